"""Bluesky parsers: focused behaviour, contract tests on the real recordings, and the lexicons.

The golden cases (``tests/fixtures/bluesky/<parser>/<case>/``) run in ``test_parsers_golden.py``;
here are the rules behind them, one at a time, and the checks against
``../shared/platform-samples/bluesky/`` (skipped when that folder is absent, as in CI).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page
from crawler.parsers import bluesky as bs
from crawler.timeutil import parse_utc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bluesky"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples" / "bluesky"
FETCHED_AT = "2026-03-03T12:00:00Z"
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
CREATOR = "did:plc:gpghvxypvvpb2tye5txgppfm"  # maren-bakes in the golden cases


def ctx(url: str = "https://public.api.bsky.app/xrpc/x", **extra: Any) -> Context:
    return Context(url=url, fetched_at=FETCHED_AT, **extra)


def fixture(case: str) -> tuple[Any, Context]:
    folder = FIXTURES / case
    payload = json.loads((folder / "payload.json").read_text(encoding="utf-8"))
    return payload, Context(**json.loads((folder / "context.json").read_text(encoding="utf-8")))


def actor(did: str, labels: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"did": did, "handle": "a.example", "labels": labels or [], **extra}


def postview(uri: str, did: str, text: str = "hi", created: str | None = "2026-03-01T10:00:00.000Z",
             **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text}
    if created:
        record["createdAt"] = created
    return {"uri": uri, "cid": "bafyrei", "author": actor(did), "record": record,
            "indexedAt": "2026-03-01T10:00:01.000Z", **extra}


# -- helpers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("did:plc:wpe35pganb6d4pg4ekmfy6u5", True),
        ("did:web:bakery.example", True),
        ("did:plc:", False),
        ("DID:plc:abc", False),
        ("did:plc:abc/", False),
        ("user(0)", False),
        ("", False),
        (None, False),
        (42, False),
    ],
)
def test_is_did(value: Any, expected: bool) -> None:
    assert bs.is_did(value) is expected


@pytest.mark.parametrize(
    ("value", "at_uri", "key", "url"),
    [
        ("at://did:plc:abc/app.bsky.feed.post/3lk6xq2m6e5wt", True, "3lk6xq2m6e5wt",
         "https://bsky.app/profile/did:plc:abc/post/3lk6xq2m6e5wt"),
        ("at://maren.example/app.bsky.feed.post/3lk6", True, "3lk6", "https://bsky.app/profile/maren.example/post/3lk6"),
        ("at://did:plc:abc/app.bsky.actor.profile/self", True, "self", None),  # not a post
        ("at://did:plc:abc/app.bsky.feed.post", True, None, None),  # a collection, no record
        ("at://did:plc:abc", True, None, None),
        ("at://did:plc:abc/app.bsky.feed.post/3lk6?x=1", False, None, None),
        ("https://bsky.app/profile/did:plc:abc/post/3lk6", False, None, None),
        ("at://did:plc:abc/app.bsky.feed.post/3lk6/extra", False, None, None),
        ("record(0)", False, None, None),
        (None, False, None, None),
    ],
)
def test_at_uri_helpers(value: Any, at_uri: bool, key: str | None, url: str | None) -> None:
    assert bs.is_at_uri(value) is at_uri
    assert bs.rkey(value) == key
    assert bs.post_url(value) == url


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"error": "InvalidRequest", "message": "Error: Params must have the property \"q\""},
         ("InvalidRequest", "Error: Params must have the property \"q\"")),
        ({"error": "RateLimitExceeded"}, ("RateLimitExceeded", None)),
        ({"error": "ExpiredToken", "message": 7}, ("ExpiredToken", None)),
        ({"error": "", "message": "x"}, (None, None)),
        ({"error": {"nested": 1}}, (None, None)),
        ({"posts": []}, (None, None)),
        ([{"error": "x"}], (None, None)),
        ("Internal Server Error", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_error(payload: Any, expected: tuple[str | None, str | None]) -> None:
    assert bs.parse_error(payload) == expected


def test_parse_error_is_not_a_page_parser() -> None:
    assert set(bs.PARSERS) == {"search_posts", "profiles", "author_feed", "post_thread", "session"}
    assert all(name in bs.__all__ for name in ("post_url", "rkey", "is_at_uri", "OPT_OUT_LABEL", "parse_error"))
    assert bs.OPT_OUT_LABEL == "!no-unauthenticated"


# -- labels -------------------------------------------------------------------------------------
def test_only_the_accounts_own_label_is_an_opt_out() -> None:
    me = "did:plc:me"
    own = {"src": me, "uri": f"at://{me}/app.bsky.actor.profile/self", "val": bs.OPT_OUT_LABEL, "cts": "x"}
    assert bs.opt_out_reason(actor(me, [own])) == "no_unauthenticated"
    assert bs.opt_out_reason(actor(me, [{**own, "src": "did:plc:labeler"}])) is None
    assert bs.opt_out_reason(actor(me, [{**own, "val": "!hide"}])) is None
    assert bs.opt_out_reason(actor(me, [own, {**own, "neg": True}])) is None  # negated later
    assert bs.opt_out_reason(actor(me, [{**own, "val": None}, "junk", None])) is None
    assert bs.opt_out_reason(actor(me, None)) is None
    assert bs.opt_out_reason({"labels": [own]}) is None  # no did: nothing is "own"
    assert bs.opt_out_reason("did:plc:me") is None


def test_opted_out_profile_is_counted_not_returned() -> None:
    me = "did:plc:me"
    label = {"src": me, "val": bs.OPT_OUT_LABEL}
    page = bs.parse_profiles({"profiles": [actor(me, [label]), actor("did:plc:other", [{**label, "src": me}])]}, ctx())
    assert [c.creator_id for c in page.items] == ["did:plc:other"]  # someone else's label on them
    assert page.facts == {"opt_out": {me: "no_unauthenticated"}}


# -- search -------------------------------------------------------------------------------------
def test_search_created_at_falls_back_and_normalises() -> None:
    posts = [
        postview("at://did:plc:a/app.bsky.feed.post/1", "did:plc:a", created="2026-03-01T10:00:00.123456+02:00"),
        postview("at://did:plc:b/app.bsky.feed.post/2", "did:plc:b", created=None),
        postview("at://did:plc:c/app.bsky.feed.post/3", "did:plc:c", created="not a date"),
    ]
    page = bs.parse_search_posts({"posts": posts, "cursor": 50}, ctx())
    assert [h.created_at for h in page.items] == [
        "2026-03-01T08:00:00.123Z",
        "2026-03-01T10:00:01Z",
        "2026-03-01T10:00:01Z",
    ]
    assert page.cursor == "50"
    assert page.facts["oldest_at"] == "2026-03-01T08:00:00.123Z"


@pytest.mark.parametrize("cursor", [None, "", False, [], {}])
def test_no_cursor_means_last_page(cursor: Any) -> None:
    payload: dict[str, Any] = {"posts": []}
    if cursor is not None:
        payload["cursor"] = cursor
    assert bs.parse_search_posts(payload, ctx()).cursor is None


def test_search_hit_is_reply_and_bot() -> None:
    post = postview("at://did:plc:a/app.bsky.feed.post/1", "did:plc:a")
    post["record"]["reply"] = {"root": {"uri": "at://x/app.bsky.feed.post/0"}, "parent": {"uri": "at://x/app.bsky.feed.post/0"}}
    post["author"]["labels"] = [{"src": "did:plc:a", "val": "bot"}]
    hit = bs.parse_search_posts({"posts": [post]}, ctx()).items[0]
    assert (hit.is_reply, hit.is_bot_account, hit.opt_out) == (True, True, None)
    post["author"]["labels"] = [{"src": "did:plc:someone", "val": "bot"}]  # not a self-label
    assert bs.parse_search_posts({"posts": [post]}, ctx()).items[0].is_bot_account is None


# -- author feed --------------------------------------------------------------------------------
def test_author_feed_reposts_pins_and_foreign_posts() -> None:
    payload, context = fixture("author_feed/mixed_page")
    page = bs.parse_author_feed(payload, context)
    uris = [post.post_id for post in page.items]
    assert len(uris) == len(set(uris)) == 4  # the pinned post appears twice, returned once
    assert all(post.creator_id == CREATOR and post.post_id.startswith(f"at://{CREATOR}/") for post in page.items)
    assert not any(post.is_repost for post in page.items)
    assert page.facts["reposts"] == 2 and page.facts["foreign"] == 1 and page.facts["size"] == 8
    # the creator's 2024 post reposted this week counts at its repost time, not its age
    assert page.facts["oldest_at"] == "2025-10-04T08:00:00Z"
    reposted_own = [e for e in payload["feed"] if e.get("reason", {}).get("$type", "").endswith("reasonRepost")]
    assert any(e["post"]["author"]["did"] == CREATOR for e in reposted_own)
    assert all(e["post"]["uri"] not in uris for e in reposted_own)


def test_pinned_post_does_not_set_oldest_at() -> None:
    old_pin = postview(f"at://{CREATOR}/app.bsky.feed.post/pin", CREATOR, created="2020-01-01T00:00:00Z")
    new = postview(f"at://{CREATOR}/app.bsky.feed.post/new", CREATOR, created="2026-03-01T10:00:00Z")
    feed = [{"post": old_pin, "reason": {"$type": "app.bsky.feed.defs#reasonPin"}}, {"post": new}]
    page = bs.parse_author_feed({"feed": feed}, ctx(creator_id=CREATOR))
    assert [p.post_id for p in page.items] == [old_pin["uri"], new["uri"]]
    assert page.facts["oldest_at"] == "2026-03-01T10:00:00Z"


def test_post_item_fields_from_facets_tags_and_counts() -> None:
    text = "#Rye and #rye bread with @noor"
    post = postview(f"at://{CREATOR}/app.bsky.feed.post/3lx", CREATOR, text=text, likeCount=3, replyCount=1,
                    repostCount=2, quoteCount=4)
    post["record"].update(
        langs=["de", "en"],
        tags=["RYE", "#Baking", "", 5],
        facets=[
            {"features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Rye"}],
             "index": {"byteStart": 0, "byteEnd": 4}},
            {"features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "rye"},
                          {"$type": "app.bsky.richtext.facet#link", "uri": "https://x.example/#notatag"}],
             "index": {"byteStart": 9, "byteEnd": 13}},
            {"features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:noor"},
                          {"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:noor"}],
             "index": {"byteStart": 25, "byteEnd": 30}},
        ],
    )
    item = bs.parse_author_feed({"feed": [{"post": post}]}, ctx(creator_id=CREATOR)).items[0]
    assert item.hashtags == ["rye", "baking"]
    assert item.mentions == ["did:plc:noor"]
    assert (item.like_count, item.comment_count, item.share_count, item.view_count) == (3, 1, 6, None)
    assert item.language == "de" and item.text == text and item.url == f"https://bsky.app/profile/{CREATOR}/post/3lx"


@pytest.mark.parametrize(
    ("counts", "share", "like"),
    [
        ({"repostCount": 2, "quoteCount": 3}, 5, None),
        ({"repostCount": 2}, 2, None),
        ({"quoteCount": 0}, 0, None),
        ({}, None, None),
        ({"repostCount": -1, "quoteCount": "3", "likeCount": True}, None, None),
        ({"likeCount": 0}, None, 0),
    ],
)
def test_counts_unknown_is_none(counts: dict[str, Any], share: int | None, like: int | None) -> None:
    post = postview(f"at://{CREATOR}/app.bsky.feed.post/1", CREATOR, **counts)
    item = bs.parse_author_feed({"feed": [{"post": post}]}, ctx(creator_id=CREATOR)).items[0]
    assert (item.share_count, item.like_count) == (share, like)


def test_author_feed_needs_the_creator() -> None:
    with pytest.raises(ValueError, match="creator_id"):
        bs.parse_author_feed({"feed": []}, ctx())


# -- threads ------------------------------------------------------------------------------------
ROOT = f"at://{CREATOR}/app.bsky.feed.post/root"


def reply_node(uri: str, did: str, parent: str | None, replies: list[Any] | None = None) -> dict[str, Any]:
    post = postview(uri, did)
    if parent is not None:
        post["record"]["reply"] = {"root": {"uri": ROOT, "cid": "c"}, "parent": {"uri": parent, "cid": "c"}}
    return {"$type": "app.bsky.feed.defs#threadViewPost", "post": post, "replies": replies or []}


def test_thread_defaults_and_parent_fallback() -> None:
    a = "at://did:plc:a/app.bsky.feed.post/a"
    b = "at://did:plc:b/app.bsky.feed.post/b"
    thread = reply_node(ROOT, CREATOR, None, [reply_node(a, "did:plc:a", None, [reply_node(b, CREATOR, None)])])
    page = bs.parse_post_thread({"thread": thread}, ctx())  # no post_id, no creator_id in the context
    assert [(c.comment_id, c.post_id, c.parent_comment_id, c.author_is_creator) for c in page.items] == [
        (a, ROOT, None, False),  # no record.reply: the tree says it answers the root
        (b, ROOT, a, True),  # the root's author is the creator
    ]


def test_thread_root_given_by_handle_still_marks_top_level_replies() -> None:
    a = "at://did:plc:a/app.bsky.feed.post/a"
    thread = reply_node(ROOT, CREATOR, None, [reply_node(a, "did:plc:a", ROOT)])
    by_handle = "at://maren-bakes.bsky.social/app.bsky.feed.post/root"
    page = bs.parse_post_thread({"thread": thread}, ctx(post_id=by_handle, creator_id=CREATOR))
    assert [(c.post_id, c.parent_comment_id) for c in page.items] == [(by_handle, None)]


@pytest.mark.parametrize(("limit", "kept", "truncated"), [(None, 6, 0), (0, 0, 6), (-3, 0, 6), (4, 4, 2), (9, 6, 0)])
def test_thread_limit(limit: int | None, kept: int, truncated: int) -> None:
    payload, context = fixture("post_thread/nested_replies")
    page = bs.parse_post_thread(payload, dataclasses.replace(context, limit=limit))
    assert len(page.items) == kept
    assert page.facts == {"not_found": 1, "blocked": 1, "truncated": truncated}
    full = bs.parse_post_thread(payload, context).items
    assert page.items == full[:kept]  # the limit keeps the depth-first order


def test_deep_thread_does_not_recurse() -> None:
    depth = 3000  # getPostThread allows depth up to 1000; deeper than Python's recursion limit
    node = reply_node(f"at://did:plc:a/app.bsky.feed.post/{depth}", "did:plc:a", None)
    for level in range(depth - 1, 0, -1):
        node = reply_node(f"at://did:plc:a/app.bsky.feed.post/{level}", "did:plc:a", None, [node])
    page = bs.parse_post_thread({"thread": reply_node(ROOT, CREATOR, None, [node])}, ctx(post_id=ROOT))
    assert len(page.items) == depth
    assert page.items[-1].parent_comment_id == f"at://did:plc:a/app.bsky.feed.post/{depth - 1}"


def test_thread_counts_unavailable_replies_by_flag_or_type() -> None:
    replies = [
        {"uri": "at://x/app.bsky.feed.post/1", "notFound": True},
        {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://x/app.bsky.feed.post/2"},
        {"uri": "at://x/app.bsky.feed.post/3", "blocked": True, "author": {"did": "did:plc:x"}},
    ]
    page = bs.parse_post_thread({"thread": reply_node(ROOT, CREATOR, None, replies)}, ctx())
    assert page.items == [] and page.facts == {"not_found": 2, "blocked": 1, "truncated": 0}


# -- session ------------------------------------------------------------------------------------
def test_session_tokens_never_show() -> None:
    body = {"did": "did:plc:me", "handle": "me.example", "accessJwt": "ACCESS-SECRET", "refreshJwt": "REFRESH-SECRET"}
    page = bs.parse_session(body, ctx())
    session = page.items[0]
    assert (session.access_jwt, session.refresh_jwt) == ("ACCESS-SECRET", "REFRESH-SECRET")
    for shown in (repr(session), str(session), repr(page), f"{session}", f"{[session]!r}"):
        assert "SECRET" not in shown
        assert "did:plc:me" in shown
    with pytest.raises(ParseError) as caught:
        bs.parse_session({**body, "refreshJwt": ""}, ctx())
    assert "SECRET" not in str(caught.value)


# -- changed structure --------------------------------------------------------------------------
GOOD = postview(f"at://{CREATOR}/app.bsky.feed.post/1", CREATOR)


@pytest.mark.parametrize(
    ("name", "payload", "context"),
    [
        ("search_posts", None, ctx()),
        ("search_posts", {"posts": "x"}, ctx()),
        ("search_posts", {}, ctx()),
        ("search_posts", {"posts": ["at://x"]}, ctx()),
        ("search_posts", {"posts": [{**GOOD, "uri": ""}]}, ctx()),
        ("search_posts", {"posts": [{**GOOD, "author": "did:plc:a"}]}, ctx()),
        ("profiles", {"profiles": [{"handle": "a.example"}]}, ctx()),
        ("profiles", {"profiles": ["did:plc:a"]}, ctx()),
        ("profiles", [], ctx()),
        ("author_feed", {"feed": [GOOD]}, ctx(creator_id=CREATOR)),  # a postView, not a feedViewPost
        ("author_feed", {"feed": [{"post": None}]}, ctx(creator_id=CREATOR)),
        ("author_feed", {"feed": {}}, ctx(creator_id=CREATOR)),
        ("post_thread", {"thread": "gone"}, ctx()),
        ("post_thread", {"thread": {"$type": "app.bsky.feed.defs#threadViewPost"}}, ctx()),
        ("post_thread", {"thread": reply_node(ROOT, CREATOR, None, ["x"])}, ctx()),
        ("post_thread", {"thread": {**reply_node(ROOT, CREATOR, None), "replies": {}}}, ctx()),
        ("session", {"did": "did:plc:a", "accessJwt": "a"}, ctx()),
    ],
)
def test_changed_structure_raises(name: str, payload: Any, context: Context) -> None:
    with pytest.raises(ParseError) as caught:
        bs.PARSERS[name](payload, context)
    assert caught.value.platform == "bluesky" and caught.value.url == context.url


def test_hostile_text_is_kept_as_text() -> None:
    text = '=HYPERLINK("http://evil.example") <script>alert(1)</script> &amp; {{7*7}}'
    post = postview(f"at://{CREATOR}/app.bsky.feed.post/1", CREATOR, text=text)
    assert bs.parse_author_feed({"feed": [{"post": post}]}, ctx(creator_id=CREATOR)).items[0].text == text
    thread = reply_node(ROOT, CREATOR, None, [{**reply_node("at://did:plc:a/app.bsky.feed.post/a", "did:plc:a", ROOT)}])
    thread["replies"][0]["post"]["record"]["text"] = text
    assert bs.parse_post_thread({"thread": thread}, ctx()).items[0].text == text
    profile = {**actor("did:plc:a"), "description": text, "displayName": text}
    creator = bs.parse_profiles({"profiles": [profile]}, ctx()).items[0]
    assert creator.bio == creator.display_name == text


def test_parsers_do_not_change_their_payload() -> None:
    cases = ("author_feed/mixed_page", "post_thread/nested_replies", "profiles/batch", "search_posts/opt_out_labels")
    for case in cases:
        payload, context = fixture(case)
        before = copy.deepcopy(payload)
        bs.PARSERS[case.split("/")[0]](payload, context)
        assert payload == before, case


# -- contract tests on the real recordings ------------------------------------------------------
def _sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"platform sample {name} not present")
    return json.loads(path.read_text(encoding="utf-8"))


def _sample_url(name: str) -> str:
    meta = SAMPLES / name.replace(".json", ".meta.json")
    if meta.is_file():
        return json.loads(meta.read_text(encoding="utf-8"))["request"]["url"]
    return f"https://bsky.example/xrpc/{name}"


def _count_ok(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _check_post(post: PostItem, creator: str) -> None:
    assert bs.is_at_uri(post.post_id) and post.post_id.startswith(f"at://{creator}/app.bsky.feed.post/")
    assert post.url == f"https://bsky.app/profile/{creator}/post/{bs.rkey(post.post_id)}"
    assert post.created_at and ISO_Z.match(post.created_at)
    assert all(_count_ok(getattr(post, n)) for n in ("like_count", "comment_count", "share_count", "view_count"))
    assert all(tag == tag.lower() and tag and not tag.startswith("#") for tag in post.hashtags)
    assert all(bs.is_did(did) for did in post.mentions)


POST_LIST_SAMPLES = ["feed_searchPosts__q_redistricting.json", "feed_getPosts.json", "feed_getQuotes.json"]


@pytest.mark.parametrize("name", POST_LIST_SAMPLES)
def test_contract_post_lists(name: str) -> None:
    body = _sample(name)
    page = bs.parse_search_posts(body, ctx(_sample_url(name)))
    assert len(page.items) == page.facts["size"] == len(body["posts"]) > 0
    for hit, post in zip(page.items, body["posts"], strict=True):
        assert bs.is_did(hit.creator_id) and hit.creator_id == post["author"]["did"]
        assert bs.is_at_uri(hit.post_id) and hit.post_id.startswith(f"at://{hit.creator_id}/")
        assert hit.created_at and ISO_Z.match(hit.created_at)
        assert hit.opt_out in (None, "no_unauthenticated")
        assert hit.is_reply == ("reply" in post["record"])
    assert page.facts["oldest_at"] == min((h.created_at for h in page.items), key=parse_utc)


def test_contract_search_opt_outs_match_self_labels() -> None:
    body = _sample("feed_searchPosts__q_redistricting.json")
    hits = bs.parse_search_posts(body, ctx()).items
    assert bs.parse_search_posts(body, ctx()).cursor == "25"
    for hit, post in zip(hits, body["posts"], strict=True):
        labels = post["author"].get("labels") or []
        own = any(lb.get("src") == hit.creator_id and lb.get("val") == bs.OPT_OUT_LABEL for lb in labels)
        assert (hit.opt_out == "no_unauthenticated") is own
    opted = {h.creator_id for h in hits if h.opt_out}
    labelled_by_others = {p["author"]["did"] for p in body["posts"]
                          if any(lb.get("src") != p["author"]["did"] for lb in p["author"].get("labels") or [])}
    assert opted and labelled_by_others and not opted & labelled_by_others  # the sample has both kinds


def test_contract_profiles() -> None:
    name = "actor_getProfiles__bsky.social.json"
    body = _sample(name)
    page = bs.parse_profiles(body, ctx(_sample_url(name)))
    assert len(page.items) + len(page.facts["opt_out"]) == len(body["profiles"])
    for creator in page.items:
        assert isinstance(creator, CreatorItem)
        assert bs.is_did(creator.creator_id) and creator.handle
        assert creator.profile_url == f"https://bsky.app/profile/{creator.creator_id}"
        assert all(_count_ok(getattr(creator, n)) for n in ("followers_count", "following_count", "post_count"))
        assert creator.account_created_at and ISO_Z.match(creator.account_created_at)
        assert creator.verified in (None, True, False) and creator.view_count is None
    first = page.items[0]
    assert (first.followers_count, first.following_count, first.post_count) == (554, 296, 65)


def test_contract_author_feed() -> None:
    name = "feed_getAuthorFeed.json"
    body = _sample(name)
    reposts = [e for e in body["feed"] if (e.get("reason") or {}).get("$type") == "app.bsky.feed.defs#reasonRepost"]
    creator = reposts[0]["reason"]["by"]["did"]  # the actor (the URL names it by handle)
    page = bs.parse_author_feed(body, ctx(_sample_url(name), creator_id=creator))
    assert page.facts["size"] == len(body["feed"])
    assert page.facts["reposts"] == len(reposts) and page.facts["foreign"] == 0
    assert len(page.items) == len(body["feed"]) - len(reposts)
    for post in page.items:
        _check_post(post, creator)
    assert any(post.is_reply for post in page.items) and any(post.hashtags for post in page.items)
    assert any(post.mentions for post in page.items)
    assert page.cursor == body["cursor"] and ISO_Z.match(page.facts["oldest_at"])


def test_contract_thread_without_replies() -> None:
    name = "feed_getPostThread__no_replies.json"
    page = bs.parse_post_thread(_sample(name), ctx(_sample_url(name)))
    assert page == Page(items=[], cursor=None, facts={"not_found": 0, "blocked": 0, "truncated": 0})


def test_contract_thread_snapshot_with_replies() -> None:
    """The atproto test snapshot has placeholder ids (``user(0)``, ``record(0)``): check structure only."""
    body = _sample("feed_getPostThread__with_replies__atproto_test_snapshot.json")
    root = body["thread"]["post"]
    page = bs.parse_post_thread(body, ctx(post_id=root["uri"], creator_id=root["author"]["did"]))
    assert all(isinstance(c, CommentItem) for c in page.items)
    nodes: list[dict[str, Any]] = []
    stack = list(reversed(body["thread"]["replies"]))
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(node.get("replies") or []))
    assert [c.comment_id for c in page.items] == [n["post"]["uri"] for n in nodes]
    for comment, node in zip(page.items, nodes, strict=True):
        parent = node["post"]["record"]["reply"]["parent"]["uri"]
        assert comment.parent_comment_id == (None if parent == root["uri"] else parent)
        assert comment.author_is_creator == (node["post"]["author"]["did"] == root["author"]["did"])
        assert comment.created_at and ISO_Z.match(comment.created_at) and _count_ok(comment.like_count)
    assert any(c.parent_comment_id for c in page.items) and any(c.author_is_creator for c in page.items)


def test_contract_error_body() -> None:
    error, message = bs.parse_error(_sample("error_400_InvalidRequest.json"))
    assert error == "InvalidRequest" and message and "300 graphemes" in message


# -- the lexicons: every field the parsers read exists --------------------------------------------
def _lexicon_def(ref: str) -> dict[str, Any]:
    nsid, _, name = ref.partition("#")
    path = SAMPLES / "lexicons" / f"{nsid}.json"
    if not path.is_file():
        pytest.skip(f"lexicon {nsid} not present")
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    assert lexicon["id"] == nsid
    definition = lexicon["defs"][name or "main"]
    if definition.get("type") == "record":
        return definition["record"]
    if definition.get("type") == "query":
        return definition["output"]["schema"]
    return definition


READ_FIELDS = {
    "app.bsky.actor.defs#profileViewDetailed": {
        "did", "handle", "displayName", "description", "website", "followersCount", "followsCount",
        "postsCount", "createdAt", "labels", "verification",
    },
    "app.bsky.actor.defs#profileViewBasic": {"did", "handle", "labels"},
    "app.bsky.actor.defs#verificationState": {"verifiedStatus"},
    "app.bsky.feed.defs#postView": {
        "uri", "author", "record", "replyCount", "repostCount", "likeCount", "quoteCount", "indexedAt",
    },
    "app.bsky.feed.defs#feedViewPost": {"post", "reason"},
    "app.bsky.feed.defs#reasonRepost": {"by", "indexedAt"},
    "app.bsky.feed.defs#threadViewPost": {"post", "replies"},
    "app.bsky.feed.defs#notFoundPost": {"uri", "notFound"},
    "app.bsky.feed.defs#blockedPost": {"uri", "blocked"},
    "app.bsky.feed.post": {"text", "createdAt", "facets", "reply", "langs", "tags"},
    "app.bsky.feed.post#replyRef": {"parent", "root"},
    "app.bsky.richtext.facet": {"features", "index"},
    "app.bsky.richtext.facet#mention": {"did"},
    "app.bsky.richtext.facet#tag": {"tag"},
    "app.bsky.feed.searchPosts": {"posts", "cursor", "hitsTotal"},
    "app.bsky.feed.getAuthorFeed": {"feed", "cursor"},
    "app.bsky.feed.getPostThread": {"thread"},
    "app.bsky.actor.getProfiles": {"profiles"},
}


@pytest.mark.parametrize("ref", sorted(READ_FIELDS))
def test_lexicon_has_the_fields_read(ref: str) -> None:
    properties = _lexicon_def(ref).get("properties", {})
    assert READ_FIELDS[ref] <= set(properties), sorted(READ_FIELDS[ref] - set(properties))


def test_lexicon_types_the_parsers_compare_with() -> None:
    for ref in (bs._REASON_REPOST, bs._REASON_PIN, bs._NOT_FOUND, bs._BLOCKED, bs._FACET_TAG, bs._FACET_MENTION):
        _lexicon_def(ref)  # a renamed definition raises KeyError here
    reason = _lexicon_def("app.bsky.feed.defs#feedViewPost")["properties"]["reason"]
    assert set(reason["refs"]) == {"#reasonRepost", "#reasonPin"}
    replies = _lexicon_def("app.bsky.feed.defs#threadViewPost")["properties"]["replies"]["items"]
    assert set(replies["refs"]) == {"#threadViewPost", "#notFoundPost", "#blockedPost"}
    status = _lexicon_def("app.bsky.actor.defs#verificationState")["properties"]["verifiedStatus"]
    assert "valid" in status["knownValues"]
