"""Politeness: reset headers, budget pacing, retries that wait (and stop waiting when the crawl stops),
the quota ledger, the host guard, credentials renewed at the moment of sending."""

from __future__ import annotations

import asyncio
import calendar
import logging
import re
import time

import pytest
import twisted.internet
from scrapy import Request, Spider
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.internet import testing

from crawler.frontier import Frontier
from crawler.handlers import SendingHTTPDownloadHandler
from crawler.middlewares import (
    CREDENTIAL_HEADERS,
    CREDENTIAL_VERSION,
    NOT_BEFORE,
    WAIT_REASON,
    AllowedHostsMiddleware,
    CredentialsMiddleware,
    PoliteRetryMiddleware,
    RateLimitMiddleware,
    parse_allowed,
    parse_reset,
    renew_credentials,
    url_origin,
)
from crawler.quota import QuotaMiddleware, youtube_quota_cost
from crawler.stopping import PARK, StopSwitch
from crawler.storage import Store
from crawler.timeutil import pacific_day

NOW = 1_800_000_000.0
JAN15 = calendar.timegm((2027, 1, 15, 8, 0, 0))  # 2027-01-15T08:00:00Z


class S(Spider):
    name = "s"


def response(url, status=200, headers=None, body=b"{}"):
    return TextResponse(url, status=status, headers=headers or {}, body=body, request=Request(url))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "Sun, 15 Jan 2027 08:00:10 GMT"}, None),  # checked below with its own clock
        ({"X-RateLimit-Reset": "2027-01-15T08:00:30.070144Z"}, 30.070144),
        ({"RateLimit-Reset": str(int(NOW) + 12)}, 12.0),
        ({"RateLimit-Reset": "5"}, 5.0),
        ({}, None),
    ],
)
def test_parse_reset(headers, expected):
    now = NOW if "RateLimit-Reset" in headers else JAN15
    value = parse_reset(headers, now)
    if "Retry-After" in headers and not headers["Retry-After"].isdigit():
        assert value == pytest.approx(10.0)
    elif expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, abs=1e-3)


def test_rate_limit_waits_only_when_budget_is_spent():
    crawler = get_crawler(S)
    mw = RateLimitMiddleware(reserve=1, max_wait=60, stats=crawler.stats)
    url = "https://m.example/api/v1/x"
    reset = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + 20)) + ".000000Z"
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": reset}))
    now = time.monotonic()
    assert mw.wait_for(Request(url), now) == 0
    mw.budgets["m.example"].in_flight = 2  # two more in flight: 1 left == reserve
    assert 15 < mw.wait_for(Request(url), now) <= 20.5
    assert mw.wait_for(Request("https://other.example/x"), now) == 0


def test_an_endpoint_rationed_apart_does_not_shrink_the_hosts_budget():
    # Bluesky's PDS answers a login with its own budget (30 per 5 minutes) and everything else with
    # the host's (3,000): taken as one, the crawl would wait for the window after 27 searches.
    class BlueskyLike(S):
        name = "bluesky"

    crawler = get_crawler(BlueskyLike)
    mw = RateLimitMiddleware.from_crawler(crawler)
    window_end = str(int(time.time()) + 300)
    login = "https://pds.example/xrpc/com.atproto.server.createSession"
    search = "https://pds.example/xrpc/app.bsky.feed.searchPosts?q=x"
    mw.process_response(Request(login), response(login, headers={
        "RateLimit-Limit": "30", "RateLimit-Remaining": "0", "RateLimit-Reset": window_end}))
    mw.process_response(Request(search), response(search, headers={
        "RateLimit-Limit": "3000", "RateLimit-Remaining": "2990", "RateLimit-Reset": window_end}))
    now = time.monotonic()
    assert mw.wait_for(Request(search), now) == 0
    assert 290 < mw.wait_for(Request(login), now) <= 301  # another login would wait for its own window


