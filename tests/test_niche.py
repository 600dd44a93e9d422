"""Niche fit: ranking, explanation terms, hashtag splitting and expansion, determinism."""

from __future__ import annotations

import pytest

from vetting.niche import CreatorText, NicheError, expand_hashtags, score_niche

NICHE = "vegane Küche, plant-based recipes, meal prep"


def _creators() -> list[CreatorText]:
    return [
        CreatorText(("mastodon", "vegan_de"), "Vegane Küche aus Berlin 🌱 Rezepte für jeden Tag", [
            ("v1", "Meine vegane Bowl mit Kichererbsen #VeganRecipes #mealprep", ["veganrecipes", "mealprep"], "u/v1"),
            ("v2", "Meal Prep Sonntag: 5 vegane Rezepte für die ganze Woche", ["mealprep", "vegan"], "u/v2"),
            ("v3", "Urlaub am Meer 🌊", ["urlaub"], "u/v3"),
        ]),
        CreatorText(("mastodon", "plant_en"), "Plant-based cook. Easy recipes, batch cooking.", [
            ("e1", "Plant-based lasagne, my easiest weeknight recipe", ["plantbased", "vegan"], "u/e1"),
            ("e2", "Sunday meal prep: three bowls for the week", ["mealprep", "plantbased"], "u/e2"),
        ]),
        CreatorText(("mastodon", "cars"), "Cars, engines and racing", [
            ("c1", "New turbo engine on the test bench #cars", ["cars", "racing"], "u/c1"),
            ("c2", "Track day with the team", ["trackday", "cars"], "u/c2"),
        ]),
        CreatorText(("mastodon", "fitness"), "Gym, lifting, protein", [
            ("f1", "Leg day and a protein shake recipe", ["fitness", "gym"], "u/f1"),
            ("f2", "Deadlift PR today", ["gym", "powerlifting"], "u/f2"),
        ]),
        CreatorText(("youtube", "empty"), None, []),
    ]


def test_on_niche_creators_rank_above_off_niche():
    fits = score_niche(NICHE, [], _creators())
    assert set(fits) == {c.key for c in _creators()}
    on = [fits[("mastodon", "vegan_de")].score, fits[("mastodon", "plant_en")].score]
    off = [fits[("mastodon", "cars")].score, fits[("mastodon", "fitness")].score, fits[("youtube", "empty")].score]
    assert min(on) > 0.5
    assert max(off) < 0.2
    assert max(on) == 1.0
    assert fits[("mastodon", "cars")].score == 0.0
    assert fits[("mastodon", "cars")].terms == [] and fits[("mastodon", "cars")].top_posts == []
    assert all(0.0 <= f.score <= 1.0 for f in fits.values())


def test_terms_and_top_posts_explain_the_match():
    fit = score_niche(NICHE, [], _creators())[("mastodon", "vegan_de")]
    assert "meal prep" in fit.terms
    assert {"vegane", "küche"} & set(fit.terms)
    assert len(fit.terms) <= 8
    post_ids = [p["post_id"] for p in fit.top_posts]
    assert "v3" not in post_ids  # the holiday post is off-niche
    assert set(post_ids) == {"v1", "v2"}
    first = fit.top_posts[0]
    assert set(first) == {"post_id", "url", "score", "terms", "excerpt"}
    assert first["url"] == f"u/{first['post_id']}"
    assert fit.top_posts[0]["score"] >= fit.top_posts[1]["score"] > 0


def test_hashtags_are_split_into_words():
    # the only link between query and creator is a glued hashtag
    creators = [
        CreatorText(("m", "a"), "Kitchen diary. Recipes and bowls", [("a1", "Lunch", ["veganrecipes"], None)]),
        CreatorText(("m", "b"), "Travel diary", [("b1", "Lisbon", ["travel"], None)]),
    ]
    fits = score_niche("vegan", [], creators, expand=False)
    assert fits[("m", "a")].score > 0
    assert "vegan" in fits[("m", "a")].terms
    assert fits[("m", "b")].score == 0.0


def test_expand_hashtags_ranks_specific_co_occurring_tags():
    posts = [
        ["vegan", "plantbased", "love"],
        ["vegan", "plantbased"],
        ["vegan", "tofu", "love"],
        ["vegan", "tofu"],
        ["vegan", "cars"],
        ["love", "cars"], ["love"], ["love"], ["love", "travel"],
    ]
    # plantbased: co 2, n 2 -> 2.0; tofu: co 2, n 2 -> 2.0; love: co 2, n 6 -> 0.67; cars: co 1 (dropped)
    assert expand_hashtags(["#Vegan"], posts) == ["plantbased", "tofu", "love"]
    assert expand_hashtags(["vegan"], posts, top=1) == ["plantbased"]
    assert expand_hashtags([], posts) == []


def test_expansion_enriches_the_query():
    creators = [
        CreatorText(("m", "seed"), "Vegan food", [(f"s{i}", "Dinner", ["vegan", "tempeh"], None) for i in range(3)]),
        CreatorText(("m", "tempeh"), "Fermented soy blocks", [("t1", "Marinated", ["tempeh"], None)]),
        CreatorText(("m", "other"), "Skateboarding", [("o1", "Kickflip", ["skate"], None)]),
    ]
    plain = score_niche(None, ["vegan"], creators, expand=False)
    expanded = score_niche(None, ["vegan"], creators, expand=True)
    assert plain[("m", "tempeh")].score == 0.0
    assert expanded[("m", "tempeh")].score > 0.0
    assert "tempeh" in expanded[("m", "tempeh")].terms
    assert expanded[("m", "other")].score == 0.0
    assert expanded[("m", "seed")].score == 1.0


def test_deterministic_and_order_independent():
    first = score_niche(NICHE, ["vegan"], _creators())
    second = score_niche(NICHE, ["vegan"], list(reversed(_creators())))
    assert first == second


def test_empty_query_is_an_error_and_no_creators_is_empty():
    with pytest.raises(NicheError, match="no niche"):
        score_niche("  ,, ", [], _creators())
    assert score_niche("vegan", [], []) == {}
    texts_free = [CreatorText(("m", "x"), None, [("x1", None, [], None)])]
    assert score_niche("vegan", [], texts_free)[("m", "x")].score == 0.0


def test_disclosure_labels_are_not_niche_terms():
    creators = [
        CreatorText(("mastodon", "ads"), None, [
            (f"a{i}", f"Anzeige: neues Rezept für vegane Bowl #anzeige #werbung #ad {i}",
             ["anzeige", "werbung", "ad"], None) for i in range(3)]),
        CreatorText(("mastodon", "other"), None, [("o1", "Vegane Bowl Rezept", ["vegan"], None)]),
    ]
    fits = score_niche("vegane Rezepte, Anzeige", [], creators)
    terms = {t.lower() for fit in fits.values() for t in fit.terms}
    assert terms and not terms & {"anzeige", "werbung", "ad"}
