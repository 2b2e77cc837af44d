"""Escaping and highlighting: question and document text reach the page as text, never as HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from assistant.text import merge_spans

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")


_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def md_text(text: str) -> str:
    """Plain text for a Markdown field: HTML escaped and every Markdown sign made literal."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_answer(text: str) -> str:
    """An answer as Markdown: literal text with its citation markers [n] in bold."""
    return _MARKER.sub(r"**\\[\1\\]**", md_text(text))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def quote_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Where the cited sentences (joined by ' … ') stand in the passage, merged and sorted."""
    spans: list[tuple[int, int]] = []
    for sentence in (quote or "").split(" … "):
        sentence = sentence.strip()
        if not sentence:
            continue
        at = passage.find(sentence)
        if at < 0:
            continue
        spans.append((at, at + len(sentence)))
    return merge_spans(spans)


def _marked(text: str, spans: list[tuple[int, int]], offset: int, render: Callable[[str], str]) -> str:
    """``text`` rendered piece by piece, the spans (positions in the full passage) in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= pos or start >= len(text):
            continue
        start = max(start, pos)
        out.append(render(text[pos:start]))
        out.append(f"<mark>{render(text[start:end])}</mark>")
        pos = end
    out.append(render(text[pos:]))
    return "".join(out)


def marked_html(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    """Escaped ``text`` with the spans wrapped in <mark>."""
    return _marked(text, spans, offset, html.escape)


def marked_md(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    """Like ``marked_html`` but for Markdown: literal text, highlighted spans in <mark>."""
    return _marked(text, spans, offset, lambda piece: md_text(_squash_keep(piece)))


def _squash_keep(text: str) -> str:
    """Whitespace runs to one space, keeping a leading/trailing space (pieces are joined)."""
    return re.sub(r"\s+", " ", text or "")
