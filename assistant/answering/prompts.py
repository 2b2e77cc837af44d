"""Prompt files: loaded from ``prompt_files/`` next to this module, validated at start, each with a version id.

A prompt file starts with a small header between ``---`` lines::

    ---
    id: answer
    version: 1
    variables: sources, question
    ---
    <template text with {sources} and {question}>

The header must name exactly the variables the code fills in, and the text must use each of them
(and no others): a prompt that lost a variable fails at start, not halfway through a conversation.
The version id of the set (``system@1+answer@1+followup@1#<hash>``) goes with every answer; the hash
of the texts changes whenever a file changes, even if someone forgot to raise the version.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

# Package data (pyproject: tool.setuptools.package-data), so a normal install has them too.
DEFAULT_PROMPTS_DIR = Path(__file__).resolve().parent / "prompt_files"

# file name -> the variables the code fills in
REQUIRED = {
    "system": frozenset(),
    "answer": frozenset({"sources", "question"}),
    "followup": frozenset({"history", "question"}),
}

_HEADER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


class PromptError(ValueError):
    """A prompt file that is missing or malformed; the message says which and why."""


@dataclass(frozen=True)
class PromptFile:
    name: str
    version: str
    variables: frozenset[str]
    text: str
    path: Path

    @property
    def version_id(self) -> str:
        return f"{self.name}@{self.version}"


def _placeholders(text: str, path: Path) -> set[str]:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as exc:
        raise PromptError(
            f"{path}: ongeldige accolades in de prompt ({exc}); schrijf {{{{ en }}}} voor een letterlijke accolade"
        ) from exc
    odd = {f for f in fields if not re.fullmatch(r"[a-z_]+", f)}
    if odd:
        raise PromptError(f"{path}: ongeldige variabele(n) {sorted(odd)} in de prompt")
    return fields


def parse_prompt_file(path: Path, name: str) -> PromptFile:
    if not path.is_file():
        raise PromptError(f"promptbestand ontbreekt: {path}")
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    m = _HEADER_RE.match(raw)
    if not m:
        raise PromptError(f"{path}: de kop (--- id/version/variables ---) ontbreekt")
    header: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise PromptError(f"{path}: onleesbare kopregel '{line}'")
        header[key.strip().lower()] = value.strip()
    if header.get("id") != name:
        raise PromptError(f"{path}: id '{header.get('id')}' hoort '{name}' te zijn")
    version = header.get("version", "")
    if not re.fullmatch(r"[\w.-]+", version):
        raise PromptError(f"{path}: version ontbreekt of is ongeldig ('{version}')")
    declared = frozenset(v.strip() for v in header.get("variables", "").split(",") if v.strip())
    text = raw[m.end() :].strip("\n")
    if not text.strip():
        raise PromptError(f"{path}: de prompt is leeg")
    used = _placeholders(text, path)
    required = REQUIRED[name]
    for label, missing in (
        ("in de kop", required - declared),
        ("in de tekst", required - used),
    ):
        if missing:
            raise PromptError(f"{path}: variabele(n) {sorted(missing)} ontbreken {label}")
    unknown = (declared | used) - required
    if unknown:
        raise PromptError(f"{path}: onbekende variabele(n) {sorted(unknown)}; toegestaan: {sorted(required)}")
    return PromptFile(name=name, version=version, variables=declared, text=text, path=path)


@dataclass(frozen=True)
class PromptSet:
    system: PromptFile
    answer: PromptFile
    followup: PromptFile

    @classmethod
    def load(cls, folder: Path | None = None) -> PromptSet:
        folder = Path(folder) if folder else DEFAULT_PROMPTS_DIR
        files = {name: parse_prompt_file(folder / f"{name}.md", name) for name in REQUIRED}
        return cls(**files)

    @property
    def version(self) -> str:
        parts = (self.system, self.answer, self.followup)
        digest = hashlib.sha256("\x00".join(p.text for p in parts).encode("utf-8")).hexdigest()[:8]
        return "+".join(p.version_id for p in parts) + f"#{digest}"

    def answer_prompt(self) -> ChatPromptTemplate:
        """System rules + the answer template, as one LangChain chat prompt."""
        return ChatPromptTemplate.from_messages(
            [("system", self.system.text), ("human", self.answer.text)], template_format="f-string"
        )

    def followup_prompt(self) -> PromptTemplate:
        return PromptTemplate.from_template(self.followup.text)
