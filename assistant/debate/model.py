"""The debate brief as data: sections of cited points and one numbered source list.

``Brief.to_json`` is the stable format of ``assistant debat --json`` (other tools read it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.types import Citation

# Section keys in brief order, with their Dutch titles.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("samenvatting", "Samenvatting"),
    ("gevraagd", "Wat wordt de raad gevraagd?"),
    ("argumenten", "Argumenten"),
    ("kanttekeningen", "Kanttekeningen en risico's"),
    ("financien", "Financiën"),
    ("alternatieven", "Alternatieven en scenario's"),
    ("context", "Wat andere documenten zeggen"),
    ("vragen", "Vragen om te stellen"),
)
SECTION_TITLES = dict(SECTIONS)
NOT_COVERED = "De documenten behandelen dit onderwerp niet."
NOTHING_FOUND = "De documenten zeggen hier niets over."


@dataclass
class Point:
    text: str
    citations: list[int] = field(default_factory=list)
    quote: str = ""  # the exact source text the point quotes or shortens (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations)}


@dataclass
class Section:
    key: str
    title: str
    points: list[Point] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "points": [p.to_json() for p in self.points]}


@dataclass
class Brief:
    topic: str
    abstained: bool
    mode: str
    sections: list[Section] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # shown to people, not part of the JSON

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "abstained": self.abstained,
            "mode": self.mode,
            "sections": [s.to_json() for s in self.sections],
            "citations": [c.to_json() for c in self.citations],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


def empty_sections() -> list[Section]:
    return [Section(key, title) for key, title in SECTIONS]


def keep_cited(brief: Brief) -> None:
    """Drop sources no point cites any more and number the rest 1..n in order of first use."""
    order: dict[int, int] = {}
    for section in brief.sections:
        for point in section.points:
            for n in point.citations:
                order.setdefault(n, len(order) + 1)
    by_n = {c.n: c for c in brief.citations}
    for section in brief.sections:
        for point in section.points:
            point.citations = [order[n] for n in point.citations]
    kept = []
    for old, new in order.items():
        if old in by_n:
            by_n[old].n = new
            kept.append(by_n[old])
    brief.citations = sorted(kept, key=lambda c: c.n)
