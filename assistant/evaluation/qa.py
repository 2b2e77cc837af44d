"""The QA set: its schema and the checks that keep it honest (every quote must be in the corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

QA_FIELDS = ("id", "question", "answer", "answerable", "type", "persona", "sources", "key_facts")


TYPES = {"factual", "numeric", "list", "why", "comparison", "summary"}


PERSONAS = {"policy", "councillor", "evaluator"}


def load_qa(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def validate_qa(path: Path, corpus_dir: Path) -> list[str]:
    """Every problem in the QA file, one message each (empty list: valid)."""
    errors: list[str] = []
    corpus_cache: dict[str, str] = {}
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"regel {n}: geen geldige JSON ({exc.msg})")
            continue
        where = f"regel {n} ({item.get('id', '?')})"
        if not isinstance(item, dict) or tuple(item) != QA_FIELDS:
            errors.append(f"{where}: velden moeten precies {', '.join(QA_FIELDS)} zijn")
            continue
        if not isinstance(item["id"], str) or item["id"] in seen:
            errors.append(f"{where}: id ontbreekt of is dubbel")
        seen.add(item["id"])
        for key in ("question", "answer"):
            if not isinstance(item[key], str) or not item[key].strip():
                errors.append(f"{where}: '{key}' moet een niet-lege tekst zijn")
        if not isinstance(item["answerable"], bool):
            errors.append(f"{where}: 'answerable' moet true of false zijn")
        if item["type"] not in TYPES:
            errors.append(f"{where}: onbekend type '{item['type']}'")
        if item["persona"] not in PERSONAS:
            errors.append(f"{where}: onbekende persona '{item['persona']}'")
        if not isinstance(item["sources"], list) or not isinstance(item["key_facts"], list):
            errors.append(f"{where}: 'sources' en 'key_facts' moeten lijsten zijn")
            continue
        if not all(isinstance(f, str) and f.strip() for f in item["key_facts"]):
            errors.append(f"{where}: elke key fact moet een niet-lege tekst zijn")
        if item["answerable"] is False and (item["sources"] or item["key_facts"]):
            errors.append(f"{where}: onbeantwoordbare vraag moet lege sources en key_facts hebben")
        if item["answerable"] is True and (not item["sources"] or not item["key_facts"]):
            errors.append(f"{where}: beantwoordbare vraag heeft sources en key_facts nodig")
        for source in item["sources"]:
            if not isinstance(source, dict) or set(source) != {"doc", "quote"}:
                errors.append(f"{where}: een bron moet precies 'doc' en 'quote' hebben")
                continue
            quote = collapse(str(source["quote"]))
            if not 40 <= len(quote) <= 300:
                errors.append(f"{where}: citaat moet 40-300 tekens zijn ({len(quote)})")
            doc_path = corpus_dir / str(source["doc"])
            if source["doc"] not in corpus_cache:
                corpus_cache[source["doc"]] = (
                    collapse(doc_path.read_text(encoding="utf-8")) if doc_path.exists() else ""
                )
            if not corpus_cache[source["doc"]]:
                errors.append(f"{where}: onbekend document '{source['doc']}'")
            elif quote not in corpus_cache[source["doc"]]:
                errors.append(f"{where}: citaat niet gevonden in {source['doc']}: {quote[:60]}…")
    return errors
