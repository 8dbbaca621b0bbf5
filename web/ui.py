"""The Gradio UI: the chat, the cards (like / not for me / seen it on each) and the profile panel.
The session id comes from the visitor cookie (or a site's signed user) on page load and stays in
a server-side `gr.State`, never sent to the page."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import escape

import gradio as gr
import numpy as np
from pydantic import ValidationError

from bot.conversation import Recommender, item_dict, new_session_id
from bot.profile import Entry, UserProfile, entries
from bot.reading.intents import ANSWERED
from bot.speech import Voice
from flexrec.errors import FlexRecError, InputError, NotFound
from web.access import Access, Proof
from web.api import client_of
from web.client_api import add_client_api, llm_queue
from web.limits import TurnLimiter
from web.render import (
    EMPTY_CARDS,
    EMPTY_PROFILE,
    FORGET_QUESTION,
    GREETING,
    SECTIONS,
    THINKING,
    WIDGET_GREETING,
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

# The cards and the profile panel are re-rendered when a turn ends; two renders at once (the two of one
# page, or two people's) race on Gradio's shared block registry ("dictionary changed size during
# iteration", gradio-app/gradio#9991) and the panel is left as it was. A render takes milliseconds: one at a time.
ONE_RENDER_AT_A_TIME = {"concurrency_id": "render", "concurrency_limit": 1}
FEEDBACK_BUTTONS = [("like", "Like"), ("dislike", "Dislike"), ("seen", "Seen it")]
ADD_KINDS = [
    ("A movie I like", "liked"),
    ("A movie I dislike", "disliked"),
    ("A movie I've seen", "seen"),
    ("A topic", "topics"),
    ("A genre I always like", "always_genres"),
    ("A genre I never want", "never_genres"),
    ("A genre I want now", "genres"),
    ("A genre I don't want now", "exclude_genres"),
    ("From year", "year_min"),
    ("Until year", "year_max"),
]


def warn(exc: FlexRecError) -> None:
    """The person's own mistake in its words; anything else as ours."""
    gr.Warning(str(exc) if isinstance(exc, InputError) else f"Something went wrong on our side: {exc}")


def restore(history: list[dict]) -> tuple[list[dict], list[dict], dict]:
    """A stored conversation as the chat shows it, the last reply's items (the cards) and, for the
    thumbs, chat message index → the items that reply came with."""
    chat, reply_items = [], {}
    for message in history:
        chat.append({"role": message["role"], "content": escape(message["content"])})
        if message["role"] == "assistant":
            reply_items[len(chat) - 1] = message["items"]
    last = next((m["items"] for m in reversed(history) if m["role"] == "assistant"), [])
    return chat, last, reply_items


def marked(shown: list[dict], ids: set[str], kind: str) -> list[dict]:
    """The cards on screen, those in `ids` with their feedback given."""
    return [{**c, "feedback": kind} if c["id"] in ids else c for c in shown]


def proposal_text(proposal: UserProfile) -> str:
    labels = [entry_label(e) for e in entries(proposal)]
    return "A starting profile for you: " + ("; ".join(labels) if labels else "nothing to go on yet")


def last_answer(history: list[dict]) -> str:
    return next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")


def player(wav_bytes: bytes | None) -> gr.Audio:
    """The spoken answer in the player, or the player hidden when there is none."""
    if not wav_bytes:
        return gr.Audio(value=None, visible=False)
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return gr.Audio(value=(wav.getframerate(), samples), visible=True)


def discard():
    return None, "", gr.Row(visible=False)


def ask_to_forget(asking: bool):
    """*Forget me* asks first: its button gives way to the question and its Delete / Cancel."""
    return gr.Button(visible=not asking), gr.Column(visible=asking)


