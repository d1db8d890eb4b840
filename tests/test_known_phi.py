"""deid_known_phi: the patient's known values, found in the text with their variants.

The cases follow how names, numbers and dates are written in notes: a known value must be
found in the forms a clinician or a system writes it, and never where the same letters or
digits mean something else (a common word, a longer number, another date).
"""
import pytest
import spacy
from spacy.tokens import Doc

from spacy_deid import known_phi
from spacy_deid.known_phi import (
    KnownPHI,
    digit_candidates,
    known_from_record,
    parse_known_date,
    parse_name,
    street_variants,
)

KEY = "deid.known"
KNOWN = {
    "PATIENT": ["John C Smith", "Will Brown", "Mary Smith-Jones", "Maria de la Cruz", "Kevin Ng"],
    "DOCTOR": ["Mark Twainley"],
    "MEDICALRECORD": ["001234567"],
    "DATE": ["1960-01-02"],
    "STREET": ["12 Oak Street"],
    "PHONE": ["(617) 555-1234"],
    "EMAIL": ["jsmith@example.org"],
    "URL": ["https://www.jsmith-family.example.org/"],
    "HEALTHPLAN": ["A12-3456"],
    "CITY": ["Boston"],
    "STATE": ["MA"],
    "ZIP": ["02114"],
}


@pytest.fixture
def nlp(blank_en):
    blank_en.add_pipe("deid_known_phi")
    return blank_en


def run(nlp, text, known=KNOWN):
    doc = nlp.make_doc(text)
    doc._.deid_known = known
    return nlp(doc)


def found(nlp, text, known=KNOWN):
    doc = run(nlp, text, known)
    return {(s.text, s.label_) for s in doc.spans[KEY]}


def texts(nlp, text, known=KNOWN):
    return {t for t, _ in found(nlp, text, known)}


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize(
    "text,expected",
    [
        ("Seen: Smith, John C today.", "Smith, John C"),
        ("PATIENT: JOHN SMITH", "JOHN SMITH"),
        ("spoke with john smith", "john smith"),
        ("John C. Smith was admitted.", "John C. Smith"),
        ("JOHN C SMITH", "JOHN C SMITH"),
        ("J. Smith signed.", "J. Smith"),
        ("SMITH,JOHN C", "SMITH,JOHN C"),
        ("PID|SMITH^JOHN^C|", "SMITH^JOHN"),
        ("Smith John (pt)", "Smith John"),
        ("Discussed with Mr. Smith today.", "Smith"),
        ("Mr. Smith's wife called.", "Smith"),
        ("Smith tolerated the procedure.", "Smith"),
        ("SMITH'S daughter", "SMITH"),
        ("John was comfortable.", "John"),
        # hyphenated and multi-part surnames
        ("Mary Smith-Jones, 67F", "Mary Smith-Jones"),
        ("Mrs. Smith-Jones is here.", "Smith-Jones"),
        ("Mary Smith Jones", "Mary Smith Jones"),
        ("Jones reports pain.", "Jones"),
        ("Maria de la Cruz arrived.", "Maria de la Cruz"),
        ("DE LA CRUZ, MARIA", "DE LA CRUZ, MARIA"),
        ("Ms. Cruz agreed.", "Cruz"),
        # common-word surnames with a title, full common-word names written as names
        ("Mr. Brown will follow up.", "Brown"),
        ("MRS. BROWN", "BROWN"),
        ("Dr Brown", "Brown"),
        ("Will Brown was seen.", "Will Brown"),
        ("BROWN, WILL", "BROWN, WILL"),
        # short parts in title case or as given
        ("Mr. Ng is better.", "Ng"),
        ("Ng reports no pain.", "Ng"),
        ("MR. NG", "NG"),
        # doctors too
        ("Dr. Twainley saw the patient.", "Twainley"),
        ("Mark Twainley, MD", "Mark Twainley"),
    ],
)
def test_name_variants(nlp, text, expected):
    assert expected in texts(nlp, text)


