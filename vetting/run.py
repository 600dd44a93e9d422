"""``creatorscout run PLAN``: one scheduled discovery job, as a short list of steps.

:func:`run_plan` takes the plan's lock (one run per plan and database; a second copy raises
:class:`~crawler.locks.CrawlLocked`, a lock left by a killed run is taken over because the kernel
released it), then runs :data:`STEPS` in order on one :class:`RunState`:

1. ``crawl``: every platform of the plan in one Twisted reactor, incremental (known creators:
   profile refreshed, only newer posts); an unfinished earlier crawl of the same arguments is resumed.
   Each crawl starts from the plan's hashtags and listed creators and from the creators earlier runs
   of the plan found (:func:`refresh_seeds`), so that those are refreshed even when no hashtag
   finds them again. Each crawl run records the plan's name (``crawl_runs.plan``). A plan with a
   ``queue`` crawls its platforms one after the other through Redis instead (:func:`queued_crawls`:
   published with the store's cutoffs, local and remote workers, drained here).
2. ``vet``: :func:`vetting.vet.run_vetting` with the plan's niche and market language.
3. ``shortlist`` and 4. ``reports``: the plan's outputs, of the plan's creators only (found by a
   crawl of one of its runs, on its platforms).
5. ``retention``: :func:`crawler.retention.apply_retention` when the plan keeps data for a limited
   time, before the digest so that the digest can say what it removed.
6. ``digest``: :func:`vetting.digest.build_digest` / ``write_digest``.

A crawl that ends short of its plan (quota or rate-limit budget, a failed platform) leaves
``state.incomplete`` non-empty; the other steps still run. SIGINT/SIGTERM end any step within
seconds as :class:`~crawler.errors.CrawlStopped` (the crawl runner stops the crawl gracefully;
the other steps are interrupted where they are: their outputs are written atomically).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from crawler.errors import CrawlStopped
from crawler.plans import Plan
from crawler.timeutil import now, now_z

logger = logging.getLogger(__name__)

__all__ = ["REFRESH_SOURCE", "STEPS", "RunState", "Step", "plan_lock", "refresh_seeds", "run_plan",
           "vetting_run_before"]

QUEUE_IDLE_SECONDS = 30.0
"""A queued plan crawl's drain ends (the crawl interrupted) when no worker has been alive this long."""
WORKER_GRACE_SECONDS = 30.0
"""How long a stopped run waits for its local workers before it kills them."""
REFRESH_SOURCE = "refresh"
"""The discovery source of a creator crawled because an earlier run of the plan found it."""
ID_SEED_PLATFORMS = frozenset({"mastodon", "youtube", "bluesky"})
"""Platforms whose spiders take a creator's stable id as a seed (kind ``id``): a refreshed creator is
asked for by its id there, so that a renamed account still comes back (Instagram and TikTok are
asked for by handle; TikTok's id is the handle)."""


@dataclass
class RunState:
    """What one run did so far; each step reads and fills it."""

    plan: Plan
    started_at: str
    crawl_run_ids: list[int] = field(default_factory=list)
    crawl_statuses: dict[str, str] = field(default_factory=dict)  # platform -> status of its crawl
    refreshed: dict[str, int] = field(default_factory=dict)  # platform -> known creators asked for again
    incomplete: list[str] = field(default_factory=list)  # why the run fell short of its plan
    creators_before: set[tuple[str, str]] = field(default_factory=set)
    new_creators: int = 0
    vetting_run_id: int | None = None
    previous_vetting_run_id: int | None = None
    verdicts: dict[str, int] = field(default_factory=dict)
    creators_vetted: int = 0
    shortlist: Path | None = None
    shortlist_rows: int = 0
    reports: list[Path] = field(default_factory=list)
    digest: tuple[Path, Path] | None = None
    retention: dict[str, Any] | None = None
    skipped: list[str] = field(default_factory=list)  # steps left out, with why
    step: str = ""  # the step running now (or the last one)
    crawl_settings: dict[str, Any] = field(default_factory=dict)  # extra Scrapy settings (CLI -s)
    handle_signals: bool = True

    @property
    def platforms(self) -> list[str]:
        return [p.key for p in self.plan.platforms]

    def summary(self) -> str:
        """The one line a scheduler reads."""
        status = "finished" if not self.incomplete else f"incomplete ({'; '.join(self.incomplete)})"
        verdicts = ", ".join(f"{n} {v}" for v, n in self.verdicts.items() if n) or "none"
        digest = str(self.digest[0]) if self.digest else "not written"
        return (f"run {self.plan.name}: {status}, {self.creators_vetted} creators, {self.new_creators} new, "
                f"verdicts {verdicts}, digest {digest}")


