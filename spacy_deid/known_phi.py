"""deid_known_phi: values known for this patient, found in the text (``doc.spans["deid.known"]``).

When a note comes with the patient's values from structured data (name, MRN, date of birth,
address, phone, relatives, clinicians...), those values are PHI wherever they appear, in
whatever form. The caller puts them on the Doc before the pipeline runs::

    doc = nlp.make_doc(text)
    doc._.deid_known = {"PATIENT": ["John C Smith"], "MEDICALRECORD": ["001234567"],
                        "DATE": ["1960-01-02"], "PHONE": ["(617) 555-1234"]}
    doc = nlp(doc)

Keys are schema labels; values a string (or number) or a list of them. The voter trusts this
source (``known``) even inside sentences on the inclusion list. A key that is not a schema
label raises ``ValueError`` (naming the key, never a value), so the runner fails that
document closed instead of silently ignoring a typo. :func:`known_from_record` builds the
dict from an input record (``{"id", "text", "patient_id", "known": {...}}``), accepting
common field names ("name", "mrn", "dob", "address"...).

How each kind of value is found, and why:

* **Names** (PATIENT, DOCTOR). A known name is parsed once into given names and surname
  ("John C Smith"; "Smith, John C" and HL7 "SMITH^JOHN^C" say which part is the surname;
  particles such as "van der", "de la" stay with the surname; titles and "Jr"/"MD" are set
  aside). Its variants are token sequences for one spaCy ``PhraseMatcher`` on ``LOWER``
  (so any case), built from the variant strings in their given, upper, lower and title case
  so that the tokenizer splits each the way it splits the text ("J. Smith" and "j. smith"
  tokenize differently):

  - full forms in any order: "John C Smith", "John Smith", "Smith, John C", "SMITH JOHN",
    "Smith^John", "J. Smith", "J.C. Smith", "Smith, J."; hyphenated surnames also with a
    space ("Smith Jones"); possessives need nothing ("Smith's" is "Smith" + "'s");
  - the surname alone ("Smith", "Smith-Jones", and each hyphen piece and the core of a
    particle surname), unless it is a common word ("Brown", "Will", "Rose"); then only after
    a title ("Mr. Brown", "MRS. BROWN", "Dr Brown");
  - the first (and middle) name alone, unless it is a common word;
  - a full form whose every word is a common word ("Will Brown") only when no word of it is
    written in lower case, so "will brown" (a verb and a colour) is not a name;
  - a name part of at most ``case_sensitive_max_length`` letters ("Ng", "Li", "Al") alone
    only in title case or as given, never as "NG" (nasogastric) or "ng";
  - initials ("JCS", "J.C.S.", "J. S.", "JS"; upper case only) only where initials sign a
    note: after a sign-off word on their line ("signed", "by", "per", "cc", "dictated"...),
    in a dictation code ("JCS/mk"), on a line of their own (with at most punctuation, digits
    and dates), or right next to a match of the same person's name ("John Smith (JS)").
    Initials that spell a clinical abbreviation ("PT", "MD", "ER") count only next to the name.

  Common words are the language's stop words plus a shipped list of English words that
  are also names (``NAME_WORDS``), plus the ``stoplist`` in the config and any words loaded
  by ``initialize(stoplist_files=...)``.

* **Numbers** (phones, fax, SSN, record, plan, account numbers and other IDs, ZIP codes).
  Compared on digits only, through one pass over the text: digit groups joined by one
  separator ("-", ".", "/", a space, ")" ) form a number; a candidate is the whole number, or a
  part of it cut at whitespace ("MRN 1234567 8901234" holds two numbers), so "617-555-1234",
  "(617) 555 1234" and "6175551234" all match a known "(617) 555-1234", while a known MRN
  1234567 never matches inside 91234567 or 555-123-4567. ID numbers also match with or
  without leading zeros ("001234567" = "1234567"); phones also without a leading country
  code "1" and, for 10-digit numbers, as the local 7 digits in a phone's shape ("555-1234",
  "5551234", not "5551.234"); digits glued to a single letter are part of an alphanumeric ID
  ("A12-34567") and not a number of their own; a ZIP also as the
  first group of a ZIP+4. Known numbers with fewer than ``min_digits`` significant digits
  are not searched (a known room "12" would match every 12 in the note).
  IDs with letters ("A12-3456") match with the same letters and digits in any case and
  with or without separators.

* **Dates.** The known date is parsed once. The text is scanned for date-shaped strings
  (numeric with "/", "-" or ".", 4- or 2-digit years, month names and abbreviations,
  ordinals, "YYYYMMDD"), each is parsed and compared with the known dates, so "01/02/1960",
  "1/2/60", "Jan 2, 1960", "2nd of January 1960", "2-JAN-60", "1960-01-02" and "19600102"
  all match a known "1960-01-02", without generating every format. Numeric dates are read
  month first and day first (a known DOB in a day-first note is still found). Month and
  year ("January 1960") match; month and day without a year only with a capitalised month
  name ("Jan 2"), since "1/2" is often a fraction. A known date that cannot be parsed is
  searched as written.

* **Streets.** "12 Oak Street" matches with the suffix abbreviated or spelled out
  ("12 Oak St.", "12 OAK ST"), directions in either form ("N"/"North"), and without the
  number ("Oak Street").

* **Other values** (e-mail, URL, IP address, user name) match as written, in any case, not
  inside a longer word; a URL also without its scheme or "www.". Places, hospitals and
  other text values go through the phrase matcher (values of at most
  ``case_sensitive_max_length`` characters in their exact case; one-word common words only
  when not written in lower case).

The matcher for one set of known values is cached (a small LRU keyed by the values), since a
patient's notes usually come together. The cache holds PHI in memory only; nothing here
logs or raises a value.
"""

import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Set, Tuple, Union,
)

import srsly
from spacy import util
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.training import Example

from . import schema
from .extensions import install_extensions
from .guards import sentence_initial
from .lexicon import EPONYM_NEXT, PARTICLES, TITLES

KNOWN_EXTENSION = "deid_known"
SPANS_KEY = "deid.known"


def install_known_extension() -> None:
    """Register ``Doc._.deid_known`` (the known values) unless someone already did."""
    if not Doc.has_extension(KNOWN_EXTENSION):
        Doc.set_extension(KNOWN_EXTENSION, default=None)


install_known_extension()

# --------------------------------------------------------------------------- word lists

