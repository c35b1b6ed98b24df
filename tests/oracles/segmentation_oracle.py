"""An independent computation of per-label pixel metrics with Pillow and NumPy (Debian's python3-pil and
python3-numpy), for the module's tests to compare against.

Input (stdin, JSON): {"images": [{"gt": path or null, "pred": path, "gtMap": {"name": "#hex", ...}, "predMap": {...}}],
 "write": [{"path", "mode": "RGBA" or "P", "width", "height", "background": "#hex" or null, "blobs": [{"hex", "cx", "cy", "r"}]}]}
A null "gt" is an all-background ground truth (a normal image without a mask). "write" draws masks as the service's
console did, before anything is counted: each blob is the label's RGB at an alpha that falls from 255 inside to 0 over
a soft edge, with the label's RGB left on a fully transparent halo around it, on transparent black (or an opaque
background colour); "P" writes an 8-bit palette PNG whose tRNS chunk carries the alphas.
Output (stdout, JSON): {"labels": {name: {"tp","fp","fn","images_with_label","images_predicted","precision",
"recall","f1","aiou","micro_iou"}}, "pixels": [[r,g,b] rows of the first image's decoded ground truth, flattened]}

Background is a map entry named BACKGROUND (any case) or coloured #ffffff, and any pixel with alpha 0 whatever its
RGB; the ground truth's colour wins a clash.
"""
import json
import sys

import numpy as np
from PIL import Image


def rgb(path):
    """The RGB of each pixel, with fully transparent pixels made white (background)."""
    img = Image.open(path)
    img.load()
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = (np.array(img, dtype=np.uint32) >> 8).astype(np.uint8)
        return np.stack([a, a, a], axis=-1)
    if img.mode == "LA":
        la = np.array(img)
        a = la[..., 0]
        out = np.stack([a, a, a], axis=-1)
        out[la[..., 1] == 0] = 255
        return out
    rgba = np.array(img.convert("RGBA"))
    out = rgba[..., :3].copy()
    out[rgba[..., 3] == 0] = 255
    return out


def write(spec):
    w, h = spec["width"], spec["height"]
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    if spec.get("background"):
        c = int(spec["background"].lstrip("#"), 16)
        rgba[...] = [(c >> 16) & 255, (c >> 8) & 255, c & 255, 255]
    yy, xx = np.mgrid[0:h, 0:w]
    for b in spec["blobs"]:
        c = int(b["hex"].lstrip("#"), 16)
        d = np.sqrt((xx - b["cx"]) ** 2 + (yy - b["cy"]) ** 2)
        # Opaque inside r - 3, soft over 6 pixels, and the label's RGB at alpha 0 on a 3-pixel halo beyond.
        alpha = np.clip((b["r"] + 3 - d) / 6.0, 0, 1)
        inside = d <= b["r"] + 6
        a = np.round(alpha * 255).astype(np.uint8)
        rgba[inside, 0], rgba[inside, 1], rgba[inside, 2] = (c >> 16) & 255, (c >> 8) & 255, c & 255
        rgba[inside, 3] = np.maximum(rgba[inside, 3] * (a[inside] > 0), a[inside]) if not spec.get("background") else np.where(a[inside] > 0, 255, rgba[inside, 3])
    if spec["mode"] == "P":
        # 8-bit palette: one entry per distinct RGBA, transparency in tRNS.
        flat = rgba.reshape(-1, 4)
        colors, index = np.unique(flat, axis=0, return_inverse=True)
        assert len(colors) <= 256, len(colors)
        img = Image.fromarray(index.reshape(h, w).astype(np.uint8), "P")
        img.putpalette(colors[:, :3].reshape(-1).tolist())
        img.info["transparency"] = bytes(colors[:, 3].tolist())
        img.save(spec["path"], transparency=bytes(colors[:, 3].tolist()))
    else:
        Image.fromarray(rgba, "RGBA").save(spec["path"])


def key(arr):
    return (arr[..., 0].astype(np.int64) << 16) | (arr[..., 1].astype(np.int64) << 8) | arr[..., 2].astype(np.int64)


def labels_of(gt_map, pred_map):
    labels = {}
    taken = set()
    for m in (gt_map, pred_map):
        for name, hexcolor in m.items():
            color = int(hexcolor.lstrip("#"), 16)
            if name.upper() == "BACKGROUND" or color == 0xFFFFFF:
                continue
            if name in labels or color in taken:
                continue
            labels[name] = color
            taken.add(color)
    return labels


def main():
    spec = json.load(sys.stdin)
    for w in spec.get("write", []):
        write(w)
    totals = {}
    first_pixels = None
    for image in spec["images"]:
        p = key(rgb(image["pred"]))
        g = key(rgb(image["gt"])) if image["gt"] else np.full(p.shape, 0xFFFFFF, dtype=np.int64)
        if first_pixels is None and image["gt"]:
            first_pixels = rgb(image["gt"]).reshape(-1, 3).tolist()
        for name, color in labels_of(image["gtMap"], image["predMap"]).items():
            t = totals.setdefault(name, {"tp": 0, "fp": 0, "fn": 0, "images_with_label": 0, "images_predicted": 0, "iou_sum": 0.0})
            gm, pm = g == color, p == color
            tp = int(np.sum(gm & pm))
            fp = int(np.sum(pm & ~gm))
            fn = int(np.sum(gm & ~pm))
            t["tp"] += tp
            t["fp"] += fp
            t["fn"] += fn
            if gm.any():
                t["images_with_label"] += 1
                t["iou_sum"] += tp / (tp + fp + fn)
            if pm.any():
                t["images_predicted"] += 1
    out = {}
    for name, t in totals.items():
        tp, fp, fn = t["tp"], t["fp"], t["fn"]
        out[name] = {
            "tp": tp, "fp": fp, "fn": fn,
            "images_with_label": t["images_with_label"], "images_predicted": t["images_predicted"],
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
            "aiou": t["iou_sum"] / t["images_with_label"] if t["images_with_label"] else 0.0,
            "micro_iou": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
        }
    json.dump({"labels": out, "pixels": first_pixels}, sys.stdout)


if __name__ == "__main__":
    main()
