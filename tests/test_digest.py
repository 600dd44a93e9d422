"""The digest: what changed between two vetting runs (hand-built stores, then `vet` twice end to end)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from delivery_store import FORMULA_PAYLOADS, HTML_PAYLOADS, build_store
from test_vet_cli import FETCHED, NICHE, _creator

from crawler.storage import Store, utc_now
from vetting.cli import cli
from vetting.digest import CSV_COLUMNS, FIRST_RUN_NOTE, Digest, build_digest, write_digest
from vetting.shortlist.cells import is_formula_like

HOSTILE_REASON = "<script>document.title='PWNED'</script>followers jumped"
NEW_HANDLE = "<img src=x onerror=alert(1)>newcook@kitchen.example"
OLD_HANDLE = "=cmd|' /C calc'!A0@kitchen.example"
RENAMED_HANDLE = "<b>cook2new</b>@kitchen.example"


def _second_run(store: Store) -> tuple[int, list[int]]:
    """A second crawl and vetting run on top of :func:`build_store`'s first: one crawl of each platform
    (YouTube's stopped by its quota), a follower jump, a verdict change, a band change, a changed growth
    anomaly, a new creator, a creator left out and creators the crawls did not observe."""
    # A plan run's crawls: asked for known creators by id; the Mastodon spider recorded why 104 was not
    # returned, the YouTube crawl stopped before it reached UCchan0005.
    mastodon = store.start_crawl_run("mastodon", "mastodon", {"hashtag": ["veganrecipes"], "handles": [
        {"handle": "104", "kind": "id", "source": "refresh"}]}, plan="p")
    store.finish_crawl_run(mastodon, "finished", {"creator_count": 3, "skipped_count": 2, "stats": {
        "creatorscout/mastodon/skipped/opt_out/noindex": 1, "creatorscout/mastodon/skipped/too_old": 1,
        "creatorscout/mastodon/seed_missed/opted_out/104": 1}})
    youtube = store.start_crawl_run("youtube", "youtube", {"hashtag": ["veganrecipes"], "handles": [
        {"handle": "UCchan0005", "kind": "id", "source": "refresh"}]}, plan="p")
    store.finish_crawl_run(youtube, "stopped_quota", {"request_count": 40, "creator_count": 2, "post_count": 7,
                                                      "quota_units": 10_000, "finish_reason": "quota_exceeded"})
    # 102 renamed itself: its earlier snapshots saw another handle (UCchan0001 kept its own).
    store.db.execute("UPDATE creator_snapshots SET handle = ? WHERE creator_id = '102'", [OLD_HANDLE])
    store.db.execute("UPDATE creator_snapshots SET handle = 'cook1' WHERE creator_id = 'UCchan0001'")
    # Erasures: one creator and two commenters since the first vetting, one creator before it, and a
    # retention run (no erasure on request).
    for kind, when, counts in (("creator", "2026-06-01T09:00:00Z", {"posts": 3, "creators": 1}),
                               ("commenter", "2026-06-01T09:30:00Z", {"comments": 2}),
                               ("commenter", "2026-06-01T09:40:00Z", {"comments": 1}),
                               ("creator", "2026-05-01T00:00:00Z", {"creators": 1})):
        store.db["erasures"].insert({"kind": kind, "platform": "mastodon", "erased_at": when,
                                     "counts": json.dumps(counts), "subject_keys": json.dumps(["k"])})
    store.db["erasures"].insert({"kind": "retention", "erased_at": "2026-06-01T10:00:00Z",
                                 "counts": json.dumps({"comments": 9})})
    store.db.conn.commit()
    store.write_batch(
        creators=[{"platform": "mastodon", "creator_id": "200", "handle": NEW_HANDLE, "followers_count": 3_000,
                   "display_name": FORMULA_PAYLOADS[4] + "Cook  4",  # 104's, as if renamed
                   "fetched_at": "2026-06-02T10:00:00Z", "profile_url": "https://kitchen.example/@newcook",
                   "source_url": "http://127.0.0.1:8765/api/200"}],  # sandbox data: never a link
        snapshots=[
            {"crawl_run_id": mastodon, "platform": "mastodon", "creator_id": "100",
             "observed_at": "2026-06-02T10:00:00Z", "followers_count": 2_000},  # 800 -> 2,000 in 3 days
            {"crawl_run_id": mastodon, "platform": "mastodon", "creator_id": "102", "handle": RENAMED_HANDLE,
             "observed_at": "2026-06-02T10:00:00Z", "followers_count": 40_100},
            {"crawl_run_id": mastodon, "platform": "mastodon", "creator_id": "200",
             "observed_at": "2026-06-02T10:00:00Z", "followers_count": 3_000},
            {"crawl_run_id": youtube, "platform": "youtube", "creator_id": "UCchan0001", "handle": "Cook1",
             "observed_at": "2026-06-02T10:00:00Z", "followers_count": 5_000},
        ],
        discoveries=[{"crawl_run_id": mastodon, "platform": "mastodon", "hashtag": "veganrecipes",
                      "creator_id": "200", "discovered_at": "2026-06-02T10:00:00Z",
                      "source_url": "https://kitchen.example/tags/veganrecipes"}],
    )
    rows = {r["creator_id"]: r for r in store.db.query("SELECT * FROM vetting_scores WHERE vetting_run_id = 1")}
    for row in rows.values():
        row.pop("vetting_run_id")
        row["vetted_at"] = "2026-06-03T08:00:00Z"
    reasons = json.loads(rows["100"]["reasons"])
    rows["100"].update(verdict="review", score=61, reasons=[
        *reasons, {"flag": "red", "code": "growth_spike", "text": HOSTILE_REASON}])
    metrics = json.loads(rows["102"]["metrics"])
    metrics["er_band_range"] = [0.001, 0.005]
    rows["102"].update(er_band="low", engagement_rate=0.004, metrics=metrics)
    rows["UCchan0001"]["growth_anomaly"] = "@cmd followers fell -30.0 % (5,000 → 3,500)"
    del rows["UCchan0003"]  # not vetted this time
    new = dict(rows["102"], creator_id="200", followers_count=3_000, verdict="recommended", score=88, tier="nano",
               er_band="average")
    run = store.start_vetting_run({"vetted_at": "2026-06-03T08:00:00Z", "niche": "vegan cooking"})
    store.write_vetting_scores(run, [*rows.values(), new])
    return run, [mastodon, youtube]


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[Store, Digest]:
    store = build_store(tmp_path / "store.db")
    run, crawls = _second_run(store)
    yield store, build_digest(store, current_run=run, previous_run=1, crawl_run_ids=crawls)
    store.close()


def test_a_plans_digest_has_only_the_creators_its_runs_found(two_runs: tuple[Store, Digest]) -> None:
    """One store, several plans: a vetting run scores every creator of its platforms, but a plan's digest
    (like its shortlist and reports) speaks of the creators its runs found."""
    store, whole = two_runs
    assert {c.creator_key for c in whole.verdict_changes + whole.band_changes} == {"mastodon:100", "mastodon:102"}

    def of_plan(plan: str) -> Digest:
        return build_digest(store, current_run=whole.current_run, previous_run=1, crawl_run_ids=whole.crawl_run_ids,
                            plan=plan)

    digest = of_plan("p")  # its crawls found only 200
    assert [c.creator_key for c in digest.new_creators] == ["mastodon:200"]
    assert not (digest.verdict_changes or digest.follower_changes or digest.band_changes or digest.not_seen)
    assert digest.shortfalls == whole.shortfalls and digest.erasures == whole.erasures
    assert digest.notes == ["plan p: only the creators its runs found (as in its shortlist and reports)"]
    store.write_batch(discoveries=[{"crawl_run_id": whole.crawl_run_ids[0], "platform": "mastodon",
                                    "hashtag": "veganrecipes", "creator_id": "100",
                                    "discovered_at": "2026-06-02T10:00:00Z", "source_url": "https://k.example/t"}])
    digest = of_plan("p")
    assert [c.creator_key for c in digest.verdict_changes] == ["mastodon:100"]
    assert {c.creator_key for c in digest.follower_changes} == {"mastodon:100"}
    assert not of_plan("another").new_creators


def _by_key(changes: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for change in changes:
        out.setdefault(change.creator_key, []).append(change)
    return out


def test_each_section_has_its_rows(two_runs: tuple[Store, Digest]) -> None:
    _, digest = two_runs
    assert not digest.first_run and digest.notes == []
    assert [c.creator_key for c in digest.new_creators] == ["mastodon:200"]
    new = digest.new_creators[0]
    assert new.after == "recommended (88)" and new.handle == NEW_HANDLE and "found by #veganrecipes" in new.detail

    assert [c.creator_key for c in digest.verdict_changes] == ["mastodon:100"]
    verdict = digest.verdict_changes[0]
    assert (verdict.before, verdict.after) == ("recommended (90)", "review (61)")
    assert verdict.detail == f"raised: {HOSTILE_REASON}"

    followers = _by_key(digest.follower_changes)
    assert set(followers) == {"mastodon:100", "youtube:UCchan0001"}
    jump = followers["mastodon:100"][0]
    assert (jump.kind, jump.before, jump.after) == ("follower_jump", "800", "2,000")
    assert jump.detail.startswith("followers jumped +150.0 % (800 → 2,000) in 3.0 days")
    anomaly = followers["youtube:UCchan0001"][0]
    assert anomaly.kind == "growth_anomaly" and anomaly.after.startswith("@cmd")
    assert anomaly.before == FORMULA_PAYLOADS[1] + "+40 % followers in one day"

    assert [c.creator_key for c in digest.band_changes] == ["mastodon:102"]
    band = digest.band_changes[0]
    assert band.before == "average (1.00 % – 3.00 %), rate 2.30 %"
    assert band.after == "low (0.10 % – 0.50 %), rate 0.40 %"
    assert band.detail == "engagement moved down 2 bands"

    not_seen = {c.creator_key: c for c in digest.not_seen}
    # 104 was observed before but not by this run's Mastodon crawl, which counted an opt-out;
    # UCchan0003 was not vetted; UCchan0005 was not observed by the (stopped) YouTube crawl.
    assert set(not_seen) == {"mastodon:104", "youtube:UCchan0003", "youtube:UCchan0005"}
    # 104 was asked for by id and the spider recorded why it did not come back: that reason, no guess;
    # Mastodon ids are stable, so a new creator with its display name is no rename hint
    assert not_seen["mastodon:104"].detail == (
        "not seen in this run: the mastodon crawl asked for it and the platform answered: opted out of indexing, "
        "so not collected (vetted again from stored data)")
    assert not_seen["youtube:UCchan0003"].detail == ("not seen in this run: still in the store but not vetted in "
                                                     "this run")
    assert not_seen["youtube:UCchan0005"].detail.startswith(
        "not seen in this run: the youtube crawl asked for it by its id and got no profile")
    assert "the youtube crawl did not finish (stopped_quota)" in not_seen["youtube:UCchan0005"].detail

    assert [(c.creator_key, c.before, c.after) for c in digest.renames] == [
        ("mastodon:102", "@" + OLD_HANDLE, "@" + RENAMED_HANDLE)]
    assert digest.renames[0].detail.startswith(f"renamed @{OLD_HANDLE} → @{RENAMED_HANDLE}: the same mastodon")

    # counts only, since the previous run, on request (retention is not one): never a handle or an id
    assert [(c.platform, c.before, c.after) for c in digest.erasures] == [
        ("mastodon", "commenter", "2 erased"), ("mastodon", "creator", "1 erased")]
    assert digest.erasures[1].detail == ("1 creator erased on request since run #1: 4 rows removed from the store, "
                                         "so from every output; who is not recorded")
    assert all(c.creator_key is None and c.handle is None for c in digest.erasures)
    assert digest.erased_count == 3 and "1 rename" in digest.summary() and "3 erasures" in digest.summary()
    assert not_seen["youtube:UCchan0003"].before == "review (69)"

    assert len(digest.shortfalls) == 1
    short = digest.shortfalls[0]
    assert (short.platform, short.before, short.after) == ("youtube", "crawl #5", "stopped_quota")
    assert "stopped by a quota" in short.detail and "40 requests" in short.detail
    assert "10,000 quota units" in short.detail
    assert digest.summary().startswith("run #2 vs #1: 1 new creator, 1 verdict change, 2 follower changes")


def test_hostile_text_is_escaped_in_html_and_neutralised_in_csv(two_runs: tuple[Store, Digest],
                                                                tmp_path: Path) -> None:
    _, digest = two_runs
    html_path, csv_path = write_digest(digest, tmp_path / "out")
    page = html_path.read_text(encoding="utf-8")
    assert "<script>document.title" not in page and "&lt;script&gt;document.title" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;newcook" in page
    for payload in HTML_PAYLOADS:
        assert payload not in page
    assert "javascript:" not in page  # unsafe profile links are text, not links
    assert 'href="https://kitchen.example/@cook2"' in page  # a safe one is a link
    assert "@newcook" not in page and "Sandbox data – do not send to a client." in page  # but not of the sandbox
    assert "Verdict changes (1)" in page and "Shortfalls: crawls that did not finish (1)" in page

    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(digest.changes)
    for row in rows[1:]:
        assert not any(is_formula_like(cell) for cell in row), row
    kinds = [row[0] for row in rows[1:]]
    assert kinds == sorted(kinds, key=["new_creator", "verdict_change", "follower_jump", "growth_anomaly",
                                       "engagement_band", "renamed", "not_seen", "erasure", "shortfall"].index)
    assert "<b>cook2new" not in page and "renamed @=cmd" in page and "Erased on request (2)" in page
    by_key = {(row[0], row[2]): row for row in rows[1:]}
    assert by_key[("verdict_change", "mastodon:100")][3] == "'" + FORMULA_PAYLOADS[0] + "cook0@kitchen.example"
    assert by_key[("growth_anomaly", "youtube:UCchan0001")][5].startswith("'@cmd")
    assert by_key[("new_creator", "mastodon:200")][3] == NEW_HANDLE  # text is kept, only neutralised
    assert by_key[("renamed", "mastodon:102")][4] == "'@=cmd|' /C calc'!A0@kitchen.example"


def test_first_run_says_nothing_to_compare(tmp_path: Path) -> None:
    store = build_store(tmp_path / "store.db")
    try:
        digest = build_digest(store, current_run=1, previous_run=None, crawl_run_ids=[1, 2, 3])
    finally:
        store.close()
    assert digest.first_run and digest.notes == [FIRST_RUN_NOTE]
    assert len(digest.new_creators) == 6 and digest.new_creators[0].after == "recommended (90)"
    assert not (digest.verdict_changes or digest.follower_changes or digest.band_changes or digest.not_seen)
    assert digest.shortfalls == []
    html_path, csv_path = write_digest(digest, tmp_path / "first")
    assert "First run: nothing to compare yet." in html_path.read_text(encoding="utf-8")
    rows = list(csv.reader(csv_path.open(encoding="utf-8", newline="")))
    assert rows[1][0] == "note" and "nothing to compare yet" in rows[1][6]
    assert [row[0] for row in rows[2:]] == ["new_creator"] * 6


def test_digest_command(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    store = build_store(db)
    _second_run(store)
    # the crawls of run 2 are those started between the two vetting runs: move run 2 after them
    store.db.execute("UPDATE vetting_runs SET vetted_at = ? WHERE id = 2", [utc_now()])
    store.db.conn.commit()
    store.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["digest", "--db", str(db), "--out", str(tmp_path / "d")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("run #2 vs #1: 1 new creator, 1 verdict change")
    assert "1 shortfall" in result.output
    rows = list(csv.reader((tmp_path / "d" / "digest.csv").open(encoding="utf-8", newline="")))
    assert ("shortfall", "youtube") in {(row[0], row[1]) for row in rows}

    first = runner.invoke(cli, ["digest", "--db", str(db), "--run", "1", "--out", str(tmp_path / "f")])
    assert first.exit_code == 0 and "first run, nothing to compare yet" in first.output
    for args, message in ((["--run", "9"], "no vetting run #9"), (["--run", "1", "--previous", "2"], "earlier run")):
        bad = runner.invoke(cli, ["digest", "--db", str(db), *args, "--out", str(tmp_path / "x")])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
    of_plan = runner.invoke(cli, ["digest", "--db", str(db), "--plan", "p", "--out", str(tmp_path / "p")])
    assert of_plan.exit_code == 0 and of_plan.output.startswith("run #2 vs #1: 1 new creator, 3 erasures, 1 shortfall;")
    unknown = runner.invoke(cli, ["digest", "--db", str(db), "--plan", "nope", "--out", str(tmp_path / "n")])
    assert unknown.exit_code == 2 and "no crawl of plan 'nope' in this database (plans with crawls in it: p)" \
        in unknown.output and "Traceback" not in unknown.output


def test_vet_twice_then_digest(tmp_path: Path) -> None:
    """Two real `vet` runs with a crawl in between that saw a follower jump and a new creator; the
    second vetting (two months later) finds anna inactive: her verdict changes."""
    db = tmp_path / "store.db"
    store = Store.open(db)
    for n in range(3):
        store.start_crawl_run("mastodon", "test", {"n": n})
    rng = random.Random(3)
    _creator(store, rng, "anna", followers=20_000, topic="food", comment_kind="genuine", brand=True,
             snapshots=(19_800, 19_900, 20_000))
    _creator(store, rng, "botty", followers=20_000, topic="food", comment_kind="bot",
             snapshots=(10_000, 10_100, 20_000))
    _creator(store, rng, "gamer", followers=20_000, topic="gaming", comment_kind="genuine")
    store.close()
    runner = CliRunner()
    first = runner.invoke(cli, ["vet", "--niche", NICHE, "--as-of", FETCHED, "--db", str(db)], catch_exceptions=False)
    assert first.exit_code == 0, first.output

    store = Store.open(db)
    crawl = store.start_crawl_run("mastodon", "test", {"n": 3})
    _creator(store, rng, "newbie", followers=5_000, topic="food", comment_kind="genuine")
    store.write_batch(
        creators=[dict(store.creator("mastodon", "anna"), followers_count=40_000, fetched_at="2026-09-22T00:00:00Z")],
        snapshots=[{"crawl_run_id": crawl, "platform": "mastodon", "creator_id": creator_id,
                    "observed_at": "2026-09-22T00:00:00Z", "followers_count": count}
                   for creator_id, count in (("anna", 40_000), ("newbie", 5_000))],
        discoveries=[{"crawl_run_id": crawl, "platform": "mastodon", "hashtag": "veganrecipes", "creator_id": "newbie",
                      "discovered_at": "2026-09-22T00:00:00Z", "source_url": "https://m.test/tags/veganrecipes"}])
    store.finish_crawl_run(crawl, "finished", {"creator_count": 2})
    store.close()
    second = runner.invoke(cli, ["vet", "--niche", NICHE, "--as-of", "2026-11-01", "--db", str(db)],
                           catch_exceptions=False)
    assert second.exit_code == 0, second.output

    result = runner.invoke(cli, ["digest", "--db", str(db), "--out", str(tmp_path / "digest")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "digest" / "digest.csv").open(encoding="utf-8", newline="")))
    by_kind: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], {})[row["creator_key"]] = row
    assert set(by_kind["new_creator"]) == {"mastodon:newbie"}
    assert "found by #veganrecipes" in by_kind["new_creator"]["mastodon:newbie"]["detail"]
    anna = by_kind["verdict_change"]["mastodon:anna"]
    assert anna["before"].startswith("recommended") and not anna["after"].startswith("recommended")
    assert "raised: " in anna["detail"] and "inactive since 2026-09-12" in anna["detail"]
    jump = by_kind["follower_jump"]["mastodon:anna"]
    assert (jump["before"], jump["after"]) == ("20,000", "40,000") and "followers jumped +100.0 %" in jump["detail"]
    # botty was observed by the earlier crawls but not by this one; gamer never had a snapshot
    assert set(by_kind["not_seen"]) == {"mastodon:botty"}
    assert "no reason recorded" in by_kind["not_seen"]["mastodon:botty"]["detail"]
    assert "shortfall" not in by_kind
    page = (tmp_path / "digest" / "digest.html").read_text(encoding="utf-8")
    assert "mastodon:newbie" in page and "Verdict changes (1)" in page


def test_verdict_change_without_a_red_flag_names_the_score_and_notes() -> None:
    """insufficient_data -> recommended: no red flag moved; the digest names the score and the notes that
    went away."""
    from vetting.digest import _verdict_change

    old = {"platform": "mastodon", "creator_id": "1", "verdict": "insufficient_data", "score": None,
           "reasons": json.dumps([{"flag": "info", "code": "insufficient_niche", "text": "niche fit not measured"}])}
    new = {"platform": "mastodon", "creator_id": "1", "verdict": "recommended", "score": 81.4,
           "reasons": json.dumps([{"flag": "green", "code": "niche", "text": "on niche"}])}
    change = _verdict_change(old, new, {"handle": "anna"})
    assert change is not None and (change.before, change.after) == ("insufficient_data", "recommended (81)")
    assert change.detail == "no longer: niche fit not measured"
    new["score"], old["score"] = 60, 75
    old["verdict"], new["verdict"] = "recommended", "review"
    old["reasons"] = new["reasons"] = "[]"
    assert _verdict_change(old, new, None).detail == "score 75 → 60"
    assert _verdict_change(old, dict(new, verdict="recommended"), None) is None


def test_every_reason_a_spider_records_for_a_missed_account_has_its_words() -> None:
    """``seed_missed(handle, reason)`` in any spider: the digest says the reason in words, never its code."""
    import re

    from vetting.digest import _MISSED_WORDS

    spiders = Path(__file__).resolve().parents[1] / "crawler" / "spiders"
    recorded = {reason for path in spiders.glob("*.py")
                for reason in re.findall(r"seed_missed\([^)]*,\s*\"(\w+)\"\)", path.read_text(encoding="utf-8"))}
    recorded |= {"suspended", "opted_out"}  # Mastodon's, chosen by a conditional expression
    assert {"not_found", "not_professional", "private_or_deleted", "unavailable"} <= recorded
    assert recorded <= set(_MISSED_WORDS)
