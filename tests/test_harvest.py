"""spacy-deid harvest: frequent PHI-free sentences and frequent PHI templates."""
import json

import spacy
from typer.testing import CliRunner

from spacy_deid.cli import app
from spacy_deid.harvest import harvest, make_template

NAMES = ["Anna Lee", "Omar Haddad", "Maria Garcia", "Wei Chen", "John Smith"]


def corpus():
    notes = []
    for i, name in enumerate(NAMES):
        sig = f"Electronically signed by: {name} on 03/1{i}/2019 at 10:3{i}"
        text = f"No known drug allergies.\nPatient seen for follow-up {i}.\n{sig}\n"
        s = text.index(name)
        d = text.index("03/1")
        gold = [(s, s + len(name), "DOCTOR"), (d, d + 10, "DATE")]
        notes.append((f"n{i}", text, gold))
    return notes


def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_sentences", config={"split_on_newline": "always"})
    return nlp


def test_harvest_counts_safe_sentences_and_templates():
    result = harvest(nlp(), corpus())
    assert result.n_docs == 5
    assert result.inclusion_candidates(5, 5) == [("no known drug allergies", 5, 5)]
    assert result.template_candidates(5, 5) == [
        ("Electronically signed by: <DOCTOR> on <DATE> at <TIME>", 5, 5)]


def test_sentences_with_digits_are_never_inclusion_candidates():
    result = harvest(nlp(), corpus())
    # "Patient seen for follow-up 0." etc. differ; even if they did not, digits exclude them
    assert all(not any(c.isdigit() for c in s) for s, _, _ in result.inclusion_candidates(1, 1))


def test_make_template_needs_literal_text():
    assert make_template("Dr Lee", 0, [(0, 6, "DOCTOR")]) is None
    assert make_template("Seen by Lee today", 10, [(18, 21, "DOCTOR")]) == "Seen by <DOCTOR> today"


def test_harvest_command_writes_candidates(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": i, "text": t, "spans": [
        {"start": s, "end": e, "label": lab} for s, e, lab in g]}) + "\n" for i, t, g in corpus()))
    out = tmp_path / "h"
    result = CliRunner().invoke(app, ["harvest", "--gold", str(gold), "--out", str(out),
                                      "--min-count", "5", "--min-docs", "5"])
    assert result.exit_code == 0, result.output
    inclusion = [l for l in (out / "inclusion.txt").read_text().splitlines() if not l.startswith("#")]
    templates = [l for l in (out / "templates.txt").read_text().splitlines() if not l.startswith("#")]
    assert inclusion == ["no known drug allergies"]
    assert templates == ["Electronically signed by: <DOCTOR> on <DATE> at <TIME>"]
    for name in NAMES:
        assert name not in (out / "templates.txt").read_text()
    # the harvested template file loads into deid_templates as is
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("deid_templates")
    nlp2.initialize()
    nlp2.get_pipe("deid_templates").initialize(include_default=False, lists=[str(out / "templates.txt")])
    doc = nlp2("Electronically signed by: Zoe Park on 04/01/2020 at 09:15")
    assert [(s.text, s.label_) for s in doc.spans["deid.templates"]] == [("Zoe Park", "DOCTOR"), ("04/01/2020", "DATE")]
