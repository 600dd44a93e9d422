"""The sandbox's Bluesky: the world's Bluesky creators, the AppView and PDS over real HTTP (shapes
against the lexicons, sessions, paging, rate limits, faults) and a reference crawl that collects
exactly the ground truth with exactly the expected number of requests."""

from __future__ import annotations

import json
import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode

import pytest

from crawler.sandbox import FaultConfig, RateLimitConfig, SandboxServer, generate_world
from crawler.sandbox.__main__ import crawl_commands, main
from crawler.sandbox.bluesky_api import DEFAULT_IDENTIFIER, DEFAULT_PASSWORD
from crawler.sandbox.expect import expected_crawl
from crawler.sandbox.platforms import MODELS
from crawler.sandbox.platforms import bluesky as bsky
from crawler.sandbox.world import DEFAULT_PLATFORMS, PLATFORMS, World

LEXICONS = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "bluesky" / "lexicons"
TAGS = ("veganrecipes", "plantbased")
ACCOUNT = {"identifier": DEFAULT_IDENTIFIER, "password": DEFAULT_PASSWORD}
S32 = "234567abcdefghijklmnopqrstuvwxyz"
DID_RE = re.compile(r"did:plc:[a-z2-7]{24}")
HANDLE_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.bsky\.social")
ISO_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


# -- plumbing -------------------------------------------------------------------------------------


def fetch(url: str, data: Any = None, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def xrpc(server: SandboxServer, host: str, nsid: str, params: Any = (), *, data: Any = None,
         token: str | None = None) -> tuple[int, dict[str, str], Any]:
    query = urlencode(params, doseq=True)
    status, headers, body = fetch(f"{server.base_url}/bluesky/{host}/xrpc/{nsid}" + (f"?{query}" if query else ""),
                                  data, token)
    try:
        return status, headers, json.loads(body)
    except ValueError:
        return status, headers, body


def login(server: SandboxServer) -> dict[str, Any]:
    status, _, body = xrpc(server, "pds", "com.atproto.server.createSession", data=ACCOUNT)
    assert status == 200, body
    return body


def decode_tid(rkey: str) -> tuple[int, int]:
    """``(microseconds, clock id)`` of a TID, decoded independently of the sandbox."""
    value = 0
    for ch in rkey:
        value = value * 32 + S32.index(ch)
    return value >> 10, value & 1023


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=11, creators=36, posts_per_creator=8, comments_per_post=10,
                          platforms=("mastodon", "youtube", "bluesky"))


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[SandboxServer]:
    with SandboxServer(world, rate_limit=RateLimitConfig(enabled=False)) as srv:
        yield srv


@pytest.fixture(scope="module")
def token(server: SandboxServer) -> str:
    return login(server)["accessJwt"]


def bluesky_creators(world: World) -> list[Any]:
    return [c for c in world.creators if c.platform == "bluesky"]


def feed_creator(world: World) -> Any:
    """A Bluesky creator with reposts and, of those, the one who answers fans most."""
    reposting = [c for c in bluesky_creators(world) if any(world.posts[s].reblog_of is not None for s in c.post_seqs)]
    return max(reposting, key=lambda c: sum(world.posts[s].n_creator_replies for s in c.post_seqs))


# -- the world ------------------------------------------------------------------------------------


def test_bluesky_is_a_platform_but_not_a_default_one() -> None:
    assert set(MODELS) == set(PLATFORMS) and "bluesky" in PLATFORMS
    assert DEFAULT_PLATFORMS == ("mastodon", "youtube")
    assert generate_world(seed=3, creators=4, posts_per_creator=2, comments_per_post=2).platforms == DEFAULT_PLATFORMS
    with pytest.raises(ValueError, match="unknown platform"):
        generate_world(platforms=("bluesky", "myspace"))


def test_ids_handles_and_record_keys(world: World) -> None:
    creators = bluesky_creators(world)
    assert len(creators) == 12
    dids = [c.creator_id for c in creators]
    assert all(DID_RE.fullmatch(d) for d in dids) and len(set(dids)) == len(dids)
    assert all(HANDLE_RE.fullmatch(bsky.handle_of(c.handle)) for c in creators)
    for creator in creators:
        assert world.account_by_native_id("bluesky", creator.creator_id) is creator
        own = [world.posts[s] for s in creator.post_seqs if world.posts[s].reblog_of is None]
        for post in own:
            did, collection, rkey = bsky.parse_at_uri(post.post_id)
            assert (did, collection) == (creator.creator_id, "app.bsky.feed.post")
            micros, _ = decode_tid(rkey)
            assert micros // 1000 == post.created_ms and rkey[0] in S32[:8]  # the top bit stays clear
            assert world.post_by_id("bluesky", post.post_id) is post
        # TIDs sort like the times they encode
        rkeys = [bsky.parse_at_uri(p.post_id)[2] for p in sorted(own, key=lambda p: p.created_ms)]
        assert rkeys == sorted(rkeys)
    post = next(p for p in world.visible_posts("bluesky") if world.comments(p) and p.creator == creators[0].index)
    for comment in world.comments(post):
        author_did, collection, _ = bsky.parse_at_uri(comment.comment_id)
        assert author_did == world.native_account_id(comment.author, "bluesky") and collection == "app.bsky.feed.post"
        assert bsky.resolve(world, comment.comment_id) == (post, comment)
    assert world.account_by_native_id("bluesky", world.creators[0].creator_id) is None  # a Mastodon creator
    elsewhere = post.post_id.replace(creators[0].creator_id, creators[1].creator_id)
    assert elsewhere != post.post_id and world.post_by_id("bluesky", elsewhere) is None


