"""What the bot model and a flagged comment's reasons see in one comment: cues and the model input.

:func:`comment_cues` names the patterns of one comment that carry over to unseen sources and
platforms (they are computed after look-alike normalisation, so ``𝐏𝐔𝐋𝐀𝐔𝟕𝟕𝟕`` reads as
``pulau777``):

==========================  ====================================================================
cue                         when
==========================  ====================================================================
``gambling``                slot/betting vocabulary (``gacor``, ``maxwin``, ``slot``, ``togel``,
                            ``casino``, ``freispiele`` …), or a brand-with-digits written in
                            styled Unicode next to weaker terms (``jp``, ``wd``, ``cuma di`` …)
``crypto_investment``       investing/crypto/forex words together with gains, an "expert", a
                            contact or a testimonial ("changed my life", "dank ihr"), or a
                            named "Mrs …"/"Frau …"/"señora …" praised for help or profits
``giveaway``                congratulations together with winning, a prize or being selected
``offsite_contact``         Telegram, WhatsApp, Signal …, "DM me/@…", a phone number or an e-mail
``follow_bait``             follow-for-follow, "check my profile", "promote it on @…",
                            "send it to @…", "DM to get featured"
``emoji_signature``         a flirt/fruit emoji of link-in-profile bots (🍓🍒💋👅🍭🍑💦🥵 …) or
                            two different ones of the wider set (😘💞💗💓😻🌹 …)
``formal_praise``           German formal address (``Sie``/``Ihre``/``Ihnen`` inside a sentence)
                            in a comment that praises or thanks
``styled_unicode``          words written in mathematical, full-width, enclosed or small-capital
                            letters, or Latin words with Cyrillic/Greek look-alike letters
``link``, ``phone``,        a link, a phone number, an @handle (of someone else) in the text
``handle``
==========================  ====================================================================

A cue is evidence for the model and an explanation for a person, never a verdict on its own:
a fan may write "Telegram" or "Casino". :func:`classifier_text` is the bot model's input: the
normalised comment, then after `` | `` a length class, the words of linked domains, and the
cues as short tokens (:data:`CUE_TOKENS`). Nothing of this is stored.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vetting.textnorm import (
    CRYPTO_TOKEN,
    EMAIL_TOKEN,
    PHONE_TOKEN,
    URL_PATTERN,
    URL_TOKEN,
    USER_TOKEN,
    canonical_text,
    entity_tokens,
    may_have_link,
)

__all__ = [
    "CUES",
    "CUE_TOKENS",
    "REASON_TEXT",
    "REPLY_ADDRESSED_PLATFORMS",
    "address_of",
    "classifier_text",
    "comment_cues",
    "comment_key",
    "model_text",
]

REPLY_ADDRESSED_PLATFORMS = frozenset({"mastodon"})
"""Platforms whose replies begin with the @mentions of the accounts replied to (the client adds them).
Those leading mentions are addressing, not content: :func:`model_text` removes them."""
_LEADING_MENTIONS_RE = re.compile(r"^(?:\s*@[\w.]+(?:@[\w.-]+)?)+[\s,:]*")


def model_text(text: str | None, platform: str) -> str:
    """The text the bot model and the cues read: on :data:`REPLY_ADDRESSED_PLATFORMS` without the
    leading @mentions that address a reply ("@anna_k @koch Danke!" -> "Danke!")."""
    text = text or ""
    if platform in REPLY_ADDRESSED_PLATFORMS and text.startswith(("@", " ")):
        stripped = _LEADING_MENTIONS_RE.sub("", text)
        return stripped or text
    return text

CUES = ("gambling", "crypto_investment", "giveaway", "offsite_contact", "follow_bait", "emoji_signature",
        "formal_praise", "styled_unicode", "link", "phone", "handle")

REASON_TEXT = {
    "gambling": "gambling or betting promotion",
    "crypto_investment": "crypto/investment testimonial or offer",
    "giveaway": "prize or giveaway claim",
    "offsite_contact": "asks to get in touch privately or off the platform",
    "follow_bait": "follow-for-follow or promotion bait",
    "emoji_signature": "emoji signature of link-in-profile bot accounts",
    "formal_praise": "formal, context-free praise",
    "styled_unicode": "styled look-alike letters",
    "link": "contains a link",
    "phone": "contains a phone number",
    "handle": "mentions another account",
}
"""How a report names each cue (also the context reasons of :mod:`vetting.evidence`)."""

# -- emoji -------------------------------------------------------------------------------------
# Signs of the "link in profile" bot accounts that write praise under creators' videos.
_FLIRT_CORE = frozenset("🍓🍒💋👅🍭🍑💦🥵🍆🫦🔞🍌😽")
_FLIRT_WIDE = _FLIRT_CORE | frozenset("😘💞💗💓😻🌹💘💝💖🌶🥀💌")
# One range holding all of them: re walks a class of many characters beyond the BMP as a list.
_FLIRT_RANGE_RE = re.compile(f"[{min(_FLIRT_WIDE)}-{max(_FLIRT_WIDE)}]")

# -- styled letters ----------------------------------------------------------------------------
_CONFUSABLE_SCRIPTS = ("CYRILLIC", "GREEK")


def _is_styled(char: str) -> bool:
    """A letter or digit written in a decorative form of a Latin letter or an ASCII digit."""
    code = ord(char)
    if 0x1F130 <= code <= 0x1F189 or 0x24B6 <= code <= 0x24E9:  # squared / circled letters
        return True
    if char.isascii() or not (char.isalnum()):
        return False
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded.isascii() and folded.isalnum():
        return True  # mathematical alphanumerics, full-width, super/subscripts
    name = unicodedata.name(char, "")
    return name.startswith("LATIN LETTER SMALL CAPITAL")


# Characters that can be styled letters or digits: small capitals, Greek, Cyrillic, circled and
# squared letters, full-width forms, mathematical alphanumerics (a cheap gate before the word scan).
_STYLE_CANDIDATE_RE = re.compile("[\u0370-\u04ff\u1d00-\u1d2b\u24b6-\u24e9\ua730-\ua7ff\uff10-\uff5a"
                                 "\U0001d400-\U0001d7ff\U0001f130-\U0001f189]")


def _styled_words(raw: str) -> tuple[int, int]:
    """``(styled words, words with digits among them)``: words with >= 2 styled characters, or
    Latin words with Cyrillic/Greek look-alike letters mixed in."""
    styled = with_digits = 0
    for word in raw.split():
        marks = sum(1 for ch in word if _is_styled(ch))
        mixed = False
        if marks < 2 and not word.isascii():
            scripts = {unicodedata.name(ch, "").split(" ", 1)[0] for ch in word if ch.isalpha()}
            mixed = "LATIN" in scripts and bool(scripts & set(_CONFUSABLE_SCRIPTS))
        if marks >= 2 or mixed:
            styled += 1
            if any(unicodedata.normalize("NFKC", ch).isdigit() for ch in word):
                with_digits += 1
    return styled, with_digits


# -- vocabulary (on the canonical, case-folded, diacritic-folded text) ---------------------------
_SCANNED: list[tuple[re.Pattern[str], tuple[str, ...], str, str]] = []  # pattern, alternatives, head, tail


def _scanned(alternatives: tuple[str, ...], head: str, tail: str) -> re.Pattern[str]:
    """``head(?:alternatives)tail``, found by the one scan of :func:`_hits`."""
    pattern = re.compile(head + "(?:" + "|".join(alternatives) + ")" + tail)
    _SCANNED.append((pattern, alternatives, head, tail))
    return pattern


def _words(*alternatives: str, scanned: bool = True) -> re.Pattern[str]:
    """Whole-word alternatives (case-folded, diacritics folded). ``scanned`` ones are found by the one
    scan of :func:`_hits`; the others are searched only when a scanned one already matched."""
    if scanned:
        return _scanned(alternatives, r"(?<![\w@])", r"(?!\w)")
    return re.compile(r"(?<![\w@])(?:" + "|".join(alternatives) + r")(?!\w)")


_GAMBLING_STRONG = _words(
    r"gacor", r"maxwin", r"max ?win", r"togel", r"judi", r"judol", r"slots?", r"slot ?online", r"casinos?",
    r"kasinos?", r"online ?casino", r"sportwetten?", r"freispiele?", r"free ?spins?", r"bonus new member",
    r"scatter", r"jackpot", r"betting", r"wettanbieter", r"gluckspiel", r"gluecksspiel", r"gluck ?spiel",
    r"zeus ?slot", r"olympus", r"pragmatic ?play", r"rtp ?live", r"situs", r"bandar", r"depo ?\d+",
)
_GAMBLING_WEAK = _words(
    r"jp", r"jepe", r"wd", r"withdraw", r"depo", r"deposit", r"bet", r"spin", r"cuma di", r"hanya di",
    r"menang", r"hoki", r"saldo", r"cuan", r"gewinnchance", r"auszahlung", r"einzahlung", r"bonus", r"win",
    r"rtp", r"main di",
)
_BRAND_DIGITS = re.compile(r"(?<![\w@])[a-z]{3,}[\W_]{0,2}\d{2,4}d?(?!\w)")
_CRYPTO_TOPIC = _words(
    r"invest\w*", r"krypto\w*", r"crypto\w*", r"bitcoins?", r"btc", r"eth", r"usdt", r"forex", r"trading",
    r"trader\w*", r"broker\w*", r"portfolio", r"binary options?", r"mining", r"aktien", r"stocks?",
    r"changed my life", r"hat mein leben verandert", r"mein leben verandert", r"also worked with (?:her|him)",
    r"too worked with (?:her|him)", r"worked with (?:her|him)", r"auch mit (?:ihr|ihm) gearbeitet",
    r"mit (?:ihr|ihm) gearbeitet", r"is (?:she|he) legit", r"ist (?:sie|er) serios", CRYPTO_TOKEN,
)
# A named "expert" praised for help or returns: the confirmations of testimonial chains, in many languages
# (diacritics folded: señora -> senora, hanım -> hanim).
# ("pan"/"pani", "bay", "sr" are left out: "what pan are you using", "bay area").
_HONORIFICS = ("mrs?", "ms", "miss", "madam", "madame", "monsieur", "frau", "herrn?", "senora", "senor", "sra",
               "signora", "signor", r"sig\.?ra", "dona", "senhora", "senhor", "mevrouw", "meneer", "hanim", "dr",
               "doctor")
_NAMED_EXPERT = _scanned(_HONORIFICS, r"(?<!\w)", r"\.? [a-z]{3,}")
_TESTIMONY = _words(
    r"helped", r"help(?:s|ed)? me", r"geholfen", r"hat mir", r"ayudo", r"me ayudo", r"aiutato", r"ajudou", r"aide",
    r"m'a aide", r"pomog\w*", r"yardim\w*", r"geholpen", r"best", r"beste", r"genius", r"genial", r"honest\w*",
    r"ehrlich", r"serios\w*", r"serieuse?", r"legit", r"real", r"trust\w*", r"vertrau\w*", r"confio", r"fidat\w*",
    r"betrouwbaar", r"durust", r"bravissim\w*", r"onesta", r"professionell\w*", r"zufrieden", r"recommend\w*",
    r"empfehl\w*", r"recomiendo", r"consiglio", r"recomendo", r"recommande", r"polecam", r"aanrader", r"winst",
    r"gewinn\w*", r"profit\w*", r"ganancias?", r"guadagn\w*", r"lucro", r"savings", r"ersparnisse",
    r"changed my life", r"mein leben", r"incredible", r"incrivel", r"increible", r"incroyable",
    scanned=False,
)
_CRYPTO_HOOK = _words(
    r"profits?", r"profit\w*", r"earn\w*", r"made", r"verdient\w*", r"gewinne?n?", r"returns?", r"rendite\w*",
    r"payout", r"auszahlung\w*", r"expert\w*", r"mentor\w*", r"coach\w*", r"account manager", r"mrs", r"frau",
    r"changed my life", r"mein leben verandert", r"thanks to", r"dank (?:ihr|ihm|ihnen|frau|herrn?)",
    r"recommend\w*", r"empfehl\w*", r"contact\w*", r"kontakt\w*", r"reach (?:her|him|out)", r"weekly",
    r"wochentlich", r"\$ ?\d+", r"\d+ ?(?:\$|€|usd|eur|euro)", r"legit", r"serios\w*", r"worked with",
    r"gearbeitet", r"scammed", r"recover\w*", USER_TOKEN, PHONE_TOKEN,
    scanned=False,
)
_CONGRATS = _words(
    r"congratulations?", r"congrats", r"herzlichen gluckwunsch", r"gluckwunsch", r"gratuliere", r"gratulation",
    r"felicitations", r"felicidades", r"complimenti", r"gefeliciteerd", r"parabens", r"gratulacje", r"tebrikler",
)
_PRIZE = _words(
    r"won", r"win(?:ner)?s?", r"gewonnen", r"gewinner\w*", r"selected", r"ausgewahlt", r"chosen", r"prizes?",
    r"preis", r"claim\w*", r"gift\w*", r"geschenk\w*", r"reward\w*", r"giveaway", r"gewinnspiel", r"abholen",
    r"lucky", r"gagne", r"ganado", r"ganador\w*", r"vinto", r"gewonnen", r"ganhou", r"wygral\w*",
    scanned=False,
)
_YOU_WON = re.compile(
    r"\byou(?:'ve| have)? (?:just )?won\b|\bdu hast (?:\w+ )?gewonnen\b|\bsie haben (?:\w+ )?gewonnen\b"
)
_OFFSITE = _words(
    r"telegram", r"whats ?app", r"wa\.me", r"signal", r"viber", r"kik", r"snap(?:chat)?", r"line id", r"t\.me",
    r"dm (?:me|us)", r"dm @user", r"message @user", r"write @user", r"contact @user",
    r"text @user", r"message me", r"inbox me", r"text me",
    r"write me", r"schreib(?:e|t)? mir", r"schreiben sie mir",
    r"kontaktier\w*", r"contact (?:me|him|her|them)", r"reach (?:me|him|her)", r"hit me up", r"pm me",
    r"privatnachricht", r"per dm", r"via dm", r"in (?:die|meine) dms?", PHONE_TOKEN, EMAIL_TOKEN,
)
_FOLLOW_BAIT = _words(
    r"follow ?(?:4|for) ?follow", r"f4f", r"l4l", r"like ?4 ?like", r"sub ?4 ?sub", r"sub ?for ?sub",
    r"follow(?:ed)? (?:me )?back", r"follow me", r"folg(?:e|st)? (?:du )?(?:mir )?zuruck", r"gegenseitig(?:es)? folgen",
    r"ich folge (?:dir )?zuruck", r"folgt? mir", r"abo(?:nnier\w*)? (?:zuruck|gegen abo)",
    r"check (?:out )?my (?:page|profile|channel|bio|account)",
    r"schau(?:t)? (?:mal |gerne )?(?:auf |bei )?mein(?:em|en)? (?:profil|kanal|account|seite)",
    r"visit my (?:page|profile|channel)", r"promote it on", r"promote (?:this|it) (?:on|at)",
    r"send (?:it|this|pic|that) to", r"schick (?:es|das) an", r"dm (?:us |me )?(?:to|for) (?:get |be )?feature\w*",
    r"get featured", r"feature (?:page|account)",
    r"mutual follow", r"gain followers", r"free followers", r"gratis follower",
    r"sub(?:scribe)? (?:to )?(?:me|my \w+)", r"subscribe back", r"sub back", r"suscribe\w*", r"subscrib\w* (?:4|for) ",
    r"abonnier\w* (?:mich|meinen kanal|mir)", r"abonniert mich",
    r"check (?:out )?(?:my|this|our) (?:new )?(?:video|vids|music|song|rap|mixtape|playlist|cover|shop|store|link)",
    r"schau(?:t)? (?:euch |dir )?(?:mal )?mein(?:e|en)? (?:video|videos|kanal|musik|song|shop)",
    r"like (?:this|my) comment", r"give (?:it|me|this) a like", r"my (?:youtube )?channel",
    r"meinen kanal", r"mein kanal", r"mi canal", r"ma chaine", r"il mio canale", r"mijn kanaal", r"meu canal",
)
_PRAISE = _words(
    r"danke\w*", r"vielen dank", r"dank", r"toll\w*", r"gro[sß]artig\w*", r"wunderbar\w*", r"hervorragend\w*",
    r"informativ\w*", r"inspirierend\w*", r"lehrreich\w*", r"super", r"klasse", r"schon\w*", r"sehenswert\w*",
    r"arbeit", r"muhe", r"energie", r"inhalte?", r"leidenschaft", r"hingabe", r"kreativitat", r"weiter so",
    r"bewundern\w*", r"beeindruckend\w*", r"fantastisch\w*", r"wertvoll\w*",
    scanned=False,
)
_FORMAL = re.compile(r"(?<=[\w,;:] )(?:Sie|Ihr(?:e[nmrs]?)?)\b|\bIhnen\b")
_INFORMAL = re.compile(r"\b(?:du|dich|dir|dein(?:e[nmrs]?)?)\b", re.IGNORECASE)


def address_of(text: str | None) -> str | None:
    """How a German comment addresses the creator: ``"sie"`` (formal), ``"du"``, or ``None``."""
    if not text:
        return None
    if ("Sie" in text or "Ihr" in text or "Ihn" in text) and _FORMAL.search(text):
        return "sie"
    return "du" if ("d" in text or "D" in text) and _INFORMAL.search(text) else None

# Hint tokens that are no reason to flag: a real question (addressed to the creator) and words of
# people who warn about scams rather than run them.
_QUESTION_RE = re.compile(r"\?(?!\S)")
_TAG_QUESTION_RE = re.compile(r"(?:\b(?:right|oder|ne|gell|nicht wahr|no)\s*\?+\s*$)")
_WARNING = _words(
    r"scam\w*", r"betrug\w*", r"betruger\w*", r"abzocke\w*", r"fake", r"lost", r"verloren", r"ignore\w*",
    r"ignorier\w*", r"report\w*", r"melde[nt]?", r"vorsicht", r"achtung", r"beware", r"careful", r"warn\w*",
    r"estafa\w*", r"truffa\w*", r"arnaque\w*", r"oplichter\w*", r"golpe", r"dolandirici\w*", r"oszust\w*",
)

# -- one scan for all scanned vocabularies ----------------------------------------------------------
# Every match of an alternative begins with the alternative's literal prefix (the letters before its
# first optional or variable part: "slot" of "slots?", "dm " of "dm (?:me|us)"). One search finds the
# word starts that begin with such a prefix; each vocabulary that has one is then tried only there
# (anchored). A vocabulary matches a text exactly when it matches at one of those starts, so this gives
# the same answer as searching the whole text with each vocabulary.
_PREFIX_LENGTH = 8
_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 @'")


def _literal_prefix(alternative: str) -> str:
    """The characters every match of the regex ``alternative`` starts with (at most ``_PREFIX_LENGTH``)."""
    depth, escaped, in_class = 0, False, False
    for ch in alternative:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += (ch == "(") - (ch == ")")
            if ch == "|" and depth == 0:
                raise ValueError(f"vocabulary alternative {alternative!r} holds a top-level '|'")
    prefix, i = "", 0
    while i < len(alternative) and len(prefix) < _PREFIX_LENGTH:
        ch = alternative[i]
        if ch == "\\" and alternative[i + 1:i + 2] in (".", "$"):
            ch, i = alternative[i + 1], i + 1
        elif ch not in _LITERAL:
            break
        following = alternative[i + 1:i + 2]
        if following in ("?", "*", "{"):  # the character may be missing
            break
        prefix += ch
        i += 1
        if following == "+":
            break
    return prefix


_Tried = tuple[int, re.Pattern[str]]  # a vocabulary's bit (see _bit), the alternatives of it to try


def _bit(vocabulary: re.Pattern[str]) -> int:
    """The bit of a scanned vocabulary in what :func:`_hits` returns. (Bits, not a set of patterns: a
    pattern's hash is computed over its compiled code on every lookup, microseconds for a vocabulary.)"""
    return next(1 << i for i, (scanned, *_) in enumerate(_SCANNED) if scanned is vocabulary)


def _prefix_index() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[_Tried, ...]]]:
    """The searches for word starts with a literal prefix (inside the text, at its start), and per prefix
    the vocabularies to try there, each as a pattern of only its alternatives that can start so."""
    prefixes: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for vocabulary, alternatives, _, _ in _SCANNED:
        for alternative in alternatives:
            prefix = _literal_prefix(alternative)
            if len(prefix) < 2 or not prefix[0].isalpha():
                raise ValueError(f"vocabulary alternative {alternative!r} starts with no literal word prefix")
            prefixes.setdefault(prefix, []).append((vocabulary, alternative))
    # Keep the shortest prefixes ("bet" covers "betting"): then at most one prefix matches at a position,
    # and only alternatives filed under it can match there.
    shortest = [p for p in sorted(prefixes) if not any(p != q and p.startswith(q) for q in prefixes)]
    index: dict[str, tuple[_Tried, ...]] = {}
    for short in shortest:
        tried = []
        for vocabulary, _, head, tail in _SCANNED:
            alternatives = [a for p, pairs in prefixes.items() if p.startswith(short)
                            for v, a in pairs if v is vocabulary]
            if alternatives:
                tried.append((_bit(vocabulary), re.compile(head + "(?:" + "|".join(alternatives) + ")" + tail)))
        index[short] = tuple(tried)
    by_first: dict[str, list[str]] = {}
    for short in shortest:
        by_first.setdefault(short[0], []).append(re.escape(short[1:]))
    trie = "(" + "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in by_first.items()) + ")"
    # Starting with a character class lets the search skip in C to the characters before a word; a
    # lookahead, so that the search goes on inside a prefix ("t.me" holds the start of "message").
    # (After "@" too: _NAMED_EXPERT may start there; the other vocabularies' own heads refuse it.)
    return re.compile(r"\W(?=" + trie + ")"), re.compile(trie), index


