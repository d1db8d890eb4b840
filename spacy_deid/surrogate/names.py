"""Person names: parse a name span into parts, map each part, write it back in its format.

How consistency works without any state between documents:

* A name span is parsed into *given* names, *family* names, initials and kept words (titles,
  credentials, suffixes, separators): "SMITH, JOHN C", "Mr. Smith", "J. Smith", "john smith",
  "Smith-Jones", "de la Cruz, Maria" and the initials "JS" / "J.S." all parse.
* Each given or family part is mapped on its own, keyed by (scope, label, role, folded part):
  "John" maps to the same fake given name wherever it occurs in the scope (the patient, else
  the document), whatever its case or the format around it. Case is carried over ("SMITH" ->
  "JONES", "smith" -> "jones") and so are titles, credentials, commas and periods.
* Initials stay consistent with full names through a keyed *letter map* per (scope, label,
  role): the surrogate of "John" is drawn among fake given names that start with
  ``letters["j"]``, so "J. Smith", "JS" and "John Smith" all become the same fake person's
  forms, in any document and without seeing the full name first.
* Gender: a given name found only in faker's male (female) first-name lists gets a male
  (female) surrogate; otherwise either.
* PATIENT and DOCTOR names never collide: every fake name belongs to exactly one of two
  disjoint halves of the pools (split by a fixed CRC of the name), PATIENT draws from one and
  DOCTOR from the other. Within a document two different originals never get one surrogate, and
  no surrogate equals any original name part of the document (collisions are resolved in a
  fixed order of the originals, so the result does not depend on the order of mentions).
* A single word ("Smith", "John") is a family name after a title ("Mr. Smith", inside or just
  before the span), else takes the role the same word has in a fuller name of the document,
  else the role faker's name lists suggest, else family.
* Locale (:class:`NameStyle`): :data:`ENGLISH` draws from a US-leaning mix of faker locales;
  :data:`SPANISH` draws from faker's ``es_ES`` lists (accents kept), knows Spanish titles
  ("Sra.", "Dña.", "doctora") and reads Spanish order: "María García López" is one given name
  and two surnames, "García López" two surnames, each surname mapped on its own.
"""

from __future__ import annotations

import importlib
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

from .common import (
    LOWER, apply_case, fold, keyed_int, keyed_rng, random_like, stable_bit, strip_accents,
)

GIVEN = "given"
FAMILY = "family"

# Locales whose Latin-script name lists feed the surrogate pools (a US-leaning mix), and the
# wider set used only to tell male from female first names.
# fmt: off
_POOL_LOCALES = (
    "en_US", "en_GB", "en_NZ", "en_IE", "es_MX", "es_ES", "it_IT", "fr_FR", "en_IN", "de_DE",
    "pt_BR",
)
_GENDER_LOCALES = _POOL_LOCALES + (
    "nl_NL", "ga_IE", "pl_PL", "cs_CZ", "sv_SE", "fi_FI", "hu_HU", "ro_RO", "tr_TR", "uk_UA",
    "ru_RU", "vi_VN", "yo_NG", "zu_ZA", "fil_PH",
)
# fmt: on
_CAP_PER_LOCALE = 500
_POOL_NAME = re.compile(r"[A-Z][a-z]{2,}(?:[A-Z][a-z]+)?")
_MIN_BUCKET = 4

# fmt: off
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "rev",
    "reverend", "fr", "madam", "mister", "sr", "sra", "srta", "dra",
})
# fmt: on
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"})
# fmt: off
CREDENTIALS = frozenset({
    "md", "do", "rn", "np", "pa", "pac", "phd", "mph", "dds", "dmd", "pharmd", "lpn", "cnm", "crna",
    "msw", "lcsw", "licsw", "bsn", "msn", "dnp", "aprn", "fnp", "anp", "agnp", "pnp", "dpt", "otr",
    "otrl", "slp", "ccc", "rd", "ld", "ldn", "cde", "cna", "mba", "facc", "facs", "facp", "fccp",
    "frcp", "frcs", "mbbs", "od", "dpm", "psyd", "rph", "bc", "cnp", "mrcp", "ms", "ma", "mhs",
    "mpas", "rrt", "crnp", "pt", "ot", "lmft", "lmhc", "lcpc", "phn", "rnc", "cns", "ccrn", "cen",
    "emt", "medic", "resident", "faap", "faan",
})
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "dos", "das", "du", "la",
    "le", "ten", "ter", "al", "el", "bin", "ibn", "ben", "st", "ste", "mac", "y", "zu", "af", "av",
})
# fmt: on

