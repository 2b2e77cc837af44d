"""Evidence for a brief: what retrieval finds for the topic and per section, placed in the
structure of its document (the heading a passage is under), and whether the topic is covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.debate.doctext import DocText, Run
from assistant.debate.points import clean_quote
from assistant.sentence_split import split_sentences
from assistant.text import terms
from assistant.types import Passage

# Sub-queries that pull the passages of each section out of the documents.
SUB_QUERIES: dict[str, str] = {
    "gevraagd": "gevraagd besluit beslispunten raad wordt gevraagd",
    "argumenten": "argumenten voor voordelen advies voorkeur aanbeveling",
    "kanttekeningen": "kanttekeningen risico's nadelen beheersmaatregelen onvoldoende knelpunten",
    "financien": "financiële gevolgen kosten bedragen per jaar dekking",
    "alternatieven": "alternatieven scenario's opties",
}

# Words a topic shares with nearly every passage of this corpus: they say nothing about coverage.
_GENERIC_WORDS = "gemeente gemeenten gemeentelijke ict raad onderwerp beleid nederland over de het"


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    # not at import: terms() loads the lemma dictionaries (0.7 s of every command's start)
    return frozenset(terms(_GENERIC_WORDS))


# Coverage rule: a topic is covered when its top passages hold at least this share of its
# content-word weight (idf-weighted; words the index does not know weigh most). Measured on the
# 19 topics of eval/debate.jsonl: covered topics 0.46-1.0, uncovered ones 0.0-0.25 (the near miss
# 'Microsoft 365-licentiekosten van de gemeente Utrecht' 0.25). 'Salaris van de burgemeester'
# scores 0.40 (only 'burgemeester' is found): half a topic is not covered, so the line is 0.45.
COVERAGE_MIN = 0.45
COVERAGE_PASSAGES = 5


@dataclass
class Evidence:
    """One span of a document that a point quotes."""

    doc: str
    start: int
    end: int
    text: str  # the span on one line (clean_quote)
    heading: str | None
    key: str | None  # the brief section its heading maps to
    part: str | None
    score: float = 0.0


def content_terms(topic: str) -> list[str]:
    """The topic's content words; a hyphenated compound by its parts ('ICT-coöperatie' ->
    'coöperatie'), since its joined form is rarely written that way in the documents."""
    generic = _generic()
    return [t for t in dict.fromkeys(terms(topic.replace("-", " "))) if t not in generic and not t.isdigit()]


def coverage(topic: str, passages: list[Passage], idf, vocabulary: set[str]) -> float:
    """Share of the topic's content-word weight found in the top passages (with their titles)."""
    wanted = content_terms(topic)
    if not wanted:
        return 0.0
    found: set[str] = set()
    for p in passages[:COVERAGE_PASSAGES]:
        found |= set(terms(f"{p.title} {p.part or ''} {p.section or ''} {p.text}"))
    weights = {t: (idf(t) if t in vocabulary else idf("\x00unknown")) or 1.0 for t in wanted}
    return sum(w for t, w in weights.items() if t in found) / sum(weights.values())


def topic_match(topic_terms: list[str], text: str, weights: dict[str, float]) -> float:
    """Weighted share of the topic's content words in ``text``."""
    if not topic_terms:
        return 0.0
    have = set(terms(text))
    total = sum(weights.get(t, 1.0) for t in topic_terms)
    return sum(weights.get(t, 1.0) for t in topic_terms if t in have) / total


def quotable(text: str, kind: str = "sentence", heading: str | None = None) -> bool:
    """Worth a point: not a heading repeated, an intro ending in ':' or a question, nor a line
    fragment of a title page ('… wegen in collectivisering') or a broken list line ending in ','."""
    words = text.split()
    if len(text) < 12 or text.endswith((":", "?", ",")) or not re.search(r"[^\W\d_]{3}", text):
        return False
    if heading and text.strip().rstrip(":") == heading:
        return False
    return len(words) >= (5 if kind in ("item", "row") else 6) or bool(re.search(r"\d", text))


def run_evidence(doc: DocText, part: str | None, run: Run, limit: int, rank) -> list[Evidence]:
    """The points a run offers: the items of its lists when it has lists (a document's own
    enumeration of arguments or risks), else its sentences; at most ``limit``, the best by
    ``rank`` (a score per text) when there are more, kept in document order."""
    lists = [u for u in run.units if u.kind in ("list", "row")]
    if not any(u.kind == "list" for u in lists):
        lists = []
    items = [i for u in (lists or run.units) for i in doc.items(u)]
    items = [i for i in items if quotable(i.text, i.kind, run.heading)]
    if len(items) > limit:
        keep = sorted(range(len(items)), key=lambda k: -rank(items[k].text))[:limit]
        items = [items[k] for k in sorted(keep)]
    return [Evidence(doc.doc, i.start, i.end, i.text, run.heading, run.section, part) for i in items]


def passage_sentences(doc: DocText, passage: Passage) -> list[Evidence]:
    """The sentences of a retrieved passage as evidence spans of its document (remembered per
    span: the same passages come back for several sub-queries and briefs)."""
    key = (passage.start, passage.end)
    cached = doc.sentence_cache.get(key)
    if cached is None:
        cached = doc.sentence_cache[key] = _passage_sentences(doc, passage)
    return [Evidence(**vars(e)) for e in cached]


def _passage_sentences(doc: DocText, passage: Passage) -> list[Evidence]:
    out = []
    pos = passage.start
    for sentence in split_sentences(passage.text):
        first = sentence.split()[0] if sentence.split() else ""
        at = doc.text.find(first, pos, passage.end + 1) if first else -1
        if at < 0:
            continue
        end = at
        for word in sentence.split():
            nxt = doc.text.find(word, end, passage.end + 1)
            if nxt < 0:
                break
            end = nxt + len(word)
        unit = doc.unit_at(at)
        out.append(
            Evidence(
                doc.doc,
                at,
                end,
                clean_quote(doc.text[at:end]),
                unit.heading if unit else passage.section,
                unit.section if unit else None,
                passage.part,
            )
        )
        pos = end
    return out
