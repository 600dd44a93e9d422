"""TikTokSpider on fake responses: the token kept out of scheduled requests, windows and paging,
claims in order of first appearance, private/deleted creators, comments up to the top 1,000, an
expired token refreshed once, the token renewed ahead of its expiry (on a virtual clock), research
calls held while a refused token is renewed, a spent daily quota, rate-limit back-off and the
one-line errors.

A real crawl through the CLI against a small local server is in ``test_tiktok_crawl.py``.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler.frontier import decode_request, encode_request
from crawler.items import CommentItem, CreatorItem, DiscoveryItem
from crawler.middlewares import (
    CREDENTIAL_VERSION,
    NOT_BEFORE,
    CredentialsMiddleware,
    PoliteRetryMiddleware,
    renew_credentials,
)
from crawler.quota import QuotaMiddleware, tiktok_record_cost, tiktok_request_cost
from crawler.spiders.base import ArgumentError
from crawler.spiders.tiktok import (
    COMMENT_LIMIT,
    MAX_TOKEN_RETRIES,
    TOKEN_RETRIES,
    TOKEN_SLOT,
    TikTokSpider,
    date_windows,
    renewal_margin,
)
from crawler.stopping import PARK
from crawler.storage import Store

API = "https://tt.example"
KEY, SECRET = "client-key-1", "client-secret-s3cr3t"
TOKEN, TOKEN2 = "clt.first-token", "clt.second-token"
BIG = 7438111122223333444  # above 2**53


# -- helpers -------------------------------------------------------------------------------------
def response(url: str, body: Any, status: int = 200, request: Request | None = None,
             headers: dict[str, str] | None = None) -> TextResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return TextResponse(url, status=status, body=raw, request=request or Request(url),
                        headers={"Content-Type": "application/json", **(headers or {})})


class FakeTokens:
    """Stands in for the downloader behind the token request: answers and counts the calls."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def __call__(self) -> TextResponse:
        self.calls += 1
        status, body = self.answers.pop(0) if self.answers else (200, {"access_token": TOKEN, "expires_in": 7200})
        return response(f"{API}/v2/oauth/token/", body, status)


class FakeEngine:
    start_time = None  # not started: only a tripped StopSwitch says the crawl is stopping
    running = True

    def __init__(self) -> None:
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


