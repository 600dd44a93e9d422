"""The digest of a run: what changed since the previous vetting run (``digest.html``, ``digest.csv``).

:func:`build_digest` compares two vetting runs of one store and reads the crawls of the current run;
:func:`write_digest` renders the result. Every change is one :class:`Change` row, in sections:

* **new creators**: vetted in this run but not in the previous one (verdict, score, how found);
* **verdict changes**: ``recommended -> review`` with what caused it, from the ``reasons`` of both
  ``vetting_scores`` rows (red flags raised or cleared; else the score change);
* **follower jumps and growth anomalies**: anomalies (:mod:`vetting.growth`) among the snapshots of
  the crawls since the previous run, and a ``growth_anomaly`` column that changed;
* **engagement out of its band**: ``er_band`` changed, with both bands' ranges and rates;
* **renamed**: a creator whose handle in this run's snapshots differs from the one its latest
  earlier snapshot recorded (same platform id: Mastodon, YouTube, Bluesky, Instagram), ``@old → @new``;
* **not seen in this run**: creators of the previous run missing from this one, or (when this run
  crawled their platform) not observed by its crawls (a creator erased by ``forget`` is counted in
  the erasures section, never named). A creator the crawl asked for (a plan run refreshes the
  creators its earlier runs found, see :mod:`vetting.run`) and did not get is said to be so, with the
  reason the spider recorded for that account where it records one (``seed_missed`` stats: not
  found, private or deleted, suspended, opted out); otherwise the crawl's skip counters of that
  platform and a crawl that did not finish are named as possible causes, never as the cause. On
  TikTok, whose id is the handle, a new creator with the same display name is named as a possible rename;
* **erased on request**: how many creators and commenters ``forget`` erased since the previous run,
  per platform (the ``erasures`` table holds kinds, times and counts only: no handle, no id);
* **shortfalls**: crawls of this run that did not finish (stopped by quota, interrupted, failed).

The first run (``previous_run`` None) has nothing to compare: it lists the new creators (every
creator vetted) and the shortfalls. Scraped text (handles, reasons, anomaly texts) is untrusted:
the HTML is rendered with Jinja2's autoescape and the report's cleaning of control and bidi
characters; CSV cells are cleaned and formula-like text is neutralised
(:func:`vetting.shortlist.cells.neutralize_cell`).
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from crawler.errors import CreatorscoutError
from crawler.storage import Store
from crawler.timeutil import now_z
from vetting.export import finite_number, json_column
from vetting.growth import growth_report
from vetting.shortlist.cells import clean_text, local_source, neutralize_cell, safe_link
from vetting.verdicts import rank_key
from vetting.wording import plural

logger = logging.getLogger(__name__)

__all__ = [
    "CSV_COLUMNS",
    "FIRST_RUN_NOTE",
    "SECTIONS",
    "Change",
    "Digest",
    "DigestError",
    "build_digest",
    "crawl_runs_between",
    "default_runs",
    "write_digest",
]

CSV_COLUMNS = ("kind", "platform", "creator_key", "handle", "before", "after", "detail")
FIRST_RUN_NOTE = "first run: nothing to compare yet (the next run's digest shows what changed since this one)"
NOT_SEEN = "not seen in this run"

SECTIONS: tuple[tuple[str, str], ...] = (
    ("new_creators", "New creators"),
    ("verdict_changes", "Verdict changes"),
    ("follower_changes", "Follower jumps and growth anomalies"),
    ("band_changes", "Engagement out of its band"),
    ("renames", "Renamed"),
    ("not_seen", "Not seen in this run"),
    ("erasures", "Erased on request"),
    ("shortfalls", "Shortfalls: crawls that did not finish"),
)
"""The digest's sections in order: (attribute of :class:`Digest`, title)."""

