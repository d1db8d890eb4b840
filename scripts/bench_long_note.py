"""Time one long note through a pipeline, at 1, 2, 5 and 10 MB, to show the run is linear.

Why: ``spacy-deid run`` raises ``nlp.max_length`` to fit each document instead of chunking it
(chunks could split a name or a date at a boundary), which is only safe if every component is
linear in the note's length. This prints, per size, the seconds, the seconds per MB and their
ratio to the smallest size's (close to 1.0 means linear), and the peak resident memory.

    .venv/bin/python scripts/bench_long_note.py [--model en_deid] [--sizes 1 2 5 10]

The note is synthetic notes of the held-out split (spacy_deid.synth) joined until the size is
reached, so it holds realistic PHI at the usual density.
"""
import argparse
import resource
import time

import spacy

from spacy_deid.runner import deidentify
from spacy_deid.io.notes import Note
from spacy_deid.synth import generate


def long_text(n_bytes: int) -> str:
    parts, size = [], 0
    for record in generate("test", 10**9, seed=7):
        parts.append(record["text"])
        size += len(record["text"].encode("utf8")) + 2
        if size >= n_bytes:
            break
    return "\n\n".join(parts)[:n_bytes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="en_deid")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5, 10], help="MB")
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    nlp("Warm-up: seen 03/14/2019 by Dr. Lee.")
    base = None
    print(f"{'MB':>5} {'chars':>10} {'seconds':>8} {'s/MB':>6} {'ratio':>6} {'PHI spans':>9} {'peak RSS MB':>11}")
    for mb in args.sizes:
        text = long_text(int(mb * 1_000_000))
        note = Note("bench", text, None, None, None, None)
        start = time.perf_counter()
        (outcome,) = list(deidentify(nlp, [note]))
        seconds = time.perf_counter() - start
        per_mb = seconds / mb
        base = base or per_mb
        spans = len(outcome.doc.spans["phi"]) if hasattr(outcome, "doc") else f"failed: {outcome.error}"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{mb:>5g} {len(text):>10} {seconds:>8.1f} {per_mb:>6.1f} {per_mb / base:>6.2f} {spans:>9} {rss:>11.0f}",
              flush=True)


if __name__ == "__main__":
    main()
