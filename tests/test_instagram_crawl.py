"""The Instagram crawl through the real CLI against a small Graph API stand-in on 127.0.0.1.

The stand-in answers the contract's paths with contract-shaped bodies and usage headers, records
every request (URL and Authorization header) and can answer with the Graph errors a crawl must
handle: a throttle (code 4) once, an invalid token (190). The sandbox helper's full world is
exercised by the lead's end-to-end test; this one pins down what the spider does with the wire.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
USER = "17841400000000001"
TOKEN = "sandbox-meta-token"
TAG_ID = "17843826142012701"

CREATORS = {  # username -> (id, media newest first); hidden likes on tom_kocht's media
    "lena.bakes": ("1001", [("p11", "Roggen with @tom_kocht #sourdough", 120), ("p12", "Brot #brot", 90),
                            ("p13", "Kurs #sourdough", 80), ("p14", "old", 5)]),
    "tom_kocht": ("1002", [("p21", "Pizza night #pizza", None), ("p22", "Sauerteig", None)]),
    "mira_ferments": ("1003", [("p31", "Kimchi #ferment", 40)]),
}
RECENT = [
    [("h1", "📷 @Lena.Bakes and @privat.person #sourdough"), ("h2", "with @tom_kocht. #sourdough")],
    [("h3", "again @lena.bakes, and @ghost_handle #sourdough")],
]
TOP = [[("h4", "outfit by @mira_ferments #sourdough")]]


class GraphStandIn(BaseHTTPRequestHandler):
    """Answers ig_hashtag_search, recent_media/top_media and Business Discovery like the contract."""

    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        state = self.server.state
        with state["lock"]:
            state["requests"].append({"path": self.path, "auth": self.headers.get("Authorization")})
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or state.get("refuse_token"):
            return self.answer(400, error(190, "Error validating access token: Session has expired", 463))
        match = re.fullmatch(r"/v\d+\.\d+/(.+)", parts.path)
        route = match.group(1) if match else ""
        if route == "ig_hashtag_search":
            return self.answer(200, {"data": [{"id": TAG_ID}] if query.get("q") == "sourdough" else []})
        if route in (f"{TAG_ID}/recent_media", f"{TAG_ID}/top_media"):
            pages = RECENT if route.endswith("recent_media") else TOP
            index = int(query.get("after", "0"))
            body: dict[str, Any] = {"data": [{"id": i, "caption": c, "comments_count": 1, "like_count": 3,
                                              "media_type": "IMAGE", "permalink": f"https://www.instagram.com/p/{i}/",
                                              "timestamp": "2026-11-20T08:15:00+0000"} for i, c in pages[index]]}
            if index + 1 < len(pages):
                body["paging"] = {"cursors": {"after": str(index + 1)},
                                  "next": f"http://127.0.0.1/{parts.path}?access_token=LEAK&after={index + 1}"}
            return self.answer(200, body)
        if route == USER:
            return self.discovery(query.get("fields", ""))
        return self.answer(400, error(100, "Unsupported get request"))

    def discovery(self, fields: str) -> None:
        state = self.server.state
        if state.get("discovery_delay"):
            time.sleep(state["discovery_delay"])
        found = re.match(r"business_discovery\.username\(([^)]*)\)", fields)
        handle = found.group(1) if found else ""
        with state["lock"]:
            throttle = handle in state["throttle_once"]
            state["throttle_once"].discard(handle)
        if throttle:
            return self.answer(400, {"error": {"message": "(#4) Application request limit reached", "type":
                                               "OAuthException", "is_transient": True, "code": 4,
                                               "fbtrace_id": "Athrottle"}}, usage=100, regain=1)
        if handle not in CREATORS:
            return self.answer(400, error(110, f"Cannot find User with username: {handle}", 2207013))
        creator_id, posts = CREATORS[handle]
        after = re.search(r"media\.after\(([^)]*)\)", fields)
        limit = int(re.search(r"limit\((\d+)\)", fields).group(1))  # type: ignore[union-attr]
        start = int(after.group(1)) if after else 0
        page = posts[start:start + limit]
        data = []
        for i, (post_id, caption, likes) in enumerate(page):
            item = {"id": post_id, "caption": caption, "comments_count": 2, "media_type": "IMAGE",
                    "media_product_type": "FEED", "permalink": f"https://www.instagram.com/p/{post_id}/",
                    "timestamp": f"2026-11-{20 - start - i:02d}T10:00:00+0000"}
            if likes is not None:
                item["like_count"] = likes
            data.append(item)
        cursors = {"before": "b"}
        if start + limit < len(posts):
            cursors["after"] = str(start + limit)
        self.answer(200, {"business_discovery": {"id": creator_id, "username": handle, "name": handle.title(),
                                                 "biography": "bio", "followers_count": 1000, "follows_count": 10,
                                                 "media_count": len(posts),
                                                 "media": {"data": data, "paging": {"cursors": cursors}}},
                          "id": USER})

    def answer(self, status: int, body: Any, usage: int = 10, regain: int = 0) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("X-App-Usage", json.dumps({"call_count": usage, "total_cputime": 1, "total_time": 1}))
        self.send_header("X-Business-Use-Case-Usage", json.dumps({USER: [{
            "type": "instagram", "call_count": usage, "total_cputime": 1, "total_time": 1,
            "estimated_time_to_regain_access": regain}]}))
        self.end_headers()
        self.wfile.write(raw)


def error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Atrace"}
    if subcode is not None:
        body["error_subcode"] = subcode
    return {"error": body}


@pytest.fixture
def graph() -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphStandIn)
    server.state = {"lock": threading.Lock(), "requests": [], "throttle_once": {"tom_kocht"}}  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def command(graph: Any, db: Path, *extra: str) -> tuple[list[str], dict[str, str]]:
    url = f"http://127.0.0.1:{graph.server_address[1]}"
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", "instagram", "--db", str(db),
           "-s", f"CREATORSCOUT_INSTAGRAM_API_URL={url}", "-s", "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1",
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE=0.2", *extra]
    env = {**os.environ, "INSTAGRAM_USER_ID": USER, "META_ACCESS_TOKEN": TOKEN, "PYTHONPATH": str(ROOT),
           "PYTHONUNBUFFERED": "1"}
    return cmd, env


def crawl(graph: Any, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd, env = command(graph, db, *extra)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def test_a_hashtag_crawl_confirms_mentions_and_keeps_the_token_on_the_wire_only(graph: Any, tmp_path: Path) -> None:
    db = tmp_path / "ig.db"
    result = crawl(graph, db, "--hashtag", "sourdough", "--max-creators", "10", "--max-posts", "3")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "comments not available on Instagram through the official API" in " ".join(result.stdout.split())
    assert rows(db, "SELECT handle, creator_id FROM creators ORDER BY handle") == [
        ("lena.bakes", "1001"), ("mira_ferments", "1003"), ("tom_kocht", "1002")]
    assert rows(db, "SELECT source, hashtag, creator_id, post_id FROM discoveries ORDER BY creator_id") == [
        ("caption_mention", "sourdough", "1001", "h1"), ("caption_mention", "sourdough", "1002", "h2"),
        ("caption_mention", "sourdough", "1003", "h4")]
    posts = dict(rows(db, "SELECT post_id, like_count FROM posts"))
    assert posts == {"p11": 120, "p12": 90, "p13": 80, "p21": None, "p22": None, "p31": 40}  # hidden: NULL
    assert rows(db, "SELECT COUNT(*) FROM comments") == [(0,)]
    paths = [r["path"] for r in graph.state["requests"]]
    lookups = [re.search(r"username\(([^)]*)\)", p).group(1) for p in paths if "business_discovery" in p]
    # One lookup per unique handle (unknown and personal ones too), the throttled one sent again.
    assert sorted(lookups) == sorted(["lena.bakes", "privat.person", "tom_kocht", "tom_kocht", "ghost_handle",
                                      "mira_ferments"])
    assert not [p for p in paths if "/comments" in urlsplit(p).path]
    assert all(r["auth"] == f"Bearer {TOKEN}" for r in graph.state["requests"])
    assert not [p for p in paths if "access_token" in p or "LEAK" in p]
    assert TOKEN not in dump(db)
    assert USER not in "".join(str(r) for r in rows(db, "SELECT * FROM instagram_hashtag_ledger"))
    assert [r[0] for r in rows(db, "SELECT hashtag FROM instagram_hashtag_ledger")] == ["sourdough"]
    stats = json.loads(rows(db, "SELECT stats FROM crawl_runs")[0][0])
    assert stats["creatorscout/instagram/skipped/not_professional"] == 2
    assert stats["creatorscout/instagram/throttle_retries"] == 1
    assert stats["creatorscout/instagram/note/comments"] == "comments not available on Instagram through the " \
                                                             "official API"

    again = crawl(graph, db, "--hashtag", "sourdough", "--max-creators", "10", "--max-posts", "3")
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(db, "SELECT COUNT(*) FROM creators") == [(3,)] and rows(db, "SELECT COUNT(*) FROM posts") == [(6,)]
    assert rows(db, "SELECT COUNT(*) FROM instagram_hashtag_ledger") == [(1,)]  # a repeat costs no slot


def test_max_creators_stops_the_search(graph: Any, tmp_path: Path) -> None:
    db = tmp_path / "ig.db"
    result = crawl(graph, db, "--hashtag", "sourdough", "--max-creators", "1", "--max-posts", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "SELECT COUNT(*) FROM creators") == [(1,)]
    paths = [r["path"] for r in graph.state["requests"]]
    assert not [p for p in paths if "top_media" in p]


def test_an_invalid_token_is_one_line(graph: Any, tmp_path: Path) -> None:
    graph.state["refuse_token"] = True
    result = crawl(graph, tmp_path / "ig.db", "--hashtag", "sourdough")
    assert result.returncode != 0
    said = " ".join(result.stderr.split())  # the log handler wraps long lines on a narrow terminal
    assert "META_ACCESS_TOKEN was refused (code 190, subcode 463): Error validating access token" in said
    assert said.count("META_ACCESS_TOKEN was refused") == 1
    assert len(graph.state["requests"]) == 1  # the crawl stopped at the first refusal
    assert "Traceback" not in result.stderr and TOKEN not in result.stderr


def test_the_hashtag_limit_refuses_the_crawl_in_one_line(graph: Any, tmp_path: Path) -> None:
    db = tmp_path / "ig.db"
    first = crawl(graph, db, "--handle", "mira_ferments")  # creates the store and its key; no hashtag searched
    assert first.returncode == 0, first.stderr[-3000:]
    assert rows(db, "SELECT COUNT(*) FROM instagram_hashtag_ledger") == [(0,)]
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO instagram_hashtag_ledger VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                         [("someone-else", f"t{i}") for i in range(30)])
    fine = crawl(graph, db, "--hashtag", "sourdough", "--max-creators", "1", "--max-posts", "1")
    assert fine.returncode == 0, fine.stderr[-3000:]  # another user's ledger is not ours
    key = rows(db, "SELECT user_fingerprint FROM instagram_hashtag_ledger WHERE hashtag = 'sourdough'")[0][0]
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO instagram_hashtag_ledger VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                         [(key, f"t{i}") for i in range(29)])
    before = len(graph.state["requests"])
    refused = crawl(graph, db, "--hashtag", "brandnew")
    assert refused.returncode != 0
    lines = [line for line in refused.stderr.splitlines() if "30 unique hashtags" in line]
    assert len(lines) == 1 and "the next slot frees at" in lines[0] and "Traceback" not in refused.stderr
    assert len(graph.state["requests"]) == before  # refused before any request


def test_a_crawl_stopped_while_looking_up_resumes_to_the_same_result(graph: Any, tmp_path: Path) -> None:
    db = tmp_path / "ig.db"
    args = ("--hashtag", "sourdough", "--max-creators", "10", "--max-posts", "3")
    graph.state["discovery_delay"] = 0.5
    cmd, env = command(graph, db, *args)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("business_discovery" in r["path"]
                                                      for r in graph.state["requests"]):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err[-2000:]
    assert rows(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    assert rows(db, "SELECT COUNT(*) FROM crawl_frontier")[0][0] > 0  # what the resume continues from
    assert TOKEN not in dump(db) and "Bearer" not in dump(db)  # neither in the frontier nor the checkpoint
    graph.state["discovery_delay"] = 0
    resumed = crawl(graph, db, *args, "--resume")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert rows(db, "SELECT handle FROM creators ORDER BY handle") == [("lena.bakes",), ("mira_ferments",),
                                                                       ("tom_kocht",)]
    assert rows(db, "SELECT COUNT(*) FROM posts") == [(6,)]
    assert rows(db, "SELECT COUNT(DISTINCT creator_id) FROM discoveries WHERE source = 'caption_mention'") == [(3,)]
    assert rows(db, "SELECT COUNT(*) FROM instagram_hashtag_ledger") == [(1,)]
    searches = [r for r in graph.state["requests"] if "ig_hashtag_search" in r["path"]]
    assert len(searches) == 1  # the resume continued; it did not search again
