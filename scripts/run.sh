#!/usr/bin/env bash
# `make run`: the app with demo data on http://127.0.0.1:${PORT:-8000}.
#
# Creates the virtualenv and installs on first use, then migrates, loads reference and demo data
# and starts Django's development server and, beside it, the background worker that runs the
# tasks (reports, notifications, schedules): a real Celery worker with its beat
# (housingapp/background.py). DEBUG is on; without DATABASE_URL the data lives in an SQLite file
# under var/, and without CELERY_BROKER_URL the broker is kombu's file-system transport, its
# messages as files under var/celery/: no PostgreSQL or Redis needed. Ctrl-C stops both.
# Safe to run again.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8000}"
export DEBUG=true
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-filesystem://localhost/}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"  # for the links in e-mails

ensure_commands msgfmt:gettext
ensure_weasyprint_libraries
ensure_venv

say "Compiling translations"
manage compilemessages --verbosity 0 "${COMPILEMESSAGES_IGNORE[@]}"

say "Migrating the database (${DATABASE_URL:-SQLite file var/db.sqlite3})"
manage migrate --noinput --verbosity 0

say "Loading reference data (municipalities, strategies, vocabularies)"
manage load_reference_data

say "Loading demo data"
manage load_demo

WORKER=""
stop_worker() {  # warmly (it finishes the task it is on), then at once after 20 seconds
    [ -n "$WORKER" ] && kill -0 "$WORKER" 2>/dev/null || return 0
    say "Stopping the background worker"
    kill -TERM "$WORKER" 2>/dev/null || true
    for _ in $(seq 40); do
        kill -0 "$WORKER" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$WORKER" 2>/dev/null; then
        # A report cut short is put back in the queue by the next start's beat.
        kill -QUIT "$WORKER" 2>/dev/null || true
    fi
    wait "$WORKER" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

if [[ "$CELERY_BROKER_URL" == filesystem://* ]]; then
    say "Starting the background worker (Celery worker and beat, messages in var/celery/)"
    "$PY" -m housingapp.background &
    WORKER=$!
else
    say "CELERY_BROKER_URL is set: start a worker and beat for it yourself (README)"
fi

echo
echo "Open http://127.0.0.1:$PORT/"
echo
"$PY" manage.py runserver "127.0.0.1:$PORT"
