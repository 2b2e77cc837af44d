"""Targets met or missed, and the results as a Markdown table (results.md)."""

from __future__ import annotations

from typing import Any

from assistant.bench.config import INGEST_STAGES, STAGES, TARGETS
from assistant.text import format_value


def _largest(results: dict[str, Any]) -> dict[str, Any] | None:
    runs = [r for r in results["runs"].values() if r["scale"] > 1]
    return max(runs, key=lambda r: r["scale"]) if runs else None


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    one = results["runs"].get("1x")

    def add(name: str, value: float | None, limit: float, unit: str) -> None:
        if value is None:
            return
        out.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": value <= limit})

    if one:
        total = one["latency"]["stages_ms"]["total"]
        add("1x end-to-end p50", total["p50"], TARGETS["p50_1x_ms"], "ms")
        add("1x end-to-end p95", total["p95"], TARGETS["p95_1x_ms"], "ms")
        add("1x serving memory", one["serving"]["peak_rss_mb"], TARGETS["serving_rss_1x_mb"], "MB")
        cold = one.get("cold_start_serve") or one.get("cold_start") or {}
        add("1x cold start to first answer", cold.get("first_answer_s"), TARGETS["cold_start_1x_s"], "s")
        brief = one["latency"].get("brief_ms") or {}
        add("1x debate brief p95", brief.get("p95"), TARGETS["brief_p95_1x_ms"], "ms")
        re = one["reingest_unchanged"]
        add(
            "1x re-ingest unchanged",
            re.get("cli_s", re["in_process_s"]),
            TARGETS["reingest_unchanged_1x_s"],
            "s",
        )
    big = _largest(results)
    if big and big["scale"] >= 100:
        add(
            f"{big['label']} end-to-end p95",
            big["latency"]["stages_ms"]["total"]["p95"],
            TARGETS["p95_100x_ms"],
            "ms",
        )
    return out


def _real_rows(run: dict[str, Any]) -> list[tuple[str, str]]:
    """The real embedder measured on a sample of a scaled corpus (empty when not measured)."""
    real = run.get("real_embedding") or {}
    if not real:
        return []
    return [
        (
            f"{real['embedder']} chunks/s, sentences/s ({real['how']})",
            f"{format_value(real['chunks_per_s'], 2)}, {format_value(real['sentences_per_s'], 2)}",
        ),
        (f"{real['embedder']} ingest, projected (s)", format_value(real["projected_ingest_s"], 0)),
        (
            f"{real['embedder']} embedding at 100x, projected (s)",
            format_value(real["projected_100x"]["embed_s"], 0),
        ),
    ]


