"""The debate brief: its JSON format, sections from the document structure, quotes that the
cited passages carry, abstention, the Word file, the CLI and the fake-LLM mode."""

from __future__ import annotations

import json
import os
import re

import pytest

from assistant.cli import main
from assistant.debate.builder import TopicError
from assistant.debate.model import NOT_COVERED, SECTIONS
from assistant.debate.points import fragments, shorten
from assistant.text import fold

BEWARE = "toetreding van Woerden tot de ICT-coöperatie Beware"
WOERDEN = "002_26156fc0ab60f071.txt"


@pytest.fixture(scope="module")
def beware(corpus_assistant):
    return corpus_assistant.brief(BEWARE)


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def test_json_has_exactly_the_documented_fields(beware):
    data = json.loads(json.dumps(beware.to_json()))
    assert set(data) == {"topic", "abstained", "mode", "sections", "citations", "timings_ms"}
    assert data["topic"] == BEWARE and data["abstained"] is False and data["mode"] == "extractive"
    assert [s["key"] for s in data["sections"]] == [k for k, _ in SECTIONS]
    for section in data["sections"]:
        assert set(section) == {"key", "title", "points"}
        for point in section["points"]:
            assert set(point) == {"text", "citations"}
            assert all(isinstance(n, int) for n in point["citations"])
    numbers = [c["n"] for c in data["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
    for c in data["citations"]:
        assert set(c) == {"n", "doc", "title", "page", "section", "quote", "chunk_id"}
    cited = {n for s in data["sections"] for p in s["points"] for n in p["citations"]}
    assert cited <= set(numbers)
    assert "total" in data["timings_ms"] and "retrieve" in data["timings_ms"]


def test_sections_come_from_the_council_documents_own_headings(beware):
    by_key = {s.key: s for s in beware.sections}
    gevraagd = " ".join(p.text for p in by_key["gevraagd"].points)
    assert "geen wensen of bedenkingen" in gevraagd
    argumenten = " ".join(p.text for p in by_key["argumenten"].points)
    assert "lagere ontwikkelkosten" in argumenten or "eigendom van de ICT-coöperatie" in argumenten
    assert all(p.text.startswith("Volgens Gemeente Woerden") for p in by_key["argumenten"].points)
    kanttekeningen = " ".join(p.text for p in by_key["kanttekeningen"].points)
    assert "Uittreden kan leiden tot kosten" in kanttekeningen
    financien = " ".join(p.text for p in by_key["financien"].points)
    assert "22.000 per jaar" in financien
    assert "Dimpact" in " ".join(p.text for p in by_key["alternatieven"].points)
    cited = {beware.citations[n - 1].section for p in by_key["argumenten"].points for n in p.citations}
    assert cited == {"Argumenten"}
    assert by_key["vragen"].points, "questions tied to kanttekeningen and amounts"


def test_every_point_is_carried_by_its_cited_source(beware):
    by_n = {c.n: c for c in beware.citations}
    for section in beware.sections:
        if section.key == "vragen":
            continue
        for point in section.points:
            assert point.citations, point.text
            quotes = _norm(" ".join(by_n[n].quote for n in point.citations))
            for piece in fragments(point.text):
                assert _norm(piece) in quotes, (section.key, piece)


def test_context_points_name_their_document(beware):
    for point in beware.section("context").points:
        assert re.match(r"^[^“]+: “", point.text), point.text


@pytest.mark.parametrize("topic", ["parkeerbeleid in de binnenstad", "de renovatie van het zwembad"])
def test_a_topic_outside_the_documents_is_declined_with_nearest_passages(corpus_assistant, topic):
    brief = corpus_assistant.brief(topic)
    assert brief.abstained
    points = brief.section("samenvatting").points
    assert points[0].text == NOT_COVERED
    assert all(not s.points for s in brief.sections if s.key != "samenvatting")


def test_documents_filter_restricts_the_evidence_but_not_the_context(corpus_assistant):
    """The filter names the document the brief is about; 'context' is what the others say."""
    brief = corpus_assistant.brief("ICT-kosten per inwoner", docs={"001_3932a4aa9db8ca8f.txt"})
    by_n = {c.n: c for c in brief.citations}
    for section in brief.sections:
        docs = {by_n[n].doc for p in section.points for n in p.citations}
        if section.key != "context":
            assert docs <= {"001_3932a4aa9db8ca8f.txt"}, section.key
        else:
            assert "001_3932a4aa9db8ca8f.txt" not in docs


def test_an_empty_topic_is_refused_in_dutch(corpus_assistant):
    with pytest.raises(TopicError, match="onderwerp"):
        corpus_assistant.brief("   ")


def test_word_file_has_title_sections_and_sources(beware, tmp_path):
    from docx import Document

    from assistant.debate.render import to_docx

    path = to_docx(beware, tmp_path / "brief.docx")
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert texts[0] == f"Debatvoorbereiding: {BEWARE}"
    assert re.match(r"\d{2}-\d{2}-\d{4}", texts[1])
    for _, title in SECTIONS:
        assert styles.get(title) == "Heading 1"
    assert styles.get("Bronnen") == "Heading 1"
    first = beware.citations[0]
    assert any(t.startswith("[1] ") and first.title in t and f"p. {first.page}" in t for t in texts)
    assert any("22.000 per jaar" in t for t in texts)


def test_markdown_lists_sections_and_numbered_sources(beware):
    from assistant.debate.render import to_markdown

    md = to_markdown(beware)
    assert md.startswith(f"# Debatvoorbereiding: {BEWARE}")
    assert "## Argumenten" in md and "## Bronnen" in md and "\n[1] " in md


def test_fake_language_model_writes_checked_points(corpus_assistant):
    from assistant.debate.service import make_brief
    from assistant.service import Assistant

    settings = corpus_assistant.settings.with_overrides(llm="fake")
    assistant = Assistant(settings, embeddings=corpus_assistant.embeddings)
    brief = make_brief(assistant, BEWARE)
    assert brief.mode == "fake" and not brief.abstained
    by_n = {c.n: c for c in brief.citations}
    assert [c.n for c in brief.citations] == list(range(1, len(brief.citations) + 1))
    numbers = re.compile(r"\d[\d.,]*")
    for section in brief.sections:
        for point in section.points:
            assert all(n in by_n for n in point.citations)
            if section.key != "vragen":
                source = " ".join(by_n[n].quote for n in point.citations)
                for number in numbers.findall(point.text):
                    assert number.rstrip(".,") in source  # the number check held
    assert "generate" in brief.timings_ms


def test_shortening_only_cuts_and_marks_it():
    long = "Eerste zin is hier. " + "Tweede zin is veel langer dan de rest " * 10 + "."
    short = shorten(long, 60)
    assert short == "Eerste zin is hier. …"
    assert shorten("loopt door in een zin.") == "… loopt door in een zin."


# --- the command line ----------------------------------------------------------------


@pytest.fixture
def cli_env(corpus_assistant, monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key, raising=False)
    s = corpus_assistant.settings
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDINGS", "fake")
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "none.toml"))


