"""Request-building and callback tests for the YouTube spider (offline, fake responses)."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler
from twisted.internet.error import TimeoutError
from twisted.python.failure import Failure

from crawler.errors import HashtagError
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.spiders.base import ArgumentError
from crawler.spiders.youtube import YouTubeSpider

API = "https://yt.test/youtube/v3"
KEY = "TEST-KEY-s3cr3t"
FIXTURES = Path(__file__).parent / "fixtures" / "youtube"


# -- helpers -------------------------------------------------------------------------------------
def make_spider(monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any] | None = None,
                **kwargs: Any) -> YouTubeSpider:
    monkeypatch.setenv("YOUTUBE_API_KEY", KEY)
    crawler = get_crawler(YouTubeSpider, {"CREATORSCOUT_YOUTUBE_API_URL": API, **(settings or {})})
    kwargs.setdefault("hashtags", "veganrecipes")
    spider = YouTubeSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def start(spider: YouTubeSpider) -> list[Any]:
    async def collect() -> list[Any]:
        return [r async for r in spider.start()]

    return asyncio.run(collect())


def query(request: scrapy.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}


def endpoint(request: scrapy.Request) -> str:
    return urlsplit(request.url).path.rsplit("/", 1)[-1]


def respond(request: scrapy.Request, body: Any, status: int = 200) -> list[Any]:
    """Run the request's callback on a fake response; ``body`` is JSON-encoded unless bytes."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = TextResponse(request.url, status=status, body=raw, encoding="utf-8",
                            headers={"Content-Type": "application/json"}, request=request)
    return list(request.callback(response, **request.cb_kwargs))


def stat(spider: YouTubeSpider, what: str) -> Any:
    return spider.crawler.stats.get_value(f"creatorscout/youtube/{what}")


def of(results: list[Any], kind: type) -> list[Any]:
    return [r for r in results if isinstance(r, kind)]


def requests(results: list[Any]) -> list[scrapy.Request]:
    return of(results, scrapy.Request)


def search_body(hits: list[tuple[str, str, str]], token: str | None = None) -> dict[str, Any]:
    items = [{"kind": "youtube#searchResult", "etag": "e", "id": {"kind": "youtube#video", "videoId": v},
              "snippet": {"publishedAt": at, "channelId": ch, "title": f"video {v}", "description": "",
                          "channelTitle": ch, "liveBroadcastContent": "none"}} for v, ch, at in hits]
    body: dict[str, Any] = {"kind": "youtube#searchListResponse", "etag": "e",
                            "pageInfo": {"totalResults": len(items), "resultsPerPage": 50}, "items": items}
    if token:
        body["nextPageToken"] = token
    return body


def channels_body(ids: list[str], uploads: dict[str, str] | None = None) -> dict[str, Any]:
    """Channels; those in ``uploads`` (channel id -> playlist id) carry ``contentDetails``."""
    items = []
    for ch in ids:
        item = {"kind": "youtube#channel", "id": ch,
                "snippet": {"title": f"Channel {ch}", "description": "", "customUrl": f"@{ch.lower()}",
                            "publishedAt": "2020-01-01T00:00:00Z"},
                "statistics": {"viewCount": "100", "subscriberCount": "10", "hiddenSubscriberCount": False,
                               "videoCount": "5"}}
        if uploads and ch in uploads:
            item["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": uploads[ch]}}
        items.append(item)
    return {"kind": "youtube#channelListResponse", "items": items}


def playlist_body(uploads: list[tuple[str, str]], token: str | None = None) -> dict[str, Any]:
    """(video id, videoPublishedAt) per entry, newest first, as playlistItems.list returns them."""
    items = [{"kind": "youtube#playlistItem", "etag": "e", "id": f"PI{v}",
              "contentDetails": {"videoId": v, "videoPublishedAt": at}} for v, at in uploads]
    body: dict[str, Any] = {"kind": "youtube#playlistItemListResponse", "etag": "e", "items": items,
                            "pageInfo": {"totalResults": 99, "resultsPerPage": 50}}
    if token:
        body["nextPageToken"] = token
    return body


