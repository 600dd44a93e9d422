"""The sandbox's Instagram: the world's Instagram creators and their caption @mentions, the Graph API over
real HTTP (shapes against the recorded samples, paging, usage headers and throttling, token refusal and
expiry, the hashtag limit, faults) and a reference crawl that follows the contract's discovery plan and
collects exactly the ground truth with exactly the expected number of requests."""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from crawler.sandbox import FaultConfig, SandboxServer, generate_world
from crawler.sandbox.__main__ import crawl_commands, main
from crawler.sandbox.expect import expected_crawl
from crawler.sandbox.instagram_api import (
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    HASHTAG_LIMIT_SUBCODE,
    InstagramAPI,
    InstagramConfig,
    parse_fields,
)
from crawler.sandbox.platforms import MODELS
from crawler.sandbox.platforms import instagram as ig
from crawler.sandbox.world import DEFAULT_PLATFORMS, PLATFORMS, Creator, World

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "instagram" / "graph_api"
TAGS = ("veganrecipes", "plantbased")
U = DEFAULT_USER_ID
V = "v24.0"
MEDIA_FIELDS = "id,caption,comments_count,like_count,media_type,permalink,timestamp"
BD_MEDIA_FIELDS = "id,caption,comments_count,like_count,media_type,media_product_type,permalink,timestamp"
PROFILE = "id,username,name,biography,website,followers_count,follows_count,media_count"
MENTION = re.compile(r"(?<!\w)@([A-Za-z0-9._]{1,30})")  # the contract's regex, independent of the sandbox's
TS_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000")
THROTTLE = (4, 17, 32, 613)


# -- plumbing -------------------------------------------------------------------------------------


def fetch(url: str, token: str | None = DEFAULT_TOKEN) -> tuple[int, dict[str, str], Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as resp:
            return resp.status, dict(resp.headers), json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


def graph(server: SandboxServer, path: str, params: dict[str, Any] | None = None,
          token: str | None = DEFAULT_TOKEN) -> tuple[int, dict[str, str], Any]:
    query = urlencode(params or {}, quote_via=quote)
    return fetch(f"{server.base_url}/instagram/{V}/{path}" + (f"?{query}" if query else ""), token)


def discovery_fields(handle: str, limit: int = 50, after: str | None = None, profile: str = PROFILE) -> str:
    media = f"media.after({after}).limit({limit})" if after else f"media.limit({limit})"
    return f"business_discovery.username({handle}){{{profile},{media}{{{BD_MEDIA_FIELDS}}}}}"


def usage(headers: dict[str, str]) -> tuple[dict[str, int], dict[str, Any]]:
    app = json.loads(headers["X-App-Usage"])
    buc = json.loads(headers["X-Business-Use-Case-Usage"])
    return app, buc[U][0]


def caption_mentions(text: str) -> list[str]:
    out: dict[str, None] = {}
    for m in MENTION.finditer(text):
        name = m.group(1).rstrip(".").lower()
        if name:
            out.setdefault(name, None)
    return list(out)


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=7, creators=40, posts_per_creator=10, comments_per_post=4, platforms=("instagram",))


@pytest.fixture(scope="module")
def truth(world: World) -> dict[str, Any]:
    return world.ground_truth()


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[SandboxServer]:
    with SandboxServer(world) as srv:
        yield srv


def hashtag_id(server: SandboxServer, tag: str) -> str:
    status, _, body = graph(server, "ig_hashtag_search", {"user_id": U, "q": tag})
    assert status == 200, body
    return body["data"][0]["id"]


def ig_creators(world: World) -> list[Creator]:
    return [c for c in world.creators if c.platform == "instagram"]


# -- the world ------------------------------------------------------------------------------------


def test_instagram_is_a_platform_but_not_a_default_one() -> None:
    assert "instagram" in PLATFORMS and "instagram" in MODELS and "instagram" not in DEFAULT_PLATFORMS
    assert all(c.platform != "instagram" for c in generate_world(seed=7, creators=12).creators)


