#!/usr/bin/env bash
# Runs the whole test suite against the private PostgreSQL + RabbitMQ of scripts/servers.sh.
#   ./test.sh [extra dotnet test args, e.g. --filter "FullyQualifiedName~Projections"]
#   ES_KEEP_SERVERS=1 ./test.sh ...   leaves the servers running (faster re-runs)
# Exit code is dotnet test's. The servers are stopped on every exit path (success, failure,
# Ctrl-C) by the EXIT trap.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$REPO"
command -v dotnet >/dev/null || { echo "test.sh: ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK" >&2; exit 127; }

cleanup() {
  if [[ ${ES_KEEP_SERVERS:-0} == 1 ]]; then echo "test.sh: ES_KEEP_SERVERS=1, leaving servers running" >&2
  else scripts/servers.sh stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT   # exit (running the EXIT trap) instead of dying silently mid-run
trap 'exit 143' TERM

scripts/servers.sh start
eval "$(scripts/servers.sh env)"

# TRX files give us one summary line per test assembly: with verbosity=normal the console
# logger only prints an unnamed "Total tests" block per run.
RESULTS="$REPO/TestResults/test.sh"
rm -rf "$RESULTS"

dotnet restore EventStore.sln
rc=0
dotnet test EventStore.sln -c Release --no-restore --logger "console;verbosity=normal" \
  --logger trx --results-directory "$RESULTS" "$@" || rc=$?

echo
echo "==== Test summary per assembly (exit code $rc) ===="
found=0
all_passed=0; all_failed=0; all_skipped=0
for trx in "$RESULTS"/*.trx; do
  [[ -e $trx ]] || continue
  found=1
  asm="$(grep -o -m1 'codeBase="[^"]*"' "$trx" | head -n1 | sed 's|.*/||; s|"$||')"
  counters="$(grep -o -m1 '<Counters [^>]*>' "$trx" | head -n1)"
  outcome="$(grep -o -m1 '<ResultSummary outcome="[^"]*"' "$trx" | sed 's/.*="//; s/"$//')"
  [[ $outcome != Completed ]] || outcome=Passed   # TRX calls a clean run "Completed"
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total="$(count total)"; executed="$(count executed)"   # skipped tests are total - executed
  printf '%-40s %-9s total %4s  passed %4s  failed %4s  skipped %4s\n' "${asm:-$(basename "$trx")}" \
    "$outcome" "$total" "$(count passed)" "$(count failed)" "$((${total:-0} - ${executed:-0}))"
  p="$(count passed)"; f="$(count failed)"
  all_passed=$((all_passed + ${p:-0})); all_failed=$((all_failed + ${f:-0}))
  all_skipped=$((all_skipped + ${total:-0} - ${executed:-0}))
done
((found)) || echo "no test results were written (build failure or no test matched?)"
# One plain closing line over all assemblies, the form CI tooling reads.
echo "tests: $all_passed passed, $all_failed failed, $all_skipped skipped"
exit "$rc"
