"""``creatorscout crawl PLATFORM``: one subcommand per platform of the registry.

A crawl starts from hashtags, from listed creators (``--handle``, ``--handles-file``), or both.
Listed creators are routed to their own platform (a YouTube URL in a list given to ``crawl
mastodon`` is crawled on YouTube); lines that name no supported creator are reported with their
line numbers and skipped. ``--follow-links`` then crawls, on the other supported platforms, the
profiles that the collected creators link to. Every crawl of the command holds its own lock and
keeps its own run, so ``--resume`` continues any of them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from typing import Any

import click

from crawler.errors import CreatorscoutError, StoreError
from crawler.platforms import (
    REGISTRY,
    MissingCredentialError,
    Option,
    Platform,
    UnknownPlatformError,
    get_platform,
)
from crawler.timeutil import now_z
from vetting.cli.options import (
    EXIT_SIGNAL_BASE,
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    parse_settings,
    stderr_console,
    verbosity_options,
)
from vetting.wording import plural

EXIT_LOCKED = 75  # EX_TEMPFAIL: the same crawl is already running on this database; try later


class PlatformCommands(click.Group):
    """``creatorscout crawl PLATFORM``: one subcommand per platform of the registry."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(REGISTRY)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        platform = REGISTRY.get(name.strip().lower())
        return None if platform is None else _platform_command(platform)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        try:
            platform = get_platform(args[0])
        except UnknownPlatformError as exc:
            raise click.UsageError(str(exc), ctx) from None
        return platform.key, self.get_command(ctx, platform.key), args[1:]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for platform in REGISTRY.values():
            needs = ", ".join(f"${c.env}{_need(c)}" for c in platform.credentials)
            rows.append((platform.key, platform.api + (f"; credentials: {needs}" if needs else "")))
        with formatter.section("Platforms"):
            formatter.write_dl(rows)


@click.group(cls=PlatformCommands)
def crawl() -> None:
    """Discover creators on a platform by hashtag and collect profiles, posts and comments.

    `creatorscout crawl PLATFORM --help` shows a platform's options and credentials. Ctrl-C (or
    SIGTERM) stops within seconds and keeps what was collected; `--resume` continues where it
    stopped, also after a crash or kill -9. One crawl per arguments and database at a time: a
    second one exits at once (status 75).

    \b
    Example:
        creatorscout crawl mastodon --hashtag veganrecipes --hashtag plantbased --max-creators 50
        YOUTUBE_API_KEY=... creatorscout crawl youtube --hashtag veganrecipes --quota 2000
    """


def _platform_command(platform: Platform) -> click.Command:
    """The ``crawl`` subcommand of one platform: the common options plus the platform's own."""

    @click.command(platform.key, help=_platform_help(platform))
    @click.option("--hashtag", "hashtags", multiple=True,
                  help="Hashtag to discover creators by (repeatable; '#' optional).")
    @click.option("--handle", "handles", multiple=True, metavar="HANDLE_OR_URL",
                  help="A creator to crawl: handle or profile URL of any supported platform (repeatable).")
    @click.option("--handles-file", type=click.Path(dir_okay=False), metavar="FILE",
                  help="Creators to crawl: a text file (one per line), or a CSV/XLSX with a 'handle' or "
                       "'profile_url' column (a shortlist export works).")
    @click.option("--follow-links", is_flag=True,
                  help="Also crawl the profiles on other supported platforms that the collected creators link to.")
    @click.option("--max-creators", default=50, show_default=True, type=int,
                  help="Creators to discover by hashtag at most (listed creators are all crawled).")
    @click.option("--max-posts", default=20, show_default=True, type=int, help="Recent posts per creator.")
    @click.option("--max-comments", default=100, show_default=True, type=int, help="Comments per post (0: none).")
    @click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Ignore posts older than this date.")
    @click.option("--resume", is_flag=True, help="Continue the unfinished crawl with the same arguments.")
    @click.option("--incremental", is_flag=True,
                  help="For creators already in the store, fetch only posts newer than the newest stored one (and "
                       "their comments) and refresh the profile; new creators are crawled in full.")
    @click.option("--keep-commenter-handles", is_flag=True,
                  help="Store commenters' handles too (default: a keyed hash only).")
    @click.option("--queue", "queue_url", metavar="redis://HOST:PORT/DB", envvar="CREATORSCOUT_QUEUE",
                  help="Share the crawl through Redis: workers join it, `creatorscout drain` writes the store.")
    @click.option("-s", "--set", "raw_settings", multiple=True, metavar="NAME=VALUE",
                  help="Override a Scrapy/creatorscout setting (repeatable).")
    @db_option
    @verbosity_options
    @friendly_errors
    def command(**values: Any) -> None:
        options = {o.name: values.pop(o.name) for o in platform.options}
        try:
            _crawl(platform, options=options, **values)
        except KeyboardInterrupt:
            # Ctrl-C outside the crawl itself (while starting up or printing the summary).
            click.echo("Interrupted: the store holds what was collected; continue with the same command and "
                       "--resume", err=True)
            raise SystemExit(EXIT_SIGNAL_BASE + signal.SIGINT) from None

    for option in platform.options:
        # No click default: an option not given leaves its setting alone (-s NAME=VALUE, then the default).
        shown = f"  [default: {option.default}]" if option.default is not None else ""
        command.params.append(click.Option(
            [option.flag, option.name], type=option.type, default=None, help=option.help + shown,
            envvar=_envvars(platform, option),
        ))
    return command


