"""Spanish surrogates (locale es_ES): names, dates, phones, DNI/NIE, places; the component's
locale choice and the MEDDOCAN labels without a schema type (native_modes)."""

import datetime as dt
import re
from pathlib import Path

import pytest
import spacy
from faker.providers.person.es_ES import Provider as EsES
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from spacy_deid.io.notes import Note
from spacy_deid.io.outputs import annotation_record

from spacy_deid.patterns.detectors_es import DNI_LETTERS, dni_nie
from spacy_deid.runner import Result
from spacy_deid.surrogate import spanish
from spacy_deid.surrogate.common import fold
from spacy_deid.surrogate.engine import SurrogateConfig, SurrogateEngine
from spacy_deid.surrogate.names import SPANISH, name_pools

from surrogate_helpers import replace_mentions

ENGINE = SurrogateEngine(b"es-test-key", SurrogateConfig(locale="es_ES"))
POOLS = name_pools(SPANISH)
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")


def run(text, items, pid=None, engine=ENGINE):
    return replace_mentions(engine, text, items, pid)


def one(label, value, pid="p1", engine=ENGINE):
    return run(f"x {value} x", [(value, label)], pid, engine)[0]


def pool_words(table):
    return {fold(n) for bucket in table.values() for n in bucket}


PATIENT_GIVEN = pool_words(POOLS.given[("U", 0)])
PATIENT_FAMILY = pool_words(POOLS.family[0])
DOCTOR_FAMILY = pool_words(POOLS.family[1])
ES_FAMILY = {fold(n) for n in EsES.last_names}
ES_GIVEN = {fold(n) for n in EsES.first_names_male + EsES.first_names_female}

# -- names -----------------------------------------------------------------------------------


def test_full_name_gets_a_given_name_and_two_spanish_surnames_and_variants_follow():
    text = ("María García López ingresa. La Sra. García refiere dolor. "
            "GARCÍA LÓPEZ, MARÍA. M.G.L.")
    full, sra, upper, initials = run(
        text,
        [("María García López", "PATIENT"), ("García", "PATIENT"),
         ("GARCÍA LÓPEZ, MARÍA", "PATIENT"), ("M.G.L.", "PATIENT")],
    )
    given, first, second = full.split()
    assert fold(given) in PATIENT_GIVEN
    assert fold(given) in {fold(n) for n in EsES.first_names_female}
    assert {fold(first), fold(second)} <= PATIENT_FAMILY and fold(first) != fold(second)
    assert {fold(given), fold(first), fold(second)}.isdisjoint({"maria", "garcia", "lopez"})
    assert sra == first  # "Sra. García": the same first surname
    assert upper == f"{first} {second}, {given}".upper()
    assert initials == f"{given[0]}.{first[0]}.{second[0]}.".upper()


def test_patient_and_doctor_names_come_from_disjoint_pools():
    assert PATIENT_FAMILY.isdisjoint(DOCTOR_FAMILY)
    pat, doc = run("Juan Pérez Ruiz y Dr. Pérez Ruiz",
                   [("Juan Pérez Ruiz", "PATIENT"), ("Pérez Ruiz", "DOCTOR")])
    assert {fold(w) for w in doc.split()} <= DOCTOR_FAMILY
    assert set(pat.split()[1:]).isdisjoint(doc.split())


given_names = st.sampled_from(sorted(set(EsES.first_names_male) ^ set(EsES.first_names_female)))
surnames = st.sampled_from(sorted(EsES.last_names))


@settings(max_examples=120, deadline=None)
@given(given=given_names, a=surnames, b=surnames, pid=st.text(min_size=1, max_size=6))
def test_any_spanish_name_keeps_its_form_gender_and_patient_consistency(given, a, b, pid):
    assume(fold(a) != fold(b) and " " not in a + b + given)
    assume(fold(a) not in ES_GIVEN and fold(b) not in ES_GIVEN)
    name = f"{given} {a} {b}"
    new = one("PATIENT", name, pid)
    parts = new.split()
    assert len(parts) == 3
    assert all(fold(x) != fold(y) for x, y in zip(parts, name.split()))
    male = given in EsES.first_names_male
    pool = EsES.first_names_male if male else EsES.first_names_female
    assert parts[0] in pool
    # another note of the same patient, another form: the same fake person
    other = run(f"Paciente: {a.upper()} {b.upper()}, {given.upper()}",
                [(f"{a.upper()} {b.upper()}, {given.upper()}", "PATIENT")], pid)[0]
    assert other == f"{parts[1]} {parts[2]}, {parts[0]}".upper()


# -- dates -----------------------------------------------------------------------------------

FORMATS = {
    "dd/mm/yyyy": (lambda d: d.strftime("%d/%m/%Y"), r"\d\d/\d\d/\d{4}"),
    "dd-mm-yyyy": (lambda d: d.strftime("%d-%m-%Y"), r"\d\d-\d\d-\d{4}"),
    "d de mes de yyyy": (
        lambda d: f"{d.day} de {MONTHS[d.month - 1]} de {d.year}", r"\d{1,2} de [a-z]+ de \d{4}"
    ),
}


