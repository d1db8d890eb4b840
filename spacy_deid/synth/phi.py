"""PHI value factories and their surface forms.

Why separate values from surface forms: real notes mention one identity in many shapes
("WHITFIELD, HAROLD J", "Mr. Whitfield", "Harold", "H. Whitfield"; "03/14/2019", "3/14",
"14-Mar-2019"), and a model must learn all of them while gold spans stay exact. So a patient,
a clinician or a hospital is created once (and shared by all of a patient's notes), and each
mention asks for a *form* of it. Forms are named so that :mod:`.splits` can hold some back
from training. Every form returns segments in which titles ("Dr.", "Mr."), credentials ("MD")
and field words ("Room", "ext.") stay outside the span, per the project's annotation
conventions (corpus/samples/build_samples.py).

Names come from faker's per-locale name lists (read directly and sampled with our own seeded
RNG: deterministic and ~50x faster than faker's API), only from locales whose lists are in
Latin script (zh_CN and ja_JP through faker's romanised lists). Each name span records its
origin locale so recall can be reported by origin; "word" marks names that are also English
words, months or eponyms (April, Will, Baker, Foley).
"""
from __future__ import annotations

import datetime as dt
import importlib
import random
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ..patterns.validators import luhn_check_digit
from . import vocab
from .builder import Seg, Segs, phi, strip_accents
from .splits import Policy

# ---------------------------------------------------------------------------------------------
# Name lists
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pool:
    values: Tuple[str, ...]
    cum: Optional[Tuple[float, ...]] = None

    def draw(self, rng: random.Random) -> str:
        if self.cum is None:
            return self.values[int(rng.random() * len(self.values))]
        return rng.choices(self.values, cum_weights=self.cum)[0]


def _pool(obj) -> _Pool:
    if isinstance(obj, dict):
        values, cum, total = [], [], 0.0
        for k, w in obj.items():
            total += float(w)
            values.append(k)
            cum.append(total)
        return _Pool(tuple(values), tuple(cum))
    return _Pool(tuple(obj))


@dataclass(frozen=True)
class _Names:
    male: _Pool
    female: _Pool
    last: _Pool
    middle: Optional[_Pool] = None


@lru_cache(maxsize=None)
def names_for(locale: str) -> _Names:
    """Latin-script first and last name pools for one faker locale."""
    if locale == "word":
        return _Names(_Pool(vocab.WORD_FIRST_NAMES_M), _Pool(vocab.WORD_FIRST_NAMES_F), _Pool(vocab.WORD_SURNAMES))
    P = importlib.import_module(f"faker.providers.person.{locale}").Provider
    if locale in ("zh_CN",):
        first = _pool(P.first_romanized_names)
        return _Names(first, first, _pool(P.last_romanized_names))
    if locale == "ja_JP":
        return _Names(_pool(P.first_romanized_names_male), _pool(P.first_romanized_names_female),
                      _pool(P.last_romanized_names))
    if locale == "pl_PL":
        return _Names(_pool(P.first_names_male), _pool(P.first_names_female),
                      _pool(tuple(P.male_last_names) + tuple(P.unisex_last_names)))
    if locale == "en_PK":
        first = _pool(P.first_names)
        return _Names(first, first, _pool(P.last_names))
    male = getattr(P, "first_names_male", None) or P.first_names
    female = getattr(P, "first_names_female", None) or P.first_names
    middle = _pool(P.middle_names) if locale == "vi_VN" else None
    if locale == "vi_VN":
        male = tuple(P.first_names_male) + tuple(P.first_names_unisex)
        female = tuple(P.first_names_female) + tuple(P.first_names_unisex)
    return _Names(_pool(male), _pool(female), _pool(P.last_names), middle)


_ACCENT_FOLD = {"vi_VN": 0.7, "ga_IE": 0.35, "de_DE": 0.3, "fr_FR": 0.3, "es_MX": 0.35, "es_ES": 0.3,
                "pt_BR": 0.4, "pl_PL": 0.4, "it_IT": 0.2, "yo_NG": 0.5, "ig_NG": 0.5}


def _feminine_polish(last: str) -> str:
    for m, f in (("cki", "cka"), ("dzki", "dzka"), ("ski", "ska")):
        if last.endswith(m):
            return last[: -len(m)] + f
    return last


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    sex: str  # "M" or "F"
    first_origin: str
    last_origin: str
    middle: str = ""  # a full middle name or ""; forms decide whether to show an initial
    nickname: str = ""

    def origin(self, first: bool = True, last: bool = True) -> str:
        used = ([self.first_origin] if first else []) + ([self.last_origin] if last else [])
        if "word" in used:
            return "word"
        return used[0] if used else self.last_origin

    @property
    def mi(self) -> str:
        return self.middle[:1].upper() if self.middle else ""

    @property
    def initials(self) -> str:
        parts = [self.first[:1], self.mi, self.last.replace("'", "")[:1]]
        return "".join(p for p in parts if p).upper()


