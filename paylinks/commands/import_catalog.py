"""`paylinks import`: write a catalog from an existing Stripe account (optionally adopting it).

Named ``import_catalog`` because ``import`` is a Python keyword; the subcommand is ``import``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from paylinks.commands.subcommand import add_subcommand, fail

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``import`` subcommand."""
    parser = add_subcommand(
        subparsers,
        "import",
        run,
        help="write a catalog from the objects in a Stripe account",
        description=(
            "Read active entitlement features, products (with their attached features), "
            "prices and payment links (with their line items), coupons, "
            "active promotion codes, active shipping rates and webhook endpoints from the "
            "account of STRIPE_API_KEY (at STRIPE_API_BASE, e.g. the emulator) and write them "
            "as a catalog. Entries refer to each other by catalog key, never by Stripe id (a "
            "promotion code's coupon, a coupon's products, a link's prices and shipping rates, "
            "a product's features); what refers to an object left out (archived, deleted, another "
            "scope's) is skipped, or loses that shipping option or feature, with a note. "
            "Promotion codes no customer can use (inactive, expired, used up), archived "
            "shipping rates and coupons no longer valid are left out, with one note per kind. "
            "Webhook signing secrets are never written. With --adopt, tag the objects with "
            "paylinks_scope/paylinks_key metadata so the stack with that scope adopts them on "
            "its first `pulumi up` instead of creating duplicates."
        ),
    )
    parser.add_argument(
        "--out", required=True, help="catalog file to write, or `-` for standard output"
    )
    parser.add_argument(
        "--scope",
        help="the stack's paylinks:scope: strip it from lookup keys and leave out objects other "
        "scopes manage",
    )
    parser.add_argument(
        "--adopt",
        action="store_true",
        help="tag the imported objects for --scope (writes metadata in Stripe; each tag printed)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite --out if it already exists"
    )


def _fail(message: str) -> int:
    return fail("import", message)


def run(args: argparse.Namespace) -> int:
    """Import; exit 0 after writing (and tagging), 1 with one clear message otherwise.

    With ``--out -`` the catalog is the only thing on standard output (notes, tags and the
    summary go to standard error), so it can be piped or redirected.
    """
    # Imported here, not at the top: every `paylinks` command registers this module, and the
    # others (`emulator`, `validate`, `review`) start faster without the Pulumi SDK and providers.
    from paylinks.commands.validate import summary
    from paylinks.importer import apply_tags, plan_import, read_account, render_catalog
    from providers import stripe_client
    from providers.errors import ConfigurationError, StripeCallError
    from schemas import CatalogError
    from schemas.loader import validate_catalog_document
    from schemas.yaml_source import parse_yaml

    if args.adopt and not args.scope:
        return _fail("--adopt needs --scope (the paylinks:scope of the stack that will own them)")
    to_stdout = args.out == "-"
    out = Path(args.out)
    if not to_stdout and out.exists() and not args.force:
        return _fail(f"{out} already exists; choose another --out or pass --force")
    report = sys.stderr if to_stdout else sys.stdout
    try:
        # The live-key guard, before any request, worded for a command that reads the environment.
        settings = stripe_client.current_settings(stripe_client.ENVIRONMENT_HINTS)
        plan = plan_import(read_account(), args.scope, args.adopt)
        text = render_catalog(plan.catalog, settings.api_base or "Stripe")
        try:
            catalog = validate_catalog_document(parse_yaml(text, "<imported catalog>"))
        except CatalogError as error:
            return _fail(f"the imported catalog does not validate (please report):\n{error}")
        if to_stdout:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text)
        for note in plan.notes:
            print(f"note: {note}", file=report)
        if args.adopt:
            apply_tags(plan.tags, args.scope, lambda line: print(line, file=report))
    except (ConfigurationError, StripeCallError) as error:
        return _fail(str(error))
    print(f"wrote {'standard output' if to_stdout else out}: {summary(catalog)}", file=report)
    return 0
