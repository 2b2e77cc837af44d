"""`assistant debat "ONDERWERP"`: the brief on screen, as JSON, or written to .md/.docx."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli import EXIT_OK, EXIT_USAGE, CliError, _assistant, _check_backend, ensure_index
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


def run(args: argparse.Namespace) -> int:
    """Errors end as one 'Fout:' line here: run as ``python -m assistant.cli`` the CLI's own
    CliError is another class than the one imported above."""
    try:
        return _run(args)
    except CliError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return exc.code


def _run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".md", ".docx"):
        raise CliError(f"'{out}' moet eindigen op .md of .docx.", EXIT_USAGE)
    assistant = _assistant(args)
    _check_backend(assistant.settings)
    ensure_index(assistant, quiet=args.json)
    docs = set(args.doc) if args.doc else None
    if docs:
        unknown = docs - {s.doc for s in assistant.sources()}
        if unknown:
            raise CliError(f"Onbekend document: {', '.join(sorted(unknown))}. Zie 'assistant sources'.")
    try:
        brief = assistant.brief(args.topic, docs=docs)
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
    if args.json:
        print(json.dumps(brief.to_json(), ensure_ascii=False))
    else:
        print(to_markdown(brief))
    return EXIT_OK
