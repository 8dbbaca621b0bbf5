"""What makes a recorded evaluation checkable later: the code that ran (the git commit, and whether
the working tree differed from it), the command, the sha256 of every data file read, and the date.
`flexrec eval ...` adds it to each metrics.json it writes, so a figure copied into docs/eval-runs/
carries its own origin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None  # an installed copy without its git history: the record says so
    return done.stdout.strip()


def provenance(argv: list[str], inputs: list[Path]) -> dict:
    """The record of one run: `argv` as typed after `flexrec`, and the data files it read (each
    with its sha256; a missing one is listed as missing). Taken when the run starts."""
    changed = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "commit": _git("rev-parse", "HEAD"),
        "tree_changed": None if changed is None else bool(changed),
        "command": " ".join(["flexrec", *argv]),
        "data": {str(p): sha256(p) if p.is_file() else "missing" for p in inputs},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def stamp(out: Path, record: dict) -> None:
    """Add `record` to `out`/metrics.json (under "provenance") and as a last line of metrics.md."""
    metrics_file = out / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    metrics["provenance"] = record
    metrics_file.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = out / "metrics.md"
    if md.is_file():
        dirty = " (with uncommitted changes)" if record["tree_changed"] else ""
        line = f"\nRun {record['date']} at commit {record['commit']}{dirty}: `{record['command']}`.\n"
        md.write_text(md.read_text(encoding="utf-8").rstrip("\n") + "\n" + line, encoding="utf-8")


def shared_inputs(shared: Path, *folders: str) -> list[Path]:
    """Every file in these folders of the shared data (`redial`, `movies`, `movielens`), sorted."""
    return sorted(p for folder in folders for p in (shared / folder).glob("*") if p.is_file())
