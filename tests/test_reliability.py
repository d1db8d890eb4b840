"""`spacy-deid run` under failure: killed and restarted, time limits, worker processes, streaming.

The pipelines here are the rule pipeline (fast to load) plus a test component, saved to tmp_path;
the kill test runs the CLI in a subprocess that registers that component, so that SIGKILL ends
the run where it stands (no cleanup), as a crash or an OOM kill would.
"""
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from spacy_deid.cli import app
from spacy_deid.io.notes import Note, read_notes
from spacy_deid import runner as runner_module
from spacy_deid.runner import Failure, Result, deidentify

from conftest import CLINICAL

RULES = ("deid_sentences", "deid_inclusion", "deid_templates", "deid_patterns", "deid_voter",
         "deid_surrogates")
TEXTS = ["Seen 3/14/2019 in clinic.", "MRN: 12345678 on file.", "Call (617) 555-1234 today.",
         "DOB 01/02/1960, stable.", "Email jo@example.org about 4/5/2021.", "No PHI in this one."]

# Registers the test components in any process that imports this module's source (the
# subprocess below runs it as a script).
COMPONENTS = textwrap.dedent('''
    import os, signal, time
    from spacy.language import Language

    @Language.component("test_kill_switch")
    def kill_switch(doc):
        marker = os.environ.get("TEST_KILL_ON")
        if marker and marker in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return doc

    @Language.component("test_sleepy")
    def sleepy(doc):
        if "SLOW" in doc.text:
            time.sleep(5)
        if "BOOM" in doc.text:
            raise RuntimeError("component failure")
        return doc
''')
exec(COMPONENTS)


def rules_pipeline(extra=None):
    nlp = spacy.blank("en", config=CLINICAL)
    for name in RULES:
        nlp.add_pipe(name, config={"mode": "tag"} if name == "deid_surrogates" else {})
    if extra:
        nlp.add_pipe(extra, before="deid_voter")
    nlp.initialize()
    return nlp


def save_pipeline(path: Path, extra: str) -> Path:
    rules_pipeline(extra).to_disk(path)
    return path


def make_inputs(root: Path, n_jsonl: int = 14) -> Path:
    src = root / "in"
    (src / "txt").mkdir(parents=True)
    lines = [json.dumps({"id": f"j{i}", "text": f"{TEXTS[i % len(TEXTS)]} Note {i}.", "patient_id": f"p{i % 3}"})
             for i in range(n_jsonl)]
    lines[3] = "{broken json"
    lines[9] = json.dumps({"id": "j9", "text": "BOOM at 3/3/2003"})
    lines[11] = json.dumps({"id": "j1", "text": "a duplicate id"})
    (src / "a.jsonl").write_text("\n".join(lines) + "\n")
    (src / "b.csv").write_text("id,text\n" + "".join(f'c{i},"{TEXTS[i % len(TEXTS)]}"\n' for i in range(5)))
    for i in range(4):
        (src / "txt" / f"t{i}.txt").write_text(TEXTS[(i + 2) % len(TEXTS)] + "\r\n")
    return src


