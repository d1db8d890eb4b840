"""Shape guards of the voter: what a claim of a label may be made of.

Statistical detectors trained on one generator's notes claim things no PHI looks like once the
text is unlike those notes: "and son Grant visited" as one PATIENT, "zzzzzzzz" as a
PROFESSION, the first words of a question ("Guidelines suggest...", "Best practices") as a
HOSPITAL, "1400" as a phone number. These tests are about the shape of the claim, not about
any corpus, so they hold on notes nobody here wrote:

* :func:`name_pieces`: a name claim keeps only name-shaped tokens (capitalised words, initials,
  particles inside a name, inner punctuation; in a sentence whose case says nothing, every
  word), is cut where other words stand ("Faith and son Grant" -> "Faith", "Grant"), and loses
  leading titles and trailing credentials (the label guide keeps them outside the span).
* :func:`trim_place`: a place or institution claim loses edge words that are lower case in a
  mixed-case sentence, and a first word of its sentence that is a plain word ("Does Kawasaki").
* :func:`is_noise`: no letter or digit at all, or one character repeated.
* :func:`is_plain`: every word an ordinary word (frequent in English and not a name, or a
  closed-class word, or a clinical abbreviation): such a claim needs a second source or a rule,
  unless it stands in a name context (:func:`in_name_context`: after a title, a relation or role
  word, before a credential), is a proper name of several capitalised words
  (:func:`is_proper_name`: "Sinai Valley Medical Center") or an occupation (PROFESSION claims
  are ordinary words by nature).
* :func:`fits_label`: labels with a fixed shape need its characters: a phone or fax has seven
  digits, an SSN, ZIP, IP address or identifier a digit and is no measurement ("15L", "24h",
  "32w1d"), a date a date's shape ("99/98" is none), an e-mail an "@", a URL a "." or "/"
  ("Spoke" is no IP address, whatever a detector says); no claim holds markup ("<td>",
  "\\par", "&nbsp;").
* :func:`is_short_number`: a bare number of at most four digits claimed as a phone, fax, ZIP or
  identifier (clock times, doses): needs a rule.
"""
import re
from typing import FrozenSet, List, Tuple

from spacy.tokens import Doc, Span

from . import schema
from .lexicon import (CREDENTIALS, PARTICLES, RELATION_WORDS, ROLE_WORDS, TITLES, all_person_names,
                      plain_words)

NAME_LABELS = frozenset(("PATIENT", "DOCTOR"))
PLACE_LABELS = frozenset(
    ("HOSPITAL", "ORGANIZATION", "DEPARTMENT", "CITY", "STATE", "COUNTRY", "LOCATION_OTHER")
)
NUMBER_LABELS = frozenset(("PHONE", "FAX", "ZIP")) | frozenset(schema.labels_in(schema.ID))
_INNER_PUNCT = frozenset(", . - ' ’ ^".split())
# Closed-class words that stand inside multi-word names and institutions ("Mass Eye and Ear").
_FUNCTION = frozenset("of the and at for in on to a an with by from or & de la".split())


def mixed_case(doc: Doc, i: int) -> bool:
    """Whether token ``i``'s sentence has both lower-case and capitalised words: only then
    does case tell names from words."""
    sent = doc[i].sent if doc.has_annotation("SENT_START") else doc[:]
    words = [t for t in sent if t.is_alpha and len(t) > 1]
    return any(t.is_lower for t in words) and any(t.is_title or t.is_upper for t in words)