#: English words that are also first names or surnames. With the language's stop words they
#: form the default stoplist: such a name part alone is not claimed (a surname still is after
#: a title). Kept small and clinical-minded: words a note uses in their ordinary sense.
NAME_WORDS = frozenset(
    """
    able abbey acre ash art august autumn bach bailey baker ball bank banks barber bass bath
    bay beach bean bear bell belle berry best bill bird black blade blank bliss bloom blood
    blue bond bone bones book booth boss bowl bowman boyd brand brass bright brook brooks
    brown buck bud burn burns bush butcher butler cake call can cane cannon cardinal carol
    carpenter carver case cash chance chase cherry chest church clay clear cliff coal cole
    cook cooper coral cotton cox crane crisp cross crown crystal cure dale dame dawn day
    daisy dean dear death dee dew diamond dick doc dole dollar dove drew drake duke dunn
    early earl east easter eve fair faith fall farmer fay field fields finch fish fisher
    fitch flower ford forest fort fortune foster fountain fox frank free freeman friend
    frost fry fuller gage gale gardner gay gem gene gill glass glen golden gold good gore
    grace grant gray green grey gross guy hale hall hammer hand hardy harmony hart harvey
    hatch hawk hay hazel head heart heath heather hill hills holiday holly honey hood hope
    horn house howe hunt hunter ivy jack james jay jewel joy judge june keen kidd king
    knight lake lamb land lane law lea leach lee lemon light lily lime little long lord
    love lovely low lowe lucky major mann march mark marsh mason may mayo meadow mercy
    merry miles mill miller mills moon moore moss mull nash new nurse oak oakes olive
    page paine palmer park parker parks pat patience payne peace pearl penny person pierce
    pike pine piper pitt plant poe pole pool poole pope porter post potter power powers
    price pride prince rain ray reed rice rich ridge ring rivers rock rose ross rowe ruby
    rush rust rusty sage salt sand sandy savage scales shade sharp shaw shepherd short
    silver singer skinner slaughter small smart snow sparks spear spring squire stamp
    stark steel stern stone storm stout strange street strong summer summers sunny swan
    sweet swift tanner temple thorn tiny todd trout tucker turner vale vance vine violet
    wade walker wall walls ward ware warren waters way weaver webb well wells west wheat
    white whitehead wild will willow wing winter wise wolf wood woods worth wren young
    """.split()
)

#: Generational suffixes and credentials set aside when parsing a known name.
NAME_SUFFIXES = frozenset("jr sr ii iii iv md do phd rn np pa dds esq".split())

#: Upper-case letter strings that are clinical abbreviations: as initials, only next to the name.
CLINICAL_ABBREVIATIONS = frozenset(
    """
    AB ABG AC AD AF AKA AMA AP AS BID BM BP BS CA CAD CBC CC CHF CK CN CO CP CR CSF CT CV
    CVA CXR DC DJD DM DNR DO DR DVT DX ED EF EGD EKG EMS ENT ER ET FH FX GB GCS GI GU HA
    HB HD HEENT HF HIV HM HR HS HTN HX IM IP IR IV JVD KUB LA LE LFT LL LLQ LMP LOC LP LV
    MA MD MI MR MRI MS MVA NA NAD ND NG NGT NKA NKDA NP NPO NS NT OB OD OR OS OT OU PA PE
    PCP PD PE PERRL PFT PH PM PMH PN PO PR PRN PT PTA PVD QD QID RA RBC RLQ RN RR RRR RT
    RUQ RX SA SC SH SL SOB SP SQ SR ST SX TB TIA TID TX UA UE UO UR URI US UTI VS VSS WBC
    WNL XR
    """.split()
)

#: Words before initials on their line that make them a sign-off ("Signed: JCS").
_SIGN_OFF = re.compile(
    r"(?i)(?:\b(?:signed|signature|sign-?off|by|per|cc|initials?|dictated|transcribed|attending|"
    r"author|reviewed|approved|verified|cosigned|co-signed|d/w|discussed\s+with|pt\s+of)|--|~)"
    r"[\s:,.\-]*$"
)

# --------------------------------------------------------------------------- labels

NAME_LABELS = frozenset(("PATIENT", "DOCTOR"))
DATE_LABELS = frozenset(("DATE",))
STREET_LABELS = frozenset(("STREET",))
#: Values matched as written (any case), not inside a longer word.
VERBATIM_LABELS = frozenset(("EMAIL", "URL", "IPADDR", "USERNAME"))
#: Numbers compared on digits; IDs also ignore leading zeros.
PHONE_LABELS = frozenset(("PHONE", "FAX"))
ID_LABELS = frozenset(schema.labels_in(schema.ID))
DIGIT_LABELS = PHONE_LABELS | ID_LABELS | frozenset(("ZIP",))

# --------------------------------------------------------------------------- input records

#: Field names accepted by :func:`known_from_record` besides the schema labels themselves.
FIELD_ALIASES: Dict[str, str] = {
    **{k: "PATIENT" for k in ("name", "names", "patient", "patient_name", "full_name", "first_name",
                              "last_name", "given_name", "family_name", "surname", "relative",
                              "relatives", "family", "contact", "contact_name", "contacts",
                              "next_of_kin", "nok", "alias", "aliases")},
    **{k: "DOCTOR" for k in ("doctor", "doctors", "provider", "providers", "physician", "physicians",
                             "pcp", "attending", "clinician", "clinicians", "staff")},
    **{k: "MEDICALRECORD" for k in ("mrn", "mrns", "medical_record", "medical_record_number", "record_number")},
    **{k: "DATE" for k in ("dob", "birth_date", "birthdate", "date_of_birth", "dates", "date",
                           "admission_date", "discharge_date", "death_date", "date_of_death", "dod")},
    **{k: "STREET" for k in ("address", "addresses", "street", "street_address", "address_line")},
    **{k: "PHONE" for k in ("phone", "phones", "telephone", "phone_number", "mobile", "cell", "pager")},
    **{k: "FAX" for k in ("fax", "fax_number")},
    **{k: "EMAIL" for k in ("email", "emails", "e-mail", "email_address")},
    **{k: "SSN" for k in ("ssn", "social_security_number", "social_security")},
    **{k: "ZIP" for k in ("zip", "zipcode", "zip_code", "postal_code", "postcode")},
    **{k: "CITY" for k in ("city", "town")},
    **{k: "ACCOUNT" for k in ("account", "account_number", "acct", "encounter", "encounter_id", "visit_id")},
    **{k: "HEALTHPLAN" for k in ("insurance", "insurance_id", "health_plan", "member_id", "policy_number")},
    **{k: "IDNUM" for k in ("id_number", "other_id", "ids")},
    **{k: "USERNAME" for k in ("user", "login", "user_name")},
    **{k: "ORGANIZATION" for k in ("employer", "organisation")},
}


