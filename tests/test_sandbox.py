"""The sandbox platform server: world determinism, payload shapes, paging, limits and faults."""

from __future__ import annotations

import json
import math
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.sandbox import FaultConfig, RateLimitConfig, SandboxServer, generate_world, texts, write_ground_truth
from crawler.sandbox.mastodon_api import mastodon_html
from crawler.sandbox.world import (
    BOT_KINDS,
    CONVERSATION_LABELS,
    KINDS,
    OPT_OUT_REASONS,
    SWEEP_HOURS,
    Comment,
    Post,
    World,
)

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "platform-samples"
KEY = "sandbox-key"


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def fetch_json(url: str) -> Any:
    status, _, body = fetch(url)
    assert status == 200, (url, status, body[:200])
    return json.loads(body)


def next_link(headers: dict[str, str]) -> str | None:
    for part in headers.get("link", "").split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=7)


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[SandboxServer]:
    with SandboxServer(world, rate_limit=RateLimitConfig(enabled=False)) as srv:
        yield srv


# -- world ----------------------------------------------------------------------------------------


def test_same_seed_same_world_and_different_seed_differs() -> None:
    a = generate_world(seed=3, creators=12, posts_per_creator=4, comments_per_post=5)
    b = generate_world(seed=3, creators=12, posts_per_creator=4, comments_per_post=5)
    c = generate_world(seed=4, creators=12, posts_per_creator=4, comments_per_post=5)
    truth_a = json.dumps(a.ground_truth(), sort_keys=True)
    assert truth_a == json.dumps(b.ground_truth(), sort_keys=True)
    assert truth_a != json.dumps(c.ground_truth(), sort_keys=True)


def test_tiers_are_mostly_nano_and_micro_with_log_spread(world: World) -> None:
    tiers = Counter(c.tier for c in world.creators)
    assert tiers["nano"] + tiers["micro"] > len(world.creators) / 2
    followers = sorted(c.followers[0] for c in world.creators)
    assert followers[0] < 1_000 and followers[-1] > 100_000


def test_every_planted_kind_has_several_creators(world: World) -> None:
    counts = world.kind_counts()
    assert set(counts) == set(KINDS)
    for kind, count in counts.items():
        assert count >= 2, (kind, count)
    # Ten problem kinds share the creators; clean stays the largest group, a quarter at least.
    assert counts["clean"] == max(counts.values())
    for platform in world.platforms:
        members = [c for c in world.creators if c.platform == platform]
        assert sum("clean" in c.kinds for c in members) >= len(members) // 4
    reasons = {c.opt_out_reason for c in world.creators if c.opt_out_reason}
    assert reasons == set(OPT_OUT_REASONS)
    # discoverable but not indexable is planted too, and is no opt-out: a clean creator to be crawled
    not_indexable = [c for c in world.creators if not c.indexable]
    assert not_indexable and all(c.opt_out_reason is None and "clean" in c.kinds and "opt_out" not in c.kinds
                                 for c in not_indexable)
    truth = {c["creator_id"]: c for c in world.ground_truth()["creators"]}
    assert all(truth[c.creator_id]["indexable"] is False and truth[c.creator_id]["opt_out"] is False
               for c in not_indexable)


def test_comment_labels_follow_planted_kinds(world: World) -> None:
    def bot_share(kind: str) -> float:
        labels = Counter(
            c.label
            for creator in world.creators
            if kind in creator.kinds
            for seq in creator.post_seqs
            for c in world.comments(world.posts[seq])
        )
        return labels["bot_like"] / max(1, sum(labels.values()))

    assert 0.35 <= bot_share("bot_heavy") <= 0.75
    assert bot_share("clean") < 0.1
    languages = Counter(r["language"] for r in world.iter_comment_records())
    assert {"de", "en", "fr", "es", "it", "nl"} <= set(languages)
    assert languages["de"] > languages["fr"]


def test_comment_totals_and_advance(world: World) -> None:
    small = generate_world(
        seed=5, creators=10, posts_per_creator=6, comments_per_post=10, platforms=("mastodon",)
    )
    assert sum(len(small.comments(p)) for p in small.posts) == 10 * 6 * 10
    spikers = [c for c in small.creators if "growth_spike" in c.kinds]
    before = len(small.visible_posts())
    small.advance()
    assert small.epoch == 1 and len(small.visible_posts()) > before
    for creator in small.creators:
        growth = creator.followers[1] / creator.followers[0]
        assert (growth >= 1.6) == (creator in spikers), (creator.kinds, growth)


def test_ground_truth_file_with_jsonl_comments(tmp_path: Path) -> None:
    small = generate_world(seed=2, creators=6, posts_per_creator=3, comments_per_post=4)
    path = write_ground_truth(small, tmp_path / "truth.json", comments="jsonl")
    truth = json.loads(path.read_text())
    lines = (tmp_path / truth["comments_file"]).read_text().splitlines()
    assert len(lines) == sum(len(p["comment_ids"]) for p in truth["posts"])
    record = json.loads(lines[0])
    assert record["label"] in ("bot_like", "generic", "genuine")
    assert {"platform", "creator_id", "tier", "kinds", "followers_by_epoch", "discoverable_by"} <= set(
        truth["creators"][0]
    )


