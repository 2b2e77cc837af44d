"""The debate brief: its JSON format, sections from the document structure, quotes that the
cited passages carry, abstention, the document filter, the fake-LLM mode and the questions."""

from __future__ import annotations

import json
import re

import pytest
from support import BEWARE

from assistant.debate.builder import TopicError
from assistant.debate.model import NOT_COVERED, SECTIONS, Brief, Point, empty_sections
from assistant.debate.points import fragments, shorten
from assistant.debate.questions import questions
from assistant.debate.service import make_brief
from assistant.service import Assistant
from assistant.text import fold
from assistant.types import Citation


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


def test_fake_language_model_writes_checked_points(corpus_assistant):
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
    # a bullet is no part of the quote, also the Berenschot report's round bullet read as 'O'
    assert shorten("» Meer invloed op de ontwikkeling.") == "Meer invloed op de ontwikkeling."
    assert shorten("O Financiering door gemeenten.") == "Financiering door gemeenten."
    assert shorten("OV NG / KING neemt de regie.") == "OV NG / KING neemt de regie."


def test_questions_come_from_risks_gaps_and_amounts_without_a_year():
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


def test_a_topic_that_names_a_part_of_a_bundle_is_about_that_part(corpus_assistant):
    """'Raadsinformatiebrief Zevenaar: …' is about the letter, not the advisory report bundled
    with it, even where more of the report's passages rank high: its costs are the letter's."""
    brief = corpus_assistant.brief(
        "Raadsinformatiebrief Zevenaar: toekomst van de ICT-samenwerking RID De Liemers",
        docs={"004_5c81fa4118356e9b.txt"},
    )
    by_n = {c.n: c for c in brief.citations}
    costs = [by_n[n] for p in brief.section("financien").points for n in p.citations]
    assert any(c.part == "Raadsinformatiebrief ICT-samenwerking RID de Liemers" for c in costs)
    assert any("213.000" in p.text for p in brief.section("financien").points)
