"""Which extractive answerer a setting asks for (``settings.answerer``).

'sentences' (the default) quotes the chosen sentences or the best stretch of one passage and
decides answerability with its fitted model (answering.answerability); 'units' is the fitted unit
model (answering.units_answerer). Under 5-fold cross-validation on eval/qa.jsonl the unit model
recalled fewer key facts, cited less precisely and declined fewer unanswerable questions, so it
is opt-in (numbers in eval/README.md).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.answerability import load_model
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.units_answerer import UnitAnswerer
from assistant.settings import Settings
from assistant.types import Passage


def make_extractive(
    settings: Settings,
    idf,
    *,
    sentence_vectors=None,
    known_terms: set[str] | None = None,
    following: Callable[[Passage], Passage | None] | None = None,
    named: Callable[[str], set[tuple[str, str | None]]] | None = None,
    names: Callable[[str], set[str]] | None = None,
) -> ExtractiveAnswerer | UnitAnswerer:
    if settings.answerer == "units":
        return UnitAnswerer(
            idf, sentence_vectors=sentence_vectors, known_terms=known_terms, embeddings=settings.embeddings
        )
    return ExtractiveAnswerer(
        idf,
        sentence_vectors=sentence_vectors,
        known_terms=known_terms,
        answerability=load_model(settings.embeddings),
        max_sentences=settings.answer_sentences,
        abstain_threshold=settings.abstain_threshold,
        following=following,
        named=named,
        names=names,
    )
