"""A crawl shared through Redis (crawler.distributed): workers, one drain, faults. Real redis-server
(tests/redis_server.py), real CLI in subprocesses, the sandbox's ground truth."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import scrapy
from redis_server import free_port, redis_url  # noqa: F401  (fixture)
from sandbox_crawl import crawl as local_crawl
from sandbox_crawl import rows
from scrapy import Request
from test_crawl_e2e import ROOT, TAGS, WORLD, assert_consistent, expected_mastodon, ids, last_run

from crawler.distributed import (
    JsonInFlightQueue,
    QueueError,
    connect,
    decode_item,
    drain,
    encode_item,
    key,
    publish_job,
    requeue_orphans,
)
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.platforms import get_platform, sandbox_environment
from crawler.sandbox.expect import expected_crawl

ENV = {**os.environ, **sandbox_environment(), "CREATORSCOUT_QUEUE_HEARTBEAT_SECONDS": "2"}
NO_TRACEBACK = ("Traceback", "CRITICAL", "Unhandled error")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "vetting.cli", *args]


def crawl_command(sandbox, queue: str, *extra: str) -> list[str]:
    return cli("crawl", "mastodon", *[a for t in TAGS for a in ("--hashtag", t)], "--max-creators", "100",
               "--max-posts", "50", "--max-comments", "200", "--instance", sandbox.url, "--queue", queue,
               "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "CREATORSCOUT_QUEUE_HEARTBEAT_SECONDS=2", "-q", *extra)


def start(cmd: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cmd, cwd=ROOT, env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def published(proc: subprocess.Popen[str], queue: str, timeout: float = 60) -> subprocess.Popen[str]:
    """``proc`` (a ``crawl --queue``) once its job is in Redis: workers and drains started earlier exit
    with "no crawl is queued" (a fixed sleep was too short on a loaded machine)."""
    client, deadline = connect(queue), time.monotonic() + timeout
    while not client.exists(key("job")):
        assert proc.poll() is None, finish(proc)[-3000:]
        assert time.monotonic() < deadline, "the crawl never published its job"
        time.sleep(0.05)
    return proc


def finish(proc: subprocess.Popen[str], timeout: float = 240) -> str:
    _, err = proc.communicate(timeout=timeout)
    return err


def assert_ground_truth(db: Path, sandbox) -> None:
    creators, posts, comments = expected_mastodon(sandbox.truth)
    assert ids(db, "creators", "creator_id", "mastodon") == creators
    assert ids(db, "posts", "post_id", "mastodon") == posts
    assert ids(db, "comments", "comment_id", "mastodon") == comments
    assert_consistent(db)
    # Every stored creator keeps how it was found (discoveries travel apart from their creator).
    assert {c for _, c in discoveries(db)} == creators


def discoveries(db: Path) -> set[tuple[str, str]]:
    return set(rows(db, "SELECT hashtag, creator_id FROM discoveries WHERE platform = 'mastodon'"))


# -- without a crawl ------------------------------------------------------------------------------------
def test_items_travel_as_json_and_come_back_equal():
    post = PostItem(platform="mastodon", post_id="1", creator_id="9", source_url="u", fetched_at="2026-01-01T00:00:00Z",
                    hashtags=["vegan"], text="=cmd|' /C calc'!A0")
    comment = CommentItem(platform="mastodon", comment_id="2", post_id="1", source_url="u",
                          fetched_at="2026-01-01T00:00:00Z", author_platform_id="42")
    assert decode_item(encode_item(post)) == post
    assert decode_item(encode_item(comment)) == comment
    with pytest.raises(ValueError, match="unknown item type"):
        decode_item('{"type": "os.system", "fields": {}}')


@pytest.mark.parametrize("command", [
    ("crawl", "mastodon", "--hashtag", "vegan"),
    ("worker", "--wait", "0"),
    ("drain",),
])
def test_redis_unreachable_is_one_line_exit_1_and_nothing_written(tmp_path, command):
    db = tmp_path / "never.db"
    queue = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    args = [*command, "--queue", queue] + (["--db", str(db)] if command[0] != "worker" else [])
    result = subprocess.run(cli(*args), cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "unreachable" in lines[0] and queue in lines[0], result.stderr
    assert not db.exists()
    assert not list(tmp_path.iterdir())


def test_a_platform_whose_spider_keeps_its_search_state_is_refused_in_one_line(redis_url):  # noqa: F811
    """The real CLI with QUEUE_PLATFORMS lacking Mastodon (whatever platforms can be queued by now): a
    platform that is not in it is refused in one line, nothing published."""
    patched = ("import sys, crawler.distributed as d; d.QUEUE_PLATFORMS = tuple(p for p in d.QUEUE_PLATFORMS "
               "if p != 'mastodon'); from vetting.cli import main; sys.argv[0] = 'creatorscout'; main()")
    result = subprocess.run([sys.executable, "-c", patched, "crawl", "mastodon", "--hashtag", "vegan",
                             "--instance", "http://127.0.0.1:9", "--queue", redis_url], cwd=ROOT, env=ENV,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.strip().count("\n") == 0, result.stderr[-3000:]
    assert "mastodon cannot be crawled through a queue" in result.stderr
    assert connect(redis_url).hgetall(key("job")) == {}


def test_requests_of_a_dead_worker_go_back_to_the_queue_and_those_of_a_live_one_do_not(redis_url):  # noqa: F811
    client = connect(redis_url)
    publish_job(client, "mastodon", {"hashtags": ["x"]}, {}, resume=False)
    client.zadd(key("requests"), {'{"url": "http://a/1"}': 0, '{"url": "http://a/2", "priority": 5}': -5})

    class Spider:
        name = "mastodon"

    queue = JsonInFlightQueue(client, Spider(), key("requests"), serializer=None)
    queue.worker = "dead"
    first = queue.pop()
    assert first is not None and first.url == "http://a/2" and first.priority == 5  # highest priority first
    queue.worker = "alive"
    queue.pop()
    assert client.zcard(key("requests")) == 0
    client.sadd(key("workers"), "dead", "alive")
    client.set(key("alive:alive"), "1", ex=60)
    assert requeue_orphans(client) == 1
    (text, score), = client.zrange(key("requests"), 0, -1, withscores=True)
    assert score == -5.0  # its priority kept; marked: its answer may have been processed already
    assert json.loads(text) == {"url": "http://a/2", "priority": 5, "meta": {"creatorscout_replayed": True}}
    assert client.hlen(key("inflight:alive")) == 1 and not client.exists(key("inflight:dead"))
    with pytest.raises(Exception, match="already queued"):
        publish_job(client, "mastodon", {"hashtags": ["y"]}, {}, resume=False)


def test_a_worker_killed_while_queueing_never_leaves_a_request_seen_but_not_queued(redis_url):  # noqa: F811
    """A worker killed after its answer's request was recorded by the duplicate filter and before it was
    queued: the replayed answer's copy would be dropped as a duplicate and the request lost for good (seen
    in a TikTok kill -9 test: a creator's older videos never fetched). Killed after any number of Redis
    commands, a request is in the filter only when it is in the queue."""
    import redis
    from scrapy.utils.test import get_crawler
    from scrapy_redis.dupefilter import RFPDupeFilter

    from crawler.distributed import RedisScheduler, queue_settings

    class Killed(BaseException):
        pass

    class Dying(redis.Redis):
        left = -1  # commands allowed before the "kill" (-1: no kill)

        def execute_command(self, *args, **options):
            if self.left == 0:
                raise Killed
            self.left -= 1
            return super().execute_command(*args, **options)

    class Spider(scrapy.Spider):
        name = "mastodon"

    server = Dying.from_url(redis_url)
    spider = Spider()
    scheduler = RedisScheduler.from_crawler(get_crawler(Spider, queue_settings(redis_url)))
    scheduler.spider = spider
    scheduler.queue = JsonInFlightQueue(server, spider, key("requests"), serializer=None)
    scheduler.df = RFPDupeFilter(server, key("dupefilter"))
    request = Request("http://a/next-page")
    fingerprint = scheduler.df.request_fingerprint(request)
    for allowed in range(4):
        server.flushdb()
        server.left = allowed
        with contextlib.suppress(Killed):
            scheduler.enqueue_request(request)
        server.left = -1
        assert server.sismember(key("dupefilter"), fingerprint) == bool(server.zcard(key("requests"))), allowed
    server.flushdb()
    assert scheduler.enqueue_request(request) and not scheduler.enqueue_request(request)  # the copy is filtered
    assert server.zcard(key("requests")) == 1
    assert scheduler.enqueue_request(request.replace(dont_filter=True))  # a retry goes anyway

# -- real crawls -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_three_workers_and_a_drain_store_the_ground_truth(sandbox_factory, tmp_path, redis_url):  # noqa: F811
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "off")
    db = tmp_path / "q.db"
    first = published(start(crawl_command(sandbox, redis_url)), redis_url)
    workers = [start(cli("worker", "--queue", redis_url, "-q")) for _ in range(2)]
    drain = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5"), cwd=ROOT, env=ENV,
                           capture_output=True, text=True, timeout=240)
    errors = [finish(p) for p in (first, *workers)]
    assert drain.returncode == 0, drain.stderr[-3000:]
    for proc, err in zip((first, *workers), errors, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert not any(m in err for m in NO_TRACEBACK), err[-3000:]
    assert_ground_truth(db, sandbox)
    run = last_run(db)
    assert run["status"] == "finished"
    # The run row counts what every worker sent and received, as a local crawl's row does.
    served = sandbox.admin("stats")
    assert run["request_count"] == served["requests_total"] > 0
    stats = json.loads(run["stats"])
    assert {k.rsplit("/", 1)[-1]: v for k, v in stats.items()
            if k.startswith("downloader/response_status_count/")} == served["by_status"]
    assert 1 <= stats["creatorscout/queue/workers"] <= 3  # those that joined before the crawl was over
    creators, posts, comments = expected_mastodon(sandbox.truth)
    assert (run["creator_count"], run["post_count"], run["comment_count"]) == (len(creators), len(posts),
                                                                                len(comments))
    assert connect(redis_url).keys() == []  # the finished crawl leaves nothing behind
    local = tmp_path / "local.db"
    local_crawl(sandbox, local, "mastodon")
    assert discoveries(db) == discoveries(local)


@pytest.mark.slow
def test_kill_9_one_of_three_workers_others_finish_and_resume_reaches_the_ground_truth(
        sandbox_factory, tmp_path, redis_url):  # noqa: F811
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "off", "--fault", "slow=0.3")
    db = tmp_path / "k.db"
    first = published(start(crawl_command(sandbox, redis_url)), redis_url)
    workers = [start(cli("worker", "--queue", redis_url, "-q")) for _ in range(2)]
    drain = start(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "4", "-q"))
    client = connect(redis_url)
    deadline = time.monotonic() + 120
    victim = workers[0]
    # Mid-crawl: the victim has requests in flight.
    while not any(client.hlen(k) for k in client.keys(key("inflight:*")) if str(victim.pid).encode() in k):
        assert time.monotonic() < deadline, "the victim never had a request in flight"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    for proc in (first, workers[1]):
        err = finish(proc)
        assert proc.returncode == 0, err[-3000:]  # the others finish without the dead worker
    err = finish(drain)
    assert drain.returncode == 1 and "--resume" in err, err[-3000:]  # its requests are still in flight
    assert last_run(db)["status"] == "interrupted"
    assert_consistent(db)

    resumed = start(crawl_command(sandbox, redis_url, "--resume"))
    drain_again = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5"), cwd=ROOT,
                                 env=ENV, capture_output=True, text=True, timeout=240)
    err = finish(resumed)
    assert resumed.returncode == 0, err[-3000:]
    assert drain_again.returncode == 0, drain_again.stderr[-3000:]
    assert_ground_truth(db, sandbox)
    runs = last_run(db)
    assert runs["status"] == "finished" and runs["id"] == 1  # the same run, continued


def test_one_drain_per_queue_a_second_is_refused_and_a_killed_local_one_is_taken_over(redis_url, tmp_path):  # noqa: F811
    client = connect(redis_url)
    publish_job(client, "mastodon", {"hashtags": ["vegan"]}, {}, resume=False)
    db = str(tmp_path / "d.db")
    here = socket.gethostname()
    client.set(key("drain"), f"drain:{here}-{os.getpid()}-abc123", px=15000)  # a live drain: this process
    with pytest.raises(QueueError, match=r"another drain .* is writing this queue's items"):
        drain(client, db, idle_seconds=0)
    assert client.get(key("drain")) == f"drain:{here}-{os.getpid()}-abc123".encode()  # untouched
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    client.set(key("drain"), f"drain:{here}-{ended.pid}-abc123", px=15000)  # killed a moment ago, on this machine
    summary = drain(client, db, idle_seconds=0)  # takes over at once (no worker alive: interrupted)
    assert summary["status"] == "interrupted" and not client.exists(key("drain"))
    client.set(key("drain"), "drain:elsewhere-1-abc123", px=15000)  # another machine's: wait for the lease
    with pytest.raises(QueueError, match=r"its claim lapses in 1\d s"):
        drain(client, db, idle_seconds=0)


def test_items_a_worker_pushes_just_before_it_ends_the_crawl_are_stored(redis_url, tmp_path):  # noqa: F811
    """The drain read an empty item list; then the last worker pushed its last answer's items, ended
    the crawl and stopped beating, all before the drain looked at the job: those items are still written."""
    client = connect(redis_url)
    publish_job(client, "mastodon", {"hashtags": ["vegan"]}, {}, resume=False)
    client.sadd(key("workers"), "w")
    client.set(key("alive:w"), "1", ex=120)
    at = "2026-01-01T00:00:00Z"
    client.rpush(key("items"), *[encode_item(i) for i in (
        CreatorItem(platform="mastodon", creator_id="9", handle="cook", source_url="u", fetched_at=at),
        PostItem(platform="mastodon", post_id="1", creator_id="9", source_url="u", fetched_at=at))])
    last = CommentItem(platform="mastodon", comment_id="2", post_id="1", source_url="u", fetched_at=at,
                       author_platform_id="42")
    read_status = client.hget

    def worker_ends_meanwhile(name, field):  # the drain's look at the job, right after an empty list
        if name == key("job") and field == "status" and not client.llen(key("items")) \
                and client.exists(key("alive:w")):
            client.rpush(key("items"), encode_item(last))
            client.hset(key("job"), "status", "finished")
            client.delete(key("alive:w"))
            client.srem(key("workers"), "w")
        return read_status(name, field)

    client.hget = worker_ends_meanwhile
    db = tmp_path / "last.db"
    summary = drain(client, str(db), idle_seconds=5, poll=0.01)
    assert summary["status"] == "finished"
    assert rows(db, "SELECT comment_id FROM comments") == [("2",)]
    assert last_run(db)["comment_count"] == 1


def test_a_drain_killed_while_rows_wait_for_their_parent_leaves_them_in_redis(redis_url, tmp_path):  # noqa: F811
    """The exact case: a post, a comment and a discovery wait for a creator that comes after the kill."""
    client = connect(redis_url)
    publish_job(client, "mastodon", {"hashtags": ["vegan"]}, {}, resume=False)
    client.sadd(key("workers"), "w")
    client.set(key("alive:w"), "1", ex=120)  # a live worker: the drain waits for more
    at = "2026-01-01T00:00:00Z"
    client.rpush(key("items"), *[encode_item(i) for i in (
        DiscoveryItem(platform="mastodon", creator_id="9", source_url="u", fetched_at=at, hashtag="vegan"),
        PostItem(platform="mastodon", post_id="1", creator_id="9", source_url="u", fetched_at=at),
        CommentItem(platform="mastodon", comment_id="2", post_id="1", source_url="u", fetched_at=at,
                    author_platform_id="42"))])
    client.set(key("ledger:youtube:fp:2026-01-01"), 7)  # units the workers spent
    db = tmp_path / "p.db"
    victim = start(cli("drain", "--queue", redis_url, "--db", str(db), "-q"))
    deadline = time.monotonic() + 60
    while client.llen(key("items")) or client.llen(key("parked")) < 3:
        assert victim.poll() is None and time.monotonic() < deadline, finish(victim)[-3000:]
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    client.rpush(key("items"), encode_item(CreatorItem(platform="mastodon", creator_id="9", handle="cook",
                                                       source_url="u", fetched_at=at)))
    client.delete(key("alive:w"))
    client.srem(key("workers"), "w")
    client.hset(key("job"), "status", "finished")
    again = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db)), cwd=ROOT, env=ENV,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(db, "SELECT creator_id FROM creators") == [("9",)]
    assert rows(db, "SELECT post_id FROM posts") == [("1",)]
    comment = rows(db, "SELECT comment_id, author_key FROM comments")
    assert [c for c, _ in comment] == ["2"] and comment[0][1] and comment[0][1] != "42"  # hashed once, not lost
    assert rows(db, "SELECT hashtag, creator_id, crawl_run_id FROM discoveries") == [("vegan", "9", 1)]
    run = last_run(db)
    assert (run["status"], run["creator_count"], run["post_count"], run["comment_count"]) == ("finished", 1, 1, 1)
    ledger = rows(db, "SELECT platform, key_fingerprint, day, units FROM quota_ledger")
    assert [(p, f.split("@")[0], d, u) for p, f, d, u in ledger] == [("youtube", "fp", "2026-01-01", 7)]
    assert sorted(client.keys()) == [key("ledger:youtube:fp:2026-01-01").encode()]  # credential budgets stay


@pytest.mark.slow
def test_kill_9_the_drain_mid_crawl_and_the_next_drain_loses_nothing(sandbox_factory, tmp_path, redis_url):  # noqa: F811
    """Rows waiting for their parent wait in Redis, items leave Redis only once committed: a drain
    killed with -9 at any moment is simply started again."""
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "off", "--fault", "slow=0.2")
    db = tmp_path / "d.db"
    first = published(start(crawl_command(sandbox, redis_url)), redis_url)
    worker = start(cli("worker", "--queue", redis_url, "-q"))
    victim = start(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5", "-q"))
    client = connect(redis_url)
    deadline = time.monotonic() + 120
    # Mid-crawl: the drain has committed rows, and others wait for their parent (parked in Redis).
    while not (client.llen(key("parked")) and db.exists()
               and rows(db, "SELECT COUNT(*) FROM posts")[0][0] > 0):
        assert victim.poll() is None, finish(victim)[-3000:]
        assert time.monotonic() < deadline, "the drain never parked a row mid-crawl"
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert client.hget(key("job"), "status") != b"finished"  # killed mid-crawl indeed
    assert client.llen(key("parked"))  # what waited for its parent is in Redis, not lost with the process
    again = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5"), cwd=ROOT, env=ENV,
                           capture_output=True, text=True, timeout=240)
    for proc in (first, worker):
        err = finish(proc)
        assert proc.returncode == 0, err[-3000:]
    assert again.returncode == 0, again.stderr[-3000:]
    assert_ground_truth(db, sandbox)
    for table, identity in (("creators", "platform || '|' || creator_id"), ("posts", "platform || '|' || post_id"),
                            ("comments", "platform || '|' || comment_id"),
                            ("discoveries", "crawl_run_id || '|' || source || '|' || hashtag || '|' || creator_id")):
        total, distinct = rows(db, f"SELECT COUNT(*), COUNT(DISTINCT {identity}) FROM {table}")[0]
        assert total == distinct, table  # nothing duplicated
    run = last_run(db)
    assert run["status"] == "finished" and run["id"] == 1  # the same run, continued
    assert run["request_count"] == sandbox.admin("stats")["requests_total"]
    assert client.keys() == []


@pytest.mark.parametrize("queued", [False, True])
def test_a_queued_mastodon_crawl_yields_discoveries_at_once_for_the_drain_to_keep(queued):
    """Another worker may claim the same creator and fetch its account: a discovery kept in this
    worker's state would never be released. Queued, it goes to the drain at once."""
    from scrapy.utils.test import get_crawler

    from crawler.items import DiscoveryItem
    from crawler.parsers.mastodon import TagHit
    from crawler.spiders.mastodon import MastodonSpider

    settings = {"CREATORSCOUT_MASTODON_INSTANCE": "https://example.social"}
    if queued:
        settings["CREATORSCOUT_QUEUE"] = "redis://127.0.0.1:6379/0"
    spider = MastodonSpider.from_crawler(get_crawler(MastodonSpider, settings), hashtags="vegan")
    hit = TagHit(creator_id="7", handle="cook", post_id="70", created_at="2026-01-01T00:00:00Z")
    first = list(spider._accept_hit("vegan", hit, "https://example.social/api/v1/timelines/tag/vegan", "2026-01-02Z"))
    again = list(spider._accept_hit("plantbased", hit, "https://example.social/api/v1/timelines/tag/pb", "2026-01-02Z"))
    found = [i for i in first + again if isinstance(i, DiscoveryItem)]
    assert [d.hashtag for d in found] == (["vegan", "plantbased"] if queued else [])
    assert sum(1 for i in first if not isinstance(i, DiscoveryItem)) == 1  # the account request, once
    assert bool(spider.state.get("pending")) is not queued


