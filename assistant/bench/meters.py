"""Measuring helpers: peak memory, percentiles, embedded-text counters, a free port."""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import threading

import numpy as np
import psutil


class PeakRSS:
    """Samples the resident memory of a process (and its children) in a thread; keeps the peak."""

    def __init__(self, pid: int | None = None, interval: float = 0.05) -> None:

        self.process = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> int:

        total = 0
        try:
            procs = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return self.peak
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        self.peak = max(self.peak, total)
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def percentiles(values: list[float]) -> dict[str, float]:

    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    arr = np.asarray(values, dtype=float)
    return {
        "p50": round(float(np.percentile(arr, 50)), 2),
        "p95": round(float(np.percentile(arr, 95)), 2),
        "max": round(float(arr.max()), 2),
    }


def ru_maxrss_mb() -> float:

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EmbedMeter:
    """Seconds and texts an embedder (or the store's chunk embedder) embedded since the last reset."""

    def __init__(self, source) -> None:
        self.source = source  # anything with texts_embedded and seconds_embedding
        self.reset()

    def reset(self) -> None:
        self._texts, self._seconds = self.source.texts_embedded, self.source.seconds_embedding

    @property
    def texts(self) -> int:
        return self.source.texts_embedded - self._texts

    @property
    def seconds(self) -> float:
        return self.source.seconds_embedding - self._seconds


def meter_chunks(assistant) -> EmbedMeter:
    """A meter of the chunk embeddings of ``assistant``, apart from its other embedding work."""
    return EmbedMeter(assistant.store.chunk_embeddings)
