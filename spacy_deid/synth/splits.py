"""What each split may contain: the holdout design (quoted in the package docstring).

Why hold out more than the seed: a model scored on notes from the same templates, the same
surface forms and the same name lists it was trained on measures memorisation. Dev and test
therefore contain things train never shows, at four levels, and test contains a few more that
even dev never shows (so model selection on dev cannot tune to them):

============  =====================================  ==========================================
level         dev and test (never train)             test only
============  =====================================  ==========================================
note types    consult_note, echo_report,             patient_letter
              psychiatry_note
phrasings     ~1/4 of the variants of every phrasing  --
              family with 3+ variants (fixed by a
              hash of the family name, not the seed)
PHI forms     see HELDOUT_FORMS                      see TEST_FORMS
name origins  vi_VN, ja_JP                           yo_NG
============  =====================================  ==========================================

Dev and test also draw everything train draws; held-out note types get twice the weight of the
others there so they make up about a quarter of the notes. Patients never cross splits (patient
ids carry the split), and the random streams of each split are seeded with the split name, so
``generate("dev", n, 1)`` and ``generate("test", n, 1)`` share nothing but the design.
"""
from __future__ import annotations

import random
import zlib
from typing import Dict, List, Sequence, Tuple, TypeVar

T = TypeVar("T")

SPLITS: Tuple[str, ...] = ("train", "dev", "test")

TRAIN_NOTE_TYPES: Tuple[str, ...] = (
    "discharge_summary", "history_and_physical", "progress_note", "nursing_note", "radiology_report",
    "pathology_report", "ecg_report", "anticoagulation_visit", "telephone_encounter", "ed_triage",
    "operative_note", "lab_results", "referral_letter", "medication_reconciliation", "social_work_note",
    "discharge_instructions", "physical_therapy_note",
)
HELDOUT_NOTE_TYPES: Tuple[str, ...] = ("consult_note", "echo_report", "psychiatry_note")
TEST_NOTE_TYPES: Tuple[str, ...] = ("patient_letter",)
ALL_NOTE_TYPES: Tuple[str, ...] = TRAIN_NOTE_TYPES + HELDOUT_NOTE_TYPES + TEST_NOTE_TYPES

# Name origins (faker locales whose name lists are in Latin script, plus "word": first names
# and surnames that are also English words, months or eponyms). Weights are relative.
TRAIN_LOCALES: Dict[str, float] = {
    "en_US": 30, "en_GB": 6, "es_MX": 9, "es_ES": 3, "fr_FR": 3, "de_DE": 3, "it_IT": 4, "pt_BR": 4,
    "pl_PL": 3, "zh_CN": 4, "en_IN": 5, "en_PK": 3, "ig_NG": 3, "ga_IE": 3, "word": 7,
}
HELDOUT_LOCALES: Dict[str, float] = {"vi_VN": 5, "ja_JP": 3}
TEST_LOCALES: Dict[str, float] = {"yo_NG": 4}
ALL_LOCALES: Tuple[str, ...] = tuple(TRAIN_LOCALES) + tuple(HELDOUT_LOCALES) + tuple(TEST_LOCALES)

# Surface forms by family. Every form not listed here is a train form.
HELDOUT_FORMS: Dict[str, Tuple[str, ...]] = {
    "date": ("compact", "dot_dmy"),  # 20190314, 14.03.2019
    "date_partial": ("mY_slash",),  # 03/2019
    "patient_name": ("hl7", "last_first_nospace"),  # SMITH^JOHN^C, Smith,John
    "staff_name": ("last_initial",),  # Lee A
    "age": ("glued_yo",),  # 67yo, 67y/o
    "phone": ("dotted",),  # 617.555.0147
    "ssn": ("spaced",),  # 431 70 9158
}
TEST_FORMS: Dict[str, Tuple[str, ...]] = {
    "date": ("ordinal_of", "mdY_dash"),  # 14th of March 2019, 03-14-2019
    "date_partial": ("mon_apos_yy",),  # Mar '19
    "patient_name": ("caps_last_first",),  # SMITH John
    "staff_name": ("last_comma_initial",),  # Lee, A.
    "age": ("spelled",),  # sixty-seven-year-old
    "phone": ("intl",),  # +1 617 555 0147
    "ssn": ("plain",),  # 431709158
}


def heldout_variants(family: str, n: int) -> Tuple[int, ...]:
    """Indices of a phrasing family's variants that train never uses.

    Fixed by a CRC of the family name (not by the seed), so every run and every seed holds out
    the same phrasings; families with fewer than 3 variants hold out nothing.
    """
    if n < 3:
        return ()
    k = max(1, n // 4)
    return tuple(sorted(random.Random(zlib.crc32(family.encode("utf-8"))).sample(range(n), k)))


class Policy:
    """The split's view of the design: which note types, origins, forms and variants it may use."""

    def __init__(self, split: str) -> None:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
        self.split = split
        self.is_train = split == "train"
        self.is_test = split == "test"
        types: Dict[str, float] = {t: 1.0 for t in TRAIN_NOTE_TYPES}
        locales: Dict[str, float] = dict(TRAIN_LOCALES)
        if not self.is_train:
            types.update({t: 2.0 for t in HELDOUT_NOTE_TYPES})
            locales.update(HELDOUT_LOCALES)
        if self.is_test:
            types.update({t: 2.0 for t in TEST_NOTE_TYPES})
            locales.update(TEST_LOCALES)
        self.note_types: Dict[str, float] = types
        self.locales: Dict[str, float] = locales
        self._type_keys = list(types)
        self._type_cum = _cumulative(list(types.values()))
        self._loc_keys = list(locales)
        self._loc_cum = _cumulative(list(locales.values()))
        self._variant_cache: Dict[Tuple[str, int], List[int]] = {}

    # -- draws ------------------------------------------------------------------------------
    def note_type(self, rng: random.Random) -> str:
        return rng.choices(self._type_keys, cum_weights=self._type_cum)[0]

    def locale(self, rng: random.Random) -> str:
        return rng.choices(self._loc_keys, cum_weights=self._loc_cum)[0]

    def form_allowed(self, family: str, form: str) -> bool:
        if form in TEST_FORMS.get(family, ()):
            return self.is_test
        if form in HELDOUT_FORMS.get(family, ()):
            return not self.is_train
        return True

    def forms(self, family: str, candidates: Sequence[str]) -> List[str]:
        allowed = [f for f in candidates if self.form_allowed(family, f)]
        if not allowed:
            raise ValueError(f"no {family} form allowed in {self.split} among {candidates}")
        return allowed

    def form(self, rng: random.Random, family: str, candidates: Sequence[str]) -> str:
        return rng.choice(self.forms(family, candidates))

    def variant_indices(self, family: str, n: int) -> List[int]:
        key = (family, n)
        got = self._variant_cache.get(key)
        if got is None:
            held = set(heldout_variants(family, n)) if self.is_train else set()
            got = [i for i in range(n) if i not in held]
            self._variant_cache[key] = got
        return got

    def pick(self, rng: random.Random, family: str, options: Sequence[T]) -> T:
        """Choose one phrasing variant of ``family`` allowed in this split."""
        return options[rng.choice(self.variant_indices(family, len(options)))]


def _cumulative(weights: Sequence[float]) -> List[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
