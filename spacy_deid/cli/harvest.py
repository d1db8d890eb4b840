"""``spacy-deid harvest``: propose inclusion-list sentences and templates from a corpus."""
import json
from pathlib import Path
from typing import Dict, List, Optional

import spacy
import typer
from wasabi import msg

from ..harvest import harvest
from ..io.notes import Note, read_notes
from . import app
from .evaluate import load_gold


@app.command("harvest")
def harvest_cli(
    inputs: List[Path] = typer.Argument(None, help="Notes (.txt, .jsonl, .csv or folders); default: the gold notes"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for inclusion.txt and templates.txt"),
    model: str = typer.Option("en_deid", "--model", "-m", help="Pipeline: sentences, and PHI when no gold"),
    gold: Optional[Path] = typer.Option(None, "--gold", "-g", help="Gold JSONL spans (id, text, spans)"),
    min_count: int = typer.Option(5, help="Minimum occurrences of a candidate"),
    min_docs: int = typer.Option(3, help="Minimum number of different documents"),
) -> None:
    """Count normalised sentences; write frequent PHI-free ones and frequent templates."""
    nlp = spacy.load(model)
    gold_rows = load_gold(gold) if gold else []
    gold_by_id: Dict[str, list] = {
        str(r.get("id")): [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in gold_rows
    }
    if inputs:
        notes = [(r.id, r.text, gold_by_id.get(r.id)) for r in read_notes(inputs) if isinstance(r, Note)]
    elif gold_rows:
        notes = [(str(r.get("id", i)), r["text"], gold_by_id[str(r.get("id", i))]) for i, r in enumerate(gold_rows)]
    else:
        msg.fail("Give notes to harvest, or --gold annotated notes", exits=2)
    result = harvest(nlp, notes)
    out.mkdir(parents=True, exist_ok=True)
    inclusion = result.inclusion_candidates(min_count, min_docs)
    templates = result.template_candidates(min_count, min_docs)
    header = (f"# Harvested by spacy-deid from {result.n_docs} documents ({result.n_sentences} sentences);"
              f" min_count={min_count}, min_docs={min_docs}. Review before use.\n")
    with (out / "inclusion.txt").open("w", encoding="utf8") as f:
        f.write(header + "# count\tdocuments\tsentence (normalised)\n")
        for sentence, n, d in inclusion:
            f.write(f"# {n}\t{d}\n{sentence}\n")
    with (out / "templates.txt").open("w", encoding="utf8") as f:
        f.write(header)
        for template, n, d in templates:
            f.write(f"# {n}\t{d}\n{template}\n")
    (out / "summary.json").write_text(json.dumps(
        {"documents": result.n_docs, "sentences": result.n_sentences,
         "inclusion_candidates": len(inclusion), "template_candidates": len(templates)}, indent=2))
    msg.good(f"{len(inclusion)} inclusion candidates and {len(templates)} templates from "
             f"{result.n_docs} documents -> {out}")
