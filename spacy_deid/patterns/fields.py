"""Field-aware rules: a lexicon of field labels per PHI type, and the free-text shapes that
notes written by others use and the generator never did.

**Fields.** :data:`FIELD_LABELS` lists, per PHI type, the labels that introduce a value in
headers, banners, forms, tables and sign-off lines ("Pt", "Patient Name", "RE:", "Unit No",
"ICN", "MR#", "Technician", "Grossed by", "Transcribed", "Dictated by", "user", "Location",
"Bed", "ED Room", "Encounter #", "CSN", "FIN"...), with abbreviations and spellings. A field
is read as ``Label: value``, ``Label # value``, ``Label | value`` (a table cell) or ``Label
value``, and the value must have its type's shape (:data:`VALUE_SHAPES`): a name is made of
name-shaped words that are not all ordinary words ("Patient: Alert and oriented" is no name),
an ID has a digit, a room a designator. Values stop at the end of the line, at two spaces
(the next column) or at the next field.

**Free text** (:func:`build_free_text_detectors`): un-labelled banner names "LAST, FIRST M"
(capitals, or title case at a line start) whose given name is in the name lists; sign-off
initials ("-DA", "JS/kl", "/DKH" at a line end, "by RTK", "Tech: JLQ"); log-ins after a verb
("sent by jdoe2", "edited by WONGL"); month/day dates in table rows and date lists ("3/4",
"(7/3)") outside scores, strengths and doses; weekday abbreviations ("Thu & Fri", "on
Tue/Sat", "HD2 (Wed)"); ordinal days ("on the 15th"); floors ("2nd floor"); ages in prose
("He's 81", "when she was 6", "(58, dental hygienist)", "Dakota, 14, 8th grade");
professions after "works as a", "is a ... at".

Every rule has positive and negative cases in ``tests/data/pattern_cases/``.
"""
import re
from functools import lru_cache
from typing import Dict, List, Tuple

from ..lexicon import (CREDENTIALS, EPONYMS, TITLES, all_person_names, frequent_words, person_names,
                       plain_words)
from ..known_phi import CLINICAL_ABBREVIATIONS as _CLIN
from .validators import numeric_date as _numeric_date
from .detectors import (STATES_ABBR, ROOM_REJECT_AFTER, ROOM_REJECT_BEFORE, SCORE_AFTER, SCORE_BEFORE, UNIT_AFTER,
                        Detector)

# --------------------------------------------------------------------------- the lexicon

