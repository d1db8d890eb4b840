"""The leak audit: original PHI values that survive in de-identified text.

End to end: gold notes go through ``spacy-deid run`` with a rules-only pipeline built here
(which finds dates, record numbers and phones but not these names), then ``spacy-deid audit``
must report the names as leaks and the dates and IDs as removed, without printing a value.
"""
import json
import shutil
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

import spacy_deid.cli.audit  # noqa: F401  (registers the command until cli/__init__ imports it)
from spacy_deid.audit import (
    DeidNotes,
    OriginalDoc,
    audit,
    detections_on_output,
    partly_survives,
    read_deid,
    read_original,
    survives,
)
from spacy_deid.cli import app

runner = CliRunner()


def spans_of(text, items):
    out = []
    for value, label in items:
        start = text.index(value)
        out.append({"start": start, "end": start + len(value), "label": label})
    return out


NOTES = [
    ("n1", "Oriel Quillfeather was seen on 03/14/2019 for chest pain. MRN: 12345678. "
           "Call (617) 555-1234.\nQuillfeather tolerated the procedure.",
     [("Oriel Quillfeather", "PATIENT"), ("03/14/2019", "DATE"), ("12345678", "MEDICALRECORD"),
      ("(617) 555-1234", "PHONE"), ("Quillfeather tolerated", "PATIENT")]),
    ("n2", "Zenobia Harkwright, DOB 01/02/1960, MRN 7654321. Seen by Dr. Alaric Penhallow. "
           "Initials: ZH.",
     [("Zenobia Harkwright", "PATIENT"), ("01/02/1960", "DATE"), ("7654321", "MEDICALRECORD"),
      ("Alaric Penhallow", "DOCTOR"), ("ZH", "PATIENT")]),
]
VALUES = ["Oriel Quillfeather", "Quillfeather", "Zenobia Harkwright", "Alaric Penhallow", "12345678",
          "7654321", "03/14/2019", "01/02/1960", "555-1234"]


def fix_spans(text, items):
    spans = spans_of(text, items)
    # "Quillfeather tolerated" stands for the second mention of the surname alone.
    for span, (value, _) in zip(spans, items):
        if value == "Quillfeather tolerated":
            span["end"] = span["start"] + len("Quillfeather")
    return spans


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    """Gold notes and their de-identified output, made once for the module (loading the
    pipeline is the slow part)."""
    root = tmp_path_factory.mktemp("audit")
    path = root / "gold.jsonl"
    with path.open("w") as f:
        for doc_id, text, items in NOTES:
            f.write(json.dumps({"id": doc_id, "text": text, "spans": fix_spans(text, items)}) + "\n")
    rules = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}})
    # Rules for dates, record numbers and phones only: the field rules would find "Dr. Alaric
    # Penhallow" and "Initials: ZH", and this test needs names that no detector finds.
    for name in ("deid_sentences", "deid_patterns", "deid_voter", "deid_surrogates"):
        config = {"labels": ["DATE", "MEDICALRECORD", "PHONE"]} if name == "deid_patterns" else {}
        rules.add_pipe(name, config=config)
    rules.initialize()
    rules.to_disk(root / "rules")
    out = root / "out"
    result = runner.invoke(app, ["run", str(path), "--out", str(out), "--no-progress",
                                 "--model", str(root / "rules")])
    assert result.exit_code == 0, result.output
    return path, out


@pytest.fixture
def gold(run_once):
    return run_once[0]


@pytest.fixture
def out(run_once, tmp_path):
    """A private copy of the run's output folder (tests may change it)."""
    return Path(shutil.copytree(run_once[1], tmp_path / "out"))


def invoke_audit(*args):
    return runner.invoke(app, ["audit", *map(str, args)])


# --------------------------------------------------------------------------- end to end

