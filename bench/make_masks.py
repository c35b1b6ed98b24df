"""Writes the segmentation benchmark's data: N test images, each with a 1024x1024 RGB ground-truth and predicted
PNG mask of two labels, and the evaluation manifest that names them (relative paths). Seeded: the same files every
run. Uses Debian's python3-pil and python3-numpy.

Usage: make_masks.py <folder> <images>
"""
import json
import os
import sys

import numpy as np
from PIL import Image

folder, count = sys.argv[1], int(sys.argv[2])
size = 1024
labels = {"scratch": (0x2C, 0xA0, 0x2C), "crack": (0xD6, 0x27, 0x28)}
os.makedirs(os.path.join(folder, "masks"), exist_ok=True)
manifest = os.path.join(folder, "EvaluationManifest-bench-1.json")
if os.path.exists(manifest) and sum(1 for _ in open(manifest)) == count:
    sys.exit(0)
rng = np.random.default_rng(7)
color_map = {"0": {"class-name": "BACKGROUND", "hex-color": "#ffffff"}}
for i, (name, rgb) in enumerate(labels.items(), start=1):
    color_map[str(i)] = {"class-name": name, "hex-color": "#%02x%02x%02x" % rgb}
lines = []
for n in range(count):
    paths = {}
    for kind, shift in (("gt", 0), ("pred", 1)):
        img = np.full((size, size, 3), 255, dtype=np.uint8)
        local = np.random.default_rng(1000 * n + 7)
        for name, rgb in labels.items():
            for _ in range(local.integers(1, 4)):
                x, y = local.integers(0, size - 200, 2)
                w, h = local.integers(20, 200, 2)
                img[y + shift * 5:y + h, x + shift * 7:x + w] = rgb
        path = os.path.join("masks", "%s_%05d.png" % (kind, n))
        Image.fromarray(img, "RGB").save(os.path.join(folder, path), compress_level=6)
        paths[kind] = path
    anomaly = 1
    lines.append(json.dumps({
        "source-ref": "s3://bench/images/img_%05d.jpg" % n,
        "anomaly-label": anomaly, "anomaly-label-metadata": {"class-name": "anomaly"},
        "anomaly-label-detected": 1,
        "anomaly-label-detected-metadata": {"class-name": "anomaly", "confidence": 0.9, "project-name": "bench", "model-version": "1"},
        "anomaly-mask-ref": paths["gt"], "anomaly-mask-ref-metadata": {"internal-color-map": color_map},
        "anomaly-mask-ref-detected": paths["pred"], "anomaly-mask-ref-detected-metadata": {"internal-color-map": color_map},
    }))
with open(manifest, "w") as f:
    f.write("\n".join(lines) + "\n")
