"""Privacy and access (issue 7): local by default, loud when open, nothing leaves the machine,
uploads off by default and limited, feedback kept only as long as configured, and one command
that deletes everything users left behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import assistant_env, free_port

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BOOK = "000_ad1089ded3aa0d40.txt"


def non_loopback_address() -> str | None:
    """An address of this machine other than loopback, to prove the chat is not reachable there."""
    import psutil

    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family == socket.AF_INET and not a.address.startswith("127."):
                return a.address
    return None


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    from assistant.service import Assistant
    from assistant.settings import Settings

    base = tmp_path_factory.mktemp("privacy")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in (BOOK, "catalog.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(corpus_dir=corpus, data_dir=base / "data", embeddings="fake")
    assistant = Assistant(settings)
    assistant.ingest()
    return SimpleNamespace(base=base, settings=settings, assistant=assistant)


# --- binding -------------------------------------------------------------------------------------


def test_defaults_are_local_without_upload(monkeypatch, tmp_path):
    from assistant.settings import Settings

    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "none.toml"))
    settings = Settings()
    assert settings.web.host == "127.0.0.1"
    assert settings.upload.enabled is False
    assert settings.web.auth is None
    assert settings.chroma.host is None and settings.llm.backend == "extractive"  # nothing remote by default


def test_chat_listens_on_loopback_only(indexed):
    import httpx

    from assistant.app.web.layout import create_app
    from assistant.app.web.serve import launch

    settings = indexed.settings.with_overrides(port=free_port())
    assert settings.web.host == "127.0.0.1"
    app = create_app(indexed.assistant)
    try:
        url = launch(app, settings)
        assert url.startswith(f"http://127.0.0.1:{settings.web.port}")
        assert httpx.get(url, timeout=10).status_code == 200
        other = non_loopback_address()
        if other is None:
            pytest.skip("this machine has no address besides loopback")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://{other}:{settings.web.port}/", timeout=5)
    finally:
        app.close()


def serve_output(settings, capsys, monkeypatch) -> str:
    """`serve` up to the moment it would listen (the listening itself is refused here)."""
    from assistant.app.web import serve as web

    def refuse(app, s, **kwargs):
        raise OSError("niet in deze test")

    monkeypatch.setattr(web, "launch", refuse)
    assert web.serve(settings) == 3
    return capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_open_address_without_login_warns_loudly_at_start(indexed, capsys, monkeypatch, host):
    err = serve_output(indexed.settings.with_overrides(host=host), capsys, monkeypatch)
    warning = err.split("Fout:")[0]  # printed before the chat starts listening
    assert "WAARSCHUWING" in warning and "GEEN login" in warning and host in warning
    assert "ASSISTANT_AUTH" in warning and "127.0.0.1" in warning
    assert warning.count("!" * 78) == 2


@pytest.mark.parametrize(
    ("host", "auth"), [("127.0.0.1", None), ("localhost", None), ("::1", None), ("0.0.0.0", "beheer:geheim")]
)
def test_no_warning_when_local_or_with_login(indexed, capsys, monkeypatch, host, auth):
    err = serve_output(indexed.settings.with_overrides(host=host, auth=auth), capsys, monkeypatch)
    assert "WAARSCHUWING" not in err


# --- nothing leaves the machine --------------------------------------------------------------------

MONITOR = textwrap.dedent(
    """
    import json, socket, sys, time
    attempts = []
    LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", "::", ""}

    def local(host):
        host = str(host)
        return host in LOCAL or host.startswith("127.") or host.startswith("::ffff:127.")

    def note(kind, address):
        if isinstance(address, tuple) and address and not local(address[0]):
            attempts.append([kind, str(address[0]), str(address[1]) if len(address) > 1 else ""])

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def connect(self, address):
        note("connect", address)
        return real_connect(self, address)

    def connect_ex(self, address):
        note("connect", address)
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        note("create_connection", address)
        return real_create(address, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None:
            note("dns", (host if isinstance(host, str) else host.decode(), ""))
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.create_connection, socket.getaddrinfo = create_connection, getaddrinfo

    from pathlib import Path
    from assistant.settings import Settings
    from assistant.service import Assistant
    from assistant.app.web.layout import create_app
    from assistant.app.web.serve import launch

    corpus, data, port, embeddings = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    settings = Settings(corpus_dir=corpus, data_dir=data, embeddings=embeddings, port=port)
    assistant = Assistant(settings)
    report = assistant.ingest()
    answer = assistant.ask("Hoeveel gemeenten telt Nederland sinds 1 januari 2021?")
    app = create_app(assistant)
    url = launch(app, settings)
    from gradio_client import Client
    client = Client(url, verbose=False)
    _, chat, _, _, web_answer = client.predict("Hoeveel gemeenten telt Nederland?", [], api_name="/ask")
    time.sleep(3)  # time for anything started in the background to try to call out
    app.close()
    print(json.dumps({
        "attempts": attempts,
        "indexed": report.files_indexed,
        "answered": "352" in answer.answer and "352" in web_answer["answer"],
        "chroma_telemetry": assistant.store.client.get_settings().anonymized_telemetry,
        "gradio_analytics": app.analytics_enabled,
        "env": {k: __import__("os").environ.get(k) for k in
                ("GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY", "HF_HUB_OFFLINE")},
    }))
    """
)


@pytest.mark.parametrize("embeddings", ["fake", pytest.param("e5", marks=pytest.mark.slow)])
def test_no_outbound_connection_during_ingest_question_and_web(tmp_path, embeddings):
    """In a fresh process with none of the opt-out variables set: ingest, a question, the web
    chat and a question through it. With 'e5', the default: the packaged model, loaded and used."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (BOOK, "catalog.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASSISTANT_", "GRADIO_", "HF_", "ANONYMIZED", "TRANSFORMERS"))
    }
    env["ASSISTANT_SETTINGS_FILE"] = str(tmp_path / "none.toml")
    result = subprocess.run(
        [sys.executable, "-c", MONITOR, str(corpus), str(tmp_path / "data"), str(free_port()), embeddings],
        cwd=ROOT,
        env=env,  # none of the opt-outs preset: the package must set them itself
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["indexed"] == 1 and outcome["answered"]
    assert outcome["attempts"] == [], outcome["attempts"]
    assert outcome["chroma_telemetry"] is False
    assert outcome["gradio_analytics"] is False
    assert outcome["env"] == {
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
    }


def test_chroma_client_settings_turn_telemetry_off(indexed):
    from assistant.retrieval.store import chroma_settings

    assert chroma_settings().anonymized_telemetry is False
    assert indexed.assistant.store.client.get_settings().anonymized_telemetry is False


# --- uploads ----------------------------------------------------------------------------------------


def test_upload_endpoint_exists_only_when_enabled(indexed):
    from assistant.app.web.layout import create_app

    def endpoints(assistant) -> set[str]:
        app = create_app(assistant)
        return {f.api_name for f in app.fns.values() if f.api_name}

    assert "upload" not in endpoints(indexed.assistant)
    from assistant.service import Assistant

    enabled = Assistant(indexed.settings.with_overrides(upload_enabled=True))
    assert "upload" in endpoints(enabled)


def test_upload_limits_and_generated_names(indexed, tmp_path, monkeypatch):
    import gradio as gr

    from assistant.app.web.layout import create_app
    from assistant.app.web.serve import launch
    from assistant.app.web.uploads import UPLOAD_TYPES, accept_uploads

    settings = indexed.settings.with_overrides(
        data_dir=tmp_path / "data", upload_enabled=True, upload_max_mb=2
    )
    captured = {}

    def fake_launch(self, **kwargs):
        captured.update(kwargs)
        return None, "http://127.0.0.1:1/", None

    monkeypatch.setattr(gr.Blocks, "launch", fake_launch)
    launch(create_app(indexed.assistant), settings)
    assert captured["max_file_size"] == "2mb"  # the server refuses bigger uploads itself
    assert captured["server_name"] == "127.0.0.1" and captured["share"] is False
    assert set(UPLOAD_TYPES) == {".pdf", ".txt", ".md"}

    files = []
    for name, data in [
        ("ok.md", b"# Notitie\n\nTekst."),
        ("..evil name;rm.txt", b"Tekst."),
        ("script.sh", b"rm -rf /"),
        ("page.html", b"<script>alert(1)</script>"),
        ("groot.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024)),
    ]:
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(str(path))
    report, accepted = accept_uploads(settings, files)
    report = report.replace("\\", "")  # Markdown escapes
    assert "script.sh: niet toegevoegd" in report and "page.html: niet toegevoegd" in report
    assert "groot.pdf: niet toegevoegd, groter dan 2 MB" in report
    assert sorted(accepted.values()) == ["..evil name;rm.txt", "ok.md"]
    for stored in accepted:
        assert stored.parent == settings.data_dir / "uploads"
        assert re.fullmatch(r"\d{8}-[0-9a-f]{8}-[A-Za-z0-9._-]+", stored.name), stored.name


# --- feedback: what is kept, and for how long ---------------------------------------------------


def test_feedback_holds_no_identity_and_retention_applies_at_start(indexed, tmp_path):
    from assistant.app.feedback import COLUMNS, FeedbackStore
    from assistant.app.web.layout import create_app
    from assistant.service import Assistant

    assert set(COLUMNS) == {
        "id",
        "created_at",
        "session",
        "rating",
        "comment",
        "question",
        "standalone_question",
        "answer",
        "abstained",
        "mode",
        "citations",
        "settings",
    }  # no address, user name, browser or cookie
    settings = indexed.settings.with_overrides(data_dir=tmp_path / "data", retention_days=30)
    shutil.copytree(indexed.settings.data_dir / "index", settings.data_dir / "index")
    store = FeedbackStore.for_settings(settings)
    now = datetime.now(UTC)
    store.add(rating="up", question="oud", answer="a", created_at=now - timedelta(days=31))
    store.add(rating="down", question="recent", answer="b", created_at=now - timedelta(days=29))
    create_app(Assistant(settings))  # the web chat starting
    assert [r.question for r in FeedbackStore(store.path, retention_days=None).rows()] == ["recent"]


# --- assistant forget -----------------------------------------------------------------------------


@pytest.fixture
def used(tmp_path):
    """A data dir after use: indexed corpus, an uploaded document, feedback and an export."""
    from assistant.app.feedback import FeedbackStore
    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (BOOK, "catalog.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", embeddings="fake")
    uploads = settings.data_dir / "uploads"
    uploads.mkdir(parents=True)
    upload = uploads / "20250101-abcdef12-notitie.txt"
    upload.write_text("Notitie Geheimdorp\n\nDe gemeente Geheimdorp betaalt 9.876 euro.\n", encoding="utf-8")
    assistant = Assistant(settings)
    assistant.ingest()
    assert {s.doc for s in assistant.sources()} == {BOOK, upload.name}
    assert (settings.data_dir / "cache" / "embeddings").is_dir()  # the upload's vectors are cached
    FeedbackStore.for_settings(settings).add(
        rating="up", question="Wat betaalt Geheimdorp?", answer="9.876 euro"
    )
    tmp = tmp_path / "tmp"
    (tmp / "assistant-exports").mkdir(parents=True)
    (tmp / "assistant-exports" / "gesprek-20250101-1200-abc123.md").write_text(
        "# Gesprek\n", encoding="utf-8"
    )
    env = assistant_env(corpus, settings.data_dir, TMPDIR=str(tmp))
    return SimpleNamespace(settings=settings, env=env, upload=upload, tmp=tmp)


def forget(used, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.app.cli", "forget", *args],
        cwd=ROOT,
        env=used.env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_forget_deletes_feedback_uploads_and_exports(used):
    from assistant.app.doctor import diagnose
    from assistant.service import Assistant

    result = forget(used, "--yes")
    assert result.returncode == 0, result.stderr
    assert "1 feedbackregel(s), 1 geüpload(e) document(en)" in result.stdout
    assert "1 geëxporteerd(e) gesprek(ken)" in result.stdout
    assert not (used.settings.data_dir / "feedback.sqlite").exists()
    assert not any((used.settings.data_dir / "uploads").iterdir())
    assert not any((used.tmp / "assistant-exports").iterdir())
    assert not (used.settings.data_dir / "cache" / "embeddings").exists()  # no vectors of the upload
    assistant = Assistant(used.settings)
    assert {s.doc for s in assistant.sources()} == {BOOK}  # the corpus stays, the upload is gone
    assert "9.876" not in assistant.ask("Wat betaalt de gemeente Geheimdorp?").answer
    assert (used.settings.corpus_dir / BOOK).exists()
    assert diagnose(used.settings).healthy


def test_forget_without_yes_asks_and_deletes_nothing(used):
    result = forget(used)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Fout:") and "--yes" in result.stderr
    assert (used.settings.data_dir / "feedback.sqlite").exists() and used.upload.exists()
    with sqlite3.connect(used.settings.data_dir / "feedback.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 1