# -- budgets of a credential, shared through Redis ------------------------------------------------------
def test_workers_draw_on_one_youtube_quota_ledger_in_redis_and_never_open_a_store(redis_url, tmp_path,  # noqa: F811
                                                                                monkeypatch):
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from crawler.quota import QuotaMiddleware
    from crawler.spiders.youtube import YouTubeSpider
    from crawler.timeutil import pacific_day

    monkeypatch.chdir(tmp_path)

    class Key:
        def key_fingerprint(self, secret: bytes) -> str:
            return "fp-" + secret.decode()[:6]

    def worker() -> QuotaMiddleware:
        crawler = get_crawler(YouTubeSpider, settings_dict={
            "CREATORSCOUT_QUEUE": redis_url, "CREATORSCOUT_YOUTUBE_QUOTA": 250,
            "CREATORSCOUT_YOUTUBE_API_URL": "https://yt.example/youtube/v3"})
        crawler.stats.open_spider()
        mw = QuotaMiddleware.from_crawler(crawler)
        mw.spider_opened(Key())
        return mw

    def send(mw: QuotaMiddleware, url: str) -> bool:
        request = Request(url)
        if mw.process_request(request) is not None:
            return False
        mw.request_sent(request)
        mw.record()
        return True

    first, second = worker(), worker()
    assert first.key_fingerprint == second.key_fingerprint  # one secret for every worker, from Redis
    assert send(first, "https://yt.example/youtube/v3/search?q=1")
    assert second.spent_today() == 100  # the other worker's units count
    assert send(second, "https://yt.example/youtube/v3/search?q=2")
    assert not send(first, "https://yt.example/youtube/v3/search?q=3")  # 300 would pass the shared 250
    assert send(second, "https://yt.example/youtube/v3/videos?id=1")  # 1 unit still fits
    assert first.spent_today() == 201
    assert not send(second, "https://yt.example/youtube/v3/search?q=4")
    assert connect(redis_url).get(key(f"ledger:youtube:{first.key_fingerprint}:{pacific_day()}")) == b"201"
    assert list(tmp_path.iterdir()) == []  # no store, no key file on a worker


