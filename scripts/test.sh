#!/usr/bin/env bash
# Runs every test softmatch has, the same way on a laptop and in CI.
# The PowerShell checks need pscheck's npm packages (../shared/tools/pscheck, or the folder
# SOFTMATCH_PSCHECK names), installed here from the npm registry when missing. The benchmark
# script's test needs GNU time, installed here from Debian's packages when missing and
# apt-get can be run.
set -euo pipefail
cd "$(dirname "$0")/.."

pscheck="${SOFTMATCH_PSCHECK:-$(cd .. && pwd)/shared/tools/pscheck}"
if [ -f "$pscheck/package.json" ] && [ ! -d "$pscheck/node_modules/web-tree-sitter" ]; then
  echo "installing pscheck's npm packages in $pscheck"
  (cd "$pscheck" && npm ci --no-audit --no-fund)
fi
export SOFTMATCH_PSCHECK="$pscheck"

# The benchmark script's test needs GNU time (/usr/bin/time -v), as the benchmark does.
if ! /usr/bin/time -v true >/dev/null 2>&1; then
  apt=""
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt="apt-get"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      apt="sudo -n apt-get"
    fi
  fi
  if [ -n "$apt" ]; then
    echo "installing GNU time for the benchmark script's test"
    $apt install -y -qq time >/dev/null 2>&1 || { $apt update -qq >/dev/null 2>&1 && $apt install -y -qq time >/dev/null 2>&1; } ||
      echo "could not install GNU time: the benchmark script's test will fail (install the package \"time\")"
  else
    echo "GNU time is missing: the benchmark script's test will fail (install it: sudo apt-get install -y time)"
  fi
fi

unformatted=$(gofmt -l cmd reconcile formats samples)
if [ -n "$unformatted" ]; then
  echo "gofmt: these files are not formatted:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -count=1 ./...
