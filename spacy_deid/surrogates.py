"""deid_surrogates: computes the de-identified text without changing the Doc.

The Doc keeps its original text (downstream components such as medSpaCy ConText need the
original tokens and sentences); this component computes, for every span in ``doc.spans["phi"]``,
its replacement (``span._.surrogate``), the new text (``doc._.deid_text``) and the offset map
(``doc._.deid_offsets``: one :class:`OffsetEntry` per replaced span, from which any original
offset maps to the new text).

How a span is replaced is pluggable: a *replacer* is a function registered in
``spacy_deid.registry.replacers`` under a mode name, called with a :class:`ReplaceContext`
(the span, its label, the patient id, the keyed secret and, for the surrogate mode, the
document's surrogate state) and returning the new text. Built-in modes: ``surrogate`` (the
default: realistic, consistent, keyed fakes from :mod:`spacy_deid.surrogate`), ``tag``
("[DATE]"), ``mask`` (each letter or digit becomes "*", separators stay) and ``hash`` (keyed
HMAC of label and value). The mode is chosen per label (``modes``) with a default (``mode``).

The surrogates' locale follows the pipeline's language (``nlp.lang`` "es" -> ``es_ES``: Spanish
names, dates, phones, DNI/NIE, streets and places; anything else -> ``en_US``) unless
``locale`` is set. Spans of another group that have no schema type (MEDDOCAN's
OTROS_SUJETO_ASISTENCIA in ``doc.spans["phi.meddocan"]``) can be replaced too, by label,
with ``native_key`` and ``native_modes``.

The secret key comes from the environment variable ``SPACY_DEID_KEY`` or a file named by
``key_file``; it is never written to the pipeline on disk, to any output or to a log. Without
one, a random key is drawn per process, so keyed outputs differ between runs.
"""

import os
import secrets
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import schema
from .extensions import install_extensions
from .registry import replacers
from .surrogate.common import keyed_digest
from .surrogate.engine import DocSurrogates, SurrogateConfig, SurrogateEngine
from .surrogate.spanish import LANG_LOCALES

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
    # The document's surrogate state (set by the component when a label uses the surrogate mode).
    surrogates: Optional[DocSurrogates] = None

    def __repr__(self) -> str:  # never print the key or the value
        span = self.span
        return f"ReplaceContext(label={self.label!r}, start={span.start_char}, end={span.end_char})"

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


@lru_cache(maxsize=4)
def _default_engine(key: bytes) -> SurrogateEngine:
    return SurrogateEngine(key)


@replacers.register("surrogate")
def surrogate_replacer(ctx: ReplaceContext) -> str:
    """Realistic keyed surrogate (see :mod:`spacy_deid.surrogate`)."""
    state = ctx.surrogates
    if state is None:  # called outside the component: a one-span document state
        span = ctx.span
        state = _default_engine(ctx.key).start(
            span.doc.text, ctx.patient_id, [(span.start_char, span.end_char, ctx.label)]
        )
    return state.replace(ctx.label, ctx.span.start_char, ctx.span.end_char)


surrogate_replacer.uses_surrogate_state = True  # type: ignore[attr-defined]


@replacers.register("tag")
def tag_replacer(ctx: ReplaceContext) -> str:
    return f"[{ctx.label}]"


@replacers.register("mask")
def mask_replacer(ctx: ReplaceContext) -> str:
    return "".join("*" if ch.isalnum() else ch for ch in ctx.text)


@replacers.register("hash")
def hash_replacer(ctx: ReplaceContext) -> str:
    digest = keyed_digest(ctx.key, ctx.label, str(ctx.patient_id or ""), ctx.text)
    return f"[{ctx.label}-{digest.hex()[:10]}]"


