"""Where a spider keeps the search state that decides what to fetch next: in the process, or in Redis.

A local crawl keeps it in ``spider.state`` (:class:`LocalCrawlState`, the same dicts, lists and sets as
ever, so checkpoints and ``--resume`` are unchanged). The workers of a queued crawl
(:mod:`crawler.distributed`) share one :class:`RedisCrawlState` under the crawl's key prefix: any
worker may process any answer, so the flags (search started, search done), the claimed creators'
search hits and discoveries, the channels already crawled, the ids waiting to be batched and the
crawl's day must be seen by all of them. Where a step decides something (first to start the search,
first to crawl a channel, which ids make the next batch of 50, which day the crawl's date windows end,
who sends the next search page, who looks up the next candidate) it is one atomic Redis command or
script, never a read followed by a write.

Six shapes, each under a ``name``: flags (:meth:`~CrawlState.first`, :meth:`~CrawlState.clear`), values
set once (:meth:`~CrawlState.setdefault`), counters (:meth:`~CrawlState.incr`), sets
(:meth:`~CrawlState.add`), maps of JSON values (:meth:`~CrawlState.get`, :meth:`~CrawlState.put`,
:meth:`~CrawlState.pop`, :meth:`~CrawlState.swap`) and lists (:meth:`~CrawlState.append`,
:meth:`~CrawlState.pop_head`, :meth:`~CrawlState.remove`; :meth:`~CrawlState.take` sends them in batches,
kept by the answer that took them, :meth:`~CrawlState.taken`, for that answer processed again to send the
same). Read-modify-write of one map value (a creator's search hits, say) is left to callers that are the
only writer at that moment: a search is one chain of requests, its pages are processed one after another.
Where the chain's position itself decides what to fetch next (Instagram's hashtag, edge and cursor),
:meth:`~CrawlState.swap` moves it only from the page just answered, so a page answered twice (a worker
killed before its answer was done) cannot move it back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import redis

logger = logging.getLogger(__name__)

__all__ = ["REPLAYED_META", "STATE_PREFIX", "CrawlState", "LocalCrawlState", "RedisCrawlState"]

STATE_PREFIX = "creatorscout:state"
"""Redis keys of a queued crawl's shared spider state: ``<prefix>`` (hash of flags and values set once)
and ``<prefix>:<name>``."""

REPLAYED_META = "creatorscout_replayed"
"""Request meta: a request a killed worker had in flight, queued again by ``--resume``
(:func:`crawler.distributed.requeue_orphans`). Its answer may have been processed already, and the state
changed, while what the callback yielded was not all pushed to Redis yet (Scrapy runs a callback to its
end before it hands the outputs on): a spider yields again what such an answer decided (the duplicate
filter drops the requests that went out, the drain upserts the items)."""

_MISSING = object()

# Push ARGV[4..] to the list KEYS[1], then take its full batches of ARGV[1] (all of it when ARGV[2]
# is '1') from its head, atomically: two workers never send the same id, nor leave one behind. With a
# key ARGV[3] (not ''), once per key: the batches taken are kept under it in the map KEYS[2] (a JSON list
# of batches, built from the values' own JSON texts), and a key kept already takes and appends nothing.
_TAKE_SCRIPT = """
local keep = ARGV[3]
if keep ~= '' and redis.call('hexists', KEYS[2], keep) == 1 then return {} end
for i = 4, #ARGV do redis.call('rpush', KEYS[1], ARGV[i]) end
local size = tonumber(ARGV[1])
local n = redis.call('llen', KEYS[1])
local take = n - (n % size)
if ARGV[2] == '1' then take = n end
local out = {}
if take > 0 then
  out = redis.call('lrange', KEYS[1], 0, take - 1)
  redis.call('ltrim', KEYS[1], take, -1)
