"""End-to-end crawls through the real CLI, in a subprocess, against the sandbox platform server.

Each test compares the database with the sandbox's ground truth, checks the crawl-run stats and
that no request left for a host other than the sandbox.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_crawl import TAGS, crawl, ids, last_run, rows

from crawler.platforms import get_platform
from crawler.sandbox.expect import expected_crawl

ROOT = Path(__file__).resolve().parents[1]
WORLD = ("--seed", "7", "--creators", "24", "--posts", "6", "--comments", "6")

pytestmark = pytest.mark.slow


def expected_mastodon(truth: dict, tags=TAGS) -> tuple[set[str], set[str], set[str]]:
    e = expected_crawl(truth, "mastodon", tags)
    return set(e.creators), set(e.posts), set(e.comments)


def expected_youtube(truth: dict, tags=TAGS) -> tuple[set[str], set[str], set[str]]:
    e = expected_crawl(truth, "youtube", tags)
    return set(e.creators), set(e.posts), set(e.comments)


def stored_posts(db: Path) -> int:
    """Posts stored so far by a running crawl (0 until its schema exists)."""
    if not db.exists():
        return 0
    try:
        return rows(db, "SELECT COUNT(*) FROM posts")[0][0]
    except sqlite3.OperationalError:  # created, not migrated yet
        return 0


@contextlib.contextmanager
def running(cmd: list[str], **kwargs: object) -> Iterator[subprocess.Popen]:
    """A crawl subprocess that is killed if the test fails before it ends."""
    proc = subprocess.Popen(cmd, cwd=ROOT, **kwargs)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def wait_for_posts(db: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and stored_posts(db) < count:
        time.sleep(0.2)


def assert_consistent(db: Path) -> None:
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_mastodon_crawl_matches_ground_truth(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "m.db"
    result = crawl(sandbox, db, "mastodon")
    creators, posts, comments = expected_mastodon(sandbox.truth)
    assert creators and posts and comments
    assert ids(db, "creators", "creator_id", "mastodon") == creators
    assert ids(db, "posts", "post_id", "mastodon") == posts
    assert ids(db, "comments", "comment_id", "mastodon") == comments
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished" and run["finished_at"]
    assert (run["creator_count"], run["post_count"], run["comment_count"]) == (len(creators), len(posts), len(comments))
    assert run["error_count"] == 0 and run["dropped_count"] == 0
    assert "creatorscout/offsite_blocked" not in stats
    served = sandbox.admin("stats")
    assert served["requests_total"] == run["request_count"]  # every request went to the sandbox
    assert served["rate_limited_429"] == 0
    opted_out = {c["creator_id"] for c in sandbox.truth["creators"] if c["platform"] == "mastodon" and c["opt_out"]}
    assert not opted_out & ids(db, "creators", "creator_id", "mastodon")
    skipped = sum(v for k, v in stats.items() if "/skipped/opt_out/" in k)
    assert skipped == len(opted_out)
    # Discoverable but not indexable is no opt-out: crawled with its posts, the flag stored for the deliveries.
    not_indexable = {c["creator_id"] for c in sandbox.truth["creators"]
                     if c["platform"] == "mastodon" and c["indexable"] is False}
    assert not_indexable and not_indexable <= creators
    assert set(rows(db, "SELECT creator_id FROM creators WHERE indexable = 0")) == {(c,) for c in not_indexable}
    assert rows(db, "SELECT COUNT(*) FROM creators WHERE platform = 'mastodon' AND indexable IS NULL")[0][0] == 0
    assert {r[0] for r in rows(db, "SELECT creator_id FROM posts")} >= not_indexable
    assert stats["creatorscout/mastodon/creators_not_indexable"] == len(not_indexable)
    # Discoveries: one per (hashtag, creator) the world offers; snapshots one per creator.
    found = {(t, c["creator_id"]) for c in sandbox.truth["creators"] if c["creator_id"] in creators
             for t in c["discoverable_by"] if t in TAGS}
    assert set(rows(db, "SELECT hashtag, creator_id FROM discoveries")) == found
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == len(creators)
    # Privacy: commenters are pseudonymised, handles not kept.
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE author_handle IS NOT NULL")[0][0] == 0
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE length(author_key) != 32")[0][0] == 0
    # Efficiency: within 5 % of the minimum the world needs.
    minimum = sandbox.truth["expected_min_requests"]["mastodon"]["total"]
    assert run["request_count"] <= 1.05 * minimum
    assert "Crawl run" in result.stdout


def test_rerun_appends_snapshots_and_never_duplicates(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "m.db"
    crawl(sandbox, db, "mastodon", "-q")
    first = {t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("creators", "posts", "comments")}
    sandbox.admin("advance", {"epochs": 1})
    crawl(sandbox, db, "mastodon", "-q")
    second = {t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("creators", "posts", "comments")}
    assert second["creators"] == first["creators"]
    assert second["posts"] >= first["posts"] and second["comments"] >= first["comments"]
    assert rows(db, "SELECT COUNT(*) FROM crawl_runs")[0][0] == 2
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == 2 * first["creators"]
    changed = rows(db, "SELECT COUNT(*) FROM creators WHERE first_seen_at < last_seen_at")[0][0]
    assert changed == first["creators"]
    assert_consistent(db)


def test_youtube_crawl_matches_ground_truth(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "y.db"
    crawl(sandbox, db, "youtube")
    creators, posts, comments = expected_youtube(sandbox.truth)
    assert ids(db, "creators", "creator_id", "youtube") == creators
    assert ids(db, "posts", "post_id", "youtube") == posts
    stored = ids(db, "comments", "comment_id", "youtube")
    run = last_run(db)
    stats = json.loads(run["stats"])
    not_fetched = stats.get("creatorscout/youtube/skipped/replies_not_fetched", 0)
    assert stored <= comments and len(comments - stored) == not_fetched
    assert run["status"] == "finished" and run["error_count"] == 0
    assert stats["creatorscout/youtube/quota_units"] == sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]
    disabled = {p["post_id"] for p in sandbox.truth["posts"] if p["post_id"] in posts and p["comments_disabled"]}
    assert {r[0] for r in rows(db, "SELECT post_id FROM posts WHERE comments_disabled = 1")} == disabled
    hidden = {c["creator_id"] for c in sandbox.truth["creators"]
              if c["creator_id"] in creators and c["hidden"]["subscriber_count"]}
    assert {r[0] for r in rows(db, "SELECT creator_id FROM creators WHERE followers_count IS NULL")} == hidden
    assert "sandbox-key" not in db.read_bytes().decode("latin-1")


@pytest.mark.parametrize("platform", ["mastodon", "youtube"])
def test_fault_injection_loses_no_item(sandbox_factory, tmp_path, platform):
    sandbox = sandbox_factory(*WORLD, "--fault", "429=0.08", "--fault", "500=0.08", "--fault", "malformed=0.05",
                              "--fault", "slow=0.03", "--fault", "slow_seconds=0.3")
    db = tmp_path / "f.db"
    crawl(sandbox, db, platform, "-q")
    creators, posts, comments = (expected_mastodon if platform == "mastodon" else expected_youtube)(sandbox.truth)
    assert ids(db, "creators", "creator_id", platform) == creators
    assert ids(db, "posts", "post_id", platform) == posts
    stored = ids(db, "comments", "comment_id", platform)
    if platform == "mastodon":
        assert stored == comments
    else:
        stats = json.loads(last_run(db)["stats"])
        assert len(comments - stored) == stats.get("creatorscout/youtube/skipped/replies_not_fetched", 0)
    run = last_run(db)
    served = sandbox.admin("stats")
    assert sum(served["faults_injected"].values()) > 0
    assert run["retry_count"] >= served["faults_injected"].get("429", 0) + served["faults_injected"].get("500", 0)
    assert run["status"] == "finished" and run["dropped_count"] == 0


def test_rate_limit_budget_is_respected_without_429(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "25/1")
    db = tmp_path / "r.db"
    started = time.monotonic()
    crawl(sandbox, db, "mastodon", "-q", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    elapsed = time.monotonic() - started
    served = sandbox.admin("stats")
    assert served["rate_limited_429"] == 0
    assert served["requests_total"] > 25  # more than one window was needed ...
    # ... and the crawl waited for the resets (the first window may be entered at its very end).
    assert elapsed >= served["requests_total"] // 25 - 2
    assert ids(db, "comments", "comment_id", "mastodon") == expected_mastodon(sandbox.truth)[2]


def test_interrupted_crawl_resumes_without_loss_or_duplicates(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.15", "--fault", "attempts=100")
    db = tmp_path / "i.db"
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", "mastodon", "--hashtag", "veganrecipes", "--hashtag",
           "plantbased", "--max-creators", "100", "--max-posts", "50", "--max-comments", "200", "--db", str(db),
           "-s", f"CREATORSCOUT_MASTODON_INSTANCE={sandbox.url}", "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CREATORSCOUT_STORE_BATCH_SIZE=5", "-q"]
    with running(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        wait_for_posts(db, 5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert last_run(db)["status"] == "interrupted"
    assert_consistent(db)
    sandbox.admin("faults", {"rate_slow": 0})
    resumed = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    creators, posts, comments = expected_mastodon(sandbox.truth)
    assert ids(db, "creators", "creator_id", "mastodon") == creators
    assert ids(db, "posts", "post_id", "mastodon") == posts
    assert ids(db, "comments", "comment_id", "mastodon") == comments
    assert rows(db, "SELECT COUNT(*), MAX(status) FROM crawl_runs") == [(1, "finished")]
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == len(creators)


def test_killed_crawl_leaves_a_consistent_database(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--fault", "slow=1.0", "--fault", "slow_seconds=0.1", "--fault", "attempts=100")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", "mastodon", "--hashtag", "veganrecipes", "--db", str(db),
           "-s", f"CREATORSCOUT_MASTODON_INSTANCE={sandbox.url}", "-s", "CREATORSCOUT_STORE_BATCH_SIZE=3", "-q"]
    with running(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        wait_for_posts(db, 3)
        proc.kill()
        proc.wait(timeout=30)
    assert_consistent(db)
    assert rows(db, "SELECT COUNT(*) FROM posts WHERE creator_id NOT IN (SELECT creator_id FROM creators)") == [(0,)]


def test_youtube_quota_budget_stops_cleanly(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "q.db"
    result = crawl(sandbox, db, "youtube", "--quota", "130")
    run = last_run(db)
    assert run["status"] == "stopped_quota" and run["quota_units"] <= 130
    assert "quota" in result.stderr.lower()
    assert sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"] <= 130
    assert_consistent(db)


def test_youtube_quota_exceeded_by_the_platform_stops_cleanly(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--youtube-quota", "215")  # two searches, then a few calls
    db = tmp_path / "qx.db"
    result = crawl(sandbox, db, "youtube", check=False)
    run = last_run(db)
    assert run["status"] == "stopped_quota", result.stderr
    assert "quota exceeded" in result.stderr.lower()
    assert rows(db, "SELECT COUNT(*) FROM creators")[0][0] > 0  # what was collected is stored
    assert_consistent(db)


def test_unknown_hashtag_is_no_results_not_an_error(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "u.db"
    crawl(sandbox, db, "mastodon", "-q", tags=("nosuchtagatall",))
    run = last_run(db)
    assert run["status"] == "finished" and run["creator_count"] == 0 and run["error_count"] == 0


def test_scrapy_crawl_from_the_repository_uses_the_same_store(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "s.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "mastodon", "-a", "hashtags=veganrecipes", "-a", "max_creators=3",
         "-s", f"CREATORSCOUT_DB={db}", "-s", f"CREATORSCOUT_MASTODON_INSTANCE={sandbox.url}",
         "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT COUNT(*) FROM creators")[0][0] == 3
    assert last_run(db)["status"] == "finished"


def test_listed_creators_are_routed_to_their_platform_and_recorded_with_their_source(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    truth = sandbox.truth
    mastodon = next(c for c in truth["creators"] if c["platform"] == "mastodon" and not c["opt_out"])
    youtube = next(c for c in truth["creators"] if c["platform"] == "youtube")
    listed = tmp_path / "agency.txt"
    listed.write_text(f"{mastodon['handle']}\nhttps://www.youtube.com/@{youtube['handle']}\nnot a handle!\n")
    db = tmp_path / "l.db"
    youtube_sandbox = get_platform("youtube").sandbox_arguments(sandbox.url)  # the routed crawl's API too
    result = crawl(sandbox, db, "mastodon", "--instance", sandbox.url, "--handles-file", str(listed),
                   *youtube_sandbox, tags=())
    assert "skipped agency.txt:3" in result.stderr
    assert "1 listed creator on youtube: crawled on youtube" in result.stderr
    assert ids(db, "creators", "creator_id", "mastodon") == {mastodon["creator_id"]}
    assert ids(db, "creators", "creator_id", "youtube") == {youtube["creator_id"]}
    assert set(rows(db, "SELECT platform, creator_id, source, hashtag FROM discoveries")) == {
        ("mastodon", mastodon["creator_id"], "list:agency.txt", ""),
        ("youtube", youtube["creator_id"], "list:agency.txt", "")}
    # Their recent posts come along, as for creators found by hashtag.
    posts = {p["post_id"] for p in truth["posts"] if p["creator_id"] == mastodon["creator_id"]
             and not p["is_repost"]}
    assert posts and posts <= ids(db, "posts", "post_id", "mastodon")
    assert rows(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'finished'")[0][0] == 2
