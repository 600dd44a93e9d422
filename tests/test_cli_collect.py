"""The collect half of the CLI: one-line errors with the right exit codes, db stats/migrate,
and a README that documents every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crawler import PLATFORMS
from crawler.platforms import REGISTRY
from crawler.storage import Store, migrations, open_db
from vetting.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "friendster", "--hashtag", "vegan"], "unknown platform 'friendster'; choose one of mastodon"),
        (["crawl", "mastodon", "--hashtag", "vegan recipes"], "malformed hashtag 'vegan recipes'"),
        (["crawl", "mastodon", "--hashtag", "#"], "empty hashtag"),
        (["crawl", "mastodon"], "no hashtag given and no creators to crawl: pass --hashtag, --handle or"),
        (["crawl", "bluesky", "--handle", "@"], "Invalid value for '--handle'"),
        (["crawl", "bluesky", "--handles-file", "/nonexistent/list.csv"], "Invalid value for '--handles-file'"),
        (["crawl", "mastodon", "--hashtag", "vegan", "--max-posts", "0"], "--max-posts must be at least 1"),
        (["crawl", "mastodon", "--hashtag", "vegan", "-s", "NOEQUALS"], "expected NAME=VALUE"),
    ],
)
def test_usage_errors_exit_2_with_one_line(runner, tmp_path, args, message):
    result = runner.invoke(cli, [*args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_every_platform_of_the_data_model_has_a_spider_and_a_crawl_command(runner):
    assert tuple(REGISTRY) == PLATFORMS
    listed = runner.invoke(cli, ["crawl", "--help"]).output
    assert all(f"  {p}" in listed for p in PLATFORMS)


def test_missing_instagram_credentials_name_the_variables(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("INSTAGRAM_USER_ID", raising=False)
    monkeypatch.setenv("META_ACCESS_TOKEN", "a-token")
    result = runner.invoke(cli, ["crawl", "instagram", "--hashtag", "vegan", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "INSTAGRAM_USER_ID is not set" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("INSTAGRAM_USER_ID", "17841400000000001")
    monkeypatch.delenv("META_ACCESS_TOKEN")
    result = runner.invoke(cli, ["crawl", "instagram", "--handle", "mira.bakes", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "META_ACCESS_TOKEN is not set" in result.output


def test_a_list_reports_bad_lines_by_number_and_routes_creators_to_their_platform(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("INSTAGRAM_USER_ID", raising=False)
    listed = tmp_path / "agency list.txt"
    listed.write_text("# creators from the agency\nnot a handle at all!\nhttps://www.instagram.com/mira.bakes/\n"
                      "https://example.com/blog\n")
    result = runner.invoke(cli, ["crawl", "bluesky", "--handles-file", str(listed), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2, result.output
    assert "skipped agency list.txt:2: 'not a handle at all!': contains spaces" in result.output
    assert "skipped agency list.txt:4: 'https://example.com/blog':" in result.output
    # Routed to Instagram, whose Business Discovery needs the credentials even for listed creators.
    assert "skipped 1 listed creator on instagram: INSTAGRAM_USER_ID is not set" in result.output
    assert "none of the listed creators is on a platform that can be crawled" in result.output
    assert "Traceback" not in result.output


def test_missing_youtube_key_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)
    result = runner.invoke(cli, ["crawl", "youtube", "--hashtag", "vegan", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "YOUTUBE_API_KEY is not set" in result.output


def test_unwritable_database_path_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["crawl", "mastodon", "--hashtag", "vegan", "--db", str(tmp_path / "no" / "x.db")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_resume_without_interrupted_crawl(runner, tmp_path):
    result = runner.invoke(cli, ["crawl", "mastodon", "--hashtag", "vegan", "--resume", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "nothing to resume" in result.output


def test_a_job_folder_of_the_old_resume_is_reported_in_one_line_and_removed(runner, tmp_path, monkeypatch):
    from crawler.locks import legacy_job_dir

    db = tmp_path / "x.db"
    arguments = {"max_creators": 50, "max_posts": 20, "max_comments": 100, "since": None, "hashtag": ["vegan"],
                 "instance": None}
    legacy = legacy_job_dir(db, "mastodon", arguments)
    (legacy / "requests.queue").mkdir(parents=True)
    (legacy / "requests.queue" / "p0").write_bytes(b"\x00\x01")  # what a kill -9 leaves: does not load
    (legacy / "requests.seen").write_text("0123abcd\n")
    # The crawl itself is not run here: with nothing in the store to resume, --resume stops early.
    monkeypatch.setattr("crawler.runner.run_crawls", lambda *a, **k: [])
    result = runner.invoke(cli, ["crawl", "mastodon", "--hashtag", "vegan", "--resume", "--db", str(db)])
    notes = [line for line in result.output.splitlines() if "job folder" in line]
    assert len(notes) == 1 and "starting the crawl again" in notes[0] and "Traceback" not in result.output
    assert not legacy.exists()
    assert "the crawl did not start" in result.output  # it went on to crawl (stubbed here)


def test_db_stats_on_missing_database_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["db", "stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database at" in result.output and "Traceback" not in result.output


def test_db_stats_on_broken_database(runner, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 500)
    result = runner.invoke(cli, ["db", "stats", "--db", str(bad)])
    assert result.exit_code == 1 and "cannot open database" in result.output and "Traceback" not in result.output


def test_db_migrate_and_stats(runner, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(cli, ["db", "migrate", "--db", str(db)], catch_exceptions=False)
    every = len(migrations.pending(open_db(":memory:", migrate=False)))
    assert result.exit_code == 0 and f"applied {every} migrations: m001" in result.output
    assert "up to date" in runner.invoke(cli, ["db", "migrate", "--db", str(db)]).output
    store = Store.open(db)
    run = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]})
    store.write_batch(creators=[dict(platform="mastodon", creator_id="1", handle="a", source_url="u",
                                     fetched_at="2026-01-01T00:00:00Z")])
    store.finish_crawl_run(run, "finished", {"creator_count": 1, "request_count": 3})
    store.close()
    out = runner.invoke(cli, ["db", "stats", "--db", str(db), "--json"], catch_exceptions=False)
    data = json.loads(out.output)
    assert data["tables"]["creators"] == {"rows": 1, "by_platform": {"mastodon": 1}}
    assert data["crawl_runs"][0]["status"] == "finished"
    assert data["crawl_runs"][0]["arguments"] == {"hashtags": ["vegan"]}  # JSON, not JSON in a string
    table = runner.invoke(cli, ["db", "stats", "--db", str(db)], catch_exceptions=False).output
    assert "creators" in table and "finished" in table


def test_db_path_from_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORSCOUT_DB", str(tmp_path / "env.db"))
    assert runner.invoke(cli, ["db", "migrate"]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def _commands(group: click.Group, prefix: str = "creatorscout") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
    return names


def test_every_command_is_documented_in_the_readme_with_an_example():
    readme = (ROOT / "README.md").read_text()
    for command in _commands(cli):
        assert re.search(rf"^{re.escape(command)}\b", readme, re.M), f"README lacks an example of `{command}`"


def test_every_command_help_ends_with_an_example():
    for name in _commands(cli):
        parts = name.split()[1:]
        command: click.Command = cli
        for part in parts:
            command = command.commands[part]  # type: ignore[attr-defined]
        assert "Example" in (command.help or ""), f"`{name}` help has no example"


def test_follow_links_seeds_are_the_profiles_linked_from_creators_collected_since_the_command_began(tmp_path):
    from crawler.storage import Store
    from vetting.cli.crawl import _linked_seeds

    db = tmp_path / "x.db"
    store = Store.open(db)
    store.write_batch(creators=[{"platform": "mastodon", "creator_id": "7", "handle": "mira", "source_url": "u",
                                 "fetched_at": "2026-06-01T10:00:00Z"}])
    store.upsert_creator_links("mastodon", "7", [
        {"url": "https://www.youtube.com/@mirabakes", "kind": "youtube", "handle": "mirabakes"},
        {"url": "https://bsky.app/profile/mira.bsky.social", "kind": "bluesky", "handle": "mira.bsky.social"},
        {"url": "https://mira.example/", "kind": "website"},
    ], "2026-06-01T10:00:00Z")
    store.close()
    assert _linked_seeds(str(db), "youtube", "2026-06-01T09:00:00Z") == [
        {"handle": "mirabakes", "kind": "handle", "source": "link:mastodon:7"}]
    assert _linked_seeds(str(db), "bluesky", "2026-06-01T09:00:00Z")[0]["handle"] == "mira.bsky.social"
    assert _linked_seeds(str(db), "youtube", "2026-06-01T11:00:00Z") == []  # seen before this command: not followed


def test_links_to_a_platform_without_its_credentials_are_not_followed_and_say_why(tmp_path, monkeypatch, caplog):
    from crawler.platforms import get_platform
    from crawler.storage import Store
    from vetting.cli.crawl import _job, _plan

    db = str(tmp_path / "x.db")
    store = Store.open(db)
    store.write_batch(creators=[{"platform": "mastodon", "creator_id": "7", "handle": "mira", "source_url": "u",
                                 "fetched_at": "2026-06-01T10:00:00Z"}])
    store.upsert_creator_links("mastodon", "7", [
        {"url": "https://www.instagram.com/mira.bakes/", "kind": "instagram", "handle": "mira.bakes"}],
        "2026-06-01T10:00:00Z")
    store.close()
    plan = _plan(db, get_platform("instagram"), None, {}, {}, follow_of="parent")
    monkeypatch.delenv("INSTAGRAM_USER_ID", raising=False)
    with caplog.at_level("WARNING"):
        assert _job(plan, db, "2026-06-01T09:00:00Z").before() is False
    assert "not following 1 link to instagram: INSTAGRAM_USER_ID is not set" in caplog.text
    monkeypatch.setenv("INSTAGRAM_USER_ID", "17841400000000001")
    monkeypatch.setenv("META_ACCESS_TOKEN", "a-token")
    job = _job(plan, db, "2026-06-01T09:00:00Z")
    assert job.before() is True and job.arguments["handles"][0]["handle"] == "mira.bakes"


def test_a_platform_option_not_given_leaves_its_setting_alone(tmp_path):
    from crawler.platforms import get_platform
    from crawler.spiders.base import CrawlArguments
    from vetting.cli.crawl import _plan

    youtube = get_platform("youtube")
    args = CrawlArguments.parse(["vegan"])
    via_set = _plan(str(tmp_path / "x.db"), youtube, args, {"CREATORSCOUT_YOUTUBE_QUOTA": "123"}, {"quota": None})
    assert via_set.settings["CREATORSCOUT_YOUTUBE_QUOTA"] == "123"  # -s is not overwritten by --quota's default
    via_option = _plan(str(tmp_path / "x.db"), youtube, args, {"CREATORSCOUT_YOUTUBE_QUOTA": "123"}, {"quota": 50})
    assert via_option.settings["CREATORSCOUT_YOUTUBE_QUOTA"] == 50
