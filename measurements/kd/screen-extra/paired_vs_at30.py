#!/usr/bin/env python3
"""Each variant against cosine+warmup=0.3+head@30 (same arch, seed): mean accuracy difference in points with a 90%
percentile bootstrap over the 12 pairs (10,000 resamples, seed 1), and how many pairs the variant wins; pairs are
matched by block string (older records label an architecture by its block string, newer ones by its zoo name); a
variant distilled from a teacher trajectory is named with its source ("... from multistep:NAME").
Usage: python3 measurements/kd/screen-extra/paired_vs_at30.py [records.jsonl]"""
import json, random, sys, os
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "records.jsonl")
acc = {}
for line in open(path):
    r = json.loads(line)
    if r["result"]["status"] == "OK":
        # a trajectory's variants carry the same KD spec with another teacher source
        kd = r["kd"] + (" from " + r["teacher"] if r.get("teacher") else "")
        acc[(r["blockString"], r["seed"], kd)] = r["result"]["accuracy"]
base = "cosine+warmup=0.3+head@30.0"
pairs = sorted({(a, s) for a, s, k in acc if k == base})
for v in sorted({k for _, _, k in acc} - {"none", base}):
    d = [acc[(a, s, v)] - acc[(a, s, base)] for a, s in pairs if (a, s, v) in acc]
    rng = random.Random(1)
    means = sorted(sum(rng.choice(d) for _ in d) / len(d) for _ in range(10000))
    print("%-58s %2d pairs  %+.2f [%+.2f, %+.2f]  better in %d/%d" % (v, len(d), 100 * sum(d) / len(d), 100 * means[500],
                                                                    100 * means[9499], sum(x > 0 for x in d), len(d)))
