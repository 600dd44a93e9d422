"""The sandbox's TikTok Research API: the world's TikTok creators, the API over real HTTP (shapes
against the samples in ../shared, client tokens, paging by cursor and search_id, quotas, throttling,
faults), the ground truth, a reference crawl that collects exactly it with exactly the expected
number of requests, and proof that adding TikTok left the other platforms' worlds byte-identical."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from crawler.sandbox import FaultConfig, SandboxServer, generate_world
from crawler.sandbox.__main__ import crawl_commands, main
from crawler.sandbox.bluesky_api import BlueskyAPI
from crawler.sandbox.expect import expected_crawl
from crawler.sandbox.mastodon_api import MastodonAPI
from crawler.sandbox.platforms import MODELS
from crawler.sandbox.platforms import bluesky as bsky
from crawler.sandbox.platforms import tiktok as tt
from crawler.sandbox.tiktok_api import (
    COMMENT_FIELDS,
    DEFAULT_CLIENT_KEY,
    DEFAULT_CLIENT_SECRET,
    USER_FIELDS,
    TikTokConfig,
)
from crawler.sandbox.world import DEFAULT_PLATFORMS, PLATFORMS, World
from crawler.sandbox.youtube_api import DEFAULT_KEYS, YouTubeAPI

TAGS = ("veganrecipes", "plantbased")
VIDEO_QUERY_FIELDS = ("id,create_time,username,region_code,video_description,like_count,comment_count,share_count,"
                      "view_count,hashtag_names")
CONTRACT_VIDEO_FIELDS = set(VIDEO_QUERY_FIELDS.split(","))
CLIENT = {"client_key": DEFAULT_CLIENT_KEY, "client_secret": DEFAULT_CLIENT_SECRET, "grant_type": "client_credentials"}
LOG_ID_RE = re.compile(r"\d{14}[0-9A-F]{20}")

# Fingerprints of the worlds without TikTok, computed on the commit before TikTok joined (72ebeb7)
# with fingerprint() below: the same seed must keep giving the same ground truth and API answers.
FINGERPRINTS = {
    (7, ("mastodon", "youtube")): "b8790bd81b4e1447ee8ad62dfa315a3a6aaa3141f5e322062d442b88dac4be94",
    (7, ("mastodon", "youtube", "bluesky")): "aefd984acd9cf07b36e3eb17a2d1103e0484fbf35842eed95239316166f1a871",
    (7, ("bluesky",)): "8f1cf8c50c6a45742eb6e4656d192333ccb33437e961a1b44a1304ec7d97a4d4",
    (1234, ("mastodon", "youtube")): "33c54387ff8e82bfd9148b801d00bb7c9ab16be0bea0b7802f470ed4dd0a6013",
    (1234, ("mastodon", "youtube", "bluesky")): "17e581e6614ee8fdf8fa96acfc0feea93d7c2846bc55704d2310ef28bb59d97e",
    (1234, ("bluesky",)): "6d11178c57f1fcd7b822ae6c366c450a51b412b51462f89c49c8e5ba5261f8f1",
}


# -- plumbing -------------------------------------------------------------------------------------


def post(url: str, data: Any = None, *, token: str | None = None, form: dict[str, str] | None = None,
         ) -> tuple[int, dict[str, str], bytes]:
    if form is not None:
        body = urlencode(form).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        body = json.dumps(data if data is not None else {}).encode()
        content_type = "application/json"
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def get_token(base_url: str, **overrides: str) -> str:
    status, _, body = post(f"{base_url}/tiktok/v2/oauth/token/", form={**CLIENT, **overrides})
    assert status == 200, body
    return json.loads(body)["access_token"]


def research(server: SandboxServer, endpoint: str, fields: str, data: Any, token: str
             ) -> tuple[int, dict[str, str], Any]:
    status, headers, raw = post(f"{server.base_url}/tiktok/v2/research/{endpoint}/?fields={fields}", data,
                                token=token)
    try:
        return status, headers, json.loads(raw)
    except ValueError:
        return status, headers, raw


def ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


def today_of(world: World) -> date:
    return datetime.fromtimestamp(world.now_ms / 1000, tz=UTC).date()


def tag_query(tag: str, today: date, days: int = 30, **extra: Any) -> dict[str, Any]:
    return {"query": {"and": [{"operation": "EQ", "field_name": "hashtag_name", "field_values": [tag]}]},
            "start_date": ymd(today - timedelta(days=days - 1)), "end_date": ymd(today), "max_count": 100, **extra}


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=11, creators=40, posts_per_creator=8, comments_per_post=10,
                          platforms=("mastodon", "tiktok"))


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[SandboxServer]:
    with SandboxServer(world) as srv:
        yield srv


@pytest.fixture
def token(server: SandboxServer) -> str:
    server.reset()
    return get_token(server.base_url)


def tiktok_creators(world: World) -> list[Any]:
    return [c for c in world.creators if c.platform == "tiktok"]


def viral(world: World) -> Any:
    return max(world.visible_posts("tiktok"), key=lambda p: p.n_comments)


# -- the world ------------------------------------------------------------------------------------


def test_tiktok_is_a_platform_but_not_a_default_one() -> None:
    assert set(MODELS) == set(PLATFORMS) and "tiktok" in PLATFORMS and "tiktok" not in DEFAULT_PLATFORMS


def fingerprint(seed: int, platforms: tuple[str, ...]) -> str:
    """sha256 of a world's ground truth and of a sample of its answers on every platform it holds."""
    w = generate_world(seed=seed, creators=40, posts_per_creator=8, comments_per_post=6, platforms=platforms)
    digest = hashlib.sha256(json.dumps(w.ground_truth(), sort_keys=True).encode())
    base = "http://127.0.0.1:1"
    if "mastodon" in platforms:
        mastodon = MastodonAPI(w, base)
        digest.update(mastodon.handle("/api/v1/timelines/tag/veganrecipes", {"limit": "40"}).body)
        creator = next(c for c in w.creators if c.platform == "mastodon")
        digest.update(mastodon.handle(f"/api/v1/accounts/{creator.mastodon_id}/statuses", {"limit": "40"}).body)
        digest.update(mastodon.handle(f"/api/v1/statuses/{w.creator_posts(creator)[0].post_id}/context", {}).body)
    if "youtube" in platforms:
        youtube, key = YouTubeAPI(w, base, keys=DEFAULT_KEYS), sorted(DEFAULT_KEYS)[0]
        digest.update(youtube.handle("/youtube/v3/search", {"key": key, "part": "snippet", "q": "#veganrecipes",
                                                            "type": "video", "maxResults": "50"}).body)
        video = next(p for p in w.visible_posts("youtube") if p.n_comments)
        digest.update(youtube.handle("/youtube/v3/commentThreads", {"key": key, "part": "snippet,replies",
                                                                    "videoId": video.post_id,
                                                                    "maxResults": "100"}).body)
    if "bluesky" in platforms:
        bluesky = BlueskyAPI(w, base)
        creator = next(c for c in w.creators if c.platform == "bluesky")
        digest.update(bluesky.handle("GET", "appview", "app.bsky.feed.getAuthorFeed",
                                     [("actor", bsky.handle_of(creator.handle))]).body)
        thread = next(p for p in w.visible_posts("bluesky") if p.n_comments and p.reblog_of is None)
        digest.update(bluesky.handle("GET", "appview", "app.bsky.feed.getPostThread", [("uri", thread.post_id)]).body)
    return digest.hexdigest()


