"""Questions that name a standard section ('welke argumenten', 'de risico's') find the passages
under that heading, even when the heading sits in the middle of a chunk.

Council proposals and advisory reports share their sections (``structure.SECTION_KEYS``). A chunk
is indexed under the heading it starts in, so the arguments a–i of a proposal whose chunk starts
in the section before rank low for "Welke argumenten noemt het college …?". The retriever adds
the candidates holding a heading of the asked section as one more ranking to its fusion.
"""

from __future__ import annotations

import re

from assistant.retrieval.structure import looks_heading, section_key

# Words in a question that ask for a section. Narrower than the heading patterns: 'kosten' in a
# question asks for a figure, not for the section 'Financiële gevolgen'.
_ASKS = (
    ("samenvatting", r"samenvatting|samengevat|in het kort"),
    (
        "gevraagd",
        r"gevraagd(e)? besluit|beslispunt|besluit(en)? (wordt|worden) (de raad )?gevraagd"
        # 'Wat moet de raad besluiten?', 'Wat wordt de raad gevraagd?', 'Wat vraagt het college de raad?'
        r"|(gemeente)?raad\b(?! van (commissarissen|toezicht|bestuur))[^?]*\b(besluiten|beslissen|gevraagd)\b"
        r"|vraagt het college (aan )?de (gemeente)?raad\b",
    ),
    ("argumenten", r"argument"),
    ("kanttekeningen", r"kanttekening|risico|nade(?:el|len)\b|bezwaren\b"),
    ("alternatieven", r"alternatie|scenario"),
    ("financien", r"financi[eë]le (?:gevolgen|paragraaf)|dekking"),
    ("conclusie", r"conclusie"),
    # not the act of advising ('Waarom moet de ondernemingsraad advies geven …?' asks why, not
    # what an 'Advies' section says)
    (
        "advies",
        r"advie(?:s|zen)\b(?! (?:geven|uitbrengen|vragen|gevraagd|te geven|uit te brengen)\b)"
        r"|advise(?:ert|ren)\b|aanbeveling",
    ),
    # 'Hoe verloopt het vervolg?', 'Wat zijn de vervolgstappen?', 'Hoe gaat het nu verder?', 'Hoe
    # wordt de raad geïnformeerd?' (council documents give their next steps and their
    # communication under one heading: 'Communicatie en vervolgproces')
    (
        "vervolg",
        r"vervolg(?:proces|stap|stappen)?\b|(?:gaat|gebeurt) (?:het|er) (?:nu |daarna |hierna )?verder\b"
        r"|hoe (?:nu )?verder\b|communicat|ge[iï]nformeerd|informeren\b|op de hoogte (?:ge)?houden",
    ),
    # 'Wat moet toetreding … opleveren?' asks what 'Wat willen we bereiken?' lists, 'Welke concrete
    # stappen wil Woerden zetten …?' what 'Wat gaan we daarvoor doen?' lists. --cv 5 on
    # eval/qa.jsonl: key-fact recall 0.602 -> 0.611 (q-300 0 -> 1, q-301 0 -> 0.75), citation
    # precision 0.756 -> 0.761, MRR 0.790 -> 0.795, hit@5 0.918 -> 0.923; no answer loses.
    ("bereiken", r"op(?:leveren|levert)\b|bereiken\b"),
    ("aanpak", r"stappen\b|wat (?:gaat|gaan|wil|willen) [^?]{0,40}\bdoen\b"),
)
_ASK_RES = tuple((key, re.compile(rf"\b(?:{pattern})", re.I)) for key, pattern in _ASKS)


def asked_sections(question: str) -> set[str]:
    """The standard sections a question names."""
    return {key for key, pattern in _ASK_RES if pattern.search(question)}


def answering_sections(question: str) -> set[str]:
    """The sections whose text answers a question: those it names, and for the advice of a report
    ('Wat adviseert M&I/Partners …?') its conclusions too, where reports give their advice. Not for
    retrieval: there it moved a passage with the answer from rank 1 to 2 (q-077)."""
    found = asked_sections(question)
    return found | {"conclusie"} if "advies" in found else found


def sections_in(text: str, section: str | None = None) -> set[str]:
    """The standard sections whose heading is in a chunk (or that it starts in: ``section``)."""
    found = {section_key(section)} if section else set()
    for line in text.split("\n"):
        if len(line) <= 80 and looks_heading(line):
            found.add(section_key(line))
    found.discard(None)
    return found  # type: ignore[return-value]
