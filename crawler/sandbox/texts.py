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
    "llm_praise_comment",
    "llm_praise_skeletons",
    "llm_praise_slots",
    "lookalike_display_name",
    "lookalike_handles",
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


def genuine_comment(rng: random.Random, language: str, *, topic: str, creator_name: str, dish: str) -> str:
    """A specific comment: a question, substitution, report or criticism."""
    if topic in _OFF_GENUINE:
        opener, tail, extra = rng.choice(_OFF_OPEN), rng.choice(_OFF_TAIL), rng.choice(_OFF_EXTRA)
        return _style(rng, " ".join(p for p in (opener, rng.choice(_OFF_GENUINE[topic]), tail, extra) if p))
    table = _GENUINE.get(language, _GENUINE["en"])
    body = rng.choice(table["body"]).format(ing=rng.choice(_ING), sub=rng.choice(_SUB), d=dish)
    opener = rng.choice(table["open"]).format(c=creator_name.split(" ")[0])
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
