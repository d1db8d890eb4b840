"""The benchmark's measuring code (bench/systems.py, bench/notesets.py) on tiny inputs.

No peers, no venvs: the smallest rules-only system, in this process.
"""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import notesets
import systems

NOTES = [
    "Pt John Smith seen 03/14/2019. MRN 1234567. Call 617-555-0147 with results.",
    "Follow-up with Dr. Anna Lee on April 2, 2020 at Boston Medical Center.",
    "Labs stable; continue metoprolol 25 mg daily. No new complaints.",
]


@pytest.fixture(scope="module")
def rules_min():
    return systems.load_rules_min()


def test_measure_record(rules_min):
    sets = {"tiny": NOTES, "one": NOTES[:1]}
    record = systems.measure(rules_min, sets, warmup=NOTES[1:2])
    assert set(record["sets"]) == {"tiny", "one"}
    tiny = record["sets"]["tiny"]
    assert tiny["docs"] == 3
    assert tiny["words"] == sum(len(n.split()) for n in NOTES)
    assert tiny["chars"] == sum(len(n) for n in NOTES)
    assert tiny["seconds"] > 0 and tiny["docs_per_s"] > 0 and tiny["words_per_s"] > 0
    assert tiny["docs_per_s"] == pytest.approx(3 / tiny["seconds"])
    # the first note has a date, an MRN and a phone: the rules find PHI
    assert tiny["phi_spans"] >= 3
    assert record["sets"]["one"]["phi_spans"] >= 3
    for key in ("rss_after_load_mb", "process_peak_rss_mb"):
        assert record[key] > 10  # a Python process with spaCy loaded uses far more than 10 MB
    assert tiny["peak_rss_mb"] > 10
    assert record["process_peak_rss_mb"] >= tiny["peak_rss_mb"]


def test_processor_counts_phi_per_note(rules_min):
    counts = rules_min(NOTES)
    assert len(counts) == 3
    assert counts[0] >= 3 and counts[2] == 0


def test_note_sets_are_fixed_and_within_bounds():
    first = notesets.short_notes(seed=5, n=4)
    assert first == notesets.short_notes(seed=5, n=4)
    assert len(first) == 4 and all(80 <= systems.word_count(t) <= 130 for t in first)
    joined = notesets.joined_notes(seed=5, n=2, low=450, high=650)
    assert len(joined) == 2 and all(450 <= systems.word_count(t) <= 650 for t in joined)
