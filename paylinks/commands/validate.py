"""`paylinks validate`: check a catalog (and a stack's overrides) offline, without Stripe calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paylinks.commands.subcommand import add_subcommand, fail

if TYPE_CHECKING:
    from schemas import Catalog

__all__ = ["register", "run", "summary"]

DEFAULT_CATALOG = "stacks/catalog.yaml"
"""Catalog checked when neither a file nor a stack is given."""


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand."""
    parser = add_subcommand(
        subparsers,
        "validate",
        run,
        help="check the catalog against Stripe's rules (no Stripe calls)",
        description=(
            "Validate a catalog file, or with --stack the catalog a stack deploys merged with its "
            "`paylinks:overrides`. Prints every problem as file:line: path: message."
        ),
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=f"catalog file (default: the stack's paylinks:catalog, else {DEFAULT_CATALOG})",
    )
    parser.add_argument("--stack", help="also apply stacks/Pulumi.<STACK>.yaml's overrides")
    parser.add_argument(
        "--project-dir", default=".", type=Path, help="project directory (default: current)"
    )
    parser.add_argument(
        "--write-schema",
        action="store_true",
        help="regenerate schemas/catalog.schema.json from the models and exit",
    )


def summary(catalog: Catalog) -> str:
    """Counts of what the catalog declares, for the success line."""
    counts = {
        "entitlement feature": len(catalog.entitlement_features),
        "product": len(catalog.products),
        "price": len(catalog.prices),
        "coupon": len(catalog.coupons),
        "promotion code": len(catalog.promotion_codes),
        "shipping rate": len(catalog.shipping_rates),
        "payment link": len(catalog.payment_links),
        "webhook endpoint": len(catalog.webhook_endpoints),
    }
    return ", ".join(f"{n} {name}{'' if n == 1 else 's'}" for name, n in counts.items())


def run(args: argparse.Namespace) -> int:
    """Validate; exit 0 with a one-line summary, or 1 listing every problem."""
    # Imported when run, so other `paylinks` commands (the emulator above all) start lighter.
    from schemas import CatalogError, load_catalog, load_stack_catalog
    from schemas.jsonschema import write_catalog_schema

    if args.write_schema:
        print(f"wrote {write_catalog_schema()}")
        return 0
    project: Path = args.project_dir
    stack_name = f"stacks/Pulumi.{args.stack}.yaml"
    if args.stack and not (project / stack_name).is_file():
        return fail("validate", f"no stack file {stack_name} for stack {args.stack}")
    try:
        if args.stack and args.file is None:
            catalog_file, catalog = load_stack_catalog(args.stack, project)
        else:
            catalog_file = Path(args.file) if args.file else project / DEFAULT_CATALOG
            stack_file = project / "stacks" / f"Pulumi.{args.stack}.yaml" if args.stack else None
            catalog = load_catalog(catalog_file, overrides_source=stack_file)
    except CatalogError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'' if count == 1 else 's'} found", file=sys.stderr)
        return 1
    where = f"{catalog_file} (stack {args.stack})" if args.stack else str(catalog_file)
    print(f"{where}: OK, {summary(catalog)}")
    return 0
