"""Pure parsers, one module per platform, all on one contract.

A parser is a function ``parse_<what>(payload, context) -> Page``: ``payload`` is the decoded
JSON body of one response, ``context`` what the request knew (its URL, when it was fetched, the
creator or post it was about, the limit asked for, paging headers). It returns the items it
found and the cursor of the next page, never does I/O and never sees a Scrapy ``response``. A
changed structure raises :class:`crawler.errors.ParseError`; a missing optional field is
``None``.

Each platform module lists its parsers in ``PARSERS`` (name -> function). The golden fixtures
follow the same names: ``tests/fixtures/<platform>/<parser>/<case>/`` holds ``payload.json``,
``context.json`` (the :class:`Context` fields) and ``expected.json`` (the :class:`Page`, or
``{"error": "ParseError", "detail": ...}``), and one runner (``tests/test_parsers_golden.py``)
checks them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Context", "Page", "Parser"]


@dataclass(frozen=True)
class Context:
    """What a parser knows about a response besides its body."""

    url: str
    fetched_at: str
    creator_id: str | None = None
    post_id: str | None = None
    limit: int | None = None
    link: str | None = None  # the ``Link`` header, where a platform pages with it (Mastodon)


@dataclass
class Page:
    """What one response held: items (or hits the spider acts on), the next cursor, and facts.

    ``facts`` carries what the spider counts or decides on besides the items, by name (for
    example ``oldest_at`` of a timeline page, or ``not_found`` replies of a thread).
    """

    items: list[Any] = field(default_factory=list)
    cursor: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


Parser = Callable[[Any, Context], Page]
