"""The Gradio web chat: layout and event wiring only; answers come from ``Assistant.ask``.

``create_app(assistant)`` builds the page (nothing is built at import) and ``serve(settings)``
indexes the corpus when needed and launches it. Every session keeps its own conversation in a
``gr.State``; the ``Assistant`` is shared. All question and document text is escaped before it
reaches the page, so it is shown as text and never run as HTML or script.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime

import gradio as gr

from assistant.app.feedback import FeedbackStore, answer_settings
from assistant.app.web.render import md_text, squash
from assistant.app.web.sources import document_view, sources_for
from assistant.app.web.state import (
    answer_messages,
    conversation_markdown,
    current_turn,
    new_state,
    source_choices,
    turn_for_message,
)
from assistant.app.web.status import doc_choices, status_line
from assistant.app.web.streaming import answer_stream, warm
from assistant.app.web.texts import DOC_PLACEHOLDER, EXAMPLES, PURPOSE, SCROLL_TO_PASSAGE, TITLE
from assistant.app.web.uploads import UPLOAD_TYPES, accept_uploads, upload_report
from assistant.errors import describe
from assistant.paths import export_dir
from assistant.service import Assistant, QuestionError, clean_question
from assistant.types import Answer

# --- the app ------------------------------------------------------------------------------------


def create_app(assistant: Assistant) -> gr.Blocks:
    """The page and its events. One Assistant is shared; each session has its own gr.State."""
    settings = assistant.settings
    feedback = FeedbackStore.for_settings(settings)
    ingest_lock = threading.Lock()
    warm(assistant)  # load shared parts once, before sessions use them at the same time

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
        messages = [*state["messages"], {"role": "user", "content": md_text(squash(question))}]
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
        radio = gr.update(choices=source_choices(turn), value=None)
        yield "", messages, state, radio, DOC_PLACEHOLDER, answer.to_json()

    def open_source(choice: str | None, state: dict) -> str:
        turn = current_turn(state or new_state())
        if turn is None or choice in (None, ""):
            return DOC_PLACEHOLDER
        try:
            source = turn["sources"][int(choice)]
        except (ValueError, IndexError):
            return DOC_PLACEHOLDER
        return document_view(assistant, source)

    def select_turn(state: dict, evt: gr.SelectData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = turn_for_message(state, index)
        if turn_index is None:
            return state, gr.update(), gr.update()
        state["selected"] = turn_index
        turn = state["turns"][turn_index]
        return state, gr.update(choices=source_choices(turn), value=None), DOC_PLACEHOLDER

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
        turn = current_turn(state)
        if turn is None:
            return "Er is nog geen antwoord om te beoordelen.", state, comment
        if rating not in ("up", "down"):
            return "Kies eerst 👍 of 👎.", state, comment
        store_feedback(turn, rating, comment)
        number = state["turns"].index(turn) + 1
        return f"Bedankt! Uw feedback op antwoord {number} is opgeslagen.", state, ""

    def on_like(state: dict, evt: gr.LikeData):
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn_index = turn_for_message(state, index)
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
        if not settings.upload.enabled:
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
                    warm(assistant)  # reload the chunk table now, under the lock
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
                if settings.upload.enabled:
                    with gr.Accordion("Documenten toevoegen", open=False, elem_id="upload"):
                        files = gr.File(
                            file_count="multiple",
                            file_types=list(UPLOAD_TYPES),
                            label=f"PDF, TXT of MD; hoogstens {settings.upload.max_mb} MB per bestand",
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
        if settings.upload.enabled:
            upload_button.click(
                upload,
                [files],
                [upload_result, status, docs, files],
                api_name="upload",
                concurrency_limit=1,
            )
    return app
