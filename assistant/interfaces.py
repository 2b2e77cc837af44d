"""The small interfaces the service wires together, so a new embedder, retriever or answerer
only has to have these methods (tests use deterministic fakes of each).

Heavy models load in ``warm_up()`` (or on first use), never in a constructor: building an
``Assistant`` stays cheap, and a command that needs no model never loads one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from assistant.types import Answer, Passage


@runtime_checkable
class Embedder(Protocol):
    """Text to vectors; ``model_id`` names the collection its vectors live in."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def warm_up(self) -> None: ...


@runtime_checkable
class Retriever(Protocol):
    """A question to the best passages, with the seconds each stage took."""

    last_timings: dict[str, float]

    def retrieve(self, query: str, k: int = 6, docs: set[str] | None = None) -> list[Passage]: ...


@runtime_checkable
class Answerer(Protocol):
    """Passages to a cited answer (or an abstention)."""

    mode: str

    def answer(self, question: str, passages: list[Passage]) -> Answer: ...


@runtime_checkable
class StreamingAnswerer(Answerer, Protocol):
    """An answerer that writes as it goes (a language model): pieces of text, then the Answer."""

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]: ...


@runtime_checkable
class QuestionRewriter(Protocol):
    """Makes a follow-up question standalone; returns it with notes for the answer."""

    def rewrite_question(self, question: str, history: list[str], fallback: str) -> tuple[str, list[str]]: ...
