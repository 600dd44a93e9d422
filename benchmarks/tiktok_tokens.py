"""TikTok client tokens: research requests refused (and charged) because their token had expired.

Real crawls through the CLI, in subprocesses, against the local sandbox, with the sandbox's tokens
expiring either after a number of research calls (``expire_token_after``: nothing on the client can
see it coming, only the reactive renewal after a 401 helps) or after a time (``token_ttl``: what
TikTok does, ``expires_in`` seconds). Prints per scenario: tokens the sandbox issued, the 401
``access_token_invalid`` answers it gave to expired tokens, the crawl's ``token/expired`` counter,
the research requests the crawl charged to its quota ledger against those the sandbox served
(the difference is what was refused and charged), refused requests per expiry, the requests that
waited in a download slot and went out with a newer token than they were stamped with, and whether
the store equals the ground truth.

    python benchmarks/tiktok_tokens.py                      # both scenarios, 3 runs each (a minute or two)
    python benchmarks/tiktok_tokens.py --code ../old-checkout  # the same with another checkout's crawler
    python benchmarks/tiktok_tokens.py --expire-after 40 --ttl 2 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox_process import SandboxProcess  # noqa: E402

from crawler.platforms import get_platform, sandbox_environment  # noqa: E402
from crawler.sandbox.expect import expected_crawl  # noqa: E402

TAGS = ("veganrecipes", "plantbased")
UNLIMITED = ("--tiktok", "daily_quota=100000000", "--tiktok", "daily_records=100000000000")


def crawl(code: Path, sandbox: SandboxProcess, db: Path) -> dict[str, Any]:
    """One TikTok crawl of the whole world with ``code``'s crawler; its ``crawl_runs`` row."""
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", "tiktok", *[a for t in TAGS for a in ("--hashtag", t)],
           "--max-creators", "100", "--max-posts", "50", "--max-comments", "1000", "--db", str(db), "-q",
           "--until", sandbox.truth["now"][:10], *get_platform("tiktok").sandbox_arguments(sandbox.url),
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.url.split('//')[1]}"]
    env = {**os.environ, **sandbox_environment(), "PYTHONPATH": str(code)}
    result = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())


def equal_to_truth(db: Path, truth: dict[str, Any]) -> bool:
    want = expected_crawl(truth, "tiktok", TAGS)
    with sqlite3.connect(db) as conn:
        def stored(table: str, column: str) -> set[str]:
            return {r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE platform = 'tiktok'")}

        return (stored("creators", "creator_id") == set(want.creators) and stored("posts", "post_id") == set(want.posts)
                and stored("comments", "comment_id") == set(want.comments))


def scenario(code: Path, tmp: Path, world: list[str], setting: str, slow: float) -> dict[str, Any]:
    sandbox = SandboxProcess(tmp, *world, *UNLIMITED, "--tiktok", setting,
                             *(("--fault", "slow=1.0", "--fault", f"slow_seconds={slow}", "--fault", "attempts=1000000")
                               if slow else ()))
    try:
        db = tmp / f"t-{os.urandom(4).hex()}.db"
        run = crawl(code, sandbox, db)
        served = sandbox.admin("stats")["tiktok"]
        equal = equal_to_truth(db, sandbox.truth)
    finally:
        sandbox.stop()
    stats = json.loads(run["stats"])
    charged = int(stats.get("creatorscout/tiktok/quota_units", 0))
    used = sum(served["quota_used"].values())
    issued, refused = served["tokens_issued"], served["expired_token_answers"]
    return {"issued": issued, "refused": refused,
            "expired_counter": int(stats.get("creatorscout/tiktok/token/expired", 0)), "charged": charged,
            "served": used, "status": run["status"], "equal": equal,
            "elapsed": float(stats.get("elapsed_time_seconds") or 0.0),
            "restamped": int(stats.get("creatorscout/credentials/renewed_at_send", 0))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose crawler runs (default: this one)")
    parser.add_argument("--runs", type=int, default=3, help="crawls per scenario")
    parser.add_argument("--expire-after", type=int, default=40, help="research calls a token serves (scenario 1)")
    parser.add_argument("--ttl", type=float, default=2.0, help="seconds a token lives (scenario 2)")
    parser.add_argument("--slow", type=float, default=0.05,
                        help="seconds the sandbox takes per research answer, so that the ttl crawl outlives "
                             "several tokens (scenario 2)")
    parser.add_argument("--creators", type=int, default=24)
    args = parser.parse_args()
    world = ["--platforms", "tiktok", "--seed", "7", "--creators", str(args.creators), "--posts", "6",
             "--comments", "6"]
    print(f"crawler: {args.code.resolve()}   world: {args.creators} creators x 6 posts x 6 comments, "
          f"hashtags {', '.join(TAGS)}")
    print(f"{'scenario':28} {'run':>3} {'tokens':>6} {'401s':>5} {'counter':>7} {'charged':>7} {'served':>6} "
          f"{'refused/expiry':>14} {'restamped':>9} {'seconds':>7}  status    truth")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        scenarios = ((f"expire_token_after={args.expire_after}", 0.0),
                     (f"token_ttl={args.ttl:g}", args.slow))
        for setting, slow in scenarios:
            name = f"{setting} (slow {slow:g} s)" if slow else setting
            totals = {"refused": 0, "expiries": 0}
            for index in range(args.runs):
                r = scenario(args.code, tmp, world, setting, slow)
                expiries = max(0, r["issued"] - 1)  # every token but the last expired (or was renewed ahead)
                per = r["refused"] / expiries if expiries else 0.0
                totals["refused"] += r["refused"]
                totals["expiries"] += expiries
                print(f"{name:28} {index + 1:>3} {r['issued']:>6} {r['refused']:>5} {r['expired_counter']:>7} "
                      f"{r['charged']:>7} {r['served']:>6} {per:>14.1f} {r['restamped']:>9} {r['elapsed']:>7.1f}  "
                      f"{r['status']:9} {'equal' if r['equal'] else 'DIFFERS'}")
            mean = totals["refused"] / totals["expiries"] if totals["expiries"] else 0.0
            print(f"{name:28} all: {totals['refused']} refused over {totals['expiries']} renewals: "
                  f"{mean:.1f} per renewal")


if __name__ == "__main__":
    main()
