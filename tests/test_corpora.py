"""Annotated-corpus readers and writers (i2b2 2014 XML, BRAT, JSONL) and DocBin conversion.

Fixtures in tests/data/corpora are hand-written, fictional notes:
- i2b2/220-01.xml: every i2b2 category, a ``PHI`` element and the ``LOCATION-OTHER`` spelling;
- brat/caso1.{txt,ann}: MEDDOCAN labels, a discontinuous span (T6), a span one character
  short of a token boundary (T7, misaligned), a label mapped to no PHI type (SEXO) and a note line;
- notes.jsonl: schema labels, patient ids and meta.
"""

import json
import shutil
import warnings
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

import spacy_deid.cli.convert  # noqa: F401  (registers the command until cli/__init__ imports it)
from spacy_deid.cli import app
from spacy_deid.io.corpora import (
    AnnotatedNote,
    CorpusWarning,
    Report,
    doc_to_note,
    notes_to_docbin,
    read_brat,
    read_corpus,
    read_docbin,
    read_i2b2_xml,
    read_jsonl,
    write_brat,
    write_i2b2_xml,
    write_jsonl,
)

DATA = Path(__file__).parent / "data" / "corpora"
MEDDOCAN_TRAIN = Path("/work/shared/corpora/meddocan/train/brat")
CLINICAL = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}
runner = CliRunner()


@pytest.fixture(scope="module")
def en():
    return spacy.blank("en", config=CLINICAL)


@pytest.fixture(scope="module")
def es():
    return spacy.blank("es", config=CLINICAL)


def read_all(reader, path, **kwargs):
    report = Report()
    return list(reader(path, report=report, **kwargs)), report


def labelled(note):
    return [(note.text[s:e], label) for s, e, label in note.spans]


# ---------------------------------------------------------------------------- readers


def test_read_i2b2_xml(tmp_path):
    (note,), report = read_all(read_i2b2_xml, DATA / "i2b2")
    assert note.id == "220-01" and note.patient_id == "220"  # i2b2 2014 "<patient>-<record>"
    assert labelled(note) == [
        ("2067-05-03", "DATE"),
        ("John Smith", "PATIENT"),
        ("8812345", "MEDICALRECORD"),
        ("Smith", "PATIENT"),
        ("64", "AGE"),
        ("teacher", "PROFESSION"),
        ("Pine Hill Hospital", "HOSPITAL"),
        ("Boston", "CITY"),
        ("Lake Wobegon", "LOCATION_OTHER"),  # TYPE="LOCATION-OTHER" through the i2b2_xml set
        ("Ann Lee", "DOCTOR"),
        ("617-555-0199", "PHONE"),  # a <PHI> element
    ]
    assert report.problems == [] and report.notes == 1 and report.spans["PATIENT"] == 2


def test_read_brat_with_meddocan_labels():
    (note,), report = read_all(read_brat, DATA / "brat", label_set="meddocan")
    assert note.id == "caso1" and note.patient_id is None
    assert labelled(note) == [
        ("Marta Ruiz García", "PATIENT"),
        ("4512378", "MEDICALRECORD"),
        ("52 años", "AGE"),
        ("14/03/2019", "DATE"),
        ("Luis", "DOCTOR"),
        ("Pérez", "DOCTOR"),  # T6 split
        ("Hospital San Rafae", "HOSPITAL"),
        ("Alcalá de Henares", "CITY"),
        ("lperez@hsr.es", "EMAIL"),
    ]
    assert report.dropped == {"SEXO_SUJETO_ASISTENCIA": 1}  # mapped to None: dropped, counted
    assert report.kinds == {"discontinuous": 1, "ignored": 1}
    disc = next(p for p in report.problems if p.kind == "discontinuous")
    assert (Path(disc.file).name, disc.line_or_offset, disc.unit) == ("caso1.ann", 6, "line")
    assert "131 135;143 148" in disc.message and "Luis" not in disc.message


def test_brat_discontinuous_cover():
    (note,), _ = read_all(read_brat, DATA / "brat", label_set="meddocan", discontinuous="cover")
    assert ("Luis (Pepe) Pérez", "DOCTOR") in labelled(note)


