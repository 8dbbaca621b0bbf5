"""Where the test suite's time goes: per file and per test, from the JUnit XML every pytest run
writes (test-artifacts/junit.xml, pyproject's addopts). The suite's aim is ~20 minutes on the
2-core machine; this says which files to make faster first.

    .venv/bin/python bench/suite_time.py [test-artifacts/junit.xml] [--top 25]
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path


def read_times(path: Path) -> list[tuple[str, str, float]]:
    """(file, test, seconds) per test case; a case's time is its setup, call and teardown."""
    out = []
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "")
        out.append((module.replace(".", "/") + ".py", case.get("name", ""), float(case.get("time", 0))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit", nargs="?", default="test-artifacts/junit.xml")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    times = read_times(Path(args.junit))
    total = sum(t for *_, t in times)
    by_file: dict[str, list[float]] = defaultdict(list)
    for file, _, seconds in times:
        by_file[file].append(seconds)
    print(f"{len(times)} tests, {total / 60:.1f} min in tests (collection and start-up not counted)\n")
    print("| file | tests | seconds | share |\n|---|---|---|---|")
    for file, seconds in sorted(by_file.items(), key=lambda kv: -sum(kv[1]))[: args.top]:
        print(f"| {file} | {len(seconds)} | {sum(seconds):.0f} | {sum(seconds) / total:.1%} |")
    print("\n| test | seconds |\n|---|---|")
    for file, name, seconds in sorted(times, key=lambda t: -t[2])[: args.top]:
        print(f"| {file}::{name} | {seconds:.0f} |")


if __name__ == "__main__":
    main()
