"""Pure parsers for the Bluesky AppView (AT Protocol XRPC, ``app.bsky.*``): no I/O, no Scrapy.

Every parser follows the contract of :mod:`crawler.parsers`: ``parse_<what>(payload, context)``
returns a :class:`~crawler.parsers.Page`. A missing optional field is ``None``; a changed
structure (a payload that is not an object, ``posts``/``feed``/``profiles`` that is not a list,
a post without ``uri`` or author DID) raises :class:`~crawler.errors.ParseError`. The shapes
follow the lexicons (``app.bsky.feed.defs``, ``app.bsky.actor.defs``).

Decisions worth knowing:

* A creator is its DID (``did:plc:...``), stable across handle changes; a post or comment is its
  at-uri (``at://<did>/app.bsky.feed.post/<rkey>``). ``handle.invalid`` is kept as given.
* Opt-out is the account's own self-label ``!no-unauthenticated`` (a label whose ``src`` is the
  account's DID), asking not to be shown to logged-out viewers. The same value set by anyone
  else (a labeler) is not the account's choice and is ignored. A ``bot`` self-label marks a bot.
* ``share_count`` is reposts plus quotes (both spread the post); ``None`` when both are missing.
* Hashtags come from ``#tag`` facets and the record's ``tags``, lower-cased without a leading
  ``#``; mentions are the DIDs of ``#mention`` facets. Text is kept as the plain text it is.
* In an author feed, reposts (``#reasonRepost``) are someone else's post (or an old post of the
  creator's again) and are only counted; a pinned post (``#reasonPin``) is the creator's post
  and is not counted twice. ``oldest_at`` is the oldest timeline time of the page (the repost
  time for reposts) leaving out the pinned post, which comes first whatever its age.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page, Parser
from crawler.timeutil import parse_utc, to_z

__all__ = [
    "BOT_LABEL",
    "OPT_OUT_LABEL",
    "PARSERS",
    "PLATFORM",
    "SearchHit",
    "Session",
    "is_at_uri",
    "is_did",
    "opt_out_reason",
    "parse_author_feed",
    "parse_error",
    "parse_post_thread",
    "parse_profiles",
    "parse_search_posts",
    "parse_session",
    "post_url",
    "rkey",
]

logger = logging.getLogger(__name__)

PLATFORM = "bluesky"
OPT_OUT_LABEL = "!no-unauthenticated"
OPT_OUT_REASON = "no_unauthenticated"
BOT_LABEL = "bot"
APP_URL = "https://bsky.app"
POST_COLLECTION = "app.bsky.feed.post"

_REASON_REPOST = "app.bsky.feed.defs#reasonRepost"
_REASON_PIN = "app.bsky.feed.defs#reasonPin"
_NOT_FOUND = "app.bsky.feed.defs#notFoundPost"
_BLOCKED = "app.bsky.feed.defs#blockedPost"
_FACET_TAG = "app.bsky.richtext.facet#tag"
_FACET_MENTION = "app.bsky.richtext.facet#mention"

# did:<method>:<method-specific id>, as the DID syntax of the AT Protocol allows it.
_DID_RE = re.compile(r"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$")
# at://<did or handle>[/<collection NSID>[/<record key>]] (no query or fragment in our ids).
_AT_URI_RE = re.compile(
    r"^at://(?P<authority>did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)"
    r"(?:/(?P<collection>[a-zA-Z][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+)(?:/(?P<rkey>[a-zA-Z0-9._:~-]{1,512}))?)?$"
)


@dataclass
class SearchHit:
    """One post found by ``searchPosts``, attributed to its author."""

    creator_id: str
    handle: str | None
    post_id: str
    created_at: str | None
    opt_out: str | None = None
    is_reply: bool = False
    is_bot_account: bool | None = None


@dataclass(frozen=True)
class Session:
    """An authenticated XRPC session. The tokens never show in ``repr`` (sessions reach logs)."""

    did: str
    handle: str | None
    access_jwt: str = field(repr=False)
    refresh_jwt: str = field(repr=False)


# -- small helpers -----------------------------------------------------------------------------
def is_did(value: Any) -> bool:
    """Whether ``value`` is a DID string (``did:plc:...``, ``did:web:...``)."""
    return isinstance(value, str) and _DID_RE.match(value) is not None


def is_at_uri(value: Any) -> bool:
    """Whether ``value`` is an at-uri (``at://<did or handle>[/<collection>[/<rkey>]]``)."""
    return isinstance(value, str) and _AT_URI_RE.match(value) is not None


def rkey(uri: Any) -> str | None:
    """The record key of a record at-uri (its last segment), or ``None``.

    >>> rkey("at://did:plc:abc/app.bsky.feed.post/3kxyz")
    '3kxyz'
    """
    match = _AT_URI_RE.match(uri) if isinstance(uri, str) else None
    return match.group("rkey") if match else None


def post_url(uri: Any) -> str | None:
    """The bsky.app web address of a post at-uri, or ``None`` for anything else.

    >>> post_url("at://did:plc:abc/app.bsky.feed.post/3kxyz")
    'https://bsky.app/profile/did:plc:abc/post/3kxyz'
    """
    match = _AT_URI_RE.match(uri) if isinstance(uri, str) else None
    if not match or match.group("collection") != POST_COLLECTION or not match.group("rkey"):
        return None
    return f"{APP_URL}/profile/{match.group('authority')}/post/{match.group('rkey')}"


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _object(payload: Any, url: str, what: str) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise ParseError(PLATFORM, url, f"{what} is {type(payload).__name__}, expected an object")
    return payload


def _list(payload: dict[str, Any], key: str, url: str) -> list[Any]:
    value = payload.get(key)
    if not isinstance(value, list):
        raise ParseError(PLATFORM, url, f"{key!r} is {type(value).__name__}, expected a list")
    return value


def _cursor(payload: dict[str, Any]) -> str | None:
    cursor = payload.get("cursor")
    if isinstance(cursor, int) and not isinstance(cursor, bool):
        return str(cursor)
    return _str(cursor)


def _oldest(times: list[str | None]) -> str | None:
    known = [(when, value) for value in times if value and (when := parse_utc(value)) is not None]
    return min(known)[1] if known else None


def _self_labels(actor: dict[str, Any], did: str) -> set[str]:
    """Values the account set on itself (``src`` is its own DID); a negation label cancels one."""
    values: set[str] = set()
    labels = actor.get("labels")
    if not isinstance(labels, list):
        return values
    for label in labels:
        if not isinstance(label, dict) or label.get("src") != did or not isinstance(label.get("val"), str):
            continue
        if label.get("neg") is True:
            values.discard(label["val"])
        else:
            values.add(label["val"])
    return values


def opt_out_reason(actor: Any) -> str | None:
    """``"no_unauthenticated"`` when a profile (any ``profileView*``) carries the self-label
    ``!no-unauthenticated``, else ``None``. Labels set by other accounts do not count."""
    if not isinstance(actor, dict) or not isinstance(actor.get("did"), str):
        return None
    return OPT_OUT_REASON if OPT_OUT_LABEL in _self_labels(actor, actor["did"]) else None


def _is_bot(actor: dict[str, Any], did: str) -> bool | None:
    return True if BOT_LABEL in _self_labels(actor, did) else None


def _post_ids(post: Any, url: str, what: str) -> tuple[dict[str, Any], str, dict[str, Any], str]:
    """``(post, uri, author, author DID)`` of a ``postView``, or a ParseError."""
    post = _object(post, url, what)
    uri = _str(post.get("uri"))
    if uri is None:
        raise ParseError(PLATFORM, url, f"{what} has no uri")
    author = _dict(post.get("author"))
    did = _str(author.get("did"))
    if did is None:
        raise ParseError(PLATFORM, url, f"{what} {uri} has no author did")
    return post, uri, author, did


def _record(post: dict[str, Any]) -> dict[str, Any]:
    return _dict(post.get("record"))


def _created_at(post: dict[str, Any]) -> str | None:
    """The record's ``createdAt`` (client-declared) as ``...Z``, else the AppView's ``indexedAt``."""
    return to_z(_record(post).get("createdAt")) or to_z(post.get("indexedAt"))


def _language(record: dict[str, Any]) -> str | None:
    langs = record.get("langs")
    return _str(langs[0]) if isinstance(langs, list) and langs else None


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _facet_features(record: dict[str, Any]) -> list[dict[str, Any]]:
    facets = record.get("facets")
    features: list[dict[str, Any]] = []
    if not isinstance(facets, list):
        return features
    for facet in facets:
        found = facet.get("features") if isinstance(facet, dict) else None
        if isinstance(found, list):
            features.extend(f for f in found if isinstance(f, dict))
    return features


def _hashtags(record: dict[str, Any]) -> list[str]:
    tags = [f.get("tag") for f in _facet_features(record) if f.get("$type") == _FACET_TAG]
    extra = record.get("tags")
    if isinstance(extra, list):
        tags.extend(extra)
    return _dedupe([t.strip().lstrip("#").lower() for t in tags if isinstance(t, str)])


def _mentions(record: dict[str, Any]) -> list[str]:
    dids = [f.get("did") for f in _facet_features(record) if f.get("$type") == _FACET_MENTION]
    return _dedupe([d for d in dids if is_did(d)])


def _share_count(post: dict[str, Any]) -> int | None:
    reposts, quotes = _count(post.get("repostCount")), _count(post.get("quoteCount"))
    if reposts is None and quotes is None:
        return None
    return (reposts or 0) + (quotes or 0)


def _reason_type(entry: dict[str, Any]) -> str | None:
    reason = entry.get("reason")
    return _str(reason.get("$type")) if isinstance(reason, dict) else None


# -- search ------------------------------------------------------------------------------------
def parse_search_posts(payload: Any, context: Context) -> Page:
    """``app.bsky.feed.searchPosts``: one :class:`SearchHit` per post, attributed to its author.

    facts: ``size`` (posts on the page), ``oldest_at`` (oldest ``created_at``) and
    ``hits_total`` (the server's estimate, when it gives one).
    """
    url = context.url
    body = _object(payload, url, "searchPosts output")
    posts = _list(body, "posts", url)
    hits: list[SearchHit] = []
    for index, raw in enumerate(posts):
        post, uri, author, did = _post_ids(raw, url, f"post #{index}")
        hits.append(
            SearchHit(
                creator_id=did,
                handle=_str(author.get("handle")),
                post_id=uri,
                created_at=_created_at(post),
                opt_out=opt_out_reason(author),
                is_reply=_record(post).get("reply") is not None,
                is_bot_account=_is_bot(author, did),
            )
        )
    facts = {
        "size": len(posts),
        "oldest_at": _oldest([hit.created_at for hit in hits]),
        "hits_total": _count(body.get("hitsTotal")),
    }
    return Page(items=hits, cursor=_cursor(body), facts=facts)


# -- profiles ----------------------------------------------------------------------------------
def _verified(profile: dict[str, Any]) -> bool | None:
    verification = profile.get("verification")
    status = verification.get("verifiedStatus") if isinstance(verification, dict) else None
    return status == "valid" if isinstance(status, str) else None


def _website(profile: dict[str, Any]) -> str | None:
    website = _str(profile.get("website"))
    return website if website and website.lower().startswith(("http://", "https://")) else None


def parse_profiles(payload: Any, context: Context) -> Page:
    """``app.bsky.actor.getProfiles``: a :class:`CreatorItem` per profile that did not opt out.

    A profile with the self-label ``!no-unauthenticated`` is left out of the items and listed
    in facts ``opt_out`` (``{did: "no_unauthenticated"}``) so that the spider can count it.
    """
    url = context.url
    body = _object(payload, url, "getProfiles output")
    profiles = _list(body, "profiles", url)
    creators: list[CreatorItem] = []
    opted_out: dict[str, str] = {}
    for index, raw in enumerate(profiles):
        profile = _object(raw, url, f"profile #{index}")
        did = _str(profile.get("did"))
        if did is None:
            raise ParseError(PLATFORM, url, f"profile #{index} has no did")
        handle = _str(profile.get("handle"))
        if handle is None:
            raise ParseError(PLATFORM, url, f"profile {did} has no handle")
        reason = opt_out_reason(profile)
        if reason is not None:
            opted_out[did] = reason
            continue
        creators.append(
            CreatorItem(
                platform=PLATFORM,
                creator_id=did,
                handle=handle,
                source_url=url,
                fetched_at=context.fetched_at,
                display_name=_str(profile.get("displayName")),
                bio=_str(profile.get("description")),
                profile_url=f"{APP_URL}/profile/{did}",
                external_url=_website(profile),
                followers_count=_count(profile.get("followersCount")),
                following_count=_count(profile.get("followsCount")),
                post_count=_count(profile.get("postsCount")),
                view_count=None,
                verified=_verified(profile),
                is_bot_account=_is_bot(profile, did),
                account_created_at=to_z(profile.get("createdAt")),
            )
        )
    return Page(items=creators, facts={"opt_out": opted_out})


# -- author feed -------------------------------------------------------------------------------
def _post_item(post: dict[str, Any], uri: str, creator_id: str, context: Context) -> PostItem:
    record = _record(post)
    return PostItem(
        platform=PLATFORM,
        post_id=uri,
        creator_id=creator_id,
        source_url=context.url,
        fetched_at=context.fetched_at,
        url=post_url(uri),
        created_at=_created_at(post),
        text=_str(record.get("text")),
        hashtags=_hashtags(record),
        mentions=_mentions(record),
        like_count=_count(post.get("likeCount")),
        comment_count=_count(post.get("replyCount")),
        share_count=_share_count(post),
        view_count=None,
        language=_language(record),
        is_reply=record.get("reply") is not None,
    )


def parse_author_feed(payload: Any, context: Context) -> Page:
    """``app.bsky.feed.getAuthorFeed``: the creator's (``context.creator_id``) own posts.

    facts: ``size`` (feed entries), ``oldest_at``, ``reposts`` (entries reposted by the creator,
    not returned), ``foreign`` (posts by another author without a repost reason, skipped) and
    ``pinned`` (the URIs of pinned entries: first in the feed whatever their age).
    """
    url = context.url
    if not context.creator_id:
        raise ValueError("parse_author_feed needs context.creator_id (the creator's DID)")
    body = _object(payload, url, "getAuthorFeed output")
    feed = _list(body, "feed", url)
    posts: dict[str, PostItem] = {}
    reposts = foreign = 0
    times: list[str | None] = []
    pinned: list[str] = []
    for index, raw in enumerate(feed):
        entry = _object(raw, url, f"feed entry #{index}")
        post, uri, _author, did = _post_ids(entry.get("post"), url, f"feed entry #{index} post")
        reason = _reason_type(entry)
        if reason == _REASON_REPOST:
            reposts += 1
            times.append(to_z(entry["reason"].get("indexedAt")) or _created_at(post))
            continue
        if reason == _REASON_PIN:
            pinned.append(uri)
        else:
            times.append(_created_at(post))
        if did != context.creator_id:
            foreign += 1
            logger.debug("author feed of %s holds a post by %s: %s", context.creator_id, did, uri)
            continue
        if uri not in posts:
            posts[uri] = _post_item(post, uri, context.creator_id, context)
    facts = {"size": len(feed), "oldest_at": _oldest(times), "reposts": reposts, "foreign": foreign,
             "pinned": pinned}
    return Page(items=list(posts.values()), cursor=_cursor(body), facts=facts)


# -- thread ------------------------------------------------------------------------------------
def _node_kind(node: dict[str, Any]) -> str:
    kind = node.get("$type")
    if kind == _NOT_FOUND or node.get("notFound") is True:
        return "not_found"
    if kind == _BLOCKED or node.get("blocked") is True:
        return "blocked"
    return "post"


def parse_post_thread(payload: Any, context: Context) -> Page:
    """``app.bsky.feed.getPostThread``: the replies under the root, depth first, as comments.

    ``context.post_id`` is the root post's id as stored (default: the thread's own uri) and
    ``context.creator_id`` its creator (default: the root's author). A reply answering the
    thread's root post has no ``parent_comment_id``. Not-found and blocked replies are only counted; at most
    ``context.limit`` comments are returned. The ancestors (``parent``) are ignored.
    facts: ``not_found``, ``blocked``, ``truncated`` (comments beyond the limit).
    """
    url = context.url
    body = _object(payload, url, "getPostThread output")
    thread = _object(body.get("thread"), url, "thread")
    facts = {"not_found": 0, "blocked": 0, "truncated": 0}
    kind = _node_kind(thread)
    if kind != "post":
        facts[kind] += 1
        return Page(facts=facts)
    _root, root_uri, _author, root_did = _post_ids(thread.get("post"), url, "thread post")
    post_id = context.post_id or root_uri
    creator_id = context.creator_id or root_did
    limit = None if context.limit is None else max(context.limit, 0)
    comments: list[CommentItem] = []
    # Depth first with an explicit stack: threads may be deeper than Python's recursion limit.
    stack: list[tuple[Any, str]] = [(reply, root_uri) for reply in reversed(_replies(thread, url))]
    while stack:
        raw, above = stack.pop()
        node = _object(raw, url, f"reply under {above}")
        kind = _node_kind(node)
        if kind != "post":
            facts[kind] += 1
            continue
        post, uri, author, did = _post_ids(node.get("post"), url, "reply")
        stack.extend((reply, uri) for reply in reversed(_replies(node, url)))
        if limit is not None and len(comments) >= limit:
            facts["truncated"] += 1
            continue
        record = _record(post)
        parent = _str(_dict(_dict(record.get("reply")).get("parent")).get("uri")) or above
        comments.append(
            CommentItem(
                platform=PLATFORM,
                comment_id=uri,
                post_id=post_id,
                source_url=url,
                fetched_at=context.fetched_at,
                author_platform_id=did,
                author_handle=_str(author.get("handle")),
                parent_comment_id=None if parent == root_uri else parent,
                author_is_creator=did == creator_id,
                author_is_bot_account=_is_bot(author, did),
                text=_str(record.get("text")),
                created_at=_created_at(post),
                like_count=_count(post.get("likeCount")),
                language=_language(record),
            )
        )
    return Page(items=comments, facts=facts)


def _replies(node: dict[str, Any], url: str) -> list[Any]:
    replies = node.get("replies")
    if replies is None:
        return []
    if not isinstance(replies, list):
        raise ParseError(PLATFORM, url, f"replies is {type(replies).__name__}, expected a list")
    return replies


# -- session and errors ------------------------------------------------------------------------
def parse_session(payload: Any, context: Context) -> Page:
    """``com.atproto.server.createSession`` / ``refreshSession``: one :class:`Session`."""
    url = context.url
    body = _object(payload, url, "session")
    values: dict[str, str] = {}
    for key in ("did", "accessJwt", "refreshJwt"):
        value = _str(body.get(key))
        if value is None:
            # Name the missing key (and an XRPC error's name) only: a token must never reach a log.
            error, _message = parse_error(body)
            raise ParseError(PLATFORM, url, f"session has no {key}" + (f" (error {error!r})" if error else ""))
        values[key] = value
    session = Session(
        did=values["did"],
        handle=_str(body.get("handle")),
        access_jwt=values["accessJwt"],
        refresh_jwt=values["refreshJwt"],
    )
    return Page(items=[session])


def parse_error(payload: Any) -> tuple[str | None, str | None]:
    """``(error, message)`` of an XRPC error body ``{"error": ..., "message": ...}``;
    ``(None, None)`` for anything else."""
    if not isinstance(payload, dict) or _str(payload.get("error")) is None:
        return None, None
    return payload["error"], _str(payload.get("message"))


PARSERS: dict[str, Parser] = {
    "search_posts": parse_search_posts,
    "profiles": parse_profiles,
    "author_feed": parse_author_feed,
    "post_thread": parse_post_thread,
    "session": parse_session,
}
