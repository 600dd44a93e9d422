"""``creatorscout comments score``: copy a CSV of comments, adding the bot model's verdict per row.

The input is UTF-8 (a BOM is fine); its delimiter is sniffed among ``,``, ``;`` and tab. The
output is a comma-separated UTF-8 CSV with the input's columns plus ``bot_probability`` (0-1,
4 decimals) and ``bot_like`` (0/1, at the model's threshold), written through a ``.part`` file
so that a failure leaves no half-written output. Rows stream in chunks.

* **Ragged rows are an error.** A row whose field count differs from the header's would shift
  every later column (a text containing an unquoted delimiter, a cut-off line): the whole run
  stops with a one-line :class:`CsvInputError` naming the line and both counts, and writes
  nothing. (Skipping such rows would silently drop comments from the output.) Blank lines are
  skipped.
* **Copied cells are neutralised.** Comments are scraped text: every copied cell is cleaned
  (:func:`vetting.shortlist.cells.clean_text`) and one that could run as a spreadsheet formula
  gets a leading apostrophe (:func:`vetting.shortlist.cells.neutralize_cell`), except plain
  numbers such as ``-3`` or ``2.5``, which no spreadsheet evaluates as a formula.
* A ``text_column`` the header lacks raises :class:`MissingColumnError` (a usage error); a
  line longer than :data:`MAX_LINE_CHARS` is refused before it is held in memory.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from crawler.errors import CreatorscoutError
from vetting.shortlist.cells import clean_text, neutralize_cell

logger = logging.getLogger(__name__)

__all__ = ["CsvInputError", "MissingColumnError", "score_comments_csv"]

_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
MAX_LINE_CHARS = 1024 * 1024
"""Characters in one line of the input; a longer line is refused before it is held in memory."""


class CsvInputError(CreatorscoutError, ValueError):
    """A CSV given to ``comments score`` cannot be used (empty, not UTF-8, ragged rows)."""


class MissingColumnError(CsvInputError, LookupError):
    """The CSV has no column of the requested name."""


def _sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def safe_cell(value: str) -> str:
    """A copied cell: cleaned, and neutralised unless it is a plain number."""
    text = clean_text(value)
    return text if _PLAIN_NUMBER.fullmatch(text) else neutralize_cell(text)


def _lines(fh: IO[str], src: Path, limit: int) -> Iterator[str]:
    """The file's lines, refusing one longer than ``limit`` characters (a file without line
    breaks would otherwise be read into memory whole)."""
    number = 0
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise CsvInputError(f"{src} line {number} is longer than {limit:,} characters; is it a CSV file? "
                                "nothing was written")
        yield line


def _records(reader: Any, src: Path, width: int) -> Iterator[list[str]]:
    """Data records of equal width; blank lines skipped; a ragged one raises with its line."""
    start = reader.line_num + 1
    for record in reader:
        if record and len(record) != width:
            raise CsvInputError(
                f"{src} line {start}: {len(record)} fields where the header has {width} (quote a text that holds "
                "the delimiter or a line break); nothing was written"
            )
        if record:
            yield record
        start = reader.line_num + 1


def score_comments_csv(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, text_column: str = "text",
                       chunk_size: int = 5_000) -> int:
    """Copy the CSV ``src`` to ``dst`` adding ``bot_probability`` and ``bot_like``; returns the
    number of comments scored. Raises :class:`MissingColumnError` for a missing column and
    :class:`CsvInputError` for an empty, non-UTF-8 or ragged file."""
    from vetting import bots

    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise CsvInputError(f"no file at {src}")
    part = dst.with_name(dst.name + ".part")
    model = bots.load_model()
    rows_written = 0
    try:
        with src.open(encoding="utf-8-sig", newline="") as fin:
            sample = fin.read(64 * 1024)
            if not sample.strip():
                raise CsvInputError(f"{src} is empty: expected a header row with a {text_column!r} column")
            fin.seek(0)
            reader = csv.reader(_lines(fin, src, MAX_LINE_CHARS), _sniff_dialect(sample))
            header = next(reader, None)
            if not header:
                raise CsvInputError(f"{src} is empty: expected a header row with a {text_column!r} column")
            if text_column not in header:
                raise MissingColumnError(f"{src} has no column {text_column!r}; columns present: "
                                         f"{', '.join(repr(h) for h in header)} (pick one with --text-column)")
            index = header.index(text_column)
            with part.open("w", encoding="utf-8", newline="") as fout:
                writer = csv.writer(fout)
                writer.writerow([*(safe_cell(h) for h in header), "bot_probability", "bot_like"])
                chunk: list[list[str]] = []
                for record in _records(reader, src, len(header)):
                    chunk.append(record)
                    if len(chunk) >= chunk_size:
                        rows_written += _write_scored(writer, chunk, index, model)
                        chunk = []
                if chunk:
                    rows_written += _write_scored(writer, chunk, index, model)
        part.replace(dst)
    except UnicodeDecodeError as exc:
        part.unlink(missing_ok=True)
        raise CsvInputError(f"{src} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
                            f"{exc.start} of a block); re-save it as UTF-8") from None
    except csv.Error as exc:
        part.unlink(missing_ok=True)
        raise CsvInputError(f"{src} is not a readable CSV file: {exc}") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    logger.info("scored %d comments from %s into %s", rows_written, src, dst)
    return rows_written


def _write_scored(writer: Any, chunk: list[list[str]], index: int, model: Any) -> int:
    from vetting import bots

    probabilities = bots.score_comments([row[index] for row in chunk], model)
    for row, p in zip(chunk, probabilities.tolist(), strict=True):
        writer.writerow([*(safe_cell(v) for v in row), f"{p:.4f}", int(p >= model.threshold)])
    return len(chunk)
