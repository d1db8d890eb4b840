"""deid_propagation: every detected value is removed wherever else it stands.

A detector that finds "Odile Martin" in the header but misses "Odile" in the third paragraph
leaves the name readable, and worse, with surrogates the one real "Odile" stands out among fakes.
After the vote, this component treats the note's own detections as known PHI and finds them
again everywhere in the note, in every form, with the machinery of ``deid_known_phi``:

* names and each of their parts, "SMITH, JOHN", "J. Smith", and initials at sign-offs
  ("JS/kl"); initials the note defines next to a detected name (a medication record's legend
  "JT  Jenny Truong, RN", "Jenny Truong (JT)") wherever they stand in capitals (the grid's
  cells); a part that is a common English word ("Will", "Grant", "Faith": one of the
  ``common_words`` most frequent words of the language in ``wordfreq``) only where it is written as a name:
  after a title, or in title case and not as its sentence's first word ("spoke with Will",
  not "Will follow up", "will call" or "WILL"); a name part before a word that makes it an
  eponym ("Graves disease", "Murphy's sign") is not searched; name claims that look like initials ("JS",
  "CPAP") are not searched on their own;
* dates in any format (the same calendar date), IDs, phones and ZIPs on their digits in any
  separator layout, streets with the suffix spelled or abbreviated, other values verbatim;
* the initialism of a detected hospital, department or organisation of three or more words
  ("St. Vincent Medical Center" -> "SVMC"), in capitals, unless it is a clinical abbreviation.

With ``across_notes`` (off by default) the values of a patient's earlier notes in the same
process are searched too (``doc._.patient_id``; a bounded cache of ``patient_cache_size``
patients): a name detected in Monday's note is removed from Tuesday's. Only later notes
benefit and each worker process keeps its own cache, so the output then depends on document
order and partitioning: the CLI and Spark would no longer give the same text for the same note,
and a resumed run could differ from an uninterrupted one. That is why it is off.

Only values sure enough are searched (:meth:`Propagation._reliable`): one model's claim on a
single ordinary word would otherwise spread its mistake through the note.

A found occurrence that overlaps no PHI span is added with the value's label; one that covers
existing spans of its own label widens them; one that conflicts with a span of another label is
left to that span. Added and widened spans list ``propagated`` in ``span._.deid_sources``. The
result replaces ``doc.spans[spans_key]``, and ``doc.ents`` where the voter wrote the PHI spans
there (with the voter's ``write_ents`` off, ``doc.ents`` are left to whoever owns them). Ages are not propagated (a kept
age "67" is not PHI elsewhere); nor are values of fewer than ``min_chars`` letters and digits.
"""

import re
from collections import OrderedDict
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import schema
from .extensions import install_extensions
from .lexicon import CREDENTIALS, TITLES, all_person_names, frequent_words, plain_words
from .known_phi import CAPITALISED, CLINICAL_ABBREVIATIONS, NAME_LABELS, KnownPHI

SOURCE = "propagated"
# Sources whose single claim is sure enough to be searched everywhere (rules and lists).
SURE_SOURCES = frozenset(("patterns", "known", "templates", "name_lists", "gazetteer"))
INITIALISM_LABELS = ("HOSPITAL", "DEPARTMENT", "ORGANIZATION")
# Unit types and services whose initialisms are not PHI even when a named place has them.
_NOT_INITIALISMS = CLINICAL_ABBREVIATIONS | frozenset(
    "ICU MICU SICU CCU CICU NICU PICU CVICU PACU OR ED ER EMS ASC SNF LTC LTAC IRF VA VAMC".split()
)
_SMALL_WORDS = frozenset("of the and at for in on & de la del".split())


# Labels whose values may be short capitals ("MA", "USA", "SVMC"): propagated as written.
# (State codes are not: "MD", "MI", "NC" and "FL" are also credentials and abbreviations.)
ABBREVIATED_LABELS = frozenset(("COUNTRY", "HOSPITAL", "DEPARTMENT", "ORGANIZATION"))
_TITLES_AND_CREDENTIALS = CREDENTIALS | TITLES


def _initials_like(text: str) -> bool:
    """"JS", "PQ", "CPAP", "GDMT": one short token in capitals is initials or an abbreviation
    (maybe taken for a name or place); searched everywhere it would hit every "PR" and "OR",
    so such values are not propagated (a full name's initials are, at sign-offs)."""
    return bool(re.fullmatch(r"[A-Z]{1,4}\.?", text))


