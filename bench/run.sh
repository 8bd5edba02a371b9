#!/usr/bin/env bash
# Benchmarks against the private PostgreSQL (+ RabbitMQ) of scripts/servers.sh.
#   bench/run.sh store [--quick]           the store scenario; the last line printed is `RESULT key=value ...`
#   bench/run.sh store --investigate       ... followed by the investigation experiments (phases, EXPLAIN, settings)
#   bench/run.sh messaging [--quick]       outbox → relay → RabbitMQ against raw confirmed publishing; end-to-end latency
#   bench/run.sh investigate [--quick] [--only=daemon|stale|single|reset|phases]   the investigation experiments only
#   bench/run.sh api [--quick]             the Host over HTTP: acknowledge/resolve commands and open-alarm queries
#   bench/run.sh ingest [--quick]          a simulated panel fleet → PanelIngest → RabbitMQ → the Host: events/s, latency, ground truth
#   bench/run.sh projections [--quick]     a simulated fleet's year (~1,000,000 events): rebuild of every report read model (events/s), then each report over HTTP (p50/p95)
#   ES_KEEP_SERVERS=1 bench/run.sh ...     leave the servers running even if this script started them
# The servers are started like test.sh does (servers.sh start is idempotent). Unlike test.sh, they are stopped at
# exit only if this script started them, so a benchmark never pulls them from under a test run or a developer.
# Bench/EventStore are built in Release into a private artifacts directory (.data/bench-artifacts, git-ignored),
# so this never fights over obj/ or bin/ with a concurrent build of the solution; rebuilds are incremental.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
command -v dotnet >/dev/null || { echo "bench/run.sh: ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK" >&2; exit 127; }
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh store [--quick] [--investigate] | messaging [--quick] | api [--quick] | ingest [--quick] | projections [--quick] | investigate [--quick] [--only=daemon|stale|single|reset|phases]" >&2; exit 2; }

ARTIFACTS="${ES_BENCH_ARTIFACTS:-$REPO/.data/bench-artifacts}"

