"""What a bench run measures and against which targets: its configuration, its runs, its questions."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STAGES = ("embed", "dense", "bm25", "fusion", "answer", "total")
INGEST_STAGES = ("load", "clean", "chunk", "embed", "store", "cleanup", "lexical", "sentences")


TARGETS = {
    "p50_1x_ms": 100.0,
    "p95_1x_ms": 250.0,
    "p95_100x_ms": 500.0,
    "serving_rss_1x_mb": 1536.0,
    "cold_start_1x_s": 20.0,
    "reingest_unchanged_1x_s": 5.0,
}


@dataclass
class Run:
    label: str
    scale: int
    embeddings: str


@dataclass
class BenchConfig:
    corpus_dir: Path
    scales: list[int] = field(default_factory=lambda: [1, 10, 100])
    embeddings: str = "e5"
    scale_embeddings: str = "fake"
    questions: int = 60
    qa: Path | None = None
    work_dir: Path = Path(tempfile.gettempdir()) / "assistant-bench"
    out_dir: Path = Path("bench")
    cold: bool = True
    cold_repeats: int = 3
    throughput: bool = True
    throughput_chunks: int = 64
    st_model: str | None = None
    chroma_host: str | None = None
    chroma_port: int = 8000
    in_process: bool = False
    plot: bool = True

    def runs(self) -> list[Run]:
        runs: list[Run] = []
        for scale in sorted(set(self.scales)):
            if scale == 1:
                runs.append(Run("1x", 1, self.embeddings))
                if self.scale_embeddings != self.embeddings and len(set(self.scales)) > 1:
                    runs.append(Run(f"1x-{self.scale_embeddings}", 1, self.scale_embeddings))
            else:
                runs.append(Run(f"{scale}x", scale, self.scale_embeddings))
        return runs


def qa_questions(qa: Path | None, limit: int) -> list[dict[str, Any]]:
    """Questions of the QA set (field 'question'): a file, a folder of .jsonl files, or eval/qa.jsonl."""
    if qa is not None:
        files = sorted(qa.glob("*.jsonl")) if qa.is_dir() else [qa]
    else:
        files = [Path("eval") / "qa.jsonl"]
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            q = str(row.get("question") or "").strip()
            if q and q not in seen:
                seen.add(q)
                docs = [
                    s.get("doc") for s in row.get("sources") or [] if isinstance(s, dict) and s.get("doc")
                ]
                rows.append({"question": q, "docs": sorted(set(docs))})
    return rows[:limit] if limit else rows
