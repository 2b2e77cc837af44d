"""The measure a figure is asked in: a unit ('per medewerker', 'per jaar') or a percentage.

A near miss often asks a figure in another measure than the one the documents give for its
subject: 'Wat kost een licentie per medewerker?' where they give a cost per inwoner, 'Welk
percentage van de ICT-medewerkers is ouder dan 55 jaar?' where they give a head count. A sentence
carries such an ask only when it gives its figure in the asked measure (``answerability``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.kinds import PERIOD_ADVERBS

# The unit a figure is asked in ('per medewerker', 'per scrum', 'per jaar'). Not a number ('per
# 100.000 inwoners', 'per 1 januari'), not a date ('per wanneer') and not a breakdown ('per
# component', 'per kwadrant': the figures of each, not a figure divided by one).
_PER_UNIT_RE = re.compile(r"\bper ([a-z][a-z-]{2,})\b", re.I)
_NOT_A_UNIT = re.compile(
    r"(wanneer|welke?|wat|direct|saldo|definitie|component|onderde[le]|categorie|soort|type|kwadrant"
    r"|domein|thema|groep|grootte|sector|fase|scenario|post|regio)",
    re.I,
)


# A percentage asked outright ('Welk percentage …', 'Hoeveel procent …', 'Wat was het percentage
# …'), not a share that may be given in words ('welk deel': 'een derde'). --cv 5 on eval/qa.jsonl
# (four questions ask one, all unanswerable): abstention recall 0.752, false abstention 0.063 and
# key-fact recall 0.654 unchanged; over five fold assignments abstention recall 0.729 -> 0.736 at
# false abstention 0.075 -> 0.073, key-fact recall 0.649 -> 0.652.
_PERCENT_ASK_RE = re.compile(
    r"\b(?:welke?|hoeveel|(?:hoe groot|hoe hoog|wat) (?:is|was|zijn|waren) het) (?:\w+ )?(?:percentage|procent)\b",
    re.I,
)
_PERCENT_RE = re.compile(r"%|\bprocent", re.I)


def _per_unit(question: str) -> re.Pattern[str] | None:
    m = _PER_UNIT_RE.search(question)
    if m is None or _NOT_A_UNIT.match(m.group(1)):
        return None
    stem = m.group(1).lower().split("-")[0]
    adverb = PERIOD_ADVERBS.get(stem)  # 'per jaar' is as often written 'jaarlijks': the same unit
    return re.compile(rf"\bper {re.escape(stem)}" + (rf"|\b{adverb}" if adverb else ""), re.I)


def asked_measure(question: str) -> Callable[[str], bool] | None:
    """Whether a sentence gives its figure in the measure ``question`` asks; None when it asks
    none (any figure will do)."""
    unit = _per_unit(question)
    percent = bool(_PERCENT_ASK_RE.search(question))
    if unit is None and not percent:
        return None

    def carries(sentence: str) -> bool:
        if unit is not None and not unit.search(sentence):
            return False
        return not percent or bool(_PERCENT_RE.search(sentence))

    return carries