def defined_initials(text: str, names: Iterable[str]) -> List[str]:
    """Initials that a note defines for a detected name by writing them next to it: a
    medication record's legend ("JT      Jenny Truong, RN"), "Jenny Truong (JT)". Such initials
    then stand for that person everywhere in the note (the grid's cells), in capitals."""
    out = []
    for name in names:
        words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", name) if w.lower() not in _SMALL_WORDS]
        if len(words) < 2:
            continue
        forms = {"".join(w[0] for w in words).upper(), (words[0][0] + words[-1][0]).upper()}
        # A legend line may give a middle initial the name lacks: "RZN = Rania Nassar".
        first, last = words[0][0].upper(), words[-1][0].upper()
        forms |= {m.group(1) for m in re.finditer(
            r"(?<![\w/.])(" + first + r"[A-Z]{1,2}" + r")[ \t]*[=:][ \t]*" + re.escape(name), text)
            if m.group(1).endswith(last)}
        for letters in forms:
            if not 2 <= len(letters) <= 4 or letters in CLINICAL_ABBREVIATIONS:
                continue
            pattern = (r"(?<![\w/.])" + re.escape(letters) + r"[ \t:=\-–(]{1,12}" + re.escape(name)
                       + r"|" + re.escape(name) + r"[ \t,]*(?:\w+[ \t]*)?[(\[\-–:][ \t]*" + re.escape(letters)
                       + r"(?![\w])")
            if re.search(pattern, text):
                out.append(letters)
    return out


def _standing(doc: Doc, pattern: str, label: str, alignment: str) -> List[Tuple[int, int, str]]:
    """Token spans of every match of ``pattern`` that ends a word."""
    out = []
    for m in re.finditer(pattern + r"(?![\w])", doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode=alignment)
        if span is not None:
            out.append((span.start, span.end, label))
    return out


