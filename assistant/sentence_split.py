"""Dutch sentence splitting for cleaned PDF text: abbreviations, numbers, list items and lines."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text import fold

# Bumped when the sentences of a text change: the sentence vectors made at ingest are keyed by
# sentence, and ``Indexer.warm_sentences`` embeds the new ones at the next ingest.
SPLIT_VERSION = "2"

_ABBREVIATIONS = {
    "o.a",
    "t.a.v",
    "t.b.v",
    "m.b.t",
    "i.v.m",
    "d.d",
    "e.d",
    "bijv",
    "bv",
    "b.v",
    "nr",
    "art",
    "incl",
    "excl",
    "resp",
    "m.u.v",
    "c.q",
    "o.b.v",
    "i.o.m",
    "z.s.m",
    "ca",
    "etc",
    "dhr",
    "mevr",
    "drs",
    "dr",
    "ir",
    "mr",
    "prof",
    "ing",
    "jl",
    "blz",
    "p",
    "vs",
    "min",
    "max",
    "mln",
    "mld",
    "e.v",
    "o.m",
    "a.s",
    "n.v.t",
    "t.z.t",
    "m.i.v",
    "i.p.v",
    "v.w.b",
    "zgn",
    "evt",
    "fig",
    "tab",
    "gem",
    "inw",
}


_BOUNDARY_RE = re.compile(r"([.!?…]+[\"'”’)]*)(\s+)")


# A list item's mark: a bullet sign, "1." / "1)" or "a." / "a)". Cleaning, sentence splitting and
# the answer checker all recognise list items by it.
BULLET_MARK = r"(?:[-–•·«»▪■●*]|\d{1,2}[.)]|[a-z][.)])"


BULLET_RE = re.compile(rf"^\s*{BULLET_MARK}\s+")
# An open circle ('○') that OCR read as a capital O: 'O Stichting', 'O Regie en inkoop: In deze fase
# …' (the Berenschot report's lists, 150 lines). Only before a capitalised word: 'O V E R H E I D' is
# a letter-spaced heading, 'O m tot de …' a broken 'Om'. (``retrieval.enumerators`` reads it too.)
O_BULLET = r"O(?=\s+[A-ZÀ-Ý][a-zà-ÿ])"


# A paragraph ends at a blank line, and a list item starts a new one.
_BLOCK_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:[-–•·«»▪■●*]|\d{1,2}[.)])\s)")


def split_sentences(text: str) -> list[str]:
    """Sentences of cleaned PDF text: respects Dutch abbreviations, numbers, bullets and lines."""
    return [s for block in _paragraphs(text) for s in _block_sentences(block)]


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``, a sentence that a blank line cuts joined again."""
    out: list[str] = []
    for block in _BLOCK_RE.split(text):
        if out and _continues(out[-1], block):
            out[-1] = f"{out[-1].rstrip()} {block.lstrip()}"
        else:
            out.append(block)
    return out


@lru_cache(maxsize=1 << 14)
def _block_sentences(block: str) -> tuple[str, ...]:
    """The sentences of one paragraph. Cached: a passage as retrieved is often two chunks merged,
    or a chunk with the rest of its list, whose paragraphs the answerer has split before."""
    sentences: list[str] = []
    for i, line in enumerate(_lines_of(block)):
        cut = _glued_caption(line) or (_glued_heading(line) if i == 0 else None)
        if cut:
            sentences.append(line[:cut])  # the heading or caption, a line of its own
            line = line[cut:]
        sentences.extend(_split_line(line))
    return tuple(s for s in (s.strip() for s in sentences) if s)


