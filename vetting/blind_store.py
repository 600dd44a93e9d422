"""Load the independently written held-out comment set into a store, to judge creator verdicts on it.

``models/bot_comments/eval/blind_comments.csv`` groups comments under 30 invented creators and 67
posts, with pseudonymous authors and minutes after posting (see its README). :func:`load_blind_store`
writes them as one platform's creators, posts and comments (the creator's platform is kept in the
``platform`` column; every post gets the same fixed date so that the timing columns keep their meaning);
:func:`blind_creator_report` vets that store and says, per creator, whether a bot-heavy creator got
``avoid``/``review`` and a clean one did not get ``avoid``. Used by ``benchmarks/vet_blind.py`` and a test.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.storage import Store
from crawler.timeutil import format_z

__all__ = ["BLIND_CSV", "BOT_HEAVY_SHARE", "blind_creator_report", "load_blind_store"]

BLIND_CSV = Path(__file__).resolve().parents[1] / "models" / "bot_comments" / "eval" / "blind_comments.csv"
BOT_HEAVY_SHARE = 0.4
"""A creator whose comments are at least 40 % bot-like by the set's labels is bot-heavy; 0 % is clean."""
_POSTED = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
_FETCHED = _POSTED + timedelta(days=30)


def load_blind_store(store: Store, path: Path = BLIND_CSV) -> dict[str, dict[str, Any]]:
    """Write the set into ``store``; return per creator id its labels (``bot_share``, ``n``, ``kinds``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    creators: dict[str, dict[str, Any]] = {}
    posts: dict[tuple[str, str], dict[str, Any]] = {}
    comments = []
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    fetched, posted = format_z(_FETCHED, "seconds"), format_z(_POSTED, "seconds")
    for i, row in enumerate(rows):
        platform, creator = row["platform"], row["creator"]
        creators.setdefault(creator, {
            "platform": platform, "creator_id": creator, "handle": f"blind_{creator}", "fetched_at": fetched,
            "source_url": f"blind://{creator}"})
        post_key = (creator, row["post_text"])
        if post_key not in posts:
            post_id = f"{creator}-p{hashlib.sha256(row['post_text'].encode()).hexdigest()[:10]}"
            posts[post_key] = {"platform": platform, "post_id": post_id, "creator_id": creator,
                               "created_at": posted, "title": row["post_text"], "fetched_at": fetched,
                               "source_url": f"blind://{post_id}", "is_reply": 0, "is_repost": 0}
        post = posts[post_key]
        comments.append({
            "platform": platform, "comment_id": f"{post['post_id']}-k{i}", "post_id": post["post_id"],
            "author_key": f"blind-{row['author']}", "author_is_creator": 0, "text": row["text"],
            "created_at": format_z(_POSTED + timedelta(minutes=int(row["minutes_after_post"] or 0)), "seconds"),
            "fetched_at": fetched, "source_url": "blind://comment"})
        labels[creator][row["label"]] += 1
        kinds[creator][row["kind"]] += 1
    store.write_batch(creators=list(creators.values()), posts=list(posts.values()), comments=comments)
    return {c: {"n": sum(labels[c].values()), "bot_share": labels[c]["bot_like"] / sum(labels[c].values()),
                "kinds": dict(kinds[c])} for c in creators}


def blind_creator_report(store: Store, truth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Vet the blind store; per creator the verdict, labelled and measured bot share, and the two checks."""
    from vetting.vet import run_vetting

    # as of the set's crawl time
    result = run_vetting(store, niche=None, workers=0, as_of=format_z(_FETCHED, "seconds"))
    creators = []
    for row in result.scores:
        facts = truth[row["creator_id"]]
        heavy, clean = facts["bot_share"] >= BOT_HEAVY_SHARE, facts["bot_share"] == 0
        creators.append({"creator": row["creator_id"], "labelled_bot_share": round(facts["bot_share"], 3),
                         "measured_bot_share": row["bot_comment_rate"], "verdict": row["verdict"],
                         "bot_heavy": heavy, "clean": clean})
    creators.sort(key=lambda c: c["creator"])
    return {
        "creators": creators,
        "bot_heavy_missed": [c["creator"] for c in creators
                             if c["bot_heavy"] and c["verdict"] not in ("avoid", "review")],
        "clean_avoided": [c["creator"] for c in creators if c["clean"] and c["verdict"] == "avoid"],
        "bot_heavy": sum(c["bot_heavy"] for c in creators),
        "clean": sum(c["clean"] for c in creators),
    }