def test_429_blocks_the_host_until_reset():
    crawler = get_crawler(S)
    mw = RateLimitMiddleware(reserve=0, max_wait=60, stats=crawler.stats)
    url = "https://m.example/api/v1/x"
    mw.process_response(Request(url), response(url, status=429, headers={"Retry-After": "5"}))
    assert 4 < mw.wait_for(Request(url), time.monotonic()) <= 5
    assert crawler.stats.get_value("creatorscout/ratelimit/429") == 1


def test_not_before_meta_is_honoured():
    mw = RateLimitMiddleware(reserve=0, max_wait=60, stats=get_crawler(S).stats)
    now = time.monotonic()
    request = Request("https://a.example/", meta={NOT_BEFORE: now + 3})
    assert mw.wait_for(request, now) == pytest.approx(3)


def retry_mw(**settings):
    crawler = get_crawler(S, settings_dict={"RETRY_TIMES": 2, **settings})
    crawler.spider = S()
    crawler.spider.crawler = crawler
    crawler.stats.open_spider()
    return PoliteRetryMiddleware.from_crawler(crawler), crawler


def test_retry_after_sets_the_wait_of_the_retry():
    mw, _ = retry_mw()
    url = "https://a.example/x"
    before = time.monotonic()
    retry = mw.process_response(Request(url), response(url, status=429, headers={"Retry-After": "4"}))
    assert isinstance(retry, Request)
    assert retry.meta[NOT_BEFORE] - before == pytest.approx(4, abs=0.5)


def test_a_500_with_budget_left_backs_off_instead_of_waiting_for_the_window():
    # Bluesky and Mastodon send their window's reset on every answer: on a 500 with budget left it
    # is no instruction to wait (it stalled a crawl for 160 s).
    mw, _ = retry_mw()
    url = "https://a.example/x"
    window_end = str(int(time.time()) + 160)
    before = time.monotonic()
    busy = {"RateLimit-Limit": "3000", "RateLimit-Remaining": "2990", "RateLimit-Reset": window_end}
    retry = mw.process_response(Request(url), response(url, status=500, headers=busy))
    assert retry.meta[NOT_BEFORE] - before < 2 and "back-off" in retry.meta[WAIT_REASON]
    spent = {**busy, "RateLimit-Remaining": "0"}
    retry = mw.process_response(Request(url), response(url, status=503, headers=spent))
    assert retry.meta[NOT_BEFORE] - before == pytest.approx(160, abs=2)
    retry = mw.process_response(Request(url), response(url, status=429, headers=busy))
    assert retry.meta[NOT_BEFORE] - before == pytest.approx(160, abs=2)


def test_retry_gives_up_when_server_asks_too_long_a_wait():
    mw, crawler = retry_mw(CREATORSCOUT_MAX_RETRY_WAIT=10)
    url = "https://a.example/x"
    resp = response(url, status=429, headers={"Retry-After": "3600"})
    assert mw.process_response(Request(url), resp) is resp
    assert crawler.stats.get_value("creatorscout/retry/wait_too_long") == 1


def test_malformed_json_is_retried_then_passed_on():
    mw, _ = retry_mw()
    url = "https://a.example/x"
    request = Request(url, meta={"creatorscout_json": True})
    bad = response(url, body=b'{"truncated": ')
    retry = mw.process_response(request, bad)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    retry2 = mw.process_response(retry, bad)
    assert mw.process_response(retry2, bad) is bad  # retries exhausted: the spider counts it
    good = response(url, body=b"[]")
    assert mw.process_response(request, good) is good


def test_5xx_backoff_grows():
    mw, _ = retry_mw()
    url = "https://a.example/x"
    first = mw.process_response(Request(url), response(url, status=503))
    second = mw.process_response(first, response(url, status=503))
    assert second.meta[NOT_BEFORE] - time.monotonic() > first.meta[NOT_BEFORE] - time.monotonic()


