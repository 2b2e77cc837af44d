"""Why a language model call failed, in one Dutch line for the note under the answer."""

from __future__ import annotations

from assistant.errors import LLMConfigError


class LLMTimeout(TimeoutError):
    """The model did not finish within ``llm_timeout`` seconds."""


def failure_reason(exc: BaseException, timeout: float) -> str:
    """Why a model call failed, in Dutch, for the note under the fallback answer."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in chain and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = " ".join(type(x).__name__ for x in chain).lower()
    if isinstance(exc, LLMConfigError):
        return f"is niet goed ingesteld: {exc}"
    if any(isinstance(x, TimeoutError) for x in chain) or "timeout" in names:
        return f"reageerde niet binnen {settings_seconds(timeout)} seconden"
    if any(isinstance(x, ConnectionError) for x in chain) or "connect" in names:
        return "is niet bereikbaar"
    for x in chain:
        status = getattr(x, "status_code", None)
        if isinstance(status, int) and status > 0:
            return f"gaf een foutmelding (HTTP {status})"
    return f"gaf een onleesbaar antwoord ({type(exc).__name__})"


def is_known_failure(exc: BaseException) -> bool:
    """A failure of the model or its server (timeout, unreachable, HTTP error, set up wrongly),
    as opposed to an error in our own code, whose traceback must not be lost."""
    return not failure_reason(exc, 0).startswith("gaf een onleesbaar antwoord")


def settings_seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")
