"""``creatorscout crawl`` and ``creatorscout db ...``."""

from __future__ import annotations

import json
import logging
import shutil
import signal
import sys
import time
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
from vetting.cli.options import (
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    stderr_console,
    verbosity_options,
)
from vetting.wording import plural

EXIT_FAILURE = 1
EXIT_LOCKED = 75  # EX_TEMPFAIL: the same crawl is already running on this database; try later
EXIT_SIGNAL_BASE = 128  # stopped by a signal: 130 for SIGINT, 143 for SIGTERM (as shells report it)


def _settings(values: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="'-s/--set'")
        settings[name.strip()] = setting
    return settings


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
            needs = ", ".join(f"${c.env}" + ("" if c.required else " (optional)") for c in platform.credentials)
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
    @click.option("--hashtag", "hashtags", multiple=True, required=True,
                  help="Hashtag to discover creators by (repeatable; '#' optional).")
    @click.option("--max-creators", default=50, show_default=True, type=int, help="Creators to collect at most.")
    @click.option("--max-posts", default=20, show_default=True, type=int, help="Recent posts per creator.")
    @click.option("--max-comments", default=100, show_default=True, type=int, help="Comments per post (0: none).")
    @click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Ignore posts older than this date.")
    @click.option("--resume", is_flag=True, help="Continue the unfinished crawl with the same arguments.")
    @click.option("--keep-commenter-handles", is_flag=True,
                  help="Store commenters' handles too (default: a keyed hash only).")
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
        command.params.append(click.Option(
            [option.flag, option.name], type=option.type, default=option.default,
            show_default=option.default is not None, help=option.help,
            envvar=_envvars(platform, option),
        ))
    return command


def _envvars(platform: Platform, option: Option) -> list[str] | None:
    """An option that sets a base URL also reads it (and its older names) from the environment."""
    declared = next((u for u in platform.urls if u.name == option.setting), None)
    return None if declared is None else [declared.name, *declared.aliases]


def _platform_help(platform: Platform) -> str:
    lines = [f"Discover creators on {platform.title} by hashtag and collect profiles, posts and comments.", "",
             f"API: {platform.api}.", "", f"Budget: {platform.budget.summary}."]
    if platform.credentials:
        lines += ["", "\b", "Credentials (environment only):"]
        lines += [f"  {c.env}{'' if c.required else ' (optional)'}: {c.help}" for c in platform.credentials]
    urls = [u.name + (f" (or {', '.join(u.aliases)})" if u.aliases else "") + f": {u.help}, default {u.default}"
            for u in platform.urls]
    lines += ["", "\b", "Settings (environment or -s NAME=VALUE):", *(f"  {u}" for u in urls)]
    if platform.example:
        lines += ["", "\b", "Example:", f"    {platform.example}"]
    return "\n".join(lines)


