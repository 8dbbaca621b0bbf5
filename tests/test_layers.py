"""The project's floors, read from every module's imports (any import, also one inside a function):
the ground (settings, errors, the weights helpers) imports nothing of the project beyond the ground;
retrieval/ only the ground; bot/ retrieval/ and the ground; web/ those; the top (app.py, the CLI,
the wiring, evaluation) anything. No import goes up a floor, and no modules import each other in a
circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("flexrec", "retrieval", "bot", "web")
GROUND = {"flexrec", "flexrec.settings", "flexrec.errors", "flexrec.weights"}
FLOORS = {"retrieval": 1, "bot": 2, "web": 3}


def modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def floor(module: str) -> int:
    if module in GROUND:
        return 0
    return FLOORS.get(module.split(".")[0], 4)


def imports() -> dict[str, set[str]]:
    """Each project module → the project modules it imports."""
    known, out = modules(), {}
    for name, path in known.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
        out[name] = {t for t in targets if t in known and t != name}
    return out


def test_no_import_goes_up_a_floor():
    upward = {(m, t) for m, targets in imports().items() for t in targets if floor(t) > floor(m)}
    assert upward == set()


def test_no_modules_import_each_other():
    graph = imports()
    circles = {tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a in graph.get(b, ())}
    assert circles == set()


def test_no_longer_circle_either():
    """Circles through three or more modules, found by a depth-first search."""
    graph, seen, found = imports(), set(), []

    def visit(node: str, path: list[str]) -> None:
        for nxt in graph.get(node, ()):
            if nxt in path:
                loop = path[path.index(nxt) :]
                if len(loop) > 2:
                    found.append(loop)
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen.add(node)

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])
    assert found == []
