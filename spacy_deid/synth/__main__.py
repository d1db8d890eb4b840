"""CLI: ``python -m spacy_deid.synth --split train --n 2000 --seed 1 --out corpus/synth/train.jsonl``.

Writes JSONL (one note per line) and prints counts per note type and label to stderr -- never
note text, although every value in it is fictional.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

from . import SPLITS, generate


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.synth",
                                     description="Generate synthetic clinical notes with gold PHI spans (JSONL).")
    parser.add_argument("--split", choices=SPLITS, required=True, help="which split's holdout design to follow")
    parser.add_argument("--n", type=int, required=True, help="number of notes")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, default=None, help="output JSONL path (default: stdout)")
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be >= 0")

    start = time.perf_counter()
    types: Counter = Counter()
    labels: Counter = Counter()
    out = sys.stdout
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        out = args.out.open("w", encoding="utf-8", newline="\n")
    try:
        for row in generate(args.split, args.n, args.seed):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            types[row["note_type"]] += 1
            labels.update(s["label"] for s in row["spans"])
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        secs = time.perf_counter() - start
        print(f"{sum(types.values())} {args.split} notes, {sum(labels.values())} spans in {secs:.1f}s"
              + (f" -> {args.out}" if args.out else ""), file=sys.stderr)
        print("note types: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())), file=sys.stderr)
        print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
