"""A stub language-model server on 127.0.0.1 for tests and for eval/stub_llm.py.

It speaks just enough of two protocols for the real LangChain clients:

* OpenAI-compatible: ``POST /v1/chat/completions`` (JSON, or SSE with ``stream: true``) and
  ``GET /v1/models`` (vLLM, llama.cpp's server and LM Studio offer the same);
* Ollama: ``POST /api/chat`` (NDJSON stream, or one JSON object with ``stream: false``) and
  ``GET /api/tags``.

``behaviour`` picks what it does: ``normal``, ``error`` (HTTP 500), ``slow`` (waits ``delay``
seconds before answering), ``malformed`` (a reply no client can read) or ``empty`` (an empty
answer). The answer text comes from ``responder(prompt) -> str``; the default quotes the best
sentence of source [1] with its marker, like a well-behaved model.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_SOURCE_RE = re.compile(r'<bron nummer="(\d+)"[^>\n]*>\n(.*?)\n</bron>', re.S)
_WORD_RE = re.compile(r"\w+")


def sources_in(prompt: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in _SOURCE_RE.finditer(prompt)}


def question_in(prompt: str) -> str:
    m = re.search(r"^(?:Vraag|Nieuwe vraag):\s*(.+)$", prompt, re.M)
    return m.group(1).strip() if m else ""


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):  # a heading on its own line stays out of a sentence
        flat = " ".join(block.split())
        out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", flat) if len(s) >= 25)
    return out


def best_sentence(text: str, question: str) -> str | None:
    wanted = {w.lower() for w in _WORD_RE.findall(question) if len(w) > 3}
    scored = [
        (len(wanted & {w.lower() for w in _WORD_RE.findall(s)}), -i, s)
        for i, s in enumerate(_sentences(text))
    ]
    return max(scored)[2] if scored else None


def cite(sentence: str, n: int) -> str:
    return f"{sentence.rstrip(' .;:')} [{n}]."


def quoting_responder(prompt: str) -> str:
    """A well-behaved model: the best sentence of source [1], cited; the question itself for rewrites."""
    sources = sources_in(prompt)
    if not sources:
        return question_in(prompt)
    sentence = best_sentence(sources[min(sources)], question_in(prompt))
    return cite(sentence, min(sources)) if sentence else "De documenten geven geen antwoord op deze vraag."


def mixed_responder(prompt: str) -> str:
    """A model with bad habits, so that an evaluation through it shows the checks at work.

    Per question (stable, by a hash of the question) one of four kinds of answer:
    0 correct citations; 1 a correct sentence plus one with an invented number; 2 a correct sentence
    plus one citing a source [9] that was not given; 3 only a sentence citing [9] (nothing survives
    the checks: the assistant falls back to its extractive answer).
    """
    sources = sources_in(prompt)
    question = question_in(prompt)
    if not sources:
        return question
    kind = zlib.crc32(question.encode("utf-8")) % 4
    first = min(sources)
    good = [
        cite(s, n) for n, s in ((n, best_sentence(t, question)) for n, t in sorted(sources.items())[:2]) if s
    ]
    if not good:
        return "De documenten geven geen antwoord op deze vraag."
    if kind == 0:
        return " ".join(good)
    if kind == 1:
        return f"{good[0]} Daarvoor is jaarlijks 987.654 euro begroot [{first}]."
    if kind == 2:
        return f"{good[0]} Bovendien gaat het volgens de bijlage om een landelijke verplichting [9]."
    return "Volgens het overzicht is dit landelijk geregeld en verplicht voor alle gemeenten [9]."


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (timeout) closed the socket: nothing to report


class StubLLMServer:
    """``with StubLLMServer() as server: ... server.openai_url / server.url``"""

    def __init__(
        self,
        responder: Callable[[str], str] | None = None,
        *,
        behaviour: str = "normal",
        delay: float = 0.0,
        port: int = 0,
        chunk_words: int = 2,
    ) -> None:
        self.responder = responder or quoting_responder
        self.behaviour = behaviour
        self.delay = delay
        self.chunk_words = chunk_words
        self.requests: list[dict] = []
        self._stop = threading.Event()
        self._server = _QuietServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # lifecycle -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def start(self) -> StubLLMServer:
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StubLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # answers -------------------------------------------------------------------------

    def reply_for(self, messages: list[dict]) -> str:
        prompt = "\n".join(str(m.get("content") or "") for m in messages)
        return "" if self.behaviour == "empty" else self.responder(prompt)

    def pieces(self, text: str) -> list[str]:
        words = re.findall(r"\s*\S+", text)
        n = max(self.chunk_words, 1)
        return ["".join(words[i : i + n]) for i in range(0, len(words), n)]

    def wait(self) -> None:
        if self.behaviour == "slow":
            self._stop.wait(self.delay)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, obj: object) -> None:
                self._send(status, json.dumps(obj).encode("utf-8"))

            def _start_stream(self, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()

            def _write(self, data: str) -> None:
                self.wfile.write(data.encode("utf-8"))
                self.wfile.flush()

            def do_GET(self) -> None:
                if self.path.rstrip("/") in ("/v1/models", "/models"):
                    self._json(200, {"object": "list", "data": [{"id": "stub-model", "object": "model"}]})
                elif self.path.startswith("/api/tags"):
                    self._json(200, {"models": [{"name": "stub-model", "model": "stub-model"}]})
                else:
                    self._json(404, {"error": "niet gevonden"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self._json(400, {"error": "geen JSON"})
                    return
                stub.requests.append({"path": self.path, "body": body})
                stub.wait()
                if stub.behaviour == "error":
                    self._json(500, {"error": {"message": "interne fout in de stub", "type": "server_error"}})
                    return
                if self.path.rstrip("/") in ("/v1/chat/completions", "/chat/completions"):
                    self._openai(body)
                elif self.path.rstrip("/") == "/api/chat":
                    self._ollama(body)
                else:
                    self._json(404, {"error": "niet gevonden"})

            # OpenAI-compatible ------------------------------------------------------

            def _openai(self, body: dict) -> None:
                model = body.get("model") or "stub-model"
                text = stub.reply_for(body.get("messages") or [])
                created = int(time.time())
                if not body.get("stream"):
                    if stub.behaviour == "malformed":
                        self._send(200, b'{"id": "x", "choices": [ {"message": ', "application/json")
                        return
                    self._json(
                        200,
                        {
                            "id": "chatcmpl-stub",
                            "object": "chat.completion",
                            "created": created,
                            "model": model,
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                        },
                    )
                    return
                self._start_stream("text/event-stream")
                if stub.behaviour == "malformed":
                    self._write("data: {dit is geen json\n\n")
                    self._write("data: [DONE]\n\n")
                    return

                def chunk(delta: dict, finish: str | None = None) -> str:
                    obj = {
                        "id": "chatcmpl-stub",
                        "object": "chat.completion.chunk",
                        "created": created,
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                    }
                    return f"data: {json.dumps(obj)}\n\n"

                self._write(chunk({"role": "assistant", "content": ""}))
                for piece in stub.pieces(text):
                    self._write(chunk({"content": piece}))
                self._write(chunk({}, "stop"))
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = {
                        "id": "chatcmpl-stub",
                        "object": "chat.completion.chunk",
                        "created": created,
                        "model": model,
                        "choices": [],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                    }
                    self._write(f"data: {json.dumps(usage)}\n\n")
                self._write("data: [DONE]\n\n")

            # Ollama --------------------------------------------------------------------

            def _ollama(self, body: dict) -> None:
                model = body.get("model") or "stub-model"
                text = stub.reply_for(body.get("messages") or [])
                stamp = "2025-01-01T00:00:00Z"
                done = {
                    "model": model,
                    "created_at": stamp,
                    "message": {"role": "assistant", "content": ""},
                    "done": True,
                    "done_reason": "stop",
                    "total_duration": 1000,
                    "prompt_eval_count": 10,
                    "eval_count": 10,
                }
                if body.get("stream", True) is False:
                    if stub.behaviour == "malformed":
                        self._send(200, b"{niet af", "application/json")
                        return
                    self._json(200, {**done, "message": {"role": "assistant", "content": text}})
                    return
                self._start_stream("application/x-ndjson")
                if stub.behaviour == "malformed":
                    self._write("dit is geen json\n")
                    return
                for piece in stub.pieces(text):
                    line = {
                        "model": model,
                        "created_at": stamp,
                        "message": {"role": "assistant", "content": piece},
                        "done": False,
                    }
                    self._write(json.dumps(line) + "\n")
                self._write(json.dumps(done) + "\n")

        return Handler
