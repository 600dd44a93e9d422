"""The end-to-end tests' way to run the real ``creatorscout crawl`` in a subprocess against a sandbox
server (``sandbox_factory``) and read what it stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from crawler.platforms import get_platform, sandbox_environment

ROOT = Path(__file__).resolve().parents[1]
TAGS = ("veganrecipes", "plantbased")


def crawl(sandbox, db: Path, platform: str, *extra: str, env: dict | None = None, check: bool = True,
          tags: tuple[str, ...] = TAGS, max_comments: int = 200) -> subprocess.CompletedProcess[str]:
    """Crawl ``platform`` of ``sandbox`` into ``db`` with limits above the test worlds' sizes; every
    request is kept on the sandbox. With ``check`` a non-zero exit fails the test with stderr's tail."""
    cmd = [*crawl_command(sandbox, db, platform, tags=tags, max_comments=max_comments), *extra]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, **sandbox_environment(), **(env or {})})
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def crawl_command(sandbox, db: Path, platform: str, *, tags: tuple[str, ...] = TAGS,
                  max_comments: int = 200) -> list[str]:
    """The command line of :func:`crawl` (for a test that runs it itself, to stop it say)."""
    return [sys.executable, "-m", "vetting.cli", "crawl", platform, *[a for t in tags for a in ("--hashtag", t)],
            "--max-creators", "100", "--max-posts", "50", "--max-comments", str(max_comments), "--db", str(db),
            *get_platform(platform).sandbox_arguments(sandbox.url), "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}",
            "-s", "AUTOTHROTTLE_ENABLED=False"]


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def ids(db: Path, table: str, column: str, platform: str) -> set[str]:
    """The ``column`` values of ``table`` for ``platform``."""
    return {r[0] for r in rows(db, f"SELECT {column} FROM {table} WHERE platform = ?", platform)}


def last_run(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