def test_mastodon_html_escapes_user_text() -> None:
    html = mastodon_html(
        "<script>alert(1)</script> #Vegan @anna", "http://h", {"anna": ("http://h/@anna", "anna")}
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert '<a href="http://h/tags/vegan" class="mention hashtag" rel="tag">#<span>Vegan</span></a>' in html
    assert 'class="u-url mention">@<span>anna</span></a></span>' in html


def test_big_world_generates_quickly() -> None:
    start = time.perf_counter()
    big = generate_world(creators=1000, posts_per_creator=20, comments_per_post=20, platforms=("mastodon",))
    elapsed = time.perf_counter() - start
    assert sum(p.n_comments for p in big.posts) == 400_000
    assert elapsed < 10, elapsed


# -- planted bot networks (issue #8) -------------------------------------------------------------

NETWORK_KINDS = ("llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait")
HOUR_MS = 3_600_000


@pytest.fixture(scope="module")
def networks() -> World:
    """A 200-creator world: at least six creators of each bot network per platform."""
    return generate_world(seed=23, creators=200, posts_per_creator=12, comments_per_post=15)


def planted_comments(world: World, kind: str) -> Iterator[tuple[Post, Comment]]:
    for creator in world.creators:
        if kind in creator.kinds:
            for seq in creator.post_seqs:
                post = world.posts[seq]
                for comment in world.comments(post):
                    yield post, comment


def max_creators_within(items: list[tuple[int, int]], window_ms: int) -> int:
    """The most distinct creators among ``(ms, creator)`` items that fall in one window."""
    items = sorted(items)
    best = start = 0
    for end in range(len(items)):
        while items[end][0] - items[start][0] > window_ms:
            start += 1
        best = max(best, len({creator for _, creator in items[start : end + 1]}))
    return best


def test_bot_networks_are_planted_once_per_creator(networks: World) -> None:
    problem_kinds = {"bot_heavy", "engagement_pod", "off_niche", "opt_out", "bot_account", *NETWORK_KINDS}
    for platform in networks.platforms:
        members = [c for c in networks.creators if c.platform == platform]
        for kind in NETWORK_KINDS:
            assert sum(kind in c.kinds for c in members) >= 6, (platform, kind)
        assert sum("emoji_fans" in c.kinds for c in members) >= 6
    for creator in networks.creators:
        assert len(creator.kinds & problem_kinds) <= 1, creator.kinds
        if "emoji_fans" in creator.kinds:
            assert "clean" in creator.kinds and creator.on_niche


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [
        ("llm_praise_bots", 0.35, 0.70),
        ("gambling_spam", 0.35, 0.70),
        ("crypto_chain", 0.20, 0.55),
        ("impersonation_scam", 0.15, 0.45),
        ("follow_bait", 0.35, 0.70),
    ],
)
def test_bot_network_share_of_comments(networks: World, kind: str, low: float, high: float) -> None:
    by_creator: dict[int, Counter[bool]] = defaultdict(Counter)
    for post, comment in planted_comments(networks, kind):
        by_creator[post.creator][comment.bot_kind == kind] += 1
    assert len(by_creator) >= 12
    for creator, counts in by_creator.items():
        share = counts[True] / (counts[True] + counts[False])
        assert low <= share <= high, (kind, networks.creators[creator].handle, share)


def test_bot_kind_labels_every_bot_comment_and_spares_clean_creators(networks: World) -> None:
    clean: Counter[str | None] = Counter()
    for post in networks.visible_posts():
        creator = networks.creators[post.creator]
        for comment in networks.comments(post):
            assert (comment.bot_kind is not None) == (comment.label == "bot_like"), comment
            assert comment.bot_kind is None or comment.bot_kind in BOT_KINDS
            if "clean" in creator.kinds:
                clean[comment.bot_kind] += 1
    total = sum(clean.values())
    # Clean creators get the background spam and, rarely, LLM praise sprayed by the network.
    assert set(clean) == {None, "spam", "llm_praise_bots"}
    assert 0 < clean["llm_praise_bots"] / total < 0.03


def test_llm_praise_comes_from_one_network_of_link_in_profile_accounts(networks: World) -> None:
    creators_of: dict[int, set[int]] = defaultdict(set)
    kinds_hit: set[str] = set()
    for post in networks.visible_posts():
        creator = networks.creators[post.creator]
        for comment in networks.comments(post):
            if comment.bot_kind == "llm_praise_bots":
                creators_of[comment.author].add(post.creator)
                kinds_hit |= creator.kinds
    assert len(creators_of) <= networks.n_llm
    for author in creators_of:
        account = networks.account(author)
        assert account.kind == "llm_bot"
        assert ".example/" in account.bio and account.statuses_count <= 12 and account.following_count >= 1_200
    # Every account comments on several unrelated creators, clean and off-niche ones included.
    assert min(len(c) for c in creators_of.values()) >= 3
    assert {"clean", "off_niche", "gambling_spam"} <= kinds_hit


def test_llm_praise_skeletons_recur_across_creators_with_swapped_words_and_emoji(networks: World) -> None:
    patterns = []
    for language in ("de", "en"):
        slots = texts.llm_praise_slots(language).items()
        words = {slot: "(?:" + "|".join(map(re.escape, alternatives)) + ")" for slot, alternatives in slots}
        for skeleton in texts.llm_praise_skeletons(language):
            regex = re.sub(r"\\\{(\w+)\\\}", lambda m: words[m[1]], re.escape(skeleton))  # noqa: B023
            patterns.append((skeleton, re.compile(regex)))
    signature = "".join(texts.LLM_SIGNATURE_EMOJI) + " "
    creators: dict[str, set[int]] = defaultdict(set)
    variants: dict[str, set[str]] = defaultdict(set)
    signatures: dict[str, set[str]] = defaultdict(set)
    for post in networks.visible_posts():
        for comment in networks.comments(post):
            if comment.bot_kind != "llm_praise_bots":
                continue
            body = comment.text.strip(signature)
            skeleton = next(sk for sk, regex in patterns if regex.fullmatch(body))
            creators[skeleton].add(post.creator)
            variants[skeleton].add(body)
            signatures[skeleton].add(comment.text.replace(body, "").strip())
            if comment.language == "de":
                assert re.search(r"\b(Sie|Ihre?n?)\b", body) and not re.search(r"\b(du|dein\w*|dich)\b", body)
    assert len(creators) == 24
    for skeleton in creators:
        assert len(creators[skeleton]) >= 10, skeleton
        assert len(variants[skeleton]) >= 3 and len(signatures[skeleton]) >= 5, skeleton


def test_llm_praise_comes_first_within_minutes_and_hops_creators_within_hours(networks: World) -> None:
    posts = first = 0
    hops: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for post in networks.visible_posts():
        comments = networks.comments(post)
        if "llm_praise_bots" in networks.creators[post.creator].kinds and comments:
            posts += 1
            head = comments[0]
            first += head.bot_kind == "llm_praise_bots" and head.created_ms - post.created_ms <= 10 * 60_000
        for comment in comments:
            if comment.bot_kind == "llm_praise_bots":
                hops[(post.platform, comment.author)].append((comment.created_ms, post.creator))
    assert first / posts >= 0.6, (first, posts)
    hopping = [k for k, items in hops.items() if max_creators_within(items, SWEEP_HOURS * HOUR_MS) >= 3]
    assert len(hopping) >= 0.7 * len(hops)


