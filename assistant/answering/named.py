"""Quoting from the document or part a question names ('volgens het oprichtingsplan', 'de
sectorschets'): the catalog's aliases say which names mean which part. A question that asks to
sum such a part up gets the opening of its summary ('Samenvatting:', 'Managementsamenvatting')."""

from __future__ import annotations

import re

from assistant.answering.candidates import Candidate, within
from assistant.answering.question import QuestionProfile
from assistant.retrieval.sections import asked_sections
from assistant.retrieval.structure import section_key
from assistant.text import terms
from assistant.types import Passage, in_units

SUMMARY_ASK_RE = re.compile(
    r"\b(?:samenvat\w*|samengevat|vat\b.{0,80}\bsamen|in het kort|kort samen\w*|"
    r"in (?:een paar|enkele) zinnen|de kern van|in de kern|hoofdlijn\w*)",
    re.I,
)


def named_passages(units: set[tuple[str, str | None]], passages: list[Passage]) -> set[int]:
    """The passages of the named documents or parts (``units``: (file, part title or None for
    the whole document))."""
    return {i for i, p in enumerate(passages) if in_units(units, p.doc, p.part)}


def from_named(
    keep: set[int], cands: list[Candidate], chosen: list[Candidate], figure: bool = False
) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates of the passages ``keep`` (the named ones), when there are any; else all.
    A figure (``figure``) is quoted from the chosen sentences, so there one of them must be in
    a named passage.

    Measured on eval/qa.jsonl (always answering): citation precision 0.638 -> 0.684, key-fact
    recall 0.483 -> 0.484; 67 of the 207 answerable questions name a document or part. Asking
    a chosen sentence in the named part for every question, not only figures, gave 0.655."""
    mine = [c for c in cands if c.passage_index in keep]
    if not mine or (figure and not any(c.passage_index in keep for c in chosen)):
        return cands, chosen
    return mine, [c for c in chosen if c.passage_index in keep]


def summary_opening(
    question: str, cands: list[Candidate], passages: list[Passage], max_words: int
) -> list[Candidate]:
    """For 'Vat het raadsvoorstel samen': the first sentences under the summary heading of the
    named part (or under the heading of another section the question names), from the
    best-ranked passage that holds the heading itself; empty when the question asks no summary
    or no such passage was retrieved."""
    if not SUMMARY_ASK_RE.search(question):
        return []
    # 'vat de financiële paragraaf samen': the opening of that section
    wanted = (asked_sections(question) - {"samenvatting"}) or {"samenvatting"}
    # not the rest of a heading the PDF broke over lines ('1. Samenvatting: begaanbare' / 'wegen in
    # collectivisering' in a table of contents)
    under = [c for c in cands if section_key(c.heading) in wanted and not _broken(c.text)]
    for index in sorted({c.passage_index for c in under}):
        run = [c for c in under if c.passage_index == index]
        text = passages[index].text
        at = text.find(run[0].heading)
        if 0 <= at <= text.find(run[0].text):
            return within(run, max_words, same_heading=True)
    return []


def _broken(sentence: str) -> bool:
    """Part of a sentence, not one: it opens in lower case or ends in ',', ':' or ';'. A short
    sentence is whole ('Wij ondersteunen dit advies.': the college's own position). --cv 5: one
    answer changes (q-151, the same key facts)."""
    return sentence[:1].islower() or sentence.rstrip().endswith((",", ":", ";"))


def without_names(q: QuestionProfile, names: set[str]) -> QuestionProfile:
    """The question without the words of the document names it uses, for choosing what to quote
    from that document ('Hoe beschrijven Groeneveld en Timmermans de gemeentelijke ICT-markt?':
    the market, not the foreword that names the authors; 'volgens de sectorschets': not the
    sentence that says 'deze sectorschets'). Its passages are chosen already (``from_named``).

    Measured with --cv 5 on eval/qa.jsonl: key-fact recall 0.4727 -> 0.4833, citation precision
    0.686 -> 0.705; 13 answers change, 6 gain, none lose. Not for figure questions: there it
    changed no key fact ('Op hoeveel deelnemende gemeenten is de 19e ICT Benchmark Gemeenten
    gebaseerd?' names its subject)."""
    return q.without_terms(set().union(*(terms(name) for name in names)) if names else set())