def _crawl(platform: Platform, *, options: dict[str, Any], hashtags: tuple[str, ...], max_creators: int,
           max_posts: int, max_comments: int, since: Any, resume: bool, keep_commenter_handles: bool,
           raw_settings: tuple[str, ...], db_path: str, verbose: int, quiet: bool) -> None:
    from scrapy.settings import Settings

    from crawler.locks import CrawlLock, CrawlLocked, crawl_key, legacy_job_dir, lock_path, mark_dead_runs
    from crawler.runner import CrawlJob, run_crawls
    from crawler.spiders.base import CrawlArguments

    configure_logging(verbose, quiet)
    if not quiet:  # long waits are announced once each, also off a terminal (cron, CI)
        logging.getLogger("crawler.middlewares.waits").setLevel(logging.INFO)
    try:
        args = CrawlArguments.parse(list(hashtags), max_creators, max_posts, max_comments, since.date() if since
                                    else None)
    except CreatorscoutError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        platform.read_credentials()
    except MissingCredentialError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        store = open_store(db_path)
    except click.ClickException as exc:
        raise click.BadParameter(exc.message, param_hint="'--db'") from None
    store.close()

    settings: dict[str, Any] = _settings(raw_settings)
    settings["CREATORSCOUT_KEEP_COMMENTER_HANDLES"] = keep_commenter_handles
    for option in platform.options:
        if options.get(option.name) is not None:
            settings[option.setting] = options[option.name]
    resolved = Settings()
    resolved.setmodule("crawler.settings", priority="project")
    resolved.setdict(settings, priority="cmdline")
    arguments = args.as_dict()
    # The crawl's identity keeps creatorscout 0.1's argument name, so unfinished crawls stay resumable.
    identity = {"hashtag": arguments.pop("hashtags"), **arguments}
    key = crawl_key(db_path, platform.key, {**identity, "base_url": platform.url(resolved)})
    lock = CrawlLock(lock_path(db_path, platform.key, key), f"a {platform.key} crawl with these arguments")
    try:
        lock.acquire()
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(EXIT_LOCKED) from None
    with lock:
        store = open_store(db_path)
        try:
            mark_dead_runs(store, held_key=key)
            previous = store.latest_crawl_run(key)
        finally:
            store.close()
        legacy = legacy_job_dir(db_path, platform.key, {**identity, "instance": options.get("instance")})
        unfinished = previous if previous is not None and previous["status"] != "finished" else None
        if legacy.is_dir():
            # Left by creatorscout 0.1, whose resume read it; a kill -9 leaves it unreadable.
            shutil.rmtree(legacy, ignore_errors=True)
            again = " starting the crawl again; rows already stored are updated, not duplicated" if (
                resume and unfinished is None) else ""
            click.echo(f"note: removed {legacy}, the Scrapy job folder of an older creatorscout (resume now reads "
                       f"the store);{again or ' it is not needed'}", err=True)
            if again:
                resume = False
        if resume and unfinished is None:
            last = " (the last one finished)" if previous is not None else ""
            raise click.UsageError(f"nothing to resume: no unfinished crawl with these arguments in {db_path}{last}")
        if not resume and unfinished is not None:
            click.echo(f"note: crawl run {unfinished['id']} with these arguments is {unfinished['status']}; "
                       "starting a new run (use --resume to continue it instead)", err=True)
        job = CrawlJob(platform.key, args.as_dict(), settings, job_key=key,
                       resume_run_id=unfinished["id"] if resume and unfinished is not None else None)
        progress = _Progress(platform.key, enabled=not quiet and sys.stderr.isatty())
        try:
            with progress:
                results = run_crawls([job], db_path=db_path, on_progress=progress.update)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    result = results[0] if results else None
    stop_signal = result.stop_signal if result is not None else None
    if result is None:
        raise click.ClickException("the crawl did not start (see the log above)")
    if not quiet:
        _print_summary(result.summary)
    if stop_signal is not None and result.status in ("interrupted", "running"):
        click.echo(f"Stopped by {signal.Signals(stop_signal).name}: crawl run {result.run_id} is interrupted and "
                   "keeps what it collected; continue it with the same command and --resume", err=True)
        raise SystemExit(EXIT_SIGNAL_BASE + stop_signal)
    if result.status == "interrupted":
        raise click.ClickException(
            f"crawl run {result.run_id} was interrupted; continue it with the same command and --resume"
        )
    if result.status == "stopped_quota":
        stats = json.loads(result.summary.get("stats") or "{}")
        spent = stats.get(f"creatorscout/{platform.key}/quota_spent_today")
        budget = resolved.getint(platform.budget.quota_setting or "", 0)
        today = f" ({spent} of {budget} units spent today with this key)" if spent is not None else ""
        click.echo(f"Stopped at the {platform.title} quota budget{today}; what was collected is stored. --resume "
                   "continues when there is quota again (it resets at the start of the platform's quota day).",
                   err=True)
    elif result.status != "finished":
        raise click.ClickException(f"crawl run {result.run_id} ended with status {result.status}; what was "
                                   "collected is stored and --resume continues it")


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
    Console(width=None if sys.stdout.isatty() else 140).print(table)


@click.group()
def db() -> None:
    """Inspect and migrate the SQLite store.

    \b
    Example:
        creatorscout db stats
    """


@db.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--runs", default=5, show_default=True, type=click.IntRange(min=0),
              help="How many recent crawl runs to list.")