def videos_body(videos: list[tuple[str, str, str, str | None]]) -> dict[str, Any]:
    """(video id, channel id, publishedAt, commentCount or None) per video."""
    items = []
    for v, ch, at, comments in videos:
        stats = {"viewCount": "50", "likeCount": "5"}
        if comments is not None:
            stats["commentCount"] = comments
        items.append({"kind": "youtube#video", "id": v, "snippet": {
            "publishedAt": at, "channelId": ch, "title": f"Video {v} #veganrecipes", "description": "d"},
            "statistics": stats})
    return {"kind": "youtube#videoListResponse", "items": items}


def threads_body(video: str, n: int, token: str | None = None, prefix: str = "c") -> dict[str, Any]:
    items = [{"kind": "youtube#commentThread", "id": f"{prefix}{i}", "snippet": {
        "videoId": video, "totalReplyCount": 0, "topLevelComment": {"kind": "youtube#comment", "id": f"{prefix}{i}",
        "snippet": {"videoId": video, "textOriginal": f"comment {i}", "authorDisplayName": f"@fan{i}",
                    "authorChannelId": {"value": f"UCfan{i}"}, "likeCount": i,
                    "publishedAt": "2026-02-01T00:00:00Z"}}}} for i in range(n)]
    body: dict[str, Any] = {"kind": "youtube#commentThreadListResponse", "items": items}
    if token:
        body["nextPageToken"] = token
    return body


def error_body(code: int, reason: str, domain: str = "youtube.api", message: str = "problem") -> dict[str, Any]:
    return {"error": {"code": code, "message": message,
                      "errors": [{"message": message, "domain": domain, "reason": reason}]}}


def fixture(case: str, name: str = "payload.json") -> Any:
    """A body of ``tests/fixtures/youtube/``: a golden case's payload (``<parser>/<case>``) or an error envelope."""
    return json.loads((FIXTURES / case / name).read_text(encoding="utf-8"))


def no_key(results: list[Any]) -> bool:
    """No item or request stored with cb_kwargs carries the key (requests themselves must)."""
    return all(KEY not in json.dumps(getattr(r, "__dict__", {}), default=str) for r in results
               if not isinstance(r, scrapy.Request))