@pytest.mark.parametrize(
    "text,forbidden",
    [
        ("I will follow up next week.", "will"),
        ("Will follow up in clinic.", "Will"),
        ("brown stool, guaiac negative", "brown"),
        ("Brown stool noted.", "Brown"),
        ("he will brown the toast", "will brown"),
        ("Please mark the site.", "mark"),
        ("NG tube placed.", "NG"),
        ("ng tube placed", "ng"),
        ("Smithson was not the patient.", "Smithson"),
        ("Johnny is his cousin.", "Johnny"),
    ],
)
def test_name_negatives(nlp, text, forbidden):
    assert not any(forbidden in t or t in forbidden for t in texts(nlp, text) if t), texts(nlp, text)


def test_labels_follow_the_known_field(nlp):
    got = found(nlp, "John Smith was seen by Dr. Twainley.")
    assert ("John Smith", "PATIENT") in got
    assert ("Twainley", "DOCTOR") in got


def test_nested_matches_are_reduced_to_the_longest(nlp):
    doc = run(nlp, "John C Smith")
    assert [(s.text, s.label_) for s in doc.spans[KEY]] == [("John C Smith", "PATIENT")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Signed: JCS", "JCS"),
        ("Electronically signed by J.C.S.", "J.C.S."),
        ("JCS/mk\nD: 01/05/2019", "JCS"),
        ("Plan as above.\n-- JS 3/4/19", "JS"),
        ("John Smith (JS) was seen.", "JS"),
        ("cc: J. S.", "J. S."),
    ],
)
def test_initials_in_sign_off_contexts(nlp, text, expected):
    assert expected in texts(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "JS was elevated on the panel.",  # initials in prose: not claimed
        "Patient reports jcs.",  # lower case is never initials
        "PT eval today.\nPT",  # initials that spell a clinical abbreviation
        "Seen by PT for gait training.",
    ],
)
def test_initials_elsewhere_are_not_claimed(nlp, text):
    known = {"PATIENT": ["John C Smith", "Paul Thomas"]}
    got = texts(nlp, text, known)
    assert not any(t.replace(".", "").replace(" ", "") in {"JS", "JCS", "PT", "jcs"} for t in got), got


def test_clinical_abbreviation_initials_next_to_the_name(nlp):
    assert "PT" in texts(nlp, "Paul Thomas (PT) called.", {"PATIENT": ["Paul Thomas"]})


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(
    "text,expected,label",
    [
        ("MRN 1234567", "1234567", "MEDICALRECORD"),
        ("MRN: 001234567", "001234567", "MEDICALRECORD"),
        ("MRN:0001234567.", "0001234567", "MEDICALRECORD"),
        ("Call 617-555-1234.", "617-555-1234", "PHONE"),
        ("Call (617) 555 1234.", "(617) 555 1234", "PHONE"),
        ("Call (617) 555-1234 x22.", "(617) 555-1234", "PHONE"),
        ("Cell 6175551234", "6175551234", "PHONE"),
        ("ph 617.555.1234", "617.555.1234", "PHONE"),
        ("ph +1 617 555 1234", "617 555 1234", "PHONE"),
        ("ph 1-617-555-1234", "1-617-555-1234", "PHONE"),
        ("home 555-1234", "555-1234", "PHONE"),
        ("Boston MA 02114-1234", "02114", "ZIP"),
        ("plan A12-3456", "A12-3456", "HEALTHPLAN"),
        ("plan a123456", "a123456", "HEALTHPLAN"),
        ("plan A12 3456", "A12 3456", "HEALTHPLAN"),
    ],
)
def test_number_variants(nlp, text, expected, label):
    assert (expected, label) in found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "MRN 91234567",  # inside a longer number
        "MRN 12345678",
        "Acct 1234567890",
        "MRN 1234567-8",  # the known digits followed by more of the same number
        "Call 555-123-4567",  # a phone holding the digits
        "Glucose 123, 4567",  # unrelated numbers
        "MRN A1234567",  # an alphanumeric ID holding the digits
        "Call 617-555-12345",
        "fax 1617555123",
        "plan XA123456",
        "plan A12-34567",
    ],
)
def test_no_match_across_unrelated_numbers(nlp, text):
    known = {"MEDICALRECORD": ["1234567"], "PHONE": ["(617) 555-1234"], "HEALTHPLAN": ["A12-3456"]}
    assert found(nlp, text, known) == set()


