"""Writes the bad-input corpus (tests/corpus/files/) and its expected outcomes (expectations.json). Run it again to
rebuild both; Corpus.Tests.ps1 runs every case and checks its outcome. Deterministic: the same files every time.

Each expectation: file, reader (manifest | result | segmentation | uri), kept (records written), errors (the ErrorIds
written, in order), category (of every error) and target (of the first error: a suffix of the TargetObject).
The 10 MB line is written by the test itself (huge-line.json), to keep the repository small.
"""
import gzip
import json
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
os.makedirs(OUT, exist_ok=True)
cases = []


def line(actual=1, predicted=1, confidence=0.9, image="img.jpg", **extra):
    d = {
        "source-ref": "s3://corpus-bucket/test/" + image,
        "anomaly-label": actual,
        "anomaly-label-metadata": {"class-name": "anomaly" if actual else "normal"},
        "anomaly-label-detected": predicted,
        "anomaly-label-detected-metadata": {"class-name": "anomaly" if predicted else "normal", "confidence": confidence,
                                            "project-name": "corpus", "model-version": "1"},
    }
    d.update(extra)
    return json.dumps(d, separators=(",", ":"))


GOOD = [line(1, 1, 0.9, "a.jpg"), line(0, 0, 0.8, "b.jpg"), line(1, 0, 0.6, "c.jpg")]


def write(name, data, reader="manifest", kept=0, errors=(), category="InvalidData", target=None, note=""):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    cases.append({"file": name, "reader": reader, "kept": kept, "errors": list(errors), "category": category,
                  "target": target, "note": note})


def around(bad, name, target_line=2, error="InvalidManifestLine", note=""):
    """A bad line between two good ones: both good lines are kept, one error names line 2."""
    data = GOOD[0].encode() + b"\n" + (bad if isinstance(bad, bytes) else bad.encode()) + b"\n" + GOOD[1].encode() + b"\n"
    write(name, data, kept=2, errors=[error], target=f"{name}:{target_line}", note=note)


write("valid.json", "\n".join(GOOD) + "\n", kept=3, note="the control: three good lines")
write("truncated-last-line.json", GOOD[0] + "\n" + GOOD[1] + "\n" + GOOD[2][:40], kept=2, errors=["InvalidManifestLine"], target="truncated-last-line.json:3")
around(GOOD[2][:-10] + "xx", "malformed-middle.json")
around(line(confidence=0.5).replace('"anomaly-label":1', '"anomaly-label":"yes"'), "label-is-text.json")
around(line().replace('"confidence":0.9', '"confidence":"high"'), "confidence-is-text.json")
around(line().replace('"confidence":0.9', '"confidence":NaN'), "confidence-nan.json")
around(line().replace('"confidence":0.9', '"confidence":Infinity'), "confidence-infinity.json")
around(line(confidence=1.5), "confidence-above-one.json")
around(line(confidence=-0.2), "confidence-negative.json")
around(line().replace('"anomaly-label":1', '"anomaly-label":2'), "label-out-of-range.json")
around("[" * 5000 + "]" * 5000, "deeply-nested.json")
around(line(image="PLACEHOLDERX.jpg").encode().replace(b"PLACEHOLDERX", b"\xff\xfe bad"), "invalid-utf8-in-value.json")
write("invalid-utf8-in-key.json", (line(**{"x": 1}).encode().replace(b'"x"', b'"\xc3\x28"') + b"\n" + GOOD[1].encode() + b"\n"), kept=2,
      note="a key the module does not read costs nothing, invalid UTF-8 or not")
around(line().encode().replace(b'img.jpg"', b'img\x00.jpg"'), "nul-byte-in-line.json")
write("duplicate-keys.json", GOOD[0] + "\n" + GOOD[1][:-1] + ',"anomaly-label":1}\n', kept=1, errors=["InvalidManifestLine"],
      target="duplicate-keys.json:2", note="a key the module reads, given twice with two values, is an error naming both: which is meant cannot be told")
