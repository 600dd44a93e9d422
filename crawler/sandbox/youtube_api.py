"""YouTube Data API v3 payloads for the sandbox world, served under ``/youtube/v3/``.

Pure rendering functions build the resources (``youtube#searchResult``, ``youtube#video``,
``youtube#channel``, ``youtube#commentThread``, ``youtube#comment``); :class:`YouTubeAPI` checks
the ``key`` parameter, counts quota units per key (search 100, everything else 1), pages with
opaque tokens and answers errors in the API's envelope.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import threading
from collections.abc import Iterable
from typing import Any

from crawler.sandbox.mastodon_api import ApiResponse, escape_html, json_bytes
from crawler.sandbox.platforms import youtube as youtube_world
from crawler.sandbox.world import Comment, Creator, Persona, Post, World, iso_s

__all__ = [
    "DEFAULT_KEYS",
    "DEFAULT_QUOTA",
    "QUOTA_COSTS",
    "YouTubeAPI",
    "error_envelope",
    "render_channel",
    "render_comment",
    "render_playlist_item",
    "render_search_result",
    "render_thread",
    "render_video",
]

DEFAULT_KEYS = frozenset({"sandbox-key"})
DEFAULT_QUOTA = 10_000
QUOTA_COSTS = {"search": 100, "videos": 1, "channels": 1, "playlistItems": 1, "commentThreads": 1, "comments": 1}
_URL_RE = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_QUOTA_MESSAGE = (
    "The request cannot be completed because you have exceeded your "
    '<a href="/youtube/v3/getting-started#quota">quota</a>.'
)
_CATEGORY = {"food": "26", "gaming": "20", "crypto": "28", "cars": "2"}


def error_envelope(code: int, message: str, reason: str, domain: str, location: str | None = None) -> bytes:
    """The API's error body (``{"error": {"code", "message", "errors": [...]}}``)."""
    item: dict[str, Any] = {"message": message, "domain": domain, "reason": reason}
    if location:
        item["location"] = location
        item["locationType"] = "parameter"
    return json_bytes({"error": {"code": code, "message": message, "errors": [item]}})


