#!/usr/bin/env python3
"""Draws the 平安巡逻 app icons (Public/patrol/icon-192.png, icon-512.png) with the standard
library only: a red rounded square with a white location pin. Run from the package root."""
import math, struct, zlib

RED, WHITE = (0xB3, 0x26, 0x1E), (0xFF, 0xFF, 0xFF)

def inside_square(x, y, r=0.18):
    # Rounded square over [0,1]²; a maskable icon keeps its pin inside the middle 80 %.
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def inside_pin(x, y):
    # A pin: a circle on top, a triangle to the point; a hole in the middle.
    cx, cy, rad = 0.5, 0.42, 0.2
    d = math.hypot(x - cx, y - cy)
    if d <= 0.085:
        return False
    if d <= rad:
        return True
    tip = 0.8
    if cy <= y <= tip:
        half = rad * (tip - y) / (tip - cy) * 0.92
        return abs(x - cx) <= half
    return False

def draw(size, samples=4):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sj in range(samples):
                for si in range(samples):
                    x, y = (i + (si + 0.5) / samples) / size, (j + (sj + 0.5) / samples) / size
                    if not inside_square(x, y):
                        continue
                    c = WHITE if inside_pin(x, y) else RED
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = samples * samples
            a = acc[3] / n
            row += bytes([int(acc[0] / max(acc[3] / 255, 1e-9)) if a else 0,
                          int(acc[1] / max(acc[3] / 255, 1e-9)) if a else 0,
                          int(acc[2] / max(acc[3] / 255, 1e-9)) if a else 0, int(round(a))])
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

if __name__ == "__main__":
    for size in (192, 512):
        with open(f"Public/patrol/icon-{size}.png", "wb") as f:
            f.write(draw(size, samples=3 if size > 200 else 4))
