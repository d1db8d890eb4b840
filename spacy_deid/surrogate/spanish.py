"""Spanish (es_ES) surrogates: the values whose form is Spain's, for the ``es_ES`` locale.

The engine keeps its design (keyed per scope and value, consistent per patient, never the
original) and calls these generators instead of the US ones when the locale is ``es_ES``:

* phones: nine digits starting 6/7 (mobile) or 9/8 (landline, as the original), an optional
  "+34" / "0034" prefix kept, grouping and separators kept ("967 597 100", "+34 600 12 34 56");
* identifiers: a DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter) gets a new number
  with its valid mod-23 check letter; a twelve-digit social security number (NASS) gets a
  province prefix 01-52 and valid mod-97 control digits; anything else (NHC, colegiado...)
  keeps its shape;
* postal codes: five digits with a province prefix 01-52;
* streets: the type ("C/", "Avda.", "Paseo de la"), numbers, floors and doors ("3ºB", "s/n",
  "Bajo A") keep their form; each run of name words becomes one keyed Spanish street name;
* territories: a province stays a province, a comunidad a comunidad, anything else becomes a
  Spanish town; countries come from faker's Spanish country names; professions from a list
  of everyday ones; institution names are rewritten with Spanish descriptive words kept
  ("Hospital Universitario", "Centro de Salud", "San", "Virgen del").

Names and dates are the same engines as in English with a Spanish style
(:data:`.names.SPANISH`, ``dates.shift_text(..., spanish=True)``).
"""

from __future__ import annotations

import importlib
import json
import random
import re
from functools import lru_cache
from typing import Callable, FrozenSet, List, Tuple

from ..patterns.detectors_es import DNI_LETTERS
from . import shapes
from .common import DIGITS, apply_case, choose, fold, random_like
from .places import DATA

LOCALES = ("en_US", "es_ES")
# nlp.lang -> surrogate locale (any other language uses the English generators).
LANG_LOCALES = {"es": "es_ES"}

_LISTS = json.loads((DATA / "words_es.json").read_text(encoding="utf8"))
STREET_NAMES: Tuple[str, ...] = tuple(_LISTS["street_names"])
TOWNS: Tuple[str, ...] = tuple(_LISTS["towns"])
PROFESSIONS: Tuple[str, ...] = tuple(_LISTS["professions"])
SAINTS: Tuple[str, ...] = tuple(_LISTS["saints"])
PLACE_WORDS: Tuple[str, ...] = tuple(_LISTS["place_words"])
GENERIC: FrozenSet[str] = frozenset(fold(w) for w in _LISTS["generic_words"])
SAINT_WORDS: FrozenSet[str] = frozenset({"san", "santa", "santo", "sant", "st", "saint"})

# Street parts that are not the street's name: types, particles, numbering, floors, doors.
# fmt: off
_STREET_KEEP = frozenset(fold(w) for w in (
    "calle", "c", "cl", "avenida", "avda", "av", "avd", "plaza", "pza", "pl", "plza", "paseo",
    "pº", "ps", "camino", "cno", "carretera", "ctra", "ronda", "rda", "travesía", "trav", "tr",
    "glorieta", "gta", "vía", "urbanización", "urb", "polígono", "pol", "pasaje", "psje",
    "rambla", "barrio", "bº", "callejón", "cuesta", "bulevar", "partida", "lugar", "parque",
    "autovía", "de", "del", "la", "las", "los", "el", "y", "i", "d", "nº", "n", "no", "núm",
    "num", "número", "sn", "s", "bajo", "bajos", "ático", "entresuelo", "principal", "pral",
    "izq", "izqda", "izda", "izquierda", "dcha", "drcha", "der", "derecha", "centro", "piso",
    "puerta", "pta", "esc", "escalera", "bloque", "bl", "portal", "esquina", "planta", "p",
    "km", "local", "dr", "dra", "doctor", "doctora",
))
# fmt: on
_STREET_TOKEN = re.compile(r"(?i:s/n)\b|[^\W_]+|[^\w\s]+|\s+|_+")
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "y", "i"})


# ---------------------------------------------------------------------------------------------
# Pools
# ---------------------------------------------------------------------------------------------


def _address():
    return importlib.import_module("faker.providers.address.es_ES").Provider


