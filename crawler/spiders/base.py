"""The platform base spider: arguments, base URL, limits, error accounting.

A concrete spider sets ``name`` (the platform key of its registry entry, :mod:`crawler.platforms`)
and implements ``start()`` and its callbacks; fetching only, parsing lives in ``crawler.parsers``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.crawl_state import REPLAYED_META, CrawlState, LocalCrawlState
from crawler.errors import CreatorscoutError, ParseError
from crawler.hashtags import normalize_hashtags
from crawler.items import DiscoveryItem
from crawler.parsers import Context, Page, Parser
from crawler.platforms import MissingCredentialError, Option, Platform, get_platform
from crawler.stopping import StopSwitch
from crawler.timeutil import format_z, now_z, parse_utc

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

DEFAULT_MAX_CREATORS = 50
DEFAULT_MAX_POSTS = 20
DEFAULT_MAX_COMMENTS = 100
ARGUMENT_NAMES = ("hashtags", "max_creators", "max_posts", "max_comments", "since", "handles", "incremental")
KNOWN_STATE = "known"  # spider state: the store's creators at the start of an incremental crawl
DEFAULT_OVERLAP_HOURS = 24.0  # CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS
DEFAULT_REFRESH_POSTS = 12  # CREATORSCOUT_INCREMENTAL_REFRESH_POSTS (vetting.engagement.DEFAULT_POSTS)


class ArgumentError(CreatorscoutError, ValueError):
    """A spider argument is missing or malformed (a usage error)."""


@dataclass(frozen=True)
class SeedArgument:
    """A creator to crawl by handle (a seed): the platform's normalised handle (or id), what kind
    it is (``handle``, ``id``, ``legacy_name``, see :class:`crawler.seeds.Seed`) and the discovery
    source to record (``handle``, ``list:<file>``, ``link:<platform>:<creator_id>``)."""

    handle: str
    kind: str = "handle"
    source: str = "handle"

    def as_dict(self) -> dict[str, str]:
        return {"handle": self.handle, "kind": self.kind, "source": self.source}


@dataclass(frozen=True)
class CrawlArguments:
    """The common, validated arguments of every platform spider (names in :data:`ARGUMENT_NAMES`).

    A crawl starts from hashtags, from seed handles, or both."""

    hashtags: tuple[str, ...]
    max_creators: int | None = DEFAULT_MAX_CREATORS
    max_posts: int = DEFAULT_MAX_POSTS
    max_comments: int = DEFAULT_MAX_COMMENTS
    since: str | None = None  # ISO date-time ...Z; posts older than this are not collected
    handles: tuple[SeedArgument, ...] = ()
    incremental: bool = False  # known creators: only posts newer than the store's newest (see PlatformSpider)

    @classmethod
    def parse(
        cls,
        hashtags: str | Iterable[str] | None = None,
        max_creators: int | str | None = DEFAULT_MAX_CREATORS,
        max_posts: int | str | None = DEFAULT_MAX_POSTS,
        max_comments: int | str | None = DEFAULT_MAX_COMMENTS,
        since: str | date | None = None,
        handles: str | Iterable[Any] | None = None,
        incremental: bool | str | None = False,
        *,
        platform: str | None = None,
    ) -> CrawlArguments:
        """Validate raw arguments (strings from ``-a name=value`` or typed values from the CLI).

        ``handles`` are :class:`SeedArgument`-like mappings (the CLI), or handles and profile URLs
        as text (``-a handles=a,b``; read with :func:`crawler.seeds.parse_seed` for ``platform``).
        """
        seeds = _seed_arguments(handles, platform)
        no_tags = hashtags is None or (not isinstance(hashtags, str) and not list(hashtags)) or hashtags == ""
        if no_tags and not seeds:
            raise ArgumentError("no hashtag given and no creators to crawl: pass a hashtag (--hashtag veganrecipes) "
                                "or creators (--handle NAME, --handles-file FILE)")
        tags = [] if no_tags else normalize_hashtags(hashtags if isinstance(hashtags, str) else list(hashtags))
        return cls(
            hashtags=tuple(tags),
            max_creators=_limit("max-creators", max_creators, allow_none=True),
            max_posts=_limit("max-posts", max_posts) or 0,
            max_comments=_limit("max-comments", max_comments, allow_zero=True) or 0,
            since=_since(since),
            handles=seeds,
            incremental=_flag("incremental", incremental),
        )

    def as_dict(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "hashtags": list(self.hashtags),
            "max_creators": self.max_creators,
            "max_posts": self.max_posts,
            "max_comments": self.max_comments,
            "since": self.since,
        }
        if self.handles:  # absent for hashtag crawls: their identity (and --resume) stays as it was
            values["handles"] = [seed.as_dict() for seed in self.handles]
        if self.incremental:  # absent for full crawls, like handles
            values["incremental"] = True
        return values


def _seed_arguments(values: str | Iterable[Any] | None, platform: str | None) -> tuple[SeedArgument, ...]:
    if values is None or values == "":
        return ()
    from crawler.seeds import SeedError, parse_seed

    items = [v for v in values.split(",") if v.strip()] if isinstance(values, str) else list(values)
    seeds: dict[tuple[str, str], SeedArgument] = {}
    for value in items:
        if isinstance(value, SeedArgument):
            seed = value
        elif isinstance(value, Mapping):
            seed = SeedArgument(str(value["handle"]), str(value.get("kind") or "handle"),
                                str(value.get("source") or "handle"))
        else:
            try:
                parsed = parse_seed(str(value).strip(), platform)
            except SeedError as exc:
                raise ArgumentError(f"--handle {value!r}: {exc.reason}") from None
            if platform is not None and parsed.platform != platform:
                raise ArgumentError(f"--handle {value!r} is a {parsed.platform} account, not {platform}")
            seed = SeedArgument(parsed.handle, parsed.kind, parsed.discovery_source)
        seeds.setdefault((seed.kind, seed.handle), seed)
    return tuple(seeds.values())


def _typed(option: Option, value: Any) -> Any:
    """An option's value as its declared type (``-a`` and ``-s`` give strings)."""
    if value is None or isinstance(value, option.type):
        return value
    try:
        return option.type(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"{option.flag} must be {option.type.__name__}, got {value!r}") from None


