"""Chunks of the real corpus: sizes, metadata, spans, headings, overlap and bundle parts."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

import pytest

from assistant.ingest.catalog import Catalog, DocInfo
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.loaders import LoadedFile, Page, load_file
from assistant.text import count_tokens, is_heading
from assistant.types import ChunkRecord, Passage

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
F002 = "002_26156fc0ab60f071.txt"


@pytest.fixture(scope="module")
def chunked():
    """{file: (loaded, document, chunks)} for the whole corpus."""
    catalog = Catalog.load(CORPUS / "catalog.yaml")
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        loaded = load_file(path)
        doc = build_document(loaded, catalog.info(path.name))
        out[path.name] = (loaded, doc, chunk_document(doc))
    return out


def all_chunks(chunked):
    return [c for _, _, chunks in chunked.values() for c in chunks]


def ends_a_part(chunks, i: int) -> bool:
    """Chunk ``i`` is the last of its document or of its part of a bundle."""
    return i == len(chunks) - 1 or chunks[i + 1].part != chunks[i].part


def test_chunk_sizes(chunked):
    sizes = [count_tokens(c.text) for c in all_chunks(chunked)]
    assert len(sizes) > 400
    # only the last chunk of a document or of a part of a bundle may be short
    inner = [
        count_tokens(c.text)
        for _, _, chunks in chunked.values()
        for i, c in enumerate(chunks)
        if not ends_a_part(chunks, i)
    ]
    assert min(inner) >= 80
    assert max(sizes) <= 450
    in_target = sum(250 <= s <= 400 for s in sizes) / len(sizes)
    assert in_target >= 0.85, in_target


def test_chunks_carry_their_metadata(chunked):
    for name, (loaded, doc, chunks) in chunked.items():
        for i, c in enumerate(chunks):
            assert c.doc == name
            assert c.title == doc.info.title
            assert c.chunk_index == i
            assert 0 <= c.start < c.end <= len(doc.text)
            assert c.page in {p.number for p in loaded.pages}
            assert c.content_hash == hashlib.sha256(c.text.encode()).hexdigest()[:16]
            meta = c.metadata()
            assert set(meta) == {
                "doc",
                "title",
                "part",
                "page",
                "section",
                "chunk_index",
                "start",
                "end",
                "content_hash",
                "page_breaks",
            }
            assert None not in meta.values()


def test_spans_match_the_text_and_follow_the_document(chunked):
    for _, doc, chunks in chunked.values():
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text
            assert c.text == c.text.strip()
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)
        # together the chunks cover every word of the document
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


def test_page_of_a_chunk_is_the_page_it_starts_on(chunked):
    for _, (_loaded, doc, chunks) in chunked.items():
        for c in chunks:
            assert c.page == doc.page_at(c.start)
            page_start = doc.page_starts[doc.page_numbers.index(c.page)]
            assert page_start <= c.start


def test_every_offset_of_a_chunk_knows_its_page(chunked):
    """A quote from the middle of a chunk is cited with its own page, not the chunk's first."""
    spanning = 0
    for _, (_loaded, doc, chunks) in chunked.items():
        for c in chunks:
            p = Passage.from_record(ChunkRecord(c.content_hash, c.text, c.metadata()))
            assert p.page_breaks == c.page_breaks
            spanning += bool(c.page_breaks)
            for offset in range(0, len(c.text), 97):
                assert p.page_at(offset) == doc.page_at(c.start + offset)
    assert spanning > 100  # many chunks run over a page break


def test_section_is_a_heading_before_the_chunk(chunked):
    with_section = 0
    for _, doc, chunks in chunked.values():
        for c in chunks:
            if c.section is None:
                continue
            with_section += 1
            assert is_heading(c.section)
            assert c.section in doc.text[: c.end]
    assert with_section > 0.95 * len(all_chunks(chunked))


def test_a_heading_never_ends_a_chunk(chunked):
    for name, (_, _, chunks) in chunked.items():
        for i, c in enumerate(chunks):
            if ends_a_part(chunks, i):  # it ends where its document or part ends
                continue
            last_line = c.text.rsplit("\n", 1)[-1]
            assert not is_heading(last_line), (name, c.chunk_index, last_line)


def test_consecutive_chunks_overlap_except_at_a_new_section(chunked):
    overlapping = pairs = 0
    for name, (_, doc, chunks) in chunked.items():
        for a, b in itertools.pairwise(chunks):
            pairs += 1
            if b.start < a.end:
                overlapping += 1
                shared = doc.text[b.start : a.end]
                assert a.text.endswith(shared) and b.text.startswith(shared)
                assert count_tokens(shared) <= 60 + 5
            else:
                # no overlap only where a section or a part of a bundle begins, where a lead-in
                # opens the next chunk, or where the last line alone is too long to repeat
                first = b.text.split("\n", 1)[0]
                last = a.text.rsplit("\n", 1)[-1]
                assert (
                    is_heading(first) or first.endswith(":") or a.part != b.part or count_tokens(last) > 60
                ), (name, a.chunk_index)
    assert overlapping / pairs > 0.3


def test_woerden_bundle_chunks_name_the_right_part(chunked):
    _, doc, chunks = chunked[F002]

    def chunk_with(text: str):
        return next(c for c in chunks if text in c.text)

    assert chunks[0].part == "Raadsvoorstel toetreding ICT-coöperatie Beware"
    assert chunk_with("mogelijkheden voor collectivisering van i-Voorzieningen").part.startswith(
        "Bijlage 3: Coöperatief vernieuwen (Berenschot"
    )
    assert chunk_with("is een structureel budget van € 380 miljoen").part.startswith("Bijlage 12: Maak Waar!")
    assert chunk_with("Lidmaatschapsovereenkomst ICT-coöperatie Beware U.A.").part.startswith(
        ("Bijlage 5", "Bijlage 6")
    )
    # parts follow the order of the catalog through the document
    order = [p.title for p in doc.info.parts]
    seen = [order.index(c.part) for c in chunks]
    assert seen == sorted(seen)
    assert len(set(seen)) == len(order)


