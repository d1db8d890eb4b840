"""Inline PHI markup (``[[text|LABEL]]``) to plain text with character-offset gold spans.

Hand-written gold (the bundled sample notes, the independent sets under ``corpus/eval/``) is
authored with every PHI mention marked inline, which is easier to write and review than
offsets::

    patient_id: P001
    style: portal_message
    ---
    Mr. [[Whitfield|PATIENT]] is a [[67|AGE]]-year-old ...

:func:`parse_document` strips the marks and checks what a program can check: labels are
schema labels, no span has surrounding whitespace, spans do not overlap, no markup is left.
Errors name the source and line, never the text.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence, Tuple

from .. import schema

MARK_RE = re.compile(r"\[\[([^\[\]|\n]+)\|([A-Z_]+)\]\]")


class MarkupError(ValueError):
    """A marked-up source that cannot be turned into gold (names the source and line)."""


def parse_header(header: str, keys: Sequence[str], where: str) -> Dict[str, str]:
    """``key: value`` lines; every key must be one of ``keys`` and every key present."""
    meta: Dict[str, str] = {}
    for lineno, line in enumerate(header.splitlines(), 1):
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in keys:
            expected = " or ".join(f"'{k}: ...'" for k in keys)
            raise MarkupError(f"{where}:{lineno}: expected {expected}")
        meta[key.strip()] = value.strip()
    missing = [k for k in keys if not meta.get(k)]
    if missing:
        raise MarkupError(f"{where}: header lacks {', '.join(missing)}")
    return meta


def strip_marks(body: str, where: str, first_line: int = 1) -> Tuple[str, List[Dict[str, Any]]]:
    """The plain text of ``body`` and its spans ``{"start", "end", "label"}``, checked."""
    pieces: List[str] = []
    spans: List[Dict[str, Any]] = []
    pos = out_len = 0
    for m in MARK_RE.finditer(body):
        pieces.append(body[pos : m.start()])
        out_len += m.start() - pos
        surface, label = m.group(1), m.group(2)
        lineno = body.count("\n", 0, m.start()) + first_line
        if label not in schema.LABELS:
            raise MarkupError(f"{where}:{lineno}: unknown label {label!r}")
        if surface != surface.strip():
            raise MarkupError(f"{where}:{lineno}: {label} span has surrounding whitespace")
        spans.append({"start": out_len, "end": out_len + len(surface), "label": label})
        pieces.append(surface)
        out_len += len(surface)
        pos = m.end()
    pieces.append(body[pos:])
    text = "".join(pieces)
    for token in ("[[", "]]"):
        if token in text:
            lineno = text.count("\n", 0, text.index(token)) + first_line
            raise MarkupError(f"{where}:{lineno}: malformed markup")
    for prev, cur in zip(spans, spans[1:]):
        if cur["start"] < prev["end"]:
            raise MarkupError(f"{where}: overlapping spans at offset {cur['start']}")
    return text, spans


def parse_document(raw: str, where: str, keys: Sequence[str]) -> Dict[str, Any]:
    """A header (``keys``), a ``---`` line, then the marked-up text: one gold record
    ``{**header, "text", "spans"}``."""
    if "\r" in raw:
        raise MarkupError(f"{where}: use \\n line ends")
    header, sep, body = raw.partition("\n---\n")
    if not sep:
        raise MarkupError(f"{where}: missing the '---' line after the header")
    meta = parse_header(header, keys, where)
    text, spans = strip_marks(body, where, first_line=len(header.splitlines()) + 2)
    return {**meta, "text": text, "spans": spans}