def test_ids_are_digits_and_lead_back_to_their_account_and_media(world: World) -> None:
    for creator in ig_creators(world):
        assert re.fullmatch(r"178414\d{11}", creator.native_id) and creator.native_id != U
        assert world.account_by_native_id("instagram", creator.native_id) is creator
        assert MODELS["instagram"].handle(world, creator) == ig.instagram_handle(creator.handle)
        assert re.fullmatch(r"[a-z0-9._]{1,30}", ig.instagram_handle(creator.handle))
    for post in world.visible_posts("instagram")[:50]:
        assert re.fullmatch(r"18\d{16}", post.post_id)
        assert world.post_by_id("instagram", post.post_id) is post
    assert world.post_by_id("instagram", "180000000000000001") is None
    assert world.account_by_native_id("instagram", U) is None
    assert ig.hashtag_by_id(world, ig.hashtag_id(world.seed, "veganrecipes")) == "veganrecipes"


def test_captions_mention_creators_personal_accounts_and_unknown_handles(world: World) -> None:
    kinds = {"creator": 0, "personal": 0, "unknown": 0}
    mentioned = 0
    posts = world.visible_posts("instagram")
    for post in posts:
        handles = caption_mentions(post.text)
        mentioned += bool(handles)
        assert handles == ig.mentions(post.text)
        for handle in handles:
            acct = ig.account_by_handle(world, handle)
            if isinstance(acct, Creator):
                assert acct.platform == "instagram" and acct.index != post.creator
                kinds["creator"] += 1
            else:
                kinds["personal" if acct is not None else "unknown"] += 1
    assert 0.3 < mentioned / len(posts) < 0.6
    assert kinds["creator"] > kinds["personal"] > 0 and kinds["unknown"] > 0
    # Brands are mentioned in sponsored captions and hold no professional account under that handle.
    assert ig.professional(world, "greenspoon") is None


def test_no_comment_kinds_and_no_collectable_comments_on_instagram(world: World, truth: dict[str, Any]) -> None:
    comment_kinds = {"bot_heavy", "llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam",
                     "follow_bait", "replies_to_fans", "emoji_fans", "hostile_section", "question_rich",
                     "praise_only", "purchase_intent_rich", "opt_out", "bot_account"}
    assert not any(c.kinds & comment_kinds for c in ig_creators(world))
    assert truth["comments"] == []
    posts = truth["posts"]
    assert all(p["comment_ids"] == [] and p["reachable_comment_count"] == 0 for p in posts)
    assert sum(p["reported_comment_count"] > 0 for p in posts) > len(posts) / 2


def test_hidden_likes_are_none_in_the_truth(world: World, truth: dict[str, Any]) -> None:
    hidden = [p for p in truth["posts"] if p["like_count"] is None]
    assert 0 < len(hidden) < len(truth["posts"]) / 3
    assert all(ig.likes_hidden(world, world.post_by_id("instagram", p["post_id"])) for p in hidden)


def test_listings_recent_newest_first_top_most_liked(world: World) -> None:
    recent = ig.listing(world, "veganrecipes", "recent_media")
    top = ig.listing(world, "veganrecipes", "top_media")
    assert recent and [p.created_ms for p in recent] == sorted((p.created_ms for p in recent), reverse=True)
    assert all(world.now_ms - p.created_ms <= ig.RECENT_DAYS * 86_400_000 for p in recent)
    assert len(top) == min(ig.TOP_MEDIA_COUNT, len(world.tagged_posts("instagram", "veganrecipes")))
    assert [p.like_count for p in top] == sorted((p.like_count for p in top), reverse=True)
    assert all("veganrecipes" in p.hashtags for p in recent + top)


def test_truth_section_lists_candidates_creators_discoveries_and_skips(world: World, truth: dict[str, Any]) -> None:
    section = truth["instagram"]
    assert set(section["hashtags"]) == set(TAGS)
    ids = {c["creator_id"] for c in truth["creators"]}
    for tag, entry in section["hashtags"].items():
        assert entry["hashtag_id"] == ig.hashtag_id(world.seed, tag)
        handles = [c["handle"] for c in entry["candidates"]]
        assert len(handles) == len(set(handles))
        kept = [c["creator_id"] for c in entry["candidates"] if c["kept"]]
        assert kept == entry["creator_ids"] and set(kept) <= ids
        assert {s["handle"] for s in entry["skips"]} == {c["handle"] for c in entry["candidates"]
                                                         if c["status"] != "professional"}
    discoveries = section["discoveries"]
    assert len({d["creator_id"] for d in discoveries}) == len(discoveries)
    assert all(d["source"] == "caption_mention" and d["hashtag"] in TAGS for d in discoveries)
    posts = {p["post_id"]: p for p in truth["posts"]}
    for d in discoveries:  # the hashtag media that mentions the creator, by someone else
        media = posts[d["post_id"]]
        assert d["hashtag"] in media["hashtags"] and media["creator_id"] != d["creator_id"]
    assert section["skips"] and all(s["reason"] == ig.NOT_FOUND for s in section["skips"])


