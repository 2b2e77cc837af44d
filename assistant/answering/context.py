"""The numbered sources a language model answers from, cut to fit its token budget."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.answering.sources import Source
from assistant.text import count_tokens
from assistant.types import Passage

_SOURCE_RE = re.compile(r'<bron nummer="(\d+)"[^>\n]*>\n(.*?)\n</bron>', re.S)

log = logging.getLogger(__name__)


def _attr(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace('"', "'").replace("<", "(").replace(">", ")")).strip()


def render_source(n: int, passage: Passage, text: str) -> str:
    """One source block. The passage text cannot close or open a block of its own."""
    attrs = f'nummer="{n}" titel="{_attr(passage.source_label)}"'
    if passage.page:
        attrs += f' pagina="{passage.page}"'
    if passage.section:
        attrs += f' sectie="{_attr(passage.section)}"'
    body = re.sub(r"<(/?)(bron)", r"‹\1\2", text, flags=re.I)
    return f"<bron {attrs}>\n{body}\n</bron>"


def parse_sources(prompt: str) -> dict[int, str]:
    """Numbered source texts from a rendered prompt (for stand-in models and stub servers)."""
    return {int(m.group(1)): m.group(2) for m in _SOURCE_RE.finditer(prompt)}


@dataclass
class Context:
    sources: list[Source]
    text: str
    tokens: int
    left_out: int  # passages that did not fit the budget


def _shorten(text: str, max_tokens: int) -> str:
    while text and count_tokens(text) > max_tokens:
        cut = int(len(text) * max_tokens / count_tokens(text) * 0.95)
        cut = text.rfind(" ", 0, max(cut, 1))
        text = text[: cut if cut > 0 else max(len(text) // 2, 0)].rstrip()
    return text


def build_context(passages: list[Passage], budget: int) -> Context:
    """Numbered sources in rank order, as many as fit ``budget`` tiktoken tokens.

    A passage that does not fit is left out (a smaller later one may still fit); the first
    passage is shortened rather than left out, so the model always has something to read.
    """
    sources: list[Source] = []
    blocks: list[str] = []
    used = 0
    left_out = 0
    for p in passages:
        n = len(sources) + 1
        text = p.text.strip()
        block = render_source(n, p, text)
        cost = count_tokens(block) + 2
        if used + cost > budget:
            if sources:
                left_out += 1
                continue
            overhead = count_tokens(render_source(n, p, ""))
            text = _shorten(text, max(budget - overhead - 2, 20))
            block = render_source(n, p, text)
            cost = count_tokens(block) + 2
        source = Source(n=n, passage=p, text=text)
        if source.instructions:
            log.info("bron %d (%s) bevat tekst die op instructies lijkt; die telt niet als inhoud", n, p.doc)
        sources.append(source)
        blocks.append(block)
        used += cost
    return Context(sources=sources, text="\n\n".join(blocks), tokens=used, left_out=left_out)


def answer_inputs(question: str, context: Context) -> dict[str, str]:
    """The variables of the answer template."""
    return {"question": question, "sources": context.text}


def followup_inputs(question: str, history: list[str]) -> dict[str, str]:
    """The variables of the follow-up template: the last few questions, oldest first."""
    return {"history": "\n".join(f"- {q}" for q in history[-4:]), "question": question}
