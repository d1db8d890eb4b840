"""`spacy project run all` end to end on tiny data: generate, convert, train four detectors,
assemble, evaluate, package. Tiny sizes keep it near a minute on 2 CPU cores; the numbers it
produces mean nothing, the test checks that every step runs and connects."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).parent.parent
TINY = {"n_train": 30, "n_dev": 10, "n_test": 10, "max_steps": 10, "places_max_steps": 10,
        "catchall_max_steps": 10, "eval_frequency": 5, "embed_size": 500, "width": 32}


@pytest.mark.slow
def test_project_all_on_tiny_data(tmp_path):
    for name in ("project.yml", "configs", "scripts", "spacy_deid"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    overrides = [x for k, v in TINY.items() for x in (f"--vars.{k}", str(v))]
    proc = subprocess.run([sys.executable, "-m", "spacy", "project", "run", "all", str(tmp_path), *overrides],
                          capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    metrics = json.loads((tmp_path / "metrics" / "en_deid.json").read_text())["results"]
    assert set(metrics) == {"phi", "deid.patterns", "deid.templates", "deid.gazetteer", "deid.ner.names",
                            "deid.ner.names_lower", "deid.ner.places", "deid.ner.catchall"}
    for key, res in metrics.items():
        assert set(res) >= {"token", "strict", "relaxed", "covered_recall"}, key
        assert res["counts"]["docs"] == TINY["n_test"]
    # the rules alone already find dates and IDs in the synthetic test notes
    assert metrics["deid.patterns"]["strict"]["all"]["tp"] > 0
    nlp = spacy.load(tmp_path / "build" / "en_deid")
    ner = [n for n in nlp.pipe_names if n.startswith("deid_ner_")]
    assert ner == ["deid_ner_names", "deid_ner_names_lower", "deid_ner_places", "deid_ner_catchall"]
    assert nlp.get_pipe("deid_ner_names_lower").lowercase is True
    doc = nlp("Seen 03/14/2019 by Dr. Anna Lee. MRN 12345678.")
    for name in ner:
        assert nlp.get_pipe(name).spans_key in doc.spans
    assert doc._.deid_text is not None and "12345678" not in doc._.deid_text
    wheels = list((tmp_path / "packages").rglob("en_deid-*.whl"))
    assert len(wheels) == 1
