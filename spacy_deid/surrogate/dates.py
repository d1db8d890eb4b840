"""Dates: parse every form the detectors produce, shift by the patient's offset, write back alike.

A date span is split into tokens (numbers, month and weekday names, apostrophe years, and the
literal text between them), the tokens get roles (day, month, year, weekday) from their
sequence and values, and the shifted date is written back token by token: separators, zero
padding, ordinal suffixes ("14th" -> "2nd"), month-name style ("March" / "Mar" / "Sept") and
case, weekday style, two- or four-digit years and any attached time stay as they were.

Partial dates (documented choices):

* full date (d/m/y, any order or spelling): shifted by the offset; intervals between a
  patient's dates are preserved exactly.
* month and day without a year ("3/14", "March 14th", holidays): shifted inside a reference
  year (the year of the document's first full date, else 2000, a leap year).
* month and year ("03/2019", "Mar-2019", "March '19"): the 15th of that month is shifted and
  its month and year are written.
* month alone ("in March"): the 15th of that month in the reference year is shifted.
* year alone ("2019", "'19"): the year moves by the offset rounded to whole years, and by at
  least one year, so no detected year survives (intervals between year-only values are kept;
  between a year alone and a full date they may differ by a year, which a year-only value
  cannot state precisely anyway); decades ("the 1990s") move with the middle of the decade.
* weekday alone ("Monday", "mondays") and weekdays written with a date: moved by the offset
  modulo 7, which is the weekday of the shifted date.
* holidays ("Christmas", "Thanksgiving", "July 4th"): their (approximate, for movable feasts)
  date is shifted and written as "Month D" in the holiday's case.
* numeric dates whose day and month are both <= 12 are month-first unless the document shows
  day-first dates (a first field > 12), the separator is "." (European), or ``day_first`` is set.
* Spanish (``spanish=True``, the es_ES locale): month and weekday names are always written in
  Spanish ("12 de marzo de 2019" -> "3 de enero de 2019", "mar" -> "ene"), holidays as
  "D de mes"; the caller reads ambiguous numeric dates day first.

Anything else returns ``None``; the caller writes a ``[DATE]`` tag instead, never the original.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .common import apply_case, fold, strip_accents

# fmt: off
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
WEEKDAYS = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
# fmt: on
# Spanish names too (MEDDOCAN notes: "14 de marzo de 2019"); a surrogate keeps the language.
# fmt: off
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre")
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_ES_ONLY = frozenset(
    [m for m in MONTHS_ES] + [m[:3] for m in MONTHS_ES if m[:3] not in ("feb", "mar", "may", "jun",
                                                                        "jul", "sep", "oct", "nov")]
    + ["setiembre", "set"] + list(WEEKDAYS_ES) + ["miercoles", "sabado"]
)
# fmt: on
_MONTH_BY_NAME = {
    **{m.lower(): i + 1 for i, m in enumerate(MONTHS)},
    **{m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)},
    "sept": 9,
    **{m: i + 1 for i, m in enumerate(MONTHS_ES)},
    **{m[:3]: i + 1 for i, m in enumerate(MONTHS_ES)},
    "setiembre": 9,
    "set": 9,
}
_WEEKDAY_BY_NAME = {
    **{w.lower(): i for i, w in enumerate(WEEKDAYS)},
    **{w.lower() + "s": i for i, w in enumerate(WEEKDAYS)},
    **{w[:3].lower(): i for i, w in enumerate(WEEKDAYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
    **{w: i for i, w in enumerate(WEEKDAYS_ES)},
    "miercoles": 2,
    "sabado": 5,
}
# Words that may sit inside a date span and are kept as they are.
# fmt: off
_FILLERS = frozenset({
    "of", "the", "on", "at", "in", "since", "early", "mid", "late", "spring", "summer", "fall",
    "autumn", "winter", "around", "about", "approximately", "approx", "circa", "ca", "by", "until",
    "before", "after", "from", "during", "year", "day", "week", "month",
    "de", "del", "el", "desde", "hasta", "mediados", "principios", "finales",
    "en", "los", "año", "ano", "mes", "día", "dia", "primavera", "verano", "otoño", "otono",
    "invierno", "inicios", "comienzos", "fin", "hacia", "sobre", "aproximadamente",
})
# fmt: on
# Fixed or typical dates of the holidays the pattern file knows (movable feasts: a typical day).
# fmt: off
HOLIDAYS = {
    "christmas": (12, 25), "christmaseve": (12, 24), "christmasday": (12, 25), "xmas": (12, 25),
    "thanksgiving": (11, 24), "thanksgivingday": (11, 24), "easter": (4, 8), "eastersunday": (4, 8),
    "newyears": (1, 1), "newyear": (1, 1), "newyearsday": (1, 1), "newyearseve": (12, 31),
    "memorialday": (5, 28), "laborday": (9, 4), "labourday": (9, 4), "independenceday": (7, 4),
    "fourthofjuly": (7, 4), "halloween": (10, 31), "valentinesday": (2, 14), "mothersday": (5, 11),
    "fathersday": (6, 18), "hanukkah": (12, 15), "chanukah": (12, 15), "ramadan": (3, 25),
    "passover": (4, 10), "veteransday": (11, 11), "martinlutherkingday": (1, 18), "mlkday": (1, 18),
    "martinlutherkingjrday": (1, 18), "presidentsday": (2, 18), "goodfriday": (4, 6),
    "yomkippur": (9, 25), "roshhashanah": (9, 16), "kwanzaa": (12, 26), "diwali": (11, 1),
    "eid": (4, 10), "columbusday": (10, 10), "stpatricksday": (3, 17), "boxingday": (12, 26),
    "lunarnewyear": (2, 1), "chinesenewyear": (2, 1), "juneteenth": (6, 19),
    "newyearseveday": (12, 31),
}
# fmt: on
PIVOT = 50  # two-digit years: 00-49 -> 2000s, 50-99 -> 1900s (fixed, so runs are reproducible)
MIN_YEAR, MAX_YEAR = 1800, 2200

_TOKEN = re.compile(
    r"(?P<apos>['’‘`]\d\d)(?!\d)|(?P<num>\d+)(?P<ord>st|nd|rd|th)?|(?P<word>[^\W\d_]+)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:\s*(?:,|@|at)?\s*|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*(?:Z|[+\-]\d{2}:?\d{2}|[A-Z]{3}))?\s*$"
)
_MILITARY = re.compile(
    r"(?:\s*(?:,|@|at)?\s+)(?:[01]\d|2[0-3])[0-5]\d(?:\s*(?:h|hrs|hours))?\s*$", re.IGNORECASE
)
_TIME_AMPM = re.compile(r"(?:\s*(?:,|@|at)?\s+)(?:1[0-2]|0?[1-9])\s*(?:[AaPp]\.?[Mm]\.?)\s*$")
_DECADE = re.compile(r"(?<![\w'’])(?P<apos0>['’]?)(?P<num>\d{2}|\d{4})(?P<apos>['’]?)(?P<s>[sS])$")
_HOLIDAY_TAIL = re.compile(
    r"\s+(?:break|holidays?|vacation|weekend|week|time|season|festivities)$", re.IGNORECASE
)
_RANGE = re.compile(r"\s*(?:[-–—]|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\band\b)\s*", re.IGNORECASE)


@dataclass
class Tok:
    kind: str  # "lit", "num", "apos", "month", "weekday"
    text: str
    value: int = 0
    suffix: str = ""  # ordinal suffix of a number ("th")
    role: str = ""  # "day", "month", "year" for numbers; "month" / "weekday" for names


@dataclass
class ParsedDate:
    kind: str  # full, md, my, y, m, w, decade, holiday
    toks: List[Tok] = field(default_factory=list)
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    weekday: Optional[int] = None
    tail: str = ""  # attached time, kept verbatim
    text: str = ""
    pad: Optional[bool] = None  # zero padding, when known from elsewhere (the other end of a range)
    spanish: bool = False  # write month and weekday names in Spanish


def two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < PIVOT else 1900 + yy


def _tokenize(text: str) -> Optional[List[Tok]]:
    toks: List[Tok] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            toks.append(Tok("lit", text[pos : m.start()]))
        if m.group("apos"):
            toks.append(Tok("apos", m.group(), int(m.group()[1:])))
        elif m.group("num") is not None:
            toks.append(Tok("num", m.group("num"), int(m.group("num")), m.group("ord") or ""))
        else:
            w = m.group("word")
            lw = w.lower()
            if lw in _MONTH_BY_NAME:
                toks.append(Tok("month", w, _MONTH_BY_NAME[lw]))
            elif lw in _WEEKDAY_BY_NAME:
                toks.append(Tok("weekday", w, _WEEKDAY_BY_NAME[lw]))
            elif lw in _FILLERS:
                toks.append(Tok("lit", w))
            else:
                return None
        pos = m.end()
    if pos < len(text):
        toks.append(Tok("lit", text[pos:]))
    # Literal text may only be punctuation and spaces (and the filler words above).
    for t in toks:
        if (
            t.kind == "lit"
            and any(c.isalnum() for c in t.text)
            and t.text.lower().strip(" .,") not in _FILLERS
        ):
            return None
    return toks


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _separator(toks: List[Tok]) -> str:
    for t in toks:
        if t.kind == "lit" and t.text.strip():
            return t.text.strip()[:1]
    return ""


def parse_date(
    text: str, day_first: bool = False, evidence: Optional[bool] = None, ref_year: int = 2000
) -> Optional[ParsedDate]:
    """Parse a date span; ``None`` when it is not a date this module can shift safely.

    ``evidence``: the document's own answer to "day first?" (from unambiguous dates), which
    wins over the separator rule and over ``day_first``.
    """
    stripped = text.strip()
    f = fold(stripped)
    if f in HOLIDAYS:
        m, d = HOLIDAYS[f]
        return ParsedDate("holiday", [Tok("lit", text)], None, m, d, text=text)
    hm = _HOLIDAY_TAIL.search(stripped)
    if hm and hm.start() > 0 and fold(stripped[: hm.start()]) in HOLIDAYS:  # "Christmas break"
        m, d = HOLIDAYS[fold(stripped[: hm.start()])]
        head = text[: text.index(stripped) + hm.start()]
        return ParsedDate(
            "holiday", [Tok("lit", head)], None, m, d, tail=text[len(head) :], text=head
        )
    dm = _DECADE.search(stripped)
    if (
        dm
        and int(dm.group("num")) % 10 == 0
        and all(w in _FILLERS for w in re.findall(r"[^\W\d_]+", stripped[: dm.start()].lower()))
        and not re.search(r"\d", stripped[: dm.start()])
    ):
        num = dm.group("num")
        year = int(num) if len(num) == 4 else two_digit_year(int(num))
        return ParsedDate("decade", [Tok("lit", text)], year, text=text)
    for time_rx in (_TIME, None, _MILITARY, _TIME_AMPM):
        if time_rx is None:
            body, tail = text, ""
        else:
            tm = time_rx.search(text)
            if not tm or tm.start() == 0:
                continue
            body, tail = text[: tm.start()], text[tm.start() :]
        parsed = _parse_body(body, day_first, evidence, ref_year)
        if parsed is not None:
            parsed.tail = tail
            parsed.text = text
            return parsed
    return None


def _parse_body(
    text: str, day_first: bool, evidence: Optional[bool], ref_year: int
) -> Optional[ParsedDate]:
    toks = _tokenize(text)
    if not toks:
        return None
    sig = [t for t in toks if t.kind != "lit"]
    weekdays = [t for t in sig if t.kind == "weekday"]
    if len(weekdays) > 1:
        return None
    for w in weekdays:
        w.role = "weekday"
    sig = [t for t in sig if t.kind != "weekday"]
    if not sig:
        if weekdays:
            return ParsedDate("w", toks, weekday=weekdays[0].value)
        return None
    shape = "".join({"num": "N", "apos": "A", "month": "M"}[t.kind] for t in sig)
    y = m = d = None
    kind = ""

    def num_year(t: Tok) -> Optional[int]:
        if t.suffix:
            return None
        if len(t.text) == 4 and MIN_YEAR <= t.value <= MAX_YEAR:
            return t.value
        if len(t.text) == 2:
            return two_digit_year(t.value)
        return None

    def day_ok(t: Tok) -> bool:
        return 1 <= t.value <= 31 and len(t.text) <= 2

    def trailing_year(t: Tok) -> Optional[int]:
        """The year that ends a month-day date ("March 14, 2019", "14 Mar '19"), marked."""
        y = num_year(t) if t.kind == "num" else two_digit_year(t.value)
        if y is not None:
            t.role = "year"
        return y

    if shape == "N":
        t = sig[0]
        if len(t.text) == 8 and not t.suffix:
            a = (int(t.text[:4]), int(t.text[4:6]), int(t.text[6:]))
            b = (int(t.text[4:]), int(t.text[:2]), int(t.text[2:4]))
            for yy, mm, dd, roles in (
                (*a, ("year", 4, "month", 2, "day", 2)),
                (*b, ("month", 2, "day", 2, "year", 4)),
            ):
                if MIN_YEAR <= yy <= MAX_YEAR and _valid(yy, mm, dd):
                    t.role = "compact:" + ",".join(str(x) for x in roles)
                    return ParsedDate("full", toks, yy, mm, dd, _wd(weekdays))
            return None
        if len(t.text) == 4 and not t.suffix and MIN_YEAR <= t.value <= MAX_YEAR:
            t.role = "year"
            return ParsedDate("y", toks, t.value)
        return None
    if shape == "A":
        sig[0].role = "year"
        return ParsedDate("y", toks, two_digit_year(sig[0].value))
    if shape == "M":
        sig[0].role = "month"
        return ParsedDate("m", toks, month=sig[0].value)
    if shape in ("NNN", "NN"):
        a, b = sig[0], sig[1]
        if any(t.suffix for t in sig):
            return None
        if shape == "NNN" and len(a.text) == 4:  # ISO y-m-d
            if not (MIN_YEAR <= a.value <= MAX_YEAR):
                return None
            a.role, b.role, sig[2].role = "year", "month", "day"
            y, m, d, kind = a.value, b.value, sig[2].value, "full"
        elif shape == "NN" and len(a.text) == 4:  # 2019-03
            if not (MIN_YEAR <= a.value <= MAX_YEAR) or not 1 <= b.value <= 12 or len(b.text) > 2:
                return None
            a.role, b.role = "year", "month"
            y, m, kind = a.value, b.value, "my"
        elif shape == "NN" and len(b.text) == 4:  # 03/2019
            if not (MIN_YEAR <= b.value <= MAX_YEAR) or not 1 <= a.value <= 12 or len(a.text) > 2:
                return None
            a.role, b.role = "month", "year"
            y, m, kind = b.value, a.value, "my"
        else:
            if len(a.text) > 2 or len(b.text) > 2:
                return None
            if shape == "NNN":
                y = num_year(sig[2])
                if y is None:
                    return None
                sig[2].role = "year"
            first_is_day = _day_first(a.value, b.value, _separator(toks), day_first, evidence)
            if first_is_day is None:
                return None
            a.role, b.role = ("day", "month") if first_is_day else ("month", "day")
            d, m = (a.value, b.value) if first_is_day else (b.value, a.value)
            kind = "full" if shape == "NNN" else "md"
    elif shape in ("MN", "MNN", "MNA"):
        mt, dt_ = sig[0], sig[1]
        mt.role = "month"
        m = mt.value
        if shape == "MN" and len(dt_.text) == 4 and not dt_.suffix:
            if not (MIN_YEAR <= dt_.value <= MAX_YEAR):
                return None
            dt_.role = "year"
            y, kind = dt_.value, "my"
        else:
            if not day_ok(dt_):
                return None
            dt_.role = "day"
            d, kind = dt_.value, "md"
            if shape != "MN":
                y = trailing_year(sig[2])
                if y is None:
                    return None
                kind = "full"
    elif shape == "MA":
        sig[0].role, sig[1].role = "month", "year"
        m, y, kind = sig[0].value, two_digit_year(sig[1].value), "my"
    elif shape in ("NM", "NMN", "NMA"):
        dt_, mt = sig[0], sig[1]
        if len(dt_.text) == 4 and shape == "NMN" and not dt_.suffix:  # 2019 Mar 14
            if not (MIN_YEAR <= dt_.value <= MAX_YEAR) or not day_ok(sig[2]):
                return None
            dt_.role, mt.role, sig[2].role = "year", "month", "day"
            y, m, d, kind = dt_.value, mt.value, sig[2].value, "full"
        else:
            if not day_ok(dt_):
                return None
            dt_.role, mt.role = "day", "month"
            d, m, kind = dt_.value, mt.value, "md"
            if shape != "NM":
                y = trailing_year(sig[2])
                if y is None:
                    return None
                kind = "full"
    else:
        return None
    if m is None or not 1 <= m <= 12:
        return None
    if kind == "full" and not _valid(y, m, d):
        return None
    if kind == "md" and not (_valid(ref_year, m, d) or _valid(2000, m, d)):
        return None
    return ParsedDate(kind, toks, y, m, d, _wd(weekdays))


def _wd(weekdays: List[Tok]) -> Optional[int]:
    return weekdays[0].value if weekdays else None


def _day_first(
    a: int, b: int, sep: str, day_first: bool, evidence: Optional[bool]
) -> Optional[bool]:
    if a > 12 and b > 12:
        return None
    if a > 12:
        return True
    if b > 12:
        return False
    if evidence is not None:
        return evidence
    return True if sep == "." else day_first


# ---------------------------------------------------------------------------------------------
# Shifting and writing back
# ---------------------------------------------------------------------------------------------


def year_shift(offset_days: int) -> int:
    """Whole years for a year-only value: the rounded offset, but never 0 (the year must change)."""
    if offset_days == 0:
        return 0
    years = int((offset_days / 365.25) + (0.5 if offset_days >= 0 else -0.5))
    return years or (1 if offset_days > 0 else -1)


def shift_date(parsed: ParsedDate, offset_days: int, ref_year: int = 2000) -> Optional[str]:
    """The shifted date written in the original's format, or ``None``."""
    k = parsed.kind
    delta = dt.timedelta(days=offset_days)
    if k == "holiday":
        ref = ref_year if _valid(ref_year, parsed.month, parsed.day) else 2000
        new = dt.date(ref, parsed.month, parsed.day) + delta
        if parsed.spanish:
            return apply_case(parsed.text, f"{new.day} de {MONTHS_ES[new.month - 1]}") + parsed.tail
        return apply_case(parsed.text, f"{MONTHS[new.month - 1]} {new.day}") + parsed.tail
    if k == "decade":
        return _decade(parsed.text.strip(), parsed.year, offset_days, parsed.text)
    if k == "w":
        return _write(parsed, None, (parsed.weekday + offset_days) % 7)
    if k == "y":
        new_year = parsed.year + year_shift(offset_days)
        if not MIN_YEAR <= new_year <= MAX_YEAR:
            return None
        return _write(parsed, (new_year, None, None), None)
    if k == "m":
        new = dt.date(ref_year, parsed.month, 15) + delta
        return _write(parsed, (None, new.month, None), None)
    if k == "my":
        new = dt.date(parsed.year, parsed.month, 15) + delta
        return _write(parsed, (new.year, new.month, None), None)
    if k == "md":
        ref = ref_year if _valid(ref_year, parsed.month, parsed.day) else 2000
        new = dt.date(ref, parsed.month, parsed.day) + delta
        wd = (parsed.weekday + offset_days) % 7 if parsed.weekday is not None else None
        return _write(parsed, (None, new.month, new.day), wd)
    if k == "full":
        new = dt.date(parsed.year, parsed.month, parsed.day) + delta
        if not MIN_YEAR <= new.year <= MAX_YEAR:
            return None
        wd = (parsed.weekday + offset_days) % 7 if parsed.weekday is not None else None
        return _write(parsed, (new.year, new.month, new.day), wd)
    return None


