"""`paylinks import`: an existing Stripe account as a catalog, made adoptable by a stack.

`account` reads (through `providers.stripe_client`), `translate` decides (pure), `shaping`
drops Stripe's defaults, `keys` names entries, `document` writes YAML, `tagging` writes the
ownership metadata that `--adopt` promises.
"""

from paylinks.importer.account import read_account
from paylinks.importer.document import render_catalog
from paylinks.importer.tagging import apply_tags
from paylinks.importer.translate import AccountSnapshot, ImportPlan, Tag, plan_import

__all__ = [
    "AccountSnapshot",
    "ImportPlan",
    "Tag",
    "apply_tags",
    "plan_import",
    "read_account",
    "render_catalog",
]
