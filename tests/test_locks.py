"""One crawl per (platform, arguments, database); runs whose process is gone are interrupted;
the project settings keep remote-code endpoints off; quota days are Pacific days."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list

from crawler.locks import CrawlLock, CrawlLocked, crawl_key, lock_path, mark_dead_runs
from crawler.storage import Store
from crawler.timeutil import pacific_day
from vetting.cli import cli
from vetting.cli.crawl import progress_line

ROOT = Path(__file__).resolve().parents[1]


def test_crawl_key_names_platform_arguments_and_database(tmp_path):
    args = {"hashtag": ["vegan"], "max_creators": 50}
    key = crawl_key(tmp_path / "a.db", "mastodon", args)
    assert key == crawl_key(tmp_path / "a.db", "mastodon", dict(reversed(list(args.items()))))
    assert key != crawl_key(tmp_path / "b.db", "mastodon", args)  # another database
    assert key != crawl_key(tmp_path / "a.db", "youtube", args)
    assert key != crawl_key(tmp_path / "a.db", "mastodon", {**args, "max_creators": 51})


def test_a_held_lock_refuses_a_second_holder_and_names_the_first(tmp_path):
    path = lock_path(tmp_path / "x.db", "mastodon", "k")
    held = rf"already running on this database \(PID {os.getpid()}, since"
    with CrawlLock(path), pytest.raises(CrawlLocked, match=held):
        CrawlLock(path).acquire()
    with CrawlLock(path):  # released: free again
        pass


def test_the_lock_of_a_killed_process_is_taken_over(tmp_path):
    path = lock_path(tmp_path / "x.db", "mastodon", "k")
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from crawler.locks import CrawlLock
        CrawlLock(Path({str(path)!r})).acquire()
        print("held", flush=True)
        time.sleep(60)
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(CrawlLocked, match=f"PID {holder.pid}"):
            CrawlLock(path).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with CrawlLock(path):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_the_cli_exits_at_once_when_the_same_crawl_runs(tmp_path, monkeypatch):
    db = tmp_path / "x.db"
    arguments = {"max_creators": 50, "max_posts": 20, "max_comments": 100, "since": None, "hashtag": ["vegan"],
                 "base_url": "https://m.example"}
    monkeypatch.setenv("CREATORSCOUT_MASTODON_INSTANCE", "https://m.example")
    with CrawlLock(lock_path(db, "mastodon", crawl_key(db, "mastodon", arguments))):
        result = CliRunner().invoke(cli, ["crawl", "mastodon", "--hashtag", "vegan", "--db", str(db)])
    assert result.exit_code == 75, result.output
    assert "already running on this database" in result.output and "Traceback" not in result.output


def test_runs_whose_process_is_gone_are_interrupted(tmp_path):
    store = Store.open(tmp_path / "r.db")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = os.uname().nodename
    gone = store.start_crawl_run("mastodon", "mastodon", {}, pid=int(dead.stdout), host=host)
    alive = store.start_crawl_run("mastodon", "mastodon", {}, pid=os.getpid(), host=host)
    elsewhere = store.start_crawl_run("mastodon", "mastodon", {}, pid=int(dead.stdout), host="another-machine")
    ours = store.start_crawl_run("youtube", "youtube", {}, job_key="k", pid=os.getpid() + 1_000_000, host=host)
    assert set(mark_dead_runs(store, held_key="k")) == {gone, ours}
    statuses = {r["id"]: r["status"] for r in store.last_crawl_runs(10)}
    assert statuses == {gone: "interrupted", alive: "running", elsewhere: "running", ours: "interrupted"}
    store.close()


def test_remote_code_endpoints_stay_off():
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    enabled = build_component_list(settings.getwithbase("EXTENSIONS"))  # what the extension manager loads
    assert "scrapy.extensions.corestats.CoreStats" in enabled
    for off in ("remote_control.RemoteControl", "telnet.TelnetConsole", "spiderstate.SpiderState"):
        assert f"scrapy.extensions.{off}" not in enabled


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2026, 1, 15, 7, 59, tzinfo=UTC), "2026-01-14"),  # PST: midnight is 08:00 UTC
        (datetime(2026, 1, 15, 8, 0, tzinfo=UTC), "2026-01-15"),
        (datetime(2026, 7, 15, 6, 59, tzinfo=UTC), "2026-07-14"),  # PDT: midnight is 07:00 UTC
        (datetime(2026, 7, 15, 7, 0, tzinfo=UTC), "2026-07-15"),
    ],
)
def test_quota_days_are_pacific_days(utc, day):
    assert pacific_day(utc) == day


def test_progress_line_shows_the_wait_in_progress_and_the_time_waited():
    stats = {"creatorscout/stored/creators": 3, "downloader/request_count": 40, "creatorscout/wait/seconds": 75.0,
             "creatorscout/wait/current": {"until": 1094.0, "why": "for m.example's rate-limit window: 0 of 300 left"}}
    line = progress_line("mastodon", stats, elapsed=130, now=1000.0)
    assert "creators 3" in line and "requests 40" in line and "2m10s (waited 1m15s)" in line
    assert line.endswith("| waiting 94 s for m.example's rate-limit window: 0 of 300 left")
    assert "waiting" not in progress_line("mastodon", stats, elapsed=130, now=1100.0)
