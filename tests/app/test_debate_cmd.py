"""`assistant debat`: JSON on screen, Word and Markdown files, one-line Dutch errors."""

from __future__ import annotations

import json
import os

import pytest
from support import BEWARE, WOERDEN

from assistant.app.cli import main


@pytest.fixture
def cli_env(corpus_assistant, monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key, raising=False)
    s = corpus_assistant.settings
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDINGS", "fake")
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "none.toml"))


def test_cli_prints_json_and_writes_word_and_markdown(cli_env, capsys, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["debat", BEWARE, "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == BEWARE and data["sections"][0]["key"] == "samenvatting"
    assert out.stat().st_size > 5000
    md = tmp_path / "brief.md"
    assert main(["debat", BEWARE, "--doc", WOERDEN, "--out", str(md)]) == 0
    assert "## Bronnen" in md.read_text(encoding="utf-8")
    assert "# Debatvoorbereiding" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["debat", "  "], "Fout: Geef een onderwerp"),
        (["debat", BEWARE, "--out", "x.pdf"], "Fout: 'x.pdf' moet eindigen op .md of .docx."),
        (["debat", BEWARE, "--doc", "nope.txt"], "Fout: Onbekend document: nope.txt"),
    ],
)
def test_cli_errors_are_one_dutch_line(cli_env, capsys, args, message):
    assert main(args) != 0
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
