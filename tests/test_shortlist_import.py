"""Importing edited shortlists: no edit is ever lost, formulas are kept as text, bombs are refused."""

from __future__ import annotations

import csv
import itertools
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from delivery_store import build_store
from openpyxl import Workbook, load_workbook

from crawler.storage import Store
from vetting.cli import cli
from vetting.export import ShortlistImportError, export_shortlist, import_shortlist
from vetting.shortlist.importer import ImportLimits, parse_exported_at

EDITED = ("status", "owner", "notes", "agreed_fee", "promo_code", "tracking_link")


# -- helpers ----------------------------------------------------------------------------------

def edit_xlsx(path: Path, edits: dict[str, dict[str, Any]]) -> None:
    """Set cells of the Shortlist sheet by creator_key and column name (as a user would in Excel)."""
    wb = load_workbook(path)
    ws = wb["Shortlist"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, header.index("creator_key") + 1).value: r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for column, value in values.items():
            ws.cell(rows[key], header.index(column) + 1).value = value
    wb.save(path)


def edit_csv(path: Path, edits: dict[str, dict[str, Any]], *, delimiter: str = ",",
             transform: Callable[[str, str], str] | None = None) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    header = rows[0]
    for row in rows[1:]:
        for column, value in edits.get(row[header.index("creator_key")], {}).items():
            row[header.index(column)] = value
        if transform is not None:
            row[:] = [transform(name, value) for name, value in zip(header, row, strict=True)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


def stored(store: Store) -> dict[str, dict[str, Any]]:
    return {f"{p}:{c}": {k: row[k] for k in EDITED} for (p, c), row in store.shortlist_entries().items()}


def lost_values(store: Store, expected: dict[str, dict[str, Any]]) -> list[str]:
    """Every expected (key, column, value) the store no longer holds."""
    now = stored(store)
    return [f"{key} {column}={value!r}" for key, values in expected.items() for column, value in values.items()
            if now.get(key, {}).get(column) != value]


def both_exports(store: Store, folder: Path) -> tuple[Path, Path]:
    xlsx, csv_path = folder / "s.xlsx", folder / "s.csv"
    export_shortlist(store, xlsx)
    export_shortlist(store, csv_path)
    return xlsx, csv_path


# -- older files never erase newer edits ---------------------------------------------------------

def test_xlsx_edits_survive_importing_the_older_csv(tmp_path: Path) -> None:
    """The reported sequence: edit owner, fee and promo code in the XLSX, import it, then import
    the CSV exported at the same time: it must not erase them (blank cells keep stored values)."""
    store = build_store(n=4)
    xlsx, csv_path = both_exports(store, tmp_path)
    edits = {"mastodon:100": {"owner": "Ana", "agreed_fee": "450 EUR", "promo_code": "KOKOS10"},
             "youtube:UCchan0001": {"owner": "Ben", "agreed_fee": "300 EUR", "promo_code": "CURRY5"}}
    edit_xlsx(xlsx, edits)
    assert import_shortlist(store, xlsx).updated == 2
    result = import_shortlist(store, csv_path)
    assert result.updated == 0
    assert result.kept_blanks == 6
    assert lost_values(store, edits) == []


def test_status_edit_survives_older_csv_unless_forced(tmp_path: Path) -> None:
    """The older CSV still says status "new" (the export's default): the newer status stays."""
    store = build_store(n=3)
    xlsx, csv_path = both_exports(store, tmp_path)
    edit_xlsx(xlsx, {"mastodon:100": {"status": "contacted", "owner": "Ana"}})
    import_shortlist(store, xlsx)
    result = import_shortlist(store, csv_path)
    assert (result.updated, result.kept_default_status) == (0, 1)
    assert stored(store)["mastodon:100"]["status"] == "contacted"
    result = import_shortlist(store, csv_path, force=True)
    assert result.changes == {"status": 1}
    assert stored(store)["mastodon:100"]["status"] == "new"
    assert stored(store)["mastodon:100"]["owner"] == "Ana"  # a blank still does not erase


def test_older_file_overwriting_an_edit_is_refused(tmp_path: Path) -> None:
    store = build_store(n=3)
    xlsx, csv_path = both_exports(store, tmp_path)
    edit_xlsx(xlsx, {"mastodon:100": {"status": "contacted", "owner": "Ana"}})
    edit_csv(csv_path, {"mastodon:100": {"status": "booked"}})
    import_shortlist(store, xlsx)
    before = store.shortlist_entries()
    with pytest.raises(ShortlistImportError, match="--force") as info:
        import_shortlist(store, csv_path)
    message = str(info.value)
    assert "\n" not in message and "mastodon:100 status 'contacted' -> 'booked'" in message
    assert store.shortlist_entries() == before
    result = import_shortlist(store, csv_path, force=True)
    assert result.overwritten_newer == 1 and result.changes == {"status": 1}
    assert stored(store)["mastodon:100"] == {**stored(store)["mastodon:100"], "status": "booked", "owner": "Ana"}


@pytest.mark.parametrize("order", list(itertools.permutations(("xlsx", "csv", "fresh_csv"))))
def test_import_orders_lose_nothing(tmp_path: Path, order: tuple[str, ...]) -> None:
    """Two files exported at the same time and edited in different columns, plus a CSV exported
    after both were imported: any import order keeps every edit (0 values lost)."""
    store = build_store(n=4)
    xlsx, csv_path = both_exports(store, tmp_path)
    xlsx_edits = {"mastodon:100": {"owner": "Ana", "agreed_fee": "450"},
                  "youtube:UCchan0001": {"status": "contacted"}}
    csv_edits = {"mastodon:100": {"promo_code": "KOKOS10", "notes": "=wants 2 posts"},
                 "mastodon:102": {"tracking_link": "https://t.example/x"}}
    edit_xlsx(xlsx, xlsx_edits)
    edit_csv(csv_path, csv_edits)
    files = {"xlsx": xlsx, "csv": csv_path}
    expected: dict[str, dict[str, Any]] = {}
    for name in order:
        if name == "fresh_csv":
            fresh = tmp_path / "fresh.csv"
            export_shortlist(store, fresh)
            fresh_edits = {"mastodon:102": {"owner": "Cem"}}
            edit_csv(fresh, fresh_edits)
            files["fresh_csv"] = fresh
            for key, values in fresh_edits.items():
                expected.setdefault(key, {}).update(values)
        import_shortlist(store, files[name])
        for key, values in (xlsx_edits if name == "xlsx" else csv_edits if name == "csv" else {}).items():
            expected.setdefault(key, {}).update(values)
        assert lost_values(store, expected) == [], (order, name)
    for name in ("xlsx", "csv", "fresh_csv"):  # importing any of them again changes nothing
        assert import_shortlist(store, files[name]).updated == 0
    assert lost_values(store, expected) == []


def test_conflicting_edits_of_the_same_cell_need_force(tmp_path: Path) -> None:
    store = build_store(n=2)
    first, second = tmp_path / "a.csv", tmp_path / "b.xlsx"
    export_shortlist(store, first)
    export_shortlist(store, second)
    edit_csv(first, {"mastodon:100": {"owner": "Ana"}})
    edit_xlsx(second, {"mastodon:100": {"owner": "Ben"}})
    import_shortlist(store, first)
    with pytest.raises(ShortlistImportError, match="owner 'Ana' -> 'Ben'"):
        import_shortlist(store, second)
    assert stored(store)["mastodon:100"]["owner"] == "Ana"
    import_shortlist(store, second, force=True)
    assert stored(store)["mastodon:100"]["owner"] == "Ben"


def test_clear_blanks_erases_only_when_asked(tmp_path: Path) -> None:
    store = build_store(n=2)
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "owner": "Ana", "notes": "call"}])
    out = tmp_path / "s.csv"
    export_shortlist(store, out)  # exported after the edit: not stale
    edit_csv(out, {"mastodon:100": {"owner": "", "notes": ""}})
    result = import_shortlist(store, out)
    assert (result.updated, result.kept_blanks) == (0, 2)
    assert stored(store)["mastodon:100"]["owner"] == "Ana"
    result = import_shortlist(store, out, clear_blanks=True)
    assert result.changes == {"owner": 1, "notes": 1}
    assert stored(store)["mastodon:100"]["owner"] is None and stored(store)["mastodon:100"]["notes"] is None


