"""Waits that end the moment a crawl is asked to stop.

Every wait of a crawl (a rate-limit window, a ``Retry-After``, a retry back-off) sleeps through
:meth:`StopSwitch.sleep`, so a stop never waits for a window to pass. The runner trips the
switch on SIGINT/SIGTERM; the quota middleware and the spiders trip it when they close the
crawl themselves. When Scrapy stops the engine on its own (``scrapy crawl`` and Ctrl-C), a
sleep notices that too, within a second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy.utils.asyncio import is_asyncio_available

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["PARK", "StopSwitch", "engine_of", "park"]

PARK = "creatorscout_park"
"""Request meta key: a request put back unsent because the crawl is stopping. The scheduler keeps
it for the next run instead of sending it again."""

POLL_SECONDS = 1.0
"""Longest stretch a sleep goes without looking whether the engine was stopped from outside."""

_ATTRIBUTE = "_creatorscout_stop_switch"


def engine_of(crawler: Any) -> Any | None:
    """The crawler's engine, or ``None`` before the crawl starts (Scrapy raises then)."""
    try:
        return getattr(crawler, "engine", None)
    except RuntimeError:
        return None


def park(request: Any) -> Any:
    """A copy of ``request`` that goes back to the scheduler unsent (the original counts as ended)."""
    parked = request.replace(dont_filter=True)
    parked.meta[PARK] = True
    return parked


class StopSwitch:
    """Tripped once when the crawl is stopping; :meth:`sleep` returns early from then on."""

    def __init__(self, engine_stopped: Callable[[], bool] | None = None) -> None:
        self.tripped = False
        self._engine_stopped = engine_stopped or (lambda: False)
        self._waiters: set[Any] = set()

    @classmethod
    def of(cls, crawler: Crawler) -> StopSwitch:
        """The crawler's switch (one per crawler, created on first use)."""
        switch = getattr(crawler, _ATTRIBUTE, None)
        if switch is None:
            def engine_stopped() -> bool:
                engine = engine_of(crawler)
                return engine is not None and engine.start_time is not None and not engine.running

            switch = cls(engine_stopped)
            setattr(crawler, _ATTRIBUTE, switch)
        return switch

    @property
    def stopping(self) -> bool:
        return self.tripped or self._engine_stopped()

    def trip(self) -> None:
        """Stop: every sleep in progress ends now, later ones return at once."""
        self.tripped = True
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            _fire(waiter)

    async def sleep(self, seconds: float) -> bool:
        """Sleep ``seconds``; ``True`` when the time passed, ``False`` when the crawl is stopping."""
        deadline = time.monotonic() + max(0.0, seconds)
        while not self.stopping:
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            await self._wait(min(left, POLL_SECONDS))
        return False

    async def until(self, event: asyncio.Event) -> bool:
        """Wait for ``event`` (asyncio); ``True`` when it is set, ``False`` when the crawl is stopping first."""
        loop = asyncio.get_running_loop()
        while not event.is_set():
            if self.stopping:
                return False
            tripped: asyncio.Future[None] = loop.create_future()
            self._waiters.add(tripped)
            setting = asyncio.ensure_future(event.wait())
            try:
                await asyncio.wait({setting, tripped}, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            finally:
                setting.cancel()
                self._waiters.discard(tripped)
        return True

    async def _wait(self, seconds: float) -> None:
        if is_asyncio_available():
            loop = asyncio.get_running_loop()
            future: asyncio.Future[None] = loop.create_future()
            handle = loop.call_later(seconds, _fire, future)
            self._waiters.add(future)
            try:
                await future
            finally:
                handle.cancel()
                self._waiters.discard(future)
            return
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred

        deferred: Deferred[None] = Deferred()
        call = reactor.callLater(seconds, _fire, deferred)  # type: ignore[attr-defined]
        self._waiters.add(deferred)
        try:
            await deferred
        finally:
            if call.active():
                call.cancel()
            self._waiters.discard(deferred)


def _fire(waiter: Any) -> None:
    if isinstance(waiter, asyncio.Future):
        if not waiter.done():
            waiter.set_result(None)
    elif not waiter.called:
        waiter.callback(None)
