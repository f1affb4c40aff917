#!/usr/bin/env bash
# Records the JSON (and text) output of every command on every example and
# fixture case into a directory, so that a refactor can be diffed against the
# state before it:
#   scripts/golden.sh target/release/attrib /tmp/before
#   (change the code, rebuild)
#   scripts/golden.sh target/release/attrib /tmp/after
#   diff -r /tmp/before /tmp/after     # must be empty
set -uo pipefail
bin=${1:?usage: golden.sh ATTRIB_BINARY OUT_DIR}
out=${2:?usage: golden.sh ATTRIB_BINARY OUT_DIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
cases=(examples/cases/jim/[a-z]*-20*.json tests/reference/fixtures/*[0-9a-z].json tests/data/codebook/score.json tests/data/codebook/inherit.json)
for c in "${cases[@]}"; do
  case "$c" in *.expected.json|*/codebook.json) continue ;; esac
  name=$(echo "$c" | tr '/' '_')
  "$bin" score "$c" --format json >"$out/$name.score.json" 2>&1; echo "rc $?" >>"$out/$name.score.json"
  "$bin" score "$c" >"$out/$name.score.txt" 2>&1; echo "rc $?" >>"$out/$name.score.txt"
  "$bin" sensitivity "$c" --draws 1000 --seed 1 --format json -q >"$out/$name.sens.json" 2>&1; echo "rc $?" >>"$out/$name.sens.json"
  "$bin" compare "$c" --format json >"$out/$name.compare.json" 2>&1; echo "rc $?" >>"$out/$name.compare.json"
  "$bin" report "$c" --format json --draws 1000 --seed 1 -q >"$out/$name.report.json" 2>&1; echo "rc $?" >>"$out/$name.report.json"
  "$bin" check "$c" >"$out/$name.check.txt" 2>&1; echo "rc $?" >>"$out/$name.check.txt"
done
"$bin" ach examples/cases/ach/sarmin.csv --format json >"$out/ach.json" 2>&1; echo "rc $?" >>"$out/ach.json"
for c in tests/data/codebook/bad-*.json; do
  name=$(echo "$c" | tr '/' '_')
  "$bin" score "$c" >"$out/$name.err" 2>&1; echo "rc $?" >>"$out/$name.err"
done