@Language.factory(
    "deid_surrogates",
    assigns=["doc._.deid_text", "doc._.deid_offsets", "span._.surrogate"],
    requires=["doc.spans"],
    default_config={
        "spans_key": "phi",
        "mode": "surrogate",
        "modes": {},
        "key_file": None,
        "date_shift_range": [-365, -30],
        "day_first": False,
        "age_threshold": 89,
        "age_replacement": "90+",
        "shift_ages": 0,
        "phone_style": "nanp",
        "locale": None,
        "native_key": None,
        "native_modes": {},
    },
)
def make_surrogates(
    nlp: Language,
    name: str,
    spans_key: str,
    mode: str,
    modes: Dict[str, str],
    key_file: Optional[str],
    date_shift_range: List[int],
    day_first: bool,
    age_threshold: int,
    age_replacement: str,
    shift_ages: int,
    phone_style: str,
    locale: Optional[str],
    native_key: Optional[str],
    native_modes: Dict[str, str],
) -> "Surrogates":
    """Replace every PHI span of ``doc.spans[spans_key]``; the Doc's text never changes.

    spans_key: the span group to replace (the voter's ``"phi"``).
    mode: default replacement mode: ``"surrogate"`` (realistic, consistent, keyed fakes),
        ``"tag"`` (``[DATE]``), ``"mask"`` (``**/**/****``), ``"hash"`` (``[DATE-3f9a...]``), or
        any mode registered in ``spacy_deid.registry.replacers``.
    modes: per-label modes overriding ``mode``, e.g. ``{"AGE": "tag", "DATE": "mask"}``.
    key_file: file holding the secret key, used when ``SPACY_DEID_KEY`` is not set. Without
        either, a random per-process key is used: outputs then differ between runs.
    date_shift_range: ``[low, high]`` days; each patient (or, without ``doc._.patient_id``,
        each document) gets one keyed offset in this range (never 0), applied to all its dates.
    day_first: read ambiguous numeric dates (both fields <= 12) as day/month; the document's
        unambiguous dates and a "." separator decide first.
    age_threshold, age_replacement: ages above the threshold (also "90s", "nineties") are
        written as the replacement ("90+").
    shift_ages: 0 keeps ages up to the threshold; N > 0 moves them by one keyed per-patient
        amount in [-N, N] (never 0), clamped to [0, threshold].
    phone_style: ``"nanp"`` (valid-looking area code and exchange, so missed real numbers
        hide among fakes) or ``"fictional"`` (the reserved 555-0100..0199 lines).
    locale: ``"en_US"`` or ``"es_ES"`` (Spanish surrogates; dates read day first); ``null``
        takes it from the pipeline's language (``es`` -> ``es_ES``, else ``en_US``).
    native_key, native_modes: also replace the spans of ``doc.spans[native_key]`` whose label
        is a key of ``native_modes``, with that mode (``tag``, ``mask``, ``hash``: these labels
        have no surrogate generator), e.g. ``{"OTROS_SUJETO_ASISTENCIA": "tag"}`` with
        ``"phi.meddocan"``. Spans already in ``spans_key`` are replaced once.
    """
    return Surrogates(
        name, spans_key=spans_key, mode=mode, modes=modes, key_file=key_file,
        date_shift_range=date_shift_range, day_first=day_first, age_threshold=age_threshold,
        age_replacement=age_replacement, shift_ages=shift_ages, phone_style=phone_style,
        locale=locale or LANG_LOCALES.get(nlp.lang, "en_US"), native_key=native_key,
        native_modes=native_modes,
    )