FIELD_LABELS: Dict[str, Tuple[str, ...]] = {
    "PATIENT": (
        "patient", "pt", "pt name", "patient name", "patient's name", "name", "full name",
        "legal name", "preferred name", "goes by", "aka", "alias", "nickname", "known as", "re", "regarding", "subject",
        "member", "member name", "subscriber", "subscriber name", "insured", "insured name",
        "beneficiary", "enrollee", "client", "client name", "resident", "resident name",
        "guarantor", "responsible party", "emergency contact", "contact", "contact person",
        "next of kin", "nok", "hcp", "health care proxy", "healthcare proxy", "health care agent",
        "poa", "dpoa", "power of attorney", "guardian", "legal guardian", "parent", "parent/guardian",
        "parents", "mother", "mother's name", "father", "father's name", "spouse", "wife",
        "husband", "partner", "caregiver", "primary caregiver", "child", "child's name", "infant",
        "baby", "baby's name", "newborn", "sibling", "siblings", "from proxy", "proxy",
        "accompanied by", "informant", "historian", "source", "collateral", "visitor",
        "decedent", "donor name", "recipient", "recipient name", "last name", "first name",
        "surname", "given name", "pt last", "pt first", "patient last name", "patient first name",
    ),
    "DOCTOR": (
        "attending", "attending physician", "attending md", "attending of record", "physician",
        "provider", "provider name", "treating provider", "rendering provider", "billing provider",
        "servicing provider", "pcp", "primary care", "primary care physician", "primary care provider",
        "primary md", "referring", "referring physician", "referring provider", "referring md",
        "ref md", "ref phys", "referred by", "ordering", "ordering provider", "ordering physician",
        "ordering md", "ordered by", "requested by", "requesting provider", "surgeon",
        "primary surgeon", "assistant", "assistant surgeon", "assist", "first assist",
        "anesthesiologist", "anesthesia", "anesthetist", "crna", "resident", "fellow", "intern",
        "consultant", "consulting physician", "consulted", "cardiologist", "oncologist",
        "nephrologist", "psychiatrist", "therapist", "counselor", "dictated by", "dictating",
        "dictated", "transcribed by", "transcribed", "transcriptionist", "signed by",
        "electronically signed by", "e-signed by", "signed", "cosigned by", "co-signed by",
        "countersigned by", "verified by", "validated by", "authenticated by", "approved by",
        "documented by", "entered by", "reviewed by", "reviewed with", "discussed with",
        "read by", "interpreted by", "reading physician", "reading radiologist", "performed by",
        "procedure by", "technician", "technologist", "tech", "sonographer", "grossed by",
        "gross by", "prosector", "prepared by", "pathologist", "cytotechnologist", "radiologist",
        "nurse", "rn", "lpn", "primary nurse", "charge nurse", "bedside nurse", "np", "pa",
        "midwife", "case manager", "cm", "social worker", "sw", "msw", "pharmacist", "rph",
        "dietitian", "chaplain", "interpreter", "cc", "copy to", "copies to", "attn", "attention",
        "author", "clinician", "seen by", "examined by", "evaluated by", "phys", "md", "dr",
        "doctor", "crew", "crew member", "medic", "paramedic", "emt", "driver", "preceptor",
        "supervising physician", "supervisor", "hospitalist", "intensivist", "covering",
        "on call", "on-call", "sign out to", "signed out to", "handoff to", "accepting",
        "accepting physician", "receiving physician", "from", "to", "sender", "recipient md",
        "reviewer", "reviewing physician", "medical director", "peer reviewer", "nurse reviewer",
        "care coordinator", "coordinator", "navigator", "scribe",
    ),
    "USERNAME": (
        "user", "user id", "userid", "user name", "username", "login", "log-in", "logon",
        "login id", "sign-on", "sign on", "network id", "epic id", "portal id", "portal user",
        "account user", "sent by user", "edited by user", "operator", "operator id", "proxy",
        "from proxy", "proxy user",
    ),
    "MEDICALRECORD": (
        "mrn", "mr#", "mr #", "mr no", "mr no.", "mr number", "med rec", "med rec #",
        "med rec no", "medical record", "medical record #", "medical record number",
        "medical record no", "record #", "record no", "record number", "unit no", "unit no.",
        "unit #", "unit number", "hospital no", "hospital #", "hospital number", "hosp #",
        "hosp no", "chart", "chart #", "chart no", "chart number", "icn", "va icn", "patient id",
        "pt id", "patient #", "pt #", "mpi", "empi", "mpi #", "person id", "reg #", "reg no",
        "registration #", "hx #", "case no", "clinic #", "clinic number", "ssn/mrn",
    ),
    "ACCOUNT": (
        "account", "account #", "account no", "account number", "acct", "acct #", "acct no",
        "fin", "fin #", "fin no", "csn", "csn #", "encounter", "encounter #", "encounter no",
        "encounter number", "encounter id", "enc", "enc #", "visit #", "visit no", "visit id",
        "visit number", "har", "har #", "billing #", "billing account", "episode", "episode #",
        "episode id", "admission #", "adm #", "patient account", "pt acct", "guarantor #",
        "invoice", "invoice #", "statement #", "log #", "ed log #",
    ),
    "HEALTHPLAN": (
        "member id", "member #", "member no", "member number", "mem id", "subscriber id",
        "subscriber #", "subscriber no", "group", "group #", "group no", "group number", "grp",
        "grp #", "policy", "policy #", "policy no", "policy number", "plan id", "plan #",
        "medicare id", "medicare #", "mbi", "hicn", "medicaid id", "medicaid #", "insurance id",
        "ins id", "ins #", "id #", "beneficiary id", "rx bin", "rx pcn", "rx group", "cin",
    ),
    "IDNUM": (
        "claim", "claim #", "claim no", "claim number", "claim id", "case #", "case id",
        "case number", "case ref", "reference", "reference #", "reference no", "ref #", "ref no",
        "auth", "auth #", "authorization", "authorization #", "authorization number",
        "prior auth", "prior auth #", "pa #", "pa number", "tracking #", "tracking number",
        "order #", "order no", "order number", "order id", "accession", "accession #",
        "accession no", "specimen", "specimen #", "specimen id", "job", "job #", "job no",
        "job id", "document id", "doc id", "doc #", "confirmation", "confirmation #", "ticket",
        "ticket #", "incident", "incident #", "incident no", "run #", "run no", "run number",
        "pcr #", "npi", "npi #", "tax id", "tin", "rx #", "rx no", "prescription #", "req #",
        "requisition", "requisition #", "lab #", "lab no", "slide", "block", "kit #", "barcode",
        "appeal #", "grievance #", "file #", "file no", "control #", "control no", "batch",
    ),
    "ROOM": (
        "room", "rm", "rm #", "room #", "room no", "bed", "bed #", "bay", "unit", "location",
        "loc", "pt location", "patient location", "ward", "floor", "ed room", "er room",
        "ed bed", "er bed", "cubicle", "pod", "station", "nursing unit", "room/bed", "rm/bed",
        "bed/room", "current location",
    ),
    "PHONE": (
        "phone", "phone #", "phone no", "ph", "ph #", "tel", "tel.", "telephone", "cell",
        "cell #", "cell phone", "mobile", "mobile #", "home", "home #", "home phone", "work",
        "work #", "work phone", "cb", "cb #", "callback", "call back", "call-back", "contact #",
        "contact no", "direct", "direct line", "direct #", "office", "office #", "office phone",
        "clinic line", "nurse line", "pager", "pgr", "beeper", "bpr", "ext", "ext.", "extension",
        "voicemail", "vm", "main", "main line", "after hours", "on-call line", "hotline",
        "text", "sms", "tty", "daytime", "evening", "emergency phone", "alt phone", "alt #",
        "secondary phone", "primary phone", "preferred phone", "p", "ph:", "t", "c", "h", "w",
        "m",
    ),
    "FAX": ("fax", "fax #", "fax no", "fax number", "f", "fx", "facsimile", "efax", "e-fax"),
    "HOSPITAL": (
        "facility", "facility name", "hospital", "admitting facility", "discharge facility",
        "referring facility", "receiving facility", "destination", "transported to",
        "transport to", "sending facility", "practice", "clinic", "site", "location of service",
        "place of service", "nursing home", "snf", "rehab", "dialysis unit", "dialysis center",
    ),
    "ORGANIZATION": (
        "employer", "employer name", "school", "daycare", "day care", "insurer", "insurance",
        "insurance company", "payer", "payor", "carrier", "health plan", "agency",
        "home health agency", "hospice agency", "pharmacy", "preferred pharmacy", "church",
        "company", "organization", "vendor", "supplier", "dme vendor", "dme supplier",
    ),
}

# --------------------------------------------------------------------------- value shapes

