"""Inputs and the comparison behind the #13 equivalence checks of the comment text analysis.

:func:`differences` runs the current ``vetting`` functions and the frozen copies (``reference_*``)
on the same texts and lists every text whose answers differ. The inputs: labelled corpora of the
repository and the shared data folder (:func:`corpus_texts`), hostile strings (:data:`HOSTILE`), and
seeded random mixtures of both (:func:`fuzz_texts`). Used by tests/test_features_equivalence.py
(compact) and benchmarks/features_equivalence.py (everything).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import reference_comment_features as ref_cf
import reference_textnorm as ref_tn

from vetting import comment_features as cf
from vetting import networks, textnorm

ROOT = Path(__file__).resolve().parents[1]

# (capital A, small a) of styled alphabets: mathematical bold, bold script, fraktur, double-struck, sans bold,
# monospace, full-width, circled (some of these code points are unassigned: hostile too).
_STYLED_BASES = ((0x1D400, 0x1D41A), (0x1D4D0, 0x1D4EA), (0x1D504, 0x1D51E), (0x1D538, 0x1D552), (0x1D5D4, 0x1D5EE),
                 (0x1D670, 0x1D68A), (0xFF21, 0xFF41), (0x24B6, 0x24D0))

# Pieces spammers and ordinary people put into comments, and characters every normalisation step
# treats specially (invisible, whitespace, look-alikes, marks, enclosed letters, entities, tags).
_SPECIALS = [
    "", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u202f", "\u3000", "\u2003", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u2060", "\u00ad", "\ufeff", "\ufe0f", "\ufe0e", "\u034f", "\u202e", "\u202d", "\u180e",
    "\U0001f3fb", "\U0001f3ff", "🍓", "💋", "🍒", "😘", "💞", "🌶", "🌶️", "🥀", "😍", "🎉", "👉", "👩‍🍳", "👍🏽",
    "🇩🇪", "🅿️", "🆄", "🅐", "🄰", "Ⓐ", "ⓩ", "①", "²", "₃", "ᴀʙᴄ", "ꜰꜱ", "ɢɪʀʟ", "łøđħı", "ǝəɑɡɩʋƅ",
    "ѕсаm", "рауpal", "Теlеgrаm", "αβγ", "ΑΒΕ", "сat", "Ωmega", "привет", "Ελλάδα", "مرحبا", "שלום", "\u202bعربي\u202c",
    "नमस्ते", "中文字", "日本語", "한국어", "z̶a̶l̶g̶o̶", "h̴̛̛a̸͝z̷e̵l̶", "ā", "é", "e\u0301", "Å", "ß", "ẞ", "ͅ", "ǅ", "İ", "ﬁ",
    "&amp;", "&lt;b&gt;", "&amp;lt;", "&#64;", "&nbsp;", "<b>", "</b>", "<a href='https://x.example.com/p'>",
    "<a href=\"bit.ly/x\">link</a>", "<3", "< 3", "a<b", "hxxp://", "hxxps://", "h**p", "example[.]com", "x(dot)de",
    "y {punkt} at", "z dot com", "w . net", "https://www.bit.ly/abc?x=1#f", "http :// t.me/x", "www.x.io", "t.me/xyz",
    "wa.me/4915", "@anna_k", "@@x", "@ x", "a@b.co", "mail@ex-ample.de", "0x" + "ab" * 12, "bc1" + "q" * 30,
    "1" + "A" * 30, "+49 151 0000 1234", "(030) 123-45-67", "12.345", "1,000,000", "9’000", "$9,000", "5.000 €",
    "f o l l o w", "c.h.e.c.k", "d-m", "f  o  l  l  o  w", "a | b | c", "l*i*k*e", "soooooo", "!!!!!", "😍😍😍😍",
    "??", "?", " ? ", "right?", "oder?", "Sie", "Ihre", "Ihnen", "du", "Dein", "dank ihr", "Mrs. Smith", "frau müller",
    "gacor", "maxwin", "max win", "slot online", "depo 25", "jp", "wd", "cuma di", "casino", "Freispiele", "togel",
    "PULAU777", "weton88", "crypto", "bitcoin", "invested", "changed my life", "is she legit", "worked with her",
    "congratulations", "you won", "du hast gewonnen", "telegram", "whats app", "dm me", "dm @user", "follow 4 follow",
    "check my profile", "promote it on", "sub 4 sub", "scam", "beware", "url", "@user", "phonenumber", "email",
    "cryptoaddress", "schön", "großartig", "Grüße", "ÆØÅ", "ı̇", "\x00", "\x7f", "\ud7ff", "\U0010ffff",
]

HOSTILE = [
    "", " ", "\u200b", "\u200b\u200b\u200b", "\ufeff", "🍓", "🍓💋", "😘💞", "𝓼𝓽𝔂𝓵𝓮𝓭 𝓽𝓮𝔁𝓽", "𝐏𝐔𝐋𝐀𝐔𝟕𝟕𝟕 gacor",
    "ｗｅｔｏｎ８８ bikin wd lancar", "🅿️🆄🅻🅰️🆄777", "Ⓖⓐⓒⓞⓡ", "ᴍᴀxᴡɪɴ ꜱʟᴏᴛ", "z̶a̶l̶g̶o̶ s̶l̶o̶t̶", "Tеlеgrаm: @x",
    "\u202eevil\u202c", "مرحبا بكم في القناة", "שלום לכולם", "a" * 5000, "word " * 2000, "😍" * 3000,
    "f o l l o w  m e", "Ｆ o l l o w  m e 👉 example[.]com", "&amp;lt;a href=x&amp;gt;", "<a href=\"t.me/x\">x</a>",
    "Vielen Dank für Ihre harte Arbeit und die Energie, die Sie in jedes Video stecken! 🍓💋",
    "Congratulations you won 🍓💋 contact @mrs_invest_fx on WhatsApp https://t.me/x",
    "She changed my life, I made $9,000 thanks to @invest_with_sara",
    "@anna_k @koch Danke!", " @a hi", "@@@", "ͅͅͅͅͅͅ", "İstanbul ǅemal ﬁne", "\x00\x01\x02", "?" * 50,
]


def styled(text: str, bases: tuple[int, int]) -> str:
    """``text`` with ASCII letters written in the alphabet whose capital and small "a" are ``bases``."""
    upper, lower = bases
    return "".join(chr(upper + ord(ch) - 65) if "A" <= ch <= "Z" else chr(lower + ord(ch) - 97) if "a" <= ch <= "z"
                   else ch for ch in text)


def strings_in(value: object) -> Iterator[str]:
    """Every string inside a parsed JSON value (dict values and list items, depth first)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def corpus_texts(shared_data: Path | None = None) -> list[str]:
    """Every string of the labelled corpora: the bot model's data and eval sets, the conversation eval
    sets, the parser fixtures and (when present) the shared data folder; every cell, sorted, distinct."""
    found: set[str] = set()
    roots = [ROOT / "models", ROOT / "vetting" / "data", ROOT / "tests" / "fixtures"]
    shared = shared_data if shared_data is not None else ROOT.parent.parent / "shared" / "data"
    if shared.is_dir():
        roots.append(shared)
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix == ".csv":
                with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                    for row in csv.reader(handle):
                        found.update(row)
            elif path.suffix in (".jsonl", ".json"):
                lines = path.read_text(encoding="utf-8").splitlines() if path.suffix == ".jsonl" else [
                    path.read_text(encoding="utf-8")]
                for line in lines:
                    if line.strip():
                        found.update(strings_in(json.loads(line)))
            elif path.suffix in (".txt", ".md"):
                found.update(path.read_text(encoding="utf-8").splitlines())
    return sorted(found)


