#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into an EMPTY database (never over a live one).
#   scripts/restore.sh DUMP TARGET_DB [--create]
#     --create   create TARGET_DB first (createdb, owner: the connecting role); it must not exist yet
# Connection: the usual libpq variables (PGHOST, PGPORT, PGUSER, ...) and PGPASSWORD_FILE, as for backup.sh; PG_BIN
# for the binaries' directory. The target must be empty of user tables, or the restore refuses to start. Runs in one
# transaction (--single-transaction): either everything is restored or nothing. Afterwards: ANALYZE, and the checks
# in docs/operations.md ("Restoring") before any Host is pointed at it.
set -euo pipefail

log() { echo "restore: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -ge 2 ]] || die "usage: restore.sh DUMP TARGET_DB [--create]"
DUMP=$1 TARGET=$2 CREATE=${3:-}
[[ -r $DUMP ]] || die "$DUMP is not readable"
[[ $TARGET =~ ^[A-Za-z0-9_-]+$ ]] || die "TARGET_DB '$TARGET' must be a plain name"
PSQL="${PG_BIN:+$PG_BIN/}psql"
PG_RESTORE="${PG_BIN:+$PG_BIN/}pg_restore"
CREATEDB="${PG_BIN:+$PG_BIN/}createdb"
if [[ -n ${PGPASSWORD_FILE:-} ]]; then
  PGPASSWORD="$(tr -d '\n' <"$PGPASSWORD_FILE")"; export PGPASSWORD
fi

"$PG_RESTORE" --list "$DUMP" >/dev/null || die "$DUMP is not a pg_dump custom-format archive"
if [[ $CREATE == --create ]]; then
  "$CREATEDB" --no-password "$TARGET" || die "createdb $TARGET failed (does it exist already?)"
  log "created database $TARGET"
elif [[ -n $CREATE ]]; then die "unknown option $CREATE"; fi

tables="$("$PSQL" -X -tA --no-password -d "$TARGET" -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'")" \
  || die "cannot connect to $TARGET"
[[ $tables == 0 ]] || die "$TARGET is not empty ($tables relations): restore only into an empty database"

t0=$SECONDS
# --no-owner: objects belong to the restoring role (the cluster restored into may not have the original roles).
"$PG_RESTORE" --no-password --single-transaction --exit-on-error --no-owner --dbname="$TARGET" "$DUMP" \
  || die "pg_restore failed: nothing was restored (single transaction)"
"$PSQL" -X -q --no-password -d "$TARGET" -c "analyze" || die "analyze failed"
log "restored $DUMP into $TARGET in $((SECONDS - t0)) s"
