"""The real UI in headless Chromium (Debian's, driven by Playwright): chat, cards, profile panel,
per-browser sessions, reset, and catalog text that tries to be markup; the page itself (the "thinking"
sign, the cards in view on a desktop and a phone, Forget me asking first, the widget's greeting, one
font). Screenshots go to test-artifacts/."""

import json
from pathlib import Path

import pytest

from flexrec.settings import Settings
from tests.conftest import ARTIFACTS, CHROMIUM_ARGS, LiveServer, write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def send(page, text: str) -> None:
    box = page.locator("#fx-message textarea")
    box.fill(text)
    box.press("Enter")


def open_app(browser, url, width: int = 1280, height: int = 900):
    """The app at `url` in a new browser (its own cookies); a width under 500 is a phone's screen."""
    phone = width < 500
    viewport = {"width": width, "height": height}
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1
    )
    page = context.new_page()
    page.goto(url, wait_until="load")  # never "networkidle": Gradio keeps a connection open
    page.locator("#fx-message textarea").wait_for(timeout=60_000)
    page.locator(".fx-card-text").first.wait_for(timeout=60_000)  # loaded: a first visit's welcome cards
    return page


def test_chat_cards_profile_sessions_and_reset(browser, live_server):
    alice = open_app(browser, live_server.url)
    chat(alice, "I loved The Matrix and Inception, but no horror please")
    alice.locator("#fx-profile", has_text="The Matrix").wait_for(timeout=30_000)
    # the streamed reply lands in the chat (chat() waited for the turn's end), and names a card's movie
    titles = [t.rsplit(" (", 1)[0] for t in alice.locator(".fx-card h4").all_inner_texts()]
    reply = alice.locator("#fx-chat .bot").last.inner_text()
    assert any(t in reply for t in titles), (titles, reply)
    alice.screenshot(path=str(ARTIFACTS / "chat-turn.png"), full_page=True)
    cards = alice.locator(".fx-card").all_inner_texts()
    assert len(cards) >= 3 and all("Horror" not in c for c in cards)
    assert "no Horror" in alice.locator("#fx-profile").inner_text()

    bob = open_app(browser, live_server.url)  # another browser: its own empty profile
    assert "The Matrix" not in bob.locator("#fx-profile").inner_text()
    send(bob, "I loved Titanic")
    bob.locator("#fx-profile", has_text="Titanic").wait_for(timeout=120_000)
    assert "The Matrix" not in bob.locator("#fx-profile").inner_text()
    assert "Titanic" not in alice.locator("#fx-profile").inner_text()

    alice.locator("#fx-forget").click()  # asks first; Cancel keeps everything
    alice.locator("#fx-forget-ask", has_text="Really delete everything").wait_for(timeout=30_000)
    alice.screenshot(path=str(ARTIFACTS / "forget-asks.png"), full_page=True)
    alice.locator("#fx-forget-no").click()
    alice.locator("#fx-forget").wait_for(timeout=30_000)
    alice.wait_for_timeout(1500)
    assert not alice.locator("#fx-forget-ask").is_visible()
    assert "The Matrix" in alice.locator("#fx-profile").inner_text()
    assert alice.locator("#fx-chat .message").count() > 0
    forget_me(alice)
    alice.locator("#fx-profile", has_text="Nothing yet").wait_for(timeout=30_000)
    assert alice.locator("#fx-chat .message").count() == 0
    assert "Titanic" in bob.locator("#fx-profile").inner_text()  # forgetting is only Alice's


def forget_me(page) -> None:
    """*Forget me*, and Delete when it asks."""
    page.locator("#fx-forget").click()
    page.locator("#fx-forget-yes").click()


