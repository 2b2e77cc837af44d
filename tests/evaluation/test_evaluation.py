"""The evaluation harness: the QA set, the matching rules, the metrics and the reports."""

from __future__ import annotations

import json
import math
import re
import shutil
from argparse import Namespace
from pathlib import Path

import pytest

from assistant.evaluation.matching import fact_in, quote_in, sentence_support, squash, token_f1
from assistant.evaluation.metrics import (
    aggregate,
    breakdowns,
    check_thresholds,
    failures,
    per_question_score,
    score_item,
)
from assistant.evaluation.qa import PERSONAS, QA_FIELDS, TYPES, load_qa, validate_qa
from assistant.evaluation.report import summary_text
from assistant.evaluation.runner import run_cli, run_eval, write_outputs
from assistant.settings import Settings
from assistant.text import terms

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
QA = ROOT / "eval" / "qa.jsonl"
FRESH = ROOT / "eval" / "fresh.jsonl"
TRAIN = ROOT / "eval" / "train.jsonl"
F001 = "001_3932a4aa9db8ca8f.txt"
F002 = "002_26156fc0ab60f071.txt"


@pytest.fixture(scope="module")
def qa() -> list[dict]:
    return load_qa(QA)


# --- the QA set ----------------------------------------------------------------------


def test_qa_file_is_valid():
    assert validate_qa(QA, CORPUS) == []


def test_fresh_set_is_valid_and_apart_from_the_qa_set(qa):
    # eval/fresh.jsonl: questions the packaged model is not fit on and the gate does not read
    # (eval/README.md, "Verse vragen"); never in qa.jsonl
    fresh = load_qa(FRESH)
    assert validate_qa(FRESH, CORPUS) == []
    assert all(tuple(item) == QA_FIELDS for item in fresh)
    assert not {item["id"] for item in fresh} & {item["id"] for item in qa}
    assert not {item["question"] for item in fresh} & {item["question"] for item in qa}
    assert sum(not item["answerable"] for item in fresh) == len(fresh) // 2


def test_training_set_is_valid_and_apart_from_what_is_measured(qa):
    # eval/train.jsonl: the answerability model learns from it (--train), nothing measures it
    train = load_qa(TRAIN)
    assert validate_qa(TRAIN, CORPUS) == []
    assert all(tuple(item) == QA_FIELDS for item in train)
    measured = qa + load_qa(FRESH)
    assert not {item["id"] for item in train} & {item["id"] for item in measured}
    assert not {item["question"] for item in train} & {item["question"] for item in measured}
    assert sum(not item["answerable"] for item in train) == len(train) // 2


def test_qa_set_composition(qa):
    n = len(qa)
    assert n >= 120
    assert all(tuple(item) == QA_FIELDS for item in qa)
    assert len({item["id"] for item in qa}) == n
    assert sum(not item["answerable"] for item in qa) >= 0.15 * n
    assert sum(item["type"] == "numeric" for item in qa) >= 0.25 * n
    assert {item["persona"] for item in qa} == PERSONAS
    assert {item["type"] for item in qa} == TYPES
    docs = {s["doc"] for item in qa for s in item["sources"]}
    assert docs == {p.name for p in CORPUS.glob("*.txt")}
    assert len(docs) == 5


def test_every_key_fact_is_in_its_reference_answer(qa):
    for item in qa:
        for fact in item["key_facts"]:
            assert fact_in(fact, item["answer"]), (item["id"], fact)


def _line(**changes) -> str:
    item = {
        "id": "t-1",
        "question": "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2022?",
        "answer": "Gemiddeld 56 ICT-fte per 100.000 inwoners.",
        "answerable": True,
        "type": "numeric",
        "persona": "evaluator",
        "sources": [
            {"doc": F001, "quote": "Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners"}
        ],
        "key_facts": ["56"],
    }
    item.update(changes)
    return json.dumps(item)