def test_file_without_timestamp_may_fill_but_not_overwrite(tmp_path: Path) -> None:
    store = build_store(n=2)
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "100", "owner": "Ana"}])
    path = tmp_path / "hand.csv"
    path.write_text("creator_key,owner,notes\nmastodon:100,,first note\n", encoding="utf-8")
    assert import_shortlist(store, path).changes == {"notes": 1}
    path.write_text("creator_key,owner\nmastodon:100,Ben\n", encoding="utf-8")
    with pytest.raises(ShortlistImportError, match="no export timestamp"):
        import_shortlist(store, path)
    assert stored(store)["mastodon:100"]["owner"] == "Ana"


def test_csv_timestamp_survives_excel_reformatting(tmp_path: Path) -> None:
    """A German Excel may show exported_at as 01.12.2026 10:58; the import still reads it."""
    store = build_store(n=2)
    out = tmp_path / "s.csv"
    export_shortlist(store, out, delimiter=";", decimal_comma=True)
    with out.open(encoding="utf-8", newline="") as fh:
        stamp = parse_exported_at(next(itertools.islice(csv.DictReader(fh, delimiter=";"), 1))["exported_at"])
    assert stamp is not None
    german = stamp.strftime("%d.%m.%Y %H:%M")
    edit_csv(out, {"mastodon:100": {"owner": "Ana"}}, delimiter=";",
             transform=lambda name, value: german if name == "exported_at" else value)
    result = import_shortlist(store, out)
    assert result.changes == {"owner": 1} and result.exported_at is not None
    assert parse_exported_at("2026-12-01T10:58:45.511Z") == parse_exported_at("2026-12-01 10:58:45.511+00:00")
    assert parse_exported_at("01.12.2026 10:58") is not None
    assert parse_exported_at("yesterday") is None and parse_exported_at(None) is None