def _envvars(platform: Platform, option: Option) -> list[str] | None:
    """An option that sets a base URL also reads it (and its older names) from the environment."""
    declared = next((u for u in platform.urls if u.name == option.setting), None)
    return None if declared is None else [declared.name, *declared.aliases]


def _need(credential: Any) -> str:
    if not credential.required:
        return " (optional)"
    return " (to search by hashtag; listed creators need none)" if credential.search_only else ""


def _platform_help(platform: Platform) -> str:
    lines = [f"Discover creators on {platform.title} by hashtag and collect profiles, posts and comments.", "",
             f"API: {platform.api}.", "", f"Budget: {platform.budget.summary}."]
    if platform.credentials:
        lines += ["", "\b", "Credentials (environment only):"]
        lines += [f"  {c.env}{_need(c)}: {c.help}" for c in platform.credentials]
    urls = [u.name + (f" (or {', '.join(u.aliases)})" if u.aliases else "") + f": {u.help}, default {u.default}"
            for u in platform.urls]
    lines += ["", "\b", "Settings (environment or -s NAME=VALUE):", *(f"  {u}" for u in urls)]
    if platform.example:
        lines += ["", "\b", "Example:", f"    {platform.example}"]
    return "\n".join(lines)


@dataclass
class _Plan:
    """One crawl of the command: its platform, arguments, settings, identity and lock."""

    platform: Platform
    args: Any  # CrawlArguments, or None for a --follow-links crawl (filled in just before it starts)
    settings: dict[str, Any]
    key: str
    identity: dict[str, Any]
    lock: Any
    resume_run_id: int | None = None


def _read_seeds(platform: Platform, handles: tuple[str, ...], handles_file: str | None,
                instance: str | None) -> dict[str, list[Any]]:
    """Listed creators by platform. A malformed ``--handle`` is a usage error; a file's bad lines
    are reported (file:line: text: reason) and skipped."""
    from crawler.seeds import SeedError, parse_seed, read_seed_file

    routed: dict[str, list[Any]] = {}
    seen: set[tuple[str, str, str]] = set()

    def add(seed: Any) -> None:
        if seed.key not in seen:
            seen.add(seed.key)
            routed.setdefault(seed.platform, []).append(seed)

    for text in handles:
        try:
            add(parse_seed(text, platform.key, mastodon_instance=instance))
        except SeedError as exc:
            raise click.BadParameter(str(exc), param_hint="'--handle'") from None
    if handles_file:
        try:
            listed = read_seed_file(handles_file, platform.key, mastodon_instance=instance)
        except SeedError as exc:
            raise click.BadParameter(str(exc), param_hint="'--handles-file'") from None
        for problem in listed.problems:
            click.echo(f"skipped {problem}", err=True)
        click.echo(listed.summary(), err=True)
        for seed in listed.seeds:
            add(seed)
    return routed


