"""Import an edited shortlist (XLSX or CSV) back into ``shortlist_entries``.

Rows are matched on ``creator_key``; only the workflow columns (status, owner, notes,
agreed_fee, promo_code, tracking_link) are stored. The import is all-or-nothing and never loses
an edit silently:

* **Blank cells keep stored values.** A cell left empty does not erase what the store holds
  unless ``clear_blanks`` (``--clear-blanks``) is given.
* **Older files are refused.** Every export carries its UTC timestamp (XLSX: the document
  property ``creatorscout_exported_at`` and the Methodology sheet's "Exported at"; CSV: the
  ``exported_at`` column on every row). A row that would overwrite or clear a stored value
  edited *after* its file was exported refuses the whole import unless ``force`` (``--force``).
  A file without a timestamp counts as older than every stored edit. Filling a field the store
  holds no value for, or changing the default status ``new``, is never refused; in such an older
  row the status ``new`` (what the export writes for an untouched row) keeps the stored status.
* **Formulas are kept as text.** A formula typed into a cell is stored as its text (every export
  neutralises it again) and reported, never dropped.
* **Size limits** (:class:`ImportLimits`): the file's size, for an XLSX the sizes its zip
  members declare *and* the bytes they actually unpack to (checked before openpyxl reads them),
  the number of rows and the length of a CSV line. Files are read streaming (openpyxl's
  read-only mode, the ``csv`` module line by line).
"""

from __future__ import annotations

import csv
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from crawler.errors import CreatorscoutError
from crawler.storage import Store
from crawler.timeutil import format_z, parse_utc
from vetting.shortlist.cells import clean_text, is_formula_like, unneutralize_cell
from vetting.shortlist.csvfile import EXPORTED_AT_COLUMN
from vetting.shortlist.methodology import EXPORTED_AT_ITEM
from vetting.shortlist.rows import STATUSES, WORKFLOW_COLUMNS
from vetting.shortlist.xlsx import EXPORTED_AT_PROPERTY

logger = logging.getLogger(__name__)

__all__ = ["ImportLimits", "ImportResult", "ShortlistImportError", "import_shortlist"]


class ShortlistImportError(CreatorscoutError, ValueError):
    """An edited shortlist cannot be imported (nothing was changed)."""


@dataclass(frozen=True)
class ImportLimits:
    """What an import reads at most; a larger file is refused before it is parsed.

    The defaults hold ten times the 10,000-creator benchmark shortlist.
    """

    max_rows: int = 100_000
    """Data rows (sheet rows after the header, empty ones included)."""
    max_bytes: int = 256 * 1024 * 1024
    """The file's size; for an XLSX also the bytes its zip members unpack to, together."""
    max_members: int = 1_000
    """Files inside an XLSX (a shortlist has about a dozen)."""
    max_line_chars: int = 1024 * 1024
    """Characters in one line of a CSV."""


@dataclass(frozen=True)
class ImportResult:
    path: Path
    rows: int
    """Data rows with a creator_key."""
    updated: int
    """Entries written (new or changed)."""
    unchanged: int
    columns: tuple[str, ...]
    """Workflow columns the file had."""
    changes: dict[str, int] = field(default_factory=dict)
    """Values written per workflow column (set, changed or cleared), in column order."""
    kept_blanks: int = 0
    """Blank cells that left a stored value as it was (``clear_blanks`` was not given)."""
    kept_default_status: int = 0
    """Rows older than their stored edit whose status was the exported default ``new``: the
    stored status was kept (``force`` sets ``new``)."""
    formulas: tuple[str, ...] = ()
    """``creator_key column`` of each formula stored as text."""
    overwritten_newer: int = 0
    """Rows whose newer stored edits were overwritten because ``force`` was given."""
    exported_at: str | None = None
    """The file's export timestamp (a CSV: its oldest row's), when it had one."""


@dataclass
class _Cell:
    value: Any
    formula: bool = False


@dataclass
class _Row:
    values: dict[str, str | None]
    exported_at: datetime | None
    formulas: list[str]


# -- reading ----------------------------------------------------------------------------------

