"""Creator-level comment evidence: bot-like share, copy-pasta, pods, bursts, flagged bots, generic praise,
and the store-wide signals (templates across creators, commenters who hop between creators).

Every signal is a dict in the contract's ``evidence`` shape::

    {"kind", "triggered", "value", "threshold", "summary", "comment_ids", "post_ids"}

``comment_ids`` (at most 50) and ``post_ids`` name the comments and posts that triggered the signal, so a
report can show the evidence (their text only). When the sample is too small for a signal, ``value`` is
None, ``triggered`` is False and the summary says why: insufficient data, never a misleading number.
The ``bot_like_comments`` signal also carries ``reasons`` (flagged comments per reason) and
``comment_reasons`` (the reasons of each listed comment): every flagged comment keeps why it was flagged.
All thresholds live in the constants below, each with the reason for its value.

A comment by someone else is **bot-like** (:func:`comment_flags`) when the comment model says so, or when
a context reason comes together with what the comment itself shows: praise or words without reference
to the post. Context reasons are store-wide (:mod:`vetting.networks`: a template across creators, a
hopping or always-first account) or from the creator's own section (formal "Sie" praise where the
audience says "du", :func:`says_du`). Context alone, or low relevance alone, never flags a comment.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from crawler.timeutil import parse_utc
from vetting.networks import HOP_MIN_CREATORS, HOP_WINDOW_HOURS, TEMPLATE_MIN_CREATORS, StoreContext
from vetting.wording import plural

__all__ = [
    "CommentEvidence",
    "CommentRecord",
    "FlagItem",
    "comment_evidence",
    "comment_flags",
    "network_evidence",
    "normalize_for_duplicates",
    "reason_texts",
    "says_du",
    "wilson_interval",
]

MAX_IDS = 50
# Rates over fewer comments (by others than the creator) are not reported: 3 of 5 is not "60 %".
MIN_COMMENTS_FOR_RATE = 10

# bot_like_comments: raised when the Wilson 95 % lower bound of the bot-like share exceeds 15 %, i.e. we are
# confident the share is at least 5x the classifier's false-positive rate on genuine comments (<= 3 %).
BOT_RATE_LOWER_BOUND_THRESHOLD = 0.15

# near_duplicate_comments: copy-pasta needs some length; shorter normalised texts ("nice", "love this")
# are generic praise and are judged by the generic signal instead.
DUP_MIN_CHARS = 20
# Character 4-gram shingles; two texts are near-duplicates at Jaccard >= 0.7 (the same template with a
# swapped emoji, handle or word), verified exactly after MinHash/LSH candidate generation.
SHINGLE_SIZE = 4
NEAR_DUP_JACCARD = 0.7
MINHASH_BANDS = 8
MINHASH_ROWS = 3  # 24 hashes; a pair at Jaccard 0.7 becomes a candidate with prob 1-(1-0.7^3)^8 = 0.97
# Raised when >= 10 % of the analysed comments (and at least 4) repeat across different posts.
DUP_RATE_THRESHOLD = 0.10
DUP_MIN_COMMENTS = 4

# pod_commenters: >= 5 accounts each commenting on >= 60 % of the creator's posts. Organic fans rarely
# comment on most posts; engagement pods agree to comment on every post of every member.
POD_MIN_POSTS = 5
POD_POST_SHARE = 0.6
POD_MIN_AUTHORS = 5

# comment_bursts: organic comments decay over hours (typically well under half arrive within 10 minutes);
# bought or pod comments arrive right after posting. A post is bursty when >= 5 comments and >= 50 % of them
# land within 10 minutes; raised when >= 50 % of at least 3 such posts are bursty.
BURST_WINDOW_MINUTES = 10
BURST_MIN_COMMENTS_PER_POST = 5
BURST_POST_SHARE = 0.5
BURST_MIN_POSTS = 3
BURST_RATE_THRESHOLD = 0.5

# bot_accounts: accounts the platform itself flags as automated; 10 % of comments is far above organic.
BOT_ACCOUNT_RATE_THRESHOLD = 0.10
BOT_ACCOUNT_MIN_COMMENTS = 3

# generic_comments: context-free praise ("Nice 🔥") is weak evidence of a pod; raised above half.
GENERIC_RATE_THRESHOLD = 0.5

# cross_creator_templates / hopping_commenters: the store-wide patterns of vetting.networks. Organic comment
# sections hold none (no ordinary skeleton of >= 4 words recurs under 3 channels in real data); raised at
# 10 % of the analysed comments (and at least 3 comments; 2 accounts for hopping) like the copy-pasta signal.
REGISTER_MIN_COMMENTS = 10
REGISTER_DU_SHARE = 0.8

NETWORK_RATE_THRESHOLD = 0.10
NETWORK_MIN_COMMENTS = 3
HOPPER_MIN_ACCOUNTS = 2

_STRIP_RE = re.compile(r"[\W_]+")
_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
_MERSENNE = (1 << 61) - 1


@dataclass(slots=True)
class CommentRecord:
    """One comment with the classifier's output attached (see ``vetting.bots.classify``)."""

    comment_id: str
    post_id: str
    author_key: str | None
    text: str | None
    created_at: str | None
    author_is_creator: bool
    author_is_bot_account: bool | None
    bot_probability: float
    generic: bool
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlagItem:
    """What :func:`comment_flags` needs of one comment by someone else (kept for the store-wide pass).

    ``eligible``: praise (the model's generic head) or no reference to the post
    (:func:`vetting.relevance.refers_to_post`): context reasons may flag it. ``context``: reasons from
    the creator's own comment section (``formal_in_du_audience``).
    """

    comment_id: str
    post_id: str
    author_key: str | None
    skeleton: str | None
    bot_probability: float
    eligible: bool
    cues: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


