"""De-identify a Spark DataFrame column with the same fail-closed runner as ``spacy-deid run``.

``deidentify_dataframe`` maps each partition through :func:`spacy_deid.runner.deidentify` with
``mapInPandas``. Each executor Python worker loads the pipeline once (a module-level cache keyed
by model, config overrides and key fingerprint) and reuses it for every task it runs.

Surrogates are an HMAC of the secret key, the patient id and the value, so notes of one patient
get the same fakes in any partition on any executor, provided every worker has the same key:

* the executors' environment (``spark.executorEnv.SPACY_DEID_KEY``, a cluster secret scope)
  or a ``key_file`` readable on every executor: the key never passes through Spark;
* ``key=``: the key is broadcast, so it is not in the query plan or in the pickled function,
  but it is held in the driver's memory and in the executors' block managers (spilled to
  their local disks unless ``spark.io.encryption.enabled``); not available on Spark Connect.

A worker that uses keyed surrogates or hashes and finds no key refuses to start (a random key
per worker would break consistency silently). Output rows hold the id, the de-identified text
(null when the document failed, never the original), the failure's stage and error class, and
optionally the PHI spans (offsets, label, replacement; never the original value). Other input
columns are not copied, as in the CLI: they may hold PHI; join back on the id.

pyspark is imported only by the functions that need it, so ``import spacy_deid`` works without
the ``spark`` extra.
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from .known_phi import known_from_record
from .runner import Failure, Result, deidentify
from .io.notes import Note
from .io.outputs import annotation_record
from .surrogates import KEY_ENV, Surrogates

#: Output columns besides the id and text columns (whose names follow the input's).
ERROR_STAGE, ERROR, PHI = "error_stage", "error", "phi"
PHI_TYPE = ("array<struct<label:string,start:int,end:int,deid_start:int,deid_end:int,"
            "surrogate:string,sources:array<string>>>")
KEYED_MODES = {"surrogate", "hash"}
_WHERE = Path("dataframe")  # Note.file / Failure.where for rows of a DataFrame

_PIPELINES: Dict[Tuple, Any] = {}  # one loaded pipeline per (model, overrides, key) per worker


def require_pyspark() -> None:
    """Import pyspark, or fail with the name of the extra that installs it."""
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        raise ImportError(
            f"Spark support needs the 'spark' extra: pip install 'spacy-deid[spark]' "
            f"(missing module: {e.name})"
        ) from None


def output_schema(id_col: str = "id", text_col: str = "text", spans: bool = True) -> str:
    """The output schema as a DDL string: id, de-identified text, error stage and class, spans."""
    names = [id_col, text_col, ERROR_STAGE, ERROR] + ([PHI] if spans else [])
    if len(set(names)) != len(names):
        raise ValueError(f"id and text columns must differ from each other and from "
                         f"{ERROR_STAGE!r}, {ERROR!r}, {PHI!r}")
    fields = [f"`{id_col}` string", f"`{text_col}` string", f"`{ERROR_STAGE}` string",
              f"`{ERROR}` string"]
    if spans:
        fields.append(f"`{PHI}` {PHI_TYPE}")
    return ", ".join(fields)


def deidentify_dataframe(
    df,
    *,
    model: str = "en_deid",
    id_col: str = "id",
    text_col: str = "text",
    patient_col: Optional[str] = None,
    known_col: Optional[str] = None,
    mode: Optional[str] = None,
    config: Optional[Dict] = None,
    key: Union[str, bytes, None] = None,
    key_file: Optional[str] = None,
    spans: bool = True,
    batch_size: int = 32,
):
    """De-identify ``df[text_col]``: one output row per input row (see the module docstring).

    patient_col / known_col: default to ``patient_id`` / ``known`` when the DataFrame has them;
    a name given explicitly must exist. ``known`` holds the patient's known values
    (``{label: [values]}``, as for ``spacy-deid run``): a JSON string, a struct or a map.
    mode: one replacement mode for every label (``surrogate``, ``tag``, ``mask``, ``hash``).
    config: further ``spacy.load`` config overrides. key / key_file: see the module docstring.
    """
    return _plan(df, model=model, id_col=id_col, text_col=text_col, patient_col=patient_col,
                 known_col=known_col, mode=mode, config=config, key=key, key_file=key_file,
                 spans=spans, batch_size=batch_size)[0]


def _plan(df, *, model, id_col, text_col, patient_col, known_col, mode, config, key, key_file,
          spans, batch_size):
    """The output DataFrame and the key's broadcast (None without ``key``), to destroy after use."""
    require_pyspark()
    from pyspark.sql import functions as F

    patient_col = _column(df, patient_col, "patient_id")
    known_col = _column(df, known_col, "known")
    for name in (id_col, text_col):
        if name not in df.columns:
            raise ValueError(f"DataFrame has no column {name!r}")
    overrides = json.loads(json.dumps(config or {}))  # a copy, and JSON-able for the workers
    settings = {name: value for name, value in (("mode", mode), ("key_file", key_file)) if value}
    if settings:
        settings = {name: str(value) for name, value in settings.items()}  # key_file may be a Path
        overrides.setdefault("components", {}).setdefault("deid_surrogates", {}).update(settings)
    schema = output_schema(id_col, text_col, spans)
    broadcast = None
    if key is not None:
        value = key.encode("utf8") if isinstance(key, str) else bytes(key)
        try:  # it travels as SPACY_DEID_KEY, which holds text
            value.decode("utf8")
        except UnicodeDecodeError:
            raise ValueError("the secret key must be UTF-8 text, as SPACY_DEID_KEY") from None
        if not value.strip():
            raise ValueError("the secret key is empty")
        try:
            context = df.sparkSession.sparkContext
        except Exception:  # noqa: BLE001 - Spark Connect has no SparkContext, so no broadcast
            raise ValueError("key= needs a classic Spark session (it is broadcast); with Spark "
                             "Connect set the key in the executors' environment or give "
                             "key_file") from None
        broadcast = context.broadcast(value)
    inputs = [F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text")]
    if patient_col:
        inputs.append(F.col(patient_col).cast("string").alias("patient_id"))
    if known_col:  # structs and maps (from JSON or Parquet) travel as JSON, as CSV gives them
        known = F.col(known_col)
        if df.schema[known_col].dataType.typeName() != "string":
            known = F.to_json(known)
        inputs.append(known.alias("known"))
    worker = _Worker(model, json.dumps(overrides, sort_keys=True), broadcast, id_col, text_col,
                     spans, batch_size)
    return df.select(*inputs).mapInPandas(worker, schema), broadcast


def _column(df, name: Optional[str], default: str) -> Optional[str]:
    if name is None:
        return default if default in df.columns else None
    if name not in df.columns:
        raise ValueError(f"DataFrame has no column {name!r}")
    return name


class _Worker:
    """The function ``mapInPandas`` pickles and runs on the executors: small, holds no key."""

    def __init__(self, model, overrides, broadcast, id_col, text_col, spans, batch_size):
        self.model = model
        self.overrides = overrides
        self.broadcast = broadcast
        self.id_col = id_col
        self.text_col = text_col
        self.spans = spans
        self.batch_size = batch_size

    def __repr__(self) -> str:
        return f"spacy_deid.spark({self.model!r})"

    def __call__(self, batches: Iterator) -> Iterator:
        import pandas as pd

        key = self.broadcast.value if self.broadcast is not None else None
        nlp = load_pipeline(self.model, self.overrides, key)
        columns = [self.id_col, self.text_col, ERROR_STAGE, ERROR] + ([PHI] if self.spans else [])
        for frame in batches:
            rows = [self._row(outcome) for outcome in self._outcomes(nlp, frame)]
            yield pd.DataFrame(rows, columns=columns)

    def _outcomes(self, nlp, frame) -> Iterator:
        """One Result or Failure per row, in row order: bad input fails here, notes in the runner."""
        records: List[Union[Note, Failure]] = []
        for row in frame.to_dict("records"):
            records.append(_note(row))
        results = deidentify(nlp, (r for r in records if isinstance(r, Note)),
                             batch_size=self.batch_size)
        for record in records:
            yield record if isinstance(record, Failure) else next(results)

    def _row(self, outcome) -> List:
        if isinstance(outcome, Failure):
            return [outcome.id, None, outcome.stage, outcome.error] + ([None] if self.spans else [])
        row = [outcome.note.id, outcome.doc._.deid_text, None, None]
        if self.spans:
            row.append(annotation_record(outcome)["spans"])
        return row


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # None or NaN


def _note(row: Dict) -> Union[Note, Failure]:
    doc_id = None if _missing(row["id"]) else str(row["id"])
    text = row["text"]
    if _missing(text) or not isinstance(text, str):
        return Failure(doc_id, str(_WHERE), "input", "missing text" if _missing(text) else
                       "text is not a string")
    if not text.strip():
        return Failure(doc_id, str(_WHERE), "input", "empty document")
    known = row.get("known")
    try:
        known = known_from_record({"known": None if _missing(known) else known}, "known")
    except ValueError as e:  # names the bad key, never a value
        return Failure(doc_id, str(_WHERE), "input", str(e))
    patient = row.get("patient_id")
    return Note(id=doc_id, text=text, patient_id=None if _missing(patient) else patient,
                file=_WHERE, line=None, rel=_WHERE, known=known or None)


def load_pipeline(model: str, overrides: str = "{}", key: Optional[bytes] = None):
    """The pipeline for ``model`` with JSON ``overrides``, loaded once per Python process.

    ``key`` (from a broadcast) is put in ``SPACY_DEID_KEY`` only while the pipeline loads (the
    surrogates component reads it then). The cache is keyed by a digest of the key, never the
    key itself. A pipeline with keyed modes and no key source raises instead of running with a
    random key, which would differ on every worker.
    """
    cache_key = (model, overrides, hashlib.sha256(key).hexdigest() if key else None)
    nlp = _PIPELINES.get(cache_key)
    if nlp is None:
        import spacy

        with _key_in_environment(key):
            nlp = spacy.load(model, config=json.loads(overrides))
            _check_key_source(nlp, model)
        _PIPELINES[cache_key] = nlp
    return nlp


def _check_key_source(nlp, model: str) -> None:
    if os.environ.get(KEY_ENV):
        return
    for name, proc in nlp.pipeline:
        if not isinstance(proc, Surrogates):
            continue
        keyed = {proc.mode, *proc.modes.values()} & KEYED_MODES
        if keyed and not nlp.config["components"][name].get("key_file"):
            raise RuntimeError(
                f"spacy_deid.spark: no secret key on this executor for the {sorted(keyed)} "
                f"mode(s) of {model!r}. Set {KEY_ENV} in the executors' environment "
                f"(spark.executorEnv.{KEY_ENV} or a cluster secret), give a key_file readable "
                f"on every executor, or pass key=; with none, each worker would draw its own "
                f"random key and a patient's surrogates would differ between partitions."
            )


@contextmanager
def _key_in_environment(key: Optional[bytes]):
    if key is None:
        yield
        return
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = key.decode("utf8")
    try:
        yield
    finally:
        if before is None:
            del os.environ[KEY_ENV]
        else:
            os.environ[KEY_ENV] = before
