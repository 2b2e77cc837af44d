"""Which enumeration answers a list question: the one under the section the question names
('welke argumenten' -> the list under 'Argumenten'), or the one whose lead-in names what the
question asks for ('Aan welke criteria …' -> 'Bij de keuze … zijn de volgende criteria gehanteerd:')."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.answering.candidates import Candidate, within
from assistant.answering.question import QuestionProfile
from assistant.compounds import compound_parts
from assistant.retrieval.sections import answering_sections
from assistant.retrieval.structure import Block, blocks_of, section_key
from assistant.sentence_split import split_sentences
from assistant.text import terms
from assistant.types import Passage

_FOLLOWING_RE = re.compile(r"\bvolgende\s+(\S+(?:\s+\S+)?)", re.I)
# A lead-in whose colon the PDF lost: 'We onderscheiden daarbij de volgende fasen.'
_ANNOUNCES_RE = re.compile(r"\bvolgende\s+[^\W\d_][\w’'-]*\s*\.$", re.I)


def section_list(
    q: QuestionProfile,
    cands: list[Candidate],
    passages: list[Passage],
    named: set[int] | None = None,
    holding: set[int] | None = None,
) -> tuple[int, Block] | tuple[int, Block, str] | None:
    """For a question that names a section ('welke argumenten', 'de risico's'): the
    enumeration under that heading, in the passage whose sentences there score best; only from
    the ``named`` passages (of the document the question names) when there are any, and only from
    those ``holding`` the names the question gives ('bij de RID De Liemers': not the risks of
    Woerden's proposal). Not for a question for a reason: 'Waarom acht het college de risico's …
    beheersbaar?' is answered by the measures under the section ('Beheersmaatregelen: … een
    business case … coöperatie UA'), not by the list of the risks. --cv 5 on eval/qa.jsonl:
    key-fact recall 0.649 -> 0.654 (q-323 0 -> 1), why questions 0.652 -> 0.674; no other answer
    changes."""
    asked = answering_sections(q.text)
    if not asked or q.wants_number or q.asks_reason:
        return None
    best: dict[int, float] = {}
    for c in cands:
        if (
            section_key(c.heading) in asked
            and (not named or c.passage_index in named)
            and (holding is None or c.passage_index in holding)
        ):
            best[c.passage_index] = max(best.get(c.passage_index, float("-inf")), c.score)
    for i in sorted(best, key=lambda i: -best[i]):
        blocks = blocks_of(passages[i].text)
        for k, block in enumerate(blocks):
            if block.kind == "list" and block.section in asked and len(block.items) >= 2:
                before = blocks[k - 1] if k else None
                if before is not None and before.kind == "sentence" and before.text.endswith(":"):
                    # its lead-in says what the items are ('Als we toetreden … levert het de
                    # volgende resultaten :'), more than the heading ('Wat willen we bereiken?')
                    return i, block, before.text.removesuffix(":").strip()
                return i, block
    return None


def focus_list(
    q: QuestionProfile, passages: list[Passage], named: set[int] | None = None
) -> tuple[int, Block, str] | None:
    """For 'welke X …' (``q.focus``): the first enumeration, in retrieval order, whose lead-in
    (the sentence ending in ':' right before it) names X as 'de volgende X', ends on X ('… tot de
    onderwerpen:') or names X together with another word of the question; with that lead-in,
    which introduces the list. Items without marks count too: paragraphs that end in ';'
    ('… zoals:' / 'rationalisatie …;').

    Measured on eval/qa.jsonl, always answering: key-fact recall 0.467 -> 0.483, list questions
    0.33 -> 0.40, citation precision 0.634 -> 0.638; it takes 5 of the answerable questions. X in
    the lead-in alone took 9 and gained less (0.476 without the ';' lists): 'vragen' also names
    'Op de vraag naar …'. Where the question names a document, only its ``named`` passages: 'Welke
    functies … volgens de sectorschets?' is not answered by a list of another report. 'Waarom …'
    is answered by a list of reasons that its lead-in announces (``_gives_reasons``).

    Also where the question names a section (``answering_sections``) and ``section_list``, which
    goes first, found no enumeration under it: 'Op welke drie punten weegt de benchmark wat een
    ICT-thema de organisatie oplevert?' names 'Wat willen we bereiken?', which the benchmark lacks,
    and its list follows '… hebben we elk thema beoordeeld op 3 punten:'. eval/qa.jsonl (--cv 5):
    no answer changes; eval/train.jsonl: q-674 0 -> 1, no other answer changes."""
    for i, block, lead in _focus_leads(q, passages, named):
        if block is not None and len(block.items) >= 2:
            return i, block, lead.removesuffix(":").removesuffix(".").strip()
    return None


def sibling_list(
    q: QuestionProfile, passages: list[Passage], index: int, block: Block, named: set[int] | None = None
) -> tuple[Block, str] | None:
    """The enumeration right after ``block`` whose lead-in names the same focus, with that lead-in:
    'Welke functies moet de uitvoeringsorganisatie voor innovatie en ontzorging … hebben?' asks
    both 'Aan de innovatiekant kent dit arrangement de volgende functies:' and 'Aan de
    ontzorgingskant zien we de volgende functies:'. Only where nothing but the lead-in stands
    between the two."""
    for i, nxt, lead in _focus_leads(q, passages, named):
        if i != index or nxt is None or nxt.start <= block.end:
            continue
        between = passages[i].text[block.end : nxt.start]
        if len(between.split()) <= len(lead.split()) + 2 and len(nxt.items) >= 2:
            return nxt, lead.removesuffix(":").removesuffix(".").strip()
        return None
    return None


def lead_stretch(
    q: QuestionProfile,
    cands: list[Candidate],
    passages: list[Passage],
    named: set[int] | None,
    max_words: int,
) -> list[Candidate]:
    """For 'welke X …' whose lead-in (as for ``focus_list``) introduces no enumeration the text
    marks: a table of label and explanation ('De volgende (soms tegenstrijdige) aspecten zijn …
    van belang …:' / 'Eigenaarschap Het eigenaarschap …'), or steps set out in paragraphs. The
    lead-in and the sentences after it in its passage, up to ``max_words``; empty when there is
    no such lead-in. --cv 5 on eval/qa.jsonl: key-fact recall 0.5014 -> 0.5027, citation
    precision 0.708 -> 0.718; of the 5 questions it answers, 3 gain and 1 loses ('Welke vragen
    moet de cloudstrategie … beantwoorden?' got the questions of the report instead).

    A lead-in whose colon the PDF lost counts too, where it ends in 'de volgende X.' ('We
    onderscheiden daarbij de volgende fasen.', then 'Kennisopbouw: …', 'Regie en inkoop: …'):
    eval/qa.jsonl (--cv 5) unchanged; eval/train.jsonl q-622 0 -> 0.8, no other answer changes."""
    for i, block, lead in _focus_leads(q, passages, named):
        if block is not None:
            continue
        run = [c for c in cands if c.passage_index == i]
        at = next((k for k, c in enumerate(run) if c.text.strip().endswith(lead.strip()[-30:])), None)
        if at is not None:
            return within(run[at:], max_words)
    return []


def _focus_leads(
    q: QuestionProfile, passages: list[Passage], named: set[int] | None
) -> Iterator[tuple[int, Block | None, str]]:
    """The lead-ins that name what 'welke X' asks for (for 'Waarom …': that announce its
    reasons), in retrieval order: the passage, the enumeration that follows (None where none does)
    and the lead-in."""
    reasons = q.asks_reason and not q.focus
    if not (q.focus or reasons) or q.wants_number:
        return
    others = {t for t in q.weights if not _names(q.focus, {t})}
    for i, p in enumerate(passages):
        if named and i not in named:
            continue
        blocks = blocks_of(p.text)
        for k, before in enumerate(blocks[:-1]):
            if before.kind not in ("sentence", "heading") or not (
                before.text.endswith(":") or _ANNOUNCES_RE.search(before.text)
            ):
                continue
            lead = split_sentences(before.text)[-1]  # not the caption a heading line may start with
            if reasons:
                if _gives_reasons(q, blocks, k, lead):
                    yield i, blocks[k + 1], lead
                continue
            lead_terms = set(terms(lead))
            following = _FOLLOWING_RE.search(lead)
            last = (lead.removesuffix(":").split() or [""])[-1]
            ends_on = _names(q.focus, set(terms(last)))  # '… tot de onderwerpen:'
            # 'Welke vragen moet de cloudstrategie … beantwoorden?': a list of questions whose lead-in
            # names another word of the question ('Enkele aandachtspunten voor de cloudstrategie:')
            questions = q.asks_questions and _questions_follow(blocks[k + 1]) and lead_terms & others
            if not questions and (
                not _names(q.focus, lead_terms)
                or not (
                    (following and _names(q.focus, set(terms(following.group(1)))))
                    or lead_terms & others
                    or ends_on
                )
            ):
                continue
            block = blocks[k + 1] if blocks[k + 1].kind == "list" else _semicolon_list(blocks[k + 1 :])
            yield i, block if block is not None and len(block.items) >= 2 else None, lead


# A lead-in that announces reasons: 'Reden:', 'Redenen:', 'De redenen hiervoor zijn:'.
_REASON_LEAD_RE = re.compile(r"\breden(?:en)?\b(?:\s+\w+){0,3}\s*:$", re.I)
# Reasons as short points (a slide's), not items with paragraphs of explanation: an item is shown
# by its first clause, and a reason's first clause ('Meer fte's ingehuurd personeel …') drops the
# reason itself, which the paragraph gives ('De voornaamste redenen hiervoor zijn de krapte …').
_REASON_ITEM_WORDS = 20


def _gives_reasons(q: QuestionProfile, blocks: Sequence[Block], k: int, lead: str) -> bool:
    """For 'Waarom …': the lead-in ``blocks[k]`` announces reasons, an enumeration of short points
    follows, and the lead-in or the three units before it share two words with the question ('ICT
    coöperatie- Doel' / 'Doel:' / '» Aansluiten bij de coöperatie' / 'Reden:' for 'Waarom wil Woerden
    … bij de coöperatie aansluiten?'). --cv 5 on eval/qa.jsonl: key-fact recall 0.5945 -> 0.5994
    (q-062 0 -> 1), the rest unchanged. Without the short points and the shared words, reasons of
    another subject took four answers that the explanation in the text answered (0.581)."""
    block = blocks[k + 1]
    if not _REASON_LEAD_RE.search(lead) or block.kind != "list" or len(block.items) < 2:
        return False
    if any(len(item.split()) > _REASON_ITEM_WORDS for item in block.items):
        return False
    around = set(terms(" ".join(b.text for b in blocks[max(0, k - 3) : k + 1])))
    return len(around & q.weights.keys()) >= 2


def _questions_follow(block: Block) -> bool:
    """An enumeration of questions: its first two items end in '?'. --cv 5 on eval/qa.jsonl:
    key-fact recall 0.642 -> 0.647 (q-319 0 -> 1, which got the report's research questions, the
    list after '… op de volgende vragen:'); no other answer changes."""
    return (
        block.kind == "list"
        and len(block.items) >= 2
        and all(x.rstrip().endswith("?") for x in block.items[:2])
    )


def _semicolon_list(blocks: Sequence[Block]) -> Block | None:
    """Sentences that end in ';' and the one after them: the items of an enumeration the PDF
    wrote without marks."""
    items: list[Block] = []
    for b in blocks[:12]:
        if b.kind != "sentence":
            break
        items.append(b)
        if not b.text.endswith(";"):
            break
    if len(items) < 2 or not items[0].text.endswith(";"):
        return None
    return Block(
        "list",
        " ".join(b.text for b in items),
        [b.text for b in items],
        items[0].heading,
        items[0].section,
        items[0].start,
        items[-1].end,
        ["-"] * len(items),
    )


def _names(focus: set[str], words: set[str]) -> bool:
    """A word names the focus: the same stem, a compound ending in it ('toekomstscenario'), or a
    compound of the same head of five letters or more ('vuistregels' and 'denkregels': rules;
    ``compounds.compound_parts``, so no shared ending such as '-isering'). eval/qa.jsonl (--cv 5)
    and fresh.jsonl unchanged; train q-686 got the list of rules instead of 147 words about the
    report's method (citation precision 0 -> 1, key facts 0 -> 0: the PDF broke the list after its
    second item)."""
    return any(
        w == f or (len(f) >= 5 and len(w) >= 5 and (w.endswith(f) or f.endswith(w))) or _same_head(f, w)
        for f in focus
        for w in words
    )


def _same_head(a: str, b: str) -> bool:
    head_a, head_b = compound_parts(a)[-1:], compound_parts(b)[-1:]
    return bool(head_a) and head_a == head_b and len(head_a[0]) >= 5
