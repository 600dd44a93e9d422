"""The CSV writer: one header row, one row per creator, then the export's timestamp per row.

UTF-8 (with ``excel_bom`` a BOM, so that Excel reads umlauts right), any one-character
delimiter. Text is cleaned (:func:`~vetting.shortlist.cells.clean_text`) and formula-like text
gets a leading apostrophe (:func:`~vetting.shortlist.cells.neutralize_cell`). Numbers carry the
report's precision in fixed notation (never ``1e-05``), without thousands separators; with
``decimal_comma`` the decimal separator is ``,`` so that a German Excel reads them as numbers
(the delimiter must then not be ``,``: ``;`` is the German habit).

The column :data:`EXPORTED_AT_COLUMN` (last but the conversation columns, which were added after it)
repeats the export's UTC timestamp
(``2026-06-01T08:00:00.000Z``) on every row. Excel keeps it as text through an open-and-save
(it does not read the ``T``/``Z`` form as a date), and ``creatorscout shortlist import``
compares it, row by row, with the time of later edits.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vetting.shortlist.cells import NUMBER_FORMATS, clean_text, format_number, neutralize_cell, round_number
from vetting.shortlist.rows import COLUMNS, CONVERSATION_COLUMNS, ShortlistRow

logger = logging.getLogger(__name__)

__all__ = ["CSV_COLUMNS", "EXPORTED_AT_COLUMN", "check_csv_options", "csv_value", "write_csv"]

EXPORTED_AT_COLUMN = "exported_at"
_BEFORE_STAMP = tuple(c for c in COLUMNS if c not in CONVERSATION_COLUMNS)
CSV_COLUMNS = (*_BEFORE_STAMP, EXPORTED_AT_COLUMN, *CONVERSATION_COLUMNS)
"""The CSV's header: the shortlist columns, the export's timestamp, then the conversation columns
(added after the timestamp, so every earlier column keeps its place)."""


def check_csv_options(delimiter: str, decimal_comma: bool) -> None:
    """Raise ``ValueError`` (with the fix) for a delimiter the CSV cannot use."""
    if len(delimiter) != 1 or delimiter in "\"'\r\n":
        raise ValueError(f"delimiter must be one character other than quotes and newlines, got {delimiter!r}")
    if decimal_comma and delimiter in ",.":
        raise ValueError(f"with a decimal comma the delimiter cannot be {delimiter!r}: use ';' (the German Excel "
                         "habit) or a tab")


def csv_value(name: str, value: Any, *, decimal_comma: bool = False) -> str:
    """One CSV cell: empty for missing, numbers at the report's precision, text cleaned and neutralised."""
    if value is None:
        return ""
    fmt = NUMBER_FORMATS.get(name)
    if fmt is not None and fmt.kind != "date":
        number = round_number(value, fmt)
        if number is not None:
            return format_number(number, fmt, decimal_comma=decimal_comma)
    return neutralize_cell(clean_text(str(value)))


def write_csv(path: str | Path, rows: Sequence[ShortlistRow], *, exported_at: str, delimiter: str = ",",
              excel_bom: bool = False, decimal_comma: bool = False) -> Path:
    """Write the shortlist as CSV to ``path`` (via a ``.part`` file, so a failed write leaves no
    half-written file)."""
    check_csv_options(delimiter, decimal_comma)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    stamp = clean_text(exported_at)
    try:
        with part.open("w", encoding="utf-8-sig" if excel_bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                values = dict(zip(COLUMNS, row.values(), strict=True))
                writer.writerow([stamp if name == EXPORTED_AT_COLUMN
                                 else csv_value(name, values[name], decimal_comma=decimal_comma)
                                 for name in CSV_COLUMNS])
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path