around('[1,2,3]', "array-line.json")
around('42', "scalar-line.json")
around('"just a string"', "string-line.json")
around('null', "null-line.json")
around(json.dumps({"source-ref": "s3://b/x.jpg", "defect": 1}), "unknown-label-key.json")
write("unknown-class-names.json", line().replace('"class-name":"anomaly"', '"class-name":"weird"') + "\n", kept=1, note="the numeric label decides; class names are words")
around(json.dumps({"anomaly-label": 1}), "no-source-ref.json")
around(line().replace(',"confidence":0.9', ''), "no-confidence.json")
write("empty.json", "", errors=["EmptyManifest"], target="empty.json")
write("whitespace-only.json", "  \n\t\n\r\n   ", errors=["EmptyManifest"], target="whitespace-only.json")
write("bom-only.json", b"\xef\xbb\xbf", errors=["EmptyManifest"], target="bom-only.json")
write("manifest.json.gz", gzip.compress(("\n".join(GOOD) + "\n").encode(), mtime=0), kept=3, note="gzip, read as if not compressed")
write("gzip-without-gz-name.json", gzip.compress(("\n".join(GOOD) + "\n").encode(), mtime=0), kept=3, note="detected by its magic bytes")
write("utf16-le.json", b"\xff\xfe" + ("\r\n".join(GOOD) + "\r\n").encode("utf-16-le"), kept=3)
write("utf16-be.json", b"\xfe\xff" + ("\n".join(GOOD) + "\n").encode("utf-16-be"), kept=3)
write("bom-in-the-middle.json", GOOD[0].encode() + b"\n\xef\xbb\xbf" + GOOD[1].encode() + b"\n", kept=2, note="files joined with cat")
write("crlf-no-final-newline.json", "\r\n".join(GOOD), kept=3)
write("blank-lines-between.json", GOOD[0] + "\n\n   \n" + GOOD[1] + "\n\n", kept=2)
write("escape-sequences.json", GOOD[0] + "\n\x1b[31mred\x1b[0m\x07\n" + GOOD[1] + "\n", kept=2, errors=["InvalidManifestLine"], target="escape-sequences.json:2",
      note="no message may carry the raw escape characters")
