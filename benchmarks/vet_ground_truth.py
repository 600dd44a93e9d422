"""Vetting against planted ground truth: crawl a sandbox world twice (time passes in between, so
growth spikes can show), vet it, and print precision and recall per planted kind, and how vetting
judged the planted conversation kinds (issue #13; "not measured" where the vetting rows lack them).

    python benchmarks/vet_ground_truth.py                  # 200 creators
    python benchmarks/vet_ground_truth.py --creators 80 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.sandbox import generate_world
from crawler.storage import Store
from vetting.evaluation import crawl_sandbox, planted_report, world_time
from vetting.vet import run_vetting

HASHTAGS = ("veganrecipes", "plantbased")
NICHE = "vegane Küche, plant-based recipes, meal prep"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=200)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--crawls", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()

    world = generate_world(seed=args.seed, creators=args.creators, posts_per_creator=12, comments_per_post=15,
                           hashtags=HASHTAGS)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "truth.db"
        started = time.perf_counter()
        statuses = crawl_sandbox(world, db, hashtags=HASHTAGS, max_posts=12, max_comments=100, epochs=args.crawls)
        crawled = time.perf_counter() - started
        truth = world.ground_truth(include_comments=False)
        store = Store.open(db)
        # activity is judged at the world's own clock (its posts are dated around 2026-06), not today's
        result = run_vetting(store, niche=NICHE, seed_hashtags=HASHTAGS, market_language="de",
                             as_of=world_time(world))
        store.close()
    report = planted_report(truth, result.scores)
    if args.json:
        print(json.dumps({
            "statuses": statuses,
            "vetted": report.vetted,
            "kinds": {k.kind: {"planted": k.planted, "flagged": k.flagged, "found": k.found, "related": k.related,
                               "precision": k.precision, "recall": k.recall} for k in report.kinds},
            "verdicts_by_kind": report.verdicts_by_kind,
            "bot_heavy_missed": report.bot_heavy_missed,
            "clean_avoided": report.clean_avoided,
            "recommended_with_red_flag": report.recommended_red,
            "conversation": report.conversation.as_dict() if report.conversation else None,
        }))
        return
    print(f"world: {args.creators} creators, seed {args.seed}, {args.crawls} crawls ({crawled:.0f} s): {statuses}")
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
