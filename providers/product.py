"""Stripe products: a deterministic custom id (adopted when it exists), archived when in use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from . import priced_products
from .base import StripeResourceProvider
from .errors import StripeCallError
from .ownership import owner_of, product_id_for
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = ["Product", "ProductArgs", "ProductProvider"]


ProductArgs = Mapping[str, Any]
"""Inputs of a `Product`: the fields of `schemas.ProductSpec`, plus ``key`` and ``scope`` (the
stack's namespace, config ``paylinks:scope``) naming the object for adoption."""


class ProductProvider(StripeResourceProvider):
    """Lifecycle of a Stripe product (see `StripeResourceProvider`)."""

    kind = "product"
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}
    unset_values: ClassVar[Mapping[str, Any]] = {"shippable": False}

    def product_id(self, declared: Mapping[str, Any]) -> str:
        """The declared custom ``id``, else the deterministic ``prod_pl_<scope>_<key>``."""
        return str(declared.get("id") or product_id_for(*self.identity(declared)))

    def create_or_adopt(self, declared: Mapping[str, Any]) -> StripeObject:
        """Create with the deterministic id; only if Stripe says it exists, GET and adopt it.

        Creating first costs one request per new product (a cold ``up`` of N products makes N
        requests, not 2N); adoption is the rare case and pays the extra GET.
        """
        product_id = self.product_id(declared)
        params = {**self.create_params(declared), "id": product_id}
        try:
            return self.create_new(declared, params)
        except StripeCallError as error:
            if error.code != "resource_already_exists":
                raise
            existing = self.fetch(product_id)
            if existing is None:
                raise
        if owner_of(existing) != self.identity(declared):
            raise StripeCallError(
                f"{self.action('create', declared)} failed: product id {product_id} already "
                "exists in this Stripe account and belongs to another stack or key. Within one "
                "catalog, keys that differ only by '-' and '_' share an id: rename one; across "
                "stacks on one account, give each stack its own paylinks:scope."
            )
        return self.converge(existing, declared)

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Archive a product holding prices, delete one without (one request either way).

        Stripe never deletes a product that has prices, so one whose price was just retired
        (`priced_products`: dependents go first) is archived directly. Any other is deleted; if
        Stripe refuses that with a 400 (prices made outside this run), it is archived instead.
        """
        if priced_products.has_prices(id_):
            self.deactivate(id_, outputs)
            return
        try:
            self.delete_for_good(id_, outputs)
        except StripeCallError as error:
            if error.http_status != 400:
                raise
            self.deactivate(id_, outputs)

    def list_owned(self) -> list[StripeObject]:
        """Products are adopted by id, never by listing."""
        return []

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.products


class Product(StripeResource, module="paylinks", name="Product"):
    """A Stripe product managed by paylinks; its id is ``prod_pl_<scope>_<key>``."""

    provider_class = ProductProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"active": True, "name": None}

    active: pulumi.Output[bool]
    """False when archived."""
    name: pulumi.Output[str]
    """The product name."""