def test_the_drain_makes_the_stores_quota_ledger_and_the_redis_ledgers_one_view(redis_url, tmp_path):  # noqa: F811
    """What local crawls spent seeds the workers' ledger; what the workers spent is recorded in the
    store; recording and seeding again change nothing; no unit is counted twice."""
    from datetime import date

    from crawler.distributed import RedisQuotaLedger, sync_ledgers
    from crawler.storage import Store

    store = Store.open(tmp_path / "l.db")
    client = connect(redis_url)
    redis_ledger = RedisQuotaLedger(client)
    day, today = "2026-03-02", date(2026, 3, 2)

    def in_store(ledger: str = "youtube") -> int:
        return store.quota_spent(ledger, "fp", day)

    def day_total() -> int:  # "what did today cost": one query over the store
        return rows(tmp_path / "l.db", "SELECT SUM(units) FROM quota_ledger WHERE day = '2026-03-02'")[0][0]

    store.add_quota("youtube", "fp", day, 300)  # a local crawl this morning
    store.add_quota("tiktok_records", "fp", day, 40)  # another platform's ledger: not this queue's to seed
    sync_ledgers(client, store, "youtube", "@q1", today)  # the drain starts
    assert redis_ledger.quota_spent("youtube", "fp", day) == 300  # the workers see the morning's units
    assert redis_ledger.quota_spent("tiktok_records", "fp", day) == 0
    redis_ledger.add_quota("youtube", "fp", day, 100)  # workers spend
    assert sync_ledgers(client, store, "youtube", "@q1", today) == {f"youtube:fp:{day}": 100}
    assert in_store() == 400 and day_total() == 440
    sync_ledgers(client, store, "youtube", "@q1", today)  # again (a drain restarted): idempotent
    assert in_store() == 400 and redis_ledger.quota_spent("youtube", "fp", day) == 400
    store.add_quota("youtube", "fp", day, 50)  # a local crawl while the queued one runs
    redis_ledger.add_quota("youtube", "fp", day, 10)
    sync_ledgers(client, store, "youtube", "@q1", today)
    assert in_store() == 460 == redis_ledger.quota_spent("youtube", "fp", day)
    # The Redis server restarted (its ledgers are gone): the new one is seeded with everything, once.
    client.flushdb()
    sync_ledgers(client, store, "youtube", "@q2", today)
    assert redis_ledger.quota_spent("youtube", "fp", day) == 460
    redis_ledger.add_quota("youtube", "fp", day, 5)
    sync_ledgers(client, store, "youtube", "@q2", today)
    assert in_store() == 465 == redis_ledger.quota_spent("youtube", "fp", day) and day_total() == 505
    # Old days are no seed: a ledger of last week stays out of Redis.
    store.add_quota("youtube", "fp", "2026-02-20", 999)
    sync_ledgers(client, store, "youtube", "@q2", today)
    assert not client.exists(key("ledger:youtube:fp:2026-02-20"))
    store.close()


def test_workers_share_instagrams_hashtag_ledger(redis_url):  # noqa: F811
    from crawler.distributed import RedisHashtagLedger

    one, two = RedisHashtagLedger(connect(redis_url)), RedisHashtagLedger(connect(redis_url))
    one.record_hashtag("u", "vegan", "2026-03-02T00:00:00Z", "2026-02-23T00:00:00Z")
    two.record_hashtag("u", "vegan", "2026-03-03T00:00:00Z", "2026-02-24T00:00:00Z")  # a repeat keeps its slot
    two.record_hashtag("u", "cake", "2026-03-04T00:00:00Z", "2026-02-25T00:00:00Z")
    assert one.hashtags_searched("u", "2026-02-25T00:00:00Z") == {"vegan": "2026-03-02T00:00:00Z",
                                                                    "cake": "2026-03-04T00:00:00Z"}
    two.record_hashtag("u", "vegan", "2026-03-20T00:00:00Z", "2026-03-13T00:00:00Z")  # out of the window: anew
    assert one.hashtags_searched("u", "2026-03-13T00:00:00Z") == {"vegan": "2026-03-20T00:00:00Z"}


def test_the_stores_and_the_queues_hashtag_ledgers_become_one_view(redis_url, tmp_path):  # noqa: F811
    """Instagram's 30 hashtags in 7 days are the account's, whichever process searched them: the tags
    local crawls searched reach the workers' ledger, the workers' reach the store; tags older than the
    window stay behind; syncing again changes nothing."""
    from datetime import UTC, datetime

    from crawler.distributed import RedisHashtagLedger, sync_hashtag_ledgers
    from crawler.storage import Store
    from crawler.timeutil import format_z, now

    at = datetime(2026, 3, 10, 12, tzinfo=UTC)
    window = "2026-03-03T12:00:00Z"
    store = Store.open(tmp_path / "h.db")
    ledger = RedisHashtagLedger(connect(redis_url))
    store.record_hashtag("u", "local", "2026-03-09T00:00:00Z", "2026-03-02T00:00:00Z")  # a local crawl's
    store.record_hashtag("u", "both", "2026-03-09T00:00:00Z", "2026-03-02T00:00:00Z")
    store.record_hashtag("u", "lastmonth", "2026-02-01T00:00:00Z", "2026-01-25T00:00:00Z")
    ledger.record_hashtag("u", "queued", "2026-03-08T00:00:00Z", "2026-03-01T00:00:00Z")  # the workers'
    ledger.record_hashtag("u", "both", "2026-03-07T00:00:00Z", "2026-02-28T00:00:00Z")
    ledger.record_hashtag("v", "other", "2026-03-08T00:00:00Z", "2026-03-01T00:00:00Z")  # another account

    assert sync_hashtag_ledgers(ledger.client, store, at) == 2  # "queued" and v's "other" were new to the store
    for searched in (store.hashtags_searched("u", window), ledger.hashtags_searched("u", window)):
        assert set(searched) == {"local", "both", "queued"}
    assert store.hashtags_searched("v", window) == {"other": "2026-03-08T00:00:00Z"}
    assert ledger.hashtags_searched("u", window)["both"] == "2026-03-07T00:00:00Z"  # a repeat keeps its time
    assert "lastmonth" not in ledger.hashtags_searched("u", "2026-01-01T00:00:00Z")
    before = (store.hashtags_searched("u", window), ledger.hashtags_searched("u", window))
    assert sync_hashtag_ledgers(ledger.client, store, at) == 0
    assert (store.hashtags_searched("u", window), ledger.hashtags_searched("u", window)) == before
    store.close()
    # The drain of a queued Instagram crawl does it as it writes (this week's tags: the sync's clock is now).
    searched_now = format_z(now(), "seconds")
    ledger.record_hashtag("u", "justnow", searched_now, "2026-01-01T00:00:00Z")
    publish_job(ledger.client, "instagram", {"handles": ["cook"]}, {}, resume=False)
    assert drain(ledger.client, str(tmp_path / "h.db"), idle_seconds=0)["status"] == "interrupted"
    with contextlib.closing(Store.open(tmp_path / "h.db")) as again:
        assert again.hashtags_searched("u", searched_now) == {"justnow": searched_now}


def test_a_queued_instagram_crawl_counts_the_hashtags_local_crawls_searched(redis_url, tmp_path,  # noqa: F811
                                                                            monkeypatch):
    """29 tags searched by local crawls this week (in the store the drain writes): a queued crawl of two
    new tags would pass 30, and is refused before anything is queued; the store's tags are in Redis."""
    from datetime import timedelta

    from crawler.distributed import RedisHashtagLedger
    from crawler.spiders.instagram import HashtagLimitError, user_fingerprint
    from crawler.storage import Store
    from crawler.timeutil import format_z, now

    monkeypatch.setenv("INSTAGRAM_USER_ID", "17841400000000001")
    fingerprint = user_fingerprint(b"shared-key", "17841400000000001")  # every process has the same key
    db = tmp_path / "local.db"
    store = Store.open(db)
    day_ago = now() - timedelta(days=1)
    for i in range(29):
        store.record_hashtag(fingerprint, f"local{i}", format_z(day_ago, "seconds"),
                             format_z(day_ago - timedelta(days=7), "seconds"))
    store.close()
    client = connect(redis_url)
    settings = {"CREATORSCOUT_PSEUDONYM_KEY": "shared-key"}
    arguments = {"hashtags": ["new1", "new2"]}
    with pytest.raises(HashtagLimitError, match="30 unique hashtags"):
        publish_job(client, "instagram", arguments, settings, resume=False, db_path=str(db))
    assert not client.exists(key("job"))
    assert len(RedisHashtagLedger(client).hashtags_searched(fingerprint, format_z(day_ago - timedelta(days=1)))) == 29
    assert publish_job(client, "instagram", {"hashtags": ["local3"]}, settings, resume=False, db_path=str(db))


def test_max_creators_count_for_the_whole_queued_crawl_not_per_worker(redis_url):  # noqa: F811
    """Two workers' spiders claim from one set: a creator once, and --max-creators for the crawl."""
    from scrapy.utils.test import get_crawler

    from crawler.distributed import ClaimedCreators
    from crawler.spiders.mastodon import MastodonSpider

    def worker_spider() -> MastodonSpider:
        settings = {"CREATORSCOUT_MASTODON_INSTANCE": "https://example.social", "CREATORSCOUT_QUEUE": redis_url}
        spider = MastodonSpider.from_crawler(get_crawler(MastodonSpider, settings), hashtags="vegan", max_creators=3)
        spider.state["creators"] = ClaimedCreators(connect(redis_url))  # as RedisScheduler.open does
        return spider

    one, two = worker_spider(), worker_spider()
    assert one.claim_creator("a") and not two.claim_creator("a")
    assert two.claim_creator("b") and one.claim_creator("c")
    assert not two.claim_creator("d") and not one.claim_creator("e")  # 3 for the crawl, not 3 per worker
    assert one.creators_full and two.creators_full
    assert one.crawler.stats.get_value("creatorscout/mastodon/skipped/max_creators") == 1


def test_claimed_creators_are_one_set_with_an_atomic_limit(redis_url):  # noqa: F811
    from crawler.distributed import ClaimedCreators

    one, two = ClaimedCreators(connect(redis_url)), ClaimedCreators(connect(redis_url))
    assert one.claim("a", 2) and not two.claim("a", 2)  # claimed once
    assert two.claim("b", 2) and not one.claim("c", 2)  # the limit is the crawl's
    assert "b" in one and "c" not in two and len(one) == 2 and set(two) == {"a", "b"}
    assert one.claim("c", None)


def test_workers_share_the_graph_api_usage_of_their_token(redis_url):  # noqa: F811
    """One worker's answer at 100 % (or a throttling error) pauses every worker: the budget is the token's."""
    from scrapy.http import TextResponse
    from test_instagram_spider import API, Stats, usage_headers

    from crawler.distributed import SharedUsage
    from crawler.graph_usage import GraphUsageMiddleware
    from crawler.stopping import StopSwitch

    def worker() -> GraphUsageMiddleware:
        middleware = GraphUsageMiddleware(API, Stats(), StopSwitch(), seconds_per_minute=10.0, slow_percent=75,
                                          slow_seconds=4)
        middleware.shared = SharedUsage(connect(redis_url), "instagram")
        return middleware

    def answer(request: Request, percent: int, regain: int = 0) -> TextResponse:
        return TextResponse(request.url, body=b'{"data": []}', headers=usage_headers(percent, regain), request=request)

    one, two = worker(), worker()
    request = Request(f"{API}/v24.0/1/recent_media")
    one.process_response(request, answer(request, 95))
    assert two.wait_for(time.monotonic())[0] == 0 and two.wait_for(time.monotonic())[0] > 0  # spaced: 95 %
    assert "95 %" in two.wait_for(time.monotonic())[1]
    one.process_response(request, answer(request, 100, regain=2))
    wait, why = two.wait_for(time.monotonic())
    assert "throttled" in why and 15 < wait <= 20  # two minutes of 10 s, learnt from the other worker


