"""`paylinks preflight --stack S`: before `pulumi up`, look up on the stack's Stripe (read-only)
whether another stack, or an object paylinks doesn't manage, already holds a value the catalog
needs unique on the account, so a deploy stops before its first write instead of partway."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from paylinks.commands.subcommand import add_subcommand, fail

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``preflight`` subcommand."""
    parser = add_subcommand(
        subparsers,
        "preflight",
        run,
        help="look up the stack's Stripe (read-only) for lookup keys and codes others hold",
        description=(
            "Check, with read-only list requests to the stack's Stripe (paylinks:stripe, as the "
            "providers resolve it), that no other stack sharing the account (and no object "
            "paylinks doesn't manage) holds a price lookup key, an active promotion code or an "
            "entitlement feature lookup key the stack's catalog declares. Prints every "
            "collision as file:line: path: message with the fix, and exits 1; `make deploy` and "
            "`make preview` run it after `paylinks validate --stack`. Makes no Stripe writes."
        ),
    )
    parser.add_argument("--stack", required=True, help="the stack (stacks/Pulumi.<STACK>.yaml)")
    parser.add_argument(
        "--project-dir", default=".", type=Path, help="project directory (default: current)"
    )
    parser.add_argument(
        "--config-json",
        metavar="FILE",
        help="the stack's config as `pulumi config --json --show-secrets` prints it (- for "
        "stdin); default: the plain values of the stack file",
    )


def run(args: argparse.Namespace) -> int:
    """Exit 0 with a one-line summary, 1 listing every collision (or a one-line error)."""
    from paylinks.preflight import declared_claims, find_collisions, read_holders
    from paylinks.preflight.stack_config import (
        from_pulumi_json,
        from_stack_file,
        lookup_key_prefix,
        stack_scope,
    )
    from providers.errors import PaylinksError
    from providers.stripe_client import configure_from_stack, current_settings
    from providers.stripe_target import StripeIdentity
    from schemas import CatalogError
    from schemas.loader import load_located_catalog, stack_catalog_files

    stack: str = args.stack
    if not (args.project_dir / "stacks" / f"Pulumi.{stack}.yaml").is_file():
        return fail("preflight", f"no stack file stacks/Pulumi.{stack}.yaml for stack {stack}")
    try:
        catalog_file, stack_file = stack_catalog_files(stack, args.project_dir)
        catalog, source = load_located_catalog(catalog_file, overrides_source=stack_file)
    except CatalogError as error:
        print(error, file=sys.stderr)
        return fail("preflight", f"the catalog of stack {stack} has problems (listed above)")
    except OSError as error:
        return fail("preflight", f"cannot read the files of stack {stack}: {error.strerror}")
    try:
        if args.config_json is None:
            config = from_stack_file(stack_file)
        else:
            source_file = args.config_json
            text = sys.stdin.read() if source_file == "-" else Path(source_file).read_text()
            config = from_pulumi_json(text)
        configure_from_stack(config)
        settings = current_settings()
        scope, prefix = stack_scope(config, stack), lookup_key_prefix(config)
        claims = declared_claims(catalog, source, prefix)
        holders = read_holders(claims, settings)
    except PaylinksError as error:
        return fail("preflight", str(error))
    stripe = StripeIdentity(settings.target, settings.base_url).describe()
    collisions = find_collisions(claims, holders.objects, scope, prefix, str(stack_file))
    reads = f"{holders.requests} read-only request{'' if holders.requests == 1 else 's'}"
    for collision in collisions:
        print(collision.message, file=sys.stderr)
    if collisions:
        count = len(collisions)
        print(
            f"{count} value{'' if count == 1 else 's'} of stack {stack} (paylinks:scope "
            f"'{scope}') already held on {stripe} ({reads})",
            file=sys.stderr,
        )
        return 1
    print(
        f"stack {stack}: none of its {len(claims)} lookup keys and codes is held by another "
        f"stack on {stripe} ({reads})"
    )
    return 0
