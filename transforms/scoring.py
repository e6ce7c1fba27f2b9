"""Scoring against gold annotations: span precision/recall/F1 and geographic error."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable


def span_prf(gold: Iterable[tuple], predicted: Iterable[tuple]) -> dict[str, dict[str, float]]:
    """Exact-match P/R/F1 per type and overall (micro), conlleval-style.

    Spans are tuples whose last element is the type, e.g. (doc, start, end, label)."""
    gold_set, pred_set = set(gold), set(predicted)
    types = sorted({s[-1] for s in gold_set | pred_set})
    tp = Counter(s[-1] for s in gold_set & pred_set)
    n_gold = Counter(s[-1] for s in gold_set)
    n_pred = Counter(s[-1] for s in pred_set)
    result = {t: prf(tp[t], n_pred[t], n_gold[t]) for t in types}
    result["overall"] = prf(sum(tp.values()), len(pred_set), len(gold_set))
    return result


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1 (rounded to 4 places) from true positives and the predicted and gold counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": n_gold, "predicted": n_pred}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))
