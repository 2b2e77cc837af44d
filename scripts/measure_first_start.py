"""Times a first start as a new user sees it: `assistant serve` on an empty data folder, until
the page answers a question with a citation, and until the status line says the index is done.

Usage (from the repository root, with the assistant installed):
    python scripts/measure_first_start.py /tmp/first-start-data
Needs gradio_client (installed with gradio). Prints the times and the machine load.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

QUESTION = "Hoeveel ICT-fte per 100.000 inwoners hadden gemeenten gemiddeld in 2022?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(data: Path) -> int:
    from gradio_client import Client

    root = Path(__file__).resolve().parent.parent
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "PYTHONPATH": str(root)}
    env.pop("ASSISTANT_EMBEDDINGS", None)  # the default (e5), as a new user has it
    data.mkdir(parents=True, exist_ok=True)
    log = (data / "serve.log").open("w")
    print(f"load {os.getloadavg()[0]:.2f}", flush=True)
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "assistant.app.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if proc.poll() is not None:
                print(f"serve stopped ({proc.returncode}); see {data / 'serve.log'}")
                return 1
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        print(f"page: {time.perf_counter() - t0:.1f} s (load {os.getloadavg()[0]:.2f})", flush=True)
        client = Client(url, verbose=False)
        answer = client.predict(QUESTION, [], api_name="/ask")[-1]
        cited = len(answer.get("citations", []))
        print(f"answer with {cited} citation(s): {time.perf_counter() - t0:.1f} s", flush=True)
        while "geïndexeerd" not in (status := client.predict(api_name="/status")[0]):
            print(f"  {time.perf_counter() - t0:.0f} s {status}", flush=True)
            time.sleep(10)
        print(f"complete index: {time.perf_counter() - t0:.1f} s (load {os.getloadavg()[0]:.2f})")
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
