"""The debate brief on the whole corpus (fake embedder), made once for the debate tests."""

from __future__ import annotations

import pytest
from support import BEWARE


@pytest.fixture(scope="session")
def beware(corpus_assistant):
    return corpus_assistant.brief(BEWARE)
