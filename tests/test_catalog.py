"""Reading catalog files: the documented schema, and every malformed row reported as file:line."""

import pytest

from flexrec.errors import CatalogError
from retrieval.catalog import Item, read_catalog
from tests.conftest import write_jsonl

HEADER = "id,title,year,genres,keywords,overview\n"


def test_csv_and_jsonl_read_the_same_schema(tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text(HEADER + 'x1,Alien,1979,Horror|Science Fiction,space,"In space, no one can hear you scream."\n')
    jsonl = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {
                "id": "x1",
                "title": "Alien",
                "year": 1979,
                "genres": ["Horror", "Science Fiction"],
                "keywords": ["space"],
                "overview": "In space, no one can hear you scream.",
            }
        ],
    )
    assert read_catalog(csv) == read_catalog(jsonl)
    item = read_catalog(csv)[0]
    assert item.genres == ["Horror", "Science Fiction"] and item.year == 1979


def test_malformed_csv_rows_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "ok1,Good Movie,2001,Drama,,fine\n"
        + ",No Id,2001,Drama,,missing id\n"  # line 3
        + "ok2,Bad Year,year two thousand,Drama,,x\n"  # line 4
        + 'ok3,"Multi\nline title",1999,Drama,,x\n'  # lines 5-6: fine, quoted newline
        + "ok1,Duplicate,2002,Drama,,x\n"  # line 7
    )
    with pytest.raises(CatalogError) as err:
        read_catalog(path)
    lines = [line for line, _ in err.value.problems]
    assert lines == [3, 4, 7]
    text = str(err.value)
    assert f"{path}:3: id" in text and f"{path}:4: year" in text and "duplicate id 'ok1'" in text


def test_bad_jsonl_lines(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "title": "A"}\n\n{not json}\n["a list"]\n{"id": "b"}\n')
    with pytest.raises(CatalogError) as err:
        read_catalog(path)
    assert [line for line, _ in err.value.problems] == [3, 4, 5]
    assert "invalid JSON" in str(err.value) and "title" in str(err.value)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("missing.csv", None, "file not found"),
        ("x.txt", "id,title\n", "unknown format"),
        ("noheader.csv", "name,year\nA,1999\n", "required column"),
        ("empty.jsonl", "\n", "no rows"),
    ],
)
def test_unusable_files(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(CatalogError, match=expected):
        read_catalog(path)


def test_the_bundled_catalog_is_valid_and_large_enough():
    from flexrec.settings import BUNDLED_CATALOG

    items = read_catalog(BUNDLED_CATALOG)
    assert len(items) >= 4000
    titles = {i.title for i in items}
    assert {"The Matrix", "Inception", "Blade Runner"} <= titles
    assert all(i.year and i.genres and i.overview for i in items)


def test_the_optional_facts_are_read_and_normalised(tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text(
        "id,title,language,countries,runtime,rating,votes\n"
        + "x1,Amelie, FR ,fr|de|FR,122,7.8,3310\n"  # case and spaces normalised, a repeated country once
        + "x2,Plain,,,0,,\n"  # blanks, and TMDB's runtime 0, are unknown
    )
    jsonl = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "x1", "title": "Amelie", "language": "fr", "countries": ["FR", "DE"]}
            | {"runtime": 122, "rating": 7.8, "votes": 3310},
            {"id": "x2", "title": "Plain", "runtime": 0},
        ],
    )
    assert read_catalog(csv) == read_catalog(jsonl)
    amelie, plain = read_catalog(csv)
    facts = [(i.language, i.countries, i.runtime, i.rating, i.votes) for i in (amelie, plain)]
    assert facts == [("fr", ["FR", "DE"], 122, 7.8, 3310), (None, [], None, None, None)]
    assert amelie.document() == "Amelie." and plain.document() == "Plain."  # the facts are not embedded


def test_an_original_title_is_optional_text():
    item = Item.model_validate({"id": "a", "title": "City of God", "original_title": "  Cidade   de Deus "})
    assert item.original_title == "Cidade de Deus" and item.document() == "City of God."
    assert Item.model_validate({"id": "a", "title": "A", "original_title": ""}).original_title is None
    with pytest.raises(ValueError, match="must be text"):
        Item.model_validate({"id": "a", "title": "A", "original_title": ["x"]})


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("language", "eng", "ISO 639-1"),
        ("language", "e1", "ISO 639-1"),
        ("language", 12, "ISO 639-1"),
        ("countries", ["USA"], "ISO 3166-1"),
        ("countries", "US|1", "ISO 3166-1"),
        ("runtime", -5, "greater than or equal to 1"),
        ("runtime", 5000, "less than or equal to 1000"),
        ("runtime", "ninety", "valid integer"),
        ("rating", 11, "less than or equal to 10"),
        ("rating", -0.5, "greater than or equal to 0"),
        ("rating", True, "must be a number"),
        ("votes", -1, "greater than or equal to 0"),
    ],
)
def test_a_bad_fact_is_a_malformed_row_named_by_its_field(tmp_path, field, value, says):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "title": "A"}, {"id": "b", "title": "B", field: value}])
    with pytest.raises(CatalogError) as err:
        read_catalog(path)
    assert [line for line, _ in err.value.problems] == [2]  # the whole file is refused, the row named
    assert f"{path}:2: {field}" in str(err.value) and says in str(err.value)


def test_a_nan_rating_is_refused(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "title": "A", "rating": NaN}\n')
    with pytest.raises(CatalogError, match=r"c.jsonl:1: rating: .*finite"):
        read_catalog(path)


def test_the_bundled_catalog_knows_most_films_language_runtime_and_rating():
    from flexrec.settings import BUNDLED_CATALOG

    items = read_catalog(BUNDLED_CATALOG)
    share = {f: sum(getattr(i, f) is not None for i in items) / len(items) for f in ("language", "runtime", "rating")}
    assert min(share.values()) > 0.95, share
    assert sum(bool(i.countries) for i in items) / len(items) > 0.9
    by_title = {i.title: i for i in items}
    assert by_title["City of God"].original_title == "Cidade de Deus" and by_title["Alien"].original_title is None
    matrix = next(i for i in items if i.title == "The Matrix")
    assert matrix.language == "en" and "US" in matrix.countries and 120 <= matrix.runtime <= 150 and matrix.rating > 7