def test_local_phone_only_in_a_phone_shape(nlp):
    known = {"PHONE": ["(617) 555-1234"]}
    assert ("5551234", "PHONE") in found(nlp, "home 5551234", known)
    assert found(nlp, "Wt 5551.234 kg", known) == set()
    assert found(nlp, "count 55512 34", known) == set()


def test_short_known_numbers_are_not_searched(nlp):
    doc = run(nlp, "Room 12, bed 12, 12 mg", {"ROOM": ["12"], "MEDICALRECORD": ["0012"]})
    assert len(doc.spans[KEY]) == 0


def test_digit_candidates_cut_only_at_whitespace():
    text = "MRN 1234567 7654321; tel (617) 555-1234"
    got = {c.digits for c in digit_candidates(text)}
    assert {"1234567", "7654321", "12345677654321", "6175551234"} <= got
    assert "5551234" not in got and "617" not in got


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize(
    "text",
    [
        "DOB 01/02/1960", "DOB 1/2/60", "DOB: 01-02-1960", "DOB Jan 2, 1960", "born January 2nd, 1960",
        "DOB 2 January 1960", "DOB 2nd of January 1960", "DOB 1960-01-02", "DOB 19600102",
        "DOB 2-JAN-60", "DOB 02Jan1960", "DOB Jan. 2nd, 1960", "DOB 02/01/1960", "DOB 1960/01/02",
        "born January 1960", "birthday Jan 2", "on02/01/1960",
    ],
)
def test_date_formats(nlp, text):
    got = found(nlp, text, {"DATE": ["1960-01-02"]})
    assert got and all(label == "DATE" for _, label in got), text
    assert any(any(ch.isdigit() for ch in t) for t, _ in got)


@pytest.mark.parametrize(
    "text",
    [
        "Seen 01/03/1960", "Seen 1/2/61", "Seen Jan 2, 1975", "Seen 2 January 1961", "take 1/2 tab",
        "pt may 2 times", "Seen February 1960", "BP 120/60", "Lot 19600103", "Seen 1960-02-01",
    ],
)
def test_other_dates_are_not_the_known_date(nlp, text):
    assert found(nlp, text, {"DATE": ["1960-01-02"]}) == set()


@pytest.mark.parametrize("value", ["1960-01-02", "01/02/1960", "Jan 2, 1960", "2 January 1960", "19600102",
                                   "1960-01-02T00:00:00"])
def test_known_date_parsing(value):
    assert parse_known_date(value) == (1960, 1, 2)


def test_unparsable_known_date_is_searched_as_written(nlp):
    assert ("Easter 1960", "DATE") in found(nlp, "born Easter 1960", {"DATE": ["Easter 1960"]})


# --------------------------------------------------------------------------- streets and others

@pytest.mark.parametrize("text,expected", [
    ("Lives at 12 Oak Street.", "12 Oak Street"), ("Lives at 12 Oak St. alone", "12 Oak St."),
    ("12 OAK ST", "12 OAK ST"), ("near Oak Street", "Oak Street"), ("12 oak st", "12 oak st"),
])
def test_street_variants(nlp, text, expected):
    assert (expected, "STREET") in found(nlp, text)


@pytest.mark.parametrize("text", ["Lives at 12 Elm Street", "oak tree pollen", "St. Mary's hospital"])
def test_street_negatives(nlp, text):
    assert not any(label == "STREET" for _, label in found(nlp, text))


def test_street_variant_generation():
    variants = street_variants("45 N Main St Apt 2")
    assert {"45 N Main St Apt 2", "45 North Main Street", "45 N. Main Ave."} & set(variants) >= {
        "45 N Main St Apt 2", "45 North Main Street"}
    assert "North Main Street" in variants


def test_verbatim_values(nlp):
    got = found(nlp, "Email JSmith@Example.org or see jsmith-family.example.org today.")
    assert ("JSmith@Example.org", "EMAIL") in got
    assert ("jsmith-family.example.org", "URL") in got
    assert found(nlp, "Email xjsmith@example.org.uk") == set()