def make_spider(monkeypatch: pytest.MonkeyPatch, tokens: FakeTokens | None = None, **kwargs: Any) -> TikTokSpider:
    monkeypatch.setenv("TIKTOK_CLIENT_KEY", KEY)
    monkeypatch.setenv("TIKTOK_CLIENT_SECRET", SECRET)
    crawler = get_crawler(TikTokSpider, {"CREATORSCOUT_TIKTOK_API_URL": API})
    kwargs.setdefault("hashtags", "veganrecipes")
    spider = TikTokSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    crawler.engine = FakeEngine()
    spider.state["today"] = "2026-11-30"
    monkeypatch.setattr(spider, "_token_call", tokens or FakeTokens())
    return spider


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def start(spider: TikTokSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [r async for r in spider.start()]

    return run(collect())


def call(request: Request, body: Any, status: int = 200, meta: dict[str, Any] | None = None,
         headers: dict[str, str] | None = None) -> tuple[list[Any], list[Request]]:
    request.meta.update(meta or {})
    resp = response(request.url, body, status, request, headers)

    async def drain() -> list[Any]:
        return [x async for x in request.callback(resp, **request.cb_kwargs)]

    out = run(drain())
    return [o for o in out if not isinstance(o, Request)], [o for o in out if isinstance(o, Request)]


def body(request: Request) -> dict[str, Any]:
    return json.loads(request.body)


def path(request: Request) -> str:
    return urlsplit(request.url).path


def ok(data: Any) -> dict[str, Any]:
    return {"data": data, "error": {"code": "ok", "message": "", "log_id": "20261130"}}


def error(code: str, message: str) -> dict[str, Any]:
    return {"data": {}, "error": {"code": code, "message": message, "log_id": "20261130"}}


def videos(*rows: tuple[int, str, int], cursor: int = 0, more: bool = False, search_id: str = "s-1",
           comments: int = 2) -> dict[str, Any]:
    return ok({"videos": [{"id": vid, "username": user, "create_time": at, "like_count": 1, "comment_count": comments,
                           "view_count": 10, "share_count": 0, "hashtag_names": ["veganrecipes"]}
                          for vid, user, at in rows],
               "cursor": cursor, "has_more": more, "search_id": search_id})


def profile(name: str = "Greta") -> dict[str, Any]:
    return ok({"display_name": name, "bio_description": "bio", "is_verified": False, "follower_count": 10,
               "following_count": 2, "likes_count": 99, "video_count": 5})


def stat(spider: TikTokSpider, key: str) -> Any:
    return spider.crawler.stats.get_value(f"creatorscout/tiktok/{key}")


T1 = 1764400000  # 2025-11-29
T0 = 1764300000


# -- arguments, token --------------------------------------------------------------------------------
def test_missing_credentials_are_one_line_argument_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIKTOK_CLIENT_KEY", raising=False)
    monkeypatch.setenv("TIKTOK_CLIENT_SECRET", SECRET)
    crawler = get_crawler(TikTokSpider)
    with pytest.raises(ArgumentError, match=r"^TIKTOK_CLIENT_KEY is not set: the client key of a TikTok"):
        TikTokSpider.from_crawler(crawler, hashtags="veganrecipes")
    with pytest.raises(ArgumentError, match="TIKTOK_CLIENT_KEY is not set"):  # listed creators need it too
        TikTokSpider.from_crawler(crawler, handles="greta.greens")


def test_token_first_then_the_hashtag_query_with_the_token_only_at_download_time(monkeypatch) -> None:
    tokens = FakeTokens()
    spider = make_spider(monkeypatch, tokens)
    (search,) = start(spider)
    assert tokens.calls == 1
    assert search.method == "POST" and path(search) == "/v2/research/video/query/"
    assert parse_qs(urlsplit(search.url).query)["fields"] == [
        "id,create_time,username,region_code,video_description,like_count,comment_count,share_count,view_count,"
        "hashtag_names"]
    assert body(search) == {"query": {"and": [{"operation": "EQ", "field_name": "hashtag_name",
                                               "field_values": ["veganrecipes"]}]},
                            "start_date": "20261101", "end_date": "20261130", "max_count": 100}
    # Nothing secret in the request as scheduled, nor in its checkpoint form.
    encoded = encode_request(search, spider)
    for secret in (KEY, SECRET, TOKEN):
        assert secret not in encoded and secret not in str(search.headers) and secret.encode() not in search.body
        assert secret not in json.dumps(spider.state, default=str)
    assert decode_request(encoded, spider).body == search.body  # a POST body survives a checkpoint
    # The downloader-side middleware adds the token for research calls only, and takes it off again.
    middleware = CredentialsMiddleware(spider.crawler)
    middleware.process_request(search)
    assert search.headers[b"Authorization"] == f"Bearer {TOKEN}".encode()
    assert search.meta[CREDENTIAL_VERSION] == 1
    middleware.process_response(search, response(search.url, {}))
    assert b"Authorization" not in search.headers
    assert spider.credential_headers(f"{API}/v2/oauth/token/") == {}
    assert spider.credential_headers("https://elsewhere.example/v2/research/x") == {}


def test_a_refused_client_is_one_line_naming_both_variables(monkeypatch, caplog) -> None:
    tokens = FakeTokens((401, {"error": "invalid_client", "error_description": "Client key or secret is incorrect.",
                               "log_id": "x"}))
    spider = make_spider(monkeypatch, tokens)
    with pytest.raises(CloseSpider) as stopped:
        run(spider.fetch_token())
    assert stopped.value.reason == "token_refused"
    (line,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert "TIKTOK_CLIENT_KEY" in line and "TIKTOK_CLIENT_SECRET" in line and "incorrect" in line
    assert SECRET not in caplog.text


def test_scope_not_authorized_says_an_approved_research_client_is_needed(monkeypatch, caplog) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    with pytest.raises(CloseSpider) as stopped:
        call(search, error("scope_not_authorized", "The client is not approved for the Research API."), 401)
    assert stopped.value.reason == "scope_not_authorized"
    assert "needs an approved research client" in caplog.text


def test_expired_tokens_refresh_once_for_many_answers_and_the_requests_go_again(monkeypatch) -> None:
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one,b.two")
    first, second = start(spider)
    expired = error("access_token_invalid", "The access token is invalid or not found in the request.")
    _, again1 = call(first, expired, 401, meta={CREDENTIAL_VERSION: 1})
    _, again2 = call(second, expired, 401, meta={CREDENTIAL_VERSION: 1})  # sent with the same old token
    assert tokens.calls == 2  # the first token and one refresh
    assert [body(r) for r in again1 + again2] == [{"username": "a.one"}, {"username": "b.two"}]
    assert spider.credential_headers(again1[0].url) == {"Authorization": f"Bearer {TOKEN2}"}
    # A fresh token refused again is not refreshed in a loop: one line, crawl stops.
    with pytest.raises(CloseSpider) as stopped:
        call(again1[0], expired, 401, meta={CREDENTIAL_VERSION: 2})
    assert stopped.value.reason == "token_refused"
    assert tokens.calls == 2


def test_an_answer_to_a_token_renewed_since_is_no_try_and_asks_for_no_new_token(monkeypatch) -> None:
    """Requests wait in the downloader with the token of the moment they were stamped: when another answer
    has renewed it since, their 401 says nothing about the new one (a queued crawl's request may meet
    several workers' expiries in a row)."""
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one,b.two")
    first, second = start(spider)
    expired = error("access_token_invalid", "The access token is invalid or not found in the request.")
    _, (again1,) = call(first, expired, 401, meta={CREDENTIAL_VERSION: 1})
    assert again1.meta[TOKEN_RETRIES] == 1 and tokens.calls == 2
    _, (again2,) = call(second, expired, 401, meta={CREDENTIAL_VERSION: 1, TOKEN_RETRIES: MAX_TOKEN_RETRIES})
    assert again2.meta[TOKEN_RETRIES] == MAX_TOKEN_RETRIES and tokens.calls == 2  # no stop, no third token
    with pytest.raises(CloseSpider) as stopped:  # the same answer with the token of now: enough tries
        call(again2, expired, 401, meta={CREDENTIAL_VERSION: 2})
    assert stopped.value.reason == "token_refused"


# -- renewal ahead of expiry -------------------------------------------------------------------------
class VirtualClock:
    """``time.monotonic()`` by hand, for the spider and the event loop alike (asyncio's timers read it):
    :meth:`advance` moves it and lets the loop run what came due. Nothing sleeps."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: float = 1000.0) -> None:
        self.now = start
        monkeypatch.setattr(time, "monotonic", lambda: self.now)

    async def advance(self, to: float) -> None:
        self.now = to
        await settle()


async def settle() -> None:
    """Let the event loop run what is ready (timers due, the tasks they start) for a few rounds."""
    for _ in range(20):
        await asyncio.sleep(0)


class HeldTokens(FakeTokens):
    """A token endpoint whose answers after the first wait for :attr:`release`: a renewal in flight."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        super().__init__(*answers)
        self.release: asyncio.Event | None = None

    async def __call__(self) -> TextResponse:
        if self.calls >= 1:
            self.release = self.release or asyncio.Event()
            self.calls += 1
            await self.release.wait()
            self.calls -= 1  # counted again below
        return await super().__call__()


async def answer(request: Request, body: Any, status: int = 200, meta: dict[str, Any] | None = None) -> list[Any]:
    """What the request's callback makes of an answer, in the running loop."""
    request.meta.update(meta or {})
    resp = response(request.url, body, status, request)
    return [x async for x in request.callback(resp, **request.cb_kwargs)]


EXPIRED = error("access_token_invalid", "The access token is invalid or not found in the request.")
RESEARCH = f"{API}/v2/research/user/info/?fields=display_name"


def test_the_token_call_has_a_download_slot_of_its_own(monkeypatch) -> None:
    """Research calls held at sending while a refused token is renewed must not keep the token call
    waiting in their slot."""
    spider = make_spider(monkeypatch)
    monkeypatch.setattr(spider, "_token_call", TikTokSpider._token_call.__get__(spider))  # the real one
    sent: list[Request] = []

    async def download_async(request: Request) -> TextResponse:
        sent.append(request)
        return response(request.url, {"access_token": TOKEN, "expires_in": 7200})

    spider.crawler.engine.download_async = download_async
    run(spider.fetch_token())
    (call_,) = sent
    assert path(call_) == "/v2/oauth/token/" and call_.meta["download_slot"] == TOKEN_SLOT
    assert spider.credential_version == 1


def test_the_renewal_margin_is_five_minutes_of_two_hours_and_a_quarter_of_a_short_lifetime() -> None:
    assert renewal_margin(7200) == 300.0
    assert renewal_margin(1200) == 300.0
    assert renewal_margin(4) == 1.0


def test_the_token_is_renewed_ahead_of_its_expiry_without_any_refused_answer(monkeypatch) -> None:
    clock = VirtualClock(monkeypatch)
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}),
                        (200, {"access_token": "clt.third", "expires_in": 4}))
    spider = make_spider(monkeypatch, tokens)

    async def scenario() -> None:
        await spider.fetch_token()  # sent at 1000: TikTok's two hours end at 8200 at the earliest
        assert spider.renew_at == 1000 + 7200 - 300
        await clock.advance(7899.5)
        assert tokens.calls == 1 and spider.credential_version == 1
        await clock.advance(7900.0)  # five minutes before the expiry: renewed, nothing was refused
        assert tokens.calls == 2 and spider.credential_version == 2
        assert spider.credential_headers(RESEARCH) == {"Authorization": f"Bearer {TOKEN2}"}
        assert stat(spider, "token/renewed_ahead") == 1 and stat(spider, "token/expired") is None
        assert spider.renew_at == 7900 + 6900  # the next one from the new token's lifetime
        await clock.advance(14800.0)
        assert tokens.calls == 3 and spider.renew_at == 14800 + 3  # a 4 s token: a quarter of it ahead
        spider.stop_renewals()  # spider_closed: no renewal after the crawl
        await clock.advance(20000.0)
        assert tokens.calls == 3

    run(scenario())