def test_no_chunk_runs_from_one_part_of_a_bundle_into_the_next(chunked):
    for name, (_, doc, chunks) in chunked.items():
        for c in chunks:
            assert doc.part_at(c.start) == doc.part_at(c.end - 1), (name, c.chunk_index)
    # the short B&W decision (Bijlage 5) is a passage of its own, cited as that part
    _, _, chunks = chunked[F002]
    decision = next(c for c in chunks if "Het college neemt een aangepast besluit" in c.text)
    assert decision.part.startswith("Bijlage 5")


def test_part_starts_are_found_in_the_cleaned_text(chunked):
    def squash(text: str) -> str:
        return re.sub(r"[^0-9a-zà-ÿ]", "", text.lower())

    checked = 0
    for _, doc, _ in chunked.values():
        starts = [s for s, _ in doc.part_starts]
        assert starts == sorted(starts)
        for start, part in doc.part_starts:
            head = squash(part.start)[:20]
            assert squash(doc.text[start : start + 200]).startswith(head), (
                part.title,
                doc.text[start : start + 60],
            )
            checked += 1
    assert checked == 16


def test_documents_without_parts_have_no_part(chunked):
    _, _, chunks = chunked["001_3932a4aa9db8ca8f.txt"]
    assert {c.part for c in chunks} == {None}


def _doc(text: str, pages: int = 1):
    lines = text.split("\n")
    per = max(1, len(lines) // pages)
    page_texts = ["\n".join(lines[i : i + per]) for i in range(0, len(lines), per)]
    loaded = LoadedFile(Path("t.txt"), [Page(number=n, text=t) for n, t in enumerate(page_texts, start=1)])
    return build_document(loaded, DocInfo(file="t.txt", title="Test"))


def test_heading_opens_the_next_chunk_instead_of_closing_one():
    paragraph = (
        "Gemeenten besteden een groeiend deel van hun begroting aan informatievoorziening, "
        "beheer van applicaties en beveiliging van gegevens van inwoners en bedrijven. "
    )
    text = "\n".join(
        ["1. Kosten", *[paragraph] * 5, "2. Samenwerking", *[paragraph] * 5, "3. Risico's", *[paragraph] * 5]
    )
    # each section is past the target when the next heading comes: the heading opens a chunk
    chunks = chunk_document(_doc(text), target=100, max_tokens=400, overlap=40)
    assert len(chunks) == 3
    for c in chunks[:-1]:
        assert not is_heading(c.text.rsplit("\n", 1)[-1])
    starts = [c.text.split("\n", 1)[0] for c in chunks]
    assert "2. Samenwerking" in starts and "3. Risico's" in starts
    sections = {c.section for c in chunks}
    assert {"1. Kosten", "2. Samenwerking", "3. Risico's"} <= sections


def test_a_lead_in_with_a_colon_opens_the_chunk_of_its_list():
    paragraph = (
        "Gemeenten besteden een groeiend deel van hun begroting aan informatievoorziening, "
        "beheer van applicaties en beveiliging van gegevens van inwoners en bedrijven. "
    )
    lead_in = "De kosten kunnen hierbij worden onderverdeeld in drie componenten:"
    items = ["1. Software", "2. Personeel", "3. Infrastructuur"]
    text = "\n".join(["Kosten", *[paragraph] * 5, lead_in, *[f"{i}\n{paragraph}" for i in items]])
    chunks = chunk_document(_doc(text), target=100, max_tokens=400, overlap=40)
    with_list = next(c for c in chunks if "1. Software" in c.text)
    assert lead_in in with_list.text  # the list is introduced where it is read
    before = chunks[chunks.index(with_list) - 1]
    assert not before.text.rstrip().endswith(":")


def test_a_run_of_label_lines_is_not_carried_as_a_lead_in():
    rows = "\n".join(f"Onderdeel {i} met een toelichting van enkele woorden:" for i in range(40))
    chunks = chunk_document(_doc(rows), target=100, max_tokens=150, overlap=20)
    assert len(chunks) > 3  # a table of 'Label:' lines still becomes chunks of bounded size
    for c in chunks:
        assert count_tokens(c.text) <= 150


def test_long_line_is_split_on_sentences():
    sentence = "De coöperatie ontwikkelt software samen met gemeenten en deelt die onder een open licentie. "
    doc = _doc(sentence * 40)
    chunks = chunk_document(doc, target=100, max_tokens=150, overlap=20)
    assert len(chunks) > 3
    for c in chunks:
        assert count_tokens(c.text) <= 150
        assert c.text.endswith(".")
        assert doc.text[c.start : c.end] == c.text


def test_empty_document_has_no_chunks():
    assert chunk_document(_doc("   \n\n  ")) == []


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("1.1 INLEIDING", True),
        ("Hoofdstuk 3 Leveranciers", True),
        ("BIJLAGE 2 UITKOMSTEN GESPREKKEN", True),
        ("Samenvatting", True),
        ("Dit is een gewone zin die eindigt met een punt.", False),
        ("- een opsommingsteken", False),
        ("2018 2019 2020 2021 2022", False),
        ("Kosten:", False),
        ("ab", False),
    ],
)
def test_is_heading(line, heading):
    assert is_heading(line) is heading
