#!/usr/bin/env bash
# Measures softmatch on synthetic tenants of growing size, beside the excelize floor and the
# reading floor.
#
#   bash scripts/bench.sh [--runs K] [users-per-side ...]   (default: 1 run; 10000 100000 1000000)
#
# For each size it builds a tenant with `softmatch generate --seed 1` (so every run measures
# the same data), runs `softmatch reconcile` on it with the workbook, JSON report and scripts
# all written, and runs samples/synth/floor, which streams as many Matches-like rows with
# excelize and does nothing else: softmatch cannot write its workbook faster than that.
# It also runs samples/synth/readfloor, which binds every record of the tenant's two
# exports with gocsv as softmatch's readers do and keeps nothing: softmatch, which reads with
# gocsv, cannot read them faster.
# Each step runs under GNU time (/usr/bin/time -v) for wall time, processor time and peak
# RSS; under each reconcile row, its --timings show where the time went, wall and processor
# time per phase (reading, predicting, the scripts, then the JSON report and the workbook,
# written side by side).
#
# With --runs K each size's tenant is generated once and reconcile and the floor run K times,
# taking turns, so that a slow minute of a shared host hits both, and each going first in
# every other round; the reading floor runs after them in every round. A last table gives,
# per size, the medians of the runs in the terms the performance targets are stated in:
# softmatch's wall time, over the floor's and over the previous size's (the cost of
# growing), its peak RSS, and the time it took to read and predict, beside the reading
# floor's.
#
# Scratch space: about 1.8 GB per million users (CSV exports, workbook, excelize's spill
# file), under $TMPDIR (default /tmp), removed after each size. Time on a shared machine
# varies: compare the rows of one run, not runs from different days.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bash scripts/bench.sh [--runs K] [users-per-side ...]"
runs=1
sizes=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --runs=*) runs=${1#--runs=} ;;
    --runs)
      if [ "$#" -lt 2 ]; then runs=""; else runs=$2; shift; fi ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench.sh: --runs needs a positive whole number of runs" >&2
  echo "$usage" >&2
  exit 2
fi
if [ "${#sizes[@]}" -eq 0 ]; then
  sizes=(10000 100000 1000000)
fi
for n in "${sizes[@]}"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench.sh: size \"$n\" is not a positive whole number of users" >&2
    echo "$usage" >&2
    exit 2
  fi
done

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "bench.sh: GNU time is missing (/usr/bin/time -v must work; the shell's time keyword reports no memory)" >&2
  echo "hint: install it with: sudo apt-get install -y time   (Fedora/RHEL: sudo dnf install -y time; Alpine: apk add time)" >&2
  exit 2
fi
if ! command -v go >/dev/null 2>&1; then
  echo "bench.sh: go is not on PATH; install Go $(sed -n 's/^go //p' go.mod) or newer" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/softmatch-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "building softmatch, the excelize floor and the reading floor ..." >&2
go build -o "$tmp/softmatch" ./cmd/softmatch
go build -o "$tmp/floor" ./samples/synth/floor
go build -o "$tmp/readfloor" ./samples/synth/readfloor