def test_planted_kinds_apply_to_bluesky_where_they_make_sense() -> None:
    only = generate_world(seed=3, creators=60, posts_per_creator=4, comments_per_post=6, platforms=("bluesky",))
    counts = only.kind_counts()
    assert counts["bot_account"] == counts["hidden_counts"] == 0  # Mastodon's bot flag, YouTube's hidden counts
    for kind in ("opt_out", "bot_heavy", "engagement_pod", "off_niche", "sponsored", "replies_to_fans",
                 "llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "emoji_fans",
                 "hostile_section"):
        assert counts[kind] >= 1, kind
    opted = [c for c in only.creators if "opt_out" in c.kinds]
    assert opted and all(c.opt_out_reason == bsky.OPT_OUT_REASON and c.indexable for c in opted)
    truth = only.ground_truth(include_comments=False)
    records = {c["creator_id"]: c for c in truth["creators"]}
    assert all(records[c.creator_id]["opt_out"] for c in opted)
    assert all(HANDLE_RE.fullmatch(c["handle"]) for c in truth["creators"])
    assert any(p["is_repost"] for p in truth["posts"])


def test_mixed_worlds_are_deterministic() -> None:
    def truth(seed: int) -> str:
        world = generate_world(seed=seed, creators=15, posts_per_creator=3, comments_per_post=5,
                               platforms=("bluesky", "mastodon", "youtube"))
        return json.dumps(world.ground_truth(), sort_keys=True, ensure_ascii=False)

    assert truth(4) == truth(4) != truth(5)


def test_unavailable_replies_are_planted_and_not_collectable(world: World) -> None:
    truth = world.ground_truth()
    posts = [p for p in truth["posts"] if p["platform"] == "bluesky" and p["unavailable_replies"]]
    reasons = {u["reason"] for p in posts for u in p["unavailable_replies"]}
    assert reasons == {"deleted", "blocked"}
    comment_ids = {c["comment_id"] for c in truth["comments"]}
    for record in posts:
        stubs = {u["uri"] for u in record["unavailable_replies"]}
        assert not stubs & comment_ids and not stubs & set(record["comment_ids"])
        top = sum(1 for c in truth["comments"] if c["post_id"] == record["post_id"] and c["parent_id"] is None)
        assert record["reported_direct_reply_count"] == top + len(stubs) and record["count_mismatch_planted"]
    assert "unavailable_replies" not in next(p for p in truth["posts"] if p["platform"] == "mastodon")


# -- shapes against the lexicons ------------------------------------------------------------------


class Lexicons:
    """A small checker for the lexicons in ../shared: required fields, types, formats, limits.

    References to lexicons that are not in the folder (embeds, labels, graph) are not checked.
    """

    FORMATS: ClassVar[dict[str, re.Pattern[str]]] = {
        "did": re.compile(r"did:[a-z]+:[a-zA-Z0-9._:%-]+"),
        "handle": re.compile(r"([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"),
        "at-uri": re.compile(r"at://[^/\s]+(/[a-zA-Z0-9.-]+(/[a-zA-Z0-9._:~-]+)?)?"),
        "datetime": ISO_RE,
        "cid": re.compile(r"b[a-z2-7]{50,}"),
        "uri": re.compile(r"[a-z][a-z0-9+.-]*:\S+"),
        "language": re.compile(r"[a-z]{2,3}(-[A-Za-z0-9-]+)?"),
        "at-identifier": re.compile(r"\S+"),
    }

    def __init__(self, folder: Path) -> None:
        self.docs = {doc["id"]: doc for doc in (json.loads(p.read_text()) for p in folder.glob("*.json"))}
        self.checked: set[str] = set()

    def _ref(self, ref: str, nsid: str) -> tuple[str, str]:
        if ref.startswith("#"):
            return nsid, ref[1:]
        target, _, name = ref.partition("#")
        return target, name or "main"

    def check(self, value: Any, schema: dict[str, Any], nsid: str, path: str = "$") -> list[str]:
        kind = schema.get("type")
        if kind == "ref":
            target, name = self._ref(schema["ref"], nsid)
            doc = self.docs.get(target)
            if doc is None:
                return []
            self.checked.add(f"{target}#{name}")
            return self.check(value, doc["defs"][name], target, path)
        if kind == "union":
            if not isinstance(value, dict) or "$type" not in value:
                return [f"{path}: union member without $type"]
            refs = {"#".join(self._ref(r, nsid)) for r in schema["refs"]}
            member = value["$type"] if "#" in value["$type"] else value["$type"] + "#main"
            if member not in refs:
                return [f"{path}: {value['$type']} is not one of {sorted(refs)}"]
            return self.check(value, {"type": "ref", "ref": member.replace("#main", "")}, nsid, path)
        if kind == "record":
            return self.check(value, schema["record"], nsid, path)
        if kind == "object":
            if not isinstance(value, dict):
                return [f"{path}: expected an object"]
            problems = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
            for key, sub in schema.get("properties", {}).items():
                if key in value:
                    problems += self.check(value[key], sub, nsid, f"{path}.{key}")
            return problems
        if kind == "array":
            if not isinstance(value, list):
                return [f"{path}: expected an array"]
            problems = [f"{path}: more than {schema['maxLength']}"] if len(value) > schema.get("maxLength", 1e9) else []
            for i, item in enumerate(value):
                problems += self.check(item, schema["items"], nsid, f"{path}[{i}]")
            return problems
        if kind == "string":
            if not isinstance(value, str):
                return [f"{path}: expected a string"]
            fmt = self.FORMATS.get(schema.get("format", ""))
            if fmt is not None and not fmt.fullmatch(value):
                return [f"{path}: {value!r} is no {schema['format']}"]
            if len(value) > schema.get("maxGraphemes", 1e9) or len(value.encode()) > schema.get("maxLength", 1e9):
                return [f"{path}: too long"]
            return []
        if kind == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
            ok = ok and schema.get("minimum", -math.inf) <= value <= schema.get("maximum", math.inf)
            return [] if ok else [f"{path}: {value!r} is no integer in range"]
        if kind == "boolean":
            ok = isinstance(value, bool) and value == schema.get("const", value)
            return [] if ok else [f"{path}: {value!r} is no boolean as required"]
        return []

    def output(self, nsid: str, body: Any) -> list[str]:
        return self.check(body, self.docs[nsid]["defs"]["main"]["output"]["schema"], nsid)


