"""Seed lists: creators named by handle or profile URL, for crawls that start from a list.

:func:`parse_seed` turns one handle or profile URL into a :class:`Seed` (platform, normalised
handle, its kind); :func:`read_seed_file` reads a whole list: plain text (one per line), a CSV or
an XLSX workbook with a ``handle`` or ``profile_url`` column (a shortlist export is a valid
list). Nothing here touches the network: the spiders resolve handles.

Accepted forms, per platform (handles are lower-cased: every platform matches them without case):

* Mastodon (any fediverse server): ``user@host``, ``@user@host``, ``https://host/@user`` (also a
  post URL ``https://host/@user/123`` and a remote account seen on another server,
  ``https://host/@user@other``) -> ``user@host``. A bare ``user`` needs ``mastodon_instance``.
* YouTube: ``@handle``, ``https://www.youtube.com/@handle`` -> ``handle``; ``/channel/UC…`` or a
  bare ``UC…`` id -> kind ``id``; ``/c/name`` and ``/user/name`` -> ``c/name`` / ``user/name``
  of kind ``legacy_name`` (the spider resolves those differently).
* Bluesky: ``name.bsky.social`` or a custom domain, ``did:plc:…`` / ``did:web:…`` (kind ``id``),
  ``https://bsky.app/profile/<handle-or-did>``.
* Instagram: ``https://www.instagram.com/<user>/``, ``@user``, ``user``.
* TikTok: ``https://www.tiktok.com/@user``, ``@user``, ``user``.

URLs go to their platform whatever the default platform is; so do the forms only one platform
uses (``user@host``, a DID, ``*.bsky.social``). Other bare handles take the default platform.
"""

from __future__ import annotations

import codecs
import csv
import io
import ipaddress
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler import PLATFORMS
from crawler.errors import CreatorscoutError

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_FILE_BYTES",
    "SEED_KINDS",
    "Problem",
    "Seed",
    "SeedError",
    "SeedList",
    "clean_cell",
    "parse_seed",
    "profile_url",
    "read_seed_file",
    "valid_host",
]

SEED_KINDS = ("handle", "id", "legacy_name")
"""What a seed's ``handle`` is: a handle, a platform id (YouTube channel id, Bluesky DID) or a
legacy YouTube name (``c/name``, ``user/name``)."""

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest seed file read (and the most an XLSX may unpack to)."""
MAX_LINE_CHARS = 2_000
"""Longer lines or cells are reported, not parsed."""
_MAX_ZIP_MEMBERS = 10_000
_SHOWN_CHARS = 80

_EXAMPLES = ("e.g. anna@mastodon.social, https://www.youtube.com/@name, name.bsky.social, "
             "https://www.instagram.com/name/, https://www.tiktok.com/@name")


class SeedError(CreatorscoutError, ValueError):
    """A handle, profile URL or seed file that cannot be used; ``reason`` says why and what to do."""

    def __init__(self, reason: str, value: str | None = None) -> None:
        super().__init__(f"{_shown(value)}: {reason}" if value else reason)
        self.reason = reason
        self.value = value


@dataclass(frozen=True)
class Seed:
    """One creator to crawl: ``platform``, normalised ``handle`` and what it is (``kind``).

    ``source`` says where it came from: ``"--handle"`` or ``"<file name>:<line>"`` (``line`` is the
    line of a text or CSV file, the row of a worksheet)."""

    platform: str
    handle: str
    kind: str = "handle"
    source: str = "--handle"
    line: int | None = None

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"unknown platform {self.platform!r}: choose from {', '.join(PLATFORMS)}")
        if self.kind not in SEED_KINDS:
            raise ValueError(f"unknown seed kind {self.kind!r}: choose from {', '.join(SEED_KINDS)}")

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two seeds the same creator (without asking the platform)."""
        return self.platform, self.kind, self.handle

    @property
    def profile_url(self) -> str:
        """The creator's public profile page."""
        return profile_url(self.platform, self.handle, self.kind)

    def as_argument(self) -> dict[str, str]:
        """The spider argument for this creator (``handles``; see ``crawler.spiders.base.SeedArgument``)."""
        return {"handle": self.handle, "kind": self.kind, "source": self.discovery_source}

    @property
    def discovery_source(self) -> str:
        """The ``discoveries.source`` of a creator crawled from this seed: ``handle`` or
        ``list:<file name>``."""
        if self.line is None:
            return "handle"
        return "list:" + self.source.rsplit(":", 1)[0]


