"""Items the spiders yield: plain dataclasses, one per stored fact.

Conventions (see STYLE.md): timestamps are UTC ISO-8601 strings ending in ``Z`` named
``*_at``; counts are ints named ``*_count``; unknown is ``None`` (a hidden like count is
unknown, never 0). Every item carries ``platform``, its native id, ``source_url`` and
``fetched_at``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CreatorItem:
    """A creator's public profile as observed now.

    ``discoverable`` and ``indexable`` are the account's own consent flags where the platform has
    them (Mastodon; ``None`` elsewhere or when unset). ``indexable=False`` (the account asks not
    to be found in search) is collected and vetted, but its posts are never shown in a delivery.
    """

    platform: str
    creator_id: str
    handle: str
    source_url: str
    fetched_at: str
    display_name: str | None = None
    bio: str | None = None
    profile_url: str | None = None
    external_url: str | None = None
    followers_count: int | None = None
    following_count: int | None = None
    post_count: int | None = None
    view_count: int | None = None
    verified: bool | None = None
    is_bot_account: bool | None = None
    account_created_at: str | None = None
    discoverable: bool | None = None
    indexable: bool | None = None
    country: str | None = None
    language: str | None = None


@dataclass
class PostItem:
    """One original post, reply or repost by a creator."""

    platform: str
    post_id: str
    creator_id: str
    source_url: str
    fetched_at: str
    url: str | None = None
    created_at: str | None = None
    title: str | None = None
    text: str | None = None
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    like_count: int | None = None
    comment_count: int | None = None
    share_count: int | None = None
    view_count: int | None = None
    language: str | None = None
    is_reply: bool = False
    is_repost: bool = False
    comments_disabled: bool | None = None


@dataclass
class CommentItem:
    """A comment (reply) on a post. The commenter is a third party.

    ``author_platform_id`` and ``author_handle`` exist only in flight: the pseudonymize
    pipeline replaces the id by ``author_key`` (a keyed hash) and drops the handle unless
    the user opted in with ``--keep-commenter-handles``.
    """

    platform: str
    comment_id: str
    post_id: str
    source_url: str
    fetched_at: str
    author_platform_id: str | None = None
    author_handle: str | None = None
    author_key: str | None = None
    parent_comment_id: str | None = None
    author_is_creator: bool = False
    author_is_bot_account: bool | None = None
    text: str | None = None
    created_at: str | None = None
    like_count: int | None = None
    language: str | None = None


@dataclass
class DiscoveryItem:
    """How a creator was found: a hashtag search (through one of their posts), a seed list, a
    ``--handle``, or a link on another creator's profile.

    ``source`` is ``"hashtag"`` (then ``hashtag`` is set), ``"caption_mention"`` (Instagram: an
    ``@mention`` in the caption of the hashtag post ``post_id``; ``hashtag`` is set), ``"handle"``,
    ``"list:<file name>"`` or ``"link:<platform>:<creator_id>"`` (then ``hashtag`` is empty).
    """

    platform: str
    creator_id: str
    source_url: str
    fetched_at: str
    hashtag: str = ""
    post_id: str | None = None
    source: str = "hashtag"


Item = CreatorItem | PostItem | CommentItem | DiscoveryItem
