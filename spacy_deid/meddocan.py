"""MEDDOCAN's own labels in es_deid: ``deid_native_voter``, the voter for pipelines that
predict a corpus's native label set.

Why. The MEDDOCAN shared task scores exact labels, and the schema cannot hold them all: it
merges some (a patient and a relative are both PATIENT, HOSPITAL and CENTRO_SALUD are both
HOSPITAL) and has no type for two (SEXO_SUJETO_ASISTENCIA, OTROS_SUJETO_ASISTENCIA). So
es_deid's NER detectors are trained on MEDDOCAN labels (corpora converted with label set
``meddocan_native``) while its rule detectors, shared with every language, emit schema labels.

What this voter does. It is :class:`~spacy_deid.voter.Voter` (same safe-sentence filter, vote
thresholds, same-label union, conflict resolution), run in the *native* label space:

1. Every claim's label must be a label of the configured label set (a trained detector) or a
   schema label that ``from_schema`` sends into it (a rule detector: DATE -> FECHAS, ZIP ->
   TERRITORIO...). Any other label raises, as in the schema voter: a detector emitting a
   label the pipeline does not know is a bug. ``label_priority`` and ``thresholds`` must be
   native labels.
2. Votes, unions and type conflicts are decided on native labels (``label_priority`` defaults
   to :data:`spacy_deid.schema.MEDDOCAN_PRIORITY`).
3. Output, two views of the same decisions:

   - ``doc.spans["phi.meddocan"]`` (``native_key``): every resulting span with its native
     label, SEXO_SUJETO_ASISTENCIA and OTROS_SUJETO_ASISTENCIA included. This is what the
     MEDDOCAN evaluation and the BRAT writer read.
   - ``doc.spans["phi"]`` and ``doc.ents``: the spans whose native label has a schema type,
     labelled with that type (TERRITORIO that is a five-digit postal code becomes ZIP), so
     the surrogates, the runner and everything downstream see schema labels as everywhere
     else. ``span._.deid_native_label`` keeps the native label (Span extensions are keyed by
     offsets, so the span in either group has it), with ``deid_sources`` and ``deid_score``.

   Spans without a schema type (sex, other patient details) are *not* PHI in the schema
   (HIPAA and i2b2 2014 do not count them): they are found and scored, and left in the clear
   by the surrogates. A site that must remove them reads ``phi.meddocan``.

The group key ``phi.meddocan`` does not start with ``deid.``, so no voter reads it back.
"""
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import schema
from .extensions import install_extensions
from .voter import SAFE_KEY, Voter, _Claim

NATIVE_LABEL_ATTR = "deid_native_label"
NATIVE_KEY = "phi.meddocan"
_POSTAL_CODE = re.compile(r"\d{5}")
_TRAILING_SEPARATORS = {",", ";", ":", "-", "(", "–", "..", "..."}
# Titles before a name: MEDDOCAN's name spans start after them ("Dr. <Pablo Garrido Abad>").
_TITLES = {"dr", "dr.", "dra", "dra.", "doctor", "doctora", "sr", "sr.", "sra", "sra.",
           "don", "doña", "dña", "dña.", "prof", "prof.", "profesor", "profesora"}
_NAME_LABELS = {"NOMBRE_SUJETO_ASISTENCIA", "NOMBRE_PERSONAL_SANITARIO"}


def _end_before_separators(doc: Doc, start: int, end: int) -> int:
    """``end`` moved back over trailing separators and whitespace tokens."""
    while end > start and (doc[end - 1].text in _TRAILING_SEPARATORS or doc[end - 1].is_space):
        end -= 1
    return end


def install_native_extension() -> None:
    install_extensions()
    if not Span.has_extension(NATIVE_LABEL_ATTR):
        Span.set_extension(NATIVE_LABEL_ATTR, default=None)


