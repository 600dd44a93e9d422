"""Stops, kills and resumes: how fast a crawl stops, and whether anything is lost.

Real crawls through the CLI, in subprocesses, against the local sandbox. Prints:

1. stop latency: SIGINT and SIGTERM in each wait state (a rate-limit window, a Retry-After
   wait, normal crawling) on both platforms: seconds from the signal to the process's exit,
   exit code, tracebacks on stderr, the run's status;
2. kill -9 at random points (``--kills`` per platform), then ``--resume``: is the store equal
   to the sandbox's ground truth, and (YouTube) the quota ledger equal to the sandbox's count;
3. two crawls (Mastodon and YouTube) on one database at once, a third copy of one of them
   refused, both killed with -9 at random points several times and resumed: ground truth and
   quota ledger at the end.

    python benchmarks/stops.py                 # everything (a few minutes)
    python benchmarks/stops.py --only stops --seed 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox_process import SandboxProcess  # noqa: E402

from crawler.platforms import get_platform, sandbox_environment  # noqa: E402
from crawler.sandbox.expect import expected_crawl  # noqa: E402

TAGS = ("veganrecipes", "plantbased")
WORLD = ("--seed", "7", "--creators", "40", "--posts", "8", "--comments", "8")
ENV = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(ROOT)}
TRACEBACK_MARKERS = ("Traceback", "CRITICAL", "ReactorNotRunning", "Unhandled error")


class Sandbox(SandboxProcess):
    """The benchmark's world (:data:`WORLD`) with ``args``."""

    def __init__(self, tmp: Path, *args: str) -> None:
        super().__init__(tmp, *WORLD, *args)

    def quota(self) -> int:
        return int(self.admin("stats")["youtube_quota_used"].get("sandbox-key", 0))


def command(sandbox: Sandbox, db: Path, platform: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vetting.cli", "crawl", platform, *[a for t in TAGS for a in ("--hashtag", t)],
            "--max-creators", "100", "--max-posts", "50", "--max-comments", "200", "--db", str(db),
            *get_platform(platform).sandbox_arguments(sandbox.url), "-s", "AUTOTHROTTLE_ENABLED=False", *extra]


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not created / not migrated yet
        return []


def count(db: Path, table: str, platform: str | None = None) -> int:
    where = f" WHERE platform = '{platform}'" if platform else ""
    rows = query(db, f"SELECT COUNT(*) FROM {table}{where}")
    return rows[0][0] if rows else 0


