"""Answers written into the chat as they come, at a readable pace."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from assistant.service import Assistant
from assistant.types import Answer


def answer_stream(
    assistant: Assistant, question: str, history: list[str], docs: set[str] | None
) -> Iterator[str | Answer]:
    """Text pieces as they come, then the finished Answer (whose text is authoritative).

    Uses ``assistant.ask_stream`` when there is one (it yields text pieces and lastly the
    Answer); otherwise the finished answer of ``ask`` is shown at once: pacing out an answer
    that is already there only made users wait (~1.2 s, most of the p95 under load).
    """
    if hasattr(assistant, "ask_stream"):
        items = assistant.ask_stream(question, history=history, docs=docs)
    else:
        answer = assistant.ask(question, history=history, docs=docs)
        items = [answer.answer, answer]
    yield from paced(items)


def paced(items, words: int = 3, interval: float = 0.03, budget: float = 1.0) -> Iterator[str | Answer]:
    """Group pieces into updates of a few words, at most one per ``interval`` seconds.

    A language model streams slower than that, so it is never held up; an answer that is
    there at once (extractive) is shown progressively, waiting ``budget`` seconds at most.
    """
    buffer, count, waited, last = "", 0, 0.0, 0.0
    for item in items:
        if isinstance(item, Answer):
            if buffer:
                yield buffer
            yield item
            return
        buffer += item
        count += len(item.split())
        if count < words:
            continue
        wait = interval - (time.perf_counter() - last)
        if wait > 0 and waited + wait <= budget:
            time.sleep(wait)
            waited += wait
        yield buffer
        buffer, count, last = "", 0, time.perf_counter()
    if buffer:
        yield buffer


def warm(assistant: Assistant) -> None:
    """Load the shared parts (embedding model, BM25 table, answerer) before sessions use them."""
    assistant.warm_up()
    assistant.lexical  # noqa: B018
    with contextlib.suppress(Exception):  # an unreachable model shows its error at the first question
        assistant.answerer  # noqa: B018