def _decade(text: str, year: int, offset_days: int, original: str) -> str:
    mid = year + 5 + year_shift(offset_days)
    decade = mid - mid % 10
    m = _DECADE.search(original)
    num = m.group("num")
    new = str(decade) if len(num) == 4 else f"{decade % 100:02d}"
    return original[: m.start("num")] + new + original[m.end("num") :]


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def pad_evidence(toks: List[Tok]) -> Optional[bool]:
    """Whether the day/month fields are zero-padded, when the date itself shows it."""
    for t in toks:
        if t.kind == "num" and t.role in ("day", "month"):
            if len(t.text) == 1:
                return False
            if t.text.startswith("0"):
                return True
    return None


def _padded(parsed: ParsedDate) -> bool:
    """Zero padding of the day/month fields. When every field is two digits >= 10 the date does
    not show it: fixed-width forms (a four-digit year and no spaces: "12/14/2019",
    "14-Mar-2019", "2019-12-14") are taken as padded, spaced or two-digit-year forms not."""
    if parsed.pad is not None:
        return parsed.pad
    evidence = pad_evidence(parsed.toks)
    if evidence is not None:
        return evidence
    has_year4 = any(t.kind == "num" and t.role == "year" and len(t.text) == 4 for t in parsed.toks)
    spaced = any(t.kind == "lit" and any(c.isspace() for c in t.text) for t in parsed.toks)
    return has_year4 and not spaced


