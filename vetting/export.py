"""Shortlist spreadsheets (XLSX, CSV) from the latest vetting scores, and their import back.

``export_shortlist(store, path, filters)`` is what ``creatorscout shortlist`` calls: it ranks the
latest vetting score of every creator (:func:`build_shortlist`) and writes

* XLSX: sheet "Shortlist" (frozen header, autofilter, widths, number formats at the report's
  precision, date-time cells, profile links, a colour scale on ``score``, a dropdown on
  ``status``), sheet "Methodology" (every column and formula, generated from the vetting run's
  settings and the model metadata; the data's date; the cost table's sources) and sheet
  "Evidence" (flagged comments: text only, never who wrote them);
* CSV: UTF-8 (optionally with a BOM for Excel), any one-character delimiter, optionally a decimal
  comma, and an ``exported_at`` column.

Each part has its own module in :mod:`vetting.shortlist` (building, cell safety, methodology,
the two writers, the import); this module ties them together and keeps the names other modules
import from ``vetting.export``. :func:`import_shortlist` reads an edited file back into
``shortlist_entries`` (all-or-nothing; see :mod:`vetting.shortlist.importer`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from crawler.storage import Store
from crawler.timeutil import now_z
from vetting import costs
from vetting.shortlist.cells import FORMULA_TRIGGERS, clean_text, neutralize_cell, safe_link, unneutralize_cell
from vetting.shortlist.csvfile import EXPORTED_AT_COLUMN, check_csv_options, write_csv
from vetting.shortlist.importer import ImportLimits, ImportResult, ShortlistImportError, import_shortlist
from vetting.shortlist.methodology import DataInfo, methodology_rows
from vetting.shortlist.rows import (
    COLUMNS,
    EVIDENCE_COLUMNS,
    STATUSES,
    WORKFLOW_COLUMNS,
    NicheMismatchError,
    NotVettedError,
    ShortlistFilters,
    ShortlistRow,
    build_shortlist,
    comments_by_id,
    evidence_rows,
    finite_number,
    json_column,
)
from vetting.shortlist.xlsx import EXPORTED_AT_PROPERTY, write_xlsx

logger = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "EVIDENCE_COLUMNS",
    "EXPORTED_AT_COLUMN",
    "EXPORTED_AT_PROPERTY",
    "FORMULA_TRIGGERS",
    "STATUSES",
    "WORKFLOW_COLUMNS",
    "DataInfo",
    "ExportResult",
    "ImportLimits",
    "ImportResult",
    "NicheMismatchError",
    "NotVettedError",
    "ShortlistFilters",
    "ShortlistImportError",
    "ShortlistRow",
    "build_shortlist",
    "clean_text",
    "comments_by_id",
    "evidence_rows",
    "export_shortlist",
    "finite_number",
    "import_shortlist",
    "json_column",
    "neutralize_cell",
    "safe_link",
    "unneutralize_cell",
    "write_csv",
    "write_xlsx",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    evidence_rows: int
    info: DataInfo
    exported_at: str
    """UTC timestamp written into the file (the import compares it with later edits)."""


def export_shortlist(store: Store, path: str | Path, filters: ShortlistFilters | None = None, *,
                     delimiter: str = ",", excel_bom: bool = False, decimal_comma: bool = False,
                     cost_table: costs.CostTable | None = None) -> ExportResult:
    """Build the shortlist and write it to ``path``; the format follows the extension
    (``.xlsx`` or ``.csv``). ``delimiter``, ``excel_bom`` and ``decimal_comma`` apply to CSV."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"cannot write {path.name}: the file name must end in .xlsx or .csv")
    if fmt == "csv":
        check_csv_options(delimiter, decimal_comma)
    filters = filters or ShortlistFilters()
    table = cost_table or costs.load_cost_table()
    rows = build_shortlist(store, filters, cost_table=table)
    info = DataInfo.of(store, rows)
    exported_at = now_z("milliseconds")
    if fmt == "csv":
        write_csv(path, rows, exported_at=exported_at, delimiter=delimiter, excel_bom=excel_bom,
                  decimal_comma=decimal_comma)
        return ExportResult(path, fmt, len(rows), 0, info, exported_at)
    evidence = evidence_rows(store, rows)
    method = methodology_rows(info, filters, table, len(rows), exported_at=exported_at)
    write_xlsx(path, rows, exported_at=exported_at, methodology=method, evidence=evidence, currency=table.currency)
    return ExportResult(path, fmt, len(rows), len(evidence), info, exported_at)