def test_youtube_quota_costs_and_budget():
    assert youtube_quota_cost("https://www.googleapis.com/youtube/v3/search?q=x") == 100
    assert youtube_quota_cost("https://www.googleapis.com/youtube/v3/videos?id=a") == 1
    crawler = get_crawler(S)
    crawler.stats.open_spider()
    mw = QuotaMiddleware("https://yt.example/youtube/v3", 102, crawler)
    search, video = Request("https://yt.example/youtube/v3/search?q=a"), Request("https://yt.example/youtube/v3/videos?id=a")
    assert mw.process_request(search) is None and mw.process_request(video) is None
    assert mw.process_request(Request("https://elsewhere.example/search")) is None  # not YouTube: free
    assert crawler.stats.get_value("creatorscout/youtube/quota_units") is None  # charged when sent, not before
    mw.request_sent(search)
    mw.request_sent(video)
    assert crawler.stats.get_value("creatorscout/youtube/quota_units") == 101
    mw.process_response(video, response(video.url))
    assert not Frontier.of(crawler).checkpoint_soon
    mw.process_response(search, response(search.url))  # 100 units: checkpoint once it is processed
    assert Frontier.of(crawler).checkpoint_soon
    third = Request("https://yt.example/youtube/v3/videos?id=b")
    assert mw.process_request(third) is None
    # Over the budget: not sent, put back for a later --resume (never silently dropped).
    refused = mw.process_request(Request("https://yt.example/youtube/v3/search?q=b"))
    assert isinstance(refused, Request) and refused.meta[PARK] and refused.dont_filter
    assert crawler.stats.get_value("creatorscout/youtube/quota_refused_requests") == 1
    mw.request_sent(third)
    assert crawler.stats.get_value("creatorscout/youtube/quota_units") == 102


class KeySpider(S):
    def key_fingerprint(self, secret: bytes) -> str:
        return "fp-" + secret.decode()


class YouTubeLike(S):
    name = "youtube"  # the middleware reads the platform's quota declaration from the registry


def quota_mw(db, budget: int) -> QuotaMiddleware:
    crawler = get_crawler(YouTubeLike, settings_dict={"CREATORSCOUT_DB": str(db), "CREATORSCOUT_YOUTUBE_QUOTA": budget,
                                            "CREATORSCOUT_PSEUDONYM_KEY": "k",
                                            "CREATORSCOUT_YOUTUBE_API_URL": "https://yt.example/youtube/v3"})
    crawler.stats.open_spider()
    mw = QuotaMiddleware.from_crawler(crawler)
    mw.spider_opened(KeySpider())
    return mw


def test_youtube_quota_is_a_ledger_shared_by_every_crawl_of_the_day(tmp_path):
    db = tmp_path / "q.db"
    first = quota_mw(db, 150)
    for n in range(3):
        request = Request(f"https://yt.example/youtube/v3/search?q={n}")
        if first.process_request(request) is None:
            first.request_sent(request)
    assert first.spent_today() == 100  # the second search would pass 150
    first.spider_closed(None)
    # A later crawl (a resume after kill -9, say) starts from the ledger, not from zero.
    second = quota_mw(db, 150)
    assert second.spent_today() == 100
    ok = Request("https://yt.example/youtube/v3/videos?id=1")
    assert second.process_request(ok) is None
    second.request_sent(ok)
    assert isinstance(second.process_request(Request("https://yt.example/youtube/v3/search?q=x")), Request)
    second.spider_closed(None)
    store = Store.open(db)
    rows = list(store.db.query("SELECT * FROM quota_ledger"))
    store.close()
    assert [(r["platform"], r["key_fingerprint"], r["day"], r["units"]) for r in rows] == [
        ("youtube", "fp-k", pacific_day(), 101)]  # a keyed fingerprint, never the key


