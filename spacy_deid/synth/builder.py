"""The span-recording text builder: notes are lists of segments, never searched afterwards.

Why segments: a gold span is only exact if it is recorded at the moment its text is placed.
Every writer therefore produces a flat list of :class:`Seg` -- literal text (``label=None``)
or one PHI value (``label`` set) -- and :func:`render` concatenates them, computing offsets
as it goes. Transformations that real notes need (lower-case or ALL-CAPS notes, dropped
punctuation, abbreviations, typos, line wrapping) are applied *per segment* before offsets are
taken, so they can never shift a span: case changes apply to PHI and literal text alike
(a lower-case nursing note has a lower-case name in it), while punctuation, abbreviation and
typo noise touch literal text only. :func:`verify` then re-checks every span against the
value the PHI factory produced.
"""
from __future__ import annotations

import random
import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .. import schema


@dataclass(frozen=True)
class Seg:
    """One piece of a note: literal text, or one PHI value with its label (and name origin)."""

    text: str
    label: Optional[str] = None
    origin: Optional[str] = None


Segs = List[Seg]
Piece = Union[str, Seg, Sequence[Seg], None, int, float]


class SynthError(ValueError):
    """A generated note broke a gold-span invariant (a bug in the generator, never data)."""


def phi(value: str, label: str, origin: Optional[str] = None) -> Seg:
    """A PHI segment; the label must be a schema label and the value must be trimmed."""
    if label not in schema.PHI_TYPES:
        raise SynthError(f"unknown PHI label {label!r}")
    if not value or value != value.strip():
        raise SynthError(f"{label} value {value!r} is empty or has surrounding whitespace")
    return Seg(value, label, origin)


def as_segs(piece: Piece) -> Segs:
    if piece is None:
        return []
    if isinstance(piece, Seg):
        return [piece]
    if isinstance(piece, (str, int, float)):
        s = str(piece)
        return [Seg(s)] if s else []
    out: Segs = []
    for p in piece:
        out.extend(as_segs(p))
    return out


_FORMATTER = string.Formatter()
_PARSE_CACHE: Dict[str, List[Tuple[str, Optional[str]]]] = {}


def S(fmt: str, **fields: Piece) -> Segs:
    """Fill a ``str.format``-style template with literal strings or PHI segments.

    ``S("MRN: {mrn}  DOB: {dob}", mrn=phi("00482913", "MEDICALRECORD"), dob=...)``. The
    template is parsed, not searched, so a PHI value's offsets are known by construction.
    """
    parsed = _PARSE_CACHE.get(fmt)
    if parsed is None:
        parsed = [(lit, name) for lit, name, _spec, _conv in _FORMATTER.parse(fmt)]
        _PARSE_CACHE[fmt] = parsed
    out: Segs = []
    for literal, name in parsed:
        if literal:
            out.append(Seg(literal))
        if name is not None:
            if name not in fields:
                raise SynthError(f"template field {{{name}}} not given in {fmt!r}")
            out.extend(as_segs(fields[name]))
    return out


def join(parts: Iterable[Piece], sep: str = ", ", last: Optional[str] = None) -> Segs:
    """Join pieces with a separator (and an optional different last separator, e.g. ' and ')."""
    items = [as_segs(p) for p in parts]
    items = [i for i in items if i]
    out: Segs = []
    for k, item in enumerate(items):
        if k:
            out.append(Seg(last if (last is not None and k == len(items) - 1) else sep))
        out.extend(item)
    return out


def text_of(segs: Sequence[Seg]) -> str:
    return "".join(s.text for s in segs)


# ---------------------------------------------------------------------------------------------
# Per-segment transformations
# ---------------------------------------------------------------------------------------------

def wrap(segs: Sequence[Seg], width: int, start_col: int = 0) -> Segs:
    """Hard-wrap prose at ``width`` by turning spaces in literal text into newlines.

    PHI values are never broken (a name wrapped across lines would be two spans), so a line
    may run over when a long value sits at its end, as in dictated notes.
    """
    out: Segs = []
    col = start_col
    for seg in segs:
        if seg.label is not None:
            out.append(seg)
            col += len(seg.text)
            continue
        parts = re.split(r"( )", seg.text)
        buf: List[str] = []
        for part in parts:
            if part == " ":
                buf.append(" ")
                col += 1
                continue
            if "\n" in part:
                buf.append(part)
                col = len(part) - part.rfind("\n") - 1
                continue
            if col + len(part) > width and buf and buf[-1] == " ":
                buf[-1] = "\n"
                col = 0
            buf.append(part)
            col += len(part)
        out.append(Seg("".join(buf)))
    return out


