"""The transformers + accelerate backend: Hugging Face ids, local folders, and GGUF files that
transformers dequantizes (converted once to safetensors in the models dir: dequantizing is slow,
reloading is not)."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from bot.json_text import json_closed
from bot.llm import Messages
from bot.models import ResolvedModel
from flexrec.errors import ModelError
from flexrec.settings import Settings

log = logging.getLogger(__name__)


class TransformersChatModel:
    """A causal LM from transformers, greedy decoding (reproducible answers, as tests need)."""

    supports_prefill = True  # a final assistant message is continued (continue_final_message)
    supports_schema = False  # no constrained decoding here: the caller parses and repairs
    parallel = 1

    def __init__(self, model, tokenizer, name: str):
        self.model, self.tokenizer, self.name = model, tokenizer, name
        self._lock = threading.Lock()  # one generation at a time: torch on 2 cores gains nothing from more
        self._closing = threading.Event()
        self._running: threading.Thread | None = None
        # A generation still running when the interpreter exits dies inside torch and aborts the
        # process ("terminate called without an active exception"): stop it first.
        atexit.register(self.close)

    def close(self) -> None:
        """Stop any running generation at its next token and wait for it."""
        self._closing.set()
        if (running := self._running) is not None:
            running.join(timeout=30)

    def clip(self, text: str, max_tokens: int) -> str:
        """`text` cut at a token boundary to at most `max_tokens` tokens (bot/llm.clip)."""
        ids = self.tokenizer.encode(text, add_special_tokens=False)
        return text if len(ids) <= max_tokens else self.tokenizer.decode(ids[:max_tokens], skip_special_tokens=True)

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

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str:
        """With a schema, generation ends as soon as the JSON object closes: there is no grammar
        here, and small models otherwise run on to the token limit (seconds of CPU per call)."""
        if schema is None:
            return "".join(self.stream(messages, max_new_tokens))
        opened = messages[-1]["content"] if messages[-1]["role"] == "assistant" else ""
        done, text = threading.Event(), ""
        for piece in self.stream(messages, max_new_tokens, stop=done):
            if not done.is_set():
                text += piece
                if json_closed(opened + text):
                    done.set()  # the model stops at its next token; the stream drains
        return text

    def stream(self, messages: Messages, max_new_tokens: int, stop: threading.Event | None = None) -> Iterator[str]:
        """Text pieces as they are generated. A caller that stops reading (a closed browser tab, a
        JSON object that closed) stops the generation too, at its next token."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        inputs = self._inputs(messages)
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        failure: list[BaseException] = []
        stop = stop or threading.Event()
        closing = self._closing

        class Until(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                done = stop.is_set() or closing.is_set()
                return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)

        def run():
            try:
                self.model.generate(
                    **self._kwargs(inputs, max_new_tokens),
                    streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([Until()]),
                )
            except BaseException as exc:  # surfaced to the caller below, never swallowed
                failure.append(exc)
                streamer.end()

        with self._lock:
            self._running = thread = threading.Thread(target=run, daemon=True)
            thread.start()
            try:
                yield from (piece for piece in streamer if piece)
            finally:  # also when the caller stops reading early
                stop.set()
                thread.join()
                self._running = None
        if failure:
            raise ModelError(f"text generation failed: {failure[0]}") from failure[0]


def _device_options(dtype_name: str) -> dict:
    import torch

    cuda = torch.cuda.is_available()
    if dtype_name == "auto":
        dtype = torch.bfloat16 if cuda else torch.float32
    else:
        dtype = getattr(torch, dtype_name)
    return {"dtype": dtype, "device_map": "auto"} if cuda else {"dtype": dtype}


def _convert_gguf(folder: str, gguf: str, cache: Path) -> None:
    """Dequantize a GGUF once and save it as safetensors, which reload fast. Processes sharing a
    models dir may convert at the same time: each writes its own partial folder, and the first
    complete one to be renamed is kept (a folder in use is never replaced)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info("converting %s once; later starts load the cached copy in %s", gguf, cache)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf)
    # save_pretrained refuses a model still marked as quantized; the weights are dense now.
    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = cache.with_name(f"{cache.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    _place(tmp, cache)


def _place(tmp: Path, cache: Path) -> None:
    """Rename a complete conversion to its final name, unless another process's is there first."""
    try:
        tmp.rename(cache)  # only a complete conversion ever carries the final name
    except OSError:
        if not (cache / "config.json").is_file():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load(resolved: ResolvedModel, settings: Settings) -> TransformersChatModel:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = resolved.source
    if resolved.gguf_file:
        gguf = resolved.gguf_file
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
            f"cannot load LLM {resolved.name!r} offline ({exc}). Use a local folder, a .gguf file, "
            "or a Hugging Face id already in the local cache."
        ) from exc
    model.eval()
    return TransformersChatModel(model, tokenizer, name=resolved.name)
