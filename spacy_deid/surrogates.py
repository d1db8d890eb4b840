"""deid_surrogates: computes the de-identified text without changing the Doc.

The Doc keeps its original text (downstream components such as medSpaCy ConText need the
original tokens and sentences); this component computes, for every span in ``doc.spans["phi"]``,
its replacement (``span._.surrogate``), the new text (``doc._.deid_text``) and the offset map
(``doc._.deid_offsets``: one :class:`OffsetEntry` per replaced span, from which any original
offset maps to the new text).

How a span is replaced is pluggable: a *replacer* is a function registered in
``spacy_deid.registry.replacers`` under a mode name, called with a :class:`ReplaceContext`
(the span, its label, the patient id and the keyed secret) and returning the new text. Built-in
modes: ``tag`` ("[DATE]"), ``mask`` (each letter or digit becomes "*", separators stay) and
``hash`` (keyed HMAC of label and value). The mode is chosen per label (``modes``) with a
default (``mode``). Realistic surrogates plug in the same way.

The secret key comes from the environment variable ``SPACY_DEID_KEY`` or a file named by
``key_file``; it is never written to the pipeline on disk, to any output or to a log. Without
one, a random key is drawn per process, so keyed outputs differ between runs.
"""

import hashlib
import hmac
import os
import secrets
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import schema
from .extensions import install_extensions
from .registry import replacers

KEY_ENV = "SPACY_DEID_KEY"


class OffsetEntry(NamedTuple):
    """One replaced span: original [start, end) became new [new_start, new_end)."""

    start: int
    end: int
    new_start: int
    new_end: int
    label: str


@dataclass(frozen=True)
class ReplaceContext:
    span: Span
    label: str
    patient_id: Optional[str]
    key: bytes

    @property
    def text(self) -> str:
        return self.span.text


def load_key(key_file: Optional[str] = None) -> bytes:
    """The secret key: ``SPACY_DEID_KEY``, else ``key_file``, else a random per-process key."""
    value = os.environ.get(KEY_ENV)
    if value:
        return value.encode("utf8")
    if key_file:
        path = Path(key_file)
        if not path.is_file():
            raise ValueError(f"deid_surrogates: key file {path} does not exist")
        data = path.read_bytes().strip()
        if not data:
            raise ValueError(f"deid_surrogates: key file {path} is empty")
        return data
    return secrets.token_bytes(32)


def keyed_digest(key: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the parts under the secret key (parts joined unambiguously)."""
    message = "\x1f".join(parts).encode("utf8")
    return hmac.new(key, message, hashlib.sha256).digest()


@replacers.register("tag")
def tag_replacer(ctx: ReplaceContext) -> str:
    return f"[{ctx.label}]"


@replacers.register("mask")
def mask_replacer(ctx: ReplaceContext) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in ctx.text)


@replacers.register("hash")
def hash_replacer(ctx: ReplaceContext) -> str:
    digest = keyed_digest(ctx.key, ctx.label, ctx.patient_id or "", ctx.text)
    return f"[{ctx.label}-{digest.hex()[:10]}]"


@Language.factory(
    "deid_surrogates",
    assigns=["doc._.deid_text", "doc._.deid_offsets", "span._.surrogate"],
    requires=["doc.spans"],
    default_config={"spans_key": "phi", "mode": "tag", "modes": {}, "key_file": None},
)
def make_surrogates(
    nlp: Language,
    name: str,
    spans_key: str,
    mode: str,
    modes: Dict[str, str],
    key_file: Optional[str],
) -> "Surrogates":
    return Surrogates(name, spans_key=spans_key, mode=mode, modes=modes, key_file=key_file)


class Surrogates:
    """Replaces every PHI span according to its label's mode; never edits the Doc's text."""

    def __init__(
        self,
        name: str = "deid_surrogates",
        *,
        spans_key: str = "phi",
        mode: str = "tag",
        modes: Optional[Dict[str, str]] = None,
        key_file: Optional[str] = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.spans_key = spans_key
        self.mode = mode
        self.modes = dict(modes or {})
        for label in self.modes:
            schema.get_type(label)
        self._replacers: Dict[str, Callable[[ReplaceContext], str]] = {
            m: self._get_replacer(m) for m in {mode, *self.modes.values()}
        }
        self._key = load_key(key_file)

    @staticmethod
    def _get_replacer(mode: str) -> Callable[[ReplaceContext], str]:
        try:
            return replacers.get(mode)
        except Exception:
            raise ValueError(
                f"deid_surrogates: unknown mode {mode!r}; known: {sorted(replacers.get_all())}"
            ) from None

    def __call__(self, doc: Doc) -> Doc:
        spans = sorted(doc.spans.get(self.spans_key, []), key=lambda s: (s.start_char, s.end_char))
        pieces: List[str] = []
        offsets: List[OffsetEntry] = []
        cursor = 0
        new_len = 0
        patient_id = doc._.patient_id
        for span in spans:
            if span.start_char < cursor:
                # The voter never emits overlaps; a custom group might. Fail closed: extend
                # the previous replacement rather than leave part of this span in the clear.
                raise ValueError(
                    f"deid_surrogates: overlapping spans in doc.spans[{self.spans_key!r}] "
                    f"at offset {span.start_char}; run deid_voter first"
                )
            label = span.label_
            replacer = self._replacers[self.modes.get(label, self.mode)]
            new = replacer(ReplaceContext(span, label, patient_id, self._key))
            span._.surrogate = new
            between = doc.text[cursor:span.start_char]
            pieces.append(between)
            new_len += len(between)
            pieces.append(new)
            offsets.append(OffsetEntry(span.start_char, span.end_char, new_len, new_len + len(new), label))
            new_len += len(new)
            cursor = span.end_char
        pieces.append(doc.text[cursor:])
        doc._.deid_text = "".join(pieces)
        doc._.deid_offsets = offsets
        return doc


def map_offset(offsets: List[OffsetEntry], position: int) -> int:
    """Map a character offset of the original text to the de-identified text.

    Offsets inside a replaced span map to the start of its replacement.
    """
    i = bisect_right([e.start for e in offsets], position) - 1
    if i < 0:
        return position
    entry = offsets[i]
    if position < entry.end:
        return entry.new_start
    return entry.new_end + (position - entry.end)
