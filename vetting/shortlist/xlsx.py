"""The XLSX writer: sheets Shortlist, Methodology and Evidence, written with XlsxWriter.

XlsxWriter's ``constant_memory`` mode writes each row to disk as soon as the next one starts, so
memory stays flat for any number of creators; it writes the 10,000-creator benchmark workbook
about 1.5 times as fast as openpyxl's write-only mode writes the same cells
(``benchmarks/xlsx_engines.py``). openpyxl stays the reader of imports
(:mod:`vetting.shortlist.importer`).

Every text goes through :mod:`vetting.shortlist.cells`: cleaned, cut to Excel's cell limit,
written as a string cell (never a formula), formula-like text with the quote-prefix style;
numbers rounded to the report's precision and shown with matching number formats;
``last_crawled_at`` as a date-time; links only for :func:`~vetting.shortlist.cells.safe_link`
URLs. The export's timestamp goes into the custom document property
:data:`EXPORTED_AT_PROPERTY` and the Methodology sheet (the import compares it with later edits).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.timeutil import parse_utc
from vetting.shortlist.cells import (
    NUMBER_FORMATS,
    XLSX_MAX_CHARS,
    NumberFormat,
    clean_text,
    is_formula_like,
    round_number,
    safe_link,
)
from vetting.shortlist.rows import COLUMNS, EVIDENCE_COLUMNS, STATUSES, ShortlistRow

logger = logging.getLogger(__name__)

__all__ = ["EXPORTED_AT_PROPERTY", "MAX_LINKS_PER_SHEET", "write_xlsx", "xlsx_datetime", "xlsx_text"]

EXPORTED_AT_PROPERTY = "creatorscout_exported_at"
"""Custom document property holding the export's UTC timestamp (ISO 8601, ``Z``)."""
MAX_LINKS_PER_SHEET = 65_530
"""Excel's limit of hyperlinks in one worksheet; later URLs are written as text."""

_WIDTHS = {
    "rank": 6, "platform": 10, "handle": 26, "display_name": 24, "profile_url": 34, "followers_count": 11,
    "tier": 9, "engagement_rate": 10, "engagement_rate_basis": 40, "er_band": 14, "niche_terms": 28,
    "audience_languages": 22, "recent_brands": 22, "est_cost_per_post": 12, "est_cost_per_engagement": 12,
    "score": 8, "verdict": 16, "reasons": 60, "last_crawled_at": 17, "creator_key": 30, "status": 13,
    "owner": 14, "notes": 30, "agreed_fee": 12, "promo_code": 14, "tracking_link": 30, "growth_anomaly": 30,
}
_EVIDENCE_WIDTHS = (30, 24, 24, 50, 80, 40, 50)   # one per EVIDENCE_COLUMNS
# Excel reads "_xHHHH_" in a string as an escaped character; a literal one is escaped as "_x005F_xHHHH_".
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def xlsx_text(value: Any) -> str:
    """``value`` as the text of a string cell: cleaned, line ends as LF (XML turns a CR into LF
    anyway), cut to Excel's limit, a literal ``_xHHHH_`` kept literal."""
    text = clean_text(str(value), limit=XLSX_MAX_CHARS)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
        if len(text) > XLSX_MAX_CHARS:
            text = text[: XLSX_MAX_CHARS - 1] + "…"
    return text


def xlsx_datetime(value: Any) -> datetime | None:
    """An ISO-8601 timestamp as a naive UTC datetime for a date-time cell (``None`` if unreadable)."""
    parsed = parse_utc(value)
    return None if parsed is None else parsed.replace(tzinfo=None)


