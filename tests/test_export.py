"""Shortlist export (XLSX, CSV), formula-injection neutralisation, cost table, and import."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from delivery_store import FORMULA_PAYLOADS, HTML_PAYLOADS, build_store
from openpyxl import load_workbook

from crawler.storage import Store
from vetting import costs
from vetting.cli import cli
from vetting.export import (
    COLUMNS,
    FORMULA_TRIGGERS,
    STATUSES,
    NicheMismatchError,
    NotVettedError,
    ShortlistFilters,
    ShortlistImportError,
    build_shortlist,
    export_shortlist,
    import_shortlist,
    neutralize_cell,
    unneutralize_cell,
)
from vetting.shortlist.cells import NUMBER_FORMATS

EXPECTED_HEADER = [
    "rank", "platform", "handle", "display_name", "profile_url", "followers_count", "tier", "engagement_rate",
    "engagement_rate_basis", "er_band", "bot_comment_rate", "generic_comment_rate", "niche_fit", "niche_terms",
    "audience_languages", "market_language_rate", "sponsored_rate", "recent_brands", "reply_rate", "posts_per_week",
    "est_cost_per_post", "est_cost_per_engagement", "score", "verdict", "reasons", "last_crawled_at", "creator_key",
    "status", "owner", "notes", "agreed_fee", "promo_code", "tracking_link",
]

def _formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def assert_workbook_safe(path: Path) -> int:
    """Every cell of every sheet: no formula; formula-like text only in a quote-prefixed string
    cell (the apostrophe is a style, not part of the value); no value starts with an apostrophe
    followed by a trigger (the CSV's neutralisation does not belong in an XLSX)."""
    wb = load_workbook(path)
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                checked += 1
                where = f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                assert cell.data_type != "f", f"{where} is a formula"
                if _formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, where
                assert not (isinstance(cell.value, str) and cell.value.startswith("'")
                            and _formula_like(cell.value[1:])), where
    return checked


# -- neutralize -------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_neutralize_cell_prefixes_formula_triggers(payload: str) -> None:
    safe = neutralize_cell(payload)
    assert safe == "'" + payload
    assert unneutralize_cell(safe) == payload


@pytest.mark.parametrize("value", ["plain", "", "'quoted", 42, 0.5, None, "a=b"])
def test_neutralize_cell_leaves_other_values(value: Any) -> None:
    assert neutralize_cell(value) == value
    assert unneutralize_cell(value) == value


# -- costs ------------------------------------------------------------------------------------

def test_cost_table_has_sources_and_no_mastodon_price() -> None:
    table = costs.load_cost_table()
    assert table.currency == "USD"
    assert table.sources and all(s.get("url", "").startswith("https://") for s in table.sources)
    assert costs.estimate_cost("mastodon", "micro") is None
    assert "no sponsored-post market" in table.notes["mastodon"]
    assert costs.estimate_cost("youtube", "micro") == (200.0, 1000.0)
    assert costs.estimate_cost("youtube", "mega") == (20000.0, None)
    assert costs.estimate_cost("youtube", None) is None
    assert costs.point_estimate((200.0, 1000.0)) == 600.0
    assert costs.point_estimate((20000.0, None)) == 20000.0


def test_engagements_and_cost_per_engagement() -> None:
    assert costs.engagements_per_post(0.02, 50_000) == pytest.approx(1000)
    assert costs.engagements_per_post(0.05, None, denominator="views", view_counts=[100, 300, None, 200]) == \
        pytest.approx(10)
    assert costs.engagements_per_post(0.05, 10_000, denominator="views", view_counts=[]) is None
    assert costs.engagements_per_post(None, 10_000) is None
    assert costs.cost_per_engagement(600, 1000) == pytest.approx(0.6)
    assert costs.cost_per_engagement(None, 1000) is None
    assert costs.cost_per_engagement(600, 0) is None


def test_cost_table_override_by_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "rates.json"
    custom.write_text(json.dumps({"currency": "EUR", "platforms": {"mastodon": {"micro": {"low": 50, "high": 150}}}}))
    monkeypatch.setenv(costs.COST_TABLE_ENV, str(custom))
    table = costs.load_cost_table()
    assert table.currency == "EUR"
    assert costs.estimate_cost("mastodon", "micro", table) == (50.0, 150.0)
    bad = tmp_path / "bad.json"
    bad.write_text('{"currency": "EUR", "platforms": {"youtube": {"micro": {"low": 9, "high": 1}}}}')
    with pytest.raises(costs.CostTableError, match="low <= high"):
        costs.load_cost_table(bad)


# -- build ------------------------------------------------------------------------------------

def test_build_shortlist_ranks_filters_and_prefills() -> None:
    store = build_store(n=6)
    rows = build_shortlist(store)
    assert [r.rank for r in rows] == list(range(1, 7))
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert rows[0].creator_key == "mastodon:100"
    assert rows[0].status == "new"
    assert build_shortlist(store, ShortlistFilters(platforms=("youtube",)))[0].platform == "youtube"
    assert {r.tier for r in build_shortlist(store, ShortlistFilters(tiers=("micro", "nano")))} == {"micro", "nano"}
    assert all(r.score >= 70 for r in build_shortlist(store, ShortlistFilters(min_score=70)))
    assert {r.verdict for r in build_shortlist(store, ShortlistFilters(verdicts=("review",)))} == {"review"}
    assert len(build_shortlist(store, ShortlistFilters(limit=2))) == 2
    assert all(r.niche_fit >= 0.6 for r in build_shortlist(store, ShortlistFilters(min_niche_fit=0.6)))
    assert all(r.bot_comment_rate <= 0.05 for r in build_shortlist(store, ShortlistFilters(max_bot_comment_rate=0.05)))
    english = build_shortlist(store, ShortlistFilters(market_language="en", min_market_language_rate=0.3))
    assert english and all(r.market_language_rate == pytest.approx(0.3) for r in english)
    german = build_shortlist(store, ShortlistFilters(market_language="de", min_market_language_rate=0.45))
    assert {round(r.market_language_rate, 6) for r in german} == {0.6, 0.5}
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "status": "contacted",
                                    "owner": "Ana"}])
    first = build_shortlist(store)[0]
    assert (first.status, first.owner) == ("contacted", "Ana")