def test_validate_qa_reports_every_problem(tmp_path):
    missing_persona = json.loads(_line(id="t-2"))
    del missing_persona["persona"]
    lines = [
        _line(),  # 1: valid
        json.dumps(missing_persona),  # 2: bad field set
        _line(),  # 3: duplicate id
        _line(
            id="t-4",
            sources=[{"doc": F001, "quote": "Deze zin staat nergens in het benchmarkrapport van M&I."}],
        ),
        _line(id="t-5", sources=[{"doc": F001, "quote": "56 ICT-fte per 100.000 inwoners"}]),  # too short
        _line(id="t-6", sources=[{"doc": "bestaat-niet.txt", "quote": "x" * 50}]),
        _line(id="t-7", type="raadsel", persona="wethouder"),
        _line(id="t-8", answerable=False),  # unanswerable but with sources
        "{geen json",
        "",
    ]
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = validate_qa(path, CORPUS)
    by_line = {int(re.match(r"regel (\d+)", e).group(1)): e for e in errors}
    assert 1 not in by_line
    assert "velden moeten precies" in by_line[2]
    assert "dubbel" in by_line[3]
    assert "citaat niet gevonden in 001_3932a4aa9db8ca8f.txt" in by_line[4]
    assert "40-300 tekens" in by_line[5]
    assert "onbekend document 'bestaat-niet.txt'" in by_line[6]
    line7 = [e for e in errors if e.startswith("regel 7")]
    assert any("onbekend type 'raadsel'" in e for e in line7)
    assert any("onbekende persona 'wethouder'" in e for e in line7)
    assert "onbeantwoordbare vraag" in by_line[8]
    assert "geen geldige JSON" in by_line[9]
    assert 10 not in by_line


def test_validate_qa_collapses_whitespace_of_quotes(tmp_path):
    # the corpus wraps this sentence over two lines; a quote with single spaces still matches
    quote = "Op deze manier ondersteunt het rapport besluitvormers, ICT- managers en beleidsmakers"
    path = tmp_path / "qa.jsonl"
    path.write_text(_line(sources=[{"doc": F001, "quote": quote}]) + "\n", encoding="utf-8")
    assert validate_qa(path, CORPUS) == []


# --- matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "answer", "found"),
    [
        ("€ 1.250", "De kosten zijn 1250 euro per jaar.", True),
        ("1250 euro", "De kosten zijn € 1.250 per jaar.", True),
        ("€ 1.250", "De kosten zijn €1.250 per jaar.", True),
        ("56 fte", "Er is gemiddeld 56 ICT-fte per 100.000 inwoners.", True),
        ("56", "Gemiddeld 56 ICT-fte per 100.000 inwoners.", True),
        ("100.000 inwoners", "per 100000 inwoners", True),
        ("0,35", "gebaseerd op €0.35 per inwoner", True),
        ("1,2 miljoen", "een bedrag van 1.200.000 euro", True),
        ("1.200.000", "een bedrag van 1,2 miljoen", True),
        ("€ 380 miljoen", "is een structureel budget van € 380 miljoen per jaar nodig", True),
        ("drie", "slechts drie aanbieders zijn actief", True),
        ("56 fte", "Er is gemiddeld 57 ICT-fte.", False),
        ("1,2 miljoen", "een bedrag van 1,2 miljard", False),
        ("€ 1.250", "De kosten zijn 125 euro.", False),
        ("vijf", "slechts drie aanbieders", False),
    ],
)
def test_fact_in_is_tolerant_to_number_formatting(fact, answer, found):
    assert fact_in(fact, answer) is found


def test_the_ruler_does_not_use_the_products_dictionary_forms():
    # The product finds 'standaard' for 'standaarden'; the scoring keeps its own fixed terms, so a
    # change to the product's word handling cannot raise its own scores.
    assert terms("standaarden") == terms("standaard")
    assert not fact_in("open standaarden", "Er is een open standaard nodig.")
    assert fact_in("open standaarden", "Gemeenten gebruiken open standaarden.")


def test_squash():
    assert squash("Coöperatie  Beware,\n U.A.") == "cooperatiebewareua"
    assert squash("C 380 mi l joen") == "380miljoen"
    assert squash("€ 380 miljoen") == "380miljoen"


def test_quote_in_is_tolerant_to_cleaning(corpus_assistant):
    records = corpus_assistant.lexical.records
    budget = next(r for r in records if "structureel budget van € 380 miljoen" in r.text)
    raw = "is een s t ructuree l budget van C 380 mi l joen per jaar nodig."
    assert raw in (CORPUS / F002).read_text(encoding="utf-8")
    assert quote_in(raw, squash(budget.text))
    hyphen = next(r for r in records if "de aandachtspunten die belangrijk zijn" in r.text)
    raw = "formuleren waar mogelijk de aan-\ndachtspunten die belangrijk zijn voor de toekomstige ontwikke-\nling"
    assert quote_in(raw, squash(hyphen.text))
    assert not quote_in(raw, squash(budget.text))