def outputs(out: Path) -> dict:
    """Every file of an output folder but the manifest, by name."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "manifest.jsonl"}


def test_killed_run_resumes_with_exactly_one_record_per_document(tmp_path, caplog, monkeypatch):
    model = save_pipeline(tmp_path / "model", "test_kill_switch")
    src = make_inputs(tmp_path)
    args = [str(src), "--model", str(model), "--batch-size", "3", "--no-progress"]
    monkeypatch.setenv("SPACY_DEID_KEY", "test-key")

    def run(out, *extra):
        result = CliRunner().invoke(app, ["run", *args, "--out", str(out), *extra])
        result.text = " ".join(result.output.split())
        return result

    clean = tmp_path / "clean"
    assert run(clean).exit_code == 1  # the bad JSON line and the duplicate id

    # killed for real (SIGKILL: no cleanup) in a subprocess that has the kill switch
    out = tmp_path / "out"
    script = tmp_path / "cli.py"
    script.write_text(COMPONENTS + "\nfrom spacy_deid.cli import app\napp()\n")
    killed = subprocess.run([sys.executable, str(script), "run", *args, "--out", str(out)],
                            env={**os.environ, "TEST_KILL_ON": "Note 7."}, capture_output=True,
                            text=True, timeout=600)
    assert killed.returncode == -9, killed.stderr
    manifest = (out / "manifest.jsonl").read_text().splitlines()
    assert 1 < len(manifest) <= 8  # header + (some of) the 7 records before the killing one
    assert not (out / "annotations.jsonl").exists()  # still under its temporary name
    # a write torn by the kill: partial lines at the end of the outputs and the manifest
    with (out / ".annotations.jsonl.tmp").open("a") as fh:
        fh.write('{"id": "j6", "fi')
    with (out / "manifest.jsonl").open("a") as fh:
        fh.write('{"n": 99, "id"')

    resumed = run(out)
    assert resumed.exit_code == 1, resumed.output
    assert "resuming the run" in caplog.text
    assert f"({len(manifest) - 1} done by the earlier run)" in resumed.text
    assert outputs(out) == outputs(clean)  # byte for byte, no duplicates, nothing missing
    ann = [json.loads(x) for x in (out / "annotations.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert len(ann) + len(errors) == 14 + 5 + 4  # one record per input document
    assert len({a["id"] for a in ann}) == len(ann)
    assert [e["id"] for e in errors] == ["a.jsonl:4", "j1"]  # bad JSON and the duplicate id

    # a finished run started again does nothing more
    assert run(out).exit_code == 1
    assert outputs(out) == outputs(clean)
    # other arguments: refused rather than mixed, unless --overwrite
    other = CliRunner().invoke(app, ["run", str(src / "a.jsonl"), "--model", str(model), "--out", str(out)])
    assert other.exit_code == 2 and "holds a run with other inputs" in " ".join(other.output.split())
    assert run(out, "--no-resume").exit_code == 2
    over = CliRunner().invoke(app, ["run", str(src / "a.jsonl"), "--model", str(model), "--out", str(out),
                                    "--overwrite"])
    assert over.exit_code == 1
    assert not (out / "b.csv").exists() and not (out / "txt").exists()  # the old run's outputs went
    assert [json.loads(x)["id"] for x in (out / "annotations.jsonl").read_text().splitlines()][:2] == ["j0", "j1"]


def test_errors_in_the_killed_run_are_named(tmp_path):
    """The clean run's error records, which the resumed run must reproduce."""
    model = save_pipeline(tmp_path / "model", "test_sleepy")
    src = make_inputs(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(src), "--out", str(out), "--model", str(model),
                                      "--no-progress"])
    assert result.exit_code == 1
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["where"], e["stage"], e["error"]) for e in errors] == [
        ("a.jsonl:4", f"{src / 'a.jsonl'}:4", "input", "invalid JSON (Expecting property name enclosed "
                                                       "in double quotes at column 2)"),
        ("j9", f"{src / 'a.jsonl'}:10", "test_sleepy", "RuntimeError"),
        ("j1", f"{src / 'a.jsonl'}:12", "input", "duplicate id: an earlier document has the same id"),
    ]


@pytest.mark.parametrize("n_process", [1, 2])
def test_doc_timeout_fails_only_the_slow_document(tmp_path, n_process):
    model = save_pipeline(tmp_path / "model", "test_sleepy")
    src = tmp_path / "in.jsonl"
    # the slow one is not in the first batch, which gets extra time for the workers to start
    texts = ["Seen 3/14/2019.", "ok", "DOB 01/02/1960", "MRN: 12345678", "SLOW John Smith MRN 7654321", "fine"]
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out"
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["run", str(src), "--out", str(out), "--model", str(model),
                                      "--no-progress", "--doc-timeout", "0.3", "--batch-size", "2",
                                      "--n-process", str(n_process)])
    assert result.exit_code == 1, result.output
    assert time.perf_counter() - start < 60  # not a speed test: the 5 s sleep was cut short
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"id": "d4", "where": f"{src}:5", "stage": "test_sleepy", "error": "Timeout"}]
    written = [json.loads(x) for x in (out / "in.jsonl").read_text().splitlines()]
    assert written == [{"id": "d0", "text": "Seen [DATE]."}, {"id": "d1", "text": "ok"},
                       {"id": "d2", "text": "DOB [DATE]"}, {"id": "d3", "text": "MRN: [MEDICALRECORD]"},
                       {"id": "d5", "text": "fine"}]
    assert "John Smith" not in result.output and "7654321" not in (out / "errors.jsonl").read_text()


def test_two_processes_give_the_same_outputs_as_one(tmp_path):
    model = save_pipeline(tmp_path / "model", "test_sleepy")
    src = make_inputs(tmp_path, n_jsonl=40)
    results = {}
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        result = CliRunner().invoke(app, ["run", str(src), "--out", str(out), "--model", str(model),
                                          "--no-progress", "--n-process", str(n), "--batch-size", "4"],
                                    env={"SPACY_DEID_KEY": "k"})
        assert result.exit_code == 1, result.output  # the BOOM document, bad JSON, a duplicate id
        results[n] = outputs(out)
    assert results[1] == results[2]
    errors = [json.loads(x) for x in results[2]["errors.jsonl"].decode().splitlines()]
    assert ("j9", "test_sleepy", "RuntimeError") in [(e["id"], e["stage"], e["error"]) for e in errors]
    assert len(results[2]["annotations.jsonl"].decode().splitlines()) + len(errors) == 40 + 5 + 4


