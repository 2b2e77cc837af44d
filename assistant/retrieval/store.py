"""Chroma, embedded or as a server, with one collection per embedding model, and the chunk table."""

from __future__ import annotations

import time
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.types import ChunkRecord


def chroma_settings():
    # chromadb costs about 2.5 s (importtime): loaded when the store is opened, so the CLI starts fast.
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def make_client(settings: Settings):
    """Embedded persistent client by default; an HTTP client when a host is configured."""
    # chromadb costs about 2.5 s (importtime): loaded when the store is opened.
    import chromadb

    if settings.chroma.host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma.host, port=settings.chroma.port, settings=chroma_settings()
            )
            client.heartbeat()
        except Exception as exc:
            raise StoreError(
                f"Chroma-server op {settings.chroma.host}:{settings.chroma.port} is niet bereikbaar "
                f"({type(exc).__name__}). Start de server (chroma run --path ... --host "
                f"{settings.chroma.host} --port {settings.chroma.port}) of maak "
                "ASSISTANT_CHROMA_HOST leeg voor de ingebouwde opslag."
            ) from exc
        return client
    path = settings.paths.chroma_dir
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


def collection_name(model_id: str) -> str:
    """One collection per embedding model, so vectors of two models never mix."""
    return f"chunks-{model_id}"[:60]


class ChunkEmbeddings(Embeddings):
    """The embedder as LangChain's Chroma sees it: counts the chunk texts it embeds and the time,
    apart from other embedding work such as the answerer's sentence vectors (the bench reads it)."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.texts_embedded = 0
        self.seconds_embedding = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds_embedding += time.perf_counter() - started
            self.texts_embedded += len(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


# How many neighbours the HNSW search is asked for, of which the first k are used. Chroma's index
# is approximate, and its graph is rebuilt each time a process opens the collection: asked for 30
# of the 584 chunks, the same query vector missed the 28th closest in about one process in five,
# also when asked for 200 with ef_search 200, so the same question got other passages from one run
# to the next. Asked for at least as many as the collection holds, the search is exhaustive and
# the same in every process (2.5 ms instead of 1.3 ms per question here); a larger collection
# gets a search this wide, which is near exact.
SEARCH_WIDTH = 1000


class VectorStore:
    """The LangChain Chroma wrapper plus direct access to its collection for bulk reads."""

    def __init__(self, settings: Settings, embeddings, client=None) -> None:
        # langchain_chroma costs about 2.4 s (importtime): loaded when the store is opened.
        from langchain_chroma import Chroma

        # langchain_classic (the embedding cache) costs about 0.5 s more, for the same reason.
        from assistant.retrieval.embedding_cache import cached

        self.settings = settings
        self.embeddings = embeddings
        self.client = client or make_client(settings)
        self.name = collection_name(embeddings.model_id)
        self.chunk_embeddings = ChunkEmbeddings(embeddings)
        self.langchain = Chroma(
            collection_name=self.name,
            # Chunk vectors come from the content-hash cache when known; the meter inside it
            # counts only the texts really embedded.
            embedding_function=cached(
                self.chunk_embeddings, settings.paths.embedding_cache, embeddings.model_id
            ),
            client=self.client,
            # A wide HNSW search: the default (ef 10) misses near neighbours now and then, and
            # answers would differ between the process that built the index and a later one. Not
            # wide enough by itself: ``search`` also asks for SEARCH_WIDTH neighbours.
            collection_metadata={
                "hnsw:space": "cosine",
                "hnsw:search_ef": 200,
                "hnsw:construction_ef": 200,
                "embedding_model": embeddings.model_id,
            },
        )
        self.collection = self.client.get_collection(self.name)

    def count(self) -> int:
        return self.collection.count()

    def all_ids(self) -> list[str]:
        return list(self.collection.get(include=[])["ids"])

    def all_records(self, batch: int = 5000) -> list[ChunkRecord]:
        records: list[ChunkRecord] = []
        offset = 0
        while True:
            got = self.collection.get(include=["documents", "metadatas"], limit=batch, offset=offset)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                records.append(ChunkRecord(i, d or "", dict(m or {})))
            if len(got["ids"]) < batch:
                return records
            offset += batch

    def ids_for_doc(self, doc: str) -> list[str]:
        return list(self.collection.get(where={"doc": doc}, include=[])["ids"])

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    def search(self, vector: list[float], k: int, docs: set[str] | None = None) -> list[tuple[str, float]]:
        """(id, cosine similarity), best first."""
        # no count() first: Chroma 1.x gives what it has when asked for more (or for an empty
        # collection), and the count was 2 of the dense search's 5 ms per question (bench)
        where: dict[str, Any] | None = None
        if docs:
            where = {"doc": {"$in": sorted(docs)}} if len(docs) > 1 else {"doc": next(iter(docs))}
        got = self.collection.query(
            query_embeddings=[vector], n_results=max(k, SEARCH_WIDTH), where=where, include=["distances"]
        )
        found = [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]
        return found[:k]