@pytest.mark.parametrize(("seed", "platforms"), sorted(FINGERPRINTS))
def test_worlds_without_tiktok_are_byte_identical_to_before(seed: int, platforms: tuple[str, ...]) -> None:
    assert fingerprint(seed, platforms) == FINGERPRINTS[(seed, platforms)]


def test_a_seed_gives_the_same_tiktok_world_and_another_seed_another() -> None:
    def truth(seed: int) -> str:
        w = generate_world(seed=seed, creators=12, posts_per_creator=4, comments_per_post=4,
                           platforms=("youtube", "tiktok"))
        return json.dumps(w.ground_truth(), sort_keys=True)

    assert truth(3) == truth(3) != truth(4)


def test_a_seed_gives_the_same_answers() -> None:
    def answers() -> Any:
        w = generate_world(seed=3, creators=12, posts_per_creator=4, comments_per_post=4, platforms=("tiktok",))
        creator = next(c for c in tiktok_creators(w) if c.opt_out_reason is None)
        video = next(p for p in w.visible_posts("tiktok") if p.n_comments)
        with SandboxServer(w) as srv:
            token = get_token(srv.base_url)
            calls = [("video/query", VIDEO_QUERY_FIELDS, tag_query("veganrecipes", today_of(w), max_count=3)),
                     ("user/info", ",".join(USER_FIELDS), {"username": creator.handle}),
                     ("video/comment/list", ",".join(COMMENT_FIELDS), {"video_id": int(video.post_id)})]
            data = [research(srv, *call, token)[2]["data"] for call in calls]
            return json.loads(json.dumps(data).replace(srv.base_url, "BASE"))  # the port differs

    first = answers()
    assert first == answers() and all(first)


def test_ids_are_64_bit_integers_that_carry_their_time(world: World) -> None:
    for video in world.visible_posts("tiktok")[:60]:
        vid = int(video.post_id)
        assert 2**53 < vid < 2**63 and vid >> 32 == video.created_ms // 1000
        assert world.post_by_id("tiktok", video.post_id) is video
        assert tt.post_by_video_id(world, vid) is video
        for comment in world.comments(video):
            cid = int(comment.comment_id)
            assert 2**53 < cid < 2**63 and cid >> 32 == comment.created_ms // 1000
    ids = [c.comment_id for p in world.visible_posts("tiktok") for c in world.comments(p)]
    assert len(ids) == len(set(ids))
    assert world.post_by_id("tiktok", str(int(world.visible_posts("tiktok")[0].post_id) + 1)) is None
    assert tt.post_by_video_id(world, "not-a-number") is None


