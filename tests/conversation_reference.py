"""A frozen copy of the conversation rules and the post relevance as they were before the #13 speed work.

The equivalence checks (tests/test_conversation_equivalence.py, benchmarks/conversation_rules.py) compare
the shipped :mod:`vetting.conversation` and :mod:`vetting.relevance` with this copy, answer for answer.
Never edit it to make a check pass: it is the definition of the right answers. One deliberate change
since: emoji are read in the order they appear (the copy walked a set, whose order changed with
PYTHONHASHSEED, so an eye-roll's sarcasm depended on the process); the shipped rules changed alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from vetting.conversation_model import model_text
from vetting.textnorm import normalize_comment

ASSESSED_LANGUAGES = ("de", "en")

STEM = 6           # characters kept of a word: "kichererbsen" ~ "kichererbse"
MIN_SUBSTRING = 4  # shortest word matched inside a compound

_POST_WORD_RE = re.compile(r"[^\W\d_]{3,}")
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


def _post_content_words(key: str) -> list[str]:
    return [w for w in _POST_WORD_RE.findall(key) if w not in STOPWORDS]


def post_profile(title: str | None, text: str | None, hashtags: list[str] | tuple[str, ...] = ()) -> PostProfile:
    """The profile of one post from its title, text and hashtags."""
    key = normalize_comment(" ".join(p for p in (title, text, " ".join(hashtags)) if p))
    words = tuple(dict.fromkeys(_post_content_words(key)))
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
    return shares_content(_post_content_words(comment_key), profile)


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



@dataclass(frozen=True, slots=True)
class Traits:
    """What one comment does in the conversation; ``language`` is ``None`` when not assessed."""

    language: str | None
    question: bool = False
    product_question: bool = False
    purchase_intent: bool = False
    substantive: bool = False
    tone: str | None = None


NOT_ASSESSED = Traits(language=None)

# -- vocabularies (case- and diacritic-folded like normalize_comment: "schön" -> "schon", "ß" -> "ss") --

_WORD_RE = re.compile(r"[\w']+")


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _words(*alternatives: str) -> re.Pattern[str]:
    """One pattern of whole-word alternatives (each may hold spaces and regex)."""
    return re.compile(r"(?<![\w@])(?:" + "|".join(alternatives) + r")(?![\w])")


# Function words that say which language a comment is in (words shared by German and English, and
# German/English look-alikes such as "die", "was", "also", "so", "man", are left out).
_DE_WORDS = _vocab("""
ich du er wir ihr sie ist bin bist sind und nicht auch ein eine einen einem einer das der den dem des mit fur
von zum zur auf aus bei wie wo woher wohin warum wieso welche welcher welches welchen gibt es kann konnte
kannst hab habe hast hat haben sehr mal noch schon bitte danke jetzt immer mein meine dein deine kein keine
wird werden wurde ja nein doch mir dir mich dich uns euch viel viele lecker geil echt mega toll ganz gerade
oder aber weil dass wenn dann sieht aus gleich bestellt nachbacken nachkochen gemacht leider schade wirklich
""")
_EN_WORDS = _vocab("""
i you he we they she it's is are am was were be the a an and not also with for from of to at on this that
these those what where which who why how can could would should do does did don't doesn't didn't have has
had my your yours our their very so much many please thanks thank just really love looks like need want
will gonna going get got make made buy bought ordered try tried recipe link it but or because if then
""")
# Words of other languages that mark a comment as not assessed.
_OTHER_WORDS = {
    "fr": _vocab("je tu il elle nous vous est et les des une pour avec c'est tres merci pas qui que sur dans"),
    "es": _vocab("yo el los las que es muy por para gracias y con una pero como esta este mas"),
    "it": _vocab("io il che e molto per grazie con una questo sono della anche non ma come"),
    "pt": _vocab("eu que nao muito obrigado obrigada com uma voce isso para mais como"),
    "nl": _vocab("het een ik je niet dat van zijn heel mooi bedankt ook maar wat"),
    "tr": _vocab("bir ve cok bu icin ama ben sen de da ne gibi harika"),
    "pl": _vocab("jest nie to sie ale jak bardzo dziekuje czy tak"),
    "id": _vocab("yang dan ini itu tidak aku kamu saya bagus banget sekali"),
}


# word -> (German vote, English vote, other-language vote): one lookup per word.
_VOTES: dict[str, tuple[int, int, int]] = {}
for _vocabulary in _OTHER_WORDS.values():
    _VOTES.update(dict.fromkeys(_vocabulary, (0, 0, 1)))
for _word in _DE_WORDS | _EN_WORDS:
    _VOTES[_word] = (int(_word in _DE_WORDS), int(_word in _EN_WORDS), 0)


def comment_language(key: str, section_language: str | None = None, words: Sequence[str] | None = None) -> str | None:
    """``"de"``/``"en"`` when the (normalised) comment is German/English, else ``None``.

    Function words vote; a comment without any (emoji only, one word) takes ``section_language``
    when that is German or English; a comment whose words are mostly another language's is not
    assessed.

    >>> comment_language("wo gibt es die form?"), comment_language("where did you get it")
    ('de', 'en')
    >>> comment_language("😍🔥", "de"), comment_language("c'est trop bon, merci")
    ('de', None)
    """
    de = en = other = 0
    for word in _WORD_RE.findall(key) if words is None else words:
        vote = _VOTES.get(word)
        if vote is not None:
            de += vote[0]
            en += vote[1]
            other += vote[2]
    if other > max(de, en):
        return None
    if de > en:
        return "de"
    if en > de:
        return "en"
    if section_language in ASSESSED_LANGUAGES and (de or not other):
        return section_language
    return None


# -- questions -------------------------------------------------------------------------------

# Adjectives of exclamations: "how cute is that?", "wie geil ist das denn?" (not "wie lange", "how much").
_EXCLAIM = (r"(?:geil|suss|toll|schon|wunderschon|cool|krass|lecker|gut|genial|mega|hubsch|niedlich|witzig|lustig|"
            r"sympathisch|cute|good|amazing|pretty|beautiful|adorable|gorgeous|satisfying|funny|perfect|insane|"
            r"crazy|delicious|awesome|wholesome|relatable|talented|stunning|lucky|nice|great|cool|hot|sweet|"
            r"underrated|real|smart|clean|fresh|tasty|yummy)")
_RHETORICAL = re.compile("|".join((
    rf"(?<!\w)(?:how|wie)\s+(?:\w+\s+)?{_EXCLAIM}\b(?!\s+(?:is|are|ist|sind)\s+(?:it|es)\s+(?:to|zu))",
    r"(?<!\w)(?:who|wer)(?:'?s| is| ist)?\s+(?:else|noch|auch|here|hier)\b",
    r"(?<!\w)(?:anyone|anybody|jemand)\s+(?:else|noch|auch)\b",
    r"(?<!\w)(?:am i|bin ich)\s+(?:the only|die einzige|der einzige|allein)",
    r"(?<!\w)(?:can we|konnen wir|koennen wir)\s+(?:just\s+|mal\s+|kurz\s+|bitte\s+)?(?:talk|appreciate|reden|uber)",
    r"(?<!\w)(?:why|warum|wieso)\s+(?:is|are|does|ist|sind|bist|seid|sieht|klingt)\s+(?:\w+\s+){0,2}"
    r"(?:so|always|immer|this|that)\s+(?:\w+\s+)?" + _EXCLAIM,
    r"(?<!\w)(?:is it just me|what did i just|who needs|who cares|who asked|wen interessiert|wer braucht)",
    r"(?<!\w)how is this (?:free|legal|real|possible|not)",
    r"(?<!\w)(?:is this real life|are you kidding|are you serious|willst du mich)",
    r"(?<!\w)(?:who|wer)\s+(?:can|kann)\s+(?:relate|das kennt)",
    r"(?<!\w)(?:wer|who)\s+(?:kennt'?s|knows the feeling)",
    r"(?<!\w)(?:was|what)\s+(?:fur ein|a|for a)\s+" + _EXCLAIM,
    r"(?<!\w)was\s+(?:ein|eine|fur)\s+\w+",
    r"(?<!\w)wie kann man (?:nur )?so", r"(?<!\w)why would (?:anyone|anybody|you)", r"(?<!\w)who'?s a good",
    r"(?<!\w)how is (?:the|this|that|he|she) .{0,40}still", r"(?<!\w)change my mind", r"(?<!\w)ganz ehrlich",
    r"(?<!\w)(?:why|warum|wieso) (?:does|do|is|are|sehen|ist|sind|haben) (?:every|all|alle|jede[rsn]?) ",
)))
# An echo ("5 min?", "30 tage??", "mit 2??"): a short segment with a number and no question word.
_ECHO = re.compile(r"^\W*(?:\w+\W+){0,2}?\d[\w.,:]*\W*(?:\w+)?\W*$")
# A tag question ("…, oder?", "right?") or a bare exclamation ("really?!", "echt jetzt?").
_TAG_TAIL = re.compile(r"(?:^|[\s,.!])(?:right|oder|ne|gell|nicht wahr|isn'?t it|aren'?t they|no|amirite|"
                       r"or what|oder was|stimmt'?s|nee|na|eh|hm+|huh|lol)\W*$")
_BARE = re.compile(r"^\W*(?:really|seriously|srsly|what|was|wtf|wie bitte|echt|echt jetzt|ernsthaft|wirklich|ehrlich|"
                   r"why not|warum nicht|why|warum|wieso|huh|hä|omg|ok|okay|lol|hallo|hello|hi|hey|ja|yes|no|nein|"
                   r"sure|sicher|right)\W*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?\n])")
# Questions without a question mark (at the start of a sentence), and indirect ones.
_BARE_QUESTION = re.compile(
    r"(?:^|[.!\n]\s*|\s)(?:"
    r"wo (?:gibt|bekomm|krieg|kauf|find|hast du|habt ihr|ist das|sind die|ist die|ist der)|"
    r"woher (?:hast|habt|ist|sind|kommt)|"
    r"welche[rsnm]? (?:\w+ )?(?:ist|sind|hast|habt|nimmst|benutzt|verwendest|war|marke|form|pfanne|grosse|farbe|"
    r"sorte|mehl|milch|kamera|objektiv)|wie (?:viel|viele|lange|heisst|macht man|hast du|habt ihr|bekommt|kann man)|"
    r"was (?:kostet|fur (?:ein|eine|einen)|ist das fur|nimmst du|benutzt du)|kann man (?:das|die|den|es|auch)|"
    r"gibt es (?:das|die|den|ein|eine|auch)|geht das (?:auch|mit)|hast du (?:einen|eine|ein|das|die|den)|"
    r"wurde mich interessieren|wurd mich interessieren|mich wurde interessieren|weiss (?:jemand|einer)|"
    r"kann mir (?:jemand|einer)|where (?:did|do|can|is|are|to|does)|which (?:\w+ )?(?:is|are|do|did|one|brand|size)|"
    r"what (?:brand|size|color|colour|shade|camera|lens|model|pan|flour|kind|type|is the|are the|did you|do you)|"
    r"how (?:much|long|many|did you|do you|do i|to|can i|hot)|does anyone know|anyone know|"
    r"do you (?:have|know|use|sell)|"
    r"did you (?:use|make|buy|get)|can (?:you|i|we) (?:use|make|buy|get|freeze|substitute|share)|is there (?:a|any)|"
    r"need the name|i wonder|wondering (?:if|what|where|which|how)|recipe please|rezept bitte|"
    r"(?:kann|darf|soll|muss|sollte) (?:man|ich)|\w+st du (?:den|die|das|dein|deine|auch|eigentlich|immer|vorher|"
    r"selbst|selber)|what \w+ (?:is|are) (?:this|that|those|these|it|they|you)|did you (?:get|go|do|try|have)|"
    r"(?:is|are) (?:this|these|those|they|it) (?:safe|the|a|an|still|real|worth)"
    r")"
)


# A comment can only be a question without "?" when one of these words is in it (a cheap gate).
_QUESTION_WORDS = _vocab("""
wo woher welche welcher welches welchen welchem wie was kann gibt geht hast wurde wurd mich weiss where which what
how does anyone do did can is are need wonder wondering recipe rezept du darf soll muss sollte
""")


def _real_question(key: str, words: Sequence[str]) -> bool:
    if "?" in key:
        for segment in _SENTENCE_SPLIT.split(key):
            if not segment.endswith("?"):
                continue
            body = segment.rstrip("?").strip()
            if not body or _BARE.match(body) or _TAG_TAIL.search(body) or _RHETORICAL.search(body):
                continue
            if _ECHO.match(body) and _QUESTION_WORDS.isdisjoint(_WORD_RE.findall(body)):
                continue
            return True
    if _QUESTION_WORDS.isdisjoint(words):
        return False
    return bool(_BARE_QUESTION.search(key)) and not _RHETORICAL.search(key)


# Questions about the creator's life or channel, not about something in the post.
_LIFE = _words(
    r"wie geht'?s", r"wie geht es (?:dir|euch)", r"how are (?:you|u)", r"how r u", r"how have you been",
    r"(?:wann|when) (?:kommt|is|will|does|do you post|is the next|kommt das nachste)", r"next video",
    r"nachste[snm]? (?:video|folge|teil)", r"teil 2", r"part 2", r"(?:kommst|bist) du (?:nach|in|auch|mal)",
    r"where are you from", r"woher kommst du", r"how old", r"wie alt", r"are you (?:single|married|okay|ok|pregnant)",
    r"bist du (?:single|verheiratet|schwanger)", r"(?:hast|habt) (?:du|ihr) (?:einen freund|eine freundin|kinder)",
    r"what happened to", r"do you remember", r"erinnerst du dich", r"(?:can|could) you (?:do|make) (?:a|an) "
    r"(?:video|tutorial|vlog)", r"kannst du (?:mal )?(?:ein|eine|einen) (?:video|tutorial|vlog)",
    r"where have you been", r"wo warst du", r"why did you (?:stop|leave)", r"what'?s your (?:name|zodiac)",
    r"\w+st du eigentlich", r"(?:seid|seit) (?:ihr|wann)", r"wie alt (?:bist|seid|sind)", r"how long have you been",
    r"(?:do|did|have|are|were) you (?:ever|always|usually|still)", r"always wondered", r"(?:are|will) you (?:going to|"
    r"gonna) do", r"are you doing", r"(?:next|nachste[nrs]?) (?:one|live|stream|livestream|readalong|folge|video|teil)",
    r"whens the next", r"what do you eat", r"do you travel", r"from your old", r"eure[rn]? (?:kinder|drei|zwei)",
)
# Words that make a question about the post's thing (product, recipe, place, price, how-to).
_PRODUCT = _words(
    r"wo (?:gibt|bekomm\w*|krieg\w*|kauf\w*|find\w*|hast du|habt ihr|ist das|sind die|ist die|ist der)", r"woher",
    r"welche[rsnm]?", r"marke", r"preis\w*", r"kost\w*", r"link", r"rezept\w*", r"zutat\w*", r"gramm", r"menge",
    r"ml", r"temperatur", r"grad", r"ofen", r"umluft", r"ersatz", r"ersetz\w*", r"statt\w*", r"alternative",
    r"grosse", r"farbe", r"modell", r"kamera", r"objektiv", r"pfanne", r"form", r"mixer", r"shop", r"laden",
    r"bestell\w*", r"kauf\w*", r"bezugsquelle", r"heisst (?:das|die|der)", r"wie (?:lange|viel|viele|macht|hast du)",
    r"womit", r"geht das (?:auch|mit)", r"kann man (?:das|die|den|es)", r"funktioniert", r"einfrier\w*",
    r"haltbar", r"glutenfrei", r"laktosefrei", r"where (?:did|do|can|is|are|to)", r"which", r"brand", r"price",
    r"cost", r"recipe", r"ingredient\w*", r"grams?", r"cups?", r"substitut\w*", r"instead", r"replace", r"swap",
    r"size", r"shade", r"colou?r", r"model", r"camera", r"lens", r"store", r"buy", r"order", r"name of",
    r"called", r"does it work", r"would it work", r"can i use", r"can you use", r"freez\w*", r"gluten", r"dairy",
    r"oven", r"temp", r"how (?:long|much|many|did you|do you|to)", r"what (?:brand|size|kind|type|model|lens|camera)",
    r"what \w+ (?:is|are|was|were) (?:this|that|those|these|it|they|you)", r"which \w+", r"where'?s",
    r"where (?:is|are|was) (?:this|that|it)", r"did you get the", r"why not (?:just )?(?:get|use|buy)", r"version",
    r"what (?:\w+ )?(?:are|is|were) you (?:using|feeding|wearing|running|shooting)", r"was fur (?:ein|eine|einen)",
    r"welche[rsnm]? \w+",
)

# -- purchase or trial intent ----------------------------------------------------------------

_INTENT = _words(
    # wants, will buy, will make (future and wishes)
    r"bestell\w* ich", r"kauf\w* ich (?:mir)?",
    r"(?:muss|will|werde|wird|mochte|werd|wollen|werden) (?:ich |wir )?(?:mir |uns )?(?:das |die |den |es )?"
    r"(?:\w+ )?(?:haben|kaufen|bestellen|ausprobieren|nachbacken|nachkochen|nachmachen|nachbauen|testen|probieren|"
    r"holen|machen|backen|kochen)",
    r"wird (?:\w+ )?(?:nachgebacken|nachgekocht|gekauft|bestellt|ausprobiert|nachgemacht|nachgebaut)",
    r"nachbacken", r"nachkochen", r"nachmachen", r"nachbauen", r"(?:bauen|machen|backen|kochen) wir (?:\w+ ){0,3}nach",
    r"(?:wurd\w*|mocht\w*) (?:\w+ ){0,3}gerne? (?:\w+ ){0,3}(?:machen|backen|kochen|vorbereiten|haben|kaufen|testen)",
    r"such\w* (?:\w+ ){0,3}(?:auch|genau|so eine[nm]?|schon lange|seit)", r"(?:gehen|fahren) wir (?:\w+ ){0,2}hin",
    r"(?:we'?re|we are|i'?m|i am) going (?:\w+ ){0,2}(?:next|this|tomorrow|tonight|there)", r"best (?:purchase|buy)",
    r"bester kauf", r"(?:looking|searching) for (?:one|this|these|that)", r"probier ich",
    r"teste ich", r"warenkorb", r"wunschliste", r"merkliste", r"(?:auf|in) (?:die|meine) liste",
    r"gibt'?s (?:\w+ ){0,2}(?:bei uns|heute|morgen|am wochenende|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag)", r"(?:heute|morgen|sonntag|samstag|am wochenende) gibt'?s",
    r"steht (?:heute |morgen )?auf (?:dem|meinem|unserem) (?:plan|speiseplan)",
    r"wo kann (?:man|ich) (?:das |die |den |es )?(?:\w+ )?(?:kaufen|bestellen|bekommen|kriegen)",
    r"wo (?:gibt es|bekommt man|kriegt man|kauft man|bekomme ich|kaufe ich)", r"wo hast du (?:\w+ ){0,4}her",
    r"woher (?:ist|sind|hast du)", r"link (?:bitte|pls|please|plz|wa?r super)", r"rezept\s*\?", r"recipe\s*\?",
    r"rabatt ?code", r"gutschein ?code", r"code\s*\?", r"code still", r"brauch\w* ich (?:auch|sofort|unbedingt|jetzt)",
    r"haben will", r"gonn ich mir", r"bin (?:ich )?uberzeugt", r"bin (?:ich )?sold", r"i'?m sold", r"take my money",
    r"shut up and take", r"(?:just |already |finally )?(?:ordered|purchased)",
    r"(?:i'?m|i am|im|we'?re) (?:so |definitely |totally )?(?:buying|ordering|getting|making|baking|trying|cooking|"
    r"doing|recreating) (?:this|these|it|that|one|them|tonight|tomorrow|for)",
    r"(?:will|gonna|going to|have to|need to|must|can'?t wait to|definitely|want to|wanna) (?:\w+ )?(?:buy|order|get|"
    r"try|make|bake|cook|recreate|visit|go) (?:this|these|it|that|one|them|some|there)", r"making (?:this|these)",
    r"trying this", r"baking this", r"doing this (?:for|next|tomorrow|tonight|on)", r"on the menu",
    r"going in the oven", r"add(?:ed|ing)? (?:it |this )?to (?:my )?(?:cart|list|basket)", r"in my cart",
    r"wish ?list", r"saving this", r"need (?:this|these|one|it|that)", r"must have",
    r"where (?:can|do|could) i (?:buy|get|order|find)", r"where to (?:buy|get|order)", r"where did you (?:get|buy)",
    r"where'?s (?:\w+ ){0,3}from", r"where (?:is|are) (?:\w+ ){0,3}from", r"link\s*\?", r"link (?:pls|please|plz)",
    r"(?:discount|promo) code",
)
# Already made or bought it: a first-person past participle / past tense of making or buying.
_DONE_DE = _words(r"(?:bestellt|gekauft|geholt|nachgebacken|nachgekocht|nachgemacht|nachgebaut|gebacken|gekocht|"
                  r"ausprobiert|getestet|zugeschlagen|besorgt|runtergeladen|heruntergeladen|verbaut)")
# Whose doing it was: the first person, or a time word that starts the comment ("heute gekocht").
_FIRST_PERSON_DE = _words(r"ich", r"hab", r"habe", r"habs", r"hab's", r"haben wir", r"wir", r"mir",
                          r"^(?:heute|gestern|eben|grad|gerade|am wochenende|sonntag|samstag)")
_DONE_EN = _words(r"(?:i|we|just|already|finally|i'?ve|we'?ve) (?:\w+ )?(?:bought|ordered|made|baked|cooked|tried|"
                  r"grabbed|purchased|built|downloaded|picked up|got)",
                  r"(?:^|(?<=[.!?] ))(?:bought|ordered|made|baked|cooked|tried|grabbed|built|downloaded)")
_NEGATOR = re.compile(r"(?<![\w])(?:nicht|nie|niemals|kein\w*|not|never|no|won'?t|don'?t|didn'?t|doesn'?t|isn'?t|"
                      r"wasn'?t|ain'?t|can'?t|cannot|nothing|nichts|hardly|kaum)(?![\w])")


_NEGATORS = _vocab("""
nicht nie niemals kein keine keinen keinem keiner keines not never no won't wont don't dont didn't didnt doesn't
doesnt isn't isnt wasn't wasnt ain't aint can't cant cannot nothing nichts hardly kaum zero null weren't werent
aren't arent
""")


def _negated(key: str, start: int) -> bool:
    """A negator within the three words before ``start``."""
    return bool(_NEGATOR.search(" ".join(key[max(0, start - 40):start].split()[-3:])))


_DONE_WORDS = _vocab("""
bestellt gekauft geholt nachgebacken nachgekocht nachgemacht nachgebaut gebacken gekocht ausprobiert getestet
zugeschlagen besorgt runtergeladen heruntergeladen verbaut bought ordered made baked cooked tried grabbed
purchased built downloaded picked got
""")


def _intent(key: str, words: Sequence[str], language: str) -> bool:
    if any(not _negated(key, m.start()) for m in _INTENT.finditer(key)):
        return True
    if _DONE_WORDS.isdisjoint(words):   # every "already made or bought it" form holds one of these
        return False
    if language == "de":
        return any(not _negated(key, m.start()) for m in _DONE_DE.finditer(key)) and bool(_FIRST_PERSON_DE.search(key))
    return any(not _negated(key, m.end()) for m in _DONE_EN.finditer(key))


# -- tone ----------------------------------------------------------------------------------------

# Aimed at a person: insults, harassment, wishing harm (phrases; insult words follow below).
_HOSTILE = _words(
    r"halt (?:die|deine) fresse", r"halts maul", r"halt'?s maul", r"verpiss dich", r"geh sterben", r"stirb",
    r"niemand mag dich", r"verschwinde", r"heul doch", r"fick dich", r"kys", r"kill (?:yourself|urself|yourselves)",
    r"go die", r"stfu", r"shut (?:up|the fuck)", r"nobody (?:likes|wants to see|cares about) you",
    r"fuck (?:you|off)", r"fck (?:you|off)", r"piss off", r"get lost", r"neck yourself", r"delete your channel",
    r"losch (?:das|dich|deinen kanal)", r"get a (?:real )?job", r"such dir (?:einen|nen|mal) (?:richtigen )?job",
    r"you(?:'re| are) not a real", r"du bist (?:doch )?kein (?:echter|richtiger|echte|richtige)",
    r"(?:dumme|blode|rude|stupid|fat|ugly|fette|hassliche) (?:kuh|sau|ziege|gans|cow|pig|bitch)",
    r"(?:ugly|fat|stupid|annoying) (?:face|voice|ass)", r"as cheap as you", r"du kind\b",
    r"halt (?:doch )?(?:einfach )?(?:die|deine) (?:klappe|fresse)", r"du nervst",
    r"hor (?:doch |bitte )?(?:einfach )?auf",
    r"just stop", r"(?:please )?stop posting", r"hope you quit", r"hoffentlich horst du", r"scham dich",
    r"you should be ashamed", r"keiner hat dich gefragt", r"nobody asked (?:you|for your)",
    r"(?:niemand|keiner|keinen) interessiert (?:sich )?(?:fur )?(?:dich|deine)", r"(?:no one|nobody) cares about your",
    r"go away", r"geh (?:doch )?(?:woanders|weg|lieber)", r"verzieh dich", r"lern (?:erstmal|mal|doch) \w+",
    r"learn to (?:read|cook|sing|write)", r"du hast (?:echt |doch |einfach )?(?:null|keine) ahnung",
    r"you have (?:zero|no) (?:clue|idea)", r"you can'?t (?:cook|sing|dance|bake|draw|write|play|act)",
    r"du kannst (?:echt |einfach |gar )?nicht (?:kochen|singen|tanzen|backen|zeichnen|schreiben|spielen)",
    r"wie (?:dumm|blod) kann man", r"how (?:dumb|stupid) can (?:you|one|someone)", r"genau wie du", r"just like you",
    r"cry about it", r"heul (?:doch|leise)", r"you (?:absolute |total |little )?(?:joke|pest|clown|weirdo|troll)",
    r"du (?:\w+ )?(?:nervensage|spinner|troll|witz)",
)
# Every phrase above holds one of these words: without one, the phrase scan is skipped
# (tests/test_conversation.py checks the gate against the ungated scan).
_HOSTILE_WORDS = _vocab("""
fresse maul halts halt's verpiss sterben stirb niemand verschwinde heul fick kys kill die stfu shut nobody fuck fck
piss lost neck delete losch job real kein echter richtiger echte richtige kuh sau ziege gans cow pig bitch face voice
ass cheap kind klappe nervst hor stop quit horst scham ashamed gefragt asked interessiert cares away geh verzieh lern
learn ahnung clue idea can't cant kannst dumm blod dumb stupid genau like cry joke pest clown weirdo troll nervensage
spinner witz posting
""")
# Insults: hostile wherever they stand (stems: "witzfigur", "vollidioten", "selfish idiots").
_INSULT_STEMS = (
    "idiot", "vollidiot", "trottel", "depp", "penner", "lappen", "spast", "missgeburt", "fotze", "schlampe",
    "arschloch", "hurensohn", "wichser", "witzfigur", "heulsuse", "versager", "lauch", "kasper", "honk",
    "schwachkopf", "dummkopf", "hohlbirne", "selbstdarsteller", "clown", "bitch", "moron", "retard", "dumbass",
    "loser", "asshole", "whore", "slut", "sellout", "shill", "jackass", "imbecile", "scumbag", "vollpfosten",
    "nervensage", "schleimer", "mochtegern", "wannabe", "weirdo", "bootlicker", "schwachmat", "dummbatz",
)
# Derogatory words that are hostile when aimed at "you" (within four words): "du bist so hässlich",
# "deine stimme ist so nervig", "you're so annoying", "ur skin is disgusting".
_DEROGATORY_STEMS = (
    "blod", "dumm", "unfahig", "talentlos", "talentfrei", "unbegabt", "unertraglich", "nervig", "hasslich", "fett",
    "eklig", "widerlich", "erbarmlich", "lacherlich", "peinlich", "kauflich", "aufmerksamkeitsgeil", "skelett",
    "ekelhaft", "armselig",
    "ugly", "fat", "stupid", "dumb", "annoying", "disgusting", "pathetic", "talentless", "worthless", "useless",
    "selfish", "cringe", "embarrassing", "creepy", "gross",
)
_YOU = _vocab("du dich dir dein deine deinen deinem deiner bist you you're youre your ur u yours")
_SELF = re.compile(r"(?:^|\W)(?:ich|i'?m|i am|me|mich|mir|myself|selbst)\W+(?:\w+\W+){0,2}$")

_NEGATIVE_PHRASES = _words(
    r"gefallt mir (?:gar |uberhaupt )?nicht", r"mag ich (?:gar |uberhaupt )?nicht",
    r"schmeckt (?:mir )?(?:gar )?nicht", r"klappt(?:e)? (?:bei mir )?(?:gar )?nicht",
    r"hat (?:bei mir )?(?:gar )?nicht (?:geklappt|funktioniert|geschmeckt)", r"geht nicht",
    r"funktioniert (?:bei mir )?(?:gar )?nicht", r"nie wieder", r"schon wieder werbung", r"abo ist raus",
    r"(?:viel |etwas |bisschen |ein bisschen |deutlich |total )?zu (?:\w+ )?(?:salzig|suss|teuer|trocken|scharf|"
    r"fettig|laut|lang|viel|wenig|kompliziert|spat|fruh|optimistisch|schwer|kurz|dunkel|hell|leise|schnell|langsam|"
    r"weich|hart|klein|gross|dick|dunn|sauer|bitter|fad|wassrig|matschig)",
    r"didn'?t work", r"doesn'?t work", r"does not work", r"did not work", r"stopped working", r"not (?:buying|"
    r"going) again", r"(?:way |far |a bit |bit |slightly |so |much )?too (?:\w+ )?(?:salty|sweet|expensive|dry|spicy|"
    r"greasy|loud|long|many|much|late|early|short|dark|bright|slow|fast|soft|hard|small|big|thick|thin|sour|bitter|"
    r"bland|watery|mushy|complicated|busy)", r"(?:another|yet another|more) (?:ad|ads|sponsored|advert)",
    r"waste of (?:time|money)", r"not (?:worth|for me|realistic|a fan)", r"nicht (?:mein fall|mein ding|zu empfehlen|"
    r"realistisch|wirklich gut)", r"no longer", r"fell apart", r"ging kaputt", r"thumbs down",
    r"hat mich enttauscht", r"nein danke", r"no thanks", r"nice try", r"sure,? jan", r"schon klar", r"lmao+",
    r"is a lie", r"ist gelogen", r"look(?:s)? cheap", r"sieht billig aus", r"zuruckgeschickt", r"returned (?:it|them)",
    r"kein (?:unterschied|mehrwert)", r"nobody cares", r"keiner braucht", r"all over the place", r"kind of meaningless",
)
# Sarcasm: praise that means criticism.
_SARCASM = _words(
    r"(?:na |oh |wow,? )?(?:toll|super|klasse|prima|great|wow|wonderful|perfect|genial|fantastisch|awesome|"
    r"love that)[,!. ]+(?:noch (?:ein|eine|einen)|schon wieder|wieder mal|another|yet another|more)",
    r"wie originell", r"how original", r"yeah right", r"ja klar", r"sure,? jan", r"/s", r"danke fur nichts",
    r"thanks for nothing", r"na danke", r"what a (?:surprise|shock)", r"was fur eine uberraschung", r"so creative",
    r"groundbreaking", r"bahnbrechend", r"geheimtipp", r"nie drauf gekommen", r"totally love", r"what a concept",
)
# Every sarcasm phrase holds one of these words (a cheap gate before the regex).
_SARCASM_WORDS = _vocab("""
toll super klasse prima great wow wonderful perfect genial fantastisch awesome love originell original yeah ja sure
danke thanks na what was so groundbreaking bahnbrechend geheimtipp nie totally s
""")
# Polarity stems per language (folded: "enttäuscht" -> "enttauscht"); a word counts when it starts with one.
_NEGATIVE_STEMS = {
    "de": ("schlecht", "enttausch", "langweil", "nervig", "nervt", "eklig", "ekelhaft", "widerlich", "furchtbar",
           "schrecklich", "mies", "versalz", "uberteuert", "abzock", "betrug", "kaputt", "defekt", "misslung",
           "verbrannt", "unsympath", "falsch", "fehler", "quatsch", "unsinn", "blodsinn", "schrott", "lacherlich",
           "peinlich", "zeitverschwend", "entfolg", "deabonn", "clickbait", "fake", "gelogen", "luge", "unrealist",
           "ungesund", "traurig", "schwach", "frechheit", "gestellt", "geschmacklos", "billig", "unnotig", "gehetzt",
           "schade", "leider", "mull", "mist", "flop", "uberbewertet", "uberschatzt", "frass", "fras", "absurd",
           "zumutung", "katastroph", "grottig", "scheiss", "kacke", "gruselig", "unbrauchbar", "nutzlos",
           "umsonst", "reingefallen", "ubel", "unlogisch", "respektlos", "kritisch", "bedenklich", "gefahrlich",
           "holprig", "anstrengend", "unverstandlich", "oberflachlich", "schwachsinn", "armselig", "dreck"),
    "en": ("bad", "terribl", "awful", "horribl", "worst", "boring", "disappoint", "meh", "disgust", "overpric",
           "overhyp", "overrat", "waste", "garbage", "trash", "suck", "hate", "annoy", "unsubscrib", "unfollow",
           "scam", "cringe", "ruin", "burnt", "bland", "soggy", "broke", "wrong", "mislead", "ridicul", "lame",
           "useless", "fail", "dislike", "unfortunat", "sadly", "nope", "yikes", "ugh", "eww", "fake", "staged",
           "scripted", "lazy", "flimsy", "cheap", "meaningless", "unrealistic", "pointless", "poor", "sloppy",
           "messy", "gross", "nasty", "mediocre", "underwhelm", "problem", "issue", "regret", "misinform",
           "dangerous", "irresponsib", "pilled", "worse", "ugly", "rubbish", "crap", "nonsense", "bullshit", "junk",
           "embarrass", "pathetic"),
}
_POSITIVE_STEMS = {
    "de": ("lecker", "toll", "super", "mega", "geil", "wunderschon", "liebe", "lieb", "danke", "genial", "perfekt",
           "klasse", "hammer", "wunderbar", "wundervoll", "fantastisch", "grossartig", "kostlich", "spitze", "cool",
           "stark", "begeistert", "gefallt", "freu", "inspirier", "hilfreich", "suss", "hubsch", "traumhaft",
           "gelungen", "gut", "beste", "schmeckt", "empfehl", "sympathisch", "herrlich", "himmlisch", "bombe",
           "respekt", "gansehaut", "wahnsinn", "gratulier", "gluckwunsch", "endlich", "chapeau", "hut ab", "yummy",
           "nice", "love", "verliebt", "bewunder", "beeindruck", "schon", "sauber", "weltklasse", "stolz", "feier",
           "witzig", "lustig", "niedlich", "zucker", "goldig", "entspann", "gemutlich", "lohnt"),
    "en": ("love", "great", "good", "nice", "amazing", "awesome", "beautiful", "delicious", "perfect", "fantastic",
           "wonderful", "best", "excellent", "thank", "helpful", "gorgeous", "cute", "brilliant", "incredible", "fire",
           "obsessed", "stunning", "inspir", "favourite", "favorite", "wow", "yum", "tasty", "worth", "recommend",
           "enjoy", "glad", "happy", "fun", "adorable", "pretty", "impress", "masterpiece", "respect", "congrat",
           "proud", "legend", "genius", "accurate", "goosebump", "finally", "funny", "hilarious", "iconic", "slay",
           "queen", "king", "underrated", "banger", "lovely", "sweet", "cool", "appreciat", "useful", "smart",
           "clean", "stylish", "elegant", "cozy", "cosy", "wholesome", "gem", "win", "superb", "fab", "medal"),
}
_LAUGH = re.compile(r"(?<!\w)(?:ha(?:ha)+|he(?:he)+|lol+|lmao+|rofl|xd+|😂|🤣|😭|💀|🥹|🥺|😅)")
_POSITIVE_EMOJI = frozenset("❤♥😍🥰😘💕💖💗💓💞💚💛💜🧡🤍🖤🩷🔥👏🙌💯✨😋🤤🤩😊😁😀😃😄👍💪🫶🙏🎉🥳😂🤣😭💀🥹🥺😅"
                            "🙂😉🤗😎👌✌🏆⭐🌟")
_NEGATIVE_EMOJI = frozenset("😡🤬🤮👎😒🙄💩🤢😤😠😑🤦🙃😬😕")
_EYEROLL = frozenset("🙄😒🙃")     # after praise: sarcasm ("great, another ad 🙄")
_EMOJI = _POSITIVE_EMOJI | _NEGATIVE_EMOJI
_FLIP_WINDOW = 3
_CONTRAST = _vocab("but aber though tho doch trotzdem jedoch allerdings")
_CONTRAST_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_CONTRAST)) + r")(?!\w)")
_YOU_WINDOW = 4


_POSITIVE, _NEGATIVE, _INSULT, _DEROGATORY = 1, 2, 4, 8
_WORD_CLASSES: dict[str, dict[str, int]] = {"de": {}, "en": {}}
_SELF_WORDS = frozenset({"ich", "i", "i'm", "im", "me", "mich", "myself"})


def _word_class(language: str, word: str) -> int:
    """The word's classes (bits: positive, negative, insult, derogatory), memoised per language."""
    known = _WORD_CLASSES[language]
    found = known.get(word)
    if found is None:
        found = ((_NEGATIVE if word.startswith(_NEGATIVE_STEMS[language])
                  else _POSITIVE if word.startswith(_POSITIVE_STEMS[language]) else 0)
                 | (_INSULT if word.startswith(_INSULT_STEMS) else 0)
                 | (_DEROGATORY if word.startswith(_DEROGATORY_STEMS) else 0))
        if len(known) < 250_000:
            known[word] = found
    return found


