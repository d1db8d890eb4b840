"""``spacy-deid meddocan-eval``: the MEDDOCAN shared task's measures on any BRAT folder.

Two ways to get the prediction:

- ``--pred PRED_DIR``: a folder of predicted BRAT files (``X.txt`` + ``X.ann``, MEDDOCAN
  labels), paired with the gold folder by relative path; or
- ``--model es_deid``: run a pipeline on the gold folder's texts and score its native group
  (``--spans-key``, default ``phi.meddocan``); ``--write-pred DIR`` keeps its BRAT output.

Scores: subtrack 1 (strict: start, end and label; micro and per label) and subtrack 2
(sensitive spans, label ignored: strict and merged). See :mod:`spacy_deid.evaluation_meddocan`.
A held-out split is scored the same way: point GOLD_DIR at it.

Until ``spacy_deid/cli/__init__.py`` imports this module, run it as
``python -m spacy_deid.cli.meddocan meddocan-eval ...``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from .. import meddocan  # noqa: F401  (registers deid_native_voter, for --model es pipelines)
from ..evaluation_meddocan import evaluate_meddocan, format_report, pair_folders, read_brat_notes
from ..io.corpora import ID_KEY, AnnotatedNote, Report, write_brat
from . import app


@app.command("meddocan-eval")
def meddocan_eval_cli(
    gold: Path = typer.Argument(..., help="Gold BRAT folder (X.txt + X.ann, MEDDOCAN labels)"),
    pred: Optional[Path] = typer.Option(None, "--pred", "-p", help="Predicted BRAT folder"),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Or run this pipeline (package name or path) on the gold texts"
    ),
    spans_key: str = typer.Option(
        "phi.meddocan", "--spans-key", "-k", help="With --model: the span group to score"
    ),
    write_pred: Optional[Path] = typer.Option(
        None, "--write-pred", help="With --model: write its predictions here as BRAT"
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write results as JSON"),
    batch_size: int = typer.Option(16, help="With --model: documents per batch"),
) -> None:
    """Score predictions against gold BRAT with MEDDOCAN's subtrack 1 and 2 measures."""
    if (pred is None) == (model is None):
        msg.fail("Give exactly one of --pred PRED_DIR or --model NAME", exits=2)
    if not gold.is_dir():
        msg.fail(f"Gold folder {gold} does not exist", exits=2)
    report = Report()
    gold_notes = read_brat_notes(gold, report)
    if not gold_notes:
        msg.fail(f"No BRAT notes in {gold}", exits=1)
    if pred is not None:
        if not pred.is_dir():
            msg.fail(f"Prediction folder {pred} does not exist", exits=2)
        pred_report = Report()
        pred_notes = read_brat_notes(pred, pred_report)
        if pred_report.unknown:
            msg.warn(f"Predicted labels not in MEDDOCAN, not scored: {dict(pred_report.unknown)}")
    else:
        pred_notes = _run_model(model, gold_notes, spans_key, batch_size, write_pred)
    try:
        docs, missing, extra = pair_folders(gold_notes, pred_notes)
    except ValueError as e:
        msg.fail(str(e), exits=1)
    result = evaluate_meddocan(docs)
    result["counts"]["missing_predictions"] = len(missing)
    result["counts"]["predictions_without_gold"] = len(extra)
    source = f"model {model}, group {spans_key}" if model else f"BRAT {pred}"
    msg.divider(f"MEDDOCAN measures: gold {gold}, prediction {source}")
    print(format_report(result))
    c = result["counts"]
    msg.info(
        f"{c['documents']} documents, {c['gold_spans']} gold spans, {c['pred_spans']} predicted"
    )
    if report.problems:
        msg.warn(f"{len(report.problems)} problems reading gold: {dict(report.kinds)}")
    if missing:
        msg.warn(f"{len(missing)} gold documents have no prediction (scored as empty)")
    if extra:
        msg.warn(f"{len(extra)} predicted documents have no gold (not scored)")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2), encoding="utf8")
        msg.good(f"Results written to {output}")


def _run_model(model, gold_notes, spans_key, batch_size, write_pred):
    import spacy

    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as e:
        msg.fail(f"Cannot load pipeline {model!r}: {type(e).__name__}: {e}", exits=2)
    ids = sorted(gold_notes)
    docs = []
    texts = (gold_notes[i].text for i in ids)
    for doc_id, doc in zip(ids, nlp.pipe(texts, batch_size=batch_size)):
        if spans_key not in doc.spans:
            msg.fail(f"The pipeline wrote no span group {spans_key!r}", exits=2)
        doc.user_data[ID_KEY] = doc_id
        docs.append(doc)
    if write_pred is not None:
        n = write_brat(docs, write_pred, spans_key=spans_key)
        msg.good(f"{n} predicted BRAT documents written to {write_pred}")
    return {
        doc_id: AnnotatedNote(
            doc_id,
            doc.text,
            sorted({(s.start_char, s.end_char, s.label_) for s in doc.spans[spans_key]}),
        )
        for doc_id, doc in zip(ids, docs)
    }


if __name__ == "__main__":
    app()