def test_a_token_without_a_lifetime_is_renewed_only_when_refused(monkeypatch) -> None:
    clock = VirtualClock(monkeypatch)
    tokens = FakeTokens((200, {"access_token": TOKEN}))
    spider = make_spider(monkeypatch, tokens)

    async def scenario() -> None:
        await spider.fetch_token()
        assert spider.renew_at is None
        await clock.advance(1e6)
        assert tokens.calls == 1

    run(scenario())


def test_a_renewal_ahead_and_a_refused_answer_make_one_token_call(monkeypatch) -> None:
    """The answer refusing the token that is being renewed waits for that renewal and asks for none."""
    clock = VirtualClock(monkeypatch)
    tokens = HeldTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one")

    async def scenario() -> None:
        (first,) = [r async for r in spider.start()]
        await clock.advance(7900.0)  # the renewal ahead is in flight
        assert tokens.calls == 2 and spider.credential_version == 1
        refused = asyncio.ensure_future(answer(first, EXPIRED, 401, {CREDENTIAL_VERSION: 1}))
        await settle()
        assert not refused.done()  # waits for the renewal in flight
        tokens.release.set()
        (again,) = await refused
        assert tokens.calls == 2 and spider.credential_version == 2
        assert again.meta[TOKEN_RETRIES] == 1 and body(again) == {"username": "a.one"}

    run(scenario())