# -- arguments ------------------------------------------------------------------------------------
def test_missing_api_key_raises_argument_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)
    crawler = get_crawler(YouTubeSpider, {"CREATORSCOUT_YOUTUBE_API_URL": API})
    with pytest.raises(ArgumentError, match=r"YOUTUBE_API_KEY is not set: create an API key .* export YOUTUBE_API_KEY"):
        YouTubeSpider.from_crawler(crawler, hashtags="vegan")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"hashtags": "not a tag"}, HashtagError), ({"max_posts": "0"}, ArgumentError),
     ({"max_creators": "many"}, ArgumentError), ({"since": "yesterday"}, ArgumentError)],
)
def test_bad_arguments_raise(monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        make_spider(monkeypatch, **kwargs)


def test_start_builds_the_search_request_and_keeps_the_key_out_of_arguments(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, hashtags="#VeganRecipes,plantbased", since="2026-01-15")
    (request,) = start(spider)
    assert request.url.startswith(f"{API}/search?part=snippet&q=%23veganrecipes&type=video&maxResults=50&")
    assert query(request) == {"part": "snippet", "q": "#veganrecipes", "type": "video", "maxResults": "50",
                              "publishedAfter": "2026-01-15T00:00:00Z"}
    assert request.meta["creatorscout_json"] is True and request.errback == spider.errback
    assert KEY not in json.dumps(spider.crawl_arguments())
    assert KEY not in repr(spider.state)
    assert KEY not in request.url and not any(KEY.encode() in v for vs in request.headers.values() for v in vs)


def test_start_yields_nothing_on_resume(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch)
    spider.state["search_started"] = True
    assert start(spider) == []


# -- the whole chain --------------------------------------------------------------------------------
def test_search_channels_videos_comments_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, hashtags="veganrecipes,plantbased", max_creators="3", max_posts="2",
                         max_comments="3")
    (search1,) = start(spider)
    # Tag 1: channels A and B (A twice), no further page -> tag 2 is searched next.
    out = respond(search1, search_body([("vA1", "UCA", "2026-02-01T00:00:00Z"),
                                        ("vB1", "UCB", "2026-02-02T00:00:00Z"),
                                        ("vA2", "UCA", "2026-02-03T00:00:00Z")]))
    (search2,) = requests(out)
    assert not of(out, DiscoveryItem)  # discoveries follow their creator
    assert query(search2)["q"] == "#plantbased" and "pageToken" not in query(search2)
    # Tag 2: A again (another video), C new, D refused (limit 3), then the limit is met.
    out = respond(search2, search_body([("vA3", "UCA", "2026-02-04T00:00:00Z"),
                                        ("vC1", "UCC", "2026-01-05T00:00:00Z"),
                                        ("vD1", "UCD", "2026-02-06T00:00:00Z")], token="NEXT"))
    (channels,) = requests(out)  # no search page 2: creators are full
    assert endpoint(channels) == "channels"
    assert query(channels) == {"part": "snippet,statistics,contentDetails", "id": "UCA,UCB,UCC"}
    assert "maxResults" not in query(channels)
    assert stat(spider, "skipped/max_creators") == 1
    # C has been deleted meanwhile: not returned. B's answer lacks its uploads playlist.
    out = respond(channels, channels_body(["UCA", "UCB"], uploads={"UCA": "UUA"}))
    kinds = [(type(r).__name__, getattr(r, "creator_id", None), getattr(r, "hashtag", None)) for r in out
             if not isinstance(r, scrapy.Request)]
    assert kinds == [("CreatorItem", "UCA", None), ("DiscoveryItem", "UCA", "veganrecipes"),
                     ("DiscoveryItem", "UCA", "plantbased"), ("CreatorItem", "UCB", None),
                     ("DiscoveryItem", "UCB", "veganrecipes")]
    assert {d.post_id for d in of(out, DiscoveryItem)} == {"vA1", "vA3", "vB1"}
    assert all(KEY not in item.source_url for item in out if not isinstance(item, scrapy.Request))
    assert stat(spider, "skipped/channel_not_found") == 1
    (uploads,) = requests(out)  # B falls back to its search hit, queued until a batch is full
    assert endpoint(uploads) == "playlistItems"
    assert query(uploads) == {"part": "contentDetails", "playlistId": "UUA", "maxResults": "2"}
    assert stat(spider, "skipped/uploads_unavailable") == 1
    # A's uploads: vA4 (not a hashtag hit) is newest; only the newest two count.
    out = respond(uploads, playlist_body([("vA4", "2026-02-05T00:00:00Z"), ("vA3", "2026-02-04T00:00:00Z")],
                                         token="MORE"))
    assert not requests(out)  # max_posts reached: no second page; the batch is not full yet
    (videos,) = flush_pending_videos(spider)
    # B's hit, then A's two newest uploads and A's two newest hits (vA3 is both).
    assert query(videos) == {"part": "snippet,statistics", "id": "vB1,vA4,vA3,vA2"}
    assert stat(spider, "skipped/max_posts") == 1 and flush_pending_videos(spider) == []
    # vA2 was removed; vB1 and vA4 have no comments; vA3's comment count is hidden.
    out = respond(videos, videos_body([("vA3", "UCA", "2026-02-04T00:00:00Z", None),
                                       ("vA4", "UCA", "2026-02-05T00:00:00Z", "0"),
                                       ("vB1", "UCB", "2026-02-02T00:00:00Z", "0")]))
    posts = of(out, PostItem)
    assert [p.post_id for p in posts] == ["vA4", "vA3", "vB1"]
    assert posts[1].hashtags == ["veganrecipes"] and posts[1].comment_count is None
    assert stat(spider, "skipped/video_not_found") == 1
    (comments,) = requests(out)
    assert endpoint(comments) == "commentThreads"
    assert query(comments) == {"part": "snippet,replies", "videoId": "vA3", "maxResults": "3",
                               "textFormat": "plainText"}
    # Page 1 gives 2 comments and a token; page 2 gives 2 more of which only 1 fits.
    out = respond(comments, threads_body("vA3", 2, token="P2"))
    assert len(of(out, CommentItem)) == 2
    (page2,) = requests(out)
    assert query(page2)["pageToken"] == "P2" and query(page2)["maxResults"] == "1"
    out = respond(page2, threads_body("vA3", 2, token="P3", prefix="d"))
    assert [c.comment_id for c in of(out, CommentItem)] == ["d0"] and not requests(out)
    assert stat(spider, "skipped/max_comments") == 1
    assert stat(spider, "comments") == 3 and stat(spider, "posts") == 3 and stat(spider, "creators") == 2
    assert stat(spider, "discoveries") == 3