# A heading the PDF put on one line with its paragraph: 'Verschuiving naar regieorganisatie lijkt
# voorzichtig te starten Al jaren verwachten we…'. A capitalised function word after a lower-case
# word, followed by a lower-case word, starts a sentence there. 'In' only before an article, a
# pronoun or a year ('… Cloud ondersteuning In 2023 heeft …'; 'In format iesamenleving' is OCR
# spacing). Not when the words before read as a clause (an article or a verb: 'de GDI vormde het
# rapport Het uur van de waarheid' is a title), unless they open with a short label ('Achtergrond:
# ontwikkeling van de markt voor zaaksystemen Op dit moment …').
OPENERS = (
    r"Al|De|Het|Een|Dit|Dat|Deze|Ook|Er|We|Wij|Bij|Voor|Op|Met|Door|Om|Als|Zo|Daarnaast|Hierdoor|Daarom"
    r"|Sinds|Vanuit|Hoewel|Omdat|Naast|Binnen|Verder|Echter|Zij|Ze"
    r"|In(?= (?:de|het|een|dit|deze|die|dat|onze|ons|hun|\d{4})\b)"
)
_GLUED_HEADING_RE = re.compile(
    rf"^(?P<head>(?P<label>[A-Z][^.!?:;,]{{0,30}}: )?[A-Za-z][^.!?:;,]{{2,88}}?[a-z)]) "
    rf"(?P<word>{OPENERS}) (?=[a-z0-9])"
)
_CLAUSE_WORDS = {"de", "het", "een", "dat", "die", "ik", "u", "we", "wij", "zij", "is", "zijn", "was"}
_CLAUSE_WORDS |= {"wordt", "worden", "werd", "heeft", "hebben", "had", "kan", "kunnen", "moet", "zal"}
_ARTICLES = {"de", "het", "een"}


def _no_clause(words: set[str], label: str | None) -> bool:
    """The words of a heading read as no clause: no verb or pronoun, and no article unless a
    short label opens the heading ('Achtergrond: ontwikkeling van de markt …')."""
    if label is not None and len(label.split()) > 3:
        return False
    return not (_CLAUSE_WORDS - _ARTICLES if label is not None else _CLAUSE_WORDS) & words


def _glued_heading(line: str) -> int | None:
    """Where the sentence after a glued heading starts, or None."""
    m = _GLUED_HEADING_RE.match(line)
    if not m:
        return None
    words = m.group("head").split()
    if not line[0].isupper() or len(words) > 10 or not _no_clause(set(words), m.group("label")):
        return None
    return m.start("word")


# A heading on a line of its own above its paragraph, as long as a line of prose, is not joined
# with the paragraph: 'Wet open overheid & vernieuwde archiefwet' / 'De Wet open overheid (Woo) is
# op 1 mei 2022 in werking getreden.' (mid-line, 'De Wet' could be a name: 'gemeenten De Liemers').
# The next line opens with a function word that starts sentences; the heading reads as no clause
# (no verb or pronoun; articles only after a label: 'Achtergrond: ontwikkeling van de markt voor
# zaaksystemen') and does not end on a word that needs more ('… samen met' / 'De Liemers …').
_SENTENCE_OPENER_RE = re.compile(rf"^(?:{OPENERS}|Gemeenten) \S")
_NEEDS_MORE = {"met", "van", "voor", "in", "op", "naar", "door", "bij", "tot", "uit", "over", "aan", "om"}
_NEEDS_MORE |= {"en", "of", "als", "dan", "te", "zoals", "&"} | _ARTICLES


def _heading_above(line: str, following: str) -> bool:
    """``line`` is a heading and ``following`` opens its paragraph: the two stay apart."""
    words = line.split()
    if not (line[0].isupper() and 2 <= len(words) <= 10 and _SENTENCE_OPENER_RE.match(following)):
        return False
    label = line.split(":")[0] if ":" in line else None
    if line.count(":") > 1 or not _no_clause({w.lower() for w in words}, label):
        return False
    return not (words[-1].lower() in _NEEDS_MORE or "," in line)


# A figure's caption glued to the text after it: 'Figuur 8: Aandeel softwareleveranciers in 2021 en
# 2022 De personeelskosten zijn …'. The sentence starts at the first capitalised function word after
# a lower-case word or a number.
CAPTION_RE = re.compile(r"^(?:figuur|fig\.|tabel|grafiek|afbeelding)\s*\d+\s*[.:]", re.I)
_CAPTION_END_RE = re.compile(
    r"(?<=[a-z0-9)’'%]) (?=(?:De|Het|Een|In|Dit|Deze|Daarnaast|Hoewel|Ook|Er|We|Wij|Op|Voor|Bij|Als|Zo"
    r"|Hierdoor|Daarom|Sinds|Naast|Gemeenten) [a-z0-9])"
    r"|(?<=[a-z]) (?=\d+ [a-z][^:]*:$)"  # a list's lead-in: '… o.b.v. kosten 5 belangrijke onderwerpen …:'
)


def _glued_caption(line: str) -> int | None:
    """Where the sentence after a figure caption starts, or None."""
    if not CAPTION_RE.match(line):
        return None
    m = _CAPTION_END_RE.search(line)
    return m.end() if m else None


