"""The MEDDOCAN shared task's measures (IberLEF 2019), over any folder of BRAT files.

Each document is ``(text, gold, pred)`` with ``(start, end, label)`` character-offset spans
in MEDDOCAN's own labels. :func:`evaluate_meddocan` returns one JSON-serialisable dict:

``subtrack1``
    NER offset and entity type classification, strict: a predicted span is a true positive
    when a gold span has the same start, end and label. Micro P/R/F1 over all documents and
    ``per_label`` (every label seen in gold or prediction).
``subtrack2_strict``
    Sensitive span detection, type ignored: same start and end.
``subtrack2_merged``
    Sensitive span detection with merged spans: in gold and prediction alike, spans that
    overlap or are separated only by non-alphanumeric characters (spaces, punctuation) are
    joined first ("Ignacio" + "Navarro Cuéllar", "c/ del Abedul 5-7," + "2º dcha"), then
    compared by start and end. This forgives where a system splits or joins adjacent PHI.

Spans are sets per document (exact duplicates count once), as in the task's script.
Division by zero follows :mod:`spacy_deid.evaluation`: P = 1.0 when nothing was predicted,
R = 1.0 when there is nothing to find, F1 = 0.0 when both are 0.

Documents are paired by note id (the BRAT file's path relative to its folder, without
suffix). Gold documents without a prediction score as empty predictions; predicted
documents without gold are not scored; both are listed in ``counts``.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from wasabi import table

from . import schema
from .io.corpora import AnnotatedNote, Report, read_brat

Span3 = Tuple[int, int, str]
Doc3 = Tuple[str, Sequence[Span3], Sequence[Span3]]


def _prf(tp: int, fp: int, fn: int) -> Dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def merge_spans(text: str, spans: Iterable[Tuple[int, int]]) -> Set[Tuple[int, int]]:
    """Join spans that overlap or that only non-alphanumeric characters separate."""
    merged: List[List[int]] = []
    for start, end in sorted(set(spans)):
        if merged and (start <= merged[-1][1] or not any(
            c.isalnum() for c in text[merged[-1][1]:start]
        )):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return {(s, e) for s, e in merged}


def evaluate_meddocan(docs: Iterable[Doc3]) -> Dict[str, Any]:
    """Subtrack 1 (strict, per label) and subtrack 2 (strict and merged), micro-averaged."""
    s1 = Counter()
    per_label: Dict[str, Counter] = {}
    s2 = Counter()
    s2m = Counter()
    n_docs = n_gold = n_pred = 0
    for text, gold, pred in docs:
        n_docs += 1
        g1, p1 = set(gold), set(pred)
        n_gold += len(g1)
        n_pred += len(p1)
        s1["tp"] += len(g1 & p1)
        s1["fp"] += len(p1 - g1)
        s1["fn"] += len(g1 - p1)
        for span in g1 | p1:
            c = per_label.setdefault(span[2], Counter())
            if span in g1 and span in p1:
                c["tp"] += 1
            elif span in p1:
                c["fp"] += 1
            else:
                c["fn"] += 1
        g2 = {(s, e) for s, e, _ in g1}
        p2 = {(s, e) for s, e, _ in p1}
        s2["tp"] += len(g2 & p2)
        s2["fp"] += len(p2 - g2)
        s2["fn"] += len(g2 - p2)
        gm, pm = merge_spans(text, g2), merge_spans(text, p2)
        s2m["tp"] += len(gm & pm)
        s2m["fp"] += len(pm - gm)
        s2m["fn"] += len(gm - pm)
    order = {label: i for i, label in enumerate(schema.MEDDOCAN_USED + schema.MEDDOCAN_LABELS)}
    labels = sorted(per_label, key=lambda lab: (order.get(lab, len(order)), lab))
    return {
        "subtrack1": {
            **_prf(s1["tp"], s1["fp"], s1["fn"]),
            "per_label": {
                lab: {**_prf(per_label[lab]["tp"], per_label[lab]["fp"], per_label[lab]["fn"]),
                      "support": per_label[lab]["tp"] + per_label[lab]["fn"]}
                for lab in labels
            },
        },
        "subtrack2_strict": _prf(s2["tp"], s2["fp"], s2["fn"]),
        "subtrack2_merged": _prf(s2m["tp"], s2m["fp"], s2m["fn"]),
        "counts": {"documents": n_docs, "gold_spans": n_gold, "pred_spans": n_pred},
    }


def read_brat_notes(
    folder: Union[str, Path], report: Optional[Report] = None
) -> Dict[str, AnnotatedNote]:
    """A BRAT folder's notes by id, MEDDOCAN labels kept as they are (``meddocan_native``).
    Discontinuous spans are split into fragments; problems go to ``report``."""
    report = Report() if report is None else report
    return {n.id: n for n in read_brat(folder, label_set="meddocan_native", report=report)}


def pair_folders(
    gold: Dict[str, AnnotatedNote], pred: Dict[str, AnnotatedNote]
) -> Tuple[List[Doc3], List[str], List[str]]:
    """(text, gold, pred) per gold note; ids of gold notes without prediction and of
    predicted notes without gold. A predicted note whose text differs from the gold text is
    an error (offsets would not mean the same characters)."""
    docs: List[Doc3] = []
    missing = sorted(set(gold) - set(pred))
    extra = sorted(set(pred) - set(gold))
    for doc_id in sorted(gold):
        g = gold[doc_id]
        p = pred.get(doc_id)
        if p is not None and p.text != g.text:
            raise ValueError(
                f"note {doc_id}: the predicted .txt differs from the gold .txt "
                f"({len(p.text)} vs {len(g.text)} characters); offsets cannot be compared"
            )
        docs.append((g.text, g.spans, p.spans if p is not None else []))
    return docs, missing, extra


def format_report(result: Dict[str, Any]) -> str:
    """Plain-text tables: the three measures, then subtrack 1 per label."""
    rows = [
        (name, f"{m['p']:.4f}", f"{m['r']:.4f}", f"{m['f']:.4f}", m["tp"], m["fp"], m["fn"])
        for name, m in (
            ("subtrack 1 (strict, label)", result["subtrack1"]),
            ("subtrack 2 strict (no label)", result["subtrack2_strict"]),
            ("subtrack 2 merged (no label)", result["subtrack2_merged"]),
        )
    ]
    out = [table(rows, header=("measure", "P", "R", "F1", "tp", "fp", "fn"), divider=True)]
    per = [
        (lab, m["support"], f"{m['p']:.4f}", f"{m['r']:.4f}", f"{m['f']:.4f}", m["fp"], m["fn"])
        for lab, m in result["subtrack1"]["per_label"].items()
    ]
    out.append(table(per, header=("label", "gold", "P", "R", "F1", "fp", "fn"), divider=True))
    return "\n".join(out)
