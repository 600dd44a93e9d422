"""The Methodology sheet: every column and formula, the data's date, and the facts behind them.

No number in it is typed by hand: thresholds, weights, tier limits, the order of verdicts, the
statuses and the display precision are read from where they live (:class:`MethodFacts`): the
latest vetting run's settings first (what the data were computed with), then the bot model's
``metadata.json`` (:func:`vetting.bots.model_info`, which does not load the model), then the
modules that define them (:mod:`crawler.tiers`, :mod:`vetting.engagement`,
:mod:`vetting.scoring`, :mod:`vetting.verdicts`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.storage import Store
from crawler.tiers import TIER_LIMITS, TIERS
from vetting import costs
from vetting.conversation import MIN_ASSESSED, MIN_QUESTIONS
from vetting.runs import RunInfo, describe_runs, runs_behind, settings_of
from vetting.shortlist.cells import FORMULA_TRIGGERS, NUMBER_FORMATS, SANDBOX_MARK, XLSX_MAX_URL
from vetting.shortlist.rows import COLUMNS, STATUSES, WORKFLOW_COLUMNS, ShortlistFilters, ShortlistRow
from vetting.verdicts import VERDICT_ORDER

logger = logging.getLogger(__name__)

__all__ = ["EXPORTED_AT_ITEM", "DataInfo", "MethodFacts", "column_docs", "methodology_rows"]

EXPORTED_AT_ITEM = "Exported at"
"""The Methodology sheet's item whose explanation is the export's timestamp (read by the import)."""


@dataclass(frozen=True)
class DataInfo:
    """Where the data came from and how fresh it is (Methodology sheet, reports).

    ``runs``: the vetting runs the listed creators come from (each creator's latest), newest
    first; ``vetting_run_id``, ``vetted_at``, ``niche``, ``market_language`` and ``settings``
    are the newest of them."""

    vetting_run_id: int | None
    vetted_at: str | None
    niche: str | None
    market_language: str | None
    latest_crawl_at: str | None
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    runs: tuple[RunInfo, ...] = ()
    sandbox_rows: int = 0

    @classmethod
    def of(cls, store: Store, rows: Sequence[ShortlistRow] = ()) -> DataInfo:
        runs = tuple(runs_behind(store, [{"vetting_run_id": r.vetting_run_id, "platform": r.platform}
                                         for r in rows]))
        if runs:
            newest = runs[0]
            run: Mapping[str, Any] = {"id": newest.id, "vetted_at": newest.vetted_at, "niche": newest.niche,
                                      "market_language": newest.market_language, "settings": newest.settings}
        else:
            run = store.latest_vetting_run() or {}
        crawls = [r for r in store.last_crawl_runs(1) if r.get("finished_at") or r.get("started_at")]
        latest = max((r.last_crawled_at for r in rows if r.last_crawled_at), default=None)
        if crawls:
            crawl_at = crawls[0].get("finished_at") or crawls[0].get("started_at")
            latest = max(filter(None, (latest, crawl_at)))
        settings = settings_of(run.get("settings"))
        return cls(run.get("id"), run.get("vetted_at"), run.get("niche"), run.get("market_language"), latest,
                   settings, runs, sum(1 for r in rows if r.sandbox))

    def runs_text(self) -> str:
        """Which vetting runs the listed creators come from (one line)."""
        if self.runs:
            return describe_runs(self.runs)
        if self.vetting_run_id is None:
            return "no vetting run"
        return f"vetting run #{self.vetting_run_id} at {self.vetted_at or 'unknown'} (UTC)"

    def niches_text(self) -> str:
        """The niche, or each run's niche when the listed creators were vetted for several."""
        niches = list(dict.fromkeys(run.niche or "(none given)" for run in self.runs))
        if len(niches) > 1:
            return "; ".join(f"{run.niche or '(none given)'} (run #{run.id}: "
                             + ", ".join(f"{n} {p}" for p, n in run.creators.items()) + ")" for run in self.runs)
        return self.niche or "(none given)"


@dataclass(frozen=True)
class MethodFacts:
    """The numbers the column explanations quote, each with where it came from."""

    bot_threshold: float | None
    bot_threshold_source: str
    generic_threshold: float | None
    model_version: str | None
    weights: Mapping[str, float]
    er_posts: int
    min_peers: int
    tier_limits: tuple[tuple[int, str], ...] = TIER_LIMITS

    @classmethod
    def gather(cls, info: DataInfo | None = None, model_metadata: Mapping[str, Any] | None = None) -> MethodFacts:
        """Facts from the vetting run's settings, then the model metadata, then the code's defaults.

        ``model_metadata`` defaults to :func:`vetting.bots.model_info` (no model is loaded); when
        it cannot be read the thresholds are stated as unknown.
        """
        from vetting import engagement, scoring

        settings = dict(info.settings) if info is not None else {}
        if model_metadata is None:
            model_metadata = _model_metadata()
        model_threshold = _number(model_metadata.get("threshold"))
        model_version = model_metadata.get("model_version")
        run_threshold = _number(settings.get("bot_threshold"))
        if run_threshold is not None and info is not None:
            threshold, source = run_threshold, f"the threshold vetting run #{info.vetting_run_id} used"
            if model_threshold is not None and model_threshold != run_threshold:
                source += f"; the installed model {model_version or ''} uses {model_threshold:g}: vet again to apply it"
        elif model_threshold is not None:
            threshold, source = model_threshold, f"the threshold of bot model {model_version or '(unversioned)'}"
        else:
            threshold, source = None, "unknown: no model metadata found"
        weights = settings.get("weights")
        if not isinstance(weights, Mapping) or not weights:
            weights = dict(scoring.WEIGHTS)
        return cls(
            bot_threshold=threshold,
            bot_threshold_source=source,
            generic_threshold=_number(model_metadata.get("generic_threshold")),
            model_version=model_version,
            weights={str(k): float(v) for k, v in weights.items() if _number(v) is not None},
            er_posts=engagement.DEFAULT_POSTS,
            min_peers=engagement.MIN_PEERS,
        )


def _model_metadata() -> dict[str, Any]:
    from vetting import bots

    try:
        return bots.model_info()
    except (OSError, ValueError) as exc:
        logger.warning("no bot model metadata for the Methodology sheet: %s", exc)
        return {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _count(n: int) -> str:
    """1_000 -> "1k", 1_000_000 -> "1M"."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def _tiers_text(limits: Sequence[tuple[int, str]]) -> str:
    parts, lower = [], None
    for limit, name in limits:
        parts.append(f"{name} < {_count(limit)}" if lower is None else f"{name} {_count(lower)}-{_count(limit)}")
        lower = limit
    last = next(t for t in reversed(TIERS) if t not in {name for _, name in limits})
    parts.append(f"{last} >= {_count(lower or 0)}")
    return ", ".join(parts)


def _threshold(value: float | None) -> str:
    return "an unknown threshold" if value is None else f"{value:g}"


def _precision(name: str) -> str:
    fmt = NUMBER_FORMATS[name]
    step = "1" if fmt.digits == 0 else "0." + "0" * (fmt.digits - 1) + "1"
    return f"{step} %" if fmt.kind == "percent" else step


def column_docs(facts: MethodFacts) -> dict[str, str]:
    """What every column means and how it is computed, with the facts filled in."""
    verdict_order = ", ".join(v.replace("_", " ") for v in sorted(VERDICT_ORDER, key=VERDICT_ORDER.__getitem__))
    weights = ", ".join(f"{name} {weight:g}" for name, weight in facts.weights.items())
    return {
        "rank": (f"Position after sorting by verdict ({verdict_order}), then score (highest first), then niche "
                 "fit, then followers."),
        "platform": "Platform key (mastodon, youtube, ...).",
        "handle": "The creator's handle on the platform (Mastodon: user@instance).",
        "display_name": "The name shown on the profile.",
        "profile_url": (f"Link to the public profile; clickable only when it is an http(s) URL with a valid host "
                        f"(and at most {XLSX_MAX_URL:,} characters), otherwise shown as text."),
        "followers_count": "Followers/subscribers at the latest crawl (empty when the platform hides it).",
        "tier": f"Size class by followers: {_tiers_text(facts.tier_limits)}.",
        "engagement_rate": ("Median per-post engagement rate = (likes + comments + shares) / followers (or / views "
                            f"where the platform hides followers), over the creator's last {facts.er_posts} original "
                            "posts; the exact basis is in engagement_rate_basis. Shown to "
                            f"{_precision('engagement_rate')}."),
        "engagement_rate_basis": "How engagement_rate was computed: numerator, denominator, statistic, posts, dates.",
        "er_band": ("Engagement compared with the usual band for the same platform and tier: low, below_average, "
                    "average, above_average, high."),
        "bot_comment_rate": (f"Share of the analysed comments by others that the bot-comment classifier flags "
                             f"(probability >= {_threshold(facts.bot_threshold)}, {facts.bot_threshold_source}); "
                             "95 % Wilson interval in bot_comment_rate_low/high. Empty on Instagram: its official "
                             "API gives no comments on other accounts' posts (nor do the conversation and "
                             "audience-language columns have data there)."),
        "generic_comment_rate": ("Share of analysed comments that are generic praise ('nice post!', emoji only): "
                                 f"generic-praise probability >= {_threshold(facts.generic_threshold)}."),
        "niche_fit": ("0-1 similarity (TF-IDF cosine over bio, captions and hashtags) between the creator and the "
                      f"niche; niche_terms lists the matching terms. Shown to {_precision('niche_fit')}."),
        "niche_terms": "Top terms that matched the niche.",
        "audience_languages": "Languages of the analysed audience comments, as shares of the sample.",
        "market_language_rate": "Share of analysed audience comments in the market language (market_language).",
        "sponsored_rate": "Share of recent posts marked or detected as sponsored (#ad, 'paid partnership', ...).",
        "recent_brands": "Brands mentioned in recent sponsored posts.",
        "reply_rate": ("Share of the creator's posts on which the creator replied to commenters. Empty on TikTok "
                       "(the Research API gives comments without their authors) and Instagram (no comments)."),
        "posts_per_week": ("Original posts per week over the analysed window (shown to "
                           f"{_precision('posts_per_week')})."),
        "est_cost_per_post": ("Estimated price of one sponsored post = midpoint of the cost table's range for "
                              "platform and tier (open-ended top tier: its lower bound). Empty where the platform has "
                              "no market (Mastodon) or the tier no published price. Currency in cost_currency."),
        "est_cost_per_engagement": ("est_cost_per_post / typical engagements per post, where typical engagements = "
                                    "engagement_rate x followers (or x median views for a views-based rate)."),
        "score": (f"0-100 weighted score of the vetting components, in whole points; weights: {weights}."),
        "verdict": f"One of {verdict_order} (insufficient data: too few posts/comments to judge).",
        "reasons": "Why: red flags (✗) first, then green flags (✓) and information (ℹ).",
        "last_crawled_at": "When the creator's profile was last fetched (UTC; a date-time cell in the XLSX).",
        "creator_key": "platform:creator_id; the key `creatorscout shortlist import` matches rows on. Do not edit.",
        "status": f"Your outreach status: {', '.join(STATUSES)} (dropdown).",
        "owner": "Who on your team handles the creator.",
        "notes": "Your notes.",
        "agreed_fee": "The fee agreed with the creator (free text, include the currency).",
        "promo_code": "The creator's promo code.",
        "tracking_link": "The creator's tracking link.",
        "est_cost_low": "Lower bound of the cost table's range for platform and tier.",
        "est_cost_high": "Upper bound of the range (empty: open-ended, 'from est_cost_low').",
        "cost_currency": "Currency of the cost columns.",
        "er_percentile": ("Percentile (0-100) of engagement_rate among creators of the same platform and tier in "
                          f"the store (empty with fewer than {facts.min_peers} peers)."),
        "comments_analyzed": "Number of comments by others analysed for the comment and language metrics.",
        "bot_comment_rate_low": "Lower end of the 95 % Wilson interval of bot_comment_rate.",
        "bot_comment_rate_high": "Upper end of the 95 % Wilson interval of bot_comment_rate.",
        "market_language": "The market language the audience was compared with (ISO 639-1).",
        "creator_language": "The language the creator mostly posts in (ISO 639-1).",
        "growth_anomaly": "Unusual follower jumps between crawls (possible bought followers), if any.",
        "question_rate": (f"Share of the assessed comments by others (German and English, at least {MIN_ASSESSED}; "
                          "other languages are not assessed) that ask a real question: not rhetorical "
                          "('how cute is that?'), not a tag question ('..., right?'), with or without '?'."),
        "product_question_rate": ("Share of assessed comments asking about something in the post: product, "
                                  "ingredient, tool, place, price, where to buy, how to do what is shown."),
        "purchase_intent_rate": ("Share of assessed comments saying they bought, ordered or will make/try what is "
                                 "shown, or asking for a link or code ('hab ich gleich bestellt', 'link please')."),
        "negative_rate": ("Share of assessed comments that are negative or hostile (criticism, negated praise such "
                          "as 'nicht lecker', sarcasm, insults). Comments the bot model flags are left out."),
        "answered_question_rate": (f"Share of the real questions by others that the creator answered with a reply "
                                   f"(empty below {MIN_QUESTIONS} questions, and on TikTok and Instagram: see "
                                   "reply_rate)."),
    }


def methodology_rows(info: DataInfo, filters: ShortlistFilters, table: costs.CostTable, row_count: int, *,
                     exported_at: str, facts: MethodFacts | None = None) -> list[list[Any]]:
    """The Methodology sheet as rows of (item, explanation)."""
    facts = facts or MethodFacts.gather(info)
    docs = column_docs(facts)
    missing = set(COLUMNS) - set(docs)
    if missing:  # pragma: no cover - a programming error
        raise RuntimeError(f"columns without an explanation: {sorted(missing)}")
    triggers = " ".join("tab" if t == "\t" else "CR" if t == "\r" else t for t in FORMULA_TRIGGERS)
    rows: list[list[Any]] = [
        ["creatorscout shortlist", "How every column was computed, and how fresh the data is."],
        [EXPORTED_AT_ITEM, exported_at],
        ["Data as of", f"latest crawl {info.latest_crawl_at or 'unknown'}; {info.runs_text()}"],
        ["Niche", info.niches_text()],
        ["Market language", filters.market_language or info.market_language or "(none)"],
        ["Filters", _filters_text(filters)],
        ["Creators listed", str(row_count)],
        *([["Sandbox data", f"{info.sandbox_rows} of these creators were crawled from a server on this machine "
                            "(the sandbox of `creatorscout demo`, a test server): they, their posts and links are "
                            f"invented. Their links are text marked '{SANDBOX_MARK}', never links: do not send "
                            "them to a client."]] if info.sandbox_rows else []),
        ["Bot-comment model", f"version {facts.model_version or 'unknown'}; bot-like at probability >= "
                              f"{_threshold(facts.bot_threshold)} ({facts.bot_threshold_source})"],
        ["Rates", f"All rates are fractions 0-1, shown as percentages: engagement_rate to "
                  f"{_precision('engagement_rate')}, the others to {_precision('bot_comment_rate')}."],
        ["Safety", f"Text cells that start with {triggers} are stored as text with Excel's quote prefix, so that "
                   "no scraped text runs as a formula (the CSV prefixes an apostrophe instead; "
                   "`creatorscout shortlist import` removes it). Control and bidi-override characters are removed."],
        ["Import", f"`creatorscout shortlist import` reads {', '.join(WORKFLOW_COLUMNS)} back. It refuses a file "
                   f"exported before edits already imported ('{EXPORTED_AT_ITEM}' above) unless you pass --force; "
                   "blank cells keep stored values unless you pass --clear-blanks."],
        ["", ""],
        ["Column", "Meaning and formula"],
    ]
    rows.extend([name, docs[name]] for name in COLUMNS)
    rows.append(["", ""])
    rows.append(["Cost table", f"{table.path} (currency {table.currency}). {table.caveats}"])
    for platform, note in table.notes.items():
        rows.append([f"Cost note: {platform}", note])
    for source in table.sources:
        rows.append(["Cost source", f"{source.get('name', '')} - {source.get('url', '')} ({source.get('date', '')}): "
                                    f"{source.get('used_for', '')}"])
    rows.append(["Evidence sheet", "Examples of the comments behind each triggered signal (bot-like, near-duplicate, "
                                   "pod, burst, generic): comment text and post link only, never the commenter."])
    return rows


def _filters_text(filters: ShortlistFilters) -> str:
    parts = []
    for name, value in asdict(filters).items():
        if value in (None, (), []) or (name == "min_market_language_rate" and not filters.market_language):
            continue
        parts.append(f"{name}={','.join(value) if isinstance(value, tuple | list) else value}")
    return "; ".join(parts) or "(none)"