def test_a_worker_that_joins_a_finished_crawl_does_not_crawl_it_again(redis_url):  # noqa: F811
    client = connect(redis_url)
    publish_job(client, "mastodon", {"hashtags": ["vegan"], "max_creators": 5},
                {"CREATORSCOUT_MASTODON_INSTANCE": "http://127.0.0.1:9"}, resume=False)
    client.hset(key("job"), "status", "finished")  # the last worker has just ended it; the drain is writing
    result = subprocess.run(cli("worker", "--queue", redis_url, "--wait", "0"), cwd=ROOT, env=ENV,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "is over" in result.stderr
    assert sorted(client.keys()) == [key("job").encode()]  # no request queued, no item, no claim


def test_a_queued_request_keeps_its_retry_count_and_callback_but_not_this_workers_bookkeeping():
    from scrapy.utils.test import get_crawler

    from crawler.distributed import _encode
    from crawler.spiders.mastodon import MastodonSpider
    from crawler.stopping import PARK

    spider = MastodonSpider.from_crawler(get_crawler(MastodonSpider, {
        "CREATORSCOUT_MASTODON_INSTANCE": "https://example.social"}), hashtags="vegan")
    request = Request("https://example.social/api/v1/accounts/7", callback=spider.parse_account,
                      cb_kwargs={"creator_id": "7"}, priority=30,
                      meta={"retry_times": 2, PARK: True, "download_latency": 0.2, "creatorscout_queue_text": b"x",
                            "handle": object()})
    data = json.loads(_encode(request, spider))
    assert data["callback"] == "parse_account" and data["cb_kwargs"] == {"creator_id": "7"} and data["priority"] == 30
    assert data["meta"] == {"retry_times": 2}  # no pickling: what is not JSON stays behind


# -- YouTube, Bluesky, Instagram and TikTok: search state shared through Redis (crawler.crawl_state) ----------
TIKTOK_WORLD = ("--platforms", "tiktok", "--seed", "7", "--creators", "30", "--posts", "20", "--comments", "3")
WORLDS = {"youtube": WORLD, "bluesky": ("--platforms", "bluesky", *WORLD),
          # Instagram's crawl is short (no comments): a larger world and slower answers let every worker join it.
          "instagram": ("--platforms", "instagram", "--seed", "7", "--creators", "60", "--posts", "6"),
          # Two pages a hashtag, and the first search id of each query expires after one page: each
          # hashtag's window restarts once, whichever worker takes its pages.
          "tiktok": (*TIKTOK_WORLD, "--tiktok", "search_id_expires_after=1")}
SLOW = {"instagram": 0.3}  # seconds per answer in the three-worker crawl (others: 0.05)


def platform_command(sandbox, platform: str, queue: str, *extra: str) -> list[str]:
    own: tuple[str, ...] = ()
    comments = "200"
    if platform == "tiktok":  # the world's day ends the date windows; every served comment (the top 1,000)
        own, comments = ("--until", sandbox.truth["now"][:10]), "1000"
    return cli("crawl", platform, *[a for t in TAGS for a in ("--hashtag", t)], "--max-creators", "100",
               "--max-posts", "50", "--max-comments", comments, *get_platform(platform).sandbox_arguments(sandbox.url),
               *own, "--queue", queue, "-s", f"CREATORSCOUT_ALLOWED_HOSTS={sandbox.host}", "-s",
               "AUTOTHROTTLE_ENABLED=False", "-s", "CREATORSCOUT_QUEUE_HEARTBEAT_SECONDS=2", "-q", *extra)


def tiktok_pairs(truth: dict) -> set[tuple[str, str]]:
    """(hashtag, creator) of every stored TikTok creator's videos in the discovery window: what a local
    crawl records as discoveries."""
    stored = expected_crawl(truth, "tiktok", TAGS).creators
    last = date.fromisoformat(truth["now"][:10])
    return {(tag, p["creator_id"]) for p in truth["posts"]
            if p["platform"] == "tiktok" and p["creator_id"] in stored
            and last - timedelta(days=29) <= date.fromisoformat(p["created_at"][:10]) <= last
            for tag in set(p["crawled_hashtags"]) & set(TAGS)}


def assert_platform_ground_truth(db: Path, sandbox, platform: str) -> None:
    """The store equals the sandbox's ground truth, nothing twice (YouTube: a thread's replies beyond the
    five it includes are not fetched, and counted)."""
    e = expected_crawl(sandbox.truth, platform, TAGS)
    assert ids(db, "creators", "creator_id", platform) == set(e.creators)
    assert ids(db, "posts", "post_id", platform) == set(e.posts)
    stored = ids(db, "comments", "comment_id", platform)
    if platform == "youtube":
        stats = json.loads(last_run(db)["stats"])
        assert stored <= set(e.comments)
        assert len(set(e.comments) - stored) == stats.get("creatorscout/youtube/skipped/replies_not_fetched", 0)
    else:
        assert stored == set(e.comments)
    assert_consistent(db)
    found = set(rows(db, "SELECT hashtag, creator_id FROM discoveries WHERE platform = ?", platform))
    assert {c for _, c in found} == set(e.creators)
    if platform == "tiktok":  # every (hashtag, creator) pair, whichever worker saw the hashtag or the profile
        assert found == tiktok_pairs(sandbox.truth)
    for table, identity in (("creators", "platform || '|' || creator_id"), ("posts", "platform || '|' || post_id"),
                            ("comments", "platform || '|' || comment_id"),
                            ("discoveries", "crawl_run_id || '|' || source || '|' || hashtag || '|' || creator_id")):
        total, distinct = rows(db, f"SELECT COUNT(*), COUNT(DISTINCT {identity}) FROM {table}")[0]
        assert total == distinct, table  # nothing duplicated


def wait_for_job(queue: str, publisher: subprocess.Popen[str]) -> None:
    """Until ``publisher`` (crawl --queue) has published its crawl (a drain needs it)."""
    client = connect(queue)
    deadline = time.monotonic() + 60
    while client.hget(key("job"), "status") != b"queued":  # (again, after a --resume)
        assert publisher.poll() is None and time.monotonic() < deadline, finish(publisher)[-3000:]
        time.sleep(0.05)


def run_queued(sandbox, platform: str, queue: str, db: Path, *extra: str) -> list[str]:
    """Publish a crawl of ``platform``, two more workers and a drain into ``db``, to the end; every process
    ends cleanly (a quota stop too), without a traceback. The drain's stderr, then the workers'."""
    first = start(platform_command(sandbox, platform, queue, *extra))
    wait_for_job(queue, first)
    workers = [start(cli("worker", "--queue", queue, "-q")) for _ in range(2)]
    drain = subprocess.run(cli("drain", "--queue", queue, "--db", str(db), "--idle", "5"), cwd=ROOT,
                           env=ENV, capture_output=True, text=True, timeout=240)
    errors = [finish(p) for p in (first, *workers)]
    assert drain.returncode == 0, drain.stderr[-3000:]
    for proc, err in zip((first, *workers), errors, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert not any(m in err for m in NO_TRACEBACK), err[-3000:]
    return [drain.stderr, *errors]


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["youtube", "bluesky", "instagram", "tiktok"])
def test_three_workers_share_one_search_and_store_the_ground_truth(sandbox_factory, tmp_path, redis_url,  # noqa: F811
                                                                  platform):
    sandbox = sandbox_factory(*WORLDS[platform], "--rate-limit", "off", "--fault", f"slow={SLOW.get(platform, 0.05)}")
    db = tmp_path / "q.db"
    run_queued(sandbox, platform, redis_url, db)
    assert_platform_ground_truth(db, sandbox, platform)
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished"
    assert stats["creatorscout/queue/workers"] >= 2  # the work was shared
    served = sandbox.admin("stats")
    assert run["request_count"] == served["requests_total"]
    # One search, one pool of batches: within 5 % of the fewest requests the world needs, as a local crawl.
    minimum = sandbox.truth["expected_min_requests"][platform]["total"]
    assert run["request_count"] <= 1.05 * minimum, (run["request_count"], minimum)
    if platform == "youtube":
        assert stats["creatorscout/youtube/quota_units"] == served["youtube_quota_used"]["sandbox-key"]
    if platform == "tiktok":
        # Every worker's requests in one ledger, as TikTok counted them; records charged at max_count.
        tiktok = served["tiktok"]
        assert stats["creatorscout/tiktok/quota_units"] == sum(tiktok["quota_used"].values())
        assert stats["creatorscout/tiktok/quota_records"] >= sum(tiktok["records_used"].values())
        assert stats["creatorscout/tiktok/search/restarted"] == len(TAGS) == tiktok["searches_expired"]
        assert stats["creatorscout/tiktok/token/fetched"] == stats["creatorscout/queue/workers"]  # each its own
    # The finished crawl leaves nothing behind but the credential's budgets (kept across crawls; the
    # Graph API usage for a day).
    assert {k.decode().split(":")[1] for k in connect(redis_url).keys("*")} <= {"ledger", "ledger_secret",
                                                                                 "hashtags", "usage"}


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["youtube", "bluesky", "instagram", "tiktok"])
def test_kill_9_one_worker_mid_search_state_and_resume_reaches_the_ground_truth(sandbox_factory, tmp_path,
                                                                              redis_url, platform):  # noqa: F811
    # TikTok: each worker's client token also expires every 100 calls (each worker renews its own).
    expiring = ("--tiktok", "expire_token_after=100") if platform == "tiktok" else ()
    sandbox = sandbox_factory(*WORLDS[platform], *expiring, "--rate-limit", "off", "--fault", "slow=0.3")
    db = tmp_path / "k.db"
    first = start(platform_command(sandbox, platform, redis_url))
    wait_for_job(redis_url, first)
    workers = [start(cli("worker", "--queue", redis_url, "-q")) for _ in range(2)]
    drain = start(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "4", "-q"))
    client = connect(redis_url)
    deadline = time.monotonic() + 120

    def busy(worker: subprocess.Popen[str]) -> bool:
        return any(client.hlen(k) for k in client.keys(key("inflight:*")) if str(worker.pid).encode() in k)

    # The victim: the first of the two joining workers with a request in flight (the one that published
    # takes whatever it can; an Instagram crawl's short bursts of lookups may all go to it and one other).
    while not (victims := [w for w in workers if busy(w)]):
        assert time.monotonic() < deadline, "no joining worker ever had a request in flight"
        time.sleep(0.05)
    victim = victims[0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    for proc in (first, *(w for w in workers if w is not victim)):
        err = finish(proc)
        assert proc.returncode == 0, err[-3000:]  # the others finish without the dead worker
    err = finish(drain)
    assert drain.returncode == 1 and "--resume" in err, err[-3000:]
    assert last_run(db)["status"] == "interrupted"

    resumed = start(platform_command(sandbox, platform, redis_url, "--resume"))
    helper = start(cli("worker", "--queue", redis_url, "-q"))
    drain_again = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5"), cwd=ROOT,
                                 env=ENV, capture_output=True, text=True, timeout=240)
    for proc in (resumed, helper):
        err = finish(proc)
        assert proc.returncode == 0, err[-3000:]
    assert drain_again.returncode == 0, drain_again.stderr[-3000:]
    assert_platform_ground_truth(db, sandbox, platform)
    run = last_run(db)
    assert run["status"] == "finished" and run["id"] == 1  # the same run, continued
    if platform == "tiktok":
        served = sandbox.admin("stats")["tiktok"]
        assert served["expired_token_answers"] >= 1 and json.loads(run["stats"])["creatorscout/tiktok/token/expired"]


@pytest.mark.slow
def test_a_small_quota_stops_every_worker_on_one_shared_ledger_and_resume_finishes(sandbox_factory, tmp_path,
                                                                                 redis_url):  # noqa: F811
    """The budget is the API key's: three workers spend one Redis ledger; the sum of their spending is
    the ledger, what the platform counted and what the drain records in the store's quota_ledger."""
    from crawler.timeutil import pacific_day

    sandbox = sandbox_factory(*WORLD, "--rate-limit", "off", "--fault", "slow=0.05")
    db = tmp_path / "quota.db"
    client = connect(redis_url)

    def run_all(*extra: str) -> list[str]:
        return run_queued(sandbox, "youtube", redis_url, db, *extra)

    def ledger() -> int:
        (name,) = client.keys(key(f"ledger:youtube:*:{pacific_day()}"))
        return int(client.get(name))

    def in_store() -> int:
        return rows(db, "SELECT SUM(units) FROM quota_ledger WHERE platform = 'youtube'")[0][0]

    messages = run_all("--quota", "130")
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "stopped_quota", messages[0][-3000:]
    assert "quota" in messages[0]
    served = sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]
    # Every worker's units (summed in the run row), the shared ledger, the platform's count and the store agree.
    assert stats["creatorscout/youtube/quota_units"] == run["quota_units"] == ledger() == served == in_store() <= 130
    assert stats["creatorscout/youtube/quota_refused_requests"] >= 1
    assert client.hget(key("job"), "status") == b"stopped_quota"  # resumable: the queue is kept
    assert client.zcard(key("requests")) > 0

    # The search stopped early to keep quota for what it had found (as a local crawl's does), so the
    # resumed crawl collects those channels completely: the ground truth of the channels found.
    assert stats["creatorscout/youtube/skipped/search_quota_reserve"] >= 1
    found = ids(db, "creators", "creator_id", "youtube") | {c for _, c in rows(db, "SELECT hashtag, creator_id "
                                                                                  "FROM discoveries")}
    run_all("--resume", "--quota", "100000")  # more quota (as after the daily reset)
    run = last_run(db)
    assert run["status"] == "finished" and run["id"] == 1
    e = expected_crawl(sandbox.truth, "youtube", TAGS)
    assert found and ids(db, "creators", "creator_id", "youtube") == found <= set(e.creators)
    posts = {p["post_id"] for p in sandbox.truth["posts"] if p["creator_id"] in found and not p["is_repost"]}
    assert ids(db, "posts", "post_id", "youtube") == posts
    comments = {i for p in sandbox.truth["posts"] if p["post_id"] in posts for i in p["comment_ids"]}
    stored = ids(db, "comments", "comment_id", "youtube")
    not_fetched = json.loads(run["stats"]).get("creatorscout/youtube/skipped/replies_not_fetched", 0)
    assert stored <= comments and len(comments - stored) == not_fetched
    assert_consistent(db)
    served = sandbox.admin("stats")["youtube_quota_used"]["sandbox-key"]
    assert ledger() == served == in_store()