class _Sheet:
    """One worksheet plus the formats its cells share."""

    def __init__(self, workbook: Any, name: str, formats: dict[str, Any]) -> None:
        self.ws = workbook.add_worksheet(name)
        self.formats = formats
        self.links = 0

    def text(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        text = xlsx_text(value)
        if text:
            self.ws.write_string(row, col, text, self.formats["quote"] if is_formula_like(text) else fmt)

    def link_or_text(self, row: int, col: int, value: Any) -> None:
        url = safe_link(value)
        if url is not None and self.links < MAX_LINKS_PER_SHEET:
            self.links += 1
            self.ws.write_url(row, col, url, self.formats["link"], xlsx_text(url))
        elif value is not None:
            self.text(row, col, value)

    def number(self, row: int, col: int, value: Any, fmt: NumberFormat, cell_format: Any) -> None:
        if fmt.kind == "date":
            moment = xlsx_datetime(value)
            if moment is not None:
                self.ws.write_datetime(row, col, moment, cell_format)
                return
        else:
            number = round_number(value, fmt)
            if number is not None:
                self.ws.write_number(row, col, number, cell_format)
                return
        if value is not None and value != "":
            self.text(row, col, value)


def _formats(workbook: Any, currency: str) -> dict[str, Any]:
    unit = re.sub(r'["\\\x00-\x1f]', "", currency)[:12]
    return {
        "header": workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#305496",
                                       "text_wrap": True, "valign": "top"}),
        "quote": workbook.add_format({"quote_prefix": True}),
        "link": workbook.add_format({"font_color": "#0563C1", "underline": 1}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "integer": workbook.add_format({"num_format": "#,##0"}),
        "percent_1": workbook.add_format({"num_format": "0.0%"}),
        "percent_2": workbook.add_format({"num_format": "0.00%"}),
        "decimal_1": workbook.add_format({"num_format": "0.0"}),
        "decimal_2": workbook.add_format({"num_format": "0.00"}),
        "money_0": workbook.add_format({"num_format": f'#,##0 "{unit}"'}),
        "money_3": workbook.add_format({"num_format": f'#,##0.000 "{unit}"'}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }


def _format_key(fmt: NumberFormat) -> str:
    if fmt.kind in ("integer", "date"):
        return fmt.kind
    return f"{fmt.kind}_{fmt.digits}"


def write_xlsx(path: str | Path, rows: Sequence[ShortlistRow], *, exported_at: str,
               methodology: Sequence[Sequence[Any]] = (), evidence: Sequence[Sequence[Any]] = (),
               currency: str = "USD") -> Path:
    """Write the three-sheet workbook to ``path`` (via a ``.part`` file, so a failed write leaves
    no half-written workbook). ``exported_at`` is the export's UTC timestamp."""
    import xlsxwriter
    import xlsxwriter.exceptions

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    workbook = xlsxwriter.Workbook(str(part), {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False,
    })
    try:
        workbook.set_properties({"title": "creatorscout shortlist",
                                 "comments": f"Exported {exported_at} by creatorscout shortlist"})
        workbook.set_custom_property(EXPORTED_AT_PROPERTY, exported_at)
        formats = _formats(workbook, currency)
        _write_shortlist(_Sheet(workbook, "Shortlist", formats), rows)
        _write_methodology(_Sheet(workbook, "Methodology", formats), methodology)
        _write_evidence(_Sheet(workbook, "Evidence", formats), evidence)
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # wraps the OSError of creating the file
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
            raise cause or OSError(f"cannot create {part}: {exc}") from None
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def _write_shortlist(sheet: _Sheet, rows: Sequence[ShortlistRow]) -> None:
    ws, formats = sheet.ws, sheet.formats
    for index, name in enumerate(COLUMNS):
        ws.set_column(index, index, _WIDTHS.get(name, 12))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    for col, name in enumerate(COLUMNS):
        sheet.text(0, col, name, formats["header"])
    plan = []
    for name in COLUMNS:
        fmt = NUMBER_FORMATS.get(name)
        plan.append((name == "profile_url", fmt, formats[_format_key(fmt)] if fmt else None))
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row.values()):
            if value is None:
                continue
            is_link, fmt, cell_format = plan[col]
            if fmt is not None:
                sheet.number(r, col, value, fmt, cell_format)
            elif is_link:
                sheet.link_or_text(r, col, value)
            else:
                sheet.text(r, col, value)
    if rows:
        score = COLUMNS.index("score")
        ws.conditional_format(1, score, len(rows), score, {
            "type": "3_color_scale", "min_type": "num", "min_value": 0, "min_color": "#F8696B",
            "mid_type": "num", "mid_value": 50, "mid_color": "#FFEB84",
            "max_type": "num", "max_value": 100, "max_color": "#63BE7B",
        })
    status = COLUMNS.index("status")
    ws.data_validation(1, status, len(rows) + 1000, status, {
        "validate": "list", "source": list(STATUSES), "ignore_blank": True,
        "error_title": "status", "error_message": "Choose one of: " + ", ".join(STATUSES),
    })


def _write_methodology(sheet: _Sheet, methodology: Sequence[Sequence[Any]]) -> None:
    sheet.ws.set_column(0, 0, 28)
    sheet.ws.set_column(1, 1, 120)
    for r, (item, text) in enumerate(methodology):
        sheet.text(r, 0, item)
        sheet.text(r, 1, text)


def _write_evidence(sheet: _Sheet, evidence: Sequence[Sequence[Any]]) -> None:
    ws = sheet.ws
    for index, width in enumerate(_EVIDENCE_WIDTHS):
        ws.set_column(index, index, width)
    ws.freeze_panes(1, 0)
    for col, name in enumerate(EVIDENCE_COLUMNS):
        sheet.text(0, col, name, sheet.formats["header"])
    last = len(EVIDENCE_COLUMNS) - 1
    url_column = EVIDENCE_COLUMNS.index("post_url")
    for r, values in enumerate(evidence, start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if col == url_column:
                sheet.link_or_text(r, col, value)
            else:
                sheet.text(r, col, value)
    if evidence:
        ws.autofilter(0, 0, len(evidence), last)
