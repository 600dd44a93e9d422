"""Conversation quality: per-comment traits, per-creator summary, verdict, shortlist, report, evaluation."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from crawler.storage import Store
from vetting import conversation as cv
from vetting.conversation import ConversationComment, Traits, comment_traits, summarize
from vetting.conversation_eval import evaluate, load_real, load_written, split
from vetting.relevance import post_profile
from vetting.scoring import Components, conversation_score, red_flags, score_creator

POST = post_profile("Veganes Bananenbrot mit Walnüssen", "Saftig, ohne Zucker #vegan #backen", ["vegan", "backen"])


def traits(text: str, language: str = "de") -> Traits:
    return comment_traits(text, section_language=language, profile=POST)


# -- per comment -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Wo gibt es die Form?", "Welche Hafermilch nimmst du?", "würd mich interessieren welche Form das ist",
    "Geht das auch mit Dinkelmehl?", "wie lange in den Ofen", "Kann man das Bananenbrot einfrieren?",
    "what camera is this?", "where did you get that pan", "can I use maple syrup instead?",
])
def test_real_questions_about_the_post(text: str) -> None:
    t = traits(text)
    assert t.question and t.product_question and t.substantive


@pytest.mark.parametrize("text", [
    "wie geil ist das denn?", "sieht lecker aus, oder?", "how cute is that?!", "who else is watching in 2025?",
    "best recipe ever, right?", "Bin ich die einzige, die das liebt?", "echt jetzt?", "can we talk about the lighting?",
])
def test_rhetorical_and_tag_questions_are_no_questions(text: str) -> None:
    assert not traits(text).question


@pytest.mark.parametrize("text", ["how are you?", "wann kommt teil 2?", "Wie alt bist du eigentlich?"])
def test_life_questions_are_questions_but_not_about_the_post(text: str) -> None:
    t = traits(text)
    assert t.question and not t.product_question


@pytest.mark.parametrize("text", [
    "hab ich gleich bestellt!!", "will ich nachbacken 😍", "link please", "Rabattcode?", "making this tonight!",
    "ok I'm sold", "schon im Warenkorb", "where can I buy this", "Hab ihn gestern nachgebacken, super saftig",
])
def test_purchase_or_trial_intent(text: str) -> None:
    assert traits(text).purchase_intent


@pytest.mark.parametrize("text", ["I won't buy this", "das werde ich sicher nicht nachbacken", "Tolles Video!"])
def test_no_intent_when_negated_or_absent(text: str) -> None:
    assert not traits(text).purchase_intent


@pytest.mark.parametrize(("text", "tone"), [
    ("Nicht lecker.", "negative"),                       # negated praise
    ("gar nicht schlecht!", "positive"),                 # negated criticism
    ("not worth it", "negative"),
    ("not bad at all", "positive"),
    ("wow, noch ein Werbevideo, wie originell 🙄", "negative"),   # sarcasm
    ("great, another ad 🙄", "negative"),
    ("zu salzig, halbe Menge Sojasoße reicht", "negative"),
    ("this pan is garbage", "negative"),                 # harsh about a thing: not hostile
    ("du bist so hässlich", "hostile"),
    ("what an idiot", "hostile"),
    ("deine stimme ist so nervig", "hostile"),           # derogatory word aimed at "you"
    ("ich idiot hab das Natron vergessen 🙈", "neutral"),  # a self-insult attacks nobody
    ("😍🔥", "positive"),
    ("Welche Form nimmst du?", "neutral"),
    ("not a fan of orzo usually but this was really good", "positive"),   # the clause after "but" counts
])
def test_tone(text: str, tone: str) -> None:
    assert traits(text).tone == tone


def test_hostile_question_is_no_question() -> None:
    t = traits("bist du eigentlich zu blöd zum abkleben?")
    assert t.tone == "hostile" and not t.question


def test_substance_needs_more_than_praise() -> None:
    assert not traits("Tolles Video! 😍").substantive
    assert not traits("so pretty 😍🔥", "en").substantive
    assert traits("Ich hab statt Zucker Datteln genommen, hat super geklappt, 10 Minuten länger gebacken").substantive
    assert not comment_traits("Ich hab statt Zucker Datteln genommen, hat super geklappt, 10 Minuten länger",
                              section_language="de", generic=True).substantive


def test_other_languages_are_not_assessed() -> None:
    assert traits("c'est trop bon, merci pour la recette").language is None
    assert traits("¿dónde compraste la sartén? gracias").language is None
    assert traits("😍🔥", "de").language == "de"      # no words: the section's language
    assert comment_traits("😍🔥").language is None     # ... and without one, not assessed
    assert comment_traits(None).language is None


# -- per creator ---------------------------------------------------------------------------------------

def comment(cid: str, text: str, *, parent: str | None = None, by_creator: bool = False, minute: float = 0,
            likes: int = 0, bot: bool = False) -> ConversationComment:
    t = cv.NOT_ASSESSED if by_creator or bot else traits(text)
    return ConversationComment(cid, "p1", parent, by_creator, 1_750_000_000 + 60 * minute, likes, t, bot_like=bot)


def test_summary_rates_answers_and_top_questions() -> None:
    comments = [comment(f"q{i}", "Welche Form nimmst du?", minute=i, likes=i) for i in range(6)]
    comments += [comment(f"g{i}", "Mega lecker 😍", minute=i) for i in range(6)]
    comments += [comment(f"a{i}", "Eine 26er Springform!", parent=f"q{i}", by_creator=True, minute=i + 30 + i)
                 for i in range(4)]
    comments += [comment("x1", "c'est trop bon, merci pour la recette"), comment("b1", "check my bio", bot=True)]
    out = summarize(comments)
    assert out["assessed"] == 12 and out["not_assessed"] == 1 and out["bot_like_left_out"] == 1
    assert out["question_rate"] == pytest.approx(0.5) and out["product_question_rate"] == pytest.approx(0.5)
    assert 0 < out["question_rate_low"] < 0.5 < out["question_rate_high"] < 1
    assert out["questions"] == 6 and out["answered_questions"] == 4
    assert out["answered_question_rate"] == pytest.approx(4 / 6, abs=1e-4)
    assert out["answer_median_minutes"] == pytest.approx(31.5)      # 30, 31, 32, 33 minutes
    assert [q["comment_id"] for q in out["product_questions"]] == ["q5", "q4", "q3", "q2", "q1"]   # most liked
    assert [q["answered"] for q in out["product_questions"]] == [False, False, True, True, True]
    assert out["strong"]
    assert "the creator answered 4 of 6 questions (median 32 min)" in out["summary"]
    assert not out["signal"]["triggered"]


def test_too_few_comments_are_not_rated() -> None:
    out = summarize([comment(f"c{i}", "Welche Form nimmst du?") for i in range(4)])
    assert out["question_rate"] is None and out["answered_question_rate"] is None and not out["strong"]
    assert out["summary"].startswith("conversation not assessed: 4 comments in German or English (need 10)")
    nine = summarize([comment(f"c{i}", "Welche Form nimmst du?") for i in range(9)])
    assert nine["question_rate"] is None and nine["answered_question_rate"] == 0.0   # 9 questions: enough for it
    assert out["signal"]["value"] is None and not out["signal"]["triggered"]


def test_hostile_section_raises_brand_safety() -> None:
    comments = [comment(f"h{i}", "du bist so hässlich, verschwinde") for i in range(8)]
    comments += [comment(f"g{i}", "Sieht lecker aus, danke fürs Rezept") for i in range(32)]
    signal = summarize(comments)["signal"]
    assert signal["kind"] == "brand_safety" and signal["triggered"]
    assert signal["comment_ids"][:2] == ["h0", "h1"] and signal["summary"].startswith("brand safety: 20 % of 40")
    calm = summarize([comment(f"g{i}", "Sieht lecker aus, danke fürs Rezept") for i in range(40)])["signal"]
    assert not calm["triggered"] and calm["value"] == 0


def _talk(product: float, intent: float, substantive: float, negative: float) -> dict[str, object]:
    return {"question_rate": product, "product_question_rate": product, "purchase_intent_rate": intent,
            "substantive_rate": substantive, "negative_rate": negative, "strong": False,
            "summary": "numbers", "assessed": 100}


def test_conversation_subscore_ranks_questions_above_praise() -> None:
    rich, praise = conversation_score(0.5, 0.2, 0.1, 0.05), conversation_score(0.05, 0.0, 0.0, 0.05)
    hostile = conversation_score(0.5, 0.2, 0.1, 0.5)
    assert rich == pytest.approx(1.0) and praise == pytest.approx(0.05) and hostile == 0.0


def _components(**overrides: object) -> Components:
    values: dict[str, object] = dict(
        platform="mastodon", tier="micro", followers_count=20_000, engagement_rate=0.0095, rated_posts=12,
        er_band="average", er_band_range=(0.0084, 0.0111), engagement_cv=0.4, comments_analyzed=212,
        bot_comment_rate=0.02, bot_comment_rate_low=0.007, bot_comment_rate_high=0.05, generic_comment_rate=0.2,
        niche_fit=0.8, market_language="de", market_language_rate=0.7, audience_sample=40, growth_known=True,
        reply_rate=0.5, conversation=_talk(0.2, 0.1, 0.5, 0.05))
    values.update(overrides)
    return Components(**values)  # type: ignore[arg-type]


def test_brand_safety_caps_the_verdict_and_a_second_flag_avoids() -> None:
    signal = {"kind": "brand_safety", "triggered": True, "summary": "brand safety: 20 % of 40 comments are hostile"}
    score, verdict, reasons = score_creator(_components(signals=[signal]))
    assert verdict == "review" and score >= 65
    assert reasons[0]["code"] == "verdict_capped" and "brand safety" in reasons[0]["text"]
    assert any(r["code"] == "brand_safety" and r["flag"] == "red" for r in reasons)
    two = score_creator(_components(signals=[signal], growth_spike=True))
    assert two[1] == "avoid" and len(red_flags(_components(signals=[signal], growth_spike=True))) == 2


def test_strong_conversation_is_a_green_reason_and_lifts_the_score() -> None:
    strong = {**_talk(0.3, 0.1, 0.6, 0.05), "strong": True, "summary": "30 % of 100 comments ask real questions"}
    _, verdict, reasons = score_creator(_components(conversation=strong))
    assert verdict == "recommended"
    assert {"flag": "green", "code": "strong_conversation",
            "text": "strong conversation: 30 % of 100 comments ask real questions"} in reasons
    rich = score_creator(_components(conversation=_talk(0.2, 0.1, 0.5, 0.05)))[0]
    praise = score_creator(_components(conversation=_talk(0.0, 0.0, 0.05, 0.05)))[0]
    assert rich > praise


# -- store, shortlist, report --------------------------------------------------------------------------

SEEN = {"fetched_at": "2026-06-01T10:00:00Z", "source_url": "https://x.example/api"}


def stored(path: Path, creators: list[dict], posts: list[dict], comments: Sequence[dict] = ()) -> Store:
    """A store holding these rows, each marked as fetched (``SEEN`` unless the row says otherwise)."""
    store = Store.open(path)
    store.write_batch(creators=[{**SEEN, **row} for row in creators], posts=[{**SEEN, **row} for row in posts],
                      comments=[{**SEEN, **row} for row in comments])
    return store


def _vetted_store(tmp_path: Path) -> Store:
    from vetting.vet import run_vetting

    creators = [{"platform": "mastodon", "creator_id": "1", "handle": "bakerin@x.example", "followers_count": 5_000,
                 "source_url": "https://x.example/api/v1/accounts/1"}]
    posts, comments = [], []
    for j in range(6):
        pid = f"p{j}"
        posts.append({"platform": "mastodon", "post_id": pid, "creator_id": "1", "url": f"https://x.example/@b/{j}",
                      "created_at": f"2026-05-{20 + j}T12:00:00Z", "text": "Veganes Bananenbrot mit Walnüssen",
                      "hashtags": ["vegan"], "like_count": 50, "comment_count": 6, "share_count": 1})
        for k in range(5):
            text = ["Welche Form nimmst du? <script>x</script>", "hab ich gleich nachgebacken, super saftig",
                    "Sieht lecker aus 😍", "Mega!", "Geht das auch mit Dinkelmehl?"][k]
            comments.append({"platform": "mastodon", "comment_id": f"c{j}{k}", "post_id": pid,
                             "author_key": f"fan{k}", "author_is_creator": 0, "text": text,
                             "created_at": f"2026-05-{20 + j}T13:0{k}:00Z"})
        comments.append({"platform": "mastodon", "comment_id": f"r{j}", "post_id": pid, "parent_comment_id": f"c{j}0",
                         "author_key": "me", "author_is_creator": 1, "text": "Eine 26er Springform!",
                         "created_at": f"2026-05-{20 + j}T14:00:00Z"})
    store = stored(tmp_path / "c.db", creators, posts, comments)
    store.finish_crawl_run(store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["vegan"]}), "finished", {})
    run_vetting(store, niche="vegan backen", market_language="de", as_of="2026-06-01T00:00:00Z")
    return store


def test_vetting_stores_the_rates_and_the_shortlist_ends_with_them(tmp_path: Path) -> None:
    from vetting.export import export_shortlist
    from vetting.shortlist.rows import COLUMNS, CONVERSATION_COLUMNS, ShortlistFilters

    store = _vetted_store(tmp_path)
    row = store.latest_scores()[0]
    assert row["question_rate"] == pytest.approx(0.4) and row["product_question_rate"] == pytest.approx(0.4)
    assert row["purchase_intent_rate"] == pytest.approx(0.2)
    assert row["answered_question_rate"] == pytest.approx(0.5)   # 6 of 12 questions answered
    assert COLUMNS[-len(CONVERSATION_COLUMNS):] == CONVERSATION_COLUMNS
    out = tmp_path / "s.csv"
    export_shortlist(store, out, ShortlistFilters(min_market_language_rate=None))
    with out.open(encoding="utf-8") as fh:
        header, first = next(csv.reader(fh)), next(csv.DictReader(out.open(encoding="utf-8")))
    assert header[-6:] == ["exported_at", *CONVERSATION_COLUMNS]   # earlier columns keep their places
    assert first["answered_question_rate"] and float(first["question_rate"]) == pytest.approx(0.4, abs=0.001)


def test_report_has_a_conversation_section_with_escaped_questions(tmp_path: Path) -> None:
    from vetting.report import write_reports

    store = _vetted_store(tmp_path)
    write_reports(store, tmp_path / "reports")
    page = next(p for p in (tmp_path / "reports").glob("*.html") if "index" not in p.name).read_text()
    section = page[page.index("<h2>Conversation</h2>"):page.index("<h2>Audience languages</h2>")]
    assert "Top questions about the post" in section
    assert "&lt;script&gt;" in section and "<script>x" not in section
    assert "answered by the creator" in section and "not answered" in section


def test_migration_adds_the_columns_to_an_old_database(tmp_path: Path) -> None:
    import sqlite_utils

    from crawler.storage import CONVERSATION_SCORE_COLUMNS

    path = tmp_path / "old.db"
    Store.open(path).close()
    db = sqlite_utils.Database(path)
    for name in CONVERSATION_SCORE_COLUMNS:          # what an older release's database looks like
        db.execute(f"ALTER TABLE vetting_scores DROP COLUMN {name}")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_conversation_rates'")
    db.conn.commit()
    store = Store.open(path)
    assert set(CONVERSATION_SCORE_COLUMNS) <= set(store.db["vetting_scores"].columns_dict)


# -- evaluation -------------------------------------------------------------------------------------------

def test_evaluation_counts_precision_and_recall() -> None:
    rows = [
        {"id": "de-1", "language": "de", "text": "Welche Form nimmst du?", "question": 1, "product_question": 1,
         "purchase_intent": 0, "substantive": 1, "tone": "neutral"},
        {"id": "de-2", "language": "de", "text": "wie geil ist das denn?", "question": 1, "product_question": 0,
         "purchase_intent": 0, "substantive": 0, "tone": "positive"},          # a wrong label: counted as missed
        {"id": "de-3", "language": "fr", "text": "c'est trop bon", "question": 0, "product_question": 0,
         "purchase_intent": 0, "substantive": 0, "tone": "positive"},
    ]
    result = evaluate(rows, rules_only=True)
    question = next(s for s in result["scores"] if s.label == "question")
    assert (question.tp, question.fp, question.fn) == (1, 0, 1) and question.recall == 0.5
    assert result["rows"] == 2 and result["language_gate"]["not_assessed_other"] == 1
    assert [e["id"] for e in result["errors"]] == ["de-2"]


def test_the_shipped_sets_follow_the_guide() -> None:
    for language in ("de", "en"):
        rows = load_written(language)
        assert len(split(rows, "test")) >= 150 and len(split(rows, "dev")) + len(split(rows, "test")) == len(rows)
        for row in rows:
            assert row["tone"] in cv.TONES and (not row["product_question"] or row["question"])
        kinds = {row["kind"] for row in split(rows, "test")}
        assert {"negation", "sarcasm", "rhetorical_question", "hostile"} <= kinds


def test_real_set_reads_texts_from_shared_data_or_skips(tmp_path: Path) -> None:
    assert load_real(data=tmp_path) is None     # source files absent: skipped, not faked
    real = load_real()
    if real is None:
        pytest.skip("../shared/data is not present")
    assert len(real) == 200 and all(r["text"] for r in real)
    assert json.dumps(real[0], ensure_ascii=False)


def test_mastodon_reply_mentions_do_not_make_short_praise_copy_pasta(tmp_path: Path) -> None:
    """Every Mastodon reply starts with the creator's @handle: addressing, not content. Short, different
    praise under that prefix is no near-duplicate (it was: the shared handle made the shingles agree)."""
    from vetting.vet import run_vetting

    store = stored(
        tmp_path / "m.db",
        creators=[{"platform": "mastodon", "creator_id": "1", "handle": "bakerin_official@x.example"}],
        posts=[{"platform": "mastodon", "post_id": f"p{j}", "creator_id": "1", "created_at": f"2026-05-2{j}T12:00:00Z",
                "text": "Bananenbrot", "like_count": 5, "comment_count": 8, "share_count": 0}
               for j in range(6)],
        comments=[{"platform": "mastodon", "comment_id": f"c{j}{k}", "post_id": f"p{j}", "author_key": f"fan{j}{k}",
                   "author_is_creator": 0, "created_at": f"2026-05-2{j}T1{k}:00:00Z",
                   "text": "@bakerin_official " + ["Mega!", "Toll!", "Lecker!", "Super!", "Wow!", "Yummy!", "Genial!",
                                                   "Danke!"][k]} for j in range(6) for k in range(8)])
    result = run_vetting(store, niche="backen", as_of="2026-06-01T00:00:00Z")
    signals = {s["kind"]: s for s in result.scores[0]["evidence"]}
    assert not signals["near_duplicate_comments"]["triggered"], signals["near_duplicate_comments"]["summary"]


def test_large_sections_are_read_from_a_seeded_sample(tmp_path: Path) -> None:
    from vetting.vet import run_vetting

    texts = ["Welche Form nimmst du?", "Sieht lecker aus, danke!", "hab ich gleich nachgebacken", "Mega 😍"]
    store = stored(
        tmp_path / "s.db",
        creators=[{"platform": "youtube", "creator_id": "UC1", "handle": "bakerin"}],
        posts=[{"platform": "youtube", "post_id": f"v{j}", "creator_id": "UC1", "created_at": f"2026-05-2{j}T12:00:00Z",
                "title": "Bananenbrot", "like_count": 5, "comment_count": 100, "view_count": 900}
               for j in range(4)],
        comments=[{"platform": "youtube", "comment_id": f"c{j}-{k}", "post_id": f"v{j}", "author_key": f"fan{k}",
                   "author_is_creator": 0, "created_at": f"2026-05-2{j}T13:00:00Z", "text": texts[k % 4]}
                  for j in range(4) for k in range(100)])
    talk = run_vetting(store, niche="backen", as_of="2026-06-01T00:00:00Z").scores[0]["metrics"]["conversation"]
    assert (talk["sampled"], talk["population"], talk["assessed"]) == (cv.SAMPLE_SIZE, 400, cv.SAMPLE_SIZE)
    assert 0.15 < talk["question_rate"] < 0.35          # 25 % in all, estimated from the sample
    assert talk["question_rate_low"] < 0.25 < talk["question_rate_high"]
    assert f"(a sample of {cv.SAMPLE_SIZE} of 400 comments)" in talk["summary"]
    again = run_vetting(store, niche="backen", as_of="2026-06-01T00:00:00Z").scores[0]["metrics"]["conversation"]
    assert again["question_rate"] == talk["question_rate"]     # seeded: the same sample every run


@pytest.mark.parametrize("text", [
    "halt die fresse", "halts maul", "verpiss dich", "geh sterben", "niemand mag dich", "fick dich", "kys",
    "kill yourself", "go die", "stfu", "shut up", "nobody likes you", "fuck off", "piss off", "get lost",
    "delete your channel", "lösch das", "get a real job", "you're not a real chef", "du bist kein echter Koch",
    "dumme Kuh", "your ugly face", "as cheap as you", "halt doch einfach die Klappe", "du nervst", "hör einfach auf",
    "just stop", "hope you quit", "schäm dich", "you should be ashamed", "keiner hat dich gefragt",
    "nobody asked you", "niemand interessiert sich für deine Meinung", "no one cares about your opinion",
    "go away", "geh woanders hin", "verzieh dich", "lern erstmal lesen", "learn to read", "du hast null Ahnung",
    "you have zero clue", "you can't cook", "du kannst nicht kochen", "wie dumm kann man sein",
    "how stupid can you be", "ekelhaft, genau wie du", "weird, just like you", "cry about it", "heul doch",
    "you absolute joke", "du Spinner",
])
def test_every_hostile_phrase_passes_the_word_gate(text: str) -> None:
    assert traits(text).tone == "hostile", text


def test_a_vetting_run_from_before_conversation_says_so_in_the_report(tmp_path: Path) -> None:
    from delivery_store import build_store

    from vetting.report import write_reports

    paths = write_reports(build_store(n=2, hostile=False), tmp_path / "reports")
    page = next(p for p in paths if p.name != "index.html").read_text()
    assert "conversation not measured: this vetting run predates it" in page


# -- the model over the rules ----------------------------------------------------------------------------

def test_shipped_conversation_model_loads_under_the_trust_check_and_matches_scikit_learn() -> None:
    import sklearn

    from vetting import conversation_model as cm
    from vetting.bots import TRUSTED_TYPES, artifact_types

    assert artifact_types(cm.DEFAULT_MODEL_DIR / cm.MODEL_FILE) <= set(TRUSTED_TYPES)
    metadata = json.loads((cm.DEFAULT_MODEL_DIR / cm.METADATA_FILE).read_text())
    assert metadata["sklearn_version"] == sklearn.__version__, "scikit-learn changed: retrain the conversation model"
    assert metadata["targets"] == list(cm.TARGETS) and metadata["training_rows"] > 800
    assert cm.predict(cm.load_pipeline(), ["wo gibt es die form? | _r_question _r_product_question"]).shape == (1, 7)


@pytest.mark.parametrize(("text", "expect"), [
    ("Welche Form nimmst du? Sieht mega aus", {"question": True, "product_question": True}),
    ("hab ich direkt nachgebacken, war super", {"purchase_intent": True, "question": False}),
    ("du bist so hässlich, hör einfach auf", {"tone": "hostile"}),
    ("Nicht lecker, viel zu trocken geworden", {"tone": "negative"}),
    ("what brand is that pan? need one", {"product_question": True, "purchase_intent": True}),
    ("c'est trop bon, merci pour la recette", {"language": None}),
])
def test_classify_reads_with_the_model(text: str, expect: dict[str, object]) -> None:
    got = cv.classify([(text, "de", POST, False)])[0]
    assert {k: getattr(got, k) for k in expect} == expect


def test_generic_praise_is_never_substantive_and_product_questions_are_questions() -> None:
    rows = cv.classify([("Ich hab statt Zucker Datteln genommen, hat super geklappt, 10 Minuten länger", "de", POST,
                         True), ("which flour do you use", "en", POST, False)])
    assert not rows[0].substantive
    assert rows[1].question and rows[1].product_question


def test_training_is_deterministic_and_scored_on_held_out_sets(tmp_path: Path) -> None:
    from vetting import conversation_model as cm

    first, second = cm.train(tmp_path / "a"), cm.train(tmp_path / "b")
    assert first["metrics"] == second["metrics"] and {"de_test", "en_test"} <= set(first["metrics"])
    texts = ["wo gibt es die form? | _r_question", "nicht lecker | _r_tone_negative"]
    a = cm.predict(cm.load_pipeline(tmp_path / "a"), texts)
    b = cm.predict(cm.load_pipeline(tmp_path / "b"), texts)
    assert np.array_equal(a, b)
    held_out = {r["id"] for r in split(load_written("de"), "test") + split(load_written("en"), "test")}
    assert not held_out & {r["id"] for r in cm.training_rows()}     # the test halves are never trained on
    assert "MODEL_CARD.md" in {p.name for p in (tmp_path / "a").iterdir()}


def test_niche_fit_reads_original_posts_not_the_creators_replies(tmp_path: Path) -> None:
    """A creator who answers many fans on Mastodon (replies are stored as posts with is_reply) keeps
    the niche fit of what it posts: two creators with the same posts get the same fit, replies or not."""
    from vetting.vet import run_vetting


    def post(cid: str, pid: str, text: str, **extra: object) -> dict[str, object]:
        return {"platform": "mastodon", "post_id": pid, "creator_id": cid, "created_at": "2026-05-25T12:00:00Z",
                "text": text, "like_count": 5, "comment_count": 0, "share_count": 0, **extra}

    posts = [post(c, f"{c}p{j}", f"Bananenbrot backen, heute mit Walnüssen und Zimt, Teil {j}")
             for c in "13" for j in range(4)]
    posts += [post("2", f"q{j}", f"Marathon Training im Regen, Intervalle und Pace, Woche {j}") for j in range(4)]
    posts += [post("1", f"r{j}", f"@anna danke dir {j}, freut mich sehr dass es geschmeckt hat, liebe Grüße",
                   is_reply=1) for j in range(9)]
    store = stored(tmp_path / "n.db", [{"platform": "mastodon", "creator_id": c, "handle": c} for c in "123"], posts)
    fits = {s["creator_id"]: s["niche_fit"] for s in run_vetting(store, niche="vegan backen Bananenbrot Kuchen",
                                                                  as_of="2026-06-01T00:00:00Z").scores}
    assert fits["1"] == fits["3"] > fits["2"]      # before: 0.49 for the creator who replies, 1.0 for the other


def test_emoji_tone_is_the_same_in_every_process_and_reads_them_in_order() -> None:
    """The eye-roll after praise is sarcasm, before it is not; no answer depends on the hash seed."""
    import os
    import subprocess
    import sys

    code = ("from vetting.conversation import comment_traits as t; print([t(x, section_language='de').tone for x in "
            "('das video 🙄😍 ok', 'das video 😍🙄 ok', 'Lecker! 😍🙄', '🙄🤮😍')])")
    answers = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "5", "11")}
    assert answers == {"['neutral', 'negative', 'negative', 'negative']\n"}
