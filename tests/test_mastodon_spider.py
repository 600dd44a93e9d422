"""MastodonSpider: request building, callbacks on fake responses, limits, errors and request budget."""

from __future__ import annotations

import asyncio
import json
import logging
import math
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from crawler.errors import HashtagError
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.middlewares import CredentialsMiddleware
from crawler.spiders.base import ArgumentError
from crawler.spiders.mastodon import MastodonSpider

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mastodon"
INSTANCE = "https://toot.example"
MIRA = "110000000000000001"


# -- helpers ------------------------------------------------------------------------------------
def make_spider(**kwargs: Any) -> MastodonSpider:
    kwargs.setdefault("hashtags", "sourdough")
    crawler = get_crawler(MastodonSpider, {"CREATORSCOUT_MASTODON_INSTANCE": INSTANCE})
    spider = MastodonSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def start_requests(spider: MastodonSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def fixture_body(case: str) -> Any:
    """The payload of golden case ``<parser>/<case>`` (``tests/fixtures/mastodon/``)."""
    return json.loads((FIXTURES / case / "payload.json").read_text())


def respond(request: Request, body: Any = None, status: int = 200, headers: dict[str, str] | None = None,
            raw: bytes | None = None) -> TextResponse:
    data = raw if raw is not None else json.dumps(body).encode()
    return TextResponse(request.url, status=status, body=data, request=request,
                        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def call(request: Request, response: TextResponse) -> tuple[list[Any], list[Request]]:
    out = list(request.callback(response, **request.cb_kwargs))
    return [o for o in out if not isinstance(o, Request)], [o for o in out if isinstance(o, Request)]


def stat(spider: MastodonSpider, key: str) -> Any:
    return spider.crawler.stats.get_value(f"creatorscout/mastodon/{key}")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def tag_request(spider: MastodonSpider, tag: str = "sourdough") -> Request:
    return next(r for r in start_requests(spider) if r.cb_kwargs["hashtag"] == tag)


def account_request(spider: MastodonSpider, creator_id: str) -> Request:
    return spider.request(spider.account_url(creator_id), spider.parse_account, cb_kwargs={"creator_id": creator_id})


def statuses_request(spider: MastodonSpider, creator_id: str = MIRA) -> Request:
    return spider.request(spider.statuses_url(creator_id), spider.parse_statuses,
                          cb_kwargs={"creator_id": creator_id, "originals": 0, "scanned": 0})


def context_request(spider: MastodonSpider, post_id: str = "110000000000000210") -> Request:
    return spider.request(spider.context_url(post_id), spider.parse_context,
                          cb_kwargs={"post_id": post_id, "creator_id": MIRA})


# -- arguments and request building -------------------------------------------------------------
def test_start_builds_one_tag_request_per_hashtag() -> None:
    spider = make_spider(hashtags="#Sourdough,パン,sourdough")
    requests = start_requests(spider)
    assert [r.cb_kwargs["hashtag"] for r in requests] == ["sourdough", "パン"]
    first, second = requests
    assert first.url == f"{INSTANCE}/api/v1/timelines/tag/sourdough?limit=40"
    assert unquote(urlsplit(second.url).path) == "/api/v1/timelines/tag/パン"
    assert query(second.url) == {"limit": ["40"]}
    assert first.meta["creatorscout_json"] is True and first.errback == spider.errback
    assert b"Authorization" not in first.headers


def test_instance_argument_overrides_setting_and_is_validated() -> None:
    spider = make_spider(instance="http://127.0.0.1:8123/")
    assert spider.base_url == "http://127.0.0.1:8123"
    assert start_requests(spider)[0].url.startswith("http://127.0.0.1:8123/api/v1/timelines/tag/")
    for bad in ("mastodon.social", "ftp://mastodon.social", "https://", "https://x.example/?a=1", "javascript:x"):
        with pytest.raises(ArgumentError):
            make_spider(instance=bad)


def test_bad_common_arguments_raise() -> None:
    with pytest.raises(HashtagError):
        make_spider(hashtags="bad tag!")
    with pytest.raises(ArgumentError, match="no hashtag given"):
        make_spider(hashtags=None)
    with pytest.raises(ArgumentError, match=r"unknown argument 'hashtag' .* hashtags, max_creators"):
        make_spider(hashtag="sourdough")  # one name per argument: creatorscout 0.1's alias is gone
    with pytest.raises(ArgumentError):
        make_spider(max_posts="many")
    with pytest.raises(ArgumentError):
        make_spider(since="yesterday")


def test_url_builders_and_page_sizes() -> None:
    spider = make_spider()
    assert spider.account_url("42") == f"{INSTANCE}/api/v1/accounts/42"
    assert query(spider.statuses_url("42")) == {"limit": ["40"], "exclude_reblogs": ["true"]}
    assert spider.context_url("7") == f"{INSTANCE}/api/v1/statuses/7/context"


def test_token_only_from_env_never_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "s3cret-token")
    spider = make_spider()
    arguments = spider.crawl_arguments()
    assert arguments["authenticated"] is True and "s3cret-token" not in json.dumps(arguments)
    request = start_requests(spider)[0]
    assert b"Authorization" not in request.headers  # scheduled requests never carry it
    assert "s3cret-token" not in repr(request) and "s3cret-token" not in repr(spider.state)


def test_auth_middleware_adds_token_for_instance_host_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "s3cret-token")
    spider = make_spider()
    middleware = CredentialsMiddleware.from_crawler(spider.crawler)
    own = Request(f"{INSTANCE}/api/v1/timelines/tag/x?limit=40")
    middleware.process_request(own)
    assert own.headers["Authorization"] == b"Bearer s3cret-token"
    middleware.process_response(own, respond(own, []))
    assert b"Authorization" not in own.headers
    foreign = Request("https://elsewhere.example/api/v1/timelines/tag/x?max_id=1")
    middleware.process_request(foreign)
    assert b"Authorization" not in foreign.headers
    failed = Request(f"{INSTANCE}/api/v1/accounts/1")
    middleware.process_request(failed)
    middleware.process_exception(failed, TimeoutError())
    assert b"Authorization" not in failed.headers


