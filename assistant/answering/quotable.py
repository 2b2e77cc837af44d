"""Which sentences of a passage can be quoted, whatever the question: headings, captions, pointers
to a figure or a web page, appendix titles. Cached by sentence: a passage as retrieved is often two
chunks merged, or a chunk with the rest of its list, whose sentences were read before."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.retrieval.enumerators import O_BULLET_RE
from assistant.retrieval.structure import section_key
from assistant.sentence_split import CAPTION_RE, CLOSING_RE, SECTION_HEADING_RE
from assistant.text import NUMBERED_HEADING_RE, is_heading

# A sentence that only points at a figure the answer cannot show: 'In figuur 4 zijn de ICT-kosten
# per inwoner van 2004 tot 2022 uiteengezet …', 'Deze trends zijn herkenbaar in figuur 8 en 9.'.
# 'In figuur 3 is te zien dat de personeelskosten toenemen …' says what the figure shows, and stays.
_FIGURE_POINTER_RE = re.compile(
    r"^(?:in|zie)\b[^.]{0,30}\b(?:figuur|figuren|tabel|grafiek)\s+\d(?![^.]*\bdat\b)"
    r"|\b(?:herkenbaar|te zien|zichtbaar|weergegeven|afgebeeld) in (?:figuur|figuren|tabel|grafiek)\s+\d",
    re.I,
)


# The title line of an appendix ('Bijlage 5: B&W-Besluit Voorgenomen besluit … dd', also after the
# date of a cover page) names a document and answers nothing. It is skipped, not taken for a
# heading: the bundle repeats it at the top of its pages, inside running text.
_APPENDIX_TITLE_RE = re.compile(r"^(?:\d{1,2} \w+ \d{4}\s+)?Bijlage \d+\s*:", re.I)


# The case and document numbers a council letter opens with ('Z/23/440479 ADV/23/1142007
# Eindrapport toekomstvisie RID De Liemers versie 1.0 definitief 20-1-'): a file reference.
_CASE_NUMBER_RE = re.compile(r"^[A-Z]{1,5}/\d{2}/\d{4,}\b")
# A bare web address, or a sentence that only points at one ('Bekijk hier onze Woo-radar.'): what
# it points at is not in the text.
_LINK_RE = re.compile(
    r"^(?:https?://|www\.)\S+$|^bekijk hier\b"
    # ... or a sentence that sends the reader to a web page: 'Een uitvoerigere toelichting … is te
    # vinden op prodemos.nl/kennis-en-debat/…#:~:text=De%20gemeente…'
    r"|\S*(?:https?://|www\.|\.(?:nl|com|org|eu|be)/)\S{20,}",
    re.I,
)


# An infographic's labels and numbers read out as one line ('… gemiddeld per SSC156.000 miljoen
# inwoners0,78'): a word glued to a number of two or more digits or with a decimal is layout, not
# a sentence. A lower-case word only, so names stay ('Office365', 'Servicepunt71', 'IMG100.000+');
# one digit is a footnote marker ('samenwerkingsverbanden5'), kept.
_GLUED_NUMBER_RE = re.compile(r"(?<!\w)[a-zà-ÿ]{3,}\d(?:\d|[.,]\d)")


# The title of an article of a regulation ('Artikel 9 -Besluitvorming - Notulen.'), which the PDF
# may close with a period: a heading, never an answer by itself.
_ARTICLE_TITLE_RE = re.compile(r"^Artikel \d{1,3}[a-z]?\s*[-–]\s*\S")


def _is_heading(sentence: str) -> bool:
    """A heading line, a numbered section heading that the PDF closed with a period, or the
    label of a standard section ('Samenvatting:', 'Gevraagd besluit:')."""
    return (
        (is_heading(sentence) and not O_BULLET_RE.match(sentence))
        or (bool(SECTION_HEADING_RE.match(sentence)) and len(sentence.split()) <= 14)
        or (bool(_ARTICLE_TITLE_RE.match(sentence)) and len(sentence.split()) <= 10)
        or (sentence.endswith(":") and len(sentence.split()) <= 4 and section_key(sentence[:-1]) is not None)
    )


# A slide's title names its subject after a dash ('ICT coöperatie - Stand van zaken Woerden').
_TITLE_DASH_RE = re.compile(r"\w \s?[-–] \w")


def slide_points(sentences: list[str], heading: list[bool]) -> set[int]:
    """The lines of a slide or a table that read as headings (``heading``) but are its points: in
    a run of three or more heading-like lines, those of three words or more that are neither in
    capitals, numbered nor a title with a dash ('STAND VAN ZAKEN' / 'MoU door Gemboxx opgezegd' /
    …)."""
    out: set[int] = set()
    k = 0
    while k < len(sentences):
        end = k
        while end < len(sentences) and heading[end]:
            end += 1
        if end - k >= 3:
            out.update(
                i
                for i in range(k, end)
                if len(sentences[i].split()) >= 3
                and not sentences[i].isupper()
                and not NUMBERED_HEADING_RE.match(sentences[i])
                and not _TITLE_DASH_RE.search(sentences[i])
            )
        k = end + 1
    return out


@lru_cache(maxsize=1 << 14)
def kind_of(s: str) -> tuple[bool, str]:
    """What a sentence is wherever it stands, cached like ``candidates._facts``: whether it reads as a heading
    (``_is_heading``), and whether it is one to skip (a caption, a pointer to a figure or a web
    page, a letter's closing), an appendix title or file reference, too short or with too few
    letters to quote ('thin'), or text."""
    return _is_heading(s), _rest_kind(s)


def _rest_kind(s: str) -> str:
    if CAPTION_RE.match(s) or _FIGURE_POINTER_RE.search(s) or _LINK_RE.search(s) or CLOSING_RE.match(s):
        return "skip"  # the figure (or the web page) itself is not in the text
    if _APPENDIX_TITLE_RE.match(s) or _CASE_NUMBER_RE.match(s):
        return "title"
    if len(s) < 20 or sum(map(str.isalpha, s)) < 0.45 * len(s) or _GLUED_NUMBER_RE.search(s):
        return "thin"
    return "text"
