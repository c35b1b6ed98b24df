"""Writes stand-in test images (JPEG, 320x240, a gradient and a few shapes that differ per image) at the paths given
one per line on stdin, for the report's thumbnail tests. Uses Debian's python3-pil."""
import os
import sys
import zlib

from PIL import Image, ImageDraw

for line in sys.stdin:
    path = line.strip()
    if not path:
        continue
    seed = zlib.crc32(path.encode())
    img = Image.new("RGB", (320, 240))
    draw = ImageDraw.Draw(img)
    for y in range(240):
        draw.line([(0, y), (319, y)], fill=(120 + y // 4, 110 + (seed % 60), 100 + y // 3))
    for k in range(3):
        x, y = (seed >> (k * 5)) % 260, (seed >> (k * 7)) % 180
        draw.ellipse([x, y, x + 40, y + 40], outline=(40, 40, 40), width=3)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, "JPEG", quality=85)
