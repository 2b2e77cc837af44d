"""Command line: ingest, ask, chat, sources, serve, eval (help and messages in Dutch)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from assistant import __version__
from assistant.app import debate_cmd, eval_args
from assistant.app.dutch_argparse import DutchArgumentParser
from assistant.app.exits import EXIT_CONFIG, EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError
from assistant.app.feedback import export
from assistant.bench.options import add_arguments
from assistant.errors import describe
from assistant.ingest.progress import progress_printer
from assistant.ingest.uploads import add_to_corpus
from assistant.offline import configure_offline
from assistant.settings import Settings, flat_name
from assistant.types import cite_label

# The commands import the service, web app, bench, eval and doctor when they run, not here:
# measured with `python -X importtime` (load 6 on 2 cores), assistant.app.cli itself takes 0.2 s,
# assistant.service 2.8 s (chromadb, LangChain) and the web app 6.8 s (gradio), and
# `assistant --help` or a usage error should answer at once.


def _settings(args: argparse.Namespace):
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = flat_name(tuple(first.get("loc", ())))
        raise CliError(
            f"Ongeldige instelling ASSISTANT_{field}: {str(first.get('msg')).removeprefix('Value error, ')}",
            EXIT_CONFIG,
        ) from exc
    if not settings.corpus_dir.is_dir():
        raise CliError(
            f"De corpusmap '{settings.corpus_dir}' bestaat niet. Zet ASSISTANT_CORPUS_DIR op een "
            "map met documenten (.txt, .md, .pdf).",
            EXIT_CONFIG,
        )
    return settings


def _assistant(args: argparse.Namespace):
    from assistant.service import Assistant  # heavy: see the note at the top

    return Assistant(_settings(args))


def _check_backend(settings) -> None:
    if settings.llm.backend != "extractive":
        from assistant.answering.backends import check_backend

        check_backend(settings)


# --- commands ------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    paths = None
    copied: dict[str, str] = {}  # name in the corpus -> name given, for files copied there now
    if args.paths:
        missing = [raw for raw in args.paths if not Path(raw).exists()]
        if missing:  # before anything is copied
            raise CliError(f"'{missing[0]}' bestaat niet.")
        paths = []
        for raw in args.paths:
            path = Path(raw)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            present = {p.name for p in assistant.settings.corpus_dir.iterdir()}
            stored = add_to_corpus(assistant.settings, files)
            for f, s in zip(files, stored, strict=True):
                if s != f and s.name not in present:
                    copied[s.name] = f.name
            paths.extend(stored)
    report = assistant.ingest(paths, rebuild=args.rebuild, progress=progress_printer("Indexeren"))
    failed = {name for name, _ in report.failures}
    for name in failed & copied.keys():  # a copy that cannot be indexed would fail at every ingest
        (assistant.settings.corpus_dir / name).unlink(missing_ok=True)
    report.failures = [
        (copied.get(n, n), r + (" (niet aan het corpus toegevoegd)" if n in copied else ""))
        for n, r in report.failures
    ]
    report.notes = [(copied.get(n, n), r) for n, r in report.notes]
    renamed = {n: g for n, g in copied.items() if n != g and n not in failed}
    report.notes += [(given, f"opgeslagen als '{name}'") for name, given in renamed.items()]
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.summary())
    return EXIT_OK if not report.failures else EXIT_ERROR


def print_answer(answer, out=None, *, text: bool = True) -> None:
    out = out or sys.stdout  # looked up now: a default bound at import would miss a redirected stdout
    if text:
        print(answer.answer, file=out)
    if answer.citations:
        print("\nBronnen:", file=out)
        for c in answer.citations:
            section = f" ({c.section})" if c.section else ""
            print(f"  [{c.n}] {cite_label(c)}{section} — {c.doc}", file=out)
            print(f"      “{c.quote}”", file=out)
    for note in answer.notes:
        print(f"\nLet op: {note}", file=out)


def _known_docs(assistant, names: list[str] | None) -> set[str] | None:
    """The --doc filter; an unknown name fails with a pointer to `assistant sources`."""
    if not names:
        return None
    docs = set(names)
    unknown = docs - {s.doc for s in assistant.sources()}
    if unknown:
        raise CliError(f"Onbekend document: {', '.join(sorted(unknown))}. Zie 'assistant sources'.")
    return docs


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.service import prepare_index
    from assistant.user_input import QuestionError

    assistant = _assistant(args)
    _check_backend(assistant.settings)  # a wrong model setting fails before minutes of indexing
    prepare_index(assistant, quiet=args.json, update_stale=False)
    docs = _known_docs(assistant, args.doc)
    try:
        answer = assistant.ask(args.question, docs=docs, k=args.k)
    except QuestionError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print_answer(answer)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.service import prepare_index
    from assistant.user_input import QuestionError

    assistant = _assistant(args)
    _check_backend(assistant.settings)
    prepare_index(assistant, update_stale=False)
    print(
        "Stel uw vraag over de documenten (vervolgvragen mogen; 'nieuw' begint opnieuw, "
        "'stop' of Ctrl-D sluit af)."
    )
    print(f"Antwoorden: {assistant.settings.llm.label}\n")
    history: list[str] = []
    while True:
        try:
            question = input("Vraag> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return EXIT_OK
        if question.lower() in ("stop", "exit", "quit"):
            return EXIT_OK
        if question.lower() in ("nieuw", "nieuw gesprek"):
            history = []
            print("Nieuw gesprek.\n")
            continue
        if not question:
            continue
        answer, streamed = None, ""
        try:
            for item in assistant.ask_stream(question, history=history):
                if isinstance(item, str):  # a piece of the (checked) answer, shown as it comes
                    streamed += item
                    print(item, end="", flush=True)
                else:
                    answer = item
        except QuestionError as exc:
            print(exc)
            continue
        print()
        if answer.answer != streamed:
            print(answer.answer)
        if answer.standalone_question:
            print(f"(opgevat als: {answer.standalone_question})")
        print_answer(answer, text=False)
        print()
        history.append(answer.standalone_question or answer.question)


def cmd_sources(args: argparse.Namespace) -> int:
    from assistant.service import prepare_index

    assistant = _assistant(args)
    prepare_index(assistant, quiet=args.json, update_stale=False)
    rows = assistant.sources()
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{'document':<30} {'fragm.':>6} {'pag.':>5}  titel")
    for r in rows:
        print(f"{r.doc:<30} {r.chunks:>6} {r.pages:>5}  {r.title}")
    print(f"\n{len(rows)} documenten, {sum(r.chunks for r in rows)} fragmenten.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.app.web.serve import serve

    settings = _settings(args)
    overrides = {"host": args.host, "port": args.port}
    return serve(settings.with_overrides(**overrides))


def cmd_feedback(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.out in (None, "-"):
        count = export(settings, sys.stdout)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            count = export(settings, fh)
        print(f"{count} feedbackregels geschreven naar {out}.", file=sys.stderr)
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from assistant.app.doctor import diagnose

    report = diagnose(_settings(args))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.text())
    return EXIT_OK if report.healthy else EXIT_ERROR


def cmd_forget(args: argparse.Namespace) -> int:
    from assistant.app.forget import forget

    settings = _settings(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(
                "bevestig met --yes: 'assistant forget --yes' verwijdert alles zonder te vragen.", EXIT_USAGE
            )
        print(
            f"Dit verwijdert alle feedback ({settings.paths.feedback_db}), alle geüploade "
            f"documenten ({settings.paths.uploads_dir}, ook uit de index) en geëxporteerde gesprekken."
        )
        if input("Typ 'ja' om door te gaan: ").strip().lower() != "ja":
            print("Niets verwijderd.")
            return EXIT_OK
    print(forget(settings).text())
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.bench.runner import run_cli

    return run_cli(_settings(args), args)


def cmd_debat(args: argparse.Namespace) -> int:
    from assistant.service import prepare_index

    out = debate_cmd.out_path(args.out)  # a wrong file name fails before the index is loaded
    assistant = _assistant(args)
    _check_backend(assistant.settings)
    prepare_index(assistant, quiet=args.json, update_stale=False)
    return debate_cmd.run(assistant, args.topic, _known_docs(assistant, args.doc), out, as_json=args.json)


def cmd_eval(args: argparse.Namespace) -> int:
    if args.debate:
        from assistant.evaluation.debate import run_cli as run_debate

        return run_debate(_settings(args), args)
    from assistant.evaluation.runner import run_cli

    return run_cli(_settings(args), args)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; help and usage errors in Dutch."""
    parser = DutchArgumentParser(
        prog="assistant",
        description="Adviesassistent over documenten over gemeentelijke ICT. "
        "Instellingen via omgevingsvariabelen ASSISTANT_* (zie README).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"assistant {__version__}",
        help="toon het versienummer en stop",
    )
    sub = parser.add_subparsers(dest="command", metavar="opdracht", required=True)

    p = sub.add_parser("ingest", help="documenten indexeren (incrementeel)")
    p.add_argument(
        "paths", nargs="*", help="bestanden of mappen om toe te voegen (standaard: het hele corpus)"
    )
    p.add_argument("--rebuild", action="store_true", help="index leegmaken en opnieuw opbouwen")
    p.add_argument("--json", action="store_true", help="samenvatting als JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="één vraag stellen")
    p.add_argument("question", metavar="vraag", help="de vraag, tussen aanhalingstekens")
    p.add_argument("--json", action="store_true", help="antwoord als één JSON-object")
    p.add_argument("--k", type=int, default=None, help="aantal passages om op te halen")
    p.add_argument("--doc", action="append", help="alleen in dit document zoeken (herhaalbaar)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="gesprek in de terminal, met vervolgvragen")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("sources", help="geïndexeerde documenten tonen")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("serve", help="webchat starten")
    p.add_argument("--host", default=None, help="adres (standaard 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="poort (standaard 7860)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("feedback", help="feedback uit de webchat beheren")
    fsub = p.add_subparsers(dest="feedback_command", metavar="actie", required=True)
    fp = fsub.add_parser("export", help="alle feedback als CSV schrijven")
    fp.add_argument("--out", default=None, help="CSV-bestand (standaard: naar het scherm)")
    fp.set_defaults(func=cmd_feedback)

    p = sub.add_parser("doctor", help="controleren of corpus, vastlegging, vectoropslag en BM25 overeenkomen")
    p.add_argument("--json", action="store_true", help="uitkomst als JSON")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("forget", help="alle feedback, uploads en geëxporteerde gesprekken verwijderen")
    p.add_argument("--yes", action="store_true", help="niet om bevestiging vragen")
    p.set_defaults(func=cmd_forget)

    p = sub.add_parser("debat", help="debatvoorbereiding: neutraal overzicht met bronnen over een onderwerp")
    debate_cmd.add_arguments(p)
    p.set_defaults(func=cmd_debat)

    p = sub.add_parser("eval", help="de vraag-antwoordset evalueren")
    eval_args.add_arguments(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="snelheid en schaal meten (ingest, vragen, koude start, geheugen)")

    add_arguments(p)
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_offline()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("\nAfgebroken.", file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: one clear line, no stack trace
        message, code = describe(exc)
        print(f"Fout: {message}", file=sys.stderr)
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        return code


if __name__ == "__main__":
    sys.exit(main())
