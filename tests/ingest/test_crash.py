"""A killed ingest, run again, ends in the same index as a clean one: nothing doubled or orphaned.

`assistant ingest` runs as a real subprocess over a folder of generated files and is killed
with SIGKILL part-way (twice, at different points), then run to the end. The result is compared
with a clean ingest of the same folder: the same chunk ids, and the vector store, the BM25 index
and the SQL record manager all hold exactly those ids. `assistant doctor` agrees.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import assistant_env

ROOT = Path(__file__).resolve().parents[2]
FILES = 90
WORDS = [
    "gemeente",
    "informatie",
    "beveiliging",
    "applicatie",
    "zaaksysteem",
    "samenwerking",
    "begroting",
    "raad",
    "college",
    "leverancier",
    "cloud",
    "netwerk",
    "archief",
    "privacy",
    "datacenter",
    "kosten",
    "beheer",
    "inkoop",
    "contract",
    "burger",
    "dienstverlening",
    "migratie",
    "koppeling",
    "server",
    "licentie",
]


PREFIXES = ("Brek", "Dors", "Fal", "Gren", "Hol", "Kwel", "Lind", "Mor", "Pel", "Ros")
SUFFIXES = ("dam", "dorp", "veen", "wijk", "horst", "brug", "oord", "lo", "kerk", "zijl")


def town(i: int) -> str:
    return PREFIXES[i % 10] + SUFFIXES[i // 10]


def make_corpus(folder: Path, files: int = FILES) -> None:
    """Generated notes, each with one fact of its own (a town and what its case system costs)."""
    folder.mkdir(parents=True)
    rng = random.Random(7)
    for i in range(files):
        paras = [
            f"Paragraaf {p} van notitie {i}: "
            + " ".join(rng.choice(WORDS) for _ in range(60))
            + f" ({i * 31 + p})."
            for p in range(6)
        ]
        paras.insert(3, f"Het zaaksysteem van de gemeente {town(i)} kost {1000 + 137 * i} euro per jaar.")
        text = f"Notitie {i} over de gemeentelijke ICT van {town(i)}\n\n" + "\n\n".join(paras) + "\n"
        (folder / f"notitie_{i:04d}.txt").write_text(text, encoding="utf-8")


def env_for(corpus: Path, data: Path) -> dict[str, str]:
    return assistant_env(corpus, data, ANONYMIZED_TELEMETRY="False")


def recorded_docs(data: Path) -> int:
    """Documents the record manager has keys for (read while the writer runs)."""
    path = data / "index" / "records.sqlite"
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(path, timeout=1)  # not read-only: a killed writer leaves a hot journal
        try:
            return int(db.execute("SELECT COUNT(DISTINCT group_id) FROM upsertion_record").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def ingest_and_kill(env: dict[str, str], data: Path, after_docs: int, timeout: float = 120) -> bool:
    """Start `assistant ingest`, SIGKILL it once ``after_docs`` documents are recorded.

    Returns True when it was killed, False when it finished first."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.app.cli", "ingest"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if recorded_docs(data) >= after_docs:
                time.sleep(random.uniform(0.0, 0.05))  # land anywhere in the next file's write
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=10)
                return True
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return False


def index_state(settings) -> dict[str, object]:
    from assistant.app.doctor_checks import _record_keys, _store_metadata
    from assistant.retrieval.embeddings import model_id_for
    from assistant.retrieval.lexical import LexicalIndex
    from assistant.retrieval.store import collection_name, make_client

    name = collection_name(model_id_for(settings.embeddings))
    collection = make_client(settings).get_collection(name)
    meta = _store_metadata(collection)
    lexical = LexicalIndex.load(settings.index_dir / f"bm25-{name}")
    records = _record_keys(settings.index_dir / "records.sqlite", name)
    return {
        "store": set(meta),
        "store_count": collection.count(),
        "positions": [(m.get("doc"), m.get("chunk_index")) for m in meta.values()],
        "bm25": lexical.ids if lexical is not None else None,
        "records": set(records),
        "record_docs": set(records.values()),
    }