_GAELIC = frozenset({"ó", "ní", "nic", "mac", "uí", "mhic"})
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|mister|madam)\.?|\bdoctor|\bprofessor)\s*$",
    re.IGNORECASE,
)
_TITLE_BEFORE_ES = re.compile(
    r"(?:\b(?:sr|sra|srta|dr|dra|dña|don|doña|prof|profa)\.?|\bd\.|\bdª|\bdoctora?"
    r"|\bseñora?|\bseñorita|\bprofesora?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameStyle:
    """A locale's names: the faker locales of the pools, which names qualify, the titles that
    make a lone word a family name, and whether names end in two surnames (Spanish)."""

    pool_locales: Tuple[str, ...]
    pool_name: "re.Pattern[str]"
    cap: int
    titles: FrozenSet[str]
    title_before: "re.Pattern[str]"
    two_surnames: bool = False
    gender_locales: Tuple[str, ...] = _GENDER_LOCALES  # tell male from female first names
    # A name listed for both sexes takes the sex most of these locales give it (es_ES lists
    # "María" as a man's name too, for "José María"); otherwise it is either.
    gender_by_majority: bool = False


ENGLISH = NameStyle(_POOL_LOCALES, _POOL_NAME, _CAP_PER_LOCALE, TITLES, _TITLE_BEFORE)
SPANISH = NameStyle(
    ("es_ES",),
    re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,}"),
    2000,
    TITLES | {"don", "dona", "dna", "senor", "senora", "senorita", "doctora", "profa"},  # folded
    _TITLE_BEFORE_ES,
    two_surnames=True,
    gender_locales=("es_ES", "es_MX", "es_CO", "es_AR", "es_CL"),
    gender_by_majority=True,
)


# ---------------------------------------------------------------------------------------------
# Pools (built once per process)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePools:
    # (gender "M"/"F"/"U", half 0/1) -> first letter -> names
    given: Dict[Tuple[str, int], Dict[str, Tuple[str, ...]]]
    # half -> first letter -> names
    family: Dict[int, Dict[str, Tuple[str, ...]]]
    given_letters: str
    family_letters: str
    male: FrozenSet[str]
    female: FrozenSet[str]
    given_folds: FrozenSet[str]
    family_folds: FrozenSet[str]
    # fold -> (locales listing it as a first name) - (locales listing it as a last name)
    given_score: Dict[str, int]

    def looks_given(self, folded: str) -> bool:
        return self.given_score.get(folded, 0) > 0

    def gender(self, folded: str) -> str:
        m, f = folded in self.male, folded in self.female
        return "M" if m and not f else "F" if f and not m else "U"


def _provider(locale: str):
    try:
        return importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:  # a locale missing from this faker version: skip it
        return None


def _capped(names: Iterable[str], style: NameStyle) -> List[str]:
    """Up to ``style.cap`` pool-worthy names, a fixed spread over the alphabet."""
    ok = sorted({n for n in names if style.pool_name.fullmatch(n) and len(n) <= 14})
    ok.sort(key=lambda n: zlib.crc32(n.encode("utf8")))
    return ok[: style.cap]


