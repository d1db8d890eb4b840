"""Sentence boundaries that survive the layout of clinical notes.

Why: clinical notes are not prose. Their structure is in the line breaks (headers, "Key: value"
fields, lists, tables, vitals) while their prose is often wrapped at a fixed width, so neither
spaCy's punctuation ``sentencizer`` nor a parser trained on news text splits them well. Several
parts of the pipeline read ``doc.sents``: the inclusion list and the templates match whole
sentences, NER components see them as context, and medSpaCy's ConText scopes negation and
experiencer modifiers to one sentence (so "Fever? No. Chest pain? Yes." must be three units,
and a header must not swallow the next paragraph).

It runs on millions of notes, so it is cheap: it reads the token table once
(``Doc.to_array``), makes linear passes over plain lists (lines, then the tokens of each
line), and writes ``token.is_sent_start`` for every token at once (``Doc.from_array``). No
regular expression, no model, and no state to save (about a million tokens a second).
"""

from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Tuple

import numpy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

NEWLINE_MODES = ("blank", "smart", "always")

# Abbreviations after which a period does not end a sentence: lower case, no final period.
# "no" is deliberately absent: "No." before a number ("Policy No. 12345") never ends a
# sentence anyway (numbers do not start one), and before a capital it is usually the answer
# "No." ("Fever? No. Chest pain? Yes."), a boundary ConText needs.
ABBREVIATIONS: FrozenSet[str] = frozenset(
    """
    dr dra drs dres mr mrs ms mx miss prof sr sra srta sres dña dn jr st sta sto
    pt pts vs approx aprox e.g i.e cf ej fig ref dept hosp univ núm nº
    b.i.d t.i.d q.i.d q.d q.o.d q.h.s h.s p.o p.r.n i.v i.m s.c s.l a.c p.c y.o
    hx dx tx rx sx fx wt ht
    av avda ave blvd apt ste ctra crta urb pso pza pz plza ed esc cdad col
    """.split()
)
# Abbreviations that are titles: a line ending with one continues on the next ("Dr.\nSmith").
TITLES: FrozenSet[str] = frozenset(
    "dr dra drs dres mr mrs ms mx prof sr sra srta dña dn st".split()
)
BULLETS: FrozenSet[str] = frozenset("- * • · – — ◦ ▪ ‣ ○ ■ □ ➢ >".split())
CLOSERS: FrozenSet[str] = frozenset(")]}\"'”’»")
OPENERS: FrozenSet[str] = frozenset("([{\"'“‘«¿¡")
# Tokens that may sit between the words of a header or a key ("ASSESSMENT/PLAN:").
KEY_JOINERS: FrozenSet[str] = frozenset("/ & - ( ) 's ’s".split())
# A line that ends with one of these continues on the next one.
CONTINUATIONS: FrozenSet[str] = frozenset(", - – ( / & + =".split())
TERMINAL_CHARS = ".!?…"


class _Tokens:
    """What the splitter needs of a doc's tokens, read at once into plain lists."""

    __slots__ = ("text", "space", "glued", "idx")

    def __init__(self, doc: Doc) -> None:
        orth, idx, space, spacy = doc.to_array([ORTH, IDX, IS_SPACE, SPACY]).T.tolist()
        strings = doc.vocab.strings
        self.text: List[str] = [strings[h] for h in orth]
        self.space: List[int] = space  # a whitespace token
        self.glued: List[bool] = [not s for s in spacy]  # no whitespace after it
        self.idx: List[int] = idx