ABBREVIATIONS: Tuple[Tuple[str, str], ...] = (
    (r"\bpatient\b", "pt"),
    (r"\bPatient\b", "Pt"),
    (r"\bhistory of\b", "h/o"),
    (r"\bwith\b", "w/"),
    (r"\bwithout\b", "w/o"),
    (r"\bstatus post\b", "s/p"),
    (r"\bshortness of breath\b", "SOB"),
    (r"\bchest pain\b", "CP"),
    (r"\bcomplains of\b", "c/o"),
    (r"\bcomplaining of\b", "c/o"),
    (r"\bnausea and vomiting\b", "N/V"),
    (r"\bfollow-up\b", "f/u"),
    (r"\bfollow up\b", "f/u"),
    (r"\bsecondary to\b", "2/2"),
    (r"\bblood pressure\b", "BP"),
    (r"\bheart rate\b", "HR"),
    (r"\bevery\b", "q"),
    (r"\btwice daily\b", "BID"),
    (r"\bdaily\b", "qd"),
    (r"\bdischarge\b", "d/c"),
    (r"\bbilateral\b", "b/l"),
    (r"\bdiagnosis\b", "dx"),
    (r"\btreatment\b", "tx"),
    (r"\bsymptoms\b", "sx"),
    (r"\bprescription\b", "rx"),
    (r"\band\b", "&"),
    (r"\bhours\b", "hrs"),
    (r"\bminutes\b", "min"),
    (r"\bapproximately\b", "approx"),
    (r"\bnormal\b", "nl"),
    (r"\bwithin normal limits\b", "WNL"),
    (r"\bno acute distress\b", "NAD"),
)
_ABBREV_RE = [(re.compile(p), r) for p, r in ABBREVIATIONS]

_KEYBOARD_NEIGHBOURS = {
    "a": "sq", "e": "wr", "i": "uo", "o": "ip", "n": "bm", "t": "ry", "s": "ad", "r": "et",
    "l": "k", "c": "xv", "d": "sf", "m": "n", "p": "o", "u": "yi", "h": "gj",
}
_WORD_RE = re.compile(r"[a-z]{5,}")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:  # transposition
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.6:  # dropped letter
        return word[:i] + word[i + 1:]
    if kind < 0.8:  # doubled letter
        return word[:i] + word[i] + word[i:]
    near = _KEYBOARD_NEIGHBOURS.get(word[i])
    if not near:
        return word[:i] + word[i + 1:]
    return word[:i] + rng.choice(near) + word[i + 1:]


@dataclass
class Noise:
    """Surface noise for one note; every field is decided once per note by the writer."""

    case: Optional[str] = None  # None, "lower" or "upper"
    abbreviate: float = 0.0  # probability of applying each abbreviation match
    drop_periods: float = 0.0  # probability of dropping a sentence-final period
    typo_rate: float = 0.0  # per eligible lower-case word


def apply_noise(segs: Sequence[Seg], noise: Noise, rng: random.Random) -> Segs:
    out: Segs = []
    for seg in segs:
        text = seg.text
        if seg.label is None:
            if noise.abbreviate:
                for rx, rep in _ABBREV_RE:
                    text = rx.sub(lambda m: rep if rng.random() < noise.abbreviate else m.group(0), text)
            if noise.drop_periods:
                text = re.sub(
                    r"(?<=[a-z)])\.(?=\s)",
                    lambda m: "" if rng.random() < noise.drop_periods else ".",
                    text,
                )
            if noise.typo_rate:
                text = _WORD_RE.sub(
                    lambda m: _typo(m.group(0), rng) if rng.random() < noise.typo_rate else m.group(0),
                    text,
                )
        if noise.case == "lower":
            text = text.lower()
        elif noise.case == "upper":
            text = text.upper()
        if seg.label is not None:
            text = text.strip()
            if not text:
                raise SynthError(f"{seg.label} value vanished under case change")
        out.append(Seg(text, seg.label, seg.origin) if text != seg.text else seg)
    return out


def strip_accents(value: str) -> str:
    """ASCII-fold a name the way many US EHRs store it ("Trần" -> "Tran", "Đặng" -> "Dang")."""
    value = value.replace("Đ", "D").replace("đ", "d").replace("ł", "l").replace("Ł", "L")
    value = value.replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Rendering and verification
# ---------------------------------------------------------------------------------------------

def render(segs: Sequence[Seg]) -> Tuple[str, List[Dict[str, Any]]]:
    """Concatenate segments; return the text and its spans (offsets known by construction)."""
    pieces: List[str] = []
    spans: List[Dict[str, Any]] = []
    pos = 0
    for seg in segs:
        if not seg.text:
            continue
        if seg.label is not None:
            span: Dict[str, Any] = {"start": pos, "end": pos + len(seg.text), "label": seg.label}
            if seg.origin:
                span["origin"] = seg.origin
            spans.append(span)
        pieces.append(seg.text)
        pos += len(seg.text)
    return "".join(pieces), spans


def verify(text: str, spans: List[Dict[str, Any]], segs: Sequence[Seg]) -> None:
    """Check the gold invariants; raise :class:`SynthError` naming the broken one."""
    values = [s for s in segs if s.label is not None and s.text]
    if len(values) != len(spans):
        raise SynthError("span count differs from PHI segment count")
    prev_end = -1
    for span, seg in zip(spans, values):
        start, end, label = span["start"], span["end"], span["label"]
        surface = text[start:end]
        if surface != seg.text:
            raise SynthError(f"{label} span text {surface!r} differs from its value {seg.text!r}")
        if not surface or surface != surface.strip():
            raise SynthError(f"{label} span at {start} is empty or has surrounding whitespace")
        if label not in schema.PHI_TYPES:
            raise SynthError(f"unknown label {label!r}")
        if start < prev_end:
            raise SynthError(f"overlapping spans at {start}")
        prev_end = end
    # Adjacent PHI of the same label with nothing between them would merge under
    # token-level evaluation; writers must always separate them.
    for a, b in zip(spans, spans[1:]):
        if a["end"] == b["start"] and a["label"] == b["label"]:
            raise SynthError(f"adjacent {a['label']} spans at {a['end']} with no separator")
