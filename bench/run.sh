#!/usr/bin/env bash
# Benchmarks against the private PostgreSQL (+ RabbitMQ) of scripts/servers.sh.
#   bench/run.sh store [--quick]           the store scenario; the last line printed is `RESULT key=value ...`
#   bench/run.sh store --investigate       ... followed by the investigation experiments (phases, EXPLAIN, settings)
#   bench/run.sh messaging [--quick]       outbox → relay → RabbitMQ against raw confirmed publishing; end-to-end latency
#   bench/run.sh investigate [--quick] [--only=daemon|stale|single|reset]   the investigation experiments only
#   ES_KEEP_SERVERS=1 bench/run.sh ...     leave the servers running even if this script started them
# The servers are started like test.sh does (servers.sh start is idempotent). Unlike test.sh, they are stopped at
# exit only if this script started them, so a benchmark never pulls them from under a test run or a developer.
# Bench/EventStore are built in Release into a private artifacts directory (.data/bench-artifacts, git-ignored),
# so this never fights over obj/ or bin/ with a concurrent build of the solution; rebuilds are incremental.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
command -v dotnet >/dev/null || { echo "bench/run.sh: ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK" >&2; exit 127; }
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh store [--quick] [--investigate] | investigate [--quick] [--only=daemon|stale|single|reset]" >&2; exit 2; }

ARTIFACTS="${ES_BENCH_ARTIFACTS:-$REPO/.data/bench-artifacts}"

# Stop the servers at exit only if neither was running before (then nobody else is using them).
started=0
if ! scripts/servers.sh status 2>/dev/null | grep -Eq '^(PostgreSQL|RabbitMQ): (running|node)'; then started=1; fi
cleanup() {
  # Quietly: the RESULT line must stay the last line of the output.
  if ((started)) && [[ ${ES_KEEP_SERVERS:-0} != 1 ]]; then scripts/servers.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
scripts/servers.sh start
eval "$(scripts/servers.sh env)"
t1=$SECONDS

mkdir -p "$ARTIFACTS"
if ! dotnet build bench/Bench/Bench.csproj -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$ARTIFACTS/build.log" 2>&1; then
  cat "$ARTIFACTS/build.log" >&2
  echo "bench/run.sh: ERROR: build failed (src/ is edited concurrently? see above)" >&2
  exit 1
fi
t2=$SECONDS
dirty="$(git status --porcelain -- src 2>/dev/null | head -c1)"
echo "bench/run.sh: servers $((t1 - t0)) s, build $((t2 - t1)) s; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')${dirty:+ + uncommitted changes in src/}" >&2

dotnet "$ARTIFACTS/bin/Bench/release/Bench.dll" "$@"
