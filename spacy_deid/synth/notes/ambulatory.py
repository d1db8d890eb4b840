"""Ambulatory, ED and allied-health notes: anticoagulation visit, telephone encounter, ED triage,
referral letter, social work, physical therapy, psychiatry (held out), letter to patient (test only)."""
from __future__ import annotations

from typing import List

from .. import phi as P
from .. import vocab
from ..builder import S, Seg, Segs, join, phi
from ..context import Ctx
from . import common as C


def anticoagulation_visit(ctx: Ctx) -> Segs:
    pt = ctx.pt
    r = ctx.rng
    clin = ctx.staff(ctx.choice(("pharmacist", "nurse", "midlevel")), "clinic", reuse=0.6)
    indication = ctx.choice(("Atrial fibrillation (I48.91), CHA2DS2-VASc 4", "Mechanical mitral valve (Z95.2)", "Recurrent DVT (Z86.718)",
                             "Pulmonary embolism (I26.99), 3-month course", "Atrial flutter, CHA2DS2-VASc 3"))
    goal = "2.5-3.5" if "valve" in indication else "2.0-3.0"
    weekly = r.choice((17.5, 20, 22.5, 25, 27.5, 30, 35, 37.5))
    out = C.facility_banner(ctx, ctx.pt.clinic, title=ctx.pick("title:acc", ("Anticoagulation Clinic Visit", "ANTICOAGULATION MANAGEMENT", "Coumadin Clinic Note", "INR Visit Summary")))
    fields = C.patient_fields(ctx, ("name", "mrn", ctx.choice(("dob", "age", "phone"))))
    fields += [("Visit date", ctx.date(ctx.today, "header")), ("Indication", [Seg(indication)]), ("INR goal", [Seg(goal)]),
               ("Managing provider", ctx.doc(pt.pcp))]
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    hist = [(ctx.days(-7 * k * r.randint(1, 2)), round(r.uniform(1.6, 3.8), 1)) for k in range(4, 0, -1)]
    if ctx.style.table == "pipe":
        table = "| Date | INR | Weekly dose (mg) |\n|---|---|---|\n"
        segs: Segs = [Seg(table)]
        for d, inr in hist:
            segs += [Seg("| ")] + ctx.date(d, "day") + [Seg(f" | {inr} | {weekly} |\n")]
    else:
        segs = []
        for d, inr in hist:
            segs += ctx.date(d, "day") + [Seg(f"   INR {inr}   {weekly} mg/wk\n")]
    today = round(r.uniform(1.4, 4.2), 1)
    plan_dose = ctx.choice(("Continue 5 mg daily except 2.5 mg Mon/Fri.", "Hold tonight, then resume 5 mg daily.", "Increase to 7.5 mg on Tuesdays, 5 mg other days.",
                            "Take 1/2 tab (2.5 mg) tonight then usual dose.", "No change."))
    s_part = ctx.pick("acc_s", (
        lambda: S("No missed doses. No bleeding, bruising, dark stools. Diet stable; ate more salads over {hol}.", hol=ctx.holiday()),
        lambda: S("Reports epistaxis x1 on {d}, resolved with pressure. Started {abx} on {d2}.", d=ctx.date(ctx.days(-r.randint(2, 8)), "day"), abx=ctx.choice(("azithromycin", "levofloxacin", "metronidazole", "amoxicillin")), d2=ctx.date(ctx.days(-r.randint(3, 10)), "day")),
        lambda: S("{rel} {name} manages pillbox. Pt traveled to {city} last week and missed 2 doses.", rel=ctx.relative().relation.capitalize(), name=ctx.rel_name(ctx.relative(), "first_only"), city=phi(ctx.choice(vocab.CITIES)[0], "CITY")),
        lambda: [Seg("Denies falls, bleeding or new medications. Alcohol: none.")],
    ))()
    poc = ctx.pick("acc_poc", (
        lambda: S("Point-of-care INR {v} (CoaguChek XS, meter SN {sn}, strip lot {lot}).", v=today, sn=phi(P.device_serial(r), "DEVICE"), lot=P.digits(r, 6)),
        lambda: [Seg(f"INR today {today} (venous, {ctx.choice(('Quest', 'in-house lab'))}).")],
        lambda: S("Home INR monitor reading {v} transmitted {d} via {url}.", v=today, d=ctx.date(ctx.today, "day"), url=ctx.url(kind="portal")),
    ))()
    parts = [
        (ctx.h("INR History", "Recent INRs"), segs),
        (ctx.h("Subjective", "Interval History"), ctx.prose(s_part)),
        (ctx.h("Today", "Objective"), ctx.prose(poc)),
        (ctx.h("Assessment"), [Seg(f"INR {'subtherapeutic' if today < float(goal[:3]) else 'supratherapeutic' if today > float(goal[-3:]) else 'therapeutic'} on warfarin {weekly} mg/week.\n")]),
        (ctx.h("Plan"), ctx.prose(S("{dose} Recheck INR on {d}. Pt instructed to call {ph} with bleeding.", dose=plan_dose, d=ctx.date(ctx.days(r.choice((7, 14, 21, 28))), "day"), ph=ctx.phone(pt.clinic.phone, ext=ctx.chance(0.5))))),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")] + C.signoff(ctx, clin, pt.pcp if ctx.chance(0.4) else None)
    return out


def telephone_encounter(ctx: Ctx) -> Segs:
    pt = ctx.pt
    r = ctx.rng
    rn = ctx.staff("nurse", "clinic", reuse=0.5)
    caller_is_rel = ctx.chance(0.35)
    rel = ctx.relative()
    out = C.facility_banner(ctx, pt.clinic, title=ctx.pick("title:tel", ("Telephone Encounter", "TELEPHONE NOTE", "Phone Call", "Triage Call")))
    fields = C.patient_fields(ctx, ("name", ctx.choice(("dob", "age")), "mrn"))
    caller = S("{rel} {name}", rel=rel.relation, name=ctx.rel_name(rel, "first_last")) if caller_is_rel else [Seg("patient")]
    verify = ctx.pick("tel_verify", (
        lambda: [Seg("; identity verified by name and DOB")],
        lambda: S("; identity verified by name, DOB and {k} ID {b}", k=pt.bio_kind, b=phi(pt.bio_id, "BIOID")),
        lambda: S("; verified last 4 of SSN {s}", s=ctx.ssn_last4()),
        lambda: [Seg("")],
    ))()
    fields += [("Call received", ctx.datetime(ctx.today)), ("Caller", caller + verify),
               ("Call-back number", ctx.phone(rel.phone if caller_is_rel else pt.cell_phone)), ("Taken by", ctx.doc(rn, "full_cred"))]
    out += C.render_fields(ctx, fields, "lines") + [Seg("\n")]
    sc = ctx.scenario
    reason = ctx.pick("tel_reason", (
        lambda: S("{age} y/o {sx} reports {s}. {x}", age=[ctx.age_num()], sx=pt.person.sex, s=ctx.choice(sc.symptoms), x=ctx.choice(("Denies chest pain or SOB.", "No fever.", "Took acetaminophen 500 mg with some relief."))),
        lambda: S("Requests refill of {d}; pharmacy {ph}.", d=C.med_line(ctx, ctx.choice(C.patient_drugs(ctx))), ph=ctx.org(pt.pharmacy)),
        lambda: S("Questions about prep for colonoscopy on {d} at {h} with {dr}.", d=ctx.date(ctx.days(r.randint(3, 20)), "day"), h=ctx.hosp(pt.outside), dr=ctx.dr(ctx.staff("physician", "outside", reuse=0.3))),
        lambda: S("Home BP readings 150s-160s/90s this week; highest {bp} at {t}. Ran out of {d} {n} days ago.", bp=f"{r.randint(160, 185)}/{r.randint(90, 110)}", t=ctx.time(), d=ctx.choice(("amlodipine", "lisinopril", "losartan")), n=r.randint(2, 9)),
        lambda: S("Message via portal from {ip}: asks about results of {d}.", ip=ctx.ip(False), d=ctx.date(ctx.days(-r.randint(2, 10)), "day")),
    ))()
    plan: List[Segs] = [
        S("Per {dr} (standing order protocol), {x}.", dr=ctx.dr(pt.pcp), x=ctx.choice(("resume home dose", "30-day supply sent", "ok to take ibuprofen 400 mg q8h prn x3 days", "schedule visit this week"))),
        S("RN to call back on {d}.", d=ctx.date(ctx.days(r.randint(1, 4)), "day")),
        [Seg("Reviewed when to call 911: chest pain, trouble breathing, weakness or confusion.")],
        S("Instructions re-sent via portal ({url}).", url=ctx.url(kind="education")),
        S("Email on file updated at {his} request to {e}.", his=ctx.his, e=ctx.email(pt.email)),
        S("Mail-order pharmacy number given: {ph}.", ph=ctx.phone(P.toll_free(r))),
        S("Portal username reset: {u}.", u=phi(pt.portal_user, "USERNAME")),
    ]
    parts = [(ctx.h("Reason for Call", "S", "Message"), ctx.prose(reason)),
             (ctx.h("Assessment", "A"), C.negatives_line(ctx) + [Seg(ctx.choice(("No red-flag symptoms.", "Likely viral; supportive care.", "Uncontrolled HTN from missed doses.", "Routine refill.")) + "\n")]),
             (ctx.h("Plan", "P", "Disposition"), ctx.bullets(ctx.sample(plan, r.randint(2, 4)), "num"))]
    out += C.sections(ctx, parts) + [Seg("\n" + ctx.choice(("Pt verbalized understanding; teach-back done.", "Caller agrees with plan.", "")) + "\n")]
    out += S("Routed to {dr} for co-signature.\n", dr=ctx.doc(pt.pcp)) if ctx.chance(0.5) else []
    out += C.signoff(ctx, rn, pt.pcp if ctx.chance(0.4) else None)
    return out


def ed_triage(ctx: Ctx) -> Segs:
    pt = ctx.pt
    r = ctx.rng
    rn = ctx.staff("nurse", reuse=0.3)
    edmd = ctx.staff("physician", service="Emergency Medicine", reuse=0.3)
    mvc = ctx.chance(0.35)
    out = [ctx.hosp(pt.hospital, 0.2, caps=ctx.chance(0.6)), Seg(" - " + ctx.choice(("EMERGENCY DEPARTMENT", "Emergency Department", "ED")) + "\n"),
           Seg(ctx.pick("title:triage", ("TRIAGE ASSESSMENT", "ED Triage Note", "Triage", "Nursing Triage")) + "\n\n")]
    fields = [("Arrival", ctx.datetime(ctx.today)), ("Mode", [Seg(ctx.choice(("ALS ambulance", "walk-in", "BLS", "private vehicle", "police")))])]
    fields += C.patient_fields(ctx, ("name", "dob", "age", "sex", "mrn", ctx.choice(("acct", "ssn", "insurance")), ctx.choice(("address", "phone", "insurance"))))
    rel = ctx.relative()
    fields.append(("Emergency contact", S("{name} ({rel}) ", name=ctx.rel_name(rel, "first_last"), rel=rel.relation) + ctx.phone(rel.phone)))
    if ctx.chance(0.35):
        fields.append(("ID", S("verified by {k} scan (enrollment ID {b}) and {st} driver's license {dl}", k=pt.bio_kind, b=phi(pt.bio_id, "BIOID"),
                               st=pt.address.state, dl=phi(pt.driver_license, "LICENSE"))))
    out += C.render_fields(ctx, fields, ctx.choice(("lines", "two_col"))) + [Seg("\n")]
    if mvc:
        cc = '"my neck hurts" - restrained driver in MVC'
        narrative = S("{age} restrained driver, single vehicle vs guardrail near {lm} at approx {t}, est. {mph} mph, + airbag deployment. "
                      "Self-extricated. Brief LOC per bystander. Arrives in c-collar. c/o neck pain {p}/10. Vehicle per {city} PD: VIN {vin}, plate {pl} (towed).",
                      age=ctx.age_segs(form=ctx.choice(("y_o", "yo", "sex_glued"))), lm=phi(pt.landmark, "LOCATION_OTHER"),
                      t=ctx.time(), mph=r.randint(25, 65), p=r.randint(4, 9), city=phi(pt.address.city, "CITY"), vin=phi(pt.vehicle_vin, "VEHICLE"), pl=phi(pt.vehicle_plate, "VEHICLE"))
    else:
        sc = ctx.scenario
        cc = f'"{ctx.choice(sc.complaints)}"'
        narrative = ctx.pick("triage_narr", (
            lambda: S("{age} c/o {s} x {n} days. {x}", age=ctx.age_segs(form=ctx.choice(("y_o", "yo", "sex_glued", "hyph"))), s=" and ".join(ctx.sample(sc.symptoms, 2)), n=r.randint(1, 6), x=ctx.choice(("Took tylenol at home.", "Sent from PCP office.", "Denies CP/SOB."))),
            lambda: S("Pt states {s}. {rel} at bedside. Hx {pmh}.", s=ctx.choice(sc.symptoms), rel=ctx.relative().relation.capitalize(), pmh=", ".join(C.problems(ctx, False)[:3])),
            lambda: S("Sent from {fac} for {s}. Per facility RN {rn}, {x}.", fac=ctx.hosp(pt.facility), s=ctx.choice(sc.complaints), rn=ctx.doc(ctx.staff("nurse", "facility", reuse=0.4), "first_init_last"), x=ctx.choice(("baseline A&Ox2", "fell at 0400", "SpO2 86% on RA"))),
        ))()
    parts = [
        (ctx.h("Chief Complaint", "CC"), [Seg(cc + "\n")]),
        (ctx.h("Triage Narrative", "HPI", "Narrative"), ctx.prose(narrative)),
        (ctx.h("Vitals"), S("{t}: ", t=ctx.time()) + C.vitals(ctx, sick=True)),
        (ctx.h("Assessment", "Triage Assessment"), [Seg(ctx.choice(("Neuro: GCS 15 (E4 V5 M6). PERRL.", "Neuro: Glasgow Coma Scale 14 (E4 V4 M6), repetitive questioning.",
                                                                    "Airway patent. Resp unlabored.", "Skin: seat belt abrasion across L clavicle.")) + "\n"
                                                        + f"Allergies: {', '.join(pt.allergies)}. PMH: {', '.join(C.problems(ctx, False)[:3])}.\n")] + C.negatives_line(ctx)),
        (ctx.h("Social"), ctx.prose(S("Works as a {job} for {org}.", job=phi(pt.profession, "PROFESSION"), org=ctx.org(pt.employer)))) if (ctx.chance(0.4) and not pt.retired) else ([], []),
        (ctx.h("Disposition"), ctx.prose(S("ESI level {esi}. Placed in {room}. Notified {dr} at {t}.", esi=r.randint(1, 4),
                                          room=ctx.pick("triage_room", (lambda: S("Trauma Bay, bed {b}", b=phi(f"T{r.randint(1, 4)}", "ROOM")), lambda: S("Pod {p}, bed {b}", p=phi(ctx.choice("ABCD"), "ROOM"), b=phi(str(r.randint(1, 30)), "ROOM")), lambda: ctx.room_segs(), lambda: [Seg("the waiting room")]))(),
                                          dr=ctx.dr(edmd), t=ctx.time()))),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    out += ctx.pick("triage_sign", (
        lambda: S("Triage RN: {rn} ({u})\n", rn=ctx.doc(rn, "full_cred"), u=ctx.username(rn)),
        lambda: S("{rn} {d}\n", rn=ctx.doc(rn, "init_cred"), d=ctx.datetime(ctx.today)),
        lambda: S("-{i}\n", i=ctx.initials(rn)),
    ))()
    return out


def referral_letter(ctx: Ctx) -> Segs:
    pt, sc = ctx.pt, ctx.scenario
    to = ctx.staff("physician", "outside", reuse=0.3)
    frm = pt.pcp
    out: Segs = [ctx.hosp(pt.clinic), Seg("\n")] + ctx.address(pt.clinic.address) + [Seg("\n")]
    out += S("Tel {p}    Fax {f}", p=ctx.phone(pt.clinic.phone), f=ctx.phone(pt.clinic.fax, "FAX"))
    out += (S("    {u}", u=ctx.url(pt.clinic, "site")) if ctx.chance(0.5) else []) + [Seg("\n\n")]
    out += ctx.date(ctx.today, "full", ctx.choice(("month_d_Y", "month_d_Y", "mon_d_Y")) if ctx.policy.form_allowed("date", "month_d_Y") else None) + [Seg("\n\n")]
    out += ctx.doc(to, "full_cred") + [Seg("\n")]
    if ctx.chance(0.6):
        out += [ctx.dept(pt.outside), Seg("\n")]
    out += [ctx.hosp(pt.outside), Seg("\n")] + ctx.address(pt.outside.address, sep="\n") + [Seg("\n\n")]
    out += S("RE: {name}    DOB: {dob}    Our MRN: {mrn}\n", name=ctx.pt_name("full"), dob=ctx.date(pt.dob, "header"), mrn=ctx.mrn())
    if ctx.chance(0.5):
        out += S("Address: {a}\n", a=ctx.address())
    if ctx.chance(0.5):
        out += S("Insurance: {i}\n", i=C.insurance_segs(ctx))
    salutation = S("\nDear {dr},\n\n", dr=ctx.doc(to, "dr_last")) if ctx.chance(0.8) else [Seg("\nDear Colleague,\n\n")]
    body1 = ctx.pick("ref_open", (
        lambda: S("Thank you for seeing {name}, a {age} {sex} whom I have followed in primary care since {y}, for evaluation and management of {what}.",
                  name=ctx.pt_name("narrative", "title_last"), age=ctx.age_segs(form="hyph") if ctx.policy.form_allowed("age", "hyph") else ctx.age_segs(), sex=ctx.sex_word, y=ctx.date(ctx.days(-365 * ctx.rng.randint(2, 15)), "year"), what=sc.title.lower()),
        lambda: S("I am writing to refer {name} ({age}) regarding {what}.", name=ctx.pt_name("narrative", "first_last"), age=ctx.age_segs(form="yo"), what=sc.title.lower()),
        lambda: S("I would be grateful for your opinion on {name}, who has {what}.", name=ctx.pt_name("narrative", "title_last"), what=sc.title.lower()),
        lambda: S("Please see {name}, DOB {dob}, for {what}.", name=ctx.pt_name("narrative", "first_mi_last"), dob=ctx.date(pt.dob, "full"), what=sc.title.lower()),
    ))()
    body2 = S("Symptoms began in {m} ({s}), and {he} came to see me on {d}. {img}", he=ctx.he, s=ctx.choice(sc.symptoms), m=ctx.date(ctx.days(-ctx.rng.randint(20, 90)), "month"),
              d=ctx.date(ctx.days(-ctx.rng.randint(5, 19)), "day"), img=ctx.choice(sc.imaging) if sc.imaging else "")
    body3 = S("{His} history includes {pmh}. Medications: {meds}. Allergies: {al}.", His=ctx.his.capitalize(), pmh=", ".join(C.problems(ctx, False)[:4]) or "nothing of note",
              meds="; ".join(C.med_line(ctx, d) for d in C.patient_drugs(ctx, k=4)), al=", ".join(pt.allergies))
    body4 = C.social_history(ctx, 2)
    contact = ctx.pick("ref_contact", (
        lambda: S("{He} can be reached at {ph} (cell) or {e}.", He=ctx.he.capitalize(), ph=ctx.phone(pt.cell_phone), e=ctx.email(pt.email)),
        lambda: S("Best contact is {his} {rel}, {name}, at {ph}.", his=ctx.his, rel=ctx.relative().relation, name=ctx.rel_name(ctx.relative(), "first_last"), ph=ctx.phone(ctx.relative().phone)),
        lambda: S("Please call my direct line {ph} with any questions.", ph=ctx.phone(pt.clinic.phone, ext=True)),
    ))()
    out += salutation
    for para in (body1, body2, body3, body4, contact):
        out += ctx.prose(para) + [Seg("\n\n")]
    out += [Seg(ctx.choice(("Sincerely,", "Best regards,", "With thanks,", "Yours sincerely,")) + "\n\n")]
    out += ctx.doc(frm, "full_cred") + [Seg("\n")]
    if ctx.chance(0.6):
        out += [ctx.email(frm.email), Seg("\n")]
    if ctx.chance(0.3):
        out += S("NPI {n}\n", n=phi(frm.npi, "LICENSE"))
    out += [Seg("\nEnclosures: " + ctx.choice(("pathology report, imaging reports, medication list", "recent labs", "ECG tracing", "none")) + "\n")]
    return out


def social_work_note(ctx: Ctx) -> Segs:
    pt = ctx.pt
    sw = ctx.staff("social", reuse=0.3)
    out = C.facility_banner(ctx, title=ctx.pick("title:sw", ("Social Work Assessment", "SOCIAL WORK NOTE", "Psychosocial Assessment", "Case Management / Social Work")))
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", ctx.choice(("ssn", "location", "insurance"))))
    fields.append(("Date", ctx.date(ctx.today, "header")))
    ref_by = ctx.staff("physician", reuse=0.6)
    fields.append(("Referred by", ctx.dr(ref_by) + [Seg(", for " + ctx.choice(("discharge planning", "caregiver support", "insurance issues", "safety concerns")))]))
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    rels = pt.relatives
    r0 = rels[0]
    psych = ctx.prose(join([
        C.social_history(ctx, 2)[:-1],
        S("{His} {rel}, {name}, {age}, lives in {city} and {role}.", His=ctx.his.capitalize(), rel=r0.relation, name=ctx.rel_name(r0, "first_only"), age=ctx.age_num(r0.age),
          city=phi(ctx.choice(vocab.CITIES)[0], "CITY"), role=ctx.choice(("is health care proxy", "visits weekly", "is the primary caregiver", "works full time"))),
        S("Resided at {addr} since {d}.", addr=ctx.address(), d=ctx.date(ctx.days(-ctx.rng.randint(200, 4000)), "month")) if ctx.chance(0.5) else [],
    ], " "))
    plan: List[Segs] = [
        S("Short-term rehab referral sent to {fac}; bed offer expected by {d}.", fac=ctx.hosp(pt.facility), d=ctx.date(ctx.days(ctx.rng.randint(1, 5)), "day", ctx.choice(("weekday_month_d", "weekday_md")) if ctx.chance(0.6) else None)),
        S("{rel} to visit tomorrow at {t}; contact {e} or {ph}.", rel=r0.relation.capitalize(), t=ctx.time(), e=ctx.email(P._email_for(ctx.rng, r0.person, 1970)), ph=ctx.phone(r0.phone)),
        S("Parking pass issued for {rel}'s vehicle, {st} plate {pl}.", rel=r0.relation, st=pt.address.state, pl=phi(P.plate(ctx.rng), "VEHICLE")),
        S("Insurance: {ins}.", ins=C.insurance_segs(ctx)),
        S("Meals on Wheels and Visiting Nurse referrals placed; {org} contacted.", org=ctx.org(pt.other_org)),
        S("Transportation via {org} van to appointments.", org=ctx.org(ctx.choice(("The RIDE", "MART", "Access-A-Ride")))),
    ]
    parts = [
        (ctx.h("Reason for Referral"), ctx.prose(C.one_liner(ctx))),
        (ctx.h("Sources of Information"), ctx.prose(S("Patient, chart, {rel} {name} by phone, and {who} at {fac}.", rel=r0.relation, name=ctx.rel_name(r0, "first_last"),
                                                      who=ctx.doc(ctx.staff("nurse", "facility", reuse=0.4), "full_cred"), fac=ctx.hosp(pt.facility)))),
        (ctx.h("Psychosocial History", "Social History"), psych),
        (ctx.h("Cognition/Capacity"), [Seg(ctx.choice(("Alert and oriented; has capacity for discharge decisions.", "Mild dementia at baseline (SLUMS 17/30). HCP document on file, not activated.",
                                                       "MoCA 22/30. Daughter holds HCP.")) + "\n")]),
        (ctx.h("Assessment"), [Seg(ctx.choice(("Supportive family, safe discharge plan in progress.", "Caregiver stress identified; resources provided.", "Financial barriers to medications.")) + "\n")]),
        (ctx.h("Plan"), ctx.bullets(ctx.sample(plan, ctx.rng.randint(3, 5)), "num")),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    out += ctx.pick("sw_sign", (
        lambda: S("{sw}, {st} Lic. # {lic}\nExt. {ext}\n", sw=ctx.doc(sw, "full_cred"), st=pt.hospital.address.state, lic=phi(sw.state_license, "LICENSE"), ext=phi(P.digits(ctx.rng, 5, True), "PHONE")),
        lambda: C.signoff(ctx, sw),
        lambda: S("{sw} ({u}), pager {pg}\n", sw=ctx.doc(sw, "full_cred"), u=ctx.username(sw), pg=phi(sw.pager, "PHONE")),
    ))()
    return out


def physical_therapy_note(ctx: Ctx) -> Segs:
    pt = ctx.pt
    r = ctx.rng
    ther = ctx.staff("therapist", ctx.choice(("hospital", "clinic")), reuse=0.5)
    out = C.facility_banner(ctx, title=ctx.pick("title:pt", ("Physical Therapy Evaluation", "PT Daily Note", "PHYSICAL THERAPY TREATMENT NOTE", "Outpatient PT Progress Note")))
    fields = C.patient_fields(ctx, ("name", "mrn", ctx.choice(("age", "dob")), ctx.choice(("location", "insurance", "pcp"))))
    fields += [("Date", ctx.date(ctx.today, "header")), ("Visit #", [Seg(f"{r.randint(1, 14)} of {r.randint(12, 20)}")]), ("Time in/out", [Seg(f"{ctx.time(9, 0)}-{ctx.time(9, 45)}")])]
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    subj = ctx.pick("pt_subj", (
        lambda: S("Pt reports pain {p}/10 in {where}. Goal is to return to work as a {job}.", p=r.randint(1, 8), where=ctx.choice(("the R hip", "low back", "L knee", "both shoulders")), job=phi(pt.profession, "PROFESSION")),
        lambda: S("\"I want to walk to {place} again.\" Lives in a 2-story home with {n} steps to enter, {rel} assists.", place=phi(pt.landmark, "LOCATION_OTHER"), n=r.randint(2, 14), rel=ctx.relative().relation),
        lambda: S("Pt seen in {room} for initial eval; RN cleared for mobility. {rel} {name} present.", room=ctx.room_segs(), rel=ctx.relative().relation, name=ctx.rel_name(ctx.relative(), "first_only")),
        lambda: [Seg(f"Reports HEP adherence 5/7 days. Pain {r.randint(1, 6)}/10 after walking 20 minutes.")],
    ))()
    objective = C.negatives_line(ctx) if ctx.chance(0.3) else []
    objective += [Seg(f"ROM: {ctx.choice(('hip flexion 0-85', 'knee flexion 5-102', 'shoulder flexion 0-140'))} degrees. Strength 4-/5 {ctx.choice(('hip abductors', 'quads', 'ankle DF'))}. "
                     f"{ctx.choice(vocab.SCORES[-6:])}.\n")]
    parts = [
        (ctx.h("Subjective", "S"), ctx.prose(subj)),
        (ctx.h("Objective", "O"), objective),
        (ctx.h("Interventions", "Treatment"), ctx.bullets(ctx.sample(vocab.PT_INTERVENTIONS, r.randint(3, 5)))),
        (ctx.h("Assessment", "A"), [Seg(ctx.choice(("Progressing toward goals; gait more symmetric.", "Limited by pain and fatigue.", "Fall risk remains high (Berg 38/56).")) + "\n")]),
        (ctx.h("Plan", "P"), ctx.prose(S("Continue {f}. Next visit {d}. Recommend {x}.", f=ctx.choice(("2x/week x 6 weeks", "daily while inpatient", "3x/week")), d=ctx.date(ctx.days(r.randint(2, 7)), "day"),
                                         x=ctx.choice(("home with outpatient PT", "rolling walker and shower chair", "short-term rehab", "home safety evaluation"))))),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")] + ctx.pick("pt_sign", (
        lambda: S("{t}, Lic #{lic}\n", t=ctx.doc(ther, "full_cred"), lic=phi(ther.state_license, "LICENSE")),
        lambda: C.signoff(ctx, ther),
        lambda: S("Therapist: {t} ({u})\n", t=ctx.doc(ther, "full_cred"), u=ctx.username(ther)),
    ))()
    return out


def psychiatry_note(ctx: Ctx) -> Segs:
    """Held-out type (dev/test only): outpatient psychiatric evaluation."""
    pt = ctx.pt
    r = ctx.rng
    psy = ctx.staff("psych", "clinic", reuse=0.4)
    out = C.facility_banner(ctx, ctx.pt.clinic, title=ctx.pick("title:psych", ("Psychiatric Evaluation", "PSYCHIATRY FOLLOW-UP", "Behavioral Health Progress Note", "Outpatient Psychiatry Note")))
    out += C.render_fields(ctx, C.patient_fields(ctx, ("name", "mrn", ctx.choice(("dob", "age")))) + [("Date of service", ctx.datetime(ctx.today)), ("Clinician", ctx.doc(psy))]) + [Seg("\n")]
    rel = ctx.relative()
    hpi = ctx.pick("psych_hpi", (
        lambda: S("{name} is a {age} {sex} with {dx} seen for {what}. Reports low mood since {m}, after {ev}. Sleep 4-5 h/night.",
                  name=ctx.pt_name("narrative", "title_last"), age=ctx.age_segs(), sex=ctx.sex_word, dx=ctx.choice(("MDD, recurrent", "bipolar I disorder", "GAD", "PTSD")),
                  what=ctx.choice(("medication management", "follow-up", "intake evaluation")), m=ctx.date(ctx.days(-r.randint(30, 200)), "month"),
                  ev=ctx.choice(("losing job at " + pt.employer, "death of " + ctx.his + " " + rel.relation, "a divorce", "a move"))),
        lambda: S("Pt states \"{q}\". Accompanied by {rel} {name}. Stopped {d} on {d2} due to side effects.", q=ctx.choice(("I'm just tired of everything", "the voices are quieter", "work is crushing me")),
                  rel=rel.relation, name=ctx.rel_name(rel), d=ctx.choice(("sertraline", "lithium", "quetiapine", "escitalopram")), d2=ctx.date(ctx.days(-r.randint(5, 60)), "day")),
        lambda: S("Returns after ED visit to {h} on {d} for {why}. Safety plan reviewed.", h=ctx.hosp(pt.outside), d=ctx.date(ctx.days(-r.randint(3, 30)), "day"), why=ctx.choice(("passive SI", "panic attack", "intoxication"))),
    ))()
    mse = "".join(f"{k}: {ctx.choice(v)}\n" for k, v in vocab.PSYCH_MSE.items())
    risk = ctx.choice(("Low acute risk: no plan, future-oriented, engaged in care.", "Moderate chronic risk; acute risk low. Firearms: none in home, confirmed with " + rel.relation + ".",
                       "Columbia Suicide Severity Rating Scale: negative."))
    meds = C.med_list(ctx, ctx.sample(vocab.DRUG_CLASSES["antidepressant"] + vocab.DRUG_CLASSES["antipsychotic"] + ("trazodone", "lorazepam"), r.randint(1, 3)))
    parts = [
        (ctx.h("History of Present Illness", "Interval History"), ctx.prose(hpi)),
        (ctx.h("Psychiatric History"), ctx.prose(S("Prior hospitalization at {h} in {y}. ", h=ctx.hosp(ctx.choice((pt.outside, pt.hospital))), y=ctx.date(ctx.days(-365 * r.randint(1, 20)), "year")),
                                                 ctx.pick("psych_prior", (
                                                     lambda: S("One suicide attempt by overdose at age {a}.", a=ctx.age_num(max(12, ctx.age - r.randint(1, 30)))),
                                                     lambda: [Seg("No prior attempts. Trials of fluoxetine and bupropion.")],
                                                     lambda: [Seg("Outpatient care since college; no ECT.")],
                                                 ))())),
        (ctx.h("Social History"), ctx.prose(C.social_history(ctx, 2))),
        (ctx.h("Mental Status Exam", "MSE"), [Seg(mse)]),
        (ctx.h("Screening"), C.negatives_line(ctx) + [Seg(f"PHQ-9 {r.randint(3, 24)}, GAD-7 {r.randint(2, 20)}, AUDIT-C {r.randint(0, 8)}.\n")]),
        (ctx.h("Risk Assessment"), [Seg(risk + "\n")]),
        (ctx.h("Medications"), meds),
        (ctx.h("Plan"), ctx.bullets([S("Therapy with {t}, {f}.", t=ctx.doc(ctx.staff("social", "clinic", reuse=0.4), "full_cred"), f=ctx.choice(("weekly", "every 2 weeks"))),
                                     [Seg(ctx.choice(("Increase sertraline to 100 mg daily.", "Lithium level and BMP in 5 days.", "Continue current regimen.")))],
                                     S("RTC {d}. Crisis line {ph}; 988 for emergencies.", d=ctx.date(ctx.days(r.choice((14, 28, 42))), "day"), ph=ctx.phone(pt.clinic.phone))], "num")),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")] + C.signoff(ctx, psy)
    return out


def patient_letter(ctx: Ctx) -> Segs:
    """Test-only type: a clinic letter to the patient (results, recall, no-show)."""
    pt = ctx.pt
    doc = pt.pcp
    out: Segs = [ctx.hosp(pt.clinic), Seg("\n")] + ctx.address(pt.clinic.address, sep="\n") + [Seg("\n")] + ctx.phone(pt.clinic.phone) + [Seg("\n\n")]
    out += ctx.date(ctx.today, "full") + [Seg("\n\n")]
    out += ctx.pt_name("narrative", ctx.choice(("first_last", "first_mi_last"))) + [Seg("\n")] + ctx.address(sep="\n") + [Seg("\n\n")]
    out += S("Dear {name}:\n\n", name=ctx.pt_name("narrative", ctx.choice(("title_last", "first_last", "first_only"))))
    body = ctx.pick("letter_body", (
        lambda: S("I am pleased to let you know that the results of your {t} from {d} were normal. No further testing is needed at this time. Please continue your current medicines, including {m}.",
                  t=ctx.choice(("blood tests", "mammogram", "colonoscopy", "bone density scan")), d=ctx.date(ctx.days(-ctx.rng.randint(5, 30)), "full"), m=C.med_line(ctx, ctx.choice(C.patient_drugs(ctx)))),
        lambda: S("Our records show that you missed your appointment on {d}. It is important that we see you to review your {c}. Please call {ph} to reschedule.",
                  d=ctx.date(ctx.days(-ctx.rng.randint(3, 20)), "day"), c=ctx.choice(("blood pressure", "diabetes", "blood thinner", "thyroid")), ph=ctx.phone(pt.clinic.phone)),
        lambda: S("You are due for your annual wellness visit. You can book online at {url} using your username {u}, or call us.", url=ctx.url(pt.clinic, "portal"), u=phi(pt.portal_user, "USERNAME")),
        lambda: S("Your recent A1c was {a}%, up from {b}% in {m}. I would like you to start {d} and see you in 3 months.",
                  a=round(ctx.rng.uniform(7.2, 9.8), 1), b=round(ctx.rng.uniform(6.5, 7.1), 1), m=ctx.date(ctx.days(-ctx.rng.randint(90, 200)), "month"), d=C.med_line(ctx, "metformin")),
    ))()
    out += ctx.prose(body) + [Seg("\n\n")]
    out += ctx.prose(S("If you have questions, please call the office at {ph} or send a message through the patient portal.", ph=ctx.phone(pt.clinic.phone, ext=ctx.chance(0.4)))) + [Seg("\n\n")]
    out += [Seg(ctx.choice(("Sincerely,", "Warm regards,", "Yours truly,")) + "\n\n")] + ctx.doc(doc, "full_cred") + [Seg("\n")]
    if ctx.chance(0.5):
        out += [Seg("cc: ")] + ctx.doc(ctx.staff("physician", "outside", reuse=0.5), "full_cred") + [Seg("\n")]
    return out