# -- formulas ---------------------------------------------------------------------------------

def test_formula_typed_into_notes_is_kept_as_text(tmp_path: Path) -> None:
    store = build_store(n=2)
    out = tmp_path / "s.xlsx"
    export_shortlist(store, out)
    formula = '=HYPERLINK("https://evil.example","x") – Rückruf Dienstag'
    edit_xlsx(out, {"mastodon:100": {"notes": formula}})  # openpyxl stores it as a formula, like Excel
    with zipfile.ZipFile(out) as zf:
        assert b"<f>" in zf.read("xl/worksheets/sheet1.xml")
    result = import_shortlist(store, out)
    assert result.changes == {"notes": 1}
    assert result.formulas == ("mastodon:100 notes",)
    assert stored(store)["mastodon:100"]["notes"] == formula
    again = tmp_path / "again.xlsx"
    export_shortlist(store, again)
    ws = load_workbook(again)["Shortlist"]
    notes = next(c for row in ws.iter_rows() for c in row if c.value == formula)
    assert notes.data_type == "s" and notes.quotePrefix
    csv_out = tmp_path / "again.csv"
    export_shortlist(store, csv_out)
    with csv_out.open(encoding="utf-8", newline="") as fh:
        assert next(r for r in csv.DictReader(fh) if r["creator_key"] == "mastodon:100")["notes"] == "'" + formula


