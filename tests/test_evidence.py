"""Creator-level comment evidence on planted and organic comment tables."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from vetting.evidence import (
    CommentRecord,
    comment_evidence,
    normalize_for_duplicates,
    wilson_interval,
)

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
ORGANIC_TEXTS = [
    "Tried this with oat milk and it worked perfectly, thanks!",
    "Wie lange hält sich das im Kühlschrank?",
    "My kids didn't like the spinach but the sauce was great",
    "Can I replace the chickpeas with lentils here?",
    "Das war heute unser Abendessen, sehr gut",
    "I always burn the garlic, any tips for that?",
    "Made it for my mum's birthday and she asked for the recipe",
    "Welche Pfanne benutzt du da eigentlich?",
]


WORDS = (
    "oat", "milk", "lentils", "oven", "garlic", "pan", "spinach", "sauce", "tofu", "basil", "lemon", "rice",
    "noodles", "pepper", "onion", "carrot", "mum", "birthday", "dinner", "lunch", "weekend", "kids", "fridge",
    "freezer", "spicy", "sweet", "crispy", "creamy", "quick", "tasty", "batch", "bowl", "Kichererbsen", "Hafer",
    "Ofen", "Pfanne", "Abendessen", "Woche", "Kinder", "lecker", "einfach", "schnell", "Soße", "Zwiebel",
)


def _organic_text(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, 7))


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _post_times(n_posts: int) -> dict[str, str | None]:
    return {f"p{i}": _iso(T0 + timedelta(days=i)) for i in range(n_posts)}


def _comment(cid: str, post: int, author: str | None, text: str | None, minutes: float, *, bot: float = 0.05,
             generic: bool = False, creator: bool = False, bot_account: bool | None = False) -> CommentRecord:
    return CommentRecord(comment_id=cid, post_id=f"p{post}", author_key=author, text=text,
                         created_at=_iso(T0 + timedelta(days=post, minutes=minutes)), author_is_creator=creator,
                         author_is_bot_account=bot_account, bot_probability=bot, generic=generic)


def _organic(n_posts: int = 10, per_post: int = 6) -> list[CommentRecord]:
    """Distinct authors, distinct texts, comments spread over hours."""
    rows = []
    rng = random.Random(n_posts * 1000 + per_post)
    for p in range(n_posts):
        for j in range(per_post):
            text = _organic_text(rng)
            rows.append(_comment(f"c{p}-{j}", p, f"fan{p}-{j}", text, minutes=45 + 120 * j))
    return rows


def _signal(evidence, kind):
    return next(s for s in evidence.signals if s["kind"] == kind)


def test_wilson_interval_known_values():
    low, high = wilson_interval(41, 100)
    assert low == pytest.approx(0.3187, abs=1e-4)
    assert high == pytest.approx(0.5080, abs=1e-4)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(5, 3)


def test_organic_table_triggers_nothing():
    evidence = comment_evidence(_organic(), _post_times(10))
    assert evidence.analysed == 60
    assert evidence.bot_rate == 0.0
    assert evidence.generic_rate == 0.0
    assert [s["kind"] for s in evidence.signals] == [
        "bot_like_comments", "near_duplicate_comments", "pod_commenters", "comment_bursts", "bot_accounts",
        "generic_comments"]
    assert not any(s["triggered"] for s in evidence.signals), evidence.signals
    assert _signal(evidence, "pod_commenters")["value"] == 0


def test_bot_rate_with_interval_and_ids():
    rows = _organic(10, 10)
    for i, row in enumerate(rows[:41]):
        row.bot_probability = 0.9 if i < 41 else 0.1
    evidence = comment_evidence(rows, _post_times(10))
    assert evidence.analysed == 100
    assert evidence.bot_rate == 0.41
    assert (evidence.bot_rate_low, evidence.bot_rate_high) == (0.3187, 0.508)
    signal = _signal(evidence, "bot_like_comments")
    assert signal["triggered"]
    assert signal["summary"] == "41 % of 100 comments look bot-like (95 % CI 32–51 %)"
    assert len(signal["comment_ids"]) == 41
    assert set(signal["comment_ids"]) == {r.comment_id for r in rows[:41]}


def test_creator_comments_are_excluded_and_small_samples_are_insufficient():
    rows = [_comment(f"c{i}", 0, "someone", "great stuff here my friend", 60, bot=0.9) for i in range(6)]
    rows += [_comment(f"own{i}", 0, "creator", "thanks so much everyone!!", 70, creator=True) for i in range(20)]
    evidence = comment_evidence(rows, _post_times(1))
    assert evidence.analysed == 6
    assert evidence.bot_rate is None and evidence.bot_rate_low is None and evidence.generic_rate is None
    for signal in evidence.signals:
        assert not signal["triggered"]
        assert signal["value"] is None
        assert "need" in signal["summary"]


def test_pods_detected_on_planted_table():
    rows = _organic(12, 5)
    pod = [f"pod{k}" for k in range(7)]
    for p in range(12):
        for k, author in enumerate(pod):
            if (p + k) % 6 != 0:  # each pod member comments on 10 of 12 posts (83 %)
                rows.append(_comment(f"pod{k}-{p}", p, author, ORGANIC_TEXTS[(k + p) % 8], 200))
    # a loyal fan on 6 of 12 posts (50 %) is not a pod member
    rows += [_comment(f"fan-{p}", p, "loyal", "Love your work, you inspire me daily", 300) for p in range(0, 12, 2)]
    evidence = comment_evidence(rows, _post_times(12))
    signal = _signal(evidence, "pod_commenters")
    assert signal["triggered"]
    assert signal["value"] == 7
    assert signal["summary"] == "7 accounts commented on at least 60 % of 12 posts (pod-like)"
    assert len(signal["comment_ids"]) == 50
    assert all(cid.startswith("pod") for cid in signal["comment_ids"])
    assert len(signal["post_ids"]) == 12


def test_duplicates_across_posts_are_found_with_ids():
    rows = _organic(8, 4)
    spam = "Amazing content!! 🔥 Check out my page for more tips"
    variants = [spam, spam.upper(), "amazing content check out my page for more tips!!!",
                "Amazing content 😍 Check out my page for more tip", spam + " 🙏"]
    for p in range(5):
        rows.append(_comment(f"dup{p}", p, f"spammer{p}", variants[p], 300))
    # the same long text twice on ONE post is not copy-pasta across posts
    rows += [_comment(f"same{i}", 7, f"x{i}", "Wo hast du diese schöne Schüssel gekauft?", 400) for i in range(2)]
    # short generic praise repeated everywhere does not count as duplicates
    rows += [_comment(f"nice{p}", p, f"n{p}", "Nice!! 🔥", 500, generic=True) for p in range(8)]
    evidence = comment_evidence(rows, _post_times(8))
    signal = _signal(evidence, "near_duplicate_comments")
    assert sorted(signal["comment_ids"]) == [f"dup{p}" for p in range(5)]
    assert signal["post_ids"] == [f"p{p}" for p in range(5)]
    assert signal["value"] == pytest.approx(5 / 47, abs=1e-4)  # 32 organic + 5 + 2 + 8 generic
    assert signal["triggered"]
    assert "across 5 posts" in signal["summary"]
    assert normalize_for_duplicates(variants[0]) == normalize_for_duplicates(variants[1])


def test_bursts_detected_and_organic_decay_not():
    rows = []
    for p in range(6):
        for j in range(8):
            minutes = 2 + j if j < 6 else 300  # 6 of 8 within 10 minutes
            rows.append(_comment(f"b{p}-{j}", p, f"a{p}-{j}", ORGANIC_TEXTS[j], minutes))
    evidence = comment_evidence(rows, _post_times(6))
    signal = _signal(evidence, "comment_bursts")
    assert signal["triggered"]
    assert signal["value"] == 1.0
    assert len(signal["comment_ids"]) == 36
    assert signal["summary"].startswith("6 of 6 posts got >= 50 % of their comments within 10 minutes")
    # unknown post times: not rated
    unknown = comment_evidence(rows, {f"p{p}": None for p in range(6)})
    assert _signal(unknown, "comment_bursts")["value"] is None


def test_bot_accounts_and_generic_share():
    rows = _organic(5, 4)
    for row in rows[:4]:
        row.author_is_bot_account = True
    for row in rows[:12]:
        row.generic = True
    evidence = comment_evidence(rows, _post_times(5))
    bots = _signal(evidence, "bot_accounts")
    assert bots["triggered"] and bots["value"] == 0.2
    assert bots["comment_ids"] == sorted(r.comment_id for r in rows[:4])
    generic = _signal(evidence, "generic_comments")
    assert generic["triggered"] and evidence.generic_rate == 0.6
    # unknown bot-account flags are not counted as "no bot"
    for row in rows:
        row.author_is_bot_account = None
    assert _signal(comment_evidence(rows, _post_times(5)), "bot_accounts")["value"] is None


def test_deterministic():
    rows = _organic(12, 8)
    assert comment_evidence(rows, _post_times(12)) == comment_evidence(list(reversed(rows)), _post_times(12))


def _items(n: int, *, flagged: int = 0, eligible_template: int = 0, specific_template: int = 0) -> list:
    from vetting.evidence import FlagItem

    items = []
    for i in range(n):
        if i < flagged:
            items.append(FlagItem(f"m{i}", "p1", f"a{i}", None, 0.9, False, ("gambling", "styled_unicode")))
        elif i < flagged + eligible_template:
            items.append(FlagItem(f"t{i}", "p2", f"a{i}", "vielen dank fur ihre harte arbeit", 0.1, True, ()))
        elif i < flagged + eligible_template + specific_template:
            items.append(FlagItem(f"s{i}", "p3", f"a{i}", "vielen dank fur ihre harte arbeit", 0.1, False, ()))
    return items


def test_comment_flags_combine_model_and_context() -> None:
    from vetting.evidence import comment_flags
    from vetting.networks import StoreContext

    context = StoreContext(templates={"vielen dank fur ihre harte arbeit": 7}, hoppers={"a1": 5})
    items = _items(10, flagged=2, eligible_template=3, specific_template=2)
    flags = comment_flags(items, bot_threshold=0.5, context=context)
    # model-flagged keep their cues and the context; a template without reference to the post is flagged;
    # the same template under a comment that refers to its post is not (context alone is no proof)
    assert flags["m0"] == ("model", "gambling", "styled_unicode")
    assert flags["m1"] == ("model", "gambling", "styled_unicode", "hopping_commenter")
    assert {k for k in flags if k.startswith("t")} == {"t2", "t3", "t4"}
    assert flags["t2"] == ("cross_creator_template",)
    assert not any(k.startswith("s") for k in flags)
    assert comment_flags(items, bot_threshold=0.5, context=None).keys() == {"m0", "m1"}


def test_network_evidence_recomputes_the_bot_share_with_reasons() -> None:
    from vetting.evidence import network_evidence
    from vetting.networks import StoreContext

    comments = _organic(10, 6)   # 60 organic comments, none bot-like
    base = comment_evidence(comments, _post_times(10), bot_threshold=0.5)
    assert base.bot_rate == 0.0
    context = StoreContext(templates={"vielen dank fur ihre harte arbeit": 7})
    items = _items(60, flagged=0, eligible_template=12)
    ev = network_evidence(base, items, bot_threshold=0.5, context=context, template_comments=12,
                          hopper_comments={})
    assert ev.bot_rate == pytest.approx(12 / 60)
    signals = {s["kind"]: s for s in ev.signals}
    bot = signals["bot_like_comments"]
    assert bot["reasons"] == {"cross_creator_template": 12}
    assert set(bot["comment_reasons"]) == set(bot["comment_ids"]) and len(bot["comment_ids"]) == 12
    assert signals["cross_creator_templates"]["triggered"] and signals["cross_creator_templates"]["value"] == 0.2
    assert not signals["hopping_commenters"]["triggered"]
    # the other signals are kept as they were
    assert [s["kind"] for s in ev.signals][1:6] == [s["kind"] for s in base.signals][1:6]


def test_formal_praise_in_a_du_section_is_flagged_only_with_praise() -> None:
    from vetting.comment_features import address_of
    from vetting.evidence import FlagItem, comment_flags, says_du

    assert address_of("Vielen Dank für Ihre harte Arbeit!") == "sie"
    assert address_of("Kannst du mal zeigen, wie dein Teig aussieht?") == "du"
    assert address_of("Sie hat recht") is None and address_of("Great video") is None
    assert says_du(["du"] * 9 + ["sie"] * 2) and not says_du(["du"] * 5 + ["sie"] * 5)
    assert not says_du(["du"] * 9)  # too few comments that address the creator
    praise = FlagItem("c1", "p1", "a1", None, 0.2, True, ("formal_praise",), ("formal_in_du_audience",))
    specific = FlagItem("c2", "p1", "a2", None, 0.2, False, ("formal_praise",), ("formal_in_du_audience",))
    assert comment_flags([praise, specific], bot_threshold=0.5, context=None) == {
        "c1": ("formal_praise", "formal_in_du_audience")}
