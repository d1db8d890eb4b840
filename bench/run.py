"""Benchmark en_deid against rules only, en_deid_trf, Philter and Presidio, then profile en_deid.

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py --quick    # small sets, a smoke run
    .venv/bin/python bench/run.py --systems en_deid,philter --no-profile

Every system runs in its own process (bench/systems.py) so that its peak memory is its own;
the peers run in their own venvs (bench/.venv-philter, bench/.venv-presidio), created on the
first run from bench/requirements-<peer>.txt and reused while that file is unchanged. A system
that cannot be had (en_deid_trf not installed, a peer venv that fails to install) is skipped
with a note. Prints the machine, a table per system and note set, and en_deid's speed-up over
each other system; writes bench/results/<date>-<host>.json (+ .md, + -profile.json/.md).
"""

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
NLTK_DATA = (ROOT / ".." / "shared" / "peer-data" / "nltk_data").resolve()

sys.path.insert(0, str(BENCH))
import notesets

SET_NAMES = ["short", "typical", "long"]
PROJECT_SYSTEMS = ["rules_min", "rules", "en_deid", "en_deid_trf"]
PEERS = ["philter", "presidio"]
ALL_SYSTEMS = PROJECT_SYSTEMS + PEERS
REFERENCE = "en_deid"
BENCH_KEY = "bench-fixed-key-not-secret"  # fixed surrogate key: same work on every run


# ---------------------------------------------------------------------------- machine


def machine() -> dict:
    info = {
        "host": socket.gethostname(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
    }
    try:
        info["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo", encoding="utf-8")
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "unknown"
    try:
        kb = next(
            int(line.split()[1])
            for line in open("/proc/meminfo", encoding="ascii")
            if line.startswith("MemTotal:")
        )
        info["ram_gib"] = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    info["loadavg_start"] = list(os.getloadavg())
    return info


# ---------------------------------------------------------------------------- peer venvs


def peer_python(peer: str) -> Path:
    return BENCH / f".venv-{peer}" / "bin" / "python"


def ensure_venv(peer: str) -> Optional[str]:
    """Create bench/.venv-<peer> from its requirements file once; None when ready, else why not."""
    requirements = BENCH / f"requirements-{peer}.txt"
    venv = BENCH / f".venv-{peer}"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / ".requirements.sha256"
    if peer_python(peer).exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return None
    print(
        f"[bench] creating {venv.relative_to(ROOT)} from {requirements.name} (once) ...", flush=True
    )
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [
            str(peer_python(peer)),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ],
    ]
    if peer_python(peer).exists():
        steps = steps[1:]  # requirements changed: install over the existing venv
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-5:])
            return f"could not set up {venv.name}: {tail}"
    stamp.write_text(digest + "\n")
    return None


def availability(system: str) -> Optional[str]:
    """None if ``system`` can run here, else the reason it is skipped."""
    if system == "en_deid_trf" and importlib.util.find_spec("en_deid_trf") is None:
        return "en_deid_trf is not installed (build it with the project's trf workflow); skipped"
    if system in ("rules", "en_deid") and importlib.util.find_spec("en_deid") is None:
        return "en_deid is not installed (make en_deid); skipped"
    if system == "philter" and not NLTK_DATA.is_dir():
        return f"Philter needs NLTK's tagger in {NLTK_DATA}; skipped"
    if system in PEERS:
        return ensure_venv(system)
    return None


