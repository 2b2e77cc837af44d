"""Helpers shared by the tests: where the repository is, a free port, a clean environment."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

from assistant.types import Passage

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def default_sigint() -> None:
    """For ``preexec_fn`` of a served web chat: SIGINT at its default, so Ctrl-C (the test's
    SIGINT) stops it even when the suite runs in the background of a non-interactive shell,
    which ignores SIGINT and would pass that on."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without the developer's ASSISTANT_* settings, plus ``values``:
    for the assistant started as a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(values)
    return env


def assistant_env(corpus: Path | str, data: Path | str, **values: str) -> dict[str, str]:
    """``clean_env`` for an assistant subprocess on ``corpus`` and ``data`` with the fake embedder,
    and a settings file that does not exist (none of the developer's), plus ``values``."""
    settings = {
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_EMBEDDINGS": "fake",
        "ASSISTANT_SETTINGS_FILE": str(Path(data).parent / "none.toml"),
    }
    return clean_env(**{**settings, **values})  # ``values`` may override these


# The debate topic the debate tests brief (issue 12), and the council document it is about.
BEWARE = "toetreding van Woerden tot de ICT-coöperatie Beware"
WOERDEN = "002_26156fc0ab60f071.txt"


# --- hand-made passages for the answerers ---------------------------------------------

COSTS = (
    "Gemeenten besteden steeds meer aan ICT. In 2022 bedroegen de ICT-kosten gemiddeld 110 euro per "
    "inwoner. Dat is 5% meer dan in 2021, toen de kosten 105 euro per inwoner waren. Het aantal "
    "medewerkers op de ICT-afdelingen steeg ook."
)
BEWARE_TEXT = (
    "De coöperatie Beware is in 2016 opgericht door de gemeenten Eindhoven, Woerden en Boxtel. "
    "De lidmaatschapskosten zijn € 22.000 per jaar, gebaseerd op € 0,35 per inwoner per jaar. "
    "Leden ontwikkelen samen software onder een open licentie."
)
SECURITY = (
    "Informatiebeveiliging vraagt blijvende aandacht van het college. De gemeente voert jaarlijks een "
    "audit uit op de Baseline Informatiebeveiliging Overheid (BIO). Bij een datalek wordt binnen 72 uur "
    "gemeld aan de Autoriteit Persoonsgegevens."
)
OTHER = [
    "De raad wordt gevraagd wensen en bedenkingen kenbaar te maken over de toetreding.",
    "Veel gemeenten werken samen in een regionale ICT-organisatie zoals RID de Liemers.",
    "Gemeenten verplaatsen applicaties naar SaaS-oplossingen van leveranciers in de cloud.",
    "Het personeel van de ICT-afdeling bestaat uit beheerders, adviseurs en architecten.",
    "De begroting van de gemeente kent een post voor onvoorziene uitgaven.",
    "De gemeente publiceert jaarlijks een verantwoording over haar dienstverlening.",
]


def make_passage(i: int, text: str, page: int | None = None) -> Passage:
    return Passage(
        chunk_id=f"chunk-{i}",
        doc=f"doc{i}.txt",
        title=f"Document {i}",
        part=None,
        page=page if page is not None else i + 10,
        section="Kosten",
        text=text,
        chunk_index=0,
        start=0,
        end=len(text),
        score=1.0 / (i + 1),
    )
