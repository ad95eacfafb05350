# Usage: python3 pairs.py records.jsonl results/target/classes (after mvn package): prints one row per (architecture, seed)
# with both rules, then the paired mean difference (once - doubled) and its 90% bootstrap interval.
# Pairs the two weight-decay rules by (architecture, seed) from a bench proxy records.jsonl and hands the paired
# arrays to results.stats.PairedDifference through jshell (the project's own bootstrap).
import json, subprocess, sys, os
recs = sys.argv[1]; cp = sys.argv[2]
by = {}
for l in open(recs):
    r = json.loads(l)
    by[(r['label'], r['seed'], r['proxyName'])] = r['result']
pairs = sorted({(a, s) for (a, s, p) in by if (a, s, 'quick') in by and (a, s, 'quick-wd2') in by})
rows = []
for a, s in pairs:
    o, d = by[(a, s, 'quick')], by[(a, s, 'quick-wd2')]
    rows.append((a, s, o['rocAuc'], d['rocAuc'], o['accuracy'], d['accuracy']))
    print(f"| {a} | {s} | {d['rocAuc']:.4f} | {o['rocAuc']:.4f} | {o['rocAuc']-d['rocAuc']:+.4f} | {d['accuracy']:.4f} | {o['accuracy']:.4f} | {o['accuracy']-d['accuracy']:+.4f} |")
def arr(i): return "new double[]{" + ",".join(repr(r[i]) for r in rows) + "}"
js = f"""import org.facenas.results.stats.*;
var auc = PairedDifference.mean({arr(2)}, {arr(3)}, Bootstrap.DEFAULT);
var acc = PairedDifference.mean({arr(4)}, {arr(5)}, Bootstrap.DEFAULT);
System.out.println("pairs " + {len(rows)} + " auc " + auc.format(4) + " acc " + acc.format(4));
/exit
"""
open('/tmp/wd.jsh', 'w').write(js)
print(subprocess.run(['jshell', '--class-path', cp, '/tmp/wd.jsh'], capture_output=True, text=True).stdout)
