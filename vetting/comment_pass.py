"""The comment pass of a vetting run: stream the comments, classify them, judge them across the store.

Comments stream from ``Store.iter_comments`` (ordered by creator) and are cut into batches of about
``batch_size`` comments, whole creators each (:func:`comment_facts`). A batch is classified in one
call of :func:`vetting.bots.classify` (texts by others than the creator, on Mastodon without the
mentions a reply starts with; identical texts once per run and process), then each of its creators
gets comment evidence (:func:`vetting.evidence.comment_evidence`), an audience language profile, the
conversation quality of a seeded sample of its comments (:mod:`vetting.conversation`), and what the
store-wide pass needs: flag candidates (model-flagged, or praise / no reference to the
post), commenter events and sentence skeletons. For large stores batches run in two worker
processes (:func:`fork_pool`; they load the model as they start) while the caller reads on; at most
:data:`QUEUE_DEPTH` batches per worker are in flight (the next one waits while a worker is busy, so
no worker idles while this process reads or scores the niche), so memory holds a few batches, never
the whole comments table.
:func:`store_wide` then judges templates and commenters across all creators
(:mod:`vetting.networks`) and gives every creator its final comment evidence.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.storage import Store
from crawler.timeutil import parse_utc

__all__ = [
    "CACHE_SIZE",
    "DEFAULT_BATCH",
    "LANGUAGE_SAMPLE",
    "POOL_MIN_COMMENTS",
    "QUEUE_DEPTH",
    "CommentFacts",
    "clear_cache",
    "comment_facts",
    "empty_facts",
    "fork_pool",
    "store_wide",
    "worker_count",
]

DEFAULT_BATCH = 20_000
LANGUAGE_SAMPLE = 40          # texts per creator given to langdetect
LANGUAGE_POOL = 4 * LANGUAGE_SAMPLE   # texts the usable sample is drawn from (cleaning costs too)
CACHE_SIZE = 200_000          # distinct comment texts whose verdict is kept during a run
QUEUE_DEPTH = 2               # batches in flight per worker: one it works on, one waiting (no idle worker)
POOL_MIN_COMMENTS = 50_000    # below this, classifier worker processes cost more than they save
_COMMENT_COLUMNS = ("platform", "comment_id", "post_id", "author_key", "author_is_creator", "author_is_bot_account",
                    "text", "created_at", "parent_comment_id", "like_count")


@dataclass
class CommentFacts:
    """What one creator's comments yielded (kept per creator; the comments themselves are not).

    ``items``, ``events`` and ``skeletons`` feed the store-wide pass (:mod:`vetting.networks`) and
    are dropped once the creator's final evidence is computed."""

    evidence: Any = None
    audience: Any = None
    conversation: dict[str, Any] = field(default_factory=dict)
    commented_posts: set[str] = field(default_factory=set)
    answered_posts: set[str] = field(default_factory=set)
    items: list[Any] = field(default_factory=list)
    events: list[tuple[str, float, float | None, str]] = field(default_factory=list)
    skeletons: dict[str, int] = field(default_factory=dict)



def comment_groups(store: Store, wanted: set[tuple[str, str]]) -> Iterator[tuple[tuple[str, str], list[tuple]]]:
    """``(creator key, comment tuples)`` per creator, streaming (``iter_comments`` is ordered by creator)."""
    current: tuple[str, str] | None = None
    rows: list[tuple] = []
    for row in store.iter_comments(_COMMENT_COLUMNS):
        key = (row[0], row[-1])
        if key != current:
            if current is not None and current in wanted:
                yield current, rows
            current, rows = key, []
        if key in wanted:
            rows.append(row)
    if current is not None and current in wanted:
        yield current, rows



