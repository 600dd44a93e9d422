"""Sponsored-post detection in several languages, brands, and the sponsored/organic ratio."""

from __future__ import annotations

import pytest

from vetting.sponsored import detect_sponsored, sponsored_vs_organic


@pytest.mark.parametrize("text", [
    "Mein neues Curry #ad",
    "Lecker! #Anzeige",
    "#werbung Linsensuppe",
    "Soup season #sponsored",
    "Dinner #partner",
    "Nouvelle recette #publicité",
    "Nouvelle recette #pub",
    "Receta nueva #publi",
    "Ricetta #adv",
    "Bowl #spon",
    "Paid partnership with @oatly",
    "Bezahlte Partnerschaft mit Hafervoll",
    "In Kooperation mit @soyasonne entstanden",
    "Ricetta in collaborazione con @kokoskraft",
    "Receta en colaboración con @nuttybay",
    "Recette en partenariat avec @tofutown",
    "This video is sponsored by GreenSpoon",
    "Gesponsert von Linsenliebe",
    "Mit dem Rabattcode VEGAN10 spart ihr",
    "Use my discount code at checkout",
    "Use code GREEN20 for 20 % off",
    "Werbung | Curry mit @hafervoll",
    "[Anzeige] Neues Rezept",
    "Anzeige: in Zusammenarbeit mit @soyasonne",
])
def test_disclosures_detected(text: str) -> None:
    assert detect_sponsored(text).sponsored, text


@pytest.mark.parametrize("text", [
    "My #adventure in the kitchen",
    "#advent cookies",
    "#pubquiz tonight",
    "Ich hasse Werbung vor Videos, deshalb gibt es hier keine",
    "Kein Ad hoc Rezept, sondern lange geplant",
    "This is not sponsored, I just love @oatly",
    "Not sponsored by anyone",
    "Wir sind Partner im Leben",
    "Der Code ist auf GitHub",
])
def test_false_positives(text: str) -> None:
    assert not detect_sponsored(text).sponsored, text


def test_hashtags_column_counts_too() -> None:
    assert detect_sponsored("Neues Curry", ["vegan", "Anzeige"]).sponsored
    assert not detect_sponsored("Neues Curry", ["vegan", "adventure"]).sponsored


def test_unpaid_disclosure_is_flagged() -> None:
    m = detect_sponsored("Unbezahlte Werbung wegen Markennennung: ich liebe @tofutown_shop")
    assert m.sponsored and m.unpaid
    assert m.brands == ("@tofutown_shop",)
    assert detect_sponsored("Werbung wegen Markennennung").unpaid
    paid = detect_sponsored("#ad paid partnership with @greenspoon")
    assert paid.sponsored and not paid.unpaid


def test_brands_near_disclosure_exclude_own_handle() -> None:
    m = detect_sponsored("#ad GreenSpoon (@greenspoon) x @hafervoll – danke an @anna_kocht",
                         creator_handle="@anna_kocht")
    assert m.brands == ("@hafervoll", "@greenspoon")
    assert detect_sponsored("In Kooperation mit Hafervoll entstanden").brands == ("Hafervoll",)
    # a mention far from any disclosure and without "with/mit/x" is not a brand
    far = "Danke @oma_rezepte für die Idee! " + "Sehr lecker und einfach. " * 8 + "#ad"
    assert "@oma_rezepte" not in detect_sponsored(far).brands
    assert detect_sponsored("Just dinner with @friend").brands == ()


def test_sponsored_vs_organic_ratio() -> None:
    assert sponsored_vs_organic([0.01, 0.02, 0.03], [0.04, 0.04, 0.05, 0.03]) == pytest.approx(0.02 / 0.04)
    assert sponsored_vs_organic([0.01], [0.04, 0.04]) is None
    assert sponsored_vs_organic([0.01, 0.02], [0.0, 0.0]) is None


@pytest.mark.parametrize(("text", "hashtags", "sponsored"), [
    # TikTok's Research API lists hashtags without "#" in hashtag_names, apart from the description.
    ("Neues Rezept 🍝 schnell gemacht", ["ad", "foodtok"], True),
    ("Neues Rezept", ["werbung"], True),
    ("Werbung: Pasta mit @nudelwerk", [], True),
    ("pasta night", ["fyp", "adventure"], False),
    # Instagram's caption form of the "Paid partnership" label.
    ("Paid partnership with @oatly – mein Hafer-Porridge", [], True),
    ("Bezahlte Partnerschaft mit @hafervoll", [], True),
])
def test_platform_disclosure_conventions(text: str, hashtags: list[str], sponsored: bool) -> None:
    assert detect_sponsored(text, hashtags).sponsored is sponsored
