"""Input notes: .txt files, JSONL and CSV, one :class:`Note` or one :class:`InputError` each.

Every document the user gave must come back as exactly one output or one error record, so the
readers never skip: a row they cannot read becomes an ``InputError`` naming the file and line
(and never quoting the text, which may hold PHI).

Files are read line by line (JSONL and CSV) and each line decoded on its own, so one bad line
(too long, undecodable, not JSON) is one error record and the rest of the file is still read.
Encodings: UTF-8 with or without BOM, UTF-16 with BOM, and cp1252 as a fallback with a warning
(see :func:`decode_note`). Windows line endings are kept as they are.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

from ..known_phi import known_from_record

SUFFIXES = (".txt", ".jsonl", ".csv")
#: Default limit on a .txt file, a JSONL line or a CSV line (--max-doc-bytes).
MAX_BYTES = 64_000_000
logger = logging.getLogger("spacy_deid")


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
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise ValueError("binary file (contains NUL bytes)")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"not valid UTF-8 (byte offset {e.start})") from None


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A UTF-8 multi-byte sequence: bytes that hold one are UTF-8 with an error, not cp1252.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_note(data: bytes) -> Tuple[str, bool]:
    """Like :func:`decode`, with one fallback: bytes that are not UTF-8 and hold no UTF-8
    multi-byte sequence are read as Windows-1252 (cp1252, a superset of Latin-1's printable
    characters), the encoding of most non-UTF-8 clinical exports. Returns the text and
    whether the fallback was used (the caller warns, naming the file and line).

    Why fall back rather than reject: such a note is otherwise lost to the run, and cp1252
    reads it exactly. Why not for bytes that look like UTF-8 elsewhere: that is UTF-8 with a
    damaged byte, and reading it as cp1252 would turn its accented names into mojibake
    ("JosÃ©") that detectors could miss; that stays an error."""
    try:
        return decode(data), False
    except ValueError:
        if b"\x00" in data or data.startswith(_UTF16_BOMS) or _UTF8_SEQUENCE.search(data):
            raise
        try:
            return data.decode("cp1252"), True
        except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are not cp1252
            raise ValueError("neither UTF-8 nor cp1252") from None


def jsonl_objects(content: Union[str, Iterable[str]]) -> Iterator[tuple]:
    """``(line number, object, problem)`` for each non-blank JSONL line: the parsed object, or
    ``None`` and what is wrong with the line (never quoting it). Every reader of JSONL uses
    this, each with its own policy for bad lines. ``content`` is the file's text or its lines;
    lines end at "\n" only (JSON strings may hold U+2028 and other Unicode line breaks)."""
    lines = content.split("\n") if isinstance(content, str) else content
    for n, line in enumerate(lines, start=1):
        if line.strip():
            yield (n, *_json_object(line))


def _json_object(line: str) -> Tuple[Optional[dict], Optional[str]]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return None, f"invalid JSON ({e.msg} at column {e.colno})"
    if not isinstance(obj, dict):
        return None, "JSON line is not an object"
    return obj, None


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
    max_bytes: int = MAX_BYTES,
    reserved: Iterable[str] = (),
) -> Iterator[Record]:
    """Stream notes from files and folders, one record per document, reading files line by
    line (memory does not grow with a file's size, only with the number of documents: one
    small hash per id, to report duplicates; and, given several inputs, one path per file).

    max_bytes: the largest .txt file, JSONL line or CSV line (and field) read; a larger one is
        an error record naming the file and line.
    reserved: output names of the run itself (``annotations.jsonl``...) that no input's
        mirrored output may take.

    Two documents with the same id: the second (and any later) is an error record naming its
    file and line, never merged with or overwriting the first, because the id is the key of
    every output record. Two input files whose mirrored outputs would have the same path: the
    second file is one error record.
    """
    fields = (id_field, text_field, patient_field, known_field)
    outputs: Dict[str, Path] = {name: Path(name) for name in reserved}
    # Within one input, relative paths are unique: only several inputs can collide.
    track = len(paths) > 1
    seen: Set[int] = set()
    for file, root in find_inputs(paths):
        rel = file.relative_to(root)
        key = rel.as_posix()
        if key in outputs:
            first = outputs[key]
            yield InputError(key, file, None, f"its output {key} is already written for {first}; "
                                              "give input files with different relative paths", rel)
            continue
        if track:
            outputs[key] = file
        suffix = file.suffix.lower()
        if suffix == ".jsonl":
            records = _read_jsonl(file, rel, fields, max_bytes)
        elif suffix == ".csv":
            records = _read_csv(file, rel, fields, max_bytes)
        else:
            records = iter([_read_txt(file, rel, max_bytes)])
        for record in records:
            digest = int.from_bytes(hashlib.blake2b(record.id.encode("utf8", "surrogatepass"),
                                                    digest_size=8).digest(), "big")
            if digest in seen and isinstance(record, Note):
                record = InputError(record.id, file, record.line, "duplicate id: an earlier "
                                    "document has the same id", rel)
            seen.add(digest)
            yield record


def _warn_cp1252(where: str) -> None:
    logger.warning("%s: not UTF-8; read as cp1252 (Windows-1252)", where)


def _read_txt(file: Path, rel: Path, max_bytes: int) -> Record:
    doc_id = rel.with_suffix("").as_posix()
    try:
        size = file.stat().st_size
        if size > max_bytes:
            return InputError(doc_id, file, None, f"document is {size} bytes, over the limit of "
                                                  f"{max_bytes} (--max-doc-bytes)", rel)
        text, fallback = decode_note(file.read_bytes())
    except (OSError, ValueError) as e:
        return InputError(doc_id, file, None, str(e), rel)
    if fallback:
        _warn_cp1252(str(file))
    if not text.strip():
        return InputError(doc_id, file, None, "empty document", rel)
    return Note(doc_id, text, None, file, None, rel)


class _LineProblem(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


class _Lines:
    """A file's lines (with their endings), decoded one by one, at most ``max_bytes`` each.

    A line that is too long or cannot be decoded raises :class:`_LineProblem` and is skipped;
    the iterator stays usable, so the reader goes on with the next line. UTF-16 files (with a
    BOM) are decoded as a whole stream; a decoding error there ends the file.
    """

    def __init__(self, file: Path, max_bytes: int) -> None:
        self.file = file
        self.max_bytes = max_bytes
        self.n = 0  # number of the last line read
        self.cp1252 = 0
        self._fh = file.open("rb")
        self._text = None
        if self._fh.peek(2)[:2] in _UTF16_BOMS:
            self._text = io.TextIOWrapper(self._fh, encoding="utf-16", newline="")

    def close(self) -> None:
        (self._text or self._fh).close()

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        stream = self._text or self._fh
        try:
            raw = stream.readline(self.max_bytes + 1)
        except UnicodeDecodeError:
            self.n += 1
            self._text = self._fh = io.BytesIO()  # nothing more can be read in step
            raise _LineProblem(self.n, "not valid UTF-16; the rest of the file is not read") from None
        if not raw:
            raise StopIteration
        self.n += 1
        newline = "\n" if self._text is not None else b"\n"
        if len(raw) > self.max_bytes and not raw.endswith(newline):
            while raw and not raw.endswith(newline):  # skip the rest of the line
                raw = stream.readline(1 << 20)
            raise _LineProblem(self.n, f"line is over the limit of {self.max_bytes} bytes "
                                       "(--max-doc-bytes)")
        if self._text is not None:
            return raw
        if self.n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            raise _LineProblem(self.n, "binary data (NUL bytes)")
        try:
            line, fallback = decode_note(raw)
        except ValueError as e:
            raise _LineProblem(self.n, str(e)) from None
        if fallback:
            self.cp1252 += 1
            if self.cp1252 == 1:
                _warn_cp1252(f"{self.file}:{self.n}")
        return line


@contextmanager
def _open_lines(file: Path, max_bytes: int) -> Iterator[_Lines]:
    lines = _Lines(file, max_bytes)
    try:
        yield lines
    finally:
        lines.close()
        if lines.cp1252 > 1:
            logger.warning("%s: %d lines read as cp1252", file, lines.cp1252)


def _read_jsonl(file, rel, fields, max_bytes) -> Iterator[Record]:
    try:
        with _open_lines(file, max_bytes) as lines:
            while True:
                try:
                    line = next(lines)
                except StopIteration:
                    return
                except _LineProblem as e:
                    yield InputError(f"{rel.as_posix()}:{e.line}", file, e.line, e.problem, rel)
                    continue
                if not line.strip():
                    continue
                n = lines.n
                fallback_id = f"{rel.as_posix()}:{n}"
                obj, problem = _json_object(line)
                if problem:
                    yield InputError(fallback_id, file, n, problem, rel)
                    continue
                yield _note_from_fields(obj, fallback_id, file, n, rel, fields)
    except OSError as e:
        yield InputError(rel.as_posix(), file, None, f"cannot read ({type(e).__name__})", rel)


def _read_csv(file, rel, fields, max_bytes) -> Iterator[Record]:
    id_field, text_field = fields[0], fields[1]
    csv.field_size_limit(max(max_bytes, 1))
    try:
        with _open_lines(file, max_bytes) as lines:
            try:
                header = next(csv.reader(lines), None)
            except (_LineProblem, csv.Error):
                header = None
            if header is None or text_field not in header:
                yield InputError(rel.as_posix(), file, 1, f"CSV has no column {text_field!r}", rel)
                return
            while True:
                # After a bad line a new csv reader goes on from the next line.
                reader = csv.reader(lines)
                try:
                    for n, row in _csv_rows(reader, lines):
                        fallback_id = f"{rel.as_posix()}:{n}"
                        if len(row) > len(header):
                            doc_id = (row[header.index(id_field)] if id_field in header else "") or fallback_id
                            yield InputError(doc_id, file, n, "row has more fields than the header", rel)
                            continue
                        record = dict(zip(header, row))
                        yield _note_from_fields(record, fallback_id, file, n, rel, fields)
                    return
                except _LineProblem as e:
                    yield InputError(f"{rel.as_posix()}:{e.line}", file, e.line, e.problem, rel)
                except csv.Error as e:
                    n = lines.n
                    problem = (f"CSV field is over the limit of {max_bytes} bytes (--max-doc-bytes)"
                               if "field larger" in str(e) else f"malformed CSV ({e})")
                    yield InputError(f"{rel.as_posix()}:{n}", file, n, problem, rel)
    except OSError as e:
        yield InputError(rel.as_posix(), file, None, f"cannot read ({type(e).__name__})", rel)


def _csv_rows(reader, lines: _Lines) -> Iterator[Tuple[int, List[str]]]:
    """(line where the row starts, fields) for each non-empty row."""
    while True:
        start = lines.n + 1
        row = next(reader, None)
        if row is None:
            return
        if row:
            yield start, row


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
