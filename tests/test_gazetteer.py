"""The place gazetteer, run by spaCy's span_ruler as en_deid configures it."""
import pytest
import spacy

from spacy_deid.gazetteer import gazetteer_patterns


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}})
    ruler = nlp.add_pipe("span_ruler", name="deid_gazetteer",
                         config={"spans_key": "deid.gazetteer", "annotate_ents": False})
    ruler.add_patterns(gazetteer_patterns("en"))
    return nlp


def found(nlp, text):
    doc = nlp(text)
    return sorted({(s.text, s.label_) for s in doc.spans["deid.gazetteer"]})


@pytest.mark.parametrize("text,expected", [
    ("Lives in Worcester, Massachusetts with her son.", [("Massachusetts", "STATE"), ("Worcester", "CITY")]),
    ("Moved from Guadalajara, Mexico in 2010.", [("Guadalajara", "CITY"), ("Mexico", "COUNTRY")]),
    ("ADDRESS: 12 OAK ST, SPRINGFIELD, ILLINOIS", [("ILLINOIS", "STATE"), ("SPRINGFIELD", "CITY")]),
    ("Transferred from Albuquerque for ECMO.", [("Albuquerque", "CITY")]),
    ("Recently travelled to Nigeria and Ghana.", [("Ghana", "COUNTRY"), ("Nigeria", "COUNTRY")]),
])
def test_places_are_found(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Glasgow Coma Scale 14, Richmond Agitation-Sedation Scale 0.",
    "Normal saline 1 L bolus; mobile with walker.",
    "Boston Bowel Preparation Scale 8; Wilson disease ruled out.",
    "No turkey or guinea pig exposure. Pain in the colon.",
    "reading glasses; providence of the symptoms unclear",
])
def test_words_and_eponyms_are_not_places(nlp, text):
    assert found(nlp, text) == []


def test_every_entry_is_a_place_label():
    labels = {p["label"] for p in gazetteer_patterns("en")}
    assert labels == {"CITY", "STATE", "COUNTRY"}
    with pytest.raises(ValueError, match="No gazetteer for language 'xx'"):
        gazetteer_patterns("xx")
