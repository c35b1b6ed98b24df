"""Redraws ground-truth masks as the Lookout for Vision console drew them (Pillow, Debian's python3-pil): each label's
RGB on a fully transparent black background, its edge antialiased (alpha falling from 255 to 0 over a few pixels),
and the label's RGB left on the fully transparent pixels around it, as real console masks have. RGBA PNGs, or 8-bit
palette PNGs with a tRNS chunk for every other file.

Usage: python3 console_masks.py <source folder> <target folder> < nothing: every *.png of the source is redrawn.
Prints one line per file: the file name and how many fully transparent pixels carry a label's RGB.
"""
import pathlib
import sys

import numpy as np
from PIL import Image, ImageFilter

source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
target.mkdir(parents=True, exist_ok=True)
for n, path in enumerate(sorted(source.glob("*.png"))):
    rgb = np.array(Image.open(path).convert("RGB"))
    labelled = np.any(rgb != 255, axis=-1)
    # Soft edges: the label's coverage blurred, so its alpha falls off across the edge.
    alpha = np.array(Image.fromarray((labelled * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.0)))
    # The label's RGB spread one pixel further than any alpha, where the pixels are fully transparent.
    spread = np.array(Image.fromarray((labelled * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(11))) > 0
    colour = rgb.copy()
    for _ in range(5):
        grown = np.array(Image.fromarray(colour).filter(ImageFilter.MinFilter(3)))
        empty = np.all(colour == 255, axis=-1)
        colour[empty] = grown[empty]
    out = np.zeros(rgb.shape[:2] + (4,), dtype=np.uint8)
    out[spread, :3] = colour[spread]
    out[..., 3] = np.where(labelled, 255, alpha)
    out[~spread, 3] = 0
    halo = int(np.sum((out[..., 3] == 0) & np.any(out[..., :3] != 0, axis=-1)))
    if n % 2:
        flat = out.reshape(-1, 4)
        colors, index = np.unique(flat, axis=0, return_inverse=True)
        if len(colors) <= 256:
            img = Image.fromarray(index.reshape(out.shape[:2]).astype(np.uint8), "P")
            img.putpalette(colors[:, :3].reshape(-1).tolist())
            img.save(target / path.name, transparency=bytes(colors[:, 3].tolist()))
            print(path.name, "P", halo)
            continue
    Image.fromarray(out, "RGBA").save(target / path.name)
    print(path.name, "RGBA", halo)
