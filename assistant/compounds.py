"""Dutch compounds: the known words a word is made of ('lidmaatschapskosten' -> 'lidmaatschap' +
'kosten'), by word frequency (wordfreq's Zipf scale, shipped in the package: nothing is downloaded).

Cleaning uses ``segment`` to rejoin words that PDF extraction broke apart; the answerer uses
``compound_parts`` so that a sentence about 'lidmaatschapskosten' answers a question about 'kosten'
(the last part, the compound's head) or, deciding whether to answer, about 'lidmaatschap'.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import wordfreq


def segment(
    letters: str,
    zipf: Callable[[str], float],
    *,
    min_zipf: float = 1.5,
    min_len: int = 1,
    piece_cost: float = 0.0,
    max_pieces: int | None = None,
    linking_s: bool = False,
) -> tuple[float, list[str]] | None:
    """Split a run of letters into likely words, cheapest by word rarity (8 − ``zipf``, plus
    ``piece_cost`` per piece): the cost and the pieces, or None if impossible. Each piece has at
    least ``min_len`` letters and Zipf ``min_zipf``; with ``linking_s`` a piece before the last
    may end in a compound's linking 's' ('digitalisering|s|impuls')."""
    n = len(letters)
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 25), end - min_len + 1):
            prev = best[start]
            if prev is None or (max_pieces is not None and len(prev[1]) >= max_pieces):
                continue
            piece = letters[start:end]
            rarity = zipf(piece)
            if rarity < min_zipf and linking_s and end < n and piece.endswith("s") and len(piece) > 3:
                rarity = zipf(piece[:-1])
            if rarity < min_zipf:
                continue
            cand = (prev[0] + 8.0 - rarity + piece_cost, [*prev[1], piece])
            if best[end] is None or cand[0] < best[end][0]:  # type: ignore[index]
                best[end] = cand
    return best[n]


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """wordfreq's Dutch word frequencies (loaded once, ~0.2 s)."""
    return wordfreq.get_frequency_dict("nl")


def zipf(word: str) -> float:
    """How common a Dutch word is on wordfreq's Zipf scale (0 for a word it lacks)."""
    freq = frequencies().get(word.lower(), 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


# A word this common is a word of its own, not read as a compound ('informatie', 'gemeenteraad').
COMMON_ZIPF = 4.0


@lru_cache(maxsize=1 << 15)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known words of a compound of two or three of them, each of at least three letters (a
    linking 's' allowed): 'lidmaatschapskosten' -> 'lidmaatschaps', 'kosten'. The last is what the
    compound is a kind of, its head ('rapportcijfer' -> 'cijfer'; Dutch compounds end in their
    head). Empty for a word of fewer than nine letters, a common word, or no such compound."""
    if len(word) < 9 or zipf(word) >= COMMON_ZIPF:
        return ()
    # the costs cleaning reads compounds with (ingest.words: PART_COST 2.0 per part, MAX_PARTS 3)
    split = segment(word.lower(), zipf, min_zipf=3.0, min_len=3, piece_cost=2.0, max_pieces=3, linking_s=True)
    return tuple(split[1]) if split is not None and len(split[1]) >= 2 else ()
