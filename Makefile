# Everything a newcomer or CI needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := RASA_TELEMETRY_ENABLED=false $(VENV)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

# Rasa 3.6 runs on Python 3.10 only: find one (pyenv reads .python-version for `python`).
PYTHON310 := $(shell for p in python3.10 "$$HOME/.pyenv/versions/3.10.13/bin/python" python; do \
	if command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then \
	command -v "$$p"; break; fi; done)

TRAIN_INPUTS := config.yml domain.yml $(shell find data/nlu data/rules data/stories data/risk -name '*.yml' 2>/dev/null) $(wildcard bot/nlu/*.py bot/risk/*.py bot/policies/*.py)
MODEL_STAMP := models/.trained

.PHONY: help install run test eval bench validate train migrate system-deps clean

help:
	@echo "make run    start the assistant (Rasa :5005, actions :5055, bot service :8000)"
	@echo "make test   the whole test suite, as CI runs it"
	@echo "make eval DATA=file.yml OUT=report.json   evaluate topics and risk on labelled data"
	@echo "make bench  performance benchmarks (JSON)"

$(VENV)/.installed: pyproject.toml constraints.txt
	@if [ -z "$(PYTHON310)" ]; then \
		echo "Python 3.10 is needed (Rasa 3.6 does not run on newer Pythons)."; \
		echo "Install it, e.g. 'pyenv install 3.10.13', or 'apt-get install python3.10', then run make again."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip<25"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $@

install: $(VENV)/.installed

$(MODEL_STAMP): $(VENV)/.installed $(TRAIN_INPUTS)
	$(RASA) train --config config.yml --domain domain.yml --data data/nlu data/rules data/stories \
		--out models --fixed-model-name parent-support
	@touch $@

train: $(MODEL_STAMP)

validate: install
	$(RASA) data validate --fail-on-warnings --config config.yml --domain domain.yml \
		--data data/nlu data/rules data/stories

migrate: install
	$(PY) -m bot db upgrade

run: install $(MODEL_STAMP)
	$(PY) -m bot run

# Debian's docker-compose checks the compose file; Debian's Chromium drives the browser tests
# (Playwright's own browser download does not work everywhere, so it is never used).
SYSTEM_PACKAGES := docker-compose:docker-compose chromium:chromium npm:npm
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
		command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
		else echo "missing system packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

test: install system-deps node_modules/.installed validate $(MODEL_STAMP)
	$(PY) -m pytest -q
	$(RASA) test core --model models --stories tests/stories --fail-on-prediction-errors --out results/core

# axe-core (npm) for the widget's accessibility test; pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

eval: install $(MODEL_STAMP)
	@test -n "$(DATA)" || { echo "usage: make eval DATA=file.yml OUT=report.json"; exit 2; }
	$(PY) -m bot eval "$(DATA)" "$(or $(OUT),report.json)"

bench: install $(MODEL_STAMP)
	@$(PY) -m bench

clean:
	rm -rf models results var/*.db