@pytest.mark.slow
@pytest.mark.parametrize(("ledger", "flag", "budget"), [("tiktok", "--quota", 80),
                                                        ("tiktok_records", "--record-quota", 6000)])
def test_a_small_tiktok_budget_stops_every_worker_on_the_shared_ledgers_and_resume_finishes(
        sandbox_factory, tmp_path, redis_url, ledger, flag, budget):  # noqa: F811
    """TikTok's two daily ledgers (requests, records) are the client's: three workers check and charge both
    in Redis in one step; whichever runs out stops every worker cleanly, no ledger passes its budget, and
    --resume with more finishes the crawl."""
    from crawler.quota import utc_day

    sandbox = sandbox_factory("--platforms", "tiktok", *WORLD, "--rate-limit", "off", "--fault", "slow=0.05")
    db = tmp_path / "tq.db"
    client = connect(redis_url)

    def run_all(*extra: str) -> str:
        return run_queued(sandbox, "tiktok", redis_url, db, *extra)[0]

    def in_redis(name: str) -> int:
        (found,) = client.keys(key(f"ledger:{name}:*:{utc_day()}"))
        return int(client.get(found))

    def in_store(name: str) -> int:
        return rows(db, "SELECT SUM(units) FROM quota_ledger WHERE platform = ?", name)[0][0]

    message = run_all(flag, str(budget))
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "stopped_quota", message[-3000:]
    assert "quota" in message
    assert stats["creatorscout/tiktok/quota_refused_requests"] >= 1
    assert client.hget(key("job"), "status") == b"stopped_quota" and client.zcard(key("requests")) > 0
    served = sandbox.admin("stats")["tiktok"]
    requests, records = sum(served["quota_used"].values()), sum(served["records_used"].values())
    # The ledger that ran out is at most its budget, however many workers charged it at once.
    assert in_redis(ledger) <= budget
    # Every worker's requests (summed in the run row), the shared ledger, TikTok's count and the store agree;
    # records are charged at each request's max_count, TikTok counts those it served.
    assert stats["creatorscout/tiktok/quota_units"] == in_redis("tiktok") == requests == in_store("tiktok")
    assert stats["creatorscout/tiktok/quota_records"] == in_redis("tiktok_records") == in_store("tiktok_records")
    assert in_redis("tiktok_records") >= records
    e = expected_crawl(sandbox.truth, "tiktok", TAGS)
    assert ids(db, "posts", "post_id", "tiktok") < set(e.posts)

    run_all("--resume", "--quota", "100000", "--record-quota", "10000000")  # more (as after the daily reset)
    run = last_run(db)
    assert run["status"] == "finished" and run["id"] == 1
    assert_platform_ground_truth(db, sandbox, "tiktok")
    served = sandbox.admin("stats")["tiktok"]
    assert in_redis("tiktok") == sum(served["quota_used"].values()) == in_store("tiktok")
    assert in_redis("tiktok_records") == in_store("tiktok_records") >= sum(served["records_used"].values())


@pytest.mark.parametrize("shared", [False, True])
def test_the_local_and_the_redis_crawl_state_behave_alike(redis_url, shared):  # noqa: F811
    from crawler.crawl_state import LocalCrawlState, RedisCrawlState

    backing: dict = {}
    state = RedisCrawlState(connect(redis_url)) if shared else LocalCrawlState(backing)
    assert state.first("search_started") and not state.first("search_started") and state.is_set("search_started")
    assert state.add("feeds", "a") and not state.add("feeds", "a") and state.has("feeds", "a")
    assert not state.has("feeds", "b")
    state.put("hits", "UC1", [["2026-01-01", "v1"]])
    assert state.get("hits", "UC1") == [["2026-01-01", "v1"]] and state.get("hits", "UC2", []) == []
    assert state.entries("hits") == {"UC1": [["2026-01-01", "v1"]]}
    assert state.pop("hits", "UC1") == [["2026-01-01", "v1"]] and state.pop("hits", "UC1", "gone") == "gone"
    state.append("order", ["a", "b"])
    assert state.items("order") == ["a", "b"]
    assert state.take("ids", [str(i) for i in range(7)], 3) == [["0", "1", "2"], ["3", "4", "5"]]
    assert state.take("ids", ["7"], 3) == [] and state.take("ids", [], 3, partial=True) == [["6", "7"]]
    assert state.take("ids", [], 3, partial=True) == []
    state.append("ids", ["x", "y", "x", "z"])
    state.remove("ids", ["x", "z", "absent"])  # each once
    assert state.items("ids") == ["y", "x"]
    state.remove("ids", ["y", "x"])
    assert state.items("ids") == []
    assert state.setdefault("today", "2026-06-01") == "2026-06-01"
    assert state.setdefault("today", "2026-06-02") == "2026-06-01" and state.is_set("today")  # the first wins
    assert state.quiet()
    state.clear("search_started")
    assert not state.is_set("search_started") and state.first("search_started")
    assert state.incr("in_flight") == 0 and state.incr("in_flight", 2) == 2 and state.incr("in_flight", -1) == 1
    assert state.pop_head("order") == "a" and state.pop_head("order") == "b" and state.pop_head("order") is None
    assert state.pop_head("never") is None
    assert state.first("busy")
    at = {"tag": 0, "hashtag_id": "17", "edge": 1, "cursor": None}
    assert state.swap("search", {}, at)  # absent: the first position
    assert not state.swap("search", {}, {"tag": 5})  # not absent any more
    assert not state.swap("search", {**at, "cursor": "C"}, {"tag": 9}, release="busy")  # another page's answer
    assert state.entries("search") == at and state.is_set("busy")
    assert state.swap("search", dict(reversed(at.items())), {"tag": 1}, release="busy")  # key order is no matter
    assert state.entries("search") == {"tag": 1} and not state.is_set("busy")
    assert not state.swap("search", at, {"tag": 0})  # answered twice: the chain is not moved back
    assert state.entries("search") == {"tag": 1}
    if not shared:  # a local crawl's state stays spider.state, as checkpoints have it
        assert backing == {"search_started": True, "feeds": {"a"}, "hits": {}, "order": [], "ids": [],
                           "today": "2026-06-01", "in_flight": 1, "search": {"tag": 1}}


def test_workers_take_disjoint_batches_and_one_claims_a_flag(redis_url):  # noqa: F811
    """Workers pushing ids at once: every id goes out in exactly one full batch; one worker starts the search."""
    from concurrent.futures import ThreadPoolExecutor

    from crawler.crawl_state import RedisCrawlState

    def worker(n: int) -> tuple[bool, list[list[str]]]:
        state = RedisCrawlState(connect(redis_url))
        started = state.first("search_started")
        batches = [b for i in range(40) for b in state.take("pending", [f"{n}-{i}"], 7)]
        return started, batches

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(worker, range(4)))
    rest = RedisCrawlState(connect(redis_url)).take("pending", [], 7, partial=True)
    assert sum(started for started, _ in results) == 1
    sent = [i for _, batches in results for batch in batches for i in batch] + [i for b in rest for i in b]
    assert sorted(sent) == sorted(f"{n}-{i}" for n in range(4) for i in range(40))  # none twice, none lost
    assert all(len(b) == 7 for _, batches in results for b in batches)


def test_a_worker_sends_the_last_partial_batch_only_when_no_other_worker_can_add_to_it(redis_url,  # noqa: F811
                                                                                        monkeypatch):
    monkeypatch.setenv("YOUTUBE_API_KEY", "k")
    from scrapy.exceptions import DontCloseSpider
    from scrapy.utils.test import get_crawler

    from crawler.crawl_state import RedisCrawlState
    from crawler.spiders.youtube import YouTubeSpider

    busy = [True]
    spider = YouTubeSpider.from_crawler(get_crawler(YouTubeSpider, {"CREATORSCOUT_QUEUE": redis_url}),
                                        hashtags="vegan")
    spider.shared_state = RedisCrawlState(connect(redis_url), busy=lambda: busy[0])
    assert spider.shared_state.take("pending_videos", ["v1", "v2"], 50) == []
    sent: list = []
    spider.crawler.engine = type("Engine", (), {"crawl": staticmethod(sent.append)})()
    spider.send_pending_videos()  # another worker still has a request in flight: it may add ids
    assert sent == []
    busy[0] = False
    with pytest.raises(DontCloseSpider):
        spider.send_pending_videos()
    assert len(sent) == 1 and "id=v1%2Cv2" in sent[0].url.replace(",", "%2C")
    assert spider.shared_state.take("pending_videos", [], 50, partial=True) == []
    # Killed between sending the last batch and removing its ids: they are still listed, and the next idle
    # moment (after --resume) sends the same request, which the duplicate filter drops if it was queued.
    spider.shared_state.append("pending_videos", ["v3"])

    class Killed(BaseException):
        pass

    def dies_after_sending(request) -> None:
        sent.append(request)
        raise Killed

    spider.crawler.engine = type("Engine", (), {"crawl": staticmethod(dies_after_sending)})()
    with pytest.raises(Killed):
        spider.send_pending_videos()
    assert spider.shared_state.items("pending_videos") == ["v3"]
    spider.crawler.engine = type("Engine", (), {"crawl": staticmethod(sent.append)})()
    with pytest.raises(DontCloseSpider):
        spider.send_pending_videos()
    assert sent[-1].url == sent[-2].url and spider.shared_state.items("pending_videos") == []


def test_a_bluesky_worker_that_took_a_search_page_before_its_login_asks_again_once(monkeypatch):
    """Workers serve the queue while they log in: a search page sent before the login is asked again
    after it; a second refusal is a real one."""
    from scrapy.exceptions import CloseSpider
    from test_bluesky_spider import call, make_spider, response
    from test_bluesky_spider import start as start_spider

    from crawler.crawl_state import LocalCrawlState
    from crawler.spiders.bluesky import LOGIN_RETRY

    spider = make_spider(monkeypatch)
    spider.shared_state = LocalCrawlState({})  # as a queued crawl's worker (no Redis needed here)
    early = spider.search_request(0)
    assert [r.url for r in start_spider(spider)] == [early.url]  # this worker started the search, logged in
    _, again = call(early, response(early.url, {"error": "Forbidden"}, 403, early))
    assert [r.url for r in again] == [early.url] and again[0].meta[LOGIN_RETRY] and again[0].dont_filter
    with pytest.raises(CloseSpider) as stopped:
        call(again[0], response(early.url, {"error": "Forbidden"}, 403, again[0]))
    assert stopped.value.reason == "search_needs_login"
    local = make_spider(monkeypatch)  # a local crawl: a 403 stops at once, as ever
    start_spider(local)
    first = local.search_request(0)
    with pytest.raises(CloseSpider) as stopped:
        call(first, response(first.url, {"error": "Forbidden"}, 403, first))
    assert stopped.value.reason == "search_needs_login"


@pytest.mark.slow
def test_an_incremental_queued_crawl_takes_the_cutoffs_published_from_the_drains_store(
        sandbox_factory, tmp_path, redis_url):  # noqa: F811
    """Workers read no store: ``crawl --queue --incremental --db`` publishes the store's cutoffs with the
    crawl, so a queued second crawl fetches what a local incremental one would, at a fraction of the cost."""
    sandbox = sandbox_factory(*WORLD, "--rate-limit", "off")
    db = tmp_path / "i.db"
    local_crawl(sandbox, db, "mastodon", "-q")
    first = last_run(db)
    before = expected_mastodon(sandbox.truth)
    sandbox.admin("advance", {"epochs": 1})
    advanced = sandbox.admin("ground-truth")
    crawl = published(start(crawl_command(sandbox, redis_url, "--incremental", "--db", str(db))), redis_url)
    worker = start(cli("worker", "--queue", redis_url, "-q"))
    drain = subprocess.run(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5"), cwd=ROOT, env=ENV,
                           capture_output=True, text=True, timeout=240)
    errors = [finish(p) for p in (crawl, worker)]
    assert drain.returncode == 0, drain.stderr[-3000:]
    assert crawl.returncode == 0 and worker.returncode == 0, errors
    creators, posts, comments = expected_mastodon(advanced)
    assert ids(db, "creators", "creator_id", "mastodon") == creators
    assert ids(db, "posts", "post_id", "mastodon") == posts
    assert ids(db, "comments", "comment_id", "mastodon") == comments
    assert posts - before[1], "the advanced world has no new post"
    second = last_run(db)
    assert second["id"] != first["id"] and second["status"] == "finished"
    assert json.loads(second["arguments"])["incremental"] is True
    stats = json.loads(second["stats"])
    assert stats["creatorscout/mastodon/incremental/known_creators"] == len(before[0])  # once, not per worker
    fetched = {r[0] for r in rows(db, "SELECT DISTINCT post_id FROM comments WHERE fetched_at >= ?",
                                  second["started_at"][:19] + "Z")}
    assert fetched <= posts - before[1]  # comments only for the new posts
    assert second["request_count"] <= 0.5 * first["request_count"]