def test_end_to_end_names_leak_dates_and_ids_do_not(gold, out, tmp_path):
    report_path = tmp_path / "audit.json"
    result = invoke_audit(gold, out, "--output", report_path)
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text())
    per_type = report["per_type"]
    # Names: "Oriel Quillfeather", "Quillfeather" (distinct value), "Zenobia Harkwright";
    # "ZH" is short, counted apart.
    assert per_type["PATIENT"]["values"] == 3
    assert per_type["PATIENT"]["leaked"] == 3
    assert per_type["PATIENT"]["exact"] == 3
    assert per_type["PATIENT"]["leak_rate"] == 1.0
    assert (per_type["PATIENT"]["short_values"], per_type["PATIENT"]["short_leaked"]) == (1, 1)
    assert per_type["DOCTOR"]["values"] == per_type["DOCTOR"]["leaked"] == 1
    for label, n in (("DATE", 2), ("MEDICALRECORD", 2), ("PHONE", 1)):
        assert per_type[label]["values"] == n, label
        assert per_type[label]["leaked"] == 0, label
        assert per_type[label]["digits"] == 0, label
    overall = report["overall"]
    assert (overall["values"], overall["leaked"]) == (9, 4)
    assert overall["leak_rate"] == pytest.approx(4 / 9)
    assert report["documents"] == {
        "original": 2, "deid": 2, "audited": 2, "missing": 0, "failed": 0, "duplicate_deid_ids": 0,
        "missing_ids": [], "failed_ids": [], "unmatched_deid": 0,
    }
    assert report["leaks_by_document"] == {"n1": {"PATIENT": 2}, "n2": {"PATIENT": 1, "DOCTOR": 1}}
    assert report["detections_on_output"] is None
    # Never a value: not on the terminal, not in the report.
    for value in VALUES:
        assert value not in result.output
        assert value not in report_path.read_text()
    assert "PATIENT" in result.output and "MEDICALRECORD" in result.output


def test_run_annotations_with_original_inputs(gold, out, tmp_path):
    """The run's own spans: what it found it replaced everywhere it found it."""
    result = invoke_audit(out / "annotations.jsonl", out, "--inputs", gold, "--output", tmp_path / "a.json")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "a.json").read_text())
    assert report["overall"]["leaked"] == 0
    assert report["overall"]["values"] >= 5  # 2 dates, 2 record numbers, 1 phone at least
    assert "PATIENT" not in report["per_type"]


def test_run_annotations_read_recorded_files(gold, out, tmp_path):
    result = invoke_audit(out / "annotations.jsonl", out)
    assert result.exit_code == 0, result.output


def test_detections_on_output_are_reported_apart(gold, out, tmp_path):
    result = invoke_audit(gold, out, "--model", "en_deid", "--output", tmp_path / "a.json")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "a.json").read_text())
    det = report["detections_on_output"]
    assert det["model"] == "en_deid" and det["documents"] == 2
    assert det["total"] == sum(det["per_type"].values())
    assert "Detections on output" in result.output
    assert report["overall"]["leaked"] == 4  # detections never change the leak counts


def test_show_values_and_fail_on_leak(gold, out, tmp_path):
    shown = invoke_audit(gold, out, "--show-values")
    assert shown.exit_code == 0
    assert "Oriel Quillfeather" in shown.output and "Do not share" in shown.output
    assert invoke_audit(gold, out, "--fail-on-leak").exit_code == 1


def test_missing_and_failed_documents_are_counted_not_audited(gold, out, tmp_path):
    rows = [json.loads(line) for line in (out / "gold.jsonl").read_text().splitlines()]
    (out / "gold.jsonl").write_text(json.dumps(rows[0]) + "\n")
    (out / "errors.jsonl").write_text(json.dumps({"id": "n2", "where": "x", "stage": "deid_patterns",
                                                  "error": "ValueError"}) + "\n")
    result = invoke_audit(gold, out, "--output", tmp_path / "a.json")
    assert result.exit_code == 0, result.output
    docs = json.loads((tmp_path / "a.json").read_text())["documents"]
    assert (docs["audited"], docs["failed"], docs["failed_ids"], docs["missing"]) == (1, 1, ["n2"], 0)


def test_bad_inputs_fail_with_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "John", "spans": [{"start": 0, "end": 4, "label": "NAME"}]}\n')
    deid = tmp_path / "deid.jsonl"
    deid.write_text('{"id": "a", "text": "[PATIENT]"}\n')
    result = invoke_audit(bad, deid)
    assert result.exit_code == 2
    assert "bad.jsonl:1" in " ".join(result.output.split()) and "John" not in result.output
    assert invoke_audit(tmp_path / "nope.jsonl", deid).exit_code == 2


# --------------------------------------------------------------------------- matching

def test_exact_and_case_insensitive():
    text = "Seen by JOHN SMITH today; smithson family."
    assert survives("John Smith", "PATIENT", text) == {"exact": False, "case_insensitive": True, "digits": False}
    assert survives("JOHN SMITH", "PATIENT", text)["exact"]
    assert not any(survives("Smith", "PATIENT", "smithson family").values())  # not inside a word
    assert survives("John  Smith", "PATIENT", "John Smith")["exact"]  # whitespace runs may differ


