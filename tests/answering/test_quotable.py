"""Which sentences can be quoted at all, whatever the question."""

from __future__ import annotations

from assistant.answering import candidates, quotable
from assistant.types import Passage

# The infographic on page 3 of the ICT Benchmark, as the PDF text reads it out (labels and numbers).
INFOGRAPHIC = (
    "Benchmarkeditie van 2023 (Boekjaar 2022) gemeenten inwoners gemiddeld per SSC156.000 "
    "miljoen inwoners0,78"
)


def test_an_infographic_read_out_as_a_line_is_not_quoted():
    assert quotable.kind_of(INFOGRAPHIC) == (False, "thin")
    text = f"{INFOGRAPHIC}\n\nDe ICT Benchmark Gemeenten 2023 gaat over boekjaar 2022."
    p = Passage("c1", "doc.txt", "Titel", None, 1, None, text, 0, 0, len(text))
    assert [c.text for c in candidates.candidates_from([p])] == [
        "De ICT Benchmark Gemeenten 2023 gaat over boekjaar 2022."
    ]


def test_names_with_numbers_and_footnote_markers_stay_quotable():
    for sentence in (
        "Gemeenten werken met Office365 en de diensten van Servicepunt71 samen.",
        "Common Ground is een strategie van VNG Realisatie, de VIAG en IMG100.000+ voor gemeenten.",
        "Dit geldt ook voor de samenwerkingsverbanden5 die aan de benchmark meededen.",
        "De lidmaatschapskosten zijn €22.000 per jaar voor de gemeente.",
    ):
        assert quotable.kind_of(sentence) == (False, "text"), sentence


def test_the_title_of_an_article_is_a_heading_even_with_a_period():
    # the PDF closed it with a period; quoted alone it was a whole answer
    assert quotable.kind_of("Artikel 9 -Besluitvorming - Notulen.")[0]
    assert quotable.kind_of("Artikel 13 - Relatie met leden - Algemene vergadering")[0]
    assert not quotable.kind_of("Artikel 9 van de statuten regelt hoe de RvC haar besluiten neemt.")[0]
