"""Incremental crawls end to end, per platform: crawl, let the sandbox world move on (new posts,
follower growth), crawl again with ``--incremental``. The store then equals the ground truth of the
advanced world, the second crawl fetched comments only for the new posts, refreshed every profile
(a snapshot per run), and cost a fraction of the first crawl's requests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sandbox_crawl import ROOT, TAGS, crawl, crawl_command, ids, last_run, rows
from test_crawl_e2e import running, stored_posts
from test_crawl_stops_e2e import ENV, wait_until

from crawler.sandbox.expect import expected_crawl
from crawler.spiders.base import DEFAULT_REFRESH_POSTS as REFRESH_POSTS

pytestmark = pytest.mark.slow

WORLD = ("--seed", "7", "--creators", "24", "--posts", "6", "--comments", "6")

# The second crawl's requests as a share of the first's, at most (measured: benchmarks/incremental_crawls.py).
# Instagram saves nothing here: Business Discovery answers the profile and the newest media in one
# call, so refreshing the profile costs what crawling the creator cost; the hashtag listings stay.
MAX_RATIO = {"mastodon": 0.5, "youtube": 0.6, "bluesky": 0.5, "instagram": 1.1, "tiktok": 0.7}


def platform_arguments(platform: str, truth: dict) -> tuple[tuple[str, ...], dict]:
    """What each platform's e2e tests pass besides the common arguments."""
    if platform == "instagram":  # the sandbox announces throttles in minutes: a minute lasts half a second
        return ("-s", "CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE=0.5"), {}
    if platform == "tiktok":  # date windows end on the world's day; every video's 1,000 served comments
        return ("--until", truth["now"][:10]), {"max_comments": 1000}
    return (), {}


# Between the crawls the likes of every post grow by half, and (late federation) a few creators of
# Mastodon and Bluesky get a post dated six hours before their newest one.
ADVANCE = {"epochs": 1, "engagement_growth": 0.5}
BACKDATED = {"mastodon": 3, "bluesky": 3}


def newest_originals(truth: dict, posts: frozenset[str], n: int) -> set[str]:
    """The ``n`` newest of each creator's ``posts`` that are originals (what a crawl refreshes)."""
    by_creator: dict[str, list[tuple[str, str]]] = {}
    for p in truth["posts"]:
        if p["post_id"] in posts and not p["is_repost"]:
            by_creator.setdefault(p["creator_id"], []).append((p["created_at"], p["post_id"]))
    return {post_id for items in by_creator.values() for _, post_id in sorted(items, reverse=True)[:n]}


def run_twice(sandbox, db: Path, platform: str) -> tuple[dict, dict, dict]:
    """Crawl, advance the world one epoch, crawl with --incremental: both runs and the new truth
    (``advanced["backdated"]``: the ids of the posts planted with an earlier date)."""
    extra, kwargs = platform_arguments(platform, sandbox.truth)
    crawl(sandbox, db, platform, "-q", *extra, **kwargs)
    first = last_run(db)
    planted = sandbox.admin("advance", {**ADVANCE, "backdated": BACKDATED.get(platform, 0)})["backdated"]
    advanced = {**sandbox.admin("ground-truth"), "backdated": planted}
    extra, kwargs = platform_arguments(platform, advanced)
    crawl(sandbox, db, platform, "-q", "--incremental", *extra, **kwargs)
    return first, last_run(db), advanced


