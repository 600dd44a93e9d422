"""Pipelines: validation drops are counted, normalisation, pseudonyms, batched store with parents first."""

from __future__ import annotations

import dataclasses

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.pipelines import (
    NormalisePipeline,
    PseudonymizePipeline,
    StorePipeline,
    ValidatePipeline,
    author_key,
    pseudonym_key,
    summarize_stats,
)
from crawler.storage import Store

NOW = "2026-03-01T10:00:00Z"


def creator(cid="1"):
    return CreatorItem(platform="mastodon", creator_id=cid, handle=f"user{cid}", source_url="u", fetched_at=NOW,
                       followers_count=100)


def post(pid="p1", cid="1"):
    return PostItem(platform="mastodon", post_id=pid, creator_id=cid, source_url="u", fetched_at=NOW,
                    hashtags=["#Vegan", "vegan", "Plantbased"])


def comment(cmid="c1", pid="p1"):
    return CommentItem(platform="mastodon", comment_id=cmid, post_id=pid, source_url="u", fetched_at=NOW,
                       author_platform_id="42", author_handle="fan@x.social", text="Lecker!")


class DummySpider(Spider):
    name = "mastodon"

    def crawl_arguments(self):
        return {"hashtags": ["vegan"]}


@pytest.fixture
def crawler():
    c = get_crawler(DummySpider)
    c.stats.open_spider()
    return c


