"""deid_name_lists: names by faker's name lists, wordfreq's plain words and context."""
import pytest
from conftest import clinical_nlp

from spacy_deid.lexicon import EPONYMS, person_names, plain_words


@pytest.fixture(scope="module")
def nlp():
    return clinical_nlp("deid_sentences", "deid_name_lists")


def claims(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["deid.name_lists"]]


def test_the_lists_hold_names_of_many_origins_and_plain_words_are_not_names():
    given, surnames = person_names()
    for name in ("deshawn", "ahmed", "nguyen", "nowak", "chukwu", "giovanni", "pham", "garcia"):
        assert name in given | surnames, name
    plain = plain_words()
    assert {"referred", "growth", "guidelines", "spoke"} <= plain
    assert not {"will", "faith", "grant", "brown"} & plain  # names that are also words
    assert {"foley", "murphy", "babinski"} <= EPONYMS


@pytest.mark.parametrize("text,expected", [
    ("Spoke with the pharmacist, Deshawn. They are submitting it.", [("Deshawn", "DOCTOR")]),
    ("Our renal dietitian, Farah Siddiqui, RD, can go over it.", [("Farah Siddiqui", "DOCTOR")]),
    ("This is Frank, Walt's son.", [("Walt", "PATIENT")]),
    ("Her daughter Faith and son Grant visited.", [("Faith", "PATIENT"), ("Grant", "PATIENT")]),
    ("wife marta at bedside", [("marta", "PATIENT")]),
    ("Mercy Oyelaran, RN and Dr. Przybylski notified.", [("Mercy Oyelaran", "DOCTOR"), ("Przybylski", "DOCTOR")]),
    ("Dr. Wilson called about the Wilson disease workup.", [("Wilson", "DOCTOR")]),
    ("Hi Patrice,\nFollowing up on the referral.", [("Patrice", "PATIENT")]),
    ("Thanks,\nOluchi\n", [("Oluchi", "PATIENT")]),
    ("this is doctor gerald abernathy hospitalist service", [("gerald abernathy", "DOCTOR")]),
    ("patient kowalczyk that's K O W A L C Z Y K first name", [("K O W A L C Z Y K", "PATIENT")]),
])
def test_names_in_context(nlp, text, expected):
    assert claims(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Will follow up in two weeks. Grant application pending.",
    "Best practices for managing GERD in pregnancy?",
    "Positive Murphy's sign. Foley removed. Argyll Robertson pupil.",
    "Rocky Mountain spotted fever was considered.",
    "Child-Pugh class B. Braden score 14.",
    "HI ITS BEV WILL BE THERE AT 10",  # capitals say nothing and there is no context
    "Guidelines suggest annual review. Referred to clinic.",
    "MD, FACC, FACS",
    "ordered C B C and B M P today",  # spelled abbreviations are no names
    "Plan,\nContinue\n",  # a word alone on its line is no name
])
def test_words_that_are_not_names(nlp, text):
    assert claims(nlp, text) == []
