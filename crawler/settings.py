"""Scrapy settings for creatorscout: polite by default.

Every ``CREATORSCOUT_*`` setting is documented beside its default. Each can be overridden
with ``-s NAME=VALUE`` (``scrapy crawl``) or the environment variable of the same name
(read below), and the ``creatorscout crawl`` options set the common ones.
"""

from __future__ import annotations

import os

from crawler.platforms import quota_settings, url_settings

BOT_NAME = "creatorscout"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where the store lives (argument --db -> $CREATORSCOUT_DB -> ./creatorscout.db).
CREATORSCOUT_DB = os.environ.get("CREATORSCOUT_DB", "creatorscout.db")

# A contact URL (or mailto:) that platform operators can use to reach whoever runs the crawl.
CREATORSCOUT_CONTACT_URL = os.environ.get(
    "CREATORSCOUT_CONTACT_URL", "https://github.com/creatorscout/creatorscout"
)
USER_AGENT = f"creatorscout/0.1 (+{CREATORSCOUT_CONTACT_URL})"

# Base URLs per platform, named CREATORSCOUT_<PLATFORM>_API_URL (older names are read as aliases
# for one release: CREATORSCOUT_MASTODON_INSTANCE). Declared with their defaults and meaning in
# crawler/platforms.py and listed in the README; empty here means "the platform's default". Tests
# and the sandbox point them at 127.0.0.1.
globals().update(url_settings())

# Hosts a crawl may send requests to (comma-separated host[:port]; a bare host allows any port).
# Empty (the default) means the hosts of the platform being crawled and of the base URLs above,
# so `next` links and redirects never leave them. Any other request is refused and counted as
# ``creatorscout/offsite_blocked``.
CREATORSCOUT_ALLOWED_HOSTS = os.environ.get("CREATORSCOUT_ALLOWED_HOSTS", "")

# Commenters are third parties: their platform ids are stored as a keyed hash (HMAC-SHA256).
# The key comes from $CREATORSCOUT_PSEUDONYM_KEY, else from a key file created beside the
# database (``<db>.key``, mode 0600). Keep the key to recognise commenters across crawls.
CREATORSCOUT_PSEUDONYM_KEY = os.environ.get("CREATORSCOUT_PSEUDONYM_KEY", "")
# Store commenters' handles too (opt-in; `creatorscout crawl --keep-commenter-handles`).
CREATORSCOUT_KEEP_COMMENTER_HANDLES = False

# Rows buffered before one write transaction; also flushed at the end of each crawl.
CREATORSCOUT_STORE_BATCH_SIZE = 500

# Daily quota budgets in units per API key (YouTube: CREATORSCOUT_YOUTUBE_QUOTA = 10000 per Pacific
# day), counted in the store's quota ledger across every crawl (kills and resumes included); a crawl
# stops cleanly before it. Declared in crawler/platforms.py (Budget.quota_setting).
globals().update(quota_settings())

# Incremental crawls (--incremental): a known creator's posts are read again back to this many hours
# before their newest stored post (posts federated late with an earlier date), and the counts of the
# stored posts on the pages read are refreshed: every one of that margin and the newest
# REFRESH_POSTS originals (vetting.engagement.DEFAULT_POSTS, the posts engagement rates use).
CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS = 24.0
CREATORSCOUT_INCREMENTAL_REFRESH_POSTS = 12

# Seconds between checkpoints (frontier and spider state written to the store, see
# crawler/frontier.py): after any stop, even kill -9, `--resume` re-fetches at most this much work.
CREATORSCOUT_CHECKPOINT_SECONDS = 2.0
# After SIGINT/SIGTERM, requests already on the wire get this long to finish; then the crawl ends
# regardless (waits for rate-limit windows or Retry-After end at once).
CREATORSCOUT_STOP_GRACE_SECONDS = 3.0
# Set by `creatorscout crawl`: which crawl this is (platform, arguments, database), and the run a
# `--resume` continues. Not for hand use.
CREATORSCOUT_JOB_KEY = ""
CREATORSCOUT_RESUME_RUN_ID = ""
# Set by `creatorscout run PLAN`: the plan's name, kept on the crawl run (crawl_runs.plan) so that the
# plan's next run refreshes the creators this crawl found. Not for hand use.
CREATORSCOUT_PLAN = ""

