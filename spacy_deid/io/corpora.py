"""Annotated corpora: i2b2 2014 XML, BRAT standoff and JSONL spans, to and from ``.spacy`` DocBins.

Readers yield :class:`AnnotatedNote` records whose span labels are schema labels (mapped
through a :class:`~spacy_deid.schema.LabelSet`); :func:`notes_to_docbin` tokenises them and
aligns the spans; the writers turn notes or Docs back into JSONL, BRAT or i2b2 XML, so a
corpus survives ``reader -> DocBin -> writer -> reader`` with the same spans.

Nothing is dropped silently. Every problem (offsets outside the text, a ``text`` attribute
that does not match the offsets, overlapping or duplicate gold spans, labels the label set
does not know, discontinuous or misaligned spans, unreadable files) becomes a
:class:`Problem` naming the file and the line or character offset, collected in a
:class:`Report`. Readers called without a report emit one warning with the counts at the end.
Problems never quote note text (which is PHI): only offsets, labels and note ids.

Decisions worth knowing:

- Labels mapped to ``None`` by the label set (MEDDOCAN's SEXO_SUJETO_ASISTENCIA...) are
  dropped and counted in ``Report.dropped``; labels the set does not know are dropped,
  counted in ``Report.unknown`` and reported as problems.
- Discontinuous BRAT spans (``T1\\tLABEL 10 20;25 30``) are reported and, by default, split
  into one span per fragment: each fragment is the PHI, while the covering span would also
  label the text between them. ``discontinuous="cover"`` takes the covering span instead.
- Overlapping gold spans are reported and kept in the span group (which may overlap); exact
  duplicates (same offsets and label) are reported and kept once.
- Alignment: a span is first aligned with ``alignment_mode="strict"``. A span that does not
  fall on token boundaries is counted as misaligned, reported, and then aligned with the
  ``alignment`` mode ("expand" by default, as recall comes first and a token that holds part of
  a name is PHI; "contract" keeps only whole tokens inside; "strict" drops it, reported).
  Misaligned spans are therefore written back with their expanded/contracted offsets.
- ``doc.ents`` (for training spaCy's NER) gets the spans that overlap no other span; tokens
  under overlapping spans are set to *missing*, not *outside*, so NER is never taught that PHI
  is not PHI. All spans, overlapping or not, are in ``doc.spans[spans_key]``.
- A UTF-8 byte order mark at the start of a BRAT ``.txt`` counts as a character in BRAT
  offsets (MEDDOCAN has 15 such train files). The reader drops it and shifts the offsets.
- i2b2 XML: the patient id comes from the i2b2 2014 file name ``<patient>-<record>.xml``
  (``patient_pattern``). BRAT and i2b2 XML have no place for the patient id or ``meta``; JSONL
  and DocBins keep them. The XML writer emits schema labels as ``TYPE`` (``LOCATION_OTHER``),
  which the ``i2b2_xml`` label set reads back.
"""

from __future__ import annotations

import functools
import json
import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    Union,
)
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from .. import schema
from .. import tokenizer as _tokenizer  # noqa: F401  (registers the clinical tokenizer)
from ..extensions import install_extensions
from .notes import decode, jsonl_objects

FORMATS = ("i2b2", "brat", "jsonl")
ALIGNMENT_MODES = ("strict", "expand", "contract")
DISCONTINUOUS_MODES = ("split", "cover")
DEFAULT_LABEL_SETS = {"i2b2": "i2b2_xml", "brat": "i2b2", "jsonl": "i2b2"}
# i2b2 2014 record names: "<patient>-<record>.xml", e.g. 220-01.xml is patient 220's 1st note.
I2B2_PATIENT_PATTERN = r"^(\d+)-\d+$"
ID_KEY = "deid_id"
META_KEY = "deid_meta"

SpanTuple = Tuple[int, int, str]


