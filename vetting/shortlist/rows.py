"""Building the shortlist: rank the latest vetting score of every creator that passes the filters.

:func:`build_shortlist` returns one :class:`ShortlistRow` per creator in the shared order of
:mod:`vetting.verdicts` (verdict first, then score); :func:`evidence_rows` collects the example
comments behind each triggered signal. A creator whose account asks not to be indexed
(:func:`vetting.consent.posts_hidden`) gets no post URL anywhere: its Evidence rows say
:data:`vetting.consent.POSTS_HIDDEN_SHORT` instead, and its ``reasons`` cell ends with
:data:`vetting.consent.POSTS_HIDDEN_NOTE`. Nothing here knows a file format: the writers
(:mod:`vetting.shortlist.xlsx`, :mod:`vetting.shortlist.csvfile`) and the cell rules
(:mod:`vetting.shortlist.cells`) do.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from crawler.errors import CreatorscoutError
from crawler.storage import Store
from vetting import consent, costs
from vetting.evidence import reason_texts
from vetting.runs import describe_run, runs_behind
from vetting.shortlist.cells import finite_number, local_source, sandbox_link
from vetting.verdicts import TIERS, VERDICTS, rank_key

logger = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "CONVERSATION_COLUMNS",
    "EVIDENCE_COLUMNS",
    "STATUSES",
    "WORKFLOW_COLUMNS",
    "NicheMismatchError",
    "NotVettedError",
    "ShortlistFilters",
    "ShortlistRow",
    "build_shortlist",
    "comments_by_id",
    "evidence_rows",
    "finite_number",
    "json_column",
    "reasons_text",
]

STATUSES = ("new", "shortlisted", "contacted", "negotiating", "booked", "rejected")
"""Outreach statuses (the XLSX status dropdown; the import refuses others)."""

MAIN_COLUMNS = (
    "rank", "platform", "handle", "display_name", "profile_url", "followers_count", "tier",
    "engagement_rate", "engagement_rate_basis", "er_band", "bot_comment_rate", "generic_comment_rate",
    "niche_fit", "niche_terms", "audience_languages", "market_language_rate", "sponsored_rate",
    "recent_brands", "reply_rate", "posts_per_week", "est_cost_per_post", "est_cost_per_engagement",
    "score", "verdict", "reasons", "last_crawled_at", "creator_key",
)
WORKFLOW_COLUMNS = ("status", "owner", "notes", "agreed_fee", "promo_code", "tracking_link")
EXTRA_COLUMNS = (
    "est_cost_low", "est_cost_high", "cost_currency", "er_percentile", "comments_analyzed",
    "bot_comment_rate_low", "bot_comment_rate_high", "market_language", "creator_language", "growth_anomaly",
)
CONVERSATION_COLUMNS = ("question_rate", "product_question_rate", "purchase_intent_rate", "negative_rate",
                        "answered_question_rate")
COLUMNS = MAIN_COLUMNS + WORKFLOW_COLUMNS + EXTRA_COLUMNS + CONVERSATION_COLUMNS
"""Every shortlist column in order: the issue's columns, the workflow columns, the extras, then the
conversation columns (added last, so that the earlier columns keep their places)."""

EVIDENCE_COLUMNS = ("creator_key", "handle", "signal", "signal_summary", "comment_text", "post_url", "flagged_because")


class NotVettedError(CreatorscoutError, LookupError):
    """The store holds no vetting scores yet."""


class NicheMismatchError(CreatorscoutError, ValueError):
    """The requested niche is not the niche the listed creators were last vetted for."""


# -- building the shortlist -------------------------------------------------------------------

@dataclass
class ShortlistFilters:
    """Which creators make the shortlist. Empty tuples and ``None`` mean "no filter".

    ``market_language``: the market's ISO 639-1 language; a creator's ``market_language_rate`` is
    then the share of its analysed audience comments in that language (from
    ``audience_languages``), and creators below ``min_market_language_rate`` (or with no
    analysed comments) are left out.
    """

    platforms: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    min_score: float | None = None
    verdicts: tuple[str, ...] = ()
    min_niche_fit: float | None = None
    max_bot_comment_rate: float | None = None
    market_language: str | None = None
    min_market_language_rate: float | None = 0.25
    limit: int | None = None
    niche: str | None = None
    plan: str | None = None
    """Only the creators that crawls of this plan's runs found (``Store.plan_creators``)."""

    def __post_init__(self) -> None:
        bad = [t for t in self.tiers if t not in TIERS]
        if bad:
            raise ValueError(f"unknown tier {bad[0]!r}: choose from {', '.join(TIERS)}")
        bad = [v for v in self.verdicts if v not in VERDICTS]
        if bad:
            raise ValueError(f"unknown verdict {bad[0]!r}: choose from {', '.join(VERDICTS)}")
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1, got {self.limit}")
        for name in ("min_niche_fit", "max_bot_comment_rate", "min_market_language_rate"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} is a fraction between 0 and 1, got {value}")
        if self.market_language:
            self.market_language = self.market_language.strip().lower()


