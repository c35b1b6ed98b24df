"""Reference values from statsmodels, scikit-learn and SciPy (Debian's python3-statsmodels, python3-sklearn,
python3-scipy), for the module's tests to compare against.

Input (stdin, JSON): {"wilson": [[count, n, level], ...], "mcnemar": [[b, c], ...],
 "ranking": [{"labels": [0/1...], "scores": [...]}, ...], "normal_cdf": [x...], "normal_ppf": [p...],
 "binomial_fit": [{"n": n, "p": p, "counts": {"k": draws that gave k, ...}}, ...],
 "holm": [[p...], ...], "clopper_pearson": [[c, n, level], ...], "paired_bootstrap": [{"labels", "predA", "predB", "scoreA", "scoreB", "samples", "level", "seed"}, ...],
 "permutation": [{"labels", "predA", "predB", "scoreA", "scoreB"}, ...]}
Output (stdout, JSON): the same keys, each with its list of answers; NaN as null.
"""
import json
import math
import sys
import warnings

import numpy as np
from scipy.stats import binom, chisquare, norm
from sklearn.metrics import average_precision_score, roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

warnings.simplefilter("ignore")


def clean(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


spec = json.load(sys.stdin)
out = {}
out["wilson"] = [[clean(v) for v in proportion_confint(c, n, alpha=1 - level, method="wilson")] for c, n, level in spec.get("wilson", [])]
out["mcnemar"] = [clean(mcnemar(np.array([[0, b], [c, 0]]), exact=True).pvalue) for b, c in spec.get("mcnemar", [])]
ranking = []
for case in spec.get("ranking", []):
    y, s = np.array(case["labels"]), np.array(case["scores"])
    auc = roc_auc_score(y, s) if 0 < y.sum() < len(y) else None
    ap = average_precision_score(y, s) if y.sum() > 0 else None
    ranking.append([clean(auc), clean(ap)])
out["ranking"] = ranking
out["normal_cdf"] = [clean(norm.cdf(x)) for x in spec.get("normal_cdf", [])]
out["normal_sf"] = [clean(norm.sf(x)) for x in spec.get("normal_cdf", [])]
out["normal_ppf"] = [clean(norm.ppf(p)) for p in spec.get("normal_ppf", [])]


def binomial_fit(case):
    """Pearson's chi-square p-value of the draws against Binomial(n, p): every k expected at least 5 times is its own
    cell, the rest of the support one cell."""
    n, p, counts = case["n"], case["p"], {int(k): v for k, v in case["counts"].items()}
    total = sum(counts.values())
    lo, hi = int(binom.ppf(1e-9, n, p)), int(binom.isf(1e-9, n, p)) + 1
    ks = [k for k in range(lo, hi + 1) if binom.pmf(k, n, p) * total >= 5]
    observed = [counts.get(k, 0) for k in ks]
    expected = [binom.pmf(k, n, p) * total for k in ks]
    rest_observed = total - sum(observed)
    rest_expected = total - sum(expected)
    if rest_expected > 0:
        observed.append(rest_observed)
        expected.append(rest_expected)
    return float(chisquare(observed, expected).pvalue)


out["binomial_fit"] = [binomial_fit(c) for c in spec.get("binomial_fit", [])]
from scipy.stats import binomtest  # noqa: E402


def exact_ci(c, n, level):
    ci = binomtest(int(c), int(n)).proportion_ci(confidence_level=level, method="exact")
    return [clean(ci.low), clean(ci.high)]


out["clopper_pearson"] = [exact_ci(c, n, level) for c, n, level in spec.get("clopper_pearson", [])]
out["holm"] = [[clean(v) for v in multipletests(p, method="holm")[1]] for p in spec.get("holm", [])]


def ranking_metrics(order, group_end, weights, labels, npos, nneg):
    """Weighted ROC AUC (trapezoids, ties one half) and average precision (no interpolation) of many replicates at once:
    one row of weights per replicate, images in descending score order, read at the ends of tie groups."""
    w = weights[:, order]
    y = labels[order]
    tp = np.cumsum(w * y, axis=1)[:, group_end]
    fp = np.cumsum(w * (1 - y), axis=1)[:, group_end]
    tpr, fpr = tp / npos, fp / nneg
    zeros = np.zeros((w.shape[0], 1))
    tpr0, fpr0 = np.hstack([zeros, tpr]), np.hstack([zeros, fpr])
    auc = np.sum(np.diff(fpr0, axis=1) * (tpr0[:, 1:] + tpr0[:, :-1]) / 2, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
    ap = np.sum(np.diff(tpr0, axis=1) * precision, axis=1)
    return auc, ap


def paired_bootstrap(case):
    """Percentile intervals of B - A of each metric over a paired, stratified bootstrap (numpy's generator, resampling
    image indices), checked against scikit-learn on the first replicates."""
    y = np.array(case["labels"], dtype=float)
    pa, pb = np.array(case["predA"], dtype=float), np.array(case["predB"], dtype=float)
    sa, sb = np.array(case["scoreA"]), np.array(case["scoreB"])
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    npos, nneg, n = len(pos), len(neg), len(y)
    rng = np.random.default_rng(case["seed"])
    orders = []
    for s in (sa, sb):
        order = np.argsort(-s, kind="stable")
        ss = s[order]
        orders.append((order, np.append(ss[1:] != ss[:-1], True)))
    names = ["Precision", "Recall", "F1Score", "ROCAUC", "AveragePrecision", "Accuracy", "FalsePositives", "FalseNegatives"]
    diffs = {k: [] for k in names}
    left, checked = case["samples"], False
    while left > 0:
        r = min(left, 1000)
        left -= r
        w = np.zeros((r, n))
        for stratum in (pos, neg):
            draws = stratum[rng.integers(0, len(stratum), size=(r, len(stratum)))]
            np.add.at(w, (np.repeat(np.arange(r), len(stratum)), draws.ravel()), 1)
        per_model = []
        for pred, (order, ends), score in ((pa, orders[0], sa), (pb, orders[1], sb)):
            tp, fp = w @ (pred * y), w @ (pred * (1 - y))
            fn, tn = w @ ((1 - pred) * y), w @ ((1 - pred) * (1 - y))
            with np.errstate(invalid="ignore", divide="ignore"):
                m = {"Precision": np.where(tp + fp > 0, tp / (tp + fp), 0.0), "Recall": tp / npos,
                     "F1Score": np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0),
                     "Accuracy": (tp + tn) / n, "FalsePositives": fp, "FalseNegatives": fn}
            m["ROCAUC"], m["AveragePrecision"] = ranking_metrics(order, ends, w, y, npos, nneg)
            if not checked:
                for i in range(3):
                    assert abs(m["ROCAUC"][i] - roc_auc_score(y, score, sample_weight=w[i])) < 1e-9
                    assert abs(m["AveragePrecision"][i] - average_precision_score(y, score, sample_weight=w[i])) < 1e-9
            per_model.append(m)
        checked = True
        for k in names:
            diffs[k].append(per_model[1][k] - per_model[0][k])
    alpha = (1 - case["level"]) / 2
    return {k: [float(np.quantile(np.concatenate(v), alpha)), float(np.quantile(np.concatenate(v), 1 - alpha))] for k, v in diffs.items()}


out["paired_bootstrap"] = [paired_bootstrap(c) for c in spec.get("paired_bootstrap", [])]


def permutation(case):
    """The exact paired permutation p of B - A of precision, F1, ROC AUC and average precision: every pattern of swapping an
    image's two predictions (score and outcome) enumerated as a row of a matrix, each metric computed by its definition on all
    rows at once (ROC AUC as the Mann-Whitney share of anomaly-normal pairs ranked right, ties one half; average precision as the
    mean over anomalies of the precision at each one's score), checked against scikit-learn on the first patterns."""
    y = np.array(case["labels"], dtype=bool)
    pa, pb = np.array(case["predA"], dtype=bool), np.array(case["predB"], dtype=bool)
    sa, sb = np.array(case["scoreA"], dtype=float), np.array(case["scoreB"], dtype=float)
    n = len(y)
    differing = np.flatnonzero((pa != pb) | (sa != sb))
    d = len(differing)
    patterns = np.arange(2 ** d)
    swap = np.zeros((len(patterns), n), dtype=bool)
    swap[:, differing] = ((patterns[:, None] >> np.arange(d)[None, :]) & 1).astype(bool)

    def figures(pred, score):
        tp = (pred & y).sum(axis=1)
        fp = (pred & ~y).sum(axis=1)
        fn = (~pred & y).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
            f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
        pos, neg = score[:, y], score[:, ~y]
        auc = ((pos[:, :, None] > neg[:, None, :]) + 0.5 * (pos[:, :, None] == neg[:, None, :])).mean(axis=(1, 2))
        at_least = score[:, None, :] >= pos[:, :, None]
        ap = ((at_least & y[None, None, :]).sum(axis=2) / at_least.sum(axis=2)).mean(axis=1)
        return {"Precision": precision, "F1Score": f1, "ROCAUC": auc, "AveragePrecision": ap}

    a = figures(np.where(swap, pb, pa), np.where(swap, sb, sa))
    b = figures(np.where(swap, pa, pb), np.where(swap, sa, sb))
    for k in range(min(3, len(patterns))):
        assert abs(a["ROCAUC"][k] - roc_auc_score(y, np.where(swap[k], sb, sa))) < 1e-12
        assert abs(b["AveragePrecision"][k] - average_precision_score(y, np.where(swap[k], sa, sb))) < 1e-12
    result = {}
    for name in a:
        t = b[name] - a[name]
        result[name] = float(np.mean(np.abs(t) >= abs(t[0]) - 1e-12))
    result["patterns"] = len(patterns)
    return result


out["permutation"] = [permutation(c) for c in spec.get("permutation", [])]
json.dump(out, sys.stdout)
