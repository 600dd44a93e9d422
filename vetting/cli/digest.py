"""``creatorscout digest``: what changed between two vetting runs, written by hand (``creatorscout run``
writes one per run)."""

from __future__ import annotations

from pathlib import Path

import click

from vetting.cli.options import (
    check_output,
    check_plan,
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    verbosity_options,
)


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False), default="digest", show_default=True,
              help="Folder for digest.html and digest.csv (created if needed).")
@click.option("--run", "run", type=click.IntRange(min=1), help="The vetting run to describe (default: the latest).")
@click.option("--previous", type=click.IntRange(min=1),
              help="The vetting run to compare with (default: the one before --run; none: a first-run digest).")
@click.option("--plan", help="Only the creators that runs of this plan (`creatorscout run`, the plan's name) found, "
                             "as the plan's own digests have them.")
@db_option
@verbosity_options
@friendly_errors
def digest(out: str, run: int | None, previous: int | None, plan: str | None, db_path: str, verbose: int,
           quiet: bool) -> None:
    """Write digest.html and digest.csv: what changed since the previous vetting run.

    New creators, verdict changes and what caused them, follower jumps, engagement leaving its band,
    creators not seen in this run, and crawls of this run that did not finish (the crawls started
    between the two vetting runs).

    \b
    Example:
        creatorscout digest --out digest/
        creatorscout digest --run 5 --previous 3 --out digest/
        creatorscout digest --plan vegan-de --out digest/
    """
    from vetting.digest import build_digest, crawl_runs_between, default_runs, write_digest

    configure_logging(verbose, quiet)
    check_output(out, folder=True)
    store = open_store(db_path, must_exist=True)
    check_plan(store, plan)
    try:
        current, earlier = default_runs(store, run, previous)
        result = build_digest(store, current_run=current, previous_run=earlier,
                              crawl_run_ids=crawl_runs_between(store, current, earlier), plan=plan)
    finally:
        store.close()
    html_path, _ = write_digest(result, Path(out))
    if not quiet:
        click.echo(f"{result.summary()}; open {html_path}")


COMMANDS = [digest]
