"""InstagramSpider: hashtag media -> caption @mentions -> Business Discovery, limits, errors by
Graph code, the hashtag ledger, the usage-header budget and the token kept out of everything
scheduled. Callbacks get fake responses here; ``test_instagram_crawl.py`` runs the real CLI."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler.frontier import encode_state
from crawler.graph_usage import MAX_THROTTLE_RETRIES, GraphUsageMiddleware, pause_seconds, spacing_seconds
from crawler.items import CreatorItem, DiscoveryItem, PostItem
from crawler.spiders.base import ArgumentError
from crawler.spiders.instagram import (
    COMMENTS_NOTE,
    HashtagLimitError,
    InstagramSpider,
    check_hashtag_budget,
)
from crawler.stopping import PARK, StopSwitch
from crawler.storage import Store

API = "https://graph.example"
USER = "17841400000000001"
TOKEN = "EAAG-secret-token-value"
TAG_ID = "17843826142012701"


def make_spider(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, settings: dict[str, Any] | None = None,
                **kwargs: Any) -> InstagramSpider:
    monkeypatch.setenv("INSTAGRAM_USER_ID", USER)
    monkeypatch.setenv("META_ACCESS_TOKEN", TOKEN)
    crawler = get_crawler(InstagramSpider, {"CREATORSCOUT_INSTAGRAM_API_URL": API,
                                            "CREATORSCOUT_DB": str(tmp_path / "ig.db"), **(settings or {})})
    kwargs.setdefault("hashtags", "sourdough")
    spider = InstagramSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def start(spider: InstagramSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [r async for r in spider.start()]

    return asyncio.run(collect())


def response(request: Request, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> TextResponse:
    return TextResponse(request.url, status=status, body=json.dumps(body).encode(), request=request,
                        headers={"Content-Type": "application/json", **(headers or {})})


def call(request: Request, body: Any, status: int = 200) -> tuple[list[Any], list[Request]]:
    out = list(request.callback(response(request, body, status), **request.cb_kwargs) or [])
    return [o for o in out if not isinstance(o, Request)], [o for o in out if isinstance(o, Request)]


def stat(spider: InstagramSpider, key: str) -> Any:
    return spider.crawler.stats.get_value(f"creatorscout/instagram/{key}")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def path(url: str) -> str:
    return urlsplit(url).path


def handle_of(request: Request) -> str:
    match = re.search(r"business_discovery\.username\(([^)]*)\)", query(request.url)["fields"][0])
    return match.group(1) if match else ""


def media(media_id: str, caption: str, when: str = "2026-11-20T08:15:00+0000", likes: int | None = 10) -> dict:
    item = {"id": media_id, "caption": caption, "comments_count": 2, "media_type": "IMAGE",
            "permalink": f"https://www.instagram.com/p/{media_id}/", "timestamp": when}
    if likes is not None:
        item["like_count"] = likes
    return item


def media_page(items: list[dict], after: str | None = None) -> dict:
    body: dict[str, Any] = {"data": items}
    if after:
        body["paging"] = {"cursors": {"after": after}, "next": f"{API}/v24.0/x?access_token={TOKEN}&after={after}"}
    return body


def discovery(creator_id: str, username: str, posts: list[dict], after: str | None = None) -> dict:
    paging = {"cursors": {"before": "B", **({"after": after} if after else {})}}
    return {"business_discovery": {"id": creator_id, "username": username, "name": username.title(),
                                   "followers_count": 5000, "follows_count": 100, "media_count": 40,
                                   "media": {"data": posts, "paging": paging}}, "id": USER}


def graph_error(code: int, subcode: int | None = None, message: str = "problem") -> dict:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Atrace"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


NOT_FOUND = graph_error(110, 2207013, "Cannot find User with username: x")


# -- arguments and credentials -------------------------------------------------------------------------
def test_missing_credentials_name_the_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("INSTAGRAM_USER_ID", raising=False)
    monkeypatch.setenv("META_ACCESS_TOKEN", TOKEN)
    with pytest.raises(ArgumentError, match="INSTAGRAM_USER_ID is not set"):
        InstagramSpider.from_crawler(get_crawler(InstagramSpider), hashtags="sourdough")
    monkeypatch.setenv("INSTAGRAM_USER_ID", USER)
    monkeypatch.delenv("META_ACCESS_TOKEN")
    with pytest.raises(ArgumentError, match="META_ACCESS_TOKEN is not set"):  # listed creators need it too
        InstagramSpider.from_crawler(get_crawler(InstagramSpider), handles="lena.bakes")


@pytest.mark.parametrize(("env", "kwargs", "message"), [
    ({"INSTAGRAM_USER_ID": "me"}, {}, "INSTAGRAM_USER_ID must be the digits"),
    ({}, {"api_version": "24"}, "--api-version must look like v24.0"),
])
def test_bad_values_are_one_line_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, env: dict[str, str],
                                        kwargs: dict[str, Any], message: str) -> None:
    monkeypatch.setenv("META_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("INSTAGRAM_USER_ID", env.get("INSTAGRAM_USER_ID", USER))
    crawler = get_crawler(InstagramSpider, {"CREATORSCOUT_DB": str(tmp_path / "ig.db")})
    with pytest.raises(ArgumentError, match=re.escape(message)):
        InstagramSpider.from_crawler(crawler, handles="lena.bakes", **kwargs)


# -- requests, token and the comments note -------------------------------------------------------------
def test_start_searches_the_first_hashtag_with_the_token_only_in_a_download_time_header(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags="Sourdough,rye", api_version="v23.0")
    with caplog.at_level("INFO"):
        requests = start(spider)
    assert [path(r.url) for r in requests] == ["/v23.0/ig_hashtag_search"]
    assert query(requests[0].url) == {"user_id": [USER], "q": ["sourdough"]}
    assert TOKEN not in requests[0].url and b"Authorization" not in requests[0].headers
    assert spider.credential_headers(requests[0].url) == {"Authorization": f"Bearer {TOKEN}"}
    assert spider.credential_headers("https://elsewhere.example/v23.0/x") == {}
    assert TOKEN not in encode_state(spider.state) and TOKEN not in json.dumps(spider.crawl_arguments())
    assert stat(spider, "note/comments") == COMMENTS_NOTE and COMMENTS_NOTE in caplog.text


def test_loggable_urls_never_carry_an_access_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path)
    url = f"{API}/v24.0/1/recent_media?access_token={TOKEN}&user_id={USER}&after=C"
    assert TOKEN not in spider.loggable_url(url) and "after=C" in spider.loggable_url(url)


# -- discovery ------------------------------------------------------------------------------------------
def run_search(spider: InstagramSpider) -> list[Request]:
    (search,) = start(spider)
    _, requests = call(search, {"data": [{"id": TAG_ID}]})
    return requests


def test_mentions_are_looked_up_once_each_and_confirmed_creators_carry_their_discovery(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, max_creators="10", max_posts="2")
    (recent,) = run_search(spider)
    assert path(recent.url) == f"/v24.0/{TAG_ID}/recent_media"
    assert query(recent.url)["fields"] == ["id,caption,comments_count,like_count,media_type,permalink,timestamp"]
    assert query(recent.url)["limit"] == ["50"] and query(recent.url)["user_id"] == [USER]
    page = media_page([media("m1", "📷 @Lena.Bakes with @privat.person"), media("m2", "again @lena.bakes")],
                      after="CUR1")
    _, requests = call(recent, page)
    lookups = [r for r in requests if "business_discovery" in r.url]
    assert sorted(handle_of(r) for r in lookups) == ["lena.bakes", "privat.person"]
    assert all(TOKEN not in r.url for r in requests)
    # A page whose candidates are all out for lookup: the next hashtag page goes out too (limit not near).
    (next_page,) = [r for r in requests if r not in lookups]
    assert query(next_page.url)["after"] == ["CUR1"] and "access_token" not in next_page.url

    lena = next(r for r in lookups if handle_of(r) == "lena.bakes")
    assert "media.limit(2)" in lena.url
    items, follow = call(lena, discovery("1001", "Lena.Bakes", [media("p1", "hi", likes=None), media("p2", "x")],
                                         after="MC"))
    creator = next(i for i in items if isinstance(i, CreatorItem))
    assert (creator.creator_id, creator.handle) == ("1001", "lena.bakes")
    (found,) = [i for i in items if isinstance(i, DiscoveryItem)]
    assert (found.source, found.hashtag, found.post_id) == ("caption_mention", "sourdough", "m1")
    posts = [i for i in items if isinstance(i, PostItem)]
    assert [p.post_id for p in posts] == ["p1", "p2"] and posts[0].like_count is None  # hidden likes
    assert not [r for r in follow if "business_discovery" in r.url]  # --max-posts 2 reached: no next media page

    private = next(r for r in lookups if handle_of(r) == "privat.person")
    items, _ = call(private, NOT_FOUND, status=400)
    assert items == [] and stat(spider, "skipped/not_professional") == 1

    # The same handle on a later page is not looked up again.
    _, requests = call(next_page, media_page([media("m3", "@LENA.BAKES @privat.person @mira_ferments")]))
    assert [handle_of(r) for r in requests if "business_discovery" in r.url] == ["mira_ferments"]


def test_max_creators_bounds_lookups_in_flight_and_stops_the_search(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, max_creators="1", hashtags="sourdough,rye")
    (recent,) = run_search(spider)
    _, requests = call(recent, media_page([media("m1", "@ghost_one @lena.bakes @tom_kocht")], after="CUR1"))
    assert [handle_of(r) for r in requests] == ["ghost_one"]  # one lookup for one creator, no page meanwhile
    _, requests = call(requests[0], NOT_FOUND, status=400)
    assert [handle_of(r) for r in requests] == ["lena.bakes"]  # the unknown handle frees its room
    items, requests = call(requests[0], discovery("1001", "lena.bakes", [media("p1", "x")]))
    assert [i.handle for i in items if isinstance(i, CreatorItem)] == ["lena.bakes"]
    assert not [r for r in requests if "business_discovery" not in r.url]  # search over: no more pages
    assert stat(spider, "search/stopped_max_creators") == 1
    assert stat(spider, "skipped/candidates_not_looked_up") == 1
    assert stat(spider, "skipped/hashtags_not_searched") == 1


def test_recent_then_top_media_then_the_next_hashtag(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags="sourdough,rye")
    (recent,) = run_search(spider)
    _, (top,) = call(recent, media_page([media("m1", "no mentions")]))
    assert path(top.url) == f"/v24.0/{TAG_ID}/top_media" and "after" not in query(top.url)
    _, (second,) = call(top, media_page([]))
    assert path(second.url) == "/v24.0/ig_hashtag_search" and query(second.url)["q"] == ["rye"]
    _, after = call(second, {"data": []})  # unknown or blocked tag
    assert after == [] and stat(spider, "skipped/hashtag_not_found") == 1


def test_since_stops_recent_paging_and_media_paging(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, since="2026-11-10", max_posts="10")
    (recent,) = run_search(spider)
    old = "2026-11-01T00:00:00+0000"
    _, requests = call(recent, media_page([media("m1", "@lena.bakes"), media("m2", "@old.one", when=old)],
                                          after="CUR1"))
    assert [handle_of(r) for r in requests if "business_discovery" in r.url] == ["lena.bakes"]
    assert [path(r.url) for r in requests if "business_discovery" not in r.url] == [f"/v24.0/{TAG_ID}/top_media"]
    assert stat(spider, "search/stopped_since") == 1 and stat(spider, "skipped/too_old") == 1
    lookup = next(r for r in requests if "business_discovery" in r.url)
    items, follow = call(lookup, discovery("1001", "lena.bakes", [media("p1", "x"), media("p2", "y", when=old)],
                                           after="MC"))
    assert [i.post_id for i in items if isinstance(i, PostItem)] == ["p1"]
    assert not [r for r in follow if "business_discovery" in r.url]


def test_media_pages_follow_the_after_cursor_up_to_max_posts(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags=None, handles="lena.bakes", max_posts="5")
    (lookup,) = start(spider)
    assert "media.limit(5)" in lookup.url
    _, follow = call(lookup, discovery("1001", "lena.bakes", [media(f"p{i}", "x") for i in range(3)], after="MC"))
    (more,) = follow
    assert "media.after(MC).limit(2)" in more.url and TOKEN not in more.url
    items, follow = call(more, discovery("1001", "lena.bakes", [media("p3", "x"), media("p4", "x")], after="MD"))
    assert [i.post_id for i in items if isinstance(i, PostItem)] == ["p3", "p4"]
    assert not [i for i in items if isinstance(i, CreatorItem)]  # the creator came with the first page
    assert follow == []


def test_listed_creators_are_all_crawled_with_their_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags=None, max_creators="1",
                         handles="@Lena.Bakes,https://www.instagram.com/tom_kocht/,lena.bakes")
    requests = start(spider)
    assert sorted(handle_of(r) for r in requests) == ["lena.bakes", "tom_kocht"]
    stored = []
    for request, creator_id in zip(sorted(requests, key=handle_of), ("1001", "1002"), strict=True):
        items, _ = call(request, discovery(creator_id, handle_of(request), []))
        stored += items
    assert [i.creator_id for i in stored if isinstance(i, CreatorItem)] == ["1001", "1002"]
    assert {i.source for i in stored if isinstance(i, DiscoveryItem)} == {"handle"}


# -- errors by Graph code -------------------------------------------------------------------------------
def test_an_invalid_token_stops_the_crawl_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Any,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider(monkeypatch, tmp_path)
    (search,) = start(spider)
    body = graph_error(190, 463, "Error validating access token: Session has expired on Tuesday")
    with pytest.raises(CloseSpider), caplog.at_level("ERROR"):
        call(search, body, status=400)
    (line,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert line.startswith("[instagram] META_ACCESS_TOKEN was refused (code 190, subcode 463): Error validating")
    assert "\n" not in line and TOKEN not in caplog.text
    assert stat(spider, "errors/token_refused") == 1


def test_unknown_users_invalid_parameters_and_server_errors_are_counted(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags=None, handles="a.one,b.two,c.three,d.four")
    lookups = {handle_of(r): r for r in start(spider)}
    call(lookups["a.one"], NOT_FOUND, status=400)
    call(lookups["b.two"], graph_error(24, message="user not found"), status=400)
    call(lookups["c.three"], graph_error(100, 33, "Unsupported get request"), status=400)
    call(lookups["d.four"], graph_error(2, message="Service temporarily unavailable"), status=500)
    assert stat(spider, "skipped/not_professional") == 2
    missed = {h: stat(spider, f"seed_missed/not_professional/{h}") for h in ("a.one", "b.two", "c.three", "d.four")}
    assert missed == {"a.one": 1, "b.two": 1, "c.three": None, "d.four": None}  # the digest names why
    assert stat(spider, "skipped/invalid_parameter") == 1
    assert stat(spider, "errors/graph_2") == 1
    assert stat(spider, "discoveries_dropped") == 4


def test_a_hashtag_refused_for_the_weekly_limit_is_skipped_and_the_next_one_searched(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags="sourdough,rye")
    (search,) = start(spider)
    refusal = graph_error(400, 2207034, "You have reached the maximum of 30 unique hashtags in 7 days")
    with caplog.at_level("WARNING"):
        _, (following,) = call(search, refusal, status=400)
    assert query(following.url)["q"] == ["rye"]
    assert stat(spider, "skipped/hashtag_limit") == 1 and "maximum of 30 unique hashtags" in caplog.text


# -- the hashtag ledger -------------------------------------------------------------------------------
def z(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_hashtag_budget_counts_unique_tags_in_the_window() -> None:
    at = datetime(2026, 12, 1, 12, tzinfo=UTC)
    searched = {f"tag{i}": z(at - timedelta(days=6, hours=i)) for i in range(29)}
    check_hashtag_budget(searched, ["tag3", "new"], at)  # 29 + 1 new: fits; repeats are free
    with pytest.raises(HashtagLimitError) as refused:
        check_hashtag_budget(searched, ["new", "newer", "tag1"], at)
    # 31 would be used: one slot must free first, the oldest (tag28, 6 days 28 hours ago) frees it.
    assert "the next slot frees at 2026-12-01T08:00:00Z (" in str(refused.value)
    assert "new, newer" in str(refused.value)
    more = {**searched, "tag29": z(at - timedelta(days=1))}  # 30 used, 2 new: two slots must free
    with pytest.raises(HashtagLimitError, match=r"next slot frees at 2026-12-01T08:00:00Z, enough for this crawl at "
                                                r"2026-12-01T09:00:00Z"):
        check_hashtag_budget(more, ["new", "newer"], at)
    with pytest.raises(HashtagLimitError, match="asks for 31 new ones"):
        check_hashtag_budget({}, [f"t{i}" for i in range(31)], at)


def test_a_crawl_beyond_the_hashtag_limit_is_refused_before_it_starts(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Any) -> None:
    spider = make_spider(monkeypatch, tmp_path, hashtags="fresh")
    (search,) = start(spider)
    spider.on_request_sent(search)  # the search goes out: its tag takes a slot
    fingerprint = spider._user_fingerprint
    assert fingerprint and USER not in fingerprint
    store = Store.open(str(tmp_path / "ig.db"))
    try:
        rows = list(store.db.query("SELECT * FROM instagram_hashtag_ledger"))
        assert [(r["user_fingerprint"], r["hashtag"]) for r in rows] == [(fingerprint, "fresh")]
        assert USER not in json.dumps(rows)
        recent = z(datetime.now(UTC) - timedelta(days=1))
        for i in range(29):
            store.record_hashtag(fingerprint, f"used{i}", recent, "2000-01-01T00:00:00Z")
    finally:
        store.close()
    spider.close_ledger()
    again = make_spider(monkeypatch, tmp_path, hashtags="fresh,used3")  # nothing new: allowed
    again.close_ledger()
    with pytest.raises(HashtagLimitError, match=r"30 unique hashtags per account in 7 days: 30 used.*\(another\)"):
        make_spider(monkeypatch, tmp_path, hashtags="another")
    seeds_only = make_spider(monkeypatch, tmp_path, hashtags=None, handles="lena.bakes")  # no search: no check
    assert seeds_only._ledger is None


def test_a_repeat_inside_the_window_keeps_the_first_time_and_an_old_one_starts_anew(tmp_path: Any) -> None:
    store = Store.open(str(tmp_path / "ledger.db"))
    try:
        store.record_hashtag("fp", "brot", "2026-11-01T00:00:00Z", "2026-10-25T00:00:00Z")
        store.record_hashtag("fp", "brot", "2026-11-03T00:00:00Z", "2026-10-27T00:00:00Z")
        assert store.hashtags_searched("fp", "2026-10-27T00:00:00Z") == {"brot": "2026-11-01T00:00:00Z"}
        store.record_hashtag("fp", "brot", "2026-11-20T00:00:00Z", "2026-11-13T00:00:00Z")
        assert store.hashtags_searched("fp", "2026-11-13T00:00:00Z") == {"brot": "2026-11-20T00:00:00Z"}
        assert store.hashtags_searched("other", "2000-01-01T00:00:00Z") == {}
    finally:
        store.close()


# -- the usage-header budget --------------------------------------------------------------------------
class Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, n: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + n

    def max_value(self, key: str, value: Any) -> None:
        self.values[key] = max(self.values.get(key, value), value)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def usage_headers(percent: int, regain: int = 0) -> dict[str, str]:
    return {"X-App-Usage": json.dumps({"call_count": percent, "total_cputime": 1, "total_time": 1}),
            "X-Business-Use-Case-Usage": json.dumps({USER: [{"type": "instagram", "call_count": percent,
                                                             "total_cputime": 1, "total_time": 1,
                                                             "estimated_time_to_regain_access": regain}]})}


def test_spacing_grows_above_the_threshold_and_a_pause_is_at_least_one_minute() -> None:
    assert spacing_seconds(None, 75, 4) == 0 and spacing_seconds(75, 75, 4) == 0
    assert spacing_seconds(90, 75, 4) == pytest.approx(2.4) and spacing_seconds(100, 75, 4) == 4
    assert pause_seconds(0, 60) == 60 and pause_seconds(None, 0.5) == 0.5 and pause_seconds(7, 60) == 420


def test_a_throttling_code_pauses_the_api_and_retries_the_same_request() -> None:
    stats = Stats()
    middleware = GraphUsageMiddleware(API, stats, StopSwitch(), seconds_per_minute=30.0, max_wait=900)
    request = Request(f"{API}/v24.0/{USER}?fields=x")
    answer = response(request, graph_error(4, message="(#4) Application request limit reached"), status=400,
                      headers=usage_headers(100, regain=3))
    retry = middleware.process_response(request, answer)
    assert isinstance(retry, Request) and retry.url == request.url and retry.dont_filter
    wait, why = middleware.wait_for(0.0)
    assert middleware.blocked_until > 0 and "throttled" in why and wait > 0
    assert stats.values["creatorscout/instagram/throttle_retries"] == 1
    assert stats.values["creatorscout/instagram/usage_percent_max"] == 100
    for code in (17, 32, 613):  # every throttling code; a different error is left to the spider
        assert isinstance(middleware.process_response(request, response(request, graph_error(code), 400)), Request)
    other = response(request, NOT_FOUND, 400)
    assert middleware.process_response(request, other) is other
    exhausted = request.replace()
    exhausted.meta["creatorscout_graph_throttle_retries"] = MAX_THROTTLE_RETRIES
    throttled = response(exhausted, graph_error(4), 400)
    assert middleware.process_response(exhausted, throttled) is throttled


def test_a_good_answer_at_full_usage_is_kept_and_later_requests_wait() -> None:
    middleware = GraphUsageMiddleware(API, Stats(), StopSwitch(), seconds_per_minute=10.0)
    request = Request(f"{API}/v24.0/1/recent_media")
    answer = response(request, {"data": []}, headers=usage_headers(100, regain=2))
    assert middleware.process_response(request, answer) is answer
    assert middleware.blocked_until > 0
    elsewhere = Request("https://other.example/x")
    assert middleware.process_response(elsewhere, response(elsewhere, {}, headers=usage_headers(100))).status == 200


def test_high_usage_spaces_requests() -> None:
    middleware = GraphUsageMiddleware(API, Stats(), StopSwitch(), slow_percent=75, slow_seconds=4)
    request = Request(f"{API}/v24.0/1/recent_media")
    middleware.process_response(request, response(request, {"data": []}, headers=usage_headers(95)))
    first, _ = middleware.wait_for(100.0)
    second, why = middleware.wait_for(100.0)
    assert first == 0 and second == pytest.approx(3.2) and "95 %" in why


def test_a_wait_cut_by_a_stop_keeps_the_request_unsent() -> None:
    switch = StopSwitch()
    middleware = GraphUsageMiddleware(API, Stats(), switch, seconds_per_minute=3600.0)
    request = Request(f"{API}/v24.0/{USER}?fields=x")
    middleware.process_response(request, response(request, graph_error(4), 400, headers=usage_headers(100, 1)))
    switch.trip()
    parked = asyncio.run(middleware.process_request(Request(f"{API}/v24.0/1/top_media")))
    assert parked is not None and parked.meta.get(PARK)


def test_a_pause_longer_than_a_crawl_waits_stops_it_for_resume(caplog: pytest.LogCaptureFixture) -> None:
    switch = StopSwitch()
    stats = Stats()
    middleware = GraphUsageMiddleware(API, stats, switch, seconds_per_minute=60.0, max_wait=900)
    request = Request(f"{API}/v24.0/{USER}?fields=x")
    with caplog.at_level("ERROR"):
        parked = middleware.process_response(request, response(request, graph_error(4), 400,
                                                                headers=usage_headers(100, 30)))
    assert isinstance(parked, Request) and parked.meta.get(PARK) and switch.tripped
    assert "about 30 minutes" in caplog.text and "--resume" in caplog.text
    assert stats.values["creatorscout/instagram/errors/rate_limited"] == 1