def test_a_refused_token_renewed_before_its_timer_is_not_renewed_again_by_it(monkeypatch) -> None:
    clock = VirtualClock(monkeypatch)
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one")

    async def scenario() -> None:
        (first,) = [r async for r in spider.start()]
        await clock.advance(2000.0)
        await answer(first, EXPIRED, 401, {CREDENTIAL_VERSION: 1})  # revoked early: renewed at once
        assert tokens.calls == 2 and spider.renew_at == 2000 + 6900
        await clock.advance(7900.0)  # the first token's renewal time: nothing to do
        assert tokens.calls == 2
        await clock.advance(8900.0)
        assert tokens.calls == 3 and spider.credential_version == 3

    run(scenario())


def test_research_calls_wait_at_sending_while_a_refused_token_is_renewed(monkeypatch) -> None:
    """Sent with the refused token, they would be refused too, and charged to the quota."""
    VirtualClock(monkeypatch)
    tokens = HeldTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one,b.two")

    async def scenario() -> None:
        first, second = [r async for r in spider.start()]
        CredentialsMiddleware(spider.crawler).process_request(second)  # entered the downloader with token 1
        assert spider.credentials_ready() is None
        refused = asyncio.ensure_future(answer(first, EXPIRED, 401, {CREDENTIAL_VERSION: 1}))
        await settle()
        waiting = spider.credentials_ready()  # the renewal is in flight
        assert waiting is not None
        waiting.close()
        sending = asyncio.ensure_future(renew_credentials(spider, second))
        await settle()
        assert not sending.done()
        tokens.release.set()
        assert await sending is True
        assert second.headers[b"Authorization"] == f"Bearer {TOKEN2}".encode() and second.meta[CREDENTIAL_VERSION] == 2
        await refused
        assert spider.credentials_ready() is None
        # An answer to a token renewed since holds nothing back.
        await answer(second.replace(), EXPIRED, 401, {CREDENTIAL_VERSION: 1})
        assert spider.credentials_ready() is None and tokens.calls == 2

    run(scenario())


def test_a_stop_ends_the_wait_of_a_research_call_held_for_a_new_token(monkeypatch) -> None:
    """Ctrl-C while a refused token is being renewed: the held call does not wait for the token call."""
    from crawler.stopping import StopSwitch

    VirtualClock(monkeypatch)
    tokens = HeldTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (200, {"access_token": TOKEN2, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one,b.two")

    async def scenario() -> None:
        first, second = [r async for r in spider.start()]
        CredentialsMiddleware(spider.crawler).process_request(second)
        refused = asyncio.ensure_future(answer(first, EXPIRED, 401, {CREDENTIAL_VERSION: 1}))
        await settle()
        sending = asyncio.ensure_future(renew_credentials(spider, second))
        await settle()
        assert not sending.done()
        StopSwitch.of(spider.crawler).trip()
        await settle()
        assert sending.done() and not refused.done()  # the token call is still held
        tokens.release.set()
        await refused

    run(scenario())


def test_a_renewal_ahead_that_fails_is_counted_and_the_refused_answer_renews_later(monkeypatch, caplog) -> None:
    clock = VirtualClock(monkeypatch)
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}))
    spider = make_spider(monkeypatch, tokens, hashtags=None, handles="a.one")
    real_call = spider._token_call

    async def unreachable() -> TextResponse:
        raise ConnectionRefusedError("connection refused")

    async def scenario() -> None:
        (first,) = [r async for r in spider.start()]
        monkeypatch.setattr(spider, "_token_call", unreachable)
        await clock.advance(7900.0)
        assert stat(spider, "errors/token_renewal_failed") == 1 and "renewed when an answer" in caplog.text
        assert spider.credential_version == 1 and spider.credentials_ready() is None
        monkeypatch.setattr(spider, "_token_call", real_call)
        (again,) = await answer(first, EXPIRED, 401, {CREDENTIAL_VERSION: 1})
        assert spider.credential_version == 2 and again.meta[TOKEN_RETRIES] == 1

    run(scenario())