def test_read_jsonl():
    notes, report = read_all(read_jsonl, DATA / "notes.jsonl")
    assert [n.id for n in notes] == ["n1", "n2", "n3"]
    assert [n.patient_id for n in notes] == ["p1", "p1", None]
    assert notes[0].meta == {"note_type": "progress"} and notes[0].line == 1
    assert labelled(notes[1]) == [("Raj Patel", "DOCTOR"), ("rpatel@mercy.org", "EMAIL")]
    assert notes[2].spans == [] and report.problems == []


def test_read_jsonl_with_a_label_set(tmp_path):
    path = tmp_path / "coarse.jsonl"
    text = "Seen by Jim Beam on 2019-03-04."
    path.write_text(
        json.dumps(
            {
                "id": "a",
                "text": text,
                "spans": [
                    {"start": 8, "end": 16, "label": "PERSON"},
                    {"start": 20, "end": 30, "label": "date_time"},
                ],
            }
        )
        + "\n"
    )
    (note,), _ = read_all(read_corpus, path, format="jsonl", label_set="coarse")
    assert labelled(note) == [("Jim Beam", "PATIENT"), ("2019-03-04", "DATE")]


# ---------------------------------------------------------------------------- problems

SECRET = "Zebulon Quigley"  # stands for PHI: must never appear in a problem message


def test_jsonl_problems_are_reported_with_file_and_line(tmp_path):
    text = f"Patient {SECRET} seen 2019-03-04 by Dr. Who."
    s, e = text.index(SECRET), text.index(SECRET) + len(SECRET)
    rows = [
        {
            "id": "bad",
            "text": text,
            "spans": [
                {"start": s, "end": e, "label": "PATIENT"},
                {"start": s, "end": e, "label": "PATIENT"},  # duplicate
                {"start": s, "end": s + 7, "label": "DOCTOR"},  # overlaps the first
                {"start": 30, "end": 999, "label": "DATE"},  # outside the text
                {"start": "x", "end": 3, "label": "DATE"},  # not an integer
                {"start": 0, "end": 7, "label": "NOT_A_LABEL"},  # unknown
                {"start": s, "end": e, "label": "PATIENT", "text": "someone else"},  # text mismatch
            ],
        },
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(rows[0]) + "\n{not json\n[1, 2]\n")
    notes, report = read_all(read_jsonl, path)
    assert len(notes) == 1 and report.notes == 1
    assert notes[0].spans == sorted([(s, e, "PATIENT"), (s, s + 7, "DOCTOR")])  # overlaps are kept
    assert report.kinds == {
        "duplicate": 2,
        "overlap": 1,
        "offsets": 2,
        "unknown_label": 1,
        "text_mismatch": 1,
        "unreadable": 2,
    }
    assert report.unknown == {"NOT_A_LABEL": 1}
    assert {p.line_or_offset for p in report.problems} == {1, 2, 3}
    assert all(p.file == str(path) for p in report.problems)
    for problem in report.problems:
        assert SECRET not in str(problem) and "Quigley" not in str(problem)


def test_readers_warn_when_no_report_is_given(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "abc", "spans": [{"start": 0, "end": 9, "label": "DATE"}]})
        + "\n"
    )
    with pytest.warns(CorpusWarning, match=r"1 corpus problems \(offsets: 1\).*gold.jsonl:1"):
        assert len(list(read_jsonl(path))) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(read_jsonl(DATA / "notes.jsonl"))  # no problems, no warning


def test_i2b2_problems(tmp_path):
    text = f"Seen {SECRET} on 2019-03-04."
    s, d = text.index(SECRET), text.index("2019")
    xml = (
        f"<deIdi2b2><TEXT><![CDATA[{text}]]></TEXT><TAGS>"
        f'<NAME id="P0" start="{s}" end="{s + 15}" text="Somebody Else" TYPE="PATIENT" comment=""/>'
        f'<NAME id="P1" start="{d}" end="{d + 10}" text="2019-03-04" '
        f'TYPE="DATE" comment=""/>'
        f'<LOCATION id="P2" start="40" end="90" text="x" TYPE="CITY" comment=""/>'
        f'<ID id="P3" start="0" end="4" text="Seen" TYPE="WHATEVER" comment=""/>'
        "</TAGS></deIdi2b2>"
    )
    (tmp_path / "a.xml").write_text(xml)
    (tmp_path / "b.xml").write_text("<deIdi2b2><TEXT>unclosed")
    notes, report = read_all(read_i2b2_xml, tmp_path)
    assert [n.id for n in notes] == ["a"] and notes[0].patient_id is None
    assert labelled(notes[0]) == [(SECRET, "PATIENT"), ("2019-03-04", "DATE")]
    assert report.kinds == {
        "text_mismatch": 1,
        "category_mismatch": 1,
        "offsets": 1,
        "unknown_label": 1,
        "unreadable": 1,
    }
    mismatch = next(p for p in report.problems if p.kind == "text_mismatch")
    assert (mismatch.line_or_offset, mismatch.unit) == (s, "offset")
    assert str(mismatch).startswith(f"{tmp_path / 'a.xml'} @{s}: note a: tag NAME P0")
    assert all(SECRET not in str(p) and "Somebody" not in str(p) for p in report.problems)