def test_worlds_are_deterministic_per_seed() -> None:
    def digest(seed: int) -> str:
        w = generate_world(seed=seed, creators=20, posts_per_creator=5, comments_per_post=3,
                           platforms=("mastodon", "instagram"))
        return hashlib.sha256(json.dumps(w.ground_truth(), sort_keys=True).encode()).hexdigest()

    assert digest(11) == digest(11) != digest(12)


# The ground truth of worlds without Instagram, hashed before Instagram joined (sorted-key JSON, comments
# included): adding a platform must not change a single byte of the existing worlds.
BEFORE_INSTAGRAM = {
    (7, ("mastodon", "youtube")): "5b4b6c003e917073",
    (7, ("mastodon", "youtube", "bluesky")): "4c89356b259c9e4f",
    (1234, ("mastodon", "youtube")): "316305aa3452fb07",
    (1234, ("bluesky",)): "8de982a7c5c4c185",
}


@pytest.mark.parametrize(("seed", "platforms"), list(BEFORE_INSTAGRAM))
def test_worlds_without_instagram_are_byte_identical(seed: int, platforms: tuple[str, ...]) -> None:
    w = generate_world(seed=seed, creators=40, posts_per_creator=8, comments_per_post=6, platforms=platforms)
    digest = hashlib.sha256(json.dumps(w.ground_truth(), sort_keys=True).encode()).hexdigest()
    assert digest[:16] == BEFORE_INSTAGRAM[(seed, platforms)]


# -- shapes against the recorded samples ----------------------------------------------------------


def sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} not available")
    return json.loads(path.read_text())


def sample_media_keys() -> set[str]:
    keys: set[str] = set()
    for name in ("ig_hashtag_recent_media__caption_permalink__page1.json", "ig_hashtag_top_media__page1.json"):
        keys |= {k for item in sample(name)["data"] for k in item}
    for name in ("business_discovery__media__page1.json", "business_discovery__media__page2.json"):
        keys |= {k for item in sample(name)["business_discovery"]["media"]["data"] for k in item}
    return keys


def test_hashtag_search_and_media_match_the_samples(server: SandboxServer) -> None:
    status, headers, body = graph(server, "ig_hashtag_search", {"user_id": U, "q": "veganrecipes"})
    search = sample("ig_hashtag_search.json")
    assert status == 200 and set(body) == set(search) and set(body["data"][0]) <= set(search["data"][0])
    assert re.fullmatch(r"\d{17}", body["data"][0]["id"])
    status, _, named = graph(server, "ig_hashtag_search", {"user_id": U, "q": "#VeganRecipes", "fields": "id,name"})
    assert named["data"] == [{"id": body["data"][0]["id"], "name": "veganrecipes"}]
    assert graph(server, "ig_hashtag_search", {"user_id": U, "q": "nosuchtaganywhere"})[2] == {"data": []}
    media_keys = sample_media_keys()
    page_sample = sample("ig_hashtag_recent_media__caption_permalink__page1.json")
    for which in ig.LISTINGS:
        status, _, page = graph(server, f"{body['data'][0]['id']}/{which}",
                                {"user_id": U, "fields": MEDIA_FIELDS, "limit": 50})
        assert status == 200 and set(page) == set(page_sample)
        assert set(page["paging"]) == set(page_sample["paging"]) and set(page["paging"]["cursors"]) == {"after"}
        for item in page["data"]:
            assert set(item) <= media_keys and "username" not in item and "owner" not in item
            assert set(MEDIA_FIELDS.split(",")) - set(item) <= {"like_count"}
            assert TS_RE.fullmatch(item["timestamp"]) and item["permalink"].startswith("https://www.instagram.com/")
            assert item["media_type"] in ("IMAGE", "VIDEO", "CAROUSEL_ALBUM")
    assert "X-App-Usage" in headers and "X-Business-Use-Case-Usage" in headers