Step = tuple[str, Callable[[RunState], None]]


def plan_lock(plan: Plan) -> Any:
    """The lock of ``plan`` on its database (``crawler.locks`` conventions: one file under
    ``<db folder>/.creatorscout-jobs/``)."""
    from crawler.locks import CrawlLock, crawl_key, lock_path

    key = crawl_key(plan.db, "plan", {"plan": plan.name})
    return CrawlLock(lock_path(plan.db, "plan", key), f"a run of plan {plan.name!r}")


def vetting_run_before(store: Any, run_id: int, plan: Plan) -> int | None:
    """The latest vetting run before ``run_id`` of the same niche, market language and platforms
    (the previous run of this plan, for the digest), or None."""
    import json

    wanted = sorted(p.key for p in plan.platforms)
    for row in store.vetting_runs(range(1, run_id)):  # newest first
        try:
            platforms = json.loads(row.get("settings") or "{}").get("platforms")
        except (TypeError, ValueError):
            continue
        if (row.get("niche") == plan.niche and row.get("market_language") == plan.market_language
                and platforms == wanted):
            return int(row["id"])
    return None


# -- steps ---------------------------------------------------------------------------------------

def _open(plan: Plan) -> Any:
    from crawler.storage import Store

    return Store.open(plan.db)


def _seeds(plan: Plan) -> dict[str, list[Any]]:
    """Listed creators by platform: the plan's handles and files (a file's creators on a platform
    the plan does not crawl are skipped, logged)."""
    from crawler.seeds import parse_seed, read_seed_file

    routed: dict[str, list[Any]] = {p.key: [] for p in plan.platforms}
    seen: set[Any] = set()
    for entry in plan.platforms:
        instance = entry.settings.get("CREATORSCOUT_MASTODON_API_URL")
        found = [parse_seed(h, entry.key, mastodon_instance=instance) for h in entry.handles]
        if entry.handles_file is not None:
            listed = read_seed_file(entry.handles_file, entry.key, mastodon_instance=instance)
            for problem in listed.problems:
                logger.warning("skipped %s", problem)
            found += listed.seeds
        for seed in found:
            if seed.key in seen:
                continue
            seen.add(seed.key)
            if seed.platform in routed:
                routed[seed.platform].append(seed)
            else:
                logger.warning("skipped %s from %s: the plan crawls no %s", seed.handle, entry.handles_file,
                               seed.platform)
    return routed


