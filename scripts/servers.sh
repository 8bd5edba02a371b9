#!/usr/bin/env bash
# Private, throwaway PostgreSQL + RabbitMQ for tests, benchmarks and run.sh:
#   scripts/servers.sh start|stop|status|env      (env prints `export` lines for eval)
#   scripts/servers.sh replica-stop|replica-start|replica-pause|replica-resume   (for the reporting replica's tests)
# Own cluster and node under <repo>/.data (git-ignored), on other ports and another node name than
# the Debian system services apt may auto-start (5432 / 5672, rabbit@<host>), which we leave alone.
# start is idempotent and recovers from a previous run that was killed half-way.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"   # never hard-code: CI clones elsewhere
DATA="$REPO/.data"
PG_PORT="${ES_PG_PORT:-55432}"
REPLICA_PORT="${ES_PG_REPLICA_PORT:-55433}"
RABBIT_PORT="${ES_RABBIT_PORT:-55672}"
RABBIT_DIST_PORT="${ES_RABBIT_DIST_PORT:-55673}"
NODE="${ES_RABBIT_NODE:-eventstore@localhost}"
PG_BIN="${ES_PG_BIN:-/usr/lib/postgresql/15/bin}"
pick_pg_bin() {   # another Debian release ships another major version: take the newest one
  [[ -x $PG_BIN/initdb ]] || PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
}; pick_pg_bin
# The real RabbitMQ scripts. /usr/sbin/rabbitmq-* are Debian wrappers that, run as root, `su` to
# the rabbitmq user: HOME (so the Erlang cookie) becomes /var/lib/rabbitmq, output goes to
# /var/log/rabbitmq. We bypass them: the node runs as whoever runs this script, with its own
# HOME, hence its own cookie, under .data/rabbitmq.
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_DIR="$DATA/rabbitmq"
RMQ_HOME="$RMQ_DIR/home"
RMQCTL="$RMQ_DIR/rabbitmqctl"   # generated wrapper: rabbitmqctl bound to our node + cookie
PG_LOG="$DATA/pg.log"