_PREFIX_RE, _PREFIX_AT_START_RE, _PREFIX_VOCABULARIES = _prefix_index()


def _hits(text: str) -> int:
    """The scanned vocabularies (and :data:`_NAMED_EXPERT`) that match one text, as bits (:func:`_bit`)."""
    found = 0
    first = _PREFIX_AT_START_RE.match(text)
    if first:
        for bit, alternatives in _PREFIX_VOCABULARIES[first.group(1)]:
            if not found & bit and alternatives.match(text):
                found |= bit
    for match in _PREFIX_RE.finditer(text):
        start = match.end()
        for bit, alternatives in _PREFIX_VOCABULARIES[match.group(1)]:
            if not found & bit and alternatives.match(text, start):
                found |= bit
    return found


_GAMBLING_STRONG_HIT, _GAMBLING_WEAK_HIT, _CRYPTO_TOPIC_HIT, _CONGRATS_HIT, _OFFSITE_HIT, _FOLLOW_BAIT_HIT, \
    _WARNING_HIT, _NAMED_EXPERT_HIT = map(_bit, (_GAMBLING_STRONG, _GAMBLING_WEAK, _CRYPTO_TOPIC, _CONGRATS, _OFFSITE,
                                                 _FOLLOW_BAIT, _WARNING, _NAMED_EXPERT))


