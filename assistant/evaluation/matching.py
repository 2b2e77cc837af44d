"""Text matching for the metrics: is a fact, number or quote present in an answer or passage."""

from __future__ import annotations

import re

from assistant.sentence_split import split_sentences
from assistant.text import NUMBER_RE, SCALE_WORDS, fold, normalize_number, numbers_in
from assistant.text import terms as _product_terms


def terms(text: str) -> list[str]:
    """The ruler's terms: stemmed as written, without the product's dictionary lookup, so a
    change to how the product finds words does not also change how its answers are scored."""
    return _product_terms(text, lemmas=False)


def squash(text: str) -> str:
    """Letters and digits only, folded: survives the ingest's repairs of spacing and hyphens."""
    text = re.sub(r"(?<![\w€])C(?=\s?\d)", "€", text)  # the OCR repair the cleaning does
    return re.sub(r"[^0-9a-z]", "", fold(text))


def quote_in(quote: str, text_squashed: str, window: int = 50) -> bool:
    """A passage holds a quote when it holds the quote, or a 50-character window of it."""
    q = squash(quote)
    if not q:
        return False
    if len(q) <= window:
        return q in text_squashed
    return any(q[i : i + window] in text_squashed for i in range(0, len(q) - window + 1, 10))


_SCALE_RE = re.compile(rf"\s*({'|'.join(SCALE_WORDS)})\b", re.I)


def required_numbers(text: str) -> tuple[set[str], str]:
    """The numbers a text states, a scaled one ('1,2 miljoen') by its value only, and the text
    without those scale words: '1,2 miljoen' = '1.200.000', but not '1,2 miljard'."""
    out: set[str] = set()
    for m in NUMBER_RE.finditer(text):
        raw = normalize_number(m.group(0).rstrip(".,"))
        scale = _SCALE_RE.match(text, m.end())
        out |= (numbers_in(text[m.start() : scale.end()]) - {raw} or {raw}) if scale else {raw}
    rest = re.sub(rf"({NUMBER_RE.pattern}){_SCALE_RE.pattern}", r"\1", text, flags=re.I)
    return out, rest


def fact_in(fact: str, answer: str) -> bool:
    """Numbers of the fact must all appear in the answer (any Dutch formatting), and its
    words (stemmed) too; a fact without numbers matches on its words alone."""
    fact_numbers, fact_words = required_numbers(fact)
    if fact_numbers and not fact_numbers <= numbers_in(answer) | _euro_free_numbers(answer):
        return False
    fact_terms = set(terms(fact_words)) - numbers_in(fact)
    if not fact_terms:
        return True
    answer_terms = set(terms(answer.replace("€", " euro ")))  # '1250 euro' = '€ 1.250'
    if fact_terms <= answer_terms:
        return True
    return squash(fact) in squash(answer)


def _euro_free_numbers(text: str) -> set[str]:
    return numbers_in(re.sub(r"€", " ", text))


def token_f1(prediction: str, reference: str) -> float:
    pred, ref = terms(prediction), terms(reference)
    if not pred or not ref:
        return 0.0
    common = sum(min(pred.count(t), ref.count(t)) for t in set(pred) & set(ref))
    if common == 0:
        return 0.0
    p, r = common / len(pred), common / len(ref)
    return 2 * p * r / (p + r)


_MARKER_RE = re.compile(r"\[(\d+)\]")


def sentence_support(answer: str, cited_texts: dict[int, str]) -> list[tuple[str, bool]]:
    """Each answer sentence and whether the passages it cites carry it.

    Supported: the sentence cites at least one given source, every number in it occurs in
    a source it cites, and at least 60% of its content terms occur there. An invented
    figure therefore always fails, and so does a sentence without a citation.
    """
    out: list[tuple[str, bool]] = []
    for sentence in split_sentences(answer):
        markers = [int(m) for m in _MARKER_RE.findall(sentence)]
        bare = _MARKER_RE.sub("", sentence).strip()
        if not re.search(r"\w", bare):
            continue
        sources = " ".join(cited_texts.get(m, "") for m in markers)
        if not markers or not sources.strip():
            out.append((bare, False))
            continue
        numbers_ok = numbers_in(bare) <= numbers_in(sources) | _euro_free_numbers(sources)
        sentence_terms = set(terms(bare))
        overlap = len(sentence_terms & set(terms(sources))) / max(len(sentence_terms), 1)
        out.append((bare, numbers_ok and overlap >= 0.6))
    return out
