"""Places, institutions and occupations: plausible fakes that keep the original's form.

* Cities, states, countries and professions are drawn from pools (a shipped list of real US
  cities, faker's US states, countries and jobs). States keep their form: "MA" -> "OH",
  "Mass." -> "Ohio"-style AP abbreviations, "Massachusetts" -> "Ohio"; case is kept everywhere.
* Institution names (HOSPITAL, DEPARTMENT, ORGANIZATION, LOCATION_OTHER) are rewritten word by
  word: descriptive words ("Memorial", "Hospital", "Heart Center", "Park") stay, every proper
  word is replaced by a fake proper word (a place-like word or a surname; a saint's name after
  "St."), keyed by the word, so "Lakeview Methodist Hospital" and "Lakeview Pharmacy" share
  their fake "Lakeview" and abbreviations can follow the full name.
* An abbreviation on its own ("MGH") becomes the initials of the document's surrogate for the
  matching full name when the document has one, else keyed capital letters of the same length
  (a final H or C, for Hospital / Center, is kept).
* Streets keep their number shape, directions, suffix style ("St" / "Street" / "ST.") and unit
  designators; the street name is a fake street name.
"""

from __future__ import annotations

import importlib
import json
import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, FrozenSet, List, Optional, Tuple

from .common import apply_case, choose, fold, random_like

DATA = Path(__file__).resolve().parent.parent / "data" / "surrogates"

# Word lists (place-like words, saints, descriptive words, departments, everyday professions,
# street names) live in a data file, like the project's other gazetteers.
_LISTS = json.loads((DATA / "words_en.json").read_text(encoding="utf8"))
PLACE_WORDS: Tuple[str, ...] = tuple(_LISTS["place_words"])
SAINTS: Tuple[str, ...] = tuple(_LISTS["saints"])
# Words that describe rather than identify an institution or place: kept as they are.
GENERIC: FrozenSet[str] = frozenset(fold(w) for w in _LISTS["generic_words"])
DEPARTMENTS: Tuple[str, ...] = tuple(_LISTS["departments"])
# Everyday occupations as notes mention them (faker's job list is long on rare job titles
# such as "amenity horticulturist", which would stand out as fakes).
PROFESSIONS: Tuple[str, ...] = tuple(_LISTS["professions"])
STREET_NAMES: Tuple[str, ...] = tuple(_LISTS["street_names"])
_SKIP_IN_ABBREV = frozenset({"of", "the", "and", "&", "for", "at"})

# fmt: off
AP_STATES = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.",
    "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.",
    "MO": "Mo.", "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.",
    "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.", "OR": "Ore.",
    "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "TX": "Texas",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}
STREET_SUFFIX_FULL = (
    "Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Court", "Place", "Way", "Terrace",
    "Circle", "Parkway", "Highway", "Square", "Trail",
)
STREET_SUFFIX_ABBR = (
    "St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Ct", "Pl", "Ter", "Cir", "Pkwy", "Hwy", "Sq", "Trl",
)
_SUFFIX_WORDS = frozenset(fold(w) for w in STREET_SUFFIX_FULL + STREET_SUFFIX_ABBR + (
    "av", "row", "plaza", "plz", "pike", "turnpike", "tpke", "alley", "aly", "crescent", "cres",
    "expressway", "expy", "freeway", "fwy", "route", "rte", "close", "grove", "gardens", "heights",
    "hts", "park", "loop", "run", "walk", "path", "landing", "commons", "crossing", "xing", "terr",
    "parkway", "trl",
))
# fmt: on
_DIRECTIONS = frozenset(
    {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}
)
_UNIT = re.compile(
    r"(?P<lead>,?\s*(?:apt|apartment|unit|suite|ste|fl|floor|bldg|building|rm|room|#|no)"
    r"\b\.?\s*#?\s*)"
    r"(?P<val>[A-Za-z0-9\-]{1,8})\s*$",
    re.IGNORECASE,
)
_UNIT_HASH = re.compile(r"(?P<lead>,?\s*#\s*)(?P<val>[A-Za-z0-9\-]{1,8})\s*$")
_PO_BOX = re.compile(r"^(?P<lead>\s*p\.?\s*o\.?\s*box\s+)(?P<num>\d+)(?P<tail>\s*)$", re.IGNORECASE)
# fmt: off
_ROOM_WORDS = frozenset({
    "room", "rm", "bed", "bay", "unit", "ward", "pod", "floor", "fl", "suite", "ste", "icu", "micu",
    "sicu", "ccu", "cvicu", "nicu", "picu", "pacu", "ed", "er", "or", "tower", "wing", "building",
    "bldg", "cubicle", "stepdown", "tele", "telemetry",
})
# fmt: on
_ROOM_DIRECTIONS = ("North", "South", "East", "West")


# ---------------------------------------------------------------------------------------------
# Pools
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cities() -> Tuple[str, ...]:
    out = []
    for line in (DATA / "us_cities.tsv").read_text(encoding="utf8").splitlines():
        if line and not line.startswith("#"):
            out.append(line.split("\t")[0])
    return tuple(sorted(set(out)))


