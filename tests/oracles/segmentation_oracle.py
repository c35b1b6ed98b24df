"""An independent computation of per-label pixel metrics with Pillow and NumPy (Debian's python3-pil and
python3-numpy), for the module's tests to compare against.

Input (stdin, JSON): {"images": [{"gt": path, "pred": path, "gtMap": {"name": "#hex", ...}, "predMap": {...}}]}
Output (stdout, JSON): {"labels": {name: {"tp","fp","fn","images_with_label","images_predicted","precision",
"recall","f1","aiou","micro_iou"}}, "pixels": [[r,g,b] rows of the first image's decoded ground truth, flattened]}

Background is a map entry named BACKGROUND (any case) or coloured #ffffff; the ground truth's colour wins a clash.
"""
import json
import sys

import numpy as np
from PIL import Image


def rgb(path):
    img = Image.open(path)
    img.load()
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = (np.array(img, dtype=np.uint32) >> 8).astype(np.uint8)
        return np.stack([a, a, a], axis=-1)
    if img.mode == "LA":
        a = np.array(img)[..., 0]
        return np.stack([a, a, a], axis=-1)
    return np.array(img.convert("RGB"))


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
    totals = {}
    first_pixels = None
    for image in spec["images"]:
        g = key(rgb(image["gt"]))
        p = key(rgb(image["pred"]))
        if first_pixels is None:
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