@pytest.fixture(scope="module")
def lexicons() -> Lexicons:
    if not LEXICONS.is_dir():
        pytest.skip(f"{LEXICONS} not available")
    return Lexicons(LEXICONS)


def records_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every ``app.bsky.feed.post`` record inside an answer."""
    if isinstance(value, dict):
        if value.get("$type") == "app.bsky.feed.post":
            yield value
        for item in value.values():
            yield from records_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from records_in(item)


def test_answers_match_the_lexicons(server: SandboxServer, world: World, token: str, lexicons: Lexicons) -> None:
    answers: list[tuple[str, Any]] = []
    _, _, search = xrpc(server, "pds", "app.bsky.feed.searchPosts", {"q": "#veganrecipes", "limit": 40}, token=token)
    answers.append(("app.bsky.feed.searchPosts", search))
    dids = list(dict.fromkeys(p["author"]["did"] for p in search["posts"]))
    _, _, profiles = xrpc(server, "appview", "app.bsky.actor.getProfiles", {"actors": dids})
    answers.append(("app.bsky.actor.getProfiles", profiles))
    creator = feed_creator(world)
    for feed_filter in ("posts_with_replies", "posts_no_replies"):
        _, _, feed = xrpc(server, "appview", "app.bsky.feed.getAuthorFeed",
                          {"actor": creator.creator_id, "filter": feed_filter, "limit": 100})
        answers.append(("app.bsky.feed.getAuthorFeed", feed))
    stubbed = next(p for p in world.visible_posts("bluesky") if bsky.unavailable_replies(world, p))
    _, _, thread = xrpc(server, "appview", "app.bsky.feed.getPostThread", {"uri": stubbed.post_id, "depth": 1000})
    answers.append(("app.bsky.feed.getPostThread", thread))
    nested = next(c for p in world.visible_posts("bluesky") for c in world.comments(p) if c.parent is not None)
    _, _, thread = xrpc(server, "appview", "app.bsky.feed.getPostThread", {"uri": nested.comment_id})
    answers.append(("app.bsky.feed.getPostThread", thread))
    post_schema = lexicons.docs["app.bsky.feed.post"]["defs"]["main"]
    for nsid, body in answers:
        assert lexicons.output(nsid, body) == [], nsid
        for record in records_in(body):
            assert lexicons.check(record, post_schema, "app.bsky.feed.post") == []
    # the walk went through the definitions that matter, not around them
    assert {"app.bsky.feed.defs#postView", "app.bsky.feed.defs#feedViewPost", "app.bsky.feed.defs#reasonRepost",
            "app.bsky.feed.defs#replyRef", "app.bsky.feed.defs#threadViewPost", "app.bsky.feed.defs#notFoundPost",
            "app.bsky.feed.defs#blockedPost", "app.bsky.actor.defs#profileViewBasic",
            "app.bsky.actor.defs#profileViewDetailed", "app.bsky.richtext.facet#main",
            "app.bsky.richtext.facet#tag"} <= lexicons.checked
    session = login(server)
    assert {"did", "handle", "accessJwt", "refreshJwt"} <= set(session) and session["active"] is True
    assert DID_RE.fullmatch(session["did"]) and session["handle"] == DEFAULT_IDENTIFIER
    assert [len(part) > 0 for part in session["accessJwt"].split(".")] == [True, True, True]


def test_facets_carry_the_hashtags_and_mentions_at_utf8_byte_offsets(server: SandboxServer, world: World,
                                                                      token: str) -> None:
    views = [view for tag in TAGS for view in xrpc(server, "pds", "app.bsky.feed.searchPosts",
                                                   {"q": f"#{tag}", "limit": 100}, token=token)[2]["posts"]]
    multibyte = mentions = 0
    for view in views:
        record = view["record"]
        raw = record["text"].encode("utf-8")
        post = world.post_by_id("bluesky", view["uri"])
        tags = set()
        for facet in record["facets"]:
            feature = facet["features"][0]
            piece = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
            if feature["$type"] == "app.bsky.richtext.facet#tag":
                assert piece == "#" + feature["tag"]
                tags.add(feature["tag"].lower())
            elif feature["$type"] == "app.bsky.richtext.facet#mention":
                brand = world.account_by_native_id("bluesky", feature["did"])
                assert piece == "@" + bsky.handle_of(brand.handle) and brand.kind == "brand"
                mentions += 1
        assert tags == set(post.hashtags)
        multibyte += len(raw) != len(record["text"])
    assert multibyte >= 5 and mentions >= 1


# -- sessions and auth ----------------------------------------------------------------------------


def test_search_needs_a_session_and_wrong_passwords_are_refused(server: SandboxServer) -> None:
    for host in ("pds", "appview"):
        status, headers, body = xrpc(server, host, "app.bsky.feed.searchPosts", {"q": "#veganrecipes"})
        assert status == 403 and headers["content-type"].startswith("text/html")
        assert b"Request forbidden by administrative rules" in body
    status, _, body = xrpc(server, "pds", "com.atproto.server.createSession",
                           data={"identifier": DEFAULT_IDENTIFIER, "password": "wrong"})
    assert (status, body) == (401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
    status, _, body = xrpc(server, "pds", "app.bsky.feed.searchPosts", {"q": "#veganrecipes"}, token="not-a-token")
    assert status == 400 and body["error"] == "InvalidToken"
    status, _, body = xrpc(server, "pds", "app.bsky.actor.getProfiles", {"actors": "x.bsky.social"})
    assert (status, body["error"]) == (401, "AuthMissing")  # the PDS proxies for signed-in clients only
    assert xrpc(server, "appview", "app.bsky.actor.getProfiles", {"actors": "x.bsky.social"})[0] == 200
    status, _, body = xrpc(server, "pds", "com.atproto.server.createSession", params=())
    assert status == 400  # a GET on a procedure


def test_access_tokens_expire_and_refresh_works(world: World) -> None:
    with SandboxServer(world, faults=FaultConfig(expire_session_after=2)) as srv:
        session = login(srv)
        search = {"q": "#veganrecipes", "limit": 1}
        assert [xrpc(srv, "pds", "app.bsky.feed.searchPosts", search, token=session["accessJwt"])[0]
                for _ in range(2)] == [200, 200]
        status, _, body = xrpc(srv, "pds", "app.bsky.feed.searchPosts", search, token=session["accessJwt"])
        assert (status, body) == (400, {"error": "ExpiredToken", "message": "Token has expired"})
        status, _, body = xrpc(srv, "pds", "com.atproto.server.refreshSession", data={},
                               token=session["accessJwt"])
        assert (status, body["error"], body["message"]) == (400, "InvalidToken", "Bad token scope")
        status, _, fresh = xrpc(srv, "pds", "com.atproto.server.refreshSession", data={},
                                token=session["refreshJwt"])
        assert status == 200 and fresh["did"] == session["did"] and fresh["accessJwt"] != session["accessJwt"]
        assert xrpc(srv, "pds", "app.bsky.feed.searchPosts", search, token=fresh["accessJwt"])[0] == 200
        status, _, body = xrpc(srv, "pds", "com.atproto.server.refreshSession", data={},
                               token=session["refreshJwt"])
        assert (status, body["error"]) == (400, "ExpiredToken")  # refresh tokens rotate
        # switched at runtime like every fault
        assert fetch(f"{srv.base_url}/__sandbox__/faults", data={"expire_session_after": 0})[0] == 200
        assert all(xrpc(srv, "pds", "app.bsky.feed.searchPosts", search, token=fresh["accessJwt"])[0] == 200
                   for _ in range(3))
        assert srv.stats()["bluesky_sessions"] == {"created": 1, "refreshed": 1, "expired_token_answers": 2}


def wait_for_fresh_window(seconds: float) -> None:
    """Start at the beginning of an aligned window so that a budget does not reset mid-test."""
    time.sleep(seconds - time.time() % seconds + 0.05)


def test_create_session_is_limited_per_account(world: World) -> None:
    with SandboxServer(world, bluesky_session_limit=(3, 2.0)) as srv:
        wait_for_fresh_window(2)
        answers = [xrpc(srv, "pds", "com.atproto.server.createSession", data=ACCOUNT) for _ in range(4)]
        assert [(s, h["ratelimit-remaining"]) for s, h, _ in answers] == [(200, "2"), (200, "1"), (200, "0"),
                                                                          (429, "0")]
        assert answers[-1][2] == {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
        assert answers[-1][1]["ratelimit-policy"] == "3;w=2"
        time.sleep(2.1)
        assert xrpc(srv, "pds", "com.atproto.server.createSession", data=ACCOUNT)[0] == 200


def test_rate_limit_headers_on_every_answer_then_429(world: World) -> None:
    with SandboxServer(world, bluesky_rate_limit=RateLimitConfig(limit=5, window_seconds=2)) as srv:
        wait_for_fresh_window(2)
        seen = []
        for k in range(6):
            params = {"actors": "nobody.bsky.social"} if k != 2 else {"actors": [f"a{i}" for i in range(26)]}
            status, headers, body = xrpc(srv, "appview", "app.bsky.actor.getProfiles", params)
            seen.append((status, headers["ratelimit-remaining"]))
            assert headers["ratelimit-limit"] == "5" and headers["ratelimit-policy"] == "5;w=2"
            assert time.time() < int(headers["ratelimit-reset"]) <= time.time() + 3
        assert seen == [(200, "4"), (200, "3"), (400, "2"), (200, "1"), (200, "0"), (429, "0")]
        assert body == {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
        assert xrpc(srv, "pds", "com.atproto.server.createSession", data=ACCOUNT)[0] == 200  # another host
        assert srv.stats()["rate_limited_429"] == 1
        time.sleep(2.1)
        assert xrpc(srv, "appview", "app.bsky.actor.getProfiles", {"actors": "x.bsky.social"})[0] == 200


@pytest.mark.parametrize("kind", ["429", "500", "slow", "malformed"])
def test_faults_apply_to_bluesky_and_are_transient(world: World, kind: str) -> None:
    faults = FaultConfig.from_dict({kind: 1.0, "slow_seconds": 0.2})
    with SandboxServer(world, faults=faults) as srv:
        creator = bluesky_creators(world)[0]
        params = {"actor": creator.creator_id, "filter": "posts_no_replies"}
        start = time.perf_counter()
        status, headers, body = xrpc(srv, "appview", "app.bsky.feed.getAuthorFeed", params)
        took = time.perf_counter() - start
        if kind == "429":
            assert status == 429 and body["error"] == "RateLimitExceeded" and headers["ratelimit-remaining"] == "0"
        elif kind == "500":
            assert status in (500, 502, 503)
        elif kind == "slow":
            assert status == 200 and took >= 0.2
        else:
            assert status == 200 and isinstance(body, bytes)  # cut short: not JSON
        status, _, body = xrpc(srv, "appview", "app.bsky.feed.getAuthorFeed", params)
        assert status == 200 and body["feed"]
        assert srv.stats()["faults_injected"][kind] == 1


# -- endpoints --------------------------------------------------------------------------------------


def test_search_pages_by_cursor_newest_first(server: SandboxServer, world: World, token: str) -> None:
    def walk(params: dict[str, Any]) -> list[str]:
        seen, cursor = [], None
        while True:
            status, _, body = xrpc(server, "pds", "app.bsky.feed.searchPosts",
                                   {**params, "limit": 7, **({"cursor": cursor} if cursor else {})}, token=token)
            assert status == 200 and len(body["posts"]) <= 7
            seen += [p["uri"] for p in body["posts"]]
            cursor = body.get("cursor")
            if not cursor:
                return seen

    expected = [p.post_id for p in world.tagged_posts("bluesky", "veganrecipes")]
    assert len(expected) > 14
    assert walk({"q": "#veganrecipes", "sort": "latest"}) == expected and len(set(expected)) == len(expected)
    assert walk({"q": "*", "tag": "VeganRecipes"}) == expected
    both = walk({"q": "#veganrecipes #plantbased"})
    assert both == [u for u in expected if "plantbased" in world.post_by_id("bluesky", u).hashtags]
    status, _, body = xrpc(server, "pds", "app.bsky.feed.searchPosts", {"q": "#veganrecipes", "limit": 101},
                           token=token)
    assert (status, body["error"]) == (400, "InvalidRequest")


def test_get_profiles_takes_25_actors_and_skips_unknown_ones(server: SandboxServer, world: World) -> None:
    creators = bluesky_creators(world)
    actors = [c.creator_id for c in creators[:6]] + [bsky.handle_of(c.handle) for c in creators[6:]]
    actors += ["nobody.bsky.social", "did:plc:" + "a" * 24, world.creators[0].creator_id]
    actors += [f"ghost{i}.bsky.social" for i in range(25 - len(actors))]
    status, _, body = xrpc(server, "appview", "app.bsky.actor.getProfiles", {"actors": actors})
    assert status == 200 and [p["did"] for p in body["profiles"]] == [c.creator_id for c in creators]
    for profile, creator in zip(body["profiles"], creators, strict=True):
        assert profile["followersCount"] == creator.followers_at(world.epoch)
        assert profile["postsCount"] == bsky.posts_count(world, creator)
        labels = [label["val"] for label in profile["labels"]]
        assert labels == (["!no-unauthenticated"] if creator.opt_out_reason else [])
        if labels:
            label = profile["labels"][0]
            assert label["src"] == creator.creator_id
            assert label["uri"] == f"at://{creator.creator_id}/app.bsky.actor.profile/self"
            assert ISO_RE.fullmatch(label["cts"])
    status, _, body = xrpc(server, "appview", "app.bsky.actor.getProfiles", {"actors": [*actors, "one.more"]})
    assert (status, body["error"]) == (400, "InvalidRequest")


def test_author_feed_pages_reposts_and_replies(server: SandboxServer, world: World) -> None:
    creator = feed_creator(world)

    def walk(feed_filter: str) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            params = {"actor": bsky.handle_of(creator.handle), "filter": feed_filter, "limit": 3}
            status, _, body = xrpc(server, "appview", "app.bsky.feed.getAuthorFeed",
                                   {**params, **({"cursor": cursor} if cursor else {})})
            assert status == 200 and len(body["feed"]) <= 3
            items += body["feed"]
            cursor = body.get("cursor")
            if not cursor:
                return items

    plain = walk("posts_no_replies")
    reposts = [i for i in plain if "reason" in i]
    assert reposts and all(i["reason"]["$type"] == "app.bsky.feed.defs#reasonRepost"
                           and i["reason"]["by"]["did"] == creator.creator_id
                           and i["post"]["author"]["did"] != creator.creator_id for i in reposts)
    originals = [i["post"]["uri"] for i in plain if "reason" not in i]
    assert originals == [p.post_id for p in world.creator_posts(creator) if p.reblog_of is None]
    assert not any("reply" in i for i in plain)
    times = [i["reason"]["indexedAt"] if "reason" in i else i["post"]["record"]["createdAt"] for i in plain]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    everything = walk("posts_with_replies")
    replies = [i for i in everything if "reply" in i]
    expected = {c.comment_id for s in creator.post_seqs if world.posts[s].reblog_of is None
                for c in world.comments(world.posts[s]) if c.author == creator.index}
    assert expected and {i["post"]["uri"] for i in replies} == expected and len(replies) == len(expected)
    for item in replies:
        record = item["post"]["record"]
        assert record["reply"]["parent"]["uri"] == item["reply"]["parent"]["uri"]
        assert record["reply"]["root"]["uri"] == item["reply"]["root"]["uri"] in originals
    status, _, body = xrpc(server, "appview", "app.bsky.feed.getAuthorFeed", {"actor": "nobody.bsky.social"})
    assert (status, body) == (400, {"error": "InvalidRequest", "message": "Profile not found"})


def thread_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for reply in node.get("replies", []):
        yield reply
        if reply["$type"] == "app.bsky.feed.defs#threadViewPost":
            yield from thread_nodes(reply)


def thread_of(server: SandboxServer, uri: str, **params: Any) -> dict[str, Any]:
    status, _, body = xrpc(server, "appview", "app.bsky.feed.getPostThread", {"uri": uri, **params})
    assert status == 200, body
    return body["thread"]


def test_post_thread_nests_replies_with_consistent_counts(server: SandboxServer, world: World) -> None:
    def depth(comments: list[Any]) -> int:
        return max((sum(1 for _ in iter_parents(comments, c)) for c in comments), default=0)

    stubbed = [p for p in world.visible_posts("bluesky") if bsky.unavailable_replies(world, p)]
    deepest = max(world.visible_posts("bluesky"), key=lambda p: depth(world.comments(p)))
    assert depth(world.comments(deepest)) >= 2
    for post in [*stubbed, deepest]:
        root = thread_of(server, post.post_id, depth=1000)
        nodes = list(thread_nodes(root))
        views = [n for n in nodes if n["$type"] == "app.bsky.feed.defs#threadViewPost"]
        assert {v["post"]["uri"] for v in views} == {c.comment_id for c in world.comments(post)}
        stubs = {u.uri: u.reason for u in bsky.unavailable_replies(world, post)}
        found = {n["uri"]: ("deleted" if n.get("notFound") else "blocked") for n in nodes
                 if n["$type"] != "app.bsky.feed.defs#threadViewPost"}
        assert found == stubs
        assert all(n["author"]["viewer"]["blockedBy"] for n in nodes if n.get("blocked"))
        for node in [root, *views]:  # counts agree with what the thread shows, replies come oldest first
            assert node["post"]["replyCount"] == len(node["replies"])
            times = [r["post"]["record"]["createdAt"] for r in node["replies"] if "post" in r]
            assert times == sorted(times)
        for view in views:
            parent = view["post"]["record"]["reply"]["parent"]["uri"]
            assert parent == post.post_id or parent in {v["post"]["uri"] for v in views}
            assert view["post"]["record"]["reply"]["root"]["uri"] == post.post_id
    shallow = thread_of(server, deepest.post_id, depth=1)
    assert shallow["replies"] and all("replies" not in r for r in shallow["replies"])
    comments = world.comments(deepest)
    deep = max(comments, key=lambda c: sum(1 for _ in iter_parents(comments, c)))
    chain, node = [], thread_of(server, deep.comment_id, parentHeight=80)
    while "parent" in node:
        node = node["parent"]
        chain.append(node["post"]["uri"])
    assert chain == [c.comment_id for c in iter_parents(comments, deep)] + [deepest.post_id]
    assert "parent" not in thread_of(server, deep.comment_id, parentHeight=0)
    status, _, body = xrpc(server, "appview", "app.bsky.feed.getPostThread", {"uri": deepest.post_id + "x"})
    assert (status, body["error"]) == (400, "NotFound")
    blocked = next(u for p in stubbed for u in bsky.unavailable_replies(world, p) if u.reason == "blocked")
    assert thread_of(server, blocked.uri)["$type"] == "app.bsky.feed.defs#blockedPost"


def iter_parents(comments: list[Any], comment: Any) -> Iterator[Any]:
    while comment.parent is not None:
        comment = comments[comment.parent]
        yield comment


# -- a reference crawl ------------------------------------------------------------------------------


class Crawl:
    """A plain urllib client that crawls the sandbox's Bluesky the way the ground truth assumes."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.requests = 0
        self.session: dict[str, Any] = {}

    def call(self, host: str, nsid: str, params: Any = (), *, data: Any = None, auth: bool = False) -> Any:
        query = urlencode(params, doseq=True)
        url = f"{self.base_url}/bluesky/{host}/xrpc/{nsid}" + (f"?{query}" if query else "")
        while True:
            self.requests += 1
            status, _, raw = fetch(url, data, self.session.get("accessJwt") if auth else None)
            body = json.loads(raw)
            if status == 400 and body.get("error") == "ExpiredToken" and auth:
                self.requests += 1
                status, _, raw = fetch(f"{self.base_url}/bluesky/pds/xrpc/com.atproto.server.refreshSession", {},
                                       self.session["refreshJwt"])
                assert status == 200, raw
                self.session = json.loads(raw)
                continue
            assert status == 200, (url, status, body)
            return body

    def run(self, tags: tuple[str, ...], max_creators: int | None = None,
            max_posts: int | None = None) -> tuple[list[str], set[str], set[str], set[str]]:
        self.session = self.call("pds", "com.atproto.server.createSession", data=ACCOUNT)
        creators: list[str] = []
        for tag in tags:
            cursor = None
            while max_creators is None or len(creators) < max_creators:
                params = {"q": f"#{tag}", "sort": "latest", "limit": 100, **({"cursor": cursor} if cursor else {})}
                page = self.call("pds", "app.bsky.feed.searchPosts", params, auth=True)
                for post in page["posts"]:
                    author = post["author"]
                    if any(label["val"] == "!no-unauthenticated" for label in author["labels"]):
                        continue
                    if author["did"] in creators or (max_creators is not None and len(creators) >= max_creators):
                        continue
                    creators.append(author["did"])
                cursor = page.get("cursor")
                if not cursor:
                    break
        for start in range(0, len(creators), 25):
            profiles = self.call("appview", "app.bsky.actor.getProfiles", {"actors": creators[start : start + 25]})
            assert [p["did"] for p in profiles["profiles"]] == creators[start : start + 25]
        posts: set[str] = set()
        comments: set[str] = set()
        own_replies: set[str] = set()
        for did in creators:
            originals: list[dict[str, Any]] = []
            cursor = None
            while max_posts is None or len(originals) < max_posts:
                params = {"actor": did, "filter": "posts_no_replies", "limit": 100,
                          **({"cursor": cursor} if cursor else {})}
                page = self.call("appview", "app.bsky.feed.getAuthorFeed", params)
                for item in page["feed"]:
                    if "reason" not in item and (max_posts is None or len(originals) < max_posts):
                        originals.append(item["post"])
                cursor = page.get("cursor")
                if not cursor:
                    break
            for post in originals:
                posts.add(post["uri"])
                if post["replyCount"] > 0:
                    thread = self.call("appview", "app.bsky.feed.getPostThread",
                                       {"uri": post["uri"], "depth": 1000, "parentHeight": 0})
                    for node in thread_nodes(thread["thread"]):
                        if node["$type"] == "app.bsky.feed.defs#threadViewPost":
                            comments.add(node["post"]["uri"])
                            if node["post"]["author"]["did"] == did:
                                own_replies.add(node["post"]["uri"])
        return creators, posts, comments, own_replies


