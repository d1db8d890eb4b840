"""deid_propagation: a value detected once is removed wherever else it stands."""
import json
import re
from pathlib import Path

import pytest
import spacy
from conftest import clinical_nlp
from spacy.tokens import Span

from spacy_deid.lexicon import plain_words
from spacy_deid.propagation import defined_initials, initialism

SAMPLES = Path(__file__).parents[1] / "corpus" / "samples" / "gold.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return clinical_nlp("deid_sentences", "deid_propagation")


def propagate(nlp, text, detected, patient=None, **cfg):
    """Run the component on ``text`` with ``detected`` [(substring, label)] as the voter's PHI."""
    pipe = nlp.get_pipe("deid_propagation")
    if cfg:
        pipe = type(pipe)(nlp, **cfg)
    doc = nlp.make_doc(text)
    doc._.patient_id = patient
    doc = nlp.get_pipe("deid_sentences")(doc)
    spans = []
    for value, label, *nth in detected:
        start = [m.start() for m in re.finditer(re.escape(value), text)][nth[0] if nth else 0]
        span = doc.char_span(start, start + len(value), label=label)
        span._.deid_sources = ("ner.names",)
        spans.append(span)
    doc.spans["phi"] = spans
    doc.ents = spans
    return pipe(doc)


def found(doc):
    return [(s.text, s.label_, "propagated" in s._.deid_sources) for s in doc.spans["phi"]]


def test_names_and_their_parts_are_found_again(nlp):
    text = ("Patient: Odile Martin-Okafor. Spoke with Odile today; MARTIN-OKAFOR, ODILE agrees.\n"
            "Mrs. Okafor will call.\nOM/kl\n")
    doc = propagate(nlp, text, [("Odile Martin-Okafor", "PATIENT")])
    texts = [t for t, label, _ in found(doc) if label == "PATIENT"]
    assert texts == ["Odile Martin-Okafor", "Odile", "MARTIN-OKAFOR, ODILE", "Okafor", "OM"]
    assert all(p for t, _, p in found(doc)[1:])
    assert list(doc.ents) == list(doc.spans["phi"])


def test_common_word_parts_only_where_written_as_names(nlp):
    text = "Daughter Faith Grant visited. Will follow up. Grant application filed. Spoke with Grant. Faith is hopeful."
    doc = propagate(nlp, text, [("Faith Grant", "PATIENT")])
    assert [(s.text, s.start_char) for s in doc.spans["phi"]] == [
        ("Faith Grant", 9), ("Grant", text.index("with Grant") + 5), ("Faith", text.index("Faith is"))]
    # at a sentence start a word that is also a name counts only before what follows a subject
    # ("Faith is hopeful"), not before a verb or noun ("Will follow up", "Grant application")


def test_eponyms_are_not_propagated_from_a_surname(nlp):
    text = "Ann Graves was seen. She has Graves disease. Mrs. Graves agrees."
    doc = propagate(nlp, text, [("Ann Graves", "PATIENT")])
    assert [s.text for s in doc.spans["phi"]] == ["Ann Graves", "Graves"]
    assert doc.spans["phi"][1].start_char == text.index("Mrs. Graves") + 5


def test_ids_and_phones_in_any_layout(nlp):
    text = "MRN 001234567. Call (617) 555-0142.\nRecords: mrn 1234567; cb 617.555.0142 or 6175550142."
    doc = propagate(nlp, text, [("001234567", "MEDICALRECORD"), ("(617) 555-0142", "PHONE")])
    assert found(doc)[2:] == [("1234567", "MEDICALRECORD", True), ("617.555.0142", "PHONE", True),
                              ("6175550142", "PHONE", True)]


def test_hospital_initialisms_and_defined_initials(nlp):
    assert initialism("St. Vincent Medical Center") == "SVMC"
    assert initialism("Mass Eye and Ear") == "MEE"  # closed-class words have no letter
    assert initialism("Lowell Hospital") is None  # two letters would be everywhere
    assert initialism("Intensive Care Unit") is None  # ICU is a unit type
    text = ("Transferred from St. Vincent Medical Center. SVMC records reviewed.\n"
            "0900  JT   MO\n2100  JT   PT eval\nJT      Jenny Truong, RN\nMO      Mercy Oyelaran, RN\n")
    assert defined_initials(text, ["Jenny Truong", "Mercy Oyelaran"]) == ["JT", "MO"]
    doc = propagate(nlp, text, [("St. Vincent Medical Center", "HOSPITAL"), ("Jenny Truong", "DOCTOR"),
                                ("Mercy Oyelaran", "DOCTOR")])
    assert [t for t, _, p in found(doc) if p] == ["SVMC", "JT", "MO", "JT", "JT", "MO"]
    assert "PT" not in [s.text for s in doc.spans["phi"]]  # never defined, and an abbreviation


