"""Text fragments and composers for the sandbox world: captions, bios and comments.

Everything here is invented. Texts are composed from many small fragments (openers, bodies with
slots, closers, emoji, typos) so that a classifier cannot learn one template per label. Each
composer takes a ``random.Random`` so the world stays deterministic.
"""

from __future__ import annotations

import random

__all__ = [
    "BRANDS",
    "GAMBLING_BRANDS",
    "HOSTILE_TEXTS",
    "LANGUAGES",
    "LANGUAGE_WEIGHTS",
    "LLM_SIGNATURE_EMOJI",
    "OFF_NICHE_TOPICS",
    "UNICODE_STYLES",
    "answer_reply",
    "bio",
    "bot_comment",
    "caption",
    "creator_reply",
    "crypto_chain_reply",
    "crypto_chain_top",
    "crypto_expert",
    "display_name",
    "emoji_fan_comment",
    "follow_bait_comment",
    "gambling_comment",
    "generic_comment",
    "genuine_comment",
    "giveaway_comment",
    "handle",
    "hostile_comment",
    "llm_praise_comment",
    "llm_praise_skeletons",
    "llm_praise_slots",
    "lookalike_display_name",
    "lookalike_handles",
    "negative_comment",
    "praise_comment",
    "purchase_intent_comment",
    "question_comment",
    "styled",
    "video_title",
]

LANGUAGES = ("de", "en", "fr", "es", "it", "nl")
LANGUAGE_WEIGHTS = (0.40, 0.35, 0.07, 0.07, 0.06, 0.05)

# Fictional brands (name, handle) for sponsored posts.
BRANDS = (
    ("GreenSpoon", "greenspoon"),
    ("Hafervoll", "hafervoll"),
    ("SoyaSonne", "soyasonne"),
    ("NuttyBay", "nuttybay"),
    ("Linsenliebe", "linsenliebe"),
    ("Kokoskraft", "kokoskraft"),
    ("PlantPantry", "plantpantry"),
    ("Ofenglück", "ofenglueck"),
    ("TofuTown", "tofutown_shop"),
    ("Mandelmilchwerk", "mandelmilchwerk"),
)

OFF_NICHE_TOPICS = ("gaming", "crypto", "cars")

# Hostile strings planted in bios, captions and comments for export/report tests.
HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1,2)",
    "@cmd",
    "-2+3",
)

# -- names ------------------------------------------------------------------------------------

