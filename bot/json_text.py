"""Scanning JSON text as a model writes it: where the first object ends, or what is still open.

Shared by the LLM's JSON answers' bounded repair (`parse_object`: the profiler, the starter profile,
item enrichment) and the transformers backend (stopping generation once the object is complete)."""

from __future__ import annotations

import json
import re


class UnbalancedJSON(ValueError):
    """A closing bracket that does not match the open one."""


class UnusableJSON(ValueError):
    """A model's answer holds no JSON object, even after the bounded repairs."""


def scan_json(body: str) -> tuple[int | None, list[str], bool, list[int]]:
    """Where the first top-level object ends (None: cut off), the brackets still open, whether a
    string is open, and the positions of commas outside strings."""
    depth, in_str, escaped, commas = [], False, False, []
    for i, ch in enumerate(body):
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch == ",":
            commas.append(i)
        elif ch in "{[":
            depth.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not depth or depth.pop() != ch:
                raise UnbalancedJSON(f"unbalanced {ch!r} at character {i}")
            if not depth:
                return i + 1, [], False, commas
    return None, depth, in_str, commas


def json_closed(text: str) -> bool:
    """Whether the first JSON object in `text` has closed."""
    start = text.find("{")
    if start < 0:
        return False
    try:
        return scan_json(text[start:])[0] is not None
    except UnbalancedJSON:
        return True  # broken beyond repair: no use generating more


def _candidates(body: str) -> list[str]:
    """The object as written; or, cut off, closed where it stopped and at up to 3 earlier commas
    (a reply cut inside a key or half an entry loses that entry, not the whole answer)."""
    end, depth, in_str, commas = scan_json(body)
    if end is not None:
        return [body[:end]]
    out = [body + ('"' if in_str else "") + "".join(reversed(depth))]
    for comma in reversed(commas[-3:]):
        _, open_, _, _ = scan_json(body[:comma])
        out.append(body[:comma] + "".join(reversed(open_)))
    return out


def parse_object(text: str) -> tuple[dict, bool]:
    """The first JSON object of a model's answer, after bounded repairs: code fences, text around the
    object, trailing commas, and unclosed brackets at the end of a cut-off reply; anything else is an
    UnusableJSON. The flag says whether a repair was needed (JSON that parsed as given needs none)."""
    original = text
    text = re.sub(r"```(?:json)?", "", text).strip()
    start = text.find("{")
    if start < 0:
        raise UnusableJSON("no JSON object in the output")
    try:
        bodies = _candidates(text[start:])
    except UnbalancedJSON as exc:
        raise UnusableJSON(str(exc)) from exc
    error: Exception | None = None
    for body in bodies:
        body = re.sub(r",\s*([}\]])", r"\1", body)
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            error = error or exc
            continue
        if not isinstance(data, dict):
            raise UnusableJSON("the JSON is not an object")
        return data, body.strip() != original.strip()
    raise UnusableJSON(str(error).splitlines()[0])
