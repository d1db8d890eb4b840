"""deid_inclusion: safe sentences from the shipped and user lists, saved with the pipeline."""
import spacy

from spacy_deid.inclusion import normalize_sentence


def make_nlp(**init):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("deid_inclusion")
    nlp.initialize()
    if init:
        nlp.get_pipe("deid_inclusion").initialize(**init)
    return nlp


def test_normalisation():
    assert normalize_sentence("  Rubella:   YES \n") == "rubella: yes"
    assert normalize_sentence("- No known drug allergies.") == "no known drug allergies"
    assert normalize_sentence("2. Plan:") == "plan:"
    assert normalize_sentence("Rubella: Yes.") == normalize_sentence("rubella: yes")


def test_default_list_marks_boilerplate_safe():
    nlp = make_nlp()
    doc = nlp("No known drug allergies. John Smith called on Monday.")
    assert [s.text for s in doc.spans["deid.safe"]] == ["No known drug allergies."]


def test_digits_are_kept_so_values_do_not_match():
    nlp = make_nlp(sentences=["Rubella: Yes"])
    doc = nlp("Rubella: Yes. Rubella: Yes 1/2/2019.")
    safe = [s.text.strip() for s in doc.spans["deid.safe"]]
    assert safe == ["Rubella: Yes."]


def test_user_lists_and_round_trip(tmp_path):
    user = tmp_path / "site.txt"
    user.write_text("# comment\nSeen and examined by the resident.\n\n")
    nlp = make_nlp(lists=[str(user)], include_default=False)
    assert len(nlp.get_pipe("deid_inclusion")) == 1
    text = "Seen and examined by the resident. NKDA."
    doc = nlp(text)
    assert [s.text for s in doc.spans["deid.safe"]] == ["Seen and examined by the resident."]
    nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    assert len(nlp2.get_pipe("deid_inclusion")) == 1
    doc2 = nlp2(text)
    assert [s.text for s in doc2.spans["deid.safe"]] == ["Seen and examined by the resident."]


def test_missing_list_file_is_a_clear_error(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="does not exist"):
        make_nlp(lists=[str(tmp_path / "nope.txt")])


def test_needs_sentence_boundaries():
    import pytest

    nlp = spacy.blank("en")
    nlp.add_pipe("deid_inclusion")
    nlp.initialize()
    with pytest.raises(ValueError, match="needs sentence boundaries"):
        nlp("Plan: rest")