def test_allowed_hosts_guard():
    crawler = get_crawler(S, settings_dict={"CREATORSCOUT_ALLOWED_HOSTS": "127.0.0.1"})
    crawler.stats.open_spider()
    mw = AllowedHostsMiddleware.from_crawler(crawler)
    mw.process_request(Request("http://127.0.0.1:8080/api"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://mastodon.social/api"))
    assert crawler.stats.get_value("creatorscout/offsite_blocked") == 1


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://mastodon.social/api/v1/timelines/tag/x?max_id=1", True),
        ("https://MASTODON.social./api/v1/x", True),
        ("https://mastodon.social:443/api", True),
        ("http://mastodon.social/api", False),  # another port (80)
        ("https://mastodon.social:8443/api", False),
        ("https://evil.example/api", False),  # a `next` link or redirect elsewhere
        ("https://mastodon.social:443@evil.example/api", False),  # user info is not the host
        ("https://mastodon.social@evil.example/api", False),
        ("https://mastodon.social.evil.example/api", False),
        ("http://127.0.0.1:9000/youtube/v3/search", True),  # the configured YouTube base URL
        ("http://127.0.0.1:9001/youtube/v3/search", False),
        ("https://[::1]:443/api", False),
        ("https://mastodon.social:notaport/api", False),
    ],
)
def test_allow_list_defaults_to_the_platforms_own_hosts(url, allowed):
    crawler = get_crawler(S, settings_dict={"CREATORSCOUT_ALLOWED_HOSTS": "",
                                            "CREATORSCOUT_MASTODON_INSTANCE": "https://mastodon.social",
                                            "CREATORSCOUT_YOUTUBE_API_URL": "http://127.0.0.1:9000/youtube/v3"})
    crawler.stats.open_spider()
    mw = AllowedHostsMiddleware.from_crawler(crawler)
    assert mw.allows(url) is allowed