class Surrogates:
    """Replaces every PHI span according to its label's mode; never edits the Doc's text."""

    def __init__(
        self,
        name: str = "deid_surrogates",
        *,
        spans_key: str = "phi",
        mode: str = "surrogate",
        modes: Optional[Dict[str, str]] = None,
        key_file: Optional[str] = None,
        date_shift_range: Optional[List[int]] = None,
        day_first: bool = False,
        age_threshold: int = 89,
        age_replacement: str = "90+",
        shift_ages: int = 0,
        phone_style: str = "nanp",
        locale: str = "en_US",
        native_key: Optional[str] = None,
        native_modes: Optional[Dict[str, str]] = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.spans_key = spans_key
        self.mode = mode
        self.modes = dict(modes or {})
        for label in self.modes:
            schema.get_type(label)
        self.native_key = native_key
        self.native_modes = dict(native_modes or {})
        if self.native_modes and not native_key:
            raise ValueError("deid_surrogates: native_modes needs native_key (the span group)")
        self._replacers: Dict[str, Callable[[ReplaceContext], str]] = {
            m: self._get_replacer(m)
            for m in {mode, *self.modes.values(), *self.native_modes.values()}
        }
        for label, m in self.native_modes.items():
            if getattr(self._replacers[m], "uses_surrogate_state", False):
                raise ValueError(
                    f"deid_surrogates: native label {label!r} has no surrogate generator; "
                    f"use tag, mask or hash in native_modes"
                )
        self._key = load_key(key_file)
        lo, hi = (date_shift_range if date_shift_range is not None else (-365, -30))
        self.surrogate_config = SurrogateConfig(
            date_shift_range=(int(lo), int(hi)), day_first=day_first, age_threshold=age_threshold,
            age_replacement=age_replacement, shift_ages=shift_ages, phone_style=phone_style,
            locale=locale,
        )
        self._stateful = {
            m for m, r in self._replacers.items() if getattr(r, "uses_surrogate_state", False)
        }
        # Pools load here, once, so the first note is not slower than the others.
        self.engine: Optional[SurrogateEngine] = (
            SurrogateEngine(self._key, self.surrogate_config) if self._stateful else None
        )

    @property
    def fallbacks(self) -> Dict[str, int]:
        """How many values per label the surrogate mode replaced by a tag instead."""
        return dict(self.engine.fallbacks) if self.engine is not None else {}

    @staticmethod
    def _get_replacer(mode: str) -> Callable[[ReplaceContext], str]:
        try:
            return replacers.get(mode)
        except Exception:
            raise ValueError(
                f"deid_surrogates: unknown mode {mode!r}; known: {sorted(replacers.get_all())}"
            ) from None

    def _spans(self, doc: Doc) -> List[Tuple[Span, str]]:
        """(span, mode) of every span to replace, in text order."""
        spans = [
            (s, self.modes.get(s.label_, self.mode)) for s in doc.spans.get(self.spans_key, [])
        ]
        if self.native_modes and self.native_key in doc.spans:
            done = {(s.start_char, s.end_char) for s, _ in spans}
            spans += [
                (s, self.native_modes[s.label_])
                for s in doc.spans[self.native_key]
                if s.label_ in self.native_modes and (s.start_char, s.end_char) not in done
            ]
        return sorted(spans, key=lambda sm: (sm[0].start_char, sm[0].end_char))

    def __call__(self, doc: Doc) -> Doc:
        spans = self._spans(doc)
        pieces: List[str] = []
        offsets: List[OffsetEntry] = []
        cursor = 0
        new_len = 0
        patient_id = doc._.patient_id
        text = doc.text  # Doc.text joins all tokens: compute it once, not per span
        state: Optional[DocSurrogates] = None
        if self.engine is not None:
            mentions = [(s.start_char, s.end_char, s.label_) for s, m in spans
                        if m in self._stateful]
            if mentions:
                state = self.engine.start(text, patient_id, mentions)
        for span, mode in spans:
            if span.start_char < cursor:
                # The voter never emits overlaps; a custom group might. Fail closed: extend
                # the previous replacement rather than leave part of this span in the clear.
                raise ValueError(
                    f"deid_surrogates: overlapping spans in doc.spans[{self.spans_key!r}] "
                    f"at offset {span.start_char}; run deid_voter first"
                )
            label = span.label_
            replacer = self._replacers[mode]
            new = replacer(ReplaceContext(span, label, patient_id, self._key, state))
            span._.surrogate = new
            between = text[cursor:span.start_char]
            pieces.append(between)
            new_len += len(between)
            pieces.append(new)
            offsets.append(
                OffsetEntry(span.start_char, span.end_char, new_len, new_len + len(new), label)
            )
            new_len += len(new)
            cursor = span.end_char
        pieces.append(text[cursor:])
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
