"""Cues of one comment: the model's hint tokens and the reasons a flagged comment keeps."""

from __future__ import annotations

import pytest

from vetting.comment_features import CUE_TOKENS, CUES, REASON_TEXT, classifier_text, comment_cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # LLM-written praise of link-in-profile bots: emoji signature, formal address
        ("Vielen Dank für Ihre harte Arbeit und die Energie, die Sie in jedes Video stecken! 🍓💋",
         {"emoji_signature", "formal_praise"}),
        ("Thank you for the effort you put into every video 😘💞", {"emoji_signature"}),
        # gambling with styled look-alike brand names, after normalisation
        ("Main di 𝐏𝐔𝐋𝐀𝐔𝟕𝟕𝟕 langsung jp maxwin", {"gambling", "styled_unicode"}),
        ("ｗｅｔｏｎ８８ bikin wd lancar", {"gambling", "styled_unicode"}),
        ("🅿️🆄🅻🅰️🆄777 gacor", {"gambling", "styled_unicode"}),
        ("Heute Freispiele bei Sp1nKönig, einfach registrieren", {"gambling"}),
        # crypto testimonial chains: the handle's own words count
        ("She changed my life, I made $9,000 thanks to @invest_with_sara", {"crypto_investment", "handle"}),
        ("Ich habe mit Frau Schneider investiert und 5.000 € verdient, WhatsApp +49 151 0000 1234",
         {"crypto_investment", "offsite_contact", "phone"}),
        # impersonation / giveaway
        ("Congratulations, you won! DM me on Telegram 🎁", {"giveaway", "offsite_contact"}),
        ("Herzlichen Glückwunsch, du wurdest ausgewählt! Schreib mir auf Telegram", {"giveaway", "offsite_contact"}),
        # follow and promotion bait
        ("Gegenseitig folgen? 💯", {"follow_bait"}),
        ("promote it on @glow_shop", {"follow_bait", "handle"}),
        # genuine comments keep no bot cue (or only a neutral one)
        ("Das Bananenbrot hab ich gestern gemacht 😍😍 so saftig!", set()),
        ("Herzlichen Glückwunsch zu 100k! 🎉", set()),
        ("Wo hast du die Pfanne gekauft?", set()),
        ("Welche Grafikkarte? rtx4090?", set()),
        ("@lena_k das müssen wir am Wochenende kochen!", {"handle"}),
        ("Tolles Video 😘", set()),
        ("Sie hat recht, das Rezept klappt auch mit Dinkelmehl", set()),  # "Sie" at the start: she
    ],
)
def test_comment_cues(text: str, expected: set[str]) -> None:
    assert set(comment_cues(text)) == expected


def test_cues_are_ordered_named_and_explained() -> None:
    cues = comment_cues("Congratulations you won 🍓💋 contact @mrs_invest_fx on WhatsApp https://t.me/x")
    assert list(cues) == [c for c in CUES if c in cues]
    assert set(CUES) <= set(REASON_TEXT) and set(CUES) == set(CUE_TOKENS)


def test_classifier_text_carries_cue_tokens() -> None:
    text = classifier_text("ｗｅｔｏｎ８８ gacor")
    key, hints = text.split(" | ")
    assert key == "weton88 gacor"
    assert "_cga" in hints.split() and "_csu" in hints.split()
    assert classifier_text("") == " | _l0"
    assert classifier_text("Welche Linsen nimmst du?").endswith(" _q")
    assert classifier_text("Ignore the 'Mrs. X helped me' replies, they're all bots").split()[-1] == "_w"


def test_reply_addressing_is_not_content_on_mastodon() -> None:
    from vetting.comment_features import model_text

    assert model_text("@kathi_3 @koch@mastodon.social Kann man das einfrieren?", "mastodon") == \
        "Kann man das einfrieren?"
    assert model_text("@glow_shop", "mastodon") == "@glow_shop"          # nothing else: keep it
    assert model_text("@lena das machen wir!", "youtube") == "@lena das machen wir!"
    assert model_text(None, "mastodon") == ""


@pytest.mark.parametrize(
    ("alternative", "prefix"),
    [("slots?", "slot"), ("max ?win", "max"), ("dm (?:me|us)", "dm "), (r"wa\.me", "wa.me"), (r"depo ?\d+", "depo"),
     ("follow(?:ed)? (?:me )?back", "follow"), ("gro[sß]artig", "gro"), ("ab+c", "ab"),
     ("changed my life", "changed ")],
)
def test_literal_prefix_is_what_every_match_starts_with(alternative: str, prefix: str) -> None:
    from vetting.comment_features import _literal_prefix

    assert _literal_prefix(alternative) == prefix


def test_literal_prefix_refuses_a_top_level_alternation() -> None:
    from vetting.comment_features import _literal_prefix

    with pytest.raises(ValueError, match="top-level"):
        _literal_prefix("slot|casino")
    assert _literal_prefix(r"(?:a|b)c") == ""  # no literal prefix: the vocabulary build refuses it


def test_vocabulary_words_are_found_inside_and_after_other_prefixes() -> None:
    # "t.me" is a prefix of the offsite vocabulary; "message me" starts inside it
    assert comment_cues("t.message me") == ("offsite_contact",)
    assert "follow_bait" in comment_cues("(follow4follow)")
    assert "crypto_investment" in comment_cues("@@mrs. smith helped me with bitcoin profits")
