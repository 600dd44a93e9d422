"""``creatorscout db ...`` (and ``crawl``, from :mod:`vetting.cli.crawl`)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from crawler.errors import StoreError
from crawler.platforms import REGISTRY
from vetting.cli.crawl import crawl
from vetting.cli.options import db_option, friendly_errors, open_store
from vetting.wording import plural


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
