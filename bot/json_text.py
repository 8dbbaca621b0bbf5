"""Scanning JSON text as a model writes it: where the first object ends, or what is still open.

Shared by the profiler's bounded repair (closing a cut-off answer) and the transformers backend
(stopping generation once the object is complete)."""

from __future__ import annotations


class UnbalancedJSON(ValueError):
    """A closing bracket that does not match the open one."""


def scan_json(body: str) -> tuple[int | None, list[str], bool, list[int]]:
    """Where the first top-level object ends (None: cut off), the brackets still open, whether a
    string is open, and the positions of commas outside strings."""
    depth, in_str, escaped, commas = [], False, False, []
    for i, ch in enumerate(body):
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch == ",":
            commas.append(i)
        elif ch in "{[":
            depth.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not depth or depth.pop() != ch:
                raise UnbalancedJSON(f"unbalanced {ch!r} at character {i}")
            if not depth:
                return i + 1, [], False, commas
    return None, depth, in_str, commas


def json_closed(text: str) -> bool:
    """Whether the first JSON object in `text` has closed."""
    start = text.find("{")
    if start < 0:
        return False
    try:
        return scan_json(text[start:])[0] is not None
    except UnbalancedJSON:
        return True  # broken beyond repair: no use generating more
