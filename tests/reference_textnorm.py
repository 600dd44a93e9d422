"""Frozen copy of vetting/textnorm.py before the #13 speed work: the reference the equivalence checks compare to.

Do not edit: tests/test_features_equivalence.py and benchmarks/features_equivalence.py prove the current
implementation returns exactly what this one does.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "CRYPTO_TOKEN",
    "EMAIL_TOKEN",
    "HANDLE_PATTERN",
    "PHONE_TOKEN",
    "URL_PATTERN",
    "URL_TOKEN",
    "USER_TOKEN",
    "canonical_text",
    "entity_tokens",
    "normalize_comment",
]

URL_TOKEN = "url"
USER_TOKEN = "@user"
EMAIL_TOKEN = "email"
PHONE_TOKEN = "phonenumber"
CRYPTO_TOKEN = "cryptoaddress"

# Invisible characters: BOM, zero-width space/joiners, bidi marks, soft hyphen,
# word joiner, variation selectors, combining grapheme joiner, emoji skin tones.
_INVISIBLE = dict.fromkeys(
    [
        0xFEFF,
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0x2061,
        0x2062,
        0x2063,
        0x2064,
        0x00AD,
        0x180E,
        0x034F,
        0xFE0E,
        0xFE0F,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x1F3FB,
        0x1F3FC,
        0x1F3FD,
        0x1F3FE,
        0x1F3FF,
    ]
)
_WHITESPACE_CHARS = "\t\n\r\x0b\x0c\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_INVISIBLE.update(dict.fromkeys(map(ord, _WHITESPACE_CHARS), " "))

# Letters NFKC leaves alone: small capitals, IPA look-alikes, stroked letters.
_LATIN_EXTRA = str.maketrans(
    {
        "ᴀ": "a",
        "ʙ": "b",
        "ᴄ": "c",
        "ᴅ": "d",
        "ᴇ": "e",
        "ꜰ": "f",
        "ɢ": "g",
        "ʜ": "h",
        "ɪ": "i",
        "ᴊ": "j",
        "ᴋ": "k",
        "ʟ": "l",
        "ᴍ": "m",
        "ɴ": "n",
        "ᴏ": "o",
        "ᴘ": "p",
        "ʀ": "r",
        "ꜱ": "s",
        "ᴛ": "t",
        "ᴜ": "u",
        "ᴠ": "v",
        "ᴡ": "w",
        "ʏ": "y",
        "ᴢ": "z",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ı": "i",
        "ǝ": "e",
        "ə": "e",
        "ɑ": "a",
        "ɡ": "g",
        "ɩ": "i",
        "ʋ": "u",
        "ƅ": "b",
    }
)

# Negative circled and negative squared capital letters (🅐, 🅿): NFKC leaves them alone.
_ENCLOSED = {chr(base + i): chr(ord("A") + i) for base in (0x1F150, 0x1F170) for i in range(26)}
_LATIN_EXTRA.update(str.maketrans(_ENCLOSED))

# Cyrillic and Greek letters that look like Latin ones.
_CONFUSABLES = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ғ": "f",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "һ": "h",
    "ӏ": "l",
    "ь": "b",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    "α": "a",
    "β": "b",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    "ѵ": "v",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
}
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)
_CONFUSABLE_RE = re.compile("[" + "".join(_CONFUSABLES) + "]")
_WORD_RE = re.compile(r"\w+")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")

# Combining marks decorating a Latin letter ("hāźeł", "z̶a̶l̶g̶o̶").
_LATIN_MARKS_RE = re.compile(r"(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

_A_HREF_RE = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>""", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]{0,200}>")

_TLDS = (
    "com|net|org|info|biz|io|co|me|ly|gl|gd|to|tv|gg|cc|ws|xyz|top|site|online|"
    "shop|store|app|link|click|live|pro|club|page|blog|vip|win|bio|"
    "de|at|ch|fr|es|it|nl|be|pt|br|pl|uk|eu|us|ru|in|tk|ml|ga|cf|gq|ai|ee|is|sh|cn|jp|ca|au|mx|se|dk|fi|cz|tr|ua"
)
_HXXP_RE = re.compile(r"\bh[x*]{2}p(s?)\b")
_BRACKET_DOT_RE = re.compile(r"\s*[\[\(\{<]\s*(?:\.|dot|punkt|point|punto)\s*[\]\)\}>]\s*")
_WORD_DOT_RE = re.compile(rf"(?<=[a-z0-9])\s+(?:dot|punkt|\.)\s+(?=(?:{_TLDS})\b)")
_URL_RE = re.compile(
    rf"(?:\bhttps?\s*:\s*//\S+|\bwww\.\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/\S*)?)"
)
URL_PATTERN = _URL_RE
"""Links (also ``example[.]com`` once :func:`canonical_text` has undone the disguise)."""
_EMAIL_RE = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_HANDLE_RE = re.compile(r"(?<![\w@])@[\w.]*\w")
HANDLE_PATTERN = _HANDLE_RE
"""``@handles`` (an e-mail address is not one)."""
_CRYPTO_RE = re.compile(r"\b0x[0-9a-f]{16,}\b|\b(?:bc1|[13])[a-z0-9]{25,42}\b")
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().\-/]{7,}\d")
_THOUSANDS_RE = re.compile(r"(?<=\d)[.,'’ ](?=\d{3}(?!\d))")