def make_person(rng: random.Random, locale: str, sex: Optional[str] = None, last: Optional[str] = None,
                last_origin: Optional[str] = None) -> Person:
    sex = sex or rng.choice("MF")
    if locale == "word":
        # A word-name in first or last position (or both), with an ordinary en_US other part.
        us = names_for("en_US")
        words = names_for("word")
        r = rng.random()
        first_word = r < 0.55 or r > 0.9
        last_word = r >= 0.55
        first = (words.male if sex == "M" else words.female).draw(rng) if first_word else \
            (us.male if sex == "M" else us.female).draw(rng)
        surname = words.last.draw(rng) if last_word else us.last.draw(rng)
        person = Person(first, surname, sex, "word" if first_word else "en_US", "word" if last_word else "en_US")
    else:
        pools = names_for(locale)
        first = (pools.male if sex == "M" else pools.female).draw(rng)
        surname = pools.last.draw(rng)
        if locale == "en_US" and rng.random() < 0.08:
            surname = rng.choice(vocab.EXTRA_US_SURNAMES)
        if locale in ("es_MX", "es_ES") and rng.random() < 0.35:
            surname = f"{surname}{rng.choice([' ', '-'])}{pools.last.draw(rng)}"
        if locale == "pl_PL" and sex == "F":
            surname = _feminine_polish(surname)
        if locale == "zh_CN" and rng.random() < 0.5:
            first = first + pools.male.draw(rng).lower()
        person = Person(first, surname, sex, locale, locale)
        if pools.middle is not None and rng.random() < 0.6:
            person.middle = pools.middle.draw(rng)
        if rng.random() < _ACCENT_FOLD.get(locale, 0.0):
            person.first, person.last = strip_accents(person.first), strip_accents(person.last)
            person.middle = strip_accents(person.middle)
    if last is not None:  # relatives often share the surname
        person.last, person.last_origin = last, last_origin or person.last_origin
    if not person.middle and rng.random() < 0.45:
        person.middle = names_for("en_US").male.draw(rng) if rng.random() < 0.5 else names_for("en_US").female.draw(rng)
    nick = vocab.NICKNAMES.get(person.first)
    if nick and rng.random() < 0.5:
        person.nickname = rng.choice(nick)
    return person


# ---------------------------------------------------------------------------------------------
# Name surface forms
# ---------------------------------------------------------------------------------------------

PATIENT_HEADER_FORMS = ("last_first_caps", "last_first_caps_mi", "last_first", "last_first_mi", "first_last",
                        "first_mi_last", "first_last_caps", "hl7", "last_first_nospace", "caps_last_first")
PATIENT_NARRATIVE_FORMS = ("title_last", "title_last", "title_last", "first_last", "first_only", "initial_last",
                           "first_mi_last", "nickname", "last_only")
STAFF_FORMS = ("dr_full", "full_cred", "init_cred", "last_first_cred", "dr_last", "caps_last_first",
               "first_init_last", "full_plain", "last_initial", "last_comma_initial")


def patient_name(rng: random.Random, person: Person, form: str, label: str = "PATIENT") -> Segs:
    """One mention of a patient (or relative) in the given form; titles stay outside the span."""
    f, l, m = person.first, person.last, person.mi
    if form == "nickname" and not person.nickname:
        form = "first_only"
    if form == "last_only":
        return [phi(l, label, person.origin(first=False))]
    if form == "title_last":
        title = rng.choice(("Mr. ", "Mr ", "Mr. ")) if person.sex == "M" else \
            rng.choice(("Mrs. ", "Ms. ", "Ms ", "Miss ", "Ms. "))
        return [Seg(title), phi(l, label, person.origin(first=False))]
    if form == "first_only":
        return [phi(f, label, person.origin(last=False))]
    if form == "nickname":
        return [phi(person.nickname, label, person.origin(last=False))]
    if form == "initial_last":
        return [phi(f"{f[0]}. {l}", label, person.origin(first=False))]
    origin = person.origin()
    value = {
        "last_first_caps": f"{l}, {f}".upper(),
        "last_first_caps_mi": (f"{l}, {f} {m}" if m else f"{l}, {f}").upper(),
        "last_first": f"{l}, {f}",
        "last_first_mi": f"{l}, {f} {m}." if m else f"{l}, {f}",
        "first_last": f"{f} {l}",
        "first_mi_last": f"{f} {m}. {l}" if m else f"{f} {l}",
        "first_last_caps": f"{f} {l}".upper(),
        "hl7": (f"{l}^{f}^{m}" if m else f"{l}^{f}").upper(),
        "last_first_nospace": f"{l},{f}",
        "caps_last_first": f"{l.upper()} {f}",
        "full_middle": f"{f} {person.middle} {l}" if person.middle else f"{f} {l}",
    }.get(form)
    if value is None:
        raise ValueError(f"unknown patient name form {form!r}")
    return [phi(value, label, origin)]


@dataclass
class Staff:
    person: Person
    role: str  # key of vocab.CREDENTIALS
    cred: str
    username: str
    pager: str
    npi: str
    dea: str
    state_license: str
    email: str
    service: str = ""

    @property
    def is_doctor(self) -> bool:
        return self.role in ("physician", "psych") and self.cred in ("MD", "DO", "MD, PhD", "MD, FACC", "MD, FACS", "MBBS")