def test_allow_list_takes_the_spiders_own_base_url_and_parses_entries():
    crawler = get_crawler(S, settings_dict={"CREATORSCOUT_MASTODON_INSTANCE": "https://mastodon.social",
                                            "CREATORSCOUT_YOUTUBE_API_URL": ""})
    crawler.stats.open_spider()
    crawler.spider = S()
    crawler.spider.base_url = "https://fosstodon.org"  # --instance
    mw = AllowedHostsMiddleware.from_crawler(crawler)
    mw.process_request(Request("https://fosstodon.org/api/v1/x"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://fosstodon.org.evil.example/api/v1/x"))
    assert parse_allowed("127.0.0.1") == ("127.0.0.1", None)
    assert parse_allowed(" Example.ORG:8080 ") == ("example.org", 8080)
    assert parse_allowed("[::1]:9") == ("::1", 9)
    assert parse_allowed("https://example.org") == ("example.org", 443)
    assert url_origin("http://a.example:80@b.example/") == ("b.example", 80)


def test_a_wait_ends_at_once_when_the_crawl_stops_and_the_request_is_kept():
    switch = StopSwitch()
    crawler = get_crawler(S)
    crawler.stats.open_spider()
    mw = RateLimitMiddleware(reserve=0, max_wait=900, stats=crawler.stats, switch=switch)
    url = "https://m.example/api/v1/x"
    mw.process_response(Request(url), response(url, status=429, headers={"Retry-After": "600"}))
    request = Request(url, meta={"creatorscout_json": True})

    async def scenario():
        asyncio.get_running_loop().call_later(0.2, switch.trip)
        started = time.monotonic()
        result = await mw.process_request(request)
        return result, time.monotonic() - started

    result, took = asyncio.run(scenario())
    assert took < 30  # not the 600 s the server asked for (a hang is the bug)
    assert isinstance(result, Request) and result is not request and result.url == url
    assert result.meta[PARK] and result.meta["creatorscout_json"]  # goes back to the frontier, unsent
    assert mw.budgets["m.example"].in_flight == 0
    assert crawler.stats.get_value("creatorscout/ratelimit/waits_cut_by_stop") == 1
    assert crawler.stats.get_value("creatorscout/wait/seconds") > 0
    assert crawler.stats.get_value("creatorscout/wait/current") is None


def test_a_long_wait_is_announced_once_per_window(caplog):
    crawler = get_crawler(S)
    crawler.stats.open_spider()
    switch = StopSwitch()
    mw = RateLimitMiddleware(reserve=0, max_wait=900, stats=crawler.stats, switch=switch)
    url = "https://mastodon.social/api/v1/x"
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": _iso_in(94)}))

    async def three_waiting_requests():
        asyncio.get_running_loop().call_later(0.2, switch.trip)
        return await asyncio.gather(*(mw.process_request(Request(url)) for _ in range(3)))

    with caplog.at_level(logging.INFO, logger="crawler.middlewares.waits"):
        asyncio.run(three_waiting_requests())
    lines = [r.getMessage() for r in caplog.records if r.name == "crawler.middlewares.waits"]
    assert len(lines) == 1
    assert re.fullmatch(r"waiting 9[34] s for mastodon\.social's rate-limit window: 0 of 300 left", lines[0])


def test_short_waits_are_not_announced(caplog):
    mw = RateLimitMiddleware(reserve=0, max_wait=900, stats=get_crawler(S).stats)
    request = Request("https://a.example/", meta={NOT_BEFORE: time.monotonic() + 0.05})
    with caplog.at_level(logging.INFO, logger="crawler.middlewares.waits"):
        assert asyncio.run(mw.process_request(request)) is None
    assert not [r for r in caplog.records if r.name == "crawler.middlewares.waits"]


def test_retry_after_wait_is_explained():
    mw, _ = retry_mw()
    url = "https://a.example/x"
    retry = mw.process_response(Request(url), response(url, status=429, headers={"Retry-After": "60"}))
    limiter = RateLimitMiddleware(reserve=0, max_wait=900, stats=get_crawler(S).stats)
    wait, why = limiter._wait(retry, time.monotonic())
    assert 55 < wait <= 60 and why == "before retrying a request to a.example (HTTP 429, as the server asked)"


def _iso_in(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + seconds)) + ".000000Z"


def test_a_late_answer_from_an_ended_window_is_ignored():
    mw = RateLimitMiddleware(reserve=1, max_wait=60, stats=get_crawler(S).stats)
    url = "https://m.example/api/v1/x"
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "250", "X-RateLimit-Reset": _iso_in(30)}))
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": _iso_in(-1)}))
    assert mw.budgets["m.example"].remaining == 250
    assert mw.wait_for(Request(url), time.monotonic()) == 0


def test_after_the_reset_the_budget_is_fresh_but_requests_in_flight_still_count():
    mw = RateLimitMiddleware(reserve=2, max_wait=60, stats=get_crawler(S).stats)
    url = "https://m.example/api/v1/x"
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": _iso_in(5)}))
    budget = mw.budgets["m.example"]
    assert mw.wait_for(Request(url), time.monotonic()) > 4  # spent: wait for the reset
    later = budget.reset_at + 0.01
    assert mw.wait_for(Request(url), later) == 0  # a fresh window of 10
    budget.in_flight = 8  # 10 - 8 = 2 = reserve: wait for answers, briefly
    assert 0 < mw.wait_for(Request(url), later) < 0.5


def test_out_of_order_answers_never_raise_the_budget_within_a_window():
    mw = RateLimitMiddleware(reserve=1, max_wait=60, stats=get_crawler(S).stats)
    url = "https://m.example/api/v1/x"
    reset = _iso_in(20)
    for left in ("5", "9", "7"):  # the answer to an earlier request arrives last
        mw.process_response(Request(url), response(url, headers={
            "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": left, "X-RateLimit-Reset": reset}))
    assert mw.budgets["m.example"].remaining == 5
    mw.process_response(Request(url), response(url, headers={
        "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": _iso_in(320)}))
    assert mw.budgets["m.example"].remaining == 299  # a new window


