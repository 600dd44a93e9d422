"""``creatorscout demo``: sandbox -> real spiders -> vetting -> shortlist and reports, offline."""

from __future__ import annotations

import csv
import html
import importlib.util
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow

MISSING = [name for name in ("crawler.sandbox", "crawler.spiders.mastodon", "crawler.spiders.youtube", "vetting.vet")
           if importlib.util.find_spec(name) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"demo needs modules not present yet: {', '.join(MISSING)}")
def test_demo_writes_shortlist_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env_free_of_keys = {k: v for k, v in os.environ.items() if k != "YOUTUBE_API_KEY"}
    started = time.perf_counter()
    # a subprocess: the Twisted reactor cannot be restarted inside the test process
    done = subprocess.run(
        [sys.executable, "-c", "from vetting.cli import main; main()", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=env_free_of_keys, check=False,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"creatorscout demo took {elapsed:.1f} s")
    for name in ("creatorscout.db", "shortlist.xlsx", "shortlist.csv", "reports/index.html"):
        assert (out / name).exists(), name
    assert str(out / "shortlist.xlsx") in done.stdout
    ws = load_workbook(out / "shortlist.xlsx")["Shortlist"]
    assert ws.max_row >= 2 and ws.cell(1, 1).value == "rank"
    with (out / "shortlist.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) >= 2 and rows[0][-1]
    assert len(list((out / "reports").glob("*.html"))) >= 2
    _assert_not_indexable_posts_never_shown(out, rows, tmp_path / "hidden-reports")


def _assert_not_indexable_posts_never_shown(out: Path, csv_rows: list[list[str]], report_dir: Path) -> None:
    """The sandbox's discoverable but not indexable account was crawled and vetted; no delivery shows its
    posts (their URLs or texts), and each says why."""
    from crawler.storage import Store
    from vetting.consent import POSTS_HIDDEN_NOTE, POSTS_HIDDEN_SHORT
    from vetting.report import write_reports

    with sqlite3.connect(out / "creatorscout.db") as conn:
        keys = {f"{p}:{c}" for p, c in conn.execute("SELECT platform, creator_id FROM creators WHERE indexable = 0")}
        posts = conn.execute("SELECT p.url, p.text FROM posts p JOIN creators c USING (platform, creator_id) "
                             "WHERE c.indexable = 0").fetchall()
    assert keys and posts
    secrets = {url for url, _ in posts if url} | {" ".join(text.split())[:40] for _, text in posts
                                                  if text and len(text) >= 40}
    header = csv_rows[0]
    listed = {row[header.index("creator_key")]: row for row in csv_rows[1:]}
    assert all(POSTS_HIDDEN_NOTE in listed[key][header.index("reasons")] for key in keys)
    workbook = load_workbook(out / "shortlist.xlsx")
    evidence = [[c.value for c in row] for row in workbook["Evidence"].iter_rows(min_row=2)]
    assert all(row[5] == POSTS_HIDDEN_SHORT for row in evidence if row[0] in keys)
    cells = [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    pages = [html.unescape(p.read_text(encoding="utf-8")) for p in write_reports(
        Store.open(out / "creatorscout.db"), report_dir, creators=sorted(keys))[:-1]]
    assert all(page.count(POSTS_HIDDEN_NOTE) >= 2 for page in pages)  # sponsored posts and outreach at least
    for secret in secrets:
        assert not any(secret in cell for cell in cells), secret
        assert not any(secret in page for page in pages), secret