def _write(parsed: ParsedDate, ymd: Optional[Tuple], weekday: Optional[int]) -> str:
    y, m, d = ymd if ymd else (None, None, None)
    padded = _padded(parsed)
    out: List[str] = []
    for i, t in enumerate(parsed.toks):
        if t.kind == "lit":
            out.append(t.text)
        elif t.role.startswith("compact:"):
            spec = t.role.split(":", 1)[1].split(",")
            vals = {"year": y, "month": m, "day": d}
            out.append("".join(f"{vals[spec[i]]:0{spec[i + 1]}d}" for i in range(0, len(spec), 2)))
        elif t.role == "weekday":
            out.append(
                _spanish_name(t.text, WEEKDAYS_ES[weekday])
                if parsed.spanish
                else _weekday_name(t.text, weekday)
            )
        elif t.kind == "month":
            nxt = parsed.toks[i + 1].text if i + 1 < len(parsed.toks) else ""
            compact = not any(
                x.kind == "lit" and any(c.isspace() for c in x.text) for x in parsed.toks
            )
            out.append(
                _spanish_name(t.text, MONTHS_ES[m - 1])
                if parsed.spanish
                else _month_name(
                    t.text, m, (compact and len(parsed.toks) > 1) or nxt.startswith(".")
                )
            )
        elif t.role == "year":
            if t.kind == "apos":
                out.append(t.text[0] + f"{y % 100:02d}")
            elif len(t.text) == 2:
                out.append(f"{y % 100:02d}")
            else:
                out.append(str(y))
        elif t.role in ("day", "month"):
            v = d if t.role == "day" else m
            if t.text.startswith("0") or (len(t.text) == 2 and padded):
                s = f"{v:02d}"
            else:
                s = str(v)
            if t.suffix:
                suf = _ordinal(v)
                s += suf.upper() if t.suffix.isupper() else suf
            out.append(s)
        else:
            out.append(t.text)
    return "".join(out) + parsed.tail


