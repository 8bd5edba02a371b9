#!/usr/bin/env bash
# Patroni's passwords come from Docker secrets (files), never from the compose file: read them into the environment
# variables Patroni knows, then run Patroni with the node's name and addresses from PATRONI_NAME.
set -euo pipefail
read_secret() { [[ -r $1 ]] && tr -d '\n' <"$1"; }
export PATRONI_SUPERUSER_USERNAME=postgres
export PATRONI_SUPERUSER_PASSWORD="$(read_secret /run/secrets/pg_superuser_password)"
export PATRONI_REPLICATION_USERNAME=replicator
export PATRONI_REPLICATION_PASSWORD="$(read_secret /run/secrets/pg_replication_password)"
export PATRONI_RESTAPI_LISTEN=0.0.0.0:8008
export PATRONI_RESTAPI_CONNECT_ADDRESS="${PATRONI_NAME}:8008"
export PATRONI_POSTGRESQL_LISTEN=0.0.0.0:5432
export PATRONI_POSTGRESQL_CONNECT_ADDRESS="${PATRONI_NAME}:5432"
export PATRONI_POSTGRESQL_DATA_DIR=/var/lib/postgresql/data/pgdata
exec patroni /etc/patroni/patroni.yml
