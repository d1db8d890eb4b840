"""deid_ner: trained NER detectors that vote independently through their own span groups."""
import random

import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example

from spacy_deid.ner import default_spans_key
from spacy_deid.training import restrict_example

TRAIN = [
    ("Patient John Smith seen today .", [(1, 3, "PATIENT")]),
    ("Seen by Dr. Anna Lee in clinic .", [(3, 5, "DOCTOR")]),
    ("Patient Maria Garcia called back .", [(1, 3, "PATIENT")]),
    ("Plan discussed with Dr. Omar Haddad .", [(4, 6, "DOCTOR")]),
]


def examples(nlp, lowercase=False):
    out = []
    for text, spans in TRAIN:
        if lowercase:
            text = text.lower()
        ref = nlp.make_doc(text)
        ref.ents = [Span(ref, s, e, label=lab) for s, e, lab in spans]
        out.append(Example(nlp.make_doc(text), ref))
    return out


def trained(lowercase=False, name="deid_ner_names"):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_ner", name=name, config={"lowercase": lowercase})
    egs = examples(nlp, lowercase)
    optimizer = nlp.initialize(lambda: egs)
    random.seed(0)
    for _ in range(40):
        random.shuffle(egs)
        nlp.update(egs, sgd=optimizer, drop=0.0)
    return nlp


@pytest.fixture(scope="module")
def names_nlp():
    return trained()


def test_default_group_names():
    assert default_spans_key("deid_ner_names") == "deid.ner.names"
    assert default_spans_key("mymodel") == "deid.ner.mymodel"


def test_writes_its_own_group_and_leaves_ents_alone(names_nlp):
    doc = names_nlp.make_doc("Patient John Smith seen today .")
    doc.ents = [Span(doc, 4, 5, label="DATE")]  # someone else's entity
    doc = names_nlp(doc)
    assert [(s.text, s.label_) for s in doc.spans["deid.ner.names"]] == [("John Smith", "PATIENT")]
    assert [(e.text, e.label_) for e in doc.ents] == [("today", "DATE")]


def test_preset_entities_do_not_bias_prediction(names_nlp):
    """A transition NER would keep a preset entity; ours predicts on a bare view."""
    doc = names_nlp.make_doc("Patient John Smith seen today .")
    doc.ents = [Span(doc, 0, 2, label="DATE")]  # overlaps the name
    doc = names_nlp(doc)
    assert [s.text for s in doc.spans["deid.ner.names"]] == ["John Smith"]


def test_lowercase_variant_sees_a_lowercased_view():
    nlp = trained(lowercase=True, name="deid_ner_names_lower")
    doc = nlp("PATIENT JOHN SMITH SEEN TODAY .")
    assert [(s.text, s.label_) for s in doc.spans["deid.ner.names_lower"]] == [("JOHN SMITH", "PATIENT")]


def test_round_trip_and_pipe(names_nlp, tmp_path):
    names_nlp.to_disk(tmp_path / "m")
    nlp2 = spacy.load(tmp_path / "m")
    pipe = nlp2.get_pipe("deid_ner_names")
    assert pipe.spans_key == "deid.ner.names" and pipe.lowercase is False
    texts = ["Patient John Smith seen today .", "Seen by Dr. Anna Lee in clinic ."]
    docs = list(nlp2.pipe(texts, batch_size=1))
    assert [[s.text for s in d.spans["deid.ner.names"]] for d in docs] == [["John Smith"], ["Anna Lee"]]


def test_scorer_compares_group_with_reference_entities(names_nlp):
    scores = names_nlp.evaluate(examples(names_nlp))
    assert scores["deid_ner_f"] == pytest.approx(1.0)
    assert scores["deid_ner_per_type"]["DOCTOR"]["r"] == pytest.approx(1.0)


def test_restrict_example_selects_and_maps_gold_labels():
    nlp = spacy.blank("en")
    ref = nlp.make_doc("John Smith seen 3/14 at MGH")
    ref.spans["phi"] = [Span(ref, 0, 2, label="PATIENT"), Span(ref, 3, 4, label="DATE"),
                        Span(ref, 5, 6, label="HOSPITAL"), Span(ref, 1, 2, label="PATIENT")]
    eg = Example(nlp.make_doc(ref.text), ref)
    names = restrict_example(eg, ["PATIENT"], {})
    assert [(e.text, e.label_) for e in names.reference.ents] == [("John Smith", "PATIENT")]
    places = restrict_example(eg, ["LOCATION_OTHER"], {"HOSPITAL": "LOCATION_OTHER"})
    assert [(e.text, e.label_) for e in places.reference.ents] == [("MGH", "LOCATION_OTHER")]
    everything = restrict_example(eg, [], {})
    assert len(everything.reference.ents) == 3