@pytest.mark.parametrize("platform", ["mastodon", "youtube", "bluesky", "instagram", "tiktok"])
def test_incremental_crawl_reaches_the_advanced_ground_truth(sandbox_factory, tmp_path, platform):
    sandbox = sandbox_factory("--platforms", platform, *WORLD)
    db = tmp_path / f"{platform}.db"
    before = expected_crawl(sandbox.truth, platform, ("veganrecipes", "plantbased"))
    first, second, advanced = run_twice(sandbox, db, platform)
    after = expected_crawl(advanced, platform, ("veganrecipes", "plantbased"))
    new_posts = after.posts - before.posts
    assert new_posts, "the advanced world has no new post to find"
    assert json.loads(second["arguments"]).get("incremental") is True
    assert second["status"] == "finished" and second["error_count"] == 0

    # The store equals the advanced world's ground truth (TikTok: plus the videos that aged out of
    # its 180-day window since the first crawl; they stay stored).
    stored_posts = ids(db, "posts", "post_id", platform)
    assert ids(db, "creators", "creator_id", platform) == after.creators
    if platform == "tiktok":
        assert after.posts <= stored_posts and stored_posts - after.posts <= before.posts
    else:
        assert stored_posts == after.posts
    assert ids(db, "comments", "comment_id", platform) == after.comments | before.comments

    # Comments were fetched only for the new posts; every profile was refreshed with this run's counts.
    stats = json.loads(second["stats"])
    fetched = {r[0] for r in rows(db, "SELECT DISTINCT post_id FROM comments WHERE fetched_at >= ?",
                                  second["started_at"][:19] + "Z")}
    assert fetched <= new_posts
    snapshots = rows(db, "SELECT COUNT(*) FROM creator_snapshots WHERE crawl_run_id = ?", second["id"])[0][0]
    assert snapshots == len(after.creators)
    seen = rows(db, "SELECT COUNT(*) FROM creators WHERE platform = ? AND last_seen_at >= ?", platform,
                second["started_at"][:19] + "Z")[0][0]
    assert seen == len(after.creators)
    grown = rows(db, "SELECT COUNT(*) FROM creator_snapshots a JOIN creator_snapshots b USING (platform, creator_id) "
                 "WHERE a.crawl_run_id = ? AND b.crawl_run_id = ? AND b.followers_count > a.followers_count",
                 first["id"], second["id"])[0][0]
    assert grown > 0  # the world's follower growth reached the store
    assert stats[f"creatorscout/{platform}/incremental/known_creators"] == len(before.creators)

    # Late posts dated before the newest stored one were found (the overlap margin) with their comments.
    backdated = set(advanced["backdated"]) & after.posts
    if platform in BACKDATED:
        assert backdated and backdated <= stored_posts and backdated <= new_posts
        assert {r[0] for r in rows(db, "SELECT DISTINCT post_id FROM comments")} >= {
            p["post_id"] for p in advanced["posts"] if p["post_id"] in backdated and p["comment_ids"]}

    # The stored posts on the pages read carry this run's counts (TikTok: those of the overlap's days).
    truth_likes = {p["post_id"]: p["like_count"] for p in advanced["posts"] if p["like_count"] is not None}
    refreshed = {r[0]: r[1] for r in rows(db, "SELECT post_id, like_count FROM posts WHERE platform = ? AND "
                                          "fetched_at >= ?", platform, second["started_at"][:19] + "Z")}
    old_posts = {i for i in before.posts & after.posts if i in truth_likes}
    assert old_posts & set(refreshed)
    if platform != "tiktok":  # the first page of each known creator holds their newest stored posts
        assert newest_originals(sandbox.truth, before.posts, REFRESH_POSTS) & truth_likes.keys() <= set(refreshed)
    assert all(refreshed[i] == truth_likes[i] for i in old_posts & set(refreshed))
    assert stats[f"creatorscout/{platform}/incremental/refreshed_posts"] >= len(old_posts & set(refreshed))

    ratio = second["request_count"] / first["request_count"]
    assert ratio <= MAX_RATIO[platform], (second["request_count"], first["request_count"])


def test_a_full_crawl_after_an_incremental_one_changes_nothing(sandbox_factory, tmp_path):
    """The incremental crawl missed nothing a full crawl of the same world would find."""
    sandbox = sandbox_factory("--platforms", "mastodon", *WORLD)
    db = tmp_path / "m.db"
    run_twice(sandbox, db, "mastodon")
    counts = {t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("creators", "posts", "comments")}
    crawl(sandbox, db, "mastodon", "-q")
    assert {t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in counts} == counts


@pytest.mark.parametrize("platform", ["mastodon", "bluesky"])
def test_kill_9_mid_incremental_crawl_then_resume_reaches_the_ground_truth(sandbox_factory, tmp_path, platform):
    """Killed before its first regular checkpoint, after some new rows were stored (small batches), an
    incremental crawl resumes with the cutoffs it started with: re-reading the half-updated store
    would take its newest posts for stored ones and never fetch their comments."""
    sandbox = sandbox_factory("--platforms", platform, *WORLD)
    db = tmp_path / f"{platform}.db"
    crawl(sandbox, db, platform, "-q")
    before = expected_crawl(sandbox.truth, platform, TAGS)
    planted = sandbox.admin("advance", {**ADVANCE, "backdated": BACKDATED[platform]})["backdated"]
    after = expected_crawl(sandbox.admin("ground-truth"), platform, TAGS)
    stored_before = stored_posts(db)
    sandbox.admin("faults", {"slow": 1.0, "slow_seconds": 0.05})
    cmd = [*crawl_command(sandbox, db, platform), "--incremental", "-q", "-s", "CREATORSCOUT_STORE_BATCH_SIZE=3",
           "-s", "CREATORSCOUT_CHECKPOINT_SECONDS=10000"]
    with running(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV) as proc:
        wait_until(lambda: stored_posts(db) >= stored_before + 3 or proc.poll() is not None, timeout=120,
                   what="new posts to be stored")
        assert proc.poll() is None, "the crawl ended before the kill"
        proc.kill()
        proc.wait(timeout=30)
    assert last_run(db)["status"] == "running"  # killed: nobody marked it
    sandbox.admin("faults", {"slow": 0})
    resumed = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=ENV)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert rows(db, "SELECT COUNT(*) FROM crawl_runs")[0][0] == 2  # the first crawl and the resumed one
    assert last_run(db)["status"] == "finished"
    assert ids(db, "creators", "creator_id", platform) == after.creators
    assert ids(db, "posts", "post_id", platform) == after.posts
    assert ids(db, "comments", "comment_id", platform) == after.comments | before.comments
    assert set(planted) & after.posts <= ids(db, "posts", "post_id", platform)
