"""The platform registry: one declaration per platform, read by everything that loops over platforms.

A :class:`Platform` names its spider (loaded through Scrapy's ``SpiderLoader``), its base-URL
settings (``CREATORSCOUT_<PLATFORM>_API_URL``, older names kept as aliases), the environment
variables of its credentials, its own ``creatorscout crawl PLATFORM`` options, its budget model,
its parser and sandbox modules. The runner, the ``crawl`` command, the settings module, the
sandbox and the benchmarks read this table instead of branching on platform names.

Precedence, in one place (:meth:`Platform.url`, :meth:`Platform.read_credentials`): a value
given to the command (or ``-s``/``-a``) beats the environment, which beats the default.

This module imports nothing heavy (no Scrapy): the CLI reads it for ``--help``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.errors import CreatorscoutError

__all__ = [
    "COMMENT_ACCESS",
    "REGISTRY",
    "Budget",
    "Credential",
    "Ledger",
    "MissingCredentialError",
    "Option",
    "Platform",
    "UnknownPlatformError",
    "UrlSetting",
    "comment_access",
    "get_platform",
    "implemented",
    "quota_settings",
    "sandbox_environment",
    "url_settings",
]


COMMENT_ACCESS = ("full", "anonymous", "none")
"""What a platform's API gives of the comments on a creator's posts: ``full`` (texts with their
authors), ``anonymous`` (texts without authors: whether the creator answered is unknown) or
``none`` (no comments at all: no comment signal can be measured)."""


class UnknownPlatformError(CreatorscoutError, LookupError):
    """No spider exists for the platform key."""


class MissingCredentialError(CreatorscoutError, ValueError):
    """A credential the platform needs is not in the environment."""


@dataclass(frozen=True)
class UrlSetting:
    """A base-URL setting: its name, older names still read, default, and what it points at."""

    name: str
    default: str
    help: str
    aliases: tuple[str, ...] = ()
    sandbox_path: str = ""  # where the sandbox server serves it, below its root URL


@dataclass(frozen=True)
class Credential:
    """An environment variable holding a secret the platform's API needs."""

    env: str
    help: str  # what it is and where to get it, one sentence
    required: bool = True
    sandbox_value: str = ""  # what the sandbox server accepts
    search_only: bool = False  # needed to discover by hashtag only (listed creators are crawled without it)


@dataclass(frozen=True)
class Option:
    """A ``creatorscout crawl PLATFORM`` option of one platform; it sets one Scrapy setting.

    The spider accepts the same value as the argument ``name`` (``scrapy crawl -a name=...``).
    """

    name: str  # python name, e.g. "instance"; the flag is --instance
    setting: str
    help: str
    type: type = str
    default: Any = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Ledger:
    """A further daily ledger beside a budget's main one (TikTok's records beside its requests)."""

    name: str  # kept in the store's quota_ledger as "<platform>_<name>"
    setting: str
    default: int
    cost: str  # "module:function" scrapy Request -> units (the body may tell, e.g. max_count)


@dataclass(frozen=True)
class Budget:
    """How the platform rations requests, and the middlewares that keep to it."""

    summary: str
    middlewares: Mapping[str, int] = field(default_factory=dict)
    quota_setting: str | None = None  # a daily ledger budget (units), when the platform has one
    quota_default: int | None = None
    quota_cost: str | None = None  # "module:function" url -> units
    quota_day: str | None = None  # "module:function" () -> the day the quota belongs to
    separate_paths: tuple[str, ...] = ()  # endpoints (path endings) with a rate-limit budget of their own
    ledgers: tuple[Ledger, ...] = ()  # further daily ledgers, same day and key as the main one