def _hostile(key: str, words: Sequence[str], classes: Sequence[int]) -> bool:
    if not _HOSTILE_WORDS.isdisjoint(words):
        for match in _HOSTILE.finditer(key):
            if not _SELF.search(key[:match.start()]):
                return True
    you: list[int] | None = None
    for i, found in enumerate(classes):
        if found & _INSULT:
            if _SELF_WORDS.isdisjoint(words[max(0, i - 3):i]):
                return True
        elif found & _DEROGATORY:
            if you is None:
                you = [j for j, w in enumerate(words) if w in _YOU]
            if any(abs(i - j) <= _YOU_WINDOW for j in you):
                return True
    return False


def _tone(key: str, words: Sequence[str], question: bool, language: str) -> str:
    known = _WORD_CLASSES[language]
    classes = [known[w] if w in known else _word_class(language, w) for w in words]
    if _hostile(key, words, classes):
        return "hostile"
    sarcasm = not _SARCASM_WORDS.isdisjoint(words) and bool(_SARCASM.search(key))
    # After "but"/"aber" the second clause is what the comment means ("not a fan of orzo, but this was good"):
    # what stands before it counts half.
    turn = max((i for i, w in enumerate(words) if w in _CONTRAST), default=-1)
    turn_at = max((m.start() for m in _CONTRAST_RE.finditer(key)), default=-1) if turn >= 0 else -1
    negative = sum(1 if m.start() < turn_at else 2 for m in _NEGATIVE_PHRASES.finditer(key))
    positive = 0
    for i, found in enumerate(classes):
        polarity = -1 if found & _NEGATIVE else 1 if found & _POSITIVE else 0
        if not polarity:
            continue
        if not _NEGATORS.isdisjoint(words[max(0, i - _FLIP_WINDOW):i]):
            polarity = -polarity
        weight = 2 if turn >= 0 and i > turn else 1
        if polarity > 0:
            positive += weight
        else:
            negative += weight
    if not key.isascii():
        present = _EMOJI.intersection(key)   # each emoji once: "😍😍😍" is one cheer
        # In the order they first appear (a set's order changes with PYTHONHASHSEED): an eye-roll is
        # sarcasm only after praise, "das video 😍🙄" but not "🙄😍".
        for char in sorted(present, key=key.index) if len(present) > 1 else present:
            if char in _NEGATIVE_EMOJI:
                negative += 1
                sarcasm = sarcasm or (char in _EYEROLL and positive > 0)
            else:
                positive += 1
    elif _LAUGH.search(key) and not negative:
        positive += 1
    if sarcasm:
        return "negative"
    if negative > positive:
        return "negative"
    if positive > negative and not (question and positive == 1 and not negative and len(words) > 6):
        return "positive"
    return "neutral"


