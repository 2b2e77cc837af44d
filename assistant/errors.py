"""One-line Dutch messages for failures that reach the top of a command."""

from __future__ import annotations


def describe(exc: BaseException) -> tuple[str, int]:
    from assistant.indexing import IndexBusyError
    from assistant.store import StoreError

    if isinstance(exc, (StoreError, IndexBusyError)):
        return str(exc), 1
    if isinstance(exc, PermissionError):
        return f"geen toegang tot {exc.filename}: controleer de rechten of ASSISTANT_DATA_DIR.", 1
    if isinstance(exc, OSError) and exc.errno == 98:
        return "de poort is al in gebruik: kies een andere met --port of ASSISTANT_PORT.", 3
    return f"{type(exc).__name__}: {exc} (zet ASSISTANT_DEBUG=1 voor details)", 1