def profile_url(platform: str, handle: str, kind: str = "handle") -> str:
    """The public profile page of a normalised handle (https)."""
    if platform == "mastodon":
        user, host = handle.split("@", 1)
        return f"https://{host}/@{user}"
    if platform == "youtube":
        if kind == "id":
            return f"https://www.youtube.com/channel/{handle}"
        if kind == "legacy_name":
            return f"https://www.youtube.com/{handle}"
        return f"https://www.youtube.com/@{handle}"
    if platform == "bluesky":
        return f"https://bsky.app/profile/{handle}"
    if platform == "instagram":
        return f"https://www.instagram.com/{handle}/"
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}"
    raise ValueError(f"unknown platform {platform!r}: choose from {', '.join(PLATFORMS)}")


# -- one handle or URL --------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")

_MASTODON_USER = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?")
_YOUTUBE_HANDLE = re.compile(r"[^\W][\w.-]{2,29}")
_YOUTUBE_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
_YOUTUBE_LEGACY = re.compile(r"[^\W][\w.-]{0,99}")
_BLUESKY_HANDLE = re.compile(  # a domain name whose last label does not start with a digit
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")
_DID_PLC = re.compile(r"did:plc:[a-z2-7]{24}")
_DID_WEB = re.compile(r"did:web:([a-z0-9.-]+(?:%3a\d{1,5})?)")
_INSTAGRAM_USER = re.compile(r"(?!\.)(?!.*\.\.)[a-z0-9._]{1,30}(?<!\.)")
_TIKTOK_USER = re.compile(r"[a-z0-9_.]{2,24}")

_YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com"})
_YOUTUBE_NOT_CHANNEL = frozenset({"watch", "shorts", "live", "playlist", "embed", "results", "feed", "post",
                                  "hashtag", "redirect", "account", "premium", "gaming", "kids"})
_INSTAGRAM_NOT_PROFILE = frozenset({"p", "reel", "reels", "tv", "explore", "accounts", "direct", "about", "legal",
                                    "developer", "web", "challenge", "privacy", "session", "oauth", "api"})
_TIKTOK_SHORT = frozenset({"vm.tiktok.com", "vt.tiktok.com"})
_BLUESKY_SUFFIX = ".bsky.social"
_OTHER_SITES = frozenset({
    "twitter.com", "x.com", "facebook.com", "fb.com", "threads.net", "threads.com", "linkedin.com",
    "medium.com", "substack.com", "hashnode.com", "twitch.tv", "pinterest.com", "snapchat.com", "reddit.com",
    "github.com", "patreon.com", "ko-fi.com", "vimeo.com", "soundcloud.com", "spotify.com", "t.me", "wa.me",
})
"""Well-known sites that are not supported platforms (some use ``/@name`` paths, which would
otherwise read as a Mastodon profile)."""


def parse_seed(text: str, default_platform: str | None = None, *, mastodon_instance: str | None = None,
               source: str = "--handle", line: int | None = None) -> Seed:
    """One handle or profile URL as a :class:`Seed` (see the module docs for the forms).

    ``default_platform`` is the platform of a bare handle (``@name``); ``mastodon_instance``
    (``mastodon.social`` or ``https://mastodon.social``) completes a Mastodon handle given without
    its server. Raises :class:`SeedError` with a one-line reason for malformed or unsupported input.
    """
    if default_platform is not None and default_platform not in PLATFORMS:
        raise SeedError(f"unknown platform {default_platform!r}: choose from {', '.join(PLATFORMS)}")
    if not isinstance(text, str):
        raise SeedError(f"expected text, got {type(text).__name__}")
    raw = clean_cell(text)
    if not raw:
        raise SeedError("empty: give a handle or a profile URL, " + _EXAMPLES)
    if len(raw) > MAX_LINE_CHARS:
        raise SeedError(f"longer than {MAX_LINE_CHARS} characters: not a handle or profile URL", raw)
    if raw.startswith("=") or (raw.startswith("+") and not raw[1:].isdigit()):
        raise SeedError("a spreadsheet formula, not a handle or profile URL (it is never evaluated)", raw)
    if any(ch.isspace() for ch in raw):
        raise SeedError("contains spaces: give one handle or profile URL per line", raw)
    platform, handle, kind = _route(raw, default_platform, mastodon_instance)
    return Seed(platform, handle, kind, source, line)


def clean_cell(text: str) -> str:
    """A line or cell as seed text: NFC, trimmed, zero-width characters removed, and the
    apostrophe a spreadsheet export puts before formula-like text (``'@name``) dropped."""
    value = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text)).strip()
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_TRIGGERS):
        value = value[1:].strip()
    return value