def test_brat_bom_and_missing_files(tmp_path):
    text = "Dr. Ana Gil.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf8"))
    (tmp_path / "bom.ann").write_text("T1\tDOCTOR 5 12\tAna Gil\n")  # offsets count the BOM
    (tmp_path / "no_ann.txt").write_text("Nothing here.\n")
    (tmp_path / "no_txt.ann").write_text("T1\tDOCTOR 0 3\tAna\n")
    (tmp_path / "bad.txt").write_text(text)
    (tmp_path / "bad.ann").write_text(
        "T1\tDOCTOR 4 11\tAna Gil\nT2\tDOCTOR four\tx\nR1\tRel Arg1:T1 Arg2:T1\n"
    )
    notes, report = read_all(read_brat, tmp_path)
    by_id = {n.id: n for n in notes}
    assert sorted(by_id) == ["bad", "bom", "no_ann"]
    assert not by_id["bom"].text.startswith("\ufeff") and labelled(by_id["bom"]) == [
        ("Ana Gil", "DOCTOR")
    ]
    assert labelled(by_id["bad"]) == [("Ana Gil", "DOCTOR")] and by_id["no_ann"].spans == []
    assert report.kinds == {"missing_file": 2, "malformed": 1, "ignored": 1}


# ---------------------------------------------------------------------------- DocBins


def test_notes_to_docbin_keeps_ids_patients_meta_spans_and_ents(en, tmp_path):
    notes, report = read_all(read_jsonl, DATA / "notes.jsonl")
    docbin, report = notes_to_docbin(en, notes, report=report)
    assert report.docs == 3 and report.aligned == 7 and report.misaligned == 0
    docbin.to_disk(tmp_path / "train.spacy")
    docs = list(read_docbin(tmp_path / "train.spacy", en))
    assert [d.user_data["deid_id"] for d in docs] == ["n1", "n2", "n3"]
    assert [d._.patient_id for d in docs] == ["p1", "p1", None]
    assert docs[0].user_data["deid_meta"] == {"note_type": "progress"}
    assert [(s.text, s.label_) for s in docs[1].spans["phi"]] == [
        ("Raj Patel", "DOCTOR"),
        ("rpatel@mercy.org", "EMAIL"),
    ]
    assert [(e.text, e.label_) for e in docs[1].ents] == [
        ("Raj Patel", "DOCTOR"),
        ("rpatel@mercy.org", "EMAIL"),
    ]
    # Tokens outside PHI are annotated as outside (O), not missing.
    assert {t.ent_iob_ for t in docs[2]} == {"O"}
    assert doc_to_note(docs[0]) == AnnotatedNote(
        "n1", notes[0].text, notes[0].spans, "p1", {"note_type": "progress"}
    )


@pytest.mark.parametrize(
    "alignment,expected",
    [
        ("expand", ("Hospital San Rafael", "HOSPITAL")),
        ("contract", ("Hospital San", "HOSPITAL")),
        ("strict", None),
    ],
)
def test_misaligned_spans_are_counted_reported_and_aligned(es, alignment, expected):
    notes, report = read_all(read_brat, DATA / "brat", label_set="meddocan")
    docbin, report = notes_to_docbin(es, notes, alignment=alignment, report=report)
    (doc,) = docbin.get_docs(es.vocab)
    assert report.misaligned == 1
    (problem,) = [p for p in report.problems if p.kind == "misaligned"]
    assert (problem.line_or_offset, problem.unit) == (
        150,
        "offset",
    ) and "150-168 HOSPITAL" in problem.message
    hospital = [(s.text, s.label_) for s in doc.spans["phi"] if s.label_ == "HOSPITAL"]
    assert hospital == ([expected] if expected else [])
    assert len(doc.spans["phi"]) == (9 if expected else 8)