def test_short_capitals_credentials_and_ages_are_not_searched(nlp):
    text = "Dr. Anita Rao, MBBS saw him (age 67). MBBS trained. He is 67. Rao agrees. PR interval normal. MA plate."
    doc = propagate(nlp, text, [("Anita Rao, MBBS", "DOCTOR"), ("67", "AGE"), ("PR", "DOCTOR"), ("MA", "STATE")])
    assert [t for t, _, p in found(doc) if p] == ["Rao"]


def test_a_conflicting_label_is_left_to_the_span_that_holds_it(nlp):
    text = "Lowell General Hospital. Lowell was born in Lowell."
    doc = propagate(nlp, text, [("Lowell General Hospital", "HOSPITAL"), ("Lowell", "PATIENT", 1)])
    # "Lowell" inside the hospital keeps the hospital's label; the other two are the patient
    assert [(s.text, s.label_) for s in doc.spans["phi"]] == [
        ("Lowell General Hospital", "HOSPITAL"), ("Lowell", "PATIENT"), ("Lowell", "PATIENT")]


def test_across_notes_is_opt_in(nlp):
    first = "Seen with daughter Zinnia Quarrington."
    later = "Zinnia called back."
    propagate(nlp, first, [("Zinnia Quarrington", "PATIENT")], patient="p1")
    assert found(propagate(nlp, later, [], patient="p1")) == []
    pipe = type(nlp.get_pipe("deid_propagation"))(nlp, across_notes=True)
    doc = nlp.make_doc(first)
    doc._.patient_id = "p1"
    doc.spans["phi"] = [doc.char_span(first.index("Zinnia"), len(first) - 1, label="PATIENT")]
    pipe(doc)
    doc = nlp.make_doc(later)
    doc._.patient_id = "p1"
    doc.spans["phi"] = []
    assert [s.text for s in pipe(doc).spans["phi"]] == ["Zinnia"]
    doc = nlp.make_doc(later)
    doc._.patient_id = "p2"  # another patient's note learns nothing
    doc.spans["phi"] = []
    assert list(pipe(doc).spans["phi"]) == []


def test_ents_follow_the_voter(nlp):
    text = "Zinnia Quarrington seen. Zinnia agrees."
    doc = nlp.make_doc(text)
    doc.spans["phi"] = [doc.char_span(0, 18, label="PATIENT")]
    doc = nlp.get_pipe("deid_propagation")(doc)  # voter wrote no ents: they stay empty
    assert len(doc.spans["phi"]) == 2 and list(doc.ents) == []


def _uncovered(text, value, spans):
    """Case-sensitive, word-bounded occurrences of value in text that no PHI span covers."""
    left = r"(?<![^\W_])" if value[:1].isalnum() else ""
    right = r"(?![^\W_])" if value[-1:].isalnum() else ""
    for m in re.finditer(left + re.escape(value) + right, text):
        if not any(s.start_char <= m.start() and m.end() <= s.end_char for s in spans):
            yield m.start()


def test_no_detected_value_stands_elsewhere_in_any_bundled_note():
    """Propagation's promise on every bundled note: a value en_deid detects once is covered
    wherever it is written the same way, except an ordinary word taken for PHI somewhere
    ("Daughter" at a sentence start), short initials and ages (kept by design)."""
    nlp = spacy.load("en_deid")
    plain = plain_words()
    checked = 0
    for line in SAMPLES.read_text(encoding="utf8").splitlines():
        row = json.loads(line)
        doc = nlp.make_doc(row["text"])
        doc._.patient_id = row.get("patient_id")
        doc = nlp(doc)
        spans = list(doc.spans["phi"])
        for span in spans:
            value = span.text
            words = re.findall(r"[^\W\d_]+", value)
            if span.label_ == "AGE" or sum(ch.isalnum() for ch in value) <= 4 and value.isupper():
                continue
            if words and all(w.lower() in plain for w in words):
                continue
            checked += 1
            assert not list(_uncovered(doc.text, value, spans)), (row["id"], span.label_)
    assert checked > 300