# Single letters spaced or dotted apart: "f o l l o w", "c.h.e.c.k", "d-m".
_LETTER = r"[^\W\d_]"
_SPACED_RE = re.compile(
    rf"(?<![\w]){_LETTER}(?!\w)([ .\-_*·•+~|]{{1,3}}){_LETTER}(?!\w)"
    rf"(?:(?:\1|\s{{2,}}){_LETTER}(?!\w))+"
)
_SEPARATOR_RE = re.compile(r"[ .\-_*·•+~|]")
_WORD_GAP_RE = re.compile(r"\s{2,}|\s*[|/]\s*")

_REPEAT_RE = re.compile(r"(.)\1{3,}")

_DIGIT_RE = re.compile(r"\d")


def _join_spaced(match: re.Match[str]) -> str:
    parts = _WORD_GAP_RE.split(match.group(0))
    return " ".join(_SEPARATOR_RE.sub("", part) for part in parts if part)


def _fix_confusable_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _CONFUSABLE_RE.search(word):
        return word
    mapped = word.translate(_CONFUSABLE_TABLE)
    # Map a word when it mixes scripts or consists of look-alikes only.
    if _ASCII_LETTER_RE.search(word) or mapped.isascii():
        return mapped
    return word


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    if sum(c.isdigit() for c in text) >= 9:
        return f" {PHONE_TOKEN} "
    return text


def canonical_text(text: str) -> str:
    """Undo disguises (entities, tags, look-alikes, marks, spacing, obfuscated dots); case-fold."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "<" in text:
        text = _A_HREF_RE.sub(r" \1 ", text)
        text = _TAG_RE.sub(" ", text)
    if not text.isascii():
        text = text.translate(_INVISIBLE)
        text = unicodedata.normalize("NFKC", text).translate(_LATIN_EXTRA)
        if _CONFUSABLE_RE.search(text) and _ASCII_LETTER_RE.search(text):
            text = _WORD_RE.sub(_fix_confusable_word, text)
        if not text.isascii():
            text = unicodedata.normalize("NFD", text)
            text = _LATIN_MARKS_RE.sub("", text)
            text = unicodedata.normalize("NFC", text)
    text = text.casefold()
    if "@" in text:
        text = _EMAIL_RE.sub(f" {EMAIL_TOKEN} ", text)
    # Each substitution runs only when a cheap substring test says it can match.
    if "hx" in text or "h*" in text:
        text = _HXXP_RE.sub(r"http\1", text)
    if "[" in text or "(" in text or "{" in text or "<" in text:
        text = _BRACKET_DOT_RE.sub(".", text)
    if "dot" in text or "punkt" in text or " . " in text:
        text = _WORD_DOT_RE.sub(".", text)
    return _SPACED_RE.sub(_join_spaced, text)


def entity_tokens(text: str) -> str:
    """Replace links, handles, crypto addresses and phone numbers by fixed tokens."""
    if "." in text or ":" in text:
        text = _URL_RE.sub(f" {URL_TOKEN} ", text)
    if "@" in text:
        text = _HANDLE_RE.sub(USER_TOKEN, text)
    if _DIGIT_RE.search(text):
        text = _CRYPTO_RE.sub(f" {CRYPTO_TOKEN} ", text)
        text = _PHONE_RE.sub(_phone, text)
        text = _THOUSANDS_RE.sub("", text)
    text = _REPEAT_RE.sub(r"\1\1\1", text)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)
def normalize_comment(text: str) -> str:
    """Return the canonical, case-folded form of a comment (links, handles... as tokens).

    >>> normalize_comment("Ｆ o l l o w  m e 👉 example[.]com")
    'follow me 👉 url'
    """
    if not text:
        return ""
    return entity_tokens(canonical_text(text))