def refresh_seeds(store: Any, plan: Plan, listed: Mapping[str, Sequence[Any]], *,
                  secret: bytes | None = None) -> dict[str, list[Any]]:
    """Per platform of ``plan``, the creators earlier runs of the plan found (a discovery in a crawl run
    recorded with the plan's name, whatever found it) as seeds of source :data:`REFRESH_SOURCE`: at most
    :attr:`~crawler.plans.Plan.refresh_limit` per platform, least recently seen first (so that a plan
    with more known creators than that refreshes them all in turn), on top of ``max_creators``.

    Creators the plan lists itself (``listed``: :class:`~crawler.seeds.Seed` lists by platform) are
    left out, they are crawled anyway; so is every creator an erasure recorded (the keyed hashes of
    ``erasures.subject_keys``, with ``secret``, default the store's pseudonym key), even one whose row
    came back. Mastodon, YouTube and Bluesky creators are asked for by id, the others by handle."""
    from crawler.pipelines import author_key
    from crawler.retention import erased_subject_keys, store_secret
    from crawler.spiders.base import SeedArgument

    erased = erased_subject_keys(store)["creator"]
    if erased and secret is None:
        secret = store_secret(store)
    found: dict[str, list[Any]] = {}
    for entry in plan.platforms:
        names = {str(seed.handle).lower() for seed in listed.get(entry.key, ())}
        seeds: list[Any] = []
        for creator in store.plan_creators(plan.name, entry.key) if plan.refresh_limit else ():
            if len(seeds) >= plan.refresh_limit:
                break
            creator_id, handle = str(creator["creator_id"]), str(creator.get("handle") or "").lstrip("@").lower()
            if erased and (entry.key, author_key(secret or b"", entry.key, creator_id)) in erased:
                continue
            if names & {creator_id.lower(), handle}:
                continue  # listed by the plan (a listed Mastodon user@host is looked up once more: harmless)
            if entry.key in ID_SEED_PLATFORMS:
                seeds.append(SeedArgument(creator_id, "id", REFRESH_SOURCE))
            elif handle:
                seeds.append(SeedArgument(handle, "handle", REFRESH_SOURCE))
        found[entry.key] = seeds
    return found


def _crawl_jobs(state: RunState) -> tuple[list[Any], list[Any]]:
    """The plan's crawls (one :class:`~crawler.runner.CrawlJob` per platform: hashtags, listed and
    refreshed creators, incremental, tagged with the plan) and the crawl lock of each."""
    from scrapy.settings import Settings

    from crawler.locks import CrawlLock, crawl_key, lock_path
    from crawler.platforms import get_platform
    from crawler.retention import KEY_ENV, store_secret
    from crawler.runner import CrawlJob
    from crawler.spiders.base import CrawlArguments

    plan = state.plan
    seeds = _seeds(plan)
    store = _open(plan)
    try:
        configured = state.crawl_settings.get(KEY_ENV)  # -s CREATORSCOUT_PSEUDONYM_KEY=...: the crawls' key
        refresh = refresh_seeds(store, plan, seeds, secret=store_secret(store, str(configured)) if configured else None)
    finally:
        store.close()
    jobs: list[Any] = []
    locks: list[Any] = []
    for entry in plan.platforms:
        platform = get_platform(entry.key)
        listed = [s.as_argument() for s in seeds[entry.key]]
        args = CrawlArguments.parse(list(entry.hashtags) or None, plan.max_creators, plan.max_posts, plan.max_comments,
                                    None, handles=listed + [r.as_dict() for r in refresh[entry.key]],
                                    incremental=True, platform=entry.key)
        state.refreshed[entry.key] = len(refresh[entry.key])
        if refresh[entry.key]:
            logger.info("%s: refreshing %d creators found by earlier runs of plan %s", entry.key,
                        len(refresh[entry.key]), plan.name)
        settings = {**plan.settings(), **entry.settings, **plan.budgets.get(entry.key, {}), **state.crawl_settings,
                    "CREATORSCOUT_PLAN": plan.name}
        arguments = args.as_dict()
        resolved = Settings()
        resolved.setmodule("crawler.settings", priority="project")
        resolved.setdict(settings, priority="cmdline")
        # The crawl's identity as `crawl` computes it: whether it is incremental is no part of it, nor are
        # the creators refreshed (they change with every run, and an interrupted crawl must be continued).
        identity = {"hashtag": arguments["hashtags"],
                    **{k: v for k, v in arguments.items() if k not in ("hashtags", "incremental", "handles")}}
        if listed:
            identity["handles"] = [h for h in arguments["handles"] if h["source"] != REFRESH_SOURCE]
        key = crawl_key(plan.db, platform.key, {**identity, "base_url": platform.url(resolved)})
        locks.append(CrawlLock(lock_path(plan.db, platform.key, key), f"a {platform.key} crawl of plan {plan.name!r}"))
        jobs.append(CrawlJob(platform.key, arguments, settings, job_key=key))
    return jobs, locks


