"""Cross-platform links: what a creator's bio and profile fields point to.

:func:`classify_link` sorts one URL into a supported platform (with the profile's handle when the
URL names one, through :func:`crawler.seeds.parse_seed`), a link-in-bio page or a plain website;
:func:`extract_links` finds the links in bios (plain text or Mastodon HTML), Mastodon profile
fields and ``external_url`` values; :func:`links_of_creator` does it for one stored or crawled
creator (a :class:`~crawler.items.CreatorItem` as a dict), leaving out the creator's own profile.

Only ``http``/``https`` URLs count (``javascript:``, ``data:``, ``mailto:`` and the like are
dropped, as are URLs with credentials). URLs are normalised (scheme and host lower-cased,
default port, fragment and tracking parameters dropped); a profile link becomes the profile's
canonical URL, so the same profile written two ways is one link. Nothing here touches the network.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from crawler import PLATFORMS
from crawler.seeds import Seed, SeedError, parse_seed

logger = logging.getLogger(__name__)

__all__ = [
    "LINK_IN_BIO_HOSTS",
    "LINK_KINDS",
    "Link",
    "classify_link",
    "extract_links",
    "link_source",
    "links_of_creator",
]

LINK_KINDS = (*PLATFORMS, "website", "link_in_bio")
"""What a link points to: one of the platforms, a link-in-bio page or any other website."""

LINK_IN_BIO_HOSTS = frozenset({
    "linktr.ee", "beacons.ai", "lnk.bio", "bio.link", "campsite.bio", "carrd.co", "stan.store", "linkin.bio",
    "taplink.cc",
})
"""Link-in-bio services (their subdomains too, e.g. ``name.carrd.co``). The list is curated by hand
from the services creators commonly use; a service not listed here is classified ``website``."""
LINK_IN_BIO_PATHS = {"later.com": "/linkinbio"}
"""Link-in-bio pages that live under a path of a larger site (curated as above)."""

PLATFORM_HOSTS = {
    "youtube": ("youtube.com", "youtu.be"),
    "instagram": ("instagram.com", "instagr.am"),
    "tiktok": ("tiktok.com",),
    "bluesky": ("bsky.app",),
}
"""Sites that belong to a platform even where a URL names no profile (a video, a post)."""

MAX_URL_CHARS = 2_048
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|igshid|igsh|mc_cid|mc_eid)$", re.IGNORECASE)
_REDIRECTS = {  # host -> (path, query parameter holding the target)
    "l.instagram.com": ("/", "u"),
    "l.facebook.com": ("/l.php", "u"),
    "lm.facebook.com": ("/l.php", "u"),
    "www.youtube.com": ("/redirect", "q"),
    "youtube.com": ("/redirect", "q"),
}
_DEFAULT_PORTS = {"http": 80, "https": 443}

_BARE_SITES = "|".join(re.escape(h) for h in sorted(
    {h for hosts in PLATFORM_HOSTS.values() for h in hosts} | LINK_IN_BIO_HOSTS | {"later.com/linkinbio"},
    key=len, reverse=True))
_URL_CHARS = r"[^\s<>\"'`…]"
# A URL in running text: with a scheme, starting with www., or a bare address on a known site
# (youtube.com/@name, linktr.ee/name), not inside a word, e-mail address or longer path.
_TEXT_URL_RE = re.compile(
    rf"(?<![\w@/.-])(?:https?://{_URL_CHARS}+|www\.{_URL_CHARS}+"
    rf"|(?:[\w-]+\.)?(?:{_BARE_SITES})/{_URL_CHARS}+|[\w-]+\.carrd\.co\b(?:/{_URL_CHARS}*)?)",
    re.IGNORECASE,
)
# Handles that say their platform in text: @user@host (fediverse) and name.bsky.social.
_TEXT_HANDLE_RE = re.compile(
    r"(?<![\w@/.:-])(?:@[\w.-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+|@?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.bsky\.social)(?![\w@/-])",
    re.IGNORECASE,
)
_BARE_DOMAIN_RE = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_TRAILING = ".,;:!?'\"»›)]}*_"
_FIELD_PLATFORMS = {
    "youtube": "youtube", "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "bluesky": "bluesky", "bsky": "bluesky",
}
"""Mastodon profile-field names that say which platform a bare handle in the value is on."""


@dataclass(frozen=True)
class Link:
    """One link: normalised ``url``, ``kind`` (a platform, ``website`` or ``link_in_bio``), the
    ``host``, and the profile ``handle`` when the URL names a profile of a supported platform."""

    url: str
    kind: str
    host: str
    handle: str | None = None

    @property
    def platform(self) -> str | None:
        """The supported platform the link points to, if any."""
        return self.kind if self.kind in PLATFORMS else None

    def seed(self, source: str) -> Seed | None:
        """The linked profile as a seed to crawl (``None`` unless the link names a profile)."""
        if self.handle is None:
            return None
        try:
            return parse_seed(self.url, source=source)
        except SeedError:  # cannot happen for a link built by classify_link; be safe with hand-made ones
            return None


def link_source(platform: str, creator_id: str) -> str:
    """The ``discoveries.source`` of a creator found by following another creator's link."""
    return f"link:{platform}:{creator_id}"


