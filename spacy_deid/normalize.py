"""A normalised *detection view* of a note, with a map back to the note's own characters.

Why: PHI written to dodge detection, or mangled by copy-paste, still has to be found.
"Jo\u200bhn" (a zero-width space), "J\u043ehn" (a Cyrillic o), full-width digits
("\uff15\uff15\uff15-\uff11\uff12\uff13\uff14"), en dashes ("617\u2013555\u20131234"),
spaced-out values ("S S N: 1 2 3 4 5 6 7 8 9") and wrapped ones ("617-555-\\n1234") all read
as PHI to a person but not to regexes or to a model trained on plain text. The Doc keeps
the original text (outputs and offsets refer to it, nothing is lost); detectors look at the
view instead and map what they find back with :meth:`View.to_original`.

Character folds (:func:`fold_char`, one original character to zero or more view characters):

- format characters (Unicode category Cf: zero-width space/joiners, word joiner, BOM, soft
  hyphen, bidi controls) are dropped;
- Unicode spaces become " " (line and paragraph separators "\\n"), Unicode dashes and minus
  signs "-", fraction and division slashes "/";
- non-ASCII decimal digits (Arabic-Indic, Devanagari, ...) become ASCII digits;
- NFKC compatibility forms whose NFKC form is ASCII (full-width and mathematical letters and
  digits, ligatures, "\u2116") take that form; superscripts, subscripts, fractions and circled
  numbers do not ("10\u2079/L" must not become "109/L");
- Cyrillic and Greek letters that look like Latin ones become those Latin letters, only in a
  word that is otherwise Latin or made only of such look-alikes ("J\u043ehn", "\u041cRN",
  "\u0408\u043e\u0435"); real Cyrillic or Greek words ("\u0418\u0432\u0430\u043d") are left
  alone. The table is the Cyrillic and Greek to ASCII-letter part of Unicode's confusables
  (UTS #39), kept here rather than adding a dependency (confusable-homoglyphs) that loads a
  900 kB table for 60 letters.

Layout folds (:func:`view`, on the whole text):

- single digits separated by single spaces ("5 5 5 - 1 2 3 4") are joined when the run
  holds at least ``SPACED_DIGITS_MIN`` digits (7: a local phone number); shorter runs are
  lists and scores ("pain 1 2 3 4 5") and stay;
- single letters separated by spaces before ":" or "#" ("S S N:", "M R N #") are joined;
- a line break inside a number after or before "-" or "/" ("617-555-\\n1234",
  "01/02\\n/1960") is dropped (not at a period, which ends a list item as often);
- a " | " cell separator between a key cell and its value ("| MRN | 1234567 |") reads as
  ":", so key-anchored detectors see "MRN : 1234567".

The view is for detection only: its text is never written out. Clean text gets no view at
all (:func:`view` returns None): ASCII text without a layout hint costs one ``str.isascii``
and one regex search; with a hint, the four layout regexes (about 0.3 ms for a 2,300
character note).
"""
import re
import unicodedata
from typing import Dict, List, Optional, Tuple

# Cyrillic and Greek letters with an ASCII look-alike (from Unicode confusables.txt).
HOMOGLYPHS: Dict[str, str] = {
    # Cyrillic capitals
    "\u0405": "S", "\u0406": "I", "\u0408": "J", "\u0410": "A", "\u0412": "B", "\u0415": "E",
    "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C",
    "\u0422": "T", "\u0423": "Y", "\u0425": "X", "\u04ae": "Y", "\u04c0": "I", "\u050c": "G",
    "\u051c": "W", "\u0474": "V",
    # Cyrillic small letters
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u04af": "y",
    "\u04cf": "l", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u0475": "v", "\u0461": "w",
    # Greek capitals
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u037f": "J", "\u03f9": "C",
    # Greek small letters
    "\u03b1": "a", "\u03b9": "i", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p", "\u03c5": "u",
    "\u03f2": "c", "\u03f3": "j",
}
DASHES = frozenset(
    c for c in map(chr, range(0x2000, 0x3100)) if unicodedata.category(c) == "Pd"
) | frozenset("\u058a\u05be\u1806\ufe58\ufe63\uff0d\u2212\u2796\u02d7")
SLASHES = frozenset("\u2044\u2215\u29f8")
LINE_BREAKS = frozenset("\u2028\u2029\u0085")
# NFKC forms kept out: they would glue digits ("10\u2079" -> "109", "5\u00bd" -> "51/2").
_KEEP_TAGS = ("<super>", "<sub>", "<fraction>", "<circle>")