_UPPER = "A-ZÀ-ÖØ-Þ"
# A name word: an initial with its dot, or a capitalised word (never a dot after a word, so
# a value stops at the end of a sentence: "Dr. Lee. To: ...").
_NAME_WORD = r"(?:[" + _UPPER + r"]\.|[" + _UPPER + r"][^\W\d_]*(?:['’\-][^\W\d_]+)*)"
# A comma joins "LAST, FIRST", never a credential ("J. Smith, MD, Lic").
_NO_CREDENTIAL = r"(?!(?i:" + "|".join(sorted(CREDENTIALS, key=len, reverse=True)).replace("-", r"\-") + r"|lic|license)\b)"
_NAME_VALUE = (r"(?-i:" + _NAME_WORD + r"(?:(?:,[ ]?" + _NO_CREDENTIAL + r"|[ ](?:(?:de|del|de la|la|van|von|der|da|dos|di|le)[ ])?)"
               + _NAME_WORD + r"){0,3})")
_INITIALS = r"(?-i:[A-Z]{2,4}|[a-z]{2,4})"
_ID = r"(?=[A-Za-z0-9\-./ ]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[\-./](?=[A-Za-z0-9])|[ ](?=\d{2,}))*"
_EXTENSION = r"(?:[ ]?(?:x|ext\.?|extension)[ ]?\d(?:-?\d){0,5})?"
_PHONE = (r"(?:(?:\+?1[\s.\-/]?)?(?:\(\s*\d{3}\s*\)\s*|\d{3}[\s.\-/]?)\d{3}[\s.\-]?\d{4}"
          r"|\d{3}[\s.\-]\d{4}|\d-\d{4}|\d{4,5})" + _EXTENSION)
_ROOM = (r"(?:\d{1,2}\s?(?:(?i:north|south|east|west)|N|S|E|W)\b[\s\-]*)?"
         r"(?:[A-Z][a-z]+\s\d{1,4}[A-Z]?|[A-Z]{0,3}\d{1,4}[A-Z]?(?:[\-/][A-Z0-9]{1,4}){0,2}|[A-Z]{1,3}-\d{1,4}[A-Z]?|"
         r"(?:resus|trauma|triage|hall|hallway|fast\s?track|obs|pod)\s?[A-Z0-9]{1,3})")
_ORG = r"[A-Z][\w&'’.\-]*(?:[ ](?:of|the|and|&|for|de|at)?[ ]?[A-Z0-9][\w&'’.\-]*){0,6}"
_LOGIN = r"[A-Za-z][A-Za-z0-9._\-]{1,30}[A-Za-z0-9]"

_TITLE = r"(?:(?i:dr|mr|mrs|ms|miss|mx|prof)\.?[ ]+)?[\"“']?"
VALUE_SHAPES: Dict[str, str] = {
    "PATIENT": _NAME_VALUE,
    "DOCTOR": _NAME_VALUE + r"|" + _INITIALS,
    "USERNAME": _LOGIN,
    "MEDICALRECORD": _ID,
    "ACCOUNT": _ID,
    "HEALTHPLAN": _ID,
    "IDNUM": _ID,
    "ROOM": _ROOM,
    "PHONE": _PHONE,
    "FAX": _PHONE,
    "HOSPITAL": _ORG,
    "ORGANIZATION": _ORG,
}
# Separators between a label and its value: colon, hash, equals, a table bar or tab, "is".
_SEP = r"(?:[ \t]*[:#=|][ \t]*(?:#[ \t]*)?|\t+[ \t]*|[ ]{1,3}(?:is[ ]|was[ ]|of[ ])?)"
_NOT_VALUES = frozenset("""
unknown none na n/a nil pending same self declined deceased refused not applicable see above
below yes no ok tbd unk other deferred required optional male female
""".split())


_names = all_person_names


def _words(text: str) -> List[str]:
    return re.findall(r"[^\W\d_]+", text)


def name_value(text: str) -> bool:
    """Not a phrase of ordinary words: some word is listed as a name or is no plain word."""
    words = _words(text)
    if not words or text.lower() in _NOT_VALUES:
        return False
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 3:
        return False  # "SSN", "NPI", "EP": a field abbreviation, not a surname
    plain = plain_words()
    names = _names()
    if len(words) == 1:  # one word alone must be a listed name ("To: Cardiology" is not)
        return words[0].lower() in names and words[0].lower() not in plain
    # Several words: a listed name among them, or two words that are no ordinary word,
    # eponym or abbreviation ("General LMA" is not a name).
    if any(w.lower() in names and w.lower() not in plain for w in words):
        return True
    odd = [w for w in words if len(w) > 1 and w.lower() not in plain and w.lower() not in EPONYMS
           and w.lower() not in TITLES and not (w.isupper() and len(w) <= 4)]
    return len(odd) >= 2


def initials_or_name(text: str) -> bool:
    if re.fullmatch(_INITIALS, text):
        if text.islower():  # "rjm", not "tan" or "list"
            return text not in frequent_words("en", 30000)
        return text not in _ABBREVIATIONS and text.lower() not in CREDENTIALS
    return name_value(text)


_GENERIC_ORG_WORDS = frozenset("""
home health care medical center centre clinic clinics hospital hospitals department dept
inpatient outpatient medicare medicaid services service unit units the of and for day
cardiology oncology radiology neurology surgery pediatrics primary urgent emergency family
medicine general private public local state county none unknown other same see above
""".split())


def org_value(text: str) -> bool:
    """A name, not a description: several words not all generic ("Home Health", "Clinic:
    Cardiology" are not), or one word that is an initialism or no frequent word."""
    words = _words(text)
    if not words:
        return False
    if len(words) == 1:
        w = words[0]
        if w.isupper():
            return 2 <= len(w) <= 6 and w not in _ABBREVIATIONS
        return w.lower() not in frequent_words("en", 60000) and w.lower() not in _GENERIC_ORG_WORDS
    return not all(w.lower() in _GENERIC_ORG_WORDS for w in words)


