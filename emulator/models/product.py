"""Products: Stripe's shapes and rules, no HTTP.

Rules mirrored: custom `id` unique, name not empty, `default_price` must be an active price of
this product, delete refused while the product has prices (archive with `active=false`).
"""

from __future__ import annotations

from typing import Any

from emulator.exceptions import InvalidRequestError
from emulator.models.common import (
    CREATED,
    EXPAND,
    LIST_PARAMS,
    Paginated,
    check_metadata,
    filter_created,
    new_id,
    now,
)
from emulator.models.price import DEFAULT_PRICE_DATA
from emulator.models.references import check_tax_code
from emulator.models.stored import StoredModel
from emulator.params import UNSET, Arr, Bool, Map, Num, Obj, Str
from emulator.rules import rule

__all__ = ["CREATE", "LIST", "UPDATE", "ProductModel"]

PRODUCT_NAME = rule("product.name", "a product's name isn't blank")
PRODUCT_ID_BLANK = rule("product.id_blank", "a custom product id isn't blank")
PRODUCT_ID_TAKEN = rule("product.id_taken", "product ids are unique per account")
DEFAULT_PRICE_FOREIGN = rule(
    "product.default_price_foreign", "a product's default price is one of its own prices"
)
DEFAULT_PRICE_ARCHIVED = rule("product.default_price_archived", "a default price is active")
PRODUCT_DELETE_WITH_PRICES = rule(
    "product.delete_with_prices", "a product with prices can't be deleted (archive it)"
)

_PACKAGE_DIMENSIONS = Obj(
    fields={name: Num() for name in ("height", "length", "weight", "width")},
    required=("height", "length", "weight", "width"),
)
_FEATURE = Obj(fields={"name": Str(max_length=5000)}, required=("name",))

#: `POST /v1/products`.
CREATE = Obj(
    fields={
        "active": Bool(),
        "default_price_data": DEFAULT_PRICE_DATA,
        "description": Str(max_length=40000),
        "id": Str(),
        "images": Arr(item=Str()),
        "marketing_features": Arr(item=_FEATURE),
        "metadata": Map(),
        "name": Str(),
        "package_dimensions": _PACKAGE_DIMENSIONS,
        "shippable": Bool(),
        "statement_descriptor": Str(max_length=22),
        "tax_code": Str(),
        "unit_label": Str(max_length=12),
        "url": Str(),
        **EXPAND,
    },
    required=("name",),
)

#: `POST /v1/products/{id}`.
UPDATE = Obj(
    fields={
        "active": Bool(),
        "default_price": Str(),
        "description": Str(max_length=40000, emptyable=True),
        "images": Arr(item=Str(), emptyable=True),
        "marketing_features": Arr(item=_FEATURE, emptyable=True),
        "metadata": Map(emptyable=True),
        "name": Str(),
        "package_dimensions": Obj(
            fields=_PACKAGE_DIMENSIONS.fields,
            required=_PACKAGE_DIMENSIONS.required,
            emptyable=True,
        ),
        "shippable": Bool(),
        "statement_descriptor": Str(max_length=22, emptyable=True),
        "tax_code": Str(emptyable=True),
        "unit_label": Str(max_length=12, emptyable=True),
        "url": Str(emptyable=True),
        **EXPAND,
    }
)

#: `GET /v1/products`.
LIST = LIST_PARAMS.with_fields(
    {"active": Bool(), "ids": Arr(item=Str()), "shippable": Bool(), "url": Str(), **CREATED}
)

_SIMPLE_FIELDS = (
    "description",
    "images",
    "name",
    "package_dimensions",
    "shippable",
    "statement_descriptor",
    "tax_code",
    "unit_label",
    "url",
)


def _blank_name(name: str) -> InvalidRequestError:
    """Stripe's answer to a product name that is empty or only whitespace."""
    code = "parameter_invalid_string_empty" if name == "" else "parameter_invalid_string_blank"
    return PRODUCT_NAME.error("Products must have a non-empty name.", param="name", code=code)


