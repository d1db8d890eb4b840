"""deid_templates: harvested sentence templates claim their PHI slots."""
import pytest
import spacy

from spacy_deid.templates import compile_template


@pytest.fixture
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_templates")
    nlp.initialize()
    return nlp


def claims(doc):
    return [(s.text, s.label_) for s in doc.spans["deid.templates"]]


def test_signature_line(nlp):
    doc = nlp("Plan as above.\nElectronically signed by: Anna B. Lee, MD on 03/14/2019 at 10:32\n")
    assert claims(doc) == [("Anna B. Lee", "DOCTOR"), ("03/14/2019", "DATE")]


def test_trailing_slot_runs_to_end_of_line(nlp):
    doc = nlp("Dictated by John Smith\nTranscribed by: kt")
    assert claims(doc) == [("John Smith", "DOCTOR"), ("kt", "DOCTOR")]


def test_case_and_whitespace_insensitive(nlp):
    doc = nlp("PATIENT NAME:   SMITH, JOHN C\nDATE OF SERVICE: 3/14/19.")
    assert claims(doc) == [("SMITH, JOHN C", "PATIENT"), ("3/14/19", "DATE")]


def test_no_match_mid_word(nlp):
    doc = nlp("The inpatient: stable overnight")
    assert claims(doc) == []


def test_user_templates_and_round_trip(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_templates")
    (tmp_path / "t.txt").write_text("# site templates\nSeen with interpreter <PATIENT> (<ANY>)\n")
    nlp.initialize()
    nlp.get_pipe("deid_templates").initialize(include_default=False, lists=[str(tmp_path / "t.txt")])
    text = "Seen with interpreter Maria Lopez (Spanish) today."
    assert claims(nlp(text)) == [("Maria Lopez", "PATIENT")]
    nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    assert len(nlp2.get_pipe("deid_templates")) == 1
    assert claims(nlp2(text)) == [("Maria Lopez", "PATIENT")]


def test_bad_templates_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="has no <SLOT>"):
        compile_template("Signed by nobody")
    with pytest.raises(ValueError, match="no literal text"):
        compile_template("<DOCTOR> <DATE>")
    bad = tmp_path / "bad.txt"
    bad.write_text("ok <DATE> here\n<DOCTOR>\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_templates")
    with pytest.raises(ValueError, match=r"bad.txt:2: .*no literal text"):
        nlp.initialize()
        nlp.get_pipe("deid_templates").initialize(lists=[str(bad)])


def test_trailing_slot_stops_at_columns_and_next_field(nlp):
    doc = nlp("Patient: Sutton, Beverly A    DOB: 01/02/1960\nPCP: Dr Ng Referring: Dr Wu\n")
    assert claims(doc) == [("Sutton, Beverly A", "PATIENT"), ("Ng", "DOCTOR")]


def test_slots_trim_titles_credentials_parentheses_and_times(nlp):
    doc = nlp("Attending: Dr. Anna Lee, MD, FACC (Cardiology)\nDate of exam: 02/19/2019 07:45\n"
              "Emergency contact: Kayla Rourke (sister) 978-555-0126\n")
    assert claims(doc) == [("Anna Lee", "DOCTOR"), ("02/19/2019", "DATE"), ("Kayla Rourke", "PATIENT")]


def test_templates_start_a_sentence_or_column(nlp):
    doc = nlp("Comment to ordering physician: findings as expected.\nOrdering physician: Wu\n")
    assert claims(doc) == [("Wu", "DOCTOR")]
