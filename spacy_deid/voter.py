"""deid_voter: joins every detector's claims into the final PHI spans.

Detectors write only to their own span group ``deid.<name>``. The voter reads them all and
decides, in this order:

1. **Safe sentences.** Claims inside a sentence that ``deid_inclusion`` marked safe
   (``deid.safe``) are dropped, unless they come from a trusted source (by default
   ``known``: values known for this patient are always PHI).
   **Case-blind claims.** A detector that sees the note lower-cased (``case_blind_sources``,
   by default ``ner.names_lower``) is there for notes whose case says nothing (all lower or
   all upper case). Its claim on all-lower-case words inside a sentence that does use capitals
   ("Pt seen today" with "Pt" capitalised) contradicts the note's own casing; such a claim is
   dropped unless another source votes for it. ``case_blind_scope = "mixed_case_sentences"``
   goes further for precision: every case-blind claim in a sentence that mixes lower and
   upper case is dropped before voting (it neither votes nor widens another claim), so the
   detector speaks only where casing says nothing.
   **Function words.** A claim made only of English closed-class words ("She", "had", "the",
   "of") is dropped (``drop_function_words``): no PHI value consists of pronouns, articles,
   auxiliaries, prepositions and conjunctions alone, while a CNN detector that meets a
   sentence unlike its training notes sometimes tags them ("She" as a city). Names that are
   also words ("Will", "May", "Bill") are not in the list.
2. **Votes.** Overlapping or touching claims with the same label form a cluster; the cluster
   is kept if at least ``threshold`` distinct sources voted for it (default 1: recall first,
   one vote is enough; set per label with ``thresholds``).
3. **Union.** A kept cluster becomes one span covering all its claims ("John" + "Smith" from
   two detectors becomes "John Smith").
4. **Type conflicts.** Overlapping spans of different labels become one span covering their
   union (no PHI character is given up), labelled by the cluster with the most votes, then by
   ``label_priority``, then by the longer span. Votes of ``weak_label_sources`` (by default
   ``name_lists``, which knows that a word is a name but guesses whose) do not count here, so
   any other detector's label wins.

**Shape guards** (``shape_guards``, :mod:`spacy_deid.guards`), on claims of sources that are
neither trusted nor rules (``rule_sources``): a name claim keeps only its name-shaped tokens
(and may split), a place claim loses edge words no place starts or ends with, noise ("zzzz",
"?") and claims without the characters their label needs ("Spoke" as an IP address) are
dropped; after voting, a claim made only of plain words ("Guidelines", "Referred",
"Best practices") or a bare number of up to four digits as a phone or ID needs
``plain_votes`` sources or a rule.

The default priority puts validated shapes (contacts, IDs) before dates and ages, those before
names, and names before places: a shape-checked identifier is the most reliable claim, and a
name is more harmful to get wrong than a place. The result goes to ``doc.spans["phi"]`` and
``doc.ents``; every span records its voters in ``span._.deid_sources`` and the best detector
score, where any detector gave one, in ``span._.deid_score``.
"""

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import schema
from .extensions import install_extensions
from . import guards
from .known_phi import CLINICAL_ABBREVIATIONS
from .lexicon import is_occupation_word, plain_words

DEFAULT_PRIORITY: Tuple[str, ...] = (
    "EMAIL", "URL", "IPADDR", "SSN", "PHONE", "FAX", "MEDICALRECORD", "HEALTHPLAN",
    "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "BIOID", "IDNUM", "DATE", "AGE",
    "PATIENT", "DOCTOR", "USERNAME", "STREET", "ZIP", "CITY", "STATE", "COUNTRY",
    "HOSPITAL", "ORGANIZATION", "DEPARTMENT", "ROOM", "LOCATION_OTHER", "PROFESSION",
)
SAFE_KEY = "deid.safe"
# English closed-class words (pronouns, articles, auxiliaries, prepositions, conjunctions),
# lower case. Modal verbs and words that are also given names or months ("will", "may",
# "can", "bill", "june") and quantifiers that are also surnames ("Each", "Every") are left out
# on purpose: a claim on them may be a real name.
FUNCTION_WORDS_EN = frozenset("""
i me my mine myself you your yours yourself he him his himself she her hers herself it its
itself we us our ours ourselves they them their theirs themselves who whom whose which what
this that these those the a an not nor and or but if then than so as
of in on at to for with from by about into onto over under after before during without
within through between against upon via per is are was were be been being am has have had
having do does did doing done shall should would could must
""".split())


