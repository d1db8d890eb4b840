"""The deid_sentences component: sentence boundaries in the layout of clinical notes."""
import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example

import spacy_deid.sentences  # noqa: F401  (registers the deid_sentences factory)
import spacy_deid.tokenizer  # noqa: F401  (registers spacy_deid.clinical_tokenizer.v1)

CLINICAL = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}
MEDDOCAN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "meddocan"


def make_nlp(lang="en", **config):
    nlp = spacy.blank(lang, config=CLINICAL)
    nlp.add_pipe("deid_sentences", config=config)
    return nlp


@pytest.fixture(scope="module")
def en():
    return make_nlp("en")


@pytest.fixture(scope="module")
def es():
    return make_nlp("es")


def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents]


# (text, sentences) with the default "smart" newline handling, English.
CASES = [
    # sentence punctuation followed by a capital
    ("No fever. Denies SOB.", ["No fever.", "Denies SOB."]),
    ("Pain improved! Discharged home?", ["Pain improved!", "Discharged home?"]),
    ("Is he better?! Yes.", ["Is he better?!", "Yes."]),
    ('He said "no pain." Then he left.', ['He said "no pain."', "Then he left."]),
    ("Stable (improving). Plan as above.", ["Stable (improving).", "Plan as above."]),
    ("Chest pain? No. Fever? Yes.", ["Chest pain?", "No.", "Fever?", "Yes."]),
    ("Took vitamin D. The rash resolved.", ["Took vitamin D.", "The rash resolved."]),
    ("Seen in 2019.The patient is stable.", ["Seen in 2019.", "The patient is stable."]),
    # ... but not after lower case, abbreviations, initials or inside decimals
    ("Fever resolved. no rash today.", ["Fever resolved. no rash today."]),
    ("Seen by Dr. Smith today.", ["Seen by Dr. Smith today."]),
    ("Mr. Jones and Mrs. Jones and Ms. Lee came.", ["Mr. Jones and Mrs. Jones and Ms. Lee came."]),
    ("Lives on Main St. Apt 4 alone.", ["Lives on Main St. Apt 4 alone."]),
    ("Take 1 tab b.i.d. Recheck in 2 weeks.", ["Take 1 tab b.i.d. Recheck in 2 weeks."]),
    ("Give 5 mg p.o. Monitor BP.", ["Give 5 mg p.o. Monitor BP."]),
    ("Aspirin q.d. Continue.", ["Aspirin q.d. Continue."]),
    ("Compare vs. Prior film.", ["Compare vs. Prior film."]),
    ("Weight approx. Seventy kilos.", ["Weight approx. Seventy kilos."]),
    ("Use antipyretics, e.g. Tylenol as needed.", ["Use antipyretics, e.g. Tylenol as needed."]),
    ("Use antipyretics, i.e. Tylenol as needed.", ["Use antipyretics, i.e. Tylenol as needed."]),
    ("Patient is pt. Smith per chart.", ["Patient is pt. Smith per chart."]),
    ("Referred by J. Smith today.", ["Referred by J. Smith today."]),
    ("Seen by Dr. J. R. Smith today.", ["Seen by Dr. J. R. Smith today."]),
    ("Policy No. 12345 is active.", ["Policy No. 12345 is active."]),
    ("Temp 98.6 today. HR 72.", ["Temp 98.6 today.", "HR 72."]),
    ("Dose 2.5 mg daily", ["Dose 2.5 mg daily"]),
    # inline list numbers and headers in capitals
    (
        "Meds: 1. Aspirin daily. 2. Lisinopril daily.",
        ["Meds: 1. Aspirin daily.", "2. Lisinopril daily."],
    ),
    (
        "Doing well MEDICATIONS: aspirin daily",
        ["Doing well", "MEDICATIONS: aspirin daily"],
    ),
    (
        "no complaints ASSESSMENT AND PLAN: stable",
        ["no complaints", "ASSESSMENT AND PLAN: stable"],
    ),
    ("The patient has HIV: on HAART.", ["The patient has HIV: on HAART."]),
    # blank lines always split
    ("Plan as above\n\ncontinue meds", ["Plan as above", "continue meds"]),
    ("Plan as above\n \n\ncontinue meds", ["Plan as above", "continue meds"]),
    ("a\r\n\r\nb", ["a", "b"]),
    # wrapped prose stays together
    (
        "The patient is a 59 year old man with a long history of poorly controlled\n"
        "hypertension and diabetes who presents with chest pain.",
        [
            "The patient is a 59 year old man with a long history of poorly controlled\n"
            "hypertension and diabetes who presents with chest pain."
        ],
    ),
    ("He was seen by\nDr. Brown in clinic.", ["He was seen by\nDr. Brown in clinic."]),
    ("He was referred to Dr.\nBrown in clinic.", ["He was referred to Dr.\nBrown in clinic."]),
    (
        "Allergies to penicillin, sulfa,\nCodeine and latex.",
        ["Allergies to penicillin, sulfa,\nCodeine and latex."],
    ),
    (
        "The patient was admitted to the cardiology service for further\n"
        "Evaluation of chest pain and troponin elevation.",
        [
            "The patient was admitted to the cardiology service for further\n"
            "Evaluation of chest pain and troponin elevation."
        ],
    ),
    # a single line break that ends a sentence
    ("No fever.\nthe rash resolved.", ["No fever.", "the rash resolved."]),
    ("Allergies:\npenicillin", ["Allergies:", "penicillin"]),
    ("Chief Complaint\nChest pain", ["Chief Complaint", "Chest pain"]),
    ("BP 120/80 HR 72\nRR 16 T 98.6", ["BP 120/80 HR 72", "RR 16 T 98.6"]),
    (
        "The patient tolerated the procedure well and was sent to recovery\n"
        "Plan: discharge tomorrow",
        [
            "The patient tolerated the procedure well and was sent to recovery",
            "Plan: discharge tomorrow",
        ],
    ),
    (
        "The patient tolerated the procedure well and was sent to recovery\n"
        "HISTORY OF PRESENT ILLNESS: none",
        [
            "The patient tolerated the procedure well and was sent to recovery",
            "HISTORY OF PRESENT ILLNESS: none",
        ],
    ),
    (
        "Patient reports taking the following medications at home for his\n"
        "- aspirin",
        ["Patient reports taking the following medications at home for his", "- aspirin"],
    ),
]