# -- substance -------------------------------------------------------------------------------------

_FILLER = _vocab("""
pretty gorgeous stunning adorable cute yum yummy fire queen king obsessed perfect goals vibes insane legend
iconic slay omg lol haha hahaha wunderschon traumhaft genial perfekt herrlich fantastisch grossartig spitze
stark suss hubsch wahnsinn krass bombe top erste erster first second wahnsinnig unglaublich absolutely
totally literally sooo soooo awesome beautiful amazing lovely thank thanks danke dankeschon bitte please
follow folge abonniert subscribed url @user email phonenumber cryptoaddress girl boy guys leute lieben liebe
inspiration inspiring inspirierend motivation motivierend favorite favourite lieblings channel kanal
lmao lmaooo lmfao bro dude everything always immer einfach richtig endlich finally mal wieder respect respekt
""")
_CONTENT_RE = re.compile(r"[^\W\d_]{3,}")
# Signs of a specific statement: a number, a comparison, a reason, an own experience, a tip.
_DETAIL = _words(
    r"\d+", r"statt", r"stattdessen", r"anstatt", r"instead", r"weil", r"because", r"since", r"bc", r"da ich",
    r"bei mir", r"bei uns", r"for me", r"fur mich", r"tipp?", r"tip",
    r"genommen", r"benutzt", r"verwendet", r"used", r"using", r"tried", r"made", r"hab (?:\w+ ){0,3}\w+t",
    r"i (?:did|do|use|had|have|make|made|tried|found|swapped|added)", r"unlike", r"compared", r"im vergleich",
    r"minuten?", r"minutes?", r"grad", r"degrees",
)