# Runs of single digits joined by single spaces (separators allowed between them).
SPACED_DIGITS_MIN = 7
_SPACED_DIGITS = re.compile(r"(?<![\w./\-])\d(?: (?:[\-./] )?\d)+(?!\w)")
_SPACED_LETTERS = re.compile(r"(?<![\w])[A-Za-z](?: [A-Za-z]){1,5}(?= ?[:#])")
# Not at a period: "... plate 4TRX218.\n4. SW will ..." is a list, not a number.
_WRAPPED_NUMBER = re.compile(
    r"(?<=\d[\-/])[ \t]*\r?\n[ \t]*(?=\d)|(?<=\d)[ \t]*\r?\n[ \t]*(?=[\-/]\d)"
)
_CELL_SEPARATOR = re.compile(r"(?<=[A-Za-z.#)])[ \t]+(\|)[ \t]+(?=\w)")
# Markup left in a note pasted from a web page or a word processor: HTML tags and entities,
# RTF control words, hex escapes and group braces.
# A tag is a name, then attributes after a space ("<pat.smith@yahoo.com>" is no tag).
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:[ \t/][^<>\n]{0,300})?>")
_HTML_ENTITY = re.compile(r"&(?:#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_RTF_ESCAPE = re.compile(r"\\'([0-9a-fA-F]{2})")
_RTF_CONTROL = re.compile(r"\\[A-Za-z]{1,32}-?\d{0,10} ?|(?<!\\)[{}]")
_RTF_HINT = re.compile(r"\\(?:rtf|par\b|'[0-9a-fA-F]{2}|[bi]0?\b|f\d|fs\d|pard|line\b|tab\b)")
# A cheap test for the layout cases on ASCII text (a superset of the layout regexes above).
_LAYOUT_HINT = re.compile(
    r"\d [\d\-./]|\b[A-Za-z] [A-Za-z] ?[ :#]|\d[ \t]*\r?\n[ \t]*[\-/]\d|\d[\-/][ \t]*\r?\n| \| "
    r"|</?[A-Za-z][^<>\n]{0,300}>|&#?\w{2,8};|\\[A-Za-z']"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A word holding at least one look-alike letter.
_HOMOGLYPH_WORD = re.compile("[^\\W_]*[" + "".join(HOMOGLYPHS) + "][^\\W_]*")

_fold_cache: Dict[str, str] = {}


def fold_char(char: str) -> str:
    """The view of one character out of context ("" to drop it); homoglyphs are not folded
    here, as they depend on the word (see :func:`fold_text`)."""
    if char.isascii():
        return char
    folded = _fold_cache.get(char)
    if folded is None:
        folded = _fold_char(char)
        if len(_fold_cache) < 65536:
            _fold_cache[char] = folded
    return folded


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if char in LINE_BREAKS:
        return "\n"
    if category == "Zs":
        return " "
    if char in DASHES:
        return "-"
    if char in SLASHES:
        return "/"
    if category == "Nd":
        return str(unicodedata.decimal(char))
    decomposition = unicodedata.decomposition(char)
    if decomposition.startswith("<") and not decomposition.startswith(_KEEP_TAGS):
        nfkc = unicodedata.normalize("NFKC", char)
        if nfkc.isascii() and nfkc.strip():
            return nfkc
        if len(nfkc) == 1 and nfkc != char and fold_char(nfkc).isascii():
            return fold_char(nfkc)  # a full-width dash or space, not "\u00b5" -> "\u03bc"
    return char


def _homoglyph_positions(text: str) -> List[int]:
    """Positions of look-alike letters in words that are Latin apart from them."""
    positions: List[int] = []
    for match in _HOMOGLYPH_WORD.finditer(text):
        word = match.group()
        if all(c.isascii() or c in HOMOGLYPHS or not c.isalpha() or _latin(c) for c in word):
            start = match.start()
            positions.extend(start + i for i, c in enumerate(word) if c in HOMOGLYPHS)
    return positions


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def fold_text(text: str) -> str:
    """The character folds of :func:`view` on ``text`` (homoglyphs included), no layout
    folds; used for single tokens and values, where offsets do not matter."""
    if text.isascii():
        return text
    chars = [fold_char(c) for c in text]
    for i in _homoglyph_positions(text):
        chars[i] = HOMOGLYPHS[text[i]]
    return "".join(chars)


class View:
    """A detection text and, for each of its characters, the original range it comes from."""

    __slots__ = ("text", "starts", "ends", "original_length")

    def __init__(self, text: str, starts: List[int], ends: List[int], original_length: int):
        self.text = text
        self.starts = starts
        self.ends = ends
        self.original_length = original_length

    def to_original(self, start: int, end: int) -> Tuple[int, int]:
        """The original character range ``[start, end)`` of the view range ``[start, end)``.

        Characters dropped from the view between the two ends (zero-width, joined spaces)
        fall inside the range; an empty range maps to an empty one.
        """
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else self.original_length
            return at, at
        return self.starts[start], self.ends[end - 1]


def _fold_markup(text: str, drop: set, replace: Dict[int, str]) -> None:
    """HTML tags and RTF control words read as a space, entities and RTF hex escapes as the
    character they stand for ("Joaqu\\'edn" reads "Joaquín", "<b>Ana</b>" reads " Ana ")."""
    import html

    def stands_for(match: "re.Match[str]", char: str) -> None:
        replace[match.start()] = char
        drop.update(range(match.start() + 1, match.end()))

    if "<" in text:
        for m in _HTML_TAG.finditer(text):
            stands_for(m, "\n" if re.match(r"</?(?:p|br|div|tr|li|h\d)\b", m.group(), re.I) else " ")
    if "&" in text:
        for m in _HTML_ENTITY.finditer(text):
            char = html.unescape(m.group())
            if len(char) == 1:
                stands_for(m, " " if char == "\u00a0" else char)
    if "\\" in text and _RTF_HINT.search(text):
        for m in _RTF_ESCAPE.finditer(text):
            stands_for(m, bytes.fromhex(m.group(1)).decode("cp1252", errors="replace"))
        for m in _RTF_CONTROL.finditer(text):
            if m.start() in replace or m.start() in drop:
                continue
            if m.group() in "{}":
                drop.add(m.start())
            else:
                stands_for(m, "\n" if re.match(r"\\(?:par|line)\b", m.group()) else " ")


def view(text: str) -> Optional[View]:
    """The detection view of ``text``, or None when it would equal ``text``."""
    ascii_text = text.isascii()
    if ascii_text and not _LAYOUT_HINT.search(text):
        return None
    # 1. Characters, one original character to zero or more view characters.
    folded_text = text
    starts: Optional[List[int]] = None  # None: view character k comes from character k
    ends: Optional[List[int]] = None
    if not ascii_text:
        homoglyphs = set(_homoglyph_positions(text))
        if homoglyphs or any(fold_char(m.group()) != m.group() for m in _NON_ASCII.finditer(text)):
            pieces: List[str] = []
            starts, ends = [], []
            for i, char in enumerate(text):
                folded = HOMOGLYPHS[char] if i in homoglyphs else fold_char(char)
                for piece in folded:
                    pieces.append(piece)
                    starts.append(i)
                    ends.append(i + 1)
            folded_text = "".join(pieces)
    # 2. Layout: drop or replace view characters, composing the map.
    drop = set()
    for match in _SPACED_DIGITS.finditer(folded_text):
        value = match.group()
        if sum(c.isdigit() for c in value) >= SPACED_DIGITS_MIN:
            drop.update(match.start() + k for k, c in enumerate(value) if c == " ")
    for match in _SPACED_LETTERS.finditer(folded_text):
        drop.update(range(match.start() + 1, match.end(), 2))
    for match in _WRAPPED_NUMBER.finditer(folded_text):
        drop.update(range(match.start(), match.end()))
    replace = {m.start(1): ":" for m in _CELL_SEPARATOR.finditer(folded_text)}
    _fold_markup(folded_text, drop, replace)
    if starts is None and not drop and not replace:
        return None
    if starts is None or ends is None:
        starts = list(range(len(text)))
        ends = list(range(1, len(text) + 1))
    if drop or replace:
        kept = [k for k in range(len(folded_text)) if k not in drop]
        folded_text = "".join([replace.get(k, folded_text[k]) for k in kept])
        starts = [starts[k] for k in kept]
        ends = [ends[k] for k in kept]
    return View(folded_text, starts, ends, len(text))


__all__ = ["View", "view", "fold_char", "fold_text", "HOMOGLYPHS", "SPACED_DIGITS_MIN"]
