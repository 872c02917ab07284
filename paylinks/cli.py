"""The `paylinks` console script: one subcommand per module in `paylinks.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "main"]

#: Subcommand modules; each exposes ``register(subparsers)`` which adds its parser and sets
#: ``func`` (``Callable[[argparse.Namespace], int]``) as the parser default.
COMMANDS: tuple[str, ...] = (
    "review",
    "emulator",
    "validate",
    "preflight",
    "qr",
    "import_catalog",
)


def build_parser() -> argparse.ArgumentParser:
    """Assemble the top-level parser from every registered subcommand module."""
    parser = argparse.ArgumentParser(
        prog="paylinks", description="Stripe payment links as code, applied by the Pulumi engine."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"paylinks.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code (also used by tests)."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
