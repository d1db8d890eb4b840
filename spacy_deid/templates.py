"""deid_templates: PHI in sentences that follow a known template.

Notes repeat machine-made sentences with PHI slots: "Electronically signed by: <DOCTOR> on
<DATE> at <TIME>", "Dictated by <DOCTOR>", "cc: <DOCTOR>". ``spacy-deid harvest`` finds them
in a corpus; this component matches them and claims the slots, into
``doc.spans["deid.templates"]``. A slot is PHI when its name is a schema label; other slot
names (``TIME``, ``ANY``) only match text.

A template is literal text with ``<SLOT>`` markers. Literal text matches case-insensitively
with any run of whitespace for a space; a slot matches 1 to ``max_slot_chars`` characters
on one line and never across a tab or a run of spaces, as few as possible, up to the next
literal (a final slot runs to the end of the line or sentence, or to the next "Field:"). Templates are compiled once into
regular expressions (a template is a sentence-sized pattern with text between slots, which a
token Matcher cannot express without enumerating slot lengths).
"""
import re
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from . import schema
from .extensions import install_extensions

DATA_DIR = Path(__file__).parent / "data"
SLOT = re.compile(r"<([A-Z_]+)>")
# i2b2 leaves titles and credentials outside name spans: "Dr. [Anna Lee], MD".
NAME_TITLE = re.compile(r"^(?:(?:dr|doctor|mr|mrs|ms|miss|prof|nurse)\.?\s+)+", re.IGNORECASE)
# A name slot ends before a parenthesis, a digit or a line break ("Kayla Rourke (sister)
# 978-555-0126", "dkhan 05/20/2019"); a date slot before an attached time.
NAME_STOP = re.compile(r"\s*[(\d]")
TIME_AFTER_DATE = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)
NAME_CREDENTIALS = re.compile(
    r"(?:[,\s]+(?:md|m\.d\.|do|d\.o\.|rn|np|pa|pa-c|phd|mbbs|facc|facp|facs|dds|pharmd|"
    r"lcsw|msw|cnm|crna|aprn|fnp|dnp|pt|dpt|ot|rd|rph|mph|ms|bsn|lpn|cna|jr|sr|ii|iii)\.?)+$",
    re.IGNORECASE,
)


def compile_template(template: str, max_slot_chars: int = 60) -> Tuple["re.Pattern[str]", List[str]]:
    """Regex for a template and the slot names in order. Raises on a template without text."""
    parts = SLOT.split(template.strip())
    literals, slots = parts[0::2], parts[1::2]
    if not slots:
        raise ValueError(f"deid_templates: template {template!r} has no <SLOT>")
    if not any(lit.strip() for lit in literals):
        raise ValueError(f"deid_templates: template {template!r} has no literal text to anchor it")
    pattern = []
    for i, literal in enumerate(literals):
        words = literal.split()
        lit = r"\s+".join(re.escape(w) for w in words)
        if literal[:1].isspace() and i > 0:
            lit = r"\s+" + lit if lit else r"\s+"
        if literal[-1:].isspace() and i < len(slots) and words:
            lit += r"\s+"
        pattern.append(lit)
        if i < len(slots):
            # A slot never crosses a line, a tab or a run of spaces (column separators).
            pattern.append(rf"(?P<s{i}>(?:(?![ ]{{2}}|\t)[^\n]){{1,{max_slot_chars}}}?)")
    # A template that ends in a slot: the slot runs to the end of the line or sentence
    # (a lazy slot would otherwise stop after one character).
    # A period after a lone capital or a title is not the sentence's end ("Dr. Anna B. Lee").
    # It also ends before a column gap or the next "Field:" on the same line.
    end = r"(?=[ \t]*(?:[.;]?[ \t]*$|(?<!\b[A-Z])(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)(?<!\bst)(?<!\bjr)[.;]\s)|[ ]{2}|\t|[ ]+[A-Z][A-Za-z]{1,20}:)"
    regex = "".join(pattern) + (end if not literals[-1].strip() else "")
    # A template is a sentence: it starts a line, a sentence, or a column of a header line.
    start = r"(?:^[ \t]*|(?<=[.;!?] )|(?<=  )|(?<=\t)|(?<=\| ))"
    return re.compile(start + regex, re.IGNORECASE | re.MULTILINE), slots


