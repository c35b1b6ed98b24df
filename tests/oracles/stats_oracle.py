"""Reference values from statsmodels, scikit-learn and SciPy (Debian's python3-statsmodels, python3-sklearn,
python3-scipy), for the module's tests to compare against.

Input (stdin, JSON): {"wilson": [[count, n, level], ...], "mcnemar": [[b, c], ...],
 "ranking": [{"labels": [0/1...], "scores": [...]}, ...], "normal_cdf": [x...], "normal_ppf": [p...],
 "binomial_fit": [{"n": n, "p": p, "counts": {"k": draws that gave k, ...}}, ...]}
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
json.dump(out, sys.stdout)
