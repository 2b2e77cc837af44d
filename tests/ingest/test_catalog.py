"""The corpus catalog: titles, publishers, years, kinds and the parts of the bundles."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.catalog import Catalog, DocInfo, Part, guess_title

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(CORPUS / "catalog.yaml")


def test_all_five_corpus_files_are_catalogued(catalog):
    assert len(FILES) == 5
    assert set(catalog.entries) == set(FILES)
    for name in FILES:
        info = catalog.info(name)
        assert info.in_catalog
        assert info.file == name
        assert info.title and info.title != name
        assert info.publisher
        assert isinstance(info.year, int) and 2000 <= info.year <= 2030
        assert info.kind


def test_known_entries(catalog):
    bench = catalog.info("001_3932a4aa9db8ca8f.txt")
    assert (bench.title, bench.publisher, bench.year) == (
        "ICT Benchmark Gemeenten 2023",
        "M&I/Partners",
        2023,
    )
    assert bench.kind == "benchmark report"
    assert bench.parts == ()
    bundle = catalog.info("002_26156fc0ab60f071.txt")
    assert bundle.year == 2017 and bundle.publisher == "Gemeente Woerden"
    assert len(bundle.parts) >= 10


def test_parts_are_sorted_by_line(catalog):
    for info in catalog.entries.values():
        lines = [p.line for p in info.parts]
        assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (1, "Raadsvoorstel toetreding ICT-coöperatie Beware"),
        (230, "Raadsvoorstel toetreding ICT-coöperatie Beware"),
        (231, "Bijlage 2: Presentatie ICT-coöperatie Beware"),
        (700, "Bijlage 3: Coöperatief vernieuwen (Berenschot"),
        (8441, "Bijlage 5"),
        (10000, "Bijlage 12: Maak Waar!"),
        (14995, "Bijlage 12: Maak Waar!"),
    ],
)
def test_part_at_for_the_woerden_bundle(catalog, line, expected):
    part = catalog.info("002_26156fc0ab60f071.txt").part_at(line)
    assert part is not None
    assert part.title.startswith(expected)


def test_part_at_gives_part_metadata(catalog):
    berenschot = catalog.info("002_26156fc0ab60f071.txt").part_at(700)
    assert berenschot.publisher == "Berenschot / VNG"
    assert berenschot.year == 2016
    assert catalog.info("001_3932a4aa9db8ca8f.txt").part_at(10) is None


def test_every_part_start_occurs_at_its_line(catalog):
    for name, info in catalog.entries.items():
        lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
        for part in info.parts:
            assert part.start, (name, part.title)
            window = lines[max(0, part.line - 3) : part.line + 2]
            assert any(part.start.strip() in line for line in window), (name, part.line, part.start)


def test_uncatalogued_file_gets_its_first_heading_as_title(catalog):
    info = catalog.info("nieuw.md", "\n\n# Notitie informatiebeveiliging 2024\n\nTekst van de notitie.")
    assert not info.in_catalog
    assert info.title == "Notitie informatiebeveiliging 2024"
    assert info.parts == () and info.year is None


def test_uncatalogued_file_without_heading_is_named_after_the_file(catalog):
    info = catalog.info("begroting_ict-2024.txt", "12 34\n---\n")
    assert info.title == "begroting ict 2024"
    assert guess_title("x.txt", "") == "x"


def test_missing_or_empty_catalog(tmp_path):
    assert Catalog.load(tmp_path / "bestaat-niet.yaml").entries == {}
    empty = tmp_path / "catalog.yaml"
    empty.write_text("", encoding="utf-8")
    assert Catalog.load(empty).entries == {}
    info = Catalog.load(empty).info("a.txt", "Titel van het stuk")
    assert info.title == "Titel van het stuk"


def test_small_catalog_with_defaults(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "documents:\n"
        "  a.txt:\n"
        "    parts:\n"
        "      - {title: Tweede, line: 50}\n"
        "      - {title: Eerste}\n"
        "  b.txt:\n",
        encoding="utf-8",
    )
    catalog = Catalog.load(path)
    a = catalog.info("a.txt")
    assert a.title == "a.txt"
    assert a.parts == (Part(title="Eerste", line=1), Part(title="Tweede", line=50))
    assert a.part_at(49).title == "Eerste"
    assert a.part_at(50).title == "Tweede"
    assert catalog.info("b.txt") == DocInfo(file="b.txt", title="b.txt")


def test_a_question_names_documents_and_parts_by_their_aliases(catalog):
    bundle, sketch = "002_26156fc0ab60f071.txt", "003_54facddaf16a0947.txt"
    plan = "Bijlage 4: Oprichtingsplan ICT-coöperatie Beware"
    assert catalog.named_in(
        "Aan welke criteria moest de rechtsvorm volgens het Oprichtingsplan voldoen?"
    ) == {(bundle, plan)}
    assert catalog.named_in("Wat zegt de sectorschets over vergrijzing?") == {(sketch, None)}
    # a document the answer is compared with is not where it comes from
    assert catalog.named_in("Hoe verhouden de ICT-kosten van Zevenaar zich tot de benchmark?") == set()
    # whole words only: 'schetsen' is no alias of the sketch, nothing is named here
    assert catalog.named_in("Wat kost ICT per inwoner als gemeenten plannen schetsen?") == set()
    # the publisher of two reports names both: its name is where the answer stands, not what it says
    report = "Eindrapport Toekomstvisie RID De Liemers (M&I/Partners)"
    assert catalog.sources_named_in("Welke scenario's heeft M&I/Partners onderzocht?") == {
        ("001_3932a4aa9db8ca8f.txt", None),
        ("004_5c81fa4118356e9b.txt", report),
    }


def test_a_question_names_a_source_or_a_subject(catalog):
    bundle, sketch = "002_26156fc0ab60f071.txt", "003_54facddaf16a0947.txt"
    berenschot = "Bijlage 3: Coöperatief vernieuwen (Berenschot, in opdracht van de VNG)"
    report = "Eindrapport Toekomstvisie RID De Liemers (M&I/Partners)"
    # where the answer stands: after 'volgens', 'in', or a verb that says what the text does
    assert catalog.sources_named_in("Wat remt volgens de sectorschets de vernieuwing?") == {(sketch, None)}
    assert catalog.sources_named_in("Hoe beschrijft het Berenschot-rapport de samenwerking?") == {
        (bundle, berenschot)
    }
    # also a verb that types or warns ('typeert', 'waarschuwt'), and a name inside a compound
    assert catalog.sources_named_in("Hoe typeert het Berenschot-overzicht RID de Liemers?") == {
        (bundle, berenschot)
    }
    assert catalog.sources_named_in("Waarvoor waarschuwt de sectorschets?") == {(sketch, None)}
    # what the question is about: the answer may stand elsewhere (the college's letter)
    question = "Wat levert de uitvoering van het RID-adviesrapport volgens het onderzoek op?"
    assert catalog.named_in(question) == {("004_5c81fa4118356e9b.txt", report)}
    assert catalog.sources_named_in(question) == set()
    assert catalog.sources_named_in("Hoe verhouden de kosten zich tot de benchmark?") == set()


def test_an_answer_quotes_from_the_text_named_as_its_source(catalog):
    zevenaar = "004_5c81fa4118356e9b.txt"
    report = "Eindrapport Toekomstvisie RID De Liemers (M&I/Partners)"
    letter = "Raadsinformatiebrief ICT-samenwerking RID de Liemers"
    question = "Wat levert de uitvoering van het RID-adviesrapport volgens het college van Zevenaar op?"
    assert catalog.named_in(question) == {(zevenaar, report), (zevenaar, letter)}
    # the report is what the question is about; the college's letter is where the answer stands
    assert catalog.quoted_from(question) == {(zevenaar, letter)}
    assert catalog.quoted_aliases(question) == {"college van Zevenaar"}
    # a question that names no source quotes from every text it names
    subject = "Wat levert de uitvoering van het RID-adviesrapport op?"
    assert catalog.quoted_from(subject) == {(zevenaar, report)}
    assert catalog.quoted_aliases(subject) == {"adviesrapport"}
    # the college of Woerden speaks in its proposal to the council and in its own decision
    assert {part for _, part in catalog.quoted_from("Wat heeft het college van Woerden besloten?")} == {
        "Raadsvoorstel toetreding ICT-coöperatie Beware",
        "Bijlage 5: Voorgenomen besluit college van B&W over toetreding",
    }


def test_aliases_in_a_small_catalog(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "documents:\n"
        "  a.txt:\n"
        "    aliases: [nota]\n"
        "    parts:\n"
        "      - {title: Bijlage, line: 5, aliases: [de bijlage]}\n",
        encoding="utf-8",
    )
    catalog = Catalog.load(path)
    assert catalog.info("a.txt").aliases == ("nota",)
    assert catalog.named_in("Wat staat er in de bijlage van de nota?") == {
        ("a.txt", None),
        ("a.txt", "Bijlage"),
    }


def test_the_names_a_question_uses_for_documents(catalog):
    assert catalog.aliases_in("Hoe beschrijven Groeneveld en Timmermans de gemeentelijke ICT-markt?") == {
        "Groeneveld",
        "Timmermans",
    }
    assert catalog.aliases_in("Wat remt volgens de sectorschets de vernieuwing?") == {"sectorschets"}
    # the same rules as named_in: a document compared with, or no whole word, is no name
    assert catalog.aliases_in("Hoe verhouden de ICT-kosten van Zevenaar zich tot de benchmark?") == set()
    assert catalog.aliases_in("Wat kost ICT per inwoner als gemeenten plannen schetsen?") == set()


def test_what_a_question_names_is_found_once_and_given_fresh(catalog, monkeypatch):
    # retrieval and the answerer ask four times per question; the aliases are matched once, and
    # what a caller does with the answer does not change the next one
    from assistant.ingest import catalog as module

    question = "Wat remt volgens de sectorschets de vernieuwing?"
    calls = []
    names = module._names
    monkeypatch.setattr(module, "_names", lambda *args: calls.append(args) or names(*args))
    first = catalog.source_aliases_in(question)
    matched = len(calls)
    first.add("iets anders")
    catalog.sources_named_in(question).clear()
    assert catalog.source_aliases_in(question) == {"sectorschets"}
    assert catalog.sources_named_in(question) == {("003_54facddaf16a0947.txt", None)}
    assert len(calls) == matched
