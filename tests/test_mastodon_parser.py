"""Mastodon parsers: golden files, contract tests on the real samples, and helpers."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import mastodon as parser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mastodon"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "mastodon"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
FETCHED_AT = "2026-03-03T12:00:00Z"
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def run_case(case: str) -> Any:
    """Parse a fixture case as its ``request.json`` says; a ParseError becomes ``{"error": ...}``."""
    folder = FIXTURES / case
    request = json.loads((folder / "request.json").read_text())
    body = json.loads((folder / "body.json").read_text())
    url = request["url"]
    kind = request["kind"]
    try:
        if kind == "account":
            result: Any = parser.parse_account(url, body, FETCHED_AT)
        elif kind == "tag":
            result = parser.parse_tag_page(url, body, request.get("link"))
        elif kind == "statuses":
            result = parser.parse_statuses_page(url, body, FETCHED_AT, request["creator_id"], request.get("link"))
        elif kind == "context":
            result = parser.parse_context(
                url, body, FETCHED_AT, request["post_id"], request["creator_id"], request.get("limit")
            )
        else:
            raise ValueError(f"unknown fixture kind {kind!r} in {case}")
    except ParseError as exc:
        return {"error": "ParseError", "detail": exc.detail}
    if isinstance(result, list):
        return [dataclasses.asdict(item) for item in result]
    return dataclasses.asdict(result)


# -- golden files -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text())
    assert run_case(case) == expected


def test_every_case_has_expected_output() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        assert (FIXTURES / case / "expected.json").is_file(), case


# -- focused behaviour --------------------------------------------------------------------------
def test_link_header_next_and_prev() -> None:
    header = (
        '<https://a.example/api/v1/timelines/tag/x?limit=40&max_id=5>; rel="next", '
        '<https://a.example/api/v1/timelines/tag/x?limit=40&min_id=9>; rel="prev"'
    )
    assert parser.parse_link_header(header) == {
        "next": "https://a.example/api/v1/timelines/tag/x?limit=40&max_id=5",
        "prev": "https://a.example/api/v1/timelines/tag/x?limit=40&min_id=9",
    }
    assert parser.next_link(header.encode()) == "https://a.example/api/v1/timelines/tag/x?limit=40&max_id=5"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ('<https://a.example/p?min_id=1>; rel="prev"', None),
        ("<https://a.example/n?max_id=1>; rel=next", "https://a.example/n?max_id=1"),
        ('<https://a.example/n?a=1,2>; title="x, y"; rel="prev next"', "https://a.example/n?a=1,2"),
        ('<>; rel="next"', None),
        ("garbage without brackets", None),
    ],
)
def test_link_header_edge_cases(header: str | None, expected: str | None) -> None:
    assert parser.next_link(header) == expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (None, None),
        ("", None),
        ("<p></p>", None),
        ("plain &amp; simple", "plain & simple"),
        ("<p>one<br>two<br />three</p><p>four</p>", "one\ntwo\nthree\n\nfour"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ('<p>=HYPERLINK("http://x.example","y")</p>', '=HYPERLINK("http://x.example","y")'),
        ("<p>1 &lt; 2 &gt; 0 &#39;q&#39; &quot;d&quot;</p>", "1 < 2 > 0 'q' \"d\""),
        ("<p>a <b>bold</b> move</p>", "a bold move"),  # unusual tags go through BeautifulSoup
        ("<p>before</p><script>alert(1)</script>", "before"),  # live script markup is dropped, never run
    ],
)
def test_html_to_text(html: str | None, text: str | None) -> None:
    assert parser.html_to_text(html) == text


def test_fast_html_path_agrees_with_beautifulsoup_on_real_samples() -> None:
    """The regex fast path must give BeautifulSoup's text (up to whitespace runs) on real HTML."""
    if not SAMPLES.is_dir():
        pytest.skip("platform samples not present")
    snippets: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("content", "note", "value") and isinstance(value, str) and "<" in value:
                    snippets.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in SAMPLES.rglob("*.json"):
        walk(json.loads(path.read_text()))
    fast = 0
    for snippet in snippets:
        quick = parser._simple_html_to_text(snippet)
        if quick is None:
            continue
        fast += 1
        assert quick.split() == parser._soup_to_text(snippet).split(), snippet
    assert fast > 100


def test_opt_out_reasons() -> None:
    base = {"id": "1", "acct": "a", "discoverable": True, "indexable": True, "noindex": False, "note": "<p>hi</p>"}
    assert parser.opt_out_reason(base) is None
    assert parser.opt_out_reason({**base, "discoverable": None, "indexable": None, "noindex": None}) is None
    assert parser.opt_out_reason({**base, "discoverable": False}) == "discoverable"
    # indexable:false alone is no opt-out (discoverable is the consent for discovery): collected, flag kept
    assert parser.opt_out_reason({**base, "indexable": False}) is None
    assert parser.opt_out_reason({**base, "discoverable": False, "indexable": False}) == "discoverable"
    assert parser.opt_out_reason({**base, "noindex": True}) == "noindex"
    assert parser.opt_out_reason({**base, "noindex": None, "source": {"noindex": True}}) == "noindex"
    assert parser.opt_out_reason({**base, "other_settings": {"noindex": True}}) == "noindex"
    hashtag = '<p>art <a href="https://x.example/tags/NoBot" class="mention hashtag">#<span>NoBot</span></a></p>'
    assert parser.opt_out_reason({**base, "note": hashtag}) == "nobot"
    assert parser.opt_out_reason({**base, "note": "<p>#nobot please</p>"}) == "nobot"
    assert parser.opt_out_reason({**base, "note": "<p>#nobots is not the tag, #nobotany neither</p>"}) is None


