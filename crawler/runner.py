"""Run spiders in this process: the library behind ``creatorscout crawl`` and ``creatorscout demo``.

``run_crawls`` runs one or more crawls one after the other in one Twisted reactor (which
cannot be restarted), reports live stats to a callback, and returns each crawl's summary
as stored in ``crawl_runs``.

Stopping: the first SIGINT or SIGTERM trips the running crawl's stop switch (every wait for a
rate-limit window or a ``Retry-After`` ends at once, the waiting requests stay in the frontier)
and closes it gracefully; requests already on the wire get ``CREATORSCOUT_STOP_GRACE_SECONDS``
to finish. After that, or on a second signal, the crawl's store pipeline saves what it can and
the reactor stops. Either way the run is ``interrupted`` and ``--resume`` continues it from its
last checkpoint; later jobs of the sequence do not start.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.platforms import UnknownPlatformError, get_platform
from crawler.storage import Store, resolve_db_path

logger = logging.getLogger(__name__)

__all__ = ["STOP_SIGNALS", "CrawlJob", "CrawlResult", "UnknownPlatformError", "run_crawls", "spider_class"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def spider_class(platform: str, settings: Any = None) -> type:
    """The spider class of a registered platform, through Scrapy's SpiderLoader (``SPIDER_MODULES``).

    :class:`~crawler.platforms.UnknownPlatformError` (listing the choices) for any other key."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    entry = get_platform(platform)
    if settings is None:
        settings = Settings()
        settings.setmodule("crawler.settings", priority="project")
    return SpiderLoader.from_settings(settings).load(entry.spider)


@dataclass
class CrawlJob:
    """One crawl: a platform, its spider arguments and Scrapy setting overrides."""

    platform: str
    arguments: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    job_key: str | None = None  # which crawl this is (see crawler.locks.crawl_key), kept on its run
    resume_run_id: int | None = None  # continue this run from its last checkpoint
    # Called just before this crawl starts; it may fill in ``arguments`` then, and returning False skips the crawl.
    before: Callable[[], bool | None] | None = None


@dataclass
class CrawlResult:
    platform: str
    run_id: int | None
    status: str
    summary: dict[str, Any]
    stop_signal: int | None = None  # the signal that stopped the crawls, if one did


class _Stopper:
    """Turns SIGINT/SIGTERM into a bounded stop of the running crawl (see the module docstring)."""

    def __init__(self, grace: float) -> None:
        self.grace = grace
        self.signum: int | None = None
        self.current: Any = None  # the Crawler running now
        self.forced = False
        self._deadline: Any = None
        self._reactor_stopped = False

    @contextlib.contextmanager
    def handling_signals(self, enabled: bool = True) -> Iterator[None]:
        """Route SIGINT/SIGTERM to :meth:`request` while the reactor runs (main thread only)."""
        if not enabled or threading.current_thread() is not threading.main_thread():
            yield
            return
        from twisted.internet import reactor

        def handler(signum: int, frame: Any) -> None:
            # Nothing else here: the interrupted code may hold locks (logging, stdio).
            reactor.callFromThread(self.request, signum)  # type: ignore[attr-defined]

        previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
        for s in STOP_SIGNALS:
            signal.signal(s, handler)
        try:
            yield
        finally:
            for s, old in previous.items():
                signal.signal(s, old)

    def request(self, signum: int) -> None:
        """A stop signal arrived (called in the reactor thread)."""
        from twisted.internet import reactor

        name = signal.Signals(signum).name
        if self.signum is not None:
            logger.warning("%s again: stopping now", name)
            self.force()
            return
        self.signum = signum
        crawler = self.current
        logger.warning("%s received: stopping the crawl; what was collected is kept (%s again stops at once)",
                       name, name)
        if crawler is None:
            self.stop_reactor()
            return
        from scrapy.utils.defer import deferred_from_coro

        from crawler.stopping import StopSwitch

        StopSwitch.of(crawler).trip()
        stopping = deferred_from_coro(crawler.stop_async())
        stopping.addErrback(lambda f: logger.error("Error while stopping the crawl: %s", f.getErrorMessage()))
        self._deadline = reactor.callLater(self.grace, self.force)  # type: ignore[attr-defined]

    def force(self) -> None:
        """End now: the running crawl's pipeline saves what it can, then the reactor stops."""
        if self.forced:
            return
        self.forced = True
        if self.current is not None:
            from crawler.frontier import Frontier

            try:
                Frontier.of(self.current).abort()
            except Exception as exc:  # boundary: the process ends anyway; say what was not saved
                logger.error("Could not save the crawl's state on the forced stop: %s", exc)
        self.stop_reactor()

    def stop_reactor(self) -> None:
        from twisted.internet import reactor

        if self._deadline is not None and self._deadline.active():
            self._deadline.cancel()
        if self._reactor_stopped:
            return
        self._reactor_stopped = True
        if not reactor.running:  # type: ignore[attr-defined]
            # Still being set up: stop as soon as it runs (else it would run on with nothing to stop it).
            reactor.callWhenRunning(self._stop_now)  # type: ignore[attr-defined]
            return
        self._stop_now()

    @staticmethod
    def _stop_now() -> None:
        from twisted.internet import reactor
        from twisted.internet.error import ReactorNotRunning

        with contextlib.suppress(ReactorNotRunning):
            reactor.stop()  # type: ignore[attr-defined]


