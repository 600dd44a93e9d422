"""A creator whose account asks not to be indexed (Mastodon ``indexable: false``) is vetted, but no
delivery shows its posts: not in the HTML report, the shortlist XLSX (Evidence sheet) or the CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from delivery_store import build_store
from openpyxl import load_workbook

from crawler.storage import Store
from vetting.consent import POSTS_HIDDEN_NOTE, POSTS_HIDDEN_SHORT, posts_hidden
from vetting.export import export_shortlist
from vetting.report import write_reports

HIDDEN, SHOWN = "mastodon:102", "mastodon:104"  # cook2 asks not to be indexed; cook4 is the control


@pytest.fixture
def store() -> Store:
    s = build_store(n=6, hostile=False)
    row = s.creator("mastodon", "102")
    assert row is not None
    s.write_batch(creators=[{**row, "fetched_at": row["last_seen_at"], "indexable": False}])  # as a crawl writes it
    yield s
    s.close()


def test_the_rule() -> None:
    assert posts_hidden({"indexable": 0}) and posts_hidden({"indexable": False})
    assert not posts_hidden({"indexable": 1}) and not posts_hidden({"indexable": None})
    assert not posts_hidden({}) and not posts_hidden(None)


def test_latest_scores_carry_the_flag(store: Store) -> None:
    flags = {(r["platform"], r["creator_id"]): r["indexable"] for r in store.latest_scores()}
    assert flags[("mastodon", "102")] == 0 and flags[("mastodon", "104")] is None


def test_report_shows_no_post_text_or_link_and_says_why(store: Store, tmp_path: Path) -> None:
    hidden_page, shown_page, _ = write_reports(store, tmp_path, creators=[HIDDEN, SHOWN])
    hidden, shown = hidden_page.read_text(encoding="utf-8"), shown_page.read_text(encoding="utf-8")
    # the control shows post links, top-post excerpts and sponsored posts ...
    assert 'href="https://kitchen.example/@cook4/0"' in shown and "lentil curry" in shown
    assert POSTS_HIDDEN_NOTE not in shown
    # ... the creator who asks not to be indexed none of them, and says so where they would be
    assert "@cook2/" not in hidden and "lentil curry" not in hidden and "alert(&#39;post&#39;)" not in hidden
    assert hidden.count(POSTS_HIDDEN_NOTE) == 3  # flagged-comment examples, sponsored posts, outreach notes
    # its profile, its figures and the comments by others stay
    assert 'href="https://kitchen.example/@cook2"' in hidden
    assert "Great recipe 0 comment 0" in hidden
    assert "Engagement per post over time" in hidden and hidden.count("<svg") >= 3


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[name]
    header, *rows = ws.iter_rows()
    names = [c.value for c in header]
    return [{n: c for n, c in zip(names, row, strict=True)} for row in rows]


def test_xlsx_shows_no_post_link_and_says_why(store: Store, tmp_path: Path) -> None:
    out = export_shortlist(store, tmp_path / "shortlist.xlsx").path
    evidence = _sheet(out, "Evidence")
    hidden = [r for r in evidence if r["creator_key"].value == HIDDEN]
    shown = [r for r in evidence if r["creator_key"].value == SHOWN]
    assert hidden and shown
    assert {r["post_url"].value for r in hidden} == {POSTS_HIDDEN_SHORT}
    assert all(r["comment_text"].value.startswith("Great recipe") for r in hidden)  # others' comments stay
    assert any(str(r["post_url"].value).startswith("https://kitchen.example/@cook4/") for r in shown)
    for row in hidden:
        for cell in row.values():
            assert "@cook2/" not in str(cell.value) and cell.hyperlink is None
    shortlist = {r["creator_key"].value: r for r in _sheet(out, "Shortlist")}
    assert POSTS_HIDDEN_NOTE in shortlist[HIDDEN]["reasons"].value
    assert POSTS_HIDDEN_NOTE not in shortlist[SHOWN]["reasons"].value
    assert shortlist[HIDDEN]["profile_url"].hyperlink.target == "https://kitchen.example/@cook2"
    for ws in load_workbook(out):
        for row in ws.iter_rows():
            for cell in row:
                assert "@cook2/" not in str(cell.value)
                assert cell.hyperlink is None or "@cook2/" not in cell.hyperlink.target


def test_csv_says_why(store: Store, tmp_path: Path) -> None:
    out = export_shortlist(store, tmp_path / "shortlist.csv").path
    text = out.read_text(encoding="utf-8")
    rows = {row["creator_key"]: row for row in csv.DictReader(text.splitlines())}
    assert POSTS_HIDDEN_NOTE in rows[HIDDEN]["reasons"] and POSTS_HIDDEN_NOTE not in rows[SHOWN]["reasons"]
    assert rows[HIDDEN]["reasons"].startswith("✗ ")  # the note is information, after the red and green flags
    assert "@cook2/" not in text and "lentil curry" not in text