# Stop the servers at exit only if neither was running before (then nobody else is using them).
started=0
if ! scripts/servers.sh status 2>/dev/null | grep -Eq '^(PostgreSQL|RabbitMQ): (running|node)'; then started=1; fi
host_pid=""
ingest_pid=""
replica_paused=0
cleanup() {
  # Quietly: the RESULT line must stay the last line of the output. The ingest first: it releases its leases.
  if ((replica_paused)); then scripts/servers.sh replica-start >/dev/null 2>&1 || true; fi
  if [[ -n $ingest_pid ]]; then kill "$ingest_pid" 2>/dev/null || true; wait "$ingest_pid" 2>/dev/null || true; fi
  if [[ -n $host_pid ]]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
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

free_port() {
  local p
  for p in $(shuf -i 20000-32000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "bench/run.sh: ERROR: no free port found for the Host" >&2
  return 1
}

if [[ $1 == ingest ]]; then
  # The Host and one PanelIngest as separate processes, as deployed (Release, same private artifacts dir), on a fresh
  # schema and an exchange and queues of their own on the private RabbitMQ; the panel fleet runs in the bench process.
  for project in src/Host/Host.csproj src/PanelIngest/PanelIngest.csproj; do
    if ! dotnet build "$project" -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$ARTIFACTS/build-ingest.log" 2>&1; then
      cat "$ARTIFACTS/build-ingest.log" >&2
      echo "bench/run.sh: ERROR: $project build failed (src/ is edited concurrently? see above)" >&2
      exit 1
    fi
  done
  schema=bench_ingest exchange=bench-ingest host_queue=bench-ingest-host ingest_queue=bench-ingest-control
  db="$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$ES_PG")"
  "$ES_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ES_PG_PORT" -U postgres -d "${db:-eventstore}" \
    -c "set client_min_messages = warning" -c "drop schema if exists $schema cascade" >/dev/null
  # Messages of a previous run would name panels that no longer exist: start from empty queues.
  for q in "$host_queue" "$host_queue.dlq" "$ingest_queue" "$ingest_queue.dlq"; do
    "$ES_RABBITMQCTL" -q delete_queue "$q" >/dev/null 2>&1 || true
  done
  # 2,000 panels are 2,000 listening sockets and 2,000 accepted ones here, 2,000 connections in the ingest.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  port="$(free_port)"
  bench_log_level="${BENCH_INGEST_LOG_LEVEL:-Warning}"
  export BENCH_API_SIGNING_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  host_dir="$ARTIFACTS/bin/Host/release" ingest_dir="$ARTIFACTS/bin/PanelIngest/release"
  host_log="$ARTIFACTS/host-ingest.log" ingest_log="$ARTIFACTS/ingest.log"
  (
    cd "$host_dir"
    export ConnectionStrings__EventStore="$ES_PG" ConnectionStrings__RabbitMq="$ES_RABBIT" EventStore__Schema="$schema" \
      Messaging__Exchange="$exchange" Messaging__Queue="$host_queue" Auth__SigningKey="$BENCH_API_SIGNING_KEY" \
      ASPNETCORE_URLS="http://127.0.0.1:$port" \
      Serilog__MinimumLevel__Default="$bench_log_level" Logging__LogLevel__Default="$bench_log_level"
    exec dotnet "$host_dir/Host.dll" >"$host_log" 2>&1
  ) &
  host_pid=$!
  # Ingest settings are its defaults (appsettings.json) unless BENCH_INGEST_POLL (Ingest:PollInterval) says otherwise.
  (
    cd "$ingest_dir"
    export ConnectionStrings__EventStore="$ES_PG" ConnectionStrings__RabbitMq="$ES_RABBIT" EventStore__Schema="$schema" \
      Messaging__Exchange="$exchange" Messaging__Queue="$ingest_queue" Ingest__NodeId="bench-ingest-$$" \
      Serilog__MinimumLevel__Default="$bench_log_level" Logging__LogLevel__Default="$bench_log_level"
    if [[ -n ${BENCH_INGEST_POLL:-} ]]; then export Ingest__PollInterval="$BENCH_INGEST_POLL"; fi
    exec dotnet "$ingest_dir/PanelIngest.dll" >"$ingest_log" 2>&1
  ) &
  ingest_pid=$!
  export BENCH_API_URL="http://127.0.0.1:$port" BENCH_INGEST_SCHEMA="$schema" BENCH_HOST_PID="$host_pid" BENCH_HOST_LOG="$host_log" \
    BENCH_INGEST_PID="$ingest_pid" BENCH_INGEST_LOG="$ingest_log"
fi

if [[ $1 == projections ]]; then
  # The Host as a separate process, as deployed (Release, same private artifacts dir), on a fresh schema, no broker,
  # logging at Warning: its daemon projects the fleet's year live while the bench appends it, then serves the reports.
  if ! dotnet build src/Host/Host.csproj -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$ARTIFACTS/build-host-projections.log" 2>&1; then
    cat "$ARTIFACTS/build-host-projections.log" >&2
    echo "bench/run.sh: ERROR: Host build failed (src/ is edited concurrently? see above)" >&2
    exit 1
  fi
  schema=bench_projections
  db="$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$ES_PG")"
  "$ES_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ES_PG_PORT" -U postgres -d "${db:-eventstore}" \
    -c "set client_min_messages = warning" -c "drop schema if exists $schema cascade" >/dev/null
  port="$(free_port)"
  host_dir="$ARTIFACTS/bin/Host/release"
  host_log="$ARTIFACTS/host-projections.log"
  export BENCH_API_SIGNING_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  (
    cd "$host_dir"
    export ConnectionStrings__EventStore="$ES_PG" EventStore__Schema="$schema" Auth__SigningKey="$BENCH_API_SIGNING_KEY" \
      ASPNETCORE_URLS="http://127.0.0.1:$port" Serilog__MinimumLevel__Default=Warning Logging__LogLevel__Default=Warning
    unset ConnectionStrings__RabbitMq ES_RABBIT
    exec dotnet "$host_dir/Host.dll" >"$host_log" 2>&1
  ) &
  host_pid=$!
  export BENCH_API_URL="http://127.0.0.1:$port" BENCH_PROJ_SCHEMA="$schema" BENCH_HOST_PID="$host_pid" BENCH_HOST_LOG="$host_log"
