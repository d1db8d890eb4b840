"""The i2b2 2014 de-identification measures over character-offset spans.

Input is a set of documents, each a ``(text, gold, pred)`` triple where ``gold`` and ``pred``
are ``(start, end, label)`` character-offset spans on ``text`` (labels from
:mod:`spacy_deid.schema`). :func:`evaluate` returns one nested, JSON-serialisable dict:

``token``
    The i2b2 2014 token measure. Tokens are maximal runs of alphanumeric characters
    (Unicode letters and digits; punctuation, whitespace and ``_`` separate tokens), as in
    the i2b2 2014 evaluation script, so "01/02/2019" is three tokens and "O'Brien" two.
    A token is positive for a label when at least one of its characters lies inside a span
    of that label (partial overlap counts); a token covered by spans of two labels is
    positive for both. Counts are summed over documents and labels (micro).
``strict``
    Entity measure: a predicted span is a true positive when a gold span has exactly the
    same ``(start, end, label)``. Spans are sets: exact duplicates count once.
``relaxed``
    Entity measure, i2b2 "relaxed": same label, same start, and ends at most
    ``RELAXED_END_TOLERANCE`` (2) characters apart. Matching is one-to-one (each gold span
    matches at most one predicted span and vice versa) and maximal.

Each of the three has four scopes, each ``{"p", "r", "f", "tp", "fp", "fn", "per_type"}``:

``all``           every label; micro-averaged, ``per_type`` has one entry per label seen
                  in gold or prediction (schema order).
``hipaa``         only labels with :func:`schema.is_hipaa`; non-HIPAA gold *and* predicted
                  spans are dropped before counting (a predicted HOSPITAL is neither a
                  hit nor a false positive here).
``binary``        label ignored ("is it PHI?"); strict = exact ``(start, end)``.
                  ``per_type`` is empty.
``hipaa_binary``  binary over the HIPAA subset (the i2b2 2014 binary HIPAA measure).

``token.binary_by_type`` splits the binary token measure by type: for each gold type, the
share of its tokens covered by any prediction (recall: is this type of PHI removed, whatever
label the system gave it?), and for each predicted type, the share of its tokens that are
PHI of any type (precision). This is the per-type view a privacy review asks for.

``covered_recall`` is the fraction of (distinct) gold spans all of whose alphanumeric
characters lie inside some predicted span of any label or several predicted spans
together: the share of PHI that would be fully removed, whatever the type. A gold span
without alphanumeric characters counts as covered. ``counts`` gives document and span
numbers.

Division by zero: precision is 1.0 when nothing was predicted (tp + fp == 0), recall is 1.0
when there is nothing to find (tp + fn == 0), and F1 is 0.0 when both precision and recall
are 0. So an empty evaluation, or empty gold and empty prediction, scores 1.0 everywhere; a
system that predicts nothing on PHI-bearing text gets p=1.0, r=0.0, f=0.0; and
``covered_recall`` is 1.0 when there are no gold spans.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Set, Tuple, Union

from wasabi import table

from . import schema

Span = Tuple[int, int, str]
SpanLike = Union[Sequence[Any], Mapping[str, Any]]
Example = Tuple[str, Iterable[SpanLike], Iterable[SpanLike]]

#: Maximal runs of Unicode letters and digits: ``\w`` without the underscore.
TOKEN_RE = re.compile(r"[^\W_]+")
#: i2b2 relaxed match: same label and start, ends at most this many characters apart.
RELAXED_END_TOLERANCE = 2
LEVELS: Tuple[str, ...] = ("token", "strict", "relaxed")
SCOPES: Tuple[str, ...] = ("all", "hipaa", "binary", "hipaa_binary")
_BINARY = "<PHI>"  # internal label of the binary scopes; never appears in the output


def evaluate(examples: Iterable[Example]) -> Dict[str, Any]:
    """Score predicted against gold spans with the i2b2 2014 measures (see module doc).

    ``examples`` yields ``(text, gold_spans, pred_spans)``; a span is a ``(start, end,
    label)`` sequence or a mapping with ``start``, ``end`` and ``label`` keys. Raises
    ``ValueError`` (naming the example and span index, never the text) for an unknown label
    or offsets outside the text.
    """
    # counts[level][scope][label] = Counter(tp=..., fp=..., fn=...)
    counts: Dict[str, Dict[str, Dict[str, Counter]]] = {
        level: {scope: defaultdict(Counter) for scope in SCOPES} for level in LEVELS
    }
    by_type: Dict[str, Counter] = defaultdict(Counter)
    n_docs = n_gold = n_pred = n_covered = 0
    for i, example in enumerate(examples):
        try:
            text, gold_in, pred_in = example
        except (TypeError, ValueError):
            raise ValueError(f"example {i}: expected a (text, gold, pred) triple") from None
        if not isinstance(text, str):
            raise ValueError(f"example {i}: text must be a str, got {type(text).__name__}")
        gold = _clean_spans(gold_in, text, f"example {i}: gold")
        pred = _clean_spans(pred_in, text, f"example {i}: pred")
        n_docs += 1
        n_gold += len(gold)
        n_pred += len(pred)
        n_covered += _count_covered(text, gold, pred)
        tokens = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        _add_binary_by_type(by_type, tokens, gold, pred)
        for scope in SCOPES:
            g, p = _project(gold, scope), _project(pred, scope)
            _add_token_counts(counts["token"][scope], tokens, g, p)
            _add_strict_counts(counts["strict"][scope], g, p)
            _add_relaxed_counts(counts["relaxed"][scope], g, p)

    results: Dict[str, Any] = {}
    for level in LEVELS:
        results[level] = {
            scope: _summarise(counts[level][scope], per_type=not scope.endswith("binary"))
            for scope in SCOPES
        }
    results["token"]["binary_by_type"] = {
        label: {
            "r": c["found"] / c["gold"] if c["gold"] else 1.0,
            "p": c["correct"] / c["pred"] if c["pred"] else 1.0,
            "gold_tokens": c["gold"],
            "pred_tokens": c["pred"],
        }
        for label, c in sorted(by_type.items(), key=lambda kv: _label_order(kv[0]))
    }
    results["covered_recall"] = n_covered / n_gold if n_gold else 1.0
    results["counts"] = {
        "docs": n_docs,
        "gold_spans": n_gold,
        "pred_spans": n_pred,
        "covered_gold_spans": n_covered,
    }
    return results


def recall_by_group(
    examples: Iterable[Tuple[str, Iterable[Mapping[str, Any]], Iterable[SpanLike]]],
    key: str = "origin",
) -> Dict[str, Dict[str, Any]]:
    """Share of gold spans fully removed (every alphanumeric character inside a prediction of
    any label), grouped by a gold span attribute such as the names' ``origin``.

    So that no group of patients is protected less: a recall gap between name origins is a
    fairness problem of the detector, not noise. Gold spans without the attribute are skipped.
    """
    counts: Dict[str, Counter] = defaultdict(Counter)
    for i, (text, gold_in, pred_in) in enumerate(examples):
        pred = _clean_spans(pred_in, text, f"example {i}: pred")
        for span in gold_in:
            group = span.get(key) if isinstance(span, Mapping) else None
            if group is None:
                continue
            gold = [(span["start"], span["end"], span["label"])]
            counts[group].update(spans=1, covered=_count_covered(text, gold, pred))
    return {
        group: {"spans": c["spans"], "covered": c["covered"], "recall": c["covered"] / c["spans"]}
        for group, c in sorted(counts.items())
    }


def _label_order(label: str) -> Tuple[int, str]:
    return (schema.LABELS.index(label) if label in schema.PHI_TYPES else len(schema.LABELS), label)


def spans_from_doc(doc, key: str = "phi") -> List[Span]:
    """``[(start_char, end_char, label)]`` of ``doc.spans[key]``, sorted.

    A missing group means no spans (as in spaCy's own span scorer), so a document the
    pipeline found no PHI in evaluates correctly whether or not the group was created.
    """
    if key not in doc.spans:
        return []
    return sorted((span.start_char, span.end_char, span.label_) for span in doc.spans[key])


def format_table(results: Mapping[str, Any], digits: int = 3) -> str:
    """Render :func:`evaluate` results as plain text: a summary table (level x scope), a
    per-type table (all labels: gold entity count, token / strict / relaxed P R F) and the
    covered-gold-span recall."""

    def num(value: float) -> str:
        return f"{value:.{digits}f}"

    summary = []
    for level in LEVELS:
        for scope in SCOPES:
            s = results[level][scope]
            summary.append(
                (level, scope, num(s["p"]), num(s["r"]), num(s["f"]), s["tp"], s["fp"], s["fn"])
            )
    parts = [
        table(
            summary,
            header=("Measure", "Scope", "P", "R", "F", "TP", "FP", "FN"),
            aligns=("l", "l", "r", "r", "r", "r", "r", "r"),
            divider=True,
        )
    ]

    seen = set()
    for level in LEVELS:
        seen.update(results[level]["all"]["per_type"])
    labels = [label for label in schema.LABELS if label in seen]
    labels += sorted(seen.difference(labels))  # tolerate results built with other labels
    if labels:
        rows = []
        for label in labels:
            strict = results["strict"]["all"]["per_type"].get(label)
            n_gold = strict["tp"] + strict["fn"] if strict else 0
            hipaa = "yes" if label in schema.PHI_TYPES and schema.is_hipaa(label) else "no"
            row: List[Any] = [label, hipaa, n_gold]
            binary = results["token"].get("binary_by_type", {}).get(label)
            row += [num(binary["p"]), num(binary["r"])] if binary else ["-", "-"]
            for level in LEVELS:
                s = results[level]["all"]["per_type"].get(label)
                row += [num(s["p"]), num(s["r"]), num(s["f"])] if s else ["-", "-", "-"]
            rows.append(row)
        header = ["Label", "HIPAA", "Gold", "Bin P", "Bin R"]
        for short in ("Tok", "Strict", "Rlx"):
            header += [f"{short} P", f"{short} R", f"{short} F"]
        parts.append(
            table(rows, header=header, aligns=["l", "l"] + ["r"] * 12, divider=True)
        )
    c = results["counts"]
    parts.append(
        f"Recall on fully covered gold spans: {num(results['covered_recall'])} "
        f"({c['covered_gold_spans']}/{c['gold_spans']}); "
        f"{c['docs']} documents, {c['pred_spans']} predicted spans"
    )
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


# --- internals ---------------------------------------------------------------------------


def _clean_spans(spans: Iterable[SpanLike], text: str, where: str) -> List[Span]:
    """Validate spans and return them as distinct, sorted ``(start, end, label)`` tuples."""
    out: Set[Span] = set()
    for k, span in enumerate(spans or ()):
        try:
            if isinstance(span, Mapping):
                start, end, label = span["start"], span["end"], span["label"]
            else:
                start, end, label = span
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{where} span {k}: expected (start, end, label)") from None
        if not (isinstance(start, int) and isinstance(end, int)):
            raise ValueError(f"{where} span {k}: offsets must be integers")
        if not 0 <= start < end <= len(text):
            raise ValueError(
                f"{where} span {k}: offsets ({start}, {end}) not a non-empty range "
                f"inside the text (length {len(text)})"
            )
        schema.get_type(label)  # clear error for labels outside the schema
        out.add((start, end, label))
    return sorted(out)


def _project(spans: List[Span], scope: str) -> List[Span]:
    """The spans a scope sees: HIPAA scopes drop non-HIPAA labels, binary ones drop labels."""
    if scope.startswith("hipaa"):
        spans = [s for s in spans if schema.is_hipaa(s[2])]
    if scope.endswith("binary"):
        spans = sorted({(s, e, _BINARY) for s, e, _ in spans})
    return spans


def _by_label(spans: List[Span]) -> Dict[str, Set[Tuple[int, int]]]:
    grouped: Dict[str, Set[Tuple[int, int]]] = defaultdict(set)
    for start, end, label in spans:
        grouped[label].add((start, end))
    return grouped


def _add_token_counts(
    counts: Dict[str, Counter], tokens: List[Tuple[int, int]], gold: List[Span], pred: List[Span]
) -> None:
    g, p = _token_positives(tokens, gold), _token_positives(tokens, pred)
    for label in set(g) | set(p):
        gt, pt = g.get(label, set()), p.get(label, set())
        counts[label].update(tp=len(gt & pt), fp=len(pt - gt), fn=len(gt - pt))


def _token_positives(tokens: List[Tuple[int, int]], spans: List[Span]) -> Dict[str, Set[int]]:
    """Indices of the tokens each label's spans touch."""
    ends = [end for _, end in tokens]
    out: Dict[str, Set[int]] = defaultdict(set)
    for start, end, label in spans:
        i = bisect_right(ends, start)  # first token ending after the span starts
        while i < len(tokens) and tokens[i][0] < end:
            out[label].add(i)
            i += 1
    return out


def _add_binary_by_type(counts: Dict[str, Counter], tokens: List[Tuple[int, int]],
                        gold: List[Span], pred: List[Span]) -> None:
    """Binary token counts split by type: recall by gold type, precision by predicted type."""
    g, p = _token_positives(tokens, gold), _token_positives(tokens, pred)
    any_gold = set().union(*g.values()) if g else set()
    any_pred = set().union(*p.values()) if p else set()
    for label, toks in g.items():
        counts[label].update(gold=len(toks), found=len(toks & any_pred))
    for label, toks in p.items():
        counts[label].update(pred=len(toks), correct=len(toks & any_gold))


def _add_strict_counts(counts: Dict[str, Counter], gold: List[Span], pred: List[Span]) -> None:
    g, p = _by_label(gold), _by_label(pred)
    for label in set(g) | set(p):
        gs, ps = g.get(label, set()), p.get(label, set())
        counts[label].update(tp=len(gs & ps), fp=len(ps - gs), fn=len(gs - ps))


def _add_relaxed_counts(counts: Dict[str, Counter], gold: List[Span], pred: List[Span]) -> None:
    g, p = _by_label(gold), _by_label(pred)
    for label in set(g) | set(p):
        gs, ps = g.get(label, set()), p.get(label, set())
        tp = _relaxed_matches(gs, ps)
        counts[label].update(tp=tp, fp=len(ps) - tp, fn=len(gs) - tp)


def _relaxed_matches(gold: Set[Tuple[int, int]], pred: Set[Tuple[int, int]]) -> int:
    """Size of a maximum one-to-one matching of spans with the same start and ends within
    the tolerance. Per start, both end lists are sorted and matched greedily, which is
    optimal because every gold end accepts a window of the same width."""
    gold_ends: Dict[int, List[int]] = defaultdict(list)
    pred_ends: Dict[int, List[int]] = defaultdict(list)
    for start, end in gold:
        gold_ends[start].append(end)
    for start, end in pred:
        pred_ends[start].append(end)
    matches = 0
    for start in gold_ends.keys() & pred_ends.keys():
        ge, pe = sorted(gold_ends[start]), sorted(pred_ends[start])
        i = j = 0
        while i < len(ge) and j < len(pe):
            if pe[j] < ge[i] - RELAXED_END_TOLERANCE:
                j += 1
            elif pe[j] > ge[i] + RELAXED_END_TOLERANCE:
                i += 1
            else:
                matches += 1
                i += 1
                j += 1
    return matches


def _count_covered(text: str, gold: List[Span], pred: List[Span]) -> int:
    covered = bytearray(len(text))
    for start, end, _ in pred:
        covered[start:end] = b"\x01" * (end - start)
    n = 0
    for start, end, _ in gold:
        # finditer with pos/endpos reports offsets in ``text``; runs are cut at the span edges
        if all(0 not in covered[m.start() : m.end()] for m in TOKEN_RE.finditer(text, start, end)):
            n += 1
    return n


def _prf(tp: int, fp: int, fn: int) -> Dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def _summarise(by_label: Mapping[str, Counter], per_type: bool) -> Dict[str, Any]:
    total: Counter = Counter()
    for c in by_label.values():
        total.update(c)
    out = _prf(total["tp"], total["fp"], total["fn"])
    out["per_type"] = {}
    if per_type:
        order = {label: i for i, label in enumerate(schema.LABELS)}
        for label in sorted(by_label, key=lambda lab: order.get(lab, len(order))):
            c = by_label[label]
            out["per_type"][label] = _prf(c["tp"], c["fp"], c["fn"])
    return out
