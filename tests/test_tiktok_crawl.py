"""TikTok crawls through the real CLI, in a subprocess, against a small local server on 127.0.0.1.

The server answers the Research API's real paths with contract-shaped payloads (a few invented
creators) and injects faults on request: an expired token, a short-term 429, a 500, a spent
daily quota. Until the sandbox (``crawler.sandbox.tiktok_api``) joins, this is the end-to-end
check of the middleware chain: token at download time only, both quota ledgers, retries,
clean stops and ``--resume``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEY, SECRET = "local-client-key", "local-client-s3cr3t"
BIG = 7438111122223333000  # video ids above 2**53
NOW = 1764400000  # create_time of the newest videos; the crawl's --since keeps them in range

pytestmark = pytest.mark.slow


def video(vid: int, user: str, age: int, comments: int) -> dict[str, Any]:
    return {"id": vid, "username": user, "create_time": NOW - age, "video_description": f"#veganrecipes by {user}",
            "like_count": 5, "comment_count": comments, "share_count": 1, "view_count": 100,
            "hashtag_names": ["veganrecipes"]}


# The world: three creators found by #veganrecipes over two pages, one of them private.
OWN = {
    "ana.cooks": [video(BIG + 1, "ana.cooks", 0, 3), video(BIG + 2, "ana.cooks", 3600, 0)],
    "ben.bakes": [video(BIG + 3, "ben.bakes", 60, 1)],
}
HASHTAG_PAGES = [
    [OWN["ana.cooks"][0], OWN["ben.bakes"][0], OWN["ana.cooks"][1]],
    [video(BIG + 9, "cleo.private", 120, 0)],
]
COMMENTS = {BIG + 1: [{"id": BIG + 100 + i, "video_id": BIG + 1, "parent_comment_id": BIG + 1, "text": f"yum {i}",
                       "like_count": i, "create_time": NOW} for i in range(3)],
            BIG + 3: [{"id": BIG + 200, "video_id": BIG + 3, "parent_comment_id": BIG + 3, "text": "",
                       "create_time": NOW}]}
PROFILES = {"ana.cooks": {"display_name": "Ana", "follower_count": 1200, "video_count": 2, "is_verified": False},
            "ben.bakes": {"display_name": "Ben", "bio_description": "bread", "follower_count": 40}}


class World:
    """The server's state: what it answers, the faults still to inject and what it saw."""

    def __init__(self) -> None:
        self.tokens = 0
        self.faults: list[tuple[str, int, dict[str, Any], dict[str, str]]] = []  # (path part, status, body, headers)
        self.daily_quota_after: int | None = None  # research requests answered before 429 daily quota
        self.log: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def research_count(self) -> int:
        return sum(1 for e in self.log if e["path"].startswith("/v2/research/"))


def ok(data: Any) -> dict[str, Any]:
    return {"data": data, "error": {"code": "ok", "message": "", "log_id": "20261201"}}


def err(code: str, message: str) -> dict[str, Any]:
    return {"data": {}, "error": {"code": code, "message": message, "log_id": "20261201"}}