def crawl_step(state: RunState) -> None:
    """Crawl every platform of the plan in one reactor, each under its own crawl lock (with a
    ``queue``: one after the other through Redis, :func:`queued_crawls`)."""
    from crawler.locks import mark_dead_runs
    from crawler.runner import run_crawls

    plan = state.plan
    jobs, locks = _crawl_jobs(state)
    if plan.queue:
        store = _open(plan)
        try:
            state.creators_before = {(c["platform"], c["creator_id"]) for c in store.creators()}
        finally:
            store.close()
        queued_crawls(state, plan.queue, jobs)
        _count_new(state)
        return
    with contextlib.ExitStack() as held:
        for lock in locks:
            held.enter_context(lock)  # CrawlLocked: a hand-started crawl with the same arguments runs
        store = _open(plan)
        try:
            mark_dead_runs(store, held_keys={job.job_key for job in jobs})
            for job in jobs:
                previous = store.latest_crawl_run(job.job_key)
                if previous is not None and previous["status"] != "finished":
                    job.resume_run_id = previous["id"]
                    logger.warning("%s: continuing crawl run %s (%s)", job.platform, previous["id"],
                                   previous["status"])
            state.creators_before = {(c["platform"], c["creator_id"]) for c in store.creators()}
        finally:
            store.close()
        results = run_crawls(jobs, db_path=plan.db, handle_signals=state.handle_signals)
    for result in results:
        if result.run_id is not None:
            state.crawl_run_ids.append(int(result.run_id))
        state.crawl_statuses[result.platform] = result.status
        logger.info("%s crawl run %s: %s", result.platform, result.run_id, result.status)
    stop = next((r.stop_signal for r in results if r.stop_signal is not None), None)
    if stop is not None:
        raise CrawlStopped(stop, f"stopped by {signal.Signals(stop).name} while crawling: what was collected is kept; "
                                 "the next run continues the interrupted crawls")
    for job in jobs:
        status = state.crawl_statuses.get(job.platform)
        if status is None:
            state.incomplete.append(f"{job.platform} did not start")
        elif status != "finished":
            state.incomplete.append(f"{job.platform} {status}")
    _count_new(state)


def _count_new(state: RunState) -> None:
    store = _open(state.plan)
    try:
        after = {(c["platform"], c["creator_id"]) for c in store.creators()}
    finally:
        store.close()
    state.new_creators = len(after - state.creators_before)


def queued_crawls(state: RunState, queue: str, jobs: Sequence[Any]) -> None:
    """Crawl the plan's platforms one after the other through the plan's Redis queue: publish each
    crawl (incremental: with the store's cutoffs), start the plan's ``workers`` local worker processes
    (workers on other machines join too) and drain the items into the store in this process.

    An unfinished crawl of this plan found in the queue (an earlier run was stopped) is continued with
    the arguments it was published with. A stop signal goes on to the workers; the crawl stays in
    Redis and the next run continues it."""
    from crawler.distributed import QueueError, connect, drain, job_of, publish_job, queued_known_creators

    plan = state.plan
    for job in jobs:
        client = connect(queue)
        existing = job_of(client)
        if existing is not None and (existing["platform"] != job.platform
                                     or existing["settings"].get("CREATORSCOUT_PLAN") != plan.name):
            raise QueueError(f"the queue {queue} holds another crawl ({existing['platform']}, plan "
                             f"{existing['settings'].get('CREATORSCOUT_PLAN') or 'none'}): let it finish or use "
                             "another Redis database for this plan")
        if existing is not None:
            logger.warning("%s: continuing the queued crawl of plan %s", job.platform, plan.name)
            publish_job(client, job.platform, existing["arguments"], job.settings, resume=True)
        else:
            known = queued_known_creators(str(plan.db), job.platform, job.settings)
            publish_job(client, job.platform, job.arguments, job.settings, resume=False, known=known,
                        db_path=str(plan.db))
        client.close()
        workers = [_worker_process(queue) for _ in range(plan.workers)]
        try:
            summary = drain(connect(queue), str(plan.db), idle_seconds=QUEUE_IDLE_SECONDS)
        except BaseException as exc:  # a stop signal (or an error): the workers stop too, the crawl stays queued
            _stop_workers(workers, getattr(exc, "signum", signal.SIGINT if isinstance(exc, KeyboardInterrupt)
                                           else signal.SIGTERM))
            raise
        _stop_workers(workers, None)
        if summary.get("run_id") is not None:
            state.crawl_run_ids.append(int(summary["run_id"]))
        state.crawl_statuses[job.platform] = str(summary["status"])
        logger.info("%s crawl run %s (queued): %s", job.platform, summary.get("run_id"), summary["status"])
        if summary["status"] != "finished":
            state.incomplete.append(f"{job.platform} {summary['status']}")