def test_search_pages_by_token_until_pages_run_out(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_creators="10")
    (search1,) = start(spider)
    (search2,) = requests(respond(search1, search_body([("v1", "UC1", "2026-02-01T00:00:00Z")], token="TOK2")))
    assert endpoint(search2) == "search" and query(search2)["pageToken"] == "TOK2"
    (channels,) = requests(respond(search2, search_body([("v2", "UC2", "2026-02-01T00:00:00Z")])))
    assert query(channels)["id"] == "UC1,UC2"
    assert stat(spider, "pages/search") == 2


def test_batches_of_fifty(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_creators=None, max_posts="2", max_comments="0")
    (search,) = start(spider)
    hits = [(f"v{i}a", f"UC{i:03d}", "2026-02-01T00:00:00Z") for i in range(120)]
    hits += [(f"v{i}b", f"UC{i:03d}", "2026-02-02T00:00:00Z") for i in range(120)]
    batches = requests(respond(search, search_body(hits)))
    assert [len(query(r)["id"].split(",")) for r in batches] == [50, 50, 20]
    ids = query(batches[0])["id"].split(",")
    videos = requests(respond(batches[0], channels_body(ids)))
    assert [len(query(r)["id"].split(",")) for r in videos] == [50, 50]
    assert query(videos[0])["id"].split(",")[:2] == ["v0b", "v0a"]  # newest first
    out = respond(videos[0], videos_body([(v, "UC000", "2026-02-01T00:00:00Z", "9")
                                          for v in ["v0a", "v0b"]]))
    assert len(of(out, PostItem)) == 2 and not requests(out)  # --max-comments 0: no comment requests


def test_since_skips_old_hits_and_posts(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, since="2026-02-01", max_comments="0")
    (search,) = start(spider)
    (channels,) = requests(respond(search, search_body([("old", "UCold", "2026-01-01T00:00:00Z"),
                                                        ("new", "UCnew", "2026-02-05T00:00:00Z")])))
    assert query(channels)["id"] == "UCnew"
    assert not requests(respond(channels, channels_body(["UCnew"])))
    (videos,) = flush_pending_videos(spider)
    out = respond(videos, videos_body([("new", "UCnew", "2025-12-31T00:00:00Z", "1")]))  # re-dated upload
    assert not of(out, PostItem)
    assert stat(spider, "skipped/since") == 2


def test_search_stops_when_the_quota_reserve_is_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    # After page 1 (100 units used) one more page (100) plus the follow-ups of what was found and of
    # one more page would need 1,346 units: for 51 channels, 2 channel batches and 51 uploads pages;
    # 51 hits + 51 x 20 uploads = 1,071 videos in 22 batches, one comment page each.
    spider = make_spider(monkeypatch, settings={"CREATORSCOUT_YOUTUBE_QUOTA": 1345}, max_comments="100")
    spider.crawler.stats.set_value("creatorscout/youtube/quota_units", 100)
    (search,) = start(spider)
    (channels,) = requests(respond(search, search_body([("v1", "UC1", "2026-02-01T00:00:00Z")], token="MORE")))
    assert endpoint(channels) == "channels"
    assert stat(spider, "skipped/search_quota_reserve") == 1
    spider = make_spider(monkeypatch, settings={"CREATORSCOUT_YOUTUBE_QUOTA": 1346}, max_comments="100")
    spider.crawler.stats.set_value("creatorscout/youtube/quota_units", 100)
    (search,) = start(spider)
    (page2,) = requests(respond(search, search_body([("v1", "UC1", "2026-02-01T00:00:00Z")], token="MORE")))
    assert endpoint(page2) == "search"


