"""Hashtag normalisation shared by spiders, parsers and the CLI."""

from __future__ import annotations

import re
import unicodedata

from crawler.errors import HashtagError

__all__ = ["normalize_hashtag", "normalize_hashtags"]

# Letters, marks, digits and underscore, as Mastodon and YouTube accept them in tags.
_TAG_RE = re.compile(r"^[^\W]+$", re.UNICODE)
MAX_HASHTAG_LENGTH = 100


def normalize_hashtag(raw: str) -> str:
    """Return ``raw`` without leading ``#``, NFC-normalised and case-folded.

    >>> normalize_hashtag("#VeganRecipes")
    'veganrecipes'

    Raises :class:`HashtagError` for an empty tag, a tag with spaces or punctuation, or one
    longer than 100 characters.
    """
    tag = unicodedata.normalize("NFC", raw.strip()).lstrip("#").strip()
    tag = unicodedata.normalize("NFC", tag.casefold())
    if not tag:
        raise HashtagError(f"empty hashtag {raw!r}: give a word such as 'veganrecipes'")
    if len(tag) > MAX_HASHTAG_LENGTH:
        raise HashtagError(f"hashtag {raw!r} is longer than {MAX_HASHTAG_LENGTH} characters")
    if not _TAG_RE.match(tag):
        raise HashtagError(
            f"malformed hashtag {raw!r}: use letters, digits and '_' only, e.g. 'plantbased'"
        )
    return tag


def normalize_hashtags(raws: list[str] | tuple[str, ...] | str) -> list[str]:
    """Normalise several hashtags (a list, or one comma-separated string), dropping repeats."""
    if isinstance(raws, str):
        raws = [part for part in raws.split(",")]
    seen: dict[str, None] = {}
    for raw in raws:
        seen.setdefault(normalize_hashtag(raw), None)
    if not seen:
        raise HashtagError("no hashtag given: pass at least one, e.g. --hashtag veganrecipes")
    return list(seen)