@Language.factory(
    "deid_sentences",
    assigns=["token.is_sent_start"],
    default_config={
        "split_on_newline": "smart",
        "short_line_chars": 40,
        "max_header_words": 6,
        "extra_abbreviations": [],
        "scorer": {"@scorers": "spacy.senter_scorer.v1"},
    },
    default_score_weights={"sents_f": 1.0, "sents_p": 0.0, "sents_r": 0.0},
)
def make_sentences(
    nlp: Language,
    name: str,
    split_on_newline: str,
    short_line_chars: int,
    max_header_words: int,
    extra_abbreviations: List[str],
    scorer: Optional[Callable],
) -> "ClinicalSentences":
    """Create the clinical sentence splitter (the rules: :class:`ClinicalSentences`).

    split_on_newline: "smart" (default), "blank" or "always": when a single line break ends
        a sentence (a blank line always does).
    short_line_chars: in "smart" mode, a line shorter than this is a header or a table row.
    max_header_words: the most words a header or a "Key:" may have.
    extra_abbreviations: more abbreviations after which a period does not end a sentence.
    scorer: scores ``doc.sents`` (``sents_p``, ``sents_r``, ``sents_f``).
    """
    return ClinicalSentences(
        name=name,
        split_on_newline=split_on_newline,
        short_line_chars=short_line_chars,
        max_header_words=max_header_words,
        extra_abbreviations=extra_abbreviations,
        stop_words=nlp.Defaults.stop_words,
        scorer=scorer,
    )


