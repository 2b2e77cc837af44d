"""The scale plot (scale.png) of a bench run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.bench.config import STAGES


def plot(results: dict[str, Any], path: Path) -> None:
    # matplotlib costs about 2 s (importtime) and only the plot needs it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = list(results["runs"].values())
    scaled = {r["embeddings"] for r in runs if r["scale"] > 1}
    # The growth curve compares like with like: the runs with the embedder of the scale runs.
    series = sorted([r for r in runs if r["embeddings"] in scaled] or runs, key=lambda r: r["chunks"])
    x = [r["chunks"] for r in series]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))

    def panel(ax, title: str, ylabel: str, lines: dict[str, list[float]]) -> None:
        for name, ys in lines.items():
            ax.plot(x, ys, marker="o", label=name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("chunks")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)

    panel(
        axes[0][0],
        "Ingest (fresh)",
        "seconds",
        {
            "total": [r["ingest"]["seconds_total"] for r in series],
            **{
                s: [max(r["ingest"]["stages"][s], 1e-3) for r in series]
                for s in ("clean", "embed", "store", "lexical")
            },
        },
    )
    panel(
        axes[0][1],
        "Re-ingest",
        "seconds",
        {
            "unchanged (process)": [
                r["reingest_unchanged"].get("cli_s") or r["reingest_unchanged"]["in_process_s"]
                for r in series
            ],
            "unchanged (in process)": [max(r["reingest_unchanged"]["in_process_s"], 1e-3) for r in series],
            "one doc changed": [r["reingest_one_changed"]["seconds"] for r in series],
        },
    )
    panel(
        axes[0][2],
        "Question latency p50 (warm)",
        "ms",
        {s: [max(r["latency"]["stages_ms"][s]["p50"], 1e-2) for r in series] for s in STAGES},
    )
    panel(
        axes[1][0],
        "Question latency p95 (warm)",
        "ms",
        {s: [max(r["latency"]["stages_ms"][s]["p95"], 1e-2) for r in series] for s in STAGES},
    )
    panel(
        axes[1][1],
        "Peak memory",
        "MB (RSS)",
        {
            "ingest": [r["ingest"]["peak_rss_mb"] for r in series],
            "serving": [r["serving"]["peak_rss_mb"] for r in series],
        },
    )
    cold = {
        "cold start to first answer": [
            (
                (r.get("cold_start_serve") or {}).get("first_answer_s")
                or (r.get("cold_start") or {}).get("first_answer_s")
                or float("nan")
            )
            for r in series
        ],
        "first answer in process": [r["latency"]["first_answer_in_process_s"] for r in series],
    }
    panel(axes[1][2], "Cold start", "seconds", cold)
    emb = ", ".join(sorted({r["embeddings"] for r in series}))
    fig.suptitle(
        f"assistant bench: growth with corpus size ({emb} embedder, {results['machine'].get('cpus')} CPUs)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
