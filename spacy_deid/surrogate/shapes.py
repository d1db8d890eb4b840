"""Values with a shape: identifiers, phone numbers, SSNs, zips, IPs, e-mail addresses, URLs.

Every generator takes the original text and a keyed ``random.Random`` and returns a value of
the same shape: digits stay digits, letters stay letters (case kept), separators stay. Where
a checksum or range makes a value look real, the surrogate has it too (SSN ranges, a VIN's
check digit, DEA and NPI checksums, valid IPs, NANP area codes). The caller makes sure the
surrogate differs from the original (it redraws from the same generator).
"""

from __future__ import annotations

import ipaddress
import random
import re
from typing import Callable, List, Optional

from ..patterns import validators as v
from .common import DIGITS, LOWER, UPPER, apply_case, random_like

_DIGIT_RUN = re.compile(r"\d")


def _fill_digits(template: str, digits: str) -> str:
    """Put ``digits`` into the digit positions of template, in order."""
    it = iter(digits)
    return _DIGIT_RUN.sub(lambda m: next(it), template)


def _d(rng: random.Random, n: int, lo: int = 0) -> str:
    return "".join(DIGITS[lo + int(rng.random() * (10 - lo))] for _ in range(n))


def identifier(text: str, rng: random.Random) -> str:
    """MRNs, accounts, health plan, licence, device, biometric and other IDs."""
    if v.dea(text):
        return dea(text, rng)
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and digits == text and v.npi(text):
        return npi(rng)
    return random_like(text, rng)