def _rows(run: dict[str, Any]) -> list[tuple[str, str]]:
    ing = run["ingest"]
    st = ing["stages"]
    re_ = run["reingest_unchanged"]
    one = run["reingest_one_changed"]
    lat = run["latency"]["stages_ms"]
    filt = run["latency"]["filtered_total_ms"]
    brief = run["latency"].get("brief_ms") or {}
    cold = (
        run.get("cold_start_serve")
        if "first_answer_s" in (run.get("cold_start_serve") or {})
        else run.get("cold_start")
    )
    served = run.get("cold_start_serve") or {}
    http = served.get("http_total_ms") or {}
    first = served.get("http_first_update_ms") or {}
    rows = [
        ("embedder", run["embeddings"]),
        ("documents / chunks", f"{run['documents']} / {run['chunks']}"),
        ("ingest total (s)", format_value(ing["seconds_total"])),
        *[(f"  {name} (s)", format_value(st.get(name), 2)) for name in INGEST_STAGES],
        (
            "ingest chunks/s (embed only)",
            f"{format_value(ing['chunks_per_s'])} ({format_value(ing['embed_chunks_per_s'])})",
        ),
        ("embed sentences/s", format_value(ing.get("embed_sentences_per_s"))),
        *_real_rows(run),
        (
            "texts embedded: chunks / others (sentences)",
            f"{ing['chunks_embedded']} / {ing.get('other_texts_embedded', 0)}",
        ),
        ("ingest peak RSS (MB)", format_value(ing["peak_rss_mb"], 0)),
        ("re-ingest unchanged, in process (s)", format_value(re_["in_process_s"], 2)),
        ("re-ingest unchanged, `assistant ingest` (s)", format_value(re_.get("cli_s"), 2)),
        (
            "one doc changed (s; chunks embedded / doc chunks)",
            f"{format_value(one['seconds'], 2)}; {one['chunks_embedded']} / {one['doc_chunks']}"
            + ("" if one["only_that_doc"] else " (!)"),
        ),
        *[
            (
                f"question {name} p50 / p95 (ms)",
                f"{format_value(lat[name]['p50'], 1)} / {format_value(lat[name]['p95'], 1)}",
            )
            for name in STAGES
        ],
        (
            "question filtered to 1 doc, total p50 / p95 (ms)",
            f"{format_value(filt['p50'], 1)} / {format_value(filt['p95'], 1)}",
        ),
        (
            "debate brief, no language model, p50 / p95 (ms)",
            f"{format_value(brief.get('p50'), 0)} / {format_value(brief.get('p95'), 0)}",
        ),
        ("`assistant serve`: start -> HTTP 200 (s)", format_value(served.get("http_200_s"), 2)),
        ("cold start to first answer (s)", format_value((cold or {}).get("first_answer_s"), 2)),
        (
            "cold `assistant ask` process (s)",
            format_value(run.get("cold_start", {}).get("first_answer_s"), 2),
        ),
        (
            "web app over HTTP: first update p50 / p95 (ms)",
            f"{format_value(first.get('p50'), 0)} / {format_value(first.get('p95'), 0)}",
        ),
        (
            "web app over HTTP: whole (paced) answer p50 / p95 (ms)",
            f"{format_value(http.get('p50'), 0)} / {format_value(http.get('p95'), 0)}",
        ),
        ("serving peak RSS (MB)", format_value(run["serving"]["peak_rss_mb"], 0)),
        (
            "machine load (1-min avg) at start / end",
            f"{format_value(run.get('loadavg_start'), 1)} / {format_value(run.get('loadavg_end'), 1)}",
        ),
    ]
    return rows


def render_markdown(results: dict[str, Any]) -> str:
    runs = list(results["runs"].values())
    lines = [
        f"Machine: {results['machine'].get('cpus')} CPUs, {results['machine'].get('memory_gb')} GB, "
        f"Python {results['machine'].get('python')}, chromadb {results['machine'].get('chromadb')}. "
        f"{results['questions']} questions, extractive mode, warm. Run {results['started']}.",
        "",
        "| | " + " | ".join(r["label"] for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    table = [_rows(r) for r in runs]
    for i, (name, _) in enumerate(table[0]):
        lines.append(f"| {name} | " + " | ".join(rows[i][1] for rows in table) + " |")
    if results.get("targets"):
        lines += ["", "| target | value | limit | met |", "|---|---:|---:|:---:|"]
        for t in results["targets"]:
            lines.append(
                f"| {t['target']} | {format_value(float(t['value']), 2)} {t['unit']} | {format_value(float(t['limit']), 0)} {t['unit']} "
                f"| {'yes' if t['met'] else 'NO'} |"
            )
    tp = results.get("throughput")
    if tp:
        lines += [
            "",
            f"Embedding throughput, {tp['chunks']} chunks of ~{tp['mean_tokens']:.0f} tokens (cl100k):",
            "",
            "| model | device | load (s) | chunks/s (batch size) | one query, median (ms) |",
            "|---|---|---:|---:|---:|",
        ]
        for key in ("e5", "st"):
            m = tp.get(key)
            if not m:
                continue
            if "error" in m:
                lines.append(f"| {m.get('path')} | – | – | {m['error']} | – |")
                continue
            device = m.get("device", "cpu")
            rates = [f"{format_value(m['chunks_per_s'], 1)} ({m.get('batch_size', '?')})"]
            rates += [
                f"{format_value(v, 1)} ({k})" for k, v in (m.get("chunks_per_s_by_batch_size") or {}).items()
            ]
            lines.append(
                f"| {m['model']} | {device} | {format_value(m['load_s'], 1)} | {'; '.join(rates)} | {format_value(m['query_ms'], 1)} |"
            )
    return "\n".join(lines) + "\n"