def _crawl(platform: Platform, *, options: dict[str, Any], hashtags: tuple[str, ...], handles: tuple[str, ...],
           handles_file: str | None, follow_links: bool, max_creators: int, max_posts: int, max_comments: int,
           since: Any, resume: bool, incremental: bool, keep_commenter_handles: bool, raw_settings: tuple[str, ...],
           db_path: str, verbose: int, quiet: bool, queue_url: str | None = None) -> None:
    from crawler.locks import CrawlLocked, mark_dead_runs
    from crawler.runner import run_crawls
    from crawler.spiders.base import CrawlArguments

    configure_logging(verbose, quiet)
    if not quiet:  # long waits are announced once each, also off a terminal (cron, CI)
        logging.getLogger("crawler.middlewares.waits").setLevel(logging.INFO)
    started_at = now_z()
    limits = (max_creators, max_posts, max_comments, since.date() if since else None)
    routed = _read_seeds(platform, handles, handles_file, options.get("instance"))
    if not hashtags and not routed:
        raise click.UsageError("no hashtag given and no creators to crawl: pass --hashtag, --handle or --handles-file")
    wanted: list[tuple[Platform, Any]] = []
    try:
        own = [s.as_argument() for s in routed.pop(platform.key, [])]
        if hashtags or own:
            wanted.append((platform, CrawlArguments.parse(list(hashtags), *limits, handles=own,
                                                          incremental=incremental, platform=platform.key)))
        for key, seeds in routed.items():
            other = _routable(key, len(seeds))
            if other is not None:
                wanted.append((other, CrawlArguments.parse(None, *limits, handles=[s.as_argument() for s in seeds],
                                                           incremental=incremental, platform=key)))
    except CreatorscoutError as exc:
        raise click.UsageError(str(exc)) from None
    if not wanted:
        raise click.UsageError("none of the listed creators is on a platform that can be crawled (see above)")
    try:
        platform.read_credentials(searching=bool(hashtags))
    except MissingCredentialError as exc:
        raise click.UsageError(str(exc)) from None
    base = parse_settings(raw_settings)
    base["CREATORSCOUT_KEEP_COMMENTER_HANDLES"] = keep_commenter_handles
    if queue_url:
        if follow_links:
            raise click.UsageError("--follow-links cannot be combined with --queue yet: crawl the linked profiles "
                                   "in a crawl of their own")
        _crawl_queued(queue_url, wanted, base, options, resume, db_path, incremental)
        return
    try:
        store = open_store(db_path)
    except click.ClickException as exc:
        raise click.BadParameter(exc.message, param_hint="'--db'") from None
    store.close()

    plans = [_plan(db_path, entry, args, base, options if entry is platform else {}) for entry, args in wanted]
    if follow_links:
        parent = plans[0].key
        plans += [_plan(db_path, entry, None, base, {}, follow_of=parent) for entry in REGISTRY.values()
                  if entry.seed_lists]
    with contextlib.ExitStack() as held:
        for plan in plans:
            try:
                plan.lock.acquire()
            except CrawlLocked as exc:
                click.echo(f"Error: {exc}", err=True)
                raise SystemExit(EXIT_LOCKED) from None
            held.enter_context(plan.lock)
        store = open_store(db_path)
        try:
            mark_dead_runs(store, held_keys={p.key for p in plans})
            previous = {p.key: store.latest_crawl_run(p.key) for p in plans if p.args is not None}
        finally:
            store.close()
        resume = _remove_legacy_job_dir(db_path, plans[0], options, resume, previous[plans[0].key])
        unfinished = {key: run for key, run in previous.items() if run is not None and run["status"] != "finished"}
        if resume and not unfinished:
            last = " (the last one finished)" if any(previous.values()) else ""
            raise click.UsageError(f"nothing to resume: no unfinished crawl with these arguments in {db_path}{last}")
        for plan in plans:
            run = unfinished.get(plan.key)
            if run is not None and resume:
                plan.resume_run_id = run["id"]
            elif run is not None:
                click.echo(f"note: crawl run {run['id']} with these arguments is {run['status']}; starting a new "
                           "run (use --resume to continue it instead)", err=True)
        if resume:  # continue what is unfinished; a crawl of this command that finished is not done again
            done = [p for p in plans if p.args is not None and p.resume_run_id is None]
            for plan in done:
                click.echo(f"note: the {plan.platform.key} crawl of this command finished; not crawled again",
                           err=True)
            plans = [p for p in plans if p not in done]
        jobs = [_job(plan, db_path, started_at) for plan in plans]
        progress = _Progress(platform.key, enabled=not quiet and sys.stderr.isatty())
        try:
            with progress:
                results = run_crawls(jobs, db_path=db_path, on_progress=progress.update)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    if not results:
        raise click.ClickException("the crawl did not start (see the log above)")
    _finish(results, plans, quiet)


