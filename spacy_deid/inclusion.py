"""deid_inclusion: marks sentences known to be PHI-free as safe.

Clinical notes repeat a great deal of boilerplate: section headers, template questions
("Rubella: Yes"), standard attestations. A sentence whose normalised form is on the inclusion
list cannot contain PHI, so claims inside it are false positives (the voter drops them,
except from trusted sources). This is the seed method's inclusion list; `spacy-deid harvest`
proposes entries from a corpus.

Normalisation: case-folded, runs of whitespace collapsed, leading list markers and trailing
whitespace, periods and semicolons removed. Digits are kept: "Rubella: Yes" is safe, but nothing that changes with a
number is. The default English list ships in ``spacy_deid/data/inclusion_en.txt``; users add
their own lists through ``[initialize.components.deid_inclusion]`` and they are saved with the
pipeline by ``to_disk``.
"""

import re
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Set, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

SAFE_KEY = "deid.safe"
SAFE_LABEL = "SAFE"
DATA_DIR = Path(__file__).parent / "data"
_SPACE = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^(?:[-*\u2022]|\d{1,2}[.)])\s+")
_TRAILING = re.compile(r"[\s.;]+$")


def normalize_sentence(text: str) -> str:
    """The inclusion list's key for a sentence."""
    text = _SPACE.sub(" ", text).strip().casefold()
    return _TRAILING.sub("", _LIST_MARKER.sub("", text))


def default_list_path(lang: str) -> Path:
    return DATA_DIR / f"inclusion_{lang}.txt"


def read_list(path: Union[str, Path]) -> List[str]:
    """One sentence per line; blank lines and lines starting with '#' are ignored."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"deid_inclusion: inclusion list {path} does not exist")
    entries = []
    with path.open(encoding="utf8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.append(line)
    return entries


@Language.factory(
    "deid_inclusion",
    assigns=[f"doc.spans"],
    requires=["token.is_sent_start"],
    default_config={"spans_key": SAFE_KEY},
)
def make_inclusion(nlp: Language, name: str, spans_key: str) -> "InclusionList":
    return InclusionList(nlp, name, spans_key=spans_key)


class InclusionList:
    """Writes every sentence on the inclusion list to ``doc.spans["deid.safe"]``."""

    def __init__(self, nlp: Language, name: str = "deid_inclusion", *, spans_key: str = SAFE_KEY):
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.entries: Set[str] = set()

    def initialize(
        self,
        get_examples: Optional[Callable[[], Iterable[Example]]] = None,
        *,
        nlp: Optional[Language] = None,
        include_default: bool = True,
        lists: Iterable[str] = (),
        sentences: Iterable[str] = (),
    ) -> None:
        """Load the default list for the language and any user lists or sentences."""
        self.entries = set()
        if include_default:
            path = default_list_path(self.nlp.lang)
            if path.is_file():
                self.add(read_list(path))
        for path in lists:
            self.add(read_list(path))
        self.add(sentences)

    def add(self, sentences: Iterable[str]) -> None:
        self.entries.update(normalize_sentence(s) for s in sentences)
        self.entries.discard("")

    def __len__(self) -> int:
        return len(self.entries)

    def __call__(self, doc: Doc) -> Doc:
        safe: List[Span] = []
        if self.entries:
            if not doc.has_annotation("SENT_START"):
                raise ValueError(
                    "deid_inclusion needs sentence boundaries: add deid_sentences (or another "
                    "sentence splitter) before it"
                )
            for sent in doc.sents:
                if normalize_sentence(sent.text) in self.entries:
                    safe.append(Span(doc, sent.start, sent.end, label=SAFE_LABEL))
        doc.spans[self.spans_key] = safe
        return doc

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = util.ensure_path(path)
        serializers = {"entries": lambda p: srsly.write_json(p, sorted(self.entries))}
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "InclusionList":
        path = util.ensure_path(path)
        deserializers = {"entries": lambda p: setattr(self, "entries", set(srsly.read_json(p)))}
        util.from_disk(path, deserializers, exclude)
        return self
