"""medSpaCy chained after the installed en_deid: clinical concepts and PHI on one Doc.

The recipe under test (README, "Chaining medSpaCy"): ``import medspacy`` (registers the
``medspacy_*`` factories; ``medspacy.load()`` is not needed), then append the target matcher
and ConText to ``spacy.load("en_deid")`` with both set to a span group of their own, so the
clinical spans never compete with the PHI spans ``deid_voter`` writes to ``doc.ents``.
The default ``doc.ents`` mode is kept here too (disabled unless a test selects it) to show
why: a concept overlapping PHI is dropped there.
"""
import re
import warnings

import medspacy
import pytest
import spacy
from medspacy.target_matcher import TargetRule

from spacy_deid.extensions import DOC_EXTENSIONS, SPAN_EXTENSIONS
from spacy_deid.surrogates import map_offset

GROUP = "medspacy_spans"
GROUP_PIPES = ["medspacy_target_matcher", "medspacy_context"]
ENTS_PIPES = ["ents_target_matcher", "ents_context"]
# medSpaCy's matcher warns that its token Matcher is empty when every rule is a phrase.
pytestmark = pytest.mark.filterwarnings("ignore:.*W036:UserWarning")
CONCEPTS = ["chest pain", "pneumonia", "diabetes", "breast cancer", "Graves disease"]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_deid")
    rules = [TargetRule(concept, "PROBLEM") for concept in CONCEPTS]
    target = nlp.add_pipe("medspacy_target_matcher",
                          config={"result_type": "group", "span_group_name": GROUP})
    target.add(rules)
    nlp.add_pipe("medspacy_context", config={"input_span_type": "group", "span_group_name": GROUP})
    # medSpaCy's defaults (doc.ents), under other names, for the tests that show the conflict.
    nlp.add_pipe("medspacy_target_matcher", name=ENTS_PIPES[0]).add(rules)
    nlp.add_pipe("medspacy_context", name=ENTS_PIPES[1])
    return nlp


def run(nlp, text, known=None, disable=ENTS_PIPES):
    doc = nlp.make_doc(text)
    doc._.deid_known = known
    with nlp.select_pipes(disable=disable):
        return nlp(doc)


def concept(doc, text, group=GROUP):
    spans = doc.spans[group] if group else doc.ents
    found = [s for s in spans if s.text.lower() == text.lower()]
    assert len(found) == 1, f"{text!r}: {len(found)} clinical spans"
    return found[0]


def words(text):
    return set(re.findall(r"[\w/]+", text))


def overlaps(a, b):
    return a.start < b.end and b.start < a.end


def assert_coexist(doc):
    """Every clinical span outside PHI reads the same in doc._.deid_text; every PHI span is
    replaced there; the voter's output is intact (PHI is doc.ents, nothing clinical in it)."""
    phi = list(doc.spans["phi"])
    assert [(s.start, s.end, s.label_) for s in doc.ents] == [(s.start, s.end, s.label_) for s in phi]
    offsets = doc._.deid_offsets
    assert len(offsets) == len(phi)
    for span in phi:
        new = doc._.deid_text[map_offset(offsets, span.start_char):map_offset(offsets, span.end_char)]
        assert new == span._.surrogate and new != span.text
    for span in doc.spans[GROUP]:
        if not any(overlaps(span, p) for p in phi):
            start, end = map_offset(offsets, span.start_char), map_offset(offsets, span.end_char)
            assert doc._.deid_text[start:end] == span.text


def test_pipeline_appends_without_clashes(nlp):
    assert nlp.pipe_names[-7:-4] == ["deid_voter", "deid_propagation", "deid_surrogates"]
    assert nlp.pipe_names[-4:] == GROUP_PIPES + ENTS_PIPES
    # Neither package registers a custom attribute the other one uses.
    ours = set(DOC_EXTENSIONS) | set(SPAN_EXTENSIONS)
    theirs = {name for attrs in medspacy.get_extensions().values() for name in attrs}
    theirs |= {"modifiers", "context_graph", "target_rule"}
    assert ours and theirs and not ours & theirs