def test_overlapping_spans_stay_in_the_group_and_are_missing_in_ents(en):
    text = "Seen at Mercy General Hospital Boston today."
    note = AnnotatedNote("o", text, [(8, 30, "HOSPITAL"), (14, 21, "CITY"), (31, 37, "CITY")])
    docbin, report = notes_to_docbin(en, [note])
    (doc,) = docbin.get_docs(en.vocab)
    assert len(doc.spans["phi"]) == 3
    assert [(e.text, e.label_) for e in doc.ents] == [("Boston", "CITY")]
    assert [t.ent_iob_ for t in doc[2:5]] == ["", "", ""]  # missing, not outside
    assert doc[0].ent_iob_ == "O" and report.kinds == {"ents_overlap": 1}


# ---------------------------------------------------------------------------- round trips

WRITE_READ = {
    "jsonl": (
        lambda items, out: write_jsonl(items, out / "out.jsonl"),
        lambda out: read_jsonl(out / "out.jsonl"),
    ),
    "brat": (
        lambda items, out: write_brat(items, out / "brat"),
        lambda out: read_brat(out / "brat"),
    ),
    "i2b2": (
        lambda items, out: write_i2b2_xml(items, out / "xml"),
        lambda out: read_i2b2_xml(out / "xml"),
    ),
}


