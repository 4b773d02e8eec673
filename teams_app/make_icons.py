"""Draw the Teams app icons (color.png 192x192, outline.png 32x32) with the standard library only.

Run once; the PNGs are committed. Teams wants a full-colour icon and a white-on-transparent outline.
    python teams_app/make_icons.py
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (31, 95, 139, 255)  # the manifest's accentColor, #1F5F8B
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _near_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float], width: float) -> bool:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= (width / 2) ** 2


def tick(size: int, ink, paper, ring: bool) -> list[list[tuple[int, int, int, int]]]:
    """A tick in a circle: the mark of a draft that is good to post."""
    rows = []
    for j in range(size):
        row = []
        for i in range(size):
            x, y = (i + 0.5) / size, (j + 0.5) / size
            r = ((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5
            mark = _near_segment(x, y, (0.28, 0.52), (0.44, 0.68), 0.11) or \
                _near_segment(x, y, (0.44, 0.68), (0.73, 0.34), 0.11)
            if ring:  # outline icon: a ring and the tick, white on transparent
                row.append(ink if mark or 0.40 <= r <= 0.47 else paper)
            else:  # colour icon: a white tick on an accent disc, on white
                row.append(WHITE if mark else (ink if r <= 0.46 else paper))
        rows.append(row)
    return rows


def main() -> None:
    (HERE / "color.png").write_bytes(png(192, 192, tick(192, ACCENT, WHITE, ring=False)))
    (HERE / "outline.png").write_bytes(png(32, 32, tick(32, WHITE, CLEAR, ring=True)))


if __name__ == "__main__":
    main()
