"""The Assistant over the whole real corpus (fake embedder): questions, input checks, sources."""

from __future__ import annotations

import threading

import pytest

from assistant.retrieval.hybrid import merge_neighbours
from assistant.types import NOT_COVERED, Answer, Passage
from assistant.user_input import QuestionError, clean_question

F001 = "001_3932a4aa9db8ca8f.txt"
EXAMPLE = "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2022?"


def test_the_example_question_is_answered_from_the_benchmark(corpus_assistant):
    answer = corpus_assistant.ask(EXAMPLE)
    assert isinstance(answer, Answer)
    assert not answer.abstained
    assert "56" in answer.answer
    assert "56 ICT-fte per 100.000 inwoners" in answer.answer
    docs = [c.doc for c in answer.citations]
    assert F001 in docs
    cited = next(c for c in answer.citations if c.doc == F001)
    assert "56 ICT-fte per 100.000 inwoners" in cited.quote
    assert cited.page is not None
    assert cited.title == "ICT Benchmark Gemeenten 2023"
    assert {"retrieve", "answer", "total"} <= set(answer.timings_ms)
    assert answer.timings_ms["total"] >= answer.timings_ms["answer"]
    assert answer.question == EXAMPLE and answer.standalone_question is None


def test_follow_up_uses_the_history(corpus_assistant):
    answer = corpus_assistant.ask("en in 2021?", history=[EXAMPLE])
    assert answer.question == "en in 2021?"
    assert answer.standalone_question == EXAMPLE.replace("2022", "2021")


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n", None, "\x00\x01\x02", "\x1b\x07\x7f\x9b"])
def test_empty_questions_are_refused_in_dutch(corpus_assistant, question):
    with pytest.raises(QuestionError, match="Stel een vraag"):
        corpus_assistant.ask(question)


def test_question_without_letters_or_digits_is_refused(corpus_assistant):
    with pytest.raises(QuestionError, match="geen letters of cijfers"):
        corpus_assistant.ask("?!? ... ---")


def test_control_characters_inside_a_question_are_removed(corpus_assistant):
    answer = corpus_assistant.ask("Hoeveel ICT-fte\x00 per 100.000\x1b inwoners\x07 in 2022?")
    assert answer.question == "Hoeveel ICT-fte per 100.000 inwoners in 2022?"
    assert not answer.abstained


def test_very_long_question_is_truncated_with_a_note(corpus_assistant):
    limit = corpus_assistant.settings.max_question_chars
    question = (EXAMPLE + " ") * (10_000 // len(EXAMPLE) + 1)
    question = question[:10_000]
    answer = corpus_assistant.ask(question)
    assert len(answer.question) == limit
    assert answer.notes == [f"De vraag is ingekort tot {limit} tekens."]
    assert answer.to_json()["notes"] == answer.notes


def test_clean_question():
    assert clean_question("  Wat   kost\n\nhet? ", 100) == ("Wat kost het?", [])
    text, notes = clean_question("a" * 50, 10)
    assert text == "a" * 10 and "10 tekens" in notes[0]


def test_english_question_gets_an_answer(corpus_assistant):
    answer = corpus_assistant.ask("How many ICT-fte per 100.000 inhabitants did municipalities have in 2022?")
    assert isinstance(answer, Answer)
    assert answer.retrieved
    assert answer.retrieved[0].doc == F001
    assert not answer.abstained
    assert "56" in answer.answer


def test_html_in_a_question_is_kept_as_text(corpus_assistant):
    question = "<b>Hoeveel ICT-fte</b> per 100.000 inwoners in 2022? <script>alert('x')</script>"
    answer = corpus_assistant.ask(question)
    assert answer.question == question
    assert not answer.abstained
    assert "56" in answer.answer
    assert "<script>" not in answer.answer


def test_off_topic_question_abstains_and_points_to_sources(corpus_assistant):
    answer = corpus_assistant.ask("Wat is het recept voor appeltaart met kaneel?")
    assert answer.abstained
    assert answer.answer.startswith(NOT_COVERED)
    assert answer.citations == []


def test_doc_filter(corpus_assistant):
    answer = corpus_assistant.ask("Wat kost ICT per inwoner?", docs={"004_5c81fa4118356e9b.txt"})
    assert {p.doc for p in answer.retrieved} == {"004_5c81fa4118356e9b.txt"}
    assert all(c.doc == "004_5c81fa4118356e9b.txt" for c in answer.citations)


def test_k_sets_the_number_of_passages(corpus_assistant):
    assert len(corpus_assistant.ask(EXAMPLE, k=2).retrieved) == 2
    assert len(corpus_assistant.ask(EXAMPLE).retrieved) == corpus_assistant.settings.top_k


def test_ask_stream_gives_an_extractive_answer_whole(corpus_assistant):
    """An extractive answer is finished at once: one piece, no pacing, then the Answer."""
    items = list(corpus_assistant.ask_stream(EXAMPLE))
    *pieces, final = items
    assert isinstance(final, Answer)
    assert pieces == [final.answer]
    assert final.answer == corpus_assistant.ask(EXAMPLE).answer
    assert "first_piece" in final.timings_ms


def test_sources_lists_the_five_documents(corpus_assistant):
    sources = corpus_assistant.sources()
    assert [s.doc for s in sources] == sorted(p.doc for p in sources)
    assert len(sources) == 5
    by_doc = {s.doc: s for s in sources}
    assert by_doc[F001].title == "ICT Benchmark Gemeenten 2023"
    counts = {}
    for r in corpus_assistant.lexical.records:
        counts[r.doc] = counts.get(r.doc, 0) + 1
    assert {s.doc: s.chunks for s in sources} == counts
    assert sum(s.chunks for s in sources) == corpus_assistant.store.count()
    assert all(s.chunks > 0 and s.pages > 0 for s in sources)
    assert by_doc["002_26156fc0ab60f071.txt"].chunks == max(s.chunks for s in sources)


def test_neighbours_give_the_chunk_in_its_context(corpus_assistant):
    records = [r for r in corpus_assistant.lexical.records if r.doc == F001]
    middle = next(r for r in records if int(r.meta["chunk_index"]) == 5)
    by_index = {int(r.meta["chunk_index"]): r.text for r in records}
    assert corpus_assistant.neighbours(middle.id) == [by_index[4], by_index[5], by_index[6]]
    assert corpus_assistant.neighbours(middle.id, before=2, after=0) == [
        by_index[3],
        by_index[4],
        by_index[5],
    ]
    first = next(r for r in records if int(r.meta["chunk_index"]) == 0)
    assert corpus_assistant.neighbours(first.id) == [by_index[0], by_index[1]]
    assert corpus_assistant.neighbours("bestaat-niet") == []


def test_following_gives_the_chunk_after_a_passage_merged_or_not(corpus_assistant):
    records = {int(r.meta["chunk_index"]): r for r in corpus_assistant.lexical.records if r.doc == F001}
    single = Passage.from_record(records[5])
    assert corpus_assistant.following(single).chunk_id == records[6].id
    merged = merge_neighbours([single, Passage.from_record(records[6])], 2)[0]
    assert merged.chunk_ids == [records[5].id, records[6].id]
    assert corpus_assistant.following(merged).chunk_id == records[7].id
    last = Passage.from_record(records[max(records)])
    assert corpus_assistant.following(last) is None


def test_index_is_not_empty(corpus_assistant):
    assert not corpus_assistant.index_is_empty()


def test_read_ahead_prepares_the_indexed_passages_for_the_answerer(corpus_assistant):
    from assistant.answering import candidates
    from assistant.types import Passage

    candidates._sentences.cache_clear()
    candidates.read_ahead_in_background(corpus_assistant.lexical.by_id.values()).join(timeout=120)
    record = next(iter(corpus_assistant.lexical.by_id.values()))
    before = candidates._sentences.cache_info()
    assert before.currsize == min(len(corpus_assistant.lexical.by_id), candidates.PASSAGES_CACHED)
    candidates.candidates_from([Passage.from_record(record)])
    after = candidates._sentences.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)  # read already


