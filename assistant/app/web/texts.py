"""What the page says and how it looks: title, purpose, example questions per persona, CSS."""

from __future__ import annotations

TITLE = "Adviesassistent gemeentelijke ICT"


PURPOSE = (
    "Stel vragen over de documenten over gemeentelijke ICT. Elk antwoord noemt zijn bronnen "
    "[1], [2], … zodat u de passage zelf kunt nalezen."
)


DOC_PLACEHOLDER = (
    '<div class="doc-view doc-empty">Kies hierboven een bron om de passage in de omliggende '
    "tekst te lezen.</div>"
)


# The question the empty question box shows as an example; answered with its amount first
# (tests/app/test_examples.py: it led with a risk sentence that names 'kosten' and 'lidmaatschap').
PLACEHOLDER_QUESTION = "Wat kost het lidmaatschap van Beware?"


# Each example is answered, with its sources, by the default pipeline (tests/app/test_examples.py):
# an example that the product declines or answers beside the point teaches the user nothing.
# Replaced in round 31: 'Waarom vindt het college van Zevenaar dat niets doen geen optie is?'
# (q-147: its passage is not retrieved, the answer quoted costs) and 'Op hoeveel deelnemende
# gemeenten en inwoners is de 19e ICT Benchmark Gemeenten gebaseerd?' (q-008: declined by the
# packaged answerability model, just under its threshold). Both stay in eval/qa.jsonl.
EXAMPLES: dict[str, list[str]] = {
    "Beleidsmedewerker": [
        "Hoe wordt de jaarlijkse contributie van een lid van Beware berekend, en voor hoelang sluit je het lidmaatschap af?",
        "Welke toekomstscenario's voor RID De Liemers zijn in het onderzoek op een rij gezet?",
        "Waardoor zijn de uitgaven aan software in 2022 omhooggegaan?",
    ],
    "Raadslid": [
        "Welke argumenten noemt het college van Woerden voor toetreding tot Beware?",
        "Welke kanttekeningen en risico's ziet het college bij deelname aan de ICT-coöperatie?",
        "Welk bedrag aan incidentele kosten raamt Zevenaar voor zichzelf in 2023, en volgens welke verdeelsleutel is dat berekend?",
    ],
    "Evaluator": [
        "Wat kwamen Duiven, Westervoort en Zevenaar in de ICT-benchmark van 2021 uit aan ICT-kosten per inwoner?",
        "Hoeveel gemeenten waren er in Nederland rond 1900, en hoeveel zijn het er sinds 1 januari 2021?",
        "Welke wetten vormen volgens de sectorschets de wettelijke basis voor het ICT-domein van gemeenten?",
    ],
}


CSS = """
#status-line { font-size: 0.9em; opacity: 0.85; }
.doc-view { white-space: pre-wrap; line-height: 1.5; max-height: 560px; overflow-y: auto;
  padding: 0.75em; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.doc-view .doc-head { white-space: normal; margin-bottom: 0.6em; padding-bottom: 0.4em;
  border-bottom: 1px solid var(--border-color-primary); position: sticky; top: -0.75em;
  background: var(--block-background-fill); padding-top: 0.4em; }
.doc-view .doc-where { font-size: 0.85em; opacity: 0.8; }
.doc-view .ctx { opacity: 0.6; }
.doc-view .passage { display: block; margin: 0.4em 0; padding: 0.4em 0.6em;
  border-left: 4px solid var(--color-accent); background: var(--background-fill-secondary); }
.doc-view mark, .message mark { background: #fde68a; color: #1f2937; padding: 0 0.1em; }
.doc-empty { opacity: 0.7; font-style: italic; white-space: normal; }
"""


# Runs in the browser after a source is opened: scroll the document view to the passage.
SCROLL_TO_PASSAGE = """() => { setTimeout(() => {
  const box = document.querySelector('#doc-view .doc-view');
  const target = box && (box.querySelector('.passage mark') || box.querySelector('.passage'));
  const head = box && box.querySelector('.doc-head');
  if (box && target) {
    const offset = (head ? head.offsetHeight : 0) + 60;
    box.scrollTop += target.getBoundingClientRect().top - box.getBoundingClientRect().top - offset;
  }
}, 60); }"""
