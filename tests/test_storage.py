"""The store: schema, upserts that never duplicate, NULL for unknown, FK order, migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.errors import StoreError
from crawler.storage import Store, migrations, open_db, pending_migrations, resolve_db_path

T1, T2 = "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"


def creator(**over):
    row = dict(platform="mastodon", creator_id="1", handle="anna", source_url="https://x/api/v1/accounts/1",
               fetched_at=T1, followers_count=1200, bio="Vegan food")
    row.update(over)
    return row


def post(**over):
    row = dict(platform="mastodon", post_id="p1", creator_id="1", source_url="https://x/s", fetched_at=T1,
               hashtags=["vegan", "recipes"], like_count=10, comment_count=2)
    row.update(over)
    return row


@pytest.fixture
def store():
    s = Store.open(":memory:")
    yield s
    s.close()


def test_schema_has_every_table_and_view(store):
    names = set(store.db.table_names())
    assert {"creators", "posts", "comments", "creator_snapshots", "crawl_runs", "discoveries",
            "vetting_runs", "vetting_scores", "shortlist_entries"} <= names
    assert {"creator_overview", "latest_vetting_scores"} <= set(store.db.view_names())
    assert store.db["posts"].foreign_keys[0].other_table == "creators"
    assert store.db["comments"].foreign_keys[0].other_table == "posts"
    assert pending_migrations(store.db) == []


def test_rerun_updates_rows_keeps_first_seen_and_never_duplicates(store):
    run1 = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]})
    snap = dict(platform="mastodon", creator_id="1", observed_at=T1, followers_count=1200)
    store.write_batch(creators=[creator()], posts=[post()], snapshots=[{**snap, "crawl_run_id": run1}])
    run2 = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]})
    store.write_batch(creators=[creator(fetched_at=T2, followers_count=1500, bio=None)],
                      posts=[post(fetched_at=T2, like_count=None)],
                      snapshots=[{**snap, "crawl_run_id": run2, "observed_at": T2, "followers_count": 1500}])
    store.write_batch(creators=[creator(fetched_at=T2, followers_count=1500)], posts=[post(fetched_at=T2)])
    rows = list(store.creators())
    assert len(rows) == 1
    assert rows[0]["first_seen_at"] == T1 and rows[0]["last_seen_at"] == T2
    assert rows[0]["followers_count"] == 1500
    assert rows[0]["bio"] == "Vegan food"  # a payload without the bio does not erase it
    assert store.db["posts"].count == 1
    assert [s["followers_count"] for s in store.snapshots_of("mastodon", "1")] == [1200, 1500]
    assert store.posts_of("mastodon", "1")[0]["hashtags"] == ["vegan", "recipes"]


def test_hidden_count_is_null_not_zero(store):
    store.write_batch(creators=[creator(followers_count=None)], posts=[post(like_count=None)])
    assert next(iter(store.creators()))["followers_count"] is None
    assert store.posts_of("mastodon", "1")[0]["like_count"] is None


def test_orphan_rows_are_refused_and_batch_rolled_back(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.write_batch(creators=[creator(creator_id="2")], posts=[post(creator_id="missing")])
    assert store.db["creators"].count == 0  # the whole batch was rolled back


def test_existing_keys_and_counts(store):
    store.write_batch(creators=[creator(), creator(platform="youtube", creator_id="UC1", handle="yt")])
    assert store.existing_keys("creators", "mastodon", ["1", "2"]) == {"1"}
    counts = store.table_counts()
    assert counts["creators"] == {"mastodon": 1, "youtube": 1}


def test_find_creator_by_handle_or_id(store):
    store.write_batch(creators=[creator(handle="koch_anna@mastodon.social")])
    assert store.find_creator("mastodon", "@koch_anna@mastodon.social")["creator_id"] == "1"
    assert store.find_creator("mastodon", "1")["handle"] == "koch_anna@mastodon.social"
    assert store.find_creator("mastodon", "nobody") is None


def test_crawl_run_lifecycle(store):
    run = store.start_crawl_run("youtube", "youtube", {"hashtags": ["vegan"]})
    store.finish_crawl_run(run, "finished", {"request_count": 12, "stats": {"a": 1}})
    row = store.crawl_run(run)
    assert row["status"] == "finished" and row["request_count"] == 12 and row["finished_at"].endswith("Z")
    assert row["stats"] == '{"a": 1}'


def test_broken_database_file_gives_one_line_error(tmp_path):
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        open_db(bad)


def test_missing_folder_gives_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_db(tmp_path / "nope" / "x.db")


def test_db_path_precedence(monkeypatch):
    monkeypatch.delenv("CREATORSCOUT_DB", raising=False)
    assert str(resolve_db_path()) == "creatorscout.db"
    monkeypatch.setenv("CREATORSCOUT_DB", "/tmp/env.db")
    assert str(resolve_db_path()) == "/tmp/env.db"
    assert str(resolve_db_path("arg.db")) == "arg.db"


def test_file_database_uses_wal_and_foreign_keys(tmp_path):
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_comments_by_id_and_of_creator(store):
    comment = dict(platform="mastodon", post_id="p1", source_url="u", fetched_at=T1, author_key="k" * 32)
    store.write_batch(creators=[creator()], posts=[post()],
                      comments=[{**comment, "comment_id": "c1", "text": "eins", "created_at": T2},
                                {**comment, "comment_id": "c2", "text": "zwei", "created_at": T1}])
    found = store.comments_by_id("mastodon", ["c2", "c1", "c2", "missing"])
    assert set(found) == {"c1", "c2"} and found["c1"]["text"] == "eins"
    assert [c["comment_id"] for c in store.comments_of("mastodon", "1")] == ["c2", "c1"]


def test_the_quota_ledger_adds_up_per_key_and_day(store):
    assert store.quota_spent("youtube", "fp", "2026-03-01") == 0
    assert store.add_quota("youtube", "fp", "2026-03-01", 100) == 100
    assert store.add_quota("youtube", "fp", "2026-03-01", 1) == 101
    assert store.add_quota("youtube", "fp", "2026-03-02", 5) == 5
    assert store.add_quota("youtube", "other", "2026-03-01", 7) == 7
    assert store.quota_spent("youtube", "fp", "2026-03-01") == 101


def test_processes_opening_one_new_database_at_once_all_succeed(tmp_path):
    db = tmp_path / "race.db"
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); "
            f"from crawler.storage import Store; s = Store.open({str(db)!r}); "
            "s.start_crawl_run('mastodon', 'mastodon', {}); s.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    store = Store.open(db)
    assert store.db["crawl_runs"].count == 4 and pending_migrations(store.db) == []
    store.close()


def test_m006_adds_creators_indexable_to_an_old_database_leaving_old_rows_null(tmp_path):
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    migrations.apply(old, stop_before="m006_creator_indexable")  # the schema before the flag existed
    assert "indexable" not in old["creators"].columns_dict
    old["creators"].insert({"platform": "mastodon", "creator_id": "1", "handle": "anna", "first_seen_at": T1,
                            "last_seen_at": T1, "source_url": "https://x/api/v1/accounts/1"})
    old.conn.commit()
    old.conn.close()
    store = Store.open(path)
    try:
        assert pending_migrations(store.db) == []
        assert store.db["creators"].columns_dict["indexable"] is int
        assert store.creator("mastodon", "1")["indexable"] is None  # unknown until crawled again
        store.write_batch(creators=[creator(creator_id="2", handle="lena", indexable=False)])
        assert store.creator("mastodon", "2")["indexable"] == 0
        store.write_batch(creators=[creator(creator_id="2", handle="lena", fetched_at=T2, indexable=None)])
        assert store.creator("mastodon", "2")["indexable"] == 0  # a payload without the flag does not erase it
        store.write_batch(creators=[creator(creator_id="2", handle="lena", fetched_at=T2, indexable=True)])
        assert store.creator("mastodon", "2")["indexable"] == 1
    finally:
        store.close()


# -- m007: discovery sources and creator links --------------------------------------------------

def discovery(run_id, **over):
    row = dict(crawl_run_id=run_id, platform="mastodon", creator_id="1", hashtag="vegan", post_id="p1",
               discovered_at=T1, source_url="https://x/api/v1/timelines/tag/vegan")
    row.update(over)
    return row


def test_m007_keeps_old_hashtag_discoveries_and_lets_list_discoveries_go_without_hashtag(tmp_path):
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    migrations.apply(old, stop_before="m007_seed_sources_and_creator_links")  # the schema before sources
    assert "source" not in old["discoveries"].columns_dict and not old["creator_links"].exists()
    old["crawl_runs"].insert({"id": 1, "spider": "mastodon", "started_at": T1, "status": "finished"})
    old["creators"].insert({"platform": "mastodon", "creator_id": "1", "handle": "anna", "first_seen_at": T1,
                            "last_seen_at": T1, "source_url": "https://x/api/v1/accounts/1"})
    for tag in ("vegan", "baking"):
        old["discoveries"].insert({"crawl_run_id": 1, "platform": "mastodon", "hashtag": tag, "creator_id": "1",
                                   "post_id": "p1", "discovered_at": T1, "source_url": "https://x/tags"})
    old.conn.commit()
    old.conn.close()

    store = Store.open(path)
    try:
        assert pending_migrations(store.db) == []
        assert [(d["source"], d["hashtag"]) for d in store.discoveries_of("mastodon", "1")] == [
            ("hashtag", "vegan"), ("hashtag", "baking")]
        table = store.db["discoveries"]
        assert table.pks == ["crawl_run_id", "platform", "source", "hashtag", "creator_id"]
        assert {fk.other_table for fk in table.foreign_keys} == {"crawl_runs", "creators"}
        assert ["platform", "hashtag"] in [i.columns for i in table.indexes]  # the old index survived
        # the same creator, same run, found again by the hashtag, by a list and by --handle: one row per source
        store.write_batch(discoveries=[discovery(1, discovered_at=T2),
                                       discovery(1, hashtag=None, source="list:seeds.csv", post_id=None),
                                       discovery(1, hashtag=None, source="handle", post_id=None)])
        store.write_batch(discoveries=[discovery(1, hashtag=None, source="list:seeds.csv", discovered_at=T2)])
        rows = store.discoveries_of("mastodon", "1")
        assert sorted((d["source"], d["hashtag"]) for d in rows) == [
            ("handle", ""), ("hashtag", "baking"), ("hashtag", "vegan"), ("list:seeds.csv", "")]
        assert {d["discovered_at"] for d in rows} == {T1}  # the first discovery's time is kept
        assert store.db["creator_links"].foreign_keys[0].other_table == "creators"
    finally:
        store.close()


def test_a_discovery_must_say_what_found_it(store):
    run = store.start_crawl_run("mastodon", "mastodon", {})
    store.write_batch(creators=[creator()])
    with pytest.raises(sqlite3.IntegrityError, match=r"NOT NULL constraint failed: discoveries\.source"):
        store.write_batch(discoveries=[discovery(run, hashtag=None)])


def test_creator_links_keep_first_seen_update_last_seen_and_need_their_creator(store):
    from crawler.links import classify_link, extract_links

    store.write_batch(creators=[creator()])
    links = extract_links("youtube.com/@VeganAnna https://linktr.ee/anna https://vegan-anna.de")
    assert store.upsert_creator_links("mastodon", "1", links, T1) == 3
    store.upsert_creator_links("mastodon", "1", [classify_link("https://linktr.ee/anna"),
                                                 {"url": "https://bsky.app/profile/anna.bsky.social",
                                                  "kind": "bluesky", "handle": "anna.bsky.social"}], T2)
    rows = store.creator_links("mastodon", "1")
    assert [(r["url"], r["kind"], r["linked_platform"], r["linked_handle"], r["first_seen_at"], r["last_seen_at"])
            for r in rows] == [
        ("https://www.youtube.com/@vegananna", "youtube", "youtube", "vegananna", T1, T1),
        ("https://linktr.ee/anna", "link_in_bio", None, None, T1, T2),
        ("https://vegan-anna.de/", "website", None, None, T1, T1),
        ("https://bsky.app/profile/anna.bsky.social", "bluesky", "bluesky", "anna.bsky.social", T2, T2),
    ]
    # an older observation arriving late moves neither date the wrong way
    store.upsert_creator_links("mastodon", "1", [classify_link("https://linktr.ee/anna")], "2025-12-01T00:00:00Z")
    row = next(r for r in store.creator_links("mastodon", "1") if r["kind"] == "link_in_bio")
    assert (row["first_seen_at"], row["last_seen_at"]) == ("2025-12-01T00:00:00Z", T2)
    assert store.creator_links("mastodon", "2") == []
    with pytest.raises(sqlite3.IntegrityError):
        store.upsert_creator_links("mastodon", "unknown", links, T1)
    with pytest.raises(ValueError, match="needs a url and a kind"):
        store.upsert_creator_links("mastodon", "1", [{"url": "https://x.example/"}], T1)
    assert len(store.creator_links("mastodon", "1")) == 4  # the failed writes left nothing behind


# -- m010: snapshot handles and plan crawls ----------------------------------------------------------

def test_m010_adds_snapshot_handles_and_crawl_plans_leaving_old_rows_null_and_runs_twice(tmp_path):
    from crawler.storage import m010_snapshot_handles_and_plan_crawls

    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    migrations.apply(old, stop_before="m010_snapshot_handles_and_plan_crawls")
    assert "handle" not in old["creator_snapshots"].columns_dict and "plan" not in old["crawl_runs"].columns_dict
    old["crawl_runs"].insert({"id": 1, "spider": "mastodon", "started_at": T1, "status": "finished"})
    old["creators"].insert({"platform": "mastodon", "creator_id": "1", "handle": "anna", "first_seen_at": T1,
                            "last_seen_at": T1, "source_url": "https://x/api/v1/accounts/1"})
    old["creator_snapshots"].insert({"crawl_run_id": 1, "platform": "mastodon", "creator_id": "1",
                                     "observed_at": T1, "followers_count": 10})
    old.conn.commit()
    old.conn.close()
    store = Store.open(path)
    try:
        assert pending_migrations(store.db) == []
        m010_snapshot_handles_and_plan_crawls(store.db)  # idempotent: a second pass changes nothing
        assert store.snapshots_of("mastodon", "1")[0]["handle"] is None
        assert store.crawl_run(1)["plan"] is None and store.plan_creators("p") == []
        run = store.start_crawl_run("mastodon", "mastodon", {}, plan="p")
        store.write_batch(creators=[creator(creator_id="1", handle="anna_new", fetched_at=T2)],
                          snapshots=[{"crawl_run_id": run, "platform": "mastodon", "creator_id": "1",
                                      "handle": "anna_new", "observed_at": T2, "followers_count": 12}],
                          discoveries=[discovery(run, hashtag=None, source="refresh", post_id=None)])
        # a snapshot written again without a handle keeps the one seen
        store.write_batch(snapshots=[{"crawl_run_id": run, "platform": "mastodon", "creator_id": "1",
                                      "observed_at": T2, "followers_count": 13}])
        assert [s["handle"] for s in store.snapshots_of("mastodon", "1")] == [None, "anna_new"]
        assert [c["creator_id"] for c in store.plan_creators("p")] == ["1"]
        assert store.plan_creators("p", "youtube") == [] and store.plan_creators("other") == []
        hand = store.start_crawl_run("mastodon", "mastodon", {})
        store.mark_interrupted([hand])
        store.resume_crawl_run(hand, plan="p")  # a plan run that continues a crawl makes it the plan's
        store.resume_crawl_run(run, plan="q")  # but never takes one from another plan
        assert store.crawl_run(hand)["plan"] == "p" and store.crawl_run(run)["plan"] == "p"
    finally:
        store.close()