def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _check_zip(path: Path, limits: ImportLimits) -> None:
    """Refuse an XLSX whose zip members declare or actually unpack to more than the limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ShortlistImportError(f"{path.name} holds {len(members):,} files, more than an Excel workbook "
                                           f"(limit {limits.max_members:,}); nothing was imported")
            declared = sum(m.file_size for m in members)
            if declared > limits.max_bytes:
                biggest = max(members, key=lambda m: m.file_size)
                raise ShortlistImportError(
                    f"{path.name} unpacks to {_mb(declared)} ({biggest.filename} alone {_mb(biggest.file_size)}), "
                    f"over the import limit of {_mb(limits.max_bytes)}; nothing was imported"
                )
            unpacked = 0
            for member in members:
                with archive.open(member) as fh:
                    while chunk := fh.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > limits.max_bytes:
                            raise ShortlistImportError(
                                f"{path.name} unpacks to more than the import limit of {_mb(limits.max_bytes)} "
                                f"(at {member.filename}); nothing was imported")
    except ShortlistImportError:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise ShortlistImportError(f"cannot read {path.name} as an Excel workbook ({exc}); nothing was "
                                   "imported") from None


@contextmanager
def _open_xlsx(path: Path, limits: ImportLimits) -> Iterator[tuple[Iterator[list[_Cell]], Any]]:
    """Rows of the Shortlist sheet (else the first), streaming, and the export timestamp (the
    document property, else the Methodology cell)."""
    from openpyxl import load_workbook

    _check_zip(path, limits)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # boundary: openpyxl raises many kinds for a damaged file
        raise ShortlistImportError(f"cannot read {path.name} as an Excel workbook: {exc}") from None
    try:
        yield _sheet_rows(path, wb), _workbook_stamp(wb)
    finally:
        wb.close()


def _sheet_rows(path: Path, wb: Any) -> Iterator[list[_Cell]]:
    try:
        ws = wb["Shortlist"] if "Shortlist" in wb.sheetnames else wb.worksheets[0]
        ws.reset_dimensions()  # read what is there, not what the (possibly wrong) <dimension> claims
        header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        yield [_Cell(v) for v in header]
        if not header:
            return
        for cells in ws.iter_rows(min_row=2, max_col=len(header)):
            yield [_Cell(_formula_text(c.value), True) if getattr(c, "data_type", None) == "f" else _Cell(c.value)
                   for c in cells]
    except Exception as exc:  # boundary: openpyxl parses lazily and raises many kinds for a damaged sheet
        raise ShortlistImportError(f"cannot read {path.name} as an Excel workbook ({type(exc).__name__}: "
                                   f"{exc}); nothing was imported") from None


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # openpyxl's ArrayFormula keeps its text in .text
    return str(text) if text is not None else ""


def _workbook_stamp(wb: Any) -> Any:
    for prop in getattr(wb, "custom_doc_props", None) or ():
        if getattr(prop, "name", None) == EXPORTED_AT_PROPERTY and getattr(prop, "value", None):
            return prop.value
    if "Methodology" in wb.sheetnames:
        sheet = wb["Methodology"]
        sheet.reset_dimensions()
        for item, *rest in sheet.iter_rows(max_row=30, max_col=2, values_only=True):
            if isinstance(item, str) and item.strip() == EXPORTED_AT_ITEM:
                return rest[0] if rest else None
    return None


def _csv_lines(fh: IO[str], name: str, limit: int) -> Iterator[str]:
    while line := fh.readline(limit + 1):
        if len(line) > limit:
            raise ShortlistImportError(f"{name} has a line longer than {limit:,} characters (the import limit); "
                                       "nothing was imported")
        yield line


def _csv_rows(path: Path, limits: ImportLimits) -> Iterator[list[_Cell]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = fh.readline(limits.max_line_chars)
            delimiter = max(",;\t|", key=first.count)  # the header row holds plain column names
            fh.seek(0)
            for record in csv.reader(_csv_lines(fh, path.name, limits.max_line_chars), delimiter=delimiter):
                # a CSV holds no formulas; formula-like text without the export's apostrophe was typed by hand
                yield [_Cell(v, is_formula_like(v)) for v in record]
    except UnicodeDecodeError:
        raise ShortlistImportError(f"{path.name} is not UTF-8 text: save it as 'CSV UTF-8'; nothing was "
                                   "imported") from None
    except csv.Error as exc:
        raise ShortlistImportError(f"{path.name} is not a readable CSV file ({exc}); nothing was imported") from None


@contextmanager
def _open_table(path: Path, limits: ImportLimits) -> Iterator[tuple[Iterator[list[_Cell]], Any]]:
    """The file's rows (the first is the header) and its export timestamp, if the format has one."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ShortlistImportError(f"{path.name} is {_mb(size)}, over the import limit of {_mb(limits.max_bytes)}; "
                                   "nothing was imported")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _open_xlsx(path, limits) as opened:
            yield opened
    elif suffix in (".csv", ".txt", ".tsv"):
        yield _csv_rows(path, limits), None
    else:
        raise ShortlistImportError(f"cannot import {path.name}: expected a .xlsx or .csv file")


# -- values -----------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        value = str(value).upper()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime | date | time):
        value = value.isoformat()
    elif isinstance(value, timedelta):
        value = str(value)
    text = str(value)
    if "_x005F_" in text:  # Excel's escape of a literal "_xHHHH_" (openpyxl undoes it for shared strings only)
        text = text.replace("_x005F_", "_")
    text = clean_text(unneutralize_cell(text.strip())).strip()
    return text or None