def test_validate_drops_missing_fields_and_counts_reason(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    bad = creator()
    bad.handle = " "
    with pytest.raises(DropItem):
        pipeline.process_item(bad)
    assert crawler.stats.get_value("creatorscout/dropped/creator/missing_handle") == 1


def test_validate_turns_negative_counts_into_unknown(crawler):
    item = creator()
    item.followers_count = -1
    assert ValidatePipeline.from_crawler(crawler).process_item(item).followers_count is None
    assert crawler.stats.get_value("creatorscout/invalid_count/followers_count") == 1


def test_normalise_hashtags_and_timestamps():
    item = post()
    item.created_at = "2026-03-01T12:00:00+02:00"
    item.text = "  Hallo  "
    out = NormalisePipeline().process_item(item)
    assert out.hashtags == ["vegan", "plantbased"]
    assert out.created_at == "2026-03-01T10:00:00Z"
    assert out.text == "Hallo"
    item.created_at, item.fetched_at = "2026-03-01T10:00:00.123456Z", "soon"
    out = NormalisePipeline().process_item(item)
    assert (out.created_at, out.fetched_at) == ("2026-03-01T10:00:00.123Z", "soon")  # unreadable: as given
    item.created_at = None
    assert NormalisePipeline().process_item(item).created_at is None


def test_pseudonymize_hashes_id_and_drops_handle():
    key = b"k"
    out = PseudonymizePipeline(key).process_item(comment())
    assert out.author_platform_id is None and out.author_handle is None
    assert out.author_key == author_key(key, "mastodon", "42") and len(out.author_key) == 32
    assert out.author_key != author_key(b"other", "mastodon", "42")
    kept = PseudonymizePipeline(key, keep_handles=True).process_item(comment())
    assert kept.author_handle == "fan@x.social"


def test_pseudonym_key_file_is_created_private_and_stable(tmp_path):
    db = tmp_path / "x.db"
    first = pseudonym_key(db)
    assert (tmp_path / "x.db.key").stat().st_mode & 0o777 == 0o600
    assert pseudonym_key(db) == first
    assert pseudonym_key(db, "configured") == b"configured"


def run_store(crawler, tmp_path, items, batch_size=2):
    pipeline = StorePipeline(str(tmp_path / "s.db"), batch_size, crawler)
    spider = DummySpider()
    spider.state = {}
    pipeline.open_spider()
    pipeline.spider_opened(spider)
    for item in items:
        pipeline.process_item(item)
    pipeline.spider_closed(spider, "finished")
    return Store.open(tmp_path / "s.db"), spider


def test_store_waits_for_parents_and_writes_snapshots(crawler, tmp_path):
    # Comment first, then post, then creator: each waits for its parent.
    items = [comment(), post(), DiscoveryItem(platform="mastodon", hashtag="vegan", creator_id="1",
                                              source_url="u", fetched_at=NOW, post_id="p1"), creator()]
    store, spider = run_store(crawler, tmp_path, items)
    assert store.db["comments"].count == 1 and store.db["posts"].count == 1
    assert store.db["creator_snapshots"].count == 1 and store.db["discoveries"].count == 1
    run = store.crawl_run(spider.crawl_run_id)
    assert run["status"] == "finished" and run["creator_count"] == 1 and run["comment_count"] == 1
    assert spider.state["crawl_run_id"] == spider.crawl_run_id


def test_store_keeps_list_discoveries_apart_and_the_links_of_a_profile(crawler, tmp_path):
    found = creator()
    found.bio = "Recipes weekly: youtube.com/@MiraBakes and https://linktr.ee/mira - also @mira@other.social"
    items = [found,
             DiscoveryItem(platform="mastodon", hashtag="vegan", creator_id="1", source_url="u", fetched_at=NOW),
             DiscoveryItem(platform="mastodon", creator_id="1", source_url="u", fetched_at=NOW,
                           source="list:agency.csv")]
    store, _ = run_store(crawler, tmp_path, items)
    rows = sorted((r["source"], r["hashtag"]) for r in store.db["discoveries"].rows)
    assert rows == [("hashtag", "vegan"), ("list:agency.csv", "")]
    links = {r["kind"]: r for r in store.creator_links("mastodon", "1")}
    assert links["youtube"]["linked_handle"] == "mirabakes"
    assert links["link_in_bio"]["url"].startswith("https://linktr.ee/mira")
    assert "mastodon" not in links  # a handle on the creator's own platform is a mention of someone else


def test_a_hashtag_discovery_without_its_hashtag_is_dropped_and_counted(crawler):
    bad = DiscoveryItem(platform="mastodon", creator_id="1", source_url="u", fetched_at=NOW)
    mention = DiscoveryItem(platform="instagram", creator_id="2", source_url="u", fetched_at=NOW,
                            source="caption_mention", post_id="18")  # found in a tagged post: names the tag
    pipeline = ValidatePipeline.from_crawler(crawler)
    for item in (bad, mention):
        with pytest.raises(DropItem):
            pipeline.process_item(item)
    assert crawler.stats.get_value("creatorscout/dropped/discovery/missing_hashtag") == 2


def test_store_counts_orphans_instead_of_losing_them_silently(crawler, tmp_path):
    store, _ = run_store(crawler, tmp_path, [creator(), post(pid="p9", cid="ghost"), comment(pid="nope")])
    assert store.db["posts"].count == 0
    assert crawler.stats.get_value("creatorscout/dropped/post/orphan") == 1
    assert crawler.stats.get_value("creatorscout/dropped/comment/orphan") == 1


def test_summarize_stats_counts_errors_drops_and_statuses():
    summary = summarize_stats({
        "downloader/request_count": 10, "downloader/response_count": 9,
        "downloader/response_status_count/200": 8, "retry/count": 2,
        "creatorscout/mastodon/errors/http_404": 1, "creatorscout/dropped/post/orphan": 3,
        "creatorscout/mastodon/skipped/opt_out/nobot": 2, "creatorscout/stored/posts": 5,
    })
    assert summary["request_count"] == 10 and summary["retry_count"] == 2
    assert summary["error_count"] == 1 and summary["dropped_count"] == 3 and summary["skipped_count"] == 2
    assert summary["post_count"] == 5
    assert summary["stats"]["downloader/response_status_count/200"] == 8


def test_timeutil_parses_and_formats_utc():
    from crawler.timeutil import format_z, parse_utc, to_z

    assert to_z("2019-11-26T15:51:44.000Z") == "2019-11-26T15:51:44Z"
    assert to_z("2026-03-01T12:00:00+02:00") == "2026-03-01T10:00:00Z"
    assert to_z("2026-03-01T10:00:00") == "2026-03-01T10:00:00Z"  # naive means UTC
    assert to_z("yesterday") is None and to_z(None) is None and parse_utc(5) is None
    assert format_z(parse_utc("2026-03-01T10:00:00.5Z")) == "2026-03-01T10:00:00.500Z"


def test_other_accounts_in_comment_texts_are_masked_unless_opted_in() -> None:
    key = b"k" * 32
    text = "@koch_anna Tolle Idee! @lena_k92 das machen wir, mail me at lena@example.com"
    out = PseudonymizePipeline(key).process_item(dataclasses.replace(comment(), text=text))
    assert "koch_anna" not in out.text and "lena_k92" not in out.text
    assert out.text.startswith("@user_") and "lena@example.com" in out.text  # an e-mail is no mention
    again = PseudonymizePipeline(key).process_item(dataclasses.replace(comment(), text=text))
    assert again.text == out.text  # the same account gets the same pseudonym: repeats still repeat
    other = PseudonymizePipeline(b"o" * 32).process_item(dataclasses.replace(comment(), text=text))
    assert other.text != out.text  # keyed: another store's key gives other pseudonyms
    kept = PseudonymizePipeline(key, keep_handles=True).process_item(dataclasses.replace(comment(), text=text))
    assert kept.text == text
