"""Crawl plans: parsing, validation with line numbers, ``plan new|check|schedule``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.plans import PlanError, example_plan, key_lines, load_plan, parse_plan
from vetting.cli import cli
from vetting.cli.plan import CronError, parse_every, schedule_text

GOOD = """\
name = "vegan-de"
niche = "vegane Küche, plant-based recipes"
market_language = "DE"
db = "data/store.db"
queue = "redis://localhost:6379/0"

[platforms.mastodon]
hashtags = ["#VeganRecipes", "plantbased"]
handles = ["@anna@mastodon.social"]
instance = "https://mastodon.social"

[platforms.youtube]
hashtags = [
  "veganrecipes",
]

[limits]
max_creators = 30
max_comments = 0

[budgets.youtube]
quota = 2000
max_requests = 500

[budgets.tiktok]
records = 5000

[outputs]
shortlist = "out/list"
format = "csv"
digest = "/tmp/digest"

[retention]
comments_days = 180
"""


def test_a_valid_plan_is_read_with_paths_beside_it(tmp_path):
    text = GOOD.replace('[budgets.tiktok]\nrecords = 5000\n', "")
    plan = parse_plan(text, tmp_path / "vegan.toml", environ={"YOUTUBE_API_KEY": "k"})
    assert plan.name == "vegan-de" and plan.market_language == "de"
    assert plan.db == tmp_path / "data" / "store.db"
    assert [p.key for p in plan.platforms] == ["mastodon", "youtube"]
    mastodon = plan.platform("mastodon")
    assert mastodon.hashtags == ("veganrecipes", "plantbased")
    assert mastodon.settings == {"CREATORSCOUT_MASTODON_API_URL": "https://mastodon.social"}
    assert (plan.max_creators, plan.max_posts, plan.max_comments) == (30, 20, 0)
    assert plan.budgets == {"youtube": {"CREATORSCOUT_YOUTUBE_QUOTA": 2000, "CLOSESPIDER_PAGECOUNT": 500}}
    assert plan.shortlist == tmp_path / "out" / "list.csv" and plan.shortlist_format == "csv"
    assert plan.digest == Path("/tmp/digest") and plan.reports == tmp_path / "vegan-de-reports"
    assert (plan.comments_days, plan.snapshots_days) == (180, None)
    assert plan.queue == "redis://localhost:6379/0" and plan.settings() == {}


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    text = """\
name = "bad name"
niche = 3
colour = "red"

[platforms.mastodon]
hashtags = ["vegan"]
handle = ["x"]

[platforms.myspace]
hashtags = ["a"]

[platforms.youtube]
hashtags = ["vegan"]

[limits]
max_posts = "many"
max_comments = -1

[budgets.tiktok]
quota = true

