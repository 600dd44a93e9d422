"""Crawl plans: the TOML file that describes a recurring discovery job (``creatorscout run PLAN``).

:func:`load_plan` reads and validates a plan and returns a :class:`Plan`; every problem of the
file is collected (unknown keys, wrong types, unknown platforms, a platform whose credentials
are missing from the environment, ...) and raised at once as a :class:`PlanError` whose lines
read ``FILE:LINE: what is wrong``. ``tomllib`` reports no line numbers for values, so
:func:`key_lines` finds each key's line in the text itself.

Relative paths in a plan (``db``, ``handles_file``, the outputs) are relative to the plan file's
folder, so a plan runs the same from cron, systemd or a shell in any folder.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.errors import CreatorscoutError
from crawler.platforms import REGISTRY, MissingCredentialError, Platform

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "Plan",
    "PlanError",
    "PlanProblem",
    "PlatformPlan",
    "example_plan",
    "key_lines",
    "load_plan",
    "parse_plan",
]

FORMATS = ("xlsx", "csv")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TOP_KEYS = ("name", "niche", "market_language", "db", "queue", "workers", "platforms", "limits", "budgets",
            "outputs", "retention")
DEFAULT_QUEUE_WORKERS = 1
PLATFORM_KEYS = ("hashtags", "handles", "handles_file")
LIMIT_KEYS = {"max_creators": 1, "max_posts": 1, "max_comments": 0, "max_refresh": 0}  # key -> smallest allowed value
OUTPUT_KEYS = ("shortlist", "format", "reports", "reports_top", "digest")
RETENTION_KEYS = ("comments_days", "snapshots_days")
DEFAULT_LIMITS = {"max_creators": 50, "max_posts": 20, "max_comments": 100}
DEFAULT_REPORTS_TOP = 20


class PlanError(CreatorscoutError, ValueError):
    """A plan cannot be read or is invalid; ``problems`` lists every one with its line."""

    def __init__(self, path: str | os.PathLike[str], problems: list[PlanProblem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(p.text(self.path) for p in problems))


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong with a plan: the line it is on (None: the whole file) and what to do."""

    line: int | None
    message: str

    def text(self, path: Path) -> str:
        return f"{path}:{self.line}: {self.message}" if self.line else f"{path}: {self.message}"


@dataclass(frozen=True)
class PlatformPlan:
    """What to crawl on one platform: hashtags and listed creators, and the platform's own options
    (``instance``, ``regions``, ``until``, ... as Scrapy setting name -> value)."""

    key: str
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    handles_file: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """A validated plan; paths are absolute."""

    path: Path
    name: str
    niche: str
    market_language: str | None
    db: Path
    platforms: tuple[PlatformPlan, ...]
    max_creators: int = DEFAULT_LIMITS["max_creators"]
    max_posts: int = DEFAULT_LIMITS["max_posts"]
    max_comments: int = DEFAULT_LIMITS["max_comments"]
    max_refresh: int | None = None  # known creators refreshed per platform and run (None: max_creators)
    budgets: dict[str, dict[str, int]] = field(default_factory=dict)  # platform -> Scrapy setting -> value
    shortlist: Path = Path("shortlist.xlsx")
    shortlist_format: str = "xlsx"
    reports: Path = Path("reports")
    reports_top: int = DEFAULT_REPORTS_TOP
    digest: Path = Path("digest")
    comments_days: int | None = None
    snapshots_days: int | None = None
    queue: str | None = None
    workers: int = DEFAULT_QUEUE_WORKERS  # with a queue: local worker processes each crawl starts (0: only others)

    @property
    def refresh_limit(self) -> int:
        """How many creators found by earlier runs each platform's crawl refreshes (stalest first)."""
        return self.max_creators if self.max_refresh is None else self.max_refresh

    def platform(self, key: str) -> PlatformPlan | None:
        return next((p for p in self.platforms if p.key == key), None)

    def settings(self) -> dict[str, Any]:
        """Settings every crawl of the plan gets (``queue`` is not one: :func:`vetting.run.queued_crawls`
        publishes each crawl there instead of running it here)."""
        return {}


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The 1-based line of every table header and ``key = value`` of a TOML text, by key path.

    A table header ``[a.b]`` maps ``("a", "b")``; ``x = 1`` inside it maps ``("a", "b", "x")``.
    Lines inside multi-line strings and arrays are skipped. (The file is valid TOML when this
    runs: ``tomllib`` parsed it first.)"""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string: str | None = None
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string is not None:
            if raw.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth = max(0, depth + _bracket_balance(raw))
            continue
        if not line or line.startswith("#"):
            continue
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            table = _split_key(header.group(1))
            lines.setdefault(table, number)
            continue
        key, sep, value = _split_assignment(line)
        if not sep:
            continue
        path = (*table, *_split_key(key))
        lines.setdefault(path, number)
        for part in range(len(table) + 1, len(path)):  # a dotted key also defines its parent tables
            lines.setdefault(path[:part], number)
        stripped = value.strip()
        for quote in ('"""', "'''"):
            if stripped.startswith(quote) and stripped.count(quote) == 1:
                in_string = quote
        if in_string is None:
            depth = max(0, _bracket_balance(value))
    return lines