def test_quote_in_uses_windows_for_long_quotes():
    text = squash(
        "a" * 10 + " Gemeenten besteden steeds meer aan ICT en aan informatiebeveiliging. " + "b" * 10
    )
    long_quote = (
        "Gemeenten besteden steeds meer aan ICT en aan informatiebeveiliging. Dat staat in een ander stuk."
    )
    assert quote_in(long_quote, text)  # a 50-character window of it is there
    assert not quote_in("Iets heel anders dan wat er in de passage staat, lang genoeg.", text)
    assert not quote_in("", text)
    assert not quote_in("!!!", text)


def test_sentence_support_catches_invented_numbers_and_uncited_sentences():
    source = (
        "In 2022 is er gemiddeld 56 ICT-fte per 100.000 inwoners. De kosten stegen met 7 euro per inwoner."
    )
    answer = (
        "In 2022 is er gemiddeld 56 ICT-fte per 100.000 inwoners [1]. "
        "In 2022 is er gemiddeld 65 ICT-fte per 100.000 inwoners [1]. "
        "De kosten stegen met 7 euro per inwoner. "
        "Gemeenten kopen vooral software voor de burgerzaken in [1]. "
        "De kosten stegen met 7 euro per inwoner [2]."
    )
    support = sentence_support(answer, {1: source})
    assert [ok for _, ok in support] == [True, False, False, False, False]
    assert support[0][0] == "In 2022 is er gemiddeld 56 ICT-fte per 100.000 inwoners ."
    assert sentence_support("56 fte [1].", {1: "Het zijn 56 fte."}) == [("56 fte .", True)]


def test_token_f1():
    assert token_f1("56 ICT-fte per inwoner", "56 ICT-fte per inwoner") == 1.0
    assert token_f1("", "iets") == 0.0
    assert token_f1("appeltaart", "gemeente") == 0.0
    assert 0 < token_f1("56 ICT-fte per inwoner in 2022", "56 ICT-fte") < 1


# --- scoring a tiny fake run --------------------------------------------------------------

T1 = "Toename totale fte's. Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners, zie figuur 10."
T2 = "De softwarekosten stegen in 2022 met 3 euro per inwoner naar 36 euro per inwoner."
T3 = "De lidmaatschapskosten zijn €22.000 per jaar. Dit is gebaseerd op €0,35 per inwoner per jaar."
T4 = "Nederland telt sinds 1 januari 2021 352 gemeenten."


def _item(qid, answerable, facts=(), quotes=(), type_="numeric", persona="policy", doc="d1.txt"):
    return {
        "id": qid,
        "question": f"vraag {qid}",
        "answer": "referentie 56 ICT-fte per 100.000 inwoners" if answerable else "Niet behandeld.",
        "answerable": answerable,
        "type": type_,
        "persona": persona,
        "sources": [{"doc": doc, "quote": q} for q in quotes],
        "key_facts": list(facts),
    }


def _result(answer, abstained, citations, retrieved, total):
    return {
        "answer": answer,
        "abstained": abstained,
        "citations": [{"n": n, "chunk_id": cid, "quote": ""} for n, cid in citations],
        "retrieved": [{"chunk_id": cid, "text": text} for cid, text in retrieved],
        "timings_ms": {"total": total},
    }


