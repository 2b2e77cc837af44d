"""Per-file progress of an ingest on the console, shared by the CLI, the web server and eval."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def progress_printer(label: str, out: TextIO | None = None) -> Callable[[str, int, int], None]:
    """Per-file progress: one updating line on a terminal, one line per file in a log."""

    def show(name: str, n: int, total: int) -> None:
        stream = out or sys.stderr  # looked up now: a default bound earlier would miss a redirect
        if not stream.isatty():
            print(f"{label} [{n}/{total}] {name}", file=stream, flush=True)
            return
        print(f"\r{label} [{n}/{total}] {name[:60]:<60}", end="", file=stream, flush=True)
        if n == total:
            print(file=stream)

    return show
