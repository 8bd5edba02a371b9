#!/usr/bin/env bash
# Runs the system locally against the private PostgreSQL + RabbitMQ of scripts/servers.sh.
#   ./run.sh                  Host on http://127.0.0.1:5080 (ES_HOST_PORT to change)
#   ES_KEEP_SERVERS=1 ./run.sh   leave the servers running after exit
# Ctrl-C (or the Host exiting) stops every process started here, then the servers.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$REPO"
command -v dotnet >/dev/null || { echo "run.sh: ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK" >&2; exit 127; }

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
# A throwaway signing key per run for local development; deployments pass their own (Auth__SigningKey_FILE).
export Auth__SigningKey="${Auth__SigningKey:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}"

URL="http://127.0.0.1:${ES_HOST_PORT:-5080}"
# Build up front, one project after another: several `dotnet run`s building at once would race
# on the obj/ dirs of the libraries they share.
APPS=(src/Host)
# ---- later issues: add PanelIngest / the simulator to APPS and launch them below --------------
for app in "${APPS[@]}"; do dotnet build "$app" -c Release -nologo -v q; done
launch Host dotnet run --no-build --project src/Host -c Release --urls "$URL"
# launch PanelIngest dotnet run --no-build --project src/PanelIngest -c Release
# launch Simulator   dotnet run --no-build --project <simulator project> -c Release
# ------------------------------------------------------------------------------------------------

# Announce the URL once the Host actually listens (or give up if it died first).
for ((i = 0; i < 240; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/${ES_HOST_PORT:-5080}") 2>/dev/null && break
  any_alive || break
  sleep 0.5
done

if any_alive; then
  echo
  echo "============================================================"
  echo "  Host:      $URL"
  echo "  Postgres:  $ES_PG"
  echo "  RabbitMQ:  $ES_RABBIT"
  echo "  Ctrl-C stops everything."
  echo "============================================================"
  echo
fi

rc=0
wait -n "${PIDS[@]}" || rc=$?   # first app to exit (or Ctrl-C) ends the session
echo "run.sh: an app exited (code $rc); shutting down"
exit "$rc"