_FIRST = {
    "de": (
        "Lena",
        "Jonas",
        "Mia",
        "Felix",
        "Hannah",
        "Lukas",
        "Sophie",
        "Paul",
        "Clara",
        "Moritz",
        "Greta",
        "Tim",
    ),
    "en": ("Emma", "Oliver", "Ava", "Jack", "Chloe", "Noah", "Grace", "Liam", "Ruby", "Ethan", "Isla", "Sam"),
    "fr": ("Camille", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Théo", "Inès"),
    "es": ("Lucía", "Mateo", "Sofía", "Pablo", "Carmen", "Diego", "Elena", "Javi"),
    "it": ("Giulia", "Luca", "Chiara", "Marco", "Sara", "Matteo", "Francesca", "Paolo"),
    "nl": ("Sanne", "Daan", "Fleur", "Bram", "Lotte", "Ruben", "Anouk", "Jesse"),
}
_HANDLE_PARTS_A = (
    "green",
    "plant",
    "veggie",
    "hafer",
    "linsen",
    "kitchen",
    "cozy",
    "little",
    "happy",
    "wild",
    "urban",
    "simple",
    "sunny",
    "kraut",
    "gemuese",
    "spice",
    "tofu",
    "bowl",
    "ofen",
    "fresh",
    "daily",
    "herb",
)
_HANDLE_PARTS_B = (
    "kitchen",
    "bites",
    "cooks",
    "table",
    "eats",
    "pantry",
    "spoon",
    "bowls",
    "kueche",
    "teller",
    "diaries",
    "journal",
    "lab",
    "corner",
    "life",
    "plate",
    "garden",
    "club",
    "love",
    "stories",
)
_OFF_HANDLE = {
    "gaming": ("pixel", "respawn", "noscope", "speedrun", "lootbox", "gg"),
    "crypto": ("hodl", "moon", "satoshi", "chain", "defi", "alpha"),
    "cars": ("turbo", "drift", "boost", "garage", "rpm", "tuning"),
}
_FAN_WORDS = (
    "anna",
    "mike",
    "sunflower",
    "kathi",
    "tom",
    "bea",
    "marco",
    "julie",
    "nils",
    "frida",
    "oskar",
    "lina",
    "maus",
    "fox",
    "bear",
    "moon",
    "pepper",
    "cookie",
    "basil",
    "olive",
    "maple",
    "river",
    "pixel",
    "nova",
)


def handle(rng: random.Random, topic: str = "food") -> str:
    """A plausible creator handle, e.g. ``greenbowls_lena``."""
    if topic in _OFF_HANDLE:
        a = rng.choice(_OFF_HANDLE[topic])
        b = rng.choice(("master", "daily", "zone", "king", "life", "hub", "talk"))
    else:
        a, b = rng.choice(_HANDLE_PARTS_A), rng.choice(_HANDLE_PARTS_B)
    style = rng.random()
    if style < 0.4:
        return f"{a}{b}"
    if style < 0.7:
        return f"{a}_{b}"
    return f"{a}{b}{rng.randint(1, 99)}"


def fan_handle(rng: random.Random, kind: str) -> str:
    """A commenter handle; bots get the usual spam-account shapes."""
    if kind == "bot":
        return (
            rng.choice(("promo", "growth", "boost", "crypto", "glow", "follow", "fx", "cash"))
            + rng.choice(("_official", "_hq", "bot", "4you", "_daily", "_team"))
            + str(rng.randint(10, 99999))
        )
    word = rng.choice(_FAN_WORDS)
    return rng.choice(
        (word, f"{word}_{rng.randint(1, 999)}", f"{word}.{rng.choice(_FAN_WORDS)}", f"the{word}")
    )


def display_name(rng: random.Random, language: str) -> str:
    """A first name, sometimes with a surname initial, emoji or a tagline."""
    name = rng.choice(_FIRST.get(language, _FIRST["en"]))
    style = rng.random()
    if style < 0.3:
        return f"{name} {rng.choice('ABCDEFGHKLMNPRSTW')}."
    if style < 0.5:
        return f"{name} {rng.choice(('🌱', '🥑', '🍜', '🌿', '🥕'))}"
    if style < 0.6:
        return (
            f"{name} | {rng.choice(('vegan kitchen', 'Pflanzenküche', 'cuisine végétale', 'cocina vegana'))}"
        )
    return name


# -- posts --------------------------------------------------------------------------------------

_DISHES = {
    "de": (
        "Linsen-Bolognese",
        "Kichererbsen-Curry",
        "Ofengemüse mit Tahini",
        "Hafer-Porridge mit Beeren",
        "Tofu-Rührei",
        "Kürbissuppe",
        "Gemüselasagne",
        "Bananenbrot ohne Ei",
        "Spinat-Knödel",
        "Rote-Linsen-Dal",
        "Pilzrisotto",
        "Kartoffelsalat mit Senfdressing",
        "Zucchini-Puffer",
    ),
    "en": (
        "lentil bolognese",
        "chickpea curry",
        "roasted veg tray bake",
        "overnight oats",
        "tofu scramble",
        "pumpkin soup",
        "mushroom stroganoff",
        "banana bread",
        "black bean tacos",
        "peanut noodles",
        "cauliflower wings",
        "three-bean chili",
        "lemon pasta",
    ),
    "fr": (
        "curry de pois chiches",
        "soupe au potiron",
        "ratatouille",
        "gratin de légumes",
        "dahl de lentilles",
    ),
    "es": (
        "curry de garbanzos",
        "crema de calabaza",
        "tacos de frijoles",
        "paella de verduras",
        "lentejas guisadas",
    ),
    "it": ("pasta e ceci", "risotto ai funghi", "minestrone", "lasagne di verdure", "polpette di lenticchie"),
    "nl": ("linzensoep", "kikkererwtencurry", "groentelasagne", "bananenbrood", "pompoensoep"),
}
_CAPTION_OPEN = {
    "de": (
        "Heute gibt's",
        "Neues Rezept:",
        "Schnelles Feierabendessen:",
        "Sonntagsessen:",
        "Meal-Prep-Idee:",
        "Wer hat Lust auf",
        "Mein Lieblingsrezept diese Woche:",
    ),
    "en": (
        "Today's dinner:",
        "New recipe up:",
        "Quick weeknight win:",
        "Sunday cooking:",
        "Meal prep idea:",
        "Who's up for",
        "My favourite recipe this week:",
    ),
    "fr": ("Nouvelle recette :", "Ce soir :", "Idée meal prep :"),
    "es": ("Nueva receta:", "Cena rápida:", "Idea para meal prep:"),
    "it": ("Nuova ricetta:", "Cena veloce:", "Idea per il pranzo:"),
    "nl": ("Nieuw recept:", "Snel avondeten:", "Meal prep idee:"),
}
_CAPTION_BODY = {
    "de": (
        "in 25 Minuten fertig, alles aus einem Topf.",
        "mit viel Knoblauch und frischen Kräutern.",
        "proteinreich und günstig, perfekt für die Woche.",
        "die Kids haben zweimal nachgenommen!",
        "Rezept steht wie immer unten.",
        "glutenfrei, wenn ihr die Pasta austauscht.",
    ),
    "en": (
        "ready in 25 minutes, all in one pot.",
        "loads of garlic and fresh herbs.",
        "high protein and cheap, great for the week.",
        "the kids went back for seconds!",
        "recipe below as always.",
        "gluten-free if you swap the pasta.",
    ),
    "fr": ("prêt en 25 minutes.", "plein d'épices et de légumes de saison.", "la recette est en bas."),
    "es": ("lista en 25 minutos.", "con muchas especias y verduras de temporada.", "receta abajo."),
    "it": ("pronta in 25 minuti.", "con tante spezie e verdure di stagione.", "ricetta qui sotto."),
    "nl": ("klaar in 25 minuten.", "met veel kruiden en seizoensgroenten.", "recept hieronder."),
}
_EXTRA_TAGS = (
    "vegan",
    "rezepte",
    "kochen",
    "foodie",
    "mealprep",
    "plantbasedfood",
    "veganfood",
    "gesundessen",
    "onepot",
    "healthyfood",
    "recette",
    "receta",
    "ricetta",
    "recept",
)
_OFF_CAPTIONS = {
    "gaming": (
        "New speedrun PB on the castle level, chat was wild",
        "Ranked grind tonight, who's joining?",
        "Neues Setup ist endlich fertig, 240 Hz baby",
        "This boss fight took me 40 tries",
    ),
    "crypto": (
        "BTC looking bullish on the weekly, not financial advice",
        "Staking rewards update for this month",
        "Altcoin season incoming? My top 5 picks",
        "Warum ich meine ETH nicht verkaufe",
    ),
    "cars": (
        "Finally installed the new turbo, dyno day tomorrow",
        "Track day recap: new lap record",
        "Ölwechsel und neue Felgen, sieht sie nicht gut aus?",
        "Cold start sound check 🔊",
    ),
}
_OFF_TAGS = {
    "gaming": ("gaming", "speedrun", "twitch", "pcgaming"),
    "crypto": ("crypto", "bitcoin", "defi", "web3"),
    "cars": ("cars", "tuning", "trackday", "carsofmastodon"),
}
_SPONSOR_MARKERS = (
    "#ad",
    "#anzeige",
    "#werbung",
    "Werbung |",
    "in Kooperation mit @{brand}",
    "paid partnership with @{brand}",
    "#sponsored",
    "Anzeige: in Zusammenarbeit mit @{brand}",
)


def caption(
    rng: random.Random,
    language: str,
    *,
    topic: str,
    hashtags: list[str],
    brand: tuple[str, str] | None = None,
    hostile: str | None = None,
) -> tuple[str, str]:
    """Return ``(plain text with hashtags, dish or subject)`` for a post."""
    if topic in _OFF_CAPTIONS:
        subject = rng.choice(_OFF_CAPTIONS[topic])
        parts = [subject + rng.choice(("", "!", " 🔥", " 😅", "."))]
    else:
        lang = language if language in _DISHES else "en"
        subject = rng.choice(_DISHES[lang])
        emoji = rng.choice(("🌱", "🥘", "😋", "", "✨", "🍲"))
        parts = [f"{rng.choice(_CAPTION_OPEN[lang])} {subject} {emoji}".strip()]
        parts.append(rng.choice(_CAPTION_BODY[lang]))
    if brand is not None:
        marker = rng.choice(_SPONSOR_MARKERS).format(brand=brand[1])
        if "@" not in marker:
            marker = f"{marker} {brand[0]} (@{brand[1]})"
        parts.insert(0 if marker.endswith("|") or rng.random() < 0.5 else len(parts), marker)
    if hostile:
        parts.append(hostile)
    text = " ".join(parts)
    tags = " ".join(f"#{tag}" for tag in hashtags)
    return (f"{text}\n\n{tags}" if tags else text), subject


def post_hashtags(rng: random.Random, topic: str, crawled: list[str]) -> list[str]:
    """Hashtags for one post: the chosen crawled tags plus topic tags, no repeats."""
    pool = _OFF_TAGS.get(topic, _EXTRA_TAGS)
    extra = rng.sample(pool, k=rng.randint(1, min(3, len(pool))))
    seen: dict[str, None] = {}
    for tag in [*crawled, *extra]:
        seen.setdefault(tag, None)
    return list(seen)


def video_title(rng: random.Random, subject: str, language: str) -> str:
    """A YouTube-style title around a dish or subject."""
    patterns = {
        "de": ("{s} – einfach & schnell", "{s} | Rezept für jeden Tag", "So gelingt {s} immer!"),
        "en": ("{s} (easy & quick)", "The BEST {s} I've ever made", "{s} | everyday recipe"),
    }.get(language, ("{s}", "{s} 🌱", "{s} – recipe"))
    return rng.choice(patterns).format(s=subject[:1].upper() + subject[1:])


# -- bios ---------------------------------------------------------------------------------------

_BIO = {
    "de": (
        "Pflanzliche Rezepte für den Alltag.",
        "Ich koche vegan, einfach und günstig.",
        "Food-Bloggerin aus {city}.",
        "Neue Rezepte jeden Dienstag.",
        "Hafer, Linsen, Liebe.",
    ),
    "en": (
        "Plant-based recipes for busy people.",
        "Cooking simple vegan food on a budget.",
        "Food writer from {city}.",
        "New recipes every Tuesday.",
        "Oats, lentils, love.",
    ),
    "fr": ("Recettes végétales du quotidien.", "Cuisine vegan simple depuis {city}."),
    "es": ("Recetas veganas fáciles.", "Cocina vegetal desde {city}."),
    "it": ("Ricette vegetali per tutti i giorni.", "Cucina vegana da {city}."),
    "nl": ("Plantaardige recepten voor elke dag.", "Vegan koken vanuit {city}."),
}
_CITIES = (
    "Berlin",
    "Hamburg",
    "Wien",
    "Zürich",
    "Köln",
    "London",
    "Leeds",
    "Lyon",
    "Madrid",
    "Bologna",
    "Utrecht",
)
_OFF_BIO = {
    "gaming": "Streamer, speedrunner, snack enthusiast.",
    "crypto": "On-chain since 2017. Not financial advice.",
    "cars": "Boost, burnouts and garage days.",
}


def bio(
    rng: random.Random, language: str, *, topic: str, hashtags: list[str], nobot: bool, hostile: str | None
) -> str:
    """A plain-text profile bio (rendered to HTML by the Mastodon payload code)."""
    lang = language if language in _BIO else "en"
    if topic in _OFF_BIO:
        parts = [_OFF_BIO[topic], rng.choice(_BIO[lang]).format(city=rng.choice(_CITIES))]
    else:
        parts = rng.sample(_BIO[lang], k=min(2, len(_BIO[lang])))
        parts = [p.format(city=rng.choice(_CITIES)) for p in parts]
    if hashtags:
        parts.append(" ".join(f"#{t}" for t in hashtags[:2]))
    if nobot:
        parts.append("#nobot")
    if hostile:
        parts.append(hostile)
    return " ".join(parts)


# -- comments -----------------------------------------------------------------------------------

_EMOJI = ("😍", "🔥", "😋", "🙌", "💚", "👏", "🤤", "❤️", "🌱", "😊", "🥰", "👌", "😂", "🙏")

_GENUINE = {
    "de": {
        "open": (
            "Oh wow,",
            "Hab's ausprobiert:",
            "Frage:",
            "Hmm,",
            "Ehrlich gesagt",
            "Liebe {c},",
            "Mega,",
            "",
            "Kurze Rückmeldung:",
            "Also",
        ),
        "body": (
            "kann man statt {ing} auch {sub} nehmen?",
            "hab das gestern nachgekocht, meine Kinder fanden es super",
            "wie lange hält sich das im Kühlschrank?",
            "mir war es ein bisschen zu salzig, nächstes Mal nehme ich weniger Sojasauce",
            "funktioniert das auch mit {sub}? Hab kein {ing} da",
            "bei mir ist der Teig zu flüssig geworden, was mach ich falsch?",
            "hab noch {sub} dazugegeben, war richtig lecker",
            "meine Oma hat das früher ganz ähnlich gemacht, nur mit {ing}",
            "kann man das einfrieren?",
            "die {d} war ein voller Erfolg beim Grillabend",
            "ich finde {ing} passt da nicht so rein, eher {sub}",
            "wieviel Gramm {ing} genau? Im Video sieht es nach mehr aus",
            "zum dritten Mal gemacht diese Woche 😅",
            "welchen Topf benutzt du da?",
        ),
        "close": (
            "Danke fürs Rezept!",
            "LG aus {city}",
            "",
            "",
            "Weiter so!",
            "Bin gespannt!",
            "Daumen hoch",
        ),
    },
    "en": {
        "open": (
            "Omg",
            "Tried this:",
            "Question:",
            "Hmm",
            "Honestly",
            "Hey {c},",
            "Just made it -",
            "",
            "So",
            "Ok",
        ),
        "body": (
            "can I swap the {ing} for {sub}?",
            "made this yesterday, my kids loved it",
            "how long does it keep in the fridge?",
            "a bit too salty for me, I'd use less soy sauce next time",
            "would this work with {sub}? don't have any {ing}",
            "my batter came out way too runny, what did I do wrong?",
            "added some {sub} and it was amazing",
            "my grandma used to make something similar but with {ing}",
            "can you freeze this?",
            "the {d} was a huge hit at our potluck",
            "not sure {ing} belongs in there tbh, I'd go with {sub}",
            "how many grams of {ing} exactly? looks like more in the video",
            "third time making it this week lol",
            "what pan are you using?",
        ),
        "close": (
            "Thanks for the recipe!",
            "greetings from {city}",
            "",
            "",
            "keep them coming",
            "saving this!",
        ),
    },
    "fr": {
        "open": ("Trop bien,", "Question :", "Testé hier :", ""),
        "body": (
            "on peut remplacer {ing} par {sub} ?",
            "mes enfants ont adoré",
            "ça se congèle ?",
            "un peu trop salé pour moi",
            "j'ai ajouté {sub}, c'était top",
        ),
        "close": ("Merci !", "", "Bisous de {city}"),
    },
    "es": {
        "open": ("¡Qué rico!", "Pregunta:", "Lo hice ayer:", ""),
        "body": (
            "¿se puede cambiar {ing} por {sub}?",
            "a mis hijos les encantó",
            "¿se puede congelar?",
            "me quedó un poco salado",
            "le puse {sub} y quedó genial",
        ),
        "close": ("¡Gracias!", "", "Saludos desde {city}"),
    },
    "it": {
        "open": ("Buonissimo!", "Domanda:", "Fatto ieri:", ""),
        "body": (
            "posso sostituire {ing} con {sub}?",
            "ai miei figli è piaciuto tantissimo",
            "si può congelare?",
            "un po' troppo salato per me",
            "ho aggiunto {sub}, top",
        ),
        "close": ("Grazie!", "", "Un saluto da {city}"),
    },
    "nl": {
        "open": ("Heerlijk!", "Vraagje:", "Gisteren gemaakt:", ""),
        "body": (
            "kan ik {ing} vervangen door {sub}?",
            "mijn kinderen vonden het geweldig",
            "kun je dit invriezen?",
            "iets te zout voor mij",
            "ik heb {sub} toegevoegd, echt lekker",
        ),
        "close": ("Bedankt!", "", "Groetjes uit {city}"),
    },
}
_QUESTION_OPENERS = frozenset({"Frage:", "Question:", "Question :", "Pregunta:", "Domanda:", "Vraagje:"})
_ING = (
    "tahini",
    "Kokosmilch",
    "coconut milk",
    "Haferdrink",
    "oat milk",
    "Cashews",
    "cashews",
    "smoked paprika",
    "Räuchertofu",
    "tempeh",
    "Hefeflocken",
    "nutritional yeast",
    "Sojasauce",
    "maple syrup",
    "Ahornsirup",
)
_SUB = (
    "Erdnussmus",
    "peanut butter",
    "Sojajoghurt",
    "soy yogurt",
    "Mandeln",
    "almonds",
    "sunflower seeds",
    "Kichererbsen",
    "chickpeas",
    "Agavendicksaft",
    "agave",
    "rice vinegar",
    "Zitronensaft",
    "lime juice",
)
# Personal details that make real comments differ from each other (who cooked, when, for whom).
_WHO = {
    "de": ("meine Kinder", "mein Freund", "meine Mitbewohnerin", "mein Papa", "die ganze WG", "meine Kollegin",
           "mein Sohn", "meine Schwester", "unsere Gäste", "meine Oma", "mein Mann", "die Kids", "meine Nachbarin"),
    "en": ("my kids", "my boyfriend", "my roommate", "my dad", "the whole house", "my coworker", "my son",
           "my sister", "our guests", "my grandma", "my husband", "the kids", "my neighbour"),
    "fr": ("mes enfants", "mon copain", "ma coloc", "mon père", "ma sœur", "nos invités", "ma grand-mère",
           "mon mari", "ma voisine", "mes collègues"),
    "es": ("mis hijos", "mi novio", "mi compañera de piso", "mi padre", "mi hermana", "los invitados",
           "mi abuela", "mi marido", "mi vecina", "mis compañeros"),
    "it": ("i miei figli", "il mio ragazzo", "la mia coinquilina", "mio padre", "mia sorella", "gli ospiti",
           "mia nonna", "mio marito", "la mia vicina", "i colleghi"),
    "nl": ("mijn kinderen", "mijn vriend", "mijn huisgenoot", "mijn vader", "mijn zus", "onze gasten",
           "mijn oma", "mijn man", "de buurvrouw", "mijn collega's"),
}
_WHEN = {
    "de": ("gestern", "am Sonntag", "heute Mittag", "letzte Woche", "zum Geburtstag", "nach dem Training",
           "fürs Büro", "im Urlaub", "am Wochenende", "zum Brunch", "spontan am Abend", "vorgestern"),
    "en": ("yesterday", "on Sunday", "for lunch today", "last week", "for a birthday", "after the gym",
           "for work", "on holiday", "at the weekend", "for brunch", "late last night", "two days ago"),
    "fr": ("hier soir", "dimanche", "ce midi", "la semaine dernière", "pour un anniversaire", "ce week-end",
           "pour le bureau", "avant-hier"),
    "es": ("anoche", "el domingo", "hoy al mediodía", "la semana pasada", "para un cumpleaños", "este finde",
           "para el trabajo", "anteayer"),
    "it": ("ieri sera", "domenica", "oggi a pranzo", "la settimana scorsa", "per un compleanno", "nel weekend",
           "per l'ufficio", "l'altro ieri"),
    "nl": ("gisteravond", "zondag", "vanmiddag", "vorige week", "voor een verjaardag", "dit weekend",
           "voor op kantoor", "eergisteren"),
}
_DETAIL = {
    "de": ("{who} wollte gleich noch eine Portion", "{when} gibt's das bei uns nochmal", "{who} hat's mir empfohlen",
           "hab {when} die doppelte Menge gemacht", "{who} war skeptisch und ist jetzt Fan",
           "das {d} hab ich {when} für {who} gemacht", "beim nächsten Mal mach ich mehr für {who}",
           "{who} fragt schon, wann es wieder {d} gibt", "hab {when} {n} Portionen vorgekocht",
           "{when} mit {sub} probiert, auch gut", "{who} hat den Teller leer gegessen"),
    "en": ("{who} asked for seconds", "making it again {when}", "{who} recommended your channel to me",
           "doubled the batch {when}", "{who} was sceptical and is now a fan", "made the {d} {when} for {who}",
           "next time I'll make more for {who}", "{who} keeps asking when we're having {d} again",
           "meal prepped {n} portions {when}", "tried it with {sub} {when}, also good", "{who} cleaned the plate"),
    "fr": ("{who} en ont repris {when}", "je le refais {when}", "fait {when} pour {who}", "{who} a adoré",
           "j'en ai fait {n} portions {when}", "testé avec {sub} {when}"),
    "es": ("{who} repitieron {when}", "lo repito {when}", "lo hice {when} para {who}", "a {who} le encantó",
           "hice {n} raciones {when}", "probé con {sub} {when}"),
    "it": ("{who} hanno fatto il bis {when}", "lo rifaccio {when}", "fatto {when} per {who}",
           "{who} l'ha adorato", "ho fatto {n} porzioni {when}", "provato con {sub} {when}"),
    "nl": ("{who} wilde {when} nog een bord", "ik maak het {when} weer", "{when} gemaakt voor {who}",
           "{who} vond het heerlijk", "{n} porties gemaakt {when}", "{when} geprobeerd met {sub}"),
}
_OFF_TAIL = ("tbh", "ngl", "since last patch", "seit dem Update", "in my experience", "bei mir jedenfalls",
             "asking for a friend", "frag für einen Kumpel", "been wondering for weeks", "seit Wochen",
             "after watching twice", "nach dem zweiten Mal", "on my setup", "bei meinem Setup", "")

_OFF_OPEN = ("", "ok", "honestly", "ehrlich gesagt", "quick one:", "kurze Frage:", "hmm", "lol", "real talk:",
             "also", "wait", "moment mal")
_OFF_EXTRA = ("", "", "thx", "danke dir", "keep it up", "mach weiter so", "first time here", "bin neu hier",
              "watched it twice", "zweimal angeschaut", "my brother sent me this", "mein Kumpel hat's geschickt",
              "greetings from Graz", "Grüße aus Köln", "anyway nice vid")

_OFF_GENUINE = {
    "gaming": (
        "which route did you take for the skip?",
        "welche Maus benutzt du?",
        "that clutch at the end 😳",
        "what settings do you run?",
        "hab den Boss nie geschafft lol",
    ),
    "crypto": (
        "what's your exit plan?",
        "welche Wallet nutzt du?",
        "staking fees are brutal rn",
        "source for that chart?",
        "bin da skeptisch ehrlich gesagt",
    ),
    "cars": (
        "what boost are you running?",
        "welche Felgen sind das?",
        "sounds mean 🔊",
        "how much was the dyno?",
        "TÜV hat das abgenommen?",
    ),
}

_GENERIC = {
    "de": (
        "Toll! 😍",
        "Super lecker 😋",
        "Wow 🔥",
        "Sieht mega aus!",
        "Klasse!",
        "Hammer 🙌",
        "So schön 💚",
        "Top!!",
        "Genial 👏",
        "Lecker lecker",
    ),
    "en": (
        "Nice 🔥",
        "Love this!!",
        "Amazing 😍",
        "So good!",
        "Wow",
        "Beautiful 💚",
        "Yum 😋",
        "Great post!",
        "🔥🔥🔥",
        "Looks delicious!",
        "Awesome 🙌",
    ),
    "fr": ("Trop beau 😍", "Super !", "Miam 😋"),
    "es": ("¡Qué bueno! 😍", "Increíble 🔥", "Delicioso 😋"),
    "it": ("Che bello 😍", "Fantastico 🔥", "Buonissimo 😋"),
    "nl": ("Prachtig 😍", "Top! 🔥", "Lekker 😋"),
}

_BOT = {
    "collab": {
        "en": (
            "DM @{shop} to collab 💰",
            "Hey! Love your feed, send us a DM @{shop} for a collab 💸",
            "Promote it on @{shop} 🚀 DM now",
            "We want to work with you! Check @{shop} ✨",
        ),
        "de": (
            "Schreib @{shop} für eine Kooperation 💰",
            "Hey, tolles Profil! Melde dich bei @{shop} 💸",
            "Kooperation? DM an @{shop} ✨",
        ),
        "fr": ("Écris à @{shop} pour une collab 💰",),
        "es": ("Escríbenos a @{shop} para colaborar 💰",),
    },
    "f4f": {
        "en": (
            "follow for follow? 🙏",
            "f4f 💯 follow back",
            "follow me I follow back instantly",
            "l4l f4f ❤️",
        ),
        "de": ("Folgst du mir, folg ich dir 🙏", "Gegenseitig folgen? 💯", "f4f? folge sofort zurück"),
        "it": ("ci seguiamo? 🙏 f4f",),
        "nl": ("volg jij mij, volg ik jou 🙏",),
    },
    "scam": {
        "en": (
            "I made $4,700 in 7 days with crypto trading thanks to @{shop} 📈",
            "Forex signals with 98% win rate, ask me how 💰💰",
            "Bitcoin doubler is real!! sent 0.1 got 0.2 back",
            "Earn passive income from home, DM me 💵",
        ),
        "de": (
            "Ich habe mit Krypto in 1 Woche 3.000€ verdient 📈 frag mich wie",
            "Forex Signale 98% Trefferquote, schreib mir 💰",
            "Passives Einkommen von zuhause, DM 💵",
        ),
        "es": ("Gané 3.000€ con cripto en una semana 📈",),
        "fr": ("J'ai gagné 3000€ en crypto en 7 jours 📈",),
    },
    "link": {
        "en": (
            "free followers 👉 {link}",
            "get 10k followers now {link}",
            "check my bi0 for the g1veaway 🎁 {link}",
        ),
        "de": ("Gratis Follower 👉 {link}", "Gewinnspiel im Profil 🎁 {link}"),
        "nl": ("gratis volgers 👉 {link}",),
    },
    "pasta": {
        "en": (
            "This is the best content on this platform, keep it up!! visit my page for more content 💯",
            "Wow amazing post!! I really like your content, check out my page too ❤️🔥",
        ),
        "de": ("Wow super Beitrag!! Ich liebe deinen Content, schau auch mal auf meinem Profil vorbei ❤️🔥",),
    },
}
_SHOPS = ("glowshop_official", "promo.growth_hq", "starboost_agency", "fxcash_team", "viralpush4you")
_LINKS = (
    "bit[.]ly/fr33f0ll",
    "tinyurl (dot) com/getfans",
    "h t t p s : / / glow-shop . xyz",
    "grow-fast[.]top/x",
    "wa.me/4915000000 (whatsapp)",
    "hxxp://followers4free[.]click",
)

_REPLY = {
    "de": (
        "Danke dir! 💚",
        "Ja, {sub} klappt auch super!",
        "Freut mich so, dass es euch geschmeckt hat!",
        "Hält sich ca. 3 Tage im Kühlschrank.",
        "Einfrieren geht problemlos 👍",
        "Guter Tipp, probier ich aus!",
        "Ich nehme meistens etwas weniger Salz, stimmt.",
        "Ein normaler Gusseisentopf reicht.",
    ),
    "en": (
        "Thank you! 💚",
        "Yes, {sub} works great too!",
        "So happy you liked it!",
        "Keeps about 3 days in the fridge.",
        "Freezes really well 👍",
        "Great tip, I'll try that!",
        "Fair point, I usually go lighter on the salt.",
        "Any heavy pan will do.",
    ),
    "fr": ("Merci ! 💚", "Oui, ça marche avec {sub} aussi !"),
    "es": ("¡Gracias! 💚", "¡Sí, con {sub} también funciona!"),
    "it": ("Grazie! 💚", "Sì, anche con {sub} funziona!"),
    "nl": ("Dankjewel! 💚", "Ja, met {sub} kan ook!"),
}


def _typo(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters once, the way fast thumbs do."""
    if len(text) < 8:
        return text
    i = rng.randrange(1, len(text) - 2)
    if not (text[i].isalpha() and text[i + 1].isalpha()):
        return text
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _style(rng: random.Random, text: str) -> str:
    """Random casing, emoji and typo noise."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.2:
        text = text.upper() if len(text) < 40 else text
    if rng.random() < 0.25:
        text = _typo(rng, text)
    if rng.random() < 0.45:
        text = f"{text} {''.join(rng.choices(_EMOJI, k=rng.randint(1, 3)))}"
    return text


def _with_detail(rng: random.Random, language: str, text: str, dish: str) -> str:
    """``text`` with a personal detail (who, when, how much) before or after it: real comments differ
    from each other in such details, so that no long sentence recurs word for word across creators."""
    detail = rng.choice(_DETAIL[language]).format(
        who=rng.choice(_WHO[language]), when=rng.choice(_WHEN[language]), d=dish, sub=rng.choice(_SUB),
        n=rng.randint(2, 8))
    return f"{text}, {detail}" if rng.random() < 0.5 else f"{detail[:1].upper()}{detail[1:]}. {text}"


def genuine_comment(
    rng: random.Random, language: str, *, topic: str, creator_name: str, dish: str, questions: bool = True
) -> str:
    """A specific comment: a question, substitution, report or criticism (no question unless ``questions``)."""
    if topic in _OFF_GENUINE:
        opener, tail, extra = rng.choice(_OFF_OPEN), rng.choice(_OFF_TAIL), rng.choice(_OFF_EXTRA)
        return _style(rng, " ".join(p for p in (opener, rng.choice(_OFF_GENUINE[topic]), tail, extra) if p))
    table = _GENUINE.get(language, _GENUINE["en"])
    bodies, opens = table["body"], table["open"]
    if not questions:
        bodies = tuple(b for b in bodies if "?" not in b)
        opens = tuple(o for o in opens if o not in _QUESTION_OPENERS)
    body = rng.choice(bodies).format(ing=rng.choice(_ING), sub=rng.choice(_SUB), d=dish)
    opener = rng.choice(opens).format(c=creator_name.split(" ")[0])
    closer = rng.choice(table["close"]).format(city=rng.choice(_CITIES))
    text = " ".join(p for p in (opener, body) if p)
    text = text[:1].upper() + text[1:]
    if language in _DETAIL:
        text = _with_detail(rng, language, text, dish)
    if closer:
        text = f"{text}. {closer}" if rng.random() < 0.6 else f"{text} {closer}"
    return _style(rng, text)


def generic_comment(rng: random.Random, language: str) -> str:
    """Short generic praise, as engagement pods and casual fans leave it."""
    choices = _GENERIC.get(language, _GENERIC["en"])
    text = rng.choice(choices)
    if rng.random() < 0.3:
        text = f"{text} {rng.choice(_EMOJI)}"
    return text


def bot_comment(rng: random.Random, language: str) -> str:
    """Collab bait, follow-for-follow, scams, obfuscated link spam or copy-pasta."""
    family = rng.choice(("collab", "collab", "f4f", "scam", "scam", "link", "pasta"))
    by_lang = _BOT[family]
    texts = by_lang.get(language) or by_lang["en"]
    text = rng.choice(texts).format(shop=rng.choice(_SHOPS), link=rng.choice(_LINKS))
    if rng.random() < 0.3:
        text = f"{text} {''.join(rng.choices(('💰', '🚀', '✨', '💯', '🔥', '📈'), k=2))}"
    return text


def creator_reply(rng: random.Random, language: str) -> str:
    """A creator answering a fan."""
    choices = _REPLY.get(language, _REPLY["en"])
    return _style(rng, rng.choice(choices).format(sub=rng.choice(_SUB)))


# -- planted bot networks and their accounts ------------------------------------------------------
#
# The comment kinds creators really get (issue #8): LLM-written praise from link-in-profile
# accounts, gambling promotion with styled brand names, crypto testimonial chains, giveaway
# scams from look-alike accounts and follow bait. Brands, people, links and numbers are invented
# (phone numbers come from ranges reserved for fiction).

LLM_SIGNATURE_EMOJI = ("🍓", "🍒", "💋", "👅", "😘", "🍭", "💞", "🍑", "💦", "🥵", "🌹", "💕", "😍", "🥰", "💖")

# Sentence skeletons with slots; each slot's words are swapped from comment to comment.
_LLM_PRAISE = {
    "de": (
        "Vielen Dank für Ihre {hard} Arbeit und die {energy}, die Sie in jedes {video} stecken!",
        "Ihre {videos} sind immer so {inspiring}, ich freue mich jedes Mal auf Neues von Ihnen!",
        "Man merkt, wie viel {love} Sie in Ihre {content} stecken. Einfach {wonderful}!",
        "Es ist immer eine {joy}, Ihre {videos} zu sehen. Machen Sie bitte weiter so!",
        "Ich bewundere Ihre {passion} und Ihre {creativity} wirklich sehr!",
        "Sie haben wirklich ein {talent} dafür, Menschen zu {inspire}!",
        "Was für ein {great_video}! Vielen Dank, dass Sie das mit uns teilen.",
        "Ihre {positive} Ausstrahlung macht meinen Tag jedes Mal {better}!",
        "Ich schätze Ihre {effort} sehr, jedes {video} ist ein kleines Kunstwerk.",
        "Danke, dass Sie uns mit Ihren {content_dat} so viel {joy} schenken!",
        "Ihre Arbeit ist wirklich {impressive}, ich lerne jedes Mal etwas Neues von Ihnen!",
        "Bleiben Sie genau so, wie Sie sind, Ihre {videos} sind ein {gift} für uns alle!",
    ),
    "en": (
        "Thank you for the {effort} you put into every {video}!",
        "Your {videos} are always so {inspiring}, I look forward to every new one!",
        "I can tell how much {love} you put into your {content}. Simply {wonderful}!",
        "It is always a {joy} to watch your {videos}. Please keep going!",
        "I truly admire your {passion} and your {creativity}!",
        "You really have a {talent} for {inspire} people!",
        "What a {wonderful} {video}! Thank you so much for sharing this with us.",
        "Your {positive} energy makes my day {better} every single time!",
        "I really appreciate your {effort}, every {video} is a little work of art.",
        "Thank you for bringing so much {joy} to us with your {content}!",
        "Your work is truly {impressive}, I learn something new from you every time!",
        "Please stay exactly the way you are, your {videos} are a {gift} to all of us!",
    ),
}
_LLM_SLOTS = {
    "de": {
        "hard": ("harte", "großartige", "unermüdliche", "wertvolle"),
        "energy": ("Energie", "Zeit", "Leidenschaft", "Liebe"),
        "video": ("Video", "Beitrag", "Rezept", "Post"),
        "videos": ("Videos", "Beiträge", "Rezepte", "Inhalte"),
        "inspiring": ("inspirierend", "wunderbar", "motivierend", "herzerwärmend"),
        "love": ("Liebe", "Herz", "Mühe", "Hingabe"),
        "content": ("Inhalte", "Videos", "Beiträge", "Rezepte"),
        "content_dat": ("Inhalten", "Videos", "Beiträgen", "Rezepten"),
        "wonderful": ("wunderbar", "großartig", "fantastisch", "bezaubernd"),
        "great_video": ("wundervolles Video", "großartiger Beitrag", "tolles Rezept", "schöner Post"),
        "joy": ("Freude", "Bereicherung", "Inspiration"),
        "passion": ("Leidenschaft", "Hingabe", "Geduld", "Energie"),
        "creativity": ("Kreativität", "Ausdauer", "Herzlichkeit", "Authentizität"),
        "talent": ("Talent", "Händchen", "Gespür", "Geschick"),
        "inspire": ("begeistern", "inspirieren", "motivieren", "berühren"),
        "positive": ("positive", "herzliche", "wundervolle", "strahlende"),
        "better": ("besser", "schöner", "heller", "fröhlicher"),
        "effort": ("Mühe", "Arbeit", "Hingabe", "Sorgfalt"),
        "impressive": ("beeindruckend", "bemerkenswert", "inspirierend", "großartig"),
        "gift": ("Geschenk", "Segen", "Lichtblick", "Schatz"),
    },
    "en": {
        "effort": ("effort", "hard work", "time", "love", "energy"),
        "video": ("video", "post", "recipe", "upload"),
        "videos": ("videos", "posts", "recipes", "uploads"),
        "inspiring": ("inspiring", "wonderful", "uplifting", "heartwarming"),
        "love": ("love", "heart", "care", "passion"),
        "content": ("content", "videos", "work", "posts"),
        "wonderful": ("wonderful", "amazing", "fantastic", "beautiful", "lovely"),
        "joy": ("joy", "pleasure", "delight", "treat"),
        "passion": ("passion", "dedication", "patience", "energy"),
        "creativity": ("creativity", "kindness", "authenticity", "consistency"),
        "talent": ("talent", "gift", "knack", "way"),
        "inspire": ("inspiring", "motivating", "touching", "uplifting"),
        "positive": ("positive", "beautiful", "warm", "bright"),
        "better": ("better", "brighter", "happier", "so much better"),
        "impressive": ("impressive", "remarkable", "inspiring", "outstanding"),
        "gift": ("gift", "blessing", "treasure", "light"),
    },
}

def _fill(rng: random.Random, template: str, slots: dict[str, tuple[str, ...]]) -> str:
    """``template`` with every ``{slot}`` replaced by one of its words (missing slots stay)."""
    out: list[str] = []
    rest = template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        out.append(head)
        words = slots.get(name)
        out.append(rng.choice(words) if words else "{" + name + "}")
    out.append(rest)
    return "".join(out)


def llm_praise_skeletons(language: str) -> tuple[str, ...]:
    """The sentence skeletons of LLM praise in ``language`` (``de`` or ``en``), slots in braces."""
    return _LLM_PRAISE["de" if language == "de" else "en"]


def llm_praise_slots(language: str) -> dict[str, tuple[str, ...]]:
    """The words each slot of :func:`llm_praise_skeletons` takes."""
    return _LLM_SLOTS["de" if language == "de" else "en"]


def llm_praise_comment(rng: random.Random, language: str) -> str:
    """Generic, formal, LLM-written praise with a 2–3 emoji signature most of the time."""
    lang = "de" if language == "de" else "en"
    text = _fill(rng, rng.choice(_LLM_PRAISE[lang]), _LLM_SLOTS[lang])
    roll = rng.random()
    if roll < 0.85:
        signature = "".join(rng.sample(LLM_SIGNATURE_EMOJI, k=rng.randint(2, 3)))
        text = f"{text} {signature}" if roll < 0.75 else f"{signature} {text}"
    return text


def llm_bot_profile(rng: random.Random) -> tuple[str, str, str]:
    """``(handle, display name, bio)`` of a link-in-profile account of an LLM praise network."""
    name = rng.choice(("Lena", "Mia", "Sophie", "Jana", "Emma", "Chloe", "Ava", "Lara", "Nina", "Jessy", "Kim"))
    tail = rng.choice(("sweet", "xoxo", "baby", "honey", "cutie", "love", "angel", "kiss"))
    handle = rng.choice((f"{name.lower()}_{tail}{rng.randint(10, 9999)}", f"{tail}{name.lower()}{rng.randint(1, 999)}",
                         f"{name.lower()}{rng.randint(18, 99)}_{tail}"))
    display = f"{name} {''.join(rng.sample(LLM_SIGNATURE_EMOJI, k=rng.randint(1, 2)))}"
    link = rng.choice(("privatelinks.example", "my-page.example", "linkhub.example", "sweetprofile.example"))
    bio = rng.choice((
        "Mein privates Profil 👉 {link}/{h} 🔞",
        "Single & gelangweilt 💋 mehr von mir: {link}/{h}",
        "New here 🥰 see my pics 👉 {link}/{h}",
        "Looking for real people 💞 {link}/{h}",
        "DM me or click 👉 {link}/{h} 🍓",
    )).format(link=link, h=handle)
    return handle, display, bio


# Styled Unicode: mathematical bold and double-struck letters and digits, fullwidth forms and
# Cyrillic look-alikes, as gambling spam uses them to slip past keyword filters.
_DOUBLE_STRUCK_EXCEPTIONS = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
_CYRILLIC = dict(zip("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху", strict=True))
UNICODE_STYLES = ("bold", "double_struck", "fullwidth", "cyrillic")


def styled(text: str, style: str) -> str:
    """``text`` in one of :data:`UNICODE_STYLES` (characters without a styled form stay)."""
    out = []
    for ch in text:
        if style == "bold":
            if "A" <= ch <= "Z":
                ch = chr(0x1D400 + ord(ch) - 65)
            elif "a" <= ch <= "z":
                ch = chr(0x1D41A + ord(ch) - 97)
            elif "0" <= ch <= "9":
                ch = chr(0x1D7CE + ord(ch) - 48)
        elif style == "double_struck":
            if ch in _DOUBLE_STRUCK_EXCEPTIONS:
                ch = _DOUBLE_STRUCK_EXCEPTIONS[ch]
            elif "A" <= ch <= "Z":
                ch = chr(0x1D538 + ord(ch) - 65)
            elif "a" <= ch <= "z":
                ch = chr(0x1D552 + ord(ch) - 97)
            elif "0" <= ch <= "9":
                ch = chr(0x1D7D8 + ord(ch) - 48)
        elif style == "fullwidth":
            if "!" <= ch <= "~":
                ch = chr(0xFF01 + ord(ch) - 0x21)
        elif style == "cyrillic":
            ch = _CYRILLIC.get(ch, ch)
        else:
            raise ValueError(f"unknown style {style!r}: choose from {UNICODE_STYLES}")
        out.append(ch)
    return "".join(out)


GAMBLING_BRANDS = ("PULAU777", "weton88", "KILATJP", "bintang55", "ROKETWIN", "SULTANPETIR", "kopijp99", "AWANGACOR")
_GAMBLING = {
    "en": (
        "Just hit jp on {brand} 🤑 wd in 2 minutes, gacor all day",
        "Slot lagi gacor parah 🔥 maxwin 3x today, wd fast cuma di {brand}",
        "Who needs a job when {brand} is this gacor? maxwin every night 💰",
        "Best slot site right now → {brand} ✅ wd lancar, jp terus",
        "Tried {brand} yesterday, maxwin on the first spin 😱 cuma di {brand}!",
        "bro {brand} is so gacor today, jp {amount} and wd already done 💸",
        "If you need extra cash, play at {brand} 🎰 gacor & wd guaranteed",
    ),
    "de": (
        "Gestern bei {brand} maxwin geholt, wd nach 5 Minuten da 🔥 gacor!!",
        "Wer Slots mag: {brand} ist gerade mega gacor, jp fast jede Runde 🤑",
        "Bester Slot gerade nur {brand} 💸 wd ohne Probleme, cuma di {brand}",
        "Ich hab 3x jp gemacht bei {brand} 😱 einfach gacor",
        "Kein Witz, {brand} zahlt sofort aus 🎰 maxwin {amount}, wd lancar",
        "Nebenbei {amount} verdient mit {brand} 💰 heute richtig gacor",
    ),
}


def gambling_comment(rng: random.Random, language: str) -> str:
    """Slot promotion with the brand in styled Unicode and the scene's slang (gacor, maxwin, jp, wd)."""
    brand = rng.choice(GAMBLING_BRANDS)
    shown = styled(brand, rng.choice(UNICODE_STYLES)) if rng.random() < 0.85 else brand
    amount = rng.choice(("25jt", "12 juta", "4.800 €", "$3,200", "7jt", "900 €"))
    text = rng.choice(_GAMBLING["de" if language == "de" else "en"]).format(brand=shown, amount=amount)
    if rng.random() < 0.4:
        text = f"{text} {''.join(rng.sample(('🎰', '🔥', '💰', '🤑', '💸', '✅', '🚀'), k=2))}"
    return text


def gambling_bot_profile(rng: random.Random) -> tuple[str, str, str]:
    """``(handle, display name, bio)`` of a gambling promotion account."""
    brand = rng.choice(GAMBLING_BRANDS)
    handle = rng.choice((f"{brand.lower()}_official", f"gacor_{brand.lower()}{rng.randint(1, 99)}",
                         f"{brand.lower()}_{rng.choice(('vip', 'maxwin', 'info', 'link'))}"))
    display = f"{styled(brand, rng.choice(UNICODE_STYLES))} {rng.choice(('Official', 'VIP', '🎰', 'Link Alternatif'))}"
    bio = f"Situs slot gacor 🎰 maxwin tiap hari, wd cepat 👉 {brand.lower()}-link.example"
    return handle, display, bio


# Invented "experts" of crypto testimonial chains: (first name, surname, "f"/"m").
_EXPERTS = (
    ("Helena", "Brandt", "f"),
    ("Evelyn", "Carrow", "f"),
    ("Sabine", "Lorenzen", "f"),
    ("Claudia", "Reinholt", "f"),
    ("Victoria", "Halloway", "f"),
    ("Marcus", "Feldhaus", "m"),
    ("Daniel", "Whitcombe", "m"),
    ("Thomas", "Bergmannsdorf", "m"),
)
_PRONOUNS = {
    "f": {"she": "she", "She": "She", "her": "her", "title": "Mrs.", "sie": "sie", "Sie": "Sie", "ihr": "ihr",
          "titel": "Frau", "titel_nom": "Frau", "expertin": "Expertin"},
    "m": {"she": "he", "She": "He", "her": "him", "title": "Mr.", "sie": "er", "Sie": "Er", "ihr": "ihm",
          "titel": "Herrn", "titel_nom": "Herr", "expertin": "Experte"},
}
_CRYPTO_TOP = {
    "en": (
        "I was about to give up on crypto until I found {title} {name}. {She} turned my $2,500 into $19,000 "
        "in three weeks 🙏 Reach {her} on Telegram {tg}",
        "Shout out to {title} {name}! {She} manages my portfolio and I get weekly payouts 📈 WhatsApp: {wa}",
        "If you are not trading with {name} yet you are missing out. Best investment expert I know, "
        "message {her} on Telegram {tg}",
        "Thanks to {title} {name} I paid off my mortgage this year. {She} is the real deal ✅ Telegram: {tg}",
        "Everyone talking about passive income, but {title} {name} actually delivers 💯 "
        "contact {her} on WhatsApp: {wa}",
    ),
    "de": (
        "Ich kann {titel} {name} nur empfehlen! Dank {ihr} verdiene ich jede Woche 3.500 € mit Krypto 📈 "
        "Schreibt {ihr} auf WhatsApp {wa}",
        "Vor drei Monaten habe ich mit {titel} {name} angefangen zu investieren, beste Entscheidung meines "
        "Lebens 🙏 Telegram: {tg}",
        "Wer noch zweifelt: {name} ist die beste Trading-{expertin}, die ich kenne. Kontakt über Telegram {tg}",
        "Mein Tipp für alle: {titel_nom} {name} hat mein Depot verdreifacht 💰 WhatsApp {wa}",
        "Endlich finanziell frei dank {titel} {name} ✅ meldet euch bei {ihr} auf Telegram {tg}",
    ),
}
_CRYPTO_REPLY = {
    "en": (
        "{She} changed my life 🙏",
        "I have worked with {her} too, can confirm!!",
        "Just got my payout from {title} {name} this morning 💯",
        "Same here, {she} helped me recover everything I lost",
        "Is {she} legit? ... edit: yes, I got paid yesterday 😳",
        "{title} {name} is the best, I was skeptical at first too",
        "Wow, I thought I was the only one trading with {her}!",
    ),
    "de": (
        "Ich habe auch mit {ihr} gearbeitet, kann ich nur bestätigen!",
        "{Sie} hat mein Leben verändert 🙏",
        "Gestern meine Auszahlung bekommen, danke {titel_nom} {name}! 💯",
        "Stimmt, {sie} ist wirklich seriös",
        "War erst skeptisch, aber es funktioniert wirklich 😳",
        "Dachte, ich bin die Einzige, die mit {ihr} investiert 😅",
    ),
}


def crypto_expert(rng: random.Random) -> tuple[str, str, str, str]:
    """``(name, gender, telegram handle, WhatsApp number)`` of an invented investment "expert"."""
    first, last, gender = rng.choice(_EXPERTS)
    tg = "@" + rng.choice((f"{first}{last}_fx", f"{first.lower()}_{last.lower()}_invest", f"{last.lower()}trades"))
    wa = rng.choice((f"+44 7700 900{rng.randint(100, 999)}", f"+49 30 23125{rng.randint(100, 999)}"))
    return f"{first} {last}", gender, tg, wa


def _crypto_format(template: str, expert: tuple[str, str, str, str]) -> str:
    name, gender, tg, wa = expert
    return template.format(name=name, tg=tg, wa=wa, **_PRONOUNS[gender])


def crypto_chain_top(rng: random.Random, language: str, expert: tuple[str, str, str, str]) -> str:
    """The top-level testimonial praising ``expert`` with a Telegram handle or WhatsApp number."""
    return _crypto_format(rng.choice(_CRYPTO_TOP["de" if language == "de" else "en"]), expert)


def crypto_chain_reply(rng: random.Random, language: str, expert: tuple[str, str, str, str]) -> str:
    """A reply in the testimonial thread confirming it."""
    return _crypto_format(rng.choice(_CRYPTO_REPLY["de" if language == "de" else "en"]), expert)


def crypto_persona_profile(rng: random.Random) -> tuple[str, str, str]:
    """``(handle, display name, bio)`` of an ordinary-looking account in a testimonial ring."""
    first = rng.choice(("Laura", "Susan", "Karin", "Michael", "Jennifer", "Petra", "Robert", "Linda", "Stefan"))
    last = rng.choice(("Whitfield", "Hoffmann", "Miller", "Kessler", "Grant", "Vogel", "Parker", "Brenner"))
    handle = rng.choice((f"{first.lower()}{last.lower()}{rng.randint(1, 99)}", f"{first.lower()}_{last.lower()}",
                         f"{first.lower()}.{last[0].lower()}{rng.randint(60, 99)}".replace(".", "_")))
    bio = rng.choice(("Mom of 2 | finanziell frei seit 2024 🙏", "God first 🙏 | investor", "",
                      "Living my best life 🌴", "Rentner, Hobbyinvestor"))
    return handle, f"{first} {last}", bio


_GIVEAWAY = {
    "en": (
        "Congratulations, you won! 🎉 DM me on Telegram {tg} to claim your prize 🎁",
        "Thanks for watching! You have been selected for our giveaway 🎁 message me on Telegram {tg}",
        "Congrats 🎉 you are one of today's winners! Contact me on WhatsApp {wa} 🎁",
        "Hey, you won a gift from me 🎁 write to me on Telegram {tg} 💌",
    ),
    "de": (
        "Herzlichen Glückwunsch, du hast gewonnen! 🎉 Schreib mir auf Telegram {tg} 🎁",
        "Danke fürs Zuschauen! Du wurdest für mein Gewinnspiel ausgewählt 🎁 melde dich auf Telegram {tg}",
        "Glückwunsch 🎉 du bist einer der Gewinner! Schreib mir auf WhatsApp {wa} 🎁",
        "Du hast ein Geschenk von mir gewonnen 🎁 schreib mir auf Telegram {tg} 💌",
    ),
}


def giveaway_comment(rng: random.Random, language: str, lookalike_handle: str) -> str:
    """A giveaway scam comment from a look-alike of the creator, pointing to Telegram or WhatsApp."""
    base = lookalike_handle.replace(".", "_").strip("_")
    tg = "@" + rng.choice((f"{base}_gift", f"{base}_winner", f"{base}_support", base))
    wa = rng.choice((f"+44 7700 900{rng.randint(100, 999)}", f"+49 30 23125{rng.randint(100, 999)}"))
    return rng.choice(_GIVEAWAY["de" if language == "de" else "en"]).format(tg=tg, wa=wa)


def lookalike_handles(rng: random.Random, handle: str, k: int, *, dots: bool) -> list[str]:
    """``k`` distinct handles that pass for ``handle`` at a glance (``koch_anna`` -> ``koch.anna_``).

    Mastodon usernames allow letters, digits and ``_`` only; with ``dots`` (YouTube handles) dots
    are used too.
    """
    plain = handle.replace("_", "")
    candidates = [
        f"{handle}_",
        f"_{handle}",
        f"{plain}_official",
        f"{handle}_official",
        f"{handle}_giveaway",
        f"{handle}_support",
        f"{handle}_tv",
        f"real_{handle}",
        f"{handle}__",
        handle.replace("_", "__") if "_" in handle else f"{handle}_real",
        f"{plain}official",
    ]
    if dots:
        candidates += [
            handle.replace("_", ".") + "_" if "_" in handle else f"{handle}.",
            f"{handle}.official",
            f"{plain}.official",
            f"{handle}.gifts",
        ]
    letters = [i for i, ch in enumerate(handle) if ch.isalpha()]
    for i in rng.sample(letters, k=min(2, len(letters))):
        candidates.append(handle[: i + 1] + handle[i] + handle[i + 1 :])  # a doubled letter
    for a, b in (("o", "0"), ("l", "1"), ("i", "1"), ("e", "3")):
        if a in handle:
            candidates.append(handle.replace(a, b, 1))
    seen: dict[str, None] = {}
    for candidate in candidates:
        if candidate != handle and len(candidate) <= 30:
            seen.setdefault(candidate, None)
    return rng.sample(list(seen), k=min(k, len(seen)))


def lookalike_display_name(rng: random.Random, display: str) -> str:
    """The creator's display name, sometimes dressed up as an "official" or giveaway account."""
    return display + rng.choice(("", "", " ✔️", " 🎁", " (Official)", " Giveaway", " ✅"))


_FOLLOW_BAIT = {
    "en": (
        "f4f?",
        "follow back? 🙏",
        "f4f l4l 💯",
        "Promote it on @{promo} 🚀",
        "Send it to @{promo} to get featured ✨",
        "Your content deserves more reach, promote it on @{promo}",
        "Love your page! Check out mine too 💕",
        "Nice! Let's support each other 🤝 follow me and I follow back",
        "Check out my profile, you will love it 👀",
        "We should collab! Follow me so I can DM you 💌",
    ),
    "de": (
        "Gegenseitig folgen? 💯",
        "Folgst du mir, folg ich dir 🙏",
        "Schau mal auf meinem Profil vorbei 👀",
        "Cooles Profil! Lass uns gegenseitig supporten 🤝",
        "Teil das mit @{promo}, die featuren sowas 🚀",
        "Mehr Reichweite? Schick es an @{promo} ✨",
        "f4f? folge sofort zurück",
        "Hab dir gefolgt, folgst du zurück? 😊",
        "Schau dir mal meine Seite an, würde mich freuen 💕",
    ),
}
_PROMO_PAGES = ("viralfeature_hub", "featurepage_daily", "reachboost_studio", "foodpromo_247", "growthcorner_hq")


def follow_bait_comment(rng: random.Random, language: str) -> str:
    """Follow-for-follow and promotion bait."""
    text = rng.choice(_FOLLOW_BAIT["de" if language == "de" else "en"]).format(promo=rng.choice(_PROMO_PAGES))
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(('💯', '🔥', '🙌', '❤️', '✨'))}"
    return text


def follow_bait_profile(rng: random.Random) -> tuple[str, str, str]:
    """``(handle, display name, bio)`` of a follow-for-follow account."""
    word = rng.choice(("fitlife", "glowup", "daily.vibes", "travelwith", "style.by", "mindset", "lifehacks"))
    name = rng.choice(("mia", "leo", "nina", "max", "zoe", "ben", "lea", "finn"))
    handle = f"{word}_{name}{rng.randint(1, 999)}".replace(".", "_")
    bio = rng.choice(("Follow for follow 💯 | DM for promo", "🔥 I follow back 🔥", "Promo & shoutouts 👉 DM",
                      "f4f l4l | new account, support me 🙏"))
    return handle, f"{name.title()} | {word.replace('.', ' ')}", bio


# Emoji-heavy but specific comments by real fans (hard negatives for bot detection).
_FAN_EMOJI = ("😘", "💕", "😍", "🔥", "🥰", "🤤", "😋", "💚", "🙌", "✨", "🥺", "❤️")
_EMOJI_FAN = {
    "de": (
        "{e} {dish} sieht so gut aus!! @{friend} das machen wir am Wochenende {e}",
        "Hab gestern {dish} nach deinem Rezept gekocht {e} statt {ing} hab ich {sub} genommen, mega!",
        "@{friend} guck mal, das ist das Rezept, von dem ich dir erzählt hab {e}",
        "Wie lange muss {dish} bei dir in den Ofen? {e} Bei mir wird's immer zu trocken",
        "Boah {e} kannst du auch mal eine Variante ohne {ing} machen? {e}",
        "Du bist einfach spitze {e} {dish} ist seit Wochen unser Sonntagsessen {e}",
        "Kann ich {dish} schon am Vorabend machen? {e} @{friend} kommt morgen zum Essen",
        "{e} Meine Kids wollten sogar Nachschlag, danke dir für {dish} {e}",
        "Endlich ein Rezept ohne {ing}, das auch schmeckt {e} @{friend} für dich!",
    ),
    "en": (
        "{e} this {dish} looks insane!! @{friend} we're making this on Saturday {e}",
        "Made your {dish} last night {e} swapped {ing} for {sub}, so good!",
        "@{friend} look, this is the recipe I told you about {e}",
        "How long does the {dish} need in the oven? {e} mine always comes out dry",
        "Could you do a version without {ing}? {e} my partner is allergic",
        "You're the best {e} your {dish} has been our Sunday dinner for weeks {e}",
        "Can I prep the {dish} the night before? {e} @{friend} is coming over tomorrow",
        "{e} my kids asked for seconds of the {dish}, thank you {e}",
        "Finally a recipe without {ing} that actually tastes good {e} @{friend} this one's for you!",
    ),
}
_EMOJI_FAN_LINK = {
    "de": (
        "Hier meine Version mit {sub} {e} {link}",
        "Hab's mit {sub} probiert und ein bisschen mehr Knoblauch {e} Foto hier: {link}",
    ),
    "en": ("Here's my version with {sub} {e} {link}", "Tried it with {sub} and extra garlic {e} pic here: {link}"),
}
_RECIPE_SITES = ("rezeptbuch.example", "kochfreunde.example", "myplantplate.example", "veggiejournal.example")


def emoji_fan_comment(rng: random.Random, language: str, *, dish: str, friend: str) -> str:
    """A fan's specific comment, heavy on emoji (😘💕😍🔥), with @mentions, links and questions."""
    lang = "de" if language == "de" else "en"
    slug = "-".join(dish.lower().split())[:40]
    link = f"https://{rng.choice(_RECIPE_SITES)}/{rng.choice(('r', 'rezept', 'p'))}/{slug}-{rng.randint(2, 999)}"
    template = rng.choice((_EMOJI_FAN_LINK if rng.random() < 0.05 else _EMOJI_FAN)[lang])
    while "{e}" in template:
        template = template.replace("{e}", "".join(rng.choices(_FAN_EMOJI, k=rng.randint(1, 3))), 1)
    text = template.format(dish=dish, friend=friend, ing=rng.choice(_ING), sub=rng.choice(_SUB), link=link)
    text = _with_detail(rng, lang, text, dish)
    if rng.random() < 0.2:
        text = _typo(rng, text)
    return text


# -- conversation quality (issue #13) -------------------------------------------------------------
#
# Comment sections planted for conversation quality: real questions about the post that the
# creator answers, purchase or trial intent, hostile and negative comments, and praise without
# substance. German and English; every text is composed of a lead-in, a body with slots and a tail,
# so that no long sentence recurs word for word under many creators (bot networks do that).

_Q_ING = {
    "de": ("Kokosmilch", "Haferdrink", "Hefeflocken", "Räuchertofu", "Tahini", "Sojasauce", "Ahornsirup", "Cashews",
           "Kichererbsenmehl", "Misopaste", "Agar-Agar", "Sojajoghurt", "Kala Namak", "Paprikapulver",
           "Gemüsebrühe", "Tempeh"),
    "en": ("coconut milk", "oat milk", "nutritional yeast", "smoked tofu", "tahini", "soy sauce", "maple syrup",
           "cashews", "chickpea flour", "miso paste", "agar", "soy yogurt", "kala namak", "smoked paprika",
           "veggie stock", "tempeh"),
}
_Q_SUB = {
    "de": ("Erdnussmus", "Mandelmus", "Sojasahne", "Haferflocken", "Zitronensaft", "Agavendicksaft", "Dinkelmehl",
           "Seidentofu", "Sonnenblumenkerne", "Reisessig", "Kichererbsen", "Apfelmus"),
    "en": ("peanut butter", "almond butter", "soy cream", "rolled oats", "lemon juice", "agave", "spelt flour",
           "silken tofu", "sunflower seeds", "rice vinegar", "chickpeas", "apple sauce"),
}
_TOOLS = {
    "de": ("die Auflaufform", "die Pfanne", "der Mixer", "die Backform", "der Topf", "das Messer", "die Küchenmaschine",
           "die Springform", "der Pürierstab", "das Schneidebrett", "die Kastenform", "der Dampfgarer"),
    "en": ("the baking dish", "the pan", "the blender", "the cake tin", "the pot", "the knife", "the food processor",
           "the springform", "the stick blender", "the chopping board", "the loaf tin", "the steamer"),
}

# Real questions about the post: ingredients, quantities, tools, where to buy, substitutes, oven,
# brand, storage. Some end without "?", as people type them.
_QUESTIONS = {
    "de": (
        "Welche {ing} nimmst du für {dish}?",
        "Wo bekommt man {ing} her? Hab ich im Supermarkt noch nie gesehen",
        "Wie viel Gramm {ing} kommen da rein?",
        "Kann ich {ing} durch {sub} ersetzen?",
        "Bei wie viel Grad backst du {dish}?",
        "Umluft oder Ober-/Unterhitze? Steht leider nicht dabei",
        "Wie lange muss {dish} in den Ofen",
        "Welche Marke nimmst du bei {ing}?",
        "Woher hast du {tool}? Sieht super praktisch aus",
        "Sag mal, wo hast du {tool} gekauft",
        "Würde gern wissen, wie viel {ing} du genau nimmst",
        "Geht {dish} auch ohne {ing} oder braucht man das unbedingt?",
        "Für wie viele Personen reicht die Menge?",
        "Kann man {dish} am Vortag vorbereiten?",
        "Welche Größe hat {tool}?",
        "Weiß jemand, ob man statt {ing} auch {sub} nehmen kann",
        "Gibt's {ing} auch im normalen Supermarkt oder nur im Bioladen?",
        "Hast du einen Tipp, wo man {ing} günstig bekommt?",
        "Wie lange hält sich {dish} im Kühlschrank?",
        "Lässt sich {dish} gut einfrieren?",
        "Welches Mehl hast du genommen, 405 oder 550?",
        "Ist {ing} bei dir gesüßt oder ungesüßt?",
        "Wie viel {ing} pro Portion ungefähr?",
        "Nimmst du frische oder getrocknete Kräuter für {dish}?",
        "Wo kaufst du {ing}, online oder im Laden?",
        "Klappt {dish} auch im Airfryer? Wenn ja, wie lange",
        "Was nehme ich, wenn ich kein {ing} im Haus habe?",
        "Wie bekommst du {dish} so cremig? Bei mir wird's immer klumpig",
        "Ist {dish} sehr scharf oder auch was für Kinder?",
        "Brauche ich dafür unbedingt {tool} oder geht's auch ohne",
        "Muss man die Kichererbsen vorher einweichen, und wenn ja wie lange?",
        "Verrätst du, welche Sorte {ing} das ist?",
        "Wie viele Kalorien hat eine Portion {dish} ungefähr?",
        "Kann ich den Zucker reduzieren, ohne dass es nichts wird?",
        "Gibt's die Gewürzmischung irgendwo fertig zu kaufen?",
        "Auf welcher Schiene backst du das?",
        "Wie dick schneidest du das Gemüse ungefähr?",
        "Mit Deckel oder ohne köcheln lassen?",
    ),
    "en": (
        "Which {ing} do you use for the {dish}?",
        "Where do you get {ing}? Never seen it at my supermarket",
        "How many grams of {ing} go in?",
        "Can I swap {ing} for {sub}?",
        "What temperature do you bake the {dish} at?",
        "Fan oven or conventional? It doesn't say",
        "How long does the {dish} need in the oven",
        "What brand of {ing} is that?",
        "Where did you get {tool}? Looks so handy",
        "Wondering where you bought {tool}",
        "Would love to know how much {ing} you use exactly",
        "Does the {dish} work without {ing} or is it a must?",
        "How many people does this serve?",
        "Can I make the {dish} the day before?",
        "What size is {tool}?",
        "Does anyone know if {sub} works instead of {ing}",
        "Can you get {ing} at a normal supermarket or only at health food shops?",
        "Any tips on where to get {ing} cheaper?",
        "How long does the {dish} keep in the fridge?",
        "Does the {dish} freeze well?",
        "Which flour did you use, plain or bread flour?",
        "Is your {ing} sweetened or unsweetened?",
        "Roughly how much {ing} per serving?",
        "Fresh or dried herbs for the {dish}?",
        "Where do you buy your {ing}, online or in store?",
        "Would the {dish} work in an air fryer? If so how long",
        "What can I use if I don't have {ing} at home?",
        "How do you get the {dish} so creamy? Mine always goes lumpy",
        "Is the {dish} very spicy or ok for kids?",
        "Do I really need {tool} for this or can I do without",
        "Do the chickpeas need soaking first, and for how long?",
        "Mind sharing which kind of {ing} that is?",
        "Roughly how many calories in a portion of the {dish}?",
        "Can I cut down the sugar without ruining it?",
        "Is the spice mix sold ready-made anywhere?",
        "Which oven rack do you bake it on?",
        "How thick do you slice the veg roughly?",
        "Lid on or off while it simmers?",
    ),
}
_QUESTION_LEAD = {
    "de": ("", "", "", "", "Sieht mega aus!", "Kurze Frage:", "Frage:", "Hey!", "Ich hab eine Frage:",
           "Direkt gespeichert!", "Hilfe 🙈", "Sorry, falls das schon gefragt wurde:", "Mal ne Frage:", "Ok!"),
    "en": ("", "", "", "", "Looks amazing!", "Quick question:", "Question:", "Hey!", "I have a question:", "Saved!",
           "Help 🙈", "Sorry if someone already asked:", "Random question:", "Ok!"),
}
_QUESTION_TAIL = {
    "de": ("", "", "", "", "Danke schon mal!", "Danke im Voraus 🙏", "LG", "😊", "Wäre super lieb!", "Bin gespannt"),
    "en": ("", "", "", "", "Thanks in advance!", "thx 🙏", "cheers", "😊", "would really help!", "curious"),
}

# The creator answering a question under it.
_ANSWERS = {
    "de": (
        "Ich nehme meistens die von {brand} 😊",
        "Bei {temp} Grad Umluft, ca. {min} Minuten",
        "Ja, {sub} geht auch, dann etwas weniger Flüssigkeit",
        "Gibt's im Bioladen oder online, z. B. bei {brand}",
        "Etwa {g} g, im Rezept unten steht's genau",
        "Reicht für {n} Portionen",
        "Hält sich 3–4 Tage im Kühlschrank, gut abgedeckt",
        "Einfrieren klappt super, am besten portionsweise",
        "Die ist von {brand}, hab ich schon ewig",
        "Frische Kräuter, getrocknete gehen aber auch",
        "Ober-/Unterhitze, mittlere Schiene",
        "Ungesüßt, sonst wird's zu süß",
        "Ja, am Vortag vorbereiten geht wunderbar",
        "Ohne geht's auch, wird nur etwas weniger cremig",
        "Airfryer klappt, ca. {min} Minuten bei {temp} Grad",
        "Gute Frage! Ich weiche sie über Nacht ein",
        "Nicht scharf, meine Nichten essen es auch",
        "Den Zucker kannst du gut um ein Drittel reduzieren",
        "Mit Deckel, sonst verkocht zu viel",
        "Ganz normales Weizenmehl, Type 405",
        "Etwa 1 cm dick, dann wird alles gleichmäßig gar",
        "Hab ich im Drogeriemarkt gefunden, bei den Backzutaten",
        "Die Gewürzmischung mach ich selbst, Rezept kommt bald!",
        "Nimm einfach {sub}, klappt genauso",
        "Die Form hat 26 cm, eine 24er geht aber auch",
        "Etwa {g} g pro Portion, dann wird man gut satt",
        "Im Supermarkt steht das meistens bei den Asia-Produkten",
        "Ich kaufe online, da ist es deutlich günstiger",
        "Das Geheimnis ist, alles kurz mit dem Pürierstab aufzumixen",
        "Klar, {sub} passt auch, einfach 1:1 tauschen",
        "Ja! Ohne Deckel wird's etwas dicker",
        "Die Sorte ist eher mild, die kräftige würde ich nicht nehmen",
    ),
    "en": (
        "I mostly use the one from {brand} 😊",
        "At {temp}°C fan, about {min} minutes",
        "Yes, {sub} works too, just use a bit less liquid",
        "Health food shops or online, e.g. {brand}",
        "About {g} g, the exact amount is in the recipe below",
        "Serves {n}",
        "Keeps 3–4 days in the fridge, covered",
        "Freezes really well, best in portions",
        "It's from {brand}, had it for ages",
        "Fresh herbs, but dried work too",
        "Conventional, middle rack",
        "Unsweetened, otherwise it gets too sweet",
        "Yes, making it the day before works great",
        "Works without it too, just a little less creamy",
        "Air fryer works, about {min} minutes at {temp}°C",
        "Good question! I soak them overnight",
        "Not spicy at all, my nieces eat it too",
        "You can easily cut the sugar by a third",
        "Lid on, otherwise too much boils off",
        "Just plain flour",
        "About 1 cm thick so everything cooks evenly",
        "Found it at the drugstore, in the baking aisle",
        "I mix the spices myself, recipe coming soon!",
        "Just use {sub}, works the same",
        "The tin is 26 cm, a 24 cm one works too",
        "About {g} g per portion, that keeps you full",
        "Supermarkets usually have it in the Asian aisle",
        "I buy it online, much cheaper there",
        "The trick is a quick blitz with the stick blender",
        "Sure, {sub} works too, just swap 1:1",
        "Yes! Without the lid it gets a bit thicker",
        "It's a mild one, I wouldn't use the strong kind",
    ),
}
_ANSWER_LEAD = {
    "de": ("", "", "", "Hi!", "Danke dir!", "Gern!", "Hey!", "Ah, gute Frage:"),
    "en": ("", "", "", "Hi!", "Thank you!", "Sure!", "Hey!", "Ah, good question:"),
}

# Purchase or trial intent: bought, ordered, will make it, asks for the link or the code.
_PURCHASE = {
    "de": (
        "Hab ich gleich bestellt!",
        "Will ich unbedingt nachbacken",
        "{dish} gibt's heute Abend bei uns",
        "Link bitte! 🙏",
        "Gibt's einen Rabattcode?",
        "Wo kann man {ing} kaufen?",
        "Hab mir direkt {tool} bestellt",
        "Steht auf meiner Einkaufsliste für morgen",
        "{ing} liegt schon im Warenkorb",
        "Wird am Wochenende nachgekocht!",
        "Muss ich nachmachen, am besten heute noch",
        "Hast du einen Link zu {tool}?",
        "Code?",
        "Gibt's das auch online zu bestellen?",
        "Ich geh gleich einkaufen und mach {dish} heute noch",
        "Bestellt ✅",
        "Hab die Zutaten schon besorgt, morgen wird gekocht",
        "Gerade {ing} nachgekauft, danke für den Tipp",
        "Mach ich diese Woche für die ganze Familie",
        "Das back ich am Sonntag nach",
        "Kommt auf den Essensplan für nächste Woche",
        "Wo hast du {tool} gekauft? Will ich auch haben",
        "Gibt's einen Link zum Shop?",
        "Hab mir gleich zwei Packungen {ing} geholt",
        "Ist gespeichert, wird nachgekocht!",
        "Mit deinem Code gespart, danke!",
        "Genau das koche ich heute Abend",
        "Muss ich haben, wo bestellt man das?",
        "Der Rabattcode gilt noch, oder?",
        "Schon im Einkaufswagen gelandet 😅",
        "Morgen geh ich in den Bioladen und hol mir {ing}",
        "Wird nachgemacht, sobald ich {ing} bekomme",
    ),
    "en": (
        "Just ordered it!",
        "Making this tonight",
        "link please 🙏",
        "Is there a discount code?",
        "Where can I buy {ing}?",
        "Ordered {tool} straight away",
        "On my shopping list for tomorrow",
        "{ing} is already in my cart",
        "Making the {dish} this weekend!",
        "Have to make this, maybe even tonight",
        "Do you have a link for {tool}?",
        "code?",
        "Can I order this online anywhere?",
        "Heading to the shops now, making the {dish} tonight",
        "Ordered ✅",
        "Got all the ingredients, cooking it tomorrow",
        "Just restocked {ing}, thanks for the tip",
        "Making this for the whole family this week",
        "Baking this on Sunday",
        "Going on next week's meal plan",
        "Where's {tool} from? I want one",
        "Is there a link to the shop?",
        "Grabbed two packs of {ing} already",
        "Saved, will definitely make it!",
        "Used your code, saved a bunch, thanks!",
        "That's exactly what I'm cooking tonight",
        "Need it, where do I order?",
        "Is the discount code still working?",
        "Already in my basket 😅",
        "Picking up {ing} tomorrow so I can make this",
        "Will make this as soon as I find {ing}",
        "Adding the {dish} to my weekly shop",
    ),
}
# Personal details after a purchase or trial comment (who it is for, when), so that no two fans
# write the same sentence.
_PURCHASE_DETAIL = {
    "de": ("die ganze Familie freut sich", "{soon} ist es so weit", "diesmal in doppelter Menge",
           "Einkaufszettel ist geschrieben", "gleich {n} Portionen", "{soon} wird gekocht", "spätestens {soon}",
           "endlich mal was Neues", "hab {n} Packungen genommen", "Vorfreude 😅"),
    "en": ("for {who}", "{who} is already excited", "happening {soon}", "for {who} this time",
           "{who} asked for it", "{n} portions straight away", "{who} is cooking with me", "{soon} at the latest",
           "{who} doesn't know yet 😅", "got {n} packs"),
}
_SOON = {
    "de": ("heute Abend", "morgen", "am Wochenende", "am Sonntag", "nächste Woche", "zum Geburtstag", "zum Brunch",
           "nach dem Training", "übermorgen", "am Freitag"),
    "en": ("tonight", "tomorrow", "at the weekend", "on Sunday", "next week", "for a birthday", "for brunch",
           "after the gym", "the day after tomorrow", "on Friday"),
}
# Context some fans give before a question (never intent: that is another label).
_QUESTION_CONTEXT = {
    "de": ("Bin Anfängerin in der Küche 🙈", "Mein Ofen ist ziemlich alt.", "Hab nur einen kleinen Topf.",
           "Hab alles da außer {ing}.", "Koche meistens für {n} Leute.", "Bin allergisch gegen Nüsse.",
           "Mein Mixer ist nicht so stark.", "Hab einen Gasherd.", "Bei uns gibt's nur einen kleinen Supermarkt.",
           "Ich back sonst nie."),
    "en": ("Total beginner here 🙈", "My oven is pretty old.", "I only have a small pot.",
           "Got everything except {ing}.", "I usually cook for {n} people.", "I'm allergic to nuts.",
           "My blender isn't very strong.", "I have a gas hob.", "Only a tiny supermarket near me.",
           "I never bake normally."),
}
_PURCHASE_LEAD = {
    "de": ("", "", "", "", "Ok!", "Boah!", "Sieht so gut aus!", "Überzeugt!", "Sofort gespeichert.", "Yes!"),
    "en": ("", "", "", "", "Ok!", "Omg!", "Looks so good!", "Sold!", "Saved instantly.", "Yes!"),
}

# Hostile: insults and harassment of the creator (top-level) or of other commenters (replies).
_HOSTILE = {
    "de": (
        "Du kannst echt nicht kochen, hör einfach auf",
        "Was für ein Schwachsinn",
        "Peinlich. Entfolgt.",
        "Halt doch einfach die Klappe mit deinem Veganzeug",
        "Du bist so ein Clown 🤡",
        "Geh lieber arbeiten statt so einen Müll zu drehen",
        "Noch so eine Möchtegern-Köchin, lächerlich",
        "Dein Kanal ist der letzte Müll",
        "Verschwinde mit deinem Tofu, keiner will das sehen",
        "Wie dumm kann man eigentlich sein",
        "Du nervst einfach nur, ehrlich",
        "Hoffentlich hörst du bald auf zu posten",
        "Ekelhaft, genau wie du",
        "Total unfähig, wie immer",
        "Jeder Idiot kann das besser als du",
        "Du hast doch keine Ahnung vom Kochen, du Witzfigur",
        "Bist du wirklich so blöd oder tust du nur so?",
        "Schäm dich für diesen Mist",
        "Einfach nur armselig, was du hier ablieferst",
        "Heul doch, wenn dir die Kommentare nicht passen",
    ),
    "en": (
        "You can't cook, just stop",
        "What a load of rubbish",
        "Embarrassing. Unfollowed.",
        "Nobody asked for your vegan nonsense, shut up",
        "You're such a clown 🤡",
        "Get a real job instead of filming this garbage",
        "Another wannabe chef, pathetic",
        "Your channel is trash",
        "Take your tofu and go away, nobody wants this",
        "How dumb can you be",
        "You're just annoying, honestly",
        "Hope you quit posting soon",
        "Disgusting, just like you",
        "Completely useless as always",
        "Any idiot can do better than you",
        "You have no clue about cooking, you joke",
        "Are you really this stupid or just pretending?",
        "You should be ashamed of this crap",
        "Pathetic, what you put out here",
        "Cry about it if you can't take the comments",
    ),
}
_HOSTILE_REPLY = {
    "de": (
        "Halt die Klappe, keiner hat dich gefragt",
        "Was für ein dummer Kommentar",
        "Hast du keine anderen Hobbys? Loser",
        "Du hast echt null Ahnung",
        "Lern erstmal lesen, bevor du hier kommentierst",
        "Typisch, dass so ein Spinner wie du das gut findet",
        "Geh woanders trollen, du Nervensäge",
        "Mit dir diskutiere ich nicht, du Vollpfosten",
        "Niemand interessiert sich für deine Meinung",
        "Oh Gott, wie peinlich bist du denn",
        "Schleimer, widerlich",
        "Du bist genauso unfähig wie die da",
    ),
    "en": (
        "Shut up, nobody asked you",
        "What a stupid comment",
        "Don't you have a life? Loser",
        "You have zero clue",
        "Learn to read before you comment",
        "Of course a weirdo like you likes this",
        "Go troll somewhere else, you pest",
        "Not arguing with an idiot like you",
        "No one cares about your opinion",
        "God, how embarrassing are you",
        "Bootlicker, gross",
        "You're as useless as them",
    ),
}
# A second jab after an insult or complaint.
_JABS = {
    "de": ("Kein Wunder, dass dir keiner folgt.", "Lösch dich.", "Was soll das?", "Einfach nur peinlich.",
           "Wen interessiert das?", "Ich fass es nicht.", "Jedes Video schlimmer.", "Spar dir das nächste Mal.",
           "Und sowas hat Follower.", "Mir wird schlecht.", "Hauptsache Klicks.", "Das sag ich jetzt einmal.",
           "Danke für nix.", "Geht's noch?", "Komplett daneben."),
    "en": ("No wonder nobody follows you.", "Delete your account.", "What is this?", "Just embarrassing.",
           "Who cares?", "I can't believe this.", "Every video worse.", "Save it next time.",
           "And this has followers.", "Makes me sick.", "Anything for clicks.", "Had to say it once.",
           "Thanks for nothing.", "Are you serious?", "Completely off."),
}
_COMPLAINT_DETAIL = {
    "de": ("hab's {when} probiert", "bei uns hat's keiner gegessen", "der Rest landete im Müll",
           "und das {when}", "schade um {ing}", "{n} Euro für nichts", "nicht mal der Hund wollte es",
           "nach {n} Versuchen aufgegeben"),
    "en": ("tried it {when}", "{who} didn't like it either", "{who} left it on the plate", "and that {when}",
           "waste of good {ing}", "{n} quid for nothing", "{who} just pulled a face", "gave up after {n} tries"),
}
_HOSTILE_LEAD = {
    "de": ("", "", "", "", "Ehrlich?", "Boah.", "Also echt.", "lol.", "Mal ehrlich:", "Sorry.", "Alter!",
           "Ernsthaft?"),
    "en": ("", "", "", "", "Seriously?", "Ugh.", "Honestly:", "lol.", "Real talk:", "Sorry.", "Dude!", "Wow."),
}
_HOSTILE_TAIL = {
    "de": ("", "", "", "", "🙄", "...", "Unfassbar.", "Echt jetzt.", "Jedes Mal das Gleiche.", "🤮", "Tschüss.",
           "Sag ich nur."),
    "en": ("", "", "", "", "🙄", "...", "Unbelievable.", "For real.", "Every single time.", "🤮", "Bye.",
           "Just saying."),
}
# Negative: complaints, "nicht lecker", sarcasm.
_NEGATIVE = {
    "de": (
        "Nicht lecker, sorry. Hat nach nichts geschmeckt",
        "Hab's nachgekocht, total misslungen",
        "Viel zu salzig, schade ums Geld",
        "Schmeckt leider überhaupt nicht, {dish} war matschig",
        "Na toll, wieder ein Rezept mit 20 Zutaten, die keiner hat 🙄",
        "Wow, so innovativ. Nudeln mit Soße 🙄",
        "Die Videos werden auch immer schlechter",
        "Früher waren die Rezepte besser",
        "Leider gar nicht gut, {ing} schmeckt total vor",
        "Klingt lecker, war es aber nicht",
        "Danke für nichts, der Teig ist komplett zerlaufen",
        "Schon wieder Werbung, nervt langsam",
        "{dish} war kein bisschen cremig, eher Pampe",
        "Nicht zu empfehlen, meine Familie hat's stehen lassen",
        "Sorry, aber das sieht überhaupt nicht appetitlich aus",
        "Ganz ehrlich: langweilig und fad",
        "Zeitverschwendung, hat bei mir nicht funktioniert",
        "Die Mengenangaben stimmen hinten und vorne nicht",
        "Super, jetzt hab ich eine verbrannte Form. Danke auch 🙄",
        "Schmeckt wie Pappe, nie wieder",
        "Zu teuer für das, was am Ende rauskommt",
        "Enttäuschend, hatte mir mehr erwartet",
        "Leider ungenießbar, viel zu bitter",
        "Nicht mal die Hälfte ist gegessen worden",
        "Klar, weil jeder {ing} zu Hause hat 🙄",
        "Mega 'schnell'... hat 2 Stunden gedauert",
        "Uff, das war nichts. Viel zu trocken",
        "Hat leider überhaupt nicht geklappt, alles angebrannt",
        "Warum muss jedes Rezept gleich aussehen? Langweilig",
        "Nicht lecker, eher enttäuschend",
        "Kann die Begeisterung nicht nachvollziehen, schmeckt nach gar nichts",
        "Toll, noch ein Rezept, das nicht funktioniert 👏",
    ),
    "en": (
        "Not tasty, sorry. Tasted of nothing",
        "Made it, total fail",
        "Way too salty, waste of money",
        "Didn't taste good at all, the {dish} was mushy",
        "Oh great, another recipe with 20 ingredients nobody has 🙄",
        "Wow, so innovative. Pasta with sauce 🙄",
        "The videos keep getting worse",
        "The recipes used to be better",
        "Not good at all, the {ing} completely takes over",
        "Sounds tasty, wasn't",
        "Thanks for nothing, my batter ran everywhere",
        "Another ad, getting annoying",
        "The {dish} wasn't creamy at all, more like mush",
        "Wouldn't recommend, my family left it",
        "Sorry but this doesn't look appetising at all",
        "Honestly: boring and bland",
        "Waste of time, didn't work for me",
        "The quantities are all over the place",
        "Great, now I have a burnt dish. Thanks a lot 🙄",
        "Tastes like cardboard, never again",
        "Too expensive for what you get",
        "Disappointing, expected more",
        "Inedible, way too bitter",
        "Not even half of it got eaten",
        "Sure, because everyone has {ing} at home 🙄",
        "'Quick' my foot... took 2 hours",
        "Oof, that was a miss. Way too dry",
        "Didn't work at all, everything burnt",
        "Why does every recipe look the same? Boring",
        "Not nice, pretty disappointing",
        "Don't get the hype, tastes of nothing",
        "Great, another recipe that doesn't work 👏",
    ),
}
# Praise without substance: no question, nothing about the post.
_PRAISE = {
    "de": (
        "Mega!", "😍🔥", "Wie geil", "Lecker!!", "Traumhaft 😍", "Boah 🤤", "Sieht so gut aus", "Hammer!", "Wow 🔥🔥",
        "Liebe es 💚", "Einfach nur wow", "Genial 👏", "So schön!", "Yummy", "Ich sterbe 😍", "Richtig gut",
        "Toll gemacht", "Perfekt 👌", "Der Wahnsinn", "💚💚💚", "🔥🔥", "😋😋", "Oh wie lecker", "Sieht köstlich aus",
        "Top 👍", "Mega lecker!", "Wunderschön", "Boah sieht das gut aus", "Ein Traum", "Saugut", "Klasse 👏",
        "Sooo gut", "Wie immer top",
    ),
    "en": (
        "so good", "Yum!", "😍🔥", "Looks amazing", "Love it", "Wow", "Gorgeous", "Stunning 😍", "Delicious!!",
        "Obsessed", "Perfection 👌", "Yummm", "Drooling 🤤", "So pretty", "Incredible", "The best", "Beautiful 💚",
        "Omg yes", "🔥🔥🔥", "😋", "Absolutely gorgeous", "Chef's kiss 😘", "Love love love", "Amazing as always",
        "Fire 🔥", "So yummy", "Looks so tasty", "Lovely", "Wow wow wow", "Nailed it 👏", "Heavenly", "Yes yes yes",
    ),
}


def _conversation_language(language: str) -> str:
    return "de" if language == "de" else "en"


_SOUR_EMOJI = ("🙄", "🤮", "😒", "🤡", "👎", "😤", "🥱")


def _compose(lead: str, body: str, tail: str) -> str:
    """``lead body tail`` as sentences (a full stop before a tail that starts with a letter)."""
    if tail and body[-1:].isalnum() and tail[:1].isalpha():
        body += "."
    text = " ".join(part for part in (lead, body, tail) if part)
    return text[:1].upper() + text[1:]


def _then(first: str, second: str) -> str:
    """Two sentences: a full stop after ``first`` unless it ends in punctuation or emoji."""
    return f"{first}. {second}" if first[-1:].isalnum() else f"{first} {second}"


def _sour(rng: random.Random, text: str) -> str:
    """Casing and typo noise, and now and then an eye-roll emoji (never a heart)."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.2 and len(text) < 40:
        text = text.upper()
    if rng.random() < 0.25:
        text = _typo(rng, text)
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(_SOUR_EMOJI)}"
    return text


def _slots(rng: random.Random, language: str, dish: str) -> dict[str, str]:
    return {"dish": dish, "ing": rng.choice(_Q_ING[language]), "sub": rng.choice(_Q_SUB[language]),
            "tool": rng.choice(_TOOLS[language])}


def question_comment(rng: random.Random, language: str, *, dish: str) -> str:
    """A real question about the post (ingredient, amount, tool, where to buy, substitute, oven, brand)."""
    lang = _conversation_language(language)
    slots = _slots(rng, lang, dish)
    body = rng.choice(_QUESTIONS[lang]).format(**slots)
    if rng.random() < 0.3:
        lead = rng.choice(_QUESTION_CONTEXT[lang]).format(ing=slots["ing"], n=rng.randint(2, 8))
    else:
        lead = rng.choice(_QUESTION_LEAD[lang])
    text = _compose(lead, body, rng.choice(_QUESTION_TAIL[lang]))
    return _style(rng, text)


def answer_reply(rng: random.Random, language: str) -> str:
    """The creator's answer to a question under it."""
    lang = _conversation_language(language)
    body = rng.choice(_ANSWERS[lang]).format(
        brand=rng.choice(BRANDS)[0], temp=rng.choice((160, 175, 180, 200, 220)), min=rng.choice((12, 15, 20, 25, 35)),
        g=rng.choice((50, 80, 100, 150, 200, 250)), n=rng.randint(2, 6), sub=rng.choice(_Q_SUB[lang]))
    return _style(rng, _compose(rng.choice(_ANSWER_LEAD[lang]), body, ""))


def purchase_intent_comment(rng: random.Random, language: str, *, dish: str) -> str:
    """Bought, ordered, will make or bake it, or asks for the link or the code."""
    lang = _conversation_language(language)
    body = rng.choice(_PURCHASE[lang]).format(**_slots(rng, lang, dish))
    if rng.random() < 0.6 and (body[-1:].isalnum() or body.endswith("!")):
        detail = rng.choice(_PURCHASE_DETAIL[lang]).format(
            who=rng.choice(_WHO[lang]), soon=rng.choice(_SOON[lang]), n=rng.randint(2, 6))
        body = f"{body.rstrip('!.')}, {detail}"
    return _style(rng, _compose(rng.choice(_PURCHASE_LEAD[lang]), body, ""))


def hostile_comment(rng: random.Random, language: str, *, target: str | None = None, mention: bool = True) -> str:
    """An insult: at the creator, or with ``target`` (a commenter's handle) at another commenter,
    half the time starting with ``@target`` when ``mention``."""
    lang = _conversation_language(language)
    body = rng.choice(_HOSTILE_REPLY[lang] if target is not None else _HOSTILE[lang])
    if rng.random() < 0.6:
        body = _then(body, rng.choice(_JABS[lang]))
    text = _sour(rng, _compose(rng.choice(_HOSTILE_LEAD[lang]), body, rng.choice(_HOSTILE_TAIL[lang])))
    return f"@{target} {text}" if target is not None and mention and rng.random() < 0.5 else text


def negative_comment(rng: random.Random, language: str, *, dish: str) -> str:
    """A complaint, "nicht lecker" or sarcasm about the post."""
    lang = _conversation_language(language)
    slots = _slots(rng, lang, dish)
    body = rng.choice(_NEGATIVE[lang]).format(**slots)
    if rng.random() < 0.6:
        detail = rng.choice(_COMPLAINT_DETAIL[lang]).format(
            who=rng.choice(_WHO[lang]), when=rng.choice(_WHEN[lang]), ing=slots["ing"], n=rng.randint(2, 9))
        body = f"{body}, {detail}" if body[-1:].isalnum() else _then(body, f"{detail[:1].upper()}{detail[1:]}.")
    elif rng.random() < 0.5:
        body = _then(body, rng.choice(_JABS[lang]))
    return _sour(rng, _compose(rng.choice(_HOSTILE_LEAD[lang]), body, rng.choice(_HOSTILE_TAIL[lang])))


def praise_comment(rng: random.Random, language: str) -> str:
    """Short praise or emoji, nothing about the post."""
    text = rng.choice(_PRAISE[_conversation_language(language)])
    if rng.random() < 0.3:
        text = f"{text} {''.join(rng.choices(_EMOJI, k=rng.randint(1, 2)))}"
    return text
