"""One-line Dutch messages for failures that reach the top of a command."""

from __future__ import annotations

import errno


class StoreError(Exception):
    """The vector store cannot be reached or used; the message says what to change."""


class IndexBusyError(Exception):
    """Another process is writing the index."""


class LLMConfigError(ValueError):
    """The language model cannot be set up as configured; the message says what to change."""


def one_line(text: str, limit: int = 400) -> str:
    """Whitespace (newlines too) squeezed to single spaces, and not endless."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(exc: BaseException) -> tuple[str, int]:
    message, code = _describe(exc)
    return one_line(message), code


def _describe(exc: BaseException) -> tuple[str, int]:
    if isinstance(exc, (StoreError, IndexBusyError)):
        return str(exc), 1
    if isinstance(exc, LLMConfigError):
        return str(exc), 3
    if isinstance(exc, PermissionError):
        return f"geen toegang tot {exc.filename}: controleer de rechten of ASSISTANT_DATA_DIR.", 1
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return "de poort is al in gebruik: kies een andere met --port of ASSISTANT_PORT.", 3
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"de schijf is vol ({exc.filename or 'gegevensmap'}): maak ruimte vrij of zet "
            "ASSISTANT_DATA_DIR op een schijf met ruimte; wat al geïndexeerd was, blijft.",
            1,
        )
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return (
            f"{exc.filename or 'de gegevensmap'} is alleen-lezen: zet ASSISTANT_DATA_DIR op een beschrijfbare map.",
            1,
        )
    return f"{type(exc).__name__}: {exc} (zet ASSISTANT_DEBUG=1 voor details)", 1
