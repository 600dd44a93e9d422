"""The sandbox platform server: a stdlib HTTP/1.1 server for a generated world.

Mastodon answers under ``/api/v1/`` with real rate limiting (``X-RateLimit-*`` headers, 429
once the budget is spent), YouTube under ``/youtube/v3/`` with API keys and a quota, Bluesky's
AppView under ``/bluesky/appview/xrpc/`` and its PDS under ``/bluesky/pds/xrpc/`` with sessions
and ``RateLimit-*`` headers on every answer (budget per client and host, 3000 per 300 s), Instagram's
Graph API under ``/instagram/{version}/`` with usage headers (:mod:`crawler.sandbox.instagram_api`), TikTok's
Research API under ``/tiktok/v2/`` (:mod:`crawler.sandbox.tiktok_api`: client tokens, daily request
and record quotas, its own faults; the shared faults below in TikTok's form). Injected
faults (``FaultConfig``) are deterministic and transient: a request picked for a fault fails on
its first ``attempts`` tries and succeeds on the next, so a correct crawler loses nothing; the
Bluesky-only ``expire_session_after`` lets access tokens expire after so many authenticated
requests, so that a crawl has to refresh its session.

Admin endpoints: ``GET /__sandbox__/stats``, ``GET|POST /__sandbox__/faults``,
``GET|POST /__sandbox__/rate-limit`` (``{"platform": "bluesky", ...}`` for Bluesky's budget),
``GET|POST /__sandbox__/instagram`` (Instagram's account, budget, throttle code, token expiry, hashtag limit),
``GET|POST /__sandbox__/tiktok`` (:class:`~crawler.sandbox.tiktok_api.TikTokConfig` settings),
``POST /__sandbox__/advance`` (``{"epochs": 1, "backdated": 0, "engagement_growth": 0.0}``, see
:meth:`~crawler.sandbox.world.World.advance`), ``POST /__sandbox__/reset``, ``GET /__sandbox__/ground-truth``.

YouTube charges quota for every request with a valid key, failed ones included (Google: "all
API requests, including invalid requests, incur a quota cost of at least one point"), so an
injected 429/5xx is charged like the call it stands for.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from crawler.sandbox.bluesky_api import DEFAULT_IDENTIFIER, DEFAULT_PASSWORD, SESSION_LIMIT, BlueskyAPI, xrpc_error
from crawler.sandbox.bluesky_api import HOSTS as BLUESKY_HOSTS
from crawler.sandbox.instagram_api import InstagramAPI, InstagramConfig
from crawler.sandbox.mastodon_api import ApiResponse, MastodonAPI, json_bytes
from crawler.sandbox.tiktok_api import PREFIX as TIKTOK_PREFIX
from crawler.sandbox.tiktok_api import TikTokAPI, TikTokConfig
from crawler.sandbox.truth import INLINE_COMMENTS_LIMIT
from crawler.sandbox.world import World
from crawler.sandbox.youtube_api import DEFAULT_KEYS, DEFAULT_QUOTA, YouTubeAPI, error_envelope

__all__ = ["BLUESKY_RATE_LIMIT", "FaultConfig", "RateLimitConfig", "SandboxServer"]

logger = logging.getLogger(__name__)

FAULT_KINDS = ("429", "500", "slow", "malformed")
_ROBOTS = b"User-agent: *\nDisallow: /media_proxy/\nDisallow: /interact/\nDisallow: /__sandbox__/\n"


@dataclass
class FaultConfig:
    """Fractions of API requests that get a transient fault (all off by default).

    ``attempts``: how many tries of a picked request fail before it succeeds.
    ``retry_after``: seconds an injected 429 asks the client to wait.
    ``expire_session_after``: a Bluesky access token expires after this many authenticated
    requests (0: only by its ``exp``), so that a crawl must call ``refreshSession``.
    """

    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 2.0
    rate_malformed: float = 0.0
    seed: int = 0
    attempts: int = 1
    retry_after: float = 1.0
    expire_session_after: int = 0

    def __post_init__(self) -> None:
        rates = (self.rate_429, self.rate_500, self.rate_slow, self.rate_malformed)
        if any(r < 0 for r in rates) or sum(rates) > 1:
            raise ValueError(f"fault rates must be >= 0 and sum to <= 1, got {rates}")
        if self.attempts < 0 or self.slow_seconds < 0 or self.retry_after < 0 or self.expire_session_after < 0:
            raise ValueError("attempts, slow_seconds, retry_after and expire_session_after must be >= 0")

    @classmethod
    def from_dict(cls, values: dict[str, Any], base: FaultConfig | None = None) -> FaultConfig:
        """A copy of ``base`` updated from ``values`` (names as fields, or short ``429``/``slow``...)."""
        aliases = {"429": "rate_429", "500": "rate_500", "slow": "rate_slow", "malformed": "rate_malformed"}
        known = {f.name: f.type for f in fields(cls)}
        merged = asdict(base or cls())
        for raw_key, value in values.items():
            key = aliases.get(str(raw_key), str(raw_key))
            if key not in known:
                raise ValueError(
                    f"unknown fault setting {raw_key!r}: use one of {sorted(known)} or {sorted(aliases)}"
                )
            merged[key] = int(value) if key in ("seed", "attempts", "expire_session_after") else float(value)
        return cls(**merged)

    def pick(self, request_key: str) -> str | None:
        """The fault for this request (path and query), or None; deterministic."""
        total = self.rate_429 + self.rate_500 + self.rate_slow + self.rate_malformed
        if total <= 0:
            return None
        digest = hashlib.blake2b(f"{self.seed}:{request_key}".encode(), digest_size=8).digest()
        x = int.from_bytes(digest, "big") / 2**64
        for kind, rate in zip(
            FAULT_KINDS, (self.rate_429, self.rate_500, self.rate_slow, self.rate_malformed), strict=True
        ):
            if x < rate:
                return kind
            x -= rate
        return None


@dataclass
class RateLimitConfig:
    """A per-client budget: ``limit`` requests per ``window_seconds`` (aligned windows).

    Mastodon's default is mastodon.social's 300 per 300 s; Bluesky's (per client and host)
    :data:`BLUESKY_RATE_LIMIT`, 3000 per 300 s as the AppView and bsky.social announce.
    """

    limit: int = 300
    window_seconds: float = 300.0
    enabled: bool = True

    @classmethod
    def parse(cls, text: str) -> RateLimitConfig:
        """``"300/300"`` (limit/window seconds) or ``"off"``."""
        if text.strip().lower() in ("off", "none", "0"):
            return cls(enabled=False)
        limit, sep, window = text.partition("/")
        try:
            return cls(limit=int(limit), window_seconds=float(window) if sep else 300.0)
        except ValueError:
            raise ValueError(
                f"bad rate limit {text!r}: use LIMIT/WINDOW_SECONDS such as 300/300, or 'off'"
            ) from None


BLUESKY_RATE_LIMIT = RateLimitConfig(limit=3000, window_seconds=300.0)


def _bluesky_headers(cfg: RateLimitConfig, remaining: int, reset: float) -> list[tuple[str, str]]:
    """Bluesky's rate-limit headers: reset in epoch seconds, the policy as ``limit;w=window``."""
    return [
        ("RateLimit-Limit", str(cfg.limit)),
        ("RateLimit-Remaining", str(remaining)),
        ("RateLimit-Reset", str(math.ceil(reset))),
        ("RateLimit-Policy", f"{cfg.limit};w={int(cfg.window_seconds)}"),
    ]