def test_read_ahead_takes_the_chunks_when_it_starts(corpus_assistant, monkeypatch):
    # an upload may change the chunk table while the background thread reads
    import threading

    from assistant.answering import candidates

    go, seen = threading.Event(), []

    def slow_read(records):
        go.wait(10)
        seen.extend(records)
        return len(seen)

    monkeypatch.setattr(candidates, "read_ahead", slow_read)
    table = dict(list(corpus_assistant.lexical.by_id.items())[:5])
    thread = candidates.read_ahead_in_background(table.values())
    table.clear()
    go.set()
    thread.join(timeout=10)
    assert len(seen) == 5


def upload_ending(assistant) -> threading.Thread:
    """An ingest on another thread, as an upload in the web chat, that ends at once (the file is
    unchanged); given a second to reach its end while the caller is still busy."""
    from support import CORPUS

    ingest = threading.Thread(target=assistant.ingest, args=([CORPUS / F001],))
    ingest.start()
    ingest.join(timeout=1.0)
    return ingest


def ending_an_upload_once_made(monkeypatch, assistant, owner, name: str) -> dict:
    """``owner.name`` (what makes a part) ends an upload's ingest right after it made the part,
    once; returns the part it made and the ingest's thread."""
    real, seen = getattr(owner, name), {}

    def making(*args, **kwargs):
        seen["part"] = real(*args, **kwargs)
        monkeypatch.setattr(owner, name, real)
        seen["ingest"] = upload_ending(assistant)
        return seen["part"]

    monkeypatch.setattr(owner, name, making)
    return seen


@pytest.mark.parametrize("part", ["answerer", "lexical"])
def test_a_part_made_while_an_ingest_ends_is_not_kept(corpus_assistant, monkeypatch, part):
    """Questions go on while an upload is indexed; one that makes the answerer or loads BM25 from
    the old index as the ingest ends gets its answer, and later questions get the new index's."""
    from assistant.ingest.indexing import Indexer

    owner, name = (corpus_assistant, "make_answerer") if part == "answerer" else (Indexer, "refresh_lexical")
    setattr(corpus_assistant, f"_{part}", None)
    seen = ending_an_upload_once_made(monkeypatch, corpus_assistant, owner, name)
    answer = corpus_assistant.ask(EXAMPLE)
    seen["ingest"].join()
    assert "56 ICT-fte per 100.000 inwoners" in answer.answer
    assert getattr(corpus_assistant, part) is not seen["part"]
