"""Leak audit: which original PHI values survive in the de-identified text of the same document.

Evaluation scores spans; a privacy review asks a blunter question: after de-identification,
can the original values still be read? This module answers it from files alone, whatever
produced the output:

* the **original** side is either gold JSONL of the original notes (``{"id", "text",
  "spans": [{"start", "end", "label"}]}``, as ``spacy-deid evaluate`` reads) or the
  ``annotations.jsonl`` that ``spacy-deid run`` wrote (its spans are the pipeline's own, so
  this audits what the pipeline found once but left in the clear elsewhere) together with
  the original inputs, read back from the paths the run recorded or from ``inputs``;
* the **de-identified** side is the ``--out`` folder of ``spacy-deid run`` (mirrored .txt
  files, JSONL or CSV with id and text; ``annotations.jsonl`` and ``errors.jsonl`` are not
  notes) or one JSONL, CSV or .txt file. Documents are matched by id.

For each document, each original PHI value (distinct per document and type, compared
case-insensitively with whitespace collapsed) is looked for in the de-identified text:

``exact``            verbatim, case-sensitive (whitespace runs may differ), not inside a
                     longer word or number;
``case_insensitive`` the same in any case (includes the exact survivals);
``digits``           for numeric types (IDs, phones, fax, ZIP, dates), the same digits in a
                     number of the output, whatever the separators ("617-555-1234" survives
                     as "(617) 555 1234"), but not inside a longer number
                     (:func:`spacy_deid.known_phi.digit_candidates`); values with fewer than
                     ``min_digits`` digits are not checked this way.

A value **leaks** when any of the three finds it; ``leak_rate`` is leaked / values per type
and overall (and over the HIPAA types). A value of several words that does not leak whole,
but one of whose words (longer than ``short_max``) survives case-sensitively, counts as
``partial`` ("Smith" left from "John Smith"): reported, not added to the leak rate. Values
of at most ``short_max`` letters and digits ("JS", "MA", "5") are reported apart, as
low-confidence, since they occur everywhere. Case-insensitive survivals of common words
("Will", "Brown") may be the word, not the name: the split into exact and case-insensitive
counts shows how much of a type's leak rate that could be.

Documents missing from the output or recorded in ``errors.jsonl`` are counted, not audited:
a failed document's text was never written (the run fails closed).

Optionally a pipeline is run on the de-identified texts and its PHI detections are counted per
type ("detections on output"). These are mostly the surrogates themselves, or text that
looks like PHI, so they are reported apart from leaks.

Nothing here prints or stores a PHI value: reports hold types, counts and document ids. The
leaked values are kept only in memory (:attr:`AuditReport.leaked_values`) for the CLI's
``--show-values``, which is meant for local debugging only.
"""
import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from wasabi import table

from . import schema
from .io.notes import Note, decode, jsonl_objects, read_notes
from .io.outputs import RESERVED
from .known_phi import digit_candidates

#: Types whose values are also compared on digits only.
NUMERIC_LABELS = frozenset(schema.labels_in(schema.ID)) | frozenset(("PHONE", "FAX", "ZIP", "DATE"))
#: Files in a run's output folder that are not de-identified notes.
RUN_FILES = frozenset(RESERVED)  # the run's own records, not de-identified notes
HOW = ("exact", "case_insensitive", "digits")


class AuditInputError(ValueError):
    """Unusable audit input; the message names the file and line, never the text."""


@dataclass
class OriginalDoc:
    id: str
    text: str
    spans: List[Tuple[int, int, str]]


@dataclass
class DeidNotes:
    texts: Dict[str, str]
    failed: Set[str] = field(default_factory=set)
    duplicates: int = 0


# --------------------------------------------------------------------------- reading


def _jsonl_rows(path: Path) -> Iterable[Tuple[int, Dict[str, Any]]]:
    try:
        content = decode(path.read_bytes())
    except (OSError, ValueError) as e:
        raise AuditInputError(f"{path}: cannot read ({e})") from None
    for n, row, problem in jsonl_objects(content):
        if problem:
            raise AuditInputError(f"{path}:{n}: {problem}")
        yield n, row


