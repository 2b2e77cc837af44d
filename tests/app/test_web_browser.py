"""End to end in a real headless browser: ask, see a cited answer streamed, open its source.

Needs Debian's chromium (``apt-get install -y chromium``) and the playwright package; playwright's
own browser download is never used. Leaves artifacts/web-chat.png and artifacts/web-timing.json.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.app.feedback import FeedbackStore
from assistant.app.web.layout import create_app
from assistant.app.web.serve import launch

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
WOERDEN = "Welke argumenten noemt het college van Woerden voor toetreding tot Beware?"

# The text of the first answer message, once there is any (the streamed text, not the spinner).
FIRST_TEXT = """() => {
  const bot = document.querySelector('#chat [data-testid="bot"] .message-content');
  return bot !== null && bot.innerText.trim().length > 0;
}"""

# How far the chat must scroll to show the unfolded "Bronnen" block near its top.
SOURCES_OFFSET = """() => {
  const wrap = document.querySelector('#chat .bubble-wrap');
  const block = document.querySelector('#chat .thought-group');
  return block.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 160;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium ontbreekt: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(corpus_assistant):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = corpus_assistant.settings.with_overrides(host="127.0.0.1", port=port)
    app = create_app(corpus_assistant)
    url = launch(app, settings)
    yield SimpleNamespace(url=url, app=app, assistant=corpus_assistant, settings=settings)
    app.close()


def test_ask_see_sources_and_open_one(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None,
    )
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(server.url)
        page.wait_for_selector("#question textarea", timeout=30_000)
        assert page.title() == "Adviesassistent gemeentelijke ICT"
        assert "fragmenten geïndexeerd" in page.inner_text("#status-line")

        page.fill("#question textarea", WOERDEN)
        t0 = time.perf_counter()
        page.click("#send")
        page.wait_for_function(FIRST_TEXT, polling="raf", timeout=30_000)
        first_text_s = time.perf_counter() - t0
        page.wait_for_selector("#sources label", timeout=30_000)  # the answer is complete
        complete_s = time.perf_counter() - t0

        answer = page.locator('#chat [data-testid="bot"]').first.inner_text()
        assert "[1]" in answer
        page.get_by_text("Bronnen (", exact=False).first.click()  # unfold the sources in the chat
        page.wait_for_selector("#chat mark", timeout=10_000)

        sources = page.locator("#sources label")
        assert sources.count() >= 1
        label = sources.first.inner_text()
        assert label.startswith("[1] ") and "p. " in label
        sources.first.click()
        page.wait_for_selector("#doc-view .passage mark", timeout=10_000)
        view = page.inner_text("#doc-view")
        assert "document 0" in view  # the file name of the source
        # Scroll the chat (as a reader would) so the answer's end and its sources are in view.
        page.hover("#chat .thought-group")
        page.mouse.wheel(0, page.evaluate(SOURCES_OFFSET))
        page.wait_for_timeout(400)  # let the page settle before the picture
        page.screenshot(path=str(ARTIFACTS / "web-chat.png"), full_page=True)

        # Thumbs on the answer are stored with the question.
        before = FeedbackStore.for_settings(server.assistant.settings).count()
        page.locator('#chat button[aria-label="Vind ik leuk"]').first.click()
        page.wait_for_function(
            "() => document.querySelector('#feedback').innerText.includes('opgeslagen')", timeout=10_000
        )
        assert FeedbackStore.for_settings(server.assistant.settings).count() == before + 1

        # A question with markup is shown as typed, never run.
        page.fill("#question textarea", "<script>alert(1)</script> <b>vet</b>?")
        page.click("#send")
        user = page.locator('#chat [data-testid="user"]').nth(1)
        user.wait_for(timeout=30_000)
        assert user.inner_text().strip() == "<script>alert(1)</script> <b>vet</b>?"
        page.wait_for_timeout(500)
        assert dialogs == []
        assert outside == [], f"requests outside the machine: {outside}"
    finally:
        context.close()

    timing = {
        "question": WOERDEN,
        "time_to_first_text_s": round(first_text_s, 3),
        "time_to_complete_answer_s": round(complete_s, 3),
        "mode": server.settings.llm.backend,
        "embeddings": server.settings.embeddings,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    (ARTIFACTS / "web-timing.json").write_text(json.dumps(timing, indent=1), encoding="utf-8")
    print(
        f"\nTijd tot eerste tekst: {first_text_s * 1000:.0f} ms; volledig antwoord: {complete_s * 1000:.0f} ms"
    )


def test_debate_tab_makes_a_brief_with_downloads(browser, server):
    """The 'Debatvoorbereiding' tab: enter a topic, a cited brief appears, both downloads work."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    try:
        page.goto(server.url)
        page.get_by_role("tab", name="Debatvoorbereiding").click()
        page.wait_for_selector("#debate-topic textarea", timeout=30_000)
        page.fill("#debate-topic textarea", "toetreding van Woerden tot de ICT-coöperatie Beware")
        page.click("#debate-go")
        page.wait_for_selector("#debate-brief h2", timeout=60_000)
        text = page.inner_text("#debate-brief")
        for title in (
            "Wat wordt de raad gevraagd?",
            "Argumenten",
            "Financiën",
            "Vragen om te stellen",
            "Bronnen",
        ):
            assert title in text
        assert "[1]" in text and "22.000 per jaar" in text
        with page.expect_download() as download:
            page.click("#debate-docx")
        assert download.value.suggested_filename.endswith(".docx")
        with page.expect_download() as download:
            page.click("#debate-md")
        assert download.value.suggested_filename.endswith(".md")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-debate.png"), full_page=True)
    finally:
        context.close()
