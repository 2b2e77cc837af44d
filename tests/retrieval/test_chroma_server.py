"""Chroma as a server (ASSISTANT_CHROMA_HOST/PORT): ingest and questions go through HTTP.

Starts a real ``chroma run`` on 127.0.0.1 on a free port, ingests a small corpus through it,
asks questions, restarts the server and checks that nothing was lost; and the embedded store
and the server give the same answers for the same corpus.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import free_port

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Hoeveel gemeenten telt Nederland sinds 1 januari 2021?",
    "Hoeveel aanbieders zijn er voor burgerzakensoftware?",
    "Wat is het domein bedrijfsvoering ICT?",
    "Welke rol speelt informatiebeveiliging?",
    "Wat kost een nieuwe kantoorautomatisering per werkplek?",
]


def chroma_binary() -> str:
    found = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(found).exists():
        pytest.skip("the chroma CLI is not installed")
    return found


class ChromaServer:
    def __init__(self, path: Path, port: int, log: Path) -> None:
        self.path, self.port, self.log = path, port, log
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.proc = subprocess.Popen(
            [
                chroma_binary(),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"chroma run exited {self.proc.returncode}: {self.log.read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(url, timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run gave no heartbeat within {timeout} s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture
def chroma_server(tmp_path):
    server = ChromaServer(tmp_path / "chroma-server", free_port(), tmp_path / "chroma.log")
    server.start()
    yield server
    server.stop()


def fingerprint(answer) -> tuple:
    """What must agree between two stores: the answer text and the chunks it was built from."""
    return (answer.answer, answer.abstained, tuple(c for p in answer.retrieved for c in p.chunk_ids))


def test_ingest_ask_restart_through_server(chroma_server, small_corpus, make_settings, tmp_path):
    from assistant.service import Assistant

    settings = make_settings(
        corpus_dir=small_corpus,
        data_dir=tmp_path / "server-data",
        chroma_host="127.0.0.1",
        chroma_port=chroma_server.port,
    )
    assert settings.chroma.mode == "server"
    assistant = Assistant(settings)
    report = assistant.ingest()
    assert not report.failures
    assert report.files_indexed == 2 and report.chunks_added > 0
    stored = assistant.store.count()
    assert stored == report.chunks_added
    # The vectors live in the server, not in the data folder.
    assert not (settings.index_dir / "chroma").exists()
    before = [fingerprint(assistant.ask(q)) for q in QUESTIONS]
    assert any(not abstained for _, abstained, _ in before)

    chroma_server.stop()
    chroma_server.start()

    fresh = Assistant(settings)
    assert fresh.store.count() == stored
    assert sorted(fresh.store.all_ids()) == sorted(assistant.lexical.ids)
    after = [fingerprint(fresh.ask(q)) for q in QUESTIONS]
    assert after == before
    again = fresh.ingest()  # unchanged corpus: nothing to embed, nothing removed
    assert again.files_unchanged == 2
    assert (again.chunks_added, again.chunks_removed) == (0, 0)
    assert fresh.store.count() == stored


def test_embedded_and_server_give_the_same_answers(chroma_server, small_corpus, make_settings, tmp_path):
    from assistant.service import Assistant

    embedded = Assistant(make_settings(corpus_dir=small_corpus, data_dir=tmp_path / "embedded"))
    server = Assistant(
        make_settings(
            corpus_dir=small_corpus,
            data_dir=tmp_path / "server",
            chroma_host="127.0.0.1",
            chroma_port=chroma_server.port,
        )
    )
    assert embedded.settings.chroma.mode == "embedded"
    embedded.ingest()
    server.ingest()
    assert embedded.store.count() == server.store.count()
    assert sorted(embedded.store.all_ids()) == sorted(server.store.all_ids())
    for q in QUESTIONS:
        assert fingerprint(server.ask(q)) == fingerprint(embedded.ask(q)), q
    docs = {"003_54facddaf16a0947.txt"}
    assert fingerprint(server.ask(QUESTIONS[2], docs=docs)) == fingerprint(
        embedded.ask(QUESTIONS[2], docs=docs)
    )


def test_unreachable_server_gives_a_clear_error(make_settings, tmp_path):
    from assistant.errors import StoreError
    from assistant.service import Assistant

    settings = make_settings(data_dir=tmp_path / "d", chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreError, match="niet bereikbaar"):
        Assistant(settings).store  # noqa: B018


def test_a_second_machine_reads_what_the_first_wrote(chroma_server, small_corpus, make_settings, tmp_path):
    """Two data folders (two machines) share one server: one writes, the other only answers."""
    from assistant.service import Assistant

    def settings(name: str):
        return make_settings(
            corpus_dir=small_corpus,
            data_dir=tmp_path / name,
            chroma_host="127.0.0.1",
            chroma_port=chroma_server.port,
        )

    writer = Assistant(settings("writer"))
    writer.ingest()
    reader = Assistant(settings("reader"))  # never ingests: its chunk table comes from the server
    assert reader.store.count() == writer.store.count()
    for q in QUESTIONS:
        assert fingerprint(reader.ask(q)) == fingerprint(writer.ask(q)), q

    (small_corpus / "000_ad1089ded3aa0d40.txt").unlink()
    report = writer.ingest()
    assert report.files_removed == 1
    fresh = Assistant(settings("reader"))  # a restarted reader sees the change
    assert {s.doc for s in fresh.sources()} == {"003_54facddaf16a0947.txt"}
    assert fingerprint(fresh.ask(QUESTIONS[2])) == fingerprint(writer.ask(QUESTIONS[2]))
