"""Word lists that decide whether a word is a name or an ordinary word, from packages.

* :func:`frequent_words`: the most frequent words of a language, from ``wordfreq`` (a
  well-kept frequency list over many sources), lower case.
* :func:`person_names`: given names and surnames of many origins, from ``faker``'s person
  providers in every Latin-script locale it ships (about 20,000 given names and 18,000
  surnames: Anglo, Hispanic, Portuguese, French, German, Italian, Polish, Irish, Vietnamese,
  Yoruba, Igbo, Hausa, Swahili, Zulu, Turkish, Indonesian, Nordic...), lower case.
* :func:`plain_words`: frequent words that are not also names ("referred", "growth",
  "guidelines", but not "will", "faith", "brown"): a claim made only of them is almost never
  PHI, while a claim on "Faith" may be.

Relation and role words (who a name after them is) live here too, shared by the voter's
name-context test and the context name detector.

Everything is computed once per process and cached.
"""
import importlib
import pkgutil
import re
from functools import lru_cache
from typing import FrozenSet, Tuple

# Words after which a name is a relative, friend or proxy of the patient (PATIENT).
RELATION_WORDS = frozenset("""
wife husband spouse partner boyfriend girlfriend fiance fiancee ex-wife ex-husband son sons
daughter daughters child children kid kids mother mom mum mommy mama father dad daddy papa
parent parents stepmother stepfather stepson stepdaughter brother brothers sister sisters
sibling siblings twin grandson granddaughter grandchild grandmother grandma grandfather grandpa
granny aunt uncle niece nephew cousin in-law daughter-in-law son-in-law mother-in-law
father-in-law sister-in-law brother-in-law friend friends neighbor neighbour roommate
housemate caregiver carer guardian proxy hcp poa hcpoa surrogate conservator fiduciary
landlord landlady godmother godfather baby infant newborn dtr law
""".split())
# Words after which a name is a clinician or staff member (DOCTOR).
ROLE_WORDS = frozenset("""
dr doctor nurse rn lpn np pa cna md do attending resident intern fellow pcp provider
physician surgeon hospitalist intensivist pharmacist pharmd therapist ot slp rt sw msw
lcsw licsw social chaplain interpreter translator tech technician technologist
sonographer phlebotomist paramedic emt medic midwife cnm doula dietitian nutritionist
counselor counsellor psychologist psychiatrist case manager coordinator scribe
transcriptionist clerk secretary receptionist aide cm charge
""".split())
# Credentials after a clinician's name ("Smith, MD").
CREDENTIALS = frozenset("""
md do np pa pa-c rn bsn msn lpn lvn cnm crna dnp phd psyd edd pharmd rph bcps dds dmd od dpm
lcsw licsw lisw msw lmsw lmft lpc lcpc lmhc ladc cadc ccm cm cna emt emt-b emt-p nrp paramedic
rd rdn ldn ot otr otr/l cota pt dpt pta slp ccc-slp ccc rrt crt mph mba mbbs mbchb frcp frcs
facp facs facc fache facog faap facep fccp fasn fama faan fnp fnp-c fnp-bc anp anp-bc agnp
agnp-c acnp acnp-bc pmhnp pmhnp-bc whnp cnp cns aprn np-c cpnp ibclc cde cdces ma cma rma
rt rt(r) rdms rvt rcs cnmt arrt mt mls mt(ascp) ht htl ct cpht cpt dc lac lpn-c bs ms ba ccrn
cen cpen cnor cmsrn ocn rn-bc cct cvt rcis cpnp-ac chpn cwocn crnp
""".split())
#: Titles before a name ("Mr. Brown", "Dr Lee").
TITLES = frozenset(
    "mr mrs ms miss mx mister madam madame sir dr doctor prof professor rev reverend fr "
    "father sister nurse sgt capt lt col gen".split()
)
#: Words that join a surname ("van der Berg", "de la Cruz").
PARTICLES = frozenset(
    "van von der den de del della la le da das dos du di bin ben al el st ter ten mac".split()
)

#: Eponyms of signs, tests, scores, devices, procedures and diseases: person names that name
#: things in clinical text ("Foley", "Murphy's sign", "Glasgow Coma Scale"), written from the
#: eponym lists of clinical reference works, lower case.
EPONYMS = frozenset("""
achilles addison adson allen alzheimer apgar apley argyll arnold asperger austin babinski
baker barlow barr barre barrett bartholin bartter battle beck becker behcet bell bence berry
billroth blake blumberg boerhaave bouchard bowen bowman boyd bragard brown-sequard brudzinski
brugada buerger burkitt caldwell calvert charcot chadwick cheyne chiari chvostek coats cockcroft
colles coombs cooper corrigan courvoisier crigler crohn cullen curling cushing dandy darier
de quervain deauville dejerine dix doppler down dressler dubin duchenne dukes dupuytren durkan
ebstein edinger ehlers eisenmenger epley erb ewing fabry fallot fanconi felty finkelstein
fitz foley fowler framingham friedreich froment galeazzi gardner gaucher gault gerota giemsa
gilbert glasgow gleason golgi goodpasture gottron gowers gram graves grey guillain guyon
hallpike hamman hartmann hashimoto hawkins heberden hegar heimlich henle henoch hickman hirschsprung
hodgkin hoffmann holter homan homans horner hunter huntington hurthle jaccoud janeway jarisch
jones kaposi kawasaki kehr kernig kerley killip kimmelstiel klebsiella kleinfelter klinefelter
kocher koplik korotkoff korsakoff krukenberg kussmaul lachman langerhans lasegue ledderhose
leiden lewy lhermitte lisfranc little lown lugano lyme macintosh mallampati mallory marcus
marfan mcburney mcmurray meckel meigs meniere miller monteggia morton murphy neer nelaton
nikolsky nissen noonan ober ortolani osgood osler paget pancoast papanicolaou parkinson pasero
patrick perthes peyronie phalen pick pott prader prinzmetal quincke ranson raynaud reiter
reye richter riedel rinne roger romberg rotor roux rovsing rumack russell salter schatzki
schilling schirmer schober sengstaken sgarbossa sheehan shy sims sister sjogren smith-lemli
spurling starling stein stevens still stokes sturge swan ganz takayasu tanner tay tinel tinetti
todd tourette trendelenburg trousseau turner valsalva virchow volkmann von waldenstrom wallenberg
weber wegener wells wenckebach wernicke wharton whipple willis wilms wilson wolff wright yergason
zenker ziehl zollinger braden pugh cormack lehane jobe seldinger snellen sellick norton
waterlow rockall blatchford caprini padua centor alvarado balthazar spetzler fisher hess hunt
geneva nexus morse bishop mcdonald cerclage apgar dubowitz ballard tanner denver bayley
beighton brighton gail tyrer cuzick breslow clark gleason fuhrman nottingham bethesda
berg auer howell jolly pap leopold mcroberts richmond jude philips medtronic stryker zimmer biomet abbott
boston scientific baxter hologic siemens olympus dexcom omnipod tandem insulet resmed
""".split())