@pytest.fixture(scope="module")
def walk_world() -> World:
    """Bluesky only: 60 creators, so that search and getProfiles need several pages."""
    return generate_world(seed=5, creators=60, posts_per_creator=6, comments_per_post=5, platforms=("bluesky",))


def test_reference_crawl_collects_exactly_the_ground_truth(walk_world: World) -> None:
    truth = walk_world.ground_truth()
    expected = expected_crawl(truth, "bluesky", TAGS)
    minimum = truth["expected_min_requests"]["bluesky"]
    assert minimum["search_pages"] > len(TAGS) and minimum["get_profiles_requests"] >= 3
    with SandboxServer(walk_world) as srv:
        crawl = Crawl(srv.base_url)
        creators, posts, comments, own = crawl.run(TAGS)
        assert set(creators) == expected.creators and len(creators) == len(expected.creators)
        assert posts == expected.posts
        assert comments == expected.comments
        assert own == {c["comment_id"] for c in truth["comments"]
                       if c["is_creator_reply"] and c["comment_id"] in expected.comments}
        assert crawl.requests == minimum["total"] == srv.stats()["requests_total"]
    opted = {c["creator_id"] for c in truth["creators"] if c["opt_out"] and set(c["discoverable_by"]) & set(TAGS)}
    assert opted and not opted & set(creators)
    unavailable = {u["uri"] for p in truth["posts"] for u in p.get("unavailable_replies", [])}
    assert unavailable and not unavailable & comments