def child_env(system: str) -> Dict[str, str]:
    env = dict(os.environ, SPACY_DEID_KEY=BENCH_KEY, PYTHONHASHSEED="0")
    if system == "philter":
        env["NLTK_DATA"] = str(NLTK_DATA)
    if system == "presidio":
        env["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""  # no network for the e-mail recognizer
    return env


def run_system(system: str, notes: Path, repeat: int) -> dict:
    python = str(peer_python(system)) if system in PEERS else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        args = [
            str(BENCH / "systems.py"),
            "--system",
            system,
            "--notes",
            str(notes),
            "--sets",
            ",".join(SET_NAMES),
            "--repeat",
            str(repeat),
            "--out",
            str(out),
        ]
        child = subprocess.run(
            [python] + args,
            env=child_env(system),
            cwd=str(ROOT),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if child.returncode != 0 or not out.exists():
            tail = "\n".join(child.stderr.strip().splitlines()[-8:])
            return {"system": system, "error": f"exit {child.returncode}: {tail}"}
        return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- report


def ratios(records: Dict[str, dict]) -> Dict[str, Dict[str, dict]]:
    """en_deid's speed-up (its words/s over the other's) and memory ratio, per system and set."""
    ref = records.get(REFERENCE)
    out: Dict[str, Dict[str, dict]] = {}
    if not ref or "sets" not in ref:
        return out
    for system, record in records.items():
        if system == REFERENCE or "sets" not in record:
            continue
        out[system] = {}
        for name in SET_NAMES:
            mine, theirs = ref["sets"][name], record["sets"][name]
            out[system][name] = {
                "speedup": mine["words_per_s"] / theirs["words_per_s"],
                "memory_ratio": mine["peak_rss_mb"] / theirs["peak_rss_mb"],
            }
    return out


def to_markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m.get('ram_gib', '?')} GiB RAM, Python {m['python']}, "
        f"{m['platform']}; load average {m['loadavg_start'][0]:.1f} at start, {m['loadavg_end'][0]:.1f} at end.",
        "",
        "Note sets (synthetic, spacy_deid.synth test split, fixed seeds):",
        "",
        "| set | docs | words | words/doc (min-max) |",
        "|---|---:|---:|---|",
    ]
    for name in SET_NAMES:
        s = result["note_sets"][name]
        lines.append(
            f"| {name} | {s['docs']} | {s['words']} | {s['words'] // s['docs']} "
            f"({s['min_words']}-{s['max_words']}) |"
        )
    lines += [
        "",
        "| system | set | docs/s | words/s | peak RSS MB | load s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for system, record in result["systems"].items():
        if "sets" not in record:
            continue
        for name in SET_NAMES:
            s = record["sets"][name]
            lines.append(
                f"| {system} | {name} | {s['docs_per_s']:.2f} | {s['words_per_s']:.0f} | "
                f"{s['peak_rss_mb']:.0f} | {record['load_s']:.1f} |"
            )
    if result["ratios"]:
        lines += [
            "",
            f"{REFERENCE} against each system: speed-up = {REFERENCE} words/s / its words/s "
            f"(> 1: {REFERENCE} faster); memory = {REFERENCE} peak RSS / its peak RSS.",
            "",
            "| vs | " + " | ".join(f"{n} speed-up | {n} memory" for n in SET_NAMES) + " |",
            "|---|" + "---:|" * (2 * len(SET_NAMES)),
        ]
        for system, per_set in result["ratios"].items():
            cells = " | ".join(
                f"{per_set[n]['speedup']:.2f}x | {per_set[n]['memory_ratio']:.2f}x"
                for n in SET_NAMES
            )
            lines.append(f"| {system} | {cells} |")
    if result["skipped"]:
        lines += [""] + [f"- {system}: {why}" for system, why in result["skipped"].items()]
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--systems",
        default=",".join(ALL_SYSTEMS),
        help="comma-separated, of: " + ", ".join(ALL_SYSTEMS),
    )
    parser.add_argument("--quick", action="store_true", help="small note sets (a smoke run)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="timed passes per set; the best counts"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the en_deid profile")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    systems = [s for s in args.systems.split(",") if s]
    unknown = sorted(set(systems) - set(ALL_SYSTEMS))
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)}")

    info = machine()
    print(
        f"[bench] {info['cpu']} | {info['cores']} cores | {info.get('ram_gib')} GiB | Python {info['python']}",
        flush=True,
    )
    notes = WORK / ("notes-quick" if args.quick else "notes")
    summary = notesets.write(notesets.build(quick=args.quick), notes)
    for name in SET_NAMES:
        print(
            f"[bench] note set {name}: {summary[name]['docs']} docs, {summary[name]['words']} words",
            flush=True,
        )

    records: Dict[str, dict] = {}
    skipped: Dict[str, str] = {}
    for system in systems:
        why = availability(system)
        if why:
            print(f"[bench] {system}: {why}", flush=True)
            skipped[system] = why
            continue
        print(f"[bench] running {system} ...", flush=True)
        record = run_system(system, notes, args.repeat)
        if "error" in record:
            print(f"[bench] {system} failed: {record['error']}", flush=True)
            skipped[system] = record["error"]
            continue
        records[system] = record

    info["loadavg_end"] = list(os.getloadavg())
    stamp = f"{dt.date.today().isoformat()}-{info['host']}" + ("-quick" if args.quick else "")
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": info,
        "quick": args.quick,
        "repeat": args.repeat,
        "note_sets": summary,
        "systems": records,
        "ratios": ratios(records),
        "skipped": skipped,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    text = to_markdown(result)
    (args.results / f"{stamp}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (args.results / f"{stamp}.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"[bench] wrote {args.results / (stamp + '.json')}", flush=True)

    if not args.no_profile and availability(REFERENCE) is None:
        print(f"[bench] profiling {REFERENCE} on the typical set ...", flush=True)
        done = subprocess.run(
            [
                sys.executable,
                str(BENCH / "profile_deid.py"),
                "--notes",
                str(notes),
                "--out",
                str(args.results / f"{stamp}-profile"),
            ],
            env=child_env(REFERENCE),
            cwd=str(ROOT),
        )
        if done.returncode != 0:
            print(f"[bench] profile failed (exit {done.returncode})", flush=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
