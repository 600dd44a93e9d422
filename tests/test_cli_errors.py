"""Every mistake a user can make on the command line is one line: usage errors exit 2, failures 1
(a damaged database, a file that cannot be written, three `db migrate` at once on a new file)."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from delivery_store import build_store

from crawler.platforms import REGISTRY
from crawler.storage import Store, migrations, open_db
from vetting.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cs.db"
    build_store(path, n=6, hostile=False).close()
    return path


def _one_line_error(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize(("args", "message"), [
    (["shortlist", "--platform", "friendster", "--out", "s.csv"], "'friendster' is not one of"),
    (["shortlist", "--market-language", "german", "--out", "s.csv"], "two-letter ISO 639-1 code"),
    (["vet", "--niche", "x", "--market-language", "d3"], "two-letter ISO 639-1 code"),
    (["db", "stats", "--runs", "-1"], "'--runs'"),
    (["shortlist", "--out", "s.txt"], "must end in .xlsx or .csv"),
    (["report", "youtube:UCnobody", "--out", "r"], "no youtube creator"),
])
def test_usage_errors_exit_2(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                             message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert message in _one_line_error(CliRunner().invoke(cli, [*args, "--db", str(db)]), 2)


@pytest.mark.parametrize("command", [["vet", "--niche", "x"], ["rank"], ["db", "stats"], ["report"],
                                     ["shortlist"], ["shortlist", "import", "s.csv"]])
def test_a_db_that_names_no_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("s.csv").write_text("creator_key\n", encoding="utf-8")
    line = _one_line_error(CliRunner().invoke(cli, [*command, "--db", "missing.db"]), 2)
    assert "no database at missing.db" in line and "'--db'" in line


def test_files_that_do_not_exist_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    line = _one_line_error(runner.invoke(cli, ["comments", "score", str(tmp_path / "nope.csv"), "--out",
                                               str(tmp_path / "o.csv")]), 2)
    assert "does not exist" in line
    line = _one_line_error(runner.invoke(cli, ["model", "info", "--model-dir", str(tmp_path)]), 2)
    assert "no metadata.json" in line and "'--model-dir'" in line


def test_out_in_a_place_that_cannot_hold_it_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    comments = tmp_path / "c.csv"
    comments.write_text("text\nhello\n", encoding="utf-8")
    runner = CliRunner()
    for args in (["shortlist", "--db", str(db), "--out", str(blocker / "s.xlsx")],
                 ["shortlist", "--db", str(db), "--out", str(blocker / "deeper" / "s.csv")],
                 ["report", "--db", str(db), "--out", str(blocker / "reports")],
                 ["comments", "score", str(comments), "--out", str(blocker / "o.csv")],
                 ["model", "train", "--out", str(blocker / "model")],
                 ["demo", "--out", str(blocker / "demo")]):
        line = _one_line_error(runner.invoke(cli, args), 2)
        assert "'--out'" in line and "a-file is a file, not a folder" in line, args
    for args in (["report", "--db", str(db), "--out", str(blocker)], ["demo", "--out", str(blocker)]):
        assert "'--out'" in _one_line_error(runner.invoke(cli, args), 2)
    assert not list(tmp_path.glob("**/*.part"))


def test_a_file_that_fails_while_being_written_is_one_line(db: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import vetting.export
    import vetting.report

    def denied(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", f"{path}.part")

    monkeypatch.setattr(vetting.export, "write_csv", denied)
    monkeypatch.setattr(vetting.export, "write_xlsx", denied)
    runner = CliRunner()
    out = tmp_path / "s.csv"
    line = _one_line_error(runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(out)]), 1)
    assert line == f"Error: {out}: Permission denied"
    line = _one_line_error(runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(tmp_path / "s.xlsx")]), 1)
    assert "Permission denied" in line

    def full(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", full)
    line = _one_line_error(runner.invoke(cli, ["report", "--db", str(db), "--out", str(tmp_path / "r")]), 1)
    assert "No space left on device" in line


def test_xlsx_writer_errors_are_os_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """XlsxWriter wraps the OSError of creating the file in its own exception: unwrapped again."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    from vetting.shortlist.xlsx import write_xlsx

    def close(self: object) -> None:
        raise FileCreateError(PermissionError(13, "Permission denied", str(tmp_path / "s.xlsx.part")))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", close)
    with pytest.raises(PermissionError, match="Permission denied"):
        write_xlsx(tmp_path / "s.xlsx", [], exported_at="2026-01-01T00:00:00Z")