def test_gambling_spam_uses_styled_brand_names_and_slang(networks: World) -> None:
    def styled(text: str) -> bool:
        return any(
            0x1D400 <= ord(ch) <= 0x1D7FF or 0xFF01 <= ord(ch) <= 0xFF5E or 0x0400 <= ord(ch) <= 0x04FF
            or ch in "ℂℍℕℙℚℝℤ"
            for ch in text
        )

    comments = [c for _, c in planted_comments(networks, "gambling_spam") if c.bot_kind == "gambling_spam"]
    assert len(comments) > 300
    assert sum(styled(c.text) for c in comments) >= 0.7 * len(comments)
    assert all(re.search(r"gacor|maxwin|\bjp\b|\bwd\b|cuma di", c.text) for c in comments)
    assert {c.language for c in comments} == {"de", "en"}
    assert {networks.account(c.author).kind for c in comments} == {"gambling_bot"}
    assert texts.styled("PULAU777", "bold") == "𝐏𝐔𝐋𝐀𝐔𝟕𝟕𝟕" and texts.styled("weton88", "fullwidth") == "ｗｅｔｏｎ８８"
    assert texts.styled("KILATJP", "double_struck") == "𝕂𝕀𝕃𝔸𝕋𝕁ℙ" and texts.styled("POKER", "cyrillic") == "РОКЕR"


def test_crypto_chains_are_reply_threads_of_the_ring(networks: World) -> None:
    threads = 0
    for post in networks.visible_posts():
        if not post.chains:
            continue
        comments = networks.comments(post)
        assert len(comments) == post.n_comments
        tops = [c for c in comments if c.bot_kind == "crypto_chain" and c.parent is None]
        assert all(comments[c.parent].bot_kind == "crypto_chain" for c in comments
                   if c.bot_kind == "crypto_chain" and c.parent is not None)
        assert sorted(sum(1 for r in comments if r.parent == t.index and r.bot_kind) for t in tops) == sorted(
            post.chains
        )
        for top in tops:
            assert re.search(r"Telegram|WhatsApp", top.text)
            # The ring confirms the testimonial (a real fan may answer too).
            replies = [r for r in comments if r.parent == top.index and r.bot_kind == "crypto_chain"]
            assert 2 <= len(replies) <= 4 and all(r.created_ms > top.created_ms for r in replies)
            authors = [top.author] + [r.author for r in replies]
            assert len(set(authors)) == len(authors)
            assert {networks.account(a).kind for a in authors} == {"crypto"}
            threads += 1
    assert threads >= 100


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def test_impersonation_scams_come_from_lookalikes_of_the_creator(networks: World) -> None:
    truth = {(c["platform"], c["creator_id"]): c for c in networks.ground_truth(include_comments=False)["creators"]}
    for creator in networks.creators:
        if "impersonation_scam" not in creator.kinds:
            continue
        assert 2 <= len(creator.impersonators) <= 4
        record = truth[(creator.platform, creator.creator_id)]
        handles = set()
        for index in creator.impersonators:
            fake = networks.account(index)
            handles.add(fake.handle)
            core, fake_core = re.sub(r"[._]", "", creator.handle), re.sub(r"[._]", "", fake.handle)
            assert fake.handle != creator.handle
            assert core in fake_core or _edit_distance(creator.handle, fake.handle) <= 2, fake.handle
            assert fake.display_name.startswith(creator.display_name)
            assert fake.kind == "impersonator" and fake.remote_domain is None
            if creator.platform == "mastodon":
                assert re.fullmatch(r"\w+", fake.handle, re.ASCII), fake.handle
            native_id = fake.mastodon_id if creator.platform == "mastodon" else fake.channel_id
            assert native_id in record["impersonator_ids"]
        assert len(handles) == len(creator.impersonators)
        scams = [c for s in creator.post_seqs for c in networks.comments(networks.posts[s])
                 if c.bot_kind == "impersonation_scam"]
        assert scams and {c.author for c in scams} <= set(creator.impersonators)
        assert all(re.search(r"Telegram|WhatsApp", c.text) and re.search(r"won|gewonnen|Gewinn|winner|giveaway", c.text)
                   for c in scams)


def test_follow_bait_comes_from_follow_for_follow_accounts(networks: World) -> None:
    comments = [c for _, c in planted_comments(networks, "follow_bait") if c.bot_kind == "follow_bait"]
    assert len(comments) > 300
    for comment in comments:
        account = networks.account(comment.author)
        assert account.kind == "follow_bait" and account.following_count >= 2_000
    assert any(c.text.startswith("Gegenseitig folgen?") for c in comments)
    assert any("promote it on @" in c.text.lower() for c in comments)


def test_emoji_fans_write_specific_comments_at_human_timing(networks: World) -> None:
    fan_comments = [
        (p, c) for p, c in planted_comments(networks, "emoji_fans") if c.label == "genuine" and not c.is_creator_reply
    ]
    bodies = [c.text for _, c in fan_comments]
    assert sum(any(e in t for e in "😘💕😍🔥") for t in bodies) >= 0.25 * len(bodies)
    assert sum("@" in t for t in bodies) >= 0.1 * len(bodies)
    assert 0.01 * len(bodies) <= sum("https://" in t for t in bodies) <= 0.06 * len(bodies)
    assert sum("?" in t for t in bodies) >= 0.2 * len(bodies)
    german = [c.text for _, c in fan_comments if c.language == "de" and "😘" in c.text]
    assert german and not any(re.search(r"\b(Sie|Ihre?)\b", t) for t in german)
    delays = [c.created_ms - p.created_ms for p, c in fan_comments if c.parent is None]
    assert statistics.median(delays) >= HOUR_MS
    # Regulars of the niche comment on several creators, but not creator after creator within hours.
    seen: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for post, comment in fan_comments:
        seen[(post.platform, comment.author)].append((comment.created_ms, post.creator))
    assert sum(len({c for _, c in items}) >= 2 for items in seen.values()) >= 20
    # At human timing a regular may now and then reach three creators within hours; most never do
    # (contrast: at least 70 % of the LLM network's accounts do, test above).
    reach = [max_creators_within(items, SWEEP_HOURS * HOUR_MS) for items in seen.values()]
    assert sum(r >= 3 for r in reach) <= 0.1 * len(reach) and max(reach) <= 3, reach