LIST_MARKERS = ["1. Aspirin", "2) Aspirin", "(3) Aspirin", "a) Aspirin", "- Aspirin",
                "* Aspirin", "• Aspirin", "# Aspirin", "#1 Aspirin"]


@pytest.mark.parametrize("text,expected", CASES)
def test_sentences(en, text, expected):
    assert sents(en, text) == expected


@pytest.mark.parametrize("item", LIST_MARKERS)
def test_list_item_after_wrapped_line_starts_a_sentence(en, item):
    text = "Patient reports taking the following medications at home daily and\n" + item
    assert sents(en, text)[-1] == item


@pytest.mark.parametrize(
    "header",
    ["Plan:", "Sexo: H.", "HISTORY OF PRESENT ILLNESS:", "Patient's Name:", "S:",
     "ASSESSMENT/PLAN:", "E-mail:", "Discharge Diagnosis (Principal):"],
)
def test_key_line_after_long_prose_line_starts_a_sentence(en, header):
    text = "The patient tolerated the procedure well and was sent to recovery\n" + header + " x"
    assert sents(en, text)[-1] == header + " x"


DISCHARGE_SUMMARY = """DISCHARGE SUMMARY

Patient Name: John Smith
MRN: 12345678
DOB: 01/02/1960
Attending: Dr. Jane Doe, MD

HISTORY OF PRESENT ILLNESS: Mr. Smith is a 59 y/o male with a history of
hypertension and diabetes who presented to the ED with chest pain. He was seen by
Dr. J. Brown in clinic on 03/10/2019. No fever.

MEDICATIONS:
1. Aspirin 81 mg p.o. daily
2. Metoprolol 25 mg b.i.d.
- Atorvastatin 40 mg

Vitals: BP 120/80 HR 72 RR 16 T 98.6F SpO2 98%RA
Labs:
WBC 12.3 (H)
Hgb 13.5

Plan:
Continue aspirin. Follow up with Dr. Brown in 2 weeks.
"""

DISCHARGE_SENTENCES = [
    "DISCHARGE SUMMARY",
    "Patient Name: John Smith",
    "MRN: 12345678",
    "DOB: 01/02/1960",
    "Attending: Dr. Jane Doe, MD",
    "HISTORY OF PRESENT ILLNESS: Mr. Smith is a 59 y/o male with a history of\n"
    "hypertension and diabetes who presented to the ED with chest pain.",
    "He was seen by\nDr. J. Brown in clinic on 03/10/2019.",
    "No fever.",
    "MEDICATIONS:",
    "1. Aspirin 81 mg p.o. daily",
    "2. Metoprolol 25 mg b.i.d.",
    "- Atorvastatin 40 mg",
    "Vitals: BP 120/80 HR 72 RR 16 T 98.6F SpO2 98%RA",
    "Labs:",
    "WBC 12.3 (H)",
    "Hgb 13.5",
    "Plan:",
    "Continue aspirin.",
    "Follow up with Dr. Brown in 2 weeks.",
]