def _spans(
    row: Dict[str, Any], text_len: Optional[int], where: str, label_set: schema.LabelSet
) -> List[Tuple[int, int, str]]:
    spans = row.get("spans")
    if not isinstance(spans, list):
        raise AuditInputError(f"{where}: needs a 'spans' list")
    out = []
    for k, span in enumerate(spans):
        try:
            start, end, label = span["start"], span["end"], span["label"]
        except (KeyError, TypeError):
            raise AuditInputError(f"{where}: span {k} needs start, end and label") from None
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end:
            raise AuditInputError(f"{where}: span {k} has bad offsets")
        if text_len is not None and end > text_len:
            raise AuditInputError(f"{where}: span {k} ends after the text (length {text_len})")
        try:
            mapped = label_set.to_schema(str(label))
        except ValueError:
            raise AuditInputError(f"{where}: span {k} has label {label!r}, not in label set "
                                  f"{label_set.name!r}") from None
        if mapped is not None:
            out.append((start, end, mapped))
    return out


def read_original(
    path: Path,
    *,
    inputs: Sequence[Path] = (),
    id_field: str = "id",
    text_field: str = "text",
    label_set: str = "i2b2",
) -> Dict[str, OriginalDoc]:
    """Original documents with their PHI spans, by id.

    ``path`` is gold JSONL (rows with ``text`` and ``spans``) or a run's ``annotations.jsonl``
    (rows with ``id``, ``file``, ``line`` and ``spans``, no text). For the latter the texts
    come from ``inputs`` (the original files or folders, read as ``spacy-deid run`` reads
    them) or, without ``inputs``, from the files the run recorded.
    """
    labels = schema.get_label_set(label_set)
    rows = list(_jsonl_rows(path))
    if not rows:
        return {}
    gold_mode = any("text" in row for _, row in rows)
    docs: Dict[str, OriginalDoc] = {}
    if gold_mode:
        for n, row in rows:
            where = f"{path}:{n}"
            text = row.get(text_field, row.get("text"))
            if not isinstance(text, str):
                raise AuditInputError(f"{where}: needs a {text_field!r} string")
            doc_id = row.get(id_field)
            doc_id = f"{path.name}:{n}" if doc_id in (None, "") else str(doc_id)
            docs.setdefault(doc_id, OriginalDoc(doc_id, text, _spans(row, len(text), where, labels)))
        return docs
    texts = _input_texts(rows, path, inputs, id_field, text_field)
    for n, row in rows:
        where = f"{path}:{n}"
        doc_id = row.get("id")
        if doc_id in (None, ""):
            raise AuditInputError(f"{where}: annotation record has no id")
        doc_id = str(doc_id)
        text = texts.get(doc_id)
        if text is None:
            raise AuditInputError(f"{where}: no original text found for document {doc_id!r} "
                                  "(give the original inputs with --inputs)")
        docs.setdefault(doc_id, OriginalDoc(doc_id, text, _spans(row, len(text), where, labels)))
    return docs