def test_business_discovery_matches_the_samples(server: SandboxServer, world: World) -> None:
    creator = next(c for c in ig_creators(world) if len(world.creator_posts(c)) > 3)
    handle = ig.instagram_handle(creator.handle).upper()  # handles are case-insensitive
    status, _, body = graph(server, U, {"fields": discovery_fields(handle, limit=3)})
    assert status == 200, body
    profile_keys = set(sample("business_discovery__user__follows_count_website.json")["business_discovery"])
    media_sample = sample("business_discovery__media__page1.json")
    assert set(body) == {"business_discovery", "id"} and body["id"] == U
    bd = body["business_discovery"]
    assert set(bd) - {"media"} <= profile_keys and {"id", "username", "followers_count", "media_count"} <= set(bd)
    assert bd["id"] == creator.native_id and bd["username"] == ig.instagram_handle(creator.handle)
    assert bd["name"] == creator.display_name and bd["biography"] == creator.bio
    assert bd["followers_count"] == creator.followers_at(world.epoch) and bd["follows_count"] == creator.following_count
    assert bd["media_count"] == len(world.creator_posts(creator))
    assert set(bd["media"]) == set(media_sample["business_discovery"]["media"])
    assert len(bd["media"]["data"]) == 3 and {"before", "after"} == set(bd["media"]["paging"]["cursors"])
    for item in bd["media"]["data"]:
        assert set(item) - {"media_product_type"} <= sample_media_keys()
        assert item["media_product_type"] in ("FEED", "REELS")
    only = graph(server, U, {"fields": f"business_discovery.username({handle}){{id,username}}"})[2]
    assert only["business_discovery"] == {"id": creator.native_id, "username": ig.instagram_handle(creator.handle)}


def test_errors_use_the_graph_envelope(server: SandboxServer, world: World) -> None:
    documented = {"message", "type", "code", "error_subcode", "is_transient", "error_user_title", "error_user_msg",
                  "fbtrace_id"}
    envelope = sample("error_190_invalid_oauth_token__from_issue.json")
    personal = next(h for p in world.visible_posts("instagram") for h in ig.mentions(p.text)
                    if ig.account_by_handle(world, h) is not None and ig.professional(world, h) is None)
    answers = {
        "personal": graph(server, U, {"fields": discovery_fields(personal)}),
        "unknown": graph(server, U, {"fields": discovery_fields("nobody.here_12345")}),
        "bad_field": graph(server, U, {"fields": "business_discovery.username(x){id,secret_field}"}),
        "bad_user_id": graph(server, "ig_hashtag_search", {"user_id": "17841400000000099", "q": "veganrecipes"}),
        "other_object": graph(server, "17841499990000001", {"fields": "id"}),
        "comments": graph(server, f"{world.visible_posts('instagram')[0].post_id}/comments", {}),
    }
    for name, (status, _, body) in answers.items():
        assert status == 400 and set(body) == set(envelope), name
        assert set(body["error"]) <= documented and body["error"]["type"] == "OAuthException", name
        assert body["error"]["fbtrace_id"].startswith("A"), name
    for name in ("personal", "unknown"):
        error = answers[name][2]["error"]
        assert (error["code"], error["error_subcode"], error["error_user_title"]) == (110, 2207013, "Cannot find User")
        assert error["message"].startswith("Cannot find User with username: ")
    assert answers["bad_field"][2]["error"]["code"] == 100
    assert answers["other_object"][2]["error"]["error_subcode"] == 33
    assert answers["comments"][2]["error"]["code"] == 10


# -- auth, usage, limits ---------------------------------------------------------------------------


def test_token_in_the_header_or_query_and_refusals(server: SandboxServer) -> None:
    assert graph(server, U, {"fields": "id"})[0] == 200
    assert graph(server, U, {"fields": "id", "access_token": DEFAULT_TOKEN}, token=None)[0] == 200
    status, headers, body = graph(server, U, {"fields": "id"}, token=None)
    assert status == 400 and body["error"]["code"] == 104 and "X-App-Usage" in headers
    status, _, body = graph(server, U, {"fields": "id"}, token="wrong")
    assert status == 400 and body["error"]["code"] == 190 and "error_subcode" not in body["error"]