def test_cli_import_reports_changes_per_column_and_formulas(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    build_store(db, n=3).close()
    out = tmp_path / "s.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(out)]).exit_code == 0
    edit_xlsx(out, {"mastodon:100": {"owner": "Ana", "notes": "=1+1"}, "youtube:UCchan0001": {"owner": "Ben"}})
    result = runner.invoke(cli, ["shortlist", "import", str(out), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 updated (owner 2, notes 1)" in result.output
    assert "1 formula kept as text" in result.output and "mastodon:100 notes" in result.output
    csv_out = tmp_path / "old.csv"
    assert runner.invoke(cli, ["shortlist", "--db", str(db), "--out", str(csv_out)]).exit_code == 0
    edit_csv(csv_out, {"mastodon:100": {"owner": "Zoe"}})
    edit_xlsx(out, {"mastodon:100": {"owner": "Ana2"}})
    runner.invoke(cli, ["shortlist", "import", str(csv_out), "--db", str(db)], catch_exceptions=False)
    refused = runner.invoke(cli, ["shortlist", "import", str(out), "--db", str(db)], catch_exceptions=False)
    assert refused.exit_code == 1 and "--force" in refused.output and "Traceback" not in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    forced = runner.invoke(cli, ["shortlist", "import", str(out), "--force", "--db", str(db)],
                           catch_exceptions=False)
    assert forced.exit_code == 0 and "--force: 1 row overwrote" in forced.output


# -- size limits --------------------------------------------------------------------------------

def _forge_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size ``member`` declares in the zip's central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46: offset + 46 + name_len] == name:
            struct.pack_into("<I", data, offset + 24, size)
            path.write_bytes(bytes(data))
            return
        offset += 4
    raise LookupError(member)


def _no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("openpyxl must not read a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _shared_strings_workbook(path: Path) -> None:
    """A small workbook whose strings live in xl/sharedStrings.xml (as Excel saves them)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Shortlist")
    ws.write_row(0, 0, ["creator_key", "owner"])
    ws.write_row(1, 0, ["mastodon:100", "x" * 1000])
    wb.close()


def test_xlsx_declaring_a_huge_unpacked_size_is_refused_unread(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = build_store(n=1)
    bomb = tmp_path / "bomb.xlsx"
    _shared_strings_workbook(bomb)
    _forge_declared_size(bomb, "xl/sharedStrings.xml", 2_000_000_000)
    assert bomb.stat().st_size < 10_000
    _no_openpyxl(monkeypatch)
    with pytest.raises(ShortlistImportError) as info:
        import_shortlist(store, bomb)
    message = str(info.value)
    assert "\n" not in message and "xl/sharedStrings.xml" in message and "over the import limit" in message
    assert store.shortlist_entries() == {}


def test_xlsx_whose_members_unpack_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = build_store(n=1)
    big = tmp_path / "big.xlsx"
    _shared_strings_workbook(big)
    _no_openpyxl(monkeypatch)
    with pytest.raises(ShortlistImportError, match="over the import limit"):
        import_shortlist(store, big, limits=ImportLimits(max_bytes=2_000))
    lying = tmp_path / "lying.xlsx"
    _shared_strings_workbook(lying)
    _forge_declared_size(lying, "xl/sharedStrings.xml", 10)  # declares less than it holds
    with pytest.raises(ShortlistImportError, match=r"cannot read lying\.xlsx as an Excel workbook") as info:
        import_shortlist(store, lying)
    assert "\n" not in str(info.value)


def test_xlsx_with_a_far_away_row_is_refused(tmp_path: Path) -> None:
    """A one-cell workbook whose cell sits on row 900,000 (a few KB on disk)."""
    store = build_store(n=1)
    wb = Workbook()
    ws = wb.active
    ws.title = "Shortlist"
    ws.append(["creator_key", "owner"])
    ws.cell(row=900_000, column=1, value="mastodon:100")
    path = tmp_path / "far.xlsx"
    wb.save(path)
    with pytest.raises(ShortlistImportError, match="more than 100,000 rows"):
        import_shortlist(store, path)


def test_csv_over_the_limits_is_refused(tmp_path: Path) -> None:
    store = build_store(n=1)
    many = tmp_path / "many.csv"
    with many.open("w", encoding="utf-8", newline="") as fh:
        fh.write("creator_key,owner\n")
        fh.writelines("mastodon:100,Ana\n" for _ in range(100_001))
    with pytest.raises(ShortlistImportError, match="more than 100,000 rows") as info:
        import_shortlist(store, many)
    assert "\n" not in str(info.value)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # sparse: 1.1 GB of size, no disk used, never read
        fh.write(b"creator_key,owner\n")
        fh.truncate(1_100_000_000)
    with pytest.raises(ShortlistImportError, match=r"huge.csv is 1,049 MB, over the import limit of 256 MB"):
        import_shortlist(store, huge)
    long_line = tmp_path / "long.csv"
    long_line.write_text("creator_key,owner\nmastodon:100," + "x" * 5_000 + "\n", encoding="utf-8")
    with pytest.raises(ShortlistImportError, match="line longer than 1,000 characters"):
        import_shortlist(store, long_line, limits=ImportLimits(max_line_chars=1_000))
    assert store.shortlist_entries() == {}


def test_readme_states_the_import_limits() -> None:
    limits = ImportLimits()
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Size limits**"):]
    assert f"at most {limits.max_bytes // 2**20} MB" in section
    assert f"{limits.max_members:,} members" in section
    assert f"at most {limits.max_rows:,} rows" in section
    assert f"at most {limits.max_line_chars:,}" in section


def test_damaged_xlsx_is_refused_in_one_line(tmp_path: Path) -> None:
    store = build_store(n=1)
    good = tmp_path / "good.xlsx"
    _shared_strings_workbook(good)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>1</v>", b"<v>9999</v>")  # a shared string that does not exist
            dst.writestr(info, data)
    with pytest.raises(ShortlistImportError, match=r"cannot read damaged\.xlsx") as info:
        import_shortlist(store, damaged)
    assert "\n" not in str(info.value)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(ShortlistImportError, match=r"cannot read truncated\.xlsx"):
        import_shortlist(store, truncated)


def _strip_property(src_path: Path, dst_path: Path) -> None:
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst_path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/custom.xml":
                assert b"creatorscout_exported_at" in data
                data = data.replace(b"creatorscout_exported_at", b"renamed_by_some_program")
            dst.writestr(info, data)


def test_xlsx_timestamp_falls_back_to_the_methodology_sheet(tmp_path: Path) -> None:
    """A spreadsheet program that drops custom document properties still keeps the Methodology
    sheet's "Exported at" cell: an older workbook is refused, a newer one accepted (without any
    timestamp the newer one would be refused too)."""
    store = build_store(n=2)
    older, newer = tmp_path / "older.xlsx", tmp_path / "newer.xlsx"
    export_shortlist(store, older)
    edited = tmp_path / "edited.csv"
    export_shortlist(store, edited)
    edit_csv(edited, {"mastodon:100": {"owner": "Ana"}})
    import_shortlist(store, edited)
    export_shortlist(store, newer)
    for path in (older, newer):
        _strip_property(path, path.with_suffix(".stripped.xlsx"))
        edit_xlsx(path.with_suffix(".stripped.xlsx"), {"mastodon:100": {"owner": "Ben"}})
    with pytest.raises(ShortlistImportError, match="owner 'Ana' -> 'Ben'"):
        import_shortlist(store, older.with_suffix(".stripped.xlsx"))
    result = import_shortlist(store, newer.with_suffix(".stripped.xlsx"))
    assert result.changes == {"owner": 1} and result.exported_at is not None
