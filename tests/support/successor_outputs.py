"""Writes a successor model's predictions for a Lookout for Vision test set as the successors write them, and the
oracle the tests check the module against.

Usage: successor_outputs.py SPEC.json   (SPEC: {"manifest": path, "out": folder, "format": sagemaker|edge|jsonl|anomalib,
        "seed": int, "strip_prefix": "circuitboard/test-images/" (the batch transform's input prefix),
        "mask_root": folder (a local copy of the bucket, for segmentation .out files), "rename": {"crack": "Crack"},
        "extra_label": "dent" (one image's mask gains a label the ground truth lacks), "unnormalised": true,
        "skip": n (leave out the first n images), "model": "sagemaker-1",
        "as_manifest": path (where the same predictions are written as a manifest; beside 'out' by default),
        "own_colors": {"crack": "#FF0000"} (a model trained anew: its .out masks redrawn in its own colours, named in Anomalies),
        "no_mask_when_normal": true (an image it calls normal carries no Anomalies and no AnomalyMask, as the algorithm writes it)})

- sagemaker: one '<key below strip_prefix>.out' per image, json.dumps of the DetectAnomalies shape, as the SageMaker
  algorithm's batch transform writes it ({"Source": {"Type": "direct"}, "IsAnomalous": ..., "Confidence": ...}); for a
  segmentation test set also Anomalies (background first) and AnomalyMask, the base64 of the sample's predicted PNG.
- edge: one pretty-printed JSON object per image, the edge Defect Detection Application's deviceGroundTruthData[0].
- jsonl: manifest-shaped lines (source-ref, anomaly-label-detected and its metadata's confidence).
- anomalib: a CSV of image_path, gt_label, pred_score, pred_label, as a team writes anomalib's predictions.

Output (stdout, JSON): the vectors (labels, predictions, anomaly scores) of the images written, scikit-learn's
metrics of them, and 'manifest': the same predictions written as an evaluation manifest.
"""
import base64
import csv
import json
import os
import random
import sys

from sklearn.metrics import accuracy_score, average_precision_score, f1_score, precision_score, recall_score, roc_auc_score

spec = json.load(open(sys.argv[1]))
rng = random.Random(spec.get("seed", 1))
fmt = spec["format"]
out = spec["out"]
os.makedirs(out, exist_ok=True)
strip = spec.get("strip_prefix", "")
rename = spec.get("rename", {})
lines = [json.loads(l) for l in open(spec["manifest"], encoding="utf-8-sig") if l.strip()]
lines = lines[spec.get("skip", 0):]

