"""The per-note context: random stream, split policy, patient, note date, style and PHI helpers.

Why one object: writers should read like notes ("Patient: {name}  MRN: {mrn}"), not like
bookkeeping. The context owns every decision that must be consistent inside a note (the date
format the EHR header uses, how this author writes the patient's name, header case, bullets,
table layout, wrapping, noise) and every decision the split policy constrains (which surface
forms and phrasing variants are allowed), so a writer cannot leak a held-out form into train.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, TypeVar

from . import phi as P
from . import vocab
from .builder import Noise, Piece, Seg, Segs, as_segs, phi, wrap
from .splits import Policy

T = TypeVar("T")


@dataclass
class Style:
    """How this note looks. Drawn once per note; writers may override fields."""

    hdr_case: str = "upper"  # upper | title
    hdr_end: str = ":\n"  # ":\n" (header on its own line), ": " (inline), "\n" (no colon)
    gap: str = "\n"  # between sections
    bullet: str = "- "  # "- ", "* ", "• ", "num", "num)", ""
    table: str = "aligned"  # aligned | pipe | inline | csv
    wrap: Optional[int] = None
    noise: Noise = field(default_factory=Noise)
    rule: str = ""  # a line of "=" or "-" under titles, or ""


PATIENT_FACING = ("patient_letter", "discharge_instructions", "referral_letter")


def draw_style(rng: random.Random, note_type: str) -> Style:
    st = Style()
    st.hdr_case = rng.choice(("upper", "upper", "title", "title", "title"))
    st.hdr_end = rng.choice((":\n", ":\n", ": ", "\n", ":\n"))
    st.gap = rng.choice(("\n", "\n", "\n\n"))
    st.bullet = rng.choice(("- ", "- ", "* ", "• ", "num", "num", "num)", ""))
    st.table = rng.choice(("aligned", "aligned", "pipe", "inline", "csv"))
    st.wrap = rng.choice((None, None, None, 72, 78, 80, 66))
    st.rule = rng.choice(("", "", "", "=", "-"))
    n = Noise()
    st.noise = n
    if note_type in PATIENT_FACING:
        # Letters and instructions are written for patients: no shorthand, no dropped periods.
        n.typo_rate = 0.003 if rng.random() < 0.2 else 0.0
        n.case = "upper" if rng.random() < 0.03 else None
        return st
    case_roll = rng.random()
    if note_type == "nursing_note":
        n.case = "lower" if case_roll < 0.6 else None
    elif case_roll < 0.04:
        n.case = "lower"
    elif case_roll < 0.1:
        n.case = "upper"
    if rng.random() < 0.3 or note_type in ("nursing_note", "ed_triage", "telephone_encounter"):
        n.abbreviate = rng.choice((0.3, 0.6, 0.9))
    if rng.random() < 0.25 or note_type == "nursing_note":
        n.drop_periods = rng.choice((0.3, 0.7, 1.0))
    if rng.random() < 0.2:
        n.typo_rate = rng.choice((0.005, 0.01, 0.02))
    return st


class Ctx:
    """Everything one writer needs to produce one note."""

    def __init__(self, rng: random.Random, policy: Policy, patient: P.Patient, note_type: str, date: dt.date) -> None:
        self.rng = rng
        self.policy = policy
        self.pt = patient
        self.note_type = note_type
        self.today = date
        self.style = draw_style(rng, note_type)
        self.date_form = policy.form(rng, "date", P.FULL_DATE_FORMS)
        self.day_form = policy.form(rng, "date_partial", P.DAY_DATE_FORMS)
        self.pt_header_form = policy.form(rng, "patient_name", P.PATIENT_HEADER_FORMS)
        self.staff_form = policy.form(rng, "staff_name", P.STAFF_FORMS)
        self.age_form = policy.form(rng, "age", P.AGE_FORMS)
        self.phone_form = policy.form(rng, "phone", P.PHONE_FORMS)
        self.time_style = rng.choice(("mil", "mil", "colon", "ampm"))
        self.scenario = vocab.SCENARIOS_BY_KEY[patient.scenario]

    # -- randomness --------------------------------------------------------------------------
    def pick(self, family: str, options: Sequence[T]) -> T:
        """One phrasing variant of ``family`` allowed in this split (see splits.heldout_variants)."""
        return self.policy.pick(self.rng, family, options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> List[T]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    # -- layout ------------------------------------------------------------------------------
    def h(self, *titles: str) -> Segs:
        """A section header: one of the synonyms, in this note's header case and punctuation."""
        title = self.pick("hdr:" + titles[0], titles)
        if self.style.hdr_case == "upper":
            title = title.upper()
        return [Seg(title + self.style.hdr_end)]

    def bullets(self, items: Sequence[Piece], style: Optional[str] = None) -> Segs:
        style = self.style.bullet if style is None else style
        out: Segs = []
        for i, item in enumerate(items, 1):
            mark = f"{i}. " if style == "num" else f"{i}) " if style == "num)" else style
            out += [Seg(mark)] + as_segs(item) + [Seg("\n")]
        return out

    def prose(self, *pieces: Piece) -> Segs:
        segs = as_segs(list(pieces))
        if self.style.wrap:
            return wrap(segs, self.style.wrap)
        return segs

    # -- times and dates ---------------------------------------------------------------------
    def time(self, hour: Optional[int] = None, minute: Optional[int] = None, style: Optional[str] = None) -> str:
        h = self.rng.randrange(24) if hour is None else hour
        m = self.rng.choice((0, 5, 10, 15, 20, 22, 30, 35, 40, 45, 48, 50, 55)) if minute is None else minute
        style = style or self.time_style
        if style == "colon":
            return f"{h:02d}:{m:02d}"
        if style == "ampm":
            return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"
        return f"{h:02d}{m:02d}"

    def days(self, n: int) -> dt.date:
        return self.today + dt.timedelta(days=n)

    def date_seg(self, d: dt.date, gran: str = "full", form: Optional[str] = None) -> Seg:
        """A DATE span. ``gran``: full (with year), day (year optional), month, year, header."""
        rng = self.rng
        if form is None:
            if gran == "header":
                form = self.date_form
            elif gran == "full":
                form = self.date_form if rng.random() < 0.6 else self.policy.form(rng, "date", P.FULL_DATE_FORMS)
            elif gran == "day":
                form = self.day_form if rng.random() < 0.4 else (
                    self.policy.form(rng, "date_partial", P.DAY_DATE_FORMS) if rng.random() < 0.6
                    else self.policy.form(rng, "date", P.FULL_DATE_FORMS))
            elif gran == "month":
                form = self.policy.form(rng, "date_partial", P.MONTH_DATE_FORMS)
            elif gran == "year":
                form = self.policy.form(rng, "date_partial", P.YEAR_DATE_FORMS)
            else:
                raise ValueError(gran)
        return phi(P.format_date(d, form, rng), "DATE")

    def date(self, d: dt.date, gran: str = "full", form: Optional[str] = None) -> Segs:
        return [self.date_seg(d, gran, form)]

    def datetime(self, d: dt.date, gran: str = "header", hour: Optional[int] = None) -> Segs:
        sep = self.choice((" ", " ", "  ", " at ", " @ "))
        return [self.date_seg(d, gran), Seg(sep + self.time(hour))]

    def holiday(self) -> Segs:
        name, _m, _d = self.choice(vocab.HOLIDAYS)
        if name.startswith("the "):
            return [Seg("the "), phi(name[4:], "DATE")]
        return [phi(name, "DATE")]

    # -- people ------------------------------------------------------------------------------
    def pt_name(self, where: str = "narrative", form: Optional[str] = None) -> Segs:
        person = self.pt.person
        if form is None:
            if where == "header":
                form = self.pt_header_form if self.chance(0.8) else \
                    self.policy.form(self.rng, "patient_name", P.PATIENT_HEADER_FORMS)
            elif where == "full":
                form = self.policy.form(self.rng, "patient_name", ("first_last", "first_last", "first_mi_last",
                                                                   "full_middle", "last_first"))
            else:
                form = self.choice(P.PATIENT_NARRATIVE_FORMS)
        return P.patient_name(self.rng, person, form)

    def rel_name(self, rel: P.Relative, form: Optional[str] = None) -> Segs:
        form = form or self.choice(("first_only", "first_only", "first_last", "first_last", "title_last", "initial_last"))
        return P.patient_name(self.rng, rel.person, form)

    def relative(self, relation: Optional[str] = None) -> P.Relative:
        for r in self.pt.relatives:
            if relation is None or r.relation == relation:
                return r
        return self.pt.relatives[0]

    def staff(self, role: str = "physician", where: str = "hospital", service: str = "",
              reuse: float = 0.55, avoid: Sequence[P.Staff] = ()) -> P.Staff:
        """A clinician; ``avoid`` keeps distinct roles (surgeon, assistant...) distinct people."""
        h = {"hospital": self.pt.hospital, "clinic": self.pt.clinic, "facility": self.pt.facility,
             "outside": self.pt.outside}[where]
        s = P.hospital_staff(self.rng, self.policy, h, role, service, reuse)
        if any(s is a for a in avoid):
            s = P.hospital_staff(self.rng, self.policy, h, role, service, reuse=0.0)
        return s

    def doc(self, s: P.Staff, form: Optional[str] = None, cred: bool = True) -> Segs:
        if form is None:
            form = self.staff_form if self.chance(0.5) else self.policy.form(self.rng, "staff_name", P.STAFF_FORMS)
        return P.staff_name(self.rng, s, form, cred)

    def dr(self, s: P.Staff) -> Segs:
        """A narrative mention: "Dr. Lee" / "Dr Anna Lee" / "Anna Lee, NP"."""
        return self.doc(s, self.choice(("dr_last", "dr_last", "dr_full", "full_cred")))

    def initials(self, s: P.Staff) -> Seg:
        return phi(s.person.initials, "DOCTOR", s.person.origin())

    def transcriptionist(self) -> Seg:
        p = P.make_person(self.rng, self.policy.locale(self.rng))
        return phi((p.first[0] + p.last.replace("'", "")[0]).lower(), "DOCTOR", p.origin())

    def username(self, s: P.Staff) -> Seg:
        return phi(s.username, "USERNAME")

    # -- ages --------------------------------------------------------------------------------
    @property
    def age(self) -> int:
        return self.pt.age_on(self.today)

    def age_segs(self, age: Optional[int] = None, form: Optional[str] = None, sex: Optional[str] = None,
                 allow_decade: bool = False) -> Segs:
        age = self.age if age is None else age
        sex = self.pt.person.sex if sex is None else sex
        if form is None:
            form = self.age_form if self.chance(0.5) else self.policy.form(self.rng, "age", P.AGE_FORMS)
        if form == "decade" and (not allow_decade or age < 20):
            form = "hyph"
        if form == "spelled" and age > 99:
            form = "hyph"
        return P.age_segs(self.rng, age, form, sex)

    def age_num(self, age: Optional[int] = None) -> Seg:
        return phi(str(self.age if age is None else age), "AGE")

    @property
    def sex_word(self) -> str:
        return self.choice(("man", "male", "gentleman")) if self.pt.person.sex == "M" else \
            self.choice(("woman", "female", "lady"))

    @property
    def he(self) -> str:
        return "he" if self.pt.person.sex == "M" else "she"

    @property
    def his(self) -> str:
        return "his" if self.pt.person.sex == "M" else "her"

    # -- contacts and identifiers -------------------------------------------------------------
    def phone(self, ph: P.Phone, label: str = "PHONE", ext: bool = False, form: Optional[str] = None) -> Segs:
        form = form or (self.phone_form if self.chance(0.6) else self.policy.form(self.rng, "phone", P.PHONE_FORMS))
        value = ph.fmt(form)
        if ext:
            value += self.choice((" ext. ", " x", " ext ", " x ", ", ext. ")) + P.digits(self.rng, self.choice((3, 4, 4, 5)), True)
        return [phi(value, label)]

    def pager(self, s: P.Staff) -> Segs:
        word = self.choice(("Pager ", "pager ", "Pgr ", "pgr #", "p. ", "beeper ", "Pager #"))
        return [Seg(word), phi(s.pager, "PHONE")]

    def mrn(self) -> Seg:
        return phi(self.pt.mrn, "MEDICALRECORD")

    def ssn(self) -> Seg:
        return phi(P.ssn_form(self.pt.ssn, self.policy.form(self.rng, "ssn", ("dashes", "dashes", "spaced", "plain"))), "SSN")

    def ssn_last4(self) -> Seg:
        return phi(f"{self.pt.ssn[2]:04d}", "SSN")

    def idnum(self, prefix: str, year: Optional[int] = None) -> Seg:
        return phi(P.accession(self.rng, prefix, year or self.today.year), "IDNUM")

    def hosp(self, h: P.Hospital, abbrev: float = 0.0, caps: bool = False) -> Seg:
        name = h.abbrev if self.chance(abbrev) else h.name
        return phi(name.upper() if caps else name, "HOSPITAL")

    def dept(self, h: Optional[P.Hospital] = None) -> Seg:
        h = h or self.pt.hospital
        return phi(self.choice(h.departments), "DEPARTMENT")

    def ward(self, h: Optional[P.Hospital] = None) -> Seg:
        h = h or self.pt.hospital
        return phi(self.choice(h.wards), "ROOM")

    def room_segs(self) -> Segs:
        """A room or bed mention; "Room"/"Bed" words stay outside the ROOM span."""
        r = self.rng
        room = f"{r.randint(1, 12)}{r.randint(0, 3)}{r.randint(0, 9)}{r.choice(['', '', 'A', 'B', 'b'])}"
        k = r.randrange(8)
        if k == 0:
            return [Seg(self.choice(("Room ", "Rm ", "rm "))), phi(room, "ROOM")]
        if k == 1:
            return [Seg(self.choice(("Bed ", "bed "))), phi(str(r.randint(1, 30)), "ROOM")]
        if k == 2:
            return [self.ward(), Seg(self.choice((", Room ", " Rm ", ", rm "))), phi(room, "ROOM")]
        if k == 3:
            return [self.ward(), Seg(", Bed "), phi(str(r.randint(1, 30)), "ROOM")]
        if k == 4:
            return [phi(self.choice(vocab.BUILDINGS), "ROOM"), Seg(" Room "), phi(room, "ROOM")]
        if k == 5:
            return [Seg("Room "), phi(room, "ROOM"), Seg(" on "), self.ward()]
        if k == 6:
            return [Seg(self.choice(("ICU bed ", "SICU bed ", "CCU bed "))), phi(str(r.randint(1, 24)), "ROOM")]
        return [self.ward()]

    def address(self, a: Optional[P.Address] = None, sep: str = ", ", full_state: Optional[bool] = None) -> Segs:
        a = a or self.pt.address
        full = self.chance(0.2) if full_state is None else full_state
        state = vocab.STATES[a.state] if full else a.state
        return [phi(a.street, "STREET"), Seg(sep), phi(a.city, "CITY"), Seg(", "), phi(state, "STATE"),
                Seg(self.choice((" ", "  ", " "))), phi(a.zip, "ZIP")]

    def country(self, name: str) -> Segs:
        return ([Seg("the ")] if name in vocab.THE_COUNTRIES else []) + [phi(name, "COUNTRY")]

    def org(self, name: str) -> Seg:
        return phi(name, "ORGANIZATION")

    def email(self, value: str) -> Seg:
        return phi(value, "EMAIL")

    def url(self, h: Optional[P.Hospital] = None, kind: str = "portal") -> Seg:
        h = h or self.pt.hospital
        r = self.rng
        if kind == "portal":
            v = self.choice((f"https://mychart.{h.domain}", f"https://mychart.{h.domain}/MyChart/", f"www.{h.domain}/portal",
                             f"https://patientportal.{h.domain}/login", f"https://{h.domain}/patients"))
        elif kind == "images":
            v = f"https://imageshare.{h.domain}/view?acc={P.letters(r, 2)}{P.digits(r, 9)}"
        elif kind == "education":
            v = self.choice((f"https://{h.domain}/education/{self.choice(('heart-failure', 'warfarin', 'stroke', 'diabetes', 'hip-precautions', 'colonoscopy-prep'))}",
                             f"www.{h.domain}/patient-education", f"http://{h.domain}/pe/{P.digits(r, 5)}.pdf"))
        else:
            v = self.choice((f"www.{h.domain}", f"https://www.{h.domain}", f"{h.domain}"))
        return phi(v, "URL")

    def ip(self, private: Optional[bool] = None) -> Seg:
        return phi(P.ip_address(self.rng, private), "IPADDR")


def segs_if(cond: bool, *pieces: Piece) -> Segs:
    return as_segs(list(pieces)) if cond else []
