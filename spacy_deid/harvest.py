"""Harvest inclusion-list sentences and sentence templates from a corpus of notes.

As in the seed method: sentences that recur verbatim across many notes and never hold PHI
("No known drug allergies.", "Rubella: Yes") become inclusion-list candidates; sentences
that recur with PHI in the same places become templates whose slots are the PHI
("Electronically signed by: <DOCTOR> on <DATE> at <TIME>").

PHI comes from gold annotations when given (best) or from the pipeline's own detections.
Privacy: a candidate must occur in at least ``min_docs`` different documents, and an
inclusion candidate must hold no digit (a digit in a frequent sentence is more often a
missed identifier than boilerplate); output files hold only such frequent text.
"""
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.language import Language

from .inclusion import normalize_sentence

_SPACE = re.compile(r"\s+")
_TIME = re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?![\w:])")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass
class Harvest:
    safe: Counter = field(default_factory=Counter)
    safe_docs: Dict[str, Set[str]] = field(default_factory=lambda: defaultdict(set))
    templates: Counter = field(default_factory=Counter)
    template_docs: Dict[str, Set[str]] = field(default_factory=lambda: defaultdict(set))
    n_docs: int = 0
    n_sentences: int = 0

    def inclusion_candidates(self, min_count: int, min_docs: int) -> List[Tuple[str, int, int]]:
        out = [
            (s, n, len(self.safe_docs[s]))
            for s, n in self.safe.items()
            if n >= min_count and len(self.safe_docs[s]) >= min_docs and not any(c.isdigit() for c in s)
            and _WORD.search(s)
        ]
        return sorted(out, key=lambda x: (-x[1], x[0]))

    def template_candidates(self, min_count: int, min_docs: int) -> List[Tuple[str, int, int]]:
        out = [
            (t, n, len(self.template_docs[t]))
            for t, n in self.templates.items()
            if n >= min_count and len(self.template_docs[t]) >= min_docs
        ]
        return sorted(out, key=lambda x: (-x[1], x[0]))


def make_template(text: str, start: int, spans: Sequence[Tuple[int, int, str]]) -> Optional[str]:
    """The sentence with its PHI spans replaced by <LABEL>; None if too little text is left."""
    pieces, cursor = [], 0
    for s, e, label in sorted(spans):
        s, e = max(s - start, 0), min(e - start, len(text))
        if s < cursor:
            continue
        pieces.append(text[cursor:s])
        pieces.append(f"<{label}>")
        cursor = e
    pieces.append(text[cursor:])
    # Times are not PHI but differ in every signature line: they become a <TIME> slot.
    template = _TIME.sub("<TIME>", _SPACE.sub(" ", "".join(pieces)).strip())
    literal = re.sub(r"<[A-Z_]+>", " ", template)
    if len(_WORD.findall(literal)) < 2 or any(c.isdigit() for c in literal):
        return None
    return template


def harvest(
    nlp: Language,
    notes: Iterable[Tuple[str, str, Optional[List[Tuple[int, int, str]]]]],
    *,
    batch_size: int = 32,
) -> Harvest:
    """Count sentences over ``(doc_id, text, gold_spans_or_None)`` notes.

    Without gold spans, the pipeline's ``doc.spans["phi"]`` are the PHI.
    """
    result = Harvest()
    notes = list(notes)
    docs = nlp.pipe((text for _, text, _ in notes), batch_size=batch_size)
    for (doc_id, text, gold), doc in zip(notes, docs):
        result.n_docs += 1
        if gold is None:
            gold = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get("phi", [])]
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            result.n_sentences += 1
            start, end = sent.start_char, sent.end_char
            inside = [g for g in gold if g[0] < end and start < g[1]]
            if not inside:
                key = normalize_sentence(sent.text)
                if key:
                    result.safe[key] += 1
                    result.safe_docs[key].add(doc_id)
            else:
                template = make_template(sent.text, start, inside)
                if template:
                    result.templates[template] += 1
                    result.template_docs[template].add(doc_id)
    return result