def test_discharge_summary(en):
    assert sents(en, DISCHARGE_SUMMARY) == DISCHARGE_SENTENCES


def test_every_token_gets_a_boundary_decision(en):
    doc = en(DISCHARGE_SUMMARY)
    assert all(t.is_sent_start in (True, False) for t in doc)
    assert doc.has_annotation("SENT_START")
    # whitespace (newlines included) ends a sentence, it never starts one
    assert not any(t.is_sent_start for t in doc if t.is_space)
    # sentences cover the doc, in order, without gaps
    assert "".join(s.text_with_ws for s in doc.sents) == DISCHARGE_SUMMARY


SPANISH_NOTE = """Datos del paciente.
Nombre:  Ernesto.
Apellidos: Rivera Bueno.
NHC: 368503.
Edad: 70 años Sexo: H.
Fecha de Ingreso: 12/12/2016.
Médico:  Ignacio Navarro Cuéllar NºCol: 28 28 70973.
Informe clínico del paciente: Paciente de 70 años de edad, minero jubilado. Es derivado desde
Atención Primaria por hematuria. ¿Fiebre? No. Remitido por: Dra. Lucrecia Sánchez. Vive en
la C/ Mayor. Sr. García lo acompaña.
Domicilio: Ctra. Colmenar Viejo Km 9,1. Urb. El Arco, 16. Avda. Europa 3.
"""


def test_spanish_note(es):
    assert sents(es, SPANISH_NOTE) == [
        "Datos del paciente.",
        "Nombre:  Ernesto.",
        "Apellidos: Rivera Bueno.",
        "NHC: 368503.",
        "Edad: 70 años Sexo: H.",
        "Fecha de Ingreso: 12/12/2016.",
        "Médico:  Ignacio Navarro Cuéllar NºCol: 28 28 70973.",
        "Informe clínico del paciente: Paciente de 70 años de edad, minero jubilado.",
        "Es derivado desde\nAtención Primaria por hematuria.",
        "¿Fiebre?",
        "No.",
        "Remitido por: Dra. Lucrecia Sánchez.",
        "Vive en\nla C/ Mayor.",
        "Sr. García lo acompaña.",
        "Domicilio: Ctra. Colmenar Viejo Km 9,1.",
        "Urb. El Arco, 16.",
        "Avda. Europa 3.",
    ]


def test_works_with_spacys_default_tokenizer():
    """Abbreviations split as "Sr" + "." by spaCy's Spanish rules are still abbreviations."""
    nlp = spacy.blank("es")
    nlp.add_pipe("deid_sentences")
    assert [t.text for t in nlp("Mr. Smith")] == ["Mr", ".", "Smith"]
    assert sents(nlp, "Visto por Mr. Smith hoy. Sin fiebre.") == [
        "Visto por Mr. Smith hoy.",
        "Sin fiebre.",
    ]


WRAPPED = "Seen today\nPatient stable\nPain is better and the patient\nwalks well. Plan home"


@pytest.mark.parametrize(
    "mode,expected",
    [
        ("smart", ["Seen today", "Patient stable", "Pain is better and the patient\nwalks well.",
                   "Plan home"]),
        ("always", ["Seen today", "Patient stable", "Pain is better and the patient",
                    "walks well.", "Plan home"]),
        ("blank", ["Seen today\nPatient stable\nPain is better and the patient\nwalks well.",
                   "Plan home"]),
    ],
)
def test_split_on_newline_modes(mode, expected):
    assert sents(make_nlp(split_on_newline=mode), WRAPPED) == expected


def test_blank_mode_splits_a_line_break_after_a_sentence():
    nlp = make_nlp(split_on_newline="blank")
    assert sents(nlp, "No fever.\nThe rash resolved.\nsee Dr.\nSmith") == [
        "No fever.",
        "The rash resolved.\nsee Dr.\nSmith",
    ]
    assert sents(nlp, "Plan\n\nrest") == ["Plan", "rest"]


