"""A plan run twice in a row: what the second ``creatorscout run`` costs against the first.

One sandbox serves all five platforms; a plan crawls each of them by two hashtags. The plan is run
twice through the CLI (in subprocesses), the second right after the first: its crawls are
incremental (known creators: profile refreshed, only newer posts), so it should cost a small share
of the first. Prints the requests of each run per platform (``crawl_runs.request_count``), the
ratio, the exit codes and the wall time.

    python benchmarks/plan_rerun.py                  # 40 creators (about a minute)
    python benchmarks/plan_rerun.py --creators 100
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.platforms import REGISTRY, sandbox_environment  # noqa: E402

UNLIMITED = ("--rate-limit", "1000000/300", "--bluesky-rate-limit", "1000000/300", "--youtube-quota", "100000000",
             "--instagram", "rate_limit=100000000/300", "--tiktok", "daily_quota=100000000",
             "--tiktok", "daily_records=100000000000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sandbox = subprocess.Popen(
            [sys.executable, "-m", "crawler.sandbox", "serve", "--seed", str(args.seed), "--creators",
             str(args.creators), "--platforms", ",".join(REGISTRY), *UNLIMITED],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        try:
            url = sandbox.stdout.readline().strip().split("=", 1)[1]
            world_day = "2026-06-01"  # the sandbox's clock (epoch 0)
            tables = "".join(f'[platforms.{key}]\nhashtags = ["veganrecipes", "plantbased"]\n'
                             + (f'until = "{world_day}"\n' if REGISTRY[key].option("until") else "")
                             for key in REGISTRY)
            plan = tmp / "bench.toml"
            plan.write_text(f'name = "bench"\nniche = "vegan recipes, plant-based cooking"\ndb = "bench.db"\n{tables}'
                            "[limits]\nmax_creators = 1000\nmax_posts = 50\nmax_comments = 200\n")
            settings = [a for p in REGISTRY.values() for a in p.sandbox_arguments(url)]
            settings += ["-s", f"CREATORSCOUT_ALLOWED_HOSTS={url.split('//', 1)[1]}",
                         "-s", "AUTOTHROTTLE_ENABLED=False"]
            runs = []
            for _ in range(2):
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "vetting.cli", "run", str(plan), "-q", *settings],
                                      cwd=ROOT, env=env, capture_output=True, text=True)
                runs.append((done.returncode, time.perf_counter() - started, done.stdout.strip().splitlines()[-1:]))
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)
        with sqlite3.connect(tmp / "bench.db") as conn:
            rows = conn.execute("SELECT id, platform, request_count FROM crawl_runs ORDER BY id").fetchall()
    per_run = len(REGISTRY)
    first = {p: n for _, p, n in rows[:per_run]}
    second = {p: n for _, p, n in rows[per_run:2 * per_run]}
    print(f"sandbox: {args.creators} creators (seed {args.seed}) on {', '.join(REGISTRY)}; plan: 2 hashtags each")
    for i, (code, seconds, summary) in enumerate(runs, start=1):
        print(f"run {i}: exit {code} in {seconds:.1f} s   {summary[0] if summary else ''}")
    print(f"{'platform':<10} {'run 1':>7} {'run 2':>7} {'ratio':>7}")
    for platform in REGISTRY:
        a, b = first.get(platform) or 0, second.get(platform) or 0
        print(f"{platform:<10} {a:>7} {b:>7} {b / a if a else float('nan'):>7.3f}")
    total_a, total_b = sum(v or 0 for v in first.values()), sum(v or 0 for v in second.values())
    print(f"{'all':<10} {total_a:>7} {total_b:>7} {total_b / total_a if total_a else float('nan'):>7.3f}")


if __name__ == "__main__":
    main()
