"""creatorscout's collecting half: Scrapy spiders, pure parsers, pipelines and the SQLite store.

``crawler`` never imports ``vetting``.
"""

PLATFORMS = ("mastodon", "youtube", "bluesky", "instagram", "tiktok")
"""Every platform key the data model knows. One key is used everywhere: spider name,
module stems, fixture folders and the ``platform`` column. Platforms with a spider are the
entries of ``crawler.platforms.REGISTRY``."""
