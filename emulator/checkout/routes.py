"""HTTP for the customer's side of a payment link: show the page, take the payment, confirm.

Thin on purpose: look the link up, read the form, call `backend.checkout_sessions.complete`
(or `quote`, when the customer pressed "Apply" next to a promotion code), and answer with a page
or a redirect. The rules live in `emulator.models.checkout_order`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from emulator.checkout.form import read_submission
from emulator.checkout.order_summary import APPLY_ACTION
from emulator.checkout.payment_page import render_payment_page
from emulator.checkout.status_pages import (
    render_confirmation_page,
    render_expired_page,
    render_not_found_page,
)
from emulator.exceptions import ResourceMissing
from emulator.models.backend import Backend
from emulator.models.checkout_order import CheckoutRejected, Submission, offer_for
from emulator.models.checkout_session import LinkInactive

__all__ = ["SESSION_ID_PLACEHOLDER", "customer_routes"]

#: Replaced in `after_completion.redirect.url` by the completed session's id.
SESSION_ID_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"


def _html(body: str, status_code: int = 200) -> Response:
    """A customer page; never cached, so a link switched on or off shows at the next visit
    (a 410 is cacheable by default in HTTP)."""
    return HTMLResponse(body, status_code=status_code, headers={"Cache-Control": "no-store"})


def _not_found() -> Response:
    return _html(render_not_found_page(), 404)


def _expired(link: dict[str, Any]) -> Response:
    return _html(render_expired_page(link), 410)


def _sellable_link(backend: Backend, request: Request) -> dict[str, Any] | Response:
    """The active link behind the URL's token, or the page to answer instead (404 or expiry)."""
    link = backend.payment_links.by_token(request.path_params["token"])
    if link is None:
        return _not_found()
    if not link["active"]:
        return _expired(link)
    return link


async def show_payment_page(request: Request) -> Response:
    """`GET` on a link's `url`: the payment form, or the expiry page for an inactive link."""
    backend: Backend = request.app.state.backend
    link = _sellable_link(backend, request)
    if isinstance(link, Response):
        return link
    order, _ = backend.checkout_sessions.quote(link, Submission(email="", payment_method=""))
    return _html(render_payment_page(order, request.url.path))


async def submit_payment(request: Request) -> Response:
    """The form's `POST`: complete a Checkout Session, then redirect or confirm."""
    backend: Backend = request.app.state.backend
    link = _sellable_link(backend, request)
    if isinstance(link, Response):
        return link
    form = {key: str(value) for key, value in (await request.form()).items()}
    offer = offer_for(backend, link)
    submission, problems = read_submission(offer, form)
    if submission is not None and form.get("action") == APPLY_ACTION:
        return _applied(backend, link, submission, form, request.url.path)
    if submission is not None:
        try:
            session = backend.checkout_sessions.complete(link["id"], submission)
        except CheckoutRejected as rejected:
            problems = rejected.problems
        except LinkInactive:
            return _expired(backend.payment_links.get(link["id"]))
        else:
            return _after_completion(link, session)
    order, _ = backend.checkout_sessions.quote(
        link, submission or Submission(email="", payment_method="")
    )
    page = render_payment_page(order, request.url.path, values=form, problems=problems)
    return _html(page, 400)


def _applied(
    backend: Backend,
    link: dict[str, Any],
    submission: Submission,
    form: dict[str, str],
    path: str,
) -> Response:
    """The "Apply" button next to the promotion code: the page again, with the discount and the
    new total, or why the code doesn't apply (only that: the customer hasn't tried to pay yet).
    Applying an emptied field takes the discount off."""
    order, problems = backend.checkout_sessions.quote(link, submission)
    shown = {key: message for key, message in problems.items() if key == "promotion_code"}
    page = render_payment_page(order, path, values=form, problems=shown)
    return _html(page, 400 if shown else 200)


def _after_completion(link: dict[str, Any], session: dict[str, Any]) -> Response:
    after = link.get("after_completion") or {}
    if after.get("type") == "redirect":
        url = str(after["redirect"]["url"]).replace(SESSION_ID_PLACEHOLDER, session["id"])
        return RedirectResponse(url, status_code=303)
    return RedirectResponse(f"/c/session/{session['id']}", status_code=303)


async def show_confirmation(request: Request) -> Response:
    """The hosted confirmation of a completed session, with the link's custom message."""
    backend: Backend = request.app.state.backend
    try:
        session = backend.checkout_sessions.get(request.path_params["session_id"])
        link = backend.payment_links.get(session["payment_link"])
    except ResourceMissing:
        return _not_found()
    after = link.get("after_completion") or {}
    message = (after.get("hosted_confirmation") or {}).get("custom_message")
    return _html(render_confirmation_page(session, message))


def customer_routes() -> list[Route]:
    """The customer-facing routes (payment link URLs are `/c/pay/<token>`)."""
    return [
        Route("/c/pay/{token}", show_payment_page, methods=["GET"]),
        Route("/c/pay/{token}", submit_payment, methods=["POST"]),
        Route("/c/session/{session_id}", show_confirmation, methods=["GET"]),
    ]