#: Words after a surname that make it an eponym ("Graves disease", "Murphy's sign").
EPONYM_NEXT = frozenset("""
disease diseases syndrome sign signs test tests maneuver manoeuvre reflex reflexes scale score
criteria classification rule rules catheter tube drain sheath blade procedure operation repair
fracture palsy node nodes nodule nodules murmur phenomenon triad lesion lesions ulcer cyst
disorder effect law formula index position point canal duct gland body bodies cell cells
stain stains solution equation method technique approach incision hernia spots line lines
pupil pupils spotted fever needle view position grading grade stage staging system tool
questionnaire inventory assessment protocol balance rods agitation smear device devices
pump pumps monitor system
""".split())


# Occupations faker's English job list lacks (trades, service, care work).
_OCCUPATIONS = frozenset("""
cashier clerk welder electrician plumber carpenter mechanic machinist fisherman fisher farmer
rancher housekeeper janitor custodian dispatcher trucker driver courier roofer painter mason
bricklayer logger miner barber hairdresser stylist cosmetologist nanny babysitter caregiver
aide cook chef baker butcher waiter waitress bartender server dishwasher landscaper gardener
groundskeeper laborer labourer warehouse forklift foreman contractor handyman technician
secretary receptionist bookkeeper accountant banker teller realtor salesman saleswoman
firefighter police officer deputy sheriff soldier marine sailor veteran pastor minister priest
rabbi imam nun monk coach teacher tutor professor librarian student retiree homemaker
housewife engineer programmer developer designer artist musician writer journalist lawyer
attorney paralegal judge nurse doctor dentist hygienist pharmacist therapist midwife medic
paramedic phlebotomist cna lpn pilot mechanic seamstress tailor upholsterer shrimper welder
""".split())
_NOT_OCCUPATION_WORDS = frozenset("""
order other water after never under over paper number letter member matter answer center
centre power mother father brother sister daughter partner monitor factor error color colour
floor door doctor major minor junior senior manner corner border tumor tumour donor counter
""".split())


@lru_cache(maxsize=1)
def occupation_words() -> FrozenSet[str]:
    """Words that name an occupation: faker's English job titles' words and a list of trades."""
    import faker.providers.job.en_US as job
    words = {w.lower() for title in job.Provider.jobs for w in re.findall(r"[A-Za-z]+", title)}
    return frozenset((words | _OCCUPATIONS) - {"and", "of", "the", "for", "in", "other"})


def is_occupation_word(word: str) -> bool:
    """An occupation word, or a word built like one ("welder", "machinist", "fisherman")."""
    low = word.lower()
    if low in occupation_words():
        return True
    if low in _NOT_OCCUPATION_WORDS or len(low) < 5:
        return False
    return low.endswith(("ist", "ician", "man", "woman", "wright", "smith", "er", "or"))


@lru_cache(maxsize=4)
def frequent_words(lang: str, n: int) -> FrozenSet[str]:
    """The ``n`` most frequent words of a language (wordfreq), lower case, letters only."""
    if n <= 0:
        return frozenset()
    from wordfreq import top_n_list

    return frozenset(w for w in top_n_list(lang, n) if w.isalpha())


def _latin(name: str) -> bool:
    return name.isalpha() and all(ord(ch) < 0x250 for ch in name)


def _names(value: object) -> FrozenSet[str]:
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(x.lower() for x in value if isinstance(x, str) and _latin(x))
    return frozenset()


@lru_cache(maxsize=1)
def person_names() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """(given names, surnames) of every Latin-script faker locale, lower case."""
    import faker.providers.person as person

    given: set = set()
    surnames: set = set()
    for module in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            given |= _names(getattr(provider, attr, None))
        surnames |= _names(getattr(provider, "last_names", None))
    return frozenset(given), frozenset(surnames)


@lru_cache(maxsize=1)
def all_person_names() -> FrozenSet[str]:
    """Given names and surnames together."""
    given, surnames = person_names()
    return given | surnames


@lru_cache(maxsize=4)
def plain_words(lang: str = "en", n: int = 15000) -> FrozenSet[str]:
    """Frequent words of ``lang`` that are neither given names nor surnames."""
    given, surnames = person_names()
    return frequent_words(lang, n) - given - surnames
