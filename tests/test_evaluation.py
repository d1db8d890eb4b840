"""i2b2 2014 measures in spacy_deid.evaluation, with numbers computed by hand."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from spacy_deid import schema
from spacy_deid.evaluation import (
    LEVELS,
    SCOPES,
    TOKEN_RE,
    evaluate,
    format_table,
    spans_from_doc,
)

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def prf(block):
    return (block["p"], block["r"], block["f"], block["tp"], block["fp"], block["fn"])


def span(text, surface, label, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return (start, start + len(surface), label)


def test_tokens_are_alphanumeric_runs():
    assert TOKEN_RE.findall("O'Brien, 01/02/2019 j_smith@x.org Zoë") == [
        "O", "Brien", "01", "02", "2019", "j", "smith", "x", "org", "Zoë",
    ]


def test_partial_name_token_strict_relaxed():
    text = "Patient John Smith seen today."
    gold = [span(text, "John Smith", "PATIENT")]
    pred = [span(text, "John", "PATIENT")]
    res = evaluate([(text, gold, pred)])
    # tokens: gold {John, Smith}, predicted {John}
    assert prf(res["token"]["all"]) == pytest.approx((1.0, 0.5, 2 / 3, 1, 0, 1))
    per_type = res["token"]["all"]["per_type"]["PATIENT"]
    assert prf(per_type) == pytest.approx((1.0, 0.5, 2 / 3, 1, 0, 1))
    assert prf(res["strict"]["all"]) == (0.0, 0.0, 0.0, 0, 1, 1)
    # same start but the end is 6 characters short: not a relaxed match either
    assert prf(res["relaxed"]["all"]) == (0.0, 0.0, 0.0, 0, 1, 1)
    assert res["covered_recall"] == 0.0
    assert res["counts"] == {"docs": 1, "gold_spans": 1, "pred_spans": 1, "covered_gold_spans": 0}


def test_partial_token_overlap_counts_as_covered_token():
    text = "Seen by Dr. Smithson."
    gold = [span(text, "Smithson", "DOCTOR")]
    pred = [span(text, "Smith", "DOCTOR")]
    res = evaluate([(text, gold, pred)])
    assert prf(res["token"]["all"]) == (1.0, 1.0, 1.0, 1, 0, 0)
    assert res["strict"]["all"]["tp"] == 0
    # "son" is not covered
    assert res["covered_recall"] == 0.0


@pytest.mark.parametrize(
    "pred_end_delta,relaxed_tp", [(0, 1), (1, 1), (-1, 1), (2, 1), (-2, 1), (3, 0), (-3, 0)]
)
def test_relaxed_end_tolerance(pred_end_delta, relaxed_tp):
    text = "Admitted on 01/02/2019 at 0800 from home."
    start, end, _ = span(text, "01/02/2019", "DATE")
    res = evaluate([(text, [(start, end, "DATE")], [(start, end + pred_end_delta, "DATE")])])
    assert res["relaxed"]["all"]["tp"] == relaxed_tp
    assert res["relaxed"]["all"]["fp"] == 1 - relaxed_tp
    assert res["relaxed"]["all"]["fn"] == 1 - relaxed_tp
    assert res["strict"]["all"]["tp"] == (1 if pred_end_delta == 0 else 0)


def test_relaxed_needs_same_start_and_label():
    text = "Admitted on 01/02/2019 at 0800."
    start, end, _ = span(text, "01/02/2019", "DATE")
    shifted = evaluate([(text, [(start, end, "DATE")], [(start + 1, end, "DATE")])])
    assert shifted["relaxed"]["all"]["tp"] == 0
    relabelled = evaluate([(text, [(start, end, "DATE")], [(start, end + 1, "AGE")])])
    assert relabelled["relaxed"]["all"]["tp"] == 0
    assert relabelled["relaxed"]["binary"]["tp"] == 1
    assert relabelled["strict"]["binary"]["tp"] == 0


def test_relaxed_matching_is_one_to_one():
    text = "Dr. Anna Lee, MD"
    start = text.index("Anna")
    gold = [(start, start + len("Anna Lee"), "DOCTOR")]
    pred = [(start, start + len("Anna Lee") + 1, "DOCTOR"), (start, start + 7, "DOCTOR")]
    res = evaluate([(text, gold, pred)])
    relaxed = res["relaxed"]["all"]
    assert (relaxed["tp"], relaxed["fp"], relaxed["fn"]) == (1, 1, 0)


def test_binary_ignores_label():
    text = "Moved to Boston last year."
    gold = [span(text, "Boston", "CITY")]
    pred = [span(text, "Boston", "STATE")]
    res = evaluate([(text, gold, pred)])
    assert prf(res["strict"]["all"]) == (0.0, 0.0, 0.0, 0, 1, 1)
    assert prf(res["token"]["all"]) == (0.0, 0.0, 0.0, 0, 1, 1)
    assert res["token"]["all"]["per_type"]["CITY"]["fn"] == 1
    assert res["token"]["all"]["per_type"]["STATE"]["fp"] == 1
    for level in LEVELS:
        assert prf(res[level]["binary"]) == (1.0, 1.0, 1.0, 1, 0, 0)
        assert res[level]["binary"]["per_type"] == {}
    assert res["covered_recall"] == 1.0
    # CITY is HIPAA, STATE is not: the HIPAA scope sees only the missed gold CITY
    assert not schema.is_hipaa("STATE") and schema.is_hipaa("CITY")
    assert prf(res["strict"]["hipaa"]) == (1.0, 0.0, 0.0, 0, 0, 1)
    assert prf(res["strict"]["hipaa_binary"]) == (1.0, 0.0, 0.0, 0, 0, 1)


def test_hipaa_scope_drops_non_hipaa_gold_and_predictions():
    text = "Seen by Dr. Anna Lee at Mercy Hospital; she works as a teacher."
    gold = [span(text, "Anna Lee", "DOCTOR"), span(text, "Mercy Hospital", "HOSPITAL")]
    pred = [span(text, "Anna Lee", "DOCTOR"), span(text, "teacher", "PROFESSION")]
    res = evaluate([(text, gold, pred)])
    assert prf(res["strict"]["all"]) == pytest.approx((0.5, 0.5, 0.5, 1, 1, 1))
    assert prf(res["strict"]["hipaa"]) == (1.0, 1.0, 1.0, 1, 0, 0)
    assert list(res["strict"]["hipaa"]["per_type"]) == ["DOCTOR"]
    assert list(res["strict"]["all"]["per_type"]) == ["DOCTOR", "PROFESSION", "HOSPITAL"]
    # tokens: gold Anna Lee Mercy Hospital (4), predicted Anna Lee teacher (3)
    assert prf(res["token"]["all"]) == pytest.approx((2 / 3, 0.5, 4 / 7, 2, 1, 2))
    assert prf(res["token"]["hipaa"]) == (1.0, 1.0, 1.0, 2, 0, 0)
    assert prf(res["token"]["hipaa_binary"]) == (1.0, 1.0, 1.0, 2, 0, 0)
    assert res["covered_recall"] == 0.5


def test_micro_over_documents_and_duplicates():
    t1 = "MRN 12345, seen 3/14."
    t2 = "Call 555-0100 today."
    ex1 = (t1, [span(t1, "12345", "MEDICALRECORD"), span(t1, "3/14", "DATE")],
           [span(t1, "12345", "MEDICALRECORD"), span(t1, "12345", "MEDICALRECORD")])
    ex2 = (t2, [span(t2, "555-0100", "PHONE")], [span(t2, "555-0100", "PHONE")])
    res = evaluate(iter([ex1, ex2]))  # any iterable, consumed once
    assert prf(res["strict"]["all"]) == pytest.approx((1.0, 2 / 3, 0.8, 2, 0, 1))
    assert res["strict"]["all"]["per_type"]["DATE"]["fn"] == 1
    # "3/14" is two tokens, "555-0100" two tokens
    assert prf(res["token"]["all"]) == pytest.approx((1.0, 3 / 5, 0.75, 3, 0, 2))
    assert res["counts"]["pred_spans"] == 2  # the duplicate counts once
    assert res["covered_recall"] == pytest.approx(2 / 3)


def test_covered_recall_any_label_and_several_spans():
    text = "Pt John Smith, 12 Oak Street Apt 4B."
    gold = [span(text, "John Smith", "PATIENT"), span(text, "12 Oak Street Apt 4B", "STREET")]
    pred = [span(text, "John", "DOCTOR"), span(text, "Smith,", "LOCATION_OTHER"),
            span(text, "12 Oak Street", "STREET")]
    res = evaluate([(text, gold, pred)])
    assert res["counts"]["covered_gold_spans"] == 1
    assert res["covered_recall"] == 0.5


def test_empty_inputs_have_defined_scores():
    res = evaluate([])
    for level in LEVELS:
        for scope in SCOPES:
            assert prf(res[level][scope]) == (1.0, 1.0, 1.0, 0, 0, 0)
            assert res[level][scope]["per_type"] == {}
    assert res["covered_recall"] == 1.0
    assert evaluate([("", [], [])])["strict"]["all"]["f"] == 1.0

    text = "Jane Doe"
    only_gold = evaluate([(text, [(0, 8, "PATIENT")], [])])
    assert prf(only_gold["strict"]["all"]) == (1.0, 0.0, 0.0, 0, 0, 1)
    assert only_gold["covered_recall"] == 0.0
    only_pred = evaluate([(text, [], [(0, 8, "PATIENT")])])
    assert prf(only_pred["token"]["all"]) == (0.0, 1.0, 0.0, 0, 2, 0)
    assert only_pred["covered_recall"] == 1.0


def test_spans_as_mappings_and_bad_input():
    text = "Jane Doe"
    res = evaluate([(text, [{"start": 0, "end": 8, "label": "PATIENT"}], [[0, 8, "PATIENT"]])])
    assert res["strict"]["all"]["tp"] == 1
    with pytest.raises(ValueError, match="example 0: gold span 0"):
        evaluate([(text, [(0, 9, "PATIENT")], [])])
    with pytest.raises(ValueError, match="Unknown PHI label"):
        evaluate([(text, [], [(0, 4, "PERSON")])])
    with pytest.raises(ValueError, match="example 1: pred span 0"):
        evaluate([(text, [], []), (text, [], [(3, 3, "PATIENT")])])


def test_results_are_json_serialisable_and_render():
    text = "Seen by Dr. Anna Lee at Mercy Hospital on 01/02/2019."
    gold = [span(text, "Anna Lee", "DOCTOR"), span(text, "Mercy Hospital", "HOSPITAL"),
            span(text, "01/02/2019", "DATE")]
    pred = [span(text, "Anna Lee", "DOCTOR"), span(text, "01/02/2019.", "DATE")]
    res = evaluate([(text, gold, pred)])
    assert json.loads(json.dumps(res)) == res
    out = format_table(res)
    for needle in ("token", "strict", "relaxed", "hipaa_binary", "DOCTOR", "HOSPITAL", "DATE",
                   "Recall on fully covered gold spans: 0.667 (2/3)"):
        assert needle in out
    assert text not in out and "Anna" not in out


def test_spans_from_doc():
    doc = Doc(Vocab(), words=["Seen", "by", "Anna", "Lee", "on", "3/14", "."])
    assert spans_from_doc(doc) == []
    doc.spans["phi"] = [Span(doc, 5, 6, label="DATE"), Span(doc, 2, 4, label="DOCTOR")]
    assert spans_from_doc(doc) == [(8, 16, "DOCTOR"), (20, 24, "DATE")]
    doc.spans["deid.patterns"] = [Span(doc, 5, 6, label="DATE")]
    assert spans_from_doc(doc, key="deid.patterns") == [(20, 24, "DATE")]


# --- the bundled sample notes ------------------------------------------------------------


def load_samples():
    path = SAMPLES / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sample_gold_is_consistent_with_notes_and_schema():
    records = load_samples()
    assert len(records) >= 14
    assert len({r["id"] for r in records}) == len(records)
    label_counts = Counter()
    for r in records:
        assert set(r) == {"id", "text", "patient_id", "note_type", "spans"}
        note = (SAMPLES / "notes" / f"{r['id']}.txt").read_bytes().decode("utf-8")
        assert note == r["text"]
        for s in r["spans"]:
            assert s["label"] in schema.LABELS
            surface = r["text"][s["start"] : s["end"]]
            assert surface and surface == surface.strip(), (r["id"], s)
            label_counts[s["label"]] += 1
    assert all(label_counts[label] >= 2 for label in schema.LABELS), label_counts
    notes_per_patient = Counter(r["patient_id"] for r in records)
    assert sum(1 for n in notes_per_patient.values() if n >= 2) >= 2


def test_sample_gold_against_itself_is_perfect():
    records = load_samples()
    spans = [[(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records]
    res = evaluate((r["text"], g, g) for r, g in zip(records, spans))
    for level in LEVELS:
        for scope in SCOPES:
            block = res[level][scope]
            scores = (block["p"], block["r"], block["f"], block["fp"], block["fn"])
            assert scores == (1.0, 1.0, 1.0, 0, 0), (level, scope)
            for label, per in block["per_type"].items():
                assert (per["p"], per["r"], per["f"]) == (1.0, 1.0, 1.0), (level, scope, label)
    assert set(res["strict"]["all"]["per_type"]) == set(schema.LABELS)
    assert res["strict"]["all"]["tp"] == sum(len(set(g)) for g in spans)
    assert res["covered_recall"] == 1.0


def test_binary_by_type_ignores_predicted_label():
    from spacy_deid.evaluation import evaluate

    text = "John Smith seen at MGH on 3/14/2019"
    gold = [(0, 10, "PATIENT"), (19, 22, "HOSPITAL"), (26, 35, "DATE")]
    pred = [(0, 4, "DOCTOR"), (19, 22, "HOSPITAL"), (16, 18, "CITY")]
    res = evaluate([(text, gold, pred)])["token"]["binary_by_type"]
    assert res["PATIENT"]["r"] == 0.5  # "John" found (as DOCTOR), "Smith" missed
    assert res["DATE"]["r"] == 0.0 and res["DATE"]["gold_tokens"] == 3
    assert res["DOCTOR"]["p"] == 1.0  # a wrong type, but PHI all the same
    assert res["CITY"]["p"] == 0.0  # "at" is not PHI
    assert list(res) == ["PATIENT", "DOCTOR", "HOSPITAL", "CITY", "DATE"]  # schema order


def test_recall_by_origin_groups_gold_spans():
    from spacy_deid.evaluation import recall_by_group

    text = "Seen by Wei Chen and Anna Lee today"
    gold = [{"start": 8, "end": 16, "label": "DOCTOR", "origin": "zh_CN"},
            {"start": 21, "end": 29, "label": "DOCTOR", "origin": "en_US"},
            {"start": 30, "end": 35, "label": "DATE"}]
    pred = [(21, 29, "PATIENT"), (8, 11, "DOCTOR")]  # "Chen" missed
    res = recall_by_group([(text, gold, pred)])
    assert res == {"en_US": {"spans": 1, "covered": 1, "recall": 1.0},
                   "zh_CN": {"spans": 1, "covered": 0, "recall": 0.0}}
