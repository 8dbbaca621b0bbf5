"""FlexRec inside another site: examples/embed.html served from another origin embeds the widget
(web component and iframe) and chats in headless Chromium; an origin not allowed gets nothing. The
origin policy itself is also checked over plain HTTP. Screenshots go to test-artifacts/."""

from pathlib import Path

import httpx
import pytest

from flexrec.errors import InputError
from flexrec.settings import Settings
from tests.conftest import ARTIFACTS, LiveServer
from tests.test_browser import chat
from web.embed import parse_origins

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
slow_browser = [pytest.mark.slow, pytest.mark.browser]


def static_site(folder: Path) -> LiveServer:
    """Another origin: a plain static web server on its own port."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    return LiveServer(Starlette(routes=[Mount("/", StaticFiles(directory=folder, html=True))]))


HOSTS = "127.0.0.1 flexrec.example"  # the name a public server is reached by


@pytest.fixture(scope="module")
def sites(recommender):
    """(app, allowed site, foreign site, visitors): FlexRec allowing only the first static site."""
    from app import create_app
    from web.visitor import Visitors

    allowed, foreign = static_site(EXAMPLES), static_site(EXAMPLES)
    visitors = Visitors(b"embedding site" * 3)
    app = LiveServer(create_app(recommender, Settings(allowed_origins=allowed.url, allowed_hosts=HOSTS), visitors))
    with allowed, foreign, app:
        yield app, allowed, foreign, visitors


def open_page(browser, url: str):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    return page, errors


def open_embed(browser, site: LiveServer, app: LiveServer, embed: str, extra: str = ""):
    """examples/embed.html on `site`, embedding FlexRec at `app` as a web component or an iframe."""
    query = f"flexrec={app.url}" + ("&as=iframe" if embed == "iframe" else "") + extra
    return open_page(browser, f"{site.url}/embed.html?{query}")


def test_allowed_origins_parse_and_refuse_what_is_not_an_origin():
    assert parse_origins("https://Shop.example, http://127.0.0.1:8000/path") == [
        "https://shop.example",
        "http://127.0.0.1:8000",
    ]
    assert parse_origins('["https://a.example"]') == ["https://a.example"] and parse_origins("") == []
    with pytest.raises(InputError, match="must look like"):
        parse_origins("shop.example")


@pytest.mark.slow
def test_the_origin_policy_over_http(sites):
    app, allowed, foreign, _ = sites
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    ok = httpx.options(app.url + "/api/chat", headers={"origin": allowed.url, **preflight})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed.url
    refused = httpx.options(app.url + "/api/chat", headers={"origin": foreign.url, **preflight})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    post = httpx.post(app.url + "/api/chat", json={"message": "hi"}, headers={"origin": foreign.url})
    assert post.status_code == 403 and "FLEXREC_ALLOWED_ORIGINS" in post.json()["error"]
    # its own pages, and clients that send no Origin (curl, servers), pass
    own = httpx.get(app.url + "/api/profile", headers={"origin": app.url})
    assert own.status_code == 404 and httpx.get(app.url + "/api/profile").status_code == 404
    page = httpx.get(app.url + "/widget/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == f"frame-ancestors 'self' {allowed.url}"
    loader = httpx.get(app.url + "/gradio.js", headers={"origin": allowed.url})
    assert "assets/index-" in loader.text and loader.headers["access-control-allow-origin"] == allowed.url
    # Gradio's own CORS stands aside: it would echo any origin for a server reached by its name
    config = httpx.get(app.url + "/config", headers={"origin": "http://evil.example", "host": "flexrec.example"})
    assert config.status_code == 403 and "access-control-allow-origin" not in config.headers


@pytest.mark.parametrize("embed", ["web component", "iframe"])
@pytest.mark.slow
@pytest.mark.browser
def test_the_widget_on_another_site_chats_and_shows_cards(browser, sites, embed):
    app, allowed, _, _ = sites
    page, errors = open_embed(browser, allowed, app, embed, "&theme=dark" if embed == "iframe" else "")
    widget = page.frame_locator("#flexrec-iframe") if embed == "iframe" else page
    frame = next(f for f in page.frames if "/widget" in f.url) if embed == "iframe" else page
    widget.locator("#fx-message textarea").wait_for(timeout=60_000)
    widget.locator(".fx-card-text").first.wait_for(timeout=60_000)  # a first visit's welcome cards
    new = chat(frame, "I loved The Matrix, but no horror please")
    assert new and widget.locator("#fx-chat .bot").last.inner_text().strip()
    cards = widget.locator(".fx-card").all_inner_texts()
    assert cards and all("Horror" not in c for c in cards)
    assert not widget.locator("#fx-profile").is_visible()  # the compact widget: chat and cards only
    if embed == "iframe":
        assert frame.evaluate("document.body.classList.contains('dark')")  # &theme=dark reached it
    page.screenshot(path=str(ARTIFACTS / f"embed-{embed.replace(' ', '-')}.png"), full_page=True)
    assert not [e for e in errors if "CORS" in e or "frame-ancestors" in e]


@pytest.mark.slow
@pytest.mark.browser
def test_the_embedding_site_passes_a_signed_user(browser, sites, recommender):
    app, allowed, _, visitors = sites
    signed = f"&user=dana&sig={visitors.sign_user('dana')}"
    page, _ = open_embed(browser, allowed, app, "web component", signed)
    page.locator("#fx-message textarea").wait_for(timeout=60_000)
    page.locator(".fx-card-text").first.wait_for(timeout=60_000)
    chat(page, "I loved Titanic")
    assert recommender.profile("u_dana").liked == ["Titanic"]
    again, _ = open_embed(browser, allowed, app, "web component", signed)  # another device
    again.locator("#fx-chat", has_text="I loved Titanic").wait_for(timeout=60_000)
    recommender.forget("u_dana")


@pytest.mark.parametrize("embed", ["web component", "iframe"])
@pytest.mark.slow
@pytest.mark.browser
def test_a_site_not_allowed_gets_no_widget(browser, sites, embed):
    app, _, foreign, _ = sites
    page, errors = open_embed(browser, foreign, app, embed)
    page.wait_for_timeout(5_000)  # time enough for a widget to appear, as it does on the allowed site
    if embed == "iframe":
        assert not any("/widget" in f.url for f in page.frames)  # Chromium shows its error page instead
        assert any("frame-ancestors" in e for e in errors)
    else:
        assert page.locator("#fx-message").count() == 0
        assert any("CORS" in e for e in errors)
    page.screenshot(path=str(ARTIFACTS / f"embed-refused-{embed.replace(' ', '-')}.png"), full_page=True)