def test_auth_middleware_without_token_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)
    spider = make_spider()
    request = Request(f"{INSTANCE}/api/v1/accounts/1")
    CredentialsMiddleware.from_crawler(spider.crawler).process_request(request)
    assert b"Authorization" not in request.headers
    assert spider.crawl_arguments()["authenticated"] is False


def test_credentials_middleware_is_installed_in_project_settings() -> None:
    from crawler import settings

    assert settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.CredentialsMiddleware"] == 880


# -- the hashtag timeline -----------------------------------------------------------------------
TAG_LINK = '<https://toot.example/api/v1/timelines/tag/sourdough?limit=40&max_id=110000000000000102>; rel="next"'


def test_tag_page_claims_creators_honours_opt_outs_and_follows_link() -> None:
    spider = make_spider()
    request = tag_request(spider)
    response = respond(request, fixture_body("tag_page/reblog_optouts_bot"), headers={"Link": TAG_LINK})
    items, requests = call(request, response)
    assert items == []  # discoveries wait for their creator's profile
    accounts = [r for r in requests if r.callback == spider.parse_account]
    # mira, the bot (collected, not skipped), tomas (original author of mira's reblog), lena (discoverable
    # but not indexable: collected, its posts never shown), salma (remote)
    assert [r.cb_kwargs["creator_id"] for r in accounts] == [
        MIRA, "110000000000000003", "110000000000000002", "110000000000000005", "110000000000000008",
    ]
    assert accounts[0].url == f"{INSTANCE}/api/v1/accounts/{MIRA}"
    next_pages = [r for r in requests if r.callback == spider.parse_tag]
    assert [r.url for r in next_pages] == [
        "https://toot.example/api/v1/timelines/tag/sourdough?limit=40&max_id=110000000000000102"
    ]
    assert next_pages[0].cb_kwargs == {"hashtag": "sourdough", "page": 2}
    for reason in ("discoverable", "noindex", "nobot"):
        assert stat(spider, f"skipped/opt_out/{reason}") == 1
    assert stat(spider, "skipped/opt_out/indexable") is None
    assert stat(spider, "creators_claimed") == 5 and stat(spider, "creators_bot_accounts") == 1
    assert stat(spider, "pages/tag") == 1
    pending = spider.state["pending"]
    assert pending["110000000000000002"][0]["post_id"] == "110000000000000104"  # the reblogged original


