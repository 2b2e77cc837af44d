"""Synthetic corpora of N times the real one, for scale benchmarks.

Copy 0 is the real corpus itself (with its catalog), so the questions of the QA set still have
their answers. Copies 1..N-1 are the real documents with every number changed and the names of
places, organisations and suppliers swapped for invented ones: the vocabulary grows as it would
with more municipalities, so BM25 and dense search do real work instead of finding exact
duplicates (which the indexer would refuse anyway).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

# Names that occur in the real corpus and identify a place, organisation or supplier.
NAMES = [
    "Eindhoven",
    "Zevenaar",
    "Woerden",
    "Westervoort",
    "Boxtel",
    "Duiven",
    "Beware",
    "Liemers",
    "Tilburg",
    "Friesland",
    "Dimpact",
    "Dalfsen",
    "Groningen",
    "Michielsgestel",
    "Oudewater",
    "Montfoort",
    "Utrecht",
    "Rabobank",
    "Berenschot",
    "Deloitte",
    "Microsoft",
    "Google",
    "Cumulus",
    "Rutte",
    "Booking",
    "Nederland",
    "Nijmegen",
    "Arnhem",
    "Rotterdam",
    "Amsterdam",
    "Amersfoort",
    "Zwolle",
    "Leiden",
    "Haarlem",
    "Delft",
    "Breda",
    "Venlo",
    "Almere",
]

_PREFIXES = [
    "Brek",
    "Veld",
    "Hoog",
    "Laar",
    "Wester",
    "Ooster",
    "Zand",
    "Beek",
    "Mol",
    "Linde",
    "Vier",
    "Kool",
    "Ros",
    "Eik",
    "Haver",
    "Riet",
    "Dijk",
    "Berk",
]
_SUFFIXES = [
    "hoven",
    "dam",
    "wijk",
    "veen",
    "horst",
    "drecht",
    "rode",
    "dorp",
    "loo",
    "broek",
    "sum",
    "werd",
    "gaard",
    "kerk",
    "lo",
    "stad",
]

_NAME_RE = re.compile(r"\b(" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")\b")
_NUMBER_RE = re.compile(r"\d+")


def invented_names(rng: random.Random) -> dict[str, str]:
    """One invented name for each real name, fixed within a copy."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for name in NAMES:
        while True:
            new = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
            if new not in taken and new not in NAMES:
                break
            new += rng.choice("aeiou")
            if new not in taken:
                break
        taken.add(new)
        out[name] = new
    return out


def vary_text(text: str, copy: int, seed: int = 0) -> str:
    """The text with all numbers changed and known names replaced; deterministic per copy."""
    rng = random.Random(f"{seed}-{copy}")
    names = invented_names(rng)
    year_shift = rng.randint(-6, 6) or 1

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(int(digits) + year_shift)
        if len(digits) == 1:
            return str(rng.randint(1, 9))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    text = _NUMBER_RE.sub(number, text)
    return _NAME_RE.sub(lambda m: names[m.group(1)], text)


def generate(source: Path, dest: Path, factor: int, seed: int = 0) -> list[Path]:
    """Write a corpus of ``factor`` times ``source`` into ``dest`` (made empty first)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    files = sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))
    written: list[Path] = []
    for path in files:  # copy 0: the real corpus as it is, catalog included
        shutil.copy(path, dest / path.name)
        if path.name != "catalog.yaml":
            written.append(dest / path.name)
    originals = [p for p in files if p.suffix.lower() in (".txt", ".md")]  # PDFs are not varied
    for copy in range(1, factor):
        for path in originals:
            text = vary_text(path.read_text(encoding="utf-8"), copy, seed)
            target = dest / f"s{copy:03d}_{path.name}"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written
