"""deid_patterns: rule detectors for PHI with a shape, written to ``doc.spans["deid.patterns"]``.

Two engines, each for what it does best:

* compiled regexes with validators (:mod:`.detectors`; :mod:`.detectors_es` when
  ``nlp.lang`` is "es") for dates, ages, contacts, identifiers
  and addresses, run once over the text and aligned to tokens;
* a spaCy ``SpanRuler`` for token and phrase patterns (weekdays, holidays and any patterns a
  site adds). Its patterns come in through ``initialize`` (the shipped
  ``spacy_deid/data/patterns_<lang>.jsonl`` plus a user's files) and are saved with the
  pipeline.

Character matches are aligned with ``alignment_mode="expand"``: when PHI is glued to a token
the tokenizer did not split, the whole token is claimed. Over-covering a glued token is the
fail-safe choice (a contracted span would leave part of the identifier in the clear); the
count of expanded matches is kept in ``self.expanded`` for diagnostics.

The regexes run on the normalised detection view of the text (:mod:`spacy_deid.normalize`:
zero-width characters dropped, look-alike letters, full-width forms, Unicode dashes and
spaces folded, spaced-out and wrapped numbers joined) and each match is mapped back to the
original characters, so "555\u200b-1234" or "5 5 5 - 1 2 3 4" is claimed where it stands.
"""

from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span
from spacy.training import Example

from .. import normalize, schema
from ..extensions import install_extensions
from . import detectors_es
from .detectors import Detector, build_detectors

DATA_DIR = Path(__file__).parent.parent / "data"

# Regex detector sets by language (``nlp.lang``); any other language gets the English set.
DETECTOR_SETS: Dict[str, Callable[[], List[Detector]]] = {"es": detectors_es.build_detectors}


def build_detectors_for(lang: str) -> List[Detector]:
    """The regex detectors for a language: ``detectors_<lang>`` if there is one, else English."""
    return DETECTOR_SETS.get(lang, build_detectors)()


@Language.factory(
    "deid_patterns",
    assigns=["doc.spans"],
    default_config={
        "spans_key": "deid.patterns",
        "labels": [],
        "disabled_detectors": [],
        "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": "deid.patterns"},
    },
    default_score_weights={"spans_deid.patterns_f": None},
)
def make_patterns(
    nlp: Language,
    name: str,
    spans_key: str,
    labels: List[str],
    disabled_detectors: List[str],
    scorer: Optional[Callable],
) -> "PatternDetector":
    return PatternDetector(
        nlp, name, spans_key=spans_key, labels=labels,
        disabled_detectors=disabled_detectors, scorer=scorer,
    )


class PatternDetector:
    """Runs the regex detectors and the SpanRuler; one span group, overlaps allowed."""

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_patterns",
        *,
        spans_key: str = "deid.patterns",
        labels: Iterable[str] = (),
        disabled_detectors: Iterable[str] = (),
        scorer: Optional[Callable] = None,
    ) -> None:
        install_extensions()
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.labels = set(labels)
        for label in self.labels:
            schema.get_type(label)
        self.disabled_detectors = set(disabled_detectors)
        all_detectors = build_detectors_for(nlp.lang)
        unknown = self.disabled_detectors - {d.name for d in all_detectors}
        if unknown:
            raise ValueError(f"deid_patterns: unknown detectors in disabled_detectors: {sorted(unknown)}")
        self.detectors: List[Detector] = [
            d for d in all_detectors
            if d.name not in self.disabled_detectors and (not self.labels or d.label in self.labels)
        ]
        # The ruler lives outside nlp.pipeline, so it gets a tokenizer-only Language of its
        # own: SpanRuler runs the pipeline up to itself to build phrase patterns, which for a
        # ruler it cannot find in the pipeline means every other component.
        tokenizer_only = type(nlp)(vocab=nlp.vocab)
        tokenizer_only.tokenizer = nlp.tokenizer
        self.ruler = SpanRuler(tokenizer_only, f"{name}.ruler", spans_key=None,
                               annotate_ents=False, validate=True, overwrite=False)
        self.scorer = scorer
        self.expanded = 0

    def initialize(
        self,
        get_examples: Optional[Callable[[], Iterable[Example]]] = None,
        *,
        nlp: Optional[Language] = None,
        include_default: bool = True,
        patterns: Iterable[Union[str, Dict]] = (),
    ) -> None:
        """Load the shipped token patterns for the language and any user patterns.

        ``patterns`` holds pattern dicts (SpanRuler format) or paths to JSONL files of them.
        Labels must be schema labels.
        """
        self.ruler.clear()
        loaded: List[Dict] = []
        if include_default:
            path = DATA_DIR / f"patterns_{self.nlp.lang}.jsonl"
            if path.is_file():
                loaded.extend(srsly.read_jsonl(path))
        for item in patterns:
            if isinstance(item, dict):
                loaded.append(item)
            else:
                path = Path(item)
                if not path.is_file():
                    raise ValueError(f"deid_patterns: pattern file {path} does not exist")
                loaded.extend(srsly.read_jsonl(path))
        for i, pattern in enumerate(loaded):
            label = pattern.get("label")
            if label not in schema.PHI_TYPES:
                raise ValueError(f"deid_patterns: pattern {i} has label {label!r}, not a schema label")
        if self.labels:
            loaded = [p for p in loaded if p["label"] in self.labels]
        self.ruler.add_patterns(loaded)

    def find(self, doc: Doc) -> List[Span]:
        """All claims, before the within-component overlap rule."""
        detection = normalize.view(doc.text)
        text = doc.text if detection is None else detection.text
        found: Dict[Tuple[int, int, str], bool] = {}
        for detector in self.detectors:
            for start, end in detector.finditer(text):
                if detection is not None:
                    start, end = detection.to_original(start, end)
                span = doc.char_span(start, end, label=detector.label, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                if span.start_char != start or span.end_char != end:
                    self.expanded += 1
                key = (span.start, span.end, detector.label)
                found[key] = found.get(key, False) or detector.anchored
        if len(self.ruler):
            for span in self.ruler.match(doc):
                found.setdefault((span.start, span.end, span.label_), True)
        # Shape-only claims give way to overlapping context-anchored claims of another label
        # ("MRN 555-123-4567"); claims of one label are all kept (the voter merges them).
        anchored = [(s, e, lab) for (s, e, lab), a in found.items() if a]
        spans = []
        for (start, end, label), is_anchored in sorted(found.items()):
            if not is_anchored and any(
                lab != label and s < end and start < e for s, e, lab in anchored
            ):
                continue
            spans.append(Span(doc, start, end, label=label))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = self.find(doc)
        return doc

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = util.ensure_path(path)
        serializers = {"ruler": lambda p: self.ruler.to_disk(p)}
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "PatternDetector":
        path = util.ensure_path(path)
        deserializers = {"ruler": lambda p: self.ruler.from_disk(p)}
        util.from_disk(path, deserializers, exclude)
        return self