def test_bot_networks_are_deterministic_and_in_the_ground_truth() -> None:
    def truth(seed: int) -> dict[str, Any]:
        return generate_world(seed=seed, creators=120, posts_per_creator=3, comments_per_post=6).ground_truth()

    a, b = truth(5), truth(5)
    assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)
    assert json.dumps(a, sort_keys=True) != json.dumps(truth(6), sort_keys=True)
    assert {k for c in a["creators"] for k in c["kinds"]} >= {*NETWORK_KINDS, "emoji_fans"}
    assert {r["bot_kind"] for r in a["comments"]} == {None, *BOT_KINDS}
    assert all((r["bot_kind"] is None) == (r["label"] != "bot_like") for r in a["comments"])
    for creator in a["creators"]:
        assert bool(creator["impersonator_ids"]) == ("impersonation_scam" in creator["kinds"])
        if set(creator["kinds"]) & set(NETWORK_KINDS):
            assert creator["bot_comment_share"] >= 0.2


# -- conversation quality (issue #13) ------------------------------------------------------------

CONVERSATION_KINDS = ("question_rich", "purchase_intent_rich", "hostile_section", "praise_only")


def creator_sections(world: World, kind: str) -> Iterator[tuple[Any, list[tuple[Post, Comment]]]]:
    """Each creator planted with ``kind`` and the ``(post, comment)`` pairs of its comment section."""
    for creator in world.creators:
        if kind in creator.kinds:
            yield creator, [(world.posts[s], c) for s in creator.post_seqs for c in world.comments(world.posts[s])]


def by_fans(creator: Any, section: list[tuple[Post, Comment]]) -> list[Comment]:
    """The comments of real fans (no bots, not the creator's own replies)."""
    return [c for _, c in section if c.author != creator.index and c.label != "bot_like"]


def test_conversation_kinds_are_planted_on_german_and_english_clean_creators(networks: World) -> None:
    problem_kinds = {"bot_heavy", "engagement_pod", "off_niche", "opt_out", "bot_account", *NETWORK_KINDS}
    for kind in CONVERSATION_KINDS:
        planted = [c for c in networks.creators if kind in c.kinds]
        assert len(planted) >= 5, kind
        for creator in planted:
            assert creator.language in ("de", "en") and creator.on_niche, creator
            assert len(creator.kinds & set(CONVERSATION_KINDS)) == 1, creator.kinds
            assert not creator.kinds & (problem_kinds | {"emoji_fans"}), creator.kinds
            assert ("clean" in creator.kinds) == (kind != "hostile_section"), creator.kinds
    assert {c.platform for c in networks.creators if "praise_only" in c.kinds} == {"mastodon", "youtube"}
    assert {c.platform for c in networks.creators if "hostile_section" in c.kinds} == {"mastodon", "youtube"}
    # Ordinary clean creators stay the largest group of clean creators and get no planted label.
    ordinary = [c for c in networks.creators
                if "clean" in c.kinds and not c.kinds & {*CONVERSATION_KINDS, "emoji_fans"}]
    assert len(ordinary) >= 20
    assert not any(c.conversation for creator in ordinary for s in creator.post_seqs
                   for c in networks.comments(networks.posts[s]))


def test_question_rich_fans_ask_about_the_post_and_the_creator_answers_below(networks: World) -> None:
    shares, answered_rates, with_dish, without_mark = [], [], 0, 0
    questions_total = twice = 0
    for creator, section in creator_sections(networks, "question_rich"):
        fans = [c for c in by_fans(creator, section) if c.label == "genuine"]
        questions = [(p, c) for p, c in section if c.conversation == "product_question"]
        assert {c.conversation for c in fans} == {"product_question", None}
        # Besides the planted questions the fans ask nothing, so the planted share is the section's.
        assert not any("?" in c.text for c in fans if c.conversation is None)
        share = len(questions) / len(fans)
        assert 0.28 <= share <= 0.62, (creator.handle, share)
        shares.append(share)
        answered = 0
        for post, question in questions:
            assert question.parent is None and question.label == "genuine" and question.language in ("de", "en")
            answers = [c for c in networks.comments(post) if c.parent == question.index and c.is_creator_reply]
            twice += len(answers) > 1  # a post whose only comments are questions: the creator says more
            for answer in answers:
                assert answer.author == creator.index and answer.root == question.index
                delay = answer.created_ms - question.created_ms
                assert 0 < delay <= 11 * HOUR_MS or answer.created_ms == post.horizon_ms, delay
            answered += bool(answers)
            with_dish += post.subject.lower() in question.text.lower()
            without_mark += "?" not in question.text
        questions_total += len(questions)
        answered_rates.append(answered / len(questions))
        assert 0.5 <= answered / len(questions) <= 0.97, (creator.handle, answered, len(questions))
    assert 0.35 <= statistics.mean(shares) <= 0.55
    assert 0.6 <= statistics.mean(answered_rates) <= 0.9
    assert twice <= 0.03 * questions_total
    # Questions name the post's dish now and then, and some are typed without a question mark.
    assert with_dish >= 0.2 * questions_total
    assert 0.03 * questions_total <= without_mark <= 0.3 * questions_total


def test_question_texts_are_varied_questions() -> None:
    rng = random.Random(3)
    for language in ("de", "en"):
        texts_ = {texts.question_comment(rng, language, dish="Kürbissuppe") for _ in range(400)}
        assert len(texts_) >= 300
        assert sum("?" in t for t in texts_) >= 0.7 * len(texts_)
    assert len(texts._QUESTIONS["de"]) >= 30 and len(texts._QUESTIONS["en"]) >= 30


@pytest.mark.parametrize("kind", ["purchase_intent_rich", "praise_only"])
def test_purchase_intent_and_praise_shares(networks: World, kind: str) -> None:
    label, conversation, (low, high) = {
        "purchase_intent_rich": ("genuine", "purchase_intent", (0.25, 0.40)),
        "praise_only": ("generic", "praise", (0.85, 0.95)),
    }[kind]
    shares = []
    for creator, section in creator_sections(networks, kind):
        fans = [c for c in by_fans(creator, section) if c.label in ("genuine", "generic")]
        planted = [c for c in fans if c.conversation == conversation]
        assert all(c.label == label and c.language in ("de", "en") for c in planted)
        assert {c.conversation for c in fans} <= {conversation, None}
        # The share is of the comments the trait rewrites (genuine ones; generic praise stays generic).
        genuine = [c for c in fans if c.label == "genuine" or c.conversation == conversation]
        share = len(planted) / len(genuine)
        assert low - 0.08 <= share <= high + 0.08, (creator.handle, share)
        shares.append(share)
        if kind == "praise_only":  # no questions, no specifics
            assert not any("?" in c.text for c in fans)
            assert all(len(c.text) <= 40 for c in planted)
    assert low <= statistics.mean(shares) <= high