def _routable(key: str, count: int) -> Platform | None:
    """The platform listed creators were routed to, or ``None`` (and one line why they are skipped)."""
    what = plural(count, "listed creator")
    try:
        other = get_platform(key)
    except UnknownPlatformError as exc:
        click.echo(f"skipped {what} on {key}: {exc}", err=True)
        return None
    if not other.seed_lists:
        click.echo(f"skipped {what} on {key}: crawling listed creators is not supported there yet", err=True)
        return None
    try:
        other.read_credentials(searching=False)
    except MissingCredentialError as exc:
        click.echo(f"skipped {what} on {key}: {exc}", err=True)
        return None
    click.echo(f"{what} on {key}: crawled on {key}", err=True)
    return other


def _crawl_queued(url: str, wanted: list[tuple[Platform, Any]], base: dict[str, Any], options: dict[str, Any],
                  resume: bool, db_path: str, incremental: bool) -> None:
    """Publish the crawl in Redis (or continue the published one) and work on it (crawler.distributed).

    ``db_path`` (``--db``) is the database the drain writes: an incremental crawl's creators' cutoffs are
    read from it and published with the crawl, since workers read no store; an Instagram crawl's
    hashtags are checked against the tags local crawls searched there too."""
    from crawler.distributed import QueueError, connect, publish_job, queued_known_creators, run_worker
    from vetting.cli.distributed import end_worker

    if len(wanted) != 1:
        raise click.UsageError("--queue crawls one platform: list only creators of the platform being crawled")
    platform, args = wanted[0]
    settings = dict(base)
    for option in platform.options:
        if options.get(option.name) is not None:
            settings[option.setting] = options[option.name]
    try:
        known = queued_known_creators(db_path, platform.key, settings) if incremental and not resume else None
        publish_job(connect(url), platform.key, args.as_dict(), settings, resume=resume, known=known, db_path=db_path)
        result = run_worker(url)
    except QueueError as exc:
        raise click.ClickException(str(exc)) from None
    end_worker(result)


def _plan(db_path: str, platform: Platform, args: Any, base: dict[str, Any], options: dict[str, Any],
          follow_of: str | None = None) -> _Plan:
    from scrapy.settings import Settings

    from crawler.locks import CrawlLock, crawl_key, lock_path

    settings = dict(base)
    for option in platform.options:
        if options.get(option.name) is not None:
            settings[option.setting] = options[option.name]
    resolved = Settings()
    resolved.setmodule("crawler.settings", priority="project")
    resolved.setdict(settings, priority="cmdline")
    if args is None:
        identity: dict[str, Any] = {"follow_links_of": follow_of}
    else:
        arguments = args.as_dict()
        # The identity keeps creatorscout 0.1's argument name, so unfinished crawls stay resumable.
        # Not part of it: whether the crawl is incremental (its cutoffs are in the spider state, which
        # --resume restores), so an incremental run resumes an interrupted full one and vice versa.
        arguments.pop("incremental", None)
        identity = {"hashtag": arguments.pop("hashtags"), **arguments}
    key = crawl_key(db_path, platform.key, {**identity, "base_url": platform.url(resolved)})
    what = "--follow-links crawl" if args is None else "crawl with these arguments"
    lock = CrawlLock(lock_path(db_path, platform.key, key), f"a {platform.key} {what}")
    return _Plan(platform, args, settings, key, identity, lock)