# measure LABEL N CMD...: runs CMD under GNU time and prints one table row. A failing step
# prints its error output and stops the benchmark.
measure() {
  local label=$1 n=$2
  shift 2
  local out="$tmp/step.out" tv="$tmp/step.time" status=0
  # The files the previous step wrote (a million-user tenant is 0.7 GB, its outputs 1.2 GB)
  # go to disk now, so that the kernel threads writing them back do not take the cores from
  # the step timed next (that shows in its wall time, not in its processor time).
  sync
  /usr/bin/time -v -o "$tv" "$@" >"$out" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "bench.sh: $label at $n users failed with exit status $status:" >&2
    tail -n 20 "$out" >&2
    exit 1
  fi
  row=$(awk -v label="$label" -v n="$n" '
    /Elapsed \(wall clock\) time/ {
      t = $NF; k = split(t, p, ":")
      wall = (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]
    }
    /User time \(seconds\)/ { cpu += $NF }
    /System time \(seconds\)/ { cpu += $NF }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END {
      if (wall <= 0) wall = 0.005  # below the 10 ms GNU time can resolve
      printf "%10d  %-10s %10.2f %8.2f %14.0f %12.1f\n", n, label, wall, cpu, n / wall, rss
    }' "$tv")
  echo "$row"
  last_wall=$(echo "$row" | awk '{print $3}')
  last_rss=$(echo "$row" | awk '{print $6}')
}

# median prints the median of its arguments (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo "softmatch benchmark: $(go version | cut -d" " -f3-), $(nproc) cores, seed 1"
echo "size = users per side; cpu_s = user + system time on every core; records_per_s = size / wall_s"
echo "floor = excelize alone writing size Matches-like rows"
echo "readfloor = gocsv alone binding both exports as softmatch does, keeping nothing"
printf "%10s  %-10s %10s %8s %14s %12s\n" size step wall_s cpu_s records_per_s peak_rss_mib
# run_reconcile N DIR times softmatch on the tenant in DIR and prints its phases.
run_reconcile() {
  local n=$1 dir=$2
  measure reconcile "$n" "$tmp/softmatch" reconcile --onprem "$dir/onprem-users.csv" \
    --cloud "$dir/cloud-users.csv" --out "$dir/report.xlsx" --json "$dir/report.json" \
    --scripts "$dir/scripts" --quiet --timings
  walls+=("$last_wall") rsses+=("$last_rss")
  # Where the reconcile time went, phase by phase (softmatch --timings).
  sed -n 's/^timing: \(.*\)/            \1/p' "$tmp/step.out"
  # Reading plus predicting: the wall times of the two first phases.
  firsts+=("$(awk '/^timing: (reading|reconciling)/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+s$/) {t += $i; break}} END {printf "%.3f", t}' "$tmp/step.out")")
  rm -rf "$dir/report.xlsx" "$dir/report.json" "$dir/scripts"
}

# run_floor N DIR times excelize alone writing N Matches rows.
run_floor() {
  local n=$1 dir=$2
  measure floor "$n" "$tmp/floor" -rows "$n" -out "$dir/floor.xlsx"
  floors+=("$last_wall")
  rm -f "$dir/floor.xlsx"
}

# run_readfloor N DIR times gocsv alone binding the tenant's two exports, and prints the
# binding time readfloor measures itself, to the millisecond as --timings gives reading.
run_readfloor() {
  local n=$1 dir=$2 s
  measure readfloor "$n" "$tmp/readfloor" -dir "$dir"
  s=$(sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' "$tmp/step.out")
  if ! [[ "$s" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
    echo "bench.sh: readfloor at $n users printed no binding time:" >&2
    tail -n 20 "$tmp/step.out" >&2
    exit 1
  fi
  echo "            binding both exports              ${s}s"
  readfloors+=("$s")
}

summary=()
prev_n="" prev_wall="" round=0
for n in "${sizes[@]}"; do
  dir="$tmp/tenant-$n"
  measure generate "$n" "$tmp/softmatch" generate --users "$n" --out "$dir" --seed 1
  walls=() floors=() rsses=() firsts=() readfloors=()
  for ((r = 1; r <= runs; r++)); do
    # Which goes first alternates, from round to round and size to size: a step finds the
    # pages the one before it freed, which are quicker to get than memory the system has
    # not handed out lately. An even K gives each the first place equally often.
    round=$((round + 1))
    if ((round % 2 == 1)); then
      run_reconcile "$n" "$dir"
      run_floor "$n" "$dir"
    else
      run_floor "$n" "$dir"
      run_reconcile "$n" "$dir"
    fi
    run_readfloor "$n" "$dir"
  done
  wall=$(median "${walls[@]}")
  floor=$(median "${floors[@]}")
  rss=$(median "${rsses[@]}")
  first=$(median "${firsts[@]}")
  readfloor=$(median "${readfloors[@]}")
  growth="-"
  if [ -n "$prev_n" ]; then
    growth=$(awk -v a="$wall" -v b="$prev_wall" -v n="$n" -v m="$prev_n" 'BEGIN {printf "%.2fx for %gx users", a / b, n / m}')
  fi
  summary+=("$(awk -v n="$n" -v w="$wall" -v f="$floor" -v r="$rss" -v p="$first" -v rf="$readfloor" -v g="$growth" \
    'BEGIN {printf "%10d %10.2f %9.2f %12.2f %12.1f %14.3f %12.3f  %s", n, w, f, w / f, r, p, rf, g}')")
  prev_n=$n prev_wall=$wall
  rm -rf "$dir"
done

echo
echo "median of $runs run(s) per size: softmatch's wall time, the excelize floor's and their ratio,"
echo "softmatch's peak RSS, its reading plus predicting (--timings) beside the reading floor's"
echo "binding time, and its wall time over the previous size's"
printf "%10s %10s %9s %12s %12s %14s %12s  %s\n" size wall_s floor_s times_floor peak_rss_mib read_predict_s readfloor_s "times the previous size"
printf '%s\n' "${summary[@]}"
