"""Regex detectors for Spanish clinical notes (es_deid): identifiers, contacts, dates, ages,
postal codes and street addresses as Spanish notes write them.

``deid_patterns`` picks this module when ``nlp.lang == "es"`` (:func:`build_detectors`
in :mod:`spacy_deid.patterns`); labels are schema labels, as for English. The spans follow
MEDDOCAN's annotation conventions, so that a rule claim and a trained detector's claim for
the same PHI have the same boundaries (the voter would otherwise join them into a wider span):

- dates: "03/03/2019", "3 de marzo de 2019", "marzo de 2019", "marzo del 2019",
  hyphenated "23-octubre-1972", "enero-04", "sep-04", and a year
  after "año" keeps the word ("año 2000", as MEDDOCAN annotates it);
- ages keep their unit: "70 años", "18 meses", "3 días";
- identifiers: only the value after its field name ("NHC: 368503" -> "368503"): NHC and
  "historia clínica" (MEDICALRECORD), NASS / "nº de la Seguridad Social" / CIP / tarjeta
  sanitaria (HEALTHPLAN), "NºCol" / colegiado (LICENSE), episode numbers (ACCOUNT), and
  DNI/NIE anywhere, accepted only when the check letter is right (IDNUM);
- phones and faxes: Spanish numbers (9 digits starting 6-9, optional +34/0034, grouped
  "912 345 678", "91 234 56 78"), anchored by "Tel", "Teléfono", "Móvil" or "Fax" unless
  the shape alone is unmistakable (nine digits, a 6/7/8/9 start, and spaced groups);
- postal codes: five digits 01000-52999 after "CP" / "C.P." / "código postal", or before a
  place name at the end of an address line ("28036 Madrid");
- streets: a street type ("C/", "Calle", "Avda.", "Avenida", "Paseo", "Plaza", "Ctra."...),
  its name (capitalised words and particles) and the number part (", 5-7", " s/n",
  ", nº 4", ", 2º dcha"), stopping before the postal code.

Negative knowledge: doses, ratios, scores ("3/4", "I/IV", "20 cigarrillos / día"), lab
values and ranges are not dates; "C/" must be followed by a capitalised name (not "c/8h",
"cada 8 horas"); a DNI shape with a wrong letter is not claimed.
"""
from __future__ import annotations

import re
from typing import List

from . import validators as v
from .detectors import Detector, _rx

MONTH_ES = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|"
    r"diciembre)"
)
MONTH_ABBR_ES = r"(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.?"
DAY_ES = r"(?:0?[1-9]|[12]\d|3[01])"
YEAR4_ES = r"(?:1[89]\d\d|20\d\d)"
NB = r"(?<![\w.,\-/])"
NA = r"(?![\w/]|[.,]\d|-\d)"
NUM_WORD_ES = (
    r"(?:un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|dieciséis|dieciseis|diecisiete|dieciocho|diecinueve|veinte|veinti\w+|treinta|"
    r"cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien)"
)
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"

# Between a field name and its value: "NHC: ", "NHC-", "nº ", "número ".
GAP = r"\s*(?:[:.\-#=]\s*)?(?:(?:n[º°o]\.?|núm\.?|número)\s*)?[:.\-#=]?\s*"


