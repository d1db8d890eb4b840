"""Writes de-identified notes, their PHI annotations and error records.

Layout under the output folder:

* the de-identified notes, mirroring the inputs: ``<name>.txt`` for a .txt input, and for
  JSONL or CSV inputs a file of the same name holding only ``id`` and ``text`` per document
  (other input fields may hold PHI and are not copied);
* ``annotations.jsonl``: per document, each PHI span with its offsets in the original text
  and in the de-identified text, label, sources and replacement (never the original value);
* ``errors.jsonl``: per failed document, id, file and line, stage and error (never text).

Each file is written under a temporary name (``.<name>.tmp``) and renamed when complete, so a
reader never sees a half-written output.

Restart: ``manifest.jsonl`` records the run (its first line: the inputs and the options that
shape the outputs) and then one line per finished document, appended and flushed after that
document's output and annotation (or error record) are written and flushed; the outputs, then
the manifest, are fsync'd at least every second (:data:`SYNC_SECONDS`). Each line holds the
sizes of the appended files at that point, so a run killed at any moment and started again
truncates them back to the last finished document (dropping any partial line, so nothing is
duplicated), skips the documents the manifest lists and appends the rest. See
:func:`prepare_run`.
"""
from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path
from typing import IO, Dict, Iterable, Iterator, List, Optional

from ..runner import Failure, Result

#: Longest time between two fsyncs of the outputs and the manifest (see OutputWriter._log).
SYNC_SECONDS = 1.0
ANNOTATIONS = "annotations.jsonl"
ERRORS = "errors.jsonl"
MANIFEST = "manifest.jsonl"
RESERVED = (ANNOTATIONS, ERRORS, MANIFEST)


class RunConflict(ValueError):
    """The output folder holds another run; the message says what differs and what to do."""


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


