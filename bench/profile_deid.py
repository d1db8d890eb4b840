"""Where en_deid spends its time: per component, per function, and with n_process=1 vs 2.

    python bench/profile_deid.py --notes bench/.work/notes --out bench/results/<stamp>-profile

Writes ``<out>.json`` and ``<out>.md``. Per-component times run the pipeline the way
``nlp.pipe`` does (tokenizer, then each component's ``pipe`` over batches of en_deid's
batch size), timing each step; cProfile adds its own overhead, so its figures are for ranking
functions, not for throughput. Loading is profiled too, since it takes far longer than a note.
"""

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Dict, List

from systems import BATCH_SIZE, read_note_sets, word_count

TOP = 25


def _top(profile: cProfile.Profile, key: str, n: int = TOP) -> List[dict]:
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, func), (cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({func})",
                "ncalls": ncalls,
                "tottime_s": tottime,
                "cumtime_s": cumtime,
            }
        )
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:n]


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def component_times(nlp, texts: List[str]) -> Dict[str, float]:
    """Seconds per pipeline step over ``texts``, batched as nlp.pipe batches them."""
    times = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for start in range(0, len(texts), BATCH_SIZE):
        batch = texts[start : start + BATCH_SIZE]
        began = time.perf_counter()
        docs = [nlp.make_doc(text) for text in batch]
        times["tokenizer"] += time.perf_counter() - began
        for name, proc in nlp.pipeline:
            began = time.perf_counter()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=BATCH_SIZE))
            else:
                docs = [proc(doc) for doc in docs]
            times[name] += time.perf_counter() - began
    return times


def throughput(nlp, texts: List[str], n_process: int) -> dict:
    words = sum(word_count(t) for t in texts)
    began = time.perf_counter()
    docs = 0
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process):
        docs += 1
    seconds = time.perf_counter() - began
    return {
        "n_process": n_process,
        "docs": docs,
        "words": words,
        "seconds": seconds,
        "docs_per_s": docs / seconds,
        "words_per_s": words / seconds,
    }


def profile(notes: Path, model: str = "en_deid", set_name: str = "typical") -> dict:
    import spacy

    texts = read_note_sets(notes, [set_name])[set_name]
    warmup = read_note_sets(notes, ["warmup"])["warmup"]

    load_profile = cProfile.Profile()
    began = time.perf_counter()
    load_profile.enable()
    nlp = spacy.load(model)
    load_profile.disable()
    load_s = time.perf_counter() - began
    list(nlp.pipe(warmup))

    times = component_times(nlp, texts)
    total = sum(times.values())
    components = [
        {"step": name, "seconds": secs, "percent": 100.0 * secs / total}
        for name, secs in sorted(times.items(), key=lambda kv: kv[1], reverse=True)
    ]

    run_profile = cProfile.Profile()
    run_profile.enable()
    list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    run_profile.disable()

    parallel = [throughput(nlp, texts, 1), throughput(nlp, texts, 2)]
    return {
        "model": model,
        "note_set": set_name,
        "docs": len(texts),
        "words": sum(word_count(t) for t in texts),
        "components_total_s": total,
        "components": components,
        "top_tottime": _top(run_profile, "tottime_s"),
        "top_cumtime": _top(run_profile, "cumtime_s"),
        "n_process": parallel,
        "load_s_profiled": load_s,
        "load_top_cumtime": _top(load_profile, "cumtime_s", 20),
        "load_top_tottime": _top(load_profile, "tottime_s", 15),
    }


def _functions_md(rows: List[dict]) -> List[str]:
    lines = ["| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    lines += [
        f"| `{r['function']}` | {r['ncalls']} | {r['tottime_s']:.2f} | {r['cumtime_s']:.2f} |"
        for r in rows
    ]
    return lines


def to_markdown(result: dict) -> str:
    out = [
        f"## Profile: {result['model']} on the {result['note_set']} set "
        f"({result['docs']} docs, {result['words']} words)",
        "",
        f"Pipeline steps (total {result['components_total_s']:.2f} s, "
        f"{result['words'] / result['components_total_s']:.0f} words/s):",
        "",
        "| step | seconds | % of time |",
        "|---|---:|---:|",
    ]
    out += [
        f"| {c['step']} | {c['seconds']:.2f} | {c['percent']:.1f} |" for c in result["components"]
    ]
    out += [
        "",
        "nlp.pipe throughput by n_process:",
        "",
        "| n_process | docs/s | words/s |",
        "|---:|---:|---:|",
    ]
    out += [
        f"| {p['n_process']} | {p['docs_per_s']:.2f} | {p['words_per_s']:.0f} |"
        for p in result["n_process"]
    ]
    out += ["", "Top functions by own time (cProfile over nlp.pipe):", ""] + _functions_md(
        result["top_tottime"]
    )
    out += ["", "Top functions by cumulative time:", ""] + _functions_md(result["top_cumtime"])
    out += [
        "",
        f"Loading (spacy.load, {result['load_s_profiled']:.1f} s under cProfile), top cumulative:",
        "",
    ]
    out += _functions_md(result["load_top_cumtime"])
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, required=True)
    parser.add_argument("--model", default="en_deid")
    parser.add_argument("--set", default="typical")
    parser.add_argument("--out", type=Path, required=True, help="output path without extension")
    args = parser.parse_args(argv)
    result = profile(args.notes, args.model, args.set)
    Path(f"{args.out}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    text = to_markdown(result)
    Path(f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
