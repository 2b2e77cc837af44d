"""What a question asks for, beyond its words: a list, a standard section, a kind of figure.

The answerer uses these to pick the unit that answers (the list under "Argumenten" for "welke
argumenten…") and to check that a unit carries the specific thing asked (the year, the name,
an amount) before it answers at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.question import QuestionProfile, profile_question
from assistant.retrieval.sections import asked_sections
from assistant.text import terms

# Broader cues than retrieval's (``sections.asked_sections``), which this answerer adds to them:
# 'waarom wil …' asks for the arguments, 'wat kost' for the financial section, 'de kern' for the
# summary. Retrieval keeps its narrower list ('kosten' there asks for a figure, not a section).
_SECTION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("argumenten", r"\bwaarom (wil|kiest|stelt)|\bredenen\b"),
        ("kanttekeningen", r"\bgevaren\b"),
        ("gevraagd", r"\b(raad|gemeenteraad) (wordt )?(ge)?vraagd|\bvoorstel aan de raad"),
        ("alternatieven", r"\bopties\b|\bandere mogelijkheden"),
        ("financien", r"\bwat kost|\bkosten\b|\bfinanci|\bbegroting|\bbudget"),
        ("conclusie", r"\bconclu"),
        ("advies", r"\badvie|\baanbevel|\braden\b.*\baan\b|\baanbevolen"),
        ("samenvatting", r"\bsamenvat|\bin een paar zinnen|\bhoofdlijn|\bkern\b|\bboodschap\b"),
    )
)
_LIST_RE = re.compile(
    r"^\s*(?:welke|noem|geef|wat zijn|wat waren|wat vinden|wat kunnen|op welke|in welke|aan welke|"
    r"met welke|voor welke|van welke|over welke|hoe worden)\b|\bopsomming\b|\brij\b|\bwelke\s+\w+(?:en|s|’s|'s)\b",
    re.I,
)
_WHY_RE = re.compile(r"^\s*(?:waarom|hoe komt|waardoor|wat is de reden|om welke reden)\b", re.I)
_SUMMARY_RE = re.compile(
    r"\bsamenvat|\bin het kort\b|\bin een paar zinnen|\bhoofdlijn|\bboodschap\b|\bwat houdt\b", re.I
)
_COUNT_RE = re.compile(r"\bhoeveel\b|\baantal\b", re.I)
_FTE_RE = re.compile(r"\bfte|formatie|personeelsleden|medewerkers\b", re.I)


@dataclass
class Ask:
    """The question profile plus what kind of answer it wants."""

    profile: QuestionProfile
    wants_list: bool
    wants_why: bool
    wants_summary: bool
    wants_count: bool
    wants_fte: bool
    sections: set[str] = field(default_factory=set)
    content: set[str] = field(default_factory=set)  # stemmed content words of the question

    @property
    def text(self) -> str:
        return self.profile.text


def analyse(question: str, idf) -> Ask:
    profile = profile_question(question, idf)
    sections = asked_sections(question) | {key for key, pattern in _SECTION_CUES if pattern.search(question)}
    return Ask(
        profile=profile,
        wants_list=bool(_LIST_RE.search(question)),
        wants_why=bool(_WHY_RE.search(question)),
        wants_summary=bool(_SUMMARY_RE.search(question)),
        wants_count=bool(_COUNT_RE.search(question)),
        wants_fte=bool(_FTE_RE.search(question)),
        sections=sections,
        content={t for t in terms(question) if not t[0].isdigit()},
    )
