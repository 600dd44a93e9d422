"""Cross-platform links: classifying one URL, finding links in bios, Mastodon HTML and profile
fields, and leaving out the creator's own profile."""

from __future__ import annotations

import dataclasses
import json

import pytest

from crawler.items import CreatorItem
from crawler.links import LINK_KINDS, Link, classify_link, extract_links, link_source, links_of_creator
from crawler.parsers import Context
from crawler.parsers.mastodon import parse_account
from crawler.seeds import Seed

CHANNEL_ID = "UC_x5XG1OV2P6uZZ5FSM9Ttw"


@pytest.mark.parametrize(("url", "kind", "handle", "normalised"), [
    ("https://www.youtube.com/@GoogleDevelopers/videos", "youtube", "googledevelopers",
     "https://www.youtube.com/@googledevelopers"),
    ("youtube.com/@GoogleDevelopers", "youtube", "googledevelopers", "https://www.youtube.com/@googledevelopers"),
    (f"https://youtube.com/channel/{CHANNEL_ID}?sub_confirmation=1", "youtube", CHANNEL_ID,
     f"https://www.youtube.com/channel/{CHANNEL_ID}"),
    ("https://www.youtube.com/c/GoogleDevelopers", "youtube", "c/googledevelopers",
     "https://www.youtube.com/c/googledevelopers"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", None, "https://youtu.be/dQw4w9WgXcQ"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&utm_source=bio", "youtube", None,
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("HTTPS://WWW.Instagram.com/NASA/?igshid=abc#top", "instagram", "nasa", "https://www.instagram.com/nasa/"),
    ("https://www.instagram.com/p/C1234/", "instagram", None, "https://www.instagram.com/p/C1234/"),
    ("https://www.tiktok.com/@OddAnimalSpecimens?lang=en", "tiktok", "oddanimalspecimens",
     "https://www.tiktok.com/@oddanimalspecimens"),
    ("https://vm.tiktok.com/ZMabc/", "tiktok", None, "https://vm.tiktok.com/ZMabc/"),
    ("https://bsky.app/profile/Alice.bsky.social", "bluesky", "alice.bsky.social",
     "https://bsky.app/profile/alice.bsky.social"),
    ("https://fosstodon.org/@schochastics", "mastodon", "schochastics@fosstodon.org",
     "https://fosstodon.org/@schochastics"),
    ("http://127.0.0.1:8123/@cook", "mastodon", "cook@127.0.0.1:8123", "http://127.0.0.1:8123/@cook"),
    ("https://linktr.ee/vegan.anna", "link_in_bio", None, "https://linktr.ee/vegan.anna"),
    ("https://beacons.ai/anna", "link_in_bio", None, "https://beacons.ai/anna"),
    ("https://lnk.bio/anna", "link_in_bio", None, "https://lnk.bio/anna"),
    ("https://bio.link/anna", "link_in_bio", None, "https://bio.link/anna"),
    ("https://campsite.bio/anna", "link_in_bio", None, "https://campsite.bio/anna"),
    ("https://anna.carrd.co", "link_in_bio", None, "https://anna.carrd.co/"),
    ("https://stan.store/anna", "link_in_bio", None, "https://stan.store/anna"),
    ("https://linkin.bio/anna", "link_in_bio", None, "https://linkin.bio/anna"),
    ("https://taplink.cc/anna", "link_in_bio", None, "https://taplink.cc/anna"),
    ("https://later.com/linkinbio/anna", "link_in_bio", None, "https://later.com/linkinbio/anna"),
    ("https://later.com/blog/", "website", None, "https://later.com/blog/"),
    ("https://Example.COM:443/Shop?utm_campaign=x&item=7#reviews", "website", None, "https://example.com/Shop?item=7"),
    ("http://example.com:8080", "website", None, "http://example.com:8080/"),
    ("www.vegan-anna.de", "website", None, "https://www.vegan-anna.de/"),
    ("vegan-anna.de/shop", "website", None, "https://vegan-anna.de/shop"),
    ("https://x.com/anna", "website", None, "https://x.com/anna"),
])
def test_classify_link(url, kind, handle, normalised):
    link = classify_link(url)
    assert link is not None and link.kind in LINK_KINDS
    assert (link.kind, link.handle, link.url) == (kind, handle, normalised)
    assert link.platform == (kind if kind not in ("website", "link_in_bio") else None)


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "mailto:anna@example.com", "tel:+4912345", "ftp://example.com/file", "file:///etc/passwd",
    "https://user:secret@example.com/", "https://youtube.com@evil.example/@anna", "https://", "//example.com/x",
    "https://exa mple.com/", "https://example.com/\x00", "https://localhost-nodot/", None, 42, "",
    "https://" + "a" * 3000 + ".com/",
])
def test_only_plain_http_urls_are_links(url):
    assert classify_link(url) is None


