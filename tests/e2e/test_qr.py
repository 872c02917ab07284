"""`paylinks qr --stack` after a real `pulumi up`: a PNG and an SVG per deployed link URL.

Run in the project directory with the harness environment, exactly as a user would after
deploying: the command finds `pulumi` on PATH and the stack's backend from the environment.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import segno

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.paths import PAYLINKS
from tests.unit.schemas.test_cli_qr import png_dark_pixels, qr_modules

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
  tip: {name: Tip}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400}
  tip: {product: tip, currency: eur, custom_unit_amount: {enabled: true}}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
  tip-jar:
    line_items: [{price: tip, quantity: 1}]
"""


def expected_svg(url: str) -> bytes:
    """The SVG segno writes for `url` with the command's settings (deterministic)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4)
    return buffer.getvalue()


def test_qr_codes_encode_each_deployed_link_url(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    project = catalog_project(CATALOG)
    project.up()
    urls = {key: link["url"] for key, link in project.links().items()}
    assert set(urls) == {"beans", "tip-jar"}

    out = tmp_path / "qr"
    result = subprocess.run(
        [str(PAYLINKS), "qr", "--stack", project.stack, "--out", str(out)],
        cwd=project.directory, env=project.env, capture_output=True, text=True, check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote 4 files for 2 payment link(s)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "beans.png", "beans.svg", "tip-jar.png", "tip-jar.svg"
    ]
    for key, url in urls.items():
        assert url.startswith(emulator.base_url)
        pixels = png_dark_pixels((out / f"{key}.png").read_bytes())
        modules = qr_modules(url)
        scale = len(pixels) // len(modules)
        assert scale >= 4 and len(pixels) == scale * len(modules)
        assert [row[::scale] for row in pixels[::scale]] == modules, (
            f"{key}.png doesn't encode the deployed URL {url}"
        )
        assert (out / f"{key}.svg").read_bytes() == expected_svg(url), (
            f"{key}.svg doesn't encode the deployed URL {url}"
        )
