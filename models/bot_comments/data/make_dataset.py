# ruff: noqa: E501  (hand-written comment lists read best one per line)
"""Generate creatorscout's multilingual labelled comment set (deterministic).

Run from anywhere: ``python models/bot_comments/data/make_dataset.py``.
Writes ``comments.csv`` (text,label,language,kind,template_id,split) beside
this file. Every row comes from the hand-written templates and individual
comments below (no real people's data; names, handles, shops, links,
gambling brands and phone numbers are invented, numbers in fictional ranges).
Each template or individual comment has an id; about one id in four goes to
the ``test`` split, so the test split is template-disjoint. The kinds added
for 2024-25 (LLM praise, gambling, crypto chains, impersonation and their
genuine look-alikes) each draw from their own random stream. The comments
in ``written_comments.txt`` were each written on their own and become one row
apiece, with no variation. See LABEL_GUIDE.md for the label definitions.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent
OUT = HERE / "comments.csv"
WRITTEN = HERE / "written_comments.txt"

# --------------------------------------------------------------------------
# Shared slot fillers (invented names; no real accounts)
# --------------------------------------------------------------------------
BRAND_A = ["glow", "vegan", "fit", "urban", "pure", "luna", "nordic", "bloom", "style",
           "velvet", "sunny", "alpine", "coco", "mint", "nova", "wild", "boho", "zen"]
BRAND_B = ["_shop", ".official", "_store", "_collective", "boutique", "_de", "_co", "wear",
           "_ambassadors", "promo", ".deals", "_label", "jewels", "_beauty", "_gear", "watches"]
NAMES = ["anna", "lena", "max", "tom", "sara", "mia", "jonas", "lea", "paul", "nina", "ben",
         "emma", "luca", "sofia", "marta", "jan", "kasia", "pedro", "julie", "noah", "ines"]
SCAM_NAMES = ["invest_with_", "trader_", "mrs_", "coach_", "fx_", "crypto_", "recovery_"]
URL_FORMS = ["bit.ly/{r}", "{b}.shop", "linktr.ee/{b}", "t.me/{b}", "www.{b}-deals.com",
             "{b}[.]com", "{b} dot com", "hxxps://{b}.xyz/win", "https://{b}.store/promo",
             "wa.me/{d}", "{b}.online/gift", "https://tinyurl.com/{r}"]
EMOJI_GENERIC = ["😍", "🔥", "❤️", "👏", "💯", "😍😍😍", "🔥🔥", "🙌", "✨", "💕", "🥰", "👌",
                 "😻", "💖", "🤩", "❤️❤️", "🔥🔥🔥", "💪", "😋", "👍", "🙏", "💗"]
EMOJI_BOT = ["💰", "🚀", "📈", "💸", "✅", "👉", "📩", "💌", "🤑", "⭐", "🎁", "⬆️", "👇", "💎"]
EMOJI_GENUINE = ["😊", "🙂", "😅", "🤔", "😂", "🙈", "😄", "🥲", "😬", "👀", "🤷‍♀️", "😮"]


def _handle(rng: random.Random) -> str:
    return "@" + rng.choice(BRAND_A) + rng.choice(BRAND_B)


def _scam_handle(rng: random.Random) -> str:
    return "@" + rng.choice(SCAM_NAMES) + rng.choice(NAMES) + rng.choice(["", "_fx", "01", "_official"])


def _friend(rng: random.Random) -> str:
    return "@" + rng.choice(NAMES) + rng.choice(["", "_", "."]) + rng.choice(["m", "k", "", "92", "_s", "88"])


def _url(rng: random.Random) -> str:
    r = "".join(rng.choice("abcdefghkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(6))
    b = rng.choice(BRAND_A) + rng.choice(["shop", "deals", "win", "club", "gift", "cash"])
    form = rng.choice(URL_FORMS)
    n = rng.randint(10**10, 10**11)  # a fictional German mobile number: 4915x 0000 xxxx
    return form.format(r=r, b=b, d=f"4915{n % 10}0000{n // 10 % 10000:04d}")


def _amount(rng: random.Random, lang: str) -> str:
    n = rng.choice([300, 500, 800, 1000, 1500, 2000, 2500, 5000, 10000])
    m = n * rng.choice([4, 5, 7, 9, 10, 12])
    sep = "." if lang in {"de", "es", "it", "nl", "pt", "pl"} else ","

    def fmt(value: int) -> str:
        return f"{value:,}".replace(",", sep)

    cur = rng.choice(["€", "$", "USD", "€"])
    if cur == "$":
        return f"${fmt(n)}", f"${fmt(m)}"
    return f"{fmt(n)} {cur}", f"{fmt(m)} {cur}"


# --------------------------------------------------------------------------
# Topic vocabulary per language (for genuine templates)
# --------------------------------------------------------------------------
TOPICS: dict[str, dict[str, list[str]]] = {
    "de": {
        "dish": ["Linsencurry", "Bananenbrot", "Kürbissuppe", "Ofengemüse", "Tofu-Bowl", "Käsespätzle",
                 "Hummus", "Porridge", "Lasagne", "Zucchininudeln", "Apfelkuchen", "Chili sin Carne",
                 "Shakshuka", "Pad Thai", "Buddha Bowl", "Zimtschnecken", "Gemüsepfanne"],
        "ingredient": ["Hafermilch", "Kokosmilch", "Tahin", "Räuchertofu", "Dinkelmehl", "Ahornsirup",
                       "Kichererbsen", "Feta", "Hefeflocken", "Chiasamen", "Kurkuma", "Süßkartoffel"],
        "alt": ["Sojamilch", "Mandelmilch", "Weizenmehl", "Honig", "Quark", "Joghurt", "Agavendicksaft"],
        "place": ["Lissabon", "Bali", "Gardasee", "Dolomiten", "Hamburg", "Kopenhagen", "Sylt", "Island",
                  "Madeira", "Wien", "Toskana", "Schwarzwald"],
        "product": ["Kamera", "Jacke", "Sneaker", "Foundation", "Leggings", "Tasche", "Mikrofon",
                    "Rucksack", "Sonnenbrille", "Lippenstift", "Pfanne", "Tastatur"],
        "exercise": ["Kniebeugen", "Kreuzheben", "Liegestütze", "Klimmzüge", "Hip Thrusts",
                     "Plank", "Ausfallschritte", "Burpees"],
        "game": ["Zelda", "Elden Ring", "Minecraft", "FIFA", "Baldur's Gate 3", "Stardew Valley", "Fortnite"],
        "device": ["iPhone", "Pixel", "Laptop", "Grafikkarte", "Steam Deck", "Monitor", "Kopfhörer"],
        "color": ["Grün", "Blau", "Rot", "Beige", "Rosa", "Schwarz"],
    },
    "en": {
        "dish": ["lentil curry", "banana bread", "pumpkin soup", "tofu bowl", "mac and cheese", "hummus",
                 "overnight oats", "lasagna", "zucchini noodles", "apple pie", "chili", "shakshuka",
                 "pad thai", "cinnamon rolls", "ramen", "tacos"],
        "ingredient": ["oat milk", "coconut milk", "tahini", "smoked tofu", "spelt flour", "maple syrup",
                       "chickpeas", "feta", "nutritional yeast", "chia seeds", "turmeric", "sweet potato"],
        "alt": ["soy milk", "almond milk", "regular flour", "honey", "greek yogurt", "agave"],
        "place": ["Lisbon", "Bali", "Lake Garda", "the Dolomites", "Copenhagen", "Iceland", "Madeira",
                  "Vienna", "Tuscany", "Kyoto", "Edinburgh"],
        "product": ["camera", "jacket", "sneakers", "foundation", "leggings", "bag", "mic", "backpack",
                    "sunglasses", "lipstick", "pan", "keyboard"],
        "exercise": ["squats", "deadlifts", "push ups", "pull ups", "hip thrusts", "planks", "lunges", "burpees"],
        "game": ["Zelda", "Elden Ring", "Minecraft", "FIFA", "Baldur's Gate 3", "Stardew Valley", "Fortnite"],
        "device": ["iPhone", "Pixel", "laptop", "GPU", "Steam Deck", "monitor", "headphones"],
        "color": ["green", "blue", "red", "beige", "pink", "black"],
    },
    "fr": {"dish": ["curry de lentilles", "banana bread", "soupe de potiron", "tarte aux pommes", "houmous", "lasagnes"],
           "ingredient": ["lait d'avoine", "lait de coco", "tahini", "pois chiches", "feta"],
           "alt": ["lait de soja", "miel", "farine de blé"],
           "place": ["Lisbonne", "Bali", "Marseille", "la Bretagne", "Annecy"],
           "product": ["veste", "caméra", "sac", "baskets", "fond de teint"],
           "exercise": ["squats", "pompes", "tractions", "fentes"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "ordinateur", "casque"], "color": ["vert", "bleu", "rouge"]},
    "es": {"dish": ["curry de lentejas", "pan de plátano", "crema de calabaza", "tarta de manzana", "hummus", "lasaña"],
           "ingredient": ["leche de avena", "leche de coco", "tahini", "garbanzos", "queso feta"],
           "alt": ["leche de soja", "miel", "harina normal"],
           "place": ["Lisboa", "Bali", "Sevilla", "Mallorca", "Asturias"],
           "product": ["chaqueta", "cámara", "bolso", "zapatillas", "base de maquillaje"],
           "exercise": ["sentadillas", "flexiones", "dominadas", "zancadas"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "portátil", "auriculares"], "color": ["verde", "azul", "rojo"]},
    "it": {"dish": ["curry di lenticchie", "banana bread", "vellutata di zucca", "torta di mele", "hummus", "lasagne"],
           "ingredient": ["latte d'avena", "latte di cocco", "tahina", "ceci", "feta"],
           "alt": ["latte di soia", "miele", "farina 00"],
           "place": ["Lisbona", "Bali", "Napoli", "la Sicilia", "le Dolomiti"],
           "product": ["giacca", "fotocamera", "borsa", "scarpe", "fondotinta"],
           "exercise": ["squat", "piegamenti", "trazioni", "affondi"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "portatile", "cuffie"], "color": ["verde", "blu", "rosso"]},
    "nl": {"dish": ["linzencurry", "bananenbrood", "pompoensoep", "appeltaart", "hummus", "lasagne"],
           "ingredient": ["havermelk", "kokosmelk", "tahin", "kikkererwten", "feta"],
           "alt": ["sojamelk", "honing", "gewone bloem"],
           "place": ["Lissabon", "Bali", "Amsterdam", "Texel", "Utrecht"],
           "product": ["jas", "camera", "tas", "sneakers", "foundation"],
           "exercise": ["squats", "push-ups", "pull-ups", "lunges"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "laptop", "koptelefoon"], "color": ["groen", "blauw", "rood"]},
    "pt": {"dish": ["caril de lentilhas", "bolo de banana", "sopa de abóbora", "tarte de maçã", "hummus", "lasanha"],
           "ingredient": ["leite de aveia", "leite de coco", "tahine", "grão-de-bico", "queijo feta"],
           "alt": ["leite de soja", "mel", "farinha de trigo"],
           "place": ["Lisboa", "Bali", "Porto", "Madeira", "Algarve"],
           "product": ["casaco", "câmera", "bolsa", "ténis", "base"],
           "exercise": ["agachamentos", "flexões", "barras", "afundos"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "portátil", "fones"], "color": ["verde", "azul", "vermelho"]},
    "pl": {"dish": ["curry z soczewicy", "chlebek bananowy", "zupa dyniowa", "szarlotka", "hummus", "lazania"],
           "ingredient": ["mleko owsiane", "mleko kokosowe", "tahini", "ciecierzyca", "feta"],
           "alt": ["mleko sojowe", "miód", "zwykła mąka"],
           "place": ["Lizbona", "Bali", "Kraków", "Gdańsk", "Tatry"],
           "product": ["kurtka", "aparat", "torebka", "buty", "podkład"],
           "exercise": ["przysiady", "pompki", "podciągania", "wykroki"], "game": ["Zelda", "Minecraft", "FIFA"],
           "device": ["iPhone", "laptop", "słuchawki"], "color": ["zielony", "niebieski", "czerwony"]},
}

# --------------------------------------------------------------------------
# Templates: language -> kind -> list of templates.  Slots: {h} shop handle,
# {s} scam contact handle, {f} friend tag, {url}, {a1}/{a2} amounts, topic slots.
# --------------------------------------------------------------------------
BOT: dict[str, dict[str, list[str]]] = {
    "de": {
        "collab_bait": [
            "Hey, tolles Profil! Wir würden gerne mit dir zusammenarbeiten. Schreib uns eine DM bei {h}",
            "Hallo Süße, dein Feed ist der Wahnsinn 😍 Schick {h} eine Nachricht für eine Kooperation",
            "Wir suchen Markenbotschafter! Interesse? Schreib uns eine DM 💌",
            "Werde Markenbotschafter*in bei {h} ✨ Schreib uns jetzt eine DM",
            "Liebe Grüße vom Team {h} 💕 Wir haben eine Kooperationsanfrage für dich, bitte schau in deine DMs",
            "Wow, lieben deinen Content! Lust auf eine Zusammenarbeit? DM an {h}",
            "Kooperation? Schick uns eine DM auf unserem Hauptaccount {h}",
            "Deine Bilder sind so schön 😍 Wir würden dich gerne als Ambassador gewinnen, melde dich bei {h}",
            "Hey! Wir möchten dir ein Produkt zum Testen schenken 🎁 Schreib {h} eine DM",
            "Hallo! Wir sind eine kleine Schmuckmarke und suchen Influencer. Schreib uns gerne bei {h}",
            "Schreib uns eine DM, wir haben ein Angebot für dich 📩",
            "Du hast das perfekte Gesicht für unsere neue Kampagne! Melde dich per DM bei {h}",
        ],
        "dm_shop": [
            "Schick eine DM an {h} für 50 % Rabatt 🛍",
            "Bestell jetzt bei {h}, nur heute gratis Versand!",
            "Die gleiche Tasche gibt es viel günstiger bei {h} 👉",
            "Hol dir deinen Code bei {h} und spar 30 %",
            "Poste das auf {h} 🔥",
            "Schick das Bild an {h} damit wir es teilen 📸",
            "Sende uns das Foto per DM, wir featuren dich auf {h}",
            "Günstige Follower und Likes 👉 {h}",
        ],
        "follow_bait": [
            "Folge mir, ich folge zurück 🔄",
            "Follow for Follow? 🙏",
            "Wer mir folgt, dem folge ich zurück 💯",
            "Schau mal auf meinem Profil vorbei 😘",
            "Besuch mein Profil, es lohnt sich 😉",
            "Wer will mehr Follower? Link in meiner Bio",
            "Like meinen letzten Post, ich like zurück ❤️",
            "Folgt mir bitte, bin neu hier und folge jedem zurück",
            "Abonniert meinen Kanal, ich abonniere zurück!",
            "Check meinen Account aus, neue Videos jeden Tag 🎬",
            "Ich folge jedem zurück, versprochen 🙏",
        ],
        "crypto_scam": [
            "Ich habe mit {a1} angefangen und jetzt verdiene ich {a2} pro Woche dank {s} 🙏 Kontaktiere sie!",
            "Zunächst habe ich {a1} eingezahlt und nach 7 Tagen {a2} zurückbekommen. Danke {s}",
            "Bitcoin Trading mit Experten 📈 Schreib {s} an und starte heute",
            "Wer in Krypto investieren will, sollte sich bei {s} melden. Beste Entscheidung meines Lebens",
            "Ich hatte Schulden und jetzt bin ich frei dank Forex Trading mit {s} 💸",
            "Mein Konto war gesperrt und {s} hat mir geholfen mein Geld zurückzubekommen, sehr empfehlenswert",
            "Passives Einkommen mit Krypto, {a1} Einsatz = {a2} Gewinn. Infos bei {s}",
            "Neuer Token startet heute 🚀 100x garantiert, kauf jetzt auf {url}",
        ],
        "giveaway_scam": [
            "Herzlichen Glückwunsch! 🎉 Du hast unser Gewinnspiel gewonnen. Klicke auf {url} um deinen Preis abzuholen",
            "Du wurdest ausgewählt! Hol dir dein gratis iPhone hier: {url}",
            "Gewinnspiel 🎁 Die ersten 100 bekommen ein Geschenk, schreib uns eine DM bei {h}",
            "Glückwunsch, du bist unter den Gewinnern! Melde dich bei {s} um den Gewinn zu erhalten",
        ],
        "phishing": [
            "Dein Konto wird in 24 Stunden gesperrt. Bestätige deine Daten hier: {url}",
            "Achtung: Urheberrechtsverletzung auf deinem Profil. Einspruch einlegen: {url}",
            "Du bekommst den blauen Haken! Verifiziere dich jetzt auf {url}",
        ],
        "link_spam": [
            "Verdiene {a1} am Tag von zuhause, Infos unter {url}",
            "Gratis Follower 👉 {url}",
            "Mehr Infos zu diesem Trick findest du hier {url}",
            "Unglaublich, was diese Frau mit 40 macht 😱 {url}",
            "Abnehmen ohne Sport? So geht's: {url}",
            "Nebenjob gesucht? Bis zu {a1} pro Woche, schreib mir auf WhatsApp +49 1{d1} {d2}",
        ],
        "copypasta": [
            "Wer das liest, hat heute noch Glück. Teile das in 10 Gruppen oder du hast 7 Jahre Pech",
            "Lies nicht meinen Namen!! Zu spät, jetzt musst du mein Profil besuchen 😜",
            "Ich wette, niemand liked diesen Kommentar 😢",
            "Wenn dieser Kommentar 1000 Likes bekommt, lade ich ein neues Video hoch",
        ],
    },
    "en": {
        "collab_bait": [
            "Hey, love your feed! We'd love to collaborate, DM us at {h}",
            "Hi babe, your page is stunning 😍 Send a DM to {h} for a collab",
            "We are looking for brand ambassadors! Interested? DM us 💌",
            "Become a brand ambassador for {h} ✨ DM us now",
            "Hey! Our team at {h} has a collab offer for you, check your DMs",
            "Love your content! Would you like to collaborate? DM {h}",
            "Collab? DM our main page {h}",
            "Your pics are amazing 😍 We'd love you as our ambassador, reach out to {h}",
            "Hi! We'd love to send you a free product to try 🎁 DM {h}",
            "Hello lovely, we're a small jewelry brand looking for influencers. Message us at {h}",
            "DM us, we have an offer for you 📩",
            "You have the perfect look for our new campaign! DM {h}",
        ],
        "dm_shop": [
            "DM {h} for 50% off 🛍",
            "Order now from {h}, free shipping today only!",
            "You can get the same bag way cheaper at {h} 👉",
            "Get your code at {h} and save 30%",
            "Promote it on {h} 🔥",
            "Send this pic to {h} to get featured 📸",
            "Send us the photo via DM and we'll feature you on {h}",
            "Cheap followers and likes 👉 {h}",
        ],
        "follow_bait": [
            "Follow me and I'll follow back 🔄",
            "Follow for follow? 🙏",
            "f4f l4l anyone?",
            "Check out my page 😘",
            "Visit my profile, you won't regret it 😉",
            "Who wants more followers? Link in my bio",
            "Like my latest post and I'll like back ❤️",
            "Please follow me, I'm new here and I follow everyone back",
            "Subscribe to my channel and I'll subscribe back!",
            "Check out my channel, new videos every day 🎬",
            "I follow back everyone, promise 🙏",
        ],
        "crypto_scam": [
            "I started with {a1} and now I make {a2} a week thanks to {s} 🙏 Contact her!",
            "I invested {a1} and got {a2} back in 7 days. Thank you {s}",
            "Bitcoin trading with experts 📈 Message {s} and start today",
            "Anyone who wants to invest in crypto should reach out to {s}. Best decision of my life",
            "I was in debt and now I'm free thanks to forex trading with {s} 💸",
            "I lost my money to a fake broker and {s} helped me recover it, highly recommended",
            "Passive income with crypto, {a1} in = {a2} profit. Info at {s}",
            "New token launching today 🚀 100x guaranteed, buy now at {url}",
            "I received a payment of {a2} today, all thanks to {s}",
        ],
        "giveaway_scam": [
            "Congratulations! 🎉 You won our giveaway. Click {url} to claim your prize",
            "You have been selected! Get your free iPhone here: {url}",
            "Giveaway 🎁 the first 100 get a gift, DM us at {h}",
            "Congrats, you are one of our winners! Contact {s} to receive your reward",
        ],
        "phishing": [
            "Your account will be disabled in 24 hours. Verify your details here: {url}",
            "Copyright violation detected on your profile. Appeal here: {url}",
            "You qualify for the blue badge! Verify now at {url}",
        ],
        "link_spam": [
            "Earn {a1} a day from home, info at {url}",
            "Free followers 👉 {url}",
            "Find out more about this trick here {url}",
            "You won't believe what this mom did 😱 {url}",
            "Lose weight without exercise? Here's how: {url}",
            "Looking for a side job? Up to {a1} a week, text me on WhatsApp +1 (2{d1}) 555-01{d3}",
        ],
        "copypasta": [
            "If you read this you will have good luck today. Share it in 10 groups or get 7 years of bad luck",
            "Don't read my name!! Too late, now you have to visit my profile 😜",
            "I bet nobody will like this comment 😢",
            "If this comment gets 1000 likes I'll upload a new video",
        ],
    },
    "fr": {
        "collab_bait": ["Coucou, super profil ! On aimerait collaborer avec toi, envoie-nous un DM sur {h}",
                        "On recherche des ambassadrices ! Intéressée ? Écris-nous en DM 💌",
                        "Ton feed est magnifique 😍 Contacte {h} pour une collab"],
        "dm_shop": ["Envoie un DM à {h} pour -50 % 🛍", "Publie ça sur {h} 🔥"],
        "follow_bait": ["Abonne-toi à moi, je m'abonne en retour 🔄", "Passe voir mon profil 😘"],
        "crypto_scam": ["J'ai commencé avec {a1} et maintenant je gagne {a2} par semaine grâce à {s} 🙏",
                        "Trading bitcoin avec des experts 📈 contactez {s}"],
        "giveaway_scam": ["Félicitations ! 🎉 Tu as gagné notre concours, clique sur {url} pour récupérer ton cadeau"],
        "link_spam": ["Gagne {a1} par jour depuis chez toi, infos sur {url}"],
    },
    "es": {
        "collab_bait": ["Hola, ¡qué perfil tan bonito! Nos encantaría colaborar contigo, escríbenos por DM a {h}",
                        "¡Buscamos embajadoras de marca! ¿Te interesa? Mándanos un DM 💌",
                        "Tu contenido es increíble 😍 Escribe a {h} para una colaboración"],
        "dm_shop": ["Manda un DM a {h} para un 50 % de descuento 🛍", "Publícalo en {h} 🔥"],
        "follow_bait": ["Sígueme y te sigo de vuelta 🔄", "Pasa por mi perfil 😘"],
        "crypto_scam": ["Empecé con {a1} y ahora gano {a2} a la semana gracias a {s} 🙏",
                        "Trading de bitcoin con expertos 📈 contacta a {s}"],
        "giveaway_scam": ["¡Felicidades! 🎉 Ganaste nuestro sorteo, entra en {url} para reclamar tu premio"],
        "link_spam": ["Gana {a1} al día desde casa, info en {url}"],
    },
    "it": {
        "collab_bait": ["Ciao, profilo bellissimo! Ci piacerebbe collaborare con te, scrivici in DM su {h}",
                        "Cerchiamo brand ambassador! Ti interessa? Scrivici in DM 💌",
                        "I tuoi contenuti sono stupendi 😍 Contatta {h} per una collaborazione"],
        "dm_shop": ["Manda un DM a {h} per il 50 % di sconto 🛍", "Pubblicalo su {h} 🔥"],
        "follow_bait": ["Seguimi e ricambio 🔄", "Passa dal mio profilo 😘"],
        "crypto_scam": ["Ho iniziato con {a1} e ora guadagno {a2} a settimana grazie a {s} 🙏",
                        "Trading di bitcoin con esperti 📈 contatta {s}"],
        "giveaway_scam": ["Congratulazioni! 🎉 Hai vinto il nostro giveaway, clicca su {url} per ritirare il premio"],
        "link_spam": ["Guadagna {a1} al giorno da casa, info su {url}"],
    },
    "nl": {
        "collab_bait": ["Hoi, wat een mooi profiel! We willen graag met je samenwerken, stuur ons een DM via {h}",
                        "We zoeken merkambassadeurs! Interesse? Stuur ons een DM 💌",
                        "Je content is geweldig 😍 Stuur {h} een bericht voor een samenwerking"],
        "dm_shop": ["Stuur een DM naar {h} voor 50 % korting 🛍", "Post dit op {h} 🔥"],
        "follow_bait": ["Volg mij en ik volg terug 🔄", "Kom eens langs op mijn profiel 😘"],
        "crypto_scam": ["Ik begon met {a1} en nu verdien ik {a2} per week dankzij {s} 🙏",
                        "Bitcoin trading met experts 📈 neem contact op met {s}"],
        "giveaway_scam": ["Gefeliciteerd! 🎉 Je hebt onze giveaway gewonnen, klik op {url} om je prijs op te halen"],
        "link_spam": ["Verdien {a1} per dag vanuit huis, info op {url}"],
    },
    "pt": {
        "collab_bait": ["Olá, perfil lindo! Adoraríamos colaborar contigo, manda DM para {h}",
                        "Procuramos embaixadoras da marca! Interessada? Manda-nos DM 💌",
                        "O teu conteúdo é incrível 😍 Fala com {h} para uma parceria"],
        "dm_shop": ["Manda DM para {h} e ganha 50 % de desconto 🛍", "Publica isto em {h} 🔥"],
        "follow_bait": ["Segue-me que eu sigo de volta 🔄", "Passa no meu perfil 😘"],
        "crypto_scam": ["Comecei com {a1} e agora ganho {a2} por semana graças a {s} 🙏",
                        "Trading de bitcoin com especialistas 📈 fala com {s}"],
        "giveaway_scam": ["Parabéns! 🎉 Ganhaste o nosso sorteio, clica em {url} para receber o prémio"],
        "link_spam": ["Ganha {a1} por dia a partir de casa, info em {url}"],
    },
    "pl": {
        "collab_bait": ["Hej, piękny profil! Chętnie nawiążemy współpracę, napisz do nas na DM {h}",
                        "Szukamy ambasadorek marki! Zainteresowana? Napisz DM 💌",
                        "Twoje treści są super 😍 Napisz do {h} w sprawie współpracy"],
        "dm_shop": ["Napisz DM do {h} po 50 % rabatu 🛍", "Wrzuć to na {h} 🔥"],
        "follow_bait": ["Obserwuj mnie, odwdzięczę się 🔄", "Zajrzyj na mój profil 😘"],
        "crypto_scam": ["Zaczęłam od {a1}, a teraz zarabiam {a2} tygodniowo dzięki {s} 🙏",
                        "Trading bitcoin z ekspertami 📈 napisz do {s}"],
        "giveaway_scam": ["Gratulacje! 🎉 Wygrałaś nasz konkurs, kliknij {url} aby odebrać nagrodę"],
        "link_spam": ["Zarabiaj {a1} dziennie z domu, info na {url}"],
    },
}

# Generic, context-free praise: (language -> list of core phrases).  Combined with emoji.
GENERIC: dict[str, list[str]] = {
    "de": ["Toll!", "Mega", "Wunderschön", "Sehr schön", "Klasse!", "Hammer", "Wow", "Super", "Geil",
           "Sieht toll aus", "Richtig gut", "Einfach traumhaft", "Wahnsinn", "Stark", "Top", "Perfekt",
           "So schön", "Echt cool", "Bombe", "Lecker!", "Sieht lecker aus", "Mega lecker", "Traumhaft",
           "Hammer Bild", "Tolles Foto", "Schönes Bild", "Wie immer top", "Einfach nur wow", "Der Hammer",
           "Sehr cool", "Mega schön", "Richtig schön", "Bin verliebt", "Liebe es", "Großartig", "Spitze",
           "Genial", "Wunderbar", "Hübsch", "Toller Post", "Mega Content", "Sehr inspirierend",
           "Tolle Arbeit", "Weiter so!", "Mach weiter so", "Beautiful", "Klasse Bild", "Einfach schön",
           "Saustark", "Krass gut", "Echt toll", "Yummy", "Lecker lecker", "Schaut super aus", "Sehr hübsch",
           "Danke fürs Teilen", "Tolles Rezept, danke", "Danke für das Rezept", "Super Tipps", "Tolles Video",
           "Bestes Rezept ever", "Danke dir", "Vielen Dank", "Tolle Idee", "Tolles Workout", "Danke für die Inspiration"],
    "en": ["Nice", "Love this!!", "Amazing", "So beautiful", "Awesome", "Great post", "Wow", "Cool",
           "Stunning", "Gorgeous", "Beautiful pic", "Looks great", "Love it", "Perfect", "Fire",
           "So good", "Incredible", "Love your content", "Great content", "Nice pic", "Nice shot",
           "Yummy", "Looks delicious", "So cute", "Goals", "Obsessed", "Beautiful", "Great work",
           "Keep it up", "Keep going", "Slay", "Wonderful", "Lovely", "This is everything", "Epic",
           "Insane", "Legend", "Very nice", "Looks amazing", "Brilliant", "So inspiring", "Great vibes",
           "Absolutely love this", "Love love love", "Fantastic", "Super cool", "Top", "Omg yes",
           "Great recipe, thanks", "Thanks for sharing", "Thank you so much", "Great video", "Great tips",
           "Love your recipes", "Best recipe ever", "Great workout", "Thanks for the inspo", "Great idea"],
    "fr": ["Trop beau", "Magnifique", "Superbe", "Génial", "J'adore", "Trop bien", "Canon", "Top", "Sublime", "Bravo"],
    "es": ["Precioso", "Qué bonito", "Me encanta", "Increíble", "Brutal", "Genial", "Qué rico", "Espectacular", "Top", "Divina"],
    "it": ["Bellissimo", "Stupendo", "Che bello", "Fantastico", "Top", "Meraviglioso", "Troppo bello", "Bravissima", "Che buono", "Adoro"],
    "nl": ["Prachtig", "Wat mooi", "Super", "Geweldig", "Top", "Heerlijk", "Te gek", "Echt mooi", "Schitterend", "Lekker"],
    "pt": ["Lindo", "Que lindo", "Maravilhoso", "Incrível", "Top", "Perfeito", "Amei", "Que delícia", "Arrasou", "Show"],
    "pl": ["Pięknie", "Super", "Cudowne", "Ekstra", "Wow", "Sztos", "Mega", "Przepięknie", "Petarda", "Bomba"],
}

# Genuine templates with topic slots, per language and kind.
GENUINE: dict[str, dict[str, list[str]]] = {
    "de": {
        "question": [
            "Kann man statt {ingredient} auch {alt} nehmen?",
            "Wie lange muss das {dish} in den Ofen?",
            "Hält sich das {dish} ein paar Tage im Kühlschrank?",
            "Wo hast du die {product} her? Die sieht richtig gut aus",
            "Welche {product} benutzt du da? Bin schon lange auf der Suche",
            "Wie viele Sätze {exercise} machst du pro Einheit?",
            "Hast du Tipps für {place} mit Kindern?",
            "Wie teuer war die Unterkunft in {place} ungefähr?",
            "Spielst du {game} auf der Konsole oder am PC?",
            "Lohnt sich das {device} wirklich oder lieber warten?",
            "Kann man das {dish} auch einfrieren?",
            "Ist das {dish} auch glutenfrei möglich?",
            "Gibt es die {product} auch in {color}?",
            "Wie lange hat die Akkulaufzeit beim {device} gehalten?",
            "Kannst du das Rezept für das {dish} in die Story packen?",
            "Wann kommt das nächste Video zu {game}?",
            "Machst du {exercise} mit oder ohne Gürtel?",
            "Wie warm war es in {place} im Oktober?",
            "Für wie viele Personen reicht das {dish}?",
        ],
        "specific_praise": [
            "Das {dish} hab ich gestern nachgekocht, meine Kinder waren begeistert!",
            "Die Kombi mit {ingredient} muss ich unbedingt ausprobieren",
            "Deine Technik bei den {exercise} ist echt viel besser geworden",
            "{place} steht schon ewig auf meiner Liste, danke für die Tipps!",
            "Die Farbe der {product} steht dir richtig gut",
            "Endlich mal jemand, der {game} ohne Cheats durchspielt 😂",
            "Danke für den ehrlichen Test vom {device}, hat mir die Entscheidung leichter gemacht",
            "Mit {alt} statt {ingredient} klappt es übrigens auch super",
            "Das {dish} mit extra {ingredient} ist jetzt unser Sonntagsessen",
            "Deine Erklärung zu den {exercise} hat mir mehr geholfen als jeder Trainer",
            "Wir waren letztes Jahr auch in {place}, das Café am Hafen war unser Highlight",
        ],
        "criticism": [
            "Ehrlich gesagt finde ich das {dish} viel zu süß",
            "Das ist doch Werbung für die {product}, warum ist es nicht markiert?",
            "Schade, dass du nur noch Werbung postest",
            "Bei den {exercise} ist dein Rücken ganz schön rund, pass auf dich auf",
            "{place} ist total überlaufen, kann ich leider nicht empfehlen",
            "Der Preis für das {device} ist einfach lächerlich",
            "Das Rezept hat bei mir überhaupt nicht funktioniert, der Teig war viel zu flüssig",
            "Die Musik im Video ist viel zu laut, man versteht dich kaum",
        ],
        "friend_tag": [
            "{f} das {dish} müssen wir am Wochenende machen!",
            "{f} schau mal, das ist doch was für dich 😂",
            "{f} nächstes Jahr fahren wir nach {place}!",
            "{f} genau die {product} hab ich gemeint",
            "{f} guck mal, {exercise} machen wir ab Montag auch",
        ],
    },
    "en": {
        "question": [
            "Can I use {alt} instead of {ingredient}?",
            "How long does the {dish} need in the oven?",
            "Does the {dish} keep a few days in the fridge?",
            "Where did you get the {product}? It looks really good",
            "Which {product} are you using? Been looking for one forever",
            "How many sets of {exercise} do you do per session?",
            "Any tips for {place} with kids?",
            "Roughly how expensive was the accommodation in {place}?",
            "Do you play {game} on console or PC?",
            "Is the {device} really worth it or should I wait?",
            "Can you freeze the {dish}?",
            "Can the {dish} be made gluten free?",
            "Does the {product} come in {color}?",
            "How long did the battery last on the {device}?",
            "Could you put the {dish} recipe in your story?",
            "When is the next {game} video coming?",
            "Do you do {exercise} with or without a belt?",
            "How warm was {place} in October?",
            "How many people does the {dish} serve?",
        ],
        "specific_praise": [
            "Made the {dish} yesterday and my kids loved it!",
            "Need to try the combo with {ingredient} asap",
            "Your {exercise} form has improved so much",
            "{place} has been on my list forever, thanks for the tips!",
            "The colour of that {product} really suits you",
            "Finally someone who beats {game} without cheats 😂",
            "Thanks for the honest {device} review, made my decision easier",
            "Works great with {alt} instead of {ingredient} too by the way",
            "The {dish} with extra {ingredient} is our Sunday dinner now",
            "Your explanation of {exercise} helped me more than any trainer",
            "We were in {place} last year too, the cafe by the harbour was our highlight",
        ],
        "criticism": [
            "Honestly the {dish} is way too sweet for me",
            "This is an ad for the {product}, why isn't it labelled?",
            "Shame you only post ads now",
            "Your back is pretty rounded on the {exercise}, be careful",
            "{place} is totally overcrowded, can't recommend it",
            "The price of the {device} is just ridiculous",
            "The recipe didn't work for me at all, the batter was way too runny",
            "The music in the video is too loud, I can barely hear you",
        ],
        "friend_tag": [
            "{f} we have to make the {dish} this weekend!",
            "{f} look, this is so you 😂",
            "{f} next year we're going to {place}!",
            "{f} that's the {product} I meant",
            "{f} look, we're starting {exercise} on monday",
        ],
    },
    "fr": {"question": ["On peut remplacer le {ingredient} par du {alt} ?", "Tu as trouvé ta {product} où ?",
                        "Combien de temps au four pour le {dish} ?", "Des conseils pour {place} avec des enfants ?"],
           "specific_praise": ["J'ai refait le {dish} hier, toute la famille a adoré !",
                               "Ta technique sur les {exercise} s'est vraiment améliorée"],
           "criticism": ["Franchement le {dish} est beaucoup trop sucré", "C'est de la pub pour la {product}, pourquoi ce n'est pas indiqué ?"],
           "friend_tag": ["{f} on fait le {dish} ce week-end !", "{f} regarde, c'est tout toi 😂"]},
    "es": {"question": ["¿Se puede usar {alt} en vez de {ingredient}?", "¿Dónde compraste la {product}?",
                        "¿Cuánto tiempo va el {dish} al horno?", "¿Algún consejo para {place} con niños?"],
           "specific_praise": ["Hice el {dish} ayer y a mis hijos les encantó", "Tu técnica en las {exercise} ha mejorado muchísimo"],
           "criticism": ["Sinceramente el {dish} está demasiado dulce", "Esto es publicidad de la {product}, ¿por qué no lo indicas?"],
           "friend_tag": ["{f} tenemos que hacer el {dish} este finde", "{f} mira, eres tú 😂"]},
    "it": {"question": ["Posso usare {alt} al posto del {ingredient}?", "Dove hai preso la {product}?",
                        "Quanto tempo in forno per il {dish}?", "Consigli per {place} con bambini?"],
           "specific_praise": ["Ho rifatto il {dish} ieri, i miei figli l'hanno adorato", "La tua tecnica negli {exercise} è migliorata tantissimo"],
           "criticism": ["Sinceramente il {dish} è troppo dolce", "Questa è pubblicità per la {product}, perché non lo scrivi?"],
           "friend_tag": ["{f} dobbiamo fare il {dish} questo weekend", "{f} guarda, sei tu 😂"]},
    "nl": {"question": ["Kan ik {alt} gebruiken in plaats van {ingredient}?", "Waar heb je die {product} gekocht?",
                        "Hoe lang moet de {dish} in de oven?", "Tips voor {place} met kinderen?"],
           "specific_praise": ["Gisteren de {dish} gemaakt, de kinderen vonden het heerlijk", "Je techniek bij de {exercise} is echt beter geworden"],
           "criticism": ["Eerlijk gezegd vind ik de {dish} veel te zoet", "Dit is reclame voor de {product}, waarom staat dat er niet bij?"],
           "friend_tag": ["{f} die {dish} moeten we dit weekend maken", "{f} kijk, dit ben jij 😂"]},
    "pt": {"question": ["Posso usar {alt} em vez de {ingredient}?", "Onde compraste o {product}?",
                        "Quanto tempo fica o {dish} no forno?", "Dicas para {place} com crianças?"],
           "specific_praise": ["Fiz o {dish} ontem e os miúdos adoraram", "A tua técnica nos {exercise} melhorou imenso"],
           "criticism": ["Sinceramente o {dish} está doce demais", "Isto é publicidade ao {product}, porque não dizes?"],
           "friend_tag": ["{f} temos de fazer o {dish} este fim de semana", "{f} olha, és tu 😂"]},
    "pl": {"question": ["Czy mogę użyć {alt} zamiast {ingredient}?", "Gdzie kupiłaś tę {product}?",
                        "Jak długo {dish} ma się piec?", "Jakieś rady na {place} z dziećmi?"],
           "specific_praise": ["Zrobiłam wczoraj {dish}, dzieci były zachwycone", "Twoja technika w {exercise} bardzo się poprawiła"],
           "criticism": ["Szczerze mówiąc {dish} jest dla mnie za słodki", "To reklama, dlaczego nie jest oznaczona?"],
           "friend_tag": ["{f} musimy zrobić {dish} w weekend", "{f} zobacz, to cała ty 😂"]},
}

# Hand-written individual comments (no slots): language -> label -> kind -> comments.
INDIVIDUAL: dict[str, dict[str, dict[str, list[str]]]] = {
    "de": {
        "genuine": {
            "discussion": [
                "Ich finde es gut, dass du auch mal zeigst, wenn etwas nicht klappt",
                "Bei mir ist der Kuchen in der Mitte zusammengefallen, woran kann das liegen?",
                "Ich mache seit drei Monaten dein Programm und hab 6 kg abgenommen, danke!",
                "Hab mir die Jacke nach deinem Video gekauft und bin sehr zufrieden",
                "Die Brücke im Hintergrund ist doch in Porto oder?",
                "Du hast vergessen zu erwähnen, wie viel Salz rein kommt",
                "Mein Sohn wollte das unbedingt nachbauen, hat ewig gedauert aber war lustig",
                "Welche Blende hast du bei dem Foto benutzt?",
                "Endlich mal ein ehrliches Video über Nebenkosten beim Reisen",
                "Ich arbeite selbst in der Pflege und kann das alles nur bestätigen",
                "Das Licht in der Küche ist so gemütlich, was für Lampen sind das?",
                "Der Link zum Rezept in deiner Bio funktioniert nicht mehr",
                "Hab dir wegen der Zutatenliste eine Nachricht geschrieben, wäre lieb wenn du antwortest",
                "Ich hab leider eine Nussallergie, geht das auch ohne Mandeln?",
                "Die Folge war echt lang, aber jede Minute wert",
                "Warum hast du die Kommentare beim letzten Video ausgeschaltet?",
                "Du erklärst das so ruhig, da macht Lernen Spaß",
                "Bin Anfängerin, ist das Workout zu schwer für mich?",
                "Wir haben das Spiel zu zweit gespielt und sind am Endgegner verzweifelt 😅",
                "Bei 180 Grad Umluft ist er bei mir nach 25 Minuten schon dunkel geworden",
                "Kannst du mal ein Video über günstige Meal Prep Ideen machen?",
                "Ich vermisse die alten Videos mit deinem Hund",
                "Mega lecker, hab aber weniger Zucker genommen und es war trotzdem süß genug",
                "Das Hotel sieht schön aus, aber 300 Euro die Nacht ist mir zu viel",
                "Die neue Frisur steht dir, aber die langen Haare fand ich auch schön",
                "Endlich jemand der zeigt, dass vegan nicht teuer sein muss",
                "Was ist das für ein Song im Hintergrund?",
                "Ich glaube bei Schritt 3 fehlt die Backzeit",
                "Danke, dass du auch auf Deutsch postest!",
                "Das war mein erster Halbmarathon und dein Trainingsplan hat mich durchgebracht",
                "Schade, dass der Rabattcode schon abgelaufen ist",
                "Mein Hafermilch-Schaum wird nie so fest, welche Marke nimmst du?",
                "Folge dir seit Jahren und finde die Entwicklung toll",
                "Kann man den Rucksack auch als Handgepäck mitnehmen?",
                "Ich hab das Gericht mit Reis statt Nudeln gemacht, auch super",
                "Die Kamera fokussiert im Video ständig auf den Hintergrund",
                "Hast du keine Angst bei dem Wetter zu wandern?",
                "Bitte mehr Rezepte ohne Backofen, ich hab nur eine Herdplatte im Wohnheim",
                "Voll schön geworden! Wie lange hast du für die Torte gebraucht?",
                "Sieht super aus, aber ist das nicht total ungesund mit so viel Öl?",
                "Wo genau ist der Wasserfall? Würde da gerne im Sommer hin",
                "Meine Oma hat das früher immer genauso gemacht ❤️",
                "Gibt es das Buch auch als E-Book?",
                "Das Level hab ich auch nicht geschafft, zu schwer",
                "Toll erklärt, aber bei Minute 4 ist ein Fehler in der Rechnung",
                "Follow me around Videos sind immer meine Lieblingsvideos von dir",
                "Ich folge dir wegen der Rezepte, nicht wegen der Werbung",
                "Welche Größe trägst du bei der Hose?",
                "Der Trick mit dem Eiswasser hat bei mir echt funktioniert",
                "Dein Akzent ist so sympathisch 😄",
            ],
        },
        "generic": {
            "generic_praise": ["😍😍😍", "🔥🔥🔥", "❤️", "👏👏", "Wow 😍", "Toll! 😍", "Hammer 🔥🔥", "Mega 💯",
                               "Sehr schön ❤️", "😍", "🔥", "Wunderschön ✨", "Einfach wow 😍", "Wie schön 🥰",
                               "Nice 🔥", "Love it ❤️", "Boah 😍", "Hammer!!!", "Super schön 😍😍", "Toll toll toll"],
        },
        "bot_like": {
            "self_promo": [
                "Hey schau gerne mal bei mir vorbei, ich poste auch vegane Rezepte 🌱",
                "Wer Lust auf Fitness Tipps hat, mein Profil 👀",
                "Neues Video ist online! Link in meiner Bio 🎬",
                "Ich verkaufe handgemachte Kerzen, schaut mal auf meinem Profil vorbei 🕯",
                "Hab gerade 10 Tage Rabatt auf alle Coachings, schreib mir 'START' per DM",
                "Wer will mit mir zusammen Geld verdienen? Nur 3 Plätze frei, DM an mich",
                "Hey Süße, check mal deine Nachrichtenanfragen 😉",
                "Ich hab dir eine DM geschickt, schau mal rein 💌",
                "Schöner Account! Ich hätte ein spannendes Business-Angebot für dich, schreib mir",
                "Gefällt dir mein Kanal? Dann abonnier ihn 🙏",
            ],
        },
    },
    "en": {
        "genuine": {
            "discussion": [
                "I love that you also show when things don't work out",
                "My cake sank in the middle, any idea why?",
                "Been doing your program for three months and lost 6 kg, thank you!",
                "Bought the jacket after your video and I'm really happy with it",
                "Isn't the bridge in the background in Porto?",
                "You forgot to say how much salt goes in",
                "My son wanted to build this so badly, took forever but was fun",
                "What aperture did you use for this shot?",
                "Finally an honest video about the hidden costs of travelling",
                "I work as a nurse myself and can confirm all of this",
                "The light in your kitchen is so cozy, what lamps are those?",
                "The recipe link in your bio doesn't work anymore",
                "I sent you a message about the ingredient list, would be lovely if you answered",
                "I have a nut allergy, does it work without almonds?",
                "Long episode but worth every minute",
                "Why did you turn off comments on the last video?",
                "You explain things so calmly, makes learning fun",
                "I'm a beginner, is this workout too hard for me?",
                "We played it in co-op and got stuck on the final boss 😅",
                "At 180 degrees fan it got dark after 25 minutes for me",
                "Could you do a video on cheap meal prep ideas?",
                "I miss the old videos with your dog",
                "So tasty, I used less sugar and it was still sweet enough",
                "Hotel looks nice but 300 a night is too much for me",
                "The new haircut suits you, but I liked the long hair too",
                "Finally someone showing vegan doesn't have to be expensive",
                "What's the song in the background?",
                "I think step 3 is missing the baking time",
                "This was my first half marathon and your plan got me through",
                "Shame the discount code already expired",
                "My oat milk foam never gets that firm, which brand do you use?",
                "Been following you for years and love how you've grown",
                "Does the backpack count as cabin luggage?",
                "Made it with rice instead of pasta, also great",
                "The camera keeps focusing on the background in this video",
                "Aren't you scared hiking in that weather?",
                "More recipes without an oven please, I only have one hob in my dorm",
                "Turned out great! How long did the cake take you?",
                "Looks great but isn't that super unhealthy with so much oil?",
                "Where exactly is the waterfall? Would love to go in summer",
                "My grandma used to make it exactly like this ❤️",
                "Is the book available as an ebook?",
                "Couldn't beat that level either, way too hard",
                "Well explained, but there's a mistake in the calculation at minute 4",
                "I follow you for the recipes, not the ads",
                "What size are you wearing in those trousers?",
                "The ice water trick actually worked for me",
                "lol the cat walking through the shot at the end 😂",
                "Check the comments, several people had the same problem with the dough",
                "I subscribed last week because of your budgeting series and it already helped",
            ],
        },
        "generic": {
            "generic_praise": ["😍😍😍", "🔥🔥🔥", "❤️", "👏👏", "Wow 😍", "Nice 🔥", "Love this!!", "Amazing 🔥🔥",
                               "So good 💯", "😍", "🔥", "Beautiful ✨", "Just wow 😍", "So pretty 🥰", "Yesss 🔥",
                               "Love it ❤️", "Omg 😍", "Fire!!!", "Sooo nice 😍😍", "Love love love"],
        },
        "bot_like": {
            "self_promo": [
                "Hey check out my page, I post vegan recipes too 🌱",
                "If you want fitness tips, my profile 👀",
                "New video is up! Link in my bio 🎬",
                "I sell handmade candles, go check out my profile 🕯",
                "10 days discount on all coachings, DM me 'START'",
                "Who wants to make money with me? Only 3 spots left, DM me",
                "Hey hun, check your message requests 😉",
                "I sent you a DM, take a look 💌",
                "Nice account! I have an exciting business offer for you, message me",
                "Like my channel? Then subscribe 🙏",
                "Huh, anyway check out this channel of mine",
                "Please help me reach 1k subscribers, it means so much",
            ],
        },
    },
}

MIXED = [  # German/English mixed influencer comments: (text, label, kind)
    ("Mega lecker, love it! 😍", "generic", "generic_praise"),
    ("So schön, love this 🔥", "generic", "generic_praise"),
    ("Voll nice 🔥", "generic", "generic_praise"),
    ("Omg wie cute 😍", "generic", "generic_praise"),
    ("Der Outfit-Check ist so on point, wo ist die Bluse her?", "genuine", "question"),
    ("Das Workout war brutal, my legs are dead 😂", "genuine", "discussion"),
    ("Hab das Recipe gemacht aber mit Tofu statt Chicken, worked perfectly", "genuine", "specific_praise"),
    ("Is the Rezept auch auf Englisch verfügbar?", "genuine", "question"),
    ("Hey babe, tolles Profil! DM us for a Kooperation 💌", "bot_like", "collab_bait"),
    ("Follow me, ich folge zurück 🔄", "bot_like", "follow_bait"),
    ("Free Follower hier 👉 link in bio", "bot_like", "link_spam"),
    ("Investiere jetzt mit unserem crypto expert, DM for info 📈", "bot_like", "crypto_scam"),
]

# Per-label generation counts per template (before dedup).
PER_TEMPLATE = {"bot_like": 12, "generic": 1, "genuine": 16}
LANG_FACTOR = {"de": 1.35, "en": 1.0, "fr": 1.0, "es": 1.0, "it": 1.0, "nl": 1.0, "pt": 1.0, "pl": 1.0}

_BOLD = {c: chr(0x1D400 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_BOLD.update({c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")})
_SMALLCAPS = dict(zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", strict=True))
_CYR = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}


def _test_split(template_id: str) -> bool:
    return int(hashlib.sha256(template_id.encode()).hexdigest(), 16) % 4 == 0


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.4:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif op < 0.7:
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def _obfuscate(rng: random.Random, text: str) -> str:
    op = rng.random()
    if op < 0.25:
        return "".join(_BOLD.get(c, c) for c in text)
    if op < 0.45:
        return "".join(_SMALLCAPS.get(c, c) for c in text)
    if op < 0.7:
        return "".join(_CYR[c] if c in _CYR and rng.random() < 0.5 else c for c in text)
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if 3 < len(w) < 9 and w.isalpha()]
    if idx:
        i = rng.choice(idx)
        sep = rng.choice([" ", ".", "-", " "])
        words[i] = sep.join(words[i])
    return " ".join(words)


def _augment(rng: random.Random, text: str, label: str) -> str:
    if rng.random() < 0.15:
        text = _typo(rng, text)
    r = rng.random()
    if r < 0.12:
        text = text.lower()
    elif r < 0.15:
        text = text.upper()
    if rng.random() < 0.3:
        pool = {"bot_like": EMOJI_BOT, "generic": EMOJI_GENERIC, "genuine": EMOJI_GENUINE}[label]
        text = f"{text} {rng.choice(pool)}"
    if (label == "bot_like" and rng.random() < 0.18) or rng.random() < 0.02:
        text = _obfuscate(rng, text)
    if rng.random() < 0.05:
        text = text.replace("!", "!!!")
    return text


def _fill(rng: random.Random, template: str, lang: str) -> str:
    topics = TOPICS[lang]
    a1, a2 = _amount(rng, lang)
    values = {k: rng.choice(v) for k, v in topics.items()}
    values.update(h=_handle(rng), s=_scam_handle(rng), f=_friend(rng), url=_url(rng), a1=a1, a2=a2,
                  d1=str(rng.randint(50, 79)))
    # Fictional numbers only (+49 1xx 0000 xxxx, US 555-01xx); one draw keeps the random stream.
    digits = rng.randint(1000000, 9999999)
    values.update(d2=f"0000 {digits % 10000:04d}", d3=f"{digits % 100:02d}")
    return template.format(**values)


def _generic_variants(rng: random.Random, phrase: str, n: int) -> list[str]:
    out = []
    for _ in range(n):
        text = phrase
        r = rng.random()
        if r < 0.35:
            text = f"{text} {rng.choice(EMOJI_GENERIC)}"
        elif r < 0.55:
            text = f"{text}{rng.choice(['!', '!!', '!!!', ' 😍😍', ' ❤️❤️❤️'])}"
        elif r < 0.65:
            text = f"{rng.choice(EMOJI_GENERIC)} {text}"
        if rng.random() < 0.15:
            text = text.lower()
        out.append(text)
    return out

# ==========================================================================
# Kinds creators get in 2024-25 (issue #8) and the genuine comments that look
# like them.  Each skeleton below is its own template id, so the split stays
# template-disjoint; slot fillers (brands, names, numbers, emoji runs) are
# drawn per row, so that no brand, name or emoji run stands for a template.
# Every (language, kind) block has its own random stream: editing one block
# never changes the rows of another.
# ==========================================================================

# The emoji signature of link-in-profile bot accounts: 2-3 emojis, at least one
# from the core (fruit, lips, tongue, sweat, lollipop).  LABEL_GUIDE.md.
SIGNATURE_CORE = ["🍓", "🍒", "💋", "👅", "🍭", "🍑", "💦", "🥵", "🫦"]
SIGNATURE_EXTRA = ["😘", "💞", "💗", "💓", "🌹", "😻", "💘", "💖", "❤️‍🔥", "🍬"]
# What real fans use (hearts, faces, food and context emojis); no signature core.
EMOJI_FAN = ["😍", "😍😍", "😍😍😍", "🥰", "😘", "💕", "💕💕", "❤️", "❤️❤️", "🔥", "🔥🔥", "🔥🔥🔥",
             "😂", "😂😂", "😂😂😂", "🤤", "🙌", "✨", "💗", "💖", "🥹", "😭", "😭😭", "🙈", "👏👏", "🤩",
             "💪", "🥳", "😋", "🫶", "❤️🔥", "💯"]
EMOJI_GAMBLE = ["🎰", "💸", "💰", "🤑", "🔥", "💯", "🚀", "🎁", "💎", "👑", "⚡", "🍀"]

# Gambling brands are invented: a root (checked absent from the shared
# Indonesian gambling set), an optional tail and a number, then styled.
GAMBLE_ROOTS = ["ZORI", "KUMALA", "TORU", "MERAKI", "LAWANG", "KELANA", "NAWA", "GANTARI", "JAGUR", "BOLANG",
                "SEMBURAT", "KIRANA", "MANGGIS", "PELANGI", "RINTIK", "JALAK", "MERPATI", "GENDANG", "ANGSA",
                "WALET", "KEDONDONG", "SIRIH", "VELORA", "QUINTO", "BRAVIS", "NIXO"]
GAMBLE_TAILS = ["BET", "WIN", "SLOT", "TOTO", "PLAY", "JP", "HOKI", "SPIN", "", "", "", ""]
GAMBLE_NUMS = ["77", "88", "99", "777", "303", "4D", "138", "69", "55", "168", "888", "21", "365", "123", "", ""]

EXPERT_FIRST = {"de": ["Sabine", "Claudia", "Birgit", "Petra", "Monika", "Heike", "Andrea", "Martina", "Susanne",
                       "Katrin", "Gabriele", "Ulrike", "Daniela", "Cornelia", "Evelyn", "Johanna"],
                "en": ["Evelyn", "Catherine", "Jennifer", "Margaret", "Linda", "Deborah", "Rebecca", "Patricia",
                       "Sandra", "Helen", "Victoria", "Diane", "Carol", "Natalie", "Joanna", "Ruth"]}
EXPERT_LAST = {"de": ["Wendt", "Hollmann", "Brückner", "Kessler", "Vogt", "Seidel", "Albrecht", "Falkenberg",
                      "Brandt", "Sommer", "Engel", "Lindner", "Hagedorn", "Reimers", "Kramer", "Steinbach"],
               "en": ["Harper", "Whitfield", "Moorcroft", "Calloway", "Pemberton", "Ashby", "Lindqvist", "Hale",
                      "Prescott", "Brennan", "Marlow", "Hastings", "Delaney", "Ainsworth", "Fairbanks", "Kendrick"]}
CREATOR_FIRST = ["Lena", "Paula", "Jana", "Sophie", "Max", "Tom", "Mia", "Jonas", "Hanna", "Clara", "Emil"]
CREATOR_HANDLES = ["lenas.kitchen", "veganmitmax", "fitmitjana", "tom.travels", "backenmitpaula", "jonas_zockt",
                   "hanna.naeht", "miasgarten", "clarakocht", "emil.on.tour", "sophies.ofen"]
CITIES = {"de": ["dem Allgäu", "Bremen", "dem Sauerland", "Kiel", "Graz", "Leipzig", "der Pfalz", "Zürich",
                 "Rostock", "Passau", "dem Emsland", "Kassel", "Tirol", "Dresden"],
          "en": ["Yorkshire", "Ohio", "Cornwall", "Ontario", "Melbourne", "Texas", "Dublin", "Devon", "Maine",
                 "Auckland", "Glasgow", "Oregon"]}
SITES = {"de": ["chefkoch.de", "backliebe-blog.de", "omas-rezeptkiste.de", "gruene-kochnische.at",
                "kochtopf-kollektiv.de", "linsenliebe.de", "ofenfrisch-blog.de", "die-brotdose.de"],
         "en": ["bakewithbea.com", "thelentilpot.blog", "grannysrecipebox.net", "crumbandcrust.blog",
                "weeknightbowls.com", "the-oat-jar.co.uk", "souptuesday.net"]}
SHOPS = {"de": ["Gewürzhaus Nordlicht", "Küchenkontor Berg", "Bioladen Löwenzahn", "Feinkost Albers",
                "Backzubehör Kranich", "Haushaltswaren Lüders", "Nähstube Fadenlauf"],
         "en": ["Pantry & Co", "The Spice Loft", "Harbour Kitchenware", "Greenleaf Grocers", "Bramble Bakeware",
                "Thimble & Thread"]}
SLUGS = ["zimtschnecken", "linsencurry-schnell", "bananenbrot-vegan", "kuerbissuppe", "apfelkuchen-blech",
         "hummus-classic", "chili-sin-carne", "porridge-basics", "lasagne-gemuese"]


def _gamble_brand(rng: random.Random) -> str:
    root = rng.choice(GAMBLE_ROOTS)
    tail = rng.choice(GAMBLE_TAILS) if len(root) < 7 else ""
    num = rng.choice(GAMBLE_NUMS)
    if not tail and not num:
        num = rng.choice(GAMBLE_NUMS[:6])
    return root + tail + num


def _alpha_styler(upper: int, lower: int | None, digit: int | None,
                  holes: dict[str, str] | None = None) -> Callable[[str], str]:
    """A Unicode mathematical-alphanumeric alphabet (A-Z, a-z, 0-9 from the given code points)."""
    holes = holes or {}

    def style(text: str) -> str:
        out = []
        for ch in text:
            if ch in holes:
                out.append(holes[ch])
            elif "A" <= ch <= "Z":
                out.append(chr(upper + ord(ch) - 65))
            elif "a" <= ch <= "z" and lower is not None:
                out.append(chr(lower + ord(ch) - 97))
            elif "0" <= ch <= "9" and digit is not None:
                out.append(chr(digit + ord(ch) - 48))
            else:
                out.append(ch)
        return "".join(out)

    return style


_DOUBLE_HOLES = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
_SCRIPT_HOLES = {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                 "e": "ℯ", "g": "ℊ", "o": "ℴ"}
_STYLES: dict[str, Callable[[str], str]] = {
    "bold": _alpha_styler(0x1D400, 0x1D41A, 0x1D7CE),
    "bold_italic": _alpha_styler(0x1D468, 0x1D482, 0x1D7CE),
    "sans_bold": _alpha_styler(0x1D5D4, 0x1D5EE, 0x1D7EC),
    "sans_bold_italic": _alpha_styler(0x1D63C, 0x1D656, 0x1D7EC),
    "double_struck": _alpha_styler(0x1D538, 0x1D552, 0x1D7D8, _DOUBLE_HOLES),
    "script": _alpha_styler(0x1D49C, 0x1D4B6, None, _SCRIPT_HOLES),
    "bold_script": _alpha_styler(0x1D4D0, 0x1D4EA, 0x1D7CE),
    "monospace": _alpha_styler(0x1D670, 0x1D68A, 0x1D7F6),
    "fullwidth": _alpha_styler(0xFF21, 0xFF41, 0xFF10),
    "circled": _alpha_styler(0x24B6, 0x24D0, None),
}
_GAMBLE_CYR = {"A": "А", "E": "Е", "O": "О", "P": "Р", "C": "С", "X": "Х", "T": "Т", "K": "К", "M": "М",
               "H": "Н", "B": "В", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}
_EMOJI_PRESENTATION = {"🅰", "🅱", "🅾", "🅿"}


def _squared(rng: random.Random, text: str) -> str:
    """Negative squared letters (🅿️🆄🅻🅰️🆄); digits plain or as keycaps."""
    out = []
    keycaps = rng.random() < 0.5
    for ch in text.upper():
        if "A" <= ch <= "Z":
            sq = chr(0x1F170 + ord(ch) - 65)
            out.append(sq + "\ufe0f" if sq in _EMOJI_PRESENTATION else sq)
        elif ch.isdigit() and keycaps:
            out.append(ch + "\ufe0f\u20e3")
        else:
            out.append(ch)
    return "".join(out)


def _style_brand(rng: random.Random, brand: str) -> str:
    """Write an invented gambling brand the way the campaigns do (look-alikes, decorations)."""
    r = rng.random()
    if r < 0.1:
        styled = brand
    elif r < 0.16:
        styled = brand.capitalize()
    elif r < 0.6:
        styled = _STYLES[rng.choice(sorted(_STYLES))](brand if rng.random() < 0.8 else brand.capitalize())
    elif r < 0.7:
        styled = _squared(rng, brand)
    elif r < 0.82:  # Cyrillic look-alikes in a plain or bold word
        styled = "".join(_GAMBLE_CYR[c] if c in _GAMBLE_CYR and rng.random() < 0.5 else c for c in brand)
        if rng.random() < 0.5:
            styled = "".join(_STYLES["bold"](c) if c.isascii() else c for c in styled)
    elif r < 0.92:  # one alphabet per letter
        names = sorted(_STYLES)
        styled = "".join(_STYLES[rng.choice(names)](c) for c in brand)
    else:  # spaced fullwidth or leet
        styled = " ".join(_STYLES["fullwidth"](brand)) if rng.random() < 0.5 else (
            brand.replace("O", "0").replace("I", "1").replace("E", "3"))
    frame = rng.choice(["{}", "{}", "{}", "{}", "*{}*", "【{}】", ">{}<", "🚩{}🚩", "💚{}💚", "🎰{}🎰", "꧁{}꧂",
                        "「{}」", "🔥{}🔥", "({})", "💎{}💎", "👑{}👑", "⚡{}⚡"])
    return frame.format(styled)


def _fake_phone(rng: random.Random, lang: str) -> str:
    """Clearly fictional numbers: +49 1xx 0000 xxxx, US 555-01xx, UK 07700 900xxx."""
    if lang == "de" and rng.random() < 0.8:
        pre = rng.choice(["151", "152", "157", "160", "170", "176", "178"])
        d = rng.randint(1000, 9999)
        return rng.choice([f"+49 {pre} 0000 {d}", f"+49{pre}0000{d}", f"0{pre} 0000{d}", f"+49 {pre}-0000-{d}"])
    if rng.random() < 0.7:
        area = rng.choice(["202", "213", "312", "415", "646", "702", "305"])
        d = rng.randint(0, 99)
        return rng.choice([f"+1 ({area}) 555-01{d:02d}", f"+1 {area} 555 01{d:02d}", f"+1{area}55501{d:02d}"])
    return f"+44 7700 900{rng.randint(0, 999):03d}"


def _telegram_word(rng: random.Random) -> str:
    return rng.choice(["Telegram", "Telegram", "Telegram", "telegram", "TELEGRAM", "Telegrαm", "Tele­gram",
                       "ᵀᵉˡᵉᵍʳᵃᵐ", "T.e.l.e.g.r.a.m", "T E L E G R A M", "𝐓𝐞𝐥𝐞𝐠𝐫𝐚𝐦", "📲Telegram", "TG",
                       "Telegramm", "Tlgrm"])


def _reply_prefix(rng: random.Random) -> str:
    """YouTube reply prefix: '@display-name1234 '."""
    first = rng.choice(EXPERT_FIRST["de"] + EXPERT_FIRST["en"] + ["Markus", "Dieter", "Kevin", "Jürgen", "Mike"])
    last = rng.choice(["", "-", ".", "_"]) + rng.choice(["", "k", "m", "schulz", "b", "x"])
    return f"@{first.lower()}{last}{rng.randint(10, 9999)} "


# German nouns with gender (m, f, n), so that new German skeletons can say
# "den Apfelkuchen", "in der Toskana", "zur Grafikkarte" correctly.
_ART = {"nom": {"m": "der", "f": "die", "n": "das"}, "acc": {"m": "den", "f": "die", "n": "das"},
        "dat": {"m": "dem", "f": "der", "n": "dem"}}
_DEIN_ACC = {"m": "deinen", "f": "deine", "n": "dein"}
_NEW_NOM = {"m": "dein neuer", "f": "deine neue", "n": "dein neues"}
DISHES_DE = [("Linsencurry", "n"), ("Bananenbrot", "n"), ("Kürbissuppe", "f"), ("Ofengemüse", "n"),
             ("Tofu-Bowl", "f"), ("Kaiserschmarrn", "m"), ("Hummus", "m"), ("Porridge", "n"), ("Lasagne", "f"),
             ("Apfelkuchen", "m"), ("Chili sin Carne", "n"), ("Shakshuka", "f"), ("Pad Thai", "n"),
             ("Gemüsepfanne", "f"), ("Käsekuchen", "m"), ("Focaccia", "f"), ("Dal", "n"), ("Risotto", "n")]
PRODUCTS_DE = [("Kamera", "f"), ("Jacke", "f"), ("Foundation", "f"), ("Tasche", "f"), ("Mikrofon", "n"),
               ("Rucksack", "m"), ("Sonnenbrille", "f"), ("Lippenstift", "m"), ("Pfanne", "f"), ("Tastatur", "f"),
               ("Strickjacke", "f"), ("Bluse", "f"), ("Mantel", "m"), ("Trinkflasche", "f"), ("Yogamatte", "f")]
DEVICES_DE = [("iPhone", "n"), ("Laptop", "m"), ("Grafikkarte", "f"), ("Steam Deck", "n"), ("Monitor", "m"),
              ("Tablet", "n"), ("E-Reader", "m")]
# name, "in ..." (where), "nach ..." (where to), accusative ("über ...")
PLACES_DE = [("Lissabon", "in Lissabon", "nach Lissabon", "Lissabon"), ("Bali", "auf Bali", "nach Bali", "Bali"),
             ("Gardasee", "am Gardasee", "an den Gardasee", "den Gardasee"),
             ("Dolomiten", "in den Dolomiten", "in die Dolomiten", "die Dolomiten"),
             ("Hamburg", "in Hamburg", "nach Hamburg", "Hamburg"), ("Sylt", "auf Sylt", "nach Sylt", "Sylt"),
             ("Kopenhagen", "in Kopenhagen", "nach Kopenhagen", "Kopenhagen"),
             ("Island", "in Island", "nach Island", "Island"), ("Madeira", "auf Madeira", "nach Madeira", "Madeira"),
             ("Toskana", "in der Toskana", "in die Toskana", "die Toskana"), ("Wien", "in Wien", "nach Wien", "Wien"),
             ("Schwarzwald", "im Schwarzwald", "in den Schwarzwald", "den Schwarzwald"),
             ("Südtirol", "in Südtirol", "nach Südtirol", "Südtirol")]
EXERCISES = {"de": ["Kniebeugen", "Liegestütze", "Klimmzüge", "Hip Thrusts", "Ausfallschritte", "Burpees",
                    "Mountain Climbers", "Jumping Jacks"],
             "en": ["squats", "push ups", "pull ups", "hip thrusts", "lunges", "burpees", "mountain climbers",
                    "jumping jacks"]}
PRODUCTS_EN = ["camera", "jacket", "foundation", "bag", "mic", "backpack", "lipstick", "pan", "keyboard", "cardigan",
               "blouse", "coat", "water bottle", "yoga mat"]
# (what the recipe says, what the viewer has)
SWAPS = {"de": [("Dinkelmehl", "Weizenmehl"), ("Hafermilch", "Sojamilch"), ("Ahornsirup", "Honig"),
                ("Kokosmilch", "Hafersahne"), ("Feta", "Hirtenkäse"), ("frischer Hefe", "Trockenhefe"),
                ("Butter", "Margarine"), ("Zucker", "Erythrit"), ("Joghurt", "Quark"), ("Tahin", "Erdnussmus"),
                ("Kichererbsen", "weißen Bohnen"), ("Ei", "Leinsamen"), ("Schmand", "saurer Sahne")],
         "en": [("spelt flour", "plain flour"), ("oat milk", "soy milk"), ("maple syrup", "honey"),
                ("coconut milk", "oat cream"), ("feta", "halloumi"), ("fresh yeast", "dried yeast"),
                ("butter", "margarine"), ("sugar", "erythritol"), ("greek yogurt", "skyr"),
                ("tahini", "peanut butter"), ("chickpeas", "white beans"), ("eggs", "flax eggs")]}
CREATOR_FEMALE = ["Lena", "Paula", "Jana", "Sophie", "Mia", "Hanna", "Clara"]


def _noun_slots(rng: random.Random, lang: str) -> dict[str, str]:
    """Article-bearing slots for the new skeletons: German by gender and case, English with "the"."""
    ing, alt = rng.choice(SWAPS["de" if lang == "de" else "en"])
    slots = {"ing": ing, "alt2": alt, "ex": rng.choice(EXERCISES["de" if lang == "de" else "en"]),
             "cf": rng.choice(CREATOR_FEMALE)}
    if lang == "de":
        dish, g = rng.choice(DISHES_DE)
        product, pg = rng.choice(PRODUCTS_DE)
        device, dg = rng.choice(DEVICES_DE)
        place, in_place, to_place, place_a = rng.choice(PLACES_DE)
        slots.update(
            dish=dish, dish_n=f"{_ART['nom'][g]} {dish}", dish_a=f"{_ART['acc'][g]} {dish}",
            dish_d=f"{_ART['dat'][g]} {dish}", dein_dish_a=f"{_DEIN_ACC[g]} {dish}",
            product=product, product_n=f"{_ART['nom'][pg]} {product}", product_a=f"{_ART['acc'][pg]} {product}",
            product_d=f"{_ART['dat'][pg]} {product}", place=place, in_place=in_place, to_place=to_place,
            place_a=place_a, zum_device=("zur " if dg == "f" else "zum ") + device,
            new_device=f"{_NEW_NOM[dg]} {device}",
        )
    else:
        dish, product = rng.choice(TOPICS["en"]["dish"]), rng.choice(PRODUCTS_EN)
        device, place = rng.choice(TOPICS["en"]["device"]), rng.choice(TOPICS["en"]["place"])
        slots.update(
            dish=dish, dish_n=f"the {dish}", dish_a=f"the {dish}", dish_d=f"the {dish}", dein_dish_a=f"your {dish}",
            product=product, product_n=f"the {product}", product_a=f"the {product}", product_d=f"the {product}",
            place=place, in_place=f"in {place}", to_place=f"to {place}", place_a=place,
            zum_device=f"on the {device}", new_device=f"your new {device}",
        )
    slots.update({f"{k[0].upper()}{k[1:]}": v[0].upper() + v[1:] for k, v in list(slots.items())})
    return slots


def _values(rng: random.Random, lang: str) -> dict[str, str]:
    """Slot values for the new kinds (German or English pools for the other languages)."""
    pool = lang if lang in ("de", "en") else "en"
    topics = TOPICS[lang]
    values = {k: rng.choice(v) for k, v in topics.items()}
    a1, a2 = _amount(rng, lang)
    fname, lname = rng.choice(EXPERT_FIRST[pool]), rng.choice(EXPERT_LAST[pool])
    if pool == "de":
        expert = rng.choice([f"Frau {lname}", f"Frau {lname}", f"Frau {fname} {lname}", f"{fname} {lname}",
                             f"Mrs. {fname} {lname}", f"Expertin {fname} {lname}", f"Frau Dr. {lname}"])
    else:
        expert = rng.choice([f"Mrs {lname}", f"Mrs. {fname} {lname}", f"Mrs {fname} {lname}", f"{fname} {lname}",
                             f"Ms. {lname}", f"Dr. {fname} {lname}", f"expert {fname} {lname}"])
    sep = rng.choice(["", "_", "."])
    tg = "@" + rng.choice([f"{fname}{sep}{lname}", f"{lname}{sep}invest", f"{fname}{sep}{lname}{sep}fx",
                           f"{fname}{lname}{sep}official", f"{lname}{sep}trading{rng.randint(1, 99)}",
                           f"{fname}{sep}{lname}{sep}assets"]).lower()
    creator = rng.choice(CREATOR_HANDLES)
    ctg = "@" + rng.choice([f"{creator}_official", f"{creator}.gewinnspiel" if pool == "de" else f"{creator}.giveaway",
                            f"{creator}_winner", f"{creator}__", f"{creator}.support", f"{creator}_tg",
                            f"{creator}{rng.randint(1, 9)}", f"official.{creator}"])
    stake = rng.choice([10, 20, 25, 50, 100])
    win = stake * rng.choice([15, 20, 40, 60, 120])
    cur = "€" if pool == "de" else "$"
    values.update(
        f=_friend(rng), f2=_friend(rng), h=_handle(rng), b=_style_brand(rng, _gamble_brand(rng)),
        bp=rng.choice([str.upper, str.capitalize])(_gamble_brand(rng)),
        fname=fname, lname=lname, expert=expert, tg=tg, phone=_fake_phone(rng, lang), a1=a1, a2=a2,
        tgw=_telegram_word(rng), ctg=ctg, cname=rng.choice(CREATOR_FIRST), cfirst=rng.choice(CREATOR_FIRST),
        city=rng.choice(CITIES[pool]), site=rng.choice(SITES[pool]), shop=rng.choice(SHOPS[pool]),
        slug=rng.choice(SLUGS), stake=f"{stake} {cur}" if cur == "€" else f"${stake}",
        win=f"{win:,}".replace(",", ".") + " €" if cur == "€" else f"${win:,}",
        n=rng.choice(["10k", "50k", "100k", "100.000" if pool == "de" else "100,000", "250k", "500k",
                      "1 Million" if pool == "de" else "1 million", "1M", "20k"]),
        t=f"{rng.randint(0, 9)}:{rng.randint(0, 59):02d}",
    )
    if lang in ("de", "en"):
        values.update(_noun_slots(rng, lang))
    return values


def _signed(rng: random.Random, text: str, none_rate: float = 0.25) -> str:
    """Add the bot emoji signature (always to praise under six words), mostly at the end."""
    if len(text.split()) >= 6 and rng.random() < none_rate:
        return text
    k = rng.choice((2, 2, 3, 3, 3))
    marks = rng.sample(SIGNATURE_CORE, rng.randint(1, k))
    marks += rng.sample(SIGNATURE_EXTRA, k - len(marks))
    rng.shuffle(marks)
    if rng.random() < 0.15:
        marks.insert(rng.randrange(len(marks) + 1), rng.choice(marks))
    sig = ("" if rng.random() < 0.8 else " ").join(marks)
    r = rng.random()
    if r < 0.55:
        return f"{text}{'' if rng.random() < 0.15 else ' '}{sig}"
    if r < 0.85:
        return f"{sig} {text}"
    if r < 0.93:
        return f"{sig} {text} {sig}"
    head, dot, tail = text.partition(". ") if ". " in text else text.partition("! ")
    return f"{head}{dot.strip()} {sig} {tail}" if tail else f"{text} {sig}"


def _polished(rng: random.Random, text: str, lang: str) -> str:
    """LLM text stays clean: only the final mark varies."""
    r = rng.random()
    if r < 0.12 and text.endswith("."):
        text = text[:-1] + "!"
    elif r < 0.18 and text[-1] in ".!":
        text = text[:-1]
    return text


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"})
_UMLAUTS_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _casual(rng: random.Random, text: str, lang: str) -> str:
    """How people type on phones: typos, missing umlauts, case, punctuation."""
    if rng.random() < 0.12:
        text = _typo(rng, text)
    if lang == "de":
        r = rng.random()
        if r < 0.07:
            text = text.translate(_UMLAUTS)
        elif r < 0.1:
            text = text.translate(_UMLAUTS_E)
    r = rng.random()
    if r < 0.16:
        text = text.lower()
    elif r < 0.18:
        text = text.upper()
    elif r < 0.26 and text[:1].isupper():
        text = text[0].lower() + text[1:]
    r = rng.random()
    if r < 0.22 and text[-1:] in ".!":
        text = text[:-1]
    elif r < 0.3:
        text = text.replace("!", "!!").replace("?", "??") if rng.random() < 0.7 else text.replace(",", "")
    return text


def _fan(rng: random.Random, text: str, lang: str) -> str:
    """A fan's comment: casual typing plus more emojis wherever they fall."""
    text = _casual(rng, text, lang)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        words = text.split(" ")
        at = len(words) if rng.random() < 0.8 else rng.randrange(1, len(words) + 1)
        words.insert(at, rng.choice(EMOJI_FAN))
        text = " ".join(words)
    if rng.random() < 0.15:
        text = f"{rng.choice(EMOJI_FAN)} {text}"
    return text


