"""Politeness: reset headers, budget pacing, retries that wait, quota accounting, host guard."""

from __future__ import annotations

import calendar
import time

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import (
    NOT_BEFORE,
    AllowedHostsMiddleware,
    PoliteRetryMiddleware,
    RateLimitMiddleware,
    YouTubeQuotaMiddleware,
    parse_reset,
    youtube_quota_cost,
)

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
    mw = YouTubeQuotaMiddleware("https://yt.example/youtube/v3", 102, crawler)
    mw.process_request(Request("https://yt.example/youtube/v3/search?q=a"))
    mw.process_request(Request("https://yt.example/youtube/v3/videos?id=a"))
    mw.process_request(Request("https://elsewhere.example/search"))  # not YouTube: free
    assert crawler.stats.get_value("creatorscout/youtube/quota_units") == 101
    mw.process_request(Request("https://yt.example/youtube/v3/videos?id=b"))
    mw.closing = True  # no engine in this unit test
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://yt.example/youtube/v3/search?q=b"))
    assert crawler.stats.get_value("creatorscout/youtube/quota_units") == 102


def test_allowed_hosts_guard():
    crawler = get_crawler(S, settings_dict={"CREATORSCOUT_ALLOWED_HOSTS": "127.0.0.1"})
    crawler.stats.open_spider()
    mw = AllowedHostsMiddleware.from_crawler(crawler)
    mw.process_request(Request("http://127.0.0.1:8080/api"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://mastodon.social/api"))
    assert crawler.stats.get_value("creatorscout/offsite_blocked") == 1
    with pytest.raises(NotConfigured):
        AllowedHostsMiddleware.from_crawler(get_crawler(S))


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