def wait_until(condition: Callable[[], bool], timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def compare(db: Path, sandbox: Sandbox, platform: str) -> dict[str, Any]:
    """Stored ids against the ground truth (YouTube: replies beyond a thread's five are not fetched)."""
    want = expected_crawl(sandbox.truth, platform, TAGS)
    result: dict[str, Any] = {}
    for table, column, expected in (("creators", "creator_id", want.creators), ("posts", "post_id", want.posts),
                                    ("comments", "comment_id", want.comments)):
        stored = {r[0] for r in query(db, f"SELECT {column} FROM {table} WHERE platform = '{platform}'")}
        result[table] = (len(stored & expected), len(expected), len(stored - expected))
    runs = query(db, f"SELECT stats FROM crawl_runs WHERE platform = '{platform}' ORDER BY id DESC LIMIT 1")
    stats = json.loads(runs[0][0] or "{}") if runs else {}
    not_fetched = stats.get("creatorscout/youtube/skipped/replies_not_fetched", 0) if platform == "youtube" else 0
    got, total, extra = result["comments"]
    result["equal"] = (all(r[0] == r[1] and r[2] == 0 for k, r in result.items() if k != "comments")
                       and extra == 0 and total - got == not_fetched)
    return result


def ledger(db: Path) -> int:
    rows = query(db, "SELECT COALESCE(SUM(units), 0) FROM quota_ledger WHERE platform = 'youtube'")
    return rows[0][0] if rows else 0


def status(db: Path, platform: str) -> str:
    rows = query(db, f"SELECT status FROM crawl_runs WHERE platform = '{platform}' ORDER BY id DESC LIMIT 1")
    return rows[0][0] if rows else "-"


# -- 1. stop latency ---------------------------------------------------------------------------
STATES: dict[str, tuple[str, tuple[str, ...], Callable[[Sandbox, Path], bool]]] = {
    "rate-limit window (mastodon)": ("mastodon", ("--rate-limit", "40/600"),
                                     lambda sb, db: sb.admin("stats")["requests_total"] >= 38),
    "Retry-After 600 s (youtube)": ("youtube", ("--fault", "429=1.0", "--fault", "retry_after=600"),
                                    lambda sb, db: sb.admin("stats")["faults_injected"].get("429", 0) >= 1),
    "Retry-After 600 s (mastodon)": ("mastodon", ("--fault", "429=1.0", "--fault", "retry_after=600"),
                                     lambda sb, db: sb.admin("stats")["faults_injected"].get("429", 0) >= 1),
    "crawling (mastodon)": ("mastodon", ("--fault", "slow=1.0", "--fault", "slow_seconds=0.2", "--fault",
                                         "attempts=1000"), lambda sb, db: count(db, "posts") > 0),
    "crawling (youtube)": ("youtube", ("--fault", "slow=1.0", "--fault", "slow_seconds=0.2", "--fault",
                                       "attempts=1000"), lambda sb, db: count(db, "posts") > 0),
    # Answers that take 60 s: requests on the wire get the grace period, then the stop is forced.
    "answer on the wire 60 s (mastodon)": ("mastodon", ("--fault", "slow=1.0", "--fault", "slow_seconds=60"),
                                           lambda sb, db: sb.admin("stats")["requests_total"] >= 1),
}


def stop_latency(tmp: Path) -> None:
    print("\n1. Stop latency (signal -> process gone)")
    print(f"{'state':36} {'signal':8} {'seconds':>8} {'exit':>5} {'tracebacks':>10}  status       waited before")
    worst, tracebacks = 0.0, 0
    for state, (platform, world, ready) in STATES.items():
        for sig in (signal.SIGINT, signal.SIGTERM):
            if "--rate-limit" in world and (into := time.time() % 600) > 580:
                time.sleep(600 - into + 1)  # not right before a window starts: the wait would be short
            sandbox = Sandbox(tmp, *world)
            db = tmp / f"stop-{time.monotonic_ns()}.db"
            proc = subprocess.Popen(command(sandbox, db, platform), cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            try:
                if not wait_until(lambda sb=sandbox, d=db, r=ready: r(sb, d)):
                    raise SystemExit(f"{state}: the crawl never reached the state")
                time.sleep(1.5)  # inside the wait (or mid-crawl)
                sent = time.monotonic()
                proc.send_signal(sig)
                _, err = proc.communicate(timeout=120)
                took = time.monotonic() - sent
            finally:
                if proc.poll() is None:
                    proc.kill()
                sandbox.stop()
            found = sum(err.count(m) for m in TRACEBACK_MARKERS)
            stats = query(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
            waited = json.loads(stats[0][0] or "{}").get("creatorscout/wait/seconds", 0) if stats else 0
            worst, tracebacks = max(worst, took), tracebacks + found
            print(f"{state:36} {sig.name:8} {took:8.2f} {proc.returncode:5} {found:10}  "
                  f"{status(db, platform):12} {waited:.1f} s")
    print(f"slowest stop: {worst:.2f} s   tracebacks: {tracebacks}")


# -- 2. kill -9 at random points ----------------------------------------------------------------
SLOW = ("--fault", "slow=1.0", "--fault", "slow_seconds=0.2", "--fault", "attempts=100000")


def full_crawl_seconds(tmp: Path, platform: str) -> float:
    sandbox = Sandbox(tmp, *SLOW)
    db = tmp / f"full-{platform}.db"
    started = time.monotonic()
    subprocess.run(command(sandbox, db, platform, "-q"), cwd=ROOT, env=ENV, check=True)
    sandbox.stop()
    return time.monotonic() - started


def kill_points(tmp: Path, kills: int, rng: random.Random) -> None:
    print(f"\n2. kill -9 at {kills} random points per platform, then --resume")
    print(f"{'platform':9} {'kill at':>8} {'rows then':>9} {'resume':>7}  {'creators':>9} {'posts':>9} {'comments':>11}"
          f"  {'equal':5} {'ledger':>6} {'sandbox':>7}")
    equal_all, ledger_all = 0, 0
    for platform in ("mastodon", "youtube"):
        duration = full_crawl_seconds(tmp, platform)
        for _ in range(kills):
            sandbox = Sandbox(tmp, *SLOW)
            db = tmp / f"kill-{time.monotonic_ns()}.db"
            at = rng.uniform(0.05, 0.95) * duration
            proc = subprocess.Popen(command(sandbox, db, platform, "-q"), cwd=ROOT, env=ENV)
            time.sleep(at)
            proc.kill()
            proc.wait()
            rows = count(db, "posts") + count(db, "comments")
            sandbox.admin("faults", {"slow": 0})
            resumed = subprocess.run(command(sandbox, db, platform, "-q", "--resume"), cwd=ROOT, env=ENV,
                                     capture_output=True, text=True)
            if resumed.returncode == 2 and "nothing to resume" in resumed.stderr:
                # Killed before its crawl run existed (still starting up) or after it finished.
                resumed = subprocess.run(command(sandbox, db, platform, "-q"), cwd=ROOT, env=ENV)
            result = compare(db, sandbox, platform)
            spent, counted = ledger(db), sandbox.quota()
            sandbox.stop()
            equal_all += result["equal"] and resumed.returncode == 0
            ledger_ok = platform != "youtube" or spent == counted
            ledger_all += ledger_ok
            fmt = lambda r: f"{r[0]}/{r[1]}"  # noqa: E731
            print(f"{platform:9} {at:7.1f}s {rows:9} {resumed.returncode:7}  {fmt(result['creators']):>9} "
                  f"{fmt(result['posts']):>9} {fmt(result['comments']):>11}  {result['equal']!s:5} "
                  f"{spent if platform == 'youtube' else '-':>6} {counted if platform == 'youtube' else '-':>7}")
    print(f"store equal to the ground truth after resume: {equal_all} of {2 * kills}; "
          f"quota ledger equal to the sandbox: {ledger_all} of {2 * kills}")


# -- 3. two crawls at once, killed and resumed -------------------------------------------------
def concurrent(tmp: Path, rounds: int, rng: random.Random) -> None:
    print(f"\n3. Mastodon and YouTube on one database at once, kill -9 at random points {rounds} times, resume")
    sandbox = Sandbox(tmp, "--fault", "slow=1.0", "--fault", "slow_seconds=0.4", "--fault", "attempts=100000")
    db = tmp / "concurrent.db"
    refused = None
    for round_ in range(rounds + 1):
        resume = ("--resume",) if round_ else ()
        started = time.monotonic()
        procs = {p: subprocess.Popen(command(sandbox, db, p, "-q", *resume), cwd=ROOT, env=ENV,
                                     stderr=subprocess.PIPE, text=True) for p in ("mastodon", "youtube")}
        if round_ == 0:
            wait_until(lambda: count(db, "posts") > 0)
            copy = subprocess.run(command(sandbox, db, "mastodon", "-q"), cwd=ROOT, env=ENV, capture_output=True,
                                  text=True)
            refused = (copy.returncode, "already running" in copy.stderr)
        if round_ < rounds:
            time.sleep(max(0.0, rng.uniform(1.5, 4.5) - (time.monotonic() - started)))
            alive = [p for p, proc in procs.items() if proc.poll() is None]
            for proc in procs.values():
                proc.kill()
                proc.wait()
            print(f"  round {round_ + 1}: kill -9 at {time.monotonic() - started:.1f} s (running: {', '.join(alive)}); "
                  f"stored posts {count(db, 'posts')}, comments {count(db, 'comments')}; ledger {ledger(db)}, "
                  f"sandbox {sandbox.quota()}")
            if round_ == rounds - 1:
                sandbox.admin("faults", {"slow": 0})
        else:
            codes = {p: proc.wait() for p, proc in procs.items()}
            print(f"  final resume exit codes: {codes} (2: nothing left to resume, it had finished)")
    for platform in ("mastodon", "youtube"):
        result = compare(db, sandbox, platform)
        print(f"  {platform}: creators {result['creators'][0]}/{result['creators'][1]}, posts "
              f"{result['posts'][0]}/{result['posts'][1]}, comments {result['comments'][0]}/{result['comments'][1]}, "
              f"status {status(db, platform)}, equal to the ground truth: {result['equal']}")
    print(f"  third copy of the Mastodon crawl: exit {refused[0] if refused else '-'}, "
          f"said 'already running': {refused[1] if refused else '-'}")
    spent, counted = ledger(db), sandbox.quota()
    print(f"  quota ledger {spent} units, sandbox counted {counted}: equal {spent == counted}")
    sandbox.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["stops", "kills", "concurrent"])
    parser.add_argument("--kills", type=int, default=5, help="random kill points per platform")
    parser.add_argument("--rounds", type=int, default=3, help="kill rounds of the concurrent crawls")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.only in (None, "stops"):
            stop_latency(tmp)
        if args.only in (None, "kills"):
            kill_points(tmp, args.kills, rng)
        if args.only in (None, "concurrent"):
            concurrent(tmp, args.rounds, rng)


if __name__ == "__main__":
    main()
