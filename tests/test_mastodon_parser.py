"""Mastodon parsers: focused rules, contract tests on the real samples, and helpers.

The golden cases (``tests/fixtures/mastodon/<parser>/<case>/``) run in ``tests/test_parsers_golden.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page
from crawler.parsers import mastodon as parser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mastodon"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "mastodon"
FETCHED_AT = "2026-03-03T12:00:00Z"
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def ctx(url: str = "u", **values: Any) -> Context:
    return Context(url=url, fetched_at=FETCHED_AT, **values)


def payload(case: str) -> Any:
    """The payload of golden case ``<parser>/<case>``."""
    return json.loads((FIXTURES / case / "payload.json").read_text())


def account(body: Any, url: str = "u") -> CreatorItem:
    page = parser.parse_account(body, ctx(url))
    (item,) = page.items
    return item


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
    body = payload("account/not_indexable")
    assert parser.opt_out_reason(body) is None
    page = parser.parse_account(body, ctx())
    assert page.facts == {"opt_out": None, "suspended": False}
    item = page.items[0]
    assert (item.discoverable, item.indexable) == (True, False)
    assert account({**body, "indexable": None}).indexable is None
    assert parser.parse_account({**body, "discoverable": False}, ctx()).facts["opt_out"] == "discoverable"
    hits = parser.parse_tag_page(payload("tag_page/reblog_optouts_bot"), ctx()).items
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
    (post,) = parser.parse_status(status, ctx()).items
    assert post.hashtags == ["rye", "bread"]
    assert post.creator_id == "2"
    assert parser.parse_status(status, ctx(creator_id="7")).items[0].creator_id == "7"


def test_changed_structure_raises() -> None:
    with pytest.raises(ParseError):
        parser.parse_tag_page({"error": "x"}, ctx())
    with pytest.raises(ParseError):
        parser.parse_tag_page([{"id": "1", "account": "not an object"}], ctx())
    with pytest.raises(ParseError):
        parser.parse_account({"id": "1"}, ctx())  # no acct/username
    with pytest.raises(ParseError):
        parser.parse_context([], ctx(post_id="1", creator_id="2"))
    with pytest.raises(ParseError):
        parser.parse_status({"id": "1", "account": {"id": "2"}, "reblog": "3"}, ctx())


def test_the_context_a_parser_needs_is_checked() -> None:
    """A missing creator or post is a programming error, not a changed structure."""
    with pytest.raises(ValueError, match="creator_id"):
        parser.parse_statuses_page([], ctx())
    with pytest.raises(ValueError, match="post_id"):
        parser.parse_context({"descendants": []}, ctx(creator_id="2"))


def test_pages_follow_the_link_header_of_the_context() -> None:
    link = '<https://a.example/api/v1/timelines/tag/x?max_id=5>; rel="next"'
    body = payload("tag_page/reblog_optouts_bot")
    assert parser.parse_tag_page(body, ctx(link=link)).cursor == "https://a.example/api/v1/timelines/tag/x?max_id=5"
    assert parser.parse_tag_page(body, ctx()).cursor is None
    statuses = parser.parse_statuses_page(payload("statuses_page/mixed"), ctx(creator_id="1", link=link))
    assert statuses.cursor == "https://a.example/api/v1/timelines/tag/x?max_id=5"
    assert isinstance(statuses, Page) and len(statuses.items) == 6


def test_every_parser_is_listed() -> None:
    expected = {
        "tag_page": parser.parse_tag_page,
        "account": parser.parse_account,
        "statuses_page": parser.parse_statuses_page,
        "status": parser.parse_status,
        "context": parser.parse_context,
    }
    assert expected == parser.PARSERS


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
    page = parser.parse_account(_sample(name), ctx(_sample_url(name)))
    _check_creator(page.items[0])
    assert page.facts["suspended"] is ("suspended" in name)


def test_contract_account_search_results() -> None:
    accounts = _sample("accounts_search__fosstodon.org.json")
    for account in accounts:
        _check_creator(parser.parse_account(account, ctx(_sample_url("accounts_search__fosstodon.org.json"))).items[0])


def test_contract_account_details() -> None:
    item = account(_sample("accounts_get__fosstodon.org.json"))
    assert item.verified is True and item.external_url and item.external_url.startswith("https://")
    assert item.bio and "#Rstats" in item.bio and "<" not in item.bio
    remote = account(_sample("docs/accounts_get__remote_user.json"))
    assert "@" in remote.handle and remote.external_url == "http://shork.xyz"  # mention fields are not links
    lookup = account(_sample("accounts_lookup__localhost.json"))
    assert lookup.verified is False and lookup.external_url is None and lookup.discoverable is None


@pytest.mark.parametrize("name", STATUS_LIST_SAMPLES)
def test_contract_status_lists(name: str) -> None:
    url, body, link = _sample_url(name), _sample(name), _sample_link(name)
    page = parser.parse_statuses_page(body, ctx(url, creator_id="42", link=link))
    assert len(page.items) == len(body) > 0
    for post in page.items:
        _check_post(post)
    assert page.cursor and "max_id=" in page.cursor
    tag_page = parser.parse_tag_page(body, ctx(url, link=link))
    assert [hit.creator_id for hit in tag_page.items] == [s["account"]["id"] for s in body]
    assert tag_page.cursor == page.cursor and tag_page.facts == {"size": len(body), "oldest_at": body[-1]["created_at"]}
    for hit in tag_page.items:
        assert hit.opt_out in (None, "discoverable", "noindex", "nobot")


def test_contract_real_opt_outs_are_seen() -> None:
    body = _sample("timelines_tag__rstats__fosstodon.org.json")
    reasons = {hit.handle: hit.opt_out for hit in parser.parse_tag_page(body, ctx()).items}
    for status in body:
        account = status["account"]
        if account.get("discoverable") is False:
            assert reasons[account["acct"]] == "discoverable"
    assert None in reasons.values()


def test_contract_single_status() -> None:
    (post,) = parser.parse_status(_sample("statuses_get__fosstodon.org__anonymous.json"), ctx()).items
    _check_post(post)
    (post,) = parser.parse_status(_sample("docs/entity_status.example.json"), ctx()).items
    _check_post(post)
    assert post.text and post.text.startswith('"I lost my inheritance') and "theguardian.com" in post.text
    assert post.share_count == 6 and post.like_count == 11 and post.comment_count == 5


@pytest.mark.parametrize("name", CONTEXT_SAMPLES)
def test_contract_context(name: str) -> None:
    url, body = _sample_url(name), _sample(name)
    post_id = url.rsplit("/", 2)[-2]
    comments = parser.parse_context(body, ctx(url, post_id=post_id, creator_id="109302436954721982")).items
    assert len(comments) == len(body["descendants"])
    for comment in comments:
        _check_comment(comment)
    assert parser.parse_context(body, ctx(url, post_id=post_id, creator_id="x", limit=1)).items == comments[:1]


def test_contract_context_threading() -> None:
    name = "statuses_context__mastodon.social__anonymous.json"
    url, body = _sample_url(name), _sample(name)
    comments = parser.parse_context(body, ctx(url, post_id="109294719267373593", creator_id="1")).items
    ids = {c.comment_id for c in comments}
    nested = [c for c in comments if c.parent_comment_id]
    assert nested and all(c.parent_comment_id in ids for c in nested[:3])
    remote = [c for c in comments if c.author_handle and "@" in c.author_handle]
    assert remote and all(c.author_platform_id == c.author_handle.lower() for c in remote)
    local = [c for c in comments if c.author_handle and "@" not in c.author_handle]
    assert local and all(c.author_platform_id.endswith("@mastodon.social") for c in local)

