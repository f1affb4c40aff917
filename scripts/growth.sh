#!/usr/bin/env bash
# How every command's cost grows with the case: CPU time and peak resident
# memory of each command of the command line on
# synthetic cases of 4 hypotheses (benches/cases/generate.py: a tenth of
# the items in five dependence groups of correlation 0.5, so the groups
# grow with the case; four graded sources), at 1 000, 10 000 and 100 000
# items, and on the same cases with a source per item (`--source-per-item`);
# `attrib ach` on ACH matrices of as many rows and 4 hypotheses
# (benches/cases/ach_matrix.py: twenty sources, or one per row with
# `--source-per-item`).
# Each point is run twice and the lower time kept: CPU time (user +
# system; the command line runs on one thread), which a shared machine
# disturbs far less than wall time, and the peak resident memory of that
# run. The table gives each size and the growth per 10x items.
#
#     bash scripts/growth.sh [ATTRIB_BINARY] [SIZES...]
#
# Default binary: target/release/attrib, built with `--features cli`;
# default sizes: 1000 10000 100000. Needs python3, bc and GNU time
# (/usr/bin/time: apt-get install time). Prints a
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
dir=target/growth
mkdir -p "$dir"
for e in "${sizes[@]}"; do
  [[ -s $dir/4x$e.json ]] || python3 benches/cases/generate.py 4 "$e" >"$dir/4x$e.json"
  [[ -s $dir/own-4x$e.json ]] || python3 benches/cases/generate.py --source-per-item 4 "$e" >"$dir/own-4x$e.json"
  [[ -s $dir/ach-4x$e.csv ]] || python3 benches/cases/ach_matrix.py "$e" 4 >"$dir/ach-4x$e.csv"
  [[ -s $dir/ach-own-4x$e.csv ]] || python3 benches/cases/ach_matrix.py --source-per-item "$e" 4 >"$dir/ach-own-4x$e.csv"
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
  "scales CASE --format json"
)
# `attrib ach` reads a matrix (CSV), `MATRIX` standing for it.
ach_commands=(
  "ach MATRIX"
  "ach MATRIX --format json"
)

# The CPU time (user + system, in seconds, to the microsecond) and peak
# resident memory (KB) of one command: GNU time gives the memory; the CPU
# time is the rusage of GNU time as its parent reaps it (wait4: its own
# and the command's, which it waited for), not rounded to 10 ms.
measure='
import os, sys
out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
null = os.open(os.devnull, os.O_WRONLY)
mem = sys.argv[1] + ".mem"
argv = ["/usr/bin/time", "-f", "%M", "-o", mem] + sys.argv[2:]
pid = os.posix_spawn(argv[0], argv, os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
_, _, r = os.wait4(pid, 0)
print(f"{r.ru_utime + r.ru_stime:.4f} {open(mem).read().split()[-1]}")
'

# One point: the lower of two runs, as "CPU-seconds KB bytes-out".
point() {
  local case=$1 cmd=$2 best="" mem="" size="" t m args
  for _ in 1 2; do
    args=${cmd//CASE/$case}
    args=${args//SVG/$dir/svg}
    # shellcheck disable=SC2086
    # shellcheck disable=SC2086
    read -r t m < <(python3 -c "$measure" "$dir/out" "$bin" $args)
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
for shape in 4x own-4x ach-4x ach-own-4x; do
  case $shape in
    4x) label="4 hypotheses" ext=json cmds=("${commands[@]}") ;;
    own-4x) label="a source per item" ext=json cmds=("${commands[@]}") ;;
    ach-4x) label="ACH matrix, 4 hypotheses" ext=csv cmds=("${ach_commands[@]}") ;;
    ach-own-4x) label="ACH matrix, a source per row" ext=csv cmds=("${ach_commands[@]}") ;;
  esac
  for cmd in "${cmds[@]}"; do
    cmd=${cmd//MATRIX/CASE}
    shown=${cmd// CASE/}
    shown=${shown//SVG/DIR}
    shown=${shown% -q}
    row="| $label | \`$shown\` |"
    times=()
    mems=()
    for e in "${sizes[@]}"; do
      read -r t m _ < <(point "$dir/$shape$e.$ext" "$cmd")
      times+=("$t")
      mems+=("$m")
      row+=" $(printf '%.3f' "$t") s, $((m / 1024)) MB |"
    done
    for ((k = 1; k < ${#sizes[@]}; k++)); do
      row+=" $(ratio "${times[k - 1]}" "${times[k]}"), $(ratio "${mems[k - 1]}" "${mems[k]}") |"
    done
    echo "$row"
  done
done
