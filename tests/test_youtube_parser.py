"""Focused and contract tests for the pure YouTube Data API parsers.

The golden cases (``tests/fixtures/youtube/<parser>/<case>/``) run in ``tests/test_parsers_golden.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context
from crawler.parsers import youtube as yt

FIXTURES = Path(__file__).parent / "fixtures" / "youtube"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "youtube"
FETCHED_AT = "2026-03-01T12:00:00Z"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def ctx(url: str = "https://yt.test/x", **values: Any) -> Context:
    return Context(url=url, fetched_at=FETCHED_AT, **values)


def payload(case: str) -> Any:
    """The payload of golden case ``<parser>/<case>``."""
    return json.loads((FIXTURES / case / "payload.json").read_text(encoding="utf-8"))


# -- error envelopes (parse_error is a helper, not a page parser: its cases live in one folder) -----
def test_error_envelopes() -> None:
    folder = FIXTURES / "error_envelopes"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["results"]
    assert len(expected) >= 8
    for name, want in expected.items():
        assert list(yt.parse_error(json.loads((folder / name).read_text(encoding="utf-8")))) == want, name


def test_every_parser_is_listed() -> None:
    expected = {
        "search": yt.parse_search,
        "channels": yt.parse_channels,
        "playlist_items": yt.parse_playlist_items,
        "videos": yt.parse_videos,
        "comment_threads": yt.parse_comment_threads,
    }
    assert expected == yt.PARSERS


def test_hostile_text_comes_through_unchanged() -> None:
    posts = yt.parse_videos(payload("videos/oddities"), ctx("https://yt.test/videos?id=vidCCCCCC03")).items
    post = {p.post_id: p for p in posts}["vidCCCCCC03"]
    assert post.title == '=HYPERLINK("http://evil.example","Tofu") <script>alert(1)</script>'
    assert post.text == "<b>not bold</b> #VeganRecipes"
    assert post.comment_count == 0 and post.like_count == 0  # a real zero stays zero


def test_hidden_and_missing_counts_are_none() -> None:
    page = yt.parse_channels(payload("channels/oddities"), ctx("https://yt.test/channels"))
    creators = {c.creator_id: c for c in page.items}
    assert creators["UChiddenbutsentcount0004"].followers_count is None  # hidden even though sent
    assert creators["UCsecondfictionalcook002"].followers_count is None
    assert creators["UCnocustomurlchannel0003"].post_count is None
    assert creators["UCnocustomurlchannel0003"].handle == "UCnocustomurlchannel0003"
    assert creators["UCfictionalkitchen000001"].followers_count == 51200


# -- helpers --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("https://h/youtube/v3/search?part=snippet&key=SECRET", "https://h/youtube/v3/search?part=snippet"),
        ("https://h/v3/videos?key=SECRET&id=a,b", "https://h/v3/videos?id=a,b"),
        ("https://h/v3/videos?key=SECRET", "https://h/v3/videos"),
        ("https://h/v3/videos?monkey=1&key=S#frag", "https://h/v3/videos?monkey=1#frag"),
        ("https://h/v3/videos", "https://h/v3/videos"),
    ],
)
def test_redact(url: str, redacted: str) -> None:
    assert yt.redact(url) == redacted


def test_redact_text_removes_keys_from_every_url() -> None:
    text = "Gave up retrying <GET https://h/v3/search?q=%23x&key=SECRET1> and https://h/v3/videos?key=SECRET2&id=a"
    cleaned = yt.redact_text(text)
    assert "SECRET" not in cleaned
    assert "https://h/v3/search?q=%23x>" in cleaned and "https://h/v3/videos?id=a" in cleaned


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1927873", 1927873), (12, 12), ("0", 0), (None, None), ("", None), ("1.5k", None), (True, None),
     ("-3", None)],
)
def test_to_int(value: Any, expected: int | None) -> None:
    assert yt.to_int(value) == expected


def test_hashtags_only_from_text_not_keywords() -> None:
    assert yt.extract_hashtags("#Vegan and #vegan, page#top, &#39;, #1, #2024recipes", "#料理") == [
        "vegan", "2024recipes", "料理",
    ]
    assert yt.extract_hashtags(None, "") == []


# -- changed structure ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parser", "payload"),
    [
        ("parse_videos", {"items": {"id": "x"}}),
        ("parse_videos", {"items": [{"snippet": {"channelId": "UCx"}}]}),
        ("parse_videos", {"items": [{"id": "vid", "snippet": {"title": "no channel"}}]}),
        ("parse_videos", {"items": [{"id": "vid", "snippet": {"channelId": "UCx"}, "statistics": []}]}),
        ("parse_channels", {"items": [{"id": 5}]}),
        ("parse_channels", ["not", "an", "object"]),
        ("parse_comment_threads", {"items": [{"snippet": {"topLevelComment": "text"}}]}),
        ("parse_comment_threads", {"items": [{"snippet": {"topLevelComment": {"id": "c", "snippet": {}}},
                                             "replies": {"comments": {"id": "r"}}}]}),
        ("parse_search", {"items": [{"id": {"kind": "youtube#video"}, "snippet": {"channelId": "UCx"}}]}),
        ("parse_search", {"items": [{"id": "vid", "snippet": {}}]}),
    ],
)
def test_changed_structure_raises_parse_error(parser: str, payload: Any) -> None:
    function = getattr(yt, parser)
    with pytest.raises(ParseError) as info:
        function(payload, ctx(post_id="vid", creator_id="UCx"))
    assert info.value.platform == "youtube"


def test_comment_threads_need_the_video() -> None:
    """A missing video id is a programming error, not a changed structure."""
    with pytest.raises(ValueError, match="post_id"):
        yt.parse_comment_threads({"items": []}, ctx(creator_id="UCx"))
    page = yt.parse_comment_threads(payload("comment_threads/replies"), ctx(post_id="vidAAAAAA01"))
    assert not any(c.author_is_creator for c in page.items)  # channel unknown: nobody is the creator


# -- contract: the real recorded shapes --------------------------------------------------------------
def _sample(name: str) -> Any:
    if not SAMPLES.is_dir():
        pytest.skip("shared platform samples are not present")
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def _sane(item: Any) -> None:
    for name, value in asdict(item).items():
        if name.endswith("_count"):
            assert value is None or (isinstance(value, int) and value >= 0), (name, value)
        if name.endswith("_at") and value is not None:
            assert TIMESTAMP.match(value), (name, value)
    assert item.platform == "youtube" and item.source_url and item.fetched_at


@pytest.mark.parametrize("name", ["search_list__keywords__page1.json", "search_list__keywords__page2.json",
                                  "search_list__type_channel.json"])
def test_contract_search(name: str) -> None:
    payload = _sample(name)
    page = yt.parse_search(payload, ctx("https://www.googleapis.com/youtube/v3/search"))
    assert len(page.items) + page.facts["other_results"] == len(payload["items"])
    assert page.cursor == payload.get("nextPageToken")
    for hit in page.items:
        assert hit.video_id and hit.channel_id.startswith("UC")
        assert hit.published_at is None or TIMESTAMP.match(hit.published_at)
    if "type_channel" in name:
        assert page.items == [] and page.facts["other_results"] == len(payload["items"])
    else:
        assert page.items


@pytest.mark.parametrize("name", ["channels_list__multi_full.json", "channels_list__statistics.json"])
def test_contract_channels(name: str) -> None:
    payload = _sample(name)
    creators = yt.parse_channels(payload, ctx("https://www.googleapis.com/youtube/v3/channels")).items
    assert len(creators) == len(payload["items"])
    for creator in creators:
        assert isinstance(creator, CreatorItem)
        _sane(creator)
        assert creator.creator_id.startswith("UC") and creator.handle and not creator.handle.startswith("@")
        assert isinstance(creator.followers_count, int) and isinstance(creator.post_count, int)


def test_uploads_playlists() -> None:
    body = {"items": [
        {"id": "UCa", "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UUa"}}},
        {"id": "UCb", "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": ""}}},
        {"id": "UCc", "snippet": {"title": "part not asked for"}},
        {"id": "UCd", "contentDetails": {"relatedPlaylists": "UUd"}},
    ]}
    page = yt.parse_channels(body, ctx("https://yt.test/channels"))
    assert page.facts == {"uploads": {"UCa": "UUa"},
                          "uploads_unreadable": ["channel UCd's relatedPlaylists is str, expected an object"]}
    assert [c.creator_id for c in page.items] == ["UCa", "UCb", "UCc", "UCd"]  # a bad part loses the playlist only


def test_contract_uploads_playlists() -> None:
    payload = _sample("channels_list__multi_full.json")
    found = yt.parse_channels(payload, ctx("https://www.googleapis.com/youtube/v3/channels")).facts["uploads"]
    assert set(found) == {item["id"] for item in payload["items"]}
    assert all(playlist.startswith("UU") and playlist[2:] == channel[2:] for channel, playlist in found.items())


@pytest.mark.parametrize("name", ["videos_list__multi_snippet.json", "videos_list__snippet_statistics.json"])
def test_contract_videos(name: str) -> None:
    payload = _sample(name)
    posts = yt.parse_videos(payload, ctx("https://www.googleapis.com/youtube/v3/videos")).items
    assert len(posts) == len(payload["items"])
    for post in posts:
        assert isinstance(post, PostItem)
        _sane(post)
        assert post.post_id and post.creator_id.startswith("UC") and post.title
        assert post.url == f"https://www.youtube.com/watch?v={post.post_id}"
        assert post.share_count is None
        assert all(tag == tag.casefold() for tag in post.hashtags)
    if "statistics" in name:
        assert posts[0].view_count == 7920 and posts[0].like_count == 190 and posts[0].comment_count == 32


@pytest.mark.parametrize("name", ["commentThreads_list__videoId__page1.json",
                                  "commentThreads_list__videoId__page2.json"])
def test_contract_comment_threads(name: str) -> None:
    payload = _sample(name)
    page = yt.parse_comment_threads(payload, ctx("https://www.googleapis.com/youtube/v3/commentThreads",
                                                 post_id="F1UP7wRCPH8", creator_id="UC_x5XG1OV2P6uZZ5FSM9Ttw"))
    assert page.cursor == payload.get("nextPageToken")
    assert len(page.items) >= len(payload["items"])
    for comment in page.items:
        assert isinstance(comment, CommentItem)
        _sane(comment)
        assert comment.comment_id and comment.post_id == "F1UP7wRCPH8"
        assert comment.author_platform_id and comment.author_is_bot_account is None
        assert isinstance(comment.text, str) and "<a href" not in comment.text  # textOriginal preferred


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [("error_400_keyInvalid.json", 400, "keyInvalid"),
     ("error_403_permission_denied.json", 403, "SERVICE_UNAVAILABLE"),
     ("error_403_quotaExceeded__from_issue.json", 403, "quotaExceeded")],
)
def test_contract_errors(name: str, code: int, reason: str) -> None:
    got_code, got_reason, message = yt.parse_error(_sample(name))
    assert (got_code, got_reason) == (code, reason)
    assert message