# -- TikTok: each worker its own token, one search state ------------------------------------------------
def tiktok_worker(monkeypatch, redis_url: str, **kwargs):  # noqa: F811
    """A TikTokSpider as a worker of a queued crawl runs it (RedisScheduler.open's state, fake responses)."""
    from test_tiktok_spider import make_spider

    from crawler.crawl_state import RedisCrawlState
    from crawler.distributed import ClaimedCreators

    spider = make_spider(monkeypatch, **kwargs)
    spider.state.clear()  # make_spider's day is a local crawl's: a worker's comes from the shared state
    client = connect(redis_url)
    spider.state["creators"] = ClaimedCreators(client)
    spider.shared_state = RedisCrawlState(client)
    return spider


def handed_over(request: Request, worker) -> Request:
    """``request`` as another worker pops it from the queue (its callback bound to that worker's spider)."""
    from crawler.distributed import _encode
    from crawler.frontier import decode_request

    return decode_request(_encode(request, request.callback.__self__), worker)


def test_tiktok_workers_share_the_crawls_day_and_one_starts_the_search_each_with_its_own_token(
        redis_url, monkeypatch):  # noqa: F811
    from datetime import UTC, datetime

    from test_tiktok_spider import FakeTokens, body
    from test_tiktok_spider import start as start_spider

    import crawler.spiders.tiktok as tiktok

    monkeypatch.setattr(tiktok, "now", lambda: datetime(2026, 6, 1, 23, 59, tzinfo=UTC))
    tokens_one, tokens_two = FakeTokens(), FakeTokens()
    one = tiktok_worker(monkeypatch, redis_url, tokens=tokens_one)
    (search,) = start_spider(one)
    # Another machine, past midnight: the crawl's windows still end on the day it started.
    monkeypatch.setattr(tiktok, "now", lambda: datetime(2026, 6, 2, 0, 1, tzinfo=UTC))
    two = tiktok_worker(monkeypatch, redis_url, tokens=tokens_two)
    assert start_spider(two) == []  # the search is started once, for the crawl
    assert tokens_one.calls == tokens_two.calls == 1  # but each worker has its own token
    assert body(search)["end_date"] == "20260601"
    assert two.windows(1) == one.windows(1) == [("20260503", "20260601")]
    assert two.videos_request("ana", 0, []).body == one.videos_request("ana", 0, []).body
    assert "today" not in two.state and "started" not in two.state  # nothing of it in the worker's own state


def test_a_queued_tiktok_worker_sends_nothing_before_its_own_token(redis_url, monkeypatch):  # noqa: F811
    """Requests wait in Redis when a worker joins: its engine is paused until its token is there (each
    would be refused, and charged to the ledgers); a refused client unpauses it too, to close."""
    from test_tiktok_spider import FakeEngine, FakeTokens, make_spider
    from test_tiktok_spider import start as start_spider

    class Engine(FakeEngine):
        paused = False

        def pause(self) -> None:
            self.paused = True

        def unpause(self) -> None:
            self.paused = False

        async def close_spider_async(self, reason: str) -> None:
            self.closed = reason

    paused_while_fetching: list[bool] = []

    class Tokens(FakeTokens):
        async def __call__(self):
            paused_while_fetching.append(engine.paused)
            return await super().__call__()

    worker = tiktok_worker(monkeypatch, redis_url, tokens=Tokens())
    engine = worker.crawler.engine = Engine()
    worker.hold_until_token()
    assert engine.paused
    start_spider(worker)
    assert paused_while_fetching == [True] and not engine.paused
    refused = tiktok_worker(monkeypatch, redis_url, tokens=Tokens((401, {"error": "invalid_client"})))
    engine = refused.crawler.engine = Engine()
    refused.hold_until_token()
    assert start_spider(refused) == [] and not engine.paused
    local = make_spider(monkeypatch)  # a local crawl: nothing waits in a queue before its first request
    engine = local.crawler.engine = Engine()
    local.hold_until_token()
    assert not engine.paused


def test_tiktok_discoveries_reach_the_drain_whichever_worker_answers_first(redis_url, monkeypatch):  # noqa: F811
    """Hashtag pages and user/info answers on different workers, in any order: every (hashtag, creator)
    pair is yielded, once; a creator answered while a search page was keeping a discovery for them
    (the other worker read their discoveries first) gets it from the search page."""
    from concurrent.futures import ThreadPoolExecutor

    from test_tiktok_spider import T1, body, call, path, profile, videos
    from test_tiktok_spider import start as start_spider

    tags = "veganrecipes,plantbased,vegan"
    one, two = tiktok_worker(monkeypatch, redis_url, hashtags=tags), tiktok_worker(monkeypatch, redis_url,
                                                                                    hashtags=tags)
    found: list[tuple[str, str]] = []

    def answer(request: Request, worker, payload) -> list[Request]:
        items, requests = call(handed_over(request, worker), payload)
        found.extend((i.hashtag, i.creator_id) for i in items if isinstance(i, DiscoveryItem))
        return requests

    def users(requests: list[Request]) -> dict[str, Request]:
        return {body(r)["username"]: r for r in requests if path(r) == "/v2/research/user/info/"}

    def search(requests: list[Request]) -> Request:
        return next(r for r in requests if path(r) == "/v2/research/video/query/" and "hashtag_name" in r.body.decode())

    (first,) = start_spider(one)
    requests = answer(first, one, videos((1, "ana", T1), (2, "ben", T1)))
    asked = users(requests)
    answer(asked["ana"], two, profile("Ana"))  # the other worker answers ana before the next hashtag
    requests = answer(search(requests), two, videos((3, "ana", T1), (4, "ben", T1), (5, "cleo", T1)))
    asked.update(users(requests))
    assert set(users(requests)) == {"cleo"}  # ana and ben are claimed already
    answer(asked["ben"], one, profile("Ben"))
    assert sorted(found) == [("plantbased", "ana"), ("plantbased", "ben"), ("veganrecipes", "ana"),
                             ("veganrecipes", "ben")]
    # cleo's user/info is answered by one worker while the other is between reading cleo's discoveries
    # and keeping the #vegan one: it finds cleo stored and yields that discovery itself.
    shared = two.shared_state
    read = shared.get

    def get_then_answer(name: str, field: str, default=None):
        value = read(name, field, default)
        if (name, field) == ("discoveries", "cleo") and not shared.has("stored", "cleo"):
            with ThreadPoolExecutor(1) as pool:  # its own event loop
                pool.submit(answer, asked["cleo"], one, profile("Cleo")).result()
        return value

    monkeypatch.setattr(shared, "get", get_then_answer)
    answer(search(requests), two, videos((6, "cleo", T1)))
    assert sorted(p for p in found if p[1] == "cleo") == [("plantbased", "cleo"), ("vegan", "cleo")]
    assert len(found) == len(set(found)) == 6


def test_a_tiktok_search_page_given_again_after_its_worker_was_killed_loses_no_creator(
        redis_url, monkeypatch):  # noqa: F811
    """Killed after claiming dave and asking for him, before keeping his discovery: the page, given again
    to another worker, asks again (the duplicate filter drops a request already queued) and keeps it.
    A dropped creator (no profile) is not claimed again."""
    import asyncio

    from test_tiktok_spider import T1, body, call, path, profile, response, videos
    from test_tiktok_spider import start as start_spider

    one, two = tiktok_worker(monkeypatch, redis_url), tiktok_worker(monkeypatch, redis_url)
    (page,) = start_spider(one)
    payload = videos((1, "dave", T1), (2, "erin", T1))

    async def killed_after_the_first_request() -> Request:
        outputs = page.callback(response(page.url, payload, 200, page), **page.cb_kwargs)
        first = await anext(outputs)
        await outputs.aclose()
        return first

    asked = asyncio.run(killed_after_the_first_request())
    assert body(asked) == {"username": "dave"} and one.is_claimed("dave")
    _, again = call(handed_over(page, two), payload)
    assert [body(r) for r in again if path(r) == "/v2/research/user/info/"] == [{"username": "dave"},
                                                                                {"username": "erin"}]
    assert again[0].url == asked.url and again[0].body == asked.body  # the same request: filtered if queued
    items, _ = call(handed_over(asked, one), profile("Dave"))
    assert [(i.hashtag, i.creator_id) for i in items if isinstance(i, DiscoveryItem)] == [("veganrecipes", "dave")]
    call(handed_over(again[1], one), {"error": {"code": "internal_error"}}, 500)  # erin: no profile
    assert two.shared_state.has("dropped", "erin")
    _, later = call(handed_over(page, two), payload)  # the page once more: erin is not asked for again
    assert not [r for r in later if path(r) == "/v2/research/user/info/"]


def test_a_tiktok_request_keeps_its_token_retries_but_not_the_token_generation_of_its_worker(
        redis_url, monkeypatch):  # noqa: F811
    from crawler.distributed import _encode
    from crawler.middlewares import CREDENTIAL_VERSION
    from crawler.spiders.tiktok import TOKEN_RETRIES

    worker = tiktok_worker(monkeypatch, redis_url)
    request = worker.user_request("ana")
    request.meta.update({CREDENTIAL_VERSION: 3, TOKEN_RETRIES: 1})  # renewed once by this worker
    meta = json.loads(_encode(request, worker))["meta"]
    assert meta[TOKEN_RETRIES] == 1 and CREDENTIAL_VERSION not in meta


def test_tiktoks_two_ledgers_are_checked_and_charged_together_by_any_number_of_workers(redis_url):  # noqa: F811
    """Four workers charge requests and records at once: no ledger passes its budget, and a charge is
    all or nothing (a request refused for records costs no request either)."""
    from concurrent.futures import ThreadPoolExecutor

    from crawler.distributed import RedisQuotaLedger

    def worker(n: int) -> list[int]:
        ledger, charged = RedisQuotaLedger(connect(redis_url)), []
        for i in range(30):
            units = 100 if (n + i) % 3 else 1  # a query page, or a user/info call
            result = ledger.charge("fp", "2026-06-01", [("tiktok", 1, 1000), ("tiktok_records", units, 2500)])
            if isinstance(result, list):
                charged.append(units)
            else:
                assert result == "tiktok_records"
        return charged

    with ThreadPoolExecutor(4) as pool:
        charged = [units for part in pool.map(worker, range(4)) for units in part]
    ledger = RedisQuotaLedger(connect(redis_url))
    assert ledger.quota_spent("tiktok", "fp", "2026-06-01") == len(charged)
    assert ledger.quota_spent("tiktok_records", "fp", "2026-06-01") == sum(charged) <= 2500
    assert ledger.charge("fp", "2026-06-01", [("tiktok", 1, len(charged)), ("tiktok_records", 0, 2500)]) == "tiktok"


