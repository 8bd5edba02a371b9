#!/usr/bin/env bash
# A local two-node Patroni cluster (Debian's patroni, etcd-server, etcd-client; PostgreSQL 15) for failover tests:
#   scripts/patroni-local.sh start|stop|status|kill-primary|reset|conn
# One etcd and two Patroni nodes on loopback, on ports of their own (not those of scripts/servers.sh, nor the system
# services'), with data, pid files and logs under <repo>/.data/patroni (git-ignored). Settings follow
# deploy/patroni/patroni.yml except for the timings: ttl 10, loop_wait 2, retry_timeout 3, so a lost primary is
# replaced in seconds instead of 30–45 s. Synchronous replication is on unless PATRONI_LOCAL_SYNC=off (RPO 0 for
# acknowledged commits while the standby is in sync, as in production).
#   start         idempotent; a run that was killed half-way (or by kill-primary) is cleaned up and restarted
#   stop          stops both nodes (Patroni stops its PostgreSQL) and etcd; data is kept
#   status        the processes and `patronictl list`
#   kill-primary  SIGKILL the current leader's Patroni and its PostgreSQL (postmaster and backends); prints its name
#   reset         stop, then delete all data (the next start bootstraps a new cluster)
#   conn          print the Npgsql connection string (also printed by start)
# As root, Patroni (and so PostgreSQL, which refuses to run as root) runs as the 'postgres' user.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
BASE="${PATRONI_LOCAL_DIR:-$REPO/.data/patroni}"
ETCD_CLIENT_PORT="${PATRONI_LOCAL_ETCD_PORT:-22379}"
ETCD_PEER_PORT="${PATRONI_LOCAL_ETCD_PEER_PORT:-22380}"
REST_PORTS=("${PATRONI_LOCAL_REST_PORT_1:-28008}" "${PATRONI_LOCAL_REST_PORT_2:-28009}")
PG_PORTS=("${PATRONI_LOCAL_PG_PORT_1:-27432}" "${PATRONI_LOCAL_PG_PORT_2:-27433}")
NODES=(pg-1 pg-2)
SYNC="${PATRONI_LOCAL_SYNC:-on}"
SCOPE=alarm-monitoring-local
PG_BIN="${ES_PG_BIN:-/usr/lib/postgresql/15/bin}"
ETCD_DIR="$BASE/etcd"

log() { echo "patroni-local: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [[ $(id -u) == 0 ]]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [[ -n ${1:-} && -e /proc/$1 && -n $(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline") ]]; }   # not a zombie
pid_of() { local pid; pid="$(cat "$1" 2>/dev/null)" || return 1; alive "$pid" && echo "$pid"; }
sync_bool() { case "${SYNC,,}" in on | true | 1 | yes) echo true ;; off | false | 0 | no) echo false ;; *) die "PATRONI_LOCAL_SYNC must be on or off, not '$SYNC'" ;; esac; }
http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1$2" 2>/dev/null || true; }
node_dir() { echo "$BASE/$1"; }
# Run as postgres when root. setpriv execs (no fork, unlike runuser), so $! is the program's own pid.
as_pg() { if is_root; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }

ensure_installed() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v etcdctl >/dev/null || missing+=(etcd-client)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    is_root || die "missing ${missing[*]}; run as root so they can be apt-get installed"
    log "installing ${missing[*]} (apt)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
  fi
  [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL server binaries in $PG_BIN (set ES_PG_BIN)"
}

conn() {
  echo "Host=127.0.0.1:${PG_PORTS[0]},127.0.0.1:${PG_PORTS[1]};Target Session Attributes=primary;Host Recheck Seconds=2;Username=postgres;Database=eventstore"
}

# --- etcd -------------------------------------------------------------------------------------------------------------

