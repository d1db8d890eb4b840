__title__ = "spacy-deid"
__version__ = "0.2.0"
