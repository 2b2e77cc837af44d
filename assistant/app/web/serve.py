"""Starting the web chat: login, the open-network warning, launch and the blocking serve loop."""

from __future__ import annotations

import sys
import time

import gradio as gr

from assistant.answering.candidates import read_ahead_in_background
from assistant.app.web.layout import create_app
from assistant.app.web.texts import CSS
from assistant.offline import configure_offline
from assistant.service import Assistant, prepare_index
from assistant.settings import Settings

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def parse_auth(raw: str | None) -> list[tuple[str, str]] | None:
    """'user:pass,user2:pass2' -> [(user, pass), ...]; None when no login is configured."""
    if not raw or not raw.strip():
        return None
    pairs = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        user, sep, password = item.partition(":")
        if not sep or not user.strip() or not password:
            raise ValueError(
                "ASSISTANT_AUTH moet de vorm 'gebruiker:wachtwoord[,gebruiker2:wachtwoord2]' hebben."
            )
        pairs.append((user.strip(), password))
    return pairs or None


def is_local(host: str) -> bool:
    return host.strip().lower() in LOCAL_HOSTS


def launch(app: gr.Blocks, settings: Settings, *, quiet: bool = True) -> str:
    """Queue and start the app without blocking; returns the local URL."""
    configure_offline()
    app.queue(
        default_concurrency_limit=settings.web.concurrency, max_size=max(64, settings.web.concurrency * 8)
    )
    _, url, _ = app.launch(
        server_name=settings.web.host,
        server_port=settings.web.port,
        auth=parse_auth(settings.web.auth),
        auth_message="Log in om de adviesassistent te gebruiken.",
        prevent_thread_lock=True,
        quiet=quiet,
        show_error=True,
        share=False,
        ssr_mode=False,
        enable_monitoring=False,
        max_threads=max(40, settings.web.concurrency * 4),
        max_file_size=f"{settings.upload.max_mb}mb",
        css=CSS,
        theme=gr.themes.Default(),
        footer_links=["api", "settings"],
        mcp_server=False,
        pwa=False,
    )
    return url


def open_warning(settings: Settings) -> str | None:
    """A loud warning when the chat is reachable from other machines without a login."""
    if is_local(settings.web.host) or parse_auth(settings.web.auth):
        return None
    bar = "!" * 78
    return (
        f"{bar}\nWAARSCHUWING: de webchat luistert op {settings.web.host}:{settings.web.port}, dus ook andere "
        "computers\nkunnen hem bereiken, en er is GEEN login ingesteld. Zet ASSISTANT_AUTH="
        "'gebruiker:wachtwoord'\nof bind aan 127.0.0.1 (ASSISTANT_HOST of --host).\n" + bar
    )


def serve(settings: Settings) -> int:
    """`assistant serve`: index when needed, start the web chat, block until Ctrl-C."""
    assistant = Assistant(settings)
    try:
        auth = parse_auth(settings.web.auth)
    except ValueError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 3
    prepare_index(assistant, out=sys.stderr, staged=True)  # serves on BM25 while the vectors are made
    warning = open_warning(settings)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    app = create_app(assistant)
    try:
        launch(app, settings)
    except OSError as exc:
        print(
            f"Fout: kan de webchat niet starten op {settings.web.host}:{settings.web.port} ({exc}). "
            "Kies een andere poort met --port of ASSISTANT_PORT.",
            file=sys.stderr,
        )
        return 3
    # Once the page is served: the passages read ahead for the answerer (``read_ahead``). Started
    # before the launch it shared the interpreter with Gradio's start: start -> HTTP 200 took
    # 10.0-13.6 s instead of 8.4-9.9 s (three runs each).
    read_ahead_in_background(assistant.lexical.by_id.values())
    shown_host = "127.0.0.1" if settings.web.host in ("0.0.0.0", "::") else settings.web.host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    login = " (login vereist)" if auth else ""
    print(
        f"Webchat gestart{login}: open http://{shown_host}:{settings.web.port} in uw browser. "
        "Stoppen met Ctrl-C.",
        flush=True,
    )
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nWebchat gestopt.", file=sys.stderr)
    finally:
        app.close()
    return 0
