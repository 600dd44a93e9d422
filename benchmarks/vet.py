"""Benchmark ``run_vetting``: a generated store of 1,000 creators and 500,000 comments.

Usage::

    python benchmarks/vet.py [--creators 1000] [--comments-per-creator 500] [--db PATH] [--keep]
    python benchmarks/vet.py --db PATH --reuse --compare-run 1   # same answers as vetting run 1 (other code)?

Creators, posts, comments and snapshots are written directly through ``Store.write_batch`` with
multilingual texts from the sandbox text generators (``crawler.sandbox.texts``): genuine,
generic and bot-like comments, creator replies, sponsored captions. Fans comment from their
creator's audience (audiences overlap a little); bot comments come from a pool of 2,000 accounts
shared by all creators, so the store-wide pass (templates, hopping accounts) has real work. Prints comments/s end to
end and per stage (classifier, language, niche, metrics/evidence, store) and the peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.sandbox import texts
from crawler.storage import Store
from crawler.timeutil import format_z

POSTS_PER_CREATOR = 20
FAN_POOL = 200_000
BOT_POOL = 2_000
START = datetime(2026, 6, 1, tzinfo=UTC)


def generate(store: Store, creators: int, comments_per_creator: int, seed: int = 7) -> int:
    """Write the synthetic store; returns the comment count."""
    rng = random.Random(seed)
    fetched = format_z(START + timedelta(days=120), "seconds")
    run_ids = [store.start_crawl_run("mastodon", "benchmark", {"n": i}) for i in range(3)]
    total = 0
    for c in range(creators):
        platform = "youtube" if c % 4 == 0 else "mastodon"
        language = rng.choices(texts.LANGUAGES, texts.LANGUAGE_WEIGHTS)[0]
        kind = rng.choices(("clean", "bot_heavy", "off_niche"), (0.8, 0.1, 0.1))[0]
        topic = "gaming" if kind == "off_niche" else "food"
        followers = int(10 ** rng.uniform(2.7, 6.3))
        creator_id = f"c{c}"
        handle = texts.handle(rng, topic)
        creator = {"platform": platform, "creator_id": creator_id, "handle": handle,
                   "display_name": texts.display_name(rng, language), "followers_count": followers,
                   "bio": texts.bio(rng, language, topic=topic, hashtags=["vegan"], nobot=False, hostile=None),
                   "language": language, "fetched_at": fetched, "source_url": f"https://example.test/{creator_id}"}
        posts, comments = [], []
        per_post = max(1, comments_per_creator // POSTS_PER_CREATOR)
        # Commenters: each creator's own audience (a window of a large fan pool, so audiences overlap a
        # little, as fans of one niche do) and a shared pool of bot accounts that comment everywhere.
        audience_start, audience_size = rng.randrange(FAN_POOL), rng.randint(150, 400)
        for p in range(POSTS_PER_CREATOR):
            created = START + timedelta(days=p * 5 + rng.random())
            brand = rng.choice(texts.BRANDS) if rng.random() < 0.15 else None
            tags = texts.post_hashtags(rng, topic, ["veganrecipes"])
            text, dish = texts.caption(rng, language, topic=topic, hashtags=tags, brand=brand)
            post_id = f"{creator_id}p{p}"
            er = rng.uniform(0.005, 0.04)
            views = followers * rng.uniform(0.2, 1.5)
            interactions = int((views if platform == "youtube" else followers) * er)
            posts.append({"platform": platform, "post_id": post_id, "creator_id": creator_id,
                          "url": f"https://example.test/{post_id}", "created_at": format_z(created, "seconds"),
                          "title": texts.video_title(rng, dish, language) if platform == "youtube" else None,
                          "text": text, "hashtags": tags, "like_count": int(interactions * 0.85),
                          "comment_count": per_post, "share_count": None if platform == "youtube"
                          else int(interactions * 0.1), "view_count": int(views) if platform == "youtube" else None,
                          "is_reply": 0, "is_repost": 0, "fetched_at": fetched, "source_url": "https://example.test"})
            bot_share = 0.45 if kind == "bot_heavy" else 0.03
            for k in range(per_post):
                roll = rng.random()
                by_creator = roll < 0.04
                if by_creator:
                    body = texts.creator_reply(rng, language)
                elif roll < 0.04 + bot_share:
                    body = texts.bot_comment(rng, language)
                elif roll < 0.30 + bot_share:
                    body = texts.generic_comment(rng, language)
                else:
                    lang = language if rng.random() < 0.7 else rng.choice(texts.LANGUAGES)
                    body = texts.genuine_comment(rng, lang, topic=topic, creator_name="Anna Bauer", dish=dish)
                if by_creator:
                    author = creator_id
                elif roll < 0.04 + bot_share:
                    author = f"bot{rng.randrange(BOT_POOL)}"
                else:
                    author = f"fan{(audience_start + rng.randrange(audience_size)) % FAN_POOL}"
                comments.append({"platform": platform, "comment_id": f"{post_id}k{k}", "post_id": post_id,
                                 "author_key": author, "author_is_creator": int(by_creator),
                                 "text": body,
                                 "created_at": format_z(created + timedelta(minutes=rng.expovariate(1 / 300)),
                                                        "seconds"),
                                 "fetched_at": fetched, "source_url": "https://example.test"})
        snapshots = []
        f = followers
        for i, run_id in enumerate(run_ids):
            snapshots.append({"crawl_run_id": run_id, "platform": platform, "creator_id": creator_id,
                              "observed_at": format_z(START + timedelta(days=100 + 7 * i), "seconds"),
                              "followers_count": f})
            f = int(f * rng.uniform(1.0, 1.02))
        store.write_batch(creators=[creator], posts=posts, comments=comments, snapshots=snapshots)
        total += len(comments)
    return total


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (``RUSAGE_CHILDREN``: the largest finished child)."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def compare_runs(store: Store, before: int, after: int) -> str:
    """Whether two vetting runs stored the same scores (every column but the run id and vetting time)."""
    def scores(run: int) -> dict[tuple[str, str], dict]:
        rows = store.db.query("SELECT * FROM vetting_scores WHERE vetting_run_id = ?", [run])
        return {(r["platform"], r["creator_id"]): {k: v for k, v in r.items()
                                                   if k not in ("vetting_run_id", "vetted_at")} for r in rows}

    old, new = scores(before), scores(after)
    differ: dict[str, int] = {}
    for creator in old.keys() | new.keys():
        a, b = old.get(creator, {}), new.get(creator, {})
        for column in a.keys() | b.keys():
            if a.get(column) != b.get(column):
                differ[column] = differ.get(column, 0) + 1
    if not old:
        return f"vetting run {before}: no scores stored"
    if not differ:
        return f"identical: all {len(new):,} creators' scores of run {after} equal run {before}'s"
    return f"run {after} differs from run {before}: " + ", ".join(f"{c} ({n})" for c, n in sorted(differ.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=1000)
    parser.add_argument("--comments-per-creator", type=int, default=500)
    parser.add_argument("--db", help="database path (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", action="store_true", help="vet an existing --db without generating")
    parser.add_argument("--compare-run", type=int, metavar="RUN",
                        help="then compare every creator's stored scores with those of vetting run RUN (say, one "
                             "made by an earlier commit on the same store): identical, or the differing columns")
    args = parser.parse_args()

    from vetting.vet import run_vetting

    tmp = None
    if args.db:
        db_path = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db_path = Path(tmp.name) / "bench.db"
    store = Store.open(db_path)
    if not args.reuse:
        t0 = time.perf_counter()
        n = generate(store, args.creators, args.comments_per_creator)
        print(f"generated {args.creators:,} creators, {n:,} comments in {time.perf_counter() - t0:.1f} s "
              f"({db_path})")
    rss_before = peak_rss_mb()
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    # Activity is judged at the generated data's own time (its newest posts are from early September 2026).
    result = run_vetting(store, niche="vegane Küche, plant-based recipes, meal prep", seed_hashtags=["veganrecipes"],
                         as_of=format_z(START + timedelta(days=100), "seconds"),
                         market_language="de")
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    comments = result.comment_count
    print(f"vetted {len(result.scores):,} creators, {comments:,} comments in {elapsed:.1f} s: "
          f"{comments / elapsed:,.0f} comments/s end to end")
    for stage, seconds in sorted(result.timings.items(), key=lambda kv: -kv[1]):
        rate = f"{comments / seconds:,.0f} comments/s" if seconds > 0 else "-"
        print(f"  {stage:<11} {seconds:7.2f} s  ({rate})")
    verdicts: dict[str, int] = {}
    for row in result.scores:
        verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
    print(f"verdicts: {verdicts}")
    print(f"CPU time {cpu:.1f} s over {elapsed:.1f} s wall ({comments / cpu:,.0f} comments per CPU-second); "
          f"load average now {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print(f"peak RSS: {peak_rss_mb():,.0f} MB in this process (before vetting {rss_before:,.0f} MB; "
          f"includes generation), {peak_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MB in the largest classifier "
          "worker (each worker loads its own copy of the model)")
    if args.compare_run is not None:
        print(compare_runs(store, args.compare_run, result.run_id))
    store.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()


if __name__ == "__main__":
    main()
