"""The Gradio web chat: layout and event wiring only; answers come from ``Assistant.ask``.

``create_app(assistant)`` builds the page (nothing is built at import) and ``serve(settings)``
indexes the corpus when needed and launches it. Every session keeps its own conversation in a
``gr.State``; the ``Assistant`` is shared. All question and document text is escaped before it
reaches the page, so it is shown as text and never run as HTML or script.
"""

from __future__ import annotations

import gradio as gr

from assistant.app.web.debate_tab import debate_tab
from assistant.app.web.handlers import ChatHandlers
from assistant.app.web.state import (
    new_state,
)
from assistant.app.web.status import doc_choices, status_line
from assistant.app.web.streaming import warm
from assistant.app.web.texts import (
    DOC_PLACEHOLDER,
    EXAMPLES,
    PLACEHOLDER_QUESTION,
    PURPOSE,
    SCROLL_TO_PASSAGE,
    TITLE,
)
from assistant.app.web.uploads import UPLOAD_TYPES
from assistant.service import Assistant

# --- the app ------------------------------------------------------------------------------------


def create_app(assistant: Assistant) -> gr.Blocks:
    """The page and its events. One Assistant is shared; each session has its own gr.State."""
    settings = assistant.settings
    h = ChatHandlers(assistant)
    warm(assistant)  # load shared parts once, before sessions use them at the same time

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
                        placeholder=f"Stel een vraag, bijvoorbeeld: {PLACEHOLDER_QUESTION}",
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
            fn=h.respond,
            inputs=[question, docs, state],
            outputs=ask_outputs,
            api_name="ask",
            show_progress="minimal",
            trigger_mode="once",
        )
        source_pick.input(h.open_source, [source_pick, state], [doc_view], api_name="open_source").then(
            None, None, None, js=SCROLL_TO_PASSAGE, api_visibility="private"
        )
        chatbot.select(h.select_turn, [state], [state, source_pick, doc_view], api_visibility="private")
        chatbot.like(
            h.on_like, [state], [state, feedback_status, feedback_panel, rating], api_visibility="private"
        )
        send_feedback.click(
            h.give_feedback, [rating, comment, state], [feedback_status, state, comment], api_name="feedback"
        )
        reset_outputs = [*ask_outputs, feedback_status, export_file]
        new_chat.click(h.reset, None, reset_outputs, api_name="new_chat")
        chatbot.clear(h.reset, None, reset_outputs, api_visibility="private")
        export_button.click(h.export, [state], [export_file], api_name="export").then(
            lambda path: gr.update(visible=bool(path)), [export_file], [export_file], api_visibility="private"
        )
        app.load(h.refresh_status, None, [status, docs], api_name="status")
        # While a staged start builds the vectors, the status line follows its progress.
        timer = gr.Timer(2.0, active=assistant.index_status() is not None)
        timer.tick(h.follow_build, None, [status, timer], api_visibility="private")
        debate_tab(assistant)  # 'Debatvoorbereiding' (issue 12), its own module
        if settings.upload.enabled:
            upload_button.click(
                h.upload,
                [files],
                [upload_result, status, docs, files],
                api_name="upload",
                concurrency_limit=1,
            )
    return app
