"""Pure parsers for the Instagram Graph API (Instagram API with Facebook Login): no I/O, no Scrapy.

Every parser follows the contract of :mod:`crawler.parsers`: ``parse_<what>(payload, context)``
returns a :class:`~crawler.parsers.Page`. A missing optional field is ``None``; a changed
structure (a payload that is not an object, ``data`` that is not a list, a media object or a
Business Discovery answer without ``id``) raises :class:`~crawler.errors.ParseError`. The
shapes follow the recordings in ``platform-samples/instagram/graph_api`` and the creatorscout
Instagram contract.

Decisions worth knowing:

* Hashtag media carry no author: a :class:`MediaHit` holds the caption's ``@mentions``, which are
  the candidates the spider confirms by Business Discovery. A mention is
  ``@([A-Za-z0-9._]{1,30})`` not preceded by a word character, trailing dots stripped,
  lower-cased (Instagram user names are case-insensitive).
* A creator is the Business Discovery ``id``; the handle is the user name, lower-cased.
* ``like_count`` absent means the owner hid likes: unknown (``None``), never 0. ``view_count`` is
  never given by these calls (``None``).
* ``paging.next`` URLs carry the access token: only ``paging.cursors.after`` is read, and only
  when the answer says there is a next page (hashtag media: ``next`` present; Business Discovery
  media: an ``after`` cursor present).
* Usage headers (:func:`parse_usage`) and the error envelope (:func:`parse_error`) are parsed
  here too, so the budget middleware and the spider share one reading of them.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.errors import ParseError
from crawler.items import CreatorItem, PostItem
from crawler.parsers import Context, Page, Parser
from crawler.parsers.youtube import extract_hashtags
from crawler.timeutil import to_z

__all__ = [
    "PARSERS",
    "PLATFORM",
    "GraphError",
    "MediaHit",
    "Usage",
    "extract_mentions",
    "parse_business_discovery",
    "parse_error",
    "parse_hashtag_media",
    "parse_hashtag_search",
    "parse_usage",
    "profile_url",
]

logger = logging.getLogger(__name__)

PLATFORM = "instagram"
PROFILE_URL = "https://www.instagram.com/{username}/"

# An Instagram user name after "@", not inside a word or an e-mail address.
_MENTION_RE = re.compile(r"(?<!\w)@([A-Za-z0-9._]{1,30})")


@dataclass(frozen=True)
class MediaHit:
    """A media object of a hashtag page: no author, only the handles its caption mentions."""

    post_id: str
    created_at: str | None
    permalink: str | None
    mentions: list[str] = field(default_factory=list)
    like_count: int | None = None
    comment_count: int | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class GraphError:
    """The Graph API error envelope: ``{"error": {"message", "type", "code", ...}}``."""

    code: int | None
    subcode: int | None = None
    message: str | None = None
    type: str | None = None
    is_transient: bool | None = None
    user_title: str | None = None


@dataclass(frozen=True)
class Usage:
    """What the usage headers say: the highest percentage of any window, and the minutes until
    access is regained (``None`` when no header said)."""

    percent: int | None = None
    regain_minutes: int | None = None


def profile_url(username: str) -> str:
    return PROFILE_URL.format(username=username)


def extract_mentions(text: str | None) -> list[str]:
    """``@user`` names in ``text``: lower-case, trailing dots dropped, first occurrence first."""
    if not text or "@" not in text:
        return []
    seen: dict[str, None] = {}
    for raw in _MENTION_RE.findall(text):
        handle = raw.rstrip(".").lower()
        if handle:
            seen.setdefault(handle, None)
    return list(seen)


# -- small readers -----------------------------------------------------------------------------
def _object(value: Any, url: str, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(PLATFORM, url, f"{what} is {type(value).__name__}, expected an object")
    return value


def _list(body: dict[str, Any], key: str, url: str, what: str) -> list[Any]:
    value = body.get(key)
    if not isinstance(value, list):
        raise ParseError(PLATFORM, url, f"{what} '{key}' is {type(value).__name__}, expected a list")
    return value


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _count(value: Any) -> int | None:
    """A count, or ``None`` when missing or not a non-negative whole number (``True`` is no count)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _id(value: Any) -> str | None:
    """A Graph id: digits given as a string (or a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _after(body: dict[str, Any], *, needs_next: bool) -> str | None:
    """The ``after`` cursor of a page that has a next page (never the ``next`` URL: it holds the token)."""
    paging = body.get("paging")
    if not isinstance(paging, dict):
        return None
    if needs_next and not _str(paging.get("next")):
        return None
    cursors = paging.get("cursors")
    return _str(cursors.get("after")) if isinstance(cursors, dict) else None


def _oldest(times: list[str | None]) -> str | None:
    known = [t for t in times if t]
    return min(known) if known else None


# -- hashtag search ----------------------------------------------------------------------------
def parse_hashtag_search(payload: Any, context: Context) -> Page:
    """``ig_hashtag_search``: the hashtag's id as the one item (none for an unknown or blocked tag)."""
    url = context.url
    body = _object(payload, url, "ig_hashtag_search answer")
    data = _list(body, "data", url, "ig_hashtag_search")
    ids = [hashtag_id for hashtag_id in (_id(e.get("id")) if isinstance(e, dict) else None for e in data)
           if hashtag_id]
    return Page(items=ids[:1], facts={"found": bool(ids)})


