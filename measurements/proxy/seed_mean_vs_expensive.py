#!/usr/bin/env python3
"""The cheaper proxy's score averaged over its seeds, ranked against the more expensive proxy's (its seeds averaged
too): Kendall tau-b with a 90% percentile bootstrap over architectures (2,000 resamples, seed 1), beside the
single-seed tau that `bench proxy` prints. Averaging seeds is what Spearman-Brown ("seeds for tau 0.6") predicts.
Usage: python3 measurements/proxy/seed_mean_vs_expensive.py RECORDS.jsonl CHEAP EXPENSIVE [rocAuc|accuracy]"""
import json, random, sys
from itertools import combinations

path, cheap, dear = sys.argv[1:4]
field = sys.argv[4] if len(sys.argv) > 4 else "rocAuc"
scores = {}
for line in open(path):
    r = json.loads(line)
    if r["result"]["status"] == "OK":
        scores.setdefault((r["proxyName"], r["label"]), []).append(r["result"][field])
archs = sorted({a for p, a in scores if p == dear and (cheap, a) in scores})
x = [sum(scores[(cheap, a)]) / len(scores[(cheap, a)]) for a in archs]
y = [sum(scores[(dear, a)]) / len(scores[(dear, a)]) for a in archs]

def tau_b(x, y):
    conc = disc = tx = ty = 0
    for i, j in combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx * dy > 0:
            conc += 1
        else:
            disc += 1
    d = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return float("nan") if d == 0 else (conc - disc) / d

rng = random.Random(1)
boot = []
for _ in range(2000):
    idx = [rng.randrange(len(archs)) for _ in archs]
    t = tau_b([x[i] for i in idx], [y[i] for i in idx])
    if t == t:
        boot.append(t)
boot.sort()
seeds = {p: max(len(scores[(p, a)]) for a in archs) for p in (cheap, dear)}
print("%s (mean of %d seeds) vs %s (mean of %d), %s, %d archs: tau %.2f [%.2f, %.2f]" % (
    cheap, seeds[cheap], dear, seeds[dear], field, len(archs), tau_b(x, y), boot[int(0.05 * len(boot))], boot[int(0.95 * len(boot)) - 1]))
