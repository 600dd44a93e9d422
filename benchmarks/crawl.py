"""Crawl benchmark: the real CLI crawl against the local sandbox, compared with `scrapy bench`.

Politeness delays are for real hosts: against the local sandbox this measures the engine, the
parsers and the store. Prints pages/s, items/s, requests issued vs the minimum the world
needs, peak RSS of the crawl process, and — in the same run, on the same machine — the pages/s
of ``scrapy bench`` as the ratio's denominator.

    python benchmarks/crawl.py                       # every registered platform; 1,000 creators x 20 x 20
    python benchmarks/crawl.py --platform youtube --creators 100 --bench-seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.platforms import REGISTRY, get_platform, sandbox_environment  # noqa: E402
from crawler.sandbox.expect import ExpectedCrawl, expected_crawl  # noqa: E402


def scrapy_bench(seconds: int) -> float:
    """pages/s of ``scrapy bench`` (run outside the project so its settings do not apply)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
             "-s", "LOG_LEVEL=INFO"],
            cwd=tmp, capture_output=True, text=True, check=True,
        ).stderr
    responses = int(re.search(r"'downloader/response_count': (\d+)", out).group(1))
    elapsed = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", out).group(1))
    return responses / elapsed


class PeakRss:
    """Polls /proc/PID/status for VmHWM (the kernel's high-water mark of resident memory)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self._stop.is_set():
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def start_sandbox(args: argparse.Namespace, platform: str, tmp: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.sandbox", "serve", "--seed", "11", "--creators", str(args.creators),
         "--posts", str(args.posts), "--comments", str(args.comments), "--hashtag", args.hashtag,
         "--platform", platform, "--rate-limit", "1000000/300", "--bluesky-rate-limit", "1000000/300",
         "--youtube-quota", "100000000", "--instagram", "rate_limit=100000000/300",
         "--tiktok", "daily_quota=100000000", "--tiktok", "daily_records=100000000000",
         "--ground-truth", str(tmp / "ground-truth.json")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    line = proc.stdout.readline().strip()
    if not line.startswith("SANDBOX_URL="):
        proc.kill()
        raise SystemExit(f"sandbox did not start: {line!r}")
    return proc, line.split("=", 1)[1]


def _expected(path: Path, truth: dict, platform: str, args: argparse.Namespace) -> ExpectedCrawl:
    comments_file = truth.get("comments_file")
    comments = None
    if comments_file:
        with (path.parent / Path(comments_file).name).open() as fh:
            comments = [json.loads(line) for line in fh]
    return expected_crawl(truth, platform, [args.hashtag], comments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", default="all", choices=["all", *REGISTRY],
                        help="one platform, or all registered ones (default)")
    parser.add_argument("--creators", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--hashtag", default="veganrecipes")
    parser.add_argument("--bench-seconds", type=int, default=20)
    args = parser.parse_args()
    bench_pps = scrapy_bench(args.bench_seconds)
    for platform in (list(REGISTRY) if args.platform == "all" else [args.platform]):
        bench_platform(platform, args, bench_pps)


def bench_platform(platform: str, args: argparse.Namespace, bench_pps: float) -> None:
    entry = get_platform(platform)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sandbox, url = start_sandbox(args, platform, tmp)
        try:
            db = tmp / "bench.db"
            quota = ["-s", f"{entry.budget.quota_setting}=100000000"] if entry.budget.quota_setting else []
            quota += [arg for ledger in entry.budget.ledgers for arg in ("-s", f"{ledger.setting}=100000000000")]
            if entry.option("until"):  # date windows end on the world's day, not today
                quota += ["--until", json.loads((tmp / "ground-truth.json").read_text())["now"][:10]]
            cmd = [
                sys.executable, "-m", "vetting.cli", "crawl", platform, "--hashtag", args.hashtag,
                # Limits above the world's sizes: the crawl must fetch the whole world.
                "--max-creators", str(args.creators), "--max-posts", str(10 * args.posts),
                "--max-comments", str(50 * args.comments), *quota, "--db", str(db), "-q",
                *entry.sandbox_arguments(url), "-s", "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=32",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "CREATORSCOUT_STORE_BATCH_SIZE=2000",
            ]
            started = time.perf_counter()
            crawl = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **sandbox_environment()})
            rss = PeakRss(crawl.pid)
            crawl.wait()
            wall = time.perf_counter() - started
            peak_mb = rss.stop()
            if crawl.returncode != 0:
                raise SystemExit(f"{platform} crawl failed with exit code {crawl.returncode}")
            truth = json.loads((tmp / "ground-truth.json").read_text())
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)

        expected = _expected(tmp / "ground-truth.json", truth, platform, args)
        conn = sqlite3.connect(db)
        stored = {t: {r[0] for r in conn.execute(f"SELECT {c} FROM {t}")}
                  for t, c in (("creators", "creator_id"), ("posts", "post_id"), ("comments", "comment_id"))}
        run = dict(zip([c[0] for c in conn.execute("SELECT * FROM crawl_runs").description],
                       conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC").fetchone(), strict=True))
        stats = json.loads(run["stats"])
        elapsed = float(stats.get("elapsed_time_seconds") or wall)
        items = run["creator_count"] + run["post_count"] + run["comment_count"]
        minimum = truth.get("expected_min_requests", {}).get(platform)
        if isinstance(minimum, dict):
            minimum = minimum.get("total")
        pages_per_s = run["response_count"] / elapsed

    print(f"== {platform}")
    print(f"world: {args.creators} creators x {args.posts} posts x {args.comments} comments ({platform})")
    print(f"crawl: {run['status']} in {elapsed:.1f} s (wall {wall:.1f} s incl. start-up)")
    print(f"items written (updates included): {run['creator_count']} creators, {run['post_count']} posts, "
          f"{run['comment_count']} comments")
    print(f"pages/s: {pages_per_s:.0f}   items/s: {items / elapsed:.0f}")
    print(f"scrapy bench pages/s (same machine, same run): {bench_pps:.0f}   ratio: {pages_per_s / bench_pps:.2f}x")
    if minimum:
        print(f"requests issued: {run['request_count']}   minimum the world needs: {minimum}   "
              f"ratio: {run['request_count'] / minimum:.3f}x")
    for table, want in (("creators", expected.creators), ("posts", expected.posts), ("comments", expected.comments)):
        missing, extra = len(want - stored[table]), len(stored[table] - want)
        print(f"{table}: stored {len(stored[table])} of {len(want)} in the ground truth; missing {missing}, "
              f"not in it {extra}")
    print(f"retries: {run['retry_count']}   errors: {run['error_count']}   dropped: {run['dropped_count']}")
    print(f"peak RSS of the crawl process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
