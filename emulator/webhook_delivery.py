"""Delivering events to webhook endpoints, signed, with retries, off the request path.

A scheduler thread keeps due attempts in a heap and hands them to a small pool of sender threads,
so a slow receiver never blocks the API or other endpoints. A non-2xx answer or a connection
error is retried after the policy's next delay (bounded attempts, like Stripe's retries but in
seconds instead of days); every attempt is logged for `GET /_emulator/deliveries`.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from emulator.models.backend import Backend
from emulator.record_log import RecordLog
from emulator.webhook_signature import signature_header

__all__ = ["DeliveryAttempt", "RetryPolicy", "WebhookDispatcher"]

_USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again: after `delays[0]` s, then `delays[1]` s...; `len(delays) + 1`
    attempts in all. `timeout` bounds one attempt (Stripe waits a few seconds too)."""

    delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
    timeout: float = 5.0

    def __post_init__(self) -> None:
        if any(delay < 0 for delay in self.delays) or self.timeout <= 0:
            raise ValueError("delays must be >= 0 and timeout > 0")
        if len(self.delays) > 20:
            raise ValueError("at most 20 retries")

    @property
    def max_attempts(self) -> int:
        """The first try plus one per delay."""
        return len(self.delays) + 1

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RetryPolicy:
        """`{"delays": [0.05, 0.1], "timeout": 2}` (from `POST /_emulator/deliveries/policy`)."""
        unknown = set(data) - {"delays", "timeout"}
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}; allowed: ['delays', 'timeout']")
        default = cls()
        return cls(
            delays=tuple(float(d) for d in data.get("delays", default.delays)),
            timeout=float(data.get("timeout", default.timeout)),
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON shape served by `GET /_emulator/deliveries/policy`."""
        return {
            "delays": list(self.delays),
            "timeout": self.timeout,
            "max_attempts": self.max_attempts,
        }


@dataclass(frozen=True)
class DeliveryAttempt:
    """One POST of one event to one endpoint, and how it went."""

    event: str
    type: str
    endpoint: str
    url: str
    attempt: int
    #: HTTP status received, or None when no answer came (connection error, timeout).
    status: int | None
    #: `delivered`, `retrying` (another attempt is scheduled), `failed` (gave up) or
    #: `skipped` (endpoint deleted or disabled meanwhile).
    outcome: str
    error: str | None
    at: float

    def to_json(self) -> dict[str, Any]:
        """The JSON shape served by `GET /_emulator/deliveries`."""
        return asdict(self)


@dataclass(frozen=True)
class _Job:
    event: dict[str, Any]
    endpoint_id: str
    attempt: int


class WebhookDispatcher:
    """Queue, sign, send and retry event deliveries for one emulator's backend."""

    def __init__(self, backend: Backend, policy: RetryPolicy | None = None) -> None:
        self.backend = backend
        self.policy = policy or RetryPolicy()
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Job]] = []
        self._order = itertools.count()
        self._in_flight = 0
        self._attempts = RecordLog[DeliveryAttempt]()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="webhook-send")
        self._http = httpx.Client(follow_redirects=False)
        self._stopped = False
        self._scheduler = threading.Thread(target=self._run, name="webhook-scheduler", daemon=True)
        self._scheduler.start()

    # -- what the app and controls call --------------------------------------------------

    def enqueue(self, event: dict[str, Any], endpoint_ids: list[str]) -> None:
        """Deliver `event` to each endpoint now (an `EventModel` listener)."""
        for endpoint_id in endpoint_ids:
            self._schedule(_Job(event, endpoint_id, 1), delay=0.0)

    def attempts(self) -> list[DeliveryAttempt]:
        """Every attempt so far, oldest first."""
        return self._attempts.entries()

    def clear(self) -> None:
        """Forget the attempt log (scheduled retries still run)."""
        self._attempts.clear()

    def pending(self) -> int:
        """Attempts scheduled or being sent."""
        with self._cond:
            return len(self._heap) + self._in_flight

    def stop(self) -> None:
        """Stop scheduling; attempts being sent finish (for tests and shutdown)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- the worker side ------------------------------------------------------------------

    def _schedule(self, job: _Job, delay: float) -> None:
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._order), job))
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.monotonic()):
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopped:
                    return
                _, _, job = heapq.heappop(self._heap)
                self._in_flight += 1
            try:
                self._pool.submit(self._send, job)
            except RuntimeError:  # pool shut down
                return

    def _send(self, job: _Job) -> None:
        try:
            self._attempt(job)
        finally:
            with self._cond:
                self._in_flight -= 1

    def _attempt(self, job: _Job) -> None:
        event = job.event
        endpoint = self.backend.store.get("webhook_endpoint", job.endpoint_id)
        if endpoint is None or endpoint["status"] != "enabled":
            reason = "endpoint deleted" if endpoint is None else "endpoint disabled"
            url = endpoint["url"] if endpoint else ""
            self._log(job, url, None, "skipped", reason)
            return
        payload = json.dumps(event, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": _USER_AGENT,
            "Stripe-Signature": signature_header(payload, endpoint["_secret"]),
        }
        status: int | None = None
        error: str | None = None
        try:
            response = self._http.post(
                endpoint["url"], content=payload, headers=headers, timeout=self.policy.timeout
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error is None:
            self._log(job, endpoint["url"], status, "delivered", None)
            self.backend.events.delivered(event["id"])
            return
        if job.attempt < self.policy.max_attempts:
            self._log(job, endpoint["url"], status, "retrying", error)
            self._schedule(
                _Job(event, job.endpoint_id, job.attempt + 1), self.policy.delays[job.attempt - 1]
            )
        else:
            self._log(job, endpoint["url"], status, "failed", error)

    def _log(
        self, job: _Job, url: str, status: int | None, outcome: str, error: str | None
    ) -> None:
        attempt = DeliveryAttempt(
            event=job.event["id"],
            type=job.event["type"],
            endpoint=job.endpoint_id,
            url=url,
            attempt=job.attempt,
            status=status,
            outcome=outcome,
            error=error,
            at=time.time(),
        )
        self._attempts.append(attempt)
