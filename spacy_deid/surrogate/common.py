"""Primitives shared by the surrogate generators: keyed randomness, folding, case transfer.

Every choice a generator makes comes from :func:`keyed_rng` or :func:`keyed_int`, i.e. from
HMAC-SHA256 under the secret key of (purpose, scope, salt, normalised value). The same inputs
give the same surrogate in every run and every process; nothing is remembered between
documents. Python's ``hash()`` is never used (it is salted per process).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import unicodedata
import zlib
from functools import lru_cache
from typing import Callable, Optional, Sequence, TypeVar

from ..normalize import fold_text

T = TypeVar("T")

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = UPPER.lower()
DIGITS = "0123456789"


def keyed_digest(key: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the parts under the secret key (parts joined unambiguously)."""
    message = "\x1f".join(parts).encode("utf8")
    return hmac.new(key, message, hashlib.sha256).digest()


def keyed_int(key: bytes, *parts: str) -> int:
    return int.from_bytes(keyed_digest(key, *parts), "big")


def keyed_rng(key: bytes, *parts: str) -> random.Random:
    """A ``random.Random`` seeded by the keyed digest: deterministic for (key, parts).

    Seeded with 64 bits of the digest (seeding with all 256 is slower and buys nothing for
    picking fakes; the secrecy is in the HMAC, not in the generator's state).
    """
    return random.Random(int.from_bytes(keyed_digest(key, *parts)[:8], "big"))


def stable_bit(text: str) -> int:
    """A process-independent 0/1 split of a string (used to split pools into disjoint halves)."""
    return zlib.crc32(text.encode("utf8")) & 1


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Normalised key of a value: accents stripped, case folded, letters and digits only."""
    if text.isascii():
        return _NOT_ALNUM_ASCII.sub("", text.lower())
    text = fold_text(text)  # homoglyphs, full-width forms, zero-width characters
    return "".join(c for c in strip_accents(text).casefold() if c.isalnum())


def case_style(template: str) -> str:
    """The case of template's letters: "upper", "lower", "title" (capital first) or "other"."""
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return "other"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "title"
    if all(c.islower() for c in letters):
        return "lower"
    return "title" if letters[0].isupper() else "other"


def apply_case(template: str, value: str) -> str:
    """Give value the case of template: "SMITH" -> "JONES", "smith" -> "jones", else as given."""
    style = case_style(template)
    if style == "upper":
        return value.upper()
    if style == "lower":
        return value.lower()
    if style == "title" and value[:1].islower():
        return value[:1].upper() + value[1:]
    return value


def probe(draw: Callable[[int], T], ok: Callable[[T], bool], tries: int = 64) -> Optional[T]:
    """First ``draw(i)`` (i = 0, 1, ...) that passes ``ok``; ``None`` if none in ``tries``."""
    for i in range(tries):
        candidate = draw(i)
        if ok(candidate):
            return candidate
    return None


def choose(rng: random.Random, seq: Sequence[T]) -> T:
    return seq[int(rng.random() * len(seq))]


def random_like(text: str, rng: random.Random, lead_nonzero: bool = True) -> str:
    """Same shape: digits become digits, letters letters of the same case, the rest stays.

    The draws follow the order of the letters and digits only, so two spellings of one value
    ("123-45-6789", "123456789"; "ab12", "AB12") get the same characters. Zero padding is
    format: leading zeros of the value stay zeros ("00482913" -> "00715260") and the first
    significant digit stays non-zero, so the surrogate has the same width and look.
    """
    out = []
    leading = True
    for ch in text:
        if "0" <= ch <= "9":
            if leading and lead_nonzero and ch == "0":
                rng.random()  # keep the draw sequence independent of the padding
                out.append("0")
                continue
            if leading and lead_nonzero:
                out.append(DIGITS[1 + int(rng.random() * 9)])
            else:
                out.append(DIGITS[int(rng.random() * 10)])
            leading = False
        elif ch.isalpha():
            letter = UPPER[int(rng.random() * 26)]
            out.append(letter if ch.isupper() else letter.lower())
            leading = False
        else:
            out.append(ch)
    return "".join(out)
