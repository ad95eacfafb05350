# Usage: python3 pairs.py results/target/classes (from the checkout's root, after mvn package): one row per seed, then
# the campaign's WINNER (front-3) - mobilefacenet-512 paired by seed with results.stats' PairedDifference (90% bootstrap)
# through jshell. mobilefacenet-512's standard records are those of ../quickstart-top-standard (seeds 2, 3) and
# ../../proxy/fidelity (seed 1): the same proxy key (standard, weight decay as it was before issue 25), KD and seeds.
import json, os, subprocess, sys
here = os.path.dirname(os.path.abspath(__file__))
cp = sys.argv[1]
def rec(label, seed):
    for f in (os.path.join(here, f"{label}-s{seed}.json"), os.path.join(here, "../quickstart-top-standard", f"{label}-s{seed}.json")):
        if os.path.exists(f):
            return json.load(open(f))
    for line in open(os.path.join(here, "../../proxy/fidelity/records.jsonl")):
        r = json.loads(line)
        if r["label"] == label and r["seed"] == seed and r["proxyName"] == "standard":
            return r["result"]
    raise SystemExit(f"no standard record of {label} seed {seed}")
rows = []
seeds = [s for s in (1, 2, 3) if os.path.exists(os.path.join(here, f"front-3-s{s}.json"))]
for s in seeds:
    t, m = rec("front-3", s), rec("mobilefacenet-512", s)
    assert t["proxy"] == m["proxy"] and t["kd"] == m["kd"], (t["proxy"], m["proxy"], t["kd"], m["kd"])
    rows.append((s, t["rocAuc"], m["rocAuc"], t["accuracy"], m["accuracy"]))
    print(f"| {s} | {t['rocAuc']:.4f} | {m['rocAuc']:.4f} | {t['rocAuc'] - m['rocAuc']:+.4f} | {t['accuracy']:.4f} | {m['accuracy']:.4f} |")
def arr(i): return "new double[]{" + ",".join(repr(r[i]) for r in rows) + "}"
js = f"""import org.facenas.results.stats.*;
var auc = PairedDifference.mean({arr(1)}, {arr(2)}, Bootstrap.DEFAULT);
var acc = PairedDifference.mean({arr(3)}, {arr(4)}, Bootstrap.DEFAULT);
System.out.println("seeds {len(rows)} auc " + auc.format(4) + " acc " + acc.format(4));
/exit
"""
open("/tmp/winner-standard.jsh", "w").write(js)
print(subprocess.run(["jshell", "--class-path", cp, "/tmp/winner-standard.jsh"], capture_output=True, text=True).stdout)