def test_planted_traits(world: World) -> None:
    creators = tiktok_creators(world)
    reasons = sorted(c.opt_out_reason for c in creators if c.opt_out_reason)
    assert "private" in reasons and "deleted" in reasons
    assert all(c.creator_id == c.handle for c in creators)
    videos = world.visible_posts("tiktok")
    assert any(tt.reported_likes(world, p) is None for p in videos)
    assert any("\x00" in tt.served_username(world, p) for p in videos)
    assert viral(world).n_comments > tt.COMMENT_CAP
    served = [tt.comment_served_text(world, c) for p in videos for c in tt.served_comments(world, p)]
    assert any(text == "" for text, _ in served) and any("\x00" in text for text, _ in served)
    assert all("\x00" not in stored for _, stored in served)


def test_ground_truth_records_for_tiktok(world: World) -> None:
    truth = world.ground_truth()
    records = {c["creator_id"]: c for c in truth["creators"] if c["platform"] == "tiktok"}
    private = next(c for c in records.values() if c["skip_reason"] == "private")
    assert private["opt_out"] and private["username"] == private["creator_id"]
    big = next(p for p in truth["posts"] if p["post_id"] == viral(world).post_id)
    assert big["served_comment_count"] == tt.COMMENT_CAP and big["unserved_comment_count"] > 0
    minimum = truth["expected_min_requests"]["tiktok"]
    assert minimum["total"] == 1 + minimum["discovery_pages"] + minimum["user_info_requests"] + (
        minimum["creator_video_pages"] + minimum["comment_pages"])
    assert set(minimum["skipped"].values()) == {"private", "deleted"}
    # No limits: every accepted creator's six 180-day windows are queried.
    assert minimum["creator_video_pages"] >= tt.CREATOR_WINDOWS * minimum["creators"]


def test_windows_are_30_days_newest_first_and_never_overlap() -> None:
    today = date(2026, 6, 1)
    six = tt.windows(today, tt.CREATOR_WINDOWS)
    assert six[0] == (date(2026, 5, 3), today) and len(six) == 6
    assert all((end - start).days == 29 for start, end in six)
    assert all(newer[0] - older[1] == timedelta(days=1) for newer, older in itertools.pairwise(six))
    assert six[-1][0] == today - timedelta(days=179)
    clipped = tt.windows(today, None, since=date(2026, 4, 20))
    assert clipped == [(date(2026, 5, 3), today), (date(2026, 4, 20), date(2026, 5, 2))]


# -- shapes against the samples ----------------------------------------------------------------------


def sample(shared_samples: Path, name: str) -> Any:
    path = shared_samples / "tiktok-research" / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return json.loads(path.read_text())


def test_token_answers_match_the_samples(server: SandboxServer, shared_samples: Path) -> None:
    good = sample(shared_samples, "docs/oauth_token__client_credentials.example.json")
    refused = sample(shared_samples, "docs/oauth_token__error_invalid_request.example.json")
    url = f"{server.base_url}/tiktok/v2/oauth/token/"
    status, _, body = post(url, form=CLIENT)
    answer = json.loads(body)
    assert status == 200 and set(answer) == set(good) and answer["access_token"].startswith("clt.")
    assert answer["expires_in"] == 7200 and answer["token_type"] == "Bearer"
    status, _, body = post(url, form={**CLIENT, "client_secret": "wrong"})
    answer = json.loads(body)
    assert status == 401 and set(answer) == set(refused) and answer["error"] == "invalid_client"
    assert answer["error_description"] == "Client key or secret is incorrect."
    status, _, body = post(url, form={"client_key": DEFAULT_CLIENT_KEY, "grant_type": "client_credentials"})
    assert status == 400 and json.loads(body)["error_description"] == "Client secret is missed in request."


def test_video_query_matches_the_samples(server: SandboxServer, world: World, token: str,
                                         shared_samples: Path) -> None:
    page1 = sample(shared_samples, "video_query__keyword_cat_US__page1.json")
    real_keys = set().union(*(v.keys() for v in page1["data"]["videos"]))
    status, _, body = research(server, "video/query", VIDEO_QUERY_FIELDS, tag_query("veganrecipes", today_of(world)),
                               token)
    assert status == 200 and set(body) == set(page1) and set(body["data"]) == set(page1["data"])
    assert set(body["error"]) == set(page1["error"]) and body["error"]["code"] == "ok"
    assert LOG_ID_RE.fullmatch(body["error"]["log_id"])
    videos = body["data"]["videos"]
    assert videos and all(set(v) <= CONTRACT_VIDEO_FIELDS & real_keys for v in videos)
    assert all(CONTRACT_VIDEO_FIELDS - {"like_count"} <= set(v) for v in videos)
    assert isinstance(body["data"]["search_id"], str) and body["data"]["search_id"].isdigit()
    # Only the fields asked for come back.
    status, _, body = research(server, "video/query", "id,username", tag_query("veganrecipes", today_of(world)), token)
    assert status == 200 and all(set(v) == {"id", "username"} for v in body["data"]["videos"])


def test_ids_are_bare_json_integers(server: SandboxServer, world: World, token: str) -> None:
    url = f"{server.base_url}/tiktok/v2/research/video/query/?fields=id,create_time"
    _, _, raw = post(url, tag_query("veganrecipes", today_of(world)), token=token)
    ids = re.findall(rb'"id":(\d+)', raw)
    assert ids and all(int(i) > 2**53 for i in ids) and b'"id":"' not in raw


