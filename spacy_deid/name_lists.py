"""deid_name_lists: names found by word lists and context, whatever the layout.

The CNN detectors learned where names stand in the generator's notes; a name in a portal
message, a medication table or a dictation is where they never saw one. This detector does
what Philter's word lists do, with the precision they lack: a word is a name candidate when
faker's given-name and surname lists of many origins hold it (:func:`spacy_deid.lexicon.person_names`)
and it is not an ordinary English word (:func:`spacy_deid.lexicon.plain_words`) or an eponym.
Then context decides:

* a listed name that is not also a frequent word ("Deshawn", "Nguyen", "Siddiqui") is claimed
  where it is written as a name (capitalised in mixed-case text; in ALL CAPS or all lower case
  text only with context);
* a listed name that is also a frequent word ("Will", "Faith", "Grant", "Brown", "Hunter")
  only in a name context: after a title ("Mr."), a relation word ("wife", "son", "HCP"), a role
  word ("nurse", "pharmacist"), a speech or contact verb ("spoke with", "per", "called"), a
  salutation ("Dear", "Hi"), before a credential (", RN") or a possessive relation ("'s son"),
  or next to another name;
* an unlisted capitalised word ("Oyelaran", "Przybylski"), or a surname that also names a
  sign, test or disease ("Wilson", "Murphy", "Foley": :data:`spacy_deid.lexicon.EPONYMS`),
  only in a strong context (title, relation or role word, credential) or next to a listed name
  ("Mercy Oyelaran", "Kate Murphy").

A claim grows over adjacent name-shaped words and initials ("Emmanuel K. Ofori"). Its label is
DOCTOR after a clinician's title or role word or before a credential, else PATIENT (relatives,
friends and proxies are PATIENT too); the voter lets any other detector's label win a type
conflict with this one (``weak_label_sources``), so the list only decides *whether* a word is a
name. Claims go to ``doc.spans["deid.name_lists"]``.
"""
import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import install_extensions
from .guards import mixed_case
from .lexicon import (CREDENTIALS, EPONYM_NEXT, EPONYMS, PARTICLES, RELATION_WORDS, ROLE_WORDS, TITLES,
                      all_person_names, frequent_words, plain_words)

SPANS_KEY = "deid.name_lists"
# Words after which the next capitalised word is a person more often than not.
CONTACT_WORDS = frozenset("""
with by per from called spoke saw told asked ask dear hi hello hey thanks thank cc attn re
signed dictated transcribed reviewed discussed seen accompanied visited notified paged
contacted texted emailed messaged informed updated met and
""".split())
DOCTOR_TITLES = frozenset(("dr", "doctor", "prof", "professor"))
SALUTATIONS = frozenset("dear hi hello hey thanks thank thx cheers regards sincerely best love".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Four or more capital letters, one space apart.
_SPELLED = re.compile(r"(?<![A-Za-z])(?:[A-Z] ){3,}[A-Z](?![A-Za-z])")


@Language.factory(
    "deid_name_lists",
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY, "frequent_words": 15000},
)
def make_name_lists(nlp: Language, name: str, spans_key: str, frequent_words: int) -> "NameLists":
    return NameLists(nlp, name, spans_key=spans_key, n_frequent=frequent_words)


