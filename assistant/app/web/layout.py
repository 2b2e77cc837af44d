"""The Gradio web chat: layout and event wiring only; answers come from ``Assistant.ask``.

``create_app(assistant)`` builds the page (nothing is built at import) and ``serve(settings)``
indexes the corpus when needed and launches it. Every session keeps its own conversation in a
``gr.State``; the ``Assistant`` is shared. All question and document text is escaped before it
reaches the page, so it is shown as text and never run as HTML or script.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.feedback import FeedbackStore, answer_settings
from assistant.errors import describe
from assistant.ingest.uploads import safe_name
from assistant.offline import configure_offline
from assistant.paths import export_dir
from assistant.service import Assistant, QuestionError, clean_question, prepare_index
from assistant.settings import Settings
from assistant.types import Answer, Citation, Passage

TITLE = "Adviesassistent gemeentelijke ICT"
PURPOSE = (
    "Stel vragen over de documenten over gemeentelijke ICT. Elk antwoord noemt zijn bronnen "
    "[1], [2], … zodat u de passage zelf kunt nalezen."
)
DOC_PLACEHOLDER = (
    '<div class="doc-view doc-empty">Kies hierboven een bron om de passage in de omliggende '
    "tekst te lezen.</div>"
)
UPLOAD_TYPES = (".pdf", ".txt", ".md")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

EXAMPLES: dict[str, list[str]] = {
    "Beleidsmedewerker": [
        "Hoe wordt de jaarlijkse contributie van een lid van Beware berekend, en voor hoelang sluit je het lidmaatschap af?",
        "Welke toekomstscenario's voor RID De Liemers zijn in het onderzoek op een rij gezet?",
        "Waardoor zijn de uitgaven aan software in 2022 omhooggegaan?",
    ],
    "Raadslid": [
        "Welke argumenten noemt het college van Woerden voor toetreding tot Beware?",
        "Welke kanttekeningen en risico's ziet het college bij deelname aan de ICT-coöperatie?",
        "Waarom vindt het college van Zevenaar dat niets doen geen optie is?",
    ],
    "Evaluator": [
        "Op hoeveel deelnemende gemeenten en inwoners is de 19e ICT Benchmark Gemeenten gebaseerd?",
        "Hoeveel gemeenten waren er in Nederland rond 1900, en hoeveel zijn het er sinds 1 januari 2021?",
        "Welke wetten vormen volgens de sectorschets de wettelijke basis voor het ICT-domein van gemeenten?",
    ],
}

CSS = """
#status-line { font-size: 0.9em; opacity: 0.85; }
.doc-view { white-space: pre-wrap; line-height: 1.5; max-height: 560px; overflow-y: auto;
  padding: 0.75em; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.doc-view .doc-head { white-space: normal; margin-bottom: 0.6em; padding-bottom: 0.4em;
  border-bottom: 1px solid var(--border-color-primary); position: sticky; top: -0.75em;
  background: var(--block-background-fill); padding-top: 0.4em; }
.doc-view .doc-where { font-size: 0.85em; opacity: 0.8; }
.doc-view .ctx { opacity: 0.6; }
.doc-view .passage { display: block; margin: 0.4em 0; padding: 0.4em 0.6em;
  border-left: 4px solid var(--color-accent); background: var(--background-fill-secondary); }
.doc-view mark, .message mark { background: #fde68a; color: #1f2937; padding: 0 0.1em; }
.doc-empty { opacity: 0.7; font-style: italic; white-space: normal; }
"""


# --- escaping and text helpers ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")
_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def md_text(text: str) -> str:
    """Plain text for a Markdown field: HTML escaped and every Markdown sign made literal."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_answer(text: str) -> str:
    """An answer as Markdown: literal text with its citation markers [n] in bold."""
    return _MARKER.sub(r"**\\[\1\\]**", md_text(text))


def _squash(text: str) -> str:
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
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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


# --- sources: what each answer shows -------------------------------------------------------------


def _where(source: dict[str, Any]) -> str:
    bits = []
    if source.get("page"):
        bits.append(f"p. {source['page']}")
    if source.get("section"):
        bits.append(f"§ {source['section']}")
    return " · ".join(bits)


def source_label(source: dict[str, Any]) -> str:
    """One line for the source list beside the chat (shown as text, not HTML)."""
    where = _where(source)
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
        where = _where(s)
        meta = " · ".join(x for x in [md_text(where) if where else "", f"document {md_text(s['doc'])}"] if x)
        lines.append(f"{head}  \n{meta}\n\n> {excerpt_md(s)}")
    return "\n\n".join(lines)


def source_context(
    assistant: Assistant, source: dict[str, Any], before_chars: int = 500, after_chars: int = 900
) -> tuple[str, str]:
    """The text just before and after a passage in its document (from the neighbouring chunks)."""
    lexical = assistant.lexical
    records = {r.id: r for r in lexical.records if r.doc == source["doc"]}
    own = [records[i] for i in source.get("chunk_ids") or [] if i in records]
    if not own:
        return "", ""
    index = {int(r.meta.get("chunk_index", 0)): r for r in records.values()}
    first = min(int(r.meta.get("chunk_index", 0)) for r in own)
    last = max(int(r.meta.get("chunk_index", 0)) for r in own)
    start = source.get("start")
    end = source.get("end")
    before = after = ""
    prev = index.get(first - 1)
    if prev is not None:
        cut = len(prev.text) if start is None else max(0, start - int(prev.meta.get("start", 0)))
        before = prev.text[: min(cut, len(prev.text))]
    nxt = index.get(last + 1)
    if nxt is not None:
        cut = 0 if end is None else max(0, end - int(nxt.meta.get("start", 0)))
        after = nxt.text[min(cut, len(nxt.text)) :]
    if len(before) > before_chars:  # enough to read the passage in, not so much it scrolls away
        before = "… " + before[-before_chars:].split(" ", 1)[-1]
    if len(after) > after_chars:
        after = after[:after_chars].rsplit(" ", 1)[0] + " …"
    return before, after


_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

# Runs in the browser after a source is opened: scroll the document view to the passage.
SCROLL_TO_PASSAGE = """() => { setTimeout(() => {
  const box = document.querySelector('#doc-view .doc-view');
  const target = box && (box.querySelector('.passage mark') || box.querySelector('.passage'));
  const head = box && box.querySelector('.doc-head');
  if (box && target) {
    const offset = (head ? head.offsetHeight : 0) + 60;
    box.scrollTop += target.getBoundingClientRect().top - box.getBoundingClientRect().top - offset;
  }
}, 60); }"""


def document_view(assistant: Assistant, source: dict[str, Any] | None) -> str:
    """HTML for the document view: the passage in its surrounding text, all text escaped."""
    if not source:
        return DOC_PLACEHOLDER
    passage = source.get("passage") or ""
    spans = quote_spans(passage, source.get("quote") or "")
    before, after = source_context(assistant, source)
    label = f"[{source['n']}] " if source["kind"] == "bron" else "Mogelijk relevant: "
    where = _where(source)
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


# --- conversation state ---------------------------------------------------------------------------


def new_state() -> dict[str, Any]:
    return {"turns": [], "messages": [], "selected": None}


def _turn_for_message(state: dict[str, Any], index: int) -> int | None:
    for i, turn in enumerate(state["turns"]):
        if turn["msg_start"] <= index < turn["msg_end"]:
            return i
    return None


def _current_turn(state: dict[str, Any]) -> dict[str, Any] | None:
    if not state["turns"]:
        return None
    selected = state.get("selected")
    if selected is None or not 0 <= selected < len(state["turns"]):
        selected = len(state["turns"]) - 1
    return state["turns"][selected]


def _source_choices(turn: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not turn:
        return []
    return [(source_label(s), str(i)) for i, s in enumerate(turn["sources"])]


def answer_messages(turn: dict[str, Any], text: str | None = None, final: bool = True) -> list[dict]:
    """The chat messages of one answer: the text, then a collapsible block with its sources."""
    body = md_answer(turn["answer"] if text is None else text)
    if turn.get("standalone") and final:
        body = f"_Opgevat als: {md_text(turn['standalone'])}_\n\n" + body
    if final:
        for note in turn.get("notes") or []:
            body += f"\n\n_Let op: {md_text(note)}_"
    messages = [{"role": "assistant", "content": body}]
    if final and turn["sources"]:
        title = "Bronnen" if not turn["abstained"] else "Mogelijk relevant"
        messages.append(
            {
                "role": "assistant",
                "content": sources_block(turn["sources"]),
                "metadata": {"title": f"{title} ({len(turn['sources'])})", "status": "done"},
            }
        )
    return messages


def conversation_markdown(state: dict[str, Any], settings: Settings) -> str:
    """The conversation with its sources, as a Markdown note (text as written, '<' escaped)."""

    def esc(text: str) -> str:
        return (text or "").replace("<", "&lt;")

    lines = [
        f"# Gesprek met de {TITLE.lower()}",
        "",
        f"Geëxporteerd op {datetime.now().strftime('%d-%m-%Y %H:%M')} · antwoordmodus: {settings.llm_label}",
        "",
    ]
    for i, turn in enumerate(state["turns"], start=1):
        lines += [f"## Vraag {i}: {esc(_squash(turn['question']))}", ""]
        if turn.get("standalone"):
            lines += [f"*Opgevat als:* {esc(turn['standalone'])}", ""]
        if turn.get("docs"):
            lines += [f"*Gezocht in:* {', '.join(turn['docs'])}", ""]
        lines += [esc(turn["answer"]), ""]
        if turn["sources"]:
            lines += ["**Bronnen**" if not turn["abstained"] else "**Mogelijk relevant**", ""]
            for s in turn["sources"]:
                where = _where(s)
                label = f"[{s['n']}] " if s["kind"] == "bron" else ""
                lines.append(
                    f"- {label}{esc(s['title'])}" + (f", {where}" if where else "") + f" ({s['doc']})"
                )
                quote = s["quote"] or _squash(s["passage"])[:300] + "…"
                lines.append(f"  > {esc(_squash(quote))}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- status ------------------------------------------------------------------------------------


def index_date(assistant: Assistant) -> datetime | None:
    candidates = assistant.settings.paths.manifests()
    if not candidates:
        return None
    return datetime.fromtimestamp(max(p.stat().st_mtime for p in candidates))


def status_line(assistant: Assistant) -> str:
    sources = assistant.sources()
    chunks = sum(s.chunks for s in sources)
    when = index_date(assistant)
    date = when.strftime("%d-%m-%Y %H:%M") if when else "onbekend"
    return (
        f"{len(sources)} documenten · {chunks} fragmenten geïndexeerd · "
        f"antwoordmodus: {md_text(assistant.settings.llm_label)} · index van {date}"
    )


def doc_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [(f"{s.title} ({s.doc})", s.doc) for s in assistant.sources()]


# --- answers, streamed -------------------------------------------------------------------------


def answer_stream(
    assistant: Assistant, question: str, history: list[str], docs: set[str] | None
) -> Iterator[str | Answer]:
    """Text pieces as they come, then the finished Answer (whose text is authoritative).

    Uses ``assistant.ask_stream`` when there is one (it yields text pieces and lastly the
    Answer); otherwise the finished answer of ``ask`` is handed out word by word.
    """
    if hasattr(assistant, "ask_stream"):
        items = assistant.ask_stream(question, history=history, docs=docs)
    else:
        answer = assistant.ask(question, history=history, docs=docs)
        items = [*re.findall(r"\s*\S+", answer.answer), answer]
    yield from paced(items)


def paced(items, words: int = 3, interval: float = 0.03, budget: float = 1.0) -> Iterator[str | Answer]:
    """Group pieces into updates of a few words, at most one per ``interval`` seconds.

    A language model streams slower than that, so it is never held up; an answer that is
    there at once (extractive) is shown progressively, waiting ``budget`` seconds at most.
    """
    buffer, count, waited, last = "", 0, 0.0, 0.0
    for item in items:
        if isinstance(item, Answer):
            if buffer:
                yield buffer
            yield item
            return
        buffer += item
        count += len(item.split())
        if count < words:
            continue
        wait = interval - (time.perf_counter() - last)
        if wait > 0 and waited + wait <= budget:
            time.sleep(wait)
            waited += wait
        yield buffer
        buffer, count, last = "", 0, time.perf_counter()
    if buffer:
        yield buffer


def _warm(assistant: Assistant) -> None:
    assistant.lexical  # noqa: B018
    with contextlib.suppress(Exception):  # an unreachable model shows its error at the first question
        assistant.answerer  # noqa: B018


# --- the app ------------------------------------------------------------------------------------


def create_app(assistant: Assistant) -> gr.Blocks:
    """The page and its events. One Assistant is shared; each session has its own gr.State."""
    settings = assistant.settings
    feedback = FeedbackStore.for_settings(settings)
    ingest_lock = threading.Lock()
    _warm(assistant)  # load shared parts once, before sessions use them at the same time

    def respond(question: str, docs: list[str] | None, state: dict, request: gr.Request):
        state = state or new_state()
        chosen = set(docs or []) & ({s.doc for s in assistant.sources()} if docs else set())
        history = [t["standalone"] or t["question"] for t in state["turns"]]
        skip = gr.update()
        try:
            clean_question(question, settings.max_question_chars)
        except QuestionError as exc:
            gr.Warning(str(exc))
            yield skip, skip, state, skip, skip, skip
            return
        messages = [*state["messages"], {"role": "user", "content": md_text(_squash(question))}]
        yield "", messages, state, skip, skip, skip  # the question shows at once
        pending = {"answer": "", "standalone": None, "sources": [], "abstained": False}
        text = ""
        answer: Answer | None = None
        try:
            for item in answer_stream(assistant, question, history, chosen or None):
                if isinstance(item, Answer):
                    answer = item
                    break
                text += item
                yield "", [*messages, *answer_messages(pending, text, final=False)], state, skip, skip, skip
            else:
                gr.Warning("Er kwam geen volledig antwoord; probeer het opnieuw.")
        except QuestionError as exc:
            gr.Warning(str(exc))
        except Exception as exc:
            gr.Warning(f"Er ging iets mis bij het beantwoorden: {describe(exc)[0]}")
        if answer is None:  # the conversation stays as it was; the question goes back in the box
            yield question, state["messages"], state, skip, skip, skip
            return
        turn = {
            "question": answer.question,
            "standalone": answer.standalone_question,
            "answer": answer.answer,
            "abstained": answer.abstained,
            "mode": answer.mode,
            "notes": list(answer.notes),
            "docs": sorted(chosen),
            "sources": sources_for(answer),
            "confidence": answer.confidence,
            "time": datetime.now().isoformat(timespec="seconds"),
            "msg_start": len(state["messages"]),
            "feedback_id": None,
            "session": request.session_hash if request else None,
        }
        messages += answer_messages(turn)
        turn["msg_end"] = len(messages)
        state["turns"].append(turn)
        state["messages"] = messages
        state["selected"] = len(state["turns"]) - 1
        radio = gr.update(choices=_source_choices(turn), value=None)
        yield "", messages, state, radio, DOC_PLACEHOLDER, answer.to_json()

    def open_source(choice: str | None, state: dict) -> str:
        turn = _current_turn(state or new_state())
        if turn is None or choice in (None, ""):
            return DOC_PLACEHOLDER
        try:
            source = turn["sources"][int(choice)]
        except (ValueError, IndexError):
            return DOC_PLACEHOLDER
        return document_view(assistant, source)

    def select_turn(state: dict, evt: gr.SelectData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = _turn_for_message(state, index)
        if turn_index is None:
            return state, gr.update(), gr.update()
        state["selected"] = turn_index
        turn = state["turns"][turn_index]
        return state, gr.update(choices=_source_choices(turn), value=None), DOC_PLACEHOLDER

    def store_feedback(turn: dict, rating: str, comment: str | None) -> int:
        if turn.get("feedback_id"):
            feedback.update(turn["feedback_id"], rating=rating, comment=comment)
            return turn["feedback_id"]
        row = feedback.add(
            rating=rating,
            comment=comment,
            question=turn["question"],
            standalone_question=turn["standalone"],
            answer=turn["answer"],
            abstained=turn["abstained"],
            mode=turn["mode"],
            citations=[
                {k: s[k] for k in ("n", "kind", "doc", "title", "page", "section", "quote", "chunk_id")}
                for s in turn["sources"]
            ],
            settings=answer_settings(settings, docs=turn["docs"]),
            session=turn.get("session"),
        )
        turn["feedback_id"] = row
        return row

    def give_feedback(rating: str | None, comment: str | None, state: dict):
        state = state or new_state()
        turn = _current_turn(state)
        if turn is None:
            return "Er is nog geen antwoord om te beoordelen.", state, comment
        if rating not in ("up", "down"):
            return "Kies eerst 👍 of 👎.", state, comment
        store_feedback(turn, rating, comment)
        number = state["turns"].index(turn) + 1
        return f"Bedankt! Uw feedback op antwoord {number} is opgeslagen.", state, ""

    def on_like(state: dict, evt: gr.LikeData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = _turn_for_message(state, index)
        if turn_index is None or evt.liked not in (True, False):
            return state, gr.update(), gr.update(), gr.update()
        turn = state["turns"][turn_index]
        rating = "up" if evt.liked else "down"
        store_feedback(turn, rating, None)
        state["selected"] = turn_index
        message = (
            f"Bedankt! Uw beoordeling van antwoord {turn_index + 1} is opgeslagen; "
            "voeg hier eventueel een opmerking toe."
        )
        return state, message, gr.update(open=True), rating

    def reset():
        hidden = gr.update(value=None, visible=False)
        return "", [], new_state(), gr.update(choices=[], value=None), DOC_PLACEHOLDER, None, "", hidden

    def export(state: dict):
        state = state or new_state()
        if not state["turns"]:
            gr.Warning("Er is nog geen gesprek om te exporteren.")
            return None
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("gesprek-*.md"):  # conversations are not kept around
            if old.stat().st_mtime < time.time() - 3600:
                old.unlink(missing_ok=True)
        path = folder / f"gesprek-{datetime.now():%Y%m%d-%H%M}-{uuid.uuid4().hex[:6]}.md"
        path.write_text(conversation_markdown(state, settings), encoding="utf-8")
        return str(path)

    def refresh_status():
        return status_line(assistant), gr.update(choices=doc_choices(assistant))

    def upload(files: list[str] | None, progress=gr.Progress()):
        if not settings.upload_enabled:
            raise gr.Error("Documenten toevoegen staat uit (ASSISTANT_UPLOAD_ENABLED).")
        report_md, stored = accept_uploads(settings, files or [])
        if stored:
            paths = list(stored)
            given = {p.name: original for p, original in stored.items()}
            with ingest_lock:

                def show(name: str, n: int, total: int) -> None:
                    progress((n - 1) / max(total, 1), desc=f"Indexeren: {given.get(name, name)}")

                try:
                    report = assistant.ingest(paths, progress=show)
                    _warm(assistant)  # reload the chunk table now, under the lock
                except Exception as exc:
                    for p in paths:
                        p.unlink(missing_ok=True)
                    raise gr.Error(f"Indexeren mislukt: {describe(exc)[0]}") from exc
            failed = {name for name, _ in report.failures}
            for p in paths:
                if p.name in failed:  # not kept: it would fail again at every full ingest
                    p.unlink(missing_ok=True)
            report_md += upload_report(report, stored)
        return report_md, status_line(assistant), gr.update(choices=doc_choices(assistant)), None

    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_width=True, delete_cache=(3600, 3600)) as app:
        state = gr.State(new_state())
        gr.Markdown(f"# {TITLE}\n{PURPOSE}")
        status = gr.Markdown(status_line(assistant), label="Status", elem_id="status-line")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Gesprek",
                    height=560,
                    elem_id="chat",
                    placeholder="Stel hieronder een vraag over de documenten.",
                    latex_delimiters=[],
                    sanitize_html=True,
                    allow_tags=False,
                    buttons=["copy", "copy_all"],
                    feedback_options=("Like", "Dislike"),
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Vraag",
                        show_label=False,
                        placeholder="Stel een vraag, bijvoorbeeld: Wat kost het lidmaatschap van Beware?",
                        lines=1,
                        max_lines=6,
                        max_length=settings.max_question_chars,
                        scale=5,
                        elem_id="question",
                        autofocus=True,
                    )
                    send = gr.Button("Vraag stellen", variant="primary", scale=1, elem_id="send")
                with gr.Row():
                    new_chat = gr.Button("Nieuw gesprek", size="sm", elem_id="new-chat")
                    export_button = gr.Button("Gesprek exporteren (Markdown)", size="sm", elem_id="export")
                export_file = gr.File(
                    label="Gesprek als Markdown", interactive=False, visible=False, elem_id="export-file"
                )
                with gr.Accordion("Voorbeeldvragen", open=True), gr.Row():
                    for role, examples in EXAMPLES.items():
                        with gr.Column(min_width=200):
                            gr.Examples([[q] for q in examples], inputs=[question], label=role)
                with gr.Accordion(
                    "Feedback op het gekozen antwoord", open=False, elem_id="feedback"
                ) as feedback_panel:
                    rating = gr.Radio(
                        [("👍 Goed antwoord", "up"), ("👎 Niet goed", "down")],
                        label="Beoordeling",
                        elem_id="rating",
                    )
                    comment = gr.Textbox(label="Opmerking (optioneel)", lines=2, max_length=4000)
                    send_feedback = gr.Button("Feedback versturen", size="sm")
                    feedback_status = gr.Markdown(label="Feedbackstatus")
            with gr.Column(scale=2):
                docs = gr.Dropdown(
                    choices=doc_choices(assistant),
                    value=[],
                    multiselect=True,
                    label="Zoeken in",
                    info="Leeg = alle documenten; kies één of meer documenten om alleen daarin te zoeken.",
                    elem_id="doc-filter",
                )
                source_pick = gr.Radio(
                    choices=[],
                    label="Bronnen bij het gekozen antwoord",
                    info="Kies een bron: de passage verschijnt hieronder in de omliggende tekst.",
                    elem_id="sources",
                )
                doc_view = gr.HTML(DOC_PLACEHOLDER, label="Documentweergave", elem_id="doc-view")
                with gr.Accordion("Antwoord als JSON (voor evaluatie)", open=False):
                    answer_json = gr.JSON(label="Antwoord", elem_id="answer-json")
                if settings.upload_enabled:
                    with gr.Accordion("Documenten toevoegen", open=False, elem_id="upload"):
                        files = gr.File(
                            file_count="multiple",
                            file_types=list(UPLOAD_TYPES),
                            label=f"PDF, TXT of MD; hoogstens {settings.upload_max_mb} MB per bestand",
                        )
                        upload_button = gr.Button("Toevoegen en indexeren", size="sm")
                        upload_result = gr.Markdown(label="Resultaat")

        ask_outputs = [question, chatbot, state, source_pick, doc_view, answer_json]
        gr.on(
            triggers=[send.click, question.submit],
            fn=respond,
            inputs=[question, docs, state],
            outputs=ask_outputs,
            api_name="ask",
            show_progress="minimal",
            trigger_mode="once",
        )
        source_pick.input(open_source, [source_pick, state], [doc_view], api_name="open_source").then(
            None, None, None, js=SCROLL_TO_PASSAGE, api_visibility="private"
        )
        chatbot.select(select_turn, [state], [state, source_pick, doc_view], api_visibility="private")
        chatbot.like(
            on_like, [state], [state, feedback_status, feedback_panel, rating], api_visibility="private"
        )
        send_feedback.click(
            give_feedback, [rating, comment, state], [feedback_status, state, comment], api_name="feedback"
        )
        reset_outputs = [*ask_outputs, feedback_status, export_file]
        new_chat.click(reset, None, reset_outputs, api_name="new_chat")
        chatbot.clear(reset, None, reset_outputs, api_visibility="private")
        export_button.click(export, [state], [export_file], api_name="export").then(
            lambda path: gr.update(visible=bool(path)), [export_file], [export_file], api_visibility="private"
        )
        app.load(refresh_status, None, [status, docs], api_name="status")
        if settings.upload_enabled:
            upload_button.click(
                upload,
                [files],
                [upload_result, status, docs, files],
                api_name="upload",
                concurrency_limit=1,
            )
    return app


# --- uploads -----------------------------------------------------------------------------------


def accept_uploads(settings: Settings, files: list[str]) -> tuple[str, dict[Path, str]]:
    """Check type and size, store under <data_dir>/uploads with a generated, safe name."""

    folder = settings.paths.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    limit = settings.upload_max_mb * 1024 * 1024
    lines: list[str] = []
    accepted: dict[Path, str] = {}  # stored file -> the name the user gave it
    for raw in files:
        src = Path(raw)
        shown = md_text(src.name)
        suffix = src.suffix.lower()
        if suffix not in UPLOAD_TYPES:
            lines.append(
                f"- {shown}: niet toegevoegd, bestandstype '{md_text(suffix or '(geen)')}' wordt niet ondersteund"
            )
            continue
        size = src.stat().st_size
        if size > limit:
            lines.append(f"- {shown}: niet toegevoegd, groter dan {settings.upload_max_mb} MB")
            continue
        if size == 0:
            lines.append(f"- {shown}: niet toegevoegd, het bestand is leeg")
            continue
        target = folder / f"{datetime.now():%Y%m%d}-{uuid.uuid4().hex[:8]}-{safe_name(src.name)}"
        target.write_bytes(src.read_bytes())
        accepted[target] = src.name
    return ("\n".join(lines) + "\n" if lines else ""), accepted


def upload_report(report, files: dict[Path, str]) -> str:
    """What was added and what could not be read, by the names the user knows."""
    failed = dict(report.failures)
    given = {p.name: original for p, original in files.items()}
    ok = [p for p in files if p.name not in failed]
    lines = []
    if ok:
        lines.append(f"**{len(ok)} document(en) toegevoegd** ({report.chunks_added} fragmenten):")
        lines += [f"- {md_text(files[p])} (opgeslagen als {md_text(p.name)})" for p in ok]
    for name, reason in report.failures:
        lines.append(f"- {md_text(given.get(name, name))}: kon niet worden gelezen ({md_text(reason)})")
    for name, note in report.notes:
        lines.append(f"- {md_text(given.get(name, name))}: let op, {md_text(note)}")
    return "\n".join(lines)


# --- serving -----------------------------------------------------------------------------------


def parse_auth(raw: str | None) -> list[tuple[str, str]] | None:
    """'user:pass,user2:pass2' -> [(user, pass), ...]; None when no login is configured."""
    if not raw or not raw.strip():
        return None
    pairs = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        user, sep, password = item.partition(":")
        if not sep or not user.strip() or not password:
            raise ValueError(
                "ASSISTANT_AUTH moet de vorm 'gebruiker:wachtwoord[,gebruiker2:wachtwoord2]' hebben."
            )
        pairs.append((user.strip(), password))
    return pairs or None


def is_local(host: str) -> bool:
    return host.strip().lower() in LOCAL_HOSTS


def launch(app: gr.Blocks, settings: Settings, *, quiet: bool = True) -> str:
    """Queue and start the app without blocking; returns the local URL."""
    configure_offline()
    app.queue(default_concurrency_limit=settings.concurrency, max_size=max(64, settings.concurrency * 8))
    _, url, _ = app.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=parse_auth(settings.auth),
        auth_message="Log in om de adviesassistent te gebruiken.",
        prevent_thread_lock=True,
        quiet=quiet,
        show_error=True,
        share=False,
        ssr_mode=False,
        enable_monitoring=False,
        max_threads=max(40, settings.concurrency * 4),
        max_file_size=f"{settings.upload_max_mb}mb",
        css=CSS,
        theme=gr.themes.Default(),
        footer_links=["api", "settings"],
        mcp_server=False,
        pwa=False,
    )
    return url


def open_warning(settings: Settings) -> str | None:
    """A loud warning when the chat is reachable from other machines without a login."""
    if is_local(settings.host) or parse_auth(settings.auth):
        return None
    bar = "!" * 78
    return (
        f"{bar}\nWAARSCHUWING: de webchat luistert op {settings.host}:{settings.port}, dus ook andere "
        "computers\nkunnen hem bereiken, en er is GEEN login ingesteld. Zet ASSISTANT_AUTH="
        "'gebruiker:wachtwoord'\nof bind aan 127.0.0.1 (ASSISTANT_HOST of --host).\n" + bar
    )


def serve(settings: Settings) -> int:
    """`assistant serve`: index when needed, start the web chat, block until Ctrl-C."""
    assistant = Assistant(settings)
    try:
        auth = parse_auth(settings.auth)
    except ValueError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 3
    prepare_index(assistant, out=sys.stderr)
    warning = open_warning(settings)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    app = create_app(assistant)
    try:
        launch(app, settings)
    except OSError as exc:
        print(
            f"Fout: kan de webchat niet starten op {settings.host}:{settings.port} ({exc}). "
            "Kies een andere poort met --port of ASSISTANT_PORT.",
            file=sys.stderr,
        )
        return 3
    shown_host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    login = " (login vereist)" if auth else ""
    print(
        f"Webchat gestart{login}: open http://{shown_host}:{settings.port} in uw browser. "
        "Stoppen met Ctrl-C.",
        flush=True,
    )
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nWebchat gestopt.", file=sys.stderr)
    finally:
        app.close()
    return 0
