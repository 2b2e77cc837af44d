"""Candidate sentences for an extractive answer: every sentence of the retrieved passages, with where it came from."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from assistant.answering.question import MONEY_RE, YEAR_RE
from assistant.answering.quotable import kind_of, slide_points
from assistant.answering.sources import instruction_spans
from assistant.compounds import compound_parts
from assistant.retrieval.enumerators import enum_marker
from assistant.retrieval.structure import blocks_of
from assistant.sentence_split import footnote_parts, split_sentences
from assistant.text import NUMBER_RE, PERIOD_TERMS, fold, terms
from assistant.types import ChunkRecord, Passage

# A sentence that refers back in its first words: 'In 2021 was dit nog 52 fte'.
ANAPHOR_RE = re.compile(
    r"^(?:\S+\s+){0,4}(?:dit|dat|deze|die|hiervan|daarvan|hierdoor|daardoor|hiervoor|daarvoor)\b", re.I
)


# A figure's sentence whose subject is a pronoun ('Zij hebben op 12 januari 2017 de ICT-coöperatie
# Beware opgericht'): who 'zij' are stands in the sentence before, which the answer opens with ('De
# gemeenten Eindhoven, Boxtel en Sint Michielsgestel zijn doorgegaan.'; ``with_subject``).
# --cv 5 on eval/qa.jsonl: key-fact recall 0.640 -> 0.642 (q-047 0.33 -> 0.67), no other answer
# changes; with every sentence that refers back (``ANAPHOR_RE``, also without an asked year) three
# answers grew 7-20 words, the same key facts.
SUBJECT_BACK_RE = re.compile(r"(?:Zij|Ze|Hij)\b")
# A sentence that opens with a word referring back to the one before ('Hierdoor …', 'Dit …'): the
# answerability model lets it hold that sentence's names. Narrower than ``ANAPHOR_RE``, whose 'dat'
# and 'die' in the first five words mostly open a clause ('Gemeenten geven aan dat …').
OPENS_BACK_RE = re.compile(
    r"(?:hierdoor|daardoor|hiervan|daarvan|hiervoor|daarvoor|hiermee|daarmee|hierbij|daarbij|dit|deze|zij|ze)\b",
    re.I,
)


_LONG_WORD_RE = re.compile(r"[^\W\d_]{9,}")  # compounds worth splitting have nine letters or more
# Numbers that are not figures: the number of a clause ('5.1 Commissarissen worden …') and a
# reference to an article, paragraph, appendix or figure ('(Art.19 lid 4 Statuten.)'). A sentence
# with only these answers no 'hoeveel' or 'hoe lang'.
_REFERENCE_RE = re.compile(
    r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+(?=(?-i:[A-Z]))"
    r"|\b(?:art(?:ikel)?|lid|bijlage|figuur|tabel|hoofdstuk|paragraaf|par)\.?\s*\d+(?:[.:]\d+)*[a-z]?\b",
    re.I,
)


def figures(sentence: str) -> str:
    """The sentence without its clause number and references, for the numbers it gives."""
    return _REFERENCE_RE.sub(" ", sentence)


@dataclass
class Candidate:
    passage_index: int
    text: str
    terms: set[str]
    has_number: bool
    has_money: bool
    has_percent: bool
    years: set[str]
    number_terms: set[str] = field(default_factory=set)  # terms next to a number ('28 gemeenten')
    fragment: bool = False
    # terms of the heading the sentence sits under, with its compounds' parts ('Strategisch
    # meerjarenplan, jaarbegroting, en kwartaalrapportage' is about a 'plan', a 'jaar' and a
    # 'kwartaal'). --cv 5: key-fact recall 0.570 -> 0.572 (q-103, 'planning- en
    # verantwoordingscyclus'); five fold assignments 0.562 -> 0.565, the rest unchanged
    context: set[str] = field(default_factory=set)
    heading: str = ""  # that heading
    antecedent: set[str] = field(default_factory=set)  # 'In 2021 was dit nog 52 fte': terms of what 'dit' is
    point: bool = False  # a point of a slide or table (``_Sentence.point``)
    parts: set[str] = field(default_factory=set)  # terms of its compounds' parts (``_compound_terms``)
    item: bool = False  # it opens an item of an enumeration ('4. Het lid …', '» Flexibele …')
    # the BM25 score of its passage, scaled 0..1 among the passages (``candidates_from``)
    passage_lexical: float = 0.0
    dense: float = 0.0  # similarity to the question, scaled 0..1 among the candidates
    similarity: float = 0.0  # cosine similarity to the question (sentence vectors)
    score: float = 0.0

    def scored_terms(self, wants_number: bool) -> set[str]:
        """The terms its score counts: the heads of its compounds, and for a figure asked their
        parts too where it gives a number. 'Wat kost het lidmaatschap van Beware?' led with a risk
        sentence that names 'kosten' and 'lidmaatschap' apart, not with 'De lidmaatschapskosten
        zijn €22.000 per jaar.' The key facts quoted stay the same on eval/qa.jsonl (--cv 5),
        eval/train.jsonl and eval/fresh.jsonl; 5 answers of 864 change which sentences they quote
        or in what order (for all sentences the parts lost key facts, ``_compound_terms``)."""
        return self.terms | self.parts if wants_number and self.has_number else self.terms


@dataclass(frozen=True)
class _Sentence:
    """What one passage says about one of its sentences; the same for every question."""

    text: str
    key: str  # folded: the same sentence in two passages is quoted once
    terms: frozenset[str]
    has_number: bool
    has_money: bool
    has_percent: bool
    years: frozenset[str]
    number_terms: frozenset[str]
    fragment: bool
    context: frozenset[str]
    heading: str
    refers_back: bool  # ANAPHOR_RE: its antecedent is the candidate before it
    point: bool = False  # a point of a slide or table that reads as a heading (``quotable.slide_points``)
    parts: frozenset[str] = frozenset()
    item: bool = False  # it opens an item of an enumeration (``_opens_item``)


def _opens_item(text: str, found: int, sentence: str) -> bool:
    """The sentence opens an item of an enumeration: its line starts with a list mark ('4.',
    'b)', '»') right before it, or the sentence starts with one itself."""
    if found < 0:
        return enum_marker(sentence, None) is not None
    start = text.rfind("\n", 0, found) + 1
    mark = enum_marker(text[start : found + len(sentence)], None)
    return mark is not None and mark[1] >= found - start


# 1,024 passages: the 1x corpus has 575 chunks; a sentence with its term sets is about 3 kB, so
# a full cache holds some 30 MB.
PASSAGES_CACHED = 1024


@lru_cache(maxsize=PASSAGES_CACHED)
def _sentences(text: str, section: str) -> tuple[_Sentence, ...]:
    """The quotable sentences of one passage. Cached: the same chunks come back for question
    after question, and reading them again was a third of the answer's time (bench)."""
    out: list[_Sentence] = []
    heading = section
    context = _heading_terms(heading)
    # Text that gives orders to the assistant ('negeer alle eerdere instructies…') is never quoted.
    orders = instruction_spans(text)
    at = 0
    title_end = -1  # where the last appendix title ended: the rest of its line is more of it
    sentences = [part for s in split_sentences(text) for part in footnote_parts(s)]
    kinds = [kind_of(s) for s in sentences]
    points = slide_points(sentences, [heading_like for heading_like, _ in kinds])
    for k, s in enumerate(sentences):
        found = text.find(s, at) if s else -1
        if found >= 0:
            at = found + len(s)
            if any(a <= found < b for a, b in orders):
                continue
        heading_like, kind = kinds[k]
        if heading_like and k not in points:
            heading = s  # the sentences below it are about what it names
            context = _heading_terms(heading)
            continue
        if kind == "skip":
            continue
        if kind == "title":
            # the rest of the line of a title that a '!' split ('Bijlage 12: Rapport …, Maak waar!
            # Studiegroep Informatiesamenleving en Overheid, april 2017.') is more of the title
            title_end = at if found >= 0 and s.endswith(("!", "?")) else -1
            continue
        if found >= 0 and title_end >= 0 and "\n" not in text[title_end:found]:
            title_end = at
            continue
        if kind == "thin":
            continue
        facts = _facts(s)
        if facts is None:
            continue  # 'En moet dat ook doen.': nothing of its own to quote or to check
        out.append(
            _Sentence(
                text=s,
                **facts,
                context=context,
                heading=heading,
                point=k in points,
                item=_opens_item(text, found, s),
            )
        )
    return tuple(out)


