"""Question analysis: what kind of answer a question asks for (a number, an amount, a year, a list) and its language."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering.kinds import FIGURE_ASK_RE
from assistant.stopwords import DUTCH_STOPWORDS
from assistant.text import DUTCH_NUMERALS, PERIOD_TERMS, question_terms, request_spans, terms
from assistant.types import Passage

_NUMERIC_CUES = re.compile(
    r"\b(hoeveel|hoe ?veel|hoe hoog|hoe groot|hoe lang|wat kost|kosten|bedrag|budget|percentage|"
    r"procent|aandeel|per inwoner|fte|aantal|wanneer|welk jaar|in welk jaar|datum|(?<!korte )(?<!lange )termijn|"
    r"euro|miljoen|bijdrage|tarief|prijs|hoe vaak|hoeveelste|minimaal|maximaal)\b",
    re.I,
)


# A question for a reason ('Hoe komt het dat middelgrote gemeenten per inwoner het minst aan ICT
# uitgeven?') is answered by the explanation, not by a sentence with a figure, though it names
# one ('per inwoner'). Unless it also asks a figure ('Waarom …, en hoeveel kost het?').
_REASON_ASK = re.compile(r"^\s*(?:waarom|waardoor|hoe komt het|wat is de reden|om welke redenen?)\b", re.I)

# A question for a description or a summary ('Hoe beschrijven Groeneveld en Timmermans de
# gemeentelijke ICT-markt?', 'Hoe gaan gemeenten om met …', 'Kun je kort samenvatten …', 'Wat omvat
# …'): like a reason, the answer goes on in sentences that share fewer words with the question.
# 'Hoe' with a verb, not 'hoeveel', 'hoe hoog', 'hoe lang' (a figure) nor 'hoe verhouden' (a
# comparison). On eval/qa.jsonl it takes 22 of the 31 answerable summary questions and 11 others.
_DESCRIPTION_ASK = re.compile(
    r"^\s*hoe (?!veel|hoog|lang|groot|vaak|duur|snel|verhoud|komt)[^\W\d_]+"
    r"|samenvat|\bin het kort\b|\bin een paar zinnen\b|^\s*wat (?:zegt|omvat|houdt)\b|\bbeschrij[fv]",
    re.I,
)


# Not the verb 'gelden' ('welke regels gelden …', 'geldt', 'geldig') nor 'Europese': neither asks an
# amount. No answer on the three eval sets changes; it keeps money sentences from being preferred.
_MONEY_CUES = re.compile(
    r"\b(kost|kosten|bedrag|budget|euro(?!p)|bijdrage|tarief|prijs|geld(?!t\b|en\b|ig)|investering|uitgaven)",
    re.I,
)


_PERCENT_CUES = re.compile(r"\b(percentage|procent|aandeel|%)", re.I)


_COUNTED_RE = re.compile(r"\bhoeveel\s+((?:[^\W\d_]+\s+){0,1}[^\W\d_]+)", re.I)


# 'welke ICT-onderwerpen': the last part of a hyphenated compound names what is asked ('onderwerpen')
_QUESTIONS_ASK = re.compile(r"\bvra(?:ag|gen)\b", re.I)  # 'Welke vragen …': questions are the answer
# A count before it ('Op welke drie punten …', 'Welke vijf leveranciers …') is not what is asked,
# nor an adjective before a plural noun ('Welke gezamenlijke producten …': not 'gezamenlijk', which
# a heading held, so the sentences under it were quoted; 'Welke andere gemeenten …'). Only a word
# with an adjective's ending, or a common adjective, and only before a plural: 'Op welke wijze
# worden …' keeps 'wijze'.
_ADJECTIVE = (
    r"(?:[^\W\d_]+(?:lijke|ische|ige|ieke|ele|ële|ale|ere|nde)|nieuwe|concrete|grote|kleine|vaste"
    r"|eerste|tweede|derde|laatste|goede|oude|hoge|lage|lange|korte|extra)"
)
_FOCUS_RE = re.compile(
    r"\b(?:welke|wat zijn de|wat waren de|noem de|geef de)\s+(?:belangrijkste\s+|voornaamste\s+)?"
    rf"(?:(?:{'|'.join(w for w, v in DUTCH_NUMERALS.items() if v.isdigit())})\s+)?"
    rf"(?:{_ADJECTIVE}\s+(?=[^\W\d_]+(?:en|s|'s|’s)\b))?"
    r"(?:[^\W\d_]+-)*([^\W\d_]{4,})",
    re.I,
)


# 'Wat is Common Ground?', 'Wat houdt een regieorganisatie in?', 'Leg uit wat Beware is.': the
# answer is the sentence that defines the subject ('Common Ground is een ontwerp …'). The subject
# is short; a longer one ('Wat is de rol van de raad bij de toetreding …') asks about more.
_DEFINITION_RE = re.compile(
    r"^\s*(?:wat (?:is|zijn|betekent|betekenen|houdt|houden)|wat wordt (?:er )?(?:bedoeld|verstaan) (?:met|onder)"
    r"|waar staat|(?:leg uit|uitleggen|vertel|beschrijf) wat)\s+(?:een |de |het )?(?P<subject>[^?.!]+?)"
    r"(?:\s+(?:in|is|zijn|voor))?\s*[?.!]?\s*$",
    re.I,
)
# ... as the text gives it: the subject among its first words, then the verb that defines it
_DEFINES_RE = re.compile(
    r"^(?:\S+\s+){0,6}?(?:is|zijn|betekent|houdt|staat voor|heeft als doel|verstaan we|bedoelen we)\b", re.I
)

YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


MONEY_RE = re.compile(r"€\s?\d|\d\s?(euro|miljoen|mln|miljard)\b", re.I)


@dataclass
class QuestionProfile:
    text: str
    weights: dict[str, float]  # stemmed term -> idf weight
    parts: list[set[str]]  # terms of each sub-question
    wants_number: bool
    wants_money: bool
    wants_percent: bool
    years: set[str]
    entities: set[str]  # capitalised words inside the question (names)
    counted: set[str]  # what 'hoeveel ...' counts ('hoeveel gemeenten' -> {'gemeent'})
    focus: set[str] = field(default_factory=set)  # what 'welke ...' asks for ('argumenten')
    ceiling: float = 1.0  # the highest idf of the corpus: that of a word it does not have
    # the parts (indexes into ``parts``) of a two-part question that ask an amount ('Hoeveel geld
    # en hoeveel tijd …'): a sentence with an amount covers such a part, whatever its words
    money_parts: frozenset[int] = frozenset()
    asks_questions: bool = False  # 'Welke vragen moet de cloudstrategie beantwoorden?'
    defines: frozenset[str] = frozenset()  # the terms of what 'Wat is …?' asks to define
    # the terms of the names that open a hyphenated compound ('Beware' in 'Beware-voorstel'):
    # which document a question is about, though no name each quoted sentence must hold
    prefix_names: frozenset[str] = frozenset()
    asks_reason: bool = False  # 'Waarom …', 'Hoe komt het dat …'
    asks_description: bool = False  # 'Hoe beschrijft …', 'Kun je kort samenvatten …'

    def without_terms(self, drop: set[str]) -> QuestionProfile:
        """The question without the terms ``drop`` (in its weights and parts), for choosing what
        to quote; itself where nothing is dropped or nothing would be left."""
        weights = {t: w for t, w in self.weights.items() if t not in drop}
        if not drop or not weights:
            return self
        parts = [part - drop for part in self.parts]
        return dataclasses.replace(self, weights=weights, parts=[p for p in parts if p] or [set(weights)])

    def specific_names(self, share: float) -> set[str]:
        """The terms of the names the question gives whose idf is at least ``share`` of the
        highest: 'Zevenaar', 'Liemers', not 'ICT' or 'gemeenten', which say nothing specific."""
        names = terms(" ".join(self.entities))
        return {t for t in names if self.weights.get(t, self.ceiling) >= share * self.ceiling}

    def defined(self, text: str) -> bool:
        """``text`` defines the subject of a definition question: it names it among its first
        words, before the verb that defines it ('De ICT-coöperatie (Beware) is eigenaar …')."""
        if not self.defines:
            return False
        m = _DEFINES_RE.match(text)
        return m is not None and bool(self.defines & set(terms(m.group(0))))

    def labels(self, text: str) -> bool:
        """``text`` opens with two or three content words of the question, as a row of a table
        opens with its label ('Wettelijke basis Algemene verordening …' for 'Welke wetten vormen
        de wettelijke basis …?')."""
        words = _lead_words(text)
        asked = self.text.lower()
        for n in (3, 2):
            phrase = words[:n]
            if len(phrase) < n or any(w in DUTCH_STOPWORDS or w not in asked for w in phrase):
                continue  # (a word not in the question at all: no pattern to build, the common case)
            if re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase)) + r"(?!\w)", asked):
                return True
        return False

    def part_covered(self, part: set[str], found: set[str]) -> bool:
        """At least half the weight of a sub-question's terms is in ``found``."""
        weight = sum(self.weights.get(t, 0.0) for t in part)
        return weight > 0 and sum(self.weights.get(t, 0.0) for t in part & found) >= 0.5 * weight

    def part_met(self, i: int, found: set[str], amount: bool) -> bool:
        """Sub-question ``i`` is answered by sentences with the terms ``found`` (and an amount,
        when ``amount``): half its weight, or any amount for a part that asks one."""
        return self.part_covered(self.parts[i], found) or (amount and i in self.money_parts)

    def part_touched(self, i: int, found: set[str], amount: bool) -> bool:
        """A sentence adds to sub-question ``i``: one of its terms, or an amount it asks."""
        return bool(self.parts[i] & found) or (amount and i in self.money_parts)


