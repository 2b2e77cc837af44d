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

import importlib.util
import logging
import re
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer import NOT_COVERED, Answer, ExtractiveAnswerer
from assistant.checks import AnswerChecker, Source
from assistant.chunking import count_tokens
from assistant.prompts import PromptSet
from assistant.retrieval import Passage
from assistant.settings import Settings
from assistant.text import split_sentences, terms

log = logging.getLogger("assistant.llm")

DEFAULT_MODELS = {"ollama": "qwen2.5:7b-instruct", "openai": "gpt-4o-mini", "fake": "echo"}
OLLAMA_URL = "http://127.0.0.1:11434"


class LLMConfigError(ValueError):
    """The language model cannot be set up as configured; the message says what to change."""


class LLMTimeout(TimeoutError):
    """The model did not finish within ``llm_timeout`` seconds."""


# --- numbered sources ------------------------------------------------------------

_SOURCE_RE = re.compile(r'<bron nummer="(\d+)"[^>\n]*>\n(.*?)\n</bron>', re.S)


def _attr(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace('"', "'").replace("<", "(").replace(">", ")")).strip()


def render_source(n: int, passage: Passage, text: str) -> str:
    """One source block. The passage text cannot close or open a block of its own."""
    attrs = f'nummer="{n}" titel="{_attr(passage.source_label)}"'
    if passage.page:
        attrs += f' pagina="{passage.page}"'
    if passage.section:
        attrs += f' sectie="{_attr(passage.section)}"'
    body = re.sub(r"<(/?)(bron)", r"‹\1\2", text, flags=re.I)
    return f"<bron {attrs}>\n{body}\n</bron>"


def parse_sources(prompt: str) -> dict[int, str]:
    """Numbered source texts from a rendered prompt (for stand-in models and stub servers)."""
    return {int(m.group(1)): m.group(2) for m in _SOURCE_RE.finditer(prompt)}


@dataclass
class Context:
    sources: list[Source]
    text: str
    tokens: int
    left_out: int  # passages that did not fit the budget


