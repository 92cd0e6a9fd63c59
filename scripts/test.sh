#!/usr/bin/env bash
# Runs every test softmatch has, the same way on a laptop and in CI.
# The PowerShell checks need pscheck's npm packages (../shared/tools/pscheck, or the folder
# SOFTMATCH_PSCHECK names): they are installed here from the npm registry when missing, and
# the benchmark script's test GNU time, installed from Debian's packages when missing.
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
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing GNU time for the benchmark script's test"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
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
