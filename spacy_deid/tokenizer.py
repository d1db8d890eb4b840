"""A clinical tokenizer: spaCy's own tokenizer with rules for how clinical notes are written.

Why: PHI detectors (patterns, NER, the voter) work on tokens, and a PHI span that does not
start and end on a token boundary cannot be found, annotated or replaced. Clinical notes glue
identifiers to their labels ("MRN:12345678", "Bed12", "pgr#1234", "DOB:01/02/1960",
"SMITH^JOHN", "on03/04/2019", "2019.The") while spaCy's general-purpose rules either leave
them glued or break apart values that must stay whole ("2019-03-14", "555-123-4567",
"y/o"). This module keeps the language's defaults (so English and Spanish keep their
exceptions and punctuation) and adds clinical prefixes, suffixes, infixes, a ``token_match``
for values that must never be split and a few special cases.

Everything is expressed as regular expressions and special cases, the parts spaCy's
``Tokenizer`` serialises, so a saved pipeline tokenizes identically after ``spacy.load``.
Patterns use only inline flags (``(?i:...)``) because the saved patterns are recompiled
without flags.

Decisions worth knowing:

- An age glued to its marker is split from it: "45yo" -> 45 | yo, "45y/o" -> 45 | y/o,
  "72M" -> 72 | M, "72F" -> 72 | F (so "98.6F" -> 98.6 | F as well). The number is the PHI.
- A capital initial is split from its period ("H." -> H | ., "J." -> J | .), so a one-letter
  value such as MEDDOCAN's sex "H" gets its own token; the sentence splitter knows that
  "J . Smith" does not end a sentence. Set ``split_initials = false`` to keep "J." whole.
- "(555)555-1234" -> ( | 555 | ) | 555-1234, the same tokens as "(555) 555-1234".
- "ext x4567" -> ext | x | 4567; "ext.4567" -> ext. | 4567 (the digits are the PHI).
- Numeric values with two or more separators of one kind stay whole: dates, phones, SSNs,
  IP addresses ("2019-03-14", "555.123.4567", "10.0.0.1"); so do "555-1234", "14-Mar-2019",
  "Mar-2019", e-mail addresses and letter/letter abbreviations ("y/o", "s/p", "c/o", "n/v/d").
  A two-number range keeps the language's behaviour (English splits "5-10", Spanish does not).
- spaCy's emoticons are dropped from the special cases: in notes "):" or "8)" is punctuation.

On MEDDOCAN (train + dev, 17,134 gold PHI spans), spaCy's Spanish tokenizer cuts through 1,490
spans (8.7%: "H." for sex, "NHC:368503", "CP:28016"...); this one through 36 (0.2%), mostly
missing spaces in the source ("MartínezNºCol").
"""

import re
from typing import Callable, Dict, Iterable, List, Optional

from spacy.attrs import ORTH
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER
from spacy.lang.tokenizer_exceptions import emoticons as EMOTICONS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

_A = ALPHA
_AL = ALPHA_LOWER
_AU = ALPHA_UPPER
# Letters plus the Spanish ordinal indicators of "NºCol", "nº34", "1ª".
_W = ALPHA + "ºª"

_MONTHS = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?"
    r"|sept?iembre|octubre|noviembre|dic(?:iembre)?)"
)

# Labels that clinical notes glue to the number they introduce ("Rm7A", "Bed12", "MRN123").
_ID_LABELS = (
    r"(?i:rm|room|bed|bd|apt|ste|suite|unit|ward|flr|floor|mrn|acct|acc|pgr|pager|beeper"
    r"|ext|tel|ph|fax|cell|nhc|nass|ssn|dob|id)"
)

