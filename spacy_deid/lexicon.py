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
landlord landlady godmother godfather baby infant newborn pt patient dtr
""".split())
# Words after which a name is a clinician or staff member (DOCTOR).
ROLE_WORDS = frozenset("""
dr doctor nurse rn lpn np pa cna md do attending resident intern fellow pcp provider
physician surgeon hospitalist intensivist pharmacist pharmd therapist pt ot slp rt sw msw
lcsw licsw social chaplain interpreter translator tech technician technologist
sonographer phlebotomist paramedic emt medic midwife cnm doula dietitian nutritionist
counselor counsellor psychologist psychiatrist case manager coordinator scribe
transcriptionist clerk secretary receptionist aide cm charge
""".split())
# Credentials after a clinician's name ("Smith, MD").
CREDENTIALS = frozenset("""
md do np pa pa-c rn bsn msn lpn cnm crna dnp phd pharmd rph dds dmd od dpm lcsw licsw msw
cna emt emt-p paramedic rd ot otr pt dpt slp ccc-slp rrt mph facp facs facc
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


@lru_cache(maxsize=4)
def plain_words(lang: str = "en", n: int = 15000) -> FrozenSet[str]:
    """Frequent words of ``lang`` that are neither given names nor surnames."""
    given, surnames = person_names()
    return frequent_words(lang, n) - given - surnames
