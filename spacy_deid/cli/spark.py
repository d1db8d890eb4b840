"""``spacy-deid spark``: de-identify a Parquet, CSV or JSON-lines table with Spark.

Runs :func:`spacy_deid.spark.deidentify_dataframe` (the fail-closed runner of ``spacy-deid
run``, once per partition) and writes the same format: the id, the de-identified text (empty
when the document failed), ``error_stage``/``error``, and the PHI spans (a JSON string in CSV).
pyspark is imported only when the command runs, so the rest of the CLI works without it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from . import app

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".json": "json",
           ".jsonl": "json", ".ndjson": "json"}
# RFC 4180 CSV (quotes doubled, as Python's csv module and `spacy-deid run` write it); notes
# span lines, so records may too; Spark's writer would trim a note's leading/trailing spaces.
CSV_OPTIONS = {"header": "true", "multiLine": "true", "escape": '"',
               "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false"}


def table_format(path: str, given: Optional[str]) -> str:
    """The format named by ``given``, else by the path's extension."""
    if given:
        if given not in set(FORMATS.values()):
            msg.fail(f"Unknown format {given!r}; use parquet, csv or json", exits=2)
        return given
    fmt = FORMATS.get(Path(path.rstrip("/")).suffix.lower())
    if fmt is None:
        msg.fail(f"Cannot tell the format of {path} from its extension; give --in-format or "
                 f"--out-format (parquet, csv, json)", exits=2)
    return fmt


def _local(path: str) -> bool:
    return "://" not in path and ":/" not in path  # not s3://, hdfs://, dbfs:/...


def _session(master: str, conf: List[str]):
    """The active session (e.g. under spark-submit or in a notebook), else a new one."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    if master.startswith("local"):  # workers run this interpreter, which has spacy_deid
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("spacy-deid")
    for item in conf:
        name, sep, value = item.partition("=")
        if not sep:
            msg.fail(f"--conf takes NAME=VALUE, got {name!r}", exits=2)
        builder = builder.config(name, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark, True


@app.command("spark")
def spark_cli(
    input: str = typer.Argument(..., help="Input table: a Parquet, CSV or JSON-lines file or folder (any Spark path)"),
    output: str = typer.Argument(..., help="Output folder (Spark writes part files)"),
    model: str = typer.Option("en_deid", "--model", "-m", help="Pipeline package name (installed on every executor) or path"),
    id_field: str = typer.Option("id", help="Column holding the document id"),
    text_field: str = typer.Option("text", help="Column holding the note text"),
    patient_field: str = typer.Option("patient_id", help="Column holding the patient id (used when present)"),
    known_field: str = typer.Option("known", help="Column of known PHI values (label to list of values; used when present)"),
    mode: str = typer.Option(None, help="Replacement mode for every label: surrogate, tag, mask or hash "
                                        "(default: the pipeline's own setting)"),
    in_format: str = typer.Option(None, help="parquet, csv or json (default: from the input's extension)"),
    out_format: str = typer.Option(None, help="parquet, csv or json (default: from the output's extension)"),
    master: str = typer.Option("local[*]", help="Spark master (ignored when a session is already active)"),
    partitions: int = typer.Option(None, help="Repartition the input into this many partitions (and output files)"),
    spans: bool = typer.Option(True, help="Add the PHI spans column"),
    key_file: str = typer.Option(None, help="Secret key file readable at this path on every executor "
                                            "(used when SPACY_DEID_KEY is not set there)"),
    overwrite: bool = typer.Option(False, help="Replace the output if it exists"),
    conf: List[str] = typer.Option([], "--conf", help="Spark setting NAME=VALUE (repeatable)"),
    batch_size: int = typer.Option(32, help="Documents per nlp.pipe batch"),
) -> None:
    """De-identify a table with Spark: one output row per input row, failures without text.

    The key: SPACY_DEID_KEY here (the driver) is broadcast to the executors; without it, each
    executor reads its own (spark.executorEnv, a cluster secret) or --key-file.
    """
    from ..spark import ERROR_STAGE, PHI, _plan, require_pyspark
    from ..surrogates import KEY_ENV

    try:
        require_pyspark()
    except ImportError as e:
        msg.fail(str(e), exits=2)
    src_format = table_format(input, in_format)
    dst_format = table_format(output, out_format)
    if _local(input) and "*" not in input and not Path(input).exists():
        msg.fail(f"Input {input} does not exist", exits=2)
    if _local(output) and Path(output).exists() and not overwrite:
        msg.fail(f"Output {output} exists; give --overwrite to replace it", exits=2)
    spark, created = _session(master, conf)
    try:
        reader = spark.read.options(**CSV_OPTIONS) if src_format == "csv" else spark.read
        df = reader.format(src_format).load(input)
        if partitions:
            df = df.repartition(partitions)
        key = os.environ.get(KEY_ENV) or None
        try:
            out, broadcast = _plan(
                df, model=model, id_col=id_field, text_col=text_field,
                patient_col=patient_field if patient_field in df.columns else None,
                known_col=known_field if known_field in df.columns else None, mode=mode,
                config=None, key=key, key_file=key_file, spans=spans, batch_size=batch_size)
        except ValueError as e:  # a missing column, a bad key: never quotes the key or text
            msg.fail(str(e), exits=2)
        msg.info(f"Secret key: {KEY_ENV} of this process, broadcast" if key else
                 f"Secret key: the executors' {KEY_ENV} or key file")
        if dst_format == "csv" and spans:
            from pyspark.sql import functions as F

            out = out.withColumn(PHI, F.to_json(PHI))
        writer = out.write.mode("overwrite" if overwrite else "errorifexists")
        if dst_format == "csv":
            writer = writer.options(**CSV_OPTIONS)
        writer.format(dst_format).save(output)
        if broadcast is not None:
            broadcast.destroy()
        written = spark.read.options(**CSV_OPTIONS) if dst_format == "csv" else spark.read
        stages = written.format(dst_format).load(output).groupBy(ERROR_STAGE).count().collect()
    finally:
        if created:
            spark.stop()
    counts = {row[ERROR_STAGE]: row["count"] for row in stages}
    ok = counts.pop(None, 0)
    failed = sum(counts.values())
    msg.divider("spacy-deid spark")
    msg.info(f"{ok + failed} documents: {ok} de-identified, {failed} failed; outputs in {output}")
    if failed:
        msg.table(sorted(counts.items()), header=("failed at", "documents"), divider=True)
        msg.fail(f"{failed} documents failed (rows with {ERROR_STAGE} set)", exits=1)
