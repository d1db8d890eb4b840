"""De-identification of Spark DataFrames (spacy_deid.spark) and `spacy-deid spark`, on local[2].

The Spark output must be exactly what the fail-closed runner of `spacy-deid run` gives for the
same notes and key, whatever the partitioning: surrogates are keyed by key, patient and value.
The session starts once for the module (its start and the workers' pipeline loads are the cost).
"""
import csv
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest
import spacy
from pyspark.sql import SparkSession  # the `spark` extra, which `make test` installs
from pyspark.sql import functions as F
from typer.testing import CliRunner

from spacy_deid.cli import app
from spacy_deid.io.notes import Note, read_notes
from spacy_deid.runner import Failure, deidentify
from spacy_deid.spark import deidentify_dataframe, load_pipeline, require_pyspark
from spacy_deid.surrogates import KEY_ENV

SAMPLES = Path(__file__).parent.parent / "corpus" / "samples" / "notes"
KEY = "spark-test-key"  # the executors' key (spark.executorEnv)
OTHER_KEY = "another-test-key"
SCHEMA = "id string, text string, patient_id string"
VISITS = [  # one patient, two notes; another patient with the first note's values
    ("v1", "Patient: John Smith\nDOB: 03/14/1950\nSeen on 03/14/2019 by Dr. Mary Jones for cough.\n", "p1"),
    ("v2", "Follow-up visit 04/02/2019. Mr. Smith reports the cough is better.\n", "p1"),
    ("v3", "Patient: John Smith\nDOB: 03/14/1950\nSeen on 03/14/2019 by Dr. Mary Jones for cough.\n", "p2"),
]


@pytest.fixture(scope="module")
def spark():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.delenv(KEY_ENV, raising=False)
        session = (SparkSession.builder.master("local[2]").appName("spacy-deid-tests")
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "2")
                   .config(f"spark.executorEnv.{KEY_ENV}", KEY)
                   .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def load_with_key(model, key, **overrides):
    """A pipeline loaded in this process with ``key`` as SPACY_DEID_KEY, as `spacy-deid run` does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(KEY_ENV, key)
        return spacy.load(model, config=overrides)


@pytest.fixture(scope="module")
def en_deid():
    return load_with_key("en_deid", KEY)


@pytest.fixture(scope="module")
def rules_model(tmp_path_factory):
    """The rule part of en_deid saved to disk: loads fast on the workers."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}})
    for name in ("deid_sentences", "deid_patterns", "deid_voter", "deid_surrogates"):
        nlp.add_pipe(name)
    nlp.initialize()
    path = tmp_path_factory.mktemp("rules") / "rules_deid"
    nlp.to_disk(path)
    return str(path)


def run_locally(nlp, rows):
    """{id: (text, spans)} from the runner, in this process."""
    notes = [Note(i, text, patient, Path("t"), None, Path("t")) for i, text, patient in rows]
    out = {}
    for outcome in deidentify(nlp, notes):
        assert not isinstance(outcome, Failure), outcome
        spans = [(s.label_, s.start_char, s.end_char, s._.surrogate) for s in outcome.doc.spans["phi"]]
        out[outcome.note.id] = (outcome.doc._.deid_text, spans)
    return out


def run_spark(spark, rows, n_partitions=2, **kwargs):
    df = spark.createDataFrame(spark.sparkContext.parallelize(rows, n_partitions), SCHEMA)
    return {r["id"]: r for r in deidentify_dataframe(df, **kwargs).collect()}


def spark_spans(row):
    return [(s.label, s.start, s.end, s.surrogate) for s in row.phi]


def sample_rows():
    return [(n.id, n.text, None) for n in read_notes([SAMPLES])]


def test_spark_gives_the_runners_output_on_the_sample_notes(spark, en_deid):
    rows = sample_rows()
    assert len(rows) == len(list(SAMPLES.glob("*.txt"))) >= 10
    expected = run_locally(en_deid, rows)
    got = run_spark(spark, rows)
    assert set(got) == set(expected)
    for doc_id, (text, spans) in expected.items():
        row = got[doc_id]
        assert (row.error_stage, row.error) == (None, None)
        assert row.text == text
        assert spark_spans(row) == spans
        assert spans and all(text[s.deid_start:s.deid_end] == s.surrogate for s in row.phi)
        assert all(s.sources for s in row.phi)  # which detectors voted


