"""The `spacy-deid run` command end to end, on the installed en_deid pipeline.

Every input document must give exactly one output or one error record, and no failed or
unreadable document may appear anywhere in the outputs.
"""
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from spacy_deid.cli import app

runner = CliRunner()
NOTE = "Pt seen 03/14/2019. MRN: 12345678. Call (617) 555-1234 x22.\n"


def read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def invoke(*args):
    result = runner.invoke(app, ["run", *map(str, args), "--no-progress", "--mode", "tag"])
    result.text = " ".join(result.output.split())  # wasabi wraps long messages
    return result


def test_en_deid_is_installed_with_the_whole_ensemble():
    nlp = spacy.load("en_deid")
    for name in ("deid_inclusion", "deid_templates", "deid_known_phi", "deid_patterns",
                 "deid_gazetteer", "deid_ner_names", "deid_ner_names_lower", "deid_ner_places",
                 "deid_ner_catchall", "deid_voter", "deid_surrogates"):
        assert name in nlp.pipe_names
    doc = nlp(NOTE)
    assert [s.label_ for s in doc.spans["phi"]] == ["DATE", "MEDICALRECORD", "PHONE"]
    assert all("patterns" in s._.deid_sources for s in doc.spans["phi"])
    # surrogates by default: same shapes, never the original values
    out = doc._.deid_text
    assert re.fullmatch(r"Pt seen \d\d/\d\d/\d{4}\. MRN: \d{8}\. Call \(\d{3}\) \d{3}-\d{4} x\d\d\.\n", out), out
    for value in ("03/14/2019", "12345678", "(617) 555-1234"):
        assert value not in out
    tag = spacy.load("en_deid", config={"components": {"deid_surrogates": {"mode": "tag"}}})
    assert tag(NOTE)._.deid_text == "Pt seen [DATE]. MRN: [MEDICALRECORD]. Call [PHONE].\n"