def _normalise_values(key: str, value: object) -> List[str]:
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        return [text] if text else []
    if isinstance(value, (list, tuple)):
        out: List[str] = []
        for item in value:
            out.extend(_normalise_values(key, item))
        return out
    raise ValueError(f"known values: field {key!r} must be a string, a number or a list of them, "
                     f"not {type(value).__name__}")


def known_from_record(obj: Mapping, field_name: str = "known") -> Dict[str, List[str]]:
    """The known values of an input record, as ``{schema label: [values]}``.

    ``obj[field_name]`` is a dict (or, from CSV, a JSON string of one) whose keys are schema
    labels (any case) or common field names (``FIELD_ALIASES``: "name", "mrn", "dob",
    "address", "phone"...). Fields mapping to one label are merged. A missing or empty field
    gives ``{}``; an unknown key or a non-string value raises ``ValueError`` naming the key.
    """
    raw = obj.get(field_name) if isinstance(obj, Mapping) else None
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as e:
            raise ValueError(f"field {field_name!r} is not a JSON object ({e.msg})") from None
    if not isinstance(raw, Mapping):
        raise ValueError(f"field {field_name!r} must be an object of known values")
    known: Dict[str, List[str]] = {}
    for key, value in raw.items():
        label = _label_for_key(str(key))
        for text in _normalise_values(str(key), value):
            bucket = known.setdefault(label, [])
            if text not in bucket:
                bucket.append(text)
    return known


def _label_for_key(key: str) -> str:
    upper = key.strip().upper()
    if upper in schema.PHI_TYPES:
        return upper
    alias = FIELD_ALIASES.get(key.strip().lower().replace(" ", "_"))
    if alias is None:
        raise ValueError(
            f"known values: unknown field {key!r} (use a schema label or one of: "
            f"{', '.join(sorted(FIELD_ALIASES))})"
        )
    return alias


def validate_known(known: object) -> Dict[str, List[str]]:
    """Check ``doc._.deid_known``: schema labels to strings; raise ``ValueError`` naming the key."""
    if known is None:
        return {}
    if not isinstance(known, Mapping):
        raise ValueError(f"doc._.{KNOWN_EXTENSION} must be a dict of label -> values, "
                         f"not {type(known).__name__}")
    out: Dict[str, List[str]] = {}
    for key, value in known.items():
        if key not in schema.PHI_TYPES:
            raise ValueError(f"doc._.{KNOWN_EXTENSION}: {key!r} is not a schema label "
                             f"(see spacy_deid.schema.LABELS)")
        values = _normalise_values(key, value)
        if values:
            out[key] = values
    return out


# --------------------------------------------------------------------------- names


@dataclass
class ParsedName:
    """A known name split into given names and surname words, as written."""

    given: List[str]
    surname: List[str]

    @property
    def first(self) -> Optional[str]:
        return self.given[0] if self.given else None


_SPLIT_NAME = re.compile(r"[\s]+")


def _bare(word: str) -> str:
    return word.strip(".,").lower()


_SUFFIX_ALT = "|".join(sorted(NAME_SUFFIXES, key=len, reverse=True))
_TRAILING_SUFFIX = re.compile(
    rf"(?:,\s*(?:{_SUFFIX_ALT})\.?|\s+(?:jr|sr|ii|iii|iv)\.?)+\s*$", re.IGNORECASE
)
_LEADING_TITLE = re.compile(
    r"^(?:(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+)+", re.IGNORECASE
)


def parse_name(value: str) -> Optional[ParsedName]:
    """Split a known name. "Last, First Middle" and "LAST^FIRST^MIDDLE" name the surname;
    otherwise the last word is the surname, with the particles before it ("van der Berg")."""
    value = value.strip()
    # Credentials after a comma ("Mark Twainley, MD"), generations at the end, titles first.
    value = _TRAILING_SUFFIX.sub("", value).strip()
    value = _LEADING_TITLE.sub("", value).strip()
    if not value:
        return None
    if "^" in value:
        pieces = [p.strip() for p in value.split("^")]
        surname = pieces[0].split()
        given = [w for p in pieces[1:] for w in p.split()]
    elif "," in value:
        before, after = value.split(",", 1)
        surname = before.split()
        given = after.replace(",", " ").split()
    else:
        words = value.split()
        while words and _bare(words[0]) in TITLES:
            words = words[1:]
        # "John Smith MD": a credential in capitals after two or more words ("Anh Do" stays).
        while len(words) > 2 and _bare(words[-1]) in NAME_SUFFIXES and words[-1].isupper():
            words = words[:-1]
        if not words:
            return None
        k = len(words) - 1
        while k > 1 and _bare(words[k - 1]) in PARTICLES:
            k -= 1
        given, surname = words[:k], words[k:]
    given = [w for w in given if _bare(w) not in NAME_SUFFIXES and _bare(w) not in TITLES and w.strip(".,")]
    surname = [w.strip(",") for w in surname if w.strip(".,")]
    if not surname:
        if not given:
            return None
        surname, given = given[-1:], given[:-1]
    return ParsedName(given=[w.strip(",") for w in given], surname=surname)


def _is_initial(word: str) -> bool:
    return len(word.strip(".")) == 1


# --------------------------------------------------------------------------- numbers

_DIGITS = re.compile(r"[0-9]+")
# The text between two digit groups of one number: one separator, spaces around it allowed,
# or a closing parenthesis ("(617) 555"). Never a line break.
_GAP = re.compile(r"[ \t]?[-./][ \t]?|[ \t]|\)[ \t]?|[ \t]\(")
# A gap at which a number may be cut into two numbers: whitespace, with or without a slash.
_WEAK_GAP = re.compile(r"[ \t]+(?:/[ \t]+)?")
MAX_GROUPS = 6
LOCAL_PHONE_SHAPES = frozenset(((7,), (3, 4)))


@dataclass
class DigitCandidate:
    start: int
    end: int
    digits: str
    groups: Tuple[int, ...] = ()  # the digit count of each group ("555-1234": (3, 4))


