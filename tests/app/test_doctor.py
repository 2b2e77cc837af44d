"""`assistant doctor`: corpus, manifest, record manager, vector store and BM25 agree, or it says
what is wrong and which command repairs it; the repair is run and the doctor agrees again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import assistant_env

from assistant.app.doctor import diagnose
from assistant.app.doctor_report import INGEST, REBUILD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def indexed(make_settings, small_corpus):
    from assistant.service import Assistant

    settings = make_settings(corpus_dir=small_corpus)
    report = Assistant(settings).ingest()
    assert not report.failures
    return settings


def ingest(settings, rebuild: bool = False) -> None:
    from assistant.service import Assistant

    report = Assistant(settings).ingest(rebuild=rebuild)
    assert not report.failures, report.failures


def problems(report) -> str:
    return "\n".join(f.problem for f in report.findings)


def store_of(settings):
    from assistant.service import Assistant

    return Assistant(settings).store


def test_healthy_index(indexed):
    report = diagnose(indexed)
    assert report.healthy, report.text()
    assert report.repair is None
    assert report.counts["store_chunks"] == report.counts["record_keys"] == report.counts["bm25_chunks"]
    assert report.counts["manifest_docs"] == report.counts["corpus_files"] == 2
    assert "In orde" in report.text()


def test_no_index_yet(make_settings, small_corpus):
    report = diagnose(make_settings(corpus_dir=small_corpus))
    assert not report.healthy and report.repair == INGEST
    assert "nog geen index" in problems(report)
    assert "voer 'assistant ingest' uit" in report.text()


def test_new_changed_and_removed_files_need_an_ingest(indexed):
    corpus = indexed.corpus_dir
    (corpus / "nieuw.txt").write_text(
        "Een nieuwe notitie over de cloudstrategie van Testdorp.\n", encoding="utf-8"
    )
    with (corpus / "003_54facddaf16a0947.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nEen extra alinea over de archivering van zaakdossiers.\n")
    (corpus / "000_ad1089ded3aa0d40.txt").unlink()
    report = diagnose(indexed)
    text = problems(report)
    assert "nog niet geïndexeerd: 'nieuw.txt'" in text
    assert "gewijzigd sinds de laatste ingest: '003_54facddaf16a0947.txt'" in text
    assert "verdwenen uit het corpus maar nog in de index: '000_ad1089ded3aa0d40.txt'" in text
    assert report.repair == INGEST
    ingest(indexed)
    assert diagnose(indexed).healthy


def test_unreadable_and_duplicate_files_are_notes_not_problems(indexed):
    corpus = indexed.corpus_dir
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    shutil.copy(corpus / "003_54facddaf16a0947.txt", corpus / "kopie.txt")
    (corpus / "dia.pptx").write_bytes(b"PK\x03\x04")
    report = diagnose(indexed)
    assert report.healthy, report.text()
    notes = "\n".join(report.notes)
    assert "'kapot.pdf' (de PDF is beschadigd of onleesbaar" in notes
    assert "'kopie.txt' heeft dezelfde inhoud als '003_54facddaf16a0947.txt'" in notes
    assert "'dia.pptx'" in notes


def test_missing_or_stale_bm25_needs_an_ingest(indexed):
    bm25 = next(indexed.index_dir.glob("bm25-*"))
    shutil.rmtree(bm25)
    report = diagnose(indexed)
    assert "de BM25-index ontbreekt" in problems(report) and report.repair == INGEST
    ingest(indexed)
    assert diagnose(indexed).healthy

    store = store_of(indexed)
    store.delete(store.all_ids()[:1])  # BM25 now holds a chunk the store lost (and a record too)
    report = diagnose(indexed)
    assert "BM25-index" in problems(report) and "verouderd" in problems(report)


def test_chunks_missing_from_the_store_need_a_rebuild(indexed):
    store = store_of(indexed)
    before = store.count()
    store.delete(store.all_ids()[:3])
    report = diagnose(indexed)
    assert "3 record(s) zonder fragment in de vectoropslag" in problems(report)
    assert report.repair == REBUILD
    assert "voer 'assistant ingest --rebuild' uit" in report.text()
    ingest(indexed)  # a plain ingest does not see it: every file is unchanged
    assert not diagnose(indexed).healthy
    ingest(indexed, rebuild=True)
    assert diagnose(indexed).healthy
    assert store_of(indexed).count() == before


def test_orphaned_chunks_in_the_store_need_a_rebuild(indexed):
    store = store_of(indexed)
    store.langchain.add_texts(["Een verweesd fragment."], metadatas=[{"doc": "weg.txt"}], ids=["verweesd-1"])
    report = diagnose(indexed)
    text = problems(report)
    assert "1 fragment(en) in de vectoropslag zonder record (verweesd)" in text
    assert report.repair == REBUILD
    ingest(indexed, rebuild=True)
    assert diagnose(indexed).healthy


def test_unreadable_bm25_needs_a_rebuild(indexed):
    bm25 = next(indexed.index_dir.glob("bm25-*"))
    (bm25 / "chunks.jsonl").write_text("{kapot", encoding="utf-8")
    report = diagnose(indexed)
    assert "de BM25-index is onleesbaar" in problems(report) and report.repair == REBUILD
    ingest(indexed, rebuild=True)
    assert diagnose(indexed).healthy


def test_manifest_and_records_disagree(indexed):
    manifest_path = next(indexed.index_dir.glob("manifest-*.json"))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["003_54facddaf16a0947.txt"]["chunks"] += 5
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    report = diagnose(indexed)
    assert "'003_54facddaf16a0947.txt': het manifest noemt" in problems(report)
    assert report.repair == REBUILD


def cli_env(settings) -> dict[str, str]:
    return assistant_env(settings.corpus_dir, settings.data_dir)


def test_cli_exit_codes(indexed):
    def doctor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "assistant.app.cli", "doctor", *args],
            cwd=ROOT,
            env=cli_env(indexed),
            capture_output=True,
            text=True,
            timeout=120,
        )

    healthy = doctor()
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "In orde" in healthy.stdout

    (indexed.corpus_dir / "000_ad1089ded3aa0d40.txt").unlink()
    sick = doctor("--json")
    assert sick.returncode == 1, sick.stderr
    result = json.loads(sick.stdout)
    assert result["healthy"] is False and result["repair"] == INGEST
    assert any("verdwenen" in p["problem"] for p in result["problems"])
