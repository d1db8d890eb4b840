"""Training helpers registered with spaCy: the corpus reader every NER config uses.

``spacy_deid.PHICorpus.v1`` reads a ``.spacy`` DocBin like ``spacy.Corpus.v1`` and sets each
reference Doc's entities from its gold PHI spans (``doc.spans["phi"]``, else ``doc.ents``),
mapped through ``label_map`` and restricted to ``labels`` (or, when empty, to the labels of
``group``: "names", "places" or "all", see ``schema.DETECTOR_GROUPS``). One corpus thus
trains every model of the ensemble: the names model sees only PATIENT/DOCTOR/USERNAME, the
catch-all sees all.
Overlapping gold spans are resolved by keeping the longest (``filter_spans``), counted.
"""
import logging
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Union

from spacy.language import Language
from spacy.tokens import Span
from spacy.training import Corpus, Example
from spacy.util import filter_spans, registry

from . import schema

logger = logging.getLogger("spacy_deid")


def restrict_example(eg: Example, labels: Iterable[str], label_map: Dict[str, str],
                     spans_key: str = "phi") -> Example:
    """A copy of the example whose reference entities are the selected gold PHI spans."""
    keep = set(labels)
    ref = eg.reference.copy()
    gold = ref.spans[spans_key] if spans_key in ref.spans else ref.ents
    spans = []
    for span in gold:
        label = label_map.get(span.label_, span.label_)
        if not keep or label in keep:
            spans.append(Span(ref, span.start, span.end, label=label))
    kept = filter_spans(spans)
    if len(kept) < len(spans):
        logger.debug("dropped %d overlapping gold spans", len(spans) - len(kept))
    ref.set_ents(kept, default="outside")
    return Example(eg.predicted, ref)


@registry.readers("spacy_deid.PHICorpus.v1")
def create_phi_corpus(
    path: Optional[Path],
    group: str = "all",
    labels: List[str] = [],
    label_map: Dict[str, str] = {},
    spans_key: str = "phi",
    max_length: int = 0,
    limit: int = 0,
    augmenter: Optional[Callable] = None,
) -> Callable[[Language], Iterator[Example]]:
    labels = list(labels) or list(schema.detector_group(group))
    for label in labels + list(label_map.values()):
        schema.get_type(label)
    corpus = Corpus(path, max_length=max_length, limit=limit, augmenter=augmenter)

    def read(nlp: Language) -> Iterator[Example]:
        for eg in corpus(nlp):
            yield restrict_example(eg, labels, label_map, spans_key)

    return read
