"""The 'Debatvoorbereiding' tab of the web chat: a topic, an optional document filter, the
rendered brief with its source list, and downloads as Markdown and Word.

Built by ``debate_tab(assistant)`` inside the app's ``gr.Blocks``; kept apart from the chat's
layout so both can change on their own.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import gradio as gr

from assistant.app.web.render import md_text
from assistant.app.web.status import doc_choices
from assistant.debate.builder import TopicError
from assistant.debate.render import to_docx, to_markdown

INTRO = (
    "Kies een onderwerp: u krijgt een neutraal overzicht uit de documenten (wat de raad wordt "
    "gevraagd, argumenten, kanttekeningen, financiën, alternatieven, wat andere documenten zeggen "
    "en vragen om te stellen). Elke regel is een citaat met bron [n]."
)


def export_folder() -> Path:
    """Briefs for download live an hour in the temp folder, like exported conversations."""
    folder = Path(tempfile.gettempdir()) / "assistant-exports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("debat-*"):
        if old.stat().st_mtime < time.time() - 3600:
            old.unlink(missing_ok=True)
    return folder


def make_brief(assistant, topic: str | None, docs: list[str] | None):
    try:
        brief = assistant.brief(topic or "", set(docs) if docs else None)
    except TopicError as exc:
        raise gr.Error(str(exc)) from exc
    stem = export_folder() / f"debat-{datetime.now():%Y%m%d-%H%M}-{uuid.uuid4().hex[:6]}"
    md_path = stem.with_suffix(".md")
    md_path.write_text(to_markdown(brief), encoding="utf-8")
    docx_path = to_docx(brief, stem.with_suffix(".docx"))
    shown = to_markdown(brief, escape=md_text)
    return (
        shown,
        gr.update(value=str(md_path), visible=True),
        gr.update(value=str(docx_path), visible=True),
        brief.to_json(),
    )


def debate_tab(assistant) -> None:
    with gr.Tab("Debatvoorbereiding", elem_id="debate-tab"):
        gr.Markdown(INTRO)
        with gr.Row():
            topic = gr.Textbox(
                label="Onderwerp",
                placeholder="bijvoorbeeld: toetreding van Woerden tot de ICT-coöperatie Beware",
                max_length=300,
                scale=5,
                elem_id="debate-topic",
            )
            go = gr.Button("Overzicht maken", variant="primary", scale=1, elem_id="debate-go")
        docs = gr.Dropdown(
            choices=doc_choices(assistant),
            value=[],
            multiselect=True,
            label="Alleen deze documenten",
            info="Leeg = alle documenten.",
            elem_id="debate-docs",
        )
        with gr.Row():
            md_button = gr.DownloadButton("Download Markdown (.md)", visible=False, elem_id="debate-md")
            docx_button = gr.DownloadButton("Download Word (.docx)", visible=False, elem_id="debate-docx")
        brief_md = gr.Markdown(elem_id="debate-brief")
        with gr.Accordion("Overzicht als JSON", open=False):
            brief_json = gr.JSON(label="Overzicht", elem_id="debate-json")
    gr.on(
        triggers=[go.click, topic.submit],
        fn=lambda t, d: make_brief(assistant, t, d),
        inputs=[topic, docs],
        outputs=[brief_md, md_button, docx_button, brief_json],
        api_name="debate",
        show_progress="minimal",
        trigger_mode="once",
    )