_LEET = str.maketrans({"o": "0", "a": "4", "e": "3", "i": "1"})


def _gambling(rng: random.Random, text: str, lang: str) -> str:
    """Promotion typing: casual, slang in leet, emoji garnish."""
    text = _casual(rng, text, lang)
    if rng.random() < 0.2:
        words = text.split(" ")
        slang = [i for i, w in enumerate(words) if w.lower().strip("!.,") in
                 {"gacor", "maxwin", "jepe", "jp", "slot", "wd", "bonus", "hoki", "jackpot", "cuan"}]
        for i in slang:
            words[i] = words[i].translate(_LEET)
        text = " ".join(words)
    if rng.random() < 0.3:
        text = f"{text} {''.join(rng.sample(EMOJI_GAMBLE, rng.choice((1, 2, 3))))}"
    return text


def _scammy(rng: random.Random, text: str, lang: str) -> str:
    """Scam chains and impersonators: mostly clean, some typos and emoji."""
    if rng.random() < 0.12:
        text = _typo(rng, text)
    if rng.random() < 0.08:
        text = text.lower()
    if rng.random() < 0.15:
        text = f"{text} {rng.choice(['🙏', '🙏🙏', '💯', '👍', '❤️', '🎁', '✅', '💰', '🔥'])}"
    return text