def parse_hashtag_media(payload: Any, context: Context) -> Page:
    """``/{hashtag-id}/recent_media`` or ``/top_media``: one :class:`MediaHit` per media object.

    The cursor is ``paging.cursors.after`` when the page has a ``next`` link. facts: ``size``
    (media on the page), ``oldest_at`` (oldest timestamp), ``mentions`` (mentions on the page).
    """
    url = context.url
    body = _object(payload, url, "hashtag media answer")
    data = _list(body, "data", url, "hashtag media")
    hits: list[MediaHit] = []
    for index, raw in enumerate(data):
        media = _object(raw, url, f"media #{index}")
        media_id = _id(media.get("id"))
        if media_id is None:
            raise ParseError(PLATFORM, url, f"media #{index} has no id")
        hits.append(MediaHit(
            post_id=media_id,
            created_at=to_z(media.get("timestamp")),
            permalink=_str(media.get("permalink")),
            mentions=extract_mentions(_str(media.get("caption"))),
            like_count=_count(media.get("like_count")),
            comment_count=_count(media.get("comments_count")),
            media_type=_str(media.get("media_type")),
        ))
    facts = {
        "size": len(hits),
        "oldest_at": _oldest([hit.created_at for hit in hits]),
        "mentions": sum(len(hit.mentions) for hit in hits),
    }
    return Page(items=hits, cursor=_after(body, needs_next=True), facts=facts)


# -- business discovery ------------------------------------------------------------------------
def _post(media: dict[str, Any], creator_id: str, context: Context, index: int) -> PostItem:
    media_id = _id(media.get("id"))
    if media_id is None:
        raise ParseError(PLATFORM, context.url, f"media #{index} has no id")
    caption = _str(media.get("caption"))
    return PostItem(
        platform=PLATFORM,
        post_id=media_id,
        creator_id=creator_id,
        source_url=context.url,
        fetched_at=context.fetched_at,
        url=_str(media.get("permalink")),
        created_at=to_z(media.get("timestamp")),
        text=caption,
        hashtags=extract_hashtags(caption),
        mentions=extract_mentions(caption),
        like_count=_count(media.get("like_count")),  # absent: hidden likes, unknown
        comment_count=_count(media.get("comments_count")),
        view_count=None,
    )


