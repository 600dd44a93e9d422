"""Pure parsers for the TikTok Research API (``/v2/research/...``, ``/v2/oauth/token/``): no I/O, no Scrapy.

Every parser follows the contract of :mod:`crawler.parsers`: ``parse_<what>(payload, context)``
returns a :class:`~crawler.parsers.Page`. A missing optional field is ``None``; a changed
structure (a payload that is not an object, ``data`` that is not an object, ``videos`` or
``comments`` that is not a list, an item without ``id``) raises :class:`~crawler.errors.ParseError`.

Decisions worth knowing:

* ids (videos, comments, ``parent_comment_id``, ``video_id``) are bare JSON integers above 2^53;
  Python's ``json`` reads them as exact ``int`` and they are stored as ``str``. An id given as a
  string of digits is accepted too (the documentation's example names the video id ``video_id``;
  real answers use ``id``, both are read).
* A creator is their ``username``: the Research API exposes no stable user id in these fields, so a
  renamed account becomes a new creator.
* Strings may contain NUL characters (observed in ``username``); they are removed everywhere.
* A missing count (``like_count`` left out of an item) is unknown (``None``), never 0.
* Comments carry no author in this API: ``author_platform_id``/``author_handle`` stay ``None`` and
  ``author_is_creator`` keeps its default (``False``, which is no evidence: TikTok has no comment authors).
  A top-level comment's ``parent_comment_id`` equals the video id and is stored as ``None``.
* The video page's next cursor is ``cursor`` while ``has_more`` is true (a page may hold fewer
  videos than asked for while more follow); ``search_id`` is in ``facts``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page, Parser
from crawler.timeutil import format_z

__all__ = [
    "PARSERS",
    "PLATFORM",
    "Token",
    "clean",
    "parse_comment_list",
    "parse_error",
    "parse_token",
    "parse_user_info",
    "parse_video_query",
    "profile_url",
    "video_url",
]

logger = logging.getLogger(__name__)

PLATFORM = "tiktok"
WEB = "https://www.tiktok.com"

# @mentions in a description: TikTok usernames are letters, digits, "_" and "." (2-24 characters).
_MENTION_RE = re.compile(r"(?<![\w.@])@([A-Za-z0-9_.]{2,24})")


@dataclass(frozen=True)
class Token:
    """A client access token; the token never shows in ``repr`` (tokens must not reach logs)."""

    access_token: str = field(repr=False)
    expires_in: int | None = None


def clean(value: Any) -> str | None:
    """A string without NUL characters, or ``None`` for anything that is not a string."""
    return value.replace("\x00", "") if isinstance(value, str) else None


def profile_url(username: str) -> str:
    """>>> profile_url("maren.bakes")
    'https://www.tiktok.com/@maren.bakes'
    """
    return f"{WEB}/@{username}"


def video_url(username: str, video_id: str) -> str:
    """>>> video_url("maren.bakes", "7320768196569599275")
    'https://www.tiktok.com/@maren.bakes/video/7320768196569599275'
    """
    return f"{WEB}/@{username}/video/{video_id}"


def _id(value: Any) -> str | None:
    """An id (exact integer, or a string of digits) as ``str``; ``None`` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    text = clean(value)
    return text if text else None