@lru_cache(maxsize=1)
def provinces() -> Tuple[str, ...]:
    return tuple(p for p in _address().states if p != "Ciudad")  # faker lists "Ciudad" (Real)


@lru_cache(maxsize=1)
def comunidades() -> Tuple[str, ...]:
    return tuple(_address().regions)


@lru_cache(maxsize=1)
def countries() -> Tuple[str, ...]:
    return tuple(c for c in _address().countries if len(c) <= 24)


@lru_cache(maxsize=1)
def proper_words() -> Tuple[str, ...]:
    """Fake proper words for institution names: place-like words and Spanish surnames."""
    from .names import SPANISH, name_pools

    pools = name_pools(SPANISH)
    surnames = sorted(
        {n for half in pools.family.values() for ns in half.values() for n in ns}
        - {w for w in GENERIC}
    )
    return tuple(PLACE_WORDS) * max(1, len(surnames) // (2 * len(PLACE_WORDS))) + tuple(surnames)


@lru_cache(maxsize=1)
def street_names() -> Tuple[str, ...]:
    """Common street names, and Spanish surnames as streets are often named."""
    return STREET_NAMES + proper_words()[-400:]


def load() -> None:
    """Load every pool now (the engine calls it once, not on a note's first span)."""
    provinces(), comunidades(), countries(), proper_words(), street_names()


# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------


def _digit(rng: random.Random, choices: str = DIGITS) -> str:
    return choices[int(rng.random() * len(choices))]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(_digit(rng) for _ in range(n))


def _fill(template: str, chars: str) -> str:
    """Put ``chars`` into template's letter and digit positions, in order, keeping letter case."""
    it = iter(chars)
    out = []
    for c in template:
        if c.isalnum():
            n = next(it)
            out.append(n.lower() if c.islower() else n)
        else:
            out.append(c)
    return "".join(out)


def phone(text: str, rng: random.Random) -> str:
    """A Spanish number of the original's kind (mobile 6/7, landline 9/8) and grouping."""
    digits = re.sub(r"\D", "", text)
    national = digits[-9:]
    prefix = digits[:-9]
    if len(national) == 9 and national[0] in "6789" and prefix in ("", "34", "0034"):
        if national[0] in "67":
            head = "6" + _digit(rng) if rng.random() < 0.8 else "7" + _digit(rng, "1234")
        else:
            head = national[0] + _digit(rng, "12345678")
        return _fill(text, prefix + head + _digits(rng, 7))
    return random_like(text, rng)


_DNI = re.compile(r"([XYZ]?)(\d{7,8})([A-Z])")


def dni_nie(text: str, rng: random.Random) -> str:
    """A DNI or NIE in the original's form with a valid check letter."""
    value = re.sub(r"[\s.\-]", "", text).upper()
    m = _DNI.fullmatch(value)
    if m is None or len(m.group(2)) != (7 if m.group(1) else 8):
        raise ValueError("not a DNI or NIE")
    if m.group(1):
        lead = _digit(rng, "XYZ")
        body = _digits(rng, 7)
        number = int(str("XYZ".index(lead)) + body)
        new = lead + body
    else:
        body = _digit(rng, "123456789") + _digits(rng, 7)
        number = int(body)
        new = body
    return _fill(text, new + DNI_LETTERS[number % 23])


def is_dni_nie(text: str) -> bool:
    value = re.sub(r"[\s.\-]", "", text).upper()
    m = _DNI.fullmatch(value)
    return m is not None and len(m.group(2)) == (7 if m.group(1) else 8)


def nass(text: str, rng: random.Random) -> str:
    """A Spanish social security number (province 01-52, 8 digits, mod-97 control)."""
    province = f"{1 + int(rng.random() * 52):02d}"
    body = _digit(rng, "123456789") + _digits(rng, 7)
    control = f"{int(province + body) % 97:02d}"
    return shapes._fill_digits(text, province + body + control)


def identifier(text: str, rng: random.Random) -> str:
    """DNI/NIE and NASS keep their validity; other identifiers (NHC, colegiado) their shape."""
    if is_dni_nie(text):
        return dni_nie(text, rng)
    if re.fullmatch(r"\d{2}[\s/\-]?\d{8}[\s/\-]?\d{2}", text.strip()):
        return nass(text, rng)
    return shapes.identifier(text, rng)


def postcode(text: str, rng: random.Random) -> str:
    """Five digits with a province prefix 01-52; other shapes are kept."""
    if len(re.sub(r"\D", "", text)) != 5:
        return random_like(text, rng)
    return shapes._fill_digits(text, f"{1 + int(rng.random() * 52):02d}" + _digits(rng, 3))


def _number_like(token: str, rng: random.Random) -> str:
    """ "12" -> "47", "3ºB" -> "5ºD", "1A" -> "7C", "P1" -> "P4": digits and the letters after
    them redrawn; "º", "ª" and a leading letter ("P" for planta) kept."""
    out = []
    first = True
    for c in token:
        if "0" <= c <= "9":
            out.append(_digit(rng, "123456789" if first else DIGITS))
            first = False
        elif c.isascii() and c.isalpha() and (not first or len(token) == 1):
            letter = _digit(rng, "ABCDEFGHIJKLMNOPRSTUV")
            out.append(letter if c.isupper() else letter.lower())
        else:
            out.append(c)
    return "".join(out)


def street(text: str, name_word: Callable[[str], str], rng: random.Random) -> str:
    """ "C/ Mayor 12, 3ºB" -> "C/ Goya 47, 5ºD": type, particles, numbering and punctuation stay;
    every run of name words becomes one fake street name (``name_word`` keys it)."""
    tokens = _STREET_TOKEN.findall(text)
    out: List[str] = []
    run: List[int] = []  # the current run of name words
    gap: List[int] = []  # spaces and particles after it, which may continue the name
    for i, t in enumerate(tokens):
        f = fold(t)
        is_word = t[:1].isalpha() and not any(c.isdigit() for c in t)
        if is_word and len(t) > 1 and f not in _STREET_KEEP:
            run += gap + [i]
            gap = []
            continue
        if run and (t.isspace() or (is_word and f in _PARTICLES)):
            gap.append(i)  # "Blasco Ibáñez", "Ramón y Cajal"
            continue
        _emit(tokens, run, gap, out, name_word)
        run, gap = [], []
        if any(c.isdigit() for c in t):
            out.append(_number_like(t, rng))
        elif "/" in t and t[:1].isalpha():  # "s/n"
            out.append(t)
        elif is_word and len(t) == 1 and t.isupper() and i > 0 and tokens[i - 1].isspace():
            out.append(_number_like(t, rng))  # a door letter: "Bajo A"
        else:
            out.append(t)
    _emit(tokens, run, gap, out, name_word)
    return "".join(out)


def _emit(tokens: List[str], run: List[int], gap: List[int], out: List[str], name_word) -> None:
    if run:
        original = "".join(tokens[i] for i in run)
        out.append(apply_case(original, name_word(original)))
    out.extend(tokens[i] for i in gap)


def territory(text: str, rng: random.Random) -> str:
    """A province for a province, a comunidad for a comunidad, else a Spanish town."""
    t = text.strip()
    f = fold(t)
    if f in {fold(c) for c in comunidades()} or f in ("cataluna", "comunidadvalenciana"):
        pool = comunidades()
    elif f in {fold(p) for p in provinces()}:
        pool = provinces()
    else:
        pool = TOWNS + provinces()
    return text.replace(t, apply_case(t, choose(rng, pool)))


def country(text: str, rng: random.Random) -> str:
    t = text.strip()
    if re.fullmatch(r"(?:[A-Z]{1,2}\.\s?){2,3}|[A-Z]{2,4}", t):  # "EEUU", "EE. UU.", "RU"
        return text.replace(t, choose(rng, ("EAU", "RU", "RD", "RDC")))
    return text.replace(t, apply_case(t, choose(rng, countries())))


def profession(text: str, rng: random.Random) -> str:
    t = text.strip()
    new = choose(rng, PROFESSIONS)
    if t[:1].isupper() and not t.isupper():
        new = new[:1].upper() + new[1:]
    return text.replace(t, apply_case(t, new) if t.isupper() else new)


def institution_fallback(text: str, rng: random.Random) -> str:
    """A name of descriptive words only ("Hospital General"): add a fake town to it."""
    t = text.rstrip()
    town = choose(rng, TOWNS + provinces())
    return t + " de " + (town.upper() if t.isupper() else town) + text[len(t) :]