# LLM-written praise from link-in-profile accounts: fluent, polite, about nothing
# in particular.  Under six words it always carries the emoji signature.
LLM_PRAISE: dict[str, list[str]] = {
    "de": [
        # formal "Sie"
        "Vielen Dank für Ihre harte Arbeit und die Energie, die Sie in jedes Video stecken!",
        "Ihre Videos sind immer so inspirierend und lehrreich.",
        "Sehr informativ! Danke für solche Inhalte!",
        "Ich schätze Ihre Arbeit sehr, Ihre Inhalte sind immer von hoher Qualität.",
        "Man merkt, wie viel Leidenschaft Sie in Ihre Videos stecken. Vielen Dank dafür!",
        "Ihre Inhalte bereichern meinen Tag jedes Mal aufs Neue.",
        "Danke, dass Sie Ihr Wissen so großzügig mit uns teilen!",
        "Was für ein wunderbares Video! Sie machen das wirklich großartig.",
        "Ihre Kreativität ist wirklich bewundernswert, machen Sie bitte weiter so!",
        "Jedes Ihrer Videos ist ein echtes Highlight für mich.",
        "Ich bin immer wieder begeistert von der Qualität Ihrer Videos.",
        "Ihre positive Ausstrahlung ist einfach ansteckend!",
        "Vielen Dank für diese wertvollen Informationen, sehr hilfreich!",
        "Sie haben eine besondere Gabe, komplizierte Dinge einfach zu erklären.",
        "Ein wirklich gelungenes Video, vielen Dank für Ihre Mühe!",
        "Ihre Videos sind eine große Bereicherung für die gesamte Community.",
        "Herzlichen Dank für Ihre Inspiration und Ihre Hingabe!",
        "Sie sind eine echte Inspiration für uns alle.",
        "Was für ein großartiger Inhalt! Vielen Dank, dass Sie ihn mit uns teilen.",
        "Ihre Arbeit verdient so viel mehr Anerkennung!",
        "Es ist immer eine Freude, Ihre Videos anzusehen.",
        "Ich bewundere Ihre Ausdauer und Ihre Leidenschaft für das, was Sie tun.",
        "Ihre Beiträge sind immer so durchdacht und liebevoll gestaltet.",
        "Danke für Ihre Zeit und die Mühe, die Sie in diese Inhalte investieren.",
        "Sie motivieren mich jeden Tag aufs Neue, vielen Dank!",
        "Wunderbare Arbeit! Ich lerne so viel von Ihnen.",
        "Ihre Videos sind immer ein Lichtblick in meinem Alltag.",
        "Einfach großartig, wie Sie das machen! Bitte hören Sie niemals damit auf.",
        "Ich möchte Ihnen einfach mal Danke sagen für all die tollen Videos.",
        "Eine wirklich hervorragende Arbeit, meinen größten Respekt!",
        "Ich finde es toll, wie authentisch und sympathisch Sie rüberkommen.",
        "Ihre Leidenschaft ist in jedem einzelnen Video spürbar.",
        "Vielen Dank für diesen wertvollen Beitrag, er hat mir sehr geholfen!",
        "Guten Tag! Ich wollte Ihnen nur sagen, dass Ihre Videos mir sehr viel bedeuten. Bitte machen Sie weiter so!",
        "Ich verfolge Ihren Kanal schon seit einiger Zeit und bin immer wieder beeindruckt. Ihre Videos sind informativ, unterhaltsam und mit viel Liebe gemacht.",
        "Es ist selten, so authentische und hochwertige Inhalte zu finden. Vielen Dank für Ihre Arbeit!",
        "Sie sehen einfach umwerfend aus, Ihre Ausstrahlung ist unglaublich!",
        "Was für eine wunderschöne Frau, Ihre Videos sind immer ein Genuss.",
        "Ihre Rezepte sind immer so kreativ und köstlich, vielen Dank!",
        "Was für ein köstliches Gericht, Sie sind ein wahres Küchengenie!",
        "Ihre Reisevideos wecken in mir sofort das Fernweh, vielen Dank dafür!",
        "Was für eine atemberaubende Landschaft! Danke, dass Sie uns mitnehmen.",
        "Ihre Trainingsvideos motivieren mich jeden Tag, danke für Ihre Hingabe!",
        "Ich hoffe, Sie wissen, wie viele Menschen Sie mit Ihren Videos glücklich machen.",
        "Mit Ihrer Art schaffen Sie es immer, mir ein Lächeln ins Gesicht zu zaubern.",
        # du
        "Deine Videos sind immer so inspirierend und lehrreich!",
        "Danke für die Mühe und Leidenschaft, die du in jedes Video steckst!",
        "Man sieht wirklich, wie viel Herzblut du in deine Inhalte steckst.",
        "Deine positive Energie ist einfach ansteckend, mach bitte weiter so!",
        "Ich liebe deine Inhalte, sie sind immer so wertvoll und motivierend.",
        "Du machst so einen tollen Job, vielen Dank für all die Inspiration!",
        "Jedes deiner Videos macht meinen Tag ein bisschen schöner.",
        "Deine Kreativität kennt wirklich keine Grenzen!",
        "Danke, dass du immer so hochwertige Inhalte mit uns teilst.",
        "Du bist eine echte Inspiration, danke für alles, was du tust!",
        "Ich bin jedes Mal aufs Neue begeistert von deiner Arbeit.",
        "Was für ein wunderschönes Video, du hast dich wieder einmal selbst übertroffen!",
        "Deine Videos sind wie ein kleiner Urlaub vom Alltag.",
        "Ich schätze deine Arbeit so sehr, bleib genau so, wie du bist!",
        "Du hast so eine tolle Ausstrahlung, ich könnte dir stundenlang zuschauen.",
        "Sehr hilfreiche Inhalte, vielen Dank für deine harte Arbeit!",
        "Deine Leidenschaft spürt man in jedem Detail.",
        "Hallo Liebes, deine Videos sind wirklich sehr inspirierend.",
        "Du bist wunderschön, innen wie außen!",
        "Hey Schatz, du siehst heute wieder bezaubernd aus.",
        # impersonal, often translated
        "Sehr schöner und informativer Inhalt, danke fürs Teilen!",
        "Ein wunderbares Video voller Inspiration und positiver Energie.",
        "Was für ein großartiger Kanal! Qualitativ hochwertige Inhalte.",
        "Tolle Inhalte! Sehr nützlich und gut erklärt.",
        "Solche Inhalte braucht die Welt! Vielen Dank!",
        "Dieses Video ist ein wahres Meisterwerk!",
        "Absolut fantastisch! Einer der besten Kanäle auf dieser Plattform.",
        "Immer wieder eine Freude, solch hochwertige Inhalte zu sehen.",
        "Wirklich beeindruckend, wie viel Mühe in diesem Video steckt!",
        "Lehrreich, unterhaltsam und inspirierend zugleich – einfach perfekt!",
        "Bin zufällig auf diesen Kanal gestoßen und bin sofort begeistert, tolle Inhalte!",
        "Diese Art von Inhalten motiviert mich jeden Tag aufs Neue.",
        "Großartige Arbeit! Dieser Kanal verdient definitiv mehr Aufmerksamkeit.",
        "Ein wirklich wertvoller Beitrag, der zum Nachdenken anregt.",
        "Hervorragend erklärt und wunderschön präsentiert!",
        "Dieses Rezept sieht absolut köstlich aus, vielen Dank fürs Teilen!",
        "Wow, das sieht wirklich fantastisch aus! Ich kann es kaum erwarten, es auszuprobieren.",
        "Einfach wunderbar, so viel Liebe zum Detail!",
        # short: only with the signature
        "Sehr informativ!",
        "Tolles Video!",
        "Danke für das Video!",
        "Wunderschön!",
        "Einfach großartig!",
        "Super Inhalt!",
        "Sehr hilfreich, danke!",
        "Wow, beeindruckend!",
        "Perfekt erklärt!",
        "Danke fürs Teilen!",
        "Sie sind wunderschön",
        "Du bist so hübsch",
        "Erstaunliche Arbeit!",
        "Sehr nützliches Video",
        "Einfach fantastisch!",
        "Danke für Ihre Mühe!",
        "Wirklich tolle Inhalte",
        "Hervorragende Arbeit!",
    ],
    "en": [
        "Thank you for the effort and passion you put into every video!",
        "Such valuable content, keep it up!",
        "Your videos are always so inspiring and informative.",
        "I truly appreciate the hard work behind every single upload.",
        "This is exactly the kind of content the internet needs more of.",
        "Absolutely stunning work, you never fail to impress!",
        "Your positivity is contagious, thank you for sharing your gift with us.",
        "I've learned so much from your channel, thank you for all you do!",
        "Every video you make brightens my day.",
        "You have such a talent for explaining things clearly and beautifully.",
        "What a wonderful video! You are doing an amazing job.",
        "Your creativity is truly inspiring, please never stop creating!",
        "I'm always amazed by the quality of your content.",
        "Thank you for sharing your knowledge so generously with us.",
        "Your dedication really shows in every detail.",
        "This channel deserves so much more recognition!",
        "It's always a pleasure to watch your videos.",
        "You are a true inspiration to all of us.",
        "Thank you for creating such high quality and meaningful content.",
        "Your passion for what you do shines through in every video.",
        "I admire your consistency and your positive energy.",
        "Such a beautiful and well made video, thank you for your hard work!",
        "I just wanted to say how much your videos mean to me. Keep shining!",
        "I stumbled upon your channel by chance and I'm so glad I did. Amazing content!",
        "Your content is always so thoughtful and well presented.",
        "What a masterpiece! Thank you for putting so much love into this.",
        "I appreciate the time and energy you invest in making these videos.",
        "You always manage to put a smile on my face, thank you!",
        "Incredible work as always, your hard work is truly paying off.",
        "Your videos are a breath of fresh air in my busy day.",
        "I've been following your journey for a while now and I'm always impressed. Informative, entertaining and made with so much love.",
        "It's rare to find such authentic and high quality content these days. Thank you for your work!",
        "Informative, entertaining and inspiring all at once, just perfect!",
        "This recipe looks absolutely delicious, thank you for sharing!",
        "Wow, this looks amazing! I can't wait to try it myself.",
        "Your recipes are always so creative and mouthwatering!",
        "Your travel videos always make me want to pack my bags, thank you!",
        "What a breathtaking view! Thank you for taking us along.",
        "Your workouts keep me motivated every single day, thank you for your dedication!",
        "You look absolutely stunning, your energy is unmatched!",
        "Such a beautiful woman, your videos are always a pleasure.",
        "You are beautiful inside and out!",
        "Hello dear, your videos are truly so inspiring.",
        "Hey sweetie, you look gorgeous as always.",
        "Keep up the fantastic work, you're making a real difference!",
        "I hope you know how many people you make happy with your videos.",
        "Great job! This channel definitely deserves more attention.",
        "A truly valuable video that makes you think.",
        "Brilliantly explained and beautifully presented!",
        "Content like this is what the world needs! Thank you so much!",
        "Your attention to detail is remarkable, thank you for your hard work.",
        "Sending you so much love and appreciation for everything you share.",
        # short: only with the signature
        "Very informative!",
        "Great video!",
        "Thanks for the video!",
        "So beautiful!",
        "Simply amazing!",
        "Great content!",
        "Very helpful, thank you!",
        "Wow, impressive!",
        "Perfectly explained!",
        "You are gorgeous",
        "Amazing work!",
        "Such a useful video",
        "Absolutely fantastic!",
        "Thank you for your effort!",
        "Outstanding work!",
    ],
    "fr": [
        "Merci pour votre travail et l'énergie que vous mettez dans chaque vidéo !",
        "Vos vidéos sont toujours si inspirantes et instructives.",
        "Un contenu tellement précieux, continuez comme ça !",
        "J'apprécie vraiment la passion que l'on ressent dans chacune de vos vidéos.",
        "Quelle magnifique vidéo, vous faites un travail formidable !",
        "Merci de partager vos connaissances avec autant de générosité.",
        "Votre énergie positive est vraiment contagieuse !",
        "Cette chaîne mérite beaucoup plus de reconnaissance.",
        "Vous êtes une véritable source d'inspiration pour nous tous.",
        "Très instructif !",
        "Super vidéo !",
        "Vous êtes magnifique",
    ],
    "es": [
        "¡Gracias por el esfuerzo y la pasión que pones en cada video!",
        "Tus videos siempre son tan inspiradores y educativos.",
        "Un contenido muy valioso, ¡sigue así!",
        "Aprecio mucho el trabajo duro que hay detrás de cada publicación.",
        "¡Qué video tan maravilloso, haces un trabajo increíble!",
        "Gracias por compartir tus conocimientos con tanta generosidad.",
        "Tu energía positiva es realmente contagiosa.",
        "Este canal merece mucho más reconocimiento.",
        "Eres una verdadera inspiración para todos nosotros.",
        "¡Muy informativo!",
        "¡Excelente video!",
        "Eres preciosa",
    ],
    "it": [
        "Grazie per l'impegno e la passione che metti in ogni video!",
        "I tuoi video sono sempre così stimolanti e istruttivi.",
        "Contenuti davvero preziosi, continua così!",
        "Apprezzo davvero il duro lavoro dietro ogni pubblicazione.",
        "Che video meraviglioso, fai un lavoro straordinario!",
        "Grazie per condividere le tue conoscenze con tanta generosità.",
        "La tua energia positiva è davvero contagiosa.",
        "Questo canale merita molto più riconoscimento.",
        "Sei una vera fonte di ispirazione per tutti noi.",
        "Molto istruttivo!",
        "Video fantastico!",
        "Sei bellissima",
    ],
    "pt": [
        "Obrigado pelo esforço e pela paixão que colocas em cada vídeo!",
        "Os teus vídeos são sempre tão inspiradores e educativos.",
        "Conteúdo muito valioso, continua assim!",
        "Admiro muito o trabalho que está por trás de cada publicação.",
        "Que vídeo maravilhoso, fazes um trabalho incrível!",
        "Obrigada por partilhares o teu conhecimento com tanta generosidade.",
        "A tua energia positiva é mesmo contagiante.",
        "Este canal merece muito mais reconhecimento.",
        "És uma verdadeira inspiração para todos nós.",
        "Muito informativo!",
        "Vídeo excelente!",
        "És linda",
    ],
    "nl": [
        "Bedankt voor de moeite en passie die je in elke video steekt!",
        "Je video's zijn altijd zo inspirerend en leerzaam.",
        "Zulke waardevolle content, ga zo door!",
        "Ik waardeer het harde werk achter elke upload echt enorm.",
        "Wat een prachtige video, je doet het geweldig!",
        "Bedankt dat je je kennis zo gul met ons deelt.",
        "Je positieve energie is echt aanstekelijk.",
        "Dit kanaal verdient veel meer erkenning.",
        "Je bent een echte inspiratie voor ons allemaal.",
        "Heel informatief!",
        "Geweldige video!",
        "Je bent prachtig",
    ],
    "pl": [
        "Dziękuję za wysiłek i pasję, które wkładasz w każdy film!",
        "Twoje filmy są zawsze tak inspirujące i pouczające.",
        "Bardzo wartościowe treści, tak trzymaj!",
        "Naprawdę doceniam ciężką pracę stojącą za każdym materiałem.",
        "Co za wspaniały film, świetnie ci idzie!",
        "Dziękuję, że tak hojnie dzielisz się swoją wiedzą.",
        "Twoja pozytywna energia jest naprawdę zaraźliwa.",
        "Ten kanał zasługuje na dużo więcej uznania.",
        "Jesteś prawdziwą inspiracją dla nas wszystkich.",
        "Bardzo pouczające!",
        "Świetny film!",
        "Jesteś piękna",
    ],
}