def test_reference_crawl_with_limits_matches_expected_min_requests(walk_world: World) -> None:
    minimum = walk_world.expected_min_requests("bluesky", TAGS, max_creators=27, max_posts=2)
    with SandboxServer(walk_world) as srv:
        crawl = Crawl(srv.base_url)
        creators, posts, _, _ = crawl.run(TAGS, max_creators=27, max_posts=2)
    assert len(creators) == minimum["creators"] == 27 and minimum["get_profiles_requests"] == 2
    assert len(posts) == minimum["posts"] and crawl.requests == minimum["total"]


def test_reference_crawl_survives_expiring_sessions_and_faults(walk_world: World) -> None:
    truth = walk_world.ground_truth(include_comments=False)
    expected = expected_crawl(truth, "bluesky", TAGS, comments=[])
    faults = FaultConfig(expire_session_after=2)
    with SandboxServer(walk_world, faults=faults) as srv:
        crawl = Crawl(srv.base_url)
        creators, posts, comments, _ = crawl.run(TAGS)
        refreshed = srv.stats()["bluesky_sessions"]["refreshed"]
    assert set(creators) == expected.creators and posts == expected.posts and comments == expected.comments
    assert refreshed == math.ceil(truth["expected_min_requests"]["bluesky"]["search_pages"] / 2) - 1