@dataclass
class CommentEvidence:
    """Comment evidence for one creator (rates over comments by others than the creator)."""

    analysed: int
    bot_rate: float | None
    bot_rate_low: float | None
    bot_rate_high: float | None
    generic_rate: float | None
    signals: list[dict[str, Any]] = field(default_factory=list)


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials.

    ``centre = (p + z²/2n) / (1 + z²/n)``, ``half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)``, p = k/n;
    (0.0, 1.0) for n = 0. Example: k=41, n=100 -> (0.3187, 0.5080).
    """
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@lru_cache(maxsize=1 << 16)
def normalize_for_duplicates(text: str) -> str:
    """Casefolded NFKC letters and digits only: emoji, punctuation, links and whitespace removed.

    >>> normalize_for_duplicates("Great   post!! 🔥 Check my page")
    'greatpostcheckmypage'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if "http" in text or "www" in text:
        text = _URL_RE.sub("", text)
    return _STRIP_RE.sub("", text)


def _pct(rate: float) -> str:
    return f"{rate * 100:.0f} %"


def _signal(kind: str, triggered: bool, value: float | None, threshold: float | None, summary: str,
            comments: Sequence[CommentRecord] = ()) -> dict[str, Any]:
    ordered = sorted(comments, key=lambda c: (c.post_id, c.comment_id))
    return {
        "kind": kind,
        "triggered": bool(triggered),
        "value": None if value is None else round(float(value), 4),
        "threshold": threshold,
        "summary": summary,
        "comment_ids": [c.comment_id for c in ordered[:MAX_IDS]],
        "post_ids": sorted({c.post_id for c in comments}),
    }


_Rates = tuple[float | None, float | None, float | None]


def _bot_signal(n: int, flags: Mapping[str, tuple[str, ...]], order: Mapping[str, tuple[float, str]],
                post_of: Mapping[str, str]) -> tuple[dict[str, Any], _Rates]:
    """The bot-like share of ``n`` comments, ``flags`` = {comment id: reasons} of the flagged ones;
    ``order`` sorts the listed ids (most confident first), ``post_of`` maps ids to posts."""
    if n < MIN_COMMENTS_FOR_RATE:
        summary = f"only {plural(n, 'comment')} by others (need {MIN_COMMENTS_FOR_RATE}): bot-like share not rated"
        signal = _signal("bot_like_comments", False, None, BOT_RATE_LOWER_BOUND_THRESHOLD, summary, ())
        signal.update(reasons={}, comment_reasons={})
        return signal, (None, None, None)
    rate = len(flags) / n
    low, high = wilson_interval(len(flags), n)
    summary = f"{_pct(rate)} of {n} comments look bot-like (95 % CI {low * 100:.0f}–{high * 100:.0f} %)"
    listed = sorted(flags, key=lambda cid: order.get(cid, (0.0, cid)))[:MAX_IDS]
    signal = _signal("bot_like_comments", low > BOT_RATE_LOWER_BOUND_THRESHOLD, rate,
                     BOT_RATE_LOWER_BOUND_THRESHOLD, summary, ())
    counts: dict[str, int] = defaultdict(int)
    for reasons in flags.values():
        for reason in reasons:
            counts[reason] += 1
    signal.update(
        comment_ids=listed,
        post_ids=sorted({post_of[cid] for cid in flags if cid in post_of}),
        reasons=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        comment_reasons={cid: list(flags[cid]) for cid in listed},
    )
    return signal, (rate, low, high)


