#!/usr/bin/env bash
# How the command line scales with the case: time and peak memory of
# `score`, `sensitivity` and `report` on synthetic cases of 4 hypotheses and
# 1 000, 10 000 and 100 000 items (benches/cases/generate.py), and the size
# of `score --format json` at 16 x 1 000. Needs python3 and GNU time
# (/usr/bin/time). Run from the repository root:
#
#     bash benches/cases/scale.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet --features cli --bin attrib
bin=target/release/attrib
dir=target/scale
mkdir -p "$dir"
for shape in 4x1000 4x10000 4x100000 16x1000; do
  [[ -s "$dir/$shape.json" ]] || python3 benches/cases/generate.py "${shape%x*}" "${shape#*x}" >"$dir/$shape.json"
done
measure() { # label, command...: the best of three runs
  local label=$1 best="" mem="" t m
  shift
  for _ in 1 2 3; do
    read -r t m < <({ /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -n 1)
    if [[ -z $best ]] || (( $(echo "$t < $best" | bc -l) )); then best=$t; mem=$m; fi
  done
  printf '%-40s %8s s %8d MB\n' "$label" "$best" $((mem / 1024))
}
for shape in 4x1000 4x10000 4x100000; do
  measure "score --format json $shape" $bin score "$dir/$shape.json" --format json
  measure "sensitivity --draws 100 --format json $shape" $bin sensitivity "$dir/$shape.json" --draws 100 --format json
  measure "report --draws 100 $shape" $bin report "$dir/$shape.json" --draws 100
done
printf 'score --format json 16x1000 writes %d bytes\n' "$($bin score "$dir/16x1000.json" --format json | wc -c)"