def test_fixture_bodies_through_the_callbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_comments="10")
    (search,) = start(spider)
    out = respond(search, fixture("search/page"))
    (search2,) = requests(out)  # 2 creators < 50: page 2 is fetched
    (channels,) = requests(respond(search2, fixture("search/last_page")))
    assert query(channels)["id"] == "UCfictionalkitchen000001,UCsecondfictionalcook002"
    assert stat(spider, "skipped/not_a_video") == 1
    out = respond(channels, fixture("channels/oddities"))
    assert [c.creator_id for c in of(out, CreatorItem)] == ["UCfictionalkitchen000001", "UCsecondfictionalcook002"]
    assert stat(spider, "skipped/unexpected_channel") == 2  # two channels nobody asked for
    assert not requests(out)  # no uploads playlists in the fixture: the search hits wait for a batch
    (videos,) = flush_pending_videos(spider)
    assert query(videos)["id"] == "vidCCCCCC03,vidAAAAAA01,vidBBBBBB02"
    out = respond(videos, fixture("videos/oddities"))
    assert [p.post_id for p in of(out, PostItem)] == ["vidCCCCCC03", "vidAAAAAA01", "vidBBBBBB02"]
    threads = {query(r)["videoId"]: r for r in requests(out)}
    assert set(threads) == {"vidAAAAAA01", "vidBBBBBB02"}  # vidCCCCCC03 has 0 comments
    out = respond(threads["vidAAAAAA01"], fixture("comment_threads/replies"))
    comments = of(out, CommentItem)
    assert len(comments) == 5 and [c.author_is_creator for c in comments].count(True) == 1
    assert stat(spider, "skipped/replies_not_fetched") == 6
    assert KEY not in comments[0].source_url and "videoId=vidAAAAAA01" in comments[0].source_url


# -- errors -------------------------------------------------------------------------------------------
def comments_request(spider: YouTubeSpider) -> scrapy.Request:
    post = PostItem(platform="youtube", post_id="vX", creator_id="UCX", source_url=f"{API}/videos?id=vX",
                    fetched_at="2026-03-01T00:00:00Z", title="t", comment_count=None)
    return spider.comments_request("vX", "UCX", post=asdict(post))


def test_comments_disabled_is_stored_on_the_post(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch)
    out = respond(comments_request(spider), error_body(403, "commentsDisabled", "youtube.commentThread"), 403)
    (post,) = out
    assert isinstance(post, PostItem) and post.comments_disabled is True and post.post_id == "vX"
    assert post.title == "t"
    assert stat(spider, "comments_disabled") == 1
    assert stat(spider, "errors/http_403") is None


def test_quota_exceeded_closes_the_spider(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
                                          ) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    with caplog.at_level(logging.ERROR), pytest.raises(CloseSpider) as info:
        respond(search, error_body(403, "quotaExceeded", "youtube.quota"), 403)
    assert info.value.reason == "quota_exceeded"
    assert "YouTube quota exceeded for this API key; the store holds what was collected; try again after the " \
           "daily reset" in caplog.text
    assert stat(spider, "errors/quota_exceeded") == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [(400, error_body(400, "keyInvalid", "usageLimits", "Bad Request")),
     (403, error_body(403, "accessNotConfigured", "usageLimits")),
     (403, error_body(403, "forbidden", "global")),
     (400, fixture("error_envelopes", "key_invalid.json"))],
)
def test_key_errors_close_the_spider(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                     status: int, body: Any) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    with caplog.at_level(logging.ERROR), pytest.raises(CloseSpider) as info:
        respond(search, body, status)
    assert info.value.reason == "api_key_invalid"
    assert "YOUTUBE_API_KEY" in caplog.text and KEY not in caplog.text
    assert stat(spider, "errors/api_key_invalid") == 1