# Split off the start of a token (tried before the language's prefixes).
CLINICAL_PREFIXES: List[str] = [
    # "MRN:123", "NºCol:28", "E-mail:a@b.es": a word before a colon; not a URL scheme
    # ("http://"). Needed as a prefix: spaCy's url_match would take "E-mail:a@b.es" whole.
    rf"[{_W}]+(?:[-–][{_W}]+)*(?=:(?!//))",
    # "Rm7A", "Bed12", "pgr#1234", "MRN12345678": a known label glued to a number.
    rf"{_ID_LABELS}(?=#?[0-9])",
    # "Tel.5551234", "ext.4567", "Tfno.+34 945007000": an abbreviation glued to a number.
    rf"[{_A}]{{2,}}\.(?=[xX]?[0-9]{{3,}}|\+[0-9])",
    # "x4567" (a phone extension; also "x3" for "times 3").
    r"[xX](?=[0-9])",
    # "on03/04/2019", "DOB2019-03-14": a word glued to a date.
    rf"[{_A}]+(?=[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})",
    # "SMPL12345678": letters glued to a long number (an identifier).
    rf"[{_A}]{{2,}}(?=[0-9]{{5,}}(?![{_A}]))",
    # "(555)555-1234": the area code, then the parenthesis (a default prefix).
    r"[0-9]{3}(?=\)[0-9])",
    # HL7 component separators at the edge of a token ("^JOHN").
    r"\^+(?![0-9])",
    # "-SL", "-AKL/km": a dash before sign-off initials.
    rf"[-–](?=[{_AU}])",
]

# Split off the end of a token (tried before the language's suffixes).
CLINICAL_SUFFIXES: List[str] = [
    # "45yo", "45y/o", "45y.o.", "45yrs", "45años": the age marker.
    r"(?<=[0-9])(?:y/o|y\.o\.?|yo|yoa|yrs?|años)",
    # "45yoM", "45y/oF": a sex marker after the age marker.
    r"(?<=[0-9]yo)[MF]",
    r"(?<=[0-9]y/o)[MF]",
    # "72M", "72F" (English already splits "72M" as megabytes; this makes F do the same).
    r"(?<=[0-9])[MF]",
    # "48f", "72m" in lower-case nursing notes.
    r"(?<=[0-9])[mf]",
    # "98%RA": a word glued to a percentage.
    rf"(?<=%)[{_A}]+",
    # "1º.", "3,3º.": a period after an ordinal indicator.
    r"(?<=[ºª])\.",
    # "SMITH^": HL7 separators at the end of a token.
    r"(?<![0-9])\^+",
]

# Split inside a token (after prefixes and suffixes are gone).
CLINICAL_INFIXES: List[str] = [
    # "2019.The", "2014.El": a missing space after a sentence-final period.
    rf"(?<=[0-9])\.(?=[{_AU}])",
    # "DR.SMITH", "DR.Francisco": a missing space after an upper-case word (not "M.D.").
    rf"(?<=[{_AU}][{_AU}])\.(?=[{_AU}])",
    # "pgr#1234", "Room#12".
    rf"(?<=[{_A}0-9])#(?=[0-9])",
    # "SMITH^JOHN^^^MD": HL7 component separators (but not "10^9").
    r"(?<![0-9])\^|\^(?![0-9])",
    # "nhc-150679": a label joined to an identifier by a hyphen ("COVID-19" stays whole).
    rf"(?<=[{_A}])[-–](?=[0-9]{{4,}})",
    # "08005-Barcelona": a number (a postcode) joined to a name by a hyphen.
    rf"(?<=[0-9])[-–](?=[{_AU}][{_AL}])",
    # "mid-70s", "late-60s": a decade (an age) after a hyphen.
    r"(?<=[a-z])-(?=[0-9]0'?s)",
    # "04/12/1956;MRN:1234567", HL7 "PID|1||12345": field separators.
    r"[;|]",
    # "MRN:1234567", "EF=55" left after another infix split (pieces are not re-split, so the
    # colon prefix cannot reach them).
    rf"(?<=[{_W}])[:=](?=[0-9])",
    # "Smith,45", "45,Smith".
    rf"(?<=[{_A}]),(?=[0-9])",
    rf"(?<=[0-9]),(?=[{_A}])",
]

