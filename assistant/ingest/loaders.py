"""Reading files into pages of raw text, with page numbers; bad files raise a clear LoadError."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


class LoadError(Exception):
    """A file that cannot be ingested; the message says why, in Dutch, for the user."""


@dataclass
class Page:
    number: int | None
    text: str
    first_line: int = 1  # 1-based line in the source file where this page starts


@dataclass
class LoadedFile:
    path: Path
    pages: list[Page]
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def load_file(path: Path, *, max_mb: float = 200) -> LoadedFile:
    """Dispatch on suffix; every failure becomes a LoadError with the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund "
            f"(wel: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"kan het bestand niet lezen: {exc.strerror or exc}") from exc
    if size == 0:
        raise LoadError("het bestand is leeg")
    if size > max_mb * 1024 * 1024:
        raise LoadError(f"het bestand is te groot ({size / 1048576:.0f} MB; maximum {max_mb} MB)")
    if suffix == ".pdf":
        return _load_pdf(path)
    return _load_text(path)


def _decode(data: bytes) -> tuple[str, list[str]]:
    if b"\x00" in data[:4096] or _control_ratio(data[:8192]) > 0.05:
        raise LoadError("het bestand is binair, geen tekst")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["gelezen als Windows-1252 (geen geldige UTF-8)"]
    except UnicodeDecodeError as exc:
        raise LoadError("onbekende tekencodering: geen UTF-8 en geen Windows-1252") from exc


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


_PAGE_START_RE = re.compile(r"^ (?! )\S")


def split_txt_pages(text: str) -> list[Page]:
    """PDF-extracted text: a line starting with exactly one space starts a new page."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if _PAGE_START_RE.match(line)]
    if not starts or (len(starts) < 2 and starts[0] != 0):
        return [Page(number=None, text="\n".join(lines), first_line=1)]
    if starts[0] != 0:
        starts.insert(0, 0)
    pages = []
    for n, (a, b) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True), start=1):
        chunk = "\n".join(lines[a:b])
        pages.append(Page(number=n, text=chunk[1:] if chunk.startswith(" ") else chunk, first_line=a + 1))
    return pages


def _load_text(path: Path) -> LoadedFile:
    text, notes = _decode(path.read_bytes())
    if not text.strip():
        raise LoadError("het bestand bevat geen tekst")
    if path.suffix.lower() == ".md":
        return LoadedFile(path, [Page(number=None, text=text)], notes)
    return LoadedFile(path, split_txt_pages(text), notes)


def _load_pdf(path: Path) -> LoadedFile:

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise LoadError("de PDF is versleuteld en kan niet worden geopend") from exc
            if not ok:
                raise LoadError("de PDF is versleuteld met een wachtwoord")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            pages.append(Page(number=number, text=page.extract_text() or ""))
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise LoadError(f"de PDF is beschadigd of onleesbaar ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf can fail deep inside on damaged streams
        raise LoadError(f"de PDF is beschadigd of onleesbaar ({type(exc).__name__})") from exc
    if not any(p.text.strip() for p in pages):
        raise LoadError("de PDF bevat geen uitleesbare tekst (gescand document zonder tekstlaag?)")
    return LoadedFile(path, pages)
