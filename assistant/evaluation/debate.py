"""`assistant eval --debate`: the briefs of eval/debate.jsonl scored per section.

* fact recall per section: share of a section's facts found anywhere in the brief's points;
* placement: of the facts found, the share found in the points of their own section;
* citation grounding: share of cited points whose quoted text (every piece between '…') is in
  the passage they cite: a point says only what its source says;
* citation relevance: share of citations whose passage holds one of the topic's fact quotes or
  comes from one of its main documents (parts);
* declines: uncovered topics declined, covered topics wrongly declined;
* brief time p50/p95 (ms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from assistant.debate.model import SECTIONS
from assistant.debate.points import fragments
from assistant.evaluation.matching import fact_in, quote_in, squash
from assistant.evaluation.runner import threshold_gate
from assistant.service import Assistant, prepare_index
from assistant.text import fold

FACT_SECTIONS = [k for k, _ in SECTIONS if k != "vragen"]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def score_topic(item: dict[str, Any], brief) -> dict[str, Any]:
    data = brief.to_json()
    texts = {s["key"]: "\n".join(p["text"] for p in s["points"]) for s in data["sections"]}
    everything = "\n".join(texts.values())
    out: dict[str, Any] = {
        "id": item["id"],
        "topic": item["topic"],
        "covered": item["covered"],
        "abstained": brief.abstained,
        "ms": round(brief.timings_ms.get("total", 0.0), 1),
        "sections": {},
        "missed": [],
    }
    if not item["covered"]:
        return out
    for key in FACT_SECTIONS:
        facts = item["sections"].get(key) or []
        found = [f for f in facts if fact_in(f["fact"], everything)]
        placed = [f for f in found if fact_in(f["fact"], texts.get(key, ""))]
        out["sections"][key] = {"facts": len(facts), "found": len(found), "placed": len(placed)}
        out["missed"] += [f"{key}: {f['fact']}" for f in facts if f not in found]
    by_n = {c.n: c for c in brief.citations}
    grounded = total = 0
    for section in brief.sections:
        if section.key == "vragen":
            continue
        for point in section.points:
            if not point.citations:
                continue
            total += 1
            source = _norm(" ".join(by_n[n].quote for n in point.citations if n in by_n))
            grounded += all(_norm(piece) in source for piece in fragments(point.text))
    quotes = [f["quote"] for facts in item["sections"].values() for f in facts]
    main = set(item.get("main") or [])
    relevant = 0
    for c in brief.citations:
        text = squash(f"{c.quote}\n{c.passage}")
        relevant += any(quote_in(q, text) for q in quotes) or (c.part or "") in main or c.title in main
    out["grounded"] = (grounded, total)
    out["relevant"] = (relevant, len(brief.citations))
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def aggregate(results: list[dict[str, Any]]) -> dict[str, Any]:
    covered = [r for r in results if r["covered"]]
    uncovered = [r for r in results if not r["covered"]]
    sections: dict[str, Any] = {}
    for key in FACT_SECTIONS:
        facts = sum(r["sections"][key]["facts"] for r in covered)
        found = sum(r["sections"][key]["found"] for r in covered)
        placed = sum(r["sections"][key]["placed"] for r in covered)
        sections[key] = {
            "facts": facts,
            "recall": _ratio(found, facts),
            "placement": _ratio(placed, found),
            "recall_in_section": _ratio(placed, facts),
        }
    facts = sum(s["facts"] for s in sections.values())
    found = sum(r["sections"][k]["found"] for r in covered for k in FACT_SECTIONS)
    placed = sum(r["sections"][k]["placed"] for r in covered for k in FACT_SECTIONS)
    times = sorted(r["ms"] for r in results)
    return {
        "n": len(results),
        "n_covered": len(covered),
        "fact_recall": _ratio(found, facts),
        "placement": _ratio(placed, found),
        "sections": sections,
        "citation_grounding": _ratio(
            sum(r["grounded"][0] for r in covered), sum(r["grounded"][1] for r in covered)
        ),
        "citation_relevance": _ratio(
            sum(r["relevant"][0] for r in covered), sum(r["relevant"][1] for r in covered)
        ),
        "declines": {
            "uncovered_declined": _ratio(sum(r["abstained"] for r in uncovered), len(uncovered)),
            "covered_declined": _ratio(sum(r["abstained"] for r in covered), len(covered)),
            "covered_answered": _ratio(sum(not r["abstained"] for r in covered), len(covered)),
        },
        "latency_ms": {
            "p50": round(statistics.median(times), 1) if times else None,
            "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
        },
    }


def report_md(metrics: dict[str, Any], results: list[dict[str, Any]]) -> str:
    lines = [
        "# Evaluatie debatvoorbereiding",
        "",
        f"{metrics['n']} onderwerpen ({metrics['n_covered']} behandeld) · feiten gevonden "
        f"{metrics['fact_recall']} · op de juiste plek {metrics['placement']} · citaten kloppen "
        f"{metrics['citation_grounding']} · citaten relevant {metrics['citation_relevance']} · "
        f"tijd p50 {metrics['latency_ms']['p50']} ms, p95 {metrics['latency_ms']['p95']} ms",
        "",
        "| sectie | feiten | recall | placement | recall in sectie |",
        "|---|---|---|---|---|",
    ]
    for key, s in metrics["sections"].items():
        lines.append(
            f"| {key} | {s['facts']} | {s['recall']} | {s['placement']} | {s['recall_in_section']} |"
        )
    d = metrics["declines"]
    lines += [
        "",
        f"Niet-behandelde onderwerpen afgewezen: {d['uncovered_declined']} · behandelde onderwerpen "
        f"ten onrechte afgewezen: {d['covered_declined']}",
        "",
        "## Per onderwerp",
        "",
        "| id | onderwerp | afgewezen | gevonden/feiten | ms |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        found = sum(s["found"] for s in r["sections"].values())
        facts = sum(s["facts"] for s in r["sections"].values())
        lines.append(f"| {r['id']} | {r['topic']} | {r['abstained']} | {found}/{facts} | {r['ms']} |")
    lines += ["", "## Gemiste feiten", ""]
    for r in results:
        for miss in r["missed"]:
            lines.append(f"- {r['id']} {miss}")
    return "\n".join(lines) + "\n"


def run_eval(assistant, items: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    results = []
    for item in items:
        brief = assistant.brief(item["topic"], docs=set(item.get("docs") or []) or None)
        results.append(score_topic(item, brief))
    return aggregate(results), results


# Options of `assistant eval` that only the question-answer evaluation uses: with --debate they
# would be ignored in silence, and a run that looks cross-validated or fitted would be neither.
_QA_ONLY = {
    "cv": "--cv",
    "fit": "--fit",
    "train": "--train",
    "baselines": "--baselines",
    "compare": "--compare",
    "k": "--k",
}


def qa_only_options(args: argparse.Namespace) -> list[str]:
    """The question-answer options given along with --debate."""
    return [flag for name, flag in _QA_ONLY.items() if getattr(args, name, None) not in (None, False)]


def run_cli(settings, args: argparse.Namespace) -> int:
    ignored = qa_only_options(args)
    if ignored:  # a usage error, before the index loads
        print(
            f"Fout: {', '.join(ignored)} geldt niet met --debate (alleen voor de vraag-antwoordset).",
            file=sys.stderr,
        )
        return 2
    path = Path(args.qa if args.qa != "eval/qa.jsonl" else "eval/debate.jsonl")
    if not path.exists():
        print(f"Fout: het bestand '{path}' bestaat niet.", file=sys.stderr)
        return 1
    items = load(path)[: args.limit] if args.limit else load(path)
    if args.mode:
        settings = settings.with_overrides(llm=args.mode)
    assistant = Assistant(settings)
    prepare_index(assistant, update_stale=False)
    assistant.brief(items[0]["topic"])  # loads the index and the document texts: not timed
    started = time.perf_counter()
    metrics, results = run_eval(assistant, items)
    metrics["run"] = {
        "set": str(path),
        "embeddings": settings.embeddings,
        "llm": settings.llm.backend,
        "seconds": round(time.perf_counter() - started, 1),
    }
    out = Path(args.out) if args.out else Path("eval/runs") / time.strftime("debate-%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    with (out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "report.md").write_text(report_md(metrics, results), encoding="utf-8")
    print(report_md(metrics, results).split("\n## Per onderwerp")[0])
    print(f"Rapport: {out / 'report.md'}")
    return threshold_gate(metrics, args.check)