@Language.factory(
    "deid_templates",
    assigns=["doc.spans"],
    default_config={"spans_key": "deid.templates", "max_slot_chars": 60},
)
def make_templates(nlp: Language, name: str, spans_key: str, max_slot_chars: int) -> "TemplateMatcher":
    return TemplateMatcher(nlp, name, spans_key=spans_key, max_slot_chars=max_slot_chars)


class TemplateMatcher:
    """Matches harvested templates; claims their PHI slots."""

    def __init__(self, nlp: Language, name: str = "deid_templates", *,
                 spans_key: str = "deid.templates", max_slot_chars: int = 60) -> None:
        install_extensions()
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.max_slot_chars = max_slot_chars
        self.templates: List[str] = []
        self._compiled: List[Tuple["re.Pattern[str]", List[str]]] = []

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None, include_default: bool = True,
                   templates: Iterable[str] = (), lists: Iterable[str] = ()) -> None:
        """Load the shipped templates for the language, template files and templates."""
        loaded: List[str] = []
        if include_default:
            path = DATA_DIR / f"templates_{self.nlp.lang}.txt"
            if path.is_file():
                loaded.extend(read_templates(path))
        for path in lists:
            loaded.extend(read_templates(path))
        loaded.extend(templates)
        self.set_templates(loaded)

    def set_templates(self, templates: Iterable[str]) -> None:
        self.templates = list(dict.fromkeys(t.strip() for t in templates if t.strip()))
        # Most specific first: a text matched by a longer template is not matched again by a
        # shorter one ("signed by: <DOCTOR> on <DATE>" before "signed by: <DOCTOR>").
        ordered = sorted(self.templates, key=lambda t: -len(SLOT.sub("", t)))
        self._compiled = [compile_template(t, self.max_slot_chars) for t in ordered]

    def __len__(self) -> int:
        return len(self.templates)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans: Dict[Tuple[int, int, str], Span] = {}
        matched: List[Tuple[int, int]] = []
        for regex, slots in self._compiled:
            for m in regex.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in matched):
                    continue
                matched.append(m.span())
                for i, slot in enumerate(slots):
                    if slot not in schema.PHI_TYPES:
                        continue
                    start, end = _trim(text, *m.span(f"s{i}"), slot)
                    if start >= end:
                        continue
                    span = doc.char_span(start, end, label=slot, alignment_mode="expand")
                    if span is not None and len(span):
                        spans[(span.start, span.end, slot)] = span
        doc.spans[self.spans_key] = sorted(spans.values())
        return doc

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = util.ensure_path(path)
        util.to_disk(path, {"templates": lambda p: srsly.write_json(p, self.templates)}, exclude)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "TemplateMatcher":
        path = util.ensure_path(path)
        util.from_disk(path, {"templates": lambda p: self.set_templates(srsly.read_json(p))}, exclude)
        return self


def _trim(text: str, start: int, end: int, label: str) -> Tuple[int, int]:
    """Slot offsets without surrounding spaces, and for names without titles and credentials."""
    value = text[start:end]
    if schema.category(label) == schema.NAME:
        stop = NAME_STOP.search(value)
        if stop:
            end = start + stop.start()
            value = text[start:end]
        title = NAME_TITLE.match(value)
        if title:
            start += title.end()
        creds = NAME_CREDENTIALS.search(text[start:end])
        if creds:
            end = start + creds.start()
    elif label == "DATE":
        time = TIME_AFTER_DATE.search(value)
        if time:
            end = start + time.start()
    value = text[start:end]
    start += len(value) - len(value.lstrip(" \t,;:"))
    end -= len(value) - len(value.rstrip(" \t,;:"))
    return start, end


def read_templates(path: Union[str, Path]) -> List[str]:
    """One template per line; blank lines and '#' comments ignored; labels checked."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"deid_templates: template file {path} does not exist")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            compile_template(line)
        except ValueError as e:
            raise ValueError(f"{path}:{n}: {e}") from None
        out.append(line)
    return out