class ClinicalSentences:
    """Set ``token.is_sent_start`` (True or False) on every token of a clinical note.

    Rules, in order of strength:

    - A blank line always ends a sentence.
    - A single line break, by ``split_on_newline``:
      ``"always"``: ends a sentence. ``"blank"``: only when it follows sentence punctuation
      and a capitalised word comes next (as if it were a space). ``"smart"`` (default): ends
      a sentence when the previous line ends with sentence punctuation (not an abbreviation)
      or ":", or the next line starts a list item ("1.", "2)", "(3)", "a)", "-", "*", "•",
      "#"), a header or a "Key: value" field ("Plan:", "HISTORY OF PRESENT ILLNESS:",
      "Sexo: H."); does not when the previous line ends with a title ("Dr."), the next line
      starts in lower case, or the previous line ends with a comma, a hyphen or a stop word,
      which is how wrapped prose looks; otherwise ends a sentence when the previous line is
      shorter than ``short_line_chars`` characters (a header, a table or vitals row) and not
      when it is longer (wrapped prose going on with a capitalised word).
    - ".", "!", "?" (and runs like "?!") followed by a capitalised word or a list number end a
      sentence, except after an abbreviation in ``ABBREVIATIONS`` or ``extra_abbreviations``
      ("Dr.", "b.i.d.", "e.g.", "Ctra.") or a capital initial ("J. Smith", "by J. Smith"; a
      letter after a lower-case word that is not a stop word is no initial: "vitamin D. The"
      splits). "No." is not an abbreviation: see ``ABBREVIATIONS``. Decimals are single
      tokens, so they never split.
    - A header in capitals followed by ":" inside a line ("... today MEDICATIONS: aspirin")
      begins a sentence (at most ``max_header_words`` words, at least four letters, so
      "HIV:" or capitalised prose do not). A header alone on its line is a sentence of its own
      (the line ends with ":"); a header with text after it on the same line stays with that
      text, so ConText sees "FAMILY HISTORY: breast cancer" as one unit.

    Whitespace tokens (including newlines) never start a sentence: they end the previous one.
    """

    def __init__(
        self,
        name: str = "deid_sentences",
        *,
        split_on_newline: str = "smart",
        short_line_chars: int = 40,
        max_header_words: int = 6,
        extra_abbreviations: Iterable[str] = (),
        stop_words: Iterable[str] = (),
        scorer: Optional[Callable] = None,
    ) -> None:
        if split_on_newline not in NEWLINE_MODES:
            raise ValueError(
                f"deid_sentences: split_on_newline must be one of {NEWLINE_MODES}, "
                f"not {split_on_newline!r}"
            )
        self.name = name
        self.split_on_newline = split_on_newline
        self.short_line_chars = short_line_chars
        self.max_header_words = max_header_words
        self.abbreviations = ABBREVIATIONS | {
            a.lower().rstrip(".") for a in extra_abbreviations
        }
        self.stop_words = frozenset(w.lower() for w in stop_words)
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        """Set sentence starts on ``doc`` and return it."""
        if len(doc) == 0:
            return doc
        starts = self._starts(_Tokens(doc))
        # 1 starts a sentence, -1 does not (as uint64, the dtype Doc arrays use).
        values = numpy.where(starts, 1, -1).astype("uint64")
        doc.from_array([SENT_START], values)
        return doc

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, float]:
        """Score sentence boundaries against gold ones (``sents_p``, ``sents_r``, ``sents_f``)."""
        if self.scorer is None:
            raise ValueError("deid_sentences was created without a scorer")
        return self.scorer(examples, **kwargs)

    # -- the rules ------------------------------------------------------------------------

    def _starts(self, t: _Tokens) -> List[bool]:
        starts = [False] * len(t.text)
        # The first sentence starts at token 0, even when the note opens with whitespace.
        starts[0] = True
        lines = _lines(t)
        for k, (first, last, newlines) in enumerate(lines):
            if k > 0 and self._break_splits(t, lines[k - 1], first, last, newlines):
                starts[first] = True
            self._split_inside(t, first, last, starts)
        # When whitespace opens the note, its first word continues the first sentence.
        if lines and lines[0][0] > 0:
            starts[lines[0][0]] = False
        return starts

    def _break_splits(
        self, t: _Tokens, prev: Tuple[int, int, int], first: int, last: int, newlines: int
    ) -> bool:
        """Whether the line break(s) before the line ``first..last`` end a sentence."""
        if newlines >= 2 or self.split_on_newline == "always":
            return True
        p_first, p_last = prev[0], prev[1]
        ends_sentence = _terminal(t.text[p_last]) and not self._abbreviation_before(t, p_last)
        if self.split_on_newline == "blank":
            return ends_sentence and self._starts_sentence(t, first, last)
        if ends_sentence or t.text[p_last] == ":":
            return True
        if self._list_item(t, first, last) or self._key(t, first, last):
            return True
        end = t.text[p_last].lower()
        if end in TITLES or end.rstrip(".") in TITLES or (
            end == "." and p_last > p_first and t.text[p_last - 1].lower() in TITLES
        ):
            return False  # "seen by Dr.\nSmith"
        if _first_alnum(t.text[first]).islower():
            return False  # wrapped prose
        if end in CONTINUATIONS or (t.text[p_last][:1].islower() and end in self.stop_words):
            return False  # "with\nHypertension", "aspirin,\nLisinopril"
        width = t.idx[p_last] + len(t.text[p_last]) - t.idx[p_first]
        return width < self.short_line_chars

    def _split_inside(self, t: _Tokens, first: int, last: int, starts: List[bool]) -> None:
        """Apply the punctuation and header rules inside the line ``first..last``."""
        for i in range(first + 1, last + 1):
            text = t.text[i]
            if _terminal(text):
                if self._abbreviation_before(t, i) or self._list_marker(t, i, first):
                    continue
                j = _next_word(t, i + 1, last)
                if j is not None and self._starts_sentence(t, j, last):
                    starts[j] = True
            elif text == ":":
                h = self._header_start(t, first, i)
                if h is not None and h > first:
                    starts[h] = True

    def _abbreviation_before(self, t: _Tokens, i: int) -> bool:
        """Whether the period at ``i`` belongs to an abbreviation or an initial."""
        if t.text[i] != "." or i == 0:
            return False
        p = i - 1
        if t.space[p] or not t.glued[p]:
            return False
        if t.text[p].lower().rstrip(".") in self.abbreviations:
            return True
        word = t.text[p]
        if len(word) == 1 and word.isupper():
            # "J. Smith", "Dr. J. Smith", "Smith, J.", "by J. Smith" are initials;
            # "vitamin D." is not: a letter after a lower-case word other than a stop word.
            if p == 0 or t.space[p - 1]:
                return True
            before = t.text[p - 1]
            return not before[:1].islower() or before in self.stop_words
        return False

    @staticmethod
    def _list_marker(t: _Tokens, i: int, first: int) -> bool:
        """Whether the "." at ``i`` closes a list number ("1." starting a line, a sentence or
    the text after a colon)."""
        p = i - 1
        if t.text[i] != "." or p < first or not t.glued[p]:
            return False
        number = t.text[p]
        if not (number.isdigit() and len(number) <= 2):
            return False
        return p == first or t.text[p - 1] == ":" or _terminal(t.text[p - 1])

    @staticmethod
    def _starts_sentence(t: _Tokens, j: int, last: int) -> bool:
        """Whether the word at ``j``, after sentence punctuation, begins a sentence."""
        text = t.text[j]
        if text in OPENERS and j < last:
            text = t.text[j + 1]
        if text[:1].isupper():
            return True
        # An inline list: "... daily. 2. Lisinopril".
        return (
            text.isdigit()
            and len(text) <= 2
            and j < last
            and t.glued[j]
            and t.text[j + 1] in (".", ")")
        )

    @staticmethod
    def _list_item(t: _Tokens, first: int, last: int) -> bool:
        """Whether a line starts a list item: a bullet, "#", "1.", "2)", "(3)", "a)"."""
        text = t.text[first]
        if text in BULLETS or text == "#":
            return True
        nxt = t.text[first + 1] if first < last else ""
        glued = t.glued[first]
        if glued and text.isdigit() and len(text) <= 3 and nxt in (".", ")"):
            return True
        if len(text) == 2 and text[0].isalnum() and text[1] in ".)":
            return first < last  # "a." / "a)" followed by the item
        if glued and len(text) == 1 and text.isalpha() and nxt == ")":
            return True
        return text == "(" and nxt.isdigit() and first + 2 <= last and t.text[first + 2] == ")"

    def _key(self, t: _Tokens, first: int, last: int) -> bool:
        """Whether a line starts with a header or a "Key:" field ("Plan:", "Sexo: H.")."""
        if not (t.text[first][:1].isupper() and _wordlike(t.text[first])):
            return False
        words = 0
        for i in range(first, min(last, first + 2 * self.max_header_words) + 1):
            text = t.text[i]
            if text == ":":
                return True
            if _wordlike(text) or text.isdigit():
                words += 1
                if words > self.max_header_words:
                    return False
            elif not (t.space[i] or text in KEY_JOINERS):
                return False
        return False

    def _header_start(self, t: _Tokens, first: int, colon: int) -> Optional[int]:
        """The first token of a header in capitals that ends at ``colon``, or None."""
        words = letters = 0
        start = None
        for i in range(colon - 1, first - 1, -1):
            text = t.text[i]
            if text.isalpha() and text.isupper():
                words += 1
                letters += len(text)
                start = i
                if words > self.max_header_words:
                    return None  # capitalised prose, not a header
            elif text not in KEY_JOINERS:
                break
        if start is None or letters < 4:
            return None
        return start


