"""Documents users add in the chat: type and size checks, a safe stored name, the report."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from assistant.app.web.render import md_text
from assistant.ingest.uploads import safe_name
from assistant.settings import Settings

UPLOAD_TYPES = (".pdf", ".txt", ".md")


def accept_uploads(settings: Settings, files: list[str]) -> tuple[str, dict[Path, str]]:
    """Check type and size, store under <data_dir>/uploads with a generated, safe name."""

    folder = settings.paths.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    limit = settings.upload.max_mb * 1024 * 1024
    lines: list[str] = []
    accepted: dict[Path, str] = {}  # stored file -> the name the user gave it
    for raw in files:
        src = Path(raw)
        shown = md_text(src.name)
        suffix = src.suffix.lower()
        if suffix not in UPLOAD_TYPES:
            lines.append(
                f"- {shown}: niet toegevoegd, bestandstype '{md_text(suffix or '(geen)')}' wordt niet ondersteund"
            )
            continue
        size = src.stat().st_size
        if size > limit:
            lines.append(f"- {shown}: niet toegevoegd, groter dan {settings.upload.max_mb} MB")
            continue
        if size == 0:
            lines.append(f"- {shown}: niet toegevoegd, het bestand is leeg")
            continue
        target = folder / f"{datetime.now():%Y%m%d}-{uuid.uuid4().hex[:8]}-{safe_name(src.name)}"
        target.write_bytes(src.read_bytes())
        accepted[target] = src.name
    return ("\n".join(lines) + "\n" if lines else ""), accepted


def upload_report(report, files: dict[Path, str]) -> str:
    """What was added and what could not be read, by the names the user knows."""
    failed = dict(report.failures)
    given = {p.name: original for p, original in files.items()}
    ok = [p for p in files if p.name not in failed]
    lines = []
    if ok:
        lines.append(f"**{len(ok)} document(en) toegevoegd** ({report.chunks_added} fragmenten):")
        lines += [f"- {md_text(files[p])} (opgeslagen als {md_text(p.name)})" for p in ok]
    for name, reason in report.failures:
        lines.append(f"- {md_text(given.get(name, name))}: kon niet worden gelezen ({md_text(reason)})")
    for name, note in report.notes:
        lines.append(f"- {md_text(given.get(name, name))}: let op, {md_text(note)}")
    return "\n".join(lines)
