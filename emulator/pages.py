"""The customer-facing page behind a payment link's `url` (a placeholder until checkout pages
exist): 200 with the items for an active link, 410 with its inactive message otherwise."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from emulator.models.backend import Backend

__all__ = ["payment_link_page"]


async def payment_link_page(request: Request) -> Response:
    """Render what a customer following the link would buy."""
    backend: Backend = request.app.state.backend
    link = backend.payment_links.by_token(request.path_params["token"])
    if link is None:
        return HTMLResponse("<h1>Page not found</h1>", status_code=404)
    if not link["active"]:
        message = link.get("inactive_message") or "This link is no longer active."
        return HTMLResponse(f"<h1>Link expired</h1><p>{escape(message)}</p>", status_code=410)
    rows = []
    for item in link["_line_items"]:
        rendered = backend.payment_links.render_item(item)
        amount = rendered["amount_total"] / 100
        rows.append(
            f"<li>{escape(str(rendered['description']))} x {rendered['quantity']}: "
            f"{amount:.2f} {escape(str(rendered['currency']).upper())}</li>"
        )
    return HTMLResponse(f"<h1>Checkout (emulator)</h1><ul>{''.join(rows)}</ul>")