def _input_texts(
    rows, path: Path, inputs: Sequence[Path], id_field: str, text_field: str
) -> Dict[str, str]:
    texts: Dict[str, str] = {}
    if inputs:
        for record in read_notes(list(inputs), id_field=id_field, text_field=text_field):
            if isinstance(record, Note):
                texts.setdefault(record.id, record.text)
        return texts
    # The files the run recorded: a .txt is one document; JSONL and CSV rows are matched by
    # id, or by line when the id was a fallback made from a path.
    by_file: Dict[str, List[Tuple[str, Optional[int]]]] = defaultdict(list)
    for n, row in rows:
        if not row.get("file"):
            raise AuditInputError(f"{path}:{n}: no 'file' recorded; give the original inputs with --inputs")
        by_file[row["file"]].append((str(row.get("id")), row.get("line")))
    for file_name, wanted in by_file.items():
        file = Path(file_name)
        if not file.is_file():
            raise AuditInputError(f"{path}: original input {file} does not exist; give --inputs")
        if file.suffix.lower() == ".txt":
            try:
                text = decode(file.read_bytes())
            except (OSError, ValueError) as e:
                raise AuditInputError(f"{file}: cannot read ({e})") from None
            for doc_id, _ in wanted:
                texts[doc_id] = text
            continue
        records = read_notes([file], id_field=id_field, text_field=text_field)
        notes = [r for r in records if isinstance(r, Note)]
        by_id = {note.id: note.text for note in notes}
        by_line = {note.line: note.text for note in notes}
        for doc_id, line in wanted:
            text = by_id.get(doc_id, by_line.get(line))
            if text is not None:
                texts[doc_id] = text
    return texts


def read_deid(path: Path, *, id_field: str = "id", text_field: str = "text") -> DeidNotes:
    """De-identified texts by id: a run's output folder, or one .jsonl, .csv or .txt file."""
    if not path.exists():
        raise AuditInputError(f"De-identified output {path} does not exist")
    out = DeidNotes({})
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        root = path
        errors = path / "errors.jsonl"
        if errors.is_file():
            out.failed = {str(row.get("id")) for _, row in _jsonl_rows(errors)}
    else:
        files, root = [path], path.parent
    for file in files:
        rel = file.relative_to(root)
        if path.is_dir() and rel.as_posix() in RUN_FILES:
            continue
        suffix = file.suffix.lower()
        if suffix == ".txt":
            try:
                _add(out, rel.with_suffix("").as_posix(), decode(file.read_bytes()))
            except (OSError, ValueError) as e:
                raise AuditInputError(f"{file}: cannot read ({e})") from None
        elif suffix == ".jsonl":
            for n, row in _jsonl_rows(file):
                text = row.get(text_field)
                if not isinstance(text, str):
                    raise AuditInputError(f"{file}:{n}: needs a {text_field!r} string")
                doc_id = row.get(id_field)
                _add(out, f"{rel.as_posix()}:{n}" if doc_id in (None, "") else str(doc_id), text)
        elif suffix == ".csv":
            try:
                content = decode(file.read_bytes())
            except (OSError, ValueError) as e:
                raise AuditInputError(f"{file}: cannot read ({e})") from None
            reader = csv.DictReader(io.StringIO(content, newline=""))
            if reader.fieldnames is None or text_field not in reader.fieldnames:
                raise AuditInputError(f"{file}:1: CSV has no column {text_field!r}")
            for row in reader:
                doc_id = row.get(id_field)
                doc_id = doc_id or f"{rel.as_posix()}:{reader.line_num}"
                _add(out, doc_id, row[text_field] or "")
    return out


def _add(out: DeidNotes, doc_id: str, text: str) -> None:
    if doc_id in out.texts:
        out.duplicates += 1
        return
    out.texts[doc_id] = text


# --------------------------------------------------------------------------- matching


def _alnum(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())


def _verbatim_regex(value: str, ignore_case: bool) -> "re.Pattern[str]":
    body = r"\s+".join(re.escape(part) for part in value.split())
    left = r"(?<![^\W_])" if value[:1].isalnum() else ""
    right = r"(?![^\W_])" if value[-1:].isalnum() else ""
    return re.compile(left + body + right, re.IGNORECASE if ignore_case else 0)


def output_numbers(text: str) -> Set[str]:
    """The digit strings of the numbers in a text (and their parts cut at whitespace)."""
    return {c.digits for c in digit_candidates(text, zip_groups=True, country_code=True)}


