"""Tests for vetting.textnorm.normalize_comment."""

from __future__ import annotations

import pytest

from vetting.comment_features import classifier_text
from vetting.textnorm import normalize_comment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Cyrillic / Greek look-alikes inside Latin words
        ("сhеck my раgе", "check my page"),
        ("Fοllοw mе", "follow me"),
        # mathematical and small-capital fonts
        ("𝓯𝓸𝓵𝓵𝓸𝔀 𝓶𝓮", "follow me"),
        ("ᴅᴍ ᴜs ғᴏʀ ᴄᴏʟʟᴀʙ", "dm us for collab"),
        # combining marks decorating Latin letters
        ("get in touch with hāźeł_mcẹ̀wǝṅ", "get in touch with hazel_mcewen"),
        # letters spaced or dotted apart
        ("f o l l o w  m e", "follow me"),
        ("F O L L O W", "follow"),
        ("c.h.e.c.k my profile", "check my profile"),
        ("f-o-l-l-o-w back", "follow back"),
        # obfuscated links
        ("visit example[.]com now", "visit url now"),
        ("mysite dot com", "url"),
        ("hxxps://bad.example.xyz/win", "url"),
        ("linktr.ee/shop and https://t.me/x", "url and url"),
        # byte-order mark and zero-width characters
        ("Nice song\ufeff", "nice song"),
        ("fo\u200bllow", "follow"),
        # HTML entities and tags
        ("it&#39;s great<br />really", "it's great really"),
        ('see <a href="http://x.co/a">this</a>', "see url this"),
        ("&amp;#39;quoted&amp;#39;", "'quoted'"),
        # handles, e-mails, phone numbers, crypto addresses, amounts
        ("DM @xyz_shop now", "dm @user now"),
        ("write to john.doe@mail.example.com", "write to email"),
        ("WhatsApp +49 170 1234567", "whatsapp phonenumber"),
        ("0x800e9d435dcef7a5d43be2bbc5b5cb280fcdbfff", "cryptoaddress"),
        ("I made $5,000 and 12.000 €", "i made $5000 and 12000 €"),
        ("1,5 kg Mehl", "1,5 kg mehl"),
        # repeated characters are capped at three
        ("Soooooo good 😍😍😍😍😍", "sooo good 😍😍😍"),
    ],
)
def test_normalize_comment(raw: str, expected: str) -> None:
    assert normalize_comment(raw) == expected


def test_abbreviations_and_real_cyrillic_survive() -> None:
    assert normalize_comment("z.B. und d.h. sind ok") == "z.b. und d.h. sind ok"
    assert normalize_comment("привет как дела") == "привет как дела"


def test_empty_and_whitespace() -> None:
    assert normalize_comment("") == ""
    assert normalize_comment(" \n\t ") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toll! 😍", "toll! 😍 | _l0"),
        ("", " | _l0"),
        # domain words follow the key (handles give none: the store keeps them as pseudonyms)
        ("DM @crypto_Trade.fx99 now", "dm @user now | _l0 _cof _cha"),
        ("𝓒𝓸𝓷𝓽𝓪𝓬𝓽 @ᴍᴀʀᴋ_ꜰx", "contact @user | _l0 _cof _csu _cha"),
        ("see hxxps://www.bit[.]ly/x and shop dot com", "see url and url | _l1 bit ly shop com _cli"),
        ("mail me: anna@example.com", "mail me: email | _l0 _cof"),
        ("ok " * 9, "ok ok ok ok ok ok ok ok ok | _l2"),
        ("ok " * 60, " ".join(["ok"] * 60) + " | _l4"),
    ],
)
def test_classifier_text(raw: str, expected: str) -> None:
    assert classifier_text(raw) == expected
    assert classifier_text(raw).startswith(normalize_comment(raw) + " | ")