class NameLists:
    """Names by faker's name lists, wordfreq's plain words and context (module doc)."""

    def __init__(self, nlp: Language, name: str = "deid_name_lists", *,
                 spans_key: str = SPANS_KEY, n_frequent: int = 15000) -> None:
        install_extensions()
        self.name = name
        self.spans_key = spans_key
        self.names: FrozenSet[str] = all_person_names()
        self.frequent = frequent_words("en", n_frequent)
        self.plain = plain_words("en", n_frequent)

    # ------------------------------------------------------------------ token classes

    def kind(self, word: str) -> Optional[str]:
        """"listed", "ambiguous" (listed and frequent), "eponym", "unknown" (unlisted, not
        frequent) or None (plain word, title, not a word)."""
        low = word.lower()
        if not _WORD.fullmatch(word) or len(low) < 2 or low in TITLES or low in CREDENTIALS:
            return None
        if low in EPONYMS:
            return "eponym"
        if low in self.names:
            return "ambiguous" if low in self.frequent else "listed"
        if low in self.plain or low in self.frequent:
            return None
        return "unknown"

    @staticmethod
    def _prev_word(doc: Doc, i: int) -> Optional[str]:
        j = i - 1
        while j >= 0 and doc[j].text in (",", ":", "(", '"', "“", "-"):
            j -= 1
        return doc[j].lower_.rstrip(".") if j >= 0 and not doc[j].is_space else None

    def _context(self, doc: Doc, start: int, end: int) -> Tuple[Optional[str], str]:
        """(strength, label): strength "strong", "medium" or None."""
        prev = self._prev_word(doc, start)
        if prev in TITLES:
            return "strong", "DOCTOR" if prev in DOCTOR_TITLES else "PATIENT"
        if prev in ROLE_WORDS:
            return "strong", "DOCTOR"
        if prev in RELATION_WORDS or prev in SALUTATIONS:
            return "strong", "PATIENT"
        if self._alone_on_line(doc, start, end):
            return "strong", "PATIENT"  # a salutation or signature line: "Frank,", "Manny"
        j = end
        while j < len(doc) and doc[j].text in (",",):
            j += 1
        if j < len(doc) and doc[j].lower_.rstrip(".") in CREDENTIALS and (j > end or doc[j].is_upper):
            return "strong", "DOCTOR"
        if end + 1 < len(doc) and doc[end].lower_ in ("'s", "’s") and (
                doc[end + 1].lower_ in RELATION_WORDS or doc[end + 1].lower_ in ROLE_WORDS):
            return "strong", "PATIENT"  # "Walt's son", "frank's pcp"
        if prev in CONTACT_WORDS:
            return "medium", "PATIENT"
        return None, "PATIENT"

    @staticmethod
    def _alone_on_line(doc: Doc, start: int, end: int) -> bool:
        """The words are all their line holds, bar punctuation ("Frank,", "-Manny")."""
        i = start - 1
        while i >= 0 and not ("\n" in doc[i].text):
            if not (doc[i].is_punct or doc[i].is_space):
                return False
            i -= 1
        j = end
        while j < len(doc) and "\n" not in doc[j].text:
            if not (doc[j].is_punct or doc[j].is_space):
                return False
            j += 1
        return end - start <= 2

    # ------------------------------------------------------------------ running

    def find(self, doc: Doc) -> List[Tuple[int, int, str]]:
        claims: List[Tuple[int, int, str]] = []
        mixed_cache: Dict[int, bool] = {}
        i = 0
        n = len(doc)
        while i < n:
            t = doc[i]
            kind = self.kind(t.text)
            if kind is None:
                i += 1
                continue
            sent_start = t.sent.start if doc.has_annotation("SENT_START") else 0
            if sent_start not in mixed_cache:
                mixed_cache[sent_start] = mixed_case(doc, i)
            mixed = mixed_cache[sent_start]
            after_title = self._prev_word(doc, i) in TITLES
            if (mixed and not t.text[0].isupper() and not after_title) or (
                    i and doc[i - 1].text in ("-", "/") and not doc[i - 1].whitespace_):
                i += 1  # lower case in mixed text ("mrs dubois" aside); the second half of "Child-Pugh"
                continue
            # Grow over adjacent name-shaped words, initials and inner particles.
            kinds = [kind]
            end = i + 1
            while end < n:
                nxt = doc[end]
                if re.fullmatch(r"[A-Z]\.?", nxt.text) and end + 1 < n and self.kind(doc[end + 1].text):
                    end += 1
                    continue
                if nxt.lower_ in PARTICLES and end + 1 < n and doc[end + 1].text[:1].isupper():
                    end += 1
                    continue
                k = self.kind(nxt.text)
                if k is None or (mixed and not nxt.text[0].isupper() and not after_title) or nxt.is_sent_start \
                        or nxt.lower_ in ROLE_WORDS or nxt.lower_ in RELATION_WORDS:
                    break
                kinds.append(k)
                end += 1
            strength, label = self._context(doc, i, end)
            several = len(kinds) > 1
            capitals = mixed and all(doc[k].is_upper for k in range(i, end) if doc[k].is_alpha)
            j = end + (1 if end < n and doc[end].lower_ in ("'s", "’s") else 0)
            if j < n and doc[j].lower_ in EPONYM_NEXT and strength != "strong":
                keep = False  # "Argyll Robertson pupil", "Rocky Mountain spotted fever"
            elif strength == "strong" and "listed" in kinds + (["listed"] if "unknown" in kinds and any(
                    k != "unknown" for k in kinds) else []):
                keep = True  # "doctor gerald abernathy", "son pete": context says who
            elif not mixed and "unknown" in kinds:
                keep = False  # ALL CAPS or all lower case: only listed names ("wife marta")
            elif not mixed and not t.is_upper and kinds.count("listed") >= 2:
                keep = True  # a given name and a surname, both listed: "this is kate nguyen"
            elif (not mixed or capitals) and strength != "strong":
                # ALL CAPS or all lower text, or capitals inside mixed text ("GERD"): case
                # says nothing, context must.
                keep = False
            elif "eponym" in kinds:
                keep = strength == "strong"  # "Dr. Wilson", not "Marcus Gunn"
            elif "listed" in kinds:
                keep = True
            elif "ambiguous" in kinds:
                keep = strength is not None or several
            else:  # unknown words
                keep = strength == "strong"
            if keep:
                claims.append((i, end, label))
            i = end
        return claims

    def spelled(self, doc: Doc) -> List[Tuple[int, int, str]]:
        """Names spelled out letter by letter in a dictation ("K O W A L C Z Y K")."""
        out = []
        for m in _SPELLED.finditer(doc.text):
            word = m.group().replace(" ", "")
            if word.lower() in self.plain or word.lower() in self.frequent:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                out.append((span.start, span.end, "PATIENT"))
        return out

    def __call__(self, doc: Doc) -> Doc:
        claims = self.find(doc) + self.spelled(doc)
        doc.spans[self.spans_key] = [Span(doc, s, e, label=lab) for s, e, lab in sorted(claims)]
        return doc