def test_a_renewal_ahead_that_is_refused_closes_the_crawl(monkeypatch) -> None:
    clock = VirtualClock(monkeypatch)
    tokens = FakeTokens((200, {"access_token": TOKEN, "expires_in": 7200}),
                        (401, {"error": "invalid_client", "error_description": "Client key or secret is incorrect.",
                               "log_id": "x"}))
    spider = make_spider(monkeypatch, tokens)
    closed: list[str] = []

    async def close_spider_async(reason: str) -> None:
        closed.append(reason)

    spider.crawler.engine.close_spider_async = close_spider_async

    async def scenario() -> None:
        await spider.fetch_token()
        await clock.advance(7900.0)
        assert closed == ["token_refused"]

    run(scenario())


# -- windows and discovery ---------------------------------------------------------------------------
def test_date_windows_are_30_days_newest_first_back_to_since() -> None:
    assert date_windows(date(2026, 11, 30), None, 1) == [("20261101", "20261130")]
    six = date_windows(date(2026, 11, 30), None, 6)
    assert len(six) == 6 and six[0] == ("20261101", "20261130") and six[1][1] == "20261031"
    for start_date, end_date in six:
        span = date(int(end_date[:4]), int(end_date[4:6]), int(end_date[6:])) - date(
            int(start_date[:4]), int(start_date[4:6]), int(start_date[6:]))
        assert 0 <= span.days <= 30
    assert date_windows(date(2026, 11, 30), date(2026, 9, 15), 1) == [
        ("20261101", "20261130"), ("20261002", "20261031"), ("20260915", "20261001")]


def test_hashtag_pages_claim_usernames_in_order_of_first_appearance(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_creators="2")
    (search,) = start(spider)
    items, requests = call(search, videos((1, "b.first", T1), (2, "a.second", T1), (3, "b.first", T0),
                                          (4, "c.third", T0), cursor=100, more=True, search_id="s-9"))
    users = [r for r in requests if path(r) == "/v2/research/user/info/"]
    assert [body(r) for r in users] == [{"username": "b.first"}, {"username": "a.second"}]
    assert not [r for r in requests if path(r) == "/v2/research/video/query/"]  # full: no next page
    assert stat(spider, "skipped/max_creators") == 1 and stat(spider, "search/stopped_max_creators") == 1
    assert items == []  # discoveries wait for the creator to be stored


def test_paging_then_older_windows_then_the_next_hashtag(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags="veganrecipes,plantbased", since="2026-10-01")
    (search,) = start(spider)
    _, requests = call(search, videos((1, "a", T1), cursor=100, more=True, search_id="s-9"))
    nxt = next(r for r in requests if path(r) == "/v2/research/video/query/")
    assert body(nxt)["cursor"] == 100 and body(nxt)["search_id"] == "s-9" and body(nxt)["end_date"] == "20261130"
    _, requests = call(nxt, videos(cursor=100, more=False))
    (older,) = requests
    assert (body(older)["start_date"], body(older)["end_date"]) == ("20261002", "20261031")
    assert "cursor" not in body(older)
    _, requests = call(older, videos())
    (oldest,) = requests
    assert (body(oldest)["start_date"], body(oldest)["end_date"]) == ("20261001", "20261001")
    _, requests = call(oldest, videos())
    (tag2,) = requests
    assert body(tag2)["query"]["and"][0]["field_values"] == ["plantbased"]
    assert body(tag2)["end_date"] == "20261130"
    for end_date in ("20261031", "20261001"):  # its own windows, then nothing more
        _, (tag2,) = call(tag2, videos())
        assert body(tag2)["end_date"] == end_date
    _, requests = call(tag2, videos())
    assert requests == []


