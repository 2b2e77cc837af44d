"""The options of `assistant eval`. Kept out of cli.py, which is near its size limit."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--qa", default="eval/qa.jsonl", help="QA-bestand (JSONL)")
    p.add_argument("--out", default=None, help="uitvoermap (standaard eval/runs/<tijd>)")
    p.add_argument("--k", type=int, default=None, help="aantal passages")
    p.add_argument("--mode", default=None, help="antwoordmodus (extractive, openai, ollama, ...)")
    p.add_argument("--compare", default=None, help="eerdere uitvoermap om mee te vergelijken")
    p.add_argument("--baselines", action="store_true", help="ook BM25-alleen en dense-alleen meten")
    p.add_argument("--limit", type=int, default=None, help="alleen de eerste N vragen")
    p.add_argument("--check", default=None, help="drempels (JSON) waaraan de uitkomst moet voldoen")
    p.add_argument(
        "--debate", action="store_true", help="de debatvoorbereiding evalueren (standaard eval/debate.jsonl)"
    )
    p.add_argument(
        "--cv", type=int, default=None, help="K-voudige kruisvalidatie van de gefitte modellen (K delen)"
    )
    p.add_argument(
        "--cv-repeats", type=int, default=5, metavar="N", help="met --cv: ook het bereik over N indelingen"
    )
    p.add_argument(
        "--train",
        default=None,
        metavar="BESTAND",
        help="met --cv of --fit: extra vragen (JSONL) waarop het antwoordbaarheidsmodel ook gefit wordt; "
        "ze worden nooit gemeten",
    )
    p.add_argument(
        "--fit",
        action="store_true",
        help="het antwoordbaarheidsmodel (met ASSISTANT_ANSWERER=units ook het eenhedenmodel) fitten en opslaan",
    )