# -- the command line -------------------------------------------------------------------------------


def test_crawl_commands_for_bluesky_name_both_hosts_and_the_account() -> None:
    lines = crawl_commands("http://127.0.0.1:8123", hashtags=["veganrecipes"], platforms=["bluesky"], creators=5,
                           youtube_key="k", clock="2026-06-08T12:00:00Z", bluesky_account=("me.bsky.social", "a b"))
    commands = [line for line in lines if not line.startswith("#")]
    assert commands[0] == (
        "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1:8123 BLUESKY_HANDLE=me.bsky.social BLUESKY_APP_PASSWORD='a b' "
        "CREATORSCOUT_BLUESKY_API_URL=http://127.0.0.1:8123/bluesky/appview "
        "CREATORSCOUT_BLUESKY_PDS_URL=http://127.0.0.1:8123/bluesky/pds creatorscout crawl bluesky "
        "--hashtag veganrecipes --max-creators 5 --db sandbox.db"
    )
    default = crawl_commands("http://h:1", hashtags=["x"], platforms=DEFAULT_PLATFORMS, creators=1, youtube_key="k",
                             clock="c")
    assert not any("bluesky" in line.lower() for line in default)


def test_truth_command_writes_a_world_with_bluesky(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "truth.json"
    args = ["truth", "--creators", "9", "--posts", "3", "--comments", "3", "--platforms", "mastodon,bluesky",
            "--out", str(out)]
    assert main(args) == 0
    truth = json.loads(out.read_text())
    assert truth["params"]["platforms"] == ["mastodon", "bluesky"]
    assert set(truth["expected_min_requests"]) == {"mastodon", "bluesky"}
    assert str(out) in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["truth", "--platforms", "mastodon,myspace", "--out", str(out)])
    assert main(["truth", "--creators", "0", "--out", str(out)]) == 2


