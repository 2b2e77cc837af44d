"""Helpers shared by the tests: where the repository is, a free port, a clean environment."""

from __future__ import annotations

import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without the developer's ASSISTANT_* settings, plus ``values``:
    for the assistant started as a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(values)
    return env


# The debate topic the debate tests brief (issue 12), and the council document it is about.
BEWARE = "toetreding van Woerden tot de ICT-coöperatie Beware"
WOERDEN = "002_26156fc0ab60f071.txt"