def test_account_yields_creator_then_discovery_then_statuses() -> None:
    spider = make_spider()
    request = tag_request(spider)
    _, requests = call(request, respond(request, fixture_body("tag_page/reblog_optouts_bot")))
    account = requests[0]
    items, follow = call(account, respond(account, fixture_body("account/local_verified")))
    assert isinstance(items[0], CreatorItem) and items[0].creator_id == MIRA and items[0].verified is True
    assert items[1] == DiscoveryItem(
        platform="mastodon", hashtag="sourdough", creator_id=MIRA, source_url=request.url,
        fetched_at=items[1].fetched_at, post_id="110000000000000110",
    )
    assert len(follow) == 1 and follow[0].callback == spider.parse_statuses
    assert query(follow[0].url) == {"limit": ["40"], "exclude_reblogs": ["true"]}
    assert stat(spider, "discoveries") == 1


def test_creator_found_by_two_hashtags_is_fetched_once_with_two_discoveries() -> None:
    spider = make_spider(hashtags="sourdough,veganbaking")
    body = [fixture_body("tag_page/reblog_optouts_bot")[0]]  # mira only
    first, second = start_requests(spider)
    _, requests = call(first, respond(first, body))
    assert len([r for r in requests if r.callback == spider.parse_account]) == 1
    items, _ = call(requests[0], respond(requests[0], fixture_body("account/local_verified")))
    items2, requests2 = call(second, respond(second, body))
    assert [r for r in requests2 if r.callback == spider.parse_account] == []
    discoveries = [i for i in items + items2 if isinstance(i, DiscoveryItem)]
    assert [(d.hashtag, d.creator_id) for d in discoveries] == [("sourdough", MIRA), ("veganbaking", MIRA)]
    # the same pair again (another of her posts on a later page) adds nothing
    again, _ = call(second, respond(second, body))
    assert again == []


def test_discovery_for_claimed_but_not_yet_stored_creator_waits() -> None:
    spider = make_spider(hashtags="sourdough,veganbaking")
    body = [fixture_body("tag_page/reblog_optouts_bot")[0]]
    first, second = start_requests(spider)
    _, requests = call(first, respond(first, body))
    items2, _ = call(second, respond(second, body))
    assert items2 == []
    items, _ = call(requests[0], respond(requests[0], fixture_body("account/local_verified")))
    assert [type(i).__name__ for i in items] == ["CreatorItem", "DiscoveryItem", "DiscoveryItem"]


def test_max_creators_stops_claiming_and_paging() -> None:
    spider = make_spider(max_creators=2)
    request = tag_request(spider)
    body = fixture_body("tag_page/reblog_optouts_bot")
    _, requests = call(request, respond(request, body, headers={"Link": TAG_LINK}))
    assert len([r for r in requests if r.callback == spider.parse_account]) == 2
    assert [r for r in requests if r.callback == spider.parse_tag] == []
    assert stat(spider, "tag/stopped_max_creators") == 1
    assert stat(spider, "skipped/max_creators") == 3  # tomas, lena (not indexable, no opt-out), salma


def test_since_skips_old_hits_and_stops_paging() -> None:
    spider = make_spider(since="2026-03-01")
    request = tag_request(spider)
    body = fixture_body("tag_page/reblog_optouts_bot")
    _, requests = call(request, respond(request, body, headers={"Link": TAG_LINK}))
    accounts = [r.cb_kwargs["creator_id"] for r in requests if r.callback == spider.parse_account]
    # lena's post is of Mar 1; tomas's original (Feb 27) and salma (Feb 26) are too old
    assert accounts == [MIRA, "110000000000000003", "110000000000000005"]
    assert [r for r in requests if r.callback == spider.parse_tag] == []
    assert stat(spider, "tag/stopped_since") == 1