def dea(text: str, rng: random.Random) -> str:
    """Keep the registrant-type letter, draw the rest, recompute the check digit."""
    second = UPPER[int(rng.random() * 26)]
    d = [int(c) for c in _d(rng, 6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    new = text[0] + second + "".join(map(str, d)) + str(check)
    return apply_case(text, new) if text[:2].islower() else new


def npi(rng: random.Random) -> str:
    body = _d(rng, 1, 1) + _d(rng, 8)
    for c in DIGITS:
        if v.luhn("80840" + body + c):
            return body + c
    return body + "0"


def ssn(text: str, rng: random.Random) -> str:
    """A valid-range SSN (area 001-899 but not 666, group 01-99, serial 0001-9999), same format."""
    if len(re.sub(r"\D", "", text)) != 9:
        return random_like(text, rng)
    area = 1 + int(rng.random() * 899)
    if area == 666:
        area = 667
    group = 1 + int(rng.random() * 99)
    serial = 1 + int(rng.random() * 9999)
    return _fill_digits(text, f"{area:03d}{group:02d}{serial:04d}")


_EXT = re.compile(r"(\s*(?:x|ext\.?|extension|#)\s*)(\d{1,6})\s*$", re.IGNORECASE)


def _nanp_area(rng: random.Random) -> str:
    while True:
        a = f"{2 + int(rng.random() * 8)}{int(rng.random() * 9)}{int(rng.random() * 10)}"
        if a[1:] != "11" and a not in (
            "555",
            "800",
            "888",
            "877",
            "866",
            "855",
            "844",
            "833",
            "900",
        ):
            return a


def _nanp_exchange(rng: random.Random) -> str:
    while True:
        e = f"{2 + int(rng.random() * 8)}{_d(rng, 2)}"
        if e[1:] != "11" and e != "555":
            return e


def phone(text: str, rng: random.Random, style: str = "nanp") -> str:
    """Same format; NANP numbers get a valid-looking area code and exchange ("nanp") or the
    reserved fictional 555-0100..0199 lines ("fictional"); extensions keep their length."""
    main, ext = text, ""
    m = _EXT.search(text)
    if m and m.start() > 0:
        main, ext = text[: m.start()], m.group(1) + _d(rng, len(m.group(2)))
    digits = re.sub(r"\D", "", main)
    n = len(digits)
    toll_free = (
        digits[-10:-7] in ("800", "888", "877", "866", "855", "844", "833") if n >= 10 else False
    )
    if style == "fictional":
        line = "01" + _d(rng, 2)
        exch = "555"
    else:
        line = _d(rng, 4)
        exch = _nanp_exchange(rng)
    if n == 10 or (n == 11 and digits[0] == "1"):
        area = digits[-10:-7] if toll_free else _nanp_area(rng)
        new = digits[:-10] + area + exch + line
    elif n == 7:
        new = exch + line
    elif main.lstrip().startswith("+"):
        # International: keep the country code (the first digit group), draw the rest.
        cc = re.match(r"\s*\+\s*(\d{1,3})", main).group(1)
        new = cc + _d(rng, 1, 1) + _d(rng, n - len(cc) - 1)
    else:
        new = _d(rng, 1, 1) + _d(rng, n - 1)
    return _fill_digits(main, new) + ext


def zip_code(text: str, rng: random.Random) -> str:
    """Five digits (prefix 010-999, never 00000), plus-four kept as a shape."""
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (5, 9):
        return random_like(text, rng)
    prefix = 10 + int(rng.random() * 990)
    new = f"{prefix:03d}{_d(rng, 2)}"
    if len(digits) == 9:
        new += _d(rng, 3) + _d(rng, 1, 1)
    return _fill_digits(text, new)


def ipv4(text: str, rng: random.Random) -> str:
    """A valid address of the same kind: private stays private (same block), public public."""
    try:
        addr = ipaddress.IPv4Address(text.strip())
    except ValueError:
        return random_like(text, rng)

    def octet(lo: int = 0, hi: int = 255) -> int:
        return lo + int(rng.random() * (hi - lo + 1))

    for _ in range(100):
        if addr in ipaddress.IPv4Network("10.0.0.0/8"):
            new = f"10.{octet()}.{octet()}.{octet(1, 254)}"
        elif addr in ipaddress.IPv4Network("172.16.0.0/12"):
            new = f"172.{octet(16, 31)}.{octet()}.{octet(1, 254)}"
        elif addr in ipaddress.IPv4Network("192.168.0.0/16"):
            new = f"192.168.{octet()}.{octet(1, 254)}"
        elif addr.is_loopback:
            new = f"127.{octet()}.{octet()}.{octet(1, 254)}"
        else:
            new = f"{octet(1, 223)}.{octet()}.{octet()}.{octet(1, 254)}"
            if not ipaddress.IPv4Address(new).is_global:
                continue
        if new != text.strip():
            return text.replace(text.strip(), new)
    return text.replace(text.strip(), f"{octet(1, 223)}.{octet()}.{octet()}.{octet(1, 254)}")


def ipv6(text: str, rng: random.Random) -> str:
    """Same groups, lengths and compression; hex digits redrawn (a link-local prefix is kept)."""
    core, _, scope = text.partition("%")
    groups = core.split(":")
    upper = any(c.isupper() for c in core)
    out = []
    for i, g in enumerate(groups):
        if not g or (i == 0 and g.lower() == "fe80"):
            out.append(g)
            continue
        h = "".join("0123456789abcdef"[int(rng.random() * 16)] for _ in g)
        if len(h) > 1 and h[0] == "0":
            h = "123456789abcdef"[int(rng.random() * 15)] + h[1:]
        out.append(h.upper() if upper else h)
    new = ":".join(out) + ("%" + scope if scope else "")
    try:
        ipaddress.IPv6Address(":".join(out))
    except ValueError:
        return random_like(text, rng)
    return new


def ip_address(text: str, rng: random.Random) -> str:
    return ipv6(text, rng) if ":" in text else ipv4(text, rng)


_VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def vin(text: str, rng: random.Random) -> str:
    """17 characters, letters where letters were (never I, O or Q), a valid check digit."""
    if len(text) != 17 or not v.vin(text):
        return random_like(text, rng)
    for _ in range(200):
        chars = []
        for i, ch in enumerate(text.upper()):
            if i == 8:
                chars.append("0")
            elif ch.isdigit():
                chars.append(DIGITS[int(rng.random() * 10)])
            else:
                chars.append(_VIN_LETTERS[int(rng.random() * len(_VIN_LETTERS))])
        total = sum(v._VIN_VALUES[c] * w for c, w in zip(chars, v._VIN_WEIGHTS))
        check = total % 11
        check_char = "X" if check == 10 else str(check)
        if (check_char == "X") != (text[8].upper() == "X"):
            continue
        chars[8] = check_char
        new = "".join(chars)
        return new.lower() if text == text.lower() else new
    return random_like(text, rng)


# ---------------------------------------------------------------------------------------------
# E-mail and URLs
# ---------------------------------------------------------------------------------------------

SAFE_DOMAINS = ("example.com", "example.org", "example.net")
_SEP = re.compile(r"([._+\-]+)")


def safe_domain(domain: str, rng: random.Random) -> str:
    """ "mgh.harvard.edu" -> "xkq.example.org": extra leading labels keep their shape, the
    registrable part becomes one of faker's safe example domains (same TLD when it is one)."""
    labels = domain.split(".")
    tld = labels[-1].lower()
    base = f"example.{tld}" if tld in ("com", "org", "net") else SAFE_DOMAINS[int(rng.random() * 3)]
    extra = [
        random_like(label, rng)
        if label.lower() not in ("www", "mail", "smtp", "mychart", "portal")
        else label
        for label in labels[:-2]
    ]
    new = ".".join(extra + [base])
    return new.upper() if domain.isupper() else new


def email(text: str, rng: random.Random, word: Callable[[str, int, int], str]) -> str:
    """ "john.smith@mail.com" -> "mark.jones@example.com". ``word(text, index, count)`` maps an
    alphabetic piece of the local part (the engine uses the document's name mapping)."""
    local, at, domain = text.rpartition("@")
    if not at:
        return random_like(text, rng)
    pieces = _SEP.split(local)
    words = [p for p in pieces if p and not _SEP.fullmatch(p)]
    out = []
    k = 0
    for p in pieces:
        if not p or _SEP.fullmatch(p):
            out.append(p)
            continue
        m = re.match(r"^([^\W\d_]*)(\d*)$", p)
        if m and m.group(1):
            out.append(
                apply_case(m.group(1), word(m.group(1), k, len(words)))
                + random_like(m.group(2), rng)
            )
        else:
            out.append(random_like(p, rng))
        k += 1
    return "".join(out) + "@" + safe_domain(domain, rng)


_URL = re.compile(
    r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)?(?P<host>[^/?#:]+)(?P<port>:\d+)?(?P<rest>.*)$",
    re.DOTALL,
)
_KEEP_PATH = frozenset(
    {
        "html",
        "htm",
        "php",
        "aspx",
        "asp",
        "jsp",
        "pdf",
        "cgi",
        "www",
        "http",
        "https",
        "index",
        "view",
        "mychart",
        "login",
        "portal",
        "patient",
        "patients",
        "education",
        "acc",
        "id",
    }
)


def url(text: str, rng: random.Random) -> str:
    """Scheme, "www." and path shape kept; host on a safe example domain; path words redrawn."""
    m = _URL.match(text)
    if not m:
        return random_like(text, rng)
    host = m.group("host")
    www = ""
    if host.lower().startswith("www."):
        www, host = host[:4], host[4:]
    if "." not in host:
        new_host = random_like(host, rng)
    else:
        new_host = safe_domain(host, rng)
    rest = re.sub(
        r"[A-Za-z0-9]+",
        lambda t: t.group() if t.group().lower() in _KEEP_PATH else random_like(t.group(), rng),
        m.group("rest"),
    )
    port = m.group("port") or ""
    return (m.group("scheme") or "") + www + new_host + port + rest


def letters_like(text: str, rng: random.Random) -> str:
    """Letters only (an abbreviation "MGH" -> "KRT"), case kept."""
    return "".join(
        (UPPER if c.isupper() else LOWER)[int(rng.random() * 26)] if c.isalpha() else c
        for c in text
    )


def differs(original: str, new: Optional[str]) -> bool:
    return new is not None and re.sub(r"\W", "", new).lower() != re.sub(r"\W", "", original).lower()


__all__: List[str] = [
    "identifier",
    "ssn",
    "phone",
    "zip_code",
    "ip_address",
    "vin",
    "email",
    "url",
    "dea",
    "npi",
    "letters_like",
    "differs",
    "safe_domain",
]
