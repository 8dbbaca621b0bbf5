"""The eval's answer cache, on the real tiny model: a prompt answered once is not asked again, in
this run or the next, and anything that can change the answer asks anew."""

from contextlib import closing

import pytest

from flexrec.evaluation.answer_cache import CachedChatModel, open_answers

pytestmark = pytest.mark.slow

ASK = [{"role": "user", "content": "Name one movie."}]


def test_the_same_prompt_is_answered_from_the_file_even_after_a_restart(llm, tmp_path):
    path = tmp_path / "answers" / "a.sqlite3"
    with closing(open_answers(path)) as db:
        cached = CachedChatModel(llm, db)
        first = cached.generate(ASK, 8)
        assert cached.generate(ASK, 8) == first
        assert (cached.hits, cached.misses) == (1, 1)
    again = CachedChatModel(llm, open_answers(path))
    assert again.generate(ASK, 8) == first and (again.hits, again.misses) == (1, 0)
    assert again.name == llm.name and again.supports_schema == llm.supports_schema  # the model's own


def test_another_limit_schema_or_message_is_a_new_question(llm, tmp_path):
    cached = CachedChatModel(llm, open_answers(tmp_path / "a.sqlite3"))
    cached.generate(ASK, 8)
    cached.generate(ASK, 4)
    cached.generate(ASK, 8, schema={"type": "object"})
    cached.generate([{"role": "user", "content": "Name one book."}], 8)
    assert (cached.hits, cached.misses) == (0, 4)
