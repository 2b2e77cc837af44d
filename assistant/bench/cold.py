"""Phases driven from outside: CLI processes and a web server started cold, as a user would."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import time
import urllib.request
from typing import Any

from assistant.bench.meters import PeakRSS, free_port, percentiles
from assistant.bench.phases import child_env, cli_command


def cli_reingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """`assistant ingest` of the unchanged corpus, as a user runs it: a whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*cli_command(), "ingest", "--json"],
        env=child_env(cfg),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    with PeakRSS(proc.pid) as rss:
        stdout, _ = proc.communicate(timeout=1800)
    seconds = time.perf_counter() - t0
    report = json.loads(stdout) if proc.returncode == 0 else {}
    return {
        "cli_s": round(seconds, 3),
        "cli_rc": proc.returncode,
        "cli_peak_rss_mb": rss.peak_mb,
        "cli_chunks_added": report.get("chunks_added"),
        "cli_files_unchanged": report.get("files_unchanged"),
    }


def cold_ask(cfg: dict[str, Any], question: str, repeats: int) -> dict[str, Any]:
    """Process start -> first answer printed, for `assistant ask --json`."""
    runs: list[float] = []
    peak = 0.0
    answer: dict[str, Any] = {}
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*cli_command(), "ask", "--json", question],
            env=child_env(cfg),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        with PeakRSS(proc.pid) as rss:
            stdout, _ = proc.communicate(timeout=600)
        runs.append(time.perf_counter() - t0)
        peak = max(peak, rss.peak_mb)
        if proc.returncode != 0:
            return {"how": "assistant ask", "error": f"exit {proc.returncode}"}
        answer = json.loads(stdout)
    runs.sort()
    return {
        "how": "assistant ask --json (a whole process: start, load index and model, answer)",
        "first_answer_s": round(runs[len(runs) // 2], 3),
        "runs_s": [round(r, 3) for r in runs],
        "peak_rss_mb": peak,
        "answer_ok": not answer.get("abstained", True),
    }


def web_available() -> bool:

    return importlib.util.find_spec("assistant.app.web.layout") is not None


def _gradio_endpoint(client) -> tuple[str, list[Any], int]:
    """The web app's endpoint that takes a question: (api_name, argument template, question index)."""
    info = client.view_api(print_info=False, return_format="dict") or {}
    endpoints = info.get("named_endpoints") or {}
    preferred = ("ask", "chat", "respond", "answer", "submit", "vraag")

    def rank(name: str) -> int:
        return next((i for i, p in enumerate(preferred) if p in name.lower()), len(preferred))

    for name in sorted(endpoints, key=rank):
        if rank(name) == len(preferred):
            break
        args: list[Any] = []
        index = -1
        for p in endpoints[name].get("parameters") or []:
            ptype = str((p.get("python_type") or {}).get("type", ""))
            if index < 0 and ptype == "str":
                index = len(args)
                args.append("")
            elif p.get("parameter_has_default"):
                args.append(p.get("parameter_default"))
            elif "list" in ptype.lower():
                args.append([])
            else:
                args.append(None)
        if index >= 0:
            return name, args, index
    raise RuntimeError(f"no endpoint of the web app takes a question: {sorted(endpoints)}")


def cold_serve(cfg: dict[str, Any], questions: list[str], timeout: float = 180) -> dict[str, Any]:
    """`assistant serve`: process start -> HTTP 200 on the page -> first answer (gradio_client)."""

    try:
        # A test extra, not a runtime dependency: imported only when the bench measures the web chat.
        from gradio_client import Client
    except ImportError:
        Client = None
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*cli_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=child_env(cfg),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: dict[str, Any] = {"how": "assistant serve -> HTTP 200 -> first answer via gradio_client"}
    try:
        with PeakRSS(proc.pid) as rss:
            while True:
                if proc.poll() is not None:
                    out["error"] = f"serve exited {proc.returncode}: {proc.stderr.read()[-500:]}"
                    return out
                if time.perf_counter() - t0 > timeout:
                    out["error"] = "no HTTP 200 in time"
                    return out
                try:
                    with urllib.request.urlopen(url, timeout=2) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            out["http_200_s"] = round(time.perf_counter() - t0, 3)
            if Client is None:
                out["error"] = "gradio_client not installed: no first answer measured"
                return out
            try:
                client = Client(url, verbose=False)
                api, template, index = _gradio_endpoint(client)

                def ask(question: str) -> tuple[float, float]:
                    """(ms to the first streamed update, ms to the finished answer)."""
                    args = list(template)
                    args[index] = question
                    t = time.perf_counter()
                    first = None
                    job = client.submit(*args, api_name=api)
                    for _ in job:
                        if first is None:
                            first = time.perf_counter()
                    job.result()
                    done = time.perf_counter()
                    return ((first or done) - t) * 1000, (done - t) * 1000

                ask(questions[0])
                out["first_answer_s"] = round(time.perf_counter() - t0, 3)
                out["api"] = api
                firsts, totals = [], []
                for q in questions[1:]:
                    first, total = ask(q)
                    firsts.append(first)
                    totals.append(total)
                out["http_first_update_ms"] = {**percentiles(firsts), "questions": len(firsts)}
                out["http_total_ms"] = {**percentiles(totals), "questions": len(totals)}
            except Exception as exc:  # report, do not fail the benchmark
                out["error"] = f"gradio_client: {type(exc).__name__}: {exc}"[:500]
        out["peak_rss_mb"] = rss.peak_mb
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
