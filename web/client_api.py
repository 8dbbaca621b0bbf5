"""Endpoints for `gradio_client`, with stable names: the JSON API's answers, errors as `gr.Error`."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from bot.conversation import Recommender
from flexrec.errors import FlexRecError, InputError
from web.access import Access, Proof
from web.api import client_of, proof_of
from web.limits import TurnLimiter


def llm_queue(recommender: Recommender) -> dict:
    """Gradio event options for whatever asks the LLM (a turn, a starting profile): one queue for
    all of them, as many running at once as the model generates at once; the others wait their
    turn in Gradio's queue, which shows their place, instead of on the model's lock."""
    return {"concurrency_id": "llm", "concurrency_limit": recommender.turns_at_once}


def add_client_api(recommender: Recommender, access: Access, turns: TurnLimiter) -> None:
    """Endpoints for `gradio_client` (stable names; the UI's own events are private): the same
    answers as the JSON API, errors as `gr.Error` with FlexRec's message. Each takes `sig`, the
    site's signature when `session_id` is a site user's `u_ID` (or the `X-FlexRec-Signature`
    header, which `Client(..., headers=...)` sends)."""

    def owned(session_id, sig: str | None, request: gr.Request | None) -> str:
        """The session, if this call proves it may use it: the `sig` argument, else the request's own."""
        proof = proof_of(request) if request is not None else Proof()
        return access.check(session_id, Proof(cookie=proof.cookie, sig=sig or proof.sig))

    def chat(
        message: str,
        session_id: str | None = None,
        mode: str = "text",
        sig: str | None = None,
        request: gr.Request = None,
    ) -> Iterator[dict]:
        """One chat turn. Streams the answer as it grows (the dict `/api/chat` gives: session_id,
        reply, items, profile, error); the last one is the whole turn. Pass the returned
        session_id back to continue the conversation; it is a secret, like a password."""
        try:
            if mode not in ("text", "voice"):
                raise InputError(f"mode must be 'text' or 'voice', not {str(mode)[:20]!r}")
            session_id = None if session_id is None else owned(session_id, sig, request)
            turns.take(client_of(request))
            for _, turn in recommender.turn(session_id, message, mode == "voice"):
                yield turn.as_dict()
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def feedback(session_id: str, item_id: str, kind: str, sig: str | None = None, request: gr.Request = None) -> dict:
        """Like, dislike or "seen it" on a catalog item; returns the updated profile."""
        try:
            return recommender.feedback(owned(session_id, sig, request), item_id, kind).model_dump()
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def profile(session_id: str, sig: str | None = None, request: gr.Request = None) -> dict:
        """Everything stored about the session: profile, conversation, feedback."""
        try:
            return recommender.export(owned(session_id, sig, request))
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    gr.api(chat, api_name="chat", **llm_queue(recommender))
    for fn in (feedback, profile):
        gr.api(fn, api_name=fn.__name__)
