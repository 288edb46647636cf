#!/usr/bin/env bash
# Train a Rasa model only when config, domain or training data changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
fingerprint=$(cat config.yml domain.yml $(find data/nlu data/stories data/rules -name '*.yml' | sort) | sha256sum | cut -d' ' -f1)
if [ -f models/current.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "model is up to date (models/current.tar.gz)"
  exit 0
fi
echo "training the Rasa model (config, domain or data changed)..."
start=$(date +%s)
mkdir -p var/log
if ! .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
    --fixed-model-name current >var/log/train.log 2>&1; then
  tail -n 40 var/log/train.log >&2
  echo "training failed; full log in var/log/train.log" >&2
  exit 1
fi
echo "$fingerprint" > models/.fingerprint
echo "trained in $(( $(date +%s) - start ))s"