def digit_candidates(
    text: str, *, zip_groups: bool = False, country_code: bool = False
) -> Iterator[DigitCandidate]:
    """Digit-only readings of the numbers in ``text`` (see the module doc).

    Yields every whole number and every part of one cut at whitespace, up to ``MAX_GROUPS``
    groups; with ``country_code``, also the number without a leading "1" group; with
    ``zip_groups``, also every single group.
    """
    # Digits glued to one letter belong to an alphanumeric ID ("A12-34567"); after a label
    # of two or more letters ("MRN1234567", "x22") they are a number of their own.
    groups = [
        (m.start(), m.end()) for m in _DIGITS.finditer(text)
        if not (m.start() > 0 and text[m.start() - 1].isalpha()
                and (m.start() < 2 or not text[m.start() - 2].isalpha()))
    ]
    i = 0
    while i < len(groups):
        run = [groups[i]]
        weak: List[bool] = []
        j = i + 1
        while j < len(groups):
            gap = text[run[-1][1]:groups[j][0]]
            if not _GAP.fullmatch(gap):
                break
            weak.append(bool(_WEAK_GAP.fullmatch(gap)))
            run.append(groups[j])
            j += 1
        yield from _run_candidates(text, run, weak, zip_groups, country_code)
        i = j


def _run_candidates(text, run, weak, zip_groups, country_code) -> Iterator[DigitCandidate]:
    n = len(run)
    seen: Set[Tuple[int, int]] = set()

    def make(a: int, b: int) -> Optional[DigitCandidate]:
        if (a, b) in seen:
            return None
        seen.add((a, b))
        start, end = run[a][0], run[b][1]
        digits = "".join(text[s:e] for s, e in run[a:b + 1])
        # "(617) 555-1234": take the opening parenthesis with the area code.
        if start > 0 and text[start - 1] == "(" and b > a and text[run[a][1]] == ")":
            start -= 1
        return DigitCandidate(start, end, digits, tuple(e - s for s, e in run[a:b + 1]))

    starts = [a for a in range(n) if a == 0 or weak[a - 1]]
    if country_code and n > 1 and text[run[0][0]:run[0][1]] == "1":
        starts.append(1)
    for a in starts:
        for b in range(a, min(n, a + MAX_GROUPS)):
            if b == n - 1 or weak[b]:
                cand = make(a, b)
                if cand is not None:
                    yield cand
    if zip_groups:
        for a in range(n):
            cand = make(a, a)
            if cand is not None:
                yield cand


def digits_of(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def is_numeric_value(value: str) -> bool:
    """Digits and number punctuation only ("(617) 555-1234", "001234567", "123-45-6789")."""
    return bool(re.fullmatch(r"[+#(]?[0-9][0-9\s\-./()]*", value.strip()))


# --------------------------------------------------------------------------- dates

MONTHS: Dict[str, int] = {}
for _i, _names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _i
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12][0-9]{3}|'?[0-9]{2})"
_L = r"(?<![0-9/.\-])"  # not inside a longer number ("on03/04/2019" is fine: glued words are)
_R = r"(?![0-9/]|[.\-][0-9])"
# (regex, kind): kinds say how groups are read.
DATE_REGEXES: Tuple[Tuple["re.Pattern[str]", str], ...] = (
    (re.compile(_L + r"(?P<year>[12][0-9]{3})(?P<sep>[-/.])(?P<a>[0-9]{1,2})(?P=sep)"
                r"(?P<b>[0-9]{1,2})" + _R), "ymd"),
    (re.compile(_L + r"(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)"
                r"(?P<year>[0-9]{4}|[0-9]{2})" + _R), "abY"),
    (re.compile(r"(?<![\w])(?P<compact>[0-9]{8})(?![\w])"), "compact"),
    (re.compile(_L + _DAY + r"(?:[ \t\-.]*of)?[ \t\-.]*" + _MON + r",?[ \t\-.]*" + _YEAR
                + r"(?![\w])", re.I), "dmy"),
    (re.compile(r"(?<![\w])" + _MON + r"[ \t\-]*" + _DAY + r",?[ \t\-.]+" + _YEAR
                + r"(?![\w])", re.I), "mdy"),
    (re.compile(r"(?<![\w])" + _MON + r",?[ \t\-]*(?P<year>[12][0-9]{3})(?![\w])", re.I), "my"),
    (re.compile(_L + r"(?P<a>[0-9]{1,2})/(?P<year>[12][0-9]{3})" + _R), "my_num"),
    (re.compile(r"(?<![\w])" + _MON + r"[ \t]+" + _DAY + r"(?![\w])", re.I), "md"),
    (re.compile(_L + _DAY + r"(?:[ \t]+of)?[ \t]+" + _MON + r"(?![\w])", re.I), "dm"),
)

FULL_DATE_KINDS = frozenset(("ymd", "abY", "compact", "dmy", "mdy"))
# A date reading: (year or None, two-digit year?, month, day or None)
DateReading = Tuple[Optional[int], bool, int, Optional[int]]


def _year(text: Optional[str]) -> Tuple[Optional[int], bool]:
    if not text:
        return None, False
    text = text.lstrip("'")
    return int(text), len(text) == 2


def _valid(m: int, d: Optional[int]) -> bool:
    return 1 <= m <= 12 and (d is None or 1 <= d <= 31)


def read_date(match: "re.Match[str]", kind: str) -> List[DateReading]:
    """Every reading of a date-shaped match (numeric dates: month first and day first)."""
    g = match.groupdict()
    out: List[DateReading] = []
    if kind == "compact":
        s = g["compact"]
        for y, m, d in ((s[:4], s[4:6], s[6:]), (s[4:], s[:2], s[2:4]), (s[4:], s[2:4], s[:2])):
            if y[0] in "12" and _valid(int(m), int(d)):
                out.append((int(y), False, int(m), int(d)))
        return out
    year, two = _year(g.get("year"))
    if kind == "ymd":
        if _valid(int(g["a"]), int(g["b"])):
            out.append((year, two, int(g["a"]), int(g["b"])))
    elif kind == "abY":
        for m, d in ((g["a"], g["b"]), (g["b"], g["a"])):
            if _valid(int(m), int(d)):
                out.append((year, two, int(m), int(d)))
    elif kind == "my_num":
        if _valid(int(g["a"]), None):
            out.append((year, two, int(g["a"]), None))
    else:
        month = MONTHS[g["mon"].lower()]
        day = int(g["day"]) if g.get("day") else None
        if kind in ("md", "dm"):
            if not g["mon"][0].isupper():  # "may 2" is a verb and a number
                return []
            year, two = None, False
        if _valid(month, day):
            out.append((year, two, month, day))
    return out


