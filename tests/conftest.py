"""Shared fixtures: blank pipelines with the clinical tokenizer, as users build them."""
import pytest
import spacy

import spacy_deid  # noqa: F401  (registers factories even before the entry points are installed)

CLINICAL = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}


@pytest.fixture
def blank_en():
    return spacy.blank("en", config=CLINICAL)


@pytest.fixture
def rules_nlp():
    """The rule pipeline as en_deid builds it, from spaCy components only."""
    nlp = spacy.blank("en", config=CLINICAL)
    for name in ("deid_sentences", "deid_inclusion", "deid_templates", "deid_patterns", "deid_voter",
                 "deid_surrogates"):
        nlp.add_pipe(name)
    nlp.initialize()
    return nlp


def clinical_nlp(*pipes: str):
    """A blank English pipeline with the clinical tokenizer and the given components."""
    nlp = spacy.blank("en", config=CLINICAL)
    for name in pipes:
        nlp.add_pipe(name)
    return nlp
