"""The independent evaluation sets: built files current, gold well formed, sizes as promised."""
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from spacy_deid import schema
from spacy_deid.io.markup import MarkupError, parse_document

EVAL = Path(__file__).parents[1] / "corpus" / "eval"


def _builder():
    spec = importlib.util.spec_from_file_location("build_eval", EVAL / "build_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(name):
    return [json.loads(line) for half in ("dev", "test")
            for line in (EVAL / name / f"{half}.jsonl").read_text(encoding="utf8").splitlines()]


def test_built_files_are_current():
    assert _builder().main(["--check"]) == 0


@pytest.mark.parametrize("name", ["styles", "snippets", "clean"])
def test_gold_is_well_formed_and_split_by_patient(name):
    data = rows(name)
    halves = {}
    for half in ("dev", "test"):
        for line in (EVAL / name / f"{half}.jsonl").read_text(encoding="utf8").splitlines():
            halves.setdefault(json.loads(line)["patient_id"], set()).add(half)
    assert all(len(h) == 1 for p, h in halves.items() if not p.endswith(":none"))
    for row in data:
        text = row["text"]
        spans = sorted((s["start"], s["end"]) for s in row["spans"])
        for (start, end), s in zip(spans, row["spans"]):
            assert 0 <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
        for a, b in zip(spans, spans[1:]):
            assert a[1] <= b[0], row["id"]
        assert all(s["label"] in schema.LABELS for s in row["spans"])


def test_sizes_and_variety():
    styles, snippets, clean = rows("styles"), rows("snippets"), rows("clean")
    assert len(styles) >= 150 and len(Counter(r["style"] for r in styles)) >= 10
    assert len(snippets) >= 300
    assert sum(len(r["text"].split()) for r in clean) >= 30000
    assert not any(r["spans"] for r in clean)
    assert {s["label"] for r in styles for s in r["spans"]} >= {"PATIENT", "DOCTOR", "DATE", "PHONE"}


def test_markup_errors_name_the_source_and_line():
    with pytest.raises(MarkupError, match=r"x\.txt:4: unknown label 'NAME'"):
        parse_document("patient_id: 1\nstyle: s\n---\nSeen by [[Ana|NAME]].\n", "x.txt", ("patient_id", "style"))
    with pytest.raises(MarkupError, match="overlapping|malformed"):
        parse_document("patient_id: 1\nstyle: s\n---\n[[Ana [[Ruiz|PATIENT]]|PATIENT]]\n", "x.txt",
                       ("patient_id", "style"))
    with pytest.raises(MarkupError, match="surrounding whitespace"):
        parse_document("patient_id: 1\nstyle: s\n---\n[[ Ana|PATIENT]]\n", "x.txt", ("patient_id", "style"))
