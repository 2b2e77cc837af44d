"""Turning a follow-up question into a standalone one without a language model.

The heuristic: a short question that starts with 'en'/'maar'/'ook', or leans on a pointing word
('daarvan', 'die', 'hun', ...), is read against the previous question. A year in the follow-up
replaces the year of the previous question ('en in 2021?'); otherwise the follow-up is put
in front of the previous question, so retrieval sees both the new ask and the old topic.
"""

from __future__ import annotations

import re

_CONTINUATION = re.compile(r"^\s*(en|maar|ook|of|dus|en wat|en hoe|en in)\b", re.I)
_ANAPHORA = re.compile(
    r"\b(daarvan|hiervan|ervan|daarbij|daarover|hierover|daarmee|hiermee|daarvoor|hiervoor|"
    r"dat|deze|die|dit|hun|zij|ze|hij|haar|ervoor|erbij|erover)\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def is_follow_up(question: str) -> bool:
    words = question.split()
    if not words:
        return False
    if _CONTINUATION.match(question) and len(words) <= 10:
        return True
    return len(words) <= 8 and bool(_ANAPHORA.search(question))


def standalone_question(question: str, history: list[str]) -> str:
    """``history`` holds the earlier standalone questions of the conversation, oldest first."""
    question = question.strip()
    if not history or not is_follow_up(question):
        return question
    previous = history[-1].strip()
    new_years = _YEAR.findall(question)
    if new_years and _YEAR.search(previous):
        rest = _YEAR.sub("", question)
        rest = re.sub(r"^\s*(en|maar|ook)\b\s*(in)?\s*", "", rest, flags=re.I).strip(" ?.")
        replaced = _YEAR.sub(new_years[0], previous, count=1)
        return f"{replaced} {rest}".strip() if rest else replaced
    follow = re.sub(r"^\s*(en|maar|ook)\b\s*", "", question, flags=re.I).rstrip("?. ")
    return f"{follow}? ({previous.rstrip('?')})"