_LENGTH_HINTS = ((3, "_l0"), (8, "_l1"), (20, "_l2"), (50, "_l3"))
_LONGEST_HINT = "_l4"
# Hint tokens are short: the character n-gram block reads them too, and hashing costs per character.
CUE_TOKENS = {"gambling": "_cga", "crypto_investment": "_ccr", "giveaway": "_cgi", "offsite_contact": "_cof",
              "follow_bait": "_cfb", "emoji_signature": "_ces", "formal_praise": "_cfp", "styled_unicode": "_csu",
              "link": "_cli", "phone": "_cph", "handle": "_cha"}
QUESTION_TOKEN = "_q"
WARNING_TOKEN = "_w"
_HOST_RE = re.compile(r"(?:[a-z]+\s*:\s*//)?([^/\s?#:]+)")
_NAME_SPLIT_RE = re.compile(r"[\W_\d]+")


def _emoji_cue(raw: str) -> bool:
    if raw.isascii():
        return False
    present = _FLIRT_WIDE.intersection(_FLIRT_RANGE_RE.findall(raw))
    return bool(present & _FLIRT_CORE) or len(present) >= 2


def _gambling_cue(key: str, styled_digits: int, hits: int) -> bool:
    if hits & _GAMBLING_STRONG_HIT:
        return True
    weak = len(_GAMBLING_WEAK.findall(key)) if hits & _GAMBLING_WEAK_HIT else 0
    branded = styled_digits > 0 or (weak > 0 and _BRAND_DIGITS.search(key) is not None)
    return weak >= 2 or (branded and (weak >= 1 or styled_digits > 0))


