"""``spacy-deid convert``: annotated corpora (i2b2 2014 XML, BRAT, JSONL) to ``.spacy`` DocBins
or to each other, with a summary of what was read, dropped, misaligned and wrong.

``--to spacy`` (the default) tokenises with the clinical tokenizer of a blank ``--lang``
pipeline (or ``--model``'s tokenizer) and aligns spans to tokens (``--alignment``); the other
targets keep the offsets as given and only count the spans that are off token boundaries.
Problems name file and line or offset and never quote note text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import spacy
import srsly
import typer
from wasabi import msg

from ..io.corpora import (
    ALIGNMENT_MODES,
    DEFAULT_LABEL_SETS,
    DISCONTINUOUS_MODES,
    FORMATS,
    WRITERS,
    Report,
    check_alignment,
    notes_to_docbin,
    read_corpus,
)
from . import app

CLINICAL_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}
TARGETS = ("spacy", *FORMATS)


def _choice(value: str, choices, option: str) -> str:
    if value not in choices:
        msg.fail(f"{option} must be one of {', '.join(choices)}, not {value!r}", exits=2)
    return value


@app.command("convert")
def convert_cli(
    input_path: Path = typer.Argument(
        ..., metavar="INPUT", help="A file or a folder of annotated notes"
    ),
    output: Path = typer.Argument(
        ..., help="Output .spacy or .jsonl file, or folder for brat / i2b2"
    ),
    fmt: str = typer.Option(
        ..., "--format", "-f", help="Input format: i2b2 (2014 XML), brat or jsonl"
    ),
    to: str = typer.Option(
        "spacy", "--to", "-t", help="Output: spacy (DocBin), jsonl, brat or i2b2"
    ),
    label_set: Optional[str] = typer.Option(
        None,
        "--label-set",
        "-l",
        help="Label set of the input (default: i2b2_xml for i2b2, else i2b2)",
    ),
    lang: str = typer.Option(
        "en", "--lang", help="Language of the blank pipeline whose tokenizer is used"
    ),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Use this pipeline's tokenizer instead"
    ),
    spans_key: str = typer.Option("phi", "--spans-key", "-k", help="Span group for the spans"),
    alignment: str = typer.Option(
        "expand", help="For spans off token boundaries: expand, contract or strict (drop)"
    ),
    discontinuous: str = typer.Option("split", help="Discontinuous BRAT spans: split or cover"),
    problems_out: Optional[Path] = typer.Option(
        None, "--problems", help="Write every problem as JSONL here"
    ),
    show: int = typer.Option(10, help="Problems to print"),
    strict: bool = typer.Option(
        False, "--strict", help="Exit with status 1 if there was any problem"
    ),
) -> None:
    """Convert annotated notes; print notes, spans per label, dropped labels, misaligned
    spans and problems (file and line or offset, never note text)."""
    _choice(fmt, FORMATS, "--format")
    _choice(to, TARGETS, "--to")
    _choice(alignment, ALIGNMENT_MODES, "--alignment")
    _choice(discontinuous, DISCONTINUOUS_MODES, "--discontinuous")
    if not input_path.exists():
        msg.fail(f"Input {input_path} does not exist", exits=2)
    try:
        nlp = spacy.load(model) if model else spacy.blank(lang, config=CLINICAL_TOKENIZER)
    except (OSError, ImportError) as e:
        msg.fail(f"Cannot load a pipeline for {model or lang!r}: {type(e).__name__}", exits=2)
    report = Report()
    kwargs = {"discontinuous": discontinuous} if fmt == "brat" else {}
    try:
        notes = read_corpus(input_path, fmt, label_set=label_set, report=report, **kwargs)
        if to == "spacy":
            docbin, _ = notes_to_docbin(
                nlp, notes, spans_key=spans_key, alignment=alignment, report=report
            )
            output.parent.mkdir(parents=True, exist_ok=True)
            docbin.to_disk(output)
        else:
            WRITERS[to](check_alignment(nlp, notes, report=report), output)
    except ValueError as e:  # an unknown label set
        msg.fail(str(e), exits=2)
    _print_summary(report, fmt, label_set or DEFAULT_LABEL_SETS[fmt], output, show)
    if problems_out is not None:
        srsly.write_jsonl(problems_out, [p.__dict__ for p in report.problems])
        msg.info(f"All {len(report.problems)} problems written to {problems_out}")
    if report.notes == 0:
        msg.fail(f"No notes read from {input_path}", exits=1)
    if strict and report.problems:
        msg.fail(f"{len(report.problems)} problems (--strict)", exits=1)


def _print_summary(report: Report, fmt: str, label_set: str, output: Path, show: int) -> None:
    n_spans = sum(report.spans.values())
    msg.divider("spacy-deid convert")
    msg.info(
        f"{report.notes} notes, {n_spans} spans read ({fmt}, label set {label_set}); "
        f"written to {output}"
    )
    if report.spans:
        msg.table(sorted(report.spans.items()), header=("label", "spans"), divider=True)
    if report.dropped:
        msg.info(
            f"{sum(report.dropped.values())} spans dropped: "
            "labels the label set maps to no PHI type"
        )
        msg.table(sorted(report.dropped.items()), header=("dropped label", "spans"), divider=True)
    if report.unknown:
        msg.warn(f"{sum(report.unknown.values())} spans with labels not in label set {label_set}")
        msg.table(sorted(report.unknown.items()), header=("unknown label", "spans"), divider=True)
    rate = f" ({report.misaligned / n_spans:.2%})" if n_spans else ""
    msg.info(f"{report.misaligned} of {n_spans} spans not on token boundaries{rate}")
    if report.problems:
        msg.warn(f"{len(report.problems)} problems")
        msg.table(sorted(report.kinds.items()), header=("problem", "count"), divider=True)
        for problem in report.problems[:show]:
            print(f"  {problem}")
        if len(report.problems) > show:
            print(f"  ... and {len(report.problems) - show} more (--show, --problems)")
    else:
        msg.good("No problems")
