"""`paylinks qr`: a PNG and an SVG per payment link URL from the stack's `links` output."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from paylinks.cli import main

LINKS = {
    "tip-jar": {"id": "plink_1", "url": "https://buy.stripe.com/test_tip", "active": True},
    "coffee-club": {"id": "plink_2", "url": "https://buy.stripe.com/test_club", "active": False},
}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking signature and CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert crc == zlib.crc32(kind + body)
    width, height = struct.unpack(">II", body[:8])
    return width, height


def test_writes_png_and_svg_per_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "links.json"
    source.write_text(json.dumps(LINKS), encoding="utf-8")
    out = tmp_path / "qr"
    assert main(["qr", "--from-json", str(source), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "coffee-club.png",
        "coffee-club.svg",
        "tip-jar.png",
        "tip-jar.svg",
    ]
    width, height = png_size((out / "tip-jar.png").read_bytes())
    assert width == height and width > 100
    root = ElementTree.parse(out / "tip-jar.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "wrote 4 files" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not JSON"), ("[1]", "expected an object"), ('{"a": {"id": "x"}}', "no url")],
)
def test_bad_links_json_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    source = tmp_path / "links.json"
    source.write_text(content, encoding="utf-8")
    assert main(["qr", "--from-json", str(source), "--out", str(tmp_path / "qr")]) == 1
    assert message in capsys.readouterr().err


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["qr", "--from-json", str(tmp_path / "nope.json")]) == 1
    assert "can't read" in capsys.readouterr().err