def test_build_shortlist_costs() -> None:
    store = build_store(n=6)
    rows = {r.creator_key: r for r in build_shortlist(store)}
    mastodon = rows["mastodon:102"]  # micro, no market
    assert mastodon.est_cost_per_post is None and mastodon.est_cost_per_engagement is None
    youtube = rows["youtube:UCchan0003"]  # macro, views basis
    assert youtube.est_cost_per_post == pytest.approx(10_500)
    views = sorted(1_000 + 100 * j for j in range(6))
    median_views = (views[2] + views[3]) / 2
    assert youtube.est_cost_per_engagement == pytest.approx(10_500 / (youtube.engagement_rate * median_views))
    assert youtube.cost_currency == "USD"


def test_build_shortlist_refuses_other_niche_and_empty_store() -> None:
    store = build_store(n=2)
    assert build_shortlist(store, ShortlistFilters(niche="  Vegan   Cooking "))
    with pytest.raises(NicheMismatchError, match="creatorscout vet --niche"):
        build_shortlist(store, ShortlistFilters(niche="fitness"))
    with pytest.raises(NotVettedError):
        build_shortlist(Store.open(":memory:"))
    with pytest.raises(ValueError, match="unknown tier"):
        ShortlistFilters(tiers=("huge",))


# -- XLSX -------------------------------------------------------------------------------------

