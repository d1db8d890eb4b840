"""The PHI label schema: the one place that knows the labels.

Span labels are the i2b2 2014 PHI types. Each type belongs to one i2b2 category and
is or is not one of the HIPAA Safe Harbor identifiers. Other corpora (MEDDOCAN, a site's
own BRAT or JSONL sets) declare their label sets as a :class:`LabelSet` that maps their
labels onto these types, so every other module asks this one instead of hard-coding labels.

HIPAA flags follow the i2b2 2014 "HIPAA subset" (Stubbs & Uzuner 2015, table 1): PROFESSION,
DEPARTMENT, HOSPITAL, ORGANIZATION, COUNTRY, STATE, LOCATION_OTHER and ROOM are i2b2 PHI but
not Safe Harbor identifiers; AGE counts (Safe Harbor requires ages over 89 to be
aggregated, and i2b2 scores all ages in the HIPAA measure); USERNAME counts as a name/ID.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

# i2b2 2014 categories
NAME = "NAME"
PROFESSION = "PROFESSION"
LOCATION = "LOCATION"
AGE = "AGE"
DATE = "DATE"
CONTACT = "CONTACT"
ID = "ID"
CATEGORIES: Tuple[str, ...] = (NAME, PROFESSION, LOCATION, AGE, DATE, CONTACT, ID)


@dataclass(frozen=True)
class PHIType:
    """One i2b2 2014 PHI type."""

    label: str
    category: str
    hipaa: bool
    description: str


_TYPES: Tuple[PHIType, ...] = (
    PHIType("PATIENT", NAME, True, "patient or relative name"),
    PHIType("DOCTOR", NAME, True, "clinician or staff name"),
    PHIType("USERNAME", NAME, True, "system user name or login"),
    PHIType("PROFESSION", PROFESSION, False, "occupation"),
    PHIType("ROOM", LOCATION, False, "room, bed or ward"),
    PHIType("DEPARTMENT", LOCATION, False, "department or unit"),
    PHIType("HOSPITAL", LOCATION, False, "hospital or clinic name"),
    PHIType("ORGANIZATION", LOCATION, False, "organisation or employer"),
    PHIType("STREET", LOCATION, True, "street address"),
    PHIType("CITY", LOCATION, True, "city or town"),
    PHIType("STATE", LOCATION, False, "state or province"),
    PHIType("COUNTRY", LOCATION, False, "country"),
    PHIType("ZIP", LOCATION, True, "postal code"),
    PHIType("LOCATION_OTHER", LOCATION, False, "other geographic location"),
    PHIType("AGE", AGE, True, "age"),
    PHIType("DATE", DATE, True, "date or date part"),
    PHIType("PHONE", CONTACT, True, "telephone or pager number"),
    PHIType("FAX", CONTACT, True, "fax number"),
    PHIType("EMAIL", CONTACT, True, "e-mail address"),
    PHIType("URL", CONTACT, True, "web address"),
    PHIType("IPADDR", CONTACT, True, "IP address"),
    PHIType("SSN", ID, True, "social security number"),
    PHIType("MEDICALRECORD", ID, True, "medical record number"),
    PHIType("HEALTHPLAN", ID, True, "health plan or insurance number"),
    PHIType("ACCOUNT", ID, True, "account number"),
    PHIType("LICENSE", ID, True, "licence or certificate number"),
    PHIType("VEHICLE", ID, True, "vehicle identifier or plate"),
    PHIType("DEVICE", ID, True, "device identifier or serial"),
    PHIType("BIOID", ID, True, "biometric identifier"),
    PHIType("IDNUM", ID, True, "any other identifying number"),
)

PHI_TYPES: Dict[str, PHIType] = {t.label: t for t in _TYPES}
LABELS: Tuple[str, ...] = tuple(t.label for t in _TYPES)
HIPAA_LABELS: Tuple[str, ...] = tuple(t.label for t in _TYPES if t.hipaa)


# Label groups the NER detectors of the ensemble learn (one detector per group).
DETECTOR_GROUPS: Dict[str, Tuple[str, ...]] = {
    "names": tuple(t.label for t in _TYPES if t.category == NAME),
    "places": tuple(t.label for t in _TYPES if t.category in (LOCATION, PROFESSION)),
    "all": LABELS,
}


def detector_group(name: str) -> Tuple[str, ...]:
    try:
        return DETECTOR_GROUPS[name]
    except KeyError:
        raise ValueError(f"Unknown detector group {name!r}; known: {', '.join(DETECTOR_GROUPS)}") from None


def get_type(label: str) -> PHIType:
    """Return the PHI type for a schema label; raise a clear error for anything else."""
    try:
        return PHI_TYPES[label]
    except KeyError:
        raise ValueError(
            f"Unknown PHI label {label!r}. Known labels: {', '.join(LABELS)}"
        ) from None


def category(label: str) -> str:
    return get_type(label).category


def is_hipaa(label: str) -> bool:
    return get_type(label).hipaa


def labels_in(category_name: str) -> Tuple[str, ...]:
    if category_name not in CATEGORIES:
        raise ValueError(f"Unknown PHI category {category_name!r}; known: {CATEGORIES}")
    return tuple(t.label for t in _TYPES if t.category == category_name)


@dataclass
class LabelSet:
    """Another corpus's label set and how it maps onto the schema.

    ``mapping`` sends each foreign label to a schema label, or to ``None`` for labels
    that are not PHI (they are dropped on conversion, and counted by the caller).
    Matching is case-insensitive; foreign labels keep their own spelling for output.
    """

    name: str
    mapping: Mapping[str, Optional[str]]
    _folded: Dict[str, Optional[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for foreign, target in self.mapping.items():
            if target is not None:
                get_type(target)  # fail early on typos in a declared label set
        self._folded = {k.upper(): v for k, v in self.mapping.items()}

    @property
    def labels(self) -> List[str]:
        return list(self.mapping)

    def __contains__(self, label: str) -> bool:
        return label.upper() in self._folded

    def to_schema(self, label: str) -> Optional[str]:
        """Map a foreign label; ``None`` means "not PHI". Unknown labels raise."""
        key = label.upper()
        if key not in self._folded:
            raise ValueError(
                f"Label {label!r} is not in label set {self.name!r} "
                f"(known: {', '.join(self.mapping)})"
            )
        return self._folded[key]


_LABEL_SETS: Dict[str, LabelSet] = {}


def register_label_set(label_set: LabelSet) -> LabelSet:
    _LABEL_SETS[label_set.name] = label_set
    return label_set


def get_label_set(name: str) -> LabelSet:
    try:
        return _LABEL_SETS[name]
    except KeyError:
        raise ValueError(
            f"Unknown label set {name!r}; known: {', '.join(sorted(_LABEL_SETS))}"
        ) from None


def label_set_names() -> List[str]:
    return sorted(_LABEL_SETS)


# The schema itself, so readers can treat "i2b2" like any other label set.
I2B2 = register_label_set(LabelSet("i2b2", {label: label for label in LABELS}))

# i2b2 2014 XML tags carry TYPE attributes; a few releases spell some differently.
register_label_set(
    LabelSet(
        "i2b2_xml",
        {
            **{label: label for label in LABELS},
            "LOCATION-OTHER": "LOCATION_OTHER",
            "OTHER": "LOCATION_OTHER",
            "MEDICAL_RECORD": "MEDICALRECORD",
            "HEALTH_PLAN": "HEALTHPLAN",
            "ID": "IDNUM",
        },
    )
)

# MEDDOCAN (IberLEF 2019) labels: the Spanish corpus's PHI types (22 used in its data,
# plus the few more its annotation guidelines define).
MEDDOCAN = register_label_set(
    LabelSet(
        "meddocan",
        {
            "NOMBRE_SUJETO_ASISTENCIA": "PATIENT",
            "NOMBRE_PERSONAL_SANITARIO": "DOCTOR",
            "FAMILIARES_SUJETO_ASISTENCIA": "PATIENT",
            "EDAD_SUJETO_ASISTENCIA": "AGE",
            "SEXO_SUJETO_ASISTENCIA": None,  # not an i2b2 type; surrogates keep it
            "FECHAS": "DATE",
            "CALLE": "STREET",
            "TERRITORIO": "CITY",
            "PAIS": "COUNTRY",
            "HOSPITAL": "HOSPITAL",
            "CENTRO_SALUD": "HOSPITAL",
            "INSTITUCION": "ORGANIZATION",
            "PROFESION": "PROFESSION",
            "NUMERO_TELEFONO": "PHONE",
            "NUMERO_FAX": "FAX",
            "CORREO_ELECTRONICO": "EMAIL",
            "URL_WEB": "URL",
            "DIREC_PROT_INTERNET": "IPADDR",
            "ID_SUJETO_ASISTENCIA": "MEDICALRECORD",
            "ID_CONTACTO_ASISTENCIAL": "ACCOUNT",
            "ID_ASEGURAMIENTO": "HEALTHPLAN",
            "ID_TITULACION_PERSONAL_SANITARIO": "LICENSE",
            "ID_EMPLEO_PERSONAL_SANITARIO": "IDNUM",
            "IDENTIF_VEHICULOS_NRSERIE_PROD": "VEHICLE",
            "IDENTIF_DISPOSITIVOS_NRSERIE": "DEVICE",
            "IDENTIF_BIOMETRICOS": "BIOID",
            "NUMERO_IDENTIF": "IDNUM",
            "OTROS_SUJETO_ASISTENCIA": None,
            "OTRO_NUMERO_IDENTIF": "IDNUM",
        },
    )
)

# MEDDOCAN kept native, for pipelines that predict MEDDOCAN's own labels (es_deid): the
# shared task scores exact labels, and the schema merges some of them (patient and relatives
# are both PATIENT; HOSPITAL and CENTRO_SALUD are both HOSPITAL) and has no type for two
# (SEXO_SUJETO_ASISTENCIA, OTROS_SUJETO_ASISTENCIA). Reading BRAT with label set
# "meddocan_native" keeps every MEDDOCAN label as is (spelling normalised to upper case), so
# DocBins and detectors carry native labels; ``MEDDOCAN.to_schema`` still gives each its
# schema type (or None), which is what ``doc.spans["phi"]`` carries (spacy_deid/meddocan.py).
MEDDOCAN_LABELS: Tuple[str, ...] = tuple(MEDDOCAN.mapping)

# Labels the 2019 corpus uses (train and dev): the order of per-label tables.
MEDDOCAN_USED: Tuple[str, ...] = (
    "TERRITORIO", "FECHAS", "EDAD_SUJETO_ASISTENCIA", "NOMBRE_SUJETO_ASISTENCIA",
    "NOMBRE_PERSONAL_SANITARIO", "SEXO_SUJETO_ASISTENCIA", "CALLE", "PAIS",
    "ID_SUJETO_ASISTENCIA", "ID_TITULACION_PERSONAL_SANITARIO", "CORREO_ELECTRONICO",
    "ID_ASEGURAMIENTO", "HOSPITAL", "FAMILIARES_SUJETO_ASISTENCIA", "INSTITUCION",
    "ID_CONTACTO_ASISTENCIAL", "NUMERO_TELEFONO", "PROFESION", "NUMERO_FAX",
    "OTROS_SUJETO_ASISTENCIA", "CENTRO_SALUD", "ID_EMPLEO_PERSONAL_SANITARIO",
)

# Schema label -> the MEDDOCAN label a schema-labelled claim (a rule detector's) votes for.
# Where several MEDDOCAN labels share a schema type, the most frequent reading in MEDDOCAN:
# a rule's PATIENT is the patient, not a relative; a postal code is TERRITORIO (MEDDOCAN
# annotates "CP: 28016" so); a DNI/NIE (IDNUM) is the patient's identifier.
MEDDOCAN_FROM_SCHEMA: Dict[str, str] = {
    "PATIENT": "NOMBRE_SUJETO_ASISTENCIA",
    "DOCTOR": "NOMBRE_PERSONAL_SANITARIO",
    "USERNAME": "NOMBRE_PERSONAL_SANITARIO",
    "PROFESSION": "PROFESION",
    "HOSPITAL": "HOSPITAL",
    "DEPARTMENT": "HOSPITAL",
    "ROOM": "HOSPITAL",
    "ORGANIZATION": "INSTITUCION",
    "STREET": "CALLE",
    "CITY": "TERRITORIO",
    "STATE": "TERRITORIO",
    "ZIP": "TERRITORIO",
    "LOCATION_OTHER": "TERRITORIO",
    "COUNTRY": "PAIS",
    "AGE": "EDAD_SUJETO_ASISTENCIA",
    "DATE": "FECHAS",
    "PHONE": "NUMERO_TELEFONO",
    "FAX": "NUMERO_FAX",
    "EMAIL": "CORREO_ELECTRONICO",
    "URL": "URL_WEB",
    "IPADDR": "DIREC_PROT_INTERNET",
    "SSN": "ID_SUJETO_ASISTENCIA",
    "MEDICALRECORD": "ID_SUJETO_ASISTENCIA",
    "HEALTHPLAN": "ID_ASEGURAMIENTO",
    "ACCOUNT": "ID_CONTACTO_ASISTENCIAL",
    "LICENSE": "ID_TITULACION_PERSONAL_SANITARIO",
    "VEHICLE": "IDENTIF_VEHICULOS_NRSERIE_PROD",
    "DEVICE": "IDENTIF_DISPOSITIVOS_NRSERIE",
    "BIOID": "IDENTIF_BIOMETRICOS",
    "IDNUM": "ID_SUJETO_ASISTENCIA",
}

# Overlap priority among MEDDOCAN labels (the voter's label_priority for es_deid): checked
# shapes first, then dates (a year the date rules found in context is not a record number),
# identifiers, ages, names (patient before staff before relatives), places.
MEDDOCAN_PRIORITY: Tuple[str, ...] = (
    "CORREO_ELECTRONICO", "URL_WEB", "DIREC_PROT_INTERNET", "NUMERO_TELEFONO", "NUMERO_FAX",
    "FECHAS", "ID_SUJETO_ASISTENCIA", "ID_ASEGURAMIENTO", "ID_CONTACTO_ASISTENCIAL",
    "ID_TITULACION_PERSONAL_SANITARIO", "ID_EMPLEO_PERSONAL_SANITARIO", "NUMERO_IDENTIF",
    "OTRO_NUMERO_IDENTIF", "IDENTIF_VEHICULOS_NRSERIE_PROD", "IDENTIF_DISPOSITIVOS_NRSERIE",
    "IDENTIF_BIOMETRICOS", "EDAD_SUJETO_ASISTENCIA", "NOMBRE_SUJETO_ASISTENCIA",
    "NOMBRE_PERSONAL_SANITARIO", "FAMILIARES_SUJETO_ASISTENCIA", "CALLE", "TERRITORIO",
    "PAIS", "HOSPITAL", "CENTRO_SALUD", "INSTITUCION", "PROFESION",
    "SEXO_SUJETO_ASISTENCIA", "OTROS_SUJETO_ASISTENCIA",
)


class NativeLabelSet(LabelSet):
    """A label set whose readers keep the corpus's own labels.

    ``mapping`` is the base set's schema mapping (validated like any other, and what
    :meth:`schema_type` answers), but :meth:`to_schema`, which the corpus readers call,
    returns the native label itself (upper case), also for labels the schema has no type for.
    For corpora whose pipelines predict their own labels (MEDDOCAN for es_deid).
    """

    def __init__(self, name: str, base: LabelSet) -> None:
        self.base = base
        super().__init__(name, dict(base.mapping))

    def to_schema(self, label: str) -> Optional[str]:
        """The native label (canonical upper-case spelling); unknown labels raise."""
        LabelSet.to_schema(self, label)
        return label.upper()

    def schema_type(self, label: str) -> Optional[str]:
        """The schema type of a native label, or None (no schema type)."""
        return LabelSet.to_schema(self, label)


MEDDOCAN_NATIVE = register_label_set(NativeLabelSet("meddocan_native", MEDDOCAN))

for _label in MEDDOCAN_USED + MEDDOCAN_PRIORITY + tuple(MEDDOCAN_FROM_SCHEMA.values()):
    MEDDOCAN.to_schema(_label)  # fail at import on a typo in the tables above
for _label in MEDDOCAN_FROM_SCHEMA:
    get_type(_label)
del _label


# A coarse set that many tools (Presidio, Philter, BioBERT de-id models) emit.
register_label_set(
    LabelSet(
        "coarse",
        {
            "NAME": "PATIENT",
            "PERSON": "PATIENT",
            "AGE": "AGE",
            "DATE": "DATE",
            "DATE_TIME": "DATE",
            "ID": "IDNUM",
            "CONTACT": "PHONE",
            "PHONE_NUMBER": "PHONE",
            "EMAIL_ADDRESS": "EMAIL",
            "LOCATION": "LOCATION_OTHER",
            "US_SSN": "SSN",
            "IP_ADDRESS": "IPADDR",
            "URL": "URL",
            "PROFESSION": "PROFESSION",
        },
    )
)


def map_labels(labels: Iterable[str], label_set: str) -> List[Optional[str]]:
    ls = get_label_set(label_set)
    return [ls.to_schema(label) for label in labels]
