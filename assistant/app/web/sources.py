"""What each answer shows of its sources: labels, excerpts and the passage in its document."""

from __future__ import annotations

import html
import re
from typing import Any

from assistant.app.web.render import marked_html, marked_md, md_text, quote_spans
from assistant.app.web.texts import DOC_PLACEHOLDER
from assistant.service import Assistant
from assistant.types import Answer, Citation, Passage


def source_where(source: dict[str, Any]) -> str:
    bits = []
    if source.get("page"):
        bits.append(f"p. {source['page']}")
    if source.get("section"):
        bits.append(f"§ {source['section']}")
    return " · ".join(bits)


def source_label(source: dict[str, Any]) -> str:
    """One line for the source list beside the chat (shown as text, not HTML)."""
    where = source_where(source)
    head = f"[{source['n']}]" if source["kind"] == "bron" else "Mogelijk relevant:"
    name = source.get("part") or source["title"]  # the part of a bundle says most; the view has both
    if len(name) > 110:
        name = name[:107].rsplit(" ", 1)[0] + " …"
    return f"{head} {name}" + (f" — {where}" if where else "")


def sources_for(answer: Answer) -> list[dict[str, Any]]:
    """The citations of an answer, or its closest passages when it abstains, as plain dicts."""
    by_chunk = {p.chunk_id: p for p in answer.retrieved}

    def from_passage(p: Passage | None, **values: Any) -> dict[str, Any]:
        values.update(
            start=p.start if p else None,
            end=p.end if p else None,
            chunk_ids=list(p.chunk_ids) if p else [values["chunk_id"]],
        )
        return values

    if answer.citations:
        out = []
        for c in answer.citations:
            out.append(from_passage(by_chunk.get(c.chunk_id), **_citation_values(c), kind="bron"))
        return out
    return [
        from_passage(
            p,
            n=i,
            kind="mogelijk relevant",
            doc=p.doc,
            title=p.source_label,
            page=p.page,
            section=p.section,
            quote="",
            chunk_id=p.chunk_id,
            passage=p.text,
            part=p.part,
        )
        for i, p in enumerate(answer.retrieved[:3], start=1)
    ]


def _citation_values(c: Citation) -> dict[str, Any]:
    return {**c.to_json(), "passage": c.passage, "part": c.part}


def excerpt_md(source: dict[str, Any], around: int = 220, plain: int = 420) -> str:
    """The passage shortened around the cited sentences, which are highlighted."""
    passage = source.get("passage") or ""
    spans = quote_spans(passage, source.get("quote") or "")
    if spans:
        lo, hi = max(0, spans[0][0] - around), min(len(passage), spans[-1][1] + around)
    else:
        lo, hi = 0, min(len(passage), plain)
    text = marked_md(passage[lo:hi], spans, offset=lo).strip()
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(passage) else "")


def sources_block(sources: list[dict[str, Any]]) -> str:
    lines = []
    for s in sources:
        head = (
            f"**\\[{s['n']}\\] {md_text(s['title'])}**"
            if s["kind"] == "bron"
            else f"**{md_text(s['title'])}**"
        )
        where = source_where(s)
        meta = " · ".join(x for x in [md_text(where) if where else "", f"document {md_text(s['doc'])}"] if x)
        lines.append(f"{head}  \n{meta}\n\n> {excerpt_md(s)}")
    return "\n\n".join(lines)


def source_context(
    assistant: Assistant, source: dict[str, Any], before_chars: int = 500, after_chars: int = 900
) -> tuple[str, str]:
    """The text just before and after a passage in its document (from the neighbouring chunks)."""
    lexical, doc = assistant.lexical, source["doc"]
    own = [
        r for i in source.get("chunk_ids") or [] if (r := lexical.by_id.get(i)) is not None and r.doc == doc
    ]
    if not own:
        return "", ""
    first = min(int(r.meta.get("chunk_index", 0)) for r in own)
    last = max(int(r.meta.get("chunk_index", 0)) for r in own)
    # a citation of a chunk that was not retrieved (a list that runs on into the next chunk) has
    # no passage span of its own: its chunks' span then
    start = source.get("start")
    if start is None:
        start = min(int(r.meta.get("start", 0)) for r in own)
    end = source.get("end")
    if end is None:
        end = max(int(r.meta.get("end", 0)) for r in own)
    before = after = ""
    prev = lexical.chunk_at(doc, first - 1)
    if prev is not None:
        cut = len(prev.text) if start is None else max(0, start - int(prev.meta.get("start", 0)))
        before = prev.text[: min(cut, len(prev.text))]
    nxt = lexical.chunk_at(doc, last + 1)
    if nxt is not None:
        cut = 0 if end is None else max(0, end - int(nxt.meta.get("start", 0)))
        after = nxt.text[min(cut, len(nxt.text)) :]
    if len(before) > before_chars:  # enough to read the passage in, not so much it scrolls away
        before = "… " + before[-before_chars:].split(" ", 1)[-1]
    if len(after) > after_chars:
        after = after[:after_chars].rsplit(" ", 1)[0] + " …"
    return before, after


_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def document_view(assistant: Assistant, source: dict[str, Any] | None) -> str:
    """HTML for the document view: the passage in its surrounding text, all text escaped."""
    if not source:
        return DOC_PLACEHOLDER
    passage = source.get("passage") or ""
    spans = quote_spans(passage, source.get("quote") or "")
    before, after = source_context(assistant, source)
    label = f"[{source['n']}] " if source["kind"] == "bron" else "Mogelijk relevant: "
    where = source_where(source)
    parts = [
        '<div class="doc-view">',
        '<div class="doc-head">',
        f"<strong>{html.escape(label + source['title'])}</strong><br>",
        f'<span class="doc-where">{html.escape(where + " · " if where else "")}'
        f"document {html.escape(source['doc'])}</span>",
        "</div>",
    ]
    if before:
        parts.append(f'<span class="ctx">{html.escape(before)}</span>')
    parts.append(f'<span class="passage">{marked_html(passage, spans)}</span>')
    if after:
        parts.append(f'<span class="ctx">{html.escape(after)}</span>')
    parts.append("</div>")
    return _BLANK_LINES.sub("\n", "".join(parts))