def test_hostile_sections_are_written_by_real_fans_and_labelled_genuine(networks: World) -> None:
    shares, hostile, negative, harassing, mentions = [], 0, 0, 0, 0
    for creator, section in creator_sections(networks, "hostile_section"):
        planted = [c for _, c in section if c.conversation in ("hostile", "negative")]
        for comment in planted:
            assert comment.label == "genuine" and comment.bot_kind is None and not comment.is_creator_reply
            assert networks.account(comment.author).kind == "fan"
            assert comment.language in ("de", "en")
        share = len(planted) / len(section)
        assert 0.15 <= share <= 0.40, (creator.handle, share)
        shares.append(share)
        hostile += sum(c.conversation == "hostile" for c in planted)
        negative += sum(c.conversation == "negative" for c in planted)
        # Some hostile replies go at other commenters; on YouTube by their handle now and then (Mastodon
        # puts the mention before a reply itself).
        for post, c in section:
            if c.conversation == "hostile" and c.parent is not None:
                parent = networks.comments(post)[c.parent]
                harassing += parent.author != creator.index
                mentions += c.text.startswith("@")
                assert not (c.text.startswith("@") and post.platform == "mastodon"), c.text
        # The creator never thanks a hostile or negative comment.
        comments = {c.index: c for _, c in section if c.post_seq == section[0][0].seq}
        assert not any(c.is_creator_reply and comments[c.parent].conversation for c in comments.values()
                       if c.parent is not None)
    assert 0.20 <= statistics.mean(shares) <= 0.35
    assert 0.35 <= hostile / (hostile + negative) <= 0.65
    assert harassing >= 10 and mentions >= 1


def test_conversation_labels_are_deterministic_and_in_the_ground_truth() -> None:
    def truth(seed: int) -> dict[str, Any]:
        return generate_world(seed=seed, creators=120, posts_per_creator=4, comments_per_post=8).ground_truth()

    a, b = truth(5), truth(5)
    assert json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)
    assert {r["conversation"] for r in a["comments"]} == {None, *CONVERSATION_LABELS}
    kinds = {c["creator_id"]: set(c["kinds"]) for c in a["creators"]}
    posts = {p["post_id"]: p["creator_id"] for p in a["posts"]}
    for record in a["comments"]:
        if record["conversation"] is not None:
            planted = kinds[posts[record["post_id"]]] & set(CONVERSATION_KINDS)
            assert planted and record["bot_kind"] is None and not record["is_creator_reply"], record
            assert record["label"] == ("generic" if record["conversation"] == "praise" else "genuine")
    for creator in a["creators"]:
        planted = set(creator["kinds"]) & set(CONVERSATION_KINDS)
        assert (creator["conversation_share"] is not None) == bool(planted)
        assert (creator["answer_rate"] is not None) == ("question_rich" in planted)


# -- Mastodon over HTTP -------------------------------------------------------------------------


def test_tag_timeline_link_paging_visits_each_status_once(server: SandboxServer, world: World) -> None:
    url: str | None = f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=40"
    seen: list[str] = []
    while url:
        assert urlsplit(url).hostname == "127.0.0.1"
        status, headers, body = fetch(url)
        assert status == 200
        page = json.loads(body)
        seen += [s["id"] for s in page]
        url = next_link(headers)
    expected = [p.post_id for p in world.tagged_posts("mastodon", "veganrecipes")]
    assert seen == expected and len(set(seen)) == len(seen)
    assert fetch_json(f"{server.base_url}/api/v1/timelines/tag/nosuchtag") == []


def test_min_id_and_since_id_paging(server: SandboxServer, world: World) -> None:
    ids = [p.post_id for p in world.tagged_posts("mastodon", "plantbased")]
    base = f"{server.base_url}/api/v1/timelines/tag/plantbased"
    newer = fetch_json(f"{base}?min_id={ids[10]}&limit=3")
    assert [s["id"] for s in newer] == ids[7:10]
    since = fetch_json(f"{base}?since_id={ids[10]}&limit=3")
    assert [s["id"] for s in since] == ids[0:3]


