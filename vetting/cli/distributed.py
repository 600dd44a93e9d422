"""``creatorscout worker`` and ``creatorscout drain``: one crawl on several machines through Redis
(see :mod:`crawler.distributed`; ``crawl ... --queue URL`` publishes the crawl)."""

from __future__ import annotations

import signal
from typing import Any

import click

from vetting.cli.options import EXIT_SIGNAL_BASE, configure_logging, db_option, parse_settings, verbosity_options

queue_option = click.option("--queue", "queue_url", required=True, metavar="redis://HOST:PORT/DB",
                            envvar="CREATORSCOUT_QUEUE", help="Redis database of the queued crawl.")


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def end_worker(result: Any) -> None:
    """Exit as a worker's crawl ended: 0 when its share is done, 128+signal after a stop."""
    if result is not None and result.stop_signal is not None:
        click.echo(f"Stopped by {signal.Signals(result.stop_signal).name}: this worker's requests in flight stay "
                   "in Redis; crawl --queue ... --resume queues them again", err=True)
        raise SystemExit(EXIT_SIGNAL_BASE + result.stop_signal)
    from crawler.distributed import QUOTA_REASONS

    if result is not None and result.status in QUOTA_REASONS:
        click.echo("Stopped at the credential's quota budget (shared by every worker): what was collected is in "
                   "Redis for the drain; crawl --queue ... --resume continues when there is quota again", err=True)
        return
    if result is None or result.status != "finished":
        status = "did not start" if result is None else f"ended with {result.status}"
        raise click.ClickException(f"the worker {status} (the lines above say why)")


@click.command()
@queue_option
@click.option("--wait", "wait_seconds", default=30.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait for a crawl to be queued.")
@click.option("-s", "--set", "raw_settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy/creatorscout setting of this worker over the crawl's (repeatable).")
@verbosity_options
def worker(queue_url: str, wait_seconds: float, raw_settings: tuple[str, ...], verbose: int, quiet: bool) -> None:
    """Work on the crawl queued in Redis until it is done; never writes the store.

    Start as many as you like, on any machine that reaches Redis and the platform. Items go to
    Redis for `creatorscout drain`.

    \b
    Example:
        creatorscout worker --queue redis://10.0.0.5:6379/0 -s CONCURRENT_REQUESTS=8
    """
    from crawler.distributed import QueueError, run_worker

    configure_logging(verbose, quiet)
    try:
        result = run_worker(queue_url, wait_seconds=wait_seconds, overrides=parse_settings(raw_settings))
    except QueueError as exc:
        raise _fail(exc) from None
    end_worker(result)


@click.command()
@queue_option
@click.option("--idle", "idle_seconds", default=15.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds without a live worker after which an unfinished crawl's drain ends.")
@db_option
@verbosity_options
def drain(queue_url: str, idle_seconds: float, db_path: str, verbose: int, quiet: bool) -> None:
    """Write the items of the crawl queued in Redis to the store (the only writer).

    Ends when the crawl has finished and every item is written, or when no worker has been alive
    for --idle seconds (the run is then interrupted: `crawl ... --queue URL --resume` continues it).

    \b
    Example:
        creatorscout drain --queue redis://10.0.0.5:6379/0 --db creatorscout.db
    """
    from crawler.distributed import QueueError, connect
    from crawler.distributed import drain as drain_queue

    configure_logging(verbose, quiet)
    try:
        summary = drain_queue(connect(queue_url), db_path, idle_seconds=idle_seconds)
    except QueueError as exc:
        raise _fail(exc) from None
    if not quiet:
        click.echo(f"crawl run {summary['run_id']} {summary['status']}: {summary['creator_count']} creators, "
                   f"{summary['post_count']} posts, {summary['comment_count']} comments written", err=True)
    if summary["status"] == "stopped_quota":
        click.echo(f"crawl run {summary['run_id']} stopped at the quota budget; what was collected is stored. "
                   "crawl ... --queue URL --resume, a worker and this drain continue it when there is quota again",
                   err=True)
        return
    if summary["status"] != "finished":
        raise click.ClickException(
            f"crawl run {summary['run_id']} is not finished ({summary['left_in_flight']} requests in flight of dead "
            "workers); continue it with crawl ... --queue URL --resume, a worker and this drain")


COMMANDS = [worker, drain]
