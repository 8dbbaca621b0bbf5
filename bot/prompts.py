"""Prompt templates: YAML files in `prompts/`, loaded by name, rendered strictly with jinja2."""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
import yaml

from flexrec.errors import FlexRecError

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@cache
def _load(name: str) -> tuple[tuple[str, jinja2.Template], ...]:
    try:
        text = resources.files("prompts").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FlexRecError(f"no prompt named {name!r} in prompts/") from exc
    spec = yaml.safe_load(text)
    return tuple((m["role"], _ENV.from_string(m["content"])) for m in spec["messages"])


def render(name: str, **variables) -> list[dict[str, str]]:
    """Chat messages of prompt `name`; a variable the template uses but is not given is an error."""
    try:
        return [{"role": role, "content": t.render(**variables)} for role, t in _load(name)]
    except jinja2.UndefinedError as exc:
        raise FlexRecError(f"prompt {name!r}: {exc.message}") from exc
