"""``creatorscout run PLAN``: the whole scheduled job (crawl, vet, shortlist, reports, retention,
digest) with a log file per run, a one-line summary on stdout and exit codes for schedulers."""

from __future__ import annotations

import logging
import signal
import sqlite3
from pathlib import Path
from typing import Any

import click

from crawler.errors import CrawlStopped, CreatorscoutError
from crawler.plans import PlanError, load_plan
from vetting.cli.options import (
    EXIT_SIGNAL_BASE,
    configure_logging,
    database_error_text,
    os_error_text,
    parse_settings,
    verbosity_options,
)

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_PLAN_ERROR = 2
EXIT_INCOMPLETE = 3  # finished, but short of the plan: a budget ran out or a platform failed
EXIT_LOCKED = 75  # EX_TEMPFAIL: the previous run of the plan still holds its lock


def log_path(folder: Path, started_at: str) -> Path:
    """``<digest folder>/<run start>.log`` (colons left out: they are not allowed in every file system)."""
    return folder / f"{started_at.replace(':', '-')}.log"


def _file_logging(path: Path, verbose: int) -> logging.Handler:
    """Everything of INFO and above (DEBUG with -v) into ``path``; the console keeps its level."""
    from vetting.cli.options import _MinimumLevel

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MinimumLevel(("scrapy", "twisted", "py.warnings"), logging.INFO))
    root = logging.getLogger()
    console_level = root.level
    for existing in root.handlers:
        existing.setLevel(max(existing.level, console_level))  # the console shows what it showed before
    root.addHandler(handler)
    level = logging.DEBUG if verbose else logging.INFO
    root.setLevel(min(console_level, level))
    for name in ("crawler", "vetting"):
        logging.getLogger(name).setLevel(level)
    return handler


@click.command("run")
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("-s", "--set", "raw_settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy/creatorscout setting of every crawl (repeatable).")
@verbosity_options
def run(plan_file: str, raw_settings: tuple[str, ...], verbose: int, quiet: bool) -> None:
    """Run PLAN once: crawl its platforms (only what is new for creators already in the store), vet,
    write the shortlist, the reports and the digest, and apply the plan's retention.

    Prints one line (`run NAME: finished, N creators, M new, verdicts ..., digest PATH`) and
    keeps the whole log in the digest folder (<run start>.log). Exit status: 0 done, 1 error,
    2 plan or usage error, 3 finished but incomplete (a budget ran out or a platform failed),
    75 the previous run still holds the plan's lock, 130/143 stopped by SIGINT/SIGTERM (Ctrl-C
    stops within seconds; the next run continues the interrupted crawls).

    \b
    Example:
        creatorscout run vegan-de.toml
        creatorscout plan schedule vegan-de.toml --every daily
    """
    from crawler.locks import CrawlLocked
    from crawler.timeutil import now_z
    from vetting.run import run_plan

    configure_logging(verbose, quiet)
    settings = parse_settings(raw_settings)
    try:
        plan = load_plan(plan_file)
    except PlanError as exc:
        for problem in exc.problems:
            click.echo(problem.text(exc.path), err=True)
        click.echo(f"Error: {plan_file} is not a valid plan; see `creatorscout plan check {plan_file}`", err=True)
        raise SystemExit(EXIT_PLAN_ERROR) from None
    started_at = now_z("seconds")
    step = {"name": "start"}

    def fail(code: int, message: str, summary: str) -> None:
        logger.info("Error: %s", message)  # into the run's log; the console gets it once, below
        click.echo(f"Error: {message}", err=True)
        click.echo(f"run {plan.name}: {summary}")
        raise SystemExit(code)

    handler: logging.Handler | None = None
    try:
        try:
            handler = _file_logging(log_path(plan.digest, started_at), verbose)
        except OSError as exc:
            fail(EXIT_ERROR, f"cannot write the run's log in {plan.digest}: {exc.strerror or exc}",
                 "failed before it started")
        logger.info("plan %s (%s): run started at %s", plan.name, plan.path, started_at)
        try:
            state = run_plan(plan, started_at=started_at, crawl_settings=settings,
                             on_step=lambda name: step.update(name=name))
        except CrawlLocked as exc:
            fail(EXIT_LOCKED, str(exc), "not started: the previous run is still running")
        except CrawlStopped as exc:
            fail(EXIT_SIGNAL_BASE + exc.signum, str(exc), f"stopped by {signal.Signals(exc.signum).name} "
                                                           f"during {step['name']}")
        except KeyboardInterrupt:  # between the steps' own handling (start-up, lock)
            fail(EXIT_SIGNAL_BASE + signal.SIGINT, "stopped by SIGINT", f"stopped by SIGINT during {step['name']}")
        except sqlite3.DatabaseError as exc:
            logger.info("run failed during %s", step["name"], exc_info=True)
            fail(EXIT_ERROR, database_error_text(exc, str(plan.db)), f"failed during {step['name']}")
        except OSError as exc:
            logger.info("run failed during %s", step["name"], exc_info=True)
            fail(EXIT_ERROR, os_error_text(exc), f"failed during {step['name']}")
        except (CreatorscoutError, ValueError, LookupError) as exc:
            logger.info("run failed during %s", step["name"], exc_info=True)
            fail(EXIT_ERROR, _one_line(exc), f"failed during {step['name']}")
        except Exception as exc:  # boundary: a scheduler needs the summary line and the log, not a traceback
            logger.info("run failed during %s", step["name"], exc_info=True)  # the traceback: log file only
            fail(EXIT_ERROR, f"{type(exc).__name__}: {_one_line(exc)} (the traceback is in the run's log)",
                 f"failed during {step['name']}")
        summary = state.summary()
        logger.info("%s", summary)
        for note in state.skipped:
            logger.info("skipped %s", note)
        click.echo(summary)
        if state.incomplete:
            raise SystemExit(EXIT_INCOMPLETE)
    except KeyboardInterrupt:  # Ctrl-C while starting up or finishing, outside the steps' own handling
        click.echo("Error: stopped by SIGINT", err=True)
        raise SystemExit(EXIT_SIGNAL_BASE + signal.SIGINT) from None
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()


def _one_line(exc: BaseException) -> str:
    text: Any = str(exc).strip() or type(exc).__name__
    return " ".join(str(text).splitlines())


COMMANDS = [run]
