"""The customer's side in a real browser: headless Chromium (Debian's, driven by Playwright with
no browser download) and the merchant's site on loopback (a thank-you page and a webhook
receiver). Registered as fixtures in tests/conftest.py; screenshots land in
`test-artifacts/browser-flow/` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
import stripe

from tests.support.paths import REPO_ROOT
from tests.support.pulumi import CatalogProject

if TYPE_CHECKING:
    from tests.support.emulator import EmulatorProcess
    from tests.support.fixtures import CatalogProjectFactory

__all__ = [
    "DeployedShop",
    "MerchantSite",
    "Storefront",
    "chromium_path",
    "deploy_shop",
    "open_page",
    "pay",
    "render_shop",
    "screenshot",
    "signed_webhook",
]

ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser-flow"


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


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot in test-artifacts/browser-flow/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pay(page: Any, merchant: MerchantSite) -> str:
    """Submit the hosted payment page; the customer must land on the merchant's thank-you page.
    Returns the Checkout Session id that page received."""
    with page.expect_navigation():
        page.click("#submit")
    assert page.url.startswith(f"{merchant.url}/thanks?session=cs_test_"), page.url
    return str(page.inner_text("#session"))


def signed_webhook(merchant: MerchantSite, secret: str) -> Any:
    """The first event the merchant received, verified with the endpoint's signing secret."""
    assert merchant.arrived.wait(15), "the webhook receiver never heard of the payment"
    payload, signature = merchant.webhooks[0]
    return stripe.Webhook.construct_event(payload, signature, secret)


@dataclass(frozen=True)
class DeployedShop:
    """A catalog a browser test deployed: its project and its stack outputs."""

    project: CatalogProject
    outputs: dict[str, Any]

    @property
    def webhook_secret(self) -> str:
        """The signing secret of the catalog's `fulfilment` webhook endpoint."""
        return str(self.outputs["webhook_endpoints"]["fulfilment"]["secret"])

    def link_url(self, key: str) -> str:
        """The URL of payment link `key`."""
        return str(self.outputs["links"][key]["url"])


#: A link's `after_completion` sending the customer to the merchant's thank-you page.
THANKS_REDIRECT = (
    '{{type: redirect, redirect: {{url: "{shop}/thanks?session={{CHECKOUT_SESSION_ID}}"}}}}'
)
#: The merchant's webhook endpoint, added to every catalog a customer-side test deploys.
FULFILMENT_WEBHOOK = """
webhook_endpoints:
  fulfilment:
    url: {shop}/stripe/webhook
    enabled_events: [checkout.session.completed]
"""


def render_shop(template: str, merchant: MerchantSite) -> str:
    """The catalog `template` for `merchant`: `{shop}` is its URL, `{thanks}` the redirect to its
    thank-you page (a link's `after_completion`), and its `fulfilment` webhook endpoint added."""
    shop = merchant.url
    catalog = template.format(shop=shop, thanks=THANKS_REDIRECT.format(shop=shop))
    return catalog.rstrip("\n") + "\n" + FULFILMENT_WEBHOOK.format(shop=shop)


def deploy_shop(
    catalog_project: CatalogProjectFactory, template: str, merchant: MerchantSite
) -> DeployedShop:
    """`pulumi up` of the catalog `template` for `merchant` (see `render_shop`)."""
    project = catalog_project(render_shop(template, merchant))
    project.up()
    return DeployedShop(project, project.stack_output())


def open_page(page: Any, url: str, status: int = 200) -> None:
    """Open `url` as the customer would; the page must answer with `status`."""
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)


@dataclass
class Storefront:
    """Everything a customer-side test drives: the catalog it deploys, the emulator (Stripe),
    the merchant's site and the browser page."""

    catalog_project: CatalogProjectFactory
    emulator: EmulatorProcess
    merchant: MerchantSite
    page: Any

    def deploy(self, template: str) -> DeployedShop:
        """`pulumi up` of `template` for this merchant (see `deploy_shop`)."""
        return deploy_shop(self.catalog_project, template, self.merchant)

    def render(self, template: str) -> str:
        """The catalog `template` for this merchant (see `render_shop`)."""
        return render_shop(template, self.merchant)

    def open(self, url: str, status: int = 200) -> Any:
        """The browser page, showing `url` (which must answer with `status`)."""
        open_page(self.page, url, status)
        return self.page

    def pay(self) -> str:
        """Submit the payment page (see `pay`); the Checkout Session id."""
        return pay(self.page, self.merchant)

    def webhook(self, shop: DeployedShop) -> Any:
        """The first event the merchant received, verified with `shop`'s signing secret."""
        return signed_webhook(self.merchant, shop.webhook_secret)

    def session(self, session_id: str) -> Any:
        """The Checkout Session as the merchant's server reads it from Stripe."""
        return self.emulator.client().v1.checkout.sessions.retrieve(session_id)


@pytest.fixture
def storefront(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    merchant: MerchantSite,
    browser_page: Any,
) -> Storefront:
    """A customer-side test's catalog, Stripe, merchant site and browser in one."""
    return Storefront(catalog_project, emulator, merchant, browser_page)