def test_xlsx_layout_and_features(tmp_path: Path) -> None:
    store = build_store(n=6)
    out = tmp_path / "shortlist.xlsx"
    result = export_shortlist(store, out)
    assert result.rows == 6 and result.evidence_rows > 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Shortlist", "Methodology", "Evidence"]
    ws = wb["Shortlist"]
    header = [c.value for c in ws[1]]
    assert header[: len(EXPECTED_HEADER)] == EXPECTED_HEADER
    assert header == list(COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(COLUMNS)).column_letter}7"
    col = {name: i + 1 for i, name in enumerate(header)}
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"' + ",".join(STATUSES) + '"'
    status_letter = ws.cell(1, col["status"]).column_letter
    assert f"{status_letter}2" in str(validations[0].sqref).split(":")[0]
    assert any("score" for _ in ws.conditional_formatting)
    score_letter = ws.cell(1, col["score"]).column_letter
    assert any(str(cf.sqref).startswith(f"{score_letter}2") for cf in ws.conditional_formatting)
    for r in range(2, 8):
        for name, number_format in (("engagement_rate", "0.00%"), ("bot_comment_rate", "0.0%"),
                                    ("sponsored_rate", "0.0%"), ("reply_rate", "0.0%")):
            cell = ws.cell(r, col[name])
            assert cell.number_format == number_format, name
            assert 0 <= cell.value <= 1
        link = ws.cell(r, col["profile_url"])
        if link.hyperlink is not None:
            assert link.hyperlink.target.startswith(("http://", "https://"))
        else:
            assert not str(link.value).startswith("http")
    linked = [ws.cell(r, col["profile_url"]).hyperlink for r in range(2, 8)]
    assert sum(h is not None for h in linked) == 4  # two creators have a javascript: profile url
    assert ws.column_dimensions["A"].width == pytest.approx(6, abs=1)  # XlsxWriter adds the cell padding
    method = wb["Methodology"]
    documented = {row[0].value for row in method.iter_rows() if row[0].value}
    assert set(COLUMNS) <= documented
    text = " ".join(str(c.value) for row in method.iter_rows() for c in row if c.value)
    assert "2026-05-31T08:00:00Z" in text and "wordontheblock.com" in text
    evidence = wb["Evidence"]
    ev_header = [c.value for c in evidence[1]]
    assert ev_header == ["creator_key", "handle", "signal", "signal_summary", "comment_text", "post_url",
                         "flagged_because"]
    ev_text = " ".join(str(c.value) for row in evidence.iter_rows() for c in row if c.value)
    # every flagged comment keeps why it was flagged
    assert "the comment model rates the text bot-like; gambling or betting promotion" in ev_text
    assert "comment 0" in ev_text
    assert "secret_commenter" not in ev_text and "secret-author-key" not in ev_text
    # the post link is the clickable cell, the reasons stay text; one width per column
    url_col, why_col = ev_header.index("post_url") + 1, ev_header.index("flagged_because") + 1
    rows = range(2, evidence.max_row + 1)
    assert any(evidence.cell(r, url_col).hyperlink is not None for r in rows)
    assert all(evidence.cell(r, why_col).hyperlink is None for r in rows)
    assert evidence.column_dimensions["G"].width == pytest.approx(50, abs=1)


def test_xlsx_has_no_formula_in_any_cell(tmp_path: Path) -> None:
    store = build_store(n=len(FORMULA_PAYLOADS) + len(HTML_PAYLOADS))
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "notes": "=1+1",
                                    "owner": "@boss", "promo_code": "-SAVE10", "tracking_link": "+x"}])
    out = tmp_path / "shortlist.xlsx"
    export_shortlist(store, out)
    assert assert_workbook_safe(out) > 100
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    for payload in FORMULA_PAYLOADS:
        # kept as it was (XML reads a CR as LF), in a quote-prefixed string cell (checked above), with no
        # apostrophe in the value
        kept = payload.replace("\r", "\n")
        assert any(isinstance(c.value, str) and c.value.startswith(kept) for c in cells), payload
    notes = next(c for c in cells if c.value == "=1+1")
    assert notes.quotePrefix and notes.data_type == "s"
    # the XML itself holds no <f> element
    import zipfile

    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)


# -- CSV --------------------------------------------------------------------------------------

