"""Pure parsers for the Mastodon REST API (``/api/v1``): no I/O, no Scrapy.

Every parser follows the contract of :mod:`crawler.parsers`: ``parse_<what>(payload, context)``
returns a :class:`~crawler.parsers.Page`; where an endpoint pages, the cursor is the URL of the
``rel="next"`` link of the response's ``Link`` header (``context.link``). A missing optional
field is ``None``; a changed structure (a list where an object is expected, a status without
``id``) raises :class:`~crawler.errors.ParseError`.

Decisions worth knowing:

* ``creator_id`` and ``post_id`` are the ids *on the instance crawled* (Mastodon ids are
  per-instance); every follow-up request goes to that instance, so these are the ids it knows.
* A commenter's ``author_platform_id`` is the lower-cased fediverse address ``user@domain``
  (``acct``, completed with the instance's host for local accounts), which is the same whichever
  instance is crawled; it falls back to the account's ``url``, then to its id.
* ``share_count`` is ``reblogs_count`` only (``quotes_count`` is a different act and newer
  servers only). Counts below zero (servers that hide follower counts answer ``-1``) and
  non-integers are unknown (``None``).
* ``indexable: false`` (not to be found by full-text search) does not skip an account; it is
  stored as ``indexable=False`` so that deliveries never publish that creator's posts.
  ``discoverable: false``, ``noindex: true`` and ``#nobot`` do skip it (:func:`opt_out_reason`).
* A repost (``reblog`` set) is attributed to the original author where it serves discovery
  (:func:`parse_tag_page`); in a creator's own timeline it stays the creator's post with
  ``is_repost=True``, the original's text, and unknown counts (the engagement belongs to the
  original author).
* An account's opt-out and suspension are facts of its page (``opt_out``, ``suspended``): the
  creator is still parsed, the spider decides.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from crawler.errors import ParseError
from crawler.items import CommentItem, CreatorItem, PostItem
from crawler.parsers import Context, Page, Parser
from crawler.timeutil import to_z

__all__ = [
    "PARSERS",
    "PLATFORM",
    "TagHit",
    "html_to_text",
    "next_link",
    "opt_out_reason",
    "parse_account",
    "parse_context",
    "parse_link_header",
    "parse_status",
    "parse_statuses_page",
    "parse_tag_page",
]

PLATFORM = "mastodon"

_LINK_RE = re.compile(r"""<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,\s]*))?)*)""")
_REL_RE = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)
_HASHTAG_RE = re.compile(r"(?<![\w/&#])#(\w+)")
_NOBOT_RE = re.compile(r"#nobot(?!\w)", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"^(?:https?://\S+|(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?)$", re.IGNORECASE)
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+\n")
# Mastodon sanitizes statuses to a few inline tags; such HTML takes a regex fast path
# (the same text as BeautifulSoup gives, about 20 times faster), anything else goes to BeautifulSoup.
_TAG_RE = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?/?>""")
_SIMPLE_TAGS = frozenset({"p", "br", "a", "span"})


@dataclass
class TagHit:
    """One status on a hashtag timeline, attributed to the author of the post that matched."""

    creator_id: str
    handle: str | None
    post_id: str
    created_at: str | None
    opt_out: str | None = None
    is_bot_account: bool | None = None


# -- small helpers -----------------------------------------------------------------------------
def parse_link_header(value: str | bytes | None) -> dict[str, str]:
    """``rel -> URL`` from an RFC 8288 ``Link`` header (first URL wins for a repeated rel).

    >>> parse_link_header('<https://a.example/x?max_id=2>; rel="next", <https://a.example/x?min_id=9>; rel="prev"')
    {'next': 'https://a.example/x?max_id=2', 'prev': 'https://a.example/x?min_id=9'}
    """
    if not value:
        return {}
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    links: dict[str, str] = {}
    for url, params in _LINK_RE.findall(value):
        match = _REL_RE.search(params)
        if not match or not url.strip():
            continue
        for rel in (match.group(1) or match.group(2) or "").lower().split():
            links.setdefault(rel, url.strip())
    return links


