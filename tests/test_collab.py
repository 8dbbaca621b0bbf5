"""Collaborative vectors: learned from baskets, stored in their own Chroma collection, used by retrieval."""

import numpy as np
import pytest

from bot.profile import Constraints, UserProfile
from bot.query import search_query
from bot.reading import Reader
from flexrec.errors import CatalogError
from flexrec.settings import Settings
from retrieval.collab import collab_path, learn_vectors, load_vectors, save_vectors
from retrieval.ingest import ensure_catalog, ingest_file, vectors_path
from retrieval.retriever import RankWeights, Retriever
from retrieval.store import CatalogStore, open_client
from retrieval.titles import TitleIndex
from tests.conftest import write_jsonl


def _row(i, title, genres, overview, popularity=10):
    return {"id": i, "title": title, "year": 2000, "genres": genres, "overview": overview, "popularity": popularity}


# Two taste communities whose texts do not give them away: the overviews are all alike.
ROWS = [
    _row("a1", "Alpha One", ["Action"], "A team faces a hard day."),
    _row("a2", "Alpha Two", ["Action"], "A group faces a long night."),
    _row("a3", "Alpha Three", ["Action"], "A crew faces a cold week."),
    _row("b1", "Beta One", ["Drama"], "A team faces a hard year."),
    _row("b2", "Beta Two", ["Drama"], "A group faces a long summer."),
    _row("h1", "Scream House", ["Horror"], "A crew faces a haunted house of screams.", popularity=1000),
]
BASKETS = [(["a1", "a2", "a3"], 1.0)] * 6 + [(["b1", "b2"], 1.0)] * 6 + [(["a1", "b2"], 1.0)]


def test_items_that_share_baskets_are_close_and_strangers_are_not():
    v = learn_vectors(BASKETS, dim=4)
    assert set(v) == {"a1", "a2", "a3", "b1", "b2"}  # h1 is in no basket: no vector
    assert v["a1"] @ v["a2"] > v["a1"] @ v["b1"] + 0.2
    assert v["b1"] @ v["b2"] > v["b1"] @ v["a3"] + 0.2


def test_damping_shrinks_what_rests_on_one_basket():
    baskets = [(["x", "y"], 1.0)] + [(["p", "q"], 1.0)] * 20
    v = learn_vectors(baskets, dim=3)
    # both pairs always co-occur (cosine 1), but one rests on a single basket
    assert v["p"] @ v["q"] > 2 * (v["x"] @ v["y"])
    again = learn_vectors(baskets, dim=3)  # the same similarities on every build
    assert np.isclose(again["p"] @ again["q"], v["p"] @ v["q"], atol=1e-5)


@pytest.fixture
def store(tmp_path, embeddings):
    client = open_client(Settings(data_dir=tmp_path))
    return CatalogStore(client, "collab-test", embeddings, "all-MiniLM-L6-v2")


@pytest.fixture
def catalog_file(tmp_path):
    path = write_jsonl(tmp_path / "movies.jsonl", ROWS)
    save_vectors(collab_path(path), learn_vectors(BASKETS, dim=4))
    return path


class _Asked:
    """The retriever asked as a turn asks it: the message read once, with the profile's wants."""

    def __init__(self, store, weights=None):
        titles = TitleIndex((i.id, i.title, i.popularity) for i in store.all_items())
        self.retriever, self.reader = Retriever(store, titles, weights), Reader(titles)

    def search(self, profile, message, k):
        return self.retriever.search(search_query(profile, self.reader.read(message)), k)


def _retriever(store, weights=None):
    return _Asked(store, weights)


def test_ingestion_loads_the_vectors_shipped_beside_the_catalog(store, catalog_file):
    ingest_file(store, catalog_file, progress=False)
    assert store.collab.count() == 5
    got = store.collab.query(store.collab.vectors(["a1"])["a1"], 2)
    assert set(got) == {"a1", "a2"} or set(got) == {"a1", "a3"}


