"""`spacy project run all-es` end to end on a tiny MEDDOCAN sample: convert with MEDDOCAN's
own labels, train the Spanish detector, assemble and package es_deid (not installed), score
it with the MEDDOCAN measures. Tiny sizes; the numbers mean nothing, the test checks that every
step runs and connects."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).parent.parent
MEDDOCAN = Path("/work/shared/corpora/meddocan")
TINY = {"es_max_steps": 6, "es_eval_frequency": 3, "es_patience": 100, "es_embed_size": 300,
        "es_width": 32}


@pytest.mark.slow
@pytest.mark.skipif(not (MEDDOCAN / "train" / "brat").is_dir(), reason="MEDDOCAN not available")
def test_project_all_es_on_tiny_data(tmp_path):
    for name in ("project.yml", "configs", "scripts", "spacy_deid"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    sample = tmp_path / "meddocan"
    for split, n in (("train", 6), ("dev", 3)):
        dst = sample / split / "brat"
        dst.mkdir(parents=True)
        for ann in sorted((MEDDOCAN / split / "brat").glob("*.ann"))[:n]:
            shutil.copy(ann, dst)
            shutil.copy(ann.with_suffix(".txt"), dst)
    overrides = [x for k, v in {**TINY, "meddocan": str(sample)}.items()
                 for x in (f"--vars.{k}", str(v))]
    env = {**os.environ, "PY": sys.executable}
    proc = subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all-es", str(tmp_path), *overrides],
        capture_output=True, text=True, timeout=1200, cwd=tmp_path, env=env,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    metrics = json.loads((tmp_path / "metrics" / "es_deid_dev.json").read_text())
    assert set(metrics) >= {"subtrack1", "subtrack2_strict", "subtrack2_merged", "counts"}
    assert metrics["counts"]["documents"] == 3
    assert len(list((tmp_path / "metrics" / "es_deid_dev_brat").glob("*.ann"))) == 3
    import spacy_deid.meddocan  # noqa: F401  (the voter's factory, before its entry point exists)

    nlp = spacy.load(tmp_path / "build" / "es_deid")
    assert nlp.lang == "es"
    assert [n for n in nlp.pipe_names if n.startswith("deid_ner_")] == ["deid_ner_catchall"]
    doc = nlp("Paciente de 70 años. NHC: 368503. Fecha de ingreso: 12/12/2016.")
    assert "phi.meddocan" in doc.spans and "368503" not in doc._.deid_text
    assert len(list((tmp_path / "packages").rglob("es_deid-*.whl"))) == 1
