"""Run spiders in this process: the library behind ``creatorscout crawl`` and ``creatorscout demo``.

``run_crawls`` runs one or more crawls one after the other in one Twisted reactor (which
cannot be restarted), reports live stats to a callback, and returns each crawl's summary
as stored in ``crawl_runs``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler import IMPLEMENTED_PLATFORMS
from crawler.errors import CreatorscoutError
from crawler.storage import Store, resolve_db_path

logger = logging.getLogger(__name__)

__all__ = ["CrawlJob", "CrawlResult", "UnknownPlatformError", "job_dir_for", "run_crawls", "spider_class"]


class UnknownPlatformError(CreatorscoutError, LookupError):
    """No spider exists for the platform key."""


def spider_class(platform: str) -> type:
    """The spider class for a platform key (imported lazily; Scrapy is heavy to import)."""
    if platform == "mastodon":
        from crawler.spiders.mastodon import MastodonSpider

        return MastodonSpider
    if platform == "youtube":
        from crawler.spiders.youtube import YouTubeSpider

        return YouTubeSpider
    raise UnknownPlatformError(
        f"unknown platform {platform!r}: choose one of {', '.join(IMPLEMENTED_PLATFORMS)}"
    )


@dataclass
class CrawlJob:
    """One crawl: a platform, its spider arguments and Scrapy setting overrides."""

    platform: str
    arguments: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    job_dir: Path | None = None  # Scrapy JOBDIR: makes the crawl resumable
    resume: bool = False
    before: Callable[[], None] | None = None  # called just before this crawl starts


@dataclass
class CrawlResult:
    platform: str
    run_id: int | None
    status: str
    summary: dict[str, Any]


def job_dir_for(db_path: Path, platform: str, arguments: Mapping[str, Any]) -> Path:
    """Where a crawl keeps its resumable state: beside the database, one folder per argument set."""
    digest = hashlib.sha256(json.dumps(dict(arguments), sort_keys=True, default=str).encode()).hexdigest()[:12]
    return db_path.resolve().parent / ".creatorscout-jobs" / f"{platform}-{digest}"


def run_crawls(
    jobs: Sequence[CrawlJob],
    *,
    db_path: str | Path | None = None,
    base_settings: Mapping[str, Any] | None = None,
    on_progress: Callable[[str, dict[str, Any]], None] | None = None,
    progress_interval: float = 0.5,
) -> list[CrawlResult]:
    """Run ``jobs`` one after another in this process and return their stored summaries.

    ``on_progress(platform, stats)`` is called every ``progress_interval`` seconds with the
    live Scrapy stats of the running crawl. A job whose crawl finishes cleanly has its job
    folder removed; an interrupted one keeps it for ``--resume``. Logging is the caller's
    (Scrapy installs no root handler).
    """
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.settings import Settings
    from scrapy.utils.reactor import install_reactor, is_reactor_installed
    from twisted.internet import defer, task

    db = resolve_db_path(db_path)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CREATORSCOUT_DB", str(db), priority="cmdline")
    for name, value in (base_settings or {}).items():
        settings.set(name, value, priority="cmdline")

    # Install the reactor the settings name (asyncio) before anything touches Twisted's default.
    if not is_reactor_installed():
        install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the caller configures logging
    process = CrawlerProcess(settings)
    crawlers: list[tuple[CrawlJob, Crawler]] = []
    for job in jobs:
        job_settings = settings.copy()
        for name, value in job.settings.items():
            job_settings.set(name, value, priority="cmdline")
        if job.job_dir is not None:
            if not job.resume and job.job_dir.exists():
                shutil.rmtree(job.job_dir)
            job.job_dir.parent.mkdir(parents=True, exist_ok=True)
            job_settings.set("JOBDIR", str(job.job_dir), priority="cmdline")
        crawlers.append((job, Crawler(spider_class(job.platform), job_settings)))

    finished: list[tuple[CrawlJob, Crawler]] = []

    @defer.inlineCallbacks
    def crawl_all():  # type: ignore[no-untyped-def]
        try:
            for job, crawler in crawlers:
                loop = None
                if on_progress is not None:
                    loop = task.LoopingCall(lambda c=crawler, p=job.platform: on_progress(p, c.stats.get_stats()))
                    loop.start(progress_interval, now=False)
                if job.before is not None:
                    job.before()
                try:
                    yield process.crawl(crawler, **job.arguments)
                finally:
                    if loop is not None and loop.running:
                        loop.stop()
                finished.append((job, crawler))
                if on_progress is not None:
                    on_progress(job.platform, crawler.stats.get_stats())
        finally:
            from twisted.internet import reactor

            if reactor.running:  # type: ignore[attr-defined]
                reactor.callLater(0, reactor.stop)  # type: ignore[attr-defined]

    errors: list[BaseException] = []

    def keep_error(failure: Any) -> None:
        errors.append(failure.value)

    crawl_all().addErrback(keep_error)
    process.start(stop_after_crawl=False)
    if errors:
        raise errors[0]

    results = []
    store = Store.open(db)
    try:
        for job, crawler in finished:
            run_id = getattr(crawler.spider, "crawl_run_id", None)
            row = store.crawl_run(run_id) if run_id is not None else {}
            status = row.get("status") or str(crawler.stats.get_value("finish_reason"))
            if status == "finished" and job.job_dir is not None and job.job_dir.exists():
                shutil.rmtree(job.job_dir, ignore_errors=True)
            results.append(CrawlResult(job.platform, run_id, status, row))
    finally:
        store.close()
    return results
