"""Writing an extractive answer: the quoted sentences or list items with their citations.

Only quoting happens here, no choosing: the answerer decides what to quote, this module makes it
read well (no PDF bullet glyphs, figure references or stray spaces) and cites each part with the
page and heading it comes from.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from assistant.answering.candidates import ANAPHOR_RE, SUBJECT_BACK_RE, Candidate
from assistant.retrieval.enumerators import is_bullet
from assistant.retrieval.hybrid import text_after
from assistant.retrieval.structure import Block, item_head, parse_blocks, strip_figure_refs
from assistant.sentence_split import split_sentences
from assistant.text import fold
from assistant.types import NOT_COVERED, Answer, Citation, Passage

_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
# OCR noise of a scanned appendix: 'dus not for profit, ^ ^ ^ ^ ^ W', 'Een open karakter: ^W.^^^'
_CARETS_RE = re.compile(r"(?:\s+\^[\^W.]*)+(?:\s+W(?=\s|$))?")
# 'programma 's' -> 'programma's'; not "van 's morgens" or "'s-Hertogenbosch"
_APOSTROPHE_S_RE = re.compile(r"(?<=[a-zé]{2}[aiouyé]) ['’]s\b(?!-)")


def without_dangling_lead_ins(order: list[Candidate]) -> list[Candidate]:
    """``order`` without the sentences that announce what follows ('Het gaat hierbij om:') where
    what follows did not come along (the answer ends, or goes on in another passage): an answer
    does not stop at a colon. A lead-in that is the whole answer stays."""
    out = list(order)
    for i in reversed(range(len(out))):
        after = out[i + 1] if i + 1 < len(out) else None
        dangling = after is None or after.passage_index != out[i].passage_index
        if len(out) > 1 and dangling and out[i].text.rstrip().endswith(":"):
            del out[i]
    return out


def compose_sentences(
    question: str,
    chosen: list[Candidate],
    passages: list[Passage],
    conf: float,
    mode: str,
    lead: Candidate | None = None,
) -> Answer:
    """The chosen sentences, each cited; one citation per passage, numbered in answer order.

    Sentences of one passage keep their document order, except that the ``lead`` sentence (the
    one that answers) comes first, after only the sentences it refers back to ('Hierdoor …')."""
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    quotes: dict[int, list[str]] = {}
    for c in chosen:
        if c.passage_index not in numbers:
            numbers[c.passage_index] = len(numbers) + 1
    # Keep sentences of one passage in document order: that reads naturally.
    order = sorted(chosen, key=lambda c: (numbers[c.passage_index], passages[c.passage_index].find(c.text)))
    texts = completed(order, passages)  # by id(): candidates are not hashable
    order = [c for c in order if id(c) in texts]
    for c in order:
        quotes.setdefault(c.passage_index, []).append(texts[id(c)])
    if lead is not None and lead in order:
        same = [c for c in order if c.passage_index == lead.passage_index]
        start = same.index(lead)
        while start > 0 and (ANAPHOR_RE.match(same[start].text) or SUBJECT_BACK_RE.match(same[start].text)):
            start -= 1  # 'Hierdoor is er … 56 fte' needs the sentence that says what 'hierdoor' is
        head = same[start : same.index(lead) + 1]
        order = head + [c for c in order if c not in head]
    order = without_dangling_lead_ins(order)
    sentences = []
    for c in order:
        # 'zie figuur 10' points at nothing here; a PDF's private-use bullet glyph shows as a box
        text = tidy(strip_figure_refs(texts[id(c)]))
        if not re.search(r"[.!?:;]$", text):
            text += "."  # ':' and ';' stay: a list's lead-in and its items read on
        sentences.append(f"{text[:-1]} [{numbers[c.passage_index]}]{text[-1]}")
    for idx, n in numbers.items():
        p = passages[idx]
        first = min((c for c in chosen if c.passage_index == idx), key=lambda c: p.find(c.text))
        quote = " … ".join(sorted(quotes[idx], key=p.find))
        citations.append(p.citation(n, quote, first.heading.rstrip(":.").strip() or None))
    citations.sort(key=lambda c: c.n)
    return Answer(
        question=question,
        answer=" ".join(sentences),
        abstained=False,
        mode=mode,
        citations=citations,
        retrieved=passages,
        confidence=conf,
    )


# A sentence the PDF broke with a blank line ('… daalde het aantal gemeenten van 537 naar' / blank
# line / '393.'): it ends on an article or conjunction, or the text after the break goes on in lower
# case or with '(' ('inclusief zorgen voor' / '(meer) wendbaarheid'); after a preposition it may go
# on with a number ('met de' / '180 ICT-leveranciers', 'zoals bedoeld in artikel' / '10 van …').
_OPEN_END_RE = re.compile(r"\b(?:de|het|een|en|of|zoals)$")
# A clause that opens and is not yet there ('… betrokken bij samenwerkingsverbanden waar' / blank
# line / 'ICT (hoofd-)onderwerp van samenwerking is.') goes on, in upper case too, with a word.
_OPEN_CLAUSE_RE = re.compile(r"\b(?:waar|waarbij|waarin|waarmee|dat|die|zodat|omdat|welke|wanneer|indien)$")
_OPEN_BEFORE_NUMBER_RE = re.compile(
    r"\b(?:de|het|een|en|of|zoals|met|naar|tot|te|tussen|van|voor|op|bij|aan|in|artikel|lid|bijlage)$"
)


def completed(order: list[Candidate], passages: list[Passage]) -> dict[int, str]:
    """The text to show for each candidate (by ``id``). A sentence that a blank line in the PDF
    cut off gets the rest of it from its passage, up to its end; a later candidate that this rest
    already holds is left out (absent from the result), so nothing shows twice. Measured in a CV
    run: 7 answers changed, all of them for the better ('van 537 naar [1].' -> 'van 537 naar 393')."""
    out: dict[int, str] = {}
    skip: set[int] = set()
    for i, c in enumerate(order):
        if i in skip:
            continue
        text = c.text.rstrip()
        rest = _rest_of(text, passages[c.passage_index])
        if rest:
            text = f"{text} {rest}"
            for j in range(i + 1, len(order)):
                later = order[j]
                if later.passage_index == c.passage_index and fold(later.text.strip()) in fold(rest):
                    skip.add(j)
        out[id(c)] = text
    return out


def _rest_of(text: str, passage: Passage) -> str | None:
    if re.search(r"[.!?:;]['\"”’)]*$", text):
        return None
    at = passage.find(text)
    if at < 0:
        return None
    words = text.split()
    m = re.search(r"\s+".join(map(re.escape, words[-min(len(words), 12) :])), passage.text[at:])
    if m is None:
        return None
    after = passage.text[at + m.end() :]
    if "\n" not in after[: len(after) - len(after.lstrip())]:
        return None  # no line break here: the sentence ended without a period
    head = after.lstrip()[:1]
    if not (
        head.islower()
        or head == "("
        or _OPEN_END_RE.search(text)
        or (head.isdigit() and _OPEN_BEFORE_NUMBER_RE.search(text))
        or (head.isalpha() and _OPEN_CLAUSE_RE.search(text))
    ):
        return None
    rest = split_sentences(after.lstrip()[:600])[:1]
    if not rest or len(rest[0].split()) > 25:
        return None
    return " ".join(rest[0].split())


def continued_list(
    p: Passage, block: Block, following: Callable[[Passage], Passage | None] | None
) -> tuple[Block, Passage | None]:
    """A list that runs to the end of its passage may go on in the next chunk (the Woerden
    arguments a–h close one chunk, i opens the next): the longer list, and that chunk."""
    if following is None or p.text[block.end :].strip():
        return block, None
    nxt = following(p)
    if nxt is None or nxt.doc != p.doc:
        return block, None
    for b in parse_blocks(p.text + text_after(p, nxt)):
        if b.kind == "list" and b.start == block.start and len(b.items) > len(block.items):
            return b, nxt
    return block, None


_ITEM_MAX_WORDS = 30  # an item's share of a list answer: its first sentence, not a paragraph


def compose_list(
    question: str,
    index: int,
    block: Block,
    passages: list[Passage],
    conf: float,
    mode: str,
    item_words: int,
    following: Callable[[Passage], Passage | None] | None = None,
    intro: str | None = None,
    words: int = 0,
) -> Answer:
    """The enumeration item by item, each shortened to its first clause and cited; items
    that lie in the next chunk cite that chunk. ``intro`` (the list's lead-in) opens it, or
    else its heading.

    An item keeps ``item_words`` words, or its share of ``words`` for the whole list where that
    is more (at most ``_ITEM_MAX_WORDS``): four criteria are read whole, nine arguments by their
    opening. Measured on eval/qa.jsonl (always answering, 120 words): key-fact recall 0.524 ->
    0.528, list questions 0.48 -> 0.49; three answers gained, none lost."""
    p = passages[index]
    block, nxt = continued_list(p, block, following)
    here = _letters(p.text)
    share = min(_ITEM_MAX_WORDS, words // max(len(block.items), 1))
    heads = [item_head(item, max(item_words, share)) for item in block.items]
    sources = [1 if nxt is None or _letters(item[:60]) in here else 2 for item in block.items]
    # 'a)' rather than 'a.': a line may not read as a sentence of its own ('a.') without a source
    # ('O', an open circle as OCR read it, is a bullet too)
    shown = [
        f"{m.strip('().')})" if m.strip("().").isalnum() and not is_bullet(m) else "-" for m in block.markers
    ]
    lines = [
        f"{marker} {tidy(head).rstrip(',;')} [{n}]"
        for marker, head, n in zip(shown, heads, sources, strict=True)
    ]
    opening = intro or block.heading
    # a heading that is a question ('Wat gaan we daarvoor doen?') takes no colon after it
    first_line = f"{tidy(opening)} [1]{'' if opening.endswith('?') else ':'}" if opening else ""
    citations = []
    for n, source in ((1, p), (2, nxt)):
        quoted = [h.removesuffix(" …") for h, m in zip(heads, sources, strict=True) if m == n]
        if source is not None and (quoted or n == 1):
            citations.append(source.citation(n, " … ".join(quoted), block.heading))
    return Answer(
        question=question,
        answer="\n".join([first_line, *lines] if first_line else lines),
        abstained=False,
        mode=mode,
        citations=citations,
        retrieved=passages,
        confidence=conf,
    )


def joined_lists(first: Answer, second: Answer) -> Answer:
    """Two enumerations of one passage as one answer (``lists.sibling_list``): the second's lines
    after the first's, their quotes in the one citation of that passage. ``first`` where either
    list goes on in the next passage (then its citations number two sources)."""
    if len(first.citations) != 1 or len(second.citations) != 1:
        return first
    cited = first.citations[0]
    quote = f"{cited.quote} … {second.citations[0].quote}"
    return dataclasses.replace(
        first,
        answer=f"{first.answer}\n{second.answer}",
        citations=[dataclasses.replace(cited, quote=quote)],
    )


def not_covered(question: str, passages: list[Passage], mode: str, conf: float = 0.0) -> Answer:
    """The abstention: the documents do not answer it, with the three nearest sources to look at."""
    text = NOT_COVERED
    if passages:
        related = "; ".join(f"{p.source_label}" + (f", p. {p.page}" if p.page else "") for p in passages[:3])
        text += f" Mogelijk relevant: {related}."
    return Answer(
        question=question, answer=text, abstained=True, mode=mode, retrieved=passages, confidence=conf
    )


def tidy(text: str) -> str:
    """What a reader should not see: a PDF's private-use bullet glyph (shows as a box), a bullet
    glyph before a sentence ('« De lidmaatschapskosten zijn …', 'O De stakeholders …'), OCR
    carets, a footnote's star, a space before punctuation ('ook doen .') or before a plural's
    apostrophe ('programma 's')."""
    text = _CARETS_RE.sub("", _PRIVATE_USE_RE.sub("", text)).strip()
    text = re.sub(r"^[•·«»▪■●#]\s+", "", text)  # 002 has a slide whose bullets came out as "#"
    # and a report whose round bullets came out as a capital O ('O De stakeholders delen …', 150
    # lines of 002); no sentence of the corpus opens with the word 'O'
    text = re.sub(r"^O\s+(?=[A-Z])", "", text)
    text = re.sub(r"^\*(?=[A-Z])", "", text)  # a footnote's mark: '*De ICT Benchmark Gemeenten 2023 …'
    # A number before a capitalised sentence is no figure of it: a slide's check mark that the PDF
    # gave as '9' ('9 Woerden wil toetreden tot deze coöperatie …'), or a footnote's or heading's
    # number. A reader would take it for one ('28 gemeenten', '2 februari' stay: lower case).
    text = re.sub(r"^\d{1,2}\s+(?=[A-Z][a-z])", "", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return _APOSTROPHE_S_RE.sub("'s", text)


def _letters(text: str) -> str:
    return re.sub(r"\W", "", fold(text))
