"""The event handlers of the web chat: asking, sources, feedback, export, uploads."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import datetime

import gradio as gr

from assistant.app.feedback import FeedbackStore, answer_settings
from assistant.app.web.render import md_text, squash
from assistant.app.web.sources import document_view, sources_for
from assistant.app.web.state import (
    SessionState,
    answer_messages,
    conversation_markdown,
    current_turn,
    new_state,
    source_choices,
    turn_for_message,
)
from assistant.app.web.status import doc_choices, status_line
from assistant.app.web.streaming import answer_stream, warm
from assistant.app.web.texts import DOC_PLACEHOLDER
from assistant.app.web.uploads import accept_uploads, upload_report
from assistant.errors import describe
from assistant.paths import export_dir
from assistant.service import Assistant
from assistant.types import Answer
from assistant.user_input import QuestionError, clean_question

log = logging.getLogger(__name__)


class ChatHandlers:
    """What happens on each event of the page. One instance per app: the Assistant, the feedback
    store and the ingest lock are shared; everything of a session travels in its ``state``."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.feedback = FeedbackStore.for_settings(assistant.settings)
        self.ingest_lock = threading.Lock()

    def respond(self, question: str, docs: list[str] | None, state: SessionState, request: gr.Request):
        state = state or new_state()
        chosen = set(docs or []) & ({s.doc for s in self.assistant.sources()} if docs else set())
        history = [t["standalone"] or t["question"] for t in state.turns]
        skip = gr.update()
        try:
            clean_question(question, self.settings.max_question_chars)
        except QuestionError as exc:
            gr.Warning(str(exc))
            yield skip, skip, state, skip, skip, skip
            return
        messages = [*state.messages, {"role": "user", "content": md_text(squash(question))}]
        yield "", messages, state, skip, skip, skip  # the question shows at once
        pending = {"answer": "", "standalone": None, "sources": [], "abstained": False}
        text = ""
        answer: Answer | None = None
        try:
            for item in answer_stream(self.assistant, question, history, chosen or None):
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
            log.exception("answering %r failed", question)
            gr.Warning(f"Er ging iets mis bij het beantwoorden: {describe(exc)[0]}")
        if answer is None:  # the conversation stays as it was; the question goes back in the box
            yield question, state.messages, state, skip, skip, skip
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
            "msg_start": len(state.messages),
            "feedback_id": None,
            "session": request.session_hash if request else None,
        }
        messages += answer_messages(turn)
        turn["msg_end"] = len(messages)
        state.turns.append(turn)
        state.messages = messages
        state.selected = len(state.turns) - 1
        radio = gr.update(choices=source_choices(turn), value=None)
        yield "", messages, state, radio, DOC_PLACEHOLDER, answer.to_json()

    def open_source(self, choice: str | None, state: SessionState) -> str:
        turn = current_turn(state or new_state())
        if turn is None or choice in (None, ""):
            return DOC_PLACEHOLDER
        try:
            source = turn["sources"][int(choice)]
        except (ValueError, IndexError):
            return DOC_PLACEHOLDER
        return document_view(self.assistant, source)

    def select_turn(self, state: SessionState, evt: gr.SelectData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = turn_for_message(state, index)
        if turn_index is None:
            return state, gr.update(), gr.update()
        state.selected = turn_index
        turn = state.turns[turn_index]
        return state, gr.update(choices=source_choices(turn), value=None), DOC_PLACEHOLDER

    def store_feedback(self, turn: dict, rating: str, comment: str | None) -> int:
        if turn.get("feedback_id"):
            self.feedback.update(turn["feedback_id"], rating=rating, comment=comment)
            return turn["feedback_id"]
        row = self.feedback.add(
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
            settings=answer_settings(self.settings, docs=turn["docs"]),
            session=turn.get("session"),
        )
        turn["feedback_id"] = row
        return row

    def give_feedback(self, rating: str | None, comment: str | None, state: SessionState):
        state = state or new_state()
        turn = current_turn(state)
        if turn is None:
            return "Er is nog geen antwoord om te beoordelen.", state, comment
        if rating not in ("up", "down"):
            return "Kies eerst 👍 of 👎.", state, comment
        self.store_feedback(turn, rating, comment)
        number = state.turns.index(turn) + 1
        return f"Bedankt! Uw feedback op antwoord {number} is opgeslagen.", state, ""

    def on_like(self, state: SessionState, evt: gr.LikeData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = turn_for_message(state, index)
        if turn_index is None or evt.liked not in (True, False):
            return state, gr.update(), gr.update(), gr.update()
        turn = state.turns[turn_index]
        rating = "up" if evt.liked else "down"
        self.store_feedback(turn, rating, None)
        state.selected = turn_index
        message = (
            f"Bedankt! Uw beoordeling van antwoord {turn_index + 1} is opgeslagen; "
            "voeg hier eventueel een opmerking toe."
        )
        return state, message, gr.update(open=True), rating

    def reset(self):
        hidden = gr.update(value=None, visible=False)
        return "", [], new_state(), gr.update(choices=[], value=None), DOC_PLACEHOLDER, None, "", hidden

    def export(self, state: SessionState):
        state = state or new_state()
        if not state.turns:
            gr.Warning("Er is nog geen gesprek om te exporteren.")
            return None
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("gesprek-*.md"):  # conversations are not kept around
            if old.stat().st_mtime < time.time() - 3600:
                old.unlink(missing_ok=True)
        path = folder / f"gesprek-{datetime.now():%Y%m%d-%H%M}-{uuid.uuid4().hex[:6]}.md"
        path.write_text(conversation_markdown(state, self.settings), encoding="utf-8")
        return str(path)

    def refresh_status(self):
        return status_line(self.assistant), gr.update(choices=doc_choices(self.assistant))

    def follow_build(self):
        """A staged start's progress on the status line; the timer stops once the index is complete."""
        return status_line(self.assistant), gr.Timer(active=self.assistant.index_status() is not None)

    def upload(self, files: list[str] | None, progress=gr.Progress()):
        if not self.settings.upload.enabled:
            raise gr.Error("Documenten toevoegen staat uit (ASSISTANT_UPLOAD_ENABLED).")
        report_md, stored = accept_uploads(self.settings, files or [])
        if stored:
            paths = list(stored)
            given = {p.name: original for p, original in stored.items()}
            with self.ingest_lock:

                def show(name: str, n: int, total: int) -> None:
                    progress((n - 1) / max(total, 1), desc=f"Indexeren: {given.get(name, name)}")

                try:
                    report = self.assistant.ingest(paths, progress=show)
                    warm(self.assistant)  # reload the chunk table now, under the lock
                except Exception as exc:
                    for p in paths:
                        p.unlink(missing_ok=True)
                    raise gr.Error(f"Indexeren mislukt: {describe(exc)[0]}") from exc
            failed = {name for name, _ in report.failures}
            for p in paths:
                if p.name in failed:  # not kept: it would fail again at every full ingest
                    p.unlink(missing_ok=True)
            report_md += upload_report(report, stored)
        return report_md, status_line(self.assistant), gr.update(choices=doc_choices(self.assistant)), None
