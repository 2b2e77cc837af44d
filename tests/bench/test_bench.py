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
    assert one["latency"]["brief_ms"]["topics"] >= 15  # the topics of eval/debate.jsonl
    assert one["latency"]["brief_ms"]["p95"] >= one["latency"]["brief_ms"]["p50"] > 0
    assert {t["target"] for t in results["targets"]} >= {"1x end-to-end p50", "1x end-to-end p95"}

    out = tmp_path / "out"
    for name in ("results.json", "results-1x.json", "results-2x.json", "results.md", "scale.png"):
        assert (out / name).exists(), name
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| | 1x | 2x |" in table and "question total p50 / p95 (ms)" in table
    assert "debate brief, no language model, p50 / p95 (ms)" in table
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


def test_real_embedder_is_measured_up_to_10x_on_a_sample(tmp_path):
    config = BenchConfig(corpus_dir=tmp_path, scales=[1, 10, 100], embeddings="e5")
    runs = {r.label: (r.embeddings, r.sample_embeddings) for r in config.runs()}
    assert runs == {
        "1x": ("e5", None),
        "1x-fake": ("fake", None),
        "10x": ("fake", "e5"),  # ingest and questions with fake, e5 throughput on a sample
        "100x": ("fake", None),
    }
    full = BenchConfig(corpus_dir=tmp_path, scales=[1, 10], embeddings="e5", embed_sample=0)
    assert [(r.label, r.embeddings) for r in full.runs()] == [("1x", "e5"), ("10x", "e5")]
    chosen = BenchConfig(corpus_dir=tmp_path, scales=[10], embeddings="e5", scale_embeddings="fake")
    assert [(r.embeddings, r.sample_embeddings) for r in chosen.runs()] == [("fake", None)]


def test_embed_sample_measures_throughput_and_projects(small_corpus, tmp_path):
    from assistant.bench.phases import phase_embed_sample, project_embedding

    cfg = {"corpus_dir": str(small_corpus), "data_dir": str(tmp_path), "embeddings": "fake"}
    sample = phase_embed_sample({**cfg, "sample_embeddings": "fake", "n": 8})
    assert sample["sample_chunks"] == 8 and sample["sample_sentences"] == 32
    assert sample["chunks"] > 8 and sample["unique_sentences"] > sample["chunks"]
    assert sample["chunks_per_s"] > 0 and sample["sentences_per_s"] > 0
    assert sample["how"] == "projected from a fixed sample"
    tenfold = project_embedding(sample, 10)
    assert tenfold["chunks"] == 10 * sample["chunks"]
    assert tenfold["embed_s"] >= round(sample["embed_chunks_s"] + sample["embed_sentences_s"]) * 10 - 1
