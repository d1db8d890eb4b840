"""Regex detectors for PHI that has a shape: dates, ages, contacts, identifiers, addresses.

Each :class:`Detector` is a compiled regex whose named group ``phi`` (or the whole match)
is the PHI, a schema label, an optional validator over the PHI text, and whether it is
anchored by a context word ("MRN:", "pager", "DOB") or by shape alone. Context-anchored
matches win over shape-only matches that overlap them ("MRN 555-123-4567" is a record number,
not a phone).

Regexes rather than token patterns where: the PHI is part of what the pattern needs to see
(the age "67" inside "67-year-old"), the shape spans tokens in ways a tokenizer cannot know
("(617) 555-1234 x22"), or a check digit decides. Phrase-like patterns (holidays, weekdays)
are token patterns in ``spacy_deid/data/patterns_en.jsonl``, run by a SpanRuler.

Negative knowledge lives here too: what looks like a date or an ID but is a blood pressure,
a pain score, a muscle strength grade, a dose range, an ICD code or a spine level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Tuple

from . import validators as v


@dataclass(frozen=True)
class Detector:
    name: str
    label: str
    regex: "re.Pattern[str]"
    validator: Optional[Callable[[str], bool]] = None
    anchored: bool = False  # anchored by a context word
    # Reject a match when this regex matches the text just before it (e.g. "pain ").
    reject_before: Optional["re.Pattern[str]"] = None
    # Reject a match when this regex matches the text just after the match (e.g. " mg").
    reject_after: Optional["re.Pattern[str]"] = None
    # A check on the whole match, for context the PHI group does not hold: the name before
    # an age in "Jada (16)" must be a name (group "ctx").
    match_validator: Optional[Callable[["re.Match[str]"], bool]] = None

    def finditer(self, text: str) -> Iterator[Tuple[int, int]]:
        for m in self.regex.finditer(text):
            if "phi" in self.regex.groupindex and m.group("phi") is not None:
                start, end = m.span("phi")
            else:
                start, end = m.span()
            value = text[start:end]
            if self.validator is not None and not self.validator(value):
                continue
            if self.match_validator is not None and not self.match_validator(m):
                continue
            if self.reject_before is not None and self.reject_before.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue
            if self.reject_after is not None and self.reject_after.match(text, max(end, m.end())):
                continue
            yield start, end


def _rx(pattern: str, flags: int = re.IGNORECASE) -> "re.Pattern[str]":
    return re.compile(pattern, flags)


# --- building blocks -------------------------------------------------------------------------

# Full month names in any case, except "may" (a verb) which must be capitalised; abbreviations
# must be capitalised too, since "dec", "mar" and "sept" are also clinical abbreviations
# (decreased, septum).
MONTH = (
    r"(?:(?i:january|february|march|april|june|july|august|september|october|november|december)"
    r"|(?-i:May|MAY|Jan|JAN|Feb|FEB|Mar|MAR|Apr|APR|Jun|JUN|Jul|JUL|Aug|AUG|Sept|SEPT|Sep|SEP|"
    r"Oct|OCT|Nov|NOV|Dec|DEC))"
)
MONTH_DOT = MONTH + r"\.?"
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[89]\d\d|20\d\d)"
YEAR = r"(?:" + YEAR4 + r"|['’]?\d\d)"
# Word boundary that also refuses to start or end inside a longer number or decimal.
NB = r"(?<![\w.\-/])"
NA = r"(?![\w/]|\.\d|-\d)"

# Words that put a bare number or a partial date in date context.
DATE_CONTEXT = (
    r"(?:on|since|from|until|till|thru|through|to|by|dated?|of|as\s+of|starting|started|"
    r"stopped|before|after|between|and|d/c(?:'?d)?|dc'?d|admitted|admission|discharged?|"
    r"discharge|seen|visit|surgery|procedure|performed|done|drawn|collected|received|"
    r"reported|signed|dictated|transcribed|dos|doa|dod|dob|edd|lmp|effective|expires?|"
    r"expired|last|next|early|mid|late|in|during|circa|ca\.|~|year|summer|winter|spring|"
    r"fall|autumn|christmas|thanksgiving|completed|diagnosed|dx|dx'?d|treated|underwent|"
    r"placed|removed|replaced|repaired|resected|married|retired|moved|born|quit|immunized|"
    r"vaccinated|vaccine|booster|updated|revised|reviewed|hospitalized|hospitalization|"
    r"admissions?|episode|onset|began|begun|noted|identified|found|ending|ended|intubated|"
    r"extubated|transferred|transfused|held|restarted|resumed|given|changed|increased|"
    r"decreased|titrated|delivered|presented|returned|arrived|called|scheduled|planned|"
    r"rescheduled|due|follow[\s-]?up|f/u|appt|appointment|ordered|obtained|showed|revealed|"
    r"echo|ct|mri|cxr|ekg|ecg|biopsy|colonoscopy|egd|pod|hd)"
)
# Clinical contexts in which "8/10" or "5/5" is a score, not a date.
SCORE_BEFORE = _rx(
    r"(?:pain|score|strength|str|motor|power|grade|apgar|murmur|bp|b/p|blood\s+pressure|"
    r"pressure|ratio|nihss|gcs|mmse|moca|phq-?\d?|gad-?\d?|rated|scale|reflexes|dtrs?|"
    r"pulses?|tab(?:let)?s?|dose|x|vision|visual\s+acuity|va|"
    r"\d+\s*[-–]|/|of)\s*[:=]?\s*$"
)
SCORE_AFTER = _rx(
    r"\s*(?:pain|strength|str\b|murmur|systolic|diastolic|tab|tabs|tablet|mmhg|mm\s*hg|"
    r"in\s+strength|bilaterally|throughout|power|grade|scale|score|cm|mm|ns\b|normal\s+saline|"
    r"strength|dose|bottles?|cores?|sets?|views?|vials?|of\s+(?:the|a|her|his|their)\b|[%])"
)
UNIT_AFTER = _rx(
    r"\s*(?:mg|mcg|µg|ug|g|gm|grams?|kg|lbs?|ml|mls|cc|l|units?|u|iu|meq|mmol|mol|mm|cm|"
    r"m|mmhg|%|tabs?|tablets?|caps?|capsules?|puffs?|doses?|times|x|hrs?|hours?|mins?|"
    r"minutes?|secs?|days?|wks?|weeks?|months?|mos?|pack|pk|cal|kcal|bpm|beats|steps|feet|ft|"
    r"inches|in\b|calories|patients?|cells|copies|mosm|k\b)\b"
)
# "a 6 F sheath", "5F catheter": French sizes, not a 6-year-old female.
DEVICE_SIZE_AFTER = _rx(
    r"\s*(?:fr\b|french|sheath|catheter|cath|introducer|dilator|pigtail|stent|tube|foley|drain|"
    r"cannula|line|ng|og|picc|balloon|guide|wire|sutures?|gauge|g\b|mm|cm)"
)
# "head of bed 30 degrees", "in the room", "room temperature 20 minutes": no room designator.
ROOM_REJECT_BEFORE = _rx(r"\b(?:in|at|of)\s+the\s+$|\bemergency\s+$|\bhead\s+of\s+$|\bhob\s*$")
ROOM_REJECT_AFTER = _rx(r"\s*(?:mg|%|°|minutes?|min|hours?|hrs?|days?|degrees?|deg|cm|inches|in\b)")
VERSION_BEFORE = _rx(r"(?:\bv|\bver\.?|\bversion|\brelease|\bbuild|\brev\.?|\brevision|\bprotocol)\s*$")

# An identifier: at least 4 characters, at least one digit, letters/digits joined by - . /
ID_VALUE = r"(?P<phi>(?=[A-Z0-9\-./]*\d)[A-Z0-9](?:[A-Z0-9]|[\-./](?=[A-Z0-9])){2,24})"
# Between a context word and its value: "MRN: ", "Acct # ", "number is ", "No. ".
ID_GAP = r"(?:\s*(?:number|num|no|nbr|id|identifier|ident|code)\b\.?)?(?:\s*(?:is|was|of|=))?\s*(?:[:#=\-]\s*){0,3}"

STATES_ABBR = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|"
    r"NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)"
)
STATES_FULL = (
    r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|"
    r"Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|"
    r"Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
    r"New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|"
    r"Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|"
    r"Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming|"
    r"Puerto\s+Rico)"
)
STREET_SUFFIX_WORDS = (
    r"(?:street|avenue|road|boulevard|drive|lane|court|place|way|terrace|circle|parkway|highway|"
    r"square|trail|row|plaza|pike|turnpike|alley|crescent|expressway|freeway|route|close|grove|"
    r"gardens|heights|park|loop|run|walk|path|landing|commons|crossing)"
)
STREET_SUFFIX_ABBR = (
    r"(?:st|ave|av|rd|blvd|dr|ln|ct|pl|ter|cir|pkwy|hwy|sq|trl|plz|tpke|aly|cres|expy|fwy|rte|"
    r"hts|xing)"
)
STREET_SUFFIX = r"(?:" + STREET_SUFFIX_WORDS + r"|" + STREET_SUFFIX_ABBR + r")"
# The period after an abbreviated suffix belongs to it ("Oak St."); after a whole word it ends
# the sentence and stays outside the span ("lives at 12 Oak Street. Her son ...").
STREET_SUFFIX_DOT = r"(?:" + STREET_SUFFIX_WORDS + r"|" + STREET_SUFFIX_ABBR + r"\.?)"
UNIT = r"(?:apt|apartment|unit|suite|ste|fl|floor|bldg|building|rm|room|#|no\.?|po\s+box)"
NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]?(?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one\s+hundred"
    r"(?:\s+and\s+\w+)?)"
)
AGE_NUM = r"(?:1[01]\d|\d{1,2}(?:\.\d)?|" + NUMBER_WORD + r")"


def _id_detector(name: str, label: str, context: str, **kw) -> Detector:
    # The context is a whole word: "MR19-0087731" is not "MR" + "19-0087731".
    pattern = r"(?<![\w])(?:" + context + r")(?:(?<=\W)|\b)\.?" + ID_GAP + ID_VALUE + NA
    kw.setdefault("reject_after", UNIT_AFTER)
    return Detector(name, label, _rx(pattern), validator=kw.pop("validator", _id_value),
                    anchored=True, **kw)


_NOT_AN_ID = re.compile(r"\d+\.\d+(?:-\d+(?:\.\d+)?)?|\d{1,3}-\d{1,3}|\d{1,2}/\d{1,2}|\d+(?:\.\d+){2,}")


_NOT_A_LOGIN = {"is", "and", "the", "name", "id", "or", "for", "not", "none", "unknown", "n/a",
                "na", "required", "password", "verified", "below", "above", "same"}


_ORDER_WORDS = re.compile(r"(?i)\b(?:mg|mcg|ml|meq|tabs?|per|added|given|iv|po|prn|q\d*h)\b")


def _not_an_order_line(text: str) -> bool:
    """"0455 MG ADDED ON PER DR" is a medication order, not "... Drive"."""
    return not _ORDER_WORDS.search(text)


def _id_value(text: str) -> bool:
    """At least 4 characters with a digit; not a decimal, short range, fraction or version."""
    return len(text) >= 4 and v.has_digit(text) and not _NOT_AN_ID.fullmatch(text)


def build_detectors() -> List[Detector]:
    d: List[Detector] = []
    add = d.append

    # ---------------- DATE ----------------
    # One separator throughout ("7.28/55" is a blood gas); a hyphen may join two dates
    # ("12/25/2018-1/3/2019").
    add(Detector("date_numeric", "DATE", _rx(
        r"(?<![\w./])(?P<phi>\d{1,2}(?P<dsep>[/\-.])\d{1,2}(?P=dsep)(?:\d{4}|\d{2}))(?![\w/]|\.\d)"),
        validator=v.numeric_date, reject_before=VERSION_BEFORE))
    add(Detector("date_iso", "DATE", _rx(
        NB + r"(?P<phi>" + YEAR4 + r"[/\-.](?:0?[1-9]|1[0-2])[/\-.](?:0?[1-9]|[12]\d|3[01]))"
        r"(?:(?=T\d)|" + NA + r")"), validator=v.numeric_date))
    add(Detector("date_compact", "DATE", _rx(
        r"(?:dob|d\.o\.b\.?|dos|date(?:\s+of\s+\w+)?|collected|on|dated)\s*[:#]?\s*(?P<phi>\d{8})" + NA),
        validator=v.compact_date, anchored=True))
    # Partial m/d only where context says date: "on 3/14", "since 12/1".
    add(Detector("date_month_day_numeric", "DATE", _rx(
        r"(?<![\w])" + DATE_CONTEXT + r"\s*[:\-]?\s*(?:(?:the|about|around|approximately|"
        r"approx\.?|~)\s*)?(?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))" + NA),
        validator=v.numeric_date, reject_after=SCORE_AFTER, anchored=True))
    # Month/year numeric: "in 03/2019", "since 3/19" is too ambiguous: 4-digit year only.
    add(Detector("date_month_year_numeric", "DATE", _rx(
        NB + r"(?P<phi>(?:0?[1-9]|1[0-2])[/\-]" + YEAR4 + r")" + NA)))
    # Written: "March 14, 2019", "Mar 14 2019", "March 14th", "Mar. 14", "MARCH 14, 2019".
    add(Detector("date_month_day_year", "DATE", _rx(
        r"(?<![\w])(?P<phi>" + MONTH_DOT + r"\s*-?\s*" + DAY + r"(?:\s*,\s*|\s+|-)" + YEAR + r")"
        r"(?![\w])")))
    add(Detector("date_month_day", "DATE", _rx(
        r"(?<![\w])(?P<phi>" + MONTH_DOT + r"\s+" + DAY + r")(?![\w:]|\s*(?:mg|mcg|ml|units?)\b)"),
        reject_after=_rx(r"\s*(?:,?\s*(?:\d{2,4}|['’]\d\d))"),
        reject_before=_rx(r"(?:\bmay|\bwill|\bcan|\bshe|\bhe|\bthey|\bwe|\bi|\byou)\s*$")))
    # "14 March 2019", "14th of March, 2019", "3rd of June", "14-Mar-2019", "14MAR2019".
    add(Detector("date_day_month_year", "DATE", _rx(
        r"(?<![\w])(?P<phi>" + DAY + r"(?:\s+of\s+|\s*-\s*|\s+|(?=[a-z]))" + MONTH_DOT +
        r"(?:(?:\s*,\s*|\s+|\s*-\s*|(?=\d))" + YEAR + r")?)(?![\w])")))
    # "Monday, March 18", "Thu 5/30/2019": weekday and date as one span.
    add(Detector("date_weekday", "DATE", _rx(
        r"(?<![\w])(?P<phi>(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"(?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun))\.?,?\s+(?:the\s+)?(?:" + MONTH_DOT
        + r"\s+" + DAY + r"(?:,?\s+" + YEAR + r")?|" + DAY + r"(?:\s+of)?\s+" + MONTH_DOT
        + r"(?:,?\s+" + YEAR + r")?|\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?))(?![\w/])")))
    # "March 2019", "Mar. 2019", "March of 2019", "Mar-2019", "March '19".
    add(Detector("date_month_year", "DATE", _rx(
        r"(?<![\w])(?P<phi>" + MONTH_DOT + r"(?:\s+of\s+|\s*,?\s+|-)(?:" + YEAR4 + r"|['’]\d\d))"
        r"(?![\w])")))
    # Month alone in date context: "in March", "since January", "early December".
    add(Detector("date_month_alone", "DATE", _rx(
        r"(?<![\w])(?:in|since|during|early|mid|late|last|next|this|until|till|by|through|"
        r"from|of|before|after)[\s-]+(?P<phi>(?:January|February|March|April|June|July|"
        r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|"
        r"Oct|Nov|Dec|May))(?![\w])", flags=0), anchored=True))
    # Year alone in date context: "in 2019", "since 1998", "(2015)", "2015:".
    add(Detector("date_year", "DATE", _rx(
        r"(?<![\w])" + DATE_CONTEXT + r"(?:\s+(?:the\s+)?(?:year\s+)?|\s*[:\-~]\s*)"
        r"(?P<phi>" + YEAR4 + r")(?:s)?" + NA), reject_after=UNIT_AFTER, anchored=True))
    add(Detector("date_year_decade", "DATE", _rx(
        r"(?<![\w])(?:the\s+|early\s+|mid[\s-]|late\s+)(?P<phi>(?:19|20)\d0['’]?s)(?![\w])")))
    add(Detector("date_year_paren", "DATE", _rx(
        r"(?:\(|\bin\s+|\b(?:s/p|h/o|hx\s+of)\s+[\w\s]{2,40}?\s)(?P<phi>" + YEAR4 + r")(?=\)|\s*[,;.]|$)",
        flags=re.IGNORECASE | re.MULTILINE), reject_after=UNIT_AFTER))
    add(Detector("date_year_apostrophe", "DATE", _rx(
        r"(?<![\w'’])(?P<phi>['’]\d\d)(?![\w\"”'’]|\s*(?:in|inch|inches)\b)"),
        reject_before=_rx(r"\d\s*$")))

    # ---------------- AGE ----------------
    add(Detector("age_year_old", "AGE", _rx(
        r"(?<![\w.])(?P<phi>" + AGE_NUM + r")(?:\s*-\s*|\s+)?(?:\+\s*)?"
        r"(?:years?|yrs?|y)\s*-?\s*(?:old|o\b|/o\b|\.o\.?|of\s+age)")))
    add(Detector("age_yo", "AGE", _rx(
        r"(?<![\w.])(?P<phi>\d{1,3})\s*(?:yo|y/o|y\.o\.?|yr\.?\s*old|yrs\.?\s*old|yoM|yoF|"
        r"yo[mfw]|y/o[mf])(?![a-z])")))
    add(Detector("age_month_week_day_old", "AGE", _rx(
        r"(?<![\w.])(?P<phi>\d{1,3}|" + NUMBER_WORD + r")(?:\s*-\s*|\s+)"
        r"(?:months?|mos?|weeks?|wks?|days?)\s*-?\s*old")))
    add(Detector("age_context", "AGE", _rx(
        r"(?<![\w])(?:age[ds]?|aged|age\s+at\s+\w+|ages)\s*[:=]?\s*(?:of\s+|is\s+|was\s+|about\s+|"
        r"approximately\s+|~\s*)?(?P<phi>\d{1,3}|" + NUMBER_WORD + r")(?![\w]|\.\d|/\d|\s*(?:mg|%))"),
        anchored=True))
    add(Detector("age_paren", "AGE", _rx(
        r"\(\s*(?P<phi>\d{1,3})\s*(?:y|yo|y/o|yrs?|years?)\.?\s*(?:old\s*)?(?:,\s*[MF]\s*)?\)")))
    # "died at 80", "diagnosed with breast cancer at 52", "stroke at age 70".
    add(Detector("age_event", "AGE", _rx(
        r"(?<![\w])(?:died|death|passed\s+away|deceased|diagnosed|dx'?d|stroke|mi|cancer|onset|"
        r"menarche|menopause|retired|married|adopted|emigrated|immigrated|surgery|cabg)\b"
        r"[^.\n]{0,40}?\bat\s+(?:the\s+age\s+of\s+|age\s+)?(?P<phi>\d{1,3})"
        r"(?![\w:]|\.\d|\s*(?:am|pm|h\b|hrs|hours|%|mg|weeks|wks|days|months))"), anchored=True))
    # "daughter Susan, 61, lives nearby": a relative's age after the relative.
    add(Detector("age_relative", "AGE", _rx(
        r"(?<![\w])(?:son|daughter|mother|father|mom|dad|wife|husband|spouse|partner|brother|"
        r"sister|sibling|grandson|granddaughter|grandmother|grandfather|aunt|uncle|niece|nephew|"
        r"cousin|child|children|twin)\b(?:\s+[A-Z][a-z]+){0,2}\s*[,(]\s*(?:age\s*|aged\s*)?"
        r"(?P<phi>\d{1,3})\s*(?:y|yo|yrs?|years?)?\s*[,)]"), anchored=True))
    add(Detector("age_sex", "AGE", _rx(
        r"(?<![\w])(?:a|an|is|pt|patient|this|the|\d+\s*y?o?)\s+(?P<phi>\d{1,3})\s*(?:-\s*)?"
        r"(?:(?-i:[MF])|male|female|man|woman|boy|girl|gentleman|lady|yo|y/o)(?![\w/])"),
        anchored=True, reject_after=DEVICE_SIZE_AFTER))
    add(Detector("age_compact_sex", "AGE", _rx(
        r"(?:^|(?<=[\s(,;]))(?P<phi>\d{1,3})(?:[MF]|yo[MF])(?=[\s,;)]|$)",
        flags=re.MULTILINE), reject_after=DEVICE_SIZE_AFTER))
    add(Detector("age_sex_line_start", "AGE", _rx(
        r"^[ \t]*(?P<phi>\d{1,3})[ \t]?(?:[MF]|yo[MF])(?=[\s,;)])",
        flags=re.MULTILINE), reject_after=DEVICE_SIZE_AFTER))
    # Decades ("in his 60s") are not PHI under the label guide: no detector for them.

    # ---------------- CONTACT ----------------
    phone_body = (
        r"(?:\+?1[\s.\-]?)?(?:\(\s*\d{3}\s*\)\s*\d{3}[\s.\-]?|\d{3}(?P<sep>[\s.\-])\d{3}(?P=sep))\d{4}"
    )
    ext = r"(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})?"
    fax_ctx = r"(?:fax(?:ed|ing)?|facsimile|fx|\(f\)|f:)"
    # Up to 30 characters between "fax" and the number ("fax records to"), but not across
    # another contact word ("Fax: none. Phone: ...").
    fax_gap = r"(?:(?!phone|tel\b|call|cell|pager|mobile|beeper)[^\d\n]){0,30}?"
    add(Detector("fax", "FAX", _rx(
        r"(?<![\w])" + fax_ctx + fax_gap + r"(?P<phi>" + phone_body
        + ext + r"|\d{3}[\s.\-]\d{4})(?!\d)"), anchored=True))
    add(Detector("phone_nanp", "PHONE", _rx(
        r"(?<![\w\-/.])(?P<phi>" + phone_body + ext + r")(?![\d\-/])")))
    add(Detector("phone_international", "PHONE", _rx(
        r"(?<![\w])(?P<phi>\+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,4}(?:[\s.\-]\d{2,4}){1,4})"
        r"(?![\d])")))
    add(Detector("phone_context", "PHONE", _rx(
        r"(?<![\w])(?:phone|ph|tel|telephone|cell|mobile|mob|home|work|call|contact|callback|cb|"
        r"number|daytime|evening|emergency\s+contact)\.?(?:\s*(?:no\.?|number|\#))?\s*[:#]?"
        r"\s*(?:at\s+|is\s+)?(?P<phi>\d{3}[\s.\-]\d{4}" + ext + r"|\d{10})(?![\d\-/.%])"),
        anchored=True, reject_after=UNIT_AFTER))
    add(Detector("pager", "PHONE", _rx(
        r"(?<![\w])(?:beeper|bpr|pager|pgr|pg|page)\.?(?:\s*(?:no\.?|number|\#))?"
        r"\s*[:#]?\s*(?:at\s+|is\s+)?(?P<phi>\d{3}[\s.\-]\d{4}|\d{1,2}-\d{4}|\d{4,7})(?![\d\-/.%])"),
        anchored=True, reject_after=UNIT_AFTER))
    add(Detector("phone_extension", "PHONE", _rx(
        r"(?<![\w])(?:ext|extension)\.?\s*[:#]?\s*(?P<phi>\d{3,6})(?!\d)"), anchored=True))
    # "x4567" is an extension, but "3 x 4500" is a product: no digit just before the x.
    add(Detector("phone_extension_x", "PHONE", _rx(
        r"(?<![\w])x\s*(?P<phi>\d{3,6})(?![\d.])"),
        anchored=True, reject_before=_rx(r"\d\s*$"), reject_after=UNIT_AFTER))
    add(Detector("email", "EMAIL", _rx(
        r"(?<![\w.+\-])(?P<phi>[A-Z0-9][A-Z0-9._%+\-]*@[A-Z0-9](?:[A-Z0-9\-]*[A-Z0-9])?"
        r"(?:\.[A-Z0-9](?:[A-Z0-9\-]*[A-Z0-9])?)*\.[A-Z]{2,24})(?![\w\-])"), anchored=True))
    add(Detector("url", "URL", _rx(
        r"(?<![\w@])(?P<phi>(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?])"),
        anchored=True))
    add(Detector("url_domain", "URL", _rx(
        r"(?<![\w@.\-/])(?P<phi>[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*"
        r"\.(?:com|org|net|edu|gov|io|us|info|health|care|biz|co\.uk|mil)"
        r"(?:/[^\s<>\"'()]*[^\s<>\"'().,;:!?])?)(?![\w@\-])"), anchored=True))
    add(Detector("ipv4", "IPADDR", _rx(
        r"(?<![\w.])(?P<phi>\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)"),
        validator=v.ipv4, reject_before=VERSION_BEFORE, anchored=True))
    add(Detector("ipv6", "IPADDR", _rx(
        r"(?<![\w:])(?P<phi>(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?)(?![\w:])"),
        validator=v.ipv6, anchored=True))

    # ---------------- IDs ----------------
    add(Detector("ssn", "SSN", _rx(
        r"(?<![\w\-])(?P<phi>\d{3}([\- ])\d{2}\2\d{4})(?![\w\-])"), validator=v.ssn, anchored=True))
    add(Detector("ssn_context", "SSN", _rx(
        r"(?<![\w])(?:ssn|ss\#|soc\.?\s*sec\.?(?:\s*(?:no|number|\#))?|social\s+security(?:\s+"
        r"(?:no\.?|number|\#))?)\s*[:#]?\s*(?:is\s+)?(?P<phi>\d{3}[\- .]?\d{2}[\- .]?\d{4})(?!\d)"),
        validator=v.ssn, anchored=True))
    add(_id_detector("mrn", "MEDICALRECORD",
        r"mrn|mr\s*\#|mr\s*no\.?|med(?:ical)?\.?\s*rec(?:ord)?s?\.?|hospital\s+(?:no|number|\#)|"
        r"unit\s+(?:no|number|\#)|hosp\.?\s*\#|record\s*(?:\#|no|number)|patient\s+id|pt\.?\s*id|"
        r"chart\s*(?:\#|no\.?|number)|mr|emr\s+id|ehr\s+id"))
    add(_id_detector("account", "ACCOUNT",
        r"acct|account|acc\s*\#|acc\.?\s*no|billing(?:\s+(?:account|acct))?|encounter|enc|"
        r"visit\s*(?:\#|no|id|number)|fin|csn|har|invoice|claim"))
    add(_id_detector("healthplan", "HEALTHPLAN",
        r"member|membership|subscriber|policy|insurance|ins\.?|medicare|medicaid|mbi|hicn|"
        r"group|grp|plan|beneficiary|health\s*plan|insurer|payer|bcbs|blue\s+cross|masshealth|"
        r"medi-cal|tenncare|badgercare|ahcccs|chip|tricare|champva"))
    add(_id_detector("dea", "LICENSE", r"dea", validator=lambda t: len(t) >= 9))
    add(_id_detector("license", "LICENSE",
        r"licen[cs]e|lic\.?|npi|upin|state\s+lic(?:ense)?|medical\s+license|driver'?s?\s+licen[cs]e|"
        r"dl\s*\#|certificate|cert\.?|board\s+cert(?:ification)?|registration|reg\.?|permit|"
        r"nursing\s+license|rn\s+license"))
    add(Detector("dea_shape", "LICENSE", _rx(r"(?<![\w])(?P<phi>[ABFGMPRX][A-Z]\d{7})(?![\w])",
        flags=0), validator=v.dea, anchored=True))
    # Serial numbers, not model, lot or catalogue numbers (the label guide: model names and
    # lot numbers are not PHI; a vaccine's "Lot UJ473AB" identifies no one).
    add(_id_detector("device", "DEVICE",
        r"serial|s/n|sn|ser\.?\s*\#|device(?:\s+(?:id|identifier|serial))?|udi|"
        r"implant\s+(?:id|serial)|pacemaker(?:\s+(?:id|serial))?|icd\s+serial|pump\s+(?:id|serial)"))
    # An implant's lot does identify the device in the patient ("stent placed (lot 9031871-22)").
    add(_id_detector("device_implant_lot", "DEVICE",
        r"(?:stent|implant|pacemaker|valve|lens|iol|prosthesis|graft|defibrillator|icd|mesh|"
        r"screw|anchor|coil|clip|port|generator|lead)\b[^.\n]{0,40}?\blot"))
    add(_id_detector("bioid", "BIOID",
        r"fingerprint(?:\s+id)?|finger\s*print|retinal?\s+(?:scan|id)|iris\s+(?:scan|id)|"
        r"biometric(?:\s+(?:id|identifier|template))?|voice\s*print|palm\s*print|face\s+id|"
        r"facial\s+(?:recognition|template)|dna\s+(?:profile|id)|palm[\s-]*vein(?:\s+scan)?|"
        r"enrollment\s+id|hand\s+geometry|gait\s+signature"))
    add(_id_detector("idnum", "IDNUM",
        r"id|ident(?:ifier)?|specimen|accession|acc\.?|case|order|requisition|req\.?|"
        r"employee|badge|study|sample|lab\s+(?:no|\#|id)|path(?:ology)?|reference|ref\.?|"
        r"confirmation|ticket|tracking|barcode|tube|slide|block|report\s*(?:\#|no)|"
        r"container|kit|donor|unos|pin|passport|voucher|authori[sz]ation|auth|"
        r"prior\s+auth|rx|prescription|pharmacy\s+(?:id|no)|job|clia|lab\s+id|"
        r"transcription|document|doc|dictation|batch|run|well|plate|registry"))
    # Log-ins by their context word: "Login: mlopez9", "your username AKAPUSTK". Without a
    # colon the value must look like a log-in (a capital, digit, dot, underscore or hyphen),
    # so "login to the portal" claims nothing.
    login_ctx = (r"(?<![\w])(?i:log-?in(?:\s+id)?|user\s*name|user\s*id|userid|uid|reader\s+id|"
                 r"network\s+id|epic\s+id|sign-?on\s+id)")
    login = r"(?P<phi>[A-Za-z][A-Za-z0-9._\-]{0,30}[A-Za-z0-9])(?![\w@])"
    add(Detector("username", "USERNAME", _rx(login_ctx + r"\s*[:#=]\s*" + login),
        validator=lambda t: t.lower() not in _NOT_A_LOGIN, anchored=True))
    add(Detector("username_inline", "USERNAME", _rx(
        login_ctx + r"\s+(?:is\s+)?(?=[A-Za-z0-9._\-]*[A-Z0-9._\-])" + login, flags=0),
        validator=lambda t: t.lower() not in _NOT_A_LOGIN, anchored=True))
    # Record numbers by shape alone: 2-4 capitals glued to 6-10 digits ("SHBH4283171").
    add(Detector("alnum_id_shape", "IDNUM", _rx(
        r"(?<![\w\-/.])(?P<phi>[A-Z]{2,4}\d{6,10})(?![\w\-/])", flags=0)))
    add(Detector("accession_shape", "IDNUM", _rx(
        r"(?<![\w\-])(?P<phi>[A-Z]{1,3}\d{2}-\d{3,7})(?![\w\-])", flags=0)))
    add(Detector("vin", "VEHICLE", _rx(r"(?<![\w])(?P<phi>[A-HJ-NPR-Z0-9]{17})(?![\w])"),
        validator=v.vin, anchored=True))
    add(_id_detector("plate", "VEHICLE",
        r"(?:license|licence|tag|registration)\s+plate|plate|plates|vehicle|car|"
        # After "VIN" the value is a VIN even with a mistyped check digit (recall first);
        # without context the check digit decides (detector "vin").
        r"vin|"
        r"motorcycle|truck|tag"))

    # ---------------- LOCATION shapes ----------------
    add(Detector("zip_state", "ZIP", _rx(
        r"(?:\b" + STATES_ABBR + r"|" + STATES_FULL + r")\.?,?\s+(?P<phi>\d{5}(?:-\d{4})?)(?![\w\-])",
        flags=0)))
    add(Detector("zip_context", "ZIP", _rx(
        r"(?<![\w])(?:zip|zipcode|zip\s+code|postal\s+code|post\s+code)\s*[:#]?\s*"
        r"(?P<phi>\d{5}(?:-\d{4})?)(?![\w\-])"), anchored=True))
    name_word = r"(?:[A-Z][A-Za-z'\-]+|[A-Z]\.|\d{1,3}(?:st|nd|rd|th))"
    add(Detector("street", "STREET", _rx(
        r"(?<![\w\-/.])(?P<phi>\d{1,6}(?:-?[A-Z])?(?:-\d{1,5})?\s+(?:(?:N|S|E|W|NE|NW|SE|SW)\.?\s+)?"
        r"(?:" + name_word + r"\s+){1,4}" + r"(?i:" + STREET_SUFFIX_DOT + r")"
        r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?"
        r"(?:,?\s+(?i:" + UNIT + r")\.?\s*\#?\s*[A-Z0-9\-]{1,6}\b)?)(?![\w])", flags=0),
        validator=_not_an_order_line, anchored=True))
    add(Detector("po_box", "STREET", _rx(
        r"(?<![\w])(?P<phi>p\.?\s*o\.?\s*box\s+\d{1,6})(?![\w])")))
    # Wards named by floor and wing: "4 West", "6 North", "7 south".
    add(Detector("ward", "ROOM", _rx(
        r"(?<![\w.\-/])(?P<phi>\d{1,2}\s?(?:(?i:north|south|east|west)|NE|NW|SE|SW)"
        r"(?:\s?[A-Z0-9](?![\w]))?)(?![\w])", flags=0),
        reject_after=_rx(r"\s+(?:[A-Z][a-z]+\s+)?" + STREET_SUFFIX + r"\b")))
    add(Detector("room", "ROOM", _rx(
        r"(?<![\w])(?:room|rm|bed|bay|cubicle)\.?\s*[:#]?\s*(?P<phi>[A-Z]?\d{1,4}[A-Z]?"
        r"(?:-?[A-Z0-9]{1,3})?)(?![\w]|\.\d)"),
        anchored=True, reject_before=ROOM_REJECT_BEFORE, reject_after=ROOM_REJECT_AFTER))

    # Field labels and the free-text shapes of notes written by others (fields.py).
    from . import fields

    d.extend(fields.build_field_detectors())
    d.extend(fields.build_free_text_detectors())
    return d