@dataclass
class AnnotatedNote:
    """A note with gold PHI spans ``(start, end, label)``: character offsets, schema labels."""

    id: str
    text: str
    spans: List[SpanTuple] = field(default_factory=list)
    patient_id: Optional[str] = None
    meta: Dict[str, Any] = field(default_factory=dict)
    file: Optional[str] = None  # where the note came from, for problem reports
    line: Optional[int] = None  # 1-based line in a JSONL file

    @property
    def where(self) -> str:
        return self.file or self.id


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: file, line (JSONL, .ann) or character offset, message."""

    file: str
    line_or_offset: Optional[int]
    message: str
    kind: str = "other"
    unit: str = "line"  # what ``line_or_offset`` counts: "line" (1-based) or "offset" (characters)

    def __str__(self) -> str:
        if self.line_or_offset is None:
            where = self.file
        elif self.unit == "offset":
            where = f"{self.file} @{self.line_or_offset}"
        else:
            where = f"{self.file}:{self.line_or_offset}"
        return f"{where}: {self.message}"


class CorpusWarning(UserWarning):
    """Problems met while reading or converting an annotated corpus."""


@dataclass
class Report:
    """Counts and problems of one conversion. Never holds note text."""

    notes: int = 0  # notes read
    spans: Counter = field(default_factory=Counter)  # schema label -> spans read
    dropped: Counter = field(default_factory=Counter)  # foreign label mapped to None -> count
    unknown: Counter = field(default_factory=Counter)  # label not in the label set -> count
    docs: int = 0  # docs made by notes_to_docbin
    aligned: int = 0  # spans put on docs
    misaligned: int = 0  # spans not on token boundaries (then aligned per ``alignment``)
    problems: List[Problem] = field(default_factory=list)

    def add(
        self, file: Any, where: Optional[int], message: str, kind: str = "other", unit: str = "line"
    ) -> None:
        """Record a problem at a line (``unit="line"``) or a character offset (``"offset"``)."""
        self.problems.append(Problem(str(file), where, message, kind, unit))

    @property
    def kinds(self) -> Counter:
        return Counter(p.kind for p in self.problems)

    def summary(self) -> Dict[str, Any]:
        return {
            "notes": self.notes,
            "spans": dict(sorted(self.spans.items())),
            "dropped": dict(sorted(self.dropped.items())),
            "unknown": dict(sorted(self.unknown.items())),
            "docs": self.docs,
            "aligned": self.aligned,
            "misaligned": self.misaligned,
            "problems": dict(sorted(self.kinds.items())),
        }

    def warning_text(self, limit: int = 5) -> str:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.kinds.items()))
        first = "; ".join(str(p) for p in self.problems[:limit])
        more = f" (and {len(self.problems) - limit} more)" if len(self.problems) > limit else ""
        return f"{len(self.problems)} corpus problems ({kinds}). {first}{more}"


def _warn_unless_reported(func: Callable[..., Iterator[AnnotatedNote]]):
    """Readers called without a report warn once, with counts, when they finish."""

    @functools.wraps(func)
    def wrapper(
        *args: Any, report: Optional[Report] = None, **kwargs: Any
    ) -> Iterator[AnnotatedNote]:
        own = report is None
        report = Report() if own else report
        yield from func(*args, report=report, **kwargs)
        if own and report.problems:
            warnings.warn(report.warning_text(), CorpusWarning, stacklevel=2)

    return wrapper


# ----------------------------------------------------------------------------------------
# Shared checks


class _Labels:
    """Maps foreign labels to schema labels, counting drops and unknowns."""

    def __init__(self, label_set: Union[str, schema.LabelSet], report: Report) -> None:
        self.label_set = (
            schema.get_label_set(label_set) if isinstance(label_set, str) else label_set
        )
        self.report = report

    def map(
        self, label: Any, file: Any, where: Optional[int], context: str, unit: str = "line"
    ) -> Optional[str]:
        if not isinstance(label, str) or not label:
            self.report.add(
                file, where, f"{context}: missing or non-string label", "unknown_label", unit
            )
            self.report.unknown[str(label)] += 1
            return None
        if label not in self.label_set:
            self.report.add(
                file,
                where,
                f"{context}: label {label!r} is not in label set {self.label_set.name!r}",
                "unknown_label",
                unit,
            )
            self.report.unknown[label] += 1
            return None
        target = self.label_set.to_schema(label)
        if target is None:
            self.report.dropped[label] += 1
        return target


def _finish(
    note: AnnotatedNote,
    raw: Sequence[Tuple[int, int, str, Optional[int]]],
    report: Report,
    unit: str = "line",
) -> AnnotatedNote:
    """Drop exact duplicates and report overlaps; ``raw`` holds (start, end, label, where)."""
    spans: Dict[SpanTuple, Optional[int]] = {}
    for start, end, label, where in raw:
        if (start, end, label) in spans:
            report.add(
                note.where,
                where,
                f"note {note.id}: duplicate span {start}-{end} {label}; kept once",
                "duplicate",
                unit,
            )
            continue
        spans[(start, end, label)] = where
    ordered = sorted(spans)
    # Overlaps: each span against the spans that start before it ends.
    for i, (start, end, label) in enumerate(ordered):
        for start2, end2, label2 in ordered[i + 1 :]:
            if start2 >= end:
                break
            report.add(
                note.where,
                spans[(start2, end2, label2)],
                f"note {note.id}: span {start2}-{end2} {label2} overlaps "
                f"span {start}-{end} {label}",
                "overlap",
                unit,
            )
    note.spans = ordered
    report.notes += 1
    report.spans.update(label for _, _, label in ordered)
    return note


def _offsets(
    start: Any,
    end: Any,
    text: str,
    file: Any,
    where: Optional[int],
    context: str,
    report: Report,
    unit: str = "line",
) -> Optional[Tuple[int, int]]:
    """Integer offsets inside the text with start < end, or None (reported)."""
    try:
        if isinstance(start, bool) or isinstance(end, bool):
            raise ValueError
        s, e = int(start), int(end)
        if isinstance(start, float) or isinstance(end, float):
            if s != start or e != end:
                raise ValueError
    except (TypeError, ValueError):
        report.add(file, where, f"{context}: offsets are not integers", "offsets", unit)
        return None
    if not 0 <= s < e <= len(text):
        report.add(
            file,
            where,
            f"{context}: offsets {s}-{e} outside the text (length {len(text)}) or empty",
            "offsets",
            unit,
        )
        return None
    return s, e


def _same_text(given: str, actual: str) -> bool:
    """BRAT and XML attributes turn line breaks into spaces: compare modulo whitespace."""
    return given == actual or " ".join(given.split()) == " ".join(actual.split())


def _files(path: Path, suffix: str) -> Iterator[Tuple[Path, Path]]:
    """(file, root) pairs: the file itself, or a folder's files with ``suffix``, sorted."""
    path = Path(path)
    if path.is_dir():
        for file in sorted(p for p in path.rglob(f"*{suffix}") if p.is_file()):
            yield file, path
    elif path.is_file():
        yield path, path.parent
    else:
        raise FileNotFoundError(f"Input {path} does not exist")


