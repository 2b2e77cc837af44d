"""Sentence vectors for the answerer: embedded once at ingest, looked up at question time.

Choosing answer sentences by meaning (not only by shared words) is what lets a paraphrased
question find its sentence; embedding every candidate per question would be too slow, so
each sentence of the corpus is embedded once and kept beside the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.sentence_split import footnote_parts, split_sentences
from assistant.text import fold


@lru_cache(maxsize=16384)
def sentence_key(sentence: str) -> str:
    """Cached: the answerer looks up the same candidate sentences question after question."""
    return hashlib.sha1(fold(" ".join(sentence.split())).encode()).hexdigest()[:16]


class SentenceVectors:
    def __init__(self, embeddings, path: Path | None = None) -> None:
        self.embeddings = embeddings
        self.path = path
        self._index: dict[str, int] = {}
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        if path is not None:
            self._load()

    def __len__(self) -> int:
        return len(self._index)

    def _load(self) -> None:
        assert self.path is not None
        keys_path = self.path.with_suffix(".json")
        if not (self.path.exists() and keys_path.exists()):
            return
        try:
            keys = json.loads(keys_path.read_text(encoding="utf-8"))
            matrix = np.load(self.path)
        except (OSError, ValueError):
            return  # a damaged cache is rebuilt, never trusted
        if len(keys) != len(matrix):
            return
        self._index = {k: i for i, k in enumerate(keys)}
        self._rows = list(matrix)

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            keys = sorted(self._index, key=self._index.get)
            matrix = np.vstack(self._rows) if self._rows else np.zeros((0, 1), dtype=np.float32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.stem + ".tmp.npy")
        np.save(tmp, matrix.astype(np.float32))
        os.replace(tmp, self.path)
        tmp_keys = self.path.with_suffix(".json.tmp")
        tmp_keys.write_text(json.dumps(keys), encoding="utf-8")
        os.replace(tmp_keys, self.path.with_suffix(".json"))

    def _add(self, sentences: list[str]) -> None:
        missing = list(dict.fromkeys(s for s in sentences if sentence_key(s) not in self._index))
        if not missing:
            return
        vectors = np.asarray(self.embeddings.embed_documents(missing), dtype=np.float32)
        with self._lock:
            for s, v in zip(missing, vectors, strict=True):
                key = sentence_key(s)
                if key not in self._index:
                    self._index[key] = len(self._rows)
                    self._rows.append(v)

    def vectors(self, sentences: list[str]) -> np.ndarray:
        self._add(sentences)
        with self._lock:
            return np.vstack([self._rows[self._index[sentence_key(s)]] for s in sentences])

    def query(self, question: str) -> np.ndarray:
        with self._lock:
            if question in self._queries:
                return self._queries[question]
        vector = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        with self._lock:
            self._queries[question] = vector
            while len(self._queries) > 256:
                self._queries.popitem(last=False)
        return vector

    def clear_query_cache(self) -> None:
        self._queries.clear()

    def similarities(self, question: str, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        return self.vectors(sentences) @ self.query(question)

    def warm(self, texts: Iterable[str], announce: Callable[[int], None] | None = None) -> int:
        """Embed every sentence of the given chunk texts not yet known; returns how many.

        The sentences still missing are counted first (``announce``), so a progress bar knows
        the work; a sentence that occurs many times (headers, repeated lines) is embedded once.
        """
        before = len(self._index)
        missing: dict[str, str] = {}
        for text in texts:
            for whole in split_sentences(text):
                # the parts a footnote's number ran together are what the answerer quotes
                for sentence in filter(None, dict.fromkeys((whole, *footnote_parts(whole)))):
                    key = sentence_key(sentence)
                    if key not in self._index:
                        missing.setdefault(key, sentence)
        if announce:
            announce(len(missing))
        todo = list(missing.values())
        for start in range(0, len(todo), 2048):
            self._add(todo[start : start + 2048])
        return len(self._index) - before
