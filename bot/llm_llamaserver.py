"""llama.cpp's own server as the LLM: the OpenAI-compatible backend plus what that server adds.

Over the plain OpenAI client (bot/llm_openai.py) it keeps what the in-process llama.cpp backend
has: a final assistant message is continued (llama-server prefills it, and constrains the rest
of it to the JSON schema), the repeat penalty of bot/llm_llamacpp.py, the server's prompt cache,
and clipping by the model's own tokens (its /tokenize). The server echoes the prefill at the
start of its answer; callers expect only the continuation, so it is cut off here.

A llama-server at FLEXREC_LLM_URL (one shared by several replicas) is recognised by its /props
and gets this backend too. With `process` (bot/llm_server_process.py) this object owns a server it
started: `close()` stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx

from bot.llm import Messages
from bot.llm_llamacpp import REPEAT_PENALTY
from bot.llm_openai import OpenAIChatModel

log = logging.getLogger(__name__)


def _auth(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _props(root: str, api_key: str | None) -> dict | None:
    """llama-server's /props (its build, its slots); None from any other server or none at all."""
    try:
        r = httpx.get(f"{root}/props", headers=_auth(api_key), timeout=5, trust_env=False)
        props = r.json() if r.status_code == 200 else None
        return props if isinstance(props, dict) and "build_info" in props else None
    except (httpx.HTTPError, ValueError):
        return None


def llama_server(url: str, api_key: str | None = None) -> tuple[str, dict] | None:
    """The root URL and /props of the OpenAI-compatible server at `url` (…/v1) if it is llama.cpp's
    own (its /props says which build it is); None for any other, and for one that does not answer now.
    One request: the props also give the model its slot count."""
    root = url.rstrip("/").removesuffix("/v1")
    props = _props(root, api_key)
    return (root, props) if props is not None else None


def _prefill(messages: Messages) -> str:
    return messages[-1]["content"] if messages and messages[-1]["role"] == "assistant" else ""


def _after(prefill: str, text: str) -> str:
    """The answer without the echoed prefill (as is where the server did not echo it)."""
    return text[len(prefill) :] if prefill and text.startswith(prefill) else text


class LlamaServerChatModel(OpenAIChatModel):
    supports_prefill = True

    def __init__(
        self,
        root: str,
        model: str,
        timeout: float = 120.0,
        process=None,
        api_key: str | None = None,
        props: dict | None = None,
    ):
        """`props`: the server's /props where the caller has them already; else asked here."""
        super().__init__(f"{root}/v1", model, api_key, timeout)
        self.root, self.process = root, process
        self.headers = _auth(api_key)
        slots = (props if props is not None else _props(root, api_key) or {}).get("total_slots")
        self.parallel = slots if isinstance(slots, int) and slots > 0 else None  # None: not known

    def _create(self, messages: Messages, max_new_tokens: int, **kwargs):
        json_out = "response_format" in kwargs
        return self.client.chat.completions.create(
            model=self.name,
            messages=messages,
            max_tokens=max_new_tokens,
            temperature=0.0,
            extra_body={"repeat_penalty": 1.0 if json_out else REPEAT_PENALTY, "cache_prompt": True},
            **kwargs,
        )

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str:
        return _after(_prefill(messages), super().generate(messages, max_new_tokens, schema))

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]:
        prefill, head = _prefill(messages), ""
        for piece in super().stream(messages, max_new_tokens):
            if head is None:
                yield piece
                continue
            head += piece  # held until it is long enough to tell whether it starts with the echo
            if len(head) >= len(prefill):
                if rest := _after(prefill, head):
                    yield rest
                head = None
        if head:
            yield head

    def clip(self, text: str, max_tokens: int) -> str:
        """`text` cut to at most `max_tokens` of the model's tokens, by the server's tokenizer; whole
        if the server cannot say (its own error then takes the fallback path)."""
        try:
            tokens = self._post("tokenize", {"content": text})["tokens"]
            if len(tokens) <= max_tokens:
                return text
            return self._post("detokenize", {"tokens": tokens[:max_tokens]})["content"]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            log.warning("llama-server could not tokenize (%s); the message goes whole", exc)
            return text

    def _post(self, path: str, body: dict) -> dict:
        r = httpx.post(f"{self.root}/{path}", json=body, headers=self.headers, timeout=30, trust_env=False)
        r.raise_for_status()
        return r.json()

    def warm_up(self, messages: Messages) -> None:
        """Compute a prompt's fixed start once: the server's prompt cache then has it for every slot."""
        try:
            self._create(messages, 1)
        except Exception as exc:  # a cold cache only costs time
            log.warning("llama-server warm-up failed: %s", exc)

    def close(self) -> None:
        if self.process is not None:
            self.process.close()
