"""Assemble the emulator's ASGI app from its parts (store, models, routes, controls)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware

from emulator.controls import FaultPlan, RateLimiter, RequestLog
from emulator.middleware import ControlsMiddleware
from emulator.models.backend import Backend
from emulator.store import Store
from emulator.urls import routes
from emulator.webhook_delivery import RetryPolicy, WebhookDispatcher

__all__ = ["EmulatorConfig", "create_app"]


@dataclass
class EmulatorConfig:
    """How one emulator process behaves."""

    #: Where payment link URLs point (the server's own address).
    base_url: str = "http://127.0.0.1"
    #: SQLite database file; `:memory:` forgets everything on exit.
    db: str = ":memory:"
    #: Faults injected from the start (tests can change them via `/_emulator/faults`).
    faults: FaultPlan = field(default_factory=FaultPlan)
    #: Requests per second before answering 429 like Stripe (None: unlimited).
    rate_limit: float | None = None
    #: When failed webhook deliveries are retried (tests shorten it via `/_emulator/deliveries`).
    webhook_retry: RetryPolicy = field(default_factory=RetryPolicy)


def create_app(config: EmulatorConfig) -> Starlette:
    """A ready-to-serve app; its state (`backend`, `log`, `faults`, `limiter`) is on
    `app.state` so control endpoints and tests can reach it."""
    store = Store(config.db)
    log = RequestLog()
    limiter = RateLimiter(config.rate_limit)
    app = Starlette(routes=routes())
    app.state.config = config
    app.state.backend = Backend(store, config.base_url)
    app.state.log = log
    app.state.limiter = limiter
    app.state.faults = config.faults
    app.state.deliveries = WebhookDispatcher(app.state.backend, config.webhook_retry)
    app.state.backend.events.subscribe(app.state.deliveries.enqueue)
    app.user_middleware.insert(
        0, Middleware(ControlsMiddleware, log=log, limiter=limiter, state=app.state)
    )
    return app
