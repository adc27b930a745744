#!/usr/bin/env bash
# The load test (README, "Load test"): gunicorn with 3 workers on the scale dataset, 50 simulated
# users on the roles' journeys (bench/locustfile.py) for 60 s once all have logged in, then the
# login page alone as the machine's ceiling; prints requests/s, p50, p95 and errors of both runs.
#
#   DATABASE_URL=postgres://…/housing_scale bench/load.sh [users] [seconds]
#
# Needs the bench extra (pip install -c constraints.txt -e '.[bench]'). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-50}
SECONDS_=${2:-60}
VENV=${VENV:-.venv}
PORT=${LOAD_PORT:-8077}
OUT=${LOAD_OUT:-var/load}
mkdir -p "$OUT"
: "${DATABASE_URL:?set DATABASE_URL to the database of the scale dataset}"
if [ -z "${LOAD_PASSWORD:-}" ]; then
  LOAD_PASSWORD=$("$VENV/bin/python" -c "import secrets; print(secrets.token_urlsafe(16))")
fi
export LOAD_PASSWORD
export LOAD_PLAN="$OUT/plan.json"
"$VENV/bin/python" bench/load_setup.py "$LOAD_PLAN"

# Production settings, as deployed: DEBUG off, static files from the collected manifest.
SERVE="DEBUG=false SECRET_KEY=${SECRET_KEY:-load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz} ALLOWED_HOSTS=127.0.0.1"
env $SERVE "$VENV/bin/python" manage.py collectstatic --noinput -v0
env $SERVE "$VENV/bin/gunicorn" housingapp.wsgi --bind "127.0.0.1:$PORT" --workers 3 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" > "$OUT/server.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/login/" && break
  sleep 0.2
done

run() {  # name, extra environment
  env $2 "$VENV/bin/locust" -f bench/locustfile.py --headless --users "$USERS" \
    --spawn-rate 10 --run-time "$((SECONDS_ + 180))s" --host "http://127.0.0.1:$PORT" \
    --csv "$OUT/$1" --only-summary --loglevel WARNING > "$OUT/$1.txt" 2>&1 || true
}
run journeys "LOAD_ONLY_LOGIN= LOAD_SECONDS=$SECONDS_"
run login "LOAD_ONLY_LOGIN=1 LOAD_SECONDS=$SECONDS_"

LOADAVG=$(cut -d " " -f 1-3 /proc/loadavg)
echo "$(nproc) CPUs, load average $LOADAVG, $USERS users for ${SECONDS_} s once all had started:"
"$VENV/bin/python" - "$OUT" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
print(f"{'run / request':40} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
for run in ("journeys", "login"):
    with open(f"{out}/{run}_stats.csv") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["Request Count"] == "0":  # asked only before the measured window (log in)
            continue
        name = f"{run}: {row['Name']}" if row["Name"] != "Aggregated" else f"{run} (all)"
        print(f"{name:40} {row['Request Count']:>8} {float(row['Requests/s']):7.1f} "
              f"{row['50%']:>7} {row['95%']:>7} {row['Failure Count']:>6}")
if os.path.exists(f"{out}/journeys_login.json"):
    login = json.load(open(f"{out}/journeys_login.json"))
    print(f"{'log in, before the window (once a user)':40} {login['requests']:>8} {'':>7} "
          f"{login['p50']:>7} {login['p95']:>7} {login['failures']:>6}")
PY
