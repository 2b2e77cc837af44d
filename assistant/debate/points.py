"""Points of a brief: source text quoted exactly, or shortened by cutting only ('…')."""

from __future__ import annotations

import re

from assistant.sentence_split import split_sentences

# Also the capital O that the Berenschot report's round bullets came out as ('O Financiering in
# directe zin …'), as answering.compose.tidy drops it from answers.
_BULLET_RE = re.compile(
    r"^\s*(?:[-–•·«»▪■●*]|\d{1,2}[.)]|[a-z][.)]|[a-z]\s(?=[A-Z])|O\s(?=[A-Z])|[ivx]+[.)])\s*"
)
MONEY_RE = re.compile(
    r"(?:€|\bC(?=\d)|\bEUR\b)\s?\d[\d.]*(?:,\d+)?(?:,-+)?(?:\s?(?:miljoen|mln|miljard|duizend)\b)?"
    r"|\b\d[\d.]*(?:,\d+)?\s?(?:euro|miljoen|mln|miljard)\b",
    re.I,
)
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def clean_quote(text: str) -> str:
    """Source text on one line: line breaks become spaces, a word broken over a line is joined
    ('ICT-\\ncoöperatie' -> 'ICT-coöperatie'), the bullet or enumerator is dropped."""
    text = _BULLET_RE.sub("", text.strip(), count=1)
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, max_chars: int = 360) -> str:
    """Whole sentences from the start up to ``max_chars``; a longer first sentence is cut at a
    word. Whatever is left out is marked with '…', also a start in mid-sentence."""
    text = clean_quote(text)
    lead = "… " if text[:1].islower() else ""
    if len(text) <= max_chars:
        return lead + text
    kept = ""
    for sentence in split_sentences(text):
        if kept and len(kept) + 1 + len(sentence) > max_chars:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > max_chars or not kept:
        cut = text.rfind(" ", 0, max_chars)
        kept = text[: cut if cut > 0 else max_chars].rstrip(" ,;:")
    return f"{lead}{kept} …" if len(kept) < len(text) else lead + kept


def fragments(point_text: str) -> list[str]:
    """The quoted pieces of a point: the text inside “…” (after an attribution) split at '…'."""
    m = re.search(r"“(.*)”", point_text, re.S)
    body = m.group(1) if m else point_text
    return [f.strip() for f in body.split("…") if len(f.strip()) >= 3]


def amounts(text: str) -> list[str]:
    return [m.group(0).strip() for m in MONEY_RE.finditer(text)]


def attributed(who: str | None, quote: str) -> str:
    """'Volgens Gemeente Woerden: “…”': who says it, from the catalog, never invented."""
    return f"Volgens {who}: “{quote}”" if who else quote
