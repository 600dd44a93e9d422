"""Incremental crawls: what a second crawl costs after the world moved on, per platform.

Real crawls through the CLI, in subprocesses, against the local sandbox. For each platform: a full
crawl; the world advances one epoch (new posts, follower growth); then the same crawl twice, from
copies of the first store: once in full, once with ``--incremental``. Prints the requests of each
(the store's ``crawl_runs.request_count``), the incremental crawl's share of the first crawl's, and
whether both second stores hold the same creators, posts and comments (nothing lost), and how many
of the world's new posts (ground truth before and after) the incremental crawl stored.

    python benchmarks/incremental_crawls.py                      # all five platforms (about a minute)
    python benchmarks/incremental_crawls.py --platform mastodon --creators 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox_process import SandboxProcess as Sandbox  # noqa: E402

from crawler.platforms import get_platform, sandbox_environment  # noqa: E402
from crawler.sandbox.expect import expected_crawl  # noqa: E402

PLATFORMS = ("mastodon", "youtube", "bluesky", "instagram", "tiktok")
TAGS = ("veganrecipes", "plantbased")
ENV = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(ROOT)}
# Budgets out of the way: this measures requests, not waiting (the crawls are the same either way).
UNLIMITED = ("--rate-limit", "1000000/300", "--bluesky-rate-limit", "1000000/300", "--youtube-quota", "100000000",
             "--instagram", "rate_limit=100000000/300", "--tiktok", "daily_quota=100000000",
             "--tiktok", "daily_records=100000000000")


def crawl(sandbox: Sandbox, db: Path, platform: str, truth: dict[str, Any], *extra: str) -> dict[str, Any]:
    """One crawl through the CLI; its ``crawl_runs`` row."""
    own: list[str] = []
    comments = "200"
    if platform == "instagram":
        own = ["-s", "CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE=0.5"]
    elif platform == "tiktok":
        own, comments = ["--until", truth["now"][:10]], "1000"
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", platform, *[a for t in TAGS for a in ("--hashtag", t)],
           "--max-creators", "100", "--max-posts", "50", "--max-comments", comments, "--db", str(db), "-q",
           *get_platform(platform).sandbox_arguments(sandbox.url), "-s", "AUTOTHROTTLE_ENABLED=False", *own, *extra]
    result = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"{platform} crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())


def contents(db: Path, platform: str) -> dict[str, set[str]]:
    with sqlite3.connect(db) as conn:
        return {table: {r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE platform = ?", [platform])}
                for table, column in (("creators", "creator_id"), ("posts", "post_id"), ("comments", "comment_id"))}


def measure(platform: str, world: tuple[str, ...], tmp: Path) -> dict[str, Any]:
    sandbox = Sandbox(tmp, "--platforms", platform, *world, *UNLIMITED)
    try:
        first_db = tmp / f"{platform}-first.db"
        first = crawl(sandbox, first_db, platform, sandbox.truth)
        sandbox.admin("advance", {"epochs": 1})
        advanced = sandbox.admin("ground-truth")
        full_db, incremental_db = tmp / f"{platform}-full.db", tmp / f"{platform}-incremental.db"
        shutil.copy(first_db, full_db)
        shutil.copy(first_db, incremental_db)
        full = crawl(sandbox, full_db, platform, advanced)
        incremental = crawl(sandbox, incremental_db, platform, advanced, "--incremental")
    finally:
        sandbox.stop()
    expected_new = expected_crawl(advanced, platform, TAGS).posts - expected_crawl(sandbox.truth, platform, TAGS).posts
    stored = contents(incremental_db, platform)
    return {
        "platform": platform,
        "first": first["request_count"],
        "full_again": full["request_count"],
        "incremental": incremental["request_count"],
        "ratio": round(incremental["request_count"] / first["request_count"], 3),
        "same_as_full": stored == contents(full_db, platform),
        "new_posts": f"{len(expected_new & stored['posts'])}/{len(expected_new)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", action="append", choices=PLATFORMS, help="a platform (repeatable; default all)")
    parser.add_argument("--seed", default="7")
    parser.add_argument("--creators", default="40")
    parser.add_argument("--posts", default="8")
    parser.add_argument("--comments", default="8")
    args = parser.parse_args()
    world = ("--seed", args.seed, "--creators", args.creators, "--posts", args.posts, "--comments", args.comments)
    print(f"world: {' '.join(world)}; hashtags {', '.join(TAGS)}; one epoch advanced between the crawls")
    print(f"{'platform':<10} {'first':>6} {'full again':>11} {'incremental':>12} {'ratio':>6} "
          f"{'new posts found':>15}  same store as full")
    with tempfile.TemporaryDirectory() as folder:
        for platform in args.platform or PLATFORMS:
            r = measure(platform, world, Path(folder))
            print(f"{r['platform']:<10} {r['first']:>6} {r['full_again']:>11} {r['incremental']:>12} {r['ratio']:>6} "
                  f"{r['new_posts']:>15}  {'yes' if r['same_as_full'] else 'NO'}")


if __name__ == "__main__":
    main()
