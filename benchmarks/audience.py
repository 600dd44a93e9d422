"""Speed of the audience stage: language_profile + comment_evidence on synthetic comments.

    python benchmarks/audience.py [--creators 500] [--comments 500]

Prints comments/s for each part and together (profile loading excluded, reported separately).
Texts are generated from German, English, French and Spanish word pools so that almost every text is
unique (the per-text caches do not flatter the figure); a share is emoji-only or short, some are
copy-pasta, some creators have pods and bursts.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from crawler.timeutil import format_z
from vetting.evidence import CommentRecord, comment_evidence
from vetting.language import detect_language, language_profile

_VOCABULARY = {
    "de": "das ist wirklich so lecker und ich werde es am wochenende mit meiner familie nachkochen danke für "
          "das tolle rezept wie lange muss es in den ofen kann man auch hafermilch nehmen",
    "en": "this looks really amazing and i will cook it this weekend with my family thanks for the great "
          "recipe how long does it stay in the oven can you use oat milk instead",
    "fr": "c'est vraiment délicieux et je vais le cuisiner ce week-end avec ma famille merci pour cette "
          "super recette combien de temps au four peut-on utiliser du lait d'avoine",
    "es": "esto se ve realmente delicioso y lo voy a cocinar este fin de semana con mi familia gracias por "
          "la receta cuánto tiempo en el horno se puede usar leche de avena",
}
POOLS = {lang: words.split() for lang, words in _VOCABULARY.items()}
SHORT = ["🔥🔥🔥", "nice!", "😍", "wow 👏", "so good", "Toll!", "@friend look"]
SPAM = "Amazing content!! Check out my page for more tips and giveaways"


def generate(n_creators: int, n_comments: int, seed: int = 1) -> list[tuple[list[CommentRecord], dict[str, str]]]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    data = []
    for c in range(n_creators):
        n_posts = 12
        posted = {f"c{c}p{p}": start + timedelta(days=3 * p) for p in range(n_posts)}
        posts = {pid: format_z(at, "seconds") for pid, at in posted.items()}
        post_ids = list(posts)
        main = rng.choice(list(POOLS))
        podded = c % 5 == 0
        rows = []
        for i in range(n_comments):
            pid = post_ids[i % n_posts]
            roll = rng.random()
            if roll < 0.25:
                text = rng.choice(SHORT)
            elif roll < 0.30:
                text = SPAM
            else:
                lang = main if rng.random() < 0.7 else rng.choice(list(POOLS))
                text = " ".join(rng.sample(POOLS[lang], rng.randint(4, 12))).capitalize()
            author = f"pod{i % 8}" if podded and i % 4 == 0 else f"a{c}-{rng.randrange(10_000)}"
            minutes = rng.expovariate(1 / (5 if podded else 180))
            created = format_z(posted[pid] + timedelta(minutes=minutes), "seconds")
            rows.append(CommentRecord(
                comment_id=f"c{c}k{i}", post_id=pid, author_key=author, text=text, created_at=created,
                author_is_creator=False, author_is_bot_account=rng.random() < 0.01,
                bot_probability=rng.random() ** 3, generic=roll < 0.2))
        data.append((rows, posts))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=500)
    parser.add_argument("--comments", type=int, default=500)
    args = parser.parse_args()

    t = time.perf_counter()
    data = generate(args.creators, args.comments)
    print(f"generated {args.creators} creators x {args.comments} comments in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    detect_language("Profile loading is excluded from the figures below")
    print(f"langdetect profiles loaded in {time.perf_counter() - t:.2f} s")

    total = args.creators * args.comments
    t = time.perf_counter()
    for rows, _ in data:
        language_profile([r.text for r in rows])
    lang_s = time.perf_counter() - t
    t = time.perf_counter()
    for rows, posts in data:
        comment_evidence(rows, posts)
    ev_s = time.perf_counter() - t
    print(f"language_profile : {total / lang_s:>10,.0f} comments/s ({lang_s:.2f} s)")
    print(f"comment_evidence : {total / ev_s:>10,.0f} comments/s ({ev_s:.2f} s)")
    print(f"together         : {total / (lang_s + ev_s):>10,.0f} comments/s ({lang_s + ev_s:.2f} s)")


if __name__ == "__main__":
    main()