def _job(plan: _Plan, db_path: str, started_at: str) -> Any:
    from crawler.runner import CrawlJob

    if plan.args is not None:
        return CrawlJob(plan.platform.key, plan.args.as_dict(), plan.settings, job_key=plan.key,
                        resume_run_id=plan.resume_run_id)
    job = CrawlJob(plan.platform.key, {}, plan.settings, job_key=plan.key, resume_run_id=plan.resume_run_id)

    def fill() -> bool:
        """Just before the crawl: the profiles on this platform linked from creators collected now."""
        seeds = _linked_seeds(db_path, plan.platform.key, started_at)
        if not seeds and plan.resume_run_id is None:
            return False
        try:  # a platform whose API needs credentials even for listed creators (Instagram, YouTube)
            plan.platform.read_credentials(searching=False)
        except MissingCredentialError as exc:
            logging.getLogger(__name__).warning("not following %s to %s: %s", plural(len(seeds), "link"),
                                                plan.platform.key, exc)
            return False
        job.arguments.update({"handles": seeds, "max_creators": None})
        if seeds:
            logging.getLogger(__name__).info("following %s to %s", plural(len(seeds), "link"), plan.platform.key)
        return True

    job.before = fill
    return job


def _linked_seeds(db_path: str, platform: str, since: str) -> list[dict[str, str]]:
    from crawler.links import link_source
    from crawler.seeds import SeedError, parse_seed
    from crawler.storage import Store

    store = Store.open(db_path)
    try:
        rows = store.links_to(platform, since)
    finally:
        store.close()
    seeds: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        try:
            seed = parse_seed(row["url"])
        except SeedError:
            continue
        if seed.platform == platform:
            argument = seed.as_argument()
            argument["source"] = link_source(row["platform"], row["creator_id"])
            seeds.setdefault((seed.kind, seed.handle), argument)
    return list(seeds.values())


def _remove_legacy_job_dir(db_path: str, plan: _Plan, options: dict[str, Any], resume: bool,
                           previous: dict[str, Any] | None) -> bool:
    """creatorscout 0.1 kept a Scrapy job folder per crawl (its resume read it; a kill -9 leaves it
    unreadable): remove it, and say when a --resume therefore starts again."""
    from crawler.locks import legacy_job_dir

    legacy = legacy_job_dir(db_path, plan.platform.key, {**plan.identity, "instance": options.get("instance")})
    if not legacy.is_dir():
        return resume
    shutil.rmtree(legacy, ignore_errors=True)
    unfinished = previous is not None and previous["status"] != "finished"
    again = resume and not unfinished
    note = (" starting the crawl again; rows already stored are updated, not duplicated" if again
            else " it is not needed")
    click.echo(f"note: removed {legacy}, the Scrapy job folder of an older creatorscout (resume now reads the "
               f"store);{note}", err=True)
    return resume and not again


def _finish(results: list[Any], plans: list[_Plan], quiet: bool) -> None:
    """Print each crawl's summary, then exit as the worst of them says."""
    by_key = {p.platform.key: p for p in plans}
    if not quiet:
        for result in results:
            _print_summary(result.summary)
    stop_signal = next((r.stop_signal for r in results if r.stop_signal is not None), None)
    if stop_signal is not None and any(r.status in ("interrupted", "running") for r in results):
        run_ids = ", ".join(str(r.run_id) for r in results if r.status in ("interrupted", "running"))
        click.echo(f"Stopped by {signal.Signals(stop_signal).name}: crawl run {run_ids} is interrupted and keeps "
                   "what it collected; continue it with the same command and --resume", err=True)
        raise SystemExit(EXIT_SIGNAL_BASE + stop_signal)
    for result in results:
        if result.status == "interrupted":
            raise click.ClickException(
                f"crawl run {result.run_id} was interrupted; continue it with the same command and --resume")
    for result in results:
        if result.status == "stopped_quota":
            entry = get_platform(result.platform)
            stats = json.loads(result.summary.get("stats") or "{}")
            plan = by_key.get(entry.key)
            settings = plan.settings if plan else {}
            spent_texts = []
            for name, setting, default, unit in (
                    ("quota", entry.budget.quota_setting, entry.budget.quota_default, "units"),
                    *((ledger.name, ledger.setting, ledger.default, ledger.name) for ledger in entry.budget.ledgers)):
                spent = stats.get(f"creatorscout/{entry.key}/{name}_spent_today")
                if spent is not None:
                    spent_texts.append(f"{spent:,} of {settings.get(setting or '', default):,} {unit}")
            today = f" ({', '.join(spent_texts)} spent today with this key)" if spent_texts else ""
            click.echo(f"Stopped at the {entry.title} quota budget{today}; what was collected is stored. --resume "
                       "continues when there is quota again (it resets at the start of the platform's quota day).",
                       err=True)
        elif result.status != "finished":
            raise click.ClickException(f"crawl run {result.run_id} ended with status {result.status} (the lines above "
                                       "say why); what was collected is stored: remove the cause, then --resume "
                                       "continues it")


