"""deid_hf_ner: a local Hugging Face token-classification model as one more detector.

Any ``AutoModelForTokenClassification`` with BIO (IOB2) labels, e.g. a BioBERT or RoBERTa
de-identification model, joins the ensemble like ``deid_ner``: it writes its own span group
(``deid.ner.hf_<x>`` for ``deid_hf_ner_<x>``), never ``doc.ents``; the voter takes the union.

Notes are longer than a transformer's window (512 sub-words), so the whole text is tokenised
once with the fast tokenizer and cut into windows of ``max_length`` sub-words (special tokens
included) that share ``stride`` sub-words with the next one. Every window is classified, each
sub-word's softmax probabilities are averaged over the windows that contain it (a sub-word at
a window's edge has little context; the neighbouring window sees it in the middle), then the
labels are BIO-decoded per sub-word. Sub-words of one word always join one entity (a model
that says ``B-NAME`` on "Zor" and again on "##blatt" means one name), and an entity's score is
the MEAN probability of its sub-words' labels (the mean, not the min, because one uncertain
sub-word in a long name should not hide the name: recall comes first); entities scoring below
``threshold`` are dropped. Character offsets become spaCy tokens with
``doc.char_span(alignment_mode="expand")``; the score goes to ``span._.deid_score``.

Labels: the model's entity types go through ``label_map`` onto the schema
(spacy_deid/schema.py). The default map (:data:`DEFAULT_LABEL_MAP`) takes schema labels as
they are and the usual de-id sets: the i2b2 XML spellings, the coarse i2b2 categories
(NAME->PATIENT, LOCATION->LOCATION_OTHER, CONTACT->PHONE, ID->IDNUM, ...; schema's "coarse"
set) and the obi/deid_bert_i2b2 types (STAFF->DOCTOR, HOSP->HOSPITAL, LOC->LOCATION_OTHER,
PATORG->ORGANIZATION, OTHERPHI->IDNUM: unknown PHI still gets redacted, with a shape-kept
surrogate). Matching is case-insensitive. Types missing from the map are dropped
unless ``unmapped_label`` names a schema label to keep them under.

torch and transformers are imported only when the model is first needed, so the base package
works without the ``trf`` extra. The model is only ever read from disk
(``local_files_only=True``); ``nlp.to_disk`` copies model and tokenizer into the pipeline
directory, so a saved or packaged pipeline is self-contained and ``from_disk`` loads that copy.
"""
import logging
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, minibatch

from . import schema
from .extensions import install_extensions
from .ner import default_spans_key

logger = logging.getLogger(__name__)

HF_DIR = "hf_model"  # model and tokenizer inside the component's directory

# obi/deid_bert_i2b2 and obi/deid_roberta_i2b2 entity types (the rest are schema labels).
_OBI = {"STAFF": "DOCTOR", "HOSP": "HOSPITAL", "LOC": "LOCATION_OTHER", "PATORG": "ORGANIZATION",
        "OTHERPHI": "IDNUM"}
DEFAULT_LABEL_MAP: Dict[str, str] = {
    key: value
    for name in ("i2b2_xml", "coarse")
    for key, value in schema.get_label_set(name).mapping.items()
    if value is not None
}
DEFAULT_LABEL_MAP.update(_OBI)


@Language.factory(
    "deid_hf_ner",
    assigns=["doc.spans"],
    default_config={
        "model": "",
        "label_map": None,
        "unmapped_label": None,
        "threshold": 0.5,
        "max_length": None,
        "stride": None,
        "batch_size": 8,
        "device": "cpu",
        "spans_key": None,
    },
)
def make_hf_ner(
    nlp: Language,
    name: str,
    model: str,
    label_map: Optional[Dict[str, str]],
    unmapped_label: Optional[str],
    threshold: float,
    max_length: Optional[int],
    stride: Optional[int],
    batch_size: int,
    device: str,
    spans_key: Optional[str],
) -> "HFNer":
    """``model``: a local folder; ``max_length`` null: the model's own; ``stride`` null: a quarter
    of the window; ``spans_key`` null: ``deid.ner.hf`` for ``deid_hf_ner``, ``deid.ner.hf_X``
    for ``deid_hf_ner_X``, ``deid.ner.<name>`` otherwise."""
    return HFNer(
        name, model, label_map=label_map, unmapped_label=unmapped_label, threshold=threshold,
        max_length=max_length, stride=stride, batch_size=batch_size, device=device,
        spans_key=spans_key or hf_spans_key(name),
    )


