"""An OpenAI-compatible server as the LLM (vLLM, llama.cpp's server, TGI, …) through the `openai` client.

Chat APIs cannot continue an assistant turn, so prompts go without their prefill. JSON is asked for
with `response_format={"type": "json_object", "schema": ...}` (what llama.cpp's servers constrain
on); a server that refuses that field is asked again without it, and the caller parses and repairs.
Every server failure becomes a `ModelError` the conversation can turn into a clear message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from bot.llm import Messages, without_prefill
from flexrec.errors import ModelError

log = logging.getLogger(__name__)


class OpenAIChatModel:
    supports_prefill = False
    supports_schema = True  # asked for; `schema_refused` once the server said no
    parallel: int | None = None  # the server batches what it is sent

    def __init__(self, url: str, model: str, api_key: str | None = None, timeout: float = 120.0):
        import openai

        self.url, self.name = url, model
        self.client = openai.OpenAI(base_url=url, api_key=api_key or "not-needed", timeout=timeout, max_retries=1)
        self.schema_refused = False

    def _create(self, messages: Messages, max_new_tokens: int, **kwargs):
        return self.client.chat.completions.create(
            model=self.name,
            messages=without_prefill(messages),
            max_tokens=max_new_tokens,
            temperature=0.0,
            **kwargs,
        )

    def _failed(self, exc: Exception) -> ModelError:
        return ModelError(f"the LLM server at {self.url} failed: {exc}")

    def generate(self, messages: Messages, max_new_tokens: int, schema: dict | None = None) -> str:
        import openai

        try:
            if schema and not self.schema_refused:
                try:
                    fmt = {"type": "json_object", "schema": schema}
                    reply = self._create(messages, max_new_tokens, response_format=fmt)
                    return reply.choices[0].message.content or ""
                except openai.BadRequestError as exc:
                    log.warning("%s refuses schema-constrained output (%s); parsing plain JSON instead", self.url, exc)
                    self.schema_refused = True
            reply = self._create(messages, max_new_tokens)
            return reply.choices[0].message.content or ""
        except openai.OpenAIError as exc:
            raise self._failed(exc) from exc

    def stream(self, messages: Messages, max_new_tokens: int) -> Iterator[str]:
        import httpx
        import openai

        try:
            for chunk in self._create(messages, max_new_tokens, stream=True):
                if chunk.choices and (text := chunk.choices[0].delta.content):
                    yield text
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise self._failed(exc) from exc