EVIL_TITLE = '<img src=x onerror="window.__xss=1">Space Lasers'
ROWS = [
    {
        "id": "e1",
        "title": EVIL_TITLE,
        "year": 1999,
        "genres": ["Science Fiction"],
        "overview": "<script>window.__xss=2</script> Lasers in space, hackers and simulated worlds.",
    },
    {
        "id": "e2",
        "title": "The Matrix",
        "year": 1999,
        "genres": ["Science Fiction", "Action"],
        "overview": "A hacker learns the world is a simulation.",
    },
    {"id": "e3", "title": "Quiet Garden", "year": 2003, "genres": ["Drama"], "overview": "A gardener grows old."},
]


def test_catalog_markup_is_shown_as_text_and_runs_nothing(browser, tmp_path, llm):
    from app import create_app
    from flexrec.services import build_recommender

    catalog = write_jsonl(tmp_path / "evil.jsonl", ROWS)
    settings = Settings(data_dir=tmp_path / "data", catalog_path=catalog, top_k=2)
    with LiveServer(create_app(build_recommender(settings, progress=False, llm=llm))) as server:
        page = open_app(browser, server.url)
        # (a catalog this small may show its welcome cards again: wait for the reply, not new cards)
        send(page, "I loved The Matrix. <b>bold</b><script>window.__xss=3</script>")
        page.locator("#fx-chat .bot").nth(1).wait_for(timeout=120_000)
        page.wait_for_function("!document.querySelector('#fx-message .generating')", timeout=120_000)
        page.locator("#fx-chat .message").last.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "escaped-markup.png"), full_page=True)
        assert page.evaluate("window.__xss") is None  # no injected script or handler ran
        assert EVIL_TITLE in page.locator("#fx-cards").inner_text()  # shown literally, as text
        assert page.locator("#fx-cards img").count() == 0
        assert page.locator("#fx-chat b").count() == 0
        assert "<script>" in page.locator("#fx-chat").inner_text()
        # liked, the title becomes a profile entry: still text
        page.locator(".fx-card", has_text="Space Lasers").locator(".fx-like").click()
        page.locator("#fx-profile", has_text="Space Lasers").wait_for(timeout=30_000)
        assert page.locator("#fx-profile img").count() == 0 and page.evaluate("window.__xss") is None


def card_ids(page) -> list[str]:
    return page.locator(".fx-card-text").evaluate_all("els => els.map(e => e.dataset.itemId)")


def wait_for_new_cards(page, before: list[str]) -> None:
    page.wait_for_function(
        """before => {
            const ids = [...document.querySelectorAll('.fx-card-text')].map(e => e.dataset.itemId);
            return ids.length > 0 && JSON.stringify(ids) !== JSON.stringify(before);
        }""",
        arg=before,
        timeout=120_000,
    )


def chat(page, text: str) -> list[str]:
    """Send `text`, wait for the turn's cards (a turn never repeats a card already shown) and for
    the turn to end; the new card ids."""
    before, replies = card_ids(page), page.locator("#fx-chat .bot").count()
    send(page, text)
    wait_for_new_cards(page, before)
    page.locator("#fx-chat .bot").nth(replies).wait_for(timeout=120_000)
    # the reply may stop growing before the turn ends (sentences the grounding filter drops)
    page.wait_for_function("!document.querySelector('#fx-message .generating')", timeout=120_000)
    return card_ids(page)


def test_a_like_changes_the_panel_and_the_next_answer(browser, live_server):
    """Two people say the same; one clicks Like on a card. The panel shows it at once, and their
    next answers differ though neither typed a word about it."""
    alice, bob = open_app(browser, live_server.url), open_app(browser, live_server.url)
    assert chat(alice, "I loved The Matrix") == chat(bob, "I loved The Matrix")
    card = alice.locator(".fx-card").last
    title = card.locator("h4").inner_text().rsplit(" (", 1)[0]
    card.locator(".fx-like").click()
    alice.locator("#fx-profile", has_text=title).wait_for(timeout=30_000)
    alice.screenshot(path=str(ARTIFACTS / "after-like.png"), full_page=True)
    assert title not in bob.locator("#fx-profile").inner_text()
    assert chat(alice, "More please") != chat(bob, "More please")


