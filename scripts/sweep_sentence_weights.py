"""How much each hand-set weight of the sentence score matters: every weight of
``SentenceWeights`` zeroed, halved and doubled, one at a time, on the answerable questions of
the QA set (always answering, so abstention does not mix in). Prints key-fact recall, citation
precision and the median answer length per variant.

Usage (from the repository root, with the assistant installed and the corpus indexed):
    python scripts/sweep_sentence_weights.py [eval/qa.jsonl]
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import sys
from pathlib import Path

MARKERS = re.compile(r"\s*\[\d+\]")


def main(qa_path: Path) -> int:
    from assistant.answering.sentence_weights import SentenceWeights
    from assistant.evaluation.matching import fact_in, quote_in, squash
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings())
    answerer = assistant.answerer
    answerer.always_answer = True
    items = [json.loads(line) for line in qa_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [it for it in items if it["answerable"]]
    retrieved = [assistant.ask(it["question"]).retrieved for it in items]

    def measure(weights: SentenceWeights) -> tuple[float, float, float]:
        answerer.weights = weights
        recall, precision, words = [], [], []
        for it, passages in zip(items, retrieved, strict=True):
            answer = answerer.answer(it["question"], passages)
            recall.append(sum(fact_in(f, answer.answer) for f in it["key_facts"]) / len(it["key_facts"]))
            words.append(len(MARKERS.sub("", answer.answer).split()))
            texts = {p.chunk_id: squash(p.text) for p in passages}
            quotes = [s["quote"] for s in it["sources"]]
            cited = [any(quote_in(q, texts.get(c.chunk_id, "")) for q in quotes) for c in answer.citations]
            if cited:
                precision.append(sum(cited) / len(cited))
        return statistics.fmean(recall), statistics.fmean(precision), statistics.median(words)

    base = SentenceWeights()
    print("variant                       key-fact recall  citation precision  median words")
    print("{:30s}{:.3f}            {:.3f}               {:.0f}".format("(as set)", *measure(base)))
    for field in dataclasses.fields(SentenceWeights):
        value = getattr(base, field.name)
        factors = (0.7, 1 / 0.85) if field.name == "max_redundancy" else (0.0, 0.5, 2.0)
        for factor in factors:
            variant = dataclasses.replace(base, **{field.name: value * factor})
            label = f"{field.name} x {factor:.2g}"
            print("{:30s}{:.3f}            {:.3f}               {:.0f}".format(label, *measure(variant)))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "eval/qa.jsonl")))