def test_video_not_found_and_forbidden_comments_are_counted_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch)
    assert respond(comments_request(spider), fixture("error_envelopes", "video_not_found.json"), 404) == []
    assert stat(spider, "skipped/video_not_found") == 1
    assert respond(comments_request(spider), error_body(403, "forbidden", "youtube.commentThread"), 403) == []
    assert stat(spider, "errors/comments_forbidden") == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [(401, error_body(401, "unauthorized")), (403, error_body(403, "SERVICE_UNAVAILABLE")),
     (404, b"<html>not here</html>"), (429, error_body(429, "rateLimitExceeded")),
     (500, error_body(500, "backendError")), (503, b"")],
)
def test_http_problems_are_counted_and_never_raise(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                                                   status: int, body: Any) -> None:
    spider = make_spider(monkeypatch)
    with caplog.at_level(logging.WARNING):
        assert respond(spider.videos_request(["v1"]), body, status) == []
        assert respond(spider.channels_request(["UC1"]), body, status) == []
    assert stat(spider, f"errors/http_{status}") == 2
    assert KEY not in caplog.text and "videos?part=snippet,statistics&id=v1" in caplog.text


def test_a_failed_search_page_moves_on(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, hashtags="one,two")
    (search,) = start(spider)
    (nxt,) = requests(respond(search, error_body(500, "backendError"), 500))
    assert query(nxt)["q"] == "#two"
    assert respond(nxt, b"{not json", 200) == []  # nothing found at all: no channel request
    assert stat(spider, "errors/malformed_json") == 1 and stat(spider, "errors/http_500") == 1


def test_malformed_json_and_changed_structure_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch)
    assert respond(spider.videos_request(["v1"]), b'{"items": [', 200) == []
    assert respond(spider.videos_request(["v1"]), {"items": {"id": "v1"}}, 200) == []
    assert respond(comments_request(spider), {"items": [{"snippet": {"topLevelComment": 7}}]}, 200) == []
    assert stat(spider, "errors/malformed_json") == 1
    assert stat(spider, "errors/changed_structure") == 2


