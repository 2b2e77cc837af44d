"""Debate brief timing (issue 12): a brief per topic of eval/debate.jsonl, without a language model.

Goes through ``Assistant.brief`` like the CLI and the web tab, so the bench imports nothing of
assistant.debate (a package on its own layer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.bench.meters import percentiles


def debate_topics(path: Path = Path("eval/debate.jsonl")) -> list[dict[str, Any]]:
    """The topics of the debate eval set, for timing a brief."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def debate_brief_ms(assistant, topics: list[dict[str, Any]]) -> dict[str, Any]:
    """A debate brief per topic: p50/p95 of its total time."""
    if not topics:
        return {}
    assistant.brief(topics[0]["topic"])  # the document texts are built once per index
    times = [
        assistant.brief(t["topic"], docs=set(t.get("docs") or []) or None).timings_ms["total"] for t in topics
    ]
    return {**percentiles(times), "topics": len(times)}