def _content_words(words: Sequence[str]) -> list[str]:
    return [w for w in words if len(w) >= 3 and w not in STOPWORDS and w not in _FILLER and w not in _NEGATORS
            and _CONTENT_RE.fullmatch(w)]


@dataclass(frozen=True, slots=True)
class _TextFacts:
    """What a comment's text alone says (cached per text; the post decides the rest)."""

    key: str
    language: str | None
    question: bool
    life: bool
    product_word: bool
    intent: bool
    tone: str
    content: tuple[str, ...]
    detail: bool


@lru_cache(maxsize=1 << 16)
def _text_facts(raw: str, section_language: str | None) -> _TextFacts:
    from vetting.comment_features import comment_key

    key = comment_key(raw)   # normalize_comment, from the cache the comment cues filled
    words = _WORD_RE.findall(key)
    language = comment_language(key, section_language, words)
    if language is None:
        return _TextFacts(key, None, False, False, False, False, "neutral", (), False)
    tone = _tone(key, words, False, language)
    question = tone != "hostile" and _real_question(key, words)   # an insult in question form asks nothing
    if question and tone == "positive":
        tone = _tone(key, words, True, language)
    intent = _intent(key, words, language)
    if intent and tone == "neutral":
        tone = "positive"   # wanting, buying or making what is shown is a favourable attitude
    content = tuple(dict.fromkeys(_content_words(words)))
    return _TextFacts(
        key=key,
        language=language,
        question=question,
        life=question and bool(_LIFE.search(key)),
        product_word=question and bool(_PRODUCT.search(key)),
        intent=intent,
        tone=tone,
        content=content,
        detail=len(content) >= 4 and bool(_DETAIL.search(key)),   # cheap test first
    )


