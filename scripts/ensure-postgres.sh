#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use answers, installing and starting one from
# Debian's packages when none runs (needs root). With KPI_TEST_POSTGRES_URL set to a server of
# your own, it only checks that server.
set -euo pipefail

DEFAULT_URL="postgresql://kpibot:kpibot@127.0.0.1:5432/kpibot_test"
URL="${KPI_TEST_POSTGRES_URL:-$DEFAULT_URL}"

say() { printf 'ensure-postgres: %s\n' "$*" >&2; }
can_connect() { command -v psql >/dev/null 2>&1 && psql "$URL" -qAtc 'SELECT 1' >/dev/null 2>&1; }

if can_connect; then
  exit 0
fi
if [ "$URL" != "$DEFAULT_URL" ]; then
  say "cannot connect to KPI_TEST_POSTGRES_URL; start that server or unset the variable"
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  say "no PostgreSQL answers at $URL and installing one needs root."
  say "Install and start PostgreSQL (Debian: apt-get install postgresql), or set KPI_TEST_POSTGRES_URL."
  exit 1
fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing PostgreSQL from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
  say "creating cluster $version/main"
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  say "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done

as_postgres() { runuser -u postgres -- psql -qAt "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'kpibot'")" != "1" ]; then
  as_postgres -c "CREATE ROLE kpibot LOGIN PASSWORD 'kpibot' CREATEDB"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'kpibot_test'")" != "1" ]; then
  as_postgres -c "CREATE DATABASE kpibot_test OWNER kpibot"
fi
if ! can_connect; then
  say "PostgreSQL runs but $URL does not accept the connection"
  exit 1
fi
say "PostgreSQL $version is ready at 127.0.0.1:5432"
