"""The Pulumi program body: one dynamic resource per catalog entry, and the outputs users need.

The catalog file and the per-environment overrides are read from the stack's files in
``stacks/`` (see ``schemas.load_stack_catalog``); a bad catalog stops the run with every
problem listed (file, line, catalog path) before any resource, so before any Stripe call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pulumi

from providers import (
    Coupon,
    EntitlementFeature,
    PaymentLink,
    Price,
    Product,
    ProductFeature,
    PromotionCode,
    ShippingRate,
    WebhookEndpoint,
)
from providers.errors import PaylinksError
from providers.program_runtime import quiet_routine_debug_lines
from providers.stripe_client import StripeSettings, configure_from_stack, current_settings
from schemas import Catalog, CatalogError, line_item_price_facts, load_stack_catalog
from schemas.kinds import KINDS, resolve_references

__all__ = ["DECLARED_PER_TURN", "LOOKUP_KEY_PREFIX_CONFIG", "LOOP_TURNS_PER_PAUSE", "deploy", "run"]


_KEY_CONFIG = "paylinks:stripeApiKey"


def _refuse_plaintext_key() -> None:
    """A key set without ``--secret`` would sit in the stack file and state in plain text."""
    if pulumi.runtime.get_config(_KEY_CONFIG) and not pulumi.runtime.is_config_secret(_KEY_CONFIG):
        raise pulumi.RunError(
            f"{_KEY_CONFIG} is stored in plain text: set it again with "
            f"`pulumi config set --secret {_KEY_CONFIG} <key>` (or use STRIPE_API_KEY)."
        )


class _RawStackConfig:
    """Stack config by full name (``paylinks:live``), as the provider's `configure` sees it."""

    def get(self, name: str) -> str | None:
        value = pulumi.runtime.get_config(name)
        return value if isinstance(value, str) else None


def _stack_scope(config: pulumi.Config) -> str:
    """The namespace that keeps this stack's objects apart from other stacks on the account."""
    return config.get("scope") or pulumi.get_stack()


LOOKUP_KEY_PREFIX_CONFIG = "lookupKeyPrefix"
"""Stack config ``paylinks:lookupKeyPrefix``: opt-in prefix of every lookup key sent to Stripe."""


def _lookup_key_prefix(config: pulumi.Config) -> str:
    """The stack's lookup key prefix; empty (the default) sends keys exactly as declared.

    Lookup keys are unique per Stripe account. Stacks sharing one account that declare the same
    keys must each set a prefix (``dev:``); their apps then look up the prefixed key.
    """
    return config.get(LOOKUP_KEY_PREFIX_CONFIG) or ""


def _spec_args(kind: str, spec: Any, key: str, scope: str) -> dict[str, Any]:
    """A catalog model as resource inputs: Stripe fields that are set, plus identity. Fields
    that are sub-resources (a product's ``features``) are resources of their own."""
    fields: dict[str, Any] = spec.model_dump(
        mode="json", exclude_none=True, exclude=set(KINDS[kind].attached)
    )
    return {**fields, "key": key, "scope": scope}


_RESOURCES: dict[str, Callable[[str, Mapping[str, Any]], pulumi.CustomResource]] = {
    "entitlement_feature": EntitlementFeature,
    "product": Product,
    "price": Price,
    "coupon": Coupon,
    "promotion_code": PromotionCode,
    "shipping_rate": ShippingRate,
    "payment_link": PaymentLink,
    "webhook_endpoint": WebhookEndpoint,
}
"""The Pulumi resource of each kind in `schemas.kinds.KINDS`."""


def _kind_args(
    catalog: Catalog, kind: str, spec: Any, lookup_key_prefix: str
) -> dict[str, Any]:
    """Kind-specific inputs beside the Stripe fields: a price's or a feature's lookup key as
    Stripe will hold it (the stack's prefix + the declared key, so inputs, outputs and Stripe
    agree), a link's price facts for ``check`` at preview."""
    if kind in ("price", "entitlement_feature") and spec.lookup_key is not None:
        return {"lookup_key": lookup_key_prefix + spec.lookup_key}
    if kind != "payment_link":
        return {}
    prices = [catalog.prices[item.price] for item in spec.line_items]
    return {
        "line_item_prices": [
            dict(line_item_price_facts(price, catalog.products[price.product]))
            for price in prices
        ]
    }


def _product_features(
    catalog: Catalog,
    scope: str,
    products: Mapping[str, Product],
    features: Mapping[str, EntitlementFeature],
) -> dict[str, dict[str, ProductFeature]]:
    """One `ProductFeature` per feature key a product lists (named ``<product>/<feature>``):
    it depends on both, attaches on create and detaches on delete. Returns them by product key,
    then feature key."""
    grants: dict[str, dict[str, ProductFeature]] = {}
    for product_key, spec in catalog.products.items():
        for feature_key in spec.features or []:
            grants.setdefault(product_key, {})[feature_key] = ProductFeature(
                f"{product_key}/{feature_key}",
                {
                    "product": products[product_key].id,
                    "entitlement_feature": features[feature_key].id,
                    "product_key": product_key,
                    "key": feature_key,
                    "scope": scope,
                },
            )
    return grants


DECLARED_PER_TURN = 25
"""Resources declared between two pauses that let their registrations out (see `deploy`)."""
LOOP_TURNS_PER_PAUSE = 10
"""Event-loop turns per pause: a registration takes several (6-10 with Pulumi 3.272's SDK,
``tests/unit/test_program_declaration.py``) before its ``RegisterResource`` call leaves."""


