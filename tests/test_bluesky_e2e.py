"""End to end on Bluesky: the real CLI crawl against the sandbox's AppView and PDS equals the ground
truth, reruns duplicate nothing, faults and an expiring session lose nothing, and a seed list crawls
exactly the listed creators."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import sandbox_crawl
from sandbox_crawl import TAGS, last_run, rows

from crawler.sandbox.expect import expected_crawl

PLATFORM = "bluesky"
WORLD = ("--platforms", "bluesky", "--seed", "7", "--creators", "24", "--posts", "6", "--comments", "6")

pytestmark = pytest.mark.slow


def crawl(sandbox, db: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return sandbox_crawl.crawl(sandbox, db, PLATFORM, *extra, **kwargs)


def ids(db: Path, table: str, column: str) -> set[str]:
    return sandbox_crawl.ids(db, table, column, PLATFORM)


def expected(truth: dict) -> tuple[set[str], set[str], set[str]]:
    e = expected_crawl(truth, "bluesky", TAGS)
    return set(e.creators), set(e.posts), set(e.comments)


def test_bluesky_crawl_matches_ground_truth_and_a_rerun_duplicates_nothing(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "b.db"
    result = crawl(sandbox, db)
    creators, posts, comments = expected(sandbox.truth)
    assert creators and posts and comments
    assert ids(db, "creators", "creator_id") == creators
    assert ids(db, "posts", "post_id") == posts
    assert ids(db, "comments", "comment_id") == comments
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished" and run["error_count"] == 0 and run["dropped_count"] == 0
    assert all(c.startswith("did:plc:") for c in creators) and all(p.startswith("at://") for p in posts)
    # Opt-outs (the account's own !no-unauthenticated label) are skipped and counted, never stored.
    opted_out = {c["creator_id"] for c in sandbox.truth["creators"] if c["platform"] == "bluesky" and c["opt_out"]
                 and set(c["discoverable_by"]) & set(TAGS)}
    assert opted_out and not opted_out & ids(db, "creators", "creator_id")
    assert stats.get("creatorscout/bluesky/skipped/opt_out/no_unauthenticated") == len(opted_out)
    # Views are unknown on Bluesky, never 0; commenters are pseudonymised.
    assert rows(db, "SELECT COUNT(*) FROM posts WHERE platform = 'bluesky' AND view_count IS NOT NULL")[0][0] == 0
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE author_handle IS NOT NULL")[0][0] == 0
    found = {(t, c["creator_id"]) for c in sandbox.truth["creators"] if c["creator_id"] in creators
             for t in c["discoverable_by"] if t in TAGS}
    assert set(rows(db, "SELECT hashtag, creator_id FROM discoveries WHERE source = 'hashtag'")) == found
    # Efficiency: one login, and within 5 % of the fewest requests the world needs.
    minimum = sandbox.truth["expected_min_requests"]["bluesky"]["total"]
    assert stats["creatorscout/bluesky/session/created"] == 1
    assert run["request_count"] <= 1.05 * minimum
    served = sandbox.admin("stats")
    assert served["rate_limited_429"] == 0
    assert "Crawl run" in result.stdout

    crawl(sandbox, db, "-q")
    assert rows(db, "SELECT COUNT(*) FROM posts")[0][0] == len(posts)
    assert rows(db, "SELECT COUNT(*) FROM comments")[0][0] == len(comments)
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == 2 * len(creators)


def test_faults_and_an_expiring_session_lose_no_item(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD, "--fault", "429=0.08", "--fault", "500=0.08", "--fault", "malformed=0.05",
                              "--fault", "expire_session_after=1")
    db = tmp_path / "f.db"
    crawl(sandbox, db, "-q")
    creators, posts, comments = expected(sandbox.truth)
    assert ids(db, "creators", "creator_id") == creators
    assert ids(db, "posts", "post_id") == posts
    assert ids(db, "comments", "comment_id") == comments
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished" and run["dropped_count"] == 0
    assert stats.get("creatorscout/bluesky/session/expired", 0) >= 1
    assert stats["creatorscout/bluesky/session/created"] + stats.get("creatorscout/bluesky/session/refreshed", 0) >= 2
    assert sum(sandbox.admin("stats")["faults_injected"].values()) > 0


def test_a_wrong_app_password_is_one_line_and_stores_nothing(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "w.db"
    result = crawl(sandbox, db, "-q", env={"BLUESKY_APP_PASSWORD": "wrong-pass-word-0000"}, check=False)
    assert result.returncode == 1
    assert "Bluesky refused to log in for scout.bsky.social" in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(db, "SELECT COUNT(*) FROM creators")[0][0] == 0


def test_a_seed_list_crawls_exactly_the_listed_creators_without_a_login(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    creators, posts, _ = expected(sandbox.truth)
    listed = sorted(creators)[:3]
    handles = {c["creator_id"]: c["handle"] for c in sandbox.truth["creators"]}
    seeds = tmp_path / "agency.csv"
    seeds.write_text("name,profile_url\n" + "".join(
        f"creator {i},https://bsky.app/profile/{handles[did] if i % 2 else did}\n" for i, did in enumerate(listed))
        + "broken,not a profile\n")
    db = tmp_path / "s.db"
    env = {"BLUESKY_HANDLE": "", "BLUESKY_APP_PASSWORD": ""}
    result = crawl(sandbox, db, "--handles-file", str(seeds), tags=(), env=env)
    assert "agency.csv:5" in result.stderr
    assert ids(db, "creators", "creator_id") == set(listed)
    assert ids(db, "posts", "post_id") == {p["post_id"] for p in sandbox.truth["posts"]
                                           if p["creator_id"] in listed and p["post_id"] in posts}
    assert set(rows(db, "SELECT creator_id, source, hashtag FROM discoveries")) == {
        (did, "list:agency.csv", "") for did in listed}
