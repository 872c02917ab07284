"""What every `paylinks` subcommand shares: its parser's registration and its one-line failure."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["add_subcommand", "fail"]

Runner = Callable[[argparse.Namespace], int]
"""A subcommand's entry point: the parsed arguments in, the exit code out."""


def add_subcommand(
    subparsers: Any, name: str, run: Runner, *, help: str, description: str
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` whose parsed arguments go to ``run``; returns its parser for the
    subcommand's own arguments (``paylinks.cli`` calls ``args.func(args)``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=description
    )
    parser.set_defaults(func=run)
    return parser


def fail(command: str, message: str, code: int = 1) -> int:
    """Print ``paylinks COMMAND: MESSAGE`` on standard error and return the exit code ``code``,
    so every subcommand reports a user's mistake the same way: one line, no traceback."""
    print(f"paylinks {command}: {message}", file=sys.stderr)
    return code
