"""Runs a de-identification pipeline over notes, failing closed document by document.

Batches go through ``nlp.pipe`` for speed. If a batch fails, its documents are run again one
at a time, component by component, so that the failing document is isolated and its stage
named; the others still come out. A document whose pipeline failed, or whose pipeline did not
produce ``doc._.deid_text``, yields a :class:`Failure` and never its text.
Failure records hold the document id, the stage and the error class: exception messages can
quote the text, so they are kept only for errors we raise about the input ourselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator, List, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from .io.notes import InputError, Note, Record


@dataclass
class Result:
    note: Note
    doc: Doc


@dataclass
class Failure:
    id: str
    where: str
    stage: str  # "input", "tokenizer", a component name, or "output"
    error: str  # error class, or the input problem
    rel: object = None


Outcome = Union[Result, Failure]


def _make_doc(nlp: Language, note: Note) -> Doc:
    doc = nlp.make_doc(note.text)
    doc._.patient_id = note.patient_id
    if note.known:
        doc._.deid_known = note.known
    return doc


def _check(note: Note, doc: Doc) -> Outcome:
    if doc._.deid_text is None:
        return Failure(note.id, note.where, "output", "pipeline produced no deid_text "
                       "(is deid_surrogates in the pipeline?)", note.rel)
    return Result(note, doc)


def _run_one(nlp: Language, note: Note) -> Outcome:
    stage = "tokenizer"
    try:
        doc = _make_doc(nlp, note)
        for name, proc in nlp.pipeline:
            stage = name
            doc = proc(doc)
    except Exception as e:  # noqa: BLE001 - any failure must fail closed, never abort the run
        return Failure(note.id, note.where, stage, type(e).__name__, note.rel)
    return _check(note, doc)


def deidentify(
    nlp: Language, records: Iterable[Record], *, batch_size: int = 32
) -> Iterator[Outcome]:
    """Yield one Result or Failure per input record, in input order."""
    it = iter(records)
    while True:
        batch = list(islice(it, batch_size))
        if not batch:
            return
        yield from _run_batch(nlp, batch, batch_size)


def _run_batch(nlp: Language, batch: List[Record], batch_size: int) -> Iterator[Outcome]:
    notes = [r for r in batch if isinstance(r, Note)]
    docs: Optional[List[Doc]] = None
    if notes:
        try:
            docs = list(nlp.pipe((_make_doc(nlp, n) for n in notes), batch_size=batch_size))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            docs = None
    done = iter(docs) if docs is not None else None
    for record in batch:
        if isinstance(record, InputError):
            yield Failure(record.id, record.where, "input", record.problem, record.rel)
        elif done is not None:
            yield _check(record, next(done))
        else:
            yield _run_one(nlp, record)
