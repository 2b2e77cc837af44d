"""Headings of council documents mapped to the sections of a debate brief.

A stand-in with the API of ``assistant.ingest.structure`` (written on another branch): it finds
headed blocks in a document's text ('Argumenten', 'Gevraagd besluit', 'Financiële gevolgen') and
the list items inside them, so a council document's own lists become the brief's sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import fold

# Section key -> heading patterns (folded, matched at the start of a heading line).
_PATTERNS: list[tuple[str, str]] = [
    (
        "gevraagd",
        r"(gevraagd(e)? besluit|beslispunt|voorgesteld besluit|ontwerpbesluit|besluit(en)?$|"
        r"voorstel$|te nemen besluit)",
    ),
    ("argumenten", r"(argument|beoogd effect|motivering|waarom (dit|deze) (voorstel|keuze))"),
    ("kanttekeningen", r"(kanttekening|risico|beheersmaatregel|nadelen|bezwaren|aandachtspunt)"),
    ("financien", r"(financi|kosten|dekking|begroting|middelen$|budget)"),
    ("alternatieven", r"(alternatie|scenario|opties?$|varianten|overwogen)"),
    ("samenvatting", r"(samenvatting|kernboodschap|inleiding|aanleiding|managementsamenvatting)"),
]
SECTION_KEYS = tuple(dict.fromkeys(k for k, _ in _PATTERNS))

_ITEM_RE = re.compile(r"^\s*(?:[-–•·«»▪■●*]|\d{1,2}[.)]|[a-z][.)]|[a-z]\s(?=[A-Z])|[ivx]+[.)])\s*")


def section_key(heading: str) -> str | None:
    """The brief section a heading opens ('Kanttekeningen, risico's en alternatieven' ->
    'kanttekeningen'; the first matching word wins), or None."""
    text = fold(heading).strip().rstrip(":").strip()
    text = re.sub(r"^(\d+(\.\d+)*\.?|[ivx]+\.)\s+", "", text)
    if not text or len(text) > 70:
        return None
    best: tuple[int, str] | None = None
    for key, pattern in _PATTERNS:
        m = re.search(r"\b" + pattern, text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), key)
    return best[1] if best else None


@dataclass
class Block:
    """A heading and the text under it up to the next heading; ``items`` are its list items
    as (start, end) offsets into the document text."""

    kind: str  # 'section' for a heading with a brief key, 'other' otherwise
    text: str
    items: list[tuple[int, int]] = field(default_factory=list)
    heading: str = ""
    section: str | None = None
    start: int = 0
    end: int = 0


def _is_heading_line(line: str, previous_blank: bool) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 80 or (_ITEM_RE.match(stripped) and not section_key(stripped)):
        return False
    if section_key(stripped) and (stripped.endswith(":") or len(stripped.split()) <= 8):
        return stripped[0].isupper() or stripped[0].isdigit()
    if not previous_blank or stripped.endswith((".", ",", ";")) or not stripped[0].isupper():
        return False
    return len(stripped.split()) <= 8 and not re.search(r"\d{3,}", stripped)


def parse_blocks(text: str) -> list[Block]:
    """Headed blocks of a document, in order; a block runs to the next heading."""
    heads: list[tuple[int, int, str]] = []  # (line start, body start, heading)
    previous_blank = True
    for m in re.finditer(r"[^\n]*\n?", text):
        line = m.group(0)
        if not line:
            break
        if _is_heading_line(line, previous_blank):
            heads.append((m.start(), m.end(), line.strip()))
        previous_blank = not line.strip()
    blocks: list[Block] = []
    for i, (start, body, heading) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        key = section_key(heading)
        blocks.append(
            Block(
                kind="section" if key else "other",
                text=text[body:end],
                items=_items(text, body, end),
                heading=heading.rstrip(":").strip(),
                section=key,
                start=start,
                end=end,
            )
        )
    return blocks


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """List items (bullets, '1.', 'a.') with their continuation lines; without bullets, the
    paragraphs of the block."""
    items: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    current: list[int] | None = None
    para: list[int] | None = None
    for m in re.finditer(r"[^\n]*\n?", text[start:end]):
        line = m.group(0)
        if not line:
            break
        a, b = start + m.start(), start + m.start() + len(line.rstrip())
        if not line.strip():
            para = None
            continue
        if _ITEM_RE.match(line) and len(line.strip()) > 3:
            current = [a, b]
            items.append((a, b))
        elif current is not None:
            current[1] = b
            items[-1] = (current[0], b)
        if para is None:
            para = [a, b]
            paragraphs.append((a, b))
        else:
            para[1] = b
            paragraphs[-1] = (para[0], b)
    return items or paragraphs


def item_head(item: str) -> str:
    """An item without its bullet or enumerator, whitespace and broken words joined."""
    text = _ITEM_RE.sub("", item.strip(), count=1)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip()
