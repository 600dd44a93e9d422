"""Pure parsers for YouTube Data API v3 responses (search, channels, playlist items, videos,
comment threads): no I/O, no Scrapy.

Every parser follows the contract of :mod:`crawler.parsers`: ``parse_<what>(payload, context)``
returns a :class:`~crawler.parsers.Page` whose cursor is the ``nextPageToken``; ``context.url`` is
the request URL already redacted (no API key). A missing optional field is ``None``; a changed
structure raises :class:`~crawler.errors.ParseError`.

Counts arrive as strings (``"1927873"``) and may be missing: hidden like counts, hidden
subscriber counts (``hiddenSubscriberCount: true``) and comment counts of videos whose comments
are disabled are ``None``, never 0. Only ``#hashtags`` written in a video's title or description
are hashtags; ``snippet.tags`` are the uploader's search keywords (not shown to viewers) and are
not stored as hashtags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crawler.errors import HashtagError, ParseError
from crawler.hashtags import normalize_hashtag
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page, Parser
from crawler.timeutil import to_z

__all__ = [
    "PARSERS",
    "PLATFORM",
    "SearchHit",
    "Upload",
    "channel_url",
    "extract_hashtags",
    "extract_mentions",
    "parse_channels",
    "parse_comment_threads",
    "parse_error",
    "parse_playlist_items",
    "parse_search",
    "parse_videos",
    "redact",
    "redact_text",
    "to_int",
    "video_url",
]

PLATFORM = "youtube"

# A hashtag starts after the text start or a character that cannot be part of a word, URL
# fragment or HTML entity ("page#top", "&#39;" are not hashtags) and must hold a non-digit.
_HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w{1,100})")
# YouTube handles: 3-30 letters, digits, '_', '-', '.'; not inside e-mail addresses.
_MENTION_RE = re.compile(r"(?<![\w.@/])@([\w.\-]{3,30})")
# errors[0].reason values that say less than the google.rpc.ErrorInfo reason in error.details.
_GENERIC_REASONS = frozenset({"badRequest", "forbidden"})
_URL_RE = re.compile(r"https?://[^\s<>\"']+")


# -- small helpers ----------------------------------------------------------------------------
def redact(url: str) -> str:
    """``url`` without its ``key`` query parameter (the API key is never stored or logged).

    >>> redact("https://www.googleapis.com/youtube/v3/videos?part=snippet&id=a&key=SECRET")
    'https://www.googleapis.com/youtube/v3/videos?part=snippet&id=a'
    """
    base, sep, query = url.partition("?")
    if not sep:
        return url
    query, hash_sep, fragment = query.partition("#")
    kept = [part for part in query.split("&") if part and part.split("=", 1)[0] != "key"]
    result = base + ("?" + "&".join(kept) if kept else "")
    return result + (hash_sep + fragment if hash_sep else "")


def redact_text(text: str) -> str:
    """``text`` with the ``key`` parameter removed from every URL in it (for log messages)."""
    if "key=" not in text:
        return text
    return _URL_RE.sub(lambda m: redact(m.group(0)), text)


def to_int(value: Any) -> int | None:
    """A count as YouTube sends it (a decimal string, sometimes a number) as int; else ``None``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _obj(value: Any, url: str, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(PLATFORM, url, f"{what} is {type(value).__name__}, expected an object")
    return value


def _opt_obj(value: Any, url: str, what: str) -> dict[str, Any]:
    """An optional object: missing is an empty dict, any other type is a changed structure."""
    if value is None:
        return {}
    return _obj(value, url, what)


def _items(payload: Any, url: str) -> list[Any]:
    payload = _obj(payload, url, "the response")
    items = payload.get("items", [])
    if not isinstance(items, list):
        raise ParseError(PLATFORM, url, f"'items' is {type(items).__name__}, expected a list")
    return items


def _id(value: Any, url: str, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ParseError(PLATFORM, url, f"{what} has no id")
    return value


def _next_token(payload: dict[str, Any]) -> str | None:
    return _str(payload.get("nextPageToken"))


def video_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def channel_url(channel_id: str) -> str:
    return f"https://www.youtube.com/channel/{channel_id}"


def extract_hashtags(*texts: str | None) -> list[str]:
    """``#hashtags`` in ``texts``, normalised (case-folded, NFC), first occurrence first."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text or "#" not in text:
            continue
        for raw in _HASHTAG_RE.findall(text):
            if raw.isdigit():  # "#1" is a rank, not a hashtag (YouTube does not link it either)
                continue
            try:
                seen.setdefault(normalize_hashtag(raw), None)
            except HashtagError:
                continue
    return list(seen)


def extract_mentions(*texts: str | None) -> list[str]:
    """``@handles`` in ``texts`` (without ``@``, trailing dots dropped), first occurrence first."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text or "@" not in text:
            continue
        for raw in _MENTION_RE.findall(text):
            handle = raw.rstrip(".-")
            if len(handle) >= 3:
                seen.setdefault(handle.casefold(), None)
    return list(seen)


# -- errors -----------------------------------------------------------------------------------
def parse_error(payload: Any) -> tuple[int, str | None, str | None]:
    """(code, reason, message) of a Google API error envelope ``{"error": {...}}``.

    The reason is ``error.errors[0].reason`` (``quotaExceeded``, ``commentsDisabled``,
    ``keyInvalid`` ...); when that is missing or generic (``badRequest``, ``forbidden``) the newer
    ``error.details[].reason`` (``API_KEY_INVALID``, ``SERVICE_DISABLED``) wins; else ``error.status``.
    A payload that is not an error envelope gives ``(0, None, None)``.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), dict):
        return 0, None, None
    error = payload["error"]
    code = error.get("code")
    code = code if isinstance(code, int) and not isinstance(code, bool) else 0
    reason: str | None = None
    errors = error.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = _str(errors[0].get("reason"))
    if (reason is None or reason in _GENERIC_REASONS) and isinstance(error.get("details"), list):
        for detail in error["details"]:
            if isinstance(detail, dict) and _str(detail.get("reason")):
                reason = detail["reason"]
                break
    if reason is None:
        reason = _str(error.get("status"))
    return code, reason, _str(error.get("message"))


# -- search.list ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchHit:
    """One video a search found, with its channel."""

    video_id: str
    channel_id: str
    published_at: str | None


def parse_search(payload: Any, context: Context) -> Page:
    """``search.list``: a :class:`SearchHit` per video result.

    facts: ``other_results``, the channels or playlists on the page (not asked for with
    ``type=video``).
    """
    url = context.url
    hits: list[SearchHit] = []
    other_results = 0
    for raw in _items(payload, url):
        item = _obj(raw, url, "a search result")
        ident = _obj(item.get("id"), url, "a search result's id")
        if ident.get("kind") != "youtube#video":
            other_results += 1
            continue
        snippet = _obj(item.get("snippet"), url, "a search result's snippet")
        hits.append(
            SearchHit(
                video_id=_id(ident.get("videoId"), url, "a video search result"),
                channel_id=_id(snippet.get("channelId"), url, "a search result's channel"),
                published_at=to_z(snippet.get("publishedAt")),
            )
        )
    return Page(items=hits, cursor=_next_token(payload), facts={"other_results": other_results})


# -- channels.list ----------------------------------------------------------------------------
def parse_channels(payload: Any, context: Context) -> Page:
    """``channels.list`` (``part=snippet,statistics,contentDetails``): a :class:`CreatorItem` per channel.

    facts: ``uploads``, ``{channel id: uploads playlist id}`` of the channels whose answer has
    one (``contentDetails.relatedPlaylists.uploads``), and ``uploads_unreadable``, the details of
    ``contentDetails`` that have changed structure: those channels are still returned, without an
    uploads playlist.
    """
    url = context.url
    creators: list[CreatorItem] = []
    uploads: dict[str, str] = {}
    unreadable: list[str] = []
    for raw in _items(payload, url):
        item = _obj(raw, url, "a channel")
        channel_id = _id(item.get("id"), url, "a channel")
        snippet = _opt_obj(item.get("snippet"), url, "a channel's snippet")
        stats = _opt_obj(item.get("statistics"), url, "a channel's statistics")
        custom = _str(snippet.get("customUrl"))
        hidden = stats.get("hiddenSubscriberCount") is True
        creators.append(
            CreatorItem(
                platform=PLATFORM,
                creator_id=channel_id,
                handle=custom.lstrip("@") if custom and custom.lstrip("@") else channel_id,
                source_url=url,
                fetched_at=context.fetched_at,
                display_name=_str(snippet.get("title")),
                bio=_str(snippet.get("description")),
                profile_url=channel_url(channel_id),
                followers_count=None if hidden else to_int(stats.get("subscriberCount")),
                post_count=to_int(stats.get("videoCount")),
                view_count=to_int(stats.get("viewCount")),
                account_created_at=to_z(snippet.get("publishedAt")),
                country=_str(snippet.get("country")),
                language=_str(snippet.get("defaultLanguage")),
            )
        )
        try:
            playlist = _uploads_playlist(item, channel_id, url)
        except ParseError as exc:
            unreadable.append(exc.detail)
            continue
        if playlist:
            uploads[channel_id] = playlist
    return Page(items=creators, facts={"uploads": uploads, "uploads_unreadable": unreadable})


def _uploads_playlist(channel: dict[str, Any], channel_id: str, url: str) -> str | None:
    """The uploads playlist id of a channel; ``None`` without the part or with an empty value."""
    details = _opt_obj(channel.get("contentDetails"), url, f"channel {channel_id}'s contentDetails")
    related = _opt_obj(details.get("relatedPlaylists"), url, f"channel {channel_id}'s relatedPlaylists")
    return _str(related.get("uploads"))


# -- playlistItems.list -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Upload:
    """One entry of a channel's uploads playlist."""

    video_id: str
    published_at: str | None


def parse_playlist_items(payload: Any, context: Context) -> Page:
    """``playlistItems.list`` (``part=contentDetails``): an :class:`Upload` per video, in playlist order.

    An uploads playlist lists a channel's public videos newest first. Items without a
    ``videoId`` (deleted or private videos) are left out.
    """
    url = context.url
    uploads: list[Upload] = []
    for raw in _items(payload, url):
        item = _obj(raw, url, "a playlist item")
        details = _opt_obj(item.get("contentDetails"), url, "a playlist item's contentDetails")
        video_id = _str(details.get("videoId"))
        if video_id:
            uploads.append(Upload(video_id=video_id, published_at=to_z(details.get("videoPublishedAt"))))
    return Page(items=uploads, cursor=_next_token(payload))


# -- videos.list ------------------------------------------------------------------------------
def parse_videos(payload: Any, context: Context) -> Page:
    """``videos.list`` (``part=snippet,statistics``): a :class:`PostItem` per video.

    ``title`` is the video title, ``text`` its description; hashtags and mentions come from both.
    """
    url = context.url
    posts: list[PostItem] = []
    for raw in _items(payload, url):
        item = _obj(raw, url, "a video")
        video_id = _id(item.get("id"), url, "a video")
        snippet = _obj(item.get("snippet"), url, "a video's snippet")
        stats = _opt_obj(item.get("statistics"), url, "a video's statistics")
        title = _str(snippet.get("title"))
        description = _str(snippet.get("description"))
        posts.append(
            PostItem(
                platform=PLATFORM,
                post_id=video_id,
                creator_id=_id(snippet.get("channelId"), url, f"video {video_id}'s channel"),
                source_url=url,
                fetched_at=context.fetched_at,
                url=video_url(video_id),
                created_at=to_z(snippet.get("publishedAt")),
                title=title,
                text=description,
                hashtags=extract_hashtags(title, description),
                mentions=extract_mentions(description),
                like_count=to_int(stats.get("likeCount")),
                comment_count=to_int(stats.get("commentCount")),
                share_count=None,
                view_count=to_int(stats.get("viewCount")),
                language=_str(snippet.get("defaultAudioLanguage")) or _str(snippet.get("defaultLanguage")),
            )
        )
    return Page(items=posts)


# -- commentThreads.list ----------------------------------------------------------------------
def _comment(raw: Any, context: Context, video_id: str, parent_id: str | None = None) -> CommentItem:
    url = context.url
    item = _obj(raw, url, "a comment")
    comment_id = _id(item.get("id"), url, "a comment")
    snippet = _obj(item.get("snippet"), url, f"comment {comment_id}'s snippet")
    author = snippet.get("authorChannelId")
    author_id = _str(author.get("value")) if isinstance(author, dict) else _str(author)
    text = snippet.get("textOriginal")
    if not isinstance(text, str):
        text = snippet.get("textDisplay")  # plain text: we ask for textFormat=plainText
    return CommentItem(
        platform=PLATFORM,
        comment_id=comment_id,
        post_id=_str(snippet.get("videoId")) or video_id,
        source_url=url,
        fetched_at=context.fetched_at,
        author_platform_id=author_id,
        author_handle=_str(snippet.get("authorDisplayName")),
        parent_comment_id=_str(snippet.get("parentId")) or parent_id,
        author_is_creator=author_id is not None and author_id == context.creator_id,
        author_is_bot_account=None,  # YouTube does not say
        text=text if isinstance(text, str) else None,
        created_at=to_z(snippet.get("publishedAt")),
        like_count=to_int(snippet.get("likeCount")),
    )


def parse_comment_threads(payload: Any, context: Context) -> Page:
    """``commentThreads.list``: top-level comments and their included replies on the video
    ``context.post_id`` of the channel ``context.creator_id`` (``None``: unknown).

    ``part=snippet,replies`` includes only some replies of a thread (up to five); facts:
    ``replies_not_included``, how many more the threads' ``totalReplyCount`` announce.
    """
    url = context.url
    if not context.post_id:
        raise ValueError("parse_comment_threads needs context.post_id (the video id)")
    comments: list[CommentItem] = []
    not_included = 0
    for raw in _items(payload, url):
        thread = _obj(raw, url, "a comment thread")
        snippet = _obj(thread.get("snippet"), url, "a comment thread's snippet")
        top = _comment(snippet.get("topLevelComment"), context, context.post_id)
        comments.append(top)
        replies = _opt_obj(thread.get("replies"), url, "a thread's replies").get("comments") or []
        if not isinstance(replies, list):
            raise ParseError(PLATFORM, url, f"replies of {top.comment_id} are not a list")
        for reply in replies:
            comments.append(_comment(reply, context, top.post_id, top.comment_id))
        total = to_int(snippet.get("totalReplyCount")) or 0
        not_included += max(0, total - len(replies))
    return Page(items=comments, cursor=_next_token(payload), facts={"replies_not_included": not_included})


PARSERS: dict[str, Parser] = {
    "search": parse_search,
    "channels": parse_channels,
    "playlist_items": parse_playlist_items,
    "videos": parse_videos,
    "comment_threads": parse_comment_threads,
}
