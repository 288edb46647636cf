# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
VENV_RASA := .venv-rasa
export RASA_TELEMETRY_ENABLED := false
# Installs show one line per package (progress); the full pip log is kept in build/.
PIP_PROGRESS = 2>&1 | tee build/$(1).log | sed -un -E 's/^(Collecting|Successfully installed).*/  &/p' \
  || { tail -n 30 build/$(1).log; exit 1; }

.PHONY: run run-scaled test unit lint install train validate evaluate bench system-deps clean clean-data help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

run: install train ## the product, on its embedded default (SQLite under var/)
	@scripts/run.sh

run-scaled: install train system-deps ## several gateways, Rasa and action servers behind nginx, on PostgreSQL and Redis
	@scripts/run_scaled.sh

test: install system-deps node_modules/.installed ## everything a fresh machine needs, then the whole suite
	@scripts/test.sh

unit: install ## the fast tests: no training, no Rasa, no browser (about a minute)
	@PYTHONPATH=$$PWD $(VENV_RASA)/bin/python -m pytest tests/actions tests/rasa_runner -q -p no:cacheprovider
	@PYTHONPATH=$$PWD $(VENV)/bin/python -m pytest tests -q -p no:cacheprovider \
	  --ignore=tests/actions --ignore=tests/rasa_runner --ignore=tests/letters \
	  --ignore=tests/nlu_components --ignore=tests/e2e

lint: $(VENV)/.installed ## ruff, and import-linter's layer contracts (pyproject.toml)
	$(VENV)/bin/ruff check bot kb payload actions nlu_components rasa_runner tests scripts
	PYTHONPATH=$$PWD $(VENV)/bin/lint-imports --no-cache

install: $(VENV)/.installed $(VENV_RASA)/.installed

$(VENV)/.installed: requirements/app.lock
	@command -v python3 >/dev/null || { echo "error: python3 not found"; exit 1; }
	@echo "== installing the app environment ($(VENV), $$(grep -c '==' $<) packages)"
	python3 -m venv $(VENV)
	@mkdir -p build; set -o pipefail; $(VENV)/bin/pip install --progress-bar off --upgrade pip \
	  $(call PIP_PROGRESS,pip-app)
	@set -o pipefail; $(VENV)/bin/pip install --progress-bar off -r $< $(call PIP_PROGRESS,install-app)
	$(VENV)/bin/pip check
	@touch $@

$(VENV_RASA)/.installed: requirements/rasa.lock
	@echo "== installing the Rasa environment ($(VENV_RASA), $$(grep -c '==' $<) packages; several minutes)"
	@py=$$(scripts/find_python310.sh) && $$py -m venv $(VENV_RASA)
	@mkdir -p build; set -o pipefail; $(VENV_RASA)/bin/pip install --progress-bar off -r $< \
	  $(call PIP_PROGRESS,install-rasa)
	$(VENV_RASA)/bin/pip check
	@touch $@

# Debian's Chromium for the browser tests (Playwright drives it; its own download can't work here),
# and Debian's nginx, the load balancer of the scaled-out set-up (run by us, never as a service).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v nginx >/dev/null; then \
	  echo "== installing Debian's chromium (browser tests) and nginx-light (scaled-out set-up)"; \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver \
	    nginx-light) >/dev/null; \
	fi

# axe-core (accessibility checker) for the browser tests, pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

train: install ## retrain the Rasa model only if config, domain or data changed
	@scripts/train_if_needed.sh

validate: install
	$(VENV_RASA)/bin/rasa data validate --domain domain.yml --data data --config config.yml

EVAL_SETS := tests/nlu/heldout.yml tests/eval/external/topics.yml tests/eval/blind/topics.yml \
  tests/bot/safeguarding/safeguarding_*.yml tests/eval/external/risk.yml \
  tests/eval/external/ordinary.yml tests/eval/blind/risk.yml tests/eval/blind/ordinary.yml \
  tests/eval/welsh/topics.yml tests/eval/welsh/risk.yml tests/eval/welsh/ordinary.yml

evaluate: install train ## held-out benchmarks (ours, external, blind, Welsh): NLU per topic, risk card
	PYTHONPATH=$$PWD $(VENV)/bin/python scripts/semantic_readings.py $(EVAL_SETS) \
	  --out build/semantic_readings.json
	PYTHONPATH=$$PWD $(VENV_RASA)/bin/python scripts/evaluate_nlu.py \
	  --set tests/nlu/heldout.yml var/reports/nlu - - \
	  --set tests/eval/external/topics.yml var/reports/nlu-external - - \
	  --set tests/eval/blind/topics.yml var/reports/nlu-blind - - \
	  --set tests/eval/welsh/topics.yml var/reports/nlu-welsh - -
	PYTHONPATH=$$PWD $(VENV_RASA)/bin/python scripts/evaluate_risk.py --out var/reports/risk.md

bench: install train system-deps ## make run and make run-scaled beside a bare Rasa moodbot; writes var/reports/bench.md
	$(VENV)/bin/python scripts/bench.py

clean: ## remove models, caches and logs; keeps the conversation databases in var/
	rm -rf models results .rasa build var/log var/reports var/results
	@ls var/*.db >/dev/null 2>&1 && echo "kept $$(ls var/*.db | tr '\n' ' ')(conversations): 'make clean-data' deletes them" || true

clean-data: ## delete the conversation databases in var/ (every stored conversation)
	@ls var/*.db >/dev/null 2>&1 || { echo "no conversation databases in var/"; exit 0; }; \
	  echo "deleting $$(ls var/*.db | tr '\n' ' ')— every stored conversation"; rm -f var/*.db