def test_negation_with_phi_in_the_same_sentence(nlp):
    text = "Patient John Smith denies chest pain; no evidence of pneumonia."
    doc = run(nlp, text)
    name = [s for s in doc.spans["phi"] if s.text == "John Smith"]
    assert len(name) == 1 and name[0]._.deid_sources
    pain, pneumonia = concept(doc, "chest pain"), concept(doc, "pneumonia")
    for span in (pain, pneumonia):
        assert span._.is_negated and not span._.is_historical and not span._.is_family
        assert span.sent.start == name[0].sent.start  # one sentence: PHI, modifier and targets
    assert not words(doc._.deid_text) & {"John", "Smith"}
    assert doc._.deid_text.endswith("denies chest pain; no evidence of pneumonia.")
    assert_coexist(doc)


def test_history_and_family_experiencer(nlp):
    text = ("Mr. Smith has a history of diabetes. His mother had breast cancer. "
            "Seen by Dr. Jones on 03/04/2021 for pneumonia.")
    doc = run(nlp, text)
    diabetes = concept(doc, "diabetes")
    assert diabetes._.is_historical and not diabetes._.is_family and not diabetes._.is_negated
    cancer = concept(doc, "breast cancer")
    assert cancer._.is_family and not cancer._.is_historical and not cancer._.is_negated
    pneumonia = concept(doc, "pneumonia")  # positive control: no modifier in its sentence
    assert not (pneumonia._.is_negated or pneumonia._.is_historical or pneumonia._.is_family)
    phi = {s.text for s in doc.spans["phi"]}
    assert {"Smith", "Jones", "03/04/2021"} <= phi
    assert not words(doc._.deid_text) & {"Smith", "Jones", "03/04/2021"}
    # ConText reads only its own group: the PHI spans get no clinical modifiers.
    assert not any(s._.modifiers or s._.is_family or s._.is_historical for s in doc.spans["phi"])
    assert_coexist(doc)


@pytest.mark.parametrize("text", [
    "Patient John Smith denies chest pain. Pneumonia confirmed on CXR 2/3/2020.",
    "Denies chest pain\nPneumonia seen on CXR 2/3/2020",
])
def test_context_scope_ends_at_deid_sentence_boundaries(nlp, text):
    doc = run(nlp, text)
    assert doc.has_annotation("SENT_START")
    pain, pneumonia = concept(doc, "chest pain"), concept(doc, "pneumonia")
    assert pain.sent.start != pneumonia.sent.start
    assert pain._.is_negated and not pneumonia._.is_negated
    assert "2/3/2020" in {s.text for s in doc.spans["phi"]}
    assert "2/3/2020" not in words(doc._.deid_text)
    assert_coexist(doc)


GRAVES = "Mrs. Ann Graves was seen today. She has Graves disease, no chest pain."
GRAVES_KNOWN = {"PATIENT": ["Ann Graves"]}  # a known name is PHI wherever it appears


def test_concept_overlapping_phi_is_kept_in_its_group(nlp):
    doc = run(nlp, GRAVES, GRAVES_KNOWN)
    graves = concept(doc, "Graves disease")
    phi = [s for s in doc.spans["phi"] if overlaps(s, graves)]
    assert [(s.text, s.label_) for s in phi] == [("Graves", "PATIENT")]
    assert "Graves" not in words(doc._.deid_text)  # PHI still replaced inside the concept
    assert not graves._.is_negated and concept(doc, "chest pain")._.is_negated
    assert_coexist(doc)


def test_default_ents_mode_drops_a_concept_overlapping_phi(nlp):
    """Why the recipe uses a span group: medSpaCy's default writes to doc.ents, where the
    voter's PHI spans come first, so the overlapping concept is skipped (with a warning)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = run(nlp, GRAVES, GRAVES_KNOWN, disable=GROUP_PIPES)
    assert any("conflicts with a pre-existing entity" in str(w.message) for w in caught)
    assert "Graves disease" not in {e.text for e in doc.ents}
    assert concept(doc, "chest pain", group=None)._.is_negated


def test_ents_mode_with_voter_write_ents_off(nlp, monkeypatch):
    """The other way: deid_voter keeps PHI in doc.spans["phi"] only; doc.ents is medSpaCy's."""
    monkeypatch.setattr(nlp.get_pipe("deid_voter"), "write_ents", False)
    doc = run(nlp, GRAVES, GRAVES_KNOWN, disable=GROUP_PIPES)
    assert sorted(e.text for e in doc.ents) == ["Graves disease", "chest pain"]
    assert concept(doc, "chest pain", group=None)._.is_negated
    assert ("Graves", "PATIENT") in {(s.text, s.label_) for s in doc.spans["phi"]}
    assert "Graves" not in words(doc._.deid_text)