def _csv_rows(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def test_csv_header_neutralised_delimiter_and_bom(tmp_path: Path) -> None:
    store = build_store(n=len(FORMULA_PAYLOADS) + len(HTML_PAYLOADS))
    plain = tmp_path / "s.csv"
    export_shortlist(store, plain)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(plain)
    assert rows[0][: len(EXPECTED_HEADER)] == EXPECTED_HEADER
    assert len(rows) == 1 + len(FORMULA_PAYLOADS) + len(HTML_PAYLOADS)
    for row in rows:
        for value in row:
            assert not _formula_like(value), value
    flat = [v for row in rows for v in row]
    assert any(v.startswith("'=HYPERLINK") for v in flat)
    rate = rows[1][EXPECTED_HEADER.index("engagement_rate")]
    assert 0 < float(rate) < 1

    semi = tmp_path / "s2.csv"
    export_shortlist(store, semi, delimiter=";", excel_bom=True)
    assert semi.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _csv_rows(semi, ";", "utf-8-sig")[0][: len(EXPECTED_HEADER)] == EXPECTED_HEADER


def test_export_rejects_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        export_shortlist(build_store(n=1), tmp_path / "s.ods")


# -- import -----------------------------------------------------------------------------------

def test_import_round_trip_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook as load

    store = build_store(n=4)
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)
    wb = load(out)
    ws = wb["Shortlist"]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    ws.cell(2, col["status"]).value = "Contacted"
    ws.cell(2, col["notes"]).value = "'=wants 2 posts"  # neutralised text as a user would keep it
    ws.cell(2, col["agreed_fee"]).value = 450
    ws.cell(3, col["promo_code"]).value = "VEGAN10"
    wb.save(out)
    result = import_shortlist(store, out)
    assert (result.rows, result.updated, result.unchanged) == (4, 2, 2)
    entries = store.shortlist_entries()
    first = entries[("mastodon", "100")]
    assert (first["status"], first["notes"], first["agreed_fee"]) == ("contacted", "=wants 2 posts", "450")
    assert entries[("youtube", "UCchan0001")]["promo_code"] == "VEGAN10"
    # exporting again keeps the values and neutralises the note again
    again = tmp_path / "again.xlsx"
    export_shortlist(store, again)
    assert_workbook_safe(again)
    assert import_shortlist(store, again).updated == 0


def test_import_round_trip_csv_semicolon_bom(tmp_path: Path) -> None:
    store = build_store(n=3)
    out = tmp_path / "s.csv"
    export_shortlist(store, out, delimiter=";", excel_bom=True)
    rows = _csv_rows(out, ";", "utf-8-sig")
    header = rows[0]
    rows[1][header.index("status")] = "booked"
    rows[1][header.index("tracking_link")] = "'+https://t.example/x"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    result = import_shortlist(store, out)
    assert result.updated == 1
    entry = store.shortlist_entries()[("mastodon", "100")]
    assert entry["status"] == "booked" and entry["tracking_link"] == "+https://t.example/x"


def test_import_refuses_unknown_keys_and_changes_nothing(tmp_path: Path) -> None:
    store = build_store(n=3)
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "status": "contacted"}])
    before = store.shortlist_entries()
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["creator_key", "status", "notes"])
        writer.writerow(["mastodon:100", "booked", "changed"])
        writer.writerow(["mastodon:999", "booked", ""])
        writer.writerow(["youtube:UCnope", "new", ""])
    with pytest.raises(ShortlistImportError, match="unknown") as info:
        import_shortlist(store, path)
    assert "mastodon:999" in str(info.value) and "youtube:UCnope" in str(info.value)
    assert store.shortlist_entries() == before

    path.write_text("handle,status\ncook0,booked\n", encoding="utf-8")
    with pytest.raises(ShortlistImportError, match="no creator_key column"):
        import_shortlist(store, path)
    path.write_text("creator_key,status\nmastodon:100,maybe\n", encoding="utf-8")
    with pytest.raises(ShortlistImportError, match="unknown status"):
        import_shortlist(store, path)
    assert store.shortlist_entries() == before


# -- CLI --------------------------------------------------------------------------------------

