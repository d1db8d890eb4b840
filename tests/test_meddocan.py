"""MEDDOCAN in es_deid: the native label set, the native-label voter, the shared task's
measures (subtrack 1 strict per label, subtrack 2 strict and merged) and ``meddocan-eval``."""
import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from spacy_deid import schema
from spacy_deid.cli import app
from spacy_deid.cli import meddocan as _meddocan_cli  # noqa: F401  (registers meddocan-eval)
from spacy_deid.evaluation_meddocan import (
    evaluate_meddocan,
    merge_spans,
    pair_folders,
    read_brat_notes,
)
from spacy_deid.io.corpora import read_brat
from spacy_deid.meddocan import NATIVE_LABEL_ATTR, NativeVoter

CLINICAL = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}
DEV = Path("/work/shared/corpora/meddocan/dev/brat")

TEXT = "Nombre: Ernesto Rivera. Sexo: H. CP: 28016 Madrid. Su madre María Rivera."
#       0       8               24     31       37     44      52        63


def _write_brat(folder: Path, name: str, text: str, spans):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf8")
    lines = [f"T{i}\t{label} {s} {e}\t{text[s:e]}" for i, (s, e, label) in enumerate(spans, 1)]
    (folder / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf8")


def off(text, sub, label, occ=0):
    start = -1
    for _ in range(occ + 1):
        start = text.index(sub, start + 1)
    return (start, start + len(sub), label)


GOLD = [
    off(TEXT, "Ernesto Rivera", "NOMBRE_SUJETO_ASISTENCIA"),
    off(TEXT, "H", "SEXO_SUJETO_ASISTENCIA"),
    off(TEXT, "28016", "TERRITORIO"),
    off(TEXT, "Madrid", "TERRITORIO"),
    off(TEXT, "María Rivera", "FAMILIARES_SUJETO_ASISTENCIA"),
]


# ----------------------------------------------------------------------------- label sets

def test_native_label_set_keeps_meddocan_labels():
    native = schema.get_label_set("meddocan_native")
    assert native.to_schema("nombre_sujeto_asistencia") == "NOMBRE_SUJETO_ASISTENCIA"
    assert native.schema_type("FAMILIARES_SUJETO_ASISTENCIA") == "PATIENT"
    assert native.schema_type("SEXO_SUJETO_ASISTENCIA") is None
    assert set(native.labels) == {label.upper() for label in schema.MEDDOCAN.labels}
    with pytest.raises(ValueError, match="not in label set 'meddocan_native'"):
        native.to_schema("PATIENT")
    # The schema-mapping set is unchanged.
    assert schema.get_label_set("meddocan").to_schema("FAMILIARES_SUJETO_ASISTENCIA") == "PATIENT"


def test_meddocan_tables_are_consistent():
    assert set(schema.MEDDOCAN_FROM_SCHEMA) == set(schema.LABELS)
    assert set(schema.MEDDOCAN_PRIORITY) == set(schema.MEDDOCAN_LABELS)
    assert len(schema.MEDDOCAN_USED) == 22
    assert set(schema.MEDDOCAN_USED) <= set(schema.MEDDOCAN_LABELS)
    for label, native in schema.MEDDOCAN_FROM_SCHEMA.items():
        # A rule's claim maps to a MEDDOCAN label of the same schema type (or a coarser one).
        assert native in schema.MEDDOCAN_LABELS


def test_brat_read_with_native_labels(tmp_path):
    _write_brat(tmp_path, "n1", TEXT, GOLD)
    (note,) = read_brat(tmp_path, label_set="meddocan_native")
    assert note.spans == sorted(GOLD)


# ----------------------------------------------------------------------------- measures

def test_perfect_and_empty_predictions():
    r = evaluate_meddocan([(TEXT, GOLD, list(GOLD))])
    for key in ("subtrack1", "subtrack2_strict", "subtrack2_merged"):
        assert r[key]["f"] == 1.0
    r = evaluate_meddocan([(TEXT, GOLD, [])])
    assert r["subtrack1"]["p"] == 1.0 and r["subtrack1"]["r"] == 0.0 and r["subtrack1"]["f"] == 0.0
    r = evaluate_meddocan([])
    assert r["subtrack1"]["f"] == 1.0 and r["counts"]["documents"] == 0


def test_subtrack1_needs_label_subtrack2_does_not():
    pred = list(GOLD)
    pred[4] = (pred[4][0], pred[4][1], "NOMBRE_SUJETO_ASISTENCIA")  # relative as patient
    r = evaluate_meddocan([(TEXT, GOLD, pred)])
    s1 = r["subtrack1"]
    assert (s1["tp"], s1["fp"], s1["fn"]) == (4, 1, 1)
    assert s1["per_label"]["FAMILIARES_SUJETO_ASISTENCIA"]["r"] == 0.0
    assert s1["per_label"]["NOMBRE_SUJETO_ASISTENCIA"]["fp"] == 1
    assert s1["per_label"]["TERRITORIO"]["f"] == 1.0
    assert s1["per_label"]["TERRITORIO"]["support"] == 2
    assert r["subtrack2_strict"]["f"] == 1.0


def test_subtrack2_merged_joins_spans_separated_by_non_alphanumerics():
    # Gold has "28016" and "Madrid" apart; a system that takes "28016 Madrid" as one span is
    # wrong in subtrack 1 and 2 strict, right in merged. A system that splits the name too.
    whole = off(TEXT, "28016 Madrid", "TERRITORIO")
    split_name = [off(TEXT, "Ernesto", "NOMBRE_SUJETO_ASISTENCIA"),
                  off(TEXT, "Rivera", "NOMBRE_SUJETO_ASISTENCIA")]
    pred = [GOLD[1], whole, GOLD[4], *split_name]
    r = evaluate_meddocan([(TEXT, GOLD, pred)])
    assert r["subtrack2_strict"]["tp"] == 2
    assert r["subtrack2_merged"]["f"] == 1.0
    # Alphanumeric text between two spans keeps them apart.
    assert merge_spans("ab c-d x ef", [(0, 2), (3, 4), (5, 6), (9, 11)]) == {(0, 6), (9, 11)}
    assert merge_spans("abcdef", [(0, 3), (2, 5)]) == {(0, 5)}


def test_duplicates_count_once_and_micro_average_over_documents():
    r = evaluate_meddocan([(TEXT, GOLD, GOLD + GOLD[:1]), (TEXT, GOLD[:1], [])])
    s1 = r["subtrack1"]
    assert (s1["tp"], s1["fp"], s1["fn"]) == (5, 0, 1)
    assert r["counts"] == {"documents": 2, "gold_spans": 6, "pred_spans": 5}


def test_pairing_folders(tmp_path):
    _write_brat(tmp_path / "gold", "a", TEXT, GOLD)
    _write_brat(tmp_path / "gold", "b", TEXT, GOLD)
    _write_brat(tmp_path / "pred", "a", TEXT, GOLD[:2])
    _write_brat(tmp_path / "pred", "c", TEXT, [])
    docs, missing, extra = pair_folders(read_brat_notes(tmp_path / "gold"),
                                        read_brat_notes(tmp_path / "pred"))
    assert missing == ["b"] and extra == ["c"] and len(docs) == 2
    _write_brat(tmp_path / "pred2", "a", TEXT + " más", GOLD)
    with pytest.raises(ValueError, match="differs from the gold"):
        pair_folders(read_brat_notes(tmp_path / "gold"), read_brat_notes(tmp_path / "pred2"))


# ----------------------------------------------------------------------------- voter

def _voter_nlp(**config):
    nlp = spacy.blank("es", config=CLINICAL)
    nlp.add_pipe("deid_native_voter", name="deid_voter", config=config)
    return nlp


def _claims(doc, key, items):
    doc.spans[key] = [
        doc.char_span(s, e, label=label, alignment_mode="strict") for s, e, label in items
    ]


def test_native_voter_writes_native_and_schema_groups():
    nlp = _voter_nlp()
    doc = nlp.make_doc(TEXT)
    _claims(doc, "deid.ner.catchall", GOLD)
    _claims(doc, "deid.patterns", [off(TEXT, "28016", "ZIP")])  # a schema-labelled rule claim
    doc = nlp(doc)
    native = [(s.text, s.label_, s._.deid_sources) for s in doc.spans["phi.meddocan"]]
    assert ("28016", "TERRITORIO", ("ner.catchall", "patterns")) in native
    assert ("H", "SEXO_SUJETO_ASISTENCIA", ("ner.catchall",)) in native
    phi = {(s.text, s.label_, s._.get(NATIVE_LABEL_ATTR)) for s in doc.spans["phi"]}
    assert phi == {
        ("Ernesto Rivera", "PATIENT", "NOMBRE_SUJETO_ASISTENCIA"),
        ("28016", "ZIP", "TERRITORIO"),  # a postal code, so ZIP rather than CITY
        ("Madrid", "CITY", "TERRITORIO"),
        ("María Rivera", "PATIENT", "FAMILIARES_SUJETO_ASISTENCIA"),
    }
    assert [e.label_ for e in doc.ents] == ["PATIENT", "ZIP", "CITY", "PATIENT"]  # no SEXO


def test_native_voter_keeps_touching_spans_apart_and_unions_overlaps():
    doc_nlp = _voter_nlp()
    doc = doc_nlp.make_doc(TEXT)
    _claims(doc, "deid.ner.a", [off(TEXT, "28016", "TERRITORIO"), off(TEXT, "Madrid", "TERRITORIO"),
                                off(TEXT, "Ernesto", "NOMBRE_SUJETO_ASISTENCIA")])
    _claims(doc, "deid.ner.b", [off(TEXT, "Ernesto Rivera", "NOMBRE_SUJETO_ASISTENCIA")])
    doc = doc_nlp(doc)
    assert [s.text for s in doc.spans["phi.meddocan"]] == ["Ernesto Rivera", "28016", "Madrid"]
    merging = _voter_nlp(merge_touching=True)
    doc = merging.make_doc(TEXT)
    _claims(doc, "deid.ner.a", [off(TEXT, "28016", "TERRITORIO"),
                                off(TEXT, "Madrid", "TERRITORIO")])
    assert [s.text for s in merging(doc).spans["phi.meddocan"]] == ["28016 Madrid"]


def test_native_voter_conflicts_use_native_priority_and_votes():
    nlp = _voter_nlp()
    doc = nlp.make_doc(TEXT)
    span = off(TEXT, "María Rivera", "FAMILIARES_SUJETO_ASISTENCIA")
    _claims(doc, "deid.ner.a", [span])
    _claims(doc, "deid.ner.b", [(span[0], span[1], "NOMBRE_PERSONAL_SANITARIO")])
    doc = nlp(doc)
    (winner,) = doc.spans["phi.meddocan"]
    assert winner.label_ == "NOMBRE_PERSONAL_SANITARIO"  # staff ranks before relatives
    doc = nlp.make_doc(TEXT)
    _claims(doc, "deid.ner.a", [span])
    _claims(doc, "deid.ner.c", [span])
    _claims(doc, "deid.ner.b", [(span[0], span[1], "NOMBRE_PERSONAL_SANITARIO")])
    (winner,) = nlp(doc).spans["phi.meddocan"]
    assert winner.label_ == "FAMILIARES_SUJETO_ASISTENCIA"  # two votes beat one


def test_native_voter_validates_labels():
    nlp = _voter_nlp()
    doc = nlp.make_doc(TEXT)
    _claims(doc, "deid.ner.a", [(0, 6, "PERSON")])
    with pytest.raises(ValueError, match="emitted label 'PERSON'"):
        nlp(doc)
    with pytest.raises(ValueError, match="not in label set"):
        _voter_nlp(label_priority=["PATIENT"])
    with pytest.raises(ValueError, match="not in label set"):
        _voter_nlp(thresholds={"DATE": 2})
    with pytest.raises(ValueError, match="Unknown PHI label"):
        _voter_nlp(from_schema={"NAME": "NOMBRE_SUJETO_ASISTENCIA"})
    with pytest.raises(ValueError, match="not a native label set"):
        _voter_nlp(label_set="meddocan")
    with pytest.raises(ValueError, match="would read its own output"):
        _voter_nlp(native_key="deid.meddocan")


def test_native_voter_thresholds_and_safe_sentences():
    nlp = _voter_nlp(thresholds={"TERRITORIO": 2})
    doc = nlp.make_doc(TEXT)
    _claims(doc, "deid.ner.a", [off(TEXT, "Madrid", "TERRITORIO"),
                                off(TEXT, "28016", "TERRITORIO")])
    _claims(doc, "deid.ner.b", [off(TEXT, "Madrid", "TERRITORIO")])
    assert [s.text for s in nlp(doc).spans["phi.meddocan"]] == ["Madrid"]
    doc = nlp.make_doc(TEXT)
    doc.spans["deid.safe"] = [doc[0:6]]
    _claims(doc, "deid.ner.a", [GOLD[0]])
    _claims(doc, "deid.known", [off(TEXT, "H", "SEXO_SUJETO_ASISTENCIA")])
    # Claims in a safe sentence are dropped unless the source is trusted ("known").
    assert [s.text for s in nlp(doc).spans["phi.meddocan"]] == ["H"]


def test_pipeline_with_native_voter_round_trips(tmp_path):
    nlp = spacy.blank("es", config=CLINICAL)
    nlp.add_pipe("deid_sentences")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_native_voter", name="deid_voter", config={"thresholds": {"FECHAS": 1}})
    nlp.add_pipe("deid_surrogates", config={"mode": "tag"})
    nlp.initialize()
    nlp.to_disk(tmp_path / "es_rules")
    loaded = spacy.load(tmp_path / "es_rules")
    assert isinstance(loaded.get_pipe("deid_voter"), NativeVoter)
    text = "Fecha de ingreso: 12/12/2016. NHC: 368503. CP: 28016."
    doc = loaded(text)
    assert [(s.text, s.label_) for s in doc.spans["phi.meddocan"]] == [
        ("12/12/2016", "FECHAS"), ("368503", "ID_SUJETO_ASISTENCIA"), ("28016", "TERRITORIO")]
    assert doc._.deid_text == "Fecha de ingreso: [DATE]. NHC: [MEDICALRECORD]. CP: [ZIP]."


# ----------------------------------------------------------------------------- CLI

def test_meddocan_eval_cli_on_folders_and_on_a_pipeline(tmp_path):
    text = "Fecha de ingreso: 12/12/2016. NHC: 368503. Dr. Pérez."
    gold = [off(text, "12/12/2016", "FECHAS"), off(text, "368503", "ID_SUJETO_ASISTENCIA"),
            off(text, "Pérez", "NOMBRE_PERSONAL_SANITARIO")]
    _write_brat(tmp_path / "gold", "doc1", text, gold)
    _write_brat(tmp_path / "pred", "doc1", text, gold[:2])
    runner = CliRunner()
    out = tmp_path / "m.json"
    result = runner.invoke(app, ["meddocan-eval", str(tmp_path / "gold"), "--pred",
                                 str(tmp_path / "pred"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text())
    assert scores["subtrack1"]["tp"] == 2 and scores["subtrack1"]["fn"] == 1
    assert "subtrack 2 merged" in result.output
    # A pipeline run on the gold texts: the rules find the date and the record number.
    nlp = spacy.blank("es", config=CLINICAL)
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_native_voter", name="deid_voter")
    nlp.initialize()
    nlp.to_disk(tmp_path / "model")
    result = runner.invoke(app, ["meddocan-eval", str(tmp_path / "gold"), "--model",
                                 str(tmp_path / "model"), "--write-pred", str(tmp_path / "out"),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["subtrack1"]["tp"] == 2
    assert (tmp_path / "out" / "doc1.ann").read_text().count("\t") == 4
    result = runner.invoke(app, ["meddocan-eval", str(tmp_path / "gold")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["meddocan-eval", str(tmp_path / "gold"), "--model",
                                 str(tmp_path / "model"), "-k", "nope"])
    assert result.exit_code == 2 and "no span group 'nope'" in result.output


@pytest.mark.skipif(not DEV.is_dir(), reason="MEDDOCAN dev split not available")
def test_gold_against_itself_on_dev_scores_one():
    notes = read_brat_notes(DEV)
    docs, missing, extra = pair_folders(notes, notes)
    r = evaluate_meddocan(docs)
    assert r["subtrack1"]["f"] == 1.0 and r["subtrack2_merged"]["f"] == 1.0
    assert r["counts"]["gold_spans"] == 5801 and not missing and not extra


def test_native_voter_trims_punctuation_at_claim_edges():
    nlp = _voter_nlp()
    text = "Dr. Juan García, NHC: 368503."
    doc = nlp.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "Juan García,", "NOMBRE_PERSONAL_SANITARIO"),
                                off(text, ": 368503", "ID_SUJETO_ASISTENCIA"),
                                off(text, ",", "TERRITORIO")])
    doc = nlp(doc)
    assert [(s.text, s.label_) for s in doc.spans["phi.meddocan"]] == [
        ("Juan García", "NOMBRE_PERSONAL_SANITARIO"), ("368503", "ID_SUJETO_ASISTENCIA")]
    keep = _voter_nlp(trim_punct=False)
    doc = keep.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "Juan García,", "NOMBRE_PERSONAL_SANITARIO")])
    assert [s.text for s in keep(doc).spans["phi.meddocan"]] == ["Juan García,"]