def _by_letter(names: Iterable[str]) -> Dict[str, Tuple[str, ...]]:
    out: Dict[str, List[str]] = {}
    for n in sorted(set(names)):
        out.setdefault(strip_accents(n[0]).lower(), []).append(n)  # "Ángel" files under "a"
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=2)
def name_pools(style: NameStyle = ENGLISH) -> NamePools:
    male: set = set()
    female: set = set()
    votes: Dict[str, int] = {}  # fold -> (locales listing it male) - (locales listing it female)
    for locale in style.gender_locales:
        P = _provider(locale)
        if P is None:
            continue
        m = {fold(n) for n in getattr(P, "first_names_male", ()) or ()}
        f = {fold(n) for n in getattr(P, "first_names_female", ()) or ()}
        male.update(m)
        female.update(f)
        for n in m:
            votes[n] = votes.get(n, 0) + 1
        for n in f:
            votes[n] = votes.get(n, 0) - 1
    if style.gender_by_majority:
        male = {n for n in male if votes[n] > 0 or n not in female}
        female = {n for n in female if votes[n] < 0 or n not in male}
    pool_m: set = set()
    pool_f: set = set()
    pool_last: set = set()
    family_folds: set = set()
    for locale in style.pool_locales:
        P = _provider(locale)
        if P is None:
            continue
        pool_m.update(_capped(getattr(P, "first_names_male", ()) or (), style))
        pool_f.update(_capped(getattr(P, "first_names_female", ()) or (), style))
        pool_last.update(_capped(getattr(P, "last_names", ()) or (), style))
    score: Dict[str, int] = {}
    for locale in _GENDER_LOCALES:
        P = _provider(locale)
        if P is None:
            continue
        last = {fold(n) for n in getattr(P, "last_names", ()) or ()}
        first = {
            fold(n)
            for attr in ("first_names_male", "first_names_female", "first_names")
            for n in (getattr(P, attr, ()) or ())
        }
        family_folds.update(last)
        for f in first:
            score[f] = score.get(f, 0) + 1
        for f in last:
            score[f] = score.get(f, 0) - 1
    # A name used for both sexes goes to the "U" pool only.
    both = pool_m & pool_f
    pool_m -= both
    pool_f -= both
    given: Dict[Tuple[str, int], Dict[str, Tuple[str, ...]]] = {}
    for half in (0, 1):
        m = [n for n in pool_m if stable_bit(fold(n)) == half]
        f = [n for n in pool_f if stable_bit(fold(n)) == half]
        u = [n for n in both if stable_bit(fold(n)) == half]
        given[("M", half)] = _by_letter(m + u)
        given[("F", half)] = _by_letter(f + u)
        given[("U", half)] = _by_letter(m + f + u)
    family = {
        half: _by_letter(n for n in pool_last if stable_bit(fold(n)) == half) for half in (0, 1)
    }

    def ok_letters(tables: List[Dict[str, Tuple[str, ...]]]) -> str:
        return "".join(c for c in LOWER if all(len(t.get(c, ())) >= _MIN_BUCKET for t in tables))

    given_letters = ok_letters([given[(g, h)] for g in ("M", "F") for h in (0, 1)])
    family_letters = ok_letters([family[0], family[1]])
    return NamePools(
        given,
        family,
        given_letters,
        family_letters,
        frozenset(male),
        frozenset(female),
        frozenset(male | female),
        frozenset(family_folds),
        score,
    )


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class Part:
    """A piece of a name span; kind: sep, keep, given, family, ginit, finit or unknown."""

    start: int
    end: int
    kind: str
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class ParsedName:
    text: str
    parts: List[Part] = field(default_factory=list)

    def named(self, kind: str) -> List[Part]:
        return [p for p in self.parts if p.kind == kind]


def _is_credential(word: str) -> bool:
    f = fold(word)
    if f not in CREDENTIALS:
        return False
    letters = [c for c in word if c.isalpha()]
    return all(c.isupper() for c in letters) or any(c.isupper() for c in letters[1:])


