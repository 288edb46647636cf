# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
VENV_RASA := .venv-rasa
export RASA_TELEMETRY_ENABLED := false

.PHONY: run test install train validate evaluate bench system-deps clean

run: install train ## the product, on its embedded default (SQLite under var/)
	@scripts/run.sh

test: install system-deps node_modules/.installed ## everything a fresh machine needs, then the whole suite
	@scripts/test.sh

install: $(VENV)/.installed $(VENV_RASA)/.installed

$(VENV)/.installed: requirements/app.lock
	@command -v python3 >/dev/null || { echo "error: python3 not found"; exit 1; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements/app.lock
	$(VENV)/bin/pip check
	@touch $@

$(VENV_RASA)/.installed: requirements/rasa.lock
	@py=$$(scripts/find_python310.sh) && $$py -m venv $(VENV_RASA)
	$(VENV_RASA)/bin/pip install --quiet -r requirements/rasa.lock
	$(VENV_RASA)/bin/pip check
	@touch $@

# Debian's Chromium for the browser tests (Playwright drives it; its own download can't work here).
system-deps:
	@if ! command -v chromium >/dev/null; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver) >/dev/null; \
	fi

# axe-core (accessibility checker) for the browser tests, pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

train: install
	@scripts/train_if_needed.sh

validate: install
	$(VENV_RASA)/bin/rasa data validate --domain domain.yml --data data --config config.yml

evaluate: install train ## held-out NLU benchmark: per-topic precision/recall/F1, worst confusions
	$(VENV_RASA)/bin/python scripts/evaluate_nlu.py

bench: install train ## latency, start-up and safeguarding figures; writes var/reports/bench.md
	$(VENV)/bin/python scripts/bench.py

clean:
	rm -rf var models results .rasa