def initialism(value: str) -> Optional[str]:
    """"St. Vincent Medical Center" -> "SVMC"; None for fewer than three capitalised words."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", value)
    letters = [w[0] for w in words if w.lower() not in _SMALL_WORDS and w[0].isupper()]
    if len(letters) < 3 or len(letters) != len([w for w in words if w.lower() not in _SMALL_WORDS]):
        return None
    abbr = "".join(letters).upper()
    return None if abbr in _NOT_INITIALISMS else abbr


@Language.factory(
    "deid_propagation",
    assigns=["doc.ents", "doc.spans"],
    default_config={
        "spans_key": "phi",
        "write_ents": True,
        "exclude_labels": ["AGE"],
        "min_chars": 2,
        "common_words": 15000,
        "initialisms": True,
        "across_notes": False,
        "patient_cache_size": 2000,
    },
)
def make_propagation(
    nlp: Language,
    name: str,
    spans_key: str,
    write_ents: bool,
    exclude_labels: List[str],
    min_chars: int,
    common_words: int,
    initialisms: bool,
    across_notes: bool,
    patient_cache_size: int,
) -> "Propagation":
    return Propagation(
        nlp, name, spans_key=spans_key, write_ents=write_ents, exclude_labels=exclude_labels,
        min_chars=min_chars, common_words=common_words, initialisms=initialisms,
        across_notes=across_notes, patient_cache_size=patient_cache_size,
    )


class Propagation:
    """Finds the note's (and the patient's) detected values again; widens ``phi``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_propagation",
        *,
        spans_key: str = "phi",
        write_ents: bool = True,
        exclude_labels: Sequence[str] = ("AGE",),
        min_chars: int = 2,
        common_words: int = 15000,
        initialisms: bool = True,
        across_notes: bool = False,
        patient_cache_size: int = 2000,
    ) -> None:
        install_extensions()
        for label in exclude_labels:
            schema.get_type(label)
        self.name = name
        self.spans_key = spans_key
        self.write_ents = write_ents
        self.exclude_labels = set(exclude_labels)
        self.min_chars = min_chars
        self.initialisms = initialisms
        self.across_notes = across_notes
        self.patient_cache_size = max(0, patient_cache_size)
        self._patients: "OrderedDict[str, Dict[str, Set[str]]]" = OrderedDict()
        self.plain = plain_words(nlp.lang, common_words) if nlp.lang == "en" else frozenset()
        self.names = all_person_names()
        self.rare_cutoff = frequent_words(nlp.lang, 50000)
        self.finder = KnownPHI(
            nlp, f"{name}.finder", cache_size=0, common_parts=CAPITALISED, eponym_context=True,
            stoplist=sorted(frequent_words(nlp.lang, common_words)),
        )

    # ------------------------------------------------------------------ values

    def values(self, spans: Iterable[Span]) -> Dict[str, Set[str]]:
        out: Dict[str, Set[str]] = {}
        for span in spans:
            text = " ".join(span.text.split())
            if span.label_ in self.exclude_labels or sum(ch.isalnum() for ch in text) < self.min_chars:
                continue
            if span.label_ in NAME_LABELS:
                # "Dr. Anita Rao, MBBS" is searched as "Anita Rao": titles and credentials
                # would be found everywhere else.
                text = " ".join(w for w in text.split()
                                if w.lower().strip(".,") not in _TITLES_AND_CREDENTIALS).strip(" ,")
            if not text or _initials_like(text) and span.label_ not in ABBREVIATED_LABELS:
                continue
            words = re.findall(r"[^\W\d_]+", text)
            if words and all(w.lower() in self.plain or w.isupper() and len(w) <= 6 for w in words) \
                    and span.label_ not in ABBREVIATED_LABELS | {"PROFESSION"}:
                continue  # "redraw", "inpatient", "APAP" taken for PHI once: not searched again
            if not self._reliable(span, text, words):
                continue
            out.setdefault(span.label_, set()).add(text)
        return out

    def _reliable(self, span: Span, text: str, words: List[str]) -> bool:
        """Whether a value is sure enough to be searched everywhere: one model's single word
        ("gabapentin" as a hospital, "CrCl" as a name) would spread its mistake through the
        note. Sure: a rule's or a list's claim, two detectors' claim, several words, a value with
        digits (its shape was checked), or a single name in title case that is a listed name
        or no frequent word."""
        sources = set(span._.deid_sources or ()) - {SOURCE}
        if sources & SURE_SOURCES or len(sources) >= 2 or len(words) >= 2:
            return True
        if any(ch.isdigit() for ch in text) or not words:
            return True
        word = words[0]
        if span.label_ in NAME_LABELS:
            return word.istitle() and (word.lower() in self.names or word.lower() not in self.rare_cutoff)
        return span.label_ in ABBREVIATED_LABELS and word.isupper()

    def _with_patient(self, doc: Doc, values: Dict[str, Set[str]]) -> Dict[str, Set[str]]:
        patient = doc._.patient_id
        if not self.across_notes or not self.patient_cache_size or patient is None:
            return values
        key = str(patient)
        seen = self._patients.pop(key, {})
        merged = {label: set(v) for label, v in seen.items()}
        for label, v in values.items():
            merged.setdefault(label, set()).update(v)
        self._patients[key] = merged
        while len(self._patients) > self.patient_cache_size:
            self._patients.popitem(last=False)
        return merged

    # ------------------------------------------------------------------ running

    def find(self, doc: Doc, values: Dict[str, Set[str]]) -> List[Tuple[int, int, str]]:
        known = {label: sorted(v) for label, v in values.items()}
        found = [(s.start, s.end, s.label_) for s in self.finder.find(doc, self.finder.build_index(known))]
        for label in NAME_LABELS:
            for letters in defined_initials(doc.text, values.get(label, ())):
                found += _standing(doc, r"(?<![\w/.])" + re.escape(letters), label, "expand")
        if self.initialisms:
            for label in INITIALISM_LABELS:
                for abbr in {initialism(v) for v in values.get(label, ())} - {None}:
                    found += _standing(doc, r"(?<![\w])" + re.escape(abbr), label, "strict")
        return found

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        values = self._with_patient(doc, self.values(spans))
        if not values:
            return doc
        # doc.ents follow the voter's choice: rewritten only where they hold the PHI spans.
        ents_are_phi = {(e.start, e.end, e.label_) for e in doc.ents} == {
            (s.start, s.end, s.label_) for s in spans}
        merged = self.merge(doc, spans, self.find(doc, values))
        doc.spans[self.spans_key] = merged
        if self.write_ents and ents_are_phi:
            doc.ents = merged
        return doc

    @staticmethod
    def merge(doc: Doc, spans: List[Span], found: List[Tuple[int, int, str]]) -> List[Span]:
        """Add found occurrences that overlap nothing, widen same-label spans they cover."""
        taken: List[Tuple[int, int, str, Tuple[str, ...], Optional[float]]] = [
            (s.start, s.end, s.label_, tuple(s._.deid_sources or ()), s._.deid_score) for s in spans
        ]
        # Longest first, so "John Smith" wins over its part "Smith" at the same place.
        for start, end, label in sorted(set(found), key=lambda f: (f[0] - f[1], f[0], f[2])):
            hits = [t for t in taken if t[0] < end and start < t[1]]
            if not hits:
                taken.append((start, end, label, (SOURCE,), None))
                continue
            if all(t[2] == label for t in hits):
                lo, hi = min([start] + [t[0] for t in hits]), max([end] + [t[1] for t in hits])
                if (lo, hi) == (hits[0][0], hits[0][1]) and len(hits) == 1:
                    continue  # already covered exactly or from inside
                sources = sorted({s for t in hits for s in t[3]} | {SOURCE})
                scores = [t[4] for t in hits if t[4] is not None]
                taken = [t for t in taken if t not in hits]
                taken.append((lo, hi, label, tuple(sources), max(scores) if scores else None))
        out = []
        for start, end, label, sources, score in sorted(taken):
            span = Span(doc, start, end, label=label)
            span._.deid_sources = sources
            span._.deid_score = score
            out.append(span)
        return out