@dataclass
class ShortlistRow:
    """One shortlist line; field names are the column names (see :data:`COLUMNS`)."""

    rank: int
    platform: str
    handle: str | None
    display_name: str | None
    profile_url: str | None
    followers_count: int | None
    tier: str | None
    engagement_rate: float | None
    engagement_rate_basis: str | None
    er_band: str | None
    bot_comment_rate: float | None
    generic_comment_rate: float | None
    niche_fit: float | None
    niche_terms: str | None
    audience_languages: str | None
    market_language_rate: float | None
    sponsored_rate: float | None
    recent_brands: str | None
    reply_rate: float | None
    posts_per_week: float | None
    est_cost_per_post: float | None
    est_cost_per_engagement: float | None
    score: float | None
    verdict: str | None
    reasons: str | None
    last_crawled_at: str | None
    creator_key: str
    status: str | None = "new"
    owner: str | None = None
    notes: str | None = None
    agreed_fee: str | None = None
    promo_code: str | None = None
    tracking_link: str | None = None
    est_cost_low: float | None = None
    est_cost_high: float | None = None
    cost_currency: str | None = None
    er_percentile: float | None = None
    comments_analyzed: int | None = None
    bot_comment_rate_low: float | None = None
    bot_comment_rate_high: float | None = None
    market_language: str | None = None
    creator_language: str | None = None
    growth_anomaly: str | None = None
    question_rate: float | None = None
    product_question_rate: float | None = None
    purchase_intent_rate: float | None = None
    negative_rate: float | None = None
    answered_question_rate: float | None = None
    # not columns: what the Evidence sheet needs
    creator_id: str = field(default="", repr=False)
    vetting_run_id: int | None = field(default=None, repr=False)
    sandbox: bool = field(default=False, repr=False)  # fetched from a local (sandbox) server: links invented
    evidence: list[dict[str, Any]] = field(default_factory=list, repr=False)
    per_post_urls: dict[str, str] = field(default_factory=dict, repr=False)
    posts_hidden: bool = field(default=False, repr=False)  # the account asks not to be indexed: no post URL

    def values(self) -> list[Any]:
        return [getattr(self, name) for name in COLUMNS]


_FIELD_NAMES = {f.name for f in fields(ShortlistRow)}
if set(COLUMNS) - _FIELD_NAMES:  # pragma: no cover - a programming error caught at import
    raise RuntimeError(f"ShortlistRow lacks columns {sorted(set(COLUMNS) - _FIELD_NAMES)}")


def json_column(value: Any, default: Any) -> Any:
    """A JSON column's value decoded (``default`` when empty or unreadable, logged)."""
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        logger.warning("unreadable JSON in vetting_scores: %.60r", value)
        return default


def _join(values: Any, limit: int = 8) -> str | None:
    if not values:
        return None
    return ", ".join(str(v) for v in list(values)[:limit])


