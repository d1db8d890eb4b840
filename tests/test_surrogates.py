"""deid_surrogates: replacement modes, the offset map, keys, failure on overlaps."""
import pytest
import spacy
from spacy.tokens import Span

from spacy_deid.surrogates import KEY_ENV, map_offset


def make(text, spans, **cfg):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_surrogates", config=cfg)
    doc = nlp.make_doc(text)
    doc.spans["phi"] = [Span(doc, s, e, label=lab) for s, e, lab in spans]
    return nlp, nlp.get_pipe("deid_surrogates")(doc)


TEXT = "John Smith seen 03/14/2019 , MRN 123456 ."
SPANS = [(0, 2, "PATIENT"), (3, 4, "DATE"), (6, 7, "MEDICALRECORD")]


def test_tag_mode_and_offset_map():
    _, doc = make(TEXT, SPANS, mode="tag")
    assert doc._.deid_text == "[PATIENT] seen [DATE] , MRN [MEDICALRECORD] ."
    assert doc.text == TEXT  # the Doc itself is never changed
    for entry in doc._.deid_offsets:
        assert doc._.deid_text[entry.new_start:entry.new_end] == f"[{entry.label}]"
    # text outside spans maps onto identical text
    i = TEXT.index("seen")
    j = map_offset(doc._.deid_offsets, i)
    assert doc._.deid_text[j:j + 4] == "seen"
    assert map_offset(doc._.deid_offsets, len(TEXT)) == len(doc._.deid_text)
    assert map_offset(doc._.deid_offsets, 2) == 0  # inside a span: start of its replacement
    assert [s._.surrogate for s in doc.spans["phi"]] == ["[PATIENT]", "[DATE]", "[MEDICALRECORD]"]


def test_mask_mode_keeps_shape():
    _, doc = make(TEXT, SPANS, mode="mask", modes={"PATIENT": "tag"})
    assert doc._.deid_text == "[PATIENT] seen **/**/**** , MRN ****** ."


def test_hash_mode_is_keyed(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "secret-one")
    _, a = make(TEXT, SPANS, mode="hash")
    _, b = make(TEXT, SPANS, mode="hash")
    monkeypatch.setenv(KEY_ENV, "secret-two")
    _, c = make(TEXT, SPANS, mode="hash")
    assert a._.deid_text == b._.deid_text
    assert a._.deid_text != c._.deid_text
    assert "secret" not in a._.deid_text and "John" not in a._.deid_text