def classify_link(url: Any) -> Link | None:
    """``url`` as a :class:`Link`, or ``None`` when it is no http(s) URL with a valid host.

    An address without scheme (``www.example.com``, ``youtube.com/@name``) is read as https."""
    target = _normalise(url)
    if target is None:
        return None
    parts = urlsplit(target)
    host = parts.hostname or ""
    site = host[4:] if host.startswith("www.") else host
    if _is_link_in_bio(site, parts.path):
        return Link(target, "link_in_bio", host)
    try:
        seed = parse_seed(target)
    except SeedError:
        seed = None
    if seed is not None:
        canonical = seed.profile_url
        if seed.platform == "mastodon" and parts.scheme == "http":
            canonical = "http" + canonical[5:]  # a server without TLS (a local test server)
        return Link(canonical, seed.platform, urlsplit(canonical).hostname or host, seed.handle)
    for platform, hosts in PLATFORM_HOSTS.items():
        if any(site == h or site.endswith("." + h) for h in hosts):
            return Link(target, platform, host)
    return Link(target, "website", host)


def extract_links(*sources: Any, own: Iterable[tuple[str, str]] = (), platform: str | None = None) -> list[Link]:
    """The links in ``sources``, de-duplicated, in order of appearance.

    A source is text (a bio: URLs with a scheme, ``www.`` forms, bare addresses on the known
    platforms and link-in-bio sites such as ``youtube.com/@name``, ``@user@host`` and
    ``name.bsky.social`` handles), Mastodon HTML (``<a href>`` targets; hashtag and mention
    links are other pages or other people, not the creator's links), a Mastodon profile field
    (``{"name": ..., "value": ...}``; a field named after a platform with a bare ``@handle`` value
    links to that profile), a plain URL (``external_url``), a list of any of these, or ``None``.

    ``own`` lists the creator's own profiles as ``(platform, handle or id or profile URL)`` pairs;
    links to them are left out. ``platform`` is the creator's platform: a handle in text on that platform is a
    mention of someone else, so it is not taken as a link (URLs are).
    """
    exclude = _own_keys(own)
    found: dict[str, Link] = {}
    for link in _walk(sources, platform):
        if link.url in found or (link.platform, link.handle) in exclude:
            continue
        found[link.url] = link
    return list(found.values())


def links_of_creator(creator: Mapping[str, Any]) -> list[Link]:
    """The links of a creator row or ``CreatorItem`` dict: its ``bio``, its profile ``fields`` when
    present (Mastodon), and its ``external_url``; its own profile on its platform is left out."""
    platform = creator.get("platform")
    own = [(str(platform), str(creator[name])) for name in ("handle", "creator_id", "profile_url")
           if platform and creator.get(name)]
    return extract_links(creator.get("bio"), creator.get("fields"), creator.get("external_url"),
                         own=own, platform=platform if isinstance(platform, str) else None)


# -- internals --------------------------------------------------------------------------------

def _normalise(url: Any, depth: int = 0) -> str | None:
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > MAX_URL_CHARS or re.search(r"[\x00-\x20\x7f-\x9f]", candidate):
        return None
    if "://" not in candidate and _BARE_DOMAIN_RE.match(candidate):
        candidate = "https://" + candidate  # www.example.com, youtube.com/@name
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    if scheme not in ("http", "https") or not host or parts.username is not None or parts.password is not None:
        return None
    try:
        host.encode("idna")
    except UnicodeError:
        return None
    if not re.fullmatch(r"[\w.-]+", host) or ("." not in host and host != "localhost"):
        return None
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    redirect = _REDIRECTS.get(host)
    if redirect and parts.path == redirect[0] and depth < 2:
        target = dict(query).get(redirect[1])
        return _normalise(target, depth + 1) if target else None
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True) if query else "", ""))