_CONTEXT_REASON_TEXT = {
    "model": "the comment model rates the text bot-like",
    "cross_creator_template": "the same sentence stands under other creators' posts",
    "hopping_commenter": "its account commented on many creators within hours",
    "first_commenter": "its account is always first under new posts",
    "formal_in_du_audience": "formal praise where the audience says du",
}


def says_du(addresses: Sequence[str | None]) -> bool:
    """True when a comment section addresses its creator with "du": at least ``REGISTER_MIN_COMMENTS``
    German comments that address the creator, ``REGISTER_DU_SHARE`` or more of them with "du". Formal
    context-free praise there is written by someone who does not know the audience (LLM bots)."""
    du, sie = addresses.count("du"), addresses.count("sie")
    return du + sie >= REGISTER_MIN_COMMENTS and du >= REGISTER_DU_SHARE * (du + sie)


def reason_texts(codes: Sequence[Any]) -> list[str]:
    """How reports and spreadsheets name the reasons a comment was flagged (cues and context)."""
    from vetting.comment_features import REASON_TEXT

    return [_CONTEXT_REASON_TEXT.get(str(c)) or REASON_TEXT.get(str(c)) or str(c).replace("_", " ") for c in codes]


def _model_flags(others: Sequence[CommentRecord], bot_threshold: float) -> dict[str, tuple[str, ...]]:
    return {c.comment_id: ("model", *c.cues) for c in others if c.bot_probability >= bot_threshold}


def comment_flags(items: Sequence[FlagItem], *, bot_threshold: float, context: StoreContext | None
                  ) -> dict[str, tuple[str, ...]]:
    """``{comment id: reasons}`` of the bot-like comments among ``items`` (see the module docstring).

    Reasons: ``model`` (the comment model's probability >= ``bot_threshold``), the comment's cues
    (:data:`vetting.comment_features.CUES`) and its context reasons (:data:`vetting.networks.CONTEXT_REASONS`).
    """
    flags = {}
    for item in items:
        around = (*item.context, *(context.reasons(item.skeleton, item.author_key) if context is not None else ()))
        model = item.bot_probability >= bot_threshold
        if model or (around and item.eligible):
            flags[item.comment_id] = (*(("model",) if model else ()), *item.cues, *around)
    return flags


def network_evidence(evidence: CommentEvidence, items: Sequence[FlagItem], *, bot_threshold: float,
                     context: StoreContext, template_comments: int, hopper_comments: dict[str, int]
                     ) -> CommentEvidence:
    """``evidence`` with its bot-like signal and rates recomputed from :func:`comment_flags` and the two
    store-wide signals added: ``cross_creator_templates`` (``template_comments`` of the analysed comments
    have a skeleton that recurs under other creators) and ``hopping_commenters`` (``hopper_comments`` =
    {account: comments} of the accounts that hop between creators)."""
    n = evidence.analysed
    flags = comment_flags(items, bot_threshold=bot_threshold, context=context)
    by_id = {i.comment_id: i for i in items}
    order = {cid: (-by_id[cid].bot_probability, cid) for cid in flags}
    bot, (rate, low, high) = _bot_signal(n, flags, order, {i.comment_id: i.post_id for i in items})
    flagged_items = [by_id[cid] for cid in flags]
    signals = [bot, *(s for s in evidence.signals if s["kind"] != "bot_like_comments")]
    if n < MIN_COMMENTS_FOR_RATE:
        why = f"only {plural(n, 'comment')} by others (need {MIN_COMMENTS_FOR_RATE})"
        signals += [_signal("cross_creator_templates", False, None, NETWORK_RATE_THRESHOLD, why + ": not rated"),
                    _signal("hopping_commenters", False, None, NETWORK_RATE_THRESHOLD, why + ": not rated")]
    else:
        t_rate = template_comments / n
        t_items = [i for i in flagged_items if "cross_creator_template" in flags[i.comment_id]]
        signals.append(_signal(
            "cross_creator_templates", t_rate >= NETWORK_RATE_THRESHOLD and template_comments >= NETWORK_MIN_COMMENTS,
            t_rate, NETWORK_RATE_THRESHOLD,
            f"{template_comments} of {n} comments ({_pct(t_rate)}) repeat sentences that also stand under "
            f"{TEMPLATE_MIN_CREATORS} or more other creators' posts in this store", t_items))
        h_count = sum(hopper_comments.values())
        h_rate = h_count / n
        h_items = [i for i in flagged_items if "hopping_commenter" in flags[i.comment_id]]
        signals.append(_signal(
            "hopping_commenters", h_rate >= NETWORK_RATE_THRESHOLD and h_count >= NETWORK_MIN_COMMENTS
            and len(hopper_comments) >= HOPPER_MIN_ACCOUNTS, h_rate, NETWORK_RATE_THRESHOLD,
            f"{h_count} of {n} comments ({_pct(h_rate)}) come from {len(hopper_comments)} accounts that commented "
            f"on {HOP_MIN_CREATORS} or more creators within {HOP_WINDOW_HOURS} hours", h_items))
    return CommentEvidence(
        analysed=n,
        bot_rate=None if rate is None else round(rate, 4),
        bot_rate_low=None if low is None else round(low, 4),
        bot_rate_high=None if high is None else round(high, 4),
        generic_rate=evidence.generic_rate,
        signals=signals,
    )


