"""spacy-deid's own registries for pluggable parts (as spacy-transformers has its own).

``replacers``: how deid_surrogates replaces a span, by mode name ("tag", "mask", "hash", ...).
Other packages add modes through the ``spacy_deid_replacers`` entry point group.
"""
import catalogue

replacers = catalogue.create("spacy_deid", "replacers", entry_points=True)