def _is_link_in_bio(site: str, path: str) -> bool:
    if any(site == h or site.endswith("." + h) for h in LINK_IN_BIO_HOSTS):
        return True
    prefix = LINK_IN_BIO_PATHS.get(site)
    return prefix is not None and (path == prefix or path.startswith(prefix + "/"))


def _own_keys(own: Iterable[tuple[str, str]]) -> set[tuple[str | None, str | None]]:
    keys: set[tuple[str | None, str | None]] = set()
    for platform, value in own:
        keys.add((platform, value))
        try:
            seed = parse_seed(value, platform)
        except SeedError:
            continue
        keys.add((seed.platform, seed.handle))
    return keys


def _walk(source: Any, platform: str | None) -> Iterator[Link]:
    if source is None:
        return
    if isinstance(source, str):
        yield from _from_html(source, platform) if _looks_like_html(source) else _from_text(source, platform)
    elif isinstance(source, Mapping):
        yield from _from_field(source, platform)
    elif isinstance(source, Iterable):
        for item in source:
            yield from _walk(item, platform)


def _looks_like_html(text: str) -> bool:
    return "<" in text and re.search(r"<(?:a|p|br|span)\b", text, re.IGNORECASE) is not None


def _from_text(text: str, platform: str | None) -> Iterator[Link]:
    matches = sorted([(m.start(), "url", m) for m in _TEXT_URL_RE.finditer(text)]
                     + [(m.start(), "handle", m) for m in _TEXT_HANDLE_RE.finditer(text)], key=lambda t: t[0])
    covered = -1
    for start, what, match in matches:
        if start < covered:
            continue  # a handle inside a URL already taken (https://bsky.app/profile/x.bsky.social)
        covered = match.end()
        if what == "url":
            raw = _trim(match.group(0))
            if match.end() < len(text) and text[match.end()] == "…":
                continue  # a shortened display URL, not the real address
            if "://" not in raw:
                raw = "https://" + raw
            link = classify_link(raw)
        else:
            link = _handle_link(match.group(0), platform)
        if link is not None:
            yield link


def _handle_link(text: str, platform: str | None, default: str | None = None) -> Link | None:
    try:
        seed = parse_seed(text, default)
    except SeedError:
        return None
    if seed.platform == platform:
        return None  # a mention of another account on the creator's own platform
    return Link(seed.profile_url, seed.platform, urlsplit(seed.profile_url).hostname or "", seed.handle)


def _trim(url: str) -> str:
    """A URL found in text without the punctuation that ends its sentence (a closing bracket
    stays when the URL opened it: ``https://en.wikipedia.org/wiki/Tofu_(food)``)."""
    while url and url[-1] in _TRAILING:
        closer = url[-1]
        opener = {")": "(", "]": "[", "}": "{"}.get(closer)
        if opener and url.count(opener) >= url.count(closer):
            break
        url = url[:-1]
    return url


def _from_html(value: str, platform: str | None) -> Iterator[Link]:
    soup = BeautifulSoup(value, "lxml")
    for anchor in soup.find_all("a"):
        classes = anchor.get("class") or []
        href = anchor.get("href")
        if isinstance(href, str) and not {"mention", "hashtag"} & set(classes):
            link = classify_link(href)
            if link is not None:
                yield link
        anchor.decompose()  # its visible text may be shortened ("example.com/long…"): the href counts
    yield from _from_text(soup.get_text(" "), platform)


def _from_field(item: Mapping[str, Any], platform: str | None) -> Iterator[Link]:
    value = item.get("value")
    if not isinstance(value, str) or not value.strip():
        return
    if _looks_like_html(value):
        yield from _from_html(value, platform)
        return
    text = value.strip()
    name = item.get("name")
    named = _FIELD_PLATFORMS.get(re.sub(r"[^a-z]", "", name.lower())) if isinstance(name, str) else None
    if named and not any(ch.isspace() for ch in text) and "/" not in text:
        link = _handle_link(text, None, default=named)
        if link is not None:
            yield link
            return
    if _BARE_DOMAIN_RE.match(text):
        link = classify_link(text)  # a field holding just an address: "example.com"
        if link is not None:
            yield link
            return
    yield from _from_text(text, platform)