def _note_id(file: Path, root: Path) -> str:
    return file.relative_to(root).with_suffix("").as_posix()


# ----------------------------------------------------------------------------------------
# Readers


@_warn_unless_reported
def read_i2b2_xml(
    path: Union[str, Path],
    *,
    label_set: Union[str, schema.LabelSet] = "i2b2_xml",
    patient_pattern: Optional[str] = I2B2_PATIENT_PATTERN,
    report: Report,
) -> Iterator[AnnotatedNote]:
    """Read i2b2 2014 de-id XML files (a file or a folder of ``*.xml``).

    ``<deIdi2b2><TEXT><![CDATA[...]]></TEXT><TAGS><NAME id="P0" start="16" end="20"
    text="..." TYPE="PATIENT" comment=""/>...</TAGS></deIdi2b2>``: each tag under TAGS is a
    span; its element name is the i2b2 category (or ``PHI``) and ``TYPE`` the type, mapped
    through ``label_set``. A tag without TYPE uses its element name as the label.
    """
    labels = _Labels(label_set, report)
    for file, root in _files(Path(path), ".xml"):
        doc_id = _note_id(file, root)
        try:
            tree = ET.fromstring(file.read_bytes())
        except (OSError, ET.ParseError) as e:
            position = getattr(e, "position", (None, None))[0]
            report.add(
                file, position, f"unreadable XML ({type(e).__name__}); note skipped", "unreadable"
            )
            continue
        text_el = tree.find("TEXT")
        if text_el is None:
            report.add(file, None, "no <TEXT> element; note skipped", "unreadable")
            continue
        text = text_el.text or ""
        patient = None
        if patient_pattern:
            match = re.match(patient_pattern, file.stem)
            patient = match.group(1) if match else None
        note = AnnotatedNote(doc_id, text, patient_id=patient, file=str(file))
        raw = []
        tags = tree.find("TAGS")
        for tag in tags if tags is not None else []:
            tag_id = tag.get("id") or "?"
            context = f"note {doc_id}: tag {tag.tag} {tag_id}"
            offsets = _offsets(
                tag.get("start"), tag.get("end"), text, file, None, context, report, "offset"
            )
            if offsets is None:
                continue
            start, end = offsets
            context = f"note {doc_id}: tag {tag.tag} {tag_id} at {start}-{end}"
            label = labels.map(tag.get("TYPE") or tag.tag, file, start, context, "offset")
            if label is None:
                continue
            given = tag.get("text")
            if given is not None and not _same_text(given, text[start:end]):
                report.add(
                    file,
                    start,
                    f"{context}: text attribute does not match the offsets",
                    "text_mismatch",
                    "offset",
                )
            if tag.tag in schema.CATEGORIES and tag.tag != schema.category(label):
                report.add(
                    file,
                    start,
                    f"{context}: TYPE {label} is not in category {tag.tag}",
                    "category_mismatch",
                    "offset",
                )
            raw.append((start, end, label, start))
        yield _finish(note, raw, report, "offset")


