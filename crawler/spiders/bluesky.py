"""Bluesky (AT Protocol): creators, posts and replies found by hashtag.

Request sequence::

    POST {pds}/xrpc/com.atproto.server.createSession          once per crawl (not scheduled, see below)
    GET  {pds}/xrpc/app.bsky.feed.searchPosts?q=#tag&tag=tag&sort=latest&limit=100   then by cursor
    GET  {appview}/xrpc/app.bsky.actor.getProfiles?actors=...  25 claimed creators a request
    GET  {appview}/xrpc/app.bsky.feed.getAuthorFeed?actor=DID&filter=posts_no_replies&limit=100
    GET  {appview}/xrpc/app.bsky.feed.getPostThread?uri=AT-URI&depth=1000&parentHeight=0

``{pds}`` is ``CREATORSCOUT_BLUESKY_PDS_URL`` (default ``https://bsky.social``), where the user's
account logs in and where search answers; ``{appview}`` is ``CREATORSCOUT_BLUESKY_API_URL``
(default the public AppView ``https://public.api.bsky.app``), which serves profiles, feeds and
threads without login.

Search needs a login: the handle and app password come from ``$BLUESKY_HANDLE`` and
``$BLUESKY_APP_PASSWORD``. ``createSession`` is limited to 30 per 5 minutes, so the session is
made once and kept in memory for the crawl (``refreshSession`` when the PDS answers
``ExpiredToken``; a new login when the refresh fails). The login and refresh requests go straight
to the downloader (``engine.download_async``), never through the scheduler, so the password and
tokens never reach a checkpoint; the access token is added to search requests at download time by
:class:`crawler.middlewares.CredentialsMiddleware` (:meth:`BlueskySpider.credential_headers`).

Hashtags are searched one after another, newest posts first, until ``--max-creators`` are claimed,
a page is older than ``--since`` or there is no cursor. A creator is their DID (stable); the handle
is stored and may change. Accounts carrying their own self-label ``!no-unauthenticated`` (they
asked not to be shown to logged-out viewers) are skipped and counted, like Mastodon's opt-outs.
A creator's posts are their newest ``--max-posts`` original posts (reposts, told apart by the feed
entry's ``reason``, are counted, not stored; a pinned post comes first whatever its age, so it never
ends the paging: in an incremental crawl a known creator's feed is read down to the newest post
stored already less the overlap margin, ``known_since``, which catches posts that arrive late with an
earlier ``createdAt``; the stored posts on the pages read are yielded again to refresh their counts,
without a thread request); each post with replies gets its thread, flattened
with parent ids, up to ``--max-comments`` replies (deleted and blocked ones are counted, not
stored). Budget: ``RateLimit-Limit/Remaining/Reset`` headers on every answer
(:class:`crawler.middlewares.RateLimitMiddleware`), 429 ``RateLimitExceeded`` waits until the reset.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro

from crawler.items import DiscoveryItem
from crawler.parsers import Context
from crawler.parsers import bluesky as parser
from crawler.spiders.base import ArgumentError, PlatformSpider
from crawler.timeutil import now_z

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

__all__ = ["BlueskySpider"]

logger = logging.getLogger(__name__)

HANDLE_ENV = "BLUESKY_HANDLE"
PASSWORD_ENV = "BLUESKY_APP_PASSWORD"
PDS_SETTING = "CREATORSCOUT_BLUESKY_PDS_URL"
SEARCH_LIMIT = 100  # searchPosts maximum
FEED_LIMIT = 100  # getAuthorFeed maximum
PROFILES_BATCH = 25  # getProfiles maximum
THREAD_DEPTH = 1000  # getPostThread maximum: every reply level; --max-comments bounds what is kept
REFRESH_DEBOUNCE = 5.0  # seconds: answers to requests sent with the old token do not refresh again

LOGIN_RETRY = "creatorscout_bluesky_login_retry"  # request meta: asked again after this worker's login

PRIORITY_SEARCH = 0
PRIORITY_PROFILES = 1
PRIORITY_FEED = 2
PRIORITY_THREAD = 3


class BlueskySpider(PlatformSpider):
    """Hashtag search (logged in) -> profiles -> author feeds -> post threads (public AppView)."""

    name = "bluesky"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pds_url = (self.urls.get(PDS_SETTING) or "https://bsky.social").rstrip("/")
        self._handle = self.credential(HANDLE_ENV)
        self._password = self.credential(PASSWORD_ENV)
        if self.args.hashtags and not (self._handle and self._password):
            raise ArgumentError(f"search needs a Bluesky login: set {HANDLE_ENV} and {PASSWORD_ENV} "
                                f"({self.platform().credentials[1].help})")
        self._session: parser.Session | None = None  # in memory only: never in self.state or a request
        self._session_lock = asyncio.Lock()
        self._logged_in = asyncio.Event()  # set once this process has a session
        self._refreshed_at = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BlueskySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.send_pending_profiles, signal=signals.spider_idle)
        return spider  # type: ignore[return-value]

    def crawl_arguments(self) -> dict[str, Any]:
        """Arguments worth recording: both hosts and the account that logged in, never its password."""
        return {**super().crawl_arguments(), "pds_url": self.pds_url, "account": self._handle}

    # -- session -----------------------------------------------------------------------------------
    def credential_headers(self, url: str) -> dict[str, str]:
        """``Authorization: Bearer`` with the session's access token, for the PDS's other calls only
        (a refresh carries the refresh token itself)."""
        session_calls = f"{self.pds_url}/xrpc/com.atproto.server."
        if self._session is not None and url.startswith(self.pds_url + "/") and not url.startswith(session_calls):
            return {"Authorization": f"Bearer {self._session.access_jwt}"}
        return {}

    def xrpc(self, base: str, method: str, params: list[tuple[str, str]]) -> str:
        return f"{base}/xrpc/{method}" + (f"?{urlencode(params, quote_via=quote)}" if params else "")

    async def _session_call(self, method: str, body: dict[str, Any] | None, bearer: str | None) -> Response:
        """A login or refresh, straight to the downloader (never scheduled, never checkpointed)."""
        headers = {"Content-Type": "application/json"}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        request = scrapy.Request(self.xrpc(self.pds_url, method, []), method="POST", headers=headers,
                                 body=json.dumps(body).encode() if body is not None else b"",
                                 meta={"creatorscout_json": True}, dont_filter=True)
        return await self.crawler.engine.download_async(request)

    async def login(self) -> bool:
        """``createSession`` with the user's handle and app password; False (crawl closing) on refusal."""
        response = await self._session_call("com.atproto.server.createSession",
                                            {"identifier": self._handle, "password": self._password}, None)
        self.count("session/created")
        return self._take_session(response, "log in")

    async def refresh(self) -> bool:
        """A fresh access token (``refreshSession``, else a new login); one refresh for many expired answers."""
        async with self._session_lock:
            if time.monotonic() - self._refreshed_at < REFRESH_DEBOUNCE:
                return self._session is not None
            self._refreshed_at = time.monotonic()
            if self._session is not None:
                response = await self._session_call("com.atproto.server.refreshSession", None,
                                                    self._session.refresh_jwt)
                self.count("session/refreshed")
                if response.status == 200 and self._take_session(response, "refresh the session"):
                    return True
            return await self.login()

    def _take_session(self, response: Response, what: str) -> bool:
        if response.status == 200:
            payload = self.load_json(response)
            page = None if payload is None else self.parse_or_skip(
                parser.parse_session, payload, Context(url=response.url, fetched_at=now_z()))
            if page is not None and page.items:
                self._session = page.items[0]
                self._logged_in.set()
                return True
        error, message = self._error(response)
        if response.status in (400, 401) and error in ("AuthenticationRequired", "AccountTakedown",
                                                        "InvalidRequest", None):
            self.stop("login_refused", f"Bluesky refused to {what} for {self._handle} ({error or response.status}: "
                      f"{message or 'no message'}): check {HANDLE_ENV} and {PASSWORD_ENV} (an app password, "
                      "Settings > Privacy and security > App passwords)")
        if response.status == 429:
            self.stop("login_rate_limited", "Bluesky limits logins (30 per 5 minutes per account): try again in a "
                      "few minutes")
        self.stop("login_failed", f"could not {what} on {self.pds_url} (HTTP {response.status}: "
                  f"{message or error or 'no message'})")
        return False  # not reached: stop() raises

    # -- requests ----------------------------------------------------------------------------------
    def search_request(self, tag_index: int, cursor: str | None = None) -> scrapy.Request:
        tag = self.args.hashtags[tag_index]
        params = [("q", f"#{tag}"), ("tag", tag), ("sort", "latest"), ("limit", str(SEARCH_LIMIT))]
        if self.args.since:
            params.append(("since", self.args.since))
        if cursor:
            params.append(("cursor", cursor))
        return self.request(self.xrpc(self.pds_url, "app.bsky.feed.searchPosts", params), self.parse_search,
                            cb_kwargs={"tag_index": tag_index}, priority=PRIORITY_SEARCH)

    def profiles_request(self, dids: list[str]) -> scrapy.Request:
        url = self.xrpc(self.base_url, "app.bsky.actor.getProfiles", [("actors", did) for did in dids])
        return self.request(url, self.parse_profiles, cb_kwargs={"dids": dids}, priority=PRIORITY_PROFILES)

    def feed_request(self, did: str, originals: int = 0, cursor: str | None = None) -> scrapy.Request:
        params = [("actor", did), ("filter", "posts_no_replies"), ("limit", str(FEED_LIMIT))]
        if cursor:
            params.append(("cursor", cursor))
        return self.request(self.xrpc(self.base_url, "app.bsky.feed.getAuthorFeed", params), self.parse_feed,
                            cb_kwargs={"did": did, "originals": originals}, priority=PRIORITY_FEED)

    def thread_request(self, uri: str, did: str) -> scrapy.Request:
        params = [("uri", uri), ("depth", str(THREAD_DEPTH)), ("parentHeight", "0")]
        return self.request(self.xrpc(self.base_url, "app.bsky.feed.getPostThread", params), self.parse_thread,
                            cb_kwargs={"uri": uri, "did": did}, priority=PRIORITY_THREAD)

    # -- crawl -------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        shared = self.shared  # a queued crawl: every worker's, and each worker logs in for itself
        resumed = shared.is_set("search_started")
        if self.args.hashtags and not shared.is_set("search_done"):  # only search needs the login
            try:
                await self.login()
            except CloseSpider as exc:  # refused: close cleanly, the reason is logged and counted
                deferred_from_coro(self.crawler.engine.close_spider_async(reason=exc.reason))
                return
        # --resume: pending requests come from the checkpoint; a queued crawl: another worker started
        if resumed or not shared.first("search_started"):
            return
        self.queue_seeds()
        if self.args.hashtags:
            yield self.search_request(0)
            return
        shared.first("search_done")
        listed = shared.items("pending_profiles")  # sent first, removed second (see send_rest_when_idle)
        for start in range(0, len(listed), PROFILES_BATCH):
            yield self.profiles_request(listed[start:start + PROFILES_BATCH])
        shared.remove("pending_profiles", listed)

    def queue_seeds(self) -> None:
        """Listed creators (``--handle``, ``--handles-file``): handles or DIDs straight to ``getProfiles``.

        ``--max-creators`` bounds discovery by hashtag; every listed creator is crawled."""
        shared = self.shared
        for seed in self.args.handles:
            actor = seed.handle.lower()
            sources = shared.get("seed_sources", actor)
            if sources is None:
                shared.append("pending_profiles", [actor])
                sources = []
            if seed.source not in sources:
                sources.append(seed.source)
            shared.put("seed_sources", actor, sources)
            self.count("seeds")

    async def parse_search(self, response: Response, tag_index: int) -> AsyncIterator[Any]:
        """A search page: claim new creators (profiles in batches of 25), then the next page or hashtag."""
        if await self._expired(response):
            yield response.request.replace(dont_filter=True)
            return
        if await self._before_login(response):
            yield response.request.replace(dont_filter=True, meta={**response.request.meta, LOGIN_RETRY: True})
            return
        page = self.parse_page(response, parser.parse_search_posts, f"search for #{self.args.hashtags[tag_index]}")
        if page is None:
            for request in self.next_search(tag_index, None, response, full=False):
                yield request
            return
        self.count("pages/search")
        tag = self.args.hashtags[tag_index]
        fetched_at = now_z()
        shared = self.shared  # one search page at a time (a chain of requests): the only writer now
        replayed = self.replayed(response)  # a killed worker's: its first processing's outputs may be lost
        for hit in page.items:
            if not self.is_recent(hit.created_at):
                self.count("skipped/too_old")
                continue
            if hit.opt_out or shared.has("opted_out", hit.creator_id):
                if shared.add("opted_out", hit.creator_id):
                    self.count(f"skipped/opt_out/{hit.opt_out}")
                continue
            if shared.has("stored", hit.creator_id):   # the profile was answered: record the hashtag now
                for item in self.new_discoveries(hit.creator_id, [[tag, hit.post_id, response.url, fetched_at]],
                                                 replayed=replayed):
                    yield item
                continue
            found = shared.get("discoveries", hit.creator_id)
            if found is None:
                # Claimed already, without discoveries: a dropped creator (refused again), or, in a
                # queued crawl, one whose page was cut short by a worker killed mid-callback (kept).
                cut_short = (self.shared_state is not None and self.is_claimed(hit.creator_id)
                             and not shared.has("dropped", hit.creator_id))
                if not cut_short and not self.claim_creator(hit.creator_id):
                    continue
                shared.append("creator_order", [hit.creator_id])
                found = []
                self.count("creators_claimed")
                shared.append("pending_profiles", [hit.creator_id])
            if all(t != tag for t, *_ in found):
                found.append([tag, hit.post_id, response.url, fetched_at])
            shared.put("discoveries", hit.creator_id, found)
            if shared.has("stored", hit.creator_id):   # answered meanwhile (another worker of a queued crawl)
                for item in self.new_discoveries(hit.creator_id, found):
                    yield item
        cursor = page.cursor
        if not self.is_recent(page.facts.get("oldest_at")):
            self.count("search/stopped_since")
            cursor = None
        for request in self.next_search(tag_index, cursor if page.items else None, response, full=True):
            yield request

    def next_search(self, tag_index: int, cursor: str | None, response: Response, *,
                    full: bool) -> Iterator[scrapy.Request]:
        """The next page or the next hashtag's first page, after the full profiles batches waiting (``full``:
        a page that may have claimed creators); the search over, every batch left, the last partial one
        too. The batches are the page's (:meth:`take_batches`): a replayed page sends those it took again."""
        later = len(self.args.hashtags) - tag_index - 1
        following: scrapy.Request | None = None
        if self.creators_full:
            if cursor or later:
                self.count("search/stopped_max_creators")
            if later:
                self.count("skipped/hashtags_not_searched", later)
        elif cursor:
            following = self.search_request(tag_index, cursor)
        elif later:
            following = self.search_request(tag_index + 1)
        if following is None:
            self.shared.first("search_done")
        if following is None or full:
            yield from self.send_profiles(response, full_only=following is not None)
        if following is not None:
            yield following

    def send_profiles(self, response: Response, *, full_only: bool) -> Iterator[scrapy.Request]:
        """``getProfiles`` for the claimed creators waiting, 25 a request (the rest too unless ``full_only``);
        the batches a search page takes are kept with its URL (a replayed page sends them again)."""
        batches = self.take_batches("pending_profiles", (), PROFILES_BATCH, key=response.url, answer=response,
                                    partial=not full_only)
        for batch in batches:
            yield self.profiles_request(batch)

    def send_pending_profiles(self) -> None:
        """``spider_idle``: a last partial batch left by an interrupted search goes out instead of closing
        (in a queued crawl only once no other worker can add to it)."""
        if self.shared.quiet():
            self.send_rest_when_idle("pending_profiles", PROFILES_BATCH, self.profiles_request)

    def parse_profiles(self, response: Response, dids: list[str]) -> Iterator[Any]:
        """Profiles of a batch: each creator, their discoveries, then their author feed."""
        page = self.parse_page(response, parser.parse_profiles, "profiles")
        if page is None:
            self._drop(dids, "profiles_unavailable")
            return
        self.count("pages/profiles")
        wanted = set(dids)  # DIDs, and the handles of listed creators
        shared = self.shared
        seen: set[str] = set()
        for did, reason in (page.facts.get("opt_out") or {}).items():
            if did in wanted and did not in seen:
                seen.add(did)
                shared.add("opted_out", did)
                self.count(f"skipped/opt_out/{reason}")
                self._drop([did], None)
        for creator in page.items:
            asked = next((a for a in (creator.creator_id, (creator.handle or "").lower()) if a in wanted), None)
            if asked is None or asked in seen or creator.creator_id in seen:
                self.count("skipped/unexpected_profile")
                continue
            seen.update((asked, creator.creator_id))
            if asked != creator.creator_id and shared.has("opted_out", creator.creator_id):
                continue
            self.count("creators")
            yield creator
            # Stored first: a search page that finds this creator from now on records its hashtag itself.
            shared.add("stored", creator.creator_id)
            for found in shared.get("discoveries", creator.creator_id, []):
                shared.add("discovered", f"{creator.creator_id}\n{found[0]}")
                self.count("discoveries")
                yield self.discovery(creator.creator_id, found)
            for source in self.kept("seed_sources", asked):  # kept by a queued crawl, for a replayed answer
                self.count("discoveries")
                yield DiscoveryItem(platform=self.name, creator_id=creator.creator_id, source=source,
                                    source_url=response.url, fetched_at=now_z())
            # Each feed once; a replayed answer asks again (its first processing's request may be lost;
            # the duplicate filter drops it if it was pushed).
            if self.args.max_posts > 0 and (shared.add("feeds", creator.creator_id) or self.replayed(response)):
                yield self.feed_request(creator.creator_id)
        missing = [actor for actor in dids if actor not in seen]
        if missing:
            for actor in missing:  # getProfiles leaves out deleted, deactivated and taken-down accounts
                self.seed_missed(actor, "not_found")
            self._drop(missing, "profile_not_found")

    def _drop(self, dids: list[str], reason: str | None) -> None:
        """Claimed creators that will not be stored: their discoveries go, counted by ``reason``."""
        shared = self.shared
        for did in dids:
            lost = shared.pop("discoveries", did, []) + shared.pop("seed_sources", did, [])
            if self.shared_state is not None:  # not claimed again by a replayed search page
                shared.add("dropped", did)
            if reason:
                self.count(f"skipped/{reason}")
            if lost:
                self.count("discoveries_dropped", len(lost))

    def parse_feed(self, response: Response, did: str, originals: int) -> Iterator[Any]:
        """A page of the creator's feed: original posts, a thread request per post with replies, the next page."""
        page = self.parse_page(response, parser.parse_author_feed, f"feed of {did}", creator_id=did)
        if page is None:
            return
        self.count("pages/feed")
        if page.facts.get("reposts"):
            self.count("posts/reposts_skipped", page.facts["reposts"])
        if page.facts.get("foreign"):
            self.count("skipped/foreign_posts", page.facts["foreign"])
        stop = False
        pinned = set(page.facts.get("pinned") or ())
        for post in page.items:
            if originals >= self.args.max_posts:
                stop = True
                break
            if self.is_recent(post.created_at) and self.is_refreshed(did, post.post_id):
                originals += int(not post.is_reply)  # stored already: its counts again, no thread request
                if post.post_id not in pinned:  # a pinned post is out of time order: it says nothing
                    stop = stop or self.is_past_known(did, post.created_at)
                yield post
                continue
            if stop:  # past the stored posts: only those to refresh are left to take from this page
                continue
            if post.post_id in pinned and not (self.is_recent(post.created_at)
                                               and self.is_new(did, post.created_at, post.post_id)):
                self.count("feed/pinned_skipped")  # out of time order: says nothing about the posts after it
                continue
            if not self.is_wanted(did, post.created_at, post.post_id):  # newest first: the rest is older
                stop = True
                if not self.is_recent(post.created_at):
                    self.count("feed/stopped_since")
                    break
                continue  # stored posts to refresh may follow on this page
            if post.is_reply:  # posts_no_replies should leave them out; kept like Mastodon's, not counted
                self.count("posts/replies")
                yield post
                continue
            originals += 1
            self.count("posts")
            yield post
            if post.comment_count and self.args.max_comments > 0:
                yield self.thread_request(post.post_id, did)
        if stop or originals >= self.args.max_posts or not page.cursor or not page.facts.get("size"):
            return
        yield self.feed_request(did, originals, page.cursor)

    def parse_thread(self, response: Response, uri: str, did: str) -> Iterator[Any]:
        """A post's thread: up to ``--max-comments`` replies, flattened with their parents."""
        page = self.parse_page(response, parser.parse_post_thread, f"thread of {uri}", creator_id=did, post_id=uri,
                               limit=self.args.max_comments)
        if page is None:
            return
        self.count("pages/thread")
        for fact in ("not_found", "blocked", "truncated"):
            if page.facts.get(fact):
                self.count(f"skipped/replies_{fact}", page.facts[fact])
        self.count("comments", len(page.items))
        yield from page.items

    # -- errors ------------------------------------------------------------------------------------
    @staticmethod
    def _error(response: Response) -> tuple[str | None, str | None]:
        try:
            return parser.parse_error(response.json())
        except (ValueError, AttributeError):
            return None, None

    async def _expired(self, response: Response) -> bool:
        """True (after refreshing the session) when the PDS said the access token has expired."""
        if response.status != 400 or not response.url.startswith(self.pds_url + "/"):
            return False
        error, _ = self._error(response)
        if error not in ("ExpiredToken", "InvalidToken"):
            return False
        self.count("session/expired")
        return await self.refresh()

    async def _before_login(self, response: Response) -> bool:
        """True (once this worker is logged in) for a queued crawl's search page refused with 403 because
        this worker took it from the queue before its own login was done (it logs in while the queue is
        already served); asked again once: a second 403 is a real refusal."""
        if (self.shared_state is None or response.status != 403 or response.meta.get(LOGIN_RETRY)
                or not response.url.startswith(self.pds_url + "/")):
            return False
        await self._logged_in.wait()
        self.count("session/search_before_login")
        return True

    def on_status(self, response: Response, what: str) -> None:
        error, message = self._error(response)
        if response.status == 403 and response.url.startswith(self.pds_url + "/"):
            self.stop("search_needs_login", f"search needs a Bluesky login: {urlsplit(self.pds_url).netloc} answered "
                      f"403 ({message or error or 'Forbidden'}); set {HANDLE_ENV} and {PASSWORD_ENV} to an account "
                      f"and app password, and {PDS_SETTING} to that account's PDS")
        if response.status == 400 and error in ("InvalidRequest", "NotFound") and "feed of" in what:
            self.count("skipped/feed_not_found")
            return
        if response.status == 400 and error == "NotFound":
            self.count("skipped/post_not_found")
            return
        self.problem(f"http_{response.status}", "HTTP %s for %s %s (%s)", response.status, what, response.url,
                     error or "no error name")

    def errback(self, failure: Failure) -> None:
        """Network failures after retries: counted; a lost profiles batch drops its creators."""
        super().errback(failure)
        request = getattr(failure, "request", None)
        if request is not None and request.callback == self.parse_profiles:
            self._drop(request.cb_kwargs["dids"], "profiles_unavailable")