def profile_question(question: str, idf) -> QuestionProfile:
    q_terms = [PERIOD_TERMS.get(t, t) for t in question_terms(question)]
    # Numbers count as words too ('over drie tot zeven jaar' meets the heading 'Impact op lange
    # termijn (3-7 jaar)'; '19e ICT Benchmark'); only years did before. --cv 5 on eval/qa.jsonl:
    # key-fact recall 0.647 -> 0.649 (q-035 0 -> 0.5), citation precision 0.777 -> 0.787, summary
    # questions 0.504 -> 0.519; five fold assignments 0.641 -> 0.643, 0.778 -> 0.787, abstention
    # recall 0.719 -> 0.722 at the same false abstention (0.074).
    weights = {t: max(idf(t), 0.3) for t in q_terms}
    # A hyphenated compound gives itself and its parts ('VNG-onderzoek' -> 'vngonderzoek', 'vng',
    # 'onderzoek'). Written whole in no document, it weighed as the rarest term of all, one no
    # sentence holds; its parts carry it. --cv 5: key-fact recall 0.548 -> 0.551; over five fold
    # assignments 0.540 -> 0.543, abstention recall 0.621 -> 0.623 at the same false abstention.
    ceiling = max(idf("\u2400"), 1e-9)  # '␀' is in no corpus: the idf of a term it lacks
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)+", question):
        whole, *parts = terms(word) or [""]
        if parts and whole in weights and idf(whole) >= ceiling and all(idf(t) < ceiling for t in parts):
            del weights[whole]
    pieces = [
        p
        for p in re.split(
            r"\?|;|\ben\b(?= (?:hoe|wat|welke|wie|waarom|wanneer|hoeveel|in welk))|, en\b", question
        )
        if p.strip()
    ]
    asked = [(set(terms(p)) & set(weights), bool(_MONEY_CUES.search(p))) for p in pieces]
    asked = [(part, money) for part, money in asked if part]
    parts = [part for part, _ in asked] or [set(weights)]
    money_parts = (
        frozenset(i for i, (_, money) in enumerate(asked) if money) if len(asked) > 1 else frozenset()
    )
    tokens = list(re.finditer(r"\S+", question))
    words = [m.group(0) for m in tokens]
    request = request_spans(question)  # '… ? Vat kort samen.': 'Vat' opens a request, no name
    entities = {
        re.sub(r"^\W+|\W+$", "", w)
        for i, (m, w) in enumerate(zip(tokens, words, strict=True))
        if i > 0
        and "-" not in w
        and ((w[:1].isupper() and not w.isupper()) or (w.isupper() and len(w) >= 3))
        and not any(start <= m.start() < end for start, end in request)
    }
    # The name that opens a compound ('ERP-implementatie', 'SAP-licentie') where the corpus never
    # uses it: a gap of the question, as a name of its own would be. Only then: a known one ('ICT' in
    # 'ICT-fte') would become a name each quoted sentence must hold. Capitals only: 'Sint-' and
    # 'Gov-' say little. --cv 5: abstention recall 0.628 -> 0.637, false abstention unchanged.
    entities |= {
        part
        for w in words
        if "-" in w
        for part in re.sub(r"^\W+|\W+$", "", w).split("-")[:1]
        if part.isupper() and len(part) >= 3 and all(idf(t) >= ceiling for t in terms(part))
    }
    entities = {e for e in entities if len(e) > 2 and e.lower() not in DUTCH_STOPWORDS}
    reason = bool(_REASON_ASK.match(question))
    return QuestionProfile(
        text=question,
        weights=weights,
        parts=parts,
        wants_number=bool(_NUMERIC_CUES.search(question))
        and not (reason and not FIGURE_ASK_RE.search(question)),
        wants_money=bool(_MONEY_CUES.search(question)),
        asks_reason=reason,
        asks_description=bool(_DESCRIPTION_ASK.search(question)),
        wants_percent=bool(_PERCENT_CUES.search(question)),
        years=set(m.group(0) for m in YEAR_RE.finditer(question)),
        entities=entities,
        counted=set(terms(" ".join(m.group(1) for m in _COUNTED_RE.finditer(question)))),
        focus=set(terms(" ".join(m.group(1) for m in _FOCUS_RE.finditer(question)))),
        ceiling=ceiling,
        money_parts=money_parts,
        asks_questions=bool(_QUESTIONS_ASK.search(question)),
        defines=_subject(question),
        prefix_names=frozenset(
            t
            for m in re.finditer(r"(?<![\w-])([A-Z][\w&/]+)-[^\W\d_]", question)
            for t in terms(m.group(1))
            if m.start() > 0
        ),
    )


