"""Load: 20 conversations at once for a minute against `assistant serve`, with an upload midway.

The server is a real `assistant serve` on 127.0.0.1 (fake embedder, uploads on) over 20 generated
notes, each with a figure of its own. Every conversation asks about its own notes, through the
page's API (gradio_client), for ``ASSISTANT_LOAD_SECONDS`` (default 60). Passes when no request
fails, every answer holds the figure of its own question, questions keep being answered while
an uploaded document is indexed, and the upload is answerable afterwards. The figures (requests,
errors, p50/p95 latency, also during the upload) are printed and written to
artifacts/load-test.json.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import assistant_env, default_sigint, free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

gradio_client = pytest.importorskip("gradio_client")

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = 20
DURATION = float(os.environ.get("ASSISTANT_LOAD_SECONDS", "60"))
TOWNS = [
    "Abelwoude", "Brakeloo", "Corsendam", "Dijkerhout", "Elsmoer", "Feldhaven", "Gorslo", "Heukelbrug",
    "Ilpenrade", "Jorwerdam", "Kapelveen", "Lutterhorst", "Mildervoort", "Noordelst", "Ossenwaard",
    "Pannekoek", "Quarleveen", "Ruiterloo", "Sluisdonk", "Tjerkgaast",
]  # fmt: skip
PRODUCTS = [
    "archiefsysteem", "burgerportaal", "telefooncentrale", "werkplekbeheer", "zaaksysteem",
    "belastingpakket", "vergaderapp", "dataplatform", "parkeervergunningen", "subsidieloket",
    "kaartviewer", "klantcontactsysteem", "wifi-netwerk", "printerpark", "back-updienst",
    "identiteitsbeheer", "e-mailbeveiliging", "begrotingstool", "raadsinformatiesysteem", "chatdienst",
]  # fmt: skip
SUPPLIERS = [
    "Blauwbit", "Cirkelsoft", "Duinware", "Egelnet", "Fjordlogic", "Grondtech", "Havikdata", "Irisgroep",
    "Jadecloud", "Korenbyte", "Linthost", "Meeuwsoft", "Nevelnet", "Oeverdata", "Pijlware", "Quintlogic",
    "Rietbyte", "Spiegeltech", "Tulpcloud", "Uilsoft",
]  # fmt: skip


def figure(i: int) -> str:
    return f"{11_000 + 7_919 * i:,}".replace(",", ".")


def question(i: int) -> str:
    return f"Wat kost {PRODUCTS[i]} van {TOWNS[i]} per jaar?"


def make_corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    for i, (town, product, supplier) in enumerate(zip(TOWNS, PRODUCTS, SUPPLIERS, strict=True)):
        text = (
            f"Notitie {town}: {product}\n\n"
            f"De gemeente {town} koos in {2015 + i % 9} voor {product} van leverancier {supplier}. "
            f"Het contract met {supplier} loopt tot {2026 + i % 5}.\n\n"
            f"{product[0].upper() + product[1:]} van {town} kost {figure(i)} euro per jaar. "
            f"Het beheer van {product} ligt bij team {supplier}-{town}.\n"
        )
        (folder / f"notitie-{i:02d}-{town.lower()}.txt").write_text(text, encoding="utf-8")


def upload_document(path: Path) -> None:
    """A longer document (some hundreds of chunks) whose ingest takes a few seconds."""
    paragraphs = [
        f"Paragraaf {n} van het informatiebeleidsplan van Zwaluwhorst gaat over {PRODUCTS[n % 20]} en "
        f"{PRODUCTS[(n * 7) % 20]}, over de samenwerking met {SUPPLIERS[n % 20]} en over de planning "
        f"voor {2024 + n % 6}, met aandacht voor privacy, archivering en informatieveiligheid ({n})."
        for n in range(4000)
    ]
    paragraphs.insert(2000, "Het informatiebeleidsplan van Zwaluwhorst kost 93.517 euro in totaal.")
    path.write_text(
        "Informatiebeleidsplan Zwaluwhorst\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def answer_of(result) -> dict:
    return result[4]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("load")
    corpus = base / "corpus"
    make_corpus(corpus)
    port = free_port()
    env = assistant_env(
        corpus,
        base / "data",
        ASSISTANT_UPLOAD_ENABLED="true",
        ASSISTANT_UPLOAD_MAX_MB="5",
        PYTHONUNBUFFERED="1",
    )
    out, err = (base / "serve.out").open("w"), (base / "serve.err").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=err,
        preexec_fn=default_sigint,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if "Webchat gestart" in (base / "serve.out").read_text():
            break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start: " + (base / "serve.err").read_text()[-2000:])
    yield type("Server", (), {"url": f"http://127.0.0.1:{port}/", "base": base, "proc": proc})
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    out.close()
    err.close()


def test_twenty_conversations_for_a_minute_with_an_upload(server):
    from gradio_client import Client, handle_file

    clients = [None] * CONVERSATIONS

    def connect(c: int) -> None:
        clients[c] = Client(server.url, verbose=False)

    threads = [threading.Thread(target=connect, args=(c,)) for c in range(CONVERSATIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    lock = threading.Lock()
    requests: list[dict] = []  # one per question: conversation, start, end, ok, detail
    upload_window: dict[str, float] = {}
    start = time.monotonic()
    stop = start + DURATION

    def conversation(c: int) -> None:
        client = clients[c]
        n = 0
        while time.monotonic() < stop:
            i = (c + 7 * n) % len(TOWNS) if n % 2 else c  # its own note, and others in turn
            if n and n % 8 == 0:
                client.predict(api_name="/new_chat")  # keep the page size of a real conversation
            t0 = time.monotonic()
            try:
                answer = answer_of(client.predict(question(i), [], api_name="/ask"))
                text = (answer or {}).get("answer")  # none when the server warned instead (its log says why)
                ok = text is not None and f"{figure(i)} euro" in text
                detail = "" if ok else f"answer to {question(i)!r}: {(text or repr(answer))[:200]!r}"
            except Exception as exc:  # an error is a failed request, counted, not a crashed test
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            t1 = time.monotonic()
            with lock:
                requests.append({"c": c, "start": t0 - start, "end": t1 - start, "ok": ok, "detail": detail})
            n += 1

    def uploader() -> None:
        time.sleep(DURATION / 3)
        document = server.base / "informatiebeleidsplan-zwaluwhorst.txt"
        upload_document(document)
        client = Client(server.url, verbose=False)
        upload_window["start"] = time.monotonic() - start
        report, *_ = client.predict([handle_file(str(document))], api_name="/upload")
        upload_window["end"] = time.monotonic() - start
        upload_window["report"] = report
        answer = answer_of(
            client.predict(
                "Wat kost het informatiebeleidsplan van Zwaluwhorst in totaal?", [], api_name="/ask"
            )
        )
        upload_window["answered"] = "93.517 euro" in answer["answer"]

    workers = [threading.Thread(target=conversation, args=(c,)) for c in range(CONVERSATIONS)]
    workers.append(threading.Thread(target=uploader))
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=DURATION + 60)
    wall = time.monotonic() - start

    latencies = [r["end"] - r["start"] for r in requests]
    errors = [r for r in requests if not r["ok"]]
    during = [
        r
        for r in requests
        if "end" in upload_window and upload_window["start"] <= r["end"] <= upload_window["end"]
    ]
    figures = {
        "conversations": CONVERSATIONS,
        "duration_s": round(wall, 1),
        "requests": len(requests),
        "errors": len(errors),
        "throughput_rps": round(len(requests) / wall, 2),
        "latency_s": {
            "p50": round(statistics.median(latencies), 3),
            "p95": round(percentile(latencies, 95), 3),
            "max": round(max(latencies), 3),
        },
        "per_conversation_min": min(sum(1 for r in requests if r["c"] == c) for c in range(CONVERSATIONS)),
        "upload": {
            "seconds": round(upload_window.get("end", float("nan")) - upload_window.get("start", 0.0), 2),
            "answered_during": len(during),
            "p95_during_s": round(percentile([r["end"] - r["start"] for r in during], 95), 3),
            "errors_during": sum(1 for r in during if not r["ok"]),
            "uploaded_document_answered": upload_window.get("answered", False),
        },
        "server": "assistant serve, 127.0.0.1, fake embedder, extractive answers, concurrency 8",
        "first_errors": [r["detail"] for r in errors[:5]],
    }
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "load-test.json").write_text(
        json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print("\nload test:", json.dumps(figures, ensure_ascii=False))

    server_err = (server.base / "serve.err").read_text()
    assert not errors, (figures["first_errors"], server_err[-3000:])
    assert figures["per_conversation_min"] >= 2  # every conversation was served, more than once
    assert "1 document(en) toegevoegd" in upload_window.get("report", ""), upload_window
    assert upload_window["answered"], "the uploaded document is not answered"
    assert during, "no question was answered while the upload was being indexed"
    assert "Traceback" not in server_err, server_err[-3000:]
