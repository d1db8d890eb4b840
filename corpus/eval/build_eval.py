"""Build the independent evaluation sets from their marked-up sources.

Each set (``styles``, ``snippets``, ``clean``) keeps its sources in ``<set>/src/*.txt``, as the
independent author wrote them: documents in the inline markup of :mod:`spacy_deid.io.markup`
(``[[text|LABEL]]``) with a ``patient_id`` / ``style`` header. A source file holds one document,
or several separated by a line of exactly ``=====`` (the snippets).

This script checks every source (labels, offsets, overlaps, leftover markup; errors name the file
and line) and writes, per set, ``dev.jsonl`` and ``test.jsonl``: one gold record per line,
``{"id", "text", "patient_id", "style", "spans": [{"start", "end", "label"}]}``, the format
``spacy-deid evaluate`` reads. The split is by patient (all documents of a patient go to the same
half), decided by a hash of set and patient id, so it never depends on what a model does with
them: ``dev`` is for reading errors, ``test`` only for reporting.

Usage: ``python corpus/eval/build_eval.py [--check]`` (``--check`` writes nothing and exits 1
when a built file is out of date). Prints ids and counts only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, List

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run from a checkout without installing
from spacy_deid.io.markup import MarkupError, parse_document  # noqa: E402

SETS = ("styles", "snippets", "clean")
SPLITS = ("dev", "test")
HEADER_KEYS = ("patient_id", "style")
SEPARATOR = "\n=====\n"


def read_set(name: str) -> List[Dict[str, Any]]:
    """Every document of one set, parsed and checked, in source order."""
    src = HERE / name / "src"
    paths = sorted(src.glob("*.txt"))
    if not paths:
        raise MarkupError(f"{src}: no sources")
    records: List[Dict[str, Any]] = []
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        chunks = [c for c in raw.split(SEPARATOR)] if SEPARATOR in raw else [raw]
        for i, chunk in enumerate(chunks, 1):
            chunk = chunk.strip("\n").removesuffix("\n=====").removesuffix("=====")
            if not chunk.strip():
                continue
            doc_id = path.stem if len(chunks) == 1 else f"{path.stem}_{i:03d}"
            record = parse_document(chunk.rstrip("\n") + "\n", f"{name}/src/{path.name}#{i}",
                                    HEADER_KEYS)
            records.append({"id": doc_id, "text": record["text"],
                            "patient_id": f"{name}:{record['patient_id']}",
                            "style": record["style"], "spans": record["spans"]})
    ids = Counter(r["id"] for r in records)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        raise MarkupError(f"{name}: duplicate document ids {dup[:5]}")
    return records


def split(name: str, records: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """Half the documents to dev, half to test, whole patients at a time, in hash order."""
    by_patient: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for r in records:
        # Documents without a real patient ("none") are each their own unit.
        unit = r["patient_id"] if not r["patient_id"].endswith(":none") else r["id"]
        by_patient[unit].append(r)
    order = sorted(by_patient, key=lambda p: hashlib.sha256(f"{name}/{p}".encode()).hexdigest())
    out: Dict[str, List[Dict[str, Any]]] = {s: [] for s in SPLITS}
    for unit in order:
        half = "dev" if len(out["dev"]) <= len(out["test"]) else "test"
        out[half].extend(by_patient[unit])
    for half in SPLITS:
        out[half].sort(key=lambda r: r["id"])
    return out


def jsonl(records: List[Dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that built files are current")
    args = parser.parse_args(argv)
    stale = []
    for name in SETS:
        try:
            halves = split(name, read_set(name))
        except MarkupError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        for half, records in halves.items():
            path = HERE / name / f"{half}.jsonl"
            content = jsonl(records)
            words = sum(len(r["text"].split()) for r in records)
            spans = sum(len(r["spans"]) for r in records)
            print(f"{name}/{half}: {len(records)} documents, {words} words, {spans} spans")
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != content:
                    stale.append(str(path.relative_to(HERE)))
            else:
                path.write_text(content, encoding="utf-8", newline="")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python corpus/eval/build_eval.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
