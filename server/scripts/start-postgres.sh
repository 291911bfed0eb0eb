#!/usr/bin/env bash
# Start a local PostgreSQL for the district server's tests and benchmarks (idempotent).
# Installs Debian's postgresql when missing, creates a cluster when there is none, starts it,
# and gives the `postgres` role the password `postgres` for TCP logins on 127.0.0.1:5432.
# The tests then use postgres://postgres:postgres@127.0.0.1:5432/postgres (or DATABASE_URL).
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 50); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
su postgres -c "psql -qtAc \"ALTER ROLE postgres PASSWORD 'postgres'\"" >/dev/null
echo "PostgreSQL ${version} is running: postgres://postgres:postgres@127.0.0.1:5432/postgres"