_BRAT_ENTITY = re.compile(r"^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_UTF8_BOM = b"\xef\xbb\xbf"


@_warn_unless_reported
def read_brat(
    path: Union[str, Path],
    *,
    label_set: Union[str, schema.LabelSet] = "i2b2",
    discontinuous: str = "split",
    report: Report,
) -> Iterator[AnnotatedNote]:
    """Read BRAT standoff: a folder of ``X.txt`` + ``X.ann`` pairs (or one ``.txt``/``.ann``).

    Only text-bound annotations (``T`` lines) are spans; relations, events, attributes and
    notes are counted as ``ignored`` problems (one per file). A ``.txt`` without ``.ann`` is
    read with no spans and reported; an ``.ann`` without ``.txt`` is reported and skipped.
    """
    if discontinuous not in DISCONTINUOUS_MODES:
        raise ValueError(
            f"discontinuous must be one of {DISCONTINUOUS_MODES}, not {discontinuous!r}"
        )
    labels = _Labels(label_set, report)
    path = Path(path)
    if path.is_file():
        pairs = [(path.with_suffix(".txt"), path.parent)]
    else:
        if not path.is_dir():
            raise FileNotFoundError(f"Input {path} does not exist")
        stems = {
            p.with_suffix("")
            for p in path.rglob("*")
            if p.suffix in (".txt", ".ann") and p.is_file()
        }
        pairs = [(stem.with_suffix(".txt"), path) for stem in sorted(stems)]
    for txt, root in pairs:
        ann = txt.with_suffix(".ann")
        doc_id = _note_id(txt, root)
        if not txt.is_file():
            report.add(ann, None, "no .txt file for this .ann; skipped", "missing_file")
            continue
        try:
            data = txt.read_bytes()
            text = decode(data)
            ann_text = decode(ann.read_bytes()) if ann.is_file() else None
        except (OSError, ValueError) as e:
            report.add(txt, None, f"unreadable ({e}); note skipped", "unreadable")
            continue
        # BRAT counts a UTF-8 BOM as a character; decode() drops it, so shift the offsets.
        shift = 1 if data.startswith(_UTF8_BOM) else 0
        note = AnnotatedNote(doc_id, text, file=str(ann if ann.is_file() else txt))
        raw = []
        if ann_text is None:
            report.add(txt, None, "no .ann file; read with no spans", "missing_file")
            ann_text = ""
        ignored = 0
        crlf = "\r" in text
        for n, line in enumerate(ann_text.splitlines(), start=1):
            if not line.strip():
                continue
            if not line.startswith("T"):
                ignored += 1
                continue
            match = _BRAT_ENTITY.match(line)
            if match is None:
                report.add(
                    ann, n, f"note {doc_id}: malformed text-bound annotation line", "malformed"
                )
                continue
            tid, foreign, offsets, surface = match.groups()
            fragments = [tuple(int(x) - shift for x in frag.split()) for frag in offsets.split(";")]
            context = f"note {doc_id}: {tid} {foreign} at {offsets}"
            checked = [_offsets(s, e, text, ann, n, context, report) for s, e in fragments]
            if any(c is None for c in checked):
                continue
            label = labels.map(foreign, ann, n, context)
            if label is None:
                continue
            actual = " ".join(text[s:e] for s, e in checked)
            if surface and not _same_text(surface, actual):
                hint = (
                    " (the .txt has CR line ends; were offsets counted without them?)"
                    if crlf
                    else ""
                )
                report.add(
                    ann, n, f"{context}: text does not match the offsets{hint}", "text_mismatch"
                )
            if len(checked) > 1:
                how = "split into fragments" if discontinuous == "split" else "covering span taken"
                report.add(ann, n, f"{context}: discontinuous span, {how}", "discontinuous")
                if discontinuous == "cover":
                    checked = [(min(s for s, _ in checked), max(e for _, e in checked))]
            raw.extend((s, e, label, n) for s, e in checked)
        if ignored:
            report.add(
                ann,
                None,
                f"note {doc_id}: {ignored} non-entity annotation lines "
                "(relations, events, attributes, notes) ignored",
                "ignored",
            )
        yield _finish(note, raw, report)


@_warn_unless_reported
def read_jsonl(
    path: Union[str, Path],
    *,
    label_set: Union[str, schema.LabelSet] = "i2b2",
    report: Report,
) -> Iterator[AnnotatedNote]:
    """Read JSONL spans (a file or a folder of ``*.jsonl``), one note per line:
    ``{"id", "text", "patient_id"?, "meta"?, "spans": [{"start", "end", "label"}]}``.
    Labels are mapped through ``label_set`` (the schema's own labels by default)."""
    labels = _Labels(label_set, report)
    for file, root in _files(Path(path), ".jsonl"):
        rel = file.relative_to(root).as_posix()
        try:
            content = decode(file.read_bytes())
        except (OSError, ValueError) as e:
            report.add(file, None, f"unreadable ({e}); file skipped", "unreadable")
            continue
        for n, obj, problem in jsonl_objects(content):
            if problem and problem.startswith("invalid JSON"):
                report.add(file, n, f"{problem}; line skipped", "unreadable")
                continue
            if obj is None or not isinstance(obj.get("text"), str):
                report.add(
                    file, n, "not a note object with a 'text' string; line skipped", "unreadable"
                )
                continue
            doc_id = obj.get("id")
            doc_id = f"{rel}:{n}" if doc_id in (None, "") else str(doc_id)
            patient = obj.get("patient_id")
            meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
            text = obj["text"]
            note = AnnotatedNote(
                doc_id,
                text,
                patient_id=None if patient in (None, "") else str(patient),
                meta=meta,
                file=str(file),
                line=n,
            )
            spans = obj.get("spans", [])
            if not isinstance(spans, list):
                report.add(
                    file,
                    n,
                    f"note {doc_id}: 'spans' is not a list; read with no spans",
                    "malformed",
                )
                spans = []
            raw = []
            for i, span in enumerate(spans):
                context = f"note {doc_id}: span #{i}"
                if not isinstance(span, dict):
                    report.add(file, n, f"{context}: not an object", "malformed")
                    continue
                offsets = _offsets(
                    span.get("start"), span.get("end"), text, file, n, context, report
                )
                if offsets is None:
                    continue
                context = f"note {doc_id}: span #{i} at {offsets[0]}-{offsets[1]}"
                label = labels.map(span.get("label"), file, n, context)
                if label is None:
                    continue
                given = span.get("text")
                if isinstance(given, str) and not _same_text(given, text[offsets[0] : offsets[1]]):
                    report.add(
                        file, n, f"{context}: text does not match the offsets", "text_mismatch"
                    )
                raw.append((offsets[0], offsets[1], label, n))
            yield _finish(note, raw, report)


READERS = {"i2b2": read_i2b2_xml, "brat": read_brat, "jsonl": read_jsonl}


def read_corpus(
    path: Union[str, Path],
    format: str,
    *,
    label_set: Optional[Union[str, schema.LabelSet]] = None,
    report: Optional[Report] = None,
    **kwargs: Any,
) -> Iterator[AnnotatedNote]:
    """Read any supported format; ``label_set`` defaults per format (``i2b2_xml`` for XML)."""
    if format not in READERS:
        raise ValueError(f"Unknown corpus format {format!r}; known: {', '.join(FORMATS)}")
    return READERS[format](
        path, label_set=label_set or DEFAULT_LABEL_SETS[format], report=report, **kwargs
    )


# ----------------------------------------------------------------------------------------
# Notes to Docs and DocBins


def align_spans(
    doc: Doc,
    note: AnnotatedNote,
    *,
    alignment: str = "expand",
    report: Report,
) -> List[Span]:
    """The note's spans on ``doc``'s tokens: strict first; misaligned ones counted, reported
    and aligned with ``alignment`` (dropped, reported, if that gives nothing)."""
    if alignment not in ALIGNMENT_MODES:
        raise ValueError(f"alignment must be one of {ALIGNMENT_MODES}, not {alignment!r}")
    spans: List[Span] = []
    seen = set()
    for start, end, label in note.spans:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        context = f"note {note.id}: span {start}-{end} {label}"
        if span is None:
            report.misaligned += 1
            if alignment != "strict":
                span = doc.char_span(start, end, label=label, alignment_mode=alignment)
            if span is None:
                report.add(
                    note.where,
                    start,
                    f"{context} is not on token boundaries; dropped (alignment {alignment!r})",
                    "misaligned",
                    "offset",
                )
                continue
            report.add(
                note.where,
                start,
                f"{context} is not on token boundaries; "
                f"{alignment}ed to {span.start_char}-{span.end_char}",
                "misaligned",
                "offset",
            )
        key = (span.start, span.end, label)
        if key in seen:  # two spans that align to the same tokens
            report.add(
                note.where,
                start,
                f"{context} aligns to the same tokens as another span; kept once",
                "duplicate",
                "offset",
            )
            continue
        seen.add(key)
        spans.append(span)
    return spans


def set_ents_from_spans(doc: Doc, spans: Sequence[Span]) -> int:
    """Put spans that overlap no other span in ``doc.ents``; tokens under overlapping spans
    become missing (unknown) rather than outside. Returns the number of spans left out."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    clusters: List[List[Span]] = []
    for span in ordered:
        if clusters and span.start < max(s.end for s in clusters[-1]):
            clusters[-1].append(span)
        else:
            clusters.append([span])
    ents = [c[0] for c in clusters if len(c) == 1]
    missing = [Span(doc, c[0].start, max(s.end for s in c)) for c in clusters if len(c) > 1]
    doc.set_ents(ents, missing=missing, default="outside")
    return sum(len(c) for c in clusters if len(c) > 1)


def note_to_doc(
    nlp: Language,
    note: AnnotatedNote,
    *,
    spans_key: str = "phi",
    set_ents: bool = True,
    alignment: str = "expand",
    report: Optional[Report] = None,
) -> Doc:
    """Tokenise one note (tokenizer only) and put its spans on the Doc."""
    report = Report() if report is None else report
    install_extensions()
    doc = nlp.make_doc(note.text)
    spans = align_spans(doc, note, alignment=alignment, report=report)
    doc.spans[spans_key] = spans
    if set_ents:
        left_out = set_ents_from_spans(doc, spans)
        if left_out:
            report.add(
                note.where,
                None,
                f"note {note.id}: {left_out} overlapping spans left out of "
                "doc.ents (their tokens are marked missing)",
                "ents_overlap",
            )
    doc.user_data[ID_KEY] = note.id
    if note.patient_id is not None:
        doc._.patient_id = note.patient_id
    if note.meta:
        doc.user_data[META_KEY] = note.meta
    report.docs += 1
    report.aligned += len(spans)
    return doc


def notes_to_docbin(
    nlp: Language,
    notes: Iterable[AnnotatedNote],
    *,
    spans_key: str = "phi",
    set_ents: bool = True,
    alignment: str = "expand",
    report: Optional[Report] = None,
) -> Tuple[DocBin, Report]:
    """Tokenise notes with ``nlp``'s tokenizer into a DocBin that keeps user data (note id in
    ``doc.user_data["deid_id"]``, ``doc._.patient_id``, meta), spans in ``doc.spans[spans_key]``
    and, if ``set_ents``, ``doc.ents``. Pass the reader's report to collect everything in one."""
    report = Report() if report is None else report
    docbin = DocBin(store_user_data=True)
    for note in notes:
        docbin.add(
            note_to_doc(
                nlp,
                note,
                spans_key=spans_key,
                set_ents=set_ents,
                alignment=alignment,
                report=report,
            )
        )
    return docbin, report


