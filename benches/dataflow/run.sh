#!/usr/bin/env bash
# The dataflow measurements of BENCHMARKS.md ("Dataflow"), one after the other, on the same
# data; run from the repository root. Results and /usr/bin/time reports land in the current
# folder (engine.*, df-w1.*, df-w2.*, df-n2*.*, update.*).
#
#     cargo build --release --features dataflow
#     target/release/hoptac generate --universities 1000 --researchers-per-university 1000 --out 1000x1000
#     benches/dataflow/run.sh 1000x1000
set -u
D=${1:-1000x1000}
B=${HOPTAC_BIN:-target/release/hoptac}
P=benches/peer/pure-aa.toml
T="/usr/bin/time -v"
python3 benches/dataflow/paths.py "$D" ai
python3 benches/dataflow/changes.py "$D" "$D-changes-1pct.csv" 0.01
$T $B --snapshot off --data $D pairs --field ai --top 100 --max-per-researcher 0 --profile $P --format json > engine.json 2> engine.err
$T $B --data $D dataflow pairs --field ai --top 100 --format json --timings > df-w1.json 2> df-w1.err
$T $B --data $D dataflow pairs --field ai --top 100 --format json --timings -w 2 > df-w2.json 2> df-w2.err
printf "127.0.0.1:27101\n127.0.0.1:27102\n" > hosts.txt
$T $B --data $D dataflow pairs --field ai --top 100 --format json --timings -n 2 -p 1 -h hosts.txt > df-n2-p1.json 2> df-n2-p1.err &
$T $B --data $D dataflow pairs --field ai --top 100 --format json --timings -n 2 -p 0 -h hosts.txt > df-n2.json 2> df-n2.err
wait
$T $B --data $D dataflow update --field ai --top 10 --changes "$D-changes-1pct.csv" --timings --format csv > update.csv 2> update.err
grep -H -E "dataflow:|Elapsed|Maximum resident|User time|System time" ./*.err
