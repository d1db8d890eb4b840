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