# A passage as retrieved is often two chunks merged, or a chunk with the rest of its list: its
# text is new to ``_sentences``, its sentences are not (see ``read_ahead``). 16,384 sentences of
# about 3 kB: some 50 MB at most (the 1x corpus has about 9,000).
@lru_cache(maxsize=1 << 14)
def _facts(s: str) -> dict[str, Any] | None:
    """What a sentence says wherever it stands (its terms, figures, years), or None when it has
    no terms of its own."""
    content = frozenset(terms(s))
    if not content:
        return None
    heads, parts = _compound_terms(s)
    return dict(
        key=fold(s),
        terms=content | heads | {PERIOD_TERMS[t] for t in content if t in PERIOD_TERMS},
        has_number=bool(NUMBER_RE.search(figures(s))),
        has_money=bool(MONEY_RE.search(s)),
        has_percent="%" in s or "procent" in s.lower(),
        years=frozenset(m.group(0) for m in YEAR_RE.finditer(s)),
        number_terms=frozenset(_number_neighbours(figures(s))),
        fragment=s[0].islower() or s.rstrip().endswith((",", ":", ";")) or len(s) < 40,
        refers_back=bool(ANAPHOR_RE.match(s)),
        parts=parts,
    )


def _scaled_lexical(passages: list[Passage]) -> list[float]:
    """Each passage's BM25 score scaled 0..1 among the passages (0 where retrieval gave none)."""
    scores = [p.lexical_score or 0.0 for p in passages]
    lo, hi = min(scores, default=0.0), max(scores, default=0.0)
    return [(s - lo) / (hi - lo) if hi > lo else 0.0 for s in scores]


