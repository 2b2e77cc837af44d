"""What kind of thing a question asks for: a figure, a date or a person. One set of patterns for
the answerability model (answering.answerability), the unit answerer (answering.asks) and the
question profile (answering.question)."""

from __future__ import annotations

import re

# A figure asked outright ('Hoeveel …', 'Hoe hoog …', 'Wat heeft … gekost?', 'Welk rapportcijfer …'),
# not only a word near one ('Hoe worden de kosten verdeeld?').
FIGURE_ASK_RE = re.compile(
    r"\b(?:hoeveel|hoe ?veel|hoe hoog|hoe groot|wat kost|welk bedrag|gekost|kostte|welk percentage|welk deel"
    r"|rapportcijfer)\b",
    re.I,
)
DATE_ASK_RE = re.compile(
    r"\b(wanneer|welk jaar|in welk jaar|sinds welk|vanaf wanneer|per wanneer|(?:ingangs|eind|start|begin)?datum"
    r"|welke datum|op welke dag)\b",
    re.I,
)
PERSON_ASK_RE = re.compile(
    r"^\s*(wie|door wie|van wie|welke (?:persoon|wethouder|minister|directeur|burgemeester|voorzitter))\b",
    re.I,
)
# 'Wie' asks a person where the question names a role or the person's name ('Wie is de directeur …',
# 'Wie zijn de auteurs …', 'Wie volgde … op'); otherwise an organisation answers it as well ('Wie heeft
# het adviesrapport voor Zevenaar geschreven?': M&I/Partners, a name that held no person's ask).
PERSON_ROLE_RE = re.compile(
    r"\b(?:persoon|personen|wethouders?|ministers?|directeur(?:en)?|directielid|burgemeesters?|voorzitters?"
    r"|secretaris|manager|commissaris(?:sen)?|opvolger|volgde|auteurs?|portefeuillehouders?|naam|namen"
    r"|medewerkers?|contactpersoon|ondertekend\w*|Digicommissaris)\b",
    re.I,
)
# A body asked by name ('Welk adviesbureau …', 'Welke leverancier …', 'Bij welke uitgeverij …'):
# the answer names one, as a person's answer names a person. Also as the head of a compound
# ('Welke telecomaanbieder …', 'Via welk interimbureau …'), an agency, and a name asked outright
# ('Hoe heet het visiestuk …'). --cv 5: the same answers; five fold assignments abstention recall
# 0.709 -> 0.712; eval/fresh.jsonl 0.448 -> 0.469 at false abstention 0.104 (q-853, q-917).
BODY_ASK_RE = re.compile(
    r"\b(?:welke?|door welke|bij welke|van welke|via welke?) (?:\w+ )?[\w-]*(?:leveranciers?|adviesbureaus?"
    r"|bureaus?|bedrijf|bedrijven|partij|partijen|organisaties?|uitgeverij|instanties?|marktpartij(?:en)?"
    r"|aanbieders?|personen|agentschap(?:pen)?)\b|\bhoe heet(?:te|ten)?\b",
    re.I,
)