def dni_nie(text: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): check letter."""
    value = re.sub(r"[\s.\-]", "", text).upper()
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", value)
    if m is None:
        return False
    prefix, digits, letter = m.groups()
    if prefix:
        if len(digits) != 7:
            return False
        digits = str("XYZ".index(prefix)) + digits
    elif len(digits) != 8:
        return False
    return DNI_LETTERS[int(digits) % 23] == letter


def spanish_date(text: str) -> bool:
    """A day/month/year date with a valid day and month (day first, as in Spain)."""
    parts = re.split(r"\s*[/\-.]\s*", text.strip())
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    day, month, year = (int(p) for p in parts)
    if len(parts[2]) not in (2, 4) or (len(parts[2]) == 4 and not 1850 <= year <= 2099):
        return False
    if month == 2 and day == 29 and len(parts[2]) == 4:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return v._valid_day(month, day)


def spanish_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0034"):
        digits = digits[4:]
    elif digits.startswith("34") and len(digits) == 11:
        digits = digits[2:]
    return len(digits) == 9 and digits[0] in "6789"


def postal_code(text: str) -> bool:
    return len(text) == 5 and text.isdigit() and 1000 <= int(text) <= 52999


STREET_TYPE = (
    r"(?:C/|c/|C\.|Calle|calle|CALLE|Avda\.?|avda\.?|Av\.|Avenida|avenida|Paseo|paseo|Pº|"
    r"Plaza|plaza|Pza\.?|Pl\.|Ctra\.?|Carretera|carretera|Camino|Glorieta|Ronda|Rambla|"
    r"Travesía|Vía|Via|Urbanización|Urb\.|Barrio|Bº|Pasaje|Passeig|Carrer|Rúa|Rua|Cuesta|"
    r"Costanilla|Callejón|Bulevar|Polígono)"
)
# A street name: capitalised words, initials, numbers in names and particles between them.
NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑÜ][\wáéíóúñüÁÉÍÓÚÑÜçÇ'’.\-]*|\d+\s+de\s+[A-Z]\w+)"
PARTICLE = r"(?:de|del|la|las|los|el|y|i|d'|de\s+la|de\s+los|de\s+las|dels|en|l')"
STREET_NAME = NAME_WORD + r"(?:\s+(?:" + PARTICLE + r"\s+)*" + NAME_WORD + r")*"
# Number part: ", 5", " 5-7", ", s/n", ", nº 4", ", km 3,400", then floor/door (", 2º dcha").
HOUSE = (
    r"(?:,?\s*(?:n\s?[º°o]\.?\s*|núm\.?\s*|número\s+)?(?:\d+[A-Za-z]?(?:\s*[-–]\s*\d+)?|s/n)"
    r"|,?\s*km\.?\s*\d+(?:[.,]\d+)?)"
)
FLOOR = (
    r"(?:\s*[,\-–]?\s*(?:\d{1,2}\s*[º°ª]\s*(?:\d{1,2}\s*[ªa]|[A-Z]\b|izq(?:da|uierda)?\.?|"
    r"dcha\.?|derecha|centro|ctro\.?)?|\d{1,2}\s?[A-H]\b|[Bb]ajo(?:\s+[A-Z]\b)?|"
    r"(?:piso|planta|puerta|portal|esc\.?|escalera|ático)\s*[\dº°ªA-Z]*\b))"
)


def build_detectors() -> List[Detector]:
    d: List[Detector] = []
    add = d.append

    # ---------------- DATE ----------------
    add(Detector("es_date_numeric", "DATE", _rx(
        r"(?<![\w./,])(?P<phi>\d{1,2}(?P<sep>[/\-.])\d{1,2}(?P=sep)(?:\d{4}|\d{2}))"
        r"(?![\w/]|[.,]\d)"), validator=spanish_date))
    # "3 de marzo de 2019", "3 de marzo del 2019", "3 de marzo", "3-mar-2019".
    add(Detector("es_date_written", "DATE", _rx(
        r"(?<![\w])(?P<phi>" + DAY_ES + r"\s+de\s+" + MONTH_ES + r"(?:\s+(?:de|del)\s+"
        + YEAR4_ES + r"|,?\s+" + YEAR4_ES + r")?)(?![\w])")))
    # "marzo de 2019", "marzo del 2019", "marzo 2019" (not after a day: the detector above).
    add(Detector("es_date_month_year", "DATE", _rx(
        r"(?<![\w])(?<!\d\sde\s)(?P<phi>" + MONTH_ES + r"(?:\s+(?:de|del)\s+|\s+|/)"
        + YEAR4_ES + r")(?![\w])")))
    # Hyphenated forms of tables and timelines: "23-octubre-1972", "enero-04", "sep-04",
    # "diciembre-2002" (a month alone with digits after a hyphen is a date, never a dose).
    add(Detector("es_date_hyphenated", "DATE", _rx(
        r"(?<![\w\-/])(?P<phi>(?:" + DAY_ES + r"[\-/])?(?:" + MONTH_ES + r"|" + MONTH_ABBR_ES
        + r")[\-/](?:" + YEAR4_ES + r"|\d\d))(?![\w/]|[.,]\d|-\d)")))
    # "año 2000" (MEDDOCAN keeps the word), "en el año 2004".
    add(Detector("es_date_year_word", "DATE", _rx(
        r"(?<![\w])(?P<phi>año\s+" + YEAR4_ES + r")(?![\w])"), anchored=True))
    # A number of units is not a year: "en 2000 mg", "1900 y 2000 células".
    units = r"\s*(?:mg|ml|g|kg|mm|cm|unidades|UI|pacientes|casos|células)\b"
    year_tail = _rx(units)
    # A bare year after a date word: "en 2009", "desde 1995", "(2014)".
    add(Detector("es_date_year", "DATE", _rx(
        r"(?<![\w])(?:en|desde|hasta|durante|de|del|hace|en\s+el|a\s+finales\s+de|"
        r"a\s+principios\s+de|a\s+mediados\s+de)\s+(?P<phi>" + YEAR4_ES + r")(?![\w]|[.,]\d)"),
        anchored=True, reject_after=year_tail))

    # Years in a list or in brackets: "en 1993 y 1994", "(1999 y 2002)", "entre 2001 y 2005".
    add(Detector("es_date_year_listed", "DATE", _rx(
        r"(?<![\w])" + YEAR4_ES + r"\s*(?:y|e|o|a|al|,|-|–)\s*(?P<phi>" + YEAR4_ES
        + r")(?![\w]|[.,]\d)"), anchored=True, reject_after=year_tail))
    add(Detector("es_date_year_listing", "DATE", _rx(
        r"(?:\(|(?<![\w])(?:entre|y|e)\s+)(?P<phi>" + YEAR4_ES + r")(?=\)|\s*(?:y|e|o|a|al|,|-|–)\s*"
        + YEAR4_ES + r"(?![\w]|[.,]\d|" + units + r"))"), anchored=True))

    # ---------------- AGE ----------------
    # "70 años" anywhere it is not a duration ("hace 3 años", "durante 2 años"); months and
    # days only as an age ("18 meses de edad", "3 días de vida"): otherwise they are durations.
    add(Detector("es_age_years", "AGE", _rx(
        r"(?<![\w.,/])(?P<phi>(?:1[01]\d|\d{1,2}|" + NUM_WORD_ES + r")\s+años?"
        r"(?:\s+y\s+(?:medio|\d{1,2}\s+meses|" + NUM_WORD_ES + r"\s+meses))?)(?![\w])"),
        reject_before=_rx(r"(?:hace|desde|durante|tras|después\s+de|antes\s+de|cada|los|las|"
                          r"unos|unas|últimos|ultimos|previos|evolución\s+de|más\s+de|menos\s+de|"
                          r"en|a\s+los|plazo\s+de|periodo\s+de|período\s+de|al\s+cabo\s+de|y|"
                          r"de\s+(?:\d+|" + NUM_WORD_ES + r")\s+a)\s*$"),
        reject_after=_rx(r"\s+(?:antes|después|despues|más\s+tarde|tras|de\s+evoluci[oó]n|"
                         r"de\s+seguimiento|de\s+tratamiento|de\s+duraci[oó]n|atrás|previos)")))
    add(Detector("es_age_months", "AGE", _rx(
        r"(?<![\w.,/])(?P<phi>(?:\d{1,2}|" + NUM_WORD_ES + r")\s+(?:meses|mes|días|dias|semanas)"
        r")\s+de\s+(?:edad|vida)\b"), anchored=True))
    add(Detector("es_age_field", "AGE", _rx(
        r"(?<![\w])(?:edad)\s*:?\s*(?P<phi>\d{1,3}(?:\s*(?:años|a\b|meses))?)(?![\w])"),
        anchored=True))

    # ---------------- IDs ----------------
    add(Detector("es_nhc", "MEDICALRECORD", _rx(
        r"(?<![\w])(?:NHC|N\.H\.C\.?|historia\s+cl[ií]nica|H\.?\s?C\.)" + GAP
        + r"(?P<phi>[A-Z]{0,3}\d[\d\-./]{3,14}\d)" + NA), anchored=True))
    add(Detector("es_nass", "HEALTHPLAN", _rx(
        r"(?<![\w])(?:NASS|N\.A\.S\.S\.?|CIPA|CIP|TSI|tarjeta\s+sanitaria|"
        r"(?:n[º°o]\.?|número)\s+de\s+(?:la\s+)?seguridad\s+social|"
        r"n[º°o]\.?\s*(?:de\s+)?afiliaci[oó]n)" + GAP
        + r"(?P<phi>[A-Z]{0,4}\d[\d ]{3,16}\d|[A-Z]{4}\d{6,12})" + NA), anchored=True))
    add(Detector("es_colegiado", "LICENSE", _rx(
        r"(?<![\w])(?:N[º°o]\.?\s*Col(?:egiado)?\.?|n[º°o]\.?\s+de\s+colegiad[oa]|"
        r"colegiad[oa]\s+(?:n[º°o]\.?|número))" + GAP
        + r"(?P<phi>\d[\d \-]{1,14}\d)" + NA), anchored=True))
    add(Detector("es_episode", "ACCOUNT", _rx(
        r"(?<![\w])(?:n[º°o]\.?\s+de\s+episodio|episodio|n[º°o]\.?\s+de\s+ingreso)" + GAP
        + r"(?P<phi>\d[\d\-]{4,14}\d)" + NA), anchored=True))
    add(Detector("es_dni_nie", "IDNUM", _rx(
        r"(?<![\w.\-])(?P<phi>[XYZ][\-\s.]?\d{7}[\-\s]?[A-Z]|\d{2}\.?\d{3}\.?\d{3}[\-\s]?[A-Z])"
        r"(?![\w])", flags=0), validator=dni_nie, anchored=True))

    # ---------------- CONTACT ----------------
    phone = (
        r"(?P<phi>(?:(?:\+|00)34[\s.\-]?)?(?:[6789]\d{8}|[6789]\d{2}(?:[\s.\-]\d{2,3}){2,3}"
        r"|[6789]\d(?:[\s.\-]\d{2,3}){3}|[6789]\d{2}[\s.\-]\d{6}))"
    )
    add(Detector("es_fax", "FAX", _rx(
        r"(?<![\w])fax\.?\s*:?\s*(?:n[º°o]\.?\s*)?" + phone + NA),
        validator=spanish_phone, anchored=True))
    add(Detector("es_phone_context", "PHONE", _rx(
        r"(?<![\w])(?:tel(?:[ée]fono)?s?|tfno|tlfno|tlf|telf|móvil|movil|m[óo]vil|contacto)\.?"
        r"\s*(?:de\s+contacto\s*)?:?\s*(?:n[º°o]\.?\s*)?" + phone + NA),
        validator=spanish_phone, anchored=True))
    add(Detector("es_phone_shape", "PHONE", _rx(
        NB + r"(?P<phi>(?:(?:\+|00)34[\s.\-]?)?[6789]\d{2}[\s.][0-9]{2,3}[\s.][0-9]{2,3}"
        r"(?:[\s.]\d{2})?)" + NA), validator=spanish_phone))
    add(Detector("es_email", "EMAIL", _rx(
        r"(?<![\w.+\-])(?P<phi>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,})(?![\w\-])")))
    add(Detector("es_url", "URL", _rx(
        r"(?<![\w])(?P<phi>(?:https?://|www\.)[\w\-]+(?:\.[\w\-]+)+(?:/[\w\-./?%&=#]*)?)"
        r"(?<![.,;])")))

    # ---------------- LOCATION ----------------
    add(Detector("es_postal_code_context", "ZIP", _rx(
        r"(?<![\w])(?:C\.?\s?P\.?|c[óo]digo\s+postal)\s*:?\s*(?P<phi>\d{5})" + NA),
        validator=postal_code, anchored=True))
    add(Detector("es_postal_code_place", "ZIP", _rx(
        r"(?:,|\s|^)\s*(?P<phi>\d{5})\s+(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s|,|\.|$|\())",
        flags=re.MULTILINE), validator=postal_code,
        reject_after=_rx(r"\s*(?:mg|ml|UI|U\b|células|copias|unidades|leucocitos|plaquetas|"
                         r"linfocitos|pacientes|casos|euros)\b")))
    add(Detector("es_street", "STREET", _rx(
        r"(?<![\w])(?P<phi>" + STREET_TYPE + r"\s?(?:" + PARTICLE + r"\s+)*" + STREET_NAME
        + r"(?:" + HOUSE + r")(?:" + FLOOR + r"){0,2})(?![\w])", flags=0), anchored=True))
    return d