def test_cli_prints_json_and_writes_word_and_markdown(cli_env, capsys, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["debat", BEWARE, "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == BEWARE and data["sections"][0]["key"] == "samenvatting"
    assert out.stat().st_size > 5000
    md = tmp_path / "brief.md"
    assert main(["debat", BEWARE, "--doc", WOERDEN, "--out", str(md)]) == 0
    assert "## Bronnen" in md.read_text(encoding="utf-8")
    assert "# Debatvoorbereiding" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["debat", "  "], "Fout: Geef een onderwerp"),
        (["debat", BEWARE, "--out", "x.pdf"], "Fout: 'x.pdf' moet eindigen op .md of .docx."),
        (["debat", BEWARE, "--doc", "nope.txt"], "Fout: Onbekend document: nope.txt"),
    ],
)
def test_cli_errors_are_one_dutch_line(cli_env, capsys, args, message):
    assert main(args) != 0
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_debate_eval_scores_sections_and_declines(corpus_assistant, tmp_path):
    from pathlib import Path

    from assistant.debate.evaluation import load, report_md, run_eval

    items = {i["id"]: i for i in load(Path(__file__).resolve().parent.parent / "eval" / "debate.jsonl")}
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


def test_questions_come_from_risks_gaps_and_amounts_without_a_year():
    from assistant.answer import Citation
    from assistant.debate.model import Brief, Point, empty_sections
    from assistant.debate.questions import questions

    brief = Brief(topic="x", abstained=False, mode="extractive", sections=empty_sections())
    brief.section("kanttekeningen").points = [Point("Volgens X: “Uittreden kan leiden tot kosten.”", [1])]
    brief.section("financien").points = [
        Point("De kosten zijn €22.000 per jaar.", [2], quote="De kosten zijn €22.000 per jaar.")
    ]
    brief.section("argumenten").points = [Point("Volgens X: “Het is goedkoper.”", [3])]
    brief.section("gevraagd").points = [Point("De raad besluit.", [4])]
    cites = {
        n: Citation(n, "d", "T", 1, None, q, "c")
        for n, q in ((1, "Uittreden kan leiden tot kosten."), (2, "De kosten zijn €22.000 per jaar."))
    }
    asked = questions(brief, cites)
    assert any("Uittreden kan leiden tot kosten" in q.text and q.citations == [1] for q in asked)
    assert any("€22.000" in q.text and "jaartal" in q.text and q.citations == [2] for q in asked)
    assert any("welke alternatieven zijn overwogen" in q.text and not q.citations for q in asked)
    assert not any("argumenten voor" in q.text for q in asked)  # that section is not empty
