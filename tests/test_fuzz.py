"""Property tests on arbitrary Unicode text: the clinical tokenizer, the rule detectors, the
voter and the surrogates never raise, the tokenizer gives back the text exactly, every span is
inside the text on token boundaries, and ``doc._.deid_offsets`` agrees with ``doc._.deid_text``.

The text mixes arbitrary characters (control characters, combining marks, right-to-left and
bidi marks, astral symbols; no lone surrogates, which a Python str from a file never holds)
with PHI-like pieces, so that the detectors, the voter and the surrogates have work to do.
"""
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CLINICAL

PIECES = ["03/14/2019", "3-14-19", "March 14, 2019", "MRN: 12345678", "MRN:12345678", "(617) 555-1234",
          "555-123-4567 x22", "Dr. John Smith", "SMITH^JOHN", "john.smith@example.org",
          "http://x.example.com/a?b=1", "192.168.0.1", "SSN 123-45-6789", "Age 92", "92yo", "45y/o",
          "12/2019", "DOB:01/02/1960", "on03/04/2019", "Bed12", "pgr#1234", "ZIP 02114", " ", "\n",
          "\r\n", "\t", ". ", "e\u0301", "\u202eRTL\u202c", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
          "\u200d", "\ufeff", "\x00", "\x0b", "\u2028", "\U0001f600", "Mr. O'Neil-Smith", "St. Mary's Hospital"]
TEXT = st.lists(
    st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), st.sampled_from(PIECES)),
    max_size=25,
).map("".join)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_nlp = {}


def pipeline(mode: str):
    """The rule pipeline (tokenizer, sentences, inclusion, templates, patterns, voter,
    surrogates), built once per mode."""
    if mode not in _nlp:
        nlp = spacy.blank("en", config=CLINICAL)
        for name in ("deid_sentences", "deid_inclusion", "deid_templates", "deid_patterns", "deid_voter"):
            nlp.add_pipe(name)
        nlp.add_pipe("deid_surrogates", config={"mode": mode})
        nlp.initialize()
        _nlp[mode] = nlp
    return _nlp[mode]


def check_spans(doc):
    n = len(doc.text)
    for key, group in doc.spans.items():
        for span in group:
            assert 0 <= span.start_char < span.end_char <= n, key
            # on token boundaries: the span is exactly its tokens
            assert span.start_char == doc[span.start].idx
            assert span.end_char == doc[span.end - 1].idx + len(doc[span.end - 1])
    phi = sorted(doc.spans["phi"], key=lambda s: s.start_char)
    for a, b in zip(phi, phi[1:]):
        assert a.end_char <= b.start_char  # the voter leaves no overlaps


def check_offsets(doc):
    text, new = doc.text, doc._.deid_text
    by_offsets = {(s.start_char, s.end_char): s for s in doc.spans["phi"]}
    entries = doc._.deid_offsets
    assert len(entries) == len(by_offsets)
    cursor = new_cursor = 0
    for e in entries:
        surrogate = by_offsets[(e.start, e.end)]._.surrogate
        assert new[e.new_start:e.new_end] == surrogate  # the new offsets hold the replacement
        assert text[cursor:e.start] == new[new_cursor:e.new_start]  # unreplaced text unchanged
        cursor, new_cursor = e.end, e.new_end
    assert text[cursor:] == new[new_cursor:]


@FUZZ
@given(TEXT)
def test_tokenizer_gives_back_the_text(text):
    doc = pipeline("tag").make_doc(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    assert all(len(t) > 0 for t in doc)


@FUZZ
@given(TEXT, st.sampled_from(["surrogate", "tag", "mask", "hash"]), st.sampled_from([None, "p1"]))
def test_detectors_voter_and_surrogates_on_any_text(text, mode, patient):
    nlp = pipeline(mode)
    doc = nlp.make_doc(text)
    doc._.patient_id = patient
    doc = nlp(doc)
    check_spans(doc)
    check_offsets(doc)
