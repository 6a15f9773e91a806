"""Draw the extension's icon (images/icon.png, 128x128): a database cylinder with a
check mark on a rounded square. Standard library only: ``python3 images/make_icon.py``."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZE = 128
SCALE = 4  # supersampling for smooth edges
BACKGROUND = (45, 62, 140)
CYLINDER = (240, 244, 255)
BAND = (45, 62, 140)
CHECK = (46, 204, 113)


def inside_rounded_square(x: float, y: float) -> bool:
    r, lo, hi = 22, 4, SIZE - 4
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and lo <= x <= hi and lo <= y <= hi


def in_ellipse(x: float, y: float, cx: float, cy: float, rx: float, ry: float) -> bool:
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1


def cylinder(x: float, y: float) -> tuple[int, int, int] | None:
    cx, rx, ry, top, bottom = 56, 32, 11, 30, 94
    if in_ellipse(x, y, cx, top, rx, ry):
        return CYLINDER
    for band in (52, 74):  # the rims between the stacked disks
        if (
            abs(x - cx) <= rx
            and in_ellipse(x, y, cx, band, rx, ry)
            and not in_ellipse(x, y, cx, band - 4, rx, ry)
        ):
            return BAND if y > band - 4 else CYLINDER
    if abs(x - cx) <= rx and top <= y <= bottom or in_ellipse(x, y, cx, bottom, rx, ry):
        return CYLINDER
    return None


def on_check(x: float, y: float) -> bool:
    def near(ax: float, ay: float, bx: float, by: float, width: float) -> bool:
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= width * width

    return near(78, 92, 90, 104, 6) or near(90, 104, 112, 76, 6)


def pixel(x: float, y: float) -> tuple[int, int, int, int]:
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    if in_ellipse(x, y, 95, 90, 24, 24):  # the check mark's disk
        return (*CHECK, 255) if not on_check(x, y) else (255, 255, 255, 255)
    found = cylinder(x, y)
    return (*(found or BACKGROUND), 255)


def render() -> bytes:
    rows = []
    for py in range(SIZE):
        row = bytearray(b"\x00")
        for px in range(SIZE):
            samples = [
                pixel(px + (i + 0.5) / SCALE, py + (j + 0.5) / SCALE)
                for i in range(SCALE)
                for j in range(SCALE)
            ]
            alpha = sum(s[3] for s in samples)
            if alpha == 0:
                row += bytes(4)
                continue
            rgb = [sum(s[c] * s[3] for s in samples) // alpha for c in range(3)]
            row += bytes([*rgb, alpha // len(samples)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(data: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(data, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    Path(__file__).with_name("icon.png").write_bytes(png(render()))
