"""Which evidence goes in each section of a brief, given the topic's words and focus document.

Kept apart from the builder (which retrieves, decides whether the topic is covered and assembles
the brief) because choosing evidence is most of the work: structure first, then cue sentences.
``SectionPicker`` is mixed into ``BriefBuilder``; it reads the state ``build`` sets
(``texts``, ``catalog``, ``topic_terms``, ``weights``, ``_part_named``, ``_others``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.debate import evidence as ev
from assistant.debate.doctext import DocTexts, is_reasoning
from assistant.debate.evidence import Evidence
from assistant.debate.points import MONEY_RE, attributed, shorten
from assistant.debate.sources import who_says
from assistant.types import Passage

# Cues for sentences that belong to a section when a document has no block for it.
_CUES: dict[str, re.Pattern[str]] = {
    "gevraagd": re.compile(
        r"\b(wordt (de raad |u )?gevraagd|gevraagd besluit|beslispunt|stellen (de raad|u) voor|informeren\b|"
        r"geïnformeerd|ter (informatie|kennisname)|kennis te nemen)",
        re.I,
    ),
    "argumenten": re.compile(
        r"\b(voordel|draagt bij|biedt|mogelijkheid|zorgt voor|levert|kansen?\b|voorkeur|advies|advise|"
        r"aanbevel|realistisch|verstandig|pleit|waarborg|gewaarborgd|effectiever|efficiënter|lagere kosten|"
        r"best passend|stabiele basis|robuust|ondersteunen)",
        re.I,
    ),
    "kanttekeningen": re.compile(
        r"\b(risico|kanttekening|nadel|bezwaar|onzeker|knelpunt|afhankelijk|onvoldoende|ontbreekt|"
        r"tekort|kwetsba|probleem|zorgen over|waarschuw|dreigt|onder-?bemens)",
        re.I,
    ),
    "financien": MONEY_RE,
    "alternatieven": re.compile(r"\b(scenario|alternatie|optie|variant|overwogen)", re.I),
}
_CAPTION = re.compile(r"^(figuur|fig\.|tabel|grafiek|afbeelding)\s*\d", re.I)
_PROCEDURE = re.compile(r"(bevoegdheid|vervolgproces|communicatie en vervolgproces|besluitvorming)", re.I)
_INFORMED = re.compile(
    r"(ter (informatie|kennisname)|namelijk informeren|u te informeren|informeren wij u|wij informeren u)",
    re.I,
)
_POINTS = {
    "samenvatting": 4,
    "gevraagd": 4,
    "argumenten": 10,
    "kanttekeningen": 10,
    "financien": 8,
    "alternatieven": 10,
    "context": 10,
}
# Runs that may stand in for a section: an advisory report's advice carries its arguments.
_ALSO = {"argumenten": ("advies",), "samenvatting": ("conclusie",)}
_ATTRIBUTED = {"argumenten", "kanttekeningen", "alternatieven"}


@dataclass
class Unit:
    """A document, or a part of a bundle: what 'the document' and 'other documents' mean."""

    doc: str
    part: str | None


class SectionPicker:
    """The evidence of each section; see the module docstring for the state it needs."""

    texts: DocTexts
    catalog: object
    topic_terms: list[str]
    weights: dict[str, float]
    _part_named: bool
    _others: list[Passage]

    def _match(
        self, text: str, p: Passage | None = None, part: str | None = None, doc: str | None = None
    ) -> float:
        title = f"{p.title} {p.part or ''}" if p else f"{self._title(doc)} {part or ''}"
        return ev.topic_match(self.topic_terms, f"{title}\n{text}", self.weights)

    def _sections(
        self, topic: str, passages: list[Passage], sub: dict[str, list[Passage]], focus: Unit
    ) -> dict[str, list[tuple[Evidence, str]]]:
        found: dict[str, list[tuple[Evidence, str]]] = {}
        hit_spans: dict[str, list[tuple[str, int, int]]] = {
            key: [(p.doc, p.start, p.end) for p in [*passages, *ps]] for key, ps in sub.items()
        }
        hit_spans["samenvatting"] = [(p.doc, p.start, p.end) for p in passages]
        candidates = {focus.doc} | {p.doc for p in passages[:4]}
        for key in ("samenvatting", *ev.SUB_QUERIES):
            items = self._from_blocks(key, candidates, focus, hit_spans[key])
            if not items and key == "gevraagd":
                items = self._informed(focus)
            if key == "gevraagd":
                items = items + self._procedure(focus, {(i.doc, i.start) for i, _ in items})
            if not items and key != "samenvatting":
                items = self._from_sentences(key, [*sub[key], *passages], focus)
            if key == "samenvatting":
                items = self._summary(items, passages, focus)
            found[key] = items[: _POINTS[key]]
        self._sort_reasoning(found)
        found["context"] = self._context(passages, sub, focus)
        return found

    def _sort_reasoning(self, found: dict[str, list[tuple[Evidence, str]]]) -> None:
        """In mixed reasoning ('Inhoudelijke boodschap') a sentence that names a shortcoming or
        risk, and no advantage, is a kanttekening."""
        keep, move = [], []
        for item, text in found.get("argumenten", []):
            risky = _CUES["kanttekeningen"].search(item.text) and not _CUES["argumenten"].search(item.text)
            (move if risky and is_reasoning(item.heading) else keep).append((item, text))
        if move:
            found["argumenten"] = keep
            found["kanttekeningen"] = (found.get("kanttekeningen", []) + move)[: _POINTS["kanttekeningen"]]

    def _from_blocks(self, key: str, docs: set[str], focus: Unit, spans) -> list[tuple[Evidence, str]]:
        """The runs of the document under a heading for ``key`` (in the focus document part
        first), their lists or sentences as points."""
        wanted = {key, *_ALSO.get(key, ())}
        scored = []
        for doc_name in sorted(docs):
            doc = self.texts.get(doc_name)
            if doc is None:
                continue
            for run in doc.runs:
                if run.section not in wanted:
                    continue
                record = doc.record_at(run.start, run.end)
                part = (record.meta.get("part") or None) if record else None
                if (doc_name, part) == (focus.doc, focus.part):
                    score = self._match(run.text[:3000], part=part, doc=doc_name) + 0.5
                else:  # another document, or another part of a bundle: on its own words only
                    score = ev.topic_match(self.topic_terms, run.text[:3000], self.weights)
                if run.section != key:
                    score -= 0.2
                in_focus = (doc_name, part) == (focus.doc, focus.part)
                # Retrieval found it too; for another part only when the topic does not name its own
                # part ('Oprichtingsplan …' keeps to the plan, 'Kosten van het lidmaatschap' does not).
                if (in_focus or not self._part_named) and any(
                    d == doc_name and s < run.end and run.start < e for d, s, e in spans
                ):
                    score += 0.3
                scored.append((score, run.start, doc, part, run))
        if not scored:
            return []
        scored.sort(key=lambda x: (-x[0], x[1]))
        best = scored[0][0]
        if best < 0.8:
            return []
        # Near the best only, unless the topic spans the parts of a bundle: then any part's block
        # that passes (the raadsvoorstel's costs next to the oprichtingsplan's).
        floor = best - 0.15 if self._part_named or focus.part is None else 0.8
        chosen = [x for x in scored if x[0] >= floor][:2]
        chosen.sort(key=lambda x: x[1])
        cue = _CUES.get(key)

        def rank(text: str) -> float:
            return self._match(text) + (0.5 if cue is not None and cue.search(text) else 0.0)

        out = []
        for _, _, doc, part, run in chosen:
            items = ev.run_evidence(doc, part, run, 3 * _POINTS[key], rank)
            prose = not any(u.kind == "list" for u in run.units)  # a document's own list stays whole
            if key == "financien" and prose and sum(bool(re.search(r"\d", i.text)) for i in items) >= 2:
                items = [i for i in items if re.search(r"\d", i.text)]  # the amounts, not the prose
            for item in items[: _POINTS[key]]:
                out.append((item, self._text(key, item)))
        return out[: _POINTS[key]]

    def _from_sentences(self, key: str, passages: list[Passage], focus: Unit) -> list[tuple[Evidence, str]]:
        cue = _CUES[key]
        out: list[tuple[float, Evidence]] = []
        seen: set[tuple[str, int]] = set()
        for rank, p in enumerate(passages):
            if p.doc != focus.doc or (focus.part is not None and p.part != focus.part and rank >= 3):
                continue
            doc = self.texts.get(p.doc)
            if doc is None:
                continue
            for item in ev.passage_sentences(doc, p):
                if (item.doc, item.start) in seen or not cue.search(item.text) or not ev.quotable(item.text):
                    continue
                seen.add((item.doc, item.start))
                # The passage came back for the section's sub-query with the topic: its own match
                # to the topic counts as well as the sentence's.
                relevance = (
                    0.5 * self._match(item.text)
                    + 0.5 * self._match(p.text, p)
                    + 0.5 * (item.key == key)
                    - 0.02 * rank
                )
                if relevance >= 0.2:
                    out.append((relevance, item))
        out.sort(key=lambda x: -x[0])
        picked = sorted((i for _, i in out[: _POINTS[key]]), key=lambda i: (i.doc, i.start))
        return [(i, self._text(key, i)) for i in picked]

    def _informed(self, focus: Unit) -> list[tuple[Evidence, str]]:
        """A letter that only informs the council says so near its start ('ter informatie')."""
        doc = self.texts.get(focus.doc)
        if doc is None:
            return []
        m = _INFORMED.search(doc.text, 0, 6000)
        if not m:
            return []
        a = doc.text.rfind("\n", 0, m.start()) + 1
        b = doc.text.find("\n", m.end())
        b = len(doc.text) if b < 0 else b
        record = doc.record_at(a, b)
        unit = doc.unit_at(a)
        item = Evidence(
            focus.doc,
            a,
            b,
            ev.clean_quote(doc.text[a:b]).lstrip("☒☐ "),
            unit.heading if unit else None,
            "gevraagd",
            (record.meta.get("part") or None) if record else None,
        )
        item.start = a + doc.text[a:b].find(item.text[:10]) if item.text[:10] in doc.text[a:b] else a
        return [(item, item.text)]

    def _procedure(self, focus: Unit, taken: set[tuple[str, int]]) -> list[tuple[Evidence, str]]:
        """What the council may do and what happens next: the first sentences under 'Bevoegdheid
        raad' and 'Vervolgproces' headings of the focus document."""
        doc = self.texts.get(focus.doc)
        if doc is None:
            return []
        out: list[tuple[Evidence, str]] = []
        per_heading: dict[str, int] = {}
        for unit in doc.units:
            heading = unit.heading or ""
            if unit.kind == "heading" or not _PROCEDURE.match(heading) or (doc.doc, unit.start) in taken:
                continue
            if per_heading.get(heading, 0) >= 2 or len(unit.text) < 30:
                continue
            record = doc.record_at(unit.start, unit.end)
            part = (record.meta.get("part") or None) if record else None
            if part != focus.part and focus.part is not None and part is not None:
                continue
            per_heading[heading] = per_heading.get(heading, 0) + 1
            item = Evidence(doc.doc, unit.start, unit.end, unit.text, heading, "gevraagd", part)
            out.append((item, shorten(item.text)))
        out.sort(
            key=lambda x: not x[0].heading.lower().startswith("bevoegdheid")
        )  # the council's power first
        return out[:3]

    def _opening(self, focus: Unit, taken: set[tuple[str, int]]) -> list[tuple[Evidence, str]]:
        """The first whole sentences of the focus document (part), if they name the topic's words."""
        doc = self.texts.get(focus.doc)
        if doc is None:
            return []
        starts = [
            int(r.meta.get("start", 0)) for r in doc.records if (r.meta.get("part") or None) == focus.part
        ]
        begin = min(starts, default=0)
        out: list[tuple[Evidence, str]] = []
        for unit in doc.units:
            if unit.start < begin or unit.kind != "sentence" or (doc.doc, unit.start) in taken:
                continue
            if unit.start > begin + 3000 or len(out) >= 2:
                break
            if len(unit.text.split()) >= 8 and unit.text[:1].isupper() and not _CAPTION.match(unit.text):
                item = Evidence(
                    doc.doc, unit.start, unit.end, unit.text, unit.heading, unit.section, focus.part
                )
                out.append((item, shorten(item.text)))
        if out and not any(self._match(i.text) > 0 for i, _ in out):
            return []
        return out

    def _summary(self, items, passages: list[Passage], focus: Unit) -> list[tuple[Evidence, str]]:
        """The document's own summary block (its first points); else, or to fill it up, the opening
        sentences of the document (part), where reports say what they are about; else the best
        topic sentences."""
        want = _POINTS["samenvatting"]  # the issue asks for 2-4 points
        items = [(i, t) for i, t in items if not _CAPTION.match(i.text)][:want]
        if len(items) < 2:
            items = items + self._opening(focus, {(i.doc, i.start) for i, _ in items})[: want - len(items)]
        if len(items) >= 2:
            return items
        sentences: list[tuple[float, Evidence]] = []
        taken = {(i.doc, i.start) for i, _ in items}
        for rank, p in enumerate(passages[:4]):
            doc = self.texts.get(p.doc)
            for item in ev.passage_sentences(doc, p) if doc else []:
                whole = item.text[:1].isupper() and ev.quotable(item.text)  # no sentence begun mid-way
                if whole and 40 <= len(item.text) <= 400 and (item.doc, item.start) not in taken:
                    sentences.append((self._match(item.text, p) - 0.05 * rank, item))
        sentences.sort(key=lambda x: -x[0])
        extra = sorted((i for _, i in sentences[: want - 1 - len(items)]), key=lambda i: (i.doc, i.start))
        return items + [(i, shorten(i.text)) for i in extra]

    def _context(self, passages, sub, focus: Unit) -> list[tuple[Evidence, str]]:
        """What other documents (or other parts of a bundle) say: one sentence per passage,
        marked with the document's title."""
        out = []
        seen_units: dict[tuple[str, str | None], int] = {}
        pool = [*self._others, *passages, *(p for ps in sub.values() for p in ps[:2])]
        for p in pool:
            unit = (p.doc, p.part)
            if unit == (focus.doc, focus.part) or seen_units.get(unit, 0) >= 3:
                continue
            doc = self.texts.get(p.doc)
            sentences = [e for e in (ev.passage_sentences(doc, p) if doc else []) if 40 <= len(e.text) <= 500]
            if not sentences:
                continue
            sentences = [
                e
                for e in sentences
                if len(e.text.split()) >= 8 and sum(c.isalpha() for c in e.text) > 0.6 * len(e.text)
            ]
            if not sentences:
                continue
            ranked = sorted(
                sentences, key=lambda e: (-self._match(e.text), not re.search(r"\d", e.text), e.start)
            )
            for best in ranked[:2]:  # the passage's two sentences closest to the topic
                # One of the three passages retrieved first for the topic from the other documents
                # counts without the topic's words ('leveranciers' for a cooperative); any other
                # must share them, so the context is not filled with what is merely nearby.
                retrieved = any(
                    best.start >= o.start and best.end <= o.end for o in self._others[:3] if o.doc == p.doc
                )
                if (not retrieved and self._match(best.text) <= 0) or any(
                    best.start == e.start for e, _ in out
                ):
                    continue
                if seen_units.get(unit, 0) >= 3 or len(out) >= _POINTS["context"]:
                    break
                seen_units[unit] = seen_units.get(unit, 0) + 1
                who = self._who(p.doc, p.part)
                label = (p.part or p.title) + (f" ({who})" if who and who not in (p.part or p.title) else "")
                out.append((best, f"{label}: “{shorten(best.text)}”"))
            if len(out) >= _POINTS["context"]:
                break
        return out

    # points and citations ------------------------------------------------------------------

    def _text(self, key: str, item: Evidence) -> str:
        quote = shorten(item.text)
        return attributed(self._who(item.doc, item.part), quote) if key in _ATTRIBUTED else quote

    def _who(self, doc: str, part: str | None) -> str | None:
        return who_says(self.catalog, doc, part)

    def _title(self, doc: str | None) -> str:
        return self.catalog.info(doc).title if doc else ""