def _shorten(text: str, max_tokens: int) -> str:
    while text and count_tokens(text) > max_tokens:
        cut = int(len(text) * max_tokens / count_tokens(text) * 0.95)
        cut = text.rfind(" ", 0, max(cut, 1))
        text = text[: cut if cut > 0 else max(len(text) // 2, 0)].rstrip()
    return text


def build_context(passages: list[Passage], budget: int) -> Context:
    """Numbered sources in rank order, as many as fit ``budget`` tiktoken tokens.

    A passage that does not fit is left out (a smaller later one may still fit); the first
    passage is shortened rather than left out, so the model always has something to read.
    """
    sources: list[Source] = []
    blocks: list[str] = []
    used = 0
    left_out = 0
    for p in passages:
        n = len(sources) + 1
        text = p.text.strip()
        block = render_source(n, p, text)
        cost = count_tokens(block) + 2
        if used + cost > budget:
            if sources:
                left_out += 1
                continue
            overhead = count_tokens(render_source(n, p, ""))
            text = _shorten(text, max(budget - overhead - 2, 20))
            block = render_source(n, p, text)
            cost = count_tokens(block) + 2
        source = Source(n=n, passage=p, text=text)
        if source.instructions:
            log.info("bron %d (%s) bevat tekst die op instructies lijkt; die telt niet als inhoud", n, p.doc)
        sources.append(source)
        blocks.append(block)
        used += cost
    return Context(sources=sources, text="\n\n".join(blocks), tokens=used, left_out=left_out)


def answer_inputs(question: str, context: Context) -> dict[str, str]:
    """The variables of the answer template."""
    return {"question": question, "sources": context.text}


def followup_inputs(question: str, history: list[str]) -> dict[str, str]:
    """The variables of the follow-up template: the last few questions, oldest first."""
    return {"history": "\n".join(f"- {q}" for q in history[-4:]), "question": question}


# --- a deterministic stand-in model ------------------------------------------------


def echo_reply(prompt: str) -> str:
    """What the ``fake`` backend answers: the best matching source sentences, cited.

    For the follow-up template it returns the heuristic rewrite, so conversations work too.
    """
    sources = parse_sources(prompt)
    if not sources:
        m = re.search(r"Nieuwe vraag:\s*(.+)", prompt)
        if not m:
            return ""
        from assistant.followup import standalone_question

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


# --- backends --------------------------------------------------------------------


def _openai_base_url(url: str | None) -> str | None:
    """'http://host:8000' -> 'http://host:8000/v1': vLLM, llama.cpp and LM Studio serve under /v1."""
    if not url:
        return None
    url = url.rstrip("/")
    return url + "/v1" if urlparse(url).path in ("", "/") else url


def _api_key(settings: Settings) -> str:
    import os

    if settings.llm_api_key is not None and settings.llm_api_key.get_secret_value():
        return settings.llm_api_key.get_secret_value()
    # Local servers (vLLM, llama.cpp, LM Studio) accept any key; the client insists on one.
    return os.environ.get("OPENAI_API_KEY") or "geen-sleutel-nodig"


def detect_openai_model(base_url: str, api_key: str, timeout: float) -> str:
    """The first model an OpenAI-compatible server offers (GET /models)."""
    import httpx

    response = httpx.get(
        f"{base_url}/models", headers={"Authorization": f"Bearer {api_key}"}, timeout=min(timeout, 10.0)
    )
    response.raise_for_status()
    models = response.json().get("data") or []
    if not models:
        raise LLMConfigError(f"de server {base_url} biedt geen modellen aan; zet ASSISTANT_LLM_MODEL")
    return str(models[0]["id"])


def check_backend(settings: Settings) -> None:
    """Fail early, with a clear message, on what no retry can fix (a missing extra or file)."""
    if settings.llm == "llamacpp":
        if importlib.util.find_spec("llama_cpp") is None:
            raise LLMConfigError(
                "ASSISTANT_LLM=llamacpp vraagt het pakket llama-cpp-python, dat niet geïnstalleerd is. "
                "Installeer het met: pip install -e '.[llamacpp]' (of kies ollama/openai)."
            )
        from pathlib import Path

        if not settings.llm_model or not Path(settings.llm_model).is_file():
            raise LLMConfigError(
                "ASSISTANT_LLM=llamacpp vraagt in ASSISTANT_LLM_MODEL het pad naar een GGUF-bestand; "
                f"'{settings.llm_model or ''}' is geen bestand."
            )


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model for ``settings.llm`` (imports its client only when chosen)."""
    backend = settings.llm
    max_tokens = settings.llm_max_tokens
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        base = (settings.llm_base_url or OLLAMA_URL).rstrip("/")
        base = re.sub(r"/v1$", "", base)  # Ollama's OpenAI endpoint is not its native API
        return ChatOllama(
            model=settings.llm_model or DEFAULT_MODELS["ollama"],
            base_url=base,
            temperature=settings.llm_temperature,
            num_ctx=settings.llm_context_tokens + 2048,
            num_predict=max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        base = _openai_base_url(settings.llm_base_url)
        key = _api_key(settings)
        model = settings.llm_model
        if not model:
            model = detect_openai_model(base, key, settings.llm_timeout) if base else DEFAULT_MODELS["openai"]
        return ChatOpenAI(
            model=model,
            base_url=base,
            api_key=key,
            temperature=settings.llm_temperature,
            max_tokens=max_tokens,
            timeout=settings.llm_timeout,
            max_retries=0,  # the extractive answer is the fallback; a retry would double the wait
        )
    if backend == "llamacpp":
        check_backend(settings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from langchain_community.chat_models import ChatLlamaCpp

        return ChatLlamaCpp(
            model_path=settings.llm_model,
            n_ctx=settings.llm_context_tokens + 2048,
            max_tokens=max_tokens,
            temperature=settings.llm_temperature,
            verbose=False,
        )
    if backend == "fake":
        return EchoSourcesChatModel()
    raise LLMConfigError(f"geen taalmodel-backend '{backend}'")


# --- failures ----------------------------------------------------------------------


def failure_reason(exc: BaseException, timeout: float) -> str:
    """Why a model call failed, in Dutch, for the note under the fallback answer."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in chain and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = " ".join(type(x).__name__ for x in chain).lower()
    if isinstance(exc, LLMConfigError):
        return f"is niet goed ingesteld: {exc}"
    if any(isinstance(x, TimeoutError) for x in chain) or "timeout" in names:
        return f"reageerde niet binnen {settings_seconds(timeout)} seconden"
    if any(isinstance(x, ConnectionError) for x in chain) or "connect" in names:
        return "is niet bereikbaar"
    for x in chain:
        status = getattr(x, "status_code", None)
        if isinstance(status, int) and status > 0:
            return f"gaf een foutmelding (HTTP {status})"
    return f"gaf een onleesbaar antwoord ({type(exc).__name__})"


def settings_seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- the generative answerer -------------------------------------------------------------


def _content(chunk: Any) -> str:
    return chunk if isinstance(chunk, str) else str(getattr(chunk, "content", "") or "")


class GenerativeAnswerer:
    """Answers with a language model; ``answer`` like ExtractiveAnswerer, ``stream`` piece by piece."""

    def __init__(
        self,
        settings: Settings,
        extractive: ExtractiveAnswerer,
        *,
        model: BaseChatModel | None = None,
        prompts: PromptSet | None = None,
    ) -> None:
        self.settings = settings
        self.extractive = extractive
        self.prompts = prompts or PromptSet.load(settings.prompts_dir)
        self.prompt_version = self.prompts.version
        self.mode = settings.llm
        self.label = settings.llm_label
        self.timeout = settings.llm_timeout
        self._model = model
        self._lock = threading.Lock()

    @property
    def model(self) -> BaseChatModel:
        with self._lock:
            if self._model is None:
                self._model = make_chat_model(self.settings)
                name = getattr(self._model, "model_name", None) or getattr(self._model, "model", None)
                if name and not self.settings.llm_model:  # show the model the server gave us
                    where = f" via {self.settings.llm_base_url}" if self.settings.llm_base_url else ""
                    self.label = f"{self.settings.llm}: {name}{where}"
            return self._model

    def answer_chain(self) -> Runnable:
        """{question, passages} -> the model's raw text: sources | prompt | model | text."""
        budget = self.settings.llm_context_tokens

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
            log.warning("vervolgvraag niet herschreven: %s", failure_reason(exc, self.timeout))
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
        gate = getattr(self.extractive, "gate", None)
        if gate is not None:
            # The same units and the same answerability decision as the extractive answer, before
            # any model is called: an unanswerable question never reaches the model.
            answerable, passages = gate(question, passages)
            if not answerable:
                yield from self._fallback(question, passages, None)
                return
        ctx = build_context(passages, self.settings.llm_context_tokens)
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
        except Exception as exc:
            error = exc
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
    extractive: ExtractiveAnswerer,
    *,
    model: BaseChatModel | None = None,
    prompts: PromptSet | None = None,
) -> GenerativeAnswerer:
    """Called by ``Assistant.make_answerer`` when ``settings.llm`` is not 'extractive'."""
    if model is None:
        check_backend(settings)
    return GenerativeAnswerer(settings, extractive, model=model, prompts=prompts)