def next_link(value: str | bytes | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, or ``None``."""
    return parse_link_header(value).get("next")


def html_to_text(value: Any) -> str | None:
    """Mastodon HTML (content, bio, field value) as plain text; ``None`` for missing or empty.

    ``<br>`` becomes a newline, paragraphs are separated by a blank line, entities are decoded,
    and hashtags, mentions and links keep their visible text. Escaped markup in the source
    (``&lt;script&gt;``) comes out as the literal characters, never as markup.
    """
    if not isinstance(value, str) or not value:
        return None
    if "<" not in value:
        text = html.unescape(value)
    else:
        text = _simple_html_to_text(value)
        if text is None:
            text = _soup_to_text(value)
    text = text.replace("\r\n", "\n")
    if "\n" in text:
        text = _BLANK_LINES_RE.sub("\n\n", _TRAILING_SPACE_RE.sub("\n", text))
    return text.strip() or None


def _tag_to_text(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name == "br":
        return "\n"
    if name == "p" and match.group(1):
        return "\n\n"
    return ""


def _simple_html_to_text(value: str) -> str | None:
    """Text of HTML made only of ``p``/``br``/``a``/``span`` tags, else ``None``."""
    for match in _TAG_RE.finditer(value):
        if match.group(2).lower() not in _SIMPLE_TAGS:
            return None
    stripped = _TAG_RE.sub(_tag_to_text, value)
    if "<" in stripped:  # comments, CDATA, stray or broken tags: let the real parser decide
        return None
    return html.unescape(stripped)


def _soup_to_text(value: str) -> str:
    soup = BeautifulSoup(value, "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for paragraph in soup.find_all("p"):
        paragraph.append("\n\n")
    return soup.get_text()


def _time(value: Any) -> str | None:
    """A Mastodon timestamp as UTC ``...Z`` in the precision the server wrote (``.000Z`` stays)."""
    return to_z(value, "given")


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _id(obj: Any, url: str, what: str) -> str:
    if not isinstance(obj, dict):
        raise ParseError(PLATFORM, url, f"{what} is {type(obj).__name__}, expected an object")
    ident = _str(obj.get("id"))
    if ident is None:
        raise ParseError(PLATFORM, url, f"{what} has no id")
    return ident


def _handle(account: dict[str, Any]) -> str | None:
    acct = _str(account.get("acct")) or _str(account.get("username"))
    return acct.lstrip("@") if acct else None


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- accounts ----------------------------------------------------------------------------------
def opt_out_reason(account: dict[str, Any]) -> str | None:
    """Why an account must not be collected, or ``None``.

    ``discoverable: false`` (not to be featured), ``noindex: true`` (top-level since Mastodon 4.x;
    in ``source`` or ``other_settings`` on older servers and forks) and ``#nobot`` in the bio.
    ``null`` means "not chosen" and is not an opt-out.

    ``indexable: false`` alone is *not* an opt-out: ``discoverable`` is the consent that counts
    for discovery. Such an account is collected with ``indexable=False`` (see
    :func:`parse_account`), and its posts are used for vetting but never shown in a delivery.
    """
    if account.get("discoverable") is False:
        return "discoverable"
    for holder in (account, account.get("source"), account.get("other_settings")):
        if isinstance(holder, dict) and holder.get("noindex") is True:
            return "noindex"
    note = account.get("note")
    if isinstance(note, str) and "#" in note:
        text = html_to_text(note) or ""
        if _NOBOT_RE.search(text):
            return "nobot"
    return None


def _external_url(fields: list[Any]) -> str | None:
    for item in fields:
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        if not isinstance(value, str) or not value:
            continue
        if "<" in value:
            soup = BeautifulSoup(value, "lxml")
            for anchor in soup.find_all("a", href=True):
                classes = anchor.get("class") or []
                href = str(anchor["href"]).strip()
                if "mention" in classes or "hashtag" in classes:
                    continue
                if href.lower().startswith(("http://", "https://")):
                    return href
            continue
        text = html.unescape(value).strip()
        if _BARE_URL_RE.match(text):
            return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"
    return None


def parse_account(payload: Any, context: Context) -> Page:
    """``GET /api/v1/accounts/:id`` (or any Account entity): one :class:`CreatorItem`.

    facts: ``opt_out`` (:func:`opt_out_reason`, ``None`` when collecting is fine) and
    ``suspended`` (the instance suspended the account).
    """
    url = context.url
    creator_id = _id(payload, url, "account")
    handle = _handle(payload)
    if handle is None:
        raise ParseError(PLATFORM, url, "account has no acct/username")
    fields = payload.get("fields")
    verified: bool | None = None
    external_url: str | None = None
    if isinstance(fields, list):
        verified = any(isinstance(f, dict) and f.get("verified_at") for f in fields)
        external_url = _external_url(fields)
    creator = CreatorItem(
        platform=PLATFORM,
        creator_id=creator_id,
        handle=handle,
        source_url=url,
        fetched_at=context.fetched_at,
        display_name=_str(payload.get("display_name")),
        bio=html_to_text(payload.get("note")),
        profile_url=_str(payload.get("url")),
        external_url=external_url,
        followers_count=_count(payload.get("followers_count")),
        following_count=_count(payload.get("following_count")),
        post_count=_count(payload.get("statuses_count")),
        verified=verified,
        is_bot_account=_bool(payload.get("bot")),
        account_created_at=_time(payload.get("created_at")),
        discoverable=_bool(payload.get("discoverable")),
        indexable=_bool(payload.get("indexable")),
    )
    facts = {"opt_out": opt_out_reason(payload), "suspended": payload.get("suspended") is True}
    return Page(items=[creator], facts=facts)


# -- statuses ----------------------------------------------------------------------------------
def _status_text(status: dict[str, Any]) -> str | None:
    body = html_to_text(status.get("content"))
    spoiler = html_to_text(status.get("spoiler_text"))
    if spoiler:
        return f"{spoiler}\n{body}" if body else spoiler
    return body


def _hashtags(status: dict[str, Any], text: str | None) -> list[str]:
    tags = status.get("tags")
    names = [t["name"].lower() for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)] if isinstance(
        tags, list
    ) else []
    if text and "#" in text:
        names.extend(m.lower() for m in _HASHTAG_RE.findall(text))
    return _dedupe(names)


def _mentions(status: dict[str, Any]) -> list[str]:
    mentions = status.get("mentions")
    if not isinstance(mentions, list):
        return []
    return _dedupe([m["acct"].lstrip("@") for m in mentions if isinstance(m, dict) and isinstance(m.get("acct"), str)])


def _post(status: Any, context: Context, creator_id: str | None) -> PostItem:
    """One Status entity as a :class:`PostItem` (``creator_id`` defaults to its author)."""
    url = context.url
    post_id = _id(status, url, "status")
    account = status.get("account")
    if creator_id is None:
        creator_id = _id(account, url, f"status {post_id} account")
    reblog = status.get("reblog")
    if reblog is not None:
        _id(reblog, url, f"status {post_id} reblog")
    # A reblog's text, tags and language are the original's; its counts are the original's too
    # and say nothing about this creator, so they stay unknown.
    content = reblog if reblog is not None else status
    own = reblog is None
    text = _status_text(content)
    return PostItem(
        platform=PLATFORM,
        post_id=post_id,
        creator_id=creator_id,
        source_url=url,
        fetched_at=context.fetched_at,
        url=_str(status.get("url")) or (None if own else _str(reblog.get("url"))) or _str(status.get("uri")),
        created_at=_time(status.get("created_at")),
        text=text,
        hashtags=_hashtags(content, text),
        mentions=_mentions(content),
        like_count=_count(status.get("favourites_count")) if own else None,
        comment_count=_count(status.get("replies_count")) if own else None,
        share_count=_count(status.get("reblogs_count")) if own else None,
        language=_str(content.get("language")),
        is_reply=own and status.get("in_reply_to_id") is not None,
        is_repost=not own,
    )


def _status_list(url: str, payload: Any) -> list[Any]:
    if not isinstance(payload, list):
        raise ParseError(PLATFORM, url, f"expected a list of statuses, got {type(payload).__name__}")
    return payload


def parse_status(payload: Any, context: Context) -> Page:
    """``GET /api/v1/statuses/:id`` (or any Status entity): one :class:`PostItem`, attributed to
    ``context.creator_id`` when given, else to its author."""
    return Page(items=[_post(payload, context, context.creator_id)])


def parse_tag_page(payload: Any, context: Context) -> Page:
    """``GET /api/v1/timelines/tag/:tag``: who posted, one :class:`TagHit` per status (a reblog
    counts for the original author).

    facts: ``size`` (statuses on the page) and ``oldest_at`` (``created_at`` of the last, oldest,
    timeline entry).
    """
    url = context.url
    statuses = _status_list(url, payload)
    hits: list[TagHit] = []
    oldest_at: str | None = None
    for status in statuses:
        wrapper_id = _id(status, url, "status")
        oldest_at = _time(status.get("created_at")) or oldest_at
        original = status.get("reblog") or status
        post_id = _id(original, url, f"status {wrapper_id} reblog") if original is not status else wrapper_id
        account = original.get("account")
        creator_id = _id(account, url, f"status {post_id} account")
        hits.append(
            TagHit(
                creator_id=creator_id,
                handle=_handle(account),
                post_id=post_id,
                created_at=_time(original.get("created_at")),
                opt_out=opt_out_reason(account),
                is_bot_account=_bool(account.get("bot")),
            )
        )
    facts = {"size": len(statuses), "oldest_at": oldest_at}
    return Page(items=hits, cursor=next_link(context.link), facts=facts)


def parse_statuses_page(payload: Any, context: Context) -> Page:
    """``GET /api/v1/accounts/:id/statuses``: the creator's (``context.creator_id``) posts,
    newest first."""
    if not context.creator_id:
        raise ValueError("parse_statuses_page needs context.creator_id (the account id)")
    statuses = _status_list(context.url, payload)
    posts = [_post(status, context, context.creator_id) for status in statuses]
    return Page(items=posts, cursor=next_link(context.link))


# -- comments ----------------------------------------------------------------------------------
def _author_platform_id(account: dict[str, Any], instance_host: str) -> str | None:
    acct = _handle(account)
    if acct:
        address = acct if "@" in acct else f"{acct}@{instance_host}"
        return address.lower()
    return _str(account.get("url")) or _str(account.get("id"))


def parse_context(payload: Any, context: Context) -> Page:
    """``GET /api/v1/statuses/:id/context``: the descendants (the whole reply tree) as comments
    on ``context.post_id``, a post by ``context.creator_id``.

    Descendants come in thread order; at most ``context.limit`` are returned. A reply to a reply
    is a comment on the post whose ``parent_comment_id`` is the reply it answers.
    """
    url = context.url
    post_id, creator_id = context.post_id, context.creator_id
    if not post_id or not creator_id:
        raise ValueError("parse_context needs context.post_id and context.creator_id")
    if not isinstance(payload, dict):
        raise ParseError(PLATFORM, url, f"context is {type(payload).__name__}, expected an object")
    descendants = payload.get("descendants")
    if not isinstance(descendants, list):
        raise ParseError(PLATFORM, url, "context has no descendants list")
    if context.limit is not None:
        descendants = descendants[: max(context.limit, 0)]
    host = urlsplit(url).netloc.lower()
    comments: list[CommentItem] = []
    for status in descendants:
        comment_id = _id(status, url, "descendant")
        account = status.get("account")
        author_id = _id(account, url, f"descendant {comment_id} account")
        parent = _str(status.get("in_reply_to_id"))
        comments.append(
            CommentItem(
                platform=PLATFORM,
                comment_id=comment_id,
                post_id=post_id,
                source_url=url,
                fetched_at=context.fetched_at,
                author_platform_id=_author_platform_id(account, host),
                author_handle=_handle(account),
                parent_comment_id=parent if parent != post_id else None,
                author_is_creator=author_id == creator_id,
                author_is_bot_account=_bool(account.get("bot")),
                text=_status_text(status),
                created_at=_time(status.get("created_at")),
                like_count=_count(status.get("favourites_count")),
                language=_str(status.get("language")),
            )
        )
    return Page(items=comments)


PARSERS: dict[str, Parser] = {
    "tag_page": parse_tag_page,
    "account": parse_account,
    "statuses_page": parse_statuses_page,
    "status": parse_status,
    "context": parse_context,
}
