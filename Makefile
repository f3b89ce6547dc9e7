# Two commands on a fresh clone: `make run` and `make test` (each sets up .venv from the lock file).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

# Prefect's server would try to send usage analytics; this machine (and many operators') has no network.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_LOGGING_LEVEL ?= WARNING

.PHONY: run test bench eval venv lock clean

run: $(STAMP)
	$(BIN)/newsclaims ingest
	@echo
	@echo "Next, try:"
	@echo "  1. ask the lake who claimed what:  $(BIN)/newsclaims sql \"SELECT subject, value, claimant, claimed_on, outlet FROM figure_conflicts ORDER BY subject, value\""
	@echo "  2. add your own feeds:            $(BIN)/newsclaims discover https://www.example.org/   (paste into feeds.toml, then: $(BIN)/newsclaims check)"
	@echo "  3. run it on a schedule:          README.md, \"A Prefect server, a work pool, workers, a schedule\""

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.pipeline_vs_trafilatura

# Claim quality against the hand-labelled attributions in eval/ (needs ../shared/corpora, see eval/README.md).
eval: $(STAMP)
	$(BIN)/python -m eval.attributions

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Re-pin every dependency after changing pyproject.toml (needs the registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check ".[test]"
	.lock-venv/bin/python -m pip freeze --exclude newsclaims > requirements.lock
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock .
	.lock-venv/bin/python -m pip freeze --exclude newsclaims > requirements-runtime.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) data .pytest_cache
