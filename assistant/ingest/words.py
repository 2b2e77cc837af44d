"""Words that PDF extraction broke apart with stray spaces ('digi tal iser ing'), joined again.

A lexicon says how common a Dutch word is (wordfreq, the document's own sound text and
simplemma's dictionary); a dynamic programme over word rarity decides which pieces of a damaged
line make one word. Letter-spaced headings ('I N L E I D I N G') are collapsed the same way.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import simplemma

from assistant.compounds import frequencies, segment

_LETTERS = r"[^\W\d_]"
_WORD_RE = re.compile(rf"{_LETTERS}+")
_KNOWN_MAX = 1 << 18  # words a lexicon remembers, some 40 MB at most (the corpus: 14,000)


class Lexicon:
    """How common a Dutch word is: wordfreq's Zipf scale, raised by counts from the document."""

    def __init__(self, doc_counts: Counter[str] | None = None) -> None:
        self._freq = frequencies()
        self._doc = doc_counts or Counter()
        # Cleaning asks about the same words millions of times (bench: 3 million calls, a third
        # of the corpus's cleaning time); a document has some tens of thousands of distinct ones.
        # The shared wordfreq lexicon lives as long as the process, so its memory is bounded.
        self._known: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= _KNOWN_MAX:
                self._known.clear()
            known = self._known[word] = self._zipf(word.lower())
        return known

    def _zipf(self, word: str) -> float:
        if len(word) == 1:
            return 0.0 if word not in "u" else 5.0
        freq = self._freq.get(word, 0.0)
        base = math.log10(freq * 1e9) if freq > 0 else 0.0
        seen = self._doc.get(word, 0)
        # A word the document itself uses often is a word, even when wordfreq lacks it.
        return max(base, 2.5 + math.log10(seen) if seen >= 3 else 0.0)


def build_lexicon(text: str) -> Lexicon:
    """The document's own words, counted where its text is sound.

    Only lines with at most one non-word count, and only words of five letters or more: in a
    document whose extraction spaced its words apart ('digi tal iser ing'), the fragments recur
    hundreds of times and would otherwise pass for common words that must not be joined. Measured
    on the bundle with that damage: its non-words fell from 5,853 to 4,049 (1,463 changes; 48 of a
    sample of 50 right, two left apart what the old count joined).
    """
    base = _wordfreq_lexicon()
    counts: Counter[str] = Counter()
    for line in text.split("\n"):
        words = _WORD_RE.findall(line)
        if sum(1 for w in words if len(w) == 1 or base.zipf(w) < 2.5) <= 1:
            counts.update(w.lower() for w in words if len(w) >= 5)
    return Lexicon(counts)


def _collapse_spaced(run: str, lex: Lexicon) -> str:
    collapsed = re.sub(r"\s+", "", run)
    out: list[str] = []
    for token in re.findall(rf"{_LETTERS}+|[^\w\s]+|\d+", collapsed):
        if token[0].isalpha() and len(token) > 3 and lex.zipf(token) < 3.0:
            split = segment(token, lex.zipf)
            out.extend(split[1] if split else [token])
        elif out and not token[0].isalnum() and token not in "(\"'‘“":
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out).replace("( ", "(")


def fix_letter_spacing(line: str, lex: Lexicon) -> str:
    """'4.1 I N L E I D I N G' -> '4.1 INLEIDING'.

    Runs of four or more single characters are collapsed; where double spaces mark the
    word gaps they are kept, otherwise the letters are re-split into words by the lexicon.
    """
    tokens = line.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    if singles < 4 or singles < 0.6 * len(tokens):
        return line
    if re.search(r"\S {2,}\S", line.strip()):
        groups = re.split(r" {2,}", line.strip())
        return " ".join(_collapse_spaced(g, lex) if len(g) > 2 else g for g in groups)
    return re.sub(r"(?<!\S)(?:\S ){3,}\S(?!\S)", lambda m: _collapse_spaced(m.group(0), lex), line)


def _is_odd(token: str, lex: Lexicon) -> bool:
    """A stray letter or a non-word ('iser', 's'): what makes a line look damaged."""
    return (len(token) == 1 and token not in "uUeE") or lex.zipf(token) < 2.5


_AFFIX_WORDS = frozenset({"te", "is", "ik", "in"})


