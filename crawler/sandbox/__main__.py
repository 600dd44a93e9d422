"""``python -m crawler.sandbox serve``: run the sandbox platform server until SIGTERM/SIGINT;
``python -m crawler.sandbox truth``: write a world's ground truth without serving it.

The first line ``serve`` prints on stdout is ``SANDBOX_URL=http://127.0.0.1:PORT`` (tests read it).
The lines after it are the exact ``creatorscout crawl`` commands for each served platform (base
URL, API key or account and allow-list included) and the ``creatorscout vet`` command that judges
the world at its own clock (:func:`crawl_commands`). Worlds hold Mastodon and YouTube creators
unless ``--platforms`` says otherwise (``mastodon,youtube,bluesky,instagram,tiktok``); ``--instagram
KEY=VALUE`` sets Instagram's account, usage budget and faults, ``--tiktok NAME=VALUE``
sets TikTok's quotas, token expiry and faults (:class:`crawler.sandbox.tiktok_api.TikTokConfig`).

Example::

    python -m crawler.sandbox serve --seed 7 --creators 60 --fault 429=0.1 --rate-limit 300/300
    python -m crawler.sandbox truth --platforms mastodon,bluesky --out truth.json
    python -m crawler.sandbox serve --platforms tiktok --tiktok daily_quota=200 --tiktok expire_token_after=50
"""

from __future__ import annotations

import argparse
import logging
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.sandbox.bluesky_api import DEFAULT_IDENTIFIER, DEFAULT_PASSWORD
from crawler.sandbox.instagram_api import InstagramConfig
from crawler.sandbox.server import FaultConfig, RateLimitConfig, SandboxServer
from crawler.sandbox.tiktok_api import DEFAULT_CLIENT_KEY, DEFAULT_CLIENT_SECRET, TikTokConfig
from crawler.sandbox.truth import write_ground_truth
from crawler.sandbox.world import DEFAULT_PLATFORMS, PLATFORMS, World, generate_world, iso_s
from crawler.sandbox.youtube_api import DEFAULT_KEYS, DEFAULT_QUOTA

logger = logging.getLogger(__name__)


