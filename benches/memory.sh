#!/bin/bash
# Peak resident memory (and CPU time) of every command on one dataset, one after the other:
# the "Peak memory of every command" table of BENCHMARKS.md. Run from the repository root:
#   benches/memory.sh DATASET_DIR        (H=path/to/hoptac to time another binary)
set -u
H=${H:-target/release/hoptac} D=${1:?usage: benches/memory.sh DATASET_DIR} P=benches/peer
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "flood forecasting with machine learning for the Red River delta" > "$T/problem.txt"
echo "$(uptime)"
run() {
  /usr/bin/time -f "%e s|%U+%S s CPU|%M KB|$*" "$H" "$@" > "$T/out" 2> "$T/err"
  tail -1 "$T/err"
}
run --snapshot off --data "$D" validate
run --data "$D" snapshot --check
run --data "$D" stats
run --data "$D" stats --format json
run --data "$D" rank --field ai --university hust
run --data "$D" rank --field ai --university hust --format json
run --data "$D" rank --field ai --format csv
run --data "$D" rank --field ai --format json
run --data "$D" rank --field ai
run --data "$D" rank --field ai --format md
run --data "$D" leaders --field ai
run --data "$D" pairs --field ai --top 100
run --data "$D" pairs --field ai --top 100 --format json
run --data "$D" pairs --field ai --university hust
run --data "$D" pairs --field ai --top 100 --profile "$P/pure-aa.toml" --max-per-researcher 0 --format json
run --data "$D" teams --fields ai:0.7,water --size 3-5
run --data "$D" labs --top 20
run --data "$D" labs --top-per-university 20
run --data "$D" labs --university hust
run --data "$D" labs --field ai --format csv
run --data "$D" labs --equipment GPU
run --data "$D" labs --joint
run --data "$D" export --format graphml --out "$T/g.graphml"
run --data "$D" experts --text-file "$T/problem.txt"
run --data "$D" evaluate --split-year 2022 --max-queries 100
run --data "$D" report --out "$T/report"
echo "$(uptime)"
