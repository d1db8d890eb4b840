"""Compare pipelines on one annotated test split: i2b2 2014 measures, speed and installed size.

    .venv/bin/python scripts/compare_pipelines.py en_deid en_deid_trf corpus/test.jsonl \
        -o metrics/compare_trf.md

Each pipeline (an installed package name or a folder) runs once over every note of the split,
in this process, one after the other: the same pass is timed (wall clock and this process's
CPU seconds of all its threads: on a busy machine wall >> CPU, and documents per CPU second
is the steadier figure) and scored with spacy_deid/evaluation.py
(token / strict / relaxed x all / HIPAA / binary, on doc.spans["phi"]). Prints markdown
tables ready for the README, with the machine and its load average.
"""
import argparse
import importlib.util
import os
import platform
import time
from pathlib import Path
from typing import Dict, List

import spacy

from spacy_deid.cli.evaluate import load_gold
from spacy_deid.evaluation import evaluate, spans_from_doc

LEVELS = ("token", "strict", "relaxed")
SCOPES = (("all", "all"), ("hipaa", "HIPAA"), ("binary", "binary"))


def installed_size(model: str) -> int:
    """Bytes on disk of the pipeline: its folder, or the installed package's folder."""
    path = Path(model)
    if not path.exists():
        spec = importlib.util.find_spec(model)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"{model} is neither a folder nor an installed pipeline package")
        path = Path(list(spec.submodule_search_locations)[0])
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}"


def run(model: str, rows: List[dict], batch_size: int) -> Dict:
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load_s = time.perf_counter() - t0
    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc._.patient_id = row.get("patient_id")
        docs.append(doc)
    load = os.getloadavg()[0]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(docs, batch_size=batch_size))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    examples = [(row["text"], [(s["start"], s["end"], s["label"]) for s in row["spans"]],
                 spans_from_doc(doc, "phi")) for row, doc in zip(rows, docs)]
    words = sum(len(row["text"].split()) for row in rows)
    return {"model": model, "scores": evaluate(examples), "wall": wall, "cpu": cpu, "load_s": load_s,
            "docs": len(rows), "words": words, "size": installed_size(model),
            "loadavg": (load, os.getloadavg()[0])}


def table(results: List[Dict], gold: Path) -> str:
    f3 = "{:.3f}".format
    out = [f"Test split `{gold}`: {results[0]['docs']} notes, {results[0]['words']:,} words "
           f"(whitespace-separated), {results[0]['scores']['counts']['gold_spans']:,} gold PHI spans; "
           f"predictions are `doc.spans[\"phi\"]`.\n",
           "| pipeline | measure | " + " | ".join(f"{n} {m}" for _, n in SCOPES for m in "PRF") + " |",
           "|---|---|" + "---|" * 9]
    for level in LEVELS:
        for r in results:
            cells = [f3(r["scores"][level][scope][m]) for scope, _ in SCOPES for m in "prf"]
            out.append(f"| {r['model']} | {level} | " + " | ".join(cells) + " |")
    out += ["", "| pipeline | gold spans fully removed | documents/s | words/s | wall s | CPU s | documents per CPU s | load avg (start, end) | load s | installed size |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| {r['model']} | {f3(r['scores']['covered_recall'])} | {r['docs'] / r['wall']:.2f} | "
                   f"{r['words'] / r['wall']:,.0f} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['docs'] / r['cpu']:.2f} | "
                   f"{r['loadavg'][0]:.1f}, {r['loadavg'][1]:.1f} | {r['load_s']:.1f} | "
                   f"{r['size'] / 1e6:.1f} MB |")
    out += ["", f"Machine: {machine()}; CPU only, one process, `nlp.pipe` batch size "
                f"{results[0]['batch_size']}, pipelines run one after the other."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", help="pipeline package names or folders")
    parser.add_argument("gold", type=Path, help="gold notes, JSONL with spans (spacy-deid evaluate's format)")
    parser.add_argument("-o", "--output", type=Path, help="also write the tables (markdown) here")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    rows = load_gold(args.gold)
    results = []
    for model in args.models:
        results.append(run(model, rows, args.batch_size))
        results[-1]["batch_size"] = args.batch_size
    text = table(results, args.gold)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf8")


if __name__ == "__main__":
    main()