rng = random.Random(7)
write("binary.json", bytes([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) + bytes(rng.randrange(256) for _ in range(4000)),
      errors=["NotAnEvaluationManifest"], target="binary.json", note="an executable renamed x.json: one error, not one per line")
write("html-error-page.json", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>\n",
      errors=["NotAnEvaluationManifest"], target="html-error-page.json")
write("evaluation-result-as-manifest.json", json.dumps({"Version": 1, "EvaluationDetails": {"ModelArn": "arn:aws:lookoutvision:us-east-1:1:model/p/1"},
      "AggregatedEvaluationResults": {"Metrics": {"ROCAUC": 0.9, "F1Score": 0.8}}}, indent=2), errors=["NotAnEvaluationManifest"], target="evaluation-result-as-manifest.json")
dataset = "\n".join(json.dumps({"source-ref": f"s3://b/train/{i}.jpg", "anomaly-label": i % 2, "anomaly-label-metadata": {"class-name": "anomaly" if i % 2 else "normal",
                    "human-annotated": "yes"}}) for i in range(63))
write("dataset-manifest.json", dataset + "\n", errors=["NotAnEvaluationManifest"], target="dataset-manifest.json",
      note="ground truth on every line, prediction on none: one error that says what it is")

# Result files, read with Get-LfvEvaluationResult.
RESULT = {"Version": 1, "EvaluationDetails": {"ModelArn": "arn:aws:lookoutvision:us-east-1:1:model/p/1", "NumberOfTestingImages": 3},
          "AggregatedEvaluationResults": {"Metrics": {"ROCAUC": 0.9, "AveragePrecision": 0.8, "Precision": 0.7, "Recall": 0.6, "F1Score": 0.65}}}


def result(name, doc, ok=False, note=""):
    text = doc if isinstance(doc, str) else json.dumps(doc)
    write(name, text, reader="result", kept=1 if ok else 0, errors=[] if ok else ["InvalidEvaluationResult"], target=None if ok else name, note=note)


result("result-valid.json", RESULT, ok=True, note="the control")
r = json.loads(json.dumps(RESULT)); del r["AggregatedEvaluationResults"]; result("result-no-aggregated.json", r)
r = json.loads(json.dumps(RESULT)); r["AggregatedEvaluationResults"]["Metrics"] = []; result("result-metrics-is-array.json", r)
r = json.loads(json.dumps(RESULT)); r["AggregatedEvaluationResults"]["Metrics"]["PixelAnomalyClassMetrics"] = {"ClassName": "x"}; result("result-pixel-metrics-not-array.json", r)
r = json.loads(json.dumps(RESULT)); r["AggregatedEvaluationResults"]["Metrics"]["ROCAUC"] = "high"; result("result-number-is-text.json", r)
r = json.loads(json.dumps(RESULT)); r["EvaluationDetails"]["NumberOfTestingImages"] = 2.5; result("result-count-not-whole.json", r)
r = json.loads(json.dumps(RESULT)); r["EvaluationDetails"]["EvaluationEndTimestamp"] = "yesterday"; result("result-bad-timestamp.json", r)
result("result-empty.json", "")
result("result-truncated.json", json.dumps(RESULT)[:60])
result("result-is-a-manifest.json", "\n".join(GOOD) + "\n")
result("result-is-an-array.json", [RESULT])

# Masks, through Measure-LfvSegmentation: a manifest whose masks are a text file, a PNG claiming a huge size, and a
# reference that leaves its folder.
MAP = {"0": {"class-name": "BACKGROUND", "hex-color": "#ffffff"}, "1": {"class-name": "scratch", "hex-color": "#2ca02c"}}


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


ok_png = png(2, 2, b"\x00" + b"\xff" * 6 + b"\x00" + b"\x2c\xa0\x2c" * 2)
with open(os.path.join(OUT, "mask-ok.png"), "wb") as f:
    f.write(ok_png)
with open(os.path.join(OUT, "mask-is-text.png"), "w") as f:
    f.write("<Error><Code>NoSuchKey</Code></Error>")
with open(os.path.join(OUT, "mask-huge-header.png"), "wb") as f:
    f.write(png(100000, 100000, b"\x00\x00\x00\x00"))


def seg(name, truth, predicted, error, category, note):
    def l(image, gt, pr):
        return line(1, 1, 0.9, image, **{"anomaly-mask-ref": gt, "anomaly-mask-ref-metadata": {"internal-color-map": MAP},
                                         "anomaly-mask-ref-detected": pr, "anomaly-mask-ref-detected-metadata": {"internal-color-map": MAP}})
    data = l("good1.jpg", "mask-ok.png", "mask-ok.png") + "\n" + l("bad.jpg", truth, predicted) + "\n" + l("good2.jpg", "mask-ok.png", "mask-ok.png") + "\n"
    write(name, data, reader="segmentation", kept=2, errors=[error], category=category, target="bad.jpg", note=note)


seg("segmentation-mask-not-png.json", "mask-ok.png", "mask-is-text.png", "InvalidMask", "InvalidData", "kept counts the images measured")
seg("segmentation-mask-huge-header.json", "mask-ok.png", "mask-huge-header.png", "MaskTooLarge", "InvalidData", "refused before any pixel is decoded")
seg("segmentation-mask-missing.json", "mask-ok.png", "no-such-mask.png", "MaskNotFound", "ObjectNotFound", "")
seg("segmentation-mask-leaves-folder.json", "mask-ok.png", "../../../etc/passwd", "InvalidMaskReference", "InvalidData", "names from a manifest never become paths unchecked")
seg("segmentation-s3-key-with-dotdot.json", "mask-ok.png", "s3://corpus-bucket/../../etc/passwd", "InvalidMaskReference", "InvalidData", "")

# URIs that are not S3 object URIs: no file, the text is the case.
# s3://bucket and s3://bucket/ are prefixes: they are listed (Location, tests/Pester/Bucket.Tests.ps1), not malformed.
for uri in ["s3://", "s3://b/key.json", "http://example.com/EvaluationManifest-p-1.json", "not a uri"]:
    cases.append({"file": uri, "reader": "uri", "kept": 0, "errors": ["InvalidUri"], "category": "InvalidArgument", "target": uri, "note": "malformed s3:// URI"})

with open(os.path.join(HERE, "expectations.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(f"{len([c for c in cases if c['reader'] != 'uri'])} files and {len(cases)} cases written")
