"""Messy and adversarial PHI through the installed en_deid pipeline.

Each case checks that the PHI's original characters are covered by a span in
``doc.spans["phi"]`` (offsets refer to the note as given: normalisation happens only in the
detectors' view) and that the PHI no longer appears in ``doc._.deid_text``.
"""
import pytest
import spacy

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_deid")


def _covering(doc, phi, label=None):
    start = doc.text.index(phi)
    end = start + len(phi)
    return [
        s for s in doc.spans["phi"]
        if s.start_char <= start and s.end_char >= end and (label is None or s.label_ == label)
    ]


def assert_redacted(doc, phi, label=None, gone=None):
    """``phi`` (a substring of the note) is inside one PHI span and is not in the output."""
    assert _covering(doc, phi, label), [(s.text, s.label_) for s in doc.spans["phi"]]
    for value in gone or [phi]:
        assert value not in doc._.deid_text


@pytest.mark.parametrize("zw", ZERO_WIDTH)
def test_zero_width_inside_a_name(nlp, zw):
    text = f"Patient Jo{zw}hn Smith was seen today for chest pain."
    doc = nlp(text)
    assert doc.text == text
    assert_redacted(doc, f"Jo{zw}hn Smith", gone=[f"Jo{zw}hn", "Smith", "John"])


@pytest.mark.parametrize("zw", ZERO_WIDTH)
def test_zero_width_inside_a_phone_number(nlp, zw):
    doc = nlp(f"Phone: 555{zw}-1234, call tomorrow.")
    assert_redacted(doc, f"555{zw}-1234", "PHONE", gone=[f"555{zw}-1234", "1234"])


def test_cyrillic_letters_in_a_name(nlp):
    doc = nlp("Patient J\u043ehn Sm\u0456th was seen today for chest pain.")
    assert_redacted(doc, "J\u043ehn Sm\u0456th", gone=["J\u043ehn", "Sm\u0456th"])


def test_cyrillic_letter_in_a_record_number_label(nlp):
    doc = nlp("\u041cRN: 1234567\nSeen today.")
    assert_redacted(doc, "1234567", "MEDICALRECORD")


def test_greek_letters_in_an_identifier_label(nlp):
    doc = nlp("Insurance \u039cember \u0399D: ZXW4481902 on file.")
    assert_redacted(doc, "ZXW4481902")


def test_full_width_phone_number(nlp):
    phone = "\uff15\uff15\uff15-\uff11\uff12\uff13\uff14"
    doc = nlp(f"Phone: {phone}, call tomorrow.")
    assert_redacted(doc, phone, "PHONE")


def test_full_width_letters_in_a_name(nlp):
    name = "\uff2a\uff4f\uff48\uff4e \uff33\uff4d\uff49\uff54\uff48"
    doc = nlp(f"Patient {name} was seen today for chest pain.")
    assert_redacted(doc, name)


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f", "\u3000"])
def test_unicode_spaces_in_a_phone_number(nlp, space):
    phone = f"(617){space}555-0147"
    doc = nlp(f"Call the clinic at {phone} with questions.")
    assert_redacted(doc, phone, "PHONE", gone=["555-0147"])


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2212", "\uff0d"])
def test_unicode_dashes_in_phones_and_dates(nlp, dash):
    phone = f"617{dash}555{dash}0147"
    date = f"01{dash}02{dash}1960"
    doc = nlp(f"Call {phone} today. DOB {date}.")
    assert_redacted(doc, phone, "PHONE")
    assert_redacted(doc, date, "DATE")


def test_spaced_out_phone_number(nlp):
    doc = nlp("Call 5 5 5 - 1 2 3 4 today about the results.")
    assert_redacted(doc, "5 5 5 - 1 2 3 4", "PHONE")


def test_spaced_out_ssn_and_label(nlp):
    doc = nlp("S S N: 1 2 3 4 5 6 7 8 9\nSeen today.")
    assert_redacted(doc, "1 2 3 4 5 6 7 8 9", "SSN")


def test_spaced_out_date_of_birth(nlp):
    doc = nlp("DOB: 0 1 / 0 2 / 1 9 6 0\nSeen today.")
    assert_redacted(doc, "0 1 / 0 2 / 1 9 6 0", "DATE")