def parse_name(text: str, style: NameStyle = ENGLISH) -> ParsedName:
    """Split a name span into kept words, given names, family names and initials."""
    pools = name_pools(style)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    kinds: List[str] = []
    seen_name = False
    for i, (_, e, w) in enumerate(words):
        f = fold(w)
        letters = sum(c.isalpha() for c in w)
        nxt = text[e : e + 1]
        if (
            f in style.titles
            and not seen_name
            and (nxt in (".", " ", "") or w[0].isupper())
            and len(words) > 1
        ):
            kinds.append("keep")
            continue
        if seen_name and (f in SUFFIXES and (w[0].isupper() or nxt == ".")):
            kinds.append("keep")
            continue
        if seen_name and _is_credential(w):
            kinds.append("keep")
            continue
        if w.lower() in _GAELIC and i + 1 < len(words):  # "Ó Hódhra", "Nic Giolla"
            kinds.append("particle")
        elif letters == 1:
            kinds.append("init")
        elif f in PARTICLES and i + 1 < len(words):
            kinds.append("particle")
        else:
            kinds.append("word")
        seen_name = True

    name_idx = [i for i, k in enumerate(kinds) if k in ("word", "init", "particle")]
    word_idx = [i for i, k in enumerate(kinds) if k == "word"]
    role: Dict[int, str] = {}

    # Initials only: "JS", "J.S.", "J. S.", "jcs".
    if len(word_idx) == 1 and len(name_idx) == 1:
        w = words[word_idx[0]][2]
        if (
            2 <= len(w) <= 4
            and w.isalpha()
            and (w.isupper() or (len(w) <= 3 and not any(c in "aeiouy" for c in w.lower())))
            and fold(w) not in pools.family_folds
            and fold(w) not in pools.given_folds
        ):
            return _initials(text, words[word_idx[0]], 2 if style.two_surnames else 1)
    if not word_idx:
        inits = [i for i in name_idx if kinds[i] == "init"]
        if len(inits) >= 2:
            # "J.S." is given + family; in Spanish "M.G.L." is given + two surnames.
            family_count = 2 if style.two_surnames and len(inits) >= 3 else 1
            for n, i in enumerate(inits):
                role[i] = "finit" if n >= len(inits) - family_count else "ginit"
        else:
            for i in inits:
                role[i] = "ginit"
        return _assemble(text, words, kinds, role, {})

    # "Last, First M": a comma after the first name word and before another name word.
    comma_at: Optional[int] = None
    for j in range(len(words) - 1):
        gap = text[words[j][1] : words[j + 1][0]]
        if "," in gap or "^" in gap:  # "SMITH, JOHN" and HL7's "SMITH^JOHN"
            before = [i for i in name_idx if i <= j]
            after = [i for i in name_idx if i > j]
            if before and after and any(kinds[i] == "word" for i in before):
                comma_at = j
            break
    merged: Dict[int, int] = {}  # family run: first index -> last index
    if comma_at is not None:
        fam = [i for i in name_idx if i <= comma_at]
        merged[fam[0]] = fam[-1]
        for i in fam:
            role[i] = "family"
        for i in name_idx:
            if i > comma_at:
                role[i] = "given" if kinds[i] == "word" else "ginit"
        return _assemble(text, words, kinds, role, merged)

    if (
        len(word_idx) == 1
        and len([i for i in name_idx if kinds[i] == "init"]) == 0
        and not any(kinds[i] == "particle" for i in name_idx)
    ):
        titled = any(kinds[i] == "keep" for i in range(word_idx[0]))  # "Mr. Smith"
        role[word_idx[0]] = "family" if titled else "unknown"
        return _assemble(text, words, kinds, role, merged)

    last = word_idx[-1]
    trailing = [i for i in name_idx if i > last]
    if (
        len(word_idx) == 1
        and trailing
        and all(kinds[i] == "init" for i in trailing)
        and not [i for i in name_idx if i < last and kinds[i] != "particle"]
    ):
        # "Smith J" / "SMITH J R" (family then initials), or "John S." (given then family initial).
        w = fold(words[last][2])
        dotted = text[words[trailing[-1]][1] : words[trailing[-1]][1] + 1] == "."
        looks_given = (dotted and w in pools.given_folds) or pools.looks_given(w)
        if looks_given and len(trailing) == 1:
            role[last] = "given"
            role[trailing[0]] = "finit"
        else:
            _mark_family(last, kinds, role, merged)
            for i in trailing:
                role[i] = "ginit"
        return _assemble(text, words, kinds, role, merged)

    first = _mark_family(last, kinds, role, merged)
    if style.two_surnames:
        first = _second_surname(first, words, kinds, role, merged, pools)
    for i in name_idx:
        if i < first:
            role[i] = "given" if kinds[i] in ("word", "particle") else "ginit"
        elif i > last:
            role[i] = "ginit"
    return _assemble(text, words, kinds, role, merged)


def _mark_family(last: int, kinds, role, merged) -> int:
    """Mark the family name ending at word ``last``, with its particles ("de la Cruz"), as one
    merged part; return the index of its first word."""
    first = last
    while first - 1 >= 0 and kinds[first - 1] == "particle":
        first -= 1
    merged[first] = last
    for i in range(first, last + 1):
        role[i] = "family"
    return first


