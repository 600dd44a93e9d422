"""The HTTP download handler: Scrapy's HTTP/1.1 handler, announcing when a request goes out.

Scrapy's ``request_reached_downloader`` fires when a request enters a download slot's queue,
possibly long before it is sent; even the handler is entered before a connection exists. Quota
that a platform charges per request is counted at :data:`request_sent` instead: the moment the
request's connection is ready and the request is being written to it, so that a ledger kept
across a ``kill -9`` matches what the platform counted.

The handler is entered when the slot starts the transfer, after the request waited in the slot's
queue: a request that carries credentials gets the spider's newest ones there
(:func:`crawler.middlewares.renew_credentials`; it waits while a refused token is being renewed), so
that a token renewed while it waited goes out, not the one of the moment it entered the downloader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from twisted.web.client import HTTPConnectionPool

from crawler.middlewares import renew_credentials

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["SendingHTTPDownloadHandler", "request_sent"]

request_sent = object()
"""Signal ``request_sent(request)``: the request is being written to its connection now."""


class _AnnouncingPool(HTTPConnectionPool):
    """A connection pool that calls ``on_connected(request)`` when the connection for the request
    being started (:attr:`starting`) is ready, just before the agent writes the request to it."""

    def __init__(self, reactor: Any, on_connected: Callable[[Request], None]) -> None:
        super().__init__(reactor, persistent=True)
        self.on_connected = on_connected
        self.starting: Request | None = None

    def getConnection(self, key: Any, endpoint: Any) -> Any:  # Twisted's name
        request, self.starting = self.starting, None
        connecting = super().getConnection(key, endpoint)
        if request is not None:
            # Added before the agent's own callback, which writes the request.
            connecting.addCallback(self._connected, request)
        return connecting

    def _connected(self, connection: Any, request: Request) -> Any:
        self.on_connected(request)
        return connection


class SendingHTTPDownloadHandler(HTTP11DownloadHandler):
    """:class:`HTTP11DownloadHandler` that sends :data:`request_sent` as each request goes out, with
    the spider's credentials of that moment.

    It also keeps as many connections per host open as requests may run at once: Scrapy's slot
    starts every queued request it pops in one go, so more than ``CONCURRENT_REQUESTS_PER_DOMAIN``
    can be on the wire, and connections beyond the pool's size were opened and closed per request.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from twisted.internet import reactor

        pool = _AnnouncingPool(reactor, self._announce)
        pool._factory = self._pool._factory
        s = crawler.settings
        pool.maxPersistentPerHost = max(s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), s.getint("CONCURRENT_REQUESTS"))
        self._pool = pool

    def _announce(self, request: Request) -> None:
        self._crawler.signals.send_catch_log(signal=request_sent, request=request)

    async def download_request(self, request: Request) -> Response:
        # The parent reads the headers at once: the credentials of this moment, not those of the slot queue's entry.
        if await renew_credentials(getattr(self._crawler, "spider", None), request):
            self._crawler.stats.inc_value("creatorscout/credentials/renewed_at_send")
        # The parent asks the pool for a connection synchronously, before its first await.
        self._pool.starting = request  # type: ignore[attr-defined]
        try:
            return await super().download_request(request)
        finally:
            self._pool.starting = None  # type: ignore[attr-defined]
