"""Custom attributes on Doc and Span, installed lazily and without overriding anyone's.

``Span._`` values are keyed by character offsets: two spans with the same offsets share
them, which is what we want for PHI (a span's sources and surrogate are properties of the
text it covers, not of the group it sits in).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    # Set by the caller before the pipeline runs; keys consistent surrogates across notes.
    "patient_id": None,
    # Values known for this patient from structured data ({label: [values]}), for
    # deid_known_phi; set by the caller (the CLI reads them from a JSONL/CSV field).
    "deid_known": None,
    # Written by deid_surrogates.
    "deid_text": None,
    "deid_offsets": None,
}
SPAN_EXTENSIONS = {
    # Names of the detectors that voted for a PHI span (deid_voter).
    "deid_sources": None,
    # Detector confidence where the detector gives one.
    "deid_score": None,
    # The replacement text (deid_surrogates).
    "surrogate": None,
    # The native corpus label of a PHI span, e.g. MEDDOCAN's (deid_native_voter).
    "deid_native_label": None,
}


def install_extensions() -> None:
    """Register the attributes once; leave existing registrations alone."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
