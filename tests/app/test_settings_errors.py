"""A wrong setting ends the command with one line on stderr that starts with 'Fout:' and names
the setting to change, and a non-zero exit code; no stack trace. Run as real subprocesses."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support import assistant_env, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(small_corpus, tmp_path):
    def run(*args: str, timeout: float = 120, **env_vars: str) -> subprocess.CompletedProcess:
        env = assistant_env(small_corpus, tmp_path / "data", **env_vars)
        return subprocess.run(
            [sys.executable, "-m", "assistant.app.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def assert_one_line_error(result: subprocess.CompletedProcess, *names: str) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Fout:"), line
    for name in names:
        assert name in line, line
    assert "Traceback" not in result.stderr
    return line


def test_unknown_llm_backend(run):
    line = assert_one_line_error(run("ask", "Wat kost het?", ASSISTANT_LLM="chatgpt"), "ASSISTANT_LLM")
    assert "kies uit: extractive, ollama, openai" in line and "Value error" not in line


def test_unknown_embedding_model(run):
    assert_one_line_error(run("ingest", ASSISTANT_EMBEDDINGS="bert"), "ASSISTANT_EMBEDDINGS", "'e5'")


def test_unknown_answerer(run):
    assert_one_line_error(run("ingest", ASSISTANT_ANSWERER="zinnen"), "ASSISTANT_ANSWERER", "'sentences'")


def test_port_that_is_not_a_number(run):
    assert_one_line_error(run("serve", ASSISTANT_PORT="http"), "ASSISTANT_PORT")


def test_missing_corpus_folder(run, tmp_path):
    missing = tmp_path / "bestaat-niet"
    result = run("ingest", ASSISTANT_CORPUS_DIR=str(missing))
    assert result.returncode == 3
    assert_one_line_error(result, "ASSISTANT_CORPUS_DIR", str(missing))


def test_unreachable_chroma_server(run):
    port = free_port()  # nothing listens there
    result = run("ask", "Wat kost het?", ASSISTANT_CHROMA_HOST="127.0.0.1", ASSISTANT_CHROMA_PORT=str(port))
    assert_one_line_error(result, "ASSISTANT_CHROMA_HOST", f"127.0.0.1:{port}", "niet bereikbaar")


def test_malformed_login(run):
    assert_one_line_error(run("serve", ASSISTANT_AUTH="alleen-een-naam"), "ASSISTANT_AUTH")


def test_port_in_use(run, make_settings, small_corpus, tmp_path):
    from assistant.service import Assistant

    Assistant(make_settings(corpus_dir=small_corpus, data_dir=tmp_path / "data")).ingest()  # index first
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    line = assert_one_line_error(result, str(port), "--port", "ASSISTANT_PORT")
    assert result.returncode == 3, line


def test_unreachable_language_model_falls_back_with_a_note(run):
    """By design (README, "Antwoorden met een taalmodel") an unreachable model is no error: the extractive answer comes,
    with one note that names the address that did not answer."""
    port = free_port()
    result = run(
        "ask",
        "Welke taken heeft de afdeling ICT?",
        ASSISTANT_LLM="openai",
        ASSISTANT_LLM_BASE_URL=f"http://127.0.0.1:{port}",
        ASSISTANT_LLM_TIMEOUT="5",
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("Let op:")]
    assert len(notes) == 1 and "niet bereikbaar" in notes[0] and f"127.0.0.1:{port}" in notes[0]
    assert "Bronnen:" in result.stdout
    assert "Traceback" not in result.stderr


def test_language_model_backend_without_its_package(run):
    result = run(
        "ask", "Wat kost het?", ASSISTANT_LLM="llamacpp", ASSISTANT_LLM_MODEL="/modellen/geitje.gguf"
    )
    if "llama-cpp-python" not in result.stderr:
        pytest.skip("llama-cpp-python is installed here")
    assert result.returncode == 3
    assert_one_line_error(result, "ASSISTANT_LLM=llamacpp", "pip install")


def test_every_failure_becomes_one_line():
    import errno

    from assistant.errors import describe

    message, code = describe(RuntimeError("eerste regel\n  tweede regel\n\nderde"))
    assert "\n" not in message and message.startswith("RuntimeError: eerste regel tweede regel derde")
    assert code == 1
    message, code = describe(OSError(errno.ENOSPC, "No space left on device", "/data/index/records.sqlite"))
    assert "schijf is vol" in message and "ASSISTANT_DATA_DIR" in message and code == 1
    message, code = describe(OSError(errno.EADDRINUSE, "Address already in use"))
    assert "ASSISTANT_PORT" in message and code == 3
    assert len(describe(ValueError("x" * 5000))[0]) <= 400
