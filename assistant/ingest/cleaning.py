"""Repairs PDF-extracted text without changing its facts.

Every repair removes extraction damage only: soft hyphens, line-end hyphenation, letter-spaced
headings and words broken by stray spaces, OCR's 'C' (and 'E') for '€', a font whose letters
came out as other code points ('iŶgaŶgsdatuŵ'), runs of whitespace, hard line wraps inside
paragraphs, a heading broken over two lines ('Impact op lange' / 'termijn (3-7 jaar)'), and a
space lost between two sentences ('oplopen.Ook').
Digits are never changed (except an OCR 'O' directly after a euro sign, as in 'CO,35' for
'€0,35'). The repair of broken words and letter-spaced headings is ``ingest.words``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.ingest.words import (
    Lexicon,
    build_lexicon,
    fix_broken_words,
    fix_letter_spacing,
    fix_split_short_words,
    is_word,
)
from assistant.sentence_split import BULLET_MARK

SOFT_HYPHENS = "\u00ad¬"
_LETTERS = r"[^\W\d_]"

# Blank lines may sit between the halves: some extractions put one after every line (002).
_SOFT_BREAK_RE = re.compile(rf"(?<={_LETTERS})[{SOFT_HYPHENS}][ \t]*\n(?:[ \t]*\n)*[ \t]*(?={_LETTERS})")
_HYPHEN_BREAK_RE = re.compile(rf"({_LETTERS})-[ \t]*\n[ \t]*({_LETTERS}+)")
# The same across blank lines (002 has one after every line): the whole words, to judge the join.
_HYPHEN_GAP_RE = re.compile(rf"({_LETTERS}+)-[ \t]*\n(?:[ \t]*\n)+[ \t]*([a-zà-ÿ]+)")
# After these a line-end hyphen stands for a word left out ('wet- en regelgeving'): it stays.
_ELLIPSIS_WORDS = ("en", "of")
_EURO_OCR_RE = re.compile(r"(?<![\w€])C(?=\s?\d)")
_EURO_ZERO_RE = re.compile(r"€(\s?)O(?=[,.]\d)")
# and as 'E' before millions and billions ('E700 mi l joen', 'E1,3 mi l jard'), never before
# anything else: 'Microsoft E5', 'de E3-licentie'
_EURO_E_OCR_RE = re.compile(r"(?<![\w€])E(?=\d[\d.,]*\s?mi\s?l\s?j)")
_BULLET_START_RE = re.compile(rf"^{BULLET_MARK}\s")
# The most words each half of a heading broken over two lines has (``join_broken_headings``).
_HEADING_HALF_WORDS = 5
# Two sentences the extraction glued together: a lower-case word, its full stop, a capitalised
# word ('oplopen.Ook', 'ambitie.De'). Not in an address ('www.DeModelgemeente.nl').
_GLUED_SENTENCE_RE = re.compile(r"(?<![\w./@-])([^\W\d_]*[a-zà-ÿ]{2}[.!?])(?=[A-Z][a-zà-ÿ]+\b(?![./@]\w))")


def fix_soft_hyphens(text: str) -> str:
    """'i-Voorzie¬\\nningen' -> 'i-Voorzieningen'; other soft hyphens vanish."""
    text = _SOFT_BREAK_RE.sub("", text)
    return text.translate({ord(c): None for c in SOFT_HYPHENS})


def fix_hyphenation(text: str) -> str:
    """Joins words split at a line end; keeps the hyphen where it is real ('ICT-\\nkosten') and
    before 'en'/'of' ('wet- en regelgeving'). Across blank lines ('legiti-\\n\\nmiteitsvragen', in
    002) two words that make no word together keep it ('bottom-up'). Measured on the corpus: about
    80 places change, nearly all in 002; of those read, 'politiekbestuurlijk' and 'topdown' are
    joined wrongly."""

    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if right in _ELLIPSIS_WORDS:
            return f"{left}- {right}"  # 'wet- en regelgeving', 'management- en beleidsinformatie'
        if left.islower() and right.islower():
            return left + right
        return f"{left}-{right}"

    def join_across(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if right in _ELLIPSIS_WORDS:
            return f"{left}- {right}"
        joined = left + right
        if len(left) == 1 or not left[-1].islower():
            return f"{left}-{right}"  # 'i-strategie', 'ICT-voorzieningen'
        if not is_word(joined) and is_word(left) and is_word(right):
            return f"{left}-{right}"  # 'bottom-up', 'Stakeholder-analyse'
        return joined

    return _HYPHEN_GAP_RE.sub(join_across, _HYPHEN_BREAK_RE.sub(join, text))


def fix_euro_ocr(text: str) -> str:
    """OCR reads '€' as 'C' before an amount ('C 380 miljoen', 'C22.000', 'CO,35'), and as 'E'
    before millions ('E700 miljoen')."""
    text = _EURO_E_OCR_RE.sub("€", _EURO_OCR_RE.sub("€", text))
    text = re.sub(r"(?<![\w€])CO(?=,\d)", "€0", text)
    return _EURO_ZERO_RE.sub(r"€\g<1>0", text)


# A font that the PDF's text layer maps to the wrong code points (the Beware membership agreement:
# 'hierŶa te ŶoeŵeŶ ͞het Lid͟', 'ǀerpliĐht ziĐh tot ďetaliŶg'). Only lines holding one of these
# letters are touched, and there '“' before a lower-case letter is that font's 'S' ('͞“tatuteŶ͟').
_FONT_MAP = str.maketrans(
    {"Ŷ": "n", "ŵ": "m", "ǀ": "v", "ǁ": "w", "Đ": "c", "ď": "b", "͞": "“", "͟": "”", "\u037e": "(", "Ϳ": ")"}
)
_FONT_DAMAGE_RE = re.compile("[ŶŵǀǁĐď͟͞Ϳ]")


def fix_font_map(text: str) -> str:
    """'Het Lid is lid van de Coöperatie ŵet als iŶgaŶgsdatuŵ' -> '… met als ingangsdatum'."""
    if not _FONT_DAMAGE_RE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        content = re.sub(r"[\s.…]", "", line)  # blanks to fill in ('Gemeente ………, hierŶa') are no text
        if _FONT_DAMAGE_RE.search(line) and sum(c.isalpha() for c in content) >= 0.6 * max(len(content), 1):
            lines[i] = re.sub(r"“(?=[a-z])", "S", line).translate(_FONT_MAP)
    return "\n".join(lines)


_FOOTNOTE_RE = re.compile(r"^\d{1,2}\s+(?:[A-Z]|www\.|https?:)")  # '7 Onderzoek …', '6 www.cbs.nl'
# An amount that goes on with the sentence of the line before ('… de totale materiele
# apparaatslasten van gemeenten' / '1,75 miljard, het aandeel ICT …'); not a date or a count,
# which may open a sentence ('2 februari komt …').
_AMOUNT_START_RE = re.compile(r"\d+(?:[.,]\d+)*\s+(?:miljoen|miljard|mln|euro|procent)\b|\d+,\d+\s|€\s?\d")
_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’)]*$")
# A line that ends on a capitalised article inside a sentence opens a name that the next line
# goes on with, also across a blank line ('… de toekomst van RID De' / 'Liemers gelet op …').
_NAME_ARTICLE_END_RE = re.compile(r"[\w,]\s+(?:De|Het)$")
# The shortest line an enumeration's item that ends on the next line may have (a slide's points
# are shorter: the 25 characters of 'MoU door Gemboxx opgezegd').
_ITEM_RUN_MIN = 30


def join_wrapped_lines(text: str) -> str:
    """Joins hard-wrapped prose lines into paragraphs; headings, bullets and rows stay lines.

    A blank line is also bridged when the text plainly runs on: the line before it does not
    end a sentence and the line after it starts in lower case or with an amount, or ends an
    enumeration's item with ';' (PDF text boxes and page breaks split sentences that way).
    Footnotes that the PDF put inside such a sentence ('… 8K ICT-kosten per fte voor' / '7
    Onderzoek inventarisatie apparaatslasten …, Deloitte 2015' / 'een gemiddelde gemeente, …')
    move after its paragraph, so neither is glued into the other.
    """
    out: list[str] = []
    notes: list[str] = []  # footnotes moved out of a running sentence, put after its paragraph
    blank = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            blank = True
            continue
        continues = line[0].islower() or bool(_AMOUNT_START_RE.match(line))
        if out and _NAME_ARTICLE_END_RE.search(out[-1]) and not line.split()[0].isupper():
            continues = True
        if blank and line[0].islower() and out and _FOOTNOTE_RE.match(out[-1]):
            k = len(out)
            while k > 0 and (not out[k - 1] or _FOOTNOTE_RE.match(out[k - 1])):
                k -= 1
            if k > 0 and not _SENTENCE_END_RE.search(out[k - 1]) and len(out[k - 1]) >= 25:
                notes.extend(x for x in out[k:] if x)
                del out[k:]
        prev = out[-1] if out else ""
        # the end of an enumeration's item ('O Een centrum met hoogwaardige kennis op het gebied van
        # (gemeentelijke)' / 'ICT architecturen en concepten;'), after a line longer than a slide's
        # point ('MoU door Gemboxx opgezegd' / 'Eindhoven heeft gebruiksrecht …;' are two points)
        continues = continues or (line.endswith(";") and len(prev) >= _ITEM_RUN_MIN)
        runs_on = prev and not _SENTENCE_END_RE.search(prev) and not _BULLET_START_RE.match(line)
        if (runs_on and not blank and len(prev) >= 45) or (
            runs_on and blank and continues and len(prev) >= 25
        ):
            out[-1] = f"{prev} {line}"
        else:
            if blank and out:
                out.append("")
            if notes:
                out.extend([*notes, ""])
                notes = []
            out.append(line)
        blank = False
    if notes:
        out.extend(["", *notes])
    return "\n".join(out)


def join_broken_headings(text: str) -> str:
    """A heading or label the PDF broke over two lines ('Impact op lange' / 'termijn (3-7 jaar)',
    'Marktconforme en eigentijdse' / 'dienstverlening') becomes one line: two short lines alone
    between blank lines, the second in lower case. Prose wrapping joins only lines of 45
    characters or more (``join_wrapped_lines``), so these stayed apart, and the first half alone
    was taken for the heading."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        alone = (not out or not out[-1].strip()) and i + 1 < len(lines)
        nxt = lines[i + 1].strip() if alone else ""
        ends = i + 2 >= len(lines) or not lines[i + 2].strip()  # a blank line (or the end) follows
        if alone and ends and _heading_half(line) and _heading_half(nxt) and nxt[0].islower():
            out.append(f"{line} {nxt}")
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _heading_half(line: str) -> bool:
    return (
        bool(line)
        and len(line.split()) <= _HEADING_HALF_WORDS
        and not _SENTENCE_END_RE.search(line)
        and not line.endswith(("-", ",", ";"))
        and not _BULLET_START_RE.match(line)
    )


def fix_glued_sentences(text: str) -> str:
    """'oplopen.Ook moet' -> 'oplopen. Ook moet': otherwise the two sentences are quoted as one."""
    return _GLUED_SENTENCE_RE.sub(
        lambda m: m.group(1) if m.group(1).lower().startswith("www") else m.group(1) + " ", text
    )


def normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = re.sub(r"[\u00a0\u2007\u202f]", " ", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" +\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_text(text: str, lex: Lexicon | None = None) -> str:
    """The full repair chain for one page of text."""
    text = fix_font_map(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = fix_soft_hyphens(text)
    text = fix_hyphenation(text)
    text = fix_glued_sentences(fix_euro_ocr(text))
    lex = lex or build_lexicon(text)
    lines = [fix_broken_words(fix_letter_spacing(ln, lex), lex) for ln in text.split("\n")]
    text = normalize_whitespace("\n".join(lines))
    text = join_broken_headings(text)
    # Again over the joined paragraphs: a word broken across a wrapped line ('digi tal iser ings' /
    # 'agenda') is whole only there.
    return "\n".join(
        fix_split_short_words(fix_broken_words(ln, lex, paragraph=True))
        for ln in join_wrapped_lines(text).split("\n")
    )


def clean_pages(pages: Iterable[str]) -> list[str]:
    """Cleans the pages of one document with a vocabulary from the whole document."""
    pre = [fix_hyphenation(fix_soft_hyphens(fix_font_map(p.replace("\r\n", "\n")))) for p in pages]
    for i in range(len(pre) - 1):
        # A word hyphenated across a page break: its second half moves up to the first.
        m = re.search(rf"({_LETTERS})-[ \t]*$", pre[i])
        nxt = re.match(r"\s*([a-zà-ÿ]\S*)[ \t]*\n?", pre[i + 1])
        if m and m.group(1).islower() and nxt:
            pre[i] = pre[i][: m.end(1)] + nxt.group(1)
            pre[i + 1] = pre[i + 1][nxt.end() :]
    lex = build_lexicon("\n".join(pre))
    return [clean_text(p, lex) for p in pre]
