"""Audience language: detection on a known multilingual sample, skipping, sampling, reproducibility."""

from __future__ import annotations

import pytest

from vetting import language
from vetting.language import (
    LanguageProfile,
    clean_for_detection,
    creator_language,
    detect_language,
    language_profile,
    market_language_rate,
)

GERMAN = [
    "Das sieht wirklich lecker aus, muss ich am Wochenende nachkochen!",
    "Ich liebe dieses Rezept so sehr, danke fürs Teilen",
    "Wie lange muss das im Ofen bleiben?",
    "Bitte mehr davon, meine Kinder essen das gerne",
    "Habe ich gestern ausprobiert und es war super",
    "Kann man statt Hafermilch auch Sojamilch nehmen?",
]
ENGLISH = [
    "This looks amazing, I need to try this recipe this weekend",
    "How long does it stay in the oven?",
    "Made this yesterday and my whole family loved it",
]
FRENCH = ["Trop bon, je vais essayer ce soir avec mes enfants"]
SHORT = ["🔥🔥🔥", "nice!!", "@anna 😍😍", "wow", "https://example.com/abc #vegan", ""]


def test_detects_sentences_in_three_languages():
    assert [detect_language(t) for t in GERMAN] == ["de"] * len(GERMAN)
    assert [detect_language(t) for t in ENGLISH] == ["en"] * len(ENGLISH)
    assert detect_language(FRENCH[0]) == "fr"


def test_short_and_emoji_only_texts_are_skipped():
    for text in SHORT:
        assert clean_for_detection(text) is None
        assert detect_language(text) is None
    assert clean_for_detection("Sooo lecker 😍 https://x.de/a @anna #vegan") is None  # 10 letters
    assert clean_for_detection("Sooo lecker gekocht 😍 @anna") == "Sooo lecker gekocht"


def test_profile_shares_on_known_sample():
    profile = language_profile(GERMAN + ENGLISH + FRENCH + SHORT)
    assert profile.analysed == 10
    assert profile.skipped == len(SHORT)
    assert profile.shares == {"de": 0.6, "en": 0.3, "fr": 0.1}
    assert list(profile.shares) == ["de", "en", "fr"]
    assert market_language_rate(profile, "de") == 0.6
    assert market_language_rate(profile, "DE-at") == 0.6
    assert market_language_rate(profile, "it") == 0.0
    assert market_language_rate(profile, None) is None


def test_market_rate_is_none_with_too_few_texts():
    profile = language_profile(GERMAN[:3] + SHORT)
    assert profile.analysed == 3
    assert market_language_rate(profile, "de") is None


def test_sample_is_bounded_and_reproducible():
    texts = [f"{t} {'nochmal ' * (i % 3)}" for i, t in enumerate((GERMAN + ENGLISH) * 20)]
    first = language_profile(texts, sample_size=15, seed=7)
    language._classify.cache_clear()
    language._langdetect_cached.cache_clear()
    second = language_profile(texts, sample_size=15, seed=7)
    assert first == second
    assert first.analysed == 15
    assert abs(sum(first.shares.values()) - 1.0) < 1e-3
    other_seed = [language_profile(texts, sample_size=15, seed=s).shares for s in range(5)]
    assert len({tuple(sorted(s.items())) for s in other_seed}) > 1  # the seed does choose the sample


def test_sample_size_must_be_positive():
    with pytest.raises(ValueError, match="sample_size"):
        language_profile(GERMAN, sample_size=0)


def test_creator_language_votes_and_declared_prior():
    assert creator_language(GERMAN[:3] + ENGLISH[:1]) == "de"
    # one German and one English post: the declared language breaks the tie
    assert creator_language([GERMAN[0], ENGLISH[0]], declared=["en"]) == "en"
    assert creator_language([GERMAN[0], ENGLISH[0]], declared=["de-DE"]) == "de"
    # declared never outvotes detected posts
    assert creator_language(GERMAN[:2], declared=["en"]) == "de"
    # no usable text: the declared language, else None
    assert creator_language(["🔥", None], declared=[None, "fr"]) == "fr"
    assert creator_language(["🔥"]) is None


def test_empty_profile():
    assert language_profile([]) == LanguageProfile(shares={}, analysed=0, skipped=0)
