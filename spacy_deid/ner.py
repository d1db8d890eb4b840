"""deid_ner: a trained NER detector that writes its own span group, never ``doc.ents``.

spaCy's transition-based NER keeps the entities already in ``doc.ents`` and only fills the
gaps, so NER components chained in one pipeline would not vote independently: the second
would see the first's output as fixed. Each ``deid_ner`` component therefore predicts on a
bare *view* of the Doc (same tokens and norms, no entities) and writes what it finds to
``doc.spans["deid.ner.<name>"]``; the Doc's own entities are never read or changed. The
voter takes the union.

``lowercase = true`` makes the view lower-cased: a case-normalised model (trained with the
``spacy.lower_case.v1`` augmenter at level 1.0) sees "JOHN SMITH", "John Smith" and
"john smith" alike, so it catches what a cased model misses in ALL-CAPS or lower-case notes,
and vice versa.

Training is plain ``spacy train``: the component learns from the reference ``doc.ents``
(filtered to the model's labels by the ``spacy_deid.PHICorpus.v1`` reader) and its scorer
compares its span group with those entities.
"""
from typing import Any, Callable, Dict, Iterable, List, Optional

from spacy.language import Language
from spacy.pipeline.ner import DEFAULT_NER_MODEL, EntityRecognizer
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config, Model

from .extensions import install_extensions

GROUP_PREFIX = "deid.ner."


def default_spans_key(name: str) -> str:
    """``deid_ner_names`` writes ``deid.ner.names``; any other name is used whole."""
    short = name[len("deid_ner_"):] if name.startswith("deid_ner_") else name
    return GROUP_PREFIX + short


@Language.factory(
    "deid_ner",
    assigns=["doc.spans"],
    default_config={
        "model": Config().from_str(
            "[model]\n@architectures = \"spacy.TransitionBasedParser.v2\"\nstate_type = \"ner\"\n"
            "extra_state_tokens = false\nhidden_width = 64\nmaxout_pieces = 2\nuse_upper = true\n"
            "nO = null\n\n[model.tok2vec]\n@architectures = \"spacy.HashEmbedCNN.v2\"\n"
            "pretrained_vectors = null\nwidth = 96\ndepth = 4\nembed_size = 2000\n"
            "window_size = 1\nmaxout_pieces = 3\nsubword_features = true\n"
        )["model"],
        "spans_key": None,
        "lowercase": False,
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "scorer": {"@scorers": "spacy_deid.ner_group_scorer.v1"},
    },
    default_score_weights={"deid_ner_f": 1.0, "deid_ner_p": 0.0, "deid_ner_r": 0.0},
)
def make_deid_ner(
    nlp: Language,
    name: str,
    model: Model,
    spans_key: Optional[str],
    lowercase: bool,
    moves: Optional[Any],
    update_with_oracle_cut_size: int,
    scorer: Optional[Callable],
) -> "PHIRecognizer":
    return PHIRecognizer(
        nlp.vocab, model, name, moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size, scorer=scorer,
        spans_key=spans_key or default_spans_key(name), lowercase=lowercase,
    )


class PHIRecognizer(EntityRecognizer):
    """spaCy's EntityRecognizer, predicting on a view and writing to a span group."""

    def __init__(self, vocab, model, name="deid_ner", moves=None, *, spans_key: str,
                 lowercase: bool = False, **kwargs) -> None:
        install_extensions()
        super().__init__(vocab, model, name, moves, **kwargs)
        self.spans_key = spans_key
        self.lowercase = lowercase
        self.cfg["spans_key"] = spans_key
        self.cfg["lowercase"] = lowercase
        self._views: Dict[int, Doc] = {}

    def _view(self, doc: Doc) -> Doc:
        words = [t.lower_ if self.lowercase else t.text for t in doc]
        view = Doc(self.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        for src, dst in zip(doc, view):
            dst.norm_ = src.norm_.lower() if self.lowercase else src.norm_
        return view

    def predict(self, docs):
        if isinstance(docs, Doc):
            docs = [docs]
        views = [self._view(doc) for doc in docs]
        self._views = {id(doc): view for doc, view in zip(docs, views)}
        return super().predict(views)

    def set_annotations(self, docs, states_or_beams) -> None:
        views = [self._views.pop(id(doc), None) or self._view(doc) for doc in docs]
        super().set_annotations(views, states_or_beams)
        for doc, view in zip(docs, views):
            doc.spans[self.spans_key] = [Span(doc, e.start, e.end, label=e.label_) for e in view.ents]
        self._views = {}

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, Any]:
        return self.scorer(examples, spans_key=self.spans_key, **kwargs)


def score_ner_group(examples: Iterable[Example], *, spans_key: str, **kwargs) -> Dict[str, Any]:
    """P/R/F of the component's span group against the reference entities.

    Reported under ``deid_ner_*`` so every NER config shares one score weight name.
    """

    def getter(doc: Doc, attr: str) -> List[Span]:
        return list(doc.spans[spans_key]) if spans_key in doc.spans else list(doc.ents)

    scores = Scorer.score_spans(examples, "deid_ner", getter=getter, allow_overlap=True)
    return scores


@registry.scorers("spacy_deid.ner_group_scorer.v1")
def make_ner_group_scorer() -> Callable[..., Dict[str, Any]]:
    return score_ner_group