def test_key_file(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    key = tmp_path / "key"
    key.write_text("file-secret\n")
    _, a = make(TEXT, SPANS, mode="hash", key_file=str(key))
    _, b = make(TEXT, SPANS, mode="hash", key_file=str(key))
    assert a._.deid_text == b._.deid_text
    with pytest.raises(ValueError, match="does not exist"):
        make(TEXT, SPANS, mode="hash", key_file=str(tmp_path / "missing"))


def test_no_spans_leaves_text():
    _, doc = make("Nothing to hide here .", [])
    assert doc._.deid_text == "Nothing to hide here ."
    assert doc._.deid_offsets == []


def test_overlapping_spans_fail_closed():
    with pytest.raises(ValueError, match="overlapping spans"):
        make(TEXT, [(0, 2, "PATIENT"), (1, 3, "PATIENT")])


def test_unknown_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown mode 'blackbox'"):
        make(TEXT, SPANS, mode="blackbox")


# ---------------------------------------------------------------------------------------------
# The surrogate mode (the default)
# ---------------------------------------------------------------------------------------------

NOTE = (
    "John Smith , DOB 03/14/1951 , MRN 00482913 , seen 3/20/2019 by Dr. Anna Lee . Mr. Smith "
    "called 617-555-1234 ."
)
NOTE_SPANS = [
    ("John Smith", "PATIENT"),
    ("03/14/1951", "DATE"),
    ("00482913", "MEDICALRECORD"),
    ("3/20/2019", "DATE"),
    ("Anna Lee", "DOCTOR"),
    ("Smith", "PATIENT"),
    ("617-555-1234", "PHONE"),
]


def make_chars(text, items, patient_id=None, nlp=None, **cfg):
    """Like make(), with spans given as (substring, label) found in order."""
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("deid_surrogates", config=cfg)
    doc = nlp.make_doc(text)
    doc._.patient_id = patient_id
    spans, pos = [], 0
    for sub, label in items:
        i = text.index(sub, pos)
        spans.append(doc.char_span(i, i + len(sub), label=label))
        pos = i + len(sub)
    doc.spans["phi"] = spans
    return nlp, nlp.get_pipe("deid_surrogates")(doc)


def test_surrogate_is_the_default_mode_and_keeps_the_offset_map(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "unit-test-secret")
    nlp, doc = make_chars(NOTE, NOTE_SPANS, "p1")
    assert nlp.get_pipe("deid_surrogates").mode == "surrogate"
    assert doc.text == NOTE
    out = doc._.deid_text
    for sub in (
        "John",
        "Smith",
        "03/14/1951",
        "00482913",
        "3/20/2019",
        "Anna",
        "Lee",
        "617-555-1234",
    ):
        assert sub not in out
    for span, entry in zip(doc.spans["phi"], doc._.deid_offsets):
        assert out[entry.new_start : entry.new_end] == span._.surrogate
        assert (entry.start, entry.end, entry.label) == (
            span.start_char,
            span.end_char,
            span.label_,
        )
    i = NOTE.index("called")
    assert out[map_offset(doc._.deid_offsets, i) :].startswith("called")
    full, _, _, _, _, mr, _ = [s._.surrogate for s in doc.spans["phi"]]
    assert mr == full.split()[1]  # "Mr. Smith" is the same fake person
    assert out.startswith(full + " , DOB ") and " by Dr. " in out


def test_modes_per_label_mix_with_surrogates(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "unit-test-secret")
    _, doc = make_chars(NOTE, NOTE_SPANS, "p1", modes={"DATE": "tag", "MEDICALRECORD": "mask"})
    assert (
        "[DATE]" in doc._.deid_text
        and "********" in doc._.deid_text
        and "John" not in doc._.deid_text
    )


def test_surrogates_are_keyed_consistent_per_patient_and_scoped_per_note_without_one(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "unit-test-secret")
    nlp, a = make_chars(NOTE, NOTE_SPANS, "p1")
    other = (
        "Follow-up for Smith, John ; Anna Lee signed ; phone 617-555-1234 ; admitted 3/20/2019 ."
    )
    other_spans = [
        ("Smith, John", "PATIENT"),
        ("Anna Lee", "DOCTOR"),
        ("617-555-1234", "PHONE"),
        ("3/20/2019", "DATE"),
    ]
    _, b = make_chars(other, other_spans, "p1", nlp=nlp)
    sa = {s.text: s._.surrogate for s in a.spans["phi"]}
    sb = {s.text: s._.surrogate for s in b.spans["phi"]}
    g, f = sa["John Smith"].split()
    assert sb["Smith, John"] == f"{f}, {g}"
    assert sb["Anna Lee"] == sa["Anna Lee"] and sb["617-555-1234"] == sa["617-555-1234"]
    assert sb["3/20/2019"] == sa["3/20/2019"]
    # Same key in a fresh pipeline: same output. Another key: another output.
    _, again = make_chars(NOTE, NOTE_SPANS, "p1")
    assert again._.deid_text == a._.deid_text
    monkeypatch.setenv(KEY_ENV, "another-secret")
    _, rekeyed = make_chars(NOTE, NOTE_SPANS, "p1")
    assert rekeyed._.deid_text != a._.deid_text
    # Without a patient id the note is the scope: reproducible, but not linked to other notes.
    monkeypatch.setenv(KEY_ENV, "unit-test-secret")
    _, n1 = make_chars(NOTE, NOTE_SPANS)
    _, n2 = make_chars(NOTE, NOTE_SPANS)
    _, n3 = make_chars(other, other_spans)
    assert n1._.deid_text == n2._.deid_text
    assert {s.text: s._.surrogate for s in n3.spans["phi"]}["617-555-1234"] != {
        s.text: s._.surrogate for s in n1.spans["phi"]
    }["617-555-1234"]


def test_the_key_is_never_saved_logged_or_shown(monkeypatch, tmp_path):
    secret = "S3cr3t-Key-Never-Written-0192"
    monkeypatch.setenv(KEY_ENV, secret)
    nlp, doc = make_chars(NOTE, NOTE_SPANS, "p1", date_shift_range=[-100, -10])
    nlp.to_disk(tmp_path / "pipe")
    for path in (tmp_path / "pipe").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    pipe = nlp.get_pipe("deid_surrogates")
    assert secret not in repr(pipe.engine) and secret not in doc._.deid_text
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("deid_surrogates").surrogate_config.date_shift_range == (-100, -10)
    _, again = make_chars(NOTE, NOTE_SPANS, "p1", nlp=loaded)
    assert again._.deid_text == doc._.deid_text


def test_unparseable_values_become_tags_and_are_counted_without_text(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "unit-test-secret")
    text = "Seen the week after next , age several ."
    nlp, doc = make_chars(text, [("the week after next", "DATE"), ("several", "AGE")], "p1")
    assert doc._.deid_text == "Seen [DATE] , age [AGE] ."
    assert nlp.get_pipe("deid_surrogates").fallbacks == {"DATE": 1, "AGE": 1}


def test_surrogate_config_errors_are_clear():
    with pytest.raises(ValueError, match="date_shift_range"):
        make(TEXT, SPANS, date_shift_range=[0, 0])
    with pytest.raises(ValueError, match="phone_style"):
        make(TEXT, SPANS, phone_style="other")


def test_surrogate_replacer_works_outside_the_component(monkeypatch):
    from spacy_deid.registry import replacers
    from spacy_deid.surrogates import ReplaceContext

    nlp = spacy.blank("en")
    doc = nlp.make_doc(TEXT)
    span = Span(doc, 6, 7, label="MEDICALRECORD")
    ctx = ReplaceContext(span, "MEDICALRECORD", "p1", b"k")
    new = replacers.get("surrogate")(ctx)
    assert new != "123456" and len(new) == 6 and new.isdigit()
    assert "b'k'" not in repr(ctx) and "123456" not in repr(ctx)


SAMPLES = {
    "PATIENT": "Harold Whitfield", "DOCTOR": "Anna Lee", "USERNAME": "hwhitfield2",
    "PROFESSION": "machinist", "ROOM": "412B", "DEPARTMENT": "Cardiology",
    "HOSPITAL": "Larkfield Memorial Hospital", "ORGANIZATION": "Holyoke Public Schools",
    "STREET": "214 Orchard Hill Road", "CITY": "Shrewsbury", "STATE": "MA", "COUNTRY": "Portugal",
    "ZIP": "01545", "LOCATION_OTHER": "Lake Quinsigamond", "AGE": "92", "DATE": "03/14/2019",
    "PHONE": "(508) 555-0147", "FAX": "508-555-0199", "EMAIL": "harold.whitfield@mail.com",
    "URL": "https://mychart.larkfield.org/MyChart/", "IPADDR": "10.42.17.203", "SSN": "431-70-9158",
    "MEDICALRECORD": "00482913", "HEALTHPLAN": "BSH90817734-01", "ACCOUNT": "7731920045",
    "LICENSE": "BL4829175", "VEHICLE": "1HGCM82633A004352", "DEVICE": "SN073729349",
    "BIOID": "VP-20417-BS", "IDNUM": "ECG21-862-9468",
}


def test_every_schema_label_gets_a_surrogate():
    from spacy_deid import schema
    from spacy_deid.surrogate.engine import SurrogateEngine

    assert set(SAMPLES) == set(schema.LABELS)
    engine = SurrogateEngine(b"every-label")
    for label, value in SAMPLES.items():
        text = f"x {value} y"
        new = engine.start(text, "p1", [(2, 2 + len(value), label)]).replace(label, 2, 2 + len(value))
        assert new != value and new != f"[{label}]", label
    assert not engine.fallbacks