def _damage(path: Path) -> None:
    """Overwrite bytes inside every page of the tables the commands read (never the schema or the
    migrations table, so that the database still opens)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    pages = [n for (n,) in con.execute("SELECT pageno FROM dbstat WHERE name IN "
                                       "('creators', 'posts', 'comments', 'vetting_scores', 'crawl_runs')")]
    con.close()
    rng = random.Random(5)
    with path.open("r+b") as fh:
        for number in pages:
            fh.seek((number - 1) * page + 120)
            fh.write(bytes(rng.randrange(256) for _ in range(700)))


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    build_store(path, n=20, hostile=False, comments_per_post=12).close()
    _damage(path)
    return path


@pytest.mark.parametrize("command", [["rank"], ["shortlist", "--out", "s.xlsx"],
                                     ["report", "--out", "r"], ["vet", "--niche", "vegan"]])
def test_a_damaged_database_is_one_line(damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    line = _one_line_error(CliRunner().invoke(cli, [*command, "--db", str(damaged)]), 1)
    assert f"database {damaged} is damaged" in line and ".recover" in line


def test_three_db_migrate_at_once_on_a_new_file(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    every = len(migrations.pending(open_db(":memory:", migrate=False)))
    for attempt in range(4):
        db = tmp_path / f"new{attempt}.db"
        procs = [subprocess.Popen([sys.executable, "-c", "from vetting.cli import main; main()", "db", "migrate",
                                   "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for _ in range(3)]
        results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
        for code, out, err in results:
            assert code == 0, out + err
            assert "Traceback" not in err
        assert sum(f"applied {every} migrations" in out for _, out, _ in results) == 1, results
        assert sum("schema is up to date" in out for _, out, _ in results) == 2, results
        store = Store.open(db)
        assert store.db["vetting_scores"].exists()
        store.close()


def test_db_stats_counts_vetting_runs_per_platform_and_collected_rows(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    store = build_store(db, n=4, hostile=False)
    run = store.start_vetting_run({"niche": "vegan food"})
    store.write_vetting_scores(run, [dict(r, vetting_run_id=None) for r in store.db.query(
        "SELECT * FROM vetting_scores WHERE platform = 'mastodon'")])
    crawl = store.start_crawl_run("youtube", "youtube", {"hashtag": ["vegan"]})
    # A video written twice in one crawl (updated once its comments turned out to be disabled) is one post.
    store.finish_crawl_run(crawl, "finished", {"creator_count": 2, "post_count": 14, "comment_count": 48, "stats": {
        "creatorscout/stored/posts": 14, "creatorscout/youtube/posts": 12, "creatorscout/youtube/comments": 48,
        "creatorscout/stored/comments": 48}})
    store.write_batch(snapshots=[{"crawl_run_id": crawl, "platform": "youtube", "creator_id": cid,
                                  "observed_at": "2026-06-01T00:00:00Z", "followers_count": 10}
                                 for cid in ("UCchan0001", "UCchan0003")])
    store.close()
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["db", "stats", "--db", str(db), "--json"], catch_exceptions=False).output)
    assert data["tables"]["vetting_runs"] == {"rows": 2, "by_platform": {"mastodon": 2, "youtube": 1}}
    assert data["tables"]["posts"]["rows"] == 24
    latest = data["crawl_runs"][0]
    assert latest["stats"]["creatorscout/youtube/posts"] == 12 and isinstance(latest["arguments"], dict)
    assert latest["collected"] == {"creators": 2, "posts": 12, "comments": 48}
    table = runner.invoke(cli, ["db", "stats", "--db", str(db)], catch_exceptions=False).output
    vetting_row = next(line for line in table.splitlines() if "vetting_runs" in line)
    # every registered platform has a column (mastodon, youtube, bluesky, ...), then the total
    expected = [{"mastodon": "2", "youtube": "1"}.get(key, "0") for key in REGISTRY] + ["2"]
    assert [cell.strip() for cell in vetting_row.split("│")[2:3 + len(REGISTRY)]] == expected
    assert "a run counts under every platform" in table
    run_row = next(line for line in table.splitlines() if line.startswith("│ 4"))
    assert " 12 " in run_row and " 14 " not in run_row
