"""Mastodon REST API payloads for the sandbox world (anonymous access, Mastodon 4.5 field set).

Pure rendering: :func:`render_account`, :func:`render_status` and :func:`render_context` turn
world objects into the dicts the real API sends. :class:`MastodonAPI` routes
``/api/v1/...`` requests to them with the real paging rules (``max_id``/``since_id``/``min_id``,
``Link`` headers) and caches rendered JSON per epoch.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from crawler.sandbox.platforms import mastodon as mastodon_world
from crawler.sandbox.world import Comment, Creator, Persona, Post, World, iso_ms

__all__ = [
    "ApiResponse",
    "MastodonAPI",
    "json_bytes",
    "mastodon_html",
    "render_account",
    "render_context",
    "render_status",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 40
_HTML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_TOKEN_RE = re.compile(
    r"(?<![\w/&])#(?P<tag>\w+)"
    r"|(?<![\w/])@(?P<mention>[\w.]*\w(?:@[\w.-]*\w)?)"
    r"|(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])"
)
_FEATURE_APPROVAL = {"automatic": ["public"], "manual": [], "current_user": "automatic"}
_NOT_FOUND = b'{"error":"Record not found"}'


@dataclass(slots=True)
class ApiResponse:
    """What an API module answers; the server adds rate-limit headers, faults and stats."""

    status: int
    body: bytes
    kind: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json; charset=utf-8"
    quota_cost: int = 0


def json_bytes(obj: Any) -> bytes:
    """Compact UTF-8 JSON, as both platforms send it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def escape_html(text: str) -> str:
    """Escape like Rails' ``html_escape`` (Mastodon stores user text this way)."""
    return text.translate(_HTML_ESCAPE)


def _link_html(url: str) -> str:
    scheme, _, rest = url.partition("://")
    prefix = f"{scheme}://"
    if rest.startswith("www."):
        prefix, rest = prefix + "www.", rest[4:]
    if len(rest) > 30:
        shown = (
            f'<span class="ellipsis">{escape_html(rest[:30])}</span>'
            f'<span class="invisible">{escape_html(rest[30:])}</span>'
        )
    else:
        shown = f'<span class="">{escape_html(rest)}</span><span class="invisible"></span>'
    return (
        f'<a href="{escape_html(url)}" target="_blank" rel="nofollow noopener" translate="no">'
        f'<span class="invisible">{escape_html(prefix)}</span>{shown}</a>'
    )


def mastodon_html(text: str, base_url: str, mentions: dict[str, tuple[str, str]] | None = None) -> str:
    """Render plain user text as Mastodon stores it: escaped, linkified, in ``<p>`` paragraphs.

    ``mentions`` maps a lower-cased ``acct`` to ``(profile url, username)``; other ``@names``
    stay plain text, as Mastodon leaves mentions of unknown accounts.
    """
    mentions = mentions or {}
    if not text:
        return ""
    paragraphs = []
    for para in text.split("\n\n"):
        out: list[str] = []
        pos = 0
        for m in _TOKEN_RE.finditer(para):
            if m.group("mention") is not None and m.group("mention").lower() not in mentions:
                continue
            out.append(escape_html(para[pos : m.start()]))
            if m.group("tag") is not None:
                tag = m.group("tag")
                out.append(
                    f'<a href="{base_url}/tags/{quote(tag.lower())}" class="mention hashtag" rel="tag">'
                    f"#<span>{escape_html(tag)}</span></a>"
                )
            elif m.group("mention") is not None:
                url, username = mentions[m.group("mention").lower()]
                out.append(
                    f'<span class="h-card" translate="no"><a href="{escape_html(url)}" class="u-url mention">'
                    f"@<span>{escape_html(username)}</span></a></span>"
                )
            else:
                out.append(_link_html(m.group("url")))
            pos = m.end()
        out.append(escape_html(para[pos:]))
        paragraphs.append("<p>" + "".join(out).replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)


# -- accounts ------------------------------------------------------------------------------------


def _acct(a: Creator | Persona) -> str:
    return f"{a.handle}@{a.remote_domain}" if a.remote_domain else a.handle


def _profile_url(a: Creator | Persona, base_url: str) -> str:
    return f"https://{a.remote_domain}/@{a.handle}" if a.remote_domain else f"{base_url}/@{a.handle}"


