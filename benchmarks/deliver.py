"""Benchmark for "Deliver": shortlist of 10,000 creators to XLSX and CSV, their import, 200 HTML reports.

Builds a store through ``Store`` writes with synthetic creators, posts, comments, snapshots and
``vetting_scores`` rows that follow the vetting contract, then runs each task in its own process
(so that each peak RSS is the task's own) and prints its time and peak RSS. The imports read the
files just written (every row, no change). Run:
``python benchmarks/deliver.py [--creators 10000] [--reports 200] [--db PATH]`` (``--db``: build
the store there once and reuse it on later runs).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.storage import Store
from vetting.export import ShortlistFilters, export_shortlist, import_shortlist
from vetting.report import write_reports

TIERS = (("emerging", 600), ("nano", 5_000), ("micro", 40_000), ("macro", 300_000), ("mega", 2_000_000))
HOSTILE = ('=HYPERLINK("http://evil","x")', "+SUM(1,2)", "<script>alert(1)</script>", "@cmd", "-2+3")


def build(path: Path, creators: int, posts_per_creator: int = 12, comments_per_post: int = 8) -> Store:
    rng = random.Random(7)
    store = Store.open(path)
    runs = []
    for _ in range(3):
        run = store.start_crawl_run("mastodon", "mastodon", {"hashtag": ["veganrecipes"]})
        store.finish_crawl_run(run, "finished", {})
        runs.append(run)
    vrun = store.start_vetting_run({"vetted_at": "2026-06-01T08:00:00Z", "niche": "vegan cooking",
                                    "market_language": "de"})
    batch: dict[str, list] = {"creators": [], "posts": [], "comments": [], "snapshots": []}
    scores = []
    for i in range(creators):
        platform = "mastodon" if i % 2 else "youtube"
        cid = f"{1000 + i}" if platform == "mastodon" else f"UCbench{i:06d}"
        tier, followers = TIERS[i % len(TIERS)]
        bad = HOSTILE[i % len(HOSTILE)] if i % 10 == 0 else ""
        batch["creators"].append({
            "platform": platform, "creator_id": cid, "handle": f"{bad}cook{i}", "display_name": f"{bad}Cook {i}",
            "bio": f"{bad}Vegan recipes, plant-based cooking #{i}",
            # every tenth profile URL carries a control character (it crashed the XLSX writer once)
            "profile_url": f"https://kitchen.example/@cook{i}" + ("\x0b" if bad else ""),
            "followers_count": followers, "fetched_at": "2026-06-01T07:00:00Z",
            "source_url": f"https://kitchen.example/api/{cid}",
        })
        per_post = []
        for j in range(posts_per_creator):
            pid = f"{cid}-{j}"
            url = f"https://kitchen.example/@cook{i}/{j}"
            created = f"2026-05-{1 + j:02d}T12:00:00Z"
            batch["posts"].append({
                "platform": platform, "post_id": pid, "creator_id": cid, "url": url, "created_at": created,
                "text": f"{bad}Lentil curry number {j} #veganrecipes", "hashtags": ["veganrecipes"],
                "like_count": rng.randint(10, 500), "comment_count": comments_per_post, "share_count": 3,
                "view_count": rng.randint(1_000, 50_000) if platform == "youtube" else None,
                "fetched_at": "2026-06-01T07:00:00Z", "source_url": url,
            })
            per_post.append({"post_id": pid, "created_at": created, "engagement_rate": rng.uniform(0.005, 0.08),
                             "sponsored": j % 5 == 0, "url": url})
            for k in range(comments_per_post):
                batch["comments"].append({
                    "platform": platform, "comment_id": f"{pid}-{k}", "post_id": pid, "author_key": f"a{k}",
                    "text": f"{bad}Looks delicious {k}!", "created_at": created,
                    "fetched_at": "2026-06-01T07:00:00Z", "source_url": url,
                })
        for d, run in enumerate(runs):
            batch["snapshots"].append({"crawl_run_id": run, "platform": platform, "creator_id": cid,
                                       "observed_at": f"2026-05-{28 + d}T10:00:00Z",
                                       "followers_count": followers + 10 * d})
        bot = rng.uniform(0, 0.5)
        flagged = [f"{cid}-{j}-0" for j in range(posts_per_creator)] if bot > 0.3 else []
        scores.append({
            "platform": platform, "creator_id": cid, "vetted_at": "2026-06-01T08:00:00Z", "tier": tier,
            "followers_count": followers, "engagement_rate": rng.uniform(0.005, 0.08),
            "engagement_rate_basis": "median (likes+comments+shares)/followers over the last 12 original posts",
            "er_band": rng.choice(["low", "below_average", "average", "above_average", "high"]),
            "posts_per_week": rng.uniform(0.5, 10), "reply_rate": rng.random(), "sponsored_rate": rng.random() / 3,
            "sponsored_vs_organic": rng.uniform(0.5, 1.5), "recent_brands": [f"{bad}Oatly", "Alnatura"],
            "bot_comment_rate": bot, "bot_comment_rate_low": bot / 2, "bot_comment_rate_high": min(1, bot * 1.5),
            "generic_comment_rate": rng.random() / 2, "comments_analyzed": posts_per_creator * comments_per_post,
            "creator_language": "de", "audience_languages": {"de": 0.6, "en": 0.3, "fr": 0.1},
            "market_language": "de", "market_language_rate": rng.random(), "niche_fit": rng.random(),
            "niche_terms": ["vegan", "lentil", "curry"], "score": rng.uniform(0, 100),
            "verdict": rng.choice(["recommended", "review", "avoid", "insufficient_data"]),
            "reasons": [{"flag": "red" if bot > 0.3 else "green", "code": "bot_comments",
                         "text": f"{bad}{bot:.0%} of comments look bot-like"}],
            "evidence": [{"kind": "bot_like_comments", "triggered": bool(flagged), "value": bot, "threshold": 0.3,
                          "summary": f"{bot:.0%} bot-like", "comment_ids": flagged, "post_ids": []}],
            "metrics": {"insufficient": {}, "er_definition": {
                "numerator": "likes+comments+shares", "denominator": "views" if platform == "youtube" else "followers",
                "statistic": "median", "posts": posts_per_creator, "window_start": "2026-05-01T12:00:00Z",
                "window_end": "2026-05-12T12:00:00Z"}, "er_band_range": [0.01, 0.03], "er_band_source": "benchmark",
                "per_post": per_post, "sponsored_posts": [per_post[0]["post_id"]],
                "top_niche_posts": [{"post_id": p["post_id"], "url": p["url"], "score": 0.5, "terms": ["vegan"],
                                     "excerpt": "Lentil curry"} for p in per_post[:3]],
                "growth": {"followers_series": [], "anomalies": []}, "weights": {"engagement": 0.5},
                "components": {"engagement": 0.5}},
        })
        if len(batch["posts"]) >= 20_000:
            store.write_batch(**batch)
            batch = {k: [] for k in batch}
    store.write_batch(**batch)
    store.write_vetting_scores(vrun, scores)
    return store


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)


TASKS = ("xlsx", "csv", "import-xlsx", "import-csv", "reports")


def run_task(task: str, db: Path, folder: Path, reports: int, creators: int) -> str:
    """One task in this process; returns its line of output (wall and CPU seconds: on a shared
    machine the CPU time is the steadier figure)."""
    t, cpu = time.perf_counter(), time.process_time()
    if task == "build":
        build(db, creators).close()
        return f"{'store':12s} {creators:,} creators built in {time.perf_counter() - t:.1f} s " \
               f"(peak RSS {peak_rss_mb():.0f} MB)"
    store = Store.open(db)
    if task == "xlsx":
        result = export_shortlist(store, folder / "shortlist.xlsx", ShortlistFilters())
        what = f"{result.rows:,} creators, {result.evidence_rows:,} evidence rows"
        size = f"{result.path.stat().st_size / 1e6:.1f} MB"
    elif task == "csv":
        result = export_shortlist(store, folder / "shortlist.csv", ShortlistFilters(), delimiter=";",
                                  excel_bom=True, decimal_comma=True)
        what, size = f"{result.rows:,} creators (';', BOM, decimal comma)", f"{result.path.stat().st_size / 1e6:.1f} MB"
    elif task in ("import-xlsx", "import-csv"):
        path = folder / ("shortlist.xlsx" if task == "import-xlsx" else "shortlist.csv")
        imported = import_shortlist(store, path)
        what, size = f"{imported.rows:,} rows read, {imported.updated} changed", f"{path.stat().st_size / 1e6:.1f} MB"
    elif task == "reports":
        paths = write_reports(store, folder / "reports", top=reports)
        each = (time.perf_counter() - t) / max(len(paths) - 1, 1) * 1000
        what, size = f"{len(paths) - 1} pages + index", f"{each:.0f} ms each"
    else:
        raise SystemExit(f"unknown task {task!r}: choose from {', '.join(TASKS)}")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    store.close()
    return f"{task:12s} {what} in {elapsed:.2f} s, {cpu:.2f} s CPU ({size}; peak RSS {peak_rss_mb():.0f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--db", type=Path, help="Store to build once and reuse (default: a temporary one).")
    parser.add_argument("--task", choices=("build", *TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        print(run_task(args.task, args.db, args.folder, args.reports, args.creators), flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = args.db or folder / "bench.db"
        # every step in a child process: Linux carries a parent's peak RSS into its children
        tasks = TASKS if db.exists() else ("build", *TASKS)
        for task in tasks:
            subprocess.run([sys.executable, __file__, "--task", task, "--db", str(db), "--folder", str(folder),
                            "--reports", str(args.reports), "--creators", str(args.creators)], check=True)


if __name__ == "__main__":
    main()
