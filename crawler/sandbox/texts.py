"""Text fragments and composers for the sandbox world: captions, bios and comments.

Everything here is invented. Texts are composed from many small fragments (openers, bodies with
slots, closers, emoji, typos) so that a classifier cannot learn one template per label. Each
composer takes a ``random.Random`` so the world stays deterministic.
"""

from __future__ import annotations

import random

__all__ = [
    "BRANDS",
    "HOSTILE_TEXTS",
    "LANGUAGES",
    "LANGUAGE_WEIGHTS",
    "OFF_NICHE_TOPICS",
    "bio",
    "bot_comment",
    "caption",
    "creator_reply",
    "display_name",
    "generic_comment",
    "genuine_comment",
    "handle",
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


def genuine_comment(rng: random.Random, language: str, *, topic: str, creator_name: str, dish: str) -> str:
    """A specific comment: a question, substitution, report or criticism."""
    if topic in _OFF_GENUINE:
        tail = rng.choice(_OFF_TAIL)
        return _style(rng, f"{rng.choice(_OFF_GENUINE[topic])} {tail}".strip())
    table = _GENUINE.get(language, _GENUINE["en"])
    body = rng.choice(table["body"]).format(ing=rng.choice(_ING), sub=rng.choice(_SUB), d=dish)
    opener = rng.choice(table["open"]).format(c=creator_name.split(" ")[0])
    closer = rng.choice(table["close"]).format(city=rng.choice(_CITIES))
    text = " ".join(p for p in (opener, body) if p)
    text = text[:1].upper() + text[1:]
    if language in _DETAIL and rng.random() < 0.9:
        detail = rng.choice(_DETAIL[language]).format(
            who=rng.choice(_WHO[language]), when=rng.choice(_WHEN[language]), d=dish, sub=rng.choice(_SUB),
            n=rng.randint(2, 8))
        text = f"{text}, {detail}" if rng.random() < 0.5 else f"{detail[:1].upper()}{detail[1:]}. {text}"
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
