"""The corpus catalog: human titles, publishers, years, kinds and the parts of bundles, and the
names readers use for them ('het oprichtingsplan', 'de sectorschets': ``aliases``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Part:
    title: str
    line: int
    start: str = ""
    publisher: str | None = None
    year: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocInfo:
    file: str
    title: str
    publisher: str | None = None
    year: int | None = None
    kind: str | None = None
    parts: tuple[Part, ...] = field(default_factory=tuple)
    in_catalog: bool = True
    aliases: tuple[str, ...] = ()

    def part_at(self, line: int) -> Part | None:
        """The part a source line belongs to (the last part starting at or before it)."""
        current = None
        for part in self.parts:
            if part.line <= line:
                current = part
        return current


class Catalog:
    def __init__(self, entries: dict[str, DocInfo] | None = None) -> None:
        self.entries = entries or {}
        # what each recent question names: retrieval and the answerer ask it four times in all
        # (sources_named_in, source_aliases_in, quoted_from, quoted_aliases), and every alias is a
        # regular expression over the question: about 2 ms of a question (bench)
        self._named: dict[tuple[str, bool], tuple[tuple[tuple[str, str | None], frozenset[str]], ...]] = {}

    @classmethod
    def load(cls, path: Path) -> Catalog:
        """A missing catalog is no error: files then get titles from their text."""
        if not path.exists():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries: dict[str, DocInfo] = {}
        for name, info in (data.get("documents") or {}).items():
            info = info or {}
            parts = tuple(
                sorted(
                    (
                        Part(
                            title=str(p["title"]),
                            line=int(p.get("line", 1)),
                            start=str(p.get("start", "")),
                            publisher=p.get("publisher"),
                            year=p.get("year"),
                            aliases=_aliases(p),
                        )
                        for p in info.get("parts") or []
                    ),
                    key=lambda p: p.line,
                )
            )
            entries[name] = DocInfo(
                file=name,
                title=str(info.get("title") or name),
                publisher=info.get("publisher"),
                year=info.get("year"),
                kind=info.get("kind"),
                parts=parts,
                aliases=_aliases(info),
            )
        return cls(entries)

    def named_in(self, question: str, as_source: bool = False) -> set[tuple[str, str | None]]:
        """The documents and parts a question names by one of their aliases: (file, part title),
        with part None for a whole document ('volgens de benchmark'). With ``as_source`` only
        those it names as where its answer stands ('volgens de sectorschets', 'in het
        oprichtingsplan', 'wat zegt de raadsinformatiebrief'), not as its subject ('de uitvoering
        van het RID-adviesrapport'): retrieval prefers their passages."""
        return {unit for unit, _ in self._names_in(question, as_source)}

    def sources_named_in(self, question: str) -> set[tuple[str, str | None]]:
        return self.named_in(question, as_source=True)

    def quoted_from(self, question: str) -> set[tuple[str, str | None]]:
        """The documents and parts an answer quotes from: those the question names as where its
        answer stands, else every one it names. 'Wat levert de uitvoering van het
        RID-adviesrapport volgens het college van Zevenaar op?' is answered by the college's
        letter, not by the report it is about. With the aliases 'college van Zevenaar' and
        'college van Woerden' (corpus/catalog.yaml), --cv 5 on eval/qa.jsonl: MRR 0.795 -> 0.803,
        key-fact recall 0.635 -> 0.640, citation precision 0.763 -> 0.773; over five fold
        assignments abstention recall 0.727 -> 0.719 (the refit model moves near its threshold)."""
        return self.sources_named_in(question) or self.named_in(question)

    def quoted_aliases(self, question: str) -> set[str]:
        """The names the question uses for what ``quoted_from`` gives."""
        return self.source_aliases_in(question) or self.aliases_in(question)

    def aliases_in(self, question: str, as_source: bool = False) -> set[str]:
        """The names by which the question names documents or parts, as ``named_in`` finds them
        ('Groeneveld', 'Timmermans' in 'Hoe beschrijven Groeneveld en Timmermans de …')."""
        return set().union(*(aliases for _, aliases in self._names_in(question, as_source)))

    def source_aliases_in(self, question: str) -> set[str]:
        return self.aliases_in(question, as_source=True)

    def _names_in(
        self, question: str, as_source: bool
    ) -> tuple[tuple[tuple[str, str | None], frozenset[str]], ...]:
        """Each document or part the question names, (file, part title or None), with the
        aliases it uses for it."""
        found = self._named.get((question, as_source))
        if found is None:
            found = tuple(
                ((name, part), used)
                for name, info in self.entries.items()
                for part, aliases in ((None, info.aliases), *((p.title, p.aliases) for p in info.parts))
                if (used := frozenset(alias for alias in aliases if _names((alias,), question, as_source)))
            )
            if len(self._named) >= 256:
                self._named.clear()
            self._named[(question, as_source)] = found
        return found

    def info(self, file_name: str, text: str = "") -> DocInfo:
        if file_name in self.entries:
            return self.entries[file_name]
        return DocInfo(file=file_name, title=guess_title(file_name, text), in_catalog=False)


def _aliases(entry: dict) -> tuple[str, ...]:
    return tuple(str(a) for a in entry.get("aliases") or [])


# 'zich verhouden tot de benchmark', 'vergeleken met het oprichtingsplan': there the document is
# what the answer is compared with, not where it comes from.
_COMPARED_RE = re.compile(r"\b(?:tot|met|dan)\s+(?:de|het|een)?\s*$", re.I)


# A name after 'volgens', 'in', 'uit' or a verb that says what a text does ('Hoe beschrijft het
# Berenschot-rapport …', 'Welke rechten legt de lidmaatschapsovereenkomst vast'), up to two words
# between ('volgens de Eindhovense presentatie'): the question asks what that text says.
_SOURCE_RE = re.compile(
    r"\b(?:volgens|in|uit|noemt|noemen|zegt|zeggen|beschrijft|beschrijven|stelt|geeft|adviseert|legt"
    r"|leggen|trekt|onderscheidt|deelt|raadt|ziet|zien|schetst|concludeert|heeft|hebben|vat|samenvatten"
    r"|typeert|typeren|omschrijft|omschrijven|benoemt|benoemen|waarschuwt|waarschuwen|bepleit|pleit"
    r"|beveelt|signaleert|constateert|bespreekt|behandelt|definieert|presenteert)\s+(?:de|het|een|haar|zijn)?\s*"
    r"(?:[\w'-]+\s+){0,2}$",
    re.I,
)


def _names(aliases: tuple[str, ...], question: str, as_source: bool = False) -> bool:
    for alias in aliases:
        for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", question, re.I):
            before = question[: m.start()]
            if as_source and not _SOURCE_RE.search(before):
                continue
            if not _COMPARED_RE.search(before):
                return True
    return False


def guess_title(file_name: str, text: str) -> str:
    """Title for an uncatalogued file: its first heading-like line, else its name."""
    for line in text.splitlines()[:40]:
        line = line.strip().lstrip("#").strip()
        if 4 <= len(line) <= 120 and re.search(r"[^\W\d_]{3,}", line):
            return line
    stem = Path(file_name).stem
    return re.sub(r"[_-]+", " ", stem).strip() or file_name