def test_runner_keeps_order_and_restores_the_error_handler():
    """In code: one outcome per record, in order, through failures; the caller's pipeline is
    left as it was."""
    rules_nlp = rules_pipeline("test_sleepy")
    notes = [Note(f"n{i}", t, None, Path("x.jsonl"), i, Path("x.jsonl"))
             for i, t in enumerate(["Seen 3/14/2019.", "BOOM", "MRN: 12345678", "BOOM 2", "ok"] * 3)]
    before = rules_nlp.default_error_handler
    outcomes = list(deidentify(rules_nlp, notes, batch_size=2))
    assert [o.id if isinstance(o, Failure) else o.note.id for o in outcomes] == [n.id for n in notes]
    assert [isinstance(o, Result) for o in outcomes] == [True, False, True, False, True] * 3
    assert rules_nlp.default_error_handler is before


def test_long_note_runs_through_the_cli(tmp_path):
    """A note over spaCy's default max_length (1,000,000 characters) is de-identified whole,
    its detectors run in windows."""
    model = tmp_path / "model"
    rules_pipeline().to_disk(model)
    filler = "No change in the plan today; continue the current medications and diet.\n" * 5
    text = "".join(f"Seen again on {1 + i % 12}/{1 + i % 28}/2019, MRN {10000000 + i}.\n" + filler
                   for i in range(2700))
    assert len(text) > 1_000_000
    (tmp_path / "long.txt").write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "long.txt"), "--out", str(out),
                                      "--model", str(model), "--no-progress"])
    assert result.exit_code == 0, result.output
    deid = (out / "long.txt").read_text()
    assert deid.count("[MEDICALRECORD]") == 2700 and deid.count("[DATE]") == 2700
    assert "10002699" not in deid and "10000000" not in deid


def test_windows_find_what_the_whole_note_finds(monkeypatch):
    """PHI at window edges is not missed: with small windows, the rule pipeline finds exactly
    the spans it finds on the whole note, whatever falls on an edge."""
    nlp = rules_pipeline()
    parts = ["Seen 3/14/2019 by Dr. Lee.", "MRN: 12345678.", "Call (617) 555-1234 x22.", "no PHI here",
             "DOB 01/02/1960.", "jo.smith@example.org", "SSN 123-45-6789.", "Pt is a 92 yo man."]
    text = " ".join(parts[(i * 7) % len(parts)] + ("\n" if i % 5 == 0 else "") for i in range(600))
    whole = nlp(text)
    expected = [(s.start_char, s.end_char, s.label_) for s in whole.spans["phi"]]
    for window in (700, 1000, 1500):
        monkeypatch.setattr(runner_module, "LONG_CHARS", 2000)
        monkeypatch.setattr(runner_module, "WINDOW_CHARS", window)
        monkeypatch.setattr(runner_module, "OVERLAP_CHARS", 300)
        monkeypatch.setattr(runner_module, "EDGE_CHARS", 100)
        (outcome,) = deidentify(nlp, [Note("w", text, None, Path("w.txt"), None, Path("w.txt"))])
        assert isinstance(outcome, Result)
        assert [(s.start_char, s.end_char, s.label_) for s in outcome.doc.spans["phi"]] == expected
        assert outcome.doc._.deid_text == whole._.deid_text


def test_reading_streams_line_by_line(tmp_path):
    """Memory while reading does not grow with the file: a 30 MB JSONL file is read with a
    peak far below its size (records are not kept, as the CLI does not keep them)."""
    import tracemalloc

    src = tmp_path / "big.jsonl"
    line = json.dumps({"id": "{}", "text": "Seen 3/14/2019. " * 60})
    with src.open("w") as fh:
        for i in range(30000):
            fh.write(line.replace('"{}"', f'"n{i}"') + "\n")
    assert src.stat().st_size > 29_000_000
    tracemalloc.start()
    count = sum(1 for _ in read_notes([src]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 30000
    assert peak < 8_000_000  # ids' hashes (~2 MB here) and one line at a time


def test_utf16_jsonl_and_csv_are_decoded(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(("\r\n".join(
        json.dumps({"id": f"x{i}", "text": f"Seen {i + 1}/3/2019 at the caf\u00e9"}, ensure_ascii=False)
        for i in range(3)) + "\r\n").encode("utf-16"))
    (tmp_path / "b.csv").write_bytes('id,text\r\nc1,"Jos\u00e9\r\nseen"\r\nc2,z\r\n'.encode("utf-16"))
    records = list(read_notes([tmp_path]))
    assert [(r.id, r.text, r.line) for r in records] == [
        ("x0", "Seen 1/3/2019 at the caf\u00e9", 1), ("x1", "Seen 2/3/2019 at the caf\u00e9", 2),
        ("x2", "Seen 3/3/2019 at the caf\u00e9", 3), ("c1", "Jos\u00e9\r\nseen", 2), ("c2", "z", 4)]
    assert all(isinstance(r, Note) for r in records)
