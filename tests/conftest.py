"""Shared fixtures: settings in a temporary data dir, the fake embedder, a small corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from support import CORPUS, ROOT  # noqa: F401  (ROOT for tests that import it from here)


@pytest.fixture
def make_settings(tmp_path, monkeypatch):
    """Settings isolated from the developer's environment and data folder."""
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "none.toml"))

    def make(**overrides):
        from assistant.settings import Settings

        values = {"corpus_dir": CORPUS, "data_dir": tmp_path / "data", "embeddings": "fake"}
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """Two real corpus files (the small ones) and the catalog, in a folder of their own."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("000_ad1089ded3aa0d40.txt", "003_54facddaf16a0947.txt", "catalog.yaml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory):
    """The whole real corpus indexed once with the fake embedder (fast), shared by tests."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    data = tmp_path_factory.mktemp("corpus-data")
    settings = Settings(corpus_dir=CORPUS, data_dir=data, embeddings="fake")
    assistant = Assistant(settings)
    report = assistant.ingest()
    assert not report.failures, report.failures
    return assistant
