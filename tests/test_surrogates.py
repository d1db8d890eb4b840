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
    _, doc = make(TEXT, SPANS)
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