def test_places_short_values_keep_their_case(nlp):
    got = found(nlp, "Lives in boston, MA; 5 mA current; Ma said hi.")
    assert ("boston", "CITY") in got and ("MA", "STATE") in got
    assert not any(t in {"mA", "Ma"} for t, _ in got)


# --------------------------------------------------------------------------- inputs and config

@pytest.mark.parametrize("known", [None, {}, {"PATIENT": []}, {"PATIENT": None}, {"PATIENT": [""]}])
def test_empty_or_missing_known_values(nlp, known):
    doc = nlp.make_doc("John Smith, MRN 1234567")
    if known is not None:
        doc._.deid_known = known
    doc = nlp(doc)
    assert KEY in doc.spans and len(doc.spans[KEY]) == 0


def test_unknown_label_fails_without_quoting_the_value(nlp):
    doc = nlp.make_doc("John Smith")
    doc._.deid_known = {"NAME": ["John Smith"]}
    with pytest.raises(ValueError) as err:
        nlp(doc)
    assert "NAME" in str(err.value) and "Smith" not in str(err.value)


def test_numbers_as_values_and_single_strings(nlp):
    assert ("1234567", "MEDICALRECORD") in found(nlp, "MRN 1234567", {"MEDICALRECORD": 1234567})
    assert ("Smith", "PATIENT") in found(nlp, "Mr. Smith", {"PATIENT": "John Smith"})


def test_config_switches(blank_en):
    nlp = blank_en
    nlp.add_pipe("deid_known_phi", config={"first_names_alone": False, "initials": False,
                                           "stoplist": ["smith"], "numbers": False})
    known = {"PATIENT": ["John C Smith"], "MEDICALRECORD": ["1234567"]}
    got = texts(nlp, "John agreed. Smith agreed. Mr. Smith agreed. Signed: JCS. MRN 1234567", known)
    assert got == {"Smith"}  # only after the title: "smith" is now a common word
    assert len(run(nlp, "Mr. Smith", known).spans[KEY]) == 1


def test_kinds_switched_off_are_not_searched_at_all(blank_en):
    blank_en.add_pipe("deid_known_phi", config={"dates": False, "streets": False, "numbers": False})
    known = {"DATE": ["1960-01-02"], "STREET": ["12 Oak Street"], "PHONE": ["617-555-1234"],
             "HEALTHPLAN": ["A12-3456"], "CITY": ["Boston"]}
    text = "DOB 1960-01-02, 12 Oak Street, Boston, 617-555-1234, plan A12-3456"
    assert found(blank_en, text, known) == {("Boston", "CITY")}


def test_min_name_part_length(blank_en):
    blank_en.add_pipe("deid_known_phi", config={"min_name_part_length": 3})
    assert texts(blank_en, "Ng is here.", {"PATIENT": ["Kevin Ng"]}) == set()


def test_index_is_cached_per_known_values(nlp):
    component = nlp.get_pipe("deid_known_phi")
    a = component.index_for({"PATIENT": ["John Smith"]})
    assert component.index_for({"PATIENT": ["John Smith"]}) is a
    assert component.index_for({"PATIENT": ["Jane Smith"]}) is not a


def test_many_notes_of_many_patients(nlp):
    docs = []
    for i in range(200):
        doc = nlp.make_doc(f"Patient Quentin{i} Zarkov seen. MRN {1000000 + i}. Call 617-555-{1000 + i}.")
        doc._.deid_known = {"PATIENT": [f"Quentin{i} Zarkov"], "MEDICALRECORD": [str(1000000 + i)],
                            "PHONE": [f"617-555-{1000 + i}"]}
        docs.append(doc)
    for i, doc in enumerate(nlp.pipe(docs)):
        assert [s.label_ for s in doc.spans[KEY]] == ["PATIENT", "MEDICALRECORD", "PHONE"], i