def test_user_info_and_comments_match_the_samples(server: SandboxServer, world: World, token: str,
                                                  shared_samples: Path) -> None:
    user = sample(shared_samples, "docs/user_info.example.json")
    creator = next(c for c in tiktok_creators(world) if c.opt_out_reason is None)
    status, _, body = research(server, "user/info", ",".join(USER_FIELDS), {"username": creator.handle}, token)
    assert status == 200 and set(body["data"]) == set(user["data"]) and set(body["error"]) == set(user["error"])
    assert body["data"]["display_name"] == creator.display_name
    assert body["data"]["follower_count"] == creator.followers_at(world.epoch)
    recorded = sample(shared_samples, "video_comment_list.json")
    documented = sample(shared_samples, "docs/video_comment_list.example.json")
    video = next(p for p in world.visible_posts("tiktok") if 3 < p.n_comments < 100)
    status, _, body = research(server, "video/comment/list", ",".join(COMMENT_FIELDS),
                               {"video_id": int(video.post_id), "max_count": 100}, token)
    assert status == 200 and set(body["data"]) == set(recorded["data"])
    keys = set(recorded["data"]["comments"][0]) | set(documented["data"]["comments"][0])
    assert body["data"]["comments"] and all(set(c) == keys for c in body["data"]["comments"])


def test_invalid_params_answers(server: SandboxServer, world: World, token: str, shared_samples: Path) -> None:
    refused = sample(shared_samples, "error_400_invalid_params__invalid_count_or_cursor__from_issue.json")
    today = today_of(world)
    cases = [
        {**tag_query("veganrecipes", today, days=32)},  # a 31-day span
        {**tag_query("veganrecipes", today), "max_count": 101},
        {**tag_query("veganrecipes", today), "query": {"and": []}},
        {**tag_query("veganrecipes", today), "query": {"and": [{"operation": "EQ", "field_name": "hashtag_name",
                                                                "field_values": ["a", "b"]}]}},
        {**tag_query("veganrecipes", today), "start_date": "2026-05-01"},
        {**tag_query("veganrecipes", today), "end_date": ymd(today - timedelta(days=40))},
        {**tag_query("veganrecipes", today), "search_id": "123"},
    ]
    for case in cases:
        status, _, body = research(server, "video/query", VIDEO_QUERY_FIELDS, case, token)
        assert status == 400 and body["error"]["code"] == "invalid_params", case
        assert set(body["error"]) == set(refused["error"])
    assert research(server, "video/query", VIDEO_QUERY_FIELDS, tag_query("x", today, days=31), token)[0] == 200
    status, _, body = research(server, "video/query", "id,nonsense", tag_query("x", today), token)
    assert status == 400 and "nonsense" in body["error"]["message"]
    status, _, raw = post(f"{server.base_url}/tiktok/v2/research/video/query/", tag_query("x", today), token=token)
    assert status == 400 and json.loads(raw)["error"]["code"] == "invalid_params"  # fields is required


# -- paging and queries -----------------------------------------------------------------------------


def query_all(server: SandboxServer, token: str, body: dict[str, Any]) -> tuple[list[dict[str, Any]], list[int]]:
    videos: list[dict[str, Any]] = []
    sizes: list[int] = []
    extra: dict[str, Any] = {}
    while True:
        status, _, answer = research(server, "video/query", VIDEO_QUERY_FIELDS, {**body, **extra}, token)
        assert status == 200, answer
        data = answer["data"]
        videos += data["videos"]
        sizes.append(len(data["videos"]))
        if not data["has_more"]:
            return videos, sizes
        extra = {"cursor": data["cursor"], "search_id": data["search_id"]}


def test_video_query_pages_by_cursor_and_search_id_newest_first(server: SandboxServer, world: World,
                                                                token: str) -> None:
    today = today_of(world)
    start = today - timedelta(days=29)
    expected = [p for p in tt.tiktok_videos(world)
                if "veganrecipes" in p.hashtags and start <= tt.day_of(p.created_ms) <= today]
    assert len(expected) > 20
    videos, sizes = query_all(server, token, tag_query("veganrecipes", today, max_count=7))
    assert [str(v["id"]) for v in videos] == [p.post_id for p in expected]
    assert all(size <= 7 for size in sizes) and any(size < 7 for size in sizes[:-1])  # short pages, has_more true
    assert [v["create_time"] for v in videos] == sorted((v["create_time"] for v in videos), reverse=True)
    assert all(v["username"].replace("\x00", "") == world.creators[p.creator].handle
               for v, p in zip(videos, expected, strict=True))