def parse_known_date(value: str) -> Optional[Tuple[int, int, int]]:
    """A known full date as (year, month, day); ISO and month-first readings preferred."""
    value = value.strip()
    m = re.fullmatch(r"([12][0-9]{3})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9:.]+Z?)?", value)
    if m and _valid(int(m.group(2)), int(m.group(3))):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    for regex, kind in DATE_REGEXES:
        match = regex.fullmatch(value)
        if match:
            for year, two, month, day in read_date(match, kind):
                if year is not None and day is not None:
                    if two:
                        year += 1900 if year > 30 else 2000
                    return year, month, day
    return None


def date_matches(reading: DateReading, known: Tuple[int, int, int]) -> bool:
    year, two, month, day = reading
    ky, km, kd = known
    if month != km or (day is not None and day != kd):
        return False
    if year is None:
        return day is not None
    return year == (ky % 100 if two else ky)


# --------------------------------------------------------------------------- streets

STREET_SUFFIXES: Dict[str, Tuple[str, ...]] = {
    "street": ("Street", "St", "St.", "Str"),
    "avenue": ("Avenue", "Ave", "Ave.", "Av"),
    "road": ("Road", "Rd", "Rd."),
    "drive": ("Drive", "Dr", "Dr."),
    "boulevard": ("Boulevard", "Blvd", "Blvd."),
    "lane": ("Lane", "Ln", "Ln."),
    "court": ("Court", "Ct", "Ct."),
    "place": ("Place", "Pl", "Pl."),
    "terrace": ("Terrace", "Ter", "Terr"),
    "circle": ("Circle", "Cir", "Cir."),
    "highway": ("Highway", "Hwy", "Hwy."),
    "parkway": ("Parkway", "Pkwy", "Pkwy."),
    "square": ("Square", "Sq", "Sq."),
    "way": ("Way",),
    "trail": ("Trail", "Trl"),
}
_SUFFIX_OF = {
    alias.lower().rstrip("."): canon for canon, aliases in STREET_SUFFIXES.items() for alias in aliases
}
DIRECTIONS: Dict[str, Tuple[str, ...]] = {
    "north": ("North", "N", "N."), "south": ("South", "S", "S."), "east": ("East", "E", "E."),
    "west": ("West", "W", "W."),
}
_DIRECTION_OF = {a.lower().rstrip("."): c for c, aliases in DIRECTIONS.items() for a in aliases}
_UNIT = re.compile(r"\s*(?:,|\b(?:apt|apartment|unit|suite|ste|fl|floor)\b\.?|#)", re.I)


def street_variants(value: str) -> List[str]:
    """The known street and its abbreviated forms, with and without the house number."""
    variants = [value.strip()]
    m = re.match(r"\s*(?P<num>[0-9]+[A-Za-z]?(?:-[0-9]+[A-Za-z]?)?)\s+(?P<rest>.+)", value)
    number = m.group("num") if m else None
    rest = m.group("rest") if m else value
    main = _UNIT.split(rest, maxsplit=1)[0].strip()
    words = main.split()
    if not words:
        return variants
    options: List[Sequence[str]] = []
    for k, word in enumerate(words):
        key = word.lower().rstrip(".")
        if k == len(words) - 1 and key in _SUFFIX_OF and len(words) > 1:
            options.append(STREET_SUFFIXES[_SUFFIX_OF[key]])
        elif k == 0 and key in _DIRECTION_OF and len(words) > 1:
            options.append(DIRECTIONS[_DIRECTION_OF[key]])
        else:
            options.append((word,))
    has_suffix = words[-1].lower().rstrip(".") in _SUFFIX_OF and len(words) > 1
    forms = [""]
    for opts in options:
        forms = [f"{f} {o}".strip() for f in forms for o in opts][:200]
    for form in forms:
        if number:
            variants.append(f"{number} {form}")
        if has_suffix or not number:
            variants.append(form)
    return list(dict.fromkeys(variants))


# --------------------------------------------------------------------------- the index

# Match kinds of the phrase matcher.
FULL = "full"  # always a match
FULL_COMMON = "full_common"  # every word is a common word: not when a word is in lower case
PART = "part"  # one name part alone
TITLED = "titled"  # a common-word surname: only after a title
CAPITALISED = "capitalised"  # a common-word part: after a title, or capitalised inside a sentence
COMMON_PART_RULES = (TITLED, CAPITALISED)


@dataclass
class _Person:
    label: str
    name: ParsedName
    initials: List["re.Pattern[str]"] = field(default_factory=list)


@dataclass
class KnownIndex:
    """Everything needed to find one set of known values in a Doc (built once per set)."""

    lower: PhraseMatcher
    orth: PhraseMatcher
    keys: Dict[int, Tuple[str, str, int, str]]  # match id -> (label, kind, person, part)
    persons: List[_Person]
    dates: List[Tuple[str, Tuple[int, int, int]]]
    exact_digits: Dict[str, Set[str]]
    stripped_digits: Dict[str, Set[str]]
    local_phones: Dict[str, Set[str]]
    regexes: List[Tuple[str, "re.Pattern[str]"]]
    skipped: int = 0


@Language.factory(
    "deid_known_phi",
    assigns=["doc.spans"],
    default_config={
        "spans_key": SPANS_KEY,
        "full_names": True,
        "titled_surnames": True,
        "surnames_alone": True,
        "first_names_alone": True,
        "initials": True,
        "dates": True,
        "numbers": True,
        "streets": True,
        "local_phone_numbers": True,
        "min_name_part_length": 2,
        "case_sensitive_max_length": 3,
        "min_digits": 4,
        "use_default_stoplist": True,
        "stoplist": [],
        "cache_size": 64,
        "common_parts": TITLED,
        "eponym_context": False,
        "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": SPANS_KEY},
    },
    default_score_weights={f"spans_{SPANS_KEY}_f": None},
)
def make_known_phi(
    nlp: Language,
    name: str,
    spans_key: str,
    full_names: bool,
    titled_surnames: bool,
    surnames_alone: bool,
    first_names_alone: bool,
    initials: bool,
    dates: bool,
    numbers: bool,
    streets: bool,
    local_phone_numbers: bool,
    min_name_part_length: int,
    case_sensitive_max_length: int,
    min_digits: int,
    use_default_stoplist: bool,
    stoplist: List[str],
    cache_size: int,
    common_parts: str,
    eponym_context: bool,
    scorer: Optional[Callable],
) -> "KnownPHI":
    return KnownPHI(
        nlp, name, spans_key=spans_key, full_names=full_names, titled_surnames=titled_surnames,
        surnames_alone=surnames_alone, first_names_alone=first_names_alone, initials=initials,
        dates=dates, numbers=numbers, streets=streets, local_phone_numbers=local_phone_numbers,
        min_name_part_length=min_name_part_length,
        case_sensitive_max_length=case_sensitive_max_length,
        min_digits=min_digits, use_default_stoplist=use_default_stoplist, stoplist=stoplist,
        cache_size=cache_size, common_parts=common_parts, eponym_context=eponym_context,
        scorer=scorer,
    )