def survives(
    value: str, label: str, text: str, *, min_digits: int = 4, numbers: Optional[Set[str]] = None
) -> Dict[str, bool]:
    """How a value survives in ``text``: ``{"exact", "case_insensitive", "digits"}``.

    ``numbers`` is :func:`output_numbers` of ``text``, when the caller checks many values.
    """
    value = value.strip()
    found = {how: False for how in HOW}
    if not value:
        return found
    found["exact"] = bool(_verbatim_regex(value, False).search(text))
    found["case_insensitive"] = found["exact"] or bool(_verbatim_regex(value, True).search(text))
    if label in NUMERIC_LABELS:
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= min_digits:
            found["digits"] = digits in (numbers if numbers is not None else output_numbers(text))
    return found


def partly_survives(value: str, text: str, short_max: int = 2) -> bool:
    """Whether a word of a several-word value (longer than ``short_max``) is in ``text``, as written."""
    words = [w for w in re.findall(r"[^\W_]+", value) if len(w) > short_max]
    if len(re.findall(r"[^\W_]+", value)) < 2:
        return False
    return any(_verbatim_regex(w, False).search(text) for w in words)


# --------------------------------------------------------------------------- the audit


def _empty_counts() -> Dict[str, int]:
    return {"values": 0, "leaked": 0, "exact": 0, "case_insensitive": 0, "digits": 0, "partial": 0,
            "short_values": 0, "short_leaked": 0}


@dataclass
class AuditReport:
    documents: Dict[str, Any]
    per_type: Dict[str, Dict[str, Any]]
    overall: Dict[str, Any]
    leaks_by_document: Dict[str, Dict[str, int]]
    detections_on_output: Optional[Dict[str, Any]] = None
    settings: Dict[str, Any] = field(default_factory=dict)
    #: (document id, label, value, how) of every leak, short values included. PHI: in memory
    #: only, never in :meth:`to_dict`.
    leaked_values: List[Tuple[str, str, str, str]] = field(default_factory=list, repr=False)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "documents": self.documents,
            "settings": self.settings,
            "overall": self.overall,
            "per_type": self.per_type,
            "leaks_by_document": self.leaks_by_document,
            "detections_on_output": self.detections_on_output,
        }


def _rate(leaked: int, values: int) -> float:
    return leaked / values if values else 0.0


def audit(
    originals: Mapping[str, OriginalDoc],
    deid: DeidNotes,
    *,
    short_max: int = 2,
    min_digits: int = 4,
) -> AuditReport:
    """Compare original PHI values with the de-identified texts (see the module doc)."""
    counts: Dict[str, Dict[str, int]] = defaultdict(_empty_counts)
    leaks_by_doc: Dict[str, Dict[str, int]] = {}
    leaked_values: List[Tuple[str, str, str, str]] = []
    audited, missing, failed = [], [], []
    for doc_id, doc in originals.items():
        text = deid.texts.get(doc_id)
        if text is None:
            (failed if doc_id in deid.failed else missing).append(doc_id)
            continue
        audited.append(doc_id)
        values: Dict[Tuple[str, str], str] = {}
        for start, end, label in doc.spans:
            value = doc.text[start:end].strip()
            if value:
                values.setdefault((label, " ".join(value.split()).casefold()), value)
        doc_leaks: Counter = Counter()
        numbers = output_numbers(text)
        for (label, _), value in values.items():
            c = counts[label]
            short = len(_alnum(value)) <= short_max
            found = survives(value, label, text, min_digits=min_digits, numbers=numbers)
            leaked = any(found.values())
            if short:
                c["short_values"] += 1
                c["short_leaked"] += leaked
            else:
                c["values"] += 1
                c["leaked"] += leaked
                for how in HOW:
                    c[how] += found[how]
                if leaked:
                    doc_leaks[label] += 1
                elif partly_survives(value, text, short_max):
                    c["partial"] += 1
                    leaked_values.append((doc_id, label, value, "partial"))
            if leaked:
                how = next(h for h in HOW if found[h])
                leaked_values.append((doc_id, label, value, how if not short else f"{how} (short)"))
        if doc_leaks:
            leaks_by_doc[doc_id] = dict(sorted(doc_leaks.items()))
    per_type = {}
    for label in sorted(counts, key=schema.LABELS.index):
        c = counts[label]
        per_type[label] = {**c, "leak_rate": _rate(c["leaked"], c["values"]),
                           "hipaa": schema.is_hipaa(label)}
    total = Counter()
    hipaa = Counter()
    for label, c in counts.items():
        total.update(c)
        if schema.is_hipaa(label):
            hipaa.update(c)
    overall = {
        "values": total["values"], "leaked": total["leaked"],
        "leak_rate": _rate(total["leaked"], total["values"]),
        "exact": total["exact"], "case_insensitive": total["case_insensitive"],
        "digits": total["digits"],
        "partial": total["partial"],
        "hipaa_values": hipaa["values"], "hipaa_leaked": hipaa["leaked"],
        "hipaa_leak_rate": _rate(hipaa["leaked"], hipaa["values"]),
        "short_values": total["short_values"], "short_leaked": total["short_leaked"],
        "documents_with_leaks": len(leaks_by_doc),
    }
    documents = {
        "original": len(originals), "deid": len(deid.texts), "audited": len(audited),
        "missing": len(missing), "failed": len(failed), "duplicate_deid_ids": deid.duplicates,
        "missing_ids": sorted(missing), "failed_ids": sorted(failed),
        "unmatched_deid": len(set(deid.texts) - set(originals)),
    }
    return AuditReport(
        documents=documents, per_type=per_type, overall=overall, leaks_by_document=leaks_by_doc,
        settings={"short_max": short_max, "min_digits": min_digits}, leaked_values=leaked_values,
    )