def _fault(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(
            f"bad --fault {text!r}: use KIND=VALUE such as 429=0.1 or slow_seconds=1"
        )
    return key.strip(), value.strip()


def _platform_list(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PLATFORMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"bad --platforms {text!r}: use a comma-separated list of {', '.join(PLATFORMS)}"
        )
    return names


def _add_world_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--creators", type=int, default=60)
    parser.add_argument("--posts", type=int, default=12, help="posts per creator")
    parser.add_argument("--comments", type=int, default=15, help="comments per post (mean)")
    parser.add_argument(
        "--hashtag",
        action="append",
        dest="hashtags",
        metavar="TAG",
        help="crawled hashtag (repeatable; default veganrecipes and plantbased)",
    )
    parser.add_argument(
        "--platforms",
        type=_platform_list,
        metavar="LIST",
        help=f"platforms to populate, comma-separated (default {','.join(DEFAULT_PLATFORMS)}; "
        f"choose from {','.join(PLATFORMS)})",
    )
    parser.add_argument(
        "--platform",
        action="append",
        dest="platform",
        choices=PLATFORMS,
        help="a platform to populate (repeatable; same as --platforms)",
    )
    parser.add_argument(
        "--epoch", type=int, default=0, help="advance the world this many epochs first"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawler.sandbox", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser(
        "serve",
        help="serve a generated world on 127.0.0.1",
        epilog="example: python -m crawler.sandbox serve --seed 7 --hashtag veganrecipes --fault 500=0.05",
    )
    _add_world_options(serve)
    serve.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    serve.add_argument("--ground-truth", type=Path, metavar="PATH", help="write the ground truth JSON here")
    serve.add_argument(
        "--fault",
        action="append",
        type=_fault,
        default=[],
        metavar="KIND=VALUE",
        help="429=, 500=, slow=, malformed= (fractions), slow_seconds=, attempts=, seed=, retry_after=, "
        "expire_session_after= (Bluesky access tokens expire after N authenticated requests)",
    )
    serve.add_argument(
        "--rate-limit",
        default="300/300",
        metavar="LIMIT/SECONDS",
        help="Mastodon budget per client, e.g. 300/300 or 'off'",
    )
    serve.add_argument(
        "--bluesky-rate-limit",
        default="3000/300",
        metavar="LIMIT/SECONDS",
        help="Bluesky budget per client and host (AppView, PDS), e.g. 3000/300 or 'off'",
    )
    serve.add_argument("--youtube-quota", type=int, default=DEFAULT_QUOTA, help="daily quota units per key")
    serve.add_argument(
        "--youtube-key",
        action="append",
        dest="youtube_keys",
        metavar="KEY",
        help=f"accepted API key (repeatable; default {sorted(DEFAULT_KEYS)[0]})",
    )
    serve.add_argument("--bluesky-handle", default=DEFAULT_IDENTIFIER, help="the Bluesky account the PDS accepts")
    serve.add_argument("--bluesky-password", default=DEFAULT_PASSWORD, help="its app password")
    serve.add_argument(
        "--instagram",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Instagram settings and faults (repeatable): rate_limit=CALLS/SECONDS (usage window, default "
        "4800/3600), throttle_code=4|17|32|613, expire_token_after=N (190/463 after N calls), hashtag_limit=30, "
        "hashtag_window_seconds=, user_id=, token=",
    )
    serve.add_argument(
        "--tiktok",
        action="append",
        type=_fault,
        default=[],
        metavar="NAME=VALUE",
        help="TikTok setting (repeatable): client_key=, client_secret=, daily_quota= (requests per client and "
        "UTC day, default 1000), daily_records= (100000), token_ttl= (seconds), expire_token_after= (calls), "
        "throttle_limit= (calls per throttle_window= seconds, then 429 rate_limit_exceeded), "
        "search_id_expires_after= (pages), scope_not_authorized=true",
    )
    serve.add_argument("--log-level", default="WARNING")
    truth = sub.add_parser(
        "truth",
        help="write a generated world's ground truth (JSON) without serving it",
        epilog="example: python -m crawler.sandbox truth --seed 7 --platforms mastodon,youtube,bluesky "
        "--out truth.json",
    )
    _add_world_options(truth)
    truth.add_argument("--out", type=Path, required=True, metavar="PATH", help="where to write the JSON")
    truth.add_argument(
        "--comment-records",
        choices=("auto", "inline", "jsonl"),
        default="auto",
        help="comments in the JSON, or in PATH's stem + .comments.jsonl (auto: JSONL above 50,000)",
    )
    truth.add_argument("--log-level", default="WARNING")
    return parser


def _world(args: argparse.Namespace) -> World:
    platforms = tuple(dict.fromkeys([*(args.platforms or []), *(args.platform or [])])) or DEFAULT_PLATFORMS
    world = generate_world(
        seed=args.seed,
        creators=args.creators,
        posts_per_creator=args.posts,
        comments_per_post=args.comments,
        hashtags=tuple(args.hashtags or ("veganrecipes", "plantbased")),
        platforms=platforms,
    )
    if args.epoch:
        world.advance(args.epoch)
    return world


def crawl_commands(url: str, *, hashtags: Sequence[str], platforms: Sequence[str], creators: int,
                   youtube_key: str, clock: str, rate_limit: tuple[int, float] | None = None,
                   db: str = "sandbox.db",
                   bluesky_account: tuple[str, str] = (DEFAULT_IDENTIFIER, DEFAULT_PASSWORD),
                   instagram: InstagramConfig | None = None,
                   tiktok_client: tuple[str, str] = (DEFAULT_CLIENT_KEY, DEFAULT_CLIENT_SECRET),
                   tiktok_quota: int | None = None) -> list[str]:
    """What to run to crawl and vet this server by hand: ``#`` comment lines and shell commands.

    Every command keeps the crawl on the sandbox (``CREATORSCOUT_ALLOWED_HOSTS``); YouTube gets
    the sandbox's API key and base URL, Bluesky its account and the AppView and PDS URLs;
    ``vet --as-of`` judges activity at the world's clock (its posts end there, months before today)."""
    host = url.split("://", 1)[-1]
    tags = " ".join(f"--hashtag {shlex.quote(tag)}" for tag in hashtags)
    common = f"{tags} --max-creators {creators} --db {shlex.quote(db)}"
    allow = f"CREATORSCOUT_ALLOWED_HOSTS={shlex.quote(host)}"
    lines = ["# Crawl this sandbox from another shell (the allow-list keeps every request on it):"]
    if "mastodon" in platforms:
        lines.append(f"{allow} creatorscout crawl mastodon {common} --instance {shlex.quote(url)}")
    if "youtube" in platforms:
        lines.append(f"{allow} YOUTUBE_API_KEY={shlex.quote(youtube_key)} "
                     f"CREATORSCOUT_YOUTUBE_API_URL={shlex.quote(url + '/youtube/v3')} "
                     f"creatorscout crawl youtube {common}")
    if "bluesky" in platforms:
        handle, password = bluesky_account
        lines.append(f"{allow} BLUESKY_HANDLE={shlex.quote(handle)} BLUESKY_APP_PASSWORD={shlex.quote(password)} "
                     f"CREATORSCOUT_BLUESKY_API_URL={shlex.quote(url + '/bluesky/appview')} "
                     f"CREATORSCOUT_BLUESKY_PDS_URL={shlex.quote(url + '/bluesky/pds')} "
                     f"creatorscout crawl bluesky {common}")
    if "instagram" in platforms:
        account = instagram or InstagramConfig()
        lines.append(f"{allow} INSTAGRAM_USER_ID={shlex.quote(account.user_id)} "
                     f"META_ACCESS_TOKEN={shlex.quote(account.token)} "
                     f"CREATORSCOUT_INSTAGRAM_API_URL={shlex.quote(url + '/instagram')} "
                     f"creatorscout crawl instagram {common}")
    if "tiktok" in platforms:
        key, secret = tiktok_client
        lines.append("# TikTok: the date windows end on the world's day (--until), not today")
        lines.append(f"{allow} TIKTOK_CLIENT_KEY={shlex.quote(key)} TIKTOK_CLIENT_SECRET={shlex.quote(secret)} "
                     f"CREATORSCOUT_TIKTOK_API_URL={shlex.quote(url + '/tiktok')} "
                     f"creatorscout crawl tiktok {common} --until {clock[:10]}")
        if tiktok_quota is not None:
            lines.append(f"# TikTok here allows {tiktok_quota} requests per client and UTC day (Research API: 1000); "
                         "a larger crawl stops cleanly and continues with --resume the next UTC day "
                         "(or serve with --tiktok daily_quota=N).")
    lines.append(f"# Then vet it as of the world's clock ({clock}; its posts end there):")
    lines.append(f"creatorscout vet --niche 'vegan cooking' {tags} --as-of {clock} --db {shlex.quote(db)}")
    if rate_limit is not None and "mastodon" in platforms:
        limit, window = rate_limit
        lines.append(f"# Mastodon here allows {limit} requests per {window:g} s (mastodon.social: 300 per 300 s), so "
                     "a larger crawl waits for the next window; serve with --rate-limit off to skip the waits.")
    return lines


def serve(args: argparse.Namespace) -> int:
    try:
        faults = FaultConfig.from_dict(dict(args.fault))
        rate_limit = RateLimitConfig.parse(args.rate_limit)
        bluesky_rate_limit = RateLimitConfig.parse(args.bluesky_rate_limit)
        instagram = InstagramConfig.parse(args.instagram)
        tiktok = TikTokConfig.from_dict(dict(args.tiktok))
        world = _world(args)
    except ValueError as exc:
        logger.error("%s", exc)
        return 2
    if args.ground_truth:
        write_ground_truth(world, args.ground_truth)
    server = SandboxServer(
        world,
        faults=faults,
        rate_limit=rate_limit,
        youtube_keys=frozenset(args.youtube_keys or DEFAULT_KEYS),
        youtube_quota=args.youtube_quota,
        bluesky_rate_limit=bluesky_rate_limit,
        bluesky_account=(args.bluesky_handle, args.bluesky_password),
        instagram=instagram,
        tiktok=tiktok,
        port=args.port,
    )
    stop = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    url = server.start()
    print(f"SANDBOX_URL={url}", flush=True)
    hashtags = tuple(args.hashtags or ("veganrecipes", "plantbased"))
    commands = crawl_commands(url, hashtags=hashtags, platforms=world.platforms, creators=args.creators,
                              youtube_key=sorted(args.youtube_keys or DEFAULT_KEYS)[0], clock=iso_s(world.now_ms),
                              rate_limit=(rate_limit.limit, rate_limit.window_seconds) if rate_limit.enabled else None,
                              bluesky_account=(args.bluesky_handle, args.bluesky_password), instagram=instagram,
                              tiktok_client=next(iter(tiktok.clients.items())), tiktok_quota=tiktok.daily_quota)
    print("\n".join(commands), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


def truth(args: argparse.Namespace) -> int:
    try:
        world = _world(args)
    except ValueError as exc:
        logger.error("%s", exc)
        return 2
    path = write_ground_truth(world, args.out, comments=args.comment_records)
    print(f"ground truth written to {path}", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return serve(args) if args.command == "serve" else truth(args)


if __name__ == "__main__":
    sys.exit(main())
