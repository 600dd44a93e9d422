"""Platforms whose official API gives less of the comments: Instagram gives none on other accounts'
posts, TikTok's Research API gives texts without their authors. Vetting says so in the verdict's
reasons, the report and the shortlist, and never turns "not available" into "0 %"."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.platforms import COMMENT_ACCESS, REGISTRY, comment_access
from crawler.sandbox import texts
from crawler.storage import Store
from vetting.cli import cli
from vetting.conversation import ConversationComment, Traits, summarize

FETCHED = "2026-09-30T00:00:00Z"
NICHE = "vegane Küche, plant-based recipes, meal prep"
INSTAGRAM_NOTE = "comments not available on Instagram through the official API"


def test_every_platform_declares_what_its_api_gives_of_comments() -> None:
    assert {p.comments for p in REGISTRY.values()} <= set(COMMENT_ACCESS)
    assert comment_access("instagram") == ("none", INSTAGRAM_NOTE)
    access, note = comment_access("tiktok")
    assert access == "anonymous" and "without their authors" in note
    assert comment_access("mastodon") == ("full", "")
    assert comment_access("no-such-platform") == ("full", "")


def _question(comment_id: str, *, likes: int = 0) -> ConversationComment:
    traits = Traits(language="de", question=True, product_question=True, purchase_intent=False, substantive=True,
                    tone="neutral")
    return ConversationComment(comment_id, "p1", None, False, 1_000.0, likes, traits)


def test_without_authors_answers_are_unknown_not_zero() -> None:
    others = [_question(f"q{i}", likes=i) for i in range(12)]
    # A "reply" we cannot attribute is not marked as the creator's: nothing is by_creator.
    known = summarize(others)
    assert known["answered_question_rate"] == 0.0 and known["product_questions"][0]["answered"] is False
    unknown = summarize(others, authors_known=False)
    assert unknown["answered_question_rate"] is None and unknown["answered_questions"] is None
    assert unknown["answer_median_minutes"] is None and unknown["answers_unknown"] is True
    assert {q["answered"] for q in unknown["product_questions"]} == {None}
    assert unknown["strong"] is False
    assert "whether the creator answered is unknown" in unknown["summary"]
    assert unknown["question_rate"] == known["question_rate"] == 1.0


def _store(path: Path) -> None:
    """An Instagram creator (posts, no comments), a TikTok creator (comments without authors, some
    replies under questions) and a Mastodon creator (the usual)."""
    store = Store.open(path)
    store.start_crawl_run("instagram", "test", {})
    rng = random.Random(5)
    creators, posts, comments = [], [], []
    for platform, creator_id, followers in (("instagram", "17841400000000101", 20_000),
                                            ("tiktok", "lena.kocht", 20_000), ("mastodon", "77", 20_000)):
        creators.append({"platform": platform, "creator_id": creator_id, "handle": f"h{creator_id}",
                         "bio": "Vegane Rezepte und plant-based meal prep", "followers_count": followers,
                         "language": "de", "fetched_at": FETCHED, "source_url": f"https://api.test/{creator_id}"})
        for i in range(12):
            post_id = f"{platform}-{i}"
            text, dish = texts.caption(rng, "de", topic="food", hashtags=["veganrecipes"])
            posts.append({"platform": platform, "post_id": post_id, "creator_id": creator_id,
                          "url": f"https://post.test/{post_id}", "created_at": f"2026-09-{i + 1:02d}T10:00:00Z",
                          "text": text, "hashtags": ["veganrecipes"], "like_count": 300, "comment_count": 12,
                          "view_count": 20_000 if platform == "tiktok" else None, "share_count": 3,
                          "fetched_at": FETCHED, "source_url": "https://api.test/posts"})
            if platform == "instagram":
                continue
            for k in range(12):
                anonymous = platform == "tiktok"
                comment_id = f"{post_id}-c{k}"
                body = (f"Wo gibt es die Form für {dish}?" if k % 3 == 0
                        else texts.genuine_comment(rng, "de", topic="food", creator_name="Lena", dish=dish))
                comments.append({"platform": platform, "comment_id": comment_id, "post_id": post_id,
                                 "author_key": None if anonymous else f"fan{rng.randrange(60)}",
                                 "author_is_creator": 0, "text": body,
                                 "created_at": f"2026-09-{i + 1:02d}T{11 + k % 10}:00:00Z",
                                 "fetched_at": FETCHED, "source_url": "https://api.test/comments"})
                if k % 3 == 0:  # an answer under the question: the creator's on Mastodon, unattributed on TikTok
                    comments.append({"platform": platform, "comment_id": f"{comment_id}-r", "post_id": post_id,
                                     "parent_comment_id": comment_id,
                                     "author_key": None if anonymous else "self",
                                     "author_is_creator": int(not anonymous),
                                     "text": texts.creator_reply(rng, "de"),
                                     "created_at": f"2026-09-{i + 1:02d}T22:00:00Z", "fetched_at": FETCHED,
                                     "source_url": "https://api.test/comments"})
    store.write_batch(creators=creators, posts=posts, comments=comments)
    store.close()


@pytest.fixture(scope="module")
def vetted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    path = tmp_path_factory.mktemp("access") / "store.db"
    _store(path)
    result = CliRunner().invoke(cli, ["vet", "--niche", NICHE, "--market-language", "de", "--as-of", FETCHED,
                                      "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store.open(path)
    rows = {r["platform"]: r for r in store.db.query("SELECT * FROM vetting_scores")}
    store.close()
    return path, rows


def test_instagram_is_vetted_without_comment_signals_and_says_why(vetted: tuple[Path, dict[str, dict]]) -> None:
    _, rows = vetted
    row = rows["instagram"]
    assert row["engagement_rate"] is not None  # the posts still count
    for column in ("bot_comment_rate", "generic_comment_rate", "reply_rate", "market_language_rate", "question_rate",
                   "answered_question_rate"):
        assert row[column] is None, column
    reasons = {r["code"]: r for r in json.loads(row["reasons"])}
    assert INSTAGRAM_NOTE in reasons["comments_unavailable"]["text"]
    assert "insufficient_comments" not in reasons and "insufficient_conversation" not in reasons
    assert "insufficient_language" not in reasons
    assert row["verdict"] in ("review", "avoid")
    if "verdict_capped" in reasons:
        assert f"bot-like share not measurable ({INSTAGRAM_NOTE})" in reasons["verdict_capped"]["text"]
    insufficient = json.loads(row["metrics"])["insufficient"]
    assert insufficient["bot_comment_rate"] == insufficient["conversation"] == INSTAGRAM_NOTE
    # The Mastodon creator with the same posts and comments is measured as before.
    assert rows["mastodon"]["bot_comment_rate"] is not None and rows["mastodon"]["reply_rate"] == pytest.approx(1.0)


def test_tiktok_comments_count_but_answers_are_unknown(vetted: tuple[Path, dict[str, dict]]) -> None:
    _, rows = vetted
    row = rows["tiktok"]
    assert row["bot_comment_rate"] is not None and row["comments_analyzed"] >= 100
    assert row["question_rate"] is not None and row["product_question_rate"] > 0
    assert row["reply_rate"] is None and row["answered_question_rate"] is None
    metrics = json.loads(row["metrics"])
    assert "without their authors" in metrics["insufficient"]["reply_rate"]
    assert metrics["conversation"]["answers_unknown"] is True
    assert rows["mastodon"]["answered_question_rate"] > 0.3  # the same replies count where authors are known


def test_report_and_shortlist_say_not_available_never_zero(vetted: tuple[Path, dict[str, dict]],
                                                           tmp_path: Path) -> None:
    path, _ = vetted
    out = tmp_path / "reports"
    result = CliRunner().invoke(cli, ["report", "--top", "10", "--out", str(out), "--db", str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pages = {p.name: p.read_text() for p in out.glob("*.html")}
    instagram = next(text for name, text in pages.items() if name.startswith("instagram"))
    assert INSTAGRAM_NOTE in instagram
    assert "0 % bot-like" not in instagram and "0.0 % bot-like" not in instagram
    assert "Not assessed:" in instagram
    tiktok = next(text for name, text in pages.items() if name.startswith("tiktok"))
    assert "whether the creator answered is unknown" in tiktok
    assert "not answered" not in tiktok
    sheet = tmp_path / "shortlist.csv"
    result = CliRunner().invoke(cli, ["shortlist", "--out", str(sheet), "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with sheet.open(newline="", encoding="utf-8-sig") as handle:
        table = {r["creator_key"].split(":")[0]: r for r in csv.DictReader(handle)}
    assert table["instagram"]["bot_comment_rate"] == "" and table["tiktok"]["reply_rate"] == ""
    assert INSTAGRAM_NOTE in table["instagram"]["reasons"]