@Language.factory(
    "deid_native_voter",
    assigns=["doc.ents", "doc.spans"],
    default_config={
        "spans_key": "phi",
        "native_key": NATIVE_KEY,
        "label_set": "meddocan_native",
        "from_schema": dict(schema.MEDDOCAN_FROM_SCHEMA),
        "source_prefix": "deid.",
        "exclude": [SAFE_KEY],
        "trusted_sources": ["known"],
        "threshold": 1,
        "thresholds": {},
        "label_priority": list(schema.MEDDOCAN_PRIORITY),
        "write_ents": True,
        "merge_touching": False,
        "trim_punct": True,
        "rule_sources": ["patterns"],
        "split_postal_codes": True,
        "scorer": {"@scorers": "spacy_deid.phi_scorer.v1"},
    },
    default_score_weights={"phi_f": 0.5, "phi_binary_r": 0.5, "phi_p": None, "phi_r": None},
)
def make_native_voter(
    nlp: Language,
    name: str,
    spans_key: str,
    native_key: str,
    label_set: str,
    from_schema: Dict[str, str],
    source_prefix: str,
    exclude: List[str],
    trusted_sources: List[str],
    threshold: int,
    thresholds: Dict[str, int],
    label_priority: List[str],
    write_ents: bool,
    merge_touching: bool,
    trim_punct: bool,
    rule_sources: List[str],
    split_postal_codes: bool,
    scorer: Optional[object],
) -> "NativeVoter":
    """The voter in a native label set: see the module docstring.

    label_set: a registered :class:`~spacy_deid.schema.NativeLabelSet` ("meddocan_native").
    from_schema: schema label -> native label, for claims of schema-labelled detectors.
    native_key: the span group for the native-labelled result.
    merge_touching: also join same-label claims that touch without overlapping (the schema
        voter does). Off by default: MEDDOCAN annotates adjacent PHI of one label as
        separate spans ("28036" "Madrid", two e-mail addresses in a row), and joining them
        would change what is replaced as one value.
    trim_punct: drop punctuation tokens a claim starts with, and separators (",", ";", ":",
        "-", "(") it ends with, before voting, and titles ("Dr.", "Doctora", "Sra.") a name
        claim starts with. MEDDOCAN spans never start with punctuation, (one in 11,333 in
        train) never end with a separator, and leave titles out of names, while an NER
        detector sometimes takes the comma after a name or the title before it. Whitespace
        tokens at either end and a trailing ".." ("4 izq..", 11 of 17 such train spans stop
        before it) are dropped too.
    rule_sources: detectors whose label wins a type conflict against an equal number of
        votes (before ``label_priority``): a rule's label comes from a checked shape
        ("en 1993 y 1994" is a date, whatever a CNN that mistakes years for phone numbers
        says).
    split_postal_codes: a CALLE span ending in a five-digit postal code ("Avda. Gaspar
        Aguilar, 90 - 46017") becomes CALLE + TERRITORIO: MEDDOCAN train annotates 797
        postal codes as TERRITORIO of their own and 3 inside a street.
    """
    return NativeVoter(
        name=name, spans_key=spans_key, native_key=native_key, label_set=label_set,
        from_schema=from_schema, source_prefix=source_prefix, exclude=exclude,
        trusted_sources=trusted_sources, threshold=threshold, thresholds=thresholds,
        label_priority=label_priority, write_ents=write_ents, merge_touching=merge_touching,
        trim_punct=trim_punct, rule_sources=rule_sources,
        split_postal_codes=split_postal_codes, scorer=scorer,
    )