def _second_surname(first: int, words, kinds, role, merged, pools: "NamePools") -> int:
    """Spanish order: the word before the last surname is the first surname ("María García
    López", "García López") unless it can only be a given name ("María José López"), or it is
    the span's first word and reads as a given name ("Pedro López")."""
    before = [i for i in range(first) if kinds[i] == "word"]
    if not before:
        return first
    prev = before[-1]
    if any(kinds[i] not in ("particle",) for i in range(prev + 1, first)):
        return first  # an initial or a kept word in between: not one surname run
    f = fold(words[prev][2])
    if len(before) == 1:
        given = pools.looks_given(f)
    else:
        given = f in pools.given_folds and f not in pools.family_folds
    if given:
        return first
    return _mark_family(prev, kinds, role, merged)


def _initials(text: str, word: Tuple[int, int, str], family: int = 1) -> ParsedName:
    s, e, w = word
    family = family if len(w) >= 3 else 1
    parts = []
    if s:
        parts.append(Part(0, s, "sep", text[:s]))
    for k, ch in enumerate(w):
        kind = "finit" if k >= len(w) - family else "ginit"
        parts.append(Part(s + k, s + k + 1, kind, ch))
    if e < len(text):
        parts.append(Part(e, len(text), "sep", text[e:]))
    return ParsedName(text, parts)


def _assemble(text: str, words, kinds, role: Dict[int, str], merged: Dict[int, int]) -> ParsedName:
    parts: List[Part] = []
    cursor = 0
    i = 0
    while i < len(words):
        s, e, _ = words[i]
        if i in merged:
            e = words[merged[i]][1]
            j = merged[i]
        else:
            j = i
        if s > cursor:
            parts.append(Part(cursor, s, "sep", text[cursor:s]))
        kind = role.get(i, "keep")
        parts.append(Part(s, e, kind, text[s:e]))
        cursor = e
        i = j + 1
    if cursor < len(text):
        parts.append(Part(cursor, len(text), "sep", text[cursor:]))
    return ParsedName(text, parts)


def title_before(text_before: str, style: NameStyle = ENGLISH) -> bool:
    return bool(style.title_before.search(text_before[-12:]))


# ---------------------------------------------------------------------------------------------
# Mapping, per document (or per call when used alone)
# ---------------------------------------------------------------------------------------------

# PATIENT names come from half 0 of the pools, DOCTOR (and user) names from half 1.
HALVES = {"PATIENT": 0, "DOCTOR": 1, "USERNAME": 1}


