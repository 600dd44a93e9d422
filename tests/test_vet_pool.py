"""Vetting in worker processes gives the same answers as vetting in one process."""

from __future__ import annotations

import importlib.util
import multiprocessing
from pathlib import Path

import pytest

from crawler.storage import Store
from vetting.vet import run_vetting

ROOT = Path(__file__).resolve().parents[1]


def _generate():
    spec = importlib.util.spec_from_file_location("bench_vet", ROOT / "benchmarks" / "vet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _scores(store: Store, **kwargs) -> dict:
    result = run_vetting(store, niche="vegane Küche, plant-based recipes", seed_hashtags=["veganrecipes"],
                         as_of="2026-09-09T00:00:00Z", now="2026-09-09T00:00:00Z", market_language="de", **kwargs)
    return {(r["platform"], r["creator_id"]): r for r in result.scores}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="worker processes need fork")
def test_two_workers_and_small_batches_vet_as_one_process_does(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "pool.db")
    comments = _generate()(store, creators=24, comments_per_creator=120, seed=5)
    # Batches of ~300 comments: more batches than workers, so some wait in the queue and finish out of order.
    inline = _scores(store, workers=0)
    pooled = _scores(store, workers=2, batch_size=300)
    assert comments > 24 * 100 and len(inline) == 24
    assert pooled == inline
    verdicts = {row["verdict"] for row in inline.values()}
    assert len(verdicts) >= 2   # a store with something to tell apart


def test_vetting_answers_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Set and dict orders change with PYTHONHASHSEED between processes: no score, verdict or evidence may."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    store = Store.open(tmp_path / "seeds.db")
    _generate()(store, creators=16, comments_per_creator=80, seed=9)
    store.close()
    code = ("import json, sys; from crawler.storage import Store; from vetting.vet import run_vetting; "
            "s = Store.open(sys.argv[1]); r = run_vetting(s, niche='vegane Küche, plant-based recipes', "
            "seed_hashtags=['veganrecipes'], as_of='2026-09-09T00:00:00Z', now='2026-09-09T00:00:00Z', "
            "market_language='de', workers=0); print(json.dumps(r.scores, sort_keys=True, default=str))")
    answers = []
    for seed in ("1", "2", "3"):
        copy = tmp_path / f"seed{seed}.db"
        shutil.copy(tmp_path / "seeds.db", copy)
        done = subprocess.run([sys.executable, "-c", code, str(copy)], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True, timeout=300)
        answers.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert len(answers[0]) == 16
    assert answers[0] == answers[1] == answers[2]
