# ruff: noqa: E501  (hand-written comment lists read best one per line)
"""Generate creatorscout's multilingual labelled comment set (deterministic).

Run from anywhere: ``python models/bot_comments/data/make_dataset.py``.
Writes ``comments.csv`` (text,label,language,kind,template_id,split) beside
this file. Every row comes from the hand-written templates and individual
comments below (no real people's data; handles, shops and links are
invented). Each template or individual comment has an id; about one id in
four goes to the ``test`` split, so the test split is template-disjoint.
See LABEL_GUIDE.md for the label definitions.
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent
OUT = HERE / "comments.csv"

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
    return rng.choice(URL_FORMS).format(r=r, b=b, d=str(rng.randint(10**10, 10**11)))


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
            "Looking for a side job? Up to {a1} a week, text me on WhatsApp +1 {d1} {d2}",
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
                  d1=str(rng.randint(50, 79)), d2=str(rng.randint(1000000, 9999999)))
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
