#!/usr/bin/env bash
# Assemble en_deid from configs/en_deid.cfg, package it with `spacy package`, install the wheel.
set -euo pipefail
PY=${PY:-.venv/bin/python}
VERSION=${VERSION:?VERSION is required}
rm -rf build/en_deid packages/en_deid-*
"$PY" -m spacy assemble configs/en_deid.cfg build/en_deid
mkdir -p packages
"$PY" -m spacy package build/en_deid packages --meta-path configs/en_deid.meta.json --name deid --version "$VERSION" --build wheel --force >build/package.log || { cat build/package.log; exit 1; }
"$PY" -m pip install -q --force-reinstall --no-deps packages/en_deid-"$VERSION"/dist/en_deid-"$VERSION"-*.whl
"$PY" -c 'import spacy; nlp = spacy.load("en_deid"); print("en_deid installed:", nlp.pipe_names)'