def _worker_process(queue: str) -> subprocess.Popen[bytes]:
    """A local ``creatorscout worker`` (its own session: a Ctrl-C reaches it once, through this run)."""
    return subprocess.Popen([sys.executable, "-m", "vetting.cli", "worker", "--queue", queue, "-q"],
                            start_new_session=True)


def _stop_workers(workers: Sequence[subprocess.Popen[bytes]], signum: int | None) -> None:
    """Wait for the local workers (``signum``: send it first); one that outlives the grace is killed."""
    for proc in workers:
        if signum is not None and proc.poll() is None:
            proc.send_signal(signum)
    deadline = time.monotonic() + (WORKER_GRACE_SECONDS if signum is not None else QUEUE_IDLE_SECONDS)
    for proc in workers:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("local worker %s did not end in time: killed (its requests stay in Redis)", proc.pid)
            proc.kill()
            proc.wait()


def vet_step(state: RunState) -> None:
    from vetting.vet import result_summary, run_vetting

    plan = state.plan
    hashtags = list(dict.fromkeys(tag for p in plan.platforms for tag in p.hashtags))
    store = _open(plan)
    try:
        result = run_vetting(store, niche=plan.niche, seed_hashtags=hashtags, market_language=plan.market_language,
                             platforms=state.platforms)
        state.vetting_run_id = result.run_id
        state.previous_vetting_run_id = vetting_run_before(store, result.run_id, plan)
    finally:
        store.close()
    summary = result_summary(result)
    state.creators_vetted = summary["creators"]
    state.verdicts = summary["verdicts"]


def shortlist_step(state: RunState) -> None:
    from vetting.export import ShortlistFilters, export_shortlist

    plan = state.plan
    filters = ShortlistFilters(platforms=tuple(state.platforms), market_language=plan.market_language,
                               niche=plan.niche, plan=plan.name)
    plan.shortlist.parent.mkdir(parents=True, exist_ok=True)
    store = _open(plan)
    try:
        result = export_shortlist(store, plan.shortlist, filters)
    finally:
        store.close()
    state.shortlist, state.shortlist_rows = Path(result.path), result.rows


def reports_step(state: RunState) -> None:
    from vetting.report import write_reports

    store = _open(state.plan)
    try:
        state.reports = write_reports(store, state.plan.reports, top=state.plan.reports_top,
                                      platforms=state.platforms, plan=state.plan.name)
    finally:
        store.close()


def retention_step(state: RunState) -> None:
    plan = state.plan
    if plan.comments_days is None and plan.snapshots_days is None:
        state.skipped.append("retention: the plan keeps everything")
        return
    from crawler.retention import apply_retention

    store = _open(plan)
    try:
        state.retention = apply_retention(store, comments_days=plan.comments_days,
                                          snapshots_days=plan.snapshots_days, now=now())
    finally:
        store.close()


