"""Follow-up questions made standalone without a language model."""

from __future__ import annotations

import pytest

from assistant.answering.followup import is_follow_up, standalone_question

FTE_2022 = "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2022?"
BEWARE = "Wat houdt toetreding tot de ICT-coöperatie Beware in voor Woerden?"


def test_a_new_year_replaces_the_year_of_the_previous_question():
    assert standalone_question("en in 2021?", [FTE_2022]) == (
        "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2021?"
    )
    assert standalone_question("En in 2019?", ["Wat waren de ICT-kosten in 2022?"]) == (
        "Wat waren de ICT-kosten in 2019?"
    )


def test_the_latest_question_of_the_history_counts():
    history = ["Wat kost het lidmaatschap van Beware?", FTE_2022]
    assert standalone_question("en in 2020?", history) == FTE_2022.replace("2022", "2020")


def test_year_follow_up_with_more_words_keeps_them():
    got = standalone_question("en in 2021 voor kleine gemeenten?", [FTE_2022])
    assert got.startswith(FTE_2022.replace("2022", "2021"))
    assert got.endswith("voor kleine gemeenten")


def test_pointing_follow_up_is_combined_with_the_previous_question():
    got = standalone_question("wat zijn de risico's daarvan?", [BEWARE])
    assert (
        got
        == "wat zijn de risico's daarvan? (Wat houdt toetreding tot de ICT-coöperatie Beware in voor Woerden)"
    )
    assert "risico's" in got and "Beware" in got


def test_continuation_word_is_dropped_when_combining():
    got = standalone_question("En wat kost dat per jaar?", [BEWARE])
    assert got.startswith("wat kost dat per jaar?")
    assert "Beware" in got


@pytest.mark.parametrize(
    "question",
    [
        "Welke gemeenten richtten de coöperatie Beware op?",
        "Wat is de rol van RID de Liemers voor de gemeente Zevenaar en de andere deelnemende gemeenten?",
        FTE_2022,
    ],
)
def test_standalone_question_is_unchanged(question):
    assert standalone_question(question, [BEWARE]) == question


def test_without_history_nothing_changes():
    assert standalone_question("en in 2021?", []) == "en in 2021?"
    assert standalone_question("  wat zijn de risico's daarvan?  ", []) == "wat zijn de risico's daarvan?"


def test_year_follow_up_after_a_question_without_a_year_is_combined():
    got = standalone_question("en in 2021?", [BEWARE])
    assert "2021" in got and "Beware" in got


def test_is_follow_up():
    assert is_follow_up("en in 2021?")
    assert is_follow_up("Maar wat kost het?")
    assert is_follow_up("wat zijn de risico's daarvan?")
    assert not is_follow_up("")
    assert not is_follow_up("Welke gemeenten richtten Beware op?")
