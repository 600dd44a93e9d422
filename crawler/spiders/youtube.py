"""YouTube Data API v3 spider: hashtag search -> channels -> videos -> comment threads.

The request sequence is chosen for quota (a search page costs 100 units, every other list
call 1) and for parents-first storage:

1. ``search.list`` per hashtag, one hashtag after another, 50 results a page, paging by
   ``nextPageToken`` while ``--max-creators`` wants more channels. Once the limit is met no
   further search page is fetched (also not for later hashtags: counted as
   ``skipped/hashtags_not_searched``). Paging also stops early when the next page would leave
   too little of the ``CREATORSCOUT_YOUTUBE_QUOTA`` budget for the follow-up calls of what was
   already found (``skipped/search_quota_reserve``).
2. When searching is over, ``channels.list`` (``part=snippet,statistics,contentDetails``) for
   all claimed channels in batches of 50. Each answer yields the CreatorItems, then that
   channel's DiscoveryItems, then asks ``playlistItems.list`` for the channel's uploads
   playlist (``contentDetails.relatedPlaylists.uploads``, newest first, 1 unit a page).
3. A channel's posts are its newest ``--max-posts`` uploads plus its newest ``--max-posts``
   hashtag-search hits (the discovery evidence; usually among the uploads anyway). In an
   incremental crawl, a known channel's uploads are read only down to the newest stored one less
   the overlap margin (``known_since``) and its search hits (not in upload order) are each left out
   when stored; the stored uploads on the playlist pages read (the margin's and the newest
   ``CREATORSCOUT_INCREMENTAL_REFRESH_POSTS``) join the ``videos.list`` batches, which bring their
   counts up to date (no comments: one more batch of 50 ids per 50 such videos). Vetting
   needs the recent timeline, not only the videos that matched a hashtag: engagement is a
   median over recent posts, and niche fit judges what a channel posts in general. When the
   uploads playlist is missing or fails, the search hits alone are used
   (``skipped/uploads_unavailable``). Video ids wait in ``state["pending_videos"]`` and go
   out as ``videos.list`` calls of 50; the last partial batch is sent when the spider would
   otherwise go idle (``spider_idle``), so batching costs no lost or late ids.
4. Each video answer yields the PostItems and, for videos whose comment count is not 0, asks
   ``commentThreads.list`` (``part=snippet,replies``), paging until ``--max-comments``.
   Replies beyond those YouTube includes in a thread (up to five) are not fetched with
   ``comments.list``: that would cost one request per busy thread for little vetting signal;
   their number is counted as ``skipped/replies_not_fetched``.

The API key comes from ``$YOUTUBE_API_KEY`` only. It is sent as the ``X-Goog-Api-Key`` header,
which Google APIs accept in place of the ``key`` query parameter, and only at download time (see
:meth:`YouTubeSpider.credential_headers` and :class:`crawler.middlewares.CredentialsMiddleware`):
URLs, scheduled requests (and the checkpoints that make ``--resume`` work), logs, ``self.state`` and
items never carry it; the quota ledger knows the key only by a keyed fingerprint
(:meth:`YouTubeSpider.key_fingerprint`). :meth:`YouTubeSpider.loggable_url` (:func:`redact`) still
removes a ``key`` parameter from any URL that arrives with one, before it reaches an item or a log.

Error answers are classified once, in :meth:`YouTubeSpider.on_status`: an exhausted quota or a
rejected key closes the spider, a missing video, playlist or disabled comments are counted skips,
everything else is an HTTP problem.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from scrapy import signals

from crawler.errors import ParseError
from crawler.items import DiscoveryItem, PostItem
from crawler.parsers.youtube import (
    PLATFORM,
    parse_channels,
    parse_comment_threads,
    parse_error,
    parse_playlist_items,
    parse_search,
    parse_videos,
    redact,
)
from crawler.spiders.base import ArgumentError, PlatformSpider, SeedArgument
from crawler.timeutil import now_z

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://www.googleapis.com/youtube/v3"
API_KEY_ENV = "YOUTUBE_API_KEY"
BATCH_SIZE = 50  # ids per videos.list / channels.list call, results per search page
COMMENT_PAGE_SIZE = 100  # commentThreads.list maximum
SEARCH_COST = 100
DEFAULT_QUOTA = 10_000

QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
KEY_REASONS = frozenset({
    "keyInvalid", "keyExpired", "accessNotConfigured", "forbidden", "ipRefererBlocked",
    # google.rpc.ErrorInfo reasons of the newer envelope
    "API_KEY_INVALID", "API_KEY_EXPIRED", "SERVICE_DISABLED", "API_KEY_SERVICE_BLOCKED",
    "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
})


def _chunks(values: list[str], size: int = BATCH_SIZE) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class YouTubeSpider(PlatformSpider):
    """Creators (channels), posts (videos) and comments found by hashtag on YouTube."""

    name = "youtube"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key = self.credential(API_KEY_ENV)
        if not key:  # from_crawler has checked; a spider built by hand must be given it too
            raise ArgumentError(f"{API_KEY_ENV} is not set: {self.platform().credentials[0].help}")
        self._api_key = key  # never put into self.state (persisted with --resume) or items

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> YouTubeSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.send_pending_videos, signal=signals.spider_idle)
        return spider

    # -- requests -------------------------------------------------------------------------
    def api_url(self, endpoint: str, params: list[tuple[str, str]]) -> str:
        """The URL of an API call (without the key: it travels in a header)."""
        query = urlencode(params, quote_via=quote, safe=",")
        return f"{self.base_url}/{endpoint}?{query}"

    def credential_headers(self, url: str) -> dict[str, str]:
        """``X-Goog-Api-Key`` for requests to the API, added at download time only."""
        return {"X-Goog-Api-Key": self._api_key} if url.startswith(self.base_url + "/") else {}

    def key_fingerprint(self, secret: bytes) -> str:
        """The API key as the quota ledger knows it: HMAC-SHA256 under ``secret`` (32 hex chars)."""
        return hmac.new(secret, f"{PLATFORM}:{self._api_key}".encode(), hashlib.sha256).hexdigest()[:32]

    def search_request(self, tag_index: int, page_token: str | None = None) -> Any:
        params = [("part", "snippet"), ("q", "#" + self.args.hashtags[tag_index]), ("type", "video"),
                  ("maxResults", str(BATCH_SIZE))]
        if self.args.since:
            params.append(("publishedAfter", self.args.since))
        if page_token:
            params.append(("pageToken", page_token))
        return self.request(self.api_url("search", params), self.parse_search, cb_kwargs={"tag_index": tag_index})

    def channels_request(self, channel_ids: list[str]) -> Any:
        url = self.api_url("channels", [("part", "snippet,statistics,contentDetails"), ("id", ",".join(channel_ids))])
        return self.request(url, self.parse_channels, cb_kwargs={"channel_ids": channel_ids})

    def uploads_request(self, channel_id: str, playlist_id: str, taken: int = 0,
                        page_token: str | None = None) -> Any:
        wanted = min(BATCH_SIZE, self.args.max_posts - taken)
        params = [("part", "contentDetails"), ("playlistId", playlist_id), ("maxResults", str(wanted))]
        if page_token:
            params.append(("pageToken", page_token))
        return self.request(self.api_url("playlistItems", params), self.parse_uploads,
                            errback=self.uploads_failed,
                            cb_kwargs={"channel_id": channel_id, "playlist_id": playlist_id, "taken": taken})

    def videos_request(self, video_ids: list[str]) -> Any:
        url = self.api_url("videos", [("part", "snippet,statistics"), ("id", ",".join(video_ids))])
        return self.request(url, self.parse_videos, cb_kwargs={"video_ids": video_ids})

    def comments_request(self, video_id: str, channel_id: str, taken: int = 0, page_token: str | None = None,
                         post: dict[str, Any] | None = None) -> Any:
        wanted = min(COMMENT_PAGE_SIZE, self.args.max_comments - taken)
        params = [("part", "snippet,replies"), ("videoId", video_id), ("maxResults", str(wanted)),
                  ("textFormat", "plainText")]
        if page_token:
            params.append(("pageToken", page_token))
        cb_kwargs = {"video_id": video_id, "channel_id": channel_id, "taken": taken, "post": post}
        return self.request(self.api_url("commentThreads", params), self.parse_comment_threads, cb_kwargs=cb_kwargs)

    def channel_lookup_request(self, seed: SeedArgument) -> Any:
        """``channels.list`` by ``forHandle`` (``@name``) or ``forUsername`` (a legacy ``/user/`` name)."""
        by = ("forUsername", seed.handle.split("/", 1)[1]) if seed.kind == "legacy_name" else (
            "forHandle", "@" + seed.handle.lstrip("@"))
        url = self.api_url("channels", [("part", "snippet,statistics,contentDetails"), by])
        return self.request(url, self.parse_channels, cb_kwargs={"channel_ids": [], "seed": seed.as_dict()})

    async def start(self) -> AsyncIterator[Any]:
        # --resume: pending requests come from the checkpoint; a queued crawl: another worker started
        if not self.shared.first("search_started"):
            return
        for request in self.queue_seeds():
            yield request
        if self.args.hashtags:
            yield self.search_request(0)
            return
        for request in self.finish_search():
            yield request

    def queue_seeds(self) -> Iterator[Any]:
        """Listed creators: channel ids join the search's channel batches; handles and ``/user/`` names
        are looked up one by one (1 unit each). ``--max-creators`` bounds discovery by hashtag only."""
        shared = self.shared
        for seed in self.args.handles:
            self.count("seeds")
            if seed.kind == "id":
                if shared.get("candidates", seed.handle) is None:
                    shared.put("candidates", seed.handle, [])
                    shared.append("channel_order", [seed.handle])
                shared.put("seed_sources", seed.handle, [*shared.get("seed_sources", seed.handle, []), seed.source])
            elif seed.kind == "legacy_name" and seed.handle.startswith("c/"):
                self.count("skipped/seed_custom_url")
                self.problem("seed_custom_url", "YouTube custom URLs (/c/NAME) cannot be looked up through the "
                             "Data API: list the channel's @handle or /channel/ URL instead (%s)", seed.handle)
            else:
                yield self.channel_lookup_request(seed)

    # -- search ---------------------------------------------------------------------------
    def parse_search(self, response: Response, tag_index: int) -> Iterator[Any]:
        page = self.parse_page(response, parse_search, "search")
        if page is None:
            yield from self.next_search(tag_index, None, response)
            return
        self.count("pages/search")
        tag = self.args.hashtags[tag_index]
        source_url, fetched_at = self.loggable_url(response.url), now_z()
        shared = self.shared  # one search page at a time (a chain of requests): the only writer now
        self.count("search_hits", len(page.items))
        if page.facts.get("other_results"):
            self.count("skipped/not_a_video", page.facts["other_results"])
        for hit in page.items:
            if not self.is_recent(hit.published_at):
                self.count("skipped/since")
                continue
            videos = shared.get("candidates", hit.channel_id)
            if videos is None:
                # Claimed already, without hits (a queued crawl only): this page's earlier processing
                # was cut short by a worker killed mid-callback; the claim stands.
                cut_short = self.shared_state is not None and self.is_claimed(hit.channel_id)
                if not cut_short and not self.claim_creator(hit.channel_id):
                    continue
                shared.append("channel_order", [hit.channel_id])
                videos = []
            if all(video_id != hit.video_id for _, video_id in videos):
                videos.append([hit.published_at or "", hit.video_id])
            shared.put("candidates", hit.channel_id, videos)
            found = shared.get("discoveries", hit.channel_id, [])
            if all(t != tag for t, *_ in found):
                found.append([tag, hit.video_id, source_url, fetched_at])
            shared.put("discoveries", hit.channel_id, found)
        yield from self.next_search(tag_index, page.cursor, response)

    def next_search(self, tag_index: int, page_token: str | None, response: Response) -> Iterator[Any]:
        """The next search page, the next hashtag's first page, or (search over) the channel batches.

        A replayed page (``response``) once the search is over sends the channel batches again: this page
        ended the search, or the page after it was answered (the search is one chain of pages)."""
        if self.replayed(response) and self.shared.is_set("search_done"):
            yield from self.finish_search(again=True)
            return
        later_tags = len(self.args.hashtags) - tag_index - 1
        if self.creators_full:
            if page_token or later_tags:
                logger.info("[youtube] %d creators found: no more search pages (100 quota units each)",
                            len(self.shared.items("channel_order")))
            if later_tags:
                self.count("skipped/hashtags_not_searched", later_tags)
            yield from self.finish_search()
            return
        if (page_token or later_tags) and self.can_afford_search():
            yield self.search_request(tag_index, page_token) if page_token else self.search_request(tag_index + 1)
        else:
            yield from self.finish_search()

    def can_afford_search(self) -> bool:
        """Whether one more search page leaves enough quota for the follow-up calls."""
        budget = self.options.get("quota") or DEFAULT_QUOTA
        stats = self.crawler.stats
        # Spent today with this key (the ledger: earlier parts of a resumed crawl, other crawls),
        # at least what this process sent.
        used = max(stats.get_value(f"creatorscout/{PLATFORM}/quota_units", 0) or 0,
                   stats.get_value(f"creatorscout/{PLATFORM}/quota_spent_today", 0) or 0)
        candidates = self.shared.entries("candidates")
        channels = len(candidates) + BATCH_SIZE
        hits = sum(min(len(v), self.args.max_posts) for v in candidates.values()) + BATCH_SIZE
        videos = hits + channels * self.args.max_posts  # at most: uploads and hits all different
        upload_pages = channels * math.ceil(self.args.max_posts / BATCH_SIZE)
        comment_pages = math.ceil(self.args.max_comments / COMMENT_PAGE_SIZE)
        follow_up = (math.ceil(channels / BATCH_SIZE) + upload_pages + math.ceil(videos / BATCH_SIZE)
                     + videos * comment_pages)
        if used + SEARCH_COST + follow_up <= budget:
            return True
        self.count("skipped/search_quota_reserve")
        logger.info("[youtube] stopping the search: %d of %d quota units used, the rest is kept for the "
                    "channels, videos and comments already found", used, budget)
        return False

    def finish_search(self, *, again: bool = False) -> Iterator[Any]:
        """The channel batches, once: when the search is done first (or ``again``, for a replayed page: the
        same batches, as ``channel_order`` no longer changes; the duplicate filter drops those sent)."""
        if not self.shared.first("search_done") and not again:
            return
        channel_ids = list(dict.fromkeys(self.shared.items("channel_order")))  # a replayed page may repeat one
        if not channel_ids:
            logger.info("[youtube] the search found no creators for %s", ", ".join(self.args.hashtags))
        for batch in _chunks(channel_ids):
            yield self.channels_request(batch)

    # -- channels -------------------------------------------------------------------------
    def parse_channels(self, response: Response, channel_ids: list[str],
                       seed: dict[str, str] | None = None) -> Iterator[Any]:
        """A batch of channels (or one looked up for a listed ``seed``): each channel, its discoveries,
        then its uploads."""
        page = self.parse_page(response, parse_channels, "channels")
        if page is None:
            return
        self.count("pages/channels")
        if seed is not None:
            if not page.items:
                self.count("skipped/seed_not_found")
                self.seed_missed(seed["handle"], "not_found")
                self.problem("seed_not_found", "no YouTube channel for %s", seed["handle"])
                return
            channel_ids = [page.items[0].creator_id]
            sources = self.shared.get("seed_sources", channel_ids[0], [])
            if seed["source"] not in sources:  # a replayed answer adds it once
                self.shared.put("seed_sources", channel_ids[0], [*sources, seed["source"]])
        wanted = set(channel_ids)
        shared = self.shared
        replayed = self.replayed(response)  # a killed worker's: its first processing's outputs may be lost
        playlists: dict[str, str] = page.facts.get("uploads") or {}
        for detail in page.facts.get("uploads_unreadable") or ():  # the channel stays, its uploads do not
            self.problem("changed_structure", "%s", ParseError(PLATFORM, self.loggable_url(response.url), detail))
        seen: set[str] = set()
        for creator in page.items:
            if creator.creator_id not in wanted or creator.creator_id in seen:
                self.count("skipped/unexpected_channel")
                continue
            seen.add(creator.creator_id)
            first = shared.add("channels_done", creator.creator_id)  # listed and found by a hashtag: crawled once
            # A replayed answer yields its channels again: its first processing may have been the first.
            if first:
                self.count("creators")
            if first or replayed:
                yield creator
            # Kept by a queued crawl, for a replayed answer to yield them again.
            for tag, video_id, source_url, fetched_at in self.kept("discoveries", creator.creator_id):
                self.count("discoveries")
                yield DiscoveryItem(platform=PLATFORM, hashtag=tag, creator_id=creator.creator_id,
                                    source_url=source_url, fetched_at=fetched_at, post_id=video_id)
            for source in self.kept("seed_sources", creator.creator_id):
                self.count("discoveries")
                yield DiscoveryItem(platform=PLATFORM, creator_id=creator.creator_id, source=source,
                                    source_url=self.loggable_url(response.url), fetched_at=creator.fetched_at)
            if not (first or replayed):
                continue
            playlist_id = playlists.get(creator.creator_id)
            if playlist_id and self.args.max_posts > 0:
                yield self.uploads_request(creator.creator_id, playlist_id)
            else:
                if self.args.max_posts > 0 and first:
                    self.count("skipped/uploads_unavailable")
                yield from self.queue_videos(creator.creator_id, response)
        if len(seen) < len(wanted):
            self.count("skipped/channel_not_found", len(wanted) - len(seen))

    # -- uploads --------------------------------------------------------------------------
    def parse_uploads(self, response: Response, channel_id: str, playlist_id: str, taken: int) -> Iterator[Any]:
        page = self.parse_page(response, parse_playlist_items, "uploads")
        if page is None:
            self.count("skipped/uploads_unavailable")
            yield from self.queue_videos(channel_id, response)
            return
        self.count("pages/playlist_items")
        found: list[str] = self.shared.get("uploads", channel_id, [])  # the channel's pages: one after another
        too_old = False
        for upload in page.items:
            if self.is_recent(upload.published_at) and self.is_refreshed(channel_id, upload.video_id, count=False):
                # stored already: its counts come again with the new videos' videos.list batches
                too_old = too_old or self.is_past_known(channel_id, upload.published_at)
                if len(found) < self.args.max_posts and upload.video_id not in found:
                    found.append(upload.video_id)
                continue
            if too_old:  # past the stored uploads: only those to refresh are left to take from this page
                continue
            if not self.is_wanted(channel_id, upload.published_at, upload.video_id):
                too_old = True  # newest first: the rest is older still (or stored already)
                if not self.is_recent(upload.published_at):
                    break
                continue
            if len(found) < self.args.max_posts and upload.video_id not in found:
                found.append(upload.video_id)
        self.shared.put("uploads", channel_id, found)
        taken += len(page.items)
        if page.cursor and not too_old and len(found) < self.args.max_posts:
            yield self.uploads_request(channel_id, playlist_id, taken, page.cursor)
        else:
            yield from self.queue_videos(channel_id, response)

    def uploads_failed(self, failure: Failure) -> Iterator[Any]:
        """A network failure on the uploads playlist: count it, keep the search hits."""
        self.errback(failure)
        self.count("skipped/uploads_unavailable")
        request = failure.request  # type: ignore[attr-defined]
        yield from self.queue_videos(request.cb_kwargs["channel_id"], request)

    def queue_videos(self, channel_id: str, answer: Any) -> Iterator[Any]:
        """Queue the channel's newest uploads plus its newest search hits; send full batches (once per
        channel: in a queued crawl the batches are kept with the channel id, and a replayed ``answer``
        sends those again, :meth:`take_batches`)."""
        hits = sorted(self.shared.get("candidates", channel_id, []), reverse=True)
        # Search hits are not in upload order: each is checked on its own (an incremental crawl
        # leaves out the ones stored already, never a new one).
        known = [hit for hit in hits if not self.is_new(channel_id, hit[0] or None, hit[1])]
        if known:
            self.count("incremental/known_search_hits", len(known))
            hits = [hit for hit in hits if hit not in known]
        if len(hits) > self.args.max_posts:
            self.count("skipped/max_posts", len(hits) - self.args.max_posts)
        uploads = self.shared.get("uploads", channel_id, [])
        chosen = dict.fromkeys([*uploads, *(video_id for _, video_id in hits[: self.args.max_posts])])
        # every worker's ids: one pool
        batches = self.take_batches("pending_videos", chosen, BATCH_SIZE, key=channel_id, answer=answer)
        self.shared.pop("uploads", channel_id)  # after the take: a worker killed in between loses no id
        for batch in batches:
            yield self.videos_request(batch)

    def send_pending_videos(self) -> None:
        """``spider_idle``: send the last partial ``videos.list`` batch instead of closing (in a queued
        crawl only once no other worker can add ids to it: the crawl's one partial batch)."""
        if self.shared.quiet():
            self.send_rest_when_idle("pending_videos", BATCH_SIZE, self.videos_request)

    # -- videos ---------------------------------------------------------------------------
    def parse_videos(self, response: Response, video_ids: list[str]) -> Iterator[Any]:
        page = self.parse_page(response, parse_videos, "videos")
        if page is None:
            return
        self.count("pages/videos")
        wanted = set(video_ids)
        claimed = self.state.get("creators", set())
        returned: set[str] = set()
        for post in sorted(page.items, key=lambda p: p.created_at or "", reverse=True):
            if post.post_id not in wanted or post.post_id in returned or post.creator_id not in claimed:
                self.count("skipped/unexpected_video")
                continue
            returned.add(post.post_id)
            if not self.is_recent(post.created_at):
                self.count("skipped/since")
                continue
            if not self.is_new(post.creator_id, post.created_at, post.post_id):  # e.g. an upload's later date
                if self.is_refreshed(post.creator_id, post.post_id):
                    yield post  # its counts again; its comments are stored already
                else:
                    self.count("incremental/known_videos")
                continue
            self.count("posts")
            yield post
            if self.args.max_comments > 0 and post.comment_count != 0:
                yield self.comments_request(post.post_id, post.creator_id, post=asdict(post))
        if len(returned) < len(wanted):
            self.count("skipped/video_not_found", len(wanted) - len(returned))

    # -- comments -------------------------------------------------------------------------
    def parse_comment_threads(self, response: Response, video_id: str, channel_id: str, taken: int,
                              post: dict[str, Any] | None) -> Iterator[Any]:
        if response.status != 200 and self.api_error(response)[1] == "commentsDisabled":
            self.count("comments_disabled")
            if post is not None:
                yield PostItem(**{**post, "comments_disabled": True})
            return
        page = self.parse_page(response, parse_comment_threads, "comments", post_id=video_id, creator_id=channel_id)
        if page is None:
            return
        self.count("pages/comment_threads")
        room = self.args.max_comments - taken
        kept = page.items[:room]
        if len(page.items) > room:
            self.count("skipped/max_comments", len(page.items) - room)
        if page.facts.get("replies_not_included"):
            self.count("skipped/replies_not_fetched", page.facts["replies_not_included"])
        self.count("comments", len(kept))
        yield from kept
        taken += len(kept)
        if page.cursor and taken < self.args.max_comments:
            yield self.comments_request(video_id, channel_id, taken, page.cursor)

    # -- errors ---------------------------------------------------------------------------
    @staticmethod
    def api_error(response: Response) -> tuple[int, str | None, str | None]:
        """``(code, reason, message)`` of an error answer (:func:`parse_error`); the HTTP status and no
        reason when the body is not JSON."""
        try:
            return parse_error(response.json())
        except (ValueError, AttributeError):
            return response.status, None, None

    def on_status(self, response: Response, what: str) -> None:
        """Classify an answer that is not 200 by its error reason.

        Quota and key errors stop the crawl with :class:`CloseSpider`; a missing video is counted as
        ``skipped/video_not_found``, a comment section that is not public as a
        ``comments_forbidden`` problem; ``commentsDisabled`` and ``playlistNotFound`` are left to the
        callback (it counts them); everything else is an HTTP problem.
        """
        code, reason, message = self.api_error(response)
        if reason in QUOTA_REASONS:
            self.stop("quota_exceeded", "YouTube quota exceeded for this API key; the store holds what was "
                      "collected; try again after the daily reset")
        if reason in KEY_REASONS and not (what == "comments" and reason == "forbidden"):
            self.stop("api_key_invalid", f"YouTube rejected the API key ({reason}: {message or code}): check "
                      f"{API_KEY_ENV} and that the YouTube Data API v3 is enabled for its project")
        if reason in ("commentsDisabled", "playlistNotFound"):
            return
        if reason == "videoNotFound" or (response.status == 404 and what == "comments"):
            self.count("skipped/video_not_found")
            return
        if reason == "forbidden":  # commentThreads: the video's comments are not public
            self.problem("comments_forbidden", "comments of a video are not accessible: %s",
                         self.loggable_url(response.url))
            return
        self.http_problem(response, what)

    def loggable_url(self, url: str) -> str:
        """``url`` without a ``key`` parameter: what items and logs may show."""
        return redact(url)