def _etag(*parts: object) -> str:
    raw = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=20).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _html(text: str) -> str:
    """``textDisplay`` in html format: escaped, links as anchors, newlines as ``<br>``."""
    out, pos = [], 0
    for m in _URL_RE.finditer(text):
        out.append(escape_html(text[pos : m.start()]))
        out.append(f'<a href="{escape_html(m.group())}">{escape_html(m.group())}</a>')
        pos = m.end()
    out.append(escape_html(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _thumbs(base_url: str, video_id: str, sizes: Iterable[str]) -> dict[str, Any]:
    dims = {
        "default": ("default", 120, 90),
        "medium": ("mqdefault", 320, 180),
        "high": ("hqdefault", 480, 360),
        "standard": ("sddefault", 640, 480),
        "maxres": ("maxresdefault", 1280, 720),
    }
    return {
        s: {"url": f"{base_url}/vi/{video_id}/{dims[s][0]}.jpg", "width": dims[s][1], "height": dims[s][2]}
        for s in sizes
    }


def _avatar(base_url: str, channel_id: str, size: int) -> str:
    return f"{base_url}/ytc/{channel_id}=s{size}-c-k-c0x00ffffff-no-rj"


def _description(post: Post, creator: Creator) -> str:
    return post.text + f"\n\nMehr Rezepte: @{creator.handle}"


def render_search_result(world: World, post: Post, base_url: str) -> dict[str, Any]:
    creator = world.creators[post.creator]
    description = _description(post, creator).replace("\n", " ")
    if len(description) > 160:
        description = description[:157].rstrip() + " ..."
    published = iso_s(post.created_ms)
    return {
        "kind": "youtube#searchResult",
        "etag": _etag("search", post.post_id, world.epoch),
        "id": {"kind": "youtube#video", "videoId": post.post_id},
        "snippet": {
            "publishedAt": published,
            "channelId": creator.channel_id,
            "title": post.title,
            "description": description,
            "thumbnails": _thumbs(base_url, post.post_id, ("default", "medium", "high")),
            "channelTitle": creator.display_name,
            "liveBroadcastContent": "none",
            "publishTime": published,
        },
    }


def render_video(world: World, post: Post, base_url: str, parts: set[str]) -> dict[str, Any]:
    creator = world.creators[post.creator]
    item: dict[str, Any] = {
        "kind": "youtube#video",
        "etag": _etag("video", post.post_id, world.epoch),
        "id": post.post_id,
    }
    description = _description(post, creator)
    if "snippet" in parts:
        snippet: dict[str, Any] = {
            "publishedAt": iso_s(post.created_ms),
            "channelId": creator.channel_id,
            "title": post.title,
            "description": description,
            "thumbnails": _thumbs(
                base_url, post.post_id, ("default", "medium", "high", "standard", "maxres")
            ),
            "channelTitle": creator.display_name,
            "tags": [t for t in post.hashtags if t not in ("ad", "anzeige", "werbung")][:8],
            "categoryId": _CATEGORY.get(post.topic, "22"),
            "liveBroadcastContent": "none",
        }
        if post.seq % 4:
            snippet["defaultLanguage"] = post.language
        snippet["localized"] = {"title": post.title, "description": description}
        snippet["defaultAudioLanguage"] = post.language
        item["snippet"] = snippet
    if "contentDetails" in parts:
        seconds = 180 + post.seq * 37 % 1500
        item["contentDetails"] = {
            "duration": f"PT{seconds // 60}M{seconds % 60}S",
            "dimension": "2d",
            "definition": "hd",
            "caption": "false",
            "licensedContent": post.seq % 3 == 0,
            "contentRating": {},
            "projection": "rectangular",
        }
    if "status" in parts:
        item["status"] = {
            "uploadStatus": "processed",
            "privacyStatus": "public",
            "license": "youtube",
            "embeddable": True,
            "publicStatsViewable": True,
            "madeForKids": False,
        }
    if "statistics" in parts:
        stats = {"viewCount": str(post.view_count)}
        if not creator.hidden_likes:
            stats["likeCount"] = str(post.like_count)
        stats["favoriteCount"] = "0"
        if not post.comments_disabled:
            stats["commentCount"] = str(world.comment_counts(post)[1])
        item["statistics"] = stats
    return item


def render_channel(world: World, acct: Creator | Persona, base_url: str, parts: set[str]) -> dict[str, Any]:
    cid = acct.channel_id
    item: dict[str, Any] = {"kind": "youtube#channel", "etag": _etag("channel", cid, world.epoch), "id": cid}
    is_creator = isinstance(acct, Creator)
    videos = [p for p in world.creator_posts(acct)] if is_creator else []
    if "snippet" in parts:
        snippet: dict[str, Any] = {
            "title": acct.display_name,
            "description": acct.bio,
            "customUrl": f"@{acct.handle.lower()}",
            "publishedAt": iso_s(acct.created_ms)[:-1] + f".{acct.created_ms % 1000:03d}Z"
            if acct.created_ms % 2
            else iso_s(acct.created_ms),
            "thumbnails": {
                name: {"url": _avatar(base_url, cid, size), "width": size, "height": size}
                for name, size in (("default", 88), ("medium", 240), ("high", 800))
            },
            "localized": {"title": acct.display_name, "description": acct.bio},
        }
        country = acct.country if is_creator else None
        if country:
            snippet["country"] = country
        item["snippet"] = snippet
    if "contentDetails" in parts:
        item["contentDetails"] = {"relatedPlaylists": {"likes": "", "uploads": "UU" + cid[2:]}}
    if "statistics" in parts:
        stats: dict[str, Any] = {
            "viewCount": str(sum(p.view_count for p in videos) + acct.followers_at(0) * 3)
        }
        hidden = is_creator and acct.hidden_subscribers
        if not hidden:
            stats["subscriberCount"] = str(_round_subscribers(acct.followers_at(world.epoch)))
        stats["hiddenSubscriberCount"] = hidden
        stats["videoCount"] = str(len(videos))
        item["statistics"] = stats
    if "brandingSettings" in parts:
        item["brandingSettings"] = {"channel": {"title": acct.display_name, "description": acct.bio}}
    return item


def render_playlist_item(
    world: World, post: Post, playlist_id: str, position: int, base_url: str, parts: set[str]
) -> dict[str, Any]:
    """One entry of a channel's uploads playlist (``youtube#playlistItem``)."""
    creator = world.creators[post.creator]
    item: dict[str, Any] = {
        "kind": "youtube#playlistItem",
        "etag": _etag("playlistItem", playlist_id, post.post_id, world.epoch),
        "id": base64.urlsafe_b64encode(f"{playlist_id}.{post.post_id}".encode()).decode().rstrip("="),
    }
    published = iso_s(post.created_ms)
    if "snippet" in parts:
        item["snippet"] = {
            "publishedAt": published,
            "channelId": creator.channel_id,
            "title": post.title,
            "description": _description(post, creator),
            "thumbnails": _thumbs(base_url, post.post_id, ("default", "medium", "high")),
            "channelTitle": creator.display_name,
            "playlistId": playlist_id,
            "position": position,
            "resourceId": {"kind": "youtube#video", "videoId": post.post_id},
            "videoOwnerChannelTitle": creator.display_name,
            "videoOwnerChannelId": creator.channel_id,
        }
    if "contentDetails" in parts:
        item["contentDetails"] = {"videoId": post.post_id, "videoPublishedAt": published}
    if "status" in parts:
        item["status"] = {"privacyStatus": "public"}
    return item


def _round_subscribers(count: int) -> int:
    """The public API rounds subscriber counts to three significant figures."""
    if count < 1000:
        return count
    digits = len(str(count)) - 3
    return count // 10**digits * 10**digits


def render_comment(
    world: World,
    post: Post,
    comment: Comment,
    base_url: str,
    *,
    plain: bool,
    parent_id: str | None = None,
) -> dict[str, Any]:
    author = world.account(comment.author)
    creator = world.creators[post.creator]
    text = comment.text
    if parent_id is not None and comment.parent is not None and comment.parent != comment.root:
        text = f"@{world.account(world.comments(post)[comment.parent].author).handle} {text}"
    published = iso_s(comment.created_ms)
    snippet: dict[str, Any] = {
        "channelId": creator.channel_id,
        "videoId": post.post_id,
        "textDisplay": text if plain else _html(text),
        "textOriginal": text,
        "authorDisplayName": f"@{author.handle}",
        "authorProfileImageUrl": _avatar(base_url, author.channel_id, 48),
        "authorChannelUrl": f"{base_url}/channel/{author.channel_id}",
        "authorChannelId": {"value": author.channel_id},
        "canRate": True,
        "viewerRating": "none",
        "likeCount": comment.like_count,
        "publishedAt": published,
        "updatedAt": published,
    }
    if parent_id is not None:
        snippet["parentId"] = parent_id
    return {
        "kind": "youtube#comment",
        "etag": _etag("comment", comment.comment_id),
        "id": comment.comment_id,
        "snippet": snippet,
    }


def _replies_of(comments: list[Comment], root: Comment) -> list[Comment]:
    return [c for c in comments if c.root == root.index]


def render_thread(
    world: World, post: Post, top: Comment, base_url: str, *, plain: bool, with_replies: bool
) -> dict[str, Any]:
    comments = world.comments(post)
    replies = _replies_of(comments, top)
    creator = world.creators[post.creator]
    item: dict[str, Any] = {
        "kind": "youtube#commentThread",
        "etag": _etag("thread", top.comment_id, len(replies)),
        "id": top.comment_id,
        "snippet": {
            "channelId": creator.channel_id,
            "videoId": post.post_id,
            "topLevelComment": render_comment(world, post, top, base_url, plain=plain),
            "canReply": True,
            "totalReplyCount": len(replies),
            "isPublic": True,
        },
    }
    if with_replies and replies:
        item["replies"] = {
            "comments": [
                render_comment(world, post, r, base_url, plain=plain, parent_id=top.comment_id)
                for r in replies[:5]
            ]
        }
    return item


# -- routing -------------------------------------------------------------------------------------


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(b"\x08sbx" + struct.pack(">I", offset)).rstrip(b"=").decode("ascii")


def _decode_token(token: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        return None
    if len(raw) != 8 or raw[:4] != b"\x08sbx":
        return None
    return struct.unpack(">I", raw[4:])[0]


class YouTubeAPI:
    """Routes ``/youtube/v3/<resource>`` requests; thread-safe; tracks quota per key."""

    def __init__(
        self,
        world: World,
        base_url: str,
        *,
        keys: Iterable[str] = DEFAULT_KEYS,
        daily_quota: int = DEFAULT_QUOTA,
    ) -> None:
        self.world = world
        self.base_url = base_url.rstrip("/")
        self.keys = frozenset(keys)
        self.daily_quota = daily_quota
        self.quota_used: dict[str, int] = {}
        self._lock = threading.RLock()

    def reset_quota(self) -> None:
        with self._lock:
            self.quota_used.clear()

    def charge(self, path: str, query: dict[str, str]) -> int:
        """Charge a request's quota cost to its key without answering it (a failed call: Google
        charges those too); 0 when the key is unknown or the day's quota is spent."""
        resource = path.rstrip("/").rsplit("/", 1)[-1]
        key = query.get("key")
        cost = QUOTA_COSTS.get(resource)
        if not key or key not in self.keys or cost is None:
            return 0
        with self._lock:
            used = self.quota_used.get(key, 0)
            if used + cost > self.daily_quota:
                return 0
            self.quota_used[key] = used + cost
        return cost

    def handle(self, path: str, query: dict[str, str]) -> ApiResponse:
        resource = path.rstrip("/").rsplit("/", 1)[-1]
        kind = f"youtube.{resource}"
        key = query.get("key")
        if not key or key not in self.keys:
            return ApiResponse(400, error_envelope(400, "Bad Request", "keyInvalid", "usageLimits"), kind)
        handler = {
            "search": self._search,
            "videos": self._videos,
            "channels": self._channels,
            "playlistItems": self._playlist_items,
            "commentThreads": self._comment_threads,
            "comments": self._comments,
        }.get(resource)
        if handler is None:
            return ApiResponse(404, error_envelope(404, "Not Found", "notFound", "global"), "youtube.unknown")
        cost = QUOTA_COSTS[resource]
        with self._lock:
            used = self.quota_used.get(key, 0)
            if used + cost > self.daily_quota:
                return ApiResponse(
                    403, error_envelope(403, _QUOTA_MESSAGE, "quotaExceeded", "youtube.quota"), kind
                )
            self.quota_used[key] = used + cost
            if "part" not in query or not query["part"].strip():
                return ApiResponse(
                    400,
                    error_envelope(
                        400, "No filter selected. Expected one of: ...", "required", "global", "part"
                    ),
                    kind,
                    quota_cost=cost,
                )
            response = handler(query)
        response.kind, response.quota_cost = kind, cost
        return response

    @staticmethod
    def _parts(query: dict[str, str]) -> set[str]:
        return {p.strip() for p in query.get("part", "").split(",") if p.strip()}

    @staticmethod
    def _max_results(query: dict[str, str], default: int, maximum: int) -> int | ApiResponse:
        raw = query.get("maxResults")
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if not 0 <= value <= maximum:
            message = f"Invalid value '{raw}'. Values must be within the range: [0, {maximum}]"
            return ApiResponse(
                400, error_envelope(400, message, "invalidParameter", "youtube.parameter", "maxResults"), ""
            )
        return value

    def _offset(self, query: dict[str, str]) -> int | ApiResponse:
        token = query.get("pageToken")
        if not token:
            return 0
        offset = _decode_token(token)
        if offset is None:
            return ApiResponse(
                400,
                error_envelope(
                    400,
                    "The request specifies an invalid page token.",
                    "invalidPageToken",
                    "youtube.parameter",
                    "pageToken",
                ),
                "",
            )
        return offset

    def _paged(
        self, query: dict[str, str], total: int, default: int, maximum: int
    ) -> tuple[int, int, dict[str, Any]] | ApiResponse:
        size = self._max_results(query, default, maximum)
        if isinstance(size, ApiResponse):
            return size
        offset = self._offset(query)
        if isinstance(offset, ApiResponse):
            return offset
        tokens: dict[str, Any] = {}
        if offset + size < total and size > 0:
            tokens["nextPageToken"] = _encode_token(offset + size)
        if offset > 0:
            tokens["prevPageToken"] = _encode_token(max(0, offset - size))
        return offset, size, tokens

    def _search(self, query: dict[str, str]) -> ApiResponse:
        if query.get("type", "video") not in ("video", "video,channel,playlist"):
            hits: list[Post] = []
        else:
            terms = [t.lstrip("#").lower() for t in re.split(r"[\s|,]+", query.get("q", "")) if t.lstrip("#")]
            hits = self.world.tagged_posts("youtube", terms[0]) if terms else []
            hits = [p for p in hits if all(t in p.hashtags for t in terms[1:])]
            after, before = query.get("publishedAfter"), query.get("publishedBefore")
            if after:
                hits = [p for p in hits if iso_s(p.created_ms) > after.replace(".000", "")]
            if before:
                hits = [p for p in hits if iso_s(p.created_ms) < before.replace(".000", "")]
        paged = self._paged(query, len(hits), 5, 50)
        if isinstance(paged, ApiResponse):
            return paged
        offset, size, tokens = paged
        page = hits[offset : offset + size]
        body = {
            "kind": "youtube#searchListResponse",
            "etag": _etag("searchlist", query.get("q"), offset, self.world.epoch),
            **tokens,
            "regionCode": query.get("regionCode", "DE"),
            "pageInfo": {"totalResults": len(hits), "resultsPerPage": size},
            "items": [render_search_result(self.world, p, self.base_url) for p in page],
        }
        return ApiResponse(200, json_bytes(body), "")

    def _ids(self, query: dict[str, str]) -> list[str] | ApiResponse:
        ids = [i.strip() for i in query.get("id", "").split(",") if i.strip()]
        if len(ids) > 50:
            return ApiResponse(
                400,
                error_envelope(
                    400,
                    "The request specifies more than 50 ids.",
                    "invalidFilters",
                    "youtube.parameter",
                    "id",
                ),
                "",
            )
        return ids

    def _videos(self, query: dict[str, str]) -> ApiResponse:
        ids = self._ids(query)
        if isinstance(ids, ApiResponse):
            return ids
        parts = self._parts(query)
        items = []
        for vid in ids:
            post = self.world.post_by_id("youtube", vid)
            if post is not None:
                items.append(render_video(self.world, post, self.base_url, parts))
        body = {
            "kind": "youtube#videoListResponse",
            "etag": _etag("videos", ",".join(ids), self.world.epoch),
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
        }
        return ApiResponse(200, json_bytes(body), "")

    def _channels(self, query: dict[str, str]) -> ApiResponse:
        parts = self._parts(query)
        if query.get("forHandle"):
            wanted = query["forHandle"].lstrip("@").lower()
            accts = [c for c in self.world.creators if c.platform == "youtube" and c.handle.lower() == wanted]
            ids = [c.channel_id for c in accts]
        else:
            found = self._ids(query)
            if isinstance(found, ApiResponse):
                return found
            ids = found
        items = []
        for cid in ids:
            acct = self.world.account_by_native_id("youtube", cid)
            if acct is not None:
                items.append(render_channel(self.world, acct, self.base_url, parts))
        body = {
            "kind": "youtube#channelListResponse",
            "etag": _etag("channels", ",".join(ids), self.world.epoch),
            "pageInfo": {"totalResults": len(items), "resultsPerPage": 5},
            "items": items,
        }
        return ApiResponse(200, json_bytes(body), "")

    def _playlist_items(self, query: dict[str, str]) -> ApiResponse:
        playlist_id = query.get("playlistId", "")
        if not playlist_id:
            message = "No filter selected. Expected one of: playlistId, id"
            return ApiResponse(
                400, error_envelope(400, message, "missingRequiredParameter", "youtube.parameter", "playlistId"), ""
            )
        uploads_of = "UC" + playlist_id[2:]
        acct = self.world.account_by_native_id("youtube", uploads_of) if playlist_id.startswith("UU") else None
        if not isinstance(acct, Creator):
            message = "The playlist identified with the request's <code>playlistId</code> parameter cannot be found."
            return ApiResponse(
                404,
                error_envelope(404, message, "playlistNotFound", "youtube.playlistItem", "playlistId"),
                "",
            )
        uploads = [p for p in self.world.creator_posts(acct) if p.reblog_of is None]
        paged = self._paged(query, len(uploads), 5, 50)
        if isinstance(paged, ApiResponse):
            return paged
        offset, size, tokens = paged
        parts = self._parts(query)
        body = {
            "kind": "youtube#playlistItemListResponse",
            "etag": _etag("playlistItems", playlist_id, offset, self.world.epoch),
            **tokens,
            "items": [
                render_playlist_item(self.world, post, playlist_id, offset + i, self.base_url, parts)
                for i, post in enumerate(uploads[offset : offset + size])
            ],
            "pageInfo": {"totalResults": len(uploads), "resultsPerPage": size},
        }
        return ApiResponse(200, json_bytes(body), "")

    def _comment_threads(self, query: dict[str, str]) -> ApiResponse:
        video_id = query.get("videoId")
        if not video_id:
            return ApiResponse(
                400,
                error_envelope(
                    400,
                    "No filter selected. Expected one of: videoId, id, allThreadsRelatedToChannelId",
                    "missingRequiredParameter",
                    "youtube.parameter",
                    "videoId",
                ),
                "",
            )
        post = self.world.post_by_id("youtube", video_id)
        link = '<code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code>'
        if post is None:
            return ApiResponse(
                404,
                error_envelope(
                    404,
                    f"The video identified by the {link} parameter could not be found.",
                    "videoNotFound",
                    "youtube.commentThread",
                    "videoId",
                ),
                "",
            )
        if post.comments_disabled:
            return ApiResponse(
                403,
                error_envelope(
                    403,
                    f"The video identified by the {link} parameter has disabled comments.",
                    "commentsDisabled",
                    "youtube.commentThread",
                    "videoId",
                ),
                "",
            )
        comments = self.world.comments(post)
        threads = [c for c in comments if c.parent is None]
        if query.get("order", "time") == "relevance":
            threads.sort(key=lambda c: (-c.like_count, -c.created_ms))
        else:
            threads.reverse()  # newest first
        paged = self._paged(query, len(threads), 20, 100)
        if isinstance(paged, ApiResponse):
            return paged
        offset, size, tokens = paged
        tokens.pop("prevPageToken", None)  # commentThreads pages forward only
        plain = query.get("textFormat") == "plainText"
        with_replies = "replies" in self._parts(query)
        items = [
            render_thread(self.world, post, t, self.base_url, plain=plain, with_replies=with_replies)
            for t in threads[offset : offset + size]
        ]
        body = {
            "kind": "youtube#commentThreadListResponse",
            "etag": _etag("threads", video_id, offset, self.world.epoch),
            **tokens,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
            "items": items,
        }
        return ApiResponse(200, json_bytes(body), "")

    def _comments(self, query: dict[str, str]) -> ApiResponse:
        parent_id = query.get("parentId")
        if not parent_id:
            return ApiResponse(
                400,
                error_envelope(
                    400,
                    "No filter selected. Expected one of: parentId, id",
                    "missingRequiredParameter",
                    "youtube.parameter",
                    "parentId",
                ),
                "",
            )
        found = youtube_world.thread(self.world, parent_id)
        if found is None:
            return ApiResponse(
                404,
                error_envelope(
                    404,
                    "The comment identified by the <code>parentId</code> parameter could not be found.",
                    "commentNotFound",
                    "youtube.comment",
                    "parentId",
                ),
                "",
            )
        post, top = found
        replies = _replies_of(self.world.comments(post), top)
        paged = self._paged(query, len(replies), 20, 100)
        if isinstance(paged, ApiResponse):
            return paged
        offset, size, tokens = paged
        tokens.pop("prevPageToken", None)
        plain = query.get("textFormat") == "plainText"
        items = [
            render_comment(self.world, post, r, self.base_url, plain=plain, parent_id=top.comment_id)
            for r in replies[offset : offset + size]
        ]
        body = {
            "kind": "youtube#commentListResponse",
            "etag": _etag("comments", parent_id, offset),
            **tokens,
            "pageInfo": {"resultsPerPage": size},
            "items": items,
        }
        return ApiResponse(200, json_bytes(body), "")