def test_token_expires_after_n_calls(world: World) -> None:
    with SandboxServer(world, instagram=InstagramConfig(expire_token_after=3)) as srv:
        assert [graph(srv, U, {"fields": "id"})[0] for _ in range(3)] == [200, 200, 200]
        status, _, body = graph(srv, U, {"fields": "id"})
        assert status == 400 and (body["error"]["code"], body["error"]["error_subcode"]) == (190, 463)
        assert "expired" in body["error"]["message"]
        assert srv.stats()["instagram"]["expired_token_answers"] == 1
        srv.set_instagram(expire_token_after=0)  # a new token
        assert graph(srv, U, {"fields": "id"})[0] == 200


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("code", THROTTLE)
def test_usage_climbs_to_100_then_the_throttle_code_until_the_window_ends(world: World, code: int) -> None:
    clock = FakeClock()
    api = InstagramAPI(world, "http://sandbox", InstagramConfig(rate_limit=4, window_seconds=3600,
                                                                throttle_code=code), clock=clock)
    auth = f"Bearer {DEFAULT_TOKEN}"
    percents = []
    for _ in range(4):
        answer = api.handle(f"/instagram/{V}/{U}", [("fields", "id")], auth)
        assert answer.status == 200
        app, buc = usage(dict(answer.headers))
        percents.append(app["call_count"])
        assert buc["call_count"] == app["call_count"] and buc["type"] == "instagram"
    assert percents == [25, 50, 75, 100]
    throttled = api.handle(f"/instagram/{V}/{U}", [("fields", "id")], auth)
    error = json.loads(throttled.body)["error"]
    assert throttled.status == 400 and error["code"] == code and error["is_transient"] is True
    _, buc = usage(dict(throttled.headers))
    assert buc["call_count"] == 100 and buc["estimated_time_to_regain_access"] >= 1
    minutes_left = math.ceil((3600 - clock.now % 3600) / 60)
    assert buc["estimated_time_to_regain_access"] == minutes_left
    clock.now += 3600
    answer = api.handle(f"/instagram/{V}/{U}", [("fields", "id")], auth)
    assert answer.status == 200 and usage(dict(answer.headers))[1]["estimated_time_to_regain_access"] == 0
    assert api.stats()["throttled"] == 1


def test_thirty_unique_hashtags_in_seven_days(world: World) -> None:
    tags = sorted({t for p in world.visible_posts("instagram") for t in p.hashtags})
    clock = FakeClock()
    api = InstagramAPI(world, "http://sandbox", InstagramConfig(hashtag_limit=3), clock=clock)
    auth = f"Bearer {DEFAULT_TOKEN}"

    def search(tag: str) -> tuple[int, dict[str, Any]]:
        answer = api.handle(f"/instagram/{V}/ig_hashtag_search", [("user_id", U), ("q", tag)], auth)
        return answer.status, json.loads(answer.body)

    assert [search(t)[0] for t in tags[:3]] == [200, 200, 200]
    clock.now += 86_400
    assert search(tags[0])[0] == 200  # a repeat inside the window does not count again
    status, body = search(tags[3])
    assert status == 400 and body["error"]["code"] == 100
    assert body["error"]["error_subcode"] == HASHTAG_LIMIT_SUBCODE and "maximum of 3 unique hashtags" in \
        body["error"]["message"]
    clock.now += 6 * 86_400  # the first three were searched 7 days ago
    assert search(tags[3])[0] == 200
    assert InstagramConfig().hashtag_limit == 30 and InstagramConfig().hashtag_window_seconds == 7 * 86_400


def test_control_endpoint_and_serve_flags_switch_instagram_settings(world: World) -> None:
    with SandboxServer(world) as srv:
        request = urllib.request.Request(f"{srv.base_url}/__sandbox__/instagram", method="POST",
                                         data=json.dumps({"rate_limit": "2/3600", "throttle_code": 613}).encode())
        with urllib.request.urlopen(request) as resp:
            assert json.loads(resp.read())["rate_limit"] == 2
        assert [graph(srv, U, {"fields": "id"})[0] for _ in range(2)] == [200, 200]
        status, _, body = graph(srv, U, {"fields": "id"})
        assert status == 400 and body["error"]["code"] == 613
        bad = urllib.request.Request(f"{srv.base_url}/__sandbox__/instagram", method="POST",
                                     data=json.dumps({"throttle_code": 5}).encode())
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(bad)
        assert err.value.code == 400
        srv.reset()
        assert graph(srv, U, {"fields": "id"})[0] == 200
    parsed = InstagramConfig.parse(["rate_limit=200/60", "expire_token_after=9", "throttle_code=17"])
    assert (parsed.rate_limit, parsed.window_seconds, parsed.expire_token_after, parsed.throttle_code) == (
        200, 60.0, 9, 17)
    with pytest.raises(ValueError, match="unknown instagram setting"):
        InstagramConfig.parse(["nope=1"])