SHORTFALL_STATUSES = {
    "stopped_quota": "stopped by a quota or request budget",
    "interrupted": "interrupted (resumable with --resume)",
    "failed": "failed",
    "running": "still running when the digest was written",
}
_SKIP_WORDS = {
    "private_or_deleted": "private or deleted",
    "suspended": "suspended",
    "seed_not_found": "not found",
    "seed_unavailable": "unavailable",
    "channel_not_found": "not found",
    "not_professional": "not found or not a professional account",
    "profile_not_found": "not found",
    "unexpected_profile": "unexpected profile",
}
"""Skip counters of a crawl (``creatorscout/<platform>/skipped/<what>``) that can hide a known creator."""
_MISSED_WORDS = {
    "not_found": "not found (deleted, or renamed where it was asked for by handle)",
    "unavailable": "unavailable (private, deleted or restricted)",
    "private": "private",
    "private_or_deleted": "private or deleted",
    "suspended": "suspended",
    "opted_out": "opted out of indexing, so not collected",
    "not_professional": "not found, or no longer a Business or Creator account (renamed, deleted or made personal)",
}
"""Reasons a spider records for one account it was asked for and did not return
(``creatorscout/<platform>/seed_missed/<reason>/<handle or id>``, see ``PlatformSpider.seed_missed``)."""
HANDLE_IDS = frozenset({"tiktok"})
"""Platforms whose creator id is the handle: a rename there is a new creator, only hinted at."""


class DigestError(CreatorscoutError, LookupError):
    """A vetting run asked for does not exist (or there is none yet)."""


@dataclass(frozen=True)
class Change:
    """One row of the digest (one CSV row): what changed for a creator, or a crawl that fell short."""

    kind: str  # new_creator, verdict_change, follower_jump, growth_anomaly, engagement_band, renamed, not_seen,
    # erasure, shortfall, note
    platform: str | None = None
    creator_key: str | None = None  # PLATFORM:CREATOR_ID
    handle: str | None = None
    before: str | None = None
    after: str | None = None
    detail: str = ""
    profile_url: str | None = field(default=None, compare=False)
    sandbox: bool = field(default=False, compare=False)

    def csv_row(self) -> list[str]:
        """The CSV cells: cleaned and neutralised text, empty for unknown."""
        return [_csv_cell(getattr(self, name)) for name in CSV_COLUMNS]


@dataclass
class Digest:
    """What changed between vetting run ``previous_run`` and ``current_run`` (see the module docs)."""

    current_run: int
    previous_run: int | None
    current_vetted_at: str | None
    previous_vetted_at: str | None
    generated_at: str
    crawl_run_ids: list[int] = field(default_factory=list)
    new_creators: list[Change] = field(default_factory=list)
    verdict_changes: list[Change] = field(default_factory=list)
    follower_changes: list[Change] = field(default_factory=list)
    band_changes: list[Change] = field(default_factory=list)
    renames: list[Change] = field(default_factory=list)
    not_seen: list[Change] = field(default_factory=list)
    erasures: list[Change] = field(default_factory=list)
    shortfalls: list[Change] = field(default_factory=list)
    erased_count: int = 0
    """Erasures on request counted in ``erasures`` (one row there per kind and platform)."""
    notes: list[str] = field(default_factory=list)
    """Free lines a caller adds (e.g. what retention removed); each becomes a ``note`` CSV row."""

    @property
    def first_run(self) -> bool:
        return self.previous_run is None

    @property
    def changes(self) -> list[Change]:
        """Every row in section order (notes not included)."""
        return [change for name, _ in SECTIONS for change in getattr(self, name)]

    def counts(self) -> dict[str, int]:
        """Rows per section: ``{"new_creators": 3, ...}``."""
        return {name: len(getattr(self, name)) for name, _ in SECTIONS}

    def summary(self) -> str:
        """One line: ``run #2 vs #1: 3 new creators, 1 verdict change, ...``."""
        against = f"run #{self.current_run} vs #{self.previous_run}" if self.previous_run is not None else \
            f"run #{self.current_run} (first run, nothing to compare yet)"
        words = {"new_creators": ("new creator", None), "verdict_changes": ("verdict change", None),
                 "follower_changes": ("follower change", None), "band_changes": ("band change", None),
                 "renames": ("rename", None), "not_seen": ("creator not seen", "creators not seen"),
                 "erasures": ("erasure", None), "shortfalls": ("shortfall", None)}
        counts = {**self.counts(), "erasures": self.erased_count}
        parts = [plural(n, *words[name]) for name, n in counts.items() if n]
        return f"{against}: " + (", ".join(parts) if parts else "no changes")


# -- building ----------------------------------------------------------------------------------

