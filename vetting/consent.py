"""What a delivery may publish of a creator: one home for the rule and its wording.

Mastodon's ``indexable: false`` says "do not make my posts findable". The product decision:
``discoverable`` is the consent that counts for discovery, so such an account is still crawled
and vetted (its posts feed the metrics and the niche fit), but no delivery shows its posts: no
post text, title or excerpt, and no post URL, in the HTML reports, the shortlist (XLSX, CSV) or
the CLI. Comments by others under those posts may still be shown as evidence, without a link to
the post. Every such place says :data:`POSTS_HIDDEN_NOTE` instead.

The flag is ``creators.indexable``: ``0`` hides the posts; ``1`` and NULL (unknown, older rows,
other platforms) do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["POSTS_HIDDEN_NOTE", "POSTS_HIDDEN_SHORT", "posts_hidden"]

POSTS_HIDDEN_NOTE = "this account asks not to be indexed: its posts are used for vetting but not shown"
"""The sentence every delivery shows where a non-indexable creator's posts would be."""

POSTS_HIDDEN_SHORT = "not shown: the account asks not to be indexed"
"""The same, where a post link would be (a cell of the Evidence sheet)."""


def posts_hidden(creator: Mapping[str, Any] | None) -> bool:
    """Whether a creator row (``creators``, or a score row joined with it) forbids showing its posts.

    >>> posts_hidden({"indexable": 0}), posts_hidden({"indexable": 1}), posts_hidden({"indexable": None})
    (True, False, False)
    """
    if not creator:
        return False
    value = creator.get("indexable")
    return value is not None and not isinstance(value, str) and value == 0
