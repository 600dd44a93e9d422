"""Stops, kills and resumes of real crawls through the CLI, in subprocesses, against the sandbox.

Every stop — SIGINT or SIGTERM, while a request waits for a rate-limit window or a Retry-After —
ends the process with 130/143, no traceback and an ``interrupted`` run; after a ``kill -9`` the
next ``--resume`` completes the crawl to the sandbox's ground truth; two copies of one crawl
never run at once; YouTube quota is one ledger across kills and resumes. Bounds on time are
generous and only where a hang is the bug.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_crawl_e2e import (
    ROOT,
    TAGS,
    WORLD,
    assert_consistent,
    expected_mastodon,
    expected_youtube,
    ids,
    last_run,
    rows,
    running,
    stored_posts,
)

from crawler.platforms import get_platform, sandbox_environment

pytestmark = pytest.mark.slow

STOP_BOUND = 30  # seconds; the bug was minutes (a whole rate-limit window or Retry-After)
NO_TRACEBACK = ("Traceback", "CRITICAL", "ReactorNotRunning", "Unhandled error")


def command(sandbox, db: Path, platform: str, *extra: str, tags: tuple[str, ...] = TAGS) -> list[str]:
    return [sys.executable, "-m", "vetting.cli", "crawl", platform, *[a for t in tags for a in ("--hashtag", t)],
            "--max-creators", "100", "--max-posts", "50", "--max-comments", "200", "--db", str(db),
            *get_platform(platform).sandbox_arguments(sandbox.url), "-s", "AUTOTHROTTLE_ENABLED=False", *extra]


ENV = {**os.environ, **sandbox_environment()}


def run(cmd: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=ENV)


def wait_until(condition, timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen, sig: int) -> tuple[str, float]:
    """Send ``sig``; the process must end within STOP_BOUND. Returns (stderr, seconds taken)."""
    sent = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=STOP_BOUND)
    return err, time.monotonic() - sent


def assert_clean_stop(proc: subprocess.Popen, err: str, sig: int) -> None:
    assert proc.returncode == 128 + sig, err[-3000:]
    for marker in NO_TRACEBACK:
        assert marker not in err, err[-3000:]
    assert err.count("--resume") == 1, err[-3000:]  # one line saying how to resume


def assert_ground_truth(db: Path, sandbox, platform: str) -> None:
    creators, posts, comments = (expected_mastodon if platform == "mastodon" else expected_youtube)(sandbox.truth)
    assert ids(db, "creators", "creator_id", platform) == creators
    assert ids(db, "posts", "post_id", platform) == posts
    stored = ids(db, "comments", "comment_id", platform)
    if platform == "mastodon":
        assert stored == comments
    else:  # replies beyond the five a thread includes are not fetched (counted)
        assert stored <= comments and len(stored) >= 0.8 * len(comments)
    assert_consistent(db)


def ledger(db: Path) -> int:
    return rows(db, "SELECT COALESCE(SUM(units), 0) FROM quota_ledger WHERE platform = 'youtube'")[0][0]


def assert_ledger_after_kills(db: Path, sandbox, kills: int) -> None:
    """The ledger never counts less than the platform did. A kill -9 can fall between charging a
    request and the bytes leaving (a few microseconds, one turn of the event loop): then it counts
    the requests being sent at that moment, at most CONCURRENT_REQUESTS (16) each, never more."""
    counted = sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]
    assert counted <= ledger(db) <= counted + 16 * kills


def test_sigint_during_a_rate_limit_wait_stops_at_once_and_resumes(sandbox_factory, tmp_path):
    # 40 requests per 10 minutes: after the first 40 the crawl waits for the window (windows start
    # at multiples of 600 s; not right before one, or the wait would be short).
    if (into := time.time() % 600) > 580:
        time.sleep(600 - into + 1)
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "40/600")
    db = tmp_path / "w.db"
    cmd = command(sandbox, db, "mastodon", "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}")
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as proc:
        wait_until(lambda: sandbox.admin("stats")["requests_total"] >= 38, what="the budget to be spent")
        time.sleep(1.5)  # now waiting for the window
        err, _ = stop(proc, signal.SIGINT)
    assert_clean_stop(proc, err, signal.SIGINT)
    assert "waiting" in err and "rate-limit window" in err  # the wait was announced (not a terminal)
    run_ = last_run(db)
    assert run_["status"] == "interrupted"
    stats = json.loads(run_["stats"])
    assert stats["creatorscout/wait/seconds"] > 0
    assert_consistent(db)
    sandbox.admin("rate-limit", {"enabled": False})
    resumed = run([*cmd, "--resume", "-q"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert_ground_truth(db, sandbox, "mastodon")
    assert rows(db, "SELECT COUNT(*), MAX(status) FROM crawl_runs") == [(1, "finished")]


def test_sigterm_during_a_retry_after_wait_on_youtube_exits_143_without_traceback(sandbox_factory, tmp_path):
    # Every request's first try answers 429 with Retry-After: 600.
    sandbox = sandbox_factory(*WORLD, "--fault", "429=1.0", "--fault", "retry_after=600")
    db = tmp_path / "t.db"
    cmd = command(sandbox, db, "youtube", "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}")
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as proc:
        wait_until(lambda: sandbox.admin("stats")["faults_injected"].get("429", 0) >= 1, what="a 429")
        time.sleep(1.5)
        err, _ = stop(proc, signal.SIGTERM)
    assert_clean_stop(proc, err, signal.SIGTERM)
    assert "waiting" in err
    assert last_run(db)["status"] == "interrupted"
    sandbox.admin("faults", {"429": 0})
    resumed = run([*cmd, "--resume", "-q"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert_ground_truth(db, sandbox, "youtube")
    # The 429s were charged too; the ledger agrees with the platform across the stop.
    assert ledger(db) == sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]


@pytest.mark.parametrize("platform", ["mastodon", "youtube"])
def test_kill_9_at_two_points_then_resume_reaches_the_ground_truth(sandbox_factory, tmp_path, platform):
    sandbox = sandbox_factory(*WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.08", "--fault",
                              "attempts=1000")
    db = tmp_path / "k.db"
    cmd = command(sandbox, db, platform, "-q", "-s", "CREATORSCOUT_CHECKPOINT_SECONDS=0.3",
                  "-s", "CREATORSCOUT_STORE_BATCH_SIZE=7")
    total = len((expected_mastodon if platform == "mastodon" else expected_youtube)(sandbox.truth)[1])
    for fraction, resume in ((0.15, ()), (0.5, ("--resume",))):
        with running([*cmd, *resume], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV) as proc:
            wait_until(lambda f=fraction: stored_posts(db) >= f * total or proc.poll() is not None,
                       timeout=120, what="posts to be stored")
            assert proc.poll() is None, "the crawl ended before the kill"
            proc.kill()
            proc.wait(timeout=30)
        assert_consistent(db)
        assert last_run(db)["status"] == "running"  # as the killed process left it ...
    stats = run([sys.executable, "-m", "vetting.cli", "db", "stats", "--json", "--db", str(db)])
    assert json.loads(stats.stdout)["crawl_runs"][0]["status"] == "interrupted"  # ... its process is gone
    sandbox.admin("faults", {"slow": 0})
    resumed = run([*cmd, "--resume"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert_ground_truth(db, sandbox, platform)
    assert rows(db, "SELECT COUNT(*), MAX(status) FROM crawl_runs") == [(1, "finished")]
    run_ = last_run(db)
    creators = len(ids(db, "creators", "creator_id", platform))
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == creators
    assert rows(db, "SELECT COUNT(*) FROM crawl_frontier")[0][0] == 0  # a finished run leaves no frontier
    assert json.loads(run_["stats"])["creatorscout/run_parts"] >= 2
    if platform == "youtube":
        assert_ledger_after_kills(db, sandbox, kills=2)


def test_youtube_quota_is_one_ledger_across_kill_and_resume(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.1", "--fault",
                              "attempts=1000")
    db = tmp_path / "q.db"
    cmd = command(sandbox, db, "youtube", "-q", "--quota", "150", "-s", "CREATORSCOUT_CHECKPOINT_SECONDS=0.3")
    with running(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV) as proc:
        wait_until(lambda: sandbox.admin("stats")["youtube_quota_used"].get("sandbox-key", 0) >= 115,
                   what="quota to be spent")
        proc.kill()
        proc.wait(timeout=30)
    sandbox.admin("faults", {"slow": 0})
    resumed = run([*cmd, "--resume"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    spent = sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]
    assert 134 <= spent <= 150  # the budget was used, never overrun across the kill
    assert_ledger_after_kills(db, sandbox, kills=1)
    assert last_run(db)["status"] == "stopped_quota"
    # A stopped run is resumable; with no quota left today it stops again at once, sending nothing.
    again = run([*cmd, "--resume"])
    assert again.returncode == 0 and "quota" in again.stderr.lower()
    assert sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"] == spent


def test_a_second_copy_of_a_running_crawl_exits_at_once(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.4", "--fault",
                              "attempts=1000")
    db = tmp_path / "c.db"
    cmd = command(sandbox, db, "mastodon", "-q")
    other = command(sandbox, db, "youtube", "-q")  # another crawl on the same database runs alongside
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as first, \
            running(other, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as youtube:
        wait_until(lambda: stored_posts(db) > 0, what="the first crawl to store posts")
        second = run(cmd, timeout=STOP_BOUND)
        assert second.returncode == 75, second.stderr
        assert "already running" in second.stderr and f"PID {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err[-3000:]
        _, err = youtube.communicate(timeout=300)
        assert youtube.returncode == 0, err[-3000:]
    assert_ground_truth(db, sandbox, "mastodon")
    assert_ground_truth(db, sandbox, "youtube")
    assert rows(db, "SELECT platform, status FROM crawl_runs ORDER BY platform") == [
        ("mastodon", "finished"), ("youtube", "finished")]
