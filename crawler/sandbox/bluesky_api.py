"""Bluesky (AT Protocol) XRPC answers for the sandbox world: an AppView and a PDS.

The sandbox server mounts them under ``/bluesky/appview/xrpc/<nsid>`` and ``/bluesky/pds/xrpc/<nsid>``
(the two hosts a client talks to: ``public.api.bsky.app`` and its own PDS, ``bsky.social``).
Shapes follow the lexicons and the recordings in ``../shared/platform-samples/bluesky/``:

- PDS ``com.atproto.server.createSession`` / ``refreshSession`` / ``getSession``: app-password
  sessions with JWTs; at most 30 ``createSession`` per account and 5 minutes.
- ``app.bsky.feed.searchPosts`` needs a session on both hosts (Bluesky closed unauthenticated post
  search in 2025; the public AppView's proxy answers 403 with an HTML page,
  bluesky-social/atproto#3423 and #2838). Newest first, offset cursor.
- AppView ``app.bsky.actor.getProfiles`` (25 actors at most) / ``getProfile``,
  ``app.bsky.feed.getAuthorFeed`` (timestamp cursor, filters), ``app.bsky.feed.getPostThread``
  (nested replies, oldest first, ``notFoundPost``/``blockedPost`` stubs),
  ``com.atproto.identity.resolveHandle``. The PDS proxies these for signed-in clients.

Errors use the XRPC envelope ``{"error": ..., "message": ...}``. The server adds the rate-limit
headers and injected faults.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.sandbox.mastodon_api import ApiResponse, json_bytes
from crawler.sandbox.platforms import bluesky as bsky
from crawler.sandbox.world import Comment, Creator, Persona, Post, World, iso_ms, pack_id

__all__ = [
    "DEFAULT_IDENTIFIER",
    "DEFAULT_PASSWORD",
    "FORBIDDEN_HTML",
    "HOSTS",
    "SESSION_LIMIT",
    "BlueskyAPI",
    "facets_of",
    "xrpc_error",
]

DEFAULT_IDENTIFIER = "scout.bsky.social"
DEFAULT_PASSWORD = "sand-box0-app0-pass"
SESSION_LIMIT = (30, 300.0)
"""``createSession`` calls allowed per account and window (seconds), as on bsky.social."""
ACCESS_TTL_SECONDS = 2 * 3600
REFRESH_TTL_SECONDS = 60 * 86400
HOSTS = ("appview", "pds")
FORBIDDEN_HTML = b"<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n"
"""What the public AppView's proxy answers to post search without a session (HAProxy's deny page)."""
_ACCESS, _REFRESH = "com.atproto.access", "com.atproto.refresh"
_THREAD = "app.bsky.feed.defs#threadViewPost"
_URL_RE = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_MENTION_RE = re.compile(r"(?<![\w@])@([\w.-]*\w)")
_BLOB_PREFIX = bytes((0x01, 0x55, 0x12, 0x20))  # CIDv1, raw, sha2-256


def xrpc_error(status: int, error: str, message: str, kind: str = "") -> ApiResponse:
    """An XRPC error answer (``{"error": name, "message": text}``)."""
    return ApiResponse(status, json_bytes({"error": error, "message": message}), kind)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _blob_cid(*parts: object) -> str:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return "b" + base64.b32encode(_BLOB_PREFIX + digest).rstrip(b"=").decode("ascii").lower()


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def facets_of(text: str, mentions: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rich-text facets of ``text`` with UTF-8 byte offsets: hashtags, links and the ``@handle``
    mentions named in ``mentions`` (handle -> DID), in text order.

    Hashtags are found the way the world found them (``#`` + letters, digits or ``_``, trailing
    punctuation dropped), so the facets carry exactly the post's hashtags.
    """
    found: list[tuple[int, int, dict[str, Any]]] = []
    for m in re.finditer(r"[^ \n]+", text):
        word = m.group()
        if word.startswith("#") and len(word) > 1:
            tag = word[1:].rstrip(".,!?:;)")
            if tag and all(ch.isalnum() or ch == "_" for ch in tag):
                feature = {"$type": "app.bsky.richtext.facet#tag", "tag": tag}
                found.append((m.start(), m.start() + 1 + len(tag), feature))
    for m in _URL_RE.finditer(text):
        found.append((m.start(), m.end(), {"$type": "app.bsky.richtext.facet#link", "uri": m.group()}))
    for m in _MENTION_RE.finditer(text):
        did = (mentions or {}).get(m.group(1).lower())
        if did is not None:
            found.append((m.start(), m.end(), {"$type": "app.bsky.richtext.facet#mention", "did": did}))
    found.sort(key=lambda f: f[0])
    return [
        {"features": [feature], "index": {"byteEnd": _utf8_len(text[:end]), "byteStart": _utf8_len(text[:start])}}
        for start, end, feature in found
    ]