def test_query_object_and_or_not_on_username_and_region(server: SandboxServer, world: World, token: str) -> None:
    today = today_of(world)
    creator = next(c for c in tiktok_creators(world) if c.opt_out_reason is None)
    region = tt.region_code(world, creator)
    body = {"query": {"and": [{"operation": "EQ", "field_name": "username", "field_values": [creator.handle]},
                              {"operation": "IN", "field_name": "region_code", "field_values": [region, "JP"]}]},
            "start_date": ymd(today - timedelta(days=30)), "end_date": ymd(today), "max_count": 100}
    videos, _ = query_all(server, token, body)
    own = [p.post_id for p in tt.tiktok_videos(world) if p.creator == creator.index
           and today - timedelta(days=30) <= tt.day_of(p.created_ms)]
    assert [str(v["id"]) for v in videos] == own and own
    others = {**body, "query": {"or": body["query"]["and"][:1], "not": [
        {"operation": "EQ", "field_name": "region_code", "field_values": [region]}]}}
    assert query_all(server, token, others)[0] == []
    hidden = next(c for c in tiktok_creators(world) if c.opt_out_reason is not None)
    named = {**body, "query": {"and": [{"operation": "EQ", "field_name": "username", "field_values": [hidden.handle]}]}}
    assert query_all(server, token, named)[0] == []  # private or deleted: not by name


def test_user_info_refuses_private_deleted_and_unknown(server: SandboxServer, world: World, token: str) -> None:
    for reason, message in (("private", "API cannot return this user's information"),
                            ("deleted", "is invalid: cannot find the user")):
        creator = next(c for c in tiktok_creators(world) if c.opt_out_reason == reason)
        status, _, body = research(server, "user/info", "display_name", {"username": creator.handle}, token)
        assert status == 400 and body["error"]["code"] == "invalid_params" and message in body["error"]["message"]
    status, _, body = research(server, "user/info", "display_name", {"username": "nobody_here_123"}, token)
    assert status == 400 and body["error"]["message"] == "`username: nobody_here_123` is invalid: cannot find the user"


def test_comments_page_up_to_the_top_1000(server: SandboxServer, world: World, token: str) -> None:
    video = viral(world)
    vid = int(video.post_id)
    comments, cursor, pages = [], 0, 0
    while True:
        status, _, body = research(server, "video/comment/list", ",".join(COMMENT_FIELDS),
                                   {"video_id": vid, "max_count": 100, "cursor": cursor}, token)
        assert status == 200, body
        pages += 1
        comments += body["data"]["comments"]
        cursor = body["data"]["cursor"]
        if not body["data"]["has_more"]:
            break
    assert pages == 10 and len(comments) == tt.COMMENT_CAP == cursor
    assert [str(c["id"]) for c in comments] == [c.comment_id for c in world.comments(video)[: tt.COMMENT_CAP]]
    ids = {c["id"] for c in comments}
    assert all(c["video_id"] == vid for c in comments)
    assert any(c["parent_comment_id"] == vid for c in comments)
    assert all(c["parent_comment_id"] == vid or c["parent_comment_id"] in ids for c in comments)
    replies = sum(1 for c in comments if c["parent_comment_id"] != vid)
    assert replies and sum(c["reply_count"] for c in comments) >= replies
    status, _, body = research(server, "video/comment/list", "id", {"video_id": vid, "max_count": 100,
                                                                    "cursor": 950}, token)
    assert status == 400 and body["error"]["message"] == "Invalid count or cursor"
    status, _, body = research(server, "video/comment/list", "id", {"video_id": 1234}, token)
    assert status == 400 and body["error"]["code"] == "invalid_params"


# -- auth, quotas, throttling, faults ----------------------------------------------------------------


def test_research_calls_need_a_valid_token(server: SandboxServer, world: World) -> None:
    for token in (None, "clt.forged"):
        status, _, body = research(server, "user/info", "display_name", {"username": "x"}, token or "")
        assert status == 401 and body["error"]["code"] == "access_token_invalid"
        assert body["error"]["message"] == "The access token is invalid or not found in the request."


def test_tokens_expire_after_so_many_calls(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(expire_token_after=2)) as srv:
        token = get_token(srv.base_url)
        creator = next(c for c in tiktok_creators(world) if c.opt_out_reason is None)
        for _ in range(2):
            assert research(srv, "user/info", "display_name", {"username": creator.handle}, token)[0] == 200
        status, _, body = research(srv, "user/info", "display_name", {"username": creator.handle}, token)
        assert status == 401 and body["error"]["code"] == "access_token_invalid"
        assert research(srv, "user/info", "display_name", {"username": creator.handle},
                        get_token(srv.base_url))[0] == 200
        assert srv.stats()["tiktok"]["expired_token_answers"] == 1 and srv.stats()["tiktok"]["tokens_issued"] == 2


def test_tokens_expire_after_their_ttl(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(token_ttl=0)) as srv:
        status, _, body = research(srv, "user/info", "display_name", {"username": "x"}, get_token(srv.base_url))
        assert status == 401 and body["error"]["code"] == "access_token_invalid"


def test_unapproved_clients_get_scope_not_authorized(server: SandboxServer, world: World, token: str) -> None:
    server.tiktok.configure(scope_not_authorized=True)
    try:
        status, _, body = research(server, "video/query", VIDEO_QUERY_FIELDS, tag_query("x", today_of(world)), token)
        assert status == 401 and body["error"]["code"] == "scope_not_authorized"
        assert body["error"]["message"] == "The client is not approved for the Research API."
    finally:
        server.tiktok.configure(scope_not_authorized=False)