def detections_on_output(
    nlp, texts: Iterable[str], *, spans_key: str = "phi", batch_size: int = 32
) -> Dict[str, Any]:
    """Count what a pipeline still finds in de-identified texts, per type (mostly surrogates)."""
    per_type: Counter = Counter()
    n_docs = n_with = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        spans = doc.spans.get(spans_key, []) if spans_key in doc.spans else list(doc.ents)
        n_docs += 1
        n_with += bool(len(spans))
        per_type.update(span.label_ for span in spans)
    order = {label: i for i, label in enumerate(schema.LABELS)}
    return {
        "documents": n_docs, "documents_with_detections": n_with, "total": sum(per_type.values()),
        "per_type": dict(sorted(per_type.items(), key=lambda kv: order.get(kv[0], len(order)))),
    }


def format_report(report: AuditReport) -> str:
    """Plain-text tables of a report: types, counts and rates only."""
    rows = []
    for label, c in report.per_type.items():
        rows.append((label, "yes" if c["hipaa"] else "no", c["values"], c["leaked"], f"{c['leak_rate']:.3f}",
                     c["exact"], c["case_insensitive"], c["digits"], c["partial"], c["short_values"],
                     c["short_leaked"]))
    o = report.overall
    rows.append(("ALL", "", o["values"], o["leaked"], f"{o['leak_rate']:.3f}", o["exact"],
                 o["case_insensitive"], o["digits"], o["partial"], o["short_values"], o["short_leaked"]))
    parts = [table(rows, header=("Type", "HIPAA", "Values", "Leaked", "Rate", "Exact", "Any case",
                                 "Digits", "Partial", "Short", "Short leaked"),
                   aligns=("l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r"), divider=True)]
    d = report.documents
    parts.append(
        f"{d['audited']} documents audited ({d['missing']} missing from the output, {d['failed']} failed "
        f"and never written); HIPAA leak rate {o['hipaa_leak_rate']:.3f} "
        f"({o['hipaa_leaked']}/{o['hipaa_values']}); {o['documents_with_leaks']} documents with leaks"
    )
    det = report.detections_on_output
    if det is not None:
        det_rows = list(det["per_type"].items()) or [("-", 0)]
        parts.append("Detections on output (mostly surrogates; not leaks):")
        parts.append(table(det_rows, header=("Type", "Spans"), aligns=("l", "r"), divider=True))
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"