@pytest.mark.parametrize("text, digits", [
    ("Pain 1 2 3 4 5 on the scale, worst at night.", "1 2 3 4 5"),
    ("Strength 5 5 5 5 in all extremities.", "5 5 5 5"),
])
def test_short_spaced_digit_runs_are_not_phi(nlp, text, digits):
    doc = nlp(text)
    start, end = text.index(digits), text.index(digits) + len(digits)
    assert not [s for s in doc.spans["phi"] if s.start_char < end and s.end_char > start]
    assert digits in doc._.deid_text


@pytest.fixture
def joined(nlp):
    """en_deid with its NER detectors' opt-in line joining (``join_wrapped_lines``) on."""
    recognizers = [proc for name, proc in nlp.pipeline if name.startswith("deid_ner_")]
    for proc in recognizers:
        proc.join_wrapped_lines = True
    yield nlp
    for proc in recognizers:
        proc.join_wrapped_lines = False


def test_line_joining_is_off_by_default(nlp):
    doc = nlp.make_doc("Patient John\nSmith was seen. Husband called.")
    doc = nlp.get_pipe("deid_sentences")(doc)
    view, keep = nlp.get_pipe("deid_ner_names")._view(doc)
    assert keep is None and [t.text for t in view] == [t.text for t in doc]


def test_name_split_by_a_line_break_after_a_short_line(joined):
    doc = joined("Patient John\nSmith was seen today for chest pain.")
    assert_redacted(doc, "John\nSmith", gone=["John", "Smith"])


def test_name_wrapped_in_prose(nlp):
    text = ("The patient was accompanied to clinic today by her husband John\n"
            "Smith, who provides most of her care at home.")
    doc = nlp(text)
    assert_redacted(doc, "John\nSmith", gone=["John", "Smith"])


def test_ner_view_folds_tokens_and_joins_a_wrapped_name(joined):
    nlp = joined
    doc = nlp.make_doc("Patient Jo\u200bhn\nSmith was seen. Husband J\u043ehn called.")
    for name, proc in nlp.pipeline:
        if name in ("deid_sentences",):
            doc = proc(doc)
    view, keep = nlp.get_pipe("deid_ner_names")._view(doc)
    assert [t.text for t in view][:4] == ["Patient", "John", "Smith", "was"]
    assert "John" in [t.text for t in view][5:]
    assert keep is not None and doc[keep[2]].text == "Smith"  # the "\n" token is left out
    assert len(view) == len(doc) - 1


def test_header_lines_are_not_joined_into_one_name(nlp):
    doc = nlp("Riverbend Internal Medicine\nProgress Note\n\nPatient seen today.")
    assert not [s for s in doc.spans["phi"] if "\n" in s.text]


def test_phone_number_wrapped_across_lines(nlp):
    doc = nlp("Please call her daughter at 617-555-\n0147 with any questions about the plan.")
    assert_redacted(doc, "617-555-\n0147", "PHONE", gone=["0147"])


def test_address_wrapped_across_lines(nlp):
    doc = nlp("She lives alone at 214 Orchard Hill Road,\nShrewsbury, MA 01545 and uses a cane.")
    assert_redacted(doc, "214 Orchard Hill Road", "STREET")
    assert_redacted(doc, "Shrewsbury")
    assert_redacted(doc, "01545", "ZIP")


@pytest.mark.parametrize("text, names", [
    ("PATIENT JOHN SMITH WAS SEEN TODAY BY DR. ROBERT JONES FOR CHEST PAIN.",
     ["JOHN SMITH", "ROBERT JONES"]),
    ("patient john smith was seen today by dr. robert jones for chest pain.",
     ["john smith", "robert jones"]),
])
def test_all_caps_and_all_lower_case_notes(nlp, text, names):
    doc = nlp(text)
    for name in names:
        assert_redacted(doc, name)


def test_pipe_delimited_table(nlp):
    doc = nlp("| Name | John Smith | MRN | 1234567 |\n| WBC | 7.5 | Hgb | 12.1 |")
    assert_redacted(doc, "John Smith")
    assert_redacted(doc, "1234567", "MEDICALRECORD")
    assert "| WBC | 7.5 | Hgb | 12.1 |" in doc._.deid_text


@pytest.mark.parametrize(
    "token", ["a" * 10000, "5 " * 5000, "J\u043e" * 5000, "\u200b" * 10000]
)
def test_a_ten_thousand_character_token_does_not_break_the_note(nlp, token):
    text = f"Patient John Smith was seen on 01/02/2019. {token} Call 617-555-0147."
    doc = nlp(text)
    assert doc.text == text
    assert_redacted(doc, "617-555-0147", "PHONE")
    assert_redacted(doc, "01/02/2019", "DATE")
    assert "John Smith" not in doc._.deid_text