def comment_facts(store: Store, creators: Mapping[tuple[str, str], Any],
                   posts_by: Mapping[tuple[str, str], list[dict[str, Any]]], pool: Any, n_workers: int,
                   bot_threshold: float, batch_size: int, timer: Any, while_waiting: Callable[[], None] | None = None
                   ) -> tuple[dict[tuple[str, str], CommentFacts], int, dict[str, float]]:
    """Stream comments creator by creator in batches of about ``batch_size``; each batch is
    classified and analysed by :func:`_process_batch` (in a worker while this process reads on)."""
    facts: dict[tuple[str, str], CommentFacts] = {}
    worker_seconds: dict[str, float] = defaultdict(float)
    in_flight: deque[Any] = deque()
    comment_count = 0

    def collect(job: Any) -> None:
        t = time.perf_counter()
        results, stage_seconds = job.get()
        timer.add("wait for workers" if pool is not None else "inline", t)
        facts.update(results)
        for stage, seconds in stage_seconds.items():
            worker_seconds[stage] += seconds

    def submit(batch: list[tuple[tuple[str, str], list[tuple]]]) -> None:
        created = {key: {p["post_id"]: (p.get("created_at"), p.get("title"), p.get("text"), p.get("hashtags") or ())
                         for p in posts_by.get(key, ())} for key, _ in batch}
        if pool is None:
            in_flight.append(_Done(_process_batch(batch, created, bot_threshold)))
        else:
            in_flight.append(pool.apply_async(_process_batch, (batch, created, bot_threshold)))
        nonlocal while_waiting
        if while_waiting is not None and len(in_flight) >= max(1, n_workers * QUEUE_DEPTH):
            while_waiting()
            while_waiting = None
        while len(in_flight) > max(1, n_workers * QUEUE_DEPTH):   # bounded: a few batches per worker
            collect(in_flight.popleft())

    pending: list[tuple[tuple[str, str], list[tuple]]] = []
    pending_count = 0
    t = time.perf_counter()
    for key, rows in comment_groups(store, set(creators)):
        pending.append((key, rows))
        pending_count += len(rows)
        comment_count += len(rows)
        if pending_count >= batch_size:
            timer.add("read", t)
            submit(pending)
            pending, pending_count = [], 0
            t = time.perf_counter()
    timer.add("read", t)
    if pending:
        submit(pending)
    if while_waiting is not None:
        while_waiting()
    while in_flight:
        collect(in_flight.popleft())
    timer.totals.pop("inline", None)
    return facts, comment_count, dict(worker_seconds)


