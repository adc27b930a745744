#!/usr/bin/env bash
# `make test` and CI: every check, against a throwaway PostgreSQL and Redis.
#
# Installs what is missing (Debian packages, the virtualenv), starts PostgreSQL and Redis on free
# ports in a temporary folder, runs ruff, the migrations check, compilemessages, mypy, the import
# contracts (lint-imports: the apps' layers, no import circles) and the whole pytest suite
# (including a real Celery worker and headless Chromium), then stops both servers and removes the
# folder, also on failure or Ctrl-C.
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/browser -x`.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# --- system packages -----------------------------------------------------------------------
ensure_commands redis-server:redis-server redis-cli:redis-tools /usr/bin/chromium:chromium msgfmt:gettext \
    pdftotext:poppler-utils
ensure_weasyprint_libraries

find_pg_bin() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
}

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ]; then
    # Debian's package would create and start a cluster of its own on port 5432: we want none.
    apt_install postgresql-common
    as_root sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    apt_install postgresql-15 || apt_install postgresql
    PG_BIN="$(find_pg_bin)"
fi
[ -n "$PG_BIN" ] || { echo "No PostgreSQL server binaries (initdb, pg_ctl) found." >&2; exit 1; }

ensure_venv

# --- throwaway PostgreSQL and Redis --------------------------------------------------------
free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

TMP="$(mktemp -d -t housingapp-test.XXXXXX)"
PG_DATA="$TMP/pgdata"
REDIS_PID=""
PG_STARTED=""

if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$TMP"
    as_pg() { (cd "$TMP" && runuser -u postgres -- "$@"); }
else
    as_pg() { "$@"; }
fi

cleanup() {
    local status=$?
    trap - EXIT
    trap '' INT TERM  # a second Ctrl-C must not leave the servers running
    if [ -n "$PG_STARTED" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PG_PORT="$(free_port)"
say "Starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync >"$TMP/initdb.log" 2>&1 \
    || { cat "$TMP/initdb.log" >&2; exit 1; }
PG_STARTED=1
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TMP/postgres.log" -w \
    -o "-p $PG_PORT -k $TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$TMP/postgres.log" >&2; exit 1; }
# Two roles, as production has them (README, "How production runs"): the owner, who creates and
# migrates the (test) database, and the application's role, which the tests run the app as
# (housingapp/settings_test.py; tests/conftest.py grants it its rights after the migrations).
# Idempotent: each role is created only if missing.
ensure_role() {  # ensure_role NAME ATTRIBUTES...
    local name="$1"
    shift
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
        -c "SELECT 1 FROM pg_roles WHERE rolname = '$name'" | grep -q 1 \
        || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
            -c "CREATE ROLE $name $*"
}
ensure_role housing_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE
ensure_role housing_app_test LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "PASSWORD 'app-role-test-only'"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -O housing_owner housing

REDIS_PORT="$(free_port)"
say "Starting a throwaway Redis on 127.0.0.1:$REDIS_PORT"
# A child of this script rather than a daemon, so it is reaped when stopped.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --logfile "$TMP/redis.log" --dir "$TMP" &
REDIS_PID=$!
for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    kill -0 "$REDIS_PID" 2>/dev/null || { cat "$TMP/redis.log" >&2; exit 1; }
    sleep 0.1
done

export DATABASE_URL="postgres://housing_owner@127.0.0.1:$PG_PORT/housing"
export TEST_APP_DATABASE_ROLE=housing_app_test TEST_APP_DATABASE_PASSWORD=app-role-test-only
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
unset CELERY_RESULT_BACKEND
export DJANGO_SETTINGS_MODULE=housingapp.settings_test

# --- the checks ----------------------------------------------------------------------------
FAILED=()
check() {  # check NAME COMMAND...: run one check, remember it if it fails.
    local name="$1"
    shift
    say "$name"
    if ! "$@"; then
        FAILED+=("$name")
    fi
}

check "ruff check" "$VENV/bin/ruff" check .
check "ruff format --check" "$VENV/bin/ruff" format --check .
check "makemigrations --check" manage makemigrations --check --dry-run
check "compilemessages" manage compilemessages --verbosity 0 "${COMPILEMESSAGES_IGNORE[@]}"

check "mypy" "$VENV/bin/mypy" .
check "lint-imports" "$VENV/bin/lint-imports"

say "pytest"
# Every Python process the suite starts (the Celery workers, the wheel install test's) imports the
# project: with PYTHONDONTWRITEBYTECODE set (as in many container images) none of them can keep
# its bytecode, so each compiles the whole project again (seconds of CPU apiece).
unset PYTHONDONTWRITEBYTECODE
set +e
"$VENV/bin/pytest" "$@"
PYTEST_STATUS=$?
set -e
if [ "$PYTEST_STATUS" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure here." >&2
fi
if [ "$PYTEST_STATUS" -ne 0 ]; then
    FAILED+=(pytest)
fi

echo
if [ "${#FAILED[@]}" -eq 0 ]; then
    echo "ALL CHECKS PASSED"
    exit 0
fi
echo "CHECKS FAILED: ${FAILED[*]}"
if [ "$PYTEST_STATUS" -ne 0 ]; then
    exit "$PYTEST_STATUS"
fi
exit 1
