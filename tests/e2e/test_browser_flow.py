"""The customer's flow, offline, in a real browser: a link deployed by `pulumi up` is paid on the
emulator's hosted page, the merchant's webhook receiver verifies a signed
`checkout.session.completed`, the customer lands on the merchant's thank-you page; removing the
link from the catalog makes the same URL an expiry page, re-adding it makes it sell again.

Headless Chromium is Debian's (`scripts/browser.sh` installs it), driven by Playwright without
any browser download. Screenshots land in `test-artifacts/browser-flow/` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import stripe

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.paths import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser-flow"

CATALOG = """
products:
  house-blend:
    name: House Blend, 250 g
    description: Our everyday medium roast, whole beans.
prices:
  house-blend-bag: {{product: house-blend, currency: eur, unit_amount: 1400}}
payment_links:
  spring-sale:
    line_items:
      - price: house-blend-bag
        quantity: 1
        adjustable_quantity: {{enabled: true, minimum: 1, maximum: 5}}
    payment_method_types: [card, sepa_debit]
    inactive_message: The spring sale is over. See you in autumn!
    after_completion:
      type: redirect
      redirect: {{url: "{shop}/thanks?session={{CHECKOUT_SESSION_ID}}"}}
webhook_endpoints:
  fulfilment:
    url: {shop}/stripe/webhook
    enabled_events: [checkout.session.completed]
"""

WITHOUT_LINK = """
products:
  house-blend:
    name: House Blend, 250 g
    description: Our everyday medium roast, whole beans.
prices:
  house-blend-bag: {{product: house-blend, currency: eur, unit_amount: 1400}}
webhook_endpoints:
  fulfilment:
    url: {shop}/stripe/webhook
    enabled_events: [checkout.session.completed]
"""


@dataclass
class MerchantSite:
    """The merchant's side on 127.0.0.1: a thank-you page and a webhook receiver."""

    url: str = ""
    webhooks: list[tuple[bytes, str]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)


def _merchant_handler(site: MerchantSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            session = parse_qs(urlsplit(self.path).query).get("session", [""])[0]
            body = f"<h1>Thanks from Hollow Oak</h1><p id='session'>{session}</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            payload = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            site.webhooks.append((payload, self.headers.get("Stripe-Signature", "")))
            site.arrived.set()
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


@pytest.fixture
def merchant() -> Iterator[MerchantSite]:
    """The merchant's thank-you page and webhook receiver on a free loopback port."""
    site = MerchantSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _merchant_handler(site))
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site
    server.shutdown()
    server.server_close()


def chromium_path() -> str | None:
    """Debian's Chromium (or `PAYLINKS_CHROMIUM`): never a downloaded browser build."""
    configured = os.environ.get("PAYLINKS_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A fresh page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("no chromium on PATH: run scripts/browser.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 1100, "height": 760})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def _screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_customer_pays_in_a_browser_then_the_removed_link_shows_its_expiry_page(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    merchant: MerchantSite,
    browser_page: Any,
) -> None:
    project = catalog_project(CATALOG.format(shop=merchant.url))
    project.up()
    outputs = project.stack_output()
    link_url = outputs["links"]["spring-sale"]["url"]
    secret = outputs["webhook_endpoints"]["fulfilment"]["secret"]
    assert link_url.startswith(f"{emulator.base_url}/c/pay/")

    page = browser_page
    response = page.goto(link_url)
    assert response is not None and response.status == 200
    assert page.inner_text("h1") == "House Blend, 250 g"
    assert "€14.00" in page.inner_text("#total")
    _screenshot(page, "payment-page")

    page.fill("#email", "jo@customer.example")
    page.fill("input[name^='quantity-']", "3")
    page.check("input[name='payment_method'][value='card']")
    with page.expect_navigation():
        page.click("#submit")
    assert page.url.startswith(f"{merchant.url}/thanks?session=cs_test_"), page.url
    session_id = page.inner_text("#session")
    _screenshot(page, "merchant-thanks")

    assert merchant.arrived.wait(15), "the webhook receiver never heard of the payment"
    payload, signature = merchant.webhooks[0]
    event = stripe.Webhook.construct_event(payload, signature, secret)
    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session_id
    assert event.data.object.amount_total == 4200 and event.data.object.payment_status == "paid"
    assert event.data.object.customer_details.email == "jo@customer.example"

    project.write_catalog(WITHOUT_LINK.format(shop=merchant.url))
    project.up()
    response = page.goto(link_url)
    assert response is not None and response.status == 410
    assert page.inner_text("h1") == "This link has expired"
    assert "The spring sale is over. See you in autumn!" in page.inner_text("body")
    _screenshot(page, "expiry-page")

    project.write_catalog(CATALOG.format(shop=merchant.url))
    project.up()
    restored = project.links()["spring-sale"]
    assert restored["url"] == link_url, "re-adding the link changed its URL"
    assert emulator.client().v1.payment_links.retrieve(restored["id"]).active is True
    response = page.goto(link_url)
    assert response is not None and response.status == 200
    assert page.is_visible("#submit"), "the re-added link does not sell again"
