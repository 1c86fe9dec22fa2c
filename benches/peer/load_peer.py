#!/usr/bin/env python3
"""The load alone, as a peer does it: read a dataset folder's three large CSV files
(researchers, expertise, co-authorships) into memory, every column, and print the row counts.

    python3 benches/peer/load_peer.py --tool polars|duckdb --data DIR

The yardstick for hoptac's CSV loader (`hoptac --snapshot off --data DIR validate`, which also
resolves every id and checks every cell): see "Loading" in BENCHMARKS.md. Needs
`python3 -m pip install polars duckdb`.
"""

import argparse
from pathlib import Path

FILES = ["researchers", "expertise", "coauthorships"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", choices=["polars", "duckdb"], required=True)
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    paths = [str(Path(a.data) / f"{f}.csv") for f in FILES]
    if a.tool == "polars":
        import polars as pl

        counts = [pl.read_csv(p).height for p in paths]
    else:
        import duckdb

        con = duckdb.connect()
        counts = []
        for i, p in enumerate(paths):
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv('{p}')")
            counts.append(con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0])
    print(" ".join(str(c) for c in counts), sum(counts))


if __name__ == "__main__":
    main()
