"""Input notes: .txt files, JSONL and CSV, one :class:`Note` or one :class:`InputError` each.

Every document the user gave must come back as exactly one output or one error record, so the
readers never skip: a row they cannot read becomes an ``InputError`` naming the file and line
(and never quoting the text, which may hold PHI).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Union

from ..known_phi import known_from_record

SUFFIXES = (".txt", ".jsonl", ".csv")


@dataclass
class Note:
    id: str
    text: str
    patient_id: Optional[str]
    file: Path  # the input file
    line: Optional[int]  # 1-based line (JSONL) or row (CSV); None for a whole .txt file
    rel: Path  # the file's path relative to its input root, for mirrored outputs
    known: Optional[dict] = None  # known PHI values for deid_known_phi ({label: [values]})

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


@dataclass
class InputError:
    id: str
    file: Path
    line: Optional[int]
    problem: str
    rel: Path

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


Record = Union[Note, InputError]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; raise ValueError otherwise."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("binary file (contains NUL bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"not valid UTF-8 (byte offset {e.start})") from None


def jsonl_objects(content: str) -> Iterator[tuple]:
    """``(line number, object, problem)`` for each non-blank JSONL line: the parsed object, or
    ``None`` and what is wrong with the line (never quoting it). Every reader of JSONL uses
    this, each with its own policy for bad lines."""
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield n, None, f"invalid JSON ({e.msg} at column {e.colno})"
            continue
        if not isinstance(obj, dict):
            yield n, None, "JSON line is not an object"
            continue
        yield n, obj, None


def find_inputs(paths: List[Path]) -> Iterator[tuple]:
    """Yield (file, root) for each input file; folders are searched recursively, sorted."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUFFIXES:
                    yield file, path
        elif path.is_file():
            yield path, path.parent
        else:
            raise FileNotFoundError(f"Input {path} does not exist")


def read_notes(
    paths: List[Path],
    *,
    id_field: str = "id",
    text_field: str = "text",
    patient_field: str = "patient_id",
    known_field: str = "known",
) -> Iterator[Record]:
    """Stream notes from files and folders, one record per document."""
    fields = (id_field, text_field, patient_field, known_field)
    for file, root in find_inputs(paths):
        rel = file.relative_to(root)
        suffix = file.suffix.lower()
        if suffix == ".jsonl":
            yield from _read_jsonl(file, rel, fields)
        elif suffix == ".csv":
            yield from _read_csv(file, rel, fields)
        else:
            yield _read_txt(file, rel)


def _read_txt(file: Path, rel: Path) -> Record:
    doc_id = rel.with_suffix("").as_posix()
    try:
        text = decode(file.read_bytes())
    except (OSError, ValueError) as e:
        return InputError(doc_id, file, None, str(e), rel)
    if not text.strip():
        return InputError(doc_id, file, None, "empty document", rel)
    return Note(doc_id, text, None, file, None, rel)


def _read_jsonl(file, rel, fields) -> Iterator[Record]:
    try:
        content = decode(file.read_bytes())
    except (OSError, ValueError) as e:
        yield InputError(rel.as_posix(), file, None, str(e), rel)
        return
    for n, obj, problem in jsonl_objects(content):
        fallback_id = f"{rel.as_posix()}:{n}"
        if problem:
            yield InputError(fallback_id, file, n, problem, rel)
            continue
        yield _note_from_fields(obj, fallback_id, file, n, rel, fields)


def _read_csv(file, rel, fields) -> Iterator[Record]:
    try:
        content = decode(file.read_bytes())
    except (OSError, ValueError) as e:
        yield InputError(rel.as_posix(), file, None, str(e), rel)
        return
    id_field, text_field = fields[0], fields[1]
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if reader.fieldnames is None or text_field not in reader.fieldnames:
        yield InputError(rel.as_posix(), file, 1, f"CSV has no column {text_field!r}", rel)
        return
    try:
        for row in reader:
            n = reader.line_num
            fallback_id = f"{rel.as_posix()}:{n}"
            if None in row:
                doc_id = row.get(id_field) or fallback_id
                yield InputError(doc_id, file, n, "row has more fields than the header", rel)
                continue
            yield _note_from_fields(row, fallback_id, file, n, rel, fields)
    except csv.Error as e:
        yield InputError(rel.as_posix(), file, reader.line_num, f"malformed CSV ({e})", rel)


def _note_from_fields(obj, fallback_id, file, n, rel, fields) -> Record:
    id_field, text_field, patient_field, known_field = fields
    doc_id = obj.get(id_field)
    doc_id = fallback_id if doc_id in (None, "") else str(doc_id)
    text = obj.get(text_field)
    if not isinstance(text, str):
        problem = f"missing text field {text_field!r}" if text is None else f"field {text_field!r} is not a string"
        return InputError(doc_id, file, n, problem, rel)
    if not text.strip():
        return InputError(doc_id, file, n, "empty document", rel)
    patient = obj.get(patient_field)
    try:
        known = known_from_record(obj, known_field)
    except ValueError as e:  # names the bad key, never a value
        return InputError(doc_id, file, n, str(e), rel)
    return Note(doc_id, text, None if patient in (None, "") else str(patient), file, n, rel,
                known or None)
