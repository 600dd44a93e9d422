"""TikTok Research API answers for the sandbox world, mounted under ``/tiktok`` (base URL
``<sandbox>/tiktok`` in place of ``https://open.tiktokapis.com``).

Calls and shapes follow the contract and ``../shared/platform-samples/tiktok-research/``:

- ``POST /v2/oauth/token/`` (form: ``client_key``, ``client_secret``, ``grant_type=client_credentials``)
  -> ``{"access_token": "clt.…", "expires_in": 7200, "token_type": "Bearer"}``; a wrong client ->
  401 ``{"error": "invalid_client", "error_description", "log_id"}`` (the OAuth shape, not the struct).
- ``POST /v2/research/video/query/?fields=…``: the query object (``and``/``or``/``not`` with
  ``EQ``/``IN`` on ``hashtag_name``, ``username``, ``region_code``, ``keyword``, ``video_id`` and
  ``create_date`` with ``EQ``/``GT``/``GTE``/``LT``/``LTE``), ``start_date``/``end_date`` at most 30
  days apart, ``max_count`` <= 100, ``cursor`` + ``search_id`` paging. Pages may hold fewer videos
  than ``max_count`` while ``has_more`` is true. Videos of private or deleted accounts show only in
  queries that do not name a username.
- ``POST /v2/research/user/info/?fields=…`` ``{"username"}``: private accounts -> 400 ``invalid_params``
  "API cannot return this user's information"; deleted or unknown -> "`username: <name>` is invalid:
  cannot find the user".
- ``POST /v2/research/video/comment/list/?fields=…`` ``{"video_id", "max_count", "cursor"}``: the first
  1000 comments oldest first, ``cursor + max_count <= 1000``; top-level comments have
  ``parent_comment_id == video_id``; no author fields.

Answers are ``{"data": {...}, "error": {"code": "ok", "message": "", "log_id"}}``. Limits and faults
(:class:`TikTokConfig`, plus the server's shared :class:`~crawler.sandbox.server.FaultConfig`): a
daily request quota and a daily record quota per client (429 ``daily_quota_limit_exceeded``, a code
TikTok does not document: the contract invents it), short-term throttling (429
``rate_limit_exceeded`` with ``Retry-After``), tokens that expire after a time or a number of calls
(401 ``access_token_invalid``), a client without Research API approval (401
``scope_not_authorized``), a ``search_id`` that expires mid-paging (400 ``invalid_params``), and the
shared transient faults in TikTok's form: 429 ``rate_limit_exceeded``, 500 ``internal_error`` or a
504 HTML page. Every research call that passes authentication is charged one request, failed ones
included (500s cost quota on the real API too); records are charged as served.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from crawler.sandbox.mastodon_api import ApiResponse, json_bytes
from crawler.sandbox.platforms import tiktok as tt
from crawler.sandbox.world import Post, World

if TYPE_CHECKING:
    from crawler.sandbox.server import FaultConfig

__all__ = [
    "COMMENT_FIELDS",
    "DEFAULT_CLIENT_KEY",
    "DEFAULT_CLIENT_SECRET",
    "PREFIX",
    "USER_FIELDS",
    "VIDEO_FIELDS",
    "TikTokAPI",
    "TikTokConfig",
]

PREFIX = "/tiktok"
DEFAULT_CLIENT_KEY = "sandbox-client-key"
DEFAULT_CLIENT_SECRET = "sandbox-client-secret"
TOKEN_TTL_SECONDS = 7200
VIDEO_FIELDS = (
    "id", "video_description", "create_time", "region_code", "share_count", "view_count", "like_count",
    "comment_count", "music_id", "hashtag_names", "username", "effect_ids", "playlist_id", "voice_to_text",
    "is_stem_verified", "favourites_count", "video_duration", "hashtag_info_list", "video_mention_list",
    "video_label",
)
"""Every field the docs list for videos (the sandbox fills the ones the contract asks for and a few more)."""
USER_FIELDS = ("display_name", "bio_description", "avatar_url", "is_verified", "follower_count", "following_count",
               "likes_count", "video_count")
COMMENT_FIELDS = ("id", "video_id", "text", "like_count", "reply_count", "parent_comment_id", "create_time")
QUERY_FIELDS = ("create_date", "username", "region_code", "video_id", "hashtag_name", "keyword", "music_id",
                "effect_id", "video_length")
OPERATIONS = ("EQ", "IN", "GT", "GTE", "LT", "LTE")
_SERVED_QUERY_FIELDS = ("create_date", "username", "region_code", "video_id", "hashtag_name", "keyword")
GATEWAY_TIMEOUT_HTML = b"<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway " \
    b"Time-out</h1></center></body></html>\n"
MESSAGES = {
    "access_token_invalid": "The access token is invalid or not found in the request.",
    "scope_not_authorized": "The client is not approved for the Research API.",
    "rate_limit_exceeded": "The API rate limit was exceeded. Please try again later.",
    "daily_quota_limit_exceeded": "Daily request quota exceeded.",
    "internal_error": "Something went wrong. Please try again later.",
}
_STATUS = {"access_token_invalid": 401, "scope_not_authorized": 401, "rate_limit_exceeded": 429,
           "daily_quota_limit_exceeded": 429, "internal_error": 500, "invalid_params": 400}


@dataclass
class TikTokConfig:
    """The sandbox's TikTok behaviour; every field switchable from tests and ``serve --tiktok NAME=VALUE``.

    ``clients``: accepted ``client_key -> client_secret``. ``token_ttl``: seconds a token lives
    (``expires_in``). ``expire_token_after``: a token also expires after this many research calls
    (0: never). ``scope_not_authorized``: the client is not approved for the Research API (every
    research call is refused). ``daily_quota``/``daily_records``: requests and records per client and
    UTC day. ``throttle_limit`` research calls per ``throttle_window`` seconds (0: no throttling),
    then 429 ``rate_limit_exceeded`` with ``Retry-After``. ``search_id_expires_after``: the first
    ``search_id`` of each query turns invalid after serving this many pages (0: never).
    """

    clients: dict[str, str] = field(default_factory=lambda: {DEFAULT_CLIENT_KEY: DEFAULT_CLIENT_SECRET})
    token_ttl: float = TOKEN_TTL_SECONDS
    expire_token_after: int = 0
    scope_not_authorized: bool = False
    daily_quota: int = 1000
    daily_records: int = 100_000
    throttle_limit: int = 0
    throttle_window: float = 60.0
    search_id_expires_after: int = 0

    def __post_init__(self) -> None:
        numbers = (self.token_ttl, self.expire_token_after, self.daily_quota, self.daily_records,
                   self.throttle_limit, self.throttle_window, self.search_id_expires_after)
        if any(n < 0 for n in numbers) or self.throttle_window == 0:
            raise ValueError("TikTok settings must be >= 0 (throttle_window > 0)")
        if not self.clients:
            raise ValueError("TikTok needs at least one client (client_key=…, client_secret=…)")

    @classmethod
    def from_dict(cls, values: dict[str, Any], base: TikTokConfig | None = None) -> TikTokConfig:
        """A copy of ``base`` updated from ``values``; ``client_key`` + ``client_secret`` set the one client."""
        merged = asdict(base or cls())
        known = {f.name for f in fields(cls)} - {"clients"}
        client = dict(merged.pop("clients"))
        key = secret = None
        for name, value in values.items():
            if name == "client_key":
                key = str(value)
            elif name == "client_secret":
                secret = str(value)
            elif name == "clients" and isinstance(value, dict):
                client = {str(k): str(v) for k, v in value.items()}
            elif name in known:
                merged[name] = _typed(name, value)
            else:
                raise ValueError(
                    f"unknown TikTok setting {name!r}: use one of {sorted(known | {'client_key', 'client_secret'})}"
                )
        if key is not None or secret is not None:
            old_key, old_secret = next(iter(client.items()))
            client = {key or old_key: secret or old_secret}
        return cls(clients=client, **merged)


def _typed(name: str, value: Any) -> Any:
    if name == "scope_not_authorized":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if name in ("token_ttl", "throttle_window"):
        return float(value)
    return int(value)


@dataclass
class _Token:
    client: str
    expires: float
    uses: int = 0


@dataclass
class _Search:
    query_key: str
    pages: int = 0
    expires_after: int = 0  # pages this search_id serves before it turns invalid (0: never)


class _Refusal(Exception):
    """A research call answered with the error struct."""

    def __init__(self, code: str, message: str | None = None, status: int | None = None) -> None:
        super().__init__(code)
        self.code, self.message = code, message if message is not None else MESSAGES.get(code, "")
        self.status = status or _STATUS.get(code, 400)


class TikTokAPI:
    """Answers TikTok calls (path without the ``/tiktok`` prefix); thread-safe."""

    def __init__(self, world: World, base_url: str, config: TikTokConfig | None = None) -> None:
        self.world = world
        self.base_url = base_url.rstrip("/")
        self.config = config or TikTokConfig()
        self._lock = threading.RLock()
        self._tokens: dict[str, _Token] = {}
        self._searches: dict[str, _Search] = {}
        self._expired_queries: set[str] = set()
        self._attempts: dict[str, int] = {}
        self._counter = 0
        self.reset()
        self._routes: dict[str, tuple[str, Callable[[dict[str, Any], tuple[str, ...]], dict[str, Any]]]] = {
            "/v2/research/video/query/": ("video_query", self._video_query),
            "/v2/research/user/info/": ("user_info", self._user_info),
            "/v2/research/video/comment/list/": ("comment_list", self._comment_list),
        }

    def reset(self) -> None:
        """Forget tokens, searches, quota use, throttling and fault attempts."""
        with self._lock:
            self._tokens.clear()
            self._searches.clear()
            self._expired_queries.clear()
            self._attempts.clear()
            self.quota_used: dict[tuple[str, str], int] = {}
            self.records_used: dict[tuple[str, str], int] = {}
            self._throttle: dict[str, tuple[float, int]] = {}
            self.tokens_issued = self.expired_answers = self.searches_expired = 0
            self.faults_injected: dict[str, int] = {}

    def forget_attempts(self) -> None:
        """Let every request be picked for a fault again (the server's fault settings changed)."""
        with self._lock:
            self._attempts.clear()

    def configure(self, **values: Any) -> TikTokConfig:
        """Change settings while running (names as :class:`TikTokConfig`)."""
        with self._lock:
            self.config = TikTokConfig.from_dict(values, self.config)
            self._throttle.clear()
            return self.config

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "tokens_issued": self.tokens_issued,
                "expired_token_answers": self.expired_answers,
                "searches_expired": self.searches_expired,
                "quota_used": {f"{client}@{day}": n for (client, day), n in self.quota_used.items()},
                "records_used": {f"{client}@{day}": n for (client, day), n in self.records_used.items()},
                "faults_injected": dict(self.faults_injected),
                "config": {k: v for k, v in asdict(self.config).items() if k != "clients"},
            }

    # -- plumbing ------------------------------------------------------------------------------

    def _log_id(self) -> str:
        self._counter += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        digest = hashlib.blake2b(f"{self.world.seed}:{self._counter}".encode(), digest_size=10)
        return stamp + digest.hexdigest().upper()

    def _ok(self, data: dict[str, Any], kind: str) -> ApiResponse:
        body = {"data": data, "error": {"code": "ok", "message": "", "log_id": self._log_id()}}
        return ApiResponse(200, json_bytes(body), kind)

    def _error(self, refusal: _Refusal, kind: str, headers: list[tuple[str, str]] | None = None) -> ApiResponse:
        body = {"error": {"code": refusal.code, "message": refusal.message, "log_id": self._log_id()}}
        if refusal.code == "invalid_params" or refusal.status >= 500:
            body = {"data": {}, **body}
        return ApiResponse(refusal.status, json_bytes(body), kind, headers=list(headers or []))

    def handle(self, method: str, path: str, query: str, body: bytes, authorization: str | None,
               faults: FaultConfig | None = None) -> ApiResponse:
        """Answer one call; ``path`` is below the prefix (``/v2/...``), ``query`` the raw query string."""
        if not path.endswith("/"):
            path += "/"
        if path == "/v2/oauth/token/":
            kind = "tiktok.token"
            if method != "POST":
                return self._error(_Refusal("invalid_params", "Method not allowed", 405), kind)
            with self._lock:
                return self._token(body)
        route = self._routes.get(path)
        if route is None:
            return self._error(_Refusal("invalid_params", f"Unknown endpoint {path}", 404), "tiktok.unknown")
        name, handler = route
        kind = f"tiktok.{name}"
        if method != "POST":
            return self._error(_Refusal("invalid_params", "Method not allowed", 405), kind)
        sleep_for = 0.0
        fault: str | None = None
        with self._lock:
            try:
                client = self._authenticate(authorization)
                self._check_quota(client)
                retry_after = self._take_throttle(client)
                if retry_after is not None:
                    response = self._error(_Refusal("rate_limit_exceeded"), kind,
                                           [("Retry-After", str(max(1, math.ceil(retry_after))))])
                    response.kind = f"{kind}.throttled"
                    return response
                self._charge(client)
                request_key = f"{path}?{query}#" + hashlib.blake2b(body, digest_size=8).hexdigest()
                fault = self._fault(faults, request_key)
                if fault in ("429", "500"):
                    return self._fault_response(fault, request_key, kind, faults)
                if fault == "slow" and faults is not None:
                    sleep_for = faults.slow_seconds
                wanted = self._fields(query, name)
                payload = _json_object(body)
                data = handler(payload, wanted)
                self._charge(client, 0, records=len(data.get("videos", data.get("comments", []))))
                response = self._ok(data, kind)
            except _Refusal as refusal:
                response = self._error(refusal, kind)
            if fault == "malformed":
                response.body = response.body[: max(1, len(response.body) // 2)]
        if sleep_for:
            time.sleep(sleep_for)
        return response

    # -- auth, quota, faults -------------------------------------------------------------------

    def _token(self, body: bytes) -> ApiResponse:
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        kind = "tiktok.token"

        def oauth_error(status: int, error: str, description: str) -> ApiResponse:
            payload = {"error": error, "error_description": description, "log_id": self._log_id()}
            return ApiResponse(status, json_bytes(payload), kind)

        for name, label in (("client_key", "Client key"), ("client_secret", "Client secret")):
            if not form.get(name):
                return oauth_error(400, "invalid_request", f"{label} is missed in request.")
        if form.get("grant_type") != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", "Grant type is not supported.")
        if self.config.clients.get(form["client_key"]) != form["client_secret"]:
            return oauth_error(401, "invalid_client", "Client key or secret is incorrect.")
        token = "clt." + secrets.token_urlsafe(30)
        self._tokens[token] = _Token(form["client_key"], time.time() + self.config.token_ttl)
        self.tokens_issued += 1
        payload = {"access_token": token, "expires_in": round(self.config.token_ttl), "token_type": "Bearer"}
        return ApiResponse(200, json_bytes(payload), kind)

    def _authenticate(self, authorization: str | None) -> str:
        raw = authorization[len("Bearer ") :].strip() if authorization and authorization.startswith("Bearer ") else ""
        token = self._tokens.get(raw)
        if token is None:
            raise _Refusal("access_token_invalid")
        limit = self.config.expire_token_after
        if time.time() >= token.expires or (limit and token.uses >= limit):
            self.expired_answers += 1
            raise _Refusal("access_token_invalid")
        token.uses += 1
        if self.config.scope_not_authorized:
            raise _Refusal("scope_not_authorized")
        return token.client

    @staticmethod
    def _day() -> str:
        return datetime.now(UTC).date().isoformat()

    def _check_quota(self, client: str) -> None:
        key = (client, self._day())
        if self.quota_used.get(key, 0) >= self.config.daily_quota:
            raise _Refusal("daily_quota_limit_exceeded")
        if self.records_used.get(key, 0) >= self.config.daily_records:
            raise _Refusal("daily_quota_limit_exceeded", "Daily record quota exceeded.")

    def _charge(self, client: str, requests: int = 1, *, records: int = 0) -> None:
        """Charge ``requests`` and ``records`` to the client's ledger of the UTC day."""
        key = (client, self._day())
        self.quota_used[key] = self.quota_used.get(key, 0) + requests
        self.records_used[key] = self.records_used.get(key, 0) + records

    def _take_throttle(self, client: str) -> float | None:
        """None when the call may go on, else seconds until the throttling window ends."""
        limit, window = self.config.throttle_limit, self.config.throttle_window
        if not limit:
            return None
        now = time.time()
        start, used = self._throttle.get(client, (now - now % window, 0))
        if start + window <= now:
            start, used = now - now % window, 0
        if used >= limit:
            return start + window - now
        self._throttle[client] = (start, used + 1)
        return None

    def _fault(self, faults: FaultConfig | None, request_key: str) -> str | None:
        if faults is None:
            return None
        fault = faults.pick(request_key)
        if fault is None:
            return None
        tries = self._attempts.get(request_key, 0)
        if tries >= faults.attempts:
            return None
        self._attempts[request_key] = tries + 1
        self.faults_injected[fault] = self.faults_injected.get(fault, 0) + 1
        return fault

    def _fault_response(self, fault: str, request_key: str, kind: str, faults: FaultConfig | None) -> ApiResponse:
        if fault == "429":
            wait = faults.retry_after if faults is not None else 1.0
            return self._error(_Refusal("rate_limit_exceeded"), kind, [("Retry-After", str(max(1, round(wait))))])
        if hashlib.blake2b(f"variant:{request_key}".encode(), digest_size=1).digest()[0] % 2:
            return ApiResponse(504, GATEWAY_TIMEOUT_HTML, kind, content_type="text/html")
        return self._error(_Refusal("internal_error"), kind)

    def _fields(self, query: str, name: str) -> tuple[str, ...]:
        raw = next((v for k, v in parse_qsl(query, keep_blank_values=True) if k == "fields"), None)
        if not raw:
            raise _Refusal("invalid_params", "Required parameter fields is missing.")
        known = {"video_query": VIDEO_FIELDS, "user_info": USER_FIELDS, "comment_list": COMMENT_FIELDS}[name]
        wanted = tuple(dict.fromkeys(f.strip() for f in raw.split(",") if f.strip()))
        unknown = [f for f in wanted if f not in known]
        if unknown:
            raise _Refusal("invalid_params", f"Invalid fields: {','.join(unknown)}")
        return wanted

    # -- video query ---------------------------------------------------------------------------

    def _video_query(self, payload: dict[str, Any], wanted: tuple[str, ...]) -> dict[str, Any]:
        query = payload.get("query")
        conditions = _conditions(query)
        start, end = _date(payload, "start_date"), _date(payload, "end_date")
        if end < start:
            raise _Refusal("invalid_params", "end_date must not be earlier than start_date")
        if (end - start).days > tt.WINDOW_DAYS:
            raise _Refusal("invalid_params", "The end_date must be no more than 30 days after the start_date")
        max_count = _int(payload, "max_count", 20, 1, tt.MAX_COUNT)
        cursor = _int(payload, "cursor", 0, 0, 1 << 31)
        query_key = json.dumps([query, start.isoformat(), end.isoformat()], sort_keys=True)
        search_id = payload.get("search_id")
        if search_id not in (None, ""):
            search = self._searches.get(str(search_id))
            invalid = search is None or search.query_key != query_key or (
                search.expires_after and search.pages >= search.expires_after)
            if invalid:
                if search is not None and search.expires_after:
                    self.searches_expired += 1
                raise _Refusal("invalid_params", f"Search Id {search_id} is invalid or expired")
        else:
            search_id = self._new_search(query_key)
            search = self._searches[search_id]
        search.pages += 1
        names_user = any(c["field_name"] == "username" for group in conditions.values() for c in group)
        hits = [p for p in self._in_dates(start, end) if _matches(self.world, p, conditions, names_user)]
        slots = tt.result_slots(self.world, hits)
        page = [p for p in slots[cursor : cursor + max_count] if p is not None]
        return {
            "videos": [self._video(p, wanted) for p in page],
            "cursor": cursor + max_count,
            "has_more": cursor + max_count < len(slots),
            "search_id": search_id,
        }

    def _new_search(self, query_key: str) -> str:
        n = len(self._searches)
        digest = hashlib.blake2b(f"{self.world.seed}:search:{query_key}:{n}".encode(), digest_size=8).digest()
        search_id = str(7_000_000_000_000_000_000 + int.from_bytes(digest, "big") % 10**18)
        expires = 0
        if self.config.search_id_expires_after and query_key not in self._expired_queries:
            self._expired_queries.add(query_key)  # only a query's first search_id expires
            expires = self.config.search_id_expires_after
        self._searches[search_id] = _Search(query_key, 0, expires)
        return search_id

    def _in_dates(self, start: date, end: date) -> list[Post]:
        return [p for p in tt.tiktok_videos(self.world) if start <= tt.day_of(p.created_ms) <= end]

    def _video(self, post: Post, wanted: tuple[str, ...]) -> dict[str, Any]:
        world = self.world
        creator = world.creators[post.creator]
        full: dict[str, Any] = {
            "id": int(post.post_id),
            "create_time": post.created_ms // 1000,
            "username": tt.served_username(world, post),
            "region_code": tt.region_code(world, creator),
            "video_description": post.text,
            "like_count": tt.reported_likes(world, post),
            "comment_count": world.comment_counts(post)[1],
            "share_count": post.reblogs_count,
            "view_count": post.view_count,
            "hashtag_names": list(post.hashtags),
            "music_id": 7_000_000_000_000_000_000 + (int(post.post_id) * 2654435761) % 10**18,
            "effect_ids": ["0"],
            "video_duration": 8 + post.seq % 110,
        }
        keys = [k for k in wanted if k in full and full[k] is not None]
        random.Random(f"{world.seed}:keys:{post.seq}").shuffle(keys)  # key order varies, as observed
        return {k: full[k] for k in keys}

    # -- user info -----------------------------------------------------------------------------

    def _user_info(self, payload: dict[str, Any], wanted: tuple[str, ...]) -> dict[str, Any]:
        name = payload.get("username")
        if not isinstance(name, str) or not name.strip():
            raise _Refusal("invalid_params", "Required parameter username is missing.")
        creator = tt.creator_by_username(self.world, name)
        if creator is None or creator.opt_out_reason == "deleted":
            raise _Refusal("invalid_params", f"`username: {name}` is invalid: cannot find the user")
        if creator.opt_out_reason == "private":
            raise _Refusal("invalid_params", "API cannot return this user's information")
        world = self.world
        full: dict[str, Any] = {
            "display_name": creator.display_name,
            "bio_description": creator.bio,
            "avatar_url": f"{self.base_url}{PREFIX}/cdn/avatar/{creator.handle}.jpeg",
            "is_verified": creator.tier in ("macro", "mega"),
            "follower_count": creator.followers_at(world.epoch),
            "following_count": creator.following_count,
            "likes_count": tt.likes_count(world, creator),
            "video_count": sum(1 for p in world.creator_posts(creator) if p.reblog_of is None),
        }
        return {k: full[k] for k in wanted}

    # -- comments ------------------------------------------------------------------------------

    def _comment_list(self, payload: dict[str, Any], wanted: tuple[str, ...]) -> dict[str, Any]:
        if payload.get("video_id") in (None, ""):
            raise _Refusal("invalid_params", "Required parameter video_id is missing.")
        post = tt.post_by_video_id(self.world, payload["video_id"])
        if post is None:
            raise _Refusal("invalid_params", f"video_id {payload['video_id']} is invalid")
        max_count = _int(payload, "max_count", 10, 1, tt.COMMENT_PAGE)
        cursor = _int(payload, "cursor", 0, 0, tt.COMMENT_CAP)
        if cursor + max_count > tt.COMMENT_CAP:
            raise _Refusal("invalid_params", "Invalid count or cursor")
        comments = self.world.comments(post)
        served = comments[: tt.COMMENT_CAP]
        replies: dict[int, int] = {}
        for c in comments:
            if c.parent is not None:
                replies[c.parent] = replies.get(c.parent, 0) + 1
        page = served[cursor : cursor + max_count]
        vid = int(post.post_id)
        out = []
        for c in page:
            full = {
                "id": int(c.comment_id),
                "video_id": vid,
                "text": tt.comment_served_text(self.world, c)[0],
                "like_count": c.like_count,
                "reply_count": replies.get(c.index, 0),
                "parent_comment_id": vid if c.parent is None else int(comments[c.parent].comment_id),
                "create_time": c.created_ms // 1000,
            }
            out.append({k: full[k] for k in wanted})
        next_cursor = cursor + len(page)
        return {"comments": out, "cursor": next_cursor, "has_more": next_cursor < len(served)}


# -- request parsing ---------------------------------------------------------------------------------


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body) if body.strip() else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise _Refusal("invalid_params", "The request body must be a JSON object.")
    return payload


def _int(payload: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = payload.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Refusal("invalid_params", "Invalid count or cursor")
    try:
        number = int(value)
    except ValueError:
        raise _Refusal("invalid_params", "Invalid count or cursor") from None
    if not low <= number <= high:
        raise _Refusal("invalid_params", "Invalid count or cursor")
    return number


def _date(payload: dict[str, Any], name: str) -> date:
    raw = payload.get(name)
    if not raw:
        raise _Refusal("invalid_params", f"Required parameter {name} is missing.")
    try:
        return datetime.strptime(str(raw), "%Y%m%d").date()
    except ValueError:
        raise _Refusal("invalid_params", f"Invalid {name} {raw!r}: use YYYYMMDD") from None


def _conditions(query: Any) -> dict[str, list[dict[str, Any]]]:
    """The query's ``and``/``or``/``not`` lists, checked; raises on anything the API would refuse."""
    if not isinstance(query, dict):
        raise _Refusal("invalid_params", "Required parameter query is missing.")
    out: dict[str, list[dict[str, Any]]] = {}
    for group in ("and", "or", "not"):
        items = query.get(group) or []
        if not isinstance(items, list):
            raise _Refusal("invalid_params", f"Invalid query: {group} must be a list of conditions")
        for item in items:
            if not isinstance(item, dict):
                raise _Refusal("invalid_params", f"Invalid query: {group} must be a list of conditions")
            operation, name, values = item.get("operation"), item.get("field_name"), item.get("field_values")
            if operation not in OPERATIONS:
                raise _Refusal("invalid_params", f"Invalid operation {operation!r}: use one of {', '.join(OPERATIONS)}")
            if name not in QUERY_FIELDS:
                raise _Refusal("invalid_params", f"Invalid field_name {name!r}")
            if name not in _SERVED_QUERY_FIELDS:
                raise _Refusal("invalid_params", f"field_name {name!r} is not served by the sandbox")
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                raise _Refusal("invalid_params", "Invalid query: field_values must be a non-empty list of strings")
            if operation != "IN" and len(values) != 1:
                raise _Refusal("invalid_params", f"Invalid query: {operation} takes exactly one value")
            if operation in ("GT", "GTE", "LT", "LTE") and name != "create_date":
                raise _Refusal("invalid_params", f"Invalid query: {operation} applies to create_date only")
            out.setdefault(group, []).append(item)
    if not any(out.values()):
        raise _Refusal("invalid_params", "Invalid query: at least one of and, or, not must hold a condition")
    return out


def _condition_holds(world: World, post: Post, item: dict[str, Any]) -> bool:
    name, operation = item["field_name"], item["operation"]
    values = [v.strip() for v in item["field_values"]]
    creator = world.creators[post.creator]
    if name == "hashtag_name":
        return any(v.lower().lstrip("#") in post.hashtags for v in values)
    if name == "username":
        return any(v.lower().lstrip("@") == creator.handle.lower() for v in values)
    if name == "region_code":
        return any(v.upper() == tt.region_code(world, creator) for v in values)
    if name == "keyword":
        return any(v.lower() in post.text.lower() for v in values)
    if name == "video_id":
        return any(v == post.post_id for v in values)
    day = tt.day_of(post.created_ms).strftime("%Y%m%d")  # create_date
    compare = {"EQ": day.__eq__, "IN": day.__eq__, "GT": day.__gt__, "GTE": day.__ge__, "LT": day.__lt__,
               "LTE": day.__le__}[operation]
    return any(compare(v) for v in values)


def _matches(world: World, post: Post, conditions: dict[str, list[dict[str, Any]]], names_user: bool) -> bool:
    if names_user and world.creators[post.creator].opt_out_reason is not None:
        return False  # a private or deleted account's videos only show in results that name no user
    if not all(_condition_holds(world, post, c) for c in conditions.get("and", [])):
        return False
    if conditions.get("or") and not any(_condition_holds(world, post, c) for c in conditions["or"]):
        return False
    return not any(_condition_holds(world, post, c) for c in conditions.get("not", []))