# Gambling promotion: {b} is an invented brand in look-alike letters; slang
# from the Indonesian campaigns (gacor, maxwin, jp/jepe, wd, cuma di, RTP ...).
GAMBLING: dict[str, list[str]] = {
    "de": [
        "Gestern bei {b} maxwin geholt, wd ging in 3 Minuten durch 🔥",
        "Wer noch einen Slot gacor sucht: {b} 💯 bonus new member 100 %",
        "Geiles Video! Fast so geil wie mein jp auf {b} heute früh 😂",
        "RTP heute über 97 % bei {b}, gacor parah",
        "Mit {stake} angefangen und bei {b} {win} wd gemacht, kein Witz",
        "Jeden Tag Freispiele, cuma di {b} 🎁",
        "Langeweile? Einfach mal {b} ausprobieren, jepe terus",
        "Leute, {b} zahlt wirklich aus! wd lancar jaya",
        "Seit ich bei {b} spiele, läuft es einfach 😎",
        "{b} – der Slot, über den gerade alle reden",
        "Bruder, {b} ist aktuell so gacor, 3x maxwin am Stück",
        "Kurz vor Feierabend noch jp bei {b} geholt, schönes Wochenende euch",
        "Anmelden bei {b}, bonus new member abstauben, wd ohne Limit",
        "Ehrlich gesagt bringt mir gerade nur {b} was, wd jeden Tag",
        "Ich sag nur {b} 🎰 RTP live und pola gacor jeden Abend",
        "{b} gacor!! maxwin x5000 letzte Nacht 😱",
        "Danke fürs Video 🙏 schaut auch mal bei {b} vorbei, jp pasti",
        "Keine Lust mehr zu arbeiten seit {b} 😂 wd jeden Tag",
        "Slot {b} paling gacor hari ini, einfach mal testen",
        "Heute schon gewonnen? Bei {b} auf jeden Fall 😉",
        "Mein Kumpel hat mir {b} gezeigt, seitdem nur noch jepe",
        "Ganz ehrlich, {b} zahlt schneller aus als mein Chef 😂",
        "{b}",
        "{b} 🔥🔥",
        "Auf {b} läuft's heute",
        "Bestes Rezept! Und der beste Slot ist {b} 😂",
        "Wer braucht schon einen Job, wenn es {b} gibt",
        "100 % Einzahlungsbonus bei {b}, nur heute!!",
        "Gerade erst angefangen zu schauen und schon süchtig, wie nach meinem ersten Gewinn bei {b}",
        "Modal receh, hasil maksimal – {b}, kann ich jedem empfehlen",
        "Scatter hitam bei {b} dreimal hintereinander 😳 wd {win}",
        "Die Küche ist so schön 😍 die hab ich mir nach meinem jp bei {b} auch gegönnt",
        "Nicht lange überlegen, {b} ist anti rungkad",
        "{b} ist der Hammer, Auszahlung in 2 Minuten, depo ab 10 €",
        "Wer sagt, Glück kann man nicht kaufen? {b} 😉",
        "Freitagabend = {b} Zeit 🍻 wd läuft",
        "Alle reden über das Video, ich rede über {b} 😂 gacor hari ini",
        "Bin jetzt die dritte Woche im Plus dank {b}",
        "Tipp von mir: {b}, pola jam 2 nachts, maxwin garantiert",
        "Bonus new member 150 % bei {b}, nur noch heute ⏰",
        "{b} hat mir heute den Tag gerettet, jp {win} 🙏",
        "Ohne Witz, {b} ist der einzige Slot, der wirklich auszahlt",
        "Ich hab's erst nicht geglaubt, aber {b} ist gacor banget",
        "Meine Frau fragt, woher das neue Auto kommt… {b} 😂",
        "Spielt bei {b}, RTP 98 %, wd garantiert",
        "Super Video 👍 PS: {b} gibt gerade Freispiele für Neue",
        "Von {stake} auf {win} in einer Nacht, nur bei {b}",
        "{b} = jepe terus, wd lancar, Link im Profil",
        "Wenn du heute nur eine Sache machst, dann mach einen Account bei {b} 😉",
        "Kein Scam, {b} zahlt echt aus, hab heute {win} bekommen",
        "Bei {b} gewinnt man sogar mit kleinem Einsatz, einfach probieren",
        "Grüße an alle {b} Spieler 🎰 wer hat heute maxwin?",
        "Erst RTP live checken, dann ab zu {b}",
        "Situs {b} bikin nagih, seit einer Woche jeden Tag wd",
        "Mantap Video! Ich feier danach noch mit {b}, jp lagi 🔥",
        "Wer {b} noch nicht kennt, hat echt was verpasst",
        "Auszahlung bei {b} heute: {win} ✅ gestern: {win} ✅",
        "Nur zur Info: {b} hat grade Happy Hour, doppelter Bonus",
    ],
    "en": [
        "Just hit maxwin on {b} 🔥 wd in 2 minutes, no joke",
        "Looking for a slot gacor? {b} is the one, bonus new member 100%",
        "Great vid! Almost as great as my jp on {b} last night 😂",
        "RTP 98% today at {b}, gacor parah",
        "Started with {stake}, withdrew {win} on {b}, legit",
        "Free spins every day, cuma di {b} 🎁",
        "Bored? Just try {b}, jepe terus",
        "Guys {b} really pays out! wd lancar",
        "Ever since I started playing on {b} everything just works 😎",
        "{b} – the slot everyone is talking about",
        "Bro {b} is so gacor right now, 3 maxwins in a row",
        "Hit a jp on {b} before clocking out, have a nice weekend all",
        "Sign up on {b}, grab the new member bonus, wd with no limit",
        "Honestly {b} is the only thing paying my bills rn",
        "Just saying {b} 🎰 RTP live and pola gacor every night",
        "{b} gacor!! maxwin x5000 last night 😱",
        "Thanks for the video 🙏 check out {b} too, jp pasti",
        "Haven't worked a day since {b} 😂 wd every day",
        "{b} on fire today",
        "Best recipe! And the best slot is {b} 😂",
        "Who needs a job when there's {b}",
        "100% deposit bonus at {b}, today only!!",
        "Just started watching and already hooked, like after my first win on {b}",
        "Scatter hitam on {b} three times in a row 😳 wd {win}",
        "Don't overthink it, {b} is anti rungkad",
        "{b} is insane, payout in 2 minutes, min depo $10",
        "Who says you can't buy luck? {b} 😉",
        "Friday night = {b} time 🍻 wd incoming",
        "Everyone's talking about the video, I'm talking about {b} 😂",
        "Third week in profit thanks to {b}",
        "Pro tip: {b}, pola at 2am, maxwin guaranteed",
        "New member bonus 150% at {b}, ends tonight ⏰",
        "{b} saved my day, jp {win} 🙏",
        "No cap, {b} is the only slot that actually pays",
        "Didn't believe it at first but {b} is gacor banget",
        "My wife keeps asking where the new car came from… {b} 😂",
        "Play at {b}, RTP 98%, wd guaranteed",
        "Nice video 👍 PS: {b} is giving free spins to new players",
        "From {stake} to {win} in one night, only at {b}",
        "{b} = jepe terus, wd lancar, link in bio",
        "Not a scam, {b} really pays, got {win} today",
        "Shoutout to all {b} players 🎰 who hit maxwin today?",
        "Situs {b} bikin nagih, been withdrawing every day this week",
        "Mantap video! Celebrating with {b} after, jp lagi 🔥",
        "Payout at {b} today: {win} ✅ yesterday: {win} ✅",
    ],
}