@pytest.mark.parametrize("target", sorted(WRITE_READ))
@pytest.mark.parametrize("source", ["jsonl", "brat", "i2b2"])
def test_round_trip_through_docbin(source, target, en, es, tmp_path):
    path, label_set, nlp = {
        "jsonl": (DATA / "notes.jsonl", "i2b2", en),
        "brat": (DATA / "brat", "meddocan", es),
        "i2b2": (DATA / "i2b2", "i2b2_xml", en),
    }[source]
    notes, report = read_all(read_corpus, path, format=source, label_set=label_set)
    docbin, _ = notes_to_docbin(nlp, notes, report=report)
    docbin.to_disk(tmp_path / "c.spacy")
    docs = list(read_docbin(tmp_path / "c.spacy", nlp))
    write, read = WRITE_READ[target]
    assert write(docs, tmp_path) == len(notes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the written corpus reads back without problems
        back = list(read(tmp_path))
    assert sorted(n.id for n in back) == sorted(n.id for n in notes)
    expected = {d.user_data["deid_id"]: doc_to_note(d).spans for d in docs}
    assert {n.id: n.spans for n in back} == expected
    assert {n.id: n.text for n in back} == {n.id: n.text for n in notes}
    if source == "jsonl" and target == "jsonl":
        assert [(n.patient_id, n.meta) for n in back] == [(n.patient_id, n.meta) for n in notes]
    if source != "brat":  # only the misaligned BRAT span changes: it comes back expanded
        assert expected == {n.id: n.spans for n in notes}


def test_xml_writer_keeps_offsets_of_awkward_text(tmp_path):
    text = 'A&B <x> ]]> Dr. Ann Lee\r\nCall\x0c617-555-0199 "q"\n'
    spans = [
        (text.index("Ann Lee"), text.index("Ann Lee") + 7, "DOCTOR"),
        (text.index("617"), text.index("617") + 12, "PHONE"),
        (0, 3, "ORGANIZATION"),
    ]
    report = Report()
    write_i2b2_xml([AnnotatedNote("../weird id/x", text, spans)], tmp_path, report=report)
    assert report.kinds == {"xml_chars": 1}  # the form feed, written as a space
    (file,) = tmp_path.rglob("*.xml")
    assert file.relative_to(tmp_path).as_posix() == "weird_id/x.xml"  # no escape from the folder
    (back,), problems = read_all(read_i2b2_xml, tmp_path)
    assert (
        back.text == text.replace("\x0c", " ")
        and back.spans == sorted(spans)
        and problems.problems == []
    )


# ---------------------------------------------------------------------------- CLI


def invoke(*args):
    result = runner.invoke(app, ["convert", *map(str, args)])
    result.text = " ".join(result.output.split())
    return result


def test_cli_convert_brat_to_spacy(tmp_path, es):
    out = tmp_path / "train.spacy"
    result = invoke(
        DATA / "brat",
        out,
        "--format",
        "brat",
        "--label-set",
        "meddocan",
        "--lang",
        "es",
        "--problems",
        tmp_path / "problems.jsonl",
    )
    assert result.exit_code == 0, result.output
    assert "1 notes, 9 spans read (brat, label set meddocan)" in result.text
    assert "SEXO_SUJETO_ASISTENCIA 1" in result.text
    assert "1 of 9 spans not on token boundaries (11.11%)" in result.text
    assert "discontinuous 1" in result.text and "Marta" not in result.output
    (doc,) = read_docbin(out, es)
    assert doc.user_data["deid_id"] == "caso1" and len(doc.ents) == 9
    problems = [json.loads(line) for line in (tmp_path / "problems.jsonl").read_text().splitlines()]
    assert {p["kind"] for p in problems} == {"discontinuous", "ignored", "misaligned"}


@pytest.mark.parametrize("to,name", [("jsonl", "out.jsonl"), ("brat", "brat"), ("i2b2", "xml")])
def test_cli_convert_between_formats(tmp_path, to, name):
    result = invoke(DATA / "i2b2" / "220-01.xml", tmp_path / name, "--format", "i2b2", "--to", to)
    assert result.exit_code == 0, result.output
    assert (
        "1 notes, 11 spans read (i2b2, label set i2b2_xml)" in result.text
        and "No problems" in result.text
    )
    reader = {"jsonl": read_jsonl, "brat": read_brat, "i2b2": read_i2b2_xml}[to]
    (note,), report = read_all(reader, tmp_path / name)
    (orig,), _ = read_all(read_i2b2_xml, DATA / "i2b2")
    assert note.spans == orig.spans and report.problems == []


def test_cli_convert_errors(tmp_path):
    assert invoke(tmp_path / "missing", tmp_path / "o.spacy", "--format", "brat").exit_code == 2
    result = invoke(DATA / "brat", tmp_path / "o.spacy", "--format", "brat", "--label-set", "nope")
    assert result.exit_code == 2 and "Unknown label set 'nope'" in result.text
    assert invoke(DATA / "brat", tmp_path / "o.spacy", "--format", "csv").exit_code == 2
    # MEDDOCAN labels read as schema labels: unknown (but HOSPITAL), reported; --strict fails.
    result = invoke(
        DATA / "brat", tmp_path / "o.spacy", "--format", "brat", "--lang", "es", "--strict"
    )
    assert result.exit_code == 1 and "unknown_label 8" in result.text


# ---------------------------------------------------------------------------- real data


def test_meddocan_train_files_align(es, tmp_path):
    if not MEDDOCAN_TRAIN.is_dir():
        pytest.skip("MEDDOCAN train split not shipped in this environment")
    stems = sorted(p.stem for p in MEDDOCAN_TRAIN.glob("*.ann"))[:5]
    for stem in stems:
        for suffix in (".txt", ".ann"):
            shutil.copy(MEDDOCAN_TRAIN / f"{stem}{suffix}", tmp_path)
    notes, report = read_all(read_brat, tmp_path, label_set="meddocan")
    assert [n.id for n in notes] == stems
    n_ann = sum(
        1
        for s in stems
        for line in (tmp_path / f"{s}.ann").read_text().splitlines()
        if line[:1] == "T"
    )
    assert sum(report.spans.values()) + sum(report.dropped.values()) == n_ann
    assert report.unknown == {} and report.kinds.keys() <= {"overlap"}  # offsets match the text
    docbin, report = notes_to_docbin(es, notes, report=report)
    print(f"MEDDOCAN train sample: {report.aligned} spans, {report.misaligned} misaligned")
    assert report.misaligned == report.kinds["misaligned"]
    assert report.misaligned <= 0.01 * sum(report.spans.values())
    for doc, note in zip(docbin.get_docs(es.vocab), notes):
        assert doc.text == note.text
        for span in doc.spans["phi"]:  # every span on token boundaries, covering its gold text
            assert doc.char_span(span.start_char, span.end_char) is not None
