"""Small wording helpers shared by the CLI, reports and evidence texts."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 report``, ``2 reports``, ``1,200 comments`` (``many``: an irregular plural).

    >>> plural(1, "comment"), plural(1200, "comment"), plural(2, "reply", "replies")
    ('1 comment', '1,200 comments', '2 replies')
    """
    return f"{count:,} {word if count == 1 else many or word + 's'}"