@Language.factory(
    "deid_voter",
    assigns=["doc.ents", "doc.spans"],
    default_config={
        "spans_key": "phi",
        "source_prefix": "deid.",
        "exclude": [SAFE_KEY],
        "trusted_sources": ["known"],
        "case_blind_sources": ["ner.names_lower"],
        "case_blind_scope": "lowercase_claims",
        "drop_function_words": True,
        "shape_guards": True,
        "rule_sources": ["patterns", "known", "templates"],
        "plain_words": 15000,
        "plain_votes": 2,
        "weak_label_sources": ["name_lists"],
        "threshold": 1,
        "thresholds": {},
        "label_priority": list(DEFAULT_PRIORITY),
        "write_ents": True,
        "scorer": {"@scorers": "spacy_deid.phi_scorer.v1"},
    },
    default_score_weights={"phi_f": 0.5, "phi_binary_r": 0.5, "phi_p": None, "phi_r": None},
)
def make_voter(
    nlp: Language,
    name: str,
    spans_key: str,
    source_prefix: str,
    exclude: List[str],
    trusted_sources: List[str],
    case_blind_sources: List[str],
    case_blind_scope: str,
    drop_function_words: bool,
    shape_guards: bool,
    rule_sources: List[str],
    plain_words: int,
    plain_votes: int,
    weak_label_sources: List[str],
    threshold: int,
    thresholds: Dict[str, int],
    label_priority: List[str],
    write_ents: bool,
    scorer: Optional[object],
) -> "Voter":
    return Voter(
        name=name,
        spans_key=spans_key,
        source_prefix=source_prefix,
        exclude=exclude,
        trusted_sources=trusted_sources,
        case_blind_sources=case_blind_sources,
        case_blind_scope=case_blind_scope,
        drop_function_words=drop_function_words,
        shape_guards=shape_guards,
        rule_sources=rule_sources,
        plain_words=plain_words,
        plain_votes=plain_votes,
        weak_label_sources=weak_label_sources,
        threshold=threshold,
        thresholds=thresholds,
        label_priority=label_priority,
        write_ents=write_ents,
        scorer=scorer,
    )


def _context_words(span: Span) -> List[Token]:
    """Words of two letters or more in the span's sentence (without sentences, the Doc)."""
    context = span.sent if span.doc.has_annotation("SENT_START") else span.doc
    return [t for t in context if t.is_alpha and len(t) > 1]


def _against_casing(span: Span) -> bool:
    """All-lower-case words in a sentence that uses capitals."""
    if not all(t.is_lower for t in span if t.is_alpha):
        return False
    return any(t.is_title or t.is_upper for t in _context_words(span))


def _in_mixed_case_sentence(span: Span) -> bool:
    """The claim's sentence has both lower-case and capitalised words."""
    return guards.mixed_case(span.doc, span.start)


CASE_BLIND_SCOPES = ("lowercase_claims", "mixed_case_sentences")


