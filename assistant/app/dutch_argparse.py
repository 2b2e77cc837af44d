"""Command-line help and usage errors in Dutch, like every other message of the assistant.

argparse has no translation hook of its own short of gettext for the whole process; a parser
and formatter subclass keep the translation to the assistant's own parser.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_HEADINGS = {"positional arguments": "argumenten", "options": "opties", "optional arguments": "opties"}
_ERRORS = [
    (re.compile(r"the following arguments are required: (.*)"), r"deze argumenten ontbreken: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"onbekende argumenten: \1"),
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)"), r"ongeldige keuze: \1 (kies uit \2)"),
    (re.compile(r"invalid (\S+) value: (.*)"), r"ongeldige waarde voor \1: \2"),
    (re.compile(r"expected one argument"), "verwacht één argument"),
]


def dutch_error(message: str) -> str:
    """argparse's English error text in Dutch; an unknown message is left as it is."""
    for pattern, replacement in _ERRORS:
        message = pattern.sub(replacement, message)
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)

    def start_section(self, heading) -> None:
        super().start_section(_HEADINGS.get(heading, heading))


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are Dutch (subparsers inherit it)."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {dutch_error(message)}\n")
