"""The Gradio UI: the chat, the cards (like / not for me / seen it on each) and the profile panel.
The session id comes from the visitor cookie (or a site's signed user) on page load and stays in
a server-side `gr.State`, never sent to the page."""

from __future__ import annotations

import io
import json
import wave
from functools import partial
from html import escape

import gradio as gr
import numpy as np
from pydantic import ValidationError

from bot.conversation import Recommender, item_dict, new_session_id
from bot.profile import Entry, UserProfile, entries
from bot.speech import Voice
from flexrec.errors import FlexRecError, InputError, NotFound
from web.access import Access, Proof
from web.api import client_of
from web.client_api import add_client_api
from web.limits import TurnLimiter
from web.render import (
    EMPTY_CARDS,
    EMPTY_PROFILE,
    GREETING,
    SECTIONS,
    card_html,
    entry_label,
    proposal_html,
    section_html,
)
from web.visitor import COOKIE

# Saves the profile's JSON (the hidden textbox's value) as a file, in the browser.
SAVE_JSON = """(text) => {
  if (!text) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
  link.download = "flexrec-profile.json";
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}"""

FEEDBACK_BUTTONS = [("like", "Like"), ("dislike", "Dislike"), ("seen", "Seen it")]
ADD_KINDS = [
    ("A movie I like", "liked"),
    ("A movie I dislike", "disliked"),
    ("A movie I've seen", "seen"),
    ("A topic", "topics"),
    ("A genre I want", "genres"),
    ("A genre I don't want", "exclude_genres"),
    ("From year", "year_min"),
    ("Until year", "year_max"),
]