def _split_assignment(line: str) -> tuple[str, str, str]:
    """``key = value`` split at the first ``=`` outside quotes."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:index], "=", line[index + 1:]
    return line, "", ""


def _split_key(key: str) -> tuple[str, ...]:
    parts: list[str] = []
    current = ""
    quote: str | None = None
    for char in key:
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


def _bracket_balance(text: str) -> int:
    """Opening minus closing brackets of a value, outside strings and comments."""
    balance = 0
    quote: str | None = None
    for char in text:
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance


class _Checker:
    """Collects problems with their lines while a plan's values are read."""

    def __init__(self, lines: Mapping[tuple[str, ...], int]) -> None:
        self.lines = lines
        self.problems: list[PlanProblem] = []

    def line(self, *path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def add(self, path: tuple[str, ...], message: str) -> None:
        self.problems.append(PlanProblem(self.line(*path), message))

    def unknown(self, table: Mapping[str, Any], allowed: tuple[str, ...] | Mapping[str, Any],
                path: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.add((*path, key), f"unknown key {key!r} in {where}; the keys are {', '.join(allowed)}")

    def table(self, data: Mapping[str, Any], key: str, path: tuple[str, ...] = ()) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.add((*path, key), f"{_dotted(*path, key)} must be a table ([{_dotted(*path, key)}]), "
                                   f"got {_type(value)}")
            return {}
        return value

    def text(self, data: Mapping[str, Any], key: str, path: tuple[str, ...] = (), *,
             required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(path or (key,), f"{_dotted(*path, key)} is missing: add {key} = \"...\"")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add((*path, key), f"{_dotted(*path, key)} must be a non-empty string, got {_type(value)}")
            return None
        return value.strip()

    def integer(self, data: Mapping[str, Any], key: str, path: tuple[str, ...], minimum: int) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add((*path, key), f"{_dotted(*path, key)} must be a whole number, got {_type(value)}")
            return None
        if value < minimum:
            self.add((*path, key), f"{_dotted(*path, key)} must be at least {minimum}, got {value}")
            return None
        return value

    def strings(self, data: Mapping[str, Any], key: str, path: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add((*path, key), f"{_dotted(*path, key)} must be a list of non-empty strings, e.g. "
                                   f"{key} = [\"a\", \"b\"]")
            return ()
        return tuple(v.strip() for v in value)


def _dotted(*path: str) -> str:
    return ".".join(path)


def _type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    shown = repr(value) if isinstance(value, (bool, int, float, str)) else ""
    return names.get(type(value), type(value).__name__) + (f" ({shown})" if shown else "")


def load_plan(path: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None,
              check_credentials: bool = True) -> Plan:
    """Read and validate the plan at ``path``; :class:`PlanError` lists every problem."""
    plan_path = Path(path)
    try:
        text = plan_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(plan_path, [PlanProblem(None, "no such plan file; write one with "
                                                      f"`creatorscout plan new {plan_path.stem}`")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PlanError(plan_path, [PlanProblem(None, f"cannot read the plan: {reason}")]) from None
    return parse_plan(text, plan_path, environ=environ, check_credentials=check_credentials)


def parse_plan(text: str, path: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None,
               check_credentials: bool = True) -> Plan:
    """Validate the TOML ``text`` of the plan at ``path`` (relative paths are relative to its folder)."""
    plan_path = Path(path).absolute()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise PlanError(plan_path, [PlanProblem(int(match.group(1)) if match else None,
                                                f"not valid TOML: {message}")]) from None
    check = _Checker(key_lines(text))
    folder = plan_path.parent
    environ = os.environ if environ is None else environ

    check.unknown(data, TOP_KEYS, (), "the plan")
    name = check.text(data, "name", required=True)
    if name is not None and not NAME_PATTERN.match(name):
        check.add(("name",), f"name {name!r} must be letters, digits, '.', '_' or '-' (it names files and the "
                             "lock), at most 64 characters")
        name = None
    niche = check.text(data, "niche", required=True)
    market_language = check.text(data, "market_language")
    if market_language is not None:
        if len(market_language) != 2 or not market_language.isascii() or not market_language.isalpha():
            check.add(("market_language",), f"market_language must be a two-letter ISO 639-1 code such as de or "
                                            f"en, got {market_language!r}")
        market_language = market_language.lower()
    db_text = check.text(data, "db")
    db = _resolve(folder, db_text or environ.get("CREATORSCOUT_DB") or "creatorscout.db")
    queue = check.text(data, "queue")
    if queue is not None:
        parts = urlsplit(queue)
        if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
            check.add(("queue",), f"queue must be a Redis URL such as redis://localhost:6379/0, got {queue!r}")
    workers = check.integer(data, "workers", (), 0)
    if workers is not None and queue is None:
        check.add(("workers",), "workers is the number of local queue workers: it needs a queue")

    platforms = _platforms(check, data, folder, environ, check_credentials)
    if queue is not None:
        from crawler.distributed import QUEUE_PLATFORMS

        for entry in platforms:
            if entry.key not in QUEUE_PLATFORMS:
                check.add(("platforms", entry.key), f"{entry.key} cannot be crawled through a queue yet (queued: "
                                                    f"{', '.join(QUEUE_PLATFORMS)}); crawl it in a plan without "
                                                    "queue")
    limits = check.table(data, "limits")
    check.unknown(limits, tuple(LIMIT_KEYS), ("limits",), "[limits]")
    values = {key: check.integer(limits, key, ("limits",), minimum) for key, minimum in LIMIT_KEYS.items()}
    budgets = _budgets(check, data, platforms)
    outputs = check.table(data, "outputs")
    check.unknown(outputs, OUTPUT_KEYS, ("outputs",), "[outputs]")
    stem = name or plan_path.stem
    fmt = check.text(outputs, "format", ("outputs",))
    shortlist_text = check.text(outputs, "shortlist", ("outputs",))
    if fmt is not None and fmt.lower() not in FORMATS:
        check.add(("outputs", "format"), f"outputs.format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        fmt = None
    shortlist = _resolve(folder, shortlist_text or f"{stem}-shortlist.{(fmt or 'xlsx').lower()}")
    suffix = shortlist.suffix.lower().lstrip(".")
    if fmt is None and suffix not in FORMATS:
        check.add(("outputs", "shortlist"), f"outputs.shortlist {shortlist_text!r} must end in .xlsx or .csv (or "
                                            "set outputs.format)")
    elif fmt is not None and suffix != fmt.lower():
        if suffix in FORMATS:
            check.add(("outputs", "format"), f"outputs.format is {fmt!r} but outputs.shortlist ends in .{suffix}: "
                                             "make them agree")
        else:
            shortlist = shortlist.with_name(f"{shortlist.name}.{fmt.lower()}")
            suffix = fmt.lower()
    reports_top = check.integer(outputs, "reports_top", ("outputs",), 1)
    reports = _resolve(folder, check.text(outputs, "reports", ("outputs",)) or f"{stem}-reports")
    digest = _resolve(folder, check.text(outputs, "digest", ("outputs",)) or f"{stem}-digest")
    retention = check.table(data, "retention")
    check.unknown(retention, RETENTION_KEYS, ("retention",), "[retention]")
    comments_days = check.integer(retention, "comments_days", ("retention",), 1)
    snapshots_days = check.integer(retention, "snapshots_days", ("retention",), 1)

    if check.problems:
        raise PlanError(plan_path, sorted(check.problems, key=lambda p: p.line or 0))
    return Plan(
        path=plan_path, name=name or stem, niche=niche or "", market_language=market_language, db=db,
        platforms=tuple(platforms), budgets=budgets,
        max_creators=values["max_creators"] or DEFAULT_LIMITS["max_creators"],
        max_posts=values["max_posts"] or DEFAULT_LIMITS["max_posts"],
        max_comments=DEFAULT_LIMITS["max_comments"] if values["max_comments"] is None else values["max_comments"],
        max_refresh=values["max_refresh"],
        shortlist=shortlist, shortlist_format=suffix if suffix in FORMATS else "xlsx", reports=reports,
        reports_top=reports_top or DEFAULT_REPORTS_TOP, digest=digest, comments_days=comments_days,
        snapshots_days=snapshots_days, queue=queue,
        workers=DEFAULT_QUEUE_WORKERS if workers is None else workers,
    )


def _resolve(folder: Path, value: str) -> Path:
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else folder / path


def _platform_options(platform: Platform) -> dict[str, Any]:
    """The platform's own options a plan may set in its platform table (budgets go to [budgets])."""
    budget_settings = {platform.budget.quota_setting, *(ledger.setting for ledger in platform.budget.ledgers)}
    return {o.name: o for o in platform.options if o.setting not in budget_settings}


def _platforms(check: _Checker, data: Mapping[str, Any], folder: Path, environ: Mapping[str, str],
               check_credentials: bool) -> list[PlatformPlan]:
    from crawler.hashtags import normalize_hashtags
    from crawler.seeds import SeedError, parse_seed

    table = check.table(data, "platforms")
    if "platforms" in data and isinstance(data["platforms"], dict) and not table:
        check.add(("platforms",), "[platforms] is empty: add a [platforms.mastodon] table (or another platform)")
    elif "platforms" not in data:
        check.problems.append(PlanProblem(None, "no platform to crawl: add a table such as [platforms.mastodon] "
                                                f"with hashtags; the platforms are {', '.join(REGISTRY)}"))
    plans: list[PlatformPlan] = []
    for key, path, platform, entry in _platform_tables(check, table, "platforms"):
        options = _platform_options(platform)
        check.unknown(entry, (*PLATFORM_KEYS, *options), path, f"[platforms.{key}]")
        hashtags = check.strings(entry, "hashtags", path)
        try:
            hashtags = tuple(normalize_hashtags(list(hashtags))) if hashtags else ()
        except CreatorscoutError as exc:
            check.add((*path, "hashtags"), f"platforms.{key}.hashtags: {exc}")
        handles = check.strings(entry, "handles", path)
        if handles and not platform.seed_lists:
            check.add((*path, "handles"), f"{platform.title} cannot crawl listed creators yet; use hashtags")
        for handle in handles:
            try:
                seed = parse_seed(handle, key)
            except SeedError as exc:
                check.add((*path, "handles"), f"platforms.{key}.handles: {exc}")
                continue
            if seed.platform != key:
                check.add((*path, "handles"), f"platforms.{key}.handles: {handle!r} is a {seed.platform} account; "
                                              f"list it under [platforms.{seed.platform}]")
        file_text = check.text(entry, "handles_file", path)
        handles_file = _resolve(folder, file_text) if file_text else None
        if handles_file is not None and not handles_file.is_file():
            check.add((*path, "handles_file"), f"platforms.{key}.handles_file: no such file {handles_file}")
        if not hashtags and not handles and handles_file is None:
            check.add(path, f"[platforms.{key}] has nothing to crawl: give hashtags, handles or handles_file")
        settings: dict[str, Any] = {}
        for name, option in options.items():
            if name not in entry:
                continue
            value = entry[name]
            if option.type is int and (isinstance(value, bool) or not isinstance(value, int)):
                check.add((*path, name), f"platforms.{key}.{name} must be a whole number, got {_type(value)}")
            elif option.type is str and not (isinstance(value, str) and value.strip()):
                check.add((*path, name), f"platforms.{key}.{name} must be a non-empty string, got {_type(value)}")
            else:
                settings[option.setting] = value.strip() if isinstance(value, str) else value
        if check_credentials:
            try:
                platform.read_credentials(environ, searching=bool(hashtags))
            except MissingCredentialError as exc:
                check.add(path, f"{platform.title} cannot be crawled: {exc}")
        plans.append(PlatformPlan(key, hashtags, handles, handles_file, settings))
    return plans


def _budget_keys(platform: Platform) -> dict[str, str]:
    """Budget key -> Scrapy setting: ``quota`` (the platform's daily quota in its own unit), its
    further ledgers by name (``records``), and ``max_requests`` (a cap on each run's requests)."""
    keys = {}
    if platform.budget.quota_setting:
        keys["quota"] = platform.budget.quota_setting
    keys.update({ledger.name: ledger.setting for ledger in platform.budget.ledgers})
    keys["max_requests"] = "CLOSESPIDER_PAGECOUNT"
    return keys


def _platform_tables(check: _Checker, table: Mapping[str, Any],
                     section: str) -> Iterator[tuple[str, tuple[str, ...], Platform, dict[str, Any]]]:
    """``(key, path, platform, entry)`` of each ``[section.KEY]`` table naming a registered platform; an
    unknown platform or a value that is no table is a problem of the plan, and skipped."""
    where = "" if section == "platforms" else f" in [{section}]"
    for key, entry in table.items():
        path = (section, key)
        platform = REGISTRY.get(key)
        if platform is None:
            check.add(path, f"unknown platform {key!r}{where}; choose one of {', '.join(REGISTRY)}")
        elif not isinstance(entry, dict):
            check.add(path, f"{section}.{key} must be a table ([{section}.{key}]), got {_type(entry)}")
        else:
            yield key, path, platform, entry


def _budgets(check: _Checker, data: Mapping[str, Any], platforms: list[PlatformPlan]) -> dict[str, dict[str, int]]:
    table = check.table(data, "budgets")
    planned = {p.key for p in platforms}
    budgets: dict[str, dict[str, int]] = {}
    for key, path, platform, entry in _platform_tables(check, table, "budgets"):
        if key not in planned and "platforms" in data:
            check.add(path, f"[budgets.{key}] but the plan crawls no {key}: add [platforms.{key}] or remove it")
        keys = _budget_keys(platform)
        check.unknown(entry, keys, path, f"[budgets.{key}] ({platform.budget.summary})")
        for name, setting in keys.items():
            value = check.integer(entry, name, path, 1)
            if value is not None:
                budgets.setdefault(key, {})[setting] = value
    return budgets


def example_plan(name: str) -> str:
    """A commented example plan named ``name``; it passes :func:`load_plan` as written."""
    return f'''# creatorscout crawl plan: `creatorscout plan check {name}.toml`, then `creatorscout run {name}.toml`.
# Relative paths are relative to this file's folder.

name = "{name}"
# The niche as text: comma-separated facets, in any language.
niche = "vegane Küche, plant-based recipes, meal prep"
# ISO 639-1 code of the market the brand sells to (the audience's language is checked against it).
market_language = "de"
# The SQLite store (default: $CREATORSCOUT_DB, else creatorscout.db beside this file).
db = "creatorscout.db"
# Optional: crawl through a Redis queue (scrapy-redis), one platform after the other (Mastodon, YouTube,
# Bluesky): `creatorscout run` publishes each crawl, starts `workers` local workers and writes the store;
# `creatorscout worker --queue URL` on other machines join in.
# queue = "redis://localhost:6379/0"
# workers = 1

# One table per platform: hashtags to discover creators by, and/or listed creators.
# Platforms: {", ".join(REGISTRY)}.
[platforms.mastodon]
hashtags = ["veganrecipes", "plantbased"]
# handles = ["@koch_anna@mastodon.social"]   # creators to crawl by handle or profile URL
# handles_file = "creators.txt"              # one per line, or a CSV/XLSX (a shortlist export works)
# instance = "https://mastodon.social"       # the instance whose API is searched

# YouTube needs YOUTUBE_API_KEY in the environment (see `creatorscout crawl youtube --help`).
# [platforms.youtube]
# hashtags = ["veganrecipes"]

[limits]
max_creators = 50    # creators to discover by hashtag, per platform (listed creators are all crawled)
max_posts = 20       # recent posts per creator
max_comments = 100   # comments per post (0: none)
# max_refresh = 50   # creators found by earlier runs of this plan, refreshed per platform and run on top of
                     # max_creators, least recently seen first (default: max_creators; 0: none)

# Budgets per platform: quota (the platform's daily quota in its unit: YouTube units, TikTok
# requests), records (TikTok), max_requests (a cap on the requests of one run, any platform).
# A run that stops at a budget finishes its other steps and exits with status 3.
[budgets.mastodon]
max_requests = 5000
# [budgets.youtube]
# quota = 2000

[outputs]
shortlist = "{name}-shortlist.xlsx"   # .xlsx or .csv
format = "xlsx"
reports = "{name}-reports"            # one HTML report per creator, plus index.html
reports_top = 20                      # reports for the best-scored creators
digest = "{name}-digest"              # digest.html, digest.csv and one log file per run

[retention]
comments_days = 180    # comments older than this are deleted at the end of each run
snapshots_days = 730   # profile snapshots older than this too
'''