def comment_traits(text: str | None, *, section_language: str | None = None, profile: PostProfile | None = None,
                   generic: bool = False) -> Traits:
    """The :class:`Traits` of one comment by someone other than the creator.

    ``section_language``: the language most of the creator's audience writes in (decides emoji-only
    and one-word comments); ``profile``: the post's :func:`vetting.relevance.post_profile` (a question
    sharing a content word with it is about the post); ``generic``: the bot model called the text
    context-free praise (never substantive).

    >>> comment_traits("Welche Form nimmst du?", section_language="de")
    Traits(language='de', question=True, product_question=True, purchase_intent=False, substantive=True, tone='neutral')
    >>> comment_traits("Nicht lecker.").tone, comment_traits("how cute is that?!").question
    ('negative', False)
    """
    return _rules(text, section_language, profile, generic)[0]


def _rules(text: str | None, section_language: str | None, profile: PostProfile | None,
           generic: bool) -> tuple[Traits, _TextFacts | None, bool]:
    """``(the rules' traits, the text facts, shares a word with the post)``; ``None`` facts when not assessed."""
    if not text:
        return NOT_ASSESSED, None, False
    facts = _text_facts(text, section_language)
    if facts.language is None:
        return NOT_ASSESSED, None, False
    on_post = profile is not None and bool(facts.content) and shares_content(facts.content, profile)
    product = facts.question and not facts.life and (facts.product_word or on_post)
    n = len(facts.content)
    substantive = not generic and facts.tone != "hostile" and (
        product or facts.detail or (n >= 3 and on_post) or n >= 7)
    return (Traits(language=facts.language, question=facts.question, product_question=product,
                   purchase_intent=facts.intent, substantive=substantive, tone=facts.tone), facts, on_post)


def clear_cache() -> None:
    """Forget the per-text facts and model answers (bounded caches; for runs and long-lived processes)."""
    _text_facts.cache_clear()
    _MODEL_ANSWERS.clear()


# -- the model on top of the rules ----------------------------------------------------------------

_RULE_LABELS = ("question", "product_question", "purchase_intent", "substantive")
_MODEL_ANSWERS: dict[str, tuple[bool, ...]] = {}
_MODEL_CACHE_SIZE = 200_000


def rule_inputs(text: str | None, section_language: str | None, post: PostProfile | str | None,
                generic: bool = False) -> tuple[str, Traits, bool]:
    """``(model input, the rules' traits, shares a word with the post)`` of one comment; the model
    input is empty when the comment is not assessed (``post``: a profile or the post's text)."""
    if isinstance(post, str):
        post = post_profile(None, post, ())
    rules, facts, on_post = _rules(text, section_language, post, generic)
    if facts is None:
        return "", rules, False
    labels = [name for name in _RULE_LABELS if getattr(rules, name)] + [f"tone_{rules.tone}"]
    return model_text(facts.key, labels, on_post), rules, on_post
