#!/usr/bin/env bash
# Run once by Patroni after it initialised a new cluster (argument: a superuser connection URL): the application's
# role and database. The Host creates its schema itself at start-up (docs/operations.md, "Upgrades").
set -euo pipefail
APP_PASSWORD="$(tr -d '\n' </run/secrets/pg_app_password)"
psql -v ON_ERROR_STOP=1 -v app_password="$APP_PASSWORD" "$1" <<'SQL'
create role alarm login password :'app_password';
create database eventstore owner alarm;
SQL
