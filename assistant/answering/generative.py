"""Generated answers through LangChain, with checked citations and an extractive fallback.

Backends (``ASSISTANT_LLM``): ``ollama`` (ChatOllama), ``openai`` (ChatOpenAI against any
OpenAI-compatible server: vLLM, llama.cpp's server, LM Studio, Azure, OpenAI), ``llamacpp`` (a local
GGUF file through llama-cpp-python, an optional extra) and ``fake`` (a deterministic stand-in that
quotes its sources, for tests and demos).

The path of one answer::

    passages -> numbered sources within a token budget -> prompt | model | text
             -> AnswerChecker (markers, numbers, support) -> Answer with citations

Whatever goes wrong with the model (unreachable, too slow, an error, an unreadable or empty reply,
nothing that survives the checks) ends in the extractive answer with a Dutch note, never in a stack
trace or an empty reply.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.backends import check_backend, make_chat_model
from assistant.answering.checks import AnswerChecker
from assistant.answering.context import answer_inputs, build_context, followup_inputs
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.failures import LLMTimeout, failure_reason, is_known_failure
from assistant.answering.prompts import PromptSet
from assistant.answering.units_answerer import UnitAnswerer
from assistant.settings import Settings
from assistant.types import Answer, Passage

log = logging.getLogger(__name__)


# --- the generative answerer -------------------------------------------------------------


def _content(chunk: Any) -> str:
    return chunk if isinstance(chunk, str) else str(getattr(chunk, "content", "") or "")


class GenerativeAnswerer:
    """Answers with a language model; ``answer`` like ExtractiveAnswerer, ``stream`` piece by piece."""

    def __init__(
        self,
        settings: Settings,
        extractive: ExtractiveAnswerer | UnitAnswerer,
        *,
        model: BaseChatModel | None = None,
        prompts: PromptSet | None = None,
    ) -> None:
        self.settings = settings
        self.extractive = extractive
        self.prompts = prompts or PromptSet.load(settings.prompts_dir)
        self.prompt_version = self.prompts.version
        self.mode = settings.llm.backend
        self.label = settings.llm.label
        self.timeout = settings.llm.timeout
        self._model = model
        self._lock = threading.Lock()

    @property
    def model(self) -> BaseChatModel:
        with self._lock:
            if self._model is None:
                self._model = make_chat_model(self.settings)
                name = getattr(self._model, "model_name", None) or getattr(self._model, "model", None)
                if name and not self.settings.llm.model:  # show the model the server gave us
                    where = f" via {self.settings.llm.base_url}" if self.settings.llm.base_url else ""
                    self.label = f"{self.settings.llm.backend}: {name}{where}"
            return self._model

    def answer_chain(self) -> Runnable:
        """{question, passages} -> the model's raw text: sources | prompt | model | text."""
        budget = self.settings.llm.context_tokens

        def inputs(x: dict[str, Any]) -> dict[str, Any]:
            return answer_inputs(x["question"], x.get("context") or build_context(x["passages"], budget))

        return RunnableLambda(inputs) | self.prompts.answer_prompt() | self.model | StrOutputParser()

    def followup_chain(self) -> Runnable:
        return self.prompts.followup_prompt() | self.model | StrOutputParser()

    # follow-up questions ------------------------------------------------------------

    def rewrite_question(self, question: str, history: list[str], fallback: str) -> tuple[str, list[str]]:
        """The follow-up as a standalone question, written by the model; ``fallback`` if that fails."""
        try:
            raw = self.followup_chain().invoke(followup_inputs(question, history))
        except Exception as exc:  # the heuristic is good enough to go on with
            if is_known_failure(exc):
                log.warning("vervolgvraag niet herschreven: %s", failure_reason(exc, self.timeout))
            else:
                log.exception("vervolgvraag niet herschreven")
            return fallback, []
        rewritten = clean_rewrite(raw, question, history)
        if rewritten and _same(rewritten, question) and not _same(fallback, question):
            rewritten = None  # the model left an elliptic follow-up as it was: the heuristic does better
        log.info("vervolgvraag %r -> %r (prompt %s)", question, rewritten or fallback, self.prompt_version)
        return (rewritten or fallback), []

    # answers ----------------------------------------------------------------------

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        final = None
        for item in self._run(question, passages, streaming=False):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Checked text pieces as they pass the checks, then the Answer (its text = the pieces joined)."""
        yield from self._run(question, passages, streaming=True)

    def _run(self, question: str, passages: list[Passage], streaming: bool) -> Iterator[str | Answer]:
        if not passages:
            yield from self._fallback(question, passages, None)
            return
        # The same answerability decision as the extractive answer, before any model is called:
        # a question the extractive answerer abstains on never reaches the model.
        answerable, passages = self.extractive.gate(question, passages)
        if not answerable:
            yield from self._fallback(question, passages, None)
            return
        ctx = build_context(passages, self.settings.llm.context_tokens)
        checker = AnswerChecker(ctx.sources, question)
        inputs = {"question": question, "passages": passages, "context": ctx}
        # Until the first piece: llm_timeout; a reply that keeps coming may take up to four times that.
        started = time.monotonic()
        first_seen = False
        error: BaseException | None = None
        try:
            chain = self.answer_chain()  # may set up the client (and ask the server for its model)
            if streaming:
                for chunk in chain.stream(inputs):
                    text = _content(chunk)
                    first_seen = first_seen or bool(text.strip())
                    piece = checker.feed(text)
                    if piece:
                        yield piece
                    elapsed = time.monotonic() - started
                    if elapsed > 4 * self.timeout or (not first_seen and elapsed > self.timeout):
                        raise LLMTimeout(f"geen volledig antwoord binnen {elapsed:.0f} s")
            else:
                checker.feed(_content(chain.invoke(inputs)))
            piece = checker.finish()
            if piece and streaming:
                yield piece
        except Exception as exc:  # the answer falls back (or is cut short) with a note saying why
            error = exc
            if is_known_failure(exc):
                log.info("het taalmodel %s", failure_reason(exc, self.timeout))
            else:
                log.exception("onverwachte fout tijdens het antwoorden met het taalmodel")
        log.debug("ruwe modeluitvoer: %r", checker.raw)

        if error is not None and not checker.text:
            yield from self._fallback(question, passages, failure_reason(error, self.timeout), checker)
            return
        if not checker.text:
            reason = (
                "gaf een leeg antwoord"
                if not checker.raw.strip()
                else "gaf geen antwoord dat aan de bronnen kon worden getoetst"
            )
            yield from self._fallback(question, passages, reason, checker)
            return
        notes = checker.notes()
        if error is not None:
            notes.append(
                f"Het taalmodel ({self.label}) {failure_reason(error, self.timeout)} tijdens het antwoorden; "
                "het antwoord is mogelijk onvolledig."
            )
        if ctx.left_out:
            log.info("%d passage(s) vielen buiten het tokenbudget", ctx.left_out)
        answer = Answer(
            question=question,
            answer=checker.text,
            abstained=checker.abstained,
            mode=self.mode,
            citations=checker.citations(),
            retrieved=passages,
            notes=notes,
            prompt_version=self.prompt_version,
        )
        self._log(answer, checker, fallback=False)
        yield answer

    def _fallback(
        self, question: str, passages: list[Passage], reason: str | None, checker: AnswerChecker | None = None
    ) -> Iterator[str | Answer]:
        answer = self.extractive.answer(question, passages)
        answer.prompt_version = self.prompt_version
        if reason:
            answer.notes.append(
                f"Het taalmodel ({self.label}) {reason}; dit is het extractieve antwoord, "
                "met letterlijke zinnen uit de documenten."
            )
            if checker is not None:
                answer.notes.extend(checker.notes())
        yield from re.findall(r"\s*\S+", answer.answer)
        self._log(answer, checker, fallback=True, reason=reason)
        yield answer

    def _log(
        self, answer: Answer, checker: AnswerChecker | None, fallback: bool, reason: str | None = None
    ) -> None:
        log.info(
            "antwoord backend=%s prompt=%s bronnen=%d weggelaten=%d terugval=%s%s",
            self.label,
            self.prompt_version,
            len(checker.sources) if checker else 0,
            len(checker.removed) if checker else 0,
            fallback,
            f" ({reason})" if reason else "",
        )


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def clean_rewrite(raw: str, question: str, history: list[str]) -> str | None:
    """The model's standalone question, or None when it did not give one."""
    text = re.sub(r"<think>.*?</think>", "", raw or "", flags=re.S)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    line = re.sub(r"^(zelfstandige vraag|herschreven vraag|vraag)\s*:\s*", "", lines[0], flags=re.I)
    line = line.strip(" *\"'“”„`")
    limit = 3 * len(question) + len(history[-1] if history else "") + 80
    if not re.search(r"\w", line) or len(line) > limit or "[" in line:
        return None
    return line


def make_generative_answerer(
    settings: Settings,
    extractive: ExtractiveAnswerer | UnitAnswerer,
    *,
    model: BaseChatModel | None = None,
    prompts: PromptSet | None = None,
) -> GenerativeAnswerer:
    """Called by ``Assistant.make_answerer`` when ``settings.llm.backend`` is not 'extractive'."""
    if model is None:
        check_backend(settings)
    return GenerativeAnswerer(settings, extractive, model=model, prompts=prompts)