log() { echo "servers: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [[ $(id -u) == 0 ]]; }
# PostgreSQL refuses to run as root, so as root run its tools as the 'postgres' user (from / so
# that an unreadable cwd such as /root doesn't produce warnings).
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# postgres must reach its data and socket dirs: if the checkout isn't traversable by the postgres
# user (e.g. a clone under /root) or the socket path would exceed the ~107-byte unix socket limit,
# keep the PostgreSQL files under /var/tmp instead (stable per checkout path).
PG_BASE="$DATA"
if { is_root && ! runuser -u postgres -- test -x "$REPO"; } || (( ${#DATA} > 80 )); then
  PG_BASE="/var/tmp/eventstore-$(printf %s "$REPO" | sha1sum | cut -c1-10)"
fi
PG_DATA="$PG_BASE/pg"
PG_SOCK="$PG_BASE/pg-sock"
# The reporting replica: a hot standby of PG_DATA made by pg_basebackup, streaming through a physical slot.
REPLICA_DATA="$PG_BASE/pg-replica"
REPLICA_SOCK="$PG_BASE/pg-replica-sock"
REPLICA_LOG="$DATA/pg-replica.log"
REPLICA_SLOT=eventstore_replica
REPLICA_DONE="$REPLICA_DATA/eventstore-replica.done"   # written once pg_basebackup has succeeded
PG_MAX_CONNECTIONS=300   # a hot standby refuses to start with fewer connections or locks than its primary
PG_MAX_LOCKS=256

ensure_installed() {
  command -v dotnet >/dev/null || log "ERROR: 'dotnet' not found on PATH: install the .NET 10 SDK (needed by test.sh / run.sh)"
  if [[ ! -x $PG_BIN/initdb || ! -x $RMQ_BIN/rabbitmq-server ]]; then
    is_root || die "postgresql/rabbitmq-server missing; run as root so they can be apt-get installed"
    log "installing postgresql + rabbitmq-server (apt)..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql rabbitmq-server
  fi
  pick_pg_bin
  [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
}

# PIDs of OUR servers' processes only: postgres processes run with cwd = our data dir; our beam
# processes carry `-home $RMQ_HOME` (unique to this checkout). Bash builtins only: forking per
# process made a /proc scan take ~1s.
pg_pids() {   # [data dir], default the primary's
  local p c dir="${1:-$PG_DATA}"
  for p in /proc/[0-9]*; do
    read -r c 2>/dev/null <"$p/comm" && [[ $c == postgres && $p/cwd -ef $dir ]] && echo "${p#/proc/}"
  done; true
}
rabbit_pids() {
  local p a
  for p in /proc/[0-9]*; do
    mapfile -d '' -t a 2>/dev/null <"$p/cmdline" && [[ " ${a[*]} " == *" -home $RMQ_HOME "* ]] && echo "${p#/proc/}"
  done; true
}
has_cmdline() { [[ -n $1 && -n $(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline") ]]; }   # alive, not a zombie
kill_all() { [[ -n $1 ]] || return 0; kill -KILL $1 2>/dev/null || true; sleep 0.5; }

pg_postmaster() {   # [data dir]: pid of our live postmaster there, if any
  local pid dir="${1:-$PG_DATA}"; pid="$(head -n1 "$dir/postmaster.pid" 2>/dev/null)" || return 1
  [[ -n $pid && /proc/$pid/cwd -ef $dir ]] && echo "$pid"
}
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "${1:-$PG_PORT}" -d postgres -U postgres; }
psql_() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql_replica() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres "$@"; }

start_pg() {
  if ! pg_postmaster >/dev/null; then
    # Recover from a killed run: orphaned backends still attach the old shared memory, and
    # postmaster.pid / the socket lock file may name a pid that is now recycled or a zombie
    # (postgres then refuses to start); our postmaster is known dead, so clear them all.
    kill_all "$(pg_pids)"
    rm -f "$PG_DATA/postmaster.pid" "$PG_SOCK"/.s.PGSQL.*
    ! port_open "$PG_PORT" || die "port $PG_PORT is taken by something else; set ES_PG_PORT"
    [[ $PG_BASE == "$DATA" ]] || log "PostgreSQL files live in $PG_BASE (postgres cannot traverse $REPO)"
    mkdir -p "$PG_BASE" "$PG_SOCK"
    is_root && chmod 755 "$DATA" "$PG_BASE"   # postgres must traverse them even under umask 077
    # The include line is appended only once initdb has succeeded: no line = fresh or half-done.
    if ! grep -qxF "include 'eventstore.conf'" "$PG_DATA/postgresql.conf" 2>/dev/null; then
      rm -rf "$PG_DATA"; mkdir -p "$PG_DATA"
      is_root && chown postgres: "$PG_DATA"
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
        || { cat "$DATA/initdb.log" >&2; die "initdb failed"; }
      echo "include 'eventstore.conf'" >>"$PG_DATA/postgresql.conf"
    fi
    pg_conf || true
    is_root && chown -R postgres: "$PG_DATA" "$PG_SOCK"
    # No -l: the server's stderr inherits this redirection, which root opens, so the log can stay
    # in .data even when postgres itself could not write there.
    # 9>&-: the server must not inherit our lock fd (it would block every later start/stop).
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 120 start >>"$PG_LOG" 2>&1 9>&- \
      || { tail -n 30 "$PG_LOG" >&2; die "PostgreSQL failed to start (log: $PG_LOG)"; }
  fi
  local i; for ((i = 0; i < 240; i++)); do pg_ready && break; sleep 0.5; done   # e.g. crash recovery
  pg_ready || die "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  # A primary that was already running gets the current settings too (those needing a restart,
  # wal_level and max_wal_senders, have been in place since the cluster was made).
  if pg_conf; then psql_ -d postgres -tAc 'select pg_reload_conf()' >/dev/null; fi
  [[ -n $(psql_ -d postgres -tAc "select 1 from pg_database where datname = 'eventstore'") ]] \
    || psql_ -d postgres -c 'create database eventstore'
  log "PostgreSQL up on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}

# Rewritten on every start so edits here (and ES_PG_PORT) apply to existing clusters; returns 0
# when the file changed. Throwaway cluster: trust auth (initdb --auth=trust, whose pg_hba also lets
# loopback connect for replication), loopback only. Durability stays on (fsync, synchronous_commit)
# so benchmarks measure real commit costs. wal_level/senders/slots serve the streaming replica: its
# slot keeps the WAL it still needs, up to max_slot_wal_keep_size (past that the slot is "lost" and
# start_replica makes a new replica), so a replica left stopped cannot fill the disk.
pg_conf() {
  local conf="$PG_DATA/eventstore.conf" new
  new="listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = 512MB
fsync = on
synchronous_commit = on
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
max_slot_wal_keep_size = 4GB
hot_standby = on
max_locks_per_transaction = $PG_MAX_LOCKS
log_min_messages = warning
shared_preload_libraries = 'pg_stat_statements'"
  local changed=1 hba="$PG_DATA/pg_hba.conf"
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    echo "host replication postgres 127.0.0.1/32 trust" >>"$hba"; changed=0   # the replica's pg_basebackup and walreceiver
  fi
  if [[ $new != "$(cat "$conf" 2>/dev/null)" ]]; then
    printf '%s\n' "$new" >"$conf"; changed=0
  fi
  is_root && chown postgres: "$conf" "$hba"
  return $changed
}

stop_pg() {
  if pg_postmaster >/dev/null; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -m fast stop >>"$PG_LOG" 2>&1 \
      || as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >>"$PG_LOG" 2>&1 || true
    log "PostgreSQL stopped"
  else log "PostgreSQL was not running"; fi
  kill_all "$(pg_pids)"   # leftovers of a killed postmaster
}

# ---- The reporting replica -------------------------------------------------------------------------
# A hot standby on REPLICA_PORT for report queries (the Host's ConnectionStrings:Reports), made by
# `pg_basebackup -R` from the running primary and streaming through the physical slot REPLICA_SLOT. It
# is disposable: whenever it is missing, half-made, fails to start, is no copy of this primary (the
# primary was re-created) or its slot was lost, it is made again (seconds for a test-sized cluster).

# The replica's own settings, over the copy of the primary's eventstore.conf that pg_basebackup brought.
# A reporting replica, never promoted: no hot_standby_feedback. With it, the primary may not prune a row version
# the replica could still need, and the replica reports that horizon only every few seconds, so on the primary
# every frequently updated row (a stream's head, a checkpoint, a lease) piles up dead versions and its updates stop
# being HOT (and a stopped replica's slot keeps its last horizon until it is back): 8 single-event writers ran at
# 3,300-4,000 events/s with it and 5,600-6,300 without (docs/operations.md, "Reporting replica"). A
# report that needs a row version the primary has pruned makes the replica wait to replay it instead, up to
# max_standby_streaming_delay (the replica lags meanwhile; the Hosts see and report the lag), and only then is
# the report cancelled. A failover standby is configured the other way round (deploy/patroni/patroni.yml).
replica_conf() {
  cat >"$REPLICA_DATA/eventstore.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $REPLICA_PORT
unix_socket_directories = '$REPLICA_SOCK'
max_connections = $PG_MAX_CONNECTIONS
max_locks_per_transaction = $PG_MAX_LOCKS
max_wal_senders = 10
max_replication_slots = 10
shared_buffers = 128MB
hot_standby = on
hot_standby_feedback = off
max_standby_streaming_delay = 5min
max_standby_archive_delay = 5min
log_min_messages = warning
EOF
  is_root && chown postgres: "$REPLICA_DATA/eventstore.conf"; true
}
slot_status() {   # the slot's wal_status on the primary (reserved, extended, unreserved, lost); empty if absent
  psql_ -d postgres -tAc "select wal_status from pg_replication_slots where slot_name = '$REPLICA_SLOT'"
}
system_id() { "$PG_BIN/psql" -X -tA -h 127.0.0.1 -p "$1" -U postgres -d postgres -c 'select system_identifier from pg_control_system()' 2>/dev/null; }
replica_sound() {   # running, a copy of this primary, and its slot still holds the WAL it needs
  local primary replica slot
  primary="$(system_id "$PG_PORT")"; replica="$(system_id "$REPLICA_PORT")"; slot="$(slot_status)"
  [[ -n $replica && $replica == "$primary" && -n $slot && $slot != lost ]]
}

create_replica() {
  log "making the reporting replica: pg_basebackup from 127.0.0.1:$PG_PORT into $REPLICA_DATA"
  rm -rf "$REPLICA_DATA"; mkdir -p "$REPLICA_DATA" "$REPLICA_SOCK"; chmod 700 "$REPLICA_DATA"
  is_root && chown postgres: "$REPLICA_DATA" "$REPLICA_SOCK"
  # A fresh slot: an old one holds WAL from where a previous replica stopped, or was lost. Its
  # walsender may outlive a killed replica for a moment, so end it first.
  psql_ -d postgres -tAc "select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = '$REPLICA_SLOT' and active" >/dev/null
  local i; for ((i = 0; i < 20; i++)); do
    [[ -z $(psql_ -d postgres -tAc "select 1 from pg_replication_slots where slot_name = '$REPLICA_SLOT' and active") ]] && break; sleep 0.25
  done
  psql_ -d postgres -tAc "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$REPLICA_SLOT' and not active" >/dev/null
  psql_ -d postgres -tAc "select pg_create_physical_replication_slot('$REPLICA_SLOT', true)" >/dev/null
  # -R: standby.signal + primary_conninfo/primary_slot_name; -X stream: the WAL written meanwhile; -c fast: no wait for a checkpoint.
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DATA" -R -S "$REPLICA_SLOT" -X stream -c fast >>"$REPLICA_LOG" 2>&1 \
    || { tail -n 20 "$REPLICA_LOG" >&2; die "pg_basebackup failed (log: $REPLICA_LOG)"; }
  touch "$REPLICA_DONE"   # last: a directory without it is half-made and made again
}

launch_replica() {   # 0 once the replica accepts read-only connections
  replica_conf
  as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DATA" -w -t 120 start >>"$REPLICA_LOG" 2>&1 9>&- || { tail -n 20 "$REPLICA_LOG" >&2; return 1; }
  local i; for ((i = 0; i < 240; i++)); do pg_ready "$REPLICA_PORT" && return 0; sleep 0.5; done
  return 1
}

start_replica() {
  pg_postmaster >/dev/null && pg_ready || die "the primary PostgreSQL is not running (scripts/servers.sh start)"
  if pg_postmaster "$REPLICA_DATA" >/dev/null && pg_ready "$REPLICA_PORT"; then
    if replica_sound; then
      # A test killed while it paused replay must not leave the replica frozen.
      psql_replica -tAc 'select pg_wal_replay_resume() where pg_is_wal_replay_paused()' >/dev/null
      # Its settings as this script has them now (those that matter here reload without a restart).
      replica_conf; psql_replica -tAc 'select pg_reload_conf()' >/dev/null
      log "PostgreSQL replica already up on 127.0.0.1:$REPLICA_PORT"; return
    fi
    log "the replica no longer follows this primary (primary re-created, or slot lost): making it again"
  fi
  stop_replica >/dev/null 2>&1
  # Same recovery from a killed run as the primary's (see start_pg).
  rm -f "$REPLICA_DATA/postmaster.pid" "$REPLICA_SOCK"/.s.PGSQL.*
  ! port_open "$REPLICA_PORT" || die "port $REPLICA_PORT is taken by something else; set ES_PG_REPLICA_PORT"
  mkdir -p "$REPLICA_SOCK"; is_root && chown postgres: "$REPLICA_SOCK"
  local made=0 slot; slot="$(slot_status)"
  if [[ ! -e $REPLICA_DONE || -z $slot || $slot == lost ]]; then create_replica; made=1; fi
  until launch_replica && replica_sound; do
    ((made == 0)) || die "the reporting replica does not start or does not follow the primary (log: $REPLICA_LOG)"
    log "the replica's data directory is broken or no copy of this primary: making it again"
    stop_replica >/dev/null 2>&1; create_replica; made=1
  done
  log "PostgreSQL replica up on 127.0.0.1:$REPLICA_PORT (data $REPLICA_DATA, slot $REPLICA_SLOT)"
}

stop_replica() {
  if pg_postmaster "$REPLICA_DATA" >/dev/null; then
    as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DATA" -w -t 60 -m fast stop >>"$REPLICA_LOG" 2>&1 \
      || as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DATA" -m immediate stop >>"$REPLICA_LOG" 2>&1 || true
    log "PostgreSQL replica stopped"
  else log "PostgreSQL replica was not running"; fi
  kill_all "$(pg_pids "$REPLICA_DATA")"   # leftovers of a killed postmaster
}

# Lag on purpose, for tests: a paused standby still receives WAL but does not apply it.
replay() {   # pause|resume
  pg_ready "$REPLICA_PORT" || die "the replica is not running (scripts/servers.sh replica-start)"
  psql_replica -tAc "select pg_wal_replay_$1()" >/dev/null
  log "replica: WAL replay ${1}d"
}
replica_state() {   # streaming or not, paused or not, lag (the Host's measure; see ReportDatabase)
  psql_replica -tAc "select case when not pg_is_in_recovery() then 'not a standby (promoted?)' else concat_ws(', ',
      case when exists (select from pg_stat_wal_receiver) then 'streaming' else 'NOT streaming' end,
      case when pg_is_wal_replay_paused() then 'replay paused' end,
      'lag ' || case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                     else round(extract(epoch from now() - pg_last_xact_replay_timestamp()), 1) end || 's') end" 2>/dev/null
}

# Everything the node reads is pinned to .data/rabbitmq, including the env/advanced config
# files, so a customised /etc/rabbitmq cannot leak in. No plugins (no management UI needed).
rabbit_files() {
  mkdir -p "$RMQ_HOME" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  echo '[].' >"$RMQ_DIR/enabled_plugins"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  cat >"$RMQ_DIR/rabbitmq.conf" <<'EOF'
# guest/guest is allowed, from loopback only (RabbitMQ's default, stated explicitly)
loopback_users.guest = true
log.console = false
log.file.level = warning
EOF
  cat >"$RMQCTL" <<EOF
#!/bin/sh
# Generated by scripts/servers.sh: rabbitmqctl for the test node (its Erlang cookie is in HOME).
HOME='$RMQ_HOME' RABBITMQ_CONF_ENV_FILE='$RMQ_DIR/rabbitmq-env.conf' exec $RMQ_BIN/rabbitmqctl -n '$NODE' "\$@"
EOF
  chmod +x "$RMQCTL"
}
rabbit_up() { "$RMQCTL" -q ping >/dev/null 2>&1; }

# Started in two halves so that PostgreSQL starts while the (slower, ~5s) broker boots.
RABBIT_LAUNCHER=
launch_rabbit() {
  rabbit_files
  # Already running? start_app also revives the app if a test left it stopped (stop_app).
  if timeout 30 "$RMQCTL" -q start_app >/dev/null 2>&1; then RABBIT_LAUNCHER=up; return; fi
  kill_all "$(rabbit_pids)"   # hung/orphaned beam of our node from a killed run
  rm -f "$RMQ_DIR/rabbit.pid"
  ! port_open "$RABBIT_PORT" || die "port $RABBIT_PORT is taken by something else; set ES_RABBIT_PORT"
  ! port_open "$RABBIT_DIST_PORT" || die "port $RABBIT_DIST_PORT is taken; set ES_RABBIT_DIST_PORT"
  # setsid+nohup: own session, so Ctrl-C in the caller's terminal doesn't reach the broker, and
  # no inherited stdout (a CI log pipe would otherwise never see EOF).
  (
    export HOME="$RMQ_HOME" RABBITMQ_NODENAME="$NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$RABBIT_PORT" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
      RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" RABBITMQ_LOG_BASE="$RMQ_DIR/log" \
      RABBITMQ_PID_FILE="$RMQ_DIR/rabbit.pid" RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf" \
      RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config" \
      RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
    exec 9>&-   # don't hand our lock fd to the broker
    cd "$RMQ_DIR" && exec setsid nohup "$RMQ_BIN/rabbitmq-server" </dev/null >>"$RMQ_DIR/startup.log" 2>&1
  ) &
  RABBIT_LAUNCHER=$!   # the rabbitmq-server script; it lives as long as the node does
}
await_rabbit() {
  [[ $RABBIT_LAUNCHER != up ]] || { log "RabbitMQ already up (node $NODE)"; return; }
  local deadline=$((SECONDS + 120))
  until "$RMQCTL" -q await_startup --timeout 10 >/dev/null 2>&1; do
    has_cmdline "$RABBIT_LAUNCHER" || [[ -n $(rabbit_pids) ]] || { tail -n 30 "$RMQ_DIR/startup.log" >&2; die "RabbitMQ node died during startup"; }
    ((SECONDS < deadline)) || die "RabbitMQ did not start within 120s (logs: $RMQ_DIR/log, startup.log)"
    sleep 0.5
  done
  log "RabbitMQ up on 127.0.0.1:$RABBIT_PORT (node $NODE)"
}

stop_rabbit() {
  [[ -x $RMQCTL ]] || rabbit_files
  if rabbit_up; then
    timeout 60 "$RMQCTL" -q shutdown >/dev/null 2>&1 || true
    log "RabbitMQ stopped"
  else log "RabbitMQ was not running"; fi
  local i; for ((i = 0; i < 20; i++)); do [[ -z $(rabbit_pids) ]] && break; sleep 0.5; done
  kill_all "$(rabbit_pids)"
}

print_env() {
  cat <<EOF
export ES_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=eventstore"
export ES_RABBIT="amqp://guest:guest@127.0.0.1:$RABBIT_PORT/"
export ES_PG_REPLICA="Host=127.0.0.1;Port=$REPLICA_PORT;Username=postgres;Database=eventstore"
export ES_PG_PORT="$PG_PORT"
export ES_PG_REPLICA_PORT="$REPLICA_PORT"
export ES_RABBIT_PORT="$RABBIT_PORT"
export ES_RABBIT_NODE="$NODE"
export ES_RABBITMQCTL="$RMQCTL"
export ES_PG_BIN="$PG_BIN"
export ES_PG_DATA="$PG_DATA"
export ES_PG_REPLICA_DATA="$REPLICA_DATA"
EOF
}

status() {
  local rc=0 pid
  if pid="$(pg_postmaster)" && pg_ready; then echo "PostgreSQL: running (pid $pid) on 127.0.0.1:$PG_PORT, data $PG_DATA"
  else echo "PostgreSQL: not running"; rc=1; fi
  if pid="$(pg_postmaster "$REPLICA_DATA")" && pg_ready "$REPLICA_PORT"; then
    echo "PostgreSQL replica: running (pid $pid) on 127.0.0.1:$REPLICA_PORT, $(replica_state), data $REPLICA_DATA"
  else echo "PostgreSQL replica: not running"; rc=1; fi
  if ! [[ -x $RMQCTL ]] || ! rabbit_up; then echo "RabbitMQ: not running"; rc=1
  elif port_open "$RABBIT_PORT"; then echo "RabbitMQ: running (pid $(cat "$RMQ_DIR/rabbit.pid" 2>/dev/null)) node $NODE on 127.0.0.1:$RABBIT_PORT"
  else echo "RabbitMQ: node $NODE is up but its app is stopped (no AMQP listener)"; rc=1; fi
  return $rc
}

# One start/stop at a time per checkout (e.g. test.sh and run.sh launched together).
lock() { mkdir -p "$DATA"; exec 9>"$DATA/.servers.lock"; flock -w 300 9 || die "timed out waiting for $DATA/.servers.lock"; }

case "${1:-}" in
  start)  lock; ensure_installed; t0=$SECONDS; launch_rabbit; start_pg; start_replica; await_rabbit; log "started in $((SECONDS - t0))s" ;;
  stop)   lock; [[ -x $PG_BIN/pg_ctl ]] && { stop_replica; stop_pg; }; [[ -x $RMQ_BIN/rabbitmqctl ]] && stop_rabbit; true ;;
  status) status ;;
  env)    print_env ;;
  replica-start)  lock; start_replica ;;
  replica-stop)   lock; stop_replica ;;
  replica-pause)  replay pause ;;
  replica-resume) replay resume ;;
  *)      echo "usage: $0 start|stop|status|env|replica-start|replica-stop|replica-pause|replica-resume" >&2; exit 2 ;;
esac