@pytest.fixture
def tiny_run():
    items = [
        _item(
            "a", True, ["56", "100.000 inwoners"], ["gemiddeld 56 ICT-fte per 100.000 inwoners"], doc="d1.txt"
        ),
        _item(
            "b",
            True,
            ["€ 22.000", "0,35 per inwoner"],
            ["De lidmaatschapskosten zijn €22.000 per jaar."],
            type_="factual",
            persona="councillor",
            doc="d2.txt",
        ),
        _item("c", False, persona="councillor"),
        _item("d", False, type_="factual"),
    ]
    results = [
        _result(
            "Hierdoor is er in 2022 gemiddeld 56 ICT-fte per 100.000 inwoners [1].",
            False,
            [(1, "c1")],
            [("c1", T1), ("c2", T2)],
            10.0,
        ),
        _result(
            "De lidmaatschapskosten zijn €22.000 per jaar [1]. Het lidmaatschap kost 50 euro per inwoner [1].",
            False,
            [(1, "c3")],
            [("c3", T3)],
            20.0,
        ),
        _result("De documenten geven geen antwoord op deze vraag.", True, [], [("c2", T2)], 30.0),
        _result(
            "Nederland telt sinds 1 januari 2021 352 gemeenten [1].", False, [(1, "c4")], [("c4", T4)], 40.0
        ),
    ]
    rankings = [
        [{"chunk_id": "c2", "text": T2}, {"chunk_id": "c1", "text": T1}],  # relevant at rank 2
        [{"chunk_id": "c3", "text": T3}],  # relevant at rank 1
        [{"chunk_id": "c2", "text": T2}],
        [{"chunk_id": "c4", "text": T4}],
    ]
    return [score_item(i, r, k) for i, r, k in zip(items, results, rankings, strict=True)]


def test_score_item(tiny_run):
    a, b, c, d = (s.metrics for s in tiny_run)
    assert (a["hit@1"], a["hit@3"], a["hit@5"], a["hit@10"]) == (0.0, 1.0, 1.0, 1.0)
    assert a["mrr"] == 0.5
    assert a["ndcg@10"] == pytest.approx(1 / math.log2(3))
    assert a["key_fact_recall"] == 1.0
    assert a["citation_precision"] == 1.0 and a["citation_recall"] == 1.0
    assert a["faithfulness"] == 1.0
    assert (b["hit@1"], b["mrr"], b["ndcg@10"]) == (1.0, 1.0, 1.0)
    assert b["key_fact_recall"] == 0.5  # '0,35 per inwoner' is not in the answer
    assert b["faithfulness"] == 0.5  # the invented '50 euro' is not supported
    assert c["abstention_correct"] == 1.0 and "hit@1" not in c and "faithfulness" not in c
    assert d["abstention_correct"] == 0.0 and d["faithfulness"] == 1.0
    assert [m["latency_ms"] for m in (a, b, c, d)] == [10.0, 20.0, 30.0, 40.0]


def test_aggregate(tiny_run):
    m = aggregate(tiny_run)
    assert (m["n"], m["n_answerable"]) == (4, 2)
    r = m["retrieval"]
    assert (r["hit@1"], r["hit@3"], r["hit@5"], r["hit@10"]) == (0.5, 1.0, 1.0, 1.0)
    assert r["mrr"] == 0.75
    assert r["ndcg@10"] == pytest.approx((1 / math.log2(3) + 1) / 2, abs=1e-4)
    a = m["answer"]
    assert a["key_fact_recall"] == 0.75
    assert a["citation_precision"] == 1.0 and a["citation_recall"] == 1.0
    assert a["faithfulness"] == 0.75  # 3 of the 4 answer sentences are supported
    assert a["abstention_precision"] == 1.0  # the one abstention was right
    assert a["abstention_recall"] == 0.5  # one of the two unanswerable questions
    assert a["answered_rate"] == 0.75
    assert a["false_abstention"] == 0.0  # no answerable question was declined
    assert a["median_words"] == 11  # of 11, 13 and 8 words: markers and the abstention not counted
    assert m["latency_ms"] == {"p50": 20.0, "p95": 40.0}


def test_breakdowns_and_failures(tiny_run):
    by = breakdowns(tiny_run)
    assert set(by) == {"type", "persona", "doc"}
    assert by["type"]["numeric"]["n"] == 2 and by["type"]["factual"]["n"] == 2
    assert by["persona"]["councillor"]["n"] == 2
    assert set(by["doc"]) == {"d1.txt", "d2.txt", "(onbeantwoordbaar)"}
    assert by["doc"]["(onbeantwoordbaar)"]["answer"]["abstention_recall"] == 0.5
    assert [s.item["id"] for s in failures(tiny_run)] == ["b", "d"]
    assert per_question_score(tiny_run[0].metrics) == 1.0
    assert per_question_score(tiny_run[2].metrics) == 1.0
    assert per_question_score(tiny_run[3].metrics) < 1.0


