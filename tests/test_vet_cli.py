"""End to end: vet -> rank -> comments score on a small hand-built store (uses the shipped model)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.sandbox import texts
from crawler.storage import Store
from vetting.cli import cli
from vetting.verdicts import VERDICT_ORDER

NICHE = "vegane Küche, plant-based recipes, meal prep"
FETCHED = "2026-09-30T00:00:00Z"


def _creator(store: Store, rng: random.Random, creator_id: str, *, followers: int, topic: str, comment_kind: str,
             posts: int = 12, comments_per_post: int = 12, brand: bool = False,
             snapshots: tuple[int, ...] = ()) -> None:
    handle = f"{creator_id}_kocht"
    bio = ("Vegane Rezepte, plant-based meal prep und Küche aus Berlin" if topic == "food"
           else "Speedruns, PC gaming und Twitch-Streams")
    creator = {"platform": "mastodon", "creator_id": creator_id, "handle": handle, "display_name": creator_id,
               "bio": bio, "followers_count": followers, "language": "de", "fetched_at": FETCHED,
               "source_url": f"https://m.test/@{handle}"}
    post_rows, comment_rows = [], []
    for i in range(posts):
        tags = ["veganrecipes", "mealprep"] if topic == "food" else ["gaming", "speedrun"]
        text, dish = texts.caption(rng, "de", topic=topic, hashtags=tags,
                                   brand=texts.BRANDS[0] if brand and i % 4 == 0 else None)
        post_id = f"{creator_id}-{i}"
        created = f"2026-09-{i + 1:02d}T10:00:00Z"
        post_rows.append({"platform": "mastodon", "post_id": post_id, "creator_id": creator_id, "url": f"https://m.test/{post_id}",
                          "created_at": created, "text": text, "hashtags": tags, "like_count": followers // 100,
                          "comment_count": comments_per_post, "share_count": followers // 1000, "is_reply": 0,
                          "is_repost": 0, "fetched_at": FETCHED, "source_url": "https://m.test/api"})
        for k in range(comments_per_post):
            if comment_kind == "bot" and k % 3 != 0:
                body = texts.bot_comment(rng, "de")
            else:
                body = texts.genuine_comment(rng, "de", topic=topic, creator_name="Anna Bauer", dish=dish)
            comment_rows.append({"platform": "mastodon", "comment_id": f"{post_id}-c{k}", "post_id": post_id,
                                 "author_key": f"{creator_id}-fan{rng.randrange(40)}", "author_is_creator": 0,
                                 "text": body, "created_at": f"2026-09-{i + 1:02d}T{11 + k % 10}:00:00Z",
                                 "fetched_at": FETCHED, "source_url": "https://m.test/api"})
        if comment_kind == "genuine" and i % 2 == 0:
            comment_rows.append({"platform": "mastodon", "comment_id": f"{post_id}-reply", "post_id": post_id,
                                 "author_key": "self", "author_is_creator": 1, "text": texts.creator_reply(rng, "de"),
                                 "created_at": f"2026-09-{i + 1:02d}T22:00:00Z", "fetched_at": FETCHED,
                                 "source_url": "https://m.test/api"})
    snapshot_rows = [{"crawl_run_id": run, "platform": "mastodon", "creator_id": creator_id,
                      "observed_at": f"2026-09-{day:02d}T00:00:00Z", "followers_count": count}
                     for run, (day, count) in enumerate(zip((1, 8, 15), snapshots, strict=False), start=1)]
    store.write_batch(creators=[creator], posts=post_rows, comments=comment_rows, snapshots=snapshot_rows)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vet") / "store.db"
    store = Store.open(path)
    for n in range(3):
        store.start_crawl_run("mastodon", "test", {"n": n})
    rng = random.Random(3)
    _creator(store, rng, "anna", followers=20_000, topic="food", comment_kind="genuine", brand=True,
             snapshots=(19_800, 19_900, 20_000))
    _creator(store, rng, "botty", followers=20_000, topic="food", comment_kind="bot",
             snapshots=(10_000, 10_100, 20_000))
    _creator(store, rng, "gamer", followers=20_000, topic="gaming", comment_kind="genuine")
    _creator(store, rng, "tiny", followers=500, topic="food", comment_kind="genuine", posts=2, comments_per_post=1)
    store.close()
    return path


@pytest.fixture(scope="module")
def vetted(db_path: Path) -> dict[str, dict]:
    # as of the crawl's time: the posts are of 2026-09 (vetted today they would be months old: inactive)
    result = CliRunner().invoke(cli, ["vet", "--niche", NICHE, "--hashtag", "veganrecipes", "--market-language", "de",
                                      "--as-of", FETCHED, "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "vetted 4 creators" in result.output and "vetting run 1" in result.output
    store = Store.open(db_path)
    rows = {r["creator_id"]: r for r in store.db.query("SELECT * FROM vetting_scores")}
    store.close()
    return rows


def test_vet_writes_every_contract_column(vetted: dict[str, dict]) -> None:
    anna = vetted["anna"]
    assert anna["tier"] == "micro" and anna["followers_count"] == 20_000
    assert anna["engagement_rate"] == pytest.approx((200 + 12 + 20) / 20_000)
    assert anna["engagement_rate_basis"].startswith("median (favourites+replies+reblogs)/followers over the last "
                                                    "12 original posts, 2026-09-01..2026-09-12")
    assert anna["er_band"] == "above_average"  # 1.16 % > 1.11 %
    assert anna["er_percentile"] is None   # 4 creators < 20 peers
    assert anna["posts_per_week"] == pytest.approx(7.0)
    assert anna["reply_rate"] == pytest.approx(0.5)
    assert anna["sponsored_rate"] == pytest.approx(3 / 12)
    assert json.loads(anna["recent_brands"]) == ["@greenspoon"]
    assert anna["comments_analyzed"] == 144
    assert json.loads(anna["audience_languages"])["de"] > 0.8
    assert anna["creator_language"] == "de" and anna["market_language"] == "de"
    metrics = json.loads(anna["metrics"])
    assert metrics["er_definition"]["posts"] == 12 and metrics["er_band_range"] == [0.0084, 0.0111]
    assert len(metrics["per_post"]) == 12 and metrics["weights"]["authenticity"] == 0.25
    assert "er_percentile" in metrics["insufficient"]
    # below MIN_PEERS the published band is the primary comparison; every matching band is stored
    assert metrics["er_comparison"]["primary"] == "band" and metrics["er_comparison"]["denominator"] == "followers"
    assert metrics["er_comparison"]["min_peers"] == 20 and metrics["er_comparison"]["peers"] < 20
    assert [b["source_key"] for b in metrics["er_bands"]] == ["mastodon_assumption"]
    assert metrics["er_bands"][0]["definition"]["denominator"] == "followers" and not metrics["er_bands_disagree"]
    evidence = json.loads(anna["evidence"])
    assert {s["kind"] for s in evidence} >= {"bot_like_comments", "pod_commenters"}
    reasons = json.loads(anna["reasons"])
    assert all(set(r) == {"flag", "code", "text"} for r in reasons)


def test_verdicts(vetted: dict[str, dict]) -> None:
    assert vetted["anna"]["verdict"] == "recommended"
    assert vetted["botty"]["verdict"] in ("avoid", "review")
    assert vetted["botty"]["bot_comment_rate"] > 0.4
    assert "jumped" in vetted["botty"]["growth_anomaly"]
    assert vetted["gamer"]["niche_fit"] < vetted["anna"]["niche_fit"]
    assert vetted["gamer"]["verdict"] != "recommended"
    assert vetted["tiny"]["verdict"] == "insufficient_data" and vetted["tiny"]["score"] is None
    # Two posts say what matched, not what the creator posts: no niche fit, and the reason says so.
    assert vetted["tiny"]["niche_fit"] is None
    reasons = {r["code"]: r["text"] for r in json.loads(vetted["tiny"]["reasons"])}
    assert reasons["insufficient_niche"] == "niche fit not measured: 2 original posts collected (need 3)"


def test_rank_table_and_json(db_path: Path, vetted: dict[str, dict]) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["rank", "--limit", "3", "--db", str(db_path)], catch_exceptions=False)
    assert table.exit_code == 0 and "anna_kocht" in table.output
    out = runner.invoke(cli, ["rank", "--json", "--verdict", "insufficient_data", "--db", str(db_path)],
                        catch_exceptions=False)
    data = json.loads(out.output)
    assert [c["handle"] for c in data["creators"]] == ["tiny_kocht"]
    ranked = json.loads(runner.invoke(cli, ["rank", "--json", "--db", str(db_path)]).output)["creators"]
    assert ranked[0]["handle"] == "anna_kocht" and ranked[0]["rank"] == 1
    # Verdict first, then score: the shared order of rank, shortlist and report.
    order = [VERDICT_ORDER[c["verdict"]] for c in ranked]
    assert order == sorted(order) and len(set(order)) > 1
    bad = runner.invoke(cli, ["rank", "--verdict", "great", "--db", str(db_path)])
    assert bad.exit_code == 2


def test_rank_without_run(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store.open(path).close()
    result = CliRunner().invoke(cli, ["rank", "--db", str(path)])
    assert result.exit_code != 0 and "no vetting run" in result.output
    missing = CliRunner().invoke(cli, ["vet", "--niche", "x", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2 and "no database" in missing.output and "'--db'" in missing.output


def test_comments_score_adds_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id;text;lang\n1;Follow me for follow back!! DM @promo.growth_hq to collab 💯;en\n"
                   "2;Hab das Curry mit Kokosmilch statt Sahne gemacht, super lecker!;de\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["comments", "score", str(src), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and "scored 2 comments" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "text", "lang", "bot_probability", "bot_like"]
    assert rows[0]["bot_like"] == "1" and rows[1]["bot_like"] == "0"
    assert 0 <= float(rows[1]["bot_probability"]) < float(rows[0]["bot_probability"]) <= 1


@pytest.mark.parametrize(("content", "message"), [
    # a missing column is a usage error (exit 2): tests/test_comments_csv.py
    (b"", "is empty"),
    (b"id,text\n1,gr\xfc\xdfe\n", "is not UTF-8"),
])
def test_comments_score_errors(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(content)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["comments", "score", str(src), "--out", str(out)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_help_ends_with_example() -> None:
    runner = CliRunner()
    for args in (["vet"], ["rank"], ["comments", "score"], ["model", "train"], ["model", "info"]):
        output = runner.invoke(cli, [*args, "--help"]).output
        assert "Example:" in output, args


def test_model_info() -> None:
    result = CliRunner().invoke(cli, ["model", "info"], catch_exceptions=False)
    assert result.exit_code == 0 and "threshold" in result.output and "sha256" in result.output


def test_inactive_creator_is_named_and_capped(db_path: Path, vetted: dict[str, dict], tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "later.db"
    shutil.copy(db_path, copy)
    runner = CliRunner()
    # vetted two months after the crawl: anna's newest post (2026-09-12) is then 50 days old
    result = runner.invoke(cli, ["vet", "--niche", NICHE, "--as-of", "2026-11-01", "--db", str(copy)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store.open(copy)
    anna = next(store.db.query("SELECT * FROM vetting_scores WHERE creator_id = 'anna' AND vetting_run_id = 2"))
    settings = json.loads(store.latest_vetting_run()["settings"])
    store.close()
    assert vetted["anna"]["verdict"] == "recommended" and anna["verdict"] == "review"
    metrics = json.loads(anna["metrics"])
    assert metrics["inactive_since"] == "2026-09-12" and metrics["newest_post_days"] == 49
    reasons = {r["code"]: r["text"] for r in json.loads(anna["reasons"])}
    assert reasons["inactive"].startswith("inactive since 2026-09-12: the newest original post is 49 days old")
    assert settings["as_of"] == "2026-11-01T00:00:00Z" and settings["inactive_days"] == 30
    assert json.loads(vetted["anna"]["metrics"])["inactive_since"] is None
    bad = runner.invoke(cli, ["vet", "--niche", NICHE, "--as-of", "last tuesday", "--db", str(copy)])
    assert bad.exit_code == 2 and "'--as-of'" in bad.output
