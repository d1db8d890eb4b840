"""The synthetic note generator: determinism, exact spans, coverage and the holdout design."""
import json
import re
from collections import Counter, defaultdict

import pytest

from spacy_deid import schema
from spacy_deid import synth
from spacy_deid.synth import splits, vocab
from spacy_deid.synth.__main__ import main as synth_cli
from spacy_deid.synth.builder import S, SynthError, phi, render, verify
from spacy_deid.synth.splits import Policy

NAME_LABELS = {"PATIENT", "DOCTOR"}


@pytest.fixture(scope="module")
def train():
    return list(synth.generate("train", 400, seed=11))


@pytest.fixture(scope="module")
def dev():
    return list(synth.generate("dev", 250, seed=11))


@pytest.fixture(scope="module")
def test_rows():
    return list(synth.generate("test", 250, seed=11))


def _spans(rows, label):
    for r in rows:
        for s in r["spans"]:
            if s["label"] == label:
                yield r, s, r["text"][s["start"]:s["end"]]


# -- determinism --------------------------------------------------------------------------------

def test_deterministic_and_prefix_stable():
    a = list(synth.generate("train", 40, seed=3))
    assert a == list(synth.generate("train", 40, seed=3))
    assert a[:15] == list(synth.generate("train", 15, seed=3))
    assert [r["text"] for r in a] != [r["text"] for r in synth.generate("train", 40, seed=4)]
    assert len({r["id"] for r in a}) == 40


def test_splits_do_not_share_patients_or_text():
    dev = list(synth.generate("dev", 30, seed=1))
    tst = list(synth.generate("test", 30, seed=1))
    assert not {r["patient_id"] for r in dev} & {r["patient_id"] for r in tst}
    assert not {r["text"] for r in dev} & {r["text"] for r in tst}
    with pytest.raises(ValueError):
        list(synth.generate("validation", 1, seed=1))


# -- gold spans -----------------------------------------------------------------------------------

def test_rows_and_spans_are_exact(train, dev, test_rows):
    origins = set(splits.ALL_LOCALES)
    for r in train + dev + test_rows:
        assert set(r) == {"id", "text", "patient_id", "note_type", "split", "spans"}
        text = r["text"]
        assert text.endswith("\n") and text == text.lstrip()
        prev_end = -1
        for s in r["spans"]:
            assert s["label"] in schema.LABELS
            assert 0 <= s["start"] < s["end"] <= len(text)
            surface = text[s["start"]:s["end"]]
            assert surface == surface.strip(), (r["id"], s)
            assert s["start"] >= prev_end, f"overlap in {r['id']} at {s['start']}"
            prev_end = s["end"]
            if "origin" in s:
                assert s["label"] in NAME_LABELS and s["origin"] in origins
            elif s["label"] in NAME_LABELS:
                pytest.fail(f"name span without origin in {r['id']}: {s}")


def test_verify_rejects_broken_spans():
    segs = S("MRN: {m} seen", m=phi("00482913", "MEDICALRECORD"))
    text, spans = render(segs)
    verify(text, spans, segs)
    with pytest.raises(SynthError):
        verify(text, [dict(spans[0], end=spans[0]["end"] + 1)], segs)
    with pytest.raises(SynthError):
        phi(" 123", "IDNUM")
    with pytest.raises(SynthError):
        phi("123", "NOT_A_LABEL")


def test_every_label_occurs(train):
    counts = Counter(s["label"] for r in train for s in r["spans"])
    assert set(counts) == set(schema.LABELS), set(schema.LABELS) - set(counts)


def test_patient_identity_is_shared_across_notes(train):
    mrns = defaultdict(set)
    notes = Counter(r["patient_id"] for r in train)
    for r, _s, surface in _spans(train, "MEDICALRECORD"):
        mrns[r["patient_id"]].add(surface.casefold())
    assert any(n > 1 for n in notes.values())
    assert all(len(v) == 1 for v in mrns.values())


# -- the holdout design ---------------------------------------------------------------------------

def test_note_types_per_split(train, dev, test_rows):
    tr = {r["note_type"] for r in train}
    dv = {r["note_type"] for r in dev}
    ts = {r["note_type"] for r in test_rows}
    assert len(splits.ALL_NOTE_TYPES) >= 15 and len(splits.TRAIN_NOTE_TYPES) >= 15
    assert tr <= set(splits.TRAIN_NOTE_TYPES) and len(tr) == len(splits.TRAIN_NOTE_TYPES)
    assert not tr & set(splits.HELDOUT_NOTE_TYPES + splits.TEST_NOTE_TYPES)
    assert set(splits.HELDOUT_NOTE_TYPES) <= dv and not dv & set(splits.TEST_NOTE_TYPES)
    assert set(splits.HELDOUT_NOTE_TYPES + splits.TEST_NOTE_TYPES) <= ts
    assert synth.note_types_for("train") == list(splits.TRAIN_NOTE_TYPES)
    assert all(r["split"] == "train" for r in train)


def test_name_origins_per_split(train, dev, test_rows):
    def origins(rows):
        return {s["origin"] for r in rows for s in r["spans"] if "origin" in s}

    tr, dv, ts = origins(train), origins(dev), origins(test_rows)
    assert tr <= set(splits.TRAIN_LOCALES) and len(tr) >= 12
    assert dv <= set(splits.TRAIN_LOCALES) | set(splits.HELDOUT_LOCALES) and dv & set(splits.HELDOUT_LOCALES)
    assert set(splits.TEST_LOCALES) <= ts