def test_daily_request_quota_counts_failed_calls_too(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(daily_quota=3)) as srv:
        token = get_token(srv.base_url)
        assert research(srv, "user/info", "display_name", {"username": "nobody"}, token)[0] == 400  # charged
        for _ in range(2):
            assert research(srv, "video/query", "id", tag_query("veganrecipes", today_of(world)), token)[0] == 200
        status, _, body = research(srv, "video/query", "id", tag_query("veganrecipes", today_of(world)), token)
        assert status == 429 and body["error"]["code"] == "daily_quota_limit_exceeded"
        assert body["error"]["message"] == "Daily request quota exceeded."
        used = srv.stats()["tiktok"]["quota_used"]
        assert list(used.values()) == [3] and next(iter(used)).startswith(DEFAULT_CLIENT_KEY + "@")
        srv.reset()
        assert research(srv, "video/query", "id", tag_query("veganrecipes", today_of(world)),
                        get_token(srv.base_url))[0] == 200


def test_daily_record_quota(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(daily_records=5)) as srv:
        token = get_token(srv.base_url)
        status, _, body = research(srv, "video/query", "id", tag_query("veganrecipes", today_of(world)), token)
        assert status == 200 and len(body["data"]["videos"]) > 5
        status, _, body = research(srv, "video/query", "id", tag_query("veganrecipes", today_of(world)), token)
        assert status == 429 and body["error"]["code"] == "daily_quota_limit_exceeded"


def test_short_term_throttling_says_when_to_retry(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(throttle_limit=2, throttle_window=3600)) as srv:
        token = get_token(srv.base_url)
        for _ in range(2):
            assert research(srv, "user/info", "display_name", {"username": "nobody"}, token)[0] == 400
        status, headers, body = research(srv, "user/info", "display_name", {"username": "nobody"}, token)
        assert status == 429 and body["error"]["code"] == "rate_limit_exceeded"
        assert body["error"]["message"] == "The API rate limit was exceeded. Please try again later."
        assert 1 <= int(headers["retry-after"]) <= 3600
        assert list(srv.stats()["tiktok"]["quota_used"].values()) == [2]  # a throttled call costs nothing


@pytest.mark.parametrize("kind", ["429", "500"])
def test_injected_faults_take_tiktok_form_and_are_transient(world: World, kind: str) -> None:
    with SandboxServer(world, faults=FaultConfig(**{f"rate_{kind}": 1.0}, retry_after=2)) as srv:
        token = get_token(srv.base_url)  # the token call is never faulted
        today = today_of(world)
        seen = set()
        for tag in ("veganrecipes", "plantbased", "x", "y"):
            status, headers, body = research(srv, "video/query", "id", tag_query(tag, today), token)
            seen.add(status)
            if status == 429:
                assert body["error"]["code"] == "rate_limit_exceeded" and headers["retry-after"] == "2"
            elif status == 500:
                assert body["error"]["code"] == "internal_error"
                assert body["error"]["message"] == "Something went wrong. Please try again later."
            else:
                assert status == 504 and headers["content-type"].startswith("text/html") and b"<html>" in body
            assert research(srv, "video/query", "id", tag_query(tag, today), token)[0] == 200
        assert seen == ({429} if kind == "429" else {500, 504})
        assert sum(srv.stats()["tiktok"]["quota_used"].values()) == 8  # faulted calls cost quota


def test_search_id_expires_mid_paging_once_per_query(world: World) -> None:
    with SandboxServer(world, tiktok=TikTokConfig(search_id_expires_after=2)) as srv:
        token = get_token(srv.base_url)
        body = tag_query("veganrecipes", today_of(world), max_count=5)
        _, _, first = research(srv, "video/query", "id", body, token)
        page = {"cursor": first["data"]["cursor"], "search_id": first["data"]["search_id"]}
        _, _, second = research(srv, "video/query", "id", {**body, **page}, token)
        page = {"cursor": second["data"]["cursor"], "search_id": second["data"]["search_id"]}
        status, _, refused = research(srv, "video/query", "id", {**body, **page}, token)
        assert status == 400 and refused["error"]["code"] == "invalid_params"
        assert refused["error"]["message"] == f"Search Id {page['search_id']} is invalid or expired"
        videos, sizes = query_all(srv, token, body)  # the restart gets a search_id that lasts
        assert len(sizes) > 3 and srv.stats()["tiktok"]["searches_expired"] == 1
        assert len(videos) == len({v["id"] for v in videos}) > len(first["data"]["videos"] + second["data"]["videos"])


# -- a reference crawl ------------------------------------------------------------------------------