@dataclass(frozen=True)
class Platform:
    """Everything the project needs to know to crawl one platform."""

    key: str
    title: str
    api: str  # one line: which official API, with or without login
    urls: tuple[UrlSetting, ...]
    credentials: tuple[Credential, ...] = ()
    options: tuple[Option, ...] = ()
    budget: Budget = field(default_factory=lambda: Budget("rate-limit headers"))
    parser: str = ""
    sandbox: str = ""
    example: str = ""  # a `creatorscout crawl` example line
    seed_lists: bool = False  # its spider crawls listed creators (--handle, --handles-file)
    bands_note: str = ""  # where its engagement-rate bands come from
    comments: str = "full"  # what its API gives of comments: one of COMMENT_ACCESS
    comments_note: str = ""  # when not "full": why, in the words vetting and reports use

    @property
    def spider(self) -> str:
        """The spider's name (``SPIDER_MODULES`` makes it loadable by Scrapy's SpiderLoader)."""
        return self.key

    @property
    def base_url_setting(self) -> str:
        return self.urls[0].name

    def url(self, settings: Any, name: str | None = None) -> str:
        """A base URL from ``settings`` (Scrapy ``Settings`` or a plain mapping), else its default.

        Among the setting and its aliases the value set with the highest priority wins (on a tie,
        the current name); empty counts as unset.
        """
        declared = next((u for u in self.urls if u.name == (name or self.base_url_setting)), None)
        if declared is None:
            raise KeyError(f"{self.key} has no URL setting {name!r}")
        best_priority: int | None = None
        best_value = declared.default
        for candidate in (declared.name, *declared.aliases):
            value = settings.get(candidate) if settings is not None else None
            if not value:
                continue
            priority = (settings.getpriority(candidate) or 0) if hasattr(settings, "getpriority") else 0
            if best_priority is None or priority > best_priority:  # a tie keeps the current name
                best_priority, best_value = priority, str(value)
        return best_value.rstrip("/")

    def read_credentials(self, environ: Mapping[str, str] | None = None, *, searching: bool = True) -> dict[str, str]:
        """The platform's credentials from the environment; :class:`MissingCredentialError` for a
        required one that is unset (the message says how to get it). Without ``searching`` (a crawl
        of listed creators only) the credentials only search needs are optional."""
        environ = os.environ if environ is None else environ
        found: dict[str, str] = {}
        for credential in self.credentials:
            value = (environ.get(credential.env) or "").strip()
            if value:
                found[credential.env] = value
            elif credential.required and (searching or not credential.search_only):
                needed = " (searching by hashtag needs it)" if credential.search_only else ""
                raise MissingCredentialError(f"{credential.env} is not set{needed}: {credential.help}")
        return found

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def sandbox_settings(self, root: str) -> dict[str, str]:
        """Base-URL settings that point this platform at a sandbox server at ``root``."""
        return {u.name: root.rstrip("/") + u.sandbox_path for u in self.urls}

    def sandbox_environment(self) -> dict[str, str]:
        """Credentials the sandbox server accepts, as environment variables."""
        return {c.env: c.sandbox_value for c in self.credentials if c.sandbox_value}

    def sandbox_arguments(self, root: str) -> list[str]:
        """``-s NAME=VALUE`` arguments of ``creatorscout crawl`` that point it at a sandbox at ``root``."""
        return [arg for name, value in self.sandbox_settings(root).items() for arg in ("-s", f"{name}={value}")]