_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "what",
        "which",
        "how",
        "many",
        "much",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "for",
        "in",
        "to",
        "with",
        "by",
        "from",
        "municipalities",
        "municipality",
        "costs",
        "cost",
        "why",
        "who",
        "when",
    ]
)


def looks_english(question: str) -> bool:
    words = re.findall(r"[a-z]+", question.lower())
    return len(words) >= 3 and sum(w in _ENGLISH for w in words) >= 0.3 * len(words)


def _subject(question: str) -> frozenset[str]:
    """The terms of what a definition question asks to define; none for another question or a
    subject of more than three words ('de rol van de raad bij de toetreding van Woerden')."""
    m = _DEFINITION_RE.match(question)
    # 'volgens Berenschot', 'in het rapport' say where, not what
    if m is None:
        return frozenset()
    subject = re.sub(r"\s+(?:volgens|in het|in de)\b.*", "", m.group("subject"))
    return frozenset(terms(subject)) if len(subject.split()) <= 3 else frozenset()


@lru_cache(maxsize=1 << 14)
def _lead_words(text: str) -> tuple[str, ...]:
    """The first three words of a candidate sentence, lower-cased (``labels``): asked of every
    candidate for every question, the same for each."""
    return tuple(w.lower() for w in re.findall(r"[^\W\d_]+", text)[:3])


def without_title_years(q: QuestionProfile, passages: list[Passage]) -> QuestionProfile:
    """The question without the years that belong to a document's name: 'Hoeveel gemeenten namen
    deel aan de ICT Benchmark Gemeenten 2023?' names the report, whose figures are for 2022; asked
    as a year, it led with 'De ICT Benchmark Gemeenten 2023 gaat over boekjaar 2022.' and
    declined. A year counts as the name's where the word before it in the question is also the
    word before it in the title of a retrieved passage's document or part ('Gemeenten 2023');
    another edition ('de ICT Benchmark 2021') stays an asked year."""
    titles = " | ".join({f"{p.title} | {p.part or ''}" for p in passages})
    named = {
        year
        for year in q.years
        for m in re.finditer(rf"([^\W\d_]+)\s+{year}\b", q.text)
        if re.search(rf"\b{re.escape(m.group(1))}\s+{year}\b", titles, re.I)
    }
    if not named:
        return q
    return dataclasses.replace(q.without_terms(named), years=q.years - named)
