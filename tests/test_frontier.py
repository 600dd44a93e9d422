"""The frontier: requests and spider state as JSON, the in-memory queue, when a request is done,
and checkpoints written by the store pipeline and loaded by the next run."""

from __future__ import annotations

import json

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.frontier import (
    Frontier,
    FrontierScheduler,
    UnpersistableRequest,
    decode_request,
    decode_state,
    encode_request,
    encode_state,
)
from crawler.items import CreatorItem, PostItem
from crawler.middlewares import NOT_BEFORE
from crawler.pipelines import StorePipeline, merge_summaries
from crawler.stopping import PARK, park
from crawler.storage import Store

NOW = "2026-03-01T10:00:00Z"


class FrontierSpider(Spider):
    name = "frontier"

    def parse_page(self, response, page):  # pragma: no cover - never called here
        return []

    def failed(self, failure):  # pragma: no cover
        return None


@pytest.fixture
def spider() -> FrontierSpider:
    return FrontierSpider()


def test_request_round_trip_keeps_callbacks_arguments_and_priority(spider):
    request = Request("https://m.example/api?page=2", callback=spider.parse_page, errback=spider.failed,
                      cb_kwargs={"page": 2, "ids": ["a", "b"], "post": {"n": None}}, priority=3,
                      meta={"creatorscout_json": True, NOT_BEFORE: 12345.0, "retry_times": 2})
    again = decode_request(encode_request(request, spider), spider)
    assert again.url == request.url and again.priority == 3
    assert again.callback == spider.parse_page and again.errback == spider.failed
    assert again.cb_kwargs == {"page": 2, "ids": ["a", "b"], "post": {"n": None}}
    # Wait times and retry counts belong to the process that set them.
    assert again.meta == {"creatorscout_json": True}
    assert "Authorization" not in encode_request(request, spider)


def test_requests_that_cannot_be_saved_say_why(spider):
    with pytest.raises(UnpersistableRequest, match="not a method"):
        encode_request(Request("https://x.example/", callback=lambda r: None), spider)
    with pytest.raises(UnpersistableRequest):
        encode_request(Request("https://x.example/", callback=spider.parse_page, cb_kwargs={"x": object()}),
                       spider)


def test_state_round_trip_with_sets():
    state = {"creators": {"b", "a"}, "pending": {"1": [{"hashtag": "vegan"}]}, "order": ["x"], "done": True,
             "pair": ("a", 1)}
    text = encode_state(state)
    assert json.loads(text)["creators"] == {"__set__": ["a", "b"]}  # JSON, never a pickle
    assert decode_state(text) == {**state, "pair": ["a", 1]}
    with pytest.raises(TypeError):
        encode_state({"x": object()})
    with pytest.raises(ValueError):
        decode_state("[1, 2]")


def frontier_for(spider) -> Frontier:
    frontier = Frontier()
    frontier.spider = spider
    frontier.attached = True
    return frontier


def test_queue_order_duplicates_and_parked_requests(spider):
    frontier = frontier_for(spider)
    low = Request("https://x.example/1", callback=spider.parse_page)
    high = Request("https://x.example/2", callback=spider.parse_page, priority=2)
    newest = Request("https://x.example/3", callback=spider.parse_page)
    assert frontier.push(low) and frontier.push(high) and frontier.push(newest)
    assert not frontier.push(Request("https://x.example/1"))  # duplicate
    assert frontier.push(Request("https://x.example/1", dont_filter=True))  # a retry
    assert frontier.pop() is high  # priority first, then newest first
    assert frontier.pop().url == "https://x.example/1"
    assert frontier.pop() is newest
    assert frontier.push(park(low))  # a request put back unsent while stopping is kept, not sent again
    assert frontier.pop() is low
    assert frontier.pop() is None and not frontier.has_queued()
    assert frontier.pending_count() == 1 + 4  # parked + four handed out and not ended yet


