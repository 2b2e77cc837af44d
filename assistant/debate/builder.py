"""The extractive debate brief: evidence per section, points quoted from it, one source list.

Structure first: a council document's own 'Argumenten', 'Kanttekeningen', 'Financiële gevolgen'
blocks become those sections; where a document has no such block, sentences of the passages
retrieved for the section's sub-query that carry its cue (an amount, 'risico', 'scenario') do.
"""

from __future__ import annotations

import re
import time

from assistant.debate import evidence as ev
from assistant.debate.doctext import DocTexts
from assistant.debate.model import NOT_COVERED, Brief, Point, empty_sections
from assistant.debate.points import shorten
from assistant.debate.questions import questions
from assistant.debate.sections import SectionPicker, Unit
from assistant.debate.sources import SourceList
from assistant.text import terms
from assistant.types import Passage, in_units


class TopicError(ValueError):
    """A topic that cannot be briefed as given; the message (Dutch) says why."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_topic(topic: str | None, max_chars: int = 300) -> str:
    text = re.sub(r"\s+", " ", _CONTROL.sub(" ", topic or "")).strip()
    if not text or not re.search(r"\w", text):
        raise TopicError("Geef een onderwerp: de invoer is leeg.")
    return text[:max_chars].rstrip()


class BriefBuilder(SectionPicker):
    """Retrieves for a topic, decides whether the documents cover it, and assembles the brief
    from the evidence ``SectionPicker`` chooses."""

    def __init__(
        self, retriever, lexical, catalog, doc_texts: DocTexts, *, k: int = 8, section_retriever=None
    ) -> None:
        self.retriever = retriever
        # Section sub-queries ('kosten bedragen per jaar <topic>') are about words, not meaning:
        # BM25 serves them without embedding five more queries (each costs as much as the rest).
        self.section_retriever = section_retriever or retriever
        self.lexical = lexical
        self.catalog = catalog
        self.texts = doc_texts
        self.k = k

    # the brief ------------------------------------------------------------------------

    def build(self, topic: str, docs: set[str] | None = None) -> Brief:
        t0 = time.perf_counter()
        topic = clean_topic(topic)
        timings: dict[str, float] = {}
        passages = self.retriever.retrieve(topic, self.k, docs or None)
        vocabulary = self._vocabulary()
        covered = ev.coverage(topic, passages, self.lexical.idf, vocabulary) >= ev.COVERAGE_MIN
        timings["retrieve"] = _ms(t0)
        brief = Brief(topic=topic, abstained=not covered, mode="extractive", sections=empty_sections())
        self.sources = SourceList(self.texts, self.catalog)
        if not covered:
            self._abstain(brief, passages)
            timings["total"] = _ms(t0)
            brief.timings_ms = timings
            return brief

        t = time.perf_counter()
        sub = {
            key: self.section_retriever.retrieve(f"{q} {topic}", 10, docs or None)
            for key, q in ev.SUB_QUERIES.items()
        }
        timings["retrieve_sections"] = _ms(t)
        t = time.perf_counter()
        # Words no document has cannot place a passage; they only told whether the topic is covered.
        self.topic_terms = [t for t in ev.content_terms(topic) if t in vocabulary] or ev.content_terms(topic)
        self.weights = {x: max(self.lexical.idf(x), 0.3) for x in self.topic_terms}
        focus = self._focus(passages, topic)
        self._part_named = self._names_part(focus)
        # Context is what the OTHER documents say, so it is looked up outside a document filter too.
        others = {d for d in self.texts.docs() if d != focus.doc}
        self._others = self.retriever.retrieve(topic, self.k, others) if others else []
        self._others += [
            p for p in self.retriever.retrieve(topic, 2 * self.k, {focus.doc}) if p.part != focus.part
        ]
        found = self._sections(topic, passages, sub, focus)
        timings["sections"] = _ms(t)
        t = time.perf_counter()
        for key, items in found.items():
            section = brief.section(key)
            for item, text in items:
                section.points.append(Point(text, [self.sources.cite(item)], quote=item.text))
        brief.section("vragen").points = questions(brief, self.sources.by_n())
        timings["questions"] = _ms(t)
        brief.citations = self.sources.ordered()
        timings["total"] = _ms(t0)
        brief.timings_ms = timings
        return brief

    def _abstain(self, brief: Brief, passages: list[Passage]) -> None:
        """'Not covered', with the nearest passages so a reader sees what the documents do hold."""
        points = brief.section("samenvatting").points
        points.append(Point(NOT_COVERED))
        for p in passages[:3]:
            doc = self.texts.get(p.doc)
            sentences = ev.passage_sentences(doc, p) if doc else []
            best = max(sentences, key=lambda e: len(e.text) if len(e.text) < 300 else 0, default=None)
            if best is None:
                continue
            points.append(
                Point(
                    f"Dichtstbijzijnde passage — {p.part or p.title}: “{shorten(best.text)}”",
                    [self.sources.cite(best)],
                    best.text,
                )
            )
        brief.citations = self.sources.ordered()

    # choosing the evidence --------------------------------------------------------------

    def _focus(self, passages: list[Passage], topic: str) -> Unit:
        """The document (part) the topic is mostly about: the one it names by a name of the
        catalog ('Raadsinformatiebrief Zevenaar: …', 'Het rapport "Maak Waar!"') where retrieval
        found it, else the best summed rank of its passages. By rank alone, d-07 of
        eval/debate.jsonl went to the advisory report behind the letter it names as soon as one
        more of the report's passages ranked high (its financial facts: 0.41 -> 0.37)."""
        named = self.catalog.named_in(topic)
        found = [(p.doc, p.part) for p in passages if in_units(named, p.doc, p.part)]
        if len(set(found)) == 1:
            return Unit(*found[0])
        scores: dict[tuple[str, str | None], float] = {}
        for rank, p in enumerate(passages, start=1):
            key = (p.doc, p.part)
            if key not in scores:  # a topic that names a part ('Maak Waar!', 'Oprichtingsplan') means it
                scores[key] = ev.topic_match(self.topic_terms, p.part or p.title, self.weights)
            scores[key] += 1.0 / (rank + 1) + 0.5 * ev.topic_match(self.topic_terms, p.text, self.weights)
        doc, part = max(scores, key=scores.get)
        return Unit(doc, part)

    def _names_part(self, focus: Unit) -> bool:
        """Does the topic name the focus part by a word of its title that the bundle's title lacks?"""
        if focus.part is None:
            return False
        own = set(terms(focus.part.replace("-", " "))) - set(terms(self._title(focus.doc).replace("-", " ")))
        return any(t in own for t in self.topic_terms)

    def _vocabulary(self) -> set[str]:
        cached = getattr(self.lexical, "_debate_vocabulary", None)
        if cached is None:
            cached = self.lexical.vocabulary()
            self.lexical._debate_vocabulary = cached
        return cached


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000
