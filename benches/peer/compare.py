#!/usr/bin/env python3
"""Side-by-side timing of hoptac and its peers (Polars, DuckDB, networkx), end to end from the
same CSV files, after checking that all give the same top results.

    cargo build --release
    python3 benches/peer/compare.py [--hoptac target/release/hoptac] [--sizes 100,1000]
        [--field ai] [--university tlu] [--top 100] [--dir /tmp/hoptac-peers]
        [--networkx-max 100] [--tasks pairs,partners] > table.md

Needs hyperfine (`apt-get install -y hyperfine`), GNU time (/usr/bin/time) and
`python3 -m pip install polars duckdb networkx pandas`. The hoptac binary is --hoptac, else
$HOPTAC_BIN, else target/release/hoptac.

For each size N in --sizes it generates (or reuses) the dataset N universities x 1,000
researchers (`hoptac generate --universities N --researchers-per-university 1000`, ~9
co-authorships per researcher; 1,000 x 1,000 is ~400 MB) under --dir, builds hoptac's snapshot
(`hoptac --data DIR snapshot`), then for two tasks:

- pairs: the top --top cross-university Adamic-Adar pairs in --field (hoptac under
  benches/peer/pure-aa.toml);
- partners: the partner ranking of one university (`rank --field F --university U`);

runs every tool once under `/usr/bin/time -v` (peak resident memory) and checks that all agree
with hoptac (same ids in the same order, scores equal to hoptac's four printed decimals), then
times them with `hyperfine --warmup 1 --runs 3` in one invocation per task, so that the tools
are measured side by side under the same machine load. hoptac runs twice: from the CSV files
(`--snapshot off`) and from the snapshot (plain `hoptac --data DIR ...`). networkx runs only up
to --networkx-max universities (it takes minutes at 1 M researchers).

Prints a Markdown table (medians of three, peak memory) on standard output; progress on
standard error. Exits 1 if any peer disagrees (nothing is timed then).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FILES = ["universities", "fields", "researchers", "expertise", "labs", "coauthorships"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def dataset(hoptac, folder, n):
    d = Path(folder) / f"{n}x1000"
    if all((d / f"{f}.csv").is_file() for f in FILES):
        log(f"== reusing {d}")
    else:
        log(f"== generating {d}")
        subprocess.run([hoptac, "generate", "--universities", str(n),
                        "--researchers-per-university", "1000", "--out", str(d), "--force"],
                       check=True, stdout=sys.stderr)
    return d


def tools(hoptac, d, task, a, networkx):
    """(label, argv) for every tool on one task, hoptac first."""
    h = [hoptac, "--data", str(d)]
    if task == "pairs":
        q = ["pairs", "--field", a.field, "--top", str(a.top)]
        hq = q + ["--profile", str(HERE / "pure-aa.toml"), "--max-per-researcher", "0",
                  "--format", "json"]
    else:
        q = ["rank", "--field", a.field, "--university", a.university]
        # The peers compute the five classic partner components (as tests/it/peer.rs).
        hq = q + ["--profile", str(HERE / "classic-partners.toml"), "--format", "json"]
    py = lambda s: ["python3", str(HERE / s), "--data", str(d)] + q
    out = [("hoptac (CSV)", [hoptac, "--snapshot", "off", "--data", str(d)] + hq),
           ("hoptac (snapshot)", h + hq),
           ("Polars", py("polars_peer.py")),
           ("DuckDB", py("duckdb_peer.py"))]
    if networkx:
        out.append(("networkx", py("reference.py")))
    return out


def run_once(argv):
    """Runs argv under /usr/bin/time -v: (parsed JSON stdout, peak RSS in MB)."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.run(["/usr/bin/time", "-v"] + argv, stdout=subprocess.PIPE, stderr=err)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if p.returncode != 0:
        sys.exit(f"failed: {shlex.join(argv)}\n{text}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return json.loads(p.stdout), kb / 1024.0


def keyed(task, label, rows):
    """(ids, scores) of a result, whichever tool printed it."""
    if task == "pairs":
        if label.startswith("hoptac"):
            return ([(r["a"]["researcher"], r["b"]["researcher"]) for r in rows],
                    [r["details"]["closeness"]["raw"] for r in rows])
        return [(r["a"], r["b"]) for r in rows], [r["adamic_adar"] for r in rows]
    return [(r["for"], r["university"], r["rank"]) for r in rows], [r["score"] for r in rows]


def agree(task, results):
    """Checks every tool against hoptac (CSV); returns a one-line summary."""
    ids0, s0 = keyed(task, *results[0][:2])
    bad = []
    for label, rows, _ in results[1:]:
        ids, s = keyed(task, label, rows)
        if ids != ids0:
            first = next((i for i, (x, y) in enumerate(zip(ids, ids0)) if x != y),
                         min(len(ids), len(ids0)))
            bad.append(f"{label}: ids differ from hoptac at position {first + 1} "
                       f"({len(ids)} vs {len(ids0)} rows)")
        elif any(abs(x - y) > 5.1e-5 for x, y in zip(s, s0)):
            bad.append(f"{label}: scores differ beyond hoptac's 4 decimals")
    if bad:
        sys.exit("disagreement:\n  " + "\n  ".join(bad))
    return f"{len(ids0)} rows, identical ids in order, scores equal to 4 decimals"


def hyperfine(cmds):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        argv = ["hyperfine", "--warmup", "1", "--runs", "3", "--export-json", f.name,
                "--style", "basic"]
        for label, c in cmds:
            argv += ["-n", label, shlex.join(c)]
        subprocess.run(argv, check=True, stdout=sys.stderr)
        return {r["command"]: r["median"] for r in json.load(open(f.name))["results"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hoptac", default=os.environ.get("HOPTAC_BIN",
                                                       str(ROOT / "target/release/hoptac")))
    ap.add_argument("--sizes", default="100,1000", help="universities per dataset, comma list")
    ap.add_argument("--field", default="ai")
    ap.add_argument("--university", default="tlu")
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--dir", default="/tmp/hoptac-peers")
    ap.add_argument("--networkx-max", type=int, default=100)
    ap.add_argument("--tasks", default="pairs,partners", help="comma list of pairs, partners")
    a = ap.parse_args()
    hoptac = str(Path(a.hoptac).resolve())
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        d = dataset(hoptac, a.dir, n)
        log(f"== {hoptac} --data {d} snapshot")
        subprocess.run([hoptac, "--data", str(d), "snapshot"], check=True, stdout=sys.stderr)
        for task in a.tasks.split(","):
            cmds = tools(hoptac, d, task, a, n <= a.networkx_max)
            results = []
            for label, c in cmds:
                log(f"== check {task} {n}x1000: {label}")
                out, mb = run_once(c)
                results.append((label, out, mb))
            summary = agree(task, results)
            log(f"   agree: {summary}")
            med = hyperfine(cmds)
            rows.append((task, n, summary, {lab: (med[lab], mb) for lab, _, mb in results}))
            print_table(rows, a, file=sys.stderr)
    print_table(rows, a)


LABELS = ["hoptac (CSV)", "hoptac (snapshot)", "Polars", "DuckDB", "networkx"]


def print_table(rows, a, file=sys.stdout):
    task_name = {
        "pairs": f"top-{a.top} cross-university Adamic-Adar pairs in `{a.field}`",
        "partners": f"partners of one university (`rank --field {a.field} --university "
                    f"{a.university}`)",
    }
    print("| task | size | " + " | ".join(LABELS) + " |", file=file)
    print("| --- | --- |" + " ---: |" * len(LABELS), file=file)
    for task, n, _, cells in rows:
        size = f"{n:,} x 1,000".replace("x", "×")
        vals = [f"{cells[l][0]:.2f} s, {cells[l][1]:,.0f} MB" if l in cells else "—"
                for l in LABELS]
        print(f"| {task_name[task]} | {size} | " + " | ".join(vals) + " |", file=file)
    print(file=file)
    print("Medians of three runs after one warm-up (hyperfine), end to end (process start, "
          "load, answer, JSON out); peak resident memory from one run under /usr/bin/time -v. "
          "Before timing, every peer's result matched hoptac's: " +
          "; ".join(f"{t} {n:,}×1,000: {s}" for t, n, s, _ in rows) + ".", file=file)


if __name__ == "__main__":
    main()