@lru_cache(maxsize=1)
def states() -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    A = importlib.import_module("faker.providers.address.en_US").Provider
    return tuple(A.states), tuple(A.states_abbr)


@lru_cache(maxsize=1)
def countries() -> Tuple[str, ...]:
    A = importlib.import_module("faker.providers.address.en_US").Provider
    return tuple(c for c in A.countries if re.fullmatch(r"[A-Z][A-Za-z' \-]+", c) and len(c) <= 24)


@lru_cache(maxsize=1)
def professions() -> Tuple[str, ...]:
    return PROFESSIONS


@lru_cache(maxsize=1)
def proper_words() -> Tuple[str, ...]:
    """Fake proper words for institution names: place-like words and common surnames."""
    from .names import name_pools

    pools = name_pools()
    surnames = sorted(
        {
            n
            for half in pools.family.values()
            for names in half.values()
            for n in names
            if fold(n) not in GENERIC
        }
    )
    # An even mix: every place word weighs as much as all surnames together / 2.
    return tuple(sorted(set(PLACE_WORDS))) * max(
        1, len(surnames) // (2 * len(PLACE_WORDS))
    ) + tuple(surnames)


# ---------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------


def city(text: str, rng: random.Random) -> str:
    return apply_case(text, choose(rng, cities()))


def state(text: str, rng: random.Random) -> str:
    full, abbr = states()
    t = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", t):
        new = choose(rng, abbr)
        return text.replace(t, apply_case(t, new))
    ap = {v.lower(): k for k, v in AP_STATES.items()}
    if t.lower() in ap or re.fullmatch(r"(?:[A-Z]\.){2}|[A-Z][a-z]{1,4}\.", t):
        new = AP_STATES[choose(rng, sorted(AP_STATES))]
        return text.replace(t, apply_case(t, new) if t.isupper() else new)
    return text.replace(t, apply_case(t, choose(rng, full)))


def country(text: str, rng: random.Random) -> str:
    t = text.strip()
    if re.fullmatch(r"(?:[A-Z]\.){2,3}|[A-Z]{2,3}", t):
        new = choose(rng, ("UK", "USA", "UAE", "DRC", "PRC", "ROK"))
        if "." in t:
            new = ".".join(new) + "."
        return text.replace(t, new)
    return text.replace(t, apply_case(t, choose(rng, countries())))


def profession(text: str, rng: random.Random) -> str:
    new = choose(rng, professions())
    t = text.strip()
    if t[:1].isupper() and not t.isupper():
        new = new[:1].upper() + new[1:]
    elif t[:1].islower() and new[:2] != "IT" and new[:1].isupper() and not new.startswith("Uber"):
        new = new.lower()
    return text.replace(t, apply_case(t, new) if t.isupper() else new)


def department_fallback(text: str, rng: random.Random) -> str:
    return apply_case(text, choose(rng, DEPARTMENTS))


_WORDS = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def institution(
    text: str,
    word: Callable[[str, bool], str],
    rng: random.Random,
    fallback: Optional[Callable[[str, random.Random], str]] = None,
    generic: FrozenSet[str] = GENERIC,
    saint_words: FrozenSet[str] = frozenset({"st", "saint"}),
) -> str:
    """Rewrite proper words of an institution or place name; descriptive words stay.

    ``word(core, after_saint)`` returns the fake for one proper word (the engine keys it).
    ``generic`` (folded descriptive words) and ``saint_words`` (words before a saint's name)
    are the language's (Spanish: "Hospital Universitario", "San", "Santa").
    """
    all_upper = text.isupper()
    out: List[str] = []
    pos = 0
    changed = False
    prev = ""
    for m in _WORDS.finditer(text):
        out.append(text[pos : m.start()])
        w = m.group()
        core, poss = w, ""
        pm = re.search(r"['’][sS]$", w)
        if pm:
            core, poss = w[: pm.start()], w[pm.start() :]
        f = fold(core)
        if f == "st" or (f in generic and prev not in saint_words):
            out.append(w)
        elif not all_upper and core.isupper() and 2 <= len(core) <= 6:  # acronym "ARUP", "CVS"
            out.append(random_like(core, rng) + poss)
            changed = True
        elif (
            core[:1].islower()
            and f not in generic
            and not all_upper
            and m.start() > 0
            and len(core) <= 3
        ):
            out.append(w)  # small lower-case words: "de", "la"
        else:
            out.append(apply_case(core, word(core, prev in saint_words)) + poss)
            changed = True
        prev = f
        pos = m.end()
    out.append(text[pos:])
    new = "".join(out)
    if not changed:
        if fallback is not None:
            return fallback(text, rng)
        # Only descriptive words ("Bay State Health Plan", "Community Hospital"): the first
        # capitalised word becomes a proper word, so the original never survives whole.
        m = next(
            (
                m
                for m in _WORDS.finditer(text)
                if m.group()[:1].isupper() and fold(m.group()) not in _SKIP_IN_ABBREV
            ),
            None,
        ) or next(_WORDS.finditer(text), None)
        if m is None:
            return text
        return text[: m.start()] + apply_case(m.group(), word(m.group(), False)) + text[m.end() :]
    return new


