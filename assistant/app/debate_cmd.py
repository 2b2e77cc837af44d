"""`assistant debat "ONDERWERP"`: the brief on screen, as JSON, or written to .md/.docx.

Kept out of cli.py, which is near its size limit; cli.py builds the Assistant and the index and
calls ``run``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.app.exits import EXIT_OK, EXIT_USAGE, CliError
from assistant.debate.builder import TopicError
from assistant.debate.render import to_docx, to_markdown


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("topic", metavar="onderwerp", help="het onderwerp van het debat, tussen aanhalingstekens")
    p.add_argument(
        "--doc",
        action="append",
        metavar="BESTAND",
        help="het overzicht gaat over dit document (herhaalbaar); 'wat andere documenten zeggen' komt uit de rest",
    )
    p.add_argument("--json", action="store_true", help="het overzicht als één JSON-object")
    p.add_argument(
        "--out", default=None, metavar="BESTAND", help="ook wegschrijven naar een bestand: .md of .docx"
    )


def out_path(raw: str | None) -> Path | None:
    """The --out file, checked before any work: only .md and .docx are written."""
    out = Path(raw) if raw else None
    if out is not None and out.suffix.lower() not in (".md", ".docx"):
        raise CliError(f"'{out}' moet eindigen op .md of .docx.", EXIT_USAGE)
    return out


def run(assistant, topic: str, docs: set[str] | None, out: Path | None, *, as_json: bool = False) -> int:
    try:
        brief = assistant.brief(topic, docs=docs)
    except TopicError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if out is not None:
        try:
            if out.suffix.lower() == ".docx":
                to_docx(brief, out)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(to_markdown(brief), encoding="utf-8")
        except OSError as exc:
            raise CliError(f"Kan '{out}' niet schrijven: {exc.strerror or exc}.") from exc
    print(json.dumps(brief.to_json(), ensure_ascii=False) if as_json else to_markdown(brief))
    return EXIT_OK
