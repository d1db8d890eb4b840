"""Blocks shared by the note writers: headers, vitals, labs, medications, exams, sign-offs.

Why shared blocks with many variants rather than whole-note templates: real notes are
assembled from EHR blocks (a demographics banner, a vitals flowsheet pull, a lab table, a
signature line) whose look differs by site and author. Each block here has several layouts and
phrasings; each variant family goes through ``ctx.pick`` so the split policy can hold some
variants out of training.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional, Sequence, Tuple

from .. import phi as P
from .. import vocab
from ..builder import S, Seg, Segs, join, phi
from ..context import Ctx

# ---------------------------------------------------------------------------------------------
# Facility and patient banners
# ---------------------------------------------------------------------------------------------


def facility_banner(ctx: Ctx, h: Optional[P.Hospital] = None, title: str = "", address: Optional[bool] = None) -> Segs:
    h = h or ctx.pt.hospital
    caps = ctx.chance(0.45)
    out: Segs = [ctx.hosp(h, caps=caps)]
    if ctx.chance(0.25):
        out += [Seg(" - "), ctx.dept(h)]
    out.append(Seg("\n"))
    if address if address is not None else ctx.chance(0.3):
        out += ctx.address(h.address) + [Seg("\n")]
        if ctx.chance(0.6):
            out += [Seg("Tel ")] + ctx.phone(h.phone) + [Seg("   Fax ")] + ctx.phone(h.fax, "FAX") + [Seg("\n")]
    if title:
        t = title.upper() if ctx.style.hdr_case == "upper" or ctx.chance(0.5) else title
        out.append(Seg(t + "\n"))
        if ctx.style.rule:
            out.append(Seg(ctx.style.rule * len(t) + "\n"))
    return out


def _label(ctx: Ctx, family: str, options: Sequence[str]) -> str:
    lab = ctx.pick("lbl:" + family, options)
    return lab.upper() if ctx.style.hdr_case == "upper" else lab


def patient_fields(ctx: Ctx, want: Sequence[str], extra: Sequence[Tuple[str, Segs]] = ()) -> List[Tuple[str, Segs]]:
    """Labelled demographic fields; each value is PHI except sex."""
    pt = ctx.pt
    fields: List[Tuple[str, Segs]] = []
    for key in want:
        if key == "name":
            fields.append((_label(ctx, "name", ("Patient", "Name", "Patient Name", "PT NAME", "Pt")), ctx.pt_name("header")))
        elif key == "mrn":
            fields.append((_label(ctx, "mrn", ("MRN", "MR#", "Medical Record #", "Med Rec No", "Unit No", "MRN #", "Hosp #")), [ctx.mrn()]))
        elif key == "dob":
            fields.append((_label(ctx, "dob", ("DOB", "Date of Birth", "D.O.B.", "Birth Date", "BD")), ctx.date(pt.dob, "header")))
        elif key == "age":
            fields.append((_label(ctx, "age", ("Age", "AGE", "Age/Sex")),
                           [ctx.age_num(), Seg(ctx.choice(("", " y", " yr", " Y", " years", " yo")) + ctx.choice(("", "", f" {pt.person.sex}", f"/{pt.person.sex}")))]))
        elif key == "sex":
            fields.append((_label(ctx, "sex", ("Sex", "Gender", "SEX")), [Seg(ctx.choice((pt.person.sex, "Male" if pt.person.sex == "M" else "Female")))]))
        elif key == "acct":
            fields.append((_label(ctx, "acct", ("Account #", "Acct", "ACCT", "Encounter #", "FIN", "Visit #", "CSN")), [phi(pt.account, "ACCOUNT")]))
        elif key == "ssn":
            fields.append((_label(ctx, "ssn", ("SSN", "SS#", "Social Security #")), [ctx.ssn()]))
        elif key == "phone":
            fields.append((_label(ctx, "phone", ("Phone", "Home Phone", "Tel", "Contact #", "Cell")), ctx.phone(pt.home_phone if ctx.chance(0.5) else pt.cell_phone)))
        elif key == "address":
            fields.append((_label(ctx, "addr", ("Address", "Home Address", "Addr")), ctx.address()))
        elif key == "pcp":
            fields.append((_label(ctx, "pcp", ("PCP", "Primary Care", "Primary Care Physician", "Referring MD")), ctx.doc(pt.pcp)))
        elif key == "insurance":
            fields.append((_label(ctx, "ins", ("Insurance", "Payer", "Coverage", "Primary Ins")), insurance_segs(ctx)))
        elif key == "location":
            fields.append((_label(ctx, "loc", ("Location", "Unit", "Room", "Loc", "Pt Location")), ctx.room_segs()))
    fields.extend(extra)
    return fields


def insurance_segs(ctx: Ctx) -> Segs:
    pt = ctx.pt
    mid = phi(pt.member_id, "HEALTHPLAN")
    word = ctx.choice(("member ID ", "ID ", "Member # ", "Subscriber ID: ", "policy # ", "MBI "))
    if pt.insurer:
        head: Segs = ([Seg(pt.payer_type + ", ")] if pt.payer_type.startswith("Medicare") and ctx.chance(0.5) else [])
        return head + [ctx.org(pt.insurer), Seg(", " + word), mid]
    return [Seg(pt.payer_type + ", " + word), mid]


def render_fields(ctx: Ctx, fields: List[Tuple[str, Segs]], layout: Optional[str] = None) -> Segs:
    """Lay out labelled fields: one per line, two columns, pipes, or a bare banner row."""
    layout = layout or ctx.pick("banner_layout", ("lines", "two_col", "pipes", "lines", "two_col", "semicolon", "bare"))
    out: Segs = []
    if layout == "lines":
        for lab, val in fields:
            out += [Seg(f"{lab}: ")] + val + [Seg("\n")]
    elif layout == "two_col":
        for i in range(0, len(fields), 2):
            lab, val = fields[i]
            left = [Seg(f"{lab}: ")] + val
            width = sum(len(s.text) for s in left)
            out += left
            if i + 1 < len(fields):
                lab2, val2 = fields[i + 1]
                out += [Seg(" " * max(2, 36 - width) + f"{lab2}: ")] + val2
            out.append(Seg("\n"))
    elif layout in ("pipes", "semicolon"):
        sep = " | " if layout == "pipes" else "; "
        parts = [[Seg(f"{lab}: ")] + val for lab, val in fields]
        for i in range(0, len(parts), 4):
            out += join(parts[i:i + 4], sep) + [Seg("\n")]
    else:  # bare row: values only, as printed on a banner
        vals = [val for _lab, val in fields]
        out += join(vals, "   ") + [Seg("\n")]
    return out


# ---------------------------------------------------------------------------------------------
# Vitals, labs
# ---------------------------------------------------------------------------------------------


def vitals(ctx: Ctx, sick: bool = False) -> Segs:
    r = ctx.rng
    sbp = r.randint(96, 178) if sick else r.randint(104, 148)
    dbp = r.randint(52, 96)
    hr = r.randint(88, 128) if sick else r.randint(56, 96)
    rr = r.randint(18, 28) if sick else r.randint(12, 20)
    t_f = round(r.uniform(98.9, 102.9) if sick and r.random() < 0.5 else r.uniform(97.2, 99.1), 1)
    spo2 = r.randint(88, 95) if sick else r.randint(94, 100)
    o2 = ctx.choice(("RA", "room air", "2L NC", "on 2 L", "RA")) if spo2 > 91 else ctx.choice(("3L NC", "4 L NC", "NRB"))
    wt = r.randint(48, 131)
    temp = f"{t_f}F" if r.random() < 0.6 else f"{round((t_f - 32) / 1.8, 1)}C"
    layout = ctx.pick("vitals", ("inline", "labelled", "slash", "table", "inline"))
    if layout == "inline":
        s = f"BP {sbp}/{dbp}, HR {hr}, RR {rr}, T {temp}, SpO2 {spo2}% {o2}"
        if r.random() < 0.4:
            s += f", Wt {wt} kg"
        return [Seg(s + "\n")]
    if layout == "labelled":
        return [Seg(f"Blood pressure {sbp}/{dbp} mmHg, pulse {hr}, respirations {rr}, temperature {temp}, "
                    f"oxygen saturation {spo2}% on {o2}.\n")]
    if layout == "slash":
        return [Seg(f"T {temp}  P {hr}  R {rr}  BP {sbp}/{dbp}  O2 sat {spo2}% {o2}  Pain {r.randint(0, 9)}/10\n")]
    rows = [("Temp", temp), ("HR", str(hr)), ("BP", f"{sbp}/{dbp}"), ("RR", str(rr)), ("SpO2", f"{spo2}% {o2}"), ("Weight", f"{wt} kg")]
    return [Seg("".join(f"  {k:<8}{v}\n" for k, v in rows))]


def lab_value(ctx: Ctx, name: str, abnormal: Optional[Tuple[float, float]] = None) -> Tuple[str, str]:
    lab = vocab.LABS[name]
    r = ctx.rng
    if abnormal:
        v = r.uniform(*abnormal)
    else:
        span = lab.high - lab.low
        v = r.uniform(lab.low + 0.05 * span, lab.high - 0.05 * span) if r.random() < 0.85 else \
            r.uniform(lab.high, lab.high + 0.3 * span + 0.1)
    flag = "H" if v > lab.high else "L" if v < lab.low else ""
    return (f"{v:.{lab.decimals}f}" if lab.decimals else str(int(round(v)))), flag


def lab_table(ctx: Ctx, names: Sequence[str], abnormal: Optional[Dict[str, Tuple[float, float]]] = None,
              layout: Optional[str] = None, ranges: bool = True) -> Segs:
    abnormal = abnormal or {}
    rows = []
    for n in names:
        lab = vocab.LABS[n]
        v, flag = lab_value(ctx, n, abnormal.get(n))
        ref = f"{lab.low:g}-{lab.high:g}" if lab.low > 0 else f"<{lab.high:g}"
        rows.append((n if ctx.chance(0.6) else lab.abbr, v, flag, lab.unit, ref))
    layout = layout or ctx.style.table
    if layout == "inline":
        return [Seg(", ".join(f"{a} {v}{'*' if f else ''}" for a, v, f, _u, _r in rows) + "\n")]
    if layout == "pipe":
        head = "| Test | Result | Flag | Units | Ref Range |\n" if ranges else "| Test | Result | Units |\n"
        body = "".join((f"| {a} | {v} | {f} | {u} | {rr} |\n" if ranges else f"| {a} | {v} | {u} |\n")
                       for a, v, f, u, rr in rows)
        return [Seg(head + ("|---|---|---|---|---|\n" if ranges else "|---|---|---|\n") + body)]
    if layout == "csv":
        return [Seg("".join(f"{a},{v},{f},{u},{rr}\n" for a, v, f, u, rr in rows))]
    head = f"{'Test':<22}{'Result':<9}{'Flag':<6}{'Units':<15}{'Ref Range'}\n" if ranges else ""
    return [Seg(head + "".join(f"{a:<22}{v:<9}{f:<6}{u:<15}{rr if ranges else ''}".rstrip() + "\n"
                               for a, v, f, u, rr in rows))]


# ---------------------------------------------------------------------------------------------
# Medications
# ---------------------------------------------------------------------------------------------

_FREQ_WORDS = {"daily": "once a day", "BID": "twice a day", "TID": "three times a day", "QID": "four times a day",
               "nightly": "at bedtime", "qHS": "at bedtime", "weekly": "once a week"}


def med_line(ctx: Ctx, name: str) -> str:
    d = vocab.DRUGS[name]
    dose = ctx.choice(d.doses)
    freq = ctx.choice(d.freqs)
    unit = d.unit

    def plain() -> str:
        return f"{d.generic} {dose} {unit} {d.route} {freq}"

    def brand() -> str:
        return f"{d.generic} ({d.brand}) {dose} {unit} {d.route} {freq}"

    def brand_first() -> str:
        return f"{d.brand} {dose}{unit} {freq}"

    def sig() -> str:
        route = {"PO": "by mouth", "SC": "under the skin", "inhaled": "inhaled", "SL": "under the tongue",
                 "IV": "IV", "transdermal": "to skin"}.get(d.route, d.route)
        return f"{d.generic} {dose} {unit} {d.form} - take 1 {d.form} {route} {_FREQ_WORDS.get(freq, freq)}"

    def half() -> str:
        return f"{d.generic} {dose} {unit}, {ctx.choice(('1/2 tab', '1/2 tablet', '0.5 tab'))} {d.route} {freq}"

    def caps() -> str:
        return f"{d.generic.upper()} {dose} {unit.upper()} {d.route} {freq.upper()}"

    def terse() -> str:
        return f"{d.generic} {dose}{unit} {d.route.lower()} {freq.lower()}"

    fn = ctx.pick("med_line", (plain, brand, brand_first, sig, half, caps, terse, plain))
    return fn()


def med_list(ctx: Ctx, names: Sequence[str], style: Optional[str] = None) -> Segs:
    return ctx.bullets([med_line(ctx, n) for n in names], style)


def patient_drugs(ctx: Ctx, extra: Sequence[str] = (), k: Optional[int] = None) -> List[str]:
    names: List[str] = []
    for key in ctx.pt.chronic:
        for n in vocab.CHRONIC_BY_KEY[key].drugs[:2]:
            if n not in names:
                names.append(n)
    for n in extra:
        if n not in names:
            names.append(n)
    if len(names) < 2:
        names += [n for n in ctx.sample(vocab.DRUG_CLASSES["supplement"] + vocab.DRUG_CLASSES["gi"], 2) if n not in names]
    return names[: k or 12]


def problems(ctx: Ctx, with_codes: Optional[bool] = None) -> List[str]:
    codes = ctx.chance(0.5) if with_codes is None else with_codes
    out = []
    for key in ctx.pt.chronic:
        c = vocab.CHRONIC_BY_KEY[key]
        name = c.names[0] if ctx.chance(0.6) else ctx.choice(c.names)
        out.append(f"{name} ({c.icd10})" if codes else name)
    return out


# ---------------------------------------------------------------------------------------------
# Narrative pieces
# ---------------------------------------------------------------------------------------------


def history_phrase(ctx: Ctx) -> Segs:
    """"a history of HTN and DM2" / "PMH of ..." / "no significant past medical history"."""
    pmh = []
    for k in ctx.pt.chronic[:4]:
        names = vocab.CHRONIC_BY_KEY[k].names
        pmh.append(names[1] if len(names) > 1 and ctx.chance(0.7) else names[0])
    if not pmh:
        return [Seg(ctx.choice(("no significant past medical history", "no significant PMH", "no prior medical problems")))]
    lead = ctx.choice(("", "a history of ", "PMH of ", "h/o ", "a past medical history significant for "))
    return [Seg(lead)] + join(pmh, ", ", " and ")


def one_liner(ctx: Ctx, who: Optional[Segs] = None, reason: Optional[str] = None) -> Segs:
    """"Mr. Smith is a 67-year-old man with HTN and DM2 who presents with ..." in many phrasings."""
    sc = ctx.scenario
    hx = history_phrase(ctx)
    who = who if who is not None else ctx.pt_name("narrative")
    cc = reason or ctx.choice(sc.complaints)
    age = ctx.age_segs()
    glued = bool(age) and age[-1].text in ("M", "F")  # "67M" already says the sex
    sex = "" if glued else " " + ctx.sex_word
    abbr = "" if glued else " " + ctx.pt.person.sex
    v = ctx.pick("one_liner", (
        lambda: S("{who} is a {age}{sex} with {hx} who presents with {cc}.", who=who, age=age, sex=sex, hx=hx, cc=cc),
        lambda: S("{age}{sex} w/ {hx} presenting with {cc}.", age=age, sex=abbr, hx=hx, cc=cc),
        lambda: S("{who}, a {age}{sex} with {hx}, comes in with {cc}.", who=who, age=age, sex=sex, hx=hx, cc=cc),
        lambda: S("This is a {age}{sex} with {hx}, here for {cc}.", age=age, sex=sex, hx=hx, cc=cc),
        lambda: S("Patient is {age}, with {hx}, c/o {cc}.", age=ctx.age_segs(form="yo"), hx=hx, cc=cc),
        lambda: S("{who} ({age}) has {hx} and reports {cc}.", who=who, age=age, hx=hx, cc=cc),
        lambda: S("{who} is a {sexw} {dec} with {hx}, seen for {cc}.", who=who, sexw=ctx.sex_word, dec=ctx.age_segs(form="decade", allow_decade=True), hx=hx, cc=cc),
    ))
    return v()


def hpi(ctx: Ctx, onset: Optional[dt.date] = None) -> Segs:
    sc = ctx.scenario
    syms = ctx.sample(sc.symptoms, ctx.rng.randint(2, min(4, len(sc.symptoms))))
    onset = onset or ctx.days(-ctx.rng.randint(1, 6))
    out = one_liner(ctx) + [Seg(" ")]
    out += ctx.pick("hpi_onset", (
        lambda: S("Symptoms began on {d}, with {s}.", d=ctx.date(onset, "day"), s=join(syms, ", ", " and ")),
        lambda: S("Since {d} {he} has had {s}.", d=ctx.date(onset, "day"), he=ctx.he, s=join(syms, ", ", " and ")),
        lambda: S("{He} reports {s}, starting {n} days ago.", He=ctx.he.capitalize(), s=join(syms, ", ", " and "), n=(ctx.today - onset).days),
        lambda: S("Per {his} report: {s}.", his=ctx.his, s=join(syms, "; ")),
        lambda: S("Onset {d}. Endorses {s}.", d=ctx.date(onset, "day"), s=join(syms, ", ", " and ")),
    ))()
    if ctx.chance(0.45):
        rel = ctx.relative()
        out += [Seg(" ")] + ctx.pick("hpi_family", (
            lambda: S("{His} {rel}, {name}, brought {him} in.", His=ctx.his.capitalize(), rel=rel.relation, name=ctx.rel_name(rel), him="him" if ctx.he == "he" else "her"),
            lambda: S("History obtained from the patient and {his} {rel} {name}.", his=ctx.his, rel=rel.relation, name=ctx.rel_name(rel)),
            lambda: S("{name} ({rel}) at bedside and contributes to history.", name=ctx.rel_name(rel), rel=rel.relation),
            lambda: S("Collateral from {rel} {name} by phone at {t}.", rel=rel.relation, name=ctx.rel_name(rel), t=ctx.time()),
        ))()
    if ctx.chance(0.35):
        out += [Seg(" ")] + ctx.pick("hpi_outside", (
            lambda: S("{He} was seen at {h} on {d} and sent here for further care.", He=ctx.he.capitalize(), h=ctx.hosp(ctx.pt.outside), d=ctx.date(onset, "day")),
            lambda: S("Transferred from {h} ED where {what}.", h=ctx.hosp(ctx.pt.outside, 0.3), what=ctx.choice(sc.imaging) if sc.imaging else "initial labs were drawn"),
            lambda: S("Records from {h} reviewed.", h=ctx.hosp(ctx.pt.outside)),
        ))()
    if ctx.chance(0.6):
        home = ctx.choice(("acetaminophen", "ibuprofen", "albuterol", "an extra dose of furosemide", "rest and fluids", "omeprazole"))
        out += [Seg(" ")] + ctx.pick("hpi_home", (
            lambda: S("{He} tried {x} at home without relief.", He=ctx.he.capitalize(), x=home),
            lambda: S("Took {x} with partial improvement.", x=home),
            lambda: S("Saw {dr} on {d}, who started {abx}; no better.", dr=ctx.dr(ctx.pt.pcp), d=ctx.date(onset, "day"), abx=ctx.choice(vocab.DRUG_CLASSES["antibiotic_po"])),
        ))()
    if ctx.chance(0.2):
        pt = ctx.pt
        out += [Seg(" ")] + ctx.pick("hpi_place", (
            lambda: S("Symptoms started while {act} at {lm}.", act=ctx.choice(("walking", "fishing", "at a family party", "shopping", "hiking")), lm=phi(pt.landmark, "LOCATION_OTHER")),
            lambda: S("Recently returned from {dur} in {c}.", dur=ctx.choice(("two weeks", "a month", "a 10-day trip")), c=ctx.country(ctx.choice(vocab.COUNTRIES_BY_LOCALE.get(pt.locale, ("Mexico", "Canada"))))),
            lambda: (lambda cs: S("Was visiting {rel} in {city}, {st} when this began.", rel=ctx.relative().relation, city=phi(cs[0], "CITY"),
                                  st=phi(vocab.STATES[cs[1]] if ctx.chance(0.5) else cs[1], "STATE")))(ctx.choice(vocab.CITIES)),
            lambda: S("Found by {rel} on the floor near {lm} on {d}.", rel=ctx.relative().relation, lm=phi(pt.landmark, "LOCATION_OTHER"), d=ctx.date(onset, "day")),
        ))()
    if ctx.chance(0.7):
        negs = ctx.sample(vocab.ROS_NEGATIVES, 3)
        out += [Seg(f" Denies {negs[0]}, {negs[1]} or {negs[2]}.")]
    if ctx.chance(0.6):
        r = ctx.rng
        abn = list(sc.abnormal_labs.items())
        lab_txt = ", ".join(f"{vocab.LABS[k].abbr} {C_fmt(v, vocab.LABS[k].decimals)}" for k, v in
                            ((k, r.uniform(*rng_)) for k, rng_ in abn[:3])) if abn else "unremarkable"
        out += [Seg(" ")] + ctx.pick("hpi_ed", (
            lambda: S("In the ED: T {t}, HR {hr}, BP {bp}, SpO2 {o2}%. Labs notable for {labs}. Given {tx} at {time}.", t=round(r.uniform(97.5, 102.5), 1), hr=r.randint(70, 130),
                      bp=f"{r.randint(90, 180)}/{r.randint(50, 100)}", o2=r.randint(86, 99), labs=lab_txt, tx=ctx.choice(sc.treatment).split(" and ")[0], time=ctx.time()),
            lambda: S("ED course: {tx}; labs with {labs}. {img}", tx=ctx.choice(sc.treatment), labs=lab_txt, img=ctx.choice(sc.imaging) if sc.imaging else ""),
            lambda: S("Initial workup showed {labs}.", labs=lab_txt),
        ))()
    if ctx.chance(0.3):
        out += [Seg(" ")] + S("Of note, {he} was last admitted in {d} for {what}.", he=ctx.he,
                             d=ctx.date(ctx.days(-ctx.rng.randint(60, 900)), "month"),
                             what=ctx.choice(("a similar episode", "pneumonia", "a fall", "CHF", "a GI bleed", "cellulitis")))
    return out


def C_fmt(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}" if decimals else str(int(round(v)))


def ros(ctx: Ctx) -> Segs:
    negs = ctx.sample(vocab.ROS_NEGATIVES, ctx.rng.randint(4, 9))
    return ctx.pick("ros", (
        lambda: [Seg("Negative except as in HPI. Denies " + ", ".join(negs) + ".\n")],
        lambda: [Seg("10-point ROS negative other than noted above.\n")],
        lambda: [Seg("Denies " + ", ".join(negs[:-1]) + " or " + negs[-1] + ".\n")],
        lambda: [Seg("".join(f"{n.capitalize()}: neg\n" for n in negs[:5]))],
    ))()


_EXAM_KEYS = (
    ("Lungs", ("lung", "crackle", "wheez", "rhonch", "egophony", "percussion", "air entry", "tachypnea", "SpO2", "accessory", "pursed")),
    ("CV", ("murmur", "rhythm", "JVP", "S3", "gallop", "tachycard", "irregular", "hepatojugular")),
    ("Abdomen", ("tender", "Murphy", "McBurney", "Rovsing", "psoas", "guarding", "melena", "abdominal")),
    ("Extremities", ("edema", "leg", "calf", "pulse", "shin", "erythema", "tinea", "radial", "shortened")),
    ("Neuro", ("aphasia", "droop", "drift", "NIHSS", "GCS", "Babinski", "tremor", "CIWA", "oriented", "neurolog")),
)


def _exam_system(finding: str) -> str:
    for system, keys in _EXAM_KEYS:
        if any(k.lower() in finding.lower() for k in keys):
            return system
    return "General"


def exam(ctx: Ctx, findings: Sequence[str] = (), systems: Optional[Sequence[str]] = None) -> Segs:
    """System-by-system exam; scenario findings replace the normal text of their system."""
    systems = list(systems or ("General", "HEENT", "CV", "Lungs", "Abdomen", "Extremities", "Neuro"))
    text = {s: ctx.choice(vocab.EXAM_NORMAL[s]) for s in systems}
    abnormal: Dict[str, List[str]] = {}
    for f in findings:
        abnormal.setdefault(_exam_system(f), []).append(f[0].upper() + f[1:])
    for system, fs in abnormal.items():
        if system not in text:
            systems.append(system)
        text[system] = ". ".join(fs) + "."
    sep = ctx.pick("exam_sep", (": ", ": ", " - ", ":  "))
    names = {"CV": ctx.choice(("CV", "Cardiac", "Heart", "CVS")), "Lungs": ctx.choice(("Lungs", "Resp", "Pulm", "Chest"))}
    return [Seg("".join(f"{names.get(s, s)}{sep}{text[s]}\n" for s in systems))]


def social_history(ctx: Ctx, detail: int = 2) -> Segs:
    pt = ctx.pt
    parts: List[Segs] = []
    if pt.retired:
        parts.append(ctx.pick("sh_work_retired", (
            lambda: S("Retired {job}.", job=phi(pt.profession, "PROFESSION")),
            lambda: S("Retired; worked as a {job} for {n} years.", job=phi(pt.profession, "PROFESSION"), n=ctx.rng.randint(8, 40)),
            lambda: S("Former {job} at {org}, retired in {y}.", job=phi(pt.profession, "PROFESSION"), org=ctx.org(pt.employer), y=ctx.date(ctx.days(-365 * ctx.rng.randint(1, 15)), "year")),
        ))())
    else:
        parts.append(ctx.pick("sh_work", (
            lambda: S("Works as a {job} at {org}.", job=phi(pt.profession, "PROFESSION"), org=ctx.org(pt.employer)),
            lambda: S("Employed as {job}.", job=phi(pt.profession, "PROFESSION")),
            lambda: S("Occupation: {job} ({org}).", job=phi(pt.profession, "PROFESSION"), org=ctx.org(pt.employer)),
            lambda: S("{He} is a {job}.", He=ctx.he.capitalize(), job=phi(pt.profession, "PROFESSION")),
        ))())
    rel = ctx.relative()
    parts.append(ctx.pick("sh_lives", (
        lambda: S("Lives with {his} {rel}, {name}, in {city}.", his=ctx.his, rel=rel.relation, name=ctx.rel_name(rel), city=phi(pt.address.city, "CITY")),
        lambda: S("Lives alone in an apartment in {city}; {rel} {name} nearby.", city=phi(pt.address.city, "CITY"), rel=rel.relation, name=ctx.rel_name(rel)),
        lambda: S("Lives in {city}, {state} with {rel}.", city=phi(pt.address.city, "CITY"), state=phi(pt.address.state if ctx.chance(0.6) else vocab.STATES[pt.address.state], "STATE"), rel=rel.relation),
        lambda: S("Resides at {fac} since {d}.", fac=ctx.hosp(pt.facility), d=ctx.date(ctx.days(-ctx.rng.randint(100, 1500)), "month")),
    ))())
    if pt.birth_country and detail >= 2:
        parts.append(ctx.pick("sh_origin", (
            lambda: S("Born in {c}; moved to the US in {y}.", c=ctx.country(pt.birth_country), y=phi(str(pt.arrival_year), "DATE")),
            lambda: S("Originally from {city}, {c}.", city=phi(pt.birth_city, "CITY") if pt.birth_city else phi(pt.address.city, "CITY"), c=ctx.country(pt.birth_country)),
            lambda: S("Immigrated from {c} in {y}.", c=ctx.country(pt.birth_country), y=phi(str(pt.arrival_year), "DATE")),
        ))())
    parts.append([Seg(ctx.choice((
        "Never smoker. Drinks 1-2 glasses of wine weekly. No illicit drugs.",
        "Former smoker, 30 pack-years, quit 10 years ago. No alcohol.",
        "Current smoker 1/2 ppd. EtOH socially. Denies IVDU.",
        "Tobacco: never. EtOH: none. Drugs: marijuana occasionally.",
        "Smokes 1 ppd x 40 years. 4-6 beers daily. No drug use.",
        "No tobacco, alcohol or drug use.",
    )))])
    if detail >= 2 and ctx.chance(0.35):
        parts.append(ctx.pick("sh_leisure", (
            lambda: S("Enjoys walking at {place}.", place=phi(pt.landmark, "LOCATION_OTHER")),
            lambda: S("Active at {org}.", org=ctx.org(pt.other_org)),
            lambda: S("Volunteers with {org} on weekends.", org=ctx.org(pt.other_org)),
        ))())
    return join(parts, " ") + [Seg("\n")]


def family_history(ctx: Ctx) -> Segs:
    r = ctx.rng
    items = ctx.pick("fh", (
        lambda: S("Mother with breast cancer at {a}. Father died of an MI aged {b}.", a=ctx.age_num(r.randint(38, 79)), b=ctx.age_num(r.randint(48, 88))),
        lambda: S("Father with CAD, CABG at age {a}; mother alive at {b} with dementia.", a=ctx.age_num(r.randint(45, 70)), b=ctx.age_num(r.randint(75, 101))),
        lambda: S("Brother with colon cancer diagnosed at {a}. No family history of VTE.", a=ctx.age_num(r.randint(40, 65))),
        lambda: S("Noncontributory.", ),
        lambda: S("Mother: DM2, HTN, died {a}. Father: stroke at {b}. Sister: healthy.", a=ctx.age_num(r.randint(60, 95)), b=ctx.age_num(r.randint(55, 85))),
        lambda: S("No family history of sudden cardiac death. Maternal aunt with ovarian cancer at {a}.", a=ctx.age_num(r.randint(40, 70))),
    ))()
    return items + [Seg("\n")]


def plan_items(ctx: Ctx, k: int = 6) -> List[Segs]:
    """Problem-based plan: the acute problem, each chronic problem, then housekeeping lines."""
    sc = ctx.scenario
    items: List[Segs] = []
    main = "; ".join(ctx.sample(sc.treatment, 2))
    if sc.followup and ctx.chance(0.6):
        main += "; " + ctx.choice(sc.followup)
    items.append([Seg(f"{sc.title} ({sc.icd10}): {main}.")])
    for key in ctx.pt.chronic[: k - 2]:
        c = vocab.CHRONIC_BY_KEY[key]
        drug = c.drugs[0] if c.drugs else None
        action = ctx.choice(("continue home {d}", "hold {d} for now", "resume {d} at discharge", "continue {d}; recheck in 3 months",
                             "increase {d}", "stable, no changes", "monitor; {d} unchanged")).format(d=drug or "current regimen")
        items.append([Seg(f"{ctx.choice(c.names)}: {action}.")])
    extras = ["FEN: " + ctx.choice(("cardiac diet, 2 g Na", "regular diet", "NPO after midnight", "replete K and Mg PRN")) + ".",
              "DVT ppx: " + ctx.choice(("enoxaparin 40 mg SC daily", "SCDs", "heparin 5000 units SC q8h", "on therapeutic anticoagulation")) + ".",
              "Code status: " + ctx.choice(("Full code", "DNR/DNI, confirmed with patient", "DNR, OK to intubate")) + ".",
              "Dispo: " + ctx.choice(("home when stable", "likely rehab, PT/OT consulted", "home with VNA in 1-2 days")) + "."]
    items += [[Seg(x)] for x in ctx.sample(extras, ctx.rng.randint(1, 3))]
    if ctx.chance(0.3):
        rel = ctx.relative()
        items.append(S("Contact: {rel} {name}, {ph}.", rel=rel.relation, name=ctx.rel_name(rel, "first_last"), ph=ctx.phone(rel.phone)))
    return items


def followup(ctx: Ctx, n: int = 2) -> List[Segs]:
    pt = ctx.pt
    out: List[Segs] = []
    spec = ctx.staff("physician", "hospital", reuse=0.4)
    opts = [
        lambda: S("{dr}, {dept}, {d} at {t}, {ph}", dr=ctx.dr(spec), dept=ctx.dept(), d=ctx.date(ctx.days(ctx.rng.randint(5, 30)), "full"), t=ctx.time(ctx.rng.randint(8, 16)), ph=ctx.phone(pt.hospital.phone, ext=ctx.chance(0.5))),
        lambda: S("PCP {dr} within 1 week ({ph})", dr=ctx.dr(pt.pcp), ph=ctx.phone(pt.clinic.phone)),
        lambda: S("Follow up with {dr} at {clinic} on {d}", dr=ctx.dr(pt.pcp), clinic=ctx.hosp(pt.clinic), d=ctx.date(ctx.days(ctx.rng.randint(3, 21)), "day")),
        lambda: S("{svc} clinic in 2 weeks; they will call you, or call {ph}", svc=ctx.choice(ctx.scenario.services or ("Cardiology",)).capitalize(), ph=ctx.phone(pt.hospital.phone, ext=True)),
        lambda: S("Labs: {what} on {d} at {h}", what=ctx.choice(("BMP", "CBC", "INR", "BMP and Mg", "LFTs")), d=ctx.date(ctx.days(ctx.rng.randint(2, 10)), "day"), h=ctx.hosp(pt.clinic)),
        lambda: S("Referral faxed to {dept}, fax {fx}", dept=ctx.dept(), fx=ctx.phone(pt.hospital.fax, "FAX")),
    ]
    for fn in ctx.sample(opts, n):
        out.append(fn())
    return out


# ---------------------------------------------------------------------------------------------
# Sign-offs
# ---------------------------------------------------------------------------------------------


def signoff(ctx: Ctx, author: P.Staff, cosigner: Optional[P.Staff] = None, when: Optional[dt.date] = None) -> Segs:
    when = when or ctx.today
    v = ctx.pick("signoff", (
        lambda: S("Electronically signed by {who} on {d}\n", who=ctx.doc(author), d=ctx.datetime(when)),
        lambda: S("{who}\n{when}\n", who=ctx.doc(author, "full_cred"), when=ctx.datetime(when)),
        lambda: S("Dictated by: {who}\nDictated: {d1}   Transcribed: {d2}\nJob #: {job}\n{i}/{t}\n", who=ctx.doc(author),
                  d1=ctx.datetime(when), d2=ctx.datetime(when), job=ctx.idnum(ctx.choice(("T", "J", "DJ"))), i=ctx.initials(author), t=ctx.transcriptionist()),
        lambda: S("-- {who} ({u})  {d}\n", who=ctx.doc(author), u=ctx.username(author), d=ctx.datetime(when)),
        lambda: S("Signed: {who}, {d}\n", who=ctx.doc(author, "last_first_cred"), d=ctx.date(when, "header")),
        lambda: S("{who}\n{pg}\n", who=ctx.doc(author), pg=ctx.pager(author)),
        lambda: S("Attestation: I saw and examined the patient and agree with the resident's note.\n{who} {d}\n", who=ctx.doc(author), d=ctx.datetime(when)),
        lambda: S("{i}/{t}\n", i=ctx.initials(author), t=ctx.transcriptionist()),
        lambda: S("Author: {who}  Service: {svc}  Login: {u}\nSigned {d}\n", who=ctx.doc(author, "caps_last_first"), svc=author.service or "Medicine", u=ctx.username(author), d=ctx.datetime(when)),
    ))()
    if cosigner is not None:
        v += ctx.pick("cosign", (
            lambda: S("Co-signed: {who}  {d}\n", who=ctx.doc(cosigner), d=ctx.datetime(when)),
            lambda: S("Reviewed and agree. - {i}\n", i=ctx.initials(cosigner)),
            lambda: S("cc: {who}\n", who=ctx.doc(cosigner)),
        ))()
    if ctx.chance(0.15):
        v += S("NPI: {n}\n", n=phi(author.npi, "LICENSE"))
    return v


def sections(ctx: Ctx, parts: Sequence[Tuple[Segs, Segs]]) -> Segs:
    """Header + body pairs, with the note's section gap; inline headers keep body on one line."""
    out: Segs = []
    for header, body in parts:
        if not body:
            continue
        if out:
            out.append(Seg(ctx.style.gap))
        out += header + body
        if body and not body[-1].text.endswith("\n"):
            out.append(Seg("\n"))
    return out