HELDOUT_PATTERNS = {
    # label: {form: predicate(surface, text after the span)}
    "DATE": {"compact": lambda s, _a: re.fullmatch(r"\d{8}", s), "dot_dmy": lambda s, _a: re.fullmatch(r"\d\d\.\d\d\.\d{4}", s),
             "mY_slash": lambda s, _a: re.fullmatch(r"\d\d/\d{4}", s)},
    "PATIENT": {"hl7": lambda s, _a: "^" in s, "nospace": lambda s, _a: re.search(r",\S", s)},
    "DOCTOR": {"last_initial": lambda s, _a: re.fullmatch(r"[^,]+ [A-Za-z]", s)},
    "AGE": {"glued_yo": lambda _s, a: a[:2].lower() in ("yo", "y/")},
    "PHONE": {"dotted": lambda s, _a: re.match(r"\d{3}\.\d{3}\.\d{4}", s)},
    "SSN": {"spaced": lambda s, _a: re.fullmatch(r"\d{3} \d\d \d{4}", s)},
}
TEST_PATTERNS = {
    "DATE": {"ordinal_of": lambda s, _a: re.search(r"\d(st|nd|rd|th) of ", s), "mdY_dash": lambda s, _a: re.fullmatch(r"\d\d-\d\d-\d{4}", s),
             "mon_apos_yy": lambda s, _a: re.fullmatch(r"[A-Za-z]{3,4} '\d\d", s)},
    "PATIENT": {"caps_last_first": lambda s, _a: re.fullmatch(r"[A-Z]{2,}[A-Z'\- ]* [A-Z][a-z]+", s)},
    "DOCTOR": {"last_comma_initial": lambda s, _a: re.fullmatch(r"[^,]+, [A-Za-z]\.", s)},
    "AGE": {"spelled": lambda s, _a: s.replace("-", "").isalpha() and not s.endswith("s")},
    "PHONE": {"intl": lambda s, _a: s.startswith("+1")},
    "SSN": {"plain": lambda s, _a: re.fullmatch(r"\d{9}", s)},
}


def _forms_seen(rows, patterns):
    seen = Counter()
    for r in rows:
        text = r["text"]
        for s in r["spans"]:
            surface, after = text[s["start"]:s["end"]], text[s["end"]:s["end"] + 3]
            for form, pred in patterns.get(s["label"], {}).items():
                if pred(surface, after):
                    seen[f"{s['label']}:{form}"] += 1
    return seen


def test_heldout_surface_forms(train, dev, test_rows):
    assert not _forms_seen(train, HELDOUT_PATTERNS), _forms_seen(train, HELDOUT_PATTERNS)
    assert not _forms_seen(train, TEST_PATTERNS), _forms_seen(train, TEST_PATTERNS)
    assert not _forms_seen(dev, TEST_PATTERNS), _forms_seen(dev, TEST_PATTERNS)
    dev_held = _forms_seen(dev, HELDOUT_PATTERNS)
    assert {"DATE:compact", "DATE:dot_dmy", "PATIENT:hl7", "PHONE:dotted"} <= set(dev_held), dev_held
    test_only = _forms_seen(test_rows, TEST_PATTERNS)
    assert {"DATE:ordinal_of", "AGE:spelled", "PHONE:intl"} <= set(test_only), test_only


def test_phrasing_variants_held_out_of_train():
    train, dev = Policy("train"), Policy("dev")
    import random
    rng = random.Random(0)
    options = [f"variant {i}" for i in range(8)]
    held = splits.heldout_variants("one_liner", 8)
    assert held and len(held) == 2
    seen_train = {train.pick(rng, "one_liner", options) for _ in range(500)}
    seen_dev = {dev.pick(rng, "one_liner", options) for _ in range(500)}
    assert seen_train == {o for i, o in enumerate(options) if i not in held}
    assert seen_dev == set(options)
    assert splits.heldout_variants("two_only", 2) == ()
    assert splits.heldout_variants("one_liner", 8) == held  # fixed, not seeded


# -- text that must stay -------------------------------------------------------------------------

def test_negative_vocabulary_present_and_never_annotated(train):
    joined = "\n".join(r["text"] for r in train).casefold()
    eponyms = [e for e in vocab.EPONYMS if e.casefold() in joined]
    assert len(eponyms) >= 25, eponyms
    drugs = [d for d in vocab.DRUGS if d.casefold() in joined]
    assert len(drugs) >= 40
    scores = [x for x in vocab.SCORES if x.casefold() in joined]
    assert len(scores) >= 15, scores
    for needle in ("cpt ", "icd-10", "glasgow coma scale", "foley", "1/2 tab", "medicare", "emergency department"):
        assert needle in joined, needle
    phrases = [p.casefold() for p in vocab.EPONYMS + vocab.DATE_LIKE_NON_PHI + vocab.CODES + vocab.SCORES]
    for r in train:
        low = r["text"].casefold()
        for p in phrases:
            for m in re.finditer(re.escape(p), low):
                for s in r["spans"]:
                    assert s["end"] <= m.start() or s["start"] >= m.end(), (r["id"], p, s)


def test_cli_writes_jsonl(tmp_path, capsys):
    out = tmp_path / "synth" / "dev.jsonl"
    assert synth_cli(["--split", "dev", "--n", "12", "--seed", "2", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12 and all(r["split"] == "dev" for r in rows)
    assert rows == list(synth.generate("dev", 12, seed=2))
    assert "12 dev notes" in capsys.readouterr().err
