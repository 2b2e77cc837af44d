"""A deterministic stand-in language model (ASSISTANT_LLM=fake): it echoes source sentences, so the pipeline and its checks can be tested without a model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.answering.context import parse_sources
from assistant.answering.followup import standalone_question
from assistant.sentence_split import split_sentences
from assistant.text import terms
from assistant.types import NOT_COVERED


def echo_reply(prompt: str) -> str:
    """What the ``fake`` backend answers: the best matching source sentences, cited.

    For the follow-up template it returns the heuristic rewrite, so conversations work too.
    """
    sources = parse_sources(prompt)
    if not sources:
        m = re.search(r"Nieuwe vraag:\s*(.+)", prompt)
        if not m:
            return ""

        history = re.findall(r"^- (.+)$", prompt.split("Nieuwe vraag:")[0], re.M)
        return standalone_question(m.group(1).strip(), history)
    m = re.search(r"^Vraag:\s*(.+)$", prompt, re.M)
    wanted = set(terms(m.group(1))) if m else set()
    best: list[tuple[int, int, str]] = []
    for n, text in sources.items():
        scored = [
            (len(wanted & set(terms(s))), -i, " ".join(s.split()))
            for i, s in enumerate(split_sentences(text))
            if len(s) >= 20
        ]
        if scored:
            score, _, sentence = max(scored)
            if score:
                best.append((score, -n, sentence))
    if not best:
        return NOT_COVERED
    parts = []
    for _, neg_n, sentence in sorted(best, reverse=True)[:2]:
        parts.append(f"{sentence.rstrip(' .;:')} [{-neg_n}].")
    return " ".join(parts)


class EchoSourcesChatModel(BaseChatModel):
    """A chat model that needs no server: quotes the best matching sentences of its sources."""

    @property
    def _llm_type(self) -> str:
        return "echo-sources"

    def _reply(self, messages: list[BaseMessage]) -> str:
        return echo_reply("\n".join(str(m.content) for m in messages))

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._reply(messages)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for piece in re.findall(r"\s*\S+", self._reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