def test_a_patient_keeps_its_surrogates_across_partitions(spark, en_deid):
    df = spark.createDataFrame(spark.sparkContext.parallelize(VISITS, 2), SCHEMA)
    part = {r.id: r.p for r in df.select("id", F.spark_partition_id().alias("p")).collect()}
    assert part["v1"] != part["v2"]
    got = {r.id: r for r in deidentify_dataframe(df).collect()}
    expected = run_locally(en_deid, VISITS)
    assert {i: (r.text, spark_spans(r)) for i, r in got.items()} == expected

    def surrogates(doc_id, label):
        return [(VISITS[int(doc_id[1]) - 1][1][s.start:s.end], s.surrogate)
                for s in got[doc_id].phi if s.label == label]

    (full, fake), = [x for x in surrogates("v1", "PATIENT")]
    assert full == "John Smith" and fake != full
    assert surrogates("v2", "PATIENT") == [("Smith", fake.split()[-1])]  # same fake surname

    def shifts(doc_id):
        return {(datetime.strptime(new, "%m/%d/%Y") - datetime.strptime(old, "%m/%d/%Y")).days
                for old, new in surrogates(doc_id, "DATE")}
    assert len(shifts("v1")) == 1 and shifts("v1") == shifts("v2") != {0}  # one shift per patient
    # another patient with the same values gets other fakes
    assert surrogates("v3", "PATIENT")[0][1] != fake and shifts("v3") != shifts("v1")


def test_failed_documents_give_an_error_record_and_never_their_text(spark, rules_model):
    # A misconfigured pipeline: surrogates over the patterns' own group, where "MRN 123-45-6789"
    # is claimed twice (MEDICALRECORD and SSN), so deid_surrogates raises on that note only.
    broken = spacy.load(rules_model, config={"components": {"deid_surrogates": {"spans_key": "deid.patterns"}}})
    path = Path(rules_model).with_name("broken_deid")
    broken.to_disk(path)
    good = [("ok", "Seen 03/14/2019, call (617) 555-1234.", "p1"), (None, "Seen again 03/20/2019.", None)]
    rows = [good[0], ("fails", "Seen 03/14/2019, MRN 123-45-6789.", "p1"), ("null", None, "p2"),
            ("blank", " \n ", None), good[1]]
    got = run_spark(spark, rows, n_partitions=1, model=str(path))
    assert len(got) == 5
    assert (got["fails"].text, got["fails"].error_stage, got["fails"].error, got["fails"].phi) == \
        (None, "deid_surrogates", "ValueError", None)
    assert (got["null"].text, got["null"].error_stage, got["null"].error) == (None, "input", "missing text")
    assert (got["blank"].text, got["blank"].error_stage, got["blank"].error) == (None, "input", "empty document")
    # the other documents of the partition come out as the runner gives them
    expected = run_locally(load_with_key(str(path), KEY), good)
    assert {i: (got[i].text, spark_spans(got[i])) for i in ("ok", None)} == expected
    assert all(got[i].error_stage is None and "03/14/2019" not in got[i].text for i in ("ok", None))
    assert all("123-45-6789" not in str(value) for row in got.values() for value in row)


def test_a_broadcast_key_replaces_the_executors_key(spark, rules_model):
    rows = [("a", "Seen 03/14/2019, MRN: 12345678, call (617) 555-1234.", "p1"),
            ("b", "Seen again 03/20/2019, MRN: 12345678.", "p1")]
    with_env_key = run_spark(spark, rows, model=rules_model)
    with_other = run_spark(spark, rows, model=rules_model, key=OTHER_KEY)
    for key, got in ((KEY, with_env_key), (OTHER_KEY, with_other)):
        expected = run_locally(load_with_key(rules_model, key), rows)
        assert {i: (r.text, spark_spans(r)) for i, r in got.items()} == expected
    assert with_env_key["a"].text != with_other["a"].text
    # the broadcast keeps the key out of the plan, and nothing writes it out
    plan = deidentify_dataframe(spark.createDataFrame(rows, SCHEMA), model=rules_model, key=OTHER_KEY)
    assert OTHER_KEY not in plan._jdf.queryExecution().toString()
    assert not any(OTHER_KEY in str(value) for row in with_other.values() for value in row)
    tagged = run_spark(spark, rows, model=rules_model, mode="tag", spans=False)
    assert tagged["a"].text == "Seen [DATE], MRN: [MEDICALRECORD], call [PHONE]."
    assert "phi" not in tagged["a"].asDict()
    df = spark.createDataFrame(rows, SCHEMA)
    with pytest.raises(ValueError, match="UTF-8"):
        deidentify_dataframe(df, key=b"\xff\xfe")
    with pytest.raises(ValueError, match="no column 'mrn'"):
        deidentify_dataframe(df, patient_col="mrn")


