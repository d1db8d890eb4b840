"""Checks that turn a shape into an identifier: check digits, valid ranges, valid calendars.

Each validator takes the matched PHI text and returns True when it is plausible. They keep
the regexes permissive (recall) while rejecting shapes that cannot be the identifier
(precision): an SSN with area 000, a VIN whose check digit fails, an IP octet of 300.
"""
from __future__ import annotations

import ipaddress
import re

_DIGITS = re.compile(r"\d+")


def ssn(text: str) -> bool:
    """US SSN: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    return group != "00" and serial != "0000"


def ipv4(text: str) -> bool:
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not part.isdigit() or int(part) > 255 or (len(part) > 1 and part[0] == "0"):
            return False
    return True


def ipv6(text: str) -> bool:
    if text.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    # "12::30" is a valid address but far more often a typo'd time; ask for substance.
    groups = [g for g in text.split(":") if g]
    return len(groups) >= 3 or any(c.isalpha() for c in text)


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin(text: str) -> bool:
    """North American VIN (ISO 3779 + check digit in position 9)."""
    text = text.upper()
    if len(text) != 17 or any(c not in _VIN_VALUES for c in text):
        return False
    if not any(c.isdigit() for c in text) or not any(c.isalpha() for c in text):
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(text, _VIN_WEIGHTS))
    check = total % 11
    return text[8] == ("X" if check == 10 else str(check))


def dea(text: str) -> bool:
    """DEA registration number: 2 letters, 7 digits, last digit a checksum."""
    text = text.upper()
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", text):
        return False
    d = [int(c) for c in text[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def _luhn_sum(digits: str, double_even: bool) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if (i % 2 == 0) == double_even:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total


def luhn(digits: str) -> bool:
    digits = re.sub(r"\D", "", digits)
    return bool(digits) and _luhn_sum(digits, double_even=False) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload`` + digit pass :func:`luhn`."""
    return str((10 - _luhn_sum(payload, double_even=True) % 10) % 10)


def npi(text: str) -> bool:
    """US National Provider Identifier: 10 digits, Luhn over the 80840 prefix."""
    digits = re.sub(r"\D", "", text)
    return len(digits) == 10 and luhn("80840" + digits)


def _valid_day(month: int, day: int) -> bool:
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


def numeric_date(text: str) -> bool:
    """m/d/y or d/m/y (either order valid), or y-m-d; years 2 or 4 digits."""
    parts = [int(p) for p in re.split(r"[/.\-]", text) if p]
    if len(parts) == 3 and len(re.split(r"[/.\-]", text)[0]) == 4:  # ISO y-m-d
        y, m, d = parts
        return 1800 <= y <= 2100 and _valid_day(m, d)
    if len(parts) == 3:
        a, b, y = parts
        return _valid_day(a, b) or _valid_day(b, a)
    if len(parts) == 2:
        a, b = parts
        return _valid_day(a, b) or _valid_day(b, a)
    return False


def compact_date(text: str) -> bool:
    """YYYYMMDD or MMDDYYYY without separators."""
    if len(text) != 8 or not text.isdigit():
        return False
    y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
    if 1900 <= y <= 2100 and _valid_day(m, d):
        return True
    m, d, y = int(text[:2]), int(text[2:4]), int(text[4:])
    return 1900 <= y <= 2100 and _valid_day(m, d)


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
