"""The brief wired to an Assistant's components: extractive always, rewritten by the language
model when one is configured (through the same checks as answers)."""

from __future__ import annotations

import time

from assistant.debate.builder import BriefBuilder
from assistant.debate.doctext import DocTexts
from assistant.debate.model import Brief, keep_cited


def doc_texts(assistant) -> DocTexts:
    """Document texts for the loaded chunk table, built once per index."""
    lexical = assistant.lexical
    cached = getattr(assistant, "_debate_texts", None)
    if cached is None or cached[0] is not lexical:
        cached = assistant._debate_texts = (lexical, DocTexts(lexical.records))
    return cached[1]


def make_brief(assistant, topic: str, docs: set[str] | None = None) -> Brief:
    builder = BriefBuilder(
        assistant.retriever(),
        assistant.lexical,
        assistant.catalog,
        doc_texts(assistant),
        section_retriever=assistant.retriever("bm25"),
    )
    brief = builder.build(topic, docs)
    settings = assistant.settings
    if settings.llm.backend != "extractive" and not brief.abstained:
        from assistant.debate.generative import rewrite_points

        t = time.perf_counter()
        rewrite_points(brief, settings)
        keep_cited(brief)
        brief.timings_ms["generate"] = (time.perf_counter() - t) * 1000
        brief.timings_ms["total"] += brief.timings_ms["generate"]
    return brief
