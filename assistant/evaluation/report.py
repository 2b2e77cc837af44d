"""Evaluation reports a person reads: Markdown, and self-contained HTML with charts."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from assistant.evaluation.metrics import per_question_score
from assistant.text import format_value

HEADLINE = [
    ("retrieval", "hit@5"),
    ("retrieval", "mrr"),
    ("answer", "key_fact_recall"),
    ("answer", "token_f1"),
    ("answer", "citation_precision"),
    ("answer", "citation_recall"),
    ("answer", "faithfulness"),
    ("answer", "abstention_precision"),
    ("answer", "abstention_recall"),
    ("latency_ms", "p50"),
    ("latency_ms", "p95"),
]


def _fmt(value: Any) -> str:
    """A metric: a fraction to three decimals, anything larger (milliseconds) to one."""
    digits = 3 if isinstance(value, float) and value <= 1.0 else 1
    return format_value(value, digits, thousands="")


def _get(metrics: dict[str, Any], group: str, key: str) -> Any:
    return (metrics.get(group) or {}).get(key)


def comparison_rows(metrics: dict[str, Any], previous: dict[str, Any]) -> list[tuple[str, Any, Any, str]]:
    rows = []
    for group, key in HEADLINE:
        new, old = _get(metrics, group, key), _get(previous["metrics"], group, key)
        delta = "" if new is None or old is None else f"{new - old:+.3f}"
        rows.append((f"{group}.{key}", old, new, delta))
    return rows


def spread_rows(metrics: dict[str, Any]) -> tuple[str, list[tuple[str, Any, Any, Any, Any]]]:
    """With ``--cv K`` over several fold assignments: a caption and, per metric, the value of the
    first assignment (the one above and in the CI gate), the mean, the lowest and the highest."""
    spread = ((metrics.get("run") or {}).get("cv") or {}).get("repeats")
    if not spread:
        return "", []
    caption = (
        f"Over {len(spread['seeds'])} indelingen in delen (seeds {', '.join(map(str, spread['seeds']))}); "
        "de eerste is die van de tabel hierboven en van de CI-poort, het gemiddelde is het eerlijkere getal."
    )
    rows = [
        (f"answer.{m}", _get(metrics, "answer", m), mean, spread["min"][m], spread["max"][m])
        for m, mean in spread["mean"].items()
    ]
    return caption, rows


def worse_questions(scored, previous: dict[str, Any]) -> list[tuple[str, str, float, float]]:
    out = []
    for s in scored:
        old = previous["results"].get(s.item["id"])
        if not old:
            continue
        before, after = per_question_score(old.get("metrics", {})), per_question_score(s.metrics)
        if after < before - 1e-9:
            out.append((s.item["id"], s.item["question"], before, after))
    return out


def write_reports(out: Path, scored, metrics, failed, previous) -> None:
    (out / "report.md").write_text(markdown_report(scored, metrics, failed, previous), encoding="utf-8")
    (out / "report.html").write_text(html_report(scored, metrics, failed, previous), encoding="utf-8")


def markdown_report(scored, metrics, failed, previous) -> str:
    run = metrics.get("run", {})
    lines = [
        "# Evaluatierapport",
        "",
        f"Modus: **{run.get('mode')}** ({run.get('llm')}), embeddings `{run.get('embeddings')}`, "
        f"top-k {run.get('top_k')}, {metrics['n']} vragen ({metrics['n_answerable']} beantwoordbaar), "
        f"{run.get('seconds')} s.",
        "",
        "| metriek | waarde |",
        "|---|---|",
    ]
    lines += [f"| {g}.{k} | {_fmt(_get(metrics, g, k))} |" for g, k in HEADLINE]
    caption, spread = spread_rows(metrics)
    if spread:
        lines += ["", "## Kruisvalidatie over meer indelingen", "", caption, ""]
        lines += ["| metriek | deze indeling | gemiddelde | laagste | hoogste |", "|---|---|---|---|---|"]
        lines += [f"| {m} | {_fmt(v)} | {_fmt(a)} | {_fmt(lo)} | {_fmt(hi)} |" for m, v, a, lo, hi in spread]
    if metrics.get("baselines"):
        lines += [
            "",
            "## Baselines",
            "",
            "| retrieval | hit@1 | hit@5 | mrr | key_fact_recall |",
            "|---|---|---|---|---|",
        ]
        for mode, b in metrics["baselines"].items():
            lines.append(
                f"| {mode} | {_fmt(b['retrieval']['hit@1'])} | {_fmt(b['retrieval']['hit@5'])} | "
                f"{_fmt(b['retrieval']['mrr'])} | {_fmt(b['answer']['key_fact_recall'])} |"
            )
    for group in ("type", "persona", "doc"):
        lines += [
            "",
            f"## Per {group}",
            "",
            "| groep | n | hit@5 | key_fact_recall | citation_precision | faithfulness | abstention_recall |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, agg in metrics["by"][group].items():
            lines.append(
                f"| {name} | {agg['n']} | {_fmt(agg['retrieval']['hit@5'])} | {_fmt(agg['answer']['key_fact_recall'])} | "
                f"{_fmt(agg['answer']['citation_precision'])} | {_fmt(agg['answer']['faithfulness'])} | "
                f"{_fmt(agg['answer']['abstention_recall'])} |"
            )
    if previous:
        lines += [
            "",
            f"## Vergelijking met {previous['path']}",
            "",
            "| metriek | was | nu | verschil |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {k} | {_fmt(o)} | {_fmt(n)} | {d} |" for k, o, n, d in comparison_rows(metrics, previous)
        ]
        worse = worse_questions(scored, previous)
        lines += ["", f"Slechter geworden: {len(worse)} vragen", ""]
        lines += [f"- {i}: {q} ({b:.2f} → {a:.2f})" for i, q, b, a in worse]
    lines += [
        "",
        f"## Mislukte vragen ({len(failed)})",
        "",
        "| id | vraag | verwachte feiten | antwoord | opgehaald |",
        "|---|---|---|---|---|",
    ]
    for s in failed:
        retrieved = ", ".join(f"{r['doc'][:3]}:p{r['page']}" for r in s.result["retrieved"][:5])
        cell = lambda t: t.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines.append(
            f"| {s.item['id']} | {cell(s.item['question'])} | {cell('; '.join(s.item['key_facts']) or '(geen antwoord verwacht)')} | "
            f"{cell(s.result['answer'][:300])} | {retrieved} |"
        )
    return "\n".join(lines) + "\n"


def _chart(fn) -> str:
    # matplotlib costs about 2 s (importtime) and only the charts need it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = fn(plt)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _bars(metrics, group: str):
    def draw(plt):
        names = list(metrics["by"][group])
        keys = [
            ("retrieval", "hit@5"),
            ("answer", "key_fact_recall"),
            ("answer", "citation_precision"),
            ("answer", "faithfulness"),
        ]
        fig, ax = plt.subplots(figsize=(8, 3.2))
        width = 0.8 / len(keys)
        for i, (g, k) in enumerate(keys):
            vals = [(_get(metrics["by"][group][n], g, k) or 0) for n in names]
            ax.bar([x + i * width for x in range(len(names))], vals, width, label=k)
        ax.set_xticks(
            [x + 0.4 - width / 2 for x in range(len(names))], [n[:18] for n in names], rotation=20, fontsize=8
        )
        ax.set_ylim(0, 1.05)
        ax.legend(fontsize=7, ncol=4, loc="lower left")
        ax.set_title(f"Per {group}")
        return fig

    return draw


def _latency(scored):
    def draw(plt):
        fig, ax = plt.subplots(figsize=(6, 2.6))
        ax.hist([s.metrics["latency_ms"] for s in scored], bins=30, color="#2a6f97")
        ax.set_xlabel("ms per vraag (totaal)")
        ax.set_title("Latentie")
        return fig

    return draw


def html_report(scored, metrics, failed, previous) -> str:
    e = html.escape
    run = metrics.get("run", {})
    rows = "".join(
        f"<tr><td>{e(g)}.{e(k)}</td><td>{_fmt(_get(metrics, g, k))}</td></tr>" for g, k in HEADLINE
    )
    charts = "".join(
        f'<img alt="{e(alt)}" src="{_chart(fn)}">'
        for alt, fn in (
            ("per type", _bars(metrics, "type")),
            ("per persona", _bars(metrics, "persona")),
            ("latentie", _latency(scored)),
        )
    )
    base = ""
    if metrics.get("baselines"):
        base = (
            "<h2>Baselines</h2><table><tr><th>retrieval</th><th>hit@1</th><th>hit@5</th><th>mrr</th><th>key_fact_recall</th></tr>"
            + "".join(
                f"<tr><td>{e(m)}</td><td>{_fmt(b['retrieval']['hit@1'])}</td><td>{_fmt(b['retrieval']['hit@5'])}</td><td>{_fmt(b['retrieval']['mrr'])}</td><td>{_fmt(b['answer']['key_fact_recall'])}</td></tr>"
                for m, b in metrics["baselines"].items()
            )
            + "</table>"
        )
    caption, spread = spread_rows(metrics)
    spread_table = ""
    if spread:
        spread_table = (
            f"<h2>Kruisvalidatie over meer indelingen</h2><p>{e(caption)}</p><table><tr><th>metriek</th>"
            "<th>deze indeling</th><th>gemiddelde</th><th>laagste</th><th>hoogste</th></tr>"
            + "".join(
                f"<tr><td>{e(m)}</td>" + "".join(f"<td>{_fmt(x)}</td>" for x in (v, a, lo, hi)) + "</tr>"
                for m, v, a, lo, hi in spread
            )
            + "</table>"
        )
    comp = ""
    if previous:
        comp = (
            f"<h2>Vergelijking met {e(previous['path'])}</h2><table><tr><th>metriek</th><th>was</th><th>nu</th><th>verschil</th></tr>"
            + "".join(
                f"<tr><td>{e(k)}</td><td>{_fmt(o)}</td><td>{_fmt(n)}</td><td>{e(d)}</td></tr>"
                for k, o, n, d in comparison_rows(metrics, previous)
            )
            + "</table><h3>Slechter geworden</h3><ul>"
            + "".join(
                f"<li>{e(i)}: {e(q)} ({b:.2f} → {a:.2f})</li>"
                for i, q, b, a in worse_questions(scored, previous)
            )
            + "</ul>"
        )
    fail_rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            e(s.item["id"]),
            e(s.item["question"]),
            e("; ".join(s.item["key_facts"]) or "(geen antwoord verwacht)"),
            e(s.result["answer"]),
            "<br>".join(
                e(f"{r['rank']}. {r['doc']} p.{r['page']}: {r['text'][:160]}…")
                for r in s.result["retrieved"][:3]
            ),
        )
        for s in failed
    )
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Evaluatierapport</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1200px}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}}img{{display:block;margin:1em 0}}</style></head>
<body><h1>Evaluatierapport</h1><p>Modus <b>{e(str(run.get("mode")))}</b> ({e(str(run.get("llm")))}), embeddings {e(str(run.get("embeddings")))},
{metrics["n"]} vragen ({metrics["n_answerable"]} beantwoordbaar).</p>
<table><tr><th>metriek</th><th>waarde</th></tr>{rows}</table>{spread_table}{base}{charts}{comp}
<h2>Mislukte vragen ({len(failed)})</h2><table><tr><th>id</th><th>vraag</th><th>verwachte feiten</th><th>antwoord</th><th>opgehaald</th></tr>{fail_rows}</table>
</body></html>"""


def summary_text(metrics: dict[str, Any]) -> str:
    r, a, lat = metrics["retrieval"], metrics["answer"], metrics["latency_ms"]
    lines = [
        f"n={metrics['n']} (beantwoordbaar {metrics['n_answerable']})",
        "retrieval: " + ", ".join(f"{k}={v}" for k, v in r.items()),
        "antwoord: " + ", ".join(f"{k}={v}" for k, v in a.items()),
        f"latentie: p50={lat['p50']} ms, p95={lat['p95']} ms",
    ]
    _, spread = spread_rows(metrics)
    if spread:
        lines.append(
            f"over {len(metrics['run']['cv']['repeats']['seeds'])} indelingen (gemiddelde, bereik): "
            + ", ".join(f"{m.split('.', 1)[1]}={a} ({lo}–{hi})" for m, _, a, lo, hi in spread)
        )
    for mode, base in (metrics.get("baselines") or {}).items():
        lines.append(
            f"baseline {mode}: hit@5={base['retrieval']['hit@5']}, mrr={base['retrieval']['mrr']}, "
            f"key_fact_recall={base['answer']['key_fact_recall']}"
        )
    return "\n".join(lines)
