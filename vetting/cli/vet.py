"""``creatorscout vet``, ``rank``, ``comments score`` and ``model train|info``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from crawler import PLATFORMS
from vetting.cli.options import (
    check_language,
    check_output,
    configure_logging,
    db_option,
    friendly_errors,
    open_store,
    os_error_text,
    verbosity_options,
)
from vetting.verdicts import VERDICTS
from vetting.wording import plural


def _utc_time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--as-of``: a date or ISO 8601 time (UTC when no offset is given), as ``...Z``."""
    from crawler.timeutil import format_z, parse_utc

    if value is None:
        return None
    parsed = parse_utc(value.strip())
    if parsed is None:
        raise click.BadParameter(f"expected a date or time such as 2026-06-01 or 2026-06-01T12:00:00Z, got {value!r}",
                                 ctx, param)
    return format_z(parsed, "seconds")


_VERDICT_STYLE = {"recommended": "green", "review": "yellow", "avoid": "red", "insufficient_data": "dim"}


@click.command()
@click.option("--niche", help="The niche as text, comma-separated facets in any language.")
@click.option("--hashtag", "hashtags", multiple=True, help="Seed hashtag of the niche (repeatable; '#' optional).")
@click.option("--market-language", callback=check_language,
              help="ISO 639-1 code of the market the brand sells to (e.g. de).")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(PLATFORMS, case_sensitive=False),
              help="Only vet creators of this platform (repeatable).")
@click.option("--as-of", "as_of", callback=_utc_time, metavar="TIME",
              help="Judge activity as of this UTC date or time instead of now (e.g. 2026-06-01): a creator whose "
                   "newest original post is more than 30 days older is inactive. For an older crawl, or the "
                   "sandbox's world (`python -m crawler.sandbox serve` prints its time).")
@db_option
@verbosity_options
@friendly_errors
def vet(niche: str | None, hashtags: tuple[str, ...], market_language: str | None, platforms: tuple[str, ...],
        as_of: str | None, db_path: str, verbose: int, quiet: bool) -> None:
    """Vet every collected creator: engagement, bot-like comments, audience language, niche fit,
    a 0-100 score and a verdict with reasons; stored as a new vetting run.

    \b
    Example:
        creatorscout vet --niche "vegane Küche, plant-based recipes, meal prep" --market-language de
        creatorscout vet --hashtag veganrecipes --platform mastodon
    """
    from vetting.bots import UntrustedModelError
    from vetting.vet import result_summary, run_vetting

    configure_logging(verbose, quiet)
    if not (niche and niche.strip()) and not hashtags:
        raise click.UsageError("give the niche: --niche TEXT and/or --hashtag TAG")
    store = open_store(db_path, must_exist=True)
    started = time.perf_counter()
    try:
        result = run_vetting(store, niche=niche, seed_hashtags=list(hashtags),
                             market_language=market_language, as_of=as_of,
                             platforms=[p.lower() for p in platforms] or None)
    except (FileNotFoundError, UntrustedModelError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    summary = result_summary(result)
    if quiet:
        return
    counts = ", ".join(f"{n} {v}" for v, n in summary["verdicts"].items())
    click.echo(f"vetted {plural(summary['creators'], 'creator')} ({plural(summary['comments'], 'comment')}) in "
               f"{time.perf_counter() - started:.1f} s: {counts}")
    click.echo(f"vetting run {summary['run_id']}; see `creatorscout rank --limit 20`")


def _fmt_pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f} %"


@click.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Rows to show.")
@click.option("--verdict", "verdicts", multiple=True, type=click.Choice(VERDICTS),
              help="Only these verdicts (repeatable).")
