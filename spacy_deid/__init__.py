"""spacy-deid: de-identification of clinical notes with spaCy.

Importing the package registers its factories, tokenizer and scorer; thanks to entry points,
``spacy.load("en_deid")`` works without importing it first.
"""
from .about import __version__
from .extensions import install_extensions

install_extensions()

from . import scorer, voter, surrogates, inclusion, patterns, ner, training, templates, gazetteer, known_phi, meddocan  # noqa: E402,F401

__all__ = ["__version__", "install_extensions"]
