#!/usr/bin/env python3
"""Checks that a screenshot rendered: a PNG of the expected size that is
not blank.

    png-check.py FILE WIDTH HEIGHT

Reads the PNG with the standard library only (zlib), undoes the scanline
filters, and counts the pixels that differ from the most common colour
(the page's background). Fails unless the file is a PNG of WIDTH x HEIGHT
pixels with at least 1 % of its pixels, and some in the top fifth (the
title), drawn in something other than the background.
"""

import struct
import sys
import zlib
from collections import Counter


def fail(message):
    print(f"png-check: FAIL: {message}")
    sys.exit(1)


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail(f"{path} has no IHDR chunk")
    return header, zlib.decompress(b"".join(idat))


def pixels(header, raw):
    """The rows of pixels, each a list of byte tuples."""
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        fail(f"unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    bpp, stride = channels, width * channels
    prev = bytearray(stride)
    rows, pos = [], 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
            elif kind != 0:
                fail(f"bad filter type {kind}")
        rows.append([bytes(line[i : i + bpp]) for i in range(0, stride, bpp)])
        prev = line
    return rows


def main():
    if len(sys.argv) != 4:
        fail("usage: png-check.py FILE WIDTH HEIGHT")
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    header, raw = read_png(path)
    width, height = header[0], header[1]
    if (width, height) != (want_w, want_h):
        fail(f"{path} is {width}x{height}, expected {want_w}x{want_h}")
    rows = pixels(header, raw)
    counts = Counter(p for row in rows for p in row)
    background, _ = counts.most_common(1)[0]
    total = width * height
    drawn = total - counts[background]
    top = sum(p != background for row in rows[: height // 5] for p in row)
    print(
        f"png-check: {path}: {width}x{height}, {len(counts)} colours, "
        f"{100 * drawn / total:.1f} % of pixels drawn ({top} in the top fifth)"
    )
    if len(counts) < 2:
        fail("the image is blank: one colour")
    if drawn < total / 100:
        fail("the image is nearly blank: under 1 % of pixels drawn")
    if top == 0:
        fail("nothing drawn in the top fifth of the page")
    print("png-check: ok")


if __name__ == "__main__":
    main()