class NativeVoter(Voter):
    """The schema voter's decisions, taken on a native label set; two output groups."""

    def __init__(
        self,
        name: str = "deid_native_voter",
        *,
        spans_key: str = "phi",
        native_key: str = NATIVE_KEY,
        label_set: str = "meddocan_native",
        from_schema: Optional[Dict[str, str]] = None,
        source_prefix: str = "deid.",
        exclude: Iterable[str] = (SAFE_KEY,),
        trusted_sources: Iterable[str] = ("known",),
        threshold: int = 1,
        thresholds: Optional[Dict[str, int]] = None,
        label_priority: Sequence[str] = schema.MEDDOCAN_PRIORITY,
        write_ents: bool = True,
        merge_touching: bool = False,
        trim_punct: bool = True,
        rule_sources: Iterable[str] = ("patterns",),
        split_postal_codes: bool = True,
        scorer: Optional[object] = None,
    ) -> None:
        install_native_extension()
        self.merge_touching = merge_touching
        self.trim_punct = trim_punct
        self.split_postal_codes = split_postal_codes
        ls = schema.get_label_set(label_set)
        if not isinstance(ls, schema.NativeLabelSet):
            native = [n for n in schema.label_set_names()
                      if isinstance(schema.get_label_set(n), schema.NativeLabelSet)]
            raise ValueError(
                f"deid_native_voter: label set {label_set!r} is not a native label set "
                f"(known native sets: {', '.join(native)})"
            )
        self.label_set = ls
        from_schema = dict(schema.MEDDOCAN_FROM_SCHEMA if from_schema is None else from_schema)
        for source, target in from_schema.items():
            schema.get_type(source)
            self._native(target, "from_schema")
        self.from_schema = {k: self._native(v, "from_schema") for k, v in from_schema.items()}
        thresholds = {self._native(k, "thresholds"): n for k, n in (thresholds or {}).items()}
        priority = [self._native(label, "label_priority") for label in label_priority]
        # The schema voter validates priority and thresholds as schema labels: give it none,
        # then set the native ones.
        super().__init__(
            name, spans_key=spans_key, source_prefix=source_prefix, exclude=exclude,
            trusted_sources=trusted_sources, drop_function_words=False,  # English lists
            shape_guards=False, rule_sources=rule_sources,
            threshold=threshold, thresholds={},
            label_priority=(), write_ents=write_ents, scorer=scorer,
        )
        self.thresholds = thresholds
        self.rank = {label: i for i, label in enumerate(priority)}
        self.native_key = native_key
        if native_key.startswith(source_prefix):
            raise ValueError(
                f"deid_native_voter: native_key {native_key!r} starts with the source prefix "
                f"{source_prefix!r}: the voter would read its own output"
            )

    def _native(self, label: str, where: str) -> str:
        if label not in self.label_set:
            raise ValueError(
                f"deid_native_voter: {where} label {label!r} is not in label set "
                f"{self.label_set.name!r}"
            )
        return self.label_set.to_schema(label)  # the canonical native spelling

    def claim_label(self, label: str) -> str:
        """A claim's native label: its own if native, else through ``from_schema``."""
        if label in self.label_set:
            return self.label_set.to_schema(label)
        if label in self.from_schema:
            return self.from_schema[label]
        # A detector emitting a label the pipeline does not know is a bug.
        raise ValueError(
            f"deid_native_voter: a detector emitted label {label!r}, which is neither in "
            f"label set {self.label_set.name!r} nor a schema label mapped by from_schema"
        )

    def trim(self, doc: Doc, start: int, end: int, label: str = ""):
        if not self.trim_punct:
            return start, end
        while start < end and (
            doc[start].is_punct or (label in _NAME_LABELS and doc[start].lower_ in _TITLES)
        ):
            start += 1
        end = _end_before_separators(doc, start, end)
        while start < end and doc[start].is_space:
            start += 1
        return start, end

    def _preference(self, claim: _Claim) -> Tuple[int, int, int, int]:
        votes, rank, length = super()._preference(claim)
        return (votes, 0 if claim.sources & self.rule_sources else 1, rank, length)

    def vote(self, doc: Doc) -> List[_Claim]:
        claims = super().vote(doc)
        if not self.split_postal_codes:
            return claims
        out: List[_Claim] = []
        for claim in claims:
            out.extend(self._split_postal_code(doc, claim))
        return out

    def _split_postal_code(self, doc: Doc, claim: _Claim) -> List[_Claim]:
        """CALLE "street ... 46017" -> CALLE "street" + TERRITORIO "46017"."""
        if claim.label != "CALLE" or not _POSTAL_CODE.fullmatch(doc[claim.end - 1].text):
            return [claim]
        end = _end_before_separators(doc, claim.start, claim.end - 1)
        if end == claim.start:
            return [claim]
        street = _Claim(claim.start, end, "CALLE", set(claim.sources), claim.score)
        code = _Claim(claim.end - 1, claim.end, "TERRITORIO", set(claim.sources), claim.score)
        return [street, code]

    def schema_label(self, native: str, text: str) -> Optional[str]:
        target = self.label_set.schema_type(native)
        if target == "CITY" and _POSTAL_CODE.fullmatch(text.strip()):
            return "ZIP"
        return target

    def __call__(self, doc: Doc) -> Doc:
        native, phi = [], []
        for claim in self.vote(doc):
            span = Span(doc, claim.start, claim.end, label=claim.label)
            span._.deid_sources = tuple(sorted(claim.sources))
            span._.deid_score = claim.score
            span._.set(NATIVE_LABEL_ATTR, claim.label)
            native.append(span)
            target = self.schema_label(claim.label, span.text)
            if target is not None:
                phi.append(Span(doc, claim.start, claim.end, label=target))
        doc.spans[self.native_key] = native
        doc.spans[self.spans_key] = phi
        if self.write_ents:
            doc.ents = phi
        return doc