def negatives_line(ctx: Ctx) -> Segs:
    """A sentence of non-PHI look-alikes: eponyms, scores, codes, generic services, date-like doses."""
    v = ctx.pick("negatives", (
        lambda: f"{ctx.choice(vocab.SCORES)}. {ctx.choice(vocab.CODES)}.",
        lambda: f"No evidence of {ctx.choice(vocab.EPONYMS)}. {ctx.choice(vocab.SCORES)}.",
        lambda: f"{ctx.choice(vocab.EPONYMS)} noted; {ctx.choice(vocab.DATE_LIKE_NON_PHI)}.",
        lambda: f"Plan discussed at {ctx.time()}; {ctx.choice(vocab.DATE_LIKE_NON_PHI)}.",
        lambda: f"Billing: {ctx.choice(vocab.CODES)}, {ctx.choice(vocab.CODES)}.",
        lambda: f"{ctx.choice(vocab.GENERIC_CAPITALISED)} following; {ctx.choice(vocab.EPONYMS)} reviewed.",
        lambda: f"Hx of {ctx.choice(vocab.EPONYMS)}; imaging of {ctx.choice(vocab.ANATOMY)} unremarkable.",
        lambda: f"Has {ctx.choice(vocab.DEVICE_BRANDS)}; {ctx.choice(vocab.GENERIC_CAPITALISED)} aware.",
    ))()
    return [Seg(v + "\n")]