@dataclass(frozen=True, eq=False)
class Handlers:
    """The UI's event handlers and what they use. Methods, not functions bound with functools.partial:
    Gradio finds the `gr.Request` / `gr.LikeData` parameters it fills by their annotations, which a
    bound method keeps and a partial hides."""

    recommender: Recommender
    access: Access
    turns: TurnLimiter
    voice: Voice | None = None
    greeting: str = GREETING  # a first visit's question (the widget's names no panel it lacks)

    def session_of(self, request: gr.Request) -> tuple[str, str | None]:
        """A user id the embedding site signed, else this browser's cookie; with neither (cookies
        blocked, a client that ignores them) a session for this tab only. Second, the browser's id
        when that is the session (an earlier version kept its data under the bare visitor id)."""
        params = request.query_params
        site_user = self.access.site_user(params.get("user"), params.get("sig"))
        if params.get("user") and site_user is None:
            gr.Warning("This page passed a user id FlexRec could not verify; it is ignored.")
        browser = self.access.browser(Proof(cookie=request.cookies.get(COOKIE)))
        return site_user or browser or new_session_id(), None if site_user else browser

    def on_load(self, request: gr.Request):
        """The session and what it left (chat, cards, profile); a first visit gets popular picks and a
        question. The profile panel's input is None for a visitor with nothing stored."""
        session_id, browser = self.session_of(request)
        try:
            if browser:
                self.recommender.adopt(browser.removeprefix("v_"), browser)
            history = self.recommender.history(session_id)
            profile, notice = self.recommender.stored(session_id)
        except FlexRecError as exc:
            warn(exc)
            return session_id, [], [], None, {}
        if notice:
            gr.Warning(notice)
        if not history and profile is None:
            welcome = [item_dict(h) for h in self.recommender.welcome()]
            return session_id, [{"role": "assistant", "content": self.greeting}], welcome, None, {}
        chat, last, reply_items = restore(history)
        return session_id, chat, last, None if profile is None else profile.model_dump(), reply_items

    def respond(
        self, message: str, history: list, session_id: str | None, reply_items: dict, spoken: bool, request: gr.Request
    ):
        """A turn: the message at once with a "thinking" sign in the reply's place, then the cards and
        the profile, then the reply as it is written (the sign stays until its first words)."""
        history = list(history or [])
        try:
            self.turns.take(client_of(request))
            self.recommender.check_message(message)  # a message refused at once is not shown as sent
        except FlexRecError as exc:
            warn(exc)
            yield history, gr.skip(), gr.skip(), session_id, gr.skip(), message
            return
        # The Chatbot renders HTML even with markdown off: escape so text stays text.
        asked = [{"role": "user", "content": escape(message)}, {"role": "assistant", "content": THINKING}]
        yield history + asked, gr.skip(), gr.skip(), session_id, gr.skip(), ""
        try:
            events = self.recommender.turn(session_id, message, voice=spoken)
            kind, turn = next(events)
        except FlexRecError as exc:
            warn(exc)
            yield history, gr.skip(), gr.skip(), session_id, gr.skip(), message  # back in the box, to retry
            return
        history += asked
        items = turn.items()  # a thumb on the reply may come before its text is done
        reply_items = {**reply_items, len(history) - 1: items}
        cards = items if turn.hits or turn.intent not in ANSWERED else gr.skip()  # "thanks!" keeps the cards
        yield history, cards, turn.profile.model_dump(), turn.session_id, reply_items, ""
        for kind, turn in events:
            if turn.reply.strip() or kind == "done":
                history[-1] = {"role": "assistant", "content": escape(turn.reply.strip())}
            if kind == "done" and turn.error:
                gr.Warning(turn.error)
            yield history, gr.skip(), gr.skip(), turn.session_id, gr.skip(), ""

    def give_feedback(self, item_id: str, kind: str, session_id: str, shown: list):
        try:
            self.recommender.start(session_id)  # a first visit's welcome cards come before any profile
            profile = self.recommender.feedback(session_id, item_id, kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        return marked(shown, {item_id}, kind), profile.model_dump()

    def reply_feedback(self, data: gr.LikeData, session_id: str, reply_items: dict, shown: list):
        """A thumb on a reply is that feedback on every item the reply came with."""
        kind = "like" if data.liked is True else "dislike" if data.liked is False else None
        items = reply_items.get(data.index if isinstance(data.index, int) else data.index[0], [])
        if kind is None or not items:
            return gr.skip(), gr.skip()
        try:
            for item in items:
                profile = self.recommender.feedback(session_id, item["id"], kind)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip()
        return marked(shown, {item["id"] for item in items}, kind), profile.model_dump()

    def remove_entry(self, entry: Entry, session_id: str):
        try:
            return self.recommender.edit(session_id, remove_entries=[entry]).model_dump()
        except FlexRecError as exc:
            warn(exc)
            return gr.skip()

    def add_entry(self, kind: str, value: str, session_id: str):
        """The typed entry added; on a problem it stays in the box, to be corrected."""
        try:
            entry = Entry(kind=kind, value=value)
        except ValidationError as exc:
            gr.Warning(exc.errors()[0]["msg"].removeprefix("Value error, "))
            return gr.skip(), value
        try:
            self.recommender.start(session_id)
            return self.recommender.edit(session_id, add_entries=[entry]).model_dump(), ""
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), value

    def suggest(self, description: str, genres: list[str], request: gr.Request):
        try:
            self.turns.take(client_of(request))  # the LLM writes it: as costly as a turn
            proposal = self.recommender.propose_start(description, genres)
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip()
        return proposal.model_dump(), proposal_html(proposal_text(proposal)), gr.Row(visible=True)

    def accept(self, session_id: str, proposal: dict | None):
        if not proposal:
            return (gr.skip(),) * 6
        try:
            profile, hits = self.recommender.accept_start(session_id, UserProfile.model_validate(proposal))
        except FlexRecError as exc:
            warn(exc)
            return (gr.skip(),) * 6
        cards = [item_dict(h) for h in hits]
        return profile.model_dump(), cards, None, "", gr.Row(visible=False), gr.Accordion(open=False)

    def hear(self, recording: str | None, request: gr.Request) -> tuple[str, bool]:
        """The microphone's recording as the message, and voice replies on: spoken in, spoken out."""
        if not recording:
            raise gr.Error("Nothing was recorded.")
        try:
            self.turns.take(client_of(request))  # seconds of transcription, like a turn
            with open(recording, "rb") as audio:
                return self.voice.transcribe(audio.read()), True
        except FlexRecError as exc:
            raise gr.Error(str(exc)) from exc

    def say(self, session_id: str | None, spoken: bool):
        """The last answer read aloud, when voice replies are on: the stored one, so that no caller
        can have the server speak text of its own."""
        if not (spoken and self.voice and session_id):
            return player(None)
        try:
            last = last_answer(self.recommender.history(session_id))
            return player(self.voice.synthesize(last) if last else None)
        except FlexRecError as exc:
            warn(exc)
            return player(None)

    def export(self, session_id: str) -> str:
        try:
            return json.dumps(self.recommender.export(session_id), ensure_ascii=False, indent=1)
        except FlexRecError as exc:
            warn(exc)
            return ""

    def clear_chat(self, session_id: str):
        """The chat's clear button: the conversation goes (the thumbs with it), the profile stays."""
        try:
            self.recommender.clear_history(session_id)
        except FlexRecError as exc:
            warn(exc)
        return {}

    def forget(self, session_id: str):
        try:
            self.recommender.forget(session_id)
        except NotFound:
            pass  # nothing was stored: nothing to forget
        except FlexRecError as exc:
            warn(exc)
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        gr.Info("Everything FlexRec kept about you (profile, conversation, feedback) is deleted.")
        return [], [], None, {}