def test_redirect_wrappers_are_unwrapped_to_their_target():
    wrapped = ("https://l.instagram.com/?u=https%3A%2F%2Fwww.nasa.gov%2F&e=AT1929OTbcvuFq")
    assert classify_link(wrapped) == Link("https://www.nasa.gov/", "website", "www.nasa.gov")
    youtube = "https://www.youtube.com/redirect?event=channel_description&q=https%3A%2F%2Flinktr.ee%2Fanna"
    assert classify_link(youtube).kind == "link_in_bio"
    assert classify_link("https://l.instagram.com/?u=javascript%3Aalert(1)") is None


def test_links_in_a_plain_text_bio():
    bio = ("Vegan food! Videos: youtube.com/@VeganAnna, pics at www.instagram.com/vegan.anna. "
           "Fedi: @anna@mastodon.social; sky: anna.bsky.social (all links: https://linktr.ee/anna). "
           "Mail anna@example.com, see nasa.gov/x and https://en.wikipedia.org/wiki/Tofu_(food). "
           "Again: https://www.youtube.com/@vegananna! Cut: https://example.com/very-long-pa…")
    assert [(link.kind, link.handle or link.url) for link in extract_links(bio)] == [
        ("youtube", "vegananna"),
        ("instagram", "vegan.anna"),
        ("mastodon", "anna@mastodon.social"),
        ("bluesky", "anna.bsky.social"),
        ("link_in_bio", "https://linktr.ee/anna"),
        ("website", "https://en.wikipedia.org/wiki/Tofu_(food)"),
    ]


def test_mastodon_html_bio_and_fields_from_the_docs_skip_hashtags_and_mentions(shared_samples):
    account = json.loads((shared_samples / "mastodon/docs/entity_account.example.json").read_text())
    # the note links hashtags and mentions others ("avatar by @dzuk"); the fields list alt and bot accounts
    # (mentions too) and one website
    assert extract_links(account["note"], account["fields"], platform="mastodon") == [
        Link("http://shork.xyz/", "website", "shork.xyz")]


def test_mastodon_fields_of_a_real_account(shared_samples):
    account = json.loads((shared_samples / "mastodon/accounts_get__fosstodon.org.json").read_text())
    assert [link.url for link in extract_links(account["fields"])] == [
        "https://www.mr.schochastics.net/", "https://github.com/schochastics", "http://worldclubratings.com/"]


def test_html_uses_the_href_not_the_shortened_text_and_drops_hostile_targets():
    html = ('<p>New video: <a href="https://www.youtube.com/@VeganAnna/videos" rel="nofollow">'
            '<span class="invisible">https://www.</span><span class="ellipsis">youtube.com/@Vega</span>'
            '<span class="invisible">nAnna/videos</span></a> and '
            '<a href="javascript:alert(1)">click</a> '
            '<a href="https://fosstodon.org/tags/vegan" class="mention hashtag">#vegan</a> '
            'plain www.vegan-anna.de<br>&lt;script&gt;</p>')
    assert [(link.kind, link.url) for link in extract_links(html)] == [
        ("youtube", "https://www.youtube.com/@vegananna"), ("website", "https://www.vegan-anna.de/")]