async def _let_registrations_out() -> None:
    """Let the registrations declared so far progress to the engine before declaring more."""
    for _ in range(LOOP_TURNS_PER_PAUSE):
        await asyncio.sleep(0)


async def deploy(
    catalog: Catalog, scope: str, lookup_key_prefix: str = ""
) -> dict[str, pulumi.Output[Any]]:
    """Declare every catalog object, kinds in dependency order; return the stack outputs.

    Every reference the kind's description names (``prices.*.product``, ``line_items[].price``,
    ``optional_items[].price``...) becomes the referenced resource's ``id`` output: the Stripe id
    Stripe wants, and a Pulumi dependency, so the referenced object is created first and its
    replacement updates (or replaces) the objects naming it.

    A resource reaches the engine only when the event loop runs its registration, so declaring
    all of them first kept the engine (and so Stripe) idle while the program built 900 resources.
    Pausing every `DECLARED_PER_TURN` lets the first products' registrations out at once: the
    engine starts the provider and creates them while later objects are still being declared.
    It also spares the program a CPU-bound wait: when the SDK's ``wait_for_rpcs`` found no
    registration started yet (a synchronous body returns before any has run), it went on to wait
    for the pending outputs instead, re-waiting on every one of them each time one resolved, for
    the whole run (measured: 3.8x the program's CPU at 100 links and 25 req/s).
    """
    declared: dict[str, dict[str, Any]] = {}
    count = 0
    for kind, description in KINDS.items():
        resources = declared.setdefault(kind, {})
        for key, spec in getattr(catalog, description.section).items():
            args = resolve_references(
                kind,
                _spec_args(kind, spec, key, scope),
                lambda target, ref: declared[target][ref].id,
            )
            args |= _kind_args(catalog, kind, spec, lookup_key_prefix)
            resources[key] = _RESOURCES[kind](key, args)
            count += 1
            if count % DECLARED_PER_TURN == 0:
                await _let_registrations_out()
    grants = _product_features(catalog, scope, declared["product"], declared["entitlement_feature"])
    products: dict[str, Product] = declared["product"]
    prices: dict[str, Price] = declared["price"]
    links: dict[str, PaymentLink] = declared["payment_link"]
    endpoints: dict[str, WebhookEndpoint] = declared["webhook_endpoint"]
    rates: dict[str, ShippingRate] = declared["shipping_rate"]
    codes: dict[str, PromotionCode] = declared["promotion_code"]
    return {
        "links": pulumi.Output.from_input(
            {
                key: {"id": link.id, "url": link.url, "active": link.active}
                for key, link in links.items()
            }
        ),
        "webhook_endpoints": pulumi.Output.from_input(
            {
                key: {"id": endpoint.id, "secret": endpoint.secret}
                for key, endpoint in endpoints.items()
            }
        ),
        "prices": pulumi.Output.from_input(
            {
                key: {"id": price.id, "lookup_key": price.lookup_key, "active": price.active}
                for key, price in prices.items()
            }
        ),
        "shipping_rates": pulumi.Output.from_input(
            {key: {"id": rate.id, "active": rate.active} for key, rate in rates.items()}
        ),
        "coupons": pulumi.Output.from_input(
            {key: coupon.id for key, coupon in declared["coupon"].items()}
        ),
        "promotion_codes": pulumi.Output.from_input(
            {key: {"id": code.id, "active": code.active} for key, code in codes.items()}
        ),
        "products": pulumi.Output.from_input(
            {key: product.id for key, product in products.items()}
        ),
        "entitlement_features": pulumi.Output.from_input(
            {
                key: {
                    "id": feature.id,
                    "name": feature.name,
                    "lookup_key": feature.lookup_key,
                    "active": feature.active,
                }
                for key, feature in declared["entitlement_feature"].items()
            }
        ),
        "product_features": pulumi.Output.from_input(
            {
                product: {feature: grant.id for feature, grant in granted.items()}
                for product, granted in grants.items()
            }
        ),
    }


def _say_what_is_ignored(settings: StripeSettings) -> None:
    """An emulator stack ignores Stripe settings exported in the shell: say so, once per run."""
    if settings.ignored_environment:
        names = " and ".join(settings.ignored_environment)
        pulumi.log.warn(
            f"stack {pulumi.get_stack()} talks to the bundled emulator at {settings.api_base} "
            f"(paylinks:stripe: emulator): {names} from the environment "
            f"{'is' if len(settings.ignored_environment) == 1 else 'are'} ignored."
        )


def run(project_dir: Path) -> None:
    """Entry point of `__main__.py`: validate everything first, then declare the resources.

    Settings are resolved here as the providers will (config ``paylinks:stripe`` first), so a
    missing or mis-shaped key, a bad API URL or a live-key mistake stops the run before any
    resource is declared, hence before any Stripe request.
    """
    config = pulumi.Config("paylinks")
    _refuse_plaintext_key()
    try:
        # The live-key guard and a missing key fail here, before any resource is declared.
        # The raw lookup reads the secret key without turning it into an Output or logging it.
        configure_from_stack(_RawStackConfig())
        settings = current_settings()
        _, catalog = load_stack_catalog(pulumi.get_stack(), project_dir)
    except (CatalogError, PaylinksError) as error:
        raise pulumi.RunError(str(error)) from None
    _say_what_is_ignored(settings)
    quiet_routine_debug_lines()
    scope, lookup_key_prefix = _stack_scope(config), _lookup_key_prefix(config)
    # Declared by the SDK's async entry point, which exports what it returns: see `deploy`.
    pulumi.run(lambda: deploy(catalog, scope, lookup_key_prefix))