def _month_name(original: str, month: int, compact: bool = False) -> str:
    """Same style: full name, three-letter abbreviation, or "Sept"; "May" counts as an
    abbreviation in compact forms ("01-May-2019", "01MAY2019") and as a full name otherwise."""
    full = MONTHS[month - 1]
    lo = original.lower()
    if lo in _ES_ONLY:
        name = MONTHS_ES[month - 1] if len(lo) > 3 else MONTHS_ES[month - 1][:3]
        return apply_case(original, name)
    if (lo == "may" and not compact) or len(lo) > 4 or lo in ("june", "july"):
        name = full
    elif lo == "sept" and month == 9:
        name = "Sept"
    else:
        name = full[:3]
    return apply_case(original, name)


def _spanish_name(original: str, full: str) -> str:
    """A Spanish month or weekday name in the original's style: full, or a three-letter
    abbreviation ("mar" -> "ene", "sept" -> "dic"), without accents where the original has
    none."""
    lo = original.lower()
    name = full if len(lo) > 4 or lo == "mayo" else full[:3]
    if lo in ("miercoles", "sabado"):  # a note written without accents
        name = strip_accents(name)
    return apply_case(original, name)


def _weekday_name(original: str, weekday: int) -> str:
    full = WEEKDAYS[weekday]
    lo = original.lower()
    if lo in _ES_ONLY:
        return apply_case(original, WEEKDAYS_ES[weekday])
    if lo.endswith("s") and lo[:-1] in (w.lower() for w in WEEKDAYS):
        name = full + "s"
    elif lo in (w.lower() for w in WEEKDAYS):
        name = full
    elif len(lo) >= 4 and weekday in (1, 3):
        name = {1: "Tues", 3: "Thur" if len(lo) == 4 else "Thurs"}[weekday]
    else:
        name = full[:3]
    return apply_case(original, name)


