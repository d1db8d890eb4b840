"""Diagnostic reports: radiology, pathology, ECG, echo (held out), lab results with sign-off."""
from __future__ import annotations

from typing import List

from .. import phi as P
from .. import vocab
from ..builder import S, Seg, Segs, join, phi
from ..context import Ctx
from . import common as C


def radiology_report(ctx: Ctx) -> Segs:
    pt = ctx.pt
    studies = [s for s in vocab.RADIOLOGY_STUDIES if pt.person.sex == "F" or "MAMMOGRAM" not in s[0]]
    exam, cpt, technique, findings, impressions = ctx.choice(studies)
    rad = ctx.staff("physician", service="Radiology", reuse=0.3)
    orderer = ctx.staff(ctx.choice(("physician", "midlevel")), ctx.choice(("hospital", "clinic")), reuse=0.5)
    out = C.facility_banner(ctx)
    if ctx.chance(0.4):
        out += [ctx.dept(), Seg(" - " + ctx.choice(("Diagnostic Imaging", "Radiology", "Magnetic Resonance Imaging", "CT")) + "\n")]
    out += [Seg("\n")]
    fields = [(ctx.pick("lbl:exam", ("EXAM", "Exam", "Study", "PROCEDURE")), [Seg(f"{exam} (CPT {cpt})" if ctx.chance(0.6) else exam)])]
    fields += C.patient_fields(ctx, ("name", "mrn", ctx.choice(("dob", "age"))))
    fields += [(ctx.pick("lbl:acc", ("ACCESSION", "Accession #", "Acc", "Order #")), [ctx.idnum(ctx.choice(("MR", "CT", "XR", "US", "RAD")))]),
               (ctx.pick("lbl:examdate", ("EXAM DATE", "Date of Exam", "Performed", "Study Date")), ctx.datetime(ctx.today)),
               (ctx.pick("lbl:ordering", ("ORDERING PROVIDER", "Ordering", "Referring Physician", "Requested by")),
                ctx.doc(orderer) + ([Seg(", "), ctx.hosp(pt.clinic)] if ctx.chance(0.3) else []))]
    out += C.render_fields(ctx, fields, ctx.choice(("lines", "two_col", "lines"))) + [Seg("\n")]
    history = ctx.pick("rad_history", (
        lambda: S("{age} {sex} with {cc}. {x}", age=ctx.age_segs(), sex=ctx.sex_word, cc=ctx.choice(ctx.scenario.complaints), x=ctx.choice(("Evaluate.", "Rule out acute process.", f"ICD-10: {ctx.scenario.icd10}."))),
        lambda: S("{cc}; {age}, {prof}. Injury at work on {d}.", cc=ctx.choice(ctx.scenario.complaints).capitalize(), age=ctx.age_segs(form="hyph"), prof=phi(pt.profession, "PROFESSION"), d=ctx.date(ctx.days(-ctx.rng.randint(3, 40)), "day")),
        lambda: S("{cc}. Hx {pmh}.", cc=ctx.choice(ctx.scenario.complaints).capitalize(), pmh=", ".join(C.problems(ctx, False)[:3])),
        lambda: [Seg(f"{ctx.choice(ctx.scenario.complaints).capitalize()}.")],
    ))()
    comparison = ctx.pick("rad_comparison", (
        lambda: S("{d}.", d=ctx.date(ctx.days(-ctx.rng.randint(30, 1500)), "full")),
        lambda: [Seg("None.")],
        lambda: S("Outside study from {h} dated {d}.", h=ctx.hosp(pt.outside), d=ctx.date(ctx.days(-ctx.rng.randint(5, 400)), "full")),
        lambda: S("Radiographs {d} and CT {d2}.", d=ctx.date(ctx.days(-ctx.rng.randint(2, 60)), "day"), d2=ctx.date(ctx.days(-ctx.rng.randint(100, 900)), "full")),
    ))()
    f_lines = ctx.sample(findings, ctx.rng.randint(3, len(findings)))
    imp = [ctx.choice(impressions)] + (["Incidental findings as above."] if ctx.chance(0.2) else [])
    comm = ctx.pick("rad_comm", (
        lambda: S("Findings discussed by telephone with {dr} at {t} on {d}; read-back confirmed.", dr=ctx.doc(orderer, ctx.choice(("init_cred", "dr_last", "dr_full"))), t=ctx.time(), d=ctx.date(ctx.today, "day")),
        lambda: S("Critical result communicated to {rn} at {t}.", rn=ctx.doc(ctx.staff("nurse", reuse=0.3), "full_cred"), t=ctx.time()),
        lambda: S("Images available on PACS workstation {ip} and for outside providers at {url}.", ip=ctx.ip(True), url=ctx.url(kind="images")),
        lambda: [Seg("")],
    ))()
    parts = [
        (ctx.h("Clinical History", "History", "Indication", "Reason for Exam"), ctx.prose(history)),
        (ctx.h("Comparison", "Comparisons", "Prior"), comparison + [Seg("\n")]),
        (ctx.h("Technique"), [Seg(technique + "\n")]),
        (ctx.h("Findings"), [Seg("\n".join(f_lines) + "\n")] if ctx.chance(0.6) else ctx.prose(" ".join(f_lines))),
        (ctx.h("Impression", "IMPRESSION", "Conclusion"), ctx.bullets(imp, ctx.choice(("num", "num", "")))),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    if comm and comm[0].text:
        out += ctx.prose(comm) + [Seg("\n\n")]
    out += ctx.pick("rad_sign", (
        lambda: S("Dictated by: {dr}\nSigned: {d} ({u})\n", dr=ctx.doc(rad, "full_cred"), d=ctx.datetime(ctx.today), u=ctx.username(rad)),
        lambda: S("Interpreted by {dr} on {d}.\n", dr=ctx.doc(rad), d=ctx.datetime(ctx.today)),
        lambda: S("Electronically signed: {dr}  {d}\nReading workstation: {ip}\n", dr=ctx.doc(rad, "caps_last_first"), d=ctx.datetime(ctx.today), ip=ctx.ip(True)),
        lambda: C.signoff(ctx, rad),
    ))()
    return out


def pathology_report(ctx: Ctx) -> Segs:
    pt = ctx.pt
    sex_specific = {"M": ("Left breast",), "F": ("Prostate",)}[pt.person.sex]
    case = ctx.choice([c for c in vocab.PATHOLOGY_CASES if not str(c["specimen"]).startswith(sex_specific)])
    path = ctx.staff("physician", service="Pathology", reuse=0.3)
    sub = ctx.staff("physician", ctx.choice(("hospital", "clinic")), reuse=0.5)
    grosser = ctx.staff("tech", reuse=0.3)
    collected = ctx.days(-ctx.rng.randint(1, 5))
    out = C.facility_banner(ctx, title=ctx.pick("title:path", ("Surgical Pathology Report", "SURGICAL PATHOLOGY", "Pathology Consultation Report", "Anatomic Pathology")))
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", ctx.choice(("age", "sex", "acct"))))
    fields += [(ctx.pick("lbl:acc_path", ("Accession #", "Case #", "Surg Path #", "Specimen #")), [ctx.idnum(ctx.choice(("SP", "S", "SPS", "PATH")))]),
               ("Collected", ctx.date(collected, "header")), ("Received", ctx.datetime(collected)), ("Reported", ctx.date(ctx.today, "header")),
               (ctx.pick("lbl:subm", ("Submitting physician", "Surgeon", "Clinician")), ctx.doc(sub) + ([Seg(", "), ctx.dept()] if ctx.chance(0.4) else []))]
    if ctx.chance(0.4):
        fields.append(("Copy to", ctx.doc(pt.pcp) + [Seg(", fax ")] + ctx.phone(pt.clinic.fax, "FAX")))
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    hist = ctx.pick("path_hist", (
        lambda: S("{age} {sex} with {what}.", age=ctx.age_segs(), sex=ctx.sex_word, what=str(case["hist"])),
        lambda: S("{h}; imaging of {d}. {fh}", h=str(case["hist"])[0].upper() + str(case["hist"])[1:], d=ctx.date(ctx.days(-ctx.rng.randint(7, 40)), "full"), fh=S("Mother with cancer at age {a}.", a=ctx.age_num(ctx.rng.randint(40, 75))) if ctx.chance(0.5) else ""),
        lambda: [Seg("See requisition.")],
    ))()
    gross = [Seg(str(case["gross"]))] + (S(" ({i})", i=ctx.initials(grosser)) if ctx.chance(0.6) else [])
    extra: List[Segs] = []
    if ctx.chance(0.5):
        extra.append(S("Intradepartmental consultation: reviewed with {dr}, who concurs.", dr=ctx.dr(ctx.staff("physician", reuse=0.2))))
    if ctx.chance(0.35):
        extra.append(S("Reflex testing sent to {lab}, requisition {req}.", lab=ctx.org(ctx.choice(vocab.REF_LABS)), req=ctx.idnum(ctx.choice(("REQ", "GDL", "Q")))))
    parts = [
        (ctx.h("Specimen", "Specimen(s) Received", "Source"), [Seg(str(case["specimen"]) + "\n")]),
        (ctx.h("Clinical History", "Clinical Information"), ctx.prose(hist)),
        (ctx.h("Gross Description", "Gross"), ctx.prose(gross)),
        (ctx.h("Microscopic Description", "Microscopic"), ctx.prose(str(case["micro"]))),
        (ctx.h("Diagnosis", "Final Diagnosis", "FINAL PATHOLOGIC DIAGNOSIS"), [Seg(str(case["specimen"]).upper() + ":\n- " + str(case["dx"]) + "\n")]),
        (ctx.h("Comment"), ctx.prose(join(extra, " ")) if extra else []),
        (ctx.h("Codes"), [Seg(f"ICD-10: {case['icd']}. CPT: {case['cpt']}.\n")]),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    out += ctx.pick("path_sign", (
        lambda: S("Electronically signed out by {dr} on {d} at {t}\nPathology office: {ph}\n", dr=ctx.doc(path, "full_cred"), d=ctx.date(ctx.today, "full"), t=ctx.time(), ph=ctx.phone(pt.hospital.phone)),
        lambda: S("{dr}, Pathologist   {d}\n", dr=ctx.doc(path, "full_plain"), d=ctx.date(ctx.today, "header")),
        lambda: S("I have personally reviewed the slides. {dr} ({u}) {d}\n", dr=ctx.doc(path), u=ctx.username(path), d=ctx.datetime(ctx.today)),
    ))()
    return out


def ecg_report(ctx: Ctx) -> Segs:
    pt = ctx.pt
    reader = ctx.staff("physician", service="Cardiology", reuse=0.3)
    tech = ctx.staff("tech", reuse=0.3)
    orderer = ctx.staff("physician", reuse=0.6)
    r = ctx.rng
    finding = ctx.choice(vocab.ECG_FINDINGS)
    out = C.facility_banner(ctx, title=ctx.pick("title:ecg", ("12-Lead Electrocardiogram Report", "ECG REPORT", "EKG", "Electrocardiogram")))
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", "age", "sex", ctx.choice(("location", "acct"))))
    fields += [(ctx.pick("lbl:ecgorder", ("Order #", "Order", "Req #")), [ctx.idnum("ECG")]),
               (ctx.pick("lbl:acq", ("Acquired", "Recorded", "Date/Time")), ctx.datetime(ctx.today)),
               ("Requested by", ctx.doc(orderer))]
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    cart = ctx.pick("ecg_cart", (
        lambda: S("Cart: MAC 5500 HD, SN {sn}. Transmitted to MUSE server {ip}\n", sn=phi(P.device_serial(r), "DEVICE"), ip=ctx.ip(True)),
        lambda: S("Device: Philips PageWriter TC70 (serial {sn})\n", sn=phi(P.device_serial(r), "DEVICE")),
        lambda: [Seg("")],
        lambda: S("Acquisition device {sn} at {ip}\n", sn=phi(P.device_serial(r), "DEVICE"), ip=ctx.ip(True)),
    ))()
    head = " ".join(finding).lower()
    rate = r.randint(40, 58) if "bradycardia" in head else r.randint(101, 148) if ("tachycardia" in head or "rapid" in head) else r.randint(60, 99)
    meas = [("Vent. rate", f"{rate} bpm"), ("PR interval", f"{r.randint(120, 230)} ms"), ("QRS duration", f"{r.randint(78, 150)} ms"),
            ("QT/QTc", f"{r.randint(340, 460)}/{r.randint(390, 505)} ms"), ("P-R-T axes", f"{r.randint(-30, 80)}  {r.randint(-60, 100)}  {r.randint(-20, 90)}")]
    mtxt = "".join(f"{k:<20}{v}\n" for k, v in meas) if ctx.chance(0.7) else " | ".join(f"{k} {v}" for k, v in meas) + "\n"
    comp = ctx.pick("ecg_comp", (
        lambda: S("Compared with tracing of {d}: {x}.", d=ctx.datetime(ctx.days(-r.randint(1, 700)), "full"), x=ctx.choice(("no significant change", "new T wave inversions", "rate now faster", "ST elevation has resolved"))),
        lambda: S("No prior ECG available for comparison.", ),
        lambda: S("Compared with outpatient ECG from {h} dated {d}: {x}.", h=ctx.hosp(pt.clinic), d=ctx.date(ctx.days(-r.randint(30, 900)), "full"), x=ctx.choice(("unchanged", "new Q waves inferiorly", "new AF"))),
    ))()
    parts = [
        (ctx.h("Indication"), [Seg(ctx.choice((ctx.scenario.title + f" ({ctx.scenario.icd10})", "pre-operative evaluation", "palpitations", "chest pain", "QTc monitoring on antipsychotic")) + "\n")]),
        (ctx.h("Measurements"), [Seg(mtxt)]),
        (ctx.h("Interpretation"), [Seg("\n".join(finding[:-1]) + "\n")]),
        (ctx.h("Comparison"), ctx.prose(comp)),
    ]
    out += cart + [Seg("\n")] + C.sections(ctx, parts) + [Seg("\n" + finding[-1] + "\n\n")]
    out += S("Technician: {t}\n", t=ctx.doc(tech, "init_cred"))
    out += ctx.pick("ecg_sign", (
        lambda: S("Confirmed by: {dr} on {d}\nReader ID: {u}\n", dr=ctx.doc(reader, "full_cred"), d=ctx.datetime(ctx.today), u=ctx.username(reader)),
        lambda: S("Confirmed by {dr} ({u}) {d}\n", dr=ctx.doc(reader, "caps_last_first"), u=ctx.username(reader), d=ctx.datetime(ctx.today)),
        lambda: S("Read by {dr}. - {i}\n", dr=ctx.dr(reader), i=ctx.initials(reader)),
    ))()
    return out


def echo_report(ctx: Ctx) -> Segs:
    """Held-out type (dev/test only): transthoracic echocardiogram."""
    pt = ctx.pt
    reader = ctx.staff("physician", service="Cardiology", reuse=0.3)
    sono = ctx.staff("tech", reuse=0.3)
    r = ctx.rng
    out = C.facility_banner(ctx, title=ctx.pick("title:echo", ("Transthoracic Echocardiogram Report", "ECHOCARDIOGRAPHY REPORT", "TTE", "Echo Lab Report")))
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", ctx.choice(("age", "location"))))
    h_cm, w_kg = r.randint(150, 192), r.randint(50, 120)
    fields += [("Study date", ctx.datetime(ctx.today)), ("Study #", [ctx.idnum("ECHO")]),
               ("Referring", ctx.doc(ctx.staff("physician", reuse=0.6))), ("Sonographer", ctx.doc(sono, "full_cred")),
               ("Ht/Wt", [Seg(f"{h_cm} cm / {w_kg} kg, BSA {((h_cm * w_kg) / 3600) ** 0.5:.2f} m2, BP {r.randint(100, 160)}/{r.randint(55, 95)}")])]
    out += C.render_fields(ctx, fields) + [Seg("\n")]
    chosen = {k: ctx.choice(v) for k, v in vocab.ECHO_FINDINGS.items()}
    body = "".join(f"{k}: {v}\n" for k, v in chosen.items())
    quality = ctx.choice(("Technically adequate study.", "Limited windows; Definity contrast used.", "Good quality images."))
    machine = ctx.pick("echo_machine", (
        lambda: S("Acquired on Philips EPIQ 7C (SN {sn}).", sn=phi(P.device_serial(r), "DEVICE")),
        lambda: S("Images archived to {ip}.", ip=ctx.ip(True)),
        lambda: [Seg("")],
    ))()
    comp = S("Compared with study of {d} at {h}: {x}.", d=ctx.date(ctx.days(-r.randint(90, 1500)), "full"), h=ctx.hosp(ctx.choice((pt.hospital, pt.outside)), 0.4),
             x=ctx.choice(("LVEF decreased from 45%", "no significant change", "new moderate MR", "aortic stenosis progressed")))
    parts = [
        (ctx.h("Indication"), [Seg(ctx.choice(("Dyspnea, evaluate LV function (R06.00).", "Murmur.", "s/p MI, assess LVEF.", "AF, assess structure.", "Syncope (R55).")) + "\n")]),
        (ctx.h("Quality"), [Seg(quality + " ")] + machine + [Seg("\n")]),
        (ctx.h("Findings"), [Seg(body)]),
        (ctx.h("Comparison"), ctx.prose(comp)),
        (ctx.h("Conclusions", "Summary", "Impression"), ctx.bullets([f"{k}: {v}" for k, v in ctx.sample(list(chosen.items()), 3)], "num")),
    ]
    out += C.sections(ctx, parts) + [Seg("\n")]
    out += ctx.pick("echo_sign", (
        lambda: S("Interpreting physician: {dr}, FASE   {d}\n", dr=ctx.doc(reader, "full_plain"), d=ctx.datetime(ctx.today)),
        lambda: C.signoff(ctx, reader),
        lambda: S("Read by {dr} ({u})\n", dr=ctx.doc(reader, "init_cred"), u=ctx.username(reader)),
    ))()
    return out


def lab_results(ctx: Ctx) -> Segs:
    pt = ctx.pt
    director = ctx.staff("physician", service="Pathology", reuse=0.3)
    tech = ctx.staff("tech", reuse=0.4)
    orderer = ctx.staff(ctx.choice(("physician", "midlevel")), ctx.choice(("hospital", "clinic")), reuse=0.5)
    out: Segs = [ctx.dept(), Seg(" - "), ctx.hosp(pt.hospital, 0.2, caps=ctx.chance(0.5)), Seg("\n")]
    if ctx.chance(0.6):
        out += ctx.address(pt.hospital.address) + S("    CLIA #: {c}\n", c=phi(f"{P.digits(ctx.rng, 2)}D{P.digits(ctx.rng, 7)}", "IDNUM"))
    out += S("Phone: {p}    Fax: {f}\n", p=ctx.phone(pt.hospital.phone), f=ctx.phone(pt.hospital.fax, "FAX"))
    out += S("Laboratory Director: {d}\n\n", d=ctx.doc(director, "full_cred"))
    fields = C.patient_fields(ctx, ("name", "mrn", "dob", "age", ctx.choice(("acct", "sex"))))
    coll = ctx.today
    hr = ctx.rng.randint(5, 18)
    fields += [("Ordering", ctx.doc(orderer)), ("Collected", ctx.datetime(coll, hour=hr)), ("Received", ctx.datetime(coll, hour=hr + 1)),
               ("Reported", ctx.datetime(coll, hour=hr + ctx.rng.randint(2, 5))), (ctx.pick("lbl:labacc", ("Accession", "Specimen ID", "Order #")), [ctx.idnum(ctx.choice(("L", "C", "H", "LAB")))])]
    out += C.render_fields(ctx, fields, ctx.choice(("two_col", "lines"))) + [Seg("\n")]
    sc = ctx.scenario
    for panel in ctx.sample(list(vocab.PANELS), ctx.rng.randint(2, 3)):
        out += [Seg(panel + "\n")] + C.lab_table(ctx, vocab.PANELS[panel], sc.abnormal_labs, layout=ctx.choice(("aligned", "aligned", "pipe", "csv"))) + [Seg("\n")]
    crit_rn = ctx.staff("nurse", reuse=0.3)
    comments = ctx.pick("lab_comment", (
        lambda: S("Critical value called to {rn} at {t}, read-back verified.", rn=ctx.doc(crit_rn, "init_cred"), t=ctx.time()),
        lambda: [Seg("Specimen slightly hemolyzed; potassium may be falsely elevated.")],
        lambda: S("Result phoned to {dr}'s office ({ph}) at {t}.", dr=ctx.dr(orderer), ph=ctx.phone(pt.clinic.phone), t=ctx.time()),
        lambda: [Seg("Reference ranges per " + ctx.choice(("CLSI", "manufacturer")) + ". eGFR by CKD-EPI 2021.")],
    ))()
    out += ctx.h("Comments") + ctx.prose(comments) + [Seg("\n\n")]
    out += S("Performed by: {t}\nVerified by: {u} {d}\nReviewed and electronically signed: {dr}, {d2}\n",
             t=ctx.doc(tech, "init_cred"), u=ctx.username(tech), d=ctx.datetime(coll, hour=min(23, hr + 2)), dr=ctx.doc(director, "full_cred"), d2=ctx.date(coll, "header"))
    if ctx.chance(0.5):
        out += [Seg("\n")] + ctx.h("Clinician Acknowledgement") + ctx.prose(S("Reviewed {d}. {x} {who} to be called today. -{i}", d=ctx.date(ctx.days(ctx.rng.randint(0, 2)), "day"),
                                                                             x=ctx.choice(("Stable.", "Rising creatinine, repeat in 1 week.", "Concern for relapse; PET-CT ordered.", "A1c improved.")),
                                                                             who=ctx.pt_name("narrative", ctx.choice(("initial_last", "title_last", "first_last"))), i=ctx.initials(orderer))) + [Seg("\n")]
    return out