def test_an_exact_load_leaves_nothing_of_an_earlier_one(store, tmp_path, catalog_file):
    """An evaluation rebuilds its catalog and vectors from other data (another train file): items and
    collaborative vectors of the earlier load must not survive into the next search."""
    ingest_file(store, catalog_file, progress=False)
    assert store.count() == len(ROWS) and store.collab.count() == 5
    later = write_jsonl(tmp_path / "later.jsonl", ROWS[:3])
    earlier = load_vectors(collab_path(catalog_file))
    save_vectors(collab_path(later), {k: -earlier[k] for k in ("a1", "a2")})  # relearned: a3 has none now
    ingest_file(store, later, progress=False)  # a plain load adds and updates only
    assert store.count() == len(ROWS) and store.collab.count() == 5
    ingest_file(store, later, progress=False, exact=True)
    assert sorted(i.id for i in store.all_items()) == ["a1", "a2", "a3"]
    kept = store.collab.vectors(["a1", "a2", "a3", "b1"])
    assert sorted(kept) == ["a1", "a2"] and np.allclose(kept["a1"], -earlier["a1"])  # a3's old vector is gone


def test_a_damaged_vectors_file_is_a_clear_error_and_ingests_nothing(store, catalog_file):
    collab_path(catalog_file).write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CatalogError, match="movies.collab.npz.*unreadable vectors file"):
        ingest_file(store, catalog_file, progress=False)
    assert store.count() == 0 and store.collab.count() == 0


def test_a_damaged_text_vectors_cache_only_costs_time(store, catalog_file):
    text_vectors = vectors_path(catalog_file, store.model_name)
    text_vectors.write_bytes(b"garbage")
    ingest_file(store, catalog_file, progress=False)  # embedded afresh instead
    assert store.count() == len(ROWS)


def test_a_store_from_before_collab_vectors_gets_them_on_start(store, tmp_path, catalog_file):
    plain = write_jsonl(tmp_path / "plain.jsonl", ROWS)  # same items, no vectors beside it
    ingest_file(store, plain, progress=False)
    assert store.collab.count() == 0
    assert ensure_catalog(store, catalog_file, progress=False) is None  # nothing re-ingested...
    assert store.collab.count() == 5  # ...but the collaborative vectors were loaded


def test_liking_one_of_a_community_brings_the_rest_of_it(store, catalog_file):
    ingest_file(store, catalog_file, progress=False)
    profile = UserProfile(liked=["Alpha One"])
    hits = _retriever(store, RankWeights(popularity=0.0)).search(profile, "something for tonight", 5)
    assert sorted(h.id for h in hits[:2]) == ["a2", "a3"]
    assert hits[1].score > hits[2].score + 0.1  # by a margin text alone does not give


def test_a_disliked_item_pushes_its_community_down(store, catalog_file):
    ingest_file(store, catalog_file, progress=False)
    retriever = _retriever(store)
    neutral = {h.id: h.score for h in retriever.search(UserProfile(recommended=["a1"]), "a story", 5)}
    disliked = {
        h.id: h.score for h in retriever.search(UserProfile(disliked=["Beta One"], recommended=["a1"]), "a story", 5)
    }
    assert "b1" not in disliked
    # b2 goes down, being b1's neighbour in taste; a2 only by what their alike texts share
    assert neutral["b2"] - disliked["b2"] > neutral["a2"] - disliked["a2"] + 0.1
    assert list(disliked).index("b2") == len(disliked) - 1


def test_no_horror_means_fewer_horror_not_more(store, catalog_file):
    """A naive embedding of "no horror" is close to horror; the query drops negated clauses and
    the profile's excluded genres filter it out."""
    ingest_file(store, catalog_file, progress=False)
    retriever = _retriever(store, RankWeights(popularity=0.0))
    message = "a team story, no horror please"
    naive = [item.id for item, _, _ in store.query(store.embed_query(message), 6, None)]
    worded = [h.id for h in retriever.search(UserProfile(), message, 6)]
    assert worded.index("h1") > naive.index("h1")
    excluded = retriever.search(UserProfile(constraints=Constraints(exclude_genres=["Horror"])), "haunted house", 6)
    assert "h1" not in [h.id for h in excluded]


def test_replace_leaves_exactly_the_new_vectors(store):
    store.collab.upsert(learn_vectors(BASKETS, dim=4))
    store.collab.replace(learn_vectors([(["a1", "a2"], 1.0), (["a2", "a3"], 1.0)], dim=2))
    assert sorted(store.collab.collection.get(include=[])["ids"]) == ["a1", "a2", "a3"]