def test_digits_only_for_numeric_types():
    assert survives("617-555-1234", "PHONE", "call (617) 555 1234")["digits"]
    assert survives("123-45-6789", "SSN", "ssn 123456789")["digits"]
    assert not survives("1234567", "MEDICALRECORD", "MRN 91234567")["digits"]
    assert not survives("1234567", "MEDICALRECORD", "MRN 91234567")["case_insensitive"]
    assert not survives("12-34", "PATIENT", "1234")["digits"]  # names are not numbers
    assert not survives("1-2", "MEDICALRECORD", "12")["digits"]  # too few digits to compare


def test_partial_survival_of_several_word_values():
    assert partly_survives("John Smith", "[PATIENT] Smith")
    assert not partly_survives("John Smith", "[PATIENT]")
    assert not partly_survives("Smith", "Smith")  # one word: a whole leak, not a partial one
    assert not partly_survives("Jo Li Smith", "Jo Li", short_max=2)


def _doc(doc_id, text, items):
    return OriginalDoc(doc_id, text, [(s["start"], s["end"], s["label"]) for s in spans_of(text, items)])


def test_distinct_values_short_values_and_rates():
    text = "John Smith. JOHN SMITH. JS. MRN 1234567. Lives in MA."
    original = {"d": _doc("d", text, [("John Smith", "PATIENT"), ("JOHN SMITH", "PATIENT"), ("JS", "PATIENT"),
                                      ("1234567", "MEDICALRECORD"), ("MA", "STATE")])}
    deid = DeidNotes({"d": "[PATIENT]. JOHN SMITH. JS. MRN [MEDICALRECORD]. Lives in MA."})
    report = audit(original, deid)
    patient = report.per_type["PATIENT"]
    assert (patient["values"], patient["leaked"], patient["exact"]) == (1, 1, 0)
    assert patient["case_insensitive"] == 1
    assert (patient["short_values"], patient["short_leaked"]) == (1, 1)
    assert report.per_type["MEDICALRECORD"]["leaked"] == 0
    assert report.per_type["STATE"]["short_leaked"] == 1 and report.per_type["STATE"]["values"] == 0
    assert report.overall["values"] == 2 and report.overall["leak_rate"] == 0.5
    assert report.overall["hipaa_values"] == 2  # STATE is not a Safe Harbor type and is short anyway
    assert "John" not in json.dumps(report.to_dict())
    assert [(d, label, how) for d, label, _, how in report.leaked_values] == [
        ("d", "PATIENT", "case_insensitive"), ("d", "PATIENT", "exact (short)"), ("d", "STATE", "exact (short)")]


def test_read_deid_folder(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "a.txt").write_text("[PATIENT] seen")
    (out / "sub" / "b.txt").write_text("b")
    (out / "notes.jsonl").write_text('{"id": "j1", "text": "x"}\n{"text": "y"}\n')
    (out / "notes.csv").write_text("id,text\nc1,z\n")
    (out / "annotations.jsonl").write_text('{"id": "a", "spans": []}\n')
    (out / "errors.jsonl").write_text('{"id": "e1", "stage": "input"}\n')
    (out / ".notes.jsonl.tmp").write_text("half written")
    notes = read_deid(out)
    assert notes.texts == {"a": "[PATIENT] seen", "sub/b": "b", "j1": "x", "notes.jsonl:2": "y", "c1": "z"}
    assert notes.failed == {"e1"}


def test_read_original_gold_and_label_sets(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"text": "Juan Pérez", "spans": [
        {"start": 0, "end": 10, "label": "NOMBRE_SUJETO_ASISTENCIA"},
        {"start": 0, "end": 4, "label": "SEXO_SUJETO_ASISTENCIA"}]}) + "\n")
    docs = read_original(path, label_set="meddocan")
    assert docs["g.jsonl:1"].spans == [(0, 10, "PATIENT")]


def test_detections_on_output_counts_per_type(blank_en):
    from spacy.tokens import Span

    def tagger(doc):
        doc.spans["phi"] = [Span(doc, 0, 1, label="DATE")] if len(doc) else []
        return doc

    from spacy.language import Language

    if not Language.has_factory("test_audit_tagger"):
        Language.component("test_audit_tagger")(tagger)
    blank_en.add_pipe("test_audit_tagger")
    det = detections_on_output(blank_en, ["[DATE] seen", "x", "y z"])
    assert det == {"documents": 3, "documents_with_detections": 3, "total": 3, "per_type": {"DATE": 3}}


def test_paths_are_reported_not_texts(tmp_path):
    ann = tmp_path / "annotations.jsonl"
    ann.write_text(json.dumps({"id": "a", "file": str(tmp_path / "gone.jsonl"), "line": 1, "spans": []}) + "\n")
    with pytest.raises(ValueError, match="gone.jsonl"):
        read_original(ann)
    assert Path(ann).is_file()
