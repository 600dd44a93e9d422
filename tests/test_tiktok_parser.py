"""TikTok Research API parsers: the rules one at a time, and contract tests on the real recordings.

The golden cases (``tests/fixtures/tiktok/<parser>/<case>/``) run in ``test_parsers_golden.py``;
the checks against ``../shared/platform-samples/tiktok-research/`` are skipped when that folder is
absent (as in CI).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context
from crawler.parsers import tiktok as tt

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "tiktok-research"
FETCHED_AT = "2026-11-20T09:00:00Z"
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
BIG_ID = 7438111122223333444  # above 2**53: a double cannot hold it


def ctx(**extra: Any) -> Context:
    return Context(url="https://open.tiktokapis.com/v2/research/x/", fetched_at=FETCHED_AT, **extra)


def answer(data: Any, code: str = "ok", message: str = "") -> dict[str, Any]:
    return {"data": data, "error": {"code": code, "message": message, "log_id": "20261120090000AAAA"}}


def video(**fields: Any) -> dict[str, Any]:
    return {"id": BIG_ID, "username": "greta.greens", "create_time": 1763600000, **fields}


# -- rules ---------------------------------------------------------------------------------------
def test_big_ids_stay_exact_through_the_json_text() -> None:
    text = '{"data":{"videos":[{"id":7438111122223333445,"username":"a"}],"cursor":1,"has_more":false},' \
           '"error":{"code":"ok","message":"","log_id":"x"}}'
    page = tt.parse_video_query(json.loads(text), ctx())
    assert page.items[0].post_id == "7438111122223333445"
    assert float(7438111122223333445) != 7438111122223333445  # what a double would have made of it


def test_missing_counts_are_unknown_not_zero() -> None:
    page = tt.parse_video_query(answer({"videos": [video(view_count=10)], "has_more": False}), ctx())
    post = page.items[0]
    assert (post.like_count, post.comment_count, post.share_count, post.view_count) == (None, None, None, 10)
    page = tt.parse_video_query(answer({"videos": [video(like_count=-1, comment_count=True)]}), ctx())
    assert page.items[0].like_count is None and page.items[0].comment_count is None


def test_nul_characters_are_removed_from_every_string() -> None:
    page = tt.parse_video_query(answer({"videos": [video(username="ab\u0000\u0000c", video_description="x\u0000y",
                                                          hashtag_names=["ve\u0000gan"])]}), ctx())
    post = page.items[0]
    assert (post.creator_id, post.text, post.hashtags) == ("abc", "xy", ["vegan"])
    assert post.url == f"https://www.tiktok.com/@abc/video/{BIG_ID}"


def test_next_cursor_only_while_has_more_even_on_a_short_page() -> None:
    more = tt.parse_video_query(answer({"videos": [video()], "cursor": 100, "has_more": True, "search_id": "s1"}),
                                ctx())
    assert more.cursor == "100" and more.facts["search_id"] == "s1" and more.facts["size"] == 1
    done = tt.parse_video_query(answer({"videos": [video()], "cursor": 100, "has_more": False}), ctx())
    assert done.cursor is None
    empty_more = tt.parse_video_query(answer({"videos": [], "cursor": 200, "has_more": True}), ctx())
    assert empty_more.cursor == "200" and empty_more.items == []


def test_videos_keep_the_api_order() -> None:
    """Discovery claims usernames in order of first appearance: the parser must not reorder."""
    page = tt.parse_video_query(answer({"videos": [video(id=1, username="old", create_time=100),
                                                   video(id=2, username="new", create_time=200)]}), ctx())
    assert [p.creator_id for p in page.items] == ["old", "new"]


def test_a_video_without_username_is_counted_on_hashtag_pages_and_attributed_on_creator_pages() -> None:
    payload = answer({"videos": [{"id": 5, "create_time": 1}], "has_more": False})
    assert tt.parse_video_query(payload, ctx()).facts["no_username"] == 1
    assert tt.parse_video_query(payload, ctx()).items == []
    page = tt.parse_video_query(payload, ctx(creator_id="wren.cooks"))
    assert page.items[0].creator_id == "wren.cooks"


def test_create_time_is_epoch_seconds_in_utc() -> None:
    post = tt.parse_video_query(answer({"videos": [video(create_time=1704499196)]}), ctx()).items[0]
    assert post.created_at == "2024-01-05T23:59:56Z"
    bad = tt.parse_video_query(answer({"videos": [video(create_time="yesterday")]}), ctx()).items[0]
    assert bad.created_at is None


def test_an_error_struct_in_a_200_is_a_changed_structure() -> None:
    with pytest.raises(ParseError, match="scope_not_authorized"):
        tt.parse_video_query(answer({}, "scope_not_authorized", "not approved"), ctx())


def test_parse_error_reads_both_error_forms() -> None:
    assert tt.parse_error(answer({}, "rate_limit_exceeded", "slow down")) == ("rate_limit_exceeded", "slow down")
    assert tt.parse_error({"error": "invalid_client", "error_description": "Client key or secret is incorrect."}) == (
        "invalid_client", "Client key or secret is incorrect.")
    assert tt.parse_error("<html>504</html>") == (None, None)
    assert tt.parse_error({"data": {}}) == (None, None)


def test_user_info_is_the_username_asked_for_and_drops_total_likes() -> None:
    page = tt.parse_user_info(answer({"display_name": "G", "likes_count": 5, "follower_count": 0}),
                              ctx(creator_id="greta.greens"))
    creator = page.items[0]
    assert isinstance(creator, CreatorItem)
    assert (creator.creator_id, creator.handle, creator.followers_count) == ("greta.greens", "greta.greens", 0)
    assert creator.profile_url == "https://www.tiktok.com/@greta.greens"
    assert "likes" not in json.dumps(creator.__dict__)  # total likes have no place in the item
    with pytest.raises(ParseError, match="username"):
        tt.parse_user_info(answer({}), ctx())


def test_comments_have_no_author_and_top_level_parents_are_none() -> None:
    page = tt.parse_comment_list(answer({"comments": [
        {"id": 11, "video_id": BIG_ID, "parent_comment_id": BIG_ID, "text": "a"},
        {"id": 12, "video_id": BIG_ID, "parent_comment_id": 11, "text": "b"},
    ], "cursor": 2, "has_more": False}), ctx(post_id=str(BIG_ID)))
    top, reply = page.items
    assert isinstance(top, CommentItem)
    assert (top.parent_comment_id, reply.parent_comment_id) == (None, "11")
    for comment in page.items:
        assert comment.author_platform_id is None and comment.author_handle is None and comment.author_key is None
        assert comment.author_is_creator is False  # the default: no claim either way
        assert comment.post_id == str(BIG_ID)
    assert page.cursor is None


def test_token_never_shows_in_repr() -> None:
    page = tt.parse_token({"access_token": "clt.secret-token", "expires_in": 7200, "token_type": "Bearer"}, ctx())
    assert page.items[0].access_token == "clt.secret-token"
    assert "clt.secret-token" not in repr(page.items[0]) and "clt.secret-token" not in repr(page)


@pytest.mark.parametrize("payload", [[], "x", {"data": "x"}, {"data": {"videos": "x"}}])
def test_changed_structures_raise(payload: Any) -> None:
    with pytest.raises(ParseError):
        tt.parse_video_query(payload, ctx())


# -- contract tests on the real recordings -------------------------------------------------------
def sample(name: str) -> tuple[str, Any]:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared samples are absent in CI)")
    text = path.read_text(encoding="utf-8")
    return text, json.loads(text)


def raw_ids(text: str, key: str) -> list[str]:
    """The digits of every ``"key": <integer>`` in the raw JSON text (what the platform sent)."""
    return re.findall(rf'"{key}"\s*:\s*(\d+)', text)


@pytest.mark.parametrize("name", ["video_query__keyword_cat_US__page1.json",
                                  "video_query__keyword_cat_US__page2_last__edited_fixture.json",
                                  "video_query__null_bytes_in_username.json"])
def test_real_video_query_pages(name: str) -> None:
    text, payload = sample(name)
    page = tt.parse_video_query(payload, ctx())
    assert [p.post_id for p in page.items] == raw_ids(text, "id")  # exact, in order (one is 20 digits)
    assert page.facts["size"] == len(payload["data"]["videos"]) == len(page.items)
    for post, raw in zip(page.items, payload["data"]["videos"], strict=True):
        assert isinstance(post, PostItem) and post.platform == "tiktok"
        assert "\x00" not in post.creator_id and post.creator_id
        assert ISO_Z.match(post.created_at or "")
        assert post.like_count == raw.get("like_count")  # missing stays None
        assert post.view_count == raw["view_count"] and post.comment_count == raw["comment_count"]
        assert post.url == f"https://www.tiktok.com/@{post.creator_id}/video/{post.post_id}"
    assert page.cursor == (str(payload["data"]["cursor"]) if payload["data"]["has_more"] else None)


def test_real_page_has_a_video_without_like_count_and_more_pages_than_it_holds() -> None:
    _, payload = sample("video_query__keyword_cat_US__page1.json")
    page = tt.parse_video_query(payload, ctx())
    assert sum(p.like_count is None for p in page.items) == 1
    assert page.cursor == "100" and len(page.items) < 100  # fewer than max_count while has_more


def test_real_username_with_nul_bytes() -> None:
    _, payload = sample("video_query__null_bytes_in_username.json")
    post = tt.parse_video_query(payload, ctx()).items[0]
    assert post.creator_id == payload["data"]["videos"][0]["username"].replace("\x00", "")


def test_real_comment_list() -> None:
    text, payload = sample("video_comment_list.json")
    video_id = raw_ids(text, "video_id")[0]
    page = tt.parse_comment_list(payload, ctx(post_id=video_id))
    assert [c.comment_id for c in page.items] == raw_ids(text, "id")
    assert all(c.parent_comment_id is None for c in page.items)  # all top-level in this recording
    assert any(c.text == "" for c in page.items)
    assert page.cursor is None and page.facts["has_more"] is False


def test_docs_examples() -> None:
    _, info = sample("docs/user_info.example.json")
    creator = tt.parse_user_info(info, ctx(creator_id="someone")).items[0]
    assert (creator.display_name, creator.followers_count, creator.post_count) == ("my nick name", 232, 44)
    _, token = sample("docs/oauth_token__client_credentials.example.json")
    assert tt.parse_token(token, ctx()).items[0].expires_in == 7200
    _, refused = sample("docs/oauth_token__error_invalid_request.example.json")
    assert tt.parse_error(refused)[0] == "invalid_request"
    with pytest.raises(ParseError):
        tt.parse_token(refused, ctx())
    _, docs_query = sample("docs/video_query.example.json")
    page = tt.parse_video_query(docs_query, ctx(creator_id="someone"))  # id named video_id, no username
    assert page.items and all(p.creator_id == "someone" for p in page.items)


def test_real_invalid_params_error() -> None:
    _, payload = sample("error_400_invalid_params__invalid_count_or_cursor__from_issue.json")
    assert tt.parse_error(payload) == ("invalid_params", "Invalid count or cursor")