def test_the_panel_edits_the_profile_and_the_reply_thumbs_count(browser, live_server):
    page = open_app(browser, live_server.url)
    chat(page, "I loved The Matrix and Inception")
    shown = [t.rsplit(" (", 1)[0] for t in page.locator(".fx-card h4").all_inner_texts()]
    # × on an entry removes it
    page.locator("#fx-profile .fx-entry", has_text="Inception").click()
    page.wait_for_function("!document.querySelector('#fx-profile').innerText.includes('Inception')", timeout=30_000)
    assert "The Matrix" in page.locator("#fx-profile").inner_text()
    # typed entries are added in catalog spelling; a title not in the catalog is refused, saying so
    value = page.locator("#fx-add-value textarea, #fx-add-value input").first
    value.fill("Zorblax Invaders")  # the kind starts as "A movie I like"
    page.locator("#fx-add").click()
    page.get_by_text("no movie called 'Zorblax Invaders'").first.wait_for(timeout=30_000)
    assert "Zorblax" not in page.locator("#fx-profile").inner_text()
    page.locator("#fx-add-kind input").click()
    page.get_by_role("option", name="A genre I don't want now").click()
    value.fill("horror")
    value.press("Enter")
    page.locator("#fx-profile", has_text="no Horror").wait_for(timeout=30_000)
    # a thumbs-up on the reply likes the items it came with
    page.locator("#fx-chat button[aria-label='Like']").last.click()
    page.locator("#fx-profile", has_text=shown[0]).wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "profile-edits.png"), full_page=True)
    assert all(t in page.locator("#fx-profile").inner_text() for t in shown)


def test_a_returning_browser_gets_its_profile_back_after_a_restart(browser, recommender, tmp_path):
    """Same browser (its cookie), a new server process on the same data: profile and chat are back;
    another browser sees none of it; Forget me then removes it all, as the API confirms."""
    import httpx

    from app import create_app
    from bot.profile_store import ProfileStore
    from web.visitor import Visitors

    def server():  # what a restart builds: new objects over the same database and key
        fresh = recommender.with_profiles(ProfileStore(tmp_path / "p.sqlite3"))
        return LiveServer(create_app(fresh, visitors=Visitors(b"the same key" * 3)))

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    with server() as first:
        page = context.new_page()
        page.goto(first.url, wait_until="load")
        page.locator(".fx-card-text").first.wait_for(timeout=60_000)
        cards = chat(page, "I loved Titanic")
        page.locator("#fx-profile", has_text="Titanic").wait_for(timeout=30_000)
    with server() as second:
        page = context.new_page()
        page.goto(second.url, wait_until="load")
        page.locator("#fx-profile", has_text="Titanic").wait_for(timeout=60_000)
        assert "I loved Titanic" in page.locator("#fx-chat").inner_text()
        assert card_ids(page) == cards
        page.screenshot(path=str(ARTIFACTS / "returning-visitor.png"), full_page=True)
        stranger = open_app(browser, second.url)
        stranger.wait_for_timeout(1500)
        assert "Titanic" not in stranger.locator("#fx-profile").inner_text()
        assert "Titanic" not in stranger.locator("#fx-chat").inner_text()

        page.locator("#fx-chat button[aria-label='Clear']").click()  # the conversation only
        for _ in range(20):  # until the server has it (a loaded machine takes more than a moment)
            page.wait_for_timeout(1500)
            page.reload(wait_until="load")
            page.locator("#fx-profile", has_text="Titanic").wait_for(timeout=60_000)
            if "I loved Titanic" not in page.locator("#fx-chat").inner_text():
                break
        assert "I loved Titanic" not in page.locator("#fx-chat").inner_text()

        with page.expect_download(timeout=30_000) as download:
            page.locator("#fx-download").click()
        exported = json.loads(Path(download.value.path()).read_text())
        assert "Titanic" in exported["profile"]["liked"] and exported["session_id"].startswith("v_")
        assert exported["session_id"] not in page.content()  # the session is never in the page
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        own = httpx.get(second.url + "/api/profile", cookies=cookies, timeout=30)  # the browser's own call
        assert own.status_code == 200 and own.json()["profile"] == exported["profile"]
        stolen = httpx.get(second.url + "/api/profile", headers={"x-flexrec-session": exported["session_id"]})
        assert stolen.status_code == 404  # the id alone, without the cookie, reaches nothing
        page.locator("#fx-forget").click()  # it asks first: Cancel deletes nothing
        page.locator("#fx-forget-no").click()
        page.locator("#fx-forget").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        kept = httpx.get(second.url + "/api/profile", cookies=cookies, timeout=30)
        assert kept.status_code == 200 and kept.json()["profile"] == exported["profile"]
        assert "Titanic" in page.locator("#fx-profile").inner_text()
        forget_me(page)
        page.locator("#fx-profile", has_text="Nothing yet").wait_for(timeout=30_000)
        assert httpx.get(second.url + "/api/profile", cookies=cookies, timeout=30).status_code == 404
        page.reload(wait_until="load")
        page.locator("#fx-message textarea").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert "Titanic" not in page.locator("#fx-profile").inner_text() + page.locator("#fx-chat").inner_text()
    context.close()


