"""Measure surrogate consistency over a corpus with several notes per patient.

Usage: python scripts/surrogate_consistency.py GOLD.jsonl [--model en_deid] [--limit N]
       python scripts/surrogate_consistency.py BRAT_DIR --format brat --model es_deid
       (MEDDOCAN: one note per patient, so each note is its own patient)

Runs the pipeline with a fixed secret key on every note (patient ids from the gold rows) and
prints, never quoting PHI:
- detected PHI spans replaced by themselves, per type (ages up to 89 are kept by design, as
  HIPAA Safe Harbor allows; a year alone may keep its value when the patient's offset rounds
  to zero years), and detected values (3+ characters) that still stand elsewhere in the
  output: an occurrence the detectors missed, or a coincidence;
- names: for every (patient, original name) pair, how many distinct surrogates it received
  across the patient's notes (consistent = exactly one);
- dates: for every patient, how many distinct day offsets its full dates were shifted by
  (consistent = exactly one), and how many dates kept their format (digits, separators and
  the places of month names unchanged).
"""
import argparse
import datetime as dt
import json
import os
import re
from collections import defaultdict

import spacy

FULL_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
MONTH_WORD = re.compile(r"[^\W\d_]{3,}")


def parse(value: str, day_first: bool = False):
    m = FULL_DATE.match(value)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    try:
        return dt.date(int(m.group(3)), *((b, a) if day_first else (a, b)))
    except ValueError:
        return None


def date_shape(value: str) -> str:
    """The format of a date: day and month numbers -> 9, other numbers -> one 9 per digit
    (two- or four-digit years), words of 3+ letters (month and weekday names) -> W, the rest
    as is: "12 de marzo de 2019" -> "9 de W de 9999" (zero padding is not compared)."""
    digits = re.sub(r"\d+", lambda m: "9" if len(m.group()) <= 2 else "9" * len(m.group()), value)
    return MONTH_WORD.sub("W", digits)


def read_rows(path: str, fmt: str):
    if fmt == "jsonl":
        return [json.loads(line) for line in open(path, encoding="utf8")]
    from spacy_deid.io.corpora import Report, read_corpus

    notes = read_corpus(path, fmt, label_set="meddocan", report=Report())
    return [{"text": n.text, "patient_id": n.id} for n in notes]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--model", default="en_deid")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--format", default="jsonl", help="jsonl (patient_id per row) or brat")
    args = ap.parse_args()
    os.environ.setdefault("SPACY_DEID_KEY", "consistency-benchmark-key")
    nlp = spacy.load(args.model, config={"components": {"deid_surrogates": {"mode": "surrogate"}}})
    rows = read_rows(args.gold, args.format)
    if args.limit:
        rows = rows[: args.limit]
    by_patient = defaultdict(list)
    for row in rows:
        by_patient[row.get("patient_id")].append(row)
    min_notes = 1 if args.format == "brat" else 2
    multi = {p: rs for p, rs in by_patient.items() if p is not None and len(rs) >= min_notes}
    day_first = nlp.lang == "es"
    dates_total = dates_kept = 0
    native = defaultdict(int)  # spans of other groups replaced (native_modes), by label

    detected = 0
    unchanged = defaultdict(int)  # replacement equal to the original
    leaked = defaultdict(int)  # original still somewhere in the output
    name_map = defaultdict(set)  # (patient, original) -> surrogates
    offsets = defaultdict(set)  # patient -> day offsets
    for patient, notes in multi.items():
        for row in notes:
            doc = nlp.make_doc(row["text"])
            doc._.patient_id = patient
            doc = nlp(doc)
            out = doc._.deid_text
            for span in doc.spans["phi"]:
                detected += 1
                if span._.surrogate == span.text:
                    unchanged[span.label_] += 1
                elif len(span.text) > 2 and span.text in out:
                    leaked[span.label_] += 1
                if span.label_ == "PATIENT":
                    name_map[(patient, span.text)].add(span._.surrogate)
                if span.label_ == "DATE":
                    a = parse(span.text, day_first)
                    b = parse(span._.surrogate or "", day_first)
                    if a and b:
                        offsets[patient].add((b - a).days)
                    dates_total += 1
                    dates_kept += date_shape(span.text) == date_shape(span._.surrogate or "")
            for entry in doc._.deid_offsets or ():
                if entry.label not in {s.label_ for s in doc.spans["phi"]}:
                    native[entry.label] += 1
    consistent_names = sum(1 for s in name_map.values() if len(s) == 1)
    consistent_dates = sum(1 for s in offsets.values() if len(s) == 1)
    print(f"patients with several notes: {len(multi)} ({sum(len(r) for r in multi.values())} notes)")
    print(f"detected PHI spans: {detected}")
    print(f"  replaced by themselves: {sum(unchanged.values())} {dict(sorted(unchanged.items()))}")
    print(f"  replaced, but the value stands elsewhere in the output (an occurrence the detectors "
          f"missed, or a coincidence): {sum(leaked.values())} {dict(sorted(leaked.items()))}")
    print(f"(patient, name) pairs: {len(name_map)}; with one surrogate across notes: {consistent_names}")
    print(f"patients with full dates: {len(offsets)}; with one date offset across notes: {consistent_dates}")
    print(f"dates: {dates_total}; format kept: {dates_kept}")
    print(f"spans of other groups replaced (native_modes): {dict(sorted(native.items()))}")


if __name__ == "__main__":
    main()
