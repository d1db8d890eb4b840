"""The surrogate engine: one object per pipeline (pools, key, settings), one state per document.

Scope. Every keyed choice is a function of (key, scope, salt, normalised value) and nothing
else, so no state is kept between documents and a corpus can be re-run or extended later with
the same result:

* with ``doc._.patient_id`` set, the scope is the patient: the same value gets the same
  surrogate in every note of that patient, and all of the patient's dates move by one offset;
* without one, the scope is the document, derived from a keyed hash of its text: values are
  consistent inside the note, unlinkable across notes, and re-running the same note gives the
  same output (identical texts share a mapping, which reveals nothing new).

Salt. The PHI type enters the HMAC: PATIENT and DOCTOR names are keyed (and drawn from
disjoint pools) apart; all ID types share the salt "ID" so one number labelled MRN in one
place and IDNUM in another still gets one surrogate; PHONE and FAX share "PHONE".

Within a document no two different originals of one salt get the same surrogate, and no
surrogate equals an original value of that salt in the document (redraws are keyed too).

Locale. ``SurrogateConfig.locale`` picks the generators: ``en_US`` (the US forms) or ``es_ES``
(Spanish names with two surnames, Spanish month names and day-first dates, Spanish phones,
DNI/NIE/NASS, postal codes, streets and places: :mod:`.spanish`). Scope, salts, keys and the
checks above are the same for both.

Failure. A value a generator cannot handle (an unparseable date, an age it cannot read, an
internal error) becomes the ``[LABEL]`` tag, never the original, and is counted in
``engine.fallbacks`` (labels only; no text is logged).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, Iterable, Optional, Sequence, Tuple

from .. import schema
from ..normalize import fold_text
from ..patterns.detectors_es import NUM_WORD_ES
from . import dates, names, places, shapes, spanish
from .common import apply_case, choose, fold, keyed_digest, keyed_int, keyed_rng

INSTITUTIONS = ("HOSPITAL", "DEPARTMENT", "ORGANIZATION", "LOCATION_OTHER")
PHONE_STYLES = ("nanp", "fictional")


@dataclass(frozen=True)
class SurrogateConfig:
    """Settings of the surrogate mode (see ``make_surrogates`` for their meaning)."""

    date_shift_range: Tuple[int, int] = (-365, -30)
    day_first: bool = False
    age_threshold: int = 89
    age_replacement: str = "90+"
    shift_ages: int = 0
    phone_style: str = "nanp"
    locale: str = "en_US"

    def __post_init__(self) -> None:
        if self.locale not in spanish.LOCALES:
            raise ValueError(
                f"deid_surrogates: locale must be one of {spanish.LOCALES}, got {self.locale!r}"
            )
        lo, hi = self.date_shift_range
        if lo > hi or (lo == 0 and hi == 0):
            raise ValueError(
                "deid_surrogates: date_shift_range must be [low, high] with low <= high "
                f"and not [0, 0]; "
                f"got {list(self.date_shift_range)}"
            )
        if self.phone_style not in PHONE_STYLES:
            raise ValueError(
                f"deid_surrogates: phone_style must be one of {PHONE_STYLES}, "
                f"got {self.phone_style!r}"
            )
        if self.shift_ages < 0:
            raise ValueError(
                "deid_surrogates: shift_ages must be >= 0 (0 keeps ages up to the threshold)"
            )


class SurrogateError(ValueError):
    """A value the surrogate generators cannot replace safely (the caller writes a tag)."""


def _nonzero_in(lo: int, hi: int, k: int) -> int:
    """The k-th (mod count) integer of [lo, hi] without 0."""
    n = hi - lo + 1 - (1 if lo <= 0 <= hi else 0)
    value = lo + k % n
    if lo <= 0 <= hi and value >= 0:
        value += 1
    return value


@lru_cache(maxsize=8)
def _visible_offsets(lo: int, hi: int) -> Tuple[int, ...]:
    return tuple(
        d for d in range(lo, hi + 1)
        if d % 7 and min(abs(d) % 365, 365 - abs(d) % 365) > 16
    )


def salt(label: str) -> str:
    if schema.category(label) == schema.ID:
        return "ID"
    if label in ("PHONE", "FAX"):
        return "PHONE"
    return label


class SurrogateEngine:
    """Keyed surrogate generation; create once (pools load here), then ``start`` per document."""

    def __init__(self, key: bytes, config: Optional[SurrogateConfig] = None) -> None:
        self._key = key
        self.config = config or SurrogateConfig()
        self.fallbacks: Counter = Counter()
        # Load every pool now, once per process, not on the first span of the first note.
        names.name_pools()
        places.cities()
        places.states()
        places.countries()
        places.professions()
        places.proper_words()
        if self.config.locale == "es_ES":
            names.name_pools(names.SPANISH)
            spanish.load()

    def __repr__(self) -> str:  # never show the key
        return f"SurrogateEngine(config={self.config!r})"

    def scope(self, text: str, patient_id: Optional[str]) -> str:
        if patient_id is not None and str(patient_id) != "":
            return "patient\x1f" + str(patient_id)
        return "doc\x1f" + keyed_digest(self._key, "doc-scope", text).hex()

    def date_offset(self, scope: str) -> int:
        """The scope's day offset: keyed, in the configured range, and chosen so that every
        partial date changes too (not a multiple of 7: weekdays move; not within 16 days of a
        whole number of years: a month alone moves)."""
        lo, hi = self.config.date_shift_range
        k = keyed_int(self._key, "date-offset", scope)
        good = _visible_offsets(lo, hi)
        return good[k % len(good)] if good else _nonzero_in(lo, hi, k)

    def age_delta(self, scope: str) -> int:
        n = self.config.shift_ages
        return _nonzero_in(-n, n, keyed_int(self._key, "age-delta", scope)) if n else 0

    def start(
        self,
        text: str,
        patient_id: Optional[str] = None,
        mentions: Iterable[Tuple[int, int, str]] = (),
    ) -> "DocSurrogates":
        """The state for one document; ``mentions``: (start, end, label) of the spans to replace."""
        return DocSurrogates(self, text, patient_id, list(mentions))


class DocSurrogates:
    """One document's mapping: caches, the name book, date settings, collision checks."""

    def __init__(
        self,
        engine: SurrogateEngine,
        text: str,
        patient_id: Optional[str],
        mentions: Sequence[Tuple[int, int, str]],
    ) -> None:
        self.engine = engine
        self.config = engine.config
        self.spanish = engine.config.locale == "es_ES"
        self.key = engine._key
        self.text = text
        self.scope = engine.scope(text, patient_id)
        self.offset = engine.date_offset(self.scope)
        self.cache: Dict[Tuple[str, str], str] = {}
        self.claims: Dict[str, Dict[str, str]] = {}  # salt -> surrogate fold -> original fold
        self.originals: Dict[str, set] = {}  # salt -> folds of the document's originals
        self.full_names: Dict[str, Tuple[str, str]] = {}  # abbreviation -> (label, full name)
        self._book: Optional[names.NameBook] = None
        self.day_first_evidence: Optional[bool] = None
        self.ref_year = 2000
        name_mentions = []
        date_texts = []
        for start, end, label in mentions:
            value = self._value(start, end)
            self.originals.setdefault(salt(label), set()).add(fold(value))
            if label in ("PATIENT", "DOCTOR"):
                name_mentions.append((label, value, text[max(0, start - 12) : start]))
            elif label == "DATE":
                date_texts.append(value)
            elif label in INSTITUTIONS and not places.is_abbreviation(value):
                abbr = places.abbreviation(value)
                if len(abbr) >= 2:
                    self.full_names.setdefault(abbr, (label, value))
        if name_mentions:
            self.book.prepare(name_mentions)
        if date_texts:
            evidence, ref = dates.document_evidence(date_texts)
            self.day_first_evidence = evidence
            if ref is not None:
                self.ref_year = ref

    @property
    def book(self) -> names.NameBook:
        if self._book is None:
            self._book = names.NameBook(
                self.key, self.scope, names.SPANISH if self.spanish else names.ENGLISH
            )
        return self._book

    # -- entry points ------------------------------------------------------------------------------

    def _value(self, start: int, end: int) -> str:
        """text[start:end] as detection saw it (spacy_deid.normalize): "Jo\u200bhn", "J\u043ehn"
        (Cyrillic o) and full-width digits get the surrogate of the plain value."""
        return fold_text(self.text[start:end])

    def replace(self, label: str, start: int, end: int) -> str:
        """The surrogate of text[start:end]; a ``[LABEL]`` tag when it cannot be made safely."""
        return self.surrogate(label, self._value(start, end), self._value(max(0, start - 12), start))

    def surrogate(self, label: str, value: str, before: str = "") -> str:
        cache_key = (
            label,
            value
            if not before or label not in ("PATIENT", "DOCTOR")
            else before[-12:] + "\x00" + value,
        )
        done = self.cache.get(cache_key)
        if done is not None:
            return done
        try:
            new = self._generate(label, value, before)
        except Exception:  # noqa: BLE001  fail closed: a tag, never the original, no text logged
            new = None
        # Ages up to the threshold stay by design, and a year, month or weekday alone may keep
        # its value under a small offset (see dates.py); anything else equal to the original
        # would be a leak.
        if new is None or (label not in ("AGE", "DATE") and new == value and value.strip()):
            self.engine.fallbacks[label] += 1
            new = f"[{label}]"
        self.cache[cache_key] = new
        return new

    # -- dispatch ----------------------------------------------------------------------------------

    def _generate(self, label: str, value: str, before: str) -> Optional[str]:
        if not value.strip():
            return value
        if label in ("PATIENT", "DOCTOR"):
            return self.book.render(label, value, before)
        if label == "USERNAME":
            return self._keyed(
                label,
                value,
                lambda rng, i: (
                    names.username(value, self.book) if i == 0 else shapes.random_like(value, rng)
                ),
            )
        if label == "DATE":
            return dates.shift_text(
                value,
                self.offset,
                day_first=self.config.day_first or self.spanish,
                evidence=self.day_first_evidence,
                ref_year=self.ref_year,
                spanish=self.spanish,
            )
        if label == "AGE":
            return self._age(value)
        gen = self._generator(label, value)
        return self._keyed(label, value, gen)

    def _generator(self, label: str, value: str) -> Callable[[random.Random, int], str]:
        if self.spanish:
            gen = self._spanish_generator(label, value)
            if gen is not None:
                return gen
        if label in ("PHONE", "FAX"):
            return lambda rng, i: shapes.phone(value, rng, self.config.phone_style)
        if label == "SSN":
            return lambda rng, i: shapes.ssn(value, rng)
        if label == "ZIP":
            return lambda rng, i: shapes.zip_code(value, rng)
        if label == "IPADDR":
            return lambda rng, i: shapes.ip_address(value, rng)
        if label == "EMAIL":
            return lambda rng, i: shapes.email(
                value, rng, self._email_word if i == 0 else self._random_word(rng)
            )
        if label == "URL":
            return lambda rng, i: shapes.url(value, rng)
        if label == "VEHICLE":
            return lambda rng, i: (
                shapes.vin(value, rng)
                if len(value.strip()) == 17
                else shapes.identifier(value, rng)
            )
        if schema.category(label) == schema.ID:
            return lambda rng, i: shapes.identifier(value, rng)
        if label == "CITY":
            return lambda rng, i: places.city(value, rng)
        if label == "STATE":
            return lambda rng, i: places.state(value, rng)
        if label == "COUNTRY":
            return lambda rng, i: places.country(value, rng)
        if label == "PROFESSION":
            return lambda rng, i: places.profession(value, rng)
        if label == "STREET":
            return lambda rng, i: places.street(
                value, self._street_name if i == 0 else (lambda t: places.street_name(rng)), rng
            )
        if label == "ROOM":
            return lambda rng, i: places.room(value, self._proper_word, rng)
        if label in INSTITUTIONS:
            return lambda rng, i: self._institution(label, value, rng, i)
        raise SurrogateError(f"no surrogate generator for label {label}")

    def _spanish_generator(
        self, label: str, value: str
    ) -> Optional[Callable[[random.Random, int], str]]:
        """The es_ES generator of a label, or None where the English one serves."""
        if label in ("PHONE", "FAX"):
            return lambda rng, i: spanish.phone(value, rng)
        if label == "ZIP":
            return lambda rng, i: spanish.postcode(value, rng)
        if schema.category(label) == schema.ID and label not in ("VEHICLE", "SSN"):
            return lambda rng, i: spanish.identifier(value, rng)
        if label in ("CITY", "STATE"):
            return lambda rng, i: spanish.territory(value, rng)
        if label == "COUNTRY":
            return lambda rng, i: spanish.country(value, rng)
        if label == "PROFESSION":
            return lambda rng, i: spanish.profession(value, rng)
        if label == "STREET":
            return lambda rng, i: spanish.street(
                value,
                self._street_name if i == 0 else (lambda t: choose(rng, spanish.street_names())),
                rng,
            )
        if label in INSTITUTIONS:
            return lambda rng, i: self._institution(label, value, rng, i)
        return None

    def _keyed(self, label: str, value: str, gen: Callable[[random.Random, int], str]) -> str:
        """Draw from ``gen`` with the value's keyed RNG until the result is new in this document."""
        s = salt(label)
        norm = fold(value)
        rng = keyed_rng(self.key, "value", self.scope, s, norm)
        claims = self.claims.setdefault(s, {})
        originals = self.originals.get(s, ())
        for attempt in range(48):
            new = gen(rng, attempt)
            nf = fold(new)
            if not shapes.differs(value, new) or (nf in originals and nf != norm):
                continue
            owner = claims.get(nf)
            if owner is not None and owner != norm:
                continue
            claims[nf] = norm
            return new
        raise SurrogateError(f"no distinct surrogate found for a {label} value")

    # -- helpers -----------------------------------------------------------------------------------

    def _pick(self, salt_: str, word: str, pool: Sequence[str]) -> str:
        """A keyed pool entry for one word, distinct from other words' picks in this document."""
        norm = fold(word)
        done = self.cache.get(("\x00" + salt_, norm))
        if done is not None:
            return done
        claims = self.claims.setdefault(salt_, {})
        start = keyed_int(self.key, "word", self.scope, salt_, norm)
        n = len(pool)
        choice = pool[start % n]
        for i in range(min(n, 200)):
            cand = pool[(start + i * 7919) % n]
            cf = fold(cand)
            if cf == norm or (claims.get(cf) not in (None, norm)):
                continue
            choice = cand
            break
        claims[fold(choice)] = norm
        self.cache[("\x00" + salt_, norm)] = choice
        return choice

    def _proper_word(self, word: str, after_saint: bool = False) -> str:
        if self.spanish:
            if after_saint:
                return self._pick("SAINT", word, spanish.SAINTS)
            return self._pick("PROPER", word, spanish.proper_words())
        if after_saint:
            return self._pick("SAINT", word, places.SAINTS)
        return self._pick("PROPER", word, places.proper_words())

    def _street_name(self, words: str) -> str:
        if self.spanish:
            return self._pick("STREET-NAME", words, spanish.street_names())
        return self._pick("STREET-NAME", words, places.STREET_NAMES + places.PLACE_WORDS)

    def _institution(self, label: str, value: str, rng: random.Random, attempt: int) -> str:
        if places.is_abbreviation(value):
            full = self.full_names.get(value.strip().replace(".", "").upper())
            if full is not None and attempt == 0:
                new_full = self.surrogate(full[0], full[1])
                abbr = places.abbreviation(new_full)
                if len(abbr) == len(
                    value.strip().replace(".", "")
                ) and abbr != value.strip().replace(".", ""):
                    t = value.strip()
                    it = iter(abbr)
                    return value.replace(t, "".join(next(it) if c.isalpha() else c for c in t))
            return places.abbreviation_like(value, rng)
        if self.spanish:
            word = (
                self._proper_word
                if attempt == 0
                else (
                    lambda w, saint=False: choose(
                        rng, spanish.SAINTS if saint else spanish.proper_words()
                    )
                )
            )
            return places.institution(
                value, word, rng, spanish.institution_fallback, spanish.GENERIC,
                spanish.SAINT_WORDS,
            )
        fallback = places.department_fallback if label == "DEPARTMENT" else None
        word = (
            self._proper_word
            if attempt == 0
            else (
                lambda w, saint=False: choose(
                    rng, places.SAINTS if saint else places.proper_words()
                )
            )
        )
        return places.institution(value, word, rng, fallback)

    def _email_word(self, piece: str, index: int, count: int) -> str:
        return names._user_run(piece, self.book, "EMAIL", index == 0 or count == 1)

    @staticmethod
    def _random_word(rng: random.Random) -> Callable[[str, int, int], str]:
        return lambda piece, i, n: shapes.random_like(piece, rng)

    # -- ages --------------------------------------------------------------------------------------

    def _age(self, value: str) -> Optional[str]:
        t = value.strip()
        words = _AGE_WORDS_ES.fullmatch(t) if self.spanish else None
        if words:  # "diez años", "tres meses y medio": in words, 90 and over say noventa/cien
            if words.group("unit").lower().startswith("a") and re.search(
                r"noventa|cien", t, re.IGNORECASE
            ):
                return value.replace(t, self.config.age_replacement + " años")
            return value
        parsed = parse_age(t)
        if parsed is None:
            pm = re.match(
                r"(?:mid|early|late|about|approximately|approx\.?|around|~|over|under)[\s\-]*",
                t,
                re.IGNORECASE,
            )
            if pm and pm.end() < len(t):  # "mid-50s", "early 90s": keep the qualifier
                inner = self._age(t[pm.end() :])
                return None if inner is None else value.replace(t, t[: pm.end()] + inner)
            # A number glued to its unit or sex ("85yoM", "67-year-old"): replace the number only.
            m = re.match(r"(\d{1,3})(?=\D*$)", t)
            if m and self.spanish and _AGE_SMALL_UNIT_ES.fullmatch(t[m.end() :]):
                return value  # "15 meses", "3 semanas": well under the threshold
            if not m or not (_AGE_TAIL_ES if self.spanish else _AGE_TAIL).fullmatch(t[m.end() :]):
                return None
            inner = self._age(m.group(1))
            return None if inner is None else value.replace(t, inner + t[m.end() :])
        number, is_decade, as_words = parsed
        threshold = self.config.age_threshold
        top = number + 9 if is_decade else number
        if top > threshold:
            return value.replace(t, self.config.age_replacement)
        delta = self.engine.age_delta(self.scope)
        if not delta or is_decade or number != int(number):
            return value
        new = min(max(int(number) + delta, 0), threshold)
        if new == number:
            new = min(max(int(number) - delta, 0), threshold)
        if as_words:
            return value.replace(t, apply_case(t, number_words(new)))
        return value.replace(t, str(new))


