"""The feedback store: rows with question, answer, citations and settings; retention; CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from assistant.app.feedback import COLUMNS, FeedbackStore, answer_settings, feedback_path

CITATIONS = [{"n": 1, "doc": "a.txt", "title": "Titel", "page": 3, "quote": "Een zin, met komma."}]


def _add(store: FeedbackStore, **changes) -> int:
    values = {
        "rating": "up",
        "question": "Wat kost het?",
        "answer": "Het kost € 10 [1].",
        "citations": CITATIONS,
        "settings": {"llm": "extractive", "top_k": 6},
    }
    values.update(changes)
    return store.add(**values)


def test_rows_keep_question_answer_citations_settings_and_time(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    before = datetime.now(UTC) - timedelta(seconds=1)
    row_id = _add(store, comment="  Duidelijk antwoord  ", standalone_question="Wat kost Beware?")
    (row,) = store.rows()
    assert row.id == row_id
    assert (row.rating, row.comment, row.question) == ("up", "Duidelijk antwoord", "Wat kost het?")
    assert row.standalone_question == "Wat kost Beware?"
    assert row.answer == "Het kost € 10 [1]."
    assert row.citations == CITATIONS
    assert row.settings == {"llm": "extractive", "top_k": 6}
    created = datetime.strptime(row.created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)


def test_update_changes_rating_and_comment(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    row_id = _add(store)
    store.update(row_id, rating="down", comment="Bron klopt niet")
    (row,) = store.rows()
    assert (row.rating, row.comment) == ("down", "Bron klopt niet")
    store.update(row_id, rating="up")  # a later thumb keeps the comment
    assert store.rows()[0].comment == "Bron klopt niet"


def test_unknown_rating_is_refused(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    with pytest.raises(ValueError, match="beoordeling"):
        _add(store, rating="meh")
    assert store.count() == 0


def test_retention_deletes_old_rows_when_opened(tmp_path):
    path = tmp_path / "fb.sqlite"
    store = FeedbackStore(path, retention_days=30)
    _add(store, question="oud", created_at=datetime.now(UTC) - timedelta(days=31))
    _add(store, question="recent", created_at=datetime.now(UTC) - timedelta(days=29))
    assert store.count() == 2
    reopened = FeedbackStore(path, retention_days=30)
    assert reopened.removed_at_start == 1
    assert [r.question for r in reopened.rows()] == ["recent"]


def test_retention_zero_keeps_everything(tmp_path):
    path = tmp_path / "fb.sqlite"
    store = FeedbackStore(path, retention_days=0)
    _add(store, created_at=datetime.now(UTC) - timedelta(days=4000))
    assert FeedbackStore(path, retention_days=0).count() == 1


def test_export_csv_round_trips(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    _add(store, comment='Met "aanhalingstekens", komma\nen een regel')
    _add(store, rating="down", question="<script>alert(1)</script>")
    buffer = io.StringIO()
    assert store.export_csv(buffer) == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["comment"] == 'Met "aanhalingstekens", komma\nen een regel'
    assert json.loads(rows[0]["citations"]) == CITATIONS
    assert rows[1]["rating"] == "down"
    assert rows[1]["question"] == "<script>alert(1)</script>"


def test_store_is_safe_across_threads(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    store = FeedbackStore(tmp_path / "fb.sqlite")
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: _add(store, question=f"vraag {i}"), range(40)))
    assert len(set(ids)) == 40
    assert store.count() == 40


def test_cli_feedback_export(make_settings, tmp_path, monkeypatch, capsys):
    from assistant.app.cli import main

    settings = make_settings()
    store = FeedbackStore.for_settings(settings)
    assert feedback_path(settings) == settings.data_dir / "feedback.sqlite"
    _add(store, settings=answer_settings(settings, docs=["a.txt"]))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    out = tmp_path / "export" / "feedback.csv"
    assert main(["feedback", "export", "--out", str(out)]) == 0
    assert "1 feedbackregels" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1
    assert json.loads(rows[0]["settings"])["docs"] == ["a.txt"]
    assert json.loads(rows[0]["settings"])["llm_label"] == settings.llm.label

    assert main(["feedback", "export"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split(",") == list(COLUMNS)
    assert "Wat kost het?" in printed


def test_cli_export_without_feedback_creates_nothing(make_settings, monkeypatch, capsys):
    from assistant.app.cli import main

    settings = make_settings()
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    assert main(["feedback", "export"]) == 0
    assert capsys.readouterr().out.strip() == ",".join(COLUMNS)
    assert not feedback_path(settings).exists()
