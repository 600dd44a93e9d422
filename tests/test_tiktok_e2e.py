"""End to end on TikTok: the real CLI crawl against the sandbox's Research API equals the ground truth
(private and deleted accounts skipped, the first 1,000 comments of a video, ids exact beyond 2^53),
within the fewest requests; a rerun duplicates nothing; throttling, server errors and expiring tokens lose
nothing; tokens renewed ahead of their expiry are never refused; the day's quota stops cleanly and --resume
finishes; a seed list crawls exactly the listed creators."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import sandbox_crawl
from sandbox_crawl import TAGS, last_run, rows

from crawler.sandbox.expect import expected_crawl

PLATFORM = "tiktok"
WORLD = ("--platforms", "tiktok", "--seed", "7", "--creators", "24", "--posts", "6", "--comments", "6")

pytestmark = pytest.mark.slow


def crawl(sandbox, db: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """Date windows end on the world's day; every video's 1,000 served comments."""
    return sandbox_crawl.crawl(sandbox, db, PLATFORM, "--until", sandbox.truth["now"][:10], *extra,
                               max_comments=1000, **kwargs)


def ids(db: Path, table: str, column: str) -> set[str]:
    return sandbox_crawl.ids(db, table, column, PLATFORM)


def test_tiktok_crawl_matches_ground_truth_and_a_rerun_duplicates_nothing(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    truth = sandbox.truth
    expected = expected_crawl(truth, "tiktok", TAGS)
    assert expected.creators and expected.posts and expected.comments
    db = tmp_path / "t.db"
    crawl(sandbox, db)
    assert ids(db, "creators", "creator_id") == set(expected.creators)
    assert ids(db, "posts", "post_id") == set(expected.posts)
    assert ids(db, "comments", "comment_id") == set(expected.comments)
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished" and run["error_count"] == 0 and run["dropped_count"] == 0
    # Private and deleted accounts are skipped and counted, none of their videos stored.
    refused = {c["creator_id"] for c in truth["creators"] if c["platform"] == "tiktok" and c["opt_out"]}
    plan = truth["expected_min_requests"]["tiktok"]
    assert set(plan["skipped"]) <= refused and plan["skipped"]
    assert not refused & ids(db, "creators", "creator_id")
    assert sum(v for k, v in stats.items() if "/skipped/" in k and ("private" in k or "deleted" in k)) \
        == len(plan["skipped"])
    # Comments come without authors; missing like counts are NULL; ids are exact 64-bit integers.
    anonymous = "SELECT COUNT(*) FROM comments WHERE author_key IS NOT NULL OR author_handle IS NOT NULL"
    assert rows(db, anonymous)[0][0] == 0
    missing_likes = {p["post_id"] for p in truth["posts"] if p["post_id"] in expected.posts and p["like_count"] is None}
    assert {r[0] for r in rows(db, "SELECT post_id FROM posts WHERE like_count IS NULL")} == missing_likes
    assert all(int(p) > 2**53 for p in ids(db, "posts", "post_id"))
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE instr(text, char(0)) > 0")[0][0] == 0
    # Efficiency: within 5 % of the fewest requests the world needs.
    assert run["request_count"] <= 1.05 * plan["total"], (run["request_count"], plan["total"])

    crawl(sandbox, db, "-q")
    assert rows(db, "SELECT COUNT(*) FROM posts")[0][0] == len(expected.posts)
    assert rows(db, "SELECT COUNT(*) FROM comments")[0][0] == len(expected.comments)
    assert rows(db, "SELECT COUNT(*) FROM creator_snapshots")[0][0] == 2 * len(expected.creators)


def assert_ground_truth(sandbox, db: Path) -> dict:
    """The store holds exactly the world's creators, posts and comments; returns the last run row."""
    expected = expected_crawl(sandbox.truth, "tiktok", TAGS)
    assert ids(db, "creators", "creator_id") == set(expected.creators)
    assert ids(db, "posts", "post_id") == set(expected.posts)
    assert ids(db, "comments", "comment_id") == set(expected.comments)
    return last_run(db)


def test_faults_and_expiring_tokens_lose_no_item(sandbox_factory, tmp_path):
    # (Every query of this world fits one page: an expiring search id is covered by the spider's tests.)
    sandbox = sandbox_factory(*WORLD, "--fault", "429=0.05", "--fault", "500=0.05",
                              "--tiktok", "expire_token_after=40")
    db = tmp_path / "f.db"
    crawl(sandbox, db, "-q")
    run = assert_ground_truth(sandbox, db)
    assert run["status"] == "finished" and run["dropped_count"] == 0
    served = sandbox.admin("stats")["tiktok"]
    assert served["faults_injected"]
    assert served["expired_token_answers"] >= 1 and served["tokens_issued"] >= 2


