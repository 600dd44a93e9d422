"""The vetting run's memory settings: no cyclic collection during a run (and next to no cycles), reused
pages in the workers (vetting.memory)."""

from __future__ import annotations

import gc
import multiprocessing
import platform
from collections import Counter
from pathlib import Path

import pytest
from test_vet_pool import _generate

from crawler.storage import Store
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
    gc.set_debug(gc.DEBUG_SAVEALL)   # keep what the collector finds, to look at it
    try:
        _vet(store, workers=0)
        gc.collect()
        ours = [o for o in gc.garbage if _project_made(o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # A recursive closure per hashtag split once left a cycle (function and cell) per call: thousands here.
    # (Libraries leave a few of their own, e.g. scikit-learn's classes made for metadata routing per call.)
    kinds = Counter(getattr(o, "__qualname__", type(o).__name__) for o in ours).most_common(3)
    assert len(ours) < 20, f"{len(ours)} objects of the project in reference cycles after vetting {comments} " \
                           f"comments, most of all {kinds}"


def _project_made(thing: object) -> bool:
    """Whether an object left in a reference cycle is the project's: its function, class instance or cell."""
    module = getattr(thing, "__module__", None) if callable(thing) else type(thing).__module__
    if type(thing).__name__ == "cell":
        try:
            module = getattr(thing.cell_contents, "__module__", None)  # type: ignore[attr-defined]
        except ValueError:   # an empty cell
            return False
    return isinstance(module, str) and module.split(".")[0] in ("vetting", "crawler")


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