def read_docbin(path: Union[str, Path], vocab: Union[Vocab, Language]) -> Iterator[Doc]:
    """The Docs of a ``.spacy`` file (with their user data)."""
    vocab = vocab.vocab if isinstance(vocab, Language) else vocab
    return DocBin(store_user_data=True).from_disk(path).get_docs(vocab)


def doc_to_note(doc: Doc, *, spans_key: str = "phi", default_id: str = "doc") -> AnnotatedNote:
    """A Doc back to a note: spans from ``doc.spans[spans_key]`` (else ``doc.ents``)."""
    install_extensions()
    group = doc.spans[spans_key] if spans_key in doc.spans else doc.ents
    spans = sorted({(s.start_char, s.end_char, s.label_) for s in group})
    meta = doc.user_data.get(META_KEY)
    return AnnotatedNote(
        str(doc.user_data.get(ID_KEY, default_id)),
        doc.text,
        spans,
        patient_id=doc._.patient_id,
        meta=dict(meta) if meta else {},
    )


NoteOrDoc = Union[AnnotatedNote, Doc]


def _as_notes(items: Iterable[NoteOrDoc], spans_key: str) -> Iterator[AnnotatedNote]:
    for i, item in enumerate(items):
        yield (
            doc_to_note(item, spans_key=spans_key, default_id=f"doc{i}")
            if isinstance(item, Doc)
            else item
        )