def id_value(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 3 and len(text.replace(" ", "")) >= 4


def login_value(text: str) -> bool:
    """A log-in shape: a digit, dot, underscore or hyphen, or a word no dictionary has."""
    low = text.lower()
    if low in _NOT_VALUES or low in frequent_words("en", 30000):
        return False
    return bool(re.search(r"[\d._\-]", text)) or low not in frequent_words("en", 80000)


# Abbreviations that look like initials (from the known-PHI list, plus field words).

_ABBREVIATIONS = _CLIN | frozenset("""
OK NA ND NO ON AM PM IN AT BY TO OF OR AND THE FOR MG ML IT IS BE WE US SSN NPI DEA MRN DOB ID
ICN FIN CSN PCP EP ICU CCU OT SLP RD LPN CNA EMT EMS MSW PHD DDS
""".split())

_VALIDATORS = {
    "PATIENT": name_value, "DOCTOR": initials_or_name, "USERNAME": login_value,
    "MEDICALRECORD": id_value, "ACCOUNT": id_value, "HEALTHPLAN": id_value, "IDNUM": id_value,
    "ROOM": lambda t: any(ch.isdigit() for ch in t) or bool(re.search(r"(?i)resus|trauma|triage|hall|pod|obs", t)),
    "PHONE": lambda t: sum(ch.isdigit() for ch in t) >= 4, "FAX": lambda t: sum(ch.isdigit() for ch in t) >= 7,
    "HOSPITAL": org_value, "ORGANIZATION": org_value,
}


_REJECT_BEFORE = {"ROOM": ROOM_REJECT_BEFORE}
_REJECT_AFTER = {"ROOM": ROOM_REJECT_AFTER, "PHONE": UNIT_AFTER, "FAX": UNIT_AFTER}


def _alternation(labels) -> str:
    parts = sorted({re.escape(l).replace(r"\ ", r"\s+") for l in labels}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


# Short labels that are words in running text ("to", "re", "cc", "pt"); other short labels
# ("cb", "ph", "rm", "fin", "icn") are field abbreviations whatever wordfreq says.
_SHORT_STRICT = frozenset("to re cc pt am pm via per loc pod hd".split())


def build_field_detectors() -> List[Detector]:
    """One anchored detector per PHI type: ``<field label><separator><value of the type>``.

    A label that is also an ordinary word on its own ("patient", "home", "to", "unit") needs a
    colon, hash, equals sign, bar or tab; other labels ("MRN", "Patient Name", "DOB") may be
    followed by a space alone. One-letter labels ("P:", "F:") need a colon at a line or cell start.
    """
    plain = plain_words()
    strict_sep = r"(?:[ \t]*[:#=|][ \t]*(?:#[ \t]*)?|\t+[ \t]*)"
    out = []
    for label, labels in FIELD_LABELS.items():
        one_letter = [l for l in labels if len(l) == 1]
        # A log-in has its own shape ("user jdoe1961"): its labels never need a colon.
        strict = [l for l in labels if len(l) > 1 and " " not in l and l.lower() in plain
                  and (len(l) >= 4 or l in _SHORT_STRICT) and label != "USERNAME"]
        loose = [l for l in labels if len(l) > 1 and l not in strict]
        alternatives = [r"(?<![\w'’])(?i:" + _alternation(loose) + r")" + _SEP]
        if strict:
            alternatives.append(r"(?<![\w'’])(?i:" + _alternation(strict) + r")" + strict_sep)
        if one_letter:
            alternatives.append(r"(?:^|(?<=[ \t|]{2}))(?-i:" + _alternation(one_letter) + r")[ \t]*:[ \t]*")
        title = _TITLE if label in ("PATIENT", "DOCTOR") else ""
        value = title + r"(?P<phi>" + VALUE_SHAPES[label] + r")(?![\w@])"
        regex = re.compile(r"(?:" + "|".join(alternatives) + r")" + value, re.MULTILINE)
        out.append(Detector(f"field_{label.lower()}", label, regex, validator=_VALIDATORS[label],
                            anchored=True, reject_before=_REJECT_BEFORE.get(label),
                            reject_after=_REJECT_AFTER.get(label)))
    return out


# --------------------------------------------------------------------------- free text


def _last_first(text: str, listed: bool = True) -> bool:
    """"NGUYEN, THI HONG", "CONNOLLY,M", "Venkataraman, Rajesh": a surname and a given name
    (or an initial) that are not ordinary words or abbreviations; with ``listed``, the given
    name must be in the name lists (or the surname, before an initial)."""
    last, _, first = text.partition(",")
    last_words, first_words = _words(last), _words(first)
    if not last_words or not first_words:
        return False
    names = _names()
    given, _ = person_names()
    plain = plain_words()
    if any(w.upper() in _ABBREVIATIONS or (w.lower() in plain and w.lower() not in names)
           for w in last_words + first_words[:1]):
        return False
    head = first_words[0]
    if not listed:
        return len(last_words[0]) >= 2
    return head.lower() in given or (len(head) == 1 and len(last_words[0]) >= 3 and last_words[0].lower() in names)



_WEEKDAY_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|MON|TUE|TUES|WED|THU|THUR|THURS|FRI)"
_WEEKDAY_ANY = r"(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_ORDINAL_DAY = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)"


def build_free_text_detectors() -> List[Detector]:
    d: List[Detector] = []
    add = d.append
    # ---- names and initials
    add(Detector("name_last_first", "PATIENT", re.compile(
        r"(?:^|(?<=[\s|:(]))(?P<phi>[A-Z][A-Z'\-]+(?:[ ][A-Z][A-Z'\-]+)?,[ ]?[A-Z][A-Z'\-]*"
        r"(?:[ ][A-Z][A-Z'\-]*)?(?:[ ][A-Z]\.?)?)(?![\w,])", re.MULTILINE), validator=_last_first))
    # On a banner line (an ID, date or age further on the line, after a column gap) the name
    # lists are not needed: "NWOSU, CHIDI K    ID: 5512093".
    add(Detector("name_last_first_banner", "PATIENT", re.compile(
        r"(?:^|(?<=[\s|:(]))(?P<phi>[A-Z][A-Z'\-]+(?:[ ][A-Z][A-Z'\-]+)?,[ ]?[A-Z][A-Z'\-]*"
        r"(?:[ ][A-Z][A-Z'\-]*)?(?:[ ][A-Z]\.?)?|[A-Z][a-z'\-]+(?:-[A-Z][a-z]+)?,[ ][A-Z][a-z'\-]+(?:[ ][A-Z]\.?)?)"
        r"(?=[ \t]{2,}[^\n]*\d|[ \t]*\|[^\n]*\d)", re.MULTILINE),
        validator=lambda t: _last_first(t, listed=False)))
    add(Detector("name_last_first_tc", "PATIENT", re.compile(
        r"^[ \t]*(?P<phi>[A-Z][a-z'\-]+(?:-[A-Z][a-z]+)?,[ ][A-Z][a-z'\-]+(?:[ ][A-Z]\.?)?)"
        r"(?=[ \t]{2,}|[ \t]*$|[ \t]+\d|[ \t]*[(|])", re.MULTILINE), validator=_last_first))
    initials_ok = lambda t: t.upper() not in _ABBREVIATIONS  # noqa: E731
    add(Detector("signoff_dash_initials", "DOCTOR", re.compile(
        r"(?:^|[ \t(])[-–—~]{1,2}[ \t]?(?P<phi>[A-Z]{2,3}|[a-z]{2,3})[ \t)]*$", re.MULTILINE),
        validator=initials_ok, anchored=True))
    add(Detector("dictation_code_upper", "DOCTOR", re.compile(
        r"(?<![\w/])(?P<phi>[A-Z]{2,4})/[a-z]{2,4}(?![\w/])"), validator=initials_ok, anchored=True))
    add(Detector("dictation_code_lower", "DOCTOR", re.compile(
        r"(?<![\w/])[A-Z]{2,4}/(?P<phi>[a-z]{2,4})(?![\w/])"), anchored=True))
    add(Detector("slash_initials_eol", "DOCTOR", re.compile(
        r"(?<=[\s])/[ ]?(?P<phi>[A-Z]{2,4})[ \t]*$", re.MULTILINE), validator=initials_ok, anchored=True))
    add(Detector("by_initials", "DOCTOR", re.compile(
        r"(?<![\w])(?i:by|initials?|tech|rn|verified|entered|read\s+back(?:\s+by)?)\b[ \t]*:?[ \t]*"
        r"(?P<phi>[A-Z]{2,4})(?![\w/\-])"), validator=initials_ok, anchored=True))
    add(Detector("paren_initials_eol", "DOCTOR", re.compile(
        r"\((?P<phi>[a-z]{2,4})\)[ \t]*$", re.MULTILINE), validator=lambda t: t not in plain_words(),
        anchored=True))
    # A local number a few words after a call word: "call her back at 555-0187", "Frank's #
    # 555-0177", "can someone call me 555 0134". (python-phonenumbers' PhoneNumberMatcher was
    # tried on the dev sets: 104 of 116 phone spans found with 15 false positives on styles/dev
    # and 10 on clean/dev, against 114 and 0 for these rules; not adopted.)
    add(Detector("phone_local_context", "PHONE", re.compile(
        r"(?<![\w])(?i:call|cb|phone|ph|reach|text|contact|number|cell|tel|#)"
        r"(?:[ \t]+(?i:her|him|me|us|them|back|pt|patient|family|at|on|is|was|number|no\.?|the|mom|dad|son|"
        r"daughter|wife|husband|cell|home|work|phone|please|pls|asap|anytime|directly|#|[a-z]+'s)){0,4}"
        r"[ \t]*[:#]?[ \t]*(?P<phi>\d{3}[\-. ]\d{4})(?![\d\-/%]|\.\d)"), reject_after=UNIT_AFTER, anchored=True))
    add(Detector("phone_extension_hyphen", "PHONE", re.compile(
        r"(?<![\w])(?i:x|ext\.?|extension)[ ]?(?P<phi>\d-\d{4})(?![\d\-])"), anchored=True))
    # ---- chat and message speakers at a line start: "Gabe: how long til...", "tkowalski: who dc'd"
    add(Detector("speaker_name", "DOCTOR", re.compile(
        r"^[ \t]*(?P<phi>[A-Z]?[a-z]{2,14})(?::|>)[ \t]+(?=\S)", re.MULTILINE | re.IGNORECASE),
        validator=_speaker_name, anchored=True))
    add(Detector("speaker_login", "USERNAME", re.compile(
        r"^[ \t]*(?P<phi>[a-z][a-z0-9._]{3,20})(?::|>)[ \t]+(?=\S)", re.MULTILINE),
        validator=_speaker_login, anchored=True))
    # ---- log-ins after a verb
    add(Detector("username_by", "USERNAME", re.compile(
        r"(?<![\w])(?i:sent|signed|printed|edited|entered|modified|created|verified|documented|"
        r"updated|released|accessed|viewed|logged|submitted|uploaded|routed|forwarded)[ \t]+by:?[ \t]+"
        r"(?P<phi>[a-z][a-z0-9._\-]{3,30}[a-z0-9]|[A-Z]{4,8}\d{0,3})(?![\w@.\-])"),
        validator=login_value, anchored=True))
    # ---- dates
    add(Detector("date_table_month_day", "DATE", re.compile(
        r"(?:^|(?<=[ \t|(]))(?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))"
        r"(?=[ \t]{2,}|[ \t]*\||[ \t]*$|\)|[ \t]*[:\-–][ \t]|[ \t]*[-–](?:0?[1-9]|1[0-2])/|,[ \t]*(?:0?[1-9]|1[0-2])/)",
        re.MULTILINE), validator=_not_equal_fraction, reject_before=SCORE_BEFORE,
        reject_after=SCORE_AFTER))
    add(Detector("date_range_second", "DATE", re.compile(
        r"(?<![\w/.])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])[-–](?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))"
        r"(?![\w/]|\.\d)"), validator=_not_equal_fraction, reject_before=SCORE_BEFORE, reject_after=SCORE_AFTER))
    add(Detector("date_weekday_abbr", "DATE", re.compile(
        r"(?<![\w/])(?P<phi>" + _WEEKDAY_ABBR + r")\.?(?![\w]|[ ]?\d|[ ]?%)")))
    add(Detector("date_weekday_context", "DATE", re.compile(
        r"(?<![\w])(?i:on|every|next|last|this|missed|since|until|til|till|by|and|&|or|thru|q)[ \t]+"
        r"(?P<phi>" + _WEEKDAY_ANY + r")(?=\s*(?:[/&,]|and\b|or\b|nite\b|night\b|morning\b|am\b|pm\b|[.;)]|$))",
        re.MULTILINE), anchored=True))
    add(Detector("date_weekday_pair_first", "DATE", re.compile(
        r"(?<![\w])(?P<phi>" + _WEEKDAY_ANY + r")(?=[/&][ ]?" + _WEEKDAY_ANY + r"(?![\w]))")))
    add(Detector("date_weekday_and_second", "DATE", re.compile(
        r"(?<![\w])" + _WEEKDAY_ANY + r"\.?(?:[ ]?,[ ]?|[ ](?:and|or|&|to|thru|through|-)[ ])(?P<phi>" + _WEEKDAY_ANY + r")(?![\w])")))
    add(Detector("date_weekday_pair_second", "DATE", re.compile(
        r"(?<![\w])" + _WEEKDAY_ANY + r"[/&][ ]?(?P<phi>" + _WEEKDAY_ANY + r")(?![\w])")))
    add(Detector("date_ordinal_day", "DATE", re.compile(
        r"(?<![\w])(?:(?i:on|by|until|til|till|since|before|after|from)[ \t]+(?i:the[ \t]+)?|(?i:the)[ \t]+)"
        r"(?P<phi>" + _ORDINAL_DAY + r")(?![\w])"
        r"(?=[ \t]*(?:[,.;:)!?]|$|(?i:to|through|thru|until|till|and|or|at|of\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)\b|-))",
        re.MULTILINE), anchored=True))
    # A floor after a room ("Rm 214, 2nd floor"); a home's floor is no room designator.
    add(Detector("room_floor", "ROOM", re.compile(
        r"(?<![\w])(?i:rm|room|bed|suite|unit)[ ]?#?[ ]?[A-Z0-9\-]{1,6},[ ](?P<phi>(?:[1-9]|1\d)(?:st|nd|rd|th)[ ](?i:floor))(?![\w])"),
        anchored=True))
    # ---- ages in prose
    add(Detector("age_is", "AGE", re.compile(
        r"(?<![\w])(?i:he's|she's|he is|she is|pt is|patient is|i am|i'm|im|they're|who is|who's)[ ]"
        r"(?P<phi>\d{1,3})(?=[ ]?(?:[,.;!)]|$|[ ](?:now|today|and|but|years?|yrs?|y/o|yo)\b))",
        re.MULTILINE), reject_after=UNIT_AFTER, anchored=True))
    add(Detector("age_when_was", "AGE", re.compile(
        r"(?<![\w])(?i:when|since|until)[ ](?i:he|she|i|they|pt|the\s+patient|you)[ ](?i:was|were|turned|is)[ ]"
        r"(?:(?i:about|around|age)[ ])?(?P<phi>\d{1,2})(?![\w:]|\.\d|[ ]?(?:%|am|pm|mg))"), anchored=True))
    add(Detector("age_at", "AGE", re.compile(
        r"(?<![\w])(?i:first|started|began|begun|quit|stopped|drink|drinking|smoking|smoked|used|"
        r"overdose|arrested|pregnant|married|divorced|left\s+home|moved|immigrated|adopted|"
        r"diagnosed|dx|died|passed|was)[^.\n]{0,30}?[ ]at[ ](?:(?i:age)[ ])?(?P<phi>\d{1,2})"
        r"(?![\w:]|\.\d|[ ]?(?:%|am|pm|mg|h\b|hrs|hours|weeks|wks|days|months|mph|o'?clock))"), anchored=True))
    add(Detector("age_paren_occupation", "AGE", re.compile(
        r"\((?P<phi>\d{1,3}),[ ](?=[a-z])"), anchored=True))
    add(Detector("age_name_grade", "AGE", re.compile(
        r"(?<=[A-Za-z]),[ ](?P<phi>\d{1,2}),[ ](?=\d{1,2}(?:st|nd|rd|th)[ ]grade|(?i:kindergarten|pre-?k|preschool|daycare|grade|college|high\s+school))"),
        anchored=True))
    # ---- ages after a name and in banners
    add(Detector("age_after_name_paren", "AGE", re.compile(
        r"(?<![\w])(?P<ctx>[A-Z][a-z'\-]+)[ ]\((?P<phi>\d{1,2})(?:[ ]?(?:y|yo|yrs?|years?|mo|months?))?\)"),
        match_validator=_ctx_is_name, anchored=True))
    add(Detector("age_after_name_comma", "AGE", re.compile(
        r"(?<![\w])(?P<ctx>[A-Z][a-z'\-]+),[ ](?P<phi>\d{1,2})(?:[ ](?:months?|mos?|weeks?|yrs?|years?))?"
        r"(?=[ ]?(?:[,.;)]|[ ][-–][ ]|$))", re.MULTILINE), match_validator=_ctx_is_name, anchored=True))
    add(Detector("age_when_name_was", "AGE", re.compile(
        r"(?<![\w])(?i:when|since|until)[ ](?P<ctx>[A-Z][a-z'\-]+)[ ](?:was|turned)[ ](?P<phi>\d{1,2})(?![\w:]|\.\d)"),
        match_validator=_ctx_is_name, anchored=True))
    add(Detector("age_was_at_the_time", "AGE", re.compile(
        r"(?<![\w])(?i:was|were)[ ](?P<phi>\d{1,2})[ ](?i:at[ ]the[ ]time|when|at[ ]diagnosis|at[ ]onset|at[ ]the[ ]age)")
        , anchored=True))
    add(Detector("age_banner_y", "AGE", re.compile(
        r"(?:^|(?<=[ \t|]))(?P<phi>\d{1,3})(?:Y|YR|YRS|YO)(?=[ \t|]|$)", re.MULTILINE), anchored=True))
    add(Detector("age_banner_sex", "AGE", re.compile(
        r"(?<=[ \t])(?:M|F)[ \t/]{1,3}(?P<phi>\d{1,3})(?=[ \t]{2,}|[ \t]*$)", re.MULTILINE),
        reject_after=UNIT_AFTER))
    # ---- record numbers and rooms in legacy banners and census listings
    add(Detector("mrn_banner_groups", "MEDICALRECORD", re.compile(
        r"(?<![\w\-/.])(?P<phi>\d{2}-\d{2}-\d{2,3})(?![\w\-/])"),
        validator=lambda t: len(t) == 9 or not _numeric_date(t)))
    add(Detector("room_census_line", "ROOM", re.compile(
        r"^[ \t]*(?P<phi>\d{2,4}(?:-?[A-Z])?)(?=[ \t]{2,}(?:\*\*|[A-Z][A-Z'\-]+,[ ]?[A-Z]))", re.MULTILINE),
        anchored=True))
    add(Detector("room_unit_code", "ROOM", re.compile(
        r"(?<![\w])(?i:bed|rm|room|loc(?:ation)?)[ \t]*:?[ \t]*(?P<phi>[A-Z]{1,4}-\d{1,4}[A-Z]?|\d{1,2}[A-Z]{1,2}-\d{1,4}(?:-[A-Z0-9]{1,3})?)(?![\w\-])"),
        anchored=True))
    add(Detector("room_labor_code", "ROOM", re.compile(
        r"(?<![\w\-])(?P<phi>(?:LDR|LDRP|PACU|L\+D|OR|ED|ER|ICU|MICU|SICU|CCU|NICU|PICU)-\d{1,3}[A-Z]?)(?![\w\-])"),
        anchored=True))
    # ---- places: "Jacksonville, NC"
    add(Detector("state_after_city", "STATE", re.compile(
        r"(?<![\w])(?P<ctx>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?),[ ](?P<phi>" + STATES_ABBR + r")(?![\w])"),
        match_validator=_ctx_is_no_person, anchored=True))
    # ---- years
    add(Detector("date_years_in_parens", "DATE", re.compile(
        r"(?<=[(,])[ ]?(?P<phi>(?:19[5-9]\d|20[0-4]\d))(?=[ ]?[,)])"), anchored=True))
    # ---- professions
    add(Detector("profession_works_as", "PROFESSION", re.compile(
        r"(?<![\w])(?i:works?|worked|working|employed|retired|job)[ \t]+(?:(?i:full[- ]time|part[- ]time)[ \t]+)?"
        r"(?i:as)[ \t]+(?:an?[ \t]+)?(?P<phi>[a-z][a-z\-]+(?:[ ][a-z][a-z\-]+){0,3}?)"
        r"(?=[ \t]+(?:at|for|in|with|and|since|until|on)\b|[,.;)]|$)", re.MULTILINE),
        validator=_occupation, anchored=True))
    add(Detector("profession_is_a_at", "PROFESSION", re.compile(
        r"(?<![\w])(?i:is|was|am|i'm|im|she's|he's)[ \t]+(?:an?|the)[ \t]+(?:(?i:retired|former|part-time|full-time)[ \t]+)?"
        r"(?P<phi>[a-z][a-z\-]+(?:[ ][a-z][a-z\-]+){0,2}?)[ \t]+(?:at|for|with)[ \t]+(?=[A-Z]|the[ ][a-z])"),
        validator=_occupation, anchored=True))
    d.extend(build_spoken_detectors())
    return d


def _speaker_name(text: str) -> bool:
    """A listed given name that is no frequent word or field label ("Gabe", "Niamh", "mel";
    not "Will:", "May:", "Reason:")."""
    given, _ = person_names()
    low = text.lower()
    return low in given and low not in frequent_words("en", 15000) and low not in _field_words()


def _speaker_login(text: str) -> bool:
    """A log-in shape: no given name, no word ("tkowalski", "ekaplan", "jtran")."""
    given, _ = person_names()
    return (text not in given and text not in frequent_words("en", 80000)
            and text not in _field_words() and text.rstrip("0123456789") not in frequent_words("en", 30000))


@lru_cache(maxsize=1)
def _field_words() -> frozenset:
    """Every word of every field label ("plan", "meds" are not; "unit", "bed" are)."""
    return frozenset(w for labels in FIELD_LABELS.values() for label in labels for w in label.split())


def _ctx_is_name(m: "re.Match[str]") -> bool:
    """The word in group ``ctx`` is a listed given name or surname, not an ordinary word."""
    word = m.group("ctx").lower()
    return word in _names() and word not in plain_words()


# State codes that are also credentials or words ("Feinberg, MD", "Lee, MS", "Ana, ID"):
# only after a city of the gazetteer.
_AMBIGUOUS_STATE_CODES = frozenset("MD MS PA MA ID DE OR IN ME OK".split())


@lru_cache(maxsize=1)
def _cities() -> frozenset:
    import srsly

    from ..gazetteer import DATA_DIR
    return frozenset(row["pattern"].lower() for row in srsly.read_jsonl(DATA_DIR / "gazetteer_en.jsonl")
                     if row["label"] == "CITY")


def _ctx_is_no_person(m: "re.Match[str]") -> bool:
    """The words before the comma ("Jacksonville" in "Jacksonville, NC") are not a person's
    name ("John Smith, MD" and "Lee, PA" are credentials); before a code that is also a
    credential or word, they must be a city the gazetteer knows."""
    ctx = m.group("ctx")
    if m.group("phi") in _AMBIGUOUS_STATE_CODES:
        return ctx.lower() in _cities() or ctx.split()[-1].lower() in _cities() and ctx.split()[-1].lower() not in _names()
    return ctx.split()[-1].lower() not in _names()


# Numbers and dates in words, as speech recognition writes them ("november eleventh twenty
# twenty three", "medical record seven seven zero four one eight two").
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORDINAL_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORDINAL_WORD = (r"(?:(?:twenty|thirty)[ -](?:" + _ORDINAL_UNITS + r")|" + _ORDINAL_UNITS +
                 r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                 r"eighteenth|nineteenth|twentieth|thirtieth)")
_YEAR_WORDS = (r"(?:(?:nineteen|twenty)[ -](?:(?:" + _TENS + r")(?:[ -](?:" + _UNITS + r"))?|" + _TEENS +
               r"|oh[ -](?:" + _UNITS + r"))|two[ -]thousand(?:[ -](?:and[ -])?(?:(?:" + _TENS + r")(?:[ -](?:"
               + _UNITS + r"))?|" + _TEENS + r"|" + _UNITS + r"))?)")
_MONTH_WORD = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_NUMBER_WORD = r"(?:(?:" + _TENS + r")(?:[ -](?:" + _UNITS + r"))?|" + _TEENS + r"|" + _UNITS + r")"
_SPOKEN_ID_CONTEXT = {
    "MEDICALRECORD": r"medical[ ]record(?:[ ]number)?|m[ ]?r[ ]?n|record[ ]number|unit[ ]number",
    "ACCOUNT": r"account(?:[ ]number)?|encounter(?:[ ]number)?|visit[ ]number|fin(?:[ ]number)?",
    "PHONE": r"phone(?:[ ]number)?|call[ ]?back(?:[ ]number)?|cell|number[ ]is|reach(?:ed)?[ ]at|extension",
    "IDNUM": r"job(?:[ ]number)?|confirmation(?:[ ]number)?|reference(?:[ ]number)?|claim(?:[ ]number)?",
}


def build_spoken_detectors() -> List[Detector]:
    """Dates, record numbers, phones and rooms dictated in words."""
    d: List[Detector] = []
    flags = re.IGNORECASE
    # "may" (a verb) as a month only when capitalised or with a year after it.
    month = (r"(?:(?i:" + _MONTH_WORD.replace("may|", "") + r")|(?-i:May|MAY)|may(?=[ ](?:the[ ])?"
             + _ORDINAL_WORD + r"[ ,]+" + _YEAR_WORDS + r"))")
    d.append(Detector("spoken_date", "DATE", re.compile(
        r"(?<![\w])(?P<phi>" + month + r"[ ](?:the[ ])?" + _ORDINAL_WORD + r"(?:[ ,]+" + _YEAR_WORDS + r")?)(?![\w])",
        flags), anchored=True))
    d.append(Detector("spoken_year", "DATE", re.compile(
        r"(?<![\w])(?i:in|since|from|until|of|year)[ ](?P<phi>" + _YEAR_WORDS + r")(?![\w])", flags),
        anchored=True))
    for label, context in _SPOKEN_ID_CONTEXT.items():
        d.append(Detector(f"spoken_{label.lower()}", label, re.compile(
            r"(?<![\w])(?:" + context + r")[ :,]+(?:is[ ]|of[ ])?(?P<phi>" + _DIGIT_WORD + r"(?:[ ,-]+" + _DIGIT_WORD + r"){3,})(?![\w])",
            flags), anchored=True))
    d.append(Detector("spoken_room", "ROOM", re.compile(
        r"(?<![\w])(?:room|bed|rm|bay)[ ](?P<phi>" + _NUMBER_WORD + r"(?:[ ]" + _NUMBER_WORD + r")?)(?![\w])", flags),
        anchored=True))
    d.append(Detector("spoken_ward", "ROOM", re.compile(
        r"(?<![\w])(?i:on|unit|floor|to)[ ](?P<phi>" + _NUMBER_WORD + r"[ ](?:north|south|east|west))(?![\w])", flags),
        anchored=True))
    return d


_NOT_OCCUPATIONS = frozenset("""
patient patients resident member student candidate smoker nonsmoker non-smoker regular
volunteer client customer guest visitor new old former current man woman lady gentleman boy
girl child baby infant person friend lot bit little couple mother father parent son daughter
team group unit family whole result pair part-time full-time good poor high low possible
likely great big small major minor known reasonable suitable potential good-candidate concern
reason factor need cause source contributor well usual needed such much always before often
needed result
wife husband widow widower veteran minor adult teenager pt problem concern risk fan part
""".split())


def _occupation(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0] not in _NOT_OCCUPATIONS and words[-1] not in _NOT_OCCUPATIONS


def _not_equal_fraction(text: str) -> bool:
    """"3/3", "4/4" (doses, scores) are not table dates; "3/4" is."""
    a, _, b = text.partition("/")
    return a.lstrip("0") != b.lstrip("0")
