#!/usr/bin/env bash
# The whole suite: data validation, training, unit tests in both environments,
# Rasa's test stories, and end-to-end tests against the real processes.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD"
step() { echo; echo "=== $* ($(( $(date +%s) - started ))s)"; }
started=$(date +%s)
# Test artefacts go to build/test/: var/ belongs to the running product and stays untouched.
out=build/test
rm -rf "$out"; mkdir -p "$out"

step "lint: ruff and the import-linter layer contracts"
make --no-print-directory lint

# pytest exits 5 when it collects nothing: that is a broken suite, not a pass.
run_pytest() { local py=$1; shift; "$py" -m pytest "$@"; }

step "rasa data validate"
if ! .venv-rasa/bin/rasa data validate --domain domain.yml --data data --config config.yml \
    >"$out/validate.log" 2>&1; then
  cat "$out/validate.log"; exit 1
fi
grep -E "conflict" "$out/validate.log" | sed 's/.*INFO *//'

step "train (only if config, domain or data changed)"
scripts/train_if_needed.sh

step "unit tests: actions, letters and pipeline components (.venv-rasa, real rasa_sdk trackers and Domain)"
run_pytest .venv-rasa/bin/python tests/actions tests/letters tests/nlu_components tests/rasa_runner -q \
  -p no:cacheprovider

step "semantic readings of the held-out sets (.venv: the packaged sentence-embedding model)"
.venv/bin/python scripts/semantic_readings.py tests/nlu/heldout.yml tests/eval/external/topics.yml \
  tests/eval/blind/topics.yml tests/eval/welsh/topics.yml --out "$out/semantic_readings.json"

# The product's path: DIET blended with the semantic reading, as the gateway sends it. One model
# load for the three sets: ours (accuracy >= 0.90, each topic's recall >= 0.80) and the two
# written apart from the project (frozen; never tuned on): external >= 0.89, blind >= 0.90,
# Welsh >= 0.87.
step "NLU floors on the held-out sets: ours >= 0.90 (each topic >= 0.80), external >= 0.89, blind >= 0.90, Welsh >= 0.87"
.venv-rasa/bin/python scripts/evaluate_nlu.py --readings "$out/semantic_readings.json" --quiet \
  --set tests/nlu/heldout.yml "$out/nlu" 0.90 0.80 \
  --set tests/eval/external/topics.yml "$out/nlu-external" 0.89 - \
  --set tests/eval/blind/topics.yml "$out/nlu-blind" 0.90 - \
  --set tests/eval/welsh/topics.yml "$out/nlu-welsh" 0.87 - \
  | grep -E "NLU held-out|intent accuracy|FAIL|report written"

step "rasa test: test stories"
.venv-rasa/bin/rasa test core --model models/current.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out "$out/core" --quiet

step "tests: gateway, knowledge base, safeguarding, end to end (.venv)"
# --durations: the slowest tests, to keep the whole run near its 25-minute aim.
run_pytest .venv/bin/python tests -q -p no:cacheprovider --durations=15 --ignore=tests/actions \
  --ignore=tests/letters --ignore=tests/nlu_components --ignore=tests/rasa_runner
echo "whole suite: $(( $(date +%s) - started ))s"
