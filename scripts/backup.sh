#!/usr/bin/env bash
# A logical backup of the event store's database: `pg_dump -Fc` into BACKUP_DIR, with retention.
#   scripts/backup.sh                 settings from the environment (below); meant for a timer or cron
#
# Where it connects: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE, PGSSLMODE,
# PGTARGETSESSIONATTRS=prefer-standby to dump from the standby), and PGPASSWORD_FILE: a file holding the password
# (a Docker secret or a systemd credential), read into PGPASSWORD.
#   BACKUP_DIR           where the dumps go (required); daily/ and weekly/ below it
#   BACKUP_KEEP_DAILY    daily dumps kept (default 7)
#   BACKUP_KEEP_WEEKLY   weekly dumps kept (default 4): the first dump of each ISO week is kept as that week's
#   BACKUP_SCHEMA        dump only this schema (default: the whole database; tests use their own schema)
#   BACKUP_LABEL         file name prefix (default: the database name)
#   PG_BIN               directory of pg_dump/pg_restore (default: from PATH)
#
# Atomic: the dump is written under a temporary name in the same directory, checked (pg_restore --list reads its
# table of contents), flushed to disk and only then renamed to its final name, so a dump that exists is complete.
# One run at a time per BACKUP_DIR (flock). Prints the path of the new dump on stdout.
set -euo pipefail

log() { echo "backup: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

: "${BACKUP_DIR:?BACKUP_DIR is not set}"
KEEP_DAILY="${BACKUP_KEEP_DAILY:-7}"
KEEP_WEEKLY="${BACKUP_KEEP_WEEKLY:-4}"
[[ $KEEP_DAILY =~ ^[1-9][0-9]*$ && $KEEP_WEEKLY =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAILY must be at least 1, BACKUP_KEEP_WEEKLY at least 0"
PG_DUMP="${PG_BIN:+$PG_BIN/}pg_dump"
PG_RESTORE="${PG_BIN:+$PG_BIN/}pg_restore"
if [[ -n ${PGPASSWORD_FILE:-} ]]; then
  [[ -r $PGPASSWORD_FILE ]] || die "PGPASSWORD_FILE $PGPASSWORD_FILE is not readable"
  PGPASSWORD="$(tr -d '\n' <"$PGPASSWORD_FILE")"; export PGPASSWORD
fi
DATABASE="${PGDATABASE:-eventstore}"
LABEL="${BACKUP_LABEL:-$DATABASE}"
[[ $LABEL =~ ^[A-Za-z0-9_.-]+$ ]] || die "BACKUP_LABEL '$LABEL' must be a plain name"

mkdir -p "$BACKUP_DIR/daily" "$BACKUP_DIR/weekly"
exec 9>"$BACKUP_DIR/.backup.lock"
flock -n 9 || die "another backup is running in $BACKUP_DIR"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
week="$(date -u +%GW%V)"
final="$BACKUP_DIR/daily/$LABEL-$stamp.dump"
partial="$BACKUP_DIR/daily/.$LABEL-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT

args=(--format=custom --compress=6 --no-password --dbname="$DATABASE" --file="$partial")
[[ -z ${BACKUP_SCHEMA:-} ]] || args+=(--schema="$BACKUP_SCHEMA")
t0=$SECONDS
"$PG_DUMP" "${args[@]}" || die "pg_dump failed"
"$PG_RESTORE" --list "$partial" >/dev/null || die "the dump cannot be read back (pg_restore --list)"
sync "$partial"
mv -f "$partial" "$final"
sync "$BACKUP_DIR/daily"
log "wrote $final ($(du -h "$final" | cut -f1), $((SECONDS - t0)) s)"

# This ISO week's first dump is also the week's: a hard link (no copy; removing the daily keeps it).
weekly="$BACKUP_DIR/weekly/$LABEL-$week.dump"
if (( KEEP_WEEKLY > 0 )) && [[ ! -e $weekly ]]; then
  ln "$final" "$weekly" 2>/dev/null || cp "$final" "$weekly"
  log "kept as the weekly dump $weekly"
fi

# Retention: names sort by time; keep the newest N of each kind, remove the rest (this label's only).
prune() {   # dir keep
  local dir=$1 keep=$2 f
  mapfile -t files < <(find "$dir" -maxdepth 1 -type f -name "$LABEL-*.dump" -printf '%f\n' | sort -r)
  for f in "${files[@]:$keep}"; do rm -f "$dir/$f"; log "removed $dir/$f (retention)"; done
}
prune "$BACKUP_DIR/daily" "$KEEP_DAILY"
prune "$BACKUP_DIR/weekly" "$KEEP_WEEKLY"
echo "$final"