def answer(world: World, path: str, query: dict[str, list[str]], headers: Any, raw: bytes
           ) -> tuple[int, Any, dict[str, str]]:
    if path == "/v2/oauth/token/":
        form = parse_qs(raw.decode())
        if form.get("client_key") != [KEY] or form.get("client_secret") != [SECRET]:
            return 401, {"error": "invalid_client", "error_description": "Client key or secret is incorrect.",
                         "log_id": "x"}, {}
        world.tokens += 1
        return 200, {"access_token": f"clt.token{world.tokens}", "expires_in": 7200, "token_type": "Bearer"}, {}
    if not query.get("fields"):
        return 400, err("invalid_params", "fields is required"), {}
    if headers.get("Authorization") != f"Bearer clt.token{world.tokens}":
        return 401, err("access_token_invalid", "The access token is invalid or not found in the request."), {}
    for index, (part, status, body, extra) in enumerate(world.faults):
        if part in path:
            del world.faults[index]
            return status, body, extra
    if world.daily_quota_after is not None and world.research_count() > world.daily_quota_after:
        return 429, err("daily_quota_limit_exceeded", "Daily request quota exceeded."), {}
    body = json.loads(raw)
    if path == "/v2/research/user/info/":
        name = body["username"]
        if name not in PROFILES:
            return 400, err("invalid_params", "API cannot return this user's information"), {}
        return 200, ok(PROFILES[name]), {}
    if path == "/v2/research/video/comment/list/":
        cursor, count = body.get("cursor", 0), body["max_count"]
        if cursor + count > 1000 or not isinstance(body["video_id"], int):
            return 400, err("invalid_params", "Invalid count or cursor"), {}
        found = COMMENTS.get(body["video_id"], [])
        page = found[cursor:cursor + count]
        return 200, ok({"comments": page, "cursor": cursor + len(page), "has_more": cursor + count < len(found)}), {}
    if path == "/v2/research/video/query/":
        condition = body["query"]["and"][0]
        if condition["field_name"] == "username":
            rows = [v for v in OWN.get(condition["field_values"][0], []) if in_window(v, body)]
            return 200, ok({"videos": rows[:body["max_count"]], "cursor": len(rows), "has_more": False,
                            "search_id": "s-own"}), {}
        page = int(body.get("cursor", 0) or 0) // 100
        if page >= len(HASHTAG_PAGES) or not in_window(HASHTAG_PAGES[0][0], body):
            return 200, ok({"videos": [], "cursor": 0, "has_more": False, "search_id": "s-tag"}), {}
        return 200, ok({"videos": HASHTAG_PAGES[page], "cursor": (page + 1) * 100,
                        "has_more": page + 1 < len(HASHTAG_PAGES), "search_id": "s-tag"}), {}
    return 404, err("invalid_params", "unknown path"), {}


def in_window(row: dict[str, Any], body: dict[str, Any]) -> bool:
    day = datetime.fromtimestamp(row["create_time"], UTC).strftime("%Y%m%d")
    return body["start_date"] <= day <= body["end_date"]


def make_handler(world: World) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Scrapy expects

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = urlsplit(self.path)
            with world.lock:
                world.log.append({"path": parts.path, "auth": self.headers.get("Authorization"),
                                  "body": raw.decode("utf-8", "replace")})
                status, body, extra = answer(world, parts.path, parse_qs(parts.query), self.headers, raw)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, World]]:
    world = World()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(world))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", world
    finally:
        httpd.shutdown()
        httpd.server_close()


def crawl(url: str, db: Path, *extra: str, secret: str = SECRET) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "vetting.cli", "crawl", "tiktok", "--hashtag", "veganrecipes", "--since", "2025-11-01",
           "--max-creators", "10", "--max-posts", "5", "--max-comments", "10", "--db", str(db),
           "-s", f"CREATORSCOUT_TIKTOK_API_URL={url}", "-s", "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1",
           "-s", "AUTOTHROTTLE_ENABLED=False", *extra]
    env = {**os.environ, "TIKTOK_CLIENT_KEY": KEY, "TIKTOK_CLIENT_SECRET": secret, "PYTHONPATH": str(ROOT),
           "COLUMNS": "400"}  # one log line stays one line
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


ALL_POSTS = {str(v["id"]) for rows_ in OWN.values() for v in rows_}
ALL_COMMENTS = {str(c["id"]) for found in COMMENTS.values() for c in found}


