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

The view also shows each token's text normalised (:func:`spacy_deid.normalize.fold_text`:
zero-width characters dropped, Cyrillic or Greek look-alike letters and full-width forms
folded), so "Jo\u200bhn" or "J\u043ehn" reaches the model as "John" (a token that folds to
nothing keeps its text), and leaves out a line break that the sentence splitter found inside
a sentence between two words, so a name wrapped across lines ("husband John\nSmith, who")
reads as "John Smith". Each view token is one Doc token, so entities map straight back; an
entity across a left-out line break covers it. Line joining is opt-in
(``join_wrapped_lines = true``): the shipped detectors were trained with line breaks in view,
and joining them lowers en_deid on the synthetic dev split (300 notes: binary token P
0.935 -> 0.928, binary strict F 0.933 -> 0.923, recall unchanged at 0.988).

Training is plain ``spacy train``: the component learns from the reference ``doc.ents``
(filtered to the model's labels by the ``spacy_deid.PHICorpus.v1`` reader) and its scorer
compares its span group with those entities.
"""
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.pipeline.ner import DEFAULT_NER_MODEL, EntityRecognizer
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config, Model

from .extensions import install_extensions
from .normalize import fold_text

GROUP_PREFIX = "deid.ner."


def _joined_lines(doc: Doc) -> Optional[List[int]]:
    """Doc indices of the view tokens when line breaks inside a sentence between two words
    are left out ("... her husband John\\nSmith, who ..." reads as "John Smith"), or None
    when there are none. The sentence splitter decides which line breaks are wrapped prose;
    without sentence boundaries nothing is joined."""
    if not doc.has_annotation("SENT_START"):
        return None
    candidates = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    drop = [
        i for i in candidates
        if 0 < i < len(doc) - 1 and doc[i].text.count("\n") == 1
        and _word(doc[i - 1]) and _word(doc[i + 1])
        and (not doc[i + 1].is_sent_start or _name_wrapped(doc, i))
    ]
    if not drop:
        return None
    dropped = set(drop)
    return [i for i in range(len(doc)) if i not in dropped]


def _word(token) -> bool:
    """Letters only, once zero-width characters and look-alikes are folded ("Jo\\u200bhn")."""
    return token.is_alpha or (not token.is_ascii and fold_text(token.text).isalpha())


def _name_wrapped(doc: Doc, i: int) -> bool:
    """A short line ending in a capitalised word, then a capitalised word and prose:
    "Patient John\\nSmith was seen today" (the splitter ends a sentence after a short line)."""
    prev, nxt = doc[i - 1], doc[i + 1]
    after = doc[i + 2] if i + 2 < len(doc) else None
    if not (fold_text(prev.text).istitle() and fold_text(nxt.text).istitle()
            and after is not None and after.is_alpha and after.is_lower and nxt.whitespace_ == " "):
        return False
    # Not a "Key: value" line ("Copy to: ..."), which the splitter rightly starts.
    for token in doc[i + 1:i + 8]:
        if token.text == ":":
            return False
        if "\n" in token.text:
            break
    return True


def _share_encoder_output(doc: Doc, view: Doc, keep: Optional[List[int]]) -> None:
    """Give the view the shared transformer's output (``doc._.trf_data``), if any.

    Several detectors can share one encoder: a ``transformer`` component runs once and each
    ``deid_ner`` reads it through a ``spacy-transformers.TransformerListener``. The listener
    reads ``doc._.trf_data`` from the Doc it is given, which here is the view; without this
    it would silently get zeros. The view has the Doc's tokens, so the alignment holds; a view
    that leaves line breaks out (``join_wrapped_lines``) does not, and is refused.
    """
    if not Doc.has_extension("trf_data"):
        return
    data = doc._.trf_data
    if data is None:
        return
    if keep is not None:
        raise ValueError("join_wrapped_lines cannot be used with a shared transformer "
                         "(TransformerListener): the view's tokens would not align")
    view._.trf_data = data


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
        "join_wrapped_lines": False,
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
    join_wrapped_lines: bool,
    moves: Optional[Any],
    update_with_oracle_cut_size: int,
    scorer: Optional[Callable],
) -> "PHIRecognizer":
    return PHIRecognizer(
        nlp.vocab, model, name, moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size, scorer=scorer,
        spans_key=spans_key or default_spans_key(name), lowercase=lowercase,
        join_wrapped_lines=join_wrapped_lines,
    )


class PHIRecognizer(EntityRecognizer):
    """spaCy's EntityRecognizer, predicting on a view and writing to a span group."""

    def __init__(self, vocab, model, name="deid_ner", moves=None, *, spans_key: str,
                 lowercase: bool = False, join_wrapped_lines: bool = False, **kwargs) -> None:
        install_extensions()
        super().__init__(vocab, model, name, moves, **kwargs)
        self.spans_key = spans_key
        self.lowercase = lowercase
        self.cfg["spans_key"] = spans_key
        self.cfg["lowercase"] = lowercase
        self.join_wrapped_lines = join_wrapped_lines
        self.cfg["join_wrapped_lines"] = join_wrapped_lines
        self._views: Dict[int, Tuple[Doc, Optional[List[int]]]] = {}

    def _view(self, doc: Doc) -> Tuple[Doc, Optional[List[int]]]:
        """The view Doc and, when it leaves tokens out, the Doc index of each view token."""
        keep = _joined_lines(doc) if self.join_wrapped_lines else None
        tokens = list(doc) if keep is None else [doc[i] for i in keep]
        words = [t.text for t in tokens]
        folded = list(words) if doc.text.isascii() else [fold_text(w) or w for w in words]
        if self.lowercase:
            folded = [w.lower() for w in folded]
        spaces = [bool(t.whitespace_) for t in tokens]
        if keep is not None:
            # A token before a left-out line break is followed by a space in the view.
            spaces = [
                s or (i + 1 < len(keep) and keep[i + 1] > keep[i] + 1) for i, s in enumerate(spaces)
            ]
        view = Doc(self.vocab, words=folded, spaces=spaces)
        for src, dst, word, new in zip(tokens, view, words, folded):
            # Tokenizer exceptions give some tokens a norm of their own ("n't" -> "not");
            # a folded token takes the norm of its new text.
            if new == (word.lower() if self.lowercase else word):
                dst.norm_ = src.norm_.lower() if self.lowercase else src.norm_
        _share_encoder_output(doc, view, keep)
        return view, keep

    def predict(self, docs):
        if isinstance(docs, Doc):
            docs = [docs]
        views = [self._view(doc) for doc in docs]
        self._views = {id(doc): view for doc, view in zip(docs, views)}
        return super().predict([view for view, _ in views])

    def set_annotations(self, docs, states_or_beams) -> None:
        views = [self._views.pop(id(doc), None) or self._view(doc) for doc in docs]
        super().set_annotations([view for view, _ in views], states_or_beams)
        for doc, (view, keep) in zip(docs, views):
            if keep is None:
                spans = [Span(doc, e.start, e.end, label=e.label_) for e in view.ents]
            else:
                spans = [
                    Span(doc, keep[e.start], keep[e.end - 1] + 1, label=e.label_) for e in view.ents
                ]
            doc.spans[self.spans_key] = spans
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