class Crawl:
    """A plain urllib client that follows the contract's plan (independently of the sandbox's code)."""

    def __init__(self, base_url: str, today: date) -> None:
        self.base_url, self.today = base_url, today
        self.token = ""
        self.tokens = 0

    def new_token(self) -> None:
        self.tokens += 1
        self.token = get_token(self.base_url)

    def call(self, endpoint: str, fields: str, data: dict[str, Any]) -> tuple[int, Any]:
        url = f"{self.base_url}/tiktok/v2/research/{endpoint}/?fields={fields}"
        while True:
            status, _, raw = post(url, data, token=self.token)
            if status in (429, 500, 504):
                continue  # a test client retries at once (the injected faults are transient)
            body = json.loads(raw)
            if status == 401 and body["error"]["code"] == "access_token_invalid":
                self.new_token()
                continue
            return status, body

    def windows(self, count: int, since: date | None) -> list[tuple[date, date]]:
        out, end = [], self.today
        while (since is not None and end >= since) or (since is None and len(out) < count):
            start = end - timedelta(days=29)
            out.append((max(start, since) if since else start, end))
            end = start - timedelta(days=1)
        return out

    def query(self, condition: dict[str, Any], window: tuple[date, date]) -> Iterator[list[dict[str, Any]]]:
        base = {"query": {"and": [condition]}, "start_date": ymd(window[0]), "end_date": ymd(window[1]),
                "max_count": 100}
        extra: dict[str, Any] = {}
        restarted = False
        while True:
            status, body = self.call("video/query", VIDEO_QUERY_FIELDS, {**base, **extra})
            if status == 400 and "invalid or expired" in body["error"]["message"] and not restarted:
                restarted, extra = True, {}
                continue
            assert status == 200, body
            yield body["data"]["videos"]
            if not body["data"]["has_more"]:
                return
            extra = {"cursor": body["data"]["cursor"], "search_id": body["data"]["search_id"]}

    def run(self, tags: tuple[str, ...], *, max_creators: int | None = None, max_posts: int | None = None,
            max_comments: int | None = None, since: date | None = None) -> dict[str, Any]:
        self.new_token()
        creators: list[str] = []
        skipped: dict[str, str] = {}
        hits: dict[str, dict[str, dict[str, Any]]] = {}
        looked_up: set[str] = set()
        def enough() -> bool:
            return max_creators is not None and len(creators) >= max_creators

        for tag in tags:
            for window in self.windows(1, since):
                if enough():
                    break
                for page in self.query({"operation": "EQ", "field_name": "hashtag_name", "field_values": [tag]},
                                       window):
                    for video in page:
                        name = video["username"].replace("\x00", "")
                        hits.setdefault(name, {})[str(video["id"])] = video
                        if name in looked_up or enough():
                            continue
                        looked_up.add(name)
                        status, body = self.call("user/info", ",".join(USER_FIELDS), {"username": name})
                        if status == 400:
                            skipped[name] = body["error"]["message"]
                        else:
                            creators.append(name)
                    if enough():
                        break
        videos: dict[str, dict[str, Any]] = {}
        for name in creators:
            listed: list[dict[str, Any]] = []
            for window in self.windows(6, since):
                for page in self.query({"operation": "EQ", "field_name": "username", "field_values": [name]}, window):
                    listed += page
                    if max_posts is not None and len(listed) >= max_posts:
                        break
                if max_posts is not None and len(listed) >= max_posts:
                    break
            own = sorted(hits.get(name, {}).values(), key=lambda v: (v["create_time"], v["id"]), reverse=True)
            for video in listed[:max_posts] + own[:max_posts]:
                videos.setdefault(str(video["id"]), video)
        comments: dict[str, dict[str, Any]] = {}
        for vid, video in videos.items():
            if not video["comment_count"] or max_comments == 0:
                continue
            cursor, taken = 0, 0
            while True:
                status, body = self.call("video/comment/list", ",".join(COMMENT_FIELDS),
                                         {"video_id": int(vid), "max_count": 100, "cursor": cursor})
                assert status == 200, body
                for comment in body["data"]["comments"]:
                    if max_comments is None or taken < max_comments:
                        comments[str(comment["id"])] = comment
                        taken += 1
                cursor = body["data"]["cursor"]
                if not body["data"]["has_more"] or (max_comments is not None and taken >= max_comments):
                    break
        return {"creators": creators, "skipped": skipped, "videos": videos, "comments": comments}


@pytest.fixture(scope="module")
def walk_world() -> World:
    """TikTok only: 70 creators, so that discovery needs several pages of 100."""
    return generate_world(seed=5, creators=70, posts_per_creator=6, comments_per_post=5, platforms=("tiktok",))


def test_reference_crawl_collects_exactly_the_ground_truth(walk_world: World) -> None:
    truth = walk_world.ground_truth()
    expected = expected_crawl(truth, "tiktok", TAGS)
    minimum = truth["expected_min_requests"]["tiktok"]
    assert minimum["discovery_pages"] > len(TAGS)
    with SandboxServer(walk_world) as srv:
        result = Crawl(srv.base_url, today_of(walk_world)).run(TAGS)
        stats = srv.stats()
    assert set(result["creators"]) == expected.creators
    assert set(result["videos"]) == expected.posts
    assert set(result["comments"]) == expected.comments
    assert {n: ("private" if "cannot return" in m else "deleted") for n, m in result["skipped"].items()} == (
        minimum["skipped"])
    assert stats["requests_total"] == minimum["total"]
    texts = [c["text"] for c in result["comments"].values()]
    assert "" in texts and any("\x00" in t for t in texts)
    assert any("like_count" not in v for v in result["videos"].values())