# A numbered section heading three levels deep ('3.2.3 De applicaties worden samen ontwikkeld in
# één keer betaald.', '1.2.6 Alternatieven bieden geen garanties'): always a heading in this corpus,
# with or without a closing period, never joined with the line after it.
SECTION_HEADING_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+\S")


def _lines_of(block: str) -> list[str]:
    """Lines that stand alone (headings, bullets, table rows) are kept apart; prose is joined."""
    lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
    if len(lines) <= 1:
        return lines
    out: list[str] = []
    for ln in lines:
        if (
            out
            and not BULLET_RE.match(ln)
            and not _ends_sentence(out[-1])
            and (len(out[-1]) > 40 or _runs_on(out[-1], ln))
            and not SECTION_HEADING_RE.match(out[-1])
            and not _heading_above(out[-1], ln)
        ):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


def _runs_on(line: str, following: str) -> bool:
    """A short line that ends on a word that needs more ('ADVIES 1 Focus inhoudelijk de') and a
    next line in lower case ('komende drie jaar …'): the narrow column of a quote box, one sentence."""
    return line.split()[-1].lower() in _NEEDS_MORE and following[:1].islower()


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?:;…]['\"”’)]*$", line))


def _split_line(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(line):
        end = m.end(1)
        before = line[start:end]
        nxt = line[m.end() : m.end() + 2]
        token = re.search(r"(\S+)$", before)
        last = token.group(1) if token else ""
        bare = fold(last.rstrip(".!?…\"'”’)"))
        if m.group(1).startswith(".") and (
            bare in _ABBREVIATIONS
            or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", bare)
            or re.fullmatch(r"[A-Z]", last.rstrip("."))
        ):
            continue
        if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"'‘“(•-–«"):
            continue
        parts.append(line[start:end])
        start = m.end()
    parts.append(line[start:])
    return parts


# A footnote's number after a full stop ends a sentence the splitter ran on: '… en inkomsten.2 Zo
# hebben we …' is two sentences, without the number. Not an article's ('art.19 Statuten').
_FOOTNOTE_RE = re.compile(r"(?<=[a-z]{3}\.)(?<![Aa]rt\.)\d{1,2} (?=[A-Z][a-z])")


@lru_cache(maxsize=1 << 14)
def footnote_parts(sentence: str) -> tuple[str, ...]:
    """The sentences a footnote's number ran together, without it: the answerer quotes these, and
    their vectors are made at ingest (``SentenceVectors.warm``)."""
    return tuple(part.strip() for part in _FOOTNOTE_RE.split(sentence))


# A letter's closing ('Met vriendelijke groet, burgemeester en wethouders van Zevenaar,'): no
# content, and the signature or the letter after it is no part of it.
CLOSING_RE = re.compile(
    r"^(?:met (?:vriendelijke|hartelijke) groet(?:en)?|hoogachtend|met de meeste hoogachting)\b", re.I
)

# The PDF's layout puts a blank line inside a sentence, at a page or column break: 'Zo deed de
# mobiele telefoon er 16 jaar over om 100 miljoen gebruikers te bereiken, bij' / 'Facebook en
# WhatsApp kostte dat …'. Cleaning bridges such a blank line when the next line opens in lower case
# or with an amount (``join_wrapped_lines``); after a capital it cannot tell a new paragraph from the
# rest of the sentence, and the answer quoted '…, bij [1].', '… een game als [1].' and '… (men noemt
# circa [1].'. Here a line of prose (six words or more, not a letter's closing) that ends on a word
# that needs more, or on a comma, runs on into the next paragraph, whatever its first letter; not
# into a heading in capitals, a numbered heading, a page number, a footnote's address or an item.
_RUNS_ON_WORDS = _NEEDS_MORE | {"circa", "ruim", "bijna", "zoals", "namelijk"}
_NOT_CONTINUED_RE = re.compile(
    rf"^(?:\d+(?:\.\d+)*\s*$|\d+(?:\.\d+)+\.?\s+[A-Z]|{O_BULLET}|[A-Z0-9 .,&-]{{4,}}$|[\d ]+https?://)"
)


def _continues(block: str, following: str) -> bool:
    lines = block.strip().split("\n")
    last, first = lines[-1].strip(), following.strip().split("\n")[0].strip()
    words = last.split()
    if len(words) < 6 or not first or BULLET_RE.match(first) or _NOT_CONTINUED_RE.match(first):
        return False
    if _ends_sentence(last) or SECTION_HEADING_RE.match(last) or CLOSING_RE.match(last):
        return False
    return words[-1].lower() in _RUNS_ON_WORDS or last.endswith(",")
