"""``spacy-deid audit``: does any original PHI value survive in the de-identified notes?

Compares the original PHI values (gold JSONL of the original notes, or the ``annotations.jsonl``
a run wrote plus the original inputs) with the de-identified texts (a run's ``--out`` folder
or a JSONL file), document by document, and reports per type how many values survive
verbatim, in any case, or as the same digits. Prints and writes types, counts and document
ids only; see :mod:`spacy_deid.audit` for what counts as a leak.
"""
from pathlib import Path
from typing import List, Optional

import srsly
import typer
from wasabi import msg

from ..audit import AuditInputError, audit, detections_on_output, format_report, read_deid, read_original
from . import app


@app.command("audit")
def audit_cli(
    original: Path = typer.Argument(
        ..., help="Gold JSONL of the original notes (id, text, spans), or the annotations.jsonl of a run"
    ),
    deid: Path = typer.Argument(..., help="The --out folder of spacy-deid run, or a JSONL/CSV/.txt of de-identified notes"),
    inputs: List[Path] = typer.Option(
        [], "--inputs", "-i",
        help="The original input notes, when ORIGINAL is a run's annotations.jsonl (default: the files it recorded)",
    ),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Also run this pipeline on the output and count its detections (not leaks)"
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report as JSON"),
    id_field: str = typer.Option("id", help="JSONL key / CSV column holding the document id"),
    text_field: str = typer.Option("text", help="JSONL key / CSV column holding the note text"),
    label_set: str = typer.Option("i2b2", help="Label set of the original spans (see spacy_deid.schema)"),
    short_max: int = typer.Option(2, help="Values with at most this many letters and digits are low-confidence"),
    min_digits: int = typer.Option(4, help="Compare numeric values on digits only from this many digits"),
    fail_on_leak: bool = typer.Option(False, "--fail-on-leak", help="Exit with 1 if any value leaked"),
    show_values: bool = typer.Option(
        False, "--show-values",
        help="DANGEROUS: also print the leaked PHI values themselves. For local debugging on a secure "
             "machine only; never in shared logs or CI.",
    ),
) -> None:
    """Report original PHI that survives in de-identified notes: per type, never the values."""
    try:
        originals = read_original(original, inputs=inputs, id_field=id_field, text_field=text_field,
                                  label_set=label_set)
        notes = read_deid(deid, id_field=id_field, text_field=text_field)
    except (AuditInputError, FileNotFoundError) as e:
        msg.fail(str(e), exits=2)
    except ValueError as e:  # unknown label set
        msg.fail(f"{type(e).__name__}: {e}", exits=2)
    report = audit(originals, notes, short_max=short_max, min_digits=min_digits)
    if model is not None:
        import spacy

        try:
            nlp = spacy.load(model)
        except OSError as e:
            msg.fail(f"Cannot load pipeline {model!r}: {type(e).__name__}", exits=2)
        audited = [doc_id for doc_id in originals if doc_id in notes.texts]
        report.detections_on_output = {"model": model, **detections_on_output(nlp, (notes.texts[i] for i in audited))}
    msg.divider(f"spacy-deid audit: {deid}")
    print(format_report(report))
    if report.documents["missing"]:
        msg.warn(f"{report.documents['missing']} original documents have no output and no error record")
    if show_values and report.leaked_values:
        msg.warn("--show-values: the lines below are PHI. Do not share them.")
        for doc_id, label, value, how in report.leaked_values:
            print(f"{doc_id}\t{label}\t{how}\t{value}")
    if output is not None:
        srsly.write_json(output, report.to_dict())
        msg.good(f"Report written to {output}")
    if fail_on_leak and report.overall["leaked"]:
        raise typer.Exit(1)