# ----------------------------------------------------------------------------------------
# Writers


def _write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf8", newline="") as f:  # keep "\r" as is: offsets count it
        f.write(content)
    os.replace(tmp, path)


def _safe_relpath(doc_id: str, used: set) -> Path:
    """A relative path for a note id: parts cleaned, no "..", unique within one output."""
    parts = [re.sub(r"[^\w.\-]", "_", p) for p in doc_id.replace("\\", "/").split("/")]
    parts = [p for p in parts if p not in ("", ".", "..")] or ["note"]
    rel = Path(*parts)
    candidate, n = rel, 1
    while candidate.as_posix().lower() in used:
        n += 1
        candidate = rel.with_name(f"{rel.name}-{n}")
    used.add(candidate.as_posix().lower())
    return candidate


def write_jsonl(
    notes: Iterable[NoteOrDoc], path: Union[str, Path], *, spans_key: str = "phi"
) -> int:
    """Write notes (or Docs) as JSONL spans; returns the number written."""
    lines = []
    for note in _as_notes(notes, spans_key):
        obj: Dict[str, Any] = {"id": note.id, "text": note.text}
        if note.patient_id is not None:
            obj["patient_id"] = note.patient_id
        if note.meta:
            obj["meta"] = note.meta
        obj["spans"] = [{"start": s, "end": e, "label": label} for s, e, label in note.spans]
        lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
    _write_atomic(Path(path), "".join(lines))
    return len(lines)


