"""A stub OpenAI-compatible language model on 127.0.0.1, to show that the answer checks fire.

    python eval/stub_llm.py 8765 &
    ASSISTANT_LLM=openai ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8765/v1 assistant eval --limit 20

Its answers have bad habits on purpose (chosen per question): some cite correctly, some add a
sentence with an invented number or cite a source [9] that was never given, and some contain only
such a sentence. In the evaluation the checked answers keep the good sentences, name what was
removed in their notes, and fall back to the extractive answer where nothing survives.

Options: ``python eval/stub_llm.py PORT [--good]`` (``--good``: only correct answers).
It also serves Ollama's /api/chat on the same port, so ASSISTANT_LLM=ollama works against it too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from stub_llm_server import StubLLMServer, mixed_responder, quoting_responder


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    port = int(args[0]) if args else 8765
    responder = quoting_responder if "--good" in argv else mixed_responder
    server = StubLLMServer(responder, port=port).start()
    print(
        f"Stub-taalmodel luistert op {server.openai_url} (OpenAI) en {server.url}/api/chat (Ollama).\n"
        f"Gebruik: ASSISTANT_LLM=openai ASSISTANT_LLM_BASE_URL={server.openai_url} assistant eval\n"
        "Stoppen met Ctrl-C.",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print(f"\n{len(server.requests)} verzoeken beantwoord.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