def test_round_trip(blank_en, tmp_path):
    blank_en.add_pipe("deid_known_phi", config={"first_names_alone": False})
    blank_en.initialize()
    blank_en.get_pipe("deid_known_phi").initialize(stoplist=["twainley"])
    blank_en.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    component = loaded.get_pipe("deid_known_phi")
    assert isinstance(component, KnownPHI) and component.first_names_alone is False
    assert "twainley" in component.common_words
    text = "Dr. Twainley and Twainley; John Smith; MRN 001234567"
    known = {"DOCTOR": ["Mark Twainley"], "PATIENT": ["John Smith"], "MEDICALRECORD": ["1234567"]}
    assert texts(loaded, text, known) == texts(blank_en, text, known) == {"Twainley", "John Smith", "001234567"}


def test_stoplist_file(blank_en, tmp_path):
    words = tmp_path / "common.txt"
    words.write_text("# site words\nquillfeather\n")
    blank_en.add_pipe("deid_known_phi")
    blank_en.get_pipe("deid_known_phi").initialize(stoplist_files=[str(words)])
    assert texts(blank_en, "Quillfeather and Mr. Quillfeather", {"PATIENT": ["Oriel Quillfeather"]}) == {
        "Quillfeather"} and len(run(blank_en, "Quillfeather and Mr. Quillfeather",
                                    {"PATIENT": ["Oriel Quillfeather"]}).spans[KEY]) == 1


def test_voter_trusts_known_inside_safe_sentences(blank_en):
    blank_en.add_pipe("deid_known_phi")
    blank_en.add_pipe("deid_voter")
    doc = blank_en.make_doc("Smith tolerated the procedure well.")
    doc._.deid_known = {"PATIENT": ["John Smith"]}
    doc = blank_en.get_pipe("deid_known_phi")(doc)
    doc.spans["deid.safe"] = [doc[:]]  # as deid_inclusion marks a listed sentence
    doc = blank_en.get_pipe("deid_voter")(doc)
    assert [(s.text, s.label_, s._.deid_sources) for s in doc.spans["phi"]] == [("Smith", "PATIENT", ("known",))]


def test_extension_is_guarded():
    assert Doc.has_extension("deid_known")
    known_phi.install_known_extension()  # a second call leaves the registration alone
    assert Doc.get_extension("deid_known")[0] is None


# --------------------------------------------------------------------------- parsing and records

@pytest.mark.parametrize("value,given,surname", [
    ("John C Smith", ["John", "C"], ["Smith"]),
    ("Smith, John C", ["John", "C"], ["Smith"]),
    ("SMITH^JOHN^C", ["JOHN", "C"], ["SMITH"]),
    ("Dr. John Smith Jr.", ["John"], ["Smith"]),
    ("Ludwig van der Berg", ["Ludwig"], ["van", "der", "Berg"]),
    ("Smith", [], ["Smith"]),
    ("Dr. Mark Twainley, MD", ["Mark"], ["Twainley"]),
    ("Twainley, Mark, MD", ["Mark"], ["Twainley"]),
    ("John Smith III", ["John"], ["Smith"]),
    ("Anh Do", ["Anh"], ["Do"]),
    ("John Smith MD", ["John"], ["Smith"]),
])
def test_parse_name(value, given, surname):
    name = parse_name(value)
    assert (name.given, name.surname) == (given, surname)


def test_known_from_record():
    obj = {"id": "n1", "text": "...", "known": {"name": "John Smith", "relatives": ["Jane Smith"],
                                                "MRN": 1234567, "dob": "1960-01-02", "Phone": ["617-555-1234", None],
                                                "DOCTOR": ["Mark Twainley"]}}
    assert known_from_record(obj) == {
        "PATIENT": ["John Smith", "Jane Smith"], "MEDICALRECORD": ["1234567"], "DATE": ["1960-01-02"],
        "PHONE": ["617-555-1234"], "DOCTOR": ["Mark Twainley"],
    }
    assert known_from_record({"id": "n1", "text": "x"}) == {}
    assert known_from_record({"known": ""}) == {}
    assert known_from_record({"known": '{"ssn": "123-45-6789"}'}) == {"SSN": ["123-45-6789"]}  # CSV cell
    with pytest.raises(ValueError, match="favourite_colour"):
        known_from_record({"known": {"favourite_colour": "blue"}})
    with pytest.raises(ValueError, match="'name'"):
        known_from_record({"known": {"name": {"first": "John"}}})
