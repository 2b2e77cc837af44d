"""The status line and document list: what is indexed and since when."""

from __future__ import annotations

from datetime import datetime

from assistant.app.web.render import md_text
from assistant.service import Assistant


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
    building = assistant.index_status()
    if building:  # a staged start: say what works already and how far the vectors are
        return f"{len(sources)} documenten · {chunks} fragmenten · {md_text(building)}"
    return (
        f"{len(sources)} documenten · {chunks} fragmenten geïndexeerd · "
        f"antwoordmodus: {md_text(assistant.settings.llm.label)} · index van {date}"
    )


def doc_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [(f"{s.title} ({s.doc})", s.doc) for s in assistant.sources()]