def run_crawls(
    jobs: Sequence[CrawlJob],
    *,
    db_path: str | Path | None = None,
    base_settings: Mapping[str, Any] | None = None,
    on_progress: Callable[[str, dict[str, Any]], None] | None = None,
    progress_interval: float = 0.5,
    handle_signals: bool = True,
) -> list[CrawlResult]:
    """Run ``jobs`` one after another in this process and return their stored summaries.

    ``on_progress(platform, stats)`` is called every ``progress_interval`` seconds with the
    live Scrapy stats of the running crawl. With ``handle_signals`` (and in the main thread),
    SIGINT/SIGTERM stop the crawls within ``CREATORSCOUT_STOP_GRACE_SECONDS`` (see the module
    docstring); each result then carries the signal. Logging is the caller's (Scrapy installs no
    root handler).
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
        if job.job_key:
            job_settings.set("CREATORSCOUT_JOB_KEY", job.job_key, priority="cmdline")
        if job.resume_run_id is not None:
            job_settings.set("CREATORSCOUT_RESUME_RUN_ID", str(job.resume_run_id), priority="cmdline")
        crawlers.append((job, Crawler(spider_class(job.platform, settings), job_settings)))

    stopper = _Stopper(settings.getfloat("CREATORSCOUT_STOP_GRACE_SECONDS", 3.0))
    started: list[tuple[CrawlJob, Crawler]] = []

    @defer.inlineCallbacks
    def crawl_all():  # type: ignore[no-untyped-def]
        try:
            for job, crawler in crawlers:
                if stopper.signum is not None:
                    break
                if job.before is not None and job.before() is False:
                    continue
                loop = None
                if on_progress is not None:
                    loop = task.LoopingCall(lambda c=crawler, p=job.platform: on_progress(p, c.stats.get_stats()))
                    loop.start(progress_interval, now=False)
                started.append((job, crawler))
                stopper.current = crawler
                try:
                    yield process.crawl(crawler, **job.arguments)
                finally:
                    stopper.current = None
                    if loop is not None and loop.running:
                        loop.stop()
                if on_progress is not None:
                    on_progress(job.platform, crawler.stats.get_stats())
        finally:
            stopper.stop_reactor()

    errors: list[BaseException] = []

    def keep_error(failure: Any) -> None:
        errors.append(failure.value)

    # The handlers are in place before the first crawl starts: a signal that arrives while it is being
    # set up (before the reactor runs) is handled once the reactor runs, never a KeyboardInterrupt
    # inside a Deferred (which left the reactor running with nothing to stop it).
    with stopper.handling_signals(handle_signals):
        crawl_all().addErrback(keep_error)
        process.start(stop_after_crawl=False, install_signal_handlers=False)
    if errors and stopper.signum is None:
        raise errors[0]

    results = []
    run_ids = [getattr(getattr(crawler, "spider", None), "crawl_run_id", None) for _, crawler in started]
    # A queued crawl's worker (crawler.distributed) has no run here and never opens the store.
    store = Store.open(db) if any(i is not None for i in run_ids) else None
    try:
        for (job, crawler), run_id in zip(started, run_ids, strict=True):
            row = store.crawl_run(run_id) if store is not None and run_id is not None else {}
            status = row.get("status") or str(crawler.stats.get_value("finish_reason"))
            results.append(CrawlResult(job.platform, run_id, status, row, stopper.signum))
    finally:
        if store is not None:
            store.close()
    return results
