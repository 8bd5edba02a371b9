#!/usr/bin/env bash
# Runs the system locally against the private PostgreSQL + RabbitMQ of scripts/servers.sh.
#   ./run.sh                  Host on http://127.0.0.1:5080 (ES_HOST_PORT to change), PanelIngest, and a simulated
#                             fleet of ES_DEMO_PANELS (20) panels on 127.0.0.1:17094… registered for tenant "demo"
#   ES_KEEP_SERVERS=1 ./run.sh   leave the servers running after exit
# Ctrl-C (or the Host exiting) stops every process started here, then the servers.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$REPO"
command -v dotnet >/dev/null || { echo "run.sh: ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK" >&2; exit 127; }
# curl registers the demo fleet through the Host's API.
command -v curl >/dev/null || { echo "run.sh: installing curl" >&2; apt-get install -y -q curl >/dev/null; }

PIDS=()   # one entry per started app; each is its own process group (see launch)

# setsid gives every app its own process group, so one signal reaches `dotnet run` AND the app
# it spawned. (Background jobs of a script ignore SIGINT, so we send SIGTERM, which .NET maps to
# a graceful host shutdown.)
launch() {
  local name=$1; shift
  setsid "$@" </dev/null &
  PIDS+=("$!")
  echo "run.sh: started $name (pid $!)"
}

any_alive() { local pid; for pid in "${PIDS[@]}"; do kill -0 -- "-$pid" 2>/dev/null && return 0; done; return 1; }

cleanup() {
  local pid i
  trap - INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for ((i = 0; i < 40; i++)); do any_alive || break; sleep 0.5; done   # 20s to shut down gracefully
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [[ ${ES_KEEP_SERVERS:-0} == 1 ]]; then echo "run.sh: ES_KEEP_SERVERS=1, leaving servers running"
  else scripts/servers.sh stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/servers.sh start
eval "$(scripts/servers.sh env)"
export ConnectionStrings__EventStore="$ES_PG"
export ConnectionStrings__RabbitMq="$ES_RABBIT"
# Reports read from the hot standby servers.sh keeps next to the primary (the Host falls back to the primary without it).
export ConnectionStrings__Reports="$ES_PG_REPLICA"
# Daily summaries (for the previous UTC day, at 06:00 UTC and at start-up if missed) go under the ignored .data/.
export Reports__Daily__Directory="${Reports__Daily__Directory:-$REPO/.data/reports}"
# A throwaway signing key per run for local development; deployments pass their own (Auth__SigningKey_FILE).
export Auth__SigningKey="${Auth__SigningKey:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}"
# PanelIngest keeps panel secrets (user codes) encrypted under a master key. It must outlive runs like the database
# does, so the local one is kept under .data/ (deployments pass Ingest__MasterKey_FILE).
[[ -s .data/ingest-master-key ]] || (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >.data/ingest-master-key)
export Ingest__MasterKey_FILE="$REPO/.data/ingest-master-key"
PANELS="${ES_DEMO_PANELS:-20}"
FIRST_PORT=17094

URL="http://127.0.0.1:${ES_HOST_PORT:-5080}"
# Build up front, one project after another: several `dotnet run`s building at once would race
# on the obj/ dirs of the libraries they share.
APPS=(src/Host src/PanelIngest tools/PanelSimulator tools/DevToken)
for app in "${APPS[@]}"; do dotnet build "$app" -c Release -nologo -v q; done
bin() { echo "$REPO/$1/bin/Release/net10.0/$2.dll"; }
launch Host dotnet run --no-build --project src/Host -c Release --urls "$URL"
# The simulated panels: a lively scenario (alarms within the first minute) and a little random traffic. What they
# generate is written to .data/ground-truth.jsonl.
launch Simulator dotnet "$(bin tools/PanelSimulator PanelSimulator)" --panels "$PANELS" --base-port "$FIRST_PORT" \
  --scenario lively --rate 0.02 --ground-truth "$REPO/.data/ground-truth.jsonl"

# Wait until the Host is ready (it migrates the schema first), or give up if it died.
for ((i = 0; i < 240; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready" 2>/dev/null) == 200 ]] && break
  any_alive || break
  sleep 0.5
done

if any_alive; then
  token() { dotnet "$(bin tools/DevToken DevToken)" --user "$1" --role "$2" --tenant demo --hours 12; }
  scripts/demo-fleet.sh "$URL" "$PANELS" "$FIRST_PORT" "$(token supervisor-sam supervisor)" "$(bin src/PanelIngest PanelIngest)"
  # The ingest learns the panels from the Host's panel directory and connects to them.
  launch PanelIngest dotnet "$(bin src/PanelIngest PanelIngest)"
  OPERATOR_TOKEN=$(token operator-olga operator)
fi

if any_alive; then
  echo
  echo "============================================================"
  echo "  Host:      $URL   (Swagger UI: $URL/swagger)"
  echo "  Panels:    $PANELS simulated, 127.0.0.1:$FIRST_PORT…, tenant demo; alarms arrive within a minute"
  echo "  Operator:  export TOKEN=$OPERATOR_TOKEN"
  echo "             curl -H \"Authorization: Bearer \$TOKEN\" $URL/api/alarms"
  echo "  Postgres:  $ES_PG"
  echo "  Reports:   $ES_PG_REPLICA (replica)"
  echo "  RabbitMQ:  $ES_RABBIT"
  echo "  Ctrl-C stops everything."
  echo "============================================================"
  echo
fi

rc=0
wait -n "${PIDS[@]}" || rc=$?   # first app to exit (or Ctrl-C) ends the session
echo "run.sh: an app exited (code $rc); shutting down"
exit "$rc"
