"""Realistic, consistent, keyed surrogates: the engine behind deid_surrogates' "surrogate" mode.

* :mod:`.engine`: :class:`SurrogateEngine` (key, settings, pools; one per pipeline) and the
  per-document state :class:`DocSurrogates` (scope, caches, collision checks, dispatch by label).
* :mod:`.names`: person names (parsing, per-part keyed mapping, initials, gender, user names).
* :mod:`.dates`: date parsing, one shift per patient, writing back in the original format.
* :mod:`.shapes`: identifiers, phones, SSNs, zips, IPs, VINs, e-mail addresses and URLs.
* :mod:`.places`: cities, states, countries, streets, institutions, professions and rooms.
* :mod:`.spanish`: the es_ES locale's phones, DNI/NIE/NASS, postal codes, streets and places.
* :mod:`.common`: keyed randomness (HMAC-SHA256), folding and case transfer.
"""
from .engine import DocSurrogates, SurrogateConfig, SurrogateEngine, SurrogateError

__all__ = ["DocSurrogates", "SurrogateConfig", "SurrogateEngine", "SurrogateError"]
