"""``creatorscout comments score``: ragged rows, formula-like cells, a missing column (uses the shipped model)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from delivery_store import FORMULA_PAYLOADS

from vetting.cli import cli
from vetting.comments_csv import CsvInputError, MissingColumnError, safe_cell, score_comments_csv


def test_ragged_row_is_an_error_naming_its_line(tmp_path: Path) -> None:
    """An unquoted delimiter in a comment shifted every later column silently before."""
    src = tmp_path / "in.csv"
    src.write_text('id,text,lang\n1,"Lecker, danke!",de\n\n2,Super Rezept, danke,de\n3,ok,en\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(CsvInputError, match=r"in\.csv line 4: 4 fields where the header has 3") as info:
        score_comments_csv(src, out)
    assert "\n" not in str(info.value)
    assert not out.exists() and not (tmp_path / "out.csv.part").exists()
    short = tmp_path / "short.csv"
    short.write_text('id,text,lang\n1,"multi\nline",de\n2,only two\n', encoding="utf-8")
    with pytest.raises(CsvInputError, match="line 4: 2 fields"):
        score_comments_csv(short, out)


def test_formula_like_cells_are_neutralised_in_the_output(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["id", "text", "=cmd"])
        for i, payload in enumerate(FORMULA_PAYLOADS):
            writer.writerow([str(i - 3), payload, f"{payload}\x00\u202e"])
    out = tmp_path / "out.csv"
    assert score_comments_csv(src, out) == len(FORMULA_PAYLOADS)
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["id", "text", "'=cmd", "bot_probability", "bot_like"]
    for i, (row, payload) in enumerate(zip(rows[1:], FORMULA_PAYLOADS, strict=True)):
        assert row[0] == str(i - 3)  # plain numbers, negative ones too, stay numbers
        assert row[1] == "'" + payload and row[2] == "'" + payload
        assert 0 <= float(row[3]) <= 1 and row[4] in ("0", "1")
    assert safe_cell("-2.5") == "-2.5" and safe_cell("-2+3") == "'-2+3" and safe_cell("'=x") == "'=x"


def test_missing_column_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(MissingColumnError):
        score_comments_csv(src, out)
    result = CliRunner().invoke(cli, ["comments", "score", str(src), "--out", str(out)])
    assert result.exit_code == 2
    assert "--text-column" in result.output and "columns present: 'id', 'body'" in result.output
    assert "Traceback" not in result.output and not out.exists()
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,text\n1,a,b\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["comments", "score", str(ragged), "--out", str(out)])
    assert result.exit_code == 1 and "line 2: 3 fields" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_line_longer_than_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vetting import comments_csv

    monkeypatch.setattr(comments_csv, "MAX_LINE_CHARS", 100)
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1," + "x" * 500 + "\n", encoding="utf-8")
    with pytest.raises(CsvInputError, match="line 2 is longer than 100 characters"):
        score_comments_csv(src, tmp_path / "out.csv")