def test_a_first_visit_gets_popular_picks_a_question_and_a_starting_profile(browser, live_server):
    page = open_app(browser, live_server.url)
    welcome = card_ids(page)
    greeting = page.locator("#fx-chat").inner_text()
    assert len(welcome) == 4 and "What is a movie you loved" in greeting and "(New here?)" in greeting
    assert all("Popular with many viewers" in t for t in page.locator(".fx-why").all_inner_texts())
    page.locator("#fx-describe textarea, #fx-describe input").first.fill("I'm 12 and love space")
    page.get_by_label("Animation").check()
    page.locator("#fx-suggest").click()
    page.locator("#fx-proposal", has_text="genre: Animation").wait_for(timeout=60_000)
    assert "Nothing yet" in page.locator("#fx-profile").inner_text()  # a proposal is not stored
    page.locator("#fx-accept").click()
    page.locator("#fx-profile", has_text="genre: Animation").wait_for(timeout=60_000)
    wait_for_new_cards(page, welcome)
    page.screenshot(path=str(ARTIFACTS / "starting-profile.png"), full_page=True)
    assert not page.locator("#fx-describe").is_visible()  # the New here? box folds away once used
    assert "Animation" in page.locator(".fx-card").first.inner_text()


def test_a_user_id_signed_by_the_embedding_site_follows_the_person(browser, recommender, tmp_path):
    """`?user=ID&sig=SIG` from the embedding site: the same profile on another browser (another
    device); a wrong signature is ignored and shows nothing of it."""
    from app import create_app
    from web.visitor import Visitors

    visitors = Visitors(b"site key" * 4)
    with LiveServer(create_app(recommender, visitors=visitors)) as server:
        signed = f"{server.url}/?user=carol&sig={visitors.sign_user('carol')}"
        laptop = open_app(browser, signed)
        chat(laptop, "I loved Titanic")
        laptop.locator("#fx-profile", has_text="Titanic").wait_for(timeout=30_000)
        phone = open_app(browser, signed)  # a new context: no cookie shared with the laptop
        phone.locator("#fx-profile", has_text="Titanic").wait_for(timeout=30_000)
        assert "I loved Titanic" in phone.locator("#fx-chat").inner_text()
        forged = open_app(browser, f"{server.url}/?user=carol&sig=0123456789abcdef")
        forged.get_by_text("could not verify").first.wait_for(timeout=30_000)
        assert "Titanic" not in forged.locator("#fx-profile").inner_text()
    assert recommender.profile("u_carol").liked == ["Titanic"]
    recommender.forget("u_carol")