def parse_business_discovery(payload: Any, context: Context) -> Page:
    """``/{ig-user-id}?fields=business_discovery.username(H){...}``: the creator and a page of media.

    items: the creator's media as :class:`PostItem` (newest first, as given); facts: ``creator``
    (the :class:`CreatorItem`), ``size`` (media on the page) and ``oldest_at``. The cursor is the
    media page's ``after`` cursor (none on the last page). ``context.limit`` keeps at most that
    many media of the page.
    """
    url = context.url
    body = _object(payload, url, "Business Discovery answer")
    discovery = _object(body.get("business_discovery"), url, "business_discovery")
    creator_id = _id(discovery.get("id"))
    username = _str(discovery.get("username"))
    if creator_id is None or username is None:
        raise ParseError(PLATFORM, url, "business_discovery has no id or username")
    handle = username.strip().lower()
    creator = CreatorItem(
        platform=PLATFORM,
        creator_id=creator_id,
        handle=handle,
        source_url=url,
        fetched_at=context.fetched_at,
        display_name=_str(discovery.get("name")),
        bio=_str(discovery.get("biography")),
        profile_url=profile_url(handle),
        external_url=_str(discovery.get("website")),
        followers_count=_count(discovery.get("followers_count")),
        following_count=_count(discovery.get("follows_count")),
        post_count=_count(discovery.get("media_count")),
    )
    media_page = discovery.get("media")
    posts: list[PostItem] = []
    cursor = None
    size = 0
    if media_page is not None:
        media_page = _object(media_page, url, "business_discovery.media")
        data = _list(media_page, "data", url, "business_discovery.media")
        size = len(data)
        for index, raw in enumerate(data):
            posts.append(_post(_object(raw, url, f"media #{index}"), creator_id, context, index))
        cursor = _after(media_page, needs_next=False)
    oldest = _oldest([post.created_at for post in posts])
    if context.limit is not None:
        posts = posts[:context.limit]
    return Page(items=posts, cursor=cursor, facts={"creator": creator, "size": size, "oldest_at": oldest})


# -- errors and usage headers ------------------------------------------------------------------
def parse_error(payload: Any) -> GraphError | None:
    """The Graph error envelope of an answer, or ``None`` when the body holds no error object."""
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), dict):
        return None
    error = payload["error"]
    code = error.get("code")
    subcode = error.get("error_subcode")
    transient = error.get("is_transient")
    return GraphError(
        code=code if isinstance(code, int) and not isinstance(code, bool) else _count(code),
        subcode=subcode if isinstance(subcode, int) and not isinstance(subcode, bool) else _count(subcode),
        message=_str(error.get("message")),
        type=_str(error.get("type")),
        is_transient=transient if isinstance(transient, bool) else None,
        user_title=_str(error.get("error_user_title")),
    )


_USAGE_FIELDS = ("call_count", "total_cputime", "total_time")


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    value = headers.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if isinstance(value, str) and value.strip() else None


def _percents(entry: Any) -> list[int]:
    if not isinstance(entry, dict):
        return []
    return [p for p in (_count(entry.get(name)) for name in _USAGE_FIELDS) if p is not None]


def parse_usage(headers: Mapping[str, Any]) -> Usage:
    """``X-App-Usage`` and ``X-Business-Use-Case-Usage`` (integer percentages of the windows).

    ``percent`` is the highest of ``call_count``, ``total_cputime`` and ``total_time`` over both
    headers and every business-use-case entry; ``regain_minutes`` the longest
    ``estimated_time_to_regain_access``. A header that is not JSON is ignored (``None`` values).
    """
    percents: list[int] = []
    regain: list[int] = []
    app = _header(headers, "X-App-Usage")
    if app:
        try:
            percents += _percents(json.loads(app))
        except ValueError:
            logger.debug("X-App-Usage is not JSON: %r", app[:200])
    buc = _header(headers, "X-Business-Use-Case-Usage")
    if buc:
        try:
            decoded = json.loads(buc)
        except ValueError:
            decoded = None
            logger.debug("X-Business-Use-Case-Usage is not JSON: %r", buc[:200])
        for entries in (decoded.values() if isinstance(decoded, dict) else ()):
            for entry in entries if isinstance(entries, list) else [entries]:
                percents += _percents(entry)
                minutes = _count(entry.get("estimated_time_to_regain_access")) if isinstance(entry, dict) else None
                if minutes is not None:
                    regain.append(minutes)
    return Usage(percent=max(percents) if percents else None, regain_minutes=max(regain) if regain else None)


PARSERS: dict[str, Parser] = {
    "hashtag_search": parse_hashtag_search,
    "hashtag_media": parse_hashtag_media,
    "business_discovery": parse_business_discovery,
}