def digest_step(state: RunState) -> None:
    from vetting.digest import build_digest, write_digest

    if state.vetting_run_id is None:
        state.skipped.append("digest: nothing was vetted")
        return
    store = _open(state.plan)
    try:
        digest = build_digest(store, current_run=state.vetting_run_id, previous_run=state.previous_vetting_run_id,
                              crawl_run_ids=state.crawl_run_ids, plan=state.plan.name)
    finally:
        store.close()
    if state.retention:
        digest.notes.append(retention_note(state.retention, state.plan))
    state.digest = write_digest(digest, state.plan.digest)


def retention_note(counts: Mapping[str, Any], plan: Plan) -> str:
    """What the plan's retention removed in this run, in one sentence for the digest."""
    parts = []
    if plan.comments_days is not None:
        parts.append(f"{counts.get('comments', 0):,} comments older than {plan.comments_days} days")
    if plan.snapshots_days is not None:
        parts.append(f"{counts.get('snapshots', 0):,} follower snapshots older than {plan.snapshots_days} days "
                     "(each creator keeps its newest)")
    return "Retention removed " + " and ".join(parts) + "."


STEPS: list[Step] = [
    ("crawl", crawl_step),
    ("vet", vet_step),
    ("shortlist", shortlist_step),
    ("reports", reports_step),
    ("retention", retention_step),
    ("digest", digest_step),
]
"""The steps of a run, in order; each takes the run's :class:`RunState`."""


class _Stop(BaseException):
    """A stop signal outside the crawl (the crawl runner handles those while it crawls)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Signals:
    """SIGINT/SIGTERM interrupt the running step; the signal is remembered, because a library may
    catch the exception raised in its code (langdetect catches everything while loading) and fail
    with another one, or go on: whatever the step ends with, the run ends as stopped."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def handler(self, signum: int, frame: FrameType | None) -> None:
        self.signum = self.signum or signum
        raise _Stop(signum)

    @contextlib.contextmanager
    def installed(self, enabled: bool) -> Iterator[_Signals]:
        if not enabled or threading.current_thread() is not threading.main_thread():
            yield self
            return
        # The crawl runner sets its own handlers while it crawls and puts these back afterwards.
        previous = {s: signal.signal(s, self.handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for s, old in previous.items():
                signal.signal(s, old)


def run_plan(plan: Plan, *, started_at: str | None = None, steps: Sequence[Step] | None = None,
             crawl_settings: Mapping[str, Any] | None = None, handle_signals: bool = True,
             on_step: Callable[[str], None] | None = None) -> RunState:
    """Run ``plan`` once under its lock (see the module docstring) and return what it did.

    Raises :class:`~crawler.locks.CrawlLocked` when another run of the plan holds the lock and
    :class:`~crawler.errors.CrawlStopped` on SIGINT/SIGTERM; other errors propagate (``on_step``
    is called with each step's name before it runs, so the caller knows which one failed)."""
    state = RunState(plan, started_at or now_z("seconds"), crawl_settings=dict(crawl_settings or {}),
                     handle_signals=handle_signals)
    signals = _Signals()
    with plan_lock(plan), signals.installed(handle_signals):
        try:
            for name, step in (STEPS if steps is None else steps):
                state.step = name
                if on_step is not None:
                    on_step(name)
                logger.info("plan %s: %s", plan.name, name)
                step(state)
                if signals.signum is not None:  # a library swallowed the interruption
                    break
        except CrawlStopped:
            raise
        except BaseException as exc:
            signum = exc.signum if isinstance(exc, _Stop) else signals.signum
            if isinstance(exc, KeyboardInterrupt):
                signum = signum or signal.SIGINT
            if signum is None:
                raise
            logger.debug("%s ended %s", type(exc).__name__, state.step, exc_info=True)
            signals.signum = signum
        if signals.signum is not None:
            raise CrawlStopped(signals.signum, f"stopped by {signal.Signals(signals.signum).name} during "
                                               f"{state.step}: what was written is kept")
    return state
