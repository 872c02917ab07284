"""Run the emulator with uvicorn: bind first (port 0 → a free port), print the base URL as the
first line of stdout, serve until SIGTERM/SIGINT, then close the database cleanly."""

from __future__ import annotations

import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from emulator.app import EmulatorConfig, create_app

__all__ = ["bind", "serve"]


class _Server(uvicorn.Server):
    """uvicorn's server, but SIGTERM/SIGINT end it with exit code 0 (a clean, asked-for stop)
    instead of re-raising the signal after shutdown."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {
            sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0 lets the OS choose)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it Nagle + delayed ACKs cap each connection at ~25 req/s.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def serve(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 12111) -> int:
    """Serve until stopped; returns the process exit code."""
    sock = bind(host, port)
    real_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    config.base_url = f"http://{shown_host}:{real_port}"
    app = create_app(config)
    print(config.base_url, flush=True)
    print(
        f"Stripe emulator on {config.base_url} (db: {config.db}); use any sk_test_ key. "
        "Stop with Ctrl-C or SIGTERM.",
        file=sys.stderr,
        flush=True,
    )
    server = _Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
    )
    try:
        server.run(sockets=[sock])
    finally:
        app.state.backend.store.close()
        sock.close()
    return 0
