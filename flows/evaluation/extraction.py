"""`eventwire eval extraction PATH`: main-text extraction on real pages, as a run extracts them
(the same decoding and `extract_html`), with precision mode alone and with the fallbacks.

Two sets, told apart by what PATH holds:

- the article-extraction benchmark (a folder with `ground-truth.json` and `html/<id>.html.gz`):
  the benchmark's own score, 4-gram shingles of `\\w+` tokens, each document's true and false
  positives and negatives normalised to weigh one, summed over documents, then P/R/F1;
- trafilatura's evaluation set (`evaldata_en.json` and its `html/` folder): snippets that must
  appear (`with`) and must not (`without`) in the text, counted over all snippets.

Each set is split into a tuning and a checking part by the hash of its document id (the page
id, or its URL). Besides the scores: pages with no text (a run would reject them), pages the
fallbacks rescued (precision mode alone had no text), and which mode gave each page its text.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from flows.evaluation.split import parts_wanted, split
from transforms.decode import decode_bytes
from transforms.errors import InputRejected
from transforms.extract import extract_html
from transforms.scoring import prf

_TOKEN = re.compile(r"\w+")


def _pages(path: Path) -> tuple[str, list[dict]]:
    """('zyte' | 'trafilatura', [{id, html, gold...}]) for a dataset folder or file."""
    folder = path if path.is_dir() else path.parent
    if (folder / "ground-truth.json").exists():
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        return "zyte", [
            {
                "id": key,
                "url": value.get("url") or "",
                "gold": value.get("articleBody") or "",
                "file": folder / "html" / f"{key}.html.gz",
            }
            for key, value in sorted(truth.items())
        ]
    data = folder / "evaldata_en.json"
    if data.exists():
        items = json.loads(data.read_text(encoding="utf-8"))
        return "trafilatura", [
            {
                "id": url,
                "url": url.removeprefix("hard::"),
                "with": v.get("with") or [],
                "without": v.get("without") or [],
                "file": folder / "html" / f"{v['file']}.gz",
            }
            for url, v in sorted(items.items())
        ]
    raise ValueError(f"{path}: neither ground-truth.json (article-extraction) nor evaldata_en.json (trafilatura)")


def _text(page: dict, too_little: int | None) -> tuple[str, str]:
    """(text, extracted_by), ('', 'none') where a run would reject the page."""
    raw = gzip.decompress(page["file"].read_bytes())
    try:
        extracted = extract_html(decode_bytes(raw, declared=None).text, page["url"], too_little=too_little)
    except InputRejected:
        return "", "none"
    return extracted.text, extracted.extracted_by


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def _zyte_counts(gold: str, text: str) -> tuple[float, float, float]:
    """The page's true positives, false positives, false negatives, normalised to sum one."""
    g, p = _shingles(gold), _shingles(text)
    tp = sum((g & p).values())
    fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (1.0, 0.0, 0.0)


def _snippet_counts(page: dict, text: str) -> tuple[float, float, float]:
    found = [s for s in page["with"] if s in text]
    leaked = [s for s in page["without"] if s in text]
    return float(len(found)), float(len(leaked)), float(len(page["with"]) - len(found))


def _scores(tp: float, fp: float, fn: float) -> dict[str, float]:
    return {k: v for k, v in prf(tp, tp + fp, tp + fn).items() if k in ("precision", "recall", "f1")}


def _score_part(
    kind: str, pages: list[dict], texts_by_setting: dict[str, dict[str, tuple[str, str]]]
) -> Iterator[tuple[str, dict]]:
    """Per setting: the scores, pages without text, pages rescued, and text by mode."""
    alone = texts_by_setting["precision only"]
    for setting, every in texts_by_setting.items():
        texts = {p["id"]: every[p["id"]] for p in pages}
        totals = [0.0, 0.0, 0.0]
        for page in pages:
            text = texts[page["id"]][0]
            counts = _zyte_counts(page["gold"], text) if kind == "zyte" else _snippet_counts(page, text)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        yield (
            setting,
            {
                **_scores(*totals),
                "pages": len(pages),
                "no_text": sum(not t for t, _ in texts.values()),
                "rescued": sum(bool(texts[i][0]) and not alone[i][0] for i in texts),
                "by_mode": dict(Counter(by for _, by in texts.values())),
            },
        )


def evaluate_extraction(path: Path, part: str = "both", too_little: int | None = None) -> dict:
    """Scores of each wanted part, precision mode alone and with the fallbacks (each page
    extracted once a setting, whichever parts are scored)."""
    kind, pages = _pages(path)
    parts = split(pages, key=lambda p: p["id"])
    wanted = parts_wanted(part)
    scored = [p for name in wanted for p in parts[name]]
    texts = {
        "precision only": {p["id"]: _text(p, 0) for p in scored},
        "with fallbacks": {p["id"]: _text(p, too_little) for p in scored},
    }
    out: dict = {"dataset": kind}
    for name in wanted:
        out[name] = dict(_score_part(kind, parts[name], texts))
    if part == "both":
        out["all"] = dict(_score_part(kind, pages, texts))
    return out