def _link_words(canonical: str) -> tuple[str, ...]:
    """The words of linked domains (``bit.ly`` -> ``bit ly``).

    Mentioned handles give no words: the store keeps other accounts' handles in comments only as
    keyed pseudonyms (``@user_3fa2c1d0``), so the model must not learn from what a handle says."""
    names: list[str] = []
    if may_have_link(canonical):
        for link in URL_PATTERN.findall(canonical):
            host = _HOST_RE.match(link)
            if host:
                names.append(" ".join(_NAME_SPLIT_RE.split(host.group(1).removeprefix("www."))).strip())
    return tuple(n for n in names if n)


@lru_cache(maxsize=1 << 16)
def _analyse(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``(normalised key, cues, name hints, other hints)`` of one raw comment."""
    canonical = canonical_text(text) if text else ""
    key = entity_tokens(canonical)
    hits = _hits(key)
    cues: list[str] = []
    styled, styled_digits = (_styled_words(text) if text and not text.isascii() and _STYLE_CANDIDATE_RE.search(text)
                             else (0, 0))
    if _gambling_cue(key, styled_digits, hits):
        cues.append("gambling")
    names = _link_words(canonical)
    spelled = _hits(f"{key} {' '.join(names)}") if names else hits  # "cryptoprofit.example" says "crypto"
    if (spelled & _CRYPTO_TOPIC_HIT and _CRYPTO_HOOK.search(key)) or (
            hits & _NAMED_EXPERT_HIT and _TESTIMONY.search(key)):
        cues.append("crypto_investment")
    if (hits & _CONGRATS_HIT and _PRIZE.search(key)) or (("won" in key or "gewonnen" in key) and _YOU_WON.search(key)):
        cues.append("giveaway")
    if hits & _OFFSITE_HIT:
        cues.append("offsite_contact")
    if hits & _FOLLOW_BAIT_HIT:
        cues.append("follow_bait")
    if text and _emoji_cue(text):
        cues.append("emoji_signature")
    if text and ("Sie" in text or "Ihr" in text or "Ihn" in text) and _FORMAL.search(text) and _PRAISE.search(key):
        cues.append("formal_praise")
    if styled:
        cues.append("styled_unicode")
    if URL_TOKEN in key or PHONE_TOKEN in key:  # whole words of the key, not parts of one
        tokens = key.split()
        if URL_TOKEN in tokens:
            cues.append("link")
        if PHONE_TOKEN in tokens:
            cues.append("phone")
    if USER_TOKEN in key:
        cues.append("handle")
    other = []
    if "?" in key and _QUESTION_RE.search(key) and not _TAG_QUESTION_RE.search(key):
        other.append(QUESTION_TOKEN)
    if hits & _WARNING_HIT:
        other.append(WARNING_TOKEN)
    return key, tuple(cues), names, tuple(other)


def comment_cues(text: str | None) -> tuple[str, ...]:
    """The cues (names in :data:`CUES`) of one raw comment, in :data:`CUES` order.

    >>> comment_cues("Vielen Dank für Ihre harte Arbeit! 🍓💋")
    ('emoji_signature', 'formal_praise')
    """
    return _analyse(text or "")[1]


def comment_key(text: str | None) -> str:
    """The normalised key of a comment (:func:`vetting.textnorm.normalize_comment`), from the same cache."""
    return _analyse(text or "")[0]


def _length_hint(words: int) -> str:
    for limit, name in _LENGTH_HINTS:
        if words <= limit:
            return name
    return _LONGEST_HINT


@lru_cache(maxsize=1 << 16)
def classifier_text(text: str) -> str:
    """Return the bot model's input: the normalised comment, `` | ``, then hint tokens.

    The hints are the comment's length class (``_l0`` ... ``_l4``: up to 3, 8, 20, 50 words,
    more; TF-IDF vectors are length-normalised, so length is otherwise lost), the words of
    linked domains (the key keeps ``url``, so unseen links still generalise while ``bit.ly``
    adds what the domain says; handles give no words, see :func:`_link_words`), one token of
    :data:`CUE_TOKENS` per cue, and ``_q`` (a real question) and ``_w`` (scam/fraud warning
    words), which are no reasons to flag but help the model tell a fan who warns from a bot
    that lures.

    >>> classifier_text("Contact @anna_fx_trades on https://www.bit.ly/x")
    'contact @user on url | _l1 bit ly _cli _cha'
    """
    key, cues, names, other = _analyse(text or "")
    hints = [_length_hint(len(key.split())), *names, *(CUE_TOKENS[c] for c in cues), *other]
    return f"{key} | {' '.join(hints)}"