# Crypto/investment testimonial chains: one comment praises a named "expert",
# replies confirm it, ask how to reach her, and hand out the contact.
# {expert} is "Frau Wendt", "Mrs. Evelyn Harper" ...; {tg} a Telegram handle.
CRYPTO_CHAIN: dict[str, list[str]] = {
    "de": [
        # the opening testimonial
        "Ich habe mit {expert} investiert und nach nur drei Wochen {a2} Gewinn gemacht. Ich kann sie nur empfehlen!",
        "Ich danke Gott jeden Tag für {expert}, die mir geholfen hat, finanziell frei zu werden 🙏",
        "Wer sich für Trading interessiert: {expert} hat mein Leben verändert. Mit {a1} angefangen, heute habe ich {a2}.",
        "Die Strategie von {expert} ist unglaublich, ich verdiene jetzt jede Woche {a2}.",
        "Ich war skeptisch, aber {expert} ist die Beste. Meine erste Auszahlung kam pünktlich.",
        "Seit ich mit {expert} handle, muss ich mir keine Sorgen mehr um meine Rente machen.",
        "Die Inflation frisst alles auf, deshalb investiere ich mit {expert}. Beste Entscheidung meines Lebens!",
        "Mein Mann und ich haben mit {expert} angefangen und konnten endlich unser Haus abbezahlen 🏡",
        "Alle reden über Bitcoin, aber ohne eine gute Beraterin wie {expert} verliert man nur Geld.",
        "Mit {a1} Startkapital und der Hilfe von {expert} habe ich inzwischen {a2}. Danke!",
        "Ich bin 58 und dachte, für sowas bin ich zu alt. {expert} hat mir alles erklärt und jetzt läuft es.",
        "Ich habe zweimal Geld bei falschen Brokern verloren, bis ich {expert} gefunden habe. Endlich jemand Ehrliches.",
        "Kleiner Tipp für alle, die mehr aus ihrem Geld machen wollen: {expert}. Mehr sag ich nicht 😉",
        "Gott segne {expert}! Ich konnte meiner Tochter das Studium finanzieren.",
        "Dieses Video erinnert mich daran, wie ich angefangen habe. Ohne {expert} wäre ich heute nicht schuldenfrei.",
        "Ich investiere seit 8 Monaten mit {expert} und hatte noch keine einzige Verlustwoche.",
        "Vor einem Jahr war ich arbeitslos, heute lebe ich vom Trading. Danke {expert} ❤️",
        "Wer in Krypto einsteigen will, sollte sich unbedingt bei {expert} melden, sie ist wirklich seriös.",
        "Ich habe {a1} bei {expert} angelegt und nach 14 Tagen {a2} ausgezahlt bekommen 💰",
        "Endlich eine Frau, die Wort hält. {expert} hat mir schon viermal ausgezahlt.",
        "Durch {expert} habe ich gelernt, wie der Markt wirklich funktioniert. Mein Depot ist um 300 % gestiegen.",
        "Ganz ehrlich, {expert} ist das Beste, was mir dieses Jahr passiert ist.",
        # replies that confirm
        "Ich habe auch mit ihr gearbeitet, sehr seriös 👍",
        "{expert} ist wirklich die Beste, kann ich bestätigen!",
        "Wow, du kennst sie auch? Sie hat mir letztes Jahr aus den Schulden geholfen.",
        "Ja, sie ist echt! Meine Schwester investiert seit Monaten mit ihr.",
        "Ich habe schon so viel Gutes über {expert} gehört 😮",
        "Stimmt, ihre Signale sind immer richtig.",
        "Endlich erwähnt sie jemand! Sie ist ein Segen für meine Familie.",
        "Ich dachte erst, das ist Betrug, aber sie hat wirklich ausgezahlt.",
        "{expert} ist der Hammer, gerade kam meine dritte Auszahlung 💰",
        "Kann ich bestätigen. Zuverlässig und ehrlich.",
        "Sie ist auch meine Beraterin! Die Ergebnisse sind unglaublich.",
        "Dasselbe bei mir, {expert} hat mein Leben verändert 🙏",
        "Ich traue sonst niemandem, aber bei ihr ist es anders.",
        "Mein Nachbar hat mir von {expert} erzählt, jetzt verstehe ich, warum alle so begeistert sind.",
        "Unglaublich, wie viele hier mit ihr Erfolg haben. Ich gehöre auch dazu ✌️",
        "Sie ist wirklich kompetent und antwortet immer sofort.",
        "Genau so war es bei mir auch, erste Auszahlung nach einer Woche.",
        "Wer sie noch nicht kennt, verpasst echt was.",
        # replies that ask
        "Wie kann ich sie erreichen? 🙏",
        "Ist sie auf WhatsApp?",
        "Hat jemand ihre Nummer? Ich möchte auch anfangen.",
        "Wie komme ich an {expert} ran?",
        "Bitte schickt mir ihren Kontakt, ich brauche dringend Hilfe.",
        "Ich habe so viel über {expert} gelesen, wie kann ich sie kontaktieren?",
        "Nimmt sie noch neue Kunden an?",
        "Wo finde ich sie? Auf Telegram?",
        # contact
        "Sie ist auf Telegram: {tg}",
        "Du kannst ihr auf WhatsApp schreiben: {phone}",
        "Schreib ihr einfach auf Telegram {tg} und sag, dass du von mir kommst.",
        "Ihre Nummer: {phone} (WhatsApp) 👍",
        "Hier ihr Kontakt 👇 {tg}",
        "Sucht auf Telegram nach {tg} 📲",
        "Meldet euch bei ihr über WhatsApp ➡️ {phone}",
        "Sie ist auf Telegram unter {tg} erreichbar, antwortet meistens sofort.",
        "Kontakt über WhatsApp {phone} oder Telegram {tg}",
        "Einfach {expert} auf Telegram anschreiben: {tg} ✅",
        "Ihre WhatsApp ist {phone}, sag ihr liebe Grüße von mir",
    ],
    "en": [
        "I invested with {expert} and made {a2} in just three weeks. Highly recommend her!",
        "I thank God every day for {expert}, she helped me become financially free 🙏",
        "Anyone into trading: {expert} changed my life. Started with {a1}, now I have {a2}.",
        "{expert}'s strategy is unbelievable, I now earn {a2} every week.",
        "I was skeptical but {expert} is the best. My first payout arrived right on time.",
        "Since I started trading with {expert} I don't worry about retirement anymore.",
        "Inflation eats everything, that's why I invest with {expert}. Best decision of my life!",
        "My husband and I started with {expert} and finally paid off our mortgage 🏡",
        "Everyone talks about bitcoin, but without a good advisor like {expert} you just lose money.",
        "With {a1} to start and the help of {expert} I now have {a2}. Thank you!",
        "I'm 61 and thought I was too old for this. {expert} explained everything and now it just works.",
        "Lost money to fake brokers twice before I found {expert}. Finally someone honest.",
        "Small tip for anyone who wants more from their money: {expert}. That's all I'll say 😉",
        "God bless {expert}! I could pay for my daughter's college.",
        "I've been investing with {expert} for 8 months and haven't had a single losing week.",
        "A year ago I was unemployed, now I live off trading. Thank you {expert} ❤️",
        "I put {a1} with {expert} and got {a2} paid out after 14 days 💰",
        "Honestly {expert} is the best thing that happened to me this year.",
        # replies that confirm
        "I've worked with her too, very legit 👍",
        "She changed my life",
        "{expert} really is the best, I can confirm!",
        "Wow you know her too? She got me out of debt last year.",
        "Yes she's real! My sister has been investing with her for months.",
        "I've heard so many good things about {expert} 😮",
        "True, her signals are always right.",
        "Finally someone mentions her! She's a blessing to my family.",
        "I thought it was a scam at first but she really paid out.",
        "{expert} is amazing, just received my third withdrawal 💰",
        "Can confirm. Reliable and honest.",
        "She's my advisor too! The results are unreal.",
        "Same here, {expert} changed my life 🙏",
        "So many people here succeeding with her. Count me in ✌️",
        # replies that ask
        "How can I reach her? 🙏",
        "Is she on WhatsApp?",
        "Does anyone have her number? I want to start too.",
        "How do I get in touch with {expert}?",
        "Please send me her contact, I really need help.",
        "Is she still taking new clients?",
        # contact
        "She's on Telegram: {tg}",
        "You can text her on WhatsApp: {phone}",
        "Just message her on Telegram {tg} and tell her I sent you.",
        "Her number: {phone} (WhatsApp) 👍",
        "Here's her contact 👇 {tg}",
        "Search {tg} on Telegram 📲",
        "Reach her on WhatsApp ➡️ {phone}",
        "Contact via WhatsApp {phone} or Telegram {tg}",
    ],
}