# -- Instagram: the search chain, candidates, lookups and the hashtag budget shared through Redis ----------
def test_workers_pop_each_candidate_once_and_one_moves_the_search_from_a_page(redis_url):  # noqa: F811
    """Four workers at once: each candidate goes to exactly one of them, the counter counts every step, and
    of the workers answering the same search page exactly one moves the chain on (and frees the search)."""
    from concurrent.futures import ThreadPoolExecutor

    from crawler.crawl_state import RedisCrawlState

    setup = RedisCrawlState(connect(redis_url))
    setup.append("candidates", [f"h{i}" for i in range(200)])
    assert setup.swap("search", {}, {"tag": 0, "hashtag_id": "17", "edge": 0, "cursor": "C1"})
    assert setup.first("search_in_flight")

    def worker(n: int) -> tuple[list[str], bool]:
        state = RedisCrawlState(connect(redis_url))
        got = []
        while (handle := state.pop_head("candidates")) is not None:
            got.append(handle)
            state.incr("lookups_in_flight", 1)
        at = {"tag": 0, "hashtag_id": "17", "edge": 0, "cursor": "C1"}
        moved = state.swap("search", at, {**at, "cursor": f"after-{n}"}, release="search_in_flight")
        return got, moved

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(worker, range(4)))
    popped = [h for got, _ in results for h in got]
    assert sorted(popped) == sorted(f"h{i}" for i in range(200))  # none twice, none lost
    assert setup.incr("lookups_in_flight") == 200
    assert sum(moved for _, moved in results) == 1 and not setup.is_set("search_in_flight")
    assert setup.entries("search")["cursor"].startswith("after-")


def test_workers_taking_hashtag_slots_at_once_never_pass_the_weekly_limit(redis_url):  # noqa: F811
    from concurrent.futures import ThreadPoolExecutor

    from crawler.distributed import RedisHashtagLedger

    at, window = "2026-03-02T12:00:00Z", "2026-02-23T12:00:00Z"
    setup = RedisHashtagLedger(connect(redis_url))
    for i in range(27):  # 3 of 30 slots left
        setup.record_hashtag("u", f"used{i}", "2026-03-01T00:00:00Z", window)
    setup.record_hashtag("u", "stale", "2026-02-01T00:00:00Z", "2026-01-25T00:00:00Z")  # out of the window

    def worker(n: int) -> list[str]:
        ledger = RedisHashtagLedger(connect(redis_url))
        return [tag for tag in [f"new{n}-{i}" for i in range(5)] if ledger.reserve_hashtag("u", tag, at, window, 30)]

    with ThreadPoolExecutor(4) as pool:
        taken = [tag for tags in pool.map(worker, range(4)) for tag in tags]
    assert len(taken) == 3 and len(set(taken)) == 3  # 20 new tags asked for at once: three slots, no more
    assert len(setup.hashtags_searched("u", window)) == 30
    assert setup.reserve_hashtag("u", "used4", at, window, 30)  # a tag of the window costs nothing
    assert not setup.reserve_hashtag("u", "stale", at, window, 30)  # searched before the window: a new slot
    assert setup.hashtags_searched("u", window).get("used4") == "2026-03-01T00:00:00Z"  # its first time kept


def _instagram_worker(monkeypatch, tmp_path, redis_url, **kwargs):  # noqa: F811
    """An Instagram spider as a queued crawl's worker has it once RedisScheduler.open ran."""
    from test_instagram_spider import make_spider

    from crawler.crawl_state import RedisCrawlState
    from crawler.distributed import ClaimedCreators

    spider = make_spider(monkeypatch, tmp_path, {"CREATORSCOUT_QUEUE": redis_url}, **kwargs)
    spider.state["creators"] = ClaimedCreators(connect(redis_url))
    spider.shared_state = RedisCrawlState(connect(redis_url))
    return spider


def _answer(spider, request: Request, body, status: int = 200) -> tuple[list, list[Request]]:
    """``request``'s answer processed by ``spider`` (any worker's, not necessarily the one that sent it)."""
    from test_instagram_spider import response

    callback = getattr(spider, request.callback.__name__)
    out = list(callback(response(request, body, status), **request.cb_kwargs) or [])
    return [o for o in out if not isinstance(o, Request)], [o for o in out if isinstance(o, Request)]


def test_instagram_workers_share_the_search_candidates_and_the_max_creators_room(
        monkeypatch, tmp_path, redis_url):  # noqa: F811
    """Whichever worker answers a page: one search, each handle looked up once, lookups in flight plus
    creators claimed never above --max-creators, the next page only when no candidate waits."""
    from test_instagram_spider import NOT_FOUND, TAG_ID, discovery, handle_of, media, media_page, start, stat

    from crawler.items import CreatorItem

    one = _instagram_worker(monkeypatch, tmp_path, redis_url, max_creators="2", hashtags="sourdough,rye")
    two = _instagram_worker(monkeypatch, tmp_path, redis_url, max_creators="2", hashtags="sourdough,rye")
    (search,) = start(one)
    assert start(two) == []  # one search for the crawl: the other worker serves the queue
    _, (recent,) = _answer(two, search, {"data": [{"id": TAG_ID}]})
    assert list(one.advance()) == []  # the page is in flight: nobody else sends a search request
    _, lookups = _answer(one, recent, media_page([media("m1", "@a.one @b.two @c.three"),
                                                  media("m2", "@b.two @d.four")], after="CUR1"))
    assert [handle_of(r) for r in lookups] == ["a.one", "b.two"]  # room for two: no page meanwhile
    assert list(two.advance()) == [] and list(one.advance()) == []  # the room is taken, for every worker
    _, more = _answer(two, lookups[0], NOT_FOUND, status=400)  # not professional: its room goes to the next
    assert [handle_of(r) for r in more] == ["c.three"]
    items, after_b = _answer(one, lookups[1], discovery("1002", "b.two", [media("p1", "x")]))
    assert [i.creator_id for i in items if isinstance(i, CreatorItem)] == ["1002"]
    assert [handle_of(r) for r in after_b] == []  # c.three in flight, one creator stored: 2 of 2 taken
    items, ended = _answer(two, more[0], discovery("1003", "c.three", [media("p2", "y")]))
    assert [i.creator_id for i in items if isinstance(i, CreatorItem)] == ["1003"]
    assert ended == [] and one.creators_full and two.creators_full  # full: no more lookups, no more pages
    assert stat(two, "search/stopped_max_creators") == 1 and stat(two, "skipped/candidates_not_looked_up") == 1
    assert stat(two, "skipped/hashtags_not_searched") == 1
    assert one.shared.incr("lookups_in_flight") == 0 and one.shared.items("candidates") == []
    assert list(one.advance()) == [] and list(two.advance()) == []


def test_an_instagram_page_answered_again_after_a_kill_moves_nothing_back_and_loses_nothing(
        monkeypatch, tmp_path, redis_url):  # noqa: F811
    """A worker killed while an answer's outputs were being pushed leaves the request in flight: --resume
    queues it again marked replayed and another worker processes it a second time. Scrapy runs a callback
    to its end before it pushes what it yielded, so the state may say done while the outputs never reached
    Redis: the replayed answer moves the search chain nowhere, looks up no handle twice, and yields again
    its creator and discovery, the lookups still out and the search request in flight."""
    from test_instagram_spider import TAG_ID, discovery, handle_of, media, media_page, start

    from crawler.crawl_state import REPLAYED_META

    def replayed(request: Request) -> Request:
        return request.replace(meta={**request.meta, REPLAYED_META: True})

    one = _instagram_worker(monkeypatch, tmp_path, redis_url, max_creators="5")
    two = _instagram_worker(monkeypatch, tmp_path, redis_url, max_creators="5")
    (search,) = start(one)
    _, (recent,) = _answer(one, search, {"data": [{"id": TAG_ID}]})  # its outputs lost with the worker
    _, again = _answer(two, replayed(search), {"data": [{"id": TAG_ID}]})
    assert [r.url for r in again] == [recent.url]  # the search request in flight, sent again (or dropped)
    assert one.shared.entries("search")["edge"] == 0  # the chain was not moved back
    page = media_page([media("m1", "@a.one @b.two")], after="CUR1")
    _, sent = _answer(one, recent, page)
    lookups = {handle_of(r): r for r in sent if "business_discovery" in r.url}
    (following,) = [r for r in sent if "business_discovery" not in r.url]
    assert sorted(lookups) == ["a.one", "b.two"] and "after=CUR1" in following.url
    _, resent = _answer(two, replayed(recent), page)
    assert sorted(r.url for r in resent) == sorted(r.url for r in sent)  # what it sent, again; nothing new
    assert one.shared.entries("search")["cursor"] == "CUR1" and one.shared.items("candidates") == []
    assert one.shared.incr("lookups_in_flight") == 2

    # a.one's answer was processed (claimed, stored, done), its items never pushed: the replay yields them.
    answer = discovery("1001", "a.one", [media("p1", "x")])
    items, _ = _answer(one, lookups["a.one"], answer)
    assert [type(i).__name__ for i in items] == ["CreatorItem", "DiscoveryItem", "PostItem"]
    items, _ = _answer(two, replayed(lookups["a.one"]), answer)
    assert [type(i).__name__ for i in items] == ["CreatorItem", "DiscoveryItem", "PostItem"]
    assert one.shared.incr("lookups_in_flight") == 1  # its room freed once
    assert one.crawler.stats.get_value("creatorscout/instagram/creators") == 1  # counted once
    # b.two was never answered: the replayed answer of another request sends its lookup again.
    _, resent = _answer(two, replayed(lookups["a.one"]), answer)
    assert lookups["b.two"].url in [r.url for r in resent] and lookups["a.one"].url not in [r.url for r in resent]


# -- answers replayed after a kill: YouTube, Bluesky, TikTok, Mastodon ------------------------------------
# Each test processes an answer on one worker (its outputs lost with it), the same answer unmarked on
# another worker (nothing the state says was done goes out twice) and marked replayed, as --resume queues
# a killed worker's requests (what the first processing decided goes out again: the duplicate filter drops
# the requests that did reach the queue, the drain upserts the items).
def replayed_on(request: Request, worker) -> Request:
    """``request`` as ``worker`` pops it after ``--resume`` queued it again (marked replayed)."""
    from crawler.crawl_state import REPLAYED_META

    return handed_over(request.replace(meta={**request.meta, REPLAYED_META: True}), worker)


def queued_worker(spider, url: str):
    """``spider`` as a worker of the crawl queued at ``url`` has it once RedisScheduler.open ran."""
    from crawler.crawl_state import RedisCrawlState
    from crawler.distributed import ClaimedCreators

    spider.state["creators"] = ClaimedCreators(connect(url))
    spider.shared_state = RedisCrawlState(connect(url))
    return spider


def outputs(out: list) -> list[tuple[str, ...]]:
    """What a callback yielded, comparable across workers and passes: requests by URL and body, items by kind
    and ids."""
    return sorted((type(o).__name__, o.url, o.body.decode()) if isinstance(o, Request) else
                  (type(o).__name__, o.creator_id, getattr(o, "hashtag", "") or "", getattr(o, "post_id", "") or "",
                   getattr(o, "source", "") or "") for o in out)


@pytest.mark.parametrize("shared", [False, True])
def test_batches_taken_with_a_key_are_kept_and_taken_once_per_key(redis_url, shared):  # noqa: F811
    from crawler.crawl_state import LocalCrawlState, RedisCrawlState

    state = RedisCrawlState(connect(redis_url)) if shared else LocalCrawlState({})
    assert state.take("ids", ["a", "b", "c"], 2, keep="page1") == [["a", "b"]]
    assert state.taken("ids", "page1") == [["a", "b"]] and state.taken("ids", "page2") is None
    assert state.take("ids", ["x", "y"], 2, keep="page1") == []  # the same answer again: nothing appended
    assert state.take("ids", [{"v": 1}], 2, keep="page2") == [["c", {"v": 1}]]
    assert state.take("ids", [], 2, partial=True, keep="last") == []
    assert state.taken("ids", "last") == [] and state.taken("ids", "page2") == [["c", {"v": 1}]]
    assert state.take("ids", ["d"], 2, partial=True) == [["d"]]  # no key: as ever


