"""Note-type writers: one function per note type, each ``(ctx) -> segments``.

Which split may use which type is decided in :mod:`..splits`; this module only maps names to
writers, and :func:`check_registry` keeps the two in step.
"""
from __future__ import annotations

from typing import Callable, Dict

from ..builder import Segs
from ..context import Ctx
from ..splits import ALL_NOTE_TYPES
from . import ambulatory, inpatient, reports

Writer = Callable[[Ctx], Segs]

WRITERS: Dict[str, Writer] = {
    "discharge_summary": inpatient.discharge_summary,
    "history_and_physical": inpatient.history_and_physical,
    "progress_note": inpatient.progress_note,
    "nursing_note": inpatient.nursing_note,
    "operative_note": inpatient.operative_note,
    "medication_reconciliation": inpatient.medication_reconciliation,
    "discharge_instructions": inpatient.discharge_instructions,
    "consult_note": inpatient.consult_note,
    "radiology_report": reports.radiology_report,
    "pathology_report": reports.pathology_report,
    "ecg_report": reports.ecg_report,
    "echo_report": reports.echo_report,
    "lab_results": reports.lab_results,
    "anticoagulation_visit": ambulatory.anticoagulation_visit,
    "telephone_encounter": ambulatory.telephone_encounter,
    "ed_triage": ambulatory.ed_triage,
    "referral_letter": ambulatory.referral_letter,
    "social_work_note": ambulatory.social_work_note,
    "physical_therapy_note": ambulatory.physical_therapy_note,
    "psychiatry_note": ambulatory.psychiatry_note,
    "patient_letter": ambulatory.patient_letter,
}


def check_registry() -> None:
    missing = set(ALL_NOTE_TYPES) - set(WRITERS)
    extra = set(WRITERS) - set(ALL_NOTE_TYPES)
    if missing or extra:
        raise RuntimeError(f"note writers out of step with splits: missing {sorted(missing)}, extra {sorted(extra)}")


check_registry()
