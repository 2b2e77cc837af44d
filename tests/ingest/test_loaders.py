"""Reading .txt, .md and .pdf files into pages; every bad file gives a LoadError with a Dutch reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.ingest.loaders import LoadError, load_file, split_txt_pages

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF, written by hand: one Helvetica text line per page."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    kids = []
    number = 4
    for text in pages:
        page_id, content_id = number, number + 1
        number += 2
        kids.append(f"{page_id} 0 R")
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("cp1252")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ).encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in sorted(objects):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objects[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


PDF_PAGES = [
    "De ICT-kosten bedroegen 1.250 euro per medewerker.",
    "Informatiebeveiliging vraagt blijvende aandacht.",
    "Gemeenten werken samen in de coöperatie.",
]


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(make_pdf(PDF_PAGES))
    return path


# --- .txt --------------------------------------------------------------------------


def test_txt_pages_start_at_lines_with_one_leading_space():
    text = " Eerste pagina kop\nregel twee\nregel drie\n Tweede pagina\nmeer tekst\n Derde pagina\n"
    pages = split_txt_pages(text)
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.first_line for p in pages] == [1, 4, 6]
    assert pages[0].text == "Eerste pagina kop\nregel twee\nregel drie"
    assert pages[1].text.startswith("Tweede pagina\nmeer tekst")
    assert pages[2].text.startswith("Derde pagina")


def test_two_leading_spaces_do_not_start_a_page():
    pages = split_txt_pages(" Pagina een\n  ingesprongen regel\n Pagina twee")
    assert len(pages) == 2
    assert "ingesprongen regel" in pages[0].text


def test_text_before_the_first_page_start_becomes_page_one():
    pages = split_txt_pages("voorblad\n Pagina een\n Pagina twee")
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].text == "voorblad"
    assert pages[1].first_line == 2


def test_txt_without_page_starts_is_one_unnumbered_page():
    pages = split_txt_pages("gewone tekst\nzonder paginas\n")
    assert len(pages) == 1
    assert pages[0].number is None
    assert pages[0].first_line == 1


def test_real_corpus_file_pages_match_their_lines():
    path = CORPUS / "000_ad1089ded3aa0d40.txt"
    loaded = load_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert loaded.name == path.name
    assert len(loaded.pages) >= 5
    assert [p.number for p in loaded.pages] == list(range(1, len(loaded.pages) + 1))
    for page in loaded.pages:
        assert lines[page.first_line - 1] == " " + page.text.split("\n")[0]
    assert loaded.pages[0].text.startswith("VOORWOORD")
    assert loaded.notes == []


def test_crlf_line_ends(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b" Pagina een\r\ntekst\r\n Pagina twee\r\ntekst\r\n")
    loaded = load_file(path)
    assert [p.number for p in loaded.pages] == [1, 2]
    assert "\r" not in loaded.pages[0].text


def test_utf8_bom_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCoöperatie Beware".encode())
    assert load_file(path).pages[0].text == "Coöperatie Beware"


# --- .md ---------------------------------------------------------------------------


def test_markdown_is_one_page(tmp_path):
    path = tmp_path / "notitie.md"
    path.write_text("# Notitie ICT\n\n Regel met een spatie\n\n- punt een\n- punt twee\n", encoding="utf-8")
    loaded = load_file(path)
    assert len(loaded.pages) == 1
    assert loaded.pages[0].number is None
    assert loaded.pages[0].text.startswith("# Notitie ICT")


# --- .pdf --------------------------------------------------------------------------


def test_hand_made_pdf_is_valid_for_pypdf(pdf_file):
    reader = PdfReader(str(pdf_file))
    assert len(reader.pages) == 3
    assert "1.250 euro" in reader.pages[0].extract_text()


def test_pdf_pages_and_numbers(pdf_file):
    loaded = load_file(pdf_file)
    assert [p.number for p in loaded.pages] == [1, 2, 3]
    assert [p.text.strip() for p in loaded.pages] == PDF_PAGES
    assert loaded.notes == []


def test_pdf_with_empty_password_encryption_is_read(pdf_file, tmp_path):
    writer = PdfWriter(clone_from=str(pdf_file))
    writer.encrypt(user_password="", owner_password="eigenaar")
    path = tmp_path / "leesbaar.pdf"
    writer.write(str(path))
    assert [p.text.strip() for p in load_file(path).pages] == PDF_PAGES


def _reason(path: Path, **kwargs) -> str:
    with pytest.raises(LoadError) as info:
        load_file(path, **kwargs)
    return str(info.value)


def test_corrupt_pdf(tmp_path, pdf_file):
    garbage = tmp_path / "kapot.pdf"
    garbage.write_bytes(b"%PDF-1.4\n\x00\x01 dit is geen pdf \xff\xfe")
    assert "beschadigd" in _reason(garbage)
    truncated = tmp_path / "afgebroken.pdf"
    truncated.write_bytes(pdf_file.read_bytes()[:150])
    assert "beschadigd" in _reason(truncated)
    not_pdf = tmp_path / "tekst.pdf"
    not_pdf.write_text("Dit is gewoon tekst met een pdf-extensie.", encoding="utf-8")
    assert "beschadigd" in _reason(not_pdf)


def test_password_protected_pdf(pdf_file, tmp_path):
    writer = PdfWriter(clone_from=str(pdf_file))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    path = tmp_path / "versleuteld.pdf"
    writer.write(str(path))
    reason = _reason(path)
    assert "versleuteld" in reason and "wachtwoord" in reason


def test_pdf_without_text(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    writer.write(str(path))
    assert "geen uitleesbare tekst" in _reason(path)


# --- other broken files ---------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "leeg.txt"
    path.write_bytes(b"")
    assert _reason(path) == "het bestand is leeg"


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "spaties.md"
    path.write_text("  \n\n \t\n", encoding="utf-8")
    assert "geen tekst" in _reason(path)


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "plaatje.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binair" in _reason(path)


def test_windows_1252_text_is_decoded_with_a_note(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Coöperatie kost € 22.000 – zie financiële paragraaf.".encode("cp1252"))
    loaded = load_file(path)
    assert loaded.pages[0].text == "Coöperatie kost € 22.000 – zie financiële paragraaf."
    assert any("Windows-1252" in note for note in loaded.notes)


def test_unsupported_type(tmp_path):
    path = tmp_path / "begroting.docx"
    path.write_bytes(b"PK\x03\x04 zip")
    reason = _reason(path)
    assert "'.docx'" in reason and "niet ondersteund" in reason
    no_suffix = tmp_path / "LEESMIJ"
    no_suffix.write_text("tekst", encoding="utf-8")
    assert "(geen)" in _reason(no_suffix)


def test_suffix_is_case_insensitive(tmp_path):
    path = tmp_path / "RAPPORT.PDF"
    path.write_bytes(make_pdf(["Hoofdletters in de naam."]))
    assert load_file(path).pages[0].text.strip() == "Hoofdletters in de naam."


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "groot.txt"
    path.write_bytes(b"tekst " * 400_000)  # 2.4 MB
    reason = _reason(path, max_mb=1)
    assert "te groot" in reason and "maximum 1 MB" in reason
    assert load_file(path, max_mb=5).pages


def test_missing_file(tmp_path):
    assert "kan het bestand niet lezen" in _reason(tmp_path / "bestaat-niet.txt")
