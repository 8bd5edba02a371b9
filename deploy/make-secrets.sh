#!/usr/bin/env bash
# Makes every secret file the compose files (docker/compose.dev.yml, docker/compose.prod.yml) read, with fresh
# random passwords and keys, in DIR (default docker/secrets, git-ignored). Existing files are kept: running it again
# never rotates a secret by accident (delete a file to make it again). A self-signed TLS certificate is made for
# SERVER_NAME (default localhost) unless tls_certificate.pem exists: replace it with a real one for production.
#   bash deploy/make-secrets.sh [DIR]
set -euo pipefail
DIR="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/docker/secrets}"
SERVER_NAME="${SERVER_NAME:-localhost}"
# The directory is private (0700); the files in it are 0644 because non-swarm Compose bind-mounts a secret file as
# it is, and each container reads its secrets as its own non-root user (app 1654, postgres 999, grafana 472...).
mkdir -p "$DIR"; chmod 700 "$DIR"; umask 022; cd "$DIR"

rand() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | cut -c1-"$2"; }
keep() { [[ -s $1 ]]; }   # made before: leave it
put() { keep "$1" || printf '%s' "$2" >"$1"; }

put pg_superuser_password "$(rand 48 40)"
put pg_replication_password "$(rand 48 40)"
put pg_app_password "$(rand 48 40)"
put rabbitmq_password "$(rand 48 40)"
put grafana_admin_password "$(rand 48 24)"
put jwt_signing_key "$(rand 96 64)"                                   # HS256, at least 32 characters
put ingest_master_key "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" # 32 bytes, base64 (Ingest:MasterKey)

APP="$(cat pg_app_password)" RMQ="$(cat rabbitmq_password)"
# Production: both PgBouncers (one beside each Patroni node); Npgsql finds the primary, reports prefer the standby.
put eventstore_connection "Host=pg-1:6432,pg-2:6432;Target Session Attributes=primary;Username=alarm;Password=$APP;Database=eventstore;Host Recheck Seconds=5"
put reports_connection "Host=pg-1:6432,pg-2:6432;Target Session Attributes=prefer-standby;Username=alarm;Password=$APP;Database=eventstore;Host Recheck Seconds=5"
put eventstore_connection_dev "Host=postgres;Username=alarm;Password=$APP;Database=eventstore"
put rabbitmq_uri "amqp://alarm:$RMQ@rabbitmq:5672/"
put rabbitmq_uri_dev "amqp://alarm:$RMQ@rabbitmq:5672/"
put rabbitmq_credentials.conf "default_user = alarm
default_pass = $RMQ
loopback_users = none
"
# PgBouncer authenticates clients itself (auth_file), with the same password as PostgreSQL's role.
put pgbouncer_userlist "\"alarm\" \"$APP\"
"
if ! keep tls_certificate.pem; then
  (umask 077; openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$SERVER_NAME" \
    -keyout tls_private_key.pem -out tls_certificate.pem 2>/dev/null)
  chmod 644 tls_private_key.pem tls_certificate.pem   # nginx reads them through the 0700 directory's bind mount
fi
echo "make-secrets: secrets in $DIR ($(ls | wc -l) files)"
