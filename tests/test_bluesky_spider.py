"""BlueskySpider: login kept out of scheduled requests, search paging, profile batches, feeds,
threads, opt-outs, an expired session and the errors a user must see in one line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.spiders.base import ArgumentError
from crawler.spiders.bluesky import PROFILES_BATCH, BlueskySpider

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bluesky"
APPVIEW = "https://appview.example"
PDS = "https://pds.example"
HANDLE, PASSWORD = "scout.example", "aaaa-bbbb-cccc-dddd"
ACCESS, REFRESH = "access-token-1", "refresh-token-1"
MAREN = "did:plc:gpghvxypvvpb2tye5txgppfm"
QUIET = "did:plc:x2y6co3p2hedbq7o7s7ajwm2"  # carries its own !no-unauthenticated self-label


def payload(case: str) -> Any:
    return json.loads((FIXTURES / case / "payload.json").read_text())


def session_body(access: str = ACCESS, refresh: str = REFRESH) -> dict[str, Any]:
    return {"did": "did:plc:scoutscoutscoutscoutscou", "handle": HANDLE, "accessJwt": access, "refreshJwt": refresh,
            "active": True}


def response(url: str, body: Any, status: int = 200, request: Request | None = None) -> TextResponse:
    return TextResponse(url, status=status, body=json.dumps(body).encode(), request=request or Request(url),
                        headers={"Content-Type": "application/json"})


class FakeSessions:
    """Stands in for the downloader behind login and refresh: answers and records the calls."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, dict[str, Any] | None, str | None]] = []

    async def __call__(self, method: str, body: dict[str, Any] | None, bearer: str | None) -> TextResponse:
        self.calls.append((method, body, bearer))
        status, answer = self.answers.pop(0) if self.answers else (200, session_body())
        return response(f"{PDS}/xrpc/{method}", answer, status)


def make_spider(monkeypatch: pytest.MonkeyPatch, sessions: FakeSessions | None = None, **kwargs: Any) -> BlueskySpider:
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)
    crawler = get_crawler(BlueskySpider, {"CREATORSCOUT_BLUESKY_API_URL": APPVIEW,
                                          "CREATORSCOUT_BLUESKY_PDS_URL": PDS})
    kwargs.setdefault("hashtags", "sourdough")
    spider = BlueskySpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    monkeypatch.setattr(spider, "_session_call", sessions or FakeSessions())
    return spider


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def start(spider: BlueskySpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [r async for r in spider.start()]

    return run(collect())


def call(request: Request, resp: TextResponse) -> tuple[list[Any], list[Request]]:
    result = request.callback(resp, **request.cb_kwargs)
    if hasattr(result, "__aiter__"):
        async def drain() -> list[Any]:
            return [x async for x in result]

        out = run(drain())
    else:
        out = list(result)
    return [o for o in out if not isinstance(o, Request)], [o for o in out if isinstance(o, Request)]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def stat(spider: BlueskySpider, key: str) -> Any:
    return spider.crawler.stats.get_value(f"creatorscout/bluesky/{key}")


# -- credentials and login -------------------------------------------------------------------------
def test_missing_login_is_a_one_line_argument_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLUESKY_HANDLE", raising=False)
    monkeypatch.delenv("BLUESKY_APP_PASSWORD", raising=False)
    crawler = get_crawler(BlueskySpider)
    with pytest.raises(ArgumentError, match=r"BLUESKY_HANDLE is not set \(searching by hashtag needs it\): the handle"):
        BlueskySpider.from_crawler(crawler, hashtags="sourdough")
    listed = BlueskySpider.from_crawler(crawler, handles="maren-bakes.bsky.social")  # no login needed
    assert listed.args.handles[0].handle == "maren-bakes.bsky.social"


def test_login_once_then_search_with_the_token_added_only_at_download_time(monkeypatch) -> None:
    sessions = FakeSessions()
    spider = make_spider(monkeypatch, sessions, hashtags="Sourdough,rye")
    requests = start(spider)
    assert sessions.calls == [("com.atproto.server.createSession", {"identifier": HANDLE, "password": PASSWORD},
                               None)]
    assert len(requests) == 1  # hashtags are searched one after another
    search = requests[0]
    assert search.url.startswith(f"{PDS}/xrpc/app.bsky.feed.searchPosts?")
    assert query(search.url) == {"q": ["#sourdough"], "tag": ["sourdough"], "sort": ["latest"], "limit": ["100"]}
    # Secrets never travel in a scheduled request, the spider's state or its recorded arguments.
    scheduled = json.dumps([search.url, dict(search.headers.to_unicode_dict()), spider.state,
                            spider.crawl_arguments()], default=str)
    assert PASSWORD not in scheduled and ACCESS not in scheduled and REFRESH not in scheduled
    assert spider.credential_headers(search.url) == {"Authorization": f"Bearer {ACCESS}"}
    assert spider.credential_headers(f"{APPVIEW}/xrpc/app.bsky.actor.getProfiles?actors=x") == {}
    assert spider.credential_headers(f"{PDS}/xrpc/com.atproto.server.refreshSession") == {}
    assert ACCESS not in repr(spider._session)


def test_a_refused_login_stops_the_crawl_with_a_clear_reason(monkeypatch) -> None:
    sessions = FakeSessions((401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}))
    spider = make_spider(monkeypatch, sessions)
    with pytest.raises(CloseSpider) as stopped:
        run(spider.login())
    assert stopped.value.reason == "login_refused"
    assert stat(spider, "errors/login_refused") == 1


