"""Reading catalog files: the documented schema, and every malformed row reported as file:line."""

import pytest

from flexrec.errors import CatalogError
from retrieval.catalog import read_catalog
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
