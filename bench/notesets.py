"""The benchmark's fixed note sets, drawn from the project's synthetic note generator.

Why generated: no real notes can ship, and spacy_deid.synth is deterministic for a (split, n,
seed) and prefix-stable, so a fixed seed gives the same notes on every machine (the run records
a SHA-256 of each set). Its notes run from about 70 to 520 words; the sets are built from them:

* short:   single notes of 80-130 words (about 100);
* typical: consecutive notes joined (one patient's notes in a row, or several patients') into
  documents of 450-650 words (about 500);
* long:    consecutive notes joined into documents of 4,800 words or more (about 5,000), like a
  long admission's notes exported as one file.

Notes come from the ``test`` split (all 21 note types, every surface form).
"""

import hashlib
import json
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

from systems import word_count

from spacy_deid.synth import generate

SPLIT = "test"
# Note set -> (seed, documents in a full run, documents in a --quick run)
SETS: Dict[str, Tuple[int, int, int]] = {
    "short": (101, 150, 20),
    "typical": (102, 50, 8),
    "long": (103, 5, 1),
}
WARMUP = (100, 5)  # seed, notes: a few distinct notes, not timed
_MAX_NOTES = 100_000  # generate() is lazy; this only bounds the stream


def _notes(seed: int) -> Iterator[str]:
    for row in generate(SPLIT, _MAX_NOTES, seed):
        yield row["text"]


def short_notes(seed: int, n: int, low: int = 80, high: int = 130) -> List[str]:
    out: List[str] = []
    for text in _notes(seed):
        if low <= word_count(text) <= high:
            out.append(text)
            if len(out) == n:
                break
    return out


def joined_notes(seed: int, n: int, low: int, high: int) -> List[str]:
    """Join consecutive notes until a document has ``low`` words; keep it if within ``high``."""
    out: List[str] = []
    parts: List[str] = []
    words = 0
    for text in _notes(seed):
        parts.append(text.strip())
        words += word_count(text)
        if words >= low:
            if words <= high:
                out.append("\n\n\n".join(parts))
                if len(out) == n:
                    break
            parts, words = [], 0
    return out


def build(quick: bool = False) -> Dict[str, List[str]]:
    """All note sets (and the warm-up notes) as lists of texts, in a fixed order."""
    pick = 2 if quick else 1
    sets = {
        "short": short_notes(SETS["short"][0], SETS["short"][pick]),
        "typical": joined_notes(SETS["typical"][0], SETS["typical"][pick], 450, 650),
        "long": joined_notes(SETS["long"][0], SETS["long"][pick], 4800, 6000),
    }
    warmup_seed, warmup_n = WARMUP
    sets["warmup"] = [text for text, _ in zip(_notes(warmup_seed), range(warmup_n))]
    return sets


def write(sets: Dict[str, List[str]], folder: Path) -> Dict[str, dict]:
    """Write each set as ``<name>.jsonl``; return docs, words and SHA-256 per set."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = {}
    for name, texts in sets.items():
        lines = [
            json.dumps({"id": f"{name}-{i:04d}", "text": t}, ensure_ascii=False)
            for i, t in enumerate(texts)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / f"{name}.jsonl").write_bytes(data)
        words = [word_count(t) for t in texts]
        summary[name] = {
            "docs": len(texts),
            "words": sum(words),
            "min_words": min(words),
            "max_words": max(words),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    return summary