fi

if [[ $1 == api ]]; then
  # The Host as a separate process, as deployed: Release build in the same private artifacts dir, its own fresh
  # schema, a throwaway signing key, no broker (the outbox just fills), logging at Warning, write limits lifted.
  if ! dotnet build src/Host/Host.csproj -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$ARTIFACTS/build-host.log" 2>&1; then
    cat "$ARTIFACTS/build-host.log" >&2
    echo "bench/run.sh: ERROR: Host build failed (src/ is edited concurrently? see above)" >&2
    exit 1
  fi
  schema=bench_api
  db="$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$ES_PG")"
  "$ES_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ES_PG_PORT" -U postgres -d "${db:-eventstore}" \
    -c "set client_min_messages = warning" -c "drop schema if exists $schema cascade" >/dev/null
  port=""
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
  [[ -n $port ]] || { echo "bench/run.sh: ERROR: no free port found for the Host" >&2; exit 1; }
  host_dir="$ARTIFACTS/bin/Host/release"
  host_log="$ARTIFACTS/host-api.log"
  export BENCH_API_SIGNING_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"   # the bench mints its tokens with it
  (
    cd "$host_dir"   # the content root: appsettings.json is found there
    export ConnectionStrings__EventStore="$ES_PG" EventStore__Schema="$schema" \
      Auth__SigningKey="$BENCH_API_SIGNING_KEY" \
      RateLimiting__WritesPerSecond=1000000 RateLimiting__Burst=1000000 \
      ASPNETCORE_URLS="http://127.0.0.1:$port" \
      Serilog__MinimumLevel__Default=Warning Logging__LogLevel__Default=Warning
    unset ConnectionStrings__RabbitMq ES_RABBIT
    exec dotnet "$host_dir/Host.dll" >"$host_log" 2>&1
  ) &
  host_pid=$!
  export BENCH_API_URL="http://127.0.0.1:$port" BENCH_API_SCHEMA="$schema" BENCH_HOST_PID="$host_pid" BENCH_HOST_LOG="$host_log"
fi

if [[ $1 == store ]]; then
  # The store's figures are the primary's. The reporting replica that servers.sh runs beside it shares this
  # machine's two cores (its WAL receiver and replay took about 12 % of the CPU during the 8-writer run, and that
  # run was about 10 % slower with it), which a standby on its own server does not. So it is stopped for this
  # scenario, unless someone is using it (a test run), and started again at exit. BENCH_KEEP_REPLICA=1 keeps it.
  if [[ ${BENCH_KEEP_REPLICA:-0} != 1 ]] && [[ $(scripts/servers.sh status 2>/dev/null) == *$'\nPostgreSQL replica: running'* ]]; then
    users="$("$ES_PG_BIN/psql" -X -Atq -h 127.0.0.1 -p "$ES_PG_REPLICA_PORT" -U postgres -d postgres \
      -c "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()" 2>/dev/null || echo 1)"
    if [[ $users == 0 ]]; then
      scripts/servers.sh replica-stop >/dev/null 2>&1 && replica_paused=1
      echo "bench/run.sh: the co-located reporting replica is stopped for this scenario (started again at exit)" >&2
    else
      echo "bench/run.sh: the reporting replica is in use ($users sessions): measuring with it running" >&2
    fi
  fi
fi

dotnet "$ARTIFACTS/bin/Bench/release/Bench.dll" "$@"
