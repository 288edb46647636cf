#!/usr/bin/env bash
# Train a Rasa model only when config, domain or training data changed since the last one.
# Training takes a few minutes on 2 cores: a progress line is printed every 20 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
# Rasa imports our pipeline component (nlu_components/) from the repository root.
export PYTHONPATH="$PWD"
# The gateway's semantic readers (models/semantic/; skipped when their inputs are unchanged).
.venv/bin/python scripts/train_semantic.py
fingerprint=$(cat config.yml domain.yml $(find data/nlu data/stories data/rules nlu_components -name '*.yml' -o -name '*.py' | sort) | sha256sum | cut -d' ' -f1)
if [ -f models/current.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "model is up to date (models/current.tar.gz)"
  exit 0
fi
echo "training the Rasa model (config, domain or data changed; about 3-4 minutes)..."
start=$(date +%s)
mkdir -p models
log=models/train.log
.venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name current >"$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null && sleep 1; done
  # Rasa's progress bars end in carriage returns: show the newest one, shortened.
  step=$(tail -c 4000 "$log" | tr '\r' '\n' | grep -E "Epochs|Training|Processed|Finished" | tail -n 1 | cut -c1-90 || true)
  kill -0 "$pid" 2>/dev/null && echo "  $(( $(date +%s) - start ))s: ${step:-starting}"
done
if ! wait "$pid"; then
  tail -n 40 "$log" >&2
  echo "training failed; full log in $log" >&2
  exit 1
fi
echo "$fingerprint" > models/.fingerprint
echo "trained in $(( $(date +%s) - start ))s"