def test_cli_shortlist_export_and_import(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    build_store(db, n=6).close()
    out = tmp_path / "short.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["shortlist", "--db", str(db), "--tier", "micro", "--tier", "nano",
                                 "--min-score", "60", "--market-language", "de", "--limit", "50",
                                 "--niche", "vegan cooking", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert load_workbook(out)["Shortlist"].max_row >= 2
    csv_out = tmp_path / "short.csv"
    result = runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(csv_out), "--delimiter", ";",
                                 "--excel-bom"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    result = runner.invoke(cli, ["shortlist", "import", str(out), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output
    result = runner.invoke(cli, ["shortlist", "--db", str(db), "import", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["shortlist", "--db", str(db), "--niche", "fitness", "--out", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 2 and "creatorscout vet" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("creator_key,status\nmastodon:nope,new\n", encoding="utf-8")
    result = runner.invoke(cli, ["shortlist", "import", str(bad), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 1 and "mastodon:nope" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["shortlist", "--help"], catch_exceptions=False)
    assert "Example:" in result.output


# -- hostile text, quote prefix, numbers, dates, methodology ---------------------------------

CONTROL_URL = "https://kitchen.example/@cook\x0b0"
NASTY_NAME = "Koch\x00 \u202eAnna\u202c\x1b !"


def _poison(store: Store) -> None:
    """A control character in a scraped profile_url (it crashed the XLSX export) and NUL, bidi
    overrides and ESC in a display name (SQLite cannot hold a lone surrogate; clean_text's test has one)."""
    store.db.execute("UPDATE creators SET profile_url = ?, display_name = ? WHERE creator_id = '100'",
                     [CONTROL_URL, NASTY_NAME])
    store.db.execute("UPDATE creators SET profile_url = ? WHERE creator_id = '102'",
                     ["https://user:pw@kitchen.example/@cook2"])
    store.db.conn.commit()


def test_control_characters_never_reach_a_file(tmp_path: Path) -> None:
    store = build_store(n=4)
    _poison(store)
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)  # raised "All strings must be XML compatible" before
    ws = load_workbook(out)["Shortlist"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("creator_key")].value == "mastodon:100")
    link = row[header.index("profile_url")]
    assert link.hyperlink is None and link.value == "https://kitchen.example/@cook0"
    assert row[header.index("display_name")].value == "Koch Anna !"
    other = next(r for r in ws.iter_rows(min_row=2) if r[header.index("creator_key")].value == "mastodon:102")
    assert other[header.index("profile_url")].hyperlink is None  # credentials in a URL: text, not a link
    csv_out = tmp_path / "s.csv"
    export_shortlist(store, csv_out)
    raw = csv_out.read_text(encoding="utf-8")
    for bad in ("\x00", "\x0b", "\x1b", "\u202e", "\u202c"):
        assert bad not in raw
    assert "Koch Anna !" in raw


def test_xlsx_formula_like_text_uses_the_quote_prefix_style(tmp_path: Path) -> None:
    store = build_store(n=2)
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "owner": "@kokoskraft",
                                    "notes": "plain"}])
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)
    ws = load_workbook(out)["Shortlist"]
    header = [c.value for c in ws[1]]
    owner = ws.cell(2, header.index("owner") + 1)
    assert owner.value == "@kokoskraft"  # not "'@kokoskraft"
    assert owner.data_type == "s" and owner.quotePrefix
    notes = ws.cell(2, header.index("notes") + 1)
    assert notes.value == "plain" and not notes.quotePrefix
    csv_out = tmp_path / "s.csv"
    export_shortlist(store, csv_out)
    assert "'@kokoskraft" in csv_out.read_text(encoding="utf-8")  # the CSV keeps its apostrophe


def test_csv_decimal_comma_numbers_read_as_numbers(tmp_path: Path) -> None:
    store = build_store(n=3)
    out = tmp_path / "de.csv"
    export_shortlist(store, out, delimiter=";", decimal_comma=True, excel_bom=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    first = rows[0]
    assert first["engagement_rate"] == "0,021" and first["niche_fit"] == "0,9" and first["score"] == "90"
    assert first["posts_per_week"] == "3,5" and first["bot_comment_rate"] == "0"
    numeric = [name for name, fmt in NUMBER_FORMATS.items() if fmt.kind != "date"]
    for row in rows:
        for name in numeric:
            if row[name]:
                assert "." not in row[name], (name, row[name])
                float(row[name].replace(",", "."))
    plain = tmp_path / "en.csv"
    export_shortlist(store, plain)
    assert next(csv.DictReader(plain.open(encoding="utf-8", newline="")))["engagement_rate"] == "0.021"
    with pytest.raises(ValueError, match="use ';'"):
        export_shortlist(store, tmp_path / "bad.csv", delimiter=",", decimal_comma=True)


def test_cli_decimal_comma_defaults_to_semicolon(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    build_store(db, n=2).close()
    out = tmp_path / "de.csv"
    runner = CliRunner()
    result = runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(out), "--decimal-comma"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("rank;platform;")
    bad = runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(out), "--decimal-comma",
                              "--delimiter", ","])
    assert bad.exit_code == 2 and "use ';'" in bad.output


def test_xlsx_dates_and_precision(tmp_path: Path) -> None:
    store = build_store(n=3)
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)
    ws = load_workbook(out)["Shortlist"]
    header = [c.value for c in ws[1]]
    crawled = ws.cell(2, header.index("last_crawled_at") + 1)
    assert crawled.is_date and crawled.value == datetime(2026, 5, 30, 10, 0)
    assert crawled.number_format == "yyyy-mm-dd hh:mm"
    score = ws.cell(2, header.index("score") + 1)
    assert score.value == 90 and score.number_format == "#,##0"
    rate = ws.cell(3, header.index("engagement_rate") + 1)
    assert rate.value == pytest.approx(0.022) and rate.number_format == "0.00%"
    assert ws.cell(2, header.index("niche_fit") + 1).number_format == "0.00"