def test_short_line_chars():
    text = "Review of systems negative\nPatient stable"
    assert sents(make_nlp(short_line_chars=40), text) == [
        "Review of systems negative", "Patient stable"
    ]
    assert sents(make_nlp(short_line_chars=10), text) == [
        "Review of systems negative\nPatient stable"
    ]


def test_max_header_words():
    text = "Doing well FAMILY HISTORY OF HEART DISEASE: none"
    assert sents(make_nlp(), text) == ["Doing well", "FAMILY HISTORY OF HEART DISEASE: none"]
    assert sents(make_nlp(max_header_words=3), text) == [text]


def test_extra_abbreviations():
    text = "Take 1 tab sig. Daily with food."
    assert sents(make_nlp(), text) == ["Take 1 tab sig.", "Daily with food."]
    assert sents(make_nlp(extra_abbreviations=["sig."]), text) == [text]


def test_rejects_an_unknown_newline_mode():
    with pytest.raises(ValueError, match="split_on_newline"):
        make_nlp(split_on_newline="sometimes")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", []),
        ("\n\n", ["\n\n"]),
        ("\n\nHISTORY: none\n", ["\n\nHISTORY: none\n"]),
        ("Fine", ["Fine"]),
        (".", ["."]),
        ("Ok.\n", ["Ok.\n"]),
    ],
)
def test_edges(en, text, expected):
    doc = en(text)
    assert [s.text_with_ws for s in doc.sents] == expected
    if len(doc):
        assert doc[0].is_sent_start
        assert not any(t.is_sent_start for t in doc[1:] if t.is_space)


def test_scores_sentence_boundaries(en):
    gold_text = "No fever. Denies SOB.\n\nPlan: rest"
    words = [t.text for t in en.make_doc(gold_text)]
    spaces = [bool(t.whitespace_) for t in en.make_doc(gold_text)]
    starts = [i in (0, 3, 7) for i in range(len(words))]
    gold = Doc(en.vocab, words=words, spaces=spaces, sent_starts=starts)
    scores = en.evaluate([Example(en.make_doc(gold_text), gold)])
    assert scores["sents_f"] == 1.0
    one = [i == 0 for i in range(len(words))]
    wrong = Doc(en.vocab, words=words, spaces=spaces, sent_starts=one)
    assert en.evaluate([Example(en.make_doc(gold_text), wrong)])["sents_p"] < 1.0


def test_to_disk_and_spacy_load(tmp_path):
    nlp = make_nlp("en", split_on_newline="smart", short_line_chars=30)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["deid_sentences"]
    assert loaded.get_pipe_config("deid_sentences")["short_line_chars"] == 30
    assert sents(loaded, DISCHARGE_SUMMARY) == sents(nlp, DISCHARGE_SUMMARY)
    assert sents(loaded, SPANISH_NOTE) == sents(nlp, SPANISH_NOTE)


@pytest.mark.slow
def test_saved_pipeline_loads_without_importing_spacy_deid(tmp_path):
    """Entry points let spacy.load find the tokenizer and the factory on their own."""
    make_nlp("en").to_disk(tmp_path / "pipeline")
    code = (
        "import spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "doc = nlp('MRN:12345678 seen.\\nPlan: rest. Dr. Smith agrees.')\n"
        "print([t.text for t in doc]); print([s.text for s in doc.sents])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    tokens_line, sents_line = out.stdout.strip().splitlines()[-2:]
    assert "'MRN', ':', '12345678'" in tokens_line
    assert sents_line == "['MRN:12345678 seen.\\n', 'Plan: rest.', 'Dr. Smith agrees.']"


@pytest.mark.slow
@pytest.mark.skipif(not MEDDOCAN.is_dir(), reason="MEDDOCAN corpus not available")
def test_meddocan_phi_spans_stay_inside_one_sentence(es):
    """At most 0.5% of MEDDOCAN's gold PHI spans are cut by a sentence boundary."""
    total = cut = 0
    for txt in sorted(glob.glob(os.fspath(MEDDOCAN / "*" / "brat" / "*.txt"))):
        doc = es(Path(txt).read_text(encoding="utf8"))
        for line in Path(txt[:-4] + ".ann").read_text(encoding="utf8").splitlines():
            if not line.startswith("T"):
                continue
            fields = line.split("\t")[1].split()
            span = doc.char_span(int(fields[1]), int(fields[-1]), alignment_mode="expand")
            total += 1
            cut += any(t.is_sent_start for t in span[1:])
    assert total > 10000
    assert cut / total < 0.005
