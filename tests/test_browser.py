"""The real UI in headless Chromium (Debian's, driven by Playwright): chat, cards, profile panel,
per-browser sessions, reset, and catalog text that tries to be markup. Screenshots go to test-artifacts/."""

import pytest

from flexrec.settings import Settings
from tests.conftest import ARTIFACTS, LiveServer, write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def send(page, text: str) -> None:
    box = page.locator("#fx-message textarea")
    box.fill(text)
    box.press("Enter")


def open_app(browser, url):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url, wait_until="load")  # never "networkidle": Gradio keeps a connection open
    page.locator("#fx-message textarea").wait_for(timeout=60_000)
    return page


def test_chat_cards_profile_sessions_and_reset(browser, live_server):
    alice = open_app(browser, live_server.url)
    send(alice, "I loved The Matrix and Inception, but no horror please")
    alice.locator(".fx-card").first.wait_for(timeout=120_000)
    alice.locator("#fx-profile", has_text="The Matrix").wait_for(timeout=30_000)
    # the streamed reply lands in the chat, and names a movie
    alice.locator("#fx-chat .message", has_text="try").last.wait_for(timeout=120_000)
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

    alice.locator("#fx-reset").click()
    alice.locator("#fx-profile", has_text="Nothing yet").wait_for(timeout=30_000)
    assert "Titanic" in bob.locator("#fx-profile").inner_text()  # reset is only Alice's


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
        send(page, "I loved The Matrix. <b>bold</b><script>window.__xss=3</script>")
        page.locator(".fx-card").first.wait_for(timeout=120_000)
        page.locator("#fx-chat .message").last.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "escaped-markup.png"), full_page=True)
        assert page.evaluate("window.__xss") is None  # no injected script or handler ran
        assert EVIL_TITLE in page.locator("#fx-cards").inner_text()  # shown literally, as text
        assert page.locator("#fx-cards img").count() == 0
        assert page.locator("#fx-chat b").count() == 0
        assert "<script>" in page.locator("#fx-chat").inner_text()