def _actor_uri(a: Creator | Persona, base_url: str) -> str:
    return (
        f"https://{a.remote_domain}/users/{a.handle}" if a.remote_domain else f"{base_url}/users/{a.handle}"
    )


def _day(ms: int) -> int:
    return ms - ms % 86_400_000


def render_account(world: World, a: Creator | Persona, base_url: str) -> dict[str, Any]:
    """The Account entity for a creator, brand or commenter."""
    is_creator = isinstance(a, Creator)
    digest = hashlib.blake2b(a.mastodon_id.encode(), digest_size=8).hexdigest()
    avatar = f"{base_url}/system/accounts/avatars/{a.mastodon_id}/original/{digest}.jpg"
    header = f"{base_url}/system/accounts/headers/{a.mastodon_id}/original/{digest}.jpg"
    fields: list[dict[str, Any]] = []
    if is_creator:
        statuses_count, last_ms = mastodon_world.statuses_summary(world, a)
        last = iso_ms(last_ms)[:10] if last_ms is not None else None
        site = f"https://{a.handle.replace('_', '-')}.example"
        fields = [
            {
                "name": "Website",
                "value": mastodon_html(site, base_url)[3:-4],
                "verified_at": iso_ms(a.created_ms + 86_400_000)[:-1] + "+00:00" if a.index % 3 else None,
            }
        ]
        if a.topic == "food":
            fields.append(
                {
                    "name": {"de": "Rezepte", "fr": "Recettes", "es": "Recetas"}.get(a.language, "Recipes"),
                    "value": "jeden Dienstag" if a.language == "de" else "every Tuesday",
                    "verified_at": None,
                }
            )
    else:
        statuses_count = a.statuses_count
        last = iso_ms(a.created_ms + (a.index % 90 + 30) * 86_400_000)[:10] if statuses_count else None
    mentions: dict[str, tuple[str, str]] = {}
    return {
        "id": a.mastodon_id,
        "username": a.handle,
        "acct": _acct(a),
        "display_name": a.display_name,
        "locked": False,
        "bot": a.platform_bot,
        "discoverable": a.discoverable,
        "indexable": a.indexable,
        "group": False,
        "created_at": iso_ms(_day(a.created_ms)),
        "note": mastodon_html(a.bio, base_url, mentions),
        "url": _profile_url(a, base_url),
        "uri": _actor_uri(a, base_url),
        "avatar": avatar,
        "avatar_static": avatar,
        "avatar_description": "",
        "header": header,
        "header_static": header,
        "header_description": "",
        "followers_count": a.followers_at(world.epoch),
        "following_count": a.following_count,
        "statuses_count": statuses_count,
        "last_status_at": last,
        "hide_collections": False,
        "show_media": True,
        "show_media_replies": True,
        "show_featured": True,
        "noindex": a.noindex,
        "feature_approval": _FEATURE_APPROVAL,
        "emojis": [],
        "roles": [],
        "fields": fields,
    }


# -- statuses ------------------------------------------------------------------------------------


def _mention(a: Creator | Persona, base_url: str) -> dict[str, str]:
    return {"id": a.mastodon_id, "username": a.handle, "url": _profile_url(a, base_url), "acct": _acct(a)}


def _status_urls(a: Creator | Persona, status_id: str, base_url: str) -> tuple[str, str]:
    if a.remote_domain:
        return (
            f"https://{a.remote_domain}/users/{a.handle}/statuses/{status_id}",
            f"https://{a.remote_domain}/@{a.handle}/{status_id}",
        )
    return f"{base_url}/users/{a.handle}/statuses/{status_id}", f"{base_url}/@{a.handle}/{status_id}"


def _media(post: Post, base_url: str) -> list[dict[str, Any]]:
    if not post.has_media:
        return []
    media_id = str(int(post.post_id) + 7)
    digest = hashlib.blake2b(media_id.encode(), digest_size=8).hexdigest()
    path = "/".join(media_id[i : i + 3] for i in range(0, len(media_id), 3))
    return [
        {
            "id": media_id,
            "type": "image",
            "url": f"{base_url}/system/media_attachments/files/{path}/original/{digest}.jpeg",
            "preview_url": f"{base_url}/system/media_attachments/files/{path}/small/{digest}.jpeg",
            "remote_url": None,
            "preview_remote_url": None,
            "text_url": None,
            "meta": {
                "original": {"width": 1080, "height": 1350, "size": "1080x1350", "aspect": 0.8},
                "small": {"width": 429, "height": 536, "size": "429x536", "aspect": 0.8003731343283582},
            },
            "description": post.subject or None,
            "blurhash": "UKI#x}xu00M{~qayRjof9Fj[xuWB00WB-;of",
        }
    ]


