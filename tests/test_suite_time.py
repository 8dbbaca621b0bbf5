"""bench/suite_time.py: the suite's time per file and per test, read from pytest's JUnit XML."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3">
<testcase classname="tests.test_a" name="test_slow" time="90.5" />
<testcase classname="tests.test_a" name="test_quick[x]" time="0.5" />
<testcase classname="tests.test_b" name="test_middling" time="29.0" />
</testsuite></testsuites>"""


def test_the_slowest_file_and_test_come_first(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT)
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "suite_time.py"), str(junit)], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("3 tests, 2.0 min in tests")
    files = [line for line in out.splitlines() if line.startswith("| tests/")]
    assert files[0] == "| tests/test_a.py | 2 | 91 | 75.8% |" and files[1].startswith("| tests/test_b.py | 1 | 29 |")
    assert "| tests/test_a.py::test_slow | 90 |" in out  # the slowest test first (rounded)