def default_runs(store: Store, run: int | None = None, previous: int | None = None) -> tuple[int, int | None]:
    """``(current, previous)`` vetting run ids: the given ones, else the latest run and the one before it
    (None when there is none). Raises :class:`DigestError` for an unknown run."""
    ids = [int(r[0]) for r in store.db.execute("SELECT id FROM vetting_runs ORDER BY id DESC")]
    if not ids:
        raise DigestError("no vetting run yet: run `creatorscout vet --niche \"...\"` first")
    current = ids[0] if run is None else int(run)
    if current not in ids:
        raise DigestError(f"no vetting run #{current} in this database (runs: {_id_list(ids)})")
    if previous is None:
        older = [i for i in ids if i < current]
        return current, (older[0] if older else None)
    if int(previous) not in ids:
        raise DigestError(f"no vetting run #{previous} in this database (runs: {_id_list(ids)})")
    if int(previous) >= current:
        raise DigestError(f"--previous must be an earlier run than #{current}, got #{previous}")
    return current, int(previous)


def crawl_runs_between(store: Store, current_run: int, previous_run: int | None) -> list[int]:
    """The crawls that belong to ``current_run``: started after the previous vetting run and not after
    this one (every crawl before it for a first run). For a digest built by hand; a plan run passes
    the crawls it started."""
    times = {int(r["id"]): r["vetted_at"] for r in store.vetting_runs([current_run] + (
        [previous_run] if previous_run is not None else []))}
    end = times.get(current_run)
    start = times.get(previous_run) if previous_run is not None else None
    sql, args = "SELECT id FROM crawl_runs WHERE started_at <= ?", [end]
    if start is not None:
        sql += " AND started_at > ?"
        args.append(start)
    return [int(r[0]) for r in store.db.execute(sql + " ORDER BY id", args)]


def build_digest(store: Store, *, current_run: int, previous_run: int | None,
                 crawl_run_ids: Sequence[int], plan: str | None = None) -> Digest:
    """What changed between vetting run ``previous_run`` (None: the first run) and ``current_run``, with
    the shortfalls of the crawls ``crawl_run_ids`` of this run (see the module docs). ``plan``: only the
    creators runs of that plan found (``Store.plan_creators``, as in its shortlist and reports; a vetting
    run vets every creator of its platforms, other plans' too)."""
    runs = {int(r["id"]): r for r in store.vetting_runs([current_run] + (
        [previous_run] if previous_run is not None else []))}
    if current_run not in runs:
        raise DigestError(f"no vetting run #{current_run} in this database")
    if previous_run is not None and previous_run not in runs:
        raise DigestError(f"no vetting run #{previous_run} in this database")
    crawl_ids = sorted({int(i) for i in crawl_run_ids})
    crawls = _crawl_rows(store, crawl_ids)
    digest = Digest(current_run=current_run, previous_run=previous_run,
                    current_vetted_at=runs[current_run].get("vetted_at"),
                    previous_vetted_at=runs[previous_run].get("vetted_at") if previous_run is not None else None,
                    generated_at=now_z("milliseconds"), crawl_run_ids=crawl_ids)
    current = _scores(store, current_run)
    previous = _scores(store, previous_run) if previous_run is not None else {}
    if plan is not None:
        ours = {(c["platform"], c["creator_id"]) for c in store.plan_creators(plan)}
        current = {key: row for key, row in current.items() if key in ours}
        previous = {key: row for key, row in previous.items() if key in ours}
    creators = _creators(store, set(current) | set(previous))
    discoveries = _discoveries(store, crawl_ids)

    for key in sorted(current.keys() - previous.keys(), key=lambda k: rank_key(current[k])):
        digest.new_creators.append(_new_creator(current[key], creators.get(key), discoveries.get(key, [])))
    if previous_run is not None:
        window = _window_snapshots(store, crawl_ids, digest.previous_vetted_at)
        for key in sorted(current.keys() & previous.keys()):
            old, new, creator = previous[key], current[key], creators.get(key)
            if change := _verdict_change(old, new, creator):
                digest.verdict_changes.append(change)
            digest.follower_changes.extend(_follower_changes(store, old, new, creator, window.get(key, [])))
            if change := _band_change(old, new, creator):
                digest.band_changes.append(change)
        digest.renames.extend(_renames(store, window, current, creators))
        digest.not_seen.extend(_not_seen(store, runs[current_run], current, previous, creators, crawls, window))
        _hint_renames(digest.not_seen, current.keys() - previous.keys(), creators)
    digest.erasures, digest.erased_count = _erasures(store, digest.previous_vetted_at, digest.previous_run)
    digest.shortfalls.extend(_shortfall(run) for run in crawls if run.get("status") != "finished")
    if digest.first_run:
        digest.notes.append(FIRST_RUN_NOTE)
    if plan is not None:
        digest.notes.append(f"plan {plan}: only the creators its runs found (as in its shortlist and reports)")
    logger.info("digest %s", digest.summary())
    return digest


