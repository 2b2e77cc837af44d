"""Citation markers ([1], [2, 3], [bron 4]) and the sentence-level helpers of the answer checker: numbers stated, verbatim quotes, list lines."""

from __future__ import annotations

import re

from assistant.answering.sources import Source
from assistant.sentence_split import BULLET_RE, split_sentences
from assistant.text import DUTCH_NUMERALS, NUMBER_RE, fold, numbers_in, terms
from assistant.types import Citation

MARKER_RE = re.compile(r"\[\s*(?:bron(?:nen)?\s*)?(\d{1,3}(?:\s*(?:,|;|-|–|&|en)\s*\d{1,3})*)\s*\]", re.I)


_MOVED_MARKERS_RE = re.compile(
    r"([.!?])([ \t]*)((?:\[\s*(?:bron(?:nen)?\s*)?\d[^\[\]\n]{0,30}\][ \t]*)+)(?=\s|$)", re.I
)


def marker_numbers(inner: str) -> list[int]:
    """'1, 2' -> [1, 2]; '1-3' -> [1, 2, 3]."""
    out: list[int] = []
    for m in re.finditer(r"(\d+)(?:\s*[-–]\s*(\d+))?", inner):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if b < a or b - a > 20:
            b = a
        out.extend(range(a, b + 1))
    return out


def normalize_markers(text: str) -> str:
    """'Claim. [1] Next' -> 'Claim [1]. Next': a marker belongs to the sentence before it."""
    return _MOVED_MARKERS_RE.sub(lambda m: f" {m.group(3).strip()}{m.group(1)}", text)


def sentence_numbers(text: str) -> list[tuple[str, set[str]]]:
    """Numbers written in a sentence, each with its accepted forms ('1,2 miljoen' -> {1.2, 1200000}).

    Number words count too ('drie' -> {3, drie}), so 'drie aanbieders' needs a source with 3 or drie.
    """
    out = []
    for m in NUMBER_RE.finditer(text):
        token = m.group(0).rstrip(".,")
        tail = re.match(r"\s*[^\W\d_]+", text[m.end() : m.end() + 16])
        out.append((token, numbers_in(token + (tail.group(0) if tail else ""))))
    for m in re.finditer(r"[^\W\d_]+", text):
        word = fold(m.group(0))
        if word in DUTCH_NUMERALS and word not in ("half", "helft", "duizend", "honderd"):
            out.append((m.group(0), {DUTCH_NUMERALS[word]}))
    return out


def verbatim(sentence: str, text: str) -> str | None:
    """The exact span of ``text`` that ``sentence`` stands for (line breaks may differ)."""
    if sentence in text:
        return sentence
    words = sentence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return m.group(0) if m else None


def split_generated_line(line: str) -> list[str]:
    """Sentences of one line of generated text; a bullet stays with its first sentence.

    Every piece is an exact substring of ``line``, in order.
    """
    bullet = BULLET_RE.match(line)
    prefix = bullet.group(0).lstrip() if bullet else ""
    rest = line[bullet.end() :] if bullet else line
    pieces = split_sentences(rest) if rest.strip() else []
    if prefix:
        pieces = [prefix + pieces[0], *pieces[1:]] if pieces else [prefix.strip()]
    return pieces


def make_citation(n: int, source: Source, answer_sentences: list[str]) -> Citation:
    """A citation whose quote is the passage sentence(s) that best carry the answer sentences."""
    p = source.passage
    candidates = [s for s in split_sentences(source.text) if len(s) >= 3]
    quotes: list[str] = []
    for sentence in answer_sentences:
        want_terms = set(terms(sentence))
        want_numbers = {f for _, forms in sentence_numbers(sentence) for f in forms}
        best, best_score = None, 0.0
        for cand in candidates:
            have = set(terms(cand))
            score = len(want_terms & have) + 2 * len(want_numbers & numbers_in(cand))
            if score > best_score:
                best, best_score = cand, score
        if best is None and candidates:
            best = candidates[0]
        if best is not None:
            exact = verbatim(best, p.text) or verbatim(best, source.text)
            if exact and exact not in quotes:
                quotes.append(exact)
    if not quotes:
        quotes = [p.text[:300]]
    quotes.sort(key=p.text.find)
    return p.citation(n, " … ".join(quotes))


def tidy_spacing(text: str) -> str:
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def append_marker(sentence: str, marker: str) -> str:
    m = re.search(r"([.!?:;]+[\"'”’)]*)$", sentence)
    if m:
        return f"{sentence[: m.start()].rstrip()} {marker}{m.group(1)}"
    return f"{sentence} {marker}"
