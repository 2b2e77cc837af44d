"""Progress of an index build, shared by the terminal bar, the web status line and the
staged start (which serves on BM25 while the vectors are still being made), and the per-file
lines of an ingest on the console (CLI, web server, eval)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from tqdm import tqdm

STAGES = ("chunks", "sentences")
LABELS = {"chunks": "betekenisvectoren", "sentences": "zinsvectoren"}


class IndexProgress:
    """Counts of embedding work per stage, and what part of the index is usable already.

    Totals grow as work is found (a file's chunks, then the sentences not yet embedded) and
    shrink when the embedding cache answers, so done/total is the work that really runs.
    """

    def __init__(self, bar: Any = None, log: Any = None, every: float = 15.0) -> None:
        self.done = dict.fromkeys(STAGES, 0)
        self.total = dict.fromkeys(STAGES, 0)
        self.lexical: Any = None  # the chunk table + BM25 readers use until the build is finished
        self.announced = False  # the chunk total was counted up front (by a preview)
        self.lexical_ready = False
        self.dense_ready = False
        self.finished = False
        self.error: str | None = None
        self.started = time.perf_counter()
        self._bar = bar
        self._log, self._every, self._logged = log, every, time.perf_counter()
        self._lock = threading.Lock()

    @classmethod
    def for_terminal(cls) -> IndexProgress:
        """A tqdm bar (counts, rate, time left) over all embedding work on a terminal; in a log
        a line every 15 s instead (a bar would write thousands of lines there)."""
        if not sys.stderr.isatty():
            return cls(log=sys.stderr)
        return cls(tqdm(total=0, desc="Vectoren", unit="tekst", file=sys.stderr, dynamic_ncols=True))

    def add(self, stage: str, n: int) -> None:
        with self._lock:
            self.total[stage] += n
            self._sync_bar(0)

    def advance(self, stage: str) -> Callable[[int], None]:
        """A callback for ``Embeddings.progress``: counts texts embedded in ``stage``."""

        def step(n: int) -> None:
            with self._lock:
                self.done[stage] += n
                self._sync_bar(n)

        return step

    def settle(self, stage: str) -> None:
        """Work announced but not done (answered by the cache) leaves the total."""
        with self._lock:
            self.total[stage] = self.done[stage]
            self._sync_bar(0)

    def _counts(self) -> str:
        return ", ".join(f"{LABELS[s]} {self.done[s]}/{self.total[s]}" for s in STAGES)

    def _sync_bar(self, n: int) -> None:
        if self._log is not None and n and time.perf_counter() - self._logged >= self._every:
            self._logged = time.perf_counter()
            elapsed = self._logged - self.started
            print(f"Vectoren: {self._counts()} ({elapsed:.0f} s)", file=self._log, flush=True)
        if self._bar is None:
            return
        self._bar.total = sum(self.total.values())
        self._bar.set_postfix_str(self._counts())
        self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def status(self) -> str:
        """One Dutch line: what the index can do now and how far the vectors are."""
        if self.error:
            return f"Index: fout bij opbouwen ({self.error}); zoeken op woorden werkt"
        if self.finished:
            return "Index: compleet"
        parts = ["zoeken op woorden klaar" if self.lexical_ready else "fragmenten maken…"]
        for stage in STAGES:
            if stage == "chunks" and self.dense_ready:
                parts.append("betekenisvectoren klaar")
                continue
            if self.total[stage] or stage == "chunks":
                parts.append(f"{LABELS[stage]} {self.done[stage]}/{self.total[stage]} …")
        return "Index: " + "; ".join(parts)


def progress_printer(label: str, out: TextIO | None = None) -> Callable[[str, int, int], None]:
    """Per-file progress: one line per file, written above the embedding bar without breaking it."""

    def show(name: str, n: int, total: int) -> None:
        stream = out or sys.stderr  # looked up now: a default bound earlier would miss a redirect
        tqdm.write(f"{label} [{n}/{total}] {name}", file=stream)

    return show
