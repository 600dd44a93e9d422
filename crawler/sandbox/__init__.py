"""A local stand-in for the platforms: a seeded world served on the Mastodon, YouTube, Bluesky, Instagram and
TikTok API paths.

>>> from crawler.sandbox import SandboxServer, generate_world
>>> with SandboxServer(generate_world(seed=7)) as server:   # doctest: +SKIP
...     base_url = server.base_url   # point CREATORSCOUT_MASTODON_INSTANCE here

Worlds hold Mastodon and YouTube creators unless asked (``generate_world(platforms=("bluesky",))``);
Bluesky's AppView and PDS are served under ``{base_url}/bluesky/appview`` and ``{base_url}/bluesky/pds``,
Instagram's Graph API (``platforms=("instagram",)``) under ``{base_url}/instagram/{version}/``, TikTok's
Research API (``platforms=("tiktok",))``) under ``{base_url}/tiktok``.

Run it standalone with ``python -m crawler.sandbox serve``. Stdlib only; never imports ``vetting``.
"""

from __future__ import annotations

from crawler.sandbox.server import FaultConfig, RateLimitConfig, SandboxServer
from crawler.sandbox.truth import write_ground_truth
from crawler.sandbox.world import World, generate_world

__all__ = ["FaultConfig", "RateLimitConfig", "SandboxServer", "World", "generate_world", "write_ground_truth"]
