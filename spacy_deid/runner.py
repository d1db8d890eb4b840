"""Runs a de-identification pipeline over notes, failing closed document by document.

All notes go through one ``nlp.pipe`` stream (``n_process`` worker processes if asked), each
Doc tagged with its position as its pipe context. spaCy's error handler is set, for the run,
to drop a Doc whose component raised instead of stopping the stream; a document that does not
come back (dropped, or lost with its batch when a worker or the stream itself failed) is run
again alone, component by component, so that its stage is named; the others still come out.
Outcomes are yielded in input order, one per input record.

A document whose pipeline failed, ran out of time, or did not produce ``doc._.deid_text``
yields a :class:`Failure` and never its text. Failure records hold the document id, the stage
and the error class: exception messages can quote the text, so they are kept only for errors
we raise about the input ourselves.

Time limit (``doc_timeout``): a Unix ``SIGALRM`` interval timer in the main process, so it
needs the main thread of a Unix process. A batch may take ``doc_timeout`` seconds per document
in it; past that, the stream is stopped (its worker processes terminated) and the documents in
flight are run again alone, each with ``doc_timeout`` seconds, so only the slow document fails,
with ``error="Timeout"`` and the stage that was running (so a document is sure to be stopped
past ``doc_timeout`` x batch size; ``batch_size=1`` makes the limit strict). The alarm
interrupts Python code; a single call into C that never returns to Python (say, one regular
expression match) is only interrupted when it returns. With worker processes, the first batch also gets
``WORKER_STARTUP_SECONDS`` for the workers to start. A long note (see :func:`_run_long`) has
``doc_timeout`` for the whole note.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
import warnings
from bisect import bisect_left
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Deque, Iterable, Iterator, Optional, Tuple, Union

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .io.notes import InputError, Note, Record
from .surrogates import OffsetEntry

TIMEOUT = "Timeout"
VOTER = "deid_voter"
SAFE_KEY = "deid.safe"
#: Notes longer than this (characters) run their detectors in windows (see _run_long).
LONG_CHARS = 200_000
WINDOW_CHARS = 100_000
OVERLAP_CHARS = 4_000
EDGE_CHARS = 1_000
#: Extra time the first batch of a multi-process stream gets under doc_timeout (workers start).
WORKER_STARTUP_SECONDS = 10


@dataclass
class Result:
    note: Note
    doc: Doc


@dataclass
class Failure:
    id: str
    where: str
    stage: str  # "input", "tokenizer", a component name, or "output"
    error: str  # error class, "Timeout", or the input problem
    rel: object = None


Outcome = Union[Result, Failure]


class DocTimeout(BaseException):
    """Raised by the alarm. A BaseException, like KeyboardInterrupt, so that a component's
    ``except Exception`` cannot swallow it."""


def _make_doc(nlp: Language, note: Note) -> Doc:
    # Tokenizing is linear and light, so a note of any length is one Doc (nlp.max_length is
    # raised to fit); the detectors of a long one run in windows (see _run_long).
    if len(note.text) >= nlp.max_length:
        nlp.max_length = len(note.text) + 1
    doc = nlp.make_doc(note.text)
    doc._.patient_id = note.patient_id
    if note.known:
        doc._.deid_known = note.known
    return doc


def _check(note: Note, doc: Doc) -> Outcome:
    if doc._.deid_text is None:
        return Failure(note.id, note.where, "output", "pipeline produced no deid_text "
                       "(is deid_surrogates in the pipeline?)", note.rel)
    offsets = doc._.deid_offsets
    if offsets and not isinstance(offsets[0], OffsetEntry):  # lists after a worker's to_bytes
        doc._.deid_offsets = [OffsetEntry(*entry) for entry in offsets]
    return Result(note, doc)


class _Alarm:
    """The per-document time limit: SIGALRM, deferred while input is being read so that an
    input reader is never interrupted (an exception there would end it)."""

    def __init__(self, seconds: Optional[float]) -> None:
        self.seconds = seconds
        self.protected = False
        self.deferred = False
        self.before: Optional[set] = None  # child processes before a multi-process stream

    def _fire(self, signum, frame) -> None:
        if self.protected:
            self.deferred = True
            return
        self._stop_workers()
        raise DocTimeout()

    def _stop_workers(self) -> None:
        # the stream's worker processes: it joins them when closed, so a worker stuck on the
        # slow document must be ended first
        if self.before is not None:
            for proc in multiprocessing.active_children():
                if proc not in self.before:
                    proc.terminate()

    @contextmanager
    def installed(self) -> Iterator[None]:
        if not self.seconds:
            yield
            return
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            raise ValueError("doc_timeout needs the main thread of a Unix process (it uses SIGALRM)")
        previous = signal.signal(signal.SIGALRM, self._fire)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def limit(self, seconds: Optional[float]) -> Iterator[None]:
        if not self.seconds:
            yield
            return
        self.deferred = False
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    @contextmanager
    def protect(self) -> Iterator[None]:
        self.protected = True
        try:
            yield
        finally:
            self.protected = False
        if self.deferred:
            self.deferred = False
            self._stop_workers()
            raise DocTimeout()


def _is_long(nlp: Language, note: Note) -> bool:
    return len(note.text) > LONG_CHARS and VOTER in nlp.pipe_names


def _run_one(nlp: Language, note: Note, alarm: Optional[_Alarm] = None) -> Outcome:
    """Run one document alone, component by component, naming the stage that fails."""
    alarm = alarm or _Alarm(None)
    stage = ["tokenizer"]
    try:
        with alarm.limit(alarm.seconds):
            if _is_long(nlp, note):
                doc = _run_long(nlp, note, stage)
            else:
                doc = _make_doc(nlp, note)
                for name, proc in nlp.pipeline:
                    stage[0] = name
                    doc = proc(doc)
    except DocTimeout:
        return Failure(note.id, note.where, stage[0], TIMEOUT, note.rel)
    except Exception as e:  # noqa: BLE001 - any failure must fail closed, never abort the run
        return Failure(note.id, note.where, stage[0], type(e).__name__, note.rel)
    return _check(note, doc)


def _windows(text: str) -> Iterator[Tuple[int, int, int, int]]:
    """(start, end, core start, core end) of overlapping windows over ``text``, cut after
    whitespace (a paragraph break, else a line break, else a space, where there is one), so
    that each window's tokens are the whole text's tokens. Cores partition the text."""
    start, core_start, n = 0, 0, len(text)
    while True:
        if n - start <= WINDOW_CHARS:
            yield start, n, core_start, n
            return
        limit = start + WINDOW_CHARS
        end = limit
        for sep in ("\n\n", "\n", " "):
            cut = text.rfind(sep, start + WINDOW_CHARS // 2, limit)
            if cut > 0:
                end = cut
                break
        nxt = end - OVERLAP_CHARS
        space = max(text.rfind(c, start + 1, nxt) for c in "\n ")
        nxt = space + 1 if space > start else nxt
        while nxt < end and text[nxt].isspace():
            nxt += 1
        core_end = (nxt + end) // 2
        yield start, end, core_start, core_end
        start, core_start = nxt, core_end


def _run_long(nlp: Language, note: Note, stage: list) -> Doc:
    """A long note: one Doc for the whole text, its detectors run in overlapping windows.

    Why: the NER models' memory grows with the length of the Doc they are given (about 15 KB
    per token for en_deid's four models: a 10 MB note would need tens of GB). Why this does
    not miss PHI at a window's edge: windows overlap by ``OVERLAP_CHARS`` (far more than any
    PHI value and the models' context), every claim of every window is kept (the voter unions
    duplicates), and a "safe" sentence is kept only away from a window's cut edges, where a
    sentence could be truncated. Sentence starts come from each window's core. The voter and
    the components after it (surrogates) then run once on the whole Doc, so surrogates stay
    consistent across the note.
    """
    names = nlp.pipe_names
    split = names.index(VOTER)
    full = _make_doc(nlp, note)
    text = note.text
    idx = full.to_array(IDX).tolist()
    sent_starts = numpy.full(len(full), -1, dtype="int64")
    sent_starts[0] = 1
    groups: dict = {}
    for w_start, w_end, core_start, core_end in _windows(text):
        stage[0] = "tokenizer"
        window = Note(note.id, text[w_start:w_end], note.patient_id, note.file, note.line,
                      note.rel, note.known)
        doc = _make_doc(nlp, window)
        for name, proc in nlp.pipeline[:split]:
            stage[0] = name
            doc = proc(doc)
        for token in doc:
            at = token.idx + w_start
            if core_start <= at < core_end and token.is_sent_start:
                i = bisect_left(idx, at)
                if i < len(idx) and idx[i] == at:
                    sent_starts[i] = 1
        for key, group in doc.spans.items():
            spans = groups.setdefault(key, {})
            for span in group:
                start, end = span.start_char + w_start, span.end_char + w_start
                if key == SAFE_KEY and ((w_start and start < w_start + EDGE_CHARS)
                                        or (w_end < len(text) and end > w_end - EDGE_CHARS)):
                    continue  # maybe a truncated sentence
                spans.setdefault((start, end, span.label_), span._.deid_score)
    stage[0] = VOTER
    full.from_array([SENT_START], sent_starts.view("uint64"))  # spaCy's own encoding of -1
    for key, spans in groups.items():
        group = []
        for (start, end, label), score in sorted(spans.items()):
            span = full.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                span._.deid_score = score
                group.append(span)
        full.spans[key] = group
    for name, proc in nlp.pipeline[split:]:
        stage[0] = name
        full = proc(full)
    return full


@contextmanager
def _quiet_workers() -> Iterator[None]:
    """Silence spaCy's W127 (a worker did not exit cleanly): we end workers on purpose."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        yield


