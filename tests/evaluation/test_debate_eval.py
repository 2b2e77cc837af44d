"""`assistant eval --debate`: facts per section, placement, grounding and declines."""

from __future__ import annotations

from support import ROOT

from assistant.app.cli import main
from assistant.evaluation.debate import load, report_md, run_eval


def test_debate_eval_scores_sections_and_declines(corpus_assistant, tmp_path):
    items = {i["id"]: i for i in load(ROOT / "eval" / "debate.jsonl")}
    assert len(items) >= 15 and sum(not i["covered"] for i in items.values()) >= 3
    metrics, results = run_eval(corpus_assistant, [items["d-01"], items["d-16"]])
    assert metrics["declines"] == {
        "uncovered_declined": 1.0,
        "covered_declined": 0.0,
        "covered_answered": 1.0,
    }
    assert metrics["sections"]["argumenten"]["recall"] >= 0.5
    assert metrics["sections"]["financien"]["placement"] == 1.0
    assert metrics["citation_grounding"] == 1.0
    assert metrics["latency_ms"]["p50"] > 0
    assert "| argumenten |" in report_md(metrics, results)


def test_question_answer_options_with_debate_are_a_usage_error(tmp_path, monkeypatch, capsys):
    # `eval --debate --cv 5 --train ...` used to ignore them: a run that looked cross-validated
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert main(["eval", "--debate", "--cv", "5", "--train", "eval/train.jsonl"]) == 2
    err = capsys.readouterr().err
    assert "--cv, --train geldt niet met --debate" in err
    assert not (tmp_path / "data").exists()  # refused before any index is loaded or built