class _AtomicFile:
    """Written under a temporary name and renamed into place by :meth:`close`. With ``size``,
    an interrupted file is taken up again: its temporary (or, if it was already complete, its
    final) file is truncated to ``size`` bytes and appended to."""

    def __init__(self, path: Path, size: Optional[int] = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = _tmp(path)
        if size is None:
            self.handle: IO[str] = self.tmp.open("w", encoding="utf8", newline="")
            return
        if not self.tmp.exists() and path.exists():
            os.replace(path, self.tmp)
        with self.tmp.open("ab") as raw:
            raw.truncate(size)
        self.handle = self.tmp.open("a", encoding="utf8", newline="")

    def size(self) -> int:
        self.handle.flush()
        return os.fstat(self.handle.fileno()).st_size

    def sync(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.sync()
        self.handle.close()
        os.replace(self.tmp, self.path)


def _current_size(path: Path) -> int:
    for candidate in (_tmp(path), path):
        if candidate.exists():
            return candidate.stat().st_size
    return 0


def _source(record) -> str:
    """What a manifest line records of the input document (its file and line, as a Note,
    InputError or Failure names them), to check a restart reads the same inputs in order."""
    return record.where


class RunState:
    """What an earlier, interrupted run of the same command finished (from its manifest)."""

    def __init__(self, entries: List[Dict]) -> None:
        self.entries = entries
        last = entries[-1] if entries else {}
        self.current: Optional[str] = last.get("cur")
        self.sizes: List[int] = last.get("sizes", [0, 0, 0])
        self.n_written = sum(1 for e in entries if e["ok"])
        self.n_failed = len(entries) - self.n_written


def _read_manifest(path: Path, out_dir: Path) -> tuple:
    """(header, entries) of a manifest; drops (and truncates away) a partial last line and any
    line whose recorded sizes the files on disk do not reach (written before a crash flushed
    them)."""
    header, entries, good_end = None, [], 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                obj = json.loads(raw)
            except ValueError:
                break
            if header is None:
                header = obj
            else:
                entries.append(obj)
            good_end += len(raw)
    with path.open("ab") as fh:
        fh.truncate(good_end)
    while entries:
        last = entries[-1]
        files = [out_dir / last["cur"]] if last.get("cur") else []
        actual = [_current_size(f) for f in files] or [last["sizes"][0]]
        actual += [_current_size(out_dir / ANNOTATIONS), _current_size(out_dir / ERRORS)]
        if all(a >= s for a, s in zip(actual, last["sizes"])):
            break
        entries.pop()
    return header, entries


def prepare_run(out_dir: Path, header: Dict, *, resume: bool = True, overwrite: bool = False
                ) -> Optional[RunState]:
    """Decide how a run starts in ``out_dir``: a :class:`RunState` to take up an interrupted
    (or finished) run with the same ``header`` (inputs and output-shaping options), or None to
    start afresh. ``overwrite`` first deletes the files an earlier run wrote (only those). A
    folder with another run's manifest, or any manifest when ``resume`` is False, raises
    :class:`RunConflict` rather than mixing two runs' outputs."""
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        return None
    if overwrite:
        _remove_run(out_dir)
        return None
    old, entries = _read_manifest(manifest, out_dir)
    if old is None:  # killed before the header was written: nothing was done
        return None
    if not resume:
        raise RunConflict(f"{out_dir} holds an earlier run ({len(entries)} documents done); "
                          "resume it (--resume) or start over (--overwrite)")
    differs = sorted(k for k in set(old) | set(header) if old.get(k) != header.get(k))
    if differs:
        raise RunConflict(f"{out_dir} holds a run with other {', '.join(differs)}; use the same "
                          "arguments to resume it, --overwrite to start over, or another --out")
    return RunState(entries)


def _remove_run(out_dir: Path) -> None:
    manifest = out_dir / MANIFEST
    _, entries = _read_manifest(manifest, out_dir)
    names = set(RESERVED) | {e["rel"] for e in entries if e.get("rel")}
    for name in names:
        for path in (out_dir / name, _tmp(out_dir / name)):
            if path.is_file():
                path.unlink()
        parent = (out_dir / name).parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()  # folders the run made for mirrored outputs, now empty
            parent = parent.parent


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
    # Replacements of spans outside the group (es_deid's native_modes, e.g. an
    # OTROS_SUJETO_ASISTENCIA tag) are listed too: the record covers every change to the text.
    listed = {(span.start_char, span.end_char) for span in doc.spans.get(spans_key, [])}
    for (start, end), entry in offsets.items():
        if (start, end) not in listed:
            spans.append({"start": start, "end": end, "label": entry.label, "sources": [],
                          "deid_start": entry.new_start, "deid_end": entry.new_end,
                          "surrogate": doc._.deid_text[entry.new_start:entry.new_end]})
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {"id": result.note.id, "file": str(result.note.file), "line": result.note.line, "spans": spans}


class OutputWriter:
    """Streams outputs: one mirrored record or one error record per input document.

    header: the run's manifest header (inputs and options); with it, a manifest is kept and
        the run can be taken up again (``state``, from :func:`prepare_run`).
    """

    def __init__(self, out_dir: Path, *, text_field: str = "text", id_field: str = "id",
                 header: Optional[Dict] = None, state: Optional[RunState] = None) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.text_field = text_field
        self.id_field = id_field
        self.state = state
        sizes = state.sizes if state else [None, None, None]
        self.annotations = _AtomicFile(out_dir / ANNOTATIONS, sizes[1])
        self.errors = _AtomicFile(out_dir / ERRORS, sizes[2])
        self._current: Optional[Path] = None
        self._file: Optional[_AtomicFile] = None
        self._csv: Optional[csv.writer] = None
        self.n_written = state.n_written if state else 0
        self.n_failed = state.n_failed if state else 0
        self.n_done = len(state.entries) if state else 0
        self.manifest: Optional[IO[str]] = None
        self._synced = time.monotonic()
        if header is not None:
            path = out_dir / MANIFEST
            self.manifest = path.open("a" if state else "w", encoding="utf8", newline="")
            if not state:
                self._log(header)
        if state and state.current:
            self._current = Path(state.current)
            self._open(self._current, sizes[0])

    def skip_done(self, records: Iterable) -> Iterator:
        """The records an earlier run has not finished: the first ones are checked against the
        manifest (same document at the same place) and skipped."""
        entries = self.state.entries if self.state else []
        it = iter(records)
        for n, entry in enumerate(entries, start=1):
            record = next(it, None)
            if record is None or (record.id, _source(record)) != (entry["id"], entry["src"]):
                raise RunConflict(f"the inputs changed since the earlier run in {self.out_dir} "
                                  f"(document {n} differs); use --overwrite to start over")
        yield from it

    def _log(self, entry: Dict) -> None:
        """Append a manifest line. Every line is flushed (a killed process loses nothing it
        wrote); fsync, 2 ms a file here, is grouped: at most every SYNC_SECONDS, the outputs
        first and then the manifest, so on power loss the manifest is behind the outputs and
        the restart's size check drops any line whose outputs did not reach the disk."""
        if self.manifest is None:
            return
        self.manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.manifest.flush()
        if time.monotonic() - self._synced >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        for f in (self._file, self.annotations, self.errors):
            if f is not None:
                f.sync()
        if self.manifest is not None:
            self.manifest.flush()
            os.fsync(self.manifest.fileno())
        self._synced = time.monotonic()

    def _done(self, record, ok: bool, rel: Optional[Path]) -> None:
        self.n_done += 1
        sizes = [self._file.size() if self._file else 0, self.annotations.size(), self.errors.size()]
        self._log({"n": self.n_done, "id": record.id, "src": _source(record), "ok": ok,
                   "rel": rel.as_posix() if rel else None,
                   "cur": self._current.as_posix() if self._current else None, "sizes": sizes})

    def _open(self, rel: Path, size: Optional[int] = None) -> None:
        self._file = _AtomicFile(self.out_dir / rel, size)
        if rel.suffix.lower() == ".csv":
            self._csv = csv.writer(self._file.handle)
            if size is None:
                self._csv.writerow([self.id_field, self.text_field])

    def _switch(self, rel: Path) -> None:
        if rel == self._current:
            return
        self._close_current()
        self._current = rel
        if rel.suffix.lower() in (".jsonl", ".csv"):
            self._open(rel)

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
        self._done(note, True, note.rel)

    def fail(self, failure: Failure) -> None:
        entry = {"id": failure.id, "where": failure.where, "stage": failure.stage, "error": failure.error}
        self.errors.handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.n_failed += 1
        self._done(failure, False, None)

    def close(self) -> None:
        self.sync()
        self._close_current()
        self.annotations.close()
        self.errors.close()
        if self.manifest is not None:
            self.manifest.close()