def test_methodology_facts_come_from_model_metadata_and_settings(tmp_path: Path) -> None:
    from vetting import bots
    from vetting.shortlist.methodology import DataInfo, MethodFacts, column_docs

    threshold = bots.model_info()["threshold"]
    store = build_store(n=2)
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)
    method = {row[0]: row[1] for row in load_workbook(out)["Methodology"].iter_rows(values_only=True) if row[0]}
    assert f"probability >= {threshold:g}" in method["bot_comment_rate"]
    assert threshold != 0.5 and not re.search(r"probability >= 0\.5(?![0-9])", method["bot_comment_rate"])
    assert "emerging < 1k, nano 1k-10k, micro 10k-100k, macro 100k-1M, mega >= 1M" in method["tier"]
    assert "fewer than 20 peers" in method["er_percentile"]
    assert method["Exported at"].endswith("Z")
    # a run's own threshold wins over the installed model's, and both are named when they differ
    info = DataInfo(7, "2026-06-01T00:00:00Z", "vegan", "de", None,
                    {"bot_threshold": 0.37, "weights": {"authenticity": 0.6, "niche_fit": 0.4}})
    docs = column_docs(MethodFacts.gather(info, {"threshold": 0.45, "model_version": "9.9"}))
    assert "probability >= 0.37" in docs["bot_comment_rate"] and "9.9 uses 0.45" in docs["bot_comment_rate"]
    assert "authenticity 0.6, niche_fit 0.4" in docs["score"]
    assert "an unknown threshold" in column_docs(MethodFacts.gather(None, {}))["bot_comment_rate"]


def test_sandbox_creators_links_are_marked_text_never_links(tmp_path: Path) -> None:
    from vetting.shortlist.cells import SANDBOX_MARK, local_source

    assert local_source("http://127.0.0.1:4100/api/v1/accounts/1") and local_source("http://[::1]:80/x")
    assert local_source("http://localhost:8000/") and not local_source("https://mastodon.social/api/v1/accounts/1")
    assert not local_source("https://127.0.0.1.evil.example/") and not local_source(None)
    store = build_store(n=4, hostile=False)
    store.db.execute("UPDATE creators SET source_url = 'http://127.0.0.1:4100/api/v1/accounts/x' "
                     "WHERE platform = 'youtube'")
    store.db.conn.commit()
    out = tmp_path / "s.xlsx"
    result = export_shortlist(store, out)
    assert result.info.sandbox_rows == 2
    wb = load_workbook(out)
    ws = wb["Shortlist"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, header.index("platform") + 1).value + str(r): ws.cell(r, header.index("profile_url") + 1)
            for r in range(2, ws.max_row + 1)}
    for key, cell in rows.items():
        if key.startswith("youtube"):
            assert cell.hyperlink is None and str(cell.value).startswith(f"{SANDBOX_MARK} ")
        else:
            assert cell.hyperlink is not None or not str(cell.value).startswith("http")
    method = {r[0].value: r[1].value for r in wb["Methodology"].iter_rows(max_col=2)}
    assert "2 of these creators were crawled from a server on this machine" in method["Sandbox data"]
    evidence = wb["Evidence"]
    ev_header = [c.value for c in evidence[1]]
    for r in range(2, evidence.max_row + 1):
        url = evidence.cell(r, ev_header.index("post_url") + 1)
        if str(evidence.cell(r, 1).value).startswith("youtube") and url.value:
            assert url.hyperlink is None and str(url.value).startswith(SANDBOX_MARK)
    csv_out = tmp_path / "s.csv"
    export_shortlist(store, csv_out)
    with csv_out.open(encoding="utf-8", newline="") as fh:
        marked = {row["creator_key"]: row["profile_url"] for row in csv.DictReader(fh)}
    assert marked["youtube:UCchan0001"] == f"{SANDBOX_MARK} https://kitchen.example/@cook1"
    assert marked["mastodon:102"] == "https://kitchen.example/@cook2"
