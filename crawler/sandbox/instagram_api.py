"""Instagram Graph API answers for the sandbox world, served under ``/instagram/{version}/``.

The calls of the contract (``docs`` of the spider and sandbox helpers): ``ig_hashtag_search``, a
hashtag's ``recent_media`` and ``top_media``, and Business Discovery on the user's own id with Graph
field expansion (``business_discovery.username(H){...,media.after(C).limit(N){...}}``). Only the
requested fields are answered; an unknown field is error 100. :class:`InstagramAPI` checks the token
(``Authorization: Bearer`` or ``access_token``), counts calls against a window and reports usage in
``X-App-Usage`` and ``X-Business-Use-Case-Usage`` on every answer, throttles at 100 % with the
configured code (4, 17, 32 or 613), expires the token after so many calls if asked (190, subcode 463),
and keeps the 30-unique-hashtags-in-7-days ledger per user id (error 100, subcode 2207034: an invented
subcode, the real one is undocumented). Errors use the Graph envelope with HTTP 400 (500 for codes 1/2).
Comments of other accounts' media are not available (error 10), as in the real API.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any
from urllib.parse import urlencode

from crawler.sandbox.mastodon_api import ApiResponse, json_bytes
from crawler.sandbox.platforms import instagram as ig
from crawler.sandbox.world import Creator, Post, World

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "HASHTAG_LIMIT_SUBCODE",
    "THROTTLE_CODES",
    "FieldSpec",
    "InstagramAPI",
    "InstagramConfig",
    "graph_error",
    "parse_fields",
]

DEFAULT_USER_ID = "17841400000000001"
DEFAULT_TOKEN = "sandbox-meta-token"
THROTTLE_CODES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
}
HASHTAG_LIMIT_SUBCODE = 2207034
"""Invented: the real subcode of the 30-hashtags answer is undocumented."""
HASHTAG_MEDIA_FIELDS = frozenset(
    ("id", "caption", "children", "comments_count", "like_count", "media_type", "media_url", "permalink", "timestamp")
)
USER_MEDIA_FIELDS = HASHTAG_MEDIA_FIELDS | {"media_product_type", "username", "thumbnail_url"}
PROFILE_FIELDS = frozenset(
    ("id", "ig_id", "username", "name", "biography", "website", "followers_count", "follows_count",
     "media_count", "profile_picture_url", "media")
)
MAX_LIMIT = 50
_VERSION_RE = re.compile(r"v\d+\.\d+")
_CDN = "https://scontent.cdninstagram.example"


@dataclass
class InstagramConfig:
    """The sandbox Instagram's account, budget and switchable faults.

    ``rate_limit`` calls per ``window_seconds`` (aligned windows) for the app and user; at 100 % a
    call is refused with ``throttle_code`` (4 app, 17 user, 32 page, 613 custom) until the window
    ends. ``expire_token_after``: the token expires (190/463) after this many accepted calls (0: never).
    ``hashtag_limit`` unique hashtags per user in ``hashtag_window_seconds`` (Instagram: 30 in 7 days).
    """

    user_id: str = DEFAULT_USER_ID
    token: str = DEFAULT_TOKEN
    rate_limit: int = 4800
    window_seconds: float = 3600.0
    throttle_code: int = 4
    expire_token_after: int = 0
    hashtag_limit: int = 30
    hashtag_window_seconds: float = 7 * 86_400.0

    def __post_init__(self) -> None:
        if self.throttle_code not in THROTTLE_CODES:
            raise ValueError(f"throttle_code {self.throttle_code}: use one of {sorted(THROTTLE_CODES)}")
        if self.rate_limit < 1 or self.window_seconds <= 0 or self.hashtag_window_seconds <= 0:
            raise ValueError("rate_limit must be >= 1, window_seconds and hashtag_window_seconds > 0")
        if self.expire_token_after < 0 or self.hashtag_limit < 0:
            raise ValueError("expire_token_after and hashtag_limit must be >= 0")
        if not self.user_id.isdigit():
            raise ValueError(f"user_id {self.user_id!r}: an Instagram user id is digits")

    @classmethod
    def from_dict(cls, values: dict[str, Any], base: InstagramConfig | None = None) -> InstagramConfig:
        """A copy of ``base`` updated from ``values`` (field names; ``rate_limit`` may be ``"200/3600"``)."""
        known = {f.name for f in fields(cls)}
        merged = asdict(base or cls())
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown instagram setting {key!r}: use one of {sorted(known)}")
            if key == "rate_limit" and isinstance(value, str) and "/" in value:
                limit, _, window = value.partition("/")
                merged["rate_limit"], merged["window_seconds"] = int(limit), float(window)
            elif key in ("user_id", "token"):
                merged[key] = str(value)
            elif key in ("window_seconds", "hashtag_window_seconds"):
                merged[key] = float(value)
            else:
                merged[key] = int(value)
        return cls(**merged)

    @classmethod
    def parse(cls, pairs: Sequence[str]) -> InstagramConfig:
        """From ``KEY=VALUE`` texts (the serve flag ``--instagram``)."""
        values = {}
        for text in pairs:
            key, sep, value = text.partition("=")
            if not sep:
                raise ValueError(f"bad --instagram {text!r}: use KEY=VALUE such as rate_limit=200/3600")
            values[key.strip()] = value.strip()
        return cls.from_dict(values)


def graph_error(code: int, message: str, *, subcode: int | None = None, transient: bool | None = None,
                title: str | None = None, user_msg: str | None = None, trace: str = "") -> tuple[int, bytes]:
    """``(HTTP status, body)`` of a Graph API error (500 for codes 1 and 2, else 400)."""
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient is not None:
        error["is_transient"] = transient
    if title is not None:
        error["error_user_title"] = title
    if user_msg is not None:
        error["error_user_msg"] = user_msg
    error["fbtrace_id"] = "A" + base64.urlsafe_b64encode(hashlib.blake2b(
        f"{trace}:{code}".encode(), digest_size=15).digest()).decode("ascii")[:22]
    return (500 if code in (1, 2) else 400), json_bytes({"error": error})


# -- field expansion ----------------------------------------------------------------------------------


@dataclass
class FieldSpec:
    """One requested field: ``name.mod(arg)...{children}``."""

    name: str
    modifiers: dict[str, str]
    children: list[FieldSpec] | None = None


def parse_fields(text: str) -> list[FieldSpec]:
    """Parse Graph field expansion (``a,b.limit(5){c,d}``); raises ValueError on bad syntax."""
    specs, pos = _parse_list(text, 0)
    if pos != len(text):
        raise ValueError(f"unexpected {text[pos]!r} at {pos}")
    return specs


def _parse_list(text: str, pos: int) -> tuple[list[FieldSpec], int]:
    specs = []
    while True:
        spec, pos = _parse_field(text, pos)
        specs.append(spec)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return specs, pos


def _parse_field(text: str, pos: int) -> tuple[FieldSpec, int]:
    name, pos = _parse_name(text, pos)
    modifiers: dict[str, str] = {}
    while pos < len(text) and text[pos] == ".":
        mod, pos = _parse_name(text, pos + 1)
        if pos >= len(text) or text[pos] != "(":
            raise ValueError(f"modifier {mod!r} needs (value)")
        end = text.find(")", pos)
        if end < 0:
            raise ValueError("unclosed (")
        modifiers[mod] = text[pos + 1 : end]
        pos = end + 1
    children = None
    if pos < len(text) and text[pos] == "{":
        children, pos = _parse_list(text, pos + 1)
        if pos >= len(text) or text[pos] != "}":
            raise ValueError("unclosed {")
        pos += 1
    return FieldSpec(name, modifiers, children), pos


def _parse_name(text: str, pos: int) -> tuple[str, int]:
    start = pos
    while pos < len(text) and (text[pos].isalnum() or text[pos] == "_"):
        pos += 1
    if pos == start:
        raise ValueError(f"field name expected at {pos}")
    return text[start:pos], pos


# -- the API -------------------------------------------------------------------------------------------


def _ts(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ms // 1000))


class _GraphError(Exception):
    def __init__(self, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


class InstagramAPI:
    """The sandbox's Graph API for Instagram; :meth:`handle` answers one request (the server holds a lock)."""

    def __init__(self, world: World, base_url: str, config: InstagramConfig | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.world = world
        self.base_url = base_url
        self.config = config or InstagramConfig()
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget usage, the token's call count, the hashtag ledger and counters."""
        self._window: tuple[float, int] = (0.0, 0)
        self.accepted_calls = 0
        self.ledger: dict[str, dict[str, float]] = {}
        self.throttled = 0
        self.expired_answers = 0
        self.not_found = 0

    def configure(self, values: dict[str, Any]) -> InstagramConfig:
        """Change settings while running; the token's call count and usage start afresh."""
        self.config = InstagramConfig.from_dict(values, self.config)
        self._window = (0.0, 0)
        self.accepted_calls = 0
        return self.config

    def stats(self) -> dict[str, Any]:
        return {
            "config": asdict(self.config),
            "usage_percent": self._percent(self._used()),
            "accepted_calls": self.accepted_calls,
            "throttled": self.throttled,
            "expired_token_answers": self.expired_answers,
            "not_found_answers": self.not_found,
            "hashtags_searched": {user: sorted(tags) for user, tags in self.ledger.items()},
        }

    # -- usage -----------------------------------------------------------------------------------

    def _used(self) -> int:
        now = self.clock()
        start = now - now % self.config.window_seconds
        return self._window[1] if self._window[0] == start else 0

    def _percent(self, used: int) -> int:
        return min(100, used * 100 // self.config.rate_limit)

    def usage_headers(self, throttled: bool = False, regain_minutes: int | None = None) -> list[tuple[str, str]]:
        """``X-App-Usage`` and ``X-Business-Use-Case-Usage`` for the current window (``regain_minutes``:
        what a throttled answer announces instead of the rest of the window)."""
        pct = 100 if throttled else self._percent(self._used())
        now = self.clock()
        left = self.config.window_seconds - now % self.config.window_seconds
        regain = max(1, math.ceil(left / 60)) if pct >= 100 else 0
        if throttled and regain_minutes is not None:
            regain = max(1, regain_minutes)
        cpu, total = pct * 2 // 5, pct * 3 // 5
        app = {"call_count": pct, "total_cputime": cpu, "total_time": total}
        buc = {self.config.user_id: [{"type": "instagram", "call_count": pct, "total_cputime": cpu,
                                      "total_time": total, "estimated_time_to_regain_access": regain}]}
        return [("X-App-Usage", json.dumps(app, separators=(",", ":"))),
                ("X-Business-Use-Case-Usage", json.dumps(buc, separators=(",", ":")))]

    def _spend(self) -> bool:
        """Count one call in the window; False when the window's budget is spent (the call is refused)."""
        now = self.clock()
        start = now - now % self.config.window_seconds
        used = self._window[1] if self._window[0] == start else 0
        if used >= self.config.rate_limit:
            self._window = (start, used)
            return False
        self._window = (start, used + 1)
        return True

    def throttle_reply(self, request_key: str, regain_minutes: int | None = None) -> ApiResponse:
        """The answer to a call over the limit, with the configured code; also the server's injected
        ``429`` fault, which announces ``regain_minutes`` (its ``retry_after`` in minutes, at least 1)."""
        code = self.config.throttle_code
        status, body = graph_error(code, THROTTLE_CODES[code], transient=True, trace=request_key)
        return ApiResponse(status, body, "instagram.throttled", self.usage_headers(True, regain_minutes))

    def transient_reply(self, request_key: str, variant: int) -> ApiResponse:
        """The server's injected ``500`` fault: code 1 (unknown error) or 2 (service unavailable)."""
        code, message = ((1, "An unknown error occurred"), (2, "Service temporarily unavailable"))[variant % 2]
        status, body = graph_error(code, message, transient=True, trace=request_key)
        return ApiResponse(status, body, "instagram.fault", self.usage_headers())

    # -- requests --------------------------------------------------------------------------------

    def handle(self, path: str, pairs: list[tuple[str, str]], authorization: str | None) -> ApiResponse:
        """Answer ``GET /instagram/{version}/...`` (``path`` as requested, query ``pairs``)."""
        query = dict(pairs)
        trace = f"{path}?{urlencode(pairs)}:{self.accepted_calls}"
        token = query.get("access_token")
        if authorization:
            scheme, _, value = authorization.partition(" ")
            if scheme.lower() in ("bearer", "oauth") and value.strip():
                token = value.strip()
        try:
            if not token:
                raise _GraphError(104, "An access token is required to request this resource.")
            if token != self.config.token:
                raise _GraphError(190, "Invalid OAuth access token - Cannot parse access token")
            limit = self.config.expire_token_after
            if limit and self.accepted_calls >= limit:
                self.expired_answers += 1
                raise _GraphError(
                    190, "Error validating access token: Session has expired on Tuesday, 01-Dec-26 "
                    "12:00:00 PST. The current time is Tuesday, 01-Dec-26 12:05:00 PST.", subcode=463)
            if not self._spend():
                self.throttled += 1
                return self.throttle_reply(trace)
            self.accepted_calls += 1
            kind, payload = self._route(path, query, token)
        except _GraphError as exc:
            status, body = graph_error(exc.code, exc.message, trace=trace, **exc.extra)
            kind = "instagram.error" if exc.code not in (110, 24) else "instagram.not_found"
            return ApiResponse(status, body, kind, self.usage_headers())
        return ApiResponse(200, json_bytes(payload), kind, self.usage_headers())

    def _route(self, path: str, query: dict[str, str], token: str) -> tuple[str, dict[str, Any]]:
        parts = path[len("/instagram/"):].strip("/").split("/")
        if not parts or not _VERSION_RE.fullmatch(parts[0]):
            raise _GraphError(2500, f"Unknown path components: /{parts[0] if parts else ''}")
        version, rest = parts[0], parts[1:]
        if rest == ["ig_hashtag_search"]:
            return "instagram.hashtag_search", self._hashtag_search(query)
        if len(rest) == 2 and rest[1] in ig.LISTINGS:
            return f"instagram.{rest[1]}", self._hashtag_media(version, rest[0], rest[1], query, token)
        if len(rest) == 2 and rest[1] == "comments":
            raise _GraphError(10, "(#10) Application does not have permission for this action")
        if len(rest) == 1 and rest[0] == self.config.user_id:
            return "instagram.business_discovery", self._user(query)
        if len(rest) == 1 and rest[0]:
            raise _GraphError(
                100, f"Unsupported get request. Object with ID '{rest[0]}' does not exist, cannot be loaded due to "
                "missing permissions, or does not support this operation.", subcode=33)
        raise _GraphError(2500, "Unknown path components: /" + "/".join(rest))

    def _check_user(self, query: dict[str, str]) -> None:
        user = query.get("user_id")
        if not user:
            raise _GraphError(100, "(#100) The parameter user_id is required")
        if user != self.config.user_id:
            raise _GraphError(100, f"(#100) Param user_id must be the Instagram user of the token, not {user}")

    def _fields(self, query: dict[str, str], allowed: frozenset[str] | set[str], node: str,
                default: str = "id") -> list[FieldSpec]:
        try:
            specs = parse_fields(query.get("fields") or default)
        except ValueError as exc:
            raise _GraphError(100, f"(#100) Syntax error in fields: {exc}") from None
        for spec in specs:
            if spec.name not in allowed:
                raise _GraphError(100, f"(#100) Tried accessing nonexisting field ({spec.name}) on node type ({node})")
        return specs

    # -- hashtags --------------------------------------------------------------------------------

    def _hashtag_search(self, query: dict[str, str]) -> dict[str, Any]:
        self._check_user(query)
        tag = (query.get("q") or "").strip().lstrip("#").lower()
        if not tag:
            raise _GraphError(100, "(#100) The parameter q is required")
        specs = self._fields(query, {"id", "name"}, "IGHashtag")
        hid = ig.hashtag_id(self.world.seed, tag)
        if ig.hashtag_by_id(self.world, hid) != tag:
            return {"data": []}
        now = self.clock()
        ledger = self.ledger.setdefault(self.config.user_id, {})
        for old, first in list(ledger.items()):
            if now - first >= self.config.hashtag_window_seconds:
                del ledger[old]
        if tag not in ledger:
            if len(ledger) >= self.config.hashtag_limit:
                raise _GraphError(100, f"You have reached the maximum of {self.config.hashtag_limit} unique "
                                  "hashtags in 7 days", subcode=HASHTAG_LIMIT_SUBCODE)
            ledger[tag] = now
        item = {"id": hid, "name": tag}
        return {"data": [{s.name: item[s.name] for s in specs}]}

    def _hashtag_media(self, version: str, hid: str, which: str, query: dict[str, str],
                       token: str) -> dict[str, Any]:
        tag = ig.hashtag_by_id(self.world, hid)
        if tag is None:
            raise _GraphError(100, f"Unsupported get request. Object with ID '{hid}' does not exist, cannot be "
                              "loaded due to missing permissions, or does not support this operation.", subcode=33)
        self._check_user(query)
        specs = self._fields(query, HASHTAG_MEDIA_FIELDS, "ShadowIGHashtag")
        limit = self._limit(query.get("limit"), 25)
        offset = self._cursor(query.get("after"), f"{which}:{hid}") if query.get("after") else 0
        posts = ig.listing(self.world, tag, which)
        page = posts[offset : offset + limit]
        out: dict[str, Any] = {"data": [self._media(p, specs) for p in page]}
        if offset + limit < len(posts):
            after = self._make_cursor(f"{which}:{hid}", offset + limit)
            params = {"access_token": token, "fields": query.get("fields") or "id", "user_id": self.config.user_id,
                      "limit": str(limit), "after": after}
            out["paging"] = {"cursors": {"after": after},
                             "next": f"{self.base_url}/instagram/{version}/{hid}/{which}?{urlencode(params)}"}
        return out

    # -- business discovery ----------------------------------------------------------------------

    def _user(self, query: dict[str, str]) -> dict[str, Any]:
        specs = self._fields(query, {"id", "username", "name", "business_discovery"}, "IGUser")
        out: dict[str, Any] = {}
        for spec in specs:
            if spec.name == "business_discovery":
                out["business_discovery"] = self._discover(spec)
            elif spec.name == "username":
                out["username"] = "creatorscout_sandbox"
            elif spec.name == "name":
                out["name"] = "creatorscout sandbox"
        out["id"] = self.config.user_id
        return out

    def _discover(self, spec: FieldSpec) -> dict[str, Any]:
        handle = spec.modifiers.get("username", "").strip().lstrip("@")
        if not handle:
            raise _GraphError(100, "(#100) Missing username for business_discovery")
        children = spec.children or [FieldSpec("id", {})]
        for child in children:
            if child.name not in PROFILE_FIELDS:
                raise _GraphError(100, f"(#100) Tried accessing nonexisting field ({child.name}) on node type (User)")
            if child.name == "media":
                self._media_fields(child)
        creator = ig.professional(self.world, handle)
        if creator is None:
            self.not_found += 1
            raise _GraphError(110, f"Cannot find User with username: {handle}", subcode=2207013,
                              title="Cannot find User", user_msg=f"The user with username: {handle} cannot be found.")
        posts = self.world.creator_posts(creator)
        handle_out = ig.instagram_handle(creator.handle)
        values: dict[str, Any] = {
            "id": creator.native_id,
            "ig_id": int(creator.native_id[-9:]) + 1_000_000,
            "username": handle_out,
            "name": creator.display_name,
            "biography": creator.bio,
            "followers_count": creator.followers_at(self.world.epoch),
            "follows_count": creator.following_count,
            "media_count": len(posts),
            "profile_picture_url": f"{_CDN}/v/t51.2885-19/{creator.native_id}_n.jpg",
        }
        website = _website(self.world, creator)
        out: dict[str, Any] = {}
        for child in children:
            if child.name == "media":
                out["media"] = self._user_media(creator, posts, child)
            elif child.name == "website":
                if website is not None:
                    out["website"] = website
            else:
                out[child.name] = values[child.name]
        out.setdefault("id", creator.native_id)
        return out

    def _media_fields(self, spec: FieldSpec) -> list[FieldSpec]:
        children = spec.children or [FieldSpec("id", {})]
        for child in children:
            if child.name not in USER_MEDIA_FIELDS:
                raise _GraphError(100, f"(#100) Tried accessing nonexisting field ({child.name}) on node type "
                                  "(IGMedia)")
        return children

    def _user_media(self, creator: Creator, posts: list[Post], spec: FieldSpec) -> dict[str, Any]:
        children = self._media_fields(spec)
        limit = self._limit(spec.modifiers.get("limit"), 25)
        scope = f"media:{creator.native_id}"
        offset = self._cursor(spec.modifiers["after"], scope) if spec.modifiers.get("after") else 0
        page = posts[offset : offset + limit]
        out: dict[str, Any] = {"data": [self._media(p, children) for p in page]}
        cursors = {"before": self._make_cursor(scope, offset)}
        if offset + limit < len(posts):
            cursors["after"] = self._make_cursor(scope, offset + limit)
        out["paging"] = {"cursors": cursors}
        return out

    # -- rendering -------------------------------------------------------------------------------

    def _media(self, post: Post, specs: list[FieldSpec]) -> dict[str, Any]:
        world = self.world
        mtype = ig.media_type(world, post)
        out: dict[str, Any] = {}
        for spec in specs:
            name = spec.name
            if name == "id":
                out["id"] = post.post_id
            elif name == "caption":
                out["caption"] = post.text
            elif name == "comments_count":
                out["comments_count"] = world.comment_counts(post)[1]
            elif name == "like_count":
                if not ig.likes_hidden(world, post):
                    out["like_count"] = post.like_count
            elif name == "media_type":
                out["media_type"] = mtype
            elif name == "media_product_type":
                out["media_product_type"] = ig.media_product_type(world, post)
            elif name == "media_url":
                if mtype != "VIDEO" or post.seq % 4:  # left out for some videos (licensed audio)
                    ext = "mp4" if mtype == "VIDEO" else "jpg"
                    out["media_url"] = f"{_CDN}/v/t51.29350-15/{post.post_id}_n.{ext}"
            elif name == "thumbnail_url":
                if mtype == "VIDEO":
                    out["thumbnail_url"] = f"{_CDN}/v/t51.29350-15/{post.post_id}_t.jpg"
            elif name == "permalink":
                out["permalink"] = ig.permalink(world, post)
            elif name == "timestamp":
                out["timestamp"] = _ts(post.created_ms)
            elif name == "username":
                out["username"] = ig.instagram_handle(world.creators[post.creator].handle)
            elif name == "children" and mtype == "CAROUSEL_ALBUM":
                out["children"] = {"data": [{"id": f"{post.post_id[:-1]}{k}"} for k in range(2 + post.seq % 3)]}
        return out

    # -- paging ----------------------------------------------------------------------------------

    def _limit(self, raw: str | None, default: int) -> int:
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise _GraphError(100, f"(#100) Param limit must be an integer, got {raw!r}") from None
        if value < 1:
            raise _GraphError(100, "(#100) Param limit must be a positive integer")
        return min(value, MAX_LIMIT)

    def _make_cursor(self, scope: str, offset: int) -> str:
        body = f"{scope}:{offset}"
        mac = hashlib.blake2b(f"{self.world.seed}:{body}".encode(), digest_size=6).hexdigest()
        return base64.urlsafe_b64encode(f"{mac}:{offset}".encode()).decode("ascii").rstrip("=")

    def _cursor(self, raw: str, scope: str) -> int:
        try:
            mac, _, offset = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii").partition(":")
            value = int(offset)
        except ValueError:
            raise _GraphError(100, "(#100) Invalid cursor") from None
        if self._make_cursor(scope, value) != raw.rstrip("=") or not mac:
            raise _GraphError(100, "(#100) Invalid cursor")
        return value


def _website(world: World, creator: Creator) -> str | None:
    """Most creators link a page in their profile; about a third none (the field is then left out)."""
    x = int.from_bytes(hashlib.blake2b(f"{world.seed}:igweb:{creator.index}".encode(), digest_size=2).digest(), "big")
    if x % 3 == 0:
        return None
    handle = ig.instagram_handle(creator.handle)
    return (f"https://linktr.ee/{handle}", f"https://{handle.replace('_', '-').replace('.', '-')}.example/")[x % 2]
