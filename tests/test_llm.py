"""Loading the LLM by name, path or folder, offline, on the runtime the name calls for; streaming
equals generating (greedy)."""

from pathlib import Path

import pytest

from bot.llm_loader import load_chat_model
from bot.models import MODELS, resolve
from flexrec.errors import ModelError
from flexrec.settings import Settings

MESSAGES = [{"role": "user", "content": "Name a colour."}]


@pytest.fixture(scope="module")
def llm(settings):
    """SmolLM2 on transformers, the runtime of the models a GPU runs: the rest of the suite runs the
    same file on llama.cpp."""
    return load_chat_model(settings.model_copy(update={"llm": "smollm2-135m"}), progress=False)


def smollm2_gguf() -> Path:
    return Path(resolve(Settings(llm="smollm2-135m")).source) / MODELS["smollm2-135m"].file_name


def test_names_pick_their_runtime(tmp_path):
    named = resolve(Settings(data_dir=tmp_path, llm="smollm2-135m"))
    assert named.backend == "transformers" and (Path(named.source) / named.gguf_file).is_file()
    assert resolve(Settings(data_dir=tmp_path, llm=str(smollm2_gguf()))).backend == "llamacpp"
    same_file = resolve(Settings(data_dir=tmp_path, llm="smollm2-135m-llamacpp"))
    assert same_file.backend == "llamacpp" and Path(same_file.source) == smollm2_gguf()
    hub = resolve(Settings(data_dir=tmp_path, llm="some-org/some-model"))
    assert (hub.backend, hub.source) == ("transformers", "some-org/some-model")
    served = resolve(Settings(data_dir=tmp_path, llm="qwen2.5-coder-1.5b", llm_url="http://127.0.0.1:1/v1"))
    assert (served.backend, served.source) == ("openai", "qwen2.5-coder-1.5b")  # no weights joined for a server
    assert not any(tmp_path.rglob("*.gguf"))
    with pytest.raises(ModelError, match="GGUF file not found"):
        resolve(Settings(data_dir=tmp_path, llm="/nowhere/model.gguf"))


def test_an_unavailable_model_id_is_a_clear_offline_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load LLM 'no-such-org/no-such-model' offline"):
        load_chat_model(Settings(data_dir=tmp_path, llm="no-such-org/no-such-model"))


@pytest.mark.slow
def test_a_converted_local_folder_loads_too(llm, settings):
    # the cache the session's model was converted into (the models dir also holds other weights)
    converted = next(p for p in settings.models_dir.iterdir() if p.name.startswith("SmolLM2"))
    assert not converted.name.endswith(".partial")
    by_folder = load_chat_model(Settings(data_dir=settings.data_dir, llm=str(converted)))
    expected = llm.generate(MESSAGES, 8)
    assert expected.strip()
    assert by_folder.generate(MESSAGES, 8) == expected


@pytest.mark.slow
def test_stream_yields_pieces_that_join_to_the_generated_text(llm):
    pieces = list(llm.stream(MESSAGES, 12))
    assert len(pieces) > 1 and "".join(pieces) == llm.generate(MESSAGES, 12)


@pytest.mark.slow
def test_a_reader_that_stops_early_stops_the_generation(llm):
    """A closed browser tab must not leave the model writing to nobody (nor holding its lock)."""
    import threading

    stop = threading.Event()
    pieces = llm.stream(MESSAGES, 200, stop=stop)
    assert next(pieces)
    pieces.close()
    assert stop.is_set() and llm._running is None
    assert llm.generate(MESSAGES, 4).strip()  # the model is free for the next turn


@pytest.mark.gpu
def test_cuda_placement_in_bf16(tmp_path):
    import torch

    model = load_chat_model(Settings(data_dir=tmp_path, llm="smollm2-135m"))
    assert model.model.device.type == "cuda" and model.model.dtype == torch.bfloat16
    assert model.generate(MESSAGES, 8).strip()


def test_json_closed_sees_the_end_of_the_first_object():
    from bot.json_text import json_closed

    assert json_closed('{"a": "}"}') and json_closed('{"o": {"X": "liked"}} and more text')
    assert not json_closed('{"a": {"b": 1}') and not json_closed('{"a": "\\"}"') and not json_closed("no json")


@pytest.mark.slow
def test_json_generation_stops_when_the_object_closes(llm):
    messages = [{"role": "user", "content": "Give me JSON."}, {"role": "assistant", "content": '{"colour": "'}]
    free = llm.generate(messages, 48)
    json_only = llm.generate(messages, 48, schema={"type": "object"})
    assert free.startswith(json_only.rstrip()) or json_only.strip() in free
    assert len(json_only) <= len(free)


def test_two_processes_converting_at_once_keep_the_first_whole_copy(tmp_path):
    """Data dirs may share one models dir (FLEXREC_MODELS_PATH): a conversion finished second
    neither replaces the folder another process may be loading nor leaves its own copy behind."""
    from bot.llm_transformers import _place

    settings = Settings(data_dir=tmp_path / "data", models_path=tmp_path / "shared")
    assert settings.models_dir == tmp_path / "shared"
    assert Settings(data_dir=tmp_path / "data", models_path=None).models_dir == tmp_path / "data" / "models"
    cache = settings.models_dir / "SmolLM2-135M"
    for pid, text in ((1, "first"), (2, "second")):
        tmp = cache.with_name(f"{cache.name}.partial-{pid}")
        tmp.mkdir(parents=True)
        (tmp / "config.json").write_text(text)
        _place(tmp, cache)
        assert not tmp.exists()
    assert (cache / "config.json").read_text() == "first"
    broken = tmp_path / "broken"  # a folder of that name without a whole conversion in it
    (broken / "x").mkdir(parents=True)
    tmp = tmp_path / "broken.partial-3"
    (tmp / "config.json").parent.mkdir()
    (tmp / "config.json").write_text("third")
    with pytest.raises(OSError):
        _place(tmp, broken)
    assert not tmp.exists()
