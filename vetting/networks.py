"""Store-wide evidence: comment templates and commenters that span creators.

A bot whose single comment looks genuine is caught by what it does across the store: the same
sentence skeleton under many creators, one account commenting on many creators within a few
hours, one account that is always first under new posts. A :class:`ContextBuilder` is fed, creator
by creator, the skeletons and the (author key, time) events of the comments by others (never
identities: ``author_key`` is the keyed hash the store holds; :mod:`vetting.vet` computes them in
its workers while it classifies) and builds a :class:`StoreContext`, which names the context
reasons of one comment (:meth:`StoreContext.reasons`).

Thresholds and why:

* **template** — a skeleton (the comment case-folded with handles, links, digits, emoji and
  punctuation removed) of at least ``TEMPLATE_MIN_WORDS`` words under at least
  ``TEMPLATE_MIN_CREATORS`` creators. Six words keep everyday phrases ("Danke für das Rezept")
  out. Measured on real comments (the Indonesian YouTube set in ``../shared/data``, 68 channels):
  no skeleton of four or more words among 10,275 ordinary comments recurs under three channels,
  while 82 gambling-spam skeletons of six or more words do (295 comments).
* **hopping commenter** — an account that commented on ``HOP_MIN_CREATORS`` different
  creators within ``HOP_WINDOW_HOURS`` hours. Fans follow a few creators and answer over days;
  reply-bot accounts work through lists of creators in one sitting.
* **first commenter** — an account whose comments came within ``FIRST_MINUTES`` of posting on
  at least ``FIRST_MIN_POSTS`` posts of two or more creators, and on at least
  ``FIRST_SHARE`` of all its comments. Notification-driven fans are sometimes first; an account
  that is always first, everywhere, is automated.

These reasons are evidence, not proof: :func:`vetting.evidence.comment_flags` flags a comment
on them only together with what the comment itself shows (praise without reference to the
post, a bot cue).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "CONTEXT_REASONS",
    "ContextBuilder",
    "StoreContext",
    "comment_skeleton",
]

logger = logging.getLogger(__name__)

CONTEXT_REASONS = ("cross_creator_template", "hopping_commenter", "first_commenter")

TEMPLATE_MIN_WORDS = 6
TEMPLATE_MIN_CREATORS = 3
HOP_MIN_CREATORS = 4
HOP_WINDOW_HOURS = 6
FIRST_MINUTES = 10
FIRST_MIN_POSTS = 3
FIRST_SHARE = 0.8

_LINK_OR_HANDLE_RE = re.compile(r"@[\w.]+|https?://\S+|www\.\S+")
_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)
def comment_skeleton(text: str | None) -> str | None:
    """The comment's skeleton, or ``None`` when it has fewer than ``TEMPLATE_MIN_WORDS`` words.

    Handles, links, digits, emoji and punctuation are removed and case is folded, so a template
    with swapped emoji, handles or numbers keeps one skeleton.

    >>> comment_skeleton("Vielen Dank für Ihre harte Arbeit, die Sie in jedes Video stecken! 🍓💋")
    'vielen dank für ihre harte arbeit die sie in jedes video stecken'
    >>> comment_skeleton("Lecker 😍") is None
    True
    """
    if not text or text.count(" ") < TEMPLATE_MIN_WORDS - 1:  # cheap: most comments are short
        return None
    text = text.casefold()
    if "@" in text or "http" in text or "www" in text:
        text = _LINK_OR_HANDLE_RE.sub(" ", text)
    # = _WORD_RE.findall(text): no word holds a space, and a token of letters only is one word whole
    # (str.isalpha is much cheaper than the class test re makes per character).
    words: list[str] = []
    for token in text.split():
        if token.isalpha():
            words.append(token)
        else:
            words.extend(_WORD_RE.findall(token))
    return " ".join(words) if len(words) >= TEMPLATE_MIN_WORDS else None


@dataclass
class StoreContext:
    """What the whole store says about comment templates and commenters."""

    templates: dict[str, int] = field(default_factory=dict)         # skeleton -> creators it appears under
    hoppers: dict[str, int] = field(default_factory=dict)           # author_key -> most creators in one window
    first_commenters: dict[str, int] = field(default_factory=dict)  # author_key -> posts it was fast on

    def reasons(self, skeleton: str | None, author_key: str | None) -> tuple[str, ...]:
        """The context reasons (names in :data:`CONTEXT_REASONS`) of one comment."""
        found = []
        if skeleton is not None and skeleton in self.templates:
            found.append("cross_creator_template")
        if author_key:
            if author_key in self.hoppers:
                found.append("hopping_commenter")
            if author_key in self.first_commenters:
                found.append("first_commenter")
        return tuple(found)

    def summary(self) -> dict[str, int]:
        return {"templates": len(self.templates), "hopping_commenters": len(self.hoppers),
                "first_commenters": len(self.first_commenters)}


Creator = tuple[str, str]
Event = tuple[str, float, "float | None", str]
"""A comment by someone else: ``(author_key, unix time, seconds after its post or None, post_id)``."""


def hopping(times: list[tuple[float, Creator]]) -> int:
    """The most distinct creators inside one ``HOP_WINDOW_HOURS`` window of one author's comments."""
    window = HOP_WINDOW_HOURS * 3600
    times.sort()
    inside: dict[Creator, int] = defaultdict(int)
    start = best = 0
    for ts, creator in times:
        inside[creator] += 1
        while ts - times[start][0] > window:
            gone = times[start][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            start += 1
        best = max(best, len(inside))
    return best


class ContextBuilder:
    """Collects skeletons and commenter events creator by creator; :meth:`build` judges them."""

    def __init__(self) -> None:
        self._skeleton_creators: dict[str, int] = defaultdict(int)
        self._times: dict[str, list[tuple[float, Creator]]] = defaultdict(list)
        self._fast: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # author -> [comments, fast comments]
        self._fast_posts: dict[str, set[tuple[Creator, str]]] = defaultdict(set)

    def add(self, creator: Creator, skeletons: Iterable[str], events: Iterable[Event]) -> None:
        """One creator's distinct comment skeletons and the events of its comments by others."""
        for skeleton in set(skeletons):
            self._skeleton_creators[skeleton] += 1
        fast_limit = FIRST_MINUTES * 60
        for author, ts, delay, post_id in events:
            if not author:
                continue
            self._times[author].append((ts, creator))
            counts = self._fast[author]
            counts[0] += 1
            if delay is not None and 0 <= delay <= fast_limit:
                counts[1] += 1
                self._fast_posts[author].add((creator, post_id))

    def build(self) -> StoreContext:
        templates = {k: n for k, n in self._skeleton_creators.items() if n >= TEMPLATE_MIN_CREATORS}
        hoppers = {}
        for author, times in self._times.items():
            if len({c for _, c in times}) >= HOP_MIN_CREATORS:
                best = hopping(times)
                if best >= HOP_MIN_CREATORS:
                    hoppers[author] = best
        first = {}
        for author, posts in self._fast_posts.items():
            total, fast = self._fast[author]
            if len(posts) >= FIRST_MIN_POSTS and len({c for c, _ in posts}) >= 2 and fast >= FIRST_SHARE * total:
                first[author] = len(posts)
        context = StoreContext(templates=templates, hoppers=hoppers, first_commenters=first)
        logger.info("store-wide comment context: %s", context.summary())
        return context