def fuzz_texts(pool: list[str], count: int, seed: int = 13) -> list[str]:
    """``count`` seeded mixtures: corpus pieces joined with special characters, styled, spaced out,
    upper-cased, sprinkled with invisible characters or marks."""
    rng = random.Random(seed)
    pieces = [*_SPECIALS, *HOSTILE[:40]]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.45 and pool:
                text = rng.choice(pool)
                if len(text) > 300:
                    start = rng.randrange(len(text) - 200)
                    text = text[start:start + rng.randint(1, 300)]
            else:
                text = rng.choice(pieces)
            change = rng.random()
            if change < 0.1:
                text = styled(text, rng.choice(_STYLED_BASES))
            elif change < 0.15:
                text = rng.choice((" ", ".", "-", " . ", "  ")).join(text)
            elif change < 0.2:
                text = text.upper()
            elif change < 0.25:
                text = rng.choice(("\u200b", "\u0336", "\u0301", "\ufe0f", "\u00ad")).join(text)
            elif change < 0.3:
                text = text.casefold()
            parts.append(text)
        out.append(rng.choice(("", " ", "  ", "\n", ", ")).join(parts))
    return out


def _cases() -> list[tuple[str, Callable[[str], object], Callable[[str], object]]]:
    return [
        ("canonical_text", textnorm.canonical_text, ref_tn.canonical_text),
        ("entity_tokens", textnorm.entity_tokens, ref_tn.entity_tokens),
        ("entity_tokens(canonical_text)", lambda t: textnorm.entity_tokens(textnorm.canonical_text(t)),
         lambda t: ref_tn.entity_tokens(ref_tn.canonical_text(t))),
        ("normalize_comment", textnorm.normalize_comment.__wrapped__, ref_tn.normalize_comment.__wrapped__),
        ("_analyse", cf._analyse.__wrapped__, ref_cf._analyse.__wrapped__),
        ("classifier_text", cf.classifier_text.__wrapped__, ref_cf.classifier_text.__wrapped__),
        ("comment_cues", cf.comment_cues, ref_cf.comment_cues),
        ("comment_key", cf.comment_key, ref_cf.comment_key),
        ("address_of", cf.address_of, ref_cf.address_of),
        ("model_text", lambda t: cf.model_text(t, "mastodon"), lambda t: ref_cf.model_text(t, "mastodon")),
        ("comment_skeleton", networks.comment_skeleton, ref_cf.comment_skeleton),
    ]


def differences(texts: Iterable[str], limit: int = 20) -> list[tuple[str, str, object, object]]:
    """``(function, text, current answer, reference answer)`` for the first ``limit`` differences."""
    found = []
    cases = _cases()
    for text in texts:
        for name, new, old in cases:
            a, b = new(text), old(text)
            if a != b or type(a) is not type(b):
                found.append((name, text, a, b))
                if len(found) >= limit:
                    return found
    return found
