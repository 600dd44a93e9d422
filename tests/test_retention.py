"""Erasure and retention (crawler.retention): a creator's and a commenter's erasure request remove
every row about them in one transaction and record only that an erasure happened; retention removes
old comments and snapshots; crawls skip erased accounts; the ``forget`` command asks first."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.pipelines import author_key
from crawler.retention import (
    ERASED_FRONTIER_REQUEST,
    ErasureError,
    ErasurePipeline,
    apply_retention,
    erased_subject_keys,
    find_creators,
    forget_commenter,
    forget_creator,
    store_secret,
)
from crawler.storage import Store
from vetting.cli import cli
from vetting.cli import forget as forget_cli

SECRET = b"test-pseudonym-key"
T = "2026-05-30T10:00:00Z"
FAN = "fan@other.example"  # a Mastodon commenter's platform id (user@host, as the parser keys comments)


def _creator(platform: str, creator_id: str, handle: str, host: str = "m.example") -> dict:
    return {"platform": platform, "creator_id": creator_id, "handle": handle, "fetched_at": T,
            "source_url": f"https://{host}/api/v1/accounts/{creator_id}", "profile_url": f"https://{host}/@{handle}"}


def _comment(post_id: str, n: int, *, author: str, created_at: str | None = "2026-05-10T12:00:00Z",
             handle: str | None = None) -> dict:
    return {"platform": "mastodon", "comment_id": f"{post_id}-c{n}", "post_id": post_id,
            "author_key": author_key(SECRET, "mastodon", author), "author_handle": handle, "text": f"lovely {n}",
            "created_at": created_at, "fetched_at": T, "source_url": f"https://m.example/{post_id}"}


def _build(store: Store) -> dict:
    """Three Mastodon creators: anna (local on m.example, id 1), ben (id 2), and a remote anna
    (anna@far.example, id 3); posts, comments (one by anna on ben's post, several by FAN),
    snapshots, a vetting run whose evidence lists comments, discoveries, links, a shortlist row
    and an unfinished crawl whose frontier holds requests for anna and for ben."""
    runs = [store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]}) for _ in range(2)]
    creators = [_creator("mastodon", "1", "anna"), _creator("mastodon", "2", "ben"),
                _creator("mastodon", "3", "anna@far.example")]
    posts, comments = [], []
    for cid in ("1", "2", "3"):
        for j in range(2):
            post_id = f"{cid}-p{j}"
            posts.append({"platform": "mastodon", "post_id": post_id, "creator_id": cid, "fetched_at": T,
                          "created_at": f"2026-05-0{j + 1}T10:00:00Z", "source_url": "https://m.example/s"})
            comments += [_comment(post_id, 0, author=FAN, handle="fan@other.example"),
                         _comment(post_id, 1, author=f"reader{cid}{j}@m.example", created_at=None)]
    comments.append(_comment("2-p0", 9, author="anna@m.example"))  # anna comments on ben's post
    snapshots = [{"crawl_run_id": run, "platform": "mastodon", "creator_id": c["creator_id"],
                  "observed_at": f"2026-05-2{i}T10:00:00Z", "followers_count": 100 + i}
                 for i, run in enumerate(runs) for c in creators]
    discoveries = [{"crawl_run_id": runs[0], "platform": "mastodon", "source": "hashtag", "hashtag": "vegan",
                    "creator_id": c["creator_id"], "fetched_at": T, "source_url": "https://m.example/tags"}
                   for c in creators]
    discoveries.append({"crawl_run_id": runs[1], "platform": "mastodon", "source": "link:mastodon:1", "hashtag": "",
                        "creator_id": "2", "fetched_at": T, "source_url": "https://m.example/@anna"})
    store.write_batch(creators=creators, posts=posts, comments=comments, snapshots=snapshots,
                      discoveries=discoveries)
    store.upsert_creator_links("mastodon", "1", [{"url": "https://anna.example", "kind": "website"}], T)
    store.upsert_creator_links("mastodon", "2", [{"url": "https://m.example/@anna", "kind": "mastodon",
                                                  "linked_handle": "anna@m.example"}], T)
    store.write_shortlist_entries([{"platform": "mastodon", "creator_id": "1", "status": "contacted"},
                                   {"platform": "mastodon", "creator_id": "2", "status": "new"}])
    vrun = store.start_vetting_run({"vetted_at": T, "niche": "vegan"})

    def score(cid: str) -> dict:
        ids = [c["comment_id"] for c in comments if c["post_id"].startswith(f"{cid}-")]
        return {"platform": "mastodon", "creator_id": cid, "vetted_at": T, "verdict": "review", "score": 50,
                "evidence": [{"kind": "bot_like_comments", "comment_ids": ids,
                              "comment_reasons": {i: ["model"] for i in ids}}]}

    store.write_vetting_scores(vrun, [score("1"), score("2"), score("3")])
    unfinished = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]})
    requests = [
        ("fp-anna", {"url": "https://m.example/api/v1/accounts/1/statuses", "callback": "parse_statuses",
                     "cb_kwargs": {"creator_id": "1", "originals": 0, "scanned": 0}}, 0),
        ("fp-anna-post", {"url": "https://m.example/api/v1/statuses/1-p0/context", "callback": "parse_context",
                          "cb_kwargs": {"post_id": "1-p0", "creator_id": "1"}}, 0),
        ("fp-anna-done", {"url": "https://m.example/api/v1/accounts/1", "callback": "parse_account",
                          "cb_kwargs": {"creator_id": "1"}}, 1),
        ("fp-ben", {"url": "https://m.example/api/v1/accounts/2/statuses", "callback": "parse_statuses",
                    "cb_kwargs": {"creator_id": "2"}}, 0),
        ("fp-batch", {"url": "https://m.example/batch", "cb_kwargs": {"ids": ["1", "2"]}}, 0),
        ("fp-tag", {"url": "https://m.example/api/v1/timelines/tag/vegan?limit=40", "callback": "parse_tag",
                    "cb_kwargs": {"hashtag": "vegan", "page": 1}}, 0),
    ]
    store.save_checkpoint(unfinished, new_requests=[(fp, json.dumps(r), 0, n, done)
                                                    for n, (fp, r, done) in enumerate(requests)],
                          done=[], state="{}", pending_count=5, done_count=1)
    store.finish_crawl_run(unfinished, "interrupted", {})
    return {"vetting_run": vrun, "unfinished": unfinished}


@pytest.fixture
def store():
    s = Store.open(":memory:")
    s.built = _build(s)  # type: ignore[attr-defined]
    yield s
    s.close()


def _count(store: Store, sql: str, *args: object) -> int:
    return store.db.execute(sql, list(args)).fetchone()[0]


def _dump(store: Store) -> dict:
    return {t: list(store.db.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2")) for t in store.db.table_names()}


def _about_anna(store: Store) -> dict[str, int]:
    who = ["mastodon", "1"]
    return {
        "creators": _count(store, "SELECT COUNT(*) FROM creators WHERE platform = ? AND creator_id = ?", *who),
        "posts": _count(store, "SELECT COUNT(*) FROM posts WHERE platform = ? AND creator_id = ?", *who),
        "comments": _count(store, "SELECT COUNT(*) FROM comments WHERE post_id LIKE '1-%'"),
        "authored": _count(store, "SELECT COUNT(*) FROM comments WHERE author_key = ?",
                           author_key(SECRET, "mastodon", "anna@m.example")),
        "snapshots": _count(store, "SELECT COUNT(*) FROM creator_snapshots WHERE platform = ? AND creator_id = ?",
                            *who),
        "scores": _count(store, "SELECT COUNT(*) FROM vetting_scores WHERE platform = ? AND creator_id = ?", *who),
        "discoveries": _count(store, "SELECT COUNT(*) FROM discoveries WHERE creator_id = '1' OR source LIKE '%:1'"),
        "links": _count(store, "SELECT COUNT(*) FROM creator_links WHERE creator_id = '1'"),
        "shortlist": _count(store, "SELECT COUNT(*) FROM shortlist_entries WHERE creator_id = '1'"),
        "frontier": _count(store, "SELECT COUNT(*) FROM crawl_frontier WHERE request LIKE '%/accounts/1%' "
                                  "OR request LIKE '%1-p0%'"),
    }


def _assert_consistent(store: Store) -> None:
    assert list(store.db.execute("PRAGMA foreign_key_check")) == []
    assert list(store.db.execute("PRAGMA integrity_check")) == [("ok",)]


# -- forget_creator -------------------------------------------------------------------------------
def test_forget_creator_removes_every_row_about_them_and_records_only_counts(store):
    before = _about_anna(store)
    assert all(before.values()), before
    ben_comments = _count(store, "SELECT COUNT(*) FROM comments WHERE post_id LIKE '2-%'")
    counts = forget_creator(store, "mastodon", "@anna@m.example", secret=SECRET)
    assert all(n == 0 for n in _about_anna(store).values()), _about_anna(store)
    assert counts["creators"] == 1 and counts["posts"] == 2 and counts["comments"] == 4
    assert counts["authored_comments"] == 1 and counts["snapshots"] == 2 and counts["vetting_scores"] == 1
    assert counts["discoveries"] == 1 and counts["linked_discoveries"] == 1 and counts["creator_links"] == 1
    assert counts["shortlist_entries"] == 1 and counts["frontier_requests"] == 3 and counts["evidence_rows"] == 1
    _assert_consistent(store)
    # Everyone else stays: ben lost only anna's comment, the remote anna is untouched.
    assert _count(store, "SELECT COUNT(*) FROM comments WHERE post_id LIKE '2-%'") == ben_comments - 1
    assert {r["creator_id"] for r in store.creators()} == {"2", "3"}
    assert _count(store, "SELECT COUNT(*) FROM discoveries WHERE creator_id = '2' AND source = 'link:mastodon:'") == 1
    # Ben's evidence no longer lists anna's comment; the vetting run counts only the rows it has.
    evidence = json.loads(store.db.execute("SELECT evidence FROM vetting_scores WHERE creator_id = '2'").fetchone()[0])
    assert "2-p0-c9" not in evidence[0]["comment_ids"] and "2-p0-c9" not in evidence[0]["comment_reasons"]
    assert "2-p0-c0" in evidence[0]["comment_ids"]
    assert store.db["vetting_runs"].get(store.built["vetting_run"])["creator_count"] == 2
    # Anna's queued requests are done (a resume does not send them); ben's and the batch stay pending.
    pending = {fp for fp, _request, _p, _s in store.load_checkpoint(store.built["unfinished"])[1]}
    assert pending == {"fp-ben", "fp-batch", "fp-tag"}
    retired = list(store.db.execute("SELECT request, done FROM crawl_frontier WHERE fingerprint LIKE 'fp-anna%'"))
    assert retired == [(ERASED_FRONTIER_REQUEST, 1)] * 3
    # The erasure row: kind, platform, time, counts and keyed hashes; no handle, no id.
    (row,) = store.db.query("SELECT * FROM erasures")
    assert row["kind"] == "creator" and row["platform"] == "mastodon" and row["erased_at"].endswith("Z")
    assert json.loads(row["counts"]) == counts
    text = json.dumps(row)
    assert "anna" not in text and '"1"' not in text and "m.example" not in text
    assert set(json.loads(row["subject_keys"])) == {author_key(SECRET, "mastodon", "1"),
                                                     author_key(SECRET, "mastodon", "anna@m.example")}


@pytest.mark.parametrize("key", ["1", "anna@m.example", "@anna@m.example", "ANNA@m.example",
                                 "https://m.example/@anna"])
def test_a_creator_is_found_by_id_handle_or_profile_url(store, key):
    assert [r["creator_id"] for r in find_creators(store, "mastodon", key)] == ["1"]


def test_the_remote_account_is_told_apart_by_its_server(store):
    assert [r["creator_id"] for r in find_creators(store, "mastodon", "@anna@far.example")] == ["3"]


def test_an_ambiguous_handle_is_refused_listing_the_ids_and_nothing_is_written(store):
    before = _dump(store)
    with pytest.raises(ErasureError, match=r"matches 2 mastodon creators: 1 \(@anna\), 3 \(@anna@far.example\)"):
        forget_creator(store, "mastodon", "anna", secret=SECRET)
    assert _dump(store) == before


def test_an_unknown_creator_is_one_clear_error_and_nothing_is_written(store):
    before = _dump(store)
    with pytest.raises(ErasureError, match=r"no mastodon creator 'nobody@m\.example' in this database"):
        forget_creator(store, "mastodon", "nobody@m.example", secret=SECRET)
    with pytest.raises(ErasureError, match="unknown platform 'myspace'"):
        forget_creator(store, "myspace", "1", secret=SECRET)
    with pytest.raises(ErasureError, match="names a youtube profile, not mastodon"):
        forget_creator(store, "mastodon", "https://www.youtube.com/@anna", secret=SECRET)
    assert _dump(store) == before


def test_a_dry_run_counts_without_changing_anything(store):
    before = _dump(store)
    preview = forget_creator(store, "mastodon", "1", secret=SECRET, dry_run=True)
    assert _dump(store) == before
    assert forget_creator(store, "mastodon", "1", secret=SECRET) == preview


def test_a_failure_midway_rolls_the_whole_erasure_back(store, monkeypatch):
    import crawler.retention as retention

    before = _dump(store)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(retention, "_retire_requests", broken)
    with pytest.raises(sqlite3.OperationalError):
        forget_creator(store, "mastodon", "1", secret=SECRET)
    assert _dump(store) == before


def test_a_later_vetting_run_does_not_bring_the_creator_back(tmp_path):
    from delivery_store import build_store

    from vetting.vet import run_vetting

    store = build_store(tmp_path / "v.db", hostile=False)
    forget_creator(store, "youtube", "UCchan0001")
    run_vetting(store, niche="vegan cooking", as_of="2026-05-30T10:00:00Z")
    assert _count(store, "SELECT COUNT(*) FROM vetting_scores WHERE creator_id = 'UCchan0001'") == 0
    assert "UCchan0001" not in {r["creator_id"] for r in store.latest_scores()}
    assert _count(store, "SELECT COUNT(*) FROM creator_overview WHERE creator_id = 'UCchan0001'") == 0
    assert len(store.latest_scores()) == 5
    _assert_consistent(store)
    store.close()


# -- forget_commenter -----------------------------------------------------------------------------
def test_forget_commenter_by_platform_id_through_the_keyed_hash(store):
    fan = author_key(SECRET, "mastodon", FAN)
    assert _count(store, "SELECT COUNT(*) FROM comments WHERE author_key = ?", fan) == 6
    others = _count(store, "SELECT COUNT(*) FROM comments WHERE author_key != ?", fan)
    counts = forget_commenter(store, "mastodon", "@Fan@other.example", SECRET)
    assert counts == {"comments": 6, "evidence_rows": 3}
    assert _count(store, "SELECT COUNT(*) FROM comments WHERE author_key = ?", fan) == 0
    assert _count(store, "SELECT COUNT(*) FROM comments") == others
    for (evidence,) in store.db.execute("SELECT evidence FROM vetting_scores"):
        assert not [c for c in json.loads(evidence)[0]["comment_ids"] if c.endswith("-c0")]
    (row,) = store.db.query("SELECT * FROM erasures")
    assert row["kind"] == "commenter" and json.loads(row["subject_keys"]) == [fan]
    assert "fan" not in json.dumps({k: v for k, v in row.items() if k != "subject_keys"})
    _assert_consistent(store)


def test_forget_commenter_by_kept_handle(store):
    assert forget_commenter(store, "mastodon", "fan@other.example", b"another key")["comments"] == 6


def test_a_commenter_without_kept_handles_needs_the_platform_id(store):
    store.db.execute("UPDATE comments SET author_handle = NULL")
    before = _dump(store)
    with pytest.raises(ErasureError, match=r"stored only as a keyed hash.*give the account address"):
        forget_commenter(store, "mastodon", "fan", SECRET)
    with pytest.raises(ErasureError, match="carry no author"):
        forget_commenter(store, "tiktok", "someone", SECRET)
    assert _dump(store) == before


def test_a_handle_of_several_commenters_is_refused(store):
    store.write_batch(comments=[_comment("3-p0", 5, author="fan@third.example", handle="fan@third.example")])
    store.db.execute("UPDATE comments SET author_handle = 'fan' WHERE author_handle LIKE 'fan@%'")
    with pytest.raises(ErasureError, match="matches 2 different mastodon commenters"):
        forget_commenter(store, "mastodon", "fan", b"unrelated")


# -- retention ------------------------------------------------------------------------------------
def test_retention_removes_old_comments_and_snapshots_but_keeps_each_creators_newest(store):
    store.db.execute("UPDATE comments SET fetched_at = '2026-01-01T00:00:00Z' WHERE comment_id = '1-p0-c1'")
    now = datetime(2026, 5, 25, tzinfo=UTC)
    counts = apply_retention(store, comments_days=10, snapshots_days=0, now=now)
    # Comments of 2026-05-10 are older than 10 days; those without created_at count by fetched_at (05-30)
    # except the one fetched in January.
    assert counts["comments"] == 7 + 1
    assert _count(store, "SELECT COUNT(*) FROM comments WHERE created_at IS NOT NULL") == 0
    assert _count(store, "SELECT COUNT(*) FROM comments WHERE comment_id = '1-p0-c1'") == 0
    # Snapshots: each creator keeps only its newest.
    assert counts["snapshots"] == 3
    assert sorted(store.db.execute("SELECT creator_id, observed_at FROM creator_snapshots")) == [
        ("1", "2026-05-21T10:00:00Z"), ("2", "2026-05-21T10:00:00Z"), ("3", "2026-05-21T10:00:00Z")]
    (row,) = store.db.query("SELECT * FROM erasures")
    assert row["kind"] == "retention" and row["platform"] is None and json.loads(row["counts"]) == counts
    assert json.loads(row["settings"])["comments_days"] == 10 and row["subject_keys"] is None
    _assert_consistent(store)


def test_retention_keeps_what_is_young_enough_and_does_nothing_without_a_policy(store):
    now = datetime(2026, 5, 25, tzinfo=UTC)
    before = _dump(store)
    assert apply_retention(store, comments_days=None, snapshots_days=None, now=now) == {
        "comments": 0, "evidence_rows": 0, "snapshots": 0}
    assert _dump(store) == before
    counts = apply_retention(store, comments_days=365, snapshots_days=365, now=now)
    assert counts == {"comments": 0, "evidence_rows": 0, "snapshots": 0}
    assert _count(store, "SELECT COUNT(*) FROM erasures WHERE kind = 'retention'") == 1
    with pytest.raises(ValueError, match="comments_days must be a whole number of days"):
        apply_retention(store, comments_days=-1, snapshots_days=None, now=now)


# -- crawls skip erased accounts --------------------------------------------------------------------
def _pipeline(tmp_path: Path) -> tuple[ErasurePipeline, object]:
    crawler = get_crawler(settings_dict={"CREATORSCOUT_DB": str(tmp_path / "c.db"),
                                         "CREATORSCOUT_PSEUDONYM_KEY": SECRET.decode()})
    crawler.stats.open_spider()
    return ErasurePipeline.from_crawler(crawler), crawler


def test_the_pipeline_drops_erased_creators_and_commenters_and_counts_them(tmp_path):
    store = Store.open(tmp_path / "c.db")
    _build(store)
    assert store_secret(store, SECRET.decode()) == SECRET
    forget_creator(store, "mastodon", "1", secret=SECRET)
    forget_commenter(store, "mastodon", FAN, SECRET)
    assert erased_subject_keys(store)["commenter"] == {("mastodon", author_key(SECRET, "mastodon", FAN))}
    store.close()
    pipeline, crawler = _pipeline(tmp_path)
    base = {"platform": "mastodon", "fetched_at": T, "source_url": "https://m.example/x"}
    erased = [
        CreatorItem(creator_id="1", handle="anna", **base),
        PostItem(post_id="1-p7", creator_id="1", **base),
        CommentItem(comment_id="1-p7-c0", post_id="1-p7", author_key=author_key(SECRET, "mastodon", "x@y.z"), **base),
        CommentItem(comment_id="2-p7-c0", post_id="2-p7", author_key=author_key(SECRET, "mastodon", FAN), **base),
        CommentItem(comment_id="2-p7-c1", post_id="2-p7", author_key=author_key(SECRET, "mastodon", "anna@m.example"),
                    **base),
        DiscoveryItem(source="hashtag", hashtag="vegan", creator_id="1", **base),
    ]
    kept = [
        CreatorItem(creator_id="2", handle="ben", **base),
        PostItem(post_id="2-p7", creator_id="2", **base),
        CommentItem(comment_id="2-p7-c2", post_id="2-p7", author_key=author_key(SECRET, "mastodon", "x@y.z"), **base),
        CreatorItem(creator_id="1", handle="anna", **{**base, "platform": "bluesky"}),
    ]
    for item in erased:
        with pytest.raises(DropItem):
            pipeline.process_item(item)
    for item in kept:
        assert pipeline.process_item(item) is item
    stats = crawler.stats.get_stats()
    assert stats["creatorscout/skipped/erased/creator"] == 1 and stats["creatorscout/skipped/erased/post"] == 1
    assert stats["creatorscout/skipped/erased/comment"] == 3 and stats["creatorscout/skipped/erased/discovery"] == 1


def test_the_pipeline_passes_everything_when_nothing_was_erased(tmp_path):
    item = CreatorItem(creator_id="1", handle="anna", platform="mastodon", fetched_at=T, source_url="https://x/1")
    pipeline, _crawler = _pipeline(tmp_path)  # no database yet: none is created here
    assert pipeline.process_item(item) is item
    assert not (tmp_path / "c.db").exists()
    Store.open(tmp_path / "c.db").close()
    pipeline, _crawler = _pipeline(tmp_path)
    assert pipeline.process_item(item) is item


def test_the_pipeline_runs_after_pseudonymize_and_before_the_store():
    from crawler import settings

    order = settings.ITEM_PIPELINES
    assert order["crawler.pipelines.PseudonymizePipeline"] < order["crawler.retention.ErasurePipeline"] \
        < order["crawler.pipelines.StorePipeline"]


# -- the command ----------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATORSCOUT_PSEUDONYM_KEY", SECRET.decode())
    path = tmp_path / "cli.db"
    store = Store.open(path)
    _build(store)
    store.close()
    return path


def _invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["forget", *args], input=input, catch_exceptions=False)


def _creators(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT creator_id FROM creators")}


def test_cli_refuses_without_yes_when_nobody_can_answer(db):
    result = _invoke("mastodon:@anna@m.example", "--db", str(db))
    assert result.exit_code == 1
    assert "This erases mastodon creator @anna (id 1): 1 creator, 2 posts, 4 comments" in result.output
    assert "not erasing without confirmation" in result.output and "Traceback" not in result.output
    assert _creators(db) == {"1", "2", "3"}


def test_cli_asks_and_erases_on_yes_or_stops_on_no(db, monkeypatch):
    monkeypatch.setattr(forget_cli, "_interactive", lambda: True)
    result = _invoke("mastodon:1", "--db", str(db), input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert _creators(db) == {"1", "2", "3"}
    result = _invoke("mastodon:1", "--db", str(db), input="y\n")
    assert result.exit_code == 0, result.output
    assert "Erased mastodon creator @anna (id 1)" in result.output and "seed lists" in result.output
    assert _creators(db) == {"2", "3"}


def test_cli_yes_erases_and_json_prints_the_counts(db):
    result = _invoke("mastodon:1", "--yes", "--json", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["posts"] == 2
    result = _invoke("--commenter", f"mastodon:{FAN}", "--yes", "--db", str(db))
    assert result.exit_code == 0 and "Erased mastodon commenter fan@other.example: " in result.output


@pytest.mark.parametrize(("args", "code", "message"), [
    (("mastodon:nobody@m.example", "--yes"), 1, "Error: no mastodon creator 'nobody@m.example' in this database"),
    (("mastodon:anna", "--yes"), 1, "Error: 'anna' matches 2 mastodon creators: 1 (@anna), 3 (@anna@far.example)"),
    (("--commenter", "tiktok:someone", "--yes"), 1, "Error: tiktok comments carry no author"),
    (("myspace:anna", "--yes"), 2, "write PLATFORM:HANDLE_OR_ID"),
    (("--yes",), 2, "give one of: PLATFORM:HANDLE_OR_ID"),
    (("mastodon:1", "--commenter", "mastodon:x@y.z", "--yes"), 2, "give one of"),
])
def test_cli_mistakes_are_one_line_errors(db, args, code, message):
    before = _creators(db)
    result = _invoke(*args, "--db", str(db))
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output
    assert _creators(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM erasures").fetchone()[0] == 0


def test_cli_retention(db):
    result = _invoke("--comments-days", "0", "--snapshots-days", "0", "--yes", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Retention applied: removed" in result.output and "snapshots" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM creator_snapshots").fetchone()[0] == 3


def test_cli_prints_stored_handles_without_control_characters(db):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE creators SET handle = 'ev\x1b[31mil' WHERE creator_id = '2'")
    result = _invoke("mastodon:2", "--yes", "--db", str(db))
    assert result.exit_code == 0 and "\x1b" not in result.output and "@ev?[31mil" in result.output


@pytest.mark.slow
def test_a_crawl_after_an_erasure_does_not_store_the_erased_creator_or_commenter_again(sandbox_factory, tmp_path,
                                                                                         monkeypatch):
    from sandbox_crawl import crawl, last_run, rows

    monkeypatch.setenv("CREATORSCOUT_PSEUDONYM_KEY", SECRET.decode())
    sandbox = sandbox_factory("--seed", "7", "--creators", "8", "--posts", "4", "--comments", "4")
    db = tmp_path / "e2e.db"
    env = {"CREATORSCOUT_PSEUDONYM_KEY": SECRET.decode()}
    crawl(sandbox, db, "mastodon", "-q", "--keep-commenter-handles", env=env)
    # The creator with the most posts, and a commenter who is no creator (their kept handle).
    creator_id, handle = rows(db, "SELECT c.creator_id, c.handle FROM creators c JOIN posts p USING (platform, "
                                  "creator_id) GROUP BY c.creator_id ORDER BY COUNT(*) DESC, c.creator_id LIMIT 1")[0]
    commenter, commenter_key = rows(db, "SELECT author_handle, author_key FROM comments WHERE author_is_creator = 0 "
                                        "AND author_handle IS NOT NULL GROUP BY author_key ORDER BY COUNT(*) DESC, "
                                        "author_key LIMIT 1")[0]
    assert _invoke(f"mastodon:{creator_id}", "--yes", "--db", str(db)).exit_code == 0
    assert _invoke("--commenter", f"mastodon:{commenter}", "--yes", "--db", str(db)).exit_code == 0
    creators_left = rows(db, "SELECT COUNT(*) FROM creators")[0][0]

    crawl(sandbox, db, "mastodon", "-q", env=env)
    assert rows(db, "SELECT COUNT(*) FROM creators WHERE creator_id = ?", creator_id) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM creators WHERE lower(handle) = lower(?)", handle) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM comments WHERE author_key = ?", commenter_key) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM creators")[0][0] == creators_left
    run = last_run(db)
    stats = json.loads(run["stats"])
    assert stats["creatorscout/skipped/erased/creator"] >= 1 and stats["creatorscout/skipped/erased/comment"] >= 1
    assert run["skipped_count"] >= stats["creatorscout/skipped/erased/creator"]
    assert rows(db, "PRAGMA foreign_key_check") == []