def test_serve_prints_the_bluesky_crawl_command_and_serves_it(sandbox_factory) -> None:
    sandbox = sandbox_factory("--creators", "6", "--posts", "2", "--comments", "2", "--platforms", "mastodon,bluesky",
                              "--bluesky-rate-limit", "off")
    printed = []
    while not (printed and printed[-1].startswith("creatorscout vet")):
        line = sandbox.proc.stdout.readline()
        assert line, f"serve stopped printing after {printed}"
        printed.append(line.rstrip("\n"))
    command = next(line for line in printed if "crawl bluesky" in line)
    assert f"CREATORSCOUT_BLUESKY_API_URL={sandbox.url}/bluesky/appview" in command
    assert f"CREATORSCOUT_BLUESKY_PDS_URL={sandbox.url}/bluesky/pds" in command
    assert f"BLUESKY_HANDLE={DEFAULT_IDENTIFIER}" in command and "BLUESKY_APP_PASSWORD=" in command
    status, _, body = fetch(f"{sandbox.url}/bluesky/pds/xrpc/com.atproto.server.createSession", ACCOUNT)
    assert status == 200 and json.loads(body)["handle"] == DEFAULT_IDENTIFIER
    assert {c["platform"] for c in sandbox.truth["creators"]} == {"mastodon", "bluesky"}