def _may_join(parts: list[str], lex: Lexicon, dictionary: bool = False) -> bool:
    """Whether pieces may be joined into one word. Real pairs stay apart: a very common word
    ('en', 'van', 'de', 'te') never ends a join ('ontwikkeling en', 'de i van'), and starts one
    only of three pieces or more ('te rmi jn', not 'de a'). Then one piece must be a stray letter
    or a non-word ('kwal i te it'), or at most one a common word ('Neder land', 'ru im', not
    'zorg en')."""
    very_common = [lex.zipf(p) >= 6.0 for p in parts]
    if dictionary and len(parts) == 2:
        # 'behoef te', 'datagebru ik', 'in ternet': a non-word and a short word that is also a
        # suffix or prefix make a word of the dictionary. Not 'en', which ends plurals as often as
        # it joins two words ('ontwikkel ing en beheer').
        affix = [p.lower() in _AFFIX_WORDS for p in parts]
        if sum(affix) == 1 and _is_odd(parts[affix.index(False)], lex):
            return True
    if very_common[-1] or (very_common[0] and len(parts) < 3):
        return False
    if any(_is_odd(p, lex) for p in parts):
        return True
    common = [p for p in parts if len(p) > 1 and lex.zipf(p) >= 4.0]
    return len(common) < 2 and not any(very_common)


PARAGRAPH_DAMAGE = 0.05  # share of non-words that marks a whole paragraph as damaged (see below)


def _looks_damaged(tokens: list[str], paragraph: bool = False) -> bool:
    """Several stray letters or non-words, judged by wordfreq alone: in a document broken this
    way the pieces ('voorz', 'ingen') recur often enough that its own counts take them for words,
    and 'De voorz ien ingen in de huidige GDI' looked sound (74 more places are repaired in 002,
    all but two right by reading; no other document changes)."""
    alpha = [t for t in tokens if t.isalpha()]
    if len(alpha) < 2:
        return False
    judge = _wordfreq_lexicon()
    odd = sum(1 for t in alpha if _is_odd(t, judge))
    if paragraph:
        # a paragraph of a sound document has its names and loan words too: at 5% none of the
        # four sound documents changes
        return odd >= 2 and odd / len(alpha) >= PARAGRAPH_DAMAGE
    return odd >= 2 or odd / len(alpha) >= 0.2


@lru_cache(maxsize=1)
def _wordfreq_lexicon() -> Lexicon:
    return Lexicon()


# Costs of the word-joining programme, in units of word rarity (8 − Zipf). A join costs a little,
# so two readings that are as good keep the text as it is. Each part of a compound made by joining
# costs more than a join, so two joins ('digitale' + 'basisinfrastructuur') beat one compound of
# the same pieces ('digitalebasisinfrastructuur'). Set by reading the changes on the corpus.
JOIN_COST = 0.5
PART_COST = 2.0
MAX_PARTS = 3  # three parts left 4,159 non-words in 002, two parts 4,173


def _whole_word(token: str, lex: Lexicon) -> bool:
    """A token that is a word by itself ('daarvoor', 'gezamenlijk', 'aan'): a compound made by
    joining pieces does not start or end with one ('vertrekpunten daarvoor', not
    'vertrekpuntendaarvoor')."""
    zipf = lex.zipf(token)
    return zipf >= 5.5 or (len(token) >= 4 and zipf >= 3.5)


# A joined word at least this common in wordfreq is a word; a rarer one must be in simplemma's
# dictionary (and then costs as a word of this Zipf) or a compound of known words.
KNOWN_ZIPF = 3.0


@lru_cache(maxsize=1 << 16)
def _dictionary_word(word: str) -> bool:
    """A word of at least six letters in simplemma's Dutch dictionary ('daadkrachtig',
    'uitvoeringsprogramma'), which wordfreq lacks or counts as rare: it costs as a word of
    ``KNOWN_ZIPF``."""
    return len(word) >= 6 and simplemma.is_known(word.lower(), lang="nl")


def is_word(word: str) -> bool:
    """A Dutch word by wordfreq, simplemma's dictionary or as a compound of known words."""
    lex = _wordfreq_lexicon()
    return lex.zipf(word) >= KNOWN_ZIPF or _dictionary_word(word) or _compound_cost(word, lex) is not None


def _compound_cost(word: str, lex: Lexicon) -> float | None:
    """What ``word`` costs as a compound of two or three known words (at least three letters
    each, a linking 's' allowed: 'digitalisering|s|impuls'): the rarity of its parts plus
    ``PART_COST`` per part. None when it is no such compound. wordfreq lacks most compounds
    ('digitaliseringsimpuls', 'exploitatiekosten'), so without this they stayed in pieces."""
    split = segment(
        word.lower(),
        lex.zipf,
        min_zipf=3.0,
        min_len=3,
        piece_cost=PART_COST,
        max_pieces=MAX_PARTS,
        linking_s=True,
    )
    return split[0] if split is not None and len(split[1]) >= 2 else None


