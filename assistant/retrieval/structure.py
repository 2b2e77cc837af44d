"""Document structure: headings, lists, table rows and sentences as answer units.

An answer should quote the unit that answers: the whole enumeration under "Argumenten" for a
question about the arguments, one sentence for a figure. ``parse_blocks`` turns cleaned text
(a chunk, a passage or a whole document) into such units, each with the heading it sits under
and the standard section of council documents that heading names (``section_key``).

Sentence segmentation (measured on the cleaned corpus, 2,080 paragraphs; script in the report
of issue 11): pysbd (``language="nl"``) and the hand rules of ``assistant.text.split_sentences``
disagree on 202 boundaries. pysbd is right after "et al." and "vgl." (the hand rules split
there, ~35 times) and after OCR-spaced words ending in "ing." (the hand rules take it for the
title "ing.", 21 times); the hand rules are right where pysbd splits before a lowercase word,
a closing quote or a stray dot (~35 times), and pysbd takes 8 ms per paragraph against 0.14 ms
(17 s against 0.3 s for the corpus), too slow for question time. So the units use the hand
rules with pysbd's two wins added (``_repair``); ``segmenter="pysbd"`` runs pysbd instead, for
offline use such as building a debate brief from whole documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from assistant.retrieval.enumerators import BULLET_CHARS, O_BULLET_RE, enum_marker, follows, is_bullet
from assistant.sentence_split import split_sentences
from assistant.text import NUMBERED_HEADING_RE, fold, is_heading

# Heading words -> section key, tried in this order on the folded heading without its number.
# "Inleiding"/"Aanleiding" are NOT a summary: they give background, and a question that asks
# for a summary would get the background. "Scenario's" in an advisory report are its options,
# so they count as alternatives; "Beheersmaatregelen" answer the risks they follow.
# 'Kernboodschap' heads a council information letter's summary (Zevenaar: 'Kern van het advies is
# … voorzetten en … intensiveren. Wij ondersteunen dit advies.').
_SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("samenvatting", r"(management)?samenvatting|samengevat|in het kort|kern(punten|boodschap)?\b"),
    (
        "gevraagd",
        r"gevraagd(e)? (besluit|beslissing)|beslispunt|ontwerpbesluit|(voorstel|besluit)\b|te nemen",
    ),
    ("argumenten", r"argument|motivering|onderbouwing|beoogd(e)? (effect|resultaat)"),
    ("kanttekeningen", r"kanttekening|risico|beheersmaatregel|aandachtspunt"),
    ("alternatieven", r"alternatie|scenario|opties\b|varianten"),
    ("financien", r"financi|kosten|dekking|begroting|middelen\b|wat mag het kosten"),
    ("conclusie", r"conclusie|tot slot|slotsom|nawoord"),
    ("advies", r"advie|aanbeveling"),
    # what happens after the decision: 'Vervolgproces', 'Communicatie en vervolgproces', 'Planning'
    ("vervolg", r"vervolg(proces|stappen)?\b|communicatie\b|planning\b|tijdpad\b"),
    # the 'drie W-vragen' of municipal planning documents: 'Wat willen we bereiken?' (the results
    # sought), 'Wat gaan we daarvoor doen?' (the steps); the third, 'Wat mag het kosten?', is 'financien'
    ("bereiken", r"wat (willen|wil) (we|wij) (daarmee |hiermee )?bereiken"),
    ("aanpak", r"wat (gaan|zullen) (we|wij) (daar|er|hier)voor doen"),
)
SECTION_KEYS = tuple(key for key, _ in _SECTION_PATTERNS)
_SECTION_RES = tuple((key, re.compile(rf"^(?:\W*)(?:{pat})", re.I)) for key, pat in _SECTION_PATTERNS)
_HEADING_NUMBER_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|hoofdstuk \d+|bijlage \d+:?)\s*", re.I)


def section_key(heading: str | None) -> str | None:
    """The standard section a heading names ('Financiële gevolgen' -> 'financien'), or None."""
    if not heading:
        return None
    text = fold(_HEADING_NUMBER_RE.sub("", heading.strip())).strip(" :.")
    if not text or len(text.split()) > 8:
        return None
    for key, pattern in _SECTION_RES:
        if pattern.match(text):
            return key
    return None


@dataclass
class Block:
    """One answer unit. ``start``/``end`` are offsets in the text given to ``parse_blocks``;
    ``text`` is the unit as shown: whitespace collapsed, figure references removed."""

    kind: Literal["sentence", "list", "row", "heading"]
    text: str
    items: list[str]
    heading: str | None
    section: str | None
    start: int
    end: int
    markers: list[str] = field(default_factory=list)  # 'a.', '»', '2.' for each list item


# --- line classes -----------------------------------------------------------------

_CAPTION_RE = re.compile(r"^\s*(?:figuur|fig\.|tabel|grafiek|afbeelding|bron)\s*\d*[.:]", re.I)
_LABEL_RE = re.compile(r"^\s*(?P<label>[A-ZÀ-Ý][^:.;!?]{1,40}?):\s+(?P<value>\S.*)$")
_NUMBER_GROUP_RE = re.compile(r"\d+(?:[.,]\d+)*")
_REF_WORDS = r"(?:figuur|figuren|fig\.|tabel|grafiek|afbeelding|bijlage|kader|paragraaf|hoofdstuk)"
_REF_NUMBERS = r"\d+(?:\.\d+)*(?:\s*(?:&|en|,|t/m|-|–)\s*\d+(?:\.\d+)*)*"
_FIGURE_REF_RE = re.compile(
    rf"\s*\((?:zie\s+(?:ook\s+)?)?{_REF_WORDS}\s*(?:{_REF_NUMBERS})?\)"  # '(figuur 2 & 3)'
    r"|\s*\(zie\b[^()]{0,100}\)"  # '(zie hiervoor bijlage 1: Memorandum …)'
    rf"|,?\s*\bzie\s+(?:ook\s+)?{_REF_WORDS}\s*{_REF_NUMBERS}(?=\s*[.;:,)]|\s*$)",  # ', zie figuur 10.'
    re.I,
)
_ONLY_REFERENCE_RE = re.compile(
    r"^(?:zie|zoals te zien in|see)\b[^.]{0,40}\b(?:figuur|tabel|bijlage|grafiek)\b[^.]{0,20}\.?$", re.I
)


def strip_figure_refs(text: str) -> str:
    """'56 fte, zie figuur 10.' -> '56 fte.'; '(zie bijlage 3)' and '(figuur 2 & 3)' go too."""
    return _FIGURE_REF_RE.sub("", text)


def looks_heading(line: str) -> bool:
    """A short line that names what follows: no closing period, few words, capital or number.

    Also 'Gevraagd besluit:' style labels with nothing after the colon. Same rule as the
    chunker's, so a unit's heading is the heading the chunk knows.
    """
    line = line.strip()
    if line.endswith(":") and 1 <= len(line[:-1].split()) <= 6 and line[:1].isupper():
        return True
    if line[:1] in BULLET_CHARS or "\ue000" <= line[:1] <= "\uf8ff" or O_BULLET_RE.match(line):
        return False
    return is_heading(line)


def _looks_row(line: str) -> bool:
    """A table row ('Gemeenten 28 inwoners 1,71 miljoen') or a 'label: value' line."""
    line = line.strip()
    if len(line) > 200:
        return False
    m = _LABEL_RE.match(line)
    if m and len(m.group("label").split()) <= 5 and not section_key(m.group("label")):
        return len(line) <= 160
    groups = _NUMBER_GROUP_RE.findall(line)
    words_ = re.findall(r"[^\W\d_]{2,}", line)
    return (
        len(groups) >= 3
        and len(words_) >= 3
        and not re.search(r"[.!?]$", line)
        and len(words_) <= 3 * len(groups)
    )


# --- sentences -----------------------------------------------------------------------

_BAD_SPLIT_END_RE = re.compile(r"(?:\bet al\.|\bvgl\.|\bbv\.|\bzgn\.|\bo\.a\.)$", re.I)
_ING_RE = re.compile(r"(?<=[a-z] ing\.) (?=[A-Z])")


def _repair(sentences: list[str]) -> list[str]:
    """pysbd's two wins over the hand rules on this corpus: no split after 'et al.'/'vgl.',
    and a split after an OCR-spaced word ending in 'ing.' ('samenlev ing. In de')."""
    out: list[str] = []
    for s in sentences:
        if out and _BAD_SPLIT_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    final: list[str] = []
    for s in out:
        final.extend(p for p in _ING_RE.split(s) if p)
    return final


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="nl", clean=False)


def segment(text: str, segmenter: str = "rules") -> list[str]:
    """Sentences of one paragraph (no line breaks inside)."""
    if segmenter == "pysbd":
        return [s.strip() for s in _pysbd().segment(text) if s.strip()]
    return _repair(split_sentences(text))


# --- parsing ---------------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    text: str
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = True
    for m in re.finditer(r"[^\n]*", text):
        line = m.group(0)
        if not line.strip():
            blank = True
            continue
        lead = len(line) - len(line.lstrip())
        out.append(_Line(m.start() + lead, m.end(), line.strip(), blank))
        blank = False
    return out


def _collapse(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def blocks_of(text: str) -> tuple[Block, ...]:
    """``parse_blocks`` remembered: the same passages come back for related questions."""
    return tuple(parse_blocks(text))


def parse_blocks(text: str, segmenter: str = "rules") -> list[Block]:
    """Units of ``text`` in document order: headings, lists (one block each), rows, sentences."""
    lines = _lines(text)
    blocks: list[Block] = []
    heading: str | None = None
    section: str | None = None
    i = 0

    def add_heading(line: _Line) -> None:
        nonlocal heading, section
        blocks.append(Block("heading", line.text, [], heading, section, line.start, line.end))
        if _CAPTION_RE.match(line.text):
            return  # a caption names a figure, not the text below it
        key = section_key(line.text)
        if key:
            section = key
        elif not line.text.endswith((":", "?")):
            section = None  # a new unnamed part; 'Beheersmaatregelen:' or a question stays inside
        heading = line.text.rstrip(":").strip()
        blocks[-1].heading, blocks[-1].section = heading, section

    while i < len(lines):
        line = lines[i]
        enum = enum_marker(line.text, None)
        if enum is None and _CAPTION_RE.match(line.text) and len(line.text) <= 160:
            add_heading(line)
            i += 1
            continue
        if enum is None and _LABEL_RE.match(line.text) and _looks_row(line.text):
            blocks.append(Block("row", _collapse(line.text), [], heading, section, line.start, line.end))
            i += 1
            continue
        if enum is None and looks_heading(line.text):
            add_heading(line)
            i += 1
            continue
        if enum is not None and NUMBERED_HEADING_RE.match(line.text) and looks_heading(line.text):
            # '2. VOORKEURSCENARIO' is a heading unless a neighbour is an item of a list
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            if enum_marker(nxt, enum[0]) is None:
                add_heading(line)
                i += 1
                continue
        if enum is not None:
            i = _take_list(text, lines, i, blocks, heading, section, segmenter)
            continue
        if _looks_row(line.text):
            blocks.append(Block("row", _collapse(line.text), [], heading, section, line.start, line.end))
            i += 1
            continue
        # a paragraph: lines up to a blank line, a heading, an item or a row
        j = i + 1
        while j < len(lines) and not lines[j].blank_before:
            nxt = lines[j].text
            if enum_marker(nxt, None) or looks_heading(nxt) or _looks_row(nxt):
                break
            j += 1
        start, end = lines[i].start, lines[j - 1].end
        blocks.extend(_sentences(text, start, end, heading, section, segmenter))
        i = j
    return blocks


def _sentences(
    text: str, start: int, end: int, heading: str | None, section: str | None, segmenter: str
) -> list[Block]:
    span = text[start:end].replace("\n", " ")  # same length: offsets stay valid
    out: list[Block] = []
    pos = 0
    for sentence in segment(span, segmenter):
        at = span.find(sentence, pos)
        if at < 0:
            at = pos
        pos = at + len(sentence)
        shown = _collapse(strip_figure_refs(sentence))
        if not re.search(r"[^\W\d_]{2,}", shown) or _ONLY_REFERENCE_RE.match(shown):
            continue  # no words, or only a pointer to a figure ('Zie hiervoor ook figuur 11.')
        out.append(Block("sentence", shown, [], heading, section, start + at, start + pos))
    return out


def _take_list(
    text: str,
    lines: list[_Line],
    i: int,
    blocks: list[Block],
    heading: str | None,
    section: str | None,
    segmenter: str,
) -> int:
    """Items from line ``i`` on (continuation lines joined); returns the first line after."""
    items: list[str] = []
    markers: list[str] = []
    start = lines[i].start
    end = lines[i].end
    previous: str | None = None
    j = i
    while j < len(lines):
        line = lines[j]
        enum = enum_marker(line.text, previous)
        if enum and previous and line.blank_before and is_bullet(enum[0]) != is_bullet(previous):
            break  # after a blank line, marks of another kind: '3.' after a nested '-' list
        if enum is not None:
            marker, at = enum
            items.append(line.text[at:].strip())
            markers.append(marker)
            previous = marker
            end = line.end
            j += 1
            continue
        continuation = items and (
            (not line.blank_before and not looks_heading(line.text) and not _looks_row(line.text))
            or line.text.lstrip("(")[:1].islower()
        )
        if not continuation:
            ahead = _next_item_at(lines, j, previous)
            if ahead is None:
                break
            # an item's explanation in paragraphs of its own, before the next item ('1. Zorgen dat
            # de basis-ICT …' / '(meer) wendbaarheid. We hebben het …' / '2. Zorgen dat …')
            items[-1] = " ".join([items[-1], *(x.text for x in lines[j:ahead])])
            end = lines[ahead - 1].end
            j = ahead
            continue
        items[-1] = f"{items[-1]} {line.text}"
        end = line.end
        j += 1
    items = [_collapse(strip_figure_refs(x)) for x in items]
    if len(items) == 1:
        # one enumerated line is no list: its sentences, the enumerator left out
        at = text.find(items[0][:20], start, end) if items[0] else -1
        blocks.extend(_sentences(text, at if at >= 0 else start, end, heading, section, segmenter))
        return j
    shown = "\n".join(f"{m} {x}" for m, x in zip(markers, items, strict=True))
    blocks.append(Block("list", shown, items, heading, section, start, end, markers))
    return j


# An item of a numbered list may go on over this many lines of explanation before the next item.
_EXPLANATION_LINES = 4


def _next_item_at(lines: list[_Line], j: int, previous: str | None) -> int | None:
    """Where the next item of a numbered or lettered list follows within a few lines of
    explanation ('2.' after '1.', 'b)' after 'a)'), with no heading or row between; else None."""
    for k in range(j, min(j + _EXPLANATION_LINES + 1, len(lines))):
        text = lines[k].text
        enum = enum_marker(text, previous)
        if enum is not None:
            return k if k > j and previous and follows(enum[0], previous) else None
        if looks_heading(text) or _looks_row(text):
            return None
    return None


# --- item heads --------------------------------------------------------------------------

_CLAUSE_CUT_RE = re.compile(r"[,;:–—(]|\s(?:maar|en|of|want|omdat|zodat|waardoor|waarbij|terwijl)\s")


def item_head(item: str, max_words: int = 16) -> str:
    """The first clause of a list item ('…' when shortened): enough to name the point.

    The first sentence is kept whole up to ``max_words``; a longer one is cut at the last clause
    boundary (comma, semicolon, conjunction) within the limit, else at the limit.
    """
    item = _collapse(item)
    sentences = _repair(split_sentences(item)) or [item]
    first = sentences[0].strip()
    shortened = len(sentences) > 1
    words_ = first.split()
    if len(words_) > max_words:
        window = " ".join(words_[:max_words])
        cut = None
        for m in _CLAUSE_CUT_RE.finditer(window):
            if len(window[: m.start()].split()) >= 5:
                cut = m.start()
        first = window[:cut] if cut else window
        shortened = True
    first = first.rstrip(" ,;:–—(")
    if shortened:
        return first.rstrip(".") + " …"
    return first