class NameBook:
    """One document's name mapping: resolves roles, assigns parts, renders name spans."""

    def __init__(self, key: bytes, scope: str, style: NameStyle = ENGLISH) -> None:
        self.style = style
        self.pools = name_pools(style)
        self.key = key
        self.scope = scope
        self.parsed: Dict[Tuple[str, str], ParsedName] = {}
        self.evidence: Dict[Tuple[str, str], Dict[str, int]] = {}  # (label, fold) -> role -> count
        self.mapping: Dict[Tuple[str, str, str], str] = {}  # (label, role, fold) -> surrogate
        self.claimed: Dict[str, Tuple[str, str, str]] = {}  # surrogate fold -> who owns it
        self.originals: set = set()
        self._letters: Dict[Tuple[str, str], Dict[str, str]] = {}

    # -- document pre-pass ---------------------------------------------------------------------

    def prepare(self, mentions: Iterable[Tuple[str, str, str]]) -> None:
        """mentions: (label, span text, up to 12 characters of text before the span)."""
        mentions = list(mentions)
        for label, text, before in mentions:
            parsed = self.parse(label, text, before)
            for p in parsed.parts:
                if p.kind in ("given", "family"):
                    for piece in _pieces(p):
                        ev = self.evidence.setdefault((label, fold(piece)), {})
                        ev[p.kind] = ev.get(p.kind, 0) + 1
                if p.kind in ("given", "family", "unknown"):
                    self.originals.update(fold(x) for x in _pieces(p))
        claims = set()
        for (label, _), parsed in self.parsed.items():
            given = [p for p in parsed.parts if p.kind == GIVEN]
            for p in given[1:]:
                # "Ariadna Pedraza Lasa" next to "Pedraza Lasa, Ariadna": a word the document
                # shows as a family name is one here too, not a middle name.
                ev = self.evidence.get((label, p.folded), {})
                if ev.get(FAMILY, 0) >= ev.get(GIVEN, 0):
                    p.kind = FAMILY
            for p in parsed.parts:
                if p.kind == "unknown":
                    p.kind = self.resolve_role(label, p.text)
                if p.kind in ("given", "family"):
                    for piece in _pieces(p):
                        claims.add((label, p.kind, fold(piece)))
        # A fixed order (not the order of mention) decides who wins a rare collision.
        for label, role, f in sorted(claims):
            self.part(label, role, f)

    def parse(self, label: str, text: str, before: str = "") -> ParsedName:
        key = (
            label, text if not before or not title_before(before, self.style) else "\x00" + text
        )
        parsed = self.parsed.get(key)
        if parsed is None:
            parsed = parse_name(text, self.style)
            if key[1].startswith("\x00"):
                for p in parsed.parts:
                    if p.kind == "unknown":
                        p.kind = FAMILY
            self.parsed[key] = parsed
        return parsed

    def resolve_role(self, label: str, text: str) -> str:
        f = fold(text)
        ev = self.evidence.get((label, f)) or {}
        if not ev:
            for (_, ff), e in self.evidence.items():
                if ff == f:
                    for k, v in e.items():
                        ev[k] = ev.get(k, 0) + v
        if ev:
            return GIVEN if ev.get(GIVEN, 0) > ev.get(FAMILY, 0) else FAMILY
        return GIVEN if self.pools.looks_given(f) else FAMILY

    # -- mapping ---------------------------------------------------------------------------------

    def letters(self, label: str, role: str) -> Dict[str, str]:
        table = self._letters.get((label, role))
        if table is None:
            ok = self.pools.given_letters if role == GIVEN else self.pools.family_letters
            table = self._letters[(label, role)] = _letter_table(
                self.key, self.scope, label, role, ok
            )
        return table

    def initial(self, label: str, role: str, letter: str) -> str:
        f = fold(letter)[:1]
        table = self.letters(label, role)
        new = table.get(f) or table[LOWER[keyed_int(self.key, "name-initial", self.scope, f) % 26]]
        return new.upper() if letter.isupper() else new

    def part(self, label: str, role: str, f: str) -> str:
        """The surrogate (pool case) of one folded given or family name."""
        k = (label, role, f)
        done = self.mapping.get(k)
        if done is not None:
            return done
        half = HALVES.get(label, 0)
        letter = self.initial(label, role, f[:1] or "a").lower()
        if role == GIVEN:
            gender = self.pools.gender(f)
            table = self.pools.given[(gender, half)]
        else:
            table = self.pools.family[half]
        start = keyed_int(self.key, "name", self.scope, label, role, f)
        choice = self._free(table.get(letter, ()), start, k, f)
        if choice is None:  # the letter's bucket is used up: any letter
            everything = tuple(n for names in table.values() for n in names)
            choice = self._free(everything, start, k, f)
        if choice is None:  # absurdly many names in one document: accept a repeat
            everything = tuple(n for names in table.values() for n in names)
            choice = everything[start % len(everything)]
        self.mapping[k] = choice
        self.claimed.setdefault(fold(choice), k)
        return choice

    def _free(self, bucket: Tuple[str, ...], start: int, owner, f: str) -> Optional[str]:
        n = len(bucket)
        for i in range(n):
            cand = bucket[(start + i) % n]
            cf = fold(cand)
            if cf == f or cf in self.originals:
                continue
            holder = self.claimed.get(cf)
            if holder is not None and holder != owner:
                continue
            return cand
        return None

    def known(self, f: str) -> Optional[Tuple[str, str]]:
        """(label, role) under which a folded word was mapped in this document, if any."""
        for label, role, ff in self.mapping:
            if ff == f:
                return label, role
        return None

    # -- rendering -------------------------------------------------------------------------------

    def render(self, label: str, text: str, before: str = "") -> str:
        parsed = self.parse(label, text, before)
        out: List[str] = []
        for p in parsed.parts:
            kind = p.kind
            if kind == "unknown":
                kind = p.kind = self.resolve_role(label, p.text)
            if kind in (GIVEN, FAMILY):
                out.append(self._render_word(label, kind, p.text))
            elif kind == "ginit":
                out.append(self.initial(label, GIVEN, p.text))
            elif kind == "finit":
                out.append(self.initial(label, FAMILY, p.text))
            else:
                out.append(p.text)
        return "".join(out)

    def _render_word(self, label: str, role: str, text: str) -> str:
        if "-" in text or (role == FAMILY and " " in text.strip() and not _has_particle(text)):
            pieces = re.split(r"(\s*-\s*|\s+)", text)
            return "".join(
                piece if i % 2 else apply_case(piece, self.part(label, role, fold(piece)))
                for i, piece in enumerate(pieces)
                if piece
            )
        return apply_case(text, self.part(label, role, fold(text)))


