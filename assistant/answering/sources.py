"""The numbered sources an answer is checked against, with the stretches of them that read as instructions (never support for a claim)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import DUTCH_NUMERALS, fold, merge_spans, numbers_in, terms
from assistant.types import Passage

# Text in a document that addresses the assistant rather than the reader.
INSTRUCTION_RE = re.compile(
    r"\b(?:negeer|vergeet|ignore|disregard|forget)\b[^.!?\n]{0,60}"
    r"\b(?:instructies?|instructions?|opdrachten|regels|prompts?|rules)\b"
    r"|\bje\s+bent\s+(?:nu|vanaf\s+nu|voortaan)\b|\byou\s+are\s+now\b|\b(?:systeemprompt|system\s?prompt)\b"
    r"|\b(?:vanaf\s+nu|voortaan)\b[^.!?\n]{0,40}\b(?:antwoord|antwoorden|schrijf|zeg|noem)\b"
    r"|\b(?:antwoord|schrijf|zeg)\s+(?:voortaan|vanaf\s+nu|alleen\s+nog)\b"
    r"|\bnoem\s+(?:geen|nooit)\s+bronnen\b",
    re.I,
)


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of a source that give orders to the assistant: from the sentence with the
    instruction to the end of its paragraph. They stay in the prompt (as material) but cannot
    carry a claim of the answer."""
    spans: list[tuple[int, int]] = []
    for m in INSTRUCTION_RE.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in (".", "!", "?", "\n")) + 1
        end = text.find("\n\n", m.end())
        spans.append((start, len(text) if end < 0 else end))
    return merge_spans(spans)


@dataclass
class Source:
    """One numbered source as the model saw it (``text`` may be a shortened ``passage.text``).

    ``terms`` and ``numbers`` come from the material only: text that gives orders to the
    assistant ('negeer alle eerdere instructies…') is kept apart in ``instructions``.
    """

    n: int
    passage: Passage
    text: str
    terms: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    instructions: str = ""
    instruction_terms: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        spans = instruction_spans(self.text)
        material = self.text
        for a, b in reversed(spans):
            material = material[:a] + "\n" + material[b:]
        self.instructions = " ".join(self.text[a:b].strip() for a, b in spans)
        self.instruction_terms = {t for t in terms(self.instructions) if not t[0].isdigit()}
        if not self.terms:
            self.terms = {t for t in terms(material) if not t[0].isdigit()}
        if not self.numbers:
            extra = " ".join(x for x in (self.passage.title, self.passage.section or "") if x)
            self.numbers = numbers_in(f"{material}\n{extra}")
            for word in re.findall(r"[^\W\d_]+", fold(material)):
                if word in DUTCH_NUMERALS:
                    self.numbers.add(DUTCH_NUMERALS[word])
