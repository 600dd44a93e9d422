"""``creatorscout demo``: the whole pipeline, offline, against the sandbox platform server.

Steps: generate a seeded world and serve it on 127.0.0.1 (:mod:`crawler.sandbox`); crawl it by
hashtag with the real Mastodon and YouTube spiders (every other host is refused); vet the
creators; write ``shortlist.xlsx``, ``shortlist.csv`` and ``reports/`` into the output folder.
The sandbox's YouTube key is set in the environment for the crawl only and removed afterwards
(see :func:`vetting.evaluation.crawl_sandbox`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crawler.errors import CreatorscoutError
from vetting.wording import plural

logger = logging.getLogger(__name__)

__all__ = ["DEMO_HASHTAGS", "DEMO_NICHE", "DemoError", "DemoResult", "run_demo"]

DEMO_HASHTAGS = ("veganrecipes", "plantbased")
DEMO_NICHE = "vegan cooking"
DEMO_MARKET_LANGUAGE = "de"


class DemoError(CreatorscoutError, RuntimeError):
    """The demo could not run (folder not writable, a crawl failed)."""


@dataclass(frozen=True)
class DemoResult:
    out_dir: Path
    db_path: Path
    xlsx_path: Path
    csv_path: Path
    index_path: Path
    crawled: dict[str, str]  # platform -> crawl status
    vetted: int
    shortlisted: int
    reports: int
    seconds: float


def run_demo(out_dir: str | Path, *, creators: int = 40, seed: int = 7, posts_per_creator: int = 10,
             comments_per_post: int = 12, report_top: int = 20,
             on_step: Callable[[str], None] | None = None) -> DemoResult:
    """Crawl a generated sandbox world, vet it and write the shortlist and reports into ``out_dir``.

    A fresh ``creatorscout.db`` is created in ``out_dir`` (an old one there is replaced).
    """
    from crawler.sandbox import generate_world
    from crawler.storage import Store
    from vetting.evaluation import crawl_sandbox, world_time
    from vetting.export import ShortlistFilters, export_shortlist
    from vetting.report import write_reports
    from vetting.vet import run_vetting

    started = time.perf_counter()
    step = on_step or (lambda message: logger.info("%s", message))
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoError(f"cannot create {out}: {exc.strerror or exc}") from None
    db_path = out / "creatorscout.db"
    for stale in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        stale.unlink(missing_ok=True)

    world = generate_world(seed=seed, creators=creators, posts_per_creator=posts_per_creator,
                           comments_per_post=comments_per_post, hashtags=DEMO_HASHTAGS)
    crawled = crawl_sandbox(world, db_path, hashtags=DEMO_HASHTAGS, max_posts=posts_per_creator,
                            max_comments=comments_per_post, on_step=step)
    failed = {p: s for p, s in crawled.items() if s not in ("finished", "stopped_quota")}
    if failed or not crawled:
        raise DemoError(f"the sandbox crawl did not finish: {failed or 'no crawl ran'} (run with -v for the log)")

    store = Store.open(db_path)
    try:
        tables = store.table_stats()
        step(f"Crawled {plural(tables['creators']['rows'], 'creator')}, {plural(tables['posts']['rows'], 'post')}, "
             f"{plural(tables['comments']['rows'], 'comment')}")
        step(f"Vetting for niche {DEMO_NICHE!r}, market language {DEMO_MARKET_LANGUAGE} ...")
        # The sandbox world has its own clock (its posts end there): activity is judged at it.
        vetting = run_vetting(store, niche=DEMO_NICHE, seed_hashtags=DEMO_HASHTAGS,
                              market_language=DEMO_MARKET_LANGUAGE, as_of=world_time(world))
        xlsx = export_shortlist(store, out / "shortlist.xlsx", ShortlistFilters())
        csv_result = export_shortlist(store, out / "shortlist.csv", ShortlistFilters(), excel_bom=True)
        step(f"Shortlist: {plural(xlsx.rows, 'creator')}")
        paths = write_reports(store, out / "reports", top=report_top)
    finally:
        store.close()
    seconds = time.perf_counter() - started
    return DemoResult(out, db_path, xlsx.path, csv_result.path, paths[-1], crawled, len(vetting.scores), xlsx.rows,
                      len(paths) - 1, seconds)
