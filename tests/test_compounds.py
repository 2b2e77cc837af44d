"""Dutch compounds: the word a compound is a kind of."""

from __future__ import annotations

import pytest

from assistant.compounds import compound_parts, segment, zipf


@pytest.mark.parametrize(
    ("word", "head"),
    [
        ("lidmaatschapskosten", "kosten"),  # with a linking 's'
        ("rapportcijfer", "cijfer"),
        ("softwarepakket", "pakket"),
        ("informatie", None),  # a common word of its own
        ("gemeenteraad", None),
        ("kosten", None),  # too short to be worth splitting
        ("xqzwvbnmkl", None),  # no known words
    ],
)
def test_the_head_of_a_compound(word, head):
    parts = compound_parts(word)
    assert (parts[-1] if parts else None) == head


def test_segment_splits_a_run_of_letters_into_known_words():
    cost, pieces = segment("digitaliseringsimpuls", zipf, min_zipf=3.0, min_len=3, linking_s=True)
    assert pieces == ["digitaliserings", "impuls"]
    assert cost > 0
    assert segment("xqzwv", zipf, min_zipf=3.0, min_len=3) is None