def write_brat(
    notes: Iterable[NoteOrDoc], folder: Union[str, Path], *, spans_key: str = "phi"
) -> int:
    """Write one ``<id>.txt`` + ``<id>.ann`` pair per note (schema labels); returns the count."""
    folder, used, count = Path(folder), set(), 0
    for note in _as_notes(notes, spans_key):
        rel = _safe_relpath(note.id, used)
        lines = []
        for n, (start, end, label) in enumerate(note.spans, start=1):
            surface = " ".join(note.text[start:end].split("\n")).replace("\r", " ")
            lines.append(f"T{n}\t{label} {start} {end}\t{surface}\n")
        _write_atomic(folder / rel.with_name(rel.name + ".txt"), note.text)
        _write_atomic(folder / rel.with_name(rel.name + ".ann"), "".join(lines))
        count += 1
    return count


# Characters XML 1.0 cannot hold, not even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _cdata(text: str) -> str:
    """Text as CDATA. CDATA cannot hold "]]>" and XML parsers turn "\\r" into "\\n", which
    would shift offsets: both go out as character references between CDATA sections."""
    out = []
    for i, chunk in enumerate(re.split(r"(\r|(?<=\]\])>)", text)):
        if i % 2:
            out.append("&#13;" if chunk == "\r" else "&gt;")
        elif chunk:
            out.append(f"<![CDATA[{chunk}]]>")
    return "".join(out) or "<![CDATA[]]>"


