"""`paylinks review`: turn `pulumi preview --json` into the Markdown of a pull-request comment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from paylinks.commands.subcommand import add_subcommand, fail

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand."""
    parser = add_subcommand(
        subparsers,
        "review",
        run,
        help="render `pulumi preview --json` as a Markdown PR comment",
        description=(
            "Read the JSON printed by `pulumi preview --json` and write a Markdown review: public "
            "payment link URL changes first, then field-level changes per resource."
        ),
    )
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="preview JSON file, or - for stdin"
    )
    parser.add_argument("--stack", help="stack name for the heading (default: read from the plan)")
    parser.add_argument(
        "--preflight",
        metavar="FILE",
        help="problems `paylinks preflight` printed for the stack, shown as refusals to come",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the Markdown here instead of stdout"
    )


def run(args: argparse.Namespace) -> int:
    """Render the review; exit 2 with a one-line message when the input isn't a preview."""
    # Imported when run, so other `paylinks` commands (the emulator above all) start lighter.
    from paylinks.review import PlanError, read_plan, render_review

    source = "stdin" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        preflight = (
            Path(args.preflight).read_text(encoding="utf-8").splitlines() if args.preflight else []
        )
        markdown = render_review(read_plan(text), stack=args.stack, preflight=preflight)
    except OSError as exc:
        return fail("review", f"cannot read {source}: {exc.strerror}", 2)
    except PlanError as exc:
        return fail("review", f"{source}: {exc}", 2)
    if args.output:
        Path(args.output).write_text(markdown, encoding="utf-8")
    else:
        sys.stdout.write(markdown)
    return 0