def test_errback_counts_and_redacts(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider(monkeypatch)
    failure = Failure(TimeoutError("took too long"))
    failure.request = spider.videos_request(["v1"])
    with caplog.at_level(logging.WARNING):
        spider.errback(failure)
    assert stat(spider, "errors/timeout") == 1
    assert "videos?part=snippet" in caplog.text and KEY not in caplog.text


def test_a_key_in_a_url_never_reaches_items_or_logs(monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """loggable_url (redact) is applied to item URLs, JSON and HTTP problems and network failures alike."""
    spider = make_spider(monkeypatch, max_comments="0")
    spider.state["creators"] = {"UCA"}
    request = spider.videos_request(["vA1"])
    request = request.replace(url=request.url + "&key=LEAKED")
    with caplog.at_level(logging.WARNING):
        (post,) = of(respond(request, videos_body([("vA1", "UCA", "2026-02-01T00:00:00Z", "0")])), PostItem)
        assert respond(request, b"<html>", 200) == []
        assert respond(request, error_body(500, "backendError"), 500) == []
        failure = Failure(TimeoutError("took too long"))
        failure.request = request
        spider.errback(failure)
    assert post.source_url == f"{API}/videos?part=snippet,statistics&id=vA1"
    assert stat(spider, "errors/malformed_json") == 1 and stat(spider, "errors/http_500") == 1
    assert stat(spider, "errors/timeout") == 1
    assert "LEAKED" not in caplog.text and caplog.text.count("videos?part=snippet,statistics&id=vA1") == 3


def test_a_channel_with_unreadable_content_details_is_kept_without_uploads(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_comments="0")
    spider.state["candidates"] = {"UC1": [["2026-02-10T00:00:00Z", "hit1"]], "UC2": [["2026-02-11T00:00:00Z", "hit2"]]}
    spider.state["creators"] = {"UC1", "UC2"}
    body = channels_body(["UC1", "UC2"], uploads={"UC1": "UU1"})
    body["items"][1]["contentDetails"] = {"relatedPlaylists": ["UU2"]}
    out = respond(spider.channels_request(["UC1", "UC2"]), body)
    assert [c.creator_id for c in of(out, CreatorItem)] == ["UC1", "UC2"]
    (uploads,) = requests(out)
    assert query(uploads)["playlistId"] == "UU1"
    assert stat(spider, "errors/changed_structure") == 1 and stat(spider, "skipped/uploads_unavailable") == 1
    (videos,) = flush_pending_videos(spider)
    assert query(videos)["id"] == "hit2"  # UC2 falls back to its search hit


def test_key_is_added_at_download_time_for_the_api_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.middlewares import CredentialsMiddleware

    spider = make_spider(monkeypatch)
    spider.crawler.spider = spider
    middleware = CredentialsMiddleware.from_crawler(spider.crawler)
    request = spider.videos_request(["v1"])
    middleware.process_request(request)
    assert request.headers["X-Goog-Api-Key"] == KEY.encode()
    middleware.process_response(request, scrapy.http.TextResponse(request.url, body=b"{}", request=request))
    assert b"X-Goog-Api-Key" not in request.headers
    other = scrapy.Request("https://elsewhere.example/youtube/v3/videos?id=v1")
    middleware.process_request(other)
    assert b"X-Goog-Api-Key" not in other.headers


def test_duplicate_hits_are_fetched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, hashtags="a,b", max_comments="0")
    (s1,) = start(spider)
    (s2,) = requests(respond(s1, search_body([("v1", "UC1", "2026-02-01T00:00:00Z")] * 2)))
    (channels,) = requests(respond(s2, search_body([("v1", "UC1", "2026-02-01T00:00:00Z")])))
    assert query(channels)["id"] == "UC1"
    out = respond(channels, channels_body(["UC1"], uploads={"UC1": "UU1"}))
    assert [d.hashtag for d in of(out, DiscoveryItem)] == ["a", "b"]
    (uploads,) = requests(out)
    assert not requests(respond(uploads, playlist_body([("v1", "2026-02-01T00:00:00Z")])))
    (videos,) = flush_pending_videos(spider)
    assert query(videos)["id"] == "v1"  # a hit and an upload at once: fetched once
    assert no_key(out)


# -- uploads playlist ---------------------------------------------------------------------------
def uploads_request(spider: YouTubeSpider, hits: list[tuple[str, str]]) -> scrapy.Request:
    """The uploads request of channel UC1 after a search found ``hits`` (video id, publishedAt)."""
    spider.state["candidates"] = {"UC1": [[at, v] for v, at in hits]}
    spider.state["creators"] = {"UC1"}
    (request,) = requests(spider.parse_channels(
        TextResponse(f"{API}/channels?id=UC1", body=json.dumps(channels_body(["UC1"], {"UC1": "UU1"})).encode(),
                     encoding="utf-8"), channel_ids=["UC1"]))
    return request


def test_uploads_page_until_max_posts(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_posts="60", max_comments="0")
    first = uploads_request(spider, [("hit", "2025-06-01T00:00:00Z")])
    assert query(first)["maxResults"] == "50"
    page1 = [(f"u{i:02d}", f"2026-02-{28 - i // 2:02d}T00:00:00Z") for i in range(50)]
    (second,) = requests(respond(first, playlist_body(page1, token="P2")))
    assert query(second)["pageToken"] == "P2" and query(second)["maxResults"] == "10"
    out = respond(second, playlist_body([(f"w{i:02d}", "2026-01-01T00:00:00Z") for i in range(20)], token="P3"))
    (batch,) = requests(out)  # 50 full: sent at once; no third page (60 uploads found)
    assert query(batch)["id"].split(",") == [v for v, _ in page1]
    (rest,) = flush_pending_videos(spider)
    # ten more uploads, then the older hashtag hit (discovery evidence)
    assert query(rest)["id"].split(",") == [f"w{i:02d}" for i in range(10)] + ["hit"]
    assert stat(spider, "pages/playlist_items") == 2


def test_uploads_stop_at_since(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, since="2026-02-01", max_posts="5", max_comments="0")
    request = uploads_request(spider, [("hit", "2026-02-10T00:00:00Z")])
    out = respond(request, playlist_body([("new", "2026-02-20T00:00:00Z"), ("old", "2026-01-20T00:00:00Z"),
                                          ("older", "2026-01-10T00:00:00Z")], token="MORE"))
    assert not requests(out)  # older than --since: no further page
    (videos,) = flush_pending_videos(spider)
    assert query(videos)["id"] == "new,hit"


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [(404, error_body(404, "playlistNotFound", "youtube.playlistItem"), None),
     (500, error_body(500, "backendError"), "errors/http_500"),
     (200, b"{broken", "errors/malformed_json"),
     (200, {"items": [{"contentDetails": []}]}, "errors/changed_structure")],
)
def test_unusable_uploads_fall_back_to_the_search_hits(monkeypatch: pytest.MonkeyPatch, status: int, body: Any,
                                                       error: str | None) -> None:
    spider = make_spider(monkeypatch, max_comments="0")
    out = respond(uploads_request(spider, [("hit", "2026-02-10T00:00:00Z")]), body, status)
    assert not requests(out)
    (videos,) = flush_pending_videos(spider)
    assert query(videos)["id"] == "hit"
    assert stat(spider, "skipped/uploads_unavailable") == 1
    assert (stat(spider, error) if error else stat(spider, "errors/http_404")) == (1 if error else None)