def _epoch(value: Any) -> str | None:
    """Epoch seconds as ``...Z``; ``None`` for anything else (or an impossible time)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return format_z(datetime.fromtimestamp(int(value), UTC), "seconds")
    except (OverflowError, OSError, ValueError):
        return None


def _object(payload: Any, url: str, what: str) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise ParseError(PLATFORM, url, f"{what} is {type(payload).__name__}, expected an object")
    return payload


def _data(payload: Any, url: str) -> dict[str, Any]:
    """The ``data`` object of an answer whose ``error.code`` is ``ok`` (or absent)."""
    payload = _object(payload, url, "payload")
    code, message = parse_error(payload)
    if code not in (None, "ok"):
        raise ParseError(PLATFORM, url, f"error {code}: {message or 'no message'}")
    return _object(payload.get("data"), url, "'data'")


def _list(data: dict[str, Any], key: str, url: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []  # an empty answer may leave the list out
    if not isinstance(value, list):
        raise ParseError(PLATFORM, url, f"{key!r} is {type(value).__name__}, expected a list")
    return value


def _cursor(data: dict[str, Any]) -> str | None:
    """The next cursor while ``has_more`` is true."""
    if data.get("has_more") is not True:
        return None
    cursor = data.get("cursor")
    return str(cursor) if isinstance(cursor, int) and not isinstance(cursor, bool) and cursor >= 0 else None


def _hashtags(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    tags = [(clean(tag) or "").strip().lstrip("#").lower() for tag in value]
    return list(dict.fromkeys(tag for tag in tags if tag))


def _mentions(text: str | None) -> list[str]:
    if not text:
        return []
    return list(dict.fromkeys(m.rstrip(".").lower() for m in _MENTION_RE.findall(text) if m.rstrip(".")))


# -- parsers ---------------------------------------------------------------------------------
def parse_error(payload: Any) -> tuple[str | None, str | None]:
    """``(code, message)`` of an answer: the Research API's ``error{code,message}`` struct, or the
    OAuth form ``{"error": "invalid_client", "error_description": ...}``; ``(None, None)`` when
    neither is there."""
    if not isinstance(payload, dict):
        return None, None
    error = payload.get("error")
    if isinstance(error, dict):
        return clean(error.get("code")), clean(error.get("message"))
    if isinstance(error, str):
        return clean(error), clean(payload.get("error_description"))
    return None, None


def parse_token(payload: Any, context: Context) -> Page:
    """``POST /v2/oauth/token/``: one :class:`Token`."""
    payload = _object(payload, context.url, "payload")
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        code, message = parse_error(payload)
        raise ParseError(PLATFORM, context.url, f"no access_token ({code or 'no error'}: {message or 'no message'})")
    return Page(items=[Token(token, _count(payload.get("expires_in")))])


def parse_video_query(payload: Any, context: Context) -> Page:
    """``POST /v2/research/video/query/``: a :class:`PostItem` per video, in the API's order.

    ``context.creator_id`` (a creator's own videos) names the author of videos that come without
    ``username``; on a hashtag page such videos are only counted (``facts["no_username"]``).
    Facts: ``search_id``, ``has_more``, ``size`` (videos on the page) and ``no_username``.
    """
    data = _data(payload, context.url)
    videos = _list(data, "videos", context.url)
    posts: list[PostItem] = []
    no_username = 0
    for video in videos:
        video = _object(video, context.url, "a video")
        video_id = _id(video.get("id")) or _id(video.get("video_id"))
        if video_id is None:
            raise ParseError(PLATFORM, context.url, "a video has no id")
        username = _text(video.get("username")) or context.creator_id
        if not username:
            no_username += 1
            continue
        text = clean(video.get("video_description"))
        posts.append(PostItem(
            platform=PLATFORM,
            post_id=video_id,
            creator_id=username,
            source_url=context.url,
            fetched_at=context.fetched_at,
            url=video_url(username, video_id),
            created_at=_epoch(video.get("create_time")),
            text=text,
            hashtags=_hashtags(video.get("hashtag_names")),
            mentions=_mentions(text),
            like_count=_count(video.get("like_count")),
            comment_count=_count(video.get("comment_count")),
            share_count=_count(video.get("share_count")),
            view_count=_count(video.get("view_count")),
        ))
    search_id = data.get("search_id")
    facts: dict[str, Any] = {
        "search_id": str(search_id) if isinstance(search_id, str | int) and not isinstance(search_id, bool) else None,
        "has_more": data.get("has_more") is True,
        "size": len(videos),
        "no_username": no_username,
    }
    return Page(items=posts, cursor=_cursor(data), facts=facts)


def parse_user_info(payload: Any, context: Context) -> Page:
    """``POST /v2/research/user/info/``: the :class:`CreatorItem` of ``context.creator_id`` (the username).

    ``likes_count`` (total likes received) has no place in the item and is dropped; the region of
    a creator's videos says where a video was posted, not where the creator lives, and is not used.
    """
    data = _data(payload, context.url)
    username = context.creator_id
    if not username:
        raise ParseError(PLATFORM, context.url, "user info without the username it was asked for")
    return Page(items=[CreatorItem(
        platform=PLATFORM,
        creator_id=username,
        handle=username,
        source_url=context.url,
        fetched_at=context.fetched_at,
        display_name=_text(data.get("display_name")),
        bio=_text(data.get("bio_description")),
        profile_url=profile_url(username),
        followers_count=_count(data.get("follower_count")),
        following_count=_count(data.get("following_count")),
        post_count=_count(data.get("video_count")),
        verified=_bool(data.get("is_verified")),
    )])


def parse_comment_list(payload: Any, context: Context) -> Page:
    """``POST /v2/research/video/comment/list/``: a :class:`CommentItem` per comment, no authors.

    ``context.post_id`` is the video asked for; a comment naming another video is counted
    (``facts["foreign"]``) and left out. Facts: ``has_more``, ``size``, ``foreign``.
    """
    data = _data(payload, context.url)
    comments = _list(data, "comments", context.url)
    items: list[CommentItem] = []
    foreign = 0
    for comment in comments:
        comment = _object(comment, context.url, "a comment")
        comment_id = _id(comment.get("id"))
        if comment_id is None:
            raise ParseError(PLATFORM, context.url, "a comment has no id")
        video_id = _id(comment.get("video_id")) or context.post_id
        if video_id is None:
            raise ParseError(PLATFORM, context.url, f"comment {comment_id} names no video")
        if context.post_id is not None and video_id != context.post_id:
            foreign += 1
            continue
        parent = _id(comment.get("parent_comment_id"))
        items.append(CommentItem(
            platform=PLATFORM,
            comment_id=comment_id,
            post_id=video_id,
            source_url=context.url,
            fetched_at=context.fetched_at,
            parent_comment_id=None if parent in (None, video_id) else parent,
            text=clean(comment.get("text")),
            created_at=_epoch(comment.get("create_time")),
            like_count=_count(comment.get("like_count")),
        ))
    return Page(items=items, cursor=_cursor(data),
                facts={"has_more": data.get("has_more") is True, "size": len(comments), "foreign": foreign})


PARSERS: dict[str, Parser] = {
    "token": parse_token,
    "video_query": parse_video_query,
    "user_info": parse_user_info,
    "comment_list": parse_comment_list,
}
