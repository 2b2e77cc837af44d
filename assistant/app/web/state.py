"""One session's conversation, kept in a gr.State: turns, their sources, and its export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assistant.app.web.render import md_answer, md_text, squash
from assistant.app.web.sources import source_label, source_where, sources_block
from assistant.app.web.texts import TITLE
from assistant.settings import Settings


@dataclass
class SessionState:
    """One browser session: its turns (question, answer, sources, feedback id), the chat
    messages as shown, and the turn whose sources are on screen."""

    turns: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    selected: int | None = None


def new_state() -> SessionState:
    return SessionState()


def turn_for_message(state: SessionState, index: int) -> int | None:
    for i, turn in enumerate(state.turns):
        if turn["msg_start"] <= index < turn["msg_end"]:
            return i
    return None


def current_turn(state: SessionState) -> dict[str, Any] | None:
    if not state.turns:
        return None
    selected = state.selected
    if selected is None or not 0 <= selected < len(state.turns):
        selected = len(state.turns) - 1
    return state.turns[selected]


def source_choices(turn: dict[str, Any] | None) -> list[tuple[str, str]]:
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


def conversation_markdown(state: SessionState, settings: Settings) -> str:
    """The conversation with its sources, as a Markdown note (text as written, '<' escaped)."""

    def esc(text: str) -> str:
        return (text or "").replace("<", "&lt;")

    lines = [
        f"# Gesprek met de {TITLE.lower()}",
        "",
        f"Geëxporteerd op {datetime.now().strftime('%d-%m-%Y %H:%M')} · antwoordmodus: {settings.llm.label}",
        "",
    ]
    for i, turn in enumerate(state.turns, start=1):
        lines += [f"## Vraag {i}: {esc(squash(turn['question']))}", ""]
        if turn.get("standalone"):
            lines += [f"*Opgevat als:* {esc(turn['standalone'])}", ""]
        if turn.get("docs"):
            lines += [f"*Gezocht in:* {', '.join(turn['docs'])}", ""]
        lines += [esc(turn["answer"]), ""]
        if turn["sources"]:
            lines += ["**Bronnen**" if not turn["abstained"] else "**Mogelijk relevant**", ""]
            for s in turn["sources"]:
                where = source_where(s)
                label = f"[{s['n']}] " if s["kind"] == "bron" else ""
                lines.append(
                    f"- {label}{esc(s['title'])}" + (f", {where}" if where else "") + f" ({s['doc']})"
                )
                quote = s["quote"] or squash(s["passage"])[:300] + "…"
                lines.append(f"  > {esc(squash(quote))}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