# Instagram (Meta Graph API) usage headers, in percent: above SLOW_PERCENT requests are spaced, the gap
# growing to SLOW_SECONDS at 100 %; a throttle waits estimated_time_to_regain_access minutes of
# REGAIN_SECONDS_PER_MINUTE seconds (tests lower it). See crawler/graph_usage.py.
CREATORSCOUT_INSTAGRAM_API_VERSION = os.environ.get("CREATORSCOUT_INSTAGRAM_API_VERSION", "v24.0")
CREATORSCOUT_INSTAGRAM_SLOW_PERCENT = 75.0
CREATORSCOUT_INSTAGRAM_SLOW_SECONDS = 5.0
CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE = 60.0

# Longest wait honoured for Retry-After / X-RateLimit-Reset before a retry (seconds).
CREATORSCOUT_MAX_RETRY_WAIT = 900.0
# Keep this many requests of a platform's rate-limit budget in reserve (Mastodon).
CREATORSCOUT_RATELIMIT_RESERVE = 2

# -- politeness ---------------------------------------------------------------------------
ROBOTSTXT_OBEY = False  # JSON APIs; spiders that fetch HTML pages turn it on for themselves.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.0  # pacing comes from the platforms' own budgets (see middlewares)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False
# No remote code execution endpoints: neither Telnet nor Scrapy 2.19's RemoteControl (an HTTP
# server on 127.0.0.1 that runs posted Python, its token in a user state folder).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
DEFAULT_REQUEST_HEADERS = {"Accept": "application/json"}

# Retries: our middleware replaces Scrapy's so that waits follow Retry-After and reset headers.
RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
HTTPERROR_ALLOW_ALL = True  # spiders see 4xx/5xx bodies and classify them

# Scrapy's HTTP/1.1 handler, announcing the moment a request goes out (quota is counted then).
DOWNLOAD_HANDLERS = {
    "http": "crawler.handlers.SendingHTTPDownloadHandler",
    "https": "crawler.handlers.SendingHTTPDownloadHandler",
}

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.AllowedHostsMiddleware": 50,
    # 60: a platform's budget middlewares (crawler.quota.QuotaMiddleware for YouTube; 570:
    # crawler.graph_usage.GraphUsageMiddleware for Instagram) are added per crawl from its registry
    # entry (crawler/platforms.py).
    "crawler.middlewares.RateLimitMiddleware": 560,  # sees 429s before the retry does
    "crawler.middlewares.PoliteRetryMiddleware": 550,
    "crawler.middlewares.CredentialsMiddleware": 880,  # secrets only at download time
}

# Item pipelines, in order (gaps left for new ones):
#   100 validate    -- required fields present, types sane; else DropItem (counted by reason)
#   200 normalise   -- hashtags lower-case and de-duplicated, text stripped, timestamps ...Z
#   300 pseudonymize-- commenter id -> keyed hash, handle dropped unless opted in
#   350 erasures    -- erased creators and commenters (crawler.retention) skipped, counted
#   900 store       -- batched upserts into SQLite, snapshots and discoveries
ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.NormalisePipeline": 200,
    "crawler.pipelines.PseudonymizePipeline": 300,
    "crawler.retention.ErasurePipeline": 350,
    "crawler.pipelines.StorePipeline": 900,
}

EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    # Spider state lives in the store's checkpoints (JSON), never in a JOBDIR pickle.
    "scrapy.extensions.spiderstate.SpiderState": None,
}

# The frontier: requests queued in memory (highest priority first, newest first within one, so
# a creator's posts and comments are finished before many more creators are opened) and
# checkpointed into the store; `--resume` continues from the last checkpoint (crawler/frontier.py).
DEPTH_PRIORITY = 0
SCHEDULER = "crawler.frontier.FrontierScheduler"

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