def fix_broken_words(line: str, lex: Lexicon, paragraph: bool = False) -> str:
    """Re-joins words that extraction split with spaces ('s t ructuree l' -> 'structureel',
    'digital iser ingsimpuls' -> 'digitaliseringsimpuls').

    Only lines that look damaged (several non-words or stray letters) are touched. Their
    tokens are grouped so that the words are as common as possible (a dynamic programme
    over word rarity). Which pieces may be joined is ``_may_join`` (real pairs such as 'zorg en'
    and 'op de a van' stay apart); a join must give a common word, or a compound of known words
    (``_compound_cost``) that does not start or end with a token that is a word by itself.

    Measured on the corpus: only the bundle with the damage (002) changes. Its non-words fell
    from 4,763 to 4,159 over about 540 changed places; of about 120 of them read, six join too
    much ('registratiesteverwerken', 'word tina'), the rest are right ('kwal i te it' ->
    'kwaliteit', 'explo i ta t iekosten' -> 'exploitatiekosten').

    A joined word that simplemma's Dutch dictionary knows counts as a word (``_dictionary_word``),
    and ``clean_text`` runs this a second time over the joined paragraphs (``paragraph``: a word
    broken across a wrapped line). Together, in 002 only: non-words by wordfreq 3,356 -> 2,876
    over 566 places; of 160 read, four join wrongly ('in standhouden', 'eigenfunctie'), the
    rest are right ('daadkracht ig' -> 'daadkrachtig', 'in ternet' -> 'internet', and the earlier
    'registratiesteverwerken' -> 'registraties te verwerken').
    """
    tokens = line.split(" ")
    if len(tokens) < 2 or not _looks_damaged(tokens, paragraph):
        return line
    n = len(tokens)

    def rarity(word: str) -> float:
        return 8.0 - lex.zipf(word)

    best: list[tuple[float, list[str]]] = [(0.0, [])]
    for end in range(1, n + 1):
        last = tokens[end - 1]
        cost, words = best[end - 1]
        core = re.match(rf"({_LETTERS}+)(\W*)$", last)
        single = rarity(core.group(1)) if core else 4.0
        choice = (cost + single, [*words, last])
        if core:
            for start in range(max(0, end - 8), end - 1):
                group = tokens[start : end - 1]
                if not all(g.isalpha() for g in group):
                    continue
                parts = [*group, core.group(1)]
                if len({p.isupper() for p in parts if len(p) > 1}) > 1:
                    continue
                if any(len(p) == 1 and p.isupper() for p in parts[1:]) and any(p.islower() for p in parts):
                    continue  # 'lossen D Voornamen': a capital inside a word is no break in it
                if (
                    len(parts[0]) == 1
                    and parts[0].isupper()
                    and parts[1][:1].isupper()
                    and not parts[1].isupper()
                ):
                    continue  # 'O De …': a bullet the OCR read as a letter (not 'D it')
                joined = "".join(parts)
                dictionary = _dictionary_word(joined)
                if not _may_join(parts, lex, dictionary):
                    continue
                zipf = lex.zipf(joined)
                word_cost: float | None = 8.0 - (max(zipf, KNOWN_ZIPF) if dictionary else zipf)
                if zipf < KNOWN_ZIPF and not dictionary:
                    ends = (parts[0], parts[-1])
                    whole_end = any(_whole_word(p, lex) for p in ends)
                    word_cost = None if whole_end else _compound_cost(joined, lex)
                    if word_cost is None:
                        continue
                c = best[start][0] + word_cost + JOIN_COST
                if c < choice[0]:
                    choice = (c, [*best[start][1], joined + core.group(2)])
        best.append(choice)
    return " ".join(best[n][1])


_SHORT_RE = re.compile(rf"{_LETTERS}{{1,3}}")
_SHORT_TAIL_RE = re.compile(rf"({_LETTERS}{{1,3}})(\W*)$")


def fix_split_short_words(line: str) -> str:
    """'zi jn' -> 'zijn', 'wi l' -> 'wil': a very common short word broken in two.

    Both pieces are words by wordfreq (Zipf 3.2 and 2.6 for 'zi' and 'jn'), so the line does not
    look damaged to ``fix_broken_words`` and stays as it is there. Two pieces of at most three
    letters, each rare by itself (Zipf < 4), that make a very common word (Zipf >= 5.5) are joined.
    On the corpus only the bundle with the damage (002) changes, in 27 places, all right ('zi jn'
    26 times, 'wi l' once); the four sound documents keep every line.
    """
    lex = _wordfreq_lexicon()
    tokens = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        tail = _SHORT_TAIL_RE.match(tokens[i + 1]) if i + 1 < len(tokens) else None
        if tail and _SHORT_RE.fullmatch(first):
            second = tail.group(1)
            joined = first + second
            if (
                (second.islower() or joined.isupper())
                and lex.zipf(joined) >= 5.5
                and max(lex.zipf(first), lex.zipf(second)) < 4.0
            ):
                out.append(first + tokens[i + 1])
                i += 2
                continue
        out.append(first)
        i += 1
    return " ".join(out)
