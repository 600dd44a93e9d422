"""Mastodon: creators, posts and comments by hashtag from one instance's public REST API.

Request sequence (all on ``--instance``, default ``CREATORSCOUT_MASTODON_API_URL``)::

    GET /api/v1/timelines/tag/<tag>?limit=40                  per hashtag, then Link rel="next"
    GET /api/v1/accounts/<id>                                 once per newly claimed creator
    GET /api/v1/accounts/<id>/statuses?limit=40&exclude_reblogs=true   then Link rel="next"
    GET /api/v1/statuses/<id>/context                         per original post with replies

Paging stops on an empty page, a missing ``next`` link, a status older than ``--since`` (or, in an
incremental crawl, one of a known creator's older than ``known_since``: their newest stored post less
the overlap margin, which catches statuses federated late with an earlier date; the stored statuses
on the pages read are yielded again to refresh their counts, without a context request), and
(tag timelines) once ``--max-creators`` are claimed, (statuses) once ``--max-posts`` original
posts are collected or a page comes back shorter than the limit asked for (the last page).

Replies: a creator's replies to others are stored as posts with ``is_reply=True`` (vetting leaves
them out of engagement) but do not count toward ``--max-posts`` and get no context request; to
bound the scan, a creator's timeline is read for at most ``MAX_SCAN_FACTOR * --max-posts``
statuses.

Opt-outs (``discoverable: false``, ``noindex: true``, ``#nobot`` in the bio) are honoured before a
creator is claimed and again on the fresh account (``skipped/opt_out/<reason>``). ``indexable:
false`` alone is no opt-out (``discoverable`` is the consent that counts for discovery): the
account is collected with ``indexable=False`` (counted as ``creators_not_indexable``) and the
deliveries never show its posts. Bot accounts (``bot: true``) are collected with
``is_bot_account=True``.

The optional access token comes from ``$MASTODON_ACCESS_TOKEN`` only (read by the base spider
from the platform's registry entry). It is never put into a
request that Scrapy schedules (so it never reaches a checkpoint or a log):
:class:`crawler.middlewares.CredentialsMiddleware` adds ``Authorization: Bearer`` at download
time (see :meth:`MastodonSpider.credential_headers`), for the instance's own host only, and takes
it off again when the response comes back.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from crawler.items import DiscoveryItem
from crawler.parsers import Page
from crawler.parsers import mastodon as parser
from crawler.spiders.base import ArgumentError, PlatformSpider
from crawler.timeutil import now_z

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    import scrapy
    from scrapy.http import Response
    from twisted.python.failure import Failure

__all__ = ["MAX_SCAN_FACTOR", "PAGE_LIMIT", "MastodonSpider", "validate_instance"]

logger = logging.getLogger(__name__)

TOKEN_ENV = "MASTODON_ACCESS_TOKEN"
PAGE_LIMIT = 40  # the largest page Mastodon serves for timelines and account statuses
MAX_SCAN_FACTOR = 5  # read at most this many statuses per wanted original post

PRIORITY_TAG = 0
PRIORITY_ACCOUNT = 1
PRIORITY_STATUSES = 2
PRIORITY_CONTEXT = 3
TAG_PATH = "/api/v1/timelines/tag/"


def validate_instance(value: str | None) -> str:
    """An instance base URL without trailing slash; :class:`ArgumentError` unless http(s) with a host."""
    if not value or not isinstance(value, str):
        raise ArgumentError("no Mastodon instance given: pass one, e.g. --instance https://mastodon.social")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(
            f"--instance must be an http(s) URL with a host, e.g. https://mastodon.social, got {value!r}"
        )
    if parts.query or parts.fragment:
        raise ArgumentError(f"--instance must not carry a query or fragment, got {value!r}")
    return value.strip().rstrip("/")


def _link(response: Response) -> str | None:
    """The response's ``Link`` header (where Mastodon puts the next page), as text."""
    value = response.headers.get("Link")
    return value.decode("latin-1") if value else None


def _page_limit(url: str) -> int | None:
    """The ``limit`` a paged URL asked for, if any."""
    values = parse_qs(urlsplit(url).query).get("limit")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