def test_txt_folder(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(NOTE)
    (src / "sub" / "b.txt").write_text("Seen on 1/2/2020 by the team.")
    out = tmp_path / "out"
    result = invoke(src, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "a.txt").read_text() == "Pt seen [DATE]. MRN: [MEDICALRECORD]. Call [PHONE].\n"
    assert (out / "sub" / "b.txt").read_text() == "Seen on [DATE] by the team."
    ann = {r["id"]: r for r in read_jsonl(out / "annotations.jsonl")}
    assert set(ann) == {"a", "sub/b"}
    a = ann["a"]
    deid = (out / "a.txt").read_text()
    for span in a["spans"]:
        assert NOTE[span["start"]:span["end"]] not in deid
        assert deid[span["deid_start"]:span["deid_end"]] == span["surrogate"]
        assert "patterns" in span["sources"]
    assert "12345678" not in (out / "annotations.jsonl").read_text()
    assert read_jsonl(out / "errors.jsonl") == []
    assert "2 documents: 2 de-identified, 0 failed" in result.text


def test_jsonl_and_csv_with_bad_rows(tmp_path):
    jl = tmp_path / "notes.jsonl"
    jl.write_text("\n".join([
        json.dumps({"id": "n1", "text": NOTE, "patient_id": "p1", "name": "John Smith"}),
        "{not json",
        json.dumps({"id": "n3", "body": "no text field"}),
        json.dumps({"id": "n4", "text": "   "}),
        json.dumps({"text": "DOB 01/02/1960"}),
    ]) + "\n")
    csv_file = tmp_path / "notes.csv"
    csv_file.write_text('id,text\nc1,"Seen 3/14/2019, MRN 1234567"\nc2,"x","extra"\n')
    out = tmp_path / "out"
    result = invoke(jl, csv_file, "--out", out)
    assert result.exit_code == 1  # some documents failed
    written = read_jsonl(out / "notes.jsonl")
    assert written == [
        {"id": "n1", "text": "Pt seen [DATE]. MRN: [MEDICALRECORD]. Call [PHONE].\n"},
        {"id": "notes.jsonl:5", "text": "DOB [DATE]"},
    ]
    assert (out / "notes.csv").read_text().splitlines() == ["id,text", 'c1,"Seen [DATE], MRN [MEDICALRECORD]"']
    errors = {e["id"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert set(errors) == {"notes.jsonl:2", "n3", "n4", "c2"}
    assert "invalid JSON" in errors["notes.jsonl:2"]["error"]
    assert errors["notes.jsonl:2"]["where"].endswith("notes.jsonl:2")
    assert "missing text field 'text'" in errors["n3"]["error"]
    assert errors["n4"]["error"] == "empty document"
    assert "more fields than the header" in errors["c2"]["error"]
    assert "John Smith" not in (out / "notes.jsonl").read_text()  # other fields are not copied
    # one record per input document
    assert len(written) + 1 + len(errors) == 5 + 2


def test_unreadable_files_get_error_records(tmp_path, caplog):
    src = tmp_path / "in"
    src.mkdir()
    (src / "binary.txt").write_bytes(b"\x00\x01\x02MRN 1234567")
    (src / "latin1.txt").write_bytes("Pt Jos\xe9 seen 3/14/2019".encode("latin-1"))
    # UTF-8 with one damaged byte: read as cp1252 its "é" would become "Ã©"; an error instead
    (src / "broken.txt").write_bytes("Jos\xe9 Mu\xf1oz seen 3/14/2019".encode("utf8") + b"\xff")
    (src / "bom16.txt").write_bytes("Seen in clinic on 3/14/2019 for follow-up.".encode("utf-16"))
    (src / "crlf.txt").write_bytes(b"Seen 3/14/2019.\r\nMRN: 12345678.\r\n")
    (src / "empty.txt").write_text("")
    out = tmp_path / "out"
    result = invoke(src, "--out", out)
    assert result.exit_code == 1
    errors = {e["id"]: e["error"] for e in read_jsonl(out / "errors.jsonl")}
    assert errors == {
        "binary": "binary file (contains NUL bytes)",
        "broken": "not valid UTF-8 (byte offset 27)",
        "empty": "empty document",
    }
    assert (out / "bom16.txt").read_text() == "Seen in clinic on [DATE] for follow-up."
    # cp1252 fallback, with a warning naming the file; offsets are in the decoded text
    assert f"{src / 'latin1.txt'}: not UTF-8; read as cp1252" in caplog.text
    ann = {r["id"]: r for r in read_jsonl(out / "annotations.jsonl")}
    latin1 = "Pt Jos\xe9 seen 3/14/2019"
    assert [latin1[s["start"]:s["end"]] for s in ann["latin1"]["spans"] if s["label"] == "DATE"] == ["3/14/2019"]
    assert (out / "latin1.txt").read_text(encoding="utf8").endswith(" [DATE]")
    # CRLF kept, offsets in the original text (with its \r) and in the output agree
    assert (out / "crlf.txt").read_bytes() == b"Seen [DATE].\r\nMRN: [MEDICALRECORD].\r\n"
    crlf = "Seen 3/14/2019.\r\nMRN: 12345678.\r\n"
    deid = (out / "crlf.txt").read_bytes().decode()
    assert [crlf[s["start"]:s["end"]] for s in ann["crlf"]["spans"]] == ["3/14/2019", "12345678"]
    assert all(deid[s["deid_start"]:s["deid_end"]] == s["surrogate"] for s in ann["crlf"]["spans"])
    assert not (out / "binary.txt").exists() and not (out / "broken.txt").exists()


def test_bad_lines_in_jsonl_and_csv_name_file_and_line(tmp_path, caplog):
    """cp1252, over-long and undecodable lines in JSONL and CSV: an error (or a warning) naming
    the file and line, and the rest of the file still read."""
    jl = tmp_path / "notes.jsonl"
    lines = [json.dumps({"id": "j1", "text": "Seen 3/14/2019."}).encode(),
             json.dumps({"id": "j2", "text": "Jos\xe9 seen 3/14/2019."}, ensure_ascii=False).encode("cp1252"),
             json.dumps({"id": "j3", "text": "x" * 500}).encode(),
             b'{"id": "j4", "text": "\x81\x8d bytes of neither"}',
             json.dumps({"id": "j5", "text": "DOB 01/02/1960\r\nok"}).encode()]
    jl.write_bytes(b"\r\n".join(lines) + b"\r\n")
    csv_file = tmp_path / "notes.csv"
    csv_file.write_bytes(b'id,text\r\nc1,"Seen 3/14/2019,\r\nMRN 1234567"\r\nc2,"' + b"y" * 500 +
                         b'"\r\nc3,"Jos\xe9 Smith seen 3/14/2019"\r\nc4,DOB 01/02/1960\r\n')
    out = tmp_path / "out"
    result = invoke(jl, csv_file, "--out", out, "--max-doc-bytes", 300)
    assert result.exit_code == 1
    errors = {e["id"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert set(errors) == {"notes.jsonl:3", "notes.jsonl:4", "notes.csv:4"}
    assert errors["notes.jsonl:3"]["where"] == f"{jl}:3"
    assert errors["notes.jsonl:3"]["error"] == "line is over the limit of 300 bytes (--max-doc-bytes)"
    assert errors["notes.jsonl:4"]["error"] == "neither UTF-8 nor cp1252"
    assert errors["notes.csv:4"]["where"] == f"{csv_file}:4"
    assert errors["notes.csv:4"]["error"] == "line is over the limit of 300 bytes (--max-doc-bytes)"
    assert f"{jl}:2: not UTF-8; read as cp1252" in caplog.text
    assert f"{csv_file}:5: not UTF-8; read as cp1252" in caplog.text
    written = read_jsonl(out / "notes.jsonl")
    assert [r["id"] for r in written] == ["j1", "j2", "j5"]
    assert written[0]["text"] == "Seen [DATE]." and written[2]["text"] == "DOB [DATE]\r\nok"
    rows = list(csv.reader((out / "notes.csv").open(newline="", encoding="utf8")))
    assert [r[0] for r in rows] == ["id", "c1", "c3", "c4"]
    assert rows[1][1] == "Seen [DATE],\r\nMRN [MEDICALRECORD]" and rows[3][1] == "DOB [DATE]"
    for text in (written[1]["text"], rows[2][1]):  # the cp1252 lines, decoded (no mojibake)
        assert text.endswith("[DATE].") or text.endswith("[DATE]")
        assert "\xc3" not in text and "3/14/2019" not in text
    ann = {r["id"]: r["line"] for r in read_jsonl(out / "annotations.jsonl")}
    assert ann == {"j1": 1, "j2": 2, "j5": 5, "c1": 2, "c3": 5, "c4": 6}


def test_duplicate_ids_and_colliding_outputs_are_reported(tmp_path):
    """The 2nd document with an id is an error naming its file and line, never merged; a second
    input file whose output would overwrite the first's is an error too."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "notes.jsonl").write_text(json.dumps({"id": "n1", "text": "Seen 3/14/2019."}) + "\n" +
                                   json.dumps({"id": "n1", "text": "MRN 7654321 other note"}) + "\n")
    (b / "notes.jsonl").write_text(json.dumps({"id": "n9", "text": "DOB 01/02/1960"}) + "\n")
    (a / "annotations.jsonl").write_text(json.dumps({"id": "z", "text": "DOB 01/02/1960"}) + "\n")
    (tmp_path / "n1.txt").write_text("Seen 4/1/2020.")  # a .txt file's id is its name: n1 again
    out = tmp_path / "out"
    result = invoke(a, b, tmp_path / "n1.txt", "--out", out)
    assert result.exit_code == 1
    errors = read_jsonl(out / "errors.jsonl")
    assert [(e["id"], e["where"]) for e in errors] == [
        ("annotations.jsonl", str(a / "annotations.jsonl")),
        ("n1", f"{a / 'notes.jsonl'}:2"),
        ("notes.jsonl", str(b / "notes.jsonl")),
        ("n1", str(tmp_path / "n1.txt")),
    ]
    assert errors[1]["error"] == "duplicate id: an earlier document has the same id"
    assert "already written for" in errors[0]["error"] and "already written for" in errors[2]["error"]
    assert read_jsonl(out / "notes.jsonl") == [{"id": "n1", "text": "Seen [DATE]."}]
    assert [r["id"] for r in read_jsonl(out / "annotations.jsonl")] == ["n1"]
    assert not (out / "n1.txt").exists()


def test_failing_component_fails_closed(tmp_path):
    """A component that raises on one document: that document is an error, the rest go on."""
    nlp = spacy.load("en_deid")

    @spacy.Language.component("test_explode_on_secret")
    def explode(doc):
        if "SECRET" in doc.text:
            raise RuntimeError(f"cannot handle {doc.text}")  # a message quoting PHI
        return doc

    nlp.add_pipe("test_explode_on_secret", before="deid_voter")
    model = tmp_path / "model"
    nlp.to_disk(model)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t}) for i, t in enumerate(
        ["Seen 3/14/2019.", "SECRET John Smith MRN 7654321", "DOB 01/02/1960"])) + "\n")
    out = tmp_path / "out"
    # the custom component is registered in this process only, so run in-process
    result = invoke(src, "--out", out, "--model", model)
    assert result.exit_code == 1
    assert [r["id"] for r in read_jsonl(out / "in.jsonl")] == ["d0", "d2"]
    errors = read_jsonl(out / "errors.jsonl")
    assert errors == [{"id": "d1", "where": f"{src}:2", "stage": "test_explode_on_secret",
                       "error": "RuntimeError"}]
    for path in out.iterdir():
        assert "John Smith" not in path.read_text() and "7654321" not in path.read_text()
    assert "John Smith" not in result.output


def test_missing_input_and_model_are_clear_errors(tmp_path):
    result = invoke(tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "does not exist" in result.text
    (tmp_path / "a.txt").write_text(NOTE)
    result = invoke(tmp_path / "a.txt", "--out", tmp_path / "out", "--model", "no_such_pipeline")
    assert result.exit_code == 2 and "Cannot load pipeline 'no_such_pipeline'" in result.text


def test_console_script_runs(tmp_path):
    (tmp_path / "a.txt").write_text(NOTE)
    exe = Path(sys.executable).parent / "spacy-deid"
    proc = subprocess.run([str(exe), "run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                           "--print", "--no-progress", "--mode", "tag"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Pt seen [DATE]. MRN: [MEDICALRECORD]. Call [PHONE]." in proc.stdout
    assert "12345678" not in proc.stdout + proc.stderr


def test_evaluate_command_scores_phi_and_a_detector_group(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "Seen 03/14/2019 by Dr. Lee. MRN: 12345678."
    spans = [{"start": 5, "end": 15, "label": "DATE"}, {"start": 23, "end": 26, "label": "DOCTOR"},
             {"start": 33, "end": 41, "label": "MEDICALRECORD"}]
    gold.write_text(json.dumps({"id": "g1", "text": text, "spans": spans}) + "\n")
    out = tmp_path / "res.json"
    result = runner.invoke(app, ["evaluate", "en_deid", str(gold), "-k", "phi", "-k", "deid.patterns",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    res = json.loads(out.read_text())["results"]
    rules = res["deid.patterns"]["strict"]["all"]
    assert (rules["tp"], rules["fp"], rules["fn"]) == (2, 0, 1)  # the rules miss the name
    assert rules["per_type"]["DOCTOR"]["r"] == 0.0
    ensemble = res["phi"]["strict"]["all"]
    assert (ensemble["tp"], ensemble["fp"], ensemble["fn"]) == (3, 0, 0)  # the NER finds it
    assert "12345678" not in result.output


def test_evaluate_rejects_malformed_gold(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "spans": []}\n{"id": "b"}\n')
    result = runner.invoke(app, ["evaluate", "en_deid", str(gold)])
    assert result.exit_code == 2
    assert f"{gold}:2: not a gold record" in " ".join(result.output.split())


def test_known_phi_from_jsonl_is_found_and_replaced(tmp_path):
    src = tmp_path / "notes.jsonl"
    text = "Zebulon Quaxley seen today. Quaxley tolerated the dose well."
    src.write_text(json.dumps({"id": "k1", "text": text,
                               "known": {"PATIENT": ["Zebulon Quaxley"]}}) + "\n" +
                   json.dumps({"id": "k2", "text": text, "known": {"SHOE_SIZE": ["x"]}}) + "\n")
    out = tmp_path / "out"
    result = invoke(src, "--out", out)
    assert result.exit_code == 1  # k2 has a known-PHI key outside the schema
    written = read_jsonl(out / "notes.jsonl")
    assert [r["id"] for r in written] == ["k1"]
    assert "Quaxley" not in written[0]["text"] and "Zebulon" not in written[0]["text"]
    ann = read_jsonl(out / "annotations.jsonl")[0]["spans"]
    assert all("known" in s["sources"] for s in ann) and len(ann) == 2
    errors = read_jsonl(out / "errors.jsonl")
    assert [e["id"] for e in errors] == ["k2"] and "SHOE_SIZE" in errors[0]["error"]
    assert "'x'" not in errors[0]["error"]
