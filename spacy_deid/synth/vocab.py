"""Clinical vocabulary: the text that must stay, and the gazetteers the PHI factories draw on.

Why so much of it: a de-identifier that has only seen PHI next to blank filler learns that every
capitalised word or every number is PHI. Real notes are mostly drugs, doses, lab values, scores,
codes and eponyms -- many capitalised (Parkinson's, Foley, Glasgow Coma Scale), many numeric
(CPT 99213, 25/100 mg, "1/2 tab", BP 124/76, L4-L5) and many shaped like dates or IDs. This
module holds that vocabulary so writers can use it everywhere and tests can check it is present
and never inside a gold span.

Gazetteers (cities, streets, hospitals, employers...) are curated here rather than taken from
faker's en_US address provider, whose invented towns ("Port Kimberly") and street suffixes
("Stravenue") would teach a model patterns that real notes never show. Person names come from
faker's locale lists (see phi.py). Everything is fictional in combination; real place names are
used because real notes contain real places.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

# ---------------------------------------------------------------------------------------------
# Drugs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drug:
    generic: str
    brand: str
    doses: Tuple[str, ...]
    unit: str = "mg"
    route: str = "PO"
    freqs: Tuple[str, ...] = ("daily",)
    form: str = "tab"


def _d(generic, brand, doses, unit="mg", route="PO", freqs=("daily",), form="tab") -> Drug:
    return Drug(generic, brand, tuple(doses.split()), unit, route, tuple(freqs), form)


DRUGS: Dict[str, Drug] = {
    d.generic: d
    for d in (
        _d("lisinopril", "Zestril", "2.5 5 10 20 40"),
        _d("losartan", "Cozaar", "25 50 100"),
        _d("amlodipine", "Norvasc", "2.5 5 10"),
        _d("hydrochlorothiazide", "Microzide", "12.5 25"),
        _d("chlorthalidone", "Thalitone", "12.5 25"),
        _d("metoprolol succinate", "Toprol XL", "25 50 100 200"),
        _d("metoprolol tartrate", "Lopressor", "12.5 25 50", freqs=("BID",)),
        _d("carvedilol", "Coreg", "3.125 6.25 12.5 25", freqs=("BID",)),
        _d("furosemide", "Lasix", "20 40 80", freqs=("daily", "BID")),
        _d("torsemide", "Demadex", "10 20 40"),
        _d("spironolactone", "Aldactone", "12.5 25 50"),
        _d("sacubitril/valsartan", "Entresto", "24/26 49/51 97/103", freqs=("BID",)),
        _d("atorvastatin", "Lipitor", "10 20 40 80", freqs=("nightly", "daily")),
        _d("rosuvastatin", "Crestor", "5 10 20 40"),
        _d("aspirin", "Ecotrin", "81 325"),
        _d("clopidogrel", "Plavix", "75"),
        _d("ticagrelor", "Brilinta", "60 90", freqs=("BID",)),
        _d("apixaban", "Eliquis", "2.5 5", freqs=("BID",)),
        _d("rivaroxaban", "Xarelto", "15 20", freqs=("daily with supper",)),
        _d("warfarin", "Coumadin", "1 2 2.5 3 4 5 7.5", freqs=("daily at 1700", "daily")),
        _d("enoxaparin", "Lovenox", "40 60 80 100", route="SC", freqs=("daily", "q12h"), form="syringe"),
        _d("heparin", "heparin", "5000", unit="units", route="SC", freqs=("q8h", "q12h"), form="vial"),
        _d("digoxin", "Lanoxin", "0.125 0.25"),
        _d("amiodarone", "Pacerone", "200 400"),
        _d("diltiazem ER", "Cardizem CD", "120 180 240"),
        _d("nitroglycerin", "Nitrostat", "0.4", route="SL", freqs=("q5min PRN chest pain",)),
        _d("isosorbide mononitrate", "Imdur", "30 60"),
        _d("metformin", "Glucophage", "500 850 1000", freqs=("BID", "daily with breakfast")),
        _d("empagliflozin", "Jardiance", "10 25"),
        _d("dapagliflozin", "Farxiga", "5 10"),
        _d("semaglutide", "Ozempic", "0.25 0.5 1 2", route="SC", freqs=("weekly",), form="pen"),
        _d("insulin glargine", "Lantus", "10 14 18 22 30", unit="units", route="SC", freqs=("nightly", "qHS"), form="pen"),
        _d("insulin lispro", "Humalog", "4 6 8", unit="units", route="SC", freqs=("TID with meals", "per sliding scale"), form="pen"),
        _d("glipizide", "Glucotrol", "2.5 5 10"),
        _d("levothyroxine", "Synthroid", "25 50 75 88 100 125", unit="mcg", freqs=("daily before breakfast", "daily")),
        _d("omeprazole", "Prilosec", "20 40"),
        _d("pantoprazole", "Protonix", "20 40", freqs=("daily", "BID")),
        _d("famotidine", "Pepcid", "20 40", freqs=("BID", "nightly")),
        _d("ondansetron", "Zofran", "4 8", freqs=("q8h PRN nausea",)),
        _d("polyethylene glycol", "MiraLAX", "17", unit="g", freqs=("daily PRN constipation", "daily"), form="packet"),
        _d("senna", "Senokot", "8.6 17.2", freqs=("nightly", "BID PRN")),
        _d("docusate", "Colace", "100", freqs=("BID",), form="cap"),
        _d("acetaminophen", "Tylenol", "325 500 650 1000", freqs=("q6h PRN pain", "q8h PRN")),
        _d("ibuprofen", "Motrin", "400 600 800", freqs=("q8h PRN pain with food",)),
        _d("naproxen", "Aleve", "220 500", freqs=("BID PRN",)),
        _d("oxycodone", "Roxicodone", "2.5 5 10", freqs=("q4h PRN severe pain", "q6h PRN")),
        _d("hydromorphone", "Dilaudid", "0.2 0.5 1", route="IV", freqs=("q3h PRN",), form="vial"),
        _d("tramadol", "Ultram", "50", freqs=("q6h PRN",)),
        _d("gabapentin", "Neurontin", "100 300 600", freqs=("TID", "nightly"), form="cap"),
        _d("pregabalin", "Lyrica", "25 50 75", freqs=("BID",), form="cap"),
        _d("sertraline", "Zoloft", "25 50 100 150"),
        _d("escitalopram", "Lexapro", "5 10 20"),
        _d("fluoxetine", "Prozac", "10 20 40", form="cap"),
        _d("bupropion XL", "Wellbutrin XL", "150 300"),
        _d("trazodone", "Desyrel", "25 50 100", freqs=("nightly PRN insomnia",)),
        _d("mirtazapine", "Remeron", "7.5 15 30", freqs=("nightly",)),
        _d("quetiapine", "Seroquel", "12.5 25 50 100", freqs=("nightly",)),
        _d("olanzapine", "Zyprexa", "2.5 5 10", freqs=("nightly",)),
        _d("aripiprazole", "Abilify", "2 5 10 15"),
        _d("lithium carbonate", "Lithobid", "300 450", freqs=("BID",)),
        _d("lorazepam", "Ativan", "0.5 1", freqs=("q8h PRN anxiety", "nightly PRN")),
        _d("clonazepam", "Klonopin", "0.25 0.5 1", freqs=("BID PRN",)),
        _d("buprenorphine/naloxone", "Suboxone", "8/2", route="SL", freqs=("daily",), form="film"),
        _d("carbidopa/levodopa", "Sinemet", "25/100 25/250", freqs=("TID", "5 times daily")),
        _d("donepezil", "Aricept", "5 10", freqs=("nightly",)),
        _d("memantine", "Namenda", "5 10", freqs=("BID",)),
        _d("levetiracetam", "Keppra", "250 500 750 1000", freqs=("BID",)),
        _d("sumatriptan", "Imitrex", "50 100", freqs=("PRN migraine, may repeat in 2 h",)),
        _d("albuterol", "ProAir HFA", "90", unit="mcg", route="inhaled", freqs=("2 puffs q4h PRN wheeze",), form="inhaler"),
        _d("tiotropium", "Spiriva", "18", unit="mcg", route="inhaled", freqs=("daily",), form="capsule"),
        _d("fluticasone/salmeterol", "Advair Diskus", "250/50 500/50", unit="mcg", route="inhaled", freqs=("1 puff BID",), form="inhaler"),
        _d("budesonide/formoterol", "Symbicort", "160/4.5", unit="mcg", route="inhaled", freqs=("2 puffs BID",), form="inhaler"),
        _d("montelukast", "Singulair", "10", freqs=("nightly",)),
        _d("prednisone", "Deltasone", "5 10 20 40"),
        _d("methylprednisolone", "Solu-Medrol", "40 125", route="IV", freqs=("q8h", "q6h"), form="vial"),
        _d("azithromycin", "Zithromax", "250 500"),
        _d("amoxicillin/clavulanate", "Augmentin", "875/125", freqs=("BID",)),
        _d("cephalexin", "Keflex", "500", freqs=("QID", "q6h"), form="cap"),
        _d("ceftriaxone", "Rocephin", "1 2", unit="g", route="IV", freqs=("q24h",), form="vial"),
        _d("cefazolin", "Ancef", "1 2", unit="g", route="IV", freqs=("q8h",), form="vial"),
        _d("piperacillin-tazobactam", "Zosyn", "3.375 4.5", unit="g", route="IV", freqs=("q6h", "q8h extended infusion"), form="vial"),
        _d("vancomycin", "Vancocin", "1 1.25 1.5", unit="g", route="IV", freqs=("q12h", "per pharmacy dosing"), form="vial"),
        _d("doxycycline", "Vibramycin", "100", freqs=("BID",), form="cap"),
        _d("nitrofurantoin", "Macrobid", "100", freqs=("BID",), form="cap"),
        _d("levofloxacin", "Levaquin", "500 750"),
        _d("metronidazole", "Flagyl", "500", freqs=("q8h", "TID")),
        _d("oseltamivir", "Tamiflu", "75", freqs=("BID x 5 days",), form="cap"),
        _d("allopurinol", "Zyloprim", "100 300"),
        _d("colchicine", "Colcrys", "0.6", freqs=("daily", "BID")),
        _d("tamsulosin", "Flomax", "0.4", freqs=("nightly",), form="cap"),
        _d("finasteride", "Proscar", "5"),
        _d("alendronate", "Fosamax", "70", freqs=("weekly",)),
        _d("vitamin D3", "cholecalciferol", "1000 2000", unit="units"),
        _d("ferrous sulfate", "Feosol", "325", freqs=("daily", "every other day")),
        _d("potassium chloride", "Klor-Con", "10 20 40", unit="mEq", freqs=("daily", "x1")),
        _d("magnesium oxide", "Mag-Ox", "400"),
        _d("cyanocobalamin", "vitamin B12", "1000", unit="mcg"),
        _d("folic acid", "Folvite", "1"),
        _d("thiamine", "vitamin B1", "100"),
        _d("nicotine patch", "NicoDerm CQ", "14 21", unit="mg/24h", route="transdermal", form="patch"),
        _d("methotrexate", "Trexall", "15 20", freqs=("weekly on Saturdays",)),
        _d("hydroxychloroquine", "Plaquenil", "200", freqs=("BID",)),
        _d("adalimumab", "Humira", "40", route="SC", freqs=("every 2 weeks",), form="pen"),
        _d("tacrolimus", "Prograf", "1 2", freqs=("BID",), form="cap"),
    )
}

# Drugs the writers reach for by indication.
DRUG_CLASSES: Dict[str, Tuple[str, ...]] = {
    "antihypertensive": ("lisinopril", "losartan", "amlodipine", "hydrochlorothiazide", "chlorthalidone"),
    "beta_blocker": ("metoprolol succinate", "metoprolol tartrate", "carvedilol"),
    "statin": ("atorvastatin", "rosuvastatin"),
    "antiplatelet": ("aspirin", "clopidogrel", "ticagrelor"),
    "anticoagulant": ("apixaban", "rivaroxaban", "warfarin"),
    "diabetes": ("metformin", "empagliflozin", "semaglutide", "insulin glargine", "glipizide", "dapagliflozin"),
    "antidepressant": ("sertraline", "escitalopram", "fluoxetine", "bupropion XL", "mirtazapine"),
    "antipsychotic": ("quetiapine", "olanzapine", "aripiprazole"),
    "analgesic": ("acetaminophen", "ibuprofen", "oxycodone", "tramadol", "naproxen"),
    "antibiotic_iv": ("ceftriaxone", "cefazolin", "piperacillin-tazobactam", "vancomycin"),
    "antibiotic_po": ("azithromycin", "amoxicillin/clavulanate", "cephalexin", "doxycycline", "nitrofurantoin", "levofloxacin"),
    "inhaler": ("albuterol", "tiotropium", "fluticasone/salmeterol", "budesonide/formoterol"),
    "gi": ("omeprazole", "pantoprazole", "famotidine", "polyethylene glycol", "senna", "docusate"),
    "supplement": ("vitamin D3", "ferrous sulfate", "cyanocobalamin", "folic acid", "magnesium oxide"),
}

ALLERGIES: Tuple[str, ...] = (
    "penicillin (rash)", "sulfa (hives)", "codeine (nausea)", "NKDA", "No known drug allergies",
    "iodinated contrast (hives, premedicate)", "latex (contact dermatitis)", "morphine (itching)",
    "lisinopril (angioedema)", "shellfish", "amoxicillin (anaphylaxis)", "NKA", "ciprofloxacin (tendinitis)",
    "atorvastatin (myalgias)", "haloperidol (dystonia)", "vancomycin (red man syndrome)", "egg",
)

# ---------------------------------------------------------------------------------------------
# Conditions and acute scenarios
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    key: str
    names: Tuple[str, ...]  # first is the formal name, later ones are shorthand
    icd10: str
    drugs: Tuple[str, ...] = ()


CHRONIC: Tuple[Condition, ...] = (
    Condition("htn", ("Hypertension", "HTN", "essential hypertension"), "I10", ("lisinopril", "amlodipine", "losartan", "hydrochlorothiazide")),
    Condition("dm2", ("Type 2 diabetes mellitus", "T2DM", "DM2", "NIDDM"), "E11.9", ("metformin", "empagliflozin", "insulin glargine", "semaglutide")),
    Condition("hld", ("Hyperlipidemia", "HLD", "dyslipidemia"), "E78.5", ("atorvastatin", "rosuvastatin")),
    Condition("cad", ("Coronary artery disease", "CAD", "ASCVD"), "I25.10", ("aspirin", "atorvastatin", "metoprolol succinate")),
    Condition("hfref", ("Heart failure with reduced ejection fraction", "HFrEF", "CHF", "systolic CHF"), "I50.22", ("carvedilol", "sacubitril/valsartan", "spironolactone", "furosemide")),
    Condition("af", ("Atrial fibrillation", "AF", "afib", "paroxysmal AF"), "I48.91", ("apixaban", "metoprolol succinate", "warfarin", "diltiazem ER")),
    Condition("ckd", ("Chronic kidney disease stage 3a", "CKD 3a", "CKD"), "N18.31", ()),
    Condition("copd", ("Chronic obstructive pulmonary disease", "COPD"), "J44.9", ("tiotropium", "albuterol", "fluticasone/salmeterol")),
    Condition("asthma", ("Asthma, mild persistent", "asthma"), "J45.30", ("albuterol", "montelukast", "budesonide/formoterol")),
    Condition("hypothyroid", ("Hypothyroidism", "hypothyroid"), "E03.9", ("levothyroxine",)),
    Condition("gerd", ("Gastroesophageal reflux disease", "GERD"), "K21.9", ("omeprazole", "pantoprazole", "famotidine")),
    Condition("osa", ("Obstructive sleep apnea on CPAP", "OSA"), "G47.33", ()),
    Condition("depression", ("Major depressive disorder, recurrent, moderate", "MDD", "depression"), "F33.1", ("sertraline", "escitalopram", "bupropion XL")),
    Condition("anxiety", ("Generalized anxiety disorder", "GAD", "anxiety"), "F41.1", ("escitalopram", "sertraline")),
    Condition("obesity", ("Obesity, BMI 30-39", "obesity"), "E66.9", ()),
    Condition("oa", ("Osteoarthritis of both knees", "OA", "DJD"), "M17.0", ("acetaminophen",)),
    Condition("bph", ("Benign prostatic hyperplasia", "BPH"), "N40.0", ("tamsulosin", "finasteride")),
    Condition("osteoporosis", ("Osteoporosis", "osteoporosis"), "M81.0", ("alendronate", "vitamin D3")),
    Condition("parkinson", ("Parkinson's disease", "Parkinson's", "PD"), "G20", ("carbidopa/levodopa",)),
    Condition("alzheimer", ("Alzheimer's dementia, mild", "Alzheimer's disease", "dementia"), "G30.9", ("donepezil", "memantine")),
    Condition("migraine", ("Migraine without aura", "migraines"), "G43.009", ("sumatriptan",)),
    Condition("gout", ("Gout", "gout"), "M10.9", ("allopurinol", "colchicine")),
    Condition("anemia", ("Iron deficiency anemia", "IDA"), "D50.9", ("ferrous sulfate",)),
    Condition("hypothyroid_hashimoto", ("Hashimoto's thyroiditis", "Hashimoto's"), "E06.3", ("levothyroxine",)),
    Condition("crohns", ("Crohn's disease of the ileum", "Crohn's"), "K50.00", ("adalimumab",)),
    Condition("ra", ("Rheumatoid arthritis", "RA"), "M06.9", ("methotrexate", "folic acid", "hydroxychloroquine")),
    Condition("seizure", ("Epilepsy, focal", "seizure disorder"), "G40.109", ("levetiracetam",)),
    Condition("bipolar", ("Bipolar I disorder", "bipolar disorder"), "F31.9", ("lithium carbonate", "quetiapine")),
    Condition("oud", ("Opioid use disorder, in remission on maintenance therapy", "OUD"), "F11.21", ("buprenorphine/naloxone",)),
    Condition("aud", ("Alcohol use disorder", "EtOH use disorder"), "F10.20", ("thiamine", "folic acid")),
    Condition("cirrhosis", ("Alcohol-related cirrhosis, Child-Pugh class B", "cirrhosis"), "K70.30", ("spironolactone", "furosemide")),
    Condition("graves", ("Graves' disease s/p radioactive iodine", "Graves'"), "E05.00", ("levothyroxine",)),
    Condition("bells", ("Bell's palsy, resolved", "Bell's palsy"), "G51.0", ()),
    Condition("hodgkin", ("Classical Hodgkin lymphoma in remission", "Hodgkin lymphoma"), "C81.90", ()),
    Condition("raynaud", ("Raynaud's phenomenon", "Raynaud's"), "I73.00", ("amlodipine",)),
    Condition("barrett", ("Barrett's esophagus without dysplasia", "Barrett's"), "K22.70", ("omeprazole",)),
)
CHRONIC_BY_KEY = {c.key: c for c in CHRONIC}


@dataclass(frozen=True)
class Scenario:
    """An acute problem: enough material for an admission, an ED visit or a clinic note."""

    key: str
    title: str
    icd10: str
    complaints: Tuple[str, ...]
    symptoms: Tuple[str, ...]
    findings: Tuple[str, ...]
    abnormal_labs: Dict[str, Tuple[float, float]]
    imaging: Tuple[str, ...]
    treatment: Tuple[str, ...]
    discharge_drugs: Tuple[str, ...]
    procedures: Tuple[Tuple[str, str], ...] = ()  # (description, CPT)
    services: Tuple[str, ...] = ()
    followup: Tuple[str, ...] = ()


SCENARIOS: Tuple[Scenario, ...] = (
    Scenario(
        "chf", "Acute on chronic systolic heart failure exacerbation", "I50.23",
        ("shortness of breath", "leg swelling", "can't lie flat"),
        ("progressive dyspnea on exertion over 5 days", "3-pillow orthopnea", "PND twice this week",
         "a 4 kg weight gain since last visit", "bilateral leg swelling up to the knees",
         "dietary indiscretion with salty food over the weekend"),
        ("JVP elevated to 12 cm H2O", "bibasilar crackles", "2+ pitting edema to the knees bilaterally",
         "S3 gallop", "hepatojugular reflux positive"),
        {"BNP": (1200, 3400), "Creatinine": (1.3, 1.9), "Sodium": (129, 134)},
        ("Chest X-ray: cardiomegaly with pulmonary vascular congestion and small bilateral pleural effusions.",
         "TTE: LVEF 25-30%, global hypokinesis, moderate functional MR."),
        ("IV furosemide 40 mg BID with net negative 4.2 L", "fluid restriction 1.5 L/day and 2 g sodium diet",
         "daily weights and strict I/Os"),
        ("furosemide", "carvedilol", "sacubitril/valsartan", "spironolactone", "potassium chloride"),
        (("Transthoracic echocardiogram", "93306"),),
        ("cardiology",), ("BMP in 1 week", "heart failure clinic in 2 weeks", "daily weights; call for gain > 2 lb/day or 5 lb/week"),
    ),
    Scenario(
        "pna", "Community-acquired pneumonia, right lower lobe", "J18.9",
        ("cough and fever", "fever", "shortness of breath"),
        ("productive cough with rust-colored sputum for 4 days", "fevers to 102.3F with rigors",
         "pleuritic right-sided chest pain", "decreased appetite", "dyspnea walking to the bathroom"),
        ("crackles at the right base with egophony", "dullness to percussion at the right base",
         "tachypnea to 24", "SpO2 89% on room air improving to 95% on 2 L NC"),
        {"WBC": (14.5, 21.0), "Procalcitonin": (0.8, 4.5), "Lactate": (1.4, 2.6)},
        ("Chest X-ray: right lower lobe consolidation with air bronchograms; no effusion.",
         "CT chest: dense RLL consolidation, small parapneumonic effusion."),
        ("ceftriaxone 1 g IV q24h and azithromycin 500 mg daily", "blood and sputum cultures",
         "incentive spirometry and early mobilization"),
        ("amoxicillin/clavulanate", "azithromycin", "acetaminophen"),
        (), ("pulmonology",), ("repeat chest X-ray in 6-8 weeks", "PCP in 1 week"),
    ),
    Scenario(
        "stemi", "Inferior ST-elevation myocardial infarction", "I21.19",
        ("chest pain", "chest pressure", "crushing chest pain"),
        ("substernal chest pressure radiating to the left jaw", "diaphoresis and nausea",
         "onset at rest early this morning", "pain 8/10 not relieved by rest"),
        ("diaphoretic and uncomfortable", "regular rhythm, no murmur", "lungs clear",
         "right radial access site without hematoma"),
        {"Troponin I": (2.5, 48.0), "Glucose": (150, 220)},
        ("ECG: ST elevation in II, III and aVF with reciprocal depression in I and aVL.",
         "TTE: LVEF 45-50% with inferior hypokinesis."),
        ("emergent left heart catheterization with PCI to the mid RCA", "aspirin 324 mg chewed and heparin bolus",
         "telemetry monitoring in the CCU"),
        ("aspirin", "ticagrelor", "atorvastatin", "metoprolol succinate", "nitroglycerin", "lisinopril"),
        (("Left heart catheterization with coronary angiography", "93458"), ("PCI with drug-eluting stent, single vessel", "92928")),
        ("cardiology", "cardiac rehab"), ("cardiac rehabilitation", "cardiology clinic in 2 weeks", "lipid panel in 6 weeks"),
    ),
    Scenario(
        "stroke", "Acute ischemic stroke, left MCA territory", "I63.512",
        ("right arm weakness", "trouble speaking", "facial droop"),
        ("sudden right arm and leg weakness", "word-finding difficulty noted by family",
         "last known well at 1930", "no headache or seizure activity"),
        ("expressive aphasia", "right lower facial droop", "right pronator drift", "NIHSS 6 on arrival",
         "Babinski sign present on the right", "GCS 15"),
        {"Glucose": (110, 180), "LDL": (130, 190), "HbA1c": (6.1, 8.2)},
        ("CT head: no hemorrhage, ASPECTS 9.", "CTA head and neck: no large vessel occlusion.",
         "MRI brain: acute infarct in the left frontal operculum and insula on DWI."),
        ("IV alteplase 0.9 mg/kg with door-to-needle 31 minutes", "neuro checks q1h and BP goal < 180/105",
         "bedside swallow screen before PO"),
        ("aspirin", "atorvastatin", "apixaban"),
        (), ("neurology", "PT/OT", "speech-language pathology"), ("stroke clinic in 4 weeks", "outpatient speech therapy", "30-day Holter monitor"),
    ),
    Scenario(
        "copd", "COPD exacerbation", "J44.1",
        ("wheezing", "shortness of breath", "cough"),
        ("increased sputum production, now green", "wheezing and chest tightness for 3 days",
         "using albuterol every 2 hours", "recent viral URI from a grandchild"),
        ("diffuse expiratory wheezes with prolonged expiratory phase", "accessory muscle use", "pursed-lip breathing"),
        {"pCO2": (48, 58), "WBC": (11.0, 14.0)},
        ("Chest X-ray: hyperinflation, no focal consolidation.",),
        ("DuoNebs q4h and prednisone 40 mg daily", "doxycycline 100 mg BID", "BiPAP overnight for hypercapnia"),
        ("prednisone", "doxycycline", "tiotropium", "albuterol", "fluticasone/salmeterol"),
        (), ("pulmonology", "respiratory therapy"), ("pulmonary rehab", "PFTs in 8 weeks"),
    ),
    Scenario(
        "dka", "Diabetic ketoacidosis", "E10.10",
        ("vomiting", "abdominal pain", "high sugars"),
        ("polyuria and polydipsia for a week", "nausea and vomiting since yesterday",
         "ran out of insulin 4 days ago", "diffuse abdominal pain"),
        ("Kussmaul respirations", "dry mucous membranes", "fruity odor on breath", "diffuse mild abdominal tenderness"),
        {"Glucose": (420, 610), "Bicarbonate": (8, 14), "Anion gap": (22, 31), "Beta-hydroxybutyrate": (5.1, 8.9)},
        (),
        ("insulin infusion per DKA protocol with q1h glucose checks", "2 L NS bolus then LR at 250 mL/h",
         "potassium repletion per protocol"),
        ("insulin glargine", "insulin lispro"),
        (), ("endocrinology", "diabetes education"), ("endocrine clinic in 1 week", "diabetes educator"),
    ),
    Scenario(
        "cellulitis", "Cellulitis of the left lower leg", "L03.116",
        ("red swollen leg", "leg pain"),
        ("spreading redness of the left shin for 3 days", "low-grade fevers", "a scrape while gardening a week ago"),
        ("warm, tender erythema of the left anterior shin, margins marked", "no fluctuance or crepitus",
         "tinea pedis between the toes"),
        {"WBC": (11.5, 15.0), "CRP": (40, 120)},
        ("Venous duplex left leg: no DVT.",),
        ("cefazolin 2 g IV q8h", "leg elevation", "margins marked with skin marker"),
        ("cephalexin", "acetaminophen"),
        (), ("wound care",), ("PCP in 3-5 days for wound check",),
    ),
    Scenario(
        "hipfx", "Right femoral neck fracture after mechanical fall", "S72.001A",
        ("fall", "hip pain", "can't bear weight"),
        ("mechanical fall at home tripping over a rug", "unable to bear weight afterward",
         "no head strike or loss of consciousness", "lay on the floor for about 2 hours"),
        ("right leg shortened and externally rotated", "pain with log roll of the right hip", "distal pulses intact"),
        {"Hemoglobin": (8.4, 10.5), "Creatine kinase": (600, 2400)},
        ("X-ray right hip: displaced subcapital femoral neck fracture.",),
        ("hemiarthroplasty on hospital day 2", "enoxaparin 40 mg SC daily for VTE prophylaxis", "PT/OT from POD 1"),
        ("enoxaparin", "oxycodone", "acetaminophen", "senna", "vitamin D3"),
        (("Hemiarthroplasty, hip", "27125"),), ("orthopedics", "geriatrics", "PT/OT"), ("orthopedics in 2 weeks for staple removal", "DEXA scan"),
    ),
    Scenario(
        "gib", "Upper GI bleed from duodenal ulcer", "K26.4",
        ("black stools", "vomiting blood", "dizziness"),
        ("three episodes of black tarry stool", "lightheaded on standing", "taking ibuprofen daily for back pain",
         "one episode of coffee-ground emesis"),
        ("pale conjunctivae", "orthostatic: HR 92 -> 118 on standing", "epigastric tenderness", "melena on rectal exam"),
        {"Hemoglobin": (6.4, 8.1), "BUN": (38, 62)},
        (),
        ("2 units PRBC", "IV pantoprazole 40 mg BID", "EGD with epinephrine injection and clips"),
        ("pantoprazole", "ferrous sulfate"),
        (("EGD with control of bleeding", "43255"),), ("gastroenterology",), ("repeat EGD in 8 weeks", "H. pylori stool antigen", "CBC in 1 week"),
    ),
    Scenario(
        "uti_sepsis", "Sepsis due to E. coli pyelonephritis", "A41.51",
        ("fever and confusion", "flank pain", "burning with urination"),
        ("dysuria and frequency for 3 days", "right flank pain", "rigors", "new confusion per family"),
        ("right CVA tenderness", "temp 102.8F, HR 118, BP 88/52", "dry mucous membranes"),
        {"WBC": (16.0, 24.0), "Lactate": (2.4, 4.8), "Creatinine": (1.6, 2.4)},
        ("CT abdomen/pelvis: right pyelonephritis without abscess or obstruction.",),
        ("30 mL/kg crystalloid bolus", "piperacillin-tazobactam then narrowed to ceftriaxone",
         "blood cultures 2/2 E. coli pan-sensitive"),
        ("cephalexin",),
        (), ("infectious disease",), ("PCP in 1 week", "repeat BMP in 1 week"),
    ),
    Scenario(
        "afrvr", "Atrial fibrillation with rapid ventricular response", "I48.91",
        ("palpitations", "racing heart"),
        ("palpitations since waking", "mild dyspnea on exertion", "no chest pain or syncope", "two glasses of wine last night"),
        ("irregularly irregular rhythm at 140s", "no murmur", "lungs clear"),
        {"TSH": (0.9, 2.5), "Magnesium": (1.5, 1.8)},
        ("ECG: atrial fibrillation with RVR at 142 bpm, no ischemic changes.",),
        ("diltiazem 10 mg IV then infusion", "transitioned to metoprolol PO", "apixaban started, CHA2DS2-VASc 3"),
        ("metoprolol succinate", "apixaban"),
        (("Electrical cardioversion", "92960"),), ("cardiology", "electrophysiology"), ("Holter monitor", "cardiology in 2 weeks"),
    ),
    Scenario(
        "appendicitis", "Acute appendicitis", "K35.80",
        ("abdominal pain", "right lower quadrant pain"),
        ("periumbilical pain migrating to the RLQ over 18 hours", "anorexia", "nausea without vomiting"),
        ("tenderness at McBurney's point with guarding", "positive Rovsing sign", "psoas sign positive"),
        {"WBC": (12.5, 17.0), "CRP": (30, 90)},
        ("CT abdomen/pelvis with contrast: dilated appendix 11 mm with periappendiceal fat stranding, no perforation.",),
        ("laparoscopic appendectomy", "cefoxitin perioperatively"),
        ("acetaminophen", "ibuprofen", "oxycodone"),
        (("Laparoscopic appendectomy", "44970"),), ("general surgery",), ("surgery clinic in 2 weeks",),
    ),
    Scenario(
        "cholecystitis", "Acute calculous cholecystitis", "K80.00",
        ("right upper quadrant pain", "abdominal pain after eating"),
        ("RUQ pain after a fatty meal", "fever to 101F", "nausea and two episodes of vomiting"),
        ("positive Murphy's sign", "RUQ tenderness with voluntary guarding", "no jaundice"),
        {"WBC": (12.0, 16.0), "Alkaline phosphatase": (130, 220), "Total bilirubin": (1.1, 2.0)},
        ("RUQ ultrasound: gallstones, gallbladder wall thickening 5 mm, pericholecystic fluid, sonographic Murphy's sign.",),
        ("laparoscopic cholecystectomy", "piperacillin-tazobactam"),
        ("acetaminophen", "oxycodone", "docusate"),
        (("Laparoscopic cholecystectomy", "47562"),), ("general surgery",), ("surgery clinic in 2 weeks",),
    ),
    Scenario(
        "etoh", "Alcohol withdrawal", "F10.239",
        ("tremors", "anxiety", "wants to stop drinking"),
        ("drinking a fifth of vodka daily", "last drink 30 hours ago", "tremor and sweats this morning",
         "history of withdrawal seizures"),
        ("coarse tremor of the outstretched hands", "diaphoretic", "CIWA-Ar 18", "oriented x3"),
        {"AST": (90, 240), "ALT": (45, 110), "MCV": (101, 108), "Magnesium": (1.3, 1.6)},
        (),
        ("symptom-triggered lorazepam per CIWA protocol", "thiamine 100 mg IV daily, folate and multivitamin",
         "addiction consult"),
        ("thiamine", "folic acid"),
        (), ("addiction psychiatry", "social work"), ("outpatient addiction program intake",),
    ),
    Scenario(
        "dvt_pe", "Acute pulmonary embolism", "I26.99",
        ("shortness of breath", "calf pain"),
        ("sudden dyspnea after a long flight", "left calf pain for 4 days", "pleuritic chest pain"),
        ("tachycardia to 112", "left calf swelling, 3 cm larger than the right", "clear lungs"),
        {"D-dimer": (2.1, 6.8), "Troponin I": (0.02, 0.09)},
        ("CTA chest: acute segmental and subsegmental emboli in the right lower lobe; RV/LV ratio 0.9.",
         "Venous duplex: occlusive thrombus in the left popliteal vein."),
        ("heparin infusion per weight-based nomogram", "transitioned to apixaban"),
        ("apixaban",),
        (), ("pulmonology", "hematology"), ("anticoagulation for at least 3 months", "PCP in 1 week"),
    ),
    Scenario(
        "syncope", "Syncope, likely vasovagal", "R55",
        ("passed out", "fainting"),
        ("lost consciousness while standing in a hot church", "prodrome of warmth and nausea",
         "brief, < 1 minute, no post-ictal confusion", "no tongue biting or incontinence"),
        ("orthostatic vitals negative", "no murmur", "normal neurological exam"),
        {"Hemoglobin": (12.5, 14.2)},
        ("ECG: sinus rhythm, normal intervals.", "TTE: normal LV function, no structural disease."),
        ("telemetry overnight without arrhythmia", "IV fluids"),
        (),
        (), ("cardiology",), ("Zio patch for 14 days",),
    ),
)
SCENARIOS_BY_KEY = {s.key: s for s in SCENARIOS}

# ---------------------------------------------------------------------------------------------
# Labs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lab:
    name: str
    abbr: str
    unit: str
    low: float
    high: float
    decimals: int = 1


LABS: Dict[str, Lab] = {
    lab.name: lab
    for lab in (
        Lab("WBC", "WBC", "K/uL", 4.0, 10.5, 1),
        Lab("Hemoglobin", "Hgb", "g/dL", 12.0, 17.5, 1),
        Lab("Hematocrit", "Hct", "%", 36.0, 52.0, 1),
        Lab("Platelets", "Plt", "K/uL", 150, 400, 0),
        Lab("MCV", "MCV", "fL", 80, 100, 0),
        Lab("Sodium", "Na", "mmol/L", 135, 145, 0),
        Lab("Potassium", "K", "mmol/L", 3.5, 5.1, 1),
        Lab("Chloride", "Cl", "mmol/L", 98, 107, 0),
        Lab("Bicarbonate", "HCO3", "mmol/L", 22, 29, 0),
        Lab("BUN", "BUN", "mg/dL", 7, 20, 0),
        Lab("Creatinine", "Cr", "mg/dL", 0.6, 1.2, 2),
        Lab("Glucose", "Glu", "mg/dL", 70, 99, 0),
        Lab("Calcium", "Ca", "mg/dL", 8.5, 10.5, 1),
        Lab("Magnesium", "Mg", "mg/dL", 1.7, 2.4, 1),
        Lab("Phosphorus", "Phos", "mg/dL", 2.5, 4.5, 1),
        Lab("Anion gap", "AG", "mmol/L", 8, 16, 0),
        Lab("Albumin", "Alb", "g/dL", 3.5, 5.0, 1),
        Lab("Total bilirubin", "T bili", "mg/dL", 0.2, 1.2, 1),
        Lab("AST", "AST", "U/L", 10, 40, 0),
        Lab("ALT", "ALT", "U/L", 7, 56, 0),
        Lab("Alkaline phosphatase", "Alk phos", "U/L", 40, 129, 0),
        Lab("Lipase", "Lipase", "U/L", 13, 60, 0),
        Lab("INR", "INR", "", 0.9, 1.1, 1),
        Lab("PTT", "PTT", "sec", 25, 35, 1),
        Lab("Troponin I", "TnI", "ng/mL", 0.0, 0.04, 2),
        Lab("BNP", "BNP", "pg/mL", 0, 100, 0),
        Lab("Lactate", "Lactate", "mmol/L", 0.5, 2.0, 1),
        Lab("CRP", "CRP", "mg/L", 0, 10, 0),
        Lab("Procalcitonin", "PCT", "ng/mL", 0.0, 0.1, 2),
        Lab("TSH", "TSH", "uIU/mL", 0.4, 4.5, 2),
        Lab("HbA1c", "A1c", "%", 4.0, 5.6, 1),
        Lab("LDL", "LDL", "mg/dL", 0, 99, 0),
        Lab("D-dimer", "D-dimer", "ug/mL FEU", 0.0, 0.5, 2),
        Lab("Creatine kinase", "CK", "U/L", 39, 308, 0),
        Lab("Beta-hydroxybutyrate", "BHB", "mmol/L", 0.0, 0.4, 1),
        Lab("pCO2", "pCO2", "mmHg", 35, 45, 0),
        Lab("eGFR", "eGFR", "mL/min/1.73m2", 60, 120, 0),
        Lab("ESR", "ESR", "mm/hr", 0, 20, 0),
        Lab("Ferritin", "Ferritin", "ng/mL", 30, 400, 0),
        Lab("Vitamin B12", "B12", "pg/mL", 200, 900, 0),
    )
}

PANELS: Dict[str, Tuple[str, ...]] = {
    "CBC": ("WBC", "Hemoglobin", "Hematocrit", "Platelets", "MCV"),
    "BMP": ("Sodium", "Potassium", "Chloride", "Bicarbonate", "BUN", "Creatinine", "Glucose", "Calcium"),
    "HEPATIC FUNCTION PANEL": ("Albumin", "Total bilirubin", "AST", "ALT", "Alkaline phosphatase"),
    "COAGULATION": ("INR", "PTT"),
    "CARDIAC": ("Troponin I", "BNP"),
    "OTHER": ("Magnesium", "Phosphorus", "TSH", "HbA1c", "Lactate", "CRP"),
}

# ---------------------------------------------------------------------------------------------
# Negative vocabulary: capitalised, numeric or name-like text that is never PHI
# ---------------------------------------------------------------------------------------------

EPONYMS: Tuple[str, ...] = (
    "Parkinson's disease", "Foley catheter", "Hodgkin lymphoma", "Alzheimer's dementia", "Bell's palsy",
    "Crohn's disease", "Cushing's syndrome", "Graves' disease", "Babinski sign", "Murphy's sign",
    "Apgar score", "Glasgow Coma Scale", "Romberg test", "Homans' sign", "Kernig's sign",
    "Brudzinski's sign", "McMurray test", "Lachman test", "Phalen's test", "Tinel's sign",
    "Spurling's test", "Trendelenburg gait", "Valsalva maneuver", "Kussmaul respirations",
    "Cheyne-Stokes respirations", "Epley maneuver", "Dix-Hallpike maneuver", "Whipple procedure",
    "Nissen fundoplication", "Roux-en-Y gastric bypass", "Hartmann's procedure", "Swan-Ganz catheter",
    "Pap smear", "Gram stain", "Hashimoto's thyroiditis", "Addison's disease", "Barrett's esophagus",
    "Raynaud's phenomenon", "Guillain-Barre syndrome", "Tourette syndrome", "Down syndrome",
    "Mallory-Weiss tear", "Zenker's diverticulum", "Meckel's diverticulum", "Kawasaki disease",
    "Marfan syndrome", "Lyme disease", "Wernicke encephalopathy", "Stevens-Johnson syndrome",
    "Colles fracture", "Baker's cyst", "Charcot foot", "Dupuytren's contracture", "Ludwig's angina",
    "Allen test", "Holter monitor", "Doppler ultrasound", "Bruce protocol", "Seldinger technique",
    "Mallampati class II", "Richmond Agitation-Sedation Scale", "Braden score", "Morse Fall Scale",
    "Child-Pugh class B", "Wells score", "CURB-65 score", "Gleason score", "Breslow thickness",
    "Bishop score", "Tanner stage", "Snellen chart", "Weber test", "Rinne test", "Hoffmann sign",
    "Chvostek sign", "McBurney's point", "Rovsing sign", "Korotkoff sounds", "Jackson-Pratt drain",
    "Blake drain", "Hickman catheter", "Pleurx catheter", "Ranson criteria", "Duke criteria",
    "Lown-Ganong-Levine", "Wolff-Parkinson-White pattern", "Mobitz type I", "Brugada pattern",
    "Reed-Sternberg cells", "Auer rods", "Howell-Jolly bodies", "Virchow's node",
)

SCORES: Tuple[str, ...] = (
    "NIHSS 4", "GCS 15", "GCS 14 (E4 V4 M6)", "CHA2DS2-VASc 3", "HAS-BLED 2", "CURB-65 1",
    "Wells score 1.5", "PHQ-9 14", "GAD-7 11", "MoCA 24/30", "SLUMS 21/30", "Braden 16",
    "Morse Fall Scale 45", "ASA class III", "Mallampati II", "ECOG 1", "NYHA class II",
    "Killip class I", "TIMI 3 flow", "HEART score 4", "ASPECTS 10", "APACHE II 12", "MELD-Na 14",
    "BI-RADS 4", "Apgar 8 and 9", "CIWA-Ar 8", "COWS 6", "RASS -1", "pain 3/10", "Berg Balance 41/56",
    "Timed Up and Go 14 seconds", "AUDIT-C 5", "Columbia Suicide Severity Rating Scale negative",
)

CODES: Tuple[str, ...] = (
    "ICD-10 I10", "ICD-10 E11.9", "CPT 99213", "CPT 99214", "CPT 93000", "CPT 71046", "CPT 80053",
    "CPT 85025", "ICD-10 Z79.01", "ICD-10 Z95.1", "CPT 99232", "ICD-10 R07.9", "HCPCS G0439",
    "ICD-10 M54.50", "CPT 97110", "CPT 90837", "ICD-10 Z00.00",
)

# Header-like capitalised phrases that are never PHI (generic departments, payer types, systems).
GENERIC_CAPITALISED: Tuple[str, ...] = (
    "Emergency Department", "Intensive Care Unit", "Medical Intensive Care Unit", "Cardiology",
    "Internal Medicine", "General Surgery", "Physical Therapy", "Occupational Therapy", "Medicare",
    "Medicaid", "Medicare Part D", "Tricare", "Meals on Wheels", "Alcoholics Anonymous", "Hospice",
    "Visiting Nurse", "Poison Control", "Infectious Disease", "Case Management", "Interventional Radiology",
    "Pharmacy", "Respiratory Therapy", "Rapid Response Team", "Social Security Disability",
)

DEVICE_BRANDS: Tuple[str, ...] = (
    "Medtronic Azure XT DR pacemaker", "Boston Scientific Resonate ICD", "Abbott FreeStyle Libre 2 CGM",
    "Dexcom G7 CGM", "Tandem t:slim X2 insulin pump", "Omnipod 5 pump", "ResMed AirSense 11 CPAP",
    "Philips DreamStation CPAP", "Medtronic Percept PC neurostimulator", "St. Jude Ellipse ICD",
    "Xience Sierra drug-eluting stent", "Zio XT patch", "Inogen One G5 oxygen concentrator",
)

TIMES: Tuple[str, ...] = ("0630", "0715", "0800", "0915", "1020", "1145", "1300", "1410", "1530",
                          "1645", "1800", "1930", "2045", "2200", "2315", "0030", "0215", "0400")

# Dose phrases that look like dates or IDs but are not PHI.
DATE_LIKE_NON_PHI: Tuple[str, ...] = (
    "1/2 tab", "1/2 tablet", "25/100 mg", "5/325 mg", "3/10 pain", "2/6 systolic murmur", "4/5 strength",
    "5/5 strength", "20/20 vision", "20/40 OD", "1/2 NS", "2/2 blood cultures", "120/80", "24/7 supervision",
    "1:1 sitter", "1:1000 epinephrine", "9/10 pain", "3/4 of a tablet", "10/325 mg", "0/10 pain",
)

ANATOMY: Tuple[str, ...] = (
    "L4-L5", "C5-C6", "T12-L1", "L5-S1", "left anterior descending artery", "mid RCA", "left ventricle",
    "right upper quadrant", "left lower lobe", "gallbladder fossa", "left internal carotid artery",
    "sigmoid colon", "distal radius", "femoral neck", "medial meniscus", "rotator cuff", "CN II-XII",
)

ROS_NEGATIVES: Tuple[str, ...] = (
    "fevers", "chills", "night sweats", "weight loss", "headache", "vision changes", "chest pain",
    "palpitations", "shortness of breath", "cough", "abdominal pain", "nausea", "vomiting", "diarrhea",
    "melena", "hematochezia", "dysuria", "hematuria", "rash", "joint pain", "focal weakness",
    "numbness", "depressed mood", "suicidal ideation",
)

EXAM_NORMAL: Dict[str, Tuple[str, ...]] = {
    "General": ("Well-appearing, in no acute distress.", "Alert, cooperative, NAD.", "Pleasant, sitting up in bed.", "Comfortable, conversant."),
    "HEENT": ("NCAT. PERRL, EOMI. Oropharynx clear, MMM.", "Normocephalic, atraumatic. Sclerae anicteric.", "Mucous membranes moist, no JVD."),
    "Neck": ("Supple, no lymphadenopathy, no thyromegaly.", "No JVD. No carotid bruits."),
    "CV": ("RRR, normal S1/S2, no m/r/g.", "Regular rate and rhythm without murmurs.", "Irregularly irregular, no murmur.", "RRR, 2/6 systolic murmur at RUSB."),
    "Lungs": ("CTAB, no wheezes, rales or rhonchi.", "Clear to auscultation bilaterally.", "Good air entry throughout, no crackles."),
    "Abdomen": ("Soft, NT/ND, normoactive bowel sounds.", "Soft, non-tender, no organomegaly.", "Obese, soft, mildly tender in the epigastrium, no rebound."),
    "Extremities": ("No edema, 2+ DP pulses bilaterally.", "Warm and well perfused, no clubbing, cyanosis or edema.", "Trace bilateral ankle edema."),
    "Neuro": ("A&Ox3, CN II-XII intact, strength 5/5 throughout, sensation intact.", "Alert and oriented, no focal deficits.", "Romberg negative, gait steady."),
    "Skin": ("Warm and dry, no rashes.", "No jaundice, no lesions.", "Intact, no pressure injuries."),
    "Psych": ("Mood and affect appropriate.", "Calm, linear thought process.", "Anxious but redirectable."),
}

# ---------------------------------------------------------------------------------------------
# Imaging, pathology, ECG and echo material
# ---------------------------------------------------------------------------------------------

RADIOLOGY_STUDIES: Tuple[Tuple[str, str, str, Tuple[str, ...], Tuple[str, ...]], ...] = (
    # (exam, CPT, technique, findings, impressions)
    ("CHEST, 2 VIEWS", "71046", "PA and lateral views of the chest.",
     ("The cardiomediastinal silhouette is within normal limits.", "No focal consolidation, pleural effusion or pneumothorax.",
      "Mild degenerative changes of the thoracic spine.", "Right lower lobe airspace opacity with air bronchograms.",
      "Small bilateral pleural effusions with vascular congestion.", "Sternotomy wires are intact."),
     ("No acute cardiopulmonary process.", "Right lower lobe pneumonia; follow-up radiograph in 6-8 weeks to document resolution.",
      "Mild pulmonary edema with small bilateral effusions.")),
    ("CT HEAD WITHOUT CONTRAST", "70450", "Axial images from the skull base to the vertex without IV contrast.",
     ("No intracranial hemorrhage, mass effect or midline shift.", "Gray-white differentiation is preserved.",
      "Mild chronic small vessel ischemic changes.", "The ventricles and sulci are age-appropriate.",
      "Hypodensity in the left frontal operculum, possibly early ischemia."),
     ("No acute intracranial abnormality.", "Possible early left MCA territory infarct; MRI recommended.")),
    ("CT ABDOMEN AND PELVIS WITH IV CONTRAST", "74177", "Axial images after 100 mL Omnipaque 350 with coronal and sagittal reformats.",
     ("The liver, spleen, pancreas and adrenal glands are unremarkable.", "Dilated appendix measuring 11 mm with periappendiceal fat stranding.",
      "No free air or abscess.", "Right renal enlargement with striated nephrogram.", "Small hiatal hernia.", "Sigmoid diverticulosis without diverticulitis."),
     ("Acute uncomplicated appendicitis.", "Right pyelonephritis without abscess.", "No acute abdominopelvic process.")),
    ("MRI LUMBAR SPINE WITHOUT CONTRAST", "72148", "Sagittal T1, T2 and STIR; axial T1 and T2 from L1 through S1.",
     ("Normal lumbar lordosis, no spondylolisthesis.", "L4-L5: left paracentral disc extrusion compressing the traversing left L5 nerve root.",
      "L5-S1: small central protrusion with annular fissure.", "Conus terminates at L1 with normal signal.", "Modic type 1 endplate changes at L4-L5."),
     ("L4-L5 left paracentral disc extrusion with L5 nerve root compression.", "Mild multilevel degenerative disease without high-grade stenosis.")),
    ("US ABDOMEN RIGHT UPPER QUADRANT", "76705", "Grayscale and color Doppler images of the right upper quadrant.",
     ("Multiple mobile gallstones, largest 1.4 cm.", "Gallbladder wall thickening to 5 mm with pericholecystic fluid.",
      "Sonographic Murphy's sign positive.", "Common bile duct measures 4 mm.", "Liver is echogenic, consistent with steatosis."),
     ("Acute calculous cholecystitis.", "Cholelithiasis without sonographic evidence of cholecystitis.")),
    ("CTA CHEST PULMONARY EMBOLISM PROTOCOL", "71275", "Axial images during the pulmonary arterial phase after 75 mL Isovue 370.",
     ("Filling defects in segmental and subsegmental right lower lobe arteries.", "RV/LV ratio 0.9.",
      "No consolidation.", "Small right pleural effusion.", "Incidental 4 mm left upper lobe nodule."),
     ("Acute right lower lobe pulmonary emboli without right heart strain.", "No pulmonary embolism.")),
    ("MAMMOGRAM DIAGNOSTIC BILATERAL WITH TOMOSYNTHESIS", "77066", "CC and MLO views with tomosynthesis.",
     ("Heterogeneously dense breast tissue.", "Irregular spiculated mass in the left breast at 2 o'clock, 4 cm from the nipple.",
      "No suspicious calcifications.", "Right breast without suspicious findings."),
     ("BI-RADS 5: highly suggestive of malignancy; ultrasound-guided biopsy recommended.", "BI-RADS 1: negative.")),
    ("XR HIP RIGHT 2 VIEWS", "73502", "AP pelvis and lateral right hip.",
     ("Displaced subcapital femoral neck fracture.", "Osteopenia.", "No dislocation.", "Degenerative narrowing of the hip joints."),
     ("Displaced right femoral neck fracture.",)),
    ("VENOUS DUPLEX LOWER EXTREMITY LEFT", "93971", "Compression and color Doppler of the deep veins of the left leg.",
     ("Occlusive thrombus in the left popliteal vein extending into the posterior tibial veins.", "Normal compressibility of the common femoral vein.",
      "Baker's cyst measuring 3.2 cm in the popliteal fossa."),
     ("Acute left popliteal DVT.", "No DVT. Baker's cyst.")),
    ("MRI BRAIN WITHOUT AND WITH CONTRAST", "70553", "Multiplanar multisequence imaging before and after 7 mL gadobutrol.",
     ("Restricted diffusion in the left frontal operculum and insula.", "No hemorrhage.", "Scattered T2 FLAIR white matter hyperintensities.",
      "No abnormal enhancement."),
     ("Acute left MCA territory infarct.", "Chronic small vessel ischemic disease.")),
)

PATHOLOGY_CASES: Tuple[Dict[str, object], ...] = (
    {"hist": "RUQ pain, gallstones on ultrasound", "specimen": "Gallbladder, laparoscopic cholecystectomy", "gross": "Received fresh is a 9.0 x 3.5 x 2.8 cm gallbladder with a 0.3 cm wall. The mucosa is green and velvety. Multiple yellow faceted stones, 0.4 to 1.4 cm. Representative sections in A1-A2.",
     "micro": "Sections show transmural acute inflammation with mucosal ulceration and Rokitansky-Aschoff sinuses.", "dx": "ACUTE AND CHRONIC CALCULOUS CHOLECYSTITIS. NEGATIVE FOR DYSPLASIA AND MALIGNANCY.", "icd": "K80.00", "cpt": "88304"},
    {"hist": "RLQ pain, CT with dilated appendix", "specimen": "Appendix, laparoscopic appendectomy", "gross": "Received in formalin is a 6.5 cm appendix, 1.1 cm in diameter, with a dull serosa and fibrinous exudate. Tip and representative sections in A1.",
     "micro": "Transmural neutrophilic infiltrate with mucosal ulceration and periappendiceal serositis. No perforation identified.", "dx": "ACUTE SUPPURATIVE APPENDICITIS WITH PERIAPPENDICITIS.", "icd": "K35.80", "cpt": "88304"},
    {"hist": "a palpable left breast mass, BI-RADS 5", "specimen": "Left breast, 2 o'clock, ultrasound-guided core needle biopsy (14G x 4 cores)", "gross": "Received in formalin are four cores of tan-white tissue, 1.2 to 1.8 cm in length, entirely submitted in A1. Cold ischemia time less than 1 hour.",
     "micro": "Infiltrating nests and cords of cells with moderate nuclear pleomorphism; mitoses up to 12 per 10 HPF. Associated DCIS, solid type.", "dx": "INVASIVE DUCTAL CARCINOMA, NOTTINGHAM GRADE 2 (SCORE 7/9). ER POSITIVE (95%), PR POSITIVE (40%), HER2 2+ (EQUIVOCAL, FISH PENDING). KI-67 22%.", "icd": "C50.412", "cpt": "88305, 88360 x3"},
    {"hist": "screening colonoscopy, 8 mm sigmoid polyp", "specimen": "Colon, sigmoid, polypectomy", "gross": "Received in formalin is a 0.8 cm tan polypoid fragment, bisected and entirely submitted in A1.",
     "micro": "Colonic mucosa with crowded tubular glands lined by elongated hyperchromatic nuclei; no high-grade dysplasia.", "dx": "TUBULAR ADENOMA. NEGATIVE FOR HIGH-GRADE DYSPLASIA.", "icd": "D12.5", "cpt": "88305"},
    {"hist": "elevated PSA of 7.8 ng/mL", "specimen": "Prostate, needle biopsies, 12 cores (A-L)", "gross": "Received in formalin are twelve labeled containers each with a single tan core, 1.0 to 1.6 cm. Each entirely submitted.",
     "micro": "Cores C and D show small infiltrative glands with prominent nucleoli; perineural invasion in core D.", "dx": "PROSTATIC ADENOCARCINOMA, GLEASON SCORE 3+4=7 (GRADE GROUP 2), INVOLVING 2 OF 12 CORES (15% AND 40%). PERINEURAL INVASION PRESENT.", "icd": "C61", "cpt": "88305 x12"},
    {"hist": "a changing pigmented lesion of the left forearm", "specimen": "Skin, left forearm, shave biopsy", "gross": "Received in formalin is a 0.6 x 0.5 x 0.1 cm tan shave of skin with a central brown macule, trisected and entirely submitted.",
     "micro": "Atypical melanocytic proliferation with pagetoid spread and dermal invasion; Breslow thickness 0.6 mm, Clark level III; no ulceration.", "dx": "INVASIVE MELANOMA, SUPERFICIAL SPREADING TYPE, BRESLOW 0.6 MM, pT1a. PERIPHERAL MARGIN INVOLVED.", "icd": "C43.62", "cpt": "88305"},
    {"hist": "cervical lymphadenopathy and night sweats", "specimen": "Lymph node, right cervical, excisional biopsy", "gross": "Received fresh is a 2.4 x 1.8 x 1.2 cm lymph node. Touch preps made; portions to flow cytometry and formalin.",
     "micro": "Effaced architecture with nodules of small lymphocytes and scattered large Reed-Sternberg cells, CD30+ CD15+ CD45-.", "dx": "CLASSICAL HODGKIN LYMPHOMA, NODULAR SCLEROSIS TYPE.", "icd": "C81.10", "cpt": "88307, 88342 x4"},
    {"hist": "chronic GERD, salmon-colored mucosa on EGD", "specimen": "Esophagus, distal, biopsies", "gross": "Received in formalin are four tan fragments, 0.2 to 0.4 cm, entirely submitted in A1.",
     "micro": "Squamocolumnar mucosa with intestinal metaplasia including goblet cells; no dysplasia.", "dx": "BARRETT'S ESOPHAGUS (INTESTINAL METAPLASIA), NEGATIVE FOR DYSPLASIA.", "icd": "K22.70", "cpt": "88305"},
)

ECG_FINDINGS: Tuple[Tuple[str, ...], ...] = (
    ("Normal sinus rhythm.", "Normal axis.", "No acute ST-T changes.", "NORMAL ECG"),
    ("Sinus bradycardia.", "First degree AV block (PR 224 ms).", "Nonspecific T wave flattening in V5-V6.", "ABNORMAL ECG"),
    ("Atrial fibrillation with rapid ventricular response.", "Left axis deviation.", "No acute ST elevation.", "ABNORMAL ECG"),
    ("Sinus rhythm.", "Q waves in III and aVF, consistent with inferior infarct, age undetermined.", "T wave inversion in II, III, aVF.", "ABNORMAL ECG"),
    ("Sinus tachycardia.", "Right bundle branch block.", "S1Q3T3 pattern.", "ABNORMAL ECG"),
    ("Sinus rhythm with frequent PVCs.", "Left ventricular hypertrophy with repolarization abnormality.", "Prolonged QT (QTc 502 ms).", "ABNORMAL ECG"),
    ("Atrial-paced rhythm.", "Left bundle branch block.", "No change from prior.", "ABNORMAL ECG"),
    ("Sinus rhythm.", "Short PR with delta wave, Wolff-Parkinson-White pattern.", "No ischemic changes.", "ABNORMAL ECG"),
)

ECHO_FINDINGS: Dict[str, Tuple[str, ...]] = {
    "Left Ventricle": ("Normal size and wall thickness. LVEF 60-65% by biplane Simpson's.",
                       "Mildly dilated with global hypokinesis. LVEF 30-35%.",
                       "Concentric LVH. Grade II diastolic dysfunction (E/e' 16). LVEF 55%.",
                       "Inferior and inferolateral hypokinesis. LVEF 45%."),
    "Right Ventricle": ("Normal size and function, TAPSE 2.2 cm.", "Mildly dilated with reduced function, TAPSE 1.4 cm."),
    "Atria": ("Normal atrial sizes.", "Moderately dilated left atrium (LAVI 44 mL/m2)."),
    "Mitral Valve": ("Structurally normal with trace regurgitation.", "Mild MAC with moderate functional mitral regurgitation."),
    "Aortic Valve": ("Trileaflet with normal excursion.", "Calcified with moderate stenosis: peak velocity 3.6 m/s, mean gradient 28 mmHg, AVA 1.1 cm2."),
    "Tricuspid Valve": ("Mild TR. RVSP 32 mmHg.", "Moderate TR. RVSP 48 mmHg, consistent with pulmonary hypertension."),
    "Pericardium": ("No pericardial effusion.", "Small circumferential effusion without tamponade physiology."),
    "Aorta": ("Aortic root 3.3 cm, normal.", "Ascending aorta mildly dilated at 4.1 cm."),
}

PT_INTERVENTIONS: Tuple[str, ...] = (
    "gait training 150 ft with rolling walker, CGA", "sit-to-stand x10 from standard chair with min A",
    "therex: ankle pumps, quad sets, glute sets, heel slides x15 each", "stair training 4 steps with rail, SBA",
    "balance training: static standing 2 min without UE support", "bed mobility with log roll technique, supervision",
    "therapeutic exercise (CPT 97110) 25 minutes", "neuromuscular re-education (CPT 97112) 15 minutes",
    "patient education on hip precautions and fall prevention", "TUG 18 seconds with walker",
)

PSYCH_MSE: Dict[str, Tuple[str, ...]] = {
    "Appearance": ("Well-groomed, casually dressed, good eye contact.", "Disheveled, malodorous, poor eye contact."),
    "Behavior": ("Calm and cooperative.", "Psychomotor retardation.", "Restless, pacing at times."),
    "Speech": ("Normal rate, volume and prosody.", "Slowed, soft, low volume.", "Pressured, difficult to interrupt."),
    "Mood": ('"Tired and down."', '"Not great."', '"Pretty good actually."', '"Anxious all the time."'),
    "Affect": ("Constricted, tearful at times.", "Euthymic, full range.", "Labile, irritable."),
    "Thought process": ("Linear and goal-directed.", "Tangential at times, redirectable.", "Circumstantial."),
    "Thought content": ("Denies SI/HI. No delusions.", "Passive death wish without plan or intent; denies HI.", "Preoccupied with guilt about job loss."),
    "Perception": ("No AH/VH. Not responding to internal stimuli.", "Reports hearing muffled voices at night."),
    "Cognition": ("Alert, oriented x4. MoCA 27/30.", "Oriented x3, attention intact (serial 7s 5/5)."),
    "Insight/Judgment": ("Fair/fair.", "Good/good.", "Limited/poor."),
}

# ---------------------------------------------------------------------------------------------
# Gazetteers for PHI factories
# ---------------------------------------------------------------------------------------------

STATES: Dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}

# First three ZIP digits by state (ranges are approximate but state-consistent).
ZIP_PREFIX: Dict[str, Tuple[int, int]] = {
    "MA": (10, 27), "RI": (28, 29), "NH": (30, 38), "ME": (39, 49), "VT": (50, 59), "CT": (60, 69),
    "NJ": (70, 89), "NY": (100, 149), "PA": (150, 196), "DE": (197, 199), "DC": (200, 205), "MD": (206, 219),
    "VA": (220, 246), "WV": (247, 268), "NC": (270, 289), "SC": (290, 299), "GA": (300, 319), "FL": (320, 349),
    "AL": (350, 369), "TN": (370, 385), "MS": (386, 397), "KY": (400, 427), "OH": (430, 459), "IN": (460, 479),
    "MI": (480, 499), "IA": (500, 528), "WI": (530, 549), "MN": (550, 567), "SD": (570, 577), "ND": (580, 588),
    "MT": (590, 599), "IL": (600, 629), "MO": (630, 658), "KS": (660, 679), "NE": (680, 693), "LA": (700, 714),
    "AR": (716, 729), "OK": (730, 749), "TX": (750, 799), "CO": (800, 816), "WY": (820, 831), "ID": (832, 838),
    "UT": (840, 847), "AZ": (850, 865), "NM": (870, 884), "NV": (889, 898), "CA": (900, 961), "HI": (967, 968),
    "OR": (970, 979), "WA": (980, 994), "AK": (995, 999),
}

CITIES: Tuple[Tuple[str, str], ...] = tuple(
    (c.strip(), s) for s, cs in {
        "MA": "Boston, Worcester, Springfield, Lowell, Shrewsbury, Leominster, New Bedford, Fall River, Brockton, Quincy, Dedham, Framingham, Holyoke, Northampton, Pittsfield, Salem, Haverhill, Westborough, Marlborough, Chelsea, Revere, Lynn, Taunton, Attleboro, Fitchburg, Gardner, Amherst, Plymouth, Barnstable, Milford",
        "NH": "Manchester, Nashua, Concord, Keene, Dover, Lebanon",
        "RI": "Providence, Warwick, Pawtucket, Woonsocket",
        "CT": "Hartford, New Haven, Bridgeport, Waterbury, Stamford, Norwich",
        "NY": "Albany, Buffalo, Rochester, Syracuse, Yonkers, Utica, Ithaca, Schenectady, Poughkeepsie, Brooklyn, Queens",
        "NJ": "Newark, Paterson, Trenton, Camden, Elizabeth, Hoboken",
        "PA": "Philadelphia, Pittsburgh, Allentown, Scranton, Erie, Lancaster, Harrisburg, Reading",
        "MD": "Baltimore, Frederick, Rockville, Hagerstown",
        "VA": "Richmond, Norfolk, Roanoke, Alexandria, Charlottesville",
        "NC": "Charlotte, Raleigh, Durham, Greensboro, Asheville, Wilmington",
        "GA": "Atlanta, Savannah, Macon, Augusta, Athens",
        "FL": "Miami, Tampa, Orlando, Jacksonville, Gainesville, Tallahassee, Hialeah, Sarasota, Fort Myers",
        "OH": "Columbus, Cleveland, Cincinnati, Toledo, Akron, Dayton, Youngstown",
        "MI": "Detroit, Grand Rapids, Lansing, Ann Arbor, Flint, Kalamazoo, Dearborn",
        "IL": "Chicago, Peoria, Rockford, Springfield, Joliet, Evanston, Cicero",
        "TX": "Houston, Dallas, San Antonio, Austin, El Paso, Laredo, Lubbock, McAllen, Brownsville, Fort Worth",
        "CA": "Los Angeles, San Diego, Fresno, Sacramento, Oakland, San Jose, Bakersfield, Salinas, Santa Ana, Riverside, Stockton",
        "AZ": "Phoenix, Tucson, Mesa, Flagstaff, Yuma",
        "WA": "Seattle, Spokane, Tacoma, Yakima, Everett",
        "MN": "Minneapolis, St. Paul, Duluth, Rochester",
        "WI": "Milwaukee, Madison, Green Bay",
        "CO": "Denver, Aurora, Boulder, Pueblo",
        "TN": "Memphis, Nashville, Knoxville, Chattanooga",
        "LA": "New Orleans, Baton Rouge, Shreveport, Lafayette",
        "ME": "Portland, Bangor, Lewiston",
        "VT": "Burlington, Rutland",
        "KY": "Louisville, Lexington, Bowling Green",
        "OR": "Portland, Eugene, Salem",
        "NM": "Albuquerque, Santa Fe, Las Cruces",
        "MO": "St. Louis, Kansas City, Springfield",
        "IN": "Indianapolis, Fort Wayne, Gary",
        "AL": "Birmingham, Montgomery, Mobile",
        "SC": "Charleston, Columbia, Greenville",
        "UT": "Salt Lake City, Provo, Ogden",
        "NV": "Las Vegas, Reno",
        "IA": "Des Moines, Cedar Rapids",
        "OK": "Tulsa, Oklahoma City",
    }.items() for c in cs.split(",")
)

STREET_NAMES: Tuple[str, ...] = (
    "Main", "Oak", "Maple", "Elm", "Pine", "Cedar", "Washington", "Pleasant", "Park", "Highland", "Orchard Hill",
    "Summer", "Winter", "Spring", "School", "Church", "Union", "Prospect", "Chestnut", "Walnut", "Lincoln",
    "Jefferson", "Franklin", "Madison", "Central", "Water", "Mill", "River", "Lake", "Hillside", "Sunset",
    "Forest", "Meadow", "Cherry", "Birch", "Willow", "Center", "North", "Broad", "Market", "Front",
    "High", "Cottage", "Beacon", "Harrison", "Sumner", "Merriam", "Cedar Ridge", "Pleasant View", "Quarry",
    "Old Colony", "Mechanic", "Grove", "Bridge", "Academy", "Liberty", "Vine", "Brook", "Fairview",
    "Martin Luther King Jr", "Cesar Chavez", "Dorchester", "Blue Hill", "Commonwealth", "Jackson",
    "Magnolia", "Dogwood", "Sycamore", "Hawthorne", "Kensington", "Ridgewood", "Lafayette", "Tremont",
)
STREET_SUFFIXES: Tuple[str, ...] = (
    "Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Drive", "Dr", "Lane", "Ln", "Boulevard",
    "Blvd", "Way", "Court", "Ct", "Terrace", "Place", "Pl", "Circle", "Parkway", "Pkwy", "Highway", "Hwy",
)

COUNTRIES_BY_LOCALE: Dict[str, Tuple[str, ...]] = {
    "en_US": ("Canada", "Ireland", "Jamaica", "Haiti", "Germany"),
    "en_GB": ("England", "Scotland", "United Kingdom", "Wales", "Northern Ireland"),
    "es_MX": ("Mexico", "Guatemala", "El Salvador", "Honduras", "Dominican Republic", "Colombia"),
    "es_ES": ("Spain", "Argentina", "Peru", "Venezuela", "Cuba", "Ecuador"),
    "fr_FR": ("France", "Haiti", "Belgium", "Senegal", "Morocco"),
    "de_DE": ("Germany", "Austria", "Switzerland"),
    "it_IT": ("Italy", "Albania"),
    "pt_BR": ("Brazil", "Portugal", "Cape Verde", "Angola"),
    "pl_PL": ("Poland", "Ukraine", "Lithuania"),
    "vi_VN": ("Vietnam", "Cambodia"),
    "zh_CN": ("China", "Taiwan", "Malaysia"),
    "ja_JP": ("Japan",),
    "en_IN": ("India", "Nepal", "Sri Lanka", "Bangladesh"),
    "en_PK": ("Pakistan", "Afghanistan", "Egypt", "Somalia", "Syria", "Iraq"),
    "ig_NG": ("Nigeria", "Ghana", "Cameroon"),
    "yo_NG": ("Nigeria", "Benin", "Sierra Leone"),
    "ga_IE": ("Ireland",),
}
# Countries written with "the" in running text; the article is never part of the span.
THE_COUNTRIES = frozenset({"Dominican Republic", "United Kingdom", "Philippines", "Netherlands"})

FOREIGN_CITIES: Dict[str, Tuple[str, ...]] = {
    "Mexico": ("Guadalajara", "Puebla", "Oaxaca", "Monterrey"), "Poland": ("Krakow", "Gdansk", "Lublin"),
    "Portugal": ("Porto", "Braga", "Lisbon"), "Brazil": ("Sao Paulo", "Belo Horizonte", "Governador Valadares"),
    "Vietnam": ("Hue", "Da Nang", "Can Tho"), "China": ("Guangzhou", "Fuzhou", "Chengdu"),
    "India": ("Pune", "Chennai", "Ahmedabad"), "Nigeria": ("Lagos", "Ibadan", "Enugu", "Onitsha"),
    "Italy": ("Naples", "Palermo", "Bari"), "Germany": ("Stuttgart", "Leipzig"), "Ireland": ("Galway", "Cork"),
    "Pakistan": ("Lahore", "Karachi"), "Haiti": ("Port-au-Prince", "Cap-Haitien"), "Japan": ("Osaka", "Sendai"),
    "Spain": ("Seville", "Valencia"), "France": ("Lyon", "Marseille"), "England": ("Leeds", "Bristol"),
}

PLACE_WORDS: Tuple[str, ...] = (
    "Larkfield", "Northgate", "Bayside", "Riverbend", "Lakeview", "Fairview", "Cedar Hill", "Brookside",
    "Maplewood", "Greenfield", "Westbrook", "Pinecrest", "Oakridge", "Hillcrest", "Stonebridge", "Ashford",
    "Harborview", "Elmhurst", "Kingsbury", "Millbrook", "Valley", "Summit", "Crestwood", "Meadowlands",
    "Pioneer Valley", "Blue Ridge", "Seacoast", "Tri-County", "Mount Auburn", "Wachusett", "Berkshire",
    "Cape Cod", "Merrimack Valley", "North Shore", "South Shore", "MetroWest", "Granite State", "Heritage",
    "Good Samaritan", "Mercy", "Holy Family", "Sacred Heart", "Faulkner", "Beth Israel", "Lahey", "Baystate",
)
SAINTS: Tuple[str, ...] = ("Columba", "Vincent", "Luke", "Elizabeth", "Anne", "Joseph", "Mary", "Francis",
                           "Jude", "Catherine", "Agnes", "Bernard", "Clare", "Anthony", "Raphael")

HOSPITAL_PATTERNS: Tuple[str, ...] = (
    "{place} Memorial Hospital", "{place} General Hospital", "{place} Regional Medical Center",
    "{place} Community Hospital", "{place} Medical Center", "{city} Medical Center", "{city} General Hospital",
    "St. {saint}'s Hospital", "Saint {saint} Medical Center", "St. {saint}'s Medical Center",
    "{surname} University Hospital", "University of {state} Medical Center", "{place} Baptist Hospital",
    "{place} Methodist Hospital", "{city} VA Medical Center", "{place} Children's Hospital",
    "{surname} Memorial Hospital", "{place} Health Center",
)
CLINIC_PATTERNS: Tuple[str, ...] = (
    "{place} Internal Medicine", "{place} Family Practice", "{place} Primary Care", "{city} Family Health",
    "{place} Community Health Center", "{surname} Medical Associates",
    "{place} Cardiology Associates", "{place} Orthopedics", "{place} Eye Associates", "{city} Urgent Care",
    "{surname} Family Medicine", "{street} Street Health Center",
)
FACILITY_PATTERNS: Tuple[str, ...] = (
    "{place} Manor", "{place} Rehabilitation Center", "{place} Nursing and Rehabilitation",
    "{surname} House", "{place} Skilled Nursing Facility", "{place} Assisted Living", "{place} Hospice House",
)
DEPARTMENT_PATTERNS: Tuple[str, ...] = (
    "{surname} Imaging Center", "{surname} Heart Center", "{surname} Cancer Institute", "{place} Heart Center",
    "{surname} Breast Oncology Program", "{surname} Movement Disorders Clinic", "{surname} Diabetes Center",
    "{surname} Sleep Center", "{place} Wound Care Center", "{surname} Spine Center", "{surname} Outpatient Laboratory",
    "{surname} Memory Clinic", "{surname} Center for Behavioral Health", "{place} Anticoagulation Service",
    "{surname} Pavilion Infusion Center", "{surname} Transplant Center", "{surname} Women's Health Center",
)
WARDS: Tuple[str, ...] = ("4 West", "6 North", "7 South", "5 East", "3 Center", "8 West", "9 North", "2 East",
                          "Blake 6", "Ellison 11", "White 9", "Phillips 20", "Bigelow 14", "Tower 5", "Gray 3")
BUILDINGS: Tuple[str, ...] = ("Southwest Building", "Ellison Building", "Yawkey Center", "Shapiro Pavilion",
                              "North Tower", "Farr Building", "Wang Building", "Lunder Building")

PROFESSIONS: Tuple[str, ...] = (
    "machinist", "roofer", "paralegal", "delivery driver", "truck driver", "school teacher", "teacher",
    "seamstress", "school librarian", "pharmacy technician", "electrician", "plumber", "carpenter",
    "firefighter", "police officer", "accountant", "software engineer", "cashier", "line cook", "chef",
    "dairy farmer", "landscaper", "home health aide", "CNA", "bus driver", "mail carrier", "nurse",
    "dental hygienist", "hairdresser", "barber", "construction worker", "welder", "security guard",
    "bank teller", "real estate agent", "lawyer", "attorney", "professor", "graduate student",
    "college student", "fisherman", "lobsterman", "auto mechanic", "veterinarian", "social worker",
    "retail manager", "warehouse worker", "forklift operator", "custodian", "janitor", "housekeeper",
    "nanny", "daycare worker", "Uber driver", "taxi driver", "pastor", "minister", "engineer", "architect",
    "graphic designer", "journalist", "pilot", "flight attendant", "Marine", "soldier", "army veteran",
    "dishwasher", "waitress", "bartender", "painter", "mason", "steelworker", "coal miner", "nail technician",
    "childcare provider", "office manager", "pharmacist", "physical therapist", "dentist", "banker",
)

WORK_ORG_PATTERNS: Tuple[str, ...] = (
    "{surname} Construction", "{place} Public Schools", "{surname} & {surname2} LLP", "{place} Textile Mills",
    "{surname} Roofing & Siding", "{place} Logistics", "{surname} Landscaping", "{city} Fire Department",
    "{city} Police Department", "{place} Credit Union", "{surname} Auto Body", "{place} Seafood",
    "{surname} Manufacturing", "{place} Market Basket", "{surname} Plumbing and Heating",
    "{place} Country Club", "{surname} Dental Group", "{city} Housing Authority",
)
INSURER_PATTERNS: Tuple[str, ...] = (
    "{place} Health Plan", "{place} Mutual Health", "{place} Community Care", "{place} Senior Choice",
    "{place} HealthCare Alliance", "{state} Family Health Plan",
)
NATIONAL_INSURERS: Tuple[str, ...] = (
    "Blue Cross Blue Shield", "Aetna", "Cigna", "UnitedHealthcare", "Humana", "Harvard Pilgrim",
    "Tufts Health Plan", "Kaiser Permanente", "Anthem", "Fallon Health", "Molina Healthcare",
)
# Government programs and payer types: not PHI (they identify no one), written plainly.
PAYER_TYPES: Tuple[str, ...] = ("Medicare", "Medicaid", "Medicare Advantage", "MassHealth", "Tricare",
                                "VA benefits", "self-pay", "commercial insurance", "Medicare Part A/B")
PHARMACY_PATTERNS: Tuple[str, ...] = ("{place} Pharmacy", "{surname} Drug", "{surname}'s Apothecary")
NATIONAL_PHARMACIES: Tuple[str, ...] = ("CVS", "Walgreens", "Rite Aid", "Walmart Pharmacy", "Costco Pharmacy", "Express Scripts")
OTHER_ORG_PATTERNS: Tuple[str, ...] = (
    "Our Lady of {saint} Parish", "{place} Senior Center", "{place} YMCA", "{surname} Elementary School",
    "{place} Community College", "{place} Food Pantry", "{place} Adult Day Health", "{surname} Shelter",
)
REF_LABS: Tuple[str, ...] = ("Quest Diagnostics", "LabCorp", "Mayo Clinic Laboratories", "ARUP Laboratories")
LOCATION_OTHER_PATTERNS: Tuple[str, ...] = (
    "{surname} Park", "Lake {surname}", "{place} State Park", "Mount {surname}", "{place} Beach",
    "{place} Mall", "{place} Casino", "{place} Ski Area", "{surname} Reservoir",
    "{place} Trail", "{surname} Square", "{place} Golf Course", "{surname} Pond", "{place} Fairgrounds",
    "{surname} Stadium", "{place} Marina", "{place} Rail Trail", "{surname} Common",
)

# First names and surnames that are also ordinary words, months or eponyms: a model must learn
# them from context, never from the word itself.
WORD_FIRST_NAMES_F: Tuple[str, ...] = ("April", "May", "June", "Hope", "Rose", "Grace", "Faith", "Joy", "Dawn",
                                       "Summer", "Autumn", "Amber", "Ruby", "Pearl", "Iris", "Violet", "Holly",
                                       "Sandy", "Patience", "Destiny", "Crystal", "Misty", "Charity", "Olive")
WORD_FIRST_NAMES_M: Tuple[str, ...] = ("Will", "Mark", "Bill", "Art", "Guy", "Frank", "Rich", "Chance", "Rusty",
                                       "Ray", "Jack", "Gene", "Bob", "Pat", "Victor", "Hunter", "Wade", "Chase",
                                       "Forrest", "Drew", "Cliff", "Dale", "Miles", "August")
WORD_SURNAMES: Tuple[str, ...] = ("Baker", "Young", "Child", "Brown", "White", "Black", "Green", "Hill", "Wood",
                                  "Bell", "King", "Cook", "Long", "Short", "Small", "Little", "Rice", "Frost",
                                  "Snow", "Winter", "Hunt", "Fox", "Park", "Moody", "Sharp", "Strong", "Best",
                                  "Love", "Sweet", "Wise", "Hardy", "Page", "Price", "Mann", "Stone", "Banks",
                                  "Rivers", "Waters", "Marsh", "Glass", "Foley", "Graves", "Cushing", "Hodgkin",
                                  "Parkinson", "Bishop", "Mercy", "Weber", "Wells", "Allen", "Turner", "Cross",
                                  "Gray", "May", "Major", "Savage", "Bliss", "Church")
EXTRA_US_SURNAMES: Tuple[str, ...] = ("O'Brien", "O'Connor", "D'Angelo", "McDonald", "MacLeod", "St. John",
                                      "O'Neil", "DeLuca", "Van der Berg", "LaFleur", "McCarthy", "Smith-Jones",
                                      "Kaminski-Ward", "Le Blanc", "DiMaggio", "Fitzgerald")

NICKNAMES: Dict[str, Tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"), "Robert": ("Bob", "Bobby", "Rob"), "Elizabeth": ("Liz", "Beth", "Betty"),
    "Margaret": ("Peggy", "Maggie", "Meg"), "James": ("Jim", "Jimmy"), "Richard": ("Rich", "Rick", "Dick"),
    "Katherine": ("Kate", "Kathy"), "Catherine": ("Cathy", "Kate"), "Patricia": ("Pat", "Patty", "Trish"),
    "Jennifer": ("Jen", "Jenny"), "Michael": ("Mike", "Mickey"), "Joseph": ("Joe", "Joey"), "Thomas": ("Tom", "Tommy"),
    "Anthony": ("Tony",), "Charles": ("Charlie", "Chuck"), "Edward": ("Ed", "Eddie", "Ted"), "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"), "Alexander": ("Alex", "Sasha"), "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"),
    "Nicholas": ("Nick",), "Rebecca": ("Becky",), "Dorothy": ("Dot", "Dottie"), "Francisco": ("Paco", "Frank"),
    "José": ("Pepe",), "Guadalupe": ("Lupe",), "Mohammed": ("Mo",), "Muhammad": ("Mo",), "Jonathan": ("Jon",),
    "Benjamin": ("Ben",), "Samuel": ("Sam",), "Theodore": ("Ted", "Teddy"), "Kimberly": ("Kim",), "Barbara": ("Barb",),
    "Stephen": ("Steve",), "Steven": ("Steve",), "Matthew": ("Matt",), "Andrew": ("Andy", "Drew"), "Gregory": ("Greg",),
    "Timothy": ("Tim",), "Kenneth": ("Ken", "Kenny"), "Donald": ("Don",), "Ronald": ("Ron",), "Gerald": ("Jerry",),
    "Lawrence": ("Larry",), "Raymond": ("Ray",), "Christine": ("Chris", "Tina"), "Victoria": ("Vicky", "Tori"),
    "Wojciech": ("Wojtek",), "Krzysztof": ("Krzys",), "Giuseppe": ("Joe", "Pino"), "Giovanni": ("Gianni",),
    "Francesca": ("Frankie",), "Chukwuemeka": ("Emeka",), "Oluwaseun": ("Seun",), "Nguyen": ("Win",),
}

HOLIDAYS: Tuple[Tuple[str, int, int], ...] = (
    # (name, month, day) -- movable feasts get a representative date; only the name is written
    ("Christmas", 12, 25), ("Christmas Eve", 12, 24), ("New Year's Eve", 12, 31), ("New Year's Day", 1, 1),
    ("Thanksgiving", 11, 25), ("Easter", 4, 9), ("the Fourth of July", 7, 4), ("July 4th", 7, 4),
    ("Memorial Day", 5, 29), ("Labor Day", 9, 4), ("Halloween", 10, 31), ("Valentine's Day", 2, 14),
    ("Mother's Day", 5, 14), ("Father's Day", 6, 18), ("Hanukkah", 12, 10), ("Ramadan", 3, 25),
    ("Lunar New Year", 2, 1), ("Christmas break", 12, 26), ("St. Patrick's Day", 3, 17),
)

RELATIONS: Tuple[Tuple[str, str], ...] = (
    # (relation word, sex of relative)
    ("wife", "F"), ("husband", "M"), ("daughter", "F"), ("son", "M"), ("sister", "F"), ("brother", "M"),
    ("mother", "F"), ("father", "M"), ("niece", "F"), ("nephew", "M"), ("granddaughter", "F"),
    ("grandson", "M"), ("partner", "F"), ("partner", "M"), ("friend", "F"), ("neighbor", "M"),
)

CREDENTIALS: Dict[str, Tuple[str, ...]] = {
    "physician": ("MD", "DO", "MD, PhD", "MD, FACC", "MD, FACS", "MBBS"),
    "midlevel": ("NP", "PA-C", "ANP-BC", "FNP-C"),
    "nurse": ("RN", "RN, BSN", "LPN", "CCRN"),
    "pharmacist": ("PharmD", "PharmD, BCPS", "RPh"),
    "social": ("LICSW", "LCSW", "MSW"),
    "therapist": ("PT, DPT", "PT", "OTR/L", "SLP"),
    "tech": ("CCT", "RDCS", "RT(R)", "MLS(ASCP)", "CNA", "EMT-P"),
    "psych": ("MD", "PMHNP-BC", "PsyD", "PhD"),
}
