"""The `flexrec` command line, run in-process against the session's data dir (real model, real store)."""

import json
from pathlib import Path

import pytest

from flexrec.cli import main
from flexrec.errors import InputError
from flexrec.evaluation.provenance import sha256


def test_ingest_reports_malformed_rows_with_line_numbers(tmp_path, capsys, embeddings):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,title,year\na1,Fine,2001\na2,Bad Year,20x1\n")
    assert main(["ingest", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "error: 1 malformed row(s)" in err and f"{bad}:3: year" in err


def test_ingest_twice_reports_updates_not_duplicates(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FLEXREC_COLLECTION", "cli-test")
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "g1", "title": "Good One", "genres": ["Drama"]}\n')
    assert main(["ingest", str(good)]) == 0
    assert "1 new, 0 updated; 1 in the store" in capsys.readouterr().out
    assert main(["ingest", str(good)]) == 0
    assert "0 new, 1 updated; 1 in the store" in capsys.readouterr().out


def test_an_unusable_store_is_a_clear_error(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store should be")
    monkeypatch.setenv("FLEXREC_CHROMA_PATH", str(blocker))
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "g1", "title": "Good One"}\n')
    assert main(["ingest", str(good)]) == 2
    assert "error: cannot open the Chroma store" in capsys.readouterr().err


@pytest.mark.slow
def test_chat_json_continues_a_session(settings, catalog, capsys, monkeypatch):
    monkeypatch.setenv("FLEXREC_DATA_DIR", str(settings.data_dir))  # reuse converted weights + store
    assert main(["chat", "I loved The Matrix, no horror please", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) == {"session_id", "reply", "items", "intent", "read_as", "profile", "error"}
    assert "The Matrix" in first["profile"]["liked"]
    assert main(["chat", "from the 90s", "--json", "--session", first["session_id"]]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["session_id"] == first["session_id"]
    assert "The Matrix" in second["profile"]["liked"]
    assert all(1990 <= i["year"] <= 1999 for i in second["items"])
    assert main(["chat", "something funny?", "--json", "--mode", "voice", "--session", first["session_id"]]) == 0
    spoken = json.loads(capsys.readouterr().out)
    assert 1 <= len(spoken["items"]) <= 3 and "\n" not in spoken["reply"] and "(19" not in spoken["reply"]
    assert main(["chat", "   "]) == 2
    assert "message is empty" in capsys.readouterr().err


def test_models_lists_the_names_and_marks_the_active_one(capsys):
    assert main(["models"]) == 0  # the tests' FLEXREC_LLM is the fast tier
    out = capsys.readouterr().out
    llms, embedders = out.split("Text embedders")  # each list marks its own active one
    active = [line for line in llms.splitlines() if line.startswith("* ")]
    assert len(active) == 1 and "smollm2-135m" in active[0] and "ready" in active[0]
    assert [line.split()[1] for line in embedders.splitlines() if line.startswith("* ")] == ["all-MiniLM-L6-v2"]
    assert "qwen2.5-coder-1.5b" in out and "llama.cpp runtime: llama-cpp-python 0.3.36" in out
    assert main(["models", "--model", "qwen2.5-coder-1.5b"]) == 0
    active = [line for line in capsys.readouterr().out.splitlines() if line.startswith("* ")]
    assert "qwen2.5-coder-1.5b" in active[0]


VALID = Path(__file__).resolve().parents[2] / "shared" / "data" / "redial" / "valid_data.jsonl"


@pytest.mark.skipif(not VALID.is_file(), reason="needs ../shared/data")
def test_eval_profile_and_writing_run_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "profile"
    assert main(["eval", "profile", "--data", str(VALID), "--limit", "3", "--model", "rules", "--out", str(out)]) == 0
    assert "| rules |" in capsys.readouterr().out
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics["models"]) == {"rules"} and metrics["n_dialogues"] == 3
    record = metrics["provenance"]  # where the figures come from, kept with them
    assert len(record["commit"]) == 40 and record["command"].startswith("flexrec eval profile --data")
    assert record["data"][str(VALID)] == sha256(VALID) and record["date"].startswith("20")
    assert record["commit"] in (out / "metrics.md").read_text()


@pytest.mark.skipif(not VALID.is_file(), reason="needs ../shared/data")
def test_eval_redial_refuses_the_file_it_learns_from(tmp_path, capsys):
    """A copy of the train file under another name is refused too: it is the content that counts."""
    copy = tmp_path / "dialogues.jsonl"
    copy.write_bytes((VALID.parent / "train_data.jsonl").read_bytes())
    from flexrec.evaluation.redial import run
    from flexrec.settings import Settings

    with pytest.raises(InputError, match="train file this evaluation learns from.*--on-train"):
        run(copy, tmp_path / "out", Settings(data_dir=tmp_path), shared=VALID.parent.parent)
    train = str(VALID.parent / "train_data.jsonl")
    assert main(["eval", "redial", "--data", train, "--limit", "1", "--out", str(tmp_path / "o")]) == 2
    assert "--on-train" in capsys.readouterr().err
    assert main(["eval", "writing", "--data", str(VALID), "--model", "rules", "--out", str(tmp_path / "w")]) == 2
    assert "error:" in capsys.readouterr().err  # the rule reader writes no replies: a clear refusal


def test_sign_user_prints_what_the_app_accepts(capsys, monkeypatch):
    from flexrec.settings import Settings
    from web.visitor import Visitors, secret_key

    monkeypatch.setenv("FLEXREC_SECRET_KEY", "shared with the embedding site")
    assert main(["sign-user", "carol"]) == 0
    user, sig = capsys.readouterr().out.strip().split("&")
    settings = Settings()
    visitors = Visitors(secret_key(settings.secret_key.get_secret_value(), settings.data_dir))
    assert user == "user=carol" and visitors.verify_user("carol", sig.removeprefix("sig=")) == "u_carol"
    assert main(["sign-user", "../etc"]) == 2 and "user id" in capsys.readouterr().err


def test_serve_refuses_an_allowed_origin_that_is_not_one_before_loading_anything(capsys, monkeypatch):
    monkeypatch.setenv("FLEXREC_ALLOWED_ORIGINS", "https://shop.example, shop.example")
    assert main(["serve", "--port", "1"]) == 2
    assert "FLEXREC_ALLOWED_ORIGINS: an origin must look like https://example.org, not 'shop.example'" in (
        capsys.readouterr().err
    )
