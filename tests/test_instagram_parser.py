"""Instagram parsers: each rule on its own (mentions, hidden likes, cursors never from ``next``,
usage headers, the error envelope), and contract tests over the real Graph API recordings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CreatorItem, PostItem
from crawler.parsers import Context
from crawler.parsers.instagram import (
    PARSERS,
    GraphError,
    MediaHit,
    Usage,
    extract_mentions,
    parse_business_discovery,
    parse_error,
    parse_hashtag_media,
    parse_hashtag_search,
    parse_usage,
)

SAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "platform-samples" / "instagram" / "graph_api"
CTX = Context(url="https://graph.example/v24.0/x", fetched_at="2026-11-21T10:00:00Z")


def sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"real recording {name} not available in {SAMPLES}")
    return json.loads(path.read_text(encoding="utf-8"))


# -- mentions ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("📷 @Lena.Bakes.", ["lena.bakes"]),
        ("with @tom_kocht and @TOM_KOCHT", ["tom_kocht"]),
        ("mail hello@shop.example", []),  # an e-mail address is no mention
        ("(@a) @b...", ["a", "b"]),
        ("@" + "x" * 35, ["x" * 30]),  # at most 30 characters are a user name
        ("@ @. @..", []),
        (None, []),
        ("outfit by@brand", []),  # preceded by a word character
    ],
)
def test_mentions_follow_instagram_user_names(text: str | None, expected: list[str]) -> None:
    assert extract_mentions(text) == expected


# -- hashtag search and media -----------------------------------------------------------------------
def test_hashtag_search_keeps_the_first_id_and_says_when_none() -> None:
    assert parse_hashtag_search({"data": [{"id": "1"}, {"id": "2"}]}, CTX).items == ["1"]
    empty = parse_hashtag_search({"data": []}, CTX)
    assert empty.items == [] and empty.facts == {"found": False}
    with pytest.raises(ParseError):
        parse_hashtag_search([], CTX)


def test_hashtag_media_cursor_only_when_there_is_a_next_page_and_never_the_next_url() -> None:
    media = [{"id": "5", "caption": "@a", "timestamp": "2026-11-20T08:15:00+0000"}]
    with_next = {"data": media, "paging": {"cursors": {"after": "C1"}, "next": "https://x/?access_token=SECRET"}}
    page = parse_hashtag_media(with_next, CTX)
    assert page.cursor == "C1"
    assert "SECRET" not in json.dumps(page.facts) and all("SECRET" not in repr(hit) for hit in page.items)
    assert parse_hashtag_media({"data": media, "paging": {"cursors": {"after": "C1"}}}, CTX).cursor is None
    assert parse_hashtag_media({"data": media}, CTX).cursor is None


def test_hidden_likes_are_unknown_not_zero() -> None:
    page = parse_hashtag_media({"data": [{"id": "1"}, {"id": "2", "like_count": 0}]}, CTX)
    assert [hit.like_count for hit in page.items] == [None, 0]
    discovery = {"business_discovery": {"id": "9", "username": "a", "media": {"data": [{"id": "1"}]}}}
    post = parse_business_discovery(discovery, CTX).items[0]
    assert post.like_count is None and post.view_count is None and post.comment_count is None


@pytest.mark.parametrize("bad", [{"id": True}, {"id": ""}, {"caption": "x"}])
def test_media_without_a_usable_id_is_a_changed_structure(bad: dict[str, Any]) -> None:
    with pytest.raises(ParseError, match="media #0 has no id"):
        parse_hashtag_media({"data": [bad]}, CTX)


# -- business discovery -----------------------------------------------------------------------------
def test_business_discovery_maps_the_contract_fields() -> None:
    payload = {"business_discovery": {"id": "178", "username": "Mira.Ferments", "name": "Mira", "biography": "b",
                                      "website": "https://m.example", "followers_count": 10, "follows_count": 2,
                                      "media_count": 3,
                                      "media": {"data": [], "paging": {"cursors": {"before": "B"}}}}, "id": "1"}
    page = parse_business_discovery(payload, CTX)
    creator = page.facts["creator"]
    assert isinstance(creator, CreatorItem)
    assert (creator.creator_id, creator.handle, creator.display_name, creator.bio, creator.external_url) == (
        "178", "mira.ferments", "Mira", "b", "https://m.example")
    assert (creator.followers_count, creator.following_count, creator.post_count) == (10, 2, 3)
    assert creator.profile_url == "https://www.instagram.com/mira.ferments/"
    assert page.cursor is None  # only a "before" cursor: the last media page


def test_business_discovery_timestamps_become_utc_z_and_captions_give_tags_and_mentions() -> None:
    payload = {"business_discovery": {"id": "1", "username": "a", "media": {"data": [
        {"id": "m", "caption": "#Brot with @b_c", "timestamp": "2026-11-20T09:15:00+0100",
         "permalink": "https://www.instagram.com/p/X/"}]}}}
    post = parse_business_discovery(payload, CTX).items[0]
    assert isinstance(post, PostItem)
    assert (post.created_at, post.hashtags, post.mentions, post.url) == (
        "2026-11-20T08:15:00Z", ["brot"], ["b_c"], "https://www.instagram.com/p/X/")


@pytest.mark.parametrize("payload", [[], {"business_discovery": []}, {"business_discovery": {"username": "a"}},
                                     {"business_discovery": {"id": "1", "username": "a", "media": {"data": {}}}}])
def test_business_discovery_structure_changes_raise(payload: Any) -> None:
    with pytest.raises(ParseError):
        parse_business_discovery(payload, CTX)


# -- errors and usage -------------------------------------------------------------------------------
def test_error_envelope() -> None:
    error = parse_error({"error": {"message": "Cannot find User with username: x", "type": "OAuthException",
                                   "code": 110, "error_subcode": 2207013, "error_user_title": "Cannot find User",
                                   "fbtrace_id": "A1"}})
    assert error == GraphError(code=110, subcode=2207013, message="Cannot find User with username: x",
                               type="OAuthException", is_transient=None, user_title="Cannot find User")
    assert parse_error({"data": []}) is None and parse_error("x") is None


def test_usage_takes_the_highest_percentage_of_every_window_and_the_longest_regain() -> None:
    headers = {
        "X-App-Usage": json.dumps({"call_count": 12, "total_cputime": 3, "total_time": 40}),
        "X-Business-Use-Case-Usage": json.dumps({"17841400000000001": [
            {"type": "instagram", "call_count": 100, "total_cputime": 20, "total_time": 5,
             "estimated_time_to_regain_access": 7},
            {"type": "instagram", "call_count": 2, "total_cputime": 1, "total_time": 1,
             "estimated_time_to_regain_access": 0}]}),
    }
    assert parse_usage(headers) == Usage(percent=100, regain_minutes=7)
    assert parse_usage({"X-App-Usage": b'{"call_count":76,"total_cputime":0,"total_time":0}'}) == Usage(76, None)


@pytest.mark.parametrize("headers", [{}, {"X-App-Usage": "not json"}, {"X-Business-Use-Case-Usage": "[1"},
                                     {"X-Business-Use-Case-Usage": '{"1": "x"}'}])
def test_usage_without_readable_headers_says_nothing(headers: dict[str, Any]) -> None:
    assert parse_usage(headers) == Usage(None, None)


# -- contract tests over the real recordings (skipped when ../shared is absent) -----------------------
def test_contract_real_hashtag_search() -> None:
    page = parse_hashtag_search(sample("ig_hashtag_search.json"), CTX)
    assert page.items == ["17841562426109234"]


@pytest.mark.parametrize("name", ["ig_hashtag_recent_media__page1.json",
                                  "ig_hashtag_recent_media__caption_permalink__page1.json",
                                  "ig_hashtag_recent_media__caption_permalink__page2_last.json",
                                  "ig_hashtag_top_media__page1.json", "ig_hashtag_top_media__page2.json"])
def test_contract_real_hashtag_media(name: str) -> None:
    payload = sample(name)
    page = parse_hashtag_media(payload, CTX)
    assert len(page.items) == len(payload["data"]) and all(isinstance(hit, MediaHit) for hit in page.items)
    paging = payload.get("paging") or {}
    assert page.cursor == ((paging.get("cursors") or {}).get("after") if paging.get("next") else None)
    for hit, raw in zip(page.items, payload["data"], strict=True):
        assert hit.like_count == raw.get("like_count")
        assert hit.mentions == extract_mentions(raw.get("caption"))


@pytest.mark.parametrize("name", ["business_discovery__user.json",
                                  "business_discovery__user__follows_count_website.json",
                                  "business_discovery__media__page1.json", "business_discovery__media__page2.json"])
def test_contract_real_business_discovery(name: str) -> None:
    payload = sample(name)
    if "username" not in payload["business_discovery"]:  # the media-only recordings ask for media alone
        payload = {**payload, "business_discovery": {**payload["business_discovery"], "username": "someone"}}
    page = parse_business_discovery(payload, CTX)
    raw = payload["business_discovery"]
    creator = page.facts["creator"]
    assert creator.creator_id == raw["id"] and creator.followers_count == raw.get("followers_count")
    media = (raw.get("media") or {}).get("data") or []
    assert [post.post_id for post in page.items] == [m["id"] for m in media]
    assert all(post.created_at is None or post.created_at.endswith("Z") for post in page.items)


@pytest.mark.parametrize(("name", "code"), [("error_190_invalid_oauth_token__from_issue.json", 190),
                                            ("error_4_application_request_limit__from_issue.json", 4),
                                            ("error_oauth_100.json", 100)])
def test_contract_real_errors(name: str, code: int) -> None:
    error = parse_error(sample(name))
    assert error is not None and error.code == code and error.message


def test_every_parser_is_listed() -> None:
    assert set(PARSERS) == {"hashtag_search", "hashtag_media", "business_discovery"}