def staff_name(rng: random.Random, s: Staff, form: str, cred: bool = True) -> Segs:
    """One mention of a clinician; "Dr." and credentials stay outside the DOCTOR span."""
    p = s.person
    f, l, m = p.first, p.last, p.mi
    c = s.cred
    dr = s.is_doctor
    if not dr and form in ("dr_full", "dr_last"):
        form = "full_cred"
    credit = (rng.choice((", ", " ")) + c) if cred else ""
    if form == "dr_full":
        return [Seg(rng.choice(("Dr. ", "Dr ", "Dr. "))), phi(f"{f} {l}", "DOCTOR", p.origin())]
    if form == "dr_last":
        return [Seg(rng.choice(("Dr. ", "Dr ", "Dr. ", "DR. "))), phi(l, "DOCTOR", p.origin(first=False))]
    if form == "full_cred":
        return [phi(f"{f} {m}. {l}" if (m and rng.random() < 0.3) else f"{f} {l}", "DOCTOR", p.origin()), Seg(credit)]
    if form == "full_plain":
        return [phi(f"{f} {l}", "DOCTOR", p.origin())]
    if form == "init_cred":
        return [phi(f"{f[0]}. {l}", "DOCTOR", p.origin(first=False)), Seg(credit)]
    if form == "first_init_last":
        return [phi(f"{f[0]} {l}" if rng.random() < 0.3 else f"{f[0]}. {l}", "DOCTOR", p.origin(first=False))]
    if form == "last_first_cred":
        return [phi(f"{l}, {f}", "DOCTOR", p.origin()), Seg(f" {c}" if cred else "")]
    if form == "caps_last_first":
        return [phi(f"{l}, {f}".upper(), "DOCTOR", p.origin()), Seg(f" {c}" if cred else "")]
    if form == "last_initial":
        return [phi(f"{l} {f[0]}", "DOCTOR", p.origin(first=False))]
    if form == "last_comma_initial":
        return [phi(f"{l}, {f[0]}.", "DOCTOR", p.origin(first=False))]
    raise ValueError(f"unknown staff name form {form!r}")


def make_username(rng: random.Random, p: Person) -> str:
    f = strip_accents(p.first).lower().replace(" ", "").replace("-", "").replace("'", "")
    l = strip_accents(p.last).lower().replace(" ", "").replace("-", "").replace("'", "").replace(".", "")
    pattern = rng.randrange(7)
    if pattern == 0:
        u = f[0] + l[:7]
    elif pattern == 1:
        u = f[0] + l[:7] + str(rng.randint(1, 9))
    elif pattern == 2:
        u = f"{f}.{l}"
    elif pattern == 3:
        u = l[:6] + f[0]
    elif pattern == 4:
        u = (f[0] + (p.mi.lower() or "x") + l[:6])
    elif pattern == 5:
        u = f"{f[0]}{l[:5]}{rng.randint(10, 99)}"
    else:
        u = l[:8]
    return u.upper() if rng.random() < 0.1 else u


# ---------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------

_UP = string.ascii_uppercase
_DIG = string.digits


def digits(rng: random.Random, n: int, lead_nonzero: bool = False) -> str:
    s = "".join(rng.choice(_DIG) for _ in range(n))
    if lead_nonzero and s[0] == "0":
        s = str(rng.randint(1, 9)) + s[1:]
    return s


def letters(rng: random.Random, n: int, alphabet: str = _UP) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def npi(rng: random.Random) -> str:
    body = rng.choice("12") + digits(rng, 8)
    return body + luhn_check_digit("80840" + body)


def dea(rng: random.Random, last: str) -> str:
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    initial = strip_accents(last)[:1].upper()
    if initial not in _UP:
        initial = "X"
    return rng.choice("ABFM") + initial + "".join(map(str, d)) + str(check)


def ssn(rng: random.Random) -> Tuple[int, int, int]:
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    return area, rng.randint(1, 99), rng.randint(1, 9999)


def ssn_form(parts: Tuple[int, int, int], form: str) -> str:
    a, g, s = parts
    if form == "spaced":
        return f"{a:03d} {g:02d} {s:04d}"
    if form == "plain":
        return f"{a:03d}{g:02d}{s:04d}"
    return f"{a:03d}-{g:02d}-{s:04d}"


