"""`eventwire eval extraction` on fixtures written here, in both dev sets' shapes: the scores,
the pages a fallback rescues, and the mode that gave each text."""

from __future__ import annotations

import gzip
import json

from flows.evaluation.extraction import evaluate_extraction
from tests.test_extraction_fallback import IN_NOSCRIPT, ORDINARY, SENTENCE


def _pages(folder, pages: dict[str, str]) -> None:
    (folder / "html").mkdir(parents=True)
    for name, html in pages.items():
        (folder / "html" / f"{name}.gz").write_bytes(gzip.compress(html.encode()))


def test_the_benchmark_shape(tmp_path):
    ids = [f"page{n}" for n in range(6)]
    _pages(tmp_path, {f"{i}.html": (IN_NOSCRIPT if n == 0 else ORDINARY) for n, i in enumerate(ids)})
    truth = {i: {"articleBody": " ".join(f"Paragraph {k}: {SENTENCE}" for k in range(5)), "url": ""} for i in ids}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    scores = evaluate_extraction(tmp_path)
    assert scores["dataset"] == "zyte"
    alone, fallback = scores["all"]["precision only"], scores["all"]["with fallbacks"]
    assert alone["no_text"] == 1 and fallback["no_text"] == 0 and fallback["rescued"] == 1
    assert fallback["by_mode"] == {"precision": 5, "recall": 1}
    assert fallback["recall"] > alone["recall"] and fallback["f1"] > 0.9
    assert scores["tune"]["with fallbacks"]["pages"] + scores["check"]["with fallbacks"]["pages"] == 6


def test_the_snippet_shape(tmp_path):
    _pages(tmp_path, {"a.html": ORDINARY})
    data = {"https://example.org/a": {"file": "a.html", "with": ["Paragraph 4"], "without": ["Cookie banner"]}}
    (tmp_path / "evaldata_en.json").write_text(json.dumps(data), encoding="utf-8")
    scores = evaluate_extraction(tmp_path)
    assert scores["dataset"] == "trafilatura"
    whole = scores["all"]["with fallbacks"]
    assert whole["pages"] == 1 and whole["f1"] == 1.0  # the snippet found, the banner absent
    assert set(evaluate_extraction(tmp_path, part="tune")) == {"dataset", "tune"}
