"""Golden-file and contract tests for the pure YouTube Data API parsers."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import youtube as yt

FIXTURES = Path(__file__).parent / "fixtures" / "youtube"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "youtube"
FETCHED_AT = "2026-03-01T12:00:00Z"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())


def _as_plain(result: Any) -> Any:
    if isinstance(result, list):
        return {"items": [asdict(item) for item in result]}
    if isinstance(result, tuple):
        return list(result)
    return asdict(result)


# -- golden files -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    parser = getattr(yt, expected["parser"])
    assert expected["results"], "a case without results tests nothing"
    for body_name, want in expected["results"].items():
        payload = json.loads((FIXTURES / case / body_name).read_text(encoding="utf-8"))
        if expected["parser"] == "parse_error":
            got = parser(payload)
        elif expected["parser"] in ("parse_search", "parse_playlist_items"):
            got = parser(expected["url"], payload)
        else:
            got = parser(expected["url"], payload, expected["fetched_at"], **expected["context"])
        assert _as_plain(got) == want, f"{case}/{body_name}"


def test_golden_cases_cover_the_oddities() -> None:
    assert {"search_page", "channels_oddities", "videos_oddities", "comment_threads_replies",
            "error_envelopes"} <= set(CASES)


def test_hostile_text_comes_through_unchanged() -> None:
    url = "https://yt.test/videos?id=vidCCCCCC03"
    payload = json.loads((FIXTURES / "videos_oddities" / "body.json").read_text(encoding="utf-8"))
    post = {p.post_id: p for p in yt.parse_videos(url, payload, FETCHED_AT)}["vidCCCCCC03"]
    assert post.title == '=HYPERLINK("http://evil.example","Tofu") <script>alert(1)</script>'
    assert post.text == "<b>not bold</b> #VeganRecipes"
    assert post.comment_count == 0 and post.like_count == 0  # a real zero stays zero


def test_hidden_and_missing_counts_are_none() -> None:
    payload = json.loads((FIXTURES / "channels_oddities" / "body.json").read_text(encoding="utf-8"))
    creators = {c.creator_id: c for c in yt.parse_channels("https://yt.test/channels", payload, FETCHED_AT)}
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
        if parser == "parse_search":
            function("https://yt.test/x", payload)
        elif parser == "parse_comment_threads":
            function("https://yt.test/x", payload, FETCHED_AT, "vid", "UCx")
        else:
            function("https://yt.test/x", payload, FETCHED_AT)
    assert info.value.platform == "youtube"


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
    page = yt.parse_search("https://www.googleapis.com/youtube/v3/search", payload)
    assert len(page.hits) + page.other_results == len(payload["items"])
    assert page.next_page_token == payload.get("nextPageToken")
    for hit in page.hits:
        assert hit.video_id and hit.channel_id.startswith("UC")
        assert hit.published_at is None or TIMESTAMP.match(hit.published_at)
    if "type_channel" in name:
        assert page.hits == [] and page.other_results == len(payload["items"])
    else:
        assert page.hits


@pytest.mark.parametrize("name", ["channels_list__multi_full.json", "channels_list__statistics.json"])
def test_contract_channels(name: str) -> None:
    payload = _sample(name)
    creators = yt.parse_channels("https://www.googleapis.com/youtube/v3/channels", payload, FETCHED_AT)
    assert len(creators) == len(payload["items"])
    for creator in creators:
        assert isinstance(creator, CreatorItem)
        _sane(creator)
        assert creator.creator_id.startswith("UC") and creator.handle and not creator.handle.startswith("@")
        assert isinstance(creator.followers_count, int) and isinstance(creator.post_count, int)


def test_uploads_playlists() -> None:
    payload = {"items": [
        {"id": "UCa", "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UUa"}}},
        {"id": "UCb", "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": ""}}},
        {"id": "UCc", "snippet": {"title": "part not asked for"}},
    ]}
    assert yt.uploads_playlists("https://yt.test/channels", payload) == {"UCa": "UUa"}
    with pytest.raises(ParseError):
        yt.uploads_playlists("https://yt.test/channels", {"items": [{"id": "UCa", "contentDetails": []}]})


def test_contract_uploads_playlists() -> None:
    payload = _sample("channels_list__multi_full.json")
    found = yt.uploads_playlists("https://www.googleapis.com/youtube/v3/channels", payload)
    assert set(found) == {item["id"] for item in payload["items"]}
    assert all(playlist.startswith("UU") and playlist[2:] == channel[2:] for channel, playlist in found.items())


@pytest.mark.parametrize("name", ["videos_list__multi_snippet.json", "videos_list__snippet_statistics.json"])
def test_contract_videos(name: str) -> None:
    payload = _sample(name)
    posts = yt.parse_videos("https://www.googleapis.com/youtube/v3/videos", payload, FETCHED_AT)
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
    page = yt.parse_comment_threads("https://www.googleapis.com/youtube/v3/commentThreads", payload,
                                    FETCHED_AT, "F1UP7wRCPH8", "UC_x5XG1OV2P6uZZ5FSM9Ttw")
    assert page.next_page_token == payload.get("nextPageToken")
    assert len(page.comments) >= len(payload["items"])
    for comment in page.comments:
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
