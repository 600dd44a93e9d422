"""Distributed crawl benchmark: 1 vs 3 workers on one Redis queue, against several sandbox instances of
a platform (Mastodon, YouTube or Bluesky), each with its own per-IP rate-limit budget.

Each instance is one sandbox server (its own world and budget) crawled as one queued crawl
(``crawl --queue``, ``worker``, ``drain``) in its own Redis database. The workers of a run send from
different loopback addresses (127.0.0.1, .2, .3: ``worker -s DOWNLOAD_BIND_ADDRESS=...``), as
workers on different machines would: Mastodon's budget belongs to the IP, so each worker has its
own. Prints, per instance and in total, pages/s of 1 and of 3 workers and their ratio, requests
issued vs the minimum the world needs, the requests and retries the drain's run row counts (the sum
of what the workers published), and whether the store equals the ground truth. For YouTube also the
quota units: the sum of the workers' (run row), the shared Redis ledger and what the sandbox counted.
(The sandbox's Bluesky AppView has its own budget, ``--bluesky-rate-limit``, left at its default.)

    python benchmarks/distributed.py                                  # 2 instances, 60 requests per 10 s each
    python benchmarks/distributed.py --instances 3 --creators 40 --rate-limit 100/10
    python benchmarks/distributed.py --platform youtube --instances 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.distributed import connect  # noqa: E402
from crawler.platforms import get_platform, sandbox_environment  # noqa: E402
from crawler.sandbox.expect import expected_crawl  # noqa: E402

TAGS = ("veganrecipes", "plantbased")
ENV = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(tmp: Path) -> tuple[subprocess.Popen[bytes], int]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--databases", "64", "--dir", str(tmp)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("redis-server did not start")


def start_sandbox(args: argparse.Namespace, seed: int, tmp: Path) -> tuple[subprocess.Popen[str], str, dict]:
    truth_path = tmp / f"truth-{seed}.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.sandbox", "serve", "--seed", str(seed), "--creators", str(args.creators),
         "--posts", str(args.posts), "--comments", str(args.comments), "--platform", args.platform,
         "--rate-limit", args.rate_limit, "--ground-truth", str(truth_path)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    line = proc.stdout.readline().strip() if proc.stdout else ""
    if not line.startswith("SANDBOX_URL="):
        proc.kill()
        raise SystemExit(f"sandbox did not start: {line!r}")
    return proc, line.split("=", 1)[1], json.loads(truth_path.read_text())


def admin_stats(url: str) -> dict:
    import urllib.request

    with urllib.request.urlopen(f"{url}/__sandbox__/stats") as resp:
        return json.loads(resp.read())


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "vetting.cli", *args]


def crawl_instance(args: argparse.Namespace, seed: int, workers: int, queue: str, tmp: Path) -> dict:
    """One queued crawl of a fresh instance with ``workers`` workers; its figures."""
    sandbox, url, truth = start_sandbox(args, seed, tmp)
    db = tmp / f"i{seed}-w{workers}.db"
    host = url.split("://", 1)[1]
    try:
        started = time.monotonic()
        procs = [subprocess.Popen(
            cli("crawl", args.platform, *[a for t in TAGS for a in ("--hashtag", t)], "--max-creators", "1000",
                "--max-posts", "1000", "--max-comments", "1000", *get_platform(args.platform).sandbox_arguments(url),
                *(("--quota", "1000000") if args.platform == "youtube" else ()),  # no search cut short for quota
                "--queue", queue, "-q",
                "-s", f"CREATORSCOUT_ALLOWED_HOSTS={host}", "-s", "AUTOTHROTTLE_ENABLED=False"),
            cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True)]
        client, deadline = connect(queue), time.monotonic() + 60
        while not client.exists("creatorscout:job") and time.monotonic() < deadline:  # published: the drain needs it
            time.sleep(0.1)
        procs += [subprocess.Popen(cli("worker", "--queue", queue, "-q", "-s",
                                       f"DOWNLOAD_BIND_ADDRESS=127.0.0.{n + 2}"),
                                   cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True) for n in range(workers - 1)]
        drain = subprocess.run(cli("drain", "--queue", queue, "--db", str(db), "-q"), cwd=ROOT, env=ENV,
                               capture_output=True, text=True)
        elapsed = time.monotonic() - started
        for proc in procs:
            _, err = proc.communicate(timeout=600)
            if proc.returncode != 0:
                raise SystemExit(f"a worker failed: {err[-2000:]}")
        if drain.returncode != 0:
            raise SystemExit(f"the drain failed: {drain.stderr[-2000:]}")
        stats = admin_stats(url)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
    platform = args.platform
    expected = expected_crawl(truth, platform, TAGS)
    with sqlite3.connect(db) as conn:
        stored = {table: {r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE platform = ?", (platform,))}
                  for table, column in (("creators", "creator_id"), ("posts", "post_id"), ("comments", "comment_id"))}
        run_requests, run_retries, run_units = conn.execute(
            "SELECT request_count, retry_count, quota_units FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        ledger = conn.execute("SELECT SUM(units) FROM quota_ledger "
                              "WHERE key_fingerprint LIKE '%@redis:%'").fetchone()[0]
    # YouTube: a thread's replies beyond the five it includes are not fetched (counted apart).
    comments_ok = (stored["comments"] <= expected.comments if platform == "youtube"
                   else stored["comments"] == expected.comments)
    equal = stored["creators"] == expected.creators and stored["posts"] == expected.posts and comments_ok
    minimum = truth.get("expected_min_requests", {}).get(platform)
    if isinstance(minimum, dict):
        minimum = minimum.get("total")
    pages = stats.get("by_status", {}).get("200", 0)
    return {"elapsed": elapsed, "pages": pages, "requests": stats["requests_total"], "minimum": minimum,
            "equal": equal, "rows": {k: len(v) for k, v in stored.items()}, "run_requests": run_requests,
            "run_retries": run_retries, "quota": (run_units, ledger, stats.get("youtube_quota_used", {}).get(
                "sandbox-key")) if platform == "youtube" else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=("mastodon", "youtube", "bluesky"), default="mastodon",
                        help="the platform of the sandbox instances")
    parser.add_argument("--instances", type=int, default=2, help="sandbox instances (one crawl each)")
    parser.add_argument("--creators", type=int, default=24)
    parser.add_argument("--posts", type=int, default=6)
    parser.add_argument("--comments", type=int, default=6)
    parser.add_argument("--rate-limit", default="60/10", help="each instance's per-IP budget, LIMIT/SECONDS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        redis, port = start_redis(tmp)
        results: dict[int, list[dict]] = {1: [], 3: []}
        try:
            database = 0
            for index in range(args.instances):
                for workers in (1, 3):
                    queue = f"redis://127.0.0.1:{port}/{database}"
                    database += 1
                    result = crawl_instance(args, 100 + index, workers, queue, tmp)
                    results[workers].append(result)
                    print(f"instance {index + 1}, {workers} worker(s): {result['pages']} pages in "
                          f"{result['elapsed']:.1f} s = {result['pages'] / result['elapsed']:.1f} pages/s; "
                          f"requests {result['requests']} vs minimum {result['minimum']} "
                          f"(run row: {result['run_requests']} requests, {result['run_retries']} retries); "
                          f"rows {result['rows']}; "
                          + (f"quota units (workers' sum, store's record of the Redis ledger, platform's count) "
                             f"{result['quota']}; " if result["quota"] else "") +
                          f"store equals ground truth: {result['equal']}", flush=True)
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    rate = {w: sum(r["pages"] for r in rs) / sum(r["elapsed"] for r in rs) for w, rs in results.items()}
    print(f"total: 1 worker {rate[1]:.1f} pages/s, 3 workers {rate[3]:.1f} pages/s, ratio {rate[3] / rate[1]:.2f}x; "
          f"requests 1 worker {sum(r['requests'] for r in results[1])}, 3 workers "
          f"{sum(r['requests'] for r in results[3])}, minimum {sum(r['minimum'] or 0 for r in results[1])}; "
          f"every store equals its ground truth: {all(r['equal'] for rs in results.values() for r in rs)}")


if __name__ == "__main__":
    main()
