"""Inpatient notes: discharge summary, H&P, progress, consult, nursing, operative, med rec,
discharge instructions."""
from __future__ import annotations

import datetime as dt
from typing import List

from .. import phi as P
from .. import vocab
from ..builder import S, Seg, Segs, join, phi
from ..context import Ctx
from . import common as C


def _admission(ctx: Ctx) -> dt.date:
    return ctx.days(-ctx.rng.randint(2, 9))


def discharge_summary(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    adm = _admission(ctx)
    att = ctx.staff("physician", service="Medicine")
    fields = C.patient_fields(ctx, ctx.sample(("dob", "age", "acct", "ssn", "address", "pcp"), ctx.rng.randint(2, 4)))
    fields = C.patient_fields(ctx, ("name", "mrn")) + fields
    fields += [(ctx.pick("lbl:adm", ("Admission Date", "Admitted", "Date of Admission", "ADM")), ctx.date(adm, "header")),
               (ctx.pick("lbl:dc", ("Discharge Date", "Discharged", "Date of Discharge", "D/C")), ctx.date(ctx.today, "header")),
               (ctx.pick("lbl:att", ("Attending", "Attending Physician", "Discharging Physician")), ctx.doc(att))]
    out = C.facility_banner(ctx, title=ctx.pick("title:ds", ("Discharge Summary", "DISCHARGE SUMMARY", "Hospital Discharge Summary", "Discharge Summary - Medicine")))
    out += [Seg("\n")] + C.render_fields(ctx, fields)
    dxs = [f"{sc.title} ({sc.icd10})"] + C.problems(ctx, with_codes=True)[:4]
    course: List[Segs] = []
    course.append(ctx.prose(S("{t}: ", t=sc.title), ctx.pick("ds_course1", (
        lambda: S("Treated with {tx}. {img}", tx=join(ctx.sample(sc.treatment, 2), " and "), img=ctx.choice(sc.imaging) if sc.imaging else ""),
        lambda: S("On admission {f}. Managed with {tx}; improved steadily.", f=ctx.choice(sc.findings), tx=ctx.choice(sc.treatment)),
        lambda: S("Pt received {tx} starting {d}. {img}", tx=ctx.choice(sc.treatment), d=ctx.date(adm, "day"), img=ctx.choice(sc.imaging) if sc.imaging else ""),
        lambda: S("{img} Seen by {svc} ({dr}), who recommended {tx}.", img=ctx.choice(sc.imaging) if sc.imaging else "", svc=ctx.choice(sc.services or ("medicine",)), dr=ctx.dr(ctx.staff("physician", reuse=0.3)), tx=ctx.choice(sc.treatment)),
    ))()))
    if sc.procedures and ctx.chance(0.7):
        desc, cpt = ctx.choice(sc.procedures)
        course.append(S("{desc} (CPT {cpt}) performed on {d} by {dr}.", desc=desc, cpt=cpt, d=ctx.date(adm + dt.timedelta(days=1), "day"), dr=ctx.dr(ctx.staff("physician", reuse=0.3))))
    if ctx.chance(0.5):
        course.append(S("Transferred from the {icu} to {room} on hospital day {n}.", icu=ctx.choice(("ICU", "CCU", "step-down unit", "MICU")), room=ctx.room_segs(), n=ctx.rng.randint(2, 4)))
    if ctx.chance(0.6):
        course.append([Seg(C.negatives_line(ctx)[0].text.strip())])
    for key in pt.chronic[:3]:
        c = vocab.CHRONIC_BY_KEY[key]
        course.append([Seg(f"{ctx.choice(c.names)}: " + ctx.choice((
            "stable, home regimen continued.", "held on admission and resumed at discharge.",
            f"{c.drugs[0] if c.drugs else 'regimen'} adjusted; recheck as outpatient.", "no active issues.",
            f"{c.drugs[0] if c.drugs else 'home regimen'} continued throughout; no changes. Outpatient follow-up with PCP.",
            "monitored closely given acute illness; at baseline by discharge.")))])
    if ctx.chance(0.5):
        course.append(S("Day {n}: {ev}.", n=ctx.rng.randint(2, 4), ev=ctx.choice((
            "brief episode of delirium overnight, managed with reorientation and melatonin",
            "hypokalemia to 3.1 repleted with KCl 40 mEq PO", "PT recommended home with services",
            "Foley removed, voiding spontaneously", "transitioned from IV to PO therapy"))))
    meds = C.patient_drugs(ctx, sc.discharge_drugs[:3])
    consults = [S("{svc}: {dr}", svc=svc.title() if ctx.chance(0.5) else svc, dr=ctx.dr(ctx.staff("physician", service=svc, reuse=0.3))) for svc in sc.services[:2]]
    pending = [S("{what} (accession {acc})", what=ctx.choice(("Blood cultures", "Final pathology", "Urine culture", "Hypercoagulability panel", "Quantiferon")),
                 acc=ctx.idnum(ctx.choice(("M", "SP", "L")))) for _ in range(ctx.rng.randint(0, 2))]
    parts = [
        (ctx.h("Admitting Diagnosis", "Reason for Admission", "Principal Diagnosis"), [Seg(f"{sc.title} ({sc.icd10})\n")]),
        (ctx.h("Discharge Diagnoses", "Diagnoses", "Secondary Diagnoses"), ctx.bullets(dxs)),
        (ctx.h("History of Present Illness", "HPI", "Brief HPI"), ctx.prose(C.hpi(ctx, adm - dt.timedelta(days=ctx.rng.randint(0, 4))))),
        (ctx.h("Hospital Course", "Hospital Course by Problem", "Summary of Hospital Stay"), ctx.bullets(course, "num") if ctx.chance(0.6) else ctx.prose(join(course, " "))),
        (ctx.h("Consults", "Consultants"), ctx.bullets(consults) if consults else []),
        (ctx.h("Procedures"), ctx.bullets([f"{d} (CPT {c})" for d, c in sc.procedures]) if sc.procedures else []),
        (ctx.h("Pending Results", "Results Pending at Discharge"), ctx.bullets(pending) if pending else []),
        (ctx.h("Discharge Exam", "Physical Exam at Discharge", "Exam on Day of Discharge"), C.vitals(ctx) + (C.exam(ctx, (), ("General", "CV", "Lungs", "Extremities")) if ctx.chance(0.5) else []) + C.negatives_line(ctx)),
        (ctx.h("Discharge Labs", "Pertinent Labs", "Labs"), S("{d}:\n", d=ctx.datetime(ctx.days(-ctx.rng.randint(0, 1)), "full")) + C.lab_table(ctx, ctx.choice(list(vocab.PANELS.values())), sc.abnormal_labs)),
        (ctx.h("Discharge Medications", "Medications at Discharge", "Discharge Med List"), C.med_list(ctx, meds)),
        (ctx.h("Allergies"), [Seg(", ".join(pt.allergies) + "\n")]),
        (ctx.h("Follow-up", "Follow Up Appointments", "Follow-Up"), ctx.bullets(C.followup(ctx, ctx.rng.randint(1, 3)))),
        (ctx.h("Condition at Discharge", "Disposition", "Discharge Condition"), [Seg(ctx.choice((
            "Stable. Discharged home with family.", "Good. Home with VNA services.", "Fair. Discharged to short-term rehab.",
            "Stable, ambulating independently.")) + "\n")]),
    ]
    if ctx.chance(0.25):
        parts.insert(-2, (ctx.h("Discharged To"), S("{fac}, {addr}\n", fac=ctx.hosp(pt.facility), addr=ctx.address(pt.facility.address))))
    out += [Seg("\n")] + C.sections(ctx, parts) + [Seg("\n")] + C.signoff(ctx, att, ctx.pt.pcp if ctx.chance(0.3) else None)
    return out


def history_and_physical(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    att = ctx.staff("physician", service=ctx.choice(("Medicine", "Hospitalist", "Surgery", "Neurology", "Cardiology")))
    title = ctx.pick("title:hp", ("History and Physical", "Admission H&P", "ADMISSION HISTORY AND PHYSICAL", "H&P", "Hospitalist Admission Note"))
    out = C.facility_banner(ctx, title=title)
    fields = C.patient_fields(ctx, ("name", "mrn") + tuple(ctx.sample(("dob", "age", "location", "pcp", "insurance"), 3)))
    fields += [(ctx.pick("lbl:dos", ("Date of Service", "Date", "Admit Date", "DOS")), ctx.datetime(ctx.today)),
               (ctx.pick("lbl:admitting", ("Admitting Attending", "Attending", "Admitting MD")), ctx.doc(att))]
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    psh = ctx.sample(("Cholecystectomy", "Appendectomy", "C-section x2", "Right TKA", "CABG x3", "Tonsillectomy",
                      "Hernia repair", "Hysterectomy", "Lumbar laminectomy", "Cataract surgery OU"), ctx.rng.randint(1, 3))
    psh_items = [S("{p} ({y})", p=p, y=ctx.date(ctx.days(-365 * ctx.rng.randint(2, 40)), "year")) if ctx.chance(0.7) else [Seg(p)] for p in psh]
    parts = [
        (ctx.h("Chief Complaint", "CC", "Reason for Admission"), [Seg(f"{ctx.choice(sc.complaints).capitalize()}\n")]),
        (ctx.h("History of Present Illness", "HPI"), ctx.prose(C.hpi(ctx))),
        (ctx.h("Past Medical History", "PMH", "Medical History"), ctx.bullets(C.problems(ctx) or ["None"])),
        (ctx.h("Past Surgical History", "PSH"), join(psh_items, ", ") + [Seg("\n")]),
        (ctx.h("Medications", "Home Medications", "Meds Prior to Admission"), C.med_list(ctx, C.patient_drugs(ctx))),
        (ctx.h("Allergies"), [Seg(", ".join(pt.allergies) + "\n")]),
        (ctx.h("Social History", "SH", "Social Hx"), ctx.prose(C.social_history(ctx))),
        (ctx.h("Family History", "FH", "Family Hx"), C.family_history(ctx)),
        (ctx.h("Review of Systems", "ROS"), C.ros(ctx)),
        (ctx.h("Physical Exam", "Exam", "PE"), C.vitals(ctx, sick=True) + C.exam(ctx, ctx.sample(sc.findings, 2)) + C.negatives_line(ctx)),
        (ctx.h("Labs", "Laboratory Data", "Data"), C.lab_table(ctx, ctx.choice(list(vocab.PANELS.values())), sc.abnormal_labs)),
        (ctx.h("Imaging", "Radiology", "Studies"), [Seg(" ".join(ctx.sample(sc.imaging, 2)) + "\n")] if sc.imaging else [Seg("None yet.\n")]),
        (ctx.h("Assessment and Plan", "A/P", "Assessment & Plan", "Impression/Plan"),
         ctx.prose(C.one_liner(ctx)) + [Seg("\n")] + C.negatives_line(ctx) + ctx.bullets(C.plan_items(ctx), "num")),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")] + C.signoff(ctx, att)
    return out


def progress_note(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    inpatient = ctx.chance(0.45)
    author = ctx.staff("physician" if ctx.chance(0.7) else "midlevel", "hospital" if inpatient else "clinic", reuse=0.6) \
        if not (not inpatient and ctx.chance(0.5)) else pt.pcp
    h = pt.hospital if inpatient else pt.clinic
    out = C.facility_banner(ctx, h, title=ctx.pick("title:pn", ("Progress Note", "Daily Progress Note", "Progress Note - Follow-up Visit", "Office Visit", "SOAP Note")))
    fields = C.patient_fields(ctx, ("name", "mrn", ctx.choice(("dob", "age"))))
    fields.append((ctx.pick("lbl:visit", ("Visit", "Date of Service", "Date", "Encounter Date")), ctx.datetime(ctx.today)))
    fields.append((ctx.pick("lbl:prov", ("Provider", "Author", "Seen by")), ctx.doc(author)))
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    chronic = [vocab.CHRONIC_BY_KEY[k] for k in pt.chronic] or [vocab.CHRONIC_BY_KEY["htn"]]
    focus = ctx.choice(chronic)
    if inpatient:
        subj = ctx.pick("soap_s_inpt", (
            lambda: C.one_liner(ctx) + [Seg(" " + ctx.choice(("Feels better today.", "Slept poorly overnight.", "Tolerating diet.", "No new complaints.")))],
            lambda: S("Pt seen and examined at bedside, {rel} {name} present. {sym}.", rel=ctx.relative().relation, name=ctx.rel_name(ctx.relative()), sym=ctx.choice(sc.symptoms).capitalize()),
            lambda: S("HD#{n}. Overnight: {ev}. This AM {he} {feel}.", n=ctx.rng.randint(2, 7), ev=ctx.choice(("no events", f"febrile to 101.2 at {ctx.time()}", "rapid response for hypotension, resolved with fluids", "pulled IV")), he=ctx.he, feel=ctx.choice(("feels better", "reports less dyspnea", "is more confused", "has pain 4/10"))),
            lambda: S("No acute events overnight. {He} ambulated with PT in {room}. {sym} improving.", He=ctx.he.capitalize(), room=ctx.room_segs(), sym=ctx.choice(sc.complaints).capitalize()),
        ))()
    else:
        subj = ctx.pick("soap_s_outpt", (
            lambda: S("{age} here for {n}-month f/u of {c}. Reports good adherence to {d}. Missed doses over {hol}.",
                      age=ctx.age_segs(), n=ctx.choice((1, 3, 6)), c=focus.names[1] if len(focus.names) > 1 else focus.names[0],
                      d=focus.drugs[0] if focus.drugs else "meds", hol=ctx.holiday()),
            lambda: S("Since last visit on {d}, {he} has {what}.", d=ctx.date(ctx.days(-ctx.rng.randint(30, 200)), "day"), he=ctx.he, what=ctx.choice(("been walking 20 min 3x/week", "had two ED visits", "lost 4 lb", "stopped smoking", "been working night shifts"))),
            lambda: C.one_liner(ctx, reason="follow-up of " + (focus.names[1] if len(focus.names) > 1 else focus.names[0])),
            lambda: S("Here with {his} {rel} {name}. {He} reports {x}.", his=ctx.his, rel=ctx.relative().relation, name=ctx.rel_name(ctx.relative()), He=ctx.he.capitalize(), x=ctx.choice(("fasting sugars 140-180", "home BPs 130s/80s", "more fatigue", "no new concerns"))),
        ))()
    labs = C.lab_table(ctx, ctx.sample(list(vocab.LABS), 7), sc.abnormal_labs if inpatient else None, layout="inline")
    o = C.vitals(ctx, sick=inpatient) + C.exam(ctx, ctx.sample(sc.findings, 1) if inpatient else (), ("General", "CV", "Lungs", "Extremities")) + \
        S("Labs ({d}): ", d=ctx.date(ctx.days(-ctx.rng.randint(0, 20)), "day")) + labs
    plan = C.plan_items(ctx, 3)
    if ctx.chance(0.4):
        plan.append(S("Referred to {dr} at {h}.", dr=ctx.dr(ctx.staff("physician", "outside", reuse=0.2)), h=ctx.hosp(pt.outside)))
    if ctx.chance(0.5):
        plan.append([Seg(C.negatives_line(ctx)[0].text.strip())])
    if ctx.chance(0.3):
        plan.append([Seg(ctx.choice(vocab.CODES) + " - " + ctx.choice(("influenza vaccine given today", "FIT kit given", "PHQ-9 reviewed", "foot exam done")) + ".")])
    meds_now = C.med_list(ctx, C.patient_drugs(ctx, sc.discharge_drugs[:2] if inpatient else (), k=8))
    parts = [(ctx.h("S", "Subjective", "Interval History"), ctx.prose(subj + [Seg(" ")] + C.ros(ctx)[:1] if ctx.chance(0.5) else subj)),
             (ctx.h("Medications", "Current Meds", "Meds"), meds_now if ctx.chance(0.6) else []),
             (ctx.h("O", "Objective", "Exam"), o),
             (ctx.h("A/P", "Assessment and Plan", "A", "Assessment/Plan"), ctx.bullets(plan, "num"))]
    out += C.sections(ctx, parts)
    out += [Seg("\n" + ctx.choice(("RTC 3 months or sooner PRN.", "Continue current care.", "Pt verbalized understanding of plan.", "Dispo: pending PT eval.")) + "\n\n")]
    out += C.signoff(ctx, author, pt.pcp if (author is not pt.pcp and ctx.chance(0.3)) else None)
    return out


def consult_note(ctx: Ctx) -> Segs:
    """Held-out type (dev/test only): a specialist's inpatient consult."""
    pt, sc = ctx.pt, ctx.scenario
    service = ctx.choice(sc.services or ("cardiology",))
    consultant = ctx.staff("physician", service=service.title(), reuse=0.2)
    requester = ctx.staff("physician", reuse=0.6, avoid=(consultant,))
    out = C.facility_banner(ctx, title=ctx.pick("title:consult", (f"{service.title()} Consult Note", "Inpatient Consultation", f"{service.upper()} CONSULTATION", "Consult Note")))
    out += C.render_fields(ctx, C.patient_fields(ctx, ("name", "mrn", "age", "location")) + [
        ("Date", ctx.datetime(ctx.today)), ("Requesting physician", ctx.doc(requester)), ("Consultant", ctx.doc(consultant))]) + [Seg("\n")]
    reason = ctx.pick("consult_reason", (
        lambda: S("Asked by {dr} to evaluate {q}.", dr=ctx.dr(requester), q=ctx.choice(("management of " + sc.title.lower(), "need for procedure", "medication management", "anticoagulation plan"))),
        lambda: S("We were consulted regarding {q} in this {age} {sex}.", q=sc.title.lower(), age=ctx.age_segs(), sex=ctx.sex_word),
        lambda: S("Reason for consult: {q}. Requesting service: primary team ({dr}, {pg}).", q=sc.title.lower(), dr=ctx.doc(requester, "init_cred"), pg=ctx.pager(requester)),
    ))()
    recs = [[Seg(x.capitalize() + ".")] for x in ctx.sample(sc.treatment + sc.followup, 3)]
    recs.append([Seg(C.negatives_line(ctx)[0].text.strip())])
    recs.append(S("We will follow along; page {pg} with questions (weekend: {ph}).", pg=[phi(consultant.pager, "PHONE")], ph=ctx.phone(pt.hospital.phone, ext=True)))
    parts = [
        (ctx.h("Reason for Consultation", "Reason for Consult", "Consult Question"), ctx.prose(reason)),
        (ctx.h("History of Present Illness", "HPI"), ctx.prose(C.hpi(ctx))),
        (ctx.h("Past Medical History", "PMH"), [Seg("; ".join(C.problems(ctx) or ["None"]) + "\n")]),
        (ctx.h("Medications"), C.med_list(ctx, C.patient_drugs(ctx, k=6))),
        (ctx.h("Social History"), ctx.prose(C.social_history(ctx, 1))),
        (ctx.h("Exam", "Physical Examination"), C.vitals(ctx, sick=True) + C.exam(ctx, ctx.sample(sc.findings, 2))),
        (ctx.h("Data", "Pertinent Results"), C.lab_table(ctx, ctx.sample(list(vocab.LABS), 6), sc.abnormal_labs, layout="inline")),
        (ctx.h("Impression", "Assessment"), ctx.prose(C.one_liner(ctx), " " + ctx.choice(sc.findings).capitalize() + ".")),
        (ctx.h("Recommendations", "Recs", "Plan"), ctx.bullets(recs, "num")),
    ]
    out += C.sections(ctx, parts) + [Seg("\n" + ctx.choice(("Thank you for this interesting consult.", "Thank you for involving us in the care of this patient.", "Discussed with the primary team.")) + "\n")]
    out += C.signoff(ctx, consultant)
    return out


def nursing_note(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    rn = ctx.staff("nurse", reuse=0.5)
    md = ctx.staff("physician", reuse=0.5)
    r = ctx.rng
    head = ctx.pick("nsg_head", (
        lambda: S("{d} {t} nsg progress note - {room}\n\n", d=ctx.date(ctx.today, "day"), t=ctx.time(), room=ctx.room_segs()),
        lambda: S("NURSING NOTE  {dt}\nPt: {name}  MRN {mrn}  {room}\n\n", dt=ctx.datetime(ctx.today), name=ctx.pt_name("header"), mrn=ctx.mrn(), room=ctx.room_segs()),
        lambda: S("Shift summary 0700-1900, {d}\n\n", d=ctx.date(ctx.today, "full")),
        lambda: S("{t} - RN note ({room})\n\n", t=ctx.time(), room=ctx.room_segs()),
    ))()
    intro = ctx.pick("nsg_intro", (
        lambda: S("pt {name}, {age} {sx}, {what}. mrn {mrn}. {code}.", name=ctx.pt_name("narrative", "first_last"), age=ctx.age_segs(form=ctx.choice(("yo", "y_o", "yo_dot"))), sx=pt.person.sex.lower(), what=ctx.choice(("admitted for " + ctx.choice(sc.complaints), "pod 1 s/p " + (ctx.choice(sc.procedures)[0].lower() if sc.procedures else "procedure"), "hd 3")), mrn=ctx.mrn(), code=ctx.choice(("full code", "dnr/dni", "dnr, ok to intubate"))),
        lambda: S("Received pt from {frm} at {t}, report from {rn2}.", frm=ctx.choice(("ED", "PACU", "ICU", "the floor")), t=ctx.time(), rn2=ctx.doc(ctx.staff("nurse", reuse=0.3), "init_cred")),
        lambda: S("{age} y/o {sx} admitted {d} w/ {cc}.", age=[ctx.age_num()], sx=pt.person.sex, d=ctx.date(ctx.days(-r.randint(0, 4)), "day"), cc=ctx.choice(sc.complaints)),
    ))()
    systems = [
        f"neuro: {ctx.choice(('a&o x3', 'a&o x2, pleasantly confused', 'alert, follows commands', 'gcs 15'))}. {ctx.choice(('no deficits', 'bed alarm on', 'mae x4', 'pupils perrl 3mm'))}.",
        f"cv: bp {r.randint(96, 160)}/{r.randint(50, 95)} hr {r.randint(58, 118)} {ctx.choice(('sr', 'afib', 'st'))} on tele. {ctx.choice(('cap refill <3 sec', '+2 pedal pulses', '1+ edema bilat le'))}.",
        f"resp: rr {r.randint(14, 26)}, spo2 {r.randint(89, 99)}% on {ctx.choice(('ra', '2l nc', '4l nc', 'bipap'))}. {ctx.choice(('lungs clear', 'crackles at bases', 'diminished bases', 'exp wheezes'))}.",
        f"gi: {ctx.choice(('tol regular diet', 'npo after mn', 'tol clears', 'nausea x1, zofran 4 mg iv given w/ relief'))}. {ctx.choice(('bm today', 'no bm since adm, senna given', 'abd soft'))}.",
        f"gu: {ctx.choice(('voiding qs', 'foley patent draining clear yellow urine', 'foley d/cd at 0600, due to void by 1200', 'incontinent x1'))}, {r.randint(150, 900)} ml since {ctx.time()}.",
        f"skin: {ctx.choice(('intact', 'sacrum intact, mepilex in place', 'stage 2 to coccyx, wound care per protocol'))}. braden {r.randint(11, 20)}.",
        f"pain: {r.randint(0, 9)}/10, {ctx.choice(('oxycodone 5 mg po given', 'tylenol 650 mg given', 'declined meds'))}, reassessed {r.randint(0, 4)}/10.",
        f"safety: {ctx.choice(('high fall risk (morse 75)', 'fall precautions', 'bed alarm, non-skid socks'))}. call light in reach.",
    ]
    events: List[Segs] = []
    if ctx.chance(0.7):
        events.append(S("{dr} paged at {t} ({pg}) re: {why}; new orders: {o}.", dr=ctx.doc(md, ctx.choice(("dr_last", "init_cred", "first_init_last")), cred=False), t=ctx.time(), pg=[Seg("pgr "), phi(md.pager, "PHONE")],
                        why=ctx.choice(("k 3.3", "hypotension", "increased pain", "hgb 7.8", "agitation")), o=ctx.choice(("kcl 20 meq po x1", "500 ml ns bolus", "repeat cbc at 0600", "haldol 0.5 mg iv x1"))))
    if ctx.chance(0.7):
        rel = ctx.relative()
        events.append(S("family: {rel} {name} called at {t}, updated. asks to be called at {ph} w/ any change.", rel=rel.relation, name=ctx.rel_name(rel, "first_only"), t=ctx.time(), ph=ctx.phone(rel.phone)))
    if ctx.chance(0.25):
        events.append(S("dispo: from {fac} prior to admit. cm aware.", fac=ctx.hosp(pt.facility)))
    body = intro + [Seg("\n")] + [Seg("\n".join(ctx.sample(systems, r.randint(4, 8))) + "\n")]
    for e in events:
        body += e + [Seg("\n")]
    if ctx.chance(0.4):
        body += [Seg(C.negatives_line(ctx)[0].text.lower())]
    body += [Seg(ctx.choice(("will continue to monitor.", "plan of care ongoing.", "report given to night rn.", "see flowsheet.")) + "\n")]
    sign = ctx.pick("nsg_sign", (
        lambda: S("- {rn}\n", rn=ctx.doc(rn, "init_cred")),
        lambda: S("{rn} ({u})\n", rn=ctx.doc(rn, "full_cred"), u=ctx.username(rn)),
        lambda: S("{i}\n", i=ctx.initials(rn)),
    ))()
    return head + body + sign


_OPERATIONS = (
    ("Laparoscopic cholecystectomy", "47562", "Acute calculous cholecystitis (K80.00)",
     "A 12 mm Hasson port was placed at the umbilicus and pneumoperitoneum established to 15 mmHg. Three 5 mm ports were placed under direct vision. The critical view of safety was obtained. The cystic duct and artery were clipped and divided and the gallbladder removed from the liver bed with electrocautery and extracted in a bag.",
     "Gallbladder with stones, to pathology"),
    ("Laparoscopic appendectomy", "44970", "Acute appendicitis (K35.80)",
     "Pneumoperitoneum was established via an umbilical port. The appendix was inflamed without perforation. The mesoappendix was divided with a harmonic scalpel and the base stapled with an Endo GIA. The specimen was removed in an Endo Catch bag.",
     "Appendix, to pathology"),
    ("Right hip hemiarthroplasty", "27125", "Displaced right femoral neck fracture (S72.001A)",
     "A posterolateral approach was used. The femoral head was extracted and sized at 48 mm. The canal was broached and a cemented stem placed. The hip was reduced and stable through range of motion. The posterior capsule was repaired.",
     "Femoral head, to pathology"),
    ("Left total knee arthroplasty", "27447", "Primary osteoarthritis of the left knee (M17.12)",
     "A tourniquet was inflated to 250 mmHg. Medial parapatellar arthrotomy. Distal femoral and proximal tibial cuts made with standard guides. Trial components showed good balance. Final components cemented. Tourniquet time 78 minutes.",
     "Bone cuts, discarded"),
    ("Open right inguinal hernia repair with mesh", "49505", "Right indirect inguinal hernia (K40.90)",
     "An oblique groin incision was made. The indirect sac was dissected off the cord and high-ligated. A polypropylene mesh was secured per Lichtenstein technique.",
     "None"),
    ("Right carpal tunnel release", "64721", "Carpal tunnel syndrome, right (G56.01)",
     "Under tourniquet, a 3 cm palmar incision was made. The transverse carpal ligament was divided completely under direct vision, protecting the median nerve and its recurrent motor branch.",
     "None"),
    ("Dual-chamber pacemaker implantation", "33208", "Complete heart block (I44.2)",
     "Left subclavian venous access was obtained with Seldinger technique. Atrial and ventricular leads were positioned with good thresholds. The generator was connected and placed in a pre-pectoral pocket.",
     "None"),
)


def operative_note(ctx: Ctx) -> Segs:
    pt = ctx.pt
    name, cpt, dx, steps, specimen = ctx.choice(_OPERATIONS)
    surgeon = ctx.staff("physician", service="Surgery", reuse=0.3)
    asst = ctx.staff("physician", reuse=0.2, avoid=(surgeon,))
    anes = ctx.staff("physician", reuse=0.2, avoid=(surgeon, asst))
    out = ([Seg(ctx.pick("title:op", ("OPERATIVE REPORT", "Operative Note", "BRIEF OP NOTE", "Procedure Note")) + "\n")] +
           C.facility_banner(ctx))
    fields = C.patient_fields(ctx, ("name", "mrn", ctx.choice(("acct", "dob", "age"))))
    fields.append((ctx.pick("lbl:dos_op", ("Date of Operation", "Date of Procedure", "DOS", "Surgery Date")), ctx.date(ctx.today, "header")))
    out += [Seg("\n")] + C.render_fields(ctx, fields, "lines") + [Seg("\n")]
    up = ctx.style.hdr_case == "upper"
    staff_lines = S("{s}: {sv}\n{a}: {av} ({lvl})\n{an}: {anv}\n", s="SURGEON" if up else "Surgeon", sv=ctx.doc(surgeon, "full_cred"),
                    a="ASSISTANT" if up else "Assistant", av=ctx.doc(asst, "full_cred"), lvl=ctx.choice(("PGY-4", "PGY-2", "PA-C", "resident")),
                    an="ANESTHESIOLOGIST" if up else "Anesthesiologist", anv=ctx.doc(anes, ctx.choice(("full_cred", "dr_full"))))
    implant: Segs = []
    if "arthroplasty" in name or "pacemaker" in name or "mesh" in name:
        implant = ctx.pick("op_implant", (
            lambda: S("Implants: {what}, lot {lot}, ref {ref}\n", what=ctx.choice(("Stryker Accolade II stem", "polypropylene mesh 6 x 11 cm", "Medtronic Azure XT DR MRI SureScan")), lot=phi(P.device_serial(ctx.rng), "DEVICE"), ref=phi(P.device_serial(ctx.rng), "DEVICE")),
            lambda: S("Device serial number: {sn}\n", sn=phi(P.device_serial(ctx.rng), "DEVICE")),
            lambda: S("Implant log: {what} (SN {sn}) - sticker in chart\n", what=ctx.choice(("femoral component", "tibial tray", "generator", "mesh")), sn=phi(P.device_serial(ctx.rng), "DEVICE")),
        ))()
    sc_vals = [
        (ctx.h("Preoperative Diagnosis", "Pre-op Dx"), [Seg(dx + "\n")]),
        (ctx.h("Postoperative Diagnosis", "Post-op Dx"), [Seg(ctx.choice(("Same.", "Same, with adhesions.", dx + ".")) + "\n")]),
        (ctx.h("Procedure", "Procedure Performed", "Operation"), [Seg(f"{name} (CPT {cpt}).\n")]),
        (ctx.h("Anesthesia"), [Seg(ctx.choice(("General endotracheal.", "Spinal with MAC.", "Regional block with sedation.", "General LMA.")) + "\n")]),
        (ctx.h("Estimated Blood Loss", "EBL"), [Seg(f"{ctx.rng.choice((10, 20, 40, 75, 150, 300))} mL\n")]),
        (ctx.h("Specimens"), [Seg(specimen + "\n")]),
        (ctx.h("Drains"), [Seg(ctx.choice(("None.", "19 Fr Blake drain.", "Hemovac x1.", "Jackson-Pratt drain to bulb suction.")) + "\n")]),
        (ctx.h("Complications"), [Seg(ctx.choice(("None apparent.", "None.", "No immediate complications.")) + "\n")]),
    ]
    indication = ctx.prose(C.one_liner(ctx, reason=dx.split(" (")[0].lower() + ", for " + name.lower()), " Risks, benefits and alternatives were discussed and consent was signed", S(" with {his} {rel} {name} present.", his=ctx.his, rel=ctx.relative().relation, name=ctx.rel_name(ctx.relative())) if ctx.chance(0.4) else ".")
    desc = ctx.prose(S("The patient was identified in the preoperative holding area. Time-out was performed at {t}. {steps} Counts were correct x2. {Dr} was present and scrubbed for the entire procedure. The patient was taken to the PACU in stable condition.",
                       t=ctx.time(ctx.rng.randint(7, 16)), steps=steps, Dr=ctx.dr(surgeon)))
    plan = ctx.prose(S("Admit to {ward}. {x}. Follow-up in clinic in 2 weeks, {ph}.", ward=ctx.ward(), x=ctx.choice(("Clear liquids, advance as tolerated", "WBAT with posterior hip precautions", "Ice and elevation", "Cefazolin x 24 h")),
                       ph=ctx.phone(pt.hospital.phone)))
    out += staff_lines + [Seg("\n")] + C.sections(ctx, sc_vals + [(ctx.h("Indications"), indication), (ctx.h("Description of Procedure", "Procedure in Detail"), desc),
                                                              (ctx.h("Implants"), implant),
                                                              (ctx.h("Plan", "Disposition"), plan)])
    out += [Seg("\n")] + C.signoff(ctx, surgeon)
    return out


def medication_reconciliation(ctx: Ctx) -> Segs:
    pt = ctx.pt
    pharm = ctx.staff("pharmacist", reuse=0.3)
    out = [Seg(ctx.pick("title:medrec", ("MEDICATION RECONCILIATION - ADMISSION", "Medication Reconciliation", "Admission Med Rec", "PHARMACY MEDICATION HISTORY")) + "\n")]
    out += C.facility_banner(ctx)
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", ctx.choice(("age", "location", "insurance"))))
    fields.append(("Reconciliation completed", ctx.datetime(ctx.today)))
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    rel = ctx.relative()
    prescriber = pt.pcp
    sources = ctx.pick("medrec_sources", (
        lambda: S("Sources: patient; {rel} {name} (brought pill bottles); fill history from {ph}; PCP list from {dr} dated {d}.",
                  rel=rel.relation, name=ctx.rel_name(rel, "first_last"), ph=ctx.org(pt.pharmacy), dr=ctx.dr(prescriber), d=ctx.date(ctx.days(-ctx.rng.randint(20, 200)), "month")),
        lambda: S("Information from: pt, outside records ({h}), Surescripts, {pharm} ({ph}).", h=ctx.hosp(pt.outside), pharm=ctx.org(pt.pharmacy), ph=ctx.phone(P.make_phone(ctx.rng, pt.address.state))),
        lambda: S("Med list verified with {name} ({rel}) by phone {ph}.", name=ctx.rel_name(rel), rel=rel.relation, ph=ctx.phone(rel.phone)),
    ))()
    drugs = C.patient_drugs(ctx, ctx.scenario.discharge_drugs[:2])
    actions = ("CONTINUE", "CONTINUE", "HOLD", "DOSE CHANGE", "DISCONTINUE", "CONTINUE - time-critical", "THERAPEUTIC SUBSTITUTION")
    rows = [f"{C.med_line(ctx, d)}" for d in drugs]
    width = max(len(x) for x in rows) + 3
    table = "".join(f"{i}. {row:<{width}}{ctx.choice(actions)}\n" for i, row in enumerate(rows, 1))
    disc: List[Segs] = [
        S("{rel} reports {he} stopped {d} in {m} because of {why}.", rel=rel.relation.capitalize(), he=ctx.he, d=ctx.choice([k for k, v in vocab.DRUGS.items() if v.route == "PO"]), m=ctx.date(ctx.days(-ctx.rng.randint(20, 300)), "month"), why=ctx.choice(("dizziness", "cost", "side effects", "impulse-control problems"))),
        S("{d} prescriber: {dr}, DEA {dea}; last fill {lf}.", d=ctx.choice(("Lorazepam", "Oxycodone", "Clonazepam", "Tramadol")), dr=ctx.dr(prescriber), dea=phi(prescriber.dea, "LICENSE"), lf=ctx.date(ctx.days(-ctx.rng.randint(5, 60)), "day")),
        S("Has {dev}, serial {sn}; MRI conditional - contact {svc} before imaging.", dev=pt.device_kind, sn=phi(pt.device_serial, "DEVICE"), svc=ctx.choice(("cardiology", "neurology", "device clinic"))),
        S("Discussed with {dr} on {d} at {t}; orders updated.", dr=ctx.dr(ctx.staff("physician", reuse=0.6)), d=ctx.date(ctx.today, "day"), t=ctx.time()),
    ]
    out += S("{src}\nAllergies: {al}\n\n", src=ctx.prose(sources), al=", ".join(pt.allergies))
    out += [Seg(ctx.pick("medrec_head", ("HOME MEDICATIONS", "Prior to Admission Medications", "PTA MEDS")) + " " * 20 + "ACTION\n"), Seg(table)]
    out += [Seg("\n")] + ctx.h("Discrepancies Resolved", "Notes", "Comments") + ctx.bullets(ctx.sample(disc, ctx.rng.randint(2, 4)))
    out += [Seg("\n")] + ctx.pick("medrec_sign", (
        lambda: S("{who} ({u})    {pg}\n", who=ctx.doc(pharm, "full_cred"), u=ctx.username(pharm), pg=ctx.pager(pharm)),
        lambda: S("Completed by {who}, {d}\n", who=ctx.doc(pharm), d=ctx.datetime(ctx.today)),
        lambda: C.signoff(ctx, pharm),
    ))()
    return out


def discharge_instructions(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    nurse = ctx.staff("nurse", reuse=0.4)
    out = C.facility_banner(ctx, title=ctx.pick("title:dci", ("Discharge Instructions", "After Visit Summary", "PATIENT DISCHARGE INSTRUCTIONS", "Going Home Instructions")))
    out += C.render_fields(ctx, C.patient_fields(ctx, ("name", "mrn")) + [("Discharge date", ctx.date(ctx.today, "header"))]) + [Seg("\n")]
    greeting = ctx.pick("dci_greeting", (
        lambda: S("Dear {name},\n\nYou were in the hospital from {a} to {b} for {why}.", name=ctx.pt_name("narrative", ctx.choice(("title_last", "first_last", "first_only"))), a=ctx.date(ctx.days(-ctx.rng.randint(2, 7)), "day"), b=ctx.date(ctx.today, "day"), why=sc.title.lower()),
        lambda: S("{name}, you were treated for {why}.", name=ctx.pt_name("narrative", "first_last"), why=sc.title.lower()),
        lambda: S("Reason for your hospital stay: {why}.", why=sc.title.lower()),
    ))()
    warnings = ctx.sample(("fever over 101F", "chest pain or trouble breathing", "weight gain of more than 3 pounds in a day",
                           "bleeding that will not stop", "new weakness or trouble speaking", "redness or drainage from your incision",
                           "black or bloody stools", "fainting"), 4)
    fu = C.followup(ctx, 2)
    parts = [
        (ctx.h("Why you were here", "Your Diagnosis"), ctx.prose(greeting)),
        (ctx.h("Your Medications", "Medication Changes"), C.med_list(ctx, C.patient_drugs(ctx, sc.discharge_drugs[:3], k=7)) +
         [Seg(ctx.choice(("STOP taking ibuprofen (Motrin, Advil).", "NEW: take 1/2 tab of metoprolol twice a day.", "CHANGE: furosemide is now 40 mg daily.")) + "\n")]),
        (ctx.h("Call your doctor or return to the Emergency Department if you have"), ctx.bullets(warnings, "- ")),
        (ctx.h("Appointments", "Follow-up"), ctx.bullets(fu)),
        (ctx.h("Questions"), ctx.prose(ctx.pick("dci_contact", (
            lambda: S("Call the {unit} nurses at {ph}, 24 hours a day. See your results at {url}.", unit=ctx.ward(), ph=ctx.phone(pt.hospital.phone, ext=True), url=ctx.url(kind="portal")),
            lambda: S("For questions call {ph}. Learn more: {url}", ph=ctx.phone(pt.clinic.phone), url=ctx.url(kind="education")),
            lambda: S("Nurse line {ph}. Pharmacy: {pharm}, {ph2}.", ph=ctx.phone(P.toll_free(ctx.rng)), pharm=ctx.org(pt.pharmacy), ph2=ctx.phone(P.make_phone(ctx.rng, pt.address.state))),
        ))())),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    out += S("Instructions reviewed with {who} and {rel}; teach-back done. {rn}\n", who=ctx.choice(("patient", "pt")), rel=ctx.relative().relation, rn=ctx.doc(nurse, "full_cred"))
    return out
