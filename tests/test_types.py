"""Finding a quoted sentence in the text it was taken from."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.sentence_split import split_sentences
from assistant.types import find_quote

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _by_pattern(text: str, quote: str) -> int:
    """The definition: the quote's first twelve words with any whitespace between them."""
    words = quote.split()[:12]
    m = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return m.start() if m else -1


def test_a_quote_is_found_whatever_the_line_breaks_and_spaces_between_its_words():
    text = "Inleiding\n\nDe kosten  zijn\ngestegen naar 36 euro per inwoner.\n"
    assert find_quote(text, "De kosten zijn gestegen naar 36 euro") == text.index("De kosten")
    assert find_quote(text, "kosten zijn gestegen") == text.index("kosten")
    assert find_quote(text, "ten zijn") == text.index("kosten") + 3  # it may start inside a word
    assert find_quote(text, "De kosten waren gestegen") == -1
    assert find_quote(text, "   ") == -1


def test_every_sentence_of_the_corpus_is_found_where_the_pattern_finds_it():
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sentence in split_sentences(text[:20000])[::7]:
            assert find_quote(text, sentence) == _by_pattern(text, sentence), (path.name, sentence)
