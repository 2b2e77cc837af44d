"""A list the chunker cut off at a passage's end is completed from the next chunk, and one it
cut off at a passage's start from the previous chunk (up to its lead-in).

About one chunk in seven ends inside an enumeration or right after its lead-in ('De belangrijkste
maatregelen … voor de korte termijn zijn:' / '• het gezamenlijk bepalen van de i-strategie …;'),
so a question about the list got its first item. The items that follow in the next chunk of the
same document are appended, up to the first line that is neither an item nor part of one.
"""

from __future__ import annotations

import re

from assistant.retrieval.enumerators import enum_marker
from assistant.retrieval.structure import looks_heading
from assistant.types import Passage

# At most this much text is appended: an enumeration, not the next page.
MAX_TAIL_CHARS = 1500
_OPEN_END_RE = re.compile(r"[:;,]\s*$")


def ends_in_list(text: str) -> bool:
    """The text ends on a list's lead-in (':'), an item, or a line that runs on (';', ',')."""
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    if not lines:
        return False
    last = lines[-1].strip()
    return bool(_OPEN_END_RE.search(last) or enum_marker(last, None))


def list_tail(text_before: str, following: str) -> str:
    """The start of ``following`` that goes on with the list ``text_before`` ends in: items and
    their continuation lines. After a lead-in (':') it must open with an item, else it is empty;
    after an item or a line that runs on, the rest of that item counts too."""
    after_lead = text_before.rstrip().endswith(":")
    kept: list[str] = []
    size = 0
    previous: str | None = None
    blank = False
    seen_item = False
    for line in following.split("\n"):
        text = line.strip()
        if not text:
            blank = True
            kept.append(line)
            continue
        enum = enum_marker(text, previous)
        if enum is not None:
            previous = enum[0]
            seen_item = True
        elif not seen_item and after_lead:
            break  # after a lead-in, the list must come first
        elif (blank and not text[:1].islower()) or looks_heading(text):
            break  # a paragraph of its own or a heading: the list has ended
        kept.append(line)
        size += len(line) + 1
        blank = False
        if size > MAX_TAIL_CHARS:
            break
    tail = "\n".join(kept).rstrip()
    return tail if seen_item or (tail and not after_lead) else ""


def complete_lists(passages: list[Passage], next_of) -> None:
    """Appends to each passage that ends in a list the rest of it from ``next_of(passage)`` (the
    passage of the document's next chunk, or None)."""
    for p in passages:
        if not ends_in_list(p.text):
            continue
        nxt = next_of(p)
        if nxt is None:
            continue
        following = nxt.text[max(0, p.end - nxt.start) :] if nxt.start <= p.end else nxt.text
        following = following.lstrip("\n")
        tail = list_tail(p.text, following)
        if not tail:
            continue
        offset = len(p.text) + 1
        skipped = len(nxt.text) - len(following)
        p.page_breaks = [
            *p.page_breaks,
            *(
                (offset + at - skipped, page)
                for at, page in nxt.page_breaks
                if skipped <= at < skipped + len(tail)
            ),
        ]
        p.text = f"{p.text}\n{tail}"
        p.end = max(p.end, nxt.start + skipped + len(tail))


def list_head(preceding: str) -> str:
    """The end of ``preceding`` that belongs to the list a passage opens in: the items before and
    the lead-in (a line ending in ':') they follow; empty when no item or lead-in ends it."""
    lines = preceding.rstrip().split("\n")
    kept: list[str] = []
    held: list[str] = []  # lines that belong to the item above them, once one is found
    for line in reversed(lines):
        text = line.strip()
        if not text:
            held.insert(0, line)
            continue
        if enum_marker(text, None):
            kept = [line, *held, *kept]
            held = []
        elif text.endswith(":"):  # the lead-in, also a heading such as 'Kanttekeningen:'
            kept = [line, *held, *kept]
            break
        elif looks_heading(text) or (held and not held[0].strip() and not text[:1].islower()):
            break  # a heading, or a paragraph of its own: not part of the list
        else:
            held.insert(0, line)
        if sum(len(x) + 1 for x in kept) > MAX_TAIL_CHARS:
            break
    return "\n".join(kept).strip("\n")


def complete_list_heads(passages: list[Passage], previous_of) -> None:
    """Puts before each passage that opens with an item of a list the items and lead-in that
    precede it in ``previous_of(passage)`` (the document's previous chunk, or None)."""
    for p in passages:
        first = next((ln.strip() for ln in p.text.split("\n") if ln.strip()), "")
        if not enum_marker(first, None):
            continue
        prev = previous_of(p)
        if prev is None or prev.start >= p.start:
            continue
        preceding = prev.text[: p.start - prev.start]
        head = list_head(preceding)
        if not head:
            continue
        at = len(preceding.rstrip()) - len(head)  # the head is the end of the preceding text
        shift = len(head) + 1
        p.page_breaks = [
            *((b - at, page) for b, page in prev.page_breaks if at < b < at + len(head)),
            *((b + shift, page) for b, page in p.page_breaks),
        ]
        p.page = prev.page_at(at) or p.page
        p.text = f"{head}\n{p.text}"
        p.start = prev.start + at