class ProductModel(StoredModel):
    """Create, read, update, delete and list products."""

    kind = "product"
    missing_param = "id"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """Create a product (with a custom `id` if given, and `default_price_data`)."""
        check_metadata(params.get("metadata"))
        check_tax_code(params.get("tax_code"), "tax_code")
        if not params["name"].strip():
            raise _blank_name(params["name"])
        product_id = params.get("id") or new_id("prod_", 14)
        if not product_id.strip():
            raise PRODUCT_ID_BLANK.error("Invalid id: an id cannot be blank.", param="id")
        with self.store.transaction():
            if self.store.exists(product_id):
                raise PRODUCT_ID_TAKEN.error(
                    "Product already exists.", param="id", code="resource_already_exists"
                )
            created = now()
            product: dict[str, Any] = {
                "id": product_id,
                "object": "product",
                "active": params.get("active", True),
                "created": created,
                "default_price": None,
                "description": None,
                "images": [],
                "livemode": False,
                "marketing_features": params.get("marketing_features", []),
                "metadata": params.get("metadata", {}),
                "name": None,
                "package_dimensions": None,
                "shippable": None,
                "statement_descriptor": None,
                "tax_code": None,
                "type": "service",
                "unit_label": None,
                "updated": created,
                "url": None,
            }
            for name in _SIMPLE_FIELDS:
                if name in params:
                    product[name] = params[name]
            self.store.insert(self.kind, product)
            if "default_price_data" in params:
                price = self.backend.prices.create_default(product_id, params["default_price_data"])
                product["default_price"] = price["id"]
                self.store.save(product)
        return product

    def update(self, product_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Change updatable fields; `''` unsets where Stripe allows it."""
        with self.changing(product_id, params) as product:
            check_tax_code(params.get("tax_code"), "tax_code")
            if "name" in params and not params["name"].strip():
                raise _blank_name(params["name"])
            if "default_price" in params:
                product["default_price"] = self._checked_default_price(
                    product_id, params["default_price"]
                )
            if "active" in params:
                product["active"] = params["active"]
            for name in (*_SIMPLE_FIELDS, "marketing_features"):
                if name in params:
                    value = params[name]
                    empty: Any = [] if name in ("images", "marketing_features") else None
                    product[name] = empty if value is UNSET else value
            product["updated"] = now()
        return product

    def _checked_default_price(self, product_id: str, price_id: str) -> str | None:
        if price_id == "":
            return None
        price = self.backend.prices.get(price_id, param="default_price")
        if price["product"] != product_id:
            raise DEFAULT_PRICE_FOREIGN.error(
                f"The price `{price_id}` does not belong to product `{product_id}`; a product's "
                "default price must be one of its own prices.",
                param="default_price",
            )
        if not price["active"]:
            raise DEFAULT_PRICE_ARCHIVED.error(
                f"The price `{price_id}` is archived (active=false) and cannot be made the "
                "default price. Activate it first.",
                param="default_price",
            )
        return price_id

    def delete(self, product_id: str) -> dict[str, Any]:
        """Delete a product that has no prices; Stripe refuses otherwise (archive instead)."""
        with self.store.transaction():
            self.get(product_id)
            if self.store.count_children(product_id, kind="price"):
                raise PRODUCT_DELETE_WITH_PRICES.error(
                    "This product cannot be deleted because it has one or more user-created "
                    "prices. Archive it instead by updating it with `active=false`.",
                    param="id",
                )
            self.backend.product_features.detach_all(product_id)
            return self.delete_stored(product_id)

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """List newest first, filtered by `active`, `created`, `ids[]`, `shippable`, `url`."""
        products = filter_created(self.store.all(self.kind), params)
        if "ids" in params:
            wanted = set(params["ids"])
            products = [p for p in products if p["id"] in wanted]
        return self.list_page(products, params, url, equal=("active", "shippable", "url"))
