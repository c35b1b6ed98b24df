"""Writes N edge Defect Detection Application captures (its inference-result lines, as its own test captures have them:
the image under <INFER_OUT>, the result as over-padded base64 JSON, eventMetadata) in one JSON Lines file, and the
evaluation manifest of the N test images they name, for the Captures benchmark.

Usage: make_captures.py N FOLDER
"""
import base64
import json
import os
import random
import sys

n, folder = int(sys.argv[1]), sys.argv[2]
os.makedirs(folder, exist_ok=True)
rng = random.Random(9)
with open(os.path.join(folder, "captures.jsonl"), "w") as caps, open(os.path.join(folder, "EvaluationManifest-bench-1.json"), "w") as gt:
    for i in range(n):
        actual = int(rng.random() < 0.3)
        name = "board_%06d.jpg" % i
        old = round(min(0.99, max(0.01, rng.random() * 0.7 + 0.25 * actual)), 2)
        gt.write(json.dumps({"source-ref": "s3://bench/test-images/" + name, "anomaly-label": actual,
                             "anomaly-label-metadata": {"class-name": "anomaly" if actual else "normal"},
                             "anomaly-label-detected": int(old >= 0.5),
                             "anomaly-label-detected-metadata": {"class-name": "anomaly" if old >= 0.5 else "normal",
                                                                 "confidence": old if old >= 0.5 else round(1 - old, 2),
                                                                 "project-name": "bench", "model-version": "1"}}) + "\n")
        score = min(0.999999, max(0.000001, rng.random() * 0.6 + 0.35 * actual))
        anomalous = score >= 0.5
        result = {"Anomaly_score": score, "Anomaly_threshold": 0.5, "Confidence": score if anomalous else 1 - score, "Error msg": "",
                  "Inference result": "Anomaly" if anomalous else "Normal", "Inference status": "success"}
        data = base64.b64encode(json.dumps(result, separators=(",", ":")).encode()).decode() + ("==" if i % 3 == 0 else "")
        time = "2025-11-03T06:%02d:%02d" % (i // 60 % 60, i % 60)
        caps.write(json.dumps({
            "deviceFleetAuxiliaryInputs": [{"data-ref": "<INFER_OUT>/" + name, "encoding": "NONE", "mode": "Input", "name": "Input-1", "observedContentType": "jpg"}],
            "deviceFleetAuxiliaryOutputs": [{"data": data, "encoding": "BASE64", "mode": "Output", "name": "Output-2", "observedContentType": "json"}],
            "deviceFleetInputs": [], "deviceFleetOutputs": [],
            "eventMetadata": {"deviceFleetName": "bench", "deviceId": "cam-%d" % (i % 4), "eventId": "capture-%d" % i, "inferenceTime": time,
                              "modelName": "edge", "modelVersion": "1"},
            "eventVersion": "0"}) + "\n")