# Impersonation and giveaway scams, posted from a look-alike of the creator's
# account ({cname} the creator's first name, {ctg} a look-alike handle, {tgw}
# the word Telegram as they spell it).
IMPERSONATION: dict[str, list[str]] = {
    "de": [
        "Herzlichen Glückwunsch, du wurdest ausgewählt! Schreib mir auf {tgw} 🎁",
        "Danke fürs Zuschauen und Kommentieren ❤️ Du gehörst zu meinen Gewinnern, schreib mir auf {tgw}, um deinen Preis abzuholen 🎁",
        "Hey, du hast bei meinem Gewinnspiel gewonnen 🎉 Melde dich bei mir auf WhatsApp: {phone}",
        "Glückwunsch! 🥳 Du bist einer der glücklichen Gewinner. Kontaktiere mich auf {tgw} 👉 {ctg}",
        "Danke für deine Unterstützung! 💝 Ich habe ein Geschenk für dich, schreib mir auf {tgw}",
        "Du wurdest für ein iPhone ausgewählt 📱 Schreib mir direkt auf {tgw}, der Name steht in meinem Profil",
        "Hallo, ich bin's, {cname}! Das ist mein Zweitaccount. Schreib mir auf {tgw}, ich habe eine Überraschung für dich 😊",
        "Gewinner-Benachrichtigung 🏆 Du hast gewonnen! Schick mir eine Nachricht auf {tgw}",
        "Du gehörst zu meinen treuesten Zuschauern ❤️ Schreib mir auf {tgw} und hol dir deine Belohnung ab",
        "Danke fürs Kommentieren!! Du hast gewonnen, kontaktiere mich schnell auf {tgw}, bevor der Preis verfällt ⏳",
        "{cname} hier 👋 Du wurdest im Gewinnspiel gezogen, schreib mir auf WhatsApp {phone}",
        "Herzlichen Glückwunsch!! Du wurdest als Gewinner ausgewählt 🎁 Sende eine Nachricht an die Nummer in meinem Profil",
        "Ich möchte dir für deinen Kommentar danken 🙏 Du hast einen Preis gewonnen, schreib mir auf {tgw}, um ihn zu erhalten",
        "Glückwunsch, du hast gewonnen 🎉 {tgw} 👆",
        "Schreib mir auf {tgw} 🎁📩",
        "Du hast gewonnen! {tgw} ➡️ {ctg}",
        "Team {cname}: Dein Gewinn wartet auf dich 🎁 Melde dich innerhalb von 24 Stunden auf {tgw}",
        "Danke fürs Zuschauen 😊 Frag mich auf {tgw}, dann verrate ich dir, wie ich nebenbei Geld verdiene 💰",
        "Du bist heute unter den 10 glücklichen Gewinnern 🥳 Schreib mir auf {tgw}, um deinen Gewinn zu sichern",
        "Liebe Grüße von {cname} 💕 Du hast gewonnen, kontaktiere mich für die Details auf {tgw} {ctg}",
        "Wow, danke für deinen lieben Kommentar! Du wurdest für unser Gewinnspiel ausgewählt, schreib mir auf WhatsApp 📲",
        "Achtung, nur noch heute: dein Preis ist für dich reserviert 🎁 Schreib mir auf {tgw}",
        "Glückwunsch, du hast einen Amazon-Gutschein über 500 € gewonnen 🎉 Melde dich auf {tgw} {ctg}",
        "Vielen Dank für deine Treue ❤️ Als Dankeschön bekommst du ein Geschenk, schreib mir einfach auf {tgw}",
        "Du hast die PS5 gewonnen 🎮🎉 Bitte schreib mir auf {tgw}, damit ich sie dir schicken kann",
        "Hey! Ich wähle heute persönlich Gewinner aus und du bist dabei 🎁 {tgw}: {ctg}",
        "Das ist mein offizieller Gewinnspiel-Account 🎉 Du hast gewonnen, bitte schreib mir auf {tgw}",
        "Glückwunsch 🎉 Du hast gewonnen. Um deinen Preis zu erhalten, kontaktiere bitte mein Management auf {tgw}",
        "Ich habe dir gerade eine Nachricht geschickt, du hast gewonnen 🎁 Schau auf {tgw} nach",
        "Ehrlich, dein Kommentar hat mich so gefreut 🥰 Du bekommst ein Geschenk von mir, melde dich auf {tgw}",
        "Bitte melde dich auf {tgw}, du hast etwas gewonnen 🎁 Nur noch 12 Stunden gültig",
        "Herzlichen Glückwunsch, du hast gewonnen!!! 🎁🎉 Schreib mir auf WhatsApp {phone} – {cname}",
        "Danke für deine Unterstützung 🙏 du wurdest für eine Belohnung ausgewählt, bitte kontaktiere mich auf {tgw} ➡️ {ctg}",
        "Du bist mein Gewinner der Woche 🏆 Schreib mir privat auf {tgw}",
        "Glückwunsch an dich! Dein Preis ist bereit, ich brauche nur noch deine Adresse auf {tgw} 📦",
        "Vielen Dank fürs Zuschauen! Ich habe eine Überraschung für dich, sende mir eine Nachricht auf {tgw} 💌",
    ],
    "en": [
        "Congratulations, you won! DM me on {tgw} to claim your prize 🎁",
        "Thanks for watching and commenting ❤️ you've been selected as one of my lucky winners, message me on {tgw} to claim your gift",
        "Hey, you won my giveaway 🎉 text me on WhatsApp: {phone}",
        "Congrats! 🥳 You are one of the lucky winners. Contact me on {tgw} 👉 {ctg}",
        "Thanks for your support! 💝 I have a gift for you, message me on {tgw}",
        "You've been selected for an iPhone 📱 Message me directly on {tgw}, the name is in my bio",
        "Hi it's {cname}! This is my backup account. Text me on {tgw}, I have a surprise for you 😊",
        "Winner notification 🏆 You won! Send me a message on {tgw}",
        "You're one of my most loyal viewers ❤️ Message me on {tgw} and claim your reward",
        "Thanks for commenting!! You won, contact me fast on {tgw} before the prize expires ⏳",
        "{cname} here 👋 You were drawn in the giveaway, text me on WhatsApp {phone}",
        "Congratulations!! You have been selected as a winner 🎁 Send a message to the number in my profile",
        "I want to thank you for your comment 🙏 You've won a prize, message me on {tgw} to receive it",
        "Congrats you won 🎉 {tgw} 👆",
        "Message me on {tgw} 🎁📩",
        "You won! {tgw} ➡️ {ctg}",
        "Team {cname}: your prize is waiting 🎁 Reach out within 24 hours on {tgw}",
        "Thanks for watching 😊 ask me on {tgw} and I'll tell you how I make money on the side 💰",
        "You're among today's 10 lucky winners 🥳 Text me on {tgw} to secure your prize",
        "Congrats, you won a $500 gift card 🎉 Reach out on {tgw} {ctg}",
        "You won the PS5 🎮🎉 Please message me on {tgw} so I can ship it",
        "This is my official giveaway account 🎉 You won, please message me on {tgw}",
        "Congratulations 🎉 You won. To receive your prize please contact my management on {tgw}",
        "I just sent you a message, you won 🎁 Check {tgw}",
        "Please get in touch on {tgw}, you've won something 🎁 Valid for 12 more hours only",
        "You are my winner of the week 🏆 Message me privately on {tgw}",
        "Congrats to you! Your prize is ready, I just need your address on {tgw} 📦",
        "Thanks so much for watching! I have a surprise for you, send me a message on {tgw} 💌",
    ],
}

# Follow-for-follow and promotion bait (adds to the older follow_bait templates).
FOLLOW_BAIT: dict[str, list[str]] = {
    "de": [
        "Gegenseitig folgen? 💯",
        "Folgst du zurück?",
        "Folge dir jetzt, folgst du mir auch? 🙏",
        "Lass uns gegenseitig supporten 🤝",
        "Abo gegen Abo? 🔔",
        "Wer will sich gegenseitig folgen? Antwortet hier 👇",
        "Hab dich abonniert, bitte zurück 🥺",
        "Support gegen Support? 🙌",
        "Neue Follower gesucht, ich folge jedem zurück, der hier kommentiert",
        "Promote es auf {h} 🔥",
        "Schick das an {h} 🚀",
        "Sende das an {h}, um gefeatured zu werden",
        "DM an {h} für ein Feature ✨",
        "Poste das auf {h}, das würde viral gehen 🔥",
        "Meldet euch bei {h} für einen Shoutout",
        "Wer folgt mir, ich folge sofort zurück 💯",
        "Kleiner Kanal hier 🙈 würde mich über jedes Abo freuen, abonniere auch zurück",
        "Gefällt mir gegen Gefällt mir? ❤️",
        "Folgt mir für mehr Content wie diesen 😉",
        "Ich bin neu hier, wer folgt mir? Folge garantiert zurück",
        "Bitte folgt mir, ich brauche nur noch 200 Follower für 1000 🙏",
        "Feature-Anfrage? Schreib {h} eine DM 📩",
        "Das gehört auf {h}! Schick's denen 🔥",
        "Wer gegenseitig folgen will, liked diesen Kommentar 👍",
        "Follow back? Ich folge dir schon 😊",
        "Schreibt 'Ja' und ich folge euch allen 🔄",
        "Lasst uns zusammen wachsen 🌱 ich folge jedem zurück",
        "Gegenseitig abonnieren? Schreib mir einfach",
    ],
    "en": [
        "Follow for follow? 💯",
        "Do you follow back?",
        "Just followed you, follow back? 🙏",
        "Let's support each other 🤝",
        "Sub4sub? 🔔",
        "Who wants to follow each other? Reply here 👇",
        "Subscribed to you, please sub back 🥺",
        "Support for support? 🙌",
        "Promote it on {h} 🔥",
        "Send this to {h} 🚀",
        "DM to get featured ✨",
        "DM {h} to get featured",
        "Post this on {h}, it would go viral 🔥",
        "Reach out to {h} for a shoutout",
        "Shoutout for shoutout?",
        "Who follows me, I follow right back 💯",
        "Small channel here 🙈 every sub means a lot, I sub back",
        "Like for like? ❤️",
        "I'm new here, who wants to follow? I always follow back",
        "Please follow me, only 200 more to hit 1k 🙏",
        "This belongs on {h}! Send it to them 🔥",
        "Like this comment if you want to follow each other 👍",
        "Let's grow together 🌱 I follow everyone back",
    ],
}

# More German discussion (personal stories, corrections), so that German is not behind English.
DISCUSSION_DE = [
    "Bei uns in der Familie wird das seit drei Generationen ohne Zwiebeln gemacht, ich wusste nicht, dass es auch anders geht",
    "Ich hab früher in einer Bäckerei gearbeitet, der Teig wird fluffiger, wenn er über Nacht im Kühlschrank geht",
    "Ehrlich gesagt hat mich das Video zum Nachdenken gebracht, ich kaufe viel zu viel auf Vorrat",
    "Kleine Korrektur: die Brücke ist nicht in Lissabon, sondern in Porto",
    "Meine Katze sitzt jedes Mal vor dem Bildschirm, wenn dein Hund bellt 😂",
    "Ich hab mir nach deinem Video endlich getraut, alleine zu verreisen, und es war großartig",
    "Das mit der Schilddrüse kenne ich, bei mir hat es zwei Jahre gedauert bis zur Diagnose",
    "Schön, dass du auch die Fehlversuche zeigst, meine sehen nämlich immer so aus",
]

# More German self-promotion, so that German is not behind English for the kind.
SELF_PROMO_DE = [
    "Ich mache auch Videos übers Backen, schaut gerne mal auf meinem Kanal vorbei 🍰",
    "Wer Lust auf ehrliche Produkttests hat, auf meinem Profil gibt's jeden Freitag neue 👀",
    "Ich verkaufe selbstgestrickte Mützen, Link in meinem Profil 🧶",
    "Falls jemand abnehmen will: ich coache online, schreib mir einfach 'INFO'",
    "Mein neues E-Book mit 50 Rezepten ist draußen, Link in meiner Bio 📖",
    "Hab gerade mein erstes Video hochgeladen, würde mich über Feedback freuen 🙈",
    "Ich streame jeden Abend ab 20 Uhr, kommt gerne vorbei 🎮",
    "Auf meinem Kanal zeige ich, wie man mit 100 € im Monat gut isst, schaut mal rein",
]

# ---- genuine comments that share surface features with the bots above ----

