"""Points written by the configured language model from the brief's own evidence.

Each section's cited passages go to the model as numbered sources with the existing system and
answer prompts; what it writes passes the same AnswerChecker as answers (markers, numbers,
support), and the kept sentences become the points, their markers mapped back to the brief's
source list. A section the model leaves empty, or whose call fails, keeps its quoted points.
"""

from __future__ import annotations

import logging

from assistant.answering.backends import make_chat_model
from assistant.answering.checks import AnswerChecker
from assistant.answering.context import build_context
from assistant.answering.prompts import PromptSet
from assistant.debate.model import Brief, Point
from assistant.types import Passage

log = logging.getLogger(__name__)

TASKS = {
    "samenvatting": "Waar gaat het onderwerp '{topic}' over? Vat samen in twee tot vier korte punten.",
    "gevraagd": "Wat wordt de gemeenteraad over '{topic}' gevraagd te besluiten, of wordt de raad alleen geïnformeerd?",
    "argumenten": "Welke argumenten vóór '{topic}' noemen de bronnen, en wie geeft ze? Eén punt per argument.",
    "kanttekeningen": "Welke kanttekeningen, risico's en bezwaren bij '{topic}' noemen de bronnen, met de "
    "beheersmaatregelen die ze geven? Eén punt per kanttekening.",
    "financien": "Welke bedragen over '{topic}' noemen de bronnen? Geef bij elk bedrag het jaar, de eenheid en wie "
    "betaalt, alleen waar de bron dat zegt.",
    "alternatieven": "Welke alternatieven of scenario's voor '{topic}' noemen de bronnen, en waarom zijn ze niet "
    "gekozen, waar de bron dat zegt?",
    "context": "Wat zeggen deze documenten over '{topic}'? Noem bij elk punt het document.",
}


def _passage(citation) -> Passage:
    return Passage(
        chunk_id=citation.chunk_id,
        doc=citation.doc,
        title=citation.title,
        part=citation.part,
        page=citation.page,
        section=citation.section,
        text=citation.quote,
        chunk_index=0,
        start=0,
        end=0,
    )


def rewrite_points(brief: Brief, settings, model=None) -> None:
    model = model or make_chat_model(settings)
    prompt = PromptSet.load(settings.prompts_dir).answer_prompt()
    by_n = {c.n: c for c in brief.citations}
    brief.mode = settings.llm.backend
    kept_sections = 0
    for section in brief.sections:
        task = TASKS.get(section.key)
        cited = list(dict.fromkeys(n for p in section.points for n in p.citations))
        if task is None or not cited:
            continue
        context = build_context([_passage(by_n[n]) for n in cited], settings.llm.context_tokens)
        local_to_global = {s.n: cited[i] for i, s in enumerate(context.sources)}
        question = task.format(topic=brief.topic)
        try:
            reply = model.invoke(prompt.format_messages(sources=context.text, question=question))
        except Exception as exc:  # the quoted points stay: a brief never fails on the model
            log.warning("taalmodel faalde voor sectie %s: %s", section.key, exc)
            brief.notes.append(f"Het taalmodel gaf geen tekst voor '{section.title}': de citaten staan er.")
            continue
        checker = AnswerChecker(context.sources, question)
        checker.feed(str(reply.content))
        checker.finish()
        by_new = {new: old for old, new in checker.renumber.items()}
        points = [
            Point(
                claim.text,
                [local_to_global[by_new[n]] for n in claim.cites if by_new.get(n) in local_to_global],
            )
            for claim in checker.claims
        ]
        points = [p for p in points if p.citations]
        if points:
            section.points = points
            kept_sections += 1
        brief.notes.extend(checker.notes())
    if not kept_sections:
        brief.notes.append(
            "Het taalmodel schreef geen punten die de controle doorstonden: de citaten staan er."
        )