def test_an_expired_search_id_restarts_the_window_once(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    _, requests = call(search, videos((1, "a", T1), cursor=100, more=True))
    page2 = next(r for r in requests if path(r) == "/v2/research/video/query/")
    expired = error("invalid_params", "Search Id 7354367454467855403 is invalid or expired")
    _, (restart,) = call(page2, expired, 400)
    assert "cursor" not in body(restart) and "search_id" not in body(restart)
    assert stat(spider, "search/restarted") == 1
    _, requests = call(restart, videos((1, "a", T1), (2, "b", T1), cursor=100, more=True))  # a claimed once
    assert [body(r) for r in requests if path(r) == "/v2/research/user/info/"] == [{"username": "b"}]
    # Expired again in the same window: not restarted a second time, the search goes on to the next window.
    again = next(r for r in requests if path(r) == "/v2/research/video/query/")
    _, requests = call(again, expired, 400)
    assert stat(spider, "search/restarted") == 1 and stat(spider, "errors/search_expired") == 1
    assert all("cursor" not in body(r) for r in requests)


def test_creator_profile_discoveries_videos_and_comments(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_posts="2", max_comments="150")
    (search,) = start(spider)
    _, requests = call(search, videos((BIG, "greta.greens", T1)))
    (user,) = requests
    items, requests = call(user, profile())
    creator, discovery = items
    assert isinstance(creator, CreatorItem) and creator.creator_id == "greta.greens"
    assert isinstance(discovery, DiscoveryItem) and discovery.hashtag == "veganrecipes"
    assert discovery.post_id == str(BIG)
    (own,) = requests
    assert body(own)["query"]["and"][0] == {"operation": "EQ", "field_name": "username",
                                            "field_values": ["greta.greens"]}
    assert body(own)["max_count"] == 2 and body(own)["end_date"] == "20261130"
    items, requests = call(own, videos((BIG, "greta.greens", T0), (BIG + 1, "greta.greens", T1),
                                       (BIG + 2, "greta.greens", T1 - 5), more=True, cursor=3))
    assert [p.post_id for p in items] == [str(BIG + 1), str(BIG + 2)]  # newest first, up to --max-posts
    comments = [r for r in requests if path(r) == "/v2/research/video/comment/list/"]
    assert len(requests) == len(comments) == 2  # max_posts reached: no further page
    # The video id goes out as the exact integer (a double would change the last digits).
    assert f'"video_id":{BIG + 1}'.encode() in comments[0].body
    assert body(comments[0]) == {"video_id": BIG + 1, "max_count": 100, "cursor": 0}
    page = ok({"comments": [{"id": 900 + i, "video_id": BIG + 1, "parent_comment_id": BIG + 1, "text": f"c{i}"}
                            for i in range(100)], "cursor": 100, "has_more": True})
    items, (more,) = call(comments[0], page)
    assert len(items) == 100 and all(isinstance(c, CommentItem) and c.author_platform_id is None for c in items)
    assert body(more) == {"video_id": BIG + 1, "max_count": 50, "cursor": 100}  # 150 wanted in all
    page = ok({"comments": [{"id": 2000 + i, "video_id": BIG + 1, "parent_comment_id": 900, "text": "r"}
                            for i in range(50)], "cursor": 150, "has_more": True})
    items, requests = call(more, page)
    assert len(items) == 50 and requests == [] and items[0].parent_comment_id == "900"


def test_comments_never_ask_beyond_the_top_1000(monkeypatch) -> None:
    spider = make_spider(monkeypatch, max_comments="5000")
    request = spider.comments_request(str(BIG), 950, 950)
    assert body(request)["cursor"] + body(request)["max_count"] == COMMENT_LIMIT
    page = ok({"comments": [{"id": i, "video_id": BIG, "text": "x"} for i in range(50)], "cursor": 1000,
               "has_more": True})
    items, requests = call(request, page)
    assert len(items) == 50 and requests == []
    assert stat(spider, "comments/stopped_top_1000") == 1
    assert spider.comments_request(str(BIG), 1000, 1000) is None


def test_videos_without_comments_ask_for_none_and_unknown_counts_do(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags=None, handles="greta.greens")
    request = spider.videos_request("greta.greens", 0, [])
    payload = videos((1, "greta.greens", T1), comments=0)
    payload["data"]["videos"].append({"id": 2, "username": "greta.greens", "create_time": T0})  # count unknown
    items, requests = call(request, payload)
    assert [p.comment_count for p in items] == [0, None]
    assert [body(r)["video_id"] for r in requests if path(r).endswith("/comment/list/")] == [2]


def test_creator_videos_walk_older_windows_until_max_posts(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags=None, handles="greta.greens", max_posts="3")
    request = spider.videos_request("greta.greens", 0, [])
    seen = []
    for window in range(6):
        assert body(request)["end_date"] == date_windows(date(2026, 11, 30), None, 6)[window][1]
        items, requests = call(request, videos((10 + window, "greta.greens", T1 - window * 3_000_000), comments=0)
                               if window % 2 else videos(comments=0))
        seen += [p.post_id for p in items]
        if not requests:
            break
        (request,) = requests
    assert seen == ["11", "13", "15"] and window == 5
    spider = make_spider(monkeypatch, hashtags=None, handles="greta.greens", max_posts="3")
    request = spider.videos_request("greta.greens", 5, [])
    _, requests = call(request, videos(comments=0))
    assert requests == []  # six windows (180 days) without --since


def test_private_and_deleted_creators_are_reported_and_skipped(monkeypatch, caplog) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    _, (u1, u2) = call(search, videos((1, "hidden.one", T1), (2, "gone.two", T1)))
    caplog.set_level("INFO")
    items, requests = call(u1, error("invalid_params", "API cannot return this user's information"), 400)
    assert items == [] and requests == []
    items, requests = call(u2, error("invalid_params", "`username: gone.two` is invalid: cannot find the user"), 400)
    assert items == [] and requests == []
    assert stat(spider, "skipped/private_or_deleted") == 2
    seeded = make_spider(monkeypatch, handles="hidden.one")  # listed, then found by hashtag: asked for once
    user, search = start(seeded)
    assert body(user) == {"username": "hidden.one"} and path(search) == "/v2/research/video/query/"
    call(user, error("invalid_params", "API cannot return this user's information"), 400)
    _, requests = call(search, videos((1, "hidden.one", T1), (2, "new.one", T1)))
    assert [body(r) for r in requests if path(r) == "/v2/research/user/info/"] == [{"username": "new.one"}]
    assert stat(spider, "discoveries_dropped") == 2
    assert "private or deleted" in caplog.text


def test_seed_lists_crawl_exactly_the_listed_usernames(monkeypatch) -> None:
    spider = make_spider(monkeypatch, hashtags=None, handles="https://www.tiktok.com/@greta.greens,@wren.cooks",
                         max_creators="1")
    requests = start(spider)
    assert [body(r) for r in requests] == [{"username": "greta.greens"}, {"username": "wren.cooks"}]
    items, _ = call(requests[1], profile("Wren"))
    assert [type(i).__name__ for i in items] == ["CreatorItem", "DiscoveryItem"]
    assert items[1].source == "handle" and items[1].hashtag == ""


def test_resume_sends_nothing_new_but_gets_a_token(monkeypatch) -> None:
    tokens = FakeTokens()
    spider = make_spider(monkeypatch, tokens)
    spider.state["started"] = True
    assert start(spider) == []
    assert tokens.calls == 1


# -- budget ------------------------------------------------------------------------------------------
def test_a_spent_daily_quota_stops_cleanly_and_keeps_the_request(monkeypatch, caplog) -> None:
    spider = make_spider(monkeypatch)
    (search,) = start(spider)
    with pytest.raises(CloseSpider) as stopped:
        call(search, error("daily_quota_limit_exceeded", "Daily request quota exceeded."), 429)
    assert stopped.value.reason == "quota_budget_spent"
    (kept,) = spider.crawler.engine.crawled
    assert kept.meta[PARK] and kept.body == search.body  # unsent, for --resume
    assert "--resume" in caplog.text


def test_retry_advice_for_429s(monkeypatch) -> None:
    spider = make_spider(monkeypatch)
    url = f"{API}/v2/research/video/query/?fields=id"
    daily = response(url, error("daily_quota_limit_exceeded", "Daily request quota exceeded."), 429)
    short = response(url, error("rate_limit_exceeded", "The API rate limit was exceeded. Please try again later."), 429)
    assert spider.retry_backoff(daily) is False
    assert spider.retry_backoff(short) == 10.0
    assert spider.retry_backoff(response(url, error("internal_error", "x"), 500)) is None
    # Through the retry middleware: a daily quota is not retried; a rate limit waits 10 s, then 20 s.
    retry = PoliteRetryMiddleware.from_crawler(spider.crawler)
    request = Request(url, method="POST", body=b"{}")
    assert retry.process_response(request, daily) is daily
    before = time.monotonic()
    first = retry.process_response(request, short)
    second = retry.process_response(first, short)
    assert first.meta[NOT_BEFORE] - before >= 10.0  # not the default 0.5 s
    assert second.meta[NOT_BEFORE] - first.meta[NOT_BEFORE] >= 10.0  # growing: 20 s
    told = response(url, error("rate_limit_exceeded", "slow"), 429, headers={"Retry-After": "3"})
    asked = retry.process_response(request, told)
    assert asked.meta[NOT_BEFORE] - time.monotonic() <= 3.0  # Retry-After wins over the back-off


def test_quota_costs_per_request_and_records() -> None:
    query = Request(f"{API}/v2/research/video/query/?fields=id", method="POST", body=b'{"max_count":100}')
    comments = Request(f"{API}/v2/research/video/comment/list/?fields=id", method="POST",
                       body=f'{{"video_id":{BIG},"max_count":40,"cursor":0}}'.encode())
    user = Request(f"{API}/v2/research/user/info/?fields=x", method="POST", body=b'{"username":"a"}')
    token = Request(f"{API}/v2/oauth/token/", method="POST", body=b"client_key=a")
    assert [tiktok_request_cost(r.url) for r in (query, comments, user, token)] == [1, 1, 1, 0]
    assert [tiktok_record_cost(r) for r in (query, comments, user, token)] == [100, 40, 1, 0]


def test_http_problems_are_counted_and_move_on(monkeypatch) -> None:
    spider = make_spider(monkeypatch, since="2026-10-01")
    (search,) = start(spider)
    _, (older,) = call(search, b"<html>504 Gateway Timeout</html>", 504)
    assert body(older)["end_date"] == "20261031"
    assert stat(spider, "errors/http_504") == 1


class Fingerprinted:
    def key_fingerprint(self, secret: bytes) -> str:
        return "fp-" + secret.decode()


def test_the_quota_middleware_keeps_a_request_and_a_record_ledger(tmp_path) -> None:
    db = tmp_path / "q.db"
    crawler = get_crawler(TikTokSpider, {"CREATORSCOUT_DB": str(db), "CREATORSCOUT_TIKTOK_QUOTA": 5,
                                         "CREATORSCOUT_TIKTOK_RECORD_QUOTA": 150, "CREATORSCOUT_PSEUDONYM_KEY": "k",
                                         "CREATORSCOUT_TIKTOK_API_URL": API})
    crawler.stats.open_spider()
    middleware = QuotaMiddleware.from_crawler(crawler)
    middleware.spider_opened(Fingerprinted())
    token = Request(f"{API}/v2/oauth/token/", method="POST", body=b"client_key=a")
    assert middleware.process_request(token) is None  # free: not a research call
    first = Request(f"{API}/v2/research/video/query/?fields=id", method="POST", body=b'{"max_count":100}')
    assert middleware.process_request(first) is None
    middleware.request_sent(first)
    user = Request(f"{API}/v2/research/user/info/?fields=x", method="POST", body=b'{"username":"a"}')
    assert middleware.process_request(user) is None
    middleware.request_sent(user)
    # Two requests of five spent, but only 49 of 150 records left: the next page is refused and kept.
    second = Request(f"{API}/v2/research/video/query/?fields=id", method="POST", body=b'{"max_count":100,"cursor":100}')
    refused = middleware.process_request(second)
    assert isinstance(refused, Request) and refused.meta[PARK] and refused.body == second.body
    assert crawler.stats.get_value("creatorscout/tiktok/quota_refused_requests") == 1
    middleware.spider_closed(None)
    store = Store.open(db)
    ledger = {(r["platform"], r["key_fingerprint"], r["units"]) for r in store.db.query("SELECT * FROM quota_ledger")}
    store.close()
    assert ledger == {("tiktok", "fp-k", 2), ("tiktok_records", "fp-k", 101)}
    # A later crawl the same UTC day starts from the ledgers.
    again = QuotaMiddleware.from_crawler(crawler)
    again.spider_opened(Fingerprinted())
    assert again.spent_today() == 2 and again.ledger_spent_today(again.ledgers[0]) == 101
    again.spider_closed(None)


def test_until_sets_the_last_window_day(monkeypatch) -> None:
    monkeypatch.setenv("TIKTOK_CLIENT_KEY", KEY)
    monkeypatch.setenv("TIKTOK_CLIENT_SECRET", SECRET)
    crawler = get_crawler(TikTokSpider, {"CREATORSCOUT_TIKTOK_API_URL": API, "CREATORSCOUT_TIKTOK_UNTIL": "2026-06-01"})
    spider = TikTokSpider.from_crawler(crawler, hashtags="veganrecipes")
    assert spider.windows(1) == [("20260503", "20260601")]
    with pytest.raises(ArgumentError, match="--until must be a date"):
        TikTokSpider.from_crawler(crawler, hashtags="veganrecipes", until="June")
    with pytest.raises(ArgumentError, match="--since 2026-07-01 is after --until 2026-06-01"):
        TikTokSpider.from_crawler(crawler, hashtags="veganrecipes", since="2026-07-01")


def test_regions_add_an_in_condition_to_discovery_only(monkeypatch) -> None:
    spider = make_spider(monkeypatch, regions="de, at,DE")
    (search,) = start(spider)
    assert body(search)["query"]["and"] == [
        {"operation": "EQ", "field_name": "hashtag_name", "field_values": ["veganrecipes"]},
        {"operation": "IN", "field_name": "region_code", "field_values": ["DE", "AT"]}]
    own = spider.videos_request("greta.greens", 0, [])
    assert len(body(own)["query"]["and"]) == 1  # a creator's own videos come from anywhere
    with pytest.raises(ArgumentError, match="two-letter region codes"):
        make_spider(monkeypatch, regions="Germany")
