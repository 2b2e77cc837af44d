"""The command line, run in-process through main() (and once as a real process), on the small corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
F000 = "000_ad1089ded3aa0d40.txt"
F003 = "003_54facddaf16a0947.txt"
QUESTION = "Hoeveel gemeenten telt Nederland sinds 1 januari 2021?"


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A small corpus and a data folder shared by the tests of this module (indexed once)."""
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (F000, F003, "catalog.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    return {"corpus": corpus, "data": root / "data", "root": root}


@pytest.fixture
def env(shared, monkeypatch):
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key, raising=False)
    values = {
        "ASSISTANT_CORPUS_DIR": str(shared["corpus"]),
        "ASSISTANT_DATA_DIR": str(shared["data"]),
        "ASSISTANT_EMBEDDINGS": "fake",
        "ASSISTANT_SETTINGS_FILE": str(shared["root"] / "none.toml"),
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("ingest", "ask", "chat", "sources", "serve", "eval"):
        assert command in out
    with pytest.raises(SystemExit) as exit_info:
        main(["ask", "--help"])
    assert exit_info.value.code == 0
    assert "--json" in capsys.readouterr().out


def test_missing_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_ingest_prints_a_summary(env, capsys):
    code, out, _err = run(capsys, "ingest")
    assert code == 0
    assert "Bestanden: 2 gezien" in out
    assert "Fragmenten:" in out and "toegevoegd" in out
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["files_seen"] == 2 and report["files_unchanged"] == 2
    assert report["chunks_added"] == 0 and report["failures"] == []


def test_ask_json_prints_exactly_one_object(env, capsys):
    code, out, _ = run(capsys, "ask", "--json", QUESTION)
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert {"question", "answer", "abstained", "mode", "citations", "retrieved", "timings_ms"} <= set(data)
    assert data["question"] == QUESTION
    assert data["abstained"] is False and "352" in data["answer"]
    assert data["mode"] == "extractive"
    citation = data["citations"][0]
    assert {"n", "doc", "title", "page", "section", "quote", "chunk_id"} <= set(citation)
    assert citation["doc"] == F000
    assert {"rank", "doc", "chunk_id", "page", "score", "text"} <= set(data["retrieved"][0])
    assert {"retrieve", "answer", "total"} <= set(data["timings_ms"])


def test_ask_with_k_and_doc(env, capsys):
    code, out, _ = run(
        capsys, "ask", "--json", "--k", "2", "--doc", F003, "Wat doet de sector bedrijfsvoering ICT?"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data["retrieved"]) <= 2
    assert {r["doc"] for r in data["retrieved"]} == {F003}


def test_ask_prints_answer_and_sources(env, capsys):
    code, out, _ = run(capsys, "ask", QUESTION)
    assert code == 0
    assert "352" in out
    assert "Bronnen:" in out and "[1]" in out and F000 in out


def test_ask_on_an_unknown_doc_fails_clearly(env, capsys):
    code, out, err = run(capsys, "ask", "--doc", "bestaat-niet.txt", QUESTION)
    assert code != 0
    assert out == ""
    assert "Onbekend document: bestaat-niet.txt" in err
    assert "assistant sources" in err


def test_ask_an_empty_question(env, capsys):
    code, _out, err = run(capsys, "ask", "   ")
    assert code == 2
    assert err.startswith("Fout: Stel een vraag")


def test_sources(env, capsys):
    code, out, _ = run(capsys, "sources")
    assert code == 0
    assert F000 in out and F003 in out
    assert "2 documenten" in out
    code, out, _ = run(capsys, "sources", "--json")
    rows = json.loads(out)
    assert [r["doc"] for r in rows] == [F000, F003]
    assert all(r["chunks"] > 0 and r["title"] for r in rows)


def test_unknown_llm_gives_one_line_and_exit_code_3(env, capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM", "gpt-onbekend")
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 3
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Fout: Ongeldige instelling ASSISTANT_LLM")
    assert "gpt-onbekend" in lines[0]
    assert "Traceback" not in err


def test_missing_corpus_folder(env, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "geen-corpus"))
    code, _out, err = run(capsys, "sources")
    assert code == 3
    assert "De corpusmap" in err and "bestaat niet" in err and "ASSISTANT_CORPUS_DIR" in err


def test_ingest_reports_a_broken_file_and_fails(env, capsys, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / F003, corpus / F003)
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    code, out, _err = run(capsys, "ingest")
    assert code == 1
    assert "Mislukt: kapot.pdf: de PDF is beschadigd" in out
    assert "1 mislukt" in out


def test_ask_json_as_a_real_process(env, shared):
    """stdout of a real process holds the JSON object and nothing else (progress goes to stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant.app.cli", "ask", "--json", QUESTION],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["citations"][0]["doc"] == F000
