# Usage: python3 pairs.py results/target/classes [DIR LABEL] (from the checkout's root, after mvn package): one row per
# seed, then LABEL - mobilefacenet-512 paired by seed with results.stats' PairedDifference (90% bootstrap) through
# jshell. LABEL's records are DIR/LABEL-sS.json (default: this folder's `top`, the quickstart's find; the campaign's
# winner is `measurements/confirm/campaign-winner-standard front-3`). mobilefacenet-512's are this folder's (seeds 2, 3)
# and its standard record in measurements/proxy/fidelity (seed 1): the same proxy key, KD and seeds.
import json, os, subprocess, sys
here = os.path.dirname(os.path.abspath(__file__))
cp = sys.argv[1]
cand_dir, cand = (os.path.abspath(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 3 else (here, "top")
def rec(label, seed):
    for d in (cand_dir, here):
        f = os.path.join(d, f"{label}-s{seed}.json")
        if os.path.exists(f):
            return json.load(open(f))
    for line in open(os.path.join(here, "../../proxy/fidelity/records.jsonl")):
        r = json.loads(line)
        if r["label"] == label and r["seed"] == seed and r["proxyName"] == "standard":
            return r["result"]
    raise SystemExit(f"no standard record of {label} seed {seed}")
rows = []
for s in (1, 2, 3):
    t, m = rec(cand, s), rec("mobilefacenet-512", s)
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
open("/tmp/standard-pairs.jsh", "w").write(js)
print(subprocess.run(["jshell", "--class-path", cp, "/tmp/standard-pairs.jsh"], capture_output=True, text=True).stdout)
