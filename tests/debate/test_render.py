"""The brief as a Word file (opened with python-docx) and as Markdown."""

from __future__ import annotations

import re

from docx import Document
from support import BEWARE

from assistant.debate.model import SECTIONS
from assistant.debate.render import to_docx, to_markdown


def test_word_file_has_title_sections_and_sources(beware, tmp_path):
    path = to_docx(beware, tmp_path / "brief.docx")
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert texts[0] == f"Debatvoorbereiding: {BEWARE}"
    assert re.match(r"\d{2}-\d{2}-\d{4}", texts[1])
    for _, title in SECTIONS:
        assert styles.get(title) == "Heading 1"
    assert styles.get("Bronnen") == "Heading 1"
    first = beware.citations[0]
    assert any(t.startswith("[1] ") and first.title in t and f"p. {first.page}" in t for t in texts)
    assert any("22.000 per jaar" in t for t in texts)


def test_markdown_lists_sections_and_numbered_sources(beware):
    md = to_markdown(beware)
    assert md.startswith(f"# Debatvoorbereiding: {BEWARE}")
    assert "## Argumenten" in md and "## Bronnen" in md and "\n[1] " in md
