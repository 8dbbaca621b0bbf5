"""The record each evaluation keeps of where its figures come from: commit, command, data, date."""

import hashlib
import json

from flexrec.evaluation.provenance import provenance, stamp


def test_a_run_records_its_commit_command_data_and_date(tmp_path):
    data = tmp_path / "dialogues.jsonl"
    data.write_text('{"a": 1}\n')
    record = provenance(["eval", "redial", "--data", str(data)], [data, tmp_path / "gone.csv"])
    assert record["command"] == f"flexrec eval redial --data {data}"
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    assert record["data"] == {str(data): digest, str(tmp_path / "gone.csv"): "missing"}
    assert len(record["commit"]) == 40 and isinstance(record["tree_changed"], bool)
    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.json").write_text(json.dumps({"share": 0.9}))
    (out / "metrics.md").write_text("| a | b |\n")
    stamp(out, record)
    assert json.loads((out / "metrics.json").read_text()) == {"share": 0.9, "provenance": record}
    assert f"at commit {record['commit']}" in (out / "metrics.md").read_text().splitlines()[-1]
