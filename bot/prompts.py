"""Prompt templates: YAML files in `prompts/`, loaded by name, rendered strictly with jinja2.

A message marked `prefill: true` (always the last, an assistant turn) is the start of the answer for
backends that can continue one; `render(..., prefill=False)` leaves it out for those that cannot.
A prompt may carry the JSON `schema` its answer must match (constrained decoding where supported).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
import yaml

from flexrec.errors import FlexRecError

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@cache
def _spec(name: str) -> dict:
    try:
        text = resources.files("prompts").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FlexRecError(f"no prompt named {name!r} in prompts/") from exc
    return yaml.safe_load(text)


@cache
def _templates(name: str) -> tuple[tuple[str, jinja2.Template, bool], ...]:
    return tuple((m["role"], _ENV.from_string(m["content"]), bool(m.get("prefill"))) for m in _spec(name)["messages"])


def render(name: str, prefill: bool = True, **variables) -> list[dict[str, str]]:
    """Chat messages of prompt `name`; a variable the template uses but is not given is an error."""
    try:
        return [
            {"role": role, "content": t.render(**variables)}
            for role, t, is_prefill in _templates(name)
            if prefill or not is_prefill
        ]
    except jinja2.UndefinedError as exc:
        raise FlexRecError(f"prompt {name!r}: {exc.message}") from exc


@cache
def _text(name: str, key: str) -> jinja2.Template:
    return _ENV.from_string(_spec(name)[key])


def text(name: str, key: str, **variables) -> str:
    """Text `key` of prompt file `name` when it holds texts by key rather than chat messages
    (prompts/answers.yaml), rendered as strictly as the prompts."""
    try:
        return _text(name, key).render(**variables)
    except jinja2.UndefinedError as exc:
        raise FlexRecError(f"prompt {name!r}, {key!r}: {exc.message}") from exc


def schema(name: str) -> dict | None:
    """The JSON schema prompt `name`'s answer must match, if it declares one."""
    return _spec(name).get("schema")