def test_check_thresholds(tiny_run):
    m = aggregate(tiny_run)
    assert check_thresholds(m, {"retrieval.hit@3": 0.9, "latency_ms.p95": 100}) == []
    short = check_thresholds(m, {"answer.key_fact_recall": 0.8, "latency_ms.p95": 30, "answer.nope": 0.1})
    assert short == [
        "answer.key_fact_recall = 0.75 (minimum 0.8)",
        "latency_ms.p95 = 40.0 (maximum 30)",
        "answer.nope = None (minimum 0.1)",
    ]
    # false abstention and answer length are maxima, like latency
    assert check_thresholds(m, {"answer.false_abstention": 0.05, "answer.median_words": 11}) == []
    assert check_thresholds(m, {"answer.median_words": 10}) == ["answer.median_words = 11 (maximum 10)"]


# --- a real run on the indexed corpus ---------------------------------------------------------

SUBSET = ["q-001", "q-002", "q-036", "q-037"]


@pytest.fixture(scope="module")
def subset(qa):
    """Six questions: answerable and unanswerable, several documents, types and personas."""
    picked = [q for q in qa if q["id"] in SUBSET]
    for doc in (F001, F002):
        picked.append(
            next(q for q in qa if q["answerable"] and q["sources"][0]["doc"] == doc and q not in picked)
        )
    assert len(picked) == 6
    return picked


@pytest.fixture(scope="module")
def eval_run(corpus_assistant, subset, tmp_path_factory):
    scored = run_eval(corpus_assistant, subset, progress=False)
    metrics = aggregate(scored)
    metrics["by"] = breakdowns(scored)
    metrics["run"] = {
        "mode": "extractive",
        "llm": "extractief",
        "embeddings": "fake",
        "top_k": 6,
        "seconds": 1,
    }
    out = tmp_path_factory.mktemp("eval") / "run1"
    write_outputs(out, scored, metrics, None)
    return scored, metrics, out


def test_run_eval_writes_results_and_metrics(eval_run, subset):
    scored, metrics, out = eval_run
    assert [s.item["id"] for s in scored] == [q["id"] for q in subset]
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    for line, item in zip(lines, subset, strict=True):
        row = json.loads(line)
        assert row["id"] == item["id"]
        assert {"question", "answer", "abstained", "mode", "citations", "retrieved", "timings_ms"} <= set(row)
        assert len(row["ranking10"]) <= 10 and row["metrics"]["latency_ms"] >= 0
    saved = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(metrics))
    assert {"n", "n_answerable", "retrieval", "answer", "latency_ms", "by"} <= set(saved)
    assert (saved["n"], saved["n_answerable"]) == (6, 4)
    assert set(saved["retrieval"]) == {"hit@1", "hit@3", "hit@5", "hit@10", "mrr", "ndcg@10"}
    assert {
        "key_fact_recall",
        "token_f1",
        "citation_precision",
        "citation_recall",
        "faithfulness",
        "abstention_precision",
        "abstention_recall",
    } <= set(saved["answer"])
    assert set(saved["latency_ms"]) == {"p50", "p95"}
    assert set(saved["by"]) == {"type", "persona", "doc"}
    assert set(saved["by"]["doc"]) >= {F001, F002, "(onbeantwoordbaar)"}
    for value in saved["retrieval"].values():
        assert 0.0 <= value <= 1.0
    assert saved["retrieval"]["hit@10"] >= saved["retrieval"]["hit@5"] >= saved["retrieval"]["hit@1"]
    # q-001 (municipalities in 1900 and 2021, in 000) is found in the top 5
    first = json.loads(lines[0])
    assert first["metrics"]["hit@5"] == 1.0


def test_reports_are_written_and_self_contained(eval_run):
    scored, _metrics, out = eval_run
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Evaluatierapport")
    assert "| retrieval.hit@5 |" in md and "## Per type" in md and "## Per persona" in md
    assert f"## Mislukte vragen ({len(failures(scored))})" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert '<img alt="per type" src="data:image/png;base64,' in page
    assert page.count('src="data:image/png') == 3
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "<link" not in page and "<script" not in page