def test_a_worker_without_a_key_refuses_keyed_modes(rules_model, monkeypatch, tmp_path):
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(RuntimeError, match="no secret key on this executor"):
        load_pipeline(rules_model, "{}")
    tag = load_pipeline(rules_model, json.dumps({"components": {"deid_surrogates": {"mode": "tag"}}}))
    assert tag("Seen 03/14/2019.")._.deid_text == "Seen [DATE]."
    key_file = tmp_path / "key"
    key_file.write_text(KEY)
    from_file = load_pipeline(rules_model, json.dumps({"components": {"deid_surrogates": {"key_file": str(key_file)}}}))
    expected = run_locally(load_with_key(rules_model, KEY), [("a", "Seen 03/14/2019.", None)])
    assert run_locally(from_file, [("a", "Seen 03/14/2019.", None)]) == expected


def test_cli_parquet_and_csv_in_and_out(spark, en_deid, tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.delenv(KEY_ENV, raising=False)  # the executors' key, as the module's session sets it
    rows = sample_rows()[:4] + [("blank", "   ", "p9")]
    expected = run_locally(en_deid, rows[:4])
    frame = pd.DataFrame(rows, columns=["note_id", "body", "patient_id"])
    frame.to_parquet(tmp_path / "in.parquet")
    with (tmp_path / "in.csv").open("w", newline="", encoding="utf8") as f:
        csv.writer(f).writerows([("note_id", "body", "patient_id"), *rows])
    cli = CliRunner()
    for fmt in ("parquet", "csv"):
        out = tmp_path / f"out.{fmt}"
        result = cli.invoke(app, ["spark", str(tmp_path / f"in.{fmt}"), str(out), "--id-field", "note_id",
                                  "--text-field", "body", "--partitions", "2"])
        assert result.exit_code == 1, result.output  # the blank note failed
        assert "5 documents: 4 de-identified, 1 failed" in " ".join(result.output.split())
        if fmt == "parquet":
            got = {r["note_id"]: r for r in pd.read_parquet(out).to_dict("records")}
            spans = {i: [(s["label"], s["start"], s["end"], s["surrogate"]) for s in r["phi"]]
                     for i, r in got.items() if r["phi"] is not None}
        else:
            records = [r for part in sorted(out.glob("part-*.csv"))
                       for r in csv.DictReader(part.open(newline="", encoding="utf8"))]
            got = {r["note_id"]: r for r in records}
            spans = {i: [(s["label"], s["start"], s["end"], s["surrogate"]) for s in json.loads(r["phi"])]
                     for i, r in got.items() if r["phi"]}
        assert set(got) == {r[0] for r in rows}
        assert {i: (got[i]["body"], spans[i]) for i in expected} == expected
        assert got["blank"]["error_stage"] == "input" and not got["blank"]["body"]
        assert set(got["blank"]) == {"note_id", "body", "error_stage", "error", "phi"}  # no patient_id
    again = cli.invoke(app, ["spark", str(tmp_path / "in.csv"), str(tmp_path / "out.csv")])
    assert again.exit_code == 2 and "--overwrite" in again.output  # an output is never replaced silently


def test_without_pyspark_the_error_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the extra were not installed
    with pytest.raises(ImportError, match=r"pip install 'spacy-deid\[spark\]'"):
        require_pyspark()
    result = CliRunner().invoke(app, ["spark", str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet")])
    assert result.exit_code == 2 and "spacy-deid[spark]" in result.output