@lru_cache(maxsize=4096)
def _letter_table(key: bytes, scope: str, label: str, role: str, ok_letters: str) -> Dict[str, str]:
    """The keyed initial-letter map of one (scope, label, role); cached because a patient's
    notes come together. Callers must not mutate the returned dict."""
    ok = list(ok_letters)
    rng = keyed_rng(key, "name-letters", scope, label, role)
    rng.shuffle(ok)
    n = len(ok)
    table = {ok[i]: ok[(i + 1) % n] for i in range(n)}  # one cycle: no letter maps to itself
    for c in LOWER:
        if c not in table:
            table[c] = ok[int(rng.random() * n)]
    return table


def _has_particle(text: str) -> bool:
    return any(fold(w) in PARTICLES for w in text.split()[:-1])


def _pieces(part: Part) -> List[str]:
    """The separately mapped pieces of a part (hyphenated or two-word family names)."""
    text = part.text
    if "-" in text or (part.kind == FAMILY and " " in text.strip() and not _has_particle(text)):
        return [x for x in re.split(r"\s*-\s*|\s+", text) if x]
    return [text]


# ---------------------------------------------------------------------------------------------
# User names
# ---------------------------------------------------------------------------------------------

_RUNS = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d]+")


def username(text: str, book: NameBook, label: str = "USERNAME") -> str:
    """ "jsmith2" -> "mjones7": alphabetic runs become name parts (the document's mapping where the
    run is a known name, "initial + family" where it looks like one), digits stay digits."""
    rng = keyed_rng(book.key, "username", book.scope, fold(text))
    out = []
    first_alpha = True
    for run in _RUNS.findall(text):
        if run.isdigit():
            out.append(random_like(run, rng))
        elif run.isalpha():
            out.append(apply_case(run, _user_run(run, book, label, first_alpha)))
            first_alpha = False
        else:
            out.append(run)
    return "".join(out)


def _user_run(run: str, book: NameBook, label: str, first: bool) -> str:
    f = run.lower()
    if len(f) == 1:
        return book.initial(label, GIVEN if first else FAMILY, run).lower()
    hit = book.known(f)
    if hit:
        return book.part(hit[0], hit[1], f).lower()
    if len(f) >= 3:  # "bev" for Beverly, "chave" for Chavez: a known name cut short
        for (lab, role, known), _ in list(book.mapping.items()):
            if len(known) > len(f) and known.startswith(f):
                return book.part(lab, role, known).lower()[: len(f)]
    for head, tail in ((f[:1], f[1:]), (f[:2], f[2:])):  # "jsmith", "jdsmith"
        hit = book.known(tail)
        if hit and hit[1] == FAMILY:
            inits = "".join(book.initial(hit[0], GIVEN, c).lower() for c in head)
            return inits + book.part(hit[0], FAMILY, tail).lower()
    if len(f) >= 5:  # "mchave" for Chavez: a truncated family name after an initial
        for (lab, role, known), _ in list(book.mapping.items()):
            if role == FAMILY and len(known) > len(f) - 1 and known.startswith(f[1:]):
                new = book.part(lab, FAMILY, known).lower()[: len(f) - 1]
                return book.initial(lab, GIVEN, f[0]).lower() + new
    for head, tail in ((f[:-1], f[-1:]), (f[:-2], f[-2:])):  # "smithj"
        hit = book.known(head)
        if hit and hit[1] == FAMILY:
            inits = "".join(book.initial(hit[0], GIVEN, c).lower() for c in tail)
            return book.part(hit[0], FAMILY, head).lower() + inits
    if first and f in book.pools.given_folds:  # "angelica.curci"
        return book.part(label, GIVEN, f).lower()
    if not first and f in book.pools.family_folds:
        return book.part(label, FAMILY, f).lower()
    if first and len(f) >= 4:
        return book.initial(label, GIVEN, f[0]).lower() + book.part(label, FAMILY, f[1:]).lower()
    return book.part(label, FAMILY if not first else GIVEN, f).lower()