@pytest.mark.parametrize("kind", ["429", "500", "slow", "malformed"])
def test_faults_apply_to_instagram_and_are_transient(world: World, kind: str) -> None:
    faults = FaultConfig(**{f"rate_{kind}": 1.0, "slow_seconds": 0.01})
    with SandboxServer(world, faults=faults) as srv:
        status, headers, raw = _raw(srv, f"/instagram/{V}/{U}?fields=id")
        if kind == "429":
            error = json.loads(raw)["error"]
            assert status == 400 and error["code"] in THROTTLE and error["is_transient"] is True
            assert usage(headers)[1]["estimated_time_to_regain_access"] == 1  # retry_after 0.01 s: one minute
        elif kind == "500":
            error = json.loads(raw)["error"]
            assert status == 500 and error["code"] in (1, 2) and error["is_transient"] is True
        elif kind == "malformed":
            with pytest.raises(ValueError):
                json.loads(raw)
        else:
            assert status == 200
        assert _raw(srv, f"/instagram/{V}/{U}?fields=id")[0] == 200  # the next try succeeds


def _raw(srv: SandboxServer, path: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(srv.base_url + path, headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# -- paging ----------------------------------------------------------------------------------------


def test_listings_page_by_after_cursor_and_next_carries_the_token(server: SandboxServer, world: World) -> None:
    hid = hashtag_id(server, "plantbased")
    for which in ig.LISTINGS:
        expected = [p.post_id for p in ig.listing(world, "plantbased", which)]
        got, after, pages = [], None, 0
        while True:
            params = {"user_id": U, "fields": "id", "limit": 500, **({"after": after} if after else {})}
            status, _, page = graph(server, f"{hid}/{which}", params)
            assert status == 200 and len(page["data"]) <= 50
            pages += 1
            got += [m["id"] for m in page["data"]]
            if "paging" not in page:
                break
            assert "access_token=" + DEFAULT_TOKEN in page["paging"]["next"]
            after = page["paging"]["cursors"]["after"]
        assert got == expected and pages == math.ceil(len(expected) / 50)
    status, _, body = graph(server, f"{hid}/recent_media", {"user_id": U, "after": "bogus"})
    assert status == 400 and body["error"]["code"] == 100
    assert graph(server, f"{hid}/recent_media", {"fields": "id"})[2]["error"]["code"] == 100  # user_id missing
    assert graph(server, f"{hid}/recent_media", {"user_id": U, "fields": "id,username"})[2]["error"]["code"] == 100


def test_business_discovery_media_pages_until_no_after(server: SandboxServer, world: World) -> None:
    creator = next(c for c in ig_creators(world) if len(world.creator_posts(c)) >= 7)
    handle = ig.instagram_handle(creator.handle)
    got, after = [], None
    while True:
        status, _, body = graph(server, U, {"fields": discovery_fields(handle, limit=3, after=after)})
        assert status == 200, body
        media = body["business_discovery"]["media"]
        got += [m["id"] for m in media["data"]]
        after = media.get("paging", {}).get("cursors", {}).get("after")
        if not after:
            break
    assert got == [p.post_id for p in world.creator_posts(creator)]


def test_field_expansion_parser() -> None:
    (spec,) = parse_fields("business_discovery.username(a.b_c){id,media.after(X1).limit(5){id,caption}}")
    assert spec.name == "business_discovery" and spec.modifiers == {"username": "a.b_c"}
    media = spec.children[1]
    assert media.modifiers == {"after": "X1", "limit": "5"} and [c.name for c in media.children] == ["id", "caption"]
    for bad in ("a{b", "a.limit", "", "a,,b"):
        with pytest.raises(ValueError):
            parse_fields(bad)


# -- a reference crawl ------------------------------------------------------------------------------


class Crawl:
    """A plain urllib client that follows the contract's Instagram plan (see crawler.sandbox.platforms.instagram)."""

    def __init__(self, base_url: str, seconds_per_minute: float = 0.02) -> None:
        self.base_url = base_url
        self.requests = 0
        self.throttled = 0
        self.seconds_per_minute = seconds_per_minute

    def call(self, path: str, params: dict[str, Any]) -> dict[str, Any] | None:
        url = f"{self.base_url}/instagram/{V}/{path}?{urlencode(params, quote_via=quote)}"
        while True:
            self.requests += 1
            status, headers, body = fetch(url)
            if status == 200:
                return body
            code = body["error"]["code"]
            if code in THROTTLE:
                self.throttled += 1
                time.sleep(usage(headers)[1]["estimated_time_to_regain_access"] * self.seconds_per_minute)
                continue
            if code in (1, 2):
                continue
            if code in (110, 24):
                return None
            raise AssertionError((url, status, body))

    def run(self, tags: tuple[str, ...], *, handles: tuple[str, ...] = (), max_creators: int | None = None,
            max_posts: int | None = None, media_page: int = 50) -> dict[str, Any]:
        seen: set[str] = set()
        out: dict[str, Any] = {"creators": [], "skips": [], "discoveries": [], "posts": {}}
        per_page = min(media_page, max_posts) if max_posts else media_page

        def look_up(handle: str) -> dict[str, Any] | None:
            body = self.call(U, {"fields": discovery_fields(handle, limit=per_page)})
            if body is None:
                out["skips"].append(handle)
                return None
            return body["business_discovery"]

        def keep(bd: dict[str, Any]) -> None:
            out["creators"].append(bd["id"])
            wanted = bd["media_count"] if max_posts is None else min(bd["media_count"], max_posts)
            media = bd["media"]
            items = list(media["data"])
            while len(items) < wanted and media.get("paging", {}).get("cursors", {}).get("after"):
                after = media["paging"]["cursors"]["after"]
                body = self.call(U, {"fields": discovery_fields(bd["username"], limit=per_page, after=after)})
                media = body["business_discovery"]["media"]
                items += media["data"]
            for item in items[:wanted]:
                out["posts"][item["id"]] = item

        for handle in handles:
            seen.add(handle)
            bd = look_up(handle)
            if bd is not None:
                keep(bd)
        from_tags = 0
        for tag in tags:
            found = self.call("ig_hashtag_search", {"user_id": U, "q": tag})["data"]
            if not found:
                continue
            for which in ("recent_media", "top_media"):  # the contract's order
                after = None
                while max_creators is None or from_tags < max_creators:
                    params = {"user_id": U, "fields": MEDIA_FIELDS, "limit": 50, **({"after": after} if after else {})}
                    page = self.call(f"{found[0]['id']}/{which}", params)
                    for media in page["data"]:
                        for handle in caption_mentions(media.get("caption", "")):
                            if handle in seen:
                                continue
                            seen.add(handle)
                            bd = look_up(handle)
                            if bd is not None and (max_creators is None or from_tags < max_creators):
                                from_tags += 1
                                out["discoveries"].append((bd["id"], tag, media["id"]))
                                keep(bd)
                    after = page.get("paging", {}).get("cursors", {}).get("after")
                    if not after or "next" not in page["paging"]:
                        break
        return out


@pytest.fixture(scope="module")
def walk_world() -> World:
    """Instagram only, 60 creators: listings need several pages and mentions reach most creators."""
    return generate_world(seed=5, creators=60, posts_per_creator=12, comments_per_post=3, platforms=("instagram",))


def test_reference_crawl_collects_exactly_the_ground_truth(walk_world: World) -> None:
    truth = walk_world.ground_truth()
    expected = expected_crawl(truth, "instagram", TAGS)
    minimum = truth["expected_min_requests"]["instagram"]
    assert minimum["listing_pages"] > 2 * len(TAGS) and minimum["skipped_handles"] > 0
    with SandboxServer(walk_world) as srv:
        crawl = Crawl(srv.base_url)
        got = crawl.run(TAGS)
        assert crawl.requests == minimum["total"] == srv.stats()["requests_total"]
    assert set(got["creators"]) == expected.creators and len(got["creators"]) == minimum["creators"]
    assert set(got["posts"]) == expected.posts and len(got["posts"]) == minimum["posts"]
    section = truth["instagram"]
    assert got["discoveries"] == [(d["creator_id"], d["hashtag"], d["post_id"]) for d in section["discoveries"]]
    assert got["skips"] == [s["handle"] for s in section["skips"]]
    by_id = {p["post_id"]: p for p in truth["posts"]}
    for post_id, item in got["posts"].items():
        assert item.get("like_count") == by_id[post_id]["like_count"]  # hidden likes: absent, None in the truth
        assert item["comments_count"] == by_id[post_id]["reported_comment_count"]
        assert item["permalink"] == by_id[post_id]["url"]
    assert any(by_id[i]["like_count"] is None for i in got["posts"])
    # Only a share of the creators is found through hashtags on Instagram (issue #10 asks the README to say so).
    assert len(expected.creators) < len(ig_creators(walk_world))


def test_reference_crawl_with_limits_and_seeds_matches_expected_min_requests(walk_world: World) -> None:
    seeds = (ig.instagram_handle(ig_creators(walk_world)[-1].handle), "no.such.person_1")
    limits = {"max_creators": 12, "max_posts": 7}
    minimum = walk_world.expected_min_requests("instagram", TAGS, handles=seeds, media_page_size=5, **limits)
    with SandboxServer(walk_world) as srv:
        crawl = Crawl(srv.base_url)
        got = crawl.run(TAGS, handles=seeds, media_page=5, **limits)
    assert len(got["creators"]) == minimum["creators"] == 13  # the seed comes on top of max_creators
    assert minimum["media_pages"] == 13 and minimum["listing_pages"] < 4
    assert len(got["posts"]) == minimum["posts"] and crawl.requests == minimum["total"]
    assert "no.such.person_1" in got["skips"]


def test_reference_crawl_survives_throttling_and_faults(walk_world: World) -> None:
    truth = walk_world.ground_truth(include_comments=False)
    expected = expected_crawl(truth, "instagram", TAGS)
    faults = FaultConfig(rate_429=0.05, rate_500=0.05, seed=3)
    with SandboxServer(walk_world, faults=faults, instagram=InstagramConfig(rate_limit=60, window_seconds=1)) as srv:
        crawl = Crawl(srv.base_url)
        got = crawl.run(TAGS)
        stats = srv.stats()
    assert set(got["creators"]) == expected.creators and set(got["posts"]) == expected.posts
    assert stats["instagram"]["throttled"] > 0 and stats["faults_injected"]["500"] > 0
    assert crawl.requests > truth["expected_min_requests"]["instagram"]["total"]


# -- the command line -------------------------------------------------------------------------------


def test_crawl_commands_for_instagram_name_the_account_and_url() -> None:
    lines = crawl_commands("http://127.0.0.1:8123", hashtags=["veganrecipes"], platforms=["instagram"], creators=5,
                           youtube_key="k", clock="2026-06-08T12:00:00Z")
    commands = [line for line in lines if not line.startswith("#")]
    assert commands[0] == (
        f"CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1:8123 INSTAGRAM_USER_ID={U} META_ACCESS_TOKEN={DEFAULT_TOKEN} "
        "CREATORSCOUT_INSTAGRAM_API_URL=http://127.0.0.1:8123/instagram creatorscout crawl instagram "
        "--hashtag veganrecipes --max-creators 5 --db sandbox.db"
    )
    default = crawl_commands("http://h:1", hashtags=["x"], platforms=DEFAULT_PLATFORMS, creators=1, youtube_key="k",
                             clock="c")
    assert not any("instagram" in line.lower() for line in default)


def test_truth_command_writes_the_instagram_section(tmp_path: Path) -> None:
    out = tmp_path / "truth.json"
    assert main(["truth", "--creators", "12", "--posts", "4", "--platforms", "instagram", "--out", str(out)]) == 0
    truth = json.loads(out.read_text())
    assert set(truth["expected_min_requests"]) == {"instagram"} and set(truth["instagram"]["hashtags"]) == set(TAGS)
    assert main(["serve", "--platforms", "instagram", "--instagram", "throttle_code=5"]) == 2


def test_serve_prints_the_instagram_crawl_command_and_serves_it(sandbox_factory) -> None:
    sandbox = sandbox_factory("--creators", "8", "--posts", "3", "--comments", "2", "--platforms", "instagram",
                              "--instagram", "rate_limit=500/60")
    printed = []
    while not (printed and printed[-1].startswith("creatorscout vet")):
        line = sandbox.proc.stdout.readline()
        assert line, f"serve stopped printing after {printed}"
        printed.append(line.rstrip("\n"))
    command = next(line for line in printed if "crawl instagram" in line)
    assert f"CREATORSCOUT_INSTAGRAM_API_URL={sandbox.url}/instagram" in command
    status, headers, body = fetch(f"{sandbox.url}/instagram/{V}/ig_hashtag_search?user_id={U}&q=veganrecipes")
    assert status == 200 and body["data"] and usage(headers)[0]["call_count"] == 0
    assert {c["platform"] for c in sandbox.truth["creators"]} == {"instagram"}
