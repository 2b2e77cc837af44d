"""A tiny run of `assistant bench` (small corpus, fake embedder, in process) and the corpus generator."""

from __future__ import annotations

import json
import re

from assistant.bench.config import BenchConfig
from assistant.bench.report import check_targets, render_markdown
from assistant.bench.runner import run_bench
from assistant.bench.synthetic import NAMES, generate, vary_text


def test_bench_smoke(small_corpus, tmp_path, monkeypatch):
    for key in [k for k in __import__("os").environ if k.startswith("ASSISTANT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "none.toml"))
    qa = tmp_path / "qa.jsonl"
    qa.write_text(
        "\n".join(
            json.dumps({"question": q, "sources": [{"doc": "000_ad1089ded3aa0d40.txt"}]})
            for q in (
                "Hoeveel gemeenten telt Nederland sinds 1 januari 2021?",
                "Hoeveel aanbieders zijn er voor burgerzakensoftware?",
                "Wat is het domein bedrijfsvoering ICT?",
            )
        ),
        encoding="utf-8",
    )
    config = BenchConfig(
        corpus_dir=small_corpus,
        scales=[1, 2],
        embeddings="fake",
        scale_embeddings="fake",
        questions=3,
        qa=qa,
        work_dir=tmp_path / "work",
        out_dir=tmp_path / "out",
        cold=False,
        throughput=False,
        in_process=True,
    )
    results = run_bench(config, log=lambda _msg: None)

    assert set(results["runs"]) == {"1x", "2x"}
    one, two = results["runs"]["1x"], results["runs"]["2x"]
    assert one["documents"] == 2 and two["documents"] == 4
    assert two["chunks"] == 2 * one["chunks"]
    assert one["ingest"]["chunks_embedded"] == one["chunks"]
    assert one["ingest"]["peak_rss_mb"] > 0
    assert one["reingest_unchanged"]["chunks_embedded"] == 0
    changed = one["reingest_one_changed"]
    assert changed["only_that_doc"] and changed["files_indexed"] == 1
    assert changed["restore_files_indexed"] == 1
    for stage in ("embed", "dense", "bm25", "fusion", "answer", "total"):
        assert one["latency"]["stages_ms"][stage]["p50"] >= 0
    assert one["latency"]["questions"] == 3
    assert {t["target"] for t in results["targets"]} >= {"1x end-to-end p50", "1x end-to-end p95"}

    out = tmp_path / "out"
    for name in ("results.json", "results-1x.json", "results-2x.json", "results.md", "scale.png"):
        assert (out / name).exists(), name
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| | 1x | 2x |" in table and "question total p50 / p95 (ms)" in table
    assert render_markdown(results) == table
    assert check_targets(results) == results["targets"]


def test_bench_is_a_cli_command():
    from assistant.app.cli import build_parser

    args = build_parser().parse_args(["bench", "--scales", "1", "10", "--no-cold", "--questions", "50"])
    assert args.scales == [1, 10] and args.no_cold and args.questions == 50


def test_synthetic_copies_change_numbers_and_names(small_corpus, tmp_path):
    files = generate(small_corpus, tmp_path / "x3", 3)
    names = sorted(p.name for p in files)
    assert len(files) == 6
    assert (tmp_path / "x3" / "catalog.yaml").exists()
    original = (small_corpus / "000_ad1089ded3aa0d40.txt").read_text(encoding="utf-8")
    assert (tmp_path / "x3" / "000_ad1089ded3aa0d40.txt").read_text(encoding="utf-8") == original
    copy = (tmp_path / "x3" / next(n for n in names if n.startswith("s001_000"))).read_text(encoding="utf-8")
    assert copy != original
    assert re.findall(r"\d+", copy) != re.findall(r"\d+", original)
    assert not any(re.search(rf"\b{n}\b", copy) for n in NAMES if re.search(rf"\b{n}\b", original))
    assert vary_text(original, 1) == copy  # deterministic
    assert vary_text(original, 2) != copy
