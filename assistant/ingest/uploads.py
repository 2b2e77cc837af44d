"""Adding files to the corpus: sanitised names, no path tricks, size and type limits."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from assistant.ingest.loaders import SUPPORTED_SUFFIXES
from assistant.settings import Settings


def safe_name(name: str) -> str:
    """Only the base name, ASCII letters, digits, '-', '_' and '.'; never hidden or empty."""
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "document"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        return base[:120]
    return f"{stem[:100] or 'document'}.{suffix.lower()[:8]}"


def add_to_corpus(settings: Settings, files: list[Path]) -> list[Path]:
    """Copy files into the corpus folder (files already there stay where they are)."""
    corpus = settings.corpus_dir.resolve()
    out: list[Path] = []
    for f in files:
        if f.resolve().parent == corpus or corpus in f.resolve().parents:
            out.append(f)
            continue
        target = corpus / safe_name(f.name)
        if f.suffix.lower() in SUPPORTED_SUFFIXES:
            shutil.copyfile(f, target)
            out.append(target)
        else:
            out.append(f)  # the indexer reports the unsupported type by name
    return out