[outputs]
format = "pdf"
queue = 1
"""
    with pytest.raises(PlanError) as caught:
        parse_plan(text, tmp_path / "bad.toml", environ={})
    found = {(p.line, p.message.split(" ")[0] + " " + p.message.split(" ")[1]) for p in caught.value.problems}
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)
    assert (1, "name 'bad") in found  # bad name
    assert (2, "niche must") in found
    assert (3, "unknown key") in found  # colour
    assert (7, "unknown key") in found  # handle (not handles)
    assert (9, "unknown platform") in found
    assert (12, "YouTube cannot") in found  # no YOUTUBE_API_KEY
    assert (16, "limits.max_posts must") in found
    assert (17, "limits.max_comments must") in found
    assert (19, "[budgets.tiktok] but") in found  # budget of a platform the plan does not crawl
    assert (20, "budgets.tiktok.quota must") in found
    assert (23, "outputs.format must") in found
    assert (24, "unknown key") in found  # queue inside [outputs]
    assert len(caught.value.problems) == 12
    assert str(caught.value).splitlines()[0] == f"{tmp_path / 'bad.toml'}:1: " + caught.value.problems[0].message


def test_missing_required_keys_and_nothing_to_crawl(tmp_path):
    with pytest.raises(PlanError) as caught:
        parse_plan('[platforms.mastodon]\ninstance = "https://x.example"\n', tmp_path / "p.toml", environ={})
    messages = [(p.line, p.message) for p in caught.value.problems]
    assert any(m.startswith("name is missing") for _, m in messages)
    assert any(m.startswith("niche is missing") for _, m in messages)
    assert (1, "[platforms.mastodon] has nothing to crawl: give hashtags, handles or handles_file") in messages


def test_handles_are_checked_and_must_be_on_their_platform(tmp_path):
    text = ('name = "p"\nniche = "x"\n[platforms.mastodon]\nhandles = ["https://www.youtube.com/@someone"]\n'
            'handles_file = "missing.txt"\n')
    with pytest.raises(PlanError) as caught:
        parse_plan(text, tmp_path / "p.toml", environ={})
    messages = {p.line: p.message for p in caught.value.problems}
    assert "is a youtube account; list it under [platforms.youtube]" in messages[4]
    assert messages[5].startswith("platforms.mastodon.handles_file: no such file")


def test_toml_syntax_errors_keep_their_line(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\nniche = "x"\n[platforms.mastodon\n')
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert caught.value.problems[0].line == 3
    assert caught.value.problems[0].message.startswith("not valid TOML")


def test_credentials_search_only_and_not_needed_for_listed_creators(tmp_path):
    base = 'name = "p"\nniche = "x"\n[platforms.bluesky]\n'
    parse_plan(base + 'handles = ["anna.bsky.social"]\n', tmp_path / "p.toml", environ={})
    with pytest.raises(PlanError, match="BLUESKY_HANDLE is not set"):
        parse_plan(base + 'hashtags = ["vegan"]\n', tmp_path / "p.toml", environ={})
    parse_plan(base + 'hashtags = ["vegan"]\n', tmp_path / "p.toml", environ={}, check_credentials=False)


def test_key_lines_follow_tables_dotted_keys_and_skip_multiline_values():
    text = 'a = 1\nb = """\nc = 2\n"""\n[t]\nx.y = [\n  "z = 3",\n]\nw = 4\n["q.r"]\nv = 5\n'
    lines = key_lines(text)
    assert lines[("a",)] == 1 and lines[("b",)] == 2 and ("c",) not in lines
    assert lines[("t",)] == 5 and lines[("t", "x", "y")] == 6 and lines[("t", "w")] == 9
    assert lines[("q.r",)] == 10 and lines[("q.r", "v")] == 11


def test_plan_new_round_trips_through_plan_check(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["plan", "new", "vegan-de"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = Path("vegan-de.toml").read_text()
    assert text == example_plan("vegan-de") and text.count("#") > 10
    checked = runner.invoke(cli, ["plan", "check", "vegan-de.toml"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert "ok: plan vegan-de crawls mastodon 2 hashtags" in checked.output
    Path("vegan-de.toml").write_text("edited")
    again = runner.invoke(cli, ["plan", "new", "vegan-de"])
    assert again.exit_code == 1 and "exists: not overwritten" in again.output
    assert Path("vegan-de.toml").read_text() == "edited"
    bad = runner.invoke(cli, ["plan", "new", "no good"])
    assert bad.exit_code == 2


def test_plan_check_exits_2_with_every_line(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\nniche = "x"\nextra = 1\n[platforms.mastodon]\nhashtags = "vegan"\n'
                    '[limits]\nmax_posts = 0\n')
    result = CliRunner().invoke(cli, ["plan", "check", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"{path}:3: unknown key 'extra'" in result.output
    assert f"{path}:7: limits.max_posts must be at least 1, got 0" in result.output
    assert "Error: 2 problems in" in result.output
    missing = CliRunner().invoke(cli, ["plan", "check", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no such plan file" in missing.output


@pytest.mark.parametrize(("every", "cron", "calendar"), [
    ("daily", "17 3 * * *", "*-*-* 03:17:00"),
    ("weekly", "17 3 * * 1", "Mon *-*-* 03:17:00"),
    ("*/20 6-8 * * mon-fri", "*/20 6-8 * * mon-fri", "Mon,Tue,Wed,Thu,Fri *-*-* 06,07,08:00,20,40:00"),
    ("0 4 1,15 */3 *", "0 4 1,15 */3 *", "*-01,04,07,10-01,15 04:00:00"),
    ("30 5 * * 7", "30 5 * * 7", "Sun *-*-* 05:30:00"),
])
def test_schedules_as_cron_and_systemd(every, cron, calendar):
    schedule = parse_every(every)
    assert (schedule.cron, schedule.on_calendar) == (cron, calendar)
    if shutil.which("systemd-analyze"):  # systemd reads the same expression
        out = subprocess.run(["systemd-analyze", "calendar", schedule.on_calendar], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr


@pytest.mark.parametrize(("every", "why"), [
    ("hourly-ish", "5 fields"),
    ("61 * * * *", "minute: 61 is outside 0-59"),
    ("0 24 * * *", "hour: 24 is outside 0-23"),
    ("0 0 * 13 *", "month: 13 is outside 1-12"),
    ("0 0 * * funday", "is not a number or a name"),
    ("0 0 5-1 * *", "runs backwards"),
    ("*/0 * * * *", "at least 1"),
    ("0 0 1 * mon", "restricts both"),
])
def test_bad_cron_expressions_are_refused(every, why):
    with pytest.raises(CronError, match=why):
        parse_every(every)


def test_schedule_prints_cron_and_systemd_with_absolute_paths(tmp_path):
    path = tmp_path / "my plans" / "vegan.toml"
    path.parent.mkdir()
    path.write_text(GOOD.replace("[budgets.tiktok]\nrecords = 5000\n", ""))
    env = tmp_path / "secrets.env"
    result = CliRunner().invoke(cli, ["plan", "schedule", str(path), "--every", "weekly", "--env-file", str(env)],
                                catch_exceptions=False)  # YOUTUBE_API_KEY is not set here: it goes in the env file
    assert result.exit_code == 0, result.output
    out = result.output
    cron = next(line for line in out.splitlines() if line.startswith("17 3 * * 1 "))
    assert f"cd '{path.parent}'" in cron and f". {env};" in cron
    assert f"run '{path}' >> /tmp/digest/cron.log 2>&1" in cron
    assert "[Service]" in out and f'WorkingDirectory="{path.parent}"' in out
    assert f"EnvironmentFile=-{env}" in out and f'run "{path}"' in out
    assert "OnCalendar=Mon *-*-* 03:17:00" in out and "WantedBy=timers.target" in out
    assert "#   YOUTUBE_API_KEY=..." in out and "journalctl --user -u creatorscout-vegan-de.service" in out
    assert "/tmp/digest/*.log" in out
    for line in out.splitlines():
        if line.startswith("ExecStart="):
            assert Path(line.split("=", 1)[1].split()[0].strip('"')).is_absolute()
    bad = CliRunner().invoke(cli, ["plan", "schedule", str(path), "--every", "0 25 * * *"])
    assert bad.exit_code == 2 and "hour: 25 is outside 0-23" in bad.output


def test_schedule_text_escapes_percent_for_cron(tmp_path):
    plan = parse_plan('name = "p"\nniche = "x"\n[platforms.mastodon]\nhashtags = ["v"]\n',
                      tmp_path / "50%" / "p.toml", environ={})
    text = schedule_text(plan, parse_every("daily"), tmp_path / "e.env", command=["/usr/bin/creatorscout"])
    cron = next(line for line in text.splitlines() if line.startswith("17 3 "))
    assert "50\\%" in cron and "50%" not in cron.replace("50\\%", "")
