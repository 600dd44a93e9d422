"""A seeded, generated world of creators, posts and comments for the sandbox platform server.

The world is deterministic: the same arguments give the same creators, posts, comments and
ground truth. Posts are held in memory; comments are generated lazily per post from
``random.Random(f"{seed}:{post_id}")`` so that a 400,000-comment world costs little memory.

This module holds what every platform shares: the entities, id packing, the generation of
creators, posts and comments. What differs per platform (native ids and their lookup, a few
generation traits, ground-truth details, expected requests) lives in one model per platform,
:data:`crawler.sandbox.platforms.MODELS`. Ids encode where they live, so lookups need no index
(see each platform's module). The ground truth is built by :mod:`crawler.sandbox.truth`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from crawler.sandbox import texts
from crawler.tiers import TIERS

__all__ = [
    "BOT_KINDS",
    "COMMENT_LABELS",
    "CONVERSATION_LABELS",
    "DEFAULT_PLATFORMS",
    "KINDS",
    "OPT_OUT_REASONS",
    "PLATFORMS",
    "TIERS",
    "Comment",
    "Creator",
    "Persona",
    "Post",
    "World",
    "generate_world",
]

logger = logging.getLogger(__name__)

PLATFORMS = ("mastodon", "youtube", "bluesky", "instagram", "tiktok")
"""Platforms a world can populate (each has a model in :data:`crawler.sandbox.platforms.MODELS`)."""
DEFAULT_PLATFORMS = ("mastodon", "youtube")
"""What a world populates unless asked: every figure measured before Bluesky joined stays as it was."""
_TIER_RANGES = {
    "emerging": (40, 1_000),
    "nano": (1_000, 10_000),
    "micro": (10_000, 100_000),
    "macro": (100_000, 1_000_000),
    "mega": (1_000_000, 6_000_000),
}
_TIER_WEIGHTS = (0.10, 0.34, 0.38, 0.15, 0.03)
# Engagement rate (interactions per follower per post) by tier.
_ENGAGEMENT = {
    "emerging": (0.04, 0.08),
    "nano": (0.03, 0.06),
    "micro": (0.015, 0.03),
    "macro": (0.008, 0.015),
    "mega": (0.004, 0.009),
}

KINDS = (
    "clean",
    "bot_heavy",
    "engagement_pod",
    "off_niche",
    "hidden_counts",
    "sponsored",
    "replies_to_fans",
    "opt_out",
    "bot_account",
    "growth_spike",
    "llm_praise_bots",
    "gambling_spam",
    "crypto_chain",
    "impersonation_scam",
    "follow_bait",
    "emoji_fans",
    "question_rich",
    "purchase_intent_rich",
    "hostile_section",
    "praise_only",
)
# Kinds that make a creator not ``clean`` (each creator gets at most one of these).
_PROBLEM_KINDS = (
    "bot_heavy",
    "engagement_pod",
    "off_niche",
    "opt_out",
    "bot_account",
    "llm_praise_bots",
    "gambling_spam",
    "crypto_chain",
    "impersonation_scam",
    "follow_bait",
)
# Traits that may sit on top of ``clean`` or a problem kind.
_TRAIT_KINDS = ("hidden_counts", "sponsored", "replies_to_fans", "growth_spike")
# Traits of clean creators only (hard negatives for the vetting).
_CLEAN_TRAIT_KINDS = ("emoji_fans",)
# Share of a planted creator's comments that its bots write: (low, high).
_BOT_SHARES = {
    "bot_heavy": (0.45, 0.65),
    "llm_praise_bots": (0.40, 0.65),
    "gambling_spam": (0.40, 0.65),
    "crypto_chain": (0.30, 0.50),
    "impersonation_scam": (0.20, 0.40),
    "follow_bait": (0.40, 0.65),
}
# The comment role each planted kind's bots take (crypto chains are threads, see _plan_chains).
_BOT_ROLES = {
    "bot_heavy": "bot",
    "llm_praise_bots": "llm",
    "gambling_spam": "gambling",
    "crypto_chain": "crypto",
    "impersonation_scam": "impersonation",
    "follow_bait": "follow_bait",
}
BOT_KINDS = ("spam", "llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait")
"""What wrote a ``bot_like`` comment (``spam``: the mixed collab/f4f/scam/link spam of ``bot_heavy``)."""
_ROLE_BOT_KIND = {
    "bot": "spam",
    "llm": "llm_praise_bots",
    "spray": "llm_praise_bots",
    "gambling": "gambling_spam",
    "crypto": "crypto_chain",
    "impersonation": "impersonation_scam",
    "follow_bait": "follow_bait",
}
# Kinds that live in comments: planted only where a crawl can collect comments (not on Instagram).
_COMMENT_PLATFORMS = tuple(p for p in PLATFORMS if p != "instagram")
_KIND_PLATFORMS = {
    "opt_out": ("mastodon", "bluesky", "tiktok"),
    "bot_account": ("mastodon",),
    "hidden_counts": ("youtube",),
    **dict.fromkeys(
        ("bot_heavy", "llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait",
         "replies_to_fans", "emoji_fans", "hostile_section", "question_rich", "praise_only", "purchase_intent_rich"),
        _COMMENT_PLATFORMS,
    ),
}
# (share of the platform's creators, minimum count when the platform has >= 10 creators)
_KIND_QUOTA = {
    "bot_heavy": (0.07, 2),
    "engagement_pod": (0.07, 2),
    "off_niche": (0.07, 2),
    "opt_out": (0.12, 3),
    "bot_account": (0.08, 3),
    "hidden_counts": (0.12, 3),
    "sponsored": (0.10, 3),
    "replies_to_fans": (0.10, 3),
    "growth_spike": (0.08, 2),
    "llm_praise_bots": (0.06, 2),
    "gambling_spam": (0.06, 2),
    "crypto_chain": (0.06, 2),
    "impersonation_scam": (0.06, 2),
    "follow_bait": (0.06, 2),
    "emoji_fans": (0.10, 3),  # drawn from the platform's clean creators
    "hostile_section": (0.06, 2),  # the conversation kinds: see _assign_conversation_kinds
    "question_rich": (0.06, 2),
    "praise_only": (0.05, 2),
    "purchase_intent_rich": (0.05, 2),
}
# Conversation quality (issue #13). A problem kind (brand safety) and traits of clean creators, one
# per creator, planted on German and English sections only (other languages are not assessed).
# They are drawn after every other kind, from the clean creators without emoji fans, so that the
# other kinds sit on the same creators as before they existed.
_CONVERSATION_PROBLEM_KINDS = ("hostile_section",)
_CONVERSATION_TRAIT_KINDS = ("question_rich", "praise_only", "purchase_intent_rich")  # order breaks ties
_CONVERSATION_TRAIT_SHARE = 0.7  # at most this share of the eligible clean creators get a trait
# Planted share, per creator: (low, high). question_rich: real questions among the genuine comments
# by others; purchase_intent_rich: purchase or trial intent among them; praise_only: praise among
# them; hostile_section: hostile or negative comments (about half each) among all comments.
_CONVERSATION_SHARES = {
    "question_rich": (0.35, 0.55),
    "purchase_intent_rich": (0.25, 0.40),
    "praise_only": (0.85, 0.95),
    "hostile_section": (0.20, 0.35),
}
_ANSWER_RATE = (0.60, 0.90)  # share of a question_rich creator's questions the creator answers
_GENUINE_TOP_SHARE = 0.82  # top-level comments of a clean creator's fans that are not generic (or bot) ones
# At least this share of each platform's creators stays without a problem kind.
_MIN_CLEAN_SHARE = 0.25
# LLM praise networks work in sweeps: once a day a shift of accounts goes through the recent
# posts of the creators it targets within a few hours; the shift on duty answers new posts within
# minutes. Each sweep also sprays a comment on a few posts of creators it does not target.
SWEEP_HOURS = 3
_SWEEP_SHIFT = (2, 4)  # accounts on a sweep's shift
_SWEEP_REACH_DAYS = 7  # a sweep comments on posts up to this old
_SWEEP_DECAY = 0.6  # each later sweep brings a post this share of the previous one's comments
_SPRAY_RATE = 0.04  # chance that a sweep sprays one comment on a post of an untargeted creator
_NICHE_REGULARS = 40  # the first fans of the pool comment on several emoji_fans creators
OPT_OUT_REASONS = ("discoverable_false", "noindex_true", "nobot_in_bio")
"""Consent settings that keep a Mastodon account out of every crawl (ground truth: ``opt_out``;
what is planted, in turn: :data:`crawler.sandbox.platforms.mastodon.CONSENT_PLANTS`)."""
COMMENT_LABELS = ("bot_like", "generic", "genuine")
CONVERSATION_LABELS = ("product_question", "purchase_intent", "hostile", "negative", "praise")
"""What a planted conversation-quality comment is (``Comment.conversation``; None for other comments)."""

ID_BITS = 18
ID_MASK = (1 << ID_BITS) - 1
DAY_MS = 86_400_000
EPOCH_MS = 7 * DAY_MS
HISTORY_DAYS = 120
NOW0_MS = int(datetime(2026, 6, 1, 12, 0, tzinfo=UTC).timestamp() * 1000)
_REMOTE_DOMAINS = ("kitchen.example", "veg.social.example", "pflanzen.example", "chaos.example")
_COUNTRIES = {
    "de": ("DE", "DE", "AT", "CH"),
    "en": ("GB", "US", "IE"),
    "fr": ("FR", "BE"),
    "es": ("ES", "MX"),
    "it": ("IT",),
    "nl": ("NL", "BE"),
}


# -- ids -------------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).rstrip(b"=").decode("ascii").lower()


def _unb32(text: str) -> bytes:
    if text != text.lower():
        raise ValueError("upper-case base32")
    return base64.b32decode(text.upper() + "=" * (-len(text) % 8))


_ENCODINGS = {"base64url": (_b64, _unb64), "base32": (_b32, _unb32)}


def _digest(seed: int, *parts: object) -> bytes:
    return hashlib.blake2b(":".join(map(str, (seed, *parts))).encode(), digest_size=16).digest()


def pack_id(
    seed: int, namespace: str, value: int, *, value_bytes: int = 4, hash_bytes: int = 4, encoding: str = "base64url"
) -> str:
    """An opaque, random-looking url-safe id that still decodes to ``value`` (see :func:`unpack_id`).

    ``encoding``: ``base64url`` (default) or ``base32`` (lower case, as in ``did:plc:`` identifiers).
    """
    raw_value = value.to_bytes(value_bytes, "big")
    head = _digest(seed, namespace, value)[:hash_bytes]
    mask = _digest(seed, namespace, "mask", head.hex())[:value_bytes]
    return _ENCODINGS[encoding][0](head + bytes(a ^ b for a, b in zip(raw_value, mask, strict=True)))


def unpack_id(
    seed: int, namespace: str, text: str, *, value_bytes: int = 4, hash_bytes: int = 4, encoding: str = "base64url"
) -> int | None:
    """The value packed by :func:`pack_id`, or None when ``text`` is not such an id."""
    try:
        raw = _ENCODINGS[encoding][1](text)
    except ValueError:
        return None
    if len(raw) != value_bytes + hash_bytes:
        return None
    head = raw[:hash_bytes]
    mask = _digest(seed, namespace, "mask", head.hex())[:value_bytes]
    value = int.from_bytes(bytes(a ^ b for a, b in zip(raw[hash_bytes:], mask, strict=True)), "big")
    return value if _digest(seed, namespace, value)[:hash_bytes] == head else None


def iso_ms(ms: int) -> str:
    """``2026-05-30T08:15:02.123Z`` (Mastodon style)."""
    dt = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def iso_s(ms: int) -> str:
    """``2026-05-30T08:15:02Z`` (YouTube style)."""
    return datetime.fromtimestamp(ms // 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- entities --------------------------------------------------------------------------------


@dataclass(slots=True)
class Persona:
    """A non-creator account: a brand, a fan, a bot, an engagement-pod member or a scammer.

    ``kind``: ``brand``, ``fan``, ``bot`` (mixed spam), ``pod``, ``llm_bot`` (LLM praise network),
    ``gambling_bot``, ``crypto`` (testimonial ring), ``follow_bait`` or ``impersonator`` (a
    look-alike of one creator).
    """

    index: int
    kind: str
    handle: str
    display_name: str
    language: str
    created_ms: int
    followers_count: int
    following_count: int
    statuses_count: int
    platform_bot: bool = False
    remote_domain: str | None = None
    bio: str = ""
    mastodon_id: str = ""
    channel_id: str = ""

    discoverable = True
    indexable = True
    noindex = False

    def followers_at(self, epoch: int) -> int:
        return self.followers_count


@dataclass(slots=True)
class Creator:
    """A creator on one platform, with planted kinds and per-epoch follower counts."""

    index: int
    platform: str
    handle: str
    display_name: str
    language: str
    tier: str
    followers: list[int]
    following_count: int
    kinds: frozenset[str]
    created_ms: int
    bio: str
    topic: str  # "food" or an off-niche topic
    engagement_rate: float
    remote_domain: str | None = None
    opt_out_reason: str | None = None  # one of OPT_OUT_REASONS: never to be crawled
    indexable: bool = True  # False: crawled and vetted, its posts never shown
    hidden_subscribers: bool = False
    hidden_likes: bool = False
    comments_disabled_share: float = 0.0
    bot_share: float = 0.0  # share of comments written by the planted kind's bots
    bot_role: str | None = None  # their comment role (see _BOT_ROLES)
    country: str | None = None
    audience: tuple[int, int] = (0, 0)  # (first fan index, size)
    pod: tuple[int, ...] = ()
    impersonators: tuple[int, ...] = ()  # account indices of look-alike scam accounts
    brands: tuple[int, ...] = ()  # brand indices into texts.BRANDS
    spike_epoch: int | None = None
    post_seqs: list[int] = field(default_factory=list)
    mastodon_id: str = ""
    channel_id: str = ""
    hostile_bio: bool = False
    conversation_share: float = 0.0  # planted share of its conversation kind (see _CONVERSATION_SHARES)
    answer_rate: float = 0.0  # question_rich: share of the questions the creator answers
    native_id: str = ""  # the id on its own platform (set by the platform's model)

    @property
    def platform_bot(self) -> bool:
        return "bot_account" in self.kinds

    @property
    def discoverable(self) -> bool:
        return self.opt_out_reason != "discoverable_false"

    @property
    def noindex(self) -> bool:
        return self.opt_out_reason == "noindex_true"

    @property
    def on_niche(self) -> bool:
        return self.topic == "food"

    @property
    def creator_id(self) -> str:
        return self.native_id

    def followers_at(self, epoch: int) -> int:
        return self.followers[min(epoch, len(self.followers) - 1)]


@dataclass(slots=True)
class Post:
    """A status (Mastodon), video (YouTube) or post (Bluesky); a reblog or repost has ``reblog_of`` set."""

    seq: int
    platform: str
    post_id: str
    creator: int
    created_ms: int
    epoch: int
    horizon_ms: int  # comments are generated no later than this
    language: str | None
    text: str
    title: str
    subject: str
    topic: str
    hashtags: tuple[str, ...]
    sponsored: bool = False
    brands: tuple[int, ...] = ()
    n_top: int = 0
    n_creator_replies: int = 0
    n_fan_replies: int = 0  # replies by others than the creator, crypto chain replies included
    chains: tuple[int, ...] = ()  # planted crypto testimonial threads: replies per thread
    hidden_extra: int = 0  # planted: metadata counts more comments than the API returns
    comments_disabled: bool = False
    like_count: int = 0
    reblogs_count: int = 0
    view_count: int = 0
    reblog_of: int | None = None
    has_media: bool = False
    hostile: bool = False
    n_questions: int = 0  # question_rich: top-level questions about the post …
    n_answers: int = 0  # … and how many of them the creator answers (counted in n_creator_replies)

    @property
    def n_comments(self) -> int:
        return self.n_top + self.n_creator_replies + self.n_fan_replies

    @property
    def is_repost(self) -> bool:
        return self.reblog_of is not None


@dataclass(slots=True)
class Comment:
    """A comment on a post; ``parent`` is the index of the comment it answers (None: the post)."""

    comment_id: str
    post_seq: int
    index: int
    parent: int | None
    root: int | None  # top-level ancestor (YouTube thread); None for top-level comments
    author: int  # account index
    created_ms: int
    text: str
    language: str
    label: str
    is_creator_reply: bool
    like_count: int
    hostile: bool = False
    top_index: int = 0  # position among top-level comments (YouTube thread ids)
    bot_kind: str | None = None  # one of BOT_KINDS when ``label`` is ``bot_like``
    conversation: str | None = None  # one of CONVERSATION_LABELS for a planted conversation comment


# -- the world -------------------------------------------------------------------------------


class World:
    """Creators, posts and lazily generated comments; advance time with :meth:`advance`."""

    def __init__(
        self,
        seed: int,
        creators: int,
        posts_per_creator: int,
        comments_per_post: int,
        hashtags: Sequence[str],
        platforms: Sequence[str],
    ) -> None:
        unknown = [p for p in platforms if p not in PLATFORMS]
        if unknown or not platforms:
            raise ValueError(f"unknown platform(s) {unknown or platforms!r}: choose from {PLATFORMS}")
        if creators < 1 or posts_per_creator < 1 or comments_per_post < 0:
            raise ValueError("creators and posts_per_creator must be >= 1, comments_per_post >= 0")
        # Deferred: the platform modules build on this module's entities and ids.
        from crawler.sandbox.platforms import MODELS

        self._models = MODELS
        self.seed = seed
        self.params = {
            "seed": seed,
            "creators": creators,
            "posts_per_creator": posts_per_creator,
            "comments_per_post": comments_per_post,
            "hashtags": [h.lstrip("#").lower() for h in hashtags],
            "platforms": list(platforms),
        }
        self.hashtags: list[str] = self.params["hashtags"]
        self.platforms: tuple[str, ...] = tuple(platforms)
        self.comments_per_post = comments_per_post
        self.epoch = 0
        self.creators: list[Creator] = []
        self.posts: list[Post] = []
        self.n_brands = len(texts.BRANDS)
        self.n_fans = max(300, creators * 25)
        self.n_bots = max(60, creators * 3)
        self.n_pod = 0  # set while creating creators
        # Bot networks shared by all creators, after the pods: (persona kind, first offset, size).
        self.n_llm = max(30, creators // 8)
        self._pools: list[tuple[str, int, int]] = []
        self.n_impersonators = 0  # set while creating creators
        self._lookalikes: dict[int, tuple[int, str, str]] = {}  # account -> (creator, handle, display)
        self._sweeps: dict[int, tuple[int, tuple[int, ...]]] = {}
        self._comments = lru_cache(maxsize=4096)(self._generate_comments)
        self._persona = lru_cache(maxsize=65_536)(self._make_persona)
        self.index_cache: dict[str, Any] = {}  # per-epoch indexes (cleared by advance)
        self._build()

    # -- time ---------------------------------------------------------------------------------

    @property
    def now_ms(self) -> int:
        return NOW0_MS + self.epoch * EPOCH_MS

    def advance(self, epochs: int = 1, *, backdated: int = 0, engagement_growth: float = 0.0) -> list[str]:
        """Let time pass: followers grow (spikes for ``growth_spike``), a few new posts appear.

        ``engagement_growth``: the like count of every original post already there grows by that
        share (at least 1), so a crawl that refreshes stored posts has new counts to find.
        ``backdated``: that many creators per platform (those with earlier posts) get one post that
        arrives late, as federation delivers it: visible from now on but dated six hours before their
        newest earlier post. Returns the back-dated posts' ids."""
        before = self.epoch
        for _ in range(epochs):
            self.epoch += 1
            rng = random.Random(f"{self.seed}:epoch:{self.epoch}")
            for creator in self.creators:
                prev = creator.followers[-1]
                factor = 1 + rng.uniform(0.6, 1.5) if creator.spike_epoch == self.epoch else 1 + rng.gauss(0.012, 0.01)
                creator.followers.append(max(1, round(prev * factor)))
            start_ms = self.now_ms - EPOCH_MS
            for creator in self.creators:
                for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
                    created = start_ms + rng.randrange(60_000, EPOCH_MS - 60_000)
                    self._add_post(creator, rng, created, force_tag=False)
            self.index_cache.clear()
        if engagement_growth > 0:
            for post in self.posts:
                if post.epoch <= before and post.reblog_of is None:
                    post.like_count += max(1, round(post.like_count * engagement_growth))
        planted = self._plant_backdated(before, backdated) if backdated > 0 else []
        self.index_cache.clear()
        logger.info("world advanced to epoch %d (%d posts)", self.epoch, len(self.posts))
        return planted

    def _plant_backdated(self, before: int, per_platform: int) -> list[str]:
        """One late post each for ``per_platform`` creators of every platform (see :meth:`advance`)."""
        rng = random.Random(f"{self.seed}:backdated:{self.epoch}")
        planted: list[str] = []
        for platform in self.platforms:
            newest: dict[int, int] = {}
            for post in self.posts:
                if post.platform == platform and post.epoch <= before and post.reblog_of is None:
                    newest[post.creator] = max(newest.get(post.creator, 0), post.created_ms)
            for index in sorted(rng.sample(sorted(newest), k=min(per_platform, len(newest)))):
                post = self._add_post(self.creators[index], rng, newest[index] - 6 * 3600_000, force_tag=False)
                planted.append(post.post_id)
        return planted

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        p = self.params
        rng = random.Random(f"{self.seed}:world")
        n = p["creators"]
        platform_of = [self.platforms[i % len(self.platforms)] for i in range(n)]
        kinds = self._assign_kinds(rng, platform_of)
        pod_next = self.n_fans + self.n_bots
        self._pod_base = pod_next
        for i in range(n):
            crng = random.Random(f"{self.seed}:creator:{i}")
            creator = self._make_creator(i, platform_of[i], kinds[i], crng)
            if "engagement_pod" in creator.kinds:
                size = crng.randint(8, 12)
                creator.pod = tuple(range(pod_next, pod_next + size))
                pod_next += size
            self.creators.append(creator)
        self._assign_conversation_kinds()
        self.n_pod = pod_next - self._pod_base
        start = pod_next
        for kind, size in (
            ("llm_bot", self.n_llm),
            ("gambling_bot", max(20, n // 10)),
            ("crypto", max(30, n // 8)),
            ("follow_bait", max(30, n // 8)),
        ):
            self._pools.append((kind, start, size))
            start += size
        self._add_impersonators(start)
        for creator in self.creators:
            crng = random.Random(f"{self.seed}:posts:{creator.index}")
            times = self._post_times(crng, p["posts_per_creator"])
            off_tagged = set(crng.sample(range(len(times)), k=min(len(times), crng.randint(1, 2))))
            # Comments per creator total exactly posts * comments_per_post, spread unevenly.
            budget = self._split_budget(crng, len(times), self.comments_per_post)
            budget = self._models[creator.platform].comment_budget(self, creator, budget)
            for k, created in enumerate(times):
                self._add_post(
                    creator,
                    crng,
                    created,
                    force_tag=(k == len(times) - 1),
                    off_tagged=k in off_tagged,
                    n_total=budget[k],
                )
        for platform in self.platforms:
            if self._models[platform].reposts:
                self._add_reposts(platform, rng)
        if len(self.posts) > ID_MASK:
            raise ValueError(f"world too large: {len(self.posts)} posts exceed {ID_MASK}")

    def _assign_kinds(self, rng: random.Random, platform_of: list[str]) -> list[set[str]]:
        kinds: list[set[str]] = [set() for _ in platform_of]
        for platform in self.platforms:
            members = [i for i, pl in enumerate(platform_of) if pl == platform]
            count = len(members)
            free = members[:]
            rng.shuffle(free)

            def quota(kind: str, count: int = count) -> int:
                share, minimum = _KIND_QUOTA[kind]
                return max(minimum if count >= 10 else 0, round(share * count))

            for kind in _PROBLEM_KINDS:
                if platform not in _KIND_PLATFORMS.get(kind, PLATFORMS):
                    continue
                for _ in range(quota(kind)):
                    if len(free) <= math.floor(count * _MIN_CLEAN_SHARE):  # keep a share clean
                        break
                    kinds[free.pop()].add(kind)
            for kind in _TRAIT_KINDS:
                if platform not in _KIND_PLATFORMS.get(kind, PLATFORMS):
                    continue
                for i in rng.sample(members, k=min(count, quota(kind))):
                    kinds[i].add(kind)
            clean = sorted(free)
            for kind in _CLEAN_TRAIT_KINDS:
                if platform not in _KIND_PLATFORMS.get(kind, PLATFORMS):
                    continue
                for i in rng.sample(clean, k=min(len(clean), quota(kind))):
                    kinds[i].add(kind)
        for ks in kinds:
            if not ks & set(_PROBLEM_KINDS):
                ks.add("clean")
        return kinds

    def _assign_conversation_kinds(self) -> None:
        """Plant the conversation kinds on German and English clean creators without emoji fans.

        Per platform, ``hostile_section`` first (a problem kind: a quarter of the creators stays
        clean), then the traits, the least planted one first, leaving at least 30 % of the eligible
        creators ordinary.
        """
        given = dict.fromkeys(_CONVERSATION_TRAIT_KINDS, 0)
        for platform in self.platforms:
            members = [c for c in self.creators if c.platform == platform]
            count = len(members)
            rng = random.Random(f"{self.seed}:conversation:{platform}")

            def quota(kind: str, count: int = count) -> int:
                share, minimum = _KIND_QUOTA[kind]
                return max(minimum if count >= 10 else 0, round(share * count))

            clean = sum("clean" in c.kinds for c in members)
            eligible = [
                c for c in members
                if c.kinds <= {"clean", *_TRAIT_KINDS} and c.language in ("de", "en") and c.on_niche
            ]
            rng.shuffle(eligible)
            for kind in _CONVERSATION_PROBLEM_KINDS:
                if platform not in _KIND_PLATFORMS.get(kind, PLATFORMS):
                    continue
                for _ in range(quota(kind)):
                    if not eligible or clean <= math.floor(count * _MIN_CLEAN_SHARE):
                        break
                    creator = eligible.pop()
                    creator.kinds = (creator.kinds - {"clean"}) | {kind}
                    clean -= 1
            slots = math.floor(_CONVERSATION_TRAIT_SHARE * len(eligible))
            wanted = {
                kind: quota(kind) if platform in _KIND_PLATFORMS.get(kind, PLATFORMS) else 0
                for kind in _CONVERSATION_TRAIT_KINDS
            }
            for _ in range(slots):
                # The trait planted least often so far (over all platforms): small worlds get each.
                kinds = [k for k in _CONVERSATION_TRAIT_KINDS if wanted[k]]
                if not kinds:
                    break
                kind = min(kinds, key=lambda k: (given[k], _CONVERSATION_TRAIT_KINDS.index(k)))
                creator = eligible.pop()
                creator.kinds = creator.kinds | {kind}
                wanted[kind] -= 1
                given[kind] += 1
        for creator in self.creators:
            kind = next((k for k in _CONVERSATION_SHARES if k in creator.kinds), None)
            if kind is not None:
                crng = random.Random(f"{self.seed}:conversation:{creator.index}")
                creator.conversation_share = crng.uniform(*_CONVERSATION_SHARES[kind])
                if kind == "question_rich":
                    creator.answer_rate = crng.uniform(*_ANSWER_RATE)

    def _make_creator(self, i: int, platform: str, kinds: set[str], rng: random.Random) -> Creator:
        tier = rng.choices(TIERS, weights=_TIER_WEIGHTS)[0]
        lo, hi = _TIER_RANGES[tier]
        followers = round(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        language = rng.choices(texts.LANGUAGES, weights=texts.LANGUAGE_WEIGHTS)[0]
        topic = rng.choice(texts.OFF_NICHE_TOPICS) if "off_niche" in kinds else "food"
        rate = rng.uniform(*_ENGAGEMENT[tier])
        if "engagement_pod" in kinds:
            rate *= 1.6
        model = self._models[platform]
        opt_out = None
        indexable = True
        if "opt_out" in kinds:
            opt_out, indexable = model.plant_opt_out(self, kinds)
        hostile_bio = i % 13 == 5
        hostile = texts.HOSTILE_TEXTS[(i // 13) % len(texts.HOSTILE_TEXTS)] if hostile_bio else None
        bio = texts.bio(
            rng,
            language,
            topic=topic,
            hashtags=self.hashtags if topic == "food" else [],
            nobot=opt_out == "nobot_in_bio",
            hostile=hostile,
        )
        created_ms = NOW0_MS - rng.randrange(200, 3000) * DAY_MS - rng.randrange(DAY_MS)
        creator = Creator(
            index=i,
            platform=platform,
            handle=texts.handle(rng, topic) + ("" if i % 7 else f"_{i}"),
            display_name=texts.display_name(rng, language),
            language=language,
            tier=tier,
            followers=[followers],
            following_count=rng.randint(20, 900),
            kinds=frozenset(kinds),
            created_ms=created_ms,
            bio=bio,
            topic=topic,
            engagement_rate=rate,
            opt_out_reason=opt_out,
            indexable=indexable,
            hostile_bio=hostile_bio,
            country=rng.choice(_COUNTRIES[language]) if rng.random() < 0.8 else None,
        )
        creator.handle = (
            f"{creator.handle}{i}"
            if any(c.handle == creator.handle for c in self.creators)
            else (creator.handle)
        )
        if model.federated and rng.random() < 0.15:
            creator.remote_domain = rng.choice(_REMOTE_DOMAINS)
        if "hidden_counts" in kinds:
            creator.hidden_subscribers = rng.random() < 0.6
            creator.hidden_likes = not creator.hidden_subscribers or rng.random() < 0.5
        if model.comments_can_be_disabled and (i % 11 == 4):
            creator.comments_disabled_share = rng.uniform(0.3, 0.6)
        if "bot_heavy" in kinds:
            creator.bot_share = rng.uniform(*_BOT_SHARES["bot_heavy"])
            creator.bot_role = _BOT_ROLES["bot_heavy"]
        if "sponsored" in kinds:
            creator.brands = tuple(rng.sample(range(len(texts.BRANDS)), k=rng.randint(1, 3)))
        if "growth_spike" in kinds:
            creator.spike_epoch = 1
        fan_size = rng.randint(40, 220)
        creator.audience = (rng.randrange(self.n_fans), fan_size)
        self._assign_ids(creator)
        creator.native_id = model.account_id(self, creator)
        for kind in [k for k in _PROBLEM_KINDS if k in kinds and k in _BOT_SHARES and k != "bot_heavy"]:
            creator.bot_share = rng.uniform(*_BOT_SHARES[kind])
            creator.bot_role = _BOT_ROLES[kind]
        return creator

    def _add_impersonators(self, start: int) -> None:
        """Give each ``impersonation_scam`` creator 2–4 look-alike accounts from offset ``start`` on."""
        base = len(self.creators) + self.n_brands
        for creator in self.creators:
            if "impersonation_scam" not in creator.kinds:
                continue
            rng = random.Random(f"{self.seed}:lookalikes:{creator.index}")
            handles = texts.lookalike_handles(
                rng, creator.handle, rng.randint(2, 4), dots=self._models[creator.platform].lookalike_dots
            )
            indices = []
            for handle in handles:
                index = base + start + len(self._lookalikes)
                self._lookalikes[index] = (
                    creator.index,
                    handle,
                    texts.lookalike_display_name(rng, creator.display_name),
                )
                indices.append(index)
            creator.impersonators = tuple(indices)
        self.n_impersonators = len(self._lookalikes)

    def _post_times(self, rng: random.Random, count: int) -> list[int]:
        """``count`` timestamps over the last ~120 days, oldest first, with a personal cadence."""
        span = HISTORY_DAYS * DAY_MS
        mean_gap = span / max(count, 1) * rng.uniform(0.55, 0.95)
        hour = rng.randint(7, 20)
        t = NOW0_MS - rng.randrange(2 * 3600_000, 3 * DAY_MS)
        times = []
        for _ in range(count):
            day = t - t % DAY_MS
            ms = day + hour * 3600_000 + rng.randrange(-90, 120) * 60_000 + rng.randrange(60_000)
            while ms > NOW0_MS - 3600_000:
                ms -= DAY_MS
            times.append(ms)
            t -= max(DAY_MS // 3, round(rng.expovariate(1 / mean_gap)))
            if t < NOW0_MS - span:
                t = NOW0_MS - span + rng.randrange(span // 4)
        times.sort()
        # Strictly increasing so that each creator's statuses sort unambiguously.
        for k in range(1, len(times)):
            times[k] = max(times[k], times[k - 1] + 1000)
        return times

    @staticmethod
    def _split_budget(rng: random.Random, count: int, per_post: int) -> list[int]:
        total = count * per_post
        if total == 0:
            return [0] * count
        weights = [rng.lognormvariate(0, 0.8) if rng.random() > 0.08 else 0.0 for _ in range(count)]
        if not any(weights):
            weights[0] = 1.0
        scale = total / sum(weights)
        raw = [w * scale for w in weights]
        shares = [math.floor(x) for x in raw]
        order = sorted(range(count), key=lambda k: raw[k] - shares[k], reverse=True)
        for k in order[: total - sum(shares)]:
            shares[k] += 1
        return shares

    def _add_post(
        self,
        creator: Creator,
        rng: random.Random,
        created_ms: int,
        *,
        force_tag: bool,
        off_tagged: bool = False,
        n_total: int | None = None,
    ) -> Post:
        seq = len(self.posts)
        model = self._models[creator.platform]
        prng = random.Random(f"{self.seed}:post:{seq}")
        topic = creator.topic
        if topic != "food":
            crawled = [prng.choice(self.hashtags)] if off_tagged and self.hashtags else []
            if crawled:
                topic = "food"
        elif self.hashtags and (force_tag or prng.random() < 0.85):
            crawled = prng.sample(self.hashtags, k=prng.randint(1, min(2, len(self.hashtags))))
        else:
            crawled = []
        if force_tag and creator.topic == "food" and not crawled and self.hashtags:
            crawled = [self.hashtags[0]]
        language = creator.language if prng.random() < 0.85 else ("en" if creator.language != "en" else "de")
        sponsored = bool(creator.brands) and prng.random() < 0.35
        brands = (prng.choice(creator.brands),) if sponsored else ()
        hostile = seq % 97 == 11
        hashtags = texts.post_hashtags(prng, topic, crawled)
        if sponsored and prng.random() < 0.5:
            hashtags.append(prng.choice(("ad", "anzeige", "werbung")))
        text, subject = texts.caption(
            prng,
            language,
            topic=topic,
            hashtags=hashtags,
            brand=texts.BRANDS[brands[0]] if brands else None,
            hostile=texts.HOSTILE_TEXTS[(seq // 97) % len(texts.HOSTILE_TEXTS)] if hostile else None,
        )
        text = model.decorate_caption(self, creator, seq, text)
        hashtags = _extract_hashtags(text)
        if n_total is None:
            n_total = max(0, round(self.comments_per_post * prng.lognormvariate(0, 0.6)))
        disabled = model.comments_can_be_disabled and prng.random() < creator.comments_disabled_share
        if disabled:
            n_total = 0
        n_top, n_cr, n_fr = _plan_comments(prng, creator, n_total)
        n_questions = n_answers = 0
        if "question_rich" in creator.kinds:
            n_top, n_cr, n_questions, n_answers = _plan_questions(
                random.Random(f"{self.seed}:questions:{seq}"), creator, n_top, n_cr, n_fr
            )
        chains = _plan_chains(prng, creator.bot_share, n_total, n_top) if creator.bot_role == "crypto" else ()
        n_top, n_fr = n_top - sum(chains), n_fr + sum(chains)
        hidden_extra = prng.randint(1, 3) if (n_total > 0 and prng.random() < model.count_mismatch_rate) else 0
        followers = creator.followers_at(self.epoch)
        eng = followers * creator.engagement_rate * prng.uniform(0.6, 1.4)
        view_count = max(n_total * 40, round(followers * prng.uniform(0.05, 0.4)), prng.randint(30, 400))
        like_count, reblogs = model.engagement(prng, eng, view_count, n_top)
        post = Post(
            seq=seq,
            platform=creator.platform,
            post_id=model.post_id(self, seq, created_ms, creator),
            creator=creator.index,
            created_ms=created_ms,
            epoch=self.epoch,
            horizon_ms=max(self.now_ms, created_ms + 60_000),
            language=language,
            text=text,
            title=texts.video_title(prng, subject, language) if model.has_titles else "",
            subject=subject,
            topic=topic,
            hashtags=tuple(hashtags),
            sponsored=sponsored,
            brands=brands,
            n_top=n_top,
            n_creator_replies=n_cr,
            n_fan_replies=n_fr,
            chains=chains,
            hidden_extra=hidden_extra,
            comments_disabled=disabled,
            like_count=like_count,
            reblogs_count=reblogs,
            view_count=view_count,
            has_media=prng.random() < 0.7,
            hostile=hostile,
            n_questions=n_questions,
            n_answers=n_answers,
        )
        self.posts.append(post)
        creator.post_seqs.append(seq)
        return post

    def _add_reposts(self, platform: str, rng: random.Random) -> None:
        """Creators of ``platform`` repost (reblog) a few on-niche posts of other creators there."""
        model = self._models[platform]
        originals = [p for p in self.posts if p.platform == platform and p.topic == "food"]
        if len(originals) < 2:
            return
        for creator in self.creators:
            if creator.platform != platform:
                continue
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                orig = rng.choice(originals)
                if orig.creator == creator.index:
                    continue
                created = min(orig.created_ms + rng.randrange(3600_000, 5 * DAY_MS), NOW0_MS - 1000)
                created = model.repost_time(self, creator, created)
                seq = len(self.posts)
                self.posts.append(
                    Post(
                        seq=seq,
                        platform=platform,
                        post_id=model.post_id(self, seq, created, creator, repost=True),
                        creator=creator.index,
                        created_ms=created,
                        epoch=0,
                        horizon_ms=created,
                        language=None,
                        text="",
                        title="",
                        subject="",
                        topic=orig.topic,
                        hashtags=(),
                        reblog_of=orig.seq,
                    )
                )
                creator.post_seqs.append(seq)

    # -- personas -----------------------------------------------------------------------------

    @property
    def n_accounts(self) -> int:
        pools = sum(size for _, _, size in self._pools)
        return (
            len(self.creators) + self.n_brands + self.n_fans + self.n_bots + self.n_pod + pools + self.n_impersonators
        )

    def network_account(self, kind: str, k: int) -> int:
        """The account index of member ``k`` of a bot network (``llm_bot``, ``gambling_bot`` …)."""
        for name, start, size in self._pools:
            if name == kind:
                return len(self.creators) + self.n_brands + start + k % size
        raise KeyError(kind)

    def network_size(self, kind: str) -> int:
        return next(size for name, _, size in self._pools if name == kind)

    def _make_persona(self, index: int) -> Persona:
        rng = random.Random(f"{self.seed}:acct:{index}")
        offset = index - len(self.creators)
        if offset >= self.n_brands + self.n_fans + self.n_bots + self.n_pod:
            return self._make_network_persona(index, offset - self.n_brands, rng)
        if offset < self.n_brands:
            name, handle = texts.BRANDS[offset]
            kind, language = "brand", "de"
            display = name
            followers = rng.randint(2_000, 80_000)
        else:
            c = offset - self.n_brands
            kind = "fan" if c < self.n_fans else "bot" if c < self.n_fans + self.n_bots else "pod"
            language = rng.choices(texts.LANGUAGES, weights=texts.LANGUAGE_WEIGHTS)[0]
            handle = f"{texts.fan_handle(rng, kind)}{index % 1000}"
            display = texts.display_name(rng, language) if kind != "bot" else handle.split("_")[0].title()
            followers = rng.randint(0, 400) if kind != "pod" else rng.randint(800, 20_000)
            if kind == "bot":
                followers = rng.choice((rng.randint(0, 30), rng.randint(5_000, 40_000)))
        created_ms = NOW0_MS - rng.randrange(5, 2500) * DAY_MS - rng.randrange(DAY_MS)
        persona = Persona(
            index=index,
            kind=kind,
            handle=handle,
            display_name=display,
            language=language,
            created_ms=created_ms,
            followers_count=followers,
            following_count=rng.randint(0, 7_500) if kind == "bot" else rng.randint(10, 800),
            statuses_count=rng.randint(0, 3_000),
            platform_bot=kind == "bot" and rng.random() < 0.35,
            remote_domain=rng.choice(_REMOTE_DOMAINS) if rng.random() < 0.3 else None,
            bio={
                "brand": "Pflanzliche Lebensmittel. Impressum im Link.",
                "bot": "💰 DM for promo 💰 collabs",
            }.get(kind, ""),
        )
        self._assign_ids(persona)
        return persona

    def _make_network_persona(self, index: int, offset: int, rng: random.Random) -> Persona:
        """An account of a bot network or a look-alike of a creator (``offset`` counts from the fans)."""
        days_old = rng.randrange(10, 400)
        if index in self._lookalikes:
            creator_index, handle, display = self._lookalikes[index]
            kind, language = "impersonator", self.creators[creator_index].language
            bio = rng.choice(("Official backup account 🎁 Giveaway winners: message me on Telegram",
                              "Zweitaccount ✔️ Gewinner bitte auf Telegram melden 🎁", ""))
            followers, following, statuses = rng.randint(0, 60), rng.randint(0, 40), rng.randint(0, 6)
            days_old = rng.randrange(1, 60)
        else:
            kind = next(name for name, start, size in self._pools if start <= offset < start + size)
            handle, display, bio = {
                "llm_bot": texts.llm_bot_profile,
                "gambling_bot": texts.gambling_bot_profile,
                "crypto": texts.crypto_persona_profile,
                "follow_bait": texts.follow_bait_profile,
            }[kind](rng)
            language = rng.choice(("de", "en"))
            if kind == "llm_bot":  # link in the bio, few posts, follows thousands
                followers, following, statuses = rng.randint(3, 250), rng.randint(1_200, 7_500), rng.randint(0, 12)
            elif kind == "gambling_bot":
                followers, following, statuses = rng.randint(0, 80), rng.randint(0, 300), rng.randint(0, 40)
            elif kind == "crypto":
                followers, following, statuses = rng.randint(10, 300), rng.randint(80, 900), rng.randint(0, 30)
                days_old = rng.randrange(30, 1500)
            else:
                followers, following, statuses = (
                    rng.randint(300, 5_000), rng.randint(2_000, 7_500), rng.randint(20, 400)
                )
        created_ms = NOW0_MS - days_old * DAY_MS - rng.randrange(DAY_MS)
        persona = Persona(
            index=index,
            kind=kind,
            handle=handle,
            display_name=display,
            language=language,
            created_ms=created_ms,
            followers_count=followers,
            following_count=following,
            statuses_count=statuses,
            remote_domain=rng.choice(_REMOTE_DOMAINS) if kind != "impersonator" and rng.random() < 0.2 else None,
            bio=bio,
        )
        self._assign_ids(persona)
        return persona

    def _assign_ids(self, acct: Creator | Persona) -> None:
        """The native ids every account carries, whatever platforms the world serves."""
        for model in self._models.values():
            model.assign_ids(self, acct)

    def account(self, index: int) -> Creator | Persona:
        """The creator or persona with this account index; raises ``KeyError`` when unknown."""
        if 0 <= index < len(self.creators):
            return self.creators[index]
        if len(self.creators) <= index < self.n_accounts:
            return self._persona(index)
        raise KeyError(index)

    def brand_account(self, brand: int) -> Persona:
        return self._persona(len(self.creators) + brand)

    def account_by_native_id(self, platform: str, native_id: str) -> Creator | Persona | None:
        """The account with this id on ``platform``, or None (creators of other platforms included)."""
        return self._models[platform].account_by_id(self, native_id)

    def native_account_id(self, index: int, platform: str) -> str:
        """The id of account ``index`` on ``platform``."""
        return self._models[platform].account_id(self, self.account(index))

    # -- posts and comments -------------------------------------------------------------------

    def post_by_id(self, platform: str, post_id: str) -> Post | None:
        """The visible post with this native id, or None."""
        seq = self._models[platform].post_seq(self, post_id)
        if seq is None or seq >= len(self.posts):
            return None
        post = self.posts[seq]
        if post.post_id != post_id or post.platform != platform or post.epoch > self.epoch:
            return None
        return post

    def comments(self, post: Post) -> list[Comment]:
        """Every reachable comment of ``post``, oldest first (generated lazily and cached)."""
        if post.reblog_of is not None or post.n_comments == 0 or not self._models[post.platform].comments_collectable:
            return []
        return self._comments(post.seq)

    def _generate_comments(self, seq: int) -> list[Comment]:
        post = self.posts[seq]
        creator = self.creators[post.creator]
        model = self._models[post.platform]
        rng = random.Random(f"{self.seed}:{post.post_id}")
        n_top = post.n_top
        # Who writes the top-level comments.
        roles: list[str] = []
        if creator.pod:
            present = [m for m in creator.pod if rng.random() < 0.9]
            rng.shuffle(present)
            roles += [f"pod:{m}" for m in present[: max(0, n_top - (1 if n_top > 2 else 0))]]
        n_bots = round(creator.bot_share * post.n_comments) if creator.bot_share else 0
        if creator.bot_role == "crypto":
            roles += ["crypto"] * len(post.chains)
        elif creator.bot_role is not None:
            roles += [creator.bot_role] * min(n_bots, n_top - len(roles))
        roles += ["question"] * post.n_questions  # question_rich
        # LLM praise networks spray a few comments on creators they do not target.
        spray = self._spray_slots(post, rng) if creator.bot_role != "llm" and n_top >= 3 else []
        spray = spray[: max(0, n_top - len(roles) - 1)]
        roles += ["spray"] * len(spray)
        while len(roles) < n_top:
            roll = rng.random()
            roles.append("bot" if roll < 0.03 else "generic" if roll < 0.18 else "genuine")
        rng.shuffle(roles)
        slots = spray + (self._llm_slots(post, roles.count("llm"), rng) if creator.bot_role == "llm" else [])
        fan0, fan_size = creator.audience
        fans = len(self.creators) + self.n_brands
        drafts: list[dict[str, Any]] = []
        for role in roles:
            delay = _delay_ms(rng, role)
            bot_kind = _ROLE_BOT_KIND.get(role)
            chain: tuple[int, tuple[str, str, str, str]] | None = None
            conversation: str | None = None
            if role.startswith("pod:"):
                author = len(self.creators) + self.n_brands + int(role[4:])
                label, lang = "generic", rng.choice(("de", "en", "de", "en", creator.language))
                text = texts.generic_comment(rng, lang)
            elif role == "bot":
                author = len(self.creators) + self.n_brands + self.n_fans + rng.randrange(self.n_bots)
                lang = rng.choices(("de", "en", "es", "fr", "it", "nl"), weights=(4, 4, 1, 1, 1, 1))[0]
                label, text = "bot_like", texts.bot_comment(rng, lang)
            elif bot_kind is not None:
                label, lang = "bot_like", _bot_language(rng, creator.language)
                if role in ("llm", "spray"):
                    author, ms = slots.pop()
                    delay = ms - post.created_ms
                    text = texts.llm_praise_comment(rng, lang)
                elif role == "gambling":
                    author = self.network_account("gambling_bot", rng.randrange(self.network_size("gambling_bot")))
                    text = texts.gambling_comment(rng, lang)
                elif role == "crypto":
                    author = self.network_account("crypto", rng.randrange(self.network_size("crypto")))
                    expert = texts.crypto_expert(rng)
                    chain = (post.chains[sum(1 for d in drafts if d["chain"])], expert)
                    text = texts.crypto_chain_top(rng, lang, expert)
                elif role == "impersonation":
                    author = rng.choice(creator.impersonators)
                    text = texts.giveaway_comment(rng, lang, self.account(author).handle)
                else:
                    author = self.network_account("follow_bait", rng.randrange(self.network_size("follow_bait")))
                    text = texts.follow_bait_comment(rng, lang)
            else:
                # Repeat commenters: a skewed pick from the creator's audience.
                author = fans + (fan0 + int(fan_size * rng.random() ** 2)) % self.n_fans
                lang = (
                    creator.language
                    if rng.random() < 0.7
                    else rng.choices(texts.LANGUAGES, weights=texts.LANGUAGE_WEIGHTS)[0]
                )
                if role == "question":
                    label, lang, conversation = "genuine", _conversation_language(lang, creator), "product_question"
                    text = texts.question_comment(rng, lang, dish=post.subject)
                elif role == "generic":
                    label, text = "generic", texts.generic_comment(rng, lang)
                elif creator.conversation_share and "hostile_section" not in creator.kinds:
                    label, lang, text, conversation = self._conversation_comment(rng, creator, post, lang)
                elif "emoji_fans" in creator.kinds and rng.random() < 0.6:
                    label, lang = "genuine", lang if lang in ("de", "en") else "en"
                    if rng.random() < 0.3:  # regulars of the niche comment on several creators
                        author = fans + rng.randrange(_NICHE_REGULARS)
                    friend = self.account(fans + (fan0 + rng.randrange(fan_size)) % self.n_fans).handle
                    text = texts.emoji_fan_comment(rng, lang, dish=post.subject, friend=friend)
                else:
                    label = "genuine"
                    text = texts.genuine_comment(
                        rng, lang, topic=post.topic, creator_name=creator.display_name, dish=post.subject
                    )
            drafts.append(
                {
                    "parent": None,
                    "author": author,
                    "ms": post.created_ms + delay,
                    "text": text,
                    "lang": lang,
                    "label": label,
                    "creator_reply": False,
                    "bot_kind": bot_kind,
                    "chain": chain,
                    "conversation": conversation,
                }
            )
        # Crypto testimonial threads: other accounts of the ring confirm the top comment.
        ring = self.network_size("crypto")
        for k in [k for k, d in enumerate(drafts) if d["chain"]]:
            top = drafts[k]
            n_replies, expert = top["chain"]
            ms = top["ms"]
            members = [top["author"]]
            for _ in range(n_replies):
                author = top["author"]
                while author in members:
                    author = self.network_account("crypto", rng.randrange(ring))
                members.append(author)
                ms += rng.randrange(3 * 60_000, 5 * 3600_000)
                drafts.append(
                    {
                        "parent": k,
                        "author": author,
                        "ms": ms,
                        "text": texts.crypto_chain_reply(rng, top["lang"], expert),
                        "lang": top["lang"],
                        "label": "bot_like",
                        "creator_reply": False,
                        "bot_kind": "crypto_chain",
                        "chain": None,
                        "conversation": None,
                    }
                )
        # Replies: the creator answers fans (mostly genuine questions), fans answer each other.
        answerable = (
            [k for k, d in enumerate(drafts) if d["label"] == "genuine"]
            or [k for k, d in enumerate(drafts) if d["label"] != "bot_like"]
            or list(range(len(drafts)))
        )
        # question_rich: the creator answers some questions; other replies go to other comments.
        questions = [k for k, d in enumerate(drafts) if d["conversation"] == "product_question"]
        answered = rng.sample(questions, min(post.n_answers, len(questions))) if questions else []
        if questions:
            answerable = (
                [k for k in answerable if k not in questions]
                or [k for k, d in enumerate(drafts) if d["label"] != "bot_like" and k not in questions]
                or [k for k in questions if k not in answered]
                or answerable
            )
        for r in range(post.n_creator_replies + post.n_fan_replies - sum(post.chains)):
            by_creator = r < post.n_creator_replies
            label, conversation = "genuine", None
            if by_creator and r < len(answered):
                parent = answered[r]
                author, lang = creator.index, drafts[parent]["lang"]
                text = texts.answer_reply(rng, lang)
            elif by_creator:
                r_other = r - len(answered)
                parent = (
                    answerable[r_other % len(answerable)] if r_other < len(answerable) else rng.choice(answerable)
                )
                author, lang = creator.index, drafts[parent]["lang"]
                text = texts.creator_reply(rng, lang if lang in ("de", "en") else creator.language)
            else:
                parent = rng.randrange(len(drafts))
                author = len(self.creators) + self.n_brands + (fan0 + rng.randrange(fan_size)) % self.n_fans
                lang = drafts[parent]["lang"]
                if creator.conversation_share and "hostile_section" not in creator.kinds:
                    label, lang, text, conversation = self._conversation_comment(rng, creator, post, lang)
                else:
                    text = texts.genuine_comment(
                        rng, lang, topic=post.topic, creator_name=creator.display_name, dish=post.subject
                    )
            if by_creator and r < len(answered):
                ms = drafts[parent]["ms"] + _answer_delay_ms(rng)
            else:
                ms = drafts[parent]["ms"] + rng.randrange(5 * 60_000, DAY_MS)
            drafts.append(
                {
                    "parent": parent,
                    "author": author,
                    "ms": ms,
                    "text": text,
                    "lang": lang,
                    "label": label,
                    "creator_reply": by_creator,
                    "bot_kind": None,
                    "chain": None,
                    "conversation": conversation,
                }
            )
        if "hostile_section" in creator.kinds:
            self._plant_hostility(rng, creator, post, drafts)
        for d in drafts:
            d["ms"] = min(d["ms"], post.horizon_ms)
        order = sorted(range(len(drafts)), key=lambda k: (drafts[k]["ms"], k))
        position = {k: pos for pos, k in enumerate(order)}
        comments: list[Comment] = []
        last_ms = post.created_ms
        top_count = 0
        for pos, k in enumerate(order):
            d = drafts[k]
            ms = max(d["ms"], last_ms + 1)
            last_ms = ms
            parent = position[d["parent"]] if d["parent"] is not None else None
            root = None
            if parent is not None:
                root = comments[parent].root if comments[parent].root is not None else parent
            hostile = seq % 7 == 3 and pos == 1 and d["label"] == "genuine"
            text = d["text"]
            if hostile:
                text = f"{texts.HOSTILE_TEXTS[(seq // 7) % len(texts.HOSTILE_TEXTS)]} {text}"
            cid = model.comment_id(self, post, ms, pos, parent, root, top_count, comments, d["author"])
            likes = int(rng.paretovariate(1.6)) - 1 if d["label"] != "bot_like" else rng.randint(0, 2)
            comments.append(
                Comment(
                    comment_id=cid,
                    post_seq=seq,
                    index=pos,
                    parent=parent,
                    root=root,
                    author=d["author"],
                    created_ms=ms,
                    text=text,
                    language=d["lang"],
                    label=d["label"],
                    is_creator_reply=d["creator_reply"],
                    like_count=min(likes, 5000),
                    hostile=hostile,
                    top_index=top_count if parent is None else 0,
                    bot_kind=d["bot_kind"],
                    conversation=d["conversation"],
                )
            )
            if parent is None:
                top_count += 1
        return comments

    def _conversation_comment(
        self, rng: random.Random, creator: Creator, post: Post, lang: str
    ) -> tuple[str, str, str, str | None]:
        """``(label, language, text, conversation)`` of a fan's comment under a conversation-trait creator.

        question_rich: no question besides the planted ones (so their share is what was planted);
        purchase_intent_rich: purchase or trial intent at the creator's share, else as any fan;
        praise_only: praise at the creator's share, else a comment without a question.
        """
        share = creator.conversation_share
        if "purchase_intent_rich" in creator.kinds and rng.random() < share:
            lang = _conversation_language(lang, creator)
            return "genuine", lang, texts.purchase_intent_comment(rng, lang, dish=post.subject), "purchase_intent"
        if "praise_only" in creator.kinds and rng.random() < share:
            lang = _conversation_language(lang, creator)
            return "generic", lang, texts.praise_comment(rng, lang), "praise"
        text = texts.genuine_comment(
            rng,
            lang,
            topic=post.topic,
            creator_name=creator.display_name,
            dish=post.subject,
            questions="purchase_intent_rich" in creator.kinds,
        )
        return "genuine", lang, text, None

    def _plant_hostility(self, rng: random.Random, creator: Creator, post: Post, drafts: list[dict[str, Any]]) -> None:
        """hostile_section: turn ``creator.conversation_share`` of the post's comments into hostile or
        negative ones (about half each) by the same fans; a hostile reply harasses the commenter it answers.

        Bot comments, the creator's replies and the comments the creator answered stay as they are.
        """
        answered = {d["parent"] for d in drafts if d["creator_reply"]}
        eligible = [
            k for k, d in enumerate(drafts) if not d["creator_reply"] and d["label"] != "bot_like" and k not in answered
        ]
        n = min(len(eligible), _stochastic_round(rng, creator.conversation_share * len(drafts)))
        for k in sorted(rng.sample(eligible, n)):
            d = drafts[k]
            lang = _conversation_language(d["lang"], creator)
            if rng.random() < 0.5:
                parent = d["parent"]
                target = None
                if parent is not None and drafts[parent]["author"] != creator.index:
                    target = self.account(drafts[parent]["author"]).handle
                # Some platforms put the mention of the account answered before every reply themselves.
                mention = self._models[post.platform].reply_mentions_in_text
                text = texts.hostile_comment(rng, lang, target=target, mention=mention)
                conversation = "hostile"
            else:
                text, conversation = texts.negative_comment(rng, lang, dish=post.subject), "negative"
            d.update(text=text, lang=lang, label="genuine", conversation=conversation)

    def _sweep(self, day: int) -> tuple[int, tuple[int, ...]]:
        """``(start ms, members on shift)`` of the LLM praise network's sweep on ``day`` (days since 1970)."""
        sweep = self._sweeps.get(day)
        if sweep is None:
            rng = random.Random(f"{self.seed}:sweep:{day}")
            start = day * DAY_MS + rng.randrange(5 * 3600_000, 22 * 3600_000)
            shift = tuple(rng.sample(range(self.n_llm), k=min(self.n_llm, rng.randint(*_SWEEP_SHIFT))))
            sweep = self._sweeps[day] = (start, shift)
        return sweep

    def _sweeps_after(self, post: Post) -> Iterator[tuple[int, tuple[int, ...]]]:
        """The sweeps that reach ``post``: starting after it, within reach, over before its horizon."""
        day = post.created_ms // DAY_MS
        for d in range(day, day + _SWEEP_REACH_DAYS + 1):
            start, shift = self._sweep(d)
            if not post.created_ms + 15 * 60_000 <= start <= post.created_ms + _SWEEP_REACH_DAYS * DAY_MS:
                continue
            if start + SWEEP_HOURS * 3600_000 > post.horizon_ms:
                break
            yield start, shift

    def _llm_slots(self, post: Post, n: int, rng: random.Random) -> list[tuple[int, int]]:
        """``(author, ms)`` of ``n`` LLM praise comments on a targeted post.

        Up to three accounts on the day's shift answer within minutes; the rest come with the
        sweeps that follow, each account of a sweep within ``SWEEP_HOURS`` of its start (so the
        same accounts hit other creators' posts within hours). Posts too new for a sweep get
        stragglers within six hours.
        """
        _, on_duty = self._sweep(post.created_ms // DAY_MS)
        first = rng.sample(on_duty, k=min(n, len(on_duty), rng.choice((0, 1, 1, 2, 2, 3))))
        members = [(m, post.created_ms + rng.randrange(30_000, 8 * 60_000)) for m in first]
        sweeps = list(self._sweeps_after(post))
        counts = [0] * len(sweeps)
        weights = [_SWEEP_DECAY**i for i in range(len(sweeps))]
        for _ in range(n - len(members)):
            open_ = [i for i, (_, shift) in enumerate(sweeps) if counts[i] < len(shift)]
            if not open_:
                break
            counts[rng.choices(open_, weights=[weights[i] for i in open_])[0]] += 1
        for (start, shift), count in zip(sweeps, counts, strict=True):
            members += [(m, start + rng.randrange(SWEEP_HOURS * 3600_000)) for m in rng.sample(shift, k=count)]
        while len(members) < n:
            members.append((rng.randrange(self.n_llm), post.created_ms + rng.randrange(10 * 60_000, 6 * 3600_000)))
        return [(self.network_account("llm_bot", m), ms) for m, ms in members]

    def _spray_slots(self, post: Post, rng: random.Random) -> list[tuple[int, int]]:
        """``(author, ms)`` of the LLM praise comments sweeps leave on an untargeted post (mostly none)."""
        return [
            (self.network_account("llm_bot", rng.choice(shift)), start + rng.randrange(SWEEP_HOURS * 3600_000))
            for start, shift in self._sweeps_after(post)
            if rng.random() < _SPRAY_RATE
        ]

    # -- indexes ------------------------------------------------------------------------------

    def visible_posts(self, platform: str | None = None) -> list[Post]:
        key = f"visible:{platform}"
        if key not in self.index_cache:
            self.index_cache[key] = [
                p
                for p in self.posts
                if p.epoch <= self.epoch and (platform is None or p.platform == platform)
            ]
        return self.index_cache[key]

    def tagged_posts(self, platform: str, tag: str) -> list[Post]:
        """Original posts carrying ``tag``, newest first (Mastodon tag timeline, YouTube and Bluesky search)."""
        key = f"tag:{platform}:{tag.lower()}"
        if key not in self.index_cache:
            hits = [
                p for p in self.visible_posts(platform) if p.reblog_of is None and tag.lower() in p.hashtags
            ]
            hits.sort(key=lambda p: (p.created_ms, p.seq), reverse=True)
            self.index_cache[key] = hits
        return self.index_cache[key]

    def creator_posts(self, creator: Creator) -> list[Post]:
        """The creator's visible posts and reblogs, newest first."""
        posts = [self.posts[s] for s in creator.post_seqs if self.posts[s].epoch <= self.epoch]
        posts.sort(key=lambda p: (p.created_ms, p.seq), reverse=True)
        return posts

    def comment_counts(self, post: Post) -> tuple[int, int]:
        """``(direct replies, all comments)`` as the platform's metadata reports them."""
        return post.n_top + post.hidden_extra, post.n_comments + post.hidden_extra

    # -- ground truth (built by crawler.sandbox.truth) ----------------------------------------

    def ground_truth(
        self,
        *,
        include_comments: bool = True,
        comment_sink: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Everything a crawl should find, JSON-serialisable (see :func:`crawler.sandbox.truth.ground_truth`)."""
        from crawler.sandbox import truth

        return truth.ground_truth(self, include_comments=include_comments, comment_sink=comment_sink)

    def iter_records(self) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """``(post record, its comment records)`` for every visible post; comments generated once."""
        from crawler.sandbox import truth

        return truth.iter_records(self)

    def iter_comment_records(self) -> Iterator[dict[str, Any]]:
        """Ground-truth comment records, generated post by post (constant memory)."""
        from crawler.sandbox import truth

        return truth.iter_comment_records(self)

    def kind_counts(self) -> dict[str, int]:
        from crawler.sandbox import truth

        return truth.kind_counts(self)

    def expected_min_requests(
        self, platform: str, hashtags: Sequence[str] | None = None, **limits: Any
    ) -> dict[str, Any]:
        """The fewest requests a correct crawl of ``hashtags`` needs, by endpoint (see
        :func:`crawler.sandbox.truth.expected_min_requests`)."""
        from crawler.sandbox import truth

        return truth.expected_min_requests(self, platform, hashtags, **limits)


# -- helpers ---------------------------------------------------------------------------------


def _extract_hashtags(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in text.replace("\n", " ").split(" "):
        if word.startswith("#") and len(word) > 1:
            tag = word[1:].rstrip(".,!?:;)").lower()
            if tag and all(ch.isalnum() or ch == "_" for ch in tag):
                seen.setdefault(tag, None)
    return list(seen)


def _plan_comments(rng: random.Random, creator: Creator, n_total: int) -> tuple[int, int, int]:
    """Split a post's comments into (top-level, creator replies, fan replies)."""
    if n_total <= 1:
        return n_total, 0, 0
    cr_share = (
        rng.uniform(0.3, 0.45) if "replies_to_fans" in creator.kinds else (0.04 if rng.random() < 0.3 else 0)
    )
    n_cr = round(n_total * cr_share)
    n_fr = round(n_total * rng.uniform(0.0, 0.12))
    n_top = max(1, n_total - n_cr - n_fr)
    n_fr = max(0, n_total - n_top - n_cr)
    return n_top, n_cr, n_fr


def _stochastic_round(rng: random.Random, x: float) -> int:
    """``x`` rounded down or up at random, so that the expected value is ``x``."""
    whole = math.floor(x)
    return whole + (rng.random() < x - whole)


def _plan_questions(
    rng: random.Random, creator: Creator, n_top: int, n_cr: int, n_fr: int
) -> tuple[int, int, int, int]:
    """A question_rich post: ``(top-level, creator replies, questions, answers)``.

    Answers move out of the top-level comments into the creator's replies (the post's total stays).
    Questions are ``creator.conversation_share`` of the genuine comments by others (the top-level
    ones that are not generic praise, and the fan replies); the creator answers each with
    probability ``creator.answer_rate``.
    """
    q, a, g = creator.conversation_share, creator.answer_rate, _GENUINE_TOP_SHARE
    c = q / (1 - q * (1 - g))  # questions per genuine comment that is not a question
    top = max(0.0, (n_top - a * c * n_fr) / (1 + a * c * g))
    n_questions = min(n_top, _stochastic_round(rng, c * (g * top + n_fr)))
    n_answers = min(sum(rng.random() < a for _ in range(n_questions)), n_top - n_questions)
    return n_top - n_answers, n_cr + n_answers, n_questions, n_answers


def _answer_delay_ms(rng: random.Random) -> int:
    """How long after a question the creator answers it: minutes to hours."""
    return min(int(rng.lognormvariate(math.log(50 * 60_000), 1.0)), 10 * 3600_000) + rng.randrange(60_000, 4 * 60_000)


def _conversation_language(language: str, creator: Creator) -> str:
    """A planted conversation comment's language: German or English, the section's own."""
    if language in ("de", "en"):
        return language
    return creator.language if creator.language in ("de", "en") else "en"


def _plan_chains(rng: random.Random, share: float, n_total: int, n_top: int) -> tuple[int, ...]:
    """Crypto testimonial threads for a post: replies per thread (2–4), about ``share`` of its comments.

    The replies come out of the post's top-level comments; at least one other top-level comment stays.
    """
    budget = round(share * n_total)
    chains: list[int] = []
    while budget >= 3:
        replies = min(rng.randint(2, 4), budget - 1)
        if n_top - sum(chains) - replies < len(chains) + 2:
            break
        chains.append(replies)
        budget -= 1 + replies
    return tuple(chains)


def _bot_language(rng: random.Random, creator_language: str) -> str:
    """German or English: mostly the creator's own when it is one of them."""
    if creator_language in ("de", "en") and rng.random() < 0.75:
        return creator_language
    return rng.choice(("de", "en"))


def _delay_ms(rng: random.Random, role: str) -> int:
    """How long after the post a top-level comment of ``role`` comes (LLM bots: see ``_llm_slots``)."""
    if role in ("llm", "spray"):
        return 0
    if role.startswith("pod:"):
        return rng.randrange(60_000, 15 * 60_000)
    if role in ("bot", "follow_bait"):
        return rng.randrange(20_000, 90 * 60_000)
    if role == "gambling":
        return rng.randrange(60_000, 4 * 3600_000)
    if role == "impersonation":
        return rng.randrange(5 * 60_000, 12 * 3600_000)
    if role == "crypto":
        return rng.randrange(20 * 60_000, DAY_MS)
    return min(int(rng.lognormvariate(math.log(4 * 3600_000), 1.3)), 6 * DAY_MS) + rng.randrange(1000)


def generate_world(
    seed: int = 7,
    creators: int = 60,
    posts_per_creator: int = 12,
    comments_per_post: int = 15,
    hashtags: Sequence[str] = ("veganrecipes", "plantbased"),
    platforms: Sequence[str] = DEFAULT_PLATFORMS,
) -> World:
    """Build the world for ``seed``; creators alternate between ``platforms`` (any of :data:`PLATFORMS`)."""
    return World(seed, creators, posts_per_creator, comments_per_post, hashtags, platforms)


def __getattr__(name: str) -> Any:
    """The ground-truth writer moved to :mod:`crawler.sandbox.truth`; its old names still import from here."""
    if name in ("write_ground_truth", "INLINE_COMMENTS_LIMIT"):
        from crawler.sandbox import truth

        return getattr(truth, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