labels, preds, scores, manifest_lines, rows = [], [], [], [], []
for n, gt in enumerate(lines):
    actual = int(gt["anomaly-label"])
    latent = rng.gauss(0.7 if actual else 0.3, 0.18)
    if spec.get("unnormalised"):
        score = round(latent * 40.0 - 3.0, 6)  # a raw anomalib score, not in 0..1
        anomalous = score >= spec.get("threshold", 17.0)
        confidence = None
    else:
        p = min(0.999999, max(0.000001, latent))
        anomalous = p >= 0.5
        confidence = p if anomalous else 1.0 - p
        score = confidence if anomalous else round(1.0 - confidence, 12)
    labels.append(actual)
    preds.append(int(anomalous))
    scores.append(score)
    ref = gt["source-ref"]
    key = ref.split("/", 3)[3]
    rel = key[len(strip):] if key.startswith(strip) else key

    if fmt == "sagemaker":
        body = {"Source": {"Type": "direct"}, "IsAnomalous": anomalous, "Confidence": confidence}
        if "anomaly-mask-ref-detected" in gt and not (spec.get("no_mask_when_normal") and not anomalous):
            mask_key = gt["anomaly-mask-ref-detected"].split("/", 3)[3]
            png = open(os.path.join(spec["mask_root"], mask_key), "rb").read()
            cmap = gt["anomaly-mask-ref-detected-metadata"]["internal-color-map"]
            own = spec.get("own_colors", {})
            if own:
                import io
                import numpy as np
                from PIL import Image
                rgba = np.array(Image.open(io.BytesIO(png)).convert("RGBA"))
                redrawn = rgba.copy()
                for entry in cmap.values():
                    if entry["class-name"] in own:
                        old = tuple(int(entry["hex-color"][i:i + 2], 16) for i in (1, 3, 5))
                        new = tuple(int(own[entry["class-name"]][i:i + 2], 16) for i in (1, 3, 5))
                        where = (rgba[..., :3] == old).all(axis=2)
                        redrawn[where, :3] = new
                        entry = dict(entry)
                buf = io.BytesIO()
                Image.fromarray(redrawn, "RGBA").save(buf, "PNG")
                png = buf.getvalue()
                cmap = {k: dict(v, **({"hex-color": own[v["class-name"]]} if v["class-name"] in own else {})) for k, v in cmap.items()}
            anomalies = [{"Name": "background", "PixelAnomaly": {"TotalPercentageArea": 0.9, "Color": "#FFFFFF"}}]
            for entry in cmap.values():
                if entry["class-name"] == "BACKGROUND":
                    continue
                name = rename.get(entry["class-name"], entry["class-name"])
                anomalies.append({"Name": name, "PixelAnomaly": {"TotalPercentageArea": entry.get("total-percentage-area", 0.01), "Color": entry["hex-color"].upper()}})
            if spec.get("extra_label") and n == 0:
                anomalies.append({"Name": spec["extra_label"], "PixelAnomaly": {"TotalPercentageArea": 0.0, "Color": "#123456"}})
            body["Anomalies"] = anomalies
            body["AnomalyMask"] = base64.b64encode(png).decode("ascii")
        path = os.path.join(out, rel + ".out")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(json.dumps(body))
    elif fmt == "edge":
        record = {"deviceGroundTruthData": [{
            "source-ref": ref,
            "anomaly-label-detected": int(anomalous),
            "anomaly-label-detected-metadata": {"class-name": "anomaly" if anomalous else "normal", "confidence": confidence,
                                                 "human-annotated": "no", "type": "groundtruth/image-classification",
                                                 "creation-date": "2023-03-01T10:00:%02d.000Z" % (n % 60)}}],
            "deviceFleetName": "line-3", "inferenceTime": "2023-03-01T10:00:%02d.000Z" % (n % 60)}
        with open(os.path.join(out, "inference-%04d.json" % n), "w") as f:
            json.dump(record, f, indent=2)
    elif fmt == "jsonl":
        rows.append(json.dumps({"source-ref": ref, "anomaly-label-detected": int(anomalous),
                                "anomaly-label-detected-metadata": {"class-name": "anomaly" if anomalous else "normal", "confidence": confidence}}))
    elif fmt == "anomalib":
        rows.append(["datasets/" + key, actual, score, "True" if anomalous else "False"])

    if confidence is not None:
        line = {k: v for k, v in gt.items() if not k.startswith("anomaly-label-detected") and not k.startswith("anomaly-mask-ref-detected")}
        line["anomaly-label-detected"] = int(anomalous)
        line["anomaly-label-detected-metadata"] = {"class-name": "anomaly" if anomalous else "normal", "confidence": confidence,
                                                   "project-name": gt["anomaly-label-detected-metadata"].get("project-name", ""),
                                                   "model-version": spec.get("model", "successor")}
        manifest_lines.append(json.dumps(line))

if fmt == "jsonl":
    with open(os.path.join(out, "predictions.jsonl"), "w") as f:
        f.write("\n".join(rows) + "\n")
if fmt == "anomalib":
    with open(os.path.join(out, "predictions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image_path", "gt_label", "pred_score", "pred_label"])
        w.writerows(rows)
manifest = spec.get("as_manifest") or os.path.join(out, "..", os.path.basename(out) + "-as-manifest.json")
if manifest_lines:
    with open(manifest, "w") as f:
        f.write("\n".join(manifest_lines) + "\n")

print(json.dumps({
    "labels": labels, "predictions": preds, "scores": scores, "manifest": os.path.abspath(manifest) if manifest_lines else None,
    "precision": precision_score(labels, preds, zero_division=0), "recall": recall_score(labels, preds, zero_division=0),
    "f1": f1_score(labels, preds, zero_division=0), "accuracy": accuracy_score(labels, preds),
    "roc_auc": roc_auc_score(labels, scores), "average_precision": average_precision_score(labels, scores),
}))