_AGE_TAIL = re.compile(
    r"[\s\-]*(?:y|yo|y/o|y\.o\.?|yrs?|years?|yr)?[\s\-]*(?:old)?[\s\-]*"
    r"(?:[MFmf]|male|female)?[\s.]*",
    re.IGNORECASE,
)
# "65 años", "65 a.", "65 años de edad"; months, weeks and days of a child's age are kept.
_AGE_TAIL_ES = re.compile(r"\s*(?:años?|a\.?)?(?:\s+de\s+edad)?[\s.]*", re.IGNORECASE)
_AGE_WORDS_ES = re.compile(
    rf"(?:(?:{NUM_WORD_ES}|ciento)(?:\s+y\s+|\s+))+(?P<unit>años?|mes(?:es)?|semanas?|d[ií]as?)"
    r"(?:\s+y\s+medio)?(?:\s+de\s+edad)?",
    re.IGNORECASE,
)
_AGE_SMALL_UNIT_ES = re.compile(r"\s*(?:mes(?:es)?|semanas?|d[ií]as?|horas?)\b.*", re.IGNORECASE)

_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DECADE_WORDS = {
    t[:-1] + "ies": i * 10 for i, t in enumerate(_TENS) if t
}  # "twenties" ... "nineties"
_DECADE_WORDS["teens"] = 10


def number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return _TENS[t] + (f"-{_ONES[o]}" if o else "")
    h, rest = divmod(n, 100)
    return _ONES[h] + " hundred" + (f" and {number_words(rest)}" if rest else "")


def parse_age(text: str) -> Optional[Tuple[float, bool, bool]]:
    """(number, is_decade, written_in_words) for "67", "67.5", "90s", "90's", "sixty-seven",
    "nineties", "one hundred and two"; ``None`` otherwise."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d{1,3})(?:\.\d+)?", t)
    if m:
        return float(t), False, False
    m = re.fullmatch(r"(\d)0['’]?s", t)
    if m:
        return float(int(m.group(1)) * 10), True, False
    if t in _DECADE_WORDS:
        return float(_DECADE_WORDS[t]), True, True
    words = re.split(r"[\s\-]+", t.replace(" and ", " "))
    total = 0
    current = 0
    for w in words:
        if w in _ONES:
            current += _ONES.index(w)
        elif w in _TENS and w:
            current += _TENS.index(w) * 10
        elif w == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    total += current
    return float(total), False, True