def test_compare_lists_the_questions_that_got_worse(eval_run, tmp_path):
    scored, metrics, out = eval_run
    previous = tmp_path / "previous"
    shutil.copytree(out, previous)
    perfect = {
        "hit@5": 1.0,
        "key_fact_recall": 1.0,
        "citation_recall": 1.0,
        "faithfulness": 1.0,
        "abstention_correct": 1.0,
    }
    rows = [json.loads(x) for x in (previous / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    with (previous / "results.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({**row, "metrics": {**row["metrics"], **perfect}}) + "\n")
    worse = [s.item["id"] for s in scored if per_question_score(s.metrics) < 1.0]
    assert worse, "the fake embedder leaves some of the six questions imperfect"

    write_outputs(tmp_path / "run2", scored, metrics, previous)
    md = (tmp_path / "run2" / "report.md").read_text(encoding="utf-8")
    assert f"## Vergelijking met {previous}" in md
    assert f"Slechter geworden: {len(worse)} vragen" in md
    listed = re.findall(r"^- (q-\d+): ", md, re.M)
    assert listed == worse
    assert "| retrieval.hit@5 |" in md.split("## Vergelijking")[1]
    page = (tmp_path / "run2" / "report.html").read_text(encoding="utf-8")
    assert "Slechter geworden" in page
    for qid in worse:
        assert f"<li>{qid}: " in page

    # against itself nothing got worse
    write_outputs(tmp_path / "run3", scored, metrics, out)
    assert "Slechter geworden: 0 vragen" in (tmp_path / "run3" / "report.md").read_text(encoding="utf-8")


def test_key_fact_counts_use_the_answer_text(eval_run):
    scored, _, _ = eval_run
    for s in scored:
        if s.item["answerable"]:
            facts = s.item["key_facts"]
            expected = sum(fact_in(f, s.result["answer"]) for f in facts) / len(facts)
            assert s.metrics["key_fact_recall"] == expected


def test_the_report_gives_the_spread_over_fold_assignments(eval_run, tmp_path):
    scored, metrics, _out = eval_run
    answer = metrics["answer"]
    spread = {
        "seeds": [13, 1, 2],
        "mean": {"key_fact_recall": 0.5, "abstention_recall": 0.7},
        "min": {"key_fact_recall": 0.4, "abstention_recall": 0.6},
        "max": {"key_fact_recall": 0.6, "abstention_recall": 0.8},
    }
    with_spread = {**metrics, "run": {**metrics["run"], "cv": {"folds": 5, "repeats": spread}}}
    write_outputs(tmp_path / "run", scored, with_spread, None)
    md = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "## Kruisvalidatie over meer indelingen" in md and "seeds 13, 1, 2" in md
    assert "| answer.key_fact_recall | " in md and "| 0.500 | 0.400 | 0.600 |" in md
    assert f"| answer.abstention_recall | {answer['abstention_recall']:.3f} | 0.700 |" in md
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "Kruisvalidatie over meer indelingen" in page and "<td>0.600</td>" in page
    assert "over 3 indelingen (gemiddelde, bereik): key_fact_recall=0.5 (0.4–0.6)" in summary_text(
        with_spread
    )
    # without it (one assignment, or no --cv) the report has no such section
    assert "Kruisvalidatie" not in (_out / "report.md").read_text(encoding="utf-8")


def test_cv_repeats_out_of_range_is_a_clear_error(capsys):
    assert run_cli(None, Namespace(cv_repeats=0)) == 2
    assert "--cv-repeats moet tussen 1 en 10 liggen" in capsys.readouterr().err


def test_training_questions_that_are_also_measured_are_refused(tmp_path, capsys):
    # fitting on a question and then judging it would flatter the model
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)
    measured = tmp_path / "measured.jsonl"
    measured.write_text(QA.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    args = Namespace(cv_repeats=1, mode=None, qa=str(measured), limit=None, train=str(QA), cv=5, fit=False)
    assert run_cli(settings, args) == 1
    assert "bevat vragen die ook gemeten worden: q-001" in capsys.readouterr().err
    args.train = str(tmp_path / "absent.jsonl")
    assert run_cli(settings, args) == 1
    assert "trainingsbestand" in capsys.readouterr().err
    args.cv = None  # nothing is fitted: a usage error, before any index is loaded
    assert run_cli(settings, args) == 2
    assert "--train geldt alleen met --cv of --fit" in capsys.readouterr().err