# Whole tokens that must never be split (checked before infixes). Anchored: spaCy uses .match.
CLINICAL_TOKEN_MATCH: List[str] = [
    # Numbers with two or more separators of one kind: dates, phones, SSNs, IPs, versions.
    r"\+?[0-9]+(?P<sep>[-./])[0-9]+(?:(?P=sep)[0-9]+)+",
    # ISO date-times.
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?",
    # Seven-digit phone numbers.
    r"[0-9]{3}-[0-9]{4}",
    # "14-Mar-2019", "14/mar/2019", "Mar-2019".
    rf"[0-9]{{1,2}}(?P<msep>[-/]){_MONTHS}(?P=msep)[0-9]{{2,4}}",
    rf"{_MONTHS}[-/][0-9]{{4}}",
    # URLs in any case: spaCy's url_match is lower-case only, and the "DR.SMITH" infix would
    # split "HTTP://WWW.X.ORG". Not ending in punctuation, so "http://x.org." loses its period.
    r"(?i:(?:https?|ftp)://|www\.)\S*[^\s.,;:!?)\]}'\"]",
    # E-mail addresses (spaCy's rules would split "John.Smith@x.org" at ".S").
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    # Letter/letter abbreviations: y/o, s/p, c/o, h/o, w/o, r/o, n/v/d, N/A.
    rf"[{_A}]/[{_A}](?:/[{_A}])?",
]

# Clinical abbreviations kept as one token (each also upper-cased).
CLINICAL_ABBREVIATIONS: List[str] = [
    "b.i.d.", "t.i.d.", "q.i.d.", "q.d.", "q.o.d.", "q.h.s.", "h.s.", "p.o.", "p.r.n.",
    "p.r.", "s.l.", "i.v.", "i.m.", "s.c.", "a.c.", "p.c.", "y.o.", "e.g.", "i.e.",
    "pt.", "Pt.", "approx.", "Approx.", "vs.", "Vs.", "hx.", "dx.", "tx.", "rx.",
]

# A capital letter followed by a period, unless it ends a dotted abbreviation ("M.D.").
_INITIAL_PERIOD = rf"(?<=[{_AU}])(?<![{_A}.][{_AU}])\."


def _special_cases(base: Dict[str, List[Dict]], extra: Iterable[str]) -> Dict[str, List[Dict]]:
    """The language's exceptions without emoticons, plus clinical abbreviations.

    Emoticons go: in notes "):", ":(", "8)" or ":1" are punctuation and numbers
    ("Diagnosis (Principal):", "Plan:(1)", "8) Aspirin", "ratio 1:1"), never faces.
    """
    rules = {orth: tokens for orth, tokens in base.items() if orth not in EMOTICONS}
    for orth in [*CLINICAL_ABBREVIATIONS, *extra]:
        for variant in {orth, orth.upper()}:
            rules.setdefault(variant, [{ORTH: variant}])
    return rules


def _token_match_pattern(default: Optional[Callable]) -> str:
    """One anchored pattern: ours, then the language's own ``token_match`` if it has one."""
    pattern = "|".join(f"(?:{p})$" for p in CLINICAL_TOKEN_MATCH)
    if default is not None:
        default_pattern = getattr(getattr(default, "__self__", None), "pattern", None)
        if not isinstance(default_pattern, str):
            raise ValueError(
                "spacy_deid.clinical_tokenizer.v1 needs the language's token_match to be a "
                "compiled regex's .match method so that the tokenizer can be saved."
            )
        pattern = f"{pattern}|(?:{default_pattern})"
    return pattern


@registry.tokenizers("spacy_deid.clinical_tokenizer.v1")
def create_clinical_tokenizer(
    split_initials: bool = True,
    extra_abbreviations: Optional[List[str]] = None,
) -> Callable[[Language], Tokenizer]:
    """Create a factory for the clinical tokenizer, built on the language's defaults.

    split_initials: split a capital initial from its period ("H." -> H | .).
    extra_abbreviations: more strings to keep as one token (e.g. site-specific "Rx.").
    """
    extra = list(extra_abbreviations or [])

    def clinical_tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes = CLINICAL_PREFIXES + list(defaults.prefixes or [])
        suffixes = CLINICAL_SUFFIXES + list(defaults.suffixes or [])
        if split_initials:
            suffixes.append(_INITIAL_PERIOD)
        infixes = list(defaults.infixes or []) + CLINICAL_INFIXES
        return Tokenizer(
            nlp.vocab,
            rules=_special_cases(defaults.tokenizer_exceptions, extra),
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=re.compile(_token_match_pattern(defaults.token_match)).match,
            url_match=defaults.url_match,
        )

    return clinical_tokenizer_factory