def test_native_voter_trims_whitespace_and_double_dots():
    nlp = _voter_nlp()
    text = "Domicilio: Calle Rivadavia 12, 4 izq..\nOtra: Calle Mayor 3, 1 izq.  .\nFin"
    doc = nlp.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "Calle Rivadavia 12, 4 izq..", "CALLE"),
                                off(text, "Calle Mayor 3, 1 izq.  ", "CALLE")])
    assert [s.text for s in nlp(doc).spans["phi.meddocan"]] == [
        "Calle Rivadavia 12, 4 izq", "Calle Mayor 3, 1 izq."]


def test_native_voter_splits_a_trailing_postal_code_from_the_street():
    nlp = _voter_nlp()
    text = "Hospital Peset Avda. Gaspar Aguilar, 90 - 46017 Valencia. C/ Sol 46017"
    doc = nlp.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "Avda. Gaspar Aguilar, 90 - 46017", "CALLE"),
                                off(text, "46017", "CALLE", occ=1)])
    doc = nlp(doc)
    got = [(s.text, s.label_) for s in doc.spans["phi.meddocan"]]
    # a lone postal code claimed as CALLE has no street left to split from: kept as it is
    assert got == [("Avda. Gaspar Aguilar, 90", "CALLE"), ("46017", "TERRITORIO"),
                   ("46017", "CALLE")]
    assert ("46017", "ZIP") in {(s.text, s.label_) for s in doc.spans["phi"]}
    keep = _voter_nlp(split_postal_codes=False)
    doc = keep.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "Avda. Gaspar Aguilar, 90 - 46017", "CALLE")])
    assert [s.text for s in keep(doc).spans["phi.meddocan"]] == [
        "Avda. Gaspar Aguilar, 90 - 46017"]


