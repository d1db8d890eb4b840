"""``spacy-deid run``: de-identify .txt, JSONL and CSV notes into an output folder.

Streams: notes are read, de-identified and written one by one (memory does not grow with the
corpus, except one small hash per document id). A run killed and started again with the same
arguments takes up where it stopped (see :mod:`spacy_deid.io.outputs`).
"""
from __future__ import annotations

import logging
import os
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import List, Optional

import spacy
import typer
from tqdm import tqdm
from wasabi import msg

from ..io.notes import MAX_BYTES, read_notes
from ..io.outputs import RESERVED, OutputWriter, RunConflict, prepare_run
from ..runner import Failure, deidentify
from ..surrogates import KEY_ENV
from . import app

logger = logging.getLogger("spacy_deid")


def _show_warning_without_message(message, category, filename, lineno, file=None, line=None):
    """Warnings raised while notes are processed may quote them (a component's warning about
    a token, say): print the category, spaCy's code ("[W108]") and the place, never the message."""
    code = re.match(r"\[[WE]\d+\]", str(message))
    print(f"{category.__name__} {code.group(0) if code else ''} at {filename}:{lineno} "
          "(message not shown: it may quote note text)", file=sys.stderr)


@app.command("run")
def run_cli(
    inputs: List[Path] = typer.Argument(..., help="Files (.txt, .jsonl, .csv) or folders of them"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder"),
    model: str = typer.Option("en_deid", "--model", "-m", help="Pipeline package name or path"),
    id_field: str = typer.Option("id", help="JSONL key / CSV column holding the document id"),
    text_field: str = typer.Option("text", help="JSONL key / CSV column holding the note text"),
    patient_field: str = typer.Option("patient_id", help="JSONL key / CSV column holding the patient id"),
    known_field: str = typer.Option("known", help="JSONL key / CSV column of known PHI values ({label: [values]})"),
    mode: str = typer.Option(None, help="Replacement mode for every label: surrogate, tag, mask or hash "
                                        "(default: the pipeline's own setting)"),
    batch_size: int = typer.Option(32, help="Documents per nlp.pipe batch"),
    n_process: int = typer.Option(1, "--n-process", "-n", min=1,
                                  help="Worker processes for nlp.pipe (output order is kept)"),
    doc_timeout: Optional[float] = typer.Option(
        None, "--doc-timeout", min=0.001,
        help="Seconds a document may take; a slower one becomes an error record (stage, "
             "'Timeout') and the run goes on. Uses SIGALRM (Unix)"),
    max_doc_bytes: int = typer.Option(
        MAX_BYTES, "--max-doc-bytes", min=1,
        help="Largest .txt file, JSONL line or CSV line read; a larger one is an error record"),
    resume: bool = typer.Option(
        True, "--resume/--no-resume",
        help="Take up an interrupted run of the same command in --out (skip documents done)"),
    overwrite: bool = typer.Option(False, "--overwrite", help="Delete an earlier run's outputs in --out and start over"),
    print_text: bool = typer.Option(False, "--print", help="Also print each de-identified note"),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log per-document ids and stages"),
) -> None:
    """De-identify notes: one output record or one error record per input document."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    warnings.showwarning = _show_warning_without_message
    for path in inputs:
        if not path.exists():
            msg.fail(f"Input {path} does not exist", exits=2)
    try:
        overrides = {"components": {"deid_surrogates": {"mode": mode}}} if mode else {}
        nlp = spacy.load(model, config=overrides)
    except OSError as e:
        msg.fail(f"Cannot load pipeline {model!r}: {type(e).__name__}", exits=2)
    header = {"spacy_deid_run": 1, "inputs": [str(p.resolve()) for p in inputs], "model": model,
              "mode": mode, "id_field": id_field, "text_field": text_field,
              "patient_field": patient_field, "known_field": known_field,
              "max_doc_bytes": max_doc_bytes}
    try:
        state = prepare_run(out, header, resume=resume, overwrite=overwrite)
    except RunConflict as e:
        msg.fail(str(e), exits=2)
    if state is not None:
        logger.warning("resuming the run in %s: %d documents already done", out, len(state.entries))
        if not os.environ.get(KEY_ENV):
            logger.warning("%s is not set: documents done before and after the restart get "
                           "surrogates from different random keys", KEY_ENV)
    start = time.perf_counter()
    writer = OutputWriter(out, text_field=text_field, id_field=id_field, header=header, state=state)
    done_before = writer.n_done
    per_type: Counter = Counter()
    records = read_notes(inputs, id_field=id_field, text_field=text_field,
                         patient_field=patient_field, known_field=known_field,
                         max_bytes=max_doc_bytes, reserved=RESERVED)
    bar = tqdm(desc="de-identifying", unit="doc", disable=not progress, file=sys.stderr)
    try:
        for outcome in deidentify(nlp, writer.skip_done(records), batch_size=batch_size,
                                  n_process=n_process, doc_timeout=doc_timeout):
            bar.update(1)
            if isinstance(outcome, Failure):
                # the error is a class name or our own message about the input: never text
                logger.warning("document %s failed at %s: %s: %s", outcome.id, outcome.where,
                               outcome.stage, outcome.error)
                writer.fail(outcome)
                continue
            writer.write(outcome)
            spans = outcome.doc.spans.get("phi", [])
            per_type.update(span.label_ for span in spans)
            logger.debug("document %s: %d PHI spans", outcome.note.id, len(spans))
            if print_text:
                bar.clear()
                typer.echo(f"===== {outcome.note.id} =====")
                typer.echo(outcome.doc._.deid_text)
    except RunConflict as e:
        msg.fail(str(e), exits=2)
    finally:
        bar.close()
        writer.close()
    elapsed = time.perf_counter() - start
    total = writer.n_written + writer.n_failed
    msg.divider("spacy-deid run")
    earlier = f" ({done_before} done by the earlier run)" if done_before else ""
    msg.info(f"{total} documents{earlier}: {writer.n_written} de-identified, {writer.n_failed} failed "
             f"in {elapsed:.1f}s; outputs in {out}")
    if per_type:
        msg.table(sorted(per_type.items()), header=("PHI type", "spans"), divider=True)
    if writer.n_failed:
        msg.fail(f"{writer.n_failed} documents failed; see {out / 'errors.jsonl'}", exits=1)