def _param(params: Sequence[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in params if key == name), None)


def _params(params: Sequence[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _int_param(
    params: Sequence[tuple[str, str]], name: str, default: int, low: int, high: int
) -> tuple[int, str | None]:
    """``(value, None)`` or ``(0, error message)`` for an integer parameter checked like the lexicon does."""
    raw = _param(params, name)
    if raw is None or raw == "":
        return default, None
    try:
        value = int(raw)
    except ValueError:
        return 0, f"Error: {name} must be an integer"
    if value < low:
        return 0, f"Error: {name} can not be less than {low}"
    if value > high:
        return 0, f"Error: {name} can not be greater than {high}"
    return value, None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _parse_time(text: str) -> int | None:
    """Milliseconds of an ISO datetime or date (UTC unless it says otherwise), or None."""
    try:
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return (dt - _EPOCH) // timedelta(milliseconds=1)


@dataclass
class _Token:
    scope: str
    did: str
    expires: float
    uses: int = 0
    revoked: bool = False


class BlueskyAPI:
    """Answers XRPC calls for the AppView and the PDS; thread-safe; caches views per epoch."""

    def __init__(
        self,
        world: World,
        base_url: str,
        *,
        identifier: str = DEFAULT_IDENTIFIER,
        password: str = DEFAULT_PASSWORD,
        session_limit: tuple[int, float] = SESSION_LIMIT,
    ) -> None:
        self.world = world
        self.base_url = base_url.rstrip("/")
        self.account_handle = identifier.lower().lstrip("@")
        self.password = password
        self.did = "did:plc:" + pack_id(world.seed, "scout", 0, value_bytes=4, hash_bytes=11, encoding="base32")
        self.session_limit = session_limit
        self.sessions_created = self.sessions_refreshed = self.expired_answers = 0
        self._secret = secrets.token_bytes(32)
        self._tokens: dict[str, _Token] = {}
        self._attempts: dict[str, tuple[float, int]] = {}
        self._lock = threading.RLock()
        self._epoch = world.epoch
        self._views: dict[str, dict[str, Any]] = {}
        self._basic: dict[int, dict[str, Any]] = {}
        self._search: dict[str, list[Post]] = {}
        self._routes: dict[str, tuple[str, tuple[str, ...], Callable[..., ApiResponse]]] = {
            "com.atproto.server.createSession": ("POST", ("pds",), self._create_session),
            "com.atproto.server.refreshSession": ("POST", ("pds",), self._refresh_session),
            "com.atproto.server.getSession": ("GET", ("pds",), self._get_session),
            "com.atproto.identity.resolveHandle": ("GET", HOSTS, self._resolve_handle),
            "app.bsky.feed.searchPosts": ("GET", HOSTS, self._search_posts),
            "app.bsky.actor.getProfiles": ("GET", HOSTS, self._get_profiles),
            "app.bsky.actor.getProfile": ("GET", HOSTS, self._get_profile),
            "app.bsky.feed.getAuthorFeed": ("GET", HOSTS, self._get_author_feed),
            "app.bsky.feed.getPostThread": ("GET", HOSTS, self._get_post_thread),
        }

    def reset(self) -> None:
        """Forget sessions and ``createSession`` attempts."""
        with self._lock:
            self._tokens.clear()
            self._attempts.clear()
            self.sessions_created = self.sessions_refreshed = self.expired_answers = 0

    # -- routing -------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        host: str,
        nsid: str,
        params: Sequence[tuple[str, str]],
        body: bytes = b"",
        authorization: str | None = None,
        *,
        expire_after: int = 0,
    ) -> ApiResponse:
        """Answer one XRPC call on ``host`` (``appview`` or ``pds``).

        ``expire_after``: an access token expires after this many authenticated requests (0: never).
        """
        kind = f"bluesky.{nsid.rsplit('.', 1)[-1]}"
        route = self._routes.get(nsid)
        if route is None or host not in route[1]:
            return xrpc_error(501, "MethodNotImplemented", "Method Not Implemented", "bluesky.unknown")
        wanted, _, handler = route
        if (method if method != "HEAD" else "GET") != wanted:
            return xrpc_error(400, "InvalidRequest", f"Incorrect HTTP method ({method}) expected {wanted}", kind)
        with self._lock:
            if self._epoch != self.world.epoch:
                self._views.clear()
                self._basic.clear()
                self._search.clear()
                self._epoch = self.world.epoch
            if wanted == "POST":
                response = handler(body, authorization)
            else:
                session, error = self._authenticate(authorization, expire_after)
                if error is not None:
                    response = error
                elif session is None and nsid == "app.bsky.feed.searchPosts":
                    response = ApiResponse(403, FORBIDDEN_HTML, kind, content_type="text/html")
                elif session is None and host == "pds":
                    response = xrpc_error(401, "AuthMissing", "Authentication Required")
                else:
                    response = handler(params)
        response.kind = kind
        return response

    # -- sessions ------------------------------------------------------------------------------

    def _jwt(self, scope: str, now: float, ttl: float) -> str:
        header = {"typ": "at+jwt" if scope == _ACCESS else "refresh+jwt", "alg": "HS256"}
        payload = {"scope": scope, "sub": self.did, "aud": "did:web:sandbox.pds", "jti": secrets.token_hex(8),
                   "iat": int(now), "exp": int(now + ttl)}
        signing_input = _b64url(json.dumps(header).encode()) + "." + _b64url(json.dumps(payload).encode())
        signature = hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest()
        token = signing_input + "." + _b64url(signature)
        self._tokens[token] = _Token(scope, self.did, now + ttl)
        return token

    def _session_body(self, *, tokens: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "did": self.did,
            "didDoc": {
                "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                "id": self.did,
                "alsoKnownAs": [f"at://{self.account_handle}"],
                "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                             "serviceEndpoint": f"{self.base_url}/bluesky/pds"}],
            },
            "handle": self.account_handle,
            "email": "scout@sandbox.example",
            "emailConfirmed": True,
            "emailAuthFactor": False,
        }
        if tokens:
            now = time.time()
            body["accessJwt"] = self._jwt(_ACCESS, now, ACCESS_TTL_SECONDS)
            body["refreshJwt"] = self._jwt(_REFRESH, now, REFRESH_TTL_SECONDS)
        body["active"] = True
        return body

    def _session_budget(self, identifier: str) -> tuple[bool, list[tuple[str, str]]]:
        limit, window = self.session_limit
        now = time.time()
        window_start = now - now % window
        start, used = self._attempts.get(identifier, (window_start, 0))
        if start != window_start:
            start, used = window_start, 0
        allowed = used < limit
        self._attempts[identifier] = (start, used + allowed)
        headers = [
            ("RateLimit-Limit", str(limit)),
            ("RateLimit-Remaining", str(max(0, limit - used - allowed))),
            ("RateLimit-Reset", str(int(start + window))),
            ("RateLimit-Policy", f"{limit};w={int(window)}"),
        ]
        return allowed, headers

    def _create_session(self, body: bytes, authorization: str | None) -> ApiResponse:
        try:
            payload = json.loads(body) if body.strip() else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return xrpc_error(400, "InvalidRequest", "Input must be an object")
        for name in ("identifier", "password"):
            if not isinstance(payload.get(name), str):
                return xrpc_error(400, "InvalidRequest", f'Input must have the property "{name}"')
        identifier = payload["identifier"].strip().lower().lstrip("@")
        allowed, headers = self._session_budget(identifier)
        if not allowed:
            response = xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded")
        elif identifier not in (self.account_handle, self.did) or payload["password"] != self.password:
            response = xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
        else:
            self.sessions_created += 1
            response = ApiResponse(200, json_bytes(self._session_body()), "")
        response.headers = headers
        return response

    def _bearer(self, authorization: str | None) -> str | None:
        if not authorization or not authorization.startswith("Bearer "):
            return None
        return authorization[len("Bearer ") :].strip()

    def _expired(self, message: str = "Token has expired") -> ApiResponse:
        self.expired_answers += 1
        return xrpc_error(400, "ExpiredToken", message)

    def _refresh_session(self, body: bytes, authorization: str | None) -> ApiResponse:
        raw = self._bearer(authorization)
        if raw is None:
            return xrpc_error(401, "AuthMissing", "Authentication Required")
        token = self._tokens.get(raw)
        if token is None:
            return xrpc_error(400, "InvalidToken", "Token could not be verified")
        if token.scope != _REFRESH:
            return xrpc_error(400, "InvalidToken", "Bad token scope")
        if token.revoked:
            return self._expired("Token has been revoked")
        if time.time() >= token.expires:
            return self._expired()
        token.revoked = True  # refresh tokens rotate
        self.sessions_refreshed += 1
        return ApiResponse(200, json_bytes(self._session_body()), "")

    def _authenticate(self, authorization: str | None, expire_after: int) -> tuple[_Token | None, ApiResponse | None]:
        """``(session, None)``, ``(None, None)`` without credentials, or ``(None, error)``."""
        raw = self._bearer(authorization)
        if raw is None:
            return None, None
        token = self._tokens.get(raw)
        if token is None:
            return None, xrpc_error(400, "InvalidToken", "Token could not be verified")
        if token.scope != _ACCESS:
            return None, xrpc_error(400, "InvalidToken", "Bad token scope")
        if time.time() >= token.expires or (expire_after and token.uses >= expire_after):
            return None, self._expired()
        token.uses += 1
        return token, None

    def _get_session(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        return ApiResponse(200, json_bytes(self._session_body(tokens=False)), "")

    # -- rendering -----------------------------------------------------------------------------

    def _avatar(self, did: str, kind: str = "avatar") -> str:
        return f"{self.base_url}/bluesky/cdn/img/{kind}/plain/{did}/{_blob_cid(kind, did)}@jpeg"

    def _labels(self, acct: Creator | Persona, did: str) -> list[dict[str, Any]]:
        if not (isinstance(acct, Creator) and acct.opt_out_reason == bsky.OPT_OUT_REASON):
            return []
        uri = f"at://{did}/app.bsky.actor.profile/self"
        return [{"src": did, "uri": uri, "cid": bsky.cid_of("record", uri), "val": bsky.OPT_OUT_LABEL,
                 "cts": iso_ms(acct.created_ms)}]

    def _profile_basic(self, index: int) -> dict[str, Any]:
        view = self._basic.get(index)
        if view is None:
            acct = self.world.account(index)
            did = bsky.did_of(self.world.seed, index)
            view = {
                "did": did,
                "handle": bsky.handle_of(acct.handle),
                "displayName": acct.display_name,
                "avatar": self._avatar(did),
                "associated": {"chat": {"allowIncoming": "following"}},
                "viewer": {"muted": False, "blockedBy": False},
                "labels": self._labels(acct, did),
                "createdAt": iso_ms(acct.created_ms),
            }
            if len(self._basic) > 50_000:
                self._basic.clear()
            self._basic[index] = view
        return view

    def _profile_detailed(self, acct: Creator | Persona) -> dict[str, Any]:
        did = bsky.did_of(self.world.seed, acct.index)
        is_creator = isinstance(acct, Creator)
        return {
            "did": did,
            "handle": bsky.handle_of(acct.handle),
            "displayName": acct.display_name,
            "avatar": self._avatar(did),
            "associated": {"lists": 0, "feedgens": 0, "starterPacks": 0, "labeler": False,
                           "chat": {"allowIncoming": "following"}},
            "viewer": {"muted": False, "blockedBy": False},
            "labels": self._labels(acct, did),
            "createdAt": iso_ms(acct.created_ms),
            "description": acct.bio,
            "indexedAt": iso_ms(acct.created_ms + 86_400_000 * (1 + acct.index % 90)),
            "banner": self._avatar(did, "banner"),
            "followersCount": acct.followers_at(self.world.epoch),
            "followsCount": acct.following_count,
            "postsCount": bsky.posts_count(self.world, acct) if is_creator else acct.statuses_count,
        }

    def _text(self, post: Post, comment: Comment | None) -> tuple[str, list[dict[str, Any]]]:
        """The record's text (brands mentioned by their Bluesky handle) and its facets."""
        if comment is not None:
            return comment.text, facets_of(comment.text)
        text, mentions = post.text, {}
        for b in post.brands:
            brand = self.world.brand_account(b)
            handle = bsky.handle_of(brand.handle)
            text = re.sub(rf"@{re.escape(brand.handle)}(?![\w.-]*\w)", "@" + handle, text)
            mentions[handle] = bsky.did_of(self.world.seed, brand.index)
        return text, facets_of(text, mentions)

    def _ref(self, post: Post, comment: Comment | None) -> dict[str, str]:
        uri = comment.comment_id if comment is not None else post.post_id
        return {"cid": bsky.cid_of("record", uri), "uri": uri}

    def _post_view(self, post: Post, comment: Comment | None) -> dict[str, Any]:
        """The ``postView`` of an original post or a reply; cached, never to be mutated."""
        uri = comment.comment_id if comment is not None else post.post_id
        view = self._views.get(uri)
        if view is not None:
            return view
        world = self.world
        created = comment.created_ms if comment is not None else post.created_ms
        author = comment.author if comment is not None else post.creator
        did = bsky.did_of(world.seed, author)
        text, facets = self._text(post, comment)
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "createdAt": iso_ms(created)}
        media = comment is None and post.has_media
        blob = _blob_cid("image", uri)
        ratio = {"height": 1350, "width": 1080}
        if media:
            record["embed"] = {"$type": "app.bsky.embed.images", "images": [
                {"alt": post.subject, "aspectRatio": ratio,
                 "image": {"$type": "blob", "ref": {"$link": blob}, "mimeType": "image/jpeg",
                           "size": 90_000 + post.seq * 7919 % 700_000}}]}
        if facets:
            record["facets"] = facets
        language = comment.language if comment is not None else post.language
        if language:
            record["langs"] = [language]
        if comment is not None:
            comments = world.comments(post)
            parent = comments[comment.parent] if comment.parent is not None else None
            record["reply"] = {"parent": self._ref(post, parent), "root": self._ref(post, None)}
        record["text"] = text
        view = {"uri": uri, "cid": bsky.cid_of("record", uri), "author": self._profile_basic(author),
                "record": record}
        if media:
            view["embed"] = {"$type": "app.bsky.embed.images#view", "images": [
                {"thumb": f"{self.base_url}/bluesky/cdn/img/feed_thumbnail/plain/{did}/{blob}@jpeg",
                 "fullsize": f"{self.base_url}/bluesky/cdn/img/feed_fullsize/plain/{did}/{blob}@jpeg",
                 "alt": post.subject, "aspectRatio": ratio}]}
        if comment is None:
            replies, reposts, likes = world.comment_counts(post)[0], bsky.repost_count(world, post), post.like_count
        else:
            replies = sum(1 for c in world.comments(post) if c.parent == comment.index)
            reposts, likes = 0, comment.like_count
        view.update(
            {
                "replyCount": replies,
                "repostCount": reposts,
                "likeCount": likes,
                "quoteCount": 0,
                "indexedAt": iso_ms(created + 150 + hashlib.blake2b(uri.encode(), digest_size=2).digest()[0] * 3),
                "viewer": {"threadMuted": False, "embeddingDisabled": False},
                "labels": [],
            }
        )
        if len(self._views) > 100_000:
            self._views.clear()
        self._views[uri] = view
        return view

    # -- actors --------------------------------------------------------------------------------

    def _actor(self, actor: str) -> Creator | Persona | None:
        actor = actor.strip()
        if actor.startswith("did:"):
            return self.world.account_by_native_id("bluesky", actor)
        acct = bsky.account_by_handle(self.world, actor)
        if isinstance(acct, Creator) and acct.platform != "bluesky":
            return None
        return acct

    def _get_profiles(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        actors = _params(params, "actors")
        if not actors:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "actors"')
        if len(actors) > 25:
            return xrpc_error(400, "InvalidRequest", "Error: actors must not have more than 25 elements")
        profiles, seen = [], set()
        for actor in actors:
            acct = self._actor(actor)
            if acct is not None and acct.index not in seen:
                seen.add(acct.index)
                profiles.append(self._profile_detailed(acct))
        return ApiResponse(200, json_bytes({"profiles": profiles}), "")

    def _get_profile(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        actor = _param(params, "actor")
        if not actor:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "actor"')
        acct = self._actor(actor)
        if acct is None:
            return xrpc_error(400, "InvalidRequest", "Profile not found")
        return ApiResponse(200, json_bytes(self._profile_detailed(acct)), "")

    def _resolve_handle(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        handle = _param(params, "handle")
        if not handle:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "handle"')
        acct = self._actor(handle) if not handle.startswith("did:") else None
        if acct is None:
            return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
        return ApiResponse(200, json_bytes({"did": bsky.did_of(self.world.seed, acct.index)}), "")

    # -- feeds ---------------------------------------------------------------------------------

    def _get_author_feed(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        actor = _param(params, "actor")
        if not actor:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "actor"')
        limit, error = _int_param(params, "limit", 50, 1, 100)
        if error:
            return xrpc_error(400, "InvalidRequest", error)
        acct = self._actor(actor)
        if acct is None:
            return xrpc_error(400, "InvalidRequest", "Profile not found")
        feed_filter = _param(params, "filter") or "posts_with_replies"
        if feed_filter not in bsky.FEED_FILTERS:  # known values, not an enum: others mean the default
            feed_filter = "posts_with_replies"
        items = bsky.creator_feed(self.world, acct, feed_filter) if isinstance(acct, Creator) else []
        start = 0
        cursor = _param(params, "cursor")
        if cursor:
            before = _parse_time(cursor)
            if before is None:
                return xrpc_error(400, "InvalidRequest", "Malformed cursor")
            # items are newest first: skip those at or after the cursor's time
            start = bisect.bisect_left([-i.sort_ms for i in items], -before + 1)
        end = min(start + limit, len(items))
        # A page ends between two times, never inside one millisecond: the cursor is a time.
        while start < end < len(items) and items[end - 1].sort_ms == items[end].sort_ms:
            end -= 1
        if end == start and start < len(items):
            end = start + 1
            while end < len(items) and items[end].sort_ms == items[start].sort_ms:
                end += 1
        page = items[start:end]
        body: dict[str, Any] = {"feed": [self._feed_item(item, acct) for item in page]}
        if end < len(items):
            body["cursor"] = iso_ms(page[-1].sort_ms)
        return ApiResponse(200, json_bytes(body), "")

    def _feed_item(self, item: bsky.FeedItem, acct: Creator | Persona) -> dict[str, Any]:
        post = item.post
        if post.reblog_of is not None:
            original = self.world.posts[post.reblog_of]
            return {
                "post": self._post_view(original, None),
                "reason": {
                    "$type": "app.bsky.feed.defs#reasonRepost",
                    "by": self._profile_basic(acct.index),
                    "uri": post.post_id,
                    "cid": bsky.cid_of("record", post.post_id),
                    "indexedAt": iso_ms(post.created_ms),
                },
            }
        if item.comment is None:
            return {"post": self._post_view(post, None)}
        comments = self.world.comments(post)
        parent = comments[item.comment.parent] if item.comment.parent is not None else None
        reply: dict[str, Any] = {
            "root": {**self._post_view(post, None), "$type": "app.bsky.feed.defs#postView"},
            "parent": {**self._post_view(post, parent), "$type": "app.bsky.feed.defs#postView"},
        }
        if parent is not None:
            grandparent = comments[parent.parent].author if parent.parent is not None else post.creator
            reply["grandparentAuthor"] = self._profile_basic(grandparent)
        return {"post": self._post_view(post, item.comment), "reply": reply}

    # -- threads -------------------------------------------------------------------------------

    def _get_post_thread(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        uri = _param(params, "uri")
        if not uri:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "uri"')
        depth, error = _int_param(params, "depth", 6, 0, 1000)
        if error is None:
            height, error = _int_param(params, "parentHeight", 80, 0, 1000)
        if error:
            return xrpc_error(400, "InvalidRequest", error)
        found = bsky.resolve(self.world, uri)
        if found is None:
            blocked = self._blocked_stub(uri)
            if blocked is not None:
                return ApiResponse(200, json_bytes({"thread": blocked}), "")
            return xrpc_error(400, "NotFound", f"Post not found: {uri}")
        post, comment = found
        comments = self.world.comments(post)
        children: dict[int | None, list[Comment]] = {}
        for c in comments:
            children.setdefault(c.parent, []).append(c)
        stubs = bsky.unavailable_replies(self.world, post)

        def node(c: Comment | None, remaining: int, parents: int) -> dict[str, Any]:
            out: dict[str, Any] = {"$type": _THREAD, "post": self._post_view(post, c)}
            if parents > 0 and c is not None:
                out["parent"] = ancestor(comments[c.parent] if c.parent is not None else None, parents)
            if remaining > 0:
                kids: list[tuple[int, dict[str, Any]]] = [
                    (k.created_ms, node(k, remaining - 1, 0))
                    for k in children.get(c.index if c is not None else None, [])
                ]
                if c is None:
                    kids += [(u.created_ms, self._stub(u)) for u in stubs]
                kids.sort(key=lambda kid: kid[0])
                out["replies"] = [view for _, view in kids]
            out["threadContext"] = {}
            return out

        def ancestor(c: Comment | None, parents: int) -> dict[str, Any]:
            out: dict[str, Any] = {"$type": _THREAD, "post": self._post_view(post, c)}
            if c is not None and parents > 1:
                out["parent"] = ancestor(comments[c.parent] if c.parent is not None else None, parents - 1)
            out["threadContext"] = {}
            return out

        return ApiResponse(200, json_bytes({"thread": node(comment, depth, height)}), "")

    def _stub(self, stub: bsky.Unavailable) -> dict[str, Any]:
        if stub.reason == "deleted":
            return {"$type": "app.bsky.feed.defs#notFoundPost", "uri": stub.uri, "notFound": True}
        return {"$type": "app.bsky.feed.defs#blockedPost", "uri": stub.uri, "blocked": True,
                "author": {"did": stub.did, "viewer": {"blockedBy": True}}}

    def _blocked_stub(self, uri: str) -> dict[str, Any] | None:
        parsed = bsky.parse_at_uri(uri)
        decoded = bsky.parse_tid(parsed[2]) if parsed is not None else None
        if decoded is None or decoded[1] >= len(self.world.posts):
            return None
        for stub in bsky.unavailable_replies(self.world, self.world.posts[decoded[1]]):
            if stub.uri == uri and stub.reason == "blocked":
                return self._stub(stub)
        return None

    # -- search --------------------------------------------------------------------------------

    def _search_posts(self, params: Sequence[tuple[str, str]]) -> ApiResponse:
        q = _param(params, "q")
        if q is None:
            return xrpc_error(400, "InvalidRequest", 'Error: Params must have the property "q"')
        limit, error = _int_param(params, "limit", 25, 1, 100)
        if error:
            return xrpc_error(400, "InvalidRequest", error)
        cursor = _param(params, "cursor") or "0"
        if not cursor.isdigit():
            return xrpc_error(400, "InvalidRequest", "Malformed cursor")
        offset = int(cursor)
        tags = [t.strip().lstrip("#").lower() for t in _params(params, "tag") if t.strip().lstrip("#")]
        words = []
        for token in q.split():
            if token.startswith(("#", "＃")) and len(token) > 1:
                tags.append(token[1:].lower())
            elif token != "*":
                words.append(token.lower())
        since, until = _param(params, "since"), _param(params, "until")
        bounds = [_parse_time(v) if v else None for v in (since, until)]
        if (since and bounds[0] is None) or (until and bounds[1] is None):
            return xrpc_error(400, "InvalidRequest", "Error: since and until must be datetimes or dates")
        author_param = _param(params, "author")
        author = self._actor(author_param) if author_param else None
        if author_param and author is None:
            return ApiResponse(200, json_bytes({"posts": []}), "")
        hits = self._hits(tags, words, author, _param(params, "lang"), bounds[0], bounds[1],
                          _param(params, "sort") or "latest")
        page = hits[offset : offset + limit]
        body: dict[str, Any] = {"posts": [self._post_view(p, None) for p in page]}
        if offset + limit < len(hits):
            body["cursor"] = str(offset + limit)
        return ApiResponse(200, json_bytes(body), "")

    def _hits(self, tags: list[str], words: list[str], author: Creator | Persona | None, lang: str | None,
              since: int | None, until: int | None, sort: str) -> list[Post]:
        """Original posts matching every tag and word, newest first (``sort=top``: most liked first)."""
        key = json.dumps([sorted(set(tags)), sorted(set(words)), author.index if author else None, lang, since,
                          until, sort == "top"])
        hits = self._search.get(key)
        if hits is None:
            world = self.world
            if tags:
                base = world.tagged_posts("bluesky", tags[0])
            else:
                base = sorted((p for p in world.visible_posts("bluesky") if p.reblog_of is None),
                              key=lambda p: (p.created_ms, p.seq), reverse=True)
            hits = [
                p for p in base
                if all(t in p.hashtags for t in tags[1:])
                and all(w in p.text.lower() for w in words)
                and (author is None or p.creator == author.index)
                and (not lang or p.language == lang)
                and (since is None or p.created_ms >= since)
                and (until is None or p.created_ms < until)
            ]
            if sort == "top":
                hits.sort(key=lambda p: (bsky.repost_count(world, p) + p.like_count, p.created_ms), reverse=True)
            if len(self._search) > 1000:
                self._search.clear()
            self._search[key] = hits
        return hits
