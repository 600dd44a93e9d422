"""Store-wide evidence: templates across creators, hopping and always-first commenters."""

from __future__ import annotations

from vetting.networks import (
    HOP_MIN_CREATORS,
    HOP_WINDOW_HOURS,
    TEMPLATE_MIN_CREATORS,
    ContextBuilder,
    comment_skeleton,
    hopping,
)

HOUR = 3600.0
LLM = "Vielen Dank für Ihre harte Arbeit und die Energie, die Sie in jedes Video stecken!"


def test_skeleton_masks_emoji_handles_links_and_numbers() -> None:
    assert comment_skeleton(LLM + " 🍓💋") == comment_skeleton("🍒😘 " + LLM.upper())
    assert comment_skeleton("Made 3 bowls for @anna_k, see https://x.example/r and enjoy it") == \
        comment_skeleton("Made 12 bowls for @ben, see www.y.example and enjoy it!!")
    assert comment_skeleton("Danke für das Rezept 😍") is None  # fewer than six words


def test_templates_need_three_creators() -> None:
    builder = ContextBuilder()
    for i in range(TEMPLATE_MIN_CREATORS - 1):
        builder.add(("youtube", f"c{i}"), [comment_skeleton(LLM)], [])
    assert builder.build().templates == {}
    builder.add(("mastodon", "c9"), [comment_skeleton(LLM)], [])
    context = builder.build()
    assert context.templates == {comment_skeleton(LLM): TEMPLATE_MIN_CREATORS}
    assert context.reasons(comment_skeleton(LLM), None) == ("cross_creator_template",)


def test_hopping_needs_many_creators_within_the_window() -> None:
    spread = [(i * (HOP_WINDOW_HOURS + 1) * HOUR, ("youtube", f"c{i}")) for i in range(6)]
    assert hopping(spread) == 1
    burst = [(i * 20 * 60.0, ("youtube", f"c{i}")) for i in range(HOP_MIN_CREATORS)]
    assert hopping(burst) == HOP_MIN_CREATORS
    # many comments under one creator are one creator
    assert hopping([(i * 60.0, ("youtube", "c1")) for i in range(20)]) == 1


def test_builder_finds_hoppers_and_first_commenters_not_fans() -> None:
    builder = ContextBuilder()
    for i in range(5):
        creator = ("youtube", f"c{i}")
        events = [
            ("bot", 1000.0 + i * 600, 120.0, f"p{i}"),             # 2 minutes after posting, 5 creators in 1 hour
            ("fan", 1000.0 + i * 2 * 86400 * 3, 7200.0, f"p{i}"),  # one creator every six days, hours later
        ]
        builder.add(creator, [], events)
    context = builder.build()
    assert set(context.hoppers) == {"bot"} and set(context.first_commenters) == {"bot"}
    assert context.reasons(None, "bot") == ("hopping_commenter", "first_commenter")
    assert context.reasons(None, "fan") == ()
