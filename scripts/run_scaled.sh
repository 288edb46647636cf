#!/usr/bin/env bash
# The scaled-out set-up on this machine's PostgreSQL and Redis, behind Debian's nginx:
#   nginx :8000  -> gateways :8001.. (store on PostgreSQL; order and wake-ups through Redis)
#   nginx :5005  -> Rasa :5006..     (tracker store on PostgreSQL, lock store on Redis)
#   nginx :5055  -> action servers :5056..
# How many of each: SCALED_GATEWAYS, SCALED_RASA, SCALED_ACTIONS (default 2 each).
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; [ -f .env ] && . ./.env; set +a
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD" SANIC_HOST=127.0.0.1 TF_CPP_MIN_LOG_LEVEL=3
GATEWAY_PORT=${GATEWAY_PORT:-8000}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
PG=${SCALED_PG_URL:-postgresql+asyncpg://postgres@127.0.0.1:5432}
GATEWAY_DB=${SCALED_GATEWAY_DB:-care_rights}
TRACKER_DB=${SCALED_TRACKER_DB:-care_rights_tracker}
ports() { seq -s, "$(( $1 + 1 ))" "$(( $1 + $2 ))"; }
gateways=$(ports "$GATEWAY_PORT" "${SCALED_GATEWAYS:-2}")
rasas=$(ports "$RASA_PORT" "${SCALED_RASA:-2}")
actions=$(ports "$ACTION_PORT" "${SCALED_ACTIONS:-2}")
# Logs and nginx's files; `make bench` points this at a folder of its own.
VAR_DIR=${SCALED_VAR_DIR:-var}
umask 077
mkdir -p "$VAR_DIR/log"

command -v nginx >/dev/null || { echo "nginx not found: run 'make system-deps' (Debian's nginx-light)" >&2; exit 1; }
conf=$(.venv/bin/python scripts/scaled.py --prefix "$VAR_DIR/nginx" --port "$GATEWAY_PORT" \
  --gateways "$gateways" --rasa-port "$RASA_PORT" --rasa "$rasas" \
  --actions-port "$ACTION_PORT" --actions "$actions" --databases "$GATEWAY_DB" "$TRACKER_DB")

# Rasa's endpoints.scaled.yml reads these.
export ACTION_ENDPOINT_URL="http://127.0.0.1:$ACTION_PORT/webhook"
export TRACKER_DB_HOST=${TRACKER_DB_HOST:-127.0.0.1} TRACKER_DB_PORT=${TRACKER_DB_PORT:-5432}
export TRACKER_DB_NAME=$TRACKER_DB TRACKER_DB_USER=${TRACKER_DB_USER:-postgres}
export TRACKER_DB_PASSWORD=${TRACKER_DB_PASSWORD:-}
export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379}
# The gateways: one store, one Redis, Rasa through the load balancer.
export DATABASE_URL="$PG/$GATEWAY_DB" RASA_TRACKER_URL="$PG/$TRACKER_DB"
export REDIS_URL=${REDIS_URL:-redis://$REDIS_HOST:$REDIS_PORT/0}
export RASA_URL="http://127.0.0.1:$RASA_PORT" ACTION_SERVER_URL="http://127.0.0.1:$ACTION_PORT"

. scripts/processes.sh

wait_healthy() {  # url, what
  local start; start=$(date +%s)
  until curl -fsS "$1" >/dev/null 2>&1; do
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "a process exited during start-up; see $VAR_DIR/log/" >&2; exit 1; fi
    done
    if (( $(date +%s) - start > 300 )); then echo "$2 not healthy after 300s; see $VAR_DIR/log/" >&2; exit 1; fi
    sleep 1
  done
}

nginx -p "$VAR_DIR/nginx" -c "$(realpath "$conf")" >"$VAR_DIR/log/nginx.out" 2>&1 &
pids+=($!)
for port in ${actions//,/ }; do
  .venv-rasa/bin/python -m rasa_sdk --actions actions --port "$port" >"$VAR_DIR/log/actions-$port.log" 2>&1 &
  pids+=($!)
done
# why one at a time first: the first Rasa and the first gateway create their tables alone.
first=1
for port in ${rasas//,/ }; do
  RASA_LOG_FILE="$VAR_DIR/log/rasa-$port.log" .venv-rasa/bin/python -m rasa_runner run --model models/current.tar.gz \
    --interface 127.0.0.1 --port "$port" --credentials credentials.yml \
    --endpoints endpoints.scaled.yml --logging-config-file ops/rasa-logging.yml \
    >"$VAR_DIR/log/rasa-$port.out" 2>&1 &
  pids+=($!)
  if (( first )); then wait_healthy "http://127.0.0.1:$port/" "Rasa :$port"; first=0; fi
done
first=1
for port in ${gateways//,/ }; do
  GATEWAY_PORT=$port LOG_FILE="$VAR_DIR/log/gateway-$port.log" .venv/bin/python -m bot serve \
    >"$VAR_DIR/log/gateway-$port.out" 2>&1 &
  pids+=($!)
  if (( first )); then wait_healthy "http://127.0.0.1:$port/static/chat.css" "gateway :$port"; first=0; fi
done

echo "starting: nginx :$GATEWAY_PORT -> gateways :$gateways; Rasa :$rasas; actions :$actions (logs in $VAR_DIR/log/)"
start=$(date +%s)
for port in ${rasas//,/ }; do wait_healthy "http://127.0.0.1:$port/" "Rasa :$port"; done
for port in ${gateways//,/ }; do wait_healthy "http://127.0.0.1:$port/healthz" "gateway :$port"; done
wait_healthy "http://127.0.0.1:$GATEWAY_PORT/healthz" "nginx"
echo "healthy after $(( $(date +%s) - start ))s"
echo "Web chat: http://localhost:$GATEWAY_PORT/   (Ctrl-C to stop)"
wait -n "${pids[@]}"
echo "a process stopped; see $VAR_DIR/log/" >&2