def _route(raw: str, default: str | None, instance: str | None) -> tuple[str, str, str]:
    low = raw.lower()
    if low.startswith("did:"):
        return "bluesky", _bluesky_did(raw), "id"
    scheme = _SCHEME_RE.match(raw)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            raise SeedError("only http(s) profile URLs are accepted", raw)
        return _from_url(raw)
    head = raw.split("/", 1)[0]
    if "/" in raw and "@" not in head and "." in head:
        return _from_url("https://" + raw)  # youtube.com/@name, www.tiktok.com/@name
    if (raw.count("@") == 2 and raw.startswith("@")) or (raw.count("@") == 1 and not raw.startswith("@")):
        user, _, host = raw.lstrip("@").partition("@")
        return "mastodon", _mastodon(user, host, raw), "handle"
    if low.lstrip("@").endswith(_BLUESKY_SUFFIX):
        return "bluesky", _bluesky_handle(low.lstrip("@"), raw), "handle"
    if default is None:
        raise SeedError("names no platform: give the platform (e.g. crawl youtube --handle @name) or a "
                        "profile URL", raw)
    return _bare(raw, default, instance)


def _bare(raw: str, platform: str, instance: str | None) -> tuple[str, str, str]:
    at = raw.startswith("@")
    name = raw[1:] if at else raw
    if "@" in name or "/" in name:
        raise SeedError(f"not a {_title(platform)} handle or profile URL: " + _EXAMPLES, raw)
    if platform == "mastodon":
        if not instance:
            example = _UNPRINTABLE.sub("", name)[:40] or "name"
            raise SeedError(f"a Mastodon handle needs its server: write it as {example}@mastodon.social "
                            "(or give the instance)", raw)
        return "mastodon", _mastodon(name, _instance_host(instance), raw), "handle"
    if platform == "youtube":
        if not at and _YOUTUBE_CHANNEL_ID.fullmatch(name):
            return "youtube", name, "id"
        return "youtube", _youtube_handle(name, raw), "handle"
    if platform == "bluesky":
        if "." not in name:
            raise SeedError("a Bluesky handle is a domain name such as name.bsky.social", raw)
        return "bluesky", _bluesky_handle(name.lower(), raw), "handle"
    if platform == "instagram":
        return "instagram", _instagram(name, raw), "handle"
    return "tiktok", _tiktok(name, raw), "handle"


