"""How much a comment refers to the post it sits under.

Generic praise could stand under any post. A comment *refers* to its post when it shares a
content word with the post's title, text or hashtags (German compounds count: "Brot" refers to
"Bananenbrot" and the other way round), or when it asks something (a question is addressed to
this creator). Words that name only the kind of post ("Video", "Rezept", "content", "Beitrag")
and function words do not count: "Danke für das tolle Rezept" refers to nothing in particular.

Low relevance together with praise is evidence, never proof on its own (see
:func:`vetting.evidence.comment_flags`). Works on normalised, case-folded, diacritic-folded keys
(:func:`vetting.textnorm.normalize_comment`) so that both sides are written the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vetting.textnorm import normalize_comment

__all__ = ["STOPWORDS", "PostProfile", "post_profile", "refers_to_post", "shares_content"]

STEM = 6           # characters kept of a word: "kichererbsen" ~ "kichererbse"
MIN_SUBSTRING = 4  # shortest word matched inside a compound

_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_RHETORICAL_RE = re.compile(r"(?:\b(?:right|oder|ne|gell|nicht wahr|isn't it|no)\s*\?+\s*$)")

# Function words, praise and words that name only the kind of post (German and English, diacritics folded).
_STOPWORD_TEXT = """
der die das den dem des ein eine einen einem einer eines und oder aber auch noch schon sehr mal mehr immer
ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen ihre ihren ihrem ihrer ihr dein deine
deinen deinem deiner mein meine meinen meinem meiner sein seine unser euer ist sind war waren bin bist hat
habe hast haben hatte wird werden wurde kann kannst konnen muss mussen soll will wollte mochte mit von vom zum
zur fur uber unter aus bei nach vor ohne gegen bis durch auf nicht kein keine keinen nur wie was wer wo wann
warum weil wenn dass als dann denn doch jetzt heute hier dort da diese dieser dieses diesen jede jeder jedes
jeden alle alles viel viele danke dank vielen lieben liebe lieb toll tolle toller tolles super mega echt
wirklich einfach richtig ganz gut gute guten guter gutes schon schone schonen hammer klasse geil wow cool nice
lecker leckere sieht aus video videos rezept rezepte beitrag beitrage post posts content inhalt inhalte kanal
channel tipp tipps idee ideen bild bilder foto fotos arbeit muhe energie weiter macht mach weiter so
the and but for with from this that these those you your yours yourself are was were been being have has had
will would could should can not just really very much many more most all any some what when where which who
why how its it's our their they them his her she him i'm im me my mine we us love loved loving like likes
great good nice awesome amazing beautiful best wonderful thanks thank please always keep work working hard
effort energy video videos recipe recipes post posts content channel page tip tips idea ideas photo pic pics
looks look yummy delicious wow cool omg lol haha
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True, slots=True)
class PostProfile:
    """What a post is about: stems of its content words and the words themselves joined."""

    stems: frozenset[str]
    words: tuple[str, ...]
    blob: str


def _content_words(key: str) -> list[str]:
    return [w for w in _WORD_RE.findall(key) if w not in STOPWORDS]


def post_profile(title: str | None, text: str | None, hashtags: list[str] | tuple[str, ...] = ()) -> PostProfile:
    """The profile of one post from its title, text and hashtags."""
    key = normalize_comment(" ".join(p for p in (title, text, " ".join(hashtags)) if p))
    words = tuple(dict.fromkeys(_content_words(key)))
    return PostProfile(stems=frozenset(w[:STEM] for w in words), words=words, blob=" ".join(words))


def is_question(raw: str) -> bool:
    """A real question: a ``?`` that is not only a tag question ("…, right?", "…, oder?")."""
    return "?" in raw and not _RHETORICAL_RE.search(raw.casefold())


def refers_to_post(comment_key: str, raw: str, profile: PostProfile | None) -> bool:
    """True when the comment (normalised ``comment_key``, raw text ``raw``) refers to the post:
    a shared content word (stem, or a word of >= 4 letters inside a compound on either side),
    or a real question. Without a profile (post unknown) the comment counts as referring."""
    if profile is None or is_question(raw):
        return True
    return shares_content(_content_words(comment_key), profile)


def shares_content(words: Sequence[str], profile: PostProfile) -> bool:
    """True when one of the comment's content ``words`` names something in the post: the same stem,
    or a word of >= 4 letters inside a compound on either side ("Brot" ~ "Bananenbrot")."""
    if not words or not profile.words:
        return False
    if any(w[:STEM] in profile.stems for w in words):
        return True
    if any(len(w) >= MIN_SUBSTRING and w in profile.blob for w in words):
        return True
    joined = " ".join(words)
    return any(len(w) >= MIN_SUBSTRING and w in joined for w in profile.words)
