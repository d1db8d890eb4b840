"""Build the bundled sample notes and their gold PHI annotations from marked-up sources.

The notes are fictional, written by hand. Each source ``src/<id>.txt`` is a small header,
a ``---`` line, then the note with every PHI mention marked inline as ``[[text|LABEL]]``::

    patient_id: P001
    note_type: discharge_summary
    ---
    Mr. [[Whitfield|PATIENT]] is a [[67|AGE]]-year-old retired [[machinist|PROFESSION]] ...

This script strips the markup and writes

* ``notes/<id>.txt``: the plain note (UTF-8, ``\\n`` line ends), one note per file;
* ``gold.jsonl``: one line per note, sorted by id:
  ``{"id", "text" (exactly the file content), "patient_id", "note_type",
  "spans": [{"start", "end", "label"}]}`` with character offsets into ``text``.

It checks that every label is a schema label, that each span's text equals the marked text
and has no surrounding whitespace, that spans do not overlap, that no markup is left over,
that each note has 150-700 words and that every label occurs at least twice in the set.
With ``--check`` it writes nothing and exits 1 when the built files are out of date.
It prints only ids and counts.

Annotation conventions (i2b2 2014 guidelines, as applied here):

* Titles and credentials are outside name spans: "Dr. [[Lee]]", "[[Anna Lee]], MD".
  Relatives' names are PATIENT; all staff (physicians, nurses, technologists, social
  workers, pharmacists), including sign-off initials ("AL/km"), are DOCTOR.
* DATE: the date part only ("14-Mar-2019" in "14-Mar-2019 10:30"); times alone, durations
  and relative days (POD 1, hospital day 2) are not PHI. Years, month-year, days of the
  week with a date, holidays ("Christmas") and two-digit years ("'17") are DATE.
* AGE: the number only ("67" in "67-year-old", "67 y/o", "aged 67"); every age is marked,
  including relatives' ages.
* Addresses: each part separately: STREET (number, street and unit), CITY, STATE, ZIP.
* ROOM: the room or bed identifier ("7A" in "Room 7A", "14" in "Bed 14") and ward names
  ("4 West"); the words "Room", "Rm" and "Bed" are not part of the span.
* DEPARTMENT: a department or unit with a proper name ("Kessler Imaging Center");
  generic services in narrative ("the ED", "cardiology", "PACU") are not PHI.
* Identifiers: the value only, never the field name ("MRN: [[00482913]]"); a phone
  number includes its extension; pagers are PHONE; DEA numbers and state licences are
  LICENSE; stent lots and device serials are DEVICE; accession, order and job numbers are
  IDNUM; palm-vein and voiceprint enrolment ids are BIOID.
* Clinical codes (ICD-10, CPT), eponyms (Parkinson's, Foley, Hodgkin, Murphy's sign),
  scores, vitals, lab values and drug doses are not PHI.

Usage: ``python corpus/samples/build_samples.py [--check]``
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"
NOTES_DIR = HERE / "notes"
GOLD_PATH = HERE / "gold.jsonl"

sys.path.insert(0, str(HERE.parents[1]))  # run from a checkout without installing
from spacy_deid import schema  # noqa: E402
from spacy_deid.io.markup import MarkupError, parse_document  # noqa: E402

HEADER_KEYS = ("patient_id", "note_type")
MIN_WORDS, MAX_WORDS = 150, 700
MIN_PER_LABEL = 2
SampleError = MarkupError


def parse_source(path: Path) -> Dict[str, Any]:
    """Parse one marked-up source into a gold record (id, text, patient_id, note_type, spans)."""
    record = parse_document(path.read_text(encoding="utf-8"), path.name, HEADER_KEYS)
    text = record["text"]
    n_words = len(text.split())
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        raise SampleError(f"{path.name}: {n_words} words, expected {MIN_WORDS}-{MAX_WORDS}")
    if not text.endswith("\n"):
        raise SampleError(f"{path.name}: the note must end with a newline")
    return {
        "id": path.stem,
        "text": text,
        "patient_id": record["patient_id"],
        "note_type": record["note_type"],
        "spans": record["spans"],
    }


def build_records(src_dir: Path = SRC_DIR) -> List[Dict[str, Any]]:
    """Parse every source and check the set as a whole."""
    records = [parse_source(p) for p in sorted(src_dir.glob("*.txt"))]
    if not records:
        raise SampleError(f"no sources in {src_dir}")
    label_counts = Counter(s["label"] for r in records for s in r["spans"])
    rare = [label for label in schema.LABELS if label_counts[label] < MIN_PER_LABEL]
    if rare:
        raise SampleError(f"labels with fewer than {MIN_PER_LABEL} spans: {', '.join(rare)}")
    return records


def gold_jsonl(records: List[Dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write(records: List[Dict[str, Any]]) -> None:
    NOTES_DIR.mkdir(exist_ok=True)
    ids = {r["id"] for r in records}
    for stale in NOTES_DIR.glob("*.txt"):
        if stale.stem not in ids:
            stale.unlink()
    for r in records:
        (NOTES_DIR / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8", newline="")
    GOLD_PATH.write_text(gold_jsonl(records), encoding="utf-8", newline="")
    # Verify what is on disk, not what we meant to write.
    for line, r in zip(GOLD_PATH.read_text(encoding="utf-8").splitlines(), records):
        back = json.loads(line)
        on_disk = (NOTES_DIR / f"{r['id']}.txt").read_bytes().decode("utf-8")
        if back != r or on_disk != r["text"]:
            raise SampleError(f"{r['id']}: written files do not read back identically")
        for s in back["spans"]:
            if on_disk[s["start"] : s["end"]] != on_disk[s["start"] : s["end"]].strip():
                raise SampleError(f"{r['id']}: span at {s['start']} has surrounding whitespace")


def out_of_date(records: List[Dict[str, Any]]) -> List[str]:
    problems = []
    if not GOLD_PATH.exists() or GOLD_PATH.read_text(encoding="utf-8") != gold_jsonl(records):
        problems.append(GOLD_PATH.name)
    for r in records:
        path = NOTES_DIR / f"{r['id']}.txt"
        if not path.exists() or path.read_bytes().decode("utf-8") != r["text"]:
            problems.append(f"notes/{path.name}")
    ids = {r["id"] for r in records}
    problems += [
        f"notes/{p.name} (no source)" for p in NOTES_DIR.glob("*.txt") if p.stem not in ids
    ]
    return problems


def report(records: List[Dict[str, Any]]) -> str:
    label_counts = Counter(s["label"] for r in records for s in r["spans"])
    patients = Counter(r["patient_id"] for r in records)
    lines = [
        f"{len(records)} notes, {sum(label_counts.values())} spans, "
        f"{len(patients)} patients "
        f"({sum(1 for n in patients.values() if n > 1)} with several notes)"
    ]
    for r in records:
        lines.append(f"  {r['id']:<32} {r['patient_id']:<6} {len(r['text'].split()):>4} words "
                     f"{len(r['spans']):>4} spans")
    per_label = ", ".join(f"{lab} {label_counts[lab]}" for lab in schema.LABELS)
    lines.append(f"spans per label: {per_label}")
    return "\n".join(lines)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="verify the built files; write nothing"
    )
    args = parser.parse_args(argv)
    try:
        records = build_records()
        if args.check:
            stale = out_of_date(records)
            if stale:
                print("out of date (run build_samples.py): " + ", ".join(stale), file=sys.stderr)
                return 1
        else:
            write(records)
    except SampleError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(report(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