def _from_url(url: str) -> tuple[str, str, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise SeedError("not a valid URL", url) from None
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.username is not None or parts.password is not None:
        raise SeedError("a URL with a user name or password is not a profile URL", url)
    if not host or not valid_host(host):
        raise SeedError("the URL has no valid host name", url)
    site = host[4:] if host.startswith("www.") else host
    segments = [unquote(s) for s in parts.path.split("/") if s]
    first = segments[0] if segments else ""
    if site in _YOUTUBE_HOSTS:
        return _youtube_url(segments, url)
    if site == "youtu.be":
        raise SeedError("a video link, not a channel: give the channel's URL (https://www.youtube.com/@name)", url)
    if site in ("bsky.app", "staging.bsky.app"):
        if first != "profile" or len(segments) < 2:
            raise SeedError("not a Bluesky profile URL: give https://bsky.app/profile/name.bsky.social", url)
        actor = segments[1]
        if actor.lower().startswith("did:"):
            return "bluesky", _bluesky_did(actor), "id"
        return "bluesky", _bluesky_handle(actor.lstrip("@").lower(), url), "handle"
    if site in ("instagram.com", "m.instagram.com", "instagr.am"):
        if first == "stories" and len(segments) > 1:
            first = segments[1]
        if not first or first.lower() in _INSTAGRAM_NOT_PROFILE:
            raise SeedError("a post or page URL, not an Instagram profile: give https://www.instagram.com/name/", url)
        return "instagram", _instagram(first.lstrip("@"), url), "handle"
    if site in _TIKTOK_SHORT:
        raise SeedError("a TikTok short link: open it and give the profile URL (https://www.tiktok.com/@name)", url)
    if site in ("tiktok.com", "m.tiktok.com"):
        if not first.startswith("@"):
            raise SeedError("not a TikTok profile URL: give https://www.tiktok.com/@name", url)
        return "tiktok", _tiktok(first[1:], url), "handle"
    if _is_other_site(site):
        raise SeedError(f"{site} is not a supported platform (supported: {', '.join(PLATFORMS)})", url)
    if first.startswith("@") and len(first) > 1:
        user, _, other = first[1:].partition("@")
        netloc = host if port is None or port == {"http": 80, "https": 443}.get(parts.scheme.lower()) \
            else f"{host}:{port}"
        return "mastodon", _mastodon(user, other or netloc, url), "handle"
    raise SeedError("not a profile URL of a supported platform: " + _EXAMPLES, url)


def _youtube_url(segments: Sequence[str], url: str) -> tuple[str, str, str]:
    first = segments[0] if segments else ""
    if first.startswith("@"):
        return "youtube", _youtube_handle(first[1:], url), "handle"
    if first == "channel" and len(segments) > 1:
        if not _YOUTUBE_CHANNEL_ID.fullmatch(segments[1]):
            raise SeedError("not a YouTube channel id (UC followed by 22 characters)", url)
        return "youtube", segments[1], "id"
    if first in ("c", "user") and len(segments) > 1:
        if not _YOUTUBE_LEGACY.fullmatch(segments[1]):
            raise SeedError("not a YouTube channel name", url)
        return "youtube", f"{first}/{segments[1].lower()}", "legacy_name"
    if first.lower() in _YOUTUBE_NOT_CHANNEL:
        raise SeedError("a video or page URL, not a channel: give the channel's URL (https://www.youtube.com/@name)",
                        url)
    raise SeedError("not a YouTube channel URL: give https://www.youtube.com/@name or /channel/UC…", url)


def _mastodon(user: str, host: str, raw: str) -> str:
    user = user.lower()
    if not _MASTODON_USER.fullmatch(user):
        raise SeedError("not a Mastodon user name (letters, digits, '_', '.', '-')", raw)
    host = host.lower().rstrip(".")
    name, _, port = host.partition(":")
    if not name or not valid_host(name) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise SeedError("not a Mastodon server name: write the handle as name@mastodon.social", raw)
    if "." not in name and name != "localhost":
        raise SeedError("not a Mastodon server name: write the handle as name@mastodon.social", raw)
    return f"{user}@{host}"


def _instance_host(instance: str) -> str:
    value = instance.strip()
    if "://" in value:
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError:
            raise SeedError("not a valid Mastodon instance URL", instance) from None
        default = {"http": 80, "https": 443}.get(parts.scheme.lower())
        host = (parts.hostname or "").lower()
        return host if port is None or port == default else f"{host}:{port}"
    return value.rstrip("/").lower()


def _youtube_handle(name: str, raw: str) -> str:
    if not _YOUTUBE_HANDLE.fullmatch(name):
        raise SeedError("not a YouTube handle (3-30 letters, digits, '_', '-', '.')", raw)
    return name.lower()


def _bluesky_handle(name: str, raw: str) -> str:
    if not _BLUESKY_HANDLE.fullmatch(name):
        raise SeedError("not a Bluesky handle (a domain name such as name.bsky.social)", raw)
    return name


def _bluesky_did(raw: str) -> str:
    did = raw.lower()  # DID methods and both methods' identifiers are case-insensitive
    if _DID_PLC.fullmatch(did) or _DID_WEB.fullmatch(did):
        return did
    raise SeedError("not a Bluesky DID (did:plc:<24 characters> or did:web:<domain>)", raw)


def _instagram(name: str, raw: str) -> str:
    user = name.lower()
    if not _INSTAGRAM_USER.fullmatch(user):
        raise SeedError("not an Instagram user name (1-30 letters, digits, '.', '_')", raw)
    return user


def _tiktok(name: str, raw: str) -> str:
    user = name.lower()
    if not _TIKTOK_USER.fullmatch(user):
        raise SeedError("not a TikTok user name (2-24 letters, digits, '.', '_')", raw)
    return user


def _is_other_site(site: str) -> bool:
    return any(site == other or site.endswith("." + other) for other in _OTHER_SITES)


def valid_host(host: str) -> bool:
    """A DNS name (IDNA allowed, a trailing dot ignored) or an IP address; a name whose last label
    is a number (``999.1.1.1``) is a mistyped address, not a name."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_name = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return False
    return not labels[-1].isdigit()


def _title(platform: str) -> str:
    return {"youtube": "YouTube", "tiktok": "TikTok"}.get(platform, platform.capitalize())


def _shown(value: Any) -> str:
    """``value`` safe to print on one line: control, bidi and zero-width characters removed,
    cut to 80 characters, quoted."""
    text = _UNPRINTABLE.sub("", str(value))
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return repr(text)


# -- seed files ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """A line of a seed file that was skipped: where, what it held (safe to print) and why."""

    source: str
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.text}: {self.reason}"


@dataclass
class SeedList:
    """The seeds of one file in file order, its skipped lines, and how many repeats collapsed."""

    name: str
    seeds: list[Seed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicate_count: int = 0
    _seen: dict[tuple[str, str, str], int] = field(default_factory=dict, init=False, repr=False)

    def add(self, seed: Seed) -> None:
        """Keep ``seed`` unless the same creator came earlier (then count the repeat)."""
        if seed.key in self._seen:
            self.duplicate_count += 1
            logger.debug("%s: %s repeats line %d", seed.source, seed.handle, self._seen[seed.key])
            return
        self._seen[seed.key] = seed.line or 0
        self.seeds.append(seed)

    def skip(self, line: int, text: str, reason: str) -> None:
        self.problems.append(Problem(self.name, line, _shown(text), reason))

    def summary(self) -> str:
        """One line: ``12 creators from seeds.csv (1 repeat collapsed, 2 lines skipped)``."""
        extra = []
        if self.duplicate_count:
            extra.append(f"{self.duplicate_count} repeat{'s' * (self.duplicate_count != 1)} collapsed")
        if self.problems:
            extra.append(f"{len(self.problems)} line{'s' * (len(self.problems) != 1)} skipped")
        count = len(self.seeds)
        text = f"{count} creator{'s' * (count != 1)} from {self.name}"
        return f"{text} ({', '.join(extra)})" if extra else text


_HANDLE_COLUMN, _URL_COLUMN, _PLATFORM_COLUMN = "handle", "profile_url", "platform"
_INLINE_COMMENT = re.compile(r"\s+#")


def read_seed_file(path: str | Path, default_platform: str | None = None, *,
                   mastodon_instance: str | None = None) -> SeedList:
    """The seeds of a text, CSV or XLSX file (see the module docs), with the skipped lines.

    * text: one handle or URL per line; blank lines and ``#`` comments (also after a space at a
      line's end) are ignored. UTF-8 (with or without BOM) or UTF-16 with BOM.
    * CSV (``.csv``/``.tsv``, or a text file whose first line is such a header): a ``handle`` or
      ``profile_url`` column (headers in any case), ``,``/``;``/tab/``|`` separated; a
      ``platform`` column sets each row's platform. A row's profile URL is tried first, then its
      handle. A one-column CSV without such a header is read as text.
    * XLSX: the first sheet with such a column (header in row 1); cells are read as text,
      formulas never evaluated.

    Repeats collapse (the first line wins). Raises :class:`SeedError` with the fix when the file
    cannot be read or names no creator at all.
    """
    path = Path(path)
    if default_platform is not None and default_platform not in PLATFORMS:
        raise SeedError(f"unknown platform {default_platform!r}: choose from {', '.join(PLATFORMS)}")
    head = _read_head(path)
    result = SeedList(path.name)
    options = {"default": default_platform, "instance": mastodon_instance}
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        _read_xlsx(path, result, **options)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SeedError(f"{path.name} is an old Excel (.xls) or Office file: save it as .xlsx or as CSV UTF-8")
    else:
        text = _decode(path, path.read_bytes())
        lines = text.splitlines()
        header = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
        delimiter = max(",;\t|", key=header.count)
        columns = _columns(next(csv.reader([header], delimiter=delimiter), []))
        if path.suffix.lower() in (".csv", ".tsv") or columns:
            _read_csv(path.name, text, delimiter, result, **options)
        else:
            _read_lines(lines, result, **options)
    if not result.seeds and not result.problems:
        raise SeedError(f"{path.name} names no creators: give one handle or profile URL per line, or a CSV/XLSX "
                        "with a 'handle' or 'profile_url' column")
    logger.info("%s", result.summary())
    return result


def _read_head(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SeedError(f"{path.name} is {_size(size)}, more than a seed list may be ({_size(MAX_FILE_BYTES)}): "
                            "split it")
        with path.open("rb") as fh:
            return fh.read(8)
    except IsADirectoryError:
        raise SeedError(f"{path} is a folder: give a text, CSV or XLSX file") from None
    except OSError as exc:
        raise SeedError(f"cannot read {path}: {exc.strerror or exc}") from None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SeedError(f"{path.name} is damaged UTF-16 text: save it as UTF-8") from None
    if b"\x00" in data:
        raise SeedError(f"{path.name} is not a text file (it holds binary data): give one handle or profile URL "
                        "per line as UTF-8 text, a CSV or an .xlsx workbook")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}): "
                        "save it as UTF-8 (in Excel: 'CSV UTF-8')") from None


def _columns(header: Iterable[Any]) -> dict[str, int]:
    """Positions of the handle, profile_url and platform columns in a header row (any case)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        if cell is None:
            continue
        name = re.sub(r"[\s-]+", "_", clean_cell(str(cell)).lower())
        if name in (_HANDLE_COLUMN, _URL_COLUMN, _PLATFORM_COLUMN):
            found.setdefault(name, index)
    return found if (_HANDLE_COLUMN in found or _URL_COLUMN in found) else {}


def _add(result: SeedList, text: str, line: int, *, default: str | None, instance: str | None) -> None:
    try:
        result.add(parse_seed(text, default, mastodon_instance=instance, source=f"{result.name}:{line}", line=line))
    except SeedError as exc:
        result.skip(line, text, exc.reason)


def _read_lines(lines: Sequence[str], result: SeedList, *, default: str | None, instance: str | None) -> None:
    for number, raw in enumerate(lines, start=1):
        text = clean_cell(raw)
        if not text or text.startswith("#"):
            continue
        comment = _INLINE_COMMENT.search(text)
        if comment:
            text = text[: comment.start()]
        _add(result, text, number, default=default, instance=instance)


def _read_csv(name: str, text: str, delimiter: str, result: SeedList, *, default: str | None,
              instance: str | None) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        columns = _columns(header)
        if not columns:
            if all(len(row) <= 1 for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
                _read_lines(text.splitlines(), result, default=default, instance=instance)
                return
            shown = ", ".join(_shown(c) for c in header[:12] if c.strip()) or "none"
            raise SeedError(f"{name} has no 'handle' or 'profile_url' column (columns: {shown}): add a header row "
                            "naming the column with the handles or profile URLs")
        start = reader.line_num + 1
        for row in reader:
            _add_row(result, row, columns, start, default=default, instance=instance)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SeedError(f"{name} is not a readable CSV file (line {reader.line_num}: {exc}): save it as CSV UTF-8 "
                        "or give one handle per line") from None


def _add_row(result: SeedList, row: Sequence[Any], columns: dict[str, int], line: int, *, default: str | None,
             instance: str | None) -> None:
    """One table row: its profile URL, else its handle, on the row's platform when it names one."""
    def cell(name: str) -> str:
        index = columns.get(name)
        value = row[index] if index is not None and index < len(row) else None
        return clean_cell(_cell_text(value))

    if not any(_cell_text(v).strip() for v in row):
        return
    platform = cell(_PLATFORM_COLUMN).lower() or default
    candidates = [(name, cell(name)) for name in (_URL_COLUMN, _HANDLE_COLUMN) if cell(name)]
    shown = " | ".join(text for _, text in candidates) or ", ".join(_cell_text(v) for v in row if _cell_text(v).strip())
    if platform not in (None, *PLATFORMS):
        result.skip(line, shown, f"unknown platform {_shown(platform)}: choose from {', '.join(PLATFORMS)}")
        return
    if not candidates:
        result.skip(line, shown, "no handle or profile_url in this row")
        return
    source = f"{result.name}:{line}"
    errors = []
    for name, text in candidates:
        try:
            seed = parse_seed(text, platform, mastodon_instance=instance, source=source, line=line)
        except SeedError as exc:
            errors.append((name, exc.reason))
            continue
        if cell(_PLATFORM_COLUMN) and seed.platform != platform:
            errors.append((name, f"a {seed.platform} profile, but the row's platform is {platform}"))
            continue
        result.add(seed)
        return
    reason = errors[0][1] if len(errors) == 1 else "; ".join(f"{name}: {why}" for name, why in errors)
    result.skip(line, shown, reason)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, result: SeedList, *, default: str | None, instance: str | None) -> None:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # boundary: openpyxl raises many kinds for a damaged file
        raise SeedError(f"cannot read {path.name} as an Excel workbook ({type(exc).__name__}): save it again as "
                        ".xlsx or as CSV UTF-8") from None
    try:
        for sheet in workbook.worksheets:
            rows = _sheet_rows(path, sheet)
            header = next(rows, None)
            columns = _columns(header or ())
            if not columns:
                continue
            for number, row in rows:
                _add_row(result, row, columns, number, default=default, instance=instance)
            return
        names = ", ".join(_shown(n) for n in workbook.sheetnames[:10])
        raise SeedError(f"no sheet of {path.name} ({names}) has a 'handle' or 'profile_url' column in its first row: "
                        "add that header")
    finally:
        workbook.close()


def _sheet_rows(path: Path, sheet: Any) -> Iterator[Any]:
    """The header row, then ``(row number, values)`` pairs; formula cells come as their text."""
    try:
        sheet.reset_dimensions()  # read what is there, not what a (possibly wrong) <dimension> claims
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        yield header
        if header is None:
            return
        for number, values in enumerate(rows, start=2):
            yield number, [_formula_text(v) for v in values[: len(header)]]
    except SeedError:
        raise
    except Exception as exc:  # boundary: openpyxl parses lazily and raises many kinds for a damaged sheet
        raise SeedError(f"cannot read {path.name} as an Excel workbook ({type(exc).__name__}): save it again as "
                        ".xlsx or as CSV UTF-8") from None


def _formula_text(value: Any) -> Any:
    text = getattr(value, "text", None)  # openpyxl's ArrayFormula keeps its text in .text
    return text if isinstance(text, str) else value


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_FILE_BYTES` (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > _MAX_ZIP_MEMBERS:
                raise SeedError(f"{path.name} holds {len(members):,} files, more than an Excel workbook does")
            unpacked = 0
            for member in members:
                if member.file_size > MAX_FILE_BYTES:
                    raise SeedError(f"{path.name} unpacks to more than {_size(MAX_FILE_BYTES)}: not a seed list")
                with archive.open(member) as fh:
                    while chunk := fh.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > MAX_FILE_BYTES:
                            raise SeedError(f"{path.name} unpacks to more than {_size(MAX_FILE_BYTES)}: not a "
                                            "seed list")
    except SeedError:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise SeedError(f"cannot read {path.name} as an Excel workbook ({exc}): save it again as .xlsx or as CSV "
                        "UTF-8") from None