def test_a_request_is_done_when_it_ended_and_no_copy_of_it_is_queued(spider):
    frontier = frontier_for(spider)
    first = Request("https://x.example/a", callback=spider.parse_page)
    frontier.push(first)
    sent = frontier.pop()
    frontier.settle([sent])  # still downloading
    assert frontier.delta()[0][0][4] == 0 and not frontier.done_unsaved
    retry = sent.replace(dont_filter=True)
    frontier.push(retry)  # the retry middleware put a copy back
    frontier.settle([])  # the first try ended ...
    assert not frontier.done_unsaved  # ... but its retry is queued
    frontier.settle([frontier.pop()])
    frontier.settle([])
    assert frontier.done_unsaved == {frontier.fingerprint(first)}
    rows, done = frontier.delta()
    assert [r[4] for r in rows] == [1] and done == []  # a new row, already done
    frontier.saved()
    assert frontier.delta() == ([], [])
    # A callback that raised leaves its request for the next run.
    failing = Request("https://x.example/b", callback=spider.parse_page)
    frontier.push(failing)
    frontier.fail(frontier.pop())
    frontier.settle([])
    assert frontier.pending_count() == 1 and frontier.delta()[0][0][4] == 0


def test_parked_request_keeps_its_original_pending(spider):
    frontier = frontier_for(spider)
    frontier.push(Request("https://x.example/a", callback=spider.parse_page))
    sent = frontier.pop()
    parked = park(sent)
    assert parked.meta[PARK] and parked is not sent
    frontier.push(parked)
    frontier.settle([])
    assert not frontier.done_unsaved and frontier.pending_count() == 1


def crawler_with_frontier(tmp_path, **settings):
    crawler = get_crawler(FrontierSpider, settings_dict={"CREATORSCOUT_DB": str(tmp_path / "f.db"),
                                                         "CREATORSCOUT_STORE_BATCH_SIZE": 100, **settings})
    crawler.stats.open_spider()
    scheduler = FrontierScheduler.from_crawler(crawler)
    spider = FrontierSpider()
    spider.state = {}
    spider.crawler = crawler
    scheduler.open(spider)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.spider_opened(spider)
    return scheduler, pipeline, spider


class FakeEngine:
    """What the frontier reads of Scrapy's engine: requests downloading, answers being processed."""

    def __init__(self, downloading=(), processing=()) -> None:
        self.downloader = type("Downloader", (), {"active": set(downloading)})()
        slot = type("Slot", (), {"is_idle": lambda _self: not processing})()
        self.scraper = type("Scraper", (), {"slot": slot})()
        self.start_time = None


def creator(cid: str) -> CreatorItem:
    return CreatorItem(platform="mastodon", creator_id=cid, handle=f"h{cid}", source_url="u", fetched_at=NOW)


def post(pid: str, cid: str) -> PostItem:
    return PostItem(platform="mastodon", post_id=pid, creator_id=cid, source_url="u", fetched_at=NOW)


def test_checkpoint_then_resume_continues_with_what_was_not_done(tmp_path):
    scheduler, pipeline, spider = crawler_with_frontier(tmp_path)
    run_id = spider.crawl_run_id
    for n in range(3):
        scheduler.enqueue_request(Request(f"https://x.example/{n}", callback=spider.parse_page, cb_kwargs={"page": n}))
    done = scheduler.next_request()  # /2 (newest first): answered, its items handed over
    pipeline.process_item(creator("c1"))
    pipeline.process_item(post("p1", "c1"))
    spider.state["creators"] = {"c1"}
    in_flight = scheduler.next_request()  # /1: still downloading when the process dies
    spider.crawler.engine = FakeEngine(downloading={in_flight})
    pipeline.flush(checkpoint=True)  # nothing is being processed: a consistent cut
    assert pipeline.checkpoints == 1
    pipeline.store.close()  # kill -9: no spider_closed

    store = Store.open(tmp_path / "f.db")
    state, pending, done_fps = store.load_checkpoint(run_id)
    assert state is not None and json.loads(state)["creators"] == {"__set__": ["c1"]}
    assert {json.loads(r[1])["url"] for r in pending} == {"https://x.example/0", "https://x.example/1"}
    assert len(done_fps) == 1 and store.db["posts"].count == 1
    store.close()

    scheduler2, pipeline2, spider2 = crawler_with_frontier(tmp_path, CREATORSCOUT_RESUME_RUN_ID=run_id)
    assert spider2.crawl_run_id == run_id and spider2.state["creators"] == {"c1"}
    urls = []
    while (request := scheduler2.next_request()) is not None:
        urls.append(request.url)
        assert request.callback == spider2.parse_page
    assert sorted(urls) == ["https://x.example/0", "https://x.example/1"]
    assert not scheduler2.enqueue_request(Request(done.url))  # done before the kill: not fetched again
    pipeline2.spider_closed(spider2, "finished")
    store = Store.open(tmp_path / "f.db")
    run = store.crawl_run(run_id)
    assert run["status"] == "finished" and store.db["crawl_frontier"].count == 0
    store.close()


