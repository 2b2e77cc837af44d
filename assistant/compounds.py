"""Dutch compound splitting for BM25: 'gemeentebegrotingen' also matches 'gemeente begroting'.

A word-list splitter over wordfreq's Dutch list (already a dependency): a long word is split in
two where both parts are common Dutch words (Zipf frequency ≥ MIN_ZIPF), allowing the linking
sounds 's', 'e' and 'en' at the end of the first part ('samenwerkings|verband'). The second part
may itself be split once more. The `compound-split` package was tried: its Dutch model takes 6 s
to import and splits poorly on this corpus ('toetreding' -> 'toet' + 'reding';
'gemeentebegrotingen' not at all).
"""

from __future__ import annotations

from functools import lru_cache

MIN_LENGTH = 9  # shorter words are rarely compounds worth splitting
MIN_PART = 4  # 'ict' and other short parts give false splits ('toet|reding' has 4 + 6)
MIN_ZIPF = 2.5  # about once per 3 million words: a real word, not a fragment (measured below)
_LINKS = ("", "s", "e", "en")
# Second parts that are suffixes rather than words ('volwassen|heid', 'gebruik|ende').
_SUFFIXES = frozenset({"heid", "heden", "ende", "enden", "oren", "ster", "tje", "tjes", "lijk", "lijke"})


@lru_cache(maxsize=1)
def _frequency():
    from wordfreq import zipf_frequency

    return zipf_frequency


@lru_cache(maxsize=1 << 16)
def _common(word: str) -> bool:
    return len(word) >= MIN_PART and _frequency()(word, "nl") >= MIN_ZIPF


WHOLE_ZIPF = 3.5  # a word this common is kept whole ('gemeenteraad'): splitting it adds noise


@lru_cache(maxsize=1 << 16)
def split_compound(word: str, depth: int = 2) -> tuple[str, ...]:
    """The parts of a folded lowercase word, or () when it is no compound (or a common word)."""
    if len(word) < MIN_LENGTH or not word.isalpha() or _frequency()(word, "nl") >= WHOLE_ZIPF:
        return ()
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail in _SUFFIXES:
            continue
        if not _common(tail):
            rest = split_compound(tail, depth - 1) if depth > 1 else ()
            if not rest:
                continue
            tail_parts = rest
        else:
            tail_parts = (tail,)
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if _common(stem):
                score = _frequency()(stem, "nl") + min(_frequency()(p, "nl") for p in tail_parts)
                if best is None or score > best[0]:
                    best = (score, (stem, *tail_parts))
    return best[1] if best else ()
