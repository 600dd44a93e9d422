"""Measure bot-comment scoring throughput (comments/s).

Usage: ``python benchmarks/bot_classifier.py [N]``. Texts are the project's
own labelled comments, each made unique with a counter so that the
normalisation cache cannot help (the "cold" figure); the "warm" run scores the
same texts again.
"""

from __future__ import annotations

import csv
import sys
import time

from vetting.bots import DEFAULT_MODEL_DIR, load_model, score_comments
from vetting.comment_features import classifier_text


def main(n: int = 50_000) -> None:
    with (DEFAULT_MODEL_DIR / "data" / "comments.csv").open(encoding="utf-8", newline="") as fh:
        base = [row["text"] for row in csv.DictReader(fh)]
    texts = [f"{base[i % len(base)]} {i}" for i in range(n)]
    model = load_model()
    score_comments(texts[:100], model=model)  # warm-up: imports, first allocation

    classifier_text.cache_clear()
    start = time.perf_counter()
    normalized = [classifier_text(t) for t in texts]
    t_norm = time.perf_counter() - start

    start = time.perf_counter()
    model.pipeline.predict_proba(normalized)
    t_pipe = time.perf_counter() - start

    classifier_text.cache_clear()
    start = time.perf_counter()
    score_comments(texts, model=model)
    t_cold = time.perf_counter() - start

    start = time.perf_counter()
    score_comments(texts, model=model)
    t_warm = time.perf_counter() - start

    print(f"comments: {n}, mean length {sum(map(len, texts)) / n:.0f} chars")
    print(f"classifier_text only:          {n / t_norm:>10,.0f} comments/s")
    print(f"pipeline only (normalized in): {n / t_pipe:>10,.0f} comments/s")
    print(f"score_comments, cold cache:    {n / t_cold:>10,.0f} comments/s")
    print(f"score_comments, warm cache:    {n / t_warm:>10,.0f} comments/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