def test_a_crawl_through_faults_stores_everything_once_and_keeps_secrets_out(server, tmp_path) -> None:
    url, world = server
    world.faults = [("/video/query/", 429, err("rate_limit_exceeded", "The API rate limit was exceeded."),
                     {"Retry-After": "0"}),
                    ("/user/info/", 500, err("internal_error", "Something went wrong. Please try again later."), {})]
    world.tokens = 0
    db = tmp_path / "t.db"
    result = crawl(url, db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(rows(db, "SELECT creator_id FROM creators")) == {("ana.cooks",), ("ben.bakes",)}
    assert {r[0] for r in rows(db, "SELECT post_id FROM posts")} == ALL_POSTS  # exact 19-digit ids
    assert {r[0] for r in rows(db, "SELECT comment_id FROM comments")} == ALL_COMMENTS
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE author_key IS NOT NULL OR author_handle IS NOT NULL") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE parent_comment_id IS NOT NULL") == [(0,)]
    assert set(rows(db, "SELECT hashtag, creator_id FROM discoveries")) == {("veganrecipes", "ana.cooks"),
                                                                          ("veganrecipes", "ben.bakes")}
    run = dict(zip(("status", "stats"), rows(db, "SELECT status, stats FROM crawl_runs")[-1], strict=True))
    stats = json.loads(run["stats"])
    assert run["status"] == "finished"
    assert stats["creatorscout/tiktok/skipped/private_or_deleted"] == 1
    assert stats["creatorscout/ratelimit/429"] == 1 and stats["retry/count"] == 2
    # The token: asked for once, sent on every research call, never in the store.
    research = [e for e in world.log if e["path"].startswith("/v2/research/")]
    assert world.tokens == 1 and all(e["auth"] == "Bearer clt.token1" for e in research)
    text = dump(db)
    for secret in (SECRET, "clt.token1"):
        assert secret not in text and secret not in result.stderr
    # Both ledgers: every research request sent (retries too), and its max_count in records.
    records = sum(json.loads(e["body"]).get("max_count", 1) for e in research)
    assert set(rows(db, "SELECT platform, units FROM quota_ledger")) == {("tiktok", len(research)),
                                                                       ("tiktok_records", records)}
    # A rerun duplicates nothing.
    again = crawl(url, db)
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(db, "SELECT COUNT(*) FROM posts") == [(len(ALL_POSTS),)]
    assert rows(db, "SELECT COUNT(*) FROM comments") == [(len(ALL_COMMENTS),)]


def test_an_expired_token_is_renewed_and_nothing_is_lost(server, tmp_path) -> None:
    url, world = server
    world.faults = [("/user/info/", 401, err("access_token_invalid", "The access token is invalid or not found in "
                                                                     "the request."), {})]
    db = tmp_path / "t.db"
    result = crawl(url, db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert world.tokens == 2
    assert {r[0] for r in rows(db, "SELECT post_id FROM posts")} == ALL_POSTS


def test_refusals_are_one_line(server, tmp_path) -> None:
    url, world = server
    result = crawl(url, tmp_path / "t.db", secret="wrong")
    assert result.returncode != 0
    assert "TikTok refused the client credentials (invalid_client" in result.stderr
    assert "TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET" in result.stderr and "Traceback" not in result.stderr
    world.faults = [("/video/query/", 401, err("scope_not_authorized", "The client is not approved for the Research "
                                                                       "API."), {})]
    result = crawl(url, tmp_path / "t2.db")
    assert "the Research API needs an approved research client" in result.stderr and "Traceback" not in result.stderr


def test_the_daily_quota_stops_cleanly_and_resume_continues(server, tmp_path) -> None:
    url, world = server
    db = tmp_path / "t.db"
    # Our own ledger first: a budget of 3 requests stops before the fourth is sent.
    result = crawl(url, db, "--quota", "3")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "quota budget" in result.stderr
    assert world.research_count() == 3
    assert rows(db, "SELECT status FROM crawl_runs") == [("stopped_quota",)]
    kept = dump(db)
    assert "/v2/research/" in kept  # the rest waits in the checkpoint, its POST bodies too ...
    assert SECRET not in kept and "clt.token" not in kept  # ... without the secret or the token
    # The platform's own 429 daily_quota_limit_exceeded: the resumed crawl stops again, cleanly.
    world.daily_quota_after = 4
    result = crawl(url, db, "--resume")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "daily Research API quota is spent" in result.stderr
    # Next day (the server's quota back): --resume finishes, nothing fetched twice is stored twice.
    world.daily_quota_after = None
    result = crawl(url, db, "--resume")
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "SELECT status FROM crawl_runs") == [("finished",)]
    assert {r[0] for r in rows(db, "SELECT post_id FROM posts")} == ALL_POSTS
    assert {r[0] for r in rows(db, "SELECT comment_id FROM comments")} == ALL_COMMENTS
    # The records ledger stops a crawl too.
    result = crawl(url, tmp_path / "r.db", "--record-quota", "150")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "150 records per day" in result.stderr