class _Done:
    """An already computed result with the ``AsyncResult.get`` interface."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


# Per-process verdict cache: identical texts ("Nice 🔥", copy-pasta) are classified once per run.
_VERDICTS: dict[str, tuple[float, bool]] = {}


def clear_cache() -> None:
    """Forget the per-process verdicts and conversation facts (a run starts and ends with empty caches)."""
    from vetting import conversation
    from vetting.networks import comment_skeleton

    _VERDICTS.clear()
    conversation.clear_cache()
    comment_skeleton.cache_clear()


def _classify_cached(texts: Sequence[str]) -> dict[str, tuple[float, bool]]:
    from vetting import bots

    todo = [text for text in dict.fromkeys(texts) if text not in _VERDICTS]
    if len(_VERDICTS) + len(todo) > CACHE_SIZE:
        _VERDICTS.clear()
    known = {text: _VERDICTS[text] for text in dict.fromkeys(texts) if text in _VERDICTS}
    if todo:
        fresh = {text: (v.bot_probability, v.generic) for text, v in zip(todo, bots.classify(todo), strict=True)}
        _VERDICTS.update(fresh)
        known.update(fresh)
    return known


def _epoch(value: str | None) -> float | None:
    """Unix seconds of a stored ``...Z`` timestamp; ``None`` when unreadable."""
    when = parse_utc(value)
    return None if when is None else when.timestamp()


def _process_batch(batch: list[tuple[tuple[str, str], list[tuple]]],
                   posts: Mapping[tuple[str, str], Mapping[str, tuple[Any, ...]]], bot_threshold: float
                   ) -> tuple[dict[tuple[str, str], CommentFacts], dict[str, float]]:
    """Classify a batch of creators' comments (one call) and compute each creator's comment
    evidence, audience language and what the store-wide pass needs (flag candidates, commenter
    events, skeletons). Runs in a worker process or inline. ``posts``: per creator, post id ->
    ``(created_at, title, text, hashtags)``."""
    from crawler.platforms import comment_access
    from vetting.comment_features import address_of, comment_cues, comment_key, model_text
    from vetting.conversation import (
        NOT_ASSESSED,
        SAMPLE_SIZE,
        ConversationComment,
        classify,
        section_language,
        summarize,
    )
    from vetting.evidence import CommentRecord, FlagItem, comment_evidence, says_du
    from vetting.language import language_profile
    from vetting.networks import comment_skeleton
    from vetting.relevance import post_profile, refers_to_post

    seconds: dict[str, float] = defaultdict(float)
    t = time.perf_counter()
    # On Mastodon a reply starts with the mentions of whom it answers: addressing, not content.
    texts_of = {key: [model_text(row[6], row[0]) for row in rows] for key, rows in batch}
    verdicts = _classify_cached([t for key, rows in batch for row, t in zip(rows, texts_of[key], strict=True)
                                 if not row[4]])
    now = time.perf_counter()
    seconds["classifier"] += now - t
    t = now
    out: dict[tuple[str, str], CommentFacts] = {}
    # Conversation: per creator its replies and bot-like comments, the sampled comments to classify
    # (one model call for the whole batch after the loop), and how many comments by others there are.
    talks: dict[tuple[str, str], tuple[list[Any], list[tuple], int]] = {}
    for key, rows in batch:
        info = posts.get(key, {})
        profiles: dict[str, Any] = {}
        post_times = {pid: _epoch(v[0]) for pid, v in info.items()}
        records, items, events, talk, pending = [], [], [], [], []
        skeletons: dict[str, int] = defaultdict(int)
        audience = language_profile(_language_sample(rows), sample_size=LANGUAGE_SAMPLE)
        section = section_language(audience.shares)
        now = time.perf_counter()
        seconds["language"] += now - t
        t = now
        du_section = says_du([address_of(t) for row, t in zip(rows, texts_of[key], strict=True) if not row[4]])
        # The conversation reads a seeded sample of the comments by others (its shares carry intervals).
        others = [i for i, row in enumerate(rows) if not row[4]]
        talk_sample = None if len(others) <= SAMPLE_SIZE else \
            frozenset(random.Random(f"{key[0]}:{key[1]}").sample(others, SAMPLE_SIZE))
        for index, (row, text) in enumerate(zip(rows, texts_of[key], strict=True)):
            is_creator = bool(row[4])
            p_bot, generic = (0.0, False) if is_creator else verdicts[text]
            cues = () if is_creator else comment_cues(text)
            records.append(CommentRecord(
                comment_id=row[1], post_id=row[2], author_key=row[3], text=text, created_at=row[7],
                author_is_creator=is_creator, author_is_bot_account=None if row[5] is None else bool(row[5]),
                bot_probability=p_bot, generic=generic, cues=cues,
            ))
            ts = _epoch(row[7])
            if is_creator:
                talk.append(ConversationComment(row[1], row[2], row[8], True, ts, row[9], NOT_ASSESSED))
                continue
            post_id = row[2]
            if post_id not in profiles:
                v = info.get(post_id)
                profiles[post_id] = post_profile(v[1], v[2], v[3]) if v else None
            flagged = p_bot >= bot_threshold
            if talk_sample is None or index in talk_sample:
                if flagged:   # what bots write is no conversation: model-flagged comments are left out of it
                    talk.append(ConversationComment(row[1], post_id, row[8], False, ts, row[9], NOT_ASSESSED,
                                                    bot_like=True))
                else:
                    pending.append((row, ts, (text, section, profiles[post_id], generic)))
            skeleton = comment_skeleton(text)
            if skeleton is not None:
                skeletons[skeleton] += 1
            eligible = generic
            if not flagged and not generic:
                eligible = not refers_to_post(comment_key(text), text, profiles[post_id])
            if flagged or eligible:
                local = ("formal_in_du_audience",) if du_section and "formal_praise" in cues else ()
                items.append(FlagItem(row[1], row[2], row[3], skeleton, p_bot, eligible, cues, local))
            if row[3] and ts is not None:
                posted = post_times.get(row[2])
                events.append((row[3], ts, None if posted is None else ts - posted, row[2]))
        item = CommentFacts(
            evidence=comment_evidence(records, {pid: v[0] for pid, v in info.items()}, bot_threshold=bot_threshold),
            commented_posts={r.post_id for r in records if not r.author_is_creator},
            answered_posts={r.post_id for r in records if r.author_is_creator},
            items=items, events=events, skeletons=dict(skeletons), audience=audience,
        )
        talks[key] = (talk, pending, len(others))
        now = time.perf_counter()
        seconds["metrics"] += now - t
        t = now
        out[key] = item
    everything = [entry for _, pending, _ in talks.values() for entry in pending]
    traits = iter(classify([inputs for _, _, inputs in everything]))
    for key, (talk, pending, population) in talks.items():
        for row, ts, _ in pending:
            talk.append(ConversationComment(row[1], row[2], row[8], False, ts, row[9], next(traits)))
        out[key].conversation = summarize(talk, population, authors_known=comment_access(key[0])[0] == "full")
    seconds["conversation"] += time.perf_counter() - t
    return out, dict(seconds)


def store_wide(facts: Mapping[tuple[str, str], CommentFacts], bot_threshold: float) -> dict[str, int]:
    """Judge templates and commenters across all creators, then give every creator its final
    comment evidence (:func:`vetting.evidence.network_evidence`). Returns the context summary."""
    from vetting.evidence import network_evidence
    from vetting.networks import ContextBuilder

    builder = ContextBuilder()
    for key, f in facts.items():
        builder.add(key, f.skeletons, f.events)
    context = builder.build()
    for f in facts.values():
        hoppers: dict[str, int] = defaultdict(int)
        for author, *_ in f.events:
            if author in context.hoppers:
                hoppers[author] += 1
        templates = sum(n for k, n in f.skeletons.items() if k in context.templates)
        f.evidence = network_evidence(f.evidence, f.items, bot_threshold=bot_threshold, context=context,
                                      template_comments=templates, hopper_comments=dict(hoppers))
        f.items, f.events, f.skeletons = [], [], {}
    return context.summary()


def worker_count(store: Store, workers: int | None) -> int:
    if workers is not None:
        return max(0, workers)
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    count = store.comment_count()
    return 2 if count >= POOL_MIN_COMMENTS else 0


def _start_worker() -> None:
    import gc

    from vetting import bots, conversation_model
    from vetting.memory import reuse_freed_memory

    gc.disable()   # as in the parent's run (vetting.memory.collector_paused), for the worker's life
    reuse_freed_memory()   # batch after batch, the same large arrays: reuse their pages
    bots.load_model()
    conversation_model.load_pipeline()


def fork_pool(workers: int) -> Any:
    """Worker processes that load the model as they start, while the parent reads the store."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)


def _language_sample(rows: Sequence[tuple]) -> list[str]:
    """A seeded sample of at most ``LANGUAGE_POOL`` texts by others (langdetect cost stays bounded)."""
    texts = [row[6] for row in rows if not row[4] and row[6]]
    if len(texts) <= LANGUAGE_POOL:
        return texts
    picks = sorted(random.Random(0).sample(range(len(texts)), LANGUAGE_POOL))
    return [texts[i] for i in picks]


def empty_facts() -> CommentFacts:
    from vetting.conversation import summarize
    from vetting.evidence import comment_evidence, network_evidence
    from vetting.language import LanguageProfile
    from vetting.networks import StoreContext

    evidence = network_evidence(comment_evidence([], {}), [], bot_threshold=1.0, context=StoreContext(),
                                template_comments=0, hopper_comments={})
    return CommentFacts(evidence=evidence, audience=LanguageProfile(shares={}, analysed=0, skipped=0),
                        conversation=summarize([]))