start_etcd() {
  if pid_of "$ETCD_DIR/etcd.pid" >/dev/null; then return 0; fi
  rm -f "$ETCD_DIR/etcd.pid"
  ! port_open "$ETCD_CLIENT_PORT" || die "port $ETCD_CLIENT_PORT is taken by something else (PATRONI_LOCAL_ETCD_PORT)"
  mkdir -p "$ETCD_DIR"
  (cd "$ETCD_DIR" && exec etcd --name local --data-dir "$ETCD_DIR/data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    --initial-cluster-token "$SCOPE" >>"$ETCD_DIR/etcd.log" 2>&1 </dev/null 9>&-) &
  echo $! >"$ETCD_DIR/etcd.pid"
  local i; for ((i = 0; i < 60; i++)); do etcd_healthy && return 0; sleep 0.5; done
  tail -n 20 "$ETCD_DIR/etcd.log" >&2; die "etcd did not become healthy (log: $ETCD_DIR/etcd.log)"
}
etcd_healthy() { ETCDCTL_API=3 etcdctl --endpoints "http://127.0.0.1:$ETCD_CLIENT_PORT" --dial-timeout 1s endpoint health >/dev/null 2>&1; }

# --- Patroni nodes ----------------------------------------------------------------------------------------------------

write_config() {   # index
  local i=$1 name=${NODES[$1]} dir; dir="$(node_dir "$name")"
  cat >"$dir/patroni.yml" <<YAML
# Written by scripts/patroni-local.sh: do not edit (rewritten on every start). Production: deploy/patroni/patroni.yml.
scope: $SCOPE
namespace: /service/
name: $name
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${REST_PORTS[$i]}
  connect_address: 127.0.0.1:${REST_PORTS[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT_PORT
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 3
    maximum_lag_on_failover: 1048576
    synchronous_mode: $(sync_bool)
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        hot_standby_feedback: "on"
        max_connections: 300
        max_locks_per_transaction: 256
        max_wal_senders: 10
        max_replication_slots: 10
        max_slot_wal_keep_size: 1GB
        wal_log_hints: "on"
        idle_in_transaction_session_timeout: 60s
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
  post_bootstrap: $BASE/post-bootstrap.sh
postgresql:
  listen: 127.0.0.1:${PG_PORTS[$i]}
  connect_address: 127.0.0.1:${PG_PORTS[$i]}
  data_dir: $dir/data
  bin_dir: $PG_BIN
  pgpass: $dir/pgpass
  basebackup:           # a spread checkpoint made the standby's first copy take over a minute
    - checkpoint: fast
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
    rewind:
      username: postgres
      password: postgres
  parameters:
    unix_socket_directories: $dir
    logging_collector: "on"
    log_directory: $dir/pglog
    log_filename: postgresql.log
    log_file_mode: "0644"
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YAML
}

write_post_bootstrap() {
  cat >"$BASE/post-bootstrap.sh" <<'SH'
#!/usr/bin/env bash
# Run once by Patroni after it initialised the cluster (argument: a superuser connection URL).
set -euo pipefail
psql -X -v ON_ERROR_STOP=1 "$1" -c 'create database eventstore'
SH
  chmod 755 "$BASE/post-bootstrap.sh"
}

postmaster_of() {   # node name: pid of its live postmaster, if any
  local dir pid; dir="$(node_dir "$1")/data"
  pid="$(head -n1 "$dir/postmaster.pid" 2>/dev/null)" || return 1
  [[ -n $pid ]] && alive "$pid" && [[ /proc/$pid/cwd -ef $dir ]] && echo "$pid"
}
pg_pids() {   # node name: every postgres process of its data dir (postmaster and backends: cwd is the data dir)
  local p c dir; dir="$(node_dir "$1")/data"
  [[ -d $dir ]] || return 0
  for p in /proc/[0-9]*; do
    read -r c 2>/dev/null <"$p/comm" && [[ $c == postgres && $p/cwd -ef $dir ]] && echo "${p#/proc/}"
  done; true
}
kill_pg() {   # node name: SIGKILL every postgres process of the node
  local pids; pids="$(pg_pids "$1")"
  [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
}

start_node() {   # index
  local i=$1 name=${NODES[$1]} dir; dir="$(node_dir "$name")"
  write_config "$i"
  if pid_of "$dir/patroni.pid" >/dev/null; then return 0; fi
  # Stale: a Patroni that was killed leaves its postgres (or, once that is killed, orphaned backends holding the
  # shared memory) and postmaster.pid / socket lock files naming dead or recycled pids. Clear them all.
  kill_pg "$name"
  rm -f "$dir/patroni.pid" "$dir/data/postmaster.pid" "$dir"/.s.PGSQL.*
  ! port_open "${PG_PORTS[$i]}" || die "port ${PG_PORTS[$i]} is taken by something else"
  ! port_open "${REST_PORTS[$i]}" || die "port ${REST_PORTS[$i]} is taken by something else"
  mkdir -p "$dir/pglog"
  if is_root; then chown -R postgres: "$dir"; chmod 755 "$BASE"; fi
  # The log file is opened here (by root, if root): Patroni's stderr, PostgreSQL's in pglog/.
  local as=(); is_root && as=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  (cd "$dir" && HOME="$dir" exec "${as[@]}" patroni "$dir/patroni.yml" </dev/null >>"$dir/patroni.log" 2>&1 9>&-) &
  echo $! >"$dir/patroni.pid"
}

stop_node() {   # name
  local name=$1 dir pid i; dir="$(node_dir "$name")"
  if pid="$(pid_of "$dir/patroni.pid")"; then
    kill -TERM "$pid" 2>/dev/null || true   # Patroni stops PostgreSQL (fast) before it exits
    for ((i = 0; i < 60; i++)); do alive "$pid" || break; sleep 0.5; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  if pid="$(postmaster_of "$name")"; then   # Patroni was killed before: its postgres still runs
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  kill_pg "$name"
  rm -f "$dir/patroni.pid"
}

leader() {   # name of the node whose REST API answers 200 on /primary
  local i
  for i in "${!NODES[@]}"; do
    [[ $(http_code "${REST_PORTS[$i]}" /primary) == 200 ]] && { echo "${NODES[$i]}"; return 0; }
  done
  return 1
}

wait_ready() {   # a primary that takes connections, the eventstore database, and (sync on) a synchronous standby
  local deadline=$((SECONDS + 180)) i primary ok
  while ((SECONDS < deadline)); do
    ok=0 primary=""
    for i in "${!NODES[@]}"; do
      if [[ $(http_code "${REST_PORTS[$i]}" /primary) == 200 ]]; then primary=$i
      elif [[ $(http_code "${REST_PORTS[$i]}" /replica) == 200 && ( $(sync_bool) == false || $(http_code "${REST_PORTS[$i]}" /sync) == 200 ) ]]; then
        ok=$((ok + 1))
      fi
    done
    if [[ -n $primary ]] && ((ok >= 1)); then
      local psql=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "${PG_PORTS[$primary]}" -U postgres -d postgres -tA)
      if [[ -z $("${psql[@]}" -c "select 1 from pg_database where datname = 'eventstore'" 2>/dev/null) ]]; then
        "${psql[@]}" -c 'create database eventstore' >/dev/null 2>&1 || true   # post_bootstrap did not run (old data)
      else
        return 0
      fi
    fi
    sleep 0.5
  done
  status >&2 || true
  die "the cluster did not become ready in 180 s (logs: $BASE/pg-*/patroni.log, $BASE/pg-*/pglog/)"
}

patronictl_() { patronictl -c "$(node_dir "${NODES[0]}")/patroni.yml" "$@"; }

start() {
  ensure_installed
  is_root && ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$REPO" &&
    die "the postgres user cannot traverse $REPO: set PATRONI_LOCAL_DIR to a directory it can reach"
  mkdir -p "$BASE"
  write_post_bootstrap
  start_etcd
  local i; for i in "${!NODES[@]}"; do mkdir -p "$(node_dir "${NODES[$i]}")"; start_node "$i"; done
  # bootstrap.dcs applies only to a new cluster: an existing one gets the requested synchronous_mode here.
  local want; want="$(sync_bool)"
  if leader >/dev/null && [[ $(patronictl_ show-config 2>/dev/null | sed -n 's/^synchronous_mode: //p') != "$want" ]]; then
    patronictl_ edit-config --force -s "synchronous_mode=$want" >/dev/null
  fi
  wait_ready
  log "up: leader $(leader), synchronous_mode $want; data and logs in $BASE"
  conn
}

stop() {
  local i
  for ((i = ${#NODES[@]} - 1; i >= 0; i--)); do stop_node "${NODES[$i]}"; done
  local pid
  if pid="$(pid_of "$ETCD_DIR/etcd.pid")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do alive "$pid" || break; sleep 0.25; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$ETCD_DIR/etcd.pid"
  log "stopped"
}

status() {
  local pid name
  if pid="$(pid_of "$ETCD_DIR/etcd.pid")"; then echo "etcd: running (pid $pid, 127.0.0.1:$ETCD_CLIENT_PORT)"; else echo "etcd: stopped"; fi
  for name in "${NODES[@]}"; do
    if pid="$(pid_of "$(node_dir "$name")/patroni.pid")"; then echo "$name patroni: running (pid $pid)"; else echo "$name patroni: stopped"; fi
    if pid="$(postmaster_of "$name")"; then echo "$name postgres: running (pid $pid)"; else echo "$name postgres: stopped"; fi
  done
  if [[ -f $(node_dir "${NODES[0]}")/patroni.yml ]] && etcd_healthy; then patronictl_ list || true; fi
}

kill_primary() {
  local name pid
  name="$(leader)" || die "no node answers 200 on /primary"
  # Patroni first, so it cannot restart its postgres; then the postmaster and every backend at once.
  if pid="$(pid_of "$(node_dir "$name")/patroni.pid")"; then kill -KILL "$pid" 2>/dev/null || true; fi
  kill_pg "$name"
  log "killed $name (Patroni and PostgreSQL)"
  echo "$name"
}

reset() {
  stop
  rm -rf "$BASE"
  log "deleted $BASE"
}

main() {
  [[ $# -eq 1 ]] || die "usage: $0 start|stop|status|kill-primary|reset|conn"
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"   # one command at a time
  flock -w 300 9 || die "timed out waiting for $BASE/.lock"
  case "$1" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    kill-primary) kill_primary ;;
    reset) reset ;;
    conn) conn ;;
    *) die "usage: $0 start|stop|status|kill-primary|reset|conn" ;;
  esac
}

main "$@"
