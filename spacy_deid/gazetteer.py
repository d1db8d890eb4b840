"""Place-name gazetteers for a SpanRuler detector (``deid.gazetteer``).

The synthetic training notes cannot contain every real city, and a model trained on them
will meet real ones; a gazetteer votes for the names it knows whatever the context. The
lists (``spacy_deid/data/gazetteer_<lang>.jsonl``, built by ``scripts/build_gazetteers.py``
from GeoNames and the ``us`` package) hold states, countries and cities, minus ordinary
words and clinical eponyms. This function feeds them to spaCy's own ``span_ruler`` through
``[initialize.components.deid_gazetteer.patterns]``, matching on ORTH in Title Case and in
ALL CAPS (a lower-case "mobile" or "reading" is left to the NER detectors).
"""
from pathlib import Path
from typing import Dict, List

import srsly
from spacy.util import registry

DATA_DIR = Path(__file__).parent / "data"


@registry.misc("spacy_deid.gazetteer_patterns.v1")
def gazetteer_patterns(lang: str = "en", uppercase: bool = True) -> List[Dict[str, str]]:
    path = DATA_DIR / f"gazetteer_{lang}.jsonl"
    if not path.is_file():
        raise ValueError(f"No gazetteer for language {lang!r} ({path} does not exist)")
    patterns = []
    for row in srsly.read_jsonl(path):
        patterns.append({"label": row["label"], "pattern": row["pattern"], "id": "gazetteer"})
        if uppercase and row["pattern"].upper() != row["pattern"]:
            patterns.append({"label": row["label"], "pattern": row["pattern"].upper(), "id": "gazetteer"})
    return patterns
