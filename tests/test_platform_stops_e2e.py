"""Stops of Bluesky, Instagram and TikTok crawls through the CLI, against the sandbox: SIGINT ends a
crawl within seconds (also while it waits out Instagram's throttling or TikTok's Retry-After), a
kill -9 loses nothing, and ``--resume`` completes the crawl to the sandbox's ground truth in one run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sandbox_crawl import ROOT, TAGS, ids, last_run, rows
from test_crawl_e2e import assert_consistent, running, stored_posts
from test_crawl_stops_e2e import ENV, STOP_BOUND, assert_clean_stop, stop, wait_until

from crawler.platforms import get_platform
from crawler.sandbox.expect import expected_crawl

pytestmark = pytest.mark.slow

WORLD = ("--seed", "7", "--creators", "24", "--posts", "6", "--comments", "6")


def command(sandbox, db: Path, platform: str, *extra: str) -> list[str]:
    own = {"instagram": ("-s", "CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE=60"),
           "tiktok": ("--until", sandbox.truth["now"][:10])}.get(platform, ())
    return [sys.executable, "-m", "vetting.cli", "crawl", platform, *[a for t in TAGS for a in ("--hashtag", t)],
            "--max-creators", "100", "--max-posts", "50", "--max-comments", "1000", "--db", str(db),
            *get_platform(platform).sandbox_arguments(sandbox.url), "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}",
            "-s", "AUTOTHROTTLE_ENABLED=False", *own, *extra]


def assert_ground_truth(db: Path, sandbox, platform: str) -> None:
    expected = expected_crawl(sandbox.truth, platform, TAGS)
    assert ids(db, "creators", "creator_id", platform) == set(expected.creators)
    assert ids(db, "posts", "post_id", platform) == set(expected.posts)
    assert ids(db, "comments", "comment_id", platform) == set(expected.comments)
    assert rows(db, "SELECT COUNT(*), MAX(status) FROM crawl_runs") == [(1, "finished")]


def finish(cmd: list[str]) -> None:
    resumed = subprocess.run([*cmd, "--resume", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env=ENV)
    assert resumed.returncode == 0, resumed.stderr[-3000:]


@pytest.mark.parametrize("platform", ["bluesky", "instagram", "tiktok"])
def test_sigint_and_kill_9_mid_crawl_then_resume_reach_the_ground_truth(sandbox_factory, tmp_path, platform):
    sandbox = sandbox_factory("--platforms", platform, *WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.05",
                              "--fault", "attempts=1000")
    db = tmp_path / "s.db"
    cmd = command(sandbox, db, platform, "-s", "CREATORSCOUT_CHECKPOINT_SECONDS=0.3")
    total = len(expected_crawl(sandbox.truth, platform, TAGS).posts)
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as proc:
        wait_until(lambda: stored_posts(db) >= 0.2 * total or proc.poll() is not None, timeout=120,
                   what="posts to be stored")
        assert proc.poll() is None, "the crawl ended before the stop"
        err, _ = stop(proc, signal.SIGINT)
    assert_clean_stop(proc, err, signal.SIGINT)
    assert last_run(db)["status"] == "interrupted"
    assert_consistent(db)
    with running([*cmd, "--resume", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV) as proc:
        wait_until(lambda: stored_posts(db) >= 0.6 * total or proc.poll() is not None, timeout=120,
                   what="more posts to be stored")
        assert proc.poll() is None, "the resumed crawl ended before the kill"
        proc.kill()
        proc.wait(timeout=30)
    assert_consistent(db)
    sandbox.admin("faults", {"slow": 0})
    finish(cmd)
    assert_ground_truth(db, sandbox, platform)


def test_sigint_while_instagram_waits_out_its_throttling(sandbox_factory, tmp_path):
    # 30 calls per 10 minutes, then code 4 with estimated_time_to_regain_access in minutes.
    sandbox = sandbox_factory("--platforms", "instagram", *WORLD, "--instagram", "rate_limit=30/600",
                              "--instagram", "throttle_code=4")
    db = tmp_path / "i.db"
    cmd = command(sandbox, db, "instagram")
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as proc:
        wait_until(lambda: sandbox.admin("stats")["instagram"]["throttled"] >= 1 or proc.poll() is not None,
                   what="a throttling answer")
        time.sleep(1.5)  # now pausing for the minutes the API named
        assert proc.poll() is None, "the crawl ended instead of waiting"
        err, seconds = stop(proc, signal.SIGINT)
    assert_clean_stop(proc, err, signal.SIGINT)
    assert seconds < STOP_BOUND
    assert last_run(db)["status"] == "interrupted"
    sandbox.admin("instagram", {"rate_limit": 100_000})
    finish(cmd)
    assert_ground_truth(db, sandbox, "instagram")


def test_sigterm_while_tiktok_waits_for_retry_after(sandbox_factory, tmp_path):
    sandbox = sandbox_factory("--platforms", "tiktok", *WORLD, "--tiktok", "throttle_limit=20",
                              "--tiktok", "throttle_window=600")
    db = tmp_path / "t.db"
    cmd = command(sandbox, db, "tiktok")
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) as proc:
        wait_until(lambda: any(k.endswith(".throttled") for k in sandbox.admin("stats")["by_kind"])
                   or proc.poll() is not None, timeout=60, what="a throttled answer")
        time.sleep(2)
        assert proc.poll() is None, "the crawl ended instead of waiting"
        err, seconds = stop(proc, signal.SIGTERM)
    assert_clean_stop(proc, err, signal.SIGTERM)
    assert "waiting" in err and seconds < STOP_BOUND
    assert last_run(db)["status"] == "interrupted"
    sandbox.admin("tiktok", {"throttle_limit": 0})
    finish(cmd)
    assert_ground_truth(db, sandbox, "tiktok")