def test_a_rate_limited_login_says_so(monkeypatch) -> None:
    sessions = FakeSessions((429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}))
    spider = make_spider(monkeypatch, sessions)
    with pytest.raises(CloseSpider) as stopped:
        run(spider.login())
    assert stopped.value.reason == "login_rate_limited"


# -- search ------------------------------------------------------------------------------------------
def search_page(spider: BlueskySpider, case: str, tag_index: int = 0) -> tuple[list[Any], list[Request]]:
    request = spider.search_request(tag_index)
    return call(request, response(request.url, payload(case), request=request))


def test_search_claims_creators_skips_self_labelled_opt_outs_and_follows_the_cursor(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    start(spider)
    items, requests = search_page(spider, "search_posts/opt_out_labels")
    assert items == []
    assert QUIET not in spider.state["discoveries"] and QUIET in spider.state["opted_out"]
    assert stat(spider, "skipped/opt_out/no_unauthenticated") == 1
    assert len(spider.state["discoveries"]) == 3
    [next_page] = requests  # fewer than 25 waiting: no profiles request yet
    assert query(next_page.url)["cursor"] == ["50"] and next_page.callback == spider.parse_search


def test_search_ends_with_the_last_profiles_batch_and_moves_to_the_next_hashtag(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags="sourdough,rye")
    start(spider)
    _, requests = search_page(spider, "search_posts/last_page")
    [second_tag] = requests
    assert query(second_tag.url)["tag"] == ["rye"]
    _, requests = search_page(spider, "search_posts/last_page", tag_index=1)
    profiles = [r for r in requests if r.callback == spider.parse_profiles]
    assert profiles and all(len(query(r.url)["actors"]) <= PROFILES_BATCH for r in profiles)
    assert spider.state["search_done"] is True


def test_profiles_go_out_in_full_batches_of_25_while_searching(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_creators="100")
    start(spider)
    page = payload("search_posts/page_with_cursor")
    template = page["posts"][0]
    page["posts"] = []
    for i in range(30):
        post = json.loads(json.dumps(template))
        did = f"did:plc:{i:024d}"
        post["author"]["did"] = did
        post["uri"] = f"at://{did}/app.bsky.feed.post/3lk6xq2m6e5w{i % 10}"
        page["posts"].append(post)
    request = spider.search_request(0)
    _, requests = call(request, response(request.url, page, request=request))
    [batch] = [r for r in requests if r.callback == spider.parse_profiles]
    assert len(query(batch.url)["actors"]) == 25
    assert len(spider.state["pending_profiles"]) == 5  # sent when the search is over (or the spider idles)


def test_max_creators_stops_the_search(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags="sourdough,rye", max_creators="2")
    start(spider)
    _, requests = search_page(spider, "search_posts/page_with_cursor")
    assert [r.callback for r in requests] == [spider.parse_profiles]
    assert stat(spider, "skipped/max_creators") == 1
    assert stat(spider, "skipped/hashtags_not_searched") == 1


def test_search_403_is_reported_as_needing_a_login_not_as_no_results(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    start(spider)
    request = spider.search_request(0)
    with pytest.raises(CloseSpider) as stopped:
        call(request, response(request.url, {"error": "Forbidden", "message": "Forbidden"}, 403, request))
    assert stopped.value.reason == "search_needs_login"


def test_an_expired_token_refreshes_the_session_once_and_repeats_the_request(monkeypatch) -> None:
    sessions = FakeSessions((200, session_body()), (200, session_body("access-token-2", "refresh-token-2")))
    spider = make_spider(monkeypatch, sessions)
    start(spider)
    request = spider.search_request(0)
    expired = response(request.url, {"error": "ExpiredToken", "message": "Token has expired"}, 400, request)
    items, requests = call(request, expired)
    assert items == [] and [r.url for r in requests] == [request.url] and requests[0].dont_filter
    assert sessions.calls[1] == ("com.atproto.server.refreshSession", None, REFRESH)
    assert spider.credential_headers(request.url) == {"Authorization": "Bearer access-token-2"}
    call(request, expired)  # a second answer sent with the old token: no second refresh
    assert len(sessions.calls) == 2


# -- profiles, feeds, threads ----------------------------------------------------------------------------
def test_profiles_yield_creators_then_discoveries_then_feed_requests(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    start(spider)
    search_page(spider, "search_posts/page_with_cursor")
    dids = list(spider.state["discoveries"])
    request = spider.profiles_request([*dids, QUIET])
    body = payload("profiles/batch")
    items, requests = call(request, response(request.url, body, request=request))
    creators = [i for i in items if isinstance(i, CreatorItem)]
    assert {c.creator_id for c in creators} == set(dids)
    first = items.index(creators[0])
    assert isinstance(items[first + 1], DiscoveryItem) and items[first + 1].creator_id == creators[0].creator_id
    assert all(isinstance(i, (CreatorItem, DiscoveryItem)) for i in items)
    assert stat(spider, "skipped/opt_out/no_unauthenticated") == 1  # the profile's own label
    assert {query(r.url)["actor"][0] for r in requests} == set(dids)
    assert all(query(r.url)["filter"] == ["posts_no_replies"] for r in requests)


def test_profiles_missing_from_the_answer_are_dropped_and_counted(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    start(spider)
    search_page(spider, "search_posts/page_with_cursor")
    request = spider.profiles_request([MAREN, "did:plc:gonegonegonegonegonegone"])
    call(request, response(request.url, {"profiles": []}, request=request))
    assert stat(spider, "skipped/profile_not_found") == 2
    assert MAREN not in spider.state["discoveries"]
    # Each as asked for, with its reason: the digest says why a refreshed creator was not seen.
    for actor in (MAREN, "did:plc:gonegonegonegonegonegone"):
        assert stat(spider, f"seed_missed/not_found/{actor}") == 1


def test_feed_keeps_original_posts_and_asks_for_threads_of_posts_with_replies(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_posts="50")
    request = spider.feed_request(MAREN)
    items, requests = call(request, response(request.url, payload("author_feed/mixed_page"), request=request))
    posts = [i for i in items if isinstance(i, PostItem)]
    assert all(p.creator_id == MAREN and not p.is_repost for p in posts)
    originals = [p for p in posts if not p.is_reply]
    threads = [r for r in requests if r.callback == spider.parse_thread]
    assert {query(r.url)["uri"][0] for r in threads} == {p.post_id for p in originals if p.comment_count}
    assert all(query(r.url)["depth"] == ["1000"] for r in threads)
    [next_page] = [r for r in requests if r.callback == spider.parse_feed]
    assert query(next_page.url)["cursor"] == ["2025-10-04T08:00:00.000Z"]
    assert stat(spider, "posts/reposts_skipped") == 2


def test_feed_stops_at_max_posts(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_posts="1")
    request = spider.feed_request(MAREN)
    items, requests = call(request, response(request.url, payload("author_feed/mixed_page"), request=request))
    assert len([i for i in items if isinstance(i, PostItem) and not i.is_reply]) == 1
    assert not [r for r in requests if r.callback == spider.parse_feed]


def test_thread_replies_become_comments_and_missing_ones_are_counted(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    root = "at://did:plc:gpghvxypvvpb2tye5txgppfm/app.bsky.feed.post/3llaog7cpu2hk"
    request = spider.thread_request(root, MAREN)
    items, _ = call(request, response(request.url, payload("post_thread/nested_replies"), request=request))
    assert items and all(isinstance(i, CommentItem) and i.post_id == root for i in items)
    assert any(i.author_is_creator for i in items)
    assert stat(spider, "skipped/replies_not_found") == 1 and stat(spider, "skipped/replies_blocked") == 1


def test_unknown_actor_feed_is_a_counted_skip(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    request = spider.feed_request(MAREN)
    items, requests = call(request, response(request.url, {"error": "InvalidRequest", "message": "Profile not found"},
                                             400, request))
    assert items == [] and requests == []
    assert stat(spider, "skipped/feed_not_found") == 1


# -- seed lists ------------------------------------------------------------------------------------------
def test_listed_creators_go_straight_to_profiles_and_are_recorded_with_their_list(monkeypatch) -> None:
    seeds = [{"handle": "maren-bakes.bsky.social", "kind": "handle", "source": "list:agency.csv"},
             {"handle": "did:plc:skgkaspsodqe626wzjxyqwaq", "kind": "id", "source": "handle"}]
    sessions = FakeSessions()
    spider = make_spider(monkeypatch, sessions, hashtags=None, handles=seeds, max_creators="1")
    [profiles] = start(spider)
    assert sessions.calls == []  # profiles, feeds and threads need no login
    assert query(profiles.url)["actors"] == ["maren-bakes.bsky.social", "did:plc:skgkaspsodqe626wzjxyqwaq"]
    body = payload("profiles/batch")
    items, feeds = call(profiles, response(profiles.url, body, request=profiles))
    found = {(i.creator_id, i.source, i.hashtag) for i in items if isinstance(i, DiscoveryItem)}
    assert found == {(MAREN, "list:agency.csv", ""), ("did:plc:skgkaspsodqe626wzjxyqwaq", "handle", "")}
    assert len(feeds) == 2  # --max-creators bounds discovery by hashtag, not the list


def test_a_handle_of_another_platform_is_refused_in_one_line(monkeypatch) -> None:
    with pytest.raises(ArgumentError, match="is a youtube account, not bluesky"):
        make_spider(monkeypatch, hashtags=None, handles="https://www.youtube.com/@mirabakes")


def test_a_hashtag_found_after_the_creators_profile_was_answered_is_still_recorded_once(monkeypatch) -> None:
    """Profiles go out in batches while the search goes on: a later hashtag's hit on a creator already
    stored is recorded at once (it used to wait in the state for a profile answer that had come)."""
    spider = make_spider(monkeypatch, hashtags="sourdough,rye")
    start(spider)
    search_page(spider, "search_posts/page_with_cursor")
    dids = list(spider.state["discoveries"])
    request = spider.profiles_request(dids)
    items, _ = call(request, response(request.url, payload("profiles/batch"), request=request))
    stored = {i.creator_id for i in items if isinstance(i, CreatorItem)}
    assert stored and {(d.hashtag, d.creator_id) for d in items if isinstance(d, DiscoveryItem)} == {
        ("sourdough", did) for did in stored}
    found: list[DiscoveryItem] = []
    for _ in range(2):   # the same hits twice: recorded once
        items, _ = search_page(spider, "search_posts/page_with_cursor", tag_index=1)
        found += [i for i in items if isinstance(i, DiscoveryItem)]
    assert sorted((d.hashtag, d.creator_id) for d in found) == sorted(("rye", did) for did in stored)
    assert all("searchPosts" in d.source_url and "tag=rye" in d.source_url and d.post_id for d in found)