def build_ui(
    recommender: Recommender,
    access: Access,
    turns: TurnLimiter,
    max_chars: int,
    voice: Voice | None = None,
    compact: bool = False,
) -> gr.Blocks:
    """The chat, the cards (like / not for me / seen it on each), and the profile panel (each entry
    removable, new ones typed in, download, forget me). Handlers get the session id from the
    signed visitor cookie on page load, so a returning browser continues where it left off; it is
    kept in a server-side `gr.State`, never sent to the page.
    `compact`: the chat and its cards alone, for a small embedded widget (`/widget`). With `voice`,
    a microphone and spoken answers."""

    def warn(exc: FlexRecError) -> None:
        gr.Warning(str(exc) if isinstance(exc, InputError) else f"Something went wrong on our side: {exc}")

    def welcome_cards() -> list[dict]:
        return [item_dict(h) for h in recommender.welcome()]

    def on_load(request: gr.Request):
        # A user id the embedding site signed, else this browser's cookie; with neither (cookies
        # blocked, a client that ignores them) a session for this tab only.
        params = request.query_params
        site_user = access.site_user(params.get("user"), params.get("sig"))
        if params.get("user") and site_user is None:
            gr.Warning("This page passed a user id FlexRec could not verify; it is ignored.")
        cookie = request.cookies.get(COOKIE)
        browser = access.browser(Proof(cookie=cookie))
        session_id = site_user or browser or new_session_id()
        try:
            if browser and not site_user:  # kept under the bare visitor id by an earlier version
                recommender.adopt(browser.removeprefix("v_"), browser)
            history = recommender.history(session_id)
            stored, notice = recommender.profiles.load_checked(session_id)
            if notice:
                gr.Warning(notice)
            # the panel's input: None for a visitor with nothing stored
            profile = stored.model_dump() if recommender.profiles.exists(session_id) else None
        except FlexRecError as exc:
            warn(exc)
            return session_id, [], [], None, {}
        if not history and profile is None:  # a first visit: popular picks and one question
            return session_id, [{"role": "assistant", "content": GREETING}], welcome_cards(), None, {}
        chat, reply_items = [], {}
        for message in history:
            chat.append({"role": message["role"], "content": escape(message["content"])})
            if message["role"] == "assistant":
                reply_items[len(chat) - 1] = message["items"]
        last = next((m["items"] for m in reversed(history) if m["role"] == "assistant"), [])
        return session_id, chat, last, profile, reply_items

    def respond(
        message: str, history: list, session_id: str | None, reply_items: dict, spoken: bool, request: gr.Request
    ):
        history = list(history or [])
        try:
            turns.take(client_of(request))
            events = recommender.turn(session_id, message, voice=spoken)
            kind, turn = next(events)
        except FlexRecError as exc:
            warn(exc)
            yield history, gr.skip(), gr.skip(), session_id, gr.skip(), message
            return
        # The Chatbot renders HTML even with markdown off: escape so text stays text.
        history += [{"role": "user", "content": escape(message)}, {"role": "assistant", "content": ""}]
        items = turn.items()  # a thumb on the reply may come before its text is done
        reply_items = {**reply_items, len(history) - 1: items}
        yield history, items, turn.profile.model_dump(), turn.session_id, reply_items, ""
        for kind, turn in events:
            history[-1] = {"role": "assistant", "content": escape(turn.reply.strip())}
            if kind == "done" and turn.error:
                gr.Warning(turn.error)
            yield history, gr.skip(), gr.skip(), turn.session_id, gr.skip(), ""

    def give_feedback(item_id: str, kind: str, session_id: str, shown: list):
        try:
            recommender.start(session_id)  # a first visit's welcome cards come before any profile
            profile = recommender.feedback(session_id, item_id, kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        return [{**c, "feedback": kind} if c["id"] == item_id else c for c in shown], profile.model_dump()

    def reply_feedback(data: gr.LikeData, session_id: str, reply_items: dict, shown: list):
        """A thumb on a reply is that feedback on every item the reply came with."""
        kind = "like" if data.liked is True else "dislike" if data.liked is False else None
        items = reply_items.get(data.index if isinstance(data.index, int) else data.index[0], [])
        if kind is None or not items:
            return gr.skip(), gr.skip()
        try:
            for item in items:
                profile = recommender.feedback(session_id, item["id"], kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        ids = {item["id"] for item in items}
        return [{**c, "feedback": kind} if c["id"] in ids else c for c in shown], profile.model_dump()

    def remove_entry(entry: Entry, session_id: str):
        try:
            return recommender.edit(session_id, remove_entries=[entry]).model_dump()
        except FlexRecError as exc:
            warn(exc)
            return gr.skip()

    def add_entry(kind: str, value: str, session_id: str):
        try:
            entry = Entry(kind=kind, value=value)
        except ValidationError as exc:
            gr.Warning(exc.errors()[0]["msg"].removeprefix("Value error, "))
            return gr.skip(), value
        try:
            recommender.start(session_id)
            return recommender.edit(session_id, add_entries=[entry]).model_dump(), ""
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), value

    def suggest(description: str, genres: list[str], request: gr.Request):
        try:
            turns.take(client_of(request))  # the LLM writes it: as costly as a turn
            proposal = recommender.propose_start(description, genres)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip()
        labels = [entry_label(e) for e in entries(proposal)]
        text = "A starting profile for you: " + ("; ".join(labels) if labels else "nothing to go on yet")
        return proposal.model_dump(), proposal_html(text), gr.Row(visible=True)

    def accept(session_id: str, proposal: dict | None):
        if not proposal:
            return (gr.skip(),) * 6
        try:
            profile, hits = recommender.accept_start(session_id, UserProfile.model_validate(proposal))
        except FlexRecError as exc:
            warn(exc)
            return (gr.skip(),) * 6
        cards = [item_dict(h) for h in hits]
        return profile.model_dump(), cards, None, "", gr.Row(visible=False), gr.Accordion(open=False)

    def discard():
        return None, "", gr.Row(visible=False)

    def hear(recording: str | None, request: gr.Request) -> tuple[str, bool]:
        """The microphone's recording as the message, and voice replies on: spoken in, spoken out."""
        if not recording:
            raise gr.Error("Nothing was recorded.")
        try:
            turns.take(client_of(request))  # seconds of transcription, like a turn
            with open(recording, "rb") as audio:
                return voice.transcribe(audio.read()), True
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def say(session_id: str | None, spoken: bool):
        """The last answer read aloud, when voice replies are on: the stored one, so that no caller
        can have the server speak text of its own."""
        if not (spoken and voice and session_id):
            return gr.Audio(value=None, visible=False)
        try:
            history = recommender.history(session_id)
            last = next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")
            if not last:
                return gr.Audio(value=None, visible=False)
            with wave.open(io.BytesIO(voice.synthesize(last))) as wav:
                samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
                return gr.Audio(value=(wav.getframerate(), samples), visible=True)
        except FlexRecError as exc:
            warn(exc)
            return gr.Audio(value=None, visible=False)

    def export(session_id: str) -> str:
        try:
            return json.dumps(recommender.export(session_id), ensure_ascii=False, indent=1)
        except FlexRecError as exc:
            warn(exc)
            return ""

    def clear_chat(session_id: str):
        try:
            recommender.profiles.clear_history(session_id)
        except FlexRecError as exc:
            warn(exc)
        return {}

    def forget(session_id: str):
        try:
            recommender.forget(session_id)
        except NotFound:
            pass  # nothing was stored: nothing to forget
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        gr.Info("Everything FlexRec kept about you (profile, conversation, feedback) is deleted.")
        return [], [], None, {}

    with gr.Blocks(title="FlexRec") as ui:
        session = gr.State(None)  # this visitor's session id (from the cookie, see on_load)
        shown = gr.State([])  # the cards on screen: the API's item dicts, plus "feedback" once given
        profile_state = gr.State(None)  # the stored profile as a dict; None while nothing is stored
        reply_items = gr.State({})  # chat message index → the items that reply came with
        proposal = gr.State(None)  # a proposed starting profile, until accepted or discarded
        download = gr.Textbox(visible=False)  # "download my profile": the JSON, on its way to a file
        catalog_genres = recommender.profiler.catalog_genres
        if not compact:
            gr.Markdown("## FlexRec\nTell me what you like (and what you don't); I'll find movies from the catalog.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat", height=300 if compact else 420, render_markdown=False, elem_id="fx-chat"
                )
                box = gr.Textbox(
                    placeholder="I loved The Matrix and Inception, but no horror please",
                    show_label=False,
                    max_length=max_chars,
                    elem_id="fx-message",
                    submit_btn=True,
                )
                with gr.Row(visible=voice is not None, equal_height=True):
                    spoken = gr.Checkbox(False, label="Voice replies: short, read aloud", elem_id="fx-voice")
                    mic = gr.Audio(sources=["microphone"], type="filepath", label="Or say it", elem_id="fx-mic")
                speech = gr.Audio(
                    label="FlexRec says", autoplay=True, visible=False, interactive=False, elem_id="fx-speech"
                )
                with gr.Column(elem_id="fx-cards"):

                    @gr.render(inputs=[shown])
                    def render_cards(cards: list):
                        if not cards:
                            gr.HTML(EMPTY_CARDS)
                            return
                        with gr.Row(elem_classes="fx-cards"):
                            for card in cards:
                                with gr.Column(elem_classes="fx-card", min_width=210):
                                    gr.HTML(card_html(card))
                                    with gr.Row():
                                        for kind, label in FEEDBACK_BUTTONS:
                                            given = card.get("feedback") == kind
                                            gr.Button(
                                                label,
                                                size="sm",
                                                min_width=0,
                                                variant="primary" if given else "secondary",
                                                elem_classes=[f"fx-{kind}"],
                                            ).click(
                                                partial(give_feedback, card["id"], kind),
                                                [session, shown],
                                                [shown, profile_state],
                                                api_visibility="private",
                                            )

            with gr.Column(scale=2, visible=not compact):  # the widget is the chat and its cards
                gr.Markdown("### What FlexRec believes about you")
                with gr.Column(elem_id="fx-profile"):

                    @gr.render(inputs=[profile_state, session])
                    def render_profile(data: dict | None, session_id: str | None):
                        profile = UserProfile.model_validate(data or {})
                        listed = entries(profile)
                        if not listed:
                            gr.HTML(EMPTY_PROFILE)
                        for name, kinds in SECTIONS:
                            part = [e for e in listed if e.kind in kinds]
                            if part:
                                gr.HTML(section_html(name))
                                with gr.Row(elem_classes="fx-chips"):
                                    for entry in part:
                                        gr.Button(
                                            f"{entry_label(entry)} ✕",
                                            size="sm",
                                            min_width=0,
                                            elem_classes=["fx-entry"],
                                        ).click(
                                            partial(remove_entry, entry),
                                            [session],
                                            [profile_state],
                                            api_visibility="private",
                                        )
                        if data is not None and session_id:
                            # The file is made in the page from what the server returns: no URL
                            # ever names the session.
                            gr.Button("Download my profile (JSON)", size="sm", elem_id="fx-download").click(
                                export, [session], [download], api_visibility="private"
                            ).then(None, [download], None, js=SAVE_JSON, api_visibility="private")

                with gr.Accordion(
                    "New here? Start from a line about yourself", open=False, elem_id="fx-new"
                ) as new_here:
                    describe = gr.Textbox(
                        placeholder="I'm 12 and love space", show_label=False, elem_id="fx-describe", max_length=300
                    )
                    pick = gr.CheckboxGroup(catalog_genres, label="or pick a few genres", elem_id="fx-pick")
                    suggest_btn = gr.Button("Suggest a starting profile", size="sm", elem_id="fx-suggest")
                    proposal_view = gr.HTML("", elem_id="fx-proposal")
                    with gr.Row(visible=False) as proposal_actions:
                        accept_btn = gr.Button("Use it", size="sm", variant="primary", elem_id="fx-accept")
                        discard_btn = gr.Button("Discard", size="sm", elem_id="fx-discard")
                with gr.Row():
                    add_kind = gr.Dropdown(ADD_KINDS, value="liked", show_label=False, elem_id="fx-add-kind")
                    add_value = gr.Textbox(
                        placeholder="Title, genre, topic or year", show_label=False, elem_id="fx-add-value"
                    )
                add_btn = gr.Button("Add to my profile", size="sm", elem_id="fx-add")
                forget_btn = gr.Button("Forget me", variant="stop", size="sm", elem_id="fx-forget")

        ui.load(on_load, None, [session, chatbot, shown, profile_state, reply_items], api_visibility="private").then(
            lambda p: gr.Accordion(open=p is None), [profile_state], [new_here], api_visibility="private"
        )
        for trigger in (suggest_btn.click, describe.submit):
            trigger(suggest, [describe, pick], [proposal, proposal_view, proposal_actions], api_visibility="private")
        accept_btn.click(
            accept,
            [session, proposal],
            [profile_state, shown, proposal, proposal_view, proposal_actions, new_here],
            api_visibility="private",
        )
        discard_btn.click(discard, None, [proposal, proposal_view, proposal_actions], api_visibility="private")
        turn_io = (
            [box, chatbot, session, reply_items, spoken],
            [chatbot, shown, profile_state, session, reply_items, box],
        )
        box.submit(respond, *turn_io, api_visibility="private").then(
            say, [session, spoken], [speech], api_visibility="private"
        )
        mic.stop_recording(hear, [mic], [box, spoken], api_visibility="private").success(
            respond, *turn_io, api_visibility="private"
        ).then(say, [session, spoken], [speech], api_visibility="private")
        chatbot.clear(clear_chat, [session], [reply_items], api_visibility="private")
        chatbot.like(reply_feedback, [session, reply_items, shown], [shown, profile_state], api_visibility="private")
        for trigger in (add_btn.click, add_value.submit):
            trigger(add_entry, [add_kind, add_value, session], [profile_state, add_value], api_visibility="private")
        forget_btn.click(forget, [session], [chatbot, shown, profile_state, reply_items], api_visibility="private")
        add_client_api(recommender, access, turns)
    return ui
