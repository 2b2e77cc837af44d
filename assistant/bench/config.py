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
    "brief_p95_1x_ms": 3000.0,
}


@dataclass
class Run:
    label: str
    scale: int
    embeddings: str
    sample_embeddings: str | None = None  # the real embedder, measured on a sample


@dataclass
class BenchConfig:
    corpus_dir: Path
    scales: list[int] = field(default_factory=lambda: [1, 10, 100])
    embeddings: str = "e5"
    scale_embeddings: str | None = None  # None: the real one up to real_max_scale, then fake
    real_max_scale: int = 10
    embed_sample: int = 128  # chunks (and 4x as many sentences) of a scaled corpus; 0 = all
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

    def embedder_for(self, scale: int) -> str:
        if self.scale_embeddings:
            return self.scale_embeddings
        return self.embeddings if scale <= self.real_max_scale else "fake"

    def runs(self) -> list[Run]:
        """Scaled runs embed with the real embedder up to ``real_max_scale``; with ``embed_sample``
        it is measured on a sample there (fake for the rest). ``1x-<embedder>`` is added for each
        other embedder a scaled run uses, so the scale curve compares like with like."""
        runs: list[Run] = []
        scaled: set[str] = set()
        for scale in sorted(set(self.scales)):
            if scale == 1:
                continue
            embedder = self.embedder_for(scale)
            if embedder != "fake" and self.embed_sample:  # the real one on a sample, fake for the rest
                runs.append(Run(f"{scale}x", scale, "fake", sample_embeddings=embedder))
            else:
                runs.append(Run(f"{scale}x", scale, embedder))
            scaled.add(runs[-1].embeddings)
        first: list[Run] = []
        if 1 in self.scales:
            first.append(Run("1x", 1, self.embeddings))
            first += [Run(f"1x-{e}", 1, e) for e in sorted(scaled - {self.embeddings})]
        return first + runs


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