def test_native_voter_rule_label_wins_an_equal_vote():
    text = "Operado en 1993 y 1994 de pólipos."
    for rule_sources, expected in ((["patterns"], "FECHAS"), ([], "NUMERO_TELEFONO")):
        nlp = _voter_nlp(rule_sources=rule_sources)
        doc = nlp.make_doc(text)
        _claims(doc, "deid.ner.a", [off(text, "1993", "NUMERO_TELEFONO")])
        _claims(doc, "deid.patterns", [off(text, "1993", "DATE")])
        (span,) = nlp(doc).spans["phi.meddocan"]
        assert (span.text, span.label_) == ("1993", expected)
    # two detectors agreeing still outvote one rule
    nlp = _voter_nlp()
    doc = nlp.make_doc(text)
    _claims(doc, "deid.ner.a", [off(text, "1993", "NUMERO_TELEFONO")])
    _claims(doc, "deid.ner.b", [off(text, "1993", "NUMERO_TELEFONO")])
    _claims(doc, "deid.patterns", [off(text, "1993", "DATE")])
    assert nlp(doc).spans["phi.meddocan"][0].label_ == "NUMERO_TELEFONO"


def _es_deid_installed() -> bool:
    try:
        import es_deid  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _es_deid_installed(), reason="es_deid not installed (make es_deid)")
def test_installed_es_deid_finds_meddocan_phi():
    nlp = spacy.load("es_deid")
    assert nlp.lang == "es" and "deid_ner_catchall" in nlp.pipe_names
    assert "MEDDOCAN" in nlp.meta["description"] and "CC BY 4.0" in nlp.meta["license"]
    text = ("Nombre: Ernesto. Apellidos: Rivera Bueno. NHC: 368503. Sexo: H. "
            "Fecha de Ingreso: 12/12/2016. Paciente de 70 años de edad. CP: 28016.")
    doc = nlp(text)
    native = {(s.text, s.label_) for s in doc.spans["phi.meddocan"]}
    assert {("368503", "ID_SUJETO_ASISTENCIA"), ("12/12/2016", "FECHAS"),
            ("28016", "TERRITORIO"), ("H", "SEXO_SUJETO_ASISTENCIA")} <= native
    for span in doc.spans["phi"]:
        schema.get_type(span.label_)
        assert span._.get(NATIVE_LABEL_ATTR) in schema.MEDDOCAN_LABELS
    for value in ("368503", "12/12/2016", "28016"):
        assert value not in doc._.deid_text