def _lines(t: _Tokens) -> List[Tuple[int, int, int]]:
    """(first, last, newlines before it) for each line that holds a non-whitespace token."""
    lines = []
    first = last = -1
    newlines = 0
    for i, (text, space) in enumerate(zip(t.text, t.space)):
        if space:
            count = text.count("\n")
            if count and first >= 0:
                lines.append((first, last, newlines))
                first = -1
                newlines = 0
            newlines += count
        else:
            if first < 0:
                first = i
            last = i
    if first >= 0:
        lines.append((first, last, newlines))
    return lines


def _terminal(text: str) -> bool:
    """Sentence punctuation: ".", "!", "?", "…" and runs of them ("?!", "...")."""
    return text != "" and not text.strip(TERMINAL_CHARS)


def _wordlike(text: str) -> bool:
    """A word, possibly hyphenated ("E-mail") or with an ordinal sign ("NºCol")."""
    return text.replace("-", "").isalpha()


def _next_word(t: _Tokens, i: int, last: int) -> Optional[int]:
    """The first token in ``i..last`` that is not whitespace or closing punctuation."""
    while i <= last and (t.space[i] or t.text[i] in CLOSERS or _terminal(t.text[i])):
        i += 1
    return i if i <= last else None


def _first_alnum(text: str) -> str:
    """The first letter or digit of ``text`` ("" if none)."""
    for c in text:
        if c.isalnum():
            return c
    return ""


__all__ = ["ClinicalSentences", "make_sentences", "ABBREVIATIONS"]
