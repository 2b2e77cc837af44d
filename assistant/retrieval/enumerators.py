"""List item marks: which enumerator a line starts with, and which mark follows which."""

from __future__ import annotations

import re

from assistant.sentence_split import O_BULLET

# Bullets: dashes, dots, guillemets, squares, check boxes and the private-use glyphs PDF
# extraction leaves for Wingdings bullets. '#' is how OCR read the first '»' of a slide's list
# ('Reden:' / '# Gebruik maken van goedkopere software …' / '» Flexibele inzetbaarheid …'); the
# corpus has no other line that starts with '# '.
BULLET_CHARS = "#-–—•·«»▪■●◦*➢►✓☐☒\uf0b7\uf06e\uf0a7\uf0d8\uf0fc\uf076\uf0a8\uf0e0"
O_BULLET_RE = re.compile(rf"^\s*{O_BULLET}")
_ENUM_RE = re.compile(
    rf"^\s*(?P<marker>[{re.escape(BULLET_CHARS)}]|{O_BULLET}|[\ue000-\uf8ff]|\(?\d{{1,2}}[.)](?!\d)|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])\s+(?=\S)"
)
_BARE_LETTER_RE = re.compile(r"^\s*(?P<marker>[a-z])\s+(?=[A-Z])")
_ORDINAL_RE = re.compile(
    r"^\s*(?P<marker>ten (?:eerste|tweede|derde|vierde|vijfde|zesde|slotte)|tot slot|enerzijds|anderzijds)\b[,:]?\s*",
    re.I,
)
_NUMBERED_MARK_RE = re.compile(r"\(?(\d{1,2}|[a-z])([.)])")


def enum_marker(line: str, previous: str | None) -> tuple[str, int] | None:
    """The enumerator a line starts with and where its text begins, or None.

    'i Samen ontwikkelen…' without a period counts only right after 'h.'.
    """
    m = _ENUM_RE.match(line) or _ORDINAL_RE.match(line)
    if m:
        return m.group("marker"), m.end()
    m = _BARE_LETTER_RE.match(line)
    if m and previous and re.fullmatch(r"\(?[a-z][.)]?", previous):
        prev = previous.strip("().")
        if ord(m.group("marker")) == ord(prev) + 1:
            return m.group("marker"), m.end()
    return None


def is_bullet(marker: str) -> bool:
    """A bullet ('-', '»', a Wingdings glyph), not a number, letter or ordinal word.

    A list ends where, after a blank line, its marks change kind: the '-' questions under
    'Enkele aandachtspunten voor de cloudstrategie:' were followed by '3. Tegelijkertijd …', the
    next point of the numbered list they were nested in, and the list took in that point and the
    paragraphs after it. --cv 5 on eval/qa.jsonl: one answer changes (q-319, 139 -> 92 words, the
    same key facts); the debate evaluation gives the same numbers."""
    return len(marker) == 1 and (not marker.isalnum() or marker == "O")


def follows(marker: str, previous: str) -> bool:
    """'2.' after '1.', 'b)' after 'a)': the next item of a numbered or lettered list."""
    m, p = _NUMBERED_MARK_RE.fullmatch(marker), _NUMBERED_MARK_RE.fullmatch(previous)
    if not m or not p or m.group(2) != p.group(2):
        return False
    a, b = m.group(1), p.group(1)
    if a.isdigit() and b.isdigit():
        return int(a) == int(b) + 1
    return a.isalpha() and b.isalpha() and ord(a) == ord(b) + 1
