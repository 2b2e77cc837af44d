"""The brief as Markdown (CLI, web) and as a Word file (python-docx): title, date, the
sections with their cited points, and the numbered source list with titles and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from assistant.debate.model import NOTHING_FOUND, Brief
from assistant.types import cite_label


def _marks(citations: list[int], escape: Callable[[str], str] = str) -> str:
    return "".join(escape(f" [{n}]") for n in citations)


def _source_line(c) -> str:
    section = f" — {c.section}" if c.section else ""
    return f"[{c.n}] {cite_label(c)}{section}"


def heading(brief: Brief) -> str:
    return f"Debatvoorbereiding: {brief.topic}"


def to_markdown(brief: Brief, today: dt.date | None = None, escape: Callable[[str], str] = str) -> str:
    """``escape`` makes document text literal where the Markdown is shown on a page."""
    today = today or dt.date.today()
    lines = [
        f"# {escape(heading(brief))}",
        "",
        f"*{today:%d-%m-%Y}* · neutraal overzicht uit de documenten, elke regel met bron",
        "",
    ]
    for section in brief.sections:
        if brief.abstained and not section.points:
            continue
        lines += [f"## {section.title}", ""]
        if not section.points:
            lines += [f"_{NOTHING_FOUND}_", ""]
            continue
        lines += [f"- {escape(p.text)}{_marks(p.citations, escape)}" for p in section.points]
        lines.append("")
    if brief.citations:
        lines += ["## Bronnen", ""]
        for c in brief.citations:
            lines += [f"{escape(_source_line(c))}  ", f"   > {escape(c.quote)}", ""]
    for note in brief.notes:
        lines += [f"*Let op: {escape(note)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_docx(brief: Brief, path: Path, today: dt.date | None = None) -> Path:
    from docx import Document

    today = today or dt.date.today()
    document = Document()
    document.add_heading(heading(brief), level=0)
    document.add_paragraph(f"{today:%d-%m-%Y} · neutraal overzicht uit de documenten, elke regel met bron")
    for section in brief.sections:
        if brief.abstained and not section.points:
            continue
        document.add_heading(section.title, level=1)
        if not section.points:
            document.add_paragraph(NOTHING_FOUND).runs[0].italic = True
            continue
        for p in section.points:
            document.add_paragraph(f"{p.text}{_marks(p.citations)}", style="List Bullet")
    if brief.citations:
        document.add_heading("Bronnen", level=1)
        for c in brief.citations:
            document.add_paragraph(_source_line(c))
            quote = document.add_paragraph(f"“{c.quote}”")
            quote.paragraph_format.left_indent = 360000  # EMU: about 1 cm
            for run in quote.runs:
                run.italic = True
    for note in brief.notes:
        document.add_paragraph(f"Let op: {note}")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
