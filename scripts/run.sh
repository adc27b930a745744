#!/usr/bin/env bash
# `make run`: the app with demo data on http://127.0.0.1:${PORT:-8000}.
#
# Creates the virtualenv and installs on first use, then migrates, loads reference and demo data
# and starts Django's development server. DEBUG is on; without DATABASE_URL the data lives in an
# SQLite file under var/, and without CELERY_BROKER_URL tasks run in-process. Safe to run again.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8000}"
export DEBUG=true

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

echo
echo "Open http://127.0.0.1:$PORT/"
echo
exec "$PY" manage.py runserver "127.0.0.1:$PORT"
