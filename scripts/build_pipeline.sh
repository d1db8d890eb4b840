#!/usr/bin/env bash
# Assemble <lang>_deid from configs/<lang>_deid.cfg, package it with `spacy package` (meta:
# configs/<lang>_deid.meta.json), install the wheel and load it once.
#   PY=.venv/bin/python VERSION=0.1.0 bash scripts/build_pipeline.sh en|es [ASSEMBLE_OVERRIDES...]
# es_deid sources its trained NER detectors from models/es/ (committed), so no training runs;
# overrides such as `--paths.ner_catchall training/es/catchall/model-best` (project.yml's
# build-es) assemble freshly trained detectors instead. INSTALL=0 stops after the wheel
# (project.yml: the project builds, the Makefile installs).
set -euo pipefail
CODE=${1:?usage: build_pipeline.sh LANG (en, es) [ASSEMBLE_OVERRIDES...]}
shift
if [ -z "${PY:-}" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python; fi
fi
VERSION=${VERSION:?VERSION is required}
INSTALL=${INSTALL:-1}
NAME=${CODE}_deid
CONFIG=configs/${NAME}.cfg
META=configs/${NAME}.meta.json
for f in "$CONFIG" "$META"; do
  test -f "$f" || { echo "build_pipeline.sh: $f does not exist" >&2; exit 2; }
done
if [ "$CODE" = es ] && [ $# -eq 0 ]; then
  for d in models/es/catchall; do
    test -f "$d/config.cfg" || {
      echo "build_pipeline.sh: $d is missing: train and publish the Spanish detectors" \
        "(spacy project run all-es; spacy project run publish-es)" >&2; exit 2; }
  done
fi
# es_deid's voter (deid_native_voter, spacy_deid/meddocan.py) must be importable when the
# pipeline loads. Until setup.cfg declares it as a spacy_factories entry point, a one-line
# module that imports it is packaged with the pipeline (`--code`); afterwards it is not needed.
CODE_ARGS=()
if [ "$CODE" = es ] && ! "$PY" - <<'PYEOF'
import sys
from importlib.metadata import entry_points
sys.exit(0 if any(e.name == "deid_native_voter" for e in entry_points(group="spacy_factories")) else 1)
PYEOF
then
  mkdir -p build/code
  echo 'import spacy_deid.meddocan  # noqa: F401  (registers deid_native_voter)' \
    > build/code/spacy_deid_native_voter.py
  CODE_ARGS=(--code build/code/spacy_deid_native_voter.py)
fi
mkdir -p build
rm -rf "build/$NAME" packages/"$NAME"-*
"$PY" -m spacy assemble "$CONFIG" "build/$NAME" ${CODE_ARGS[@]+"${CODE_ARGS[@]}"} "$@" >"build/$NAME.assemble.log" 2>&1 \
  || { cat "build/$NAME.assemble.log"; exit 1; }
mkdir -p packages
"$PY" -m spacy package "build/$NAME" packages --meta-path "$META" --name deid --version "$VERSION" \
  --build wheel --force ${CODE_ARGS[@]+"${CODE_ARGS[@]}"} >"build/$NAME.package.log" 2>&1 \
  || { cat "build/$NAME.package.log"; exit 1; }
[ "$INSTALL" = 1 ] || { echo "$NAME packaged: packages/$NAME-$VERSION (not installed)"; exit 0; }
"$PY" -m pip install -q --force-reinstall --no-deps packages/"$NAME-$VERSION"/dist/"$NAME-$VERSION"-*.whl
"$PY" -c "import spacy; nlp = spacy.load('$NAME'); print('$NAME installed:', nlp.pipe_names)"