def test_fields_named_after_a_platform_link_a_bare_handle():
    fields = [
        {"name": "YouTube 📺", "value": "@VeganAnna"},
        {"name": "Insta", "value": "vegan.anna"},
        {"name": "TikTok", "value": "not a handle at all"},
        {"name": "Pronouns", "value": "she/her"},
        {"name": "Web", "value": "vegan-anna.de"},
        {"name": "Bluesky", "value": "https://bsky.app/profile/anna.bsky.social"},
        {"name": "Empty", "value": None},
    ]
    assert [(link.kind, link.handle or link.url) for link in extract_links(fields)] == [
        ("youtube", "vegananna"), ("instagram", "vegan.anna"), ("website", "https://vegan-anna.de/"),
        ("bluesky", "anna.bsky.social")]


def test_the_same_link_twice_is_one_link_in_first_order():
    links = extract_links("https://linktr.ee/anna", ["www.youtube.com/@anna_v", None],
                          "https://linktr.ee/anna#x", "https://youtube.com/@Anna_V/shorts")
    assert [link.url for link in links] == ["https://linktr.ee/anna", "https://www.youtube.com/@anna_v"]


def test_a_handle_in_text_on_the_creators_own_platform_is_a_mention_but_its_urls_count():
    bio = "Recipes with @ben@fosstodon.org, my other account https://mastodon.social/@anna_alt"
    links = extract_links(bio, platform="mastodon")
    assert [(link.kind, link.handle) for link in links] == [("mastodon", "anna_alt@mastodon.social")]
    assert [link.handle for link in extract_links(bio, platform="youtube")] == [
        "ben@fosstodon.org", "anna_alt@mastodon.social"]


def test_the_creators_own_profile_is_not_a_cross_platform_link():
    creator = {
        "platform": "youtube", "creator_id": CHANNEL_ID, "handle": "googledevelopers",
        "profile_url": f"https://www.youtube.com/channel/{CHANNEL_ID}",
        "bio": (f"Subscribe: https://www.youtube.com/channel/{CHANNEL_ID}?sub_confirmation=1 or "
                "youtube.com/@GoogleDevelopers. Also https://www.youtube.com/@GoogleForDevelopersDE and "
                "https://www.instagram.com/googlefordevs/"),
        "external_url": "https://goo.gle/developers",
    }
    assert [(link.kind, link.handle or link.url) for link in links_of_creator(creator)] == [
        ("youtube", "googlefordevelopersde"), ("instagram", "googlefordevs"), ("website", "https://goo.gle/developers")]


def test_links_of_a_parsed_mastodon_account(shared_samples):
    account = json.loads((shared_samples / "mastodon/accounts_get__fosstodon.org.json").read_text())
    context = Context(url="https://fosstodon.org/api/v1/accounts/109", fetched_at="2026-03-01T00:00:00Z")
    (item,) = parse_account(account, context).items
    creator = dataclasses.asdict(item)
    assert [link.url for link in links_of_creator(creator)] == ["https://www.mr.schochastics.net/"]
    # the spider may add the raw profile fields to the dict: every field link counts, the own profile does not
    creator["fields"] = [*account["fields"], {"name": "Me", "value": f'<a href="{item.profile_url}">me</a>'}]
    assert [link.url for link in links_of_creator(creator)] == [
        "https://www.mr.schochastics.net/", "https://github.com/schochastics", "http://worldclubratings.com/"]


def test_a_link_to_a_profile_becomes_a_seed_to_follow():
    item = CreatorItem(platform="mastodon", creator_id="7", handle="anna", source_url="https://x/api/v1/accounts/7",
                       fetched_at="2026-03-01T00:00:00Z", bio="Videos on youtube.com/@VeganAnna or linktr.ee/anna")
    links = links_of_creator(dataclasses.asdict(item))
    source = link_source(item.platform, item.creator_id)
    assert source == "link:mastodon:7"
    assert links[0].seed(source) == Seed("youtube", "vegananna", "handle", source)
    assert links[1].seed(source) is None  # a link-in-bio page names no profile to crawl
