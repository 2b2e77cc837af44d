"""Questions a councillor could ask, from templates: one per kanttekening, per amount without a
year, and per section the documents leave empty. Each cites the passage it comes from."""

from __future__ import annotations

import re

from assistant.debate.model import Brief, Point
from assistant.debate.points import YEAR_RE, amounts, fragments
from assistant.types import Citation

_GAPS = {
    "gevraagd": "wat de raad precies wordt gevraagd te besluiten",
    "argumenten": "de argumenten voor dit voorstel",
    "kanttekeningen": "de risico's en kanttekeningen",
    "financien": "de kosten en wie ze betaalt",
    "alternatieven": "welke alternatieven zijn overwogen",
}
MAX_QUESTIONS = 8


def _head(text: str, words: int = 14) -> str:
    """The first words of a quoted point (cut only, marked '…')."""
    body = " ".join(fragments(text)[:1]) or text
    parts = body.split()
    head = " ".join(parts[:words]).rstrip(" .,;:")
    return head + (" …" if len(parts) > words else "")


def questions(brief: Brief, citations: dict[int, Citation]) -> list[Point]:
    out: list[Point] = []
    for point in brief.section("kanttekeningen").points[:3]:
        out.append(
            Point(
                f"Het document noemt als kanttekening “{_head(point.text)}”: hoe wordt dit risico "
                "beheerst, en wat gebeurt er als het zich voordoet?",
                list(point.citations),
            )
        )
    asked: list[Point] = []
    for point in brief.section("financien").points:
        source = " ".join(citations[n].quote for n in point.citations if n in citations)
        found = amounts(point.quote or source)
        if len(asked) >= 3:
            break
        if found and not YEAR_RE.search(point.quote or source):
            asked.append(
                Point(
                    f"Het bedrag {found[0]} wordt zonder jaartal genoemd: voor welk jaar of welke jaren "
                    "geldt het, en wie betaalt het?",
                    list(point.citations),
                )
            )
        elif found and not re.search(
            r"\b(betaal|dekking|ten laste|bijdrage|verdeel|begroting|per inwoner)", source, re.I
        ):
            asked.append(
                Point(
                    f"Wie betaalt het bedrag van {found[0]}, en uit welke begroting?", list(point.citations)
                )
            )
    for key, what in _GAPS.items():
        if not brief.section(key).points:
            out.append(Point(f"De documenten zeggen niets over {what}: kan het college dit toelichten?"))
    return (out + asked)[:MAX_QUESTIONS]
