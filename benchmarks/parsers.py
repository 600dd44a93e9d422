"""Speed of the comment parsers on recorded replies: microseconds per comment.

    python benchmarks/parsers.py [--rounds 20] [--samples ../shared/platform-samples]

The figure that matters is the Mastodon context parser: a crawl of 400,000 comments should spend
well under a minute parsing them (about 100 µs a comment or less). Each parser runs on the real
recorded payloads of ``platform-samples`` through the one parser contract (payload, Context).
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path
from typing import Any

from crawler.parsers import Context

DEFAULT_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples"

# platform, parser, sample file, Context values besides url and fetched_at
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("mastodon", "context", "statuses_context__mastodon.social__anonymous.json",
     {"post_id": "109294719267373593", "creator_id": "1"}),
    ("mastodon", "context", "statuses_context__fosstodon.org.json", {"post_id": "1", "creator_id": "1"}),
    ("youtube", "comment_threads", "commentThreads_list__videoId__page1.json",
     {"post_id": "F1UP7wRCPH8", "creator_id": "UC_x5XG1OV2P6uZZ5FSM9Ttw"}),
    ("bluesky", "post_thread", "feed_getPostThread__with_replies__atproto_test_snapshot.json", {}),
]


def measure(platform: str, name: str, payload: Any, context: Context, rounds: int) -> tuple[int, float]:
    """(comments per parse, seconds per comment) of ``rounds`` parses after one warm-up."""
    parser = importlib.import_module(f"crawler.parsers.{platform}").PARSERS[name]
    comments = len(parser(payload, context).items)
    started = time.perf_counter()
    for _ in range(rounds):
        parser(payload, context)
    elapsed = time.perf_counter() - started
    return comments, elapsed / max(rounds * comments, 1)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=20)
    options.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    args = options.parse_args()
    for platform, name, sample, values in CASES:
        path = args.samples / platform / sample
        if not path.is_file():
            print(f"{platform}.{name}: sample {path} not found, skipped")
            continue
        payload = json.loads(path.read_text(encoding="utf-8"))
        context = Context(url=f"https://{platform}.example/{sample}", fetched_at="2026-03-01T00:00:00Z", **values)
        comments, per_comment = measure(platform, name, payload, context, args.rounds)
        label = f"{platform}.{name}"
        print(f"{label:<26} {sample:<62} {comments:>4} comments  {per_comment * 1e6:>7.1f} µs/comment")


if __name__ == "__main__":
    main()
