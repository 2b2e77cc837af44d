"""Repairs of PDF-extracted text (ingest.cleaning and the word repair of ingest.words), each
shown on real lines of the corpus, plus properties.

Every example line is looked up in its corpus file first, so the tests show what the cleaning
does to the text the assistant really ingests.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.ingest import cleaning
from assistant.ingest.catalog import DocInfo
from assistant.ingest.chunking import build_document, chunk_document
from assistant.ingest.cleaning import (
    clean_pages,
    clean_text,
    fix_euro_ocr,
    fix_font_map,
    fix_glued_sentences,
    fix_hyphenation,
    fix_soft_hyphens,
    join_wrapped_lines,
    normalize_whitespace,
)
from assistant.ingest.loaders import LoadedFile, Page, load_file
from assistant.ingest.words import (
    Lexicon,
    build_lexicon,
    fix_broken_words,
    fix_letter_spacing,
    fix_split_short_words,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
F000 = "000_ad1089ded3aa0d40.txt"
F001 = "001_3932a4aa9db8ca8f.txt"
F002 = "002_26156fc0ab60f071.txt"
F003 = "003_54facddaf16a0947.txt"
F004 = "004_5c81fa4118356e9b.txt"


@cache
def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@cache
def corpus_lexicon(name: str) -> Lexicon:
    """The vocabulary clean_pages builds for a whole document."""
    return build_lexicon(corpus_text(name))


def real(name: str, snippet: str) -> str:
    """A snippet of a corpus file, checked to be really there (lines as in the file)."""
    assert snippet in corpus_text(name), f"not in {name}: {snippet!r}"
    return snippet


def clean(name: str, snippet: str) -> str:
    return clean_text(real(name, snippet), corpus_lexicon(name))


# --- a font mapped to the wrong code points ---------------------------------------------


def test_a_font_mapped_to_other_code_points_reads_as_dutch_again():
    assert (
        fix_font_map(real(F002, "1. Het Lid is lid van de Coöperatie ŵet als iŶgaŶgsdatuŵ"))
        == "1. Het Lid is lid van de Coöperatie met als ingangsdatum"
    )
    assert (
        fix_font_map(real(F002, "3. Het lid ǀerpliĐht ziĐh tot ďetaliŶg op uiterlijk ………… ǀaŶ Đontributie"))
        == "3. Het lid verplicht zich tot betaling op uiterlijk ………… van contributie"
    )
    # the font's 'S' is '“' only on damaged lines; quotes elsewhere stay
    assert fix_font_map(real(F002, "͞“tatuteŶ͟- heeft besloten")) == "“Statuten”- heeft besloten"
    assert fix_font_map("De “regie” blijft bij de gemeente.") == "De “regie” blijft bij de gemeente."


# --- soft hyphens and hyphenation ------------------------------------------------------


def test_soft_hyphen_at_line_end_joins_the_word():
    # In 002 every line is followed by a blank one, also after the soft hyphen.
    raw = real(F002, "mogelijkheden voor collectivisering van i-Voorzie¬\n\nningen ui t te voeren.")
    assert fix_soft_hyphens(raw) == "mogelijkheden voor collectivisering van i-Voorzieningen ui t te voeren."
    assert "collectivisering van i-Voorzieningen" in clean(F002, raw)
    assert fix_soft_hyphens("collectivisering i-Voorzie¬\nningen") == "collectivisering i-Voorzieningen"


def test_soft_hyphen_before_a_blank_line_and_stray_soft_hyphens():
    raw = real(F002, "vraagstuk (inzicht) en onze adviezen en aanbevelin¬\n\ngen (uitzicht).")
    assert fix_soft_hyphens(raw) == "vraagstuk (inzicht) en onze adviezen en aanbevelingen (uitzicht)."
    assert fix_soft_hyphens("informatie\u00advoorziening") == "informatievoorziening"


def test_line_end_hyphenation_is_joined():
    raw = real(
        F000,
        "formuleren waar mogelijk de aan-\ndachtspunten die belangrijk zijn voor de toekomstige ontwikke-\nling",
    )
    assert fix_hyphenation(raw) == (
        "formuleren waar mogelijk de aandachtspunten die belangrijk zijn voor de toekomstige ontwikkeling"
    )


def test_real_hyphen_before_a_capital_or_after_an_acronym_is_kept():
    raw = real(F001, "ondersteunt het rapport besluitvormers, ICT-\nmanagers en beleidsmakers")
    assert fix_hyphenation(raw) == "ondersteunt het rapport besluitvormers, ICT-managers en beleidsmakers"
    raw = real(F000, "opdrachtnemer van ICT-\nopdrachten.")
    assert clean(F000, raw) == "opdrachtnemer van ICT-opdrachten."


def test_hyphenation_across_blank_lines_and_before_en():
    # 002 has a blank line after every line
    raw = real(F002, "een gemeente-cloud aantrekkelijk. Weinig legiti-\n\nmiteitsvragen, maar")
    assert fix_hyphenation(raw) == "een gemeente-cloud aantrekkelijk. Weinig legitimiteitsvragen, maar"
    # two words that make no word together keep their hyphen
    raw = real(F003, "naar pragmatisch en bottom-\n\nup;")
    assert fix_hyphenation(raw) == "naar pragmatisch en bottom-up;"
    # 'wet- en regelgeving': the hyphen stands for a word left out
    raw = real(F001, "inwoners aan wet- \nen regelgeving.")
    assert fix_hyphenation(raw) == "inwoners aan wet- en regelgeving."


def test_page_break_hyphenation_is_joined_across_pages():
    loaded = load_file(CORPUS / F000)
    numbers = [i for i, p in enumerate(loaded.pages) if p.text.rstrip().endswith("samenwerkingsver-")]
    assert numbers, "the page that ends in 'samenwerkingsver-' is in 000"
    i = numbers[0]
    assert loaded.pages[i + 1].text.lstrip().startswith("banden werken")
    cleaned = clean_pages(p.text for p in loaded.pages)
    assert cleaned[i].endswith("samenwerkingsverbanden")
    assert not cleaned[i + 1].startswith("banden")
    assert cleaned[i + 1].startswith("werken, dan valt op")


# --- letter spacing and broken words ----------------------------------------------------


def test_letter_spaced_heading_is_collapsed():
    raw = real(F002, "1.1 I N L E I D I N G ")
    assert fix_letter_spacing(raw, corpus_lexicon(F002)).strip() == "1.1 INLEIDING"
    assert clean(F002, raw) == "1.1 INLEIDING"


def test_letter_spaced_heading_with_double_space_word_gaps():
    raw = real(F004, " B I J L A G E  2  U I T K O M S T E N  G E S P R E K K E N  ")
    assert clean(F004, raw) == "BIJLAGE 2 UITKOMSTEN GESPREKKEN"


def test_broken_words_in_maak_waar_are_rejoined_and_the_amount_repaired():
    raw = real(F002, "is een s t ructuree l budget van C 380 mi l joen per jaar nodig.")
    out = clean(F002, raw)
    assert "structureel budget" in out
    assert "€ 380 miljoen" in out
    assert out == "is een structureel budget van € 380 miljoen per jaar nodig."


def test_fragments_that_recur_in_a_damaged_document_are_still_joined():
    # In Maak Waar! 'ing', 'digi' and 'tal' recur hundreds of times as fragments; counted as the
    # document's own words they would pass for common words that must not be joined.
    raw = real(F002, "Omda t digi tal iser ing van de overheid veel kansen biedt")
    assert clean(F002, raw) == "Omdat digitalisering van de overheid veel kansen biedt"
    raw = real(F002, "publ ieke u i tvoer ingsorganisat ies gezamenl i jk, dan moet aan een")
    assert "publieke" in clean(F002, raw) and "gezamenlijk," in clean(F002, raw)
    lexicon = corpus_lexicon(F002)
    assert lexicon.zipf("ing") < 4.0 and lexicon.zipf("digi") < 4.0
    assert lexicon.zipf("beware") >= 3.5  # a name the document uses in sound text still counts


def test_real_word_pairs_are_not_joined():
    raw = real(
        F004,
        "nog dan op de a van automatisering. De RID is zich hiervan bewust, maar is hier nog onvoldoende op",
    )
    assert clean(F004, raw) == raw
    raw = real(F000, "zorg en welzijn, ruimtelijke ordening en volkshuisvesting, onder-")
    assert clean(F000, raw).startswith("zorg en welzijn, ruimtelijke ordening en volkshuisvesting")


def test_compounds_and_words_with_common_pieces_are_rejoined():
    # wordfreq lacks most compounds, and 'te', 'is', 'in' are also pieces of broken words
    loaded = load_file(CORPUS / F002)
    text = "\n".join(clean_pages(p.text for p in loaded.pages))
    assert "exploitatiekosten voor deze overige" in text
    assert "digitaliseringsimpuls" in text
    assert "kwaliteit van de" in text
    assert "kwal i te it" not in text
    # 'voorz' and 'ingen' recur so often as pieces that the document's own counts took them for words
    raw = "De voorz ien ingen in de huidige GDI zijn ondergebracht in vier"
    assert clean(F002, raw) == "De voorzieningen in de huidige GDI zijn ondergebracht in vier"


def test_a_join_never_swallows_a_whole_word_or_a_bullet():
    lexicon = Lexicon()
    # 'en' does not end a join ('ontwikkelingen'); two known words are no compound
    line = "de ontwikkel ing en beheer van s t ructuree l"
    assert fix_broken_words(line, lexicon) == "de ontwikkeling en beheer van structureel"
    # 'O' is a bullet the OCR read as a letter: it does not join the capital after it
    line = "O De uitvoer ingsorganisat ies werken"
    assert fix_broken_words(line, lexicon) == "O De uitvoeringsorganisaties werken"
    out = fix_broken_words("de digi tale bas is in f rast ructuur is", lexicon)
    assert "digitale " in out and "infrastructuur" in out


def test_words_the_dutch_dictionary_knows_are_rejoined():
    # wordfreq counts 'daadkrachtig' as rare, and '-ig' is no word to make a compound with;
    # simplemma's Dutch dictionary knows it
    raw = real(F002, "beweging. Naast een daadkracht ig u i t voer ingsprogramma voor")
    assert clean(F002, raw) == "beweging. Naast een daadkrachtig uitvoeringsprogramma voor"
    # a short word that is also a prefix or suffix ('in', 'te', 'is', 'ik') joins a non-word
    raw = real(F002, "via het in ternet met haar e indgebruikers te commun iceren .")
    assert clean(F002, raw) == "via het internet met haar eindgebruikers te communiceren ."
    # a capital letter is no piece of the word before it, though 'lossend' is a word
    raw = real(F002, "Wat heeft u zeif gedaan om deze problemen op íe lossen D")
    assert clean(F002, raw).endswith("lossen D")


def test_a_word_broken_across_a_wrapped_line_is_rejoined():
    raw = real(F002, "de verbe ter ing van de digi tale overheid (een digi tal iser ings\n\nagenda) is er")
    assert clean(F002, raw) == "de verbetering van de digitale overheid (een digitaliserings agenda) is er"
    # the second pass over whole paragraphs leaves sound documents as they are
    raw = real(F004, "koppelingen, verbindingen et cetera). Die")
    assert clean(F004, raw) == raw


def test_a_footnote_inside_a_running_sentence_moves_after_its_paragraph():
    raw = real(
        F002,
        "uitgaan van gemiddeld 8K ICT-kosten per fte voor \n\n6 www.cbs .n l \n"
        "7 Onderzoek inventarisatie apparaatslasten bij decentrale overheden, Deloitte 2015 \n\n"
        "een gemiddelde gemeente, dan zi jn de totale ICT \n\ngerelateerde uitgaven",
    )
    lines = clean(F002, raw).split("\n")
    assert lines[0].startswith("uitgaan van gemiddeld 8K ICT-kosten per fte voor een gemiddelde gemeente")
    assert lines[0].endswith("de totale ICT gerelateerde uitgaven")
    assert lines[-1] == "7 Onderzoek inventarisatie apparaatslasten bij decentrale overheden, Deloitte 2015"


def test_an_amount_after_a_blank_line_goes_on_with_its_sentence_a_date_does_not():
    raw = real(F002, "de totale materiele apparaatslasten van gemeenten \n\n1,75 miljard, het aandeel ICT")
    assert (
        clean(F002, raw) == "de totale materiele apparaatslasten van gemeenten 1,75 miljard, het aandeel ICT"
    )
    text = "ICT coöperatie - Stand van zaken Woerden\n\n2 februari komt Frank Vijg langs."
    assert join_wrapped_lines(text).split("\n")[-1] == "2 februari komt Frank Vijg langs."
    # 002 puts a blank line after every line; an amount in euros after it goes on too
    raw = real(F002, "teruggebracht naar C 90 - of zelfs \n\nC 60 mi l joen per jaar.")
    assert clean(F002, raw) == "teruggebracht naar € 90 - of zelfs € 60 miljoen per jaar."


def test_an_items_end_after_a_blank_line_goes_on_with_the_item_a_slides_point_does_not():
    raw = real(
        F002,
        "O Een centrum met hoogwaardige kennis \n\nop het gebied van (gemeentelijke) \n\nICT architecturen en concepten;",
    )
    assert clean(F002, raw) == (
        "O Een centrum met hoogwaardige kennis op het gebied van (gemeentelijke) ICT architecturen en concepten;"
    )
    # the short points of a slide stay points, though the second ends in ';'
    raw = real(F002, "MoU door Gemboxx opgezegd \n\nEindhoven heeft gebruiksrecht Grexx/Gemboxx-platform;")
    assert join_wrapped_lines(raw).split("\n\n") == [
        "MoU door Gemboxx opgezegd",
        "Eindhoven heeft gebruiksrecht Grexx/Gemboxx-platform;",
    ]


def test_a_name_opened_by_its_article_goes_on_after_a_blank_line():
    raw = real(F004, "er voor de toekomst van RID De \n\nLiemers gelet op de uitdagingen")
    assert clean(F004, raw) == "er voor de toekomst van RID De Liemers gelet op de uitdagingen"
    # a heading in capitals after it stays a line of its own
    assert join_wrapped_lines("dat is een vraag voor de gemeente De\n\nTOT SLOT") == (
        "dat is een vraag voor de gemeente De\n\nTOT SLOT"
    )


def test_no_soft_hyphen_breaks_are_left_in_the_cleaned_bundle():
    loaded = load_file(CORPUS / F002)
    text = "\n".join(clean_pages(p.text for p in loaded.pages))
    assert "¬" not in text
    assert "collectivisering van i-Voorzieningen" in text
    assert "i-Voorzie ningen" not in text
    assert "adviezen en aanbevelingen (uitzicht)" in text
    assert "is een structureel budget van € 380 miljoen per jaar nodig" in text


def test_op_de_a_van_automatisering_survives_the_whole_document():
    loaded = load_file(CORPUS / F004)
    text = "\n".join(clean_pages(p.text for p in loaded.pages))
    assert "samenwerken op de a van automatisering" in text
    assert "op de i van informatievoorziening" in text


# --- OCR euro ---------------------------------------------------------------------------


def test_ocr_euro_before_amounts():
    raw = real(F002, "De lidmaatschapskosten zijn C22.000 per jaar. Dit is gebaseerd op CO,35 /per inwoner")
    fixed = fix_euro_ocr(raw)
    assert "€22.000 per jaar" in fixed
    assert "€0,35 /per inwoner" in fixed
    assert "C22.000" not in fixed and "CO,35" not in fixed


def test_ocr_e_before_millions_is_a_euro_and_microsoft_e5_stays():
    raw = real(F002, "eerst E700 mi l joen moeten")
    assert fix_euro_ocr(raw) == "eerst €700 mi l joen moeten"
    cleaned = clean(F002, "Belast ingsdienst heef t b i jvoorbeeld eerst E700 mi l joen moeten")
    assert "€700 miljoen" in cleaned
    text = "de overstap naar Microsoft E5 licenties, van E3 naar E5 en de E5-licentie"
    assert fix_euro_ocr(text) == text


def test_c_is_left_alone_where_it_is_no_euro():
    text = "Categorie C 2 van de BIO, CO2-uitstoot, ABC3 en COVID."
    # 'Categorie C 2' is ambiguous; a C inside a word, before letters or glued to letters stays
    assert "CO2-uitstoot" in fix_euro_ocr(text)
    assert "ABC3" in fix_euro_ocr(text)
    assert "COVID" in fix_euro_ocr(text)


# --- numbers never altered -------------------------------------------------------------


_SPACED_DIGITS = re.compile(r"(?<!\S)\d(?: [\d/.\-]){2,}(?!\S)")


def _all_pages():
    for path in sorted(CORPUS.glob("*.txt")):
        loaded = load_file(path)
        raw = [p.text for p in loaded.pages]
        yield path.name, raw, clean_pages(raw)


@pytest.fixture(scope="module")
def cleaned_corpus():
    return list(_all_pages())


def test_every_digit_of_the_corpus_survives_cleaning(cleaned_corpus):
    """Digits are never dropped or invented (except the OCR '€O,35' -> '€0,35' repair)."""
    for name, raw, cleaned in cleaned_corpus:
        for n, (before, after) in enumerate(zip(raw, cleaned, strict=True), start=1):
            d_before = Counter(c for c in before if c.isdigit())
            d_after = Counter(c for c in after if c.isdigit())
            euro_o = len(re.findall(r"(?<![\w€])CO(?=,\d)|€\s?O(?=[,.]\d)", before))
            assert d_after - d_before == Counter({"0": euro_o}) - Counter(), (name, n)
            assert d_before - d_after == Counter(), (name, n)


def test_every_number_of_a_clean_page_survives(cleaned_corpus):
    """On pages without letter-spaced digits ('3 0 / 1 1 / 2 0 1 5') every digit sequence,
    and so every amount, percentage and year, comes through unchanged."""
    checked = 0
    for name, raw, cleaned in cleaned_corpus:
        for n, (before, after) in enumerate(zip(raw, cleaned, strict=True), start=1):
            if _SPACED_DIGITS.search(before):
                continue
            checked += 1
            missing = Counter(re.findall(r"\d+", before)) - Counter(re.findall(r"\d+", after))
            assert not missing, (name, n, dict(missing))
            for amount in re.findall(r"\d+(?:[.,]\d+)+%?", before):
                assert amount in after, (name, n, amount)
    assert checked > 200


# --- whitespace and wrapped lines --------------------------------------------------------


def test_normalize_whitespace():
    assert normalize_whitespace(" a\u00a0b  c \nd\r\ne\t f\x00g\n\n\n\nh ") == "a b c\nd\ne fg\n\nh"


def test_wrapped_prose_is_joined_but_headings_and_bullets_stay_lines():
    text = (
        "4.1 INLEIDING\n"
        "Veel intergemeentelijke ICT-samenwerkingen beperken zich nog tot samenwerken op de a van\n"
        "automatisering, omdat ze ooit zijn opgericht.\n"
        "- gezamenlijk beheer\n"
        "- gezamenlijke inkoop"
    )
    assert join_wrapped_lines(text).split("\n") == [
        "4.1 INLEIDING",
        "Veel intergemeentelijke ICT-samenwerkingen beperken zich nog tot samenwerken op de a van "
        "automatisering, omdat ze ooit zijn opgericht.",
        "- gezamenlijk beheer",
        "- gezamenlijke inkoop",
    ]


# --- properties -------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *list("abcdeiklmnorstuvwzABCIKOST0123456789"),
        " ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "-",
        "¬",
        "\xad",
        "€",
        ".",
        ",",
        "%",
        "(",
        ")",
        "\t",
        "é",
        "ö",
    ]
)
_TEXTS = st.lists(_ALPHABET, max_size=200).map("".join)
_WORDY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "gemeente",
                "ICT",
                "kosten",
                "s t ructuree l",
                "mi l joen",
                "C 380",
                "CO,35",
                "1.250",
                "0,35",
                "aan-\ndachtspunten",
                "ICT-\nmanagers",
                "Voorzie¬\nningen",
                "I N L E I D I N G",
                "zorg en",
                "op de a van",
                "\n",
                "\n\n",
                ".",
                "2022",
                "%",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=40,
).map(" ".join)


def _alnum(text: str) -> Counter[str]:
    return Counter(c for c in text if c.isalnum())


def _assert_only_documented_changes(before: str, after: str) -> None:
    """Letters and digits survive; only the OCR euro repair removes 'C' (and turns 'O' into '0'),
    and the font repair turns its letters into the ones meant ('iŶgaŶgsdatuŵ'): callers pass
    ``before`` through ``fix_font_map`` first."""
    lost = _alnum(before) - _alnum(after)
    gained = _alnum(after) - _alnum(before)
    assert set(lost) <= {"C", "O"}, (before, after, lost)
    assert set(gained) <= {"0"}, (before, after, gained)
    assert gained["0"] == lost["O"]
    assert lost["C"] <= after.count("€")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_TEXTS, _WORDY, st.text(max_size=300)))
def test_clean_text_never_crashes_and_loses_no_letters_or_digits(text):
    out = clean_text(text)
    assert isinstance(out, str)
    assert out == out.strip()
    assert "\n\n\n" not in out and "  " not in out
    _assert_only_documented_changes(fix_font_map(text), out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_TEXTS, _WORDY), min_size=1, max_size=4))
def test_clean_pages_loses_no_letters_or_digits(pages):
    out = clean_pages(pages)
    assert len(out) == len(pages)
    _assert_only_documented_changes("".join(fix_font_map(p) for p in pages), "".join(out))


def _document(pages: list[str]):
    loaded = LoadedFile(Path("prop.txt"), [Page(number=i, text=t) for i, t in enumerate(pages, start=1)])
    return build_document(loaded, DocInfo(file="prop.txt", title="Prop"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_TEXTS, _WORDY, st.text(max_size=200)), min_size=1, max_size=4))
def test_chunk_spans_point_at_their_text(pages):
    doc = _document(pages)
    chunks = chunk_document(doc, target=40, max_tokens=60, overlap=10)
    covered = [False] * len(doc.text)
    for i, c in enumerate(chunks):
        assert doc.text[c.start : c.end] == c.text
        assert c.chunk_index == i
        assert c.text.strip()
        for j in range(c.start, c.end):
            covered[j] = True
    # no text of the document is left out of every chunk
    assert all(covered[j] for j, ch in enumerate(doc.text) if not ch.isspace())
    if doc.text.strip():
        assert chunks
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)


def test_chunks_of_a_real_document_keep_every_digit():
    loaded = load_file(CORPUS / F000)
    doc = build_document(loaded, DocInfo(file=F000, title="t"))
    chunks = chunk_document(doc)
    in_chunks = Counter()
    seen_until = 0
    for c in chunks:
        new = doc.text[max(c.start, seen_until) : c.end]
        in_chunks.update(ch for ch in new if ch.isdigit())
        seen_until = max(seen_until, c.end)
    assert in_chunks == Counter(ch for ch in doc.text if ch.isdigit())
    raw_digits = Counter(ch for p in loaded.pages for ch in p.text if ch.isdigit())
    assert in_chunks == raw_digits


def test_two_sentences_glued_together_get_their_space_back():
    assert fix_glued_sentences(real(F002, "oplopen.Ook moet")) == "oplopen. Ook moet"
    assert (
        clean(F002, "start niet uitgegaan.In de profielschets") == "start niet uitgegaan. In de profielschets"
    )
    # abbreviations, addresses and figures stay as they are
    for kept in [
        real(F001, "www.DeModelgemeente.nl"),
        "t.a.v. het besluit",
        "de I.V.Z.Organisatie",
        "€ 1.5 Mln",
    ]:
        assert fix_glued_sentences(kept) == kept


def test_a_common_short_word_broken_in_two_is_joined():
    assert clean(F002, "In eerdere onderzoeken zi jn ook al aspecten rond") == (
        "In eerdere onderzoeken zijn ook al aspecten rond"
    )
    assert fix_split_short_words("Beide zi jn voorbeelden") == "Beide zijn voorbeelden"
    # real short words stay apart: common ones ('de a van'), and abbreviations
    for kept in ["op de a van", "de VNG en BZK", "in de i-strategie"]:
        assert fix_split_short_words(kept) == kept


def test_the_sound_documents_have_no_short_word_to_join(monkeypatch):
    def pages(name: str) -> list[str]:
        return clean_pages([p.text for p in load_file(CORPUS / name).pages])

    for name in (F000, F001, F003, F004):
        joined = pages(name)
        monkeypatch.setattr(cleaning, "fix_split_short_words", lambda line: line)
        assert pages(name) == joined, name
        monkeypatch.undo()


def test_a_heading_broken_over_two_lines_is_one_line_again():
    raw = (
        "Intro tekst hier.\n\nImpact op lange  \ntermijn (3-7 jaar) \n\n"
        "De belangrijkste trend is dat business en ICT steeds meer met elkaar \nversmelten.\n"
    )
    lines = cleaning.clean_text(raw).split("\n")
    assert "Impact op lange termijn (3-7 jaar)" in lines
    # two short lines that are each a point of a slide or a row stay apart: the second is capitalised
    assert "Gesloten systeem" in cleaning.clean_text(
        "HUIDIGE SYSTEEM\n\nGesloten systeem\nOpen systeem\n\n"
    ).split("\n")
    # and a short line with a third line under it is not a heading broken in two
    table = "Wet &\nregelgeving\nveel tijd\n\nVerder."
    assert "Wet & regelgeving" not in cleaning.clean_text(table)