class _Progress:
    """A live line on a terminal: creators, posts, comments, requests, errors, waits."""

    def __init__(self, platform: str, enabled: bool) -> None:
        self.platform = platform
        self.enabled = enabled
        self.live: Any = None
        self.started = time.monotonic()

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.live import Live

            self.live = Live(self._render({}), console=stderr_console(), refresh_per_second=4, transient=True)
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)

    def update(self, platform: str, stats: dict[str, Any]) -> None:
        if self.live is not None:
            self.live.update(self._render(stats))

    def _render(self, stats: dict[str, Any]) -> Any:
        from rich.text import Text

        return Text(progress_line(self.platform, stats, time.monotonic() - self.started))


def progress_line(platform: str, stats: dict[str, Any], elapsed: float, now: float | None = None) -> str:
    """The live line: counts, elapsed time, time spent waiting, and the wait in progress."""

    def get(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    errors = sum(v for k, v in stats.items() if "/errors/" in k and isinstance(v, int))
    line = (
        f"{platform}: creators {get('creatorscout/stored/creators')}  "
        f"posts {get('creatorscout/stored/posts')}  comments {get('creatorscout/stored/comments')}  "
        f"requests {get('downloader/request_count')}  retries {get('retry/count')}  errors {errors}  "
        f"{_duration(elapsed)}"
    )
    waited = float(stats.get("creatorscout/wait/seconds") or 0)
    if waited >= 1:
        line += f" (waited {_duration(waited)})"
    if stats.get(f"creatorscout/{platform}/quota_units"):
        line += f"  quota {stats[f'creatorscout/{platform}/quota_units']}"
    current = stats.get("creatorscout/wait/current")
    if isinstance(current, dict):
        left = float(current.get("until", 0)) - (time.time() if now is None else now)
        if left >= 1:
            line += f"  | waiting {left:.0f} s {current.get('why', '')}".rstrip()
    return line


def _duration(value: float) -> str:
    seconds = round(value)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _print_summary(row: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    stats = json.loads(row.get("stats") or "{}")
    table = Table(title=f"Crawl run {row.get('id')} — {row.get('platform')} — {row.get('status')}",
                  show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for label, key in (("creators", "creator_count"), ("posts", "post_count"), ("comments", "comment_count"),
                       ("requests", "request_count"), ("responses", "response_count"),
                       ("retries", "retry_count"), ("errors", "error_count"), ("dropped items", "dropped_count"),
                       ("skipped", "skipped_count"), ("quota units", "quota_units")):
        if row.get(key) is not None:
            table.add_row(label, str(row[key]))
    spent = stats.get(f"creatorscout/{row.get('platform')}/quota_spent_today")
    if spent is not None:
        table.add_row("quota spent today (this key)", str(spent))
    if stats.get("elapsed_time_seconds") is not None:
        table.add_row("elapsed", _duration(float(stats["elapsed_time_seconds"])))
    table.add_row("time spent waiting", _duration(float(stats.get("creatorscout/wait/seconds") or 0)))
    statuses = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    if statuses:
        table.add_row("responses by status", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    problems = {k.split("/errors/", 1)[1]: v for k, v in stats.items() if "/errors/" in k}
    if problems:
        table.add_row("problems", ", ".join(f"{k}: {v}" for k, v in sorted(problems.items())))
    skipped = {k.split("/skipped/", 1)[1]: v for k, v in stats.items() if "/skipped/" in k}
    if skipped:
        table.add_row("skipped by reason", ", ".join(f"{k}: {v}" for k, v in sorted(skipped.items())))
    dropped = {k.split("/dropped/", 1)[1]: v for k, v in stats.items() if k.startswith("creatorscout/dropped/")}
    if dropped:
        table.add_row("dropped by reason", ", ".join(f"{k}: {v}" for k, v in sorted(dropped.items())))
    notes = [v for k, v in sorted(stats.items()) if "/note/" in k and isinstance(v, str)]  # what the API cannot give
    if notes:
        table.add_row("note", "; ".join(notes))
    Console(width=None if sys.stdout.isatty() else 140).print(table)