@click.option("--platform", "platforms", multiple=True, type=click.Choice(PLATFORMS, case_sensitive=False),
              help="Only this platform (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@verbosity_options
@friendly_errors
def rank(limit: int, verdicts: tuple[str, ...], platforms: tuple[str, ...], as_json: bool, db_path: str,
         verbose: int, quiet: bool) -> None:
    """Rank the creators by verdict, then score, each by its latest vetting.

    After `creatorscout vet --platform mastodon` the Mastodon creators show that run and the
    others their last one; the title names every run shown and its niche.

    \b
    Example:
        creatorscout rank --limit 20
        creatorscout rank --verdict recommended --platform mastodon --json
    """
    from vetting.runs import describe_runs, niche_note
    from vetting.vet import ranked_scores

    configure_logging(verbose, quiet)
    store = open_store(db_path, must_exist=True)
    try:
        runs, rows = ranked_scores(store, limit=limit, verdicts=verdicts, platforms=[p.lower() for p in platforms])
    finally:
        store.close()
    if as_json:
        keys = ("rank", "platform", "creator_id", "handle", "tier", "followers_count", "engagement_rate", "er_band",
                "bot_comment_rate", "niche_fit", "score", "verdict", "reasons", "vetting_run_id", "vetted_at")
        click.echo(json.dumps({"vetting_runs": [run.as_json() for run in runs],
                               "creators": [{k: row.get(k) for k in keys} for row in rows]},
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(describe_runs(runs)))
    for name, justify in (("#", "right"), ("platform", "left"), ("handle", "left"), ("tier", "left"),
                          ("ER", "right"), ("band", "left"), ("bot %", "right"), ("niche", "right"),
                          ("score", "right"), ("verdict", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    if len(runs) > 1:
        table.add_column("run", justify="right")
    for row in rows:
        verdict = row["verdict"]
        cells = [
            str(row["rank"]), row["platform"], escape(row.get("handle") or row["creator_id"]), row.get("tier") or "–",
            _fmt_pct(row.get("engagement_rate"), 2), (row.get("er_band") or "–").replace("_", " "),
            _fmt_pct(row.get("bot_comment_rate"), 0),
            "–" if row.get("niche_fit") is None else f"{row['niche_fit']:.2f}",
            "–" if row.get("score") is None else f"{row['score']:.0f}",
            f"[{_VERDICT_STYLE.get(verdict, 'white')}]{verdict}[/]",
        ]
        if len(runs) > 1:
            cells.append(f"#{row['vetting_run_id']}")
        table.add_row(*cells)
    Console(markup=True, width=None if sys.stdout.isatty() else 160).print(table)
    if not rows:
        click.echo("no creators match these filters")
    note = niche_note(runs)
    if note and not quiet:
        click.echo(f"note: {note}", err=True)


@click.group()
def comments() -> None:
    """Score comment texts with the bot-like comment model.

    \b
    Example:
        creatorscout comments score comments.csv --text-column text --out scored.csv
    """


@comments.command("score")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="Column holding the comment text.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output CSV: the input plus bot_probability and bot_like columns.")
@verbosity_options
@friendly_errors
def comments_score(file: Path, text_column: str, out: Path, verbose: int, quiet: bool) -> None:
    """Copy FILE (UTF-8 CSV) to --out adding bot_probability (0-1) and bot_like (0/1).

    A row with more or fewer fields than the header stops the run with its line number (nothing
    is written); copied cells that could run as spreadsheet formulas get a leading apostrophe.

    \b
    Example:
        creatorscout comments score comments.csv --text-column text --out scored.csv
    """
    from vetting.bots import UntrustedModelError
    from vetting.comments_csv import CsvInputError, MissingColumnError, score_comments_csv

    configure_logging(verbose, quiet)
    check_output(out)
    try:
        n = score_comments_csv(file, out, text_column=text_column)
    except MissingColumnError as exc:  # the command line names a column the file lacks
        raise click.BadParameter(str(exc), param_hint="'--text-column'") from None
    except (CsvInputError, UntrustedModelError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the model is missing, or --out could not be written
        raise click.ClickException(os_error_text(exc)) from None
    if not quiet:
        click.echo(f"scored {plural(n, 'comment')} -> {out}")


@click.group()
def model() -> None:
    """Train or describe the bot-like comment model and the conversation model.

    \b
    Example:
        creatorscout model train --out models/bot_comments
        creatorscout model train-conversation
        creatorscout model info
    """


def _print_metrics(info: dict[str, Any]) -> None:
    click.echo(f"model {info.get('model_version')} (scikit-learn {info.get('sklearn_version')}, "
               f"threshold {info.get('threshold')}, {info.get('row_count')} training rows)")
    for name, value in (info.get("metrics") or {}).items():
        if isinstance(value, dict) and any(k in value for k in ("f1", "mean_f1")):
            parts = [f"{k} {v:.3f}" for k, v in value.items() if isinstance(v, float)]
            click.echo(f"  {name}: {', '.join(parts)}")


@model.command("train")
@click.option("--out", "out", default="models/bot_comments", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Directory for the artifact.")
@click.option("--data", "data", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Shared data directory (default: $CREATORSCOUT_SHARED_DATA or ../shared/data).")
@verbosity_options
@friendly_errors
def model_train(out: Path, data: Path | None, verbose: int, quiet: bool) -> None:
    """Rebuild the bot-like comment model deterministically and print its evaluation.

    \b
    Example:
        creatorscout model train --out models/bot_comments --data ../shared/data
    """
    from vetting.bots_training import train

    configure_logging(verbose, quiet)
    check_output(out, folder=True)
    try:
        info = train(out, shared_data_dir=data)
    except OSError as exc:  # training data missing, or --out could not be written
        raise click.ClickException(os_error_text(exc)) from None
    if not quiet:
        _print_metrics(info)
        click.echo(f"wrote {out}")


@model.command("train-conversation")
@click.option("--out", "out", default="models/conversation_comments", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Directory for the artifact.")
@verbosity_options
@friendly_errors
def model_train_conversation(out: Path, verbose: int, quiet: bool) -> None:
    """Rebuild the conversation model (questions, intent, substance, tone) and print its evaluation.

    Trains on vetting/data/conversation_eval/ (dev halves and dev2 sets), scores the test halves and,
    when ../shared/data is present, the real English comments.

    \b
    Example:
        creatorscout model train-conversation --out models/conversation_comments
    """
    from vetting.conversation_model import train

    configure_logging(verbose, quiet)
    check_output(out, folder=True)
    try:
        info = train(out)
    except OSError as exc:  # training data missing, or --out could not be written
        raise click.ClickException(os_error_text(exc)) from None
    if not quiet:
        click.echo(f"conversation model {info['model_version']} ({info['training_rows']} training comments)")
        for name, scores in info["metrics"].items():
            f1 = ", ".join(f"{label} {m['f1']:.2f}" for label, m in scores.items()
                           if isinstance(m, dict) and m.get("f1") is not None)
            click.echo(f"  {name} F1: {f1}")
        click.echo(f"wrote {out}")


@model.command("info")
@click.option("--model-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Model directory (default: $CREATORSCOUT_MODEL_DIR or the shipped model).")
@click.option("--json", "as_json", is_flag=True, help="Print the full metadata as JSON.")
@friendly_errors
def model_info(model_dir: Path | None, as_json: bool) -> None:
    """Describe the bot-like comment model: versions, data hashes, evaluation figures.

    \b
    Example:
        creatorscout model info
        creatorscout model info --json
    """
    from vetting.bots import model_info as read_info

    try:
        info = read_info(model_dir)
    except FileNotFoundError as exc:
        if model_dir is not None:  # the command line names a folder without a model
            raise click.BadParameter(str(exc), param_hint="'--model-dir'") from None
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    _print_metrics(info)
    click.echo(f"directory {info.get('model_dir')}, {info.get('model_file_bytes', 0):,} bytes, "
               f"sha256 {info.get('model_file_sha256', '–')}")


COMMANDS = [vet, rank, comments, model]
