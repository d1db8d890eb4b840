"""Print the README's accuracy tables (markdown) from `spacy-deid evaluate -o` JSON.

Usage: python scripts/metrics_table.py metrics/en_deid.json
"""
import json
import sys

ROWS = [
    ("phi", "ensemble (en_deid: voter over all detectors)"),
    ("deid.patterns", "rules: patterns only"),
    ("deid.templates", "rules: templates only"),
    ("deid.gazetteer", "gazetteer: places only"),
    ("deid.name_lists", "name lists and context (deid_name_lists)"),
    ("deid.ner.names", "NER names (cased)"),
    ("deid.ner.names_lower", "NER names (case-normalised)"),
    ("deid.ner.places", "NER places and organisations"),
    ("deid.ner.catchall", "NER catch-all"),
]


def f3(x: float) -> str:
    return f"{x:.3f}"


def main(path: str) -> None:
    data = json.load(open(path))
    res = data["results"]
    print(f"Measures on `{data['gold']}` ({res['phi']['counts']['docs']} notes, "
          f"{res['phi']['counts']['gold_spans']} gold PHI spans).\n")
    print("| detector | token binary P | token binary R | token HIPAA binary R | strict P | strict R | strict F | relaxed F | gold spans fully removed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, name in ROWS:
        if key not in res:
            continue  # a detector the run did not score (-k)
        r = res[key]
        tb, hb, st, rl = r["token"]["binary"], r["token"]["hipaa_binary"], r["strict"]["all"], r["relaxed"]["all"]
        print(f"| {name} | {f3(tb['p'])} | {f3(tb['r'])} | {f3(hb['r'])} | {f3(st['p'])} | {f3(st['r'])} | "
              f"{f3(st['f'])} | {f3(rl['f'])} | {f3(r['covered_recall'])} |")
    phi = res["phi"]
    print("\nThe ensemble by measure and scope (micro):\n")
    print("| measure | all P | all R | all F | HIPAA P | HIPAA R | HIPAA F | binary P | binary R | binary F |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for level in ("token", "strict", "relaxed"):
        cells = []
        for scope in ("all", "hipaa", "binary"):
            s = phi[level][scope]
            cells += [f3(s["p"]), f3(s["r"]), f3(s["f"])]
        print(f"| {level} | " + " | ".join(cells) + " |")
    print("\nThe ensemble per type (binary token recall: share of the type's tokens removed, whatever "
          "label; strict: exact span and label):\n")
    print("| type | gold tokens | binary token R | strict P | strict R | strict F |")
    print("|---|---|---|---|---|---|")
    per = phi["strict"]["all"]["per_type"]
    for label, b in phi["token"]["binary_by_type"].items():
        if not b["gold_tokens"]:
            continue
        s = per.get(label, {"p": 0, "r": 0, "f": 0})
        print(f"| {label} | {b['gold_tokens']} | {f3(b['r'])} | {f3(s['p'])} | {f3(s['r'])} | {f3(s['f'])} |")
    origins = phi.get("name_recall_by_origin")
    if origins:
        print("\nNames fully removed by the names' origin (faker locale):\n")
        print("| origin | name spans | fully removed |")
        print("|---|---|---|")
        for origin, v in origins.items():
            print(f"| {origin} | {v['spans']} | {f3(v['recall'])} |")


if __name__ == "__main__":
    main(sys.argv[1])
