"""One writer at a time: a second ingest, forget or doctor gets a clear error instead of a
corrupted index, and a reader can see that a build is running."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.errors import IndexBusyError
from assistant.settings import Settings


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """One writer at a time: a second gets a clear error instead of a corrupted index."""
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    path = settings.paths.write_lock
    with path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError(
                "Een ander proces werkt de index al bij (vergrendeld: "
                f"{path}). Wacht tot dat klaar is en probeer het opnieuw."
            ) from exc
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def index_busy(settings: Settings) -> bool:
    """Whether another ingest holds the write lock now (readers then must not write)."""
    path = settings.paths.write_lock
    if not path.exists():
        return False
    with path.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False
