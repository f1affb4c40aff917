#!/usr/bin/env bash
# How every command's cost grows with the case: time and peak resident
# memory (GNU time, /usr/bin/time) of each command of the command line on
# synthetic cases of 4 hypotheses (benches/cases/generate.py: a tenth of
# the items in five dependence groups of correlation 0.5, so the groups
# grow with the case; four graded sources), at 1 000, 10 000 and 100 000
# items, and on the same cases with a source per item (`--source-per-item`).
# Each point is run twice and the lower time kept (the machine may be
# shared): wall time, and the peak resident memory of that run. The table
# gives each size and the growth per 10x items.
#
#     bash scripts/growth.sh [ATTRIB_BINARY] [SIZES...]
#
# Default binary: target/release/attrib, built with `--features cli`;
# default sizes: 1000 10000 100000. Needs python3 and GNU time. Prints a
# Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)
if [[ -z $bin ]]; then
  cargo build --release --quiet --features cli --bin attrib
  bin=target/release/attrib
fi
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }
dir=target/growth
mkdir -p "$dir"
for e in "${sizes[@]}"; do
  [[ -s $dir/4x$e.json ]] || python3 benches/cases/generate.py 4 "$e" >"$dir/4x$e.json"
  [[ -s $dir/own-4x$e.json ]] || python3 benches/cases/generate.py --source-per-item 4 "$e" >"$dir/own-4x$e.json"
done

# The commands, `CASE` standing for the case file and `SVG` for a fresh
# directory of chart files.
commands=(
  "score CASE --format json"
  "check CASE"
  "compare CASE --format json"
  "sensitivity CASE --draws 100 --format json -q"
  "report CASE --draws 100 --format html -q"
  "report CASE --draws 100 --format markdown -q"
  "report CASE --draws 100 --format json -q"
  "report CASE --draws 100 --svg SVG --force -q"
)

# One point: the lower of two runs, as "seconds KB bytes-out".
point() {
  local case=$1 cmd=$2 best="" mem="" size="" t m args start
  for _ in 1 2; do
    args=${cmd//CASE/$case}
    args=${args//SVG/$dir/svg}
    # shellcheck disable=SC2086
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$dir/time" "$bin" $args >"$dir/out" 2>/dev/null || true
    t=$(echo "scale=3; ($(date +%s%N) - $start) / 1000000000" | bc -l)
    m=$(tail -n 1 "$dir/time")
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then
      best=$t
      mem=$m
      size=$(wc -c <"$dir/out")
    fi
  done
  echo "$best $mem $size"
}

ratio() { # a b: b / a, or "-" when a is 0
  if (($(echo "$1 > 0" | bc -l))); then printf '%.1fx' "$(echo "$2 / $1" | bc -l)"; else printf -- '-'; fi
}

header="| case | command |"
rule="|---|---|"
for e in "${sizes[@]}"; do
  header+=" E = $e |"
  rule+="---|"
done
for ((k = 1; k < ${#sizes[@]}; k++)); do
  header+=" time, memory x ${sizes[k - 1]}->${sizes[k]} |"
  rule+="---|"
done
echo "$header"
echo "$rule"
for shape in 4x own-4x; do
  label="4 hypotheses"
  [[ $shape == own-4x ]] && label="a source per item"
  for cmd in "${commands[@]}"; do
    shown=${cmd// CASE/}
    shown=${shown//SVG/DIR}
    shown=${shown% -q}
    row="| $label | \`$shown\` |"
    times=()
    mems=()
    for e in "${sizes[@]}"; do
      read -r t m _ < <(point "$dir/$shape$e.json" "$cmd")
      times+=("$t")
      mems+=("$m")
      row+=" $(printf '%.2f' "$t") s, $((m / 1024)) MB |"
    done
    for ((k = 1; k < ${#sizes[@]}; k++)); do
      row+=" $(ratio "${times[k - 1]}" "${times[k]}"), $(ratio "${mems[k - 1]}" "${mems[k]}") |"
    done
    echo "$row"
  done
done
