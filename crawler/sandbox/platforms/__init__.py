"""The per-platform parts of the sandbox world, one model per platform in :data:`MODELS`.

The world asks ``MODELS[platform]`` for ids, lookups, generation traits, ground-truth details and
expected request counts instead of branching on the platform's name.
"""

from __future__ import annotations

from crawler.sandbox.platforms.base import Listing, PlatformModel, walk_listing
from crawler.sandbox.platforms.bluesky import BlueskyModel
from crawler.sandbox.platforms.instagram import InstagramModel
from crawler.sandbox.platforms.mastodon import MastodonModel
from crawler.sandbox.platforms.tiktok import TikTokModel
from crawler.sandbox.platforms.youtube import YouTubeModel

__all__ = ["MODELS", "Listing", "PlatformModel", "walk_listing"]

MODELS: dict[str, PlatformModel] = {
    model.key: model for model in (MastodonModel(), YouTubeModel(), BlueskyModel(), InstagramModel(), TikTokModel())
}
