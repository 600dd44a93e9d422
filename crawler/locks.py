"""One crawl per (platform, arguments, database) at a time, and which runs' processes are gone.

:func:`crawl_key` names "the same crawl"; :class:`CrawlLock` is an exclusive OS file lock
(``flock``) on ``<db folder>/.creatorscout-jobs/<platform>-<key>.lock``. The kernel releases it
when its process ends in any way (``kill -9`` included), so a lock whose process is dead is
simply taken over; the file only tells a second crawl who holds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from crawler.errors import CreatorscoutError
from crawler.storage import Store
from crawler.timeutil import now_z

__all__ = ["CrawlLock", "CrawlLocked", "crawl_key", "legacy_job_dir", "lock_path", "mark_dead_runs", "pid_alive"]

JOBS_FOLDER = ".creatorscout-jobs"


class CrawlLocked(CreatorscoutError):
    """Another process runs the same crawl on the same database."""


def crawl_key(db_path: str | os.PathLike[str], platform: str, arguments: Mapping[str, Any]) -> str:
    """A short stable name for (database, platform, arguments): the same for the same crawl."""
    identity = {"db": str(Path(db_path).resolve()), "platform": platform, "arguments": dict(arguments)}
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:16]


def lock_path(db_path: str | os.PathLike[str], platform: str, key: str) -> Path:
    return Path(db_path).resolve().parent / JOBS_FOLDER / f"{platform}-{key}.lock"


def legacy_job_dir(db_path: str | os.PathLike[str], platform: str, arguments: Mapping[str, Any]) -> Path:
    """Where creatorscout up to 0.1 kept a crawl's Scrapy JOBDIR (no longer used)."""
    digest = hashlib.sha256(json.dumps(dict(arguments), sort_keys=True, default=str).encode()).hexdigest()[:12]
    return Path(db_path).resolve().parent / JOBS_FOLDER / f"{platform}-{digest}"


def _lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class CrawlLock:
    """An exclusive lock held for as long as one crawl runs; use as a context manager."""

    def __init__(self, path: Path, what: str = "a crawl with these arguments") -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> CrawlLock:
        """Take the lock or raise :class:`CrawlLocked` naming the process that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _lock(fd):
            holder = self._holder(fd)
            os.close(fd)
            raise CrawlLocked(f"{self.what} is already running on this database{holder}: let it finish, or "
                              "stop it first (Ctrl-C, or kill -TERM PID); a second copy would only fight it")
        os.ftruncate(fd, 0)
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "since": now_z("milliseconds")}
        os.write(fd, json.dumps(holder).encode())
        self._fd = fd
        return self

    @staticmethod
    def _holder(fd: int) -> str:
        with contextlib.suppress(OSError, ValueError):
            info = json.loads(os.pread(fd, 4096, 0) or b"{}")
            if info.get("pid"):
                return f" (PID {info['pid']}, since {info.get('since', '?')})"
        return ""

    def release(self) -> None:
        # The file stays: unlinking it while another process waits on it would let two hold "the" lock.
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CrawlLock:
        return self.acquire() if self._fd is None else self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def mark_dead_runs(store: Store, *, held_key: str | None = None, held_keys: Iterable[str] = ()) -> list[int]:
    """Mark ``running`` runs whose process is gone as ``interrupted``; return their ids.

    A run of a crawl whose lock this process holds (``held_key``, ``held_keys``) cannot have a live
    process.
    Otherwise a run started on this machine is dead when its PID no longer exists; runs of other
    machines (a shared folder) are left alone.
    """
    host = socket.gethostname()
    held = {*held_keys, *([held_key] if held_key is not None else [])}

    def gone(run: dict[str, Any]) -> bool:
        if run.get("job_key") in held:
            return run.get("pid") != os.getpid()
        return bool(run.get("pid")) and run.get("host") == host and not pid_alive(int(run["pid"]))

    dead = [run["id"] for run in store.running_crawl_runs() if gone(run)]
    store.mark_interrupted(dead)
    return dead
