"""The measure a figure is asked in: a figure in another measure does not carry the ask."""

from __future__ import annotations

import pytest

from assistant.answering.measures import asked_measure


@pytest.mark.parametrize(
    ("question", "carries", "does_not"),
    [
        pytest.param(
            "Welk percentage van de ICT-medewerkers bij gemeenten is ouder dan 55 jaar?",
            "Van de ICT-medewerkers is 38% ouder dan 55 jaar.",
            "Bedrijfsvoering ICT heeft ongeveer 8.000 tot 10.000 ICT-medewerkers.",
            id="a-percentage-is-not-a-head-count",
        ),
        pytest.param(
            "Hoeveel procent van de begroting gaat naar ICT?",
            "Ongeveer 4 procent van de begroting gaat naar ICT.",
            "De gemeente geeft 95 euro per inwoner uit aan ICT.",
            id="procent-in-words",
        ),
        pytest.param(
            "Wat was het gemiddelde percentage ingehuurd personeel in 2022?",
            "In de ICT-benchmark is het aandeel ingehuurd personeel 31%.",
            "In 2022 huurden gemeenten 12 fte in.",
            id="wat-was-het-percentage",
        ),
        pytest.param(
            "Wat kost een licentie per medewerker?",
            "Een licentie kost € 120 per medewerker.",
            "De licentiekosten stegen met 0,5 euro per inwoner.",
            id="a-unit-per-medewerker",
        ),
        pytest.param(
            "Welk percentage van de kosten betaalt Woerden per jaar?",
            "Woerden betaalt jaarlijks 25% van de kosten.",
            "Woerden betaalt 25% van de kosten van de oprichting.",
            id="a-percentage-per-year-needs-both",
        ),
    ],
)
def test_a_sentence_carries_a_figure_only_in_the_asked_measure(question, carries, does_not):
    measure = asked_measure(question)
    assert measure is not None
    assert measure(carries)
    assert not measure(does_not)


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel gemeenten telt Nederland?",
        "Welk deel van de opstartkosten betaalt Woerden?",  # a share may be given in words
        "Hoeveel kostten de licenties per component?",  # a breakdown, not a unit
        "Per wanneer is Woerden lid?",  # a date
    ],
)
def test_a_question_without_a_measure_takes_any_figure(question):
    assert asked_measure(question) is None