def show_cards(cards: list, give_feedback: Callable, session: gr.State, shown: gr.State, profile: gr.State) -> None:
    """The cards, each with its like / dislike / seen-it buttons (the one given stands out)."""
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
                            [shown, profile],
                            api_visibility="private",
                        )


def show_profile(data: dict | None, remove_entry: Callable, session: gr.State, profile: gr.State) -> None:
    """The profile's entries by section, each a chip that removes it."""
    listed = entries(UserProfile.model_validate(data or {}))
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
                        [profile],
                        api_visibility="private",
                    )


def download_button(export: Callable, session: gr.State, download: gr.Textbox) -> None:
    """The file is made in the page from what the server returns: no URL ever names the session."""
    gr.Button("Download my profile (JSON)", size="sm", elem_id="fx-download").click(
        export, [session], [download], api_visibility="private"
    ).then(None, [download], None, js=SAVE_JSON, api_visibility="private")


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
    on = Handlers(recommender, access, turns, voice, WIDGET_GREETING if compact else GREETING)
    with gr.Blocks(title="FlexRec") as ui:
        session = gr.State(None)  # this visitor's session id (from the cookie, see on_load)
        shown = gr.State([])  # the cards on screen: the API's item dicts, plus "feedback" once given
        profile_state = gr.State(None)  # the stored profile as a dict; None while nothing is stored
        reply_items = gr.State({})  # chat message index → the items that reply came with
        proposal = gr.State(None)  # a proposed starting profile, until accepted or discarded
        download = gr.Textbox(visible=False)  # "download my profile": the JSON, on its way to a file
        if not compact:
            gr.Markdown("## FlexRec\nTell me what you like (and what you don't); I'll find movies from the catalog.")
        # Chat, cards and profile side by side on a wide screen (the cards next to the reply, in view);
        # stacked in that order on a narrow one (a phone, the widget in a sidebar).
        with gr.Row(elem_id="fx-main"):
            with gr.Column(scale=5, min_width=320, elem_id="fx-talk"):
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
            with gr.Column(scale=4, min_width=260, elem_id="fx-cards"):

                @gr.render(inputs=[shown], **ONE_RENDER_AT_A_TIME)
                def render_cards(cards: list):
                    show_cards(cards, on.give_feedback, session, shown, profile_state)

            with gr.Column(scale=4, min_width=300, visible=not compact):  # the widget: chat and cards only
                gr.Markdown("### What FlexRec believes about you")
                with gr.Column(elem_id="fx-profile"):

                    @gr.render(inputs=[profile_state, session], **ONE_RENDER_AT_A_TIME)
                    def render_profile(data: dict | None, session_id: str | None):
                        show_profile(data, on.remove_entry, session, profile_state)
                        if data is not None and session_id:
                            download_button(on.export, session, download)

                with gr.Accordion(
                    "New here? Start from a line about yourself", open=False, elem_id="fx-new"
                ) as new_here:
                    describe = gr.Textbox(
                        placeholder="I'm 12 and love space", show_label=False, elem_id="fx-describe", max_length=300
                    )
                    pick = gr.CheckboxGroup(recommender.catalog_genres, label="or pick a few genres", elem_id="fx-pick")
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
                with gr.Column(visible=False, elem_id="fx-forget-ask") as forget_ask:
                    gr.HTML(FORGET_QUESTION)
                    with gr.Row():
                        forget_yes = gr.Button("Delete", variant="stop", size="sm", elem_id="fx-forget-yes")
                        forget_no = gr.Button("Cancel", size="sm", elem_id="fx-forget-no")

        ui.load(on.on_load, None, [session, chatbot, shown, profile_state, reply_items], api_visibility="private").then(
            lambda p: gr.Accordion(open=p is None), [profile_state], [new_here], api_visibility="private"
        )
        llm_pool = llm_queue(recommender)
        for trigger in (suggest_btn.click, describe.submit):
            trigger(
                on.suggest,
                [describe, pick],
                [proposal, proposal_view, proposal_actions],
                api_visibility="private",
                **llm_pool,
            )
        accept_btn.click(
            on.accept,
            [session, proposal],
            [profile_state, shown, proposal, proposal_view, proposal_actions, new_here],
            api_visibility="private",
        )
        discard_btn.click(discard, None, [proposal, proposal_view, proposal_actions], api_visibility="private")
        turn_io = (
            [box, chatbot, session, reply_items, spoken],
            [chatbot, shown, profile_state, session, reply_items, box],
        )
        box.submit(on.respond, *turn_io, api_visibility="private", **llm_pool).then(
            on.say, [session, spoken], [speech], api_visibility="private"
        )
        mic.stop_recording(on.hear, [mic], [box, spoken], api_visibility="private").success(
            on.respond, *turn_io, api_visibility="private", **llm_pool
        ).then(on.say, [session, spoken], [speech], api_visibility="private")
        chatbot.clear(on.clear_chat, [session], [reply_items], api_visibility="private")
        chatbot.like(on.reply_feedback, [session, reply_items, shown], [shown, profile_state], api_visibility="private")
        for trigger in (add_btn.click, add_value.submit):
            trigger(on.add_entry, [add_kind, add_value, session], [profile_state, add_value], api_visibility="private")
        asking = [forget_btn, forget_ask]
        forget_btn.click(partial(ask_to_forget, True), None, asking, api_visibility="private")
        forget_no.click(partial(ask_to_forget, False), None, asking, api_visibility="private")
        forget_yes.click(partial(ask_to_forget, False), None, asking, api_visibility="private").then(
            on.forget, [session], [chatbot, shown, profile_state, reply_items], api_visibility="private"
        )
        add_client_api(recommender, access, turns)
    return ui