REGISTRY: dict[str, Platform] = {
    "mastodon": Platform(
        key="mastodon",
        title="Mastodon",
        api="public REST API of one instance; no login needed (an access token helps where an instance asks)",
        urls=(UrlSetting("CREATORSCOUT_MASTODON_API_URL", "https://mastodon.social",
                         "the Mastodon instance whose API is crawled",
                         aliases=("CREATORSCOUT_MASTODON_INSTANCE",)),),
        credentials=(Credential("MASTODON_ACCESS_TOKEN", "an access token of an account on the instance, for "
                                "instances that require login for hashtag timelines", required=False),),
        options=(Option("instance", "CREATORSCOUT_MASTODON_API_URL",
                        "Mastodon instance URL (default https://mastodon.social)."),),
        budget=Budget("X-RateLimit-Limit/Remaining/Reset per instance and IP (300 per 5 minutes by default)"),
        parser="crawler.parsers.mastodon",
        sandbox="crawler.sandbox.mastodon_api",
        seed_lists=True,
        example="creatorscout crawl mastodon --hashtag veganrecipes --hashtag plantbased --max-creators 50",
        bands_note="no published Mastodon bands: percentiles of the store",
    ),
    "youtube": Platform(
        key="youtube",
        title="YouTube",
        api="YouTube Data API v3 with an API key",
        urls=(UrlSetting("CREATORSCOUT_YOUTUBE_API_URL", "https://www.googleapis.com/youtube/v3",
                         "the YouTube Data API v3", sandbox_path="/youtube/v3"),),
        credentials=(Credential("YOUTUBE_API_KEY", "create an API key for the YouTube Data API v3 in the Google "
                                "Cloud console (APIs & Services > Credentials) and export YOUTUBE_API_KEY=...",
                                sandbox_value="sandbox-key"),),
        options=(Option("quota", "CREATORSCOUT_YOUTUBE_QUOTA",
                        "Quota units the API key may spend per day (Pacific time), all crawls together "
                        "(search 100, other calls 1).", type=int, default=10_000),),
        budget=Budget("quota units per API key and Pacific day, kept in the store's ledger (in Redis for a queued "
                      "crawl's workers)",
                      middlewares={"crawler.quota.QuotaMiddleware": 60},
                      quota_setting="CREATORSCOUT_YOUTUBE_QUOTA", quota_default=10_000,
                      quota_cost="crawler.quota:youtube_quota_cost", quota_day="crawler.timeutil:pacific_day"),
        parser="crawler.parsers.youtube",
        sandbox="crawler.sandbox.youtube_api",
        seed_lists=True,
        example="YOUTUBE_API_KEY=... creatorscout crawl youtube --hashtag veganrecipes --quota 2000",
        bands_note="published industry bands per follower tier",
    ),
    "bluesky": Platform(
        key="bluesky",
        title="Bluesky",
        api="AT Protocol: search on the user's PDS with a login (app password), profiles, feeds and threads "
            "from the public AppView",
        urls=(UrlSetting("CREATORSCOUT_BLUESKY_API_URL", "https://public.api.bsky.app",
                         "the AppView that serves profiles, feeds and threads without login",
                         sandbox_path="/bluesky/appview"),
              UrlSetting("CREATORSCOUT_BLUESKY_PDS_URL", "https://bsky.social",
                         "the PDS of the account that logs in (login and search)", sandbox_path="/bluesky/pds")),
        credentials=(Credential("BLUESKY_HANDLE", "the handle (or email) of the Bluesky account that searches, "
                                "e.g. export BLUESKY_HANDLE=you.bsky.social", sandbox_value="scout.bsky.social",
                                search_only=True),
                     Credential("BLUESKY_APP_PASSWORD", "an app password of that account (Settings > Privacy and "
                                "security > App passwords), e.g. export BLUESKY_APP_PASSWORD=xxxx-xxxx-xxxx-xxxx",
                                sandbox_value="sand-box0-app0-pass", search_only=True)),
        budget=Budget("RateLimit-Limit/Remaining/Reset (epoch seconds) and RateLimit-Policy per host: the public "
                      "AppView allows 3,000 requests per 5 minutes per IP, createSession 30 per 5 minutes per account "
                      "(one login per crawl)",
                      separate_paths=("/xrpc/com.atproto.server.createSession",
                                      "/xrpc/com.atproto.server.refreshSession")),
        parser="crawler.parsers.bluesky",
        sandbox="crawler.sandbox.bluesky_api",
        seed_lists=True,
        example="BLUESKY_HANDLE=you.bsky.social BLUESKY_APP_PASSWORD=... creatorscout crawl bluesky "
                "--hashtag veganrecipes --max-creators 50",
        bands_note="no published Bluesky engagement bands exist: percentiles of the store",
    ),
    "instagram": Platform(
        key="instagram",
        title="Instagram",
        api="Meta Graph API (Instagram API with Facebook Login): hashtag search, Business Discovery of "
            "Business/Creator accounts; no comments of other accounts",
        urls=(UrlSetting("CREATORSCOUT_INSTAGRAM_API_URL", "https://graph.facebook.com",
                         "the Meta Graph API (calls go to <url>/<api version>/...)", sandbox_path="/instagram"),),
        credentials=(Credential("INSTAGRAM_USER_ID", "the id (digits) of your own Instagram Business or Creator "
                                "account, from Graph API Explorer (me/accounts?fields=instagram_business_account), "
                                "e.g. export INSTAGRAM_USER_ID=17841400000000000",
                                sandbox_value="17841400000000001"),
                     Credential("META_ACCESS_TOKEN", "a user access token of a Meta app with instagram_basic and "
                                "Instagram Public Content Access (Graph API Explorer or your app's login), e.g. "
                                "export META_ACCESS_TOKEN=EAAG...", sandbox_value="sandbox-meta-token")),
        options=(Option("api_version", "CREATORSCOUT_INSTAGRAM_API_VERSION",
                        "Graph API version every call uses, e.g. v24.0.", default="v24.0"),),
        budget=Budget("X-App-Usage / X-Business-Use-Case-Usage headers in percent (slower above 75 %, a pause of "
                      "estimated_time_to_regain_access at 100 % or on codes 4/17/32/613); 30 unique hashtags per "
                      "account in a rolling 7 days, kept in the store's ledger (in Redis for a queued crawl)",
                      middlewares={"crawler.graph_usage.GraphUsageMiddleware": 570}),
        parser="crawler.parsers.instagram",
        sandbox="crawler.sandbox.instagram_api",
        seed_lists=True,
        example="INSTAGRAM_USER_ID=... META_ACCESS_TOKEN=... creatorscout crawl instagram --hashtag veganrecipes "
                "--max-creators 50",
        bands_note="published industry bands per follower tier",
        comments="none",
        comments_note="comments not available on Instagram through the official API",
    ),
    "tiktok": Platform(
        key="tiktok",
        title="TikTok",
        api="TikTok Research API (approved research clients only) with a client access token",
        urls=(UrlSetting("CREATORSCOUT_TIKTOK_API_URL", "https://open.tiktokapis.com",
                         "the TikTok Research API and its OAuth token endpoint", sandbox_path="/tiktok"),),
        credentials=(Credential("TIKTOK_CLIENT_KEY", "the client key of a TikTok for Developers app approved for "
                                "the Research API (developers.tiktok.com > Manage apps), e.g. export "
                                "TIKTOK_CLIENT_KEY=...", sandbox_value="sandbox-client-key"),
                     Credential("TIKTOK_CLIENT_SECRET", "the client secret of that app (shown beside its client "
                                "key), e.g. export TIKTOK_CLIENT_SECRET=...", sandbox_value="sandbox-client-secret")),
        options=(Option("quota", "CREATORSCOUT_TIKTOK_QUOTA",
                        "Research API requests the client may send per UTC day, all crawls together.",
                        type=int, default=1_000),
                 Option("record_quota", "CREATORSCOUT_TIKTOK_RECORD_QUOTA",
                        "Research API records per UTC day, all crawls together (each request is charged its "
                        "max_count when sent).", type=int, default=100_000),
                 Option("regions", "CREATORSCOUT_TIKTOK_REGIONS",
                        "Discover only videos posted in these regions (comma-separated codes, e.g. DE,AT,CH)."),
                 Option("until", "CREATORSCOUT_TIKTOK_UNTIL",
                        "Last day (UTC, YYYY-MM-DD) of the 30-day windows the video queries cover; default today.")),
        budget=Budget("requests (1,000) and records (100,000) per client and UTC day, kept in the store's ledgers (in "
                      "Redis for a queued crawl's workers); "
                      "429 rate_limit_exceeded waits (Retry-After, else 10 s, growing)",
                      middlewares={"crawler.quota.QuotaMiddleware": 60},
                      quota_setting="CREATORSCOUT_TIKTOK_QUOTA", quota_default=1_000,
                      quota_cost="crawler.quota:tiktok_request_cost", quota_day="crawler.quota:utc_day",
                      ledgers=(Ledger("records", "CREATORSCOUT_TIKTOK_RECORD_QUOTA", 100_000,
                                      "crawler.quota:tiktok_record_cost"),)),
        parser="crawler.parsers.tiktok",
        sandbox="crawler.sandbox.tiktok_api",
        seed_lists=True,
        example="TIKTOK_CLIENT_KEY=... TIKTOK_CLIENT_SECRET=... creatorscout crawl tiktok --hashtag veganrecipes "
                "--max-creators 50",
        bands_note="published industry bands per view and follower tier",
        comments="anonymous",
        comments_note="TikTok's Research API gives comments without their authors: whether the creator answers "
                      "is unknown",
    ),
}
"""Platforms with a spider, in the order they are listed."""


