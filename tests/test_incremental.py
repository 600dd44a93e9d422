"""Incremental crawls without a server: the argument, the store's known creators, the cutoff rule,
and each spider on fake answers (only new posts, comments only for them, paging ends at the stored
ones; pinned posts and search hits out of time order lose nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import test_bluesky_spider as bsky
import test_instagram_spider as ig
import test_mastodon_spider as masto
import test_tiktok_spider as tt
import test_youtube_spider as yt
from scrapy.utils.test import get_crawler

from crawler.items import PostItem
from crawler.spiders.base import KNOWN_STATE, ArgumentError, CrawlArguments
from crawler.spiders.mastodon import MastodonSpider
from crawler.storage import Store


# -- the argument and the store ------------------------------------------------------------------
def test_the_incremental_argument_is_a_flag_recorded_only_when_set() -> None:
    assert CrawlArguments.parse("a").incremental is False
    assert "incremental" not in CrawlArguments.parse("a").as_dict()  # full crawls keep their identity
    for value in (True, "true", "1", "yes"):
        assert CrawlArguments.parse("a", incremental=value).as_dict()["incremental"] is True
    assert CrawlArguments.parse("a", incremental="false").incremental is False
    with pytest.raises(ArgumentError, match="--incremental must be true or false"):
        CrawlArguments.parse("a", incremental="maybe")


def test_incremental_is_not_part_of_the_crawl_identity(tmp_path) -> None:
    """An interrupted crawl resumes with or without --incremental: the cutoffs are in its state."""
    from crawler.platforms import get_platform
    from vetting.cli.crawl import _plan

    platform = get_platform("mastodon")
    db = str(tmp_path / "c.db")
    full = _plan(db, platform, CrawlArguments.parse("a"), {}, {})
    incremental = _plan(db, platform, CrawlArguments.parse("a", incremental=True), {}, {})
    assert full.key == incremental.key


def write(store: Store, creators: list[tuple[str, str]], posts: list[tuple[str, str, str]]) -> None:
    store.write_batch(
        creators=[{"platform": "mastodon", "creator_id": c, "handle": c, "fetched_at": seen,
                   "source_url": f"https://x/{c}"} for c, seen in creators],
        posts=[{"platform": "mastodon", "post_id": p, "creator_id": c, "url": f"https://x/{p}", "created_at": at,
                "fetched_at": "2026-06-01T00:00:00Z", "source_url": f"https://x/{p}"} for p, c, at in posts])


def test_known_creators_are_cut_off_at_their_newest_stored_post(tmp_path) -> None:
    store = Store.open(tmp_path / "k.db")
    write(store, [("a", "2026-12-01T10:00:00Z"), ("b", "2026-12-01T10:00:00Z"), ("c", "2026-12-01T10:00:00Z"),
                  ("skewed", "2026-05-01T00:00:00Z")],
          [("a1", "a", "2026-05-01T08:00:00Z"), ("a2", "a", "2026-05-03T08:00:00Z"),
           ("a3", "a", "2026-05-03T08:00:00Z"), ("b1", "b", "2026-04-01T00:00:00Z"),
           ("s1", "skewed", "2026-05-09T00:00:00Z")])
    known = store.known_creators("mastodon")
    margin = store.known_creators("mastodon", overlap=timedelta(days=2), refresh=1)
    store.close()
    assert sorted(known["a"][1]) == ["a2", "a3"] and known["a"][0] == "2026-05-03T08:00:00Z"
    assert known["b"] == ["2026-04-01T00:00:00Z", ["b1"]]
    assert "c" not in known  # no stored post: crawled in full
    # A post "after" our last visit: our clock wins (and that post is not taken for new).
    assert known["skewed"] == ["2026-05-01T00:00:00Z", ["s1"]]
    # The margin reaches back two days (a1 is in it); refresh=1 adds the newest original (b1, older).
    assert margin["a"][0] == "2026-05-01T08:00:00Z" and sorted(margin["a"][1]) == ["a1", "a2", "a3"]
    assert margin["b"] == ["2026-03-30T00:00:00Z", ["b1"]]


def test_the_refresh_window_is_the_newest_originals_and_every_post_of_the_margin(tmp_path) -> None:
    store = Store.open(tmp_path / "r.db")
    write(store, [("a", "2026-12-01T10:00:00Z")],
          [(f"a{day}", "a", f"2026-05-{day:02d}T08:00:00Z") for day in range(1, 21)])
    store.write_batch(posts=[{"platform": "mastodon", "post_id": "reply", "creator_id": "a", "is_reply": True,
                              "created_at": "2026-05-19T09:00:00Z", "fetched_at": "2026-06-01T00:00:00Z",
                              "source_url": "https://x/reply"}])
    known = store.known_creators("mastodon", overlap=timedelta(hours=1), refresh=3)
    wide = store.known_creators("mastodon", overlap=timedelta(days=3), refresh=0)
    store.close()
    assert known["a"] == ["2026-05-20T07:00:00Z", ["a20", "a19", "a18"]]  # the reply counts for no engagement
    assert wide["a"] == ["2026-05-17T08:00:00Z", ["a20", "reply", "a19", "a18", "a17"]]


def test_a_refresh_without_a_count_keeps_the_stored_one(tmp_path) -> None:
    """A page that lacks a count (NULL) never erases what an earlier answer gave."""
    store = Store.open(tmp_path / "u.db")
    write(store, [("a", "2026-12-01T10:00:00Z")], [])
    row = {"platform": "mastodon", "post_id": "p", "creator_id": "a", "created_at": "2026-05-01T00:00:00Z",
           "text": "hi", "fetched_at": "2026-06-01T00:00:00Z", "source_url": "https://x/p"}
    store.write_batch(posts=[{**row, "like_count": 5, "view_count": 100, "comment_count": 2}])
    store.write_batch(posts=[{**row, "like_count": 9, "text": None, "fetched_at": "2026-06-02T00:00:00Z"}])
    (stored,) = store.posts_of("mastodon", "a")
    store.close()
    assert (stored["like_count"], stored["view_count"], stored["comment_count"]) == (9, 100, 2)
    assert stored["text"] == "hi" and stored["fetched_at"] == "2026-06-02T00:00:00Z"


def test_from_crawler_reads_the_store_only_when_incremental(tmp_path) -> None:
    db = tmp_path / "s.db"
    store = Store.open(db)
    write(store, [("a", "2026-12-01T10:00:00Z")], [("a1", "a", "2026-05-01T08:00:00Z")])
    store.close()
    settings = {"CREATORSCOUT_MASTODON_INSTANCE": masto.INSTANCE, "CREATORSCOUT_DB": str(db),
                "CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS": 0}
    spider = MastodonSpider.from_crawler(get_crawler(MastodonSpider, settings), hashtags="x", incremental="true")
    assert spider.known_since("a").isoformat() == "2026-05-01T08:00:00+00:00"
    assert spider.known_since("new") is None
    assert spider.is_new("a", "2026-05-02T00:00:00Z", "a9") and not spider.is_new("a", "2026-04-30T00:00:00Z", "a0")
    assert not spider.is_new("a", "2026-05-01T08:00:00Z", "a1")  # the stored newest post itself
    assert spider.is_new("a", "2026-05-01T08:00:00Z", "a2")  # another post of the same second
    assert spider.is_new("a", None, "a7") and spider.is_new("new", "2001-01-01T00:00:00Z")
    full = MastodonSpider.from_crawler(get_crawler(MastodonSpider, settings), hashtags="x")
    assert KNOWN_STATE not in full.state and full.known_since("a") is None
    del settings["CREATORSCOUT_INCREMENTAL_OVERLAP_HOURS"]  # the default margin: one day
    spider = MastodonSpider.from_crawler(get_crawler(MastodonSpider, settings), hashtags="x", incremental="true")
    assert spider.known_since("a").isoformat() == "2026-04-30T08:00:00+00:00"
    assert spider.is_new("a", "2026-04-30T12:00:00Z", "late")  # federated late, dated before the newest
    with pytest.raises(ArgumentError, match="must be 0 or more"):
        negative = {**settings, "CREATORSCOUT_INCREMENTAL_REFRESH_POSTS": -1}
        MastodonSpider.from_crawler(get_crawler(MastodonSpider, negative), hashtags="x", incremental="true")


# -- Mastodon ------------------------------------------------------------------------------------
def test_mastodon_statuses_stop_at_the_newest_stored_post_and_refresh_it() -> None:
    spider = masto.make_spider(max_posts=50)
    spider.state[KNOWN_STATE] = {masto.MIRA: ["2026-03-01T20:00:00Z", ["110000000000000208"]]}
    request = masto.statuses_request(spider)
    items, requests = masto.call(request, masto.respond(request, masto.fixture_body("statuses_page/mixed"),
                                                        headers={"Link": masto.ST_LINK}))
    # 208 is stored: yielded again for its counts; the rest is older and not to refresh.
    assert [p.post_id[-3:] for p in items] == ["210", "209", "208"]
    assert [r.url.rsplit("/", 2)[-2] for r in requests] == ["110000000000000210"]  # context of the new post only
    assert masto.stat(spider, "incremental/stopped_known") == 1
    assert masto.stat(spider, "incremental/refreshed_posts") == 1


def test_mastodon_refreshes_stored_posts_past_the_cutoff_on_the_page_without_paging_on() -> None:
    spider = masto.make_spider(max_posts=50)
    refresh = ["110000000000000210", "110000000000000208"]  # one in the margin, one of the newest originals
    spider.state[KNOWN_STATE] = {masto.MIRA: ["2026-03-02T00:00:00Z", refresh]}
    request = masto.statuses_request(spider)
    items, requests = masto.call(request, masto.respond(request, masto.fixture_body("statuses_page/mixed"),
                                                        headers={"Link": masto.ST_LINK}))
    assert [p.post_id for p in items if p.post_id in refresh] == refresh
    assert not [r for r in requests if r.callback == spider.parse_context and r.url.rsplit("/", 2)[-2] in refresh]
    assert not [r for r in requests if r.callback == spider.parse_statuses]  # the margin ended on this page


# -- Bluesky -------------------------------------------------------------------------------------
def test_bluesky_an_old_pinned_post_neither_ends_the_feed_nor_is_fetched_again(monkeypatch) -> None:
    spider = bsky.make_spider(monkeypatch, max_posts="50")
    stored = f"at://{bsky.MAREN}/app.bsky.feed.post/3lhur2q736zou"
    spider.state[KNOWN_STATE] = {bsky.MAREN: ["2026-03-02T19:10:03Z", [stored]]}
    request = spider.feed_request(bsky.MAREN)
    items, requests = bsky.call(request, bsky.response(request.url, bsky.payload("author_feed/mixed_page"),
                                                       request=request))
    posts = [i.post_id for i in items if isinstance(i, PostItem)]
    new = f"at://{bsky.MAREN}/app.bsky.feed.post/3llaog7cpu2hk"
    assert posts == [new, stored]  # the stored one again for its counts; the old pinned one is not stored
    assert [bsky.query(r.url)["uri"][0] for r in requests] == [new]  # its thread only; no further feed page
    assert bsky.stat(spider, "feed/pinned_skipped") == 1
    assert bsky.stat(spider, "incremental/refreshed_posts") == 1


def test_bluesky_a_new_pinned_post_is_kept(monkeypatch) -> None:
    spider = bsky.make_spider(monkeypatch, max_posts="50")
    spider.state[KNOWN_STATE] = {bsky.MAREN: ["2025-09-01T00:00:00Z", []]}
    request = spider.feed_request(bsky.MAREN)
    items, requests = bsky.call(request, bsky.response(request.url, bsky.payload("author_feed/mixed_page"),
                                                       request=request))
    assert f"at://{bsky.MAREN}/app.bsky.feed.post/3lhxaqdxzqjsp" in {i.post_id for i in items}  # pinned, newer
    assert [r for r in requests if r.callback == spider.parse_feed]  # nothing stored on this page: paging goes on


# -- YouTube -------------------------------------------------------------------------------------
def test_youtube_uploads_stop_at_the_stored_video_and_stored_search_hits_are_left_out(monkeypatch) -> None:
    spider = yt.make_spider(monkeypatch, max_posts="50", max_comments="0")
    spider.state[KNOWN_STATE] = {"UC1": ["2026-02-10T00:00:00Z", ["stored"]]}
    # Search hits are not in upload order: an old stored one and a new one the uploads page misses.
    request = yt.uploads_request(spider, [("stored-hit", "2026-01-05T00:00:00Z"), ("new-hit", "2026-02-11T00:00:00Z")])
    out = yt.respond(request, yt.playlist_body([("new", "2026-02-20T00:00:00Z"), ("stored", "2026-02-10T00:00:00Z"),
                                                ("old", "2026-01-10T00:00:00Z")], token="MORE"))
    assert not yt.requests(out)  # no further uploads page
    (videos,) = yt.flush_pending_videos(spider)
    assert yt.query(videos)["id"] == "new,stored,new-hit"  # the stored upload for its counts
    assert yt.stat(spider, "incremental/known_search_hits") == 1


# -- TikTok --------------------------------------------------------------------------------------
def test_tiktok_asks_only_for_the_days_since_the_newest_stored_video(monkeypatch) -> None:
    spider = tt.make_spider(monkeypatch, hashtags=None, handles="greta.greens", max_posts="10")
    spider.state[KNOWN_STATE] = {"greta.greens": ["2026-11-20T10:00:00Z", ["7"]]}
    assert spider.creator_windows("greta.greens") == [("20261120", "20261130")]
    assert spider.creator_windows("someone.new") == tt.date_windows(tt.date(2026, 11, 30), None, 6)
    request = spider.videos_request("greta.greens", 0, [])
    assert (tt.body(request)["start_date"], tt.body(request)["end_date"]) == ("20261120", "20261130")
    # The window starts on the stored video's day: that day's older and stored videos are left out.
    items, requests = tt.call(request, tt.videos((9, "greta.greens", 1795600800), (7, "greta.greens", 1795168800),
                                                 (6, "greta.greens", 1795160000)))
    assert [p.post_id for p in items if isinstance(p, PostItem)] == ["9", "7"]  # 7 again for its counts
    assert [tt.path(r) for r in requests] == ["/v2/research/video/comment/list/"]  # no older window
    assert tt.body(requests[0])["video_id"] == 9


def test_tiktok_a_creator_known_for_long_keeps_the_crawls_windows(monkeypatch) -> None:
    spider = tt.make_spider(monkeypatch, hashtags=None, handles="greta.greens")
    spider.state[KNOWN_STATE] = {"greta.greens": ["2020-01-01T00:00:00Z", []]}
    assert spider.creator_windows("greta.greens") == tt.date_windows(tt.date(2026, 11, 30), None, 6)


# -- Instagram -----------------------------------------------------------------------------------
def test_instagram_refreshes_the_profile_and_stops_at_the_stored_media(monkeypatch, tmp_path) -> None:
    spider = ig.make_spider(monkeypatch, tmp_path, hashtags=None, handles="lena.bakes", max_posts="10")
    spider.state[KNOWN_STATE] = {"1001": ["2026-11-15T00:00:00Z", ["p1"]]}
    (lookup,) = ig.start(spider)
    items, follow = ig.call(lookup, ig.discovery("1001", "lena.bakes", [
        ig.media("p3", "x"), ig.media("p1", "x", when="2026-11-15T00:00:00+0000"),
        ig.media("p0", "x", when="2026-11-01T00:00:00+0000")], after="MC"))
    assert [type(i).__name__ for i in items if not isinstance(i, PostItem)][:1] == ["CreatorItem"]
    assert [i.post_id for i in items if isinstance(i, PostItem)] == ["p3", "p1"]  # p1 again for its counts
    assert follow == []  # no further media page