_GERMAN_STAMP = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_exported_at(value: Any) -> datetime | None:
    """An export timestamp as an aware UTC datetime: ISO 8601 (``Z``, offset or none = UTC), a
    spreadsheet date-time (taken as UTC) or ``DD.MM.YYYY HH:MM[:SS]``; ``None`` if unreadable."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed = parse_utc(text.replace("z", "Z"))  # a spreadsheet may have lower-cased the Z
    if parsed is not None:
        return parsed
    match = _GERMAN_STAMP.fullmatch(text)
    if not match:
        return None
    day, month, year, hour, minute, second = (int(g or 0) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def _stamp_text(moment: datetime | None) -> str:
    return "no export timestamp" if moment is None else format_z(moment, "seconds")


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# -- import -----------------------------------------------------------------------------------

def import_shortlist(store: Store, path: str | Path, *, clear_blanks: bool = False, force: bool = False,
                     limits: ImportLimits | None = None) -> ImportResult:
    """Store the workflow columns of an edited shortlist (XLSX or CSV) in ``shortlist_entries``.

    All-or-nothing: a file over the limits, a missing ``creator_key`` column, keys the store does
    not know, duplicate keys, an unknown ``status``, or rows that would overwrite edits stored
    after the file was exported (without ``force``) raise :class:`ShortlistImportError` and
    change nothing. Blank cells keep stored values unless ``clear_blanks``.
    """
    path = Path(path)
    limits = limits or ImportLimits()
    if not path.is_file():
        raise ShortlistImportError(f"no file {path}")
    with _open_table(path, limits) as (table, file_stamp_raw):
        header_cells = next(table, None)
        if header_cells is None:
            raise ShortlistImportError(f"{path.name} is empty")
        header = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
        if "creator_key" not in header:
            raise ShortlistImportError(
                f"{path.name} has no creator_key column (found: {', '.join(h for h in header[:8] if h) or 'nothing'}"
                "); import a file exported by `creatorscout shortlist` and keep its header row"
            )
        file_stamp = parse_exported_at(file_stamp_raw)
        parsed, present = _parse_rows(store, path, header, table, file_stamp, limits)
    plan = _plan(store, parsed, present, clear_blanks=clear_blanks, force=force)
    if plan.conflicts:
        raise ShortlistImportError(
            f"{path.name}: {len(plan.conflicts)} row(s) would overwrite edits imported after this file was exported, "
            f"e.g. {plan.conflicts[0]}; export a fresh shortlist and edit that, or pass --force to overwrite them; "
            "nothing was imported"
        )
    if plan.writes:
        store.write_shortlist_entries(plan.writes)
    logger.info("imported %s: %d rows, %d changed", path, len(parsed), len(plan.writes))
    return ImportResult(
        path, len(parsed), len(plan.writes), len(parsed) - len(plan.writes), present,
        changes={c: n for c, n in plan.changes.items() if n}, kept_blanks=plan.kept_blanks,
        kept_default_status=plan.kept_default_status,
        formulas=tuple(plan.formulas), overwritten_newer=plan.overwritten_newer,
        exported_at=_file_stamp_text(file_stamp, parsed),
    )


def _file_stamp_text(file_stamp: datetime | None, parsed: Mapping[tuple[str, str], _Row]) -> str | None:
    """The file's export timestamp; for a CSV the oldest of its rows' (``None`` when it has none)."""
    if file_stamp is not None:
        return _stamp_text(file_stamp)
    stamps = [row.exported_at for row in parsed.values() if row.exported_at is not None]
    return _stamp_text(min(stamps)) if stamps else None


@dataclass
class _Plan:
    writes: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WORKFLOW_COLUMNS, 0))
    kept_blanks: int = 0
    kept_default_status: int = 0
    conflicts: list[str] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)
    overwritten_newer: int = 0


def _plan(store: Store, parsed: Mapping[tuple[str, str], _Row], present: tuple[str, ...], *,
          clear_blanks: bool, force: bool) -> _Plan:
    """What the import would write, and which rows conflict with newer stored edits."""
    existing = store.shortlist_entries()
    plan = _Plan()
    for (platform, creator_id), row in parsed.items():
        old = existing.get((platform, creator_id)) or {}
        stale = bool(old) and _edited_after(old.get("updated_at"), row.exported_at)
        before = {c: old.get(c) for c in WORKFLOW_COLUMNS}
        before["status"] = before["status"] or "new"  # what the export shows for no status
        after = dict(before)
        for column in present:
            value = row.values[column]
            if value is None:
                if not clear_blanks:
                    if old and before[column] is not None and not (column == "status" and before[column] == "new"):
                        plan.kept_blanks += 1
                    continue
                if column == "status":
                    value = "new"  # a blank status is the default
            if (column == "status" and value == "new" and stale and not force
                    and before["status"] not in (None, "new")):
                plan.kept_default_status += 1  # the export's default, not an edit: keep the newer status
                continue
            after[column] = value
        changed = [c for c in WORKFLOW_COLUMNS if after[c] != before[c]]
        if not changed:
            continue
        overwrites = [c for c in changed if before[c] is not None and not (c == "status" and before[c] == "new")]
        if overwrites and stale:
            if not force:
                c = overwrites[0]
                plan.conflicts.append(
                    f"{platform}:{creator_id} {c} {_short(str(before[c]), 30)} -> {_short(str(after[c] or ''), 30)} "
                    f"(stored {old.get('updated_at')}, file {_stamp_text(row.exported_at)})"
                )
                continue
            plan.overwritten_newer += 1
        for c in changed:
            plan.changes[c] += 1
        plan.formulas.extend(f"{platform}:{creator_id} {c}" for c in row.formulas if c in changed)
        plan.writes.append({"platform": platform, "creator_id": creator_id, **after})
    return plan


def _edited_after(updated_at: Any, exported_at: datetime | None) -> bool:
    """Whether a stored entry was edited after the file (without a timestamp: always)."""
    stored = parse_exported_at(updated_at)
    if stored is None:
        return False
    return exported_at is None or stored > exported_at


def _parse_rows(store: Store, path: Path, header: list[str], table: Iterator[list[_Cell]],
                file_stamp: datetime | None, limits: ImportLimits
                ) -> tuple[dict[tuple[str, str], _Row], tuple[str, ...]]:
    key_at = header.index("creator_key")
    present = tuple(c for c in WORKFLOW_COLUMNS if c in header)
    positions = {c: header.index(c) for c in present}
    stamp_at = header.index(EXPORTED_AT_COLUMN) if EXPORTED_AT_COLUMN in header else None
    parsed: dict[tuple[str, str], _Row] = {}
    malformed: list[str] = []
    duplicates: list[str] = []
    bad_status: list[str] = []
    for count, line in enumerate(table, start=1):
        if count > limits.max_rows:
            raise ShortlistImportError(f"{path.name} has more than {limits.max_rows:,} rows (the import limit); "
                                       "split it, or import a file exported by `creatorscout shortlist`; nothing "
                                       "was imported")
        raw_key = _text(line[key_at].value) if key_at < len(line) else None
        values = {c: _text(line[i].value) if i < len(line) else None for c, i in positions.items()}
        if raw_key is None:
            if any(values.values()):
                malformed.append("(empty)")
            continue
        platform, sep, creator_id = raw_key.partition(":")
        if not sep or not platform or not creator_id:
            malformed.append(raw_key)
            continue
        if (platform, creator_id) in parsed:
            duplicates.append(raw_key)
            continue
        status = values.get("status")
        if status is not None:
            values["status"] = status = status.lower()
            if status not in STATUSES:
                bad_status.append(f"{raw_key}: {status!r}")
        stamp = file_stamp
        if stamp_at is not None and stamp_at < len(line) and line[stamp_at].value not in (None, ""):
            stamp = parse_exported_at(line[stamp_at].value)
        formulas = [c for c, i in positions.items() if i < len(line) and line[i].formula]
        parsed[(platform, creator_id)] = _Row(values, stamp, formulas)
    _check_keys(store, path, parsed, malformed)
    if duplicates:
        raise ShortlistImportError(f"{path.name}: creator_key repeated: {', '.join(_short(k) for k in duplicates[:5])}"
                                   "; nothing was imported")
    if bad_status:
        raise ShortlistImportError(
            f"{path.name}: unknown status {', '.join(_short(s) for s in bad_status[:5])}; choose from "
            f"{', '.join(STATUSES)}; nothing was imported"
        )
    return parsed, present


def _check_keys(store: Store, path: Path, parsed: Mapping[tuple[str, str], _Row], malformed: list[str]) -> None:
    unknown = list(malformed)
    by_platform: dict[str, list[str]] = {}
    for platform, creator_id in parsed:
        by_platform.setdefault(platform, []).append(creator_id)
    for platform, ids in by_platform.items():
        known = store.existing_keys("creators", platform, ids)
        unknown.extend(f"{platform}:{cid}" for cid in ids if cid not in known)
    if unknown:
        raise ShortlistImportError(
            f"{path.name}: {len(unknown)} creator_key value(s) unknown to this database, e.g. "
            f"{', '.join(_short(k) for k in unknown[:5])}; nothing was imported (is it the right --db? keys look "
            "like platform:creator_id, as exported)"
        )
