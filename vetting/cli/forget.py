"""``creatorscout forget``: a creator's or a commenter's erasure request, and retention by age."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from crawler import PLATFORMS
from vetting.cli.options import configure_logging, db_option, friendly_errors, open_store, verbosity_options
from vetting.wording import plural

_TABLE_WORDS = {
    "creators": ("creator", "creators"),
    "posts": ("post", "posts"),
    "comments": ("comment", "comments"),
    "authored_comments": ("comment they wrote on others' posts", "comments they wrote on others' posts"),
    "snapshots": ("snapshot", "snapshots"),
    "vetting_scores": ("vetting score", "vetting scores"),
    "discoveries": ("discovery", "discoveries"),
    "creator_links": ("profile link", "profile links"),
    "shortlist_entries": ("shortlist workflow row", "shortlist workflow rows"),
    "linked_discoveries": ("discovery of another creator that named them as its link source",
                           "discoveries of other creators that named them as their link source"),
    "frontier_requests": ("queued request of an unfinished crawl", "queued requests of unfinished crawls"),
    "evidence_rows": ("vetting evidence row that listed their comments", "vetting evidence rows that listed their "
                                                                        "comments"),
}


def describe_counts(counts: dict[str, int]) -> str:
    """``12 posts, 40 comments, ...``: the non-zero counts in words (``nothing`` when none)."""
    names = [n for n in _TABLE_WORDS if n in counts] + [n for n in counts if n not in _TABLE_WORDS]
    parts = []
    for name in names:
        if counts[name]:
            one, many = _TABLE_WORDS.get(name, (name, name))
            parts.append(plural(counts[name], one, many))
    return ", ".join(parts) or "nothing"


def _target(value: str, what: str) -> tuple[str, str]:
    platform, sep, rest = value.strip().partition(":")
    platform = platform.lower()
    if not sep or not rest.strip() or platform not in PLATFORMS:
        example = ("mastodon:@anna@mastodon.social or youtube:UCxyz" if what == "creator"
                   else "mastodon:anna@mastodon.social, youtube:UC… (channel id) or bluesky:did:plc:…")
        raise click.BadParameter(f"write PLATFORM:HANDLE_OR_ID, e.g. {example} (platforms: {', '.join(PLATFORMS)}), "
                                 f"got {value!r}",
                                 param_hint="TARGET" if what == "creator" else "'--commenter'")
    return platform, rest.strip()


def _interactive() -> bool:
    """Whether a person can answer the confirmation prompt."""
    return sys.stdin.isatty()


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not _interactive():
        raise click.ClickException("not erasing without confirmation: run it in a terminal to answer the "
                                   "prompt, or pass --yes")
    click.confirm(question, abort=True, err=True)


@click.command()
@click.argument("target", required=False, metavar="PLATFORM:HANDLE_OR_ID")
@click.option("--commenter", metavar="PLATFORM:HANDLE_OR_ID",
              help="Remove every comment of this commenter instead (their platform id: Mastodon user@host, a "
                   "YouTube channel id, a Bluesky DID; a handle only if the crawl kept handles).")
@click.option("--comments-days", type=click.IntRange(min=0),
              help="Retention: remove comments older than this many days (by posting time, else fetch time).")
@click.option("--snapshots-days", type=click.IntRange(min=0),
              help="Retention: remove profile snapshots older than this many days (each creator keeps its "
                   "newest).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (needed when not run in a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
@verbosity_options
@friendly_errors
def forget(target: str | None, commenter: str | None, comments_days: int | None, snapshots_days: int | None,
           yes: bool, as_json: bool, db_path: str, verbose: int, quiet: bool) -> None:
    """Erase a creator (with every post, comment, snapshot, score, discovery and shortlist row), every
    comment of one commenter, or apply retention; only that an erasure happened (and how many rows
    went) is recorded, never who. Later crawls of this database skip erased accounts.

    \b
    Example:
        creatorscout forget mastodon:@anna@mastodon.social
        creatorscout forget --commenter youtube:UCabcdefghijklmnopqrstuv --yes
        creatorscout forget --comments-days 180 --snapshots-days 730 --yes
    """
    configure_logging(verbose, quiet)
    retention = comments_days is not None or snapshots_days is not None
    given = sum((target is not None, commenter is not None, retention))
    if given != 1:
        raise click.UsageError("give one of: PLATFORM:HANDLE_OR_ID (a creator), --commenter PLATFORM:HANDLE_OR_ID, "
                               "or --comments-days/--snapshots-days (retention); e.g. creatorscout forget "
                               "mastodon:@anna@mastodon.social")
    from crawler.retention import ErasureError

    store = open_store(db_path, must_exist=True)
    try:
        if target is not None:
            counts, done = _forget_creator(store, target, yes)
        elif commenter is not None:
            counts, done = _forget_commenter(store, commenter, yes)
        else:
            counts, done = _retention(store, comments_days, snapshots_days, yes)
    except ErasureError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(counts, sort_keys=True))
    elif not quiet:
        click.echo(done)


def _forget_creator(store: Any, target: str, yes: bool) -> tuple[dict[str, int], str]:
    from crawler.retention import find_creators, forget_creator, printable

    platform, key = _target(target, "creator")
    preview = forget_creator(store, platform, key, dry_run=True)  # also refuses unknown or ambiguous keys
    creator = find_creators(store, platform, key)[0]
    who = f"{platform} creator @{printable(str(creator['handle']).lstrip('@'))} (id {printable(creator['creator_id'])})"
    click.echo(f"This erases {who}: {describe_counts(preview)}. It cannot be undone.", err=True)
    _confirm("Erase?", yes)
    counts = forget_creator(store, platform, key)
    return counts, (f"Erased {who}: {describe_counts(counts)}. Crawls of this database skip them from now on; "
                    "remove them from your seed lists too.")


def _forget_commenter(store: Any, commenter: str, yes: bool) -> tuple[dict[str, int], str]:
    from crawler.retention import forget_commenter, printable

    platform, key = _target(commenter, "commenter")
    preview = forget_commenter(store, platform, key, dry_run=True)
    click.echo(f"This erases every comment of {platform} commenter {printable(key)}: {describe_counts(preview)}. "
               "It cannot be undone.", err=True)
    _confirm("Erase?", yes)
    counts = forget_commenter(store, platform, key)
    return counts, (f"Erased {platform} commenter {printable(key)}: {describe_counts(counts)}. Crawls of this "
                    "database skip their comments from now on.")


def _retention(store: Any, comments_days: int | None, snapshots_days: int | None,
               yes: bool) -> tuple[dict[str, int], str]:
    from crawler.retention import apply_retention
    from crawler.timeutil import now

    policy = []
    if comments_days is not None:
        policy.append(f"comments older than {plural(comments_days, 'day')}")
    if snapshots_days is not None:
        policy.append(f"snapshots older than {plural(snapshots_days, 'day')} (each creator keeps its newest)")
    click.echo(f"This removes {' and '.join(policy)}. It cannot be undone.", err=True)
    _confirm("Remove?", yes)
    counts = apply_retention(store, comments_days=comments_days, snapshots_days=snapshots_days,
                             now=now())
    return counts, f"Retention applied: removed {describe_counts(counts)}."


COMMANDS = [forget]
