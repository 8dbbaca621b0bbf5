"""Ingestion into a real Chroma store in a temp dir, with the real embedding model."""

import pytest

from flexrec.errors import CatalogError
from flexrec.settings import Settings
from retrieval.catalog import Item, read_catalog
from retrieval.ingest import ensure_catalog, ingest_file
from retrieval.store import COMPLETE, IN_PROGRESS, CatalogStore, open_client
from tests.conftest import write_jsonl

ROWS = [
    {"id": "s1", "title": "Space Dogs", "year": 1990, "genres": ["Science Fiction"], "overview": "Dogs fly to Mars."},
    {"id": "s2", "title": "Love in Paris", "year": 2005, "genres": ["Romance"], "overview": "Two strangers meet."},
    {"id": "s3", "title": "Night Terror", "year": 1985, "genres": ["Horror"], "overview": "A house that screams."},
]


@pytest.fixture
def store(tmp_path, embeddings):
    client = open_client(Settings(data_dir=tmp_path))
    return CatalogStore(client, "test-movies", embeddings, "all-MiniLM-L6-v2")


def test_reingesting_the_same_file_keeps_the_count(store, tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", ROWS)
    first = ingest_file(store, path, progress=False)
    assert (first.before, first.after) == (0, 3)
    again = ingest_file(store, path, progress=False)
    assert (again.before, again.after) == (3, 3)
    assert store.state() == COMPLETE


def test_upsert_updates_an_item_in_place(store, tmp_path):
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", ROWS), progress=False)
    changed = [dict(ROWS[0], title="Space Cats", genres=["Comedy"])]
    ingest_file(store, write_jsonl(tmp_path / "b.jsonl", changed), progress=False)
    items = {i.id: i for i in store.all_items()}
    assert len(items) == 3 and items["s1"].title == "Space Cats" and items["s1"].genres == ["Comedy"]


def test_reingesting_writes_only_the_items_that_changed(store, tmp_path):
    """A catalog file ingested again (a start, an evaluation's next fold) rewrites only the rows whose
    text or facts changed, and embeds only those whose text changed."""
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", ROWS), progress=False)
    written, embedded, upsert, real = [], [], store.collection.upsert, store.embeddings

    class Counted:  # the real model, its texts counted
        def embed_documents(self, texts):
            embedded.extend(texts)
            return real.embed_documents(texts)

    store.collection.upsert = lambda **kw: (written.extend(kw["ids"]), upsert(**kw))[1]
    store.embeddings = Counted()
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", ROWS), progress=False)
    assert written == [] and embedded == []
    changed = [ROWS[0], dict(ROWS[1], runtime=95), dict(ROWS[2], overview="A house that sings.")]
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", changed), progress=False)
    assert written == ["s2", "s3"] and len(embedded) == 1 and "sings" in embedded[0]
    items = {i.id: i for i in store.all_items()}
    assert items["s2"].runtime == 95 and items["s3"].overview == "A house that sings." and store.state() == COMPLETE


def test_texts_embedded_shortest_first_are_stored_each_with_its_own_vector(store, embeddings):
    """Upsert embeds a window's texts sorted by length (less padding) and stores them in the
    file's order: no vector may land on another item, whatever the window and batch."""
    import numpy as np

    items = [Item(id=f"w{n}", title=f"Film {n}", overview="word " * (7 - n) * 9) for n in range(7)]  # longest first
    store.upsert(items, source="test", batch_size=2, window=5)
    got = store.collection.get(ids=[i.id for i in items], include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"], strict=True))
    alone = embeddings.embed_documents([i.document() for i in items])
    for item, vector in zip(items, alone, strict=True):
        assert np.allclose(stored[item.id], vector, atol=1e-4), item.id
    assert store.collection.get(include=[])["ids"] == [i.id for i in items]  # stored in the file's order


def test_a_malformed_file_leaves_the_store_untouched(store, tmp_path):
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", ROWS), progress=False)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,title,year\nn1,New One,2001\nn2,,2002\n")
    with pytest.raises(CatalogError, match=r"bad.csv:3: title"):
        ingest_file(store, bad, progress=False)
    assert store.count() == 3 and store.state() == COMPLETE


class FailingEmbeddings:
    """Embeds the first batch, then dies: a fake to make an ingestion break half-way."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def embed_documents(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("killed mid-ingestion")
        return self.real.embed_documents(texts)


def test_an_interrupted_ingestion_is_announced_and_repaired(tmp_path, embeddings, caplog):
    client = open_client(Settings(data_dir=tmp_path))
    path = write_jsonl(tmp_path / "c.jsonl", ROWS)
    broken = CatalogStore(client, "test-movies", FailingEmbeddings(embeddings), "all-MiniLM-L6-v2")
    with pytest.raises(RuntimeError):
        broken.upsert(read_catalog(path), source=str(path), batch_size=2, window=2)
    assert broken.count() == 2 and broken.state() == IN_PROGRESS
    fixed = CatalogStore(client, "test-movies", embeddings, "all-MiniLM-L6-v2")
    report = ensure_catalog(fixed, path, progress=False)
    assert "interrupted" in caplog.text
    assert report.after == 3 and fixed.state() == COMPLETE


def test_retrieval_filters_on_real_vectors(store, tmp_path):
    from bot.profile import Constraints, UserProfile
    from bot.query import search_query
    from bot.reading import Reader
    from retrieval.retriever import Retriever
    from retrieval.titles import TitleIndex

    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", ROWS), progress=False)
    titles = TitleIndex((i.id, i.title, i.popularity) for i in store.all_items())
    retriever, reader = Retriever(store, titles), Reader(titles)

    def search(profile, message, k):
        return retriever.search(search_query(profile, reader.read(message)), k)

    profile = UserProfile(constraints=Constraints(exclude_genres=["Horror"], year_max=2000))
    hits = search(profile, "a scary haunted house, but no horror", k=3)
    assert [h.id for h in hits] == ["s1"]  # horror excluded, 2005 excluded
    assert search(UserProfile(disliked=["Space Dogs"], recommended=["s2"]), "dogs", 3)[0].id == "s3"


@pytest.mark.parametrize(
    "constraints",
    [
        {"year_min": 1986},
        {"year_max": 1990, "exclude_genres": ["horror"]},
        {"year_min": 1980, "year_max": 2000},
        {"exclude_genres": ["Romance", "Science Fiction"]},
    ],
)
def test_the_python_filter_agrees_with_the_chroma_filter(store, tmp_path, constraints):
    from bot.profile import Constraints, UserProfile
    from bot.query import search_query
    from retrieval.retriever import build_where, passes

    rows = [*ROWS, {"id": "s4", "title": "No Year", "genres": ["Drama"], "overview": "Unknown date."}]
    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", rows), progress=False)
    profile = search_query(UserProfile(constraints=Constraints(**constraints)))
    by_chroma = set(store.collection.get(where=build_where(profile), include=[])["ids"])
    assert by_chroma == {i.id for i in store.all_items() if passes(profile, i)}


@pytest.mark.parametrize(
    "genres, found",
    [
        (["Family", "Comedy"], {"f1"}),  # "for my kids", then "funnier": a family comedy
        (["Animation", "Comedy"], {"f4"}),
        (["Family", "Animation"], {"f1", "f2", "f4"}),  # whom it is for: either
        (["Action", "Comedy"], {"f1", "f3", "f4"}),  # two kinds: either
    ],
)
def test_genres_asked_for_are_met_once_for_the_audience_and_once_for_the_kind(store, tmp_path, genres, found):
    from bot.profile import Constraints, UserProfile
    from bot.query import search_query
    from retrieval.retriever import build_where, passes

    rows = [
        {"id": "f1", "title": "Dog Days", "genres": ["Family", "Comedy"], "overview": "A dog."},
        {"id": "f2", "title": "Sea Quest", "genres": ["Family", "Adventure"], "overview": "A boat."},
        {"id": "f3", "title": "Office Jokes", "genres": ["Comedy"], "overview": "An office."},
        {"id": "f4", "title": "Toon Town", "genres": ["Animation", "Comedy"], "overview": "A town."},
    ]
    ingest_file(store, write_jsonl(tmp_path / "g.jsonl", rows), progress=False)
    query = search_query(UserProfile(constraints=Constraints(genres=genres)))
    assert set(store.collection.get(where=build_where(query), include=[])["ids"]) == found
    assert {i.id for i in store.all_items() if passes(query, i)} == found


def test_two_kinds_named_as_one_are_met_together(store, tmp_path):
    """ "a horror comedy": a film of both kinds, in the Chroma filter and in Python alike."""
    from bot.profile import Constraints, UserProfile
    from bot.query import search_query
    from retrieval.retriever import build_where, passes

    rows = [
        {"id": "h1", "title": "Zombie Laughs", "genres": ["Horror", "Comedy"], "overview": "Zombies."},
        {"id": "h2", "title": "Scream House", "genres": ["Horror"], "overview": "A house."},
        {"id": "h3", "title": "Office Jokes", "genres": ["Comedy"], "overview": "An office."},
    ]
    ingest_file(store, write_jsonl(tmp_path / "h.jsonl", rows), progress=False)
    for every, found in ((True, {"h1"}), (False, {"h1", "h2", "h3"})):
        query = search_query(UserProfile(constraints=Constraints(genres=["Horror", "Comedy"], every_genre=every)))
        assert set(store.collection.get(where=build_where(query), include=[])["ids"]) == found
        assert {i.id for i in store.all_items() if passes(query, i)} == found


def test_a_kind_and_an_audience_met_apart_is_the_first_looser_request():
    """ "a Hindi family drama" where no Hindi film is both: Hindi family films or dramas, before
    anything else asked (the language) gives way."""
    from retrieval.retriever import Query

    q = Query(require_genres=("Family", "Drama"), language="hi")
    assert q.relaxed()[0] == Query(require_genres=("Family", "Drama"), language="hi", genres_together=False)
    assert all(r.genres_together for r in Query(require_genres=("Action", "Comedy")).relaxed())  # one group


FACTS = {
    "s1": {
        "language": "en",
        "countries": ["US", "GB"],
        "runtime": 95,
        "rating": 6.4,
        "votes": 120,
        "original_title": None,
    },
    "s2": {
        "language": "fr",
        "countries": ["FR"],
        "runtime": 110,
        "rating": 7.1,
        "votes": 80,
        "original_title": "Amour à Paris",
    },
}
WITH_FACTS = [{**r, **FACTS.get(r["id"], {})} for r in ROWS]  # s3 knows none of them


def _facts(item):
    return {k: getattr(item, k) for k in ("language", "countries", "runtime", "rating", "votes", "original_title")}


def test_the_facts_are_stored_as_metadata_and_read_back(store, tmp_path):
    from retrieval.store import SCHEMA

    ingest_file(store, write_jsonl(tmp_path / "a.jsonl", WITH_FACTS), progress=False)
    items = {i.id: i for i in store.all_items()}
    assert _facts(items["s1"]) == FACTS["s1"] and _facts(items["s2"]) == FACTS["s2"]
    assert _facts(items["s3"]) == dict.fromkeys(FACTS["s1"]) | {"countries": []}
    meta = store.collection.get(ids=["s2"], include=["metadatas"])["metadatas"][0]
    assert {k: meta[k] for k in FACTS["s2"]} == FACTS["s2"]
    # usable by a where clause: countries as a list like genres, the rest as scalars
    assert store.collection.get(where={"countries": {"$contains": "GB"}}, include=[])["ids"] == ["s1"]
    assert store.collection.get(where={"runtime": {"$gte": 100}}, include=[])["ids"] == ["s2"]
    assert store.collection.get(where={"language": "en"}, include=[])["ids"] == ["s1"]
    assert store.schema() == SCHEMA


def _store_of_an_older_version(store, rows, source):
    """What the version before the facts wrote: metadata without them, and no schema mark."""
    from retrieval.store import _metadata

    items = [Item.model_validate(r) for r in rows]
    docs = [i.document() for i in items]
    old_keys = {"title", "overview", "popularity", "year", "genres", "genre_keys", "keywords"}
    store.collection.upsert(
        ids=[i.id for i in items],
        embeddings=store.embeddings.embed_documents(docs),
        documents=docs,
        metadatas=[{k: v for k, v in _metadata(i).items() if k in old_keys} for i in items],
    )
    store.collection.modify(metadata={"flexrec_ingest": COMPLETE, "flexrec_source": str(source)})


class CountingEmbeddings:
    def __init__(self, real):
        self.real, self.texts = real, 0

    def embed_documents(self, texts):
        self.texts += len(texts)
        return self.real.embed_documents(texts)


def test_a_store_from_before_the_facts_loads_and_gains_them_on_start(tmp_path, embeddings, caplog):
    from retrieval.store import SCHEMA

    client = open_client(Settings(data_dir=tmp_path))
    path = write_jsonl(tmp_path / "movies.jsonl", WITH_FACTS)
    old = CatalogStore(client, "test-movies", embeddings, "all-MiniLM-L6-v2")
    mine = {"id": "u1", "title": "My Own Film", "year": 2001, "overview": "Not in the catalog file."}
    _store_of_an_older_version(old, [*ROWS, mine], path)
    assert old.schema() < SCHEMA and old.state() == COMPLETE
    assert {_facts(i)["language"] for i in old.all_items()} == {None}  # loads, knowing none of them
    vectors = old.vectors(["s1", "s2", "s3", "u1"])

    # ingesting another file into it does not make the older items current
    ingest_file(old, write_jsonl(tmp_path / "one.jsonl", [mine]), progress=False)
    assert old.schema() < SCHEMA

    restarted = CatalogStore(client, "test-movies", CountingEmbeddings(embeddings), "all-MiniLM-L6-v2")
    with caplog.at_level("INFO"):
        assert ensure_catalog(restarted, path, progress=False) is None  # no re-ingestion...
    assert "added them to 3 items" in caplog.text
    items = {i.id: i for i in restarted.all_items()}
    assert _facts(items["s1"]) == FACTS["s1"] and _facts(items["s2"]) == FACTS["s2"]  # ...but the facts
    assert set(items) == {"s1", "s2", "s3", "u1"} and items["u1"].title == "My Own Film"
    assert restarted.embeddings.texts == 0  # nothing embedded: the vectors are the stored ones
    after = restarted.vectors(list(vectors))
    assert all((after[i] == v).all() for i, v in vectors.items())
    assert restarted.schema() == SCHEMA and restarted.state() == COMPLETE

    caplog.clear()
    with caplog.at_level("INFO"):
        ensure_catalog(CatalogStore(client, "test-movies", embeddings, "all-MiniLM-L6-v2"), path, progress=False)
    assert "predate" not in caplog.text  # once only