class MastodonSpider(PlatformSpider):
    """Hashtag timeline -> creators -> their statuses -> replies (context) on one instance."""

    name = "mastodon"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance_netloc = urlsplit(self.base_url).netloc.lower()
        self._access_token = self.credential(TOKEN_ENV)

    def check_base_url(self, url: str) -> str:
        return validate_instance(url)

    def crawl_arguments(self) -> dict[str, Any]:
        """Arguments worth recording: whether a token was used, never the token."""
        return {**super().crawl_arguments(), "instance": self.base_url, "authenticated": self.authenticated}

    @property
    def authenticated(self) -> bool:
        return self._access_token is not None

    def credential_headers(self, url: str) -> dict[str, str]:
        """``Authorization`` for ``url``: only with a token, only for the instance's own host."""
        if self._access_token and urlsplit(url).netloc.lower() == self.instance_netloc:
            return {"Authorization": f"Bearer {self._access_token}"}
        return {}

    # -- URLs ------------------------------------------------------------------------------------
    def tag_url(self, tag: str) -> str:
        return f"{self.base_url}/api/v1/timelines/tag/{quote(tag, safe='')}?limit={PAGE_LIMIT}"

    def account_url(self, account_id: str) -> str:
        return f"{self.base_url}/api/v1/accounts/{quote(account_id, safe='')}"

    def statuses_url(self, account_id: str) -> str:
        return f"{self.account_url(account_id)}/statuses?limit={PAGE_LIMIT}&exclude_reblogs=true"

    def context_url(self, status_id: str) -> str:
        return f"{self.base_url}/api/v1/statuses/{quote(status_id, safe='')}/context"

    # -- crawl -----------------------------------------------------------------------------------
    def lookup_url(self, acct: str) -> str:
        return f"{self.base_url}/api/v1/accounts/lookup?acct={quote(acct, safe='@')}"

    def _acct(self, handle: str) -> str:
        """A seed's ``user@host`` as the instance knows it: local accounts without the host."""
        user, _, host = handle.partition("@")
        return user if host.lower() in (self.instance_netloc, self.instance_netloc.split(":")[0]) else handle

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.args.handles:  # listed creators: looked up, then crawled like discovered ones
            self.count("seeds")
            # A seed of kind "id" is an account id on this instance (a plan refreshing a known creator:
            # the id outlives a rename); any other is a handle to look up.
            url = self.account_url(seed.handle) if seed.kind == "id" else self.lookup_url(self._acct(seed.handle))
            yield self.request(url, self.parse_lookup, cb_kwargs={"handle": seed.handle, "source": seed.source},
                               priority=PRIORITY_ACCOUNT)
        for tag in self.args.hashtags:
            yield self.request(
                self.tag_url(tag), self.parse_tag, cb_kwargs={"hashtag": tag, "page": 1}, priority=PRIORITY_TAG
            )

    def parse_tag(self, response: Response, hashtag: str, page: int) -> Iterator[Any]:
        """A hashtag timeline page: discoveries, account requests for new creators, the next page."""
        result = self.parse_page(response, parser.parse_tag_page, f"hashtag #{hashtag}", link=_link(response))
        if result is None:
            return
        self.count("pages/tag")
        if not result.items:
            if page == 1:
                self._tag_empty(hashtag, response.url)
            return
        fetched_at = now_z()
        replayed = self.replayed(response)  # a killed worker's: its first processing's outputs may be lost
        for hit in result.items:
            if self.is_recent(hit.created_at):
                yield from self._accept_hit(hashtag, hit, response.url, fetched_at, replayed=replayed)
            else:
                self.count("skipped/too_old")
        # Timelines are ordered by id, and Mastodon ids follow the post's time: once the page's
        # oldest entry is older than --since, every later page is too.
        if not self.is_recent(result.facts.get("oldest_at")):
            self.count("tag/stopped_since")
            return
        # Hashtags are searched side by side: the limit may have filled elsewhere since this page's first
        # processing went on to the next page. A replayed page asks for it again (dropped if it was sent).
        if self.creators_full and not replayed:
            self.count("tag/stopped_max_creators")
            return
        if result.cursor:
            yield self.request(
                result.cursor, self.parse_tag, cb_kwargs={"hashtag": hashtag, "page": page + 1},
                priority=PRIORITY_TAG,
            )

    def on_status(self, response: Response, what: str) -> None:
        """A hashtag timeline's 404 means no such tag (no results) and its 401 that the instance wants
        a login (or refused the token); every other status is counted by the base class."""
        _, is_tag, tag = urlsplit(response.url).path.partition(TAG_PATH)
        if is_tag and response.status == 404:
            self._tag_empty(unquote(tag), response.url)
        elif is_tag and response.status == 401:
            self.count("tag/unauthorized")
            if self.authenticated:
                self.problem("auth_required", "%s refused the access token for the hashtag timeline (HTTP 401): "
                             "check %s", self.instance_netloc, TOKEN_ENV)
            else:
                self.problem("auth_required", "%s requires login for hashtag timelines (HTTP 401): set %s to an "
                             "access token of an account on that instance", self.instance_netloc, TOKEN_ENV)
        else:
            super().on_status(response, what)

    def _tag_empty(self, hashtag: str, url: str) -> None:
        self.count("hashtag_empty")
        logger.info("[mastodon] no posts for #%s on %s (%s)", hashtag, self.instance_netloc, url)

    def _accept_hit(self, hashtag: str, hit: parser.TagHit, source_url: str, fetched_at: str, *,
                    replayed: bool = False) -> Iterator[Any]:
        """A hashtag hit: its discovery, and the account request of a creator it claims. A replayed page's
        hit on a claimed creator asks for the account again: the claim is the crawl's, in Redis, the pairs
        seen are this worker's, and the page's first processing may have claimed the creator without its
        request reaching the queue (the duplicate filter drops it if it did)."""
        if hit.opt_out:
            opted_out: set[str] = self.state.setdefault("opted_out", set())
            if hit.creator_id not in opted_out:
                opted_out.add(hit.creator_id)
                self.count(f"skipped/opt_out/{hit.opt_out}")
            return
        if hit.creator_id in self.state.get("opted_out", ()) or hit.creator_id in self.state.get("dropped", ()):
            return
        if replayed and self.queued and hit.creator_id in self.state.get("creators", ()):
            yield self._account_request(hit.creator_id)
        pair = f"{hashtag}\n{hit.creator_id}"
        pairs: set[str] = self.state.setdefault("pairs", set())
        if pair in pairs:
            return
        claimed = hit.creator_id in self.state.get("creators", ()) or hit.creator_id in self.state.get("listed", ())
        if not claimed and not self.claim_creator(hit.creator_id):
            return
        pairs.add(pair)
        discovery = {
            "hashtag": hashtag, "creator_id": hit.creator_id, "post_id": hit.post_id,
            "source_url": source_url, "fetched_at": fetched_at,
        }
        if claimed:
            if hit.creator_id in self.state.get("stored", ()) or self.queued:
                yield self._discovery(discovery)
            else:
                self.state.setdefault("pending", {}).setdefault(hit.creator_id, []).append(discovery)
            return
        self.count("creators_claimed")
        if hit.is_bot_account:
            self.count("creators_bot_accounts")
        if self.queued:
            yield self._discovery(discovery)
        else:
            self.state.setdefault("pending", {})[hit.creator_id] = [discovery]
        yield self._account_request(hit.creator_id)

    def _account_request(self, creator_id: str) -> scrapy.Request:
        return self.request(self.account_url(creator_id), self.parse_account, cb_kwargs={"creator_id": creator_id},
                            priority=PRIORITY_ACCOUNT)

    @property
    def queued(self) -> bool:
        """A crawl shared through Redis (crawler.distributed): another worker may fetch a creator's account,
        so discoveries are yielded at once and the drain keeps each until its creator is stored (or drops
        it as an orphan at the end, like an opted-out creator's)."""
        return bool(self.settings.get("CREATORSCOUT_QUEUE")) if hasattr(self, "settings") else False

    def _discovery(self, discovery: dict[str, Any]) -> DiscoveryItem:
        self.count("discoveries")
        return DiscoveryItem(platform=self.name, **discovery)

    def _drop_pending(self, creator_id: str) -> None:
        """A claimed creator will not be stored: forget their discoveries, now and later."""
        self.state.setdefault("dropped", set()).add(creator_id)
        dropped = self.state.get("pending", {}).pop(creator_id, [])
        if dropped:
            self.count("discoveries_dropped", len(dropped))

    def errback(self, failure: Failure) -> None:
        """Network failures after retries: counted; a lost account fetch drops the creator."""
        super().errback(failure)
        request = getattr(failure, "request", None)
        if request is not None and request.callback == self.parse_account:
            self._drop_pending(request.cb_kwargs["creator_id"])

    def parse_account(self, response: Response, creator_id: str) -> Iterator[Any]:
        """The creator's profile, then their discoveries, then the first statuses page."""
        page = self.parse_page(response, parser.parse_account, f"account {creator_id}")
        if page is None:
            self._drop_pending(creator_id)
            return
        yield from self._take_account(page, creator_id)

    def parse_lookup(self, response: Response, handle: str, source: str) -> Iterator[Any]:
        """A listed creator's account (``accounts/lookup``): then as a discovered creator's."""
        if response.status == 404:
            self.count("skipped/seed_not_found")
            self.seed_missed(handle, "not_found")
            self.problem("seed_not_found", "no account %s on %s (HTTP 404)", handle, self.instance_netloc)
            return
        page = self.parse_page(response, parser.parse_account, f"account {handle}")
        if page is None or not page.items:
            self.count("skipped/seed_unavailable")
            self.seed_missed(handle, "unavailable")
            return
        if page.facts.get("suspended") or page.facts.get("opt_out"):
            self.seed_missed(handle, "suspended" if page.facts.get("suspended") else "opted_out")
        creator_id = page.items[0].creator_id
        discovery = {"creator_id": creator_id, "source": source, "source_url": response.url, "fetched_at": now_z()}
        stored = creator_id in self.state.get("stored", ())  # found by a hashtag (or listed twice) already
        if stored or self.queued:
            yield self._discovery(discovery)
        else:
            self.state.setdefault("pending", {}).setdefault(creator_id, []).append(discovery)
        # A creator a hashtag claimed has its own account request on its way, unless that request is this
        # very one (an id seed asks for the same URL): the duplicate filter dropped the other, so go on.
        if stored or (creator_id in self.state.get("creators", ()) and response.url != self.account_url(creator_id)):
            return
        self.state.setdefault("listed", set()).add(creator_id)
        yield from self._take_account(page, creator_id)

    def _take_account(self, page: Page, creator_id: str) -> Iterator[Any]:
        if page.facts.get("suspended"):
            self.count("skipped/suspended")
            self._drop_pending(creator_id)
            return
        reason = page.facts.get("opt_out")
        if reason:
            self.state.setdefault("opted_out", set()).add(creator_id)
            self.count(f"skipped/opt_out/{reason}")
            self._drop_pending(creator_id)
            return
        self.count("pages/account")
        (creator,) = page.items
        if creator.indexable is False:
            self.count("creators_not_indexable")
        self.state.setdefault("stored", set()).add(creator_id)
        yield creator
        for discovery in self.state.get("pending", {}).pop(creator_id, []):
            yield self._discovery(discovery)
        yield self.request(
            self.statuses_url(creator_id), self.parse_statuses,
            cb_kwargs={"creator_id": creator_id, "originals": 0, "scanned": 0}, priority=PRIORITY_STATUSES,
        )

    def parse_statuses(self, response: Response, creator_id: str, originals: int, scanned: int) -> Iterator[Any]:
        """A page of the creator's statuses: posts, a context request per post with replies, the next page."""
        result = self.parse_page(response, parser.parse_statuses_page, f"statuses of {creator_id}",
                                 creator_id=creator_id, link=_link(response))
        if result is None:
            return
        self.count("pages/statuses")
        max_posts = self.args.max_posts
        scan_limit = MAX_SCAN_FACTOR * max_posts
        stop = False
        for post in result.items:
            if originals >= max_posts or scanned >= scan_limit:
                stop = True
                break
            if self.is_recent(post.created_at) and self.is_refreshed(creator_id, post.post_id):
                scanned += 1  # stored already: its counts again, no context request
                originals += int(not (post.is_reply or post.is_repost))
                stop = stop or self.is_past_known(creator_id, post.created_at)
                yield post
                continue
            if stop:  # past the stored posts: only those to refresh are left to take from this page
                continue
            if not self.is_wanted(creator_id, post.created_at, post.post_id):  # newest first: the rest is older
                if not self.is_recent(post.created_at):
                    self.count("statuses/stopped_since")
                    break
                stop = True  # a stored reply, say: stored posts to refresh may follow on this page
                continue
            scanned += 1
            if post.is_reply or post.is_repost:
                self.count("posts/replies" if post.is_reply else "posts/reposts")
                yield post
                continue
            originals += 1
            self.count("posts")
            yield post
            if post.comment_count and self.args.max_comments > 0:
                yield self.request(
                    self.context_url(post.post_id), self.parse_context,
                    cb_kwargs={"post_id": post.post_id, "creator_id": creator_id}, priority=PRIORITY_CONTEXT,
                )
        if originals >= max_posts or scanned >= scan_limit:
            if scanned >= scan_limit and originals < max_posts:
                self.count("statuses/scan_limit")
            return
        limit = _page_limit(response.url)
        if stop or not result.cursor or not result.items or (limit is not None and len(result.items) < limit):
            return
        yield self.request(
            result.cursor, self.parse_statuses,
            cb_kwargs={"creator_id": creator_id, "originals": originals, "scanned": scanned},
            priority=PRIORITY_STATUSES,
        )

    def parse_context(self, response: Response, post_id: str, creator_id: str) -> Iterator[Any]:
        """A post's reply tree: up to ``--max-comments`` comments."""
        page = self.parse_page(response, parser.parse_context, f"replies to {post_id}", post_id=post_id,
                               creator_id=creator_id, limit=self.args.max_comments)
        if page is None:
            return
        self.count("pages/context")
        self.count("comments", len(page.items))
        yield from page.items