def _iso_us(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(slots=True)
class _Reply:
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    content_type: str = "application/json; charset=utf-8"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sandbox"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 15

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch(b"")

    def do_HEAD(self) -> None:
        self._dispatch(b"", head=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._dispatch(self.rfile.read(length) if length else b"")

    def _dispatch(self, body: bytes, head: bool = False) -> None:
        sandbox: SandboxServer = self.server.sandbox  # type: ignore[attr-defined]
        try:
            reply = sandbox.respond(self.command, self.path, body, self.client_address[0],
                                    api_key=self.headers.get("X-Goog-Api-Key"),
                                    authorization=self.headers.get("Authorization"))
        except Exception:  # boundary: never kill the connection thread silently
            logger.exception("sandbox failed on %s %s", self.command, self.path)
            reply = _Reply(500, b'{"error":"sandbox internal error"}', [])
        head_lines = [
            f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}",
            f"Content-Type: {reply.content_type}",
            f"Content-Length: {len(reply.body)}",
        ]
        head_lines += [f"{k}: {v}" for k, v in reply.headers]
        if self.close_connection:
            head_lines.append("Connection: close")
        payload = ("\r\n".join(head_lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(payload if head else payload + reply.body)
        self.log_request(reply.status, len(reply.body))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    sandbox: SandboxServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a crawler killed mid-request) is not a sandbox failure."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("client %s went away", client_address)
            return
        super().handle_error(request, client_address)


class SandboxServer:
    """Serve ``world`` on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(
        self,
        world: World,
        *,
        faults: FaultConfig | None = None,
        rate_limit: RateLimitConfig | None = None,
        youtube_keys: frozenset[str] | set[str] | tuple[str, ...] = DEFAULT_KEYS,
        youtube_quota: int = DEFAULT_QUOTA,
        bluesky_rate_limit: RateLimitConfig | None = None,
        bluesky_account: tuple[str, str] = (DEFAULT_IDENTIFIER, DEFAULT_PASSWORD),
        bluesky_session_limit: tuple[int, float] = SESSION_LIMIT,
        instagram: InstagramConfig | None = None,
        tiktok: TikTokConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.world = world
        self.faults = faults or FaultConfig()
        self.rate_limit = rate_limit or RateLimitConfig()
        self.youtube_keys = frozenset(youtube_keys)
        self.youtube_quota = youtube_quota
        self.bluesky_rate_limit = bluesky_rate_limit or RateLimitConfig(**asdict(BLUESKY_RATE_LIMIT))
        self.bluesky_account = bluesky_account
        self.bluesky_session_limit = bluesky_session_limit
        self.instagram_config = instagram or InstagramConfig()
        self.tiktok_config = tiktok or TikTokConfig()
        self.host, self.port = host, port
        self._lock = threading.RLock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._mastodon: MastodonAPI | None = None
        self._youtube: YouTubeAPI | None = None
        self._bluesky: BlueskyAPI | None = None
        self._instagram: InstagramAPI | None = None
        self._tiktok: TikTokAPI | None = None
        self._budgets: dict[str, tuple[float, int]] = {}
        self._attempts: dict[str, int] = {}
        self._reset_counters()
        self.base_url = ""

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> str:
        """Bind, start serving in a daemon thread and return the base URL."""
        if self._httpd is not None:
            return self.base_url
        httpd = _HTTPServer((self.host, self.port), _Handler)
        httpd.sandbox = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self.base_url = f"http://{self.host}:{self.port}"
        self._mastodon = MastodonAPI(self.world, self.base_url)
        self._youtube = YouTubeAPI(
            self.world, self.base_url, keys=self.youtube_keys, daily_quota=self.youtube_quota
        )
        identifier, password = self.bluesky_account
        self._bluesky = BlueskyAPI(self.world, self.base_url, identifier=identifier, password=password,
                                   session_limit=self.bluesky_session_limit)
        self._instagram = InstagramAPI(self.world, self.base_url, self.instagram_config)
        self._tiktok = TikTokAPI(self.world, self.base_url, self.tiktok_config)
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="sandbox-server", daemon=True
        )
        self._thread.start()
        logger.info("sandbox serving on %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        logger.info("sandbox stopped")

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- control ------------------------------------------------------------------------------

    @property
    def tiktok(self) -> TikTokAPI:
        """The running TikTok API (its :meth:`TikTokAPI.configure`, quota ledgers and stats)."""
        if self._tiktok is None:
            raise RuntimeError("sandbox server not started")
        return self._tiktok

    def set_faults(self, **values: Any) -> FaultConfig:
        """Change fault settings while running (same names as :class:`FaultConfig`)."""
        with self._lock:
            self.faults = FaultConfig.from_dict(values, self.faults)
            self._attempts.clear()
            if self._tiktok is not None:
                self._tiktok.forget_attempts()
            return self.faults

    def set_rate_limit(self, platform: str = "mastodon", **values: Any) -> RateLimitConfig:
        """Change a budget while running (``limit``, ``window_seconds``, ``enabled``) of ``platform``
        (``mastodon`` or ``bluesky``)."""
        if platform not in ("mastodon", "bluesky"):
            raise ValueError(f"unknown platform {platform!r} for a rate limit: use 'mastodon' or 'bluesky'")
        with self._lock:
            current = asdict(self.rate_limit if platform == "mastodon" else self.bluesky_rate_limit)
            for name, value in values.items():
                if name not in current:
                    raise ValueError(f"unknown rate-limit setting {name!r}: use one of {sorted(current)}")
                current[name] = type(current[name])(value)
            config = RateLimitConfig(**current)
            if platform == "mastodon":
                self.rate_limit = config
            else:
                self.bluesky_rate_limit = config
            self._budgets.clear()
            return config

    def set_instagram(self, **values: Any) -> InstagramConfig:
        """Change the Instagram account, budget or faults while running (see :class:`InstagramConfig`)."""
        with self._lock:
            self.instagram_config = InstagramConfig.from_dict(values, self.instagram_config)
            if self._instagram is not None:
                self._instagram.configure(asdict(self.instagram_config))
            return self.instagram_config

    def advance(self, epochs: int = 1, *, backdated: int = 0, engagement_growth: float = 0.0) -> tuple[int, list[str]]:
        """Advance the world (see :meth:`World.advance`); returns the new epoch and the back-dated posts' ids."""
        with self._lock:
            planted = self.world.advance(epochs, backdated=backdated, engagement_growth=engagement_growth)
            return self.world.epoch, planted

    def reset(self) -> None:
        """Forget rate-limit budgets, YouTube quota use, fault attempts and counters."""
        with self._lock:
            self._budgets.clear()
            self._attempts.clear()
            if self._youtube is not None:
                self._youtube.reset_quota()
            if self._bluesky is not None:
                self._bluesky.reset()
            if self._instagram is not None:
                self._instagram.reset()
            if self._tiktok is not None:
                self._tiktok.reset()
            self._reset_counters()

    def _reset_counters(self) -> None:
        self._requests = 0
        self._by_kind: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._faults_injected: Counter[str] = Counter()
        self._rate_limited = 0

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests_total": self._requests,
                "by_kind": dict(self._by_kind),
                "by_status": dict(self._by_status),
                "rate_limited_429": self._rate_limited,
                "injected_429": self._faults_injected["429"],
                "faults_injected": dict(self._faults_injected),
                "youtube_quota_used": dict(self._youtube.quota_used) if self._youtube else {},
                "youtube_quota_limit": self.youtube_quota,
                "epoch": self.world.epoch,
                "faults": asdict(self.faults),
                "rate_limit": asdict(self.rate_limit),
                "bluesky_rate_limit": asdict(self.bluesky_rate_limit),
                "bluesky_sessions": {
                    "created": self._bluesky.sessions_created,
                    "refreshed": self._bluesky.sessions_refreshed,
                    "expired_token_answers": self._bluesky.expired_answers,
                } if self._bluesky else {},
                "instagram": self._instagram.stats() if self._instagram else {},
                "tiktok": self._tiktok.stats() if self._tiktok else {},
            }

    # -- requests -----------------------------------------------------------------------------

    def respond(self, method: str, raw_path: str, body: bytes, client: str, api_key: str | None = None,
                authorization: str | None = None) -> _Reply:
        """Answer one request (called from handler threads).

        ``api_key`` is the ``X-Goog-Api-Key`` header, which Google APIs accept in place of the
        ``key`` query parameter; ``authorization`` the ``Authorization`` header (Bluesky sessions)."""
        split = urlsplit(raw_path)
        path = split.path
        if path.startswith("/__sandbox__/"):
            return self._admin(method, path, body)
        if path == "/robots.txt":
            return _Reply(200, _ROBOTS, [], "text/plain; charset=utf-8")
        pairs = parse_qsl(split.query, keep_blank_values=True)
        query = dict(pairs)
        if api_key and "key" not in query:
            query["key"] = api_key
        if path.startswith(TIKTOK_PREFIX + "/"):  # TikTok charges, throttles and injects faults itself
            if self._tiktok is None:
                raise RuntimeError("sandbox server not started")
            answer = self._tiktok.handle(method, path[len(TIKTOK_PREFIX) :], split.query, body, authorization,
                                         self.faults)
            return self._count(_Reply(answer.status, answer.body, answer.headers, answer.content_type), answer.kind)
        bluesky_host = nsid = ""
        if path.startswith("/api/v1/"):
            platform = "mastodon"
        elif path.startswith("/youtube/v3/"):
            platform = "youtube"
        elif path.startswith("/instagram/"):
            platform = "instagram"
        elif path.startswith("/bluesky/"):
            platform = "bluesky"
            bluesky_host, sep, nsid = path[len("/bluesky/") :].partition("/xrpc/")
            if bluesky_host not in BLUESKY_HOSTS or not sep or not nsid or "/" in nsid:
                return self._count(_Reply(404, b'{"error":"Not Found"}', []), "unknown")
        else:
            return self._count(_Reply(404, b'{"error":"Not Found"}', []), "unknown")
        if method not in (("GET", "HEAD", "POST") if platform == "bluesky" else ("GET", "HEAD")):
            return self._count(_Reply(405, b'{"error":"Method not allowed"}', []), f"{platform}.method")
        request_key = f"{path}?{split.query}"
        sleep_for = 0.0
        with self._lock:
            rl_headers: list[tuple[str, str]] = []
            if platform in ("mastodon", "bluesky"):
                budget_key = client if platform == "mastodon" else f"bluesky:{bluesky_host}:{client}"
                allowed, rl_headers = self._take_budget(platform, budget_key)
                if not allowed:
                    self._rate_limited += 1
                    too_many = (
                        b'{"error":"Too many requests"}'
                        if platform == "mastodon"
                        else xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded").body
                    )
                    return self._count(_Reply(429, too_many, rl_headers), f"{platform}.rate_limited")
            fault = self.faults.pick(request_key)
            if fault is not None:
                tries = self._attempts.get(request_key, 0)
                if tries < self.faults.attempts:
                    self._attempts[request_key] = tries + 1
                    self._faults_injected[fault] += 1
                    if platform == "youtube" and fault in ("429", "500") and self._youtube is not None:
                        self._youtube.charge(path, query)
                    if platform == "instagram" and fault in ("429", "500") and self._instagram is not None:
                        ig = self._instagram  # Graph errors: a throttle code, or code 1/2 with HTTP 500
                        answer = (
                            ig.throttle_reply(request_key, math.ceil(self.faults.retry_after / 60))
                            if fault == "429" else ig.transient_reply(request_key, self._variant(request_key))
                        )
                        return self._count(_Reply(answer.status, answer.body, answer.headers), f"{platform}.fault")
                    if fault == "429":
                        return self._count(
                            self._fault_429(platform, request_key, rl_headers), f"{platform}.fault"
                        )
                    if fault == "500":
                        return self._count(self._fault_500(platform, request_key, rl_headers), f"{platform}.fault")
                    if fault == "slow":
                        sleep_for = self.faults.slow_seconds
                else:
                    fault = None
            if platform == "bluesky":
                if self._bluesky is None:
                    raise RuntimeError("sandbox server not started")
                response: ApiResponse = self._bluesky.handle(
                    method, bluesky_host, nsid, pairs, body, authorization,
                    expire_after=self.faults.expire_session_after,
                )
                # createSession answers with its own, stricter budget.
                own = any(name.startswith("RateLimit-") for name, _ in response.headers)
                headers = response.headers if own else rl_headers + response.headers
            elif platform == "instagram":
                if self._instagram is None:
                    raise RuntimeError("sandbox server not started")
                response = self._instagram.handle(path, pairs, authorization)
                headers = response.headers
            else:
                api = self._mastodon if platform == "mastodon" else self._youtube
                if api is None:
                    raise RuntimeError("sandbox server not started")
                response = api.handle(path, query)
                headers = response.headers + rl_headers
            if platform == "youtube":
                headers += [("Vary", "Origin, X-Origin, Referer"), ("Cache-Control", "private")]
            body_out = response.body
            if fault == "malformed":
                body_out = body_out[: max(1, len(body_out) // 2)]
                response = ApiResponse(200, body_out, response.kind)
            reply = self._count(
                _Reply(response.status, body_out, headers, response.content_type), response.kind
            )
        if sleep_for:
            time.sleep(sleep_for)
        return reply

    def _count(self, reply: _Reply, kind: str) -> _Reply:
        with self._lock:
            self._requests += 1
            self._by_kind[kind] += 1
            self._by_status[str(reply.status)] += 1
        return reply

    def _take_budget(self, platform: str, key: str) -> tuple[bool, list[tuple[str, str]]]:
        """Spend one request of ``key``'s budget on ``platform``; ``(allowed, rate-limit headers)``."""
        cfg = self.rate_limit if platform == "mastodon" else self.bluesky_rate_limit
        now = time.time()
        if not cfg.enabled:
            start, used, allowed = now, 0, True
        else:
            window_start = now - now % cfg.window_seconds
            start, used = self._budgets.get(key, (window_start, 0))
            if start != window_start:
                start, used = window_start, 0
            allowed = used < cfg.limit
            if allowed:
                used += 1
            self._budgets[key] = (start, used)
        remaining = max(0, cfg.limit - used)
        if platform == "bluesky":
            return allowed, _bluesky_headers(cfg, remaining, start + cfg.window_seconds)
        return allowed, [
            ("X-RateLimit-Limit", str(cfg.limit)),
            ("X-RateLimit-Remaining", str(remaining)),
            ("X-RateLimit-Reset", _iso_us(start + cfg.window_seconds)),
        ]

    def _variant(self, request_key: str) -> int:
        return hashlib.blake2b(f"variant:{request_key}".encode(), digest_size=2).digest()[0] % 3

    def _fault_429(self, platform: str, request_key: str, rl_headers: list[tuple[str, str]]) -> _Reply:
        wait = self.faults.retry_after
        soon = time.time() + wait
        if platform == "bluesky":
            headers = _bluesky_headers(self.bluesky_rate_limit, 0, soon)
            return _Reply(429, xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded").body, headers)
        if self._variant(request_key) == 0:
            # A plain RateLimit-Reset (epoch seconds) variant, as other platforms and proxies send it.
            headers = [
                ("RateLimit-Limit", str(self.rate_limit.limit)),
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Reset", str(int(soon) + 1)),
            ]
        elif platform == "mastodon":
            headers = [(k, v) for k, v in rl_headers if k == "X-RateLimit-Limit"] + [
                ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-Reset", _iso_us(soon)),
            ]
        else:
            headers = [("Retry-After", str(max(1, round(wait))))]
        if platform == "mastodon":
            return _Reply(429, b'{"error":"Too many requests"}', headers)
        body = error_envelope(
            429, "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded", "usageLimits"
        )
        return _Reply(429, body, headers)

    def _fault_500(self, platform: str, request_key: str, rl_headers: list[tuple[str, str]] | None = None) -> _Reply:
        status = (500, 502, 503)[self._variant(request_key)]
        if status == 502:
            return _Reply(
                502, b"<html><body><h1>502 Bad Gateway</h1></body></html>\n", [], "text/html; charset=utf-8"
            )
        if platform == "bluesky":
            error, message = (
                ("InternalServerError", "Internal Server Error") if status == 500
                else ("NotEnoughResources", "Not Enough Resources")
            )
            return _Reply(status, xrpc_error(status, error, message).body, list(rl_headers or []))
        if platform == "youtube":
            reason = "backendError" if status == 500 else "serviceUnavailable"
            return _Reply(status, error_envelope(status, "Backend Error", reason, "global"), [])
        body = b'{"error":"We\'re sorry, but something went wrong on our end."}'
        return _Reply(status, body, [("Retry-After", "1")] if status == 503 else [])

    def _admin(self, method: str, path: str, body: bytes) -> _Reply:
        action = path[len("/__sandbox__/") :].strip("/")
        try:
            payload = json.loads(body) if body.strip() else {}
        except ValueError:
            return _Reply(400, json_bytes({"error": "body is not JSON"}), [])
        if not isinstance(payload, dict):
            return _Reply(400, json_bytes({"error": "body must be a JSON object"}), [])
        if action == "stats" and method == "GET":
            return _Reply(200, json_bytes(self.stats()), [])
        if action == "faults":
            if method == "POST":
                try:
                    self.set_faults(**payload)
                except (ValueError, TypeError) as exc:
                    return _Reply(400, json_bytes({"error": str(exc)}), [])
            return _Reply(200, json_bytes(asdict(self.faults)), [])
        if action == "rate-limit":
            config = self.bluesky_rate_limit if payload.get("platform") == "bluesky" else self.rate_limit
            if method == "POST":
                try:
                    config = self.set_rate_limit(**payload)
                except (ValueError, TypeError) as exc:
                    return _Reply(400, json_bytes({"error": str(exc)}), [])
            return _Reply(200, json_bytes(asdict(config)), [])
        if action == "instagram":
            if method == "POST":
                try:
                    self.set_instagram(**payload)
                except (ValueError, TypeError) as exc:
                    return _Reply(400, json_bytes({"error": str(exc)}), [])
            return _Reply(200, json_bytes(asdict(self.instagram_config)), [])
        if action == "tiktok":
            if method == "POST" and self._tiktok is not None:
                try:
                    self.tiktok_config = self._tiktok.configure(**payload)
                except (ValueError, TypeError) as exc:
                    return _Reply(400, json_bytes({"error": str(exc)}), [])
            return _Reply(200, json_bytes({k: v for k, v in asdict(self.tiktok_config).items() if k != "clients"}), [])
        if action == "advance" and method == "POST":
            try:
                epoch, planted = self.advance(int(payload.get("epochs", 1)), backdated=int(payload.get("backdated", 0)),
                                              engagement_growth=float(payload.get("engagement_growth", 0.0)))
            except (TypeError, ValueError) as exc:
                return _Reply(400, json_bytes({"error": str(exc)}), [])
            return _Reply(200, json_bytes({"epoch": epoch, "backdated": planted}), [])
        if action == "reset" and method == "POST":
            self.reset()
            return _Reply(200, b'{"reset":true}', [])
        if action == "ground-truth" and method == "GET":
            with self._lock:
                total = sum(p.n_comments for p in self.world.visible_posts())
                if total > INLINE_COMMENTS_LIMIT:
                    message = (
                        f"world has {total} comments; write the ground truth to a file (--ground-truth PATH)"
                    )
                    return _Reply(413, json_bytes({"error": message}), [])
                return _Reply(200, json_bytes(self.world.ground_truth()), [])
        return _Reply(404, json_bytes({"error": f"unknown sandbox action {method} {path}"}), [])