def test_not_indexable_account_is_collected_with_its_flag() -> None:
    body = json.loads((FIXTURES / "account_not_indexable" / "body.json").read_text())
    assert parser.opt_out_reason(body) is None
    item = parser.parse_account("u", body, FETCHED_AT)
    assert (item.discoverable, item.indexable) == (True, False)
    assert parser.parse_account("u", {**body, "indexable": None}, FETCHED_AT).indexable is None
    assert parser.opt_out_reason({**body, "discoverable": False}) == "discoverable"
    hits = parser.parse_tag_page("u", json.loads((FIXTURES / "tag_reblog_optouts_bot" / "body.json").read_text())).hits
    by_handle = {hit.handle: hit.opt_out for hit in hits}
    assert by_handle["lena_k@fedi.example"] is None  # discoverable, not indexable: claimed
    assert by_handle["quiet_quinn"] == "discoverable"


def test_hashtags_from_text_skip_url_fragments() -> None:
    status = {
        "id": "1",
        "account": {"id": "2", "acct": "b"},
        "content": "<p>see https://x.example/page#section and #Bread, #bread</p>",
        "tags": [{"name": "Rye"}],
    }
    post = parser.parse_status("u", status, FETCHED_AT)
    assert post.hashtags == ["rye", "bread"]
    assert post.creator_id == "2"


def test_changed_structure_raises() -> None:
    with pytest.raises(ParseError):
        parser.parse_tag_page("u", {"error": "x"})
    with pytest.raises(ParseError):
        parser.parse_tag_page("u", [{"id": "1", "account": "not an object"}])
    with pytest.raises(ParseError):
        parser.parse_account("u", {"id": "1"}, FETCHED_AT)  # no acct/username
    with pytest.raises(ParseError):
        parser.parse_context("u", [], FETCHED_AT, "1", "2")
    with pytest.raises(ParseError):
        parser.parse_status("u", {"id": "1", "account": {"id": "2"}, "reblog": "3"}, FETCHED_AT)


# -- contract tests on the real samples ---------------------------------------------------------
def _sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"platform sample {name} not present")
    return json.loads(path.read_text())


def _sample_url(name: str) -> str:
    meta = SAMPLES / name.replace(".json", ".meta.json")
    if meta.is_file():
        return json.loads(meta.read_text())["request"]["url"]
    return f"https://mastodon.example/{name}"


def _sample_link(name: str) -> str | None:
    meta = SAMPLES / name.replace(".json", ".meta.json")
    return json.loads(meta.read_text())["headers"].get("link") if meta.is_file() else None


def _check_creator(item: CreatorItem) -> None:
    assert item.creator_id and item.handle and not item.handle.startswith("@")
    for name in ("followers_count", "following_count", "post_count"):
        value = getattr(item, name)
        assert value is None or (isinstance(value, int) and value >= 0)
    assert item.account_created_at is None or ISO_Z.match(item.account_created_at)
    assert item.bio is None or "<" not in item.bio or "&lt;" not in item.bio


def _check_post(item: PostItem) -> None:
    assert item.post_id and item.creator_id
    assert item.created_at and ISO_Z.match(item.created_at)
    for name in ("like_count", "comment_count", "share_count"):
        value = getattr(item, name)
        assert value is None or (isinstance(value, int) and value >= 0)
    assert item.text is None or "<p>" not in item.text
    assert all(tag == tag.lower() and not tag.startswith("#") for tag in item.hashtags)


def _check_comment(item: CommentItem) -> None:
    assert item.comment_id and item.post_id and item.author_platform_id and "@" in item.author_platform_id
    assert item.created_at and ISO_Z.match(item.created_at)
    assert item.like_count is None or item.like_count >= 0
    assert item.parent_comment_id != item.post_id


ACCOUNT_SAMPLES = [
    "accounts_get__fosstodon.org.json",
    "accounts_lookup__localhost.json",
    "docs/accounts_get__local_user.json",
    "docs/accounts_get__remote_user.json",
    "docs/accounts_get__suspended_user.json",
    "docs/entity_account.example.json",
]
STATUS_LIST_SAMPLES = [
    "accounts_statuses__fosstodon.org.json",
    "accounts_statuses__localhost__page1.json",
    "accounts_statuses__localhost__page2_max_id.json",
    "accounts_statuses__localhost__prev_min_id.json",
    "timelines_tag__hoot__localhost.json",
    "timelines_tag__ichbinhanna__mastodon.social__page1.json",
    "timelines_tag__ichbinhanna__mastodon.social__page2.json",
    "timelines_tag__rstats__fosstodon.org.json",
    "timelines_tag__rstats__mastodon.social__anonymous.json",
]
CONTEXT_SAMPLES = [
    "statuses_context__fosstodon.org.json",
    "statuses_context__fosstodon.org__with_ancestors.json",
    "statuses_context__mastodon.social__anonymous.json",
]


