"""The language model backends (Ollama, OpenAI-compatible, llama.cpp, fake): configured, checked before use."""

from __future__ import annotations

import importlib.util
import os
import re
import warnings
from pathlib import Path
from urllib.parse import urlparse

import httpx
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.answering.fake_model import EchoSourcesChatModel
from assistant.errors import LLMConfigError
from assistant.settings import Settings

DEFAULT_MODELS = {"ollama": "qwen2.5:7b-instruct", "openai": "gpt-4o-mini", "fake": "echo"}


OLLAMA_URL = "http://127.0.0.1:11434"


def _openai_base_url(url: str | None) -> str | None:
    """'http://host:8000' -> 'http://host:8000/v1': vLLM, llama.cpp and LM Studio serve under /v1."""
    if not url:
        return None
    url = url.rstrip("/")
    return url + "/v1" if urlparse(url).path in ("", "/") else url


def _api_key(settings: Settings) -> str:

    if settings.llm.api_key is not None and settings.llm.api_key.get_secret_value():
        return settings.llm.api_key.get_secret_value()
    # Local servers (vLLM, llama.cpp, LM Studio) accept any key; the client insists on one.
    return os.environ.get("OPENAI_API_KEY") or "geen-sleutel-nodig"


def detect_openai_model(base_url: str, api_key: str, timeout: float) -> str:
    """The first model an OpenAI-compatible server offers (GET /models)."""

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
    if settings.llm.backend == "llamacpp":
        if importlib.util.find_spec("llama_cpp") is None:
            raise LLMConfigError(
                "ASSISTANT_LLM=llamacpp vraagt het pakket llama-cpp-python, dat niet geïnstalleerd is. "
                "Installeer het met: pip install -e '.[llamacpp]' (of kies ollama/openai)."
            )

        if not settings.llm.model or not Path(settings.llm.model).is_file():
            raise LLMConfigError(
                "ASSISTANT_LLM=llamacpp vraagt in ASSISTANT_LLM_MODEL het pad naar een GGUF-bestand; "
                f"'{settings.llm.model or ''}' is geen bestand."
            )


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model for ``settings.llm.backend`` (imports its client only when chosen)."""
    backend = settings.llm.backend
    max_tokens = settings.llm.max_tokens
    if backend == "ollama":
        # Only the backend in use is imported: each LangChain client costs about 2 s (importtime).
        from langchain_ollama import ChatOllama

        base = (settings.llm.base_url or OLLAMA_URL).rstrip("/")
        base = re.sub(r"/v1$", "", base)  # Ollama's OpenAI endpoint is not its native API
        return ChatOllama(
            model=settings.llm.model or DEFAULT_MODELS["ollama"],
            base_url=base,
            temperature=settings.llm.temperature,
            num_ctx=settings.llm.context_tokens + 2048,
            num_predict=max_tokens,
            client_kwargs={"timeout": settings.llm.timeout},
        )
    if backend == "openai":
        # Only the backend in use is imported (langchain_openai: about 2.8 s).
        from langchain_openai import ChatOpenAI

        base = _openai_base_url(settings.llm.base_url)
        key = _api_key(settings)
        model = settings.llm.model
        if not model:
            model = detect_openai_model(base, key, settings.llm.timeout) if base else DEFAULT_MODELS["openai"]
        return ChatOpenAI(
            model=model,
            base_url=base,
            api_key=key,
            temperature=settings.llm.temperature,
            max_tokens=max_tokens,
            timeout=settings.llm.timeout,
            max_retries=0,  # the extractive answer is the fallback; a retry would double the wait
        )
    if backend == "llamacpp":
        check_backend(settings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Optional extra (llamacpp); imported only when chosen.
            from langchain_community.chat_models import ChatLlamaCpp

        return ChatLlamaCpp(
            model_path=settings.llm.model,
            n_ctx=settings.llm.context_tokens + 2048,
            max_tokens=max_tokens,
            temperature=settings.llm.temperature,
            verbose=False,
        )
    if backend == "fake":
        return EchoSourcesChatModel()
    raise LLMConfigError(f"geen taalmodel-backend '{backend}'")