def _shingles(keys: Sequence[str]) -> tuple[Any, Any]:
    """Hashes of every character 4-gram of every key (vectorised) and the start offset of each key.

    Keys are >= DUP_MIN_CHARS long, so every key has at least one 4-gram and segments are contiguous.
    """
    import numpy as np

    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    key_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    prime = np.uint64(1_000_003)
    windows = len(codes) - SHINGLE_SIZE + 1
    hashes = np.zeros(windows, dtype=np.uint64)
    for offset in range(SHINGLE_SIZE):
        hashes = hashes * prime + codes[offset:offset + windows]
    # keep windows that start in a key and end in the same key
    valid_counts = lengths - SHINGLE_SIZE + 1
    positions = np.arange(windows)
    owner = np.searchsorted(key_starts, positions, side="right") - 1
    keep = positions - key_starts[owner] < valid_counts[owner]
    starts = np.concatenate(([0], np.cumsum(valid_counts)[:-1]))
    return hashes[keep], starts


def _jaccard(hashes: Any, starts: Any, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """Exact Jaccard similarity of the shingle sets of each pair of keys (one sparse product, no Python sets)."""
    import numpy as np
    import scipy.sparse as sp

    if not pairs:
        return []
    counts = np.diff(np.append(starts, len(hashes)))
    shingle_ids = np.unique(hashes, return_inverse=True)[1].ravel()
    owner = np.repeat(np.arange(len(starts)), counts)
    sets = sp.csr_matrix((np.ones(len(hashes), dtype=np.int32), (owner, shingle_ids)),
                         shape=(len(starts), int(shingle_ids.max()) + 1))
    sets.sum_duplicates()
    sets.data[:] = 1   # a set: each shingle once per key
    sizes = np.diff(sets.indptr)
    first, second = (np.fromiter((pair[k] for pair in pairs), dtype=np.int64, count=len(pairs)) for k in (0, 1))
    shared = np.asarray(sets[first].multiply(sets[second]).sum(axis=1)).ravel()
    return (shared / (sizes[first] + sizes[second] - shared)).tolist()


def _minhash_candidates(hashes: Any, starts: Any) -> set[tuple[int, int]]:
    """Candidate pairs from MinHash banding (deterministic: fixed hash coefficients)."""
    import numpy as np

    n_hashes = MINHASH_BANDS * MINHASH_ROWS
    rng = np.random.default_rng(20240601)
    a = rng.integers(1, _MERSENNE, n_hashes, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, _MERSENNE, n_hashes, dtype=np.uint64)
    # (a*x + b) with uint64 wrap-around, top bits kept: a universal multiply-shift family.
    hashed = (a[:, None] * hashes[None, :] + b[:, None]) >> np.uint64(32)
    signatures = np.minimum.reduceat(hashed, starts, axis=1).T  # (n_texts, n_hashes)
    pairs: set[tuple[int, int]] = set()
    mix = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:MINHASH_ROWS], dtype=np.uint64)
    for band in range(MINHASH_BANDS):
        keys = (signatures[:, band * MINHASH_ROWS:(band + 1) * MINHASH_ROWS] * mix).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        same = np.flatnonzero(ordered[1:] == ordered[:-1])
        if not len(same):
            continue
        for run in np.split(same, np.flatnonzero(np.diff(same) != 1) + 1):
            members = sorted(order[run[0]:run[-1] + 2].tolist())
            pairs.update((x, y) for i, x in enumerate(members) for y in members[i + 1:])
    return pairs