def sentence_initial(doc: Doc, i: int) -> bool:
    """Token ``i`` opens its sentence or line, quotes, brackets and bullets aside."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in ('"', "'", "(", "[", "-", "*", "•")):
        if "\n" in doc[j].text:
            return True
        j -= 1
    return j < 0 or doc[i].is_sent_start or doc[j].text in (".", "!", "?", ":", ";")


def _name_token(doc: Doc, i: int, mixed: bool) -> bool:
    t = doc[i]
    text = t.text.strip("-/.'’")  # "-FH" and "/ap" at a sign-off
    if not any(ch.isalpha() for ch in text) or any(ch.isdigit() for ch in text):
        return False
    if not mixed:
        return True
    if text[:1].islower() and 2 <= len(text) <= 4 and (
            "/" in t.text or (i and doc[i - 1].text == "/") or (i + 1 < len(doc) and doc[i + 1].text == "/")):
        return True  # the typist's initials of a dictation code ("JLO/ap")
    return text[:1].isupper() or t.lower_ in PARTICLES


def name_pieces(doc: Doc, start: int, end: int, mixed: bool) -> List[Tuple[int, int]]:
    """The runs of name-shaped tokens in ``doc[start:end]`` (see the module doc)."""
    pieces: List[Tuple[int, int]] = []
    run_start = None
    last_word = None
    for i in range(start, end + 1):
        ok = i < end and _name_token(doc, i, mixed)
        # Inner punctuation, and a line break inside a wrapped name ("John\nSmith").
        inner = i < end and run_start is not None and (
            doc[i].text in _INNER_PUNCT or (doc[i].is_space and doc[i].text.count("\n") <= 1))
        if ok:
            if run_start is None:
                run_start = i
            last_word = i
        elif inner:
            continue
        else:
            if run_start is not None and last_word is not None:
                pieces.append((run_start, last_word + 1))
            run_start = last_word = None
    out = []
    for s, e in pieces:
        s, e = trim_name_edges(doc, s, e)
        if s < e:
            out.append((s, e))
    return out


# Words before a name that are not part of it ("per Howard Mercer", "PCP Ifechukwu Eze").
_LEADING_NOT_NAME = frozenset("per with by from to cc attn re and or".split()) | ROLE_WORDS


def trim_name_edges(doc: Doc, s: int, e: int) -> Tuple[int, int]:
    """Titles, role words and particles off the start of a name claim; credentials
    ("MBBS", "PMHNP-BC", "MLS(ASCP"), a possessive, particles, punctuation and words in
    capitals that are ordinary words ("JAIMES TO EVALUATE") off its end."""
    plain = plain_words()
    while e - s > 1 and (doc[s].lower_.rstrip(".") in TITLES or doc[s].lower_ in PARTICLES
                         or doc[s].lower_.rstrip(".:") in _LEADING_NOT_NAME):
        s += 1
        while s < e and doc[s].text in _INNER_PUNCT:
            s += 1

    while e > s:
        t = doc[e - 1]
        low = t.lower_.rstrip(".")
        credential = low in CREDENTIALS or low.split("(")[0] in CREDENTIALS  # "MBBS", "MLS(ASCP"
        if (credential and e - 1 > s) or t.lower_ in PARTICLES or t.text in _INNER_PUNCT or t.is_space \
                or t.lower_ in ("'s", "’s", "(", ")") \
                or (e - 1 > s and t.is_upper and len(t) > 1 and t.lower_ in plain and doc[e - 2].is_upper):
            e -= 1
            continue
        break
    return s, e


def trim_place(doc: Doc, start: int, end: int, mixed: bool, plain: FrozenSet[str]) -> Tuple[int, int]:
    """Edge words of a place claim that no place name starts or ends with."""
    def edge_word(i: int) -> bool:
        t = doc[i]
        if t.is_punct or t.is_space or t.lower_ in _FUNCTION:
            return True
        if mixed and t.is_alpha and t.is_lower:
            return True
        return False

    while start < end and (edge_word(start) or (
        doc[start].is_title and doc[start].lower_ in plain and sentence_initial(doc, start)
        and end - start > 1
    )):
        start += 1
    while end > start and edge_word(end - 1):
        end -= 1
    return start, end


def is_noise(span: Span) -> bool:
    """No letter or digit at all, or a single character repeated ("zzzzzzzz", "xxx")."""
    chars = [ch.lower() for ch in span.text if ch.isalnum()]
    return not chars or (len(chars) >= 3 and len(set(chars)) == 1)


# Word endings of drugs (INN stems), procedures, findings and specialties: such a word is a
# clinical word, not a name ("Digoxin", "Enoxaparin", "Chlorhexidine", "Hemodialysis").
_CLINICAL_ENDINGS = re.compile(
    r"(?i)(?:mab|nib|pril|sartan|olol|alol|statin|azole|cillin|mycin|micin|floxacin|oxacin|parin|"
    r"xaban|gatran|gliptin|gliflozin|glutide|tidine|prazole|dipine|azepam|azolam|barbital|caine|"
    r"profen|fenac|vir|navir|cycline|cef\w*|sone|olone|asone|terol|tropium|zosin|triptan|setron|"
    r"oxetine|afil|lukast|dronate|platin|taxel|rubicin|uracil|hexidine|dine|amine|azine|idine|"
    r"itis|osis|ectomy|otomy|ostomy|plasty|scopy|emia|aemia|uria|algia|pathy|ology|ogram|graphy|"
    r"dialysis|lysis|plegia|paresis|trophy|megaly|rrhea|rrhoea|oma|ocele|ectasis|stenosis)$")


def clinical_word(word: str) -> bool:
    """A word built like a drug, procedure or finding name (and not a listed person name)."""
    return len(word) >= 6 and bool(_CLINICAL_ENDINGS.search(word)) and word.lower() not in all_person_names()


def is_plain(span: Span, plain: FrozenSet[str], abbreviations: FrozenSet[str]) -> bool:
    """Every word ordinary: a plain word, a closed-class word, a clinical abbreviation or a word
    built like a drug or procedure name."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words:
        return True
    for t in words:
        if any(ch.isdigit() for ch in t.text):
            return False
        low = t.lower_.strip(".'’")
        if low in plain or low in _FUNCTION or t.text in abbreviations or clinical_word(t.text):
            continue
        return False
    return True