#: Words that follow a person who is the subject of a sentence.
POST_SUBJECT_WORDS = frozenset("""
was is has had 's ’s reports reported says said states stated denies denied arrived came called
presented went lives lived works worked feels felt does did and , ( who notes noted agrees agreed
returned remains remained appears appeared endorses endorsed describes described tolerated
""".split())


def _before_eponym_word(doc: Doc, end: int) -> bool:
    j = end + (1 if end < len(doc) and doc[end].lower_ in ("'s", "’s") else 0)
    return j < len(doc) and doc[j].lower_ in EPONYM_NEXT


def _capitalised_inside_sentence(doc: Doc, start: int, end: int) -> bool:
    """A common word written as a name: in title case, not its sentence's (or line's) first
    word ("Will" in "spoke with Will", not in "Will follow up", "will call" or "URINE OUTPUT":
    in capitals a word and a name look alike)."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words or not all(t.is_title for t in words):
        return False
    initial = sentence_initial(doc, start)
    # At a sentence start, a name is followed by what follows a subject ("Faith was raised",
    # "Grant's lease"); a modal or a word is not ("Will follow up", "May we").
    return not initial or (end < len(doc) and doc[end].lower_ in POST_SUBJECT_WORDS)


class KnownPHI:
    """Finds ``doc._.deid_known`` values and their variants; one span group, overlaps allowed."""

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_known_phi",
        *,
        spans_key: str = SPANS_KEY,
        full_names: bool = True,
        titled_surnames: bool = True,
        surnames_alone: bool = True,
        first_names_alone: bool = True,
        initials: bool = True,
        dates: bool = True,
        numbers: bool = True,
        streets: bool = True,
        local_phone_numbers: bool = True,
        min_name_part_length: int = 2,
        case_sensitive_max_length: int = 3,
        min_digits: int = 4,
        use_default_stoplist: bool = True,
        stoplist: Iterable[str] = (),
        cache_size: int = 64,
        common_parts: str = TITLED,
        eponym_context: bool = False,
        scorer: Optional[Callable] = None,
    ) -> None:
        install_extensions()
        install_known_extension()
        if common_parts not in COMMON_PART_RULES:
            raise ValueError(f"deid_known_phi: common_parts must be one of {list(COMMON_PART_RULES)}")
        self.common_parts = common_parts
        self.eponym_context = eponym_context
        if min_name_part_length < 1 or min_digits < 1:
            raise ValueError("deid_known_phi: min_name_part_length and min_digits must be >= 1")
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.full_names = full_names
        self.titled_surnames = titled_surnames
        self.surnames_alone = surnames_alone
        self.first_names_alone = first_names_alone
        self.initials = initials
        self.dates = dates
        self.numbers = numbers
        self.streets = streets
        self.local_phone_numbers = local_phone_numbers
        self.min_name_part_length = min_name_part_length
        self.case_sensitive_max_length = case_sensitive_max_length
        self.min_digits = min_digits
        self.use_default_stoplist = use_default_stoplist
        self.config_stoplist = {w.lower() for w in stoplist}
        self.added_stoplist: Set[str] = set()  # from initialize(); saved with the pipeline
        self.cache_size = max(0, cache_size)
        self.scorer = scorer
        self._cache: "OrderedDict[str, KnownIndex]" = OrderedDict()
        self.unaligned = 0  # matches that no token span could hold (diagnostics)
        self._rebuild_stoplist()

    # ----------------------------------------------------------------- configuration

    def _rebuild_stoplist(self) -> None:
        words: Set[str] = set(self.config_stoplist) | self.added_stoplist
        if self.use_default_stoplist:
            words |= {w.lower() for w in self.nlp.Defaults.stop_words}
            if self.nlp.lang == "en":
                words |= NAME_WORDS
                words |= set(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday"}
        self.common_words = frozenset(words)
        self._cache.clear()

    def is_common(self, word: str) -> bool:
        return word.lower().strip(".") in self.common_words

    def initialize(
        self,
        get_examples: Optional[Callable[[], Iterable[Example]]] = None,
        *,
        nlp: Optional[Language] = None,
        stoplist: Iterable[str] = (),
        stoplist_files: Iterable[Union[str, Path]] = (),
    ) -> None:
        """Add a site's common words (inline or one per line in files) to the stoplist."""
        words = {w.strip().lower() for w in stoplist if w.strip()}
        for item in stoplist_files:
            path = Path(item)
            if not path.is_file():
                raise ValueError(f"deid_known_phi: stoplist file {path} does not exist")
            for line in path.read_text(encoding="utf8").splitlines():
                line = line.split("#", 1)[0].strip().lower()
                if line:
                    words.add(line)
        self.added_stoplist = words
        self._rebuild_stoplist()

    # ----------------------------------------------------------------- running

    def __call__(self, doc: Doc) -> Doc:
        known = validate_known(doc._.get(KNOWN_EXTENSION))
        if not known:
            doc.spans[self.spans_key] = []
            return doc
        index = self.index_for(known)
        doc.spans[self.spans_key] = self.find(doc, index)
        return doc

    def index_for(self, known: Mapping[str, List[str]]) -> KnownIndex:
        key = json.dumps(known, sort_keys=True)
        index = self._cache.get(key)
        if index is not None:
            self._cache.move_to_end(key)
            return index
        index = self.build_index(known)
        if self.cache_size:
            self._cache[key] = index
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return index

    def build_index(self, known: Mapping[str, List[str]]) -> KnownIndex:
        vocab = self.nlp.vocab
        index = KnownIndex(
            lower=PhraseMatcher(vocab, attr="LOWER"), orth=PhraseMatcher(vocab, attr="ORTH"),
            keys={}, persons=[], dates=[], exact_digits={}, stripped_digits={}, local_phones={},
            regexes=[],
        )
        phrases: Dict[Tuple[str, str, int, str, bool], Set[str]] = {}

        def add(label: str, kind: str, person: int, text: str, part: str = "", exact: bool = False) -> None:
            phrases.setdefault((label, kind, person, part, exact), set()).add(text)

        for label, values in known.items():
            switched_off = (
                (label in DATE_LABELS and not self.dates)
                or (label in STREET_LABELS and not self.streets)
                or (label in DIGIT_LABELS and not self.numbers)
            )
            if switched_off:
                continue
            for value in values:
                if label in NAME_LABELS:
                    self._add_name(index, label, value, add)
                elif label in DATE_LABELS:
                    parsed = parse_known_date(value)
                    if parsed is not None:
                        index.dates.append((label, parsed))
                    else:
                        self._add_verbatim(index, label, value)
                elif label in STREET_LABELS:
                    for variant in street_variants(value):
                        add(label, FULL, -1, variant)
                elif label in DIGIT_LABELS and is_numeric_value(value):
                    self._add_number(index, label, value)
                elif label in DIGIT_LABELS:
                    self._add_alphanumeric_id(index, label, value)
                elif label in VERBATIM_LABELS:
                    self._add_verbatim(index, label, value)
                else:
                    alnum = "".join(ch for ch in value if ch.isalnum())
                    if alnum.isdigit() and len(alnum) < self.min_digits:
                        index.skipped += 1
                        continue
                    words = [w for w in re.findall(r"[^\W\d_]{2,}", value)]
                    common = bool(words) and all(self.is_common(w) for w in words)
                    short = len(value) <= self.case_sensitive_max_length
                    add(label, FULL_COMMON if common else FULL, -1, value, exact=short)
        self._compile_phrases(index, phrases)
        return index

    # -- builders

    def _add_name(self, index: KnownIndex, label: str, value: str, add) -> None:
        name = parse_name(value)
        if name is None:
            return
        person = len(index.persons)
        index.persons.append(_Person(label, name))
        minimum = self.min_name_part_length
        surname = " ".join(name.surname)
        surnames = {surname}
        if "-" in surname:
            surnames.add(surname.replace("-", " "))
        if self.full_names and name.given:
            first = name.given[0]
            middles = name.given[1:]
            givens = {" ".join(name.given), first}
            if middles:
                mids = [m.strip(".")[0] for m in middles]
                givens.add(" ".join([first] + mids))
                givens.add(" ".join([first] + [f"{c}." for c in mids]))
            letters = [g.strip(".")[0] for g in name.given]
            givens |= {letters[0], f"{letters[0]}."}
            if len(letters) > 1:
                givens |= {"".join(f"{c}." for c in letters), " ".join(f"{c}." for c in letters),
                           " ".join(letters)}
            for sur in surnames:
                for given in givens:
                    for form in (f"{given} {sur}", f"{sur}, {given}", f"{sur} {given}", f"{sur}^{given}"):
                        words = re.findall(r"[^\W\d_]{2,}", form)
                        common = bool(words) and all(self.is_common(w) for w in words)
                        add(label, FULL_COMMON if common else FULL, person, form)
        # Surname alone: the whole surname, its hyphen pieces and its core without particles.
        pieces = {surname}
        pieces |= {p for p in re.split(r"[-\s]+", surname) if _bare(p) not in PARTICLES}
        for piece in pieces:
            if len(piece.replace(" ", "")) < minimum or _is_initial(piece):
                continue
            if self.surnames_alone and not self.is_common(piece) and not all(
                self.is_common(w) for w in piece.split()
            ):
                add(label, PART, person, piece, part=piece)
            elif self.titled_surnames:
                add(label, self.common_parts, person, piece, part=piece)
        if self.first_names_alone:
            for given in name.given:
                if len(given.strip(".")) < max(minimum, 2):
                    continue
                if not self.is_common(given):
                    add(label, PART, person, given, part=given)
                elif self.common_parts == CAPITALISED:
                    add(label, CAPITALISED, person, given, part=given)
        if self.initials and name.given:
            self._add_initials(index.persons[person])

    def _add_initials(self, person: _Person) -> None:
        name = person.name
        core = [w for w in name.surname if _bare(w) not in PARTICLES] or name.surname
        sur_letters = [core[0][0]]
        hyphen = [p[0] for p in re.split(r"-", core[0]) if p]
        given_letters = [g.strip(".")[0] for g in name.given if g.strip(".")]
        sequences = {given_letters[0] + sur_letters[0], "".join(given_letters) + sur_letters[0]}
        if len(hyphen) > 1:
            sequences |= {given_letters[0] + "".join(hyphen), "".join(given_letters) + "".join(hyphen)}
        for seq in sequences:
            seq = seq.upper()
            if len(seq) < 2 or not seq.isalpha():
                continue
            body = r"\.?[ ]?".join(re.escape(c) for c in seq)
            person.initials.append(re.compile(r"(?<![A-Za-z0-9.])" + body + r"\.?(?![A-Za-z0-9])"))

    def _add_number(self, index: KnownIndex, label: str, value: str) -> None:
        digits = digits_of(value)
        if label in PHONE_LABELS and len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        significant = digits.lstrip("0") if label in ID_LABELS else digits
        if len(significant) < self.min_digits:
            index.skipped += 1
            return
        if label in ID_LABELS:
            index.stripped_digits.setdefault(significant, set()).add(label)
        else:
            index.exact_digits.setdefault(digits, set()).add(label)
        if label in PHONE_LABELS and self.local_phone_numbers and len(digits) == 10:
            index.local_phones.setdefault(digits[3:], set()).add(label)

    def _add_alphanumeric_id(self, index: KnownIndex, label: str, value: str) -> None:
        chars = [ch for ch in value if ch.isalnum()]
        if len(chars) < self.min_digits:
            index.skipped += 1
            return
        body = r"[\s\-./]?".join(re.escape(ch) for ch in chars)
        index.regexes.append((label, re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])", re.I)))

    def _add_verbatim(self, index: KnownIndex, label: str, value: str) -> None:
        forms = {value}
        if label == "URL":
            bare = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", value, flags=re.I).rstrip("/")
            forms |= {bare, re.sub(r"^www\.", "", bare, flags=re.I)}
        for form in forms:
            if len(form) < 2:
                continue
            regex = r"(?<![\w@.\-])" + re.escape(form) + r"(?![\w@\-]|\.\w)"
            index.regexes.append((label, re.compile(regex, re.I)))

    def _compile_phrases(self, index: KnownIndex, phrases) -> None:
        strings = self.nlp.vocab.strings
        for (label, kind, person, part, exact), texts in phrases.items():
            key = f"{self.name}|{label}|{kind}|{person}|{int(exact)}|{len(index.keys)}"
            match_id = strings.add(key)
            index.keys[match_id] = (label, kind, person, part)
            matcher = index.orth if exact else index.lower
            seen: Set[Tuple[str, ...]] = set()
            docs = []
            for text in texts:
                forms = (text,) if exact else dict.fromkeys((text, text.upper(), text.lower(), text.title()))
                for form in forms:
                    pattern = self.nlp.make_doc(form)
                    tokens = tuple(t.orth_ if exact else t.lower_ for t in pattern)
                    if tokens and tokens not in seen:
                        seen.add(tokens)
                        docs.append(pattern)
            if docs:
                matcher.add(key, docs)

    # -- finding

    def find(self, doc: Doc, index: KnownIndex) -> List[Span]:
        """All claims for one Doc, as token spans (exact duplicates and nested same-label
        spans removed; other overlaps are kept for the voter)."""
        text = doc.text
        found: Set[Tuple[int, int, str]] = set()
        name_spans: Dict[int, List[Tuple[int, int]]] = {}

        for matcher in (index.lower, index.orth):
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                label, kind, person, part = index.keys[match_id]
                if not self._accept(doc, start, end, kind, part):
                    continue
                found.add((start, end, label))
                if person >= 0:
                    span = doc[start:end]
                    name_spans.setdefault(person, []).append((span.start_char, span.end_char))

        chars: List[Tuple[int, int, str]] = []
        if self.initials:
            for p, person in enumerate(index.persons):
                for regex in person.initials:
                    for m in regex.finditer(text):
                        letters = "".join(ch for ch in m.group() if ch.isalpha())
                        if self._initials_context(text, m.start(), m.end(), letters, name_spans.get(p, [])):
                            chars.append((m.start(), m.end(), person.label))
        if index.dates:
            chars.extend(self._find_dates(text, index.dates))
        if index.exact_digits or index.stripped_digits or index.local_phones:
            chars.extend(self._find_numbers(text, index))
        for label, regex in index.regexes:
            chars.extend((m.start(), m.end(), label) for m in regex.finditer(text))

        for start, end, label in chars:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or not len(span):
                self.unaligned += 1
                continue
            found.add((span.start, span.end, label))
        # Drop spans nested in a longer span of the same label (sweep by label, start, -end).
        kept: List[Tuple[int, int, str]] = []
        last: Dict[str, int] = {}
        by_label = sorted(((lab, s, e) for s, e, lab in found), key=lambda x: (x[0], x[1], -x[2]))
        for label, start, end in by_label:
            if end <= last.get(label, -1):
                continue
            last[label] = end
            kept.append((start, end, label))
        return [Span(doc, s, e, label=lab) for s, e, lab in sorted(kept)]

    def _accept(self, doc: Doc, start: int, end: int, kind: str, part: str) -> bool:
        tokens = doc[start:end]
        if kind == FULL:
            return True
        if kind == FULL_COMMON:
            return not any(t.is_alpha and t.is_lower for t in tokens)
        titled = self._after_title(doc, start)
        if kind == TITLED:
            return titled
        if self.eponym_context and not titled and _before_eponym_word(doc, end):
            return False  # "Graves disease", "Murphy's sign": a name part naming a thing
        if kind == CAPITALISED:
            return titled or _capitalised_inside_sentence(doc, start, end)
        # PART: a name part alone; short parts only in title case or as given.
        if len(part) <= self.case_sensitive_max_length and not titled:
            return all(t.text == part or t.is_title for t in tokens if t.is_alpha)
        return True

    @staticmethod
    def _after_title(doc: Doc, start: int) -> bool:
        i = start - 1
        if i >= 0 and doc[i].text == ".":
            i -= 1
        return i >= 0 and doc[i].lower_.rstrip(".") in TITLES

    def _initials_context(self, text: str, start: int, end: int, letters: str,
                          names: List[Tuple[int, int]]) -> bool:
        # Next to a match of the same person's name: "John Smith (JS)", "JS - John Smith".
        for s, e in names:
            gap = text[e:start] if e <= start else text[end:s] if end <= s else None
            if gap is not None and re.fullmatch(r"[\s(),/\-:;\[\]]{0,4}", gap):
                return True
        if letters in CLINICAL_ABBREVIATIONS:
            return False
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before, after = text[line_start:start], text[end:line_end]
        if re.match(r"\s*/\s*[A-Za-z]{2,4}\b", after) or re.search(r"\b[A-Za-z]{2,4}\s*/\s*$", before):
            return True  # dictation code "JCS/mk"
        if _SIGN_OFF.search(before):
            return True
        return not re.search(r"[A-Za-z]", before) and not re.search(r"[A-Za-z]{2,}", after)

    @staticmethod
    def _find_dates(
        text: str, dates: List[Tuple[str, Tuple[int, int, int]]]
    ) -> Iterator[Tuple[int, int, str]]:
        matches = [(m, kind) for regex, kind in DATE_REGEXES for m in regex.finditer(text)]
        full = [m.span() for m, kind in matches if kind in FULL_DATE_KINDS]
        for m, kind in matches:
            # A partial date inside a longer date is that date's part, not a date of its own
            # ("Jan 2" in "Jan 2, 1975" is not the known "1960-01-02").
            if kind not in FULL_DATE_KINDS and any(
                s <= m.start() and m.end() <= e and (s, e) != m.span() for s, e in full
            ):
                continue
            readings = read_date(m, kind)
            for label, known in dates:
                if any(date_matches(r, known) for r in readings):
                    yield m.start(), m.end(), label
                    break

    def _find_numbers(self, text: str, index: KnownIndex) -> Iterator[Tuple[int, int, str]]:
        zip_groups = any("ZIP" in labels for labels in index.exact_digits.values())
        for cand in digit_candidates(text, zip_groups=zip_groups, country_code=True):
            for label in index.exact_digits.get(cand.digits, ()):
                yield cand.start, cand.end, label
            if index.stripped_digits:
                for label in index.stripped_digits.get(cand.digits.lstrip("0"), ()):
                    yield cand.start, cand.end, label
            # The local part of a known phone only in a phone's shape ("555-1234", "5551234").
            if cand.groups in LOCAL_PHONE_SHAPES:
                for label in index.local_phones.get(cand.digits, ()):
                    yield cand.start, cand.end, label

    # ----------------------------------------------------------------- serialisation

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = util.ensure_path(path)
        serializers = {
            "stoplist": lambda p: srsly.write_json(p.with_suffix(".json"), sorted(self.added_stoplist))
        }
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "KnownPHI":
        path = util.ensure_path(path)

        def read_stoplist(p: Path) -> None:
            file = p.with_suffix(".json")
            self.added_stoplist = set(srsly.read_json(file)) if file.is_file() else set()

        util.from_disk(path, {"stoplist": read_stoplist}, exclude)
        self._rebuild_stoplist()
        return self
