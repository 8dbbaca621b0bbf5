"""Loading the LLM by name, path or folder, offline; streaming equals generating (greedy)."""

from pathlib import Path

import pytest

from bot.llm import load_chat_model, resolve_llm
from flexrec.errors import ModelError
from flexrec.settings import Settings

MESSAGES = [{"role": "user", "content": "Name a colour."}]


def test_names_resolve_to_files():
    folder, gguf = resolve_llm("smollm2-135m")
    assert (Path(folder) / gguf).is_file()
    assert resolve_llm(str(Path(folder) / gguf)) == (folder, gguf)
    assert resolve_llm("some-org/some-model") == ("some-org/some-model", None)
    with pytest.raises(ModelError, match="GGUF file not found"):
        resolve_llm("/nowhere/model.gguf")


def test_an_unavailable_model_id_is_a_clear_offline_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load LLM 'no-such-org/no-such-model' offline"):
        load_chat_model(Settings(data_dir=tmp_path, llm="no-such-org/no-such-model"))


@pytest.mark.slow
def test_a_gguf_path_and_a_local_folder_load_too(llm, settings):
    folder, gguf = resolve_llm("smollm2-135m")
    by_path = load_chat_model(Settings(data_dir=settings.data_dir, llm=str(Path(folder) / gguf)))
    converted = next(settings.models_dir.iterdir())  # the cache the session's model was converted into
    assert not converted.name.endswith(".partial")
    by_folder = load_chat_model(Settings(data_dir=settings.data_dir, llm=str(converted)))
    expected = llm.generate(MESSAGES, 8)
    assert expected.strip()
    assert by_path.generate(MESSAGES, 8) == expected == by_folder.generate(MESSAGES, 8)


@pytest.mark.slow
def test_stream_yields_pieces_that_join_to_the_generated_text(llm):
    pieces = list(llm.stream(MESSAGES, 12))
    assert len(pieces) > 1 and "".join(pieces) == llm.generate(MESSAGES, 12)


@pytest.mark.gpu
def test_cuda_placement_in_bf16(tmp_path):
    import torch

    model = load_chat_model(Settings(data_dir=tmp_path))
    assert model.model.device.type == "cuda" and model.model.dtype == torch.bfloat16
    assert model.generate(MESSAGES, 8).strip()