end
if keep ~= '' then
  local batches = {}
  for i = 1, #out, size do
    batches[#batches + 1] = '[' .. table.concat(out, ',', i, math.min(i + size - 1, #out)) .. ']'
  end
  redis.call('hset', KEYS[2], keep, '[' .. table.concat(batches, ',') .. ']')
end
return out
"""

# Replace the map KEYS[1] by the ARGV pairs after the expected ones, and delete the flag ARGV[2 + 2n] of the
# flags hash KEYS[2] ('' for none), only when the map holds exactly the n expected field/value pairs.
_SWAP_SCRIPT = """
local n = tonumber(ARGV[1])
local current = redis.call('hgetall', KEYS[1])
if #current ~= 2 * n then return 0 end
local have = {}
for i = 1, #current, 2 do have[current[i]] = current[i + 1] end
for i = 0, n - 1 do
  if have[ARGV[2 + 2 * i]] ~= ARGV[3 + 2 * i] then return 0 end
end
redis.call('del', KEYS[1])
for i = 3 + 2 * n, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[2 + 2 * n] ~= '' then redis.call('hdel', KEYS[2], ARGV[2 + 2 * n]) end
return 1
"""


def _taken_map(name: str) -> str:
    """The map in which :meth:`CrawlState.take` keeps, by key, the batches it took from the list ``name``."""
    return f"{name}:taken"


def _dump(value: Any) -> str:
    """A value as stored in Redis: JSON with sorted keys, so that equal values are equal texts (:meth:`swap`)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class CrawlState(Protocol):
    """The operations a spider's search state needs (see the module docstring)."""

    def first(self, flag: str) -> bool:
        """Set ``flag``; True only for the caller that set it (the first)."""

    def is_set(self, flag: str) -> bool: ...

    def setdefault(self, name: str, value: Any) -> Any:
        """The value of ``name`` (one JSON value), set to ``value`` first when it has none: every caller
        gets the first one's (atomic)."""

    def clear(self, flag: str) -> None:
        """Unset ``flag`` (the next :meth:`first` sets it again)."""

    def incr(self, name: str, by: int = 0) -> int:
        """Add ``by`` to the counter ``name`` (0 while unset) and return its value, in one step (``by=0`` reads it)."""

    def add(self, name: str, member: str) -> bool:
        """Add ``member`` to the set ``name``; True when it was not there (the first to add it)."""

    def has(self, name: str, member: str) -> bool: ...

    def get(self, name: str, field: str, default: Any = None) -> Any:
        """The value of ``field`` in the map ``name`` (a copy for Redis: :meth:`put` it back)."""

    def put(self, name: str, field: str, value: Any) -> None: ...

    def pop(self, name: str, field: str, default: Any = None) -> Any:
        """Remove ``field`` from the map ``name`` and return its value (atomic: one caller gets it)."""

    def entries(self, name: str) -> dict[str, Any]: ...

    def swap(self, name: str, expected: Mapping[str, Any], values: Mapping[str, Any], *,
             release: str | None = None) -> bool:
        """When the map ``name`` is exactly ``expected`` (``{}``: absent), make it ``values`` and clear the flag
        ``release``, in one step; False (nothing changed) when it is not."""

    def append(self, name: str, values: Iterable[Any]) -> None:
        """Append ``values`` to the list ``name``."""

    def items(self, name: str) -> list[Any]: ...

    def pop_head(self, name: str) -> Any:
        """Remove and return the first value of the list ``name`` (None when empty); one caller gets each."""

    def take(self, name: str, values: Iterable[Any], size: int, *, partial: bool = False,
             keep: str | None = None) -> list[list[Any]]:
        """Append ``values`` to the list ``name``, then remove and return its full batches of ``size``
        from the head (and a last partial one when ``partial``). With ``keep`` (the key of the answer
        that takes them), once per key and in the same step: the batches are kept under the key
        (:meth:`taken`), and a key kept already appends and takes nothing (``[]``)."""

    def taken(self, name: str, keep: str) -> list[list[Any]] | None:
        """The batches :meth:`take` took from the list ``name`` with the key ``keep`` (None: none taken
        with it): for an answer processed again, whose first requests may never have reached the queue."""

    def remove(self, name: str, values: Iterable[Any]) -> None:
        """Remove each of ``values`` once from the list ``name`` (those not in it: nothing)."""

    def quiet(self) -> bool:
        """No other process of the crawl can still add to this state (no request queued or in flight
        elsewhere): the moment to send a last partial batch."""


class LocalCrawlState:
    """The state of one process: ``spider.state`` itself (checkpointed by the frontier)."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def first(self, flag: str) -> bool:
        if self.state.get(flag):
            return False
        self.state[flag] = True
        return True

    def is_set(self, flag: str) -> bool:
        return bool(self.state.get(flag))

    def setdefault(self, name: str, value: Any) -> Any:
        return self.state.setdefault(name, value)

    def clear(self, flag: str) -> None:
        self.state.pop(flag, None)

    def incr(self, name: str, by: int = 0) -> int:
        value = int(self.state.get(name, 0)) + by
        if by:
            self.state[name] = value
        return value

    def add(self, name: str, member: str) -> bool:
        members: set[str] = self.state.setdefault(name, set())
        if member in members:
            return False
        members.add(member)
        return True

    def has(self, name: str, member: str) -> bool:
        return member in self.state.get(name, ())

    def get(self, name: str, field: str, default: Any = None) -> Any:
        return self.state.get(name, {}).get(field, default)

    def put(self, name: str, field: str, value: Any) -> None:
        self.state.setdefault(name, {})[field] = value

    def pop(self, name: str, field: str, default: Any = None) -> Any:
        return self.state.get(name, {}).pop(field, default)

    def entries(self, name: str) -> dict[str, Any]:
        return self.state.get(name, {})

    def swap(self, name: str, expected: Mapping[str, Any], values: Mapping[str, Any], *,
             release: str | None = None) -> bool:
        if self.state.get(name, {}) != dict(expected):
            return False
        self.state[name] = dict(values)
        if release is not None:
            self.clear(release)
        return True

    def append(self, name: str, values: Iterable[Any]) -> None:
        self.state.setdefault(name, []).extend(values)

    def items(self, name: str) -> list[Any]:
        return list(self.state.get(name, []))

    def pop_head(self, name: str) -> Any:
        values = self.state.get(name)
        return values.pop(0) if values else None

    def take(self, name: str, values: Iterable[Any], size: int, *, partial: bool = False,
             keep: str | None = None) -> list[list[Any]]:
        if keep is not None and self.taken(name, keep) is not None:
            return []
        pending: list[Any] = self.state.setdefault(name, [])
        pending.extend(values)
        batches: list[list[Any]] = []
        while len(pending) >= size or (pending and partial):
            batch, pending[:] = pending[:size], pending[size:]
            batches.append(batch)
        if keep is not None:
            self.put(_taken_map(name), keep, [list(b) for b in batches])
        return batches

    def taken(self, name: str, keep: str) -> list[list[Any]] | None:
        return self.get(_taken_map(name), keep)

    def remove(self, name: str, values: Iterable[Any]) -> None:
        pending: list[Any] = self.state.get(name, [])
        for value in values:
            if value in pending:
                pending.remove(value)

    def quiet(self) -> bool:
        return True


class RedisCrawlState:
    """The state every worker of a queued crawl shares, in Redis (values as JSON).

    ``worker`` is this process's worker id and ``busy`` a callable telling whether any other live
    worker has a request in flight or the queue holds one (:meth:`quiet`); both come from
    :class:`crawler.distributed.RedisScheduler`."""

    def __init__(self, client: redis.Redis, prefix: str = STATE_PREFIX, busy: Any = None) -> None:
        self.client = client
        self.prefix = prefix
        self.busy = busy
        self._take = client.register_script(_TAKE_SCRIPT)
        self._swap = client.register_script(_SWAP_SCRIPT)

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def first(self, flag: str) -> bool:
        return bool(self.client.hsetnx(self.prefix, flag, 1))

    def is_set(self, flag: str) -> bool:
        return bool(self.client.hexists(self.prefix, flag))

    def setdefault(self, name: str, value: Any) -> Any:
        pipe = self.client.pipeline(transaction=True)  # MULTI/EXEC: no other command in between
        pipe.hsetnx(self.prefix, name, _dump(value))
        pipe.hget(self.prefix, name)
        _, text = pipe.execute()
        return json.loads(text)

    def clear(self, flag: str) -> None:
        self.client.hdel(self.prefix, flag)

    def incr(self, name: str, by: int = 0) -> int:
        return int(self.client.hincrby(self.prefix, name, by))

    def add(self, name: str, member: str) -> bool:
        return bool(self.client.sadd(self._key(name), member))

    def has(self, name: str, member: str) -> bool:
        return bool(self.client.sismember(self._key(name), member))

    def get(self, name: str, field: str, default: Any = None) -> Any:
        text = self.client.hget(self._key(name), field)
        return default if text is None else json.loads(text)

    def put(self, name: str, field: str, value: Any) -> None:
        self.client.hset(self._key(name), field, _dump(value))

    def pop(self, name: str, field: str, default: Any = None) -> Any:
        pipe = self.client.pipeline(transaction=True)
        pipe.hget(self._key(name), field)
        pipe.hdel(self._key(name), field)
        text, _ = pipe.execute()
        return default if text is None else json.loads(text)

    def entries(self, name: str) -> dict[str, Any]:
        return {k.decode(): json.loads(v) for k, v in self.client.hgetall(self._key(name)).items()}

    def swap(self, name: str, expected: Mapping[str, Any], values: Mapping[str, Any], *,
             release: str | None = None) -> bool:
        args: list[Any] = [len(expected)]
        for field, value in expected.items():
            args += [field, _dump(value)]
        args.append(release or "")
        for field, value in values.items():
            args += [field, _dump(value)]
        return bool(self._swap(keys=[self._key(name), self.prefix], args=args))

    def append(self, name: str, values: Iterable[Any]) -> None:
        texts = [_dump(v) for v in values]
        if texts:
            self.client.rpush(self._key(name), *texts)

    def items(self, name: str) -> list[Any]:
        return [json.loads(t) for t in self.client.lrange(self._key(name), 0, -1)]

    def pop_head(self, name: str) -> Any:
        text = self.client.lpop(self._key(name))
        return None if text is None else json.loads(text)

    def take(self, name: str, values: Iterable[Any], size: int, *, partial: bool = False,
             keep: str | None = None) -> list[list[Any]]:
        texts = [_dump(v) for v in values]
        raw = self._take(keys=[self._key(name), self._key(_taken_map(name))],
                         args=[size, "1" if partial else "0", "" if keep is None else keep, *texts])
        taken = [json.loads(t) for t in raw]
        return [taken[i:i + size] for i in range(0, len(taken), size)]

    def taken(self, name: str, keep: str) -> list[list[Any]] | None:
        return self.get(_taken_map(name), keep)

    def remove(self, name: str, values: Iterable[Any]) -> None:
        pipe = self.client.pipeline()
        for value in values:
            pipe.lrem(self._key(name), 1, _dump(value))
        pipe.execute()

    def quiet(self) -> bool:
        return self.busy is None or not self.busy()

    def keys(self) -> Iterator[bytes]:
        """Every Redis key of this state (for the drain to delete once the crawl is finished)."""
        yield from self.client.scan_iter(match=self.prefix + "*")