_VIN_ALPHA = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VAL = {**{str(i): i for i in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
            **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_W = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin(rng: random.Random) -> str:
    chars = [rng.choice(_VIN_ALPHA) for _ in range(17)]
    chars[9] = rng.choice("ABCDEFGHJKLMNPRSTVWXY123456789")  # model year
    total = sum(_VIN_VAL[c] * w for c, w in zip(chars, _VIN_W))
    chars[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(chars)


def plate(rng: random.Random) -> str:
    k = rng.randrange(5)
    if k == 0:
        return f"{rng.randint(1, 9)}{letters(rng, 3)}{digits(rng, 3)}"
    if k == 1:
        return f"{letters(rng, 3)} {digits(rng, 4)}"
    if k == 2:
        return f"{letters(rng, 3)}-{digits(rng, 4)}"
    if k == 3:
        return f"{digits(rng, 3)} {letters(rng, 3)}"
    return f"{rng.randint(1, 9)}{letters(rng, 2)}{rng.randint(1, 9)}{letters(rng, 1)}{digits(rng, 2)}"


def medicare_mbi(rng: random.Random) -> str:
    al = "ACDEFGHJKMNPQRTUVWXY"
    an = al + _DIG
    s = (str(rng.randint(1, 9)) + rng.choice(al) + rng.choice(an) + rng.choice(_DIG) + rng.choice(al)
         + rng.choice(an) + rng.choice(_DIG) + rng.choice(al) + rng.choice(al) + rng.choice(_DIG) + rng.choice(_DIG))
    return f"{s[:4]}-{s[4:7]}-{s[7:]}" if rng.random() < 0.5 else s


def member_id(rng: random.Random, org: str) -> str:
    pre = "".join(w[0] for w in org.replace("&", " ").split() if w[:1].isalpha()).upper()[:3] or "XHP"
    k = rng.randrange(5)
    if k == 0:
        return f"{pre}{digits(rng, 8)}-0{rng.randint(1, 4)}"
    if k == 1:
        return f"{pre}{digits(rng, 9)}"
    if k == 2:
        return f"W{digits(rng, 9)}"
    if k == 3:
        return f"{letters(rng, 3)}{digits(rng, 6)}{letters(rng, 1)}"
    return digits(rng, 12, True)


def device_serial(rng: random.Random) -> str:
    k = rng.randrange(6)
    if k == 0:
        return f"{letters(rng, 3)}{digits(rng, 8)}"
    if k == 1:
        return f"{letters(rng, 3)}{digits(rng, 6)}{letters(rng, 1)}"
    if k == 2:
        return f"{digits(rng, 7)}-{digits(rng, 2)}"
    if k == 3:
        return f"{rng.randint(0, 9)}{letters(rng, 3, _UP + _DIG)}{letters(rng, 5, _UP + _DIG)}"
    if k == 4:
        return f"SN{digits(rng, 9)}"
    return f"{letters(rng, 2)}{digits(rng, 4)}-{letters(rng, 1)}{digits(rng, 3)}"


def bioid(rng: random.Random) -> Tuple[str, str]:
    kind = rng.choice(("palm-vein", "fingerprint", "voiceprint", "retinal scan", "facial recognition"))
    pre = {"palm-vein": "PV", "fingerprint": "FP", "voiceprint": "VP", "retinal scan": "RS",
           "facial recognition": "FR"}[kind]
    k = rng.randrange(3)
    if k == 0:
        return kind, f"{pre}-{digits(rng, 5)}-{rng.randint(0, 9)}"
    if k == 1:
        return kind, f"{pre}-{digits(rng, 5)}-{letters(rng, 2)}"
    return kind, f"{pre}{digits(rng, 8)}"


def accession(rng: random.Random, prefix: str, year: int) -> str:
    yy = year % 100
    k = rng.randrange(4)
    if k == 0:
        return f"{prefix}-{yy:02d}-{digits(rng, 5)}"
    if k == 1:
        return f"{prefix}{yy:02d}-{digits(rng, 7)}"
    if k == 2:
        return f"{prefix}{yy:02d}-{digits(rng, 3)}-{digits(rng, 4)}"
    return f"{prefix}{digits(rng, 8)}"


def ip_address(rng: random.Random, private: Optional[bool] = None) -> str:
    private = rng.random() < 0.6 if private is None else private
    if private:
        k = rng.randrange(3)
        if k == 0:
            return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if k == 1:
            return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    first = rng.choice([24, 50, 64, 66, 67, 68, 69, 71, 73, 74, 75, 76, 96, 98, 107, 108, 173, 174, 184])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


# ---------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------

_AREA = {"MA": ("617", "508", "781", "978", "413", "774", "857", "339", "351"), "NY": ("212", "518", "716", "585", "315", "718", "914"),
         "CA": ("213", "310", "415", "559", "619", "916", "951", "831"), "TX": ("214", "512", "713", "915", "956", "806"),
         "FL": ("305", "407", "813", "904", "352", "239"), "IL": ("312", "773", "309", "815"), "PA": ("215", "412", "610", "717"),
         "OH": ("216", "614", "513", "419"), "NH": ("603",), "RI": ("401",), "CT": ("203", "860"), "ME": ("207",), "VT": ("802",)}


@dataclass(frozen=True)
class Phone:
    area: str
    exchange: str
    line: str

    def fmt(self, form: str) -> str:
        a, e, n = self.area, self.exchange, self.line
        return {
            "paren": f"({a}) {e}-{n}",
            "paren_tight": f"({a}){e}-{n}",
            "dash": f"{a}-{e}-{n}",
            "space": f"{a} {e} {n}",
            "one_dash": f"1-{a}-{e}-{n}",
            "dotted": f"{a}.{e}.{n}",
            "intl": f"+1 {a} {e} {n}",
            "local": f"{e}-{n}",
        }[form]


PHONE_FORMS = ("paren", "paren", "dash", "dash", "dash", "space", "one_dash", "paren_tight", "dotted", "intl")


def make_phone(rng: random.Random, state: str = "") -> Phone:
    area = rng.choice(_AREA.get(state) or (str(rng.randint(2, 9)) + digits(rng, 2),))
    if area[1:] == "11":
        area = area[0] + "12"
    exchange = "555" if rng.random() < 0.1 else f"{rng.randint(2, 9)}{digits(rng, 2)}"
    return Phone(area, exchange, digits(rng, 4))


def toll_free(rng: random.Random) -> Phone:
    return Phone(rng.choice(("800", "888", "877", "866")), f"{rng.randint(2, 9)}{digits(rng, 2)}", digits(rng, 4))


# ---------------------------------------------------------------------------------------------
# Places and organisations
# ---------------------------------------------------------------------------------------------


def _surname(rng: random.Random) -> str:
    """A surname for place and organisation names (one word, ASCII, as such names are written)."""
    for _ in range(20):
        name = names_for(rng.choice(("en_US", "en_US", "en_GB", "it_IT", "de_DE", "es_MX"))).last.draw(rng) \
            if rng.random() < 0.85 else rng.choice(vocab.WORD_SURNAMES)
        if name.isalpha():
            return strip_accents(name)
    return "Foster"


def fill_pattern(rng: random.Random, pattern: str, city: str = "", state: str = "") -> str:
    fields = {
        "place": rng.choice(vocab.PLACE_WORDS), "surname": _surname(rng), "surname2": _surname(rng), "saint": rng.choice(vocab.SAINTS),
        "city": city or rng.choice(vocab.CITIES)[0], "state": vocab.STATES.get(state, "Massachusetts"),
        "street": rng.choice(vocab.STREET_NAMES).split()[0],
    }
    return pattern.format(**fields)


_ABBR_SKIP = {"of", "the", "and", "&", "for"}


def abbreviation(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _ABBR_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


@dataclass
class Address:
    street: str
    city: str
    state: str
    zip: str


def make_street(rng: random.Random, unit: Optional[bool] = None) -> str:
    if rng.random() < 0.04:
        return f"PO Box {rng.randint(10, 9999)}"
    number = str(rng.choice((rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 29999))))
    if rng.random() < 0.1:
        name = strip_accents(_surname(rng))
    else:
        name = rng.choice(vocab.STREET_NAMES)
    street = f"{number} {name} {rng.choice(vocab.STREET_SUFFIXES)}"
    if rng.random() < 0.06:
        street = f"{number} {rng.choice(('N', 'S', 'E', 'W', 'North', 'West'))} {name} {rng.choice(vocab.STREET_SUFFIXES)}"
    unit = rng.random() < 0.35 if unit is None else unit
    if unit:
        u = rng.choice((f"Apt {rng.randint(1, 40)}{rng.choice(['', 'A', 'B', 'C'])}", f"Apt. {rng.randint(1, 9)}{rng.choice('ABCD')}",
                        f"#{rng.randint(1, 12)}", f"Unit {rng.randint(1, 30)}", f"Suite {rng.randint(100, 450)}",
                        f"Fl {rng.randint(1, 3)}", f"Apt {rng.randint(101, 920)}"))
        street = f"{street}{rng.choice([', ', ' ', ' '])}{u}"
    return street


def make_zip(rng: random.Random, state: str) -> str:
    lo, hi = vocab.ZIP_PREFIX.get(state, (10, 999))
    z = f"{rng.randint(lo, hi):03d}{digits(rng, 2)}"
    if rng.random() < 0.15:
        z += "-" + digits(rng, 4)
    return z


def make_address(rng: random.Random, near: Optional[Tuple[str, str]] = None) -> Address:
    if near and rng.random() < 0.7:
        same_state = [c for c in vocab.CITIES if c[1] == near[1]]
        city, state = rng.choice(same_state)
    else:
        city, state = rng.choice(vocab.CITIES)
    return Address(make_street(rng), city, state, make_zip(rng, state))


@dataclass
class Hospital:
    name: str
    abbrev: str
    kind: str  # hospital, clinic or facility
    address: Address
    phone: Phone
    fax: Phone
    domain: str
    mrn_style: int
    mrn_prefix: str
    wards: Tuple[str, ...]
    departments: Tuple[str, ...]
    staff: Dict[str, List[Staff]] = field(default_factory=dict)

    def mrn(self, rng: random.Random) -> str:
        s = self.mrn_style
        if s == 0:
            return digits(rng, 8)
        if s == 1:
            return f"{self.mrn_prefix}-{digits(rng, 7)}"
        if s == 2:
            return f"{self.mrn_prefix}{digits(rng, 7)}"
        if s == 3:
            return f"{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 2)}"
        if s == 4:
            return f"E{digits(rng, 9)}"
        return digits(rng, 7, True)


def make_hospital(rng: random.Random, kind: str = "hospital", near: Optional[Tuple[str, str]] = None) -> Hospital:
    addr = make_address(rng, near)
    addr.street = make_street(rng, unit=(kind == "clinic" and rng.random() < 0.5))
    patterns = {"hospital": vocab.HOSPITAL_PATTERNS, "clinic": vocab.CLINIC_PATTERNS,
                "facility": vocab.FACILITY_PATTERNS}[kind]
    name = fill_pattern(rng, rng.choice(patterns), addr.city, addr.state)
    abbrev = abbreviation(name)
    if len(abbrev) < 2:
        abbrev = (abbrev + name[1:3]).upper()
    slug = "".join(ch for ch in strip_accents(name).lower() if ch.isalnum())
    domain = rng.choice((f"{abbrev.lower()}.org", f"{slug[:16]}.org", f"{slug[:12]}health.org",
                         f"{abbrev.lower()}health.com", f"{slug[:14]}.com"))
    depts = tuple(fill_pattern(rng, p, addr.city, addr.state) for p in rng.sample(vocab.DEPARTMENT_PATTERNS, 4))
    wards = tuple(rng.sample(vocab.WARDS, 4))
    return Hospital(name, abbrev, kind, addr, make_phone(rng, addr.state), make_phone(rng, addr.state), domain,
                    rng.randrange(6), abbrev[:4], wards, depts)


def make_staff(rng: random.Random, policy: Policy, role: str, hospital: Hospital, service: str = "") -> Staff:
    person = make_person(rng, policy.locale(rng))
    cred = rng.choice(vocab.CREDENTIALS[role])
    uname = make_username(rng, person)
    email_user = rng.choice((uname, f"{strip_accents(person.first).lower()}.{strip_accents(person.last).lower()}"))
    email_user = "".join(ch for ch in email_user if ch.isalnum() or ch in "._").strip(".") or uname
    lic_state = hospital.address.state
    lic = rng.choice((digits(rng, 6, True), f"{digits(rng, 6, True)}", f"{lic_state}{digits(rng, 6)}",
                      f"{rng.choice(('RN', 'MD', 'PA', 'NP'))}{digits(rng, 6)}", f"{digits(rng, 2)}-{digits(rng, 5)}"))
    return Staff(person, role, cred, uname, str(rng.randint(1000, 99999)), npi(rng), dea(rng, person.last),
                 lic, f"{email_user}@{hospital.domain}", service)


def hospital_staff(rng: random.Random, policy: Policy, hospital: Hospital, role: str, service: str = "",
                   reuse: float = 0.55) -> Staff:
    """A clinician at this hospital: often someone the patient's other notes already name."""
    pool = hospital.staff.setdefault(role, [])
    if pool and rng.random() < reuse:
        return rng.choice(pool)
    s = make_staff(rng, policy, role, hospital, service)
    pool.append(s)
    return s


# ---------------------------------------------------------------------------------------------
# Dates and ages
# ---------------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FULL_DATE_FORMS = ("mdY_slash", "mdY_slash", "mdY_noz", "mdy_short", "mdy_short", "iso", "mon_d_Y", "month_d_Y",
                   "d_month_Y", "d_mon_Y_dash", "month_dth_Y", "mon_dot_d_Y", "compact", "dot_dmy",
                   "ordinal_of", "mdY_dash")
DAY_DATE_FORMS = ("md", "md", "md_pad", "month_d", "mon_d", "month_dth", "weekday_month_d", "weekday_md")
MONTH_DATE_FORMS = ("month_Y", "mon_Y", "mY_slash", "mon_apos_yy", "month")
YEAR_DATE_FORMS = ("year", "year", "year", "yy_apos")


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def format_date(d: dt.date, form: str, rng: Optional[random.Random] = None) -> str:
    m, day, y = d.month, d.day, d.year
    mon = MON[m - 1]
    if mon == "Sep" and rng is not None and rng.random() < 0.4:
        mon = "Sept"
    forms = {
        "mdY_slash": f"{m:02d}/{day:02d}/{y}",
        "mdY_noz": f"{m}/{day}/{y}",
        "mdy_short": f"{m}/{day}/{y % 100:02d}",
        "iso": f"{y}-{m:02d}-{day:02d}",
        "mon_d_Y": f"{mon} {day}, {y}",
        "mon_dot_d_Y": f"{mon}. {day}, {y}",
        "month_d_Y": f"{MONTHS[m - 1]} {day}, {y}",
        "d_month_Y": f"{day} {MONTHS[m - 1]} {y}",
        "d_mon_Y_dash": f"{day:02d}-{mon[:3]}-{y}",
        "month_dth_Y": f"{MONTHS[m - 1]} {ordinal(day)}, {y}",
        "compact": f"{y}{m:02d}{day:02d}",
        "dot_dmy": f"{day:02d}.{m:02d}.{y}",
        "ordinal_of": f"{ordinal(day)} of {MONTHS[m - 1]} {y}",
        "mdY_dash": f"{m:02d}-{day:02d}-{y}",
        "md": f"{m}/{day}",
        "md_pad": f"{m:02d}/{day:02d}",
        "month_d": f"{MONTHS[m - 1]} {day}",
        "mon_d": f"{mon} {day}",
        "month_dth": f"{MONTHS[m - 1]} {ordinal(day)}",
        "weekday_month_d": f"{WEEKDAYS[d.weekday()]}, {MONTHS[m - 1]} {day}",
        "weekday_md": f"{WEEKDAYS[d.weekday()]} {m}/{day}",
        "month_Y": f"{MONTHS[m - 1]} {y}",
        "mon_Y": f"{mon} {y}",
        "mY_slash": f"{m:02d}/{y}",
        "mon_apos_yy": f"{mon} '{y % 100:02d}",
        "month": MONTHS[m - 1],
        "year": str(y),
        "yy_apos": f"'{y % 100:02d}",
    }
    return forms[form]


_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return _TENS[t] + (f"-{_ONES[o]}" if o else "")
    rest = n - 100
    return "one hundred" + (f" {number_words(rest)}" if rest else "")


AGE_FORMS = ("hyph", "hyph", "hyph", "yo", "yo", "y_o", "y_o", "yrs", "year_old", "aged", "sex_glued",
             "decade", "glued_yo", "spelled", "yo_dot")


def age_segs(rng: random.Random, age: int, form: str, sex: str = "") -> Segs:
    """An age mention; only the number (or "60s") is the AGE span."""
    a = str(age)
    if form == "hyph":
        return [phi(a, "AGE"), Seg(rng.choice(("-year-old", "-year-old", "-yr-old", "-year old", " year-old")))]
    if form == "yo":
        return [phi(a, "AGE"), Seg(rng.choice((" yo", " YO", " y.o.", " yo")))]
    if form == "yo_dot":
        return [phi(a, "AGE"), Seg(" y.o.")]
    if form == "y_o":
        return [phi(a, "AGE"), Seg(" y/o")]
    if form == "yrs":
        return [phi(a, "AGE"), Seg(rng.choice((" yrs", " years", " yr")))]
    if form == "year_old":
        return [phi(a, "AGE"), Seg(rng.choice((" year old", " years old", " years of age")))]
    if form == "aged":
        return [Seg(rng.choice(("aged ", "age ", "Age "))), phi(a, "AGE")]
    if form == "sex_glued":
        return [phi(a, "AGE"), Seg(sex or rng.choice("MF"))]
    if form == "glued_yo":
        return [phi(a, "AGE"), Seg(rng.choice(("yo", "y/o", "yo", "yoM" if sex == "M" else "yoF")))]
    if form == "spelled":
        return [phi(number_words(age), "AGE"), Seg("-year-old")]
    if form == "decade":
        decade = (age // 10) * 10
        pos = {"M": "his", "F": "her"}.get(sex, "their")
        early = rng.choice(("", "", "early ", "mid-", "late "))
        if early == "mid-":
            return [Seg(f"in {pos} mid-"), phi(f"{decade}s", "AGE")]
        return [Seg(f"in {pos} {early}"), phi(f"{decade}s", "AGE")]
    raise ValueError(f"unknown age form {form!r}")


def years_between(a: dt.date, b: dt.date) -> int:
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


# ---------------------------------------------------------------------------------------------
# The patient: one identity shared by all of a patient's notes
# ---------------------------------------------------------------------------------------------


@dataclass
class Relative:
    person: Person
    relation: str
    age: int
    phone: Phone


@dataclass
class Patient:
    pid: str
    person: Person
    locale: str
    dob: dt.date
    anchor: dt.date  # the index encounter; all notes fall near it
    mrn: str
    ssn: Tuple[int, int, int]
    address: Address
    home_phone: Phone
    cell_phone: Phone
    email: str
    portal_user: str
    hospital: Hospital
    clinic: Hospital
    facility: Hospital
    outside: Hospital
    pcp: Staff
    insurer: str  # an ORGANIZATION name or "" when only a payer type is known
    payer_type: str
    member_id: str
    account: str
    profession: str
    retired: bool
    employer: str
    relatives: List[Relative]
    birth_country: str
    birth_city: str
    arrival_year: int
    chronic: List[str]
    scenario: str
    allergies: List[str]
    vehicle_vin: str
    vehicle_plate: str
    device_kind: str
    device_serial: str
    bio_kind: str
    bio_id: str
    driver_license: str
    pharmacy: str
    landmark: str
    other_org: str
    home_ip: str
    notes_written: int = 0

    def age_on(self, d: dt.date) -> int:
        return years_between(self.dob, d)


def _email_for(rng: random.Random, p: Person, year: int) -> str:
    f = "".join(ch for ch in strip_accents(p.first).lower() if ch.isalpha())
    l = "".join(ch for ch in strip_accents(p.last).lower() if ch.isalpha())
    user = rng.choice((f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{year % 100:02d}", f"{l}{f[0]}{rng.randint(1, 99)}",
                       f"{f}_{l}", f"{f}{rng.randint(100, 999)}"))
    return f"{user}@{rng.choice(('gmail.com', 'gmail.com', 'yahoo.com', 'comcast.net', 'hotmail.com', 'aol.com', 'icloud.com', 'outlook.com', 'verizon.net'))}"


def make_patient(rng: random.Random, policy: Policy, pid: str) -> Patient:
    locale = policy.locale(rng)
    sex = rng.choice("MF")
    person = make_person(rng, locale, sex)
    r = rng.random()
    age = rng.randint(90, 104) if r < 0.06 else rng.randint(18, 44) if r < 0.3 else rng.randint(45, 89)
    anchor = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(17 * 365))
    dob = anchor - dt.timedelta(days=age * 365 + rng.randrange(365) + age // 4)
    addr = make_address(rng)
    near = (addr.city, addr.state)
    hospital = make_hospital(rng, "hospital", near)
    clinic = make_hospital(rng, "clinic", near)
    facility = make_hospital(rng, "facility", near)
    outside = make_hospital(rng, "hospital", near)
    pcp = hospital_staff(rng, policy, clinic, "physician", "primary care")
    if rng.random() < 0.55:
        insurer = rng.choice(vocab.NATIONAL_INSURERS) if rng.random() < 0.5 else \
            fill_pattern(rng, rng.choice(vocab.INSURER_PATTERNS), addr.city, addr.state)
    else:
        insurer = ""
    payer_type = "Medicare" if age >= 65 and rng.random() < 0.7 else rng.choice(vocab.PAYER_TYPES)
    mid = medicare_mbi(rng) if (payer_type.startswith("Medicare") and not insurer) else member_id(rng, insurer or payer_type)
    retired = age >= 66 and rng.random() < 0.8
    relatives: List[Relative] = []
    for _ in range(rng.choice((1, 2, 2, 3))):
        rel, rsex = rng.choice(vocab.RELATIONS)
        rel_locale = locale if rng.random() < 0.8 else policy.locale(rng)
        shares = rel in ("wife", "husband", "daughter", "son", "sister", "brother", "mother", "father",
                         "granddaughter", "grandson") and rng.random() < 0.65
        rp = make_person(rng, rel_locale, rsex, last=person.last if shares else None,
                         last_origin=person.last_origin if shares else None)
        rage = {"mother": age + rng.randint(18, 38), "father": age + rng.randint(20, 42),
                "daughter": max(1, age - rng.randint(18, 40)), "son": max(1, age - rng.randint(18, 40)),
                "granddaughter": max(1, age - rng.randint(40, 65)), "grandson": max(1, age - rng.randint(40, 65))
                }.get(rel, max(18, age + rng.randint(-10, 10)))
        relatives.append(Relative(rp, rel, rage, make_phone(rng, addr.state)))
    immigrant = locale not in ("en_US", "word") and rng.random() < 0.6
    birth_country = rng.choice(vocab.COUNTRIES_BY_LOCALE.get(locale, ("Canada",))) if immigrant else ""
    bc_key = birth_country.replace("the ", "")
    birth_city = rng.choice(vocab.FOREIGN_CITIES[bc_key]) if bc_key in vocab.FOREIGN_CITIES else ""
    arrival = max(dob.year + 1, anchor.year - rng.randint(2, 50))
    n_chronic = rng.choice((0, 1, 2, 2, 3, 3, 4, 5)) if age > 40 else rng.choice((0, 0, 1, 1, 2))
    chronic = rng.sample([c.key for c in vocab.CHRONIC], n_chronic)
    kind, bio = bioid(rng)
    return Patient(
        pid=pid, person=person, locale=locale, dob=dob, anchor=anchor, mrn=hospital.mrn(rng), ssn=ssn(rng),
        address=addr, home_phone=make_phone(rng, addr.state), cell_phone=make_phone(rng, addr.state),
        email=_email_for(rng, person, dob.year), portal_user=make_username(rng, person), hospital=hospital,
        clinic=clinic, facility=facility, outside=outside, pcp=pcp, insurer=insurer, payer_type=payer_type,
        member_id=mid, account=rng.choice((digits(rng, 10, True), f"A{digits(rng, 8)}", f"{digits(rng, 9, True)}",
                                           f"V{digits(rng, 9)}", f"FIN{digits(rng, 8)}")),
        profession=rng.choice([p for p in vocab.PROFESSIONS if "student" not in p] if retired else vocab.PROFESSIONS),
        retired=retired,
        employer=fill_pattern(rng, rng.choice(vocab.WORK_ORG_PATTERNS), addr.city, addr.state),
        relatives=relatives, birth_country=birth_country, birth_city=birth_city, arrival_year=arrival,
        chronic=chronic, scenario=rng.choice(vocab.SCENARIOS).key,
        allergies=rng.sample(vocab.ALLERGIES, rng.choice((1, 1, 2))),
        vehicle_vin=vin(rng), vehicle_plate=plate(rng),
        device_kind=rng.choice(vocab.DEVICE_BRANDS), device_serial=device_serial(rng), bio_kind=kind, bio_id=bio,
        driver_license=rng.choice((f"S{digits(rng, 8)}", f"{letters(rng, 1)}{digits(rng, 7)}", digits(rng, 9, True),
                                   f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 3)}")),
        pharmacy=rng.choice(vocab.NATIONAL_PHARMACIES) if rng.random() < 0.5 else
        fill_pattern(rng, rng.choice(vocab.PHARMACY_PATTERNS), addr.city, addr.state),
        landmark=fill_pattern(rng, rng.choice(vocab.LOCATION_OTHER_PATTERNS), addr.city, addr.state),
        other_org=fill_pattern(rng, rng.choice(vocab.OTHER_ORG_PATTERNS), addr.city, addr.state),
        home_ip=ip_address(rng, private=False),
    )
