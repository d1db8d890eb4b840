"""Spanish rule detectors (spacy_deid/patterns/detectors_es.py), picked by ``nlp.lang == "es"``.

Cases follow MEDDOCAN's annotation conventions (ages keep their unit, "año 2000" keeps the
word, identifiers are the value after the field name, a postal code is its own span) and
Spanish clinical style; negatives are durations, doses, scores, ratios and wrong check letters.
"""
import pytest
import spacy

from spacy_deid.patterns import build_detectors_for
from spacy_deid.patterns.detectors_es import dni_nie, postal_code, spanish_date, spanish_phone

CLINICAL = {"nlp": {"tokenizer": {"@tokenizers": "spacy_deid.clinical_tokenizer.v1"}}}


@pytest.fixture(scope="module")
def es_rules():
    nlp = spacy.blank("es", config=CLINICAL)
    nlp.add_pipe("deid_patterns")
    nlp.initialize()
    return nlp


def spans(nlp, text):
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans["deid.patterns"]}


POSITIVE = [
    # dates
    ("Fecha de Ingreso: 12/12/2016.", ("12/12/2016", "DATE")),
    ("Fecha de nacimiento: 03-03-1946", ("03-03-1946", "DATE")),
    ("intervenido el 3 de marzo de 2019 en otro centro", ("3 de marzo de 2019", "DATE")),
    ("revisión el 14 de febrero del 2018", ("14 de febrero del 2018", "DATE")),
    ("ingresó en marzo de 2019 por disnea", ("marzo de 2019", "DATE")),
    ("en noviembre del 2005 se realizó", ("noviembre del 2005", "DATE")),
    ("diagnosticado en el año 2000 de HTA", ("año 2000", "DATE")),
    ("operado en 2009 de cataratas", ("2009", "DATE")),
    ("el 5 de mayo acude a urgencias", ("5 de mayo", "DATE")),
    ("En enero-04 se implantó un catéter", ("enero-04", "DATE")),
    ("se retiró en sep-04, al disponer de FAVI", ("sep-04", "DATE")),
    ("en programa de HD desde diciembre-2002, por", ("diciembre-2002", "DATE")),
    ("Fecha de nacimiento: 23-octubre-1972.", ("23-octubre-1972", "DATE")),
    ("poliposis laríngea en dos ocasiones en 1993 y 1994.", ("1994", "DATE")),
    ("neoplasia renal (1999 y 2002), inhabilitado", ("1999", "DATE")),
    ("neoplasia renal (1999 y 2002), inhabilitado", ("2002", "DATE")),
    ("Entre 2001 y 2005, el niño fue intervenido", ("2001", "DATE")),
    # ages
    ("Paciente de 70 años de edad, minero jubilado", ("70 años", "AGE")),
    ("Edad: 70 años Sexo: H.", ("70 años", "AGE")),
    ("Varón de 45 años que consulta por dolor", ("45 años", "AGE")),
    ("lactante de 18 meses de edad con fiebre", ("18 meses", "AGE")),
    ("recién nacido de 3 días de vida", ("3 días", "AGE")),
    ("niña de siete años remitida", ("siete años", "AGE")),
    # identifiers
    ("NHC: 368503.", ("368503", "MEDICALRECORD")),
    ("nhc-4567123.", ("4567123", "MEDICALRECORD")),
    ("NASS: 26 63514095.", ("26 63514095", "HEALTHPLAN")),
    ("NASS: 28 12345678 90.", ("28 12345678 90", "HEALTHPLAN")),
    ("Médico: Ignacio Navarro NºCol: 28 28 70973.", ("28 28 70973", "LICENSE")),
    ("DNI 12345678Z, natural de Lugo", ("12345678Z", "IDNUM")),
    ("NIE X1234567L", ("X1234567L", "IDNUM")),
    ("con DNI 12.345.678-Z", ("12.345.678-Z", "IDNUM")),
    ("nº de episodio: 8934751", ("8934751", "ACCOUNT")),
    # contacts
    ("Teléfono: 912 345 678", ("912 345 678", "PHONE")),
    ("Tlf. 91 234 56 78", ("91 234 56 78", "PHONE")),
    ("móvil 654321987", ("654321987", "PHONE")),
    ("llamar al +34 945 007 000", ("+34 945 007 000", "PHONE")),
    ("Fax: 945 007 359", ("945 007 359", "FAX")),
    ("E-mail: nnavcu@hotmail.com.", ("nnavcu@hotmail.com", "EMAIL")),
    ("Correo: isabel.fuente@sespa.princast.es", ("isabel.fuente@sespa.princast.es", "EMAIL")),
    ("ver www.hospital-ejemplo.es/citas", ("www.hospital-ejemplo.es/citas", "URL")),
    # locations
    ("CP: 28016.", ("28016", "ZIP")),
    ("C.P. 08036 Barcelona", ("08036", "ZIP")),
    ("c/ del Abedul 5-7, 2º dcha 28036 Madrid, España", ("28036", "ZIP")),
    ("Domicilio: Calle Miguel Benitez 90.", ("Calle Miguel Benitez 90", "STREET")),
    ("Remitido por: Dr. X c/ del Abedul 5-7, 2º dcha 28036 Madrid",
     ("c/ del Abedul 5-7, 2º dcha", "STREET")),
    ("Avda. de França, s/n. 17007 Girona", ("Avda. de França, s/n", "STREET")),
    ("Paseo de la Castellana, 261. Madrid", ("Paseo de la Castellana, 261", "STREET")),
    ("Domicilio: Calle Carmen Romero, 23, 1D.", ("Calle Carmen Romero, 23, 1D", "STREET")),
    ("C/ Martín de los Heros, 62, 3º D", ("C/ Martín de los Heros, 62, 3º D", "STREET")),
]