@pytest.mark.parametrize(("limits", "since"), [
    ({"max_creators": 7, "max_posts": 3, "max_comments": 100}, None),
    ({"max_creators": 4, "max_posts": 2, "max_comments": 0}, date(2026, 3, 20)),
])
def test_reference_crawl_with_limits_matches_expected_min_requests(walk_world: World, limits: dict[str, int],
                                                                   since: date | None) -> None:
    minimum = walk_world.expected_min_requests("tiktok", TAGS, **limits, since=since)
    with SandboxServer(walk_world) as srv:
        result = Crawl(srv.base_url, today_of(walk_world)).run(TAGS, **limits, since=since)
        total = srv.stats()["requests_total"]
    assert len(result["creators"]) == minimum["creators"] == limits["max_creators"]
    assert len(result["videos"]) == minimum["posts"] and len(result["comments"]) == minimum["comments"]
    assert total == minimum["total"]


def test_reference_crawl_survives_expiring_tokens_searches_and_faults(walk_world: World) -> None:
    truth = walk_world.ground_truth()
    expected = expected_crawl(truth, "tiktok", TAGS)
    faults = FaultConfig(rate_429=0.05, rate_500=0.05, retry_after=0)
    config = TikTokConfig(expire_token_after=40, search_id_expires_after=1)
    with SandboxServer(walk_world, faults=faults, tiktok=config) as srv:
        crawl = Crawl(srv.base_url, today_of(walk_world))
        result = crawl.run(TAGS)
        stats = srv.stats()
    assert set(result["creators"]) == expected.creators and set(result["videos"]) == expected.posts
    assert set(result["comments"]) == expected.comments
    assert crawl.tokens > 1 and stats["tiktok"]["searches_expired"] > 0 and stats["tiktok"]["faults_injected"]


# -- the command line -------------------------------------------------------------------------------


def test_crawl_commands_for_tiktok_name_the_client_and_the_base_url() -> None:
    lines = crawl_commands("http://127.0.0.1:8123", hashtags=["veganrecipes"], platforms=["tiktok"], creators=5,
                           youtube_key="k", clock="2026-06-01T12:00:00Z")
    command = next(line for line in lines if "crawl tiktok" in line)
    assert command == (
        "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1:8123 TIKTOK_CLIENT_KEY=sandbox-client-key "
        "TIKTOK_CLIENT_SECRET=sandbox-client-secret CREATORSCOUT_TIKTOK_API_URL=http://127.0.0.1:8123/tiktok "
        "creatorscout crawl tiktok --hashtag veganrecipes --max-creators 5 --db sandbox.db --until 2026-06-01"
    )
    assert not any("allows" in line for line in lines)
    quota = crawl_commands("http://h:1", hashtags=["x"], platforms=["tiktok"], creators=1, youtube_key="k",
                           clock="2026-06-01T12:00:00Z", tiktok_quota=200)
    assert any(line.startswith("# TikTok here allows 200 requests per client and UTC day") for line in quota)
    default = crawl_commands("http://h:1", hashtags=["x"], platforms=DEFAULT_PLATFORMS, creators=1, youtube_key="k",
                             clock="2026-06-01")
    assert not any("tiktok" in line for line in default)


def test_truth_command_writes_a_world_with_tiktok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "truth.json"
    assert main(["truth", "--creators", "9", "--posts", "3", "--comments", "3", "--platforms", "tiktok",
                 "--out", str(out)]) == 0
    truth = json.loads(out.read_text())
    assert truth["params"]["platforms"] == ["tiktok"] and set(truth["expected_min_requests"]) == {"tiktok"}
    assert str(out) in capsys.readouterr().out


def test_serve_takes_tiktok_settings_and_prints_the_crawl_command(sandbox_factory) -> None:
    sandbox = sandbox_factory("--creators", "6", "--posts", "2", "--comments", "2", "--platforms", "tiktok",
                              "--tiktok", "daily_quota=1", "--tiktok", "client_key=my-key",
                              "--tiktok", "client_secret=my-secret")
    printed = []
    while not (printed and printed[-1].startswith("creatorscout vet")):
        line = sandbox.proc.stdout.readline()
        assert line, f"serve stopped printing after {printed}"
        printed.append(line.rstrip("\n"))
    command = next(line for line in printed if "crawl tiktok" in line)
    assert f"CREATORSCOUT_TIKTOK_API_URL={sandbox.url}/tiktok" in command and "TIKTOK_CLIENT_KEY=my-key" in command
    token = get_token(sandbox.url, client_key="my-key", client_secret="my-secret")
    url = f"{sandbox.url}/tiktok/v2/research/user/info/?fields=display_name"
    assert post(url, {"username": "x"}, token=token)[0] == 400
    status, _, body = post(url, {"username": "x"}, token=token)
    assert status == 429 and json.loads(body)["error"]["code"] == "daily_quota_limit_exceeded"
    assert sandbox.admin("tiktok", {"daily_quota": 5})["daily_quota"] == 5
    assert post(url, {"username": "x"}, token=token)[0] == 400
