"""Exceptions shared by parsers, spiders and the store."""

from __future__ import annotations


class CreatorscoutError(Exception):
    """Base class for creatorscout's own errors."""


class ParseError(CreatorscoutError, ValueError):
    """A payload's structure is not what the parser expects (the platform changed it)."""

    def __init__(self, platform: str, url: str, detail: str) -> None:
        super().__init__(f"{platform}: cannot parse {url}: {detail}")
        self.platform = platform
        self.url = url
        self.detail = detail


class HashtagError(CreatorscoutError, ValueError):
    """A hashtag argument is empty or malformed."""


class StoreError(CreatorscoutError):
    """The database cannot be opened, migrated or written."""


class CrawlStopped(CreatorscoutError):
    """A stop signal (SIGINT/SIGTERM) ended the crawls; what was collected is kept."""

    def __init__(self, signum: int, detail: str) -> None:
        super().__init__(detail)
        self.signum = signum
