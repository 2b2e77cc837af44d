"""What a user typed, made fit to ask: control characters out, spaces squashed, long input cut,
or refused with a Dutch reason the chat, CLI and API show as they are."""

from __future__ import annotations

import re


class QuestionError(ValueError):
    """A question that cannot be asked as given; the message says why."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_question(question: str | None, max_chars: int) -> tuple[str, list[str]]:
    notes: list[str] = []
    text = _CONTROL.sub(" ", question or "")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Stel een vraag: de invoer is leeg.")
    if len(text) > max_chars:
        text = text[:max_chars].rstrip()  # no trailing space where the cut fell
        notes.append(f"De vraag is ingekort tot {max_chars} tekens.")
    if not re.search(r"\w", text):  # checked after the cut: what is asked must hold words
        raise QuestionError("Stel een vraag in woorden: de invoer bevat geen letters of cijfers.")
    return text, notes