def write_i2b2_xml(
    notes: Iterable[NoteOrDoc],
    folder: Union[str, Path],
    *,
    spans_key: str = "phi",
    report: Optional[Report] = None,
) -> int:
    """Write one i2b2 2014 XML file per note: ``<CATEGORY id="P0" start end text TYPE comment/>``.

    Characters XML 1.0 cannot hold (form feeds and other control characters) are written as
    spaces, so offsets stay valid, and reported. Spans whose label is not a schema label are
    reported and left out.
    """
    report = Report() if report is None else report
    folder, used, count = Path(folder), set(), 0
    for note in _as_notes(notes, spans_key):
        rel = _safe_relpath(note.id, used)
        out_file = folder / rel.with_name(rel.name + ".xml")
        bad = len(_XML_INVALID.findall(note.text))
        text = _XML_INVALID.sub(" ", note.text) if bad else note.text
        if bad:
            report.add(
                out_file,
                None,
                f"note {note.id}: {bad} characters XML 1.0 cannot hold written as spaces",
                "xml_chars",
            )
        tags = []
        for start, end, label in note.spans:
            try:
                category = schema.category(label)
            except ValueError:
                report.add(
                    out_file,
                    start,
                    f"note {note.id}: span {start}-{end} label {label!r} is not a "
                    "schema label; left out",
                    "unknown_label",
                    "offset",
                )
                continue
            tags.append(
                f'<{category} id="P{len(tags)}" start="{start}" end="{end}" '
                f'text={quoteattr(text[start:end])} TYPE={quoteattr(label)} comment="" />'
            )
        content = (
            '<?xml version="1.0" encoding="UTF-8" ?>\n<deIdi2b2>\n'
            f"<TEXT>{_cdata(text)}</TEXT>\n<TAGS>\n"
            + "".join(tag + "\n" for tag in tags)
            + "</TAGS>\n</deIdi2b2>\n"
        )
        _write_atomic(out_file, content)
        count += 1
    return count


WRITERS = {"jsonl": write_jsonl, "brat": write_brat, "i2b2": write_i2b2_xml}


def check_alignment(
    nlp: Language, notes: Iterable[AnnotatedNote], *, report: Report
) -> Iterator[AnnotatedNote]:
    """Pass notes through unchanged, counting and reporting spans not on ``nlp``'s token
    boundaries (for conversions between annotation formats, which keep the offsets as given)."""
    for note in notes:
        doc = nlp.make_doc(note.text)
        for start, end, label in note.spans:
            if doc.char_span(start, end, alignment_mode="strict") is None:
                report.misaligned += 1
                report.add(
                    note.where,
                    start,
                    f"note {note.id}: span {start}-{end} {label} is not on token "
                    "boundaries (offsets kept as given)",
                    "misaligned",
                    "offset",
                )
        yield note