@pytest.mark.parametrize(("status", "body"), [(404, {"error": "Record not found"}), (200, [])])
def test_unknown_or_empty_tag_is_no_results(status: int, body: Any, caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider()
    request = tag_request(spider)
    with caplog.at_level(logging.INFO, logger="crawler.spiders.mastodon"):
        items, requests = call(request, respond(request, body, status=status))
    assert items == [] and requests == []
    assert stat(spider, "hashtag_empty") == 1
    assert spider.crawler.stats.get_value("creatorscout/mastodon/errors/http_404") is None
    assert "no posts for #sourdough" in caplog.text


def test_empty_later_page_just_ends_the_tag() -> None:
    spider = make_spider()
    request = tag_request(spider)
    request = request.replace(cb_kwargs={"hashtag": "sourdough", "page": 3})
    assert call(request, respond(request, [])) == ([], [])
    assert stat(spider, "hashtag_empty") is None


def test_unknown_tag_on_an_instance_under_a_path(caplog: pytest.LogCaptureFixture) -> None:
    """The 404 of a tag timeline is told apart by its path, also below a path prefix and for any script."""
    spider = make_spider(hashtags="パン", instance="https://toot.example/social")
    (request,) = start_requests(spider)
    with caplog.at_level(logging.INFO, logger="crawler.spiders.mastodon"):
        assert call(request, respond(request, {"error": "Record not found"}, status=404)) == ([], [])
    assert stat(spider, "hashtag_empty") == 1 and stat(spider, "errors/http_404") is None
    assert "no posts for #パン on toot.example" in caplog.text


@pytest.mark.parametrize("token", [None, "tok"])
def test_tag_401_says_to_set_the_token(token: str | None, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    if token:
        monkeypatch.setenv("MASTODON_ACCESS_TOKEN", token)
    else:
        monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)
    spider = make_spider()
    request = tag_request(spider)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert call(request, respond(request, {"error": "The access token is invalid"}, status=401)) == ([], [])
    assert stat(spider, "errors/auth_required") == 3
    assert caplog.text.count("MASTODON_ACCESS_TOKEN") == 1
    assert "tok" not in caplog.text.replace("token", "")


# -- errors on every callback -------------------------------------------------------------------
def _requests_for_every_callback(spider: MastodonSpider) -> list[Request]:
    return [tag_request(spider), account_request(spider, MIRA), statuses_request(spider), context_request(spider)]


@pytest.mark.parametrize("status", [401, 403, 404, 410, 429, 500, 503])
def test_http_problems_are_counted_never_raised(status: int) -> None:
    spider = make_spider()
    for request in _requests_for_every_callback(spider):
        assert call(request, respond(request, {"error": "nope"}, status=status)) == ([], [])
    tag_kind = {401: "errors/auth_required", 404: "hashtag_empty"}.get(status)
    other_callbacks = 3
    expected = other_callbacks + (0 if tag_kind else 1)
    assert stat(spider, f"errors/http_{status}") == expected
    if tag_kind:
        assert stat(spider, tag_kind) == 1


def test_malformed_json_is_counted() -> None:
    spider = make_spider()
    for request in _requests_for_every_callback(spider):
        assert call(request, respond(request, raw=b"<html>oops</html>")) == ([], [])
    assert stat(spider, "errors/malformed_json") == 4


@pytest.mark.parametrize(
    ("case", "which"),
    [("tag_page/changed_structure", 0), ("tag_page/status_without_account_id", 0), ("account/changed_structure", 1),
     ("statuses_page/without_id", 2), ("context/changed_structure", 3)],
)
def test_changed_structure_is_a_counted_skip(case: str, which: int) -> None:
    spider = make_spider()
    request = _requests_for_every_callback(spider)[which]
    assert call(request, respond(request, fixture_body(case))) == ([], [])
    assert stat(spider, "errors/changed_structure") == 1


def test_network_failure_on_account_drops_its_pending_discoveries() -> None:
    from twisted.internet.error import TimeoutError as TwistedTimeout
    from twisted.python.failure import Failure

    spider = make_spider()
    request = tag_request(spider)
    _, requests = call(request, respond(request, [fixture_body("tag_page/reblog_optouts_bot")[0]]))
    failure = Failure(TwistedTimeout())
    failure.request = requests[0]  # type: ignore[attr-defined]
    spider.errback(failure)
    assert stat(spider, "errors/timeout") == 1 and stat(spider, "discoveries_dropped") == 1
    assert MIRA not in spider.state["pending"]
    # later hits for the lost creator do not pile up
    assert call(request, respond(request, [fixture_body("tag_page/reblog_optouts_bot")[0]])) == ([], [])


def test_account_that_opted_out_since_discovery_is_skipped() -> None:
    spider = make_spider()
    request = tag_request(spider)
    _, requests = call(request, respond(request, [fixture_body("tag_page/reblog_optouts_bot")[0]]))
    account = dict(fixture_body("account/local_verified"), note="<p>Baker. #NoBot</p>")
    assert call(requests[0], respond(requests[0], account)) == ([], [])
    assert stat(spider, "skipped/opt_out/nobot") == 1 and stat(spider, "discoveries_dropped") == 1


def test_suspended_account_is_skipped() -> None:
    spider = make_spider()
    request = account_request(spider, MIRA)
    account = dict(fixture_body("account/local_verified"), suspended=True)
    assert call(request, respond(request, account)) == ([], [])
    assert stat(spider, "skipped/suspended") == 1


# -- statuses and comments ----------------------------------------------------------------------
ST_LINK = (f'<{INSTANCE}/api/v1/accounts/{MIRA}/statuses?exclude_reblogs=true&limit=40&max_id=110000000000000205>; '
           'rel="next"')


def test_statuses_yield_posts_and_context_requests_for_originals_with_replies() -> None:
    spider = make_spider(max_posts=10)
    request = statuses_request(spider)
    items, requests = call(request, respond(request, fixture_body("statuses_page/mixed"), headers={"Link": ST_LINK}))
    assert [p.post_id[-3:] for p in items] == ["210", "209", "208", "207", "206", "205"]
    assert all(isinstance(p, PostItem) and p.creator_id == MIRA for p in items)
    contexts = [r for r in requests if r.callback == spider.parse_context]
    assert [r.url for r in contexts] == [f"{INSTANCE}/api/v1/statuses/110000000000000210/context"]  # reply 209 skipped
    # 6 < 40 asked for: that was the last page, no empty request follows
    assert [r for r in requests if r.callback == spider.parse_statuses] == []
    assert stat(spider, "posts") == 4 and stat(spider, "posts/replies") == 1 and stat(spider, "posts/reposts") == 1


def test_statuses_max_posts_counts_original_posts_only() -> None:
    spider = make_spider(max_posts=2)
    request = statuses_request(spider)
    items, requests = call(request, respond(request, fixture_body("statuses_page/mixed"), headers={"Link": ST_LINK}))
    assert [p.post_id[-3:] for p in items] == ["210", "209", "208"]  # 209 is a reply
    assert [r for r in requests if r.callback == spider.parse_statuses] == []


def test_statuses_full_page_follows_link_with_running_counts() -> None:
    spider = make_spider(max_posts=100)
    body = fixture_body("statuses_page/mixed")
    page = [dict(body[0], id=str(110000000000001000 - i), replies_count=0) for i in range(40)]
    request = statuses_request(spider)
    items, requests = call(request, respond(request, page, headers={"Link": ST_LINK}))
    assert len(items) == 40 and len(requests) == 1
    assert requests[0].url == ST_LINK[1:ST_LINK.index(">")]
    assert requests[0].cb_kwargs == {"creator_id": MIRA, "originals": 40, "scanned": 40}


def test_statuses_since_stops() -> None:
    spider = make_spider(max_posts=50, since="2026-03-01T19:00:00Z")
    request = statuses_request(spider)
    items, requests = call(request, respond(request, fixture_body("statuses_page/mixed"), headers={"Link": ST_LINK}))
    assert [p.post_id[-3:] for p in items] == ["210", "209", "208"]
    assert [r for r in requests if r.callback == spider.parse_statuses] == []
    assert stat(spider, "statuses/stopped_since") == 1


def test_max_comments_zero_means_no_context_requests() -> None:
    spider = make_spider(max_comments=0)
    request = statuses_request(spider)
    _, requests = call(request, respond(request, fixture_body("statuses_page/mixed")))
    assert requests == []


def test_context_yields_comments_up_to_max_comments() -> None:
    spider = make_spider(max_comments=3)
    request = context_request(spider)
    items, requests = call(request, respond(request, fixture_body("context/thread")))
    assert requests == [] and len(items) == 3 and all(isinstance(c, CommentItem) for c in items)
    assert [c.author_is_creator for c in items] == [False, True, False]
    assert items[1].parent_comment_id == items[0].comment_id and items[0].parent_comment_id is None
    assert stat(spider, "comments") == 3 and stat(spider, "pages/context") == 1


# -- a whole crawl against an in-memory instance: dedupe and the request budget -----------------
def _account(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": str(9000 + n), "username": f"baker{n}", "acct": f"baker{n}", "display_name": f"Baker {n}",
            "bot": False, "discoverable": True, "indexable": True, "noindex": False, "note": "<p>bakes</p>",
            "url": f"{INSTANCE}/@baker{n}", "followers_count": 10 * n, "following_count": n, "statuses_count": 60,
            "created_at": "2024-01-01T00:00:00.000Z", "fields": [], **extra}


class FakeInstance:
    """A tiny Mastodon: hashtag timelines, accounts, statuses and contexts with Link paging by max_id."""

    def __init__(self) -> None:
        self.tags: dict[str, list[dict[str, Any]]] = {}
        self.accounts: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.replies: dict[str, list[dict[str, Any]]] = {}
        self.requested: list[str] = []
        self._next_id = 10**17

    def new_id(self) -> str:
        self._next_id -= 1
        return str(self._next_id)

    def status(self, account: dict[str, Any], day: int, **extra: Any) -> dict[str, Any]:
        return {"id": self.new_id(), "created_at": f"2026-02-{day:02d}T12:00:00.000Z", "account": account,
                "content": "<p>bread</p>", "tags": [], "mentions": [], "in_reply_to_id": None, "reblog": None,
                "replies_count": 0, "favourites_count": 1, "reblogs_count": 0, "language": "en",
                "url": f"{account['url']}/1", **extra}

    def _page(self, url: str, items: list[dict[str, Any]]) -> TextResponse:
        args = query(url)
        limit = int(args.get("limit", ["20"])[0])
        if "max_id" in args:
            items = [s for s in items if int(s["id"]) < int(args["max_id"][0])]
        page = items[:limit]
        headers = {}
        if page:  # like Mastodon: a next link on every non-empty page
            base = url.split("?")[0]
            headers["Link"] = f'<{base}?limit={limit}&max_id={page[-1]["id"]}>; rel="next"'
        return TextResponse(url, status=200, body=json.dumps(page).encode(), headers=headers)

    def handle(self, request: Request) -> TextResponse:
        self.requested.append(request.url)
        path = urlsplit(request.url).path
        parts = path.split("/")
        if path.startswith("/api/v1/timelines/tag/"):
            response = self._page(request.url, self.tags.get(unquote(parts[-1]), []))
        elif path.endswith("/statuses"):
            response = self._page(request.url, self.statuses[parts[-2]])
        elif path.endswith("/context"):
            body = {"ancestors": [], "descendants": self.replies[parts[-2]]}
            response = TextResponse(request.url, status=200, body=json.dumps(body).encode())
        else:
            response = TextResponse(request.url, status=200, body=json.dumps(self.accounts[parts[-1]]).encode())
        return response.replace(request=request)


def run_crawl(spider: MastodonSpider, instance: FakeInstance) -> list[Any]:
    queue = sorted(start_requests(spider), key=lambda r: r.priority)
    items: list[Any] = []
    while queue:
        request = max(queue, key=lambda r: r.priority)  # deepest work first, like the priority queue
        queue.remove(request)
        for out in request.callback(instance.handle(request), **request.cb_kwargs):
            (queue if isinstance(out, Request) else items).append(out)
    return items


def build_world(posts_per_creator: int = 55) -> FakeInstance:
    world = FakeInstance()
    people = [_account(n) for n in range(1, 6)]
    people[2]["indexable"] = False  # discoverable but not indexable: collected all the same
    people[3]["discoverable"] = False  # opted out
    people[4]["bot"] = True
    for person in people:
        world.accounts[person["id"]] = person
    for tag in ("sourdough", "rye"):
        world.tags[tag] = [world.status(p, 20) for p in people for _ in range(2)]
    for person in people:
        timeline = []
        for i in range(posts_per_creator):
            replies = 1 + i % 3 if i % 2 == 0 else 0
            status = world.status(person, 19, replies_count=replies)
            world.replies[status["id"]] = [
                world.status(people[(int(person["id"]) + j) % 5], 19, in_reply_to_id=status["id"])
                for j in range(replies)
            ]
            timeline.append(status)
            if i % 10 == 0:  # a reply to someone else now and then
                timeline.append(world.status(person, 19, in_reply_to_id="1", replies_count=2))
        world.statuses[person["id"]] = timeline
    return world


def test_whole_crawl_dedupes_and_stays_within_the_request_budget() -> None:
    world = build_world(posts_per_creator=55)
    spider = make_spider(hashtags="sourdough,rye", max_creators=3, max_posts=45, max_comments=2)
    items = run_crawl(spider, world)
    assert len(world.requested) == len(set(world.requested)), "a URL was fetched twice"
    creators = [i for i in items if isinstance(i, CreatorItem)]
    assert sorted(c.creator_id for c in creators) == ["9001", "9002", "9003"]
    discoveries = {(d.hashtag, d.creator_id) for d in items if isinstance(d, DiscoveryItem)}
    assert discoveries == {(t, c) for t in ("sourdough", "rye") for c in ("9001", "9002", "9003")}
    posts = [p for p in items if isinstance(p, PostItem)]
    originals = [p for p in posts if not p.is_reply]
    assert len(originals) == 3 * 45
    comments = [c for c in items if isinstance(c, CommentItem)]
    assert all(sum(1 for c in comments if c.post_id == p.post_id) <= 2 for p in originals)
    # order: every creator before their posts, every post before its comments
    seen: set[str] = set()
    for item in items:
        if isinstance(item, CreatorItem):
            seen.add(item.creator_id)
        elif isinstance(item, PostItem | DiscoveryItem):
            assert item.creator_id in seen
            seen.add(getattr(item, "post_id", "") or "")
        elif isinstance(item, CommentItem):
            assert item.post_id in seen
    # the minimum: one first page per tag; per creator 1 account + the statuses pages that hold
    # the wanted posts (replies included) + 1 context per original post with replies
    minimum = 2
    for creator in ("9001", "9002", "9003"):
        timeline = world.statuses[creator]
        wanted = [s for s in timeline if s["in_reply_to_id"] is None][:45]
        depth = timeline.index(wanted[-1]) + 1
        minimum += 1 + math.ceil(depth / 40) + sum(1 for s in wanted if s["replies_count"])
    assert len(world.requested) <= 1.05 * minimum, (len(world.requested), minimum)
    assert not any("/accounts/9004" in url for url in world.requested)  # opted out: never fetched
    assert not any("/accounts/9005" in url for url in world.requested)  # beyond --max-creators


def test_whole_crawl_small_creators_need_no_empty_pages() -> None:
    world = build_world(posts_per_creator=7)
    spider = make_spider(hashtags="sourdough", max_creators=None, max_posts=20, max_comments=5)
    items = run_crawl(spider, world)
    statuses_requests = [u for u in world.requested if u.split("?")[0].endswith("/statuses")]
    assert len(statuses_requests) == 4  # 4 creators (one opted out), one short page each
    tag_requests = [u for u in world.requested if "/timelines/tag/" in u]
    assert len(tag_requests) == 2  # the only page and the empty one that proves the end
    assert stat(spider, "skipped/opt_out/discoverable") == 1
    assert stat(spider, "creators_not_indexable") == 1
    not_indexable = next(i for i in items if isinstance(i, CreatorItem) and i.creator_id == "9003")
    assert not_indexable.indexable is False
    assert len([p for p in items if isinstance(p, PostItem) and p.creator_id == "9003" and not p.is_reply]) == 7
    bot = next(i for i in items if isinstance(i, CreatorItem) and i.creator_id == "9005")
    assert bot.is_bot_account is True
    assert len(world.requested) == len(set(world.requested))


# -- listed creators (seed lists) -------------------------------------------------------------------
def test_a_listed_creator_is_looked_up_then_crawled_and_recorded_with_its_list() -> None:
    spider = make_spider(hashtags=None, handles=[{"handle": "mira@toot.example", "kind": "handle",
                                                  "source": "list:agency.csv"}], max_creators="1")
    [lookup] = start_requests(spider)
    assert lookup.url == f"{INSTANCE}/api/v1/accounts/lookup?acct=mira"  # a local account: no host
    items, follow = call(lookup, respond(lookup, fixture_body("account/local_verified")))
    assert isinstance(items[0], CreatorItem) and items[0].creator_id == MIRA
    assert items[1] == DiscoveryItem(platform="mastodon", creator_id=MIRA, source="list:agency.csv",
                                     source_url=lookup.url, fetched_at=items[1].fetched_at)
    assert [r.callback for r in follow] == [spider.parse_statuses]
    # Found by a hashtag later: one more discovery, no second account request, no claim on --max-creators.
    request = tag_request_for(spider, "sourdough")
    items, requests = call(request, respond(request, fixture_body("tag_page/reblog_optouts_bot")))
    assert all(r.cb_kwargs.get("creator_id") != MIRA for r in requests)
    assert [(i.creator_id, i.source, i.hashtag) for i in items if i.creator_id == MIRA] == [
        (MIRA, "hashtag", "sourdough")]


def test_an_id_seed_claimed_by_a_hashtag_first_is_still_crawled() -> None:
    """A hashtag hit claimed the creator before the id seed's answer came: its own account request had the
    seed's URL, so the duplicate filter dropped it, and the seed's answer must carry on (a queued crawl's
    worker met this: the creator's new posts were never fetched)."""
    spider = make_spider(hashtags="sourdough", handles=[{"handle": MIRA, "kind": "id", "source": "refresh"}])
    seed = next(r for r in start_requests(spider) if r.callback == spider.parse_lookup)
    assert seed.url == spider.account_url(MIRA)
    assert spider.claim_creator(MIRA)  # the hashtag path claimed it; its account request is this URL again
    items, follow = call(seed, respond(seed, fixture_body("account/local_verified")))
    assert sorted(type(i).__name__ for i in items) == ["CreatorItem", "DiscoveryItem"]
    assert [(r.callback, r.cb_kwargs["creator_id"]) for r in follow] == [(spider.parse_statuses, MIRA)]
    # A handle seed's lookup is another URL: the hashtag's own account request is on its way, so it stops.
    other = make_spider(hashtags="sourdough", handles=[{"handle": "mira@toot.example", "kind": "handle",
                                                        "source": "list"}])
    lookup = next(r for r in start_requests(other) if r.callback == other.parse_lookup)
    assert other.claim_creator(MIRA)
    items, follow = call(lookup, respond(lookup, fixture_body("account/local_verified")))
    assert follow == [] and not any(isinstance(i, CreatorItem) for i in items)


def test_an_unknown_listed_creator_is_a_counted_skip() -> None:
    spider = make_spider(hashtags=None, handles="nobody@elsewhere.example")
    [lookup] = start_requests(spider)
    assert lookup.url.endswith("/api/v1/accounts/lookup?acct=nobody@elsewhere.example")
    items, follow = call(lookup, respond(lookup, {"error": "Record not found"}, status=404))
    assert items == [] and follow == []
    assert stat(spider, "skipped/seed_not_found") == 1


def tag_request_for(spider: MastodonSpider, tag: str) -> Request:
    return spider.request(spider.tag_url(tag), spider.parse_tag, cb_kwargs={"hashtag": tag, "page": 1})
