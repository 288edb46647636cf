#!/usr/bin/env bash
# Start the action server, the Rasa server and the gateway; stop them all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; [ -f .env ] && . ./.env; set +a
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD" SANIC_HOST=127.0.0.1
GATEWAY_PORT=${GATEWAY_PORT:-8000}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
export RASA_URL=${RASA_URL:-http://127.0.0.1:$RASA_PORT}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTION_PORT}
# Logs hold no message text, and only the service's user may read them.
umask 077
mkdir -p var/log

. scripts/processes.sh

.venv-rasa/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" >var/log/actions.log 2>&1 &
pids+=($!)
RASA_LOG_FILE=var/log/rasa.log .venv-rasa/bin/python -m rasa_runner run --model models/current.tar.gz \
  --interface 127.0.0.1 --port "$RASA_PORT" --credentials credentials.yml --endpoints endpoints.yml \
  --logging-config-file ops/rasa-logging.yml >var/log/rasa.out 2>&1 &
pids+=($!)
LOG_FILE=var/log/gateway.log .venv/bin/python -m bot serve >var/log/gateway.out 2>&1 &
pids+=($!)

if [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then
  echo "Telegram: off (no TELEGRAM_BOT_TOKEN set)"
fi
echo "starting: action server :$ACTION_PORT, Rasa :$RASA_PORT, gateway :$GATEWAY_PORT (logs in var/log/)"
start=$(date +%s)
until curl -fsS "http://127.0.0.1:$GATEWAY_PORT/healthz" >/dev/null 2>&1; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "a process exited during start-up; see var/log/" >&2; exit 1; fi
  done
  if (( $(date +%s) - start > 300 )); then echo "not healthy after 300s; see var/log/" >&2; exit 1; fi
  sleep 1
done
echo "healthy after $(( $(date +%s) - start ))s"
echo "Web chat: http://localhost:$GATEWAY_PORT/   (Ctrl-C to stop)"
wait -n "${pids[@]}"
echo "a process stopped; see var/log/" >&2
