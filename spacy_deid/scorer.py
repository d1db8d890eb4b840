"""Registered scorer for the final PHI spans, so `spacy evaluate` and `spacy train` report them.

Entity-level strict scores from spaCy's own ``Scorer.score_spans`` over ``doc.spans["phi"]``:
labelled (``phi_p/r/f`` and ``phi_per_type``) and binary, type ignored (``phi_binary_p/r/f``).
The full i2b2 2014 matrix (token / strict / relaxed; all / HIPAA / binary) is in
:mod:`spacy_deid.evaluation`.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable

from spacy.scorer import Scorer
from spacy.training import Example
from spacy.util import registry


def _phi_getter(key: str) -> Callable:
    def getter(doc, attr):
        return doc.spans.get(key, [])

    return getter


def score_phi(examples: Iterable[Example], spans_key: str = "phi", **kwargs: Any) -> Dict[str, Any]:
    examples = list(examples)
    getter = _phi_getter(spans_key)
    scores = Scorer.score_spans(
        examples, "phi", getter=getter, has_annotation=None, labeled=True, allow_overlap=True
    )
    binary = Scorer.score_spans(
        examples, "phi_binary", getter=getter, labeled=False, allow_overlap=True
    )
    scores.update({k: v for k, v in binary.items() if not k.endswith("per_type")})
    return scores


@registry.scorers("spacy_deid.phi_scorer.v1")
def make_phi_scorer() -> Callable[..., Dict[str, Any]]:
    return score_phi