def test_tokens_renewed_ahead_of_their_expiry_are_never_refused(sandbox_factory, tmp_path):
    """Tokens that live 2 s and answers slowed so that the crawl outlives several of them: each token is
    renewed ahead of its expiry, the sandbox refuses no research call for an expired token (none is
    charged for nothing) and nothing is lost."""
    sandbox = sandbox_factory(*WORLD, "--tiktok", "token_ttl=2", "--fault", "slow=1.0", "--fault", "slow_seconds=0.2",
                              "--fault", "attempts=1000000")
    db = tmp_path / "r.db"
    crawl(sandbox, db, "-q")
    run = assert_ground_truth(sandbox, db)
    assert run["status"] == "finished" and run["dropped_count"] == 0
    served = sandbox.admin("stats")["tiktok"]
    assert served["expired_token_answers"] == 0 and served["tokens_issued"] >= 3, served
    stats = json.loads(run["stats"])
    # Every token after the first was a renewal ahead; the last may have been issued as the crawl closed,
    # its renewal cancelled before it was counted.
    issued = served["tokens_issued"]
    assert issued - 2 <= stats["creatorscout/tiktok/token/renewed_ahead"] <= issued - 1
    assert "creatorscout/tiktok/token/expired" not in stats
    # Every research call the crawl charged to its ledger was served.
    assert stats["creatorscout/tiktok/quota_units"] == sum(served["quota_used"].values())


def test_an_expired_search_id_restarts_its_window_and_the_search_goes_on(sandbox_factory, tmp_path):
    """Two pages a hashtag; each query's first search id expires after one page: the window starts
    again (the same request as its first page: the duplicate filter must not drop it) and every
    creator is found, within the fewest requests plus the two pages each restart costs."""
    sandbox = sandbox_factory("--platforms", "tiktok", "--seed", "7", "--creators", "30", "--posts", "20",
                              "--comments", "3", "--tiktok", "search_id_expires_after=1")
    plan = sandbox.truth["expected_min_requests"]["tiktok"]
    assert all(pages == 2 for pages in plan["discovery_pages_by_tag"].values())
    db = tmp_path / "e.db"
    crawl(sandbox, db, "-q")
    run = assert_ground_truth(sandbox, db)
    stats = json.loads(run["stats"])
    assert stats["creatorscout/tiktok/search/restarted"] == len(TAGS) == sandbox.admin("stats")["tiktok"][
        "searches_expired"]
    assert run["request_count"] == plan["total"] + 2 * len(TAGS)


def test_the_daily_quota_stops_cleanly_and_resume_finishes(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    expected = expected_crawl(sandbox.truth, "tiktok", TAGS)
    db = tmp_path / "q.db"
    first = crawl(sandbox, db, "--quota", "60")
    run = last_run(db)
    assert run["status"] == "stopped_quota", (run["status"], first.stderr[-2000:])
    assert "Traceback" not in first.stderr
    assert ids(db, "creators", "creator_id") < set(expected.creators) or \
        ids(db, "comments", "comment_id") < set(expected.comments)
    # The next day (a fresh ledger here: a larger budget) --resume finishes the same crawl.
    crawl(sandbox, db, "--quota", "100000", "--resume", "-q")
    assert last_run(db)["status"] == "finished"
    assert ids(db, "creators", "creator_id") == set(expected.creators)
    assert ids(db, "posts", "post_id") == set(expected.posts)
    assert ids(db, "comments", "comment_id") == set(expected.comments)


def test_a_wrong_client_is_one_line_and_stores_nothing(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "w.db"
    result = crawl(sandbox, db, "-q", env={"TIKTOK_CLIENT_SECRET": "wrong"}, check=False)
    assert result.returncode == 1
    assert "TIKTOK_CLIENT_KEY" in result.stderr and "Traceback" not in result.stderr
    assert rows(db, "SELECT COUNT(*) FROM creators")[0][0] == 0


def test_a_seed_list_crawls_exactly_the_listed_creators(sandbox_factory, tmp_path):
    sandbox = sandbox_factory(*WORLD)
    expected = expected_crawl(sandbox.truth, "tiktok", TAGS)
    listed = sorted(expected.creators)[:3]
    seeds = tmp_path / "agency.txt"
    seeds.write_text("".join(f"https://www.tiktok.com/@{name}\n" for name in listed))
    db = tmp_path / "s.db"
    crawl(sandbox, db, "--handles-file", str(seeds), tags=())
    assert ids(db, "creators", "creator_id") == set(listed)
    assert ids(db, "posts", "post_id") == {p["post_id"] for p in sandbox.truth["posts"]
                                           if p["creator_id"] in listed and p["post_id"] in expected.posts}
    assert set(rows(db, "SELECT creator_id, source FROM discoveries")) == {(n, "list:agency.txt") for n in listed}