def _base_status(
    status_id: str, created_ms: int, account: dict[str, Any], uri: str, url: str
) -> dict[str, Any]:
    return {
        "id": status_id,
        "created_at": iso_ms(created_ms),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": None,
        "uri": uri,
        "url": url,
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "quotes_count": 0,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "content": "",
        "filtered": [],
        "reblog": None,
        "application": None,
        "account": account,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "tagged_collections": [],
        "quote": None,
        "card": None,
        "poll": None,
        "quote_approval": _FEATURE_APPROVAL,
    }


def render_status(
    world: World,
    post: Post,
    comment: Comment | None,
    base_url: str,
    account_of: Callable[[int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The Status entity for a post, a reblog (with the original in ``reblog``) or a comment."""
    if account_of is None:

        def account_of(index: int) -> dict[str, Any]:
            return render_account(world, world.account(index), base_url)

    creator = world.creators[post.creator]
    if comment is None:
        uri, url = _status_urls(creator, post.post_id, base_url)
        status = _base_status(post.post_id, post.created_ms, account_of(creator.index), uri, url)
        if post.reblog_of is not None:
            status["uri"] = f"{_actor_uri(creator, base_url)}/statuses/{post.post_id}/activity"
            status["url"] = status["uri"]
            original = world.posts[post.reblog_of]
            status["reblog"] = render_status(world, original, None, base_url, account_of)
            return status
        mention_accts = [world.brand_account(b) for b in post.brands]
        direct, _ = world.comment_counts(post)
        status.update(
            {
                "language": post.language,
                "replies_count": direct,
                "reblogs_count": post.reblogs_count,
                "favourites_count": post.like_count,
                "quotes_count": (post.seq % 5 == 0 and 1) or 0,
                "content": mastodon_html(
                    post.text,
                    base_url,
                    {_acct(a).lower(): (_profile_url(a, base_url), a.handle) for a in mention_accts}
                    | {a.handle.lower(): (_profile_url(a, base_url), a.handle) for a in mention_accts},
                ),
                "application": None if creator.remote_domain else {"name": "Web", "website": None},
                "media_attachments": _media(post, base_url),
                "mentions": [_mention(a, base_url) for a in mention_accts],
                "tags": [{"name": t, "url": f"{base_url}/tags/{quote(t)}"} for t in post.hashtags],
            }
        )
        return status
    comments = world.comments(post)
    author = world.account(comment.author)
    parent_author = world.account(comments[comment.parent].author) if comment.parent is not None else creator
    parent_id = comments[comment.parent].comment_id if comment.parent is not None else post.post_id
    uri, url = _status_urls(author, comment.comment_id, base_url)
    status = _base_status(comment.comment_id, comment.created_ms, account_of(comment.author), uri, url)
    mentioned = [parent_author] if parent_author is not author else []
    prefix = "".join(f"@{_acct(a)} " for a in mentioned)
    children = sum(1 for c in comments if c.parent == comment.index)
    status.update(
        {
            "in_reply_to_id": parent_id,
            "in_reply_to_account_id": parent_author.mastodon_id,
            "visibility": "unlisted" if comment.index % 9 == 4 else "public",
            "language": comment.language,
            "replies_count": children,
            "favourites_count": comment.like_count,
            "content": mastodon_html(
                prefix + comment.text,
                base_url,
                {_acct(a).lower(): (_profile_url(a, base_url), a.handle) for a in mentioned},
            ),
            "application": None if author.remote_domain else {"name": "Web", "website": None},
            "mentions": [_mention(a, base_url) for a in mentioned],
        }
    )
    return status


def _tree_order(comments: list[Comment], root: int | None) -> list[Comment]:
    """Descendants of ``root`` (None: the post) depth-first, each level oldest first."""
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent, []).append(c)
    out: list[Comment] = []
    stack = list(reversed(children.get(root, [])))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(children.get(c.index, [])))
    return out


def render_context(
    world: World, post: Post, comment: Comment | None
) -> tuple[list[Comment | None], list[Comment]]:
    """``(ancestors, descendants)`` of a status; an ancestor ``None`` stands for the post itself."""
    comments = world.comments(post)
    if comment is None:
        return [], _tree_order(comments, None)
    ancestors: list[Comment | None] = []
    parent = comment.parent
    while parent is not None:
        ancestors.append(comments[parent])
        parent = comments[parent].parent
    ancestors.append(None)
    ancestors.reverse()
    return ancestors, _tree_order(comments, comment.index)


# -- routing -------------------------------------------------------------------------------------


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true", "t", "on", "yes")


def _int_param(query: dict[str, str], name: str) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        return None


class MastodonAPI:
    """Routes ``/api/v1/...`` requests against a world; thread-safe, caches JSON per epoch."""

    def __init__(self, world: World, base_url: str) -> None:
        self.world = world
        self.base_url = base_url.rstrip("/")
        self._lock = threading.RLock()
        self._epoch = world.epoch
        self._accounts: dict[int, dict[str, Any]] = {}
        self._statuses: dict[str, bytes] = {}
        self._id_lists: dict[str, list[int]] = {}

    def _check_epoch(self) -> None:
        if self._epoch != self.world.epoch:
            self._accounts.clear()
            self._statuses.clear()
            self._id_lists.clear()
            self._epoch = self.world.epoch

    def _account(self, index: int) -> dict[str, Any]:
        acct = self._accounts.get(index)
        if acct is None:
            acct = render_account(self.world, self.world.account(index), self.base_url)
            if len(self._accounts) > 50_000:
                self._accounts.clear()
            self._accounts[index] = acct
        return acct

    def _account_json(self, index: int) -> bytes:
        key = f"account:{index}"
        body = self._statuses.get(key)
        if body is None:
            body = self._statuses[key] = json_bytes(self._account(index))
        return body

    def _status_json(self, post: Post, comment: Comment | None) -> bytes:
        key = comment.comment_id if comment is not None else post.post_id
        body = self._statuses.get(key)
        if body is None:
            body = json_bytes(render_status(self.world, post, comment, self.base_url, self._account))
            if len(self._statuses) > 100_000:
                self._statuses.clear()
            self._statuses[key] = body
        return body

    def handle(self, path: str, query: dict[str, str]) -> ApiResponse:
        """Answer one GET request; ``query`` holds the first value of each parameter."""
        parts = [p for p in path.split("/") if p][2:]  # drop "api", "v1"
        with self._lock:
            self._check_epoch()
            if len(parts) == 3 and parts[:2] == ["timelines", "tag"]:
                return self._tag_timeline(parts[2], path, query)
            if len(parts) == 2 and parts == ["accounts", "lookup"]:
                return self._lookup(query)
            if len(parts) == 2 and parts[0] == "accounts":
                acct = self.world.account_by_native_id("mastodon", parts[1])
                if acct is None:
                    return ApiResponse(404, _NOT_FOUND, "mastodon.account")
                return ApiResponse(200, self._account_json(acct.index), "mastodon.account")
            if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "statuses":
                return self._account_statuses(parts[1], path, query)
            if len(parts) in (2, 3) and parts[0] == "statuses" and (len(parts) == 2 or parts[2] == "context"):
                kind = "mastodon.context" if len(parts) == 3 else "mastodon.status"
                found = mastodon_world.status(self.world, parts[1])
                if found is None:
                    return ApiResponse(404, _NOT_FOUND, kind)
                post, comment = found
                if len(parts) == 2:
                    return ApiResponse(200, self._status_json(post, comment), kind)
                ancestors, descendants = render_context(self.world, post, comment)
                body = (
                    b'{"ancestors":['
                    + b",".join(self._status_json(post, a) for a in ancestors)
                    + b'],"descendants":['
                    + b",".join(self._status_json(post, d) for d in descendants)
                    + b"]}"
                )
                return ApiResponse(200, body, kind)
        return ApiResponse(404, b'{"error":"Not Found"}', "mastodon.unknown")

    def _lookup(self, query: dict[str, str]) -> ApiResponse:
        wanted = query.get("acct", "").lstrip("@").lower()
        for creator in self.world.creators:
            if creator.platform == "mastodon" and wanted in (creator.handle.lower(), _acct(creator).lower()):
                return ApiResponse(200, json_bytes(self._account(creator.index)), "mastodon.account_lookup")
        return ApiResponse(404, _NOT_FOUND, "mastodon.account_lookup")

    def _tag_timeline(self, tag: str, path: str, query: dict[str, str]) -> ApiResponse:
        local, remote, only_media = (
            _truthy(query.get("local")),
            _truthy(query.get("remote")),
            _truthy(query.get("only_media")),
        )
        key = f"tag:{tag.lower()}:{local}:{remote}:{only_media}"
        items = self._id_lists.get(key)
        if items is None:
            posts = self.world.tagged_posts("mastodon", tag)
            creators = self.world.creators
            items = sorted(
                int(p.post_id)
                for p in posts
                if (not local or creators[p.creator].remote_domain is None)
                and (not remote or creators[p.creator].remote_domain is not None)
                and (not only_media or p.has_media)
            )
            self._id_lists[key] = items
        return self._page(items, path, query, "mastodon.tag_timeline")

    def _account_statuses(self, account_id: str, path: str, query: dict[str, str]) -> ApiResponse:
        acct = self.world.account_by_native_id("mastodon", account_id)
        if acct is None:
            return ApiResponse(404, _NOT_FOUND, "mastodon.account_statuses")
        if not isinstance(acct, Creator) or _truthy(query.get("pinned")):
            return ApiResponse(200, b"[]", "mastodon.account_statuses")
        exclude_reblogs, exclude_replies = (
            _truthy(query.get("exclude_reblogs")),
            _truthy(query.get("exclude_replies")),
        )
        only_media, tagged = _truthy(query.get("only_media")), query.get("tagged", "").lstrip("#").lower()
        key = f"statuses:{acct.index}:{exclude_reblogs}:{exclude_replies}:{only_media}:{tagged}"
        items = self._id_lists.get(key)
        if items is None:
            rows = mastodon_world.creator_statuses(
                self.world, acct, exclude_reblogs=exclude_reblogs, exclude_replies=exclude_replies
            )
            items = sorted(
                sid
                for sid, post, comment in rows
                if (not only_media or (comment is None and post.has_media))
                and (not tagged or (comment is None and tagged in post.hashtags))
            )
            self._id_lists[key] = items
        return self._page(items, path, query, "mastodon.account_statuses")

    def _page(self, ids_asc: list[int], path: str, query: dict[str, str], kind: str) -> ApiResponse:
        limit = _int_param(query, "limit") or DEFAULT_LIMIT
        limit = max(1, min(limit, MAX_LIMIT))
        max_id, since_id, min_id = (_int_param(query, n) for n in ("max_id", "since_id", "min_id"))
        hi = bisect.bisect_left(ids_asc, max_id) if max_id is not None else len(ids_asc)
        lo = bisect.bisect_right(ids_asc, since_id) if since_id is not None else 0
        if min_id is not None:
            lo = max(lo, bisect.bisect_right(ids_asc, min_id))
            page = ids_asc[lo : min(hi, lo + limit)]
        else:
            page = ids_asc[max(lo, hi - limit) : hi]
        page = page[::-1]
        headers: list[tuple[str, str]] = []
        if page:
            params = {k: v for k, v in query.items() if k not in ("max_id", "min_id", "since_id")}
            links = []
            if page[-1] > ids_asc[0]:  # older statuses remain
                links.append(f'<{self._url(path, params, max_id=page[-1])}>; rel="next"')
            links.append(f'<{self._url(path, params, min_id=page[0])}>; rel="prev"')
            headers.append(("Link", ", ".join(links)))
        body = b"[" + b",".join(self._status_json(*self._resolve(i)) for i in page) + b"]"
        return ApiResponse(200, body, kind, headers)

    def _resolve(self, status_id: int) -> tuple[Post, Comment | None]:
        found = mastodon_world.status(self.world, str(status_id))
        if found is None:  # ids in lists come from the world, so this is a bug
            raise LookupError(f"status {status_id} vanished from the world")
        return found

    def _url(self, path: str, params: dict[str, str], **cursor: int) -> str:
        merged = dict(params)
        merged.update({k: str(v) for k, v in cursor.items()})
        return f"{self.base_url}{path}?{urlencode(sorted(merged.items()))}"
