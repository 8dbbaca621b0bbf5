"""Text generation behind one small interface (bot/llm_loader.py picks the backend from settings).

The conversation code only sees `ChatModel`: messages in, text or a token stream out, and "JSON that
matches this schema". Backends: llama.cpp (GGUF files, the default 1.5B model), transformers +
accelerate (Hugging Face ids and folders, GPU placement), and an OpenAI-compatible server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

Messages = list[dict[str, str]]  # [{"role": "system"|"user"|"assistant", "content": str}]


class ChatModel(Protocol):
    """Greedy generation. With `supports_prefill`, a final assistant message is continued (small
    models keep a shape far better that way); with `supports_schema`, `generate(..., schema=)`
    returns text constrained to that JSON schema. Other backends ignore `schema`: callers parse.
    `parallel`: how many generations it runs at once, so that callers queue the rest rather than
    pile them on its lock: 1 in process (one context), a llama.cpp server's slots, None for another
    server (vLLM and the like batch as many as they are sent)."""

    name: str
    supports_prefill: bool
    supports_schema: bool
    parallel: int | None

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str: ...

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]: ...


def clip(llm, text: str, max_tokens: int) -> str:
    """`text` cut to at most `max_tokens` of the model's tokens, so that a long message of
    many-token characters (4,000 emoji) still fits the context with the prompt around it. A backend
    without a local tokenizer (a server) gets the text whole: its own error then takes the fallback path."""
    cut = getattr(llm, "clip", None)
    return cut(text, max_tokens) if cut else text


def close(llm) -> None:
    """Release what a backend holds (a llama-server it started and supervises, a generation still
    running); nothing for one that holds nothing."""
    if stop := getattr(llm, "close", None):
        stop()


def without_prefill(messages: Messages) -> Messages:
    """The messages a backend that cannot continue an assistant turn is given."""
    return messages[:-1] if messages and messages[-1]["role"] == "assistant" else messages