def _only_function_words(span: Span) -> bool:
    """Every word a closed-class word of three or more letters, not in capitals: "AS", "IS",
    "do" and "ME" are sign-off initials and state codes (all PHI in the synthetic corpus)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return bool(words) and all(
        t.lower_ in FUNCTION_WORDS_EN and len(t) >= 3 and not t.is_upper for t in words
    )


class _Claim:
    __slots__ = ("start", "end", "label", "sources", "score", "case_blind")

    def __init__(self, start: int, end: int, label: str, sources: set, score: Optional[float]):
        self.start = start
        self.end = end
        self.label = label
        self.sources = sources
        self.score = score
        self.case_blind = False

    def absorb(self, other: "_Claim") -> None:
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
        self.case_blind = self.case_blind and other.case_blind
        self.sources |= other.sources
        if other.score is not None:
            self.score = other.score if self.score is None else max(self.score, other.score)


class Voter:
    """Union with provenance, safe-sentence filtering, vote thresholds, overlap resolution."""

    # Join same-label claims that only touch ("John" + "Smith"); a subclass may not.
    merge_touching = True

    def __init__(
        self,
        name: str = "deid_voter",
        *,
        spans_key: str = "phi",
        source_prefix: str = "deid.",
        exclude: Iterable[str] = (SAFE_KEY,),
        trusted_sources: Iterable[str] = ("known",),
        case_blind_sources: Iterable[str] = ("ner.names_lower",),
        case_blind_scope: str = "lowercase_claims",
        drop_function_words: bool = True,
        shape_guards: bool = True,
        rule_sources: Iterable[str] = ("patterns", "known", "templates"),
        plain_words: int = 15000,
        plain_votes: int = 2,
        weak_label_sources: Iterable[str] = ("name_lists",),
        threshold: int = 1,
        thresholds: Optional[Dict[str, int]] = None,
        label_priority: Sequence[str] = DEFAULT_PRIORITY,
        write_ents: bool = True,
        scorer: Optional[object] = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.spans_key = spans_key
        self.source_prefix = source_prefix
        self.exclude = set(exclude)
        self.trusted_sources = set(trusted_sources)
        self.case_blind_sources = set(case_blind_sources)
        if case_blind_scope not in CASE_BLIND_SCOPES:
            raise ValueError(
                f"deid_voter: case_blind_scope must be one of {list(CASE_BLIND_SCOPES)}, "
                f"not {case_blind_scope!r}"
            )
        self.case_blind_scope = case_blind_scope
        self.drop_function_words = drop_function_words
        self.shape_guards = shape_guards
        self.rule_sources = set(rule_sources)
        self.n_plain_words = plain_words
        self.plain_votes = plain_votes
        self.weak_label_sources = set(weak_label_sources)
        self._plain: Optional[frozenset] = None
        if threshold < 1:
            raise ValueError(f"deid_voter: threshold must be >= 1, got {threshold}")
        self.threshold = threshold
        self.thresholds = dict(thresholds or {})
        for label in self.thresholds:
            schema.get_type(label)
        for label in label_priority:
            schema.get_type(label)
        # Labels missing from a user's priority list rank after every listed one.
        self.rank = {label: i for i, label in enumerate(label_priority)}
        self.write_ents = write_ents
        self.scorer = scorer

    def source_keys(self, doc: Doc) -> List[str]:
        return sorted(
            key
            for key in doc.spans
            if key.startswith(self.source_prefix) and key not in self.exclude
        )

    def claim_label(self, label: str) -> str:
        """The label a claim votes with; a detector emitting a non-schema label is a bug."""
        schema.get_type(label)
        return label

    def trim(self, doc: Doc, start: int, end: int, label: str) -> Tuple[int, int]:
        """Token bounds of a claim (subclasses may trim titles or punctuation)."""
        return start, end

    def vote(self, doc: Doc) -> List[_Claim]:
        """Every detector's claims, filtered, voted, merged and resolved (steps 1-4 above)."""
        safe = self._safe_token_mask(doc)
        claims: List[_Claim] = []
        for key in self.source_keys(doc):
            source = key[len(self.source_prefix):]
            trusted = source in self.trusted_sources
            guarded = self.shape_guards and not trusted and source not in self.rule_sources
            for span in doc.spans[key]:
                if not trusted and safe and all(safe[i] for i in range(span.start, span.end)):
                    continue
                label = self.claim_label(span.label_)
                start, end = self.trim(doc, span.start, span.end, label)
                if start >= end:
                    continue
                if self.drop_function_words and not trusted and _only_function_words(
                    doc[start:end]
                ):
                    continue
                if self.shape_guards and not trusted and guards.is_noise(doc[start:end]):
                    continue  # "zzzz", "?", a template slot filled with "___"
                if source in self.case_blind_sources:
                    if self.case_blind_scope == "mixed_case_sentences" and _in_mixed_case_sentence(span):
                        continue
                    case_blind = self.case_blind_scope != "mixed_case_sentences" and _against_casing(span)
                else:
                    case_blind = False
                if guarded:
                    pieces = self._shape(doc, start, end, label)
                elif self.shape_guards and not trusted and label in guards.NAME_LABELS:
                    pieces = [(*guards.trim_name_edges(doc, start, end), label)]  # a rule's too
                else:
                    pieces = [(start, end, label)]
                for s, e, lab in pieces:
                    if s >= e:
                        continue
                    claim = _Claim(s, e, lab, {source}, span._.deid_score)
                    claim.case_blind = case_blind
                    claims.append(claim)
        kept = [c for c in self._merge_same_label(claims) if self._passes(c, doc)]
        return self._resolve_conflicts(kept)

    def plain(self) -> frozenset:
        if self._plain is None:
            self._plain = plain_words("en", self.n_plain_words)
        return self._plain

    def _shape(self, doc: Doc, start: int, end: int, label: str) -> List[Tuple[int, int, str]]:
        """A detector's claim cut to what its label can be made of (``spacy_deid.guards``);
        an identifier under a label it cannot have is kept as IDNUM (recall first)."""
        text = doc[start:end].text
        if not guards.fits_label(label, text):
            return [(start, end, "IDNUM")] if guards.id_like(text) else []
        mixed = guards.mixed_case(doc, start)
        if label in guards.NAME_LABELS:
            pieces = guards.name_pieces(doc, start, end, mixed)
        elif label in guards.PLACE_LABELS:
            s, e = guards.trim_place(doc, start, end, mixed, self.plain())
            pieces = [(s, e)] if s < e else []
        else:
            pieces = [(start, end)]
        return [(s, e, label) for s, e in pieces if not guards.is_abbreviation(doc, s, e, label, mixed)]

    def _guarded_out(self, claim: _Claim, doc: Doc) -> bool:
        """A claim of ordinary words, or a bare short number, that only one detector made and
        no rule supports (``spacy_deid.guards``)."""
        if claim.sources & (self.rule_sources | self.trusted_sources):
            return False
        span = doc[claim.start:claim.end]
        if (claim.label in guards.NUMBER_LABELS or claim.label == "ROOM") and claim.label != "SSN" \
                and guards.is_short_number(span):
            return True  # "1400", "0722": clock times; a room number comes with its context word
        if len(claim.sources) >= self.plain_votes or claim.label == "DATE":
            return False  # a date claim has passed its shape test ("since october")
        if claim.label in ("CITY", "STATE", "COUNTRY", "LOCATION_OTHER") and all(
                t.is_title for t in span if t.is_alpha) and not span[0].is_sent_start:
            return False  # a place name in title case inside a sentence ("from Lexington")
        if claim.label == "PROFESSION":
            # Occupations are ordinary words ("nurse", "welder"): one needs an occupation word.
            return not any(is_occupation_word(t.text) for t in span if t.is_alpha)
        if guards.is_proper_name(span, guards.mixed_case(doc, claim.start), claim.label):
            return False  # "Sinai Valley Medical Center": capitalised words, in mixed-case text
        return guards.is_plain(span, self.plain(), CLINICAL_ABBREVIATIONS) and not (
            claim.label in guards.NAME_LABELS and guards.in_name_context(doc, claim.start, claim.end)
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for claim in self.vote(doc):
            span = Span(doc, claim.start, claim.end, label=claim.label)
            span._.deid_sources = tuple(sorted(claim.sources))
            span._.deid_score = claim.score
            spans.append(span)
        doc.spans[self.spans_key] = spans
        if self.write_ents:
            doc.ents = spans
        return doc

    def _safe_token_mask(self, doc: Doc) -> List[bool]:
        if SAFE_KEY not in doc.spans or not len(doc.spans[SAFE_KEY]):
            return []
        mask = [False] * len(doc)
        for span in doc.spans[SAFE_KEY]:
            for i in range(span.start, span.end):
                mask[i] = True
        return mask

    def _passes(self, claim: _Claim, doc: Doc) -> bool:
        if claim.case_blind and claim.sources <= self.case_blind_sources:
            return False
        if self.shape_guards and self._guarded_out(claim, doc):
            return False
        need = self.thresholds.get(claim.label, self.threshold)
        return len(claim.sources) >= need or bool(claim.sources & self.trusted_sources)

    def _merge_same_label(self, claims: List[_Claim]) -> List[_Claim]:
        """Merge overlapping (and, with ``merge_touching``, touching) claims of one label."""
        by_label: Dict[str, List[_Claim]] = {}
        for claim in claims:
            by_label.setdefault(claim.label, []).append(claim)
        merged: List[_Claim] = []
        for group in by_label.values():
            group.sort(key=lambda c: (c.start, c.end))
            current = group[0]
            for claim in group[1:]:
                if claim.start < current.end or (self.merge_touching and claim.start == current.end):
                    current.absorb(claim)
                else:
                    merged.append(current)
                    current = claim
            merged.append(current)
        return merged

    def _preference(self, claim: _Claim) -> Tuple[int, int, int]:
        return (
            -len(claim.sources - self.weak_label_sources),
            self.rank.get(claim.label, len(self.rank)),
            -(claim.end - claim.start),
        )

    def _resolve_conflicts(self, claims: List[_Claim]) -> List[_Claim]:
        """Overlapping clusters of different labels become one span, labelled by preference."""
        claims.sort(key=lambda c: (c.start, c.end))
        resolved: List[_Claim] = []
        component: List[_Claim] = []
        end = -1
        for claim in claims + [None]:  # type: ignore[list-item]
            if claim is not None and component and claim.start < end:
                component.append(claim)
                end = max(end, claim.end)
                continue
            if component:
                best = min(component, key=self._preference)
                out = _Claim(best.start, best.end, best.label, set(best.sources), best.score)
                for other in component:
                    out.absorb(other)
                resolved.append(out)
            if claim is not None:
                component = [claim]
                end = claim.end
        return resolved
