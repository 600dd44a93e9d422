"""TikTok (Research API): creators, videos and comments found by hashtag, or listed by username.

Request sequence (every research call is ``POST`` JSON with the ``fields`` it wants in the query)::

    POST {api}/v2/oauth/token/                       client credentials, then ahead of each expiry (not scheduled)
    POST {api}/v2/research/video/query/?fields=...   hashtag_name EQ tag, 30-day windows newest first
    POST {api}/v2/research/user/info/?fields=...     one per creator (username)
    POST {api}/v2/research/video/query/?fields=...   username EQ name: the creator's recent videos
    POST {api}/v2/research/video/comment/list/?fields=...   100 a page, the top 1,000 at most

``{api}`` is ``CREATORSCOUT_TIKTOK_API_URL`` (default ``https://open.tiktokapis.com``). Only clients
approved for the Research API get answers; ``$TIKTOK_CLIENT_KEY`` and ``$TIKTOK_CLIENT_SECRET``
buy a client access token (two hours), fetched straight from the downloader
(``engine.download_async``, in a download slot of its own) so that the secret and the token never
reach the scheduler or a checkpoint; the token is added at download time
(:meth:`TikTokSpider.credential_headers`, :class:`crawler.middlewares.CredentialsMiddleware`) and
again at the moment the request is sent, after its wait in the download slot
(:class:`crawler.handlers.SendingHTTPDownloadHandler`). A token is renewed ahead of its
``expires_in`` (:func:`renewal_margin`: 5 minutes, a quarter of a shorter lifetime; a timer on the
event loop, stopped when the spider closes), so no research call is refused (and charged to the
quota) for an expired token. The reactive path stays for tokens revoked early:
``access_token_invalid`` gets one new token (concurrent expiries and a renewal ahead collapse into
one, by the token's generation each request carried; ``_token_lock``), research calls not sent yet
wait for it (:meth:`TikTokSpider.credentials_ready`), and the request goes again.

Discovery: a hashtag's video query over 30-day windows (``end_date - start_date`` may not pass 30
days), newest window first, from ``--until`` (default today, UTC) back to ``--since`` (default: the
last 30 days), in the ``--regions`` given (a ``region_code IN`` condition); usernames claimed in
order of first appearance up to ``--max-creators``. A creator is their username (the Research
API has no stable user id in these fields). Each claimed or listed creator gets ``user/info``
(private, deleted or unknown accounts answer 400 ``invalid_params``: reported, counted and
skipped, never retried), then their videos by a ``username`` query over the same windows
(default the last 180 days), newest window first, up to ``--max-posts``, then each video's
comments up to ``--max-comments`` (``cursor + max_count`` never beyond 1,000). Comments have no
author in this API and are stored without one. ``--handle``/``--handles-file`` crawl exactly the
listed usernames (``--max-creators`` bounds discovery only). In an incremental crawl a known
creator's video query covers only the days from their newest stored video less the overlap margin
on (``known_since``); the stored videos it returns come again for their counts, without comments.
Refreshing the counts of older stored videos would need their days queried again: a window request
each (100 records charged), so it is not done.

Budget: requests and records per UTC day in the store's ledgers (:class:`crawler.quota.QuotaMiddleware`
with TikTok's two ledgers); a request is charged 1 request and its ``max_count`` records when sent.
429 ``rate_limit_exceeded`` is retried after ``Retry-After``, else 10 s, growing
(:meth:`TikTokSpider.retry_backoff`); 429 ``daily_quota_limit_exceeded`` (a code the sandbox
invents: TikTok documents none apart) stops the crawl cleanly with the request kept for ``--resume``.
Mid-pagination "Search Id ... is invalid or expired" restarts that window once without cursor.

Queued crawls (:mod:`crawler.distributed`): the search state that decides what to fetch next is
:attr:`~crawler.spiders.base.PlatformSpider.shared` (Redis, one for every worker): the crawl's day,
the started flag, the usernames stored, gone (private or deleted) and dropped, the discoveries
waiting for their creator's ``user/info``, the (creator, hashtag) pairs discovered and the listed
creators' sources; claims are the crawl's (:class:`crawler.distributed.ClaimedCreators`). Cursors,
search ids, windows and the videos taken travel with each request. Each worker fetches and renews
(ahead of expiry, or when refused) its own client token (concurrent expiries collapse per worker) and
sends nothing before it has one.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Coroutine, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro

from crawler.items import DiscoveryItem, PostItem
from crawler.middlewares import CREDENTIAL_VERSION
from crawler.parsers import Context
from crawler.parsers import tiktok as parser
from crawler.spiders.base import ArgumentError, PlatformSpider
from crawler.stopping import StopSwitch, park
from crawler.timeutil import now, now_z, parse_utc

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["TikTokSpider", "date_windows"]

logger = logging.getLogger(__name__)

PLATFORM = "tiktok"
KEY_ENV = "TIKTOK_CLIENT_KEY"
SECRET_ENV = "TIKTOK_CLIENT_SECRET"
TOKEN_PATH = "/v2/oauth/token/"
QUERY_PATH = "/v2/research/video/query/"
USER_PATH = "/v2/research/user/info/"
COMMENTS_PATH = "/v2/research/video/comment/list/"
VIDEO_FIELDS = ("id,create_time,username,region_code,video_description,like_count,comment_count,share_count,"
                "view_count,hashtag_names")
USER_FIELDS = ("display_name,bio_description,avatar_url,is_verified,follower_count,following_count,likes_count,"
               "video_count")
COMMENT_FIELDS = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time"
MAX_COUNT = 100  # videos and comments per request
COMMENT_LIMIT = 1000  # only the top 1,000 comments: cursor + max_count <= 1000
WINDOW_DAYS = 30  # end_date - start_date may not pass 30 days; a window spans 30 calendar days
DISCOVERY_WINDOWS = 1  # without --since: the last 30 days
CREATOR_WINDOWS = 6  # without --since: the last 180 days of a creator's videos
RATE_LIMIT_BACKOFF = 10.0  # seconds, doubled per retry, when a 429 names no Retry-After
TOKEN_RETRIES = "tiktok_token_retries"  # request meta: requests sent again after a new token
MAX_TOKEN_RETRIES = 5  # a request that meets an expired token this often in a row stops the crawl
TOKEN_SLOT = "tiktok-token"  # the token call's own download slot: never queued behind research calls
RENEW_AHEAD = 300.0  # seconds before its expiry that a token is renewed at most ...
RENEW_AHEAD_SHARE = 0.25  # ... or this share of its lifetime, when that is less (tokens shorter than 20 minutes)
RENEW_MIN_DELAY = 1.0  # seconds: one renewal ahead a second at most, whatever lifetime a token claims

RATE_LIMITED = "rate_limit_exceeded"
DAILY_QUOTA = "daily_quota_limit_exceeded"
TOKEN_INVALID = "access_token_invalid"
NOT_APPROVED = "scope_not_authorized"
USER_GONE = ("cannot find the user", "cannot return this user", "is private", "information cannot be returned")

PRIORITY_SEARCH = 0
PRIORITY_USER = 1
PRIORITY_VIDEOS = 2
PRIORITY_COMMENTS = 3


def date_windows(today: date, since: date | None, default_windows: int) -> list[tuple[str, str]]:
    """``(start_date, end_date)`` as ``YYYYMMDD``, newest first: 30 calendar days each (so
    ``end - start`` is 29 days, inside the API's 30), back to ``since`` or ``default_windows`` of them.

    >>> date_windows(date(2026, 3, 31), date(2026, 2, 20), 1)
    [('20260302', '20260331'), ('20260220', '20260301')]
    """
    windows: list[tuple[str, str]] = []
    end = today
    while since is None or end >= since:
        start = end - timedelta(days=WINDOW_DAYS - 1)
        if since is not None and start < since:
            start = since
        windows.append((start.strftime("%Y%m%d"), end.strftime("%Y%m%d")))
        if since is None and len(windows) >= default_windows:
            break
        end = start - timedelta(days=1)
    return windows


def renewal_margin(lifetime: float) -> float:
    """Seconds before a token's expiry that it is renewed: 5 minutes of TikTok's two hours, a quarter of
    a shorter lifetime.

    The margin covers the renewal (the token call, its retries after a transient failure) and the
    moments between a request taking the token and TikTok checking it; the extra token calls are
    free (no quota). The lifetime is counted from before the token call was sent, never later than
    TikTok counts it.

    >>> renewal_margin(7200), renewal_margin(4)
    (300.0, 1.0)
    """
    return min(RENEW_AHEAD, RENEW_AHEAD_SHARE * lifetime)


class TikTokSpider(PlatformSpider):
    """Hashtag video query -> user info -> the creator's videos -> comments (Research API)."""

    name = PLATFORM

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key, secret = self.credential(KEY_ENV), self.credential(SECRET_ENV)
        if not (key and secret):  # from_crawler has checked; a spider built by hand must be given them too
            missing = KEY_ENV if not key else SECRET_ENV
            raise ArgumentError(f"{missing} is not set: {self.platform().credentials[0 if not key else 1].help}")
        self._client_key = key  # never in self.state, a request that is scheduled, items or logs
        self._client_secret = secret
        until = self.options.get("until")
        self._until = parse_utc(str(until)) if until else None
        if until and self._until is None:
            raise ArgumentError(f"--until must be a date like 2026-01-31, got {until!r}")
        if self._until is not None and self.args.since and self.args.since[:10] > self._until.date().isoformat():
            raise ArgumentError(f"--since {self.args.since[:10]} is after --until {self._until.date().isoformat()}")
        regions = [r.strip().upper() for r in str(self.options.get("regions") or "").split(",") if r.strip()]
        bad = next((r for r in regions if not (len(r) == 2 and r.isascii() and r.isalpha())), None)
        if bad is not None:
            raise ArgumentError(f"--regions takes two-letter region codes like DE,AT,CH; got {bad!r}")
        self.regions = list(dict.fromkeys(regions))
        self._token: parser.Token | None = None
        self._token_lock = asyncio.Lock()
        self._accepted_version = 0  # the newest token generation an answer was given to
        self.credential_version = 0  # the token's generation (CredentialsMiddleware marks each request)
        self.renew_at: float | None = None  # time.monotonic() at which the token is renewed ahead of its expiry
        self._renewal: asyncio.TimerHandle | None = None  # the timer of that renewal
        self._renewing: asyncio.Task[None] | None = None
        self._refused_version: int | None = None  # the newest generation an answer called expired
        self._renewed = asyncio.Event()  # set when the token call after that answer has ended
        self._closed = False
        self._day: str | None = None  # a queued crawl's day, once read from the shared state
        self._holding = False  # a queued crawl's worker: the engine waits for this worker's token

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TikTokSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.hold_until_token, signal=signals.spider_opened)
        crawler.signals.connect(spider.stop_renewals, signal=signals.spider_closed)
        return spider  # type: ignore[return-value]

    @property
    def queued(self) -> bool:
        """A worker of a queued crawl: its search state is every worker's, in Redis."""
        return self.shared_state is not None

    def hold_until_token(self) -> None:
        """``spider_opened``: a worker joining a queued crawl finds requests waiting in Redis; it sends
        none before its own token (each would be refused, and charged to the quota ledgers)."""
        if self.queued:
            self.crawler.engine.pause()
            self._holding = True

    def _release_engine(self) -> None:
        if self._holding:
            self._holding = False
            self.crawler.engine.unpause()  # the queue's scheduler wakes the engine at its next tick

    # -- token -------------------------------------------------------------------------------------
    def credential_headers(self, url: str) -> dict[str, str]:
        """``Authorization: Bearer`` with the client token, for research calls only."""
        if self._token is not None and url.startswith(f"{self.base_url}/v2/research/"):
            return {"Authorization": f"Bearer {self._token.access_token}"}
        return {}

    def key_fingerprint(self, secret: bytes) -> str:
        """The client as the quota ledgers know it: HMAC-SHA256 of the client key under ``secret``."""
        return hmac.new(secret, f"{PLATFORM}:{self._client_key}".encode(), hashlib.sha256).hexdigest()[:32]

    async def _token_call(self) -> Response:
        """The token request, straight to the downloader (never scheduled, never checkpointed), in a
        download slot of its own: research calls waiting for the new token must not hold it up."""
        body = urlencode({"client_key": self._client_key, "client_secret": self._client_secret,
                          "grant_type": "client_credentials"})
        request = scrapy.Request(self.base_url + TOKEN_PATH, method="POST", body=body, dont_filter=True,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"},
                                 meta={"creatorscout_json": True, "download_slot": TOKEN_SLOT})
        return await self.crawler.engine.download_async(request)

    async def fetch_token(self) -> None:
        """A new client access token, renewed ahead of its expiry (:meth:`plan_renewal`); a refusal stops
        the crawl with one line (:class:`CloseSpider`)."""
        try:
            await self._fetch_token()
        finally:
            self._renewed.set()  # research calls held for it go on: with the new token, or to be stopped

    async def _fetch_token(self) -> None:
        sent_at = time.monotonic()  # TikTok's two hours start after this
        response = await self._token_call()
        self.count("token/fetched")
        if response.status == 200:
            payload = self.load_json(response)
            page = None if payload is None else self.parse_or_skip(
                parser.parse_token, payload, Context(url=response.url, fetched_at=now_z()))
            if page is not None and page.items:
                self._token = page.items[0]
                self.credential_version += 1
                self.plan_renewal(sent_at, self._token.expires_in)
                return
        code, message = self._error(response)
        if response.status in (400, 401) or code in ("invalid_client", "invalid_request", "unauthorized_client"):
            self.stop("token_refused", f"TikTok refused the client credentials ({code or response.status}: "
                      f"{message or 'no message'}): check {KEY_ENV} and {SECRET_ENV} (the client key and secret of "
                      "an app approved for the Research API)")
        self.stop("token_failed", f"could not get a TikTok client token from {self.base_url} (HTTP {response.status}: "
                  f"{message or code or 'no message'})")

    async def refresh_token(self, version: int | None) -> bool:
        """A new token unless one was fetched since ``version`` went out (one for many expired answers,
        and none beside a renewal ahead of expiry); whether this call fetched it."""
        async with self._token_lock:
            if version is not None and version != self.credential_version:
                return False
            await self.fetch_token()
            return True

    def plan_renewal(self, sent_at: float, lifetime: int | None) -> None:
        """Renew the token fetched at ``sent_at`` (monotonic) :func:`renewal_margin` before its
        ``expires_in`` runs out: a timer on the event loop, replacing the previous token's. A token
        without a lifetime is renewed only when an answer says it expired."""
        if self._renewal is not None:
            self._renewal.cancel()
            self._renewal = None
        self.renew_at = None
        if not lifetime or lifetime <= 0 or self._closed:
            return
        self.renew_at = sent_at + lifetime - renewal_margin(lifetime)
        delay = max(RENEW_MIN_DELAY, self.renew_at - time.monotonic())
        self._renewal = asyncio.get_running_loop().call_later(delay, self._renew_ahead, self.credential_version)

    def _renew_ahead(self, version: int) -> None:
        """The renewal timer: a new token in the background while the current one still serves."""
        self._renewal = None
        if self._closed or version != self.credential_version:
            return
        if self._renewing is None or self._renewing.done():
            self._renewing = asyncio.ensure_future(self._renew(version))

    async def _renew(self, version: int) -> None:
        try:
            if await self.refresh_token(version):
                self.count("token/renewed_ahead")
        except CloseSpider as exc:  # refused: the crawl closes, as when an expired token cannot be renewed
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=exc.reason))
        except Exception as exc:  # a background task's boundary: the token is renewed when an answer refuses it
            self.problem("token_renewal_failed", "could not renew the TikTok client token ahead of its expiry "
                         "(%s); it is renewed when an answer says it expired", exc)

    def credentials_ready(self) -> Coroutine[Any, Any, Any] | None:
        """For the download handler (:func:`crawler.middlewares.renew_credentials`): ``None`` when a
        research call may go out now, else what it waits for: the new token, while the current one,
        which an answer called expired, is being renewed (a call sent with it would be refused, and
        charged to the quota)."""
        if self._refused_version == self.credential_version and not self._renewed.is_set():
            return self._token_renewed()
        return None

    async def _token_renewed(self) -> None:
        """Until the token call after a refusal has ended, or the crawl is stopping (a stop never waits
        for a token call)."""
        await StopSwitch.of(self.crawler).until(self._renewed)

    def _refused(self, version: int | None) -> None:
        """An answer called the current token expired: research calls wait for the next one."""
        if version == self.credential_version and self._refused_version != version:
            self._refused_version = version
            self._renewed = asyncio.Event()  # set when the token call that follows has ended

    def stop_renewals(self) -> None:
        """``spider_closed``: no renewal after the crawl."""
        self._closed = True
        if self._renewal is not None:
            self._renewal.cancel()
            self._renewal = None
        if self._renewing is not None and not self._renewing.done():
            self._renewing.cancel()

    # -- requests ----------------------------------------------------------------------------------
    def api_request(self, path: str, fields: str, body: dict[str, Any], callback: Any, *, priority: int,
                    **cb_kwargs: Any) -> scrapy.Request:
        """A research call: POST JSON (ids as exact integers) with ``fields`` in the query string."""
        return self.request(f"{self.base_url}{path}?fields={fields}", callback, method="POST",
                            body=json.dumps(body, separators=(",", ":")),
                            headers={"Content-Type": "application/json"}, cb_kwargs=cb_kwargs, priority=priority)

    def crawl_day(self) -> str:
        """The last day of the crawl's date windows: ``--until``, else the day the crawl started, kept in
        the state so that a resume the next day agrees (one for every worker of a queued crawl: the
        first to ask sets it; it never changes after, so a worker reads it once)."""
        if self._day is None or not self.queued:
            self._day = str(self.shared.setdefault("today", (self._until or now()).date().isoformat()))
        return self._day

    def windows(self, default_windows: int) -> list[tuple[str, str]]:
        """The crawl's date windows, ending on :meth:`crawl_day`."""
        day = self.crawl_day()
        today = parse_utc(day)
        since = parse_utc(self.args.since) if self.args.since else None
        if today is None:
            raise ArgumentError(f"the crawl's first day in its state is not a date: {day!r}")
        return date_windows(today.date(), since.date() if since else None, default_windows)

    def creator_windows(self, username: str) -> list[tuple[str, str]]:
        """A creator's video windows: the crawl's, or (incremental, a known creator) only the days from
        the newest stored video on, the last window clipped to that day."""
        windows = self.windows(CREATOR_WINDOWS)
        known = self.known_since(username)
        if known is None:
            return windows
        day = known.strftime("%Y%m%d")
        kept = [(max(start, day), end) for start, end in windows if end >= day]
        return kept or windows[:1]

    def query_body(self, field_name: str, value: str, window: tuple[str, str], max_count: int,
                   cursor: int | None, search_id: str | None) -> dict[str, Any]:
        conditions = [{"operation": "EQ", "field_name": field_name, "field_values": [value]}]
        if field_name == "hashtag_name" and self.regions:
            conditions.append({"operation": "IN", "field_name": "region_code", "field_values": self.regions})
        body: dict[str, Any] = {
            "query": {"and": conditions},
            "start_date": window[0], "end_date": window[1], "max_count": max_count,
        }
        if cursor is not None:
            body["cursor"] = cursor
        if search_id:
            body["search_id"] = search_id
        return body

    def hashtag_request(self, tag_index: int, window: int, cursor: int | None = None, search_id: str | None = None,
                        restarted: bool = False) -> scrapy.Request:
        body = self.query_body("hashtag_name", self.args.hashtags[tag_index], self.windows(DISCOVERY_WINDOWS)[window],
                               MAX_COUNT, cursor, search_id)
        return self.api_request(QUERY_PATH, VIDEO_FIELDS, body, self.parse_hashtag, priority=PRIORITY_SEARCH,
                                tag_index=tag_index, window=window, cursor=cursor, restarted=restarted)

    def user_request(self, username: str) -> scrapy.Request:
        return self.api_request(USER_PATH, USER_FIELDS, {"username": username}, self.parse_user,
                                priority=PRIORITY_USER, username=username)

    def videos_request(self, username: str, window: int, taken: list[str], cursor: int | None = None,
                       search_id: str | None = None, restarted: bool = False) -> scrapy.Request:
        wanted = min(MAX_COUNT, self.args.max_posts - len(taken))
        body = self.query_body("username", username, self.creator_windows(username)[window], wanted, cursor,
                               search_id)
        return self.api_request(QUERY_PATH, VIDEO_FIELDS, body, self.parse_videos, priority=PRIORITY_VIDEOS,
                                username=username, window=window, taken=taken, cursor=cursor, restarted=restarted)

    def comments_request(self, video_id: str, cursor: int = 0, taken: int = 0) -> scrapy.Request | None:
        """The next comment page, or ``None`` when ``--max-comments`` or the top 1,000 are reached."""
        wanted = min(MAX_COUNT, self.args.max_comments - taken, COMMENT_LIMIT - cursor)
        if wanted <= 0:
            return None
        body = {"video_id": int(video_id), "max_count": wanted, "cursor": cursor}
        return self.api_request(COMMENTS_PATH, COMMENT_FIELDS, body, self.parse_comments, priority=PRIORITY_COMMENTS,
                                video_id=video_id, cursor=cursor, taken=taken)

    # -- crawl -------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            await self.fetch_token()  # every call needs it, listed creators too (each worker its own)
        except CloseSpider as exc:  # refused: close cleanly, the reason is logged and counted
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=exc.reason))
            return
        finally:
            self._release_engine()
        # --resume: pending requests come from the checkpoint; a queued crawl: another worker started
        if not self.shared.first("started"):
            return
        self.windows(DISCOVERY_WINDOWS)  # fixes the crawl's first day in the state
        for request in self.queue_seeds():
            yield request
        if self.args.hashtags:
            yield self.hashtag_request(0, 0)

    def queue_seeds(self) -> Iterator[scrapy.Request]:
        """Listed creators (``--handle``, ``--handles-file``): each username straight to ``user/info``,
        their sources kept first (in a queued crawl another worker may take the answer at once)."""
        listed: dict[str, list[str]] = {}
        for seed in self.args.handles:
            self.count("seeds")
            sources = listed.setdefault(seed.handle.lstrip("@"), [])
            if seed.source not in sources:
                sources.append(seed.source)
        shared = self.shared
        for username, sources in listed.items():
            shared.put("seed_sources", username, sources)
            if shared.get("discoveries", username) is None:
                shared.put("discoveries", username, [])
        for username in listed:
            yield self.user_request(username)

    async def parse_hashtag(self, response: Response, tag_index: int, window: int, cursor: int | None = None,
                            restarted: bool = False) -> AsyncIterator[Any]:
        """A hashtag page: claim new usernames (user info each), then the next page, window or hashtag."""
        again = await self.answered(response)
        if again is not None:
            yield again
            return
        tag = self.args.hashtags[tag_index]
        if self.search_expired(response, cursor):
            if not restarted:
                self.count("search/restarted")
                # The window's first request again: the duplicate filter would drop it.
                yield self.hashtag_request(tag_index, window, restarted=True).replace(dont_filter=True)
                return
            self.problem("search_expired", "#%s: the search expired twice in one window; going on", tag)
        page = self.parse_page(response, parser.parse_video_query, f"videos with #{tag}")
        if page is None:
            for request in self.next_search(tag_index, window, None, None):
                yield request
            return
        self.count("pages/search")
        if page.facts.get("no_username"):
            self.count("skipped/videos_without_username", page.facts["no_username"])
        fetched_at = now_z()
        shared = self.shared  # one search page at a time (a chain of requests): the only writer of discoveries
        replayed = self.replayed(response)  # a killed worker's: its first processing's outputs may be lost
        for video in page.items:
            if not self.is_recent(video.created_at):
                self.count("skipped/too_old")
                continue
            username = video.creator_id
            if shared.has("gone", username):
                continue
            found = [tag, video.post_id, response.url, fetched_at]
            if shared.has("stored", username):
                for item in self.new_discoveries(username, [found], replayed=replayed):
                    yield item
                continue
            pending = shared.get("discoveries", username)
            if pending is None:
                # Claimed already, without discoveries: a dropped creator (not asked for again), or, in a
                # queued crawl, one whose claim a worker killed mid-callback left behind (kept: asked for
                # again; the duplicate filter drops the request if it reached the queue before the kill).
                cut_short = self.queued and self.is_claimed(username) and not shared.has("dropped", username)
                if not cut_short:
                    if not self.claim_creator(username):
                        continue
                    self.count("creators_claimed")
                yield self.user_request(username)
                pending = []
            elif replayed and self.is_claimed(username):
                # Claimed, not answered yet: asked for by this page's first processing (or an earlier
                # page's), perhaps never pushed; the duplicate filter drops it if it was.
                yield self.user_request(username)
            if any(t == tag for t, *_ in pending):
                continue
            pending.append(found)
            shared.put("discoveries", username, pending)
            for item in self.settle_discoveries(username):
                yield item
        for request in self.next_search(tag_index, window, self.advanced(page.cursor, cursor),
                                        page.facts.get("search_id"), restarted):
            yield request

    def next_search(self, tag_index: int, window: int, cursor: int | None, search_id: str | None,
                    restarted: bool = False) -> Iterator[scrapy.Request]:
        """The next page of this window, the next (older) window, or the next hashtag."""
        windows = len(self.windows(DISCOVERY_WINDOWS))
        later = len(self.args.hashtags) - tag_index - 1
        if self.creators_full:
            if cursor is not None or window + 1 < windows or later:
                self.count("search/stopped_max_creators")
            if later:
                self.count("skipped/hashtags_not_searched", later)
            return
        if cursor is not None:  # a window started again once is not started again
            yield self.hashtag_request(tag_index, window, cursor, search_id, restarted)
        elif window + 1 < windows:
            yield self.hashtag_request(tag_index, window + 1)
        elif later:
            yield self.hashtag_request(tag_index + 1, 0)

    def advanced(self, cursor: str | None, previous: int | None) -> int | None:
        """The next page's cursor, or ``None`` when there is none or it does not move forward."""
        if cursor is None:
            return None
        if previous is not None and int(cursor) <= previous:
            self.problem("cursor_stuck", "the API answered cursor %s after cursor %s; paging stops", cursor, previous)
            return None
        return int(cursor)

    def settle_discoveries(self, username: str) -> Iterator[DiscoveryItem]:
        """After a discovery was kept for ``username``: when their ``user/info`` was answered meanwhile (in
        a queued crawl, by another worker, which took what was kept before), what it did not see goes
        now (stored), or is dropped (private, deleted or unavailable)."""
        shared = self.shared
        if shared.has("stored", username):
            yield from self.new_discoveries(username, self.kept("discoveries", username))
        elif shared.has("gone", username) or shared.has("dropped", username):
            lost = shared.pop("discoveries", username, [])
            if lost:
                self.count("discoveries_dropped", len(lost))

    async def parse_user(self, response: Response, username: str) -> AsyncIterator[Any]:
        """A creator's profile, their discoveries, then their videos; private or deleted: skipped."""
        again = await self.answered(response)
        if again is not None:
            yield again
            return
        if response.status == 400:
            code, message = self._error(response)
            if code == "invalid_params" and any(m in (message or "").lower() for m in USER_GONE):
                self.count("skipped/private_or_deleted")
                self.seed_missed(username, "private_or_deleted")
                logger.info("[tiktok] @%s: private or deleted (%s), skipped", username, message)
                self.shared.add("gone", username)  # never asked for again
                self._drop(username)
                return
        page = self.parse_page(response, parser.parse_user_info, f"user info of @{username}", creator_id=username)
        if page is None or not page.items:
            self._drop(username, "profile_unavailable")
            return
        self.count("creators")
        yield page.items[0]
        shared = self.shared
        shared.add("stored", username)  # first: a search page keeping a discovery now sees it (settle_discoveries)
        for found in self.kept("discoveries", username):
            shared.add("discovered", f"{username}\n{found[0]}")
            self.count("discoveries")
            yield self.discovery(username, found)
        for source in self.kept("seed_sources", username):
            self.count("discoveries")
            yield DiscoveryItem(platform=PLATFORM, creator_id=username, source=source, source_url=response.url,
                                fetched_at=now_z())
        if self.args.max_posts > 0:
            yield self.videos_request(username, 0, [])

    def _drop(self, username: str, reason: str | None = None) -> None:
        """A creator who will not be stored: their discoveries go (counted)."""
        shared = self.shared
        if self.queued:  # first: not claimed again by a replayed search page (settle_discoveries drops theirs)
            shared.add("dropped", username)
        lost = shared.pop("discoveries", username, []) + shared.pop("seed_sources", username, [])
        if reason:
            self.count(f"skipped/{reason}")
        if lost:
            self.count("discoveries_dropped", len(lost))

    async def parse_videos(self, response: Response, username: str, window: int, taken: list[str],
                           cursor: int | None = None, restarted: bool = False) -> AsyncIterator[Any]:
        """A page of a creator's videos (newest first within the page): posts, comment requests, the next page."""
        again = await self.answered(response)
        if again is not None:
            yield again
            return
        if self.search_expired(response, cursor):
            if not restarted:
                self.count("search/restarted")
                # The window's first request again (the same body when nothing was taken since): not filtered.
                yield self.videos_request(username, window, taken, restarted=True).replace(dont_filter=True)
                return
            self.problem("search_expired", "videos of @%s: the search expired twice in one window; going on",
                         username)
        page = self.parse_page(response, parser.parse_video_query, f"videos of @{username}", creator_id=username)
        windows = len(self.creator_windows(username))
        if page is None:
            if window + 1 < windows:
                yield self.videos_request(username, window + 1, taken)
            return
        self.count("pages/videos")
        taken = list(taken)
        posts: list[PostItem] = sorted(page.items, key=lambda p: p.created_at or "", reverse=True)
        for post in posts:
            if len(taken) >= self.args.max_posts:
                break
            if post.creator_id.lower() != username.lower():
                self.count("skipped/foreign_posts")
                continue
            if post.post_id in taken:  # a window started again: already stored
                continue
            if not self.is_recent(post.created_at):
                self.count("skipped/too_old")
                continue
            if not self.is_new(username, post.created_at, post.post_id):  # a window's day holds older ones too
                if self.is_refreshed(username, post.post_id):
                    taken.append(post.post_id)
                    yield post  # its counts again; its comments are stored already
                else:
                    self.count("incremental/known_videos")
                continue
            taken.append(post.post_id)
            self.count("posts")
            yield post
            if self.args.max_comments > 0 and post.comment_count != 0:
                request = self.comments_request(post.post_id)
                if request is not None:
                    yield request
        if len(taken) >= self.args.max_posts:
            return
        next_cursor = self.advanced(page.cursor, cursor)
        if next_cursor is not None:
            yield self.videos_request(username, window, taken, next_cursor, page.facts.get("search_id"), restarted)
        elif window + 1 < windows:
            yield self.videos_request(username, window + 1, taken)

    async def parse_comments(self, response: Response, video_id: str, cursor: int, taken: int) -> AsyncIterator[Any]:
        """A page of a video's comments (no authors in this API), then the next page."""
        again = await self.answered(response)
        if again is not None:
            yield again
            return
        page = self.parse_page(response, parser.parse_comment_list, f"comments of video {video_id}", post_id=video_id,
                               limit=self.args.max_comments)
        if page is None:
            return
        self.count("pages/comments")
        if page.facts.get("foreign"):
            self.count("skipped/foreign_comments", page.facts["foreign"])
        kept = page.items[: max(0, self.args.max_comments - taken)]
        self.count("comments", len(kept))
        for comment in kept:
            yield comment
        taken += len(kept)
        next_cursor = self.advanced(page.cursor, cursor)
        if next_cursor is not None and taken < self.args.max_comments and page.facts.get("size"):
            request = self.comments_request(video_id, next_cursor, taken)
            if request is not None:
                yield request
            else:
                self.count("comments/stopped_top_1000")

    # -- errors ------------------------------------------------------------------------------------
    @staticmethod
    def _error(response: Response) -> tuple[str | None, str | None]:
        try:
            return parser.parse_error(response.json())
        except (ValueError, AttributeError):
            return None, None

    async def answered(self, response: Response) -> scrapy.Request | None:
        """What any research answer may say before it is parsed: an expired token (a new token, and
        the request again, returned) or the day's quota spent (the crawl stops, the request kept)."""
        version = response.meta.get(CREDENTIAL_VERSION)
        if response.status not in (401, 429):
            if isinstance(version, int):
                self._accepted_version = max(self._accepted_version, version)
            return None
        code, _ = self._error(response)
        if response.status == 401 and code == TOKEN_INVALID:
            self.count("token/expired")
            tries = int(response.request.meta.get(TOKEN_RETRIES, 0))
            # Sent with a token this worker has renewed since (it was on the wire when the new token
            # came): says nothing of the new one, and is no try. Requests of a queued crawl go back to
            # the queue and may meet several workers' expiries in a row; counting those stopped crawls
            # whose tokens were fine.
            stale = isinstance(version, int) and version != self.credential_version
            # A token that expired after answering is renewed as often as it expires; one that no
            # answer was ever given to was refused outright.
            never_accepted = isinstance(version, int) and version > self._accepted_version
            if not stale and (tries >= MAX_TOKEN_RETRIES or (tries >= 1 and never_accepted)):
                self.stop("token_refused", f"TikTok refused a fresh client token ({TOKEN_INVALID}): check {KEY_ENV} "
                          f"and {SECRET_ENV}")
            if not stale:  # research calls not sent yet wait for the new token (credentials_ready)
                self._refused(version)
            await self.refresh_token(version)
            again = response.request.replace(dont_filter=True)
            again.meta[TOKEN_RETRIES] = tries if stale else tries + 1
            return again
        if response.status == 429 and code == DAILY_QUOTA:
            self.crawler.engine.crawl(park(response.request))  # unsent next time: kept for --resume
            self.stop("quota_budget_spent", "TikTok's daily Research API quota is spent (429 "
                      f"{DAILY_QUOTA}): what was collected is stored; --resume continues after 00:00 UTC")
        return None

    def search_expired(self, response: Response, cursor: int | None) -> bool:
        """A 400 ``invalid_params`` for a search id that expired mid-pagination."""
        if response.status != 400 or cursor is None:
            return False
        code, message = self._error(response)
        return code == "invalid_params" and "search id" in (message or "").lower()

    def retry_backoff(self, response: Response) -> float | bool | None:
        """For the retry middleware: a spent daily quota is final (False); a short-term rate limit
        waits 10 s, growing, when the answer names no ``Retry-After``; anything else as usual."""
        if response.status != 429 or not response.url.startswith(self.base_url + "/"):
            return None
        code, _ = self._error(response)
        if code == DAILY_QUOTA:
            return False
        return RATE_LIMIT_BACKOFF

    def on_status(self, response: Response, what: str) -> None:
        code, message = self._error(response)
        if response.status == 401 and code == NOT_APPROVED:
            self.stop("scope_not_authorized", f"TikTok refused the call ({NOT_APPROVED}: {message or 'no message'}): "
                      "the Research API needs an approved research client (developers.tiktok.com > Research API); "
                      f"{KEY_ENV} must belong to it")
        if response.status == 401:
            self.stop("token_refused", f"TikTok refused the client token ({code or 401}: {message or 'no message'}): "
                      f"check {KEY_ENV} and {SECRET_ENV}")
        self.problem(f"http_{response.status}", "HTTP %s for %s (%s: %s)", response.status, what,
                     code or "no error code", message or "no message")
