"""`python -m crawler.sandbox serve` prints the exact commands that crawl and vet it by hand; they work."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sandbox.__main__ import crawl_commands

ROOT = Path(__file__).resolve().parents[1]
CLI = f"{shlex.quote(sys.executable)} -c 'from vetting.cli import main; main()'"


def test_crawl_commands_name_url_key_allow_list_and_clock() -> None:
    lines = crawl_commands("http://127.0.0.1:8123", hashtags=["veganrecipes"], platforms=["youtube"], creators=9,
                           youtube_key="k 1", clock="2026-06-08T12:00:00Z", rate_limit=None, db="my db.db")
    commands = [line for line in lines if not line.startswith("#")]
    assert commands == [
        "CREATORSCOUT_ALLOWED_HOSTS=127.0.0.1:8123 YOUTUBE_API_KEY='k 1' "
        "CREATORSCOUT_YOUTUBE_API_URL=http://127.0.0.1:8123/youtube/v3 creatorscout crawl youtube "
        "--hashtag veganrecipes --max-creators 9 --db 'my db.db'",
        "creatorscout vet --niche 'vegan cooking' --hashtag veganrecipes --as-of 2026-06-08T12:00:00Z --db 'my db.db'",
    ]
    assert not any("mastodon" in line.lower() for line in lines)


@pytest.mark.slow
def test_printed_commands_crawl_and_vet_the_sandbox(sandbox_factory, tmp_path: Path) -> None:
    sandbox = sandbox_factory("--creators", "6", "--posts", "5", "--comments", "4", "--rate-limit", "off")
    printed = []
    while not (printed and printed[-1].startswith("creatorscout vet")):
        line = sandbox.proc.stdout.readline()
        assert line, f"serve stopped printing after {printed}"
        printed.append(line.rstrip("\n"))
    commands = [line for line in printed if not line.startswith("#")]
    assert len(commands) == 3 and sandbox.url in commands[0] and sandbox.url in commands[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("YOUTUBE_API_KEY", None)
    for command in commands:
        done = subprocess.run(command.replace("creatorscout ", f"{CLI} ", 1), shell=True, cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, command + "\n" + done.stdout[-2000:] + done.stderr[-2000:]
    with sqlite3.connect(tmp_path / "sandbox.db") as conn:
        per_platform = dict(conn.execute("SELECT platform, COUNT(*) FROM creators GROUP BY platform").fetchall())
        verdicts = [json for (json,) in conn.execute("SELECT reasons FROM vetting_scores")]
    assert set(per_platform) == {"mastodon", "youtube"}
    assert sandbox.admin("stats")["requests_total"] > 0
    assert verdicts and not any('"inactive"' in reasons for reasons in verdicts)  # judged at the world's clock