@pytest.mark.parametrize("name", ACCOUNT_SAMPLES)
def test_contract_accounts(name: str) -> None:
    item = parser.parse_account(_sample_url(name), _sample(name), FETCHED_AT)
    _check_creator(item)


def test_contract_account_search_results() -> None:
    accounts = _sample("accounts_search__fosstodon.org.json")
    for account in accounts:
        _check_creator(parser.parse_account(_sample_url("accounts_search__fosstodon.org.json"), account, FETCHED_AT))


def test_contract_account_details() -> None:
    item = parser.parse_account("u", _sample("accounts_get__fosstodon.org.json"), FETCHED_AT)
    assert item.verified is True and item.external_url and item.external_url.startswith("https://")
    assert item.bio and "#Rstats" in item.bio and "<" not in item.bio
    remote = parser.parse_account("u", _sample("docs/accounts_get__remote_user.json"), FETCHED_AT)
    assert "@" in remote.handle and remote.external_url == "http://shork.xyz"  # mention fields are not links
    lookup = parser.parse_account("u", _sample("accounts_lookup__localhost.json"), FETCHED_AT)
    assert lookup.verified is False and lookup.external_url is None and lookup.discoverable is None


@pytest.mark.parametrize("name", STATUS_LIST_SAMPLES)
def test_contract_status_lists(name: str) -> None:
    url, body, link = _sample_url(name), _sample(name), _sample_link(name)
    page = parser.parse_statuses_page(url, body, FETCHED_AT, "42", link)
    assert len(page.posts) == len(body) > 0
    for post in page.posts:
        _check_post(post)
    assert page.next_url and "max_id=" in page.next_url
    tag_page = parser.parse_tag_page(url, body, link)
    assert [hit.creator_id for hit in tag_page.hits] == [s["account"]["id"] for s in body]
    assert tag_page.next_url == page.next_url and tag_page.oldest_at == body[-1]["created_at"]
    for hit in tag_page.hits:
        assert hit.opt_out in (None, "discoverable", "noindex", "nobot")


def test_contract_real_opt_outs_are_seen() -> None:
    body = _sample("timelines_tag__rstats__fosstodon.org.json")
    reasons = {hit.handle: hit.opt_out for hit in parser.parse_tag_page("u", body).hits}
    for status in body:
        account = status["account"]
        if account.get("discoverable") is False:
            assert reasons[account["acct"]] == "discoverable"
    assert None in reasons.values()


def test_contract_single_status() -> None:
    post = parser.parse_status("u", _sample("statuses_get__fosstodon.org__anonymous.json"), FETCHED_AT)
    _check_post(post)
    post = parser.parse_status("u", _sample("docs/entity_status.example.json"), FETCHED_AT)
    _check_post(post)
    assert post.text and post.text.startswith('"I lost my inheritance') and "theguardian.com" in post.text
    assert post.share_count == 6 and post.like_count == 11 and post.comment_count == 5


@pytest.mark.parametrize("name", CONTEXT_SAMPLES)
def test_contract_context(name: str) -> None:
    url, body = _sample_url(name), _sample(name)
    post_id = url.rsplit("/", 2)[-2]
    comments = parser.parse_context(url, body, FETCHED_AT, post_id, "109302436954721982")
    assert len(comments) == len(body["descendants"])
    for comment in comments:
        _check_comment(comment)
    assert parser.parse_context(url, body, FETCHED_AT, post_id, "x", limit=1) == comments[:1]


def test_contract_context_threading() -> None:
    name = "statuses_context__mastodon.social__anonymous.json"
    url, body = _sample_url(name), _sample(name)
    comments = parser.parse_context(url, body, FETCHED_AT, "109294719267373593", "1")
    ids = {c.comment_id for c in comments}
    nested = [c for c in comments if c.parent_comment_id]
    assert nested and all(c.parent_comment_id in ids for c in nested[:3])
    remote = [c for c in comments if c.author_handle and "@" in c.author_handle]
    assert remote and all(c.author_platform_id == c.author_handle.lower() for c in remote)
    local = [c for c in comments if c.author_handle and "@" not in c.author_handle]
    assert local and all(c.author_platform_id.endswith("@mastodon.social") for c in local)


def test_parser_speed_budget() -> None:
    """~400,000 comments must parse in well under a minute: keep one comment under ~100 µs here."""
    import time

    body = _sample("statuses_context__mastodon.social__anonymous.json")
    url = _sample_url("statuses_context__mastodon.social__anonymous.json")
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        parser.parse_context(url, body, FETCHED_AT, "1", "2")
    per_comment = (time.perf_counter() - started) / (rounds * len(body["descendants"]))
    assert per_comment < 250e-6, f"{per_comment * 1e6:.0f} µs per comment"