def test_the_microphone_asks_and_the_answer_is_spoken(browser, tmp_path, live_server, settings):
    """Speech in through the UI: Chromium's fake microphone plays a spoken request (made by the TTS);
    Whisper's transcript becomes the message, the answer comes in voice mode, and is read aloud."""
    import wave

    from bot.speech import TextToSpeech, to_wav

    (tmp_path / "spoken.wav").write_bytes(TextToSpeech(settings, steady=True).synthesize("Recommend me a comedy."))
    with wave.open(str(tmp_path / "spoken.wav"), "rb") as wav:
        rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
    silence = b"\0\0" * rate  # a second of quiet around it
    (tmp_path / "mic.wav").write_bytes(to_wav(silence + pcm + silence, rate))
    loop = (len(pcm) // 2 + 2 * rate) / rate  # the fake device plays the file in a loop, from anywhere in it
    args = CHROMIUM_ARGS + [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={tmp_path / 'mic.wav'}",
    ]
    # its own Chromium, with a microphone that plays the file; launched by the module's Playwright
    with browser.browser_type.launch(executable_path="/usr/bin/chromium", headless=True, args=args) as listening:
        context = listening.new_context(viewport={"width": 1280, "height": 1000}, permissions=["microphone"])
        page = context.new_page()
        page.goto(live_server.url, wait_until="load")
        page.locator(".fx-card-text").first.wait_for(timeout=60_000)
        before = card_ids(page)
        page.locator("#fx-mic").get_by_role("button", name="Record").click()
        page.wait_for_timeout(2_200 * loop)  # two passes: one whole request is heard, wherever it began
        page.locator("#fx-mic").get_by_role("button", name="Stop").click()
        wait_for_new_cards(page, before)
        page.wait_for_function("!document.querySelector('#fx-message .generating')", timeout=120_000)
        page.locator("#fx-speech audio, #fx-speech button").first.wait_for(timeout=120_000)
        asked = page.locator("#fx-chat .user").last.inner_text().lower()
        assert "comedy" in asked
        assert page.locator("#fx-voice input").is_checked()  # spoken in, spoken out
        cards = page.locator(".fx-card").all_inner_texts()
        assert 1 <= len(cards) <= 3 and all("Comedy" in c for c in cards)
        reply = page.locator("#fx-chat .bot").last.inner_text()
        assert reply and "(19" not in reply and "(20" not in reply
        page.screenshot(path=str(ARTIFACTS / "voice-turn.png"), full_page=True)


# Watches the chat from before a message is sent: was the "thinking" sign shown (laid out, in the
# assistant's bubble), with the message already there and the cards still the old ones (so at once,
# before the turn's slow work)? Was it ever mixed with the reply's text, or the bubble ever left
# blank after it, rather than the sign replaced by the text?
WATCH_THE_SIGN = """message => {
    const seen = window.__fxSeen = {sign: false, atOnce: false, mixed: false, blank: false};
    const cards = () => [...document.querySelectorAll('.fx-card-text')].map(e => e.dataset.itemId).join();
    const before = cards();
    const look = () => {
        const chat = document.querySelector('#fx-chat');
        const bots = chat ? chat.querySelectorAll('.bot') : [];
        const last = bots[bots.length - 1];
        if (!last) return;
        const sign = last.querySelector('.fx-typing');
        if (!sign) {
            if (seen.sign && !last.innerText.trim()) seen.blank = true;
            return;
        }
        if (!sign.getClientRects().length || !sign.innerText.includes('thinking')) return;
        seen.sign = true;
        const users = chat.querySelectorAll('.user');
        if (users.length && users[users.length - 1].innerText.includes(message) && cards() === before)
            seen.atOnce = true;
        if (last.innerText.replace(sign.innerText, '').trim()) seen.mixed = true;
    };
    new MutationObserver(look).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def test_a_thinking_sign_shows_until_the_reply_arrives(browser, live_server):
    page = open_app(browser, live_server.url)
    message = "I loved The Matrix"
    page.evaluate(WATCH_THE_SIGN, message)
    chat(page, message)
    seen = page.evaluate("window.__fxSeen")
    assert seen["sign"] and seen["atOnce"] and not seen["mixed"] and not seen["blank"], seen
    page.locator("#fx-chat .fx-typing").first.wait_for(state="detached", timeout=30_000)  # gone: the text is there
    assert page.locator("#fx-chat .bot").last.inner_text().strip()
    assert message in page.locator("#fx-chat .user").last.inner_text()


def in_view(box: dict | None, width: int, height: int) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and (box["y"] + box["height"] <= height)
    )


@pytest.mark.parametrize("path", ["/", "/widget/"], ids=["page", "widget"])
@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_after_a_turn_the_first_card_is_in_view_with_the_chat(browser, live_server, path, size):
    """No scrolling needed: the first card's text (its title, genres and why) and the chat are both
    inside the window, on a laptop's screen and on a phone's, on the page and in the widget."""
    width, height = size
    page = open_app(browser, live_server.url + path, width, height)
    chat(page, "I loved The Matrix")
    page.wait_for_timeout(1000)  # the cards' layout settles
    name = f"in-view-{path.strip('/') or 'page'}-{width}x{height}.png"
    page.screenshot(path=str(ARTIFACTS / name))
    assert page.evaluate("[window.scrollX, window.scrollY]") == [0, 0]  # nothing scrolled the page
    title = page.locator(".fx-card h4").first.bounding_box()
    assert in_view(title, width, height), (title, width, height)
    text = page.locator(".fx-card-text").first.bounding_box()
    assert in_view(text, width, height), (text, width, height)
    assert in_view(page.locator("#fx-chat").bounding_box(), width, height)


def test_the_widget_greets_without_pointing_to_a_panel_it_lacks(browser, live_server):
    page = open_app(browser, live_server.url + "/widget/")
    greeting = page.locator("#fx-chat .bot").first.inner_text()
    assert "What is a movie you loved" in greeting and "popular picks" in greeting
    assert "New here" not in greeting and "line about yourself" not in greeting
    assert not page.locator("#fx-new").is_visible()  # indeed not there


def used_fonts(page, selector: str) -> set[tuple[str, bool]]:
    """The fonts Chromium drew the text directly in `selector` with: (family, is a web font)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {(f["familyName"], f["isCustomFont"]) for f in fonts}


def test_one_font_for_every_letter(browser, live_server):
    """Card titles (bold), card text and chat text in one font: the system's, not Gradio's web font
    (whose SemiBold file lacks some letters, so titles mixed two fonts)."""
    for path in ("/", "/widget/"):
        page = open_app(browser, live_server.url + path)
        family = page.evaluate("""() => ({
            body: getComputedStyle(document.body).fontFamily,
            title: getComputedStyle(document.querySelector('.fx-card h4')).fontFamily,
            chat: getComputedStyle(document.querySelector('#fx-chat .bot')).fontFamily})""")
        assert family["title"] == family["body"] == family["chat"], family
        assert "Source Sans" not in family["title"] and "system-ui" in family["title"], family
        # the innermost element holding the greeting's words, to ask which fonts drew them
        page.evaluate("""() => {
            const walk = document.createTreeWalker(document.querySelector('#fx-chat'), NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) if (walk.currentNode.textContent.includes('What is a movie'))
                return walk.currentNode.parentElement.setAttribute('data-fx-greeting', '');
        }""")
        titles = set().union(*(used_fonts(page, f'[data-item-id="{i}"] h4') for i in card_ids(page)))
        words = used_fonts(page, ".fx-why") | used_fonts(page, "[data-fx-greeting]")
        assert len(titles) == 1 and titles == words, (titles, words)
        assert not any(custom for _, custom in titles), titles  # no web font
        page.context.close()
