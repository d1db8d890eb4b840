"""Writes de-identified notes, their PHI annotations and error records.

Layout under the output folder:

* the de-identified notes, mirroring the inputs: ``<name>.txt`` for a .txt input, and for
  JSONL or CSV inputs a file of the same name holding only ``id`` and ``text`` per document
  (other input fields may hold PHI and are not copied);
* ``annotations.jsonl``: per document, each PHI span with its offsets in the original text
  and in the de-identified text, label, sources and replacement (never the original value);
* ``errors.jsonl``: per failed document, id, file and line, stage and error (never text).

Each file is written to a temporary name and renamed when complete, so a reader never sees a
half-written output.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import IO, Dict, Optional

from ..runner import Failure, Result


class _AtomicFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.handle: IO[str] = self.tmp.open("w", encoding="utf8", newline="")

    def close(self) -> None:
        self.handle.close()
        os.replace(self.tmp, self.path)


def annotation_record(result: Result, spans_key: str = "phi") -> Dict:
    doc = result.doc
    offsets = {(e.start, e.end): e for e in (doc._.deid_offsets or [])}
    spans = []
    for span in doc.spans.get(spans_key, []):
        entry = offsets.get((span.start_char, span.end_char))
        spans.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "label": span.label_,
                "sources": list(span._.deid_sources or ()),
                "deid_start": entry.new_start if entry else None,
                "deid_end": entry.new_end if entry else None,
                "surrogate": span._.surrogate,
            }
        )
    return {"id": result.note.id, "file": str(result.note.file), "line": result.note.line, "spans": spans}


class OutputWriter:
    """Streams outputs: one mirrored record or one error record per input document."""

    def __init__(self, out_dir: Path, *, text_field: str = "text", id_field: str = "id") -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.text_field = text_field
        self.id_field = id_field
        self.annotations = _AtomicFile(out_dir / "annotations.jsonl")
        self.errors = _AtomicFile(out_dir / "errors.jsonl")
        self._current: Optional[Path] = None
        self._file: Optional[_AtomicFile] = None
        self._csv: Optional[csv.writer] = None
        self.n_written = 0
        self.n_failed = 0

    def _switch(self, rel: Path) -> None:
        if rel == self._current:
            return
        self._close_current()
        self._current = rel
        if rel.suffix.lower() in (".jsonl", ".csv"):
            self._file = _AtomicFile(self.out_dir / rel)
            if rel.suffix.lower() == ".csv":
                self._csv = csv.writer(self._file.handle)
                self._csv.writerow([self.id_field, self.text_field])

    def _close_current(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._csv = None
        self._current = None

    def write(self, result: Result) -> None:
        note = result.note
        text = result.doc._.deid_text
        suffix = note.rel.suffix.lower()
        if suffix in (".jsonl", ".csv"):
            self._switch(note.rel)
            if self._csv is not None:
                self._csv.writerow([note.id, text])
            else:
                self._file.handle.write(
                    json.dumps({self.id_field: note.id, self.text_field: text}, ensure_ascii=False) + "\n"
                )
        else:
            self._close_current()
            out = _AtomicFile(self.out_dir / note.rel)
            out.handle.write(text)
            out.close()
        self.annotations.handle.write(json.dumps(annotation_record(result), ensure_ascii=False) + "\n")
        self.n_written += 1

    def fail(self, failure: Failure) -> None:
        record = {"id": failure.id, "where": failure.where, "stage": failure.stage, "error": failure.error}
        self.errors.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.n_failed += 1

    def close(self) -> None:
        self._close_current()
        self.annotations.close()
        self.errors.close()