def test_a_youtube_answer_replayed_after_a_kill_yields_again_what_it_decided(redis_url, monkeypatch):  # noqa: F811
    """The search page that ended the search sends the channel batches again (the search is done: sent
    once otherwise); a channels answer its creators, discoveries and uploads request (channels_done says
    done); the last uploads page the videos batch it took from the pool (taken once, the rest left)."""
    from test_youtube_spider import channels_body, make_spider, playlist_body, respond, search_body, start

    def worker():
        return queued_worker(make_spider(monkeypatch, {"CREATORSCOUT_QUEUE": redis_url}, max_creators="5",
                                         max_posts="50", max_comments="0"), redis_url)

    one, two = worker(), worker()
    at = "2026-02-01T00:00:00Z"
    (search,) = start(one)
    page = search_body([("vA1", "UCA", at), ("vB1", "UCB", at)])
    (channels,) = respond(handed_over(search, one), page)  # lost with its worker
    assert respond(handed_over(search, two), page) == []
    assert outputs(respond(replayed_on(search, two), page)) == outputs([channels])

    answer = channels_body(["UCA", "UCB"], uploads={"UCA": "UUA"})
    first = respond(handed_over(channels, one), answer)
    assert [type(o).__name__ for o in first] == ["CreatorItem", "DiscoveryItem", "Request", "CreatorItem",
                                                 "DiscoveryItem"]  # UCB: no uploads playlist, its hit waits
    again = respond(handed_over(channels, two), answer)
    assert not [o for o in again if isinstance(o, (CreatorItem, Request))]
    assert outputs(respond(replayed_on(channels, two), answer)) == outputs(first)
    assert two.crawler.stats.get_value("creatorscout/youtube/creators") is None  # counted once, by the first

    (uploads,) = [o for o in first if isinstance(o, Request)]
    listing = playlist_body([(f"u{i:02d}", at) for i in range(50)])
    (videos,) = respond(handed_over(uploads, one), listing)  # 52 ids waiting: a batch of 50, two left
    assert respond(handed_over(uploads, two), listing) == []
    assert outputs(respond(replayed_on(uploads, two), listing)) == outputs([videos])
    assert two.shared.take("pending_videos", [], 50, partial=True) == [["u49", "vA1"]]  # none twice, none lost


def test_a_bluesky_answer_replayed_after_a_kill_yields_again_what_it_decided(redis_url, monkeypatch):  # noqa: F811
    """A search page sends again the profiles batch it took (the rest stays waiting) and the discoveries of
    stored creators it recorded; a profiles answer the feed requests (``feeds`` says asked)."""
    from test_bluesky_spider import call, make_spider, payload, response, start

    def worker():
        return queued_worker(make_spider(monkeypatch, hashtags="sourdough,rye", max_creators="100"), redis_url)

    def answer(request: Request, body) -> list:
        items, requests = call(request, response(request.url, body, request=request))
        return items + requests

    one, two = worker(), worker()
    (search,) = start(one)
    assert start(two) == []
    page = payload("search_posts/page_with_cursor")
    template, page["posts"] = page["posts"][0], []
    for i in range(30):
        post = json.loads(json.dumps(template))
        post["author"]["did"] = did = f"did:plc:{i:024d}"
        post["uri"] = f"at://{did}/app.bsky.feed.post/3lk6xq2m6e5w{i % 10}"
        page["posts"].append(post)
    first = answer(handed_over(search, one), page)
    assert [len(parse_qs(urlsplit(r.url).query).get("actors", [])) for r in first] == [25, 0]  # and the next page
    again = answer(handed_over(search, two), page)
    assert [r.callback.__name__ for r in again] == ["parse_search"]  # no batch taken twice
    assert outputs(answer(replayed_on(search, two), page)) == outputs(first)
    assert len(two.shared.items("pending_profiles")) == 5  # left waiting, as after the first processing

    rye = one.search_request(1)
    answer(rye, payload("search_posts/page_with_cursor"))
    dids = [d for d in one.shared.items("creator_order") if not d.startswith("did:plc:0")]
    profiles = one.profiles_request(dids)
    first = answer(handed_over(profiles, one), payload("profiles/batch"))
    assert len([r for r in first if isinstance(r, Request)]) == len(dids)  # a feed request each
    again = answer(handed_over(profiles, two), payload("profiles/batch"))
    assert not [r for r in again if isinstance(r, Request)]
    assert outputs(answer(replayed_on(profiles, two), payload("profiles/batch"))) == outputs(first)

    later = one.search_request(0, cursor="50")  # the stored creators under another hashtag: recorded at once
    first = answer(handed_over(later, one), payload("search_posts/page_with_cursor"))
    found = [i for i in first if isinstance(i, DiscoveryItem)]
    assert {(d.hashtag, d.creator_id) for d in found} == {("sourdough", did) for did in dids}
    again = answer(handed_over(later, two), payload("search_posts/page_with_cursor"))
    assert not [i for i in again if isinstance(i, DiscoveryItem)]
    replay = answer(replayed_on(later, two), payload("search_posts/page_with_cursor"))
    assert outputs([i for i in replay if isinstance(i, DiscoveryItem)]) == outputs(found)


def test_a_tiktok_answer_replayed_after_a_kill_yields_again_what_it_decided(redis_url, monkeypatch):  # noqa: F811
    """A search page answered to its end asks again for the creators it claimed (their discoveries wait for
    them: asked for once otherwise) and yields again the discoveries of stored creators it recorded."""
    from test_tiktok_spider import T1, call, profile, videos
    from test_tiktok_spider import start as start_spider

    tags = "veganrecipes,plantbased"
    one, two = tiktok_worker(monkeypatch, redis_url, hashtags=tags), tiktok_worker(monkeypatch, redis_url,
                                                                                    hashtags=tags)
    (page,) = start_spider(one)
    payload = videos((1, "dave", T1), (2, "erin", T1))
    _, first = call(handed_over(page, one), payload)
    users = [r for r in first if r.callback.__name__ == "parse_user"]
    assert len(users) == 2 and len(first) == 3  # and the next hashtag's page
    _, again = call(handed_over(page, two), payload)
    assert [r.callback.__name__ for r in again] == ["parse_hashtag"]
    _, replay = call(replayed_on(page, two), payload)
    assert outputs(replay) == outputs(first)

    call(handed_over(users[0], one), profile("Dave"))  # dave stored
    (following,) = [r for r in first if r.callback.__name__ == "parse_hashtag"]
    later = videos((3, "dave", T1))
    found, _ = call(handed_over(following, one), later)
    assert [(i.hashtag, i.creator_id) for i in found if isinstance(i, DiscoveryItem)] == [("plantbased", "dave")]
    assert call(handed_over(following, two), later)[0] == []
    replay, _ = call(replayed_on(following, two), later)
    assert outputs(replay) == outputs(found)


def test_a_mastodon_answer_replayed_after_a_kill_yields_again_what_it_decided(redis_url):  # noqa: F811
    """A tag page asks again for the accounts of the creators it claimed (the claims are the crawl's, the
    pairs seen each worker's: asked for once otherwise) and for its next page, though the limit filled
    meanwhile under another hashtag (the first processing went on)."""
    from scrapy.utils.test import get_crawler
    from test_mastodon_spider import INSTANCE, TAG_LINK, call, fixture_body, respond, tag_request

    from crawler.parsers.mastodon import TagHit
    from crawler.spiders.mastodon import MastodonSpider

    def worker():
        crawler = get_crawler(MastodonSpider, {"CREATORSCOUT_MASTODON_INSTANCE": INSTANCE,
                                               "CREATORSCOUT_QUEUE": redis_url})
        spider = MastodonSpider.from_crawler(crawler, hashtags="sourdough,rye", max_creators="6")
        crawler.spider = spider
        return queued_worker(spider, redis_url)

    one, two, three = worker(), worker(), worker()
    request = tag_request(one)
    body = fixture_body("tag_page/reblog_optouts_bot")

    def answer(req: Request) -> tuple[list, list[Request]]:
        return call(req, respond(req, body, headers={"Link": TAG_LINK}))

    items, first = answer(handed_over(request, one))
    assert len(first) == 6 and not one.creators_full  # five accounts and the next page
    hit = TagHit(creator_id="9", handle="cook", post_id="90", created_at="2026-03-01T00:00:00Z")
    list(two._accept_hit("rye", hit, f"{INSTANCE}/api/v1/timelines/tag/rye", "2026-03-02T00:00:00Z"))
    assert one.creators_full  # the sixth, under another hashtag
    assert answer(handed_over(request, three))[1] == []
    replay_items, replay = answer(replayed_on(request, two))
    assert outputs(replay) == outputs(first)
    assert outputs(replay_items) == outputs(items)  # the discoveries (queued: yielded at once)


@pytest.mark.slow
def test_instagram_workers_keep_to_one_hashtag_budget_and_a_crawl_it_refuses_is_one_line(
        sandbox_factory, tmp_path, redis_url):  # noqa: F811
    """Instagram allows an account 30 unique hashtags in 7 days: the workers of a queued crawl take each
    tag's slot in the one Redis ledger, checked and recorded in one step, as its search goes out. 28 slots
    are used and the crawl of two new tags is published; once the first tag is searched, the last slot goes
    to another crawl of the account: no worker searches the second tag (the sandbox counts the searches),
    the crawl stores what the first found. A fresh crawl of a new tag is then refused in one line, before
    anything is queued or fetched. The Graph API usage and throttling pauses are the token's: throttled
    answers pause every worker through Redis, and the crawl still ends at its ground truth."""
    from datetime import timedelta

    from crawler.distributed import RedisHashtagLedger, ledger_secret
    from crawler.platforms import sandbox_environment
    from crawler.spiders.instagram import user_fingerprint
    from crawler.timeutil import format_z, now

    sandbox = sandbox_factory(*WORLDS["instagram"], "--rate-limit", "off", "--fault", "slow=0.2",
                              "--instagram", "rate_limit=20/2")
    db = tmp_path / "h.db"
    client = connect(redis_url)
    user = sandbox_environment()["INSTAGRAM_USER_ID"]
    fingerprint = user_fingerprint(ledger_secret(client), user)  # the secret every worker takes from Redis
    ledger = RedisHashtagLedger(client)
    at = now()
    window = format_z(at - timedelta(days=7), "seconds")
    for i in range(28):
        ledger.record_hashtag(fingerprint, f"earlier{i}", format_z(at - timedelta(days=1), "seconds"), window)

    first = start(platform_command(sandbox, "instagram", redis_url,  # a Graph API minute lasts half a second
                                   "-s", "CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE=0.5",
                                   "-s", "CREATORSCOUT_INSTAGRAM_SLOW_SECONDS=0.2"))
    wait_for_job(redis_url, first)  # 28 used + 2 new: published
    workers = [start(cli("worker", "--queue", redis_url, "-q")) for _ in range(2)]
    drain = start(cli("drain", "--queue", redis_url, "--db", str(db), "--idle", "5", "-q"))
    deadline = time.monotonic() + 120
    while not client.hexists(key(f"hashtags:{fingerprint}"), TAGS[0]):  # the first tag has its slot
        assert time.monotonic() < deadline, "the first hashtag was never searched"
        time.sleep(0.01)
    assert ledger.reserve_hashtag(fingerprint, "elsewhere", format_z(now(), "seconds"), window, 30)  # the 30th
    for proc in (first, *workers, drain):
        err = finish(proc)
        assert proc.returncode == 0, err[-3000:]
        assert not any(m in err for m in NO_TRACEBACK), err[-3000:]

    served = sandbox.admin("stats")
    assert served["by_kind"].get("instagram.hashtag_search") == 1  # one search of the first tag, none of the second
    assert served["instagram"]["hashtags_searched"] == {user: [TAGS[0]]}
    searched = ledger.hashtags_searched(fingerprint, window)
    assert len(searched) == 30 and TAGS[0] in searched and TAGS[1] not in searched
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert run["status"] == "finished" and stats["creatorscout/queue/workers"] >= 2
    assert stats["creatorscout/instagram/skipped/hashtag_limit"] == 1  # the one worker that held the search
    e = expected_crawl(sandbox.truth, "instagram", TAGS[:1])
    assert e.creators and ids(db, "creators", "creator_id", "instagram") == set(e.creators)
    assert ids(db, "posts", "post_id", "instagram") == set(e.posts)
    # The usage budget: the sandbox throttled answers (each counted by the worker that got it, with the good
    # answers at 100 %), and the pauses were published to every worker through Redis.
    assert served["instagram"]["throttled"] > 0
    assert stats["creatorscout/instagram/throttled"] >= served["instagram"]["throttled"]
    assert float(client.hget(key("usage:instagram"), "blocked_until") or 0) > 0

    requests_before = served["requests_total"]
    refused = subprocess.run(cli("crawl", "instagram", "--hashtag", "brandnew", "--queue", redis_url,
                                 *get_platform("instagram").sandbox_arguments(sandbox.url)),
                             cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1, refused.stderr[-3000:]
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "30 unique hashtags" in lines[0] and "the next slot frees at" in lines[0], lines
    assert not client.exists(key("job")) and not client.exists(key("requests"))  # nothing queued
    assert sandbox.admin("stats")["requests_total"] == requests_before  # nothing fetched
