"""Synthetic English clinical notes with exact gold PHI spans, for training and held-out testing.

Why: no public annotated English clinical corpus can ship with the project (i2b2 needs a data use
agreement), so the NER ensemble trains on generated notes. A score on generated notes only says
something about real notes if the generator is as varied as real notes *and* the evaluation split
contains things training never saw. Hence:

* 21 note types with real section structure and clinical content (drugs with doses, routes and
  frequencies; labs with units, flags and reference ranges; vitals; exams; scores; ICD-10/CPT
  codes), in many layouts (ALL-CAPS or Title headers, inline or own-line headers, bullets,
  numbered lists, aligned/pipe/CSV tables, wrapped prose) and with per-note noise (lower-case or
  ALL-CAPS notes, abbreviations, dropped periods, occasional typos).
* Every PHI type of :mod:`spacy_deid.schema` in the forms real notes use: names as
  "SMITH, JOHN C", "Smith, John", "Mr. Smith", "J. Smith", first names, nicknames, names that
  are words (April, Will, Baker, Foley), from 17 faker locales plus "word" names; clinicians as "Dr. Anna Lee",
  "A. Lee, MD", "Lee, Anna MD", initials in "AL/km" sign-offs, user names; ages as "67-year-old",
  "67 y/o", "67M", "aged 67", "in his 60s", over 89; dates in 25+ formats, partial dates,
  weekdays with dates, holidays; phones with extensions, pagers, faxes, e-mails, URLs, IPs,
  SSNs, MRNs, accounts, member ids, DEA/NPI/state licences, device serials, VINs and plates,
  biometric ids, accession/order/job numbers; hospitals and their abbreviations, named
  departments, wards/rooms/beds, streets with units, cities, states, ZIPs, countries, landmarks.
* As much text that must stay: eponyms (Parkinson's, Foley, Babinski, Murphy's sign, Baker's
  cyst), brand and generic drugs, units, scores (NIHSS, GCS, CHA2DS2-VASc), codes, generic
  services ("Emergency Department", "cardiology"), payer types, device brands, times without
  dates and date-like doses ("1/2 tab", "25/100 mg", "3/10 pain").

Annotation follows the conventions of ``corpus/samples/build_samples.py`` (i2b2 2014 as applied
in this project). Decisions that convention leaves open, taken here:

* Payers: a named insurer or plan ("Aetna", "Granite Mutual Health") is ORGANIZATION; government
  programmes and payer types ("Medicare", "Medicaid", "MassHealth", "self-pay") are not PHI;
  member ids and Medicare MBIs are HEALTHPLAN. Pharmacies, employers, reference labs, parishes
  and schools are ORGANIZATION; clinics, nursing facilities and rehab centres are HOSPITAL.
* Buildings inside a hospital ("Ellison Building") are ROOM, like wards.
* Days of the week are DATE only as part of a date ("Monday, March 18"); a bare weekday is
  never generated, so the corpus takes no position on it.
* NPI numbers are LICENSE (with DEA and state licences); driver's licences are LICENSE.
* Ages: only the number ("67", "60s"); spelled-out ages ("sixty-seven") are the words.

Holdout design (what ``split`` changes besides the random stream):

* Note types: train uses 17 types; ``consult_note``, ``echo_report`` and ``psychiatry_note``
  appear only in dev and test; ``patient_letter`` appears only in test. Held-out types get
  double weight in dev/test (about a quarter of those notes).
* Phrasings: every phrasing family with 3 or more variants (section-header synonyms, field
  labels, banner layouts, one-liners, HPI openings, sign-off styles, medication-line styles...)
  keeps about a quarter of its variants out of train; which ones is fixed by a CRC of the
  family name, so it is the same for every seed.
* PHI surface forms: dev and test add dates as "20190314" and "14.03.2019", month dates as
  "03/2019", patient names as "SMITH^JOHN^C" and "Smith,John", clinicians as "Lee A", ages
  glued as "67yo", phones as "617.555.0147", SSNs as "431 70 9158". Test alone adds
  "14th of March 2019", "03-14-2019", "Mar '19", "SMITH John", "Lee, A.", spelled-out ages
  ("sixty-seven-year-old"), "+1 617 555 0147" and undivided SSNs.
* Name origins: train draws names from en_US, en_GB, es_MX, es_ES, fr_FR, de_DE, it_IT, pt_BR,
  pl_PL, zh_CN (romanised), en_IN, en_PK, ig_NG, ga_IE and "word" names; dev and test add vi_VN
  and ja_JP (romanised); test alone adds yo_NG. Every name span records its ``origin``.
* Patients never cross splits: patient ids carry the split and seed, and every patient's random
  stream is seeded from (seed, split, patient index).

Output rows: ``{"id", "text", "patient_id", "note_type", "split", "spans": [{"start", "end",
"label", "origin"?}]}``. Several notes share one patient identity (name, DOB, MRN, address,
relatives, clinicians) and fall within about a year of the patient's index date. Generation
is deterministic for a (split, n, seed) and prefix-stable (the first k notes of a run with
n > k equal a run with n = k).

CLI: ``python -m spacy_deid.synth --split train --n 2000 --seed 1 --out corpus/synth/train.jsonl``.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any, Dict, Iterator, List

from .builder import Seg, SynthError, apply_noise, render, verify
from .context import Ctx
from .notes import WRITERS
from .phi import make_patient
from .splits import (ALL_LOCALES, ALL_NOTE_TYPES, HELDOUT_FORMS, HELDOUT_LOCALES, HELDOUT_NOTE_TYPES, SPLITS,
                     TEST_FORMS, TEST_LOCALES, TEST_NOTE_TYPES, TRAIN_LOCALES, TRAIN_NOTE_TYPES, Policy)

__all__ = [
    "generate", "generate_note", "SPLITS", "ALL_NOTE_TYPES", "TRAIN_NOTE_TYPES", "HELDOUT_NOTE_TYPES",
    "TEST_NOTE_TYPES", "TRAIN_LOCALES", "HELDOUT_LOCALES", "TEST_LOCALES", "ALL_LOCALES", "HELDOUT_FORMS",
    "TEST_FORMS", "note_types_for", "locales_for", "SynthError",
]

_NOTES_PER_PATIENT = (1, 1, 1, 2, 2, 2, 3, 3, 4, 5)


def note_types_for(split: str) -> List[str]:
    return list(Policy(split).note_types)


def locales_for(split: str) -> List[str]:
    return list(Policy(split).locales)


def _tidy(segs: List[Seg]) -> List[Seg]:
    """Merge literal runs, drop trailing spaces, collapse 3+ newlines, trim the note's ends.

    Only literal text is touched (PHI segments pass through unchanged), so spans stay exact.
    """
    merged: List[Seg] = []
    for s in segs:
        if not s.text:
            continue
        if s.label is None and merged and merged[-1].label is None:
            merged[-1] = Seg(merged[-1].text + s.text)
        else:
            merged.append(s)
    out: List[Seg] = []
    for s in merged:
        if s.label is None:
            text = re.sub(r"[ \t]+\n", "\n", s.text)
            text = re.sub(r"\n{3,}", "\n\n", text)
            s = Seg(text) if text != s.text else s
        out.append(s)
    if out and out[0].label is None:
        out[0] = Seg(out[0].text.lstrip())
    if out and out[-1].label is None:
        out[-1] = Seg(out[-1].text.rstrip())
    out = [s for s in out if s.text]
    out.append(Seg("\n"))
    return out


def generate_note(ctx: Ctx) -> Dict[str, Any]:
    """Write, noise, render and verify one note; returns text and spans."""
    segs = WRITERS[ctx.note_type](ctx)
    segs = apply_noise(segs, ctx.style.noise, ctx.rng)
    segs = _tidy(segs)
    text, spans = render(segs)
    verify(text, spans, segs)
    return {"text": text, "spans": spans}


def generate(split: str, n: int, seed: int = 0) -> Iterator[Dict[str, Any]]:
    """Yield ``n`` notes of ``split`` ("train", "dev" or "test"), deterministically for ``seed``."""
    policy = Policy(split)
    if n < 0:
        raise ValueError("n must be >= 0")
    produced = 0
    p_index = 0
    while produced < n:
        rng = random.Random(f"spacy-deid-synth:{seed}:{split}:{p_index}")
        pid = f"{split}-s{seed}-p{p_index:06d}"
        patient = make_patient(rng, policy, pid)
        k = rng.choice(_NOTES_PER_PATIENT)
        offsets = sorted([0] + [rng.randint(0, 400) for _ in range(k - 1)])
        for off in offsets:
            if produced >= n:
                break
            note_type = policy.note_type(rng)
            date = patient.anchor + dt.timedelta(days=off)
            ctx = Ctx(rng, policy, patient, note_type, date)
            note = generate_note(ctx)
            yield {
                "id": f"synth-{split}-s{seed}-{produced:06d}",
                "text": note["text"],
                "patient_id": pid,
                "note_type": note_type,
                "split": split,
                "spans": note["spans"],
            }
            produced += 1
        p_index += 1
