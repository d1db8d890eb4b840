"""``spacy-deid run``: de-identify .txt, JSONL and CSV notes into an output folder."""
from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

import spacy
import typer
from tqdm import tqdm
from wasabi import msg

from ..io.notes import read_notes
from ..io.outputs import OutputWriter
from ..runner import Failure, deidentify
from . import app

logger = logging.getLogger("spacy_deid")


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
    print_text: bool = typer.Option(False, "--print", help="Also print each de-identified note"),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log per-document ids and stages"),
) -> None:
    """De-identify notes: one output record or one error record per input document."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    for path in inputs:
        if not path.exists():
            msg.fail(f"Input {path} does not exist", exits=2)
    try:
        overrides = {"components": {"deid_surrogates": {"mode": mode}}} if mode else {}
        nlp = spacy.load(model, config=overrides)
    except OSError as e:
        msg.fail(f"Cannot load pipeline {model!r}: {type(e).__name__}", exits=2)
    start = time.perf_counter()
    writer = OutputWriter(out, text_field=text_field, id_field=id_field)
    per_type: Counter = Counter()
    records = read_notes(inputs, id_field=id_field, text_field=text_field,
                         patient_field=patient_field, known_field=known_field)
    bar = tqdm(desc="de-identifying", unit="doc", disable=not progress, file=sys.stderr)
    try:
        for outcome in deidentify(nlp, records, batch_size=batch_size):
            bar.update(1)
            if isinstance(outcome, Failure):
                logger.warning("document %s failed at %s: %s", outcome.id, outcome.where, outcome.stage)
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
    finally:
        bar.close()
        writer.close()
    elapsed = time.perf_counter() - start
    total = writer.n_written + writer.n_failed
    msg.divider("spacy-deid run")
    msg.info(f"{total} documents: {writer.n_written} de-identified, {writer.n_failed} failed "
             f"in {elapsed:.1f}s; outputs in {out}")
    if per_type:
        msg.table(sorted(per_type.items()), header=("PHI type", "spans"), divider=True)
    if writer.n_failed:
        msg.fail(f"{writer.n_failed} documents failed; see {out / 'errors.jsonl'}", exits=1)