def test_no_checkpoint_while_an_answer_is_being_processed(tmp_path):
    scheduler, pipeline, spider = crawler_with_frontier(tmp_path)
    scheduler.enqueue_request(Request("https://x.example/a", callback=spider.parse_page))
    busy = scheduler.next_request()
    pipeline.process_item(creator("c1"))
    spider.state["creators"] = {"c1"}  # changed by a callback still yielding
    spider.crawler.engine = FakeEngine(processing={busy})
    pipeline.flush(checkpoint=True)
    assert pipeline.checkpoints == 0  # the rows are written, the frontier and state are not
    store = Store.open(tmp_path / "f.db")
    assert store.db["creators"].count == 1 and store.load_checkpoint(spider.crawl_run_id) == (None, [], set())
    store.close()
    spider.crawler.engine = FakeEngine()
    pipeline.flush(checkpoint=True)
    assert pipeline.checkpoints == 1


def test_stop_keeps_the_frontier_and_a_failed_request_means_not_finished(tmp_path):
    scheduler, pipeline, spider = crawler_with_frontier(tmp_path)
    scheduler.enqueue_request(Request("https://x.example/a", callback=spider.parse_page))
    scheduler.enqueue_request(Request("https://x.example/b", callback=spider.parse_page))
    failed = scheduler.next_request()
    scheduler.spider_error(None, type("R", (), {"request": failed})(), spider)
    pipeline.spider_closed(spider, "finished")  # the engine finished, but a callback raised
    store = Store.open(tmp_path / "f.db")
    run = store.crawl_run(spider.crawl_run_id)
    assert run["status"] == "failed"
    assert len(store.load_checkpoint(spider.crawl_run_id)[1]) == 2  # both are left for --resume
    store.close()


def test_a_resumed_run_adds_up_its_parts():
    before = {"request_count": 10, "creator_count": 2, "quota_units": None,
              "stats": json.dumps({"downloader/request_count": 10, "creatorscout/wait/seconds": 1.5,
                                   "creatorscout/youtube/quota_spent_today": 40,
                                   "creatorscout/mastodon/incremental/known_creators": 9})}
    now = {"request_count": 5, "creator_count": 1, "quota_units": 7,
           "stats": {"downloader/request_count": 5, "creatorscout/wait/seconds": 2.0,
                     "creatorscout/youtube/quota_spent_today": 47, "finish_reason": "finished",
                     "creatorscout/mastodon/incremental/known_creators": 9}}
    merged = merge_summaries(before, now)
    assert merged["request_count"] == 15 and merged["creator_count"] == 3 and merged["quota_units"] == 7
    assert merged["stats"]["creatorscout/wait/seconds"] == 3.5
    assert merged["stats"]["creatorscout/youtube/quota_spent_today"] == 47  # a level, not a count
    assert merged["stats"]["creatorscout/mastodon/incremental/known_creators"] == 9  # the cutoffs it restored
    assert merged["stats"]["creatorscout/run_parts"] == 2
    assert merge_summaries(None, now) == now
