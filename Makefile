# The two commands the README gives:
#   make run    set everything up, then de-identify the bundled sample notes with en_deid
#   make test   set everything up, then run the test suite
# Both are idempotent: set-up steps re-run only when their inputs change.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
EN_DEID_VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' spacy_deid/about.py)
EN_DEID_SOURCES := configs/en_deid.cfg configs/en_deid.meta.json $(wildcard spacy_deid/*.py spacy_deid/*/*.py spacy_deid/data/*)

.PHONY: run test setup en_deid clean

run: $(VENV)/.en_deid
	$(BIN)/spacy-deid run corpus/samples/notes --out deid_out --model en_deid --print

test: $(VENV)/.en_deid $(VENV)/.dev
	$(BIN)/pytest -q tests

setup: $(VENV)/.en_deid $(VENV)/.dev

en_deid: $(VENV)/.en_deid

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e . build
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# en_deid is assembled from its config and installed as a package, so spacy.load("en_deid")
# works exactly as it will for users (entry points, no import of spacy_deid needed).
$(VENV)/.en_deid: $(VENV)/.installed $(EN_DEID_SOURCES) scripts/build_en_deid.sh
	PY=$(PY) VERSION=$(EN_DEID_VERSION) bash scripts/build_en_deid.sh
	touch $@

clean:
	rm -rf $(VENV) build packages deid_out