def test_context_descendants_match_replies_count(server: SandboxServer, world: World) -> None:
    statuses = fetch_json(f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=40")
    checked = 0
    for status in statuses:
        post = world.post_by_id("mastodon", status["id"])
        context = fetch_json(f"{server.base_url}/api/v1/statuses/{status['id']}/context")
        direct = [d for d in context["descendants"] if d["in_reply_to_id"] == status["id"]]
        assert len(context["descendants"]) == len(world.comments(post))
        if post.hidden_extra == 0:
            assert len(direct) == status["replies_count"]
        else:  # planted mismatch: metadata counts replies the API does not show
            assert status["replies_count"] == len(direct) + post.hidden_extra
        checked += 1
    assert checked >= 20


def test_crypto_chain_replies_answer_the_top_comment_in_context(server: SandboxServer, world: World) -> None:
    post = next(p for p in world.visible_posts("mastodon") if p.chains)
    comments = world.comments(post)
    context = fetch_json(f"{server.base_url}/api/v1/statuses/{post.post_id}/context")
    by_id = {s["id"]: s for s in context["descendants"]}
    for top in (c for c in comments if c.bot_kind == "crypto_chain" and c.parent is None):
        replies = [s for s in context["descendants"] if s["in_reply_to_id"] == top.comment_id]
        assert len(replies) == sum(1 for c in comments if c.parent == top.index) >= 2
        assert by_id[top.comment_id]["replies_count"] == len(replies)
        assert all(s["in_reply_to_account_id"] == by_id[top.comment_id]["account"]["id"] for s in replies)


def test_account_statuses_and_404(server: SandboxServer, world: World) -> None:
    creator = next(c for c in world.creators if c.platform == "mastodon" and len(c.post_seqs) > 12)
    url: str | None = (
        f"{server.base_url}/api/v1/accounts/{creator.mastodon_id}/statuses"
        "?limit=5&exclude_reblogs=true&exclude_replies=true"
    )
    ids = []
    while url:
        status, headers, body = fetch(url)
        page = json.loads(body)
        assert all(s["reblog"] is None and s["in_reply_to_id"] is None for s in page)
        ids += [s["id"] for s in page]
        url = next_link(headers)
    assert len(ids) == sum(1 for s in creator.post_seqs if world.posts[s].reblog_of is None)
    status, _, body = fetch(f"{server.base_url}/api/v1/accounts/123")
    assert status == 404 and json.loads(body) == {"error": "Record not found"}


def test_opt_out_and_bot_accounts_are_visible_in_payloads(server: SandboxServer, world: World) -> None:
    for creator in world.creators:
        if creator.platform != "mastodon" or not ({"opt_out", "bot_account"} & creator.kinds or not creator.indexable):
            continue
        account = fetch_json(f"{server.base_url}/api/v1/accounts/{creator.mastodon_id}")
        if "bot_account" in creator.kinds:
            assert account["bot"] is True
        if creator.opt_out_reason:
            flagged = (
                account["discoverable"] is False
                or account["noindex"] is True
                or "#<span>nobot</span>" in account["note"]
            )
            assert flagged, creator.opt_out_reason
            assert account["indexable"] is True
        if not creator.indexable:
            assert (account["discoverable"], account["indexable"], account["noindex"]) == (True, False, False)
            assert "#<span>nobot</span>" not in account["note"]


# -- YouTube over HTTP --------------------------------------------------------------------------


def yt(server: SandboxServer, resource: str, **params: str) -> tuple[int, dict[str, str], Any]:
    query = "&".join(f"{k}={urllib.request.quote(str(v))}" for k, v in {"key": KEY, **params}.items())
    status, headers, body = fetch(f"{server.base_url}/youtube/v3/{resource}?{query}")
    return status, headers, json.loads(body)


def test_youtube_search_tokens_cover_all_results(server: SandboxServer, world: World) -> None:
    seen: list[str] = []
    token = None
    while True:
        params = {"part": "snippet", "q": "#veganrecipes", "type": "video", "maxResults": "50"}
        if token:
            params["pageToken"] = token
        status, _, body = yt(server, "search", **params)
        assert status == 200 and body["kind"] == "youtube#searchListResponse"
        seen += [item["id"]["videoId"] for item in body["items"]]
        token = body.get("nextPageToken")
        if not token:
            break
    assert seen == [p.post_id for p in world.tagged_posts("youtube", "veganrecipes")]
    assert body["pageInfo"]["totalResults"] == len(seen)


def test_youtube_uploads_playlist_lists_every_video_newest_first(server: SandboxServer, world: World) -> None:
    creator = next(c for c in world.creators if c.platform == "youtube" and len(world.creator_posts(c)) >= 3)
    status, _, body = yt(server, "channels", part="contentDetails", id=creator.channel_id)
    playlist = body["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
    seen: list[tuple[str, str]] = []
    token = None
    while True:
        params = {"part": "contentDetails,snippet", "playlistId": playlist, "maxResults": "2"}
        if token:
            params["pageToken"] = token
        status, _, body = yt(server, "playlistItems", **params)
        assert status == 200 and body["kind"] == "youtube#playlistItemListResponse"
        for item in body["items"]:
            assert item["kind"] == "youtube#playlistItem" and item["snippet"]["playlistId"] == playlist
            assert item["snippet"]["resourceId"]["videoId"] == item["contentDetails"]["videoId"]
            seen.append((item["contentDetails"]["videoPublishedAt"], item["contentDetails"]["videoId"]))
        token = body.get("nextPageToken")
        if not token:
            break
    assert [v for _, v in seen] == [p.post_id for p in world.creator_posts(creator)]
    assert seen == sorted(seen, reverse=True)
    status, _, body = yt(server, "playlistItems", part="contentDetails", playlistId="UU" + "x" * 22)
    assert status == 404 and body["error"]["errors"][0]["reason"] == "playlistNotFound"
    status, _, body = yt(server, "playlistItems", part="contentDetails")
    assert status == 400 and body["error"]["errors"][0]["reason"] == "missingRequiredParameter"


def test_youtube_counts_match_comment_threads(server: SandboxServer, world: World) -> None:
    videos = [p for p in world.visible_posts("youtube") if p.n_comments and not p.hidden_extra][:15]
    _, _, listing = yt(server, "videos", part="snippet,statistics", id=",".join(p.post_id for p in videos))
    for item in listing["items"]:
        threads, token = [], None
        while True:
            params = {"part": "snippet,replies", "videoId": item["id"], "maxResults": "7"}
            if token:
                params["pageToken"] = token
            status, _, body = yt(server, "commentThreads", **params)
            assert status == 200
            threads += body["items"]
            token = body.get("nextPageToken")
            if not token:
                break
        total = sum(1 + t["snippet"]["totalReplyCount"] for t in threads)
        assert str(total) == item["statistics"]["commentCount"]
        for thread in threads:
            replies = thread.get("replies", {}).get("comments", [])
            assert len(replies) == min(5, thread["snippet"]["totalReplyCount"])
            assert all(r["snippet"]["parentId"] == thread["id"] for r in replies)


def test_youtube_crypto_chains_are_threads_with_replies(server: SandboxServer, world: World) -> None:
    post = next(p for p in world.visible_posts("youtube") if p.chains and not p.comments_disabled)
    _, _, body = yt(server, "commentThreads", part="snippet,replies", videoId=post.post_id, maxResults="100")
    tops = {c.comment_id: c for c in world.comments(post) if c.bot_kind == "crypto_chain" and c.parent is None}
    threads = [t for t in body["items"] if t["id"] in tops]
    assert len(threads) == len(post.chains)
    for thread in threads:
        top = tops[thread["id"]]
        assert thread["snippet"]["totalReplyCount"] == sum(1 for c in world.comments(post) if c.root == top.index) >= 2
        assert all(r["snippet"]["parentId"] == thread["id"] for r in thread["replies"]["comments"])


def test_youtube_hidden_counts_and_comments_disabled(server: SandboxServer, world: World) -> None:
    hidden = [c for c in world.creators if "hidden_counts" in c.kinds]
    assert hidden
    ids = ",".join(c.channel_id for c in hidden)
    _, _, body = yt(server, "channels", part="snippet,statistics", id=ids)
    for item in body["items"]:
        stats = item["statistics"]
        assert stats["hiddenSubscriberCount"] == ("subscriberCount" not in stats)
        assert item["snippet"]["customUrl"].startswith("@")
    disabled = next(p for p in world.visible_posts("youtube") if p.comments_disabled)
    status, _, body = yt(server, "commentThreads", part="snippet", videoId=disabled.post_id)
    assert status == 403 and body["error"]["errors"][0]["reason"] == "commentsDisabled"
    assert body["error"]["errors"][0]["domain"] == "youtube.commentThread"
    status, _, body = yt(server, "commentThreads", part="snippet", videoId="AAAAAAAAAAA")
    assert status == 404 and body["error"]["errors"][0]["reason"] == "videoNotFound"


def test_youtube_key_and_quota(world: World) -> None:
    with SandboxServer(world, youtube_quota=250) as srv:
        status, _, body = fetch(f"{srv.base_url}/youtube/v3/videos?part=snippet&id=x")
        assert status == 400 and body and json.loads(body)["error"]["errors"][0]["reason"] == "keyInvalid"
        status, _, body = fetch(f"{srv.base_url}/youtube/v3/videos?part=snippet&id=x&key=wrong")
        assert status == 400
        statuses = [yt(srv, "search", part="snippet", q="plantbased")[0] for _ in range(3)]
        assert statuses == [200, 200, 403]
        _, _, body = yt(srv, "search", part="snippet", q="plantbased")
        assert body["error"]["errors"][0]["reason"] == "quotaExceeded"
        assert body["error"]["errors"][0]["domain"] == "youtube.quota"
        assert yt(srv, "videos", part="snippet", id="x")[0] == 200  # 1 unit still fits
        assert srv.stats()["youtube_quota_used"][KEY] == 201


# -- limits and faults --------------------------------------------------------------------------


def test_mastodon_rate_limit_counts_down_then_429s(world: World) -> None:
    with SandboxServer(world, rate_limit=RateLimitConfig(limit=5, window_seconds=2)) as srv:
        url = f"{srv.base_url}/api/v1/timelines/tag/veganrecipes?limit=1"
        # Start at the beginning of a fresh window so the budget does not reset mid-test.
        time.sleep(2 - time.time() % 2 + 0.05)
        remaining = []
        for _ in range(6):
            status, headers, body = fetch(url)
            remaining.append((status, headers["x-ratelimit-remaining"]))
            assert headers["x-ratelimit-reset"].endswith("Z")
        assert remaining == [(200, "4"), (200, "3"), (200, "2"), (200, "1"), (200, "0"), (429, "0")]
        assert json.loads(body) == {"error": "Too many requests"}
        assert srv.stats()["rate_limited_429"] == 1
        time.sleep(2.1)
        assert fetch(url)[0] == 200


@pytest.mark.parametrize("kind", ["429", "500", "slow", "malformed"])
def test_faults_are_transient(world: World, kind: str) -> None:
    faults = FaultConfig.from_dict({kind: 1.0, "slow_seconds": 0.2})
    with SandboxServer(world, faults=faults, rate_limit=RateLimitConfig(enabled=False)) as srv:
        for url in (
            f"{srv.base_url}/api/v1/timelines/tag/veganrecipes?limit=2",
            f"{srv.base_url}/youtube/v3/search?part=snippet&q=veganrecipes&key={KEY}",
        ):
            start = time.perf_counter()
            status, headers, body = fetch(url)
            first_took = time.perf_counter() - start
            if kind == "429":
                assert status == 429
                assert (
                    headers.get("retry-after")
                    or headers.get("x-ratelimit-reset")
                    or headers.get("ratelimit-reset")
                )
            elif kind == "500":
                assert status in (500, 502, 503)
            elif kind == "slow":
                assert status == 200 and first_took >= 0.2
            else:
                assert status == 200
                with pytest.raises(ValueError):
                    json.loads(body)
            status, _, body = fetch(url)
            assert status == 200 and json.loads(body) is not None
        assert srv.stats()["faults_injected"][kind] == 2


def test_faults_switch_at_runtime_and_stats(world: World) -> None:
    with SandboxServer(world, rate_limit=RateLimitConfig(enabled=False)) as srv:
        url = f"{srv.base_url}/api/v1/timelines/tag/plantbased?limit=3"
        assert fetch(url)[0] == 200
        status, _, body = fetch(f"{srv.base_url}/__sandbox__/faults", data=b'{"rate_500": 1.0}')
        assert status == 200 and json.loads(body)["rate_500"] == 1.0
        assert fetch(url)[0] in (500, 502, 503)
        assert fetch(url)[0] == 200
        stats = fetch_json(f"{srv.base_url}/__sandbox__/stats")
        assert stats["requests_total"] == 3 and stats["by_kind"]["mastodon.tag_timeline"] == 2
        assert fetch(f"{srv.base_url}/__sandbox__/faults", data=b'{"bogus": 1}')[0] == 400


def test_advance_endpoint_changes_followers() -> None:
    small = generate_world(
        seed=9, creators=20, posts_per_creator=3, comments_per_post=2, platforms=("mastodon",)
    )
    creator = small.creators[0]
    with SandboxServer(small, rate_limit=RateLimitConfig(enabled=False)) as srv:
        url = f"{srv.base_url}/api/v1/accounts/{creator.mastodon_id}"
        before = fetch_json(url)["followers_count"]
        status, _, body = fetch(f"{srv.base_url}/__sandbox__/advance", data=b"{}")
        assert status == 200 and json.loads(body) == {"epoch": 1, "backdated": []}
        assert fetch_json(url)["followers_count"] == creator.followers[1] != before
        truth = fetch_json(f"{srv.base_url}/__sandbox__/ground-truth")
        assert truth["epoch"] == 1 and len(truth["creators"][0]["followers_by_epoch"]) == 2
        assert fetch(f"{srv.base_url}/robots.txt")[0] == 200


def test_expected_min_requests_counts(world: World) -> None:
    expected = world.expected_min_requests("mastodon", ["veganrecipes"])
    tagged = world.tagged_posts("mastodon", "veganrecipes")
    assert expected["tag_timeline_pages"] == math.ceil(len(tagged) / 40)
    eligible = {p.creator for p in tagged if world.creators[p.creator].opt_out_reason is None}
    assert expected["account_fetches"] == len(eligible)
    limited = world.expected_min_requests("youtube", max_creators=3)
    assert limited["creators"] == 3 and limited["channels_list_requests"] == 1


# -- entry point --------------------------------------------------------------------------------


def test_entry_point_prints_url_and_exits_on_sigterm(tmp_path: Path) -> None:
    truth = tmp_path / "gt.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.sandbox", "serve", "--creators", "8", "--posts", "3",
         "--comments", "3", "--ground-truth", str(truth), "--fault", "500=0.0"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("SANDBOX_URL=http://127.0.0.1:")
        base = line.split("=", 1)[1]
        assert fetch(f"{base}/api/v1/timelines/tag/veganrecipes")[0] == 200
        assert json.loads(truth.read_text())["params"]["creators"] == 8
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


# -- shapes against the recorded samples --------------------------------------------------------


def _sample(name: str) -> Any:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return json.loads(path.read_text())


def _keys(obj: dict[str, Any]) -> set[str]:
    return set(obj)


def test_mastodon_shapes_superset_of_samples(server: SandboxServer, world: World) -> None:
    statuses = fetch_json(f"{server.base_url}/api/v1/timelines/tag/veganrecipes?limit=5")
    ours = statuses[0]
    for name in (
        "mastodon/timelines_tag__hoot__localhost.json",
        "mastodon/statuses_get__fosstodon.org__anonymous.json",
    ):
        sample = _sample(name)
        sample = sample[0] if isinstance(sample, list) else sample
        assert _keys(sample) <= _keys(ours), _keys(sample) - _keys(ours)
        assert _keys(sample["account"]) <= _keys(ours["account"]), _keys(sample["account"]) - _keys(
            ours["account"]
        )
    account = fetch_json(f"{server.base_url}/api/v1/accounts/{ours['account']['id']}")
    for name in ("mastodon/accounts_get__fosstodon.org.json", "mastodon/accounts_lookup__localhost.json"):
        assert _keys(_sample(name)) <= _keys(account)
    context = fetch_json(f"{server.base_url}/api/v1/statuses/{ours['id']}/context")
    assert _keys(_sample("mastodon/statuses_context__fosstodon.org.json")) == _keys(context)


def test_youtube_shapes_superset_of_samples(server: SandboxServer, world: World) -> None:
    # Not requested parts, fields the API dropped (dislikeCount, channel commentCount), paging tokens
    # that depend on the page, and defaultLanguage, which only videos with a set language carry.
    optional = {"dislikeCount", "commentCount", "prevPageToken", "nextPageToken", "player", "contentDetails"}
    optional |= {"status", "brandingSettings", "defaultLanguage"}

    def check(ours: dict[str, Any], sample: dict[str, Any], path: str = "") -> None:
        missing = _keys(sample) - _keys(ours) - optional
        assert not missing, (path, missing)

    _, _, search = yt(server, "search", part="snippet", q="veganrecipes", maxResults="3")
    sample = _sample("youtube/search_list__keywords__page1.json")
    check(search, sample)
    check(search["items"][0], sample["items"][0], "search.item")
    check(search["items"][0]["snippet"], sample["items"][0]["snippet"], "search.snippet")
    video = next(
        p
        for p in world.visible_posts("youtube")
        if p.n_comments and not world.creators[p.creator].hidden_likes
    )
    _, _, videos = yt(server, "videos", part="snippet,statistics", id=video.post_id)
    sample = _sample("youtube/videos_list__snippet_statistics.json")
    check(videos, sample)
    check(videos["items"][0]["snippet"], sample["items"][0]["snippet"], "video.snippet")
    check(videos["items"][0]["statistics"], sample["items"][0]["statistics"], "video.statistics")
    creator = world.creators[video.creator]
    _, _, channels = yt(server, "channels", part="snippet,statistics", id=creator.channel_id)
    sample = _sample("youtube/channels_list__statistics.json")
    check(channels, sample)
    check(
        channels["items"][0]["snippet"],
        {k: v for k, v in sample["items"][0]["snippet"].items() if k != "country"},
    )
    _, _, threads = yt(
        server, "commentThreads", part="snippet,replies", videoId=video.post_id, maxResults="2"
    )
    sample = _sample("youtube/commentThreads_list__videoId__page1.json")
    check(threads, sample)
    check(threads["items"][0]["snippet"], sample["items"][0]["snippet"], "thread.snippet")
    top, top_sample = (
        threads["items"][0]["snippet"]["topLevelComment"],
        sample["items"][0]["snippet"]["topLevelComment"],
    )
    check(top["snippet"], top_sample["snippet"], "comment.snippet")
    assert isinstance(top["snippet"]["likeCount"], int)
    assert all(isinstance(v, str) for k, v in videos["items"][0]["statistics"].items())


def test_youtube_key_in_header_is_accepted(server: SandboxServer) -> None:
    url = f"{server.base_url}/youtube/v3/videos?part=snippet&id=none"
    request = urllib.request.Request(url, headers={"X-Goog-Api-Key": KEY})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    bad = urllib.request.Request(url, headers={"X-Goog-Api-Key": "wrong"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(bad)
    assert info.value.code == 400


# -- conversation quality over HTTP -------------------------------------------------------------


def question_posts(world: World, platform: str) -> list[Post]:
    return [p for p in world.visible_posts(platform)
            if "question_rich" in world.creators[p.creator].kinds and p.n_answers and not p.comments_disabled]


def test_mastodon_answers_reply_to_the_question(server: SandboxServer, world: World) -> None:
    checked = 0
    for post in question_posts(world, "mastodon")[:5]:
        comments = world.comments(post)
        context = fetch_json(f"{server.base_url}/api/v1/statuses/{post.post_id}/context")
        by_id = {s["id"]: s for s in context["descendants"]}
        creator_id = world.creators[post.creator].mastodon_id
        for question in (c for c in comments if c.conversation == "product_question"):
            answers = [s for s in context["descendants"]
                       if s["in_reply_to_id"] == question.comment_id and s["account"]["id"] == creator_id]
            assert len(answers) == sum(1 for c in comments if c.parent == question.index and c.is_creator_reply)
            for answer in answers:
                assert answer["in_reply_to_account_id"] == by_id[question.comment_id]["account"]["id"]
                checked += 1
    assert checked >= 3


def test_youtube_answers_are_replies_in_the_question_thread(server: SandboxServer, world: World) -> None:
    checked = 0
    for post in question_posts(world, "youtube")[:5]:
        _, _, body = yt(server, "commentThreads", part="snippet,replies", videoId=post.post_id, maxResults="100")
        threads = {t["id"]: t for t in body["items"]}
        creator = world.creators[post.creator]
        for question in (c for c in world.comments(post) if c.conversation == "product_question"):
            replies = threads[question.comment_id].get("replies", {}).get("comments", [])
            answers = [r for r in replies if r["snippet"]["authorChannelId"]["value"] == creator.channel_id]
            assert len(answers) == sum(1 for c in world.comments(post) if c.parent == question.index
                                       and c.is_creator_reply)
            assert all(r["snippet"]["parentId"] == question.comment_id for r in answers)
            checked += len(answers)
    assert checked >= 3