def _drop_failed(proc_name, proc, docs, e) -> None:
    """spaCy error handler for the run: drop the Doc (it is run again alone); never log ``e``,
    whose message may quote the text."""


@contextmanager
def _dropping_errors(nlp: Language) -> Iterator[None]:
    previous = [(proc, proc.get_error_handler()) for _, proc in nlp.pipeline
                if hasattr(proc, "get_error_handler")]
    default = nlp.default_error_handler
    nlp.set_error_handler(_drop_failed)
    try:
        yield
    finally:
        nlp.default_error_handler = default
        for proc, handler in previous:
            proc.set_error_handler(handler)


def deidentify(
    nlp: Language,
    records: Iterable[Record],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    doc_timeout: Optional[float] = None,
) -> Iterator[Outcome]:
    """Yield one Result or Failure per input record, in input order.

    n_process: worker processes for ``nlp.pipe`` (1: none).
    doc_timeout: seconds a document may take (see the module docstring); None: no limit.
    """
    alarm = _Alarm(doc_timeout)
    records = iter(records)
    with _dropping_errors(nlp), alarm.installed():
        while True:
            pending: Deque[Tuple[int, Record, bool]] = deque()  # (position, record, sent to pipe)
            finished = yield from _stream(nlp, records, pending, alarm, batch_size, n_process)
            if finished:
                return
            # The stream ended early (a worker or the stream failed, or the time ran out):
            # whatever it still held is run alone; then a new stream takes the rest. A stream
            # that failed before taking any record hands one over, so the run always advances.
            if not pending:
                record = next(records, None)
                if record is None:
                    return
                pending.append((0, record, False))
            while pending:
                yield _single(nlp, pending.popleft(), alarm)


