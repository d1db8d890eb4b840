"""No PHI outside the de-identified outputs: not in stdout, stderr, logs, warnings, error records,
annotations or the manifest, even with --verbose and a component that fails with a message (and
a warning) quoting the note, in one process or several; nor the secret key.
"""
import json
import logging
import warnings

import pytest
import spacy
from spacy.language import Language
from typer.testing import CliRunner

from spacy_deid.cli import app

KEY = "sekret-key-value-8842"
PHI = ["Zebulon Quaxley", "Quaxley", "88442211", "(617) 555-0199", "zq@quaxley.org", "03/14/2019",
       "Ottoline Vexworth", "Vexworth", "77110033", "41 Brindlecombe Lane"]
NOTES = [
    "Zebulon Quaxley (MRN 88442211) seen 03/14/2019. Call (617) 555-0199 or zq@quaxley.org.",
    "EXPLODE: Ottoline Vexworth, MRN 77110033, lives at 41 Brindlecombe Lane.",
    "Follow-up for Quaxley on 03/14/2019, no changes.",
]


@Language.component("test_leaky_failure")
def leaky_failure(doc):
    if "EXPLODE" in doc.text:
        warnings.warn(f"cannot handle {doc.text}")  # a warning quoting the note
        logging.getLogger("spacy_deid").debug("component saw %d tokens", len(doc))
        raise ValueError(f"bad note: {doc.text}")  # an exception message quoting the note
    return doc


@pytest.fixture(scope="module")
def leaky_model(tmp_path_factory):
    nlp = spacy.load("en_deid")
    nlp.add_pipe("test_leaky_failure", before="deid_voter")
    path = tmp_path_factory.mktemp("leaky") / "model"
    nlp.to_disk(path)
    return path


@pytest.mark.parametrize("n_process", [1, 2])
def test_no_phi_or_key_outside_the_deidentified_text(tmp_path, leaky_model, caplog, capfd, n_process):
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.jsonl").write_text("".join(json.dumps({"id": f"n{i}", "text": t, "patient_id": "p1"}) + "\n"
                                             for i, t in enumerate(NOTES)))
    (src / "single.txt").write_text(NOTES[0])
    out = tmp_path / "out"
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(
        app, ["run", str(src), "--out", str(out), "--model", str(leaky_model), "--verbose", "--print",
              "--n-process", str(n_process), "--batch-size", "2"],
        env={"SPACY_DEID_KEY": KEY})
    assert result.exit_code == 1, result.output
    captured = capfd.readouterr()
    errors = (out / "errors.jsonl").read_text()
    assert [json.loads(x)["id"] for x in errors.splitlines()] == ["n1"]
    assert "component saw" in caplog.text  # the logs were captured, at DEBUG
    assert "UserWarning" in result.output + captured.err  # the warning was shown, without its text
    deidentified = [json.loads(x)["text"] for x in (out / "notes.jsonl").read_text().splitlines()]
    deidentified.append((out / "single.txt").read_text())
    shown = result.output + captured.out + captured.err
    assert "===== n0 =====" in shown  # --print showed the de-identified notes...
    for text in deidentified:  # ...which are the outputs; what the pipeline missed there is
        shown = shown.replace(text, "")  # recall, measured by the evaluation, not a leak
    places = {
        "stdout/stderr": shown,
        "logs": caplog.text,
        "errors.jsonl": errors,
        "annotations.jsonl": (out / "annotations.jsonl").read_text(),
        "manifest.jsonl": (out / "manifest.jsonl").read_text(),
    }
    for where, text in places.items():
        for value in PHI + [KEY]:
            assert value not in text, f"{value!r} found in {where}"
    # the failed note is nowhere, not even in the outputs
    for value in ("Ottoline", "Vexworth", "77110033", "Brindlecombe"):
        assert all(value not in text for text in deidentified)
