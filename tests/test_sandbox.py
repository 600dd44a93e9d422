"""The sandbox platform server: world determinism, payload shapes, paging, limits and faults."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.sandbox import FaultConfig, RateLimitConfig, SandboxServer, generate_world, write_ground_truth
from crawler.sandbox.mastodon_api import mastodon_html
from crawler.sandbox.world import KINDS, World

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples"
KEY = "sandbox-key"


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def fetch_json(url: str) -> Any:
    status, _, body = fetch(url)
    assert status == 200, (url, status, body[:200])
    return json.loads(body)


def next_link(headers: dict[str, str]) -> str | None:
    for part in headers.get("link", "").split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=7)


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[SandboxServer]:
    with SandboxServer(world, rate_limit=RateLimitConfig(enabled=False)) as srv:
        yield srv


# -- world ----------------------------------------------------------------------------------------


def test_same_seed_same_world_and_different_seed_differs() -> None:
    a = generate_world(seed=3, creators=12, posts_per_creator=4, comments_per_post=5)
    b = generate_world(seed=3, creators=12, posts_per_creator=4, comments_per_post=5)
    c = generate_world(seed=4, creators=12, posts_per_creator=4, comments_per_post=5)
    truth_a = json.dumps(a.ground_truth(), sort_keys=True)
    assert truth_a == json.dumps(b.ground_truth(), sort_keys=True)
    assert truth_a != json.dumps(c.ground_truth(), sort_keys=True)


def test_tiers_are_mostly_nano_and_micro_with_log_spread(world: World) -> None:
    tiers = Counter(c.tier for c in world.creators)
    assert tiers["nano"] + tiers["micro"] > len(world.creators) / 2
    followers = sorted(c.followers[0] for c in world.creators)
    assert followers[0] < 1_000 and followers[-1] > 100_000


def test_every_planted_kind_has_several_creators(world: World) -> None:
    counts = world.kind_counts()
    assert set(counts) == set(KINDS)
    for kind, count in counts.items():
        assert count >= 2, (kind, count)
    assert counts["clean"] > len(world.creators) / 2
    reasons = {c.opt_out_reason for c in world.creators if c.opt_out_reason}
    assert len(reasons) == 4


def test_comment_labels_follow_planted_kinds(world: World) -> None:
    def bot_share(kind: str) -> float:
        labels = Counter(
            c.label
            for creator in world.creators
            if kind in creator.kinds
            for seq in creator.post_seqs
            for c in world.comments(world.posts[seq])
        )
        return labels["bot_like"] / max(1, sum(labels.values()))

    assert 0.35 <= bot_share("bot_heavy") <= 0.75
    assert bot_share("clean") < 0.1
    languages = Counter(r["language"] for r in world.iter_comment_records())
    assert {"de", "en", "fr", "es", "it", "nl"} <= set(languages)
    assert languages["de"] > languages["fr"]


def test_comment_totals_and_advance(world: World) -> None:
    small = generate_world(
        seed=5, creators=10, posts_per_creator=6, comments_per_post=10, platforms=("mastodon",)
    )
    assert sum(len(small.comments(p)) for p in small.posts) == 10 * 6 * 10
    spikers = [c for c in small.creators if "growth_spike" in c.kinds]
    before = len(small.visible_posts())
    small.advance()
    assert small.epoch == 1 and len(small.visible_posts()) > before
    for creator in small.creators:
        growth = creator.followers[1] / creator.followers[0]
        assert (growth >= 1.6) == (creator in spikers), (creator.kinds, growth)


def test_ground_truth_file_with_jsonl_comments(tmp_path: Path) -> None:
    small = generate_world(seed=2, creators=6, posts_per_creator=3, comments_per_post=4)
    path = write_ground_truth(small, tmp_path / "truth.json", comments="jsonl")
    truth = json.loads(path.read_text())
    lines = (tmp_path / truth["comments_file"]).read_text().splitlines()
    assert len(lines) == sum(len(p["comment_ids"]) for p in truth["posts"])
    record = json.loads(lines[0])
    assert record["label"] in ("bot_like", "generic", "genuine")
    assert {"platform", "creator_id", "tier", "kinds", "followers_by_epoch", "discoverable_by"} <= set(
        truth["creators"][0]
    )


def test_mastodon_html_escapes_user_text() -> None:
    html = mastodon_html(
        "<script>alert(1)</script> #Vegan @anna", "http://h", {"anna": ("http://h/@anna", "anna")}
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert '<a href="http://h/tags/vegan" class="mention hashtag" rel="tag">#<span>Vegan</span></a>' in html
    assert 'class="u-url mention">@<span>anna</span></a></span>' in html


def test_big_world_generates_quickly() -> None:
    start = time.perf_counter()
    big = generate_world(creators=1000, posts_per_creator=20, comments_per_post=20, platforms=("mastodon",))
    elapsed = time.perf_counter() - start
    assert sum(p.n_comments for p in big.posts) == 400_000
    assert elapsed < 10, elapsed


# -- Mastodon over HTTP -------------------------------------------------------------------------


def test_tag_timeline_link_paging_visits_each_status_once(server: SandboxServer, world: World) -> None:
    url: str | None = f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=40"
    seen: list[str] = []
    while url:
        assert urlsplit(url).hostname == "127.0.0.1"
        status, headers, body = fetch(url)
        assert status == 200
        page = json.loads(body)
        seen += [s["id"] for s in page]
        url = next_link(headers)
    expected = [p.post_id for p in world.tagged_posts("mastodon", "veganrecipes")]
    assert seen == expected and len(set(seen)) == len(seen)
    assert fetch_json(f"{server.base_url}/api/v1/timelines/tag/nosuchtag") == []


def test_min_id_and_since_id_paging(server: SandboxServer, world: World) -> None:
    ids = [p.post_id for p in world.tagged_posts("mastodon", "plantbased")]
    base = f"{server.base_url}/api/v1/timelines/tag/plantbased"
    newer = fetch_json(f"{base}?min_id={ids[10]}&limit=3")
    assert [s["id"] for s in newer] == ids[7:10]
    since = fetch_json(f"{base}?since_id={ids[10]}&limit=3")
    assert [s["id"] for s in since] == ids[0:3]


def test_context_descendants_match_replies_count(server: SandboxServer, world: World) -> None:
    statuses = fetch_json(f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=40")
    checked = 0
    for status in statuses:
        post = world.post_by_id("mastodon", status["id"])
        context = fetch_json(f"{server.base_url}/api/v1/statuses/{status['id']}/context")
        direct = [d for d in context["descendants"] if d["in_reply_to_id"] == status["id"]]
        assert len(context["descendants"]) == len(world.comments(post))
        if post.hidden_extra == 0:
            assert len(direct) == status["replies_count"]
        else:  # planted mismatch: metadata counts replies the API does not show
            assert status["replies_count"] == len(direct) + post.hidden_extra
        checked += 1
    assert checked >= 20


def test_account_statuses_and_404(server: SandboxServer, world: World) -> None:
    creator = next(c for c in world.creators if c.platform == "mastodon" and len(c.post_seqs) > 12)
    url: str | None = (
        f"{server.base_url}/api/v1/accounts/{creator.mastodon_id}/statuses"
        "?limit=5&exclude_reblogs=true&exclude_replies=true"
    )
    ids = []
    while url:
        status, headers, body = fetch(url)
        page = json.loads(body)
        assert all(s["reblog"] is None and s["in_reply_to_id"] is None for s in page)
        ids += [s["id"] for s in page]
        url = next_link(headers)
    assert len(ids) == sum(1 for s in creator.post_seqs if world.posts[s].reblog_of is None)
    status, _, body = fetch(f"{server.base_url}/api/v1/accounts/123")
    assert status == 404 and json.loads(body) == {"error": "Record not found"}


def test_opt_out_and_bot_accounts_are_visible_in_payloads(server: SandboxServer, world: World) -> None:
    for creator in world.creators:
        if creator.platform != "mastodon" or not ({"opt_out", "bot_account"} & creator.kinds):
            continue
        account = fetch_json(f"{server.base_url}/api/v1/accounts/{creator.mastodon_id}")
        if "bot_account" in creator.kinds:
            assert account["bot"] is True
        if creator.opt_out_reason:
            flagged = (
                account["discoverable"] is False
                or account["indexable"] is False
                or account["noindex"] is True
                or "#<span>nobot</span>" in account["note"]
            )
            assert flagged, creator.opt_out_reason


# -- YouTube over HTTP --------------------------------------------------------------------------


def yt(server: SandboxServer, resource: str, **params: str) -> tuple[int, dict[str, str], Any]:
    query = "&".join(f"{k}={urllib.request.quote(str(v))}" for k, v in {"key": KEY, **params}.items())
    status, headers, body = fetch(f"{server.base_url}/youtube/v3/{resource}?{query}")
    return status, headers, json.loads(body)


def test_youtube_search_tokens_cover_all_results(server: SandboxServer, world: World) -> None:
    seen: list[str] = []
    token = None
    while True:
        params = {"part": "snippet", "q": "#veganrecipes", "type": "video", "maxResults": "50"}
        if token:
            params["pageToken"] = token
        status, _, body = yt(server, "search", **params)
        assert status == 200 and body["kind"] == "youtube#searchListResponse"
        seen += [item["id"]["videoId"] for item in body["items"]]
        token = body.get("nextPageToken")
        if not token:
            break
    assert seen == [p.post_id for p in world.tagged_posts("youtube", "veganrecipes")]
    assert body["pageInfo"]["totalResults"] == len(seen)


def test_youtube_uploads_playlist_lists_every_video_newest_first(server: SandboxServer, world: World) -> None:
    creator = next(c for c in world.creators if c.platform == "youtube" and len(world.creator_posts(c)) >= 3)
    status, _, body = yt(server, "channels", part="contentDetails", id=creator.channel_id)
    playlist = body["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
    seen: list[tuple[str, str]] = []
    token = None
    while True:
        params = {"part": "contentDetails,snippet", "playlistId": playlist, "maxResults": "2"}
        if token:
            params["pageToken"] = token
        status, _, body = yt(server, "playlistItems", **params)
        assert status == 200 and body["kind"] == "youtube#playlistItemListResponse"
        for item in body["items"]:
            assert item["kind"] == "youtube#playlistItem" and item["snippet"]["playlistId"] == playlist
            assert item["snippet"]["resourceId"]["videoId"] == item["contentDetails"]["videoId"]
            seen.append((item["contentDetails"]["videoPublishedAt"], item["contentDetails"]["videoId"]))
        token = body.get("nextPageToken")
        if not token:
            break
    assert [v for _, v in seen] == [p.post_id for p in world.creator_posts(creator)]
    assert seen == sorted(seen, reverse=True)
    status, _, body = yt(server, "playlistItems", part="contentDetails", playlistId="UU" + "x" * 22)
    assert status == 404 and body["error"]["errors"][0]["reason"] == "playlistNotFound"
    status, _, body = yt(server, "playlistItems", part="contentDetails")
    assert status == 400 and body["error"]["errors"][0]["reason"] == "missingRequiredParameter"


def test_youtube_counts_match_comment_threads(server: SandboxServer, world: World) -> None:
    videos = [p for p in world.visible_posts("youtube") if p.n_comments and not p.hidden_extra][:15]
    _, _, listing = yt(server, "videos", part="snippet,statistics", id=",".join(p.post_id for p in videos))
    for item in listing["items"]:
        threads, token = [], None
        while True:
            params = {"part": "snippet,replies", "videoId": item["id"], "maxResults": "7"}
            if token:
                params["pageToken"] = token
            status, _, body = yt(server, "commentThreads", **params)
            assert status == 200
            threads += body["items"]
            token = body.get("nextPageToken")
            if not token:
                break
        total = sum(1 + t["snippet"]["totalReplyCount"] for t in threads)
        assert str(total) == item["statistics"]["commentCount"]
        for thread in threads:
            replies = thread.get("replies", {}).get("comments", [])
            assert len(replies) == min(5, thread["snippet"]["totalReplyCount"])
            assert all(r["snippet"]["parentId"] == thread["id"] for r in replies)


def test_youtube_hidden_counts_and_comments_disabled(server: SandboxServer, world: World) -> None:
    hidden = [c for c in world.creators if "hidden_counts" in c.kinds]
    assert hidden
    ids = ",".join(c.channel_id for c in hidden)
    _, _, body = yt(server, "channels", part="snippet,statistics", id=ids)
    for item in body["items"]:
        stats = item["statistics"]
        assert stats["hiddenSubscriberCount"] == ("subscriberCount" not in stats)
        assert item["snippet"]["customUrl"].startswith("@")
    disabled = next(p for p in world.visible_posts("youtube") if p.comments_disabled)
    status, _, body = yt(server, "commentThreads", part="snippet", videoId=disabled.post_id)
    assert status == 403 and body["error"]["errors"][0]["reason"] == "commentsDisabled"
    assert body["error"]["errors"][0]["domain"] == "youtube.commentThread"
    status, _, body = yt(server, "commentThreads", part="snippet", videoId="AAAAAAAAAAA")
    assert status == 404 and body["error"]["errors"][0]["reason"] == "videoNotFound"


def test_youtube_key_and_quota(world: World) -> None:
    with SandboxServer(world, youtube_quota=250) as srv:
        status, _, body = fetch(f"{srv.base_url}/youtube/v3/videos?part=snippet&id=x")
        assert status == 400 and body and json.loads(body)["error"]["errors"][0]["reason"] == "keyInvalid"
        status, _, body = fetch(f"{srv.base_url}/youtube/v3/videos?part=snippet&id=x&key=wrong")
        assert status == 400
        statuses = [yt(srv, "search", part="snippet", q="plantbased")[0] for _ in range(3)]
        assert statuses == [200, 200, 403]
        _, _, body = yt(srv, "search", part="snippet", q="plantbased")
        assert body["error"]["errors"][0]["reason"] == "quotaExceeded"
        assert body["error"]["errors"][0]["domain"] == "youtube.quota"
        assert yt(srv, "videos", part="snippet", id="x")[0] == 200  # 1 unit still fits
        assert srv.stats()["youtube_quota_used"][KEY] == 201


# -- limits and faults --------------------------------------------------------------------------


def test_mastodon_rate_limit_counts_down_then_429s(world: World) -> None:
    with SandboxServer(world, rate_limit=RateLimitConfig(limit=5, window_seconds=2)) as srv:
        url = f"{srv.base_url}/api/v1/timelines/tag/veganrecipes?limit=1"
        # Start at the beginning of a fresh window so the budget does not reset mid-test.
        time.sleep(2 - time.time() % 2 + 0.05)
        remaining = []
        for _ in range(6):
            status, headers, body = fetch(url)
            remaining.append((status, headers["x-ratelimit-remaining"]))
            assert headers["x-ratelimit-reset"].endswith("Z")
        assert remaining == [(200, "4"), (200, "3"), (200, "2"), (200, "1"), (200, "0"), (429, "0")]
        assert json.loads(body) == {"error": "Too many requests"}
        assert srv.stats()["rate_limited_429"] == 1
        time.sleep(2.1)
        assert fetch(url)[0] == 200


@pytest.mark.parametrize("kind", ["429", "500", "slow", "malformed"])
def test_faults_are_transient(world: World, kind: str) -> None:
    faults = FaultConfig.from_dict({kind: 1.0, "slow_seconds": 0.2})
    with SandboxServer(world, faults=faults, rate_limit=RateLimitConfig(enabled=False)) as srv:
        for url in (
            f"{srv.base_url}/api/v1/timelines/tag/veganrecipes?limit=2",
            f"{srv.base_url}/youtube/v3/search?part=snippet&q=veganrecipes&key={KEY}",
        ):
            start = time.perf_counter()
            status, headers, body = fetch(url)
            first_took = time.perf_counter() - start
            if kind == "429":
                assert status == 429
                assert (
                    headers.get("retry-after")
                    or headers.get("x-ratelimit-reset")
                    or headers.get("ratelimit-reset")
                )
            elif kind == "500":
                assert status in (500, 502, 503)
            elif kind == "slow":
                assert status == 200 and first_took >= 0.2
            else:
                assert status == 200
                with pytest.raises(ValueError):
                    json.loads(body)
            status, _, body = fetch(url)
            assert status == 200 and json.loads(body) is not None
        assert srv.stats()["faults_injected"][kind] == 2


def test_faults_switch_at_runtime_and_stats(world: World) -> None:
    with SandboxServer(world, rate_limit=RateLimitConfig(enabled=False)) as srv:
        url = f"{srv.base_url}/api/v1/timelines/tag/plantbased?limit=3"
        assert fetch(url)[0] == 200
        status, _, body = fetch(f"{srv.base_url}/__sandbox__/faults", data=b'{"rate_500": 1.0}')
        assert status == 200 and json.loads(body)["rate_500"] == 1.0
        assert fetch(url)[0] in (500, 502, 503)
        assert fetch(url)[0] == 200
        stats = fetch_json(f"{srv.base_url}/__sandbox__/stats")
        assert stats["requests_total"] == 3 and stats["by_kind"]["mastodon.tag_timeline"] == 2
        assert fetch(f"{srv.base_url}/__sandbox__/faults", data=b'{"bogus": 1}')[0] == 400


def test_advance_endpoint_changes_followers() -> None:
    small = generate_world(
        seed=9, creators=20, posts_per_creator=3, comments_per_post=2, platforms=("mastodon",)
    )
    creator = small.creators[0]
    with SandboxServer(small, rate_limit=RateLimitConfig(enabled=False)) as srv:
        url = f"{srv.base_url}/api/v1/accounts/{creator.mastodon_id}"
        before = fetch_json(url)["followers_count"]
        status, _, body = fetch(f"{srv.base_url}/__sandbox__/advance", data=b"{}")
        assert status == 200 and json.loads(body) == {"epoch": 1}
        assert fetch_json(url)["followers_count"] == creator.followers[1] != before
        truth = fetch_json(f"{srv.base_url}/__sandbox__/ground-truth")
        assert truth["epoch"] == 1 and len(truth["creators"][0]["followers_by_epoch"]) == 2
        assert fetch(f"{srv.base_url}/robots.txt")[0] == 200


def test_expected_min_requests_counts(world: World) -> None:
    expected = world.expected_min_requests("mastodon", ["veganrecipes"])
    tagged = world.tagged_posts("mastodon", "veganrecipes")
    assert expected["tag_timeline_pages"] == math.ceil(len(tagged) / 40)
    eligible = {p.creator for p in tagged if world.creators[p.creator].opt_out_reason is None}
    assert expected["account_fetches"] == len(eligible)
    limited = world.expected_min_requests("youtube", max_creators=3)
    assert limited["creators"] == 3 and limited["channels_list_requests"] == 1


# -- entry point --------------------------------------------------------------------------------


def test_entry_point_prints_url_and_exits_on_sigterm(tmp_path: Path) -> None:
    truth = tmp_path / "gt.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.sandbox", "serve", "--creators", "8", "--posts", "3",
         "--comments", "3", "--ground-truth", str(truth), "--fault", "500=0.0"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("SANDBOX_URL=http://127.0.0.1:")
        base = line.split("=", 1)[1]
        assert fetch(f"{base}/api/v1/timelines/tag/veganrecipes")[0] == 200
        assert json.loads(truth.read_text())["params"]["creators"] == 8
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


# -- shapes against the recorded samples --------------------------------------------------------


def _sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return json.loads(path.read_text())


def _keys(obj: dict[str, Any]) -> set[str]:
    return set(obj)


def test_mastodon_shapes_superset_of_samples(server: SandboxServer, world: World) -> None:
    statuses = fetch_json(f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=5")
    ours = statuses[0]
    for name in (
        "mastodon/timelines_tag__hoot__localhost.json",
        "mastodon/statuses_get__fosstodon.org__anonymous.json",
    ):
        sample = _sample(name)
        sample = sample[0] if isinstance(sample, list) else sample
        assert _keys(sample) <= _keys(ours), _keys(sample) - _keys(ours)
        assert _keys(sample["account"]) <= _keys(ours["account"]), _keys(sample["account"]) - _keys(
            ours["account"]
        )
    account = fetch_json(f"{server.base_url}/api/v1/accounts/{ours['account']['id']}")
    for name in ("mastodon/accounts_get__fosstodon.org.json", "mastodon/accounts_lookup__localhost.json"):
        assert _keys(_sample(name)) <= _keys(account)
    context = fetch_json(f"{server.base_url}/api/v1/statuses/{ours['id']}/context")
    assert _keys(_sample("mastodon/statuses_context__fosstodon.org.json")) == _keys(context)


def test_youtube_shapes_superset_of_samples(server: SandboxServer, world: World) -> None:
    # Not requested parts, fields the API dropped (dislikeCount, channel commentCount), paging tokens
    # that depend on the page, and defaultLanguage, which only videos with a set language carry.
    optional = {"dislikeCount", "commentCount", "prevPageToken", "nextPageToken", "player", "contentDetails"}
    optional |= {"status", "brandingSettings", "defaultLanguage"}

    def check(ours: dict[str, Any], sample: dict[str, Any], path: str = "") -> None:
        missing = _keys(sample) - _keys(ours) - optional
        assert not missing, (path, missing)

    _, _, search = yt(server, "search", part="snippet", q="veganrecipes", maxResults="3")
    sample = _sample("youtube/search_list__keywords__page1.json")
    check(search, sample)
    check(search["items"][0], sample["items"][0], "search.item")
    check(search["items"][0]["snippet"], sample["items"][0]["snippet"], "search.snippet")
    video = next(
        p
        for p in world.visible_posts("youtube")
        if p.n_comments and not world.creators[p.creator].hidden_likes
    )
    _, _, videos = yt(server, "videos", part="snippet,statistics", id=video.post_id)
    sample = _sample("youtube/videos_list__snippet_statistics.json")
    check(videos, sample)
    check(videos["items"][0]["snippet"], sample["items"][0]["snippet"], "video.snippet")
    check(videos["items"][0]["statistics"], sample["items"][0]["statistics"], "video.statistics")
    creator = world.creators[video.creator]
    _, _, channels = yt(server, "channels", part="snippet,statistics", id=creator.channel_id)
    sample = _sample("youtube/channels_list__statistics.json")
    check(channels, sample)
    check(
        channels["items"][0]["snippet"],
        {k: v for k, v in sample["items"][0]["snippet"].items() if k != "country"},
    )
    _, _, threads = yt(
        server, "commentThreads", part="snippet,replies", videoId=video.post_id, maxResults="2"
    )
    sample = _sample("youtube/commentThreads_list__videoId__page1.json")
    check(threads, sample)
    check(threads["items"][0]["snippet"], sample["items"][0]["snippet"], "thread.snippet")
    top, top_sample = (
        threads["items"][0]["snippet"]["topLevelComment"],
        sample["items"][0]["snippet"]["topLevelComment"],
    )
    check(top["snippet"], top_sample["snippet"], "comment.snippet")
    assert isinstance(top["snippet"]["likeCount"], int)
    assert all(isinstance(v, str) for k, v in videos["items"][0]["statistics"].items())


def test_youtube_key_in_header_is_accepted(server: SandboxServer) -> None:
    url = f"{server.base_url}/youtube/v3/videos?part=snippet&id=none"
    request = urllib.request.Request(url, headers={"X-Goog-Api-Key": KEY})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    bad = urllib.request.Request(url, headers={"X-Goog-Api-Key": "wrong"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(bad)
    assert info.value.code == 400