# -- credentials at the moment of sending -------------------------------------------------------------
class TokenSpider(Spider):
    """A spider with a renewable bearer token for its API host (as TikTok's client token)."""

    name = "tokens"

    def __init__(self) -> None:
        super().__init__()
        self.token, self.credential_version = "t1", 1
        self.renewing: asyncio.Event | None = None  # set: the refused token has been renewed

    def credential_headers(self, url: str) -> dict[str, str]:
        if url.startswith("https://api.example/research/"):
            return {"Authorization": f"Bearer {self.token}"}
        return {}

    def credentials_ready(self):
        return None if self.renewing is None else self.renewing.wait()

    def renew(self, token: str) -> None:
        self.token = token
        self.credential_version += 1


RESEARCH = "https://api.example/research/videos"


def stamped(spider: TokenSpider) -> tuple[CredentialsMiddleware, Request]:
    """A research request as it enters the downloader (before it waits in its download slot)."""
    crawler = get_crawler(TokenSpider)
    crawler.spider = spider
    middleware = CredentialsMiddleware(crawler)
    request = Request(RESEARCH)
    middleware.process_request(request)
    assert request.headers[b"Authorization"] == b"Bearer t1" and request.meta[CREDENTIAL_VERSION] == 1
    return middleware, request


def test_a_request_stamped_before_a_renewal_goes_out_with_the_new_token_and_its_generation():
    spider = TokenSpider()
    middleware, request = stamped(spider)
    spider.renew("t2")  # while the request waits in its download slot
    assert asyncio.run(renew_credentials(spider, request)) is True
    assert request.headers.getlist(b"Authorization") == [b"Bearer t2"] and request.meta[CREDENTIAL_VERSION] == 2
    assert asyncio.run(renew_credentials(spider, request)) is False  # nothing newer
    middleware.process_response(request, response(RESEARCH))  # and still taken off after the answer
    assert b"Authorization" not in request.headers and CREDENTIAL_HEADERS not in request.meta
    # A request that carried none (a token call, another host) gets none at sending either.
    for url in (RESEARCH, "https://api.example/oauth/token"):
        bare = Request(url)
        assert asyncio.run(renew_credentials(spider, bare)) is False and b"Authorization" not in bare.headers


def test_the_download_handler_sends_the_credentials_of_the_moment_of_sending(monkeypatch):
    monkeypatch.setattr(twisted.internet, "reactor", testing.MemoryReactorClock(), raising=False)  # installs none
    spider = TokenSpider()
    _, request = stamped(spider)
    crawler = get_crawler(TokenSpider)
    crawler.spider = spider
    host = type("Crawler", (), {"settings": Settings({"TWISTED_REACTOR_ENABLED": True}), "stats": crawler.stats,
                                "signals": crawler.signals, "spider": spider})()
    handler = SendingHTTPDownloadHandler(host)
    sent: list[tuple[bytes, int]] = []

    async def transfer(self, request):  # the HTTP/1.1 handler reads the headers as it starts
        sent.append((request.headers[b"Authorization"], request.meta[CREDENTIAL_VERSION]))
        return response(request.url)

    monkeypatch.setattr(HTTP11DownloadHandler, "download_request", transfer)
    spider.renew("t2")
    asyncio.run(handler.download_request(request))
    assert sent == [(b"Bearer t2", 2)]
    assert crawler.stats.get_value("creatorscout/credentials/renewed_at_send") == 1


def test_a_request_waits_at_sending_while_the_spider_renews_a_refused_token():
    spider = TokenSpider()
    _, request = stamped(spider)

    async def scenario():
        spider.renewing = asyncio.Event()  # an answer refused token 1: the spider is renewing it
        sending = asyncio.ensure_future(renew_credentials(spider, request))
        for _ in range(10):
            await asyncio.sleep(0)
        assert not sending.done() and request.headers[b"Authorization"] == b"Bearer t1"
        spider.renew("t2")
        spider.renewing.set()
        assert await sending is True
        assert request.headers[b"Authorization"] == b"Bearer t2" and request.meta[CREDENTIAL_VERSION] == 2

    asyncio.run(scenario())