def hf_spans_key(name: str) -> str:
    """``deid_hf_ner`` writes ``deid.ner.hf``, ``deid_hf_ner_X`` ``deid.ner.hf_X`` (as deid_ner)."""
    if name.startswith("deid_hf_ner"):
        name = "deid_ner_hf" + name[len("deid_hf_ner"):]
    return default_spans_key(name)


def _import_hf() -> Tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as err:
        raise ImportError(
            "deid_hf_ner needs torch and transformers: pip install 'spacy-deid[trf]'"
        ) from err
    return torch, transformers


def window_starts(n_tokens: int, size: int, overlap: int) -> List[int]:
    """Starts of windows of ``size`` sub-words covering ``n_tokens``, consecutive windows sharing
    ``overlap``. The last window is moved back to end at the text's end, so every window is full."""
    if size < 1 or not 0 <= overlap < size:
        raise ValueError(f"window of {size} sub-words needs 0 <= stride < {size}, got {overlap}")
    if n_tokens <= size:
        return [0] if n_tokens else []
    step = size - overlap
    starts = [0]
    while starts[-1] + size < n_tokens:
        starts.append(min(starts[-1] + step, n_tokens - size))
    return starts


def average_windows(
    n_tokens: int, starts: Sequence[int], outputs: Sequence[numpy.ndarray]
) -> numpy.ndarray:
    """Mean over the windows of each sub-word's row; ``outputs[i]`` holds the rows of the
    window starting at ``starts[i]`` (one per sub-word, special tokens removed)."""
    n_labels = outputs[0].shape[1] if len(outputs) else 0
    total = numpy.zeros((n_tokens, n_labels), dtype="float64")
    count = numpy.zeros((n_tokens, 1), dtype="float64")
    for start, rows in zip(starts, outputs):
        total[start:start + len(rows)] += rows
        count[start:start + len(rows)] += 1
    if (count == 0).any():
        raise ValueError("average_windows: some sub-words are in no window")
    return total / count


_PREFIXES = {"B": "B", "I": "I", "U": "B", "S": "B", "L": "I", "E": "I"}


def split_bio(label: str) -> Tuple[str, str]:
    """("B", "NAME") from "B-NAME". BILOU/BIOES labels read as BIO (U-, S- begin; L-, E-
    continue; the decoder needs no more), and a label without a prefix counts as inside (IO)."""
    if label.upper() == "O":
        return "O", ""
    prefix, sep, entity_type = label.partition("-")
    if sep and entity_type and prefix.upper() in _PREFIXES:
        return _PREFIXES[prefix.upper()], entity_type
    return "I", label


def decode_bio(
    tags: Sequence[str], scores: Sequence[float], word_ids: Sequence[Optional[int]]
) -> List[Tuple[int, int, str, float]]:
    """Entities ``(first, last + 1, type, mean score)`` over sub-word indices.

    IOB2, read leniently as Hugging Face's pipeline does: an I- that does not continue an
    entity of its type starts one. A sub-word of the same word as the previous one continues
    the current entity whatever its tag (B- or O inside a word does not cut a word in two).
    """
    entities: List[Tuple[int, int, str, float]] = []
    current: Optional[List[Any]] = None  # [first, last + 1, type, [scores]]

    def close() -> None:
        if current is not None:
            entities.append((current[0], current[1], current[2], float(numpy.mean(current[3]))))

    for i, (tag, score) in enumerate(zip(tags, scores)):
        prefix, entity_type = split_bio(tag)
        same_word = (current is not None and current[1] == i and word_ids[i] is not None
                     and word_ids[i] == word_ids[i - 1])
        if same_word:
            current[1] = i + 1
            current[3].append(score)
        elif prefix == "O":
            close()
            current = None
        elif (prefix == "I" and current is not None and current[1] == i
              and current[2] == entity_type):
            current[1] = i + 1
            current[3].append(score)
        else:
            close()
            current = [i, i + 1, entity_type, [score]]
    close()
    return entities


