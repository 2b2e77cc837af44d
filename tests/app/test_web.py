"""The web chat through its API (gradio_client), plus the helpers that keep its text safe.

The app runs on 127.0.0.1 with a free port over the real corpus indexed with the fake embedder.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import assistant_env, default_sigint, free_port

from assistant.app.feedback import FeedbackStore
from assistant.app.web.layout import create_app
from assistant.app.web.render import marked_html, md_answer, md_text, quote_spans
from assistant.app.web.serve import launch, open_warning, parse_auth
from assistant.app.web.sources import document_view, source_context, sources_block
from assistant.app.web.state import conversation_markdown
from assistant.service import prepare_index
from assistant.settings import Settings
from assistant.types import NOT_COVERED

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # inside gradio's queue
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

gradio_client = pytest.importorskip("gradio_client")
Client = gradio_client.Client

ROOT = Path(__file__).resolve().parents[2]
WOERDEN = "Welke argumenten noemt het college van Woerden voor toetreding tot Beware?"
FOLLOW_UP = "wat zijn de risico's daarvan?"
NOT_IN_DOCS = "Hoeveel kWh stroom verbruiken de datacenters van gemeenten per jaar?"
ZEVENAAR = "004_5c81fa4118356e9b.txt"
QUESTIONS = [
    WOERDEN,
    "Hoeveel gemeenten waren er in Nederland rond 1900, en hoeveel zijn het er sinds 1 januari 2021?",
    "Waarom vindt het college van Zevenaar dat niets doen geen optie is?",
    "Op hoeveel deelnemende gemeenten en inwoners is de 19e ICT Benchmark Gemeenten gebaseerd?",
    "Welke wetten vormen volgens de sectorschets de wettelijke basis voor het ICT-domein van gemeenten?",
    "Waardoor zijn de uitgaven aan software in 2022 omhooggegaan?",
    "Hoe wordt de jaarlijkse contributie van een lid van Beware berekend?",
    "Welke toekomstscenario's voor RID De Liemers zijn in het onderzoek op een rij gezet?",
]


def start(assistant, **overrides) -> SimpleNamespace:
    settings = assistant.settings.with_overrides(host="127.0.0.1", port=free_port(), **overrides)
    app = create_app(assistant)
    url = launch(app, settings)
    return SimpleNamespace(url=url, app=app, assistant=assistant, settings=settings)


@pytest.fixture(scope="module")
def server(corpus_assistant):
    running = start(corpus_assistant)
    yield running
    running.app.close()


@pytest.fixture
def client(server):
    return Client(server.url, verbose=False)


def ask(client, question: str, docs: list[str] | None = None):
    """Returns (chat messages, source list update, answer JSON)."""
    _, chat, sources, _, answer = client.predict(question, docs or [], api_name="/ask")
    return chat, sources, answer


def texts(chat: list[dict]) -> list[str]:
    return ["".join(part.get("text", "") for part in m["content"]) for m in chat]


# --- helpers: escaping, highlighting, export -------------------------------------------------------


def test_md_text_shows_markup_literally():
    shown = md_text("<script>alert(1)</script> *vet* [link](x) & `code`")
    assert "<" not in shown and ">" not in shown
    assert "&lt;script&gt;" in shown
    assert "\\*vet\\*" in shown and "\\[link\\]\\(x\\)" in shown and "&amp;" in shown


def test_answer_markers_stay_visible():
    assert (
        md_answer("Het kost € 10 [1]. En meer [2]!") == "Het kost € 10 **\\[1\\]**\\. En meer **\\[2\\]**\\!"
    )


def test_quote_is_highlighted_in_escaped_passage():
    passage = "Intro <b>. De kosten zijn € 5. Slot & einde."
    spans = quote_spans(passage, "De kosten zijn € 5.")
    at = passage.index("De kosten")
    assert spans == [(at, at + len("De kosten zijn € 5."))]
    out = marked_html(passage, spans)
    assert out == "Intro &lt;b&gt;. <mark>De kosten zijn € 5.</mark> Slot &amp; einde."
    slot = passage.index("Slot")
    assert quote_spans(passage, "Intro <b>. … Slot & einde.") == [(0, 10), (slot, len(passage))]
    assert quote_spans(passage, "staat er niet in") == []


def test_sources_block_escapes_document_text():
    source = {
        "n": 1,
        "kind": "bron",
        "doc": "a.txt",
        "title": "Titel <i>x</i>",
        "page": 2,
        "section": None,
        "quote": "Kern <script>.",
        "passage": "Voor. Kern <script>. Na.",
    }
    block = sources_block([source])
    assert "<script>" not in block and "<i>" not in block
    assert "<mark>Kern &lt;script&gt;\\.</mark>" in block
    assert "p\\. 2" in block


def test_auth_parsing_and_open_host_warning():
    assert parse_auth(None) is None and parse_auth("  ") is None
    assert parse_auth("ann:geheim, bob:pa:ss") == [("ann", "geheim"), ("bob", "pa:ss")]
    with pytest.raises(ValueError, match="gebruiker:wachtwoord"):
        parse_auth("zonderwachtwoord")
    base = Settings(corpus_dir=ROOT / "corpus", data_dir=Path("/nonexistent"), embeddings="fake")
    assert open_warning(base) is None
    assert open_warning(base.with_overrides(host="localhost")) is None
    warning = open_warning(base.with_overrides(host="0.0.0.0"))
    assert warning and "WAARSCHUWING" in warning and "ASSISTANT_AUTH" in warning
    assert open_warning(base.with_overrides(host="0.0.0.0", auth="ann:geheim")) is None


def test_conversation_markdown_lists_sources(corpus_assistant):
    from assistant.app.web.sources import sources_for
    from assistant.app.web.state import new_state

    answer = corpus_assistant.ask(WOERDEN)
    state = new_state()
    state.turns.append(
        {
            "question": answer.question,
            "standalone": None,
            "answer": answer.answer,
            "abstained": answer.abstained,
            "docs": [],
            "sources": sources_for(answer),
        }
    )
    note = conversation_markdown(state, corpus_assistant.settings)
    assert note.startswith("# Gesprek met de adviesassistent gemeentelijke ict")
    assert f"## Vraag 1: {WOERDEN}" in note
    assert "**Bronnen**" in note
    for c in answer.citations:
        assert f"[{c.n}] {c.title}" in note


def test_document_view_shows_passage_in_context(corpus_assistant):
    from assistant.app.web.sources import sources_for

    answer = corpus_assistant.ask(WOERDEN)
    source = sources_for(answer)[0]
    view = document_view(corpus_assistant, source)
    assert '<span class="passage">' in view and "<mark>" in view
    assert view.count('class="ctx"') >= 1  # text around the passage
    assert "<script" not in view


def test_the_context_of_a_chunk_cited_without_being_retrieved_repeats_no_text(corpus_assistant):
    """A list that runs on into the next chunk cites that chunk, which has no retrieved passage."""
    records = sorted(
        (r for r in corpus_assistant.lexical.records if r.doc == "001_3932a4aa9db8ca8f.txt"),
        key=lambda r: int(r.meta["chunk_index"]),
    )
    prev, chunk = next(  # two chunks that overlap
        (a, b) for a, b in itertools.pairwise(records) if int(a.meta["end"]) > int(b.meta["start"])
    )
    source = {"doc": chunk.doc, "chunk_ids": [chunk.id], "start": None, "end": None}
    before, _ = source_context(corpus_assistant, source)
    overlap = int(prev.meta["end"]) - int(chunk.meta["start"])
    assert before and before.removeprefix("… ") in prev.text[: len(prev.text) - overlap]


# --- the app through its API ---------------------------------------------------------------------


def test_ask_returns_cited_answer_with_sources(client, corpus_assistant):
    chat, sources, answer = ask(client, WOERDEN)
    expected = corpus_assistant.ask(WOERDEN)
    assert answer["answer"] == expected.answer and not answer["abstained"]
    assert answer["citations"], "an answer with sources"
    assert [m["role"] for m in chat] == ["user", "assistant", "assistant"]
    body, block = texts(chat)[1:]
    assert "**\\[1\\]**" in body
    assert chat[2]["metadata"]["title"] == f"Bronnen ({len(answer['citations'])})"
    assert "<mark>" in block
    labels = [label for label, _ in sources["choices"]]
    assert labels[0].startswith("[1] ")
    assert sources["value"] is None


def test_open_source_shows_highlighted_passage(client):
    _, sources, answer = ask(client, WOERDEN)
    first_value = sources["choices"][0][1]
    view = client.predict(first_value, api_name="/open_source")
    assert "<mark>" in view and answer["citations"][0]["doc"] in view


def test_follow_up_uses_the_conversation(client, server):
    ask(client, WOERDEN)
    _, _, answer = ask(client, FOLLOW_UP)
    assert answer["question"] == FOLLOW_UP
    assert answer["standalone_question"] and WOERDEN.rstrip("?") in answer["standalone_question"]
    # A fresh session has no history: the same words are read on their own.
    _, _, alone = ask(Client(server.url, verbose=False), FOLLOW_UP)
    assert alone["standalone_question"] is None


def test_new_chat_forgets_earlier_turns(client):
    ask(client, WOERDEN)
    result = client.predict(api_name="/new_chat")
    assert result[1] == []
    _, _, answer = ask(client, FOLLOW_UP)
    assert answer["standalone_question"] is None


def test_abstention_shows_closest_passages(client):
    chat, sources, answer = ask(client, NOT_IN_DOCS)
    assert answer["abstained"] and answer["citations"] == []
    assert texts(chat)[1].startswith(md_text(NOT_COVERED))
    assert chat[2]["metadata"]["title"].startswith("Mogelijk relevant")
    assert sources["choices"] and all(
        label.startswith("Mogelijk relevant") for label, _ in sources["choices"]
    )


def test_document_filter_limits_the_search(client):
    _, _, answer = ask(client, WOERDEN, docs=[ZEVENAAR])
    assert answer["retrieved"] and {p["doc"] for p in answer["retrieved"]} == {ZEVENAAR}
    assert {c["doc"] for c in answer["citations"]} <= {ZEVENAAR}
    _, _, everywhere = ask(client, WOERDEN)
    assert {p["doc"] for p in everywhere["retrieved"]} != {ZEVENAAR}


def test_feedback_is_stored_with_answer_and_settings(client, server):
    comment = f"test-opmerking {time.time()}"
    _, _, answer = ask(client, WOERDEN, docs=["002_26156fc0ab60f071.txt"])
    message, cleared = client.predict("down", comment, api_name="/feedback")
    assert "opgeslagen" in message and cleared == ""
    rows = [r for r in FeedbackStore.for_settings(server.assistant.settings).rows() if r.comment == comment]
    assert len(rows) == 1
    row = rows[0]
    assert (row.rating, row.question, row.answer) == ("down", WOERDEN, answer["answer"])
    assert [c["n"] for c in row.citations] == [c["n"] for c in answer["citations"]]
    assert row.settings["docs"] == ["002_26156fc0ab60f071.txt"]
    assert row.settings["llm"] == "extractive" and row.created_at


def test_feedback_without_answer_is_refused(client):
    message, _ = client.predict("up", "", api_name="/feedback")
    assert "nog geen antwoord" in message


def test_export_markdown_with_sources(client):
    ask(client, WOERDEN)
    ask(client, NOT_IN_DOCS)
    path = client.predict(api_name="/export")
    note = Path(path).read_text(encoding="utf-8")
    assert f"## Vraag 1: {WOERDEN}" in note and "**Bronnen**" in note
    assert f"## Vraag 2: {NOT_IN_DOCS}" in note and "**Mogelijk relevant**" in note


def test_question_text_is_never_html(client):
    chat, _, answer = ask(client, "<script>alert(1)</script> Wat kost <b>Beware</b>?")
    user = texts(chat)[0]
    assert "<script>" not in user and "&lt;script&gt;" in user and "<b>" not in user
    assert answer["question"].startswith("<script>")


def test_empty_question_changes_nothing(client):
    client.predict("   ", [], api_name="/ask")
    assert client.predict(api_name="/export") is None


def test_streaming_answerer_is_used_when_present(client, corpus_assistant, monkeypatch):
    real = corpus_assistant.ask(WOERDEN)
    calls = []

    def ask_stream(question, history=None, docs=None, k=None):
        calls.append((question, history, docs))
        yield "Eerste stukje "
        yield "tekst [1]."
        yield real

    monkeypatch.setattr(corpus_assistant, "ask_stream", ask_stream, raising=False)
    job = client.submit(WOERDEN, [], api_name="/ask")
    updates = list(job)  # every streamed state of the outputs
    chat, answer = updates[-1][1], updates[-1][-1]
    assert calls == [(WOERDEN, [], None)]
    assert answer["answer"] == real.answer
    assert texts(chat)[1] == md_answer(real.answer)  # the finished Answer has the last word
    streamed = [texts(u[1])[1] for u in updates[:-1] if len(u[1]) == 2]
    assert streamed == [md_answer("Eerste stukje tekst [1].")]  # the pieces, before the Answer


def test_finished_answer_is_shown_at_once_without_ask_stream(client, corpus_assistant, monkeypatch):
    monkeypatch.delattr(type(corpus_assistant), "ask_stream", raising=False)
    assert not hasattr(corpus_assistant, "ask_stream")
    real = corpus_assistant.ask(WOERDEN)
    t = time.perf_counter()
    updates = list(client.submit(WOERDEN, [], api_name="/ask"))
    assert time.perf_counter() - t < 1.0, "an answer that is there is not paced out"
    partial = [texts(u[1])[1] for u in updates if len(u[1]) == 2]
    assert len(set(partial)) == 1, "the finished answer arrives in one piece"
    assert updates[-1][-1]["answer"] == real.answer


def test_paced_groups_pieces_and_ends_with_the_answer(corpus_assistant):
    from assistant.app.web.streaming import paced

    answer = corpus_assistant.ask(WOERDEN)
    pieces = [" een", " twee", " drie", " vier", " vijf", answer]
    t0 = time.perf_counter()
    out = list(paced(pieces, words=2, interval=0.05, budget=0.06))
    assert out == [" een twee", " drie vier", " vijf", answer]
    assert time.perf_counter() - t0 < 0.5  # the waiting budget holds


def test_failure_while_answering_keeps_the_conversation(client, corpus_assistant, monkeypatch):
    ask(client, WOERDEN)

    def broken(*args, **kwargs):
        raise RuntimeError("taalmodel onbereikbaar")

    monkeypatch.setattr(corpus_assistant, "ask", broken)
    monkeypatch.setattr(corpus_assistant, "ask_stream", broken, raising=False)
    box, chat, _, _, _ = client.predict(FOLLOW_UP, [], api_name="/ask")
    assert box == FOLLOW_UP  # back in the box to try again
    assert len(chat) == 3  # only the first question and its answer
    monkeypatch.undo()
    _, _, answer = ask(client, FOLLOW_UP)
    assert answer["standalone_question"]  # the earlier turn is still there


def test_status_line_names_counts_mode_and_date(client, server):
    status, _ = client.predict(api_name="/status")
    sources = server.assistant.sources()
    assert f"{len(sources)} documenten" in status
    assert f"{sum(s.chunks for s in sources)} fragmenten" in status
    assert "extractief" in status and "index van" in status


def test_queue_concurrency_is_set(server):
    assert server.app._queue.default_concurrency_limit == server.settings.web.concurrency == 8


def test_eight_simultaneous_conversations_stay_separate(server, corpus_assistant):
    clients = [Client(server.url, verbose=False) for _ in QUESTIONS]
    expected = {q: corpus_assistant.ask(q).answer for q in QUESTIONS}
    with ThreadPoolExecutor(len(clients)) as pool:
        jobs = [c.submit(q, [], api_name="/ask") for c, q in zip(clients, QUESTIONS, strict=True)]
        first = [job.result(timeout=120)[-1] for job in jobs]
        assert [a["question"] for a in first] == QUESTIONS
        assert all(a["answer"] == expected[a["question"]] for a in first)
        follow = list(pool.map(lambda c: c.predict(FOLLOW_UP, [], api_name="/ask")[-1], clients))
    for question, answer in zip(QUESTIONS, follow, strict=True):
        assert answer["standalone_question"] and question.rstrip("?") in answer["standalone_question"]
        others = [q for q in QUESTIONS if q != question]
        assert not any(q.rstrip("?") in answer["standalone_question"] for q in others)


def test_login_is_required_when_configured(corpus_assistant):
    running = start(corpus_assistant, auth="tester:geheim")
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain Exception on 401
            Client(running.url, verbose=False)
        authed = Client(running.url, auth=("tester", "geheim"), verbose=False)
        assert authed.predict(WOERDEN, [], api_name="/ask")[-1]["citations"]
    finally:
        running.app.close()


def test_page_loads_nothing_from_outside(server):
    import urllib.request

    page = urllib.request.urlopen(server.url, timeout=10).read().decode()
    assert "fonts.googleapis" not in page and "cdn.jsdelivr" not in page
    assert "Adviesassistent gemeentelijke ICT" in page
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert server.app.analytics_enabled is False


# --- uploads ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    from assistant.service import Assistant

    base = tmp_path_factory.mktemp("upload")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in ("000_ad1089ded3aa0d40.txt", "catalog.yaml"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    settings = Settings(
        corpus_dir=corpus, data_dir=base / "data", embeddings="fake", upload_enabled=True, upload_max_mb=1
    )
    assistant = Assistant(settings)
    prepare_index(assistant, staged=False)
    running = start(assistant)
    yield running
    running.app.close()


def test_upload_is_off_by_default(client):
    assert "/upload" not in client.view_api(print_info=False, return_format="dict")["named_endpoints"]


def test_upload_ingests_new_documents(upload_server, tmp_path):
    from gradio_client import handle_file

    client = Client(upload_server.url, verbose=False)
    good = tmp_path / "Notitie (concept) café.txt"
    good.write_text(
        "Wolkenstrategie Testdorp\n\nDe gemeente Testdorp heeft in 2024 een wolkenstrategie vastgesteld. "
        "De wolkenstrategie van Testdorp kost 12.345 euro per jaar.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"dit is geen pdf")
    report, status, docs, _ = client.predict([handle_file(good), handle_file(broken)], api_name="/upload")
    assert "1 document(en) toegevoegd" in report
    assert f"{md_text(good.name)} (opgeslagen als" in report
    assert f"{md_text(broken.name)}: kon niet worden gelezen" in report
    stored = sorted(p.name for p in (upload_server.settings.data_dir / "uploads").iterdir())
    assert len(stored) == 1 and stored[0].endswith("-Notitie_concept_cafe.txt")
    assert "2 documenten" in status
    assert stored[0] in [value for _, value in docs["choices"]]
    _, _, answer = ask(client, "Wat kost de wolkenstrategie van Testdorp per jaar?", docs=[stored[0]])
    assert answer["citations"] and answer["citations"][0]["doc"] == stored[0]
    assert "12.345 euro" in answer["answer"]


def test_upload_limits_type_and_size(upload_server, tmp_path):
    from assistant.app.web.uploads import accept_uploads

    settings = upload_server.settings.with_overrides(data_dir=tmp_path / "data")
    big = tmp_path / "groot.txt"
    big.write_bytes(b"a" * (settings.upload.max_mb * 1024 * 1024 + 1))
    word = tmp_path / "brief.docx"
    word.write_bytes(b"PK")
    sneaky = tmp_path / "..evil name;rm -rf.md"
    sneaky.write_text("Een korte notitie.", encoding="utf-8")
    report, accepted = accept_uploads(settings, [str(big), str(word), str(sneaky)])
    assert "groter dan 1 MB" in report and "niet ondersteund" in report
    ((stored, given),) = accepted.items()
    assert given == sneaky.name and stored.parent == settings.data_dir / "uploads"
    assert stored.name.endswith("-evil_name_rm_-rf.md") and stored.read_text(encoding="utf-8")


# --- `assistant serve` -----------------------------------------------------------------------------


def test_stale_index_is_noticed_and_refreshed(small_corpus, make_settings, capsys):
    from assistant.service import Assistant

    assistant = Assistant(make_settings(corpus_dir=small_corpus))
    prepare_index(assistant, staged=True).join()
    err = capsys.readouterr().err
    assert "Index is leeg" in err and "Index compleet." in err and "Tijd: " in err
    assert assistant.stale_files() == []
    assert prepare_index(assistant, staged=True) is None
    assert capsys.readouterr().err == ""
    with (small_corpus / "003_54facddaf16a0947.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nEen nieuwe alinea over de cloudstrategie van de gemeente.\n")
    assert assistant.stale_files() == ["003_54facddaf16a0947.txt"]
    prepare_index(assistant, staged=True).join()
    assert "verouderd" in capsys.readouterr().err
    assert assistant.stale_files() == []


def test_serve_command_indexes_and_says_where_to_open(small_corpus, tmp_path):
    port = free_port()
    env = assistant_env(small_corpus, tmp_path / "data", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    try:
        deadline = time.time() + 90
        line = ""
        while time.time() < deadline:
            line = proc.stdout.readline()
            if "Webchat gestart" in line or proc.poll() is not None:
                break
        assert f"open http://127.0.0.1:{port} in uw browser" in line, line
        status, _ = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(api_name="/status")
        assert "2 documenten" in status
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Index is leeg" in err and "WAARSCHUWING" not in err
    assert "Traceback" not in err