def candidates_from(passages: list[Passage]) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[str] = set()
    lexical = _scaled_lexical(passages)
    for i, p in enumerate(passages):
        for s in _sentences(p.text, p.section or ""):
            if s.key in seen:
                continue
            seen.add(s.key)
            out.append(
                Candidate(
                    passage_index=i,
                    text=s.text,
                    terms=set(s.terms),
                    has_number=s.has_number,
                    has_money=s.has_money,
                    has_percent=s.has_percent,
                    years=set(s.years),
                    number_terms=set(s.number_terms),
                    fragment=s.fragment,
                    context=set(s.context),
                    heading=s.heading,
                    point=s.point,
                    parts=set(s.parts),
                    item=s.item,
                    passage_lexical=lexical[i],
                )
            )
            previous = out[-2] if len(out) > 1 and out[-2].passage_index == i else None
            if previous is not None and s.refers_back:
                out[-1].antecedent = previous.terms
    return out


def within(run: list[Candidate], max_words: int, same_heading: bool = False) -> list[Candidate]:
    """The first sentences of ``run`` that fit in ``max_words`` (the first always does)."""
    out: list[Candidate] = []
    words = 0
    for c in run:
        n = len(c.text.split())
        if out and (words + n > max_words or (same_heading and c.context != out[0].context)):
            break
        out.append(c)
        words += n
    return out


def passage_terms(passages: list[Passage]) -> set[str]:
    """Every term of the passages (the confidence and the answerability features both ask)."""
    return set().union(*(_text_terms(p.text) for p in passages))


def carrying(names: set[str], passages: list[Passage]) -> set[int]:
    """The passages (indexes) whose text or title holds every one of the ``names`` (terms): all of
    them when there are no names."""
    return {
        i
        for i, p in enumerate(passages)
        if names <= _text_terms(p.text) | _text_terms(f"{p.title} {p.part or ''}")
    }


@lru_cache(maxsize=1024)
def _text_terms(text: str) -> frozenset[str]:
    # by line (no word spans one): a merged passage reuses the lines of its chunks
    return frozenset().union(*map(_line_terms, text.split("\n")))


@lru_cache(maxsize=1 << 15)
def _line_terms(line: str) -> frozenset[str]:
    return frozenset(terms(line))


def _number_neighbours(sentence: str) -> set[str]:
    out: set[str] = set()
    for m in NUMBER_RE.finditer(sentence):
        window = sentence[max(0, m.start() - 40) : m.end() + 40]
        out.update(terms(window))
    return out


def _compound_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The terms of the words the compounds of ``text`` end in ('lidmaatschapskosten' -> 'kost'),
    and of all their parts ('lidmaatschap', 'kost'): what a sentence or heading is about. A
    sentence's score counts its heads only (all parts lost key facts), but for a figure that it
    gives (``Candidate.scored_terms``); its parts count in the answerability features, and a
    heading's in its sentences' ``context``."""
    heads: set[str] = set()
    parts: set[str] = set()
    for word in _LONG_WORD_RE.findall(text):
        split = compound_parts(word)
        if split:
            heads.update(terms(split[-1]))
            parts.update(t for part in split for t in terms(part))
    return frozenset(heads), frozenset(parts)


@lru_cache(maxsize=4096)
def _heading_terms(heading: str) -> frozenset[str]:
    """The terms a heading gives the sentences under it: its own, and its compounds' parts."""
    return frozenset(terms(heading)) | _compound_terms(heading)[1]


def read_ahead(records: Iterable[ChunkRecord]) -> int:
    """Reads the passages of indexed chunks before any question asks for them (a server's start,
    in the background), as far as the caches hold them; returns how many. A passage seen for the
    first time cost the answer stage most of its time: in process, 60 questions of eval/qa.jsonl
    asked once, answer p50 45-52 -> 22-33 ms and total 88-95 -> 58-80 ms (three runs each); the
    chunks of the 1x corpus take about 3 s. The same answers."""
    n = 0
    for record in islice(records, PASSAGES_CACHED):
        p = Passage.from_record(record)
        _sentences(p.text, p.section or "")
        _text_terms(p.text)
        blocks_of(p.text)
        n += 1
    return n


def read_ahead_in_background(records: Iterable[ChunkRecord]) -> threading.Thread:
    """``read_ahead`` in a daemon thread (a server starts it once its chunk table is in). The
    records are taken now: the chunk table may change (an upload) while the thread reads."""
    taken = list(islice(records, PASSAGES_CACHED))
    thread = threading.Thread(target=read_ahead, args=(taken,), name="read-ahead", daemon=True)
    thread.start()
    return thread
