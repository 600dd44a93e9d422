"""The vetting run's memory settings: no cyclic collection during a run (and next to no cycles), reused
pages in the workers (vetting.memory)."""

from __future__ import annotations

import gc
import multiprocessing
import platform
from pathlib import Path

import pytest

from crawler.storage import Store
from tests.test_vet_pool import _generate
from vetting import comment_pass
from vetting.memory import collector_paused, reuse_freed_memory
from vetting.vet import run_vetting


def test_the_collector_is_paused_inside_and_restored_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()   # a caller's own pause is left alone
    finally:
        gc.enable()


def _vet(store: Store, workers: int) -> None:
    run_vetting(store, niche="vegane Küche, plant-based recipes", seed_hashtags=["veganrecipes"],
                as_of="2026-09-09T00:00:00Z", now="2026-09-09T00:00:00Z", market_language="de", workers=workers)


def test_a_vetting_run_collects_no_cycles_and_leaves_next_to_none(tmp_path: Path, monkeypatch) -> None:
    store = Store.open(tmp_path / "memory.db")
    comments = _generate()(store, creators=12, comments_per_creator=100, seed=3)
    seen: list[bool] = []
    store_wide = comment_pass.store_wide

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return store_wide(*args, **kwargs)

    monkeypatch.setattr(comment_pass, "store_wide", watched)
    _vet(store, workers=0)   # loads the models once (their loading leaves a few hundred cycles)
    assert seen == [False] and gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        _vet(store, workers=0)
        left = gc.collect()   # everything the run made and left in reference cycles
    finally:
        gc.enable()
    # About 50 are scikit-learn's per call (classes made for metadata routing); a recursive closure per
    # hashtag split once left thousands more (a function and a cell per call).
    assert left < 200, f"{left} objects in reference cycles after vetting {comments} comments"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="worker processes need fork")
def test_workers_start_with_the_collector_paused() -> None:
    pool = comment_pass.fork_pool(1)
    try:
        assert pool.apply(gc.isenabled) is False
    finally:
        pool.close()
        pool.join()


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_malloc_keeps_freed_blocks_on_glibc() -> None:
    import numpy as np

    assert reuse_freed_memory() is True
    assert int(np.ones(5_000_000).sum()) == 5_000_000   # large blocks are still served