def test_network_failure_on_uploads_keeps_the_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(monkeypatch, max_comments="0")
    request = uploads_request(spider, [("hit", "2026-02-10T00:00:00Z")])
    failure = Failure(TimeoutError("took too long"))
    failure.request = request
    assert not requests(list(request.errback(failure)))
    assert stat(spider, "errors/timeout") == 1 and stat(spider, "skipped/uploads_unavailable") == 1
    assert query(flush_pending_videos(spider)[0])["id"] == "hit"


def flush_pending_videos(spider: YouTubeSpider) -> list[scrapy.Request]:
    """What the spider sends at its idle moment: ``videos.list`` for the ids left (the last batch may be partial)."""
    from scrapy.exceptions import DontCloseSpider

    sent: list[scrapy.Request] = []
    engine = spider.crawler._engine
    spider.crawler._engine = type("Engine", (), {"crawl": staticmethod(sent.append)})()
    try:
        spider.send_pending_videos()
    except DontCloseSpider:
        pass
    finally:
        spider.crawler._engine = engine
    return sent


def test_idle_sends_the_last_partial_batch_and_keeps_the_spider_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.exceptions import DontCloseSpider

    spider = make_spider(monkeypatch)
    sent: list[scrapy.Request] = []
    monkeypatch.setattr(spider.crawler, "_engine", type("Engine", (), {"crawl": staticmethod(sent.append)})())
    spider.send_pending_videos()  # nothing queued: the spider may close
    spider.state["pending_videos"] = ["v1", "v2"]
    with pytest.raises(DontCloseSpider):
        spider.send_pending_videos()
    assert [query(r)["id"] for r in sent] == ["v1,v2"] and spider.state["pending_videos"] == []


# -- listed creators (seed lists) -------------------------------------------------------------------
def test_listed_channels_by_id_join_the_batches_and_handles_are_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    body = fixture("channels/uploads")
    first, second = (item["id"] for item in body["items"][:2])
    spider = make_spider(monkeypatch, hashtags=None, handles=[
        {"handle": first, "kind": "id", "source": "list:agency.xlsx"},
        {"handle": "mirabakes", "kind": "handle", "source": "handle"},
        {"handle": "c/mirasoldkitchen", "kind": "legacy_name", "source": "handle"},
        {"handle": "user/oldmira", "kind": "legacy_name", "source": "handle"},
    ])
    requests = start(spider)
    lookups = [query(r) for r in requests if "forHandle" in r.url or "forUsername" in r.url]
    assert [q.get("forHandle") or q.get("forUsername") for q in lookups] == ["@mirabakes", "oldmira"]
    [batch] = [r for r in requests if query(r).get("id")]
    assert query(batch)["id"] == first  # no hashtag: no search (100 units) at all
    assert stat(spider, "skipped/seed_custom_url") == 1
    out = respond(batch, {**body, "items": body["items"][:1]})
    found = [o for o in out if isinstance(o, DiscoveryItem)]
    assert [(d.creator_id, d.source, d.hashtag) for d in found] == [(first, "list:agency.xlsx", "")]
    lookup = next(r for r in requests if "forHandle" in r.url)
    out = respond(lookup, {**body, "items": [body["items"][1]]})
    assert [(o.creator_id, o.source) for o in out if isinstance(o, DiscoveryItem)] == [(second, "handle")]
    assert any(isinstance(o, CreatorItem) and o.creator_id == second for o in out)
    assert respond(lookup, {**body, "items": []}) == [] and stat(spider, "skipped/seed_not_found") == 1