@db_option
@friendly_errors
def db_stats(as_json: bool, runs: int, db_path: str) -> None:
    """Rows per table and platform, and what the last crawl runs collected.

    \b
    Example:
        creatorscout db stats --db creatorscout.db
    """
    from crawler.locks import mark_dead_runs

    store = open_store(db_path, must_exist=True)
    try:
        mark_dead_runs(store)  # a run whose process is gone is interrupted, not running
        tables = store.table_stats()
        last = store.last_crawl_runs(runs)
        observed = store.snapshot_counts(run["id"] for run in last)
    finally:
        store.close()
    crawl_runs = [_crawl_run_facts(run, observed.get(run["id"])) for run in last]
    if as_json:
        click.echo(json.dumps({"database": db_path, "tables": tables, "crawl_runs": crawl_runs}, indent=2,
                              ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 140)  # no truncated columns in pipes
    # Every registered platform gets a column (0 until crawled), then any other platform in the data.
    present = {p for per in tables.values() for p in per["by_platform"]}
    platforms = [*REGISTRY, *sorted(present - set(REGISTRY))]
    table = Table(title=escape(db_path))
    table.add_column("table")
    for platform in platforms:
        table.add_column(platform, justify="right")
    table.add_column("total", justify="right")
    for name, per in tables.items():
        table.add_row(name, *(str(per["by_platform"].get(p, 0)) for p in platforms), str(per["rows"]))
    console.print(table)
    vetting = tables.get("vetting_runs")
    if vetting and sum(vetting["by_platform"].values()) != vetting["rows"]:
        console.print("vetting_runs: a run counts under every platform whose creators it vetted", style="dim")
    runs_table = Table(title="Last crawl runs: what each collected")
    for column in ("id", "platform", "started_at", "finished_at", "status", "creators", "posts", "comments",
                   "requests", "errors"):
        runs_table.add_column(column)
    for run in crawl_runs:
        collected = run["collected"]
        runs_table.add_row(*(escape(str(value)) if value is not None else "" for value in (
            run.get("id"), run.get("platform"), run.get("started_at"), run.get("finished_at"), run.get("status"),
            collected["creators"], collected["posts"], collected["comments"], run.get("request_count"),
            run.get("error_count"))))
    console.print(runs_table)


def _decoded(value: Any) -> Any:
    """A JSON text column as its value (text that is not JSON stays text)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _crawl_run_facts(run: dict[str, Any], creators_observed: int | None) -> dict[str, Any]:
    """A crawl run with its JSON columns decoded and ``collected``: the creators, posts and comments
    it collected, each counted once.

    ``post_count``/``comment_count`` count rows written, and a row written twice in one crawl (a
    video updated once its comments turn out to be disabled) counts twice; the spider's own counts
    (``creatorscout/<platform>/posts``, ``.../comments``, less rows dropped) count each item once, so
    after one crawl they match the tables. Creators are the run's snapshots (one per creator)."""
    facts = {k: _decoded(v) if k in ("arguments", "stats") else v for k, v in run.items()}
    stats = facts.get("stats") if isinstance(facts.get("stats"), dict) else {}
    prefix = f"creatorscout/{run.get('platform')}/"

    def counted(keys: tuple[str, ...], kind: str, fallback: Any) -> Any:
        found = [stats[prefix + k] for k in keys if isinstance(stats.get(prefix + k), int)]
        if not found:
            return fallback
        dropped = sum(v for k, v in stats.items() if k.startswith(f"creatorscout/dropped/{kind}/")
                      and isinstance(v, int))
        return max(0, sum(found) - dropped)

    facts["collected"] = {
        "creators": creators_observed if creators_observed is not None else run.get("creator_count"),
        "posts": counted(("posts", "posts/replies", "posts/reposts"), "post", run.get("post_count")),
        "comments": counted(("comments",), "comment", run.get("comment_count")),
    }
    return facts


@db.command("migrate")
@db_option
@friendly_errors
def db_migrate(db_path: str) -> None:
    """Create the database or bring its schema up to date.

    \b
    Example:
        creatorscout db migrate --db creatorscout.db
    """
    from crawler.storage import migrate_database

    try:
        applied = migrate_database(db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"applied {plural(len(applied), 'migration')}: {', '.join(applied)}" if applied
               else "schema is up to date")


COMMANDS = [crawl, db]