def _languages_text(shares: Mapping[str, float]) -> str | None:
    if not shares:
        return None
    ordered = sorted(shares.items(), key=lambda kv: (-float(kv[1] or 0), kv[0]))
    return ", ".join(f"{lang} {round(float(share) * 100)} %" for lang, share in ordered[:5])


_FLAG_MARK = {"red": "✗", "green": "✓"}


def reasons_text(reasons: Sequence[Mapping[str, Any]]) -> str | None:
    """Reasons as one cell: red flags first (✗), then green (✓), then information (ℹ)."""
    order = {"red": 0, "green": 1}
    items = sorted((r for r in reasons if isinstance(r, Mapping)), key=lambda r: order.get(r.get("flag"), 2))
    parts = [f"{_FLAG_MARK.get(r.get('flag'), 'ℹ')} {r.get('text') or r.get('code') or ''}".strip() for r in items]
    return "; ".join(parts) or None


def _views_for(store: Store, row: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[int | None]:
    """View counts of the posts the ER was computed on (per_post ids, else the newest N posts)."""
    per_post = metrics.get("per_post") or []
    in_metrics = [p.get("view_count") for p in per_post if isinstance(p, Mapping) and "view_count" in p]
    if in_metrics:
        return in_metrics
    definition = metrics.get("er_definition") or {}
    ids = {p.get("post_id") for p in per_post if isinstance(p, Mapping)}
    posts = store.posts_of(row["platform"], row["creator_id"])
    if ids:
        return [p.get("view_count") for p in posts if p["post_id"] in ids]
    originals = [p for p in posts if not p.get("is_reply") and not p.get("is_repost")]
    return [p.get("view_count") for p in originals[: int(definition.get("posts") or 12)]]


def _passes(row: Mapping[str, Any], filters: ShortlistFilters, market_rate: float | None) -> bool:
    if filters.platforms and row["platform"] not in filters.platforms:
        return False
    if filters.tiers and row.get("tier") not in filters.tiers:
        return False
    if filters.verdicts and row.get("verdict") not in filters.verdicts:
        return False
    score = finite_number(row.get("score"))
    if filters.min_score is not None and (score is None or score < filters.min_score):
        return False
    niche_fit = finite_number(row.get("niche_fit"))
    if filters.min_niche_fit is not None and (niche_fit is None or niche_fit < filters.min_niche_fit):
        return False
    bot_rate = finite_number(row.get("bot_comment_rate"))
    if filters.max_bot_comment_rate is not None and bot_rate is not None and bot_rate > filters.max_bot_comment_rate:
        return False
    if filters.market_language and filters.min_market_language_rate is not None:
        return market_rate is not None and market_rate >= filters.min_market_language_rate
    return True


def _check_niche(store: Store, filters: ShortlistFilters, rows: Sequence[Mapping[str, Any]]) -> None:
    """With ``filters.niche``: every listed creator's latest vetting must have scored that niche."""
    if filters.niche is None or not rows:
        return
    wanted = " ".join(filters.niche.lower().split())
    other = [run for run in runs_behind(store, rows) if " ".join((run.niche or "").lower().split()) != wanted]
    if other:
        creators = sum(run.creator_count for run in other)
        platforms = sorted({p for run in other for p in run.creators})
        raise NicheMismatchError(
            f"{creators} of these creators were last vetted for another niche than {filters.niche!r} ("
            + "; ".join(describe_run(run) for run in other)
            + f"): run `creatorscout vet --niche \"{filters.niche}\"` for {', '.join(platforms)} first, "
            "or leave out --niche to list them as vetted"
        )


def build_shortlist(store: Store, filters: ShortlistFilters | None = None, *,
                    cost_table: costs.CostTable | None = None) -> list[ShortlistRow]:
    """Rank the latest vetting score of every creator that passes ``filters``.

    Each creator comes from the last vetting run that vetted it (``ShortlistRow.vetting_run_id``).
    Order: :func:`vetting.verdicts.rank_key` (verdict, then score, niche fit, followers, key).
    Workflow columns are prefilled from ``shortlist_entries`` (``status`` defaults to ``new``).
    Raises :class:`NotVettedError` without vetting scores and :class:`NicheMismatchError` when
    ``filters.niche`` differs from the niche a listed creator was vetted for (shortlisting never
    re-vets).
    """
    filters = filters or ShortlistFilters()
    table = cost_table or costs.load_cost_table()
    latest = store.latest_scores()
    if not latest:
        raise NotVettedError("no vetting scores yet: run `creatorscout vet --niche \"...\"` first")
    scope = {(c["platform"], c["creator_id"]) for c in store.plan_creators(filters.plan)} if filters.plan else None
    candidates = []
    for row in latest:
        if scope is not None and (row["platform"], row["creator_id"]) not in scope:
            continue
        audience = json_column(row.get("audience_languages"), {}) or {}
        if filters.market_language:
            if row.get("market_language") == filters.market_language and row.get("market_language_rate") is not None:
                market_rate = finite_number(row.get("market_language_rate"))
            elif audience:
                market_rate = float(audience.get(filters.market_language) or 0.0)
            else:
                market_rate = None
        else:
            market_rate = finite_number(row.get("market_language_rate"))
        if _passes(row, filters, market_rate):
            candidates.append((row, audience, market_rate))

    _check_niche(store, filters, [row for row, _, _ in candidates])
    candidates.sort(key=lambda item: rank_key(item[0]))
    if filters.limit is not None:
        candidates = candidates[: filters.limit]

    entries = store.shortlist_entries()
    rows = []
    for rank, (row, audience, market_rate) in enumerate(candidates, start=1):
        rows.append(_shortlist_row(store, rank, row, audience, market_rate, filters, table, entries))
    return rows


def _shortlist_row(store: Store, rank: int, row: Mapping[str, Any], audience: Mapping[str, float],
                   market_rate: float | None, filters: ShortlistFilters, table: costs.CostTable,
                   entries: Mapping[tuple[str, str], Mapping[str, Any]]) -> ShortlistRow:
    metrics = json_column(row.get("metrics"), {}) or {}
    if not isinstance(metrics, dict):
        metrics = {}
    definition = metrics.get("er_definition") or {}
    denominator = definition.get("denominator") or "followers"
    cost_range = table.estimate(row["platform"], row.get("tier"))
    cost = costs.point_estimate(cost_range)
    engagements = None
    if cost is not None:
        views = _views_for(store, row, metrics) if denominator == "views" else ()
        engagements = costs.engagements_per_post(
            finite_number(row.get("engagement_rate")), row.get("followers_count"),
            denominator=denominator, view_counts=views,
        )
    reasons = json_column(row.get("reasons"), []) or []
    evidence = json_column(row.get("evidence"), []) or []
    entry = entries.get((row["platform"], row["creator_id"]), {})
    sandbox = local_source(row.get("source_url"))
    posts_hidden = consent.posts_hidden(row)
    per_post_urls = {} if posts_hidden else {
        str(p.get("post_id")): sandbox_link(p["url"]) if sandbox else p["url"]
        for p in metrics.get("per_post") or []
        if isinstance(p, Mapping) and p.get("url")
    }
    reasons = reasons if isinstance(reasons, list) else []
    if posts_hidden:
        reasons = [*reasons, {"flag": "info", "code": "posts_hidden", "text": consent.POSTS_HIDDEN_NOTE}]
    return ShortlistRow(
        rank=rank,
        platform=row["platform"],
        handle=row.get("handle"),
        display_name=row.get("display_name"),
        profile_url=sandbox_link(row.get("profile_url")) if sandbox else row.get("profile_url"),
        followers_count=row.get("followers_count"),
        tier=row.get("tier"),
        engagement_rate=finite_number(row.get("engagement_rate")),
        engagement_rate_basis=row.get("engagement_rate_basis"),
        er_band=row.get("er_band"),
        bot_comment_rate=finite_number(row.get("bot_comment_rate")),
        generic_comment_rate=finite_number(row.get("generic_comment_rate")),
        niche_fit=finite_number(row.get("niche_fit")),
        niche_terms=_join(json_column(row.get("niche_terms"), [])),
        audience_languages=_languages_text(audience),
        market_language_rate=market_rate,
        sponsored_rate=finite_number(row.get("sponsored_rate")),
        recent_brands=_join(json_column(row.get("recent_brands"), [])),
        reply_rate=finite_number(row.get("reply_rate")),
        posts_per_week=finite_number(row.get("posts_per_week")),
        est_cost_per_post=cost,
        est_cost_per_engagement=costs.cost_per_engagement(cost, engagements),
        score=finite_number(row.get("score")),
        verdict=row.get("verdict"),
        reasons=reasons_text(reasons),
        last_crawled_at=row.get("last_seen_at"),
        creator_key=f"{row['platform']}:{row['creator_id']}",
        status=entry.get("status") or "new",
        owner=entry.get("owner"),
        notes=entry.get("notes"),
        agreed_fee=entry.get("agreed_fee"),
        promo_code=entry.get("promo_code"),
        tracking_link=entry.get("tracking_link"),
        est_cost_low=cost_range[0] if cost_range else None,
        est_cost_high=cost_range[1] if cost_range else None,
        cost_currency=table.currency if cost_range else None,
        er_percentile=finite_number(row.get("er_percentile")),
        comments_analyzed=row.get("comments_analyzed"),
        bot_comment_rate_low=finite_number(row.get("bot_comment_rate_low")),
        bot_comment_rate_high=finite_number(row.get("bot_comment_rate_high")),
        market_language=filters.market_language or row.get("market_language"),
        creator_language=row.get("creator_language"),
        growth_anomaly=row.get("growth_anomaly"),
        **{name: finite_number(row.get(name)) for name in CONVERSATION_COLUMNS},
        creator_id=row["creator_id"],
        vetting_run_id=row.get("vetting_run_id"),
        sandbox=sandbox,
        evidence=[s for s in evidence if isinstance(s, Mapping)] if isinstance(evidence, list) else [],
        per_post_urls=per_post_urls,
        posts_hidden=posts_hidden,
    )


def comments_by_id(store: Store, platform: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Comments of ``platform`` by ``comment_id`` (primary-key lookups; fast on large stores)."""
    return store.comments_by_id(platform, ids)


def evidence_rows(store: Store, rows: Sequence[ShortlistRow], *, per_signal: int = 3) -> list[list[Any]]:
    """Example comments behind each triggered evidence signal: text and post link, never the
    commenter (no post link for a creator whose posts are hidden: :data:`consent.POSTS_HIDDEN_SHORT`).
    Columns: :data:`EVIDENCE_COLUMNS`."""
    out: list[list[Any]] = []
    for row in rows:
        triggered = [s for s in row.evidence if s.get("triggered") and s.get("comment_ids")]
        if not triggered:
            continue
        comments = comments_by_id(store, row.platform, [cid for s in triggered for cid in s["comment_ids"]])
        urls = dict(row.per_post_urls)
        wanted_posts = {str(comments[str(cid)]["post_id"]) for s in triggered for cid in s["comment_ids"]
                        if str(cid) in comments}
        if wanted_posts - set(urls) and not row.posts_hidden:
            urls.update({str(p["post_id"]): sandbox_link(p.get("url")) if row.sandbox else p.get("url")
                         for p in store.posts_of(row.platform, row.creator_id)})
        for signal in triggered:
            shown = 0
            why = signal.get("comment_reasons") if isinstance(signal.get("comment_reasons"), Mapping) else {}
            for cid in signal["comment_ids"]:
                comment = comments.get(str(cid))
                if comment is None or not comment.get("text"):
                    continue
                post_url = consent.POSTS_HIDDEN_SHORT if row.posts_hidden else urls.get(str(comment["post_id"]))
                out.append([row.creator_key, row.handle, signal.get("kind"), signal.get("summary"),
                            comment["text"], post_url,
                            "; ".join(reason_texts(why.get(str(cid)) or ()))])
                shown += 1
                if shown >= per_signal:
                    break
    return out