# Head words of institutions: "MEMORIAL HOSPITAL" in a header is a name, not a phrase.
INSTITUTION_WORDS = frozenset("""
hospital hospitals center centre clinic clinics institute infirmary sanatorium hospice
medical health healthcare memorial practice associates partners group pharmacy pharmacies
school academy university college church parish temple mosque synagogue bank company inc llc
corp corporation services agency foundation trust society association home homes manor
village rehabilitation rehab nursing care laboratory laboratories labs imaging radiology
""".split())


def is_proper_name(span: Span, mixed: bool, label: str = "") -> bool:
    """Two or more words, every content word capitalised (closed-class words may stay lower),
    in a sentence whose case speaks: a proper name, whatever its words mean apart. In capitals,
    an institution claim with an institution's head word ("MEMORIAL HOSPITAL")."""
    words = [t for t in span if t.is_alpha]
    content = [t for t in words if t.lower_ not in _FUNCTION]
    if len(content) < 2:
        return False
    if mixed and all(t.is_title for t in content):
        return True
    return label in ("HOSPITAL", "ORGANIZATION", "DEPARTMENT") and any(
        t.lower_ in INSTITUTION_WORDS for t in content)


def in_name_context(doc: Doc, start: int, end: int) -> bool:
    """After a title, a relation or a role word ("wife Faith", "Dr Will", "nurse Joy"), or
    before a credential ("Hope, RN")."""
    i = start - 1
    while i >= 0 and doc[i].text in (".", ":", ",", "'s", "’s"):
        i -= 1
    if i >= 0 and doc[i].lower_.rstrip(".") in TITLES | RELATION_WORDS | ROLE_WORDS:
        return True
    j = end
    while j < len(doc) and doc[j].text in (",", "."):
        j += 1
    return j < len(doc) and j > end and doc[j].lower_.rstrip(".") in CREDENTIALS


def is_short_number(span: Span) -> bool:
    """A bare number of at most four digits ("1400", "0815"); an SSN's last four are kept by
    the caller."""
    text = "".join(ch for ch in span.text if not ch.isspace())
    return text.isdigit() and len(text) <= 4


