"""``spacy-deid evaluate``: the i2b2 2014 measures of a pipeline on annotated notes.

Reads gold notes as JSONL spans (``{"id", "text", "patient_id"?, "spans": [{"start", "end",
"label"}]}``), runs the pipeline, and scores one or more span groups: ``phi`` (the voter's
output) by default, or any detector's own group (``deid.patterns``, ``deid.ner.names``...) to
measure each detector alone in the same run.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import spacy
import srsly
import typer
from wasabi import msg

from ..evaluation import evaluate, format_table, recall_by_group, spans_from_doc
from ..io.notes import jsonl_objects
from . import app


def load_gold(path: Path) -> List[dict]:
    """Gold JSONL rows, with a clear error naming the file and line."""
    if not path.is_file():
        msg.fail(f"Gold file {path} does not exist", exits=2)
    rows = []
    for n, row, problem in jsonl_objects(path.read_text(encoding="utf8")):
        if not problem and not (isinstance(row.get("text"), str) and isinstance(row.get("spans"), list)):
            problem = "needs a 'text' string and a 'spans' list"
        if problem:
            msg.fail(f"{path}:{n}: not a gold record ({problem})", exits=2)
        rows.append(row)
    return rows


@app.command("evaluate")
def evaluate_cli(
    model: str = typer.Argument(..., help="Pipeline package name or path"),
    gold: Path = typer.Argument(..., help="Gold notes, JSONL with spans"),
    spans_key: List[str] = typer.Option(["phi"], "--spans-key", "-k", help="Span group(s) to score"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write all results as JSON"),
) -> None:
    """Score a pipeline: token / strict / relaxed; all / HIPAA / binary; per type."""
    rows = load_gold(gold)
    nlp = spacy.load(model)
    examples = {key: [] for key in spans_key}
    by_origin = {key: [] for key in spans_key}
    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc._.patient_id = row.get("patient_id")
        docs.append(doc)
    for row, doc in zip(rows, nlp.pipe(docs)):
        gold_spans = [(s["start"], s["end"], s["label"]) for s in row["spans"]]
        for key in spans_key:
            pred = spans_from_doc(doc, key)
            examples[key].append((row["text"], gold_spans, pred))
            by_origin[key].append((row["text"], row["spans"], pred))
    results = {}
    for key in spans_key:
        results[key] = evaluate(examples[key])
        origins = recall_by_group(by_origin[key], "origin")
        if origins:
            results[key]["name_recall_by_origin"] = origins
        msg.divider(f"{model} on {gold.name}: {key} ({len(rows)} notes)")
        print(format_table(results[key]))
        if origins:
            msg.table([(o, v["spans"], f"{v['recall']:.3f}") for o, v in origins.items()],
                      header=("name origin", "gold spans", "fully removed"), divider=True)
    if output is not None:
        srsly.write_json(output, {"model": model, "gold": str(gold), "results": results})
        msg.good(f"Results written to {output}")