def _duplicate_signal(others: Sequence[CommentRecord]) -> dict[str, Any]:
    by_key: dict[str, list[CommentRecord]] = defaultdict(list)
    for c in others:
        if c.text:
            key = normalize_for_duplicates(c.text)
            if len(key) >= DUP_MIN_CHARS:
                by_key[key].append(c)
    n = len(others)
    if n < MIN_COMMENTS_FOR_RATE:
        summary = f"only {plural(n, 'comment')} by others (need {MIN_COMMENTS_FOR_RATE}): duplicates not rated"
        return _signal("near_duplicate_comments", False, None, DUP_RATE_THRESHOLD, summary)
    keys = sorted(by_key)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(keys) > 1:
        hashes, starts = _shingles(keys)
        candidates = sorted(_minhash_candidates(hashes, starts))
        for (i, j), similarity in zip(candidates, _jaccard(hashes, starts, candidates), strict=True):
            if similarity >= NEAR_DUP_JACCARD:
                parent[find(j)] = find(i)
    groups: dict[int, list[CommentRecord]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[find(i)].extend(by_key[key])
    dup_groups = [g for g in groups.values() if len(g) >= 2 and len({c.post_id for c in g}) >= 2]
    dup_groups.sort(key=lambda g: (-len(g), min(c.comment_id for c in g)))
    duplicated = [c for g in dup_groups for c in sorted(g, key=lambda c: (c.post_id, c.comment_id))]
    rate = len(duplicated) / n
    posts = {c.post_id for c in duplicated}
    triggered = rate >= DUP_RATE_THRESHOLD and len(duplicated) >= DUP_MIN_COMMENTS
    if duplicated:
        summary = (f"{len(duplicated)} of {n} comments ({_pct(rate)}) repeat {len(dup_groups)} near-identical "
                   f"texts across {len(posts)} posts")
    else:
        summary = f"no near-identical comment texts repeated across posts among {n} comments"
    signal = _signal("near_duplicate_comments", triggered, rate, DUP_RATE_THRESHOLD, summary)
    signal["comment_ids"] = [c.comment_id for c in duplicated[:MAX_IDS]]
    signal["post_ids"] = sorted(posts)
    return signal


def _pod_signal(others: Sequence[CommentRecord], post_ids: set[str]) -> dict[str, Any]:
    n_posts = len(post_ids)
    if n_posts < POD_MIN_POSTS:
        summary = f"only {plural(n_posts, 'post')} with comments (need {POD_MIN_POSTS}): pods not rated"
        return _signal("pod_commenters", False, None, POD_MIN_AUTHORS, summary)
    posts_by_author: dict[str, set[str]] = defaultdict(set)
    for c in others:
        if c.author_key:
            posts_by_author[c.author_key].add(c.post_id)
    needed = math.ceil(POD_POST_SHARE * n_posts)
    pod = {a for a, posts in posts_by_author.items() if len(posts) >= needed}
    comments = [c for c in others if c.author_key in pod]
    summary = (f"{len(pod)} accounts commented on at least {_pct(POD_POST_SHARE)} of {n_posts} posts"
               + (" (pod-like)" if len(pod) >= POD_MIN_AUTHORS else ""))
    return _signal("pod_commenters", len(pod) >= POD_MIN_AUTHORS, len(pod), POD_MIN_AUTHORS, summary, comments)


def _burst_signal(others: Sequence[CommentRecord], post_created_at: Mapping[str, str | None]) -> dict[str, Any]:
    window = BURST_WINDOW_MINUTES * 60
    by_post: dict[str, list[tuple[CommentRecord, float]]] = defaultdict(list)
    post_times = {pid: parse_utc(ts) for pid, ts in post_created_at.items()}
    for c in others:
        posted = post_times.get(c.post_id)
        created = parse_utc(c.created_at)
        if posted is None or created is None:
            continue
        by_post[c.post_id].append((c, (created - posted).total_seconds()))
    eligible = {pid: rows for pid, rows in by_post.items() if len(rows) >= BURST_MIN_COMMENTS_PER_POST}
    if len(eligible) < BURST_MIN_POSTS:
        summary = (f"only {plural(len(eligible), 'post')} with >= {BURST_MIN_COMMENTS_PER_POST} timed comments "
                   f"(need {BURST_MIN_POSTS}): bursts not rated")
        return _signal("comment_bursts", False, None, BURST_RATE_THRESHOLD, summary)
    bursty: list[str] = []
    early: list[CommentRecord] = []
    total_early = total = 0
    for pid in sorted(eligible):
        rows = eligible[pid]
        fast = [c for c, delta in rows if delta <= window]
        total_early += len(fast)
        total += len(rows)
        if len(fast) / len(rows) >= BURST_POST_SHARE:
            bursty.append(pid)
            early.extend(fast)
    rate = len(bursty) / len(eligible)
    summary = (f"{len(bursty)} of {len(eligible)} posts got >= {_pct(BURST_POST_SHARE)} of their comments within "
               f"{BURST_WINDOW_MINUTES} minutes of posting ({_pct(total_early / total)} of {total} timed comments)")
    return _signal("comment_bursts", rate >= BURST_RATE_THRESHOLD, rate, BURST_RATE_THRESHOLD, summary, early)


def _bot_account_signal(others: Sequence[CommentRecord]) -> dict[str, Any]:
    known = [c for c in others if c.author_is_bot_account is not None]
    if len(known) < MIN_COMMENTS_FOR_RATE:
        summary = f"bot-account flag known for only {plural(len(known), 'comment')} (need {MIN_COMMENTS_FOR_RATE})"
        return _signal("bot_accounts", False, None, BOT_ACCOUNT_RATE_THRESHOLD, summary)
    flagged = [c for c in known if c.author_is_bot_account]
    rate = len(flagged) / len(known)
    summary = f"{len(flagged)} of {len(known)} comments ({_pct(rate)}) come from accounts the platform marks as bots"
    triggered = rate >= BOT_ACCOUNT_RATE_THRESHOLD and len(flagged) >= BOT_ACCOUNT_MIN_COMMENTS
    return _signal("bot_accounts", triggered, rate, BOT_ACCOUNT_RATE_THRESHOLD, summary, flagged)


def _generic_signal(others: Sequence[CommentRecord]) -> tuple[dict[str, Any], float | None]:
    n = len(others)
    if n < MIN_COMMENTS_FOR_RATE:
        summary = f"only {plural(n, 'comment')} by others (need {MIN_COMMENTS_FOR_RATE}): generic share not rated"
        return _signal("generic_comments", False, None, GENERIC_RATE_THRESHOLD, summary), None
    generic = [c for c in others if c.generic]
    rate = len(generic) / n
    summary = f"{_pct(rate)} of {n} comments are generic praise without context"
    return _signal("generic_comments", rate >= GENERIC_RATE_THRESHOLD, rate, GENERIC_RATE_THRESHOLD, summary,
                   generic), rate


def comment_evidence(comments: Sequence[CommentRecord], post_created_at: Mapping[str, str | None],
                     *, bot_threshold: float = 0.5) -> CommentEvidence:
    """All comment signals for one creator, in a fixed order of kinds.

    Rates are over comments by others than the creator (``analysed``); ``bot_rate = k/n`` with
    ``k = #(bot_probability >= bot_threshold)`` and its Wilson 95 % interval; None below 10 comments.
    ``post_created_at`` maps the creator's post ids to their ISO-8601 creation time.
    """
    others = [c for c in comments if not c.author_is_creator]
    post_ids = {c.post_id for c in others}
    order = {c.comment_id: (-c.bot_probability, c.comment_id) for c in others}
    bot, (rate, low, high) = _bot_signal(len(others), _model_flags(others, bot_threshold), order,
                                         {c.comment_id: c.post_id for c in others})
    generic, generic_rate = _generic_signal(others)
    signals = [
        bot,
        _duplicate_signal(others),
        _pod_signal(others, post_ids),
        _burst_signal(others, post_created_at),
        _bot_account_signal(others),
        generic,
    ]
    return CommentEvidence(
        analysed=len(others),
        bot_rate=None if rate is None else round(rate, 4),
        bot_rate_low=None if low is None else round(low, 4),
        bot_rate_high=None if high is None else round(high, 4),
        generic_rate=None if generic_rate is None else round(generic_rate, 4),
        signals=signals,
    )