NEGATIVE = [
    # durations, doses, scores, ratios, lab values: no date, no age
    ("fumador de 20 cigarrillos / día desde hace 30 años", {"AGE", "DATE"}),
    ("tratamiento durante 2 años con metotrexato", {"AGE"}),
    ("a los 3 meses de la cirugía", {"AGE"}),
    ("gestación de 37 semanas", {"AGE"}),
    ("adenoma de próstata grado I/IV; tensión 120/80 mmHg", {"DATE"}),
    ("dosis de 3/4 de comprimido cada 8 horas", {"DATE"}),
    ("hemoglobina 12.5 g/dl, plaquetas 250.000/mm3", {"DATE", "PHONE", "IDNUM"}),
    ("glucemia de 169 mg/dl y triglicéridos de 456 mg/dl", {"DATE", "AGE", "ZIP"}),
    ("PSA de 1.16 ng/ml, 4 hematíes/ campo y 0-5 leucocitos/campo", {"DATE", "PHONE"}),
    ("seguimiento 2 años después sin recidiva", {"AGE"}),
    ("mar-2 dosis; la dosis de 5-mayo; 2000 y 2004 mg; entre 1900 y 2000 células", {"DATE"}),
    # identifiers with a wrong check letter, or without their field name
    ("DNI 12345678A", {"IDNUM"}),
    ("NIE X1234567A", {"IDNUM"}),
    ("se administraron 1000000 UI de vitamina", {"PHONE", "IDNUM", "MEDICALRECORD"}),
    # phone shapes that are not Spanish numbers
    ("Teléfono: 123 456 789", {"PHONE"}),
    ("recuento 12 345 678", {"PHONE"}),
    # "C/" in posology is not a street; a five-digit count is not a postal code
    ("paracetamol 1 g c/8h si dolor", {"STREET"}),
    ("recuento de 15000 leucocitos", {"ZIP"}),
    ("CD4 de 35000 Copias", {"ZIP"}),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[p[1][0] for p in POSITIVE])
def test_spanish_detectors_find(es_rules, text, expected):
    assert expected in spans(es_rules, text)


@pytest.mark.parametrize("text,forbidden", NEGATIVE, ids=[n[0][:30] for n in NEGATIVE])
def test_spanish_detectors_do_not_claim(es_rules, text, forbidden):
    found = spans(es_rules, text)
    assert not {label for _, label in found} & forbidden, found


def test_validators():
    assert dni_nie("12345678Z") and dni_nie("12.345.678-z") and dni_nie("X1234567L")
    assert dni_nie("Y1234567X") and dni_nie("Z1234567R")
    assert not dni_nie("12345678A") and not dni_nie("1234567Z") and not dni_nie("X12345678L")
    assert spanish_date("03/03/1946") and spanish_date("29/02/2016") and spanish_date("1.2.19")
    assert not spanish_date("31/04/2019") and not spanish_date("29/02/2019")
    assert not spanish_date("13/13/2019") and not spanish_date("03/03/1700")
    assert spanish_phone("912 345 678") and spanish_phone("+34 654 32 19 87")
    assert spanish_phone("0034912345678") and not spanish_phone("512 345 678")
    assert not spanish_phone("91234567")
    assert postal_code("28036") and postal_code("08036") and not postal_code("53000")
    assert not postal_code("00999")


def test_detector_sets_by_language():
    es = {d.name for d in build_detectors_for("es")}
    en = {d.name for d in build_detectors_for("en")}
    assert "es_dni_nie" in es and "es_dni_nie" not in en
    assert build_detectors_for("xx") and {d.name for d in build_detectors_for("xx")} == en
    for detector in build_detectors_for("es"):  # labels are schema labels, as for English
        from spacy_deid import schema

        schema.get_type(detector.label)


def test_english_pipeline_keeps_english_detectors(blank_en):
    blank_en.add_pipe("deid_patterns")
    blank_en.initialize()
    doc = blank_en("DNI 12345678Z. Seen 03/14/2019, MRN: 12345678.")
    labels = {(s.text, s.label_) for s in doc.spans["deid.patterns"]}
    assert ("03/14/2019", "DATE") in labels and ("12345678", "MEDICALRECORD") in labels
    assert not any(label == "IDNUM" and text == "12345678Z" for text, label in labels)


def test_disabling_a_spanish_detector():
    nlp = spacy.blank("es", config=CLINICAL)
    nlp.add_pipe("deid_patterns", config={"disabled_detectors": ["es_street"]})
    nlp.initialize()
    doc = nlp("Calle Mayor 5, 28013 Madrid")
    assert not any(s.label_ == "STREET" for s in doc.spans["deid.patterns"])
    with pytest.raises(ValueError, match="unknown detectors"):
        spacy.blank("es", config=CLINICAL).add_pipe(
            "deid_patterns", config={"disabled_detectors": ["street"]}
        )