# Fans who use many emojis (the same hearts and faces), but name the post.
EMOJI_FAN_COMMENTS: dict[str, list[str]] = {
    "de": [
        "Das Bananenbrot hab ich gestern gemacht 😍😍 so saftig!",
        "{Dish_a} hab ich gestern gemacht 😍😍 sooo lecker!",
        "OMG {product_n} 😍😍😍 wo hast du das her?? 💕",
        "{place} 😍🌊 da will ich sooo gern mal hin 💕💕",
        "Hab {dein_dish_a} heute für meine Mama gemacht 🥰❤️ sie war begeistert 😘",
        "Deine Haare sehen heute sooo schön aus 😍💕 neue Farbe?",
        "Das Lied am Ende 😂😂😂 ich kann nicht mehr 🔥",
        "Juhuuu endlich wieder ein {game} Video 🔥🔥🎮",
        "Die {ex} am Ende haben mich fertig gemacht 😅🔥 aber geil!!",
        "Mit {ingredient} 😍😍 auf die Idee wär ich nie gekommen 🙌",
        "Dein Hund im Hintergrund 😍🐶💕",
        "Ich liebe deine Rezepte 😘😘😘 {dish_n} mit {ingredient} ist mein Favorit 💕",
        "Erdbeerkuchen 🍓🍓😍 genau richtig für den Sommer!",
        "Die Kirschen 🍒🍒 sehen so frisch aus, vom Markt? 😍",
        "Heute {dish_a} nachgemacht 💕 die Kinder haben alles aufgegessen 😂❤️",
        "Dein Lachen bei {t} 😂😂❤️",
        "Wie süß ist bitte die kleine Katze 😻😻 wie heißt sie?",
        "Der Sonnenuntergang {in_place} 🌅😍😍 Gänsehaut",
        "Hab mir {product_a} auch bestellt 🙈💕 kommt morgen an 🥳",
        "Ich hab so gelacht, als das Mehl runtergefallen ist 😂😂😂 passiert mir auch immer",
        "Boah das Outfit 🔥🔥🔥 mit {product_d} einfach perfekt 😍",
        "{dish} 🤤🤤 ich hab jetzt so Hunger 😭",
        "Als du {dish_a} probiert hast und so 😍 geguckt hast 😂💕",
        "Das Chili 🥵🥵🔥 viel zu scharf für mich, aber mega lecker",
        "Die {ex} heute 💦💦 so durchgeschwitzt, aber hat richtig Spaß gemacht 💪",
        "Pfirsich-Crumble 🍑😍 hab ich direkt gespeichert!!",
        "Die Farbe {color} steht dir sooo gut 😍💕💕",
        "Gänsehaut beim Ende 🥹🥹 danke, dass du so offen über deine Mama redest ❤️",
        "Dein Garten 🌹🌹😍 die Rosen sind ja riesig geworden seit letztem Jahr",
        "Ich schau das Video jetzt zum dritten Mal wegen der Szene mit deinem Sohn 😂😂💕",
        "{Dish_n} war so einfach 🙌🙌 sogar mein Freund hat's hingekriegt 😂",
        "Yesss {place} 😍 wir waren letzten Sommer da, die Gegend ist ein Traum 💕",
        "Endlich zeigst du {product_a} richtig 😍 hab so drauf gewartet 🙈",
        "Bananenbrot mit Schokostückchen 🍫🍌😍 perfekt für Sonntag",
        "Ich liebe, wie du immer {ingredient} reinschmuggelst 😂💚",
        "Bei mir sieht {dish_n} nicht so schön aus wie bei dir 😂😂 aber geschmeckt hat's 😘",
        "Der Moment, wo die Katze auf den Tisch springt 😂😂😂 zu gut",
        "{game} mit dir ist einfach das Beste 🎮🔥🔥 mach bitte weiter mit der Reihe",
        "Die Torte 😍😍😍 wie viele Stunden hast du dafür gebraucht?? 🤯",
        "Ich hab's heute mit {alt2} statt {ing} gemacht 🥰 hat super geklappt 👌",
        "Die Szene {in_place} mit dem Regen 😂😂 typisch",
        "Deine Oma ist so süß 🥹💕 grüß sie lieb von mir",
        "Endlich wieder ein Vlog 🥰🥰 die Wohnung ist so schön geworden 😍",
        "{New_device} 😍 lohnt sich das Upgrade wirklich? 🤔",
        "Die Zimtschnecken 🤤🤤 der Teig sieht so fluffig aus 😍",
        "Hab geweint beim Hochzeitsvideo 😭😭💕 ihr seid so ein schönes Paar",
        "Das Hundebaby 🐶😍😍 wie alt ist er jetzt?",
        "Deine Nägel 💅😍 welche Farbe ist das?",
        "Omg {dish_n} sah im Video so gut aus 😍 hab's direkt nachgekocht, 10/10 ⭐",
        "Die Musik bei {t} 🎶🔥 wie heißt das Lied?",
        "Ich liebe deine Küche 😍😍 vor allem die grünen Fliesen 💚",
        "Das Knistern vom Teig 😍 ASMR pur 🙌",
        "Die Idee mit den Eiswürfeln 🧊😍 genial, mach ich jetzt auch",
        "Meine Tochter hat das Lied von dir jetzt den ganzen Tag gesungen 😂😂💕",
    ],
    "en": [
        "Made the {dish} yesterday 😍😍 so moist!",
        "OMG the {product} 😍😍😍 where did you get it?? 💕",
        "{place} 😍🌊 I want to go there so badly 💕💕",
        "Cooked your {dish} for my mom today 🥰❤️ she loved it 😘",
        "Your hair looks sooo good today 😍💕 new colour?",
        "The song at the end 😂😂😂 I can't 🔥",
        "Yesss finally another {game} video 🔥🔥🎮",
        "Those {ex} at the end destroyed me 😅🔥 loved it though!!",
        "With {ingredient} 😍😍 never would've thought of that 🙌",
        "Your dog in the background 😍🐶💕",
        "Love your recipes 😘😘😘 the {dish} with {ingredient} is my fave 💕",
        "Strawberry shortcake 🍓🍓😍 perfect for summer!",
        "Those cherries 🍒🍒 look so fresh, farmers market? 😍",
        "Made the {dish} today 💕 the kids ate everything 😂❤️",
        "Your laugh at {t} 😂😂❤️",
        "How cute is that little cat 😻😻 what's her name?",
        "The sunset in {place} 🌅😍😍 chills",
        "Ordered the {product} too 🙈💕 arrives tomorrow 🥳",
        "I laughed so hard when the flour fell 😂😂😂 happens to me every time",
        "That outfit 🔥🔥🔥 the {product} goes perfectly with it 😍",
        "{dish} 🤤🤤 now I'm starving 😭",
        "When you tasted the {dish} and made that face 😍😂💕",
        "That chili 🥵🥵🔥 way too spicy for me but sooo good",
        "Drenched after the {ex} 💦💦 but so much fun 💪",
        "Peach cobbler 🍑😍 saved it right away!!",
        "Got chills at the end 🥹🥹 thank you for being so open about your mom ❤️",
        "Your garden 🌹🌹😍 the roses got huge since last year",
        "Watching this for the third time because of the scene with your son 😂😂💕",
        "The {dish} was so easy 🙌🙌 even my boyfriend managed 😂",
        "Yesss {place} 😍 we went last summer, it's a dream there 💕",
        "Banana bread with choc chips 🍫🍌😍 perfect for sunday",
        "My {dish} doesn't look as pretty as yours 😂😂 but it tasted great 😘",
        "The moment the cat jumps on the table 😂😂😂 too good",
        "That cake 😍😍😍 how many hours did it take?? 🤯",
        "Made it with {alt2} instead of {ing} today 🥰 worked perfectly 👌",
        "Your grandma is the sweetest 🥹💕 say hi from me",
        "I cried at the wedding video 😭😭💕 you two are so cute",
        "The puppy 🐶😍😍 how old is he now?",
        "Your nails 💅😍 what colour is that?",
        "Omg the {dish} looked so good 😍 made it right away, 10/10 ⭐",
        "The music at {t} 🎶🔥 what's the song?",
        "I love your kitchen 😍😍 especially the green tiles 💚",
        "That ice cube trick 🧊😍 genius, doing it from now on",
    ],
}

# Formal "Sie" (and polite English) from genuine, often older viewers: specifics or questions.
FORMAL_GENUINE: dict[str, list[str]] = {
    "de": [
        "Vielen Dank für das Rezept, kann man statt {ing} auch {alt2} nehmen?",
        "Guten Tag, ich habe {dish_a} aus Ihrem Video nachgekocht, leider ist es sehr wässrig geworden. Woran könnte das liegen? Mit freundlichen Grüßen",
        "Liebe {cf}, ich bin 72 Jahre alt und koche seit Jahren nach Ihren Rezepten. {Dish_n} war wieder ein Gedicht. Herzliche Grüße aus {city}",
        "Könnten Sie bitte die Mengenangaben für {dish_a} in die Beschreibung schreiben? Ich komme im Video mit dem Mitschreiben nicht hinterher.",
        "Wie lange kann man {dish_a} einfrieren? Vielen Dank im Voraus",
        "Ich mache Ihre Rückenübungen jetzt seit drei Wochen und die Schmerzen sind deutlich besser geworden. Vielen Dank!",
        "Wo kann man {product_a} aus dem Video kaufen?",
        "Vielen Dank für Ihre tollen Videos! Wie lange muss der Teig ruhen?",
        "Sie erklären das so ruhig und verständlich, auch für uns Ältere. Könnten Sie einmal etwas {zum_device} machen?",
        "Wir waren im Mai auch {in_place}, leider hat es fast nur geregnet. Ihre Tipps nehmen wir beim nächsten Mal mit.",
        "Bei mir ist der Ton in diesem Video sehr leise, bei den anderen nicht. Liegt es an meinem Gerät?",
        "{Dish_a} aus Ihrem Video gab es bei uns am Sonntag, mein Mann hat zweimal nachgenommen. Danke!",
        "Entschuldigung, aber bei Minute 3 sagen Sie 200 Gramm, in der Beschreibung stehen 250. Was stimmt denn?",
        "Können Sie das Rezept auch für Diabetiker abwandeln? Ich darf leider keinen Zucker essen.",
        "Gibt es das Rezept auch zum Ausdrucken? Ich bin mit dem Handy nicht so fit. Gruß Renate",
        "Habe es nachgekocht ... mit etwas weniger Salz ... sehr gut geworden. Danke und Gruß aus {city}",
        "HABE DAS REZEPT NACHGEKOCHT, SCHMECKT WUNDERBAR. KANN MAN ES AUCH AM VORTAG VORBEREITEN?",
        "Sehr geehrte Damen und Herren, in Ihrem Video fehlt die Backzeit für die zweite Stufe. Könnten Sie diese bitte nachreichen?",
        "Liebe {cf}, Ihre Strickanleitung ist sehr gut erklärt, aber bei Reihe 12 komme ich nicht weiter. Wie viele Maschen müssen es sein?",
        "Guten Abend, welche Temperatur nehmen Sie bei Umluft? Mein Ofen hat keine Ober-/Unterhitze.",
        "Vielen Dank für Ihre Mühe! Könnten Sie auch einmal ein Rezept für eine kleine Portion zeigen? Ich koche nur noch für mich allein.",
        "Ich habe mir {product_a} nach Ihrem Test gekauft und bin sehr zufrieden. Nur die Lieferung hat drei Wochen gedauert.",
        "Danke für den Hinweis mit dem Backpapier, darauf wäre ich nie gekommen. Mein Kuchen klebt jetzt nicht mehr an.",
        "Liebe {cf}, meine Enkelin hat mir Ihren Kanal gezeigt. {Dish_a} haben wir zusammen gemacht, es war ein schöner Nachmittag.",
        "Wie heißt die Pflanze links im Bild? So eine suche ich schon lange für meinen Balkon.",
        "Ich bin Anfängerin mit 65 Jahren. Sind die {ex} auch mit künstlichem Kniegelenk möglich?",
        "Sie sprechen leider sehr schnell, könnten Sie Untertitel einschalten? Vielen Dank.",
        "Grüß Gott aus {city}! Bei uns heißt das Gericht anders, aber meine Mutter hat es genauso gemacht.",
        "Leider funktioniert der Link zum Rezept in Ihrer Beschreibung nicht mehr. Könnten Sie ihn bitte erneuern?",
        "Herzlichen Dank für die Anleitung! Welche Nadelstärke verwenden Sie für die Wolle?",
        "Ist die Pfanne auch spülmaschinenfest? Das konnte ich im Video nicht erkennen.",
        "Sehr schönes Video über {place_a}. Ist die Wanderung auch mit Stöcken und etwas langsamerem Tempo zu schaffen?",
        "Vielen Dank für Ihre Erklärung zum Testament, das hat mir sehr geholfen. Muss man das notariell beglaubigen lassen?",
        "Ich koche seit 50 Jahren, aber den Trick mit dem Essig kannte ich noch nicht. Vielen Dank!",
        "Guten Tag, kann man statt frischer Hefe auch Trockenhefe nehmen und wenn ja, wie viel?",
        "Mein Kuchen ist leider in der Mitte zusammengefallen. Habe ich die Ofentür zu früh geöffnet?",
        "Vielen Dank für Ihre Videos, die ich immer mit meinem Mann zusammen schaue. Könnten Sie einmal etwas über Gartenarbeit im Herbst machen?",
        "Ich finde es schade, dass Sie jetzt so viel Werbung machen. Früher waren Ihre Videos ruhiger.",
        "Wie viel Gramm sind bei Ihnen eine Tasse Mehl? Ich habe nur eine Küchenwaage.",
        "Herzlichen Dank, {dish_n} ist sehr gut gelungen! Beim nächsten Mal nehme ich etwas weniger {ingredient}.",
        "Sehr verständlich erklärt, vielen Dank. Gilt das auch für Rentner, die noch einen Minijob haben?",
        "Liebe {cf}, wie geht es Ihrem Hund nach der Operation? Wir denken an Sie beide.",
        "Ihre Anleitung für den Computer hat mir sehr geholfen. Jetzt kann ich meinen Enkeln endlich Fotos schicken!",
        "Könnten Sie bitte etwas langsamer zeigen, wie Sie den Teig falten? Ich habe es dreimal angeschaut und verstehe es nicht.",
        "Wo bekommt man {ingredient} in guter Qualität? Bei uns im Dorf gibt es das nicht.",
        "Guten Morgen, das Video kommt genau richtig, morgen haben wir Gäste. Kann man {dish_a} warmhalten?",
        "Mit freundlichen Grüßen aus {city}. Ihre Videos über {place_a} haben uns die Reiseplanung sehr erleichtert.",
        "Ich bin Ihnen sehr dankbar für das Video über Enkeltrick-Betrug, meine Nachbarin wäre beinahe darauf hereingefallen.",
    ],
    "en": [
        "Thank you for the recipe, could I use {alt2} instead of {ing}?",
        "Good afternoon, I made your {dish} but it turned out quite watery. What might I have done wrong? Kind regards",
        "Dear {cfirst}, I am 74 and have been cooking your recipes for years. The {dish} was lovely again. Warm regards from {city}",
        "Could you kindly put the quantities for the {dish} in the description? I can't write them down fast enough.",
        "How long can the {dish} be frozen? Thank you in advance.",
        "I have been doing your back exercises for three weeks and the pain is much better. Thank you!",
        "Where can one buy the {product} you use in the video?",
        "Thank you for your lovely videos! How long should the dough rest?",
        "You explain things so calmly, even for us older folks. Could you do something on the {device} one day?",
        "We were in {place} in May too, unfortunately it rained nearly the whole time. We'll use your tips next time.",
        "Excuse me, but at minute 3 you say 200 grams and the description says 250. Which is correct?",
        "Could the recipe be adapted for diabetics? I'm not allowed sugar, sadly.",
        "Is there a printable version of the recipe? I'm not very good with the phone. Regards, Margaret",
        "MADE THE RECIPE TODAY, TASTES WONDERFUL. CAN IT BE PREPARED THE DAY BEFORE?",
        "Dear {cfirst}, your knitting pattern is very clear but I'm stuck at row 12. How many stitches should there be?",
        "Good evening, what temperature do you use for a fan oven? Mine has no conventional setting.",
        "Thank you for your effort! Could you show a recipe for a small portion sometime? I only cook for myself now.",
        "Dear {cfirst}, my granddaughter showed me your channel. We made the {dish} together, it was a lovely afternoon.",
        "I'm a beginner at 66. Are the {ex} safe with a knee replacement?",
        "Unfortunately the recipe link in your description no longer works. Could you please renew it?",
        "Thank you kindly for the tutorial! Which needle size do you use for that yarn?",
        "I've been cooking for fifty years but didn't know the vinegar trick. Thank you!",
        "My cake sank in the middle, I'm afraid. Did I open the oven door too early?",
        "Many thanks, the {dish} turned out very well! Next time I'll use a little less {ingredient}.",
        "Dear {cfirst}, how is your dog after the operation? We are thinking of you both.",
        "Your computer tutorial helped me so much. Now I can finally send photos to my grandchildren!",
        "Could you please show more slowly how you fold the dough? I watched it three times and still don't understand.",
        "Thank you for the video on phone scams, my neighbour nearly fell for one last week.",
    ],
}

# @mentions of friends (adds to the older friend_tag templates).
FRIEND_TAG: dict[str, list[str]] = {
    "de": [
        "{f} 😂😂😂",
        "{f} das bist du!!",
        "{f} {f2} wer kommt mit {to_place}? 🙋‍♀️",
        "{f} bitte mach mir das zum Geburtstag 🥺",
        "{f} erinnerst du dich an unser {dish}-Desaster? 😂",
        "{f} hier ist das Rezept, von dem ich dir erzählt hab",
        "{f} schau mal ab {t}, genau unser Problem",
        "{f} guck, {product_n} in {color}!",
        "{f} Samstag? 🍰",
        "Hab's {f} geschickt, wir machen das nächste Woche zusammen",
        "{f} du wolltest doch das Rezept 😘",
        "{f} so machen wir das ab jetzt 💪",
        "Danke {f} fürs Zeigen, hätte den Kanal sonst nie gefunden",
        "{f}",
        "{f} {f2}",
        "{f} und ich nach drei Tagen {ex} 😂",
        "{f} das erklärt, warum unser Brot nie aufgeht 🙈",
        "{f} Mama, bitte nachkochen 🙏",
        "{f} nicht vergessen, du bringst den Nachtisch mit!",
        "{f} ich will auch so einen Hund 😭",
        "{f} wir brauchen {product_a}, keine Diskussion 😂",
        "{f} Urlaubsplanung erledigt: {place} ✅",
        "{f} ist das nicht der Laden bei dir um die Ecke?",
        "{f} genau das hab ich gestern gemeint 😅",
        "{f} {f2} Spieleabend mit {game}? 🎮",
    ],
    "en": [
        "{f} this is you!!",
        "{f} {f2} who's coming to {place}? 🙋‍♀️",
        "{f} please make me this for my birthday 🥺",
        "{f} remember our {dish} disaster? 😂",
        "{f} here's the recipe I told you about",
        "{f} watch from {t}, literally our problem",
        "{f} look, the {product} in {color}!",
        "{f} saturday? 🍰",
        "Sent it to {f}, we're making it together next week",
        "{f} you wanted the recipe 😘",
        "Thanks {f} for showing me, would never have found this channel",
        "{f} and me after three days of {ex} 😂",
        "{f} that explains why our bread never rises 🙈",
        "{f} mom please make this 🙏",
        "{f} don't forget you're bringing dessert!",
        "{f} we need the {product}, no discussion 😂",
        "{f} holiday sorted: {place} ✅",
    ],
}

# Questions (adds to the older question templates).
QUESTIONS: dict[str, list[str]] = {
    "de": [
        "Welche Temperatur, Ober-/Unterhitze oder Umluft?",
        "Wie heißt die Musik bei {t}?",
        "Kann man das auch in der Heißluftfritteuse machen?",
        "Wie lange hält sich {dish_n} im Glas?",
        "Welche Kamera benutzt du für die Aufnahmen?",
        "Wo bekommt man {ingredient} in Österreich?",
        "Ist {dish_n} auch für Kinder geeignet, wegen der Schärfe?",
        "Kann ich das ohne Ei machen? Meine Tochter ist allergisch",
        "Hast du einen Tipp, wie {dish_n} nicht so matschig wird?",
        "Wie schwer ist die Kettlebell in dem Video?",
        "Welche Größe hast du bei {product_d} genommen? Fällt das klein aus?",
        "Ist das dein eigener Garten? 😍",
        "Wie viel Gramm sind bei dir 'eine Tasse'?",
        "Gibt es davon auch eine vegane Variante?",
        "Woher ist das Geschirr? So schön!",
        "Hast du das Rezept schon mal mit {alt2} probiert?",
        "Wie machst du das mit dem Schneiden, ohne dass dir die Augen tränen? 😅",
        "Was kostet so eine Reise {to_place} ungefähr für zwei Personen?",
        "Lohnt sich {product_n} für Anfänger oder lieber was Günstigeres?",
        "Spielst du {game} mit Controller oder Maus?",
        "Warum nimmst du eigentlich immer {ingredient}?",
        "Kommt noch ein zweiter Teil?",
        "Wie oft pro Woche machst du die {ex}?",
        "Hast du den Rucksack schon länger? Wie hält der sich?",
        "Ab welchem Alter kann man Kindern das geben?",
    ],
    "en": [
        "What temperature, fan or conventional?",
        "What's the music at {t}?",
        "Can I make this in the air fryer?",
        "How long does the {dish} keep in a jar?",
        "Which camera do you film with?",
        "Where can I find {ingredient} in the UK?",
        "Is the {dish} ok for kids, spice wise?",
        "Can I make it without egg? My daughter is allergic",
        "Any tips so the {dish} doesn't get mushy?",
        "How heavy is the kettlebell in this video?",
        "What size did you get in the {product}? Does it run small?",
        "Is that your own garden? 😍",
        "Is there a vegan version of this?",
        "Where's the tableware from? So pretty!",
        "Have you ever tried it with {alt2}?",
        "How much would a trip to {place} cost for two roughly?",
        "Is the {product} worth it for beginners or should I get something cheaper?",
        "Do you play {game} with controller or mouse?",
        "Is there going to be a part two?",
        "How many times a week do you do the {ex}?",
    ],
}

# Links and shops the viewer found or compares with (not offers).
RECIPE_LINK: dict[str, list[str]] = {
    "de": [
        "Hab's mit dem Rezept von {site} verglichen, bei dir ist viel weniger Zucker drin 👍",
        "Die Form gibt es übrigens günstig bei {shop}, hab meine auch da her",
        "Für alle, die das Rezept suchen: steht auf ihrem Blog unter {site}/{slug}",
        "Ähnliches Rezept gibt's auf {site}, aber deins ist einfacher",
        "Falls jemand die Gewürzmischung sucht: gibt's bei {shop} im Onlineshop",
        "Hab das Rezept meiner Oma mal abgetippt: {site}/{slug} – ist fast wie deins 😊",
        "Im Video sagst du 200 g, auf deinem Blog stehen 250 g, was stimmt denn?",
        "Bei {shop} gibt's {product_a} gerade im Angebot, falls jemand sucht",
        "Der Link in der Beschreibung führt auf eine Fehlerseite, hier ist der richtige: {site}/{slug}",
        "Ich hab die Nährwerte mal ausgerechnet, sind ca. 450 kcal pro Portion",
        "Tahin bekommt man viel günstiger im türkischen Supermarkt, muss nicht aus dem Bioladen sein",
        "Auf {site} steht, man soll den Teig über Nacht gehen lassen. Macht das einen Unterschied?",
        "Die Pfanne ist bei {shop} gerade ausverkauft, hat jemand eine Alternative?",
        "Hab den gleichen Mixer vom Flohmarkt für 15 € 😂 funktioniert super",
        "Die Backmatte hab ich bei {shop} gefunden, war nicht teuer",
        "Kleiner Tipp: auf {site} gibt's eine Umrechnungstabelle für Tassen in Gramm",
        "Das Originalrezept ist aus einem alten Kochbuch meiner Mutter, da kommt noch Zitronenabrieb rein",
        "Ich hab das Rezept auf {site} gespeichert, damit ich es beim Einkaufen dabeihabe",
        "Das Garn gibt's bei {shop}, die haben auch die Farbe aus dem Video",
        "Zum Vergleich hab ich auch das Rezept von {site} gebacken, deins war saftiger",
        "Den Stoff hab ich bei {shop} bestellt, kam in zwei Tagen",
        "Auf deiner Website ist bei der Zutatenliste das Salz vergessen worden",
        "Danke für den Link zum Gemüsehobel! Hab ihn mir bei {shop} geholt",
        "Wusste gar nicht, dass du auch einen Blog hast, hab gerade {dish_a} auf {site} entdeckt",
        "Die gleiche Lampe gibt's im Baumarkt für die Hälfte 😉",
        "Schade, dass der Rabattcode bei {shop} nicht mehr geht",
        "Das Buch aus dem Video hab ich in der Stadtbücherei ausgeliehen, ist echt gut",
        "Hier noch der Link zur Anleitung, die ich benutzt hab: {site}/{slug}",
    ],
    "en": [
        "Compared it with the recipe on {site}, yours has way less sugar 👍",
        "You can get the tin cheap at {shop} by the way, that's where mine is from",
        "For anyone looking for the recipe: it's on her blog at {site}/{slug}",
        "There's a similar recipe on {site} but yours is easier",
        "If anyone's looking for the spice mix: {shop} has it online",
        "Typed up my gran's version: {site}/{slug} – almost the same as yours 😊",
        "In the video you say 200g but your blog says 250g, which is it?",
        "{shop} has the {product} on sale right now if anyone's looking",
        "The link in the description is broken, here's the right one: {site}/{slug}",
        "I worked out the nutrition, about 450 kcal per serving",
        "You can get tahini much cheaper at the Turkish grocery, doesn't have to be the health food shop",
        "The pan is sold out at {shop}, anyone know an alternative?",
        "Got the same blender at a car boot sale for a tenner 😂 works great",
        "Tip: {site} has a conversion chart for cups to grams",
        "The original recipe is from my mum's old cookbook, it also has lemon zest",
        "Baked the {site} version too to compare, yours was moister",
        "Ordered the fabric from {shop}, arrived in two days",
        "Your website's ingredient list forgot the salt",
        "Didn't know you had a blog, just found the {dish} on {site}",
        "Borrowed the book from the video at my local library, really good",
        "Shame the discount code for {shop} doesn't work anymore",
        "Here's the pattern I used: {site}/{slug}",
    ],
}

