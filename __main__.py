"""Pulumi program: make Stripe match the catalog named by this stack (see paylinks.program)."""

from pathlib import Path

from paylinks.program import run

run(Path(__file__).resolve().parent)
