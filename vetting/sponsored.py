"""Sponsored-post detection, prior brand collaborations and sponsored vs organic engagement.

A post is *sponsored* when its text or hashtags carry an advertising disclosure in one of the
languages below (word-boundary aware, case-insensitive): disclosure hashtags (``#ad``,
``#anzeige``, ``#werbung``, ``#sponsored``, ``#partner``, ``#publicité``/``#pub``, ``#publi``,
``#adv``, ``#spon`` ...), phrases ("paid partnership", "bezahlte Partnerschaft", "in Kooperation
mit", "sponsored by", "en partenariat avec", "in collaborazione con", "en colaboración con" ...),
discount codes ("Rabattcode", "discount code", "code VEGAN20 for 20 %") and the label words
"Werbung"/"Anzeige"/"Advertisement" used *as a label* (at the start of a line or in brackets,
followed by ``:``, ``|``, a dash or the end of the line). The word "Werbung" inside an ordinary
sentence ("ich hasse Werbung vor Videos") is not a disclosure, nor is ``#adventure``.

German "unbezahlte Werbung" / "Werbung wegen Markennennung" / "Werbung ohne Auftrag" are
disclosures too (the law asks creators to label brand mentions) but flagged ``unpaid``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "MIN_EACH",
    "SPONSOR_HASHTAGS",
    "SponsoredMatch",
    "detect_sponsored",
    "sponsored_vs_organic",
]

MIN_EACH = 2  # sponsored and organic posts with a known ER needed for the ratio

SPONSOR_HASHTAGS = frozenset({
    "ad", "ads", "anzeige", "werbung", "sponsored", "sponsoredpost", "sponsor", "partner", "paidpartnership",
    "publicité", "publicite", "pub", "publi", "publicidad", "pubblicità", "pubblicita", "adv", "spon",
    "advertisement", "advertising", "bezahltepartnerschaft", "reklame", "gesponsert", "sponsorisé", "sponsorise",
    "patrocinado", "sponsorizzato",
})
UNPAID_HASHTAGS = frozenset({"unbezahltewerbung", "werbungohneauftrag", "markennennung", "unpaidad"})

_PHRASES = (
    "paid partnership", "bezahlte partnerschaft", "in kooperation mit", "in zusammenarbeit mit",
    "in collaborazione con", "en colaboración con", "en colaboracion con", "en partenariat avec",
    "in samenwerking met", "sponsored by", "gesponsert von", "gesponsert durch", "sponsorisé par",
    "sponsorise par", "patrocinado por", "sponsorizzato da", "powered by", "rabattcode", "gutscheincode",
    "discount code", "promo code", "code promo", "codice sconto", "código de descuento", "codigo de descuento",
    "kortingscode", "use my code", "mit meinem code",
)
_UNPAID_PHRASES = (
    "unbezahlte werbung", "werbung wegen markennennung", "werbung ohne auftrag", "unbeauftragte werbung",
    "werbung unbezahlt", "unpaid ad",
)
# Phrases that contain a disclosure word but deny it.
_NEGATIONS = ("not sponsored", "nicht gesponsert", "no sponsor", "kein sponsoring", "keine werbung")

_WORD = r"[\w\u00c0-\u024f]"
_PHRASE_RE = re.compile(r"(?<!" + _WORD + r")(" + "|".join(re.escape(p) for p in _PHRASES) + r")(?!" + _WORD + r")",
                        re.IGNORECASE)
_UNPAID_RE = re.compile(r"(?<!" + _WORD + r")(" + "|".join(re.escape(p) for p in _UNPAID_PHRASES) + r")(?!"
                        + _WORD + r")", re.IGNORECASE)
_NEGATION_RE = re.compile("|".join(re.escape(p) for p in _NEGATIONS), re.IGNORECASE)
_NEGATED_BEFORE_RE = re.compile(r"(?<!\w)(?:not|nicht|kein|keine|no|non|sin|pas|niet)\s*$", re.IGNORECASE)
_HASHTAG_RE = re.compile(r"(?<![\w#&])#(" + _WORD + r"+)")
# "Werbung:" / "[Anzeige]" / "Werbung |" / "*Ad*" as a label: line start or bracket before, a
# separator or the line end after.
_LABEL_RE = re.compile(
    r"(?:^|[\[(*])[ \t]*(werbung|anzeige|reklame|advertisement|sponsored|publicité|pubblicità|publicidad|ad)"
    r"[ \t]*(?=[:|\])*\-–—]|$)",
    re.IGNORECASE | re.MULTILINE,
)
# "code VEGAN20 for 20 %" / "Code GREEN15 = 15% off": an upper-case code next to a percentage.
_CODE_RE = re.compile(r"\b[Cc]ode:?\s+[A-Z][A-Z0-9]{2,}\b[^\n%]{0,40}?\d{1,2}\s?%|\d{1,2}\s?%[^\n]{0,40}?\b[Cc]ode:?"
                      r"\s+[A-Z][A-Z0-9]{2,}\b")
_MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_][\w.]*[\w])(?:@[\w.-]+\w)?")
# "with @brand", "mit @brand", "x @brand", "avec @brand", "con @brand", "met @brand", "by @brand".
_WITH_MENTION_RE = re.compile(r"(?:\b(?:with|mit|x|avec|con|met|by|von|par|por|da)\b|[×&+])\s*@([A-Za-z0-9_][\w.]*\w)",
                              re.IGNORECASE)
# "in Kooperation mit GreenSpoon" (a capitalised name without @).
_WITH_NAME_RE = re.compile(
    r"(?i:paid partnership with|bezahlte partnerschaft mit|in kooperation mit|in zusammenarbeit mit|sponsored by|"
    r"gesponsert von|en partenariat avec|in collaborazione con|en colaboración con|in samenwerking met|"
    r"sponsorisé par|patrocinado por|sponsorizzato da)\s+(?!@)([A-ZÄÖÜ][\w&'’-]+(?:\s[A-ZÄÖÜ][\w&'’-]+)?)",
)
_NEAR = 120  # characters around a disclosure in which an @mention counts as the brand


@dataclass(frozen=True)
class SponsoredMatch:
    """Whether a post discloses advertising, which markers did, and the brands named."""

    sponsored: bool
    unpaid: bool = False
    markers: tuple[str, ...] = ()
    brands: tuple[str, ...] = field(default=())


def _normalise_handle(handle: str | None) -> str | None:
    if not handle:
        return None
    return handle.lstrip("@").split("@")[0].lower().rstrip(".")


def detect_sponsored(text: str | None, hashtags: Iterable[str] = (), *, creator_handle: str | None = None
                     ) -> SponsoredMatch:
    """Detect an advertising disclosure in ``text`` (and the post's ``hashtags``) and the brands
    it names: @mentions within 120 characters of a disclosure, "with/mit/x @brand" anywhere in a
    sponsored post, and capitalised names after "in Kooperation mit"-style phrases; the creator's
    own handle is never a brand."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    markers: list[str] = []
    unpaid = False
    for match in _UNPAID_RE.finditer(text):
        unpaid = True
        markers.append(match.group(1).lower())
        spans.append(match.span())
    negated = {m.group(0).lower() for m in _NEGATION_RE.finditer(text)}
    for regex in (_PHRASE_RE, _LABEL_RE, _CODE_RE):
        for match in regex.finditer(text):
            marker = match.group(1 if regex.groups else 0).strip().lower()
            if any(marker in n for n in negated) or _NEGATED_BEFORE_RE.search(text[max(0, match.start() - 8):
                                                                                      match.start()]):
                continue
            if regex is _LABEL_RE and any(s <= match.start() < e for s, e in spans):
                continue
            markers.append(marker)
            spans.append(match.span())
    tags = {t.lower().lstrip("#") for t in hashtags if t}
    for match in _HASHTAG_RE.finditer(text):
        tag = match.group(1).lower()
        tags.add(tag)
        if tag in SPONSOR_HASHTAGS or tag in UNPAID_HASHTAGS:
            spans.append(match.span())
    for tag in sorted(tags):
        if tag in UNPAID_HASHTAGS:
            unpaid = True
            markers.append("#" + tag)
        elif tag in SPONSOR_HASHTAGS:
            markers.append("#" + tag)
    if not markers:
        return SponsoredMatch(False)
    own = _normalise_handle(creator_handle)
    brands: dict[str, None] = {}

    def add(name: str) -> None:
        key = name.strip().rstrip(".,;:!")
        norm = _normalise_handle(key) if key.startswith("@") else key.lower()
        if norm and norm != own and key.lower().lstrip("@") not in SPONSOR_HASHTAGS:
            brands.setdefault(key, None)

    for match in _WITH_MENTION_RE.finditer(text):
        add("@" + match.group(1))
    for match in _MENTION_RE.finditer(text):
        if any(s - _NEAR <= match.start() <= e + _NEAR for s, e in spans):
            add("@" + match.group(1))
    for match in _WITH_NAME_RE.finditer(text):
        add(match.group(1))
    # Drop a bare name when the same brand also appears as @handle.
    handles = {b.lstrip("@").lower() for b in brands if b.startswith("@")}
    final = tuple(b for b in brands if b.startswith("@") or b.lower().replace(" ", "") not in handles)
    paid_markers = [m for m in markers if m not in _UNPAID_PHRASES and m.lstrip("#") not in UNPAID_HASHTAGS]
    return SponsoredMatch(True, unpaid=unpaid and not _has_paid_phrase(paid_markers),
                          markers=tuple(dict.fromkeys(markers)), brands=final)


def _has_paid_phrase(markers: Sequence[str]) -> bool:
    """A paid-specific marker ("paid partnership", "sponsored by", a discount code) beside an
    "unbezahlte Werbung" keeps the post paid."""
    paid = ("paid partnership", "bezahlte partnerschaft", "sponsored by", "gesponsert von", "#paidpartnership")
    return any(m in paid or "code" in m for m in markers)


def sponsored_vs_organic(sponsored_rates: Sequence[float], organic_rates: Sequence[float],
                         *, min_each: int = MIN_EACH) -> float | None:
    """``median(ER sponsored) / median(ER organic)``; ``None`` with fewer than ``min_each`` posts
    of either kind or an organic median of 0."""
    if len(sponsored_rates) < min_each or len(organic_rates) < min_each:
        return None
    organic = statistics.median(organic_rates)
    return statistics.median(sponsored_rates) / organic if organic > 0 else None