@pytest.mark.slow  # about 25 s: three ingests of 90 files
def test_killed_ingest_recovers_to_the_clean_index(tmp_path, make_settings):
    from assistant.app.doctor import diagnose
    from assistant.service import Assistant

    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    crashed = make_settings(corpus_dir=corpus, data_dir=tmp_path / "crashed")
    env = env_for(corpus, crashed.data_dir)

    killed = [ingest_and_kill(env, crashed.data_dir, after_docs) for after_docs in (FILES // 4, FILES // 2)]
    assert any(killed), "the ingest finished before it could be killed: make the corpus bigger"
    partial = recorded_docs(crashed.data_dir)
    assert 0 < partial < FILES
    interrupted = diagnose(crashed)  # the doctor sees the unfinished index, and the repair
    assert not interrupted.healthy and interrupted.repair == "assistant ingest", interrupted.text()

    rerun = subprocess.run(
        [sys.executable, "-m", "assistant.app.cli", "ingest", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "Traceback" not in rerun.stderr

    clean = make_settings(corpus_dir=corpus, data_dir=tmp_path / "clean")
    report = Assistant(clean).ingest()
    assert not report.failures and report.files_indexed == FILES

    after, expected = index_state(crashed), index_state(clean)
    assert len(after["store"]) == len(expected["store"])
    assert after["store"] == expected["store"]  # same chunk ids: nothing missing, nothing extra
    assert after["store_count"] == len(after["store"])
    assert len(after["positions"]) == len(set(after["positions"]))  # no chunk stored twice
    assert after["bm25"] is not None and len(after["bm25"]) == len(set(after["bm25"]))
    assert set(after["bm25"]) == after["store"] == after["records"]  # the indexes agree
    assert after["record_docs"] == {p.name for p in corpus.iterdir()}

    health = diagnose(crashed)
    assert health.healthy, health.text()

    # BM25 alone: the fake embedder cannot tell 90 near-identical generated notes apart.
    question = f"Wat kost het zaaksysteem van de gemeente {town(77)} per jaar?"
    answer = Assistant(crashed).ask(question, retrieval_mode="bm25")
    assert f"{1000 + 137 * 77} euro" in answer.answer
    assert answer.citations[0].doc == "notitie_0077.txt"


class Crash(BaseException):
    """Stands in for a SIGKILL at one step of a rebuild."""


@pytest.mark.parametrize("dies_at", ["records", "store"])
def test_interrupted_rebuild_is_repaired_by_a_plain_ingest(dies_at, make_settings, small_corpus, monkeypatch):
    """A rebuild that dies after wiping part of the index leaves nothing that claims what is gone."""
    from assistant.app.doctor import diagnose
    from assistant.service import Assistant

    settings = make_settings(corpus_dir=small_corpus)
    assistant = Assistant(settings)
    assistant.ingest()
    before = set(assistant.store.all_ids())
    indexer = assistant.indexer()

    def die(*args, **kwargs):
        raise Crash

    with monkeypatch.context() as patch:
        if dies_at == "records":
            patch.setattr(indexer.records, "delete_keys", die)
        else:
            patch.setattr(indexer.store, "delete", die)
        with pytest.raises(Crash):
            indexer.ingest(rebuild=True)

    report = Assistant(settings).ingest()
    assert not report.failures
    after = Assistant(settings)
    assert set(after.store.all_ids()) == before
    assert set(after.lexical.ids) == before
    health = diagnose(settings)
    assert health.healthy, health.text()


def test_chunks_left_unrecorded_by_a_killed_ingest_are_cleaned_up(make_settings, small_corpus):
    """A kill between storing a file's chunks and recording them leaves unrecorded chunks; when the
    file has changed by the next ingest, they would match nothing and stay: they are removed."""
    from assistant.app.doctor import diagnose
    from assistant.service import Assistant

    settings = make_settings(corpus_dir=small_corpus)
    Assistant(settings).ingest()
    note = small_corpus / "notitie.txt"
    note.write_text(
        "Notitie Wolkendam\n\nDe gemeente Wolkendam kiest een nieuw zaaksysteem.\n", encoding="utf-8"
    )
    store = Assistant(settings).store
    # what an ingest of an earlier version of the note, killed before recording, left behind
    store.langchain.add_texts(
        ["Een eerdere versie van de notitie."],
        metadatas=[{"doc": "notitie.txt", "chunk_index": 0}],
        ids=["wees-1"],
    )
    before = diagnose(settings)
    assert "zonder record van een onderbroken ingest ('notitie.txt')" in before.text()
    assert before.repair == "assistant ingest"
    report = Assistant(settings).ingest()
    assert report.files_indexed == 1 and not report.failures
    assistant = Assistant(settings)
    assert "wees-1" not in assistant.store.all_ids()
    health = diagnose(settings)
    assert health.healthy, health.text()