def _single(nlp: Language, entry: Tuple[int, Record, bool], alarm: _Alarm) -> Outcome:
    _, record, _ = entry
    if isinstance(record, InputError):
        return Failure(record.id, record.where, "input", record.problem, record.rel)
    return _run_one(nlp, record, alarm)


def _stream(nlp, records, pending, alarm, batch_size, n_process) -> Iterator[Outcome]:
    """Run ``records`` through one ``nlp.pipe`` stream; return True when all were read and
    done, False when the stream stopped early (``pending`` then holds what it had not given
    back)."""
    position = 0
    reader_error: list = []

    def feed() -> Iterator[Tuple[Doc, int]]:
        nonlocal position
        while True:
            with alarm.protect():
                try:
                    record = next(records, None)
                except Exception as e:  # a bug or vanished input: raised below, not a stream failure
                    reader_error.append(e)
                    return
                if record is None:
                    return
                position += 1
                sent = isinstance(record, Note) and not _is_long(nlp, record)
                pending.append((position, record, sent))
            if sent:
                try:
                    doc = _make_doc(nlp, record)
                except Exception:  # noqa: BLE001 - named by the run alone (stage "tokenizer")
                    pending[-1] = (position, record, False)
                    continue
                yield doc, position

    alarm.before = set(multiprocessing.active_children()) if n_process != 1 else None
    stream = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    startup = WORKER_STARTUP_SECONDS if n_process != 1 else 0
    try:
        while True:
            try:
                with alarm.limit((alarm.seconds or 0) * batch_size + startup), _quiet_workers():
                    item = next(stream)
                startup = 0
            except StopIteration:
                item = None
            except (Exception, DocTimeout):  # noqa: BLE001 - the stream is over; redo what it held
                if reader_error:
                    while pending:
                        yield _single(nlp, pending.popleft(), alarm)
                    raise reader_error[0]
                return False
            if item is None:
                while pending:
                    yield _single(nlp, pending.popleft(), alarm)
                if reader_error:
                    raise reader_error[0]
                return True
            doc, at = item
            while pending and pending[0][0] < at:  # not given back: failed somewhere
                yield _single(nlp, pending.popleft(), alarm)
            _, note, _ = pending.popleft()
            yield _check(note, doc)
    finally:
        with _quiet_workers():
            stream.close()
        alarm.before = None
