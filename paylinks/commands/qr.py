"""`paylinks qr`: a PNG and an SVG QR code for every deployed payment link URL."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import segno

from paylinks.commands.subcommand import add_subcommand, fail

__all__ = ["QrError", "links_from_json", "register", "run", "write_qr_codes"]


class QrError(Exception):
    """The stack outputs couldn't be read or don't hold payment links."""


def register(subparsers: Any) -> None:
    """Add the ``qr`` subcommand."""
    parser = add_subcommand(
        subparsers,
        "qr",
        run,
        help="write QR codes (PNG and SVG) for each payment link URL of a stack",
        description=(
            "Read the stack output `links` (key -> {id, url, active}) with "
            "`pulumi stack output --json links` and write <key>.png and <key>.svg per link."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--stack", help="read the `links` output of this stack")
    source.add_argument(
        "--from-json", type=Path, metavar="FILE", help="read the `links` JSON from a file instead"
    )
    parser.add_argument("--out", type=Path, default=Path("qr"), help="output directory (./qr)")


def links_from_json(text: str) -> dict[str, str]:
    """Link key → URL from the JSON of the ``links`` stack output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise QrError(f"not JSON: {error}") from None
    if not isinstance(data, Mapping):
        raise QrError("expected an object mapping link keys to {id, url, active}")
    links = {}
    for key, link in data.items():
        url = link.get("url") if isinstance(link, Mapping) else None
        if not isinstance(url, str) or not url:
            raise QrError(f"link '{key}' has no url")
        links[str(key)] = url
    return links


def _stack_links_json(stack: str) -> str:
    pulumi = shutil.which("pulumi")
    if pulumi is None:
        raise QrError("the `pulumi` CLI is not on PATH")
    result = subprocess.run(
        [pulumi, "stack", "output", "--json", "links", "--stack", stack],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise QrError(f"`pulumi stack output` failed: {result.stderr.strip()}")
    return result.stdout


def write_qr_codes(links: Mapping[str, str], out_dir: Path) -> list[Path]:
    """Write ``<key>.png`` and ``<key>.svg`` for each link; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for key, url in sorted(links.items()):
        code = segno.make(url, error="m")
        for suffix in (".png", ".svg"):
            path = out_dir / f"{Path(key).name}{suffix}"
            code.save(str(path), scale=8, border=4)
            written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    """Write the QR codes; exit 1 with one message when the links can't be read."""
    try:
        if args.from_json is not None:
            text = args.from_json.read_text(encoding="utf-8")
        else:
            text = _stack_links_json(args.stack)
        links = links_from_json(text)
    except OSError as error:
        return fail("qr", f"can't read {args.from_json}: {error.strerror}")
    except QrError as error:
        return fail("qr", str(error))
    written = write_qr_codes(links, args.out)
    print(f"wrote {len(written)} files for {len(links)} payment link(s) in {args.out}")
    return 0