def implemented() -> list[Platform]:
    return list(REGISTRY.values())


def get_platform(key: str) -> Platform:
    """The registered platform for ``key`` (case-insensitive); :class:`UnknownPlatformError` with
    the valid choices otherwise."""
    normalized = (key or "").strip().lower()
    if normalized in REGISTRY:
        return REGISTRY[normalized]
    raise UnknownPlatformError(f"unknown platform {key!r}; choose one of {', '.join(REGISTRY)}")


def comment_access(key: str) -> tuple[str, str]:
    """``(access, note)`` for the comments of ``key``'s creators (see :data:`COMMENT_ACCESS`);
    ``("full", "")`` for a platform without a registry entry (a store written by another version)."""
    platform = REGISTRY.get((key or "").strip().lower())
    if platform is None:
        return "full", ""
    return platform.comments, platform.comments_note


def url_settings() -> dict[str, str]:
    """Every base-URL setting and alias of every platform, with its value from the environment
    (empty: the platform's default applies). ``crawler.settings`` defines them from this."""
    values: dict[str, str] = {}
    for platform in REGISTRY.values():
        for declared in platform.urls:
            for name in (declared.name, *declared.aliases):
                values[name] = os.environ.get(name, "")
    return values


def sandbox_environment() -> dict[str, str]:
    """The credentials the sandbox server accepts for every platform, as environment variables."""
    return {name: value for p in REGISTRY.values() for name, value in p.sandbox_environment().items()}


def quota_settings() -> dict[str, int]:
    """Every platform's daily quota setting with its default."""
    values = {p.budget.quota_setting: p.budget.quota_default or 0 for p in REGISTRY.values() if p.budget.quota_setting}
    values.update({ledger.setting: ledger.default for p in REGISTRY.values() for ledger in p.budget.ledgers})
    return values
