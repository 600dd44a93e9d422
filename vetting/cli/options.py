"""Options shared by every command: ``--db``, ``-v/-q``; logging set-up; error translation."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from crawler.errors import CreatorscoutError, StoreError

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = "SQLite database (default: $CREATORSCOUT_DB, else ./creatorscout.db)."


def db_option(func: F) -> F:
    """``--db PATH`` with the ``CREATORSCOUT_DB`` environment fallback."""
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), envvar="CREATORSCOUT_DB",
        default="creatorscout.db", show_default=True, help=DB_HELP,
    )(func)


def verbosity_options(func: F) -> F:
    """``-v`` (more detail, repeatable) and ``-q`` (errors only)."""
    func = click.option("-q", "--quiet", is_flag=True, help="Only print errors.")(func)
    return click.option("-v", "--verbose", count=True, help="More log detail (-vv: Scrapy debug).")(func)


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Only the CLI configures logging: rich output on stderr, Scrapy quiet unless -vv."""
    from rich.logging import RichHandler

    level = logging.ERROR if quiet else (logging.DEBUG if verbose >= 1 else logging.WARNING)
    handler = RichHandler(show_path=False, show_time=verbose >= 1, markup=False, rich_tracebacks=False,
                          console=stderr_console())
    # Scrapy resets its loggers' levels when a crawl starts: filter at the handler instead.
    handler.addFilter(_MinimumLevel(("scrapy", "twisted", "py.warnings"), scrapy_log_level(verbose, quiet)))
    logging.basicConfig(level=level, handlers=[handler], format="%(message)s", force=True)
    for name in ("crawler", "vetting"):
        logging.getLogger(name).setLevel(logging.ERROR if quiet else (logging.DEBUG if verbose else logging.WARNING))
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(scrapy_log_level(verbose, quiet))


class _MinimumLevel(logging.Filter):
    """Drop records of the named loggers below ``level``."""

    def __init__(self, prefixes: tuple[str, ...], level: int) -> None:
        super().__init__()
        self.prefixes = prefixes
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or not record.name.startswith(self.prefixes)


def scrapy_log_level(verbose: int = 0, quiet: bool = False) -> int:
    """Scrapy's own log level for a CLI verbosity: warnings by default, debug with -vv."""
    if quiet:
        return logging.ERROR
    return logging.DEBUG if verbose >= 2 else (logging.INFO if verbose == 1 else logging.WARNING)


@functools.cache
def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def open_store(db_path: str, *, must_exist: bool = False) -> Any:
    """Open the store or fail with a one-line message."""
    from pathlib import Path

    from crawler.storage import Store

    if must_exist and db_path != ":memory:" and not Path(db_path).exists():
        raise click.ClickException(
            f"no database at {db_path}: run `creatorscout crawl ...` first or pass --db PATH"
        )
    try:
        return Store.open(db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def friendly_errors(func: F) -> F:
    """Turn the library's own errors into one-line ``click`` errors (exit 1; usage errors 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise
        except (ValueError, LookupError) as exc:
            if isinstance(exc, CreatorscoutError):
                raise click.UsageError(str(exc)) from None
            raise
        except CreatorscoutError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]
