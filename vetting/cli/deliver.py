"""``creatorscout shortlist`` (export and ``import``), ``creatorscout report`` and ``creatorscout demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crawler import PLATFORMS
from vetting.cli.options import (
    check_language,
    check_output,
    check_plan,
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    verbosity_options,
)
from vetting.verdicts import VERDICTS
from vetting.wording import plural

TIER_CHOICES = ("emerging", "nano", "micro", "macro", "mega")


def _fraction(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 1:
        raise click.BadParameter(f"a fraction between 0 and 1 (e.g. 0.3), got {value}", ctx, param)
    return value


def _cost_table(path: str | None) -> Any:
    from vetting.costs import load_cost_table

    return load_cost_table(path)


_PLAN_HELP = ("Only the creators that runs of this plan (`creatorscout run`, the plan's name) found, as "
              "`creatorscout run` writes them.")


def _db_for_subcommand(ctx: click.Context, db_path: str) -> str:
    """The subcommand's --db unless only the parent group's --db was given."""
    source = ctx.get_parameter_source("db_path")
    parent = ctx.parent.params.get("db_path") if ctx.parent is not None else None
    if source is not None and source.name in ("DEFAULT",) and parent:
        return str(parent)
    return db_path


@click.group(invoke_without_command=True)
@click.option("--niche", help="Only when every listed creator was last vetted for this niche (shortlisting never "
                              "re-vets; a different niche asks you to run `creatorscout vet` first).")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(PLATFORMS, case_sensitive=False),
              help="Only these platforms (repeatable).")
@click.option("--tier", "tiers", multiple=True, type=click.Choice(TIER_CHOICES), help="Only these tiers (repeatable).")
@click.option("--min-score", type=click.FloatRange(0, 100), help="Leave out creators scoring below this (0-100).")
@click.option("--verdict", "verdicts", multiple=True, type=click.Choice(VERDICTS),
              help="Only these verdicts (repeatable).")
@click.option("--min-niche-fit", type=float, callback=_fraction, help="Leave out niche fit below this (0-1).")
@click.option("--max-bot-comment-rate", type=float, callback=_fraction,
              help="Leave out bot-like comment shares above this (0-1).")
@click.option("--market-language", callback=check_language,
              help="Market language (ISO 639-1, e.g. de): market_language_rate is the share of the audience's "
                   "comments in it.")
@click.option("--min-market-language-rate", type=float, default=0.25, show_default=True, callback=_fraction,
              help="With --market-language: leave out creators whose audience share in it is lower.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many creators (best first).")
@click.option("--plan", help=_PLAN_HELP)
@click.option("--out", "out", type=click.Path(dir_okay=False), default="shortlist.xlsx", show_default=True,
              help="Output file; .xlsx (three sheets) or .csv.")
@click.option("--delimiter", default=",", show_default=True,
              help="CSV delimiter, e.g. ';' for European Excel (the default with --decimal-comma).")
@click.option("--excel-bom", is_flag=True, help="CSV: start with a UTF-8 BOM so that Excel reads umlauts right.")
@click.option("--decimal-comma", is_flag=True,
              help="CSV: write 0,25 instead of 0.25 so that a German (or other decimal-comma) Excel reads numbers "
                   "as numbers; implies --delimiter ';' unless given.")
@click.option("--cost-table", type=click.Path(dir_okay=False, exists=True), envvar="CREATORSCOUT_COST_TABLE",
              help="Your own price table (JSON like vetting/data/cost_table.json).")
@db_option
@verbosity_options
@click.pass_context
@friendly_errors
def shortlist(ctx: click.Context, niche: str | None, platforms: tuple[str, ...], tiers: tuple[str, ...],
              min_score: float | None, verdicts: tuple[str, ...], min_niche_fit: float | None,
              max_bot_comment_rate: float | None, market_language: str | None, min_market_language_rate: float,
              limit: int | None, plan: str | None, out: str, delimiter: str, excel_bom: bool, decimal_comma: bool,
              cost_table: str | None, db_path: str, verbose: int, quiet: bool) -> None:
    """Write the ranked shortlist of vetted creators to an XLSX or CSV file.

    Uses each creator's latest vetting (run `creatorscout vet` first); the output names the
    vetting runs and niches it shows. The XLSX has the shortlist
    (filters, percent formats, profile links, a status dropdown), a Methodology sheet and an
    Evidence sheet. Edit status, owner, notes, agreed_fee, promo_code and tracking_link, then
    bring them back with `creatorscout shortlist import FILE`.

    \b
    Example:
        creatorscout shortlist --niche "vegan cooking" --tier micro --tier nano --min-score 60 \\
            --market-language de --limit 50 --out shortlist.xlsx
        creatorscout shortlist --out shortlist.csv --decimal-comma --excel-bom
        creatorscout shortlist --plan vegan-de --out vegan-de.xlsx
        creatorscout shortlist import shortlist.xlsx
    """
    if ctx.invoked_subcommand is not None:
        return
    from vetting.export import ShortlistFilters, export_shortlist
    from vetting.shortlist.csvfile import check_csv_options

    configure_logging(verbose, quiet)
    if Path(out).suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter(f"{out}: the file name must end in .xlsx or .csv", param_hint="'--out'")
    check_output(out)
    source = ctx.get_parameter_source("delimiter")
    if decimal_comma and (source is None or source.name == "DEFAULT"):
        delimiter = ";"
    try:
        check_csv_options(delimiter, decimal_comma)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--delimiter'") from None
    filters = ShortlistFilters(
        platforms=tuple(p.lower() for p in platforms), tiers=tiers, min_score=min_score, verdicts=verdicts,
        min_niche_fit=min_niche_fit, max_bot_comment_rate=max_bot_comment_rate, market_language=market_language,
        min_market_language_rate=min_market_language_rate, limit=limit, niche=niche, plan=plan,
    )
    store = open_store(db_path, must_exist=True)
    check_plan(store, plan)
    try:
        result = export_shortlist(store, out, filters, delimiter=delimiter, excel_bom=excel_bom,
                                  decimal_comma=decimal_comma, cost_table=_cost_table(cost_table))
    finally:
        store.close()
    if not quiet:
        from vetting.runs import niche_note

        extra = f", {plural(result.evidence_rows, 'evidence comment')}" if result.format == "xlsx" else ""
        click.echo(f"Wrote {plural(result.rows, 'creator')}{extra} to {result.path}; {result.info.runs_text()}.")
        note = niche_note(result.info.runs)
        if note:
            click.echo(f"note: {note}", err=True)
        if result.info.sandbox_rows:
            click.echo(f"note: {plural(result.info.sandbox_rows, 'creator')} came from a local sandbox or test server: "
                       "invented, their links marked as such; do not send them to a client.", err=True)
        if result.rows == 0:
            click.echo("No creator passed the filters; loosen --min-score, --tier or --min-market-language-rate.",
                       err=True)


@shortlist.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--clear-blanks", is_flag=True,
              help="Let blank cells erase stored values (by default a blank cell keeps what is stored).")
@click.option("--force", is_flag=True,
              help="Import even rows that would overwrite edits imported after this file was exported.")
@db_option
@verbosity_options
@click.pass_context
@friendly_errors
def import_command(ctx: click.Context, file: str, clear_blanks: bool, force: bool, db_path: str, verbose: int,
                   quiet: bool) -> None:
    """Store the workflow columns of an edited shortlist (XLSX or CSV) back in the database.

    Rows are matched on creator_key; status, owner, notes, agreed_fee, promo_code and
    tracking_link are stored. Blank cells keep stored values (--clear-blanks erases them). A file
    exported before edits that were imported since is refused (--force overwrites them), and so
    is a file with keys this database does not know, or one over the size limits (see the
    README): nothing changes then. A formula typed into a cell is kept as text.

    \b
    Example:
        creatorscout shortlist import shortlist.xlsx
        creatorscout shortlist import old-shortlist.csv --force
    """
    from vetting.export import ShortlistImportError, import_shortlist

    configure_logging(verbose, quiet)
    store = open_store(_db_for_subcommand(ctx, db_path), must_exist=True)
    try:
        result = import_shortlist(store, file, clear_blanks=clear_blanks, force=force)
    except ShortlistImportError as exc:  # the file's content, not the command line, is wrong
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    if quiet:
        return
    exported = f" (exported {result.exported_at})" if result.exported_at else ""
    changed = ", ".join(f"{column} {count}" for column, count in result.changes.items())
    click.echo(f"Imported {plural(result.rows, 'row')} from {result.path}{exported}: {result.updated} updated"
               f"{f' ({changed})' if changed else ''}, {result.unchanged} unchanged "
               f"(columns: {', '.join(result.columns) or 'none'}).")
    if result.kept_blanks:
        click.echo(f"{plural(result.kept_blanks, 'blank cell')} kept the stored value (--clear-blanks erases them).")
    if result.kept_default_status:
        click.echo(f"{plural(result.kept_default_status, 'row')} older than the stored edit still said status "
                   "'new': kept the stored status (--force sets 'new').")
    if result.overwritten_newer:
        click.echo(f"--force: {plural(result.overwritten_newer, 'row')} overwrote edits imported after this file "
                   "was exported.")
    if result.formulas:
        shown = "; ".join(result.formulas[:5]) + ("; ..." if len(result.formulas) > 5 else "")
        click.echo(f"{plural(len(result.formulas), 'formula')} kept as text, shown as text in every export: "
                   f"{shown}.")


@click.command()
@click.argument("creators", nargs=-1, metavar="[KEY]...")
@click.option("--top", type=click.IntRange(min=1), help="The N best-scored creators (default 20 without KEYs).")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(PLATFORMS, case_sensitive=False),
              help="With --top: only these platforms (repeatable).")
@click.option("--plan", help="With --top: " + _PLAN_HELP)
@click.option("--out", "out", type=click.Path(file_okay=False), default="reports", show_default=True,
              help="Folder for the HTML pages (created if needed).")
@click.option("--cost-table", type=click.Path(dir_okay=False, exists=True), envvar="CREATORSCOUT_COST_TABLE",
              help="Your own price table (JSON like vetting/data/cost_table.json).")
@db_option
@verbosity_options
@friendly_errors
def report(creators: tuple[str, ...], top: int | None, platforms: tuple[str, ...], plan: str | None, out: str,
           cost_table: str | None, db_path: str, verbose: int, quiet: bool) -> None:
    """Write one self-contained HTML vetting report per creator, plus index.html.

    KEY is PLATFORM:HANDLE or PLATFORM:ID (the shortlist's creator_key column). Pages need no
    network, print to PDF cleanly, and show scraped text as text only.

    \b
    Example:
        creatorscout report --top 20 --out reports/
        creatorscout report --top 10 --plan vegan-de --platform mastodon --out reports/
        creatorscout report mastodon:@koch_anna@mastodon.social youtube:UCxyz --out reports/
    """
    from vetting.report import write_reports

    configure_logging(verbose, quiet)
    if creators and top:
        raise click.UsageError("give creator KEYs or --top, not both")
    if creators and (platforms or plan):
        raise click.UsageError("--platform and --plan choose among the best-scored creators: give them with --top, "
                               "not with creator KEYs")
    check_output(out, folder=True)
    store = open_store(db_path, must_exist=True)
    check_plan(store, plan)
    try:
        paths = write_reports(store, out, top=None if creators else (top or 20), creators=list(creators) or None,
                              platforms=[p.lower() for p in platforms] or None, plan=plan,
                              cost_table=_cost_table(cost_table))
    finally:
        store.close()
    if not quiet:
        click.echo(f"Wrote {plural(len(paths) - 1, 'report')}; open {paths[-1]}")


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False), default="demo", show_default=True,
              help="Folder for the database, shortlist and reports (created if needed).")
@click.option("--creators", "creator_count", type=click.IntRange(4, 400), default=40, show_default=True,
              help="Creators in the generated sandbox world.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the generated world.")
@verbosity_options
@friendly_errors
def demo(out: str, creator_count: int, seed: int, verbose: int, quiet: bool) -> None:
    """Run the whole pipeline offline against the built-in sandbox platforms.

    Starts a local Mastodon/YouTube stand-in on 127.0.0.1, crawls it by hashtag with the real
    spiders, vets the creators, and writes the shortlist (XLSX and CSV) and HTML reports into
    OUT. No network, no API keys, about half a minute.

    \b
    Example:
        creatorscout demo --out demo/
    """
    from vetting.demo import run_demo

    configure_logging(verbose, quiet)
    check_output(out, folder=True)

    def progress(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    result = run_demo(out, creators=creator_count, seed=seed, on_step=progress)
    if not quiet:
        click.echo(f"Database:   {result.db_path}")
        click.echo(f"Shortlist:  {result.xlsx_path} ({plural(result.shortlisted, 'creator')})")
        click.echo(f"            {result.csv_path}")
        click.echo(f"Reports:    {result.index_path} ({plural(result.reports, 'page')})")
        click.echo(f"Done in {result.seconds:.1f} s. Next: open the index, or try "
                   f"`creatorscout shortlist --db {result.db_path} --min-score 60 --out my.xlsx`.")


COMMANDS = [shortlist, report, demo]
