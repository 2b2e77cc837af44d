"""Writing an extractive answer: the quoted sentences or list items with their citations.

Only quoting happens here, no choosing: the answerer decides what to quote, this module makes it
read well (no PDF bullet glyphs, figure references or stray spaces) and cites each part with the
page and heading it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.candidates import ANAPHOR_RE, Candidate
from assistant.retrieval.hybrid import text_after
from assistant.retrieval.structure import Block, item_head, parse_blocks, strip_figure_refs
from assistant.text import fold
from assistant.types import NOT_COVERED, Answer, Citation, Passage

_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
# 'programma 's' -> 'programma's'; not "van 's morgens" or "'s-Hertogenbosch"
_APOSTROPHE_S_RE = re.compile(r"(?<=[a-zé]{2}[aiouyé]) ['’]s\b(?!-)")


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
        quotes.setdefault(c.passage_index, []).append(c.text)
    # Keep sentences of one passage in document order: that reads naturally.
    order = sorted(
        chosen, key=lambda c: (numbers[c.passage_index], passages[c.passage_index].text.find(c.text))
    )
    if lead is not None and lead in order:
        same = [c for c in order if c.passage_index == lead.passage_index]
        start = same.index(lead)
        while start > 0 and ANAPHOR_RE.match(same[start].text):
            start -= 1  # 'Hierdoor is er … 56 fte' needs the sentence that says what 'hierdoor' is
        head = same[start : same.index(lead) + 1]
        order = head + [c for c in order if c not in head]
    sentences = []
    for c in order:
        # 'zie figuur 10' points at nothing here; a PDF's private-use bullet glyph shows as a box
        text = tidy(strip_figure_refs(c.text))
        if not re.search(r"[.!?:;]$", text):
            text += "."  # ':' and ';' stay: a list's lead-in and its items read on
        sentences.append(f"{text[:-1]} [{numbers[c.passage_index]}]{text[-1]}")
    for idx, n in numbers.items():
        p = passages[idx]
        first = min((c for c in chosen if c.passage_index == idx), key=lambda c: p.text.find(c.text))
        quote = " … ".join(sorted(quotes[idx], key=p.text.find))
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


def compose_list(
    question: str,
    index: int,
    block: Block,
    passages: list[Passage],
    conf: float,
    mode: str,
    item_words: int,
    following: Callable[[Passage], Passage | None] | None = None,
) -> Answer:
    """The enumeration item by item, each shortened to its first clause and cited; items
    that lie in the next chunk cite that chunk."""
    p = passages[index]
    block, nxt = continued_list(p, block, following)
    here = _letters(p.text)
    heads = [item_head(item, item_words) for item in block.items]
    sources = [1 if nxt is None or _letters(item[:60]) in here else 2 for item in block.items]
    # 'a)' rather than 'a.': a line may not read as a sentence of its own ('a.') without a source
    shown = [f"{m.strip('().')})" if m.strip("().").isalnum() else "-" for m in block.markers]
    lines = [f"{marker} {tidy(head)} [{n}]" for marker, head, n in zip(shown, heads, sources, strict=True)]
    intro = f"{block.heading} [1]:" if block.heading else ""
    citations = []
    for n, source in ((1, p), (2, nxt)):
        quoted = [h.removesuffix(" …") for h, m in zip(heads, sources, strict=True) if m == n]
        if source is not None and (quoted or n == 1):
            citations.append(source.citation(n, " … ".join(quoted), block.heading))
    return Answer(
        question=question,
        answer="\n".join([intro, *lines] if intro else lines),
        abstained=False,
        mode=mode,
        citations=citations,
        retrieved=passages,
        confidence=conf,
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
    """What a reader should not see: a PDF's private-use bullet glyph (shows as a box), a footnote's
    star, a space before punctuation ('ook doen .') or before a plural's apostrophe ('programma 's')."""
    text = _PRIVATE_USE_RE.sub("", text).strip()
    text = re.sub(r"^\*(?=[A-Z])", "", text)  # a footnote's mark: '*De ICT Benchmark Gemeenten 2023 …'
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return _APOSTROPHE_S_RE.sub("'s", text)


def _letters(text: str) -> str:
    return re.sub(r"\W", "", fold(text))