class HFNer:
    """Sliding-window token classification with a local Hugging Face model (see module doc)."""

    def __init__(
        self,
        name: str,
        model: str,
        *,
        label_map: Optional[Dict[str, str]] = None,
        unmapped_label: Optional[str] = None,
        threshold: float = 0.5,
        max_length: Optional[int] = None,
        stride: Optional[int] = None,
        batch_size: int = 8,
        device: str = "cpu",
        spans_key: str,
    ) -> None:
        install_extensions()
        self.name = name
        self.model_path = model
        mapping = DEFAULT_LABEL_MAP if label_map is None else label_map
        for target in list(mapping.values()) + ([unmapped_label] if unmapped_label else []):
            schema.get_type(target)  # fail early on a label the schema does not know
        self.label_map = {k.upper(): v for k, v in mapping.items()}
        self.unmapped_label = unmapped_label
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"{name}: threshold must be between 0 and 1, got {threshold}")
        if batch_size < 1:
            raise ValueError(f"{name}: batch_size must be >= 1, got {batch_size}")
        self.threshold = threshold
        self.max_length = max_length
        self.stride = stride
        self.batch_size = batch_size
        self.device = device
        self.spans_key = spans_key
        self._hf: Optional[Tuple[Any, Any]] = None  # (tokenizer, model), loaded when first needed

    # -- the model ---------------------------------------------------------------------------

    def _load(self, path: Union[str, Path]) -> None:
        torch, transformers = _import_hf()
        if not path or not Path(path).exists():
            raise ValueError(f"{self.name}: model folder {str(path)!r} does not exist "
                             "(set [components.<name>] model to a local folder)")
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        if not tokenizer.is_fast:
            raise ValueError(f"{self.name}: the model's tokenizer has no fast version; "
                             "character offsets need one")
        model = transformers.AutoModelForTokenClassification.from_pretrained(
            str(path), local_files_only=True)
        model.to(torch.device(self.device)).eval()
        self._hf = (tokenizer, model)
        types = {split_bio(t)[1] for t in self.model_labels} - {""}
        dropped = sorted(t for t in types if self.target(t) is None)
        if dropped:
            logger.warning("%s: model entity types not in label_map, dropped: %s",
                           self.name, ", ".join(dropped))

    @property
    def hf(self) -> Tuple[Any, Any]:
        if self._hf is None:
            self._load(self.model_path)
        return self._hf  # type: ignore[return-value]

    @property
    def model_labels(self) -> List[str]:
        """The model's BIO labels. (No ``labels`` property: spaCy reads it for nlp.meta before
        ``from_disk``, which would load the model from the config's path.)"""
        id2label = self.hf[1].config.id2label
        return [id2label[i] for i in range(len(id2label))]

    def target(self, entity_type: str) -> Optional[str]:
        return self.label_map.get(entity_type.upper(), self.unmapped_label)

    def window_size(self) -> Tuple[int, int]:
        """(sub-words per window without special tokens, sub-words shared by neighbours)."""
        tokenizer, model = self.hf
        max_length = self.max_length
        if max_length is None:
            # Tokenizers of published models know their limit (RoBERTa: 512, although its
            # config says 514); a tokenizer built from a bare vocab file says "no limit".
            limit = tokenizer.model_max_length
            sane = limit and limit < 1_000_000
            max_length = limit if sane else model.config.max_position_embeddings
        size = max_length - tokenizer.num_special_tokens_to_add(pair=False)
        overlap = size // 4 if self.stride is None else self.stride
        window_starts(0, size, overlap)  # validates
        return size, overlap

    # -- inference ---------------------------------------------------------------------------

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Load the model now: a bad path fails at ``nlp.initialize()``, not on the first note."""
        if self._hf is None:
            self._load(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for doc, probs, enc in zip(batch, *self.predict(batch)):
                self.set_annotations(doc, probs, enc)
                yield doc

    def predict(self, docs: Sequence[Doc]) -> Tuple[List[numpy.ndarray], List[Any]]:
        """Per doc, the averaged label probabilities of each sub-word, and the encoding."""
        torch, _ = _import_hf()
        tokenizer, model = self.hf
        size, overlap = self.window_size()
        # split_special_tokens: a literal "[SEP]" or "</s>" in a note is text, not a separator.
        encodings = tokenizer([doc.text for doc in docs], add_special_tokens=False,
                              return_offsets_mapping=True, split_special_tokens=True, verbose=False)
        # Where a window's sub-words sit once the special tokens are added ([CLS] x [SEP]: 1).
        prefix = tokenizer.build_inputs_with_special_tokens([-1]).index(-1)
        jobs = []  # (doc index, start, ids) for every window of every doc
        for i, ids in enumerate(encodings["input_ids"]):
            jobs.extend((i, s, ids[s:s + size]) for s in window_starts(len(ids), size, overlap))
        rows: Dict[int, List[Tuple[int, numpy.ndarray]]] = {i: [] for i in range(len(docs))}
        for batch in minibatch(jobs, size=self.batch_size):
            inputs = [tokenizer.build_inputs_with_special_tokens(list(ids)) for _, _, ids in batch]
            width = max(map(len, inputs))
            pad = tokenizer.pad_token_id or 0
            input_ids = torch.tensor([x + [pad] * (width - len(x)) for x in inputs])
            mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in inputs])
            with torch.inference_mode():
                logits = model(input_ids=input_ids.to(model.device),
                               attention_mask=mask.to(model.device)).logits
            probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
            for (i, start, ids), p in zip(batch, probs):
                rows[i].append((start, p[prefix:prefix + len(ids)]))
        n_labels = len(self.model_labels)
        averaged = []
        for i, ids in enumerate(encodings["input_ids"]):
            if rows[i]:
                starts, outputs = zip(*rows[i])
                averaged.append(average_windows(len(ids), starts, outputs))
            else:
                averaged.append(numpy.zeros((0, n_labels)))
        return averaged, [encodings[i] for i in range(len(docs))]

    def set_annotations(self, doc: Doc, probs: numpy.ndarray, encoding: Any) -> None:
        labels = self.model_labels
        best = probs.argmax(axis=1) if len(probs) else numpy.zeros(0, dtype=int)
        tags = [labels[j] for j in best]
        scores = [float(probs[k, j]) for k, j in enumerate(best)]
        offsets = encoding.offsets
        found: Dict[Tuple[int, int, str], float] = {}
        for first, last, entity_type, score in decode_bio(tags, scores, encoding.word_ids):
            label = self.target(entity_type)
            if label is None or score < self.threshold:
                continue
            span = doc.char_span(offsets[first][0], offsets[last - 1][1], label=label,
                                 alignment_mode="expand")
            if span is None or not len(span):
                continue
            key = (span.start, span.end, label)
            found[key] = max(score, found.get(key, 0.0))
        spans = []
        for (start, end, label), score in sorted(found.items()):
            span = Span(doc, start, end, label=label)
            span._.deid_score = score
            spans.append(span)
        doc.spans[self.spans_key] = spans

    # -- serialization -----------------------------------------------------------------------

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        tokenizer, model = self.hf
        tokenizer.save_pretrained(str(path / HF_DIR))
        model.save_pretrained(str(path / HF_DIR))

    def from_disk(self, path, *, exclude=tuple()) -> "HFNer":
        """Load the copy saved with the pipeline (the config's ``model`` path is not needed)."""
        self.model_path = str(ensure_path(path) / HF_DIR)
        self._load(self.model_path)
        return self