def shift_text(
    text: str,
    offset_days: int,
    *,
    day_first: bool = False,
    evidence: Optional[bool] = None,
    ref_year: int = 2000,
    spanish: bool = False,
) -> Optional[str]:
    """Parse, shift and write back one date span (or a range of two); ``None`` if unparseable."""
    parsed = parse_date(text, day_first, evidence, ref_year)
    if parsed is not None:
        parsed.spanish = spanish
        return shift_date(parsed, offset_days, ref_year)
    for m in _RANGE.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        if not left.strip() or not right.strip():
            continue
        a = parse_date(left, day_first, evidence, ref_year)
        b = parse_date(right, day_first, evidence, ref_year)
        if a is not None and b is not None:
            a.spanish = b.spanish = spanish
            ea, eb = pad_evidence(a.toks), pad_evidence(b.toks)
            a.pad = ea if ea is not None else eb
            b.pad = eb if eb is not None else ea
            sa, sb = shift_date(a, offset_days, ref_year), shift_date(b, offset_days, ref_year)
            if sa is not None and sb is not None:
                return sa + m.group() + sb
    return None


# ---------------------------------------------------------------------------------------------
# Document evidence
# ---------------------------------------------------------------------------------------------

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?(?!\d)")
_YEAR4 = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def document_evidence(date_texts: List[str]) -> Tuple[Optional[bool], Optional[int]]:
    """(day_first evidence, reference year) from a document's date spans."""
    votes_df = votes_mf = 0
    ref_year = None
    for text in date_texts:
        for m in _NUMERIC.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                votes_df += 1
            elif b > 12 >= a:
                votes_mf += 1
        if ref_year is None:
            parsed = parse_date(text)
            if parsed is not None and parsed.year is not None and parsed.kind == "full":
                ref_year = parsed.year
    evidence = None
    if votes_df and not votes_mf:
        evidence = True
    elif votes_mf and not votes_df:
        evidence = False
    return evidence, ref_year
