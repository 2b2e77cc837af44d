"""Dutch sentence splitting for cleaned PDF text: abbreviations, numbers, list items and lines."""

from __future__ import annotations

import re

from assistant.text import fold

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


def split_sentences(text: str) -> list[str]:
    """Sentences of cleaned PDF text: respects Dutch abbreviations, numbers, bullets and lines."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-–•·«»▪■●*]|\d{1,2}[.)])\s)", text):
        for line in _lines_of(block):
            sentences.extend(_split_line(line))
    return [s for s in (s.strip() for s in sentences) if s]


def _lines_of(block: str) -> list[str]:
    """Lines that stand alone (headings, bullets, table rows) are kept apart; prose is joined."""
    lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
    if len(lines) <= 1:
        return lines
    out: list[str] = []
    for ln in lines:
        if out and not BULLET_RE.match(ln) and not _ends_sentence(out[-1]) and len(out[-1]) > 40:
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


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