Key = tuple[str, str]


def _key(row: Mapping[str, Any]) -> Key:
    return str(row["platform"]), str(row["creator_id"])


def _id_list(ids: Iterable[int]) -> str:
    shown = [f"#{i}" for i in sorted(ids)]
    return ", ".join(shown[-10:]) + (" and older" if len(shown) > 10 else "")


def _scores(store: Store, run_id: int) -> dict[Key, dict[str, Any]]:
    rows = store.db.query("SELECT * FROM vetting_scores WHERE vetting_run_id = ?", [run_id])
    return {_key(row): row for row in rows}


def _creators(store: Store, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    wanted = set(keys)
    found: dict[Key, dict[str, Any]] = {}
    for platform in sorted({p for p, _ in wanted}):
        for row in store.creators(platform):
            if (key := _key(row)) in wanted:
                found[key] = row
    return found


def _crawl_rows(store: Store, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(store.db.query(f"SELECT * FROM crawl_runs WHERE id IN ({marks}) ORDER BY id", list(ids)))


def _discoveries(store: Store, crawl_ids: Sequence[int]) -> dict[Key, list[dict[str, Any]]]:
    found: dict[Key, list[dict[str, Any]]] = {}
    if not crawl_ids:
        return found
    marks = ", ".join("?" for _ in crawl_ids)
    for row in store.db.query(f"SELECT * FROM discoveries WHERE crawl_run_id IN ({marks}) "
                              "ORDER BY discovered_at, crawl_run_id", list(crawl_ids)):
        found.setdefault(_key(row), []).append(row)
    return found


def _window_snapshots(store: Store, crawl_ids: Sequence[int], since: str | None) -> dict[Key, list[dict[str, Any]]]:
    """Snapshots taken by this run's crawls (or, without them, observed after the previous vetting run)."""
    if crawl_ids:
        marks = ", ".join("?" for _ in crawl_ids)
        rows = store.db.query(f"SELECT * FROM creator_snapshots WHERE crawl_run_id IN ({marks})", list(crawl_ids))
    elif since is not None:
        rows = store.db.query("SELECT * FROM creator_snapshots WHERE crawl_run_id IN "
                              "(SELECT id FROM crawl_runs WHERE started_at > ?)", [since])
    else:
        return {}
    found: dict[Key, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(_key(row), []).append(row)
    return found


def _identity(row: Mapping[str, Any], creator: Mapping[str, Any] | None) -> dict[str, Any]:
    platform, creator_id = _key(row)
    creator = creator or {}
    return {"platform": platform, "creator_key": f"{platform}:{creator_id}", "handle": creator.get("handle"),
            "profile_url": creator.get("profile_url"), "sandbox": local_source(creator.get("source_url"))}


def _verdict_text(row: Mapping[str, Any]) -> str:
    verdict = str(row.get("verdict") or "unknown")
    score = finite_number(row.get("score"))
    return verdict if score is None else f"{verdict} ({score:.0f})"


def _found_by(discovery: Mapping[str, Any]) -> str:
    source = str(discovery.get("source") or "hashtag")
    if source in ("hashtag", "caption_mention"):
        return "#" + str(discovery.get("hashtag") or "")
    if source == "handle":
        return "its handle"
    if source == "refresh":
        return "a refresh (found by an earlier run of the plan)"
    if source.startswith("list:"):
        return "list " + source[5:]
    if source.startswith("link:"):
        return "a link on its " + source[5:].split(":", 1)[0] + " profile"
    return source


def _new_creator(row: Mapping[str, Any], creator: Mapping[str, Any] | None,
                 discoveries: Sequence[Mapping[str, Any]]) -> Change:
    parts = []
    if row.get("tier"):
        parts.append(str(row["tier"]))
    followers = finite_number(row.get("followers_count"))
    if followers is not None:
        parts.append(plural(int(followers), "follower"))
    found = list(dict.fromkeys(_found_by(d) for d in discoveries))
    if found:
        parts.append("found by " + ", ".join(found[:5]) + (" …" if len(found) > 5 else ""))
    reds = _reasons(row, "red")
    if reds:
        parts.append("red flags: " + "; ".join(reds.values()))
    return Change("new_creator", **_identity(row, creator), after=_verdict_text(row), detail=", ".join(parts))


def _reasons(row: Mapping[str, Any], flag: str) -> dict[str, str]:
    """``{code: text}`` of a score row's reasons with this flag, in their order."""
    reasons = json_column(row.get("reasons"), []) or []
    out: dict[str, str] = {}
    for reason in reasons if isinstance(reasons, list) else []:
        if isinstance(reason, Mapping) and reason.get("flag") == flag:
            code = str(reason.get("code") or reason.get("text") or "")
            out.setdefault(code, str(reason.get("text") or code))
    return out


def _verdict_change(old: Mapping[str, Any], new: Mapping[str, Any], creator: Mapping[str, Any] | None
                    ) -> Change | None:
    if old.get("verdict") == new.get("verdict"):
        return None
    before, after = _reasons(old, "red"), _reasons(new, "red")
    raised = [text for code, text in after.items() if code not in before]
    cleared = [text for code, text in before.items() if code not in after]
    parts = []
    if raised:
        parts.append("raised: " + "; ".join(raised))
    if cleared:
        parts.append("cleared: " + "; ".join(cleared))
    if not parts:
        old_score, new_score = finite_number(old.get("score")), finite_number(new.get("score"))
        if old_score is not None and new_score is not None:
            parts.append(f"score {old_score:.0f} → {new_score:.0f}")
        old_info, new_info = _reasons(old, "info"), _reasons(new, "info")
        if now := [text for code, text in new_info.items() if code not in old_info]:
            parts.append("now: " + "; ".join(now))
        if gone := [text for code, text in old_info.items() if code not in new_info]:
            parts.append("no longer: " + "; ".join(gone))
    return Change("verdict_change", **_identity(new, creator), before=_verdict_text(old), after=_verdict_text(new),
                  detail=" · ".join(parts) or "same red flags; the score or another rule moved it")


def _follower_changes(store: Store, old: Mapping[str, Any], new: Mapping[str, Any],
                      creator: Mapping[str, Any] | None, window: Sequence[Mapping[str, Any]]) -> list[Change]:
    """Follower jumps that end in a snapshot of this run, and a ``growth_anomaly`` column that changed."""
    changes: list[Change] = []
    texts: set[str] = set()
    taken = {str(s.get("observed_at")) for s in window}
    if taken:
        # the whole history, so that the creator's typical growth (MAD rule) is known; only the
        # intervals that end in this run's snapshots are news
        report = growth_report(store.snapshots_of(*_key(new)))
        for anomaly in report.anomalies if report else []:
            if anomaly.observed_at not in taken:
                continue
            texts.add(anomaly.text)
            changes.append(Change("follower_jump", **_identity(new, creator), before=f"{anomaly.followers_before:,}",
                                  after=f"{anomaly.followers_after:,}", detail=anomaly.text))
    current, earlier = new.get("growth_anomaly"), old.get("growth_anomaly")
    if current and current != earlier and not any(str(current).startswith(t) for t in texts):
        changes.append(Change("growth_anomaly", **_identity(new, creator), before=str(earlier) if earlier else "none",
                              after=str(current), detail="the growth anomaly of the vetting changed"))
    return changes


_BAND_ORDER = {"low": 0, "below_average": 1, "average": 2, "above_average": 3, "high": 4}


def _band_text(row: Mapping[str, Any]) -> str:
    from vetting.report import fmt_band, fmt_pct

    band = row.get("er_band")
    if not band:
        return "no band"
    metrics = json_column(row.get("metrics"), {}) or {}
    rng = metrics.get("er_band_range") if isinstance(metrics, Mapping) else None
    text = str(band).replace("_", " ")
    if isinstance(rng, list | tuple) and len(rng) == 2:
        text += f" ({fmt_band(rng[0], rng[1])})"
    rate = finite_number(row.get("engagement_rate"))
    return text + (f", rate {fmt_pct(rate, 2)}" if rate is not None else "")


def _band_change(old: Mapping[str, Any], new: Mapping[str, Any], creator: Mapping[str, Any] | None
                 ) -> Change | None:
    if old.get("er_band") == new.get("er_band"):
        return None
    was, now = _BAND_ORDER.get(str(old.get("er_band"))), _BAND_ORDER.get(str(new.get("er_band")))
    if was is None or now is None:
        detail = "band measured now" if now is not None else "band no longer measured"
    else:
        detail = "engagement moved up a band" if now > was else "engagement moved down a band"
        if abs(now - was) > 1:
            detail = detail.replace(" a band", f" {abs(now - was)} bands")
    return Change("engagement_band", **_identity(new, creator), before=_band_text(old), after=_band_text(new),
                  detail=detail)


def _skip_counts(run: Mapping[str, Any]) -> dict[str, int]:
    """A crawl's skip counters that can hide a known creator: ``{"private or deleted": 2, ...}``."""
    stats = json_column(run.get("stats"), {}) or {}
    counts: dict[str, int] = {}
    for name, value in (stats.items() if isinstance(stats, Mapping) else []):
        if "/skipped/" not in name or not isinstance(value, int) or value <= 0:
            continue
        what = name.split("/skipped/", 1)[1]
        if what.startswith("opt_out"):
            word = "opted out" + (f" ({what.split('/', 1)[1]})" if "/" in what else "")
        elif what in _SKIP_WORDS:
            word = _SKIP_WORDS[what]
        else:
            continue
        counts[word] = counts.get(word, 0) + value
    return counts


def _not_seen(store: Store, run: Mapping[str, Any], current: Mapping[Key, Any], previous: Mapping[Key, Any],
              creators: Mapping[Key, Any], crawls: Sequence[Mapping[str, Any]],
              window: Mapping[Key, Any]) -> list[Change]:
    settings = json_column(run.get("settings"), {}) or {}
    vetted_platforms = settings.get("platforms") if isinstance(settings, Mapping) else None
    crawled: dict[str, list[Mapping[str, Any]]] = {}
    for crawl in crawls:
        crawled.setdefault(str(crawl.get("platform")), []).append(crawl)
    asked = _asked_for(crawls)
    changes = []
    for key in sorted(previous):
        platform = key[0]
        creator = creators.get(key)
        if key not in current:
            if vetted_platforms and platform not in vetted_platforms:
                continue  # this vetting run left the platform out: nothing is known about it
            detail = f"{NOT_SEEN}: still in the store but not vetted in this run"
        elif platform in crawled and key not in window:
            if store.db.execute("SELECT 1 FROM creator_snapshots WHERE platform = ? AND creator_id = ? LIMIT 1",
                                key).fetchone() is None:
                continue  # never observed by a crawl (a store built without snapshots): nothing to miss
            names = {key[1].casefold(), str((creator or {}).get("handle") or "").lstrip("@").casefold()} - {""}
            wanted = asked.get(platform, {})
            hit = next((name for name in sorted(names) if name in wanted), None)
            if hit is None:
                detail = (f"{NOT_SEEN}: the {platform} crawl did not observe it (vetted again from stored data)"
                          + _crawl_hint(platform, crawled[platform]))
            elif wanted[hit]:
                detail = (f"{NOT_SEEN}: the {platform} crawl asked for it and the platform answered: "
                          f"{_MISSED_WORDS.get(str(wanted[hit]), str(wanted[hit]).replace('_', ' '))} "
                          "(vetted again from stored data)")
            else:
                by = "id" if hit == key[1].casefold() else "handle"
                detail = (f"{NOT_SEEN}: the {platform} crawl asked for it by its {by} and got no profile "
                          "(vetted again from stored data)"
                          + _crawl_hint(platform, crawled[platform], asked=True))
        else:
            continue
        row = previous[key]
        changes.append(Change("not_seen", **_identity(row, creator), before=_verdict_text(row),
                              after="not seen", detail=detail))
    return changes


def _hint_renames(not_seen: list[Change], new: Iterable[Key], creators: Mapping[Key, Mapping[str, Any]]) -> None:
    """Point a creator not seen at a new creator of its platform with the same display name: where the
    platform's id is the handle (TikTok), a renamed account comes back as a new creator. A hint only."""
    names: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for key in new:
        creator = creators.get(key)
        name = " ".join(str((creator or {}).get("display_name") or "").casefold().split())
        if name:
            names.setdefault((key[0], name), []).append(creator or {})
    for i, change in enumerate(not_seen):
        if change.platform not in HANDLE_IDS:
            continue  # a stable id: a renamed account is the same creator (see the renames)
        creator = creators.get((str(change.platform), str(change.creator_key).split(":", 1)[1])) or {}
        name = " ".join(str(creator.get("display_name") or "").casefold().split())
        twins = names.get((str(change.platform), name), []) if name else []
        if twins:
            handles = ", ".join(str(t.get("handle") or t.get("creator_id")) for t in twins[:3])
            not_seen[i] = replace(change, detail=change.detail + f"; possibly renamed: new creator {handles} "
                                                                  "has the same display name")


def _asked_for(crawls: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, str | None]]:
    """The accounts this run's crawls were asked for by handle or id (``handles`` argument), per platform:
    ``{name: reason}`` with the reason the spider recorded for one it did not return (else None)."""
    asked: dict[str, dict[str, str | None]] = {}
    for crawl in crawls:
        platform = str(crawl.get("platform"))
        arguments = json_column(crawl.get("arguments"), {}) or {}
        seeds = arguments.get("handles") if isinstance(arguments, Mapping) else None
        wanted = asked.setdefault(platform, {})
        for seed in seeds if isinstance(seeds, list) else []:
            if isinstance(seed, Mapping) and seed.get("handle"):
                wanted.setdefault(str(seed["handle"]).lstrip("@").casefold(), None)
        stats = json_column(crawl.get("stats"), {}) or {}
        for name, value in (stats.items() if isinstance(stats, Mapping) else []):
            if "/seed_missed/" not in name or not isinstance(value, int) or value <= 0:
                continue
            reason, _, handle = name.split("/seed_missed/", 1)[1].partition("/")
            if handle:
                wanted[handle.lstrip("@").casefold()] = reason
    return asked


def _renames(store: Store, window: Mapping[Key, Sequence[Mapping[str, Any]]], current: Mapping[Key, Any],
             creators: Mapping[Key, Any]) -> list[Change]:
    """Creators whose handle in this run's snapshots differs from their latest earlier snapshot's (same id)."""
    changes = []
    for key in sorted(window):
        if key[0] in HANDLE_IDS:
            continue
        seen = sorted((s for s in window[key] if s.get("handle")), key=lambda s: str(s.get("observed_at")))
        if not seen:
            continue
        first = min(str(s.get("observed_at")) for s in window[key])
        runs = sorted({int(s["crawl_run_id"]) for s in window[key]})
        marks = ", ".join("?" for _ in runs)
        earlier = store.db.execute(
            "SELECT handle FROM creator_snapshots WHERE platform = ? AND creator_id = ? AND handle IS NOT NULL "
            f"AND observed_at < ? AND crawl_run_id NOT IN ({marks}) ORDER BY observed_at DESC LIMIT 1",
            [*key, first, *runs]).fetchone()
        old, new = (str(earlier[0]) if earlier else ""), str(seen[-1]["handle"])
        if not old or old.lstrip("@").casefold() == new.lstrip("@").casefold():
            continue
        row = current.get(key) or {"platform": key[0], "creator_id": key[1]}
        changes.append(Change("renamed", **_identity(row, creators.get(key)), before="@" + old.lstrip("@"),
                              after="@" + new.lstrip("@"),
                              detail=f"renamed @{old.lstrip('@')} → @{new.lstrip('@')}: the same {key[0]} account "
                                     f"(id {key[1]}) changed its handle"))
    return changes


def _erasures(store: Store, since: str | None, previous_run: int | None) -> tuple[list[Change], int]:
    """Erasures on request since the previous vetting run (all of them before a first run), one row per
    kind and platform, and how many there were: counts only."""
    when = f"since run #{previous_run}" if previous_run is not None else "before this run"
    changes, total = [], 0
    for row in store.erasure_counts(since=since if previous_run is not None else None):
        n, kind = int(row["erasures"]), str(row["kind"])
        removed = sum(int(v) for v in row["counts"].values())
        total += n
        changes.append(Change("erasure", platform=row.get("platform"), before=kind, after=f"{n} erased",
                              detail=f"{plural(n, kind)} erased on request {when}: {plural(removed, 'row')} "
                                     "removed from the store, so from every output; who is not recorded"))
    return changes, total


def _crawl_hint(platform: str, crawls: Sequence[Mapping[str, Any]], *, asked: bool = False) -> str:
    """What this run's crawls of ``platform`` recorded that could explain a creator they did not observe."""
    hints = []
    stopped = sorted({str(c.get("status")) for c in crawls if c.get("status") != "finished"})
    if stopped:
        hints.append(f"the {platform} crawl did not finish ({', '.join(stopped)}) and may not have reached it")
    skips: dict[str, int] = {}
    for crawl in crawls:
        for word, n in _skip_counts(crawl).items():
            skips[word] = skips.get(word, 0) + n
    if skips:
        hints.append("the crawl skipped accounts as " + ", ".join(f"{word} ({n})" for word, n in skips.items())
                     + "; which accounts is not recorded")
    if not hints:
        hints.append("no reason recorded: it may have gone private or been deleted" if asked else
                     "no reason recorded: it may have gone private, been renamed or deleted, or not posted with "
                     "the crawled hashtags")
    return "; " + "; ".join(hints)


def _shortfall(run: Mapping[str, Any]) -> Change:
    status = str(run.get("status") or "unknown")
    parts = [SHORTFALL_STATUSES.get(status, status)]
    if run.get("finish_reason") and run.get("finish_reason") != status:
        parts.append(f"reason {run['finish_reason']}")
    counts = [(run.get("request_count"), "request"), (run.get("creator_count"), "creator"),
              (run.get("post_count"), "post"), (run.get("comment_count"), "comment"),
              (run.get("skipped_count"), "skip"), (run.get("error_count"), "error")]
    parts.append(", ".join(plural(int(n), word) for n, word in counts if isinstance(n, int)))
    if isinstance(run.get("quota_units"), int):
        parts.append(f"{run['quota_units']:,} quota units")
    platform = str(run.get("platform") or run.get("spider") or "")
    return Change("shortfall", platform=platform or None, creator_key=None, handle=None,
                  before=f"crawl #{run['id']}", after=status, detail="; ".join(p for p in parts if p))


# -- writing -----------------------------------------------------------------------------------

def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    return str(neutralize_cell(clean_text(str(value))))


def _atomic_write(path: Path, write: Any) -> None:
    """Write ``path`` through ``path.part`` and a rename, so a reader never sees half a digest."""
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(part, path)


def render_digest(digest: Digest) -> str:
    """``digest.html``'s markup (autoescaped; links only through :func:`vetting.shortlist.cells.safe_link`)."""
    from vetting.report import environment

    sections = []
    for name, title in SECTIONS:
        rows = [{"c": change, "url": None if change.sandbox else safe_link(change.profile_url)}
                for change in getattr(digest, name)]
        sections.append({"name": name, "title": title, "rows": rows})
    return environment().get_template("digest.html.j2").render(
        d=digest, sections=sections, summary=digest.summary(),
        sandbox=any(change.sandbox for change in digest.changes))


def write_digest(digest: Digest, folder: Path) -> tuple[Path, Path]:
    """Write ``digest.html`` and ``digest.csv`` into ``folder`` (created if needed); their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = folder / "digest.html", folder / "digest.csv"
    markup = render_digest(digest)
    _atomic_write(html_path, lambda handle: handle.write(markup))

    def write_rows(handle: Any) -> None:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for note in digest.notes:
            writer.writerow(Change("note", detail=note).csv_row())
        for change in digest.changes:
            writer.writerow(change.csv_row())

    _atomic_write(csv_path, write_rows)
    logger.info("wrote %s and %s (%s)", html_path, csv_path, digest.summary())
    return html_path, csv_path