# Genuine talk about giveaways, scams, crypto and betting as topics.
TOPIC_TALK: dict[str, list[str]] = {
    "de": [
        "Diese Casino-Werbung unter jedem Video nervt",
        "Achtung Leute, die Kommentare mit der angeblichen Trading-Expertin sind Betrug! Nicht anschreiben",
        "Bitte meldet die Fake-Accounts, die behaupten, man hätte gewonnen. {cname} schreibt euch nie auf Telegram!",
        "Wer fällt eigentlich auf diese Slot-Werbung rein? 😂",
        "Ich hab 2021 in Bitcoin investiert und die Hälfte verloren, also Vorsicht mit solchen Versprechen",
        "Kannst du mal ein Video über Krypto-Betrug machen? Mein Onkel ist auf so eine 'Beraterin' reingefallen",
        "Wann wird der Gewinner vom Gewinnspiel bekannt gegeben? 🤞",
        "Hab beim Gewinnspiel mitgemacht, drückt mir die Daumen 😅",
        "Glückwunsch an die Gewinnerin vom Gewinnspiel! Nächstes Mal hab ich hoffentlich Glück",
        "Mir hat gerade ein Account geschrieben, dass ich gewonnen hab, ist das wirklich von dir? Kommt mir komisch vor",
        "Die Bots mit den Erdbeer-Emojis sind echt überall 🙄",
        "Sportwetten-Werbung vor einem Kochvideo, YouTube hat sie nicht mehr alle",
        "Schade, dass du jetzt Werbung für Glücksspiel machst, das finde ich nicht okay",
        "Mein Bruder hat durch Online-Casinos richtig Schulden gemacht, bitte lasst die Finger davon",
        "Warum sind die Kommentare voller Leute, die irgendeine Frau loben, die angeblich Geld verdoppelt? So offensichtlich Bots 😂",
        "Ernst gemeinte Frage: Lohnt sich ein ETF-Sparplan oder lieber Tagesgeld?",
        "Ich arbeite bei einer Bank und kann nur sagen: niemand verdoppelt euer Geld in einer Woche",
        "Wer hat denn beim Gewinnspiel gewonnen? Steht das in der Story?",
        "Danke für das Gewinnspiel, tolle Aktion! Ich hab meine Freundin markiert 🥰",
        "Kommentare ausschalten wäre echt besser, hier ist nur noch Spam mit Telegram-Nummern",
        "Die Fake-Gewinnspiele unter deinen Videos werden immer mehr, kannst du die nicht filtern?",
        "Mein Papa hat fast 3000 € an so eine WhatsApp-Anlageberaterin überwiesen 😢 zum Glück hat die Bank es gestoppt",
        "Ist das Gewinnspiel auch für Österreich?",
        "Haha die Kommentare mit 'gacor' und 'maxwin' verstehe ich nicht, was soll das überhaupt heißen?",
        "Meldet die Slot-Kommentare einfach, dann verschwinden sie irgendwann",
        "Das Video über Kryptowährungen war echt gut erklärt, endlich versteh ich, was eine Wallet ist",
        "Ich finde es gut, dass du klar sagst, dass du nie jemanden privat wegen Gewinnen anschreibst",
        "Lotto spiele ich seit 20 Jahren und hab noch nie mehr als 50 € gewonnen 😂",
        "Hat jemand von euch schon mal bei so einer Telegram-Gewinn-Nachricht geantwortet? Was passiert dann?",
        "Die Verlosung ist doch schon vorbei, oder? Hab den Post zu spät gesehen",
        "Ich hoffe, die Gewinnerin freut sich über den Thermomix 😍",
        "Dieses ganze 'finanziell frei mit Trading' Zeug ist so gefährlich für junge Leute",
        "Kurze Warnung: es gibt einen Fake-Account von {cname} mit Unterstrich am Ende, der Leute anschreibt",
        "Die Wettwerbung bei der Fußball-Übertragung ist mittlerweile schlimmer als das Spiel 🙄",
        "Ich habe mal 20 € in einen Coin gesteckt, den alle gehypt haben. Jetzt ist er 3 € wert 😂",
        "Gewinnspiele mit 'teile und markiere 5 Freunde' mache ich aus Prinzip nicht mehr mit",
        "Unter jedem Video dieselben Kommentare mit Erdbeeren und Kirschen, wer programmiert sowas? 🤔",
        "Mein Nachbar wurde von einer 'Krypto-Beraterin' auf Telegram abgezockt, die Polizei kann nichts machen",
        "Die ganzen Kommentare über {expert} sind Fake, das ist immer dieselbe Masche. Bitte nicht anschreiben!",
        "Wer meldet mal die Kommentare mit {bp}? Das ist illegales Glücksspiel",
        "Lol, unter deinem Video wirbt jemand für {bp} 😂 die Bots werden immer dreister",
        "Ich hab bei deinem Gewinnspiel letztes Jahr wirklich die Kamera gewonnen, also an alle Zweifler: das ist echt 😊",
        "Gibt es beim Gewinnspiel auch einen zweiten Preis oder nur den einen?",
        "Mir hat jemand mit deinem Profilbild auf Telegram geschrieben und wollte 50 € 'Versandgebühr'. Bitte warn die Leute!",
        "Spannendes Video über Aktien! Wie viel Prozent würdest du als Anfänger in ETFs stecken?",
        "Meine Oma bekommt ständig Anrufe, sie hätte im Lotto gewonnen. Schlimm, wie die ältere Leute abzocken",
        "Warum antwortet hier jeder auf den Kommentar mit der Trading-Frau 'sie hat mein Leben verändert'? Das sind doch alles dieselben Bots",
        "Habe gerade {cname}s Story gesehen: der echte Account schreibt niemals zuerst. Danke für die Warnung!",
    ],
    "en": [
        "These casino ads under every video are so annoying",
        "Heads up, the comments about the so-called trading expert are a scam! Don't message them",
        "Please report the fake accounts saying you've won. {cname} will never message you on Telegram!",
        "Who actually falls for these slot ads? 😂",
        "I put money into bitcoin in 2021 and lost half, so be careful with those promises",
        "Could you do a video on crypto scams? My uncle fell for one of those 'advisors'",
        "When is the giveaway winner announced? 🤞",
        "Entered the giveaway, fingers crossed 😅",
        "Congrats to the giveaway winner! Hopefully I'm lucky next time",
        "Someone just messaged me saying I won, is that really you? Seems sketchy",
        "The bots with the strawberry emojis are literally everywhere 🙄",
        "Betting ads before a cooking video, YouTube has lost it",
        "Sad to see you promoting gambling now, not ok imo",
        "My brother got into serious debt through online casinos, please stay away from it",
        "Why is the comment section full of people praising some woman who doubles your money? So obviously bots 😂",
        "Genuine question: index fund or high yield savings?",
        "I work at a bank and trust me: nobody doubles your money in a week",
        "Thanks for the giveaway, such a nice idea! Tagged my best friend 🥰",
        "Turning off comments would honestly be better, it's just spam with Telegram numbers now",
        "My dad almost wired $3,000 to a WhatsApp 'investment advisor' 😢 luckily the bank stopped it",
        "Is the giveaway open internationally?",
        "Lol I don't understand the comments with 'gacor' and 'maxwin', what does that even mean?",
        "Your crypto explainer was great, I finally get what a wallet is",
        "Love that you say clearly you'll never DM anyone about winning",
        "Has anyone ever replied to one of those Telegram 'you won' messages? What happens?",
        "Quick warning: there's a fake {cname} account with an underscore at the end messaging people",
        "Same comments with strawberries and cherries under every video, who builds these bots? 🤔",
        "My neighbour got scammed by a 'crypto advisor' on Telegram and the police can't do anything",
        "All these comments about {expert} are fake, it's always the same trick. Please don't message them!",
        "Can someone report the {bp} comments? It's illegal gambling",
        "Lol someone's advertising {bp} under your video 😂 the bots get bolder every day",
        "I actually won the camera in your giveaway last year, so to the doubters: it's real 😊",
        "Someone with your profile picture messaged me on Telegram asking for a $50 'shipping fee'. Please warn people!",
        "Why does everyone reply 'she changed my life' to the trading lady comment? They're all the same bots",
        "Interesting video on stocks! How much would you put into index funds as a beginner?",
    ],
}

# Congratulations to the creator (not the giveaway-scam "you won").
CONGRATS: dict[str, list[str]] = {
    "de": [
        "Glückwunsch zu {n}! 🎉",
        "Glückwunsch zu {n} Abonnenten, hast du dir so verdient 🥳",
        "Herzlichen Glückwunsch zur Hochzeit 💍💕",
        "Alles Gute zum Geburtstag, {cfirst}! 🥳🎂",
        "Herzlichen Glückwunsch zum Baby!! 👶💙 Wie heißt er?",
        "Glückwunsch zum eigenen Kochbuch! Ist schon vorbestellt 📚",
        "Wahnsinn, schon {n} 🥳 Ich bin seit 2k dabei!",
        "Glückwunsch zur bestandenen Prüfung 🎓 du hast so hart dafür gearbeitet",
        "Herzlichen Glückwunsch zum Marathon-Finish!! 🏃‍♀️ 3:45 ist richtig stark",
        "Glückwunsch zur neuen Wohnung 🏡 die Küche ist ein Traum",
        "Glückwunsch zum Award!! 🏆 Absolut verdient",
        "Herzlichen Glückwunsch zur Verlobung 💍😍 das Video hat mich zum Weinen gebracht",
        "Glückwunsch zum eigenen Laden! Wir kommen bestimmt mal vorbei, wenn wir {in_place} sind",
        "Alles Liebe zum Jahrestag euch beiden 💕",
        "Happy Birthday {cfirst}! 🎂 Auf viele weitere Jahre mit deinen Videos",
        "Glückwunsch zum fünfjährigen Kanal-Jubiläum 🎉 Ich weiß noch, wie du mit {dish_d} angefangen hast",
        "Herzlichen Glückwunsch zur Meisterprüfung! 👏",
        "Glückwunsch zum Sieg beim Turnier 🏆 das letzte Spiel war so spannend",
        "Glückwunsch, dass du den Kredit für die Bäckerei bekommen hast! 🥐",
        "Wow, Glückwunsch zur Nominierung! 🤞",
        "Herzlichen Glückwunsch zu {n}, du hast es so verdient ❤️",
        "Glückwunsch zum ersten Platz beim Backwettbewerb 🥇 die Torte sah unglaublich aus",
        "Herzlichen Glückwunsch zur Geburt eurer Tochter 🎀 alles Gute für die erste Zeit zu dritt",
        "Gratuliere zum Umzug {to_place}! Bin gespannt auf die neuen Videos",
    ],
    "en": [
        "Congrats on {n}! 🎉",
        "Congrats on {n} subs, you deserve it so much 🥳",
        "Congratulations on the wedding 💍💕",
        "Happy birthday {cfirst}! 🥳🎂",
        "Congrats on the baby!! 👶💙 What's his name?",
        "Congrats on the cookbook! Already pre-ordered 📚",
        "Wow, {n} already 🥳 been here since 2k!",
        "Congrats on passing your exam 🎓 you worked so hard for it",
        "Congratulations on finishing the marathon!! 🏃‍♀️ 3:45 is so strong",
        "Congrats on the new place 🏡 the kitchen is a dream",
        "Congrats on the award!! 🏆 Totally deserved",
        "Congratulations on the engagement 💍😍 that video made me cry",
        "Congrats on opening your own shop! We'll visit when we're in {place}",
        "Happy anniversary to you both 💕",
        "Congrats on five years of the channel 🎉 I still remember when you started with the {dish}",
        "Congrats on winning the tournament 🏆 that last game was so tense",
        "Congratulations on the nomination! 🤞",
        "Congrats on first place at the bake off 🥇 that cake looked unreal",
        "Congratulations on the birth of your daughter 🎀 all the best for the first weeks",
        "Congrats on the move to {place}! Excited for the new videos",
    ],
}

# Short human praise close to the llm_praise line: without the signature it stays generic.
GENERIC_NEAR_LINE: dict[str, list[str]] = {
    "de": ["Danke für deine Mühe", "Sehr informativ", "Danke für das Video", "Super erklärt", "Tolle Inhalte",
           "Deine Videos sind toll", "Du bist toll", "Sehr hilfreich", "Danke für deine Arbeit", "Wie immer super"],
    "en": ["Thanks for your effort", "Very informative", "Thanks for the video", "Well explained", "Love your videos",
           "You're awesome", "Very helpful", "Thanks for your hard work", "Great as always"],
}


def _llm(rng: random.Random, text: str, lang: str) -> str:
    return _signed(rng, _polished(rng, text, lang))


def _plain(rng: random.Random, text: str, lang: str) -> str:
    return _casual(rng, text, lang)


def _reply(rng: random.Random, text: str, lang: str) -> str:
    """Chains and impersonators answer other comments: often a YouTube reply prefix."""
    text = _scammy(rng, text, lang)
    return _reply_prefix(rng) + text if rng.random() < 0.35 else text


# (kind, label, skeletons per language, styling, rows drawn per skeleton for de/en, for other languages)
NEW_KINDS: list[tuple[str, str, dict[str, list[str]], Callable[[random.Random, str, str], str], int, int]] = [
    ("llm_praise", "bot_like", LLM_PRAISE, _llm, 6, 4),
    ("gambling", "bot_like", GAMBLING, _gambling, 6, 0),
    ("crypto_chain", "bot_like", CRYPTO_CHAIN, _reply, 5, 0),
    ("impersonation", "bot_like", IMPERSONATION, _reply, 5, 0),
    ("follow_bait", "bot_like", FOLLOW_BAIT, _casual, 5, 0),
    ("self_promo", "bot_like", {"de": SELF_PROMO_DE}, _casual, 3, 0),
    ("discussion", "genuine", {"de": DISCUSSION_DE}, _casual, 3, 0),
    ("emoji_fan", "genuine", EMOJI_FAN_COMMENTS, _fan, 5, 0),
    ("formal_genuine", "genuine", FORMAL_GENUINE, _plain, 4, 0),
    ("friend_tag", "genuine", FRIEND_TAG, _casual, 4, 0),
    ("question", "genuine", QUESTIONS, _casual, 3, 0),
    ("recipe_link", "genuine", RECIPE_LINK, _casual, 4, 0),
    ("topic_talk", "genuine", TOPIC_TALK, _casual, 4, 0),
    ("congrats", "genuine", CONGRATS, _fan, 4, 0),
]


def new_kind_rows(seed: int = SEED) -> list[tuple[str, str, str, str, str]]:
    """Rows (text, label, language, kind, template_id) of the 2024-25 kinds; one random stream per block."""
    out: list[tuple[str, str, str, str, str]] = []
    for kind, label, skeletons, style, per_main, per_other in NEW_KINDS:
        for lang, items in skeletons.items():
            rng = random.Random(f"{seed}:{kind}:{lang}")
            per = per_main if lang in ("de", "en") else per_other
            for i, skeleton in enumerate(items):
                tid = f"{lang}-{kind}-{i:03d}"
                for _ in range(per):
                    out.append((style(rng, skeleton.format(**_values(rng, lang)), lang), label, lang, kind, tid))
    for lang, phrases in GENERIC_NEAR_LINE.items():
        rng = random.Random(f"{seed}:generic_near_line:{lang}")
        for i, phrase in enumerate(phrases):
            for text in _generic_variants(rng, phrase, 4):
                out.append((text, "generic", lang, "generic_praise", f"{lang}-generic-near-{i:02d}"))
    return out


def written_rows(path: Path = WRITTEN) -> list[tuple[str, str, str, str, str]]:
    """Rows (text, label, language, kind, template_id) of the individually written comments.

    ``written_comments.txt`` holds one comment per line under section headers
    ``== <language> <label> <kind>``; text before the first header is a preamble.
    Each line is its own template id (``de-w-discussion-007``, numbered per
    language and kind in file order) and becomes exactly one row: no slots, no
    variation, so the test split holds comments that were never seen in training.
    """
    out: list[tuple[str, str, str, str, str]] = []
    section: tuple[str, str, str] | None = None
    numbers: Counter[tuple[str, str]] = Counter()
    kind_labels: dict[str, str] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("=="):
            parts = line[2:].split()
            if len(parts) != 3 or parts[1] not in PER_TEMPLATE:
                raise ValueError(f"{path.name}:{line_no}: bad section header {line!r}; expected "
                                 f"'== <language> <label> <kind>' with a label from {sorted(PER_TEMPLATE)}")
            lang, label, kind = parts
            if kind_labels.setdefault(kind, label) != label:
                raise ValueError(f"{path.name}:{line_no}: kind {kind!r} is {kind_labels[kind]!r} above, not {label!r}")
            section = (lang, label, kind)
            continue
        text = line.strip()
        if not text or section is None:
            continue
        lang, label, kind = section
        tid = f"{lang}-w-{kind}-{numbers[(lang, kind)]:03d}"
        numbers[(lang, kind)] += 1
        out.append((text, label, lang, kind, tid))
    return out


def build_rows(seed: int = SEED) -> list[dict[str, str]]:
    """Return the dataset rows (deterministic for a seed)."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []

    def add(text: str, label: str, lang: str, kind: str, tid: str) -> None:
        rows.append({"text": " ".join(text.split()), "label": label, "language": lang, "kind": kind,
                     "template_id": tid, "split": "test" if _test_split(tid) else "train"})

    for lang, kinds in BOT.items():
        for kind, templates in kinds.items():
            for i, tpl in enumerate(templates):
                tid = f"{lang}-bot-{kind}-{i:02d}"
                for _ in range(round(PER_TEMPLATE["bot_like"] * LANG_FACTOR[lang])):
                    add(_augment(rng, _fill(rng, tpl, lang), "bot_like"), "bot_like", lang, kind, tid)
    for lang, kinds in GENUINE.items():
        for kind, templates in kinds.items():
            for i, tpl in enumerate(templates):
                tid = f"{lang}-gen-{kind}-{i:02d}"
                for _ in range(round(PER_TEMPLATE["genuine"] * LANG_FACTOR[lang])):
                    add(_augment(rng, _fill(rng, tpl, lang), "genuine"), "genuine", lang, kind, tid)
    for lang, phrases in GENERIC.items():
        for i, phrase in enumerate(phrases):
            tid = f"{lang}-generic-{i:02d}"
            for text in _generic_variants(rng, phrase, 5 if lang in {"de", "en"} else 6):
                add(text, "generic", lang, "generic_praise", tid)
    for lang, labels in INDIVIDUAL.items():
        for label, kinds in labels.items():
            for kind, comments in kinds.items():
                for i, text in enumerate(comments):
                    tid = f"{lang}-ind-{label}-{kind}-{i:02d}"
                    add(text, label, lang, kind, tid)
                    for _ in range(3 if label == "bot_like" else 2):
                        add(_augment(rng, text, label), label, lang, kind, tid)
    for i, (text, label, kind) in enumerate(MIXED):
        tid = f"mixed-{i:02d}"
        add(text, label, "de", kind, tid)
        add(_augment(rng, text, label), label, "de", kind, tid)
    for text, label, lang, kind, tid in new_kind_rows(seed):
        add(text, label, lang, kind, tid)
    for text, label, lang, kind, tid in written_rows():
        add(text, label, lang, kind, tid)

    # Drop exact duplicates; a text may live in one split only.
    seen: dict[str, str] = {}
    unique = []
    for row in rows:
        key = row["text"].casefold()
        if key in seen:
            continue
        seen[key] = row["split"]
        unique.append(row)
    return unique


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "label", "language", "kind", "template_id", "split"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
