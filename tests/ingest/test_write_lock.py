"""One writer at a time for an embedded store, proven with real second processes.

A second writer gets a clear error (IndexBusyError, exit code 1 with a Dutch message from the
CLI) and the index it found stays intact; a killed writer leaves no stale lock.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support import assistant_env

BUSY = "Een ander proces werkt de index al bij"

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.ingest.lock import write_lock
    from assistant.settings import Settings

    settings = Settings(corpus_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), embeddings="fake")
    with write_lock(settings):
        print("locked", flush=True)
        sys.stdin.read()  # hold the lock until the test closes stdin (or kills us)
    print("released", flush=True)
    """
)


def locked_by_other(path: Path) -> bool:
    """Whether some process holds a flock on ``path`` (read from /proc/locks, without locking)."""
    try:
        inode = path.stat().st_ino
        table = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(line.split()[5].endswith(f":{inode}") for line in table.splitlines() if "FLOCK" in line)


def child_env(settings) -> dict[str, str]:
    return assistant_env(settings.corpus_dir, settings.data_dir, ANONYMIZED_TELEMETRY="False")


def cli(settings, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.app.cli", *args],
        env=child_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def holder(make_settings, small_corpus, tmp_path):
    """A real second process that holds the write lock of the data dir."""
    settings = make_settings(corpus_dir=small_corpus, data_dir=tmp_path / "data")
    procs: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(settings.corpus_dir), str(settings.data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(settings),
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return proc

    yield settings, start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_second_writer_gets_a_clear_error_and_the_index_survives(holder):
    from assistant.errors import IndexBusyError
    from assistant.service import Assistant

    settings, start = holder
    first = Assistant(settings)
    report = first.ingest()
    chunks = first.store.count()
    assert chunks > 0 and not report.failures
    answer_before = first.ask("Hoeveel gemeenten telt Nederland sinds 1 januari 2021?").answer

    proc = start()  # another process now writes the index
    (settings.corpus_dir / "000_ad1089ded3aa0d40.txt").unlink()  # a change that would remove chunks

    second = Assistant(settings)
    with pytest.raises(IndexBusyError, match=BUSY):
        second.ingest()
    with pytest.raises(IndexBusyError):
        second.ingest(rebuild=True)
    done = cli(settings, "ingest")
    assert done.returncode == 1
    assert BUSY in done.stderr and "Traceback" not in done.stderr

    # Nothing was touched: same chunks, and questions are still answered meanwhile.
    assert second.store.count() == chunks
    asked = cli(settings, "ask", "--json", "Hoeveel gemeenten telt Nederland sinds 1 januari 2021?")
    assert asked.returncode == 0, asked.stderr
    assert (
        Assistant(settings).ask("Hoeveel gemeenten telt Nederland sinds 1 januari 2021?").answer
        == answer_before
    )

    proc.stdin.close()  # the other writer finishes
    assert proc.stdout.readline().strip() == "released"
    proc.wait(timeout=30)

    after = second.ingest()
    assert after.files_removed == 1
    assert second.store.count() == sum(
        1 for r in first.lexical.records if r.doc != "000_ad1089ded3aa0d40.txt"
    )


def test_a_killed_writer_leaves_no_stale_lock(holder):
    from assistant.service import Assistant

    settings, start = holder
    proc = start()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert (settings.index_dir / "write.lock").exists()  # the file stays, the lock does not
    report = Assistant(settings).ingest()
    assert report.files_indexed == 2 and not report.failures


@pytest.mark.slow
def test_two_concurrent_ingest_processes(make_settings, tmp_path):
    """Two real `assistant ingest --rebuild` at once: each succeeds or says the index is busy."""
    from assistant.service import Assistant

    settings = make_settings(data_dir=tmp_path / "data")  # the whole corpus: a few seconds each

    def ingest() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "assistant.app.cli", "ingest", "--rebuild"],
            env=child_env(settings),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    procs = [ingest()]
    lock = settings.index_dir / "write.lock"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and procs[0].poll() is None and not locked_by_other(lock):
        time.sleep(0.02)  # start the second writer while the first one writes, where we can see it
    procs.append(ingest())
    results = []
    for p in procs:
        _, err = p.communicate(timeout=600)
        results.append((p.returncode, err))
    assert any(rc == 0 for rc, _ in results), results
    for rc, err in results:
        assert rc == 0 or (rc == 1 and BUSY in err), err
    # Whatever the interleaving, the index is whole: no chunk twice, BM25 agrees with Chroma.
    assistant = Assistant(settings)
    ids = assistant.store.all_ids()
    assert len(ids) == len(set(ids)) > 0
    assert sorted(ids) == sorted(assistant.lexical.ids)
    again = assistant.ingest()
    assert (again.chunks_added, again.chunks_removed) == (0, 0)