def abbreviation(name: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w.lower() not in _SKIP_IN_ABBREV]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def is_abbreviation(text: str) -> bool:
    t = text.strip()
    return bool(re.fullmatch(r"[A-Z&]{2,6}|(?:[A-Z]\.){2,6}", t))


# Words an abbreviation's inner letters may stand for ("Saint Mary General Hospital").
_ABBREV_MIDDLE = (
    "General",
    "Memorial",
    "Regional",
    "Community",
    "University",
    "Medical",
    "Valley",
    "County",
    "Baptist",
    "Methodist",
    "Saint",
    "Children's",
    "Family",
    "Health",
)


def abbreviation_like(text: str, rng: random.Random) -> str:
    """The initials of a keyed fake name of the same length ("MGH" -> "FRH" for a made-up
    "Fairview Regional Hospital"); a final H or C (Hospital, Center, Clinic) stays."""
    t = text.strip()
    letters = [c for c in t if c.isalpha()]
    keep_last = letters[-1] in "HC"
    words = [choose(rng, proper_words())] + [choose(rng, _ABBREV_MIDDLE) for _ in letters[1:]]
    new = [w[0].upper() for w in words]
    if keep_last:
        new[-1] = letters[-1]
    it = iter(new)
    return text.replace(t, "".join(next(it) if c.isalpha() else c for c in t))


def street(text: str, name_word: Callable[[str], str], rng: random.Random) -> str:
    """ "214 Orchard Hill Road, Apt 3B" -> "9031 Maple Road, Apt 7K"."""
    m = _PO_BOX.match(text)
    if m:
        return m.group("lead") + random_like(m.group("num"), rng) + m.group("tail")
    main, unit = text, ""
    um = _UNIT.search(text) or _UNIT_HASH.search(text)
    if um and um.start() > 0:
        main = text[: um.start()]
        unit = um.group("lead") + random_like(um.group("val"), rng) + text[um.end("val") :]
    tokens = re.split(r"(\s+)", main)
    words = [i for i, t in enumerate(tokens) if t and not t.isspace()]
    out = list(tokens)
    name_idx = []
    for i in words:
        t = tokens[i]
        core = t.rstrip(".,")
        f = fold(core)
        if re.fullmatch(r"\d+[A-Za-z]?(?:-\d*[A-Za-z]?)?", core) and i == words[0]:
            out[i] = random_like(t, rng)
        elif f in _DIRECTIONS:
            continue
        elif f in _SUFFIX_WORDS and i == _last_word(tokens, words):
            out[i] = _suffix_like(t, rng)
        else:
            name_idx.append(i)
    if name_idx:
        template = " ".join(tokens[i] for i in name_idx)
        fake = apply_case(template, name_word(template))
        out[name_idx[0]] = fake
        for i in name_idx[1:]:
            out[i] = ""
        # drop the whitespace left behind by removed words
        rebuilt = []
        skip_space = False
        for i, t in enumerate(out):
            if i in name_idx[1:]:
                skip_space = True
                continue
            if skip_space and t.isspace():
                skip_space = False
                continue
            skip_space = False
            rebuilt.append(t)
        result = "".join(rebuilt)
    else:
        result = "".join(out)
    return result + unit


def _last_word(tokens: List[str], words: List[int]) -> int:
    for i in reversed(words):
        if fold(tokens[i].rstrip(".,")) not in _DIRECTIONS:
            return i
    return words[-1]


def _suffix_like(token: str, rng: random.Random) -> str:
    core = token.rstrip(".,")
    tail = token[len(core) :]
    pool = (
        STREET_SUFFIX_FULL
        if len(core) > 4 and fold(core) in {fold(s) for s in STREET_SUFFIX_FULL}
        else STREET_SUFFIX_ABBR
        if fold(core) in {fold(s) for s in STREET_SUFFIX_ABBR}
        else None
    )
    if pool is None:
        return token
    return apply_case(core, choose(rng, pool)) + tail


def street_name(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return choose(rng, STREET_NAMES)
    return choose(rng, PLACE_WORDS)


def room(text: str, word: Callable[[str], str], rng: random.Random) -> str:
    """ "4 West" -> "7 South", "Ellison 12" -> "Hartley 48", "1113B" -> "5274K"."""
    out = []
    for t in re.split(r"([^\W_]+)", text):
        if not t or not re.fullmatch(r"[^\W_]+", t):
            out.append(t)
            continue
        f = fold(t)
        if f in _ROOM_WORDS:
            out.append(t)
        elif f in ("north", "south", "east", "west"):
            out.append(apply_case(t, choose(rng, [d for d in _ROOM_DIRECTIONS if d.lower() != f])))
        elif any(c.isdigit() for c in t) or len(t) <= 2:
            out.append(random_like(t, rng))
        else:
            out.append(apply_case(t, word(t)))
    return "".join(out)
