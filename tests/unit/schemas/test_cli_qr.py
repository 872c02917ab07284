"""`paylinks qr`: a PNG and an SVG per payment link URL from the stack's `links` output."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
import segno

from paylinks.cli import main

LINKS = {
    "tip-jar": {"id": "plink_1", "url": "https://buy.stripe.com/test_tip", "active": True},
    "coffee-club": {"id": "plink_2", "url": "https://buy.stripe.com/test_club", "active": False},
}


def png_dark_pixels(data: bytes) -> list[list[bool]]:
    """Decode a 1-bit greyscale PNG (as segno writes it): True where a pixel is black.

    Checks the signature and every chunk's CRC on the way.
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind!r}"
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour, interlace) == (1, 0, 0)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + (width + 7) // 8
    rows, previous = [], bytes(stride - 1)
    for y in range(height):
        line = unfilter(raw[y * stride], raw[y * stride + 1 : (y + 1) * stride], previous)
        rows.append([not (line[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
        previous = line
    return rows


def unfilter(kind: int, line: bytes, previous: bytes) -> bytes:
    """Undo one PNG row filter (1 byte per pixel group at bit depth 1)."""
    out = bytearray()
    for i, value in enumerate(line):
        left = out[i - 1] if i else 0
        up = previous[i]
        up_left = previous[i - 1] if i else 0
        if kind == 0:
            predictor = 0
        elif kind == 1:
            predictor = left
        elif kind == 2:
            predictor = up
        elif kind == 3:
            predictor = (left + up) // 2
        else:
            estimate = left + up - up_left
            distances = [abs(estimate - left), abs(estimate - up), abs(estimate - up_left)]
            predictor = (left, up, up_left)[distances.index(min(distances))]
        out.append((value + predictor) & 0xFF)
    return bytes(out)


def qr_modules(url: str) -> list[list[bool]]:
    """The QR code modules for `url` (with the 4-module quiet zone), dark = True."""
    matrix = [[bool(cell) for cell in row] for row in segno.make(url, error="m").matrix]
    size = len(matrix) + 8
    return [
        [4 <= x < size - 4 and 4 <= y < size - 4 and matrix[y - 4][x - 4] for x in range(size)]
        for y in range(size)
    ]


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
    pixels = png_dark_pixels((out / "tip-jar.png").read_bytes())
    modules = qr_modules(LINKS["tip-jar"]["url"])
    scale = len(pixels) // len(modules)
    assert scale >= 4 and len(pixels) == scale * len(modules)
    assert [row[::scale] for row in pixels[::scale]] == modules, "PNG encodes the link URL"
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


def test_stack_outputs_are_read_with_pulumi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "bin" / "pulumi"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {tmp_path}/args\n'
        f"echo '{json.dumps({'tip-jar': LINKS['tip-jar']})}'\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    assert main(["qr", "--stack", "dev", "--out", str(tmp_path / "qr")]) == 0
    assert (tmp_path / "args").read_text().split() == [
        "stack",
        "output",
        "--json",
        "links",
        "--stack",
        "dev",
    ]
    assert sorted(p.name for p in (tmp_path / "qr").iterdir()) == ["tip-jar.png", "tip-jar.svg"]