def _limit(name: str, value: int | str | None, *, allow_none: bool = False, allow_zero: bool = False) -> int | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ArgumentError(f"--{name} needs a number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"--{name} must be a whole number, got {value!r}") from None
    if number < 0 or (number == 0 and not allow_zero):
        raise ArgumentError(f"--{name} must be {'0 or more' if allow_zero else 'at least 1'}, got {number}")
    return number


def _flag(name: str, value: bool | str | None) -> bool:
    """A yes/no argument: a bool (the CLI) or its text (``-a incremental=true``)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ArgumentError(f"--{name} must be true or false, got {value!r}")


def _since(value: str | date | None) -> str | None:
    """``--since`` as UTC ``...Z`` in whole seconds (a date is its midnight UTC, naive times are UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when: datetime | None = value
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day, tzinfo=UTC)
    else:
        when = parse_utc(str(value))
        if when is None:
            raise ArgumentError(f"--since must be a date like 2026-01-31, got {value!r}")
    return format_z(when, "seconds")


def read_known_creators(db_path: str | None, platform: str, *, overlap: timedelta = timedelta(0),
                        refresh: int = 0) -> dict[str, list[Any]]:
    """The creators of ``platform`` in the store, for an incremental crawl: creator id ->
    ``[since, ids of the stored posts to refresh]`` (see :meth:`crawler.storage.Store.known_creators`).

    ``since`` is the creator's newest stored post time (the platform's own clock, so a skewed
    clock on either side loses nothing), or ``last_seen_at`` when that is earlier, less ``overlap``
    (posts that arrive late with an earlier date). The ids are the stored posts from ``since`` on
    plus the ``refresh`` newest originals: their counts are updated from the pages the crawl reads.
    A creator without a stored post is left out: they are crawled in full (which costs little).
    """
    from crawler.storage import Store

    store = Store.open(db_path)
    try:
        return store.known_creators(platform, overlap=overlap, refresh=refresh)
    finally:
        store.close()


def known_creators_of(settings: BaseSettings, db_path: str | None, platform: str) -> dict[str, list[Any]]:
    """:func:`read_known_creators` with the window of ``settings`` (``CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS``
    and ``CREATORSCOUT_INCREMENTAL_REFRESH_POSTS``, both 0 or more)."""
    overlap = settings.getfloat("CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS", DEFAULT_OVERLAP_HOURS)
    refresh = settings.getint("CREATORSCOUT_INCREMENTAL_REFRESH_POSTS", DEFAULT_REFRESH_POSTS)
    if overlap < 0 or refresh < 0:
        raise ArgumentError("CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS and CREATORSCOUT_INCREMENTAL_REFRESH_POSTS "
                            f"must be 0 or more, got {overlap} and {refresh}")
    return read_known_creators(db_path, platform, overlap=timedelta(hours=overlap), refresh=refresh)


class PlatformSpider(scrapy.Spider):
    """Base spider: validated arguments, base URL, credentials, limits and error accounting.

    :meth:`from_crawler` is the one place where a spider's inputs are resolved, from the platform's
    registry entry (:mod:`crawler.platforms`): the common arguments (``hashtags``, ``max_creators``,
    ``max_posts``, ``max_comments``, ``since``; strings from ``scrapy crawl -a`` or typed values
    from the CLI) are parsed once, the platform's own options come from the argument of the same
    name, else their setting, else their default, the base URL from the setting (or its alias),
    else the platform's default, and the credentials from the environment. ``__init__`` takes the
    plain values, so tests can build a spider without a crawler.

    Counters go to ``crawler.stats`` under ``creatorscout/<platform>/<what>``; each kind of
    error is logged once and counted every time.

    ``incremental``: the store's creators of the platform are read once, into ``self.state``
    (so ``--resume`` keeps the cutoffs the run started with, not what it stored since); each
    spider then collects a known creator's posts only while :meth:`is_wanted` (newer than
    :meth:`known_since`), fetches comments only for those, always refreshes the profile, and
    yields again the stored posts :meth:`is_refreshed` names when a page it reads lists them
    (their counts; no comments).
    """

    name: str
    custom_settings: ClassVar[dict[str, Any] | None] = None

    def __init__(
        self,
        args: CrawlArguments,
        base_url: str,
        *,
        credentials: Mapping[str, str] | None = None,
        options: Mapping[str, Any] | None = None,
        urls: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.args = args
        self.base_url = self.check_base_url(base_url)
        self.urls: dict[str, str] = dict(urls or {})  # every base-URL setting of the platform, resolved
        self.options: dict[str, Any] = dict(options or {})
        self._credentials: dict[str, str] = dict(credentials or {})  # never in self.state, items or logs
        self._logged_kinds: set[str] = set()
        self._closing_logged = False
        self.state: dict[str, Any] = {}
        self.shared_state: CrawlState | None = None  # a queued crawl's (crawler.distributed.RedisScheduler.open)

    @classmethod
    def platform(cls) -> Platform:
        return get_platform(cls.name)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Scrapy's per-spider settings hook: add the platform's budget middlewares (its registry entry)."""
        super().update_settings(settings)
        extra = cls.platform().budget.middlewares
        if extra:
            merged = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), **extra}
            settings.set("DOWNLOADER_MIDDLEWARES", merged, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PlatformSpider:
        platform = cls.platform()
        settings = crawler.settings
        arguments = CrawlArguments.parse(**{name: kwargs.pop(name) for name in ARGUMENT_NAMES if name in kwargs},
                                         platform=platform.key)
        base_url = kwargs.pop("base_url", None)
        # A queued incremental crawl's cutoffs, published with the job (its workers have no store).
        known = kwargs.pop("known_creators", None)
        options: dict[str, Any] = {}
        for option in platform.options:
            given = kwargs.pop(option.name, None)
            if option.setting == platform.base_url_setting:
                base_url = given or base_url
                continue
            value = given if given not in (None, "") else settings.get(option.setting)
            options[option.name] = _typed(option, value if value not in (None, "") else option.default)
        # Scrapyd passes every job its id as the argument ``_job`` (kept as ``spider._job``, as Scrapy does).
        unknown = sorted(set(kwargs) - {"name", "_job"})
        if unknown:
            known = ", ".join([*ARGUMENT_NAMES, *(o.name for o in platform.options)])
            raise ArgumentError(f"unknown argument {unknown[0]!r} for the {platform.key} spider; the arguments are "
                                f"{known}")
        try:
            credentials = platform.read_credentials(searching=bool(arguments.hashtags))
        except MissingCredentialError as exc:
            raise ArgumentError(str(exc)) from None
        urls = {u.name: platform.url(settings, u.name) for u in platform.urls}
        spider = super().from_crawler(crawler, *args, args=arguments, base_url=base_url or platform.url(settings),
                                      credentials=credentials, options=options, urls=urls, **kwargs)
        if arguments.incremental:
            spider.state[KNOWN_STATE] = known if known is not None else known_creators_of(
                settings, settings.get("CREATORSCOUT_DB"), platform.key)
            crawler.signals.connect(spider._count_known, signal=signals.spider_opened)
        return spider

    def check_base_url(self, url: str) -> str:
        """The base URL to use (a spider may validate it; :class:`ArgumentError` when unusable)."""
        return url.rstrip("/")

    def credential(self, env: str) -> str | None:
        return self._credentials.get(env)

    @property
    def shared(self) -> CrawlState:
        """The search state (:mod:`crawler.crawl_state`): every worker's in Redis for a queued crawl,
        else ``self.state`` itself (checkpointed, restored by ``--resume``)."""
        return self.shared_state if self.shared_state is not None else LocalCrawlState(self.state)

    def is_claimed(self, creator_id: str) -> bool:
        """Whether ``creator_id`` is claimed already (by any worker of a queued crawl)."""
        return creator_id in self.state.get("creators", ())

    # -- answers processed again (a queued crawl) ----------------------------------------
    # A worker killed after a callback changed the shared state, before what it yielded reached Redis,
    # leaves its request in flight: ``--resume`` queues it again marked replayed (REPLAYED_META), and a
    # replayed answer yields again what its first processing decided (the duplicate filter drops the
    # requests that went out, the drain upserts the items).
    @staticmethod
    def replayed(answer: Any) -> bool:
        """Whether ``answer`` (a response, a request or a failure) is of a request a killed worker had in flight."""
        request = answer if isinstance(answer, scrapy.Request) else getattr(answer, "request", None)
        return request is not None and bool(request.meta.get(REPLAYED_META))

    def kept(self, name: str, field: str) -> list[Any]:
        """The list ``field`` of the map ``name`` (discoveries or sources waiting for their creator), to
        yield: taken out of a local crawl's state; left in a queued crawl's, for a replayed answer to
        yield it again."""
        if self.shared_state is not None:
            return list(self.shared.get(name, field, []))
        return list(self.shared.pop(name, field, []))

    def discovery(self, creator_id: str, found: Sequence[Any]) -> DiscoveryItem:
        """The discovery of ``creator_id`` by a hashtag search hit ``[tag, post id, source URL, fetched at]``."""
        tag, post_id, source_url, fetched_at = found
        return DiscoveryItem(platform=self.name, hashtag=tag, creator_id=creator_id, source_url=source_url,
                             fetched_at=fetched_at, post_id=post_id)

    def new_discoveries(self, creator_id: str, found: Iterable[Sequence[Any]], *,
                        replayed: bool = False) -> Iterator[DiscoveryItem]:
        """The discoveries of a stored creator's hashtag hits ``found``, each (creator, hashtag) pair once per
        crawl (the shared set ``discovered``); a ``replayed`` answer's again (its first processing may have
        yielded them without their reaching Redis; the drain upserts them)."""
        for hit in found:
            if self.shared.add("discovered", f"{creator_id}\n{hit[0]}"):
                self.count("discoveries")
            elif not replayed:
                continue
            yield self.discovery(creator_id, hit)

    def take_batches(self, name: str, values: Iterable[Any], size: int, *, key: str, answer: Any,
                     partial: bool = False) -> list[list[Any]]:
        """:meth:`~crawler.crawl_state.CrawlState.take` for ``answer`` (:meth:`replayed`), known by ``key``.
        A queued crawl keeps the batches under the key, in the same step: a replayed answer gets the
        batches its first processing took (their requests may never have reached Redis), and no answer
        takes twice. A local crawl takes as ever."""
        shared = self.shared
        if self.shared_state is None:
            return shared.take(name, values, size, partial=partial)
        if self.replayed(answer):
            taken = shared.taken(name, key)
            if taken is not None:
                return taken
        return shared.take(name, values, size, partial=partial, keep=key)

    # -- arguments and limits -----------------------------------------------------------
    def crawl_arguments(self) -> dict[str, Any]:
        """Arguments worth recording in ``crawl_runs`` (never secrets)."""
        return {**self.args.as_dict(), "base_url": self.base_url}

    def claim_creator(self, creator_id: str) -> bool:
        """True the first time a creator is seen while ``--max-creators`` allows more."""
        claimed: set[str] = self.state.setdefault("creators", set())
        claim = getattr(claimed, "claim", None)
        if claim is not None:  # one set for every worker of a queued crawl (crawler.distributed.ClaimedCreators)
            if claim(creator_id, self.args.max_creators):
                return True
            if creator_id not in claimed:
                self.count("skipped/max_creators")
            return False
        if creator_id in claimed:
            return False
        if self.args.max_creators is not None and len(claimed) >= self.args.max_creators:
            self.count("skipped/max_creators")
            return False
        claimed.add(creator_id)
        return True

    @property
    def creators_full(self) -> bool:
        claimed = self.state.get("creators", ())
        return self.args.max_creators is not None and len(claimed) >= self.args.max_creators

    def is_recent(self, created_at: str | None) -> bool:
        """False for posts older than ``--since`` (ISO strings in UTC compare as text)."""
        return not (self.args.since and created_at and created_at < self.args.since)

    # -- incremental crawls -------------------------------------------------------------
    def known_since(self, creator_id: str) -> datetime | None:
        """With ``incremental``: the time from which on ``creator_id``'s posts are read again (the
        newest stored one less the overlap margin, see :func:`read_known_creators`); ``None`` for a
        creator to crawl in full."""
        known = self.state.get(KNOWN_STATE, {}).get(creator_id)
        return parse_utc(known[0]) if known else None

    def _count_known(self) -> None:
        self.count("incremental/known_creators", len(self.state.get(KNOWN_STATE, {})))

    @property
    def keeps_starting_state(self) -> bool:
        """The state holds what was read from the store at the start (``incremental``): the store
        pipeline checkpoints it at once, so a resume continues from it, never from a fresh read."""
        return KNOWN_STATE in self.state

    def is_new(self, creator_id: str, created_at: str | None, post_id: str | None = None) -> bool:
        """False for a post the store holds already: one of the stored posts :meth:`known_since` on
        (:meth:`is_refreshed`), or older than that. A post without a time counts as new."""
        known = self.state.get(KNOWN_STATE, {}).get(creator_id)
        if not known:
            return True
        since, stored_ids = known
        if post_id is not None and post_id in stored_ids:
            return False
        return not created_at or created_at >= since

    def is_refreshed(self, creator_id: str, post_id: str | None, *, count: bool = True) -> bool:
        """A stored post whose counts this crawl updates when a page it reads anyway lists it: one
        from :meth:`known_since` on (the overlap margin) or one of the newest originals (the posts
        engagement uses). The caller yields it again (the store upserts: counts and ``fetched_at``
        change, nothing is duplicated) but fetches no comments for it."""
        known = self.state.get(KNOWN_STATE, {}).get(creator_id)
        if not known or post_id is None or post_id not in known[1]:
            return False
        if count:
            self.count("incremental/refreshed_posts")
        return True

    def is_past_known(self, creator_id: str, created_at: str | None) -> bool:
        """True for a post older than :meth:`known_since` (a refreshed one, say): in a listing newest
        first, no later page holds a post to collect."""
        known = self.state.get(KNOWN_STATE, {}).get(creator_id)
        return bool(known and created_at and created_at < known[0])

    def is_wanted(self, creator_id: str, created_at: str | None, post_id: str | None = None) -> bool:
        """A post to collect: recent enough for ``--since`` and not already stored (``incremental``).
        Where a listing is newest first, the first unwanted post ends the paging."""
        if not self.is_recent(created_at):
            return False
        if self.is_new(creator_id, created_at, post_id):
            return True
        self.count("incremental/stopped_known")
        return False

    # -- accounting ---------------------------------------------------------------------
    def count(self, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"creatorscout/{self.name}/{what}", n)

    def seed_missed(self, handle: str, reason: str) -> None:
        """Record that the account ``handle`` (as the crawl asked for it: handle or id; a listed or refreshed
        creator, or one a hashtag found) did not come back, and why (``not_found``, ``unavailable``,
        ``private_or_deleted``, ``suspended``, ``opted_out``), as the stat
        ``creatorscout/<platform>/seed_missed/<reason>/<handle>``: the digest names the reason per creator."""
        self.count(f"seed_missed/{reason}/{handle}")

    def problem(self, kind: str, message: str, *args: Any) -> None:
        """Count a problem of ``kind`` and log it the first time that kind is seen."""
        self.count(f"errors/{kind}")
        if kind not in self._logged_kinds:
            self._logged_kinds.add(kind)
            logger.warning(f"[{self.name}] {message} (further '%s' problems are only counted)", *args, kind)

    def load_json(self, response: Response) -> Any | None:
        """The decoded body, or ``None`` (counted, logged once) when it is not JSON."""
        try:
            return response.json()
        except (ValueError, AttributeError):  # AttributeError: a binary response has no .json()
            self.problem("malformed_json", "malformed JSON from %s", self.loggable_url(response.url))
            return None

    def parse_page(self, response: Response, parser: Parser, what: str, **context: Any) -> Page | None:
        """The one step from a response to a parsed page: status, then JSON, then the parser.

        A status other than 200 goes to :meth:`on_status` (counted and logged once by default), a
        body that is not JSON and a changed structure are counted and skipped; ``None`` then.
        ``context`` adds to the parser's :class:`~crawler.parsers.Context` (creator, post, limit).
        """
        if response.status != 200:
            self.on_status(response, what)
            return None
        payload = self.load_json(response)
        if payload is None:
            return None
        return self.parse_or_skip(parser, payload, self.context(response, **context))

    def context(self, response: Response, **values: Any) -> Context:
        """What the parser may know about ``response``: its URL (as logged) and the fetch time."""
        return Context(url=self.loggable_url(response.url), fetched_at=now_z(), **values)

    def loggable_url(self, url: str) -> str:
        """``url`` as it may appear in logs and items (a spider strips secrets here)."""
        return url

    def on_status(self, response: Response, what: str) -> None:
        """A response that is not 200 (after retries): count and log it once per status."""
        self.http_problem(response, what)

    def parse_or_skip(self, parser: Any, *args: Any) -> Any | None:
        """Call a pure parser; a :class:`ParseError` (changed structure) is counted and skipped."""
        try:
            return parser(*args)
        except ParseError as exc:
            self.problem("changed_structure", "%s", exc)
            return None

    def stop(self, reason: str, message: str) -> None:
        """Log ``message`` once, count ``errors/<reason>`` and close the spider cleanly; requests
        waiting to be sent stay in the frontier (``--resume``)."""
        self.count(f"errors/{reason}")
        if not self._closing_logged:
            self._closing_logged = True
            logging.getLogger(type(self).__module__).error("[%s] %s", self.name, message)
        StopSwitch.of(self.crawler).trip()
        raise CloseSpider(reason)

    def send_when_idle(self, requests: list[scrapy.Request]) -> None:
        """For ``spider_idle``: send ``requests`` instead of closing."""
        if not requests:
            return
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def send_rest_when_idle(self, name: str, size: int, build: Callable[[list[Any]], scrapy.Request]) -> None:
        """For ``spider_idle``: instead of closing, send the values left in the list ``name`` of the state (a
        last partial batch), ``size`` a request built by ``build``. Sent first, removed second: a worker of a
        queued crawl killed in between leaves them listed, and the next idle moment (after ``--resume``) sends
        the same batches again, which the duplicate filter drops if they reached the queue."""
        values = self.shared.items(name)
        if not values:
            return
        for start in range(0, len(values), size):
            self.crawler.engine.crawl(build(values[start:start + size]))
        self.shared.remove(name, values)
        raise DontCloseSpider

    def http_problem(self, response: Response, what: str) -> None:
        """Count and log-once an unusable HTTP status (401/403/404/429/5xx after retries)."""
        status = response.status
        kind = f"http_{status}"
        self.problem(kind, "HTTP %s for %s %s", status, what, self.loggable_url(response.url))

    def errback(self, failure: Failure) -> None:
        """Network failures after retries: counted by kind, logged once per kind."""
        request = getattr(failure, "request", None)
        url = self.loggable_url(request.url) if request is not None else "?"
        if failure.check(TimeoutError, TCPTimedOutError):
            kind = "timeout"
        elif failure.check(DNSLookupError):
            kind = "dns"
        elif failure.check(scrapy.exceptions.IgnoreRequest):
            kind = "ignored"
        else:
            kind = "network"
        self.problem(kind, "%s fetching %s: %s", kind, url, failure.getErrorMessage())

    def request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """A JSON API request with the spider's errback and the JSON check turned on."""
        meta = kwargs.pop("meta", {})
        meta.setdefault("creatorscout_json", True)
        errback = kwargs.pop("errback", self.errback)
        return scrapy.Request(url, callback=callback, errback=errback, meta=meta, **kwargs)
