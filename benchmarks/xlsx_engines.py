"""Benchmark: the shortlist workbook written by XlsxWriter (the project's writer) against openpyxl.

Both write the same cells: the 10,000-creator shortlist of ``benchmarks/deliver.py``, its
Methodology and Evidence sheets, text cleaned and formula-like text quote-prefixed, numbers
rounded with number formats, date-time cells, profile and post links. openpyxl runs in
write-only mode with one shared style array per column (its fastest way); XlsxWriter in
``constant_memory`` mode (``vetting.shortlist.xlsx``). Each run is its own process, so that each
peak RSS is the writer's own; runs alternate to spread the machine's load evenly. Run:
``python benchmarks/deliver.py --db /tmp/deliver.db`` once, then
``python benchmarks/xlsx_engines.py --db /tmp/deliver.db [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.storage import Store
from crawler.timeutil import now_z
from vetting import costs
from vetting.export import ShortlistFilters, build_shortlist, evidence_rows
from vetting.shortlist.cells import NUMBER_FORMATS, is_formula_like, round_number, safe_link
from vetting.shortlist.methodology import DataInfo, methodology_rows
from vetting.shortlist.rows import COLUMNS, EVIDENCE_COLUMNS
from vetting.shortlist.xlsx import write_xlsx, xlsx_datetime, xlsx_text

ENGINES = ("xlsxwriter", "openpyxl")
_OPENPYXL_FORMATS = {("integer", 0): "#,##0", ("percent", 1): "0.0%", ("percent", 2): "0.00%",
                     ("decimal", 1): "0.0", ("decimal", 2): "0.00", ("money", 0): '#,##0 "USD"',
                     ("money", 3): '#,##0.000 "USD"', ("date", 0): "yyyy-mm-dd hh:mm"}


def write_openpyxl(path: Path, rows: Sequence[Any], methodology: Sequence[Sequence[Any]],
                   evidence: Sequence[Sequence[Any]]) -> None:
    """The same workbook with openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, NamedStyle

    wb = Workbook(write_only=True)
    for name, number_format in _OPENPYXL_FORMATS.items():
        wb.add_named_style(NamedStyle(f"n_{name[0]}_{name[1]}", number_format=number_format))
    wb.add_named_style(NamedStyle("link", font=Font(color="0563C1", underline="single")))
    ws = wb.create_sheet("Shortlist")

    def styled(sheet: Any, value: Any, style: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.style = style
        return cell

    arrays = {}
    for style in [f"n_{k[0]}_{k[1]}" for k in _OPENPYXL_FORMATS] + ["link"]:
        arrays[style] = styled(ws, 0, style)._style
    quote = WriteOnlyCell(ws, value="")
    quote.quotePrefix = True  # a cell-level style flag, not a named style
    arrays["quote"] = quote._style

    def text(sheet: Any, value: Any) -> Any:
        cleaned = xlsx_text(value)
        if is_formula_like(cleaned):
            cell = WriteOnlyCell(sheet, value=cleaned)
            cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
            cell._style = arrays["quote"]
            return cell
        return cleaned

    def link(sheet: Any, value: Any) -> Any:
        url = safe_link(value)
        if url is None:
            return text(sheet, value)
        cell = WriteOnlyCell(sheet, value=xlsx_text(url))
        cell.hyperlink = url
        cell._style = arrays["link"]
        return cell

    plan = [(NUMBER_FORMATS.get(name), name == "profile_url") for name in COLUMNS]
    ws.append(list(COLUMNS))
    for row in rows:
        out: list[Any] = []
        for (fmt, is_link), value in zip(plan, row.values(), strict=True):
            if value is None:
                out.append(None)
            elif fmt is not None:
                number = xlsx_datetime(value) if fmt.kind == "date" else round_number(value, fmt)
                if number is None:
                    out.append(text(ws, value))
                else:
                    cell = WriteOnlyCell(ws, value=number)
                    cell._style = arrays[f"n_{fmt.kind}_{fmt.digits}"]
                    out.append(cell)
            elif is_link:
                out.append(link(ws, value))
            else:
                out.append(text(ws, value))
        ws.append(out)
    method = wb.create_sheet("Methodology")
    for item, explanation in methodology:
        method.append([text(method, item), text(method, explanation)])
    ev = wb.create_sheet("Evidence")
    ev.append(list(EVIDENCE_COLUMNS))
    for values in evidence:
        ev.append([None if v is None else link(ev, v) if i == len(values) - 1 else text(ev, v)
                   for i, v in enumerate(values)])
    wb.save(path)


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)


def run(engine: str, db: Path, out: Path) -> None:
    store = Store.open(db)
    table = costs.load_cost_table()
    filters = ShortlistFilters()
    rows = build_shortlist(store, filters, cost_table=table)
    evidence = evidence_rows(store, rows)
    exported_at = now_z("milliseconds")
    method = methodology_rows(DataInfo.of(store, rows), filters, table, len(rows), exported_at=exported_at)
    before = peak_rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    if engine == "xlsxwriter":
        write_xlsx(out, rows, exported_at=exported_at, methodology=method, evidence=evidence)
    else:
        write_openpyxl(out, rows, method, evidence)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"{engine} {elapsed:.3f} {peak_rss_mb():.0f} {before:.0f} {out.stat().st_size / 1e6:.1f} {cpu:.3f}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="A store built by benchmarks/deliver.py --db PATH.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        run(args.engine, args.db, args.out)
        return
    results: dict[str, list[list[str]]] = {engine: [] for engine in ENGINES}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for engine in ENGINES:
                done = subprocess.run([sys.executable, __file__, "--engine", engine, "--db", str(args.db),
                                       "--out", str(Path(tmp) / f"{engine}.xlsx")],
                                      check=True, capture_output=True, text=True)
                results[engine].append(done.stdout.split()[1:])
    for engine, runs in results.items():
        times, cpus = [float(r[0]) for r in runs], [float(r[4]) for r in runs]
        print(f"{engine:10s} write {statistics.median(times):.2f} s median of {len(times)} "
              f"(min {min(times):.2f}), CPU {statistics.median(cpus):.2f} s; peak RSS "
              f"{max(float(r[1]) for r in runs):.0f} MB (before writing {max(float(r[2]) for r in runs):.0f} MB); "
              f"file {runs[-1][3]} MB")

    def median(engine: str, column: int) -> float:
        return statistics.median(float(r[column]) for r in results[engine])

    print(f"XlsxWriter is {median('openpyxl', 0) / median('xlsxwriter', 0):.2f}x as fast as openpyxl write-only "
          f"on the same cells ({median('openpyxl', 4) / median('xlsxwriter', 4):.2f}x in CPU time)")

if __name__ == "__main__":
    main()
