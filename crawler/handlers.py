"""The HTTP download handler: Scrapy's HTTP/1.1 handler, announcing when a request goes out.

Scrapy's ``request_reached_downloader`` fires when a request enters a download slot's queue,
possibly long before a connection is free to send it. Quota that a platform charges per request
is counted at :data:`request_sent` instead: the moment the handler takes the request, so that a
ledger kept across a ``kill -9`` matches what the platform counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

__all__ = ["SendingHTTPDownloadHandler", "request_sent"]

request_sent = object()
"""Signal ``request_sent(request)``: the request is being handed to the network now."""


class SendingHTTPDownloadHandler(HTTP11DownloadHandler):
    """:class:`HTTP11DownloadHandler` that sends :data:`request_sent` before each download."""

    async def download_request(self, request: Request) -> Response:
        self._crawler.signals.send_catch_log(signal=request_sent, request=request)
        return await super().download_request(request)
