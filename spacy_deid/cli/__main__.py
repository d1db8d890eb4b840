"""``python -m spacy_deid.cli``: the same commands as the ``spacy-deid`` script."""
from . import main

main()
