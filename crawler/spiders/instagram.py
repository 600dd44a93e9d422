"""Instagram (Meta Graph API): creators found through @mentions in hashtag media, confirmed by
Business Discovery, with their recent media.

Request sequence (``{api}`` is ``CREATORSCOUT_INSTAGRAM_API_URL`` + ``/`` + the API version,
``{U}`` the user's own professional account id ``$INSTAGRAM_USER_ID``)::

    GET {api}/ig_hashtag_search?user_id={U}&q={tag}                        once per hashtag
    GET {api}/{hashtag-id}/recent_media?user_id={U}&fields=...&limit=50    then by the after cursor
    GET {api}/{hashtag-id}/top_media?user_id={U}&fields=...&limit=50       then by the after cursor
    GET {api}/{U}?fields=business_discovery.username(H){profile,media.limit(N){...}}   once per handle
    GET {api}/{U}?fields=business_discovery.username(H){...,media.after(C).limit(N){...}}   next media

Hashtag media carry no author. The candidates are the ``@mentions`` in their captions; each
unique handle is looked up once per crawl by Business Discovery, which answers only for
Business/Creator accounts: an unknown handle and a personal account both come back as error
110/2207013 (or 24) and are counted as ``skipped/not_professional`` ("not found or not a
professional account"), never retried. Lookups go out only while confirmed creators plus
lookups in flight stay below ``--max-creators``, and the next hashtag page is fetched only when
no candidate is waiting, so a crawl stops at ``--max-creators`` confirmed creators with few calls.
Listed creators (``--handle``, ``--handles-file``, ``--follow-links``) are looked up the same way,
every one of them. A creator's posts are the newest ``--max-posts`` media of Business Discovery
(pages of at most 50; paging stops at media older than ``--since`` or, in an incremental crawl,
at the newest one stored already less the overlap margin: the profile and the counts of the stored
media on that page are refreshed by the same first request).

Comments are never requested: ``/{media-id}/comments`` answers only for the user's own media, so
the crawl logs and counts that "comments not available on Instagram through the official API".

Budget: :class:`crawler.graph_usage.GraphUsageMiddleware` paces by the usage headers and pauses
on throttling. A user may search 30 unique hashtags in a rolling 7 days: the store's ledger
(``instagram_hashtag_ledger``, the user id as a keyed fingerprint) is checked before the crawl
starts (a crawl that would exceed it is refused, naming when the next slot frees) and each tag is
recorded when its ``ig_hashtag_search`` is sent. The access token travels only in an
``Authorization`` header added at download time (never in a URL, the frontier, items or logs);
the spider never follows ``paging.next`` links (they carry ``access_token``), it builds each next
URL from the ``after`` cursor. Error 190 (token invalid or expired) stops the crawl with one line.

A queued crawl (:mod:`crawler.distributed`): the search state (the chain's position, the candidates,
the handles looked up, the lookups in flight) lives in Redis (:mod:`crawler.crawl_state`), so any worker
may answer any page: one search request is in flight at a time (whoever sets ``search_in_flight`` sends
it), the chain moves only from the page just answered, each handle is looked up once, and a lookup's room
under ``--max-creators`` is taken before it goes out. The hashtag ledger and the usage are the account's,
in Redis (:class:`~crawler.distributed.RedisHashtagLedger`, :class:`~crawler.distributed.SharedUsage`):
the crawl is checked before it is published (:func:`check_queued_hashtags`) and each tag takes its slot
in one atomic step as its search goes out; a tag without a slot is not searched (``skipped/hashtag_limit``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy import signals

from crawler.crawl_state import REPLAYED_META
from crawler.errors import CreatorscoutError
from crawler.handlers import request_sent
from crawler.items import DiscoveryItem
from crawler.parsers import instagram as parser
from crawler.spiders.base import ArgumentError, PlatformSpider
from crawler.timeutil import format_z, now, now_z, parse_utc

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.storage import Store

__all__ = ["HashtagLimitError", "InstagramSpider", "check_hashtag_budget", "check_queued_hashtags",
           "user_fingerprint"]

logger = logging.getLogger(__name__)

USER_ENV = "INSTAGRAM_USER_ID"
TOKEN_ENV = "META_ACCESS_TOKEN"
DEFAULT_API_VERSION = "v24.0"
HASHTAG_MEDIA_FIELDS = "id,caption,comments_count,like_count,media_type,permalink,timestamp"
PROFILE_FIELDS = "id,username,name,biography,website,followers_count,follows_count,media_count"
MEDIA_FIELDS = "id,caption,comments_count,like_count,media_type,media_product_type,permalink,timestamp"
HASHTAG_PAGE = 50  # recent_media/top_media maximum
MEDIA_PAGE = 50  # Business Discovery media page maximum
EDGES = ("recent_media", "top_media")
HASHTAG_LIMIT = 30  # unique hashtags per user
HASHTAG_WINDOW = timedelta(days=7)
UNKNOWN_USER_CODES = frozenset({24, 110})
TOKEN_CODE = 190
HASHTAG_LIMIT_SUBCODE = 2207034  # invented by the creatorscout contract: the real subcode is undocumented
COMMENTS_NOTE = "comments not available on Instagram through the official API"
NOT_PROFESSIONAL = "not found or not a professional (Business/Creator) account"
MENTION_SOURCE = "caption_mention"
HASHTAG_META = "creatorscout_instagram_hashtag"
_VERSION_RE = re.compile(r"^v\d+\.\d+$")

PRIORITY_SEARCH = 0
PRIORITY_LOOKUP = 1
PRIORITY_MEDIA = 2


class HashtagLimitError(CreatorscoutError):
    """The crawl would search more unique hashtags than Instagram allows in 7 days."""


def check_hashtag_budget(searched: Mapping[str, str], wanted: Iterable[str], at: datetime,
                         limit: int = HASHTAG_LIMIT, window: timedelta = HASHTAG_WINDOW) -> None:
    """Raise :class:`HashtagLimitError` when searching ``wanted`` at ``at`` would exceed ``limit``
    unique hashtags in ``window``; ``searched`` maps the tags searched in the window to their first
    search time (``...Z``). Tags already searched cost nothing."""
    new = [tag for tag in dict.fromkeys(wanted) if tag not in searched]
    if len(searched) + len(new) <= limit:
        return
    if len(new) > limit:
        raise HashtagLimitError(f"Instagram allows {limit} unique hashtags per account in 7 days; this crawl asks "
                                f"for {len(new)} new ones: search at most {limit}")
    times = sorted(t for t in (parse_utc(v) for v in searched.values()) if t is not None) or [at - window]
    need = len(searched) + len(new) - limit
    first = format_z(times[0] + window, "seconds")
    enough = format_z(times[min(need, len(times)) - 1] + window, "seconds")
    when = f"the next slot frees at {first}" + (f", enough for this crawl at {enough}" if enough != first else "")
    raise HashtagLimitError(
        f"Instagram allows {limit} unique hashtags per account in 7 days: {len(searched)} used, this crawl needs "
        f"{len(new)} new ({', '.join(new)}); {when} (hashtags already used cost nothing)")


def user_fingerprint(secret: bytes, user_id: str) -> str:
    """An Instagram user id as the hashtag ledgers know it: HMAC-SHA256 under ``secret`` (32 hex chars)."""
    return hmac.new(secret, f"instagram:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def check_queued_hashtags(client: redis.Redis, hashtags: Iterable[str], settings: Mapping[str, Any]) -> None:
    """Refuse (:class:`HashtagLimitError`, one line) a queued crawl whose ``hashtags`` would exceed the
    ledger every worker shares in Redis, before it is published: nothing is queued then. The account is
    ``$INSTAGRAM_USER_ID``; the fingerprint's secret is the workers' (``settings``' pseudonym key, else
    the one kept in Redis)."""
    from scrapy.settings import Settings

    from crawler.distributed import RedisHashtagLedger, ledger_secret

    user_id = os.environ.get(USER_ENV, "").strip()
    if not user_id:
        return  # the crawl is refused anyway, naming the variable
    resolved = Settings()
    resolved.setmodule("crawler.settings", priority="project")
    resolved.setdict(dict(settings), priority="cmdline")
    secret = ledger_secret(client, resolved.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
    at = now()
    searched = RedisHashtagLedger(client).hashtags_searched(user_fingerprint(secret, user_id),
                                                            format_z(at - HASHTAG_WINDOW, "seconds"))
    check_hashtag_budget(searched, hashtags, at)


def _cursor_of(url: str) -> str | None:
    """The ``after`` cursor a hashtag media request was sent with (None for a first page)."""
    values = [v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k == "after"]
    return values[0] if values else None


def _drop_token(url: str) -> str:
    """``url`` without an ``access_token`` parameter (the spider never puts one in; defence in depth)."""
    parts = urlsplit(url)
    if "access_token" not in parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote, safe=",(){}.")))


class InstagramSpider(PlatformSpider):
    """Hashtag media -> @mentions -> Business Discovery (profile and media pages)."""

    name = "instagram"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_id, token = self.credential(USER_ENV), self.credential(TOKEN_ENV)
        credentials = self.platform().credentials
        if not user_id:
            raise ArgumentError(f"{USER_ENV} is not set: {credentials[0].help}")
        if not token:
            raise ArgumentError(f"{TOKEN_ENV} is not set: {credentials[1].help}")
        if not user_id.isdigit():
            raise ArgumentError(f"{USER_ENV} must be the digits of your Instagram professional account id "
                                f"({credentials[0].help})")
        self._user_id = user_id
        self._token = token  # only in credential_headers: never in self.state, a URL, an item or a log
        version = str(self.options.get("api_version") or DEFAULT_API_VERSION).strip()
        if not _VERSION_RE.match(version):
            raise ArgumentError(f"--api-version must look like v24.0, got {version!r}")
        self.api_version = version
        self.api = f"{self.base_url}/{version}"
        self._ledger: Store | None = None
        self._user_fingerprint: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> InstagramSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.args.hashtags:
            spider.open_ledger(crawler.settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_request_sent, signal=request_sent)
        crawler.signals.connect(spider.close_ledger, signal=signals.spider_closed)
        return spider  # type: ignore[return-value]

    def crawl_arguments(self) -> dict[str, Any]:
        return {**super().crawl_arguments(), "api_version": self.api_version}

    # -- credentials and the hashtag ledger --------------------------------------------------------
    def credential_headers(self, url: str) -> dict[str, str]:
        """``Authorization: Bearer`` for requests to the Graph API, added at download time only."""
        return {"Authorization": f"Bearer {self._token}"} if url.startswith(self.base_url + "/") else {}

    def user_fingerprint(self, secret: bytes) -> str:
        """The user id as the hashtag ledger knows it: HMAC-SHA256 under ``secret`` (32 hex chars)."""
        return user_fingerprint(secret, self._user_id)

    def open_ledger(self, settings: Any) -> None:
        """Open the hashtag ledger and refuse (:class:`HashtagLimitError`) a crawl whose hashtags would
        exceed 30 unique ones in 7 days: the store's for a local crawl; for a worker of a queued crawl the
        one every worker shares in Redis, where the crawl was checked before it was published
        (:func:`check_queued_hashtags`) and each tag takes its slot as its search is sent (:meth:`_take_slot`)."""
        from crawler.pipelines import pseudonym_key
        from crawler.storage import Store, resolve_db_path

        queue = settings.get("CREATORSCOUT_QUEUE")
        if queue:  # a worker of a queued crawl: the ledger every worker shares is in Redis
            from crawler.distributed import RedisHashtagLedger, connect, ledger_secret

            client = connect(queue)
            secret = ledger_secret(client, settings.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
            self._ledger = RedisHashtagLedger(client)  # type: ignore[assignment]
            self._user_fingerprint = self.user_fingerprint(secret)
            return  # checked when published; a worker joining later must not refuse tags searched since
        db_path = str(resolve_db_path(settings.get("CREATORSCOUT_DB")))
        self._ledger = Store.open(db_path)
        secret = pseudonym_key(db_path, settings.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
        self._user_fingerprint = self.user_fingerprint(secret)
        at = now()
        searched = self._ledger.hashtags_searched(self._user_fingerprint, format_z(at - HASHTAG_WINDOW, "seconds"))
        try:
            check_hashtag_budget(searched, self.args.hashtags, at)
        except HashtagLimitError:
            self.close_ledger()
            raise

    def close_ledger(self, *args: Any) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def on_request_sent(self, request: scrapy.Request) -> None:
        """``request_sent``: an ``ig_hashtag_search`` is going out now; its tag takes a slot."""
        tag = request.meta.get(HASHTAG_META)
        if not tag or self._ledger is None or self._user_fingerprint is None:
            return
        at = now()
        self._ledger.record_hashtag(self._user_fingerprint, tag, format_z(at, "seconds"),
                                    format_z(at - HASHTAG_WINDOW, "seconds"))
        self.count("hashtags_searched")

    def _take_slot(self, tag: str) -> bool:
        """Whether ``tag`` may be searched now. A queued crawl's worker takes the tag's slot in the ledger every
        worker shares, checked and recorded in one atomic step (a tag of the window costs nothing), so workers
        never pass 30 together, even when the ledger has filled since the crawl was published; a local crawl's
        ledger was checked before it started."""
        reserve = getattr(self._ledger, "reserve_hashtag", None)
        if reserve is None or self._user_fingerprint is None:
            return True
        at = now()
        if reserve(self._user_fingerprint, tag, format_z(at, "seconds"), format_z(at - HASHTAG_WINDOW, "seconds"),
                   HASHTAG_LIMIT):
            return True
        self.count("skipped/hashtag_limit")
        self.problem("hashtag_limit", "#%s is not searched: this account has searched %d unique hashtags in 7 days "
                     "(the ledger every worker shares); hashtags already searched this week still work", tag,
                     HASHTAG_LIMIT)
        return False

    # -- requests ----------------------------------------------------------------------------------
    def api_url(self, path: str, params: list[tuple[str, str]]) -> str:
        return f"{self.api}/{path}?{urlencode(params, quote_via=quote, safe=',(){}.')}"

    def hashtag_search_request(self, tag_index: int) -> scrapy.Request:
        tag = self.args.hashtags[tag_index]
        url = self.api_url("ig_hashtag_search", [("user_id", self._user_id), ("q", tag)])
        return self.request(url, self.parse_hashtag_search, cb_kwargs={"tag_index": tag_index},
                            meta={HASHTAG_META: tag}, priority=PRIORITY_SEARCH)

    def media_request(self, tag_index: int, hashtag_id: str, edge: str, cursor: str | None = None) -> scrapy.Request:
        params = [("user_id", self._user_id), ("fields", HASHTAG_MEDIA_FIELDS), ("limit", str(HASHTAG_PAGE))]
        if cursor:
            params.append(("after", cursor))
        return self.request(self.api_url(f"{hashtag_id}/{edge}", params), self.parse_hashtag_media,
                            cb_kwargs={"tag_index": tag_index, "hashtag_id": hashtag_id, "edge": edge},
                            priority=PRIORITY_SEARCH)

    def discovery_request(self, handle: str, taken: int = 0, cursor: str | None = None) -> scrapy.Request:
        """Business Discovery of ``handle``: profile and the first media page, or (``cursor``) the next one."""
        limit = max(1, min(MEDIA_PAGE, self.args.max_posts - taken))
        media = f"media.after({cursor}).limit({limit})" if cursor else f"media.limit({limit})"
        fields = f"business_discovery.username({handle}){{{PROFILE_FIELDS},{media}{{{MEDIA_FIELDS}}}}}"
        return self.request(self.api_url(self._user_id, [("fields", fields)]), self.parse_discovery,
                            cb_kwargs={"handle": handle, "taken": taken, "first": cursor is None},
                            priority=PRIORITY_MEDIA if cursor else PRIORITY_LOOKUP)

    # -- crawl -------------------------------------------------------------------------------------
    # The search state (:mod:`crawler.crawl_state`, every worker's in a queued crawl): the flags
    # ``started``, ``search_in_flight`` (one search request at a time: whoever sets it sends the next
    # page) and ``search_done``; the map ``search`` (the chain's position: tag index, hashtag id, edge,
    # cursor); the list ``candidates`` (mentions waiting for a lookup), the set ``looked_up`` (each
    # handle once), the maps ``mention_of`` (a looked-up handle's mention) and ``sources`` (a listed
    # handle's sources), the set ``lookups_done`` (answered: the rest is in flight), the counter
    # ``lookups_in_flight`` (with the claimed creators, the room taken under --max-creators) and the set
    # ``stored`` (creators yielded). An answer marked replayed (REPLAYED_META) yields again what it and
    # its worker decided and may not have pushed (:meth:`_resend`).
    async def start(self) -> AsyncIterator[scrapy.Request]:
        logger.info("[instagram] %s: no comment is requested", COMMENTS_NOTE)
        self.crawler.stats.set_value(f"creatorscout/{self.name}/note/comments", COMMENTS_NOTE)
        shared = self.shared
        # --resume: pending requests come from the checkpoint; a queued crawl: another worker started
        if not shared.first("started"):
            return
        for request in self.queue_seeds():
            yield request
        if self.args.hashtags:
            shared.swap("search", {}, {"tag": 0})
            for request in self._send_search():
                yield request

    def queue_seeds(self) -> Iterator[scrapy.Request]:
        """Listed creators: one Business Discovery lookup each, all of them (``--max-creators`` bounds discovery)."""
        shared = self.shared
        for seed in self.args.handles:
            handle = seed.handle.lower().lstrip("@")
            self.count("seeds")
            found = shared.get("sources", handle, [])
            if [seed.source] not in [s[:1] for s in found]:
                found.append([seed.source])
            shared.put("sources", handle, found)
            if shared.add("looked_up", handle):
                yield self.discovery_request(handle)

    # hashtag search ...............................................................................
    def parse_hashtag_search(self, response: Response, tag_index: int) -> Iterator[Any]:
        tag = self.args.hashtags[tag_index]
        page = self.parse_page(response, parser.parse_hashtag_search, f"hashtag search for #{tag}")
        if page is not None and page.items:
            self.count("pages/hashtag_search")
            following = {"tag": tag_index, "hashtag_id": page.items[0], "edge": 0, "cursor": None}
        else:
            if page is not None:
                self.count("skipped/hashtag_not_found")
                logger.info("[instagram] #%s: Instagram knows no such hashtag (or it is blocked)", tag)
            following = {"tag": tag_index + 1}
        yield from self._move({"tag": tag_index}, following, response.meta)

    def parse_hashtag_media(self, response: Response, tag_index: int, hashtag_id: str, edge: str) -> Iterator[Any]:
        """A page of hashtag media: queue the new @mentions as candidates, then move on."""
        tag = self.args.hashtags[tag_index]
        page = self.parse_page(response, parser.parse_hashtag_media, f"{edge} of #{tag}")
        edge_index = EDGES.index(edge)
        at = {"tag": tag_index, "hashtag_id": hashtag_id, "edge": edge_index, "cursor": _cursor_of(response.url)}
        following = {"tag": tag_index, "hashtag_id": hashtag_id, "edge": edge_index + 1, "cursor": None}
        if page is None:
            yield from self._move(at, following, response.meta)
            return
        self.count(f"pages/{edge}")
        shared = self.shared
        queued = {entry[0] for entry in shared.items("candidates")}
        fresh: list[list[Any]] = []
        fetched_at = now_z()
        source_url = self.loggable_url(response.url)
        for hit in page.items:
            if not self.is_recent(hit.created_at):
                self.count("skipped/too_old")
                continue
            for handle in hit.mentions:
                self.count("mentions")
                if handle in queued or shared.has("looked_up", handle):
                    continue
                queued.add(handle)
                fresh.append([handle, tag, hit.post_id, source_url, fetched_at])
                self.count("candidates")
        # Queued before the chain moves on: a page answered again (its worker killed before it was done)
        # finds them queued or looked up already.
        shared.append("candidates", fresh)
        cursor = page.cursor if page.items else None
        if cursor and edge == "recent_media" and not self.is_recent(page.facts.get("oldest_at")):
            self.count("search/stopped_since")
            cursor = None
        yield from self._move(at, {**at, "cursor": cursor} if cursor else following, response.meta)

    def _move(self, at: Mapping[str, Any], following: Mapping[str, Any],
              meta: Mapping[str, Any]) -> Iterator[scrapy.Request]:
        """The search request of position ``at`` has been answered: the chain moves on to ``following``
        and another search request may go out, in one step, and only from ``at`` (an answer processed a
        second time, after its worker was killed, finds the chain moved on already and moves nothing)."""
        self.shared.swap("search", at, following, release="search_in_flight")
        yield from self.advance()
        yield from self._resend(meta)

    def _resend(self, meta: Mapping[str, Any]) -> Iterator[scrapy.Request]:
        """For an answer marked replayed (its worker was killed): the requests the state says are out, in
        case they never reached the queue (the lookups not answered, the search request while
        ``search_in_flight`` is set); the duplicate filter drops those that did."""
        if not meta.get(REPLAYED_META):
            return
        shared = self.shared
        for handle in dict.fromkeys([*shared.entries("mention_of"), *shared.entries("sources")]):
            if not shared.has("lookups_done", handle):
                yield self.discovery_request(handle)
        search = shared.entries("search")
        if not shared.is_set("search_in_flight") or not search:
            return
        tag_index = int(search["tag"])
        if tag_index >= len(self.args.hashtags):
            return
        if "hashtag_id" not in search:
            if self._take_slot(self.args.hashtags[tag_index]):  # its slot was taken: free
                yield self.hashtag_search_request(tag_index)
        elif int(search["edge"]) < len(EDGES):
            yield self.media_request(tag_index, search["hashtag_id"], EDGES[int(search["edge"])], search.get("cursor"))

    # the scheduler of lookups and search pages ....................................................
    def _room(self) -> int | None:
        """How many more lookups may go out for discovery (``None``: no limit)."""
        if self.args.max_creators is None:
            return None
        confirmed = len(self.state.get("creators", ()))
        return self.args.max_creators - confirmed - self.shared.incr("lookups_in_flight")

    def advance(self) -> Iterator[scrapy.Request]:
        """Send candidate lookups while there is room, else the next hashtag page, else nothing."""
        shared = self.shared
        limit = self.args.max_creators
        while True:
            # The lookup's room is taken first, then checked: workers taking it at once never pass the limit.
            taken = shared.incr("lookups_in_flight", 1)
            if limit is not None and len(self.state.get("creators", ())) + taken > limit:
                shared.incr("lookups_in_flight", -1)
                break
            entry = shared.pop_head("candidates")
            if entry is None:
                shared.incr("lookups_in_flight", -1)
                break
            handle, *found = entry
            if not shared.add("looked_up", handle):
                shared.incr("lookups_in_flight", -1)
                continue
            shared.put("mention_of", handle, found)
            yield self.discovery_request(handle)
        if self.creators_full:
            self._finish_search()
            return
        if shared.items("candidates") or shared.is_set("search_in_flight") or shared.is_set("search_done"):
            return
        room = self._room()
        if room is not None and room <= 0:
            return  # lookups in flight may fill the crawl: wait for them before searching further
        yield from self._send_search()

    def _send_search(self) -> Iterator[scrapy.Request]:
        """The next search request, from whoever sets ``search_in_flight`` first (one at a time)."""
        if not self.shared.first("search_in_flight"):
            return
        request = self._next_search()
        if request is None:
            self.shared.clear("search_in_flight")
        else:
            yield request

    def _next_search(self) -> scrapy.Request | None:
        """The request at the chain's position (the caller holds ``search_in_flight``): tags without a
        slot in the hashtag ledger and exhausted edges are passed over."""
        shared = self.shared
        while True:
            search = dict(shared.entries("search"))
            if not search:
                return None
            tag_index = int(search["tag"])
            if tag_index >= len(self.args.hashtags):
                self._finish_search()
                return None
            if "hashtag_id" not in search:
                if self._take_slot(self.args.hashtags[tag_index]):
                    return self.hashtag_search_request(tag_index)
            elif int(search["edge"]) < len(EDGES):
                return self.media_request(tag_index, search["hashtag_id"], EDGES[int(search["edge"])],
                                          search.get("cursor"))
            shared.swap("search", search, {"tag": tag_index + 1})

    def _finish_search(self) -> None:
        shared = self.shared
        if not shared.first("search_done"):
            return
        left = len(shared.take("candidates", (), 1, partial=True))  # the queue, emptied in one step
        if self.creators_full:
            self.count("search/stopped_max_creators")
            if left:
                self.count("skipped/candidates_not_looked_up", left)
            search = shared.entries("search")
            started = 1 if "hashtag_id" in search else 0  # the current tag was searched, or is next
            later = len(self.args.hashtags) - int(search.get("tag", len(self.args.hashtags))) - started
            if later > 0:
                self.count("skipped/hashtags_not_searched", later)

    def on_idle(self) -> None:
        """``spider_idle``: whatever the state still allows (e.g. after a resume) goes out instead of closing."""
        if self.shared.is_set("started"):
            self.send_when_idle(list(self.advance()))

    # business discovery ...........................................................................
    def _lookup_done(self, handle: str) -> bool:
        """The lookup of ``handle`` is answered: True the first time (an answer processed again finds it
        done); its room under --max-creators is freed then, when it held one (a mention's lookup). Its
        mention and sources stay in the state, for an answer processed again to yield them again."""
        shared = self.shared
        if not shared.add("lookups_done", handle):
            return False
        if shared.get("mention_of", handle) is not None:
            shared.incr("lookups_in_flight", -1)
        return True

    def parse_discovery(self, response: Response, handle: str, taken: int, first: bool) -> Iterator[Any]:
        """A Business Discovery answer: on the first page the creator and how it was found, then posts."""
        page = self.parse_page(response, parser.parse_business_discovery, f"Business Discovery of @{handle}",
                               limit=self.args.max_posts - taken)
        if page is None:
            if first:
                error = self.graph_error(response) if response.status >= 400 else None
                if error is not None and error.code in UNKNOWN_USER_CODES:
                    self.seed_missed(handle, "not_professional")
                self._drop(handle)
                yield from self.advance()
                yield from self._resend(response.meta)
            return
        creator = page.facts["creator"]
        if first:
            self.count("pages/discovery")
            yield from self._confirm(creator, handle, response)
            # After the claim: claimed creators plus lookups in flight never understate what is taken.
            self._lookup_done(handle)
            if not self.shared.has("stored", creator.creator_id):
                yield from self.advance()
                yield from self._resend(response.meta)
                return
        else:
            self.count("pages/discovery_media")
        kept = 0
        stop = False
        for post in page.items:
            if self.is_recent(post.created_at) and self.is_refreshed(creator.creator_id, post.post_id):
                kept += 1  # stored already: its counts again (the page carries them)
                stop = stop or self.is_past_known(creator.creator_id, post.created_at)
                yield post
                continue
            if stop:  # past the stored media: only those to refresh are left to take from this page
                continue
            if not self.is_wanted(creator.creator_id, post.created_at, post.post_id):  # newest first
                stop = True
                if not self.is_recent(post.created_at):
                    self.count("posts/stopped_since")
                    break
                continue  # stored media to refresh may follow on this page
            kept += 1
            self.count("posts")
            yield post
        taken += kept
        if not stop and page.cursor and taken < self.args.max_posts and page.facts.get("size"):
            yield self.discovery_request(handle, taken, page.cursor)
        if first:
            yield from self.advance()
            yield from self._resend(response.meta)

    def _confirm(self, creator: Any, handle: str, response: Response) -> Iterator[Any]:
        """The creator and its discoveries, when a mention may still be claimed or a list named it. An answer
        marked replayed yields them again (the store upserts): its first processing may have claimed and
        stored the creator without its items reaching Redis."""
        shared = self.shared
        replayed = bool(response.meta.get(REPLAYED_META))
        found = shared.get("mention_of", handle)
        sources = shared.get("sources", handle, [])
        kept = replayed and self.is_claimed(creator.creator_id)  # a replayed answer's own claim
        if found is not None and not self.claim_creator(creator.creator_id) and not kept:
            if not sources:
                return  # --max-creators reached (counted) or the same account under another name
            found = None  # listed too: crawled as listed creators are, whatever the limit
        if shared.add("stored", creator.creator_id):
            self.count("creators")
            yield creator
        elif replayed:
            yield creator
        fetched_at = now_z()
        if found is not None:
            tag, post_id, source_url, found_at = found
            self.count("discoveries")
            yield DiscoveryItem(platform=self.name, creator_id=creator.creator_id, source_url=source_url,
                                fetched_at=found_at, hashtag=tag, post_id=post_id, source=MENTION_SOURCE)
        for (source,) in sources:
            self.count("discoveries")
            yield DiscoveryItem(platform=self.name, creator_id=creator.creator_id,
                                source_url=self.loggable_url(response.url), fetched_at=fetched_at, source=source)

    def _drop(self, handle: str) -> None:
        """A lookup without an answer to use: its discoveries are dropped (counted once)."""
        if not self._lookup_done(handle):
            return
        lost = [self.shared.get("mention_of", handle), *self.shared.get("sources", handle, [])]
        if any(lost):
            self.count("discoveries_dropped", sum(1 for x in lost if x))

    # -- errors ------------------------------------------------------------------------------------
    @staticmethod
    def graph_error(response: Response) -> parser.GraphError | None:
        try:
            return parser.parse_error(response.json())
        except (ValueError, AttributeError):
            return None

    def on_status(self, response: Response, what: str) -> None:
        """Classify an error answer by the Graph error code (never by the status alone)."""
        error = self.graph_error(response)
        code = error.code if error is not None else None
        message = (error.message if error is not None else None) or f"HTTP {response.status}"
        if code == TOKEN_CODE:
            sub = f", subcode {error.subcode}" if error is not None and error.subcode else ""
            self.stop("token_refused", f"{TOKEN_ENV} was refused (code 190{sub}): {message}; create a new "
                      "access token and export META_ACCESS_TOKEN=...")
        if error is not None and error.subcode == HASHTAG_LIMIT_SUBCODE:
            # The store's ledger did not know every search of this account (another tool, another store).
            self.count("skipped/hashtag_limit")
            self.problem("hashtag_limit", "Instagram refused %s: %s (this account searched hashtags the store's "
                         "ledger does not know of); hashtags already searched this week still work", what, message)
            return
        if code in UNKNOWN_USER_CODES and "Business Discovery" in what:
            self.count("skipped/not_professional")
            if "not_professional" not in self._logged_kinds:
                self._logged_kinds.add("not_professional")
                logger.info("[instagram] %s: %s (further ones are only counted)", what.rsplit(" ", 1)[-1],
                            NOT_PROFESSIONAL)
            return
        if code == 100:
            self.count("skipped/invalid_parameter")
            self.problem("invalid_parameter", "invalid parameter for %s: %s", what, message)
            return
        kind = f"graph_{code}" if code is not None else f"http_{response.status}"
        self.problem(kind, "%s for %s: %s", kind.replace("_", " "), what, message)

    def loggable_url(self, url: str) -> str:
        return _drop_token(url)

    def errback(self, failure: Failure) -> Iterator[Any]:
        """Network failures after retries: counted; a lost lookup frees its room for the next candidate,
        a lost hashtag page moves on to the next one."""
        super().errback(failure)
        request = getattr(failure, "request", None)
        if request is None:
            return
        kwargs = request.cb_kwargs
        if request.callback == self.parse_hashtag_search:
            yield from self._move({"tag": kwargs["tag_index"]}, {"tag": kwargs["tag_index"] + 1}, request.meta)
            return
        if request.callback == self.parse_hashtag_media:
            edge_index = EDGES.index(kwargs["edge"])
            at = {"tag": kwargs["tag_index"], "hashtag_id": kwargs["hashtag_id"], "edge": edge_index,
                  "cursor": _cursor_of(request.url)}
            yield from self._move(at, {**at, "edge": edge_index + 1, "cursor": None}, request.meta)
            return
        if request.callback == self.parse_discovery and kwargs.get("first"):
            self._drop(kwargs["handle"])
        yield from self.advance()
        yield from self._resend(request.meta)