_DATE_SHAPE = re.compile(
    r"\d+\s*[/\-.]\s*\d+|(?:19|20)\d\d|['’]\d\d|\d(?:st|nd|rd|th)\b|"
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"christmas|easter|thanksgiving|hanukkah|ramadan|eid|diwali|new\s+year|independence|"
    r"memorial|labor|labour|veterans|halloween|valentine|passover|kwanzaa|juneteenth|"
    r"twenty|nineteen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth|thirtieth|spring|summer|fall|autumn|winter)")
_TIME_UNITS = re.compile(r"(?i)\b(?:years?|yrs?|days?|weeks?|wks?|months?|hours?|hrs?|minutes?|mins?)\b")


# Markup in a claim: a tag, an entity, an RTF control word or brace.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>?|<|&[#\w]{2,8};?|\\[A-Za-z']|[{}]")
# Measurements and scores that detectors take for identifiers: "15L", "24h", "11.25", "32w1d",
# "31/27", "~11".
_MEASUREMENT = re.compile(
    r"~\d+|\d+\.\d+|\d+\s?(?:mg|mcg|ml|l|h|hr|hrs|min|mins|d|w|wk|wks|mo|y|yr|yrs|cm|mm|kg|g|u|iu|x|hz|f)"
    r"|\d+w\d*d?|\d+/\d+|G\d+\s?P\d+.*", re.I)
# An identifier a detector gave another label ("E413380605" as a date): still removed, as IDNUM.
_ID_LIKE = re.compile(r"(?=(?:[^\d]*\d){5})[A-Za-z0-9][A-Za-z0-9\-]{4,24}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/\-.](\d{1,2})(?:[/\-.]\d{2,4})?")


def id_like(text: str) -> bool:
    """Letters and at least five digits, no spaces: an identifier whatever label it was given."""
    return bool(_ID_LIKE.fullmatch(text.strip())) and not _MEASUREMENT.fullmatch(text.strip())


def fits_label(label: str, text: str) -> bool:
    """Whether ``text`` has the characters every value of ``label`` has (see the module doc)."""
    if _MARKUP.search(text):
        return False  # a detector reading HTML or RTF syntax
    digits = sum(ch.isdigit() for ch in text)
    if label == "EMAIL":
        return "@" in text
    if label == "URL":
        return "." in text or "/" in text
    if label in ("PHONE", "FAX"):
        return digits >= 5  # shorter extensions come from the rules, by their context word
    if label == "DATE":
        m = _NUMERIC_DATE.fullmatch(text.strip())
        if m:  # "99/98" is no date
            a, b = int(m.group(1)), int(m.group(2))
            return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
        return bool(_DATE_SHAPE.search(text))
    if label == "ROOM":
        return not _TIME_UNITS.search(text)
    if label in NUMBER_LABELS or label in ("SSN", "IPADDR"):
        return digits > 0 and not (label != "ZIP" and _MEASUREMENT.fullmatch(text.strip()))
    return True


# Labels whose values are never a bare abbreviation in capitals inside mixed-case text.
_NO_ABBREVIATION_LABELS = NAME_LABELS | frozenset(("USERNAME", "CITY", "LOCATION_OTHER", "ROOM"))


def is_abbreviation(doc: Doc, start: int, end: int, label: str, mixed: bool) -> bool:
    """One token in capitals ("GDMT", "ARBs", "DOAC") in a mixed-case sentence, claimed as a
    name, place, log-in or profession: an abbreviation. Initials at a sign-off ("JS/kl", a
    line's last word) stay DOCTOR claims."""
    if not mixed or end - start != 1 or label not in _NO_ABBREVIATION_LABELS:
        return False
    t = doc[start]
    if label in NAME_LABELS and t.lower_ in CREDENTIALS:
        return True  # "FACC", "PsyD", "MBBS": a credential, whatever its case
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}s?", t.text):
        return False
    if label == "DOCTOR":
        after = doc[end].text if end < len(doc) else "\n"
        before = doc[start - 1].text if start else "\n"
        if "/" in (after, before) or "\n" in after or after in (")",) or before in ("-", "--"):
            return False
    return True
