"""``creatorscout crawl`` and ``creatorscout db ...``."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from crawler import IMPLEMENTED_PLATFORMS, PLATFORMS
from crawler.errors import CreatorscoutError, StoreError
from vetting.cli.options import (
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    plural,
    stderr_console,
    verbosity_options,
)

EXIT_FAILURE = 1


def _platform(ctx: click.Context, param: click.Parameter, value: str) -> str:
    key = value.strip().lower()
    if key in IMPLEMENTED_PLATFORMS:
        return key
    if key in PLATFORMS:
        raise click.BadParameter(
            f"{key} has no spider yet; implemented: {', '.join(IMPLEMENTED_PLATFORMS)}", ctx, param
        )
    choices = ", ".join(IMPLEMENTED_PLATFORMS)
    raise click.BadParameter(f"unknown platform {value!r}; choose one of {choices}", ctx, param)


def _settings(values: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="'-s/--set'")
        settings[name.strip()] = setting
    return settings


@click.command()
@click.argument("platform", callback=_platform, metavar="PLATFORM")
@click.option("--hashtag", "hashtags", multiple=True, required=True,
              help="Hashtag to discover creators by (repeatable; '#' optional).")
@click.option("--max-creators", default=50, show_default=True, type=int, help="Creators to collect at most.")
@click.option("--max-posts", default=20, show_default=True, type=int, help="Recent posts per creator.")
@click.option("--max-comments", default=100, show_default=True, type=int, help="Comments per post (0: none).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Ignore posts older than this date.")
@click.option("--instance", envvar="CREATORSCOUT_MASTODON_INSTANCE",
              help="Mastodon instance URL (default https://mastodon.social).")
@click.option("--quota", type=int, default=10_000, show_default=True,
              help="YouTube: quota units this crawl may spend (search 100, other calls 1).")
@click.option("--resume", is_flag=True, help="Continue the interrupted crawl with the same arguments.")
@click.option("--keep-commenter-handles", is_flag=True,
              help="Store commenters' handles too (default: a keyed hash only).")
@click.option("-s", "--set", "raw_settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy/creatorscout setting (repeatable).")
@db_option
@verbosity_options
@friendly_errors
def crawl(platform: str, hashtags: tuple[str, ...], max_creators: int, max_posts: int, max_comments: int,
          since: Any, instance: str | None, quota: int, resume: bool, keep_commenter_handles: bool,
          raw_settings: tuple[str, ...], db_path: str, verbose: int, quiet: bool) -> None:
    """Discover creators on PLATFORM by hashtag and collect profiles, posts and comments.

    Platforms: mastodon (public API), youtube (Data API v3; key from $YOUTUBE_API_KEY).
    Interrupt with Ctrl-C once to stop cleanly; `--resume` continues where it stopped.

    \b
    Example:
        creatorscout crawl mastodon --hashtag veganrecipes --hashtag plantbased --max-creators 50
        YOUTUBE_API_KEY=... creatorscout crawl youtube --hashtag veganrecipes --quota 2000
    """
    from crawler.runner import CrawlJob, job_dir_for, run_crawls
    from crawler.spiders.base import CrawlArguments

    configure_logging(verbose, quiet)
    try:
        args = CrawlArguments.parse(list(hashtags), max_creators, max_posts, max_comments, since.date() if since
                                    else None)
    except CreatorscoutError as exc:
        raise click.UsageError(str(exc)) from None
    if platform == "youtube" and not os.environ.get("YOUTUBE_API_KEY"):
        raise click.UsageError(
            "YOUTUBE_API_KEY is not set: create an API key for the YouTube Data API v3 and "
            "export YOUTUBE_API_KEY=..."
        )
    try:
        open_store(db_path).close()
    except click.ClickException as exc:
        raise click.BadParameter(exc.message, param_hint="'--db'") from None

    settings: dict[str, Any] = _settings(raw_settings)
    settings["CREATORSCOUT_KEEP_COMMENTER_HANDLES"] = keep_commenter_handles
    settings["CREATORSCOUT_YOUTUBE_QUOTA"] = quota
    if instance:
        settings["CREATORSCOUT_MASTODON_INSTANCE"] = instance
    arguments = {**args.as_dict(), "hashtag": list(args.hashtags)}
    del arguments["hashtags"]
    job_dir = job_dir_for(Path(db_path), platform, {**arguments, "instance": instance})
    if resume and not job_dir.exists():
        raise click.UsageError("nothing to resume: no interrupted crawl with these arguments")
    if not resume and job_dir.exists():
        click.echo("note: an interrupted crawl with these arguments exists; starting afresh "
                   "(use --resume to continue it instead)", err=True)
    job = CrawlJob(platform, arguments, settings, job_dir=job_dir, resume=resume)

    progress = _Progress(platform, enabled=not quiet and sys.stderr.isatty())
    try:
        with progress:
            results = run_crawls([job], db_path=db_path, on_progress=progress.update)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    result = results[0] if results else None
    if result is None:
        raise click.ClickException("the crawl did not start (see the log above)")
    if not quiet:
        _print_summary(result.summary)
    if result.status == "interrupted":
        raise click.ClickException(
            f"crawl run {result.run_id} was interrupted; continue it with the same command and --resume"
        )
    if result.status == "stopped_quota":
        click.echo("Stopped at the YouTube quota budget; what was collected is stored.", err=True)
    elif result.status not in ("finished", "stopped_quota"):
        raise click.ClickException(f"crawl run {result.run_id} ended with status {result.status}")


class _Progress:
    """A live line on a terminal: creators, posts, comments, requests, errors."""

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

        def get(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        errors = sum(v for k, v in stats.items() if "/errors/" in k and isinstance(v, int))
        elapsed = time.monotonic() - self.started
        line = (
            f"{self.platform}: creators {get('creatorscout/stored/creators')}  "
            f"posts {get('creatorscout/stored/posts')}  comments {get('creatorscout/stored/comments')}  "
            f"requests {get('downloader/request_count')}  retries {get('retry/count')}  errors {errors}  "
            f"{elapsed:.0f}s"
        )
        if stats.get("creatorscout/youtube/quota_units"):
            line += f"  quota {stats['creatorscout/youtube/quota_units']}"
        return Text(line)


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
                       ("skipped", "skipped_count"), ("YouTube quota units", "quota_units")):
        if row.get(key) is not None:
            table.add_row(label, str(row[key]))
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
    store = open_store(db_path, must_exist=True)
    try:
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
    platforms = sorted({p for per in tables.values() for p in per["by_platform"]})
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
