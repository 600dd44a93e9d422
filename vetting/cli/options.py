"""Options shared by every command: ``--db``, ``-v/-q``; logging set-up; error translation."""

from __future__ import annotations

import functools
import logging
import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from crawler.errors import CrawlStopped, CreatorscoutError, StoreError

logger = logging.getLogger(__name__)

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
    """Open the store or fail with a one-line message (a ``--db`` that names no file is a usage error)."""
    from crawler.storage import Store

    if must_exist and db_path != ":memory:" and not Path(db_path).exists():
        raise click.BadParameter(
            f"no database at {db_path}: run `creatorscout crawl ...` first or pass --db PATH", param_hint="'--db'"
        )
    try:
        return Store.open(db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def check_plan(store: Any, plan: str | None) -> None:
    """A ``--plan`` this store knows, else one line naming the plans it does know (the store is closed then)."""
    if plan is None:
        return
    known = store.plan_names()
    if plan not in known:
        store.close()
        listed = f"plans with crawls in it: {', '.join(known)}" if known else "no plan has run on it yet"
        raise click.BadParameter(f"no crawl of plan {plan!r} in this database ({listed})", param_hint="'--plan'")


def check_language(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """``--market-language``: a two-letter ISO 639-1 code, lower-cased."""
    if value is None:
        return None
    code = value.strip()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise click.BadParameter(f"expected a two-letter ISO 639-1 code such as de or en, got {value!r}", ctx, param,
                                 param_hint="'--market-language'")
    return code.lower()


def check_output(path: str | Path, *, folder: bool = False, param_hint: str = "'--out'") -> Path:
    """``path`` if a file (or with ``folder``, a folder) can be written there, else a usage error.

    Missing folders are created by the writers; the nearest existing one must be a folder this
    user may write in. (Whatever still fails while writing is a one-line error from
    :func:`friendly_errors`.)"""
    target = Path(path)
    if folder and target.exists() and not target.is_dir():
        raise click.BadParameter(f"{target} is a file, not a folder", param_hint=param_hint)
    if not folder and target.is_dir():
        raise click.BadParameter(f"{target} is a folder: give a file name", param_hint=param_hint)
    ancestor = (target if folder else target.parent).absolute()
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise click.BadParameter(f"cannot write {target}: {ancestor} is a file, not a folder", param_hint=param_hint)
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise click.BadParameter(f"cannot write {target}: no permission to write in {ancestor}", param_hint=param_hint)
    return target


EXIT_SIGNAL_BASE = 128  # stopped by a signal: 130 for SIGINT, 143 for SIGTERM (as shells report it)


def parse_settings(values: tuple[str, ...]) -> dict[str, str]:
    """``-s NAME=VALUE`` options as a dict (a value without ``=`` or a name is a usage error)."""
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="'-s/--set'")
        settings[name.strip()] = setting
    return settings


def database_error_text(exc: sqlite3.DatabaseError, db_path: str | None) -> str:
    """One line for an SQLite error met while reading or writing the store."""
    name = db_path or "the database"
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "locked" in message or "busy" in message:
        return (f"database {name} is busy: another process is writing to it ({message}); "
                "try again when it has finished")
    if message.startswith("Could not decode to UTF-8"):
        column = message.split("column ", 1)[1].split(" with text", 1)[0] if "column " in message else "a column"
        message = f"a stored text in column {column} is not valid UTF-8"
    return (f"database {name} is damaged ({message}): restore a backup, or recover what is readable with "
            f"`sqlite3 {name} .recover | sqlite3 recovered.db`")


def os_error_text(exc: OSError) -> str:
    """One line for a file that could not be read or written."""
    filename = exc.filename
    if isinstance(filename, str) and filename.endswith(".part"):
        filename = filename[: -len(".part")]  # the writers write NAME.part, then rename it to NAME
    reason = exc.strerror or str(exc)
    return f"{filename}: {reason}" if filename else reason


def friendly_errors(func: F) -> F:
    """Turn the library's own errors into one-line ``click`` errors (exit 1; usage errors 2).

    Also at this boundary: SQLite errors (a damaged or busy database) and file errors (a folder
    that vanished, a full disk) become one line with exit 1, never a traceback."""

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
        except CrawlStopped as exc:
            click.echo(f"Error: {exc}", err=True)
            raise SystemExit(EXIT_SIGNAL_BASE + exc.signum) from None
        except KeyboardInterrupt:
            # Ctrl-C before or after the part that stops gracefully: one line, the shell's status.
            click.echo("Error: stopped by SIGINT before anything was finished; nothing more was written", err=True)
            raise SystemExit(EXIT_SIGNAL_BASE + signal.SIGINT) from None
        except CreatorscoutError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            logger.debug("database error", exc_info=True)
            raise click.ClickException(database_error_text(exc, kwargs.get("db_path"))) from None
        except OSError as exc:
            logger.debug("file error", exc_info=True)
            raise click.ClickException(os_error_text(exc)) from None

    return wrapper  # type: ignore[return-value]