def read_es(text):
    m = re.fullmatch(r"(\d{1,2}) de ([a-z]+) de (\d{4})", text)
    if m:
        return dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    for fmt in ("%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


dates = st.dates(dt.date(1930, 1, 1), dt.date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(d1=dates, d2=dates, f1=st.sampled_from(sorted(FORMATS)),
       f2=st.sampled_from(sorted(FORMATS)), pid=st.text(min_size=1, max_size=6))
def test_dates_keep_their_spanish_format_and_one_offset_per_patient(d1, d2, f1, f2, pid):
    v1, v2 = FORMATS[f1][0](d1), FORMATS[f2][0](d2)
    n1 = one("DATE", v1, pid)
    n2 = run(f"Control el {v2}.", [(v2, "DATE")], pid)[0]  # another note
    assert re.fullmatch(FORMATS[f1][1], n1) and re.fullmatch(FORMATS[f2][1], n2)
    s1, s2 = read_es(n1), read_es(n2)
    assert s1 != d1 and (s1 - d1) == (s2 - d2)
    assert -365 <= (s1 - d1).days <= -30


def test_partial_spanish_dates_ages_and_years():
    text = ("el 3 de enero; marzo de 2019; Marzo 2019; 12/03/2019; 2005; 92 años; 65 años; "
            "15 meses")
    items = [("el 3 de enero", "DATE"), ("marzo de 2019", "DATE"), ("Marzo 2019", "DATE"),
             ("12/03/2019", "DATE"), ("2005", "DATE"), ("92 años", "AGE"), ("65 años", "AGE"),
             ("15 meses", "AGE")]
    day, month_year, title_month, numeric, year, old, age, baby = run(text, items, "p9")
    assert re.fullmatch(r"el \d{1,2} de [a-z]+", day) and day != "el 3 de enero"
    m = re.fullmatch(r"([a-z]+) de (\d{4})", month_year)
    assert m and m.group(1) in MONTHS and month_year != "marzo de 2019"
    assert re.fullmatch(r"[A-Z][a-z]+ \d{4}", title_month)
    assert title_month.lower() == month_year.replace(" de", "")
    offset = read_es(numeric) - dt.date(2019, 3, 12)  # day first: 12 March
    assert -365 <= offset.days <= -30
    assert re.fullmatch(r"\d{4}", year) and year != "2005"
    assert (old, age, baby) == ("90+ años", "65 años", "15 meses")
    words = ["diez años", "tres meses y medio", "noventa y dos años", "ciento un años"]
    assert run("; ".join(words), [(w, "AGE") for w in words], "p9") == [
        "diez años", "tres meses y medio", "90+ años", "90+ años"]


# -- identifiers, phones, postcodes ----------------------------------------------------------


def dni_value(n):
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


@settings(max_examples=100, deadline=None)
@given(n=st.integers(10_000_000, 99_999_999), sep=st.sampled_from(["", "-", " "]),
       lower=st.booleans(), label=st.sampled_from(["IDNUM", "MEDICALRECORD"]))
def test_dni_gets_a_new_number_with_a_valid_letter_in_the_same_form(n, sep, lower, label):
    value = dni_value(n)
    value = value[:8] + sep + (value[8].lower() if lower else value[8])
    new = one(label, value)
    assert dni_nie(new) and new != value
    assert len(new) == len(value) and new[8:-1] == sep and new[-1].islower() == lower


@settings(max_examples=60, deadline=None)
@given(lead=st.sampled_from("XYZ"), n=st.integers(0, 9_999_999))
def test_nie_gets_a_valid_nie(lead, n):
    value = f"{lead}{n:07d}{DNI_LETTERS[int(str('XYZ'.index(lead)) + f'{n:07d}') % 23]}"
    new = one("IDNUM", value)
    assert dni_nie(new) and new[0] in "XYZ" and len(new) == 9 and new != value


def test_nass_keeps_its_control_digits_and_other_ids_their_shape():
    nass = one("HEALTHPLAN", "28 23748589 45")
    digits = nass.replace(" ", "")
    assert re.fullmatch(r"\d\d \d{8} \d\d", nass) and digits != "282374858945"
    assert 1 <= int(digits[:2]) <= 52 and int(digits[:10]) % 97 == int(digits[10:])
    nhc = one("MEDICALRECORD", "2547916")
    assert re.fullmatch(r"[1-9]\d{6}", nhc) and nhc != "2547916"


@pytest.mark.parametrize(
    "value,shape,first",
    [("+34 600 12 34 56", r"\+34 \d{3} \d\d \d\d \d\d", "67"),
     ("967 597 100", r"\d{3} \d{3} \d{3}", "9"),
     ("670.97.10.26", r"\d{3}\.\d\d\.\d\d\.\d\d", "67"),
     ("948537965", r"\d{9}", "9")],
)
def test_spanish_phones_keep_prefix_grouping_and_kind(value, shape, first):
    new = one("PHONE", value)
    assert re.fullmatch(shape, new) and new != value
    national = re.sub(r"\D", "", new)[-9:]
    assert national[0] in first and len(national) == 9


@settings(max_examples=50, deadline=None)
@given(code=st.integers(1000, 52999))
def test_postcodes_have_a_province_prefix(code):
    value = f"{code:05d}"
    new = one("ZIP", value)
    assert re.fullmatch(r"\d{5}", new) and new != value and 1 <= int(new[:2]) <= 52


# -- places ----------------------------------------------------------------------------------


def test_streets_keep_type_numbering_and_their_name_across_forms():
    a, b = run("C/ Mayor 12, 3ºB y Calle Mayor, s/n",
               [("C/ Mayor 12, 3ºB", "STREET"), ("Calle Mayor, s/n", "STREET")])
    m = re.fullmatch(r"C/ (.+) ([1-9]\d), ([1-9])º([A-Z])", a)
    assert m and m.group(1) != "Mayor"
    assert b == f"Calle {m.group(1)}, s/n"


def test_territories_hospitals_and_countries_stay_spanish_and_of_their_kind():
    prov, region, town, hosp, country = run(
        "Sevilla, Andalucía, Jerez de la Frontera, Hospital Universitario La Paz, España",
        [("Sevilla", "CITY"), ("Andalucía", "CITY"), ("Jerez de la Frontera", "CITY"),
         ("Hospital Universitario La Paz", "HOSPITAL"), ("España", "COUNTRY")],
    )
    assert prov in spanish.provinces() and prov != "Sevilla"
    assert region in spanish.comunidades() and region != "Andalucía"
    assert town in spanish.TOWNS + spanish.provinces() and town != "Jerez de la Frontera"
    assert hosp.startswith("Hospital Universitario La ") and hosp != "Hospital Universitario La Paz"
    assert country in spanish.countries() and country != "España"
    general = one("HOSPITAL", "Hospital General")
    assert general.startswith("Hospital General de ")


def test_same_key_same_output_and_another_key_another():
    text = "María García López, DNI 12345678Z, tel. 967 597 100, 12/03/2019"
    items = [("María García López", "PATIENT"), ("12345678Z", "IDNUM"),
             ("967 597 100", "PHONE"), ("12/03/2019", "DATE")]
    again = SurrogateEngine(b"es-test-key", SurrogateConfig(locale="es_ES"))
    other = SurrogateEngine(b"another-key", SurrogateConfig(locale="es_ES"))
    assert run(text, items, "p") == run(text, items, "p", again)
    assert run(text, items, "p") != run(text, items, "p", other)


# -- the component ---------------------------------------------------------------------------


def pipe(lang, **cfg):
    nlp = spacy.blank(lang)
    return nlp.add_pipe("deid_surrogates", config=cfg)


def test_locale_follows_the_pipeline_language_unless_set():
    assert pipe("es").surrogate_config.locale == "es_ES"
    assert pipe("en").surrogate_config.locale == "en_US"
    assert pipe("es", locale="en_US").surrogate_config.locale == "en_US"
    with pytest.raises(ValueError, match="locale"):
        pipe("es", locale="fr_FR")


def test_native_labels_without_schema_type_are_replaced_as_configured(monkeypatch):
    monkeypatch.setenv("SPACY_DEID_KEY", "k")
    nlp = spacy.blank("es")
    surr = nlp.add_pipe("deid_surrogates", config={
        "native_key": "phi.meddocan", "native_modes": {"OTROS_SUJETO_ASISTENCIA": "tag"}})
    doc = nlp.make_doc("Varón de 45 años , origen español , ingresa el 12/03/2019 .")
    date = Span(doc, 10, 11, label="DATE")
    doc.spans["phi"] = [date]
    doc.spans["phi.meddocan"] = [Span(doc, 0, 1, label="SEXO_SUJETO_ASISTENCIA"),
                                 Span(doc, 5, 7, label="OTROS_SUJETO_ASISTENCIA"),
                                 Span(doc, 10, 11, label="FECHAS")]
    out = surr(doc)._.deid_text
    assert out.startswith("Varón de 45 años , [OTROS_SUJETO_ASISTENCIA] , ingresa el ")
    assert "12/03/2019" not in out and re.search(r"\d\d/\d\d/\d{4} \.$", out)
    assert [e.label for e in doc._.deid_offsets] == ["OTROS_SUJETO_ASISTENCIA", "DATE"]
    # annotations.jsonl lists every replacement, the native-only one included.
    record = annotation_record(Result(Note("n1", doc.text, None, Path("n1.txt"), None, Path("n1.txt")), doc))
    assert [(s["label"], s["surrogate"]) for s in record["spans"]][0] == (
        "OTROS_SUJETO_ASISTENCIA", "[OTROS_SUJETO_ASISTENCIA]")
    assert [s["label"] for s in record["spans"]] == ["OTROS_SUJETO_ASISTENCIA", "DATE"]
    with pytest.raises(ValueError, match="no surrogate generator"):
        pipe("es", native_key="phi.meddocan", native_modes={"SEXO_SUJETO_ASISTENCIA": "surrogate"})
